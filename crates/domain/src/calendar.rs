//! Finnish working days: public holidays and the computation of statutory time limits.
//!
//! A deadline in law is counted as the Act on the computation of statutory time
//! limits (laki säädettyjen määräaikain laskemisesta 150/1930) counts it:
//!
//! - the day the time limit is counted from (the day of receipt) is not counted;
//! - a limit in days, weeks or months ends on the day it reaches (months are
//!   calendar months; a day the month does not have is its last day, so 31 January
//!   and one month is 28 or 29 February);
//! - when that day is not a working day, the limit moves to the next working day
//!   (5 §: a public holiday, Independence Day, May Day, Christmas Eve, Midsummer
//!   Eve or a Saturday);
//! - a limit in working days ("the 7th working day") counts working days only.
//!
//! Working days are Monday to Friday except the public holidays (New Year's Day,
//! Epiphany, Good Friday, Easter Monday, May Day, Ascension Day, Independence Day,
//! Christmas Day, Boxing Day; Easter Sunday, Whitsunday, Midsummer Day and All
//! Saints' Day fall on a Sunday or Saturday anyway) and Midsummer Eve and Christmas
//! Eve. These two are not statutory public holidays, but 150/1930 5 § treats them
//! like holidays, so they are not working days for deadlines.
//!
//! Everything is computed from the date alone (the Easter date by the anonymous
//! Gregorian algorithm): no tables, no global state, no IO.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

use crate::text::Lang;

/// A day that is not a working day besides Saturdays and Sundays (or that is a
/// holiday anyway, such as Easter Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holiday {
    NewYearsDay,
    Epiphany,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    MayDay,
    AscensionDay,
    Whitsunday,
    MidsummerEve,
    MidsummerDay,
    AllSaintsDay,
    IndependenceDay,
    ChristmasEve,
    ChristmasDay,
    BoxingDay,
}

impl Holiday {
    pub const ALL: [Holiday; 15] = [
        Holiday::NewYearsDay,
        Holiday::Epiphany,
        Holiday::GoodFriday,
        Holiday::EasterSunday,
        Holiday::EasterMonday,
        Holiday::MayDay,
        Holiday::AscensionDay,
        Holiday::Whitsunday,
        Holiday::MidsummerEve,
        Holiday::MidsummerDay,
        Holiday::AllSaintsDay,
        Holiday::IndependenceDay,
        Holiday::ChristmasEve,
        Holiday::ChristmasDay,
        Holiday::BoxingDay,
    ];

    /// The holiday's name in Finnish, Swedish or English.
    pub fn name(self, lang: Lang) -> &'static str {
        let [fi, sv, en] = match self {
            Holiday::NewYearsDay => ["Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day"],
            Holiday::Epiphany => ["Loppiainen", "Trettondagen", "Epiphany"],
            Holiday::GoodFriday => ["Pitkäperjantai", "Långfredagen", "Good Friday"],
            Holiday::EasterSunday => ["Pääsiäispäivä", "Påskdagen", "Easter Sunday"],
            Holiday::EasterMonday => ["Toinen pääsiäispäivä", "Annandag påsk", "Easter Monday"],
            Holiday::MayDay => ["Vappu", "Första maj", "May Day"],
            Holiday::AscensionDay => ["Helatorstai", "Kristi himmelsfärds dag", "Ascension Day"],
            Holiday::Whitsunday => ["Helluntaipäivä", "Pingstdagen", "Whitsunday"],
            Holiday::MidsummerEve => ["Juhannusaatto", "Midsommarafton", "Midsummer Eve"],
            Holiday::MidsummerDay => ["Juhannuspäivä", "Midsommardagen", "Midsummer Day"],
            Holiday::AllSaintsDay => ["Pyhäinpäivä", "Alla helgons dag", "All Saints' Day"],
            Holiday::IndependenceDay => ["Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day"],
            Holiday::ChristmasEve => ["Jouluaatto", "Julafton", "Christmas Eve"],
            Holiday::ChristmasDay => ["Joulupäivä", "Juldagen", "Christmas Day"],
            Holiday::BoxingDay => ["Tapaninpäivä", "Annandag jul", "Boxing Day"],
        };
        match lang {
            Lang::Fi => fi,
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid calendar date")
}

/// Easter Sunday of `year` (Gregorian calendar; the anonymous Gregorian algorithm,
/// also known as Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    ymd(year, month as u32, day as u32)
}

/// The first `weekday` on or after `from`.
fn weekday_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Days::new(u64::from(ahead))
}

/// The holidays of `year` in date order, without allocating.
fn holiday_array(year: i32) -> [(NaiveDate, Holiday); 15] {
    let easter = easter_sunday(year);
    let shift = |days: i64| easter + chrono::Duration::days(days);
    let midsummer_eve = weekday_on_or_after(ymd(year, 6, 19), Weekday::Fri);
    let mut out = [
        (ymd(year, 1, 1), Holiday::NewYearsDay),
        (ymd(year, 1, 6), Holiday::Epiphany),
        (shift(-2), Holiday::GoodFriday),
        (easter, Holiday::EasterSunday),
        (shift(1), Holiday::EasterMonday),
        (ymd(year, 5, 1), Holiday::MayDay),
        (shift(39), Holiday::AscensionDay),
        (shift(49), Holiday::Whitsunday),
        (midsummer_eve, Holiday::MidsummerEve),
        (midsummer_eve + Days::new(1), Holiday::MidsummerDay),
        (weekday_on_or_after(ymd(year, 10, 31), Weekday::Sat), Holiday::AllSaintsDay),
        (ymd(year, 12, 6), Holiday::IndependenceDay),
        (ymd(year, 12, 24), Holiday::ChristmasEve),
        (ymd(year, 12, 25), Holiday::ChristmasDay),
        (ymd(year, 12, 26), Holiday::BoxingDay),
    ];
    // Easter's feasts move among the fixed days; keep date order.
    out.sort_unstable();
    out
}

/// The holidays of `year` in date order. Two may share a day: Ascension Day fell on
/// May Day in 2008 (and will in 2285); [`holiday`] then names the fixed one.
pub fn holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    holiday_array(year).to_vec()
}

/// The holiday on `day`, if it is one.
pub fn holiday(day: NaiveDate) -> Option<Holiday> {
    let (month, dom) = (day.month(), day.day());
    let fixed = match (month, dom) {
        (1, 1) => Some(Holiday::NewYearsDay),
        (1, 6) => Some(Holiday::Epiphany),
        (5, 1) => Some(Holiday::MayDay),
        (12, 6) => Some(Holiday::IndependenceDay),
        (12, 24) => Some(Holiday::ChristmasEve),
        (12, 25) => Some(Holiday::ChristmasDay),
        (12, 26) => Some(Holiday::BoxingDay),
        (6, 19..=25) if day.weekday() == Weekday::Fri => Some(Holiday::MidsummerEve),
        (6, 20..=26) if day.weekday() == Weekday::Sat => Some(Holiday::MidsummerDay),
        (10, 31) | (11, 1..=6) if day.weekday() == Weekday::Sat => Some(Holiday::AllSaintsDay),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    // Easter is between 22 March and 25 April; its feasts end by 13 June (Whitsunday).
    if !(3..=6).contains(&month) {
        return None;
    }
    match (day - easter_sunday(day.year())).num_days() {
        -2 => Some(Holiday::GoodFriday),
        0 => Some(Holiday::EasterSunday),
        1 => Some(Holiday::EasterMonday),
        39 => Some(Holiday::AscensionDay),
        49 => Some(Holiday::Whitsunday),
        _ => None,
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday to Friday and not a holiday (Midsummer Eve and Christmas Eve included).
pub fn is_working_day(day: NaiveDate) -> bool {
    !is_weekend(day) && holiday(day).is_none()
}

/// `day` itself when it is a working day, otherwise the next working day.
pub fn next_working_day_from(day: NaiveDate) -> NaiveDate {
    let mut d = day;
    while !is_working_day(d) {
        d = d.succ_opt().expect("a date before the end of chrono's range");
    }
    d
}

/// Holidays on Monday to Friday in `(after, until]`.
fn weekday_holidays_between(after: NaiveDate, until: NaiveDate) -> u32 {
    let mut n = 0;
    for year in after.year()..=until.year() {
        let mut last = None;
        for (d, _) in holiday_array(year) {
            // Two holidays may share a day (Ascension Day on May Day in 2008): count days.
            if after < d && d <= until && !is_weekend(d) && last != Some(d) {
                n += 1;
            }
            last = Some(d);
        }
    }
    n
}

/// The `n`-th working day after `start` (the day of receipt is not counted).
/// `n = 0` is `start` itself when it is a working day, otherwise the next one.
///
/// Whole weeks are skipped at once (any seven days in a row hold five weekdays),
/// so the cost grows with the number of holidays passed, not with `n`.
pub fn add_working_days(start: NaiveDate, n: u32) -> NaiveDate {
    if n == 0 {
        return next_working_day_from(start);
    }
    let mut cur = start;
    let mut left = n;
    // Keep at least one working day for the walk at the end, which lands on a working day.
    while left > 5 {
        let weeks = (left - 1) / 5;
        let end = cur + Days::new(7 * u64::from(weeks));
        // Five working days a week less the holidays on weekdays; never negative
        // (a week holds at most three weekday holidays), so `left` shrinks.
        left = left - 5 * weeks + weekday_holidays_between(cur, end);
        cur = end;
    }
    while left > 0 {
        cur = cur.succ_opt().expect("a date before the end of chrono's range");
        if is_working_day(cur) {
            left -= 1;
        }
    }
    cur
}

/// The number of working days in `(after, until]` (0 when `until <= after`).
pub fn working_days_between(after: NaiveDate, until: NaiveDate) -> u32 {
    if until <= after {
        return 0;
    }
    let days = (until - after).num_days() as u32;
    let (weeks, rest) = (days / 7, days % 7);
    let mut weekdays = 5 * weeks;
    let mut d = after + Days::new(7 * u64::from(weeks));
    for _ in 0..rest {
        d = d.succ_opt().expect("a date before the end of chrono's range");
        if !is_weekend(d) {
            weekdays += 1;
        }
    }
    weekdays - weekday_holidays_between(after, until)
}

/// `n` calendar days after `start`, moved to the next working day if it is not one.
pub fn add_days(start: NaiveDate, n: u32) -> NaiveDate {
    next_working_day_from(start + Days::new(u64::from(n)))
}

/// `n` weeks after `start` (the same weekday), moved to the next working day if it is not one.
pub fn add_weeks(start: NaiveDate, n: u32) -> NaiveDate {
    add_days(start, 7 * n)
}

/// `n` calendar months after `start`, the day clamped to the month's last day
/// (31 January + 1 month = 28 or 29 February), moved to the next working day if it is not one.
pub fn add_months(start: NaiveDate, n: u32) -> NaiveDate {
    next_working_day_from(start.checked_add_months(Months::new(n)).expect("a date before the end of chrono's range"))
}

#[cfg(test)]
mod tests;
