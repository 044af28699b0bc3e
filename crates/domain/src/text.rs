//! Text in the catalog's content languages (Finnish, Swedish, English).

use serde::{Deserialize, Serialize};

/// A content language of the catalog. Channels may serve in more languages
/// (see [`crate::catalog::Channel::languages`]); those are plain codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fi,
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "fi" => Some(Lang::Fi),
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in up to three languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn new(fi: &str, sv: &str, en: &str) -> Text {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Text { fi: some(fi), sv: some(sv), en: some(en) }
    }

    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Fi => self.fi.as_deref(),
            Lang::Sv => self.sv.as_deref(),
            Lang::En => self.en.as_deref(),
        }
        .filter(|s| !s.trim().is_empty())
    }

    pub fn set(&mut self, lang: Lang, value: Option<String>) {
        let value = value.filter(|s| !s.trim().is_empty());
        match lang {
            Lang::Fi => self.fi = value,
            Lang::Sv => self.sv = value,
            Lang::En => self.en = value,
        }
    }

    /// The text in `lang`, falling back to Finnish, Swedish, English, in that order.
    /// Returns the language actually used, so that pages can mark it (`lang` attribute).
    pub fn best(&self, lang: Lang) -> Option<(Lang, &str)> {
        std::iter::once(lang).chain(Lang::ALL).find_map(|l| self.get(l).map(|s| (l, s)))
    }

    /// The text in `lang` or the best fallback, or "" when the text is empty.
    pub fn show(&self, lang: Lang) -> &str {
        self.best(lang).map(|(_, s)| s).unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        Lang::ALL.iter().all(|l| self.get(*l).is_none())
    }

    pub fn iter(&self) -> impl Iterator<Item = (Lang, &str)> {
        Lang::ALL.into_iter().filter_map(|l| self.get(l).map(|s| (l, s)))
    }
}

/// Lists of words per language (keywords).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextList {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fi: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sv: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub en: Vec<String>,
}

impl TextList {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    pub fn get_mut(&mut self, lang: Lang) -> &mut Vec<String> {
        match lang {
            Lang::Fi => &mut self.fi,
            Lang::Sv => &mut self.sv,
            Lang::En => &mut self.en,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fi.is_empty() && self.sv.is_empty() && self.en.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_falls_back_in_order_and_says_which_language() {
        let text = Text::new("", "Hemvård", "Home care");
        assert_eq!(text.best(Lang::Fi), Some((Lang::Sv, "Hemvård")));
        assert_eq!(text.best(Lang::En), Some((Lang::En, "Home care")));
        assert_eq!(Text::default().best(Lang::Fi), None);
        assert_eq!(Text::new("  ", "", "").show(Lang::Fi), "");
    }
}
