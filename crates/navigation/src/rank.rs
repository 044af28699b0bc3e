//! The ranking of producers and units for one service, by a transparent score that the
//! client can re-weight.
//!
//! Each criterion gives 0–100 points; the score is their weighted mean. Travel: 100 at
//! 0 minutes (a remote channel or a service at home counts as 0) down to 0 at
//! [`TRAVEL_ZERO_MINUTES`]. Waiting: 100 at no wait down to 0 at [`WAITING_ZERO_DAYS`].
//! Language: 100 when the unit serves in the client's language, else 0. Accessibility:
//! 100 when no need or no shortcomings, 35 points off per shortcoming, and 50 for
//! "no information" (never as good as "no shortcomings"). Own share: 100 at none down to
//! 0 at [`SHARE_ZERO_EUROS`]. Unknown values get 50 and say so.
//!
//! The candidate's producer kind (county, NGO, company) is not an input, so it cannot
//! weigh; ties are broken by a per-client draw (a hash of the client's seed and the
//! candidate's id), so that no producer always comes first among equals.

use serde::{Deserialize, Serialize};

pub const TRAVEL_ZERO_MINUTES: f32 = 90.0;
pub const WAITING_ZERO_DAYS: f32 = 90.0;
pub const SHARE_ZERO_EUROS: f32 = 150.0;
/// Points for a value that is not known.
pub const UNKNOWN_POINTS: f32 = 50.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Travel {
    /// Minutes by the client's mode; `estimate` when not routed on a road network.
    Minutes { minutes: f32, estimate: bool },
    /// A remote channel (video, phone, chat): no travel.
    Remote,
    /// The service comes to the client's home.
    AtHome,
    /// The client's home is not known.
    Unknown,
    /// No route from the client's home.
    Unreachable,
}

impl Travel {
    pub fn minutes(&self) -> Option<f32> {
        match self {
            Travel::Minutes { minutes, .. } => Some(*minutes),
            Travel::Remote | Travel::AtHome => Some(0.0),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Accessibility {
    /// The client has no accessibility need.
    NotNeeded,
    /// Surveyed, no shortcomings for the client's profile.
    Meets,
    Shortcomings {
        count: u8,
    },
    /// Not surveyed for the client's profile.
    NoInformation,
}

/// One unit (or a producer delivering at home) that offers the service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The unit's id, or the producer's for a service delivered at home or remotely.
    pub id: String,
    pub organization: String,
    pub travel: Travel,
    pub waiting_days: Option<f32>,
    /// Whether the unit serves in the client's language (`None`: not known).
    pub serves_language: Option<bool>,
    pub accessibility: Accessibility,
    /// What the client pays beyond the public client fee (a voucher's own share), euros.
    pub own_share: Option<f32>,
}

/// How much each criterion counts, 0–10 each (default 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub travel: f32,
    pub waiting: f32,
    pub language: f32,
    pub accessibility: f32,
    pub cost: f32,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights { travel: 1.0, waiting: 1.0, language: 1.0, accessibility: 1.0, cost: 1.0 }
    }
}

impl Weights {
    pub const MAX: f32 = 10.0;

    /// The first weight out of 0–10, by name.
    pub fn out_of_range(&self) -> Option<&'static str> {
        [
            ("travel", self.travel),
            ("waiting", self.waiting),
            ("language", self.language),
            ("accessibility", self.accessibility),
            ("cost", self.cost),
        ]
        .into_iter()
        .find(|(_, w)| !(0.0..=Weights::MAX).contains(w))
        .map(|(n, _)| n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Travel,
    Waiting,
    Language,
    Accessibility,
    Cost,
}

/// One criterion's part of a score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Component {
    pub criterion: Criterion,
    pub points: f32,
    pub weight: f32,
    /// The value was not known: the points are the neutral [`UNKNOWN_POINTS`].
    pub unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub rank: usize,
    pub candidate: Candidate,
    /// 0–100.
    pub score: f32,
    pub components: Vec<Component>,
}

fn linear(value: f32, zero_at: f32) -> f32 {
    (100.0 * (1.0 - value / zero_at)).clamp(0.0, 100.0)
}

/// The points of each criterion for one candidate.
pub fn components(c: &Candidate, w: &Weights) -> Vec<Component> {
    let part = |criterion, points: Option<f32>, weight| Component {
        criterion,
        points: points.unwrap_or(UNKNOWN_POINTS),
        weight,
        unknown: points.is_none(),
    };
    let travel = match c.travel {
        Travel::Unreachable => Some(0.0),
        t => t.minutes().map(|m| linear(m, TRAVEL_ZERO_MINUTES)),
    };
    let accessibility = match c.accessibility {
        Accessibility::NotNeeded | Accessibility::Meets => Some(100.0),
        Accessibility::Shortcomings { count } => Some((100.0 - 35.0 * count as f32).max(0.0)),
        Accessibility::NoInformation => None,
    };
    vec![
        part(Criterion::Travel, travel, w.travel),
        part(Criterion::Waiting, c.waiting_days.map(|d| linear(d, WAITING_ZERO_DAYS)), w.waiting),
        part(Criterion::Language, c.serves_language.map(|s| if s { 100.0 } else { 0.0 }), w.language),
        part(Criterion::Accessibility, accessibility, w.accessibility),
        part(Criterion::Cost, Some(c.own_share.map_or(100.0, |s| linear(s, SHARE_ZERO_EUROS))), w.cost),
    ]
}

/// FNV-1a of the seed and the id: the per-client draw among equals.
fn draw(seed: &str, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes().chain([0]).chain(id.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Ranks the candidates, best first. `seed` (the client's id, say) breaks ties.
pub fn rank(candidates: Vec<Candidate>, weights: &Weights, seed: &str) -> Vec<Ranked> {
    let mut scored: Vec<(f32, u64, Ranked)> = candidates
        .into_iter()
        .map(|candidate| {
            let components = components(&candidate, weights);
            let total: f32 = components.iter().map(|c| c.weight).sum();
            let score =
                if total > 0.0 { components.iter().map(|c| c.points * c.weight).sum::<f32>() / total } else { 0.0 };
            // Scores compared at 0.01 points: noise below that is not a preference.
            let score = (score * 100.0).round() / 100.0;
            let tie = draw(seed, &candidate.id);
            (score, tie, Ranked { rank: 0, candidate, score, components })
        })
        .collect();
    scored
        .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then_with(|| a.2.candidate.id.cmp(&b.2.candidate.id)));
    scored
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, mut r))| {
            r.rank = i + 1;
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unit(id: &str, minutes: f32, waiting: Option<f32>) -> Candidate {
        Candidate {
            id: id.into(),
            organization: format!("org-{id}"),
            travel: Travel::Minutes { minutes, estimate: false },
            waiting_days: waiting,
            serves_language: Some(true),
            accessibility: Accessibility::NotNeeded,
            own_share: None,
        }
    }

    #[test]
    fn weights_move_the_choice() {
        let near_slow = unit("near", 5.0, Some(80.0));
        let far_fast = unit("far", 60.0, Some(0.0));
        let both = vec![near_slow.clone(), far_fast.clone()];
        let travel = Weights { travel: 5.0, ..Weights::default() };
        assert_eq!(rank(both.clone(), &travel, "c")[0].candidate.id, "near");
        let waiting = Weights { waiting: 5.0, ..Weights::default() };
        assert_eq!(rank(both, &waiting, "c")[0].candidate.id, "far");
    }

    #[test]
    fn unknown_values_are_neutral_and_said_so() {
        let mut c = unit("u", 0.0, None);
        c.accessibility = Accessibility::NoInformation;
        let parts = components(&c, &Weights::default());
        assert!(parts.iter().filter(|p| p.unknown).count() == 2, "{parts:?}");
        let surveyed = Candidate { accessibility: Accessibility::Meets, ..c.clone() };
        let r = rank(vec![c, surveyed], &Weights::default(), "x");
        assert_eq!(r[0].candidate.accessibility, Accessibility::Meets, "no information never beats no shortcomings");
    }

    #[test]
    fn remote_and_at_home_count_as_no_travel() {
        let mut remote = unit("remote", 0.0, Some(10.0));
        remote.travel = Travel::Remote;
        let parts = components(&remote, &Weights::default());
        assert_eq!(parts[0].points, 100.0);
    }

    fn arb_candidate() -> impl Strategy<Value = Candidate> {
        (0u32..1000, 0.0f32..120.0, proptest::option::of(0.0f32..200.0), proptest::option::of(any::<bool>()), 0u8..4)
            .prop_map(|(id, minutes, waiting, language, short)| Candidate {
                id: format!("u{id}"),
                organization: format!("o{}", id % 7),
                travel: Travel::Minutes { minutes, estimate: id % 2 == 0 },
                waiting_days: waiting,
                serves_language: language,
                accessibility: Accessibility::Shortcomings { count: short },
                own_share: None,
            })
    }

    proptest! {
        /// The order of the input (e.g. county units listed first) never changes the ranking,
        /// and a better candidate in every criterion is never ranked below a worse one.
        #[test]
        fn ranking_is_independent_of_input_order(mut list in proptest::collection::vec(arb_candidate(), 1..12)) {
            list.sort_by(|a, b| a.id.cmp(&b.id));
            list.dedup_by(|a, b| a.id == b.id);
            let w = Weights::default();
            let forward: Vec<String> = rank(list.clone(), &w, "client-1").into_iter().map(|r| r.candidate.id).collect();
            list.reverse();
            let backward: Vec<String> = rank(list.clone(), &w, "client-1").into_iter().map(|r| r.candidate.id).collect();
            prop_assert_eq!(&forward, &backward);
            let ranked = rank(list, &w, "client-1");
            for pair in ranked.windows(2) {
                prop_assert!(pair[0].score >= pair[1].score);
            }
        }
    }
}
