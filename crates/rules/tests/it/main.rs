//! The engine's tests: the file reader's findings on real and broken files,
//! and the two evaluation modes held to one semantics; populations from CSV;
//! client fees against worked examples; legal clocks and their deadlines.

mod agree;
mod clocks;
mod fees;
mod files;
mod input;
