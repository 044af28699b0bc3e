//! In-memory full-text search over the service catalog, in Finnish, Swedish and English.
//!
//! The index is built from a [`domain::Catalog`] snapshot and answers a [`Query`]
//! with ranked [`Hit`]s that say in which language and field each word matched.
//! Pure: no IO, no async. Rebuilt by the application layer whenever the catalog changes.

mod index;
mod synonyms;
mod text;

pub use index::{Field, Filters, Hit, Match, MatchKind, Query, SearchIndex, SearchResults, Sort};
pub use synonyms::{SynonymError, Synonyms};
pub use text::Analyzer;
