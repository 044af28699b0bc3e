//! Load test of service paths (issue 14; BENCHMARKS.md, "Service paths (issue 14)").
//!
//!   referral_load sqlite|postgres
//!
//! Bulk-loads a county with direct SQL (multi-row INSERTs in big transactions): CLIENTS
//! clients, REFERRALS referrals (about 30 % open, with their first event and, when open,
//! their deadline), ORGS organisations, 40 services, due days spread from 30 days ago to 60
//! days ahead (one open referral in ten has none). The first organisation receives INBOX
//! open referrals. Then it measures, through the real code:
//!
//! 1. the producer's inbox (`PathStore::inbox(org, None, 100)`, a page halfway and the last
//!    page by the `after` cursor, and `Polku::inbox` with its access-log row), and prints
//!    the query plan;
//! 2. state changes through `Polku::transition` (permission, the access-log row in the hash
//!    chain, group commit, one webhook notification enqueued per change): WRITERS concurrent
//!    tasks, each moving its own referrals requested → accepted → in-progress → completed for
//!    SECONDS; on PostgreSQL also two servers (two `Polku`, two pools) on one database;
//! 3. the county's deadline sweep (`Polku::sweep`): flagging the overdue ones from none
//!    flagged, then again with nothing new.
//!
//! SQLite is a fresh directory under the temporary directory; PostgreSQL a fresh database
//! on `POLKU_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`), as the tests
//! make them. Both are removed at the end (`KEEP=1` keeps them).
//!
//! Environment (defaults): REFERRALS=1000000 CLIENTS=200000 ORGS=50 INBOX=100000
//! WRITERS=1,8,32 SECONDS=10 MOVES=40000 (requested referrals reserved for the writers).
//!
//!   cargo build --release -p polku --example referral_load && bench/referrals.sh

#[path = "support/mod.rs"]
mod support;

use app::auth::{Principal, RequestMeta};
use app::clients::{AuditStore, Pseudonyms};
use app::referrals::{PathStore, Subscription};
use app::{AppError, Polku, SystemClock};
use chrono::{Duration as Days, NaiveDate, SecondsFormat, Utc};
use domain::client::{ClientDetails, ClientLang, Hetu, Role};
use domain::referral::{Change, Outcome, OutcomeKind, Status};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Row};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use store_sql::SqlStore;
use support::percentiles;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.replace(['_', ','], "").parse().ok()).unwrap_or(default)
}

/// A well-spread pseudo-random number of `i` (splitmix64).
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn org(n: usize) -> String {
    format!("org-bench-{n:02}")
}

fn client_id(n: usize) -> String {
    format!("client-{n:032x}")
}

fn referral_id(n: usize) -> String {
    format!("referral-{n:032x}")
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn opt(s: Option<&str>) -> String {
    s.map_or_else(|| "NULL".to_owned(), lit)
}

fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

struct Shape {
    referrals: usize,
    clients: usize,
    orgs: usize,
    inbox: usize,
    moves: usize,
}

/// The organisation receiving the writers' referrals; it has one webhook subscription.
const MOVER: usize = 1;

/// Runs `INSERT INTO <head> VALUES <rows>` in statements of 1,000 rows, 100 per transaction.
async fn insert(pool: &AnyPool, head: &str, rows: impl Iterator<Item = String>) -> usize {
    let mut tx = pool.begin().await.expect("begin");
    let (mut statement, mut in_statement, mut in_tx, mut total) = (String::new(), 0, 0, 0);
    for row in rows {
        statement.push_str(if in_statement == 0 { "" } else { "," });
        statement.push_str(&row);
        in_statement += 1;
        total += 1;
        if in_statement == 1000 {
            let sql = format!("INSERT INTO {head} VALUES {statement}");
            sqlx::query(&sql).persistent(false).execute(&mut *tx).await.expect("insert");
            (statement, in_statement) = (String::new(), 0);
            in_tx += 1;
            if in_tx == 100 {
                tx.commit().await.expect("commit");
                tx = pool.begin().await.expect("begin");
                in_tx = 0;
            }
        }
    }
    if in_statement > 0 {
        let sql = format!("INSERT INTO {head} VALUES {statement}");
        sqlx::query(&sql).persistent(false).execute(&mut *tx).await.expect("insert");
    }
    tx.commit().await.expect("commit");
    total
}

/// One bulk-loaded referral.
struct Bulk {
    id: String,
    client: String,
    to: String,
    service: String,
    status: &'static str,
    reason: Option<&'static str>,
    outcome: Option<&'static str>,
    version: i64,
    created: String,
    updated: String,
    closed: bool,
    active: bool,
    due_on: String,
    by: String,
}

fn bulk(i: usize, s: &Shape, today: NaiveDate, now: chrono::DateTime<Utc>) -> Bulk {
    let h = mix(i as u64);
    let first_move = s.referrals - s.moves;
    let client = if i >= first_move { client_id(i - first_move) } else { client_id((h % s.clients as u64) as usize) };
    let by = format!("nav-{:02}", (h >> 8) % 100);
    let service = format!("svc-bench-{:02}", (h >> 16) % 40);
    if i >= first_move {
        // The writers' referrals: just sent to the subscribed producer, with two deadlines.
        return Bulk {
            id: referral_id(i),
            client,
            to: org(MOVER),
            service,
            status: "requested",
            reason: None,
            outcome: None,
            version: 1,
            created: stamp(now - Days::hours(2)),
            updated: stamp(now - Days::hours(2)),
            closed: false,
            active: true,
            due_on: (today + Days::days(5)).to_string(),
            by,
        };
    }
    // Open: three in ten; two in five of the open ones go to the first organisation, up to INBOX.
    let open = i % 10 < 3;
    let open_index = i / 10 * 3 + i % 10; // 0.. among the open ones
    let to = if open && open_index % 5 < 2 && open_index / 5 * 2 + open_index % 5 < s.inbox {
        org(0)
    } else if open {
        org(1 + ((h >> 24) % (s.orgs as u64 - 1)) as usize)
    } else {
        org(((h >> 24) % s.orgs as u64) as usize)
    };
    let pick = (h >> 32) % 100;
    let age_days = if open { (h >> 40) % 60 } else { (h >> 40) % 365 } as i64;
    let created = now - Days::days(age_days) - Days::minutes(((h >> 48) % 600) as i64);
    let updated = created + Days::days(age_days.min(3));
    let (status, reason, outcome, version) = if open {
        match pick {
            0..40 => ("requested", None, None, 1),
            40..65 => ("accepted", None, None, 2),
            65..95 => ("in-progress", None, None, 3),
            _ => ("on-hold", Some("waiting-for-information"), None, 4),
        }
    } else {
        match pick {
            0..70 => ("completed", None, Some(r#"{"kind":"service-started"}"#), 4),
            70..82 => ("rejected", Some("no-capacity"), None, 2),
            82..97 => ("cancelled", Some("client-declined"), None, 2),
            _ => ("failed", Some("could-not-contact"), None, 3),
        }
    };
    let due_on = if open && !(h >> 56).is_multiple_of(10) {
        (today + Days::days(((h >> 12) % 91) as i64 - 30)).to_string()
    } else {
        "9999-12-31".to_owned()
    };
    Bulk {
        id: referral_id(i),
        client,
        to,
        service,
        status,
        reason,
        outcome,
        version,
        created: stamp(created),
        updated: stamp(updated),
        closed: !open,
        active: open,
        due_on,
        by,
    }
}

const DEADLINE: &str = "referral_deadlines (referral_id, clock, family, name_fi, name_sv, name_en, due_on, met_by, \
                        met_at, basis, missing)";

async fn load(pool: &AnyPool, s: &Shape) {
    let now = Utc::now();
    let today = now.date_naive();
    let started = Instant::now();
    let born = NaiveDate::from_ymd_opt(1925, 1, 1).unwrap();
    let clients = (0..s.clients).map(|i| {
        let details = ClientDetails {
            hetu: Hetu::from_parts(born + Days::days((i % 30_000) as i64), 2 + (i / 30_000) as u16),
            given_name: format!("Asiakas{i}"),
            family_name: "Kuormitus".into(),
            municipality: Some("638".into()),
            language: ClientLang::Fi,
            other_language: None,
            interpreter: false,
            contact: Default::default(),
        };
        let body = serde_json::to_string(&details).unwrap();
        let at = lit(&stamp(now - Days::days(400)));
        format!(
            "({},{},{},{},{at},{at})",
            lit(&client_id(i)),
            lit(details.hetu.expose()),
            lit(&body),
            lit(&format!("nav-{:02}", i % 100))
        )
    });
    let n = insert(pool, "clients (id, hetu, body, navigator, created_at, updated_at)", clients).await;
    println!("loaded {n} clients in {:.1} s", started.elapsed().as_secs_f64());

    let t = Instant::now();
    let rows = (0..s.referrals).map(|i| {
        let b = bulk(i, s, today, now);
        format!(
            "({},{},{},{},{},{},{},{},{},{},NULL,{},{},{},NULL,{},{},{},{},{},NULL)",
            lit(&b.id),
            lit(&b.client),
            lit(&b.to),
            lit(&b.service),
            lit(&b.by),
            lit(&b.created),
            if b.closed { lit(&b.updated) } else { "NULL".into() },
            if b.closed { lit(&b.by) } else { "NULL".into() },
            lit(b.status),
            opt(b.reason),
            opt(b.outcome),
            b.version,
            lit("org-bench-county"),
            lit(&b.created),
            lit(&b.updated),
            lit(&b.by),
            i64::from(b.active),
            lit(&b.due_on),
        )
    });
    let n = insert(
        pool,
        "referrals (id, client_id, to_organization, service, created_by, created_at, closed_at, closed_by, status, \
         status_reason, note, outcome, version, from_organization, plan_id, requested_at, updated_at, updated_by, \
         active, due_on, overdue_since)",
        rows,
    )
    .await;
    println!("loaded {n} referrals in {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let events = (0..s.referrals).map(|i| {
        let b = bulk(i, s, today, now);
        format!(
            "({},1,{},{},{},'requested',NULL,NULL,NULL)",
            lit(&b.id),
            lit(&b.created),
            lit(&b.by),
            lit("org-bench-county")
        )
    });
    let n = insert(
        pool,
        "referral_events (referral_id, seq, at, by_user, organization, status, reason, note, outcome)",
        events,
    )
    .await;
    println!("loaded {n} referral events in {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let first_move = s.referrals - s.moves;
    let deadlines = (0..s.referrals).flat_map(|i| {
        let b = bulk(i, s, today, now);
        let row = |clock: &str, due: &str, met_by: &str| {
            format!(
                "({},{},'social-assessment','Palvelutarpeen arviointi','Bedömning av servicebehov',\
                 'Service-need assessment',{},{},NULL,'SHL 36 §',NULL)",
                lit(&b.id),
                lit(clock),
                lit(due),
                lit(met_by)
            )
        };
        let mut rows = Vec::new();
        if i >= first_move {
            rows.push(row("bench-assessment", &b.due_on, "accepted"));
            rows.push(row("bench-start", &(today + Days::days(20)).to_string(), "in-progress"));
        } else if b.active && b.due_on != "9999-12-31" {
            rows.push(row("bench-service", &b.due_on, "completed"));
        }
        rows
    });
    let n = insert(pool, DEADLINE, deadlines).await;
    println!("loaded {n} deadlines in {:.1} s", t.elapsed().as_secs_f64());
    println!("bulk load: {:.1} s in all", started.elapsed().as_secs_f64());
}

fn professional(organization: &str) -> Principal {
    Principal {
        username: format!("pro-{organization}"),
        display_name: None,
        roles: vec![Role::Professional],
        organization: Some(domain::Id::parse(organization).unwrap()),
        client: None,
    }
}

fn change(to: Status) -> Change {
    Change {
        to,
        reason: None,
        note: None,
        outcome: (to == Status::Completed).then_some(Outcome { kind: OutcomeKind::ServiceStarted, feedback: None }),
    }
}

async fn server(store: Arc<SqlStore>) -> Arc<Polku> {
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), Arc::new(SystemClock)).await.unwrap();
    Arc::new(polku.with_clients(store.clone(), store.clone(), Pseudonyms::new([7; 32])).with_paths(store))
}

const INBOX_SQL: &str = "SELECT id, client_id, service, from_organization, to_organization, status, version, due_on, \
                         overdue_since, requested_at, updated_at, created_at FROM referrals";

async fn plans(pool: &AnyPool, postgres: bool, organization: &str, cursor: &(NaiveDate, String)) {
    let first = format!(
        "{INBOX_SQL} WHERE to_organization = '{organization}' AND active = 1 AND status <> 'draft' \
         ORDER BY due_on, id LIMIT 100"
    );
    let later = format!(
        "{INBOX_SQL} WHERE to_organization = '{organization}' AND active = 1 AND status <> 'draft' \
         AND (due_on, id) > ('{d}', '{i}') ORDER BY due_on, id LIMIT 100",
        d = cursor.0,
        i = cursor.1
    );
    let today = Utc::now().date_naive();
    let sweep = format!(
        "UPDATE referrals SET overdue_since = due_on WHERE active = 1 AND due_on < '{today}' AND overdue_since IS NULL"
    );
    for (label, sql) in [("inbox, first page", first), ("inbox, after a cursor", later), ("sweep", sweep)] {
        println!("-- plan of the {label}:");
        if postgres {
            // ANALYZE runs the statement: roll the sweep back.
            let mut tx = pool.begin().await.unwrap();
            for row in sqlx::query(&format!("EXPLAIN (ANALYZE, BUFFERS) {sql}")).fetch_all(&mut *tx).await.unwrap() {
                println!("   {}", row.get::<String, _>(0));
            }
            tx.rollback().await.unwrap();
        } else {
            for row in sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(pool).await.unwrap() {
                println!("   {}", row.get::<String, _>(3));
            }
        }
    }
}

async fn inbox(store: &SqlStore, polku: &Polku, pool: &AnyPool, postgres: bool, organization: &str) {
    let open: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) FROM referrals WHERE to_organization = '{organization}' AND active = 1 AND status <> 'draft'"
    ))
    .fetch_one(pool)
    .await
    .unwrap()
    .get(0);
    println!("== 1. inbox of {organization}: {open} open referrals");
    let cursor_at = |offset: i64| async move {
        let row = sqlx::query(&format!(
            "SELECT due_on, id FROM referrals WHERE to_organization = '{organization}' AND active = 1 \
             AND status <> 'draft' ORDER BY due_on, id LIMIT 1 OFFSET {offset}"
        ))
        .fetch_one(pool)
        .await
        .unwrap();
        (row.get::<String, _>(0).parse::<NaiveDate>().unwrap(), row.get::<String, _>(1))
    };
    let middle = cursor_at(open / 2).await;
    let last = cursor_at((open - 100).max(0)).await;
    plans(pool, postgres, organization, &middle).await;
    for (label, cursor) in [("first page", None), ("page after row n/2", Some(&middle)), ("last page", Some(&last))] {
        store.inbox(organization, cursor, 100).await.unwrap();
        let mut ms = Vec::new();
        for _ in 0..300 {
            let t = Instant::now();
            let page = store.inbox(organization, cursor, 100).await.unwrap();
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(!page.is_empty());
        }
        percentiles(&format!("PathStore::inbox {label}"), ms);
    }
    let pro = professional(organization);
    let meta = RequestMeta { request_id: "bench".into(), address: "127.0.0.1".into() };
    let mut ms = Vec::new();
    for _ in 0..300 {
        let t = Instant::now();
        polku.inbox(Some(&pro), &meta, None, None, 100).await.unwrap();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    percentiles("Polku::inbox + log row", ms);
}

/// `tasks` writers over `servers` for `seconds`, each moving its own referrals through
/// three changes. Returns the changes made.
async fn moves(servers: &[Arc<Polku>], tasks: usize, seconds: u64, next: &Arc<AtomicUsize>, s: &Shape) -> usize {
    let first_move = s.referrals - s.moves;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let (polku, next) = (servers[t % servers.len()].clone(), next.clone());
        let moves = s.moves;
        handles.push(tokio::spawn(async move {
            let pro = professional(&org(MOVER));
            let meta = RequestMeta { request_id: format!("bench-{t}"), address: "127.0.0.1".into() };
            let (mut ms, mut failed) = (Vec::new(), Vec::<AppError>::new());
            while Instant::now() < deadline {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= moves {
                    break;
                }
                let (client, referral) = (client_id(k), referral_id(first_move + k));
                for (version, to) in [(1, Status::Accepted), (2, Status::InProgress), (3, Status::Completed)] {
                    let t = Instant::now();
                    match polku.transition(Some(&pro), &meta, &client, &referral, version, change(to)).await {
                        Ok(_) => ms.push(t.elapsed().as_secs_f64() * 1000.0),
                        Err(e) => failed.push(e),
                    }
                }
            }
            (ms, failed)
        }));
    }
    let (mut all, mut failed) = (Vec::new(), Vec::new());
    for h in handles {
        let (ms, f) = h.await.unwrap();
        all.extend(ms);
        failed.extend(f);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let n = all.len();
    percentiles(&format!("transition, {tasks} writers, {} srv", servers.len()), all);
    println!("   {n} changes in {elapsed:.1} s: {:.0} changes/s; {} failed", n as f64 / elapsed, failed.len());
    for e in failed.iter().take(3) {
        println!("   failure: {e:?}");
    }
    n
}

async fn sweep(polku: &Polku, pool: &AnyPool) {
    println!("== 3. the county's deadline sweep");
    for round in 0..3 {
        sqlx::query("UPDATE referrals SET overdue_since = NULL WHERE overdue_since IS NOT NULL")
            .execute(pool)
            .await
            .unwrap();
        let t = Instant::now();
        let r = polku.sweep().await.unwrap();
        println!(
            "   sweep {round} from nothing flagged: {:.0} ms (newly overdue {}, overdue {}, broken paths {})",
            t.elapsed().as_secs_f64() * 1000.0,
            r.newly_overdue,
            r.overdue,
            r.broken_paths
        );
    }
    for round in 0..3 {
        let t = Instant::now();
        let r = polku.sweep().await.unwrap();
        println!(
            "   sweep {round} with nothing new: {:.0} ms (newly overdue {}, overdue {})",
            t.elapsed().as_secs_f64() * 1000.0,
            r.newly_overdue,
            r.overdue
        );
    }
}

async fn count(pool: &AnyPool, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(pool).await.unwrap().get(0)
}

async fn run(url: &str, postgres: bool, s: &Shape) {
    let store = Arc::new(SqlStore::connect(url).await.expect("store"));
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                let setting = if postgres { "SET synchronous_commit = off" } else { "PRAGMA busy_timeout = 10000" };
                sqlx::query(setting).execute(&mut *conn).await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .expect("loader pool");
    load(&pool, s).await;
    let t = Instant::now();
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    println!("ANALYZE: {:.1} s", t.elapsed().as_secs_f64());
    store
        .subscribe(&Subscription {
            id: "subscription-bench".into(),
            organization: org(MOVER),
            kind: "webhook".into(),
            target: "https://hooks.example.invalid/polku".into(),
            secret: Some("bench-secret".into()),
            created_by: "bench".into(),
            created_at: Utc::now(),
            active: true,
        })
        .await
        .unwrap();
    let polku = server(store.clone()).await;

    inbox(&store, &polku, &pool, postgres, &org(0)).await;

    println!("== 2. state changes with the access-log row and a webhook enqueued");
    let seconds = env("SECONDS", 10) as u64;
    let writers: Vec<usize> = std::env::var("WRITERS")
        .unwrap_or_else(|_| "1,8,32".into())
        .split(',')
        .filter_map(|w| w.trim().parse().ok())
        .collect();
    let next = Arc::new(AtomicUsize::new(0));
    let (log_before, outbox_before) =
        (store.head().await.unwrap().seq, count(&pool, "SELECT COUNT(*) FROM outbox").await);
    let mut changes = 0;
    for &w in &writers {
        changes += moves(std::slice::from_ref(&polku), w, seconds, &next, s).await;
    }
    if postgres {
        let second = server(Arc::new(SqlStore::connect(url).await.expect("second server"))).await;
        let pair = [polku.clone(), second];
        for &w in writers.iter().filter(|&&w| w > 1) {
            changes += moves(&pair, w, seconds, &next, s).await;
        }
    }
    let logged = store.head().await.unwrap().seq - log_before;
    let enqueued = count(&pool, "SELECT COUNT(*) FROM outbox").await - outbox_before;
    println!("   changes {changes}; access-log rows written {logged}; webhooks enqueued {enqueued}");
    let verified = polku.verify_audit(|_| {}).await.unwrap();
    println!("   access log chain: {} rows, broken: {:?}", verified.rows, verified.broken);

    sweep(&polku, &pool).await;
    pool.close().await;
    store.close().await;
}

#[tokio::main]
async fn main() {
    let backend = std::env::args().nth(1).unwrap_or_else(|| "sqlite".into());
    let s = Shape {
        referrals: env("REFERRALS", 1_000_000),
        clients: env("CLIENTS", 200_000),
        orgs: env("ORGS", 50),
        inbox: env("INBOX", 100_000),
        moves: env("MOVES", 40_000),
    };
    assert!(s.moves <= s.clients && s.moves < s.referrals, "MOVES is at most CLIENTS and below REFERRALS");
    let keep = std::env::var("KEEP").is_ok_and(|v| v == "1");
    println!(
        "{backend}: {} referrals, {} clients, {} organisations, {} open to {} wanted",
        s.referrals,
        s.clients,
        s.orgs,
        s.inbox,
        org(0)
    );
    match backend.as_str() {
        "sqlite" => {
            let dir = std::env::temp_dir().join(format!("polku-referral-load-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            run(&format!("sqlite://{}?mode=rwc", dir.join("polku.db").display()), false, &s).await;
            if keep {
                println!("kept {}", dir.display());
            } else {
                std::fs::remove_dir_all(&dir).ok();
            }
        }
        "postgres" => {
            let Some(url) = testkit_sql::fresh_postgres_url("referral_load").await else {
                println!("PostgreSQL unreachable: skipped");
                return;
            };
            run(&url, true, &s).await;
            let name = url.rsplit('/').next().unwrap().to_owned();
            if keep {
                println!("kept database {name}");
            } else {
                use sqlx::Connection;
                let mut admin = sqlx::AnyConnection::connect(&testkit_sql::postgres_admin_url()).await.unwrap();
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await.unwrap();
                println!("dropped database {name}");
            }
        }
        other => panic!("referral_load sqlite|postgres, not {other:?}"),
    }
}
