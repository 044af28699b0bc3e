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
    let h = heuristic::p_median_search(&inst, p, &mut Control::none()).unwrap();
    let search = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let h = heuristic::with_bound(&inst, h, &mut Control::none()).unwrap();
    println!(
        "heuristic: value {:.1} in {search:.2} s; Lagrangian bound {:.1} (gap {:.4} %) in {:.2} s",
        h.value,
        h.bound.unwrap_or(f64::NAN),
        h.gap().unwrap_or(f64::NAN) * 100.0,
        t.elapsed().as_secs_f64()
    );
    if a.get(4).is_some_and(|s| s == "exact") {
        let mut ctl = Control::none();
        ctl.time_limit = a.get(5).and_then(|s| s.parse().ok());
        let t = Instant::now();
        let e = solve(&inst, &Problem::new(Objective::PMedian { p }), Solver::Exact, &mut ctl).unwrap();
        println!(
            "exact: value {:.1} optimal {} (heuristic {:+.4} % from it) in {:.2} s",
            e.value,
            e.optimal,
            (h.value - e.value) / e.value * 100.0,
            t.elapsed().as_secs_f64()
        );
    }
}
