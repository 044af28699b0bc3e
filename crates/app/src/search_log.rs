//! The search quality loop (issue 17): residents' searches counted per day, language and
//! normalised query text, with no personal data (no user, address, session or time of day;
//! words with digits and e-mail addresses dropped), so that the catalog team sees the
//! searches that found nothing and those whose results nobody followed, with suggestions;
//! and the team's synonym lists per language, stored so that every server applies them.
//!
//! Counting never waits for the database: a search adds to an in-memory tally (one short
//! lock), flushed in the background ([`Polku::flush_search_log_every`]) as additions, so two
//! servers on one database add up. A flush that fails keeps its counts for the next one.

use crate::catalog::Polku;
use crate::error::AppError;
use crate::permit::Action;
use crate::store::{Actor, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Lang;
use search::{Query, Synonyms};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, RwLock};

/// Counts of one query text in one language on one day (or summed over days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCount {
    pub day: NaiveDate,
    pub lang: Lang,
    /// Normalised ([`normalise`]).
    pub query: String,
    pub searches: i64,
    /// Searches that found nothing.
    pub zero_results: i64,
    /// Searches whose results were followed to a service (at most once per search).
    pub clicked: i64,
}

impl SearchCount {
    /// Searches that found something that nobody followed.
    pub fn abandoned(&self) -> i64 {
        (self.searches - self.zero_results - self.clicked).max(0)
    }
}

/// One language's stored synonym list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymList {
    pub lang: Lang,
    pub body: String,
    pub revision: i64,
}

#[async_trait]
pub trait SearchLogStore: Send + Sync {
    /// Adds these counts to the stored ones (rows made as needed), in one transaction.
    async fn add_search_counts(&self, counts: &[SearchCount]) -> Result<(), StoreError>;
    /// The counts of the days `from..=to`, summed per language and query (`day` is `to`).
    async fn search_counts(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<SearchCount>, StoreError>;
    /// The stored synonym lists (a language without one searches with the shipped file).
    async fn synonym_lists(&self) -> Result<Vec<SynonymList>, StoreError>;
    /// Stores a new revision of one language's list, with a change-log row so that other
    /// servers take it in; returns the revision.
    async fn put_synonym_list(
        &self,
        lang: Lang,
        body: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError>;
}

/// Longest normalised query kept, in characters.
const MAX_QUERY: usize = 80;
/// Search ids remembered as clicked, per server (a click is counted once per search).
const CLICKED: usize = 100_000;
/// Distinct (day, language, query) keys held between flushes; past it, new keys wait.
const TALLY: usize = 50_000;

/// A query as counted: lower-case words of letters joined by one space; words with digits
/// (identity codes, phone numbers, addresses) and e-mail addresses left out; at most eight
/// words and 80 characters. `None` when nothing is left.
pub fn normalise(text: &str) -> Option<String> {
    let mut out = String::new();
    for raw in text.split_whitespace().filter(|w| !w.contains('@')).take(16) {
        for word in raw.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if word.chars().any(|c| c.is_numeric()) {
                continue;
            }
            if out.split(' ').filter(|w| !w.is_empty()).count() >= 8 {
                break;
            }
            let word = word.to_lowercase();
            if out.chars().count() + 1 + word.chars().count() > MAX_QUERY {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&word);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether a search id has the shape this server gives (16 lower-case hex digits).
pub fn valid_search_id(sid: &str) -> bool {
    sid.len() == 16 && sid.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

type Key = (NaiveDate, Lang, String);

/// The store, this server's counts not yet flushed, and the synonym lists in use.
pub(crate) struct SearchLogSide {
    store: Arc<dyn SearchLogStore>,
    tally: Mutex<HashMap<Key, [i64; 3]>>,
    clicked: Mutex<HashSet<String>>,
    /// The lists the index searches with, once read from the store.
    pub(crate) synonyms: RwLock<Option<Synonyms>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl SearchLogSide {
    fn add(&self, key: Key, what: [i64; 3]) {
        let mut tally = lock(&self.tally);
        if tally.len() >= TALLY && !tally.contains_key(&key) {
            return;
        }
        let slot = tally.entry(key).or_default();
        for (s, w) in slot.iter_mut().zip(what) {
            *s += w;
        }
    }
}

/// A query the catalog team should look at, with what the engine suggests.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityRow {
    pub query: String,
    pub searches: i64,
    pub zero_results: i64,
    pub abandoned: i64,
    /// Words of the catalog closest to the query (for zero-result searches: synonyms to add).
    pub closest: Vec<String>,
    /// The first results' names (for abandoned searches: what residents were offered).
    pub offered: Vec<String>,
}

/// One language's searches over the chosen days.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QualityReport {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub searches: i64,
    pub zero_results: i64,
    pub abandoned: i64,
    pub zero: Vec<QualityRow>,
    pub abandoned_rows: Vec<QualityRow>,
}

/// Rows listed per kind on the page.
const LISTED: usize = 30;

impl Polku {
    /// Adds the search quality loop: counts and the stored synonym lists.
    pub fn with_search_log(mut self, store: Arc<dyn SearchLogStore>) -> Polku {
        self.search_log = Some(Arc::new(SearchLogSide {
            store,
            tally: Default::default(),
            clicked: Default::default(),
            synonyms: RwLock::new(None),
        }));
        self
    }

    fn search_log(&self) -> Result<&Arc<SearchLogSide>, AppError> {
        self.search_log.as_ref().ok_or_else(|| AppError::Internal("this Polku keeps no search counts".into()))
    }

    /// Counts a resident's search that found `found` services and returns its id for the
    /// result links (`sid`), so that following one counts as a click. A search that comes
    /// with its id (another page of it, or back to it) is not counted again. Nothing is
    /// counted without the loop or for a query with no words left after [`normalise`].
    pub fn note_search(&self, lang: Lang, text: &str, found: usize, sid: Option<&str>) -> Option<String> {
        let side = self.search_log.as_ref()?;
        if let Some(sid) = sid.filter(|s| valid_search_id(s)) {
            return Some(sid.to_owned());
        }
        let query = normalise(text)?;
        let zero = i64::from(found == 0);
        side.add((self.clock.today(), lang, query), [1, zero, 0]);
        let mut bytes = [0u8; 8];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Counts that a search's results were followed (once per search id).
    pub fn note_click(&self, lang: Lang, text: &str, sid: &str) {
        let Some(side) = self.search_log.as_ref() else { return };
        let Some(query) = normalise(text).filter(|_| valid_search_id(sid)) else { return };
        {
            let mut clicked = lock(&side.clicked);
            if clicked.len() >= CLICKED {
                clicked.clear();
            }
            if !clicked.insert(sid.to_owned()) {
                return;
            }
        }
        side.add((self.clock.today(), lang, query), [0, 0, 1]);
    }

    /// Writes this server's counts since the last flush (added to the stored ones); counts
    /// that cannot be written are kept for the next flush. Returns the rows written.
    pub async fn flush_search_log(&self) -> Result<usize, AppError> {
        let Some(side) = self.search_log.as_ref() else { return Ok(0) };
        let taken: HashMap<Key, [i64; 3]> = std::mem::take(&mut *lock(&side.tally));
        if taken.is_empty() {
            return Ok(0);
        }
        let mut rows: Vec<SearchCount> = taken
            .iter()
            .map(|((day, lang, query), [searches, zero_results, clicked])| SearchCount {
                day: *day,
                lang: *lang,
                query: query.clone(),
                searches: *searches,
                zero_results: *zero_results,
                clicked: *clicked,
            })
            .collect();
        // One order on every server, so that two flushes never wait for each other's rows in turn.
        rows.sort_by(|a, b| (a.day, a.lang.code(), &a.query).cmp(&(b.day, b.lang.code(), &b.query)));
        match side.store.add_search_counts(&rows).await {
            Ok(()) => Ok(rows.len()),
            Err(e) => {
                for (key, what) in taken {
                    side.add(key, what);
                }
                Err(e.into())
            }
        }
    }

    /// Flushes the counts in the background every `every`.
    pub fn flush_search_log_every(self: &Arc<Self>, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let polku = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(polku) = polku.upgrade() else { return };
                if let Err(e) = polku.flush_search_log().await {
                    tracing::warn!(error = %e, "cannot write search counts; keeping them for the next flush");
                }
            }
        })
    }

    /// Zero-result and abandoned searches of the last `days` days in one language, each with
    /// suggestions from the search engine, for the catalog team.
    pub async fn search_quality(&self, actor: &Actor, lang: Lang, days: u32) -> Result<QualityReport, AppError> {
        actor.require(Action::WriteCatalog)?;
        let side = self.search_log()?;
        // This server's latest counts first, so that the page shows them.
        self.flush_search_log().await?;
        let to = self.clock.today();
        let from = to - chrono::Days::new(u64::from(days.clamp(1, 366)) - 1);
        let counts: Vec<SearchCount> =
            side.store.search_counts(from, to).await?.into_iter().filter(|c| c.lang == lang).collect();
        let snapshot = self.snapshot();
        let index = &snapshot.index;
        let offered = |text: &str| -> Vec<String> {
            let query = Query {
                text: text.to_owned(),
                lang,
                on: to,
                filters: Default::default(),
                sort: search::Sort::Relevance,
                page: 1,
                per_page: 3,
            };
            index
                .search(&query)
                .hits
                .iter()
                .filter_map(|hit| snapshot.catalog.services.get(&hit.service))
                .map(|s| s.name.show(lang).to_owned())
                .collect()
        };
        let row = |c: &SearchCount, closest: Vec<String>, offered: Vec<String>| QualityRow {
            query: c.query.clone(),
            searches: c.searches,
            zero_results: c.zero_results,
            abandoned: c.abandoned(),
            closest,
            offered,
        };
        let mut zero: Vec<&SearchCount> = counts.iter().filter(|c| c.zero_results > 0).collect();
        zero.sort_by(|a, b| b.zero_results.cmp(&a.zero_results).then_with(|| a.query.cmp(&b.query)));
        let mut abandoned: Vec<&SearchCount> = counts.iter().filter(|c| c.abandoned() > 0).collect();
        abandoned.sort_by(|a, b| b.abandoned().cmp(&a.abandoned()).then_with(|| a.query.cmp(&b.query)));
        Ok(QualityReport {
            from: Some(from),
            to: Some(to),
            searches: counts.iter().map(|c| c.searches).sum(),
            zero_results: counts.iter().map(|c| c.zero_results).sum(),
            abandoned: counts.iter().map(SearchCount::abandoned).sum(),
            zero: zero
                .into_iter()
                .take(LISTED)
                .map(|c| row(c, index.closest_words(&c.query, lang, 5), Vec::new()))
                .collect(),
            abandoned_rows: abandoned
                .into_iter()
                .take(LISTED)
                .map(|c| row(c, index.closest_words(&c.query, lang, 3), offered(&c.query)))
                .collect(),
        })
    }

    /// The synonym list of each language as the index uses it: the stored one with its
    /// revision, or the shipped file (revision `None`).
    pub async fn synonym_lists(&self, actor: &Actor) -> Result<Vec<(Lang, String, Option<i64>)>, AppError> {
        actor.require(Action::WriteCatalog)?;
        let stored = self.search_log()?.store.synonym_lists().await?;
        Ok(Lang::ALL
            .into_iter()
            .map(|lang| match stored.iter().find(|l| l.lang == lang) {
                Some(l) => (lang, l.body.clone(), Some(l.revision)),
                None => (lang, Synonyms::shipped(lang).to_owned(), None),
            })
            .collect())
    }

    /// Saves one language's synonym list (refused, naming the line, if a line is malformed)
    /// and applies it to this server's index at once; other servers take it in from the
    /// change log. Returns the revision.
    pub async fn put_synonyms(&self, actor: &Actor, lang: Lang, body: &str) -> Result<i64, AppError> {
        actor.require(Action::WriteCatalog)?;
        let side = self.search_log()?;
        if body.len() > 200_000 {
            return Err(AppError::invalid("body", "a synonym list of more than 200,000 bytes"));
        }
        Synonyms::parse(&[(lang, body)]).map_err(|e| AppError::invalid("body", e.to_string()))?;
        let _guard = self.writer.lock().await;
        let revision = side.store.put_synonym_list(lang, body, actor, self.clock.now()).await?;
        self.apply_synonyms_locked().await?;
        Ok(revision)
    }

    /// Reads the stored synonym lists and searches with them (the shipped files for a
    /// language with none). Called at start-up; a server following the change log calls it
    /// when another server saved a list.
    pub async fn reload_synonyms(&self) -> Result<(), AppError> {
        let _guard = self.writer.lock().await;
        self.apply_synonyms_locked().await
    }

    pub(crate) async fn apply_synonyms_locked(&self) -> Result<(), AppError> {
        let Some(side) = self.search_log.as_ref() else { return Ok(()) };
        let stored = side.store.synonym_lists().await?;
        let texts: Vec<(Lang, String)> = Lang::ALL
            .into_iter()
            .map(|lang| match stored.iter().find(|l| l.lang == lang) {
                Some(l) => (lang, l.body.clone()),
                None => (lang, Synonyms::shipped(lang).to_owned()),
            })
            .collect();
        let files: Vec<(Lang, &str)> = texts.iter().map(|(l, t)| (*l, t.as_str())).collect();
        // A stored list was checked when saved; should one not parse, the shipped lists stay.
        let synonyms = Synonyms::parse(&files).unwrap_or_else(|_| Synonyms::builtin());
        if let Ok(mut slot) = side.synonyms.write() {
            *slot = Some(synonyms.clone());
        }
        self.replace_index_synonyms(synonyms);
        Ok(())
    }

    /// The synonym lists a freshly built index must search with, when not the shipped ones.
    pub(crate) fn stored_synonyms(&self) -> Option<Synonyms> {
        self.search_log.as_ref().and_then(|side| side.synonyms.read().ok().and_then(|s| s.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_normalised_without_personal_data() {
        assert_eq!(normalise("  Kotihoito   PORVOO "), Some("kotihoito porvoo".into()));
        assert_eq!(normalise("hammaslääkäri, 00100 Helsinki"), Some("hammaslääkäri helsinki".into()));
        assert_eq!(normalise("010190-123A"), None);
        assert_eq!(normalise("matti.meikalainen@example.fi neuvola"), Some("neuvola".into()));
        assert_eq!(normalise("puh 040 1234567"), Some("puh".into()));
        assert_eq!(normalise("a b c d e f g h i j"), Some("a b c d e f g h".into()));
        assert!(normalise(&"x".repeat(200)).is_none());
        assert_eq!(normalise("   "), None);
    }

    #[test]
    fn search_ids_have_one_shape() {
        assert!(valid_search_id("0123456789abcdef"));
        assert!(!valid_search_id("0123456789ABCDEF"));
        assert!(!valid_search_id("0123"));
        assert!(!valid_search_id("0123456789abcdeg"));
    }
}
