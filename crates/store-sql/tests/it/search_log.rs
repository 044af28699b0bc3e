//! The search quality loop on SQLite and PostgreSQL with two servers on one database:
//! counts flushed by both, concurrently and repeatedly, add up; a synonym list saved on one
//! server is searched with on the other after it follows the change log; a malformed list
//! is refused and changes nothing.

use app::store::Actor;
use app::{FixedClock, Polku};
use domain::Lang;
use domain::client::Role;
use std::sync::Arc;
use store_sql::SqlStore;

async fn server(store: Arc<SqlStore>) -> Arc<Polku> {
    let clock = Arc::new(FixedClock("2026-12-07T10:00:00Z".parse().unwrap()));
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    let polku = Arc::new(polku.with_search_log(store));
    polku.reload_synonyms().await.unwrap();
    polku
}

async fn two_servers_add_up(a: SqlStore, b: SqlStore) {
    let (one, two) = (server(Arc::new(a)).await, server(Arc::new(b)).await);
    let editor = Actor::person("kaisa", &[Role::CatalogEditor]);
    // Five rounds: each server counts searches, then both flush at the same time.
    for _ in 0..5 {
        for _ in 0..3 {
            one.note_search(Lang::Fi, "Kotihoito  PORVOO", 0, None);
        }
        let sid = two.note_search(Lang::Fi, "kotihoito porvoo", 4, None).unwrap();
        two.note_click(Lang::Fi, "kotihoito porvoo", &sid);
        two.note_click(Lang::Fi, "kotihoito porvoo", &sid);
        // Another page of the same search is not counted again.
        assert_eq!(two.note_search(Lang::Fi, "kotihoito porvoo", 4, Some(sid.as_str())), Some(sid.clone()));
        one.note_search(Lang::Sv, "hemvård", 2, None);
        let (x, y) = tokio::join!(one.flush_search_log(), two.flush_search_log());
        x.unwrap();
        y.unwrap();
    }
    for server in [&one, &two] {
        let fi = server.search_quality(&editor, Lang::Fi, 7).await.unwrap();
        assert_eq!((fi.searches, fi.zero_results, fi.abandoned), (20, 15, 0));
        assert_eq!(fi.zero.len(), 1);
        assert_eq!((fi.zero[0].query.as_str(), fi.zero[0].zero_results), ("kotihoito porvoo", 15));
        let sv = server.search_quality(&editor, Lang::Sv, 7).await.unwrap();
        assert_eq!((sv.searches, sv.zero_results, sv.abandoned), (5, 0, 5));
        assert_eq!(sv.abandoned_rows[0].query, "hemvård");
    }
    // Only the catalog team sees the searches and edits the lists.
    let navigator = Actor::person("nina", &[Role::Navigator]);
    assert!(one.search_quality(&navigator, Lang::Fi, 7).await.is_err());
    assert!(one.put_synonyms(&navigator, Lang::Fi, "a | b\n").await.is_err());

    // A list saved on one server is searched with on the other once it follows the log.
    let refused = one.put_synonyms(&editor, Lang::En, "kotihoito\n").await.unwrap_err();
    assert!(refused.to_string().contains("line 1"), "{refused}");
    assert_eq!(one.put_synonyms(&editor, Lang::En, "care at home | home care\n").await.unwrap(), 1);
    let has =
        |p: &Polku| p.snapshot().index.synonyms().groups().any(|(_, _, g)| g.contains(&"care at home".to_owned()));
    assert!(has(&one));
    assert!(!has(&two));
    assert_eq!(two.catch_up().await.unwrap(), 1);
    assert!(has(&two));
    // The other languages keep their shipped lists.
    let lists = two.synonym_lists(&editor).await.unwrap();
    assert_eq!(lists.iter().map(|(_, _, r)| *r).collect::<Vec<_>>(), [None, None, Some(1)]);
    assert!(lists[0].1.contains("lekuri | lääkäri"), "the shipped Finnish list");
}

#[tokio::test]
async fn sqlite_search_log() {
    let (a, dir) = testkit_sql::fresh_sqlite().await;
    let b = SqlStore::open_data_dir(&dir.0).await.unwrap();
    two_servers_add_up(a, b).await;
}

#[tokio::test]
async fn postgres_search_log() {
    let Some(url) = testkit_sql::fresh_postgres_url("search_log").await else { return };
    let a = SqlStore::connect(&url).await.unwrap();
    let b = SqlStore::connect(&url).await.unwrap();
    two_servers_add_up(a, b).await;
}
