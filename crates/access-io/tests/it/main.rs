//! Real OpenStreetMap extracts (ODbL, `../shared/data/osm/`): networks build,
//! the hierarchy gives exactly Dijkstra's times, bad files are refused clearly.

mod helsinki;

use std::path::PathBuf;

use access::Mode;
use access::ch::Ch;
use access::dijkstra::Dijkstra;
use access_io::ReadError;

/// A file of `../shared/data` (see `testkit::shared_file`).
pub fn shared(file: &str) -> Option<PathBuf> {
    testkit::shared_file(&format!("data/{file}"))
}

#[test]
fn hierarchy_equals_dijkstra_on_real_networks() {
    for file in ["osm/helsinki_centre.osm.pbf", "osm/kotka_centre.osm.pbf"] {
        let Some(path) = shared(file) else { return };
        let (builder, report) = access_io::osm::read(&path, |_| {}).unwrap();
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
                assert_eq!(&m[i], d.distances(), "{file} {mode}: from node {s}");
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
    let e = access_io::osm::read(&text, |_| {}).unwrap_err();
    assert!(matches!(&e, ReadError::Format(m) if m.contains("is not a readable OpenStreetMap PBF file")), "{e}");
    if let Some(real) = shared("osm/kotka_centre.osm.pbf") {
        let bytes = std::fs::read(real).unwrap();
        let cut = dir.join("truncated.osm.pbf");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        let e = access_io::osm::read(&cut, |_| {}).unwrap_err();
        assert!(e.to_string().contains("truncated.osm.pbf is not a readable"), "{e}");
    }
    let e = access_io::osm::read(&dir.join("missing.pbf"), |_| {}).unwrap_err();
    assert!(matches!(&e, ReadError::Unreadable { path, .. } if path.ends_with("missing.pbf")), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn hsy_grid_reads_with_suppressed_bands_honestly() {
    let Some(path) = shared("helsinki/Vaestotietoruudukko_2015.shp") else { return };
    let grid = access_io::grid::read_shapefile(&path).unwrap();
    assert_eq!(grid.cells.len(), 5_784);
    assert_eq!(grid.cell_size, 250.0);
    assert_eq!(grid.bands.len(), 9);
    // EPSG:3879 converted: the region lies around the Helsinki railway station (E 385.8 km, N 6672 km).
    let (xs, ys): (Vec<f64>, Vec<f64>) = grid.cells.iter().map(|c| (c.x, c.y)).unzip();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!((mean(&xs) - 385_000.0).abs() < 25_000.0 && (mean(&ys) - 6_680_000.0).abs() < 25_000.0);
    // Suppressed bands (99) are unknown, not 99 people.
    let suppressed = grid.cells.iter().filter(|c| c.ages.iter().any(Option::is_none)).count();
    assert!(suppressed > 0);
    assert!(grid.cells.iter().all(|c| c.ages.iter().flatten().all(|a| *a != 99) || c.population >= 99));
    let (w, estimated) = grid.age_weights(80, None).unwrap();
    assert!(estimated > 0.0 && estimated < 0.5, "{estimated}");
    assert!(w.iter().sum::<f64>() > 10_000.0);
    // A .prj in another system is refused by name.
    let dir = std::env::temp_dir().join(format!("polku-grid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for ext in ["shp", "dbf"] {
        std::fs::copy(path.with_extension(ext), dir.join(format!("g.{ext}"))).unwrap();
    }
    std::fs::write(dir.join("g.prj"), r#"PROJCS["WGS_1984_UTM_Zone_35N",PARAMETER["central_meridian",27],PARAMETER["false_easting",500000],PARAMETER["scale_factor",0.9996]],UNIT["Meter",1]]"#.replace("0.9996", "0.9995")).unwrap();
    let e = access_io::grid::read_shapefile(&dir.join("g.shp")).unwrap_err();
    assert_eq!(e, ReadError::UnknownCrs("WGS_1984_UTM_Zone_35N".into()));
    assert!(e.to_string().contains("`WGS_1984_UTM_Zone_35N` is not one Polku reads"), "{e}");
    std::fs::remove_file(dir.join("g.prj")).unwrap();
    let e = access_io::grid::read_shapefile(&dir.join("g.shp")).unwrap_err();
    assert!(e.to_string().contains(".prj file is missing"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}
