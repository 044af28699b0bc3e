//! The hierarchy against the reference: identical times on random graphs.

use access::ch::Ch;
use access::dijkstra::one_to_all;
use access::graph::Graph;
use access::matrix::Network;
use access::mode::Mode;
use proptest::prelude::*;

fn graph() -> impl Strategy<Value = Graph> {
    (2usize..60).prop_flat_map(|n| {
        proptest::collection::vec((0..n as u32, 0..n as u32, 1u32..500), 0..n * 4).prop_map(move |edges| {
            let xy = (0..n).map(|i| ((i % 8) as f64 * 100.0, (i / 8) as f64 * 100.0)).collect();
            Graph::from_edges(Mode::Car, xy, edges)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn hierarchy_equals_dijkstra(g in graph()) {
        let ch = Ch::prepare(&g);
        let all: Vec<Vec<(u32, u32)>> = (0..g.nodes() as u32).map(|v| vec![(v, 0)]).collect();
        let m = ch.matrix_buckets(&all, &all);
        let p = ch.matrix_phast_on(&all, &all[..1], 1);
        let p2 = ch.matrix_phast_on(&all[..1], &all, 2);
        for (v, row) in p.iter().enumerate() {
            prop_assert_eq!(row[0], one_to_all(&g, v as u32)[0]);
        }
        prop_assert_eq!(&p2[0], &one_to_all(&g, 0)[..]);
        // Sweeps of several points at once, on several threads, and plain searches, all the same.
        prop_assert_eq!(&ch.matrix_phast_on(&all, &all, 3), &m);
        prop_assert_eq!(&access::dijkstra::matrix(&g, &g.reversed(), &all, &all[..(all.len() / 2).max(1)], 2), &ch.matrix_phast_on(&all, &all[..(all.len() / 2).max(1)], 1));
        prop_assert_eq!(&access::dijkstra::matrix(&g, &g.reversed(), &all[..3.min(all.len())], &all, 3), &ch.matrix_buckets(&all[..3.min(all.len())], &all));
        for s in 0..g.nodes() as u32 {
            let reference = one_to_all(&g, s);
            for t in 0..g.nodes() as u32 {
                prop_assert_eq!(ch.query(s, t), reference[t as usize], "{} -> {}", s, t);
                prop_assert_eq!(m[s as usize][t as usize], reference[t as usize]);
            }
        }
    }

    #[test]
    fn matrices_with_access_legs_agree(g in graph(), pts in proptest::collection::vec((0.0f64..800.0, 0.0f64..800.0), 1..12)) {
        let plain = access::matrix::Plain::new(g.clone());
        let net = Network::prepare(g);
        prop_assert_eq!(net.matrix(&pts, &pts), net.matrix_dijkstra(&pts, &pts));
        prop_assert_eq!(net.times(&pts, &pts), plain.times(&pts, &pts, 2));
        prop_assert_eq!(net.times(&pts, &pts[..1]), plain.times(&pts, &pts[..1], 1));
    }
}
