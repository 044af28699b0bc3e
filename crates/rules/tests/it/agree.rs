//! Property: the per-person interpreter and the column-wise evaluator give
//! every person the same answer, for random rules and random people
//! (including unknown and not-applicable facts and unknown municipalities).

use chrono::NaiveDate;
use proptest::prelude::*;
use rules::ast::{Area, Cond, Node, Op, Right, Rule, Span};
use rules::book::Status;
use rules::columns::{Population, evaluate, evaluate_in_parts};
use rules::facts::{Fact, Kind, choices};
use rules::person::{Person, Value};
use rules::simulate::simulate;
use rules::{RuleBook, TODAY};

const MUNICIPALITIES: [u16; 3] = [18, 434, 638];

fn leaf() -> impl Strategy<Value = Node> {
    (0..Fact::ALL.len(), 0..6usize, 0.0f32..1.0, proptest::collection::vec(0u16..8, 1..3), any::<bool>()).prop_map(
        |(f, op, x, codes, b)| {
            let fact = Fact::ALL[f];
            match fact.kind() {
                Kind::Number { min, max } => {
                    let op = [Op::Ge, Op::Gt, Op::Le, Op::Lt, Op::Eq, Op::Ne][op];
                    // Round to whole numbers often, so that equality can hit.
                    let v = min + (max.min(130.0) - min) * x;
                    let value = if op == Op::Eq || x < 0.5 { v.round() } else { v };
                    Node::Cmp { fact, op, value }
                }
                Kind::Flag => Node::Flag { fact, value: b },
                Kind::Choice => {
                    let codes = if fact.is_municipality() {
                        codes.iter().map(|c| MUNICIPALITIES[*c as usize % 3]).collect()
                    } else {
                        let n = choices(fact).len() as u16;
                        codes.iter().map(|c| c % n).collect()
                    };
                    Node::In { fact, codes, negated: b }
                }
            }
        },
    )
}

fn cond() -> impl Strategy<Value = Cond> {
    let leaf = leaf().prop_map(|node| Cond { node, span: Span::default(), text: None });
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|cs| Cond {
                node: Node::All(cs),
                span: Span::default(),
                text: None
            }),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|cs| Cond {
                node: Node::Any(cs),
                span: Span::default(),
                text: None
            }),
            inner.prop_map(|c| Cond { node: Node::Not(Box::new(c)), span: Span::default(), text: None }),
        ]
    })
}

fn person() -> impl Strategy<Value = Person> {
    proptest::collection::vec((any::<bool>(), 0.0f32..1.0, 0u16..8), Fact::ALL.len()).prop_map(|draws| {
        let mut p = Person::default();
        for (fact, (known, x, c)) in Fact::ALL.iter().zip(draws) {
            if !known && x < 0.7 {
                continue; // about a third of facts unknown
            }
            let v = match fact.kind() {
                Kind::Number { min, max } => {
                    let v = min + (max.min(130.0) - min) * x;
                    Value::Number(if c % 2 == 0 { v.round() } else { v })
                }
                Kind::Flag => Value::Flag(c % 2 == 0),
                Kind::Choice if fact.is_municipality() => Value::Choice(MUNICIPALITIES[c as usize % 3]),
                Kind::Choice => Value::Choice(c % choices(*fact).len() as u16),
            };
            p.set(*fact, Some(v));
        }
        if p.number(Fact::Children) == Some(0.0) {
            p.set(Fact::YoungestChildAge, Some(Value::NotApplicable));
        }
        p
    })
}

fn rule(id: &str, set: &str, area: Area, when: Cond) -> Rule {
    Rule {
        id: id.to_owned(),
        set: set.to_owned(),
        file: "generated".to_owned(),
        span: Span::default(),
        service: format!("svc-{}", &id[..1]),
        service_span: Span::default(),
        area,
        area_span: Span::default(),
        valid_from: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        valid_to: None,
        valid_span: Span::default(),
        basis: "test".to_owned(),
        right: Right::Appropriation,
        cost: Some(1000.0),
        take_up: Some(0.5),
        when,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn per_person_and_column_wise_agree(
        a in cond(), b in cond(), c in cond(), d in cond(),
        people in proptest::collection::vec(person(), 1..300),
    ) {
        // Service a: local rules in two municipalities; service b: one county rule;
        // a proposal replaces a with a county rule.
        let book = RuleBook {
            sets: Default::default(),
            rules: vec![
                rule("a1", TODAY, Area::Municipality(18), a.clone()),
                rule("a2", TODAY, Area::Municipality(638), b),
                rule("b1", TODAY, Area::County, c),
                rule("a9", "p", Area::County, d),
            ],
        };
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let pop = Population::from_persons(&people);
        for proposal in [None, Some("p")] {
            let scenario = book.scenario(proposal, day).unwrap();
            let results = evaluate(&scenario, &pop);
            let mut statuses = Vec::new();
            for row in 0..pop.len() {
                let person = &people[pop.order[row] as usize];
                scenario.statuses(person, &mut statuses);
                for (s, res) in statuses.iter().zip(&results) {
                    let columns = if !res.covered.get(row) {
                        Status::NoRule
                    } else if res.eligible.get(row) {
                        Status::Eligible
                    } else if res.cannot_tell.get(row) {
                        Status::CannotTell
                    } else {
                        Status::NotEligible
                    };
                    prop_assert_eq!(*s, columns, "row {} person {:?}", row, person);
                }
                // The explained decision says the same as the fast one.
                let explained = scenario.decide(person, domain::text::Lang::Fi);
                let fast: Vec<Status> = explained.iter().map(|d| d.status).collect();
                prop_assert_eq!(&fast, &statuses);
            }
        }
        // The simulator's counts add up: after = before + gained - lost, per group.
        let sims = simulate(&book, day, &["p"], &pop).unwrap();
        for r in &sims[0].rows {
            prop_assert_eq!(r.eligible_after + r.lost, r.eligible_before + r.gained, "{:?}", r);
        }
        let total: u64 = sims[0].rows.iter().filter(|r| r.service == "svc-b").map(|r| r.eligible_after).sum();
        let direct = people.iter().filter(|p| {
            let mut st = Vec::new();
            book.scenario(Some("p"), day).unwrap().statuses(p, &mut st);
            st[1] == Status::Eligible
        }).count() as u64;
        prop_assert_eq!(total, direct);
        // Persons are counted once however many services they gain or lose (issue 19):
        // the same count from the per-person interpreter.
        let (mut gain_people, mut lose_people) = (0u64, 0u64);
        let (today, proposal) = (book.scenario(None, day).unwrap(), book.scenario(Some("p"), day).unwrap());
        for p in &people {
            let (mut before, mut after) = (Vec::new(), Vec::new());
            today.statuses(p, &mut before);
            proposal.statuses(p, &mut after);
            let eligible = |s: &Status| *s == Status::Eligible;
            let pairs: Vec<(bool, bool)> = before.iter().zip(&after).map(|(b, a)| (eligible(b), eligible(a))).collect();
            gain_people += u64::from(pairs.iter().any(|(b, a)| !b && *a));
            lose_people += u64::from(pairs.iter().any(|(b, a)| *b && !a));
        }
        prop_assert_eq!(sims[0].persons_total(), (gain_people, lose_people));
        let residents: u64 = sims[0].persons.iter().map(|r| r.residents).sum();
        prop_assert_eq!(residents, people.len() as u64);
    }
}

/// Threads over stretches of rows give the results of one thread, and those
/// are the per-person interpreter's: the shipped rules over a synthetic county
/// (blocks wholly inside one municipality, and municipalities' stretches cut
/// mid-block).
#[test]
fn any_number_of_parts_gives_the_same_results() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/rules/today");
    let files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let (book, diags) = RuleBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    assert!(diags.is_empty(), "{diags:?}");
    let table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/population/demo-county-age-sex.tsv"))
            .unwrap();
    let people = rules::population::generate_vec(
        &rules::population::scale(&rules::population::parse_age_sex(&table).unwrap(), 20_000),
        7,
    );
    let pop = Population::from_persons(&people);
    let scenario = book.scenario(None, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()).unwrap();
    let one = evaluate(&scenario, &pop);
    assert!(one.iter().any(|r| r.eligible.count(0..pop.len()) > 100), "some services have eligible people");
    let mut statuses = Vec::new();
    for row in 0..pop.len() {
        scenario.statuses(&people[pop.order[row] as usize], &mut statuses);
        for (service, (s, res)) in statuses.iter().zip(&one).enumerate() {
            let columns = match (res.covered.get(row), res.eligible.get(row), res.cannot_tell.get(row)) {
                (false, ..) => Status::NoRule,
                (true, true, _) => Status::Eligible,
                (true, false, true) => Status::CannotTell,
                (true, false, false) => Status::NotEligible,
            };
            assert_eq!(*s, columns, "row {row}, service {service}");
        }
    }
    for parts in [2, 3, 7, 1000] {
        assert!(evaluate_in_parts(&scenario, &pop, parts) == one, "{parts} parts");
    }
}
