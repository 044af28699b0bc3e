//! Test helpers that need no database: visible skips, the shared real-data
//! files beside the repository, temporary directories, the workspace root, and the
//! test OpenID providers (`oidc`).
//!
//! Std only, so that the pure crates' tests (domain, search, rules, access,
//! interop) and access-io's can use them without compiling the storage adapter
//! or sqlx. The database helpers (fresh SQLite, fresh PostgreSQL) are in
//! `testkit-sql`, which builds on these.

pub mod oidc;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Say that a test skipped, visibly. The test harness captures a passing test's
/// output, so the line is also appended to the file named by `POLKU_SKIP_LOG`,
/// which `scripts/test` prints at the end of the run.
pub fn skipped(what: &str) {
    use std::io::Write;
    let line = format!("SKIPPED {what}\n");
    eprint!("{line}");
    if let Some(path) = std::env::var_os("POLKU_SKIP_LOG")
        && let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path)
    {
        let _ = file.write_all(line.as_bytes());
    }
}

/// Whether the environment variable `name` is `1` (CI's `POLKU_REQUIRE_*`,
/// which turn skips into failures).
pub fn required(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}

/// The workspace's root directory (where `Cargo.toml` and `ARCHITECTURE.md` are).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the shared public data beside the repository (`../shared/`, or the
/// parent of `POLKU_SHARED_DATA`), e.g. `data/osm/kotka_centre.osm.pbf` or
/// `reference/hsds/schema/compiled/service.json`. Absent: a listed skip, or a
/// failure when `POLKU_REQUIRE_SHARED_DATA` is set (CI).
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let root = std::env::var_os("POLKU_SHARED_DATA")
        .map(|d| PathBuf::from(d).join(".."))
        .unwrap_or_else(|| workspace_root().join("../shared"));
    let path = root.join(relative);
    if path.exists() {
        return Some(path);
    }
    let msg = format!("real-data test: {} is absent (set POLKU_SHARED_DATA)", path.display());
    if std::env::var_os("POLKU_REQUIRE_SHARED_DATA").is_some() {
        panic!("{msg}, and POLKU_REQUIRE_SHARED_DATA is set");
    }
    skipped(&msg);
    None
}

/// A name no other test of any process uses at the same time: process id,
/// clock and a counter.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{prefix}{}_{nanos:x}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A temporary directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let path = std::env::temp_dir().join(unique_name("polku-test-"));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for TempDir {
    fn default() -> TempDir {
        TempDir::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_dirs_are_distinct_and_removed() {
        let a = TempDir::new();
        let b = TempDir::new();
        assert_ne!(a.path(), b.path());
        let kept = a.path().to_path_buf();
        assert!(kept.is_dir());
        drop(a);
        assert!(!kept.exists());
    }

    #[test]
    fn the_workspace_root_holds_the_architecture() {
        assert!(workspace_root().join("ARCHITECTURE.md").is_file());
    }
}
