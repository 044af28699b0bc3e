//! Population grids: cells with residents by age band, in EPSG:3067.
//!
//! Age bands differ between sources (HSY: ten-year bands; the synthetic demo
//! grid: the simulator's bands). A suppressed band (HSY's 99, Statistics
//! Finland's −1) is `None`: it is estimated from the grid's own age structure
//! when an indicator asks for an age group, and the estimated share is reported.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// An age band `from..=to` years (`to` None: and over).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub label: String,
    pub from: u8,
    pub to: Option<u8>,
}

impl Band {
    pub fn new(from: u8, to: Option<u8>) -> Band {
        let label = match to {
            Some(t) => format!("{from}-{t}"),
            None => format!("{from}+"),
        };
        Band { label, from, to }
    }

    /// Whether the band lies within ages `from..=to`.
    pub fn within(&self, from: u8, to: Option<u8>) -> bool {
        self.from >= from
            && match (self.to, to) {
                (_, None) => true,
                (Some(a), Some(b)) => a <= b,
                (None, Some(_)) => false,
            }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub id: String,
    /// EPSG:3067 centre, metres.
    pub x: f64,
    pub y: f64,
    pub population: u32,
    /// Residents per band of [`Grid::bands`]; `None`: suppressed by the source.
    pub ages: Vec<Option<u32>>,
    /// Municipality code, when known.
    pub municipality: Option<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Cell side, metres.
    pub cell_size: f64,
    pub bands: Vec<Band>,
    pub cells: Vec<Cell>,
    /// Made up by Polku (the demo county's), not measured.
    pub synthetic: bool,
    pub source: String,
}

impl Grid {
    pub fn population(&self) -> u64 {
        self.cells.iter().map(|c| c.population as u64).sum()
    }

    /// Each cell's residents of ages `from..=to` (bands wholly inside), with
    /// suppressed bands estimated from the grid's structure; and the share of the
    /// total that was estimated. `None` when the grid has no band inside the range.
    pub fn age_weights(&self, from: u8, to: Option<u8>) -> Option<(Vec<f64>, f64)> {
        let chosen: Vec<usize> = (0..self.bands.len()).filter(|i| self.bands[*i].within(from, to)).collect();
        if chosen.is_empty() {
            return None;
        }
        // Structure from cells whose bands are all published.
        let (mut in_group, mut all) = (0u64, 0u64);
        for c in &self.cells {
            if c.ages.iter().all(Option::is_some) {
                let sum: u64 = c.ages.iter().map(|a| a.unwrap_or(0) as u64).sum();
                all += sum;
                in_group += chosen.iter().map(|i| c.ages[*i].unwrap_or(0) as u64).sum::<u64>();
            }
        }
        let share = if all == 0 { 0.0 } else { in_group as f64 / all as f64 };
        let (mut estimated, mut total) = (0.0, 0.0);
        let weights = self
            .cells
            .iter()
            .map(|c| {
                let w = if chosen.iter().all(|i| c.ages[*i].is_some()) {
                    chosen.iter().map(|i| c.ages[*i].unwrap_or(0) as f64).sum()
                } else {
                    let e = c.population as f64 * share;
                    estimated += e;
                    e
                };
                total += w;
                w
            })
            .collect();
        Some((weights, if total > 0.0 { estimated / total } else { 0.0 }))
    }
}

/// A postal area of the demo county (real: Statistics Finland Paavo).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub municipality: u16,
    pub x: f64,
    pub y: f64,
    pub population: u32,
}

/// The demo county's **synthetic** 250 m grid: each postal area's residents are
/// scattered around its centroid (a normal spread of 400 m in areas over 3,000
/// residents, 1,000 m elsewhere), then every municipality's cells are scaled to
/// its real total (largest remainder) and given its real age structure
/// (`ages[m]`: residents per band, multinomial draw per cell). Fixed seed.
pub fn synthesise(
    areas: &[Area],
    totals: &[(u16, u32)],
    bands: Vec<Band>,
    ages: &[(u16, Vec<u32>)],
    seed: u64,
) -> Grid {
    const SIZE: f64 = 250.0;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut counts: std::collections::BTreeMap<(u16, i64, i64), f64> = Default::default();
    for a in areas {
        let sigma = if a.population > 3_000 { 400.0 } else { 1_000.0 };
        let draws = a.population.min(20_000);
        let weight = a.population as f64 / draws.max(1) as f64;
        for _ in 0..draws {
            let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-12), rng.random());
            let r = (-2.0 * u1.ln()).sqrt() * sigma;
            let (dx, dy) = (r * (std::f64::consts::TAU * u2).cos(), r * (std::f64::consts::TAU * u2).sin());
            let key = (a.municipality, ((a.x + dx) / SIZE).floor() as i64, ((a.y + dy) / SIZE).floor() as i64);
            *counts.entry(key).or_default() += weight;
        }
    }
    let mut cells = Vec::new();
    for &(m, total) in totals {
        let keys: Vec<(i64, i64, f64)> =
            counts.iter().filter(|((mm, _, _), _)| *mm == m).map(|((_, i, j), w)| (*i, *j, *w)).collect();
        let sum: f64 = keys.iter().map(|k| k.2).sum();
        if sum == 0.0 {
            continue;
        }
        // Largest remainder to the real total.
        let exact: Vec<f64> = keys.iter().map(|k| k.2 / sum * total as f64).collect();
        let mut people: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
        let short = total - people.iter().sum::<u32>();
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order
            .sort_by(|a, b| (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor())).then(a.cmp(b)));
        for &i in order.iter().take(short as usize) {
            people[i] += 1;
        }
        let structure = ages.iter().find(|(mm, _)| *mm == m).map(|(_, a)| a.clone()).unwrap_or_default();
        let structure_total: u32 = structure.iter().sum();
        for (k, (i, j, _)) in keys.iter().enumerate() {
            if people[k] == 0 {
                continue;
            }
            let mut by_band = vec![0u32; bands.len()];
            for _ in 0..people[k] {
                let mut x = rng.random_range(0..structure_total.max(1));
                let band = structure.iter().position(|n| {
                    if x < *n {
                        true
                    } else {
                        x -= n;
                        false
                    }
                });
                by_band[band.unwrap_or(0).min(bands.len() - 1)] += 1;
            }
            cells.push(Cell {
                id: format!("{m:03}-{i}-{j}"),
                x: (*i as f64 + 0.5) * SIZE,
                y: (*j as f64 + 0.5) * SIZE,
                population: people[k],
                ages: by_band.into_iter().map(Some).collect(),
                municipality: Some(m),
            });
        }
    }
    Grid {
        cell_size: SIZE,
        bands,
        cells,
        synthetic: true,
        source: "synthetic 250 m grid from Statistics Finland postal-area populations and age structure".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_grid_keeps_real_totals_and_structure() {
        let areas = vec![
            Area { municipality: 1, x: 400_000.0, y: 6_700_000.0, population: 5_000 },
            Area { municipality: 1, x: 410_000.0, y: 6_705_000.0, population: 500 },
            Area { municipality: 2, x: 430_000.0, y: 6_710_000.0, population: 900 },
        ];
        let bands = vec![Band::new(0, Some(64)), Band::new(65, None)];
        let g =
            synthesise(&areas, &[(1, 6_000), (2, 1_000)], bands, &[(1, vec![4_800, 1_200]), (2, vec![500, 500])], 7);
        assert!(g.synthetic);
        let total = |m: u16| g.cells.iter().filter(|c| c.municipality == Some(m)).map(|c| c.population).sum::<u32>();
        assert_eq!((total(1), total(2)), (6_000, 1_000));
        assert!(g.cells.iter().all(|c| c.ages.iter().map(|a| a.unwrap()).sum::<u32>() == c.population));
        let old: u32 = g.cells.iter().filter(|c| c.municipality == Some(2)).map(|c| c.ages[1].unwrap()).sum();
        assert!((400..600).contains(&old), "{old}");
        let again = synthesise(
            &areas,
            &[(1, 6_000), (2, 1_000)],
            g.bands.clone(),
            &[(1, vec![4_800, 1_200]), (2, vec![500, 500])],
            7,
        );
        assert_eq!(g, again);
        let (w, est) = g.age_weights(65, None).unwrap();
        assert_eq!(est, 0.0);
        assert!((w.iter().sum::<f64>() - g.cells.iter().map(|c| c.ages[1].unwrap() as f64).sum::<f64>()).abs() < 1e-9);
        assert!(g.age_weights(90, Some(95)).is_none());
    }
}
