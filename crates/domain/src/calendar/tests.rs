//! The calendar against known dates (Easter, Midsummer, All Saints' Day 2024–2030, the
//! whole of 2026), tables of working-day deadlines across holidays, and properties.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn easter_midsummer_and_all_saints_2024_to_2030() {
    // year, Easter Sunday, Midsummer Eve, All Saints' Day (computed independently
    // with python-dateutil's Easter and the rules of the Finnish calendar).
    let table = [
        (2024, "2024-03-31", "2024-06-21", "2024-11-02"),
        (2025, "2025-04-20", "2025-06-20", "2025-11-01"),
        (2026, "2026-04-05", "2026-06-19", "2026-10-31"),
        (2027, "2027-03-28", "2027-06-25", "2027-11-06"),
        (2028, "2028-04-16", "2028-06-23", "2028-11-04"),
        (2029, "2029-04-01", "2029-06-22", "2029-11-03"),
        (2030, "2030-04-21", "2030-06-21", "2030-11-02"),
    ];
    for (year, easter, eve, saints) in table {
        assert_eq!(easter_sunday(year), d(easter), "{year}");
        let hs = holidays(year);
        assert_eq!(hs.len(), 15, "{year}");
        let find = |h: Holiday| hs.iter().find(|(_, x)| *x == h).map(|(day, _)| *day).unwrap();
        assert_eq!(find(Holiday::MidsummerEve), d(eve), "{year}");
        assert_eq!(find(Holiday::MidsummerDay), d(eve) + Days::new(1), "{year}");
        assert_eq!(find(Holiday::AllSaintsDay), d(saints), "{year}");
        assert_eq!(find(Holiday::AscensionDay), d(easter) + Days::new(39), "{year}");
        assert_eq!(find(Holiday::AscensionDay).weekday(), Weekday::Thu, "{year}");
        // The list is in date order and agrees with `holiday` day by day.
        assert!(hs.windows(2).all(|w| w[0].0 < w[1].0), "{year}");
        let mut day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while day.year() == year {
            let listed = hs.iter().find(|(x, _)| *x == day).map(|(_, h)| *h);
            assert_eq!(holiday(day), listed, "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}

#[test]
fn the_holidays_of_2026() {
    let expected = [
        ("2026-01-01", Holiday::NewYearsDay),
        ("2026-01-06", Holiday::Epiphany),
        ("2026-04-03", Holiday::GoodFriday),
        ("2026-04-05", Holiday::EasterSunday),
        ("2026-04-06", Holiday::EasterMonday),
        ("2026-05-01", Holiday::MayDay),
        ("2026-05-14", Holiday::AscensionDay),
        ("2026-05-24", Holiday::Whitsunday),
        ("2026-06-19", Holiday::MidsummerEve),
        ("2026-06-20", Holiday::MidsummerDay),
        ("2026-10-31", Holiday::AllSaintsDay),
        ("2026-12-06", Holiday::IndependenceDay),
        ("2026-12-24", Holiday::ChristmasEve),
        ("2026-12-25", Holiday::ChristmasDay),
        ("2026-12-26", Holiday::BoxingDay),
    ];
    let got = holidays(2026);
    assert_eq!(got, expected.iter().map(|(s, h)| (d(s), *h)).collect::<Vec<_>>());
    // 2026 has 365 days, 104 of them Saturdays or Sundays, and 9 holidays on weekdays (6.12. is a Sunday, 26.12. a Saturday).
    let first = d("2025-12-31");
    assert_eq!(working_days_between(first, d("2026-12-31")), 365 - 104 - 9);
}

#[test]
fn ascension_day_on_may_day_is_one_day_off() {
    // 2008: Easter 23 March, Ascension Day 1 May.
    assert_eq!(easter_sunday(2008), d("2008-03-23"));
    let may_first: Vec<Holiday> =
        holidays(2008).into_iter().filter(|(x, _)| *x == d("2008-05-01")).map(|(_, h)| h).collect();
    assert_eq!(may_first.len(), 2);
    assert_eq!(holiday(d("2008-05-01")), Some(Holiday::MayDay));
    // April 2008 to June 2008: one day off on 1 May, not two.
    assert_eq!(add_working_days(d("2008-04-30"), 1), d("2008-05-02"));
    assert_eq!(add_working_days(d("2008-04-25"), 10), d("2008-05-12"));
    assert_eq!(working_days_between(d("2008-04-30"), d("2008-05-02")), 1);
}

#[test]
fn names_in_three_languages() {
    assert_eq!(Holiday::MidsummerEve.name(Lang::Fi), "Juhannusaatto");
    assert_eq!(Holiday::MidsummerEve.name(Lang::Sv), "Midsommarafton");
    assert_eq!(Holiday::BoxingDay.name(Lang::En), "Boxing Day");
    for h in Holiday::ALL {
        for lang in Lang::ALL {
            assert!(!h.name(lang).is_empty());
        }
    }
}

#[test]
fn working_days() {
    assert!(is_working_day(d("2026-04-02"))); // Maundy Thursday is a working day
    assert!(!is_working_day(d("2026-04-03"))); // Good Friday
    assert!(!is_working_day(d("2026-06-19"))); // Midsummer Eve (150/1930 5 §)
    assert!(!is_working_day(d("2026-12-24"))); // Christmas Eve (150/1930 5 §)
    assert!(!is_working_day(d("2026-12-05"))); // a Saturday
    assert!(is_working_day(d("2026-12-31"))); // New Year's Eve is a working day
}

#[test]
fn add_working_days_across_holidays() {
    // start, n, expected (independently computed day by day; comments say why)
    let table = [
        ("2026-04-02", 1, "2026-04-07"), // Thursday before Easter: Good Friday and Easter Monday skipped
        ("2026-04-02", 7, "2026-04-15"),
        ("2026-04-01", 3, "2026-04-08"),
        ("2025-04-17", 7, "2025-04-30"),
        ("2030-04-18", 1, "2030-04-23"),
        ("2024-03-28", 5, "2024-04-08"),
        ("2026-12-23", 1, "2026-12-28"), // Christmas Eve, Christmas Day, the weekend
        ("2026-12-23", 7, "2027-01-07"), // also New Year's Day and Epiphany
        ("2024-12-20", 7, "2025-01-07"),
        ("2028-12-22", 3, "2028-12-29"),
        ("2026-12-04", 1, "2026-12-07"), // Independence Day on a Sunday changes nothing
        ("2026-12-04", 2, "2026-12-08"),
        ("2027-12-03", 1, "2027-12-07"), // Independence Day on a Monday
        ("2029-12-05", 1, "2029-12-07"), // Independence Day on a Thursday
        ("2026-06-18", 1, "2026-06-22"), // Midsummer Eve
        ("2025-05-28", 1, "2025-05-30"), // Ascension Day
        ("2026-12-31", 1, "2027-01-04"),
        ("2026-04-04", 0, "2026-04-07"), // n = 0 on a holiday weekend: the next working day
        ("2026-04-06", 0, "2026-04-07"),
        ("2026-04-07", 0, "2026-04-07"), // n = 0 on a working day: that day
    ];
    for (start, n, expected) in table {
        assert_eq!(add_working_days(d(start), n), d(expected), "{start} + {n} working days");
    }
}

#[test]
fn days_weeks_and_months_move_to_the_next_working_day() {
    assert_eq!(add_days(d("2026-12-10"), 14), d("2026-12-28")); // 24.12 → Monday 28.12
    assert_eq!(add_days(d("2026-04-01"), 14), d("2026-04-15"));
    assert_eq!(add_weeks(d("2026-03-30"), 1), d("2026-04-07")); // Easter Monday → Tuesday
    assert_eq!(add_weeks(d("2026-03-02"), 3), d("2026-03-23"));
    assert_eq!(add_months(d("2026-01-31"), 1), d("2026-03-02")); // 28.2. is a Saturday
    assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29")); // leap year, a Thursday
    assert_eq!(add_months(d("2026-09-24"), 3), d("2026-12-28")); // 24.12 → 28.12
    assert_eq!(add_months(d("2026-03-15"), 3), d("2026-06-15"));
    assert_eq!(add_months(d("2026-08-31"), 6), d("2027-03-01")); // 28.2.2027 is a Sunday
    assert_eq!(add_days(d("2026-05-05"), 0), d("2026-05-05"));
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    // 1990-01-01 .. about 2100
    (0u64..40_000).prop_map(|k| d("1990-01-01") + Days::new(k))
}

/// The definition, day by day.
fn naive_add_working_days(start: NaiveDate, n: u32) -> NaiveDate {
    if n == 0 {
        return next_working_day_from(start);
    }
    let (mut cur, mut left) = (start, n);
    while left > 0 {
        cur = cur.succ_opt().unwrap();
        if is_working_day(cur) {
            left -= 1;
        }
    }
    cur
}

proptest! {
    #[test]
    fn add_working_days_lands_on_a_working_day_after_exactly_n(start in any_day(), n in 0u32..400) {
        let end = add_working_days(start, n);
        prop_assert!(is_working_day(end));
        prop_assert_eq!(end, naive_add_working_days(start, n));
        if n > 0 {
            prop_assert!(end > start);
            prop_assert_eq!(working_days_between(start, end), n);
            // and the day before the result holds one fewer
            prop_assert_eq!(working_days_between(start, end.pred_opt().unwrap()), n - 1);
        } else if is_working_day(start) {
            prop_assert_eq!(end, start);
        } else {
            // the next working day: the first one after the start
            prop_assert_eq!(working_days_between(start, end), 1);
            prop_assert_eq!(end, add_working_days(start, 1));
        }
    }

    #[test]
    fn add_working_days_is_monotone(start in any_day(), n in 0u32..400) {
        // Strictly, except that n = 0 on a day off is the same day as n = 1.
        let (a, b) = (add_working_days(start, n), add_working_days(start, n + 1));
        prop_assert!(a < b || (n == 0 && !is_working_day(start) && a == b));
        let next = start.succ_opt().unwrap();
        prop_assert!(add_working_days(start, n) <= add_working_days(next, n));
    }

    #[test]
    fn calendar_limits_end_on_working_days_not_before_the_plain_date(start in any_day(), n in 0u32..60) {
        for (got, plain) in [
            (add_days(start, n), start + Days::new(u64::from(n))),
            (add_weeks(start, n), start + Days::new(7 * u64::from(n))),
            (add_months(start, n), start.checked_add_months(Months::new(n)).unwrap()),
        ] {
            prop_assert!(is_working_day(got));
            prop_assert!(got >= plain);
            // Moved only over non-working days.
            let mut x = plain;
            while x < got {
                prop_assert!(!is_working_day(x));
                x = x.succ_opt().unwrap();
            }
        }
    }
}
