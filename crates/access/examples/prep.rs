//! Quick timing of preparation on a generated network: `cargo run --release -p access --example prep -- 1000000`.
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let t = std::time::Instant::now();
    let g = access::synthetic::road_like(n, 1);
    eprintln!("generated {} nodes {} edges in {:.1}s", g.nodes(), g.edges(), t.elapsed().as_secs_f64());
    let t = std::time::Instant::now();
    let ch = access::ch::Ch::prepare(&g);
    eprintln!("prepared in {:.1}s, {} shortcuts", t.elapsed().as_secs_f64(), ch.shortcuts);
}
