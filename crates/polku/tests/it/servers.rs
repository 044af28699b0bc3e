//! Several servers, one database: two `polku serve` processes on one PostgreSQL see each
//! other's catalog and rule edits, share sessions, and refuse a stale update with 409.
//! Skips visibly without a PostgreSQL server, unless POLKU_REQUIRE_POSTGRES=1 (CI).

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `polku serve` child, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(url: &str, dir: &std::path::Path, demo: bool) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_polku"));
    command.args(["serve", "--bind", "127.0.0.1:0", "--follow-ms", "100", "--database-url", url]);
    // The servers of one database share the pseudonym key, kept in the data directory.
    command.arg("--data-dir").arg(dir);
    if demo {
        // No monitoring events: these servers test the catalog, rules and sessions.
        command.args(["--demo", "--demo-sample", "0"]);
    }
    let mut child = command
        .env("POLKU_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start polku serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("open http://").nth(1) {
                let address: String =
                    rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':').collect();
                let _ = tx.send(address);
            }
        }
    });
    let address = rx.recv_timeout(Duration::from_secs(60)).expect("the server says where it listens");
    Server { child, address }
}

/// One HTTP/1.1 request; (status, ETag, body).
fn request(server: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        server.address,
        body.len()
    );
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("etag: ").or_else(|| l.strip_prefix("ETag: ")))
        .unwrap_or_default()
        .to_owned();
    // Bodies may come chunked: take the JSON between the first `{` and the last `}`.
    let body = match (body.find(['{', '[']), body.rfind(['}', ']'])) {
        (Some(a), Some(b)) if a <= b => body[a..=b].to_owned(),
        _ => body.to_owned(),
    };
    (status, etag, body)
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// Poll until `check` holds (the servers follow each other within a second; the test
/// allows much longer so that a slow CI machine does not fail it).
fn eventually(what: &str, mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if check() {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{what}: not seen within 20 s");
}

#[test]
fn two_servers_on_one_postgres_see_each_others_writes() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = runtime.block_on(testkit_sql::fresh_postgres_url("two_servers")) else {
        testkit_sql::skipped("two_servers_on_one_postgres_see_each_others_writes: needs PostgreSQL");
        return;
    };
    let dir = tempdir();
    let added = Command::new(env!("CARGO_BIN_EXE_polku"))
        .args([
            "user",
            "add",
            "anna",
            "--role",
            "catalog_editor",
            "--role",
            "planner",
            "--role",
            "navigator",
            "--password-stdin",
            "--database-url",
            &url,
        ])
        .arg("--data-dir")
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"correct horse battery staple\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let a = start(&url, &dir, true);
    let b = start(&url, &dir, false);

    // A session made on one server works on the other.
    let (status, _, body) = request(
        &a,
        "POST",
        "/api/v1/sessions",
        &[],
        r#"{"username":"anna","password":"correct horse battery staple"}"#,
    );
    assert_eq!(status, 201, "{body}");
    let token = json_of(&body)["token"].as_str().unwrap().to_owned();
    let auth = format!("Bearer {token}");

    // A new service written through A is found, read and searched on B.
    let (_, _, list) = request(&a, "GET", "/api/v1/services?per_page=1", &[], "");
    let first = json_of(&list)["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, _, template) = request(&a, "GET", &format!("/api/v1/services/{first}"), &[], "");
    assert_eq!(status, 200);
    let mut service = json_of(&template);
    service["id"] = json!("svc-two-servers");
    service["name"] = json!({"fi": "Kaksoispalvelinpalvelu", "sv": "Tvåservertjänst", "en": "Two-server service"});
    let (status, etag, body) =
        request(&a, "POST", "/api/v1/services", &[("Authorization", &auth)], &service.to_string());
    assert_eq!((status, etag.as_str()), (201, "\"1\""), "{body}");
    eventually("the new service on B", || request(&b, "GET", "/api/v1/services/svc-two-servers", &[], "").0 == 200);
    let (_, _, found) = request(&b, "GET", "/api/v1/services?q=kaksoispalvelinpalvelu", &[], "");
    assert_eq!(json_of(&found)["items"][0]["id"], "svc-two-servers", "{found}");

    // B updates it from revision 1; A's later update from revision 1 is refused with 409
    // naming the current revision, and B's change is not lost.
    service["name"]["fi"] = json!("Päivitetty B:ssä");
    let (status, etag, body) = request(
        &b,
        "PUT",
        "/api/v1/services/svc-two-servers",
        &[("Authorization", &auth), ("If-Match", "\"1\"")],
        &service.to_string(),
    );
    assert_eq!((status, etag.as_str()), (200, "\"2\""), "{body}");
    service["name"]["fi"] = json!("Päivitetty A:ssa");
    let (status, _, body) = request(
        &a,
        "PUT",
        "/api/v1/services/svc-two-servers",
        &[("Authorization", &auth), ("If-Match", "\"1\"")],
        &service.to_string(),
    );
    assert_eq!(status, 409, "{body}");
    let refusal = json_of(&body);
    assert_eq!(refusal["code"], "stale_revision");
    assert!(refusal["details"][0]["problem"].as_str().unwrap().contains('2'), "{body}");
    let (_, etag, body) = request(&a, "GET", "/api/v1/services/svc-two-servers", &[], "");
    assert_eq!((etag.as_str(), json_of(&body)["name"]["fi"].as_str()), ("\"2\"", Some("Päivitetty B:ssä")));

    // A rule file edited through B is in force on A.
    let path = "/api/v1/rules/files/today/askola.rules";
    let (status, _, body) = request(&b, "GET", path, &[], "");
    assert_eq!(status, 200, "{body}");
    let source = format!("{}\n# edited through server B\n", json_of(&body)["source"].as_str().unwrap());
    let (status, _, body) =
        request(&b, "PUT", path, &[("Authorization", &auth)], &json!({ "source": source }).to_string());
    assert_eq!(status, 200, "{body}");
    eventually("the rule edit on A", || {
        let (_, _, body) = request(&a, "GET", path, &[], "");
        body.contains("edited through server B")
    });

    // Client data: made on A, read on both, every access in one chain that verifies.
    let client = json!({ "hetu": "131052-308T", "given_name": "Aino", "family_name": "Virtanen", "language": "fi" });
    let (status, _, body) = request(&a, "POST", "/api/v1/clients", &[("Authorization", &auth)], &client.to_string());
    assert_eq!(status, 201, "{body}");
    let id = json_of(&body)["id"].as_str().unwrap().to_owned();
    for server in [&a, &b, &a, &b] {
        let (status, _, body) =
            request(server, "GET", &format!("/api/v1/clients/{id}"), &[("Authorization", &auth)], "");
        assert_eq!((status, json_of(&body)["given_name"].as_str()), (200, Some("Aino")), "{body}");
    }
    let verify = Command::new(env!("CARGO_BIN_EXE_polku"))
        .args(["audit", "verify", "--database-url", &url])
        .arg("--data-dir")
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success() && stdout.contains("access log intact: 5 rows verified"), "{stdout}");
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("polku-two-servers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
