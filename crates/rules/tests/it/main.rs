//! The engine's tests: the file reader's findings on real and broken files,
//! and the two evaluation modes held to one semantics.

mod agree;
mod files;
