//! Small view helpers shared by the pages: labels of enums, hours, dates, text in a language.

use super::Ctx;
use chrono::Datelike;
use chrono::NaiveDate;
use domain::hours::{Day, Exception, OpenStatus, OpeningHours, TimeOfDay};
use domain::{Lang, Text};
use maud::{Markup, html};

/// Text in the page's language or a fallback, marked with its own `lang` when it differs.
pub fn text(ctx: &Ctx, text: &Text) -> Markup {
    match text.best(ctx.lang) {
        Some((lang, s)) if lang == ctx.lang => html! { (s) },
        Some((lang, s)) => html! { span lang=(lang.code()) { (s) } },
        None => html! {},
    }
}

/// Paragraphs of a longer text.
pub fn paragraphs(ctx: &Ctx, value: &Text) -> Markup {
    match value.best(ctx.lang) {
        Some((lang, s)) => html! {
            div lang=[(lang != ctx.lang).then(|| lang.code())] {
                @for para in s.split("\n\n").filter(|p| !p.trim().is_empty()) { p { (para.trim()) } }
            }
        },
        None => html! {},
    }
}

/// The label of a serde-named enum value, e.g. `tier-local_area`.
pub fn label<T: serde::Serialize>(ctx: &Ctx, prefix: &str, value: &T) -> String {
    let name = crate::params::serde_name(value);
    ctx.t(&format!("{prefix}-{name}"))
}

pub fn date(ctx: &Ctx, d: NaiveDate) -> String {
    match ctx.lang {
        Lang::En => d.format("%-d %b %Y").to_string(),
        _ => d.format("%-d.%-m.%Y").to_string(),
    }
}

fn time(ctx: &Ctx, t: TimeOfDay) -> String {
    let m = t.minutes();
    match ctx.lang {
        Lang::En => format!("{}:{:02}", m / 60, m % 60),
        _ => format!("{}.{:02}", m / 60, m % 60),
    }
}

fn days(ctx: &Ctx, days: &[Day]) -> String {
    let mut sorted: Vec<Day> = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut runs: Vec<(Day, Day)> = Vec::new();
    for day in sorted {
        match runs.last_mut() {
            Some((_, end)) if *end as usize + 1 == day as usize => *end = day,
            _ => runs.push((day, day)),
        }
    }
    let name = |d: Day| ctx.t(&format!("day-{}", d.code()));
    runs.iter()
        .map(|&(a, b)| if a == b { name(a) } else { format!("{}–{}", name(a), name(b)) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Opening hours as lists; seasonal hours and exceptions that ended before `today` are left out.
pub fn hours(ctx: &Ctx, hours: &OpeningHours, today: NaiveDate) -> Markup {
    hours_but(ctx, hours, today, &[])
}

/// The exceptions (holidays) that every one of `all` has and that have not ended before
/// `today`: a page shows them once instead of on every card.
pub fn common_exceptions(all: &[&OpeningHours], today: NaiveDate) -> Vec<Exception> {
    let Some((first, rest)) = all.split_first() else { return Vec::new() };
    if rest.is_empty() {
        return Vec::new();
    }
    first
        .exceptions
        .iter()
        .filter(|x| x.to.unwrap_or(x.from) >= today)
        .filter(|x| rest.iter().all(|h| h.exceptions.contains(x)))
        .cloned()
        .collect()
}

/// A list of exceptions, e.g. "24.12.2026–26.12.2026: closed (Christmas)".
pub fn exceptions(ctx: &Ctx, list: &[&Exception]) -> Markup {
    html! {
        ul class="hours" {
            @for x in list {
                li {
                    (date(ctx, x.from))
                    @if let Some(to) = x.to { "–" (date(ctx, to)) }
                    ": "
                    @if x.closed { (ctx.t("hours-closed")) }
                    @else {
                        (x.hours.iter().map(|i| format!("{}–{}", time(ctx, i.opens), time(ctx, i.closes))).collect::<Vec<_>>().join(", "))
                    }
                    @if !x.note.is_empty() { " (" (text(ctx, &x.note)) ")" }
                }
            }
        }
    }
}

/// Opening hours without the exceptions in `shown_elsewhere` (shown once on the page).
pub fn hours_but(ctx: &Ctx, hours: &OpeningHours, today: NaiveDate, shown_elsewhere: &[Exception]) -> Markup {
    if hours.always_open {
        return html! { p { (ctx.t("hours-always-open")) } };
    }
    if !hours.is_known() {
        return html! { p { (ctx.t("hours-unknown")) } };
    }
    let regular: Vec<_> = hours.weekly.iter().filter(|w| w.valid_from.is_none() && w.valid_to.is_none()).collect();
    let seasonal: Vec<_> = hours
        .weekly
        .iter()
        .filter(|w| (w.valid_from.is_some() || w.valid_to.is_some()) && w.valid_to.is_none_or(|to| to >= today))
        .collect();
    let own: Vec<&Exception> =
        hours.exceptions.iter().filter(|x| x.to.unwrap_or(x.from) >= today && !shown_elsewhere.contains(x)).collect();
    html! {
        @if !regular.is_empty() {
            ul class="hours" {
                @for w in &regular { li { (days(ctx, &w.days)) " " (time(ctx, w.opens)) "–" (time(ctx, w.closes)) } }
            }
        }
        @if !seasonal.is_empty() {
            p { (ctx.t("hours-seasonal")) }
            ul class="hours" {
                @for w in &seasonal {
                    li {
                        (w.valid_from.map(|d| date(ctx, d)).unwrap_or_default()) "–" (w.valid_to.map(|d| date(ctx, d)).unwrap_or_default()) ": "
                        (days(ctx, &w.days)) " " (time(ctx, w.opens)) "–" (time(ctx, w.closes))
                    }
                }
            }
        }
        @if !own.is_empty() {
            p { (ctx.t("hours-exceptions")) }
            (exceptions(ctx, &own))
        }
    }
}

/// "Open now" / "Closed now" / "Holiday: hours not confirmed" / nothing when unknown. Never
/// "open" unless the hours say so for that very day ([`OpeningHours::status_at`]).
pub fn open_now(ctx: &Ctx, hours: &OpeningHours, now: chrono::NaiveDateTime) -> Markup {
    match hours.status_at(now) {
        OpenStatus::Open => html! { span class="badge open" { (ctx.t("open-now")) } },
        OpenStatus::Closed => html! { span class="badge closed" { (ctx.t("closed-now")) } },
        OpenStatus::Unconfirmed(holiday) => html! {
            span class="badge unconfirmed" { (ctx.ta("open-unconfirmed", &[("holiday", holiday.name(ctx.lang).into())])) }
        },
        OpenStatus::Unknown => html! {},
    }
}

/// One day's opening spans, e.g. "8.00–16.00", "22.00–2.00 (next day)", "open 24 hours",
/// "closed", or "no information".
pub fn spans(ctx: &Ctx, spans: Option<&[domain::hours::Span]>) -> String {
    match spans {
        None => ctx.t("hours-day-unknown"),
        Some([]) => ctx.t("hours-closed"),
        Some([(0, 1440)]) => ctx.t("hours-all-day"),
        Some(list) => list
            .iter()
            .map(|&(opens, closes)| {
                let clock = |m: u16| {
                    let m = m % 1440;
                    match ctx.lang {
                        Lang::En => format!("{}:{:02}", m / 60, m % 60),
                        _ => format!("{}.{:02}", m / 60, m % 60),
                    }
                };
                if closes > 1440 {
                    format!("{}–{} {}", clock(opens), clock(closes), ctx.t("hours-next-day"))
                } else if closes == 1440 {
                    format!("{}–24{}00", clock(opens), if ctx.lang == Lang::En { ':' } else { '.' })
                } else {
                    format!("{}–{}", clock(opens), clock(closes))
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The week from `today`: one row per day with its hours, the exception that set them and
/// the public holiday, today's row marked.
pub fn week(ctx: &Ctx, hours: &OpeningHours, today: NaiveDate) -> Markup {
    let days: Vec<_> =
        (0..7).filter_map(|n| today.checked_add_days(chrono::Days::new(n))).map(|d| hours.day(d)).collect();
    html! {
        table class="week" {
            caption { (ctx.t("hours-week")) }
            thead { tr { th scope="col" { (ctx.t("hours-day")) } th scope="col" { (ctx.t("unit-hours")) } th scope="col" { (ctx.t("hours-note")) } } }
            tbody {
                @for day in &days {
                    @let is_today = day.date == today;
                    tr class=[is_today.then_some("today")] {
                        th scope="row" {
                            (ctx.t(&format!("day-{}", Day::of(day.date.weekday()).code()))) " " (date(ctx, day.date))
                            @if is_today { " " span class="badge" { (ctx.t("hours-today")) } }
                        }
                        td { (spans(ctx, day.spans.as_deref())) }
                        td {
                            @let unconfirmed = day.holiday.is_some() && day.exception.is_none() && !hours.always_open
                                && day.spans.as_ref().is_some_and(|s| !s.is_empty());
                            @if let Some(holiday) = day.holiday { (holiday.name(ctx.lang)) }
                            @if let Some(x) = day.exception {
                                @if day.holiday.is_some() { ": " }
                                @if x.note.is_empty() { (ctx.t("hours-exceptional")) } @else { (text(ctx, &x.note)) }
                            }
                            @if unconfirmed { ": " (ctx.t("hours-holiday-unconfirmed")) }
                        }
                    }
                }
            }
        }
    }
}

pub fn languages(ctx: &Ctx, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| {
            let label = ctx.t(&format!("language-{c}"));
            if label.contains('⟦') { c.clone() } else { label }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Street 1, 06100 Porvoo", leaving out what is not known.
pub fn address(ctx: &Ctx, address: &domain::Address) -> String {
    let place = if address.post_office.is_empty() {
        domain::reference::Reference::get()
            .municipality(&address.municipality)
            .map(|m| m.name.show(ctx.lang).to_owned())
            .unwrap_or_default()
    } else {
        address.post_office.show(ctx.lang).to_owned()
    };
    let street = address.street.show(ctx.lang);
    let town = format!("{} {place}", address.postal_code);
    if street.is_empty() { town } else { format!("{street}, {town}") }
}

/// A number as the page's language writes it: `98 972` and `0,5` in Finnish and Swedish
/// (a no-break space between thousands, a decimal comma), `98,972` and `0.5` in English.
/// Negative numbers take a real minus sign.
pub fn number(lang: Lang, x: f64, decimals: usize) -> String {
    let factor = 10f64.powi(decimals as i32);
    let rounded = (x * factor).round() / factor;
    let fixed = format!("{:.*}", decimals, rounded.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let (group, point) = match lang {
        Lang::En => (',', '.'),
        _ => ('\u{a0}', ','),
    };
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    if rounded < 0.0 { format!("−{out}") } else { out }
}

/// A whole number as the page's language writes it.
pub fn int(lang: Lang, x: impl Into<f64>) -> String {
    number(lang, x.into(), 0)
}

/// `+1 234` for a gain, `−1 234` for a loss, `0` for none.
pub fn signed(lang: Lang, x: f64) -> String {
    if x.round() > 0.0 { format!("+{}", number(lang, x, 0)) } else { number(lang, x, 0) }
}

/// A share as a percentage: `50 %` in Finnish and Swedish, `50%` in English.
pub fn percent(lang: Lang, share: f64) -> String {
    match lang {
        Lang::En => format!("{}%", number(lang, share * 100.0, 0)),
        _ => format!("{}\u{a0}%", number(lang, share * 100.0, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(Lang::Fi, 98_972.0, 0), "98\u{a0}972");
        assert_eq!(number(Lang::Sv, 0.5, 1), "0,5");
        assert_eq!(number(Lang::En, 98_972.0, 0), "98,972");
        assert_eq!(number(Lang::En, 0.5, 1), "0.5");
        assert_eq!(number(Lang::En, 1_234_567.0, 0), "1,234,567");
        assert_eq!(number(Lang::Fi, 999.0, 0), "999");
        assert_eq!(number(Lang::Fi, -9_200_000.4, 0), "−9\u{a0}200\u{a0}000");
        assert_eq!(number(Lang::Fi, -0.2, 0), "0");
        assert_eq!(signed(Lang::En, 55_117.0), "+55,117");
        assert_eq!(percent(Lang::Fi, 0.456), "46\u{a0}%");
        assert_eq!(percent(Lang::En, 0.456), "46%");
    }
}
