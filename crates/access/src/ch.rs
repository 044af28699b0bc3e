//! Contraction hierarchies: nodes are contracted one by one (least important
//! first), adding shortcuts where a shortest path would otherwise be lost;
//! queries then only go "upwards" in the order, from both ends.
//!
//! Exact: every answer equals plain Dijkstra's (tested on real networks and
//! random graphs). Many-to-many matrices use the bucket method: one backward
//! upward search per target, one forward upward search per source.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::graph::{Graph, Time, Times, UNREACHABLE};

/// Upward edges in compressed rows.
#[derive(Debug, Clone, Default)]
struct Up {
    first: Vec<u32>,
    head: Vec<u32>,
    time: Vec<Time>,
}

impl Up {
    fn from_lists(lists: Vec<Vec<(u32, Time)>>) -> Up {
        let mut up = Up { first: Vec::with_capacity(lists.len() + 1), ..Default::default() };
        up.first.push(0);
        for list in lists {
            for (v, t) in list {
                up.head.push(v);
                up.time.push(t);
            }
            up.first.push(up.head.len() as u32);
        }
        up
    }

    fn out(&self, u: u32) -> impl Iterator<Item = (u32, Time)> + '_ {
        let r = self.first[u as usize] as usize..self.first[u as usize + 1] as usize;
        self.head[r.clone()].iter().copied().zip(self.time[r].iter().copied())
    }
}

/// A prepared network.
#[derive(Debug, Clone)]
pub struct Ch {
    nodes: usize,
    /// Forward upward edges: u → v with v higher.
    up: Up,
    /// Backward upward edges, stored at v: (u, t) for an edge u → v with u higher.
    down: Up,
    /// Nodes in contraction order (lowest first).
    order: Vec<u32>,
    /// Node → its position in `order` (its rank).
    rank: Vec<u32>,
    /// `up` and `down` renumbered by rank, for cache-friendly PHAST sweeps.
    up_by_rank: Up,
    down_by_rank: Up,
    pub shortcuts: usize,
}

/// An upward graph with nodes renumbered by rank.
fn by_rank(g: &Up, order: &[u32], rank: &[u32]) -> Up {
    let lists = order
        .iter()
        .map(|&v| {
            let mut l: Vec<(u32, Time)> = g.out(v).map(|(w, t)| (rank[w as usize], t)).collect();
            l.sort_unstable();
            l
        })
        .collect();
    Up::from_lists(lists)
}

fn ranks(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (i, v) in order.iter().enumerate() {
        rank[*v as usize] = i as u32;
    }
    rank
}

/// Limits of the witness search (bigger: fewer shortcuts, slower preparation).
const WITNESS_SETTLE_LIMIT: usize = 60;

impl Ch {
    pub fn prepare(g: &Graph) -> Ch {
        let n = g.nodes();
        let mut out: Vec<Vec<(u32, Time)>> = vec![Vec::new(); n];
        let mut inn: Vec<Vec<(u32, Time)>> = vec![Vec::new(); n];
        for u in 0..n as u32 {
            for (v, t) in g.out(u) {
                if u != v {
                    out[u as usize].push((v, t));
                    inn[v as usize].push((u, t));
                }
            }
        }
        let mut contracted = vec![false; n];
        let mut deleted_neighbours = vec![0u32; n];
        let mut witness = Witness::new(n);
        let mut shortcuts_buf = Vec::new();
        let priority = |v: u32,
                        out: &[Vec<(u32, Time)>],
                        inn: &[Vec<(u32, Time)>],
                        contracted: &[bool],
                        deleted: &[u32],
                        witness: &mut Witness,
                        buf: &mut Vec<(u32, u32, Time)>|
         -> i64 {
            shortcuts_for(v, out, inn, contracted, witness, buf);
            let degree = out[v as usize].iter().filter(|(w, _)| !contracted[*w as usize]).count()
                + inn[v as usize].iter().filter(|(w, _)| !contracted[*w as usize]).count();
            2 * buf.len() as i64 - degree as i64 + deleted[v as usize] as i64
        };
        let mut heap: BinaryHeap<Reverse<(i64, u32)>> = (0..n as u32)
            .map(|v| {
                Reverse((
                    priority(v, &out, &inn, &contracted, &deleted_neighbours, &mut witness, &mut shortcuts_buf),
                    v,
                ))
            })
            .collect();
        let mut up_lists: Vec<Vec<(u32, Time)>> = vec![Vec::new(); n];
        let mut down_lists: Vec<Vec<(u32, Time)>> = vec![Vec::new(); n];
        let mut shortcuts = 0;
        let mut order = Vec::with_capacity(n);
        while let Some(Reverse((p, v))) = heap.pop() {
            if contracted[v as usize] {
                continue;
            }
            // Lazy update: recompute, and put back if it is no longer the least.
            let fresh = priority(v, &out, &inn, &contracted, &deleted_neighbours, &mut witness, &mut shortcuts_buf);
            if fresh > p
                && let Some(Reverse((next, _))) = heap.peek()
                && fresh > *next
            {
                heap.push(Reverse((fresh, v)));
                continue;
            }
            // Contract v: its remaining edges become upward edges.
            contracted[v as usize] = true;
            order.push(v);
            for &(w, t) in &out[v as usize] {
                if !contracted[w as usize] {
                    up_lists[v as usize].push((w, t));
                    deleted_neighbours[w as usize] += 1;
                }
            }
            for &(u, t) in &inn[v as usize] {
                if !contracted[u as usize] {
                    down_lists[v as usize].push((u, t));
                    deleted_neighbours[u as usize] += 1;
                }
            }
            for &(u, w, t) in &shortcuts_buf {
                shortcuts += 1;
                insert_min(&mut out[u as usize], w, t);
                insert_min(&mut inn[w as usize], u, t);
            }
            out[v as usize] = Vec::new();
            inn[v as usize] = Vec::new();
        }
        let (up, down) = (Up::from_lists(up_lists), Up::from_lists(down_lists));
        let rank = ranks(&order);
        let (up_by_rank, down_by_rank) = (by_rank(&up, &order, &rank), by_rank(&down, &order, &rank));
        Ch { nodes: n, up, down, order, rank, up_by_rank, down_by_rank, shortcuts }
    }

    pub fn nodes(&self) -> usize {
        self.nodes
    }

    /// The arrays, for saving: up (first, head, time), down (first, head, time), order.
    pub fn parts(&self) -> [&[u32]; 7] {
        [&self.up.first, &self.up.head, &self.up.time, &self.down.first, &self.down.head, &self.down.time, &self.order]
    }

    /// Back from [`Ch::parts`], checked.
    pub fn from_parts(nodes: usize, parts: [Vec<u32>; 7], shortcuts: usize) -> Result<Ch, crate::NetworkFileError> {
        let [uf, uh, ut, df, dh, dt, order] = parts;
        let mut seen = vec![false; nodes];
        if order.len() != nodes
            || order.iter().any(|v| (*v as usize) >= nodes || std::mem::replace(&mut seen[*v as usize], true))
        {
            return Err(crate::NetworkFileError::Damaged("contraction order"));
        }
        for (first, head, time) in [(&uf, &uh, &ut), (&df, &dh, &dt)] {
            let ok = first.len() == nodes + 1
                && head.len() == time.len()
                && first.last().copied() == Some(head.len() as u32)
                && first.windows(2).all(|w| w[0] <= w[1])
                && head.iter().all(|h| (*h as usize) < nodes);
            if !ok {
                return Err(crate::NetworkFileError::Damaged("inconsistent hierarchy"));
            }
        }
        let (up, down) = (Up { first: uf, head: uh, time: ut }, Up { first: df, head: dh, time: dt });
        let rank = ranks(&order);
        let (up_by_rank, down_by_rank) = (by_rank(&up, &order, &rank), by_rank(&down, &order, &rank));
        Ok(Ch { nodes, up, down, order, rank, up_by_rank, down_by_rank, shortcuts })
    }

    /// PHAST: times from **every** node to the nearest of `targets` (each with an
    /// extra time), by one backward upward search and one sweep over all nodes
    /// from the highest to the lowest.
    pub fn to_all(&self, targets: &[(u32, Time)], search: &mut PhastScratch) -> Vec<Time> {
        search.upward.run(&self.down, targets);
        self.by_node(self.sweep(&self.up_by_rank, search))
    }

    /// PHAST the other way: times from the nearest of `sources` to every node.
    pub fn from_all(&self, sources: &[(u32, Time)], search: &mut PhastScratch) -> Vec<Time> {
        search.upward.run(&self.up, sources);
        self.by_node(self.sweep(&self.down_by_rank, search))
    }

    fn by_node(&self, by_rank: Vec<Time>) -> Vec<Time> {
        let mut out = vec![UNREACHABLE; self.nodes];
        for (p, &v) in self.order.iter().enumerate() {
            out[v as usize] = by_rank[p];
        }
        out
    }

    /// The sweep: from the highest rank down, each node takes the best over its
    /// upward edges; rank order keeps the memory access nearly sequential.
    /// The result is indexed by rank.
    fn sweep(&self, g: &Up, search: &PhastScratch) -> Vec<Time> {
        let mut dist = vec![UNREACHABLE; self.nodes];
        for &v in &search.upward.settled {
            dist[self.rank[v as usize] as usize] = search.upward.dist[v as usize];
        }
        for p in (0..self.nodes).rev() {
            let mut best = dist[p];
            for (q, t) in g.out(p as u32) {
                let via = dist[q as usize].saturating_add(t);
                if via < best {
                    best = via;
                }
            }
            dist[p] = best;
        }
        dist
    }

    /// Time from `s` to `t`.
    pub fn query(&self, s: u32, t: u32) -> Time {
        let mut q = Query::new(self.nodes);
        q.run(self, s, t)
    }

    /// A matrix of times: `out[i][j]` from `sources[i]` to `targets[j]`, each
    /// point a set of `(node, extra time)` entries (the snapped ends with their walking legs).
    /// On every core.
    pub fn matrix(&self, sources: &[Vec<(u32, Time)>], targets: &[Vec<(u32, Time)>]) -> Times {
        // Few points on one side and many on the other: PHAST sweeps for the small side,
        // [`LANES`] points a sweep. (A sweep of one point costs about 50 times a node per
        // node of the network less than an upward search costs per point; measured on
        // generated networks; sweeping eight at once lowers it further, hence 120.)
        let phast_cost = sources.len().min(targets.len()) * self.nodes / 120;
        let bucket_cost = (sources.len() + targets.len()) * 2_000;
        if phast_cost < bucket_cost {
            return self.matrix_phast_on(sources, targets, crate::par::threads());
        }
        self.matrix_buckets(sources, targets)
    }

    /// The matrix by PHAST sweeps over the points of the smaller side,
    /// [`LANES`] of them in each sweep, the sweeps shared among `threads` threads.
    pub fn matrix_phast_on(&self, sources: &[Vec<(u32, Time)>], targets: &[Vec<(u32, Time)>], threads: usize) -> Times {
        // Sweeping for targets: times from every node to them; for sources: from them to every node.
        let backward = targets.len() <= sources.len();
        let (swept, read) = if backward { (targets, sources) } else { (sources, targets) };
        let (search, sweep) = if backward { (&self.down, &self.up_by_rank) } else { (&self.up, &self.down_by_rank) };
        let read: Vec<Vec<(u32, Time)>> =
            read.iter().map(|p| p.iter().map(|(v, t)| (self.rank[*v as usize], *t)).collect()).collect();
        let batches = swept.len().div_ceil(LANES);
        let columns: Vec<Vec<Lanes>> = crate::par::map_jobs(
            batches,
            threads,
            || (Upward::new(self.nodes), vec![[UNREACHABLE; LANES]; self.nodes]),
            |(upward, dist), b| {
                let batch = &swept[b * LANES..((b + 1) * LANES).min(swept.len())];
                self.sweep_lanes(search, sweep, batch, upward, dist);
                read.iter()
                    .map(|point| {
                        let mut best = [UNREACHABLE; LANES];
                        for &(r, extra) in point {
                            for (b, d) in best.iter_mut().zip(&dist[r as usize]) {
                                *b = (*b).min(d.saturating_add(extra));
                            }
                        }
                        best
                    })
                    .collect()
            },
        );
        let mut times = Times::unreachable(sources.len(), targets.len());
        for (b, column) in columns.iter().enumerate() {
            let lanes = LANES.min(swept.len() - b * LANES);
            for (i, got) in column.iter().enumerate() {
                for (k, t) in got[..lanes].iter().enumerate() {
                    let j = b * LANES + k;
                    if backward { times.set(i, j, *t) } else { times.set(j, i, *t) }
                }
            }
        }
        times
    }

    /// Up to [`LANES`] PHAST sweeps at once: each point's upward search seeds its
    /// lane, then one pass from the highest rank down takes, for each node, the best
    /// over its upward edges in every lane. Reading the edges once for all lanes is
    /// the saving. `dist` is indexed by rank.
    fn sweep_lanes(&self, search: &Up, g: &Up, batch: &[Vec<(u32, Time)>], upward: &mut Upward, dist: &mut [Lanes]) {
        dist.fill([UNREACHABLE; LANES]);
        for (k, point) in batch.iter().enumerate() {
            if point.is_empty() {
                continue;
            }
            upward.run(search, point);
            for &v in &upward.settled {
                dist[self.rank[v as usize] as usize][k] = upward.dist[v as usize];
            }
        }
        for p in (0..self.nodes).rev() {
            let (from, to) = (g.first[p] as usize, g.first[p + 1] as usize);
            let mut best = dist[p];
            for (&q, &t) in g.head[from..to].iter().zip(&g.time[from..to]) {
                for (b, d) in best.iter_mut().zip(&dist[q as usize]) {
                    *b = (*b).min(d.saturating_add(t));
                }
            }
            dist[p] = best;
        }
    }

    /// The matrix by the bucket method (many points on both sides).
    pub fn matrix_buckets(&self, sources: &[Vec<(u32, Time)>], targets: &[Vec<(u32, Time)>]) -> Times {
        // Buckets: for each node, (target, time up to it) from backward searches.
        let mut entries: Vec<(u32, u32, Time)> = Vec::new();
        let mut search = Upward::new(self.nodes);
        for (j, t) in targets.iter().enumerate() {
            search.run(&self.down, t);
            for &v in &search.settled {
                entries.push((v, j as u32, search.dist[v as usize]));
            }
        }
        entries.sort_unstable_by_key(|e| e.0);
        let mut first = vec![0u32; self.nodes + 1];
        for e in &entries {
            first[e.0 as usize + 1] += 1;
        }
        for i in 0..self.nodes {
            first[i + 1] += first[i];
        }
        let mut result = Times::unreachable(sources.len(), targets.len());
        let mut row = vec![UNREACHABLE; targets.len()];
        for (i, s) in sources.iter().enumerate() {
            search.run(&self.up, s);
            row.fill(UNREACHABLE);
            for &v in &search.settled {
                let d = search.dist[v as usize];
                for e in &entries[first[v as usize] as usize..first[v as usize + 1] as usize] {
                    let total = d.saturating_add(e.2);
                    if total < row[e.1 as usize] {
                        row[e.1 as usize] = total;
                    }
                }
            }
            for (j, t) in row.iter().enumerate() {
                result.set(i, j, *t);
            }
        }
        result
    }
}

/// Points swept together by [`Ch::matrix_phast_on`].
pub const LANES: usize = 8;
type Lanes = [Time; LANES];

fn insert_min(list: &mut Vec<(u32, Time)>, to: u32, t: Time) {
    match list.iter_mut().find(|(v, _)| *v == to) {
        Some(e) => e.1 = e.1.min(t),
        None => list.push((to, t)),
    }
}

/// Shortcuts needed to contract `v`: (u, w, time) for every in-neighbour u and
/// out-neighbour w whose shortest path goes through v.
fn shortcuts_for(
    v: u32,
    out: &[Vec<(u32, Time)>],
    inn: &[Vec<(u32, Time)>],
    contracted: &[bool],
    witness: &mut Witness,
    buf: &mut Vec<(u32, u32, Time)>,
) {
    buf.clear();
    let outs: Vec<(u32, Time)> = out[v as usize].iter().copied().filter(|(w, _)| !contracted[*w as usize]).collect();
    if outs.is_empty() {
        return;
    }
    let max_out = outs.iter().map(|o| o.1).max().unwrap_or(0);
    for &(u, tu) in inn[v as usize].iter().filter(|(u, _)| !contracted[*u as usize]) {
        let limit = tu.saturating_add(max_out);
        witness.run(out, contracted, u, v, limit);
        for &(w, tw) in &outs {
            if w == u {
                continue;
            }
            let via = tu + tw;
            if witness.dist(w) > via {
                buf.push((u, w, via));
            }
        }
    }
}

/// A bounded Dijkstra that avoids one node, to find paths that make a shortcut unnecessary.
struct Witness(Side);

impl Witness {
    fn new(n: usize) -> Witness {
        Witness(Side::new(n))
    }

    fn dist(&self, v: u32) -> Time {
        self.0.dist[v as usize]
    }

    fn run(&mut self, out: &[Vec<(u32, Time)>], contracted: &[bool], s: u32, avoid: u32, limit: Time) {
        self.0.start(s);
        let mut settled = 0;
        while let Some(Reverse((d, u))) = self.0.heap.pop() {
            if d > self.0.dist[u as usize] {
                continue;
            }
            settled += 1;
            if d > limit || settled > WITNESS_SETTLE_LIMIT {
                break;
            }
            for &(w, t) in &out[u as usize] {
                if w != avoid && !contracted[w as usize] {
                    self.0.relax(w, d + t);
                }
            }
        }
    }
}

/// Reusable search state for PHAST sweeps.
pub struct PhastScratch {
    upward: Upward,
}

impl PhastScratch {
    pub fn new(nodes: usize) -> PhastScratch {
        PhastScratch { upward: Upward::new(nodes) }
    }
}

/// A full upward search from a set of start nodes (each with a starting time).
struct Upward {
    dist: Vec<Time>,
    settled: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(Time, u32)>>,
}

impl Upward {
    fn new(n: usize) -> Upward {
        Upward { dist: vec![UNREACHABLE; n], settled: Vec::new(), touched: Vec::new(), heap: BinaryHeap::new() }
    }

    fn run(&mut self, g: &Up, starts: &[(u32, Time)]) {
        for &v in &self.touched {
            self.dist[v as usize] = UNREACHABLE;
        }
        self.touched.clear();
        self.settled.clear();
        self.heap.clear();
        for &(s, t) in starts {
            if t < self.dist[s as usize] {
                if self.dist[s as usize] == UNREACHABLE {
                    self.touched.push(s);
                }
                self.dist[s as usize] = t;
                self.heap.push(Reverse((t, s)));
            }
        }
        while let Some(Reverse((d, u))) = self.heap.pop() {
            if d > self.dist[u as usize] {
                continue;
            }
            self.settled.push(u);
            for (v, t) in g.out(u) {
                let nd = d.saturating_add(t);
                if nd < self.dist[v as usize] {
                    if self.dist[v as usize] == UNREACHABLE {
                        self.touched.push(v);
                    }
                    self.dist[v as usize] = nd;
                    self.heap.push(Reverse((nd, v)));
                }
            }
        }
    }
}

/// A point-to-point query: the two upward searches in turns, the smaller key
/// first, each stopping once its key reaches the best meeting found, and
/// stall-on-demand (a node reached more quickly from a higher node through an
/// edge down to it is not expanded: no shortest path goes up through it).
pub struct Query {
    fwd: Side,
    bwd: Side,
}

struct Side {
    dist: Vec<Time>,
    touched: Vec<u32>,
    heap: BinaryHeap<Reverse<(Time, u32)>>,
}

impl Side {
    fn new(n: usize) -> Side {
        Side { dist: vec![UNREACHABLE; n], touched: Vec::new(), heap: BinaryHeap::new() }
    }

    fn start(&mut self, s: u32) {
        for &v in &self.touched {
            self.dist[v as usize] = UNREACHABLE;
        }
        self.touched.clear();
        self.heap.clear();
        self.dist[s as usize] = 0;
        self.touched.push(s);
        self.heap.push(Reverse((0, s)));
    }

    fn key(&self) -> Time {
        self.heap.peek().map_or(UNREACHABLE, |Reverse((d, _))| *d)
    }

    /// Settles one node: meets the other side there, and expands it unless stalled.
    /// `up`: this side's upward edges; `stall`: the edges from higher nodes into a node
    /// in this side's direction.
    fn step(&mut self, up: &Up, stall: &Up, other: &Side, best: &mut Time) {
        let Some(Reverse((d, u))) = self.heap.pop() else { return };
        if d > self.dist[u as usize] {
            return;
        }
        let there = other.dist[u as usize];
        if there != UNREACHABLE {
            *best = (*best).min(d.saturating_add(there));
        }
        if stall.out(u).any(|(w, t)| self.dist[w as usize].saturating_add(t) < d) {
            return;
        }
        for (v, t) in up.out(u) {
            self.relax(v, d.saturating_add(t));
        }
    }

    /// `v` reached in `nd`: kept and queued when better than what it had.
    fn relax(&mut self, v: u32, nd: Time) {
        if nd < self.dist[v as usize] {
            if self.dist[v as usize] == UNREACHABLE {
                self.touched.push(v);
            }
            self.dist[v as usize] = nd;
            self.heap.push(Reverse((nd, v)));
        }
    }
}

impl Query {
    pub fn new(n: usize) -> Query {
        Query { fwd: Side::new(n), bwd: Side::new(n) }
    }

    pub fn run(&mut self, ch: &Ch, s: u32, t: u32) -> Time {
        // On the graphs renumbered by rank: the nodes near the top, where both
        // searches spend most of their time, lie together in memory.
        self.fwd.start(ch.rank[s as usize]);
        self.bwd.start(ch.rank[t as usize]);
        let mut best = UNREACHABLE;
        loop {
            let (f, b) = (self.fwd.key(), self.bwd.key());
            if f.min(b) >= best || f.min(b) == UNREACHABLE {
                return best;
            }
            // Forward: upward edges, stalled by edges from higher nodes into u (kept in `down`);
            // backward: the other way round.
            if f <= b {
                self.fwd.step(&ch.up_by_rank, &ch.down_by_rank, &self.bwd, &mut best);
            } else {
                self.bwd.step(&ch.down_by_rank, &ch.up_by_rank, &self.fwd, &mut best);
            }
        }
    }
}
