//! Finland's municipal boundaries: which municipality a point lies in, and whether it lies in Finland.
//!
//! The boundaries are embedded from `data/finland_municipalities.txt`, derived by
//! `scripts/derive_finland_boundary.py` from the municipal division of Statistics Finland and
//! the National Land Survey of Finland (2021, CC BY 4.0; Pertunmaa mapped to Mäntyharju), in
//! EPSG:3067 integer metres, simplified by 10 m. The municipalities' polygons include their lakes
//! and their sea areas out to the territorial sea limit, so islands of the archipelago and points
//! on the shore are inside without any buffer.
//!
//! Each shared border is stored once (as an arc used by both neighbours), so the simplified
//! municipalities have neither gaps nor overlaps; an arc used by one municipality only is
//! Finland's outer boundary (a land border or the territorial sea limit). A point outside every
//! municipality but within [`BORDER_TOLERANCE_M`] of that outer boundary still counts as in
//! Finland, in the municipality whose stretch of boundary is nearest: this absorbs the
//! simplification and the generalisation of the source at river borders (a point on the Finnish
//! part of Märket, for one, lies some 60 m outside the source's polygon), and is small enough that
//! Haparanda (about 480 m from the border with Tornio) and Övertorneå stay in Sweden.
//!
//! The file is parsed on first use (some tens of milliseconds; about 4 MB in memory) into
//! two indexes. Horizontal strips (`STRIP_M` high) list the edges that cross them, so a
//! point-in-polygon test (even-odd rule) looks only at the edges of one strip. A grid of `CELL_M`
//! cells records, for every cell that no edge crosses and that lies farther than the tolerance
//! from Finland's outer boundary, the one answer for the whole cell; most lookups end there, the
//! others take the strip. A lookup from WGS84 takes about a microsecond or less, half of it to
//! project to EPSG:3067.

use std::sync::OnceLock;

/// How far outside the municipalities' polygons (metres, EPSG:3067) a point still counts as in
/// Finland, and in the municipality nearest to it.
pub const BORDER_TOLERANCE_M: f64 = 200.0;

/// Height of the strips of the index, metres.
const STRIP_M: f64 = 2_000.0;

/// Side of the cells of the grid, metres.
const CELL_M: f64 = 1_000.0;
/// A grid cell that some edge crosses or that lies within the tolerance of the outer boundary.
const MIXED: u16 = u16::MAX;
/// A grid cell entirely outside Finland.
const OUTSIDE: u16 = u16::MAX - 1;

const FILE_NAME: &str = "crates/domain/data/finland_municipalities.txt";
const FILE: &str = include_str!("../../data/finland_municipalities.txt");

/// Vertices are whole metres below this, so that `f32` holds them exactly.
const MAX_COORDINATE: i64 = 1 << 24;

/// An edge of a municipality's ring, EPSG:3067 metres (x easting, y northing). Stored as `f32`
/// (exact for whole metres below 2^24) to halve the index; computed with in `f64`.
#[derive(Debug, Clone, Copy)]
struct Edge {
    ends: [f32; 4],
    municipality: u16,
}

impl Edge {
    fn new((x1, y1): (f64, f64), (x2, y2): (f64, f64), municipality: u16) -> Edge {
        Edge { ends: [x1 as f32, y1 as f32, x2 as f32, y2 as f32], municipality }
    }

    /// (x1, y1, x2, y2).
    fn ends(&self) -> (f64, f64, f64, f64) {
        let [x1, y1, x2, y2] = self.ends.map(f64::from);
        (x1, y1, x2, y2)
    }

    /// Where the edge crosses the horizontal line at `y`, if it does (half-open in y, so that
    /// a vertex on the line is counted once and a point on a shared border belongs to exactly
    /// one of the two municipalities).
    fn crossing(&self, y: f64) -> Option<f64> {
        let (x1, y1, x2, y2) = self.ends();
        ((y1 > y) != (y2 > y)).then(|| x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    }

    /// Whether a ray from (x, y) towards +x crosses the edge.
    fn crosses_ray(&self, x: f64, y: f64) -> bool {
        self.crossing(y).is_some_and(|c| x < c)
    }

    fn distance(&self, x: f64, y: f64) -> f64 {
        let (x1, y1, x2, y2) = self.ends();
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length2 = dx * dx + dy * dy;
        let t = if length2 > 0.0 { (((x - x1) * dx + (y - y1) * dy) / length2).clamp(0.0, 1.0) } else { 0.0 };
        (x - x1 - t * dx).hypot(y - y1 - t * dy)
    }
}

/// Edges by horizontal strip: strip `i` covers northings `[min_y + i * STRIP_M, min_y + (i + 1) * STRIP_M)`.
#[derive(Debug, Default)]
struct Strips {
    min_y: f64,
    strips: Vec<Vec<Edge>>,
}

impl Strips {
    fn new(min_y: f64, max_y: f64) -> Strips {
        let n = ((max_y - min_y) / STRIP_M).floor() as usize + 1;
        Strips { min_y, strips: vec![Vec::new(); n] }
    }

    fn index(&self, y: f64) -> Option<usize> {
        let i = ((y - self.min_y) / STRIP_M).floor();
        (i >= 0.0 && (i as usize) < self.strips.len()).then_some(i as usize)
    }

    /// Register an edge in every strip that the northings `[y_low, y_high]` touch (clamped).
    fn add(&mut self, edge: Edge, y_low: f64, y_high: f64) {
        let last = self.strips.len() - 1;
        let first = (((y_low - self.min_y) / STRIP_M).floor().max(0.0) as usize).min(last);
        let end = (((y_high - self.min_y) / STRIP_M).floor().max(0.0) as usize).min(last);
        for strip in &mut self.strips[first..=end] {
            strip.push(edge);
        }
    }

    fn at(&self, y: f64) -> &[Edge] {
        self.index(y).map_or(&[], |i| &self.strips[i])
    }
}

/// A grid over Finland: for each cell its municipality, `OUTSIDE` or `MIXED`.
#[derive(Debug)]
struct Grid {
    x0: f64,
    y0: f64,
    columns: usize,
    rows: usize,
    cells: Vec<u16>,
}

impl Grid {
    fn cell(&self, x: f64, y: f64) -> Option<usize> {
        let (c, r) = (((x - self.x0) / CELL_M).floor(), ((y - self.y0) / CELL_M).floor());
        (c >= 0.0 && r >= 0.0 && (c as usize) < self.columns && (r as usize) < self.rows)
            .then(|| r as usize * self.columns + c as usize)
    }

    /// Mark as `MIXED` every cell that a segment crosses or comes within `CELL_M / 4` of (and so
    /// every cell within `CELL_M * 3 / 4` of it): samples at most `CELL_M / 2` apart are each
    /// within `CELL_M / 4` of every point of the segment near them, and each marks its own
    /// cell and the eight around it.
    fn mark(&mut self, edge: &Edge) {
        let (x1, y1, x2, y2) = edge.ends();
        let samples = ((x2 - x1).hypot(y2 - y1) / (CELL_M / 2.0)).ceil().max(1.0) as usize;
        for i in 0..=samples {
            let t = i as f64 / samples as f64;
            let (x, y) = (x1 + t * (x2 - x1), y1 + t * (y2 - y1));
            for (dx, dy) in [
                (-1.0, -1.0),
                (0.0, -1.0),
                (1.0, -1.0),
                (-1.0, 0.0),
                (0.0, 0.0),
                (1.0, 0.0),
                (-1.0, 1.0),
                (0.0, 1.0),
                (1.0, 1.0),
            ] {
                if let Some(c) = self.cell(x + dx * CELL_M, y + dy * CELL_M) {
                    self.cells[c] = MIXED;
                }
            }
        }
    }
}

/// A ring as its arcs: (arc number, reversed).
type Ring = Vec<(usize, bool)>;

/// The parsed boundary file.
#[derive(Debug)]
struct Boundaries {
    /// Municipality codes by index (the `municipality` of an edge).
    codes: Vec<&'static str>,
    /// Bounding box of every vertex: min x, min y, max x, max y.
    bbox: [f64; 4],
    /// Every edge of every municipality, sorted by municipality within a strip.
    edges: Strips,
    /// The edges of Finland's outer boundary, in every strip within `BORDER_TOLERANCE_M` of them.
    outer: Strips,
    /// The answer for each cell that has one answer.
    grid: Grid,
}

impl Boundaries {
    fn get() -> &'static Boundaries {
        static BOUNDARIES: OnceLock<Boundaries> = OnceLock::new();
        BOUNDARIES.get_or_init(|| {
            Boundaries::parse(FILE).unwrap_or_else(|e| panic!("the embedded {FILE_NAME} is malformed: {e}"))
        })
    }

    fn parse(file: &'static str) -> Result<Boundaries, String> {
        let mut arcs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut municipalities: Vec<(&'static str, Vec<Ring>)> = Vec::new();
        for (n, line) in file.lines().enumerate() {
            let at = |e: String| format!("line {}: {e}", n + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split(' ');
            match words.next() {
                Some("arc") => {
                    let numbers = words
                        .map(|w| w.parse::<i64>().map_err(|_| at(format!("{w:?} is not an integer"))))
                        .collect::<Result<Vec<_>, _>>()?;
                    if numbers.len() < 4 || numbers.len() % 2 != 0 {
                        return Err(at("an arc needs two or more vertices".into()));
                    }
                    let (mut x, mut y) = (numbers[0], numbers[1]);
                    let mut arc = vec![(x as f64, y as f64)];
                    for d in numbers[2..].chunks_exact(2) {
                        x += d[0];
                        y += d[1];
                        arc.push((x as f64, y as f64));
                    }
                    if arc.iter().any(|&(x, y)| x.abs().max(y.abs()) >= MAX_COORDINATE as f64) {
                        return Err(at(format!("a vertex lies beyond {MAX_COORDINATE} m")));
                    }
                    arcs.push(arc);
                }
                Some("municipality") => {
                    let code = words.next().ok_or_else(|| at("no municipality code".into()))?;
                    let rings = words
                        .map(|ring| {
                            ring.split(',')
                                .map(|r| {
                                    let (number, reversed) = match r.strip_prefix('~') {
                                        Some(rest) => (rest, true),
                                        None => (r, false),
                                    };
                                    match number.parse::<usize>() {
                                        Ok(i) if i < arcs.len() => Ok((i, reversed)),
                                        _ => Err(at(format!("{r:?} is not the number of an arc above"))),
                                    }
                                })
                                .collect::<Result<Vec<_>, _>>()
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    if rings.is_empty() {
                        return Err(at(format!("municipality {code} has no rings")));
                    }
                    municipalities.push((code, rings));
                }
                _ => return Err(at("expected `arc` or `municipality`".into())),
            }
        }
        if municipalities.is_empty() || municipalities.len() >= usize::from(OUTSIDE) {
            return Err(format!("{} municipalities", municipalities.len()));
        }
        if let Some(w) = municipalities.windows(2).find(|w| w[0].0 >= w[1].0) {
            return Err(format!("municipality {} follows {}: codes must be unique and in order", w[1].0, w[0].0));
        }

        let mut users = vec![0u32; arcs.len()];
        for (_, rings) in &municipalities {
            for &(arc, _) in rings.iter().flatten() {
                users[arc] += 1;
            }
        }
        let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for &(x, y) in arcs.iter().flatten() {
            bbox = [bbox[0].min(x), bbox[1].min(y), bbox[2].max(x), bbox[3].max(y)];
        }
        let mut edges = Strips::new(bbox[1], bbox[3]);
        let mut outer = Strips::new(bbox[1] - BORDER_TOLERANCE_M, bbox[3] + BORDER_TOLERANCE_M);
        let mut all_edges = Vec::new();
        for (m, (code, rings)) in municipalities.iter().enumerate() {
            let municipality = m as u16;
            for ring in rings {
                let mut first: Option<(f64, f64)> = None;
                let mut last: Option<(f64, f64)> = None;
                for &(arc, reversed) in ring {
                    let points = &arcs[arc];
                    let (start, end) = if reversed {
                        (points[points.len() - 1], points[0])
                    } else {
                        (points[0], points[points.len() - 1])
                    };
                    if last.is_some_and(|p| p != start) {
                        return Err(format!("the arcs of a ring of municipality {code} do not join"));
                    }
                    first.get_or_insert(start);
                    last = Some(end);
                    for w in points.windows(2) {
                        let (y1, y2) = (w[0].1, w[1].1);
                        let edge = Edge::new(w[0], w[1], municipality);
                        edges.add(edge, y1.min(y2), y1.max(y2));
                        all_edges.push(edge);
                        if users[arc] == 1 {
                            outer.add(edge, y1.min(y2) - BORDER_TOLERANCE_M, y1.max(y2) + BORDER_TOLERANCE_M);
                        }
                    }
                }
                if first != last {
                    return Err(format!("a ring of municipality {code} does not close"));
                }
            }
        }
        // Municipalities were added in order, so each strip is already sorted by municipality.
        for strip in edges.strips.iter_mut().chain(outer.strips.iter_mut()) {
            strip.shrink_to_fit();
        }
        let grid = Grid { x0: 0.0, y0: 0.0, columns: 0, rows: 0, cells: Vec::new() };
        let mut boundaries =
            Boundaries { codes: municipalities.iter().map(|(code, _)| *code).collect(), bbox, edges, outer, grid };
        boundaries.grid = boundaries.classify(&all_edges);
        Ok(boundaries)
    }

    /// The grid: cells that an edge crosses, or near the outer boundary (the tolerance is less
    /// than `CELL_M * 3 / 4`), are `MIXED`; every other cell has the answer of its centre, found
    /// for a whole row of centres at once by sweeping the row's edge crossings from the east.
    fn classify(&self, all_edges: &[Edge]) -> Grid {
        const { assert!(BORDER_TOLERANCE_M < CELL_M * 0.75) };
        let margin = BORDER_TOLERANCE_M + CELL_M;
        let (x0, y0) = (self.bbox[0] - margin, self.bbox[1] - margin);
        let columns = ((self.bbox[2] + margin - x0) / CELL_M).ceil() as usize;
        let rows = ((self.bbox[3] + margin - y0) / CELL_M).ceil() as usize;
        let mut grid = Grid { x0, y0, columns, rows, cells: vec![OUTSIDE; columns * rows] };
        for edge in all_edges {
            grid.mark(edge);
        }
        let mut odd = vec![false; self.codes.len()];
        let mut inside: Vec<u16> = Vec::new();
        for row in 0..rows {
            let y = y0 + (row as f64 + 0.5) * CELL_M;
            let mut crossings: Vec<(f64, u16)> =
                self.edges.at(y).iter().filter_map(|e| e.crossing(y).map(|x| (x, e.municipality))).collect();
            crossings.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut next = crossings.iter().peekable();
            for column in (0..columns).rev() {
                let x = x0 + (column as f64 + 0.5) * CELL_M;
                // A ray from (x, y) towards +x crosses every crossing east of x.
                while let Some(&(_, m)) = next.next_if(|c| c.0 > x) {
                    let m = usize::from(m);
                    odd[m] = !odd[m];
                    if odd[m] { inside.push(m as u16) } else { inside.retain(|&i| usize::from(i) != m) }
                }
                let cell = &mut grid.cells[row * columns + column];
                if *cell != MIXED {
                    *cell = match inside.as_slice() {
                        [] => OUTSIDE,
                        [m] => *m,
                        _ => MIXED,
                    };
                }
            }
            for m in inside.drain(..) {
                odd[usize::from(m)] = false;
            }
        }
        grid
    }

    /// The municipality (index) containing a point, or the nearest one within the tolerance.
    fn locate(&self, x: f64, y: f64) -> Option<usize> {
        match self.grid.cell(x, y).map(|c| self.grid.cells[c]) {
            None | Some(OUTSIDE) => None,
            Some(MIXED) => self.inside(x, y).or_else(|| self.near_outer(x, y).map(|(m, _)| m)),
            Some(m) => Some(usize::from(m)),
        }
    }

    /// The municipality whose polygon contains the point (even-odd rule; within a strip the
    /// edges of a municipality are contiguous).
    fn inside(&self, x: f64, y: f64) -> Option<usize> {
        let mut current = None;
        let mut inside = false;
        for edge in self.edges.at(y) {
            if current != Some(edge.municipality) {
                if inside {
                    break;
                }
                current = Some(edge.municipality);
            }
            if edge.crosses_ray(x, y) {
                inside = !inside;
            }
        }
        if inside { current.map(usize::from) } else { None }
    }

    /// Whether a point lies in municipality `m` or within `within_m` of its boundary.
    fn near(&self, x: f64, y: f64, m: usize, within_m: f64) -> bool {
        if self.locate(x, y) == Some(m) {
            return true;
        }
        // An edge within `within_m` of the point overlaps [y - within_m, y + within_m], so it
        // is in one of the strips there.
        let strip = |y: f64| ((y - self.edges.min_y) / STRIP_M).floor();
        let (low, high) = (strip(y - within_m), strip(y + within_m));
        let count = self.edges.strips.len();
        if high < 0.0 || low >= count as f64 {
            return false;
        }
        let (first, last) = (low.max(0.0) as usize, (high as usize).min(count - 1));
        self.edges.strips[first..=last]
            .iter()
            .flatten()
            .any(|edge| usize::from(edge.municipality) == m && edge.distance(x, y) <= within_m)
    }

    /// The municipality of the nearest stretch of Finland's outer boundary within the
    /// tolerance, and its distance.
    fn near_outer(&self, x: f64, y: f64) -> Option<(usize, f64)> {
        self.outer
            .at(y)
            .iter()
            .map(|edge| (usize::from(edge.municipality), edge.distance(x, y)))
            .filter(|&(_, d)| d <= BORDER_TOLERANCE_M)
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// The code of the municipality at an EPSG:3067 point (northing, easting in metres), as
/// [`municipality_at`].
pub fn municipality_at_tm35fin(n: f64, e: f64) -> Option<&'static str> {
    if !(n.is_finite() && e.is_finite()) {
        return None;
    }
    let boundaries = Boundaries::get();
    boundaries.locate(e, n).map(|m| boundaries.codes[m])
}

/// Whether a WGS84 point lies in the municipality `code` ([`municipality_at`]) or within
/// `within_m` metres of its boundary. False for an unknown code.
pub fn near_municipality(lat: f64, lon: f64, code: &str, within_m: f64) -> bool {
    if !((58.0..=72.0).contains(&lat) && (17.0..=34.0).contains(&lon) && within_m.is_finite()) {
        return false;
    }
    let boundaries = Boundaries::get();
    let Ok(m) = boundaries.codes.binary_search(&code) else { return false };
    let (n, e) = super::wgs84_to_tm35fin(lat, lon);
    boundaries.near(e, n, m, within_m.max(0.0))
}

/// The three-digit code (as in [`crate::Reference`]) of the municipality a WGS84 point lies in:
/// the one whose polygon contains it or, for a point outside every polygon but within
/// [`BORDER_TOLERANCE_M`] of Finland's outer boundary, the one whose boundary is nearest.
/// `None` outside Finland.
pub fn municipality_at(lat: f64, lon: f64) -> Option<&'static str> {
    // Far from Finland (swapped coordinates, other countries) without projecting:
    // the transverse Mercator series is only meant for points near its meridian.
    if !((58.0..=72.0).contains(&lat) && (17.0..=34.0).contains(&lon)) {
        return None;
    }
    let (n, e) = super::wgs84_to_tm35fin(lat, lon);
    municipality_at_tm35fin(n, e)
}

/// The boundary of the municipality `code` as edges in EPSG:3067 metres
/// (`[e1, n1, e2, n2]`), each edge once, in no particular order; empty for an unknown code.
/// For drawing maps: a border shared by two municipalities is in both.
pub fn municipality_edges(code: &str) -> Vec<[f64; 4]> {
    let boundaries = Boundaries::get();
    let Ok(m) = boundaries.codes.binary_search(&code) else { return Vec::new() };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for edge in boundaries.edges.strips.iter().flatten().filter(|e| usize::from(e.municipality) == m) {
        if seen.insert(edge.ends.map(f32::to_bits)) {
            out.push(edge.ends.map(f64::from));
        }
    }
    out
}

/// Whether a WGS84 point lies in Finland: in a municipality (with its lakes and sea area), or
/// within [`BORDER_TOLERANCE_M`] of Finland's outer boundary. False for swapped latitude and
/// longitude, which land far outside Finland.
pub fn in_finland(lat: f64, lon: f64) -> bool {
    municipality_at(lat, lon).is_some()
}

#[cfg(test)]
mod tests;
