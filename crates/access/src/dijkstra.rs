//! Plain Dijkstra: the reference every faster method is tested against, and
//! the multi-source search that gives each node its nearest source.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::graph::{Graph, Time, Times, UNREACHABLE};

/// A reusable search: only the nodes it touched are reset between runs.
#[derive(Debug, Clone)]
pub struct Dijkstra {
    dist: Vec<Time>,
    label: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(Time, u32)>>,
}

impl Dijkstra {
    pub fn new(nodes: usize) -> Dijkstra {
        Dijkstra {
            dist: vec![UNREACHABLE; nodes],
            label: vec![u32::MAX; nodes],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn reset(&mut self) {
        for &v in &self.touched {
            self.dist[v as usize] = UNREACHABLE;
            self.label[v as usize] = u32::MAX;
        }
        self.touched.clear();
        self.heap.clear();
    }

    /// Searches from several sources at once: `(node, starting time, label)`.
    /// Afterwards each node has the time from its nearest source and that source's label.
    pub fn run(&mut self, g: &Graph, sources: &[(u32, Time, u32)]) {
        self.reset();
        for &(s, t, l) in sources {
            if t < self.dist[s as usize] {
                if self.dist[s as usize] == UNREACHABLE {
                    self.touched.push(s);
                }
                self.dist[s as usize] = t;
                self.label[s as usize] = l;
                self.heap.push(Reverse((t, s)));
            }
        }
        while let Some(Reverse((d, u))) = self.heap.pop() {
            if d > self.dist[u as usize] {
                continue;
            }
            let l = self.label[u as usize];
            for (v, w) in g.out(u) {
                let nd = d.saturating_add(w);
                if nd < self.dist[v as usize] {
                    if self.dist[v as usize] == UNREACHABLE {
                        self.touched.push(v);
                    }
                    self.dist[v as usize] = nd;
                    self.label[v as usize] = l;
                    self.heap.push(Reverse((nd, v)));
                }
            }
        }
    }

    pub fn dist(&self, v: u32) -> Time {
        self.dist[v as usize]
    }

    pub fn label(&self, v: u32) -> u32 {
        self.label[v as usize]
    }

    pub fn distances(&self) -> &[Time] {
        &self.dist
    }
}

/// Times from `s` to every node.
pub fn one_to_all(g: &Graph, s: u32) -> Vec<Time> {
    let mut d = Dijkstra::new(g.nodes());
    d.run(g, &[(s, 0, 0)]);
    d.dist
}

/// A matrix of times by plain Dijkstra, without preparation: one full search per
/// point of the smaller side (from each source on `g`, or from each target on
/// `reversed`, which is `g` turned around), shared among `threads` threads.
/// Points are sets of `(node, extra time)` as in [`crate::ch::Ch::matrix`].
/// For a one-off matrix with few points on one side, this costs less than preparing.
pub fn matrix(
    g: &Graph,
    reversed: &Graph,
    sources: &[Vec<(u32, Time)>],
    targets: &[Vec<(u32, Time)>],
    threads: usize,
) -> Times {
    let backward = targets.len() <= sources.len();
    let (searched, read, graph) = if backward { (targets, sources, reversed) } else { (sources, targets, g) };
    let columns: Vec<Vec<Time>> = crate::par::map_jobs(
        searched.len(),
        threads,
        || Dijkstra::new(g.nodes()),
        |search, j| {
            let point = &searched[j];
            if point.is_empty() {
                return vec![UNREACHABLE; read.len()];
            }
            let starts: Vec<(u32, Time, u32)> = point.iter().map(|(v, t)| (*v, *t, 0)).collect();
            search.run(graph, &starts);
            read.iter()
                .map(|p| p.iter().map(|(v, t)| search.dist(*v).saturating_add(*t)).min().unwrap_or(UNREACHABLE))
                .collect()
        },
    );
    let mut times = Times::unreachable(sources.len(), targets.len());
    for (j, column) in columns.iter().enumerate() {
        for (i, t) in column.iter().enumerate() {
            if backward { times.set(i, j, *t) } else { times.set(j, i, *t) }
        }
    }
    times
}
