//! Times the solvers on a generated instance: `cargo run --release -p plan
//! --example timing -- CELLS SITES NEAREST P [exact]`.

use std::time::Instant;

use plan::{Control, Objective, Problem, Solver, heuristic, solve, synthetic};

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let n = |i: usize, d: usize| a.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (cells, sites, nearest, p) = (n(0, 5_000), n(1, 200), n(2, 200), n(3, 15));
    let t = Instant::now();
    let inst = synthetic::towns(cells, sites, nearest, 1);
    println!("instance {cells} x {sites} (nearest {nearest}): {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let h = heuristic::p_median(&inst, p, &mut Control::none()).unwrap();
    println!(
        "heuristic+bound: value {:.1} bound {:?} gap {:?} in {:.2} s",
        h.value,
        h.bound,
        h.gap(),
        t.elapsed().as_secs_f64()
    );
    if a.get(4).is_some_and(|s| s == "exact") {
        let t = Instant::now();
        let e = solve(&inst, &Problem::new(Objective::PMedian { p }), Solver::Exact, &mut Control::none()).unwrap();
        println!("exact: value {:.1} optimal {} in {:.2} s", e.value, e.optimal, t.elapsed().as_secs_f64());
    }
}
