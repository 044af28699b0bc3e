//! Query strings and form bodies, decoded strictly: invalid percent-encoding or
//! invalid UTF-8 is an error naming the parameter, never a silent replacement.

use crate::error::ApiError;
use chrono::{NaiveDate, NaiveDateTime};
use std::str::FromStr;

pub const MAX_PARAM: usize = 1_000;

/// The wire name of a serde-named enum value (`Tier::LocalArea` → `local_area`).
pub fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[derive(Debug, Default, Clone)]
pub struct Params(Vec<(String, String)>);

fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

impl Params {
    pub fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        Params::parse_up_to(raw, MAX_PARAM)
    }

    /// Like [`Params::parse`], with values up to `max` characters (a form's longer text).
    pub fn parse_up_to(raw: Option<&str>, max: usize) -> Result<Params, ApiError> {
        let mut params = Vec::new();
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key).ok_or_else(|| {
                ApiError::bad_parameter("(name)", "a parameter name is not valid percent-encoded UTF-8")
            })?;
            let value = decode(value)
                .ok_or_else(|| ApiError::bad_parameter(&key, "the value is not valid percent-encoded UTF-8"))?;
            if value.chars().count() > max {
                return Err(ApiError::bad_parameter(&key, format!("longer than {max} characters")));
            }
            params.push((key, value));
        }
        Ok(Params(params))
    }

    /// The value of a parameter; empty values count as missing.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// Every name and value, in order.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        Params(pairs)
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn all(&self, key: &str) -> impl Iterator<Item = &str> {
        self.0.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Refuse parameters not in `known` (typos must not silently widen a search).
    pub fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        match self.0.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            Some((k, _)) => Err(ApiError::bad_parameter(k, format!("unknown parameter; known: {}", known.join(", ")))),
            None => Ok(()),
        }
    }

    pub fn parsed<T: FromStr>(&self, key: &str, what: &str) -> Result<Option<T>, ApiError> {
        self.get(key)
            .map(|v| v.parse::<T>().map_err(|_| ApiError::bad_parameter(key, format!("{v:?} is not {what}"))))
            .transpose()
    }

    pub fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.parsed::<usize>(key, "a whole number")? {
            None => Ok(default),
            Some(n) if (1..=max).contains(&n) => Ok(n),
            Some(n) => Err(ApiError::bad_parameter(key, format!("{n} is outside 1..={max}"))),
        }
    }

    pub fn date(&self, key: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.parsed(key, "a date YYYY-MM-DD")
    }

    pub fn local_time(&self, key: &str) -> Result<Option<NaiveDateTime>, ApiError> {
        self.get(key)
            .map(|v| {
                NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
                    .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
                    .map_err(|_| ApiError::bad_parameter(key, format!("{v:?} is not a local time YYYY-MM-DDTHH:MM")))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_and_refuses_bad_utf8() {
        let p = Params::parse(Some("q=hemv%C3%A5rd+porvoo&page=2&empty=")).unwrap();
        assert_eq!(p.get("q"), Some("hemvård porvoo"));
        assert_eq!(p.get("empty"), None);
        assert_eq!(p.number("page", 1, 10).unwrap(), 2);
        let err = Params::parse(Some("q=%FF%FE")).unwrap_err();
        assert_eq!(err.details[0].field, "q");
        assert!(Params::parse(Some("q=%G1")).is_err());
        assert!(Params::parse(Some("q=%")).is_err());
        assert!(p.number("page", 1, 1).is_err());
        assert!(p.only(&["q"]).is_err());
    }

    proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,200}") {
            if let Ok(p) = Params::parse(Some(&raw)) {
                let _ = p.number("page", 1, 100);
                let _ = p.date("on");
                let _ = p.local_time("open_at");
            }
        }

        #[test]
        fn round_trips_percent_encoding(value in "\\PC{0,50}") {
            let encoded: String = value.bytes().map(|b| format!("%{b:02X}")).collect();
            let p = Params::parse(Some(&format!("q={encoded}"))).unwrap();
            prop_assert_eq!(p.get("q").unwrap_or(""), value.trim());
        }
    }
}
