//! The planning engine against brute force and against itself: the exact
//! solver equals enumeration of every choice of sites on small instances, the
//! heuristic agrees with it there, its bound never passes the optimum, and
//! impossible problems are refused naming the constraint.

use plan::problem::evaluate;
use plan::{Control, Costs, Equity, Instance, Method, Objective, PlanError, Problem, Solver, solve};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Cells and sites on a 20 km square, times as straight lines at 60 km/h
/// (one minute a kilometre), every cell reaching every site.
fn instance(seed: u64, cells: usize, sites: usize) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cell: Vec<(f64, f64, f64)> = (0..cells)
        .map(|_| (rng.random_range(0.0..20.0), rng.random_range(0.0..20.0), rng.random_range(1..200) as f64))
        .collect();
    let site: Vec<(f64, f64)> =
        (0..sites).map(|_| (rng.random_range(0.0..20.0), rng.random_range(0.0..20.0))).collect();
    let rows = cell.iter().map(|(x, y, _)| {
        site.iter()
            .enumerate()
            .map(|(j, (a, b))| (j as u32, (((x - a).powi(2) + (y - b).powi(2)).sqrt() * 10.0).round() as f32 / 10.0))
            .collect::<Vec<_>>()
    });
    let costs = Costs::from_rows(sites, rows).unwrap();
    let mut inst = Instance::new(cell.iter().map(|c| c.2).collect(), costs);
    inst.areas = cell.iter().map(|(x, _, _)| Some(if *x < 10.0 { 1 } else { 2 })).collect();
    inst
}

/// Every choice of `k` of `m` sites.
fn choices(m: usize, k: usize) -> Vec<Vec<usize>> {
    fn go(start: usize, m: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for j in start..m {
            cur.push(j);
            go(j + 1, m, k, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(0, m, k, &mut Vec::new(), &mut out);
    out
}

/// The best value over every choice of `p` sites containing the fixed ones.
fn brute(inst: &Instance, objective: Objective, p: usize) -> f64 {
    let best = choices(inst.sites(), p)
        .into_iter()
        .filter(|c| inst.fixed.iter().all(|f| c.contains(f)))
        .map(|c| evaluate(inst, objective, &c).0);
    if objective.maximises() { best.fold(f64::MIN, f64::max) } else { best.fold(f64::MAX, f64::min) }
}

fn run(inst: &Instance, objective: Objective, solver: Solver) -> plan::Plan {
    solve(inst, &Problem::new(objective), solver, &mut Control::none()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

#[test]
fn exact_and_heuristic_equal_enumeration_on_small_instances() {
    for seed in 0..12 {
        let mut inst = instance(seed, 60, 10);
        if seed % 3 == 0 {
            inst.fixed = vec![(seed as usize) % 10];
        }
        for p in [2, 3, 4] {
            let objectives =
                [Objective::PMedian { p }, Objective::Coverage { p, minutes: 5.0 }, Objective::PCenter { p }];
            for objective in objectives {
                let want = brute(&inst, objective, p);
                let exact = run(&inst, objective, Solver::Exact);
                let heuristic = run(&inst, objective, Solver::Heuristic);
                assert!(close(exact.value, want), "seed {seed} {objective:?}: exact {} != {want}", exact.value);
                assert!(
                    close(heuristic.value, want),
                    "seed {seed} {objective:?}: heuristic {} != {want}",
                    heuristic.value
                );
                assert_eq!(heuristic.method, Method::Heuristic);
                assert!(inst.fixed.iter().all(|f| exact.open.contains(f) && heuristic.open.contains(f)));
                assert_eq!(exact.open.len(), p);
                let bound = heuristic.bound.expect("the heuristic bounds its plan");
                if objective.maximises() {
                    assert!(bound >= want - 1e-6, "seed {seed} {objective:?}: bound {bound} under the optimum {want}");
                } else {
                    assert!(bound <= want + 1e-6, "seed {seed} {objective:?}: bound {bound} over the optimum {want}");
                }
            }
        }
    }
}

#[test]
fn set_cover_is_the_fewest_sites() {
    for seed in 0..8 {
        let inst = instance(seed, 60, 10);
        for (minutes, share) in [(9.0, 1.0), (6.0, 0.8)] {
            let objective = Objective::SetCover { minutes, share };
            let Ok(exact) = solve(&inst, &Problem::new(objective), Solver::Exact, &mut Control::none()) else {
                continue;
            };
            // The fewest k with some choice covering the share.
            let total = inst.total_weight();
            let fewest = (1..=10)
                .find(|k| {
                    choices(10, *k)
                        .into_iter()
                        .any(|c| evaluate(&inst, Objective::Coverage { p: *k, minutes }, &c).0 >= share * total - 1e-6)
                })
                .unwrap();
            assert_eq!(exact.value, fewest as f64, "seed {seed} {minutes} {share}");
            let heuristic = run(&inst, objective, Solver::Heuristic);
            assert!(heuristic.value >= fewest as f64 && heuristic.bound.unwrap() <= fewest as f64);
            let covered = evaluate(&inst, Objective::Coverage { p: 1, minutes }, &heuristic.open).0;
            assert!(covered >= share * total - 1e-6, "the heuristic's cover covers");
        }
    }
}

#[test]
fn the_heuristic_comes_close_on_a_larger_instance_and_its_bound_holds() {
    let inst = instance(99, 1_000, 40);
    let p = 8;
    let h = run(&inst, Objective::PMedian { p }, Solver::Heuristic);
    let e = run(&inst, Objective::PMedian { p }, Solver::Exact);
    assert!(e.value <= h.value + 1e-6);
    assert!(h.value <= e.value * 1.01, "heuristic {} exact {}", h.value, e.value);
    assert!(h.bound.unwrap() <= e.value + 1e-6);
    // The bound proves the plan within 1 % of the optimum (the target's "within 1 %").
    assert!(h.gap().unwrap() < 0.01, "gap {:?}", h.gap());
}

#[test]
fn capacities_and_equity_are_kept() {
    let mut inst = instance(7, 80, 8);
    let total = inst.total_weight();
    let p = 3;
    let free = run(&inst, Objective::PMedian { p }, Solver::Exact);
    // Capacities at 40 % of the demand each: three sites can serve everyone, none alone.
    inst.capacity = vec![Some(0.4 * total); 8];
    let capped = solve(&inst, &Problem::new(Objective::PMedian { p }), Solver::Auto, &mut Control::none()).unwrap();
    assert!(capped.value >= free.value - 1e-6);
    let mut load = vec![0.0; 8];
    for (i, a) in capped.assignment.iter().enumerate() {
        assert!((a.iter().map(|x| x.1).sum::<f64>() - 1.0).abs() < 1e-6, "cell {i} wholly assigned");
        for (s, share) in a {
            assert!(capped.open.contains(&(*s as usize)));
            load[*s as usize] += share * inst.weights[i];
        }
    }
    assert!(load.iter().all(|l| *l <= 0.4 * total + 1e-4), "{load:?}");
    // Below demand: refused naming the capacities.
    inst.capacity = vec![Some(0.1 * total); 8];
    let err = solve(&inst, &Problem::new(Objective::PMedian { p }), Solver::Auto, &mut Control::none()).unwrap_err();
    assert!(matches!(err, PlanError::CapacityBelowDemand { .. }), "{err}");
    assert_eq!(err.field(), "capacity");
    // Two sites of 40 % cannot serve everyone, though all sites could.
    inst.capacity = vec![Some(0.4 * total); 8];
    let err =
        solve(&inst, &Problem::new(Objective::PMedian { p: 2 }), Solver::Exact, &mut Control::none()).unwrap_err();
    assert_eq!(err, PlanError::CapacityInfeasible { p: 2 });
    inst.capacity.clear();
    // Equity: a bound on every area's mean between the free plan's areas.
    let means = plan::problem::area_means(&inst, &free);
    let worst = means.iter().map(|m| m.2).fold(0.0, f64::max);
    let best = means.iter().map(|m| m.2).fold(f64::MAX, f64::min);
    let limit = (worst + best) / 2.0;
    let fair = Problem { objective: Objective::PMedian { p }, equity: Some(Equity::MaxMean { minutes: limit }) };
    match solve(&inst, &fair, Solver::Auto, &mut Control::none()) {
        Ok(plan) => {
            assert!(plan::problem::area_means(&inst, &plan).iter().all(|m| m.2 <= limit + 1e-6));
            assert!(plan.value >= free.value - 1e-6);
        }
        Err(e) => assert!(matches!(e, PlanError::EquityInfeasible(_)), "{e}"),
    }
    let spread = Problem { objective: Objective::PMedian { p }, equity: Some(Equity::MaxSpread { minutes: 0.5 }) };
    match solve(&inst, &spread, Solver::Auto, &mut Control::none()) {
        Ok(plan) => {
            let m = plan::problem::area_means(&inst, &plan);
            let (hi, lo) = (m.iter().map(|m| m.2).fold(0.0, f64::max), m.iter().map(|m| m.2).fold(f64::MAX, f64::min));
            assert!(hi - lo <= 0.5 + 1e-6, "{m:?}");
        }
        Err(e) => assert!(matches!(e, PlanError::EquityInfeasible(_)), "{e}"),
    }
    let impossible = Problem { objective: Objective::PMedian { p }, equity: Some(Equity::MaxMean { minutes: 0.0 }) };
    let err = solve(&inst, &impossible, Solver::Auto, &mut Control::none()).unwrap_err();
    assert!(matches!(err, PlanError::EquityInfeasible(_)), "{err}");
    assert_eq!(err.field(), "equity");
    let err = solve(&inst, &fair, Solver::Heuristic, &mut Control::none()).unwrap_err();
    assert!(matches!(err, PlanError::Unsupported { constraint: "equity", .. }), "{err}");
}

#[test]
fn impossible_problems_name_their_constraint() {
    let mut inst = instance(3, 30, 6);
    inst.fixed = vec![0, 1, 2];
    let err = solve(&inst, &Problem::new(Objective::PMedian { p: 2 }), Solver::Auto, &mut Control::none()).unwrap_err();
    assert_eq!(err, PlanError::FewerThanFixed { p: 2, fixed: 3 });
    assert_eq!(err.to_string(), "p = 2 is smaller than the 3 sites that must stay open");
    inst.fixed.clear();
    let err = solve(&inst, &Problem::new(Objective::PMedian { p: 7 }), Solver::Auto, &mut Control::none()).unwrap_err();
    assert_eq!(err.field(), "p");
    // A threshold no site meets for some cell.
    let cover = Objective::SetCover { minutes: 0.5, share: 1.0 };
    let err = solve(&inst, &Problem::new(cover), Solver::Auto, &mut Control::none()).unwrap_err();
    let PlanError::Unreachable { cell, minutes: Some(m), .. } = err else { panic!("{err}") };
    assert!(inst.costs.row(cell).1[0] > 0.5 && m == 0.5);
    assert!(err.to_string().contains("within 0.5 minutes"), "{err}");
    let share = Objective::SetCover { minutes: 0.5, share: 0.99 };
    let err = solve(&inst, &Problem::new(share), Solver::Auto, &mut Control::none()).unwrap_err();
    assert!(matches!(err, PlanError::ShareNotCoverable { .. }), "{err}");
    // A populated cell no site reaches at all.
    let rows = vec![vec![(0u32, 1.0f32)], vec![]];
    let lonely = Instance::new(vec![1.0, 5.0], Costs::from_rows(1, rows).unwrap());
    let err =
        solve(&lonely, &Problem::new(Objective::PMedian { p: 1 }), Solver::Auto, &mut Control::none()).unwrap_err();
    assert_eq!(err, PlanError::Unreachable { cell: 1, weight: 5.0, minutes: None });
    // Cancelled before it starts.
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let err =
        solve(&inst, &Problem::new(Objective::PMedian { p: 2 }), Solver::Auto, &mut Control::new(&cancel, |_, _| {}))
            .unwrap_err();
    assert_eq!(err, PlanError::Cancelled);
}

#[test]
fn the_exact_p_median_from_a_plan_equals_the_whole_model() {
    // From a plan: sites settled by the Lagrangian bound, each cell's levels cut near the
    // plan's and widened; without one: every level of every cell. Both optimal, same value,
    // also from a deliberately poor starting plan (the worst sites), which forces widening.
    for (seed, cells, sites, p) in [(5, 250, 24, 3), (6, 300, 30, 6), (7, 200, 20, 8)] {
        let inst = instance(seed, cells, sites);
        let whole = plan::exact::p_median(&inst, p, None, None, &mut Control::none()).unwrap();
        assert!(whole.optimal);
        let good = run(&inst, Objective::PMedian { p }, Solver::Heuristic);
        let mut worst: Vec<usize> = (0..sites).collect();
        worst.sort_by(|a, b| {
            let total =
                |j: &usize| (0..cells).map(|i| inst.costs.get(i, *j).unwrap() as f64 * inst.weights[i]).sum::<f64>();
            total(b).total_cmp(&total(a))
        });
        worst.truncate(p);
        worst.sort_unstable();
        let (value, assignment) = evaluate(&inst, Objective::PMedian { p }, &worst);
        let poor = plan::Plan {
            objective: Objective::PMedian { p },
            open: worst,
            assignment,
            value,
            bound: None,
            method: Method::Heuristic,
            optimal: false,
        };
        for start in [good, poor] {
            let from = plan::exact::p_median(&inst, p, None, Some(&start), &mut Control::none()).unwrap();
            assert!(from.optimal, "seed {seed}");
            assert!(close(from.value, whole.value), "seed {seed}: {} against {}", from.value, whole.value);
            assert!(from.bound.unwrap() <= whole.value + 1e-6);
        }
    }
}
