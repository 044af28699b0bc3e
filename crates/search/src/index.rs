//! The inverted index, its filters and its ranking.

use crate::text::{Analyzer, bounded_levenshtein, is_stop_word, lang_index, words};
use chrono::{NaiveDate, NaiveDateTime};
use domain::OpeningHours;
use domain::catalog::Dated;
use domain::reference::{CodeKind, Reference};
use domain::{Catalog, ChannelKind, Id, Lang, OrgKind, Service, Tier};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, RwLock};

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

/// How one query word matched one document, without allocation.
#[derive(Debug, Clone, Copy)]
struct Compact {
    lang: Lang,
    field: Field,
    stem: u32,
    kind: MatchKind,
}

impl Default for Compact {
    fn default() -> Compact {
        Compact { lang: Lang::Fi, field: Field::Name, stem: 0, kind: MatchKind::Stem }
    }
}

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    field: Field,
    tf: u16,
    /// Field weight × (1 + ln tf), computed once when the index is built.
    weight: f32,
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
    municipalities: Option<Vec<u16>>,
    /// Interned codes (see `SearchIndex::interned`), ancestors included.
    target_groups: Vec<u16>,
    service_classes: Vec<u16>,
    languages: Vec<u16>,
    channels: Vec<ChannelKind>,
    producer_kinds: Vec<OrgKind>,
    locations: Vec<(f64, f64)>,
    sort_names: [String; 3],
    /// Position of the name in alphabetical order, per language (filled after all docs are known).
    name_rank: [u32; 3],
    /// Units and channels whose hours decide "open at".
    /// Indices into `SearchIndex::hours` of the service's units and channels.
    hours: Vec<u32>,
}

pub struct SearchIndex {
    docs: Vec<DocMeta>,
    langs: [LangIndex; 3],
    analyzer: Analyzer,
    /// Opening hours of every unit and channel that a service refers to, by index
    /// (`DocMeta::hours`), so "open at" needs no map lookups.
    hours: Vec<OpeningHours>,
    /// (valid_from, valid_to) of each document as day numbers, kept apart from `docs`
    /// because every query reads them.
    validity: Vec<(i32, i32)>,
    /// Codes and languages used by the filters, as small numbers.
    interned: HashMap<String, u16>,
    /// Expansions of recent query words per language: real traffic repeats its words.
    expansions: RwLock<HashMap<(Lang, String), Expansion>>,
}

const EXPANSION_CACHE: usize = 20_000;

/// The stems a query word matches in one language, with how each matched.
type Expansion = Arc<Vec<(u32, MatchKind)>>;

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

const STOP: u32 = u32::MAX;

/// Accumulates postings while documents are added in order. Stemming is the slow
/// part of indexing, so each distinct word is stemmed once per language (`words`).
struct Builder<'a> {
    analyzer: &'a Analyzer,
    words: [HashMap<String, u32>; 3],
    stem_ids: [HashMap<String, u32>; 3],
    stems: [Vec<String>; 3],
    postings: [Vec<Vec<Posting>>; 3],
    /// The word to show for each stem: from the most important field it occurs in.
    shown: [Vec<(Field, String)>; 3],
}

impl Builder<'_> {
    fn add(&mut self, doc: u32, lang: Lang, field: Field, text: &str) {
        let li = lang_index(lang);
        for word in words(text) {
            let id = match self.words[li].get(&word) {
                Some(&id) => id,
                None => {
                    let id = if is_stop_word(lang, &word) {
                        STOP
                    } else {
                        let stem = self.analyzer.stem(lang, &word);
                        match self.stem_ids[li].get(&stem) {
                            Some(&id) => id,
                            None => {
                                let id = self.stems[li].len() as u32;
                                self.stem_ids[li].insert(stem.clone(), id);
                                self.stems[li].push(stem);
                                self.postings[li].push(Vec::new());
                                self.shown[li].push((field, word.clone()));
                                id
                            }
                        }
                    };
                    self.words[li].insert(word.clone(), id);
                    id
                }
            };
            if id == STOP {
                continue;
            }
            let postings = &mut self.postings[li][id as usize];
            match postings.last_mut() {
                Some(last) if last.doc == doc && last.field == field => last.tf = last.tf.saturating_add(1),
                _ => postings.push(Posting { doc, field, tf: 1, weight: 0.0 }),
            }
            let shown = &mut self.shown[li][id as usize];
            if field < shown.0 {
                *shown = (field, word);
            }
        }
    }
}

fn with_ancestors(reference: &Reference, kind: CodeKind, codes: &[String]) -> BTreeSet<String> {
    codes.iter().flat_map(|code| reference.with_ancestors(kind, code)).collect()
}

impl SearchIndex {
    pub fn build(catalog: &Catalog, reference: &Reference) -> SearchIndex {
        let analyzer = Analyzer::default();
        let mut builder = Builder {
            analyzer: &analyzer,
            words: Default::default(),
            stem_ids: Default::default(),
            stems: Default::default(),
            postings: Default::default(),
            shown: Default::default(),
        };
        let mut docs = Vec::with_capacity(catalog.services.len());
        let mut hours: Vec<OpeningHours> = Vec::new();
        let mut hours_index: HashMap<(bool, &Id), u32> = HashMap::new();
        let mut interned: HashMap<String, u16> = HashMap::new();
        for (doc, service) in catalog.services.values().enumerate() {
            let doc = doc as u32;
            let mut meta = doc_meta(catalog, reference, service, &mut interned);
            let units = catalog.units_of(service).into_iter().map(|u| ((true, &u.id), &u.opening_hours));
            let channels = catalog.channels_of(service).map(|c| ((false, &c.id), &c.hours));
            for (key, h) in units.chain(channels).filter(|(_, h)| h.is_known()) {
                let idx = *hours_index.entry(key).or_insert_with(|| {
                    hours.push(h.clone());
                    hours.len() as u32 - 1
                });
                meta.hours.push(idx);
            }
            docs.push(meta);
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
        for li in 0..3 {
            let mut order: Vec<usize> = (0..docs.len()).collect();
            order.sort_by(|&a, &b| docs[a].sort_names[li].cmp(&docs[b].sort_names[li]));
            for (rank, doc) in order.into_iter().enumerate() {
                docs[doc].name_rank[li] = rank as u32;
            }
        }
        let validity =
            docs.iter().map(|d| (day_number(d.valid_from), d.valid_to.map(day_number).unwrap_or(i32::MAX))).collect();
        let Builder { stems, postings, shown, .. } = builder;
        let langs: [LangIndex; 3] = Default::default();
        let mut index = SearchIndex {
            docs,
            langs,
            analyzer: Analyzer::default(),
            hours,
            validity,
            interned,
            expansions: RwLock::new(HashMap::new()),
        };
        for (li, ((stems, postings), shown)) in stems.into_iter().zip(postings).zip(shown).enumerate() {
            let lang = Lang::ALL[li];
            let mut entries: Vec<(String, Vec<Posting>, String)> =
                stems.into_iter().zip(postings).zip(shown).map(|((s, p), (_, w))| (s, p, w)).collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let target = &mut index.langs[li];
            for (stem, mut postings, shown) in entries {
                let idx = target.stems.len() as u32;
                for p in &mut postings {
                    p.weight = p.field.weight() * (1.0 + f32::from(p.tf).ln());
                }
                let mut doc_freq = 0u32;
                let mut previous = None;
                for p in &postings {
                    if previous != Some(p.doc) {
                        doc_freq += 1;
                        previous = Some(p.doc);
                    }
                }
                target.loose.entry(index.analyzer.loose(lang, &stem)).or_default().push(idx);
                target.chars.push(stem.chars().collect());
                target.shown.push(shown);
                target.doc_freq.push(doc_freq);
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

    pub fn search(&self, query: &Query) -> SearchResults {
        let n_docs = self.docs.len();
        let mut memo = OpenMemo(if query.filters.open_at.is_some() { vec![0; self.hours.len()] } else { Vec::new() });
        let prepared = self.prepare(query);
        // Filters are checked lazily, once per document reached (0 = not yet, 1 = passes, 2 = fails).
        // Per-document scratch arrays, kept per thread between queries (no allocation, no page faults).
        let mut scratch = SCRATCH.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        scratch.reset(n_docs);
        let Scratch { allowed, score, n_matched, name_hits, best_score, best, best_stamp, name_stamp } = &mut scratch;
        let mut passes = |doc: usize| {
            if allowed[doc] == 0 {
                allowed[doc] = if self.passes(doc, query, &prepared, &mut memo) { 1 } else { 2 };
            }
            allowed[doc] == 1
        };
        let mut candidates: Vec<u32> = Vec::new();

        let terms: Vec<String> = {
            let mut seen = BTreeSet::new();
            words(&query.text)
                .filter(|w| !Lang::ALL.iter().any(|l| is_stop_word(*l, w)))
                .filter(|w| seen.insert(w.clone()))
                .take(16)
                .collect()
        };

        // Dense per-document scratch; a stamp (query word number + 1) marks what this word touched.
        let mut found: Vec<(u32, u16, Compact)> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        for (term_no, term) in terms.iter().enumerate() {
            let stamp = term_no as u32 + 1;
            let expansions: Vec<(Lang, Expansion)> =
                Lang::ALL.into_iter().map(|lang| (lang, self.expand_cached(lang, term))).collect();
            // One idf per query word, from the most documents any of its forms reaches, so
            // that an exact match on a common word is not outranked by a weak match on a rare one.
            let reached = expansions
                .iter()
                .flat_map(|(lang, candidates)| {
                    let li = &self.langs[lang_index(*lang)];
                    candidates.iter().map(move |(idx, _)| li.doc_freq[*idx as usize])
                })
                .max()
                .unwrap_or(1);
            let idf = (1.0 + n_docs as f32 / reached.max(1) as f32).ln();
            touched.clear();
            for (lang, candidates) in expansions {
                let li = &self.langs[lang_index(lang)];
                let lang_factor = if lang == query.lang { 1.0 } else { 0.8 };
                for &(idx, kind) in candidates.iter() {
                    let weight = kind.quality() * lang_factor * idf;
                    for p in &li.postings[idx as usize] {
                        let doc = p.doc as usize;
                        if !passes(doc) {
                            continue;
                        }
                        if p.field == Field::Name && name_stamp[doc] != stamp {
                            name_stamp[doc] = stamp;
                            name_hits[doc] += 1;
                        }
                        let s = p.weight * weight;
                        let compact = Compact { lang, field: p.field, stem: idx, kind };
                        if best_stamp[doc] != stamp {
                            best_stamp[doc] = stamp;
                            best_score[doc] = s;
                            best[doc] = compact;
                            touched.push(p.doc);
                        } else if s > best_score[doc] {
                            best_score[doc] = s;
                            best[doc] = compact;
                        }
                    }
                }
            }
            for &doc in &touched {
                if n_matched[doc as usize] == 0 {
                    candidates.push(doc);
                }
                score[doc as usize] += best_score[doc as usize];
                n_matched[doc as usize] += 1;
                found.push((doc, term_no as u16, best[doc as usize]));
            }
        }
        // Keep the documents that match the most query words; a name holding every
        // query word is what the user most likely means.
        let most = if terms.is_empty() { 0 } else { n_matched.iter().copied().max().unwrap_or(0) };
        if !terms.is_empty() && most == 0 {
            return SearchResults::default();
        }
        let li = lang_index(query.lang);
        if terms.is_empty() {
            candidates = (0..n_docs as u32).filter(|&doc| passes(doc as usize)).collect();
        }
        let cos_lat = match query.sort {
            Sort::Distance { lat, .. } => lat.to_radians().cos(),
            _ => 1.0,
        };
        let mut hits: Vec<(u32, f32, Option<f64>)> = candidates
            .into_iter()
            .map(|doc| doc as usize)
            .filter(|&doc| n_matched[doc] == most)
            .map(|doc| {
                let boost =
                    if terms.is_empty() { 1.0 } else { 1.0 + 0.5 * f32::from(name_hits[doc]) / terms.len() as f32 };
                // For ordering, a flat-earth squared distance (cheap, same order at county
                // scale); the page's hits get the great-circle distance below.
                let distance = match query.sort {
                    Sort::Distance { lat, lon } => {
                        let k = cos_lat;
                        self.docs[doc]
                            .locations
                            .iter()
                            .map(|&(ulat, ulon)| (ulat - lat).powi(2) + ((ulon - lon) * k).powi(2))
                            .min_by(f64::total_cmp)
                    }
                    _ => None,
                };
                (doc as u32, score[doc] * boost, distance)
            })
            .collect();
        let total = hits.len();
        let by_name = |a: u32, b: u32| self.docs[a as usize].name_rank[li].cmp(&self.docs[b as usize].name_rank[li]);
        let order = |a: &(u32, f32, Option<f64>), b: &(u32, f32, Option<f64>)| match query.sort {
            Sort::Distance { .. } => {
                let (da, db) = (a.2.unwrap_or(f64::INFINITY), b.2.unwrap_or(f64::INFINITY));
                da.total_cmp(&db).then_with(|| b.1.total_cmp(&a.1)).then_with(|| by_name(a.0, b.0))
            }
            Sort::Name => by_name(a.0, b.0),
            Sort::Relevance => b.1.total_cmp(&a.1).then_with(|| by_name(a.0, b.0)),
        };
        // Only the requested page needs full order: select it, then sort it.
        let per_page = query.per_page.max(1);
        let start = query.page.saturating_sub(1).saturating_mul(per_page);
        let end = start.saturating_add(per_page).min(total);
        if start >= total {
            return SearchResults { hits: Vec::new(), total };
        }
        if end < total {
            hits.select_nth_unstable_by(end, order);
            hits.truncate(end);
        }
        hits.sort_unstable_by(order);
        let page: Vec<(u32, f32, Option<f64>)> = hits
            .drain(start..)
            .map(|(doc, score, distance)| {
                let exact = match query.sort {
                    Sort::Distance { lat, lon } => self.docs[doc as usize]
                        .locations
                        .iter()
                        .map(|&(ulat, ulon)| domain::geo::distance_m(lat, lon, ulat, ulon))
                        .min_by(f64::total_cmp),
                    _ => distance,
                };
                (doc, score, exact)
            })
            .collect();
        // Mark the page's documents (3 in the filter memo), then pick their matches.
        let mut page_matches: Vec<(u32, Vec<(u16, Compact)>)> = page.iter().map(|h| (h.0, Vec::new())).collect();
        for h in &page {
            allowed[h.0 as usize] = 3;
        }
        for (doc, term_no, compact) in found {
            if allowed[doc as usize] == 3
                && let Some((_, list)) = page_matches.iter_mut().find(|(d, _)| *d == doc)
            {
                list.push((term_no, compact));
            }
        }
        let hits = page
            .into_iter()
            .map(|(doc, s, distance_m)| {
                let mut list = page_matches
                    .iter_mut()
                    .find(|(d, _)| *d == doc)
                    .map(|(_, list)| std::mem::take(list))
                    .unwrap_or_default();
                list.sort_by_key(|(term_no, _)| *term_no);
                Hit {
                    service: self.docs[doc as usize].id.clone(),
                    score: s,
                    distance_m,
                    matches: list
                        .into_iter()
                        .map(|(term_no, c)| Match {
                            term: terms[term_no as usize].clone(),
                            lang: c.lang,
                            field: c.field,
                            matched: self.langs[lang_index(c.lang)].shown[c.stem as usize].clone(),
                            kind: c.kind,
                        })
                        .collect(),
                }
            })
            .collect();
        SCRATCH.with(|cell| *cell.borrow_mut() = scratch);
        SearchResults { hits, total }
    }

    fn open_at(&self, doc: &DocMeta, at: NaiveDateTime, memo: &mut OpenMemo) -> bool {
        doc.hours.iter().any(|&i| {
            let slot = &mut memo.0[i as usize];
            if *slot == 0 {
                *slot = if self.hours[i as usize].is_open_at(at) == Some(true) { 1 } else { 2 };
            }
            *slot == 1
        })
    }

    /// [`Self::expand`], remembered for repeated words.
    fn expand_cached(&self, lang: Lang, word: &str) -> Expansion {
        let key = (lang, word.to_owned());
        if let Some(hit) = self.expansions.read().ok().and_then(|cache| cache.get(&key).cloned()) {
            return hit;
        }
        let expanded = Arc::new(self.expand(lang, word));
        if let Ok(mut cache) = self.expansions.write() {
            if cache.len() >= EXPANSION_CACHE {
                cache.clear();
            }
            cache.insert(key, expanded.clone());
        }
        expanded
    }

    /// The query's filters as numbers, looked up once per query.
    fn prepare(&self, query: &Query) -> Prepared {
        let f = &query.filters;
        let intern =
            |v: &Option<String>| v.as_ref().map(|v| self.interned.get(v.as_str()).copied().unwrap_or(u16::MAX));
        Prepared {
            on: day_number(query.on),
            any: *f != Filters::default(),
            municipality: f.municipality.as_deref().map(municipality_number),
            target_group: intern(&f.target_group),
            service_class: intern(&f.service_class),
            language: f.language.as_ref().map(|l| self.interned.get(&format!("lang:{l}")).copied().unwrap_or(u16::MAX)),
        }
    }

    fn passes(&self, doc_no: usize, query: &Query, prepared: &Prepared, open: &mut OpenMemo) -> bool {
        let (from, to) = self.validity[doc_no];
        if !(from <= prepared.on && prepared.on <= to) {
            return false;
        }
        if !prepared.any {
            return true;
        }
        let f = &query.filters;
        let doc = &self.docs[doc_no];
        f.tier.is_none_or(|t| doc.tier == t)
            && f.channel.is_none_or(|c| doc.channels.contains(&c))
            && f.producer_kind.is_none_or(|k| doc.producer_kinds.contains(&k))
            && prepared.language.is_none_or(|l| doc.languages.contains(&l))
            && prepared.target_group.is_none_or(|t| doc.target_groups.contains(&t))
            && prepared.service_class.is_none_or(|c| doc.service_classes.contains(&c))
            && prepared.municipality.is_none_or(|m| doc.municipalities.as_ref().is_none_or(|set| set.contains(&m)))
            && f.open_at.is_none_or(|at| self.open_at(doc, at, open))
    }
}

fn day_number(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

/// A municipality code as a number (`"018"` → 18); unknown shapes map to a value no code has.
fn municipality_number(code: &str) -> u16 {
    code.parse().unwrap_or(u16::MAX)
}

#[derive(Default)]
struct Scratch {
    allowed: Vec<u8>,
    score: Vec<f32>,
    n_matched: Vec<u16>,
    name_hits: Vec<u16>,
    best_score: Vec<f32>,
    best: Vec<Compact>,
    best_stamp: Vec<u32>,
    name_stamp: Vec<u32>,
}

impl Scratch {
    fn reset(&mut self, n: usize) {
        fn fill<T: Copy>(v: &mut Vec<T>, n: usize, value: T) {
            v.clear();
            v.resize(n, value);
        }
        fill(&mut self.allowed, n, 0);
        fill(&mut self.score, n, 0.0);
        fill(&mut self.n_matched, n, 0);
        fill(&mut self.name_hits, n, 0);
        fill(&mut self.best_score, n, 0.0);
        fill(&mut self.best, n, Compact::default());
        fill(&mut self.best_stamp, n, 0);
        fill(&mut self.name_stamp, n, 0);
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// A query's filters in the index's numbers.
struct Prepared {
    on: i32,
    any: bool,
    municipality: Option<u16>,
    target_group: Option<u16>,
    service_class: Option<u16>,
    language: Option<u16>,
}

/// Per query: whether each unit (by index) is open at the asked time, computed on first need.
struct OpenMemo(Vec<u8>);

fn intern(interned: &mut HashMap<String, u16>, values: impl IntoIterator<Item = String>) -> Vec<u16> {
    let mut out: Vec<u16> = values
        .into_iter()
        .map(|v| {
            let next = interned.len() as u16;
            *interned.entry(v).or_insert(next)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn doc_meta(
    catalog: &Catalog,
    reference: &Reference,
    service: &Service,
    interned: &mut HashMap<String, u16>,
) -> DocMeta {
    let units = catalog.units_of(service);
    let municipalities = if service.area.is_empty() {
        catalog
            .organizations
            .get(&service.organiser)
            .filter(|o| o.kind == OrgKind::Municipality)
            .and_then(|o| o.municipality.as_deref())
            .map(|m| vec![municipality_number(m)])
    } else {
        let mut set: Vec<u16> = service.area.iter().map(|c| municipality_number(c)).collect();
        set.extend(units.iter().map(|u| municipality_number(&u.address.municipality)));
        set.sort_unstable();
        set.dedup();
        Some(set)
    };
    let languages: Vec<String> = service
        .languages
        .iter()
        .cloned()
        .chain(catalog.channels_of(service).flat_map(|c| c.languages.iter().cloned()))
        .collect();
    let mut producer_kinds: Vec<OrgKind> = catalog.producers_of(service).map(|(_, o)| o.kind).collect();
    producer_kinds.sort();
    producer_kinds.dedup();
    DocMeta {
        id: service.id.clone(),
        valid_from: service.valid_from(),
        valid_to: service.valid_to(),
        tier: service.tier,
        municipalities,
        target_groups: intern(interned, with_ancestors(reference, CodeKind::TargetGroup, &service.target_groups)),
        service_classes: intern(interned, with_ancestors(reference, CodeKind::ServiceClass, &service.service_classes)),
        languages: intern(interned, languages.into_iter().map(|l| format!("lang:{l}"))),
        channels: catalog.channel_kinds_of(service),
        producer_kinds,
        locations: units.iter().map(|u| (u.location.lat, u.location.lon)).collect(),
        sort_names: Lang::ALL.map(|l| service.name.show(l).to_lowercase()),
        name_rank: [0; 3],
        hours: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
