//! The house keeps its rules: ARCHITECTURE.md's invariants, checked against
//! the workspace itself, so that the document and the code cannot disagree.
//!
//! - the dependency edges between workspace crates are exactly the list in
//!   ARCHITECTURE.md (its `edges` block);
//! - `sqlx` only in `store-sql` (and the named test-only uses), `axum` and
//!   `tower-http` only in `web`; the test crates only as dev-dependencies;
//! - the pure crates do no IO (no tokio, sqlx, axum, `std::fs`, `std::net`);
//! - no `chrono::Local` anywhere (time is `app::Clock`, Europe/Helsinki);
//! - no process-global mutable state (caches belong to a `Polku`);
//! - the binary is glue: no import pipelines or network files of its own;
//! - `web`'s HSDS and FHIR routes go through `app` (see [`THROUGH_APP`]);
//! - no tracked file over 1 MB outside `data/`;
//! - every module opens with `//!`, every crate has a description.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The crates that do no IO: no files, network, database, async, SQL or HTTP.
/// (`interop::stream` reads any `std::io::Read` it is handed; that is allowed.)
const PURE: [&str; 8] = ["domain", "search", "rules", "access", "interop", "navigation", "plan", "paths"];

/// What a pure crate's source may not name.
const IO_IN_SOURCE: [&str; 7] = ["std::fs", "std::net", "tokio", "sqlx", "axum", "std::process", "File::open"];

/// Who may depend on a technology: (dependency, crate, kind: "normal" or "dev").
const ALLOWED: [(&str, &str, &str); 7] = [
    ("sqlx", "store-sql", "normal"),
    // Creates the fresh PostgreSQL database of each test; itself only a dev-dependency.
    ("sqlx", "testkit-sql", "normal"),
    // Reads the Helsinki travel-time matrix, a GeoPackage (an SQLite file), in tests/it/helsinki.rs.
    ("sqlx", "access-io", "dev"),
    // The referral load test (examples/referral_load.rs) bulk-loads a million referrals with plain SQL.
    ("sqlx", "polku", "dev"),
    ("axum", "web", "normal"),
    ("tower-http", "web", "normal"),
    ("tower", "web", "normal"),
];

/// The test-helper crates: never a normal dependency of anything.
const TEST_ONLY: [&str; 2] = ["testkit", "testkit-sql"];

/// Files of `web` that must reach the catalog only through `app`'s HSDS and
/// FHIR use cases: no `.snapshot()`, no `SearchIndex`, no `snapshot.catalog` or
/// index of their own. Empty until those use cases move into `app`; then list
/// `"crates/web/src/hsds.rs"` and `"crates/web/src/fhir.rs"` here.
const THROUGH_APP: &[&str] = &["crates/web/src/hsds.rs", "crates/web/src/fhir.rs", "crates/web/src/fhir_referrals.rs"];

/// What [`THROUGH_APP`] files may not contain.
const SNAPSHOT_READS: [&str; 5] =
    [".snapshot()", "SearchIndex", "snapshot.catalog", "snapshot.index", ".index.search("];

/// What the binary may not do itself (the pipelines are `app::transfer` and
/// `app::networks`, the files `store-files`).
const NOT_IN_THE_BINARY: [&str; 5] =
    ["interop::ptv", "interop::stream", "interop::hsds", "interop::fhir", "access::persist"];

const MB: u64 = 1 << 20;

fn root() -> PathBuf {
    testkit::workspace_root()
}

/// `cargo metadata` of the workspace's own packages.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline", "--no-deps"])
        .current_dir(root())
        .output()
        .expect("run cargo metadata");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON")
}

/// Every package's dependencies: (package, dependency, kind).
fn dependencies(meta: &Value) -> Vec<(String, String, String, bool)> {
    let mut out = Vec::new();
    for p in meta["packages"].as_array().expect("packages") {
        let name = p["name"].as_str().expect("name").to_owned();
        for d in p["dependencies"].as_array().expect("dependencies") {
            let kind = d["kind"].as_str().unwrap_or("normal").to_owned();
            let internal = d["path"].is_string();
            out.push((name.clone(), d["name"].as_str().expect("name").to_owned(), kind, internal));
        }
    }
    out
}

type Edges = BTreeMap<(String, String), BTreeSet<String>>;

/// The `edges` block of ARCHITECTURE.md: `crate -> a, b` (dependencies) and
/// `crate -dev-> c` (dev-dependencies) lines.
fn documented_edges() -> Edges {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let block = doc.split("```edges\n").nth(1).and_then(|b| b.split("```").next()).expect("an ```edges block");
    let mut edges = Edges::new();
    for line in block.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (from, kind, to) = if let Some((from, to)) = line.split_once("-dev->") {
            (from, "dev", to)
        } else if let Some((from, to)) = line.split_once("->") {
            (from, "normal", to)
        } else {
            panic!("ARCHITECTURE.md edges: `{line}` is not `crate -> deps` or `crate -dev-> deps`")
        };
        let set = edges.entry((from.trim().to_owned(), kind.to_owned())).or_default();
        set.extend(to.split(',').map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned));
    }
    edges
}

#[test]
fn architecture_md_lists_every_crate_and_exactly_the_real_edges() {
    let meta = metadata();
    let mut real = Edges::new();
    let packages: BTreeSet<String> =
        meta["packages"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
    for p in &packages {
        real.entry((p.clone(), "normal".into())).or_default();
    }
    for (from, to, kind, internal) in dependencies(&meta) {
        if internal && kind != "build" {
            real.entry((from, kind)).or_default().insert(to);
        }
    }
    real.retain(|(_, kind), deps| kind == "normal" || !deps.is_empty());
    let documented = documented_edges();
    let listed: BTreeSet<String> = documented.keys().map(|(c, _)| c.clone()).collect();
    assert_eq!(listed, packages, "ARCHITECTURE.md's edges block must list every crate (`crate ->` for none)");
    for key in real.keys().chain(documented.keys()).collect::<BTreeSet<_>>() {
        let (crate_name, kind) = key;
        let arrow = if kind == "dev" { "-dev->" } else { "->" };
        assert_eq!(
            documented.get(key).cloned().unwrap_or_default(),
            real.get(key).cloned().unwrap_or_default(),
            "ARCHITECTURE.md: `{crate_name} {arrow} …` differs from the Cargo.toml files"
        );
    }
}

#[test]
fn sqlx_axum_and_tower_http_stay_in_their_adapters() {
    let meta = metadata();
    for (from, to, kind, _) in dependencies(&meta) {
        if ALLOWED.iter().any(|(dep, _, _)| *dep == to) {
            assert!(
                ALLOWED.contains(&(to.as_str(), from.as_str(), kind.as_str())),
                "{from} has a {kind} dependency on {to}; only {:?} may",
                ALLOWED.iter().filter(|a| a.0 == to).map(|a| (a.1, a.2)).collect::<Vec<_>>()
            );
        }
        if TEST_ONLY.contains(&to.as_str()) {
            assert!(
                kind == "dev" || TEST_ONLY.contains(&from.as_str()),
                "{from} depends on the test helpers {to} outside dev-dependencies"
            );
        }
    }
}

#[test]
fn pure_crates_have_no_io_dependencies() {
    let meta = metadata();
    for (from, to, kind, _) in dependencies(&meta) {
        if PURE.contains(&from.as_str()) && kind == "normal" {
            assert!(
                !["tokio", "sqlx", "axum", "tower", "tower-http", "osmpbf", "store-sql", "store-files", "app"]
                    .contains(&to.as_str()),
                "the pure crate {from} depends on {to}"
            );
        }
    }
}

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let path = e.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every crate's `src/`.
fn sources() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("crates")).expect("read crates/") {
        let dir = e.expect("dir entry").path();
        if dir.join("src").is_dir() {
            let name = dir.file_name().expect("name").to_string_lossy().into_owned();
            out.extend(rust_files(&dir.join("src")).into_iter().map(|f| (name.clone(), f)));
        }
    }
    out
}

/// The file's lines that are code (not `//` comments), with their numbers.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

fn offences(files: &[PathBuf], patterns: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        for (n, line) in code_lines(file) {
            for p in patterns.iter().filter(|p| line.contains(**p)) {
                found.push(format!("{}:{n}: `{p}` in {}", file.display(), line.trim()));
            }
        }
    }
    found
}

#[test]
fn pure_crates_do_no_io_in_their_source() {
    let files: Vec<PathBuf> = sources().into_iter().filter(|(c, _)| PURE.contains(&c.as_str())).map(|s| s.1).collect();
    assert!(files.len() > 20, "found the pure crates' sources");
    let found = offences(&files, &IO_IN_SOURCE);
    assert!(found.is_empty(), "IO in a pure crate:\n{}", found.join("\n"));
}

#[test]
fn no_local_time_but_the_clock() {
    let files: Vec<PathBuf> = sources().into_iter().map(|s| s.1).collect();
    let found = offences(&files, &["chrono::Local", "Local::now", "Local::today"]);
    assert!(found.is_empty(), "use app::Clock (Europe/Helsinki), not the machine's time zone:\n{}", found.join("\n"));
}

/// Process-global mutable state that is allowed: (file, why).
const GLOBAL_STATE_ALLOWED: [(&str, &str); 2] = [
    ("crates/search/src/index.rs", "per-thread scratch arrays, cleared for every query"),
    ("crates/testkit/src/lib.rs", "a counter for unique test names"),
];

#[test]
fn no_process_global_mutable_state() {
    let mutable = ["Mutex", "RwLock", "Atomic", "RefCell", "Cell<", "thread_local!"];
    let mut found = Vec::new();
    for (_, file) in sources() {
        let relative = file.strip_prefix(root()).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        if GLOBAL_STATE_ALLOWED.iter().any(|(f, _)| *f == relative) {
            continue;
        }
        for (n, line) in code_lines(&file) {
            let global = line.contains("static ") && !line.contains("&'static") || line.contains("thread_local!");
            if global && mutable.iter().any(|m| line.contains(m)) {
                found.push(format!("{relative}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "process-global mutable state makes two servers or two requests disagree; keep it in `Polku`:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_binary_is_glue() {
    let files = rust_files(&root().join("crates/polku/src"));
    let found = offences(&files, &NOT_IN_THE_BINARY);
    assert!(found.is_empty(), "the binary does what app should:\n{}", found.join("\n"));
}

#[test]
fn hsds_and_fhir_go_through_app() {
    if THROUGH_APP.is_empty() {
        testkit::skipped("house: web's HSDS/FHIR through app (THROUGH_APP in crates/testkit/tests/house.rs is empty)");
    }
    let files: Vec<PathBuf> = THROUGH_APP.iter().map(|f| root().join(f)).collect();
    for f in &files {
        assert!(f.is_file(), "{} is gone: update THROUGH_APP", f.display());
    }
    let found = offences(&files, &SNAPSHOT_READS);
    assert!(found.is_empty(), "web reads the snapshot itself:\n{}", found.join("\n"));
}

#[test]
fn the_scanner_sees_what_it_forbids() {
    let tmp = testkit::TempDir::new();
    let file = tmp.path().join("x.rs");
    std::fs::write(&file, "//! A module.\n// std::fs in a comment is fine\nlet s = polku.snapshot();\n").unwrap();
    assert_eq!(offences(std::slice::from_ref(&file), &SNAPSHOT_READS).len(), 1);
    assert!(offences(&[file], &IO_IN_SOURCE).is_empty());
}

#[test]
fn no_tracked_file_over_a_megabyte_outside_data() {
    let out = std::process::Command::new("git").args(["ls-files", "-z"]).current_dir(root()).output();
    let out = match out {
        Ok(out) if out.status.success() => out,
        _ => {
            testkit::skipped("house: tracked file sizes (not a git checkout, or no git)");
            return;
        }
    };
    let mut big = Vec::new();
    for name in out.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name);
        if name.starts_with("data/") {
            continue;
        }
        // A file deleted in the work tree but not yet from the index has no size.
        if let Ok(meta) = std::fs::metadata(root().join(name.as_ref()))
            && meta.len() > MB
        {
            big.push(format!("{name} ({:.1} MB)", meta.len() as f64 / MB as f64));
        }
    }
    assert!(big.is_empty(), "tracked files over 1 MB outside data/ (keep them out of git):\n{}", big.join("\n"));
}

#[test]
fn every_module_says_what_it_is_for_and_every_crate_has_a_description() {
    let mut silent = Vec::new();
    for (_, file) in sources() {
        // Sibling test modules (`mod tests;` in `tests.rs`) are the exception.
        if file.file_name().is_some_and(|f| f == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read");
        if !text.starts_with("//!") {
            silent.push(file.display().to_string());
        }
    }
    assert!(silent.is_empty(), "modules without a `//!` first line:\n{}", silent.join("\n"));
    for p in metadata()["packages"].as_array().unwrap() {
        assert!(p["description"].as_str().is_some_and(|d| !d.is_empty()), "{} has no description", p["name"]);
    }
}
