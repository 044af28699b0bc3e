//! Tokenising and normalising Finnish, Swedish and English text for the index.
//!
//! Snowball stems (rust-stemmers) plus a "loose" key that undoes what Snowball
//! leaves: Finnish consonant gradation (`kotihoidon` ~ `kotihoito`), `-us/-uksen`
//! words (`kuntoutukseen` ~ `kuntoutus`), and Swedish definite forms
//! (`barnskyddet` ~ `barnskydd`). Compounds are matched at query time by prefix
//! and infix on the stem vocabulary (see `index.rs`).

use domain::Lang;
use rust_stemmers::{Algorithm, Stemmer};

pub struct Analyzer {
    stemmers: [Stemmer; 3],
}

impl Default for Analyzer {
    fn default() -> Analyzer {
        Analyzer {
            stemmers: [
                Stemmer::create(Algorithm::Finnish),
                Stemmer::create(Algorithm::Swedish),
                Stemmer::create(Algorithm::English),
            ],
        }
    }
}

pub fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

const STOP_FI: &[&str] = &["ja", "tai", "sekä", "on", "ovat", "se", "ne", "että", "kun", "jos", "myös", "voi", "tai"];
const STOP_SV: &[&str] =
    &["och", "eller", "för", "av", "i", "på", "till", "med", "som", "är", "en", "ett", "det", "den"];
const STOP_EN: &[&str] =
    &["and", "or", "the", "a", "an", "of", "for", "to", "in", "on", "with", "is", "are", "at", "by"];

/// Lower-cased words of a text, split at anything that is not a letter or digit.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .filter(|w| w.chars().count() <= 64)
}

pub fn is_stop_word(lang: Lang, word: &str) -> bool {
    match lang {
        Lang::Fi => STOP_FI.contains(&word),
        Lang::Sv => STOP_SV.contains(&word),
        Lang::En => STOP_EN.contains(&word),
    }
}

impl Analyzer {
    pub fn stem(&self, lang: Lang, word: &str) -> String {
        self.stemmers[lang_index(lang)].stem(word).into_owned()
    }

    /// The loose key of a stem: equal for forms that Snowball keeps apart.
    pub fn loose(&self, lang: Lang, stem: &str) -> String {
        match lang {
            Lang::Fi => loose_fi(stem),
            Lang::Sv => loose_sv(stem),
            Lang::En => stem.to_owned(),
        }
    }
}

fn collapse_doubles(chars: &mut Vec<char>) {
    chars.dedup_by(|a, b| a == b && !is_vowel(*a));
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'å')
}

fn loose_fi(stem: &str) -> String {
    let mut s = stem.to_owned();
    if let Some(base) = s.strip_suffix("uks").or_else(|| s.strip_suffix("yks")) {
        s = format!("{base}us");
    }
    // -inen words: Snowball leaves `asumin` (asuminen) and `asumis` (asumiseen, asumisen).
    if s.chars().count() > 5
        && let Some(base) = s.strip_suffix("in")
    {
        s = format!("{base}is");
    }
    let mut chars: Vec<char> = s.chars().map(|c| if c == 'd' { 't' } else { c }).collect();
    while chars.len() > 4 && chars.last().is_some_and(|c| is_vowel(*c)) {
        chars.pop();
    }
    collapse_doubles(&mut chars);
    chars.into_iter().collect()
}

fn loose_sv(stem: &str) -> String {
    let mut s = stem;
    for suffix in ["et", "en", "na"] {
        if let Some(base) = s.strip_suffix(suffix)
            && base.chars().count() >= 4
        {
            s = base;
            break;
        }
    }
    let mut chars: Vec<char> = s.chars().collect();
    while chars.len() > 4 && chars.last().is_some_and(|c| is_vowel(*c)) {
        chars.pop();
    }
    collapse_doubles(&mut chars);
    chars.into_iter().collect()
}

/// Levenshtein distance, giving up (returning `max + 1`) as soon as it exceeds `max`.
pub fn bounded_levenshtein(a: &[char], b: &[char], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_keys_join_inflected_forms() {
        let analyzer = Analyzer::default();
        let key = |lang, w: &str| analyzer.loose(lang, &analyzer.stem(lang, w));
        // (language, form typed by a resident, base form in the catalog)
        let same = [
            (Lang::Fi, "kotihoidon", "kotihoito"),
            (Lang::Fi, "kotihoitoa", "kotihoito"),
            (Lang::Fi, "päiväkodin", "päiväkoti"),
            (Lang::Fi, "kuntoutukseen", "kuntoutus"),
            (Lang::Fi, "perhekeskuksen", "perhekeskus"),
            (Lang::Fi, "omaishoidon", "omaishoito"),
            (Lang::Fi, "neuvolaan", "neuvola"),
            (Lang::Fi, "palveluasumiseen", "palveluasuminen"),
            (Lang::Fi, "lääkinnällisen", "lääkinnällinen"),
            (Lang::Sv, "hemvården", "hemvård"),
            (Lang::Sv, "barnskyddet", "barnskydd"),
            (Lang::Sv, "serviceboendet", "serviceboende"),
            (Lang::Sv, "hälsostationen", "hälsostation"),
            (Lang::En, "clinics", "clinic"),
        ];
        for (lang, typed, base) in same {
            assert_eq!(key(lang, typed), key(lang, base), "{typed} ~ {base}");
        }
        assert_ne!(key(Lang::Fi, "kotihoito"), key(Lang::Fi, "kotisairaala"));
    }

    #[test]
    fn levenshtein() {
        let d =
            |a: &str, b: &str| bounded_levenshtein(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>(), 2);
        assert_eq!(d("kotihoito", "kotihoito"), 0);
        assert_eq!(d("kotihoitp", "kotihoito"), 1);
        assert_eq!(d("hemvard", "hemvård"), 1);
        assert_eq!(d("abc", "xyzabc"), 3);
    }

    #[test]
    fn words_split_and_lowercase() {
        let w: Vec<String> = words("Sosiaali- ja KRIISIpäivystys, 24/7").collect();
        assert_eq!(w, ["sosiaali", "ja", "kriisipäivystys", "24", "7"]);
    }
}
