//! OSM reading throughput (BENCHMARKS.md): `cargo run --release -p access-io --example read_osm -- <file.osm.pbf> [repeat]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("a .osm.pbf file"));
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut best = f64::MAX;
    let mut nodes = 0;
    for _ in 0..repeat {
        let t = std::time::Instant::now();
        let (_, report) = access_io::osm::read(&path, |_| {}).expect("readable");
        best = best.min(t.elapsed().as_secs_f64());
        nodes = report.nodes_read;
    }
    let t = std::time::Instant::now();
    let (builder, _) = access_io::osm::read(&path, |_| {}).expect("readable");
    let mut built = Vec::new();
    for mode in access::Mode::ALL {
        let (g, _) = builder.build(mode);
        built.push((mode, g.nodes(), access::ch::Ch::prepare(&g).shortcuts));
    }
    println!(
        "{}: {nodes} nodes read in {:.1} ms at best: {:.2} M nodes/s; read + build + prepare all modes {:.2} s {:?}",
        path.display(),
        best * 1e3,
        nodes as f64 / best / 1e6,
        t.elapsed().as_secs_f64(),
        built
    );
}
