//! Travel-time matrices between point sets, on a prepared network or, where
//! no network is loaded, estimated from straight-line distance.

use crate::ch::Ch;
use crate::dijkstra::Dijkstra;
use crate::graph::{Graph, Time, Times, UNREACHABLE};
use crate::mode::{BIKE_KMH, Mode, WALK_KMH};
use crate::snap::{Snapped, Snapper};

/// A network ready for queries: the graph, its hierarchy and its snapping index.
#[derive(Debug, Clone)]
pub struct Network {
    pub graph: Graph,
    pub ch: Ch,
    pub snapper: Snapper,
}

/// Each point's ends on the network: its snapped node with the walking leg, or
/// none when it is farther than [`crate::snap::MAX_SNAP_M`] from the network.
fn ends(snapper: &Snapper, points: &[(f64, f64)]) -> Vec<Vec<(u32, Time)>> {
    points.iter().map(|(x, y)| snapper.snap(*x, *y).map(|s| vec![(s.node, s.access)]).unwrap_or_default()).collect()
}

impl Network {
    pub fn prepare(graph: Graph) -> Network {
        let ch = Ch::prepare(&graph);
        let snapper = Snapper::new(&graph);
        Network { graph, ch, snapper }
    }

    /// Times from every `from` point to every `to` point (EPSG:3067), door to
    /// door: walk to the network, travel, walk from it; on every core.
    /// [`UNREACHABLE`]: unreachable, or a point off the network.
    pub fn times(&self, from: &[(f64, f64)], to: &[(f64, f64)]) -> Times {
        self.ch.matrix(&ends(&self.snapper, from), &ends(&self.snapper, to))
    }

    /// [`Network::times`] in minutes. `None`: unreachable, or a point farther
    /// than [`crate::snap::MAX_SNAP_M`] from the network.
    pub fn matrix(&self, from: &[(f64, f64)], to: &[(f64, f64)]) -> Vec<Vec<Option<f64>>> {
        self.times(from, to).iter().map(|row| row.iter().map(|t| minutes(*t)).collect()).collect()
    }

    /// The same with plain Dijkstra, one search per `from` point, one thread: the reference.
    pub fn matrix_dijkstra(&self, from: &[(f64, f64)], to: &[(f64, f64)]) -> Vec<Vec<Option<f64>>> {
        let (f, t) = (self.ends(from), self.ends(to));
        let mut search = Dijkstra::new(self.graph.nodes());
        f.iter()
            .map(|s| match s {
                None => vec![None; to.len()],
                Some(s) => {
                    search.run(&self.graph, &[(s.node, s.access, 0)]);
                    t.iter().map(|g| g.and_then(|g| minutes(search.dist(g.node).saturating_add(g.access)))).collect()
                }
            })
            .collect()
    }

    fn ends(&self, points: &[(f64, f64)]) -> Vec<Option<Snapped>> {
        points.iter().map(|(x, y)| self.snapper.snap(*x, *y)).collect()
    }
}

/// A network used as it is, without a hierarchy: for a one-off matrix with few
/// points on one side, where preparing would cost more than it saves
/// ([`preparing_pays`]).
#[derive(Debug, Clone)]
pub struct Plain {
    pub graph: Graph,
    reversed: Graph,
    pub snapper: Snapper,
}

impl Plain {
    pub fn new(graph: Graph) -> Plain {
        let reversed = graph.reversed();
        let snapper = Snapper::new(&graph);
        Plain { graph, reversed, snapper }
    }

    /// As [`Network::times`], by plain Dijkstra on `threads` threads.
    pub fn times(&self, from: &[(f64, f64)], to: &[(f64, f64)], threads: usize) -> Times {
        crate::dijkstra::matrix(
            &self.graph,
            &self.reversed,
            &ends(&self.snapper, from),
            &ends(&self.snapper, to),
            threads,
        )
    }
}

/// Full plain searches that cost as much as preparing the network's hierarchy
/// (both grow about linearly with the network; measured on the generated
/// 1,000,000-node network, see BENCHMARKS.md).
pub const SEARCHES_PER_PREPARATION: usize = 200;

/// Whether preparing a hierarchy costs less than plain searches for one
/// `from` × `to` matrix: a search per point of the smaller side, shared
/// among `threads` threads, against one preparation on one thread.
pub fn preparing_pays(from: usize, to: usize, threads: usize) -> bool {
    from.min(to) > SEARCHES_PER_PREPARATION * threads.max(1)
}

/// Minutes of a time, `None` when unreachable.
pub fn minutes(t: Time) -> Option<f64> {
    (t < UNREACHABLE / 2).then(|| t as f64 / 600.0)
}

/// Detour of real routes over the straight line, for estimates.
pub const CIRCUITY: f64 = 1.3;
/// Average car speed for estimates (km/h), all roads and junctions.
pub const CAR_ESTIMATE_KMH: f64 = 40.0;

/// An **estimate** in minutes from straight-line distance, a circuity factor
/// and the mode's speed: for where no network is loaded, always labelled so.
pub fn estimate_minutes(metres: f64, mode: Mode) -> f64 {
    let kmh = match mode {
        Mode::Walk => WALK_KMH,
        Mode::Bike => BIKE_KMH,
        Mode::Car => CAR_ESTIMATE_KMH,
    };
    metres * CIRCUITY / (kmh / 3.6) / 60.0
}
