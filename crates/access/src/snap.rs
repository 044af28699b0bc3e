//! Points onto the network: the nearest node, reached on foot in a straight
//! line (the access leg). A point farther than the limit is outside the network.

use std::collections::HashMap;

use crate::graph::{Graph, Time};
use crate::mode::WALK_KMH;

/// How far a point may be from the network, metres.
pub const MAX_SNAP_M: f64 = 1_000.0;
const CELL: f64 = 250.0;

/// A grid index of a graph's nodes.
#[derive(Debug, Clone)]
pub struct Snapper {
    cells: HashMap<(i64, i64), Vec<u32>>,
    xy: Vec<(f64, f64)>,
}

/// A point on the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapped {
    pub node: u32,
    pub metres: f64,
    /// The walking access leg, tenths of a second.
    pub access: Time,
}

fn cell(x: f64, y: f64) -> (i64, i64) {
    ((x / CELL).floor() as i64, (y / CELL).floor() as i64)
}

/// Walking time over a straight distance, tenths of a second.
pub fn walk_time(metres: f64) -> Time {
    (metres / (WALK_KMH / 3.6) * 10.0).round() as Time
}

impl Snapper {
    pub fn new(g: &Graph) -> Snapper {
        let mut cells: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
        for (i, &(x, y)) in g.xy.iter().enumerate() {
            if g.snappable[i] {
                cells.entry(cell(x, y)).or_default().push(i as u32);
            }
        }
        Snapper { cells, xy: g.xy.clone() }
    }

    /// The nearest node to an EPSG:3067 point (easting, northing), if within [`MAX_SNAP_M`].
    pub fn snap(&self, x: f64, y: f64) -> Option<Snapped> {
        let (cx, cy) = cell(x, y);
        let rings = (MAX_SNAP_M / CELL).ceil() as i64 + 1;
        let mut best: Option<(f64, u32)> = None;
        for r in 0..=rings {
            // Once a node is found, one more ring can still hold a nearer one.
            if let Some((d, _)) = best
                && d < (r as f64 - 1.0) * CELL
            {
                break;
            }
            for dx in -r..=r {
                for dy in -r..=r {
                    if dx.abs() != r && dy.abs() != r {
                        continue;
                    }
                    let Some(nodes) = self.cells.get(&(cx + dx, cy + dy)) else { continue };
                    for &n in nodes {
                        let (nx, ny) = self.xy[n as usize];
                        let d = ((nx - x).powi(2) + (ny - y).powi(2)).sqrt();
                        if best.is_none_or(|(bd, bn)| d < bd || (d == bd && n < bn)) {
                            best = Some((d, n));
                        }
                    }
                }
            }
        }
        best.filter(|(d, _)| *d <= MAX_SNAP_M).map(|(d, n)| Snapped { node: n, metres: d, access: walk_time(d) })
    }
}
