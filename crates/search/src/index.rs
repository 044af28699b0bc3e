//! The inverted index, its filters and its ranking, kept up to date write by write.
//!
//! A write does not rebuild the index: [`SearchIndex::updated`] re-indexes only the
//! services it touched and shares everything else with the previous index, which stays
//! whole for the requests still reading it. Posting lists live per stem behind `Arc`s in a
//! persistent vector (`imbl`), documents keep their numbers, and the vocabulary only grows.
//! Nothing in the ranking depends on the order in which documents were added (ties go by
//! name, then id; a stem's shown word is the first by field, then id), so an index kept up
//! to date answers every query exactly as one built from scratch over the same catalog
//! (property test `tests/it/incremental.rs`).

use crate::synonyms::{Synonyms, Term, as_one_word, phrases};
use crate::text::{Analyzer, bounded_levenshtein, is_stop_word, lang_index, words};
use chrono::{NaiveDate, NaiveDateTime};
use domain::OpeningHours;
use domain::catalog::{Dated, EntityKind};
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
    /// Municipalities and units.
    Where,
    /// Names of the service's producers: matched only exactly or by prefix (issue 19), so
    /// that a typo of another word ("kotihoito" for "Kotihoiva") does not bring in their services.
    Producer,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::Keywords,
        Field::Summary,
        Field::Description,
        Field::Classes,
        Field::Where,
        Field::Producer,
    ];

    fn weight(self) -> f32 {
        match self {
            Field::Name => 4.0,
            Field::Keywords => 3.0,
            Field::Summary => 1.5,
            Field::Description => 1.0,
            Field::Classes => 1.0,
            Field::Where => 1.2,
            Field::Producer => 1.2,
        }
    }

    /// BM25's term weight within one text of this field (`tf` occurrences in a text of
    /// `length` words), times the field's weight: saturating in `tf`, and a word weighs more
    /// in a short text than in a long one, most in a name (BM25F with fixed average lengths,
    /// so that the weight depends on the document alone and an index kept up to date write
    /// by write equals one built from scratch).
    fn bm25(self, tf: u16, length: u16) -> f32 {
        const K1: f32 = 1.2;
        // (average words in one text of the field, length normalisation b)
        let (average, b) = match self {
            Field::Name => (3.0, 0.75),
            Field::Keywords => (2.0, 0.5),
            Field::Summary => (15.0, 0.5),
            Field::Description => (60.0, 0.5),
            Field::Classes => (3.0, 0.3),
            Field::Where => (3.0, 0.3),
            Field::Producer => (3.0, 0.3),
        };
        let tf = f32::from(tf.max(1));
        let norm = 1.0 - b + b * f32::from(length.max(1)) / average;
        self.weight() * tf * (K1 + 1.0) / (tf + K1 * norm)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Keywords => "keywords",
            Field::Summary => "summary",
            Field::Description => "description",
            Field::Classes => "classes",
            Field::Where => "where",
            Field::Producer => "producer",
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

/// Marks a stop word in the per-update word memo.
const STOP: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    field: Field,
    /// The first word of this field that gave the stem (index into `Stem::surfaces`).
    word: u16,
    /// Field weight × (1 + ln tf), computed when the posting is made.
    weight: f32,
}

/// A vector shared between indexes in chunks of [`CHUNK`]: cloning copies one pointer a
/// chunk, changing an element copies its chunk, and reading is two indexings (hot in
/// "open at" filtering, where a persistent tree's lookups showed).
#[derive(Debug, Clone)]
struct Chunks<T>(Vec<Arc<Vec<T>>>, usize);

impl<T> Default for Chunks<T> {
    fn default() -> Chunks<T> {
        Chunks(Vec::new(), 0)
    }
}

impl<T: Clone> Chunks<T> {
    fn len(&self) -> usize {
        self.1
    }

    fn get(&self, i: usize) -> &T {
        &self.0[i / CHUNK][i % CHUNK]
    }

    fn set(&mut self, i: usize, value: T) {
        Arc::make_mut(&mut self.0[i / CHUNK])[i % CHUNK] = value;
    }

    fn push(&mut self, value: T) {
        if self.1.is_multiple_of(CHUNK) {
            self.0.push(Arc::new(Vec::with_capacity(CHUNK)));
        }
        if let Some(last) = self.0.last_mut() {
            Arc::make_mut(last).push(value);
        }
        self.1 += 1;
    }
}

/// Postings per chunk: small enough that copying one on a write is cheap, large enough
/// that a query walks few chunks.
const CHUNK: usize = 256;

/// A posting list in chunks by document number, each behind an `Arc` (copy on write).
#[derive(Debug, Clone, Default)]
struct Postings(Vec<Arc<Vec<Posting>>>);

impl Postings {
    fn iter(&self) -> impl Iterator<Item = &Posting> {
        self.0.iter().flat_map(|chunk| chunk.iter())
    }

    /// The chunk that holds, or would hold, `doc`'s postings.
    fn chunk_of(&self, doc: u32) -> usize {
        // The first chunk whose last document is at or after `doc`, else the last chunk.
        let i = self.0.partition_point(|c| c.last().is_some_and(|p| p.doc < doc));
        i.min(self.0.len().saturating_sub(1))
    }

    /// `doc`'s postings (a document's postings are in one chunk).
    fn of(&self, doc: u32) -> &[Posting] {
        if self.0.is_empty() {
            return &[];
        }
        let chunk = &self.0[self.chunk_of(doc)];
        let start = chunk.partition_point(|p| p.doc < doc);
        let end = start + chunk[start..].iter().take_while(|p| p.doc == doc).count();
        &chunk[start..end]
    }

    /// Takes out `doc`'s postings; whether it had any.
    fn remove(&mut self, doc: u32) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let i = self.chunk_of(doc);
        let chunk = &self.0[i];
        let start = chunk.partition_point(|p| p.doc < doc);
        let end = start + chunk[start..].iter().take_while(|p| p.doc == doc).count();
        if start == end {
            return false;
        }
        let chunk = Arc::make_mut(&mut self.0[i]);
        chunk.drain(start..end);
        if chunk.is_empty() {
            self.0.remove(i);
        }
        true
    }

    /// Puts in `doc`'s postings (it has none), keeping the order.
    fn insert(&mut self, doc: u32, postings: Vec<Posting>) {
        if self.0.is_empty() {
            self.0.push(Arc::new(postings));
            return;
        }
        let i = self.chunk_of(doc);
        let chunk = Arc::make_mut(&mut self.0[i]);
        let at = chunk.partition_point(|p| p.doc < doc);
        chunk.splice(at..at, postings);
        if chunk.len() > 2 * CHUNK {
            // Split between documents: a document's postings stay in one chunk.
            let mut at = CHUNK;
            while at < chunk.len() && chunk[at].doc == chunk[at - 1].doc {
                at += 1;
            }
            let tail = chunk.split_off(at);
            self.0.insert(i + 1, Arc::new(tail));
        }
    }
}

/// One stem of one language's vocabulary with its postings.
#[derive(Debug, Clone)]
struct Stem {
    text: Box<str>,
    chars: Box<[char]>,
    loose: Box<str>,
    /// By document number, then field, in chunks of about [`CHUNK`] postings shared between
    /// indexes: a write copies only the chunk its document is in, not a common stem's whole list.
    postings: Postings,
    /// Number of distinct documents in `postings`.
    doc_freq: u32,
    /// The words of the catalog that gave this stem, as written (lower-cased).
    surfaces: Vec<Box<str>>,
    /// The posting whose word is shown to users: the lowest field, then the first service
    /// by id (what a build in id order would meet first). (field, document, word).
    shown: Option<(Field, u32, u16)>,
}

impl Stem {
    fn new(text: &str, analyzer: &Analyzer, lang: Lang) -> Stem {
        Stem {
            text: text.into(),
            chars: text.chars().collect(),
            loose: match text.strip_prefix(JOINED) {
                Some(pair) => format!("{JOINED}{}", analyzer.loose(lang, pair)).into(),
                None => analyzer.loose(lang, text).into(),
            },
            postings: Postings::default(),
            doc_freq: 0,
            surfaces: Vec::new(),
            shown: None,
        }
    }

    fn surface(&mut self, word: &str) -> u16 {
        // The same word again is the common case.
        if self.surfaces.last().is_some_and(|w| &**w == word) {
            return (self.surfaces.len() - 1) as u16;
        }
        match self.surfaces.iter().position(|w| &**w == word) {
            Some(i) => i as u16,
            None if self.surfaces.len() < usize::from(u16::MAX) => {
                self.surfaces.push(word.into());
                (self.surfaces.len() - 1) as u16
            }
            None => 0,
        }
    }

    /// The word to show for this stem.
    fn shown_word(&self) -> &str {
        self.shown.and_then(|(_, _, w)| self.surfaces.get(usize::from(w))).map_or(&*self.text, |w| &**w)
    }
}

/// One language's vocabulary. Stems are numbered in the order they first appear and are
/// never renumbered or dropped (a stem whose documents all changed keeps empty postings,
/// which matches and weighs nothing), so a query word's expansion, once computed, stays
/// valid for every later index of the same lineage and only needs the new stems checked.
#[derive(Clone, Default)]
struct LangIndex {
    stems: imbl::Vector<Arc<Stem>>,
    ids: imbl::HashMap<Arc<str>, u32>,
}

/// What the filters and the ranking need to know of a service, precomputed.
#[derive(Debug, Clone)]
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
    sort_names: Arc<[String; 3]>,
    /// The first eight bytes of each sort name, big-endian: most name comparisons end here.
    name_keys: [u64; 3],
    /// Indices into `SearchIndex::hours` of the service's units and channels whose hours
    /// decide "open at".
    hours: Vec<u32>,
    /// The stems this document has postings in, per language (to take them out again).
    terms: Arc<[Vec<u32>; 3]>,
    /// Distinct words of the name per language, place names left out: a query that
    /// matches them all matches the whole name.
    name_len: [u8; 3],
}

impl DocMeta {
    /// Alphabetical order by name in one language; ties by id (total, and independent of
    /// the order in which documents were added).
    fn cmp_name(&self, other: &DocMeta, li: usize) -> std::cmp::Ordering {
        self.name_keys[li]
            .cmp(&other.name_keys[li])
            .then_with(|| self.sort_names[li].cmp(&other.sort_names[li]))
            .then_with(|| self.id.cmp(&other.id))
    }
}

fn name_key(name: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (b, n) in bytes.iter_mut().zip(name.bytes()) {
        *b = n;
    }
    u64::from_be_bytes(bytes)
}

/// The index of one catalog snapshot. Cloning shares everything; [`SearchIndex::updated`]
/// makes the next snapshot's index by re-indexing only the services a write touched.
#[derive(Clone)]
pub struct SearchIndex {
    /// By document number (the order services were first indexed in).
    docs: Chunks<DocMeta>,
    /// (valid_from, valid_to) of each document as day numbers, kept apart from `docs`
    /// because every query reads them. A service no longer in the catalog gets [`GONE`].
    validity: Vec<(i32, i32)>,
    by_id: imbl::OrdMap<Id, u32>,
    /// Per language, the documents in name order ([`DocMeta::cmp_name`]) and each document's
    /// place in it: sorting by name compares two numbers. Kept up to date per write by
    /// taking the changed documents out and putting them back in their place.
    name_order: [Arc<Vec<u32>>; 3],
    name_rank: [Arc<Vec<u32>>; 3],
    langs: [LangIndex; 3],
    analyzer: Arc<Analyzer>,
    /// Opening hours of every unit and channel that a service refers to, by slot
    /// (`DocMeta::hours`), so "open at" is computed once per unit per query.
    hours: Chunks<OpeningHours>,
    hour_slots: imbl::HashMap<(bool, Id), u32>,
    /// Codes and languages used by the filters, as small numbers.
    interned: Arc<HashMap<String, u16>>,
    /// Expansions of recent query words per language: real traffic repeats its words.
    /// Shared by every index of one lineage (see [`LangIndex`]).
    expansions: Arc<RwLock<HashMap<(Lang, String), Cached>>>,
    /// Words already stemmed, per language: stemming is the slow part of indexing, and a
    /// write re-indexes words the catalog has used before. A pure function's memo, shared
    /// by the indexes of one lineage.
    stemmed: StemMemo,
    /// What residents type beside what the catalog calls it.
    synonyms: Arc<Synonyms>,
    /// The words of municipalities' names ([`place_words`]).
    places: Arc<std::collections::HashSet<String>>,
}

/// Word (per language) → stem.
type StemMemo = Arc<RwLock<HashMap<(Lang, String), Arc<str>>>>;

const STEMMED: usize = 400_000;

/// Validity that no date passes: a document whose service has left the catalog.
const GONE: (i32, i32) = (i32::MAX, i32::MIN);

const EXPANSION_CACHE: usize = 20_000;

/// The stems a query word matches in one language, with how each matched, in the stems'
/// alphabetical order (so that ties resolve the same way in every index).
type Expansion = Arc<Vec<(u32, MatchKind)>>;

#[derive(Clone)]
struct Cached {
    /// Vocabulary size the expansion was computed over.
    vocab: usize,
    stems: Expansion,
}

/// A query word prepared for matching against stems.
struct QueryWord {
    stem: String,
    chars: Vec<char>,
    loose: String,
    max_edits: usize,
}

impl QueryWord {
    fn new(analyzer: &Analyzer, lang: Lang, word: &str) -> QueryWord {
        let stem = analyzer.stem(lang, word);
        let chars: Vec<char> = stem.chars().collect();
        let max_edits = match chars.len() {
            0..=3 => 0,
            4..=7 => 1,
            _ => 2,
        };
        QueryWord { loose: analyzer.loose(lang, &stem), stem, chars, max_edits }
    }

    /// How (at best) this word matches a stem, if at all.
    fn matches(&self, s: &Stem) -> Option<MatchKind> {
        if let Some(pair) = s.text.strip_prefix(JOINED) {
            return if pair == self.stem {
                Some(MatchKind::Stem)
            } else if s.loose.strip_prefix(JOINED) == Some(self.loose.as_str()) {
                Some(MatchKind::Inflection)
            } else {
                None
            };
        }
        let n_chars = self.chars.len();
        let mut kind: Option<MatchKind> = None;
        if *s.text == *self.stem {
            return Some(MatchKind::Stem);
        }
        if *s.loose == *self.loose {
            kind = Some(MatchKind::Inflection);
        }
        if kind.is_none() && n_chars >= 3 && s.text.starts_with(self.stem.as_str()) {
            kind = Some(MatchKind::Prefix);
        }
        if kind.is_none() && n_chars >= 4 && s.text.len() > self.stem.len() {
            let rest = s.text.char_indices().nth(1).map_or("", |(i, _)| &s.text[i..]);
            if rest.contains(self.stem.as_str()) {
                kind = Some(MatchKind::CompoundPart);
            }
        }
        if kind.is_none()
            && self.max_edits > 0
            && bounded_levenshtein(&self.chars, &s.chars, self.max_edits) <= self.max_edits
        {
            kind = Some(MatchKind::Typo);
        }
        kind
    }
}

/// Stems being changed by one [`SearchIndex::updated`], per language.
#[derive(Default)]
struct Work {
    /// Copies of the stems touched, and new stems, by stem number.
    stems: HashMap<u32, Stem>,
    /// Stems whose shown posting was taken out: found again from their postings.
    rescan: BTreeSet<u32>,
    /// Words already stemmed in this update (stemming is the slow part of indexing).
    words: HashMap<String, u32>,
    /// Number of stems, new ones included.
    next: u32,
}

impl Work {
    fn stem<'a>(&'a mut self, lang: &LangIndex, id: u32) -> &'a mut Stem {
        self.stems.entry(id).or_insert_with(|| Stem::clone(&lang.stems[id as usize]))
    }
}

/// What one text of a field is indexed as: its words (the word, no surface of its own) and,
/// in names and keywords, each two adjacent words joined (`omaishoidontuki` from *Omaishoidon
/// tuki*, shown as "omaishoidon tuki"), so that a compound written together finds the words
/// written apart, and two words typed together find them only next to each other.
fn tokens(
    field: Field,
    text: &str,
    lang: Lang,
    places: &std::collections::HashSet<String>,
) -> Vec<(String, Option<String>)> {
    let all: Vec<String> = words(text).collect();
    let mut out: Vec<(String, Option<String>)> = all.iter().map(|w| (w.clone(), None)).collect();
    if matches!(field, Field::Name | Field::Keywords) {
        for pair in all.windows(2) {
            if pair.iter().all(|w| joinable(lang, w, places)) {
                out.push((format!("{JOINED}{}{}", pair[0], pair[1]), Some(format!("{} {}", pair[0], pair[1]))));
            }
        }
    }
    out
}

/// Whether a word may be joined with its neighbour: not a stop word, a number or a place
/// (a service in Tampere is found by "kotihoito tampere" whether its name says Tampere or not).
fn joinable(lang: Lang, word: &str, places: &std::collections::HashSet<String>) -> bool {
    !is_stop_word(lang, word) && !word.chars().all(|c| c.is_ascii_digit()) && !places.contains(word)
}

/// Marks the stems of two adjacent words joined: they match a query word only exactly or as
/// an inflection, never by prefix, compound part or typo (`hoitola` is no prefix of
/// *hoito lahti*). Never in a word (words are letters and digits).
const JOINED: char = '+';

/// The words of every municipality's name in every language ("porvoo", "borgå"): a
/// service's name that ends in its place is still matched whole without it.
fn place_words(reference: &Reference) -> std::collections::HashSet<String> {
    reference
        .municipalities
        .values()
        .flat_map(|m| Lang::ALL.into_iter().filter_map(|l| m.name.get(l)).flat_map(words).collect::<Vec<_>>())
        .collect()
}

fn with_ancestors(reference: &Reference, kind: CodeKind, codes: &[String]) -> BTreeSet<String> {
    codes.iter().flat_map(|code| reference.with_ancestors(kind, code)).collect()
}

/// The texts of a service in one language, field by field, in the order they are indexed.
fn texts<'a>(
    catalog: &'a Catalog,
    reference: &'a Reference,
    service: &'a Service,
    lang: Lang,
) -> Vec<(Field, &'a str)> {
    let mut out: Vec<(Field, &str)> = Vec::new();
    if let Some(t) = service.name.get(lang) {
        out.push((Field::Name, t));
    }
    for k in service.keywords.get(lang) {
        out.push((Field::Keywords, k));
    }
    if let Some(t) = service.summary.get(lang) {
        out.push((Field::Summary, t));
    }
    if let Some(t) = service.description.get(lang) {
        out.push((Field::Description, t));
    }
    for (kind, codes) in
        [(CodeKind::ServiceClass, &service.service_classes), (CodeKind::TargetGroup, &service.target_groups)]
    {
        for code in codes {
            if let Some(t) = reference.code(kind, code).and_then(|c| c.name.get(lang)) {
                out.push((Field::Classes, t));
            }
        }
    }
    for code in &service.area {
        if let Some(t) = reference.municipality(code).and_then(|m| m.name.get(lang)) {
            out.push((Field::Where, t));
        }
    }
    for unit in catalog.units_of(service) {
        if let Some(t) = unit.name.get(lang) {
            out.push((Field::Where, t));
        }
        if let Some(t) = reference.municipality(&unit.address.municipality).and_then(|m| m.name.get(lang)) {
            out.push((Field::Where, t));
        }
    }
    for (_, org) in catalog.producers_of(service) {
        if let Some(t) = org.name.get(lang) {
            out.push((Field::Producer, t));
        }
    }
    out
}

impl SearchIndex {
    /// The index of a whole catalog.
    pub fn build(catalog: &Catalog, reference: &Reference) -> SearchIndex {
        let ids: Vec<Id> = catalog.services.keys().cloned().collect();
        SearchIndex::empty().updated(catalog, reference, &ids)
    }

    fn empty() -> SearchIndex {
        SearchIndex {
            docs: Chunks::default(),
            validity: Vec::new(),
            by_id: imbl::OrdMap::new(),
            name_order: Default::default(),
            name_rank: Default::default(),
            langs: Default::default(),
            analyzer: Arc::new(Analyzer::default()),
            hours: Chunks::default(),
            hour_slots: imbl::HashMap::new(),
            interned: Arc::new(HashMap::new()),
            expansions: Arc::new(RwLock::new(HashMap::new())),
            stemmed: Arc::new(RwLock::new(HashMap::new())),
            synonyms: Arc::new(Synonyms::builtin()),
            places: Arc::default(),
        }
    }

    /// A word's stem, from the memo or the stemmer.
    fn stem_of(&self, lang: Lang, word: &str, fresh: &mut Vec<((Lang, String), Arc<str>)>) -> Arc<str> {
        let key = (lang, word.to_owned());
        if let Some(stem) = self.stemmed.read().ok().and_then(|m| m.get(&key).cloned()) {
            return stem;
        }
        let stem: Arc<str> = Arc::from(self.analyzer.stem(lang, word));
        fresh.push((key, stem.clone()));
        stem
    }

    /// The services whose entries in the index a change to these objects can alter: the
    /// changed services themselves, and every service of `catalog` that refers to a changed
    /// unit (directly or through a channel), channel or organization (organiser or producer).
    pub fn affected(catalog: &Catalog, changed: &[(EntityKind, Id)]) -> Vec<Id> {
        let of = |kind: EntityKind| -> BTreeSet<&Id> {
            changed.iter().filter(|(k, _)| *k == kind).map(|(_, id)| id).collect()
        };
        let (orgs, units, channels) = (of(EntityKind::Organization), of(EntityKind::Unit), of(EntityKind::Channel));
        let mut out: BTreeSet<Id> = of(EntityKind::Service).into_iter().cloned().collect();
        if orgs.is_empty() && units.is_empty() && channels.is_empty() {
            return out.into_iter().collect();
        }
        // Channels at a changed unit count as changed channels.
        let mut channels: BTreeSet<&Id> = channels;
        if !units.is_empty() {
            channels.extend(
                catalog.channels.values().filter(|c| c.unit.as_ref().is_some_and(|u| units.contains(u))).map(|c| &c.id),
            );
        }
        for service in catalog.services.values() {
            let hit = orgs.contains(&service.organiser)
                || service.producers.iter().any(|p| orgs.contains(&p.organization))
                || service.units.iter().any(|u| units.contains(u))
                || service.channels.iter().any(|c| channels.contains(c));
            if hit {
                out.insert(service.id.clone());
            }
        }
        out.into_iter().collect()
    }

    /// The index of `catalog`, made from this one (the index of an earlier version of the
    /// same catalog) by re-indexing `services`, which must include every service that
    /// changed or whose units, channels or organizations changed ([`SearchIndex::affected`]).
    /// A service listed that is no longer in `catalog` leaves the index. Everything not
    /// re-indexed is shared with `self`, which stays as it was for its readers.
    pub fn updated(&self, catalog: &Catalog, reference: &Reference, services: &[Id]) -> SearchIndex {
        let mut next = self.clone();
        if next.places.is_empty() {
            next.places = Arc::new(place_words(reference));
        }
        let places = next.places.clone();
        let mut work: [Work; 3] = Default::default();
        for (li, w) in work.iter_mut().enumerate() {
            w.next = next.langs[li].stems.len() as u32;
        }
        let mut seen: BTreeSet<&Id> = BTreeSet::new();
        let base = next.docs.len() as u32;
        let in_order = services.windows(2).all(|w| w[0] < w[1]);
        let mut fresh: Vec<((Lang, String), Arc<str>)> = Vec::new();
        // Documents whose postings were added, per stem: (field, doc, word), to pick the shown word.
        let mut added: [HashMap<u32, (Field, u32, u16)>; 3] = Default::default();
        for id in services {
            if !seen.insert(id) {
                continue;
            }
            let old = next.by_id.get(id).copied();
            if let Some(doc) = old {
                let meta = next.docs.get(doc as usize).terms.clone();
                for (li, w) in work.iter_mut().enumerate() {
                    for &stem_id in &meta[li] {
                        let stem = w.stem(&next.langs[li], stem_id);
                        if stem.postings.remove(doc) {
                            stem.doc_freq -= 1;
                        }
                        if stem.shown.is_some_and(|(_, d, _)| d == doc) {
                            stem.shown = None;
                            w.rescan.insert(stem_id);
                        }
                    }
                }
            }
            let Some(service) = catalog.services.get(id) else {
                if let Some(doc) = old {
                    next.by_id.remove(id);
                    next.validity[doc as usize] = GONE;
                }
                continue;
            };
            let doc = match old {
                Some(doc) => doc,
                None => {
                    let doc = next.docs.len() as u32;
                    next.by_id.insert(id.clone(), doc);
                    next.validity.push(GONE);
                    next.docs.push(DocMeta::placeholder(id));
                    doc
                }
            };
            let mut meta = doc_meta(catalog, reference, service, Arc::make_mut(&mut next.interned));
            let units = catalog.units_of(service).into_iter().map(|u| ((true, &u.id), &u.opening_hours));
            let channels = catalog.channels_of(service).map(|c| ((false, &c.id), &c.hours));
            for ((is_unit, hid), h) in units.chain(channels).filter(|(_, h)| h.is_known()) {
                let key = (is_unit, hid.clone());
                let slot = match next.hour_slots.get(&key) {
                    Some(&slot) => {
                        if next.hours.get(slot as usize) != h {
                            next.hours.set(slot as usize, h.clone());
                        }
                        slot
                    }
                    None => {
                        next.hours.push(h.clone());
                        let slot = next.hours.len() as u32 - 1;
                        next.hour_slots.insert(key, slot);
                        slot
                    }
                };
                if !meta.hours.contains(&slot) {
                    meta.hours.push(slot);
                }
            }
            let mut new_terms: [Vec<u32>; 3] = Default::default();
            for (li, lang) in Lang::ALL.into_iter().enumerate() {
                // (stem, field) → (tf, first word, words in the shortest text it came from), in the order met.
                let mut fields: Vec<((u32, Field), u16, String, u16)> = Vec::new();
                let mut slots: HashMap<(u32, Field), usize> = HashMap::new();
                // The name's own words (not place names), for "the whole name matched".
                let mut name_stems: Vec<u32> = Vec::new();
                let w = &mut work[li];
                for (field, text) in texts(catalog, reference, service, lang) {
                    let length = words(text).count().min(usize::from(u16::MAX)) as u16;
                    for (word, surface) in tokens(field, text, lang, &places) {
                        let bigram = surface.is_some();
                        let stem_id = match w.words.get(&word) {
                            Some(&id) => id,
                            None => {
                                let id = if is_stop_word(lang, &word) {
                                    STOP
                                } else {
                                    let stem = match word.strip_prefix(JOINED) {
                                        Some(pair) => {
                                            Arc::from(format!("{JOINED}{}", next.stem_of(lang, pair, &mut fresh)))
                                        }
                                        None => next.stem_of(lang, &word, &mut fresh),
                                    };
                                    match next.langs[li].ids.get(&*stem) {
                                        Some(&id) => id,
                                        None => {
                                            let id = w.next;
                                            w.next += 1;
                                            w.stems.insert(id, Stem::new(&stem, &next.analyzer, lang));
                                            next.langs[li].ids.insert(stem, id);
                                            id
                                        }
                                    }
                                };
                                w.words.insert(word.clone(), id);
                                id
                            }
                        };
                        if stem_id == STOP {
                            continue;
                        }
                        if field == Field::Name
                            && !bigram
                            && !places.contains(word.as_str())
                            && !name_stems.contains(&stem_id)
                        {
                            name_stems.push(stem_id);
                        }
                        let word = surface.unwrap_or(word);
                        match slots.get(&(stem_id, field)) {
                            Some(&i) => {
                                fields[i].1 = fields[i].1.saturating_add(1);
                                fields[i].3 = fields[i].3.min(length);
                            }
                            None => {
                                slots.insert((stem_id, field), fields.len());
                                fields.push(((stem_id, field), 1, word, length));
                            }
                        }
                    }
                }
                // Postings of one document in a stem go in field order.
                fields.sort_by_key(|((stem, field), _, _, _)| (*stem, *field));
                meta.name_len[li] = name_stems.len().min(usize::from(u8::MAX)) as u8;
                let mut terms: Vec<u32> = Vec::new();
                let mut i = 0;
                while i < fields.len() {
                    let stem_id = fields[i].0.0;
                    let j = i + fields[i..].iter().take_while(|f| f.0.0 == stem_id).count();
                    let stem = w.stem(&next.langs[li], stem_id);
                    let mut postings: Vec<Posting> = Vec::with_capacity(j - i);
                    for ((_, field), tf, word, length) in &fields[i..j] {
                        let word = stem.surface(word);
                        postings.push(Posting { doc, field: *field, word, weight: field.bm25(*tf, *length) });
                    }
                    let first = postings[0];
                    stem.postings.insert(doc, postings);
                    stem.doc_freq += 1;
                    let candidate = (first.field, doc, first.word);
                    let slot = added[li].entry(stem_id).or_insert(candidate);
                    // Documents new in this update are numbered in the order of `services`;
                    // when that is id order (it is for `build` and `affected`), numbers compare
                    // as ids do and no id needs comparing.
                    let earlier = if candidate.0 != slot.0 {
                        candidate.0 < slot.0
                    } else if in_order && candidate.1 >= base && slot.1 >= base {
                        candidate.1 < slot.1
                    } else {
                        next.docs.get(candidate.1 as usize).id < next.docs.get(slot.1 as usize).id
                    };
                    if earlier {
                        *slot = candidate;
                    }
                    terms.push(stem_id);
                    i = j;
                }
                new_terms[li] = terms;
            }
            meta.terms = Arc::new(new_terms);
            next.validity[doc as usize] =
                (day_number(meta.valid_from), meta.valid_to.map(day_number).unwrap_or(i32::MAX));
            next.docs.set(doc as usize, meta);
        }
        next.reorder(&seen);
        if !fresh.is_empty()
            && let Ok(mut memo) = next.stemmed.write()
        {
            if memo.len() + fresh.len() > STEMMED {
                memo.clear();
            }
            memo.extend(fresh);
        }
        // Shown words: the best of the stem's kept posting and the added ones, or a rescan.
        for (li, w) in work.iter_mut().enumerate() {
            let docs = &next.docs;
            let key = |shown: (Field, u32, u16)| (shown.0, docs.get(shown.1 as usize).id.clone());
            for (&stem_id, stem) in w.stems.iter_mut() {
                if w.rescan.contains(&stem_id) {
                    stem.shown = None;
                    for p in stem.postings.iter() {
                        let candidate = (p.field, p.doc, p.word);
                        if stem
                            .shown
                            .is_none_or(|s| (p.field, &docs.get(p.doc as usize).id) < (s.0, &docs.get(s.1 as usize).id))
                        {
                            stem.shown = Some(candidate);
                        }
                    }
                } else if let Some(&candidate) = added[li].get(&stem_id)
                    && stem.shown.is_none_or(|s| key(candidate) < key(s))
                {
                    stem.shown = Some(candidate);
                }
            }
            let lang = &mut next.langs[li];
            let mut new: Vec<(u32, Stem)> = Vec::new();
            for (stem_id, stem) in std::mem::take(&mut w.stems) {
                if (stem_id as usize) < lang.stems.len() {
                    lang.stems.set(stem_id as usize, Arc::new(stem));
                } else {
                    new.push((stem_id, stem));
                }
            }
            new.sort_unstable_by_key(|(id, _)| *id);
            for (_, stem) in new {
                lang.stems.push_back(Arc::new(stem));
            }
        }
        next
    }

    /// Brings the name order up to date after `changed` documents were (re)indexed.
    fn reorder(&mut self, changed: &BTreeSet<&Id>) {
        let changed_docs: Vec<u32> = changed.iter().filter_map(|id| self.by_id.get(*id).copied()).collect();
        let n = self.docs.len();
        for li in 0..3 {
            let docs = &self.docs;
            let order: Vec<u32> = if changed_docs.len() * 8 > n || self.name_order[li].is_empty() {
                let mut all: Vec<u32> = (0..n as u32).filter(|&d| self.validity[d as usize] != GONE).collect();
                all.sort_by(|&a, &b| docs.get(a as usize).cmp_name(docs.get(b as usize), li));
                all
            } else {
                let gone: std::collections::HashSet<u32> =
                    changed.iter().filter_map(|id| self.by_id.get(*id).copied()).collect();
                let mut order: Vec<u32> = self.name_order[li]
                    .iter()
                    .copied()
                    .filter(|d| !gone.contains(d) && self.validity[*d as usize] != GONE)
                    .collect();
                for &doc in &changed_docs {
                    let at =
                        order.partition_point(|&o| docs.get(o as usize).cmp_name(docs.get(doc as usize), li).is_lt());
                    order.insert(at, doc);
                }
                order
            };
            let mut rank = vec![u32::MAX; n];
            for (place, &doc) in order.iter().enumerate() {
                rank[doc as usize] = place as u32;
            }
            self.name_order[li] = Arc::new(order);
            self.name_rank[li] = Arc::new(rank);
        }
    }

    /// Number of services in the index.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Number of distinct stems per language (fi, sv, en), stems no longer used included.
    pub fn vocabulary_sizes(&self) -> [usize; 3] {
        [0, 1, 2].map(|i| self.langs[i].stems.len())
    }

    /// Stems of `range` of one language's vocabulary that a query word matches.
    fn expand_range(&self, li: usize, word: &QueryWord, from: usize, to: usize) -> Vec<(u32, MatchKind)> {
        let stems = &self.langs[li].stems;
        let part = if from == 0 { stems.take(to) } else { stems.clone().slice(from..to) };
        part.iter()
            .enumerate()
            .filter_map(|(offset, s)| word.matches(s).map(|kind| ((from + offset) as u32, kind)))
            .collect()
    }

    fn sort_by_text(&self, li: usize, list: &mut [(u32, MatchKind)]) {
        let stems = &self.langs[li].stems;
        list.sort_by(|a, b| stems[a.0 as usize].text.cmp(&stems[b.0 as usize].text));
    }

    /// The stems of one language that a query word matches, with how: from the cache,
    /// extended by the stems added since it was computed, or computed over the vocabulary.
    fn expand_cached(&self, lang: Lang, word: &str) -> Expansion {
        let li = lang_index(lang);
        let vocab = self.langs[li].stems.len();
        let key = (lang, word.to_owned());
        let cached = self.expansions.read().ok().and_then(|cache| cache.get(&key).cloned());
        let (from, mut list) = match cached {
            Some(c) if c.vocab == vocab => return c.stems,
            // An older index of the lineage: the stems it has are a prefix of the newer's.
            Some(c) if c.vocab > vocab => {
                return Arc::new(c.stems.iter().filter(|(id, _)| (*id as usize) < vocab).copied().collect());
            }
            Some(c) => (c.vocab, c.stems.to_vec()),
            None => (0, Vec::new()),
        };
        let prepared = QueryWord::new(&self.analyzer, lang, word);
        list.extend(self.expand_range(li, &prepared, from, vocab));
        self.sort_by_text(li, &mut list);
        let expanded = Arc::new(list);
        if let Ok(mut cache) = self.expansions.write() {
            if cache.len() >= EXPANSION_CACHE {
                cache.clear();
            }
            let newer = cache.get(&key).is_some_and(|c| c.vocab > vocab);
            if !newer {
                cache.insert(key, Cached { vocab, stems: expanded.clone() });
            }
        }
        expanded
    }

    /// Whether some language's vocabulary has this word's stem, in a service valid or not.
    fn known(&self, word: &str) -> bool {
        Lang::ALL.into_iter().any(|lang| {
            let li = &self.langs[lang_index(lang)];
            let stem = self.analyzer.stem(lang, word);
            let has = |s: &str| li.ids.get(s).is_some_and(|&id| li.stems[id as usize].doc_freq > 0);
            has(stem.as_str()) || has(&format!("{JOINED}{stem}"))
        })
    }

    /// Whether a query word matches some indexed word as itself, an inflection or a prefix.
    fn matches_itself(&self, word: &str) -> bool {
        Lang::ALL.into_iter().any(|lang| {
            let li = &self.langs[lang_index(lang)];
            self.expand_cached(lang, word).iter().any(|(id, kind)| {
                matches!(kind, MatchKind::Stem | MatchKind::Inflection | MatchKind::Prefix)
                    && li.stems[*id as usize].doc_freq > 0
            })
        })
    }

    /// A compound written together that the catalog writes apart (`omaishoidontuki` for
    /// *omaishoidon tuki*): the split into two known words with the longest shorter part.
    fn split(&self, word: &str) -> Option<(String, String)> {
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < 7 || chars.iter().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut best: Option<(usize, String, String)> = None;
        for at in 4..=chars.len() - 3 {
            let shorter = at.min(chars.len() - at);
            if best.as_ref().is_some_and(|(s, _, _)| *s >= shorter) {
                continue;
            }
            let (left, right): (String, String) = (chars[..at].iter().collect(), chars[at..].iter().collect());
            if self.known(&left) && self.known(&right) {
                best = Some((shorter, left, right));
            }
        }
        best.map(|(_, l, r)| (l, r))
    }

    /// The query's words: split at anything not a letter or digit; a phrase of the synonym
    /// lists with its alternatives; stop words left out; two words joined where the catalog
    /// has them next to each other or as one word (`toimeentulo tuki`, `care home`: a phrase);
    /// a word split where the catalog writes it as two (`omaishoidontuki`); at most 16.
    fn terms(&self, text: &str) -> Vec<Term> {
        let typed: Vec<String> = words(text).take(32).collect();
        let places = &self.places;
        let stop = |w: &str| Lang::ALL.iter().any(|l| is_stop_word(*l, w));
        // Synonym phrases by where they start: (length, alternatives).
        let found: HashMap<usize, (usize, Vec<String>)> =
            phrases(&self.synonyms, &typed).into_iter().map(|(start, len, also)| (start, (len, also))).collect();
        let alternatives = |word: &str| -> Vec<String> {
            self.synonyms.alternatives(&[word.to_owned()]).into_iter().map(as_one_word).collect()
        };
        let mut out: Vec<Term> = Vec::new();
        let mut i = 0;
        while i < typed.len() {
            let word = &typed[i];
            // Two words the catalog has next to each other or as one word: one term (a
            // phrase), unless a longer synonym phrase starts at either.
            let single = |at: usize| found.get(&at).is_none_or(|(len, _)| *len == 1);
            if let Some(next) = typed.get(i + 1)
                && single(i)
                && single(i + 1)
                && !stop(word)
                && !stop(next)
                && !places.contains(word.as_str())
                && !places.contains(next.as_str())
                && self.known(&format!("{word}{next}"))
            {
                let joined = format!("{word}{next}");
                let also = alternatives(&joined);
                out.push(Term { word: joined, shown: format!("{word} {next}"), also });
                i += 2;
                continue;
            }
            if let Some((len, also)) = found.get(&i) {
                let content: Vec<&String> = typed[i..i + len].iter().filter(|w| !stop(w)).collect();
                match content.as_slice() {
                    [] => {
                        let shown = typed[i..i + len].join(" ");
                        out.push(Term { word: shown.replace(' ', ""), shown, also: also.clone() });
                    }
                    [a, b] if self.known(&format!("{a}{b}")) => {
                        out.push(Term { word: format!("{a}{b}"), shown: format!("{a} {b}"), also: also.clone() })
                    }
                    _ => {
                        for w in content {
                            out.push(Term { word: w.clone(), shown: w.clone(), also: also.clone() });
                        }
                    }
                }
                i += len;
                continue;
            }
            i += 1;
            if stop(word) {
                continue;
            }
            match (!self.matches_itself(word)).then(|| self.split(word)).flatten() {
                Some((left, right)) => out.extend([Term::plain(&left), Term::plain(&right)]),
                None => out.push(Term::plain(word)),
            }
        }
        let mut seen = BTreeSet::new();
        out.into_iter().filter(|t| seen.insert((t.word.clone(), t.also.clone()))).take(16).collect()
    }

    /// The same index searching with other synonym lists (the catalog team's edits).
    pub fn with_synonyms(mut self, synonyms: Synonyms) -> SearchIndex {
        self.synonyms = Arc::new(synonyms);
        self
    }

    /// The synonym lists this index searches with.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    /// The catalog's words closest to the words of `text`, for the catalog team's "add a
    /// synonym" suggestions: within a third of the word's letters by edit distance (two words
    /// of a name written together compared without the space, so `omaishoitotuki` suggests
    /// "omaishoidon tuki"), else beginning with it or it with them; the closest first, then
    /// those in the most services, `lang`'s own words first on a tie. At most `n`.
    pub fn closest_words(&self, text: &str, lang: Lang, n: usize) -> Vec<String> {
        let mut scored: Vec<(usize, bool, std::cmp::Reverse<u32>, String)> = Vec::new();
        for word in words(text).take(8) {
            let typed: Vec<char> = word.chars().collect();
            if typed.len() < 3 {
                continue;
            }
            let max = (typed.len() / 3).clamp(1, 4);
            for other in Lang::ALL {
                for stem in self.langs[lang_index(other)].stems.iter() {
                    if stem.doc_freq == 0 {
                        continue;
                    }
                    let shown = stem.shown_word();
                    let compared: Vec<char> = shown.chars().filter(|c| *c != ' ').collect();
                    if compared == typed {
                        continue;
                    }
                    let distance = bounded_levenshtein(&typed, &compared, max);
                    let distance = if distance <= max {
                        distance
                    } else if compared.len() >= 4 && (compared.starts_with(&typed) || typed.starts_with(&compared)) {
                        max + 1
                    } else {
                        continue;
                    };
                    scored.push((distance, other != lang, std::cmp::Reverse(stem.doc_freq), shown.to_owned()));
                }
            }
        }
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, _, word) in scored {
            if !out.contains(&word) {
                out.push(word);
            }
            if out.len() >= n {
                break;
            }
        }
        out
    }

    /// Searches the index: the best matches first when ranked by relevance, found by a
    /// top-k search that scores only the documents that can reach the requested page
    /// ([`SearchIndex::search_exhaustive`] scores every match and gives the same answer,
    /// which the property test `tests/it/pruning.rs` holds).
    pub fn search(&self, query: &Query) -> SearchResults {
        let terms: Vec<Term> = self.terms(&query.text);
        let lists = self.term_lists(query, &terms);
        if !terms.is_empty()
            && query.sort == Sort::Relevance
            && let Some(results) = self.top_k(query, &terms, &lists)
        {
            return results;
        }
        self.exhaustive(query, &terms, &lists)
    }

    /// The same answer as [`SearchIndex::search`], by scoring every matching document: the
    /// reference the top-k search is held to, and the path for sorts other than relevance.
    pub fn search_exhaustive(&self, query: &Query) -> SearchResults {
        let terms: Vec<Term> = self.terms(&query.text);
        let lists = self.term_lists(query, &terms);
        self.exhaustive(query, &terms, &lists)
    }

    /// For each query word, the posting lists it reads: one per stem that the word as typed,
    /// then each of its synonyms (weighing a little less), matches in each language, in the
    /// order the ranking adds them up.
    fn term_lists(&self, query: &Query, terms: &[Term]) -> Vec<Vec<List>> {
        let live = self.by_id.len();
        let mut out = Vec::with_capacity(terms.len());
        for term in terms {
            let expansions: Vec<(Lang, Expansion, f32)> = std::iter::once((&term.word, 1.0))
                .chain(term.also.iter().map(|w| (w, SYNONYM)))
                .flat_map(|(word, factor)| {
                    Lang::ALL.into_iter().map(move |lang| (lang, self.expand_cached(lang, word), factor))
                })
                .collect();
            // A word the catalog has as typed (or inflected) is no typo: its typo matches,
            // other words one or two edits away (`velat` ~ *kelan*), are left out.
            let exact = expansions.iter().any(|(lang, candidates, _)| {
                let li = &self.langs[lang_index(*lang)];
                candidates.iter().any(|(id, kind)| {
                    matches!(kind, MatchKind::Stem | MatchKind::Inflection) && li.stems[*id as usize].doc_freq > 0
                })
            });
            // One idf per query word, from the most documents any of its forms reaches, so
            // that an exact match on a common word is not outranked by a weak match on a rare one.
            let reached = expansions
                .iter()
                .flat_map(|(lang, candidates, _)| {
                    let li = &self.langs[lang_index(*lang)];
                    candidates
                        .iter()
                        .filter(|(_, kind)| !exact || *kind != MatchKind::Typo)
                        .map(move |(idx, _)| li.stems[*idx as usize].doc_freq)
                })
                .max()
                .unwrap_or(1);
            let idf = (1.0 + live as f32 / reached.max(1) as f32).ln();
            let mut lists = Vec::new();
            for (lang, candidates, factor) in &expansions {
                let lx = lang_index(*lang);
                let lang_factor = factor * if *lang == query.lang { 1.0 } else { 0.8 };
                for &(stem, kind) in candidates.iter() {
                    if exact && kind == MatchKind::Typo {
                        continue;
                    }
                    lists.push(List {
                        lang: *lang,
                        lx,
                        stem,
                        kind,
                        weight: kind.quality() * lang_factor * idf,
                        loose: !matches!(kind, MatchKind::Stem | MatchKind::Prefix),
                        whole_word: matches!(kind, MatchKind::Stem | MatchKind::Inflection | MatchKind::Typo),
                    });
                }
            }
            out.push(lists);
        }
        out
    }

    /// Every matching document scored, term at a time.
    fn exhaustive(&self, query: &Query, terms: &[Term], lists: &[Vec<List>]) -> SearchResults {
        let n_docs = self.docs.len();
        let mut memo = OpenMemo(if query.filters.open_at.is_some() { vec![0; self.hours.len()] } else { Vec::new() });
        let prepared = self.prepare(query);
        // Per-document scratch arrays, kept per thread between queries and reset document by
        // document when first reached (no allocation, no clearing of the whole catalog's arrays).
        let mut scratch = SCRATCH.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        // A query without words reaches every document: clearing the arrays in one sweep
        // is cheaper than document by document.
        scratch.begin(n_docs, terms.is_empty());
        let results = self.exhaustive_in(query, terms, lists, &prepared, &mut memo, &mut scratch);
        SCRATCH.with(|cell| *cell.borrow_mut() = scratch);
        results
    }

    fn exhaustive_in(
        &self,
        query: &Query,
        terms: &[Term],
        lists: &[Vec<List>],
        prepared: &Prepared,
        memo: &mut OpenMemo,
        sc: &mut Scratch,
    ) -> SearchResults {
        let n_docs = self.docs.len();
        let mut candidates: Vec<u32> = Vec::new();
        // A stamp (query word number + 1) marks what this word touched.
        let mut found: Vec<(u32, u16, Compact)> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        for (term_no, term_lists) in lists.iter().enumerate() {
            let stamp = term_no as u32 + 1;
            touched.clear();
            for list in term_lists {
                let lx = list.lx;
                let stem = &self.langs[lx].stems[list.stem as usize];
                for p in stem.postings.0.iter().flat_map(|chunk| chunk.as_slice()) {
                    let doc = p.doc as usize;
                    if !sc.enter(doc, || self.passes(doc, query, prepared, memo))
                        || (list.loose && p.field == Field::Producer)
                    {
                        continue;
                    }
                    if p.field == Field::Name {
                        if sc.name_term_stamp[doc] != stamp {
                            sc.name_term_stamp[doc] = stamp;
                            sc.name_terms[doc] += 1;
                        }
                        if list.whole_word && sc.name_stamp[doc][lx] != stamp {
                            sc.name_stamp[doc][lx] = stamp;
                            sc.name_hits[doc][lx] = sc.name_hits[doc][lx].saturating_add(name_span(stem, p));
                        }
                    }
                    let s = p.weight * list.weight;
                    let compact = Compact { lang: list.lang, field: p.field, stem: list.stem, kind: list.kind };
                    if sc.best_stamp[doc] != stamp {
                        sc.best_stamp[doc] = stamp;
                        sc.best_score[doc] = s;
                        sc.sum_score[doc] = s;
                        sc.best[doc] = compact;
                        touched.push(p.doc);
                    } else {
                        sc.sum_score[doc] += s;
                        if s > sc.best_score[doc] {
                            sc.best_score[doc] = s;
                            sc.best[doc] = compact;
                        }
                    }
                }
            }
            for &doc in &touched {
                let d = doc as usize;
                if sc.n_matched[d] == 0 {
                    candidates.push(doc);
                }
                // The best field, and a little of the others (BM25F sums the fields: a word in
                // the name and the keywords weighs more than in the name alone).
                sc.score[d] += term_score(sc.best_score[d], sc.sum_score[d]);
                sc.n_matched[d] += 1;
                found.push((doc, term_no as u16, sc.best[d]));
            }
        }
        // Keep the documents that match the most query words; a name holding every
        // query word is what the user most likely means.
        let most = candidates.iter().map(|&d| sc.n_matched[d as usize]).max().unwrap_or(0);
        let li_query = lang_index(query.lang);
        if !terms.is_empty() && most == 0 {
            return SearchResults::default();
        }
        let li = lang_index(query.lang);
        if terms.is_empty() {
            candidates = (0..n_docs as u32)
                .filter(|&doc| sc.enter(doc as usize, || self.passes(doc as usize, query, prepared, memo)))
                .collect();
        }
        let cos_lat = match query.sort {
            Sort::Distance { lat, .. } => lat.to_radians().cos(),
            _ => 1.0,
        };
        let mut hits: Vec<(u32, f32, Option<f64>)> = candidates
            .into_iter()
            .map(|doc| doc as usize)
            .filter(|&doc| sc.n_matched[doc] == most)
            .map(|doc| {
                let boost = if terms.is_empty() {
                    1.0
                } else {
                    name_boost(
                        sc.name_hits[doc],
                        sc.name_terms[doc],
                        self.docs.get(doc).name_len,
                        terms.len(),
                        li_query,
                    )
                };
                // For ordering, a flat-earth squared distance (cheap, same order at county
                // scale); the page's hits get the great-circle distance below.
                let distance = match query.sort {
                    Sort::Distance { lat, lon } => {
                        let k = cos_lat;
                        self.docs
                            .get(doc)
                            .locations
                            .iter()
                            .map(|&(ulat, ulon)| (ulat - lat).powi(2) + ((ulon - lon) * k).powi(2))
                            .min_by(f64::total_cmp)
                    }
                    _ => None,
                };
                (doc as u32, sc.score[doc] * boost, distance)
            })
            .collect();
        let total = hits.len();
        let rank = &self.name_rank[li];
        let by_name = |a: u32, b: u32| rank[a as usize].cmp(&rank[b as usize]);
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
                    Sort::Distance { lat, lon } => self
                        .docs
                        .get(doc as usize)
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
            sc.allowed[h.0 as usize] = 3;
        }
        for (doc, term_no, compact) in found {
            if sc.allowed[doc as usize] == 3
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
                self.hit(doc, s, distance_m, list, terms)
            })
            .collect();
        SearchResults { hits, total }
    }

    fn hit(&self, doc: u32, score: f32, distance_m: Option<f64>, list: Vec<(u16, Compact)>, terms: &[Term]) -> Hit {
        Hit {
            service: self.docs.get(doc as usize).id.clone(),
            score,
            distance_m,
            matches: list
                .into_iter()
                .map(|(term_no, c)| Match {
                    term: terms[term_no as usize].shown.clone(),
                    lang: c.lang,
                    field: c.field,
                    matched: self.langs[lang_index(c.lang)].stems[c.stem as usize].shown_word().to_owned(),
                    kind: c.kind,
                })
                .collect(),
        }
    }

    /// The top `page × per_page` by relevance without scoring every match, or `None` when no
    /// document has every query word (then the exhaustive ranking keeps those with the most).
    ///
    /// 1. The query words are read rarest first. The first word's lists make the candidates;
    ///    each later word is read only for the documents that have every word so far: walking
    ///    its lists with a check, or, when the candidates are few against its postings,
    ///    looking each candidate up in each list (a binary search in its chunks), so a long
    ///    list ("tampere", "nuoret") is not walked at all.
    /// 2. On the way, each candidate gets an upper bound of its score: per word, its best
    ///    posting times 1.3 (the ranking takes the best field and at most 0.3 of it again
    ///    from the others), summed, times the highest name boost its name matches allow (1
    ///    when no word is in its name).
    /// 3. Candidates are scored exactly in the order of their bounds, until the page's last
    ///    exact score beats every bound left. The exact score is computed from the same
    ///    postings in the same order as the exhaustive ranking, so the floats are equal too.
    fn top_k(&self, query: &Query, terms: &[Term], lists: &[Vec<List>]) -> Option<SearchResults> {
        let per_page = query.per_page.max(1);
        let start = query.page.saturating_sub(1).saturating_mul(per_page);
        let end = start.saturating_add(per_page);
        if end > TOP_K_MAX {
            return None;
        }
        // Scoring a candidate exactly looks it up in every list: with many lists (a prefix
        // or a typo matching many stems) and few postings, walking them all is cheaper.
        let n_lists: usize = lists.iter().map(Vec::len).sum();
        let postings: usize =
            lists.iter().flatten().map(|l| self.langs[l.lx].stems[l.stem as usize].doc_freq as usize).sum();
        if n_lists.saturating_mul(end).saturating_mul(EXACT_COST) > postings {
            return None;
        }
        let n_docs = self.docs.len();
        let mut memo = OpenMemo(if query.filters.open_at.is_some() { vec![0; self.hours.len()] } else { Vec::new() });
        let prepared = self.prepare(query);
        let mut scratch = SCRATCH.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        scratch.begin(n_docs, false);
        let results = self.top_k_in(query, terms, lists, &prepared, &mut memo, &mut scratch, (start, end));
        SCRATCH.with(|cell| *cell.borrow_mut() = scratch);
        results
    }

    #[allow(clippy::too_many_arguments)]
    fn top_k_in(
        &self,
        query: &Query,
        terms: &[Term],
        lists: &[Vec<List>],
        prepared: &Prepared,
        memo: &mut OpenMemo,
        sc: &mut Scratch,
        (start, end): (usize, usize),
    ) -> Option<SearchResults> {
        let postings_of =
            |t: &[List]| -> usize { t.iter().map(|l| self.langs[l.lx].stems[l.stem as usize].doc_freq as usize).sum() };
        let mut order: Vec<usize> = (0..lists.len()).collect();
        order.sort_by_key(|&t| (postings_of(&lists[t]), t));
        // Documents that have every word read so far, by document number after the first word.
        let mut live: Vec<u32> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        for (round, &t) in order.iter().enumerate() {
            let stamp = round as u32 + 1;
            touched.clear();
            let look_up = round > 0 && live.len() * lists[t].len() * LOOK_UP < postings_of(&lists[t]);
            let mut visit = |sc: &mut Scratch, list: &List, p: &Posting| {
                if list.loose && p.field == Field::Producer {
                    return;
                }
                let doc = p.doc as usize;
                let s = p.weight * list.weight;
                if sc.best_stamp[doc] != stamp {
                    sc.best_stamp[doc] = stamp;
                    sc.best_score[doc] = s;
                    touched.push(p.doc);
                } else if s > sc.best_score[doc] {
                    sc.best_score[doc] = s;
                }
                if p.field == Field::Name && sc.name_term_stamp[doc] != stamp {
                    sc.name_term_stamp[doc] = stamp;
                    sc.name_terms[doc] += 1;
                }
            };
            for list in &lists[t] {
                let stem = &self.langs[list.lx].stems[list.stem as usize];
                if look_up {
                    for &doc in &live {
                        for p in stem.postings.of(doc) {
                            visit(sc, list, p);
                        }
                    }
                    continue;
                }
                for p in stem.postings.0.iter().flat_map(|chunk| chunk.as_slice()) {
                    let doc = p.doc as usize;
                    let candidate = if round == 0 {
                        sc.enter(doc, || self.passes(doc, query, prepared, memo))
                    } else {
                        sc.has_so_far(doc, round)
                    };
                    if candidate {
                        visit(sc, list, p);
                    }
                }
            }
            for &doc in &touched {
                let d = doc as usize;
                sc.score[d] += sc.best_score[d];
                sc.n_matched[d] += 1;
            }
            std::mem::swap(&mut live, &mut touched);
            live.sort_unstable();
            if live.is_empty() {
                return None;
            }
        }
        let total = live.len();
        if start >= total {
            return Some(SearchResults { hits: Vec::new(), total });
        }
        let end = end.min(total);
        let n_terms = terms.len() as f32;
        let mut heap: std::collections::BinaryHeap<(u32, std::cmp::Reverse<u32>)> = live
            .iter()
            .map(|&doc| {
                let d = doc as usize;
                let name_terms = f32::from(sc.name_terms[d]);
                let boost = if name_terms > 0.0 { (1.0 + 0.5 * name_terms / n_terms) * 2.0 * 1.5 } else { 1.0 };
                // A little over, so that rounding never puts a bound under its exact score.
                let bound = sc.score[d] * (1.0 + OTHER_FIELDS) * boost * 1.001;
                (bound.to_bits(), std::cmp::Reverse(doc))
            })
            .collect();
        let li = lang_index(query.lang);
        let rank = &self.name_rank[li];
        // The best `end` scored so far, best first: (doc, score, matches).
        let mut best: Vec<Scored> = Vec::with_capacity(end + 1);
        let before = |a: (u32, f32), b: (u32, f32)| {
            b.1.total_cmp(&a.1).then_with(|| rank[a.0 as usize].cmp(&rank[b.0 as usize])).is_lt()
        };
        while let Some(&(bound, std::cmp::Reverse(doc))) = heap.peek() {
            if best.len() >= end && f32::from_bits(bound) < best[end - 1].1 {
                break;
            }
            heap.pop();
            let (score, matches) = self.exact(doc, lists, li);
            let at = best.partition_point(|b| before((b.0, b.1), (doc, score)));
            if at < end {
                best.insert(at, (doc, score, matches));
                best.truncate(end);
            }
        }
        let hits = best
            .into_iter()
            .skip(start)
            .map(|(doc, score, matches)| self.hit(doc, score, None, matches, terms))
            .collect();
        Some(SearchResults { hits, total })
    }

    /// One document's score and best match per query word, from its postings in each list,
    /// in the order and with the arithmetic of [`SearchIndex::exhaustive`].
    fn exact(&self, doc: u32, lists: &[Vec<List>], li_query: usize) -> (f32, Vec<(u16, Compact)>) {
        let mut score = 0.0f32;
        let mut name_hits = [0u8; 3];
        let mut name_terms = 0u8;
        let mut matches = Vec::with_capacity(lists.len());
        for (term_no, term_lists) in lists.iter().enumerate() {
            let mut in_name = false;
            let mut in_name_lang = [false; 3];
            let mut first: Option<(f32, f32, Compact)> = None;
            for list in term_lists {
                let stem = &self.langs[list.lx].stems[list.stem as usize];
                for p in stem.postings.of(doc) {
                    if list.loose && p.field == Field::Producer {
                        continue;
                    }
                    if p.field == Field::Name {
                        if !in_name {
                            in_name = true;
                            name_terms += 1;
                        }
                        if list.whole_word && !in_name_lang[list.lx] {
                            in_name_lang[list.lx] = true;
                            name_hits[list.lx] = name_hits[list.lx].saturating_add(name_span(stem, p));
                        }
                    }
                    let s = p.weight * list.weight;
                    let compact = Compact { lang: list.lang, field: p.field, stem: list.stem, kind: list.kind };
                    first = Some(match first {
                        None => (s, s, compact),
                        Some((best, sum, _)) if s > best => (s, sum + s, compact),
                        Some((best, sum, c)) => (best, sum + s, c),
                    });
                }
            }
            if let Some((best, sum, compact)) = first {
                score += term_score(best, sum);
                matches.push((term_no as u16, compact));
            }
        }
        let boost = name_boost(name_hits, name_terms, self.docs.get(doc as usize).name_len, lists.len(), li_query);
        (score * boost, matches)
    }

    fn open_at(&self, doc: &DocMeta, at: NaiveDateTime, memo: &mut OpenMemo) -> bool {
        doc.hours.iter().any(|&i| {
            let slot = &mut memo.0[i as usize];
            if *slot == 0 {
                *slot = if self.hours.get(i as usize).is_open_at(at) == Some(true) { 1 } else { 2 };
            }
            *slot == 1
        })
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
        let doc = self.docs.get(doc_no);
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

/// How much a synonym's match weighs against the word as typed.
const SYNONYM: f32 = 0.9;

/// The ranking's reward for matching the name, on top of the fields' BM25 weights: the
/// share of query words found in the name, times how much of the name they cover as whole
/// words (in the language where they cover most; the query's language wins a tie; a part of
/// a compound covers nothing), and once more when they cover all of it and every query
/// word is in the name. So a whole-name match (`toimeentulotuki` for *Toimeentulotuki*)
/// comes before the longer names that contain it (*Ehkäisevä toimeentulotuki*).
fn name_boost(hits: [u8; 3], name_terms: u8, name_len: [u8; 3], terms: usize, query_lang: usize) -> f32 {
    let all_in_name = usize::from(name_terms) >= terms;
    let terms = terms.max(1) as f32;
    let mut best = 0.0f32;
    let mut whole = false;
    for l in 0..3 {
        if name_len[l] == 0 || hits[l] == 0 {
            continue;
        }
        let covered = f32::from(hits[l].min(name_len[l])) / f32::from(name_len[l]);
        let bias = if l == query_lang { 1e-3 } else { 0.0 };
        best = best.max(covered + bias);
        whole |= hits[l] >= name_len[l] && all_in_name;
    }
    (1.0 + 0.5 * f32::from(name_terms) / terms) * (1.0 + best.min(1.0)) * if whole { 1.5 } else { 1.0 }
}

/// How much of a query word's matches in other fields than its best one count (at most as
/// much as the best one).
const OTHER_FIELDS: f32 = 0.3;

fn day_number(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

/// A municipality code as a number (`"018"` → 18); unknown shapes map to a value no code has.
fn municipality_number(code: &str) -> u16 {
    code.parse().unwrap_or(u16::MAX)
}

/// A document scored exactly: (document, score, best match per query word).
type Scored = (u32, f32, Vec<(u16, Compact)>);

/// One posting list a query word reads: a stem of one language, how the word matched it,
/// and the weight of its postings for this query.
struct List {
    lang: Lang,
    lx: usize,
    stem: u32,
    kind: MatchKind,
    /// Match quality × language × synonym factor × the word's idf.
    weight: f32,
    /// Not the word itself (an inflection, compound part or typo): never a producer's name.
    loose: bool,
    /// A whole word (not a part of one): covers a word of the name.
    whole_word: bool,
}

/// A query word's score in one document from its best posting and the sum of all: the
/// best field, and a little of the others (BM25F sums the fields: a word in the name and
/// the keywords weighs more than in the name alone), at most as much as the best.
fn term_score(best: f32, sum: f32) -> f32 {
    best + OTHER_FIELDS * (sum - best).clamp(0.0, best)
}

/// The words of a name a posting covers: two adjacent words joined cover two.
fn name_span(stem: &Stem, p: &Posting) -> u8 {
    stem.surfaces.get(usize::from(p.word)).map_or(1, |w| 1 + u8::from(w.contains(' ')))
}

/// What scoring one candidate exactly costs per list it looks up, in postings walked.
const EXACT_COST: usize = 4;

/// Pages reaching further than this many results are ranked exhaustively.
const TOP_K_MAX: usize = 1_000;

/// A later query word's lists are looked up per candidate, not walked, when the candidates
/// times the lists times this is under the word's postings (a lookup costs about a dozen
/// comparisons, a posting walked one).
const LOOK_UP: usize = 16;

/// Per-document scratch arrays, kept per thread between queries. A document's entries are
/// reset when a query first reaches it (its `epoch` differs), so a query costs what it
/// reaches, not the size of the catalog.
#[derive(Default)]
struct Scratch {
    epoch: Vec<u32>,
    current: u32,
    /// Whether the document passes the filters: 1 passes, 2 fails (3: on the page).
    allowed: Vec<u8>,
    score: Vec<f32>,
    n_matched: Vec<u16>,
    /// Words of the name covered by query words matching whole words, per language.
    name_hits: Vec<[u8; 3]>,
    /// Query words found in the name (any language, any kind of match).
    name_terms: Vec<u8>,
    name_term_stamp: Vec<u32>,
    best_score: Vec<f32>,
    sum_score: Vec<f32>,
    best: Vec<Compact>,
    best_stamp: Vec<u32>,
    name_stamp: Vec<[u32; 3]>,
}

impl Scratch {
    /// A new query over `n` documents; `whole`: clear every document's entries now.
    fn begin(&mut self, n: usize, whole: bool) {
        if self.epoch.len() < n {
            self.epoch.resize(n, 0);
            self.allowed.resize(n, 0);
            self.score.resize(n, 0.0);
            self.n_matched.resize(n, 0);
            self.name_hits.resize(n, [0; 3]);
            self.name_terms.resize(n, 0);
            self.name_term_stamp.resize(n, 0);
            self.best_score.resize(n, 0.0);
            self.sum_score.resize(n, 0.0);
            self.best.resize(n, Compact::default());
            self.best_stamp.resize(n, 0);
            self.name_stamp.resize(n, [0; 3]);
        }
        self.current = self.current.wrapping_add(1);
        if self.current == 0 {
            self.epoch.iter_mut().for_each(|e| *e = 0);
            self.current = 1;
        }
        if whole {
            self.epoch.fill(self.current);
            self.allowed.fill(0);
            self.score.fill(0.0);
            self.n_matched.fill(0);
            self.name_hits.fill([0; 3]);
            self.name_terms.fill(0);
            self.name_term_stamp.fill(0);
            self.best_stamp.fill(0);
            self.name_stamp.fill([0; 3]);
        }
    }

    /// Whether `doc` passes the filters (`check`ed when this query first reaches it, its
    /// entries reset then).
    #[inline]
    fn enter(&mut self, doc: usize, check: impl FnOnce() -> bool) -> bool {
        if self.epoch[doc] != self.current {
            self.epoch[doc] = self.current;
            self.score[doc] = 0.0;
            self.n_matched[doc] = 0;
            self.name_hits[doc] = [0; 3];
            self.name_terms[doc] = 0;
            self.name_term_stamp[doc] = 0;
            self.best_stamp[doc] = 0;
            self.name_stamp[doc] = [0; 3];
            self.allowed[doc] = 0;
        }
        if self.allowed[doc] == 0 {
            self.allowed[doc] = if check() { 1 } else { 2 };
        }
        self.allowed[doc] == 1
    }

    /// Whether this query reached `doc`, it passes the filters and has `words` query words.
    #[inline]
    fn has_so_far(&self, doc: usize, words: usize) -> bool {
        self.epoch[doc] == self.current && self.allowed[doc] == 1 && usize::from(self.n_matched[doc]) == words
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
    let sort_names = Lang::ALL.map(|l| service.name.show(l).to_lowercase());
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
        name_keys: sort_names.each_ref().map(|n| name_key(n)),
        sort_names: Arc::new(sort_names),
        hours: Vec::new(),
        terms: Default::default(),
        name_len: [0; 3],
    }
}

impl DocMeta {
    fn placeholder(id: &Id) -> DocMeta {
        DocMeta {
            id: id.clone(),
            valid_from: NaiveDate::MIN,
            valid_to: None,
            tier: Tier::LocalArea,
            municipalities: None,
            target_groups: Vec::new(),
            service_classes: Vec::new(),
            languages: Vec::new(),
            channels: Vec::new(),
            producer_kinds: Vec::new(),
            locations: Vec::new(),
            sort_names: Default::default(),
            name_keys: [0; 3],
            hours: Vec::new(),
            terms: Default::default(),
            name_len: [0; 3],
        }
    }
}

#[cfg(test)]
mod tests;
