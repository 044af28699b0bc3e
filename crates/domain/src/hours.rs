//! Opening hours of units and channels: weekly hours, seasonal hours, exceptions
//! and closures, in the county's local time (Europe/Helsinki, given as naive local times).

use crate::text::Text;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub always_open: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekly: Vec<WeeklyHours>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<Exception>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    pub days: Vec<Day>,
    pub opens: TimeOfDay,
    pub closes: TimeOfDay,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    pub from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub closed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<Interval>,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub note: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    pub opens: TimeOfDay,
    pub closes: TimeOfDay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub const ALL: [Day; 7] = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun];

    pub fn of(weekday: Weekday) -> Day {
        Day::ALL[weekday.num_days_from_monday() as usize]
    }

    pub fn code(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }
}

/// A time of day `HH:MM`, `00:00`..=`24:00`, kept as minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub fn parse(s: &str) -> Result<TimeOfDay, String> {
        let bad = || format!("{s:?} is not a time HH:MM between 00:00 and 24:00");
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u16 = h.parse().map_err(|_| bad())?;
        let m: u16 = m.parse().map_err(|_| bad())?;
        if m >= 60 || h > 24 || (h == 24 && m != 0) {
            return Err(bad());
        }
        Ok(TimeOfDay(h * 60 + m))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = String;
    fn try_from(s: String) -> Result<TimeOfDay, String> {
        TimeOfDay::parse(&s)
    }
}

impl From<TimeOfDay> for String {
    fn from(t: TimeOfDay) -> String {
        format!("{:02}:{:02}", t.0 / 60, t.0 % 60)
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Minutes since the day's midnight; `close` may pass 1440 when open over midnight.
pub type Span = (u16, u16);

/// Whether a unit is open at a moment, as a visitor may be told ([`OpeningHours::status_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenStatus {
    Open,
    Closed,
    /// The hours are not known.
    Unknown,
    /// The regular hours say open, but it is a public holiday for which the unit gave no hours.
    Unconfirmed(crate::calendar::Holiday),
}

/// One date's hours ([`OpeningHours::day`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DayHours<'a> {
    pub date: NaiveDate,
    /// `None` when the hours of that date are not known; empty when closed.
    pub spans: Option<Vec<Span>>,
    pub exception: Option<&'a Exception>,
    pub holiday: Option<crate::calendar::Holiday>,
}

fn span(opens: TimeOfDay, closes: TimeOfDay) -> Span {
    if closes.0 <= opens.0 { (opens.0, closes.0 + 1440) } else { (opens.0, closes.0) }
}

impl OpeningHours {
    /// Whether anything is known about the hours.
    pub fn is_known(&self) -> bool {
        self.always_open || !self.weekly.is_empty() || !self.exceptions.is_empty()
    }

    /// The opening spans of one date, or `None` when the hours are not known for it.
    pub fn spans_on(&self, date: NaiveDate) -> Option<Vec<Span>> {
        let mut spans = Vec::new();
        self.visit_spans(date, |span| {
            spans.push(span);
            false
        })
        .map(|_| spans)
    }

    /// Call `f` with each opening span of a date until it returns true; returns whether
    /// it did, or `None` when the hours are not known for that date. Allocates nothing:
    /// search evaluates it for thousands of units per query.
    fn visit_spans(&self, date: NaiveDate, mut f: impl FnMut(Span) -> bool) -> Option<bool> {
        // An exception wins over everything, "open 24 hours" too: a unit that is always open
        // but closed for a day (a renovation, a strike) is closed that day.
        if let Some(exception) = self.exception_on(date) {
            return Some(!exception.closed && exception.hours.iter().any(|i| f(span(i.opens, i.closes))));
        }
        if self.always_open {
            return Some(f((0, 1440)));
        }
        if self.weekly.is_empty() {
            return None;
        }
        let seasonal = |w: &WeeklyHours| w.valid_from.is_some() || w.valid_to.is_some();
        let covers =
            |w: &WeeklyHours| w.valid_from.is_none_or(|from| from <= date) && w.valid_to.is_none_or(|to| date <= to);
        let in_season = self.weekly.iter().any(|w| seasonal(w) && covers(w));
        let day = Day::of(date.weekday());
        Some(
            self.weekly
                .iter()
                .filter(|w| if in_season { seasonal(w) && covers(w) } else { !seasonal(w) })
                .filter(|w| w.days.contains(&day))
                .any(|w| f(span(w.opens, w.closes))),
        )
    }

    /// Whether open at a local time: `Some(true)`, `Some(false)`, or `None` when the hours are unknown.
    pub fn is_open_at(&self, at: NaiveDateTime) -> Option<bool> {
        let minute = (at.hour() * 60 + at.minute()) as u16;
        let today = self.visit_spans(at.date(), |(o, c)| o <= minute && minute < c);
        let yesterday = at
            .date()
            .pred_opt()
            .and_then(|d| self.visit_spans(d, |(o, c)| c > 1440 && o <= minute + 1440 && minute + 1440 < c));
        match (today, yesterday) {
            // Still open from last night, whatever is known of today.
            (_, Some(true)) => Some(true),
            (Some(open), _) => Some(open),
            // Nothing known of today: never "closed" because yesterday was.
            (None, _) => None,
        }
    }

    /// The exception that decides a date's hours (the last one listed that covers it).
    pub fn exception_on(&self, date: NaiveDate) -> Option<&Exception> {
        self.exceptions.iter().rev().find(|x| x.from <= date && date <= x.to.unwrap_or(x.from))
    }

    /// What a visitor may be told at a local time: open, closed, unknown, or, on a public
    /// holiday for which the unit gave no hours of its own, that its regular hours may not
    /// hold. A unit is said to be open only when its hours say so for that very day: "closed
    /// now" is never shown as open, and neither is a holiday nobody confirmed.
    pub fn status_at(&self, at: NaiveDateTime) -> OpenStatus {
        match self.is_open_at(at) {
            None => OpenStatus::Unknown,
            Some(false) => OpenStatus::Closed,
            Some(true) => match crate::calendar::holiday(at.date()) {
                Some(holiday) if !self.always_open && self.exception_on(at.date()).is_none() => {
                    OpenStatus::Unconfirmed(holiday)
                }
                _ => OpenStatus::Open,
            },
        }
    }

    /// One date's hours as a visitor reads them: the opening spans (minutes from the day's
    /// midnight, a close past 1440 running over midnight), the exception that set them, and
    /// the public holiday of that date.
    pub fn day(&self, date: NaiveDate) -> DayHours<'_> {
        DayHours {
            date,
            spans: self.spans_on(date),
            exception: self.exception_on(date),
            holiday: crate::calendar::holiday(date),
        }
    }

    /// Regular (non-seasonal) opening hours per week, in hours.
    pub fn weekly_hours(&self) -> Option<f64> {
        if self.always_open {
            return Some(168.0);
        }
        let regular: Vec<&WeeklyHours> =
            self.weekly.iter().filter(|w| w.valid_from.is_none() && w.valid_to.is_none()).collect();
        if regular.is_empty() {
            return None;
        }
        let minutes: u32 = regular
            .iter()
            .map(|w| {
                let (o, c) = span(w.opens, w.closes);
                u32::from(c - o) * w.days.len() as u32
            })
            .sum();
        Some(f64::from(minutes) / 60.0)
    }

    /// Problems with the hours themselves, as (field path below the hours, problem).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, w) in self.weekly.iter().enumerate() {
            if w.days.is_empty() {
                out.push((format!("weekly[{i}].days"), "lists no days".into()));
            }
            if w.opens == w.closes {
                out.push((format!("weekly[{i}].closes"), "equals opens; use always_open for 24 h".into()));
            }
            if let (Some(from), Some(to)) = (w.valid_from, w.valid_to)
                && to < from
            {
                out.push((format!("weekly[{i}].valid_to"), "is before valid_from".into()));
            }
        }
        for (i, x) in self.exceptions.iter().enumerate() {
            if x.to.is_some_and(|to| to < x.from) {
                out.push((format!("exceptions[{i}].to"), "is before from".into()));
            }
            if x.closed && !x.hours.is_empty() {
                out.push((format!("exceptions[{i}].hours"), "given for a closed exception".into()));
            }
            if !x.closed && x.hours.is_empty() {
                out.push((format!("exceptions[{i}].hours"), "missing: say closed or give hours".into()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(json: &str) -> OpeningHours {
        serde_json::from_str(json).unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    const HEALTH_STATION: &str = r#"{
        "weekly": [
            {"days": ["mon","tue","wed","thu"], "opens": "08:00", "closes": "16:00"},
            {"days": ["fri"], "opens": "08:00", "closes": "15:00"},
            {"days": ["mon","tue","wed","thu","fri"], "opens": "09:00", "closes": "14:00",
             "valid_from": "2026-06-22", "valid_to": "2026-08-09"}
        ],
        "exceptions": [
            {"from": "2026-12-24", "to": "2026-12-26", "closed": true, "note": {"fi": "Joulu"}},
            {"from": "2026-12-31", "hours": [{"opens": "08:00", "closes": "12:00"}]}
        ]
    }"#;

    #[test]
    fn open_at() {
        let h = hours(HEALTH_STATION);
        // (local time, expected); 2026-11-23 is a Monday.
        let cases = [
            ("2026-11-23 07:59", Some(false)),
            ("2026-11-23 08:00", Some(true)),
            ("2026-11-23 15:59", Some(true)),
            ("2026-11-23 16:00", Some(false)),
            ("2026-11-27 15:30", Some(false)), // Friday closes at 15
            ("2026-11-28 10:00", Some(false)), // Saturday
            ("2026-07-01 08:30", Some(false)), // summer hours start at 9
            ("2026-07-01 13:30", Some(true)),
            ("2026-12-24 10:00", Some(false)), // Christmas closure (a Thursday)
            ("2026-12-31 11:00", Some(true)),
            ("2026-12-31 13:00", Some(false)),
        ];
        for (time, expected) in cases {
            assert_eq!(h.is_open_at(at(time)), expected, "{time}");
        }
        assert_eq!(h.weekly_hours(), Some(39.0));
    }

    #[test]
    fn over_midnight_and_always_open_and_unknown() {
        let night = hours(r#"{"weekly":[{"days":["fri"],"opens":"22:00","closes":"02:00"}]}"#);
        assert_eq!(night.is_open_at(at("2026-11-27 23:00")), Some(true));
        assert_eq!(night.is_open_at(at("2026-11-28 01:30")), Some(true)); // Saturday night, from Friday
        assert_eq!(night.is_open_at(at("2026-11-28 02:00")), Some(false));
        assert_eq!(night.weekly_hours(), Some(4.0));
        let always = hours(r#"{"always_open": true}"#);
        assert_eq!(always.is_open_at(at("2026-12-24 03:00")), Some(true));
        assert_eq!(OpeningHours::default().is_open_at(at("2026-11-23 10:00")), None);
    }

    #[test]
    fn exceptions_win_over_always_open_and_over_midnight() {
        // Open round the clock, but closed for a renovation day.
        let h = hours(r#"{"always_open": true, "exceptions": [{"from": "2026-12-24", "closed": true}]}"#);
        assert_eq!(h.is_open_at(at("2026-12-23 23:59")), Some(true));
        assert_eq!(h.is_open_at(at("2026-12-24 00:00")), Some(false));
        assert_eq!(h.is_open_at(at("2026-12-24 12:00")), Some(false));
        assert_eq!(h.is_open_at(at("2026-12-25 00:00")), Some(true));
        // Nightly 22-02; Christmas Eve closed: the night before still runs past midnight into
        // the 24th, no night starts on the 24th, so the 25th's small hours are closed.
        let night = hours(
            r#"{"weekly":[{"days":["mon","tue","wed","thu","fri","sat","sun"],"opens":"22:00","closes":"02:00"}],
                "exceptions":[{"from":"2026-12-24","closed":true}]}"#,
        );
        assert_eq!(night.is_open_at(at("2026-12-24 01:59")), Some(true));
        assert_eq!(night.is_open_at(at("2026-12-24 02:00")), Some(false));
        assert_eq!(night.is_open_at(at("2026-12-24 23:00")), Some(false));
        assert_eq!(night.is_open_at(at("2026-12-25 01:00")), Some(false));
        assert_eq!(night.is_open_at(at("2026-12-25 22:00")), Some(true));
        // Only an exception is known: the days around it are unknown, not closed.
        let only = hours(r#"{"exceptions":[{"from":"2026-12-24","closed":true}]}"#);
        assert_eq!(only.is_open_at(at("2026-12-24 10:00")), Some(false));
        assert_eq!(only.is_open_at(at("2026-12-25 10:00")), None);
    }

    #[test]
    fn a_holiday_without_its_own_hours_is_never_said_to_be_open() {
        let h = hours(HEALTH_STATION);
        // Epiphany 2027 is a Wednesday; the unit gave no hours for it.
        assert_eq!(h.is_open_at(at("2027-01-06 10:00")), Some(true));
        assert_eq!(h.status_at(at("2027-01-06 10:00")), OpenStatus::Unconfirmed(crate::calendar::Holiday::Epiphany));
        assert_eq!(h.status_at(at("2027-01-06 20:00")), OpenStatus::Closed);
        // Christmas Eve has its exception: closed, and said so.
        assert_eq!(h.status_at(at("2026-12-24 10:00")), OpenStatus::Closed);
        // New Year's Eve is no holiday: its own shorter hours.
        assert_eq!(h.status_at(at("2026-12-31 11:00")), OpenStatus::Open);
        assert_eq!(h.status_at(at("2026-12-31 12:00")), OpenStatus::Closed);
        assert_eq!(h.status_at(at("2026-11-23 10:00")), OpenStatus::Open);
        assert_eq!(OpeningHours::default().status_at(at("2026-11-23 10:00")), OpenStatus::Unknown);
        // Always open stays open on a holiday.
        assert_eq!(hours(r#"{"always_open": true}"#).status_at(at("2026-12-06 03:00")), OpenStatus::Open);
        let christmas = h.day(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
        assert_eq!(christmas.spans, Some(vec![]));
        assert!(christmas.exception.is_some_and(|x| x.closed));
        assert_eq!(christmas.holiday, Some(crate::calendar::Holiday::ChristmasDay));
        let monday = h.day(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!((monday.spans, monday.exception, monday.holiday), (Some(vec![(480, 960)]), None, None));
    }

    #[test]
    fn bad_times_are_refused() {
        for bad in ["24:01", "8:00", "08:60", "aa:bb", "", "25:00"] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(TimeOfDay::parse("24:00").unwrap().minutes(), 1440);
        let h = hours(r#"{"exceptions":[{"from":"2026-12-31","to":"2026-12-01","closed":true}]}"#);
        assert_eq!(h.problems(), vec![("exceptions[0].to".to_string(), "is before from".to_string())]);
    }
}

/// Local time in Finland (Europe/Helsinki: UTC+2, UTC+3 from the last Sunday of
/// March 01:00 UTC to the last Sunday of October 01:00 UTC, the EU rule).
pub fn helsinki_local(utc: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    let naive = utc.naive_utc();
    let year = naive.year();
    let last_sunday = |month: u32| {
        let mut day = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or_default();
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().unwrap_or(day);
        }
        day.and_hms_opt(1, 0, 0).unwrap_or_default()
    };
    let summer = last_sunday(3) <= naive && naive < last_sunday(10);
    naive + chrono::Duration::hours(if summer { 3 } else { 2 })
}

#[cfg(test)]
mod local_time_tests {
    use super::*;

    #[test]
    fn helsinki_offsets() {
        let utc = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap().and_utc();
        let local = |s: &str| helsinki_local(utc(s)).format("%Y-%m-%d %H:%M").to_string();
        assert_eq!(local("2026-11-23 10:00"), "2026-11-23 12:00");
        assert_eq!(local("2026-07-01 10:00"), "2026-07-01 13:00");
        assert_eq!(local("2026-03-29 00:59"), "2026-03-29 02:59"); // DST starts 01:00 UTC
        assert_eq!(local("2026-03-29 01:00"), "2026-03-29 04:00");
        assert_eq!(local("2026-10-25 00:59"), "2026-10-25 03:59"); // DST ends 01:00 UTC
        assert_eq!(local("2026-10-25 01:00"), "2026-10-25 03:00");
    }
}
