//! Travel-time matrices between point sets, on a prepared network or, where
//! no network is loaded, estimated from straight-line distance.

use crate::ch::Ch;
use crate::dijkstra::Dijkstra;
use crate::graph::{Graph, Time, UNREACHABLE};
use crate::mode::{BIKE_KMH, Mode, WALK_KMH};
use crate::snap::{Snapped, Snapper};

/// A network ready for queries: the graph, its hierarchy and its snapping index.
#[derive(Debug, Clone)]
pub struct Network {
    pub graph: Graph,
    pub ch: Ch,
    pub snapper: Snapper,
}

impl Network {
    pub fn prepare(graph: Graph) -> Network {
        let ch = Ch::prepare(&graph);
        let snapper = Snapper::new(&graph);
        Network { graph, ch, snapper }
    }

    fn ends(&self, points: &[(f64, f64)]) -> Vec<Option<Snapped>> {
        points.iter().map(|(x, y)| self.snapper.snap(*x, *y)).collect()
    }

    /// Minutes from every `from` point to every `to` point (EPSG:3067), door to
    /// door: walk to the network, travel, walk from it. `None`: unreachable, or
    /// a point farther than [`crate::snap::MAX_SNAP_M`] from the network.
    pub fn matrix(&self, from: &[(f64, f64)], to: &[(f64, f64)]) -> Vec<Vec<Option<f64>>> {
        let (f, t) = (self.ends(from), self.ends(to));
        let starts: Vec<Vec<(u32, Time)>> =
            f.iter().map(|s| s.map(|s| vec![(s.node, s.access)]).unwrap_or_default()).collect();
        let goals: Vec<Vec<(u32, Time)>> =
            t.iter().map(|s| s.map(|s| vec![(s.node, s.access)]).unwrap_or_default()).collect();
        self.ch.matrix(&starts, &goals).into_iter().map(|row| row.into_iter().map(minutes).collect()).collect()
    }

    /// The same with plain Dijkstra, one search per `from` point: the reference.
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
}

fn minutes(t: Time) -> Option<f64> {
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
