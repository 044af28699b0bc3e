//! Ground truth that nobody here computed: the Helsinki Region Travel Time
//! Matrix (Digital Geography Lab, CC BY 4.0) gives walking times from 250 m
//! cells to Helsinki railway station. For the cells inside the Helsinki centre
//! extract, Polku's door-to-door walking times must stay close to them.

use access::Mode;
use access::matrix::Network;
use sqlx::Row;

use crate::shared;

/// The centre of a GeoPackage geometry's envelope (EPSG:3067 for this file).
fn centre(blob: &[u8]) -> Option<(f64, f64)> {
    if blob.len() < 40 || &blob[..2] != b"GP" || (blob[3] >> 1) & 7 == 0 {
        return None;
    }
    let f = |i: usize| {
        let b: [u8; 8] = blob[8 + i * 8..16 + i * 8].try_into().expect("eight bytes");
        if blob[3] & 1 == 1 { f64::from_le_bytes(b) } else { f64::from_be_bytes(b) }
    };
    Some(((f(0) + f(1)) / 2.0, (f(2) + f(3)) / 2.0))
}

pub struct Comparison {
    pub cells: usize,
    /// Polku minus the matrix, minutes, sorted.
    pub errors: Vec<f64>,
}

impl Comparison {
    pub fn quantile(&self, q: f64) -> f64 {
        let mut abs: Vec<f64> = self.errors.iter().map(|e| e.abs()).collect();
        abs.sort_by(f64::total_cmp);
        abs[((abs.len() - 1) as f64 * q).round() as usize]
    }

    pub fn mean(&self) -> f64 {
        self.errors.iter().sum::<f64>() / self.errors.len() as f64
    }
}

pub fn compare() -> Option<Comparison> {
    let pbf = shared("osm/helsinki_centre.osm.pbf")?;
    let gpkg = shared("helsinki/helsinki_region_travel_times_to_railway_station.gpkg")?;
    let rows: Vec<(i64, Vec<u8>, i64)> =
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            let pool =
                sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro&immutable=1", gpkg.display())).await.unwrap();
            sqlx::query("SELECT from_id, geom, walk_t FROM travel_times_to_railway_station")
                .fetch_all(&pool)
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.get::<i64, _>(0), r.get::<Vec<u8>, _>(1), r.get::<i64, _>(2)))
                .collect()
        });
    let station = rows.iter().find(|r| r.2 == 0).and_then(|r| centre(&r.1)).expect("the station's own cell");
    let (builder, _) = access_io::osm::read(&pbf, |_| {}).unwrap();
    let (graph, _) = builder.build(Mode::Walk);
    // Cells well inside the extract (24.935–24.953 E, 60.164–60.179 N): 50 m from its edges.
    let (w, s) = (domain::geo::Location::from_wgs84(60.164, 24.935), domain::geo::Location::from_wgs84(60.179, 24.953));
    let inside = |(x, y): (f64, f64)| x > w.e + 50.0 && x < s.e - 50.0 && y > w.n + 50.0 && y < s.n - 50.0;
    let cells: Vec<((f64, f64), f64)> = rows
        .iter()
        .filter(|r| r.2 >= 0)
        .filter_map(|r| centre(&r.1).map(|c| (c, r.2 as f64)))
        .filter(|(c, _)| inside(*c))
        .collect();
    let net = Network::prepare(graph);
    let from: Vec<(f64, f64)> = cells.iter().map(|c| c.0).collect();
    let m = net.matrix(&from, &[station]);
    if std::env::var_os("POLKU_DEBUG").is_some() {
        eprintln!(
            "station {station:?} snapped {:?}, graph {} nodes",
            net.snapper.snap(station.0, station.1),
            net.graph.nodes()
        );
        for ((c, truth), row) in cells.iter().zip(&m) {
            eprintln!(
                "{c:?} truth {truth} polku {:?} snap {:?} straight {:.0} m",
                row[0],
                net.snapper.snap(c.0, c.1),
                ((c.0 - station.0).powi(2) + (c.1 - station.1).powi(2)).sqrt()
            );
        }
    }
    let mut errors: Vec<f64> =
        cells.iter().zip(&m).filter_map(|((_, truth), row)| row[0].map(|polku| polku - truth)).collect();
    errors.sort_by(f64::total_cmp);
    Some(Comparison { cells: cells.len(), errors })
}

#[test]
fn walking_times_match_the_helsinki_travel_time_matrix() {
    let Some(c) = compare() else { return };
    eprintln!(
        "HRTM walk_t vs Polku, {} cells ({} routed): mean error {:+.1} min, median |error| {:.1}, p90 |error| {:.1}, max |error| {:.1}",
        c.cells,
        c.errors.len(),
        c.mean(),
        c.quantile(0.5),
        c.quantile(0.9),
        c.quantile(1.0)
    );
    assert!(c.cells >= 20, "only {} cells inside the extract", c.cells);
    assert_eq!(c.errors.len(), c.cells, "every cell centre inside the extract is routed");
    // Guards (see BENCHMARKS.md for the measured distribution).
    assert!(c.quantile(0.5) <= GUARD_MEDIAN, "median |error| {:.1} min", c.quantile(0.5));
    assert!(c.quantile(0.9) <= GUARD_P90, "p90 |error| {:.1} min", c.quantile(0.9));
    assert!(c.mean().abs() <= GUARD_BIAS, "mean error {:+.1} min", c.mean());
    assert!(c.quantile(1.0) <= 6.0, "max |error| {:.1} min", c.quantile(1.0));
    eprintln!(
        "errors (Polku − HRTM, min): {:?}",
        c.errors.iter().map(|e| (e * 10.0).round() / 10.0).collect::<Vec<_>>()
    );
}

// Measured 2026-11-23: 24 cells, mean −1.2 min, median |error| 1.4, p90 2.2, max 4.7.
const GUARD_MEDIAN: f64 = 2.0;
const GUARD_P90: f64 = 3.5;
const GUARD_BIAS: f64 = 2.0;
