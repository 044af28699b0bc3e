//! Streaming over the objects of a JSON document without holding it whole:
//! a top-level array, PTV's paged `{"itemList": [...]}`, or one object. Only
//! one object is in memory at a time; nesting deeper than serde_json's limit
//! (128) is refused with its line and column.

use std::fmt;
use std::io::Read;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Where reading stopped and why (the document is at fault: a user error).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct StreamError {
    /// The item being read (`$[3]`), or `$` before the first.
    pub path: String,
    pub message: String,
}

struct Items<'f, F> {
    f: &'f mut F,
    count: &'f mut usize,
}

impl<'de, F: FnMut(usize, Value)> Visitor<'de> for Items<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects, an object with `itemList`, or one object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            (self.f)(*self.count, v);
            *self.count += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut rest = serde_json::Map::new();
        let mut listed = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "itemList" {
                map.next_value_seed(ItemsSeed { f: &mut *self.f, count: &mut *self.count })?;
                listed = true;
            } else {
                rest.insert(key, map.next_value::<Value>()?);
            }
        }
        if !listed {
            (self.f)(*self.count, Value::Object(rest));
            *self.count += 1;
        }
        Ok(())
    }
}

struct ItemsSeed<'f, F> {
    f: &'f mut F,
    count: &'f mut usize,
}

impl<'de, F: FnMut(usize, Value)> DeserializeSeed<'de> for ItemsSeed<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Items { f: self.f, count: self.count })
    }
}

/// Calls `f(index, object)` for every object, in order; returns how many.
pub fn for_each<R: Read>(reader: R, mut f: impl FnMut(usize, Value)) -> Result<usize, StreamError> {
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(1 << 16, reader));
    let mut count = 0usize;
    let result = de.deserialize_any(Items { f: &mut f, count: &mut count }).and_then(|()| de.end());
    result.map(|()| count).map_err(|e| StreamError {
        path: if count == 0 && e.line() <= 1 && e.column() <= 1 { "$".into() } else { format!("$[{count}]") },
        message: describe(&e),
    })
}

fn describe(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "the file ends in the middle (truncated?)".to_owned(),
        Category::Syntax if e.to_string().contains("recursion limit") => {
            "nested too deeply (over 128 levels)".to_owned()
        }
        Category::Syntax => format!("not valid JSON ({})", strip_position(&e.to_string())),
        Category::Data => format!("unexpected content ({})", strip_position(&e.to_string())),
        Category::Io => format!("cannot read ({e})"),
    };
    format!("{what} at line {}, column {}", e.line(), e.column())
}

fn strip_position(s: &str) -> String {
    s.split(" at line ").next().unwrap_or(s).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(s: &str) -> Result<Vec<Value>, StreamError> {
        let mut out = Vec::new();
        for_each(s.as_bytes(), |_, v| out.push(v))?;
        Ok(out)
    }

    #[test]
    fn shapes_and_errors() {
        assert_eq!(collect(r#"[{"a":1},{"a":2}]"#).unwrap().len(), 2);
        assert_eq!(collect(r#"{"pageNumber":1,"itemList":[{"a":1}],"pageCount":1}"#).unwrap().len(), 1);
        assert_eq!(collect(r#"{"id":"x"}"#).unwrap(), vec![serde_json::json!({"id":"x"})]);
        let e = collect(r#"[{"a":1},{"a":"#).unwrap_err();
        assert_eq!(e.path, "$[1]");
        assert!(e.message.contains("truncated"), "{e}");
        let deep = "[".repeat(5000) + &"]".repeat(5000);
        let e = collect(&deep).unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{e}");
        let e = collect("[1] x").unwrap_err();
        assert!(e.message.contains("not valid JSON"), "{e}");
    }
}
