//! A road network for one mode: nodes with EPSG:3067 coordinates and directed
//! edges weighted in tenths of a second, in compressed sparse rows.

use std::collections::HashMap;

use domain::geo::Location;

use crate::mode::{Mode, WayTags, usage};

/// Travel time in tenths of a second. [`UNREACHABLE`] when there is no path.
pub type Time = u32;
pub const UNREACHABLE: Time = Time::MAX;

/// A matrix of travel times, row-major: `m[i][j]` from source `i` to target `j`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Times {
    rows: usize,
    cols: usize,
    data: Vec<Time>,
}

impl Times {
    /// `rows` × `cols`, every entry [`UNREACHABLE`].
    pub fn unreachable(rows: usize, cols: usize) -> Times {
        Times { rows, cols, data: vec![UNREACHABLE; rows * cols] }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    pub fn set(&mut self, i: usize, j: usize, t: Time) {
        self.data[i * self.cols + j] = t;
    }

    /// The rows in order.
    pub fn iter(&self) -> impl Iterator<Item = &[Time]> + '_ {
        (0..self.rows()).map(move |i| &self[i])
    }

    /// Every entry, row after row.
    pub fn as_slice(&self) -> &[Time] {
        &self.data
    }
}

impl std::ops::Index<usize> for Times {
    type Output = [Time];

    fn index(&self, i: usize) -> &[Time] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }
}

#[derive(Debug, Clone)]
pub struct Graph {
    pub mode: Mode,
    /// EPSG:3067 easting and northing of each node, metres.
    pub xy: Vec<(f64, f64)>,
    /// Edges of node `u` are `first_out[u]..first_out[u + 1]`.
    pub first_out: Vec<u32>,
    pub head: Vec<u32>,
    pub time: Vec<Time>,
    /// Whether a trip may start or end at the node (not only in tunnels or indoors).
    pub snappable: Vec<bool>,
}

impl Graph {
    pub fn nodes(&self) -> usize {
        self.xy.len()
    }

    pub fn edges(&self) -> usize {
        self.head.len()
    }

    pub fn out(&self, u: u32) -> impl Iterator<Item = (u32, Time)> + '_ {
        let r = self.first_out[u as usize] as usize..self.first_out[u as usize + 1] as usize;
        self.head[r.clone()].iter().copied().zip(self.time[r].iter().copied())
    }

    /// Builds from directed edges `(from, to, time)`; keeps the shortest of parallel edges.
    pub fn from_edges(mode: Mode, xy: Vec<(f64, f64)>, mut edges: Vec<(u32, u32, Time)>) -> Graph {
        edges.sort_unstable();
        edges.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1); // sorted by time within (from, to): the first is the shortest
        let n = xy.len();
        let mut first_out = vec![0u32; n + 1];
        for (u, _, _) in &edges {
            first_out[*u as usize + 1] += 1;
        }
        for i in 0..n {
            first_out[i + 1] += first_out[i];
        }
        let head = edges.iter().map(|e| e.1).collect();
        let time = edges.iter().map(|e| e.2).collect();
        Graph { mode, snappable: vec![true; n], xy, first_out, head, time }
    }

    /// The same graph with every edge turned around (for times *to* a place).
    pub fn reversed(&self) -> Graph {
        let mut edges = Vec::with_capacity(self.edges());
        for u in 0..self.nodes() as u32 {
            for (v, t) in self.out(u) {
                edges.push((v, u, t));
            }
        }
        Graph { snappable: self.snappable.clone(), ..Graph::from_edges(self.mode, self.xy.clone(), edges) }
    }

    /// Keeps only the largest strongly connected component, so that every
    /// kept node can reach every other (islands and dead-end fragments go).
    pub fn largest_component(&self) -> Graph {
        let comp = strongly_connected(self);
        let mut size: HashMap<u32, usize> = HashMap::new();
        for c in &comp {
            *size.entry(*c).or_default() += 1;
        }
        let Some((&best, _)) = size.iter().max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c))) else {
            return self.clone();
        };
        let mut new_id = vec![u32::MAX; self.nodes()];
        let mut xy = Vec::new();
        let mut snappable = Vec::new();
        for (u, c) in comp.iter().enumerate() {
            if *c == best {
                new_id[u] = xy.len() as u32;
                xy.push(self.xy[u]);
                snappable.push(self.snappable[u]);
            }
        }
        let mut edges = Vec::new();
        for u in 0..self.nodes() as u32 {
            for (v, t) in self.out(u) {
                let (a, b) = (new_id[u as usize], new_id[v as usize]);
                if a != u32::MAX && b != u32::MAX {
                    edges.push((a, b, t));
                }
            }
        }
        Graph { snappable, ..Graph::from_edges(self.mode, xy, edges) }
    }
}

/// Kosaraju's algorithm, iterative: the component of each node.
fn strongly_connected(g: &Graph) -> Vec<u32> {
    let n = g.nodes();
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack: Vec<(u32, u32)> = Vec::new(); // (node, next edge index)
    for s in 0..n as u32 {
        if seen[s as usize] {
            continue;
        }
        seen[s as usize] = true;
        stack.push((s, g.first_out[s as usize]));
        while let Some((u, i)) = stack.last_mut() {
            let u = *u;
            if *i < g.first_out[u as usize + 1] {
                let v = g.head[*i as usize];
                *i += 1;
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    stack.push((v, g.first_out[v as usize]));
                }
            } else {
                order.push(u);
                stack.pop();
            }
        }
    }
    let r = g.reversed();
    let mut comp = vec![u32::MAX; n];
    let mut c = 0;
    let mut todo = Vec::new();
    for &s in order.iter().rev() {
        if comp[s as usize] != u32::MAX {
            continue;
        }
        comp[s as usize] = c;
        todo.push(s);
        while let Some(u) = todo.pop() {
            for (v, _) in r.out(u) {
                if comp[v as usize] == u32::MAX {
                    comp[v as usize] = c;
                    todo.push(v);
                }
            }
        }
        c += 1;
    }
    comp
}

/// Collects ways and node coordinates (from any source) into per-mode graphs.
#[derive(Debug, Default)]
pub struct NetworkBuilder {
    /// OSM node id → WGS84 (lat, lon), only for nodes of routable ways.
    coords: HashMap<i64, (f64, f64)>,
    ways: Vec<(Vec<i64>, WayTags)>,
}

/// What building a network found, for the import report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    pub ways: usize,
    pub missing_nodes: usize,
    pub nodes_before_component: usize,
    pub nodes: usize,
    pub edges: usize,
}

impl NetworkBuilder {
    /// Whether a way is routable in any mode (the reader keeps only these).
    pub fn wanted(tags: &WayTags) -> bool {
        Mode::ALL.iter().any(|m| usage(tags, *m).is_some())
    }

    pub fn add_way(&mut self, nodes: Vec<i64>, tags: WayTags) {
        self.ways.push((nodes, tags));
    }

    pub fn add_node(&mut self, id: i64, lat: f64, lon: f64) {
        self.coords.insert(id, (lat, lon));
    }

    pub fn ways(&self) -> usize {
        self.ways.len()
    }

    /// The ways read, with their tags.
    pub fn way_list(&self) -> &[(Vec<i64>, WayTags)] {
        &self.ways
    }

    /// A node's WGS84 (lat, lon), if read.
    pub fn coordinate(&self, id: i64) -> Option<(f64, f64)> {
        self.coords.get(&id).copied()
    }

    /// The node ids the ways use (the reader needs their coordinates).
    pub fn needed_nodes(&self) -> std::collections::HashSet<i64> {
        self.ways.iter().flat_map(|(n, _)| n.iter().copied()).collect()
    }

    /// The graph of one mode: its largest strongly connected component.
    pub fn build(&self, mode: Mode) -> (Graph, BuildReport) {
        let mut index: HashMap<i64, u32> = HashMap::new();
        let mut xy: Vec<(f64, f64)> = Vec::new();
        let mut edges: Vec<(u32, u32, Time)> = Vec::new();
        let mut report = BuildReport::default();
        let mut surface: Vec<bool> = Vec::new();
        let mut node = |id: i64, xy: &mut Vec<(f64, f64)>| -> Option<u32> {
            if let Some(i) = index.get(&id) {
                return Some(*i);
            }
            let (lat, lon) = *self.coords.get(&id)?;
            let l = Location::from_wgs84(lat, lon);
            let i = xy.len() as u32;
            xy.push((l.e, l.n));
            index.insert(id, i);
            Some(i)
        };
        for (nodes, tags) in &self.ways {
            let Some(u) = usage(tags, mode) else { continue };
            report.ways += 1;
            let below = tags.below_or_inside();
            let mut prev: Option<u32> = None;
            for id in nodes {
                let Some(cur) = node(*id, &mut xy) else {
                    report.missing_nodes += 1;
                    prev = None;
                    continue;
                };
                if surface.len() < xy.len() {
                    surface.resize(xy.len(), false);
                }
                surface[cur as usize] |= !below;
                if let Some(p) = prev
                    && p != cur
                {
                    let (a, b) = (xy[p as usize], xy[cur as usize]);
                    let metres = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                    let t = ((metres / u.speed) * 10.0).round().max(1.0) as Time;
                    if u.forward {
                        edges.push((p, cur, t));
                    }
                    if u.backward {
                        edges.push((cur, p, t));
                    }
                }
                prev = Some(cur);
            }
        }
        report.nodes_before_component = xy.len();
        surface.resize(xy.len(), false);
        let g = Graph { snappable: surface, ..Graph::from_edges(mode, xy, edges) }.largest_component();
        report.nodes = g.nodes();
        report.edges = g.edges();
        (g, report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_component_drops_islands_and_one_way_traps() {
        // 0 <-> 1 <-> 2, 2 -> 3 (a trap: no way back), 4 <-> 5 (an island)
        let xy = vec![(0.0, 0.0); 6];
        let g = Graph::from_edges(
            Mode::Car,
            xy,
            vec![(0, 1, 5), (1, 0, 5), (1, 2, 5), (2, 1, 5), (2, 3, 5), (4, 5, 1), (5, 4, 1)],
        );
        let big = g.largest_component();
        assert_eq!(big.nodes(), 3);
        assert_eq!(big.edges(), 4);
    }
}
