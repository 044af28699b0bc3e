//! The readers' one error type: a file that cannot be read apart from a file
//! that is not what it should be (each message names the file and the place).

/// Why a network or grid file was not read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The file cannot be opened or read (missing, no permission, IO error).
    #[error("cannot read {path}: {problem}")]
    Unreadable { path: String, problem: String },
    /// The file is read but its content is refused; the message names the file and where.
    #[error("{0}")]
    Format(String),
    /// A grid in a coordinate system Polku does not read.
    #[error(
        "the grid's coordinate system `{0}` is not one Polku reads (EPSG:3067 ETRS-TM35FIN or EPSG:3879 ETRS-GK25FIN)"
    )]
    UnknownCrs(String),
    /// An OpenStreetMap file without any road or path.
    #[error("{0} has no roads or paths (no `highway` ways) to build a network from")]
    NoRoads(String),
}
