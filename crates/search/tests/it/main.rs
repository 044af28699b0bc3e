//! Integration tests of the search engine.

mod incremental;
mod pruning;
