//! Real OpenStreetMap extracts (ODbL, `../shared/data/osm/`): networks build,
//! the hierarchy gives exactly Dijkstra's times, bad files are refused clearly.

mod helsinki;

use std::path::PathBuf;

use access::Mode;
use access::ch::Ch;
use access::dijkstra::Dijkstra;

/// The shared data directory (override with POLKU_SHARED_DATA); `None` (a visible skip) when absent.
pub fn shared(file: &str) -> Option<PathBuf> {
    let base = std::env::var_os("POLKU_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")));
    let path = base.join(file);
    if path.exists() {
        Some(path)
    } else {
        let msg = format!("real-data test: {} is absent (set POLKU_SHARED_DATA)", path.display());
        if std::env::var_os("POLKU_REQUIRE_SHARED_DATA").is_some() {
            panic!("{msg}, and POLKU_REQUIRE_SHARED_DATA is set");
        }
        store_sql::testing::skipped(&msg);
        None
    }
}

#[test]
fn hierarchy_equals_dijkstra_on_real_networks() {
    for file in ["osm/helsinki_centre.osm.pbf", "osm/kotka_centre.osm.pbf"] {
        let Some(path) = shared(file) else { return };
        let (builder, report) = access_osm::read(&path, |_| {}).unwrap();
        assert!(report.routable_ways > 100, "{file}: {report:?}");
        for mode in Mode::ALL {
            let (g, built) = builder.build(mode);
            assert!(g.nodes() > 100, "{file} {mode}: {built:?}");
            let ch = Ch::prepare(&g);
            let mut d = Dijkstra::new(g.nodes());
            // Every 97th node as a source, all nodes as targets.
            let sources: Vec<u32> = (0..g.nodes() as u32).step_by(97).collect();
            let starts: Vec<Vec<(u32, u32)>> = sources.iter().map(|s| vec![(*s, 0)]).collect();
            let targets: Vec<Vec<(u32, u32)>> = (0..g.nodes() as u32).map(|t| vec![(t, 0)]).collect();
            let m = ch.matrix(&starts, &targets);
            for (i, s) in sources.iter().enumerate() {
                d.run(&g, &[(*s, 0, 0)]);
                assert_eq!(m[i], d.distances(), "{file} {mode}: from node {s}");
            }
        }
    }
}

#[test]
fn files_that_are_not_pbf_are_refused_by_name() {
    let dir = std::env::temp_dir().join(format!("polku-osm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("roads.osm.pbf");
    std::fs::write(&text, "<osm>not a pbf</osm>").unwrap();
    let e = access_osm::read(&text, |_| {}).unwrap_err();
    assert!(e.contains("is not a readable OpenStreetMap PBF file"), "{e}");
    if let Some(real) = shared("osm/kotka_centre.osm.pbf") {
        let bytes = std::fs::read(real).unwrap();
        let cut = dir.join("truncated.osm.pbf");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let e = access_osm::read(&cut, |_| {}).unwrap_err();
        assert!(e.contains("truncated.osm.pbf is not a readable"), "{e}");
    }
    let e = access_osm::read(&dir.join("missing.pbf"), |_| {}).unwrap_err();
    assert!(e.contains("cannot open"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}
