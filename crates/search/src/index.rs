//! The inverted index, its filters and its ranking.

use crate::text::{Analyzer, bounded_levenshtein, is_stop_word, lang_index, words};
use chrono::{NaiveDate, NaiveDateTime};
use domain::catalog::Dated;
use domain::reference::{CodeKind, Reference};
use domain::{Catalog, ChannelKind, Id, Lang, OrgKind, Service, Tier};
use std::collections::{BTreeSet, HashMap};

/// Where in a service a word was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Keywords,
    Summary,
    Description,
    /// Names of the service's classes and target groups.
    Classes,
    /// Municipalities, units and producers.
    Where,
}

impl Field {
    pub const ALL: [Field; 6] =
        [Field::Name, Field::Keywords, Field::Summary, Field::Description, Field::Classes, Field::Where];

    fn weight(self) -> f32 {
        match self {
            Field::Name => 4.0,
            Field::Keywords => 3.0,
            Field::Summary => 1.5,
            Field::Description => 1.0,
            Field::Classes => 1.0,
            Field::Where => 1.2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Keywords => "keywords",
            Field::Summary => "summary",
            Field::Description => "description",
            Field::Classes => "classes",
            Field::Where => "where",
        }
    }
}

/// How a query word matched an indexed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKind {
    /// Same stem.
    Stem,
    /// Same loose key: an inflected form Snowball misses (gradation, definite forms).
    Inflection,
    /// The query word begins an indexed word (a compound's first part, or an unfinished word).
    Prefix,
    /// The query word is a later part of a compound.
    CompoundPart,
    /// Within one or two edits (a typo).
    Typo,
}

impl MatchKind {
    fn quality(self) -> f32 {
        match self {
            MatchKind::Stem => 1.0,
            MatchKind::Inflection => 0.9,
            MatchKind::Prefix => 0.7,
            MatchKind::CompoundPart => 0.6,
            MatchKind::Typo => 0.5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Stem => "stem",
            MatchKind::Inflection => "inflection",
            MatchKind::Prefix => "prefix",
            MatchKind::CompoundPart => "compound_part",
            MatchKind::Typo => "typo",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    field: Field,
    tf: u16,
}

/// One language's vocabulary: stems, sorted, with postings; loose keys pointing at stems.
#[derive(Default)]
struct LangIndex {
    stems: Vec<String>,
    chars: Vec<Vec<char>>,
    postings: Vec<Vec<Posting>>,
    doc_freq: Vec<u32>,
    loose: HashMap<String, Vec<u32>>,
    /// The first word of the original text that produced each stem, to show users.
    shown: Vec<String>,
}

/// What the filters need to know of a service, precomputed.
struct DocMeta {
    id: Id,
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    tier: Tier,
    /// Municipality codes; `None` means everywhere in the organiser's area.
    municipalities: Option<BTreeSet<String>>,
    target_groups: BTreeSet<String>,
    service_classes: BTreeSet<String>,
    languages: BTreeSet<String>,
    channels: Vec<ChannelKind>,
    producer_kinds: Vec<OrgKind>,
    locations: Vec<(f64, f64)>,
    sort_names: [String; 3],
}

pub struct SearchIndex {
    docs: Vec<DocMeta>,
    langs: [LangIndex; 3],
    analyzer: Analyzer,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub municipality: Option<String>,
    pub target_group: Option<String>,
    pub service_class: Option<String>,
    pub language: Option<String>,
    pub channel: Option<ChannelKind>,
    pub tier: Option<Tier>,
    pub producer_kind: Option<OrgKind>,
    /// Local time (Europe/Helsinki): keep services with a unit or channel open then.
    pub open_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sort {
    /// Best match first; by name when there is no query text.
    Relevance,
    Name,
    /// Nearest unit first (WGS84); services without units last.
    Distance {
        lat: f64,
        lon: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub text: String,
    pub lang: Lang,
    /// Only services valid on this date.
    pub on: NaiveDate,
    pub filters: Filters,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The query word.
    pub term: String,
    pub lang: Lang,
    pub field: Field,
    /// The indexed word it matched, as written in the catalog.
    pub matched: String,
    pub kind: MatchKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub service: Id,
    pub score: f32,
    /// Metres to the nearest unit, when sorting or filtering by a point.
    pub distance_m: Option<f64>,
    pub matches: Vec<Match>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// Term frequency per (document, field) of one stem.
type StemPostings = HashMap<(u32, Field), u16>;

struct Builder<'a> {
    analyzer: &'a Analyzer,
    /// Per language: stem -> (doc, field) -> (tf, first word)
    terms: [HashMap<String, StemPostings>; 3],
    /// The word to show for each stem: from the most important field it occurs in.
    shown: [HashMap<String, (Field, String)>; 3],
}

impl Builder<'_> {
    fn add(&mut self, doc: u32, lang: Lang, field: Field, text: &str) {
        let li = lang_index(lang);
        for word in words(text) {
            if is_stop_word(lang, &word) {
                continue;
            }
            let stem = self.analyzer.stem(lang, &word);
            let shown = self.shown[li].entry(stem.clone()).or_insert_with(|| (field, word.clone()));
            if field < shown.0 {
                *shown = (field, word.clone());
            }
            *self.terms[li].entry(stem).or_default().entry((doc, field)).or_default() += 1;
        }
    }
}

fn with_ancestors(reference: &Reference, kind: CodeKind, codes: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for code in codes {
        let mut current = Some(code.clone());
        while let Some(c) = current {
            current = reference.code(kind, &c).and_then(|c| c.parent.clone());
            out.insert(c);
        }
    }
    out
}

impl SearchIndex {
    pub fn build(catalog: &Catalog, reference: &Reference) -> SearchIndex {
        let analyzer = Analyzer::default();
        let mut builder = Builder { analyzer: &analyzer, terms: Default::default(), shown: Default::default() };
        let mut docs = Vec::with_capacity(catalog.services.len());
        for (doc, service) in catalog.services.values().enumerate() {
            let doc = doc as u32;
            docs.push(doc_meta(catalog, reference, service));
            for lang in Lang::ALL {
                let mut add = |field, text: &str| builder.add(doc, lang, field, text);
                if let Some(t) = service.name.get(lang) {
                    add(Field::Name, t);
                }
                for k in service.keywords.get(lang) {
                    add(Field::Keywords, k);
                }
                if let Some(t) = service.summary.get(lang) {
                    add(Field::Summary, t);
                }
                if let Some(t) = service.description.get(lang) {
                    add(Field::Description, t);
                }
                for (kind, codes) in [
                    (CodeKind::ServiceClass, &service.service_classes),
                    (CodeKind::TargetGroup, &service.target_groups),
                ] {
                    for code in codes {
                        if let Some(t) = reference.code(kind, code).and_then(|c| c.name.get(lang)) {
                            add(Field::Classes, t);
                        }
                    }
                }
                for code in &service.area {
                    if let Some(t) = reference.municipality(code).and_then(|m| m.name.get(lang)) {
                        add(Field::Where, t);
                    }
                }
                for unit in catalog.units_of(service) {
                    if let Some(t) = unit.name.get(lang) {
                        add(Field::Where, t);
                    }
                    if let Some(t) = reference.municipality(&unit.address.municipality).and_then(|m| m.name.get(lang)) {
                        add(Field::Where, t);
                    }
                }
                for (_, org) in catalog.producers_of(service) {
                    if let Some(t) = org.name.get(lang) {
                        add(Field::Where, t);
                    }
                }
            }
        }
        let Builder { terms, mut shown, .. } = builder;
        let langs: [LangIndex; 3] = Default::default();
        let mut index = SearchIndex { docs, langs, analyzer: Analyzer::default() };
        for (li, terms) in terms.into_iter().enumerate() {
            let lang = Lang::ALL[li];
            let mut entries: Vec<(String, StemPostings)> = terms.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let target = &mut index.langs[li];
            for (stem, postings) in entries {
                let idx = target.stems.len() as u32;
                let mut postings: Vec<Posting> =
                    postings.into_iter().map(|((doc, field), tf)| Posting { doc, field, tf }).collect();
                postings.sort_by_key(|p| (p.doc, p.field));
                let mut doc_ids: Vec<u32> = postings.iter().map(|p| p.doc).collect();
                doc_ids.dedup();
                target.loose.entry(index.analyzer.loose(lang, &stem)).or_default().push(idx);
                target.chars.push(stem.chars().collect());
                target.shown.push(shown[li].remove(&stem).map(|(_, word)| word).unwrap_or_else(|| stem.clone()));
                target.doc_freq.push(doc_ids.len() as u32);
                target.postings.push(postings);
                target.stems.push(stem);
            }
        }
        index
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Number of distinct stems per language (fi, sv, en).
    pub fn vocabulary_sizes(&self) -> [usize; 3] {
        [0, 1, 2].map(|i| self.langs[i].stems.len())
    }

    /// Candidate stems of one language for a query word, with how they matched.
    fn expand(&self, lang: Lang, word: &str) -> Vec<(u32, MatchKind)> {
        let li = &self.langs[lang_index(lang)];
        let stem = self.analyzer.stem(lang, word);
        let mut out: HashMap<u32, MatchKind> = HashMap::new();
        let mut offer = |idx: u32, kind: MatchKind| {
            out.entry(idx).and_modify(|k| *k = (*k).min(kind)).or_insert(kind);
        };
        if let Ok(idx) = li.stems.binary_search(&stem) {
            offer(idx as u32, MatchKind::Stem);
        }
        if let Some(ids) = li.loose.get(&self.analyzer.loose(lang, &stem)) {
            for &idx in ids {
                offer(idx, MatchKind::Inflection);
            }
        }
        let n_chars = stem.chars().count();
        if n_chars >= 3 {
            let start = li.stems.partition_point(|s| s.as_str() < stem.as_str());
            for (offset, s) in li.stems[start..].iter().enumerate() {
                if !s.starts_with(stem.as_str()) {
                    break;
                }
                offer((start + offset) as u32, MatchKind::Prefix);
            }
        }
        let max_edits = match n_chars {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        let query_chars: Vec<char> = stem.chars().collect();
        for (idx, s) in li.stems.iter().enumerate() {
            let rest = s.char_indices().nth(1).map_or("", |(i, _)| &s[i..]);
            if n_chars >= 4 && s.len() > stem.len() && rest.contains(stem.as_str()) {
                offer(idx as u32, MatchKind::CompoundPart);
            }
            if max_edits > 0 && bounded_levenshtein(&query_chars, &li.chars[idx], max_edits) <= max_edits {
                offer(idx as u32, MatchKind::Typo);
            }
        }
        out.into_iter().collect()
    }

    pub fn search(&self, catalog: &Catalog, query: &Query) -> SearchResults {
        let n_docs = self.docs.len();
        let mut allowed: Vec<bool> = self.docs.iter().map(|d| self.passes(catalog, d, query)).collect();

        let terms: Vec<String> = {
            let mut seen = BTreeSet::new();
            words(&query.text)
                .filter(|w| !Lang::ALL.iter().any(|l| is_stop_word(*l, w)))
                .filter(|w| seen.insert(w.clone()))
                .take(16)
                .collect()
        };

        let mut score = vec![0f32; n_docs];
        let mut n_matched = vec![0u16; n_docs];
        let mut matches: HashMap<u32, Vec<Match>> = HashMap::new();
        let mut name_hits = vec![0u16; n_docs];
        for term in &terms {
            let expansions: Vec<(Lang, Vec<(u32, MatchKind)>)> =
                Lang::ALL.into_iter().map(|lang| (lang, self.expand(lang, term))).collect();
            // One idf per query word, from all the documents it reaches, so that an exact
            // match on a common word is not outranked by a weak match on a rare one.
            let mut reached: std::collections::HashSet<u32> = std::collections::HashSet::new();
            for (lang, candidates) in &expansions {
                let li = &self.langs[lang_index(*lang)];
                for (idx, _) in candidates {
                    reached.extend(li.postings[*idx as usize].iter().map(|p| p.doc));
                }
            }
            let idf = (1.0 + n_docs as f32 / reached.len().max(1) as f32).ln();
            // Best (score, match) per document for this term.
            let mut best: HashMap<u32, (f32, Match)> = HashMap::new();
            let mut in_name: std::collections::HashSet<u32> = std::collections::HashSet::new();
            for (lang, candidates) in expansions {
                let li = &self.langs[lang_index(lang)];
                let lang_factor = if lang == query.lang { 1.0 } else { 0.8 };
                for (idx, kind) in candidates {
                    let idx = idx as usize;
                    for p in &li.postings[idx] {
                        if !allowed[p.doc as usize] {
                            continue;
                        }
                        if p.field == Field::Name {
                            in_name.insert(p.doc);
                        }
                        let s = p.field.weight() * kind.quality() * lang_factor * idf * (1.0 + f32::from(p.tf).ln());
                        let entry = best.entry(p.doc);
                        let candidate =
                            || Match { term: term.clone(), lang, field: p.field, matched: li.shown[idx].clone(), kind };
                        match entry {
                            std::collections::hash_map::Entry::Occupied(mut e) => {
                                if s > e.get().0 {
                                    e.insert((s, candidate()));
                                }
                            }
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert((s, candidate()));
                            }
                        }
                    }
                }
            }
            for doc in in_name {
                name_hits[doc as usize] += 1;
            }
            for (doc, (s, m)) in best {
                score[doc as usize] += s;
                n_matched[doc as usize] += 1;
                matches.entry(doc).or_default().push(m);
            }
        }
        // A service whose name holds every query word is what the user most likely means.
        if !terms.is_empty() {
            for (doc, s) in score.iter_mut().enumerate() {
                *s *= 1.0 + 0.5 * f32::from(name_hits[doc]) / terms.len() as f32;
            }
        }
        if !terms.is_empty() {
            // Keep the documents that match the most query words.
            let most = n_matched.iter().copied().max().unwrap_or(0);
            for (doc, ok) in allowed.iter_mut().enumerate() {
                *ok = *ok && most > 0 && n_matched[doc] == most;
            }
        }

        let li = lang_index(query.lang);
        let mut hits: Vec<(usize, f32, Option<f64>)> = allowed
            .iter()
            .enumerate()
            .filter(|(_, ok)| **ok)
            .map(|(doc, _)| {
                let distance = match query.sort {
                    Sort::Distance { lat, lon } => self.docs[doc]
                        .locations
                        .iter()
                        .map(|&(ulat, ulon)| domain::geo::distance_m(lat, lon, ulat, ulon))
                        .min_by(f64::total_cmp),
                    _ => None,
                };
                (doc, score[doc], distance)
            })
            .collect();
        let by_name = |a: &usize, b: &usize| self.docs[*a].sort_names[li].cmp(&self.docs[*b].sort_names[li]);
        match query.sort {
            Sort::Distance { .. } => hits.sort_by(|a, b| {
                let (da, db) = (a.2.unwrap_or(f64::INFINITY), b.2.unwrap_or(f64::INFINITY));
                da.total_cmp(&db).then_with(|| b.1.total_cmp(&a.1)).then_with(|| by_name(&a.0, &b.0))
            }),
            Sort::Name => hits.sort_by(|a, b| by_name(&a.0, &b.0)),
            Sort::Relevance => hits.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| by_name(&a.0, &b.0))),
        }
        let total = hits.len();
        let per_page = query.per_page.max(1);
        let start = query.page.saturating_sub(1).saturating_mul(per_page);
        let hits = hits
            .into_iter()
            .skip(start)
            .take(per_page)
            .map(|(doc, s, distance_m)| Hit {
                service: self.docs[doc].id.clone(),
                score: s,
                distance_m,
                matches: matches.remove(&(doc as u32)).unwrap_or_default(),
            })
            .collect();
        SearchResults { hits, total }
    }

    fn passes(&self, catalog: &Catalog, doc: &DocMeta, query: &Query) -> bool {
        let f = &query.filters;
        let valid = doc.valid_from <= query.on && doc.valid_to.is_none_or(|to| query.on <= to);
        valid
            && f.tier.is_none_or(|t| doc.tier == t)
            && f.channel.is_none_or(|c| doc.channels.contains(&c))
            && f.producer_kind.is_none_or(|k| doc.producer_kinds.contains(&k))
            && f.language.as_ref().is_none_or(|l| doc.languages.contains(l))
            && f.target_group.as_ref().is_none_or(|t| doc.target_groups.contains(t))
            && f.service_class.as_ref().is_none_or(|c| doc.service_classes.contains(c))
            && f.municipality.as_ref().is_none_or(|m| doc.municipalities.as_ref().is_none_or(|set| set.contains(m)))
            && f.open_at.is_none_or(|at| open_at(catalog, &doc.id, at))
    }
}

fn open_at(catalog: &Catalog, id: &Id, at: NaiveDateTime) -> bool {
    let Some(service) = catalog.services.get(id) else { return false };
    catalog.units_of(service).iter().any(|u| u.opening_hours.is_open_at(at) == Some(true))
        || catalog.channels_of(service).any(|c| c.hours.is_open_at(at) == Some(true))
}

fn doc_meta(catalog: &Catalog, reference: &Reference, service: &Service) -> DocMeta {
    let units = catalog.units_of(service);
    let municipalities = if service.area.is_empty() {
        catalog
            .organizations
            .get(&service.organiser)
            .filter(|o| o.kind == OrgKind::Municipality)
            .and_then(|o| o.municipality.clone())
            .map(|m| BTreeSet::from([m]))
    } else {
        let mut set: BTreeSet<String> = service.area.iter().cloned().collect();
        set.extend(units.iter().map(|u| u.address.municipality.clone()));
        Some(set)
    };
    let mut languages: BTreeSet<String> = service.languages.iter().cloned().collect();
    languages.extend(catalog.channels_of(service).flat_map(|c| c.languages.iter().cloned()));
    let mut producer_kinds: Vec<OrgKind> = catalog.producers_of(service).map(|(_, o)| o.kind).collect();
    producer_kinds.sort();
    producer_kinds.dedup();
    DocMeta {
        id: service.id.clone(),
        valid_from: service.valid_from(),
        valid_to: service.valid_to(),
        tier: service.tier,
        municipalities,
        target_groups: with_ancestors(reference, CodeKind::TargetGroup, &service.target_groups),
        service_classes: with_ancestors(reference, CodeKind::ServiceClass, &service.service_classes),
        languages,
        channels: catalog.channel_kinds_of(service),
        producer_kinds,
        locations: units.iter().map(|u| (u.location.lat, u.location.lon)).collect(),
        sort_names: Lang::ALL.map(|l| service.name.show(l).to_lowercase()),
    }
}

#[cfg(test)]
mod tests;
