//! Legal clocks: the shipped clock files read and checked without findings, worked
//! cases of one person's deadlines, and the findings on broken clock files (with
//! line and column).

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use rules::Person;
use rules::clocks::{Applies, ClockBook, Limit, MetBy, check_clocks};
use rules::facts::Fact;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn shipped_files() -> Vec<(String, String)> {
    let dir = repo().join("data/rules/clocks");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "clocks") {
            files.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    files.sort();
    files
}

fn shipped() -> ClockBook {
    let files = shipped_files();
    let (book, diags) = ClockBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    assert!(diags.is_empty(), "{diags:#?}");
    book
}

fn demo_services() -> BTreeSet<String> {
    let text = std::fs::read_to_string(repo().join("data/demo/services.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let list = json.as_array().or_else(|| json["services"].as_array()).expect("a list of services");
    list.iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn shipped_clocks_parse_and_check_against_the_demo_catalog() {
    let book = shipped();
    assert!(book.clocks.len() >= 20, "{}", book.clocks.len());
    assert!(check_clocks(&book.clocks, Some(&demo_services())).is_empty());
    let files = shipped_files();
    let pairs: Vec<(&str, &str)> = files.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect();
    assert!(ClockBook::from_files(&pairs).is_ok());
    for c in &book.clocks {
        assert!(!c.basis.is_empty() && !c.source.is_empty(), "{}", c.id);
        assert!(c.name.fi.is_some() && c.name.sv.is_some() && c.name.en.is_some(), "{}", c.id);
        // Unverified figures say why in their source.
        if !c.verified {
            assert!(c.source.contains("not") || c.source.contains("memory"), "{}: {}", c.id, c.source);
        }
    }
}

#[test]
fn worked_cases() {
    let book = shipped();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/clock-cases.tsv")).unwrap();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "{line}");
        let person = Person::from_json(&serde_json::from_str(f[1]).unwrap()).unwrap();
        let got: Vec<String> = book
            .deadlines(f[0], &person, day(f[2]))
            .iter()
            .map(|d| {
                let applies = match &d.applies {
                    Applies::Yes => "yes".to_owned(),
                    Applies::Maybe { missing } => {
                        format!("maybe:{}", missing.iter().map(|f| f.name()).collect::<Vec<_>>().join(","))
                    }
                };
                format!("{} {} {applies}", d.clock, d.due)
            })
            .collect();
        let expected: Vec<String> =
            if f[3] == "-" { vec![] } else { f[3].split(';').map(|s| s.trim().to_owned()).collect() };
        assert_eq!(got, expected, "{line}");
        n += 1;
    }
    assert_eq!(n, 16);
}

#[test]
fn a_deadline_carries_its_clock() {
    let book = shipped();
    let person = Person::default().with(Fact::Age, rules::person::Value::Number(80.0));
    let ds = book.deadlines("svc-home-care", &person, day("2026-04-02"));
    let d = &ds[0];
    assert_eq!(d.family, "social-assessment-start");
    assert_eq!(d.met_by, MetBy::InProgress);
    assert_eq!(d.met_by.as_str(), "in-progress");
    assert_eq!(d.limit, Limit::WorkingDays(7));
    assert_eq!(d.limit.to_string(), "7 working-days");
    assert!(d.basis.contains("1301/2014 36 §"));
    assert_eq!(d.name.en.as_deref(), Some("Service-need assessment started"));
    let json = serde_json::to_value(d).unwrap();
    assert_eq!(json["met_by"], "in-progress");
    assert_eq!(json["due"], "2026-04-15");
    assert_eq!(json["limit"], serde_json::json!({"unit": "working-days", "n": 7}));
    assert_eq!(json["applies"], serde_json::json!({"applies": "yes"}));
    let maybe = &book.deadlines("svc-doctor-appointment", &Person::default(), day("2026-03-02"))[1];
    assert_eq!(
        serde_json::to_value(&maybe.applies).unwrap(),
        serde_json::json!({"applies": "maybe", "missing": ["age"]})
    );
    assert_eq!([MetBy::Accepted.as_str(), MetBy::Completed.as_str()], ["accepted", "completed"]);
    // Outside every validity, nothing runs.
    assert!(book.deadlines("svc-disability-service-plan", &person, day("2009-08-31")).is_empty());
    assert!(book.deadlines("svc-no-such-service", &person, day("2026-01-01")).is_empty());
}

const GOOD: &str = r#"# a clock
clock social-assessment.75.2015
  family      social-assessment-start
  services    svc-home-care svc-meal-service
  valid       2015-04-01 ..
  basis       "Sosiaalihuoltolaki 1301/2014 36 § 2 mom."
  source      "Finlex"
  verified    yes
  met-by      in-progress
  limit       7 working-days
  name fi "Palvelutarpeen arviointi alkanut"
  name sv "Bedömningen av servicebehovet har inletts"
  name en "Service-need assessment started"
  when
    any
      age >= 75
      care_allowance >= 3
"#;

fn findings(files: &[(&str, &str)]) -> Vec<(String, u32, u32, String)> {
    let (_, diags) = ClockBook::parse(files.iter().copied());
    diags.into_iter().map(|d| (d.file, d.line, d.col, d.message)).collect()
}

#[test]
fn a_good_file_reads_whole() {
    let (book, diags) = ClockBook::parse([("a.clocks", GOOD)]);
    assert!(diags.is_empty(), "{diags:?}");
    let c = &book.clocks[0];
    assert_eq!(c.services, ["svc-home-care", "svc-meal-service"]);
    assert_eq!((c.limit, c.met_by, c.verified), (Limit::WorkingDays(7), MetBy::InProgress, true));
    assert_eq!((c.valid_span.line, c.valid_span.col), (5, 15));
    assert!(c.when.is_some());
}

#[test]
fn broken_files_are_found_with_line_and_column() {
    let cases: &[(&str, &str, u32, u32, &str)] = &[
        ("missing basis", "  basis       \"Sosiaalihuoltolaki 1301/2014 36 § 2 mom.\"\n", 2, 1, "has no `basis`"),
        ("unknown fact", "      age >= 75\n", 16, 7, "unknown fact `agee`"),
        ("bad limit unit", "  limit       7 working-days\n", 10, 17, "`fortnights` is not a unit"),
        ("zero days", "  limit       7 working-days\n", 10, 15, "a limit of 0 days"),
        (
            "bad met-by",
            "  met-by      in-progress\n",
            9,
            15,
            "`started`: expected `accepted`, `in-progress` or `completed`",
        ),
        ("a name missing", "  name sv \"Bedömningen av servicebehovet har inletts\"\n", 11, 3, "all three languages"),
        ("a fact out of range", "      care_allowance >= 3\n", 17, 25, "outside the range of `care_allowance`"),
    ];
    let replacement = |name: &str| match name {
        "missing basis" => "",
        "unknown fact" => "      agee >= 75\n",
        "bad limit unit" => "  limit       7 fortnights\n",
        "zero days" => "  limit       0 days\n",
        "bad met-by" => "  met-by      started\n",
        "a name missing" => "",
        _ => "      care_allowance >= 4\n",
    };
    for (name, line, want_line, want_col, want) in cases {
        assert!(GOOD.contains(line), "{name}");
        let src = GOOD.replace(line, replacement(name));
        let f = findings(&[("x.clocks", &src)]);
        let hit = f.iter().find(|(_, l, c, m)| (*l, *c) == (*want_line, *want_col) && m.contains(want));
        assert!(hit.is_some(), "{name}: {f:#?}");
        assert!(ClockBook::from_files(&[("x.clocks", &src)]).is_err(), "{name}");
    }
    // Conditions under `when` that can never hold together: found by the rule checker.
    let src = GOOD.replace("      care_allowance >= 3\n", "      care_allowance >= 3\n    age < 60\n    age >= 70\n");
    let f = findings(&[("x.clocks", &src)]);
    assert!(
        f.iter()
            .any(|(_, l, c, m)| (*l, *c) == (2, 1) && m.contains("clock `social-assessment.75.2015` can never match")),
        "{f:#?}"
    );
    assert!(f.iter().any(|(_, l, c, m)| (*l, *c) == (19, 5) && m.contains("can never hold")), "{f:#?}");
}

#[test]
fn versions_of_one_family_may_not_overlap_unless_their_conditions_exclude_each_other() {
    let later = GOOD
        .replace("social-assessment.75.2015", "social-assessment.75.2020")
        .replace("2015-04-01 ..", "2020-01-01 ..");
    let f = findings(&[("a.clocks", GOOD), ("b.clocks", &later)]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].0.as_str(), f[0].1, f[0].2), ("b.clocks", 5, 15));
    assert!(f[0].3.contains("overlaps that of `social-assessment.75.2015` (a.clocks:5)"), "{}", f[0].3);
    // Ending the first version the day before removes it.
    let ended = GOOD.replace("2015-04-01 ..", "2015-04-01 .. 2019-12-31");
    assert!(findings(&[("a.clocks", &ended), ("b.clocks", &later)]).is_empty());
    // Conditions that exclude each other (age >= 23, age < 23) may overlap.
    let cond = |id: &str, c: &str| {
        GOOD.replace("social-assessment.75.2015", id)
            .replace("    any\n      age >= 75\n      care_allowance >= 3\n", &format!("    {c}\n"))
    };
    let apart = findings(&[("a.clocks", &cond("a.adults", "age >= 23")), ("b.clocks", &cond("a.young", "age < 23"))]);
    assert!(apart.is_empty(), "{apart:#?}");
    let not_apart =
        findings(&[("a.clocks", &cond("a.adults", "age >= 23")), ("b.clocks", &cond("a.young", "age < 30"))]);
    assert_eq!(not_apart.len(), 1, "{not_apart:#?}");
    // Another family may overlap freely; the same id twice may not.
    let other = later.replace("family      social-assessment-start", "family      other");
    assert!(findings(&[("a.clocks", GOOD), ("b.clocks", &other)]).is_empty());
    let twice = findings(&[("a.clocks", GOOD), ("b.clocks", &GOOD.replace("2015-04-01 ..", "2030-01-01 .."))]);
    assert!(twice.iter().any(|f| f.3.contains("already used at a.clocks:2")), "{twice:#?}");
}

#[test]
fn unknown_services_and_zero_working_days() {
    let (book, diags) = ClockBook::parse([("a.clocks", GOOD)]);
    assert!(diags.is_empty());
    let known: BTreeSet<String> = ["svc-home-care".to_owned()].into();
    let f = check_clocks(&book.clocks, Some(&known));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].line, f[0].col), (4, 29));
    assert!(f[0].message.contains("unknown service `svc-meal-service`"));
    // 0 working-days is the same working day; no `when` applies to everyone.
    let same_day = GOOD
        .replace("7 working-days", "0 working-days")
        .replace("  when\n    any\n      age >= 75\n      care_allowance >= 3\n", "");
    let book = ClockBook::from_files(&[("a.clocks", &same_day)]).unwrap();
    let ds = book.deadlines("svc-meal-service", &Person::default(), day("2026-04-04"));
    assert_eq!(ds.len(), 1);
    assert_eq!((ds[0].due, &ds[0].applies), (day("2026-04-07"), &Applies::Yes));
}
