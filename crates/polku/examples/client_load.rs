//! Load tests of client data with its access log (BENCHMARKS.md, "Client data and the
//! access log"). Three modes:
//!
//! In process, on SQLite under a fresh directory: one client record read with its log
//! row, one after another (latency), then 64 concurrent readers (throughput):
//!   cargo run --release -p polku --example client_load -- --in-process [--clients 1000] [--reads 20000]
//!
//! Over HTTP against `polku serve` (bench/clients.sh starts it): creates clients as the
//! navigator, then 64 connections read them for 60 s; prints reads and their count, which
//! the script compares with the rows `polku audit verify` finds:
//!   client_load --a 127.0.0.1:18090 --token <navigator's bearer> [--connections 64] [--seconds 60]
//!
//! Fill an access log with synthetic rows, for timing `polku audit verify`:
//!   client_load --fill-audit 10000000 --data-dir <dir>

#[path = "support/mod.rs"]
mod support;

use app::auth::{Principal, RequestMeta};
use app::clients::{AuditRow, AuditStore, Op, Pseudonyms};
use domain::client::{ClientDetails, ClientLang, Hetu, Record, Role};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{Conn, arg, percentiles};

fn details(i: u32) -> ClientDetails {
    let birth = chrono::NaiveDate::from_ymd_opt(1930 + (i % 90) as i32, 1 + i % 12, 1 + i % 28).unwrap();
    ClientDetails {
        hetu: Hetu::from_parts(birth, 2 + (i / 1000 % 897) as u16),
        given_name: format!("Asiakas{i}"),
        family_name: "Kuormitus".into(),
        municipality: Some("638".into()),
        language: ClientLang::Fi,
        other_language: None,
        interpreter: false,
        contact: Default::default(),
    }
}

fn navigator() -> Principal {
    Principal {
        username: "bench".into(),
        display_name: None,
        roles: vec![Role::Navigator],
        organization: None,
        client: None,
    }
}

async fn in_process(clients: u32, reads: usize) {
    let dir = std::env::temp_dir().join(format!("polku-client-load-{}", std::process::id()));
    let store = Arc::new(store_sql::SqlStore::open_data_dir(&dir).await.expect("store"));
    let polku =
        app::Polku::open(store.clone(), store.clone(), store.clone(), Arc::new(app::SystemClock)).await.unwrap();
    let polku = Arc::new(polku.with_clients(store.clone(), store.clone(), Pseudonyms::new([9; 32])));
    let nav = navigator();
    let meta = RequestMeta { request_id: "bench".into(), address: "127.0.0.1".into() };
    let started = Instant::now();
    let mut ids = Vec::new();
    for i in 0..clients {
        ids.push(polku.create_client(Some(&nav), &meta, details(i)).await.expect("create"));
    }
    println!("created {clients} clients in {:.1} s (one at a time)", started.elapsed().as_secs_f64());
    let head = store.head().await.unwrap().seq;
    let mut ms = Vec::with_capacity(reads);
    for i in 0..reads {
        let t = Instant::now();
        polku.client_access(Some(&nav), &meta, &ids[i % ids.len()], Op::Read(Record::Identity)).await.expect("read");
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    percentiles("read + log row, one reader", ms);
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut tasks = Vec::new();
    for t in 0..64 {
        let (polku, ids, done, nav, meta) = (polku.clone(), ids.clone(), done.clone(), nav.clone(), meta.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = t * 13;
            let mut ms = Vec::new();
            while Instant::now() < deadline {
                let started = Instant::now();
                polku
                    .client_access(Some(&nav), &meta, &ids[i % ids.len()], Op::Read(Record::Identity))
                    .await
                    .expect("read");
                ms.push(started.elapsed().as_secs_f64() * 1000.0);
                done.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
            ms
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let total = done.load(Ordering::Relaxed);
    percentiles("read + log row, 64 readers", all);
    let logged = store.head().await.unwrap().seq - head;
    println!(
        "64 readers for 10 s: {total} reads, {:.0} reads/s; log rows written meanwhile: {logged} (expected {})",
        total as f64 / 10.0,
        total as usize + reads
    );
    let verified = polku.verify_audit(|_| {}).await.unwrap();
    println!("chain: {} rows, broken: {:?}", verified.rows, verified.broken);
    std::fs::remove_dir_all(&dir).ok();
}

async fn over_http(address: &str, token: &str, connections: usize, seconds: u64, clients: u32) {
    let auth = format!("Bearer {token}");
    let mut conn = Conn::new(address);
    let mut ids = Vec::new();
    for i in 0..clients {
        let body = serde_json::to_string(&details(i)).unwrap();
        let (status, _, reply) = conn.send("POST", "/api/v1/clients", &[("Authorization", &auth)], &body).await;
        assert_eq!(status, 201, "{reply}");
        let reply: serde_json::Value = serde_json::from_str(&reply).unwrap();
        ids.push(reply["id"].as_str().unwrap().to_owned());
    }
    println!("created {clients} clients over HTTP");
    let ids = Arc::new(ids);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (ids, auth, address) = (ids.clone(), auth.clone(), address.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(&address);
            let (mut ms, mut failed) = (Vec::new(), 0usize);
            let mut i = c * 7;
            while Instant::now() < deadline {
                let started = Instant::now();
                let path = format!("/api/v1/clients/{}", ids[i % ids.len()]);
                let (status, _, _) = conn.send("GET", &path, &[("Authorization", &auth)], "").await;
                if status == 200 {
                    ms.push(started.elapsed().as_secs_f64() * 1000.0);
                } else {
                    failed += 1;
                }
                i += 1;
            }
            (ms, failed)
        }));
    }
    let (mut all, mut failed) = (Vec::new(), 0);
    for task in tasks {
        let (ms, f) = task.await.unwrap();
        all.extend(ms);
        failed += f;
    }
    let reads = all.len();
    percentiles(&format!("GET client, {connections} connections"), all);
    println!("reads: {reads} ok, {failed} failed, {:.0} logged reads/s", reads as f64 / seconds as f64);
    println!("expected log rows: {}", reads + failed + clients as usize);
}

async fn fill(dir: &str, rows: usize) {
    let store = store_sql::SqlStore::open_data_dir(std::path::Path::new(dir)).await.expect("store");
    let at = chrono::Utc::now();
    let started = Instant::now();
    let mut batch = Vec::with_capacity(10_000);
    for i in 0..rows {
        batch.push(AuditRow {
            seq: 0,
            at: at + chrono::Duration::milliseconds(i as i64),
            username: format!("user{}", i % 500),
            roles: "navigator".into(),
            organization: Some("org-itu".into()),
            client: Some(format!("client-{:032x}", i % 100_000)),
            record: "identity".into(),
            fields: "hetu,name,municipality,language,interpreter,contact".into(),
            action: "read".into(),
            basis: "client_relationship".into(),
            reason: None,
            request_id: format!("{i:016x}"),
            address: "10.0.0.1".into(),
            outcome: "ok".into(),
            hash: String::new(),
        });
        if batch.len() == 10_000 || i + 1 == rows {
            store.append(&batch).await.expect("append");
            batch.clear();
            if (i + 1) % 1_000_000 == 0 {
                eprintln!("{} rows, {:.0} s", i + 1, started.elapsed().as_secs_f64());
            }
        }
    }
    println!("appended {rows} rows in {:.0} s", started.elapsed().as_secs_f64());
}

#[tokio::main]
async fn main() {
    let clients: u32 = arg("--clients").and_then(|v| v.parse().ok()).unwrap_or(1000);
    if std::env::args().any(|a| a == "--in-process") {
        let reads = arg("--reads").and_then(|v| v.parse().ok()).unwrap_or(20_000);
        return in_process(clients, reads).await;
    }
    if let Some(rows) = arg("--fill-audit") {
        let dir = arg("--data-dir").expect("--data-dir");
        return fill(&dir, rows.parse().expect("--fill-audit N")).await;
    }
    let address = arg("--a").expect("--a host:port, or --in-process, or --fill-audit N");
    let token = arg("--token").expect("--token");
    let connections = arg("--connections").and_then(|v| v.parse().ok()).unwrap_or(64);
    let seconds = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(60);
    over_http(&address, &token, connections, seconds, clients).await;
}
