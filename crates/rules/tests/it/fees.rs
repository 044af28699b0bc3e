//! Client fees: the shipped fee files against worked examples, and the
//! findings on broken fee files (with line and column).

use std::path::Path;

use chrono::NaiveDate;
use domain::text::Lang;
use rules::fees::{FeeBook, FeeError, FeeInput, FeeKind};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn shipped() -> FeeBook {
    let dir = repo().join("data/rules/fees");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "fees") {
            files.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    files.sort();
    let (book, diags) = FeeBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    assert!(diags.is_empty(), "{diags:?}");
    book
}

#[test]
fn shipped_fees_give_the_worked_examples() {
    let book = shipped();
    let examples =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fee-examples.tsv")).unwrap();
    let mut n = 0;
    for line in examples.lines().filter(|l| !l.starts_with('#') && !l.starts_with("day\t") && !l.is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let day: NaiveDate = f[0].parse().unwrap();
        let amount: f64 = f[4].parse().unwrap();
        let input = FeeInput {
            household_size: f[2].parse().unwrap(),
            income: f[3].parse().unwrap(),
            hours_per_month: amount,
            units_per_month: amount,
        };
        let out = book.fee(f[1], day, &input, Lang::En).unwrap();
        let expected: f64 = f[5].parse().unwrap();
        assert!((out.monthly_fee - expected).abs() < 0.005, "{line}: got {}", out.monthly_fee);
        // The last line of the calculation states the fee; the basis is always given.
        assert!(out.lines.iter().any(|l| l.amount == Some(out.monthly_fee)), "{line}: {:?}", out.lines);
        assert!(out.lines.iter().any(|l| l.text.contains("734/1992")), "{line}");
        n += 1;
    }
    assert_eq!(n, 15);
}

#[test]
fn every_service_has_a_fee_dated_2025_and_2026_each_with_its_basis() {
    let book = shipped();
    for service in ["svc-home-care", "svc-community-housing"] {
        for day in ["2025-01-01", "2025-12-31", "2026-01-01", "2026-12-31"] {
            let fee = book.in_force(service, day.parse().unwrap()).unwrap_or_else(|| panic!("{service} {day}"));
            assert!(fee.basis.contains("10 e §"), "{}", fee.basis);
            assert!(!fee.source.is_empty());
            assert!(matches!(fee.kind, FeeKind::IncomeBased { .. }));
        }
    }
}

#[test]
fn explanations_in_three_languages_and_unverified_figures_said_so() {
    let book = shipped();
    let input = FeeInput { household_size: 1, income: 1500.0, hours_per_month: 20.0, units_per_month: 0.0 };
    let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let fi = book.fee("svc-home-care", day, &input, Lang::Fi).unwrap();
    let sv = book.fee("svc-home-care", day, &input, Lang::Sv).unwrap();
    let en = book.fee("svc-home-care", day, &input, Lang::En).unwrap();
    assert_eq!(fi.monthly_fee, en.monthly_fee);
    assert!(fi.lines[1].text.starts_with("Tuloraja"), "{:?}", fi.lines);
    assert!(sv.lines[1].text.starts_with("Inkomstgräns"), "{:?}", sv.lines);
    assert!(en.lines[4].text.contains("26\u{a0}% × €801.00"), "{:?}", en.lines);
    assert!(!en.verified);
    assert!(en.lines.last().unwrap().text.contains("not been checked"));
    let verified = book.fee("svc-home-care", NaiveDate::from_ymd_opt(2021, 8, 1).unwrap(), &input, Lang::Fi).unwrap();
    assert!(verified.verified);
    assert!(!verified.lines.last().unwrap().text.contains("tarkistettu"));
}

#[test]
fn bad_requests_are_named() {
    let book = shipped();
    let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let ask = |size, income: f64, hours: f64| {
        book.fee(
            "svc-home-care",
            day,
            &FeeInput { household_size: size, income, hours_per_month: hours, units_per_month: 0.0 },
            Lang::En,
        )
    };
    assert!(matches!(ask(0, 1000.0, 10.0), Err(FeeError::Invalid { field: "household_size", .. })));
    assert!(matches!(ask(1, -1.0, 10.0), Err(FeeError::Invalid { field: "income", .. })));
    assert!(matches!(ask(1, f64::NAN, 10.0), Err(FeeError::Invalid { field: "income", .. })));
    assert!(matches!(ask(1, 1000.0, -3.0), Err(FeeError::Invalid { field: "hours_per_month", .. })));
    let none = book.fee("svc-meal-service", day, &FeeInput { household_size: 1, ..Default::default() }, Lang::En);
    assert!(matches!(none, Err(FeeError::NoFee { .. })));
}

#[test]
fn broken_fee_files_are_refused_with_line_and_column() {
    let good = "fee a.1\n  service svc-a\n  valid 2025-01-01 .. 2025-12-31\n  basis \"734/1992 10 e §\"\n  verified yes\n  kind fixed\n  amount 10\n  per visit\n";
    let (book, diags) = FeeBook::parse([("a.fees", good)]);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(book.fees.len(), 1);

    let cases: &[(&str, &str, u32, u32)] = &[
        // No legal basis.
        (
            "fee a.1\n  service svc-a\n  valid 2025-01-01 ..\n  verified yes\n  kind fixed\n  amount 1\n  per day\n",
            "legal basis",
            1,
            1,
        ),
        // An unquoted basis.
        ("fee a.1\n  basis 734/1992\n", "quoted text", 2, 9),
        // A bad date.
        ("fee a.1\n  valid 2025-13-01 ..\n", "not a date", 2, 9),
        // A percentage over 100 in the table.
        ("fee a.1\n  percent by-hours\n    4 8 120\n", "percentage 0–100", 3, 9),
        // Rows of the wrong length.
        (
            "fee a.1\n  service svc-a\n  valid 2025-01-01 ..\n  basis \"b\"\n  verified no\n  kind income-based\n  limits 500 900\n  percent by-hours\n    4 8\n",
            "1 percentages for 2 income limits",
            9,
            5,
        ),
        // Unknown line.
        ("fee a.1\n  colour red\n", "unknown line `colour`", 2, 3),
        // Unclosed quote.
        ("fee a.1\n  basis \"734\n", "no closing quote", 2, 9),
    ];
    for (src, msg, line, col) in cases {
        let (_, diags) = FeeBook::parse([("x.fees", *src)]);
        let d = diags.iter().find(|d| d.message.contains(msg)).unwrap_or_else(|| panic!("{msg}: {diags:?}"));
        assert_eq!((d.line, d.col), (*line, *col), "{msg}: {d}");
        assert!(d.is_error());
    }

    // Overlapping dates for one service, across files: the later fee's `valid` line is named.
    let other = good.replace("fee a.1", "fee a.2").replace("2025-01-01 .. 2025-12-31", "2025-06-01 ..");
    let (_, diags) = FeeBook::parse([("a.fees", good), ("b.fees", other.as_str())]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!((diags[0].file.as_str(), diags[0].line, diags[0].col), ("b.fees", 3, 9));
    assert!(diags[0].message.contains("overlaps"), "{}", diags[0]);
}

#[test]
fn the_simulators_fee_column_is_each_persons_fee() {
    use rules::facts::Fact;
    use rules::simulate::{HOURS_BY_MAPLE, fee_column};
    let book = shipped();
    let table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/population/demo-county-age-sex.tsv"))
            .unwrap();
    let people = rules::population::generate_vec(
        &rules::population::scale(&rules::population::parse_age_sex(&table).unwrap(), 3_000),
        11,
    );
    let pop = rules::columns::Population::from_persons(&people);
    let fee = book.in_force("svc-home-care", NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()).unwrap();
    let column = fee_column(fee, &pop);
    let mut charged = 0;
    for (row, &i) in pop.order.iter().enumerate() {
        let p = &people[i as usize];
        let hours = HOURS_BY_MAPLE[p.number(Fact::RaiMaple).unwrap() as usize - 1] as f64;
        let direct = fee.monthly(
            p.number(Fact::HouseholdSize).unwrap() as u32,
            p.number(Fact::Income).unwrap() as f64,
            hours,
            0.0,
        );
        assert!((column[row] as f64 - direct).abs() < 0.01, "row {row}: {} vs {direct}", column[row]);
        charged += usize::from(direct > 0.0);
    }
    assert!(charged > 1_000, "most households are above the income limit: {charged}");
}
