//! Urgency classes of a care or service need (P0–P4, L2–L4) and their time limits, as dated
//! data (`data/navigation/urgency.toml`), never hard-coded.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::NavigationError;
use crate::text::T3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Urgency {
    pub code: String,
    pub name: T3,
    /// The time within which the need is to be met; none: later than the class before.
    #[serde(default)]
    pub within_minutes: Option<i64>,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrgencyTable {
    pub source: String,
    #[serde(rename = "class")]
    pub classes: Vec<Urgency>,
}

impl UrgencyTable {
    pub fn parse(file: &str, source: &str) -> Result<UrgencyTable, NavigationError> {
        let table: UrgencyTable = toml::from_str(source).map_err(|e| NavigationError::syntax(file, source, &e))?;
        let problem = |path: String, message: &str| NavigationError::Check {
            file: file.to_owned(),
            path,
            message: message.to_owned(),
        };
        let mut last: Option<i64> = Some(-1);
        for (i, c) in table.classes.iter().enumerate() {
            if table.classes[..i].iter().any(|o| o.code == c.code) {
                return Err(problem(format!("class[{i}]"), "two classes have the same code"));
            }
            if c.name.has_empty() {
                return Err(problem(format!("class[{i}]"), "a name is needed in fi, sv and en"));
            }
            // Most urgent first: each limit longer than the one before, the open one last.
            match (last, c.within_minutes) {
                (Some(prev), Some(m)) if m > prev => last = Some(m),
                (Some(_), None) => last = None,
                _ => return Err(problem(format!("class[{i}]"), "classes go from the most urgent to the least")),
            }
        }
        Ok(table)
    }

    pub fn codes(&self) -> Vec<&str> {
        self.classes.iter().map(|c| c.code.as_str()).collect()
    }

    /// The class in force on `day`.
    pub fn get(&self, code: &str, day: NaiveDate) -> Option<&Urgency> {
        self.classes.iter().find(|c| c.code == code && c.valid_from <= day && c.valid_to.is_none_or(|to| day <= to))
    }

    /// When a need of this class assessed at `at` is due (none for the open class).
    pub fn due(&self, code: &str, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let class = self.get(code, at.date_naive())?;
        class.within_minutes.map(|m| at + Duration::minutes(m))
    }

    /// Whether `a` is more urgent than `b`.
    pub fn more_urgent(&self, a: &str, b: &str) -> bool {
        let pos = |c: &str| self.classes.iter().position(|u| u.code == c).unwrap_or(usize::MAX);
        pos(a) < pos(b)
    }
}
