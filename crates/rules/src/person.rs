//! One person's facts, as the engine reads them.

use domain::validate::Problem;
use serde_json::{Map, Value as Json};

use crate::error::RulesError;
use crate::facts::{FACT_COUNT, Fact, Kind};

/// A known value of a fact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Number(f32),
    Flag(bool),
    Choice(u16),
    /// The fact does not apply (the youngest child's age in a household
    /// without children): comparisons with it are false.
    NotApplicable,
}

/// A person's facts; `None` is unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    values: [Option<Value>; FACT_COUNT],
}

impl Default for Person {
    fn default() -> Person {
        Person { values: [None; FACT_COUNT] }
    }
}

impl Person {
    pub fn get(&self, fact: Fact) -> Option<Value> {
        self.values[fact.index()]
    }

    pub fn set(&mut self, fact: Fact, value: Option<Value>) {
        self.values[fact.index()] = value;
    }

    pub fn with(mut self, fact: Fact, value: Value) -> Person {
        self.set(fact, Some(value));
        self
    }

    pub fn number(&self, fact: Fact) -> Option<f32> {
        match self.get(fact) {
            Some(Value::Number(x)) => Some(x),
            _ => None,
        }
    }

    /// Reads a person from JSON: fact names as keys, numbers, `true`/`false`
    /// and choice names as values. Absent keys are unknown facts. Every
    /// problem is named by its field.
    pub fn from_json(json: &Json) -> Result<Person, Vec<Problem>> {
        let Some(obj) = json.as_object() else {
            return Err(vec![problem("", "a person is a JSON object of facts, e.g. {\"age\": 80}")]);
        };
        Person::from_map(obj)
    }

    pub fn from_map(obj: &Map<String, Json>) -> Result<Person, Vec<Problem>> {
        let mut p = Person::default();
        let mut problems = Vec::new();
        for (key, v) in obj {
            let Some(fact) = Fact::from_name(key) else {
                problems.push(problem(key, &format!("unknown fact `{key}`")));
                continue;
            };
            if v.is_null() {
                continue;
            }
            match parse_value(fact, v) {
                Ok(value) => p.set(fact, Some(value)),
                Err(e) => problems.push(problem(key, &e.to_string())),
            }
        }
        if let Err(e) = p.settle() {
            problems.push(e);
        }
        if problems.is_empty() { Ok(p) } else { Err(problems) }
    }

    /// Fills in what follows from other facts and checks they agree: without
    /// children the youngest child's age does not apply.
    pub fn settle(&mut self) -> Result<(), Problem> {
        let n = |f: Fact| self.number(f);
        if let (Some(u3), Some(u7)) = (n(Fact::ChildrenUnder3), n(Fact::ChildrenUnder7))
            && u3 > u7
        {
            return Err(problem("children_under_3", "more than `children_under_7`"));
        }
        if let Some(c) = n(Fact::Children) {
            for f in [Fact::ChildrenUnder3, Fact::ChildrenUnder7] {
                if n(f).is_some_and(|x| x > c) {
                    return Err(problem(f.name(), "more than `children` (children under 18)"));
                }
            }
        }
        if let (Some(own), Some(household)) = (n(Fact::OwnIncome), n(Fact::Income))
            && own > household
        {
            return Err(problem("own_income", "more than the household's `income`"));
        }
        if let (Some(size), Some(c)) = (n(Fact::HouseholdSize), n(Fact::Children))
            && size < c + 1.0
        {
            return Err(problem("household_size", "smaller than `children` + 1"));
        }
        let children = self.number(Fact::Children);
        match (children, self.get(Fact::YoungestChildAge)) {
            (Some(0.0), Some(Value::Number(_))) => Err(problem("youngest_child_age", "given, but `children` is 0")),
            (Some(0.0), None) => {
                self.set(Fact::YoungestChildAge, Some(Value::NotApplicable));
                Ok(())
            }
            (Some(c), Some(Value::NotApplicable)) if c > 0.0 => {
                self.set(Fact::YoungestChildAge, None);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The person as JSON (unknown facts left out).
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        for f in Fact::ALL {
            let v = match self.get(*f) {
                None | Some(Value::NotApplicable) => continue,
                Some(Value::Number(x)) => serde_json::json!(x),
                Some(Value::Flag(b)) => Json::Bool(b),
                Some(Value::Choice(c)) => Json::String(f.choice_name(c)),
            };
            m.insert(f.name().to_owned(), v);
        }
        Json::Object(m)
    }
}

/// Reads one fact's value, checking its kind and range.
pub fn parse_value(fact: Fact, v: &Json) -> Result<Value, RulesError> {
    value_of(fact, v).map_err(|problem| RulesError::InvalidValue { fact, problem })
}

fn value_of(fact: Fact, v: &Json) -> Result<Value, String> {
    let name = fact.name();
    match fact.kind() {
        Kind::Number { min, max } => {
            let Some(x) = v.as_f64() else {
                return Err(format!("`{name}` must be a number, not {v}"));
            };
            if !(min as f64..=max as f64).contains(&x) {
                return Err(format!("{x} is impossible for `{name}` ({min}–{max})"));
            }
            if fact.is_level() && x.fract() != 0.0 {
                return Err(format!("`{name}` is a level or a count: {x} is not a whole number"));
            }
            Ok(Value::Number(x as f32))
        }
        Kind::Flag => v.as_bool().map(Value::Flag).ok_or_else(|| format!("`{name}` must be true or false, not {v}")),
        Kind::Choice => {
            let s = v.as_str().ok_or_else(|| format!("`{name}` must be a text value, not {v}"))?;
            fact.choice_code(s).map(Value::Choice).ok_or_else(|| {
                let known: Vec<&str> = crate::facts::choices(fact).iter().map(|(c, _)| *c).collect();
                if known.is_empty() {
                    format!("`{s}` is not a municipality code (three digits)")
                } else {
                    format!("`{s}` is not a value of `{name}` ({})", known.join(", "))
                }
            })
        }
    }
}

fn problem(field: &str, msg: &str) -> Problem {
    Problem { field: field.to_owned(), problem: msg.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_and_refuses() {
        let p = Person::from_json(&json!({"age": 80.5, "lives_alone": true, "municipality": "638", "children": 0}))
            .unwrap();
        assert_eq!(p.get(Fact::Age), Some(Value::Number(80.5)));
        assert_eq!(p.get(Fact::YoungestChildAge), Some(Value::NotApplicable));
        assert_eq!(p.get(Fact::Income), None);
        let e = Person::from_json(&json!({"age": -1, "cps": "high", "favourite": 1, "sex": "x"})).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["age", "cps", "favourite", "sex"]);
        assert!(e[0].problem.contains("impossible"), "{e:?}");
        let e = Person::from_json(&json!({"age": 200})).unwrap_err();
        assert!(e[0].problem.contains("0–120"), "{e:?}");
        let e = Person::from_json(&json!({"children": 0, "youngest_child_age": 3})).unwrap_err();
        assert_eq!(e[0].field, "youngest_child_age");
    }
}
