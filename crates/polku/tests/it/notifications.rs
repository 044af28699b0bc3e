//! Referral notifications through the outbox to real peers: a webhook receiver made here
//! (signature verified with the subscription's secret, the event id the same on every
//! retry), an endpoint that is down (retried with backoff, then a dead letter the
//! administrator replays), e-mail through a real SMTP server (`tests/smtp/server.py`,
//! skipped visibly without aiosmtpd unless `POLKU_REQUIRE_SMTP=1`), and two servers
//! delivering at once without sending any event twice.

use app::auth::{Principal, RequestMeta};
use app::clients::Pseudonyms;
use app::referrals::NewReferral;
use app::{Clock, Polku};
use chrono::{DateTime, Duration, Utc};
use domain::client::{ClientDetails, ClientLang, Contact, Hetu, Role};
use domain::referral::{Change, Status};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use store_sql::SqlStore;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const HOMECARE: &str = "org-itu-homecare";

/// A clock the test moves.
struct Moving(Mutex<DateTime<Utc>>);

impl Clock for Moving {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl Moving {
    fn pass(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

/// An HTTP receiver that answers 200 and keeps each request's headers and body.
type Received = Arc<Mutex<Vec<(Vec<(String, String)>, String)>>>;

async fn receiver() -> (String, Received) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/polku", listener.local_addr().unwrap());
    let received: Received = Default::default();
    let keep = received.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut data = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    data.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&data).into_owned();
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let headers: Vec<(String, String)> = head
                            .lines()
                            .skip(1)
                            .filter_map(|l| l.split_once(": "))
                            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
                            .collect();
                        let length = headers
                            .iter()
                            .find(|(k, _)| k == "content-length")
                            .and_then(|(_, v)| v.parse::<usize>().ok())
                            .unwrap_or(0);
                        if body.len() >= length {
                            keep.lock().unwrap().push((headers, body.to_owned()));
                            let _ = socket
                                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                                .await;
                            break;
                        }
                    }
                }
            });
        }
    });
    (url, received)
}

/// A port nothing listens on.
fn down() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/down")
}

/// `tests/smtp/server.py`, stopped when dropped.
struct Smtp {
    child: Child,
    port: u16,
    dir: testkit::TempDir,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn smtp() -> Option<Smtp> {
    let ok = Command::new("python3").args(["-c", "import aiosmtpd"]).output().is_ok_and(|o| o.status.success());
    if !ok {
        let what = "polku::notifications: needs python3 with aiosmtpd for tests/smtp/server.py";
        assert!(!testkit::required("POLKU_REQUIRE_SMTP"), "POLKU_REQUIRE_SMTP=1, but {what}");
        testkit::skipped(what);
        return None;
    }
    let dir = testkit::TempDir::new();
    let mut child = Command::new("python3")
        .arg(testkit::workspace_root().join("tests/smtp/server.py"))
        .arg("--dir")
        .arg(dir.path())
        .args(["--port", "0", "--until-stdin-closes"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start tests/smtp/server.py");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim().rsplit(':').next().and_then(|p| p.parse().ok()).expect("listening line");
    Some(Smtp { child, port, dir })
}

fn staff(name: &str, role: Role, org: Option<&str>) -> Principal {
    Principal {
        username: name.into(),
        display_name: None,
        roles: vec![role],
        organization: org.map(|o| domain::Id::parse(o).unwrap()),
        client: None,
    }
}

async fn server(store: SqlStore, clock: Arc<Moving>) -> Arc<Polku> {
    let store = Arc::new(store);
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    Arc::new(polku.with_clients(store.clone(), store.clone(), Pseudonyms::new([5; 32])).with_paths(store))
}

#[tokio::test]
async fn notifications_are_signed_retried_dead_lettered_replayed_and_sent_once() {
    let (first, dir) = testkit_sql::fresh_sqlite().await;
    let clock = Arc::new(Moving(Mutex::new("2026-11-23T10:00:00Z".parse().unwrap())));
    let one = server(first, clock.clone()).await;
    one.load_demo().await.unwrap();
    let two = server(SqlStore::open_data_dir(&dir.0).await.unwrap(), clock.clone()).await;
    let admin = staff("aada", Role::Administrator, None);
    let (nav, pro) =
        (staff("nina", Role::Navigator, Some("org-itu")), staff("pekka", Role::Professional, Some(HOMECARE)));
    let meta = RequestMeta::default();
    let mail = smtp();

    let (url, received) = receiver().await;
    let live = one.subscribe(Some(&admin), HOMECARE, "webhook", &url).await.unwrap();
    let dead = one.subscribe(Some(&admin), HOMECARE, "webhook", &down()).await.unwrap();
    if mail.is_some() {
        one.subscribe(Some(&admin), HOMECARE, "email", "kotihoito@hyvinvointialue.example").await.unwrap();
    }
    let couriers = notify::Couriers {
        http: notify::HttpCourier::new(std::time::Duration::from_secs(5)),
        smtp: mail.as_ref().map(|m| {
            notify::SmtpCourier::new(notify::SmtpConfig {
                host: "127.0.0.1".into(),
                port: m.port,
                from: "Polku <polku@hyvinvointialue.example>".into(),
                tls: notify::Tls::None,
                credentials: None,
            })
            .unwrap()
        }),
    };

    let details = ClientDetails {
        hetu: Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1949, 4, 2).unwrap(), 88),
        given_name: "Aino".into(),
        family_name: "Virtanen".into(),
        municipality: Some("638".into()),
        language: ClientLang::Fi,
        other_language: None,
        interpreter: false,
        contact: Contact::default(),
    };
    let hetu = details.hetu.expose().to_owned();
    let client = one.create_client(Some(&nav), &meta, details).await.unwrap();
    let new = NewReferral {
        to_organization: HOMECARE.into(),
        service: "svc-home-care".into(),
        send: true,
        note: None,
        plan: None,
    };
    let id = one.refer(Some(&nav), &meta, &client, new).await.unwrap();
    one.transition(Some(&pro), &meta, &client, &id, 1, Change::to(Status::Accepted)).await.unwrap();

    // Two servers deliver at once: every notification is taken by one of them.
    let (a, b) = tokio::join!(one.deliver_due(&couriers), two.deliver_due(&couriers));
    let per_event = if mail.is_some() { 3 } else { 2 };
    assert_eq!(a.unwrap() + b.unwrap(), 2 * per_event);
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "each event reached the live receiver once: {got:?}");
    for (headers, body) in &got {
        let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap();
        let secret = live.secret.as_deref().unwrap().as_bytes();
        assert!(notify::verify_signature(
            secret,
            header("polku-signature"),
            body.as_bytes(),
            Utc::now().timestamp(),
            300
        ));
        let event: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(header("polku-event"), event["id"].as_str().unwrap());
        assert!(!body.contains(&hetu) && !body.contains("Aino"), "no identity in a notification: {body}");
    }
    if let Some(m) = &mail {
        let files: Vec<_> = std::fs::read_dir(m.dir.path()).unwrap().filter_map(Result::ok).collect();
        assert_eq!(files.len(), 2, "two e-mails");
        let text = std::fs::read_to_string(files[0].path()).unwrap();
        assert!(text.contains("Lähetteen tila") && text.contains("Remissens status"), "{text}");
        assert!(!text.contains(&hetu));
    }
    // Nothing delivered is sent again.
    assert_eq!(one.deliver_due(&couriers).await.unwrap(), 0, "the failed ones wait for their backoff");
    assert_eq!(received.lock().unwrap().len(), 2);

    // The endpoint that is down: tried after 30 s, 2 min, 8 min, 32 min, about 2 h; dead after 6.
    for wait in [30, 120, 480, 1920, 7680] {
        clock.pass(Duration::seconds(wait));
        assert_eq!(one.deliver_due(&couriers).await.unwrap(), 2, "both events retried after {wait} s");
    }
    let letters = one.outbox(Some(&admin), Some("dead")).await.unwrap();
    assert_eq!(letters.len(), 2, "{letters:?}");
    assert!(letters.iter().all(|l| l.subscription == dead.id && l.attempts == 6 && l.last_error.is_some()));
    clock.pass(Duration::hours(7));
    assert_eq!(one.deliver_due(&couriers).await.unwrap(), 0, "dead letters are not tried again");
    // Replayed by the administrator: back in the queue, due now, tried once more.
    one.replay(Some(&admin), &letters[0].id).await.unwrap();
    assert!(one.replay(Some(&admin), &letters[0].id).await.is_err(), "only a dead letter is replayed");
    assert_eq!(two.deliver_due(&couriers).await.unwrap(), 1);
    let pending = one.outbox(Some(&admin), Some("pending")).await.unwrap();
    assert_eq!((pending.len(), pending[0].attempts), (1, 1));
    assert!(one.outbox(Some(&nav), Some("dead")).await.is_err(), "the administrator's list only");
}
