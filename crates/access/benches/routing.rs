//! Routing benchmarks (see BENCHMARKS.md). `cargo bench -p access --bench routing`.
//!
//! On a generated road-like network of 1,000,000 nodes: preparation, nearest
//! unit for every node (50 units), 100,000 × 50 matrices (PHAST on one and every
//! core; plain Dijkstra without preparation), a 100,000 × 200 matrix, point-to-point
//! queries; against plain Dijkstra and the `fast_paths` crate in the same run.
//! One thread unless said. (The real extracts are timed by `polku access import-osm`.)

use std::hint::black_box;
use std::time::Instant;

use access::ch::{Ch, Query};
use access::dijkstra::Dijkstra;
use access::graph::Graph;
use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.to_owned()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

fn bench(c: &mut Criterion) {
    let nodes: usize = std::env::var("POLKU_BENCH_NODES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let t = Instant::now();
    let g = access::synthetic::road_like(nodes, 1);
    println!("generated network: {} nodes, {} edges ({:.1} s)", g.nodes(), g.edges(), secs(t));
    let reversed = g.reversed();

    let t = Instant::now();
    let ch = Ch::prepare(&g);
    let prep = secs(t);
    println!("Polku CH preparation: {prep:.1} s, {} shortcuts, peak RSS so far {:.0} MB", ch.shortcuts, peak_rss_mb());

    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let n = g.nodes() as u32;
    let units: Vec<u32> = (0..200).map(|_| rng.random_range(0..n)).collect();
    let cells: Vec<u32> = (0..100_000).map(|_| rng.random_range(0..n)).collect();

    // Nearest of 50 units from every node: one multi-source Dijkstra on the reversed graph.
    let mut d = Dijkstra::new(g.nodes());
    let sources: Vec<(u32, u32, u32)> = units[..50].iter().enumerate().map(|(i, u)| (*u, 0, i as u32)).collect();
    let t = Instant::now();
    d.run(&reversed, &sources);
    println!("nearest of 50 units, every node (multi-source Dijkstra): {:.3} s", secs(t));
    c.bench_function("nearest of 50 units for every node, 1M nodes", |b| {
        b.iter(|| d.run(&reversed, black_box(&sources)))
    });

    // The planner's matrix: 100,000 cells × 50 units, PHAST sweeps of eight units at once.
    let starts: Vec<Vec<(u32, u32)>> = cells.iter().map(|c| vec![(*c, 0)]).collect();
    let goals: Vec<Vec<(u32, u32)>> = units.iter().map(|u| vec![(*u, 0)]).collect();
    let threads = access::par::threads();
    for th in [1, threads] {
        let t = Instant::now();
        black_box(ch.matrix_phast_on(&starts, &goals[..50], th));
        println!(
            "matrix 100,000 × 50, Polku CH (PHAST, {} lanes), {th} thread(s): {:.3} s",
            access::ch::LANES,
            secs(t)
        );
    }
    // The same without preparation: 50 plain searches on the reversed graph, on every core.
    let t = Instant::now();
    let plain = access::dijkstra::matrix(&g, &reversed, &starts, &goals[..50], threads);
    let plain_secs = secs(t);
    println!(
        "matrix 100,000 × 50, plain Dijkstra (50 searches), {threads} thread(s): {plain_secs:.2} s; one search {:.3} s; preparation = {:.0} searches",
        plain_secs * threads as f64 / 50.0,
        prep / (plain_secs * threads as f64 / 50.0)
    );
    assert_eq!(plain, ch.matrix_phast_on(&starts, &goals[..50], threads), "plain and PHAST disagree");
    c.bench_function("matrix 100,000 × 50, PHAST, every core, 1M nodes", |b| {
        b.iter(|| ch.matrix_phast_on(black_box(&starts), &goals[..50], threads))
    });

    // Full matrix: 100,000 cells × 200 units with the hierarchy.
    let t = Instant::now();
    let m = ch.matrix(&starts, &goals);
    let matrix_ch = secs(t);
    println!(
        "matrix 100,000 × 200, Polku CH (PHAST sweeps, every core): {matrix_ch:.2} s, peak RSS {:.0} MB",
        peak_rss_mb()
    );
    let few: Vec<Vec<(u32, u32)>> = starts[..10_000].to_vec();
    let t = Instant::now();
    let b = ch.matrix_buckets(&few, &goals);
    println!("matrix 10,000 × 200, Polku CH (buckets): {:.2} s", secs(t));
    assert_eq!(b.as_slice(), &m.as_slice()[..10_000 * 200]);
    let mut scratch = access::ch::PhastScratch::new(g.nodes());
    let unit_starts: Vec<(u32, u32)> = units[..50].iter().map(|u| (*u, 0)).collect();
    let t = Instant::now();
    let all = ch.to_all(&unit_starts, &mut scratch);
    println!("nearest of 50 units, every node (PHAST): {:.3} s", secs(t));
    d.run(&reversed, &sources);
    assert_eq!(all, d.distances());

    // Plain Dijkstra for the same matrix: one search per unit on the reversed graph (10 of 200 timed).
    let t = Instant::now();
    for (j, u) in units.iter().take(10).enumerate() {
        d.run(&reversed, &[(*u, 0, 0)]);
        for (i, cell) in cells.iter().enumerate().step_by(997) {
            assert_eq!(m[i][j], d.dist(*cell), "the hierarchy and Dijkstra disagree");
        }
    }
    let matrix_dijkstra = secs(t) * 20.0;
    println!(
        "matrix 100,000 × 200, plain Dijkstra (200 one-to-all searches, 10 timed, one thread): {matrix_dijkstra:.1} s; CH is {:.0}x faster",
        matrix_dijkstra / matrix_ch
    );

    // Point-to-point queries.
    let pairs: Vec<(u32, u32)> = (0..1000).map(|_| (rng.random_range(0..n), rng.random_range(0..n))).collect();
    let mut q = Query::new(g.nodes());
    let t = Instant::now();
    for (s, t2) in &pairs {
        black_box(q.run(&ch, *s, *t2));
    }
    let polku_query = secs(t) / pairs.len() as f64;
    let t = Instant::now();
    for (s, t2) in pairs.iter().take(20) {
        d.run(&g, &[(*s, 0, 0)]);
        black_box(d.dist(*t2));
    }
    let dijkstra_query = secs(t) / 20.0;

    // fast_paths, the same graph.
    let mut input = fast_paths::InputGraph::new();
    for u in 0..g.nodes() as u32 {
        for (v, w) in g.out(u) {
            input.add_edge(u as usize, v as usize, w as usize);
        }
    }
    input.freeze();
    let t = Instant::now();
    let fast = fast_paths::prepare(&input);
    let fast_prep = secs(t);
    let mut calc = fast_paths::create_calculator(&fast);
    let t = Instant::now();
    for (s, t2) in &pairs {
        let p = calc.calc_path(&fast, *s as usize, *t2 as usize);
        black_box(p.map(|p| p.get_weight()));
    }
    let fast_query = secs(t) / pairs.len() as f64;
    // Agreement on the same pairs.
    for (s, t2) in pairs.iter().take(200) {
        let ours = q.run(&ch, *s, *t2);
        let theirs = calc.calc_path(&fast, *s as usize, *t2 as usize).map(|p| p.get_weight() as u32);
        assert_eq!(Some(ours).filter(|x| *x != access::UNREACHABLE), theirs);
    }
    println!("preparation: Polku {prep:.1} s, fast_paths {fast_prep:.1} s (ratio {:.2})", fast_prep / prep);
    println!(
        "point-to-point query: Polku CH {:.1} µs, fast_paths {:.1} µs, plain Dijkstra {:.1} ms; matrix 100,000 × 200 with fast_paths point queries ≈ {:.0} s",
        polku_query * 1e6,
        fast_query * 1e6,
        dijkstra_query * 1e3,
        fast_query * 2e7
    );
    println!("peak RSS {:.0} MB", peak_rss_mb());
    c.bench_function("point-to-point query, Polku CH, 1M nodes", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % pairs.len();
            black_box(q.run(&ch, pairs[i].0, pairs[i].1))
        })
    });
    drop_graph(g);
}

fn drop_graph(_: Graph) {}

criterion_group!(benches, bench);
criterion_main!(benches);
