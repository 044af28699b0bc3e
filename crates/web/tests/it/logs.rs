//! No log line carries a personal identity code: every log event (every level, every
//! crate, SQL statements included) of a run through client data — created, read, found,
//! refused, conflicting, mistyped — is captured and searched for anything that is one.

use crate::demo_app;
use axum::http::StatusCode;
use domain::client::{Hetu, Role};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every 11-character window that is a valid identity code (or one with a wrong check character).
fn codes_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(11)
        .map(|w| w.iter().collect::<String>())
        .filter(|w| {
            let b = w.as_bytes();
            w.is_ascii()
                && b[..6].iter().all(u8::is_ascii_digit)
                && b"+-YXWVUABCDEF".contains(&b[6])
                && b[7..10].iter().all(u8::is_ascii_digit)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_log_line_carries_an_identity_code() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // Global, so that events on every thread (SQLite's worker, blocking tasks) are seen.
    let installed = tracing::subscriber::set_global_default(subscriber).is_ok();
    assert!(installed, "no other test of this binary installs a subscriber");

    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let pro = app.user("pekka", &[Role::Professional], Some("org-itu-homecare")).await;
    let hetu = Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1948, 7, 9).unwrap(), 234).expose().to_owned();
    let body = |code: &str| {
        json!({ "hetu": code, "given_name": "Aino", "family_name": "Virtanen", "language": "fi" }).to_string()
    };
    let made = app.json("POST", "/api/v1/clients", Some(&nav), &body(&hetu)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(app.json("POST", "/api/v1/clients", Some(&nav), &body(&hetu)).await.status, StatusCode::CONFLICT);
    let mistyped = format!("{}X", &hetu[..10]);
    assert_eq!(app.json("POST", "/api/v1/clients", Some(&nav), &body(&mistyped)).await.status, StatusCode::BAD_REQUEST);
    let search = json!({ "hetu": hetu }).to_string();
    assert_eq!(app.json("POST", "/api/v1/clients/search", Some(&nav), &search).await.status, StatusCode::OK);
    assert_eq!(app.json("GET", &format!("/api/v1/clients/{id}"), Some(&nav), "").await.status, StatusCode::OK);
    assert_eq!(app.json("GET", &format!("/api/v1/clients/{id}"), Some(&pro), "").await.status, StatusCode::FORBIDDEN);
    let glass = json!({ "reason": "the client is unconscious at the door" }).to_string();
    app.json("POST", &format!("/api/v1/clients/{id}/emergency"), Some(&pro), &glass).await;
    let identity = app::auth::SsoIdentity {
        issuer: "https://tunnistus.test".into(),
        subject: "s".into(),
        username: String::new(),
        given_name: Some("Aino".into()),
        family_name: None,
        roles: vec![],
        organization: None,
        hetu: Some(Hetu::parse(&hetu).unwrap()),
    };
    let resident = app.polku.sso_session(identity, &Default::default()).await.unwrap();
    assert_eq!(app.json("GET", "/api/v1/me", Some(&resident), "").await.status, StatusCode::OK);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("client data access refused"), "the capture works: {}", &logs[..logs.len().min(2000)]);
    assert!(logs.contains("INSERT INTO audit_log"), "SQL statements are among the captured lines");
    let found = codes_in(&logs);
    assert!(found.is_empty(), "identity codes in the log: {found:?}");
    assert!(!logs.contains(&hetu[..10]), "not even without the check character");
}

#[test]
fn the_scan_finds_codes() {
    assert_eq!(codes_in("x 131052-308T y"), ["131052-308T"]);
    assert_eq!(codes_in("010594Y9032,"), ["010594Y9032"]);
    assert!(codes_in("2026-12-04T10:00:00Z").is_empty());
}
