//! Rule files: broken ones in `tests/cases/` say what must be found where
//! (`# expect: line:col [warning] text`), and the demo county's real rule
//! book in `data/rules/` must be clean.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use domain::text::Lang;
use rules::book::Status;
use rules::check::{Known, check};
use rules::facts::Fact;
use rules::person::{Person, Value};
use rules::{Diagnostic, RuleBook};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn county() -> BTreeSet<u16> {
    [18, 407, 434, 504, 616, 638, 753].into()
}

fn read_dir(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rules") {
                let name = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.push((name, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn findings(files: &[(String, String)], known: &Known) -> (RuleBook, Vec<Diagnostic>) {
    let (book, mut diags) = RuleBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    diags.extend(check(&book.rules, known));
    (book, diags)
}

#[test]
fn broken_files_are_reported_where_they_break() {
    let known = Known { services: ["svc-home-care".to_owned()].into(), municipalities: county() };
    let cases = read_dir(&repo().join("crates/rules/tests/cases"));
    assert!(cases.len() >= 3);
    for (name, source) in &cases {
        let (_, diags) = findings(&[(name.clone(), source.clone())], &known);
        let shown: Vec<String> = diags
            .iter()
            .map(|d| format!("{}:{} {}{}", d.line, d.col, if d.is_error() { "" } else { "warning " }, d.message))
            .collect();
        let expected: Vec<&str> = source.lines().filter_map(|l| l.strip_prefix("# expect: ")).collect();
        for e in &expected {
            let (pos, text) = e.split_once(' ').unwrap();
            assert!(
                shown.iter().any(|s| s.starts_with(&format!("{pos} ")) && s.contains(text)),
                "{name}: expected `{e}`, found:\n{}",
                shown.join("\n")
            );
        }
        for s in &shown {
            assert!(
                expected.iter().any(|e| {
                    let (pos, text) = e.split_once(' ').unwrap();
                    s.starts_with(&format!("{pos} ")) && s.contains(text)
                }),
                "{name}: unexpected finding `{s}`"
            );
        }
        assert!(diags.iter().all(|d| d.file == *name));
    }
}

fn demo_services() -> BTreeSet<String> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("data/demo/services.json")).unwrap()).unwrap();
    json["services"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect()
}

fn demo_book() -> RuleBook {
    let files = read_dir(&repo().join("data/rules"));
    let (book, diags) = findings(&files, &Known { services: demo_services(), municipalities: county() });
    let shown: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(shown.is_empty(), "the demo rules have findings:\n{}", shown.join("\n"));
    book
}

#[test]
fn demo_rule_book_is_clean_and_really_differs() {
    let book = demo_book();
    let today: Vec<_> = book.rules.iter().filter(|r| r.set == rules::TODAY).collect();
    let services: BTreeSet<&str> = today.iter().map(|r| r.service.as_str()).collect();
    assert!(services.len() >= 15, "{} services", services.len());
    // Every municipality has its own criteria, and for most services they differ.
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let scenario = book.scenario(None, day).unwrap();
    let differing = scenario
        .services
        .iter()
        .filter(|s| {
            let conds: BTreeSet<String> = s.rules().map(|r| format!("{:?}", r.when.node)).collect();
            s.local.len() == 7 && conds.len() > 1
        })
        .count();
    assert!(differing >= 12, "only {differing} services differ between municipalities");
    assert!(book.proposals().count() >= 2);
    for p in book.proposals() {
        assert!(!p.title.is_empty(), "{} has no title", p.name);
        book.scenario(Some(&p.name), day).unwrap();
    }
}

#[test]
fn one_person_decisions_explain_and_never_silently_refuse() {
    let book = demo_book();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let scenario = book.scenario(None, day).unwrap();
    // An old person in Porvoo with a high care need, nothing else known.
    let person = Person::default()
        .with(Fact::Age, Value::Number(88.0))
        .with(Fact::Municipality, Value::Choice(638))
        .with(Fact::RaiMaple, Value::Number(5.0));
    let decisions = scenario.decide(&person, Lang::Sv);
    assert_eq!(decisions.len(), scenario.services.len());
    for d in &decisions {
        let e = d.explanation.as_ref().expect("Porvoo has criteria for every demo service");
        assert!(!e.text.is_empty());
        match d.status {
            // A "cannot tell" names the facts that would decide it, and they are facts the person lacks.
            Status::CannotTell => {
                assert!(!d.missing.is_empty(), "{} cannot tell without naming a fact", d.service);
                for m in &d.missing {
                    assert!(person.get(Fact::from_name(m).unwrap()).is_none(), "{m} is known");
                }
            }
            _ => assert!(d.missing.is_empty()),
        }
    }
    assert!(decisions.iter().any(|d| d.status == Status::CannotTell));
    // Without a municipality, services whose criteria differ cannot be told.
    let nowhere = Person::default().with(Fact::Age, Value::Number(88.0));
    let d = scenario.decide(&nowhere, Lang::En);
    assert!(d.iter().all(|d| d.status == Status::CannotTell && d.missing == ["municipality"]));
}
