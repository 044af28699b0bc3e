//! A text that must exist in all three languages (questionnaires are read by people).

use domain::text::Lang;
use serde::{Deserialize, Serialize};

/// Finnish, Swedish and English, all required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct T3 {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl T3 {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// Whether one of the three is empty (a questionnaire's checker refuses it).
    pub fn has_empty(&self) -> bool {
        [&self.fi, &self.sv, &self.en].iter().any(|s| s.trim().is_empty())
    }

    pub fn new(fi: &str, sv: &str, en: &str) -> T3 {
        T3 { fi: fi.to_owned(), sv: sv.to_owned(), en: en.to_owned() }
    }
}
