//! Load test of catalog writes over HTTP: N concurrent writers create, update (with
//! `If-Match`) and retire services on server A while a reader searches A, and a probe
//! measures how long a write on A takes to become visible on server B (another
//! `polku serve` on the same database). Prints latency percentiles and throughput.
//!
//! Run (see bench/writes.sh, which sets up the catalog and the servers):
//!   cargo run --release -p polku --example write_load -- \
//!     --a 127.0.0.1:18080 [--b 127.0.0.1:18081] --token <bearer> [--writers 8] [--seconds 20]
//!     [--searches 100]   (searches per second on A while the writes run)

use std::time::{Duration, Instant};

#[path = "support/mod.rs"]
mod support;
use support::{Conn, arg, percentiles};

#[tokio::main]
async fn main() {
    let a = arg("--a").expect("--a host:port");
    let b = arg("--b");
    let token = format!("Bearer {}", arg("--token").expect("--token"));
    let writers: usize = arg("--writers").and_then(|v| v.parse().ok()).unwrap_or(8);
    let seconds: u64 = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(20);
    let searches_per_second: f64 = arg("--searches").and_then(|v| v.parse().ok()).unwrap_or(100.0);
    let run = arg("--run").unwrap_or_else(|| format!("{}", std::process::id()));
    let mut conn = Conn::new(&a);
    let (_, _, list) = conn.send("GET", "/api/v1/services?per_page=1", &[], "").await;
    let list: serde_json::Value = serde_json::from_str(&list).expect("service list");
    let first = list["items"][0]["id"].as_str().expect("a service").to_owned();
    let (_, _, template) = conn.send("GET", &format!("/api/v1/services/{first}"), &[], "").await;
    let template: serde_json::Value = serde_json::from_str(&template).expect("service");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();

    let mut tasks = Vec::new();
    for w in 0..writers {
        let (a, token, template, run) = (a.clone(), token.clone(), template.clone(), run.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(&a);
            let (mut creates, mut updates, mut retires, mut failures) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
            let mut i = 0;
            while Instant::now() < deadline {
                let id = format!("svc-load-{run}-{w}-{i}");
                let mut body = template.clone();
                body["id"] = serde_json::json!(id);
                body["name"]["fi"] = serde_json::json!(format!("Kuormapalvelu {w} {i}"));
                let auth = [("Authorization", token.as_str())];
                let t = Instant::now();
                let (status, _, _) = conn.send("POST", "/api/v1/services", &auth, &body.to_string()).await;
                creates.push(t.elapsed().as_secs_f64() * 1e3);
                failures += usize::from(status != 201);
                body["name"]["fi"] = serde_json::json!(format!("Kuormapalvelu {w} {i} päivitetty"));
                let t = Instant::now();
                let (status, _, _) = conn
                    .send(
                        "PUT",
                        &format!("/api/v1/services/{id}"),
                        &[("Authorization", token.as_str()), ("If-Match", "\"1\"")],
                        &body.to_string(),
                    )
                    .await;
                updates.push(t.elapsed().as_secs_f64() * 1e3);
                failures += usize::from(status != 200);
                let t = Instant::now();
                let (status, _, _) = conn.send("POST", &format!("/api/v1/services/{id}/retire"), &auth, "").await;
                retires.push(t.elapsed().as_secs_f64() * 1e3);
                failures += usize::from(status != 200);
                i += 1;
            }
            (creates, updates, retires, failures)
        }));
    }
    // Searches on A while the writes run.
    let reader = {
        let a = a.clone();
        tokio::spawn(async move {
            let mut conn = Conn::new(&a);
            let words = ["kotihoito", "hammas", "terveysasema", "hemvården", "kuormapalvelu", "neuvola"];
            let mut ms = Vec::new();
            let mut n = 0;
            // At a steady rate, as residents' searches arrive, not as fast as possible (a
            // closed loop would take the CPU the writers are measured on).
            let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / searches_per_second));
            while Instant::now() < deadline {
                tick.tick().await;
                let t = Instant::now();
                conn.send("GET", &format!("/api/v1/services?q={}", words[n % words.len()]), &[], "").await;
                ms.push(t.elapsed().as_secs_f64() * 1e3);
                n += 1;
            }
            ms
        })
    };
    // Visibility of A's writes on B.
    let probe = b.map(|b| {
        let (a, token, template, run) = (a.clone(), token.clone(), template.clone(), run.clone());
        tokio::spawn(async move {
            let (mut on_a, mut on_b) = (Conn::new(&a), Conn::new(&b));
            let mut ms = Vec::new();
            let mut k = 0;
            while Instant::now() + Duration::from_secs(2) < deadline {
                let id = format!("svc-probe-{run}-{k}");
                let mut body = template.clone();
                body["id"] = serde_json::json!(id);
                on_a.send("POST", "/api/v1/services", &[("Authorization", token.as_str())], &body.to_string()).await;
                let acknowledged = Instant::now();
                loop {
                    let (status, _, _) = on_b.send("GET", &format!("/api/v1/services/{id}"), &[], "").await;
                    if status == 200 {
                        ms.push(acknowledged.elapsed().as_secs_f64() * 1e3);
                        break;
                    }
                    if acknowledged.elapsed() > Duration::from_secs(10) {
                        println!("probe {id}: not visible on B after 10 s");
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                k += 1;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            ms
        })
    });
    let (mut creates, mut updates, mut retires, mut failures) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for task in tasks {
        let (c, u, r, f) = task.await.expect("writer");
        creates.extend(c);
        updates.extend(u);
        retires.extend(r);
        failures += f;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let searches = reader.await.expect("reader");
    let writes = creates.len() + updates.len() + retires.len();
    println!(
        "{writers} writers, {elapsed:.1} s: {writes} writes, {:.0} writes/s, {failures} failed",
        writes as f64 / elapsed
    );
    let mut all = creates.clone();
    all.extend(&updates);
    all.extend(&retires);
    percentiles("write (all)", all);
    percentiles("create", creates);
    percentiles("update (If-Match)", updates);
    percentiles("retire", retires);
    percentiles("search during writes", searches);
    if let Some(probe) = probe {
        percentiles("visible on B after ack", probe.await.expect("probe"));
    }
}
