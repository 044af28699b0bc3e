use super::*;
use crate::segment::{Segment, segment};
use serde_json::json;

const URGENCY: &str = include_str!("../../../../data/navigation/urgency.toml");
const SHIPPED: [(&str, &str); 3] = [
    ("general-adult.toml", include_str!("../../../../data/navigation/questionnaires/general-adult.toml")),
    ("families.toml", include_str!("../../../../data/navigation/questionnaires/families.toml")),
    ("older-people.toml", include_str!("../../../../data/navigation/questionnaires/older-people.toml")),
];

fn table() -> UrgencyTable {
    UrgencyTable::parse("urgency.toml", URGENCY).unwrap()
}

fn shipped(name: &str) -> Questionnaire {
    let (file, source) = SHIPPED.iter().find(|(f, _)| f.starts_with(name)).unwrap();
    Questionnaire::parse(file, source).unwrap()
}

fn answers(pairs: &[(&str, Json)]) -> Answers {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

#[test]
fn the_shipped_questionnaires_check_clean() {
    let table = table();
    assert_eq!(table.codes(), ["P0", "P1", "P2", "P3", "P4", "L2", "L3", "L4"]);
    for (file, source) in SHIPPED {
        let q = Questionnaire::parse(file, source).unwrap_or_else(|e| panic!("{e}"));
        let problems = q.check(file, &table);
        assert!(problems.is_empty(), "{file}: {problems:#?}");
    }
    assert!(shipped("general-adult").self_service, "a resident fills in the general screen alone");
    assert!(!shipped("older-people").self_service);
}

#[test]
fn a_frail_older_person_living_alone() {
    let q = shipped("older-people");
    let mut a = answers(&[
        ("acute", json!("no")),
        ("age", json!(84)),
        ("lives_alone", json!("yes")),
        ("memory", json!("somewhat")),
        ("orientation", json!("sometimes")),
        ("lonely_companionship", json!("often")),
        ("lonely_left_out", json!("some_of_the_time")),
        ("lonely_isolated", json!("often")),
        ("has_carer", json!("no")),
        ("falls", json!("two_or_more")),
        ("care_allowance", json!("raised")),
        ("rai_done", json!("no")),
        ("travel_mode", json!("car")),
        ("accessibility_need", json!("rollator")),
    ]);
    for item in ["adl_bathing", "adl_dressing", "adl_transfer", "iadl_meals", "iadl_shopping", "iadl_housework"] {
        a.insert(item.into(), json!("full_help"));
    }
    for item in ["adl_toilet", "adl_eating", "iadl_medication", "iadl_finances"] {
        a.insert(item.into(), json!("some_help"));
    }
    q.check_answers(&a).unwrap();
    let e = q.evaluate(&a);
    assert!(e.complete(), "{:?}", e.unanswered);
    assert!(!e.asked.contains(&"carer_load".to_owned()), "no carer: not asked");
    assert_eq!(e.scores["adl"], 8.0);
    assert_eq!(e.scores["iadl"], 8.0);
    assert_eq!(e.scores["cognition"], 3.0);
    assert_eq!(e.scores["loneliness"], 5.0);
    let facts: BTreeMap<&str, &Json> = e.facts.iter().map(|f| (f.fact.name(), &f.value)).collect();
    assert_eq!(facts["age"], &json!(84));
    assert_eq!(facts["lives_alone"], &json!(true));
    assert_eq!(facts["adl_h"], &json!(4), "ADL 8 of 10: band 7 → ADL-H 4");
    assert_eq!(facts["cps"], &json!(2), "cognition 3 of 6: band 2 → CPS 2");
    assert_eq!(facts["care_allowance"], &json!(2));
    assert_eq!(facts["has_informal_carer"], &json!(false));
    assert!(!facts.contains_key("rai_maple"), "no RAI done: no MAPLe");
    assert_eq!(e.urgency, "P4", "lives alone with ADL ≥ 7");
    let s = segment(&q.segment, &e.scores);
    assert_eq!((s.segment, s.coping_difficulty, s.need), (Segment::Care, 19.0, 9.0));
    let suggested: Vec<&str> = e.suggestions.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(suggested, ["svc-senior-day-activities", "svc-physiotherapy", "svc-memory-clinic"]);
    assert!(e.contradictions.is_empty());
}

#[test]
fn branching_drops_answers_no_longer_asked_and_half_answers_stay_incomplete() {
    let q = shipped("older-people");
    let a = answers(&[("has_carer", json!("yes")), ("carer_load", json!("too_heavy"))]);
    let e = q.evaluate(&a);
    assert!(e.asked.contains(&"carer_load".to_owned()));
    assert_eq!(e.scores["carer_load"], 4.0);
    assert_eq!(e.urgency, "P4", "the carer's load is too heavy");
    assert!(!e.complete());
    assert!(e.unanswered.contains(&"carer_breaks".to_owned()));
    // The same answers after `has_carer` changed: the carer's load is not asked, nor counted.
    let a = answers(&[("has_carer", json!("no")), ("carer_load", json!("too_heavy"))]);
    let e = q.evaluate(&a);
    assert!(!e.asked.contains(&"carer_load".to_owned()));
    assert_eq!(e.scores["carer_load"], 0.0);
    assert_eq!(e.urgency, "L2", "the default class");
    // A dimension's fact waits until every asked question of it is answered.
    assert!(e.facts.iter().all(|f| f.fact.name() != "adl_h"));
}

#[test]
fn contradictions_are_flagged() {
    let q = shipped("older-people");
    let a = answers(&[("adl_transfer", json!("full_help")), ("iadl_shopping", json!("independent"))]);
    let ids: Vec<String> = q.evaluate(&a).contradictions.into_iter().map(|c| c.id).collect();
    assert_eq!(ids, ["bedbound_but_shops"]);
    let f = shipped("families");
    let a = answers(&[("children", json!(0)), ("single_parent", json!("yes"))]);
    let e = f.evaluate(&a);
    assert_eq!(e.contradictions[0].id, "single_parent_without_children");
    assert!(!e.asked.contains(&"youngest_age".to_owned()), "no children: the youngest's age is not asked");
}

#[test]
fn urgency_rules_first_match_wins() {
    let q = shipped("general-adult");
    let e = q.evaluate(&answers(&[("acute", json!("emergency")), ("safe_at_home", json!("no"))]));
    assert_eq!(e.urgency, "P0");
    let e = q.evaluate(&answers(&[("acute", json!("no")), ("safe_at_home", json!("no"))]));
    assert_eq!(e.urgency, "P2");
    assert_eq!(e.urgency_reason.unwrap().en, "Does not feel safe at home: contact the same day.");
    let f = shipped("families");
    let e = f.evaluate(&answers(&[("children", json!(2)), ("special_support", json!("yes"))]));
    assert_eq!(e.urgency, "L2");
}

#[test]
fn answers_that_do_not_fit_are_refused_with_the_question_named() {
    let q = shipped("general-adult");
    let err = |pairs: &[(&str, Json)]| q.check_answers(&answers(pairs)).unwrap_err().to_string();
    assert_eq!(err(&[("age", json!(12))]), "age: 12 is outside 18–120");
    assert_eq!(err(&[("age", json!("old"))]), "age: the answer is a number, not \"old\"");
    assert_eq!(
        err(&[("lonely", json!("daily"))]),
        "lonely: the answer is one of never, sometimes, often, always, not \"daily\""
    );
    assert_eq!(err(&[("goes_out", json!(true))]), "goes_out: the answer is one of yes, no, not true");
    assert_eq!(
        err(&[("favourite_colour", json!("red"))]),
        "favourite_colour: the questionnaire general-adult has no such question"
    );
}

#[test]
fn the_checker_names_each_fault() {
    let good = SHIPPED[0].1;
    let cases = [
        (
            good.replace("show_if = { question = \"goes_out\"", "show_if = { question = \"income\""),
            "no earlier question `income`",
        ),
        (
            good.replace("fact = \"lives_alone\"", "fact = \"lives_alone_now\""),
            "the rules engine has no fact `lives_alone_now`",
        ),
        (good.replace("class = \"P2\"", "class = \"P9\""), "no urgency class `P9`"),
        (good.replace("sv = \"Ålder\"", "sv = \"\""), "a text is needed in fi, sv and en"),
        (
            good.replace("equals = \"emergency\" }\nreason", "equals = \"emergncy\" }\nreason"),
            "`emergncy` is not an answer of `acute`",
        ),
        (
            good.replace("dimension = \"livelihood\"\nscore_no", "dimension = \"money\"\nscore_no"),
            "no dimension `money`",
        ),
        (good.replace("values = { alone = true,", "values = { alone = 3,"), "`lives_alone` must be true or false"),
    ];
    for (source, expected) in cases {
        assert_ne!(source, good, "the case changes the file: {expected}");
        let q = Questionnaire::parse("x.toml", &source).unwrap();
        let problems: Vec<String> = q.check("x.toml", &table()).iter().map(|p| p.to_string()).collect();
        assert!(problems.iter().any(|p| p.contains(expected)), "{expected}: {problems:#?}");
    }
}

#[test]
fn syntax_errors_name_line_and_column() {
    let source = "id = \"x\"\nversion = \"one\"\n";
    match Questionnaire::parse("x.toml", source) {
        Err(NavigationError::Syntax { line, col, message, .. }) => {
            assert_eq!((line, col), (2, 11), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_questions_that_settle_a_fact() {
    let q = shipped("older-people");
    let ids: Vec<&str> = q.settles(rules::facts::Fact::AdlH).iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["adl_bathing", "adl_dressing", "adl_toilet", "adl_transfer", "adl_eating"]);
    assert_eq!(q.settles(rules::facts::Fact::RaiMaple)[0].id, "rai_maple");
    assert!(q.settles(rules::facts::Fact::Income).is_empty());
}
