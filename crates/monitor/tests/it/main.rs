//! The indicators computed by the engine over small hand-made event sets, each figure
//! worked out by hand in the test.

use domain::event::{Channel, Event, Group, Kind, Language, day_no, parse_time};
use monitor::columns::{EventColumns, need_batch, population_batch};
use monitor::{Dim, Engine, Period, Slice, indicator};
use std::collections::HashMap;

fn ev(id: &str, kind: Kind, group: Group, at: &str, client: &str, age: u8, municipality: &str) -> Event {
    Event {
        id: id.into(),
        at: parse_time(at).unwrap(),
        kind,
        client: client.into(),
        age: Some(age),
        municipality: municipality.into(),
        area: None,
        language: Some(Language::Fi),
        group,
        service: None,
        unit: None,
        producer: None,
        professional: None,
        channel: Some(Channel::InPerson),
        urgent: None,
        started_at: None,
        status: None,
        value: None,
        cost: None,
        source: "test".into(),
    }
}

fn engine(events: &[Event]) -> Engine {
    let mut clients: HashMap<String, i32> = HashMap::new();
    let mut pros: HashMap<String, i32> = HashMap::new();
    let mut cols = EventColumns::new();
    for e in events {
        assert!(e.problems().is_empty(), "{} {:?}", e.id, e.problems());
        let n = clients.len() as i32;
        let c = (!e.client.is_empty()).then(|| *clients.entry(e.client.clone()).or_insert(n));
        let n = pros.len() as i32;
        let p = e.professional.as_ref().map(|x| *pros.entry(x.clone()).or_insert(n));
        cols.push(e, &e.derived(), c, p);
    }
    let population = population_batch(&[
        ("638".into(), 80, 60),
        ("638".into(), 40, 940),
        ("407".into(), 80, 10),
        ("407".into(), 40, 90),
    ]);
    let need = need_batch(&[("638".into(), 1.0), ("407".into(), 1.25)]);
    Engine::new(vec![cols.finish()], population, need, 2).unwrap()
}

/// The counts behind a county figure, before suppression.
async fn raw(e: &Engine, id: &str, slice: &Slice) -> (f64, f64) {
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::compute::cast;
    use datafusion::arrow::datatypes::{DataType, Float64Type};
    let batches = e.query(&monitor::indicators::sql(indicator(id).unwrap(), slice)).await.unwrap();
    let b = &batches[0];
    let n = |i: usize| cast(b.column(i), &DataType::Float64).unwrap().as_primitive::<Float64Type>().value(0);
    (n(1), n(2))
}

fn year(by: Vec<Dim>) -> Slice {
    Slice {
        by,
        period: None,
        from_day: day_no(parse_time("2026-01-01").unwrap().date()),
        to_day: day_no(parse_time("2026-12-31").unwrap().date()),
        filters: vec![],
    }
}

/// Six non-urgent visits in Porvoo, 5 within 14 days (one on day 14 exactly), one on day 15.
fn visits() -> Vec<Event> {
    let waits = [0, 3, 7, 14, 10, 15];
    waits
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let mut e = ev(
                &format!("v{i}"),
                Kind::Visit,
                Group::PrimaryDoctor,
                "2026-03-20T10:00",
                &format!("c{i}"),
                30,
                "638",
            );
            e.urgent = Some(false);
            e.started_at = Some(e.at - chrono::Duration::days(*w));
            e
        })
        .collect()
}

#[tokio::test]
async fn share_within_14_days_counts_day_14_in() {
    let e = engine(&visits());
    let t = e.compute(indicator("primary_visit_14d").unwrap(), &year(vec![])).await.unwrap();
    assert_eq!(t.cells.len(), 1);
    let c = &t.cells[0];
    assert_eq!((c.numerator, c.denominator), (Some(5.0), Some(6.0)));
    assert!((c.value.unwrap() - 500.0 / 6.0).abs() < 1e-9);
}

#[tokio::test]
async fn small_numbers_are_suppressed_by_municipality() {
    let mut events = visits();
    // Two visits in Lapinjärvi: fewer than five, so not shown.
    for i in 0..2 {
        let mut e =
            ev(&format!("l{i}"), Kind::Visit, Group::PrimaryNurse, "2026-03-20T10:00", &format!("l{i}"), 30, "407");
        e.urgent = Some(false);
        e.started_at = Some(e.at);
        events.push(e);
    }
    let e = engine(&events);
    let t = e.compute(indicator("primary_visit_14d").unwrap(), &year(vec![Dim::Municipality])).await.unwrap();
    let by: HashMap<&str, &monitor::Cell> = t.cells.iter().map(|c| (c.keys[0].as_str(), c)).collect();
    assert!(by["407"].suppressed && by["407"].value.is_none() && by["407"].denominator.is_none());
    assert_eq!(by["638"].denominator, Some(6.0));
}

#[tokio::test]
async fn a_month_without_events_is_missing_not_zero() {
    let e = engine(&visits());
    let mut slice = year(vec![]);
    slice.period = Some(Period::Month);
    slice.from_day = day_no(parse_time("2026-02-01").unwrap().date());
    slice.to_day = day_no(parse_time("2026-04-30").unwrap().date());
    let t = e.compute(indicator("primary_visit_14d").unwrap(), &slice).await.unwrap();
    let months: Vec<(i32, bool, Option<f64>)> =
        t.cells.iter().map(|c| (c.period, c.missing, c.value.map(f64::round))).collect();
    assert_eq!(months, [(202602, true, None), (202603, false, Some(83.0)), (202604, true, None)]);
    assert_eq!(e.missing_days(slice.from_day, slice.from_day + 2).len(), 3);
}

#[tokio::test]
async fn working_days_skip_the_day_of_receipt_weekends_and_holidays() {
    // Reports on Wednesday 23 December 2026; the 7th working day is Thursday 7 January 2027.
    let started = ["2027-01-07T09:00", "2027-01-07T15:00", "2027-01-08T09:00", "2026-12-28T09:00", "2027-01-05T09:00"];
    let events: Vec<Event> = started
        .iter()
        .enumerate()
        .map(|(i, at)| {
            let mut e = ev(&format!("cp{i}"), Kind::Assessment, Group::ChildProtection, at, &format!("k{i}"), 9, "638");
            e.status = Some("started".into());
            e.started_at = parse_time("2026-12-23T14:00");
            e
        })
        .collect();
    let e = engine(&events);
    let mut slice = year(vec![]);
    slice.to_day += 31;
    assert_eq!(raw(&e, "child_protection_7wd", &slice).await, (4.0, 5.0));
    // Four cases are fewer than five: the figure is not shown.
    let t = e.compute(indicator("child_protection_7wd").unwrap(), &slice).await.unwrap();
    assert!(t.cells[0].suppressed && t.cells[0].value.is_none());
}

#[tokio::test]
async fn continuity_index_by_hand() {
    // Client a: 4 visits to p1 → COC 1. Client b: p1, p2, p3 → COC 0. Client c: p1, p1, p2 →
    // (4 + 1 − 3) / (3 × 2) = 1/3. Client d: one visit, not counted. Mean (1 + 0 + 1/3) / 3,
    // but three clients are fewer than five: so add two more with COC 1.
    let plan: &[(&str, &[&str])] = &[
        ("a", &["p1", "p1", "p1", "p1"]),
        ("b", &["p1", "p2", "p3"]),
        ("c", &["p1", "p1", "p2"]),
        ("d", &["p1"]),
        ("e", &["p2", "p2"]),
        ("f", &["p3", "p3"]),
    ];
    let mut events = Vec::new();
    for (client, pros) in plan {
        for (i, p) in pros.iter().enumerate() {
            let mut e = ev(
                &format!("{client}{i}"),
                Kind::Visit,
                Group::PrimaryDoctor,
                &format!("2026-05-{:02}T10:00", i + 1),
                client,
                50,
                "638",
            );
            e.professional = Some((*p).into());
            events.push(e);
        }
    }
    let e = engine(&events);
    let t = e.compute(indicator("continuity_coc").unwrap(), &year(vec![])).await.unwrap();
    let c = &t.cells[0];
    assert_eq!(c.denominator, Some(5.0));
    assert!((c.value.unwrap() - (1.0 + 0.0 + 1.0 / 3.0 + 1.0 + 1.0) / 5.0).abs() < 1e-9, "{c:?}");
}

#[tokio::test]
async fn emergency_revisit_within_48_hours() {
    // Client x: 1 Mar 10:00, 3 Mar 09:59 (47 h 59 min: a revisit), 10 Mar. Client y: 1 Mar,
    // 3 Mar 10:01 (48 h 1 min: not). Client z: 1 Mar, 2 Mar → revisit. Six visits out of eight… count:
    let times: &[(&str, &str)] = &[
        ("x", "2026-03-01T10:00"),
        ("x", "2026-03-03T09:59"),
        ("x", "2026-03-10T10:00"),
        ("y", "2026-03-01T10:00"),
        ("y", "2026-03-03T10:01"),
        ("z", "2026-03-01T10:00"),
        ("z", "2026-03-02T10:00"),
        ("w", "2026-03-05T10:00"),
    ];
    let events: Vec<Event> = times
        .iter()
        .enumerate()
        .map(|(i, (c, at))| {
            let mut e = ev(&format!("em{i}"), Kind::Visit, Group::Emergency, at, c, 40, "638");
            e.urgent = Some(true);
            e
        })
        .collect();
    let e = engine(&events);
    assert_eq!(raw(&e, "emergency_revisit_48h", &year(vec![])).await, (2.0, 8.0));
    // Input in another order gives the same figure.
    let mut reversed = events.clone();
    reversed.reverse();
    assert_eq!(raw(&engine(&reversed), "emergency_revisit_48h", &year(vec![])).await, (2.0, 8.0));
}

#[tokio::test]
async fn older_at_home_and_cost_per_resident_use_the_population() {
    let mut events = Vec::new();
    for i in 0..6 {
        let mut e =
            ev(&format!("h{i}"), Kind::Visit, Group::Housing24h, "2026-06-01T00:00", &format!("o{}", i % 5), 85, "638");
        e.cost = Some(5000.0);
        events.push(e);
    }
    let mut e = ev("l0", Kind::Visit, Group::PrimaryDoctor, "2026-06-02T10:00", "m1", 40, "407");
    e.cost = Some(500.0);
    events.push(e);
    let e = engine(&events);
    let t = e.compute(indicator("older_at_home").unwrap(), &year(vec![Dim::Municipality])).await.unwrap();
    // Porvoo: 60 residents aged 75+, five distinct clients in housing: 55 / 60.
    let porvoo = t.cells.iter().find(|c| c.keys == ["638"]).unwrap();
    assert_eq!((porvoo.numerator, porvoo.denominator), (Some(55.0), Some(60.0)));
    let t = e.compute(indicator("cost_per_resident").unwrap(), &year(vec![])).await.unwrap();
    // 30,500 € over 1,100 residents; the 500 € event alone would be suppressed, but the county has 7 events.
    assert!((t.cells[0].value.unwrap() - 30_500.0 / 1_100.0).abs() < 1e-9, "{:?}", t.cells);
    let t = e.compute(indicator("cost_per_resident_need_adjusted").unwrap(), &year(vec![])).await.unwrap();
    assert!((t.cells[0].value.unwrap() - (30_000.0 + 500.0 / 1.25) / 1_100.0).abs() < 1e-9, "{:?}", t.cells);
}

#[tokio::test]
async fn a_breakdown_the_data_lacks_is_refused() {
    let e = engine(&visits());
    let err = e.compute(indicator("t3").unwrap(), &year(vec![Dim::Language])).await.unwrap_err();
    assert!(err.to_string().contains("language"), "{err}");
}

#[tokio::test]
async fn every_indicator_runs_with_every_breakdown_it_allows() {
    let e = engine(&visits());
    for ind in monitor::INDICATORS {
        for dim in ind.dims {
            for period in [None, Some(Period::Week), Some(Period::Month), Some(Period::Year)] {
                let mut slice = year(vec![*dim]);
                slice.period = period;
                e.compute(ind, &slice).await.unwrap_or_else(|err| panic!("{} by {dim:?}: {err}", ind.id));
            }
        }
        e.compute(ind, &year(vec![])).await.unwrap();
    }
}
