//! The readers never panic on any JSON, and every corpus file (valid, damaged
//! and hostile documents: `tests/corpus/` and the PTV faults of `data/ptv/faults/`)
//! gets an answer.

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::Value;

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::json!(f)),
        prop_oneof![
            Just("ServiceLocation".to_owned()),
            Just("DaysOfTheWeek".to_owned()),
            Just("Monday".to_owned()),
            Just("6694391".to_owned()),
            Just("fi".to_owned()),
            "[a-zA-Z0-9:. -]{0,12}",
        ]
        .prop_map(Value::String),
    ];
    let keys = prop_oneof![
        Just("id"),
        Just("serviceChannelType"),
        Just("serviceNames"),
        Just("organizationNames"),
        Just("organizationType"),
        Just("addresses"),
        Just("streetAddress"),
        Just("latitude"),
        Just("longitude"),
        Just("serviceHours"),
        Just("openingHour"),
        Just("dayFrom"),
        Just("from"),
        Just("to"),
        Just("organizations"),
        Just("roleType"),
        Just("language"),
        Just("value"),
        Just("type"),
        Just("serviceChannels"),
        Just("serviceChannel"),
        Just("areas"),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((keys.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn ptv_reader_never_panics(v in json()) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        if let Ok(item) = interop::ptv::read(&v, "$[0]", today) {
            let _ = interop::ptv::assemble(vec![(item, "$[0]".into())]);
        }
    }

    #[test]
    fn hsds_reader_never_panics(services in proptest::collection::vec(json(), 0..3), orgs in proptest::collection::vec(json(), 0..3)) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let _ = interop::hsds::read(&[(domain::text::Lang::Fi, services, orgs)], today);
    }

    #[test]
    fn stream_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = interop::stream::for_each(bytes.as_slice(), |_, _| {});
    }
}

/// The hostile documents kept only for the readers (`tests/corpus/`: paged,
/// truncated, wrong type) and the PTV fault files, kept once in `data/ptv/faults/`
/// (made by `data/ptv/generate.py`, with `EXPECTED.tsv`).
const CORPUS: [&str; 2] = ["tests/corpus", "../../data/ptv/faults"];

#[test]
fn corpus_files_get_an_answer() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for corpus in CORPUS {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(corpus);
        let mut n = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let mut items = Vec::new();
            let _ = interop::stream::for_each(bytes.as_slice(), |i, v| items.push((v, i)));
            for (v, i) in items {
                let _ = interop::ptv::read(&v, &format!("$[{i}]"), today);
            }
            n += 1;
        }
        assert!(n >= 3, "{corpus} has {n} files");
    }
}
