//! A server that loses its database answers 503 on writes, keeps serving reads from its
//! snapshot, and recovers by itself when the database returns: PostgreSQL reached through
//! a TCP proxy that the test cuts and restores. Skips visibly without PostgreSQL.

use crate::{TestApp, clock};
use app::Polku;
use axum::http::StatusCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// Forwards connections to PostgreSQL until cut; while cut, drops every connection.
struct Proxy {
    port: u16,
    down: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = Arc::new(AtomicBool::new(false));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (d, l) = (down.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if d.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused at once
                }
                let target = target.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                l.lock().unwrap().push(link);
            }
        });
        Proxy { port, down, links }
    }

    fn cut(&self) {
        self.down.store(true, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.down.store(false, Ordering::SeqCst);
    }
}

/// `postgres://user@host:port/db` → (`host:port`, the URL with `127.0.0.1:<port>` instead).
fn through(url: &str, port: u16) -> (String, String) {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (credentials, rest) = rest.rsplit_once('@').map(|(c, r)| (format!("{c}@"), r)).unwrap_or((String::new(), rest));
    let (host, path) = rest.split_once('/').unwrap();
    (host.to_owned(), format!("{scheme}://{credentials}127.0.0.1:{port}/{path}"))
}

#[tokio::test]
async fn losing_the_database_gives_503_on_writes_reads_go_on_and_it_recovers() {
    let Some(url) = testkit_sql::fresh_postgres_url("outage").await else {
        testkit_sql::skipped("losing_the_database_gives_503_on_writes: needs PostgreSQL");
        return;
    };
    let (target, _) = through(&url, 0);
    let proxy = Proxy::start(target).await;
    let (_, proxied) = through(&url, proxy.port);
    let store = Arc::new(testkit_sql::SqlStore::connect(&proxied).await.unwrap());
    let polku = Arc::new(Polku::open(store.clone(), store.clone(), store, clock()).await.unwrap());
    polku.load_demo().await.unwrap();
    polku.add_user("anna", crate::PASSWORD, &[domain::client::Role::CatalogEditor], None).await.unwrap();
    let state = web::AppState::new(polku.clone(), web::WebConfig::default());
    let app = TestApp { router: web::router(state), polku, _dir: testkit_sql::TempDir::new() };
    let token = app.token().await;
    let id = app.get("/api/v1/organizations?per_page=1").await.json()["items"][0]["id"].as_str().unwrap().to_owned();
    let organization = app.get(&format!("/api/v1/organizations/{id}")).await.json();
    let path = format!("/api/v1/organizations/{id}");

    proxy.cut();
    // Writes: 503 with Retry-After, nothing written.
    let mut changed = organization.clone();
    changed["name"]["fi"] = serde_json::json!("Katkon aikana");
    let reply = app.json("PUT", &path, Some(&token), &changed.to_string()).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{}", reply.body);
    assert_eq!(reply.json()["code"], "unavailable");
    assert!(reply.headers.contains_key("retry-after"));
    // Reads: from the snapshot, unchanged.
    let reply = app.get(&path).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), organization);
    assert_eq!(app.get("/api/v1/services?q=kotihoito").await.status, StatusCode::OK);
    assert_eq!(app.get("/fi/").await.status, StatusCode::OK);

    proxy.restore();
    // It recovers by itself: the same write now lands.
    let mut reply = app.json("PUT", &path, Some(&token), &changed.to_string()).await;
    for _ in 0..50 {
        if reply.status != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        reply = app.json("PUT", &path, Some(&token), &changed.to_string()).await;
    }
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.get(&path).await.json()["name"]["fi"], "Katkon aikana");
}
