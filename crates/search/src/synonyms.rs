//! Synonym lists per language: what residents type beside what the catalog calls it.
//!
//! The catalog team keeps one plain-text file per language (`data/search/synonyms/`,
//! embedded at compile time as [`Synonyms::builtin`]). Each line is one group of
//! phrases that mean the same, separated by `|`; `#` starts a comment:
//!
//! ```text
//! hammaslääkäri | hammashoito | hampaat
//! health centre | health center | terveyskeskus
//! ```
//!
//! A query phrase found in a group is also searched as every other phrase of it
//! (see `SearchIndex::search`). A group may mix languages: a resident types English,
//! the catalog answers in Finnish.

use crate::text::words;
use domain::Lang;
use std::collections::HashMap;

/// A malformed line of a synonym file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SynonymError {
    #[error("synonyms/{lang}.txt line {line}: a group needs at least two phrases separated by `|`")]
    Alone { lang: &'static str, line: usize },
    #[error("synonyms/{lang}.txt line {line}: phrase {phrase} of the group has no words")]
    Empty { lang: &'static str, line: usize, phrase: usize },
    #[error("synonyms/{lang}.txt line {line}: a phrase of more than {max} words")]
    TooLong { lang: &'static str, line: usize, max: usize },
}

/// Longest phrase in words.
pub const MAX_PHRASE: usize = 4;

/// Phrases (as lower-cased word lists) and the groups they belong to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synonyms {
    /// Every group's phrases, each a list of words.
    groups: Vec<Vec<Vec<String>>>,
    /// Phrase → the groups it is in.
    by_phrase: HashMap<Vec<String>, Vec<usize>>,
    /// Where each group came from (language, line), for the quality page.
    origin: Vec<(Lang, usize)>,
}

impl Synonyms {
    /// The lists shipped in `data/search/synonyms/`.
    pub fn builtin() -> Synonyms {
        Synonyms::parse(&Lang::ALL.map(|lang| (lang, Synonyms::shipped(lang)))).unwrap_or_default()
    }

    /// The text of one language's shipped list (the default until the catalog team saves one).
    pub fn shipped(lang: Lang) -> &'static str {
        match lang {
            Lang::Fi => include_str!("../../../data/search/synonyms/fi.txt"),
            Lang::Sv => include_str!("../../../data/search/synonyms/sv.txt"),
            Lang::En => include_str!("../../../data/search/synonyms/en.txt"),
        }
    }

    /// Reads one text per language; the first malformed line refuses them all.
    pub fn parse(files: &[(Lang, &str)]) -> Result<Synonyms, SynonymError> {
        let mut out = Synonyms::default();
        for &(lang, text) in files {
            for (n, raw) in text.lines().enumerate() {
                let line = n + 1;
                let content = raw.split('#').next().unwrap_or("").trim();
                if content.is_empty() {
                    continue;
                }
                let parts: Vec<&str> = content.split('|').collect();
                if parts.len() < 2 {
                    return Err(SynonymError::Alone { lang: lang.code(), line });
                }
                let mut group = Vec::new();
                for (i, part) in parts.iter().enumerate() {
                    let phrase: Vec<String> = words(part).collect();
                    if phrase.is_empty() {
                        return Err(SynonymError::Empty { lang: lang.code(), line, phrase: i + 1 });
                    }
                    if phrase.len() > MAX_PHRASE {
                        return Err(SynonymError::TooLong { lang: lang.code(), line, max: MAX_PHRASE });
                    }
                    if !group.contains(&phrase) {
                        group.push(phrase);
                    }
                }
                let at = out.groups.len();
                for phrase in &group {
                    out.by_phrase.entry(phrase.clone()).or_default().push(at);
                }
                out.groups.push(group);
                out.origin.push((lang, line));
            }
        }
        Ok(out)
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether `word` begins or is a phrase of some group (a cheap pre-check).
    pub fn knows(&self, phrase: &[String]) -> bool {
        self.by_phrase.contains_key(phrase)
    }

    /// The other phrases of every group `phrase` is in.
    pub fn alternatives(&self, phrase: &[String]) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = Vec::new();
        for &g in self.by_phrase.get(phrase).into_iter().flatten() {
            for other in &self.groups[g] {
                if other.as_slice() != phrase && !out.contains(&other.as_slice()) {
                    out.push(other);
                }
            }
        }
        out
    }

    /// Every group as written (phrases joined by spaces), with its language and line.
    pub fn groups(&self) -> impl Iterator<Item = (Lang, usize, Vec<String>)> + '_ {
        self.groups
            .iter()
            .zip(&self.origin)
            .map(|(g, &(lang, line))| (lang, line, g.iter().map(|p| p.join(" ")).collect()))
    }
}

/// One query word with the words it may also be found as: itself first, then synonyms.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Term {
    /// The word matched against the index (two typed words joined count as one).
    pub word: String,
    /// The word as typed, shown in matches ("omaishoidon tuki" for a joined pair).
    pub shown: String,
    /// Other words that count as this one (synonyms; a phrase of two words joined).
    pub also: Vec<String>,
}

impl Term {
    pub fn plain(word: &str) -> Term {
        Term { word: word.to_owned(), shown: word.to_owned(), also: Vec::new() }
    }
}

/// A synonym phrase as one word to look up: itself if one word, two words joined (names and
/// keywords index adjacent words joined, see `index::tokens`), or its last two joined.
pub(crate) fn as_one_word(phrase: &[String]) -> String {
    match phrase {
        [one] => one.clone(),
        [a, b] => format!("{a}{b}"),
        [.., a, b] => format!("{a}{b}"),
        [] => String::new(),
    }
}

/// The typed words with the synonyms of each phrase found in them (longest first, left to
/// right): `(start, length, alternatives as one word each)`.
pub(crate) fn phrases(synonyms: &Synonyms, typed: &[String]) -> Vec<(usize, usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < typed.len() {
        let found = (1..=MAX_PHRASE.min(typed.len() - i)).rev().find(|&len| synonyms.knows(&typed[i..i + len]));
        match found {
            Some(len) => {
                let mut also: Vec<String> = Vec::new();
                for alternative in synonyms.alternatives(&typed[i..i + len]) {
                    let word = as_one_word(alternative);
                    if !also.contains(&word) {
                        also.push(word);
                    }
                }
                out.push((i, len, also));
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s).collect()
    }

    #[test]
    fn the_shipped_lists_parse() {
        let files = [
            (Lang::Fi, include_str!("../../../data/search/synonyms/fi.txt")),
            (Lang::Sv, include_str!("../../../data/search/synonyms/sv.txt")),
            (Lang::En, include_str!("../../../data/search/synonyms/en.txt")),
        ];
        let synonyms = Synonyms::parse(&files).unwrap();
        assert!(synonyms.len() >= 30, "{}", synonyms.len());
        assert_eq!(synonyms, Synonyms::builtin());
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(Synonyms::parse(&[(Lang::Sv, "# ok\nhemvård\n")]), Err(SynonymError::Alone { lang: "sv", line: 2 }));
        assert_eq!(
            Synonyms::parse(&[(Lang::Fi, "a | , |\n")]),
            Err(SynonymError::Empty { lang: "fi", line: 1, phrase: 2 })
        );
        assert!(matches!(Synonyms::parse(&[(Lang::En, "a b c d e | f")]), Err(SynonymError::TooLong { line: 1, .. })));
    }

    #[test]
    fn phrases_are_found_with_their_alternatives_as_one_word() {
        let synonyms =
            Synonyms::parse(&[(Lang::En, "health centre | terveyskeskus\ndentist | hammaslääkäri | dental care")])
                .unwrap();
        assert_eq!(phrases(&synonyms, &w("health centre porvoo")), [(0, 2, vec!["terveyskeskus".to_owned()])]);
        assert_eq!(phrases(&synonyms, &w("terveyskeskus")), [(0, 1, vec!["healthcentre".to_owned()])]);
        assert_eq!(
            phrases(&synonyms, &w("porvoo dentist")),
            [(1, 1, vec!["hammaslääkäri".to_owned(), "dentalcare".to_owned()])]
        );
        assert!(phrases(&synonyms, &w("kotihoito")).is_empty());
    }
}
