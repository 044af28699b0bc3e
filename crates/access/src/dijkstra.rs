//! Plain Dijkstra: the reference every faster method is tested against, and
//! the multi-source search that gives each node its nearest source.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::graph::{Graph, Time, UNREACHABLE};

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
