//! The four-field client segment (the Uusimaa model of Koivuniemi et al.; Suuntima is
//! alike): coping in everyday life (good or weak) against health and wellbeing risk
//! relative to service need (low or high).
//!
//! | | need low | need high |
//! |---|---|---|
//! | coping good | self-reliant (omatoimiasiakkuus) | collaborative (yhteistyöasiakkuus) |
//! | coping weak | supported (tukiasiakkuus) | care (huolenpitoasiakkuus) |
//!
//! Each questionnaire names which of its dimensions add up to "difficulty in everyday
//! life" and to "need", and the thresholds; the outcome carries both sums and thresholds
//! so the reason can be shown. The segment chooses the channel offered first.

use std::collections::BTreeMap;

use domain::text::Lang;
use serde::Serialize;

use crate::questionnaire::SegmentRule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    SelfReliant,
    Supported,
    Collaborative,
    Care,
}

/// The channel a segment is offered first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstChannel {
    /// E-services, the symptom checker, chat: the client acts alone.
    DigitalSelfService,
    /// A navigator by phone or chat, with digital services beside.
    NavigatorContact,
    /// A multi-professional team with one named contact person.
    NamedContactPerson,
    /// A named coordinator (omatyöntekijä) who keeps the whole path together.
    NamedCoordinator,
}

impl Segment {
    pub const ALL: [Segment; 4] = [Segment::SelfReliant, Segment::Supported, Segment::Collaborative, Segment::Care];

    pub fn as_str(self) -> &'static str {
        match self {
            Segment::SelfReliant => "self_reliant",
            Segment::Supported => "supported",
            Segment::Collaborative => "collaborative",
            Segment::Care => "care",
        }
    }

    pub fn first_channel(self) -> FirstChannel {
        match self {
            Segment::SelfReliant => FirstChannel::DigitalSelfService,
            Segment::Supported => FirstChannel::NavigatorContact,
            Segment::Collaborative => FirstChannel::NamedContactPerson,
            Segment::Care => FirstChannel::NamedCoordinator,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Segment::SelfReliant, Lang::Fi) => "omatoimiasiakkuus",
            (Segment::SelfReliant, Lang::Sv) => "självständig kund",
            (Segment::SelfReliant, Lang::En) => "self-reliant",
            (Segment::Supported, Lang::Fi) => "tukiasiakkuus",
            (Segment::Supported, Lang::Sv) => "kund med stöd",
            (Segment::Supported, Lang::En) => "supported",
            (Segment::Collaborative, Lang::Fi) => "yhteistyöasiakkuus",
            (Segment::Collaborative, Lang::Sv) => "samarbetskund",
            (Segment::Collaborative, Lang::En) => "collaborative",
            (Segment::Care, Lang::Fi) => "huolenpitoasiakkuus",
            (Segment::Care, Lang::Sv) => "omsorgskund",
            (Segment::Care, Lang::En) => "care",
        }
    }
}

impl FirstChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            FirstChannel::DigitalSelfService => "digital_self_service",
            FirstChannel::NavigatorContact => "navigator_contact",
            FirstChannel::NamedContactPerson => "named_contact_person",
            FirstChannel::NamedCoordinator => "named_coordinator",
        }
    }
}

/// A segment with the sums and thresholds that decided it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentOutcome {
    pub segment: Segment,
    pub first_channel: FirstChannel,
    /// Difficulty in everyday life: the sum of the coping dimensions, and from where it is weak.
    pub coping_difficulty: f64,
    pub coping_weak_at: f64,
    pub need: f64,
    pub need_high_at: f64,
}

/// The segment from a questionnaire's dimension scores.
pub fn segment(rule: &SegmentRule, scores: &BTreeMap<String, f64>) -> SegmentOutcome {
    let sum = |dims: &[String]| dims.iter().map(|d| scores.get(d).copied().unwrap_or(0.0)).sum::<f64>();
    let (coping, need) = (sum(&rule.coping), sum(&rule.need));
    let weak = coping >= rule.coping_weak_at;
    let high = need >= rule.need_high_at;
    let segment = match (weak, high) {
        (false, false) => Segment::SelfReliant,
        (true, false) => Segment::Supported,
        (false, true) => Segment::Collaborative,
        (true, true) => Segment::Care,
    };
    SegmentOutcome {
        segment,
        first_channel: segment.first_channel(),
        coping_difficulty: coping,
        coping_weak_at: rule.coping_weak_at,
        need,
        need_high_at: rule.need_high_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_fields() {
        let rule = SegmentRule {
            coping: vec!["adl".into(), "iadl".into()],
            coping_weak_at: 4.0,
            need: vec!["risk".into()],
            need_high_at: 3.0,
        };
        let at = |adl: f64, iadl: f64, risk: f64| {
            let scores = [("adl", adl), ("iadl", iadl), ("risk", risk)].map(|(k, v)| (k.to_owned(), v)).into();
            segment(&rule, &scores).segment
        };
        assert_eq!(at(0.0, 0.0, 0.0), Segment::SelfReliant);
        assert_eq!(at(2.0, 2.0, 0.0), Segment::Supported, "the sum reaches the threshold");
        assert_eq!(at(1.0, 2.0, 3.0), Segment::Collaborative);
        assert_eq!(at(3.0, 3.0, 5.0), Segment::Care);
        assert_eq!(Segment::Care.first_channel(), FirstChannel::NamedCoordinator);
        assert_eq!(Segment::SelfReliant.first_channel(), FirstChannel::DigitalSelfService);
    }
}
