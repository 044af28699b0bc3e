//! The snapshot a server keeps up to date write by write equals the one a fresh server
//! loads from the database: the same catalog, the same revisions, and the same answer to
//! every search. Random sequences of creates, updates and retires through `Polku` on the
//! demo county (SQLite), including writes that are refused.

use crate::clock;
use app::{Actor, Polku};
use chrono::NaiveDate;
use domain::catalog::EntityKind;
use domain::{Entity, Lang};
use proptest::prelude::*;
use search::{Filters, Query, Sort};
use std::sync::Arc;

#[derive(Debug, Clone)]
enum Op {
    RenameService(usize, usize),
    RetireService(usize, u16),
    CreateService(usize, usize),
    RenameUnit(usize, usize),
    RenameOrganization(usize, usize),
    /// An update from a revision that is not the stored one: refused, nothing written.
    StaleUpdate(usize),
}

const NAMES: &[&str] = &["Kotihoito plus", "Hammashoitola", "Xylofonipalvelu", "Perhekeskus", "Tandvård"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), 0..NAMES.len()).prop_map(|(i, n)| Op::RenameService(i, n)),
        (any::<usize>(), 0..400u16).prop_map(|(i, d)| Op::RetireService(i, d)),
        (any::<usize>(), 0..NAMES.len()).prop_map(|(i, n)| Op::CreateService(i, n)),
        (any::<usize>(), 0..NAMES.len()).prop_map(|(i, n)| Op::RenameUnit(i, n)),
        (any::<usize>(), 0..NAMES.len()).prop_map(|(i, n)| Op::RenameOrganization(i, n)),
        any::<usize>().prop_map(Op::StaleUpdate),
    ]
}

fn rename(entity: &mut Entity, name: &str) {
    let mut json = entity.to_json();
    json["name"]["fi"] = serde_json::json!(name);
    *entity = Entity::from_json(entity.kind(), &json.to_string()).unwrap();
}

async fn apply(polku: &Polku, op: &Op, n: usize) {
    let snapshot = polku.snapshot();
    let pick = |kind: EntityKind, i: usize| -> Entity {
        let ids: Vec<String> = match kind {
            EntityKind::Service => snapshot.catalog.services.keys().map(|k| k.to_string()).collect(),
            EntityKind::Unit => snapshot.catalog.units.keys().map(|k| k.to_string()).collect(),
            _ => snapshot.catalog.organizations.keys().map(|k| k.to_string()).collect(),
        };
        snapshot.catalog.get(kind, &ids[i % ids.len()]).unwrap()
    };
    let actor = Actor::Cli("proptest".into());
    let _ = match op {
        Op::RenameService(i, name) | Op::RenameUnit(i, name) | Op::RenameOrganization(i, name) => {
            let kind = match op {
                Op::RenameService(..) => EntityKind::Service,
                Op::RenameUnit(..) => EntityKind::Unit,
                _ => EntityKind::Organization,
            };
            let mut entity = pick(kind, *i);
            rename(&mut entity, NAMES[*name]);
            polku.update(entity, None, &actor).await.map(drop)
        }
        Op::RetireService(i, days) => {
            let entity = pick(EntityKind::Service, *i);
            let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(*days));
            polku.retire(EntityKind::Service, entity.id().as_str(), Some(day), None, &actor).await.map(drop)
        }
        Op::CreateService(i, name) => {
            let mut json = pick(EntityKind::Service, *i).to_json();
            json["id"] = serde_json::json!(format!("svc-proptest-{n}"));
            json["name"]["fi"] = serde_json::json!(NAMES[*name]);
            let entity = Entity::from_json(EntityKind::Service, &json.to_string()).unwrap();
            polku.create(entity, &actor).await.map(drop)
        }
        Op::StaleUpdate(i) => {
            let mut entity = pick(EntityKind::Service, *i);
            let revision = snapshot.revision(EntityKind::Service, entity.id().as_str()).unwrap();
            rename(&mut entity, "Never written");
            let refused = polku.update(entity, Some(revision + 1), &actor).await;
            assert!(matches!(refused, Err(app::AppError::Stale { .. })), "{refused:?}");
            Ok(())
        }
    };
}

fn queries() -> Vec<Query> {
    let mut out = Vec::new();
    for text in ["", "kotihoito", "hammas", "xylofoni", "perhekeskus", "tandvård", "porvoo", "palvelu"] {
        for lang in Lang::ALL {
            for filters in [Filters::default(), Filters { municipality: Some("638".into()), ..Filters::default() }] {
                for sort in [Sort::Relevance, Sort::Name] {
                    out.push(Query {
                        text: text.into(),
                        lang,
                        on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                        filters: filters.clone(),
                        sort,
                        page: 1,
                        per_page: 30,
                    });
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn kept_snapshot_equals_a_fresh_load(ops in prop::collection::vec(op(), 1..16)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let (store, _dir) = testkit_sql::fresh_sqlite().await;
            let store = Arc::new(store);
            let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock()).await.unwrap();
            polku.load_demo().await.unwrap();
            for (n, op) in ops.iter().enumerate() {
                apply(&polku, op, n).await;
            }
            let fresh = Polku::open(store.clone(), store.clone(), store, clock()).await.unwrap();
            let (kept, loaded) = (polku.snapshot(), fresh.snapshot());
            assert!(kept.catalog == loaded.catalog, "catalogs differ");
            assert!(kept.revisions == loaded.revisions, "revisions differ");
            assert!(kept.unit_links == loaded.unit_links, "the units' links differ");
            for query in queries() {
                assert_eq!(kept.index.search(&query), loaded.index.search(&query), "{query:?}");
            }
        });
    }
}

/// Group commit: many writes at once, some of them refused (a duplicate id, an unknown
/// organiser, a stale revision): every valid one lands with its own revision and author,
/// every refused one gets its own refusal, and the snapshot equals a fresh load.
#[tokio::test]
async fn concurrent_writes_land_together_and_refusals_stay_their_own() {
    let (store, _dir) = testkit_sql::fresh_sqlite().await;
    let store = Arc::new(store);
    let polku = Arc::new(Polku::open(store.clone(), store.clone(), store.clone(), clock()).await.unwrap());
    polku.load_demo().await.unwrap();
    let template = polku.get(EntityKind::Service, "svc-home-care").unwrap();
    let with = |id: &str, organiser: Option<&str>| {
        let mut json = template.to_json();
        json["id"] = serde_json::json!(id);
        if let Some(o) = organiser {
            json["organiser"] = serde_json::json!(o);
        }
        Entity::from_json(EntityKind::Service, &json.to_string()).unwrap()
    };
    let mut tasks = Vec::new();
    for i in 0..24 {
        let (polku, entity) = (
            polku.clone(),
            match i {
                5 => with("svc-home-care", None),             // exists already
                9 => with("svc-group-9", Some("org-nobody")), // unknown organiser
                _ => with(&format!("svc-group-{i}"), None),
            },
        );
        tasks.push(tokio::spawn(async move {
            if i == 13 {
                polku
                    .update(
                        entity,
                        Some(999),
                        &Actor::person(&format!("user{i}"), &[domain::client::Role::CatalogEditor]),
                    )
                    .await
                    .map(drop)
            } else {
                polku
                    .create(entity, &Actor::person(&format!("user{i}"), &[domain::client::Role::CatalogEditor]))
                    .await
                    .map(drop)
            }
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    for (i, result) in results.iter().enumerate() {
        match i {
            5 => assert!(matches!(result, Err(app::AppError::Conflict(_))), "{i}: {result:?}"),
            9 => assert!(matches!(result, Err(app::AppError::Invalid(_))), "{i}: {result:?}"),
            13 => assert!(matches!(result, Err(app::AppError::NotFound { .. })), "{i}: {result:?}"),
            _ => assert!(result.is_ok(), "{i}: {result:?}"),
        }
    }
    let snapshot = polku.snapshot();
    for i in (0..24).filter(|i| ![5, 9, 13].contains(i)) {
        let id = format!("svc-group-{i}");
        assert_eq!(snapshot.revision(EntityKind::Service, &id), Some(1), "{id}");
        let history = polku.history(EntityKind::Service, &id).await.unwrap();
        assert_eq!(history[0].actor, format!("user:user{i}"));
    }
    // A stale update of an existing object among concurrent ones is refused alone.
    let home = polku.get(EntityKind::Service, "svc-home-care").unwrap();
    let (a, b) = tokio::join!(
        polku.update(home.clone(), Some(1), &Actor::System),
        polku.update(home.clone(), Some(1), &Actor::System)
    );
    assert!(a.is_ok() != b.is_ok(), "one of two updates from revision 1 wins: {a:?} {b:?}");
    let fresh = Polku::open(store.clone(), store.clone(), store, clock()).await.unwrap();
    assert!(polku.snapshot().catalog == fresh.snapshot().catalog);
    assert!(polku.snapshot().revisions == fresh.snapshot().revisions);
}
