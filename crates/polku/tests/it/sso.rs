//! Single sign-on through the `polku` binary: `polku serve` configured with the
//! `--oidc-*` and `--resident-oidc-*` options (secrets from the environment) against the
//! real test providers (`tests/oidc`, panva's oidc-provider). With PostgreSQL, two servers
//! share one database and a sign-in begun on one is finished on the other (the login in
//! flight is in the database); without it, one server on SQLite. The servers' logs never
//! carry the resident's identity code. Skips visibly without Node.js, unless
//! POLKU_REQUIRE_OIDC=1 or POLKU_REQUIRE_BROWSER=1 (CI).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use testkit::oidc::{self, Jar, request};

const HETU: &str = "131052-308T";

struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(bind: &str, public_url: &str, db: &[&str], providers: &oidc::Providers) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_polku"))
        .args(["serve", "--bind", bind, "--public-url", public_url, "--follow-ms", "100"])
        .args(db)
        .args(["--oidc-issuer", &providers.staff, "--oidc-client-id", "polku-staff"])
        .args(["--resident-oidc-issuer", &providers.resident, "--resident-oidc-client-id", "polku-resident"])
        .args(["--resident-oidc-scopes", "openid profile personal_identity_code", "--resident-hetu-claim", "hetu"])
        .env("POLKU_OIDC_CLIENT_SECRET", "staff-secret")
        .env("POLKU_RESIDENT_OIDC_CLIENT_SECRET", "resident-secret")
        .env("POLKU_LOG", "debug")
        .env("NO_COLOR", "1")
        .env_remove("POLKU_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start polku serve");
    let stderr = child.stderr.take().expect("stderr");
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let lines = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("open http://").nth(1) {
                let address: String =
                    rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':').collect();
                let _ = tx.send(address);
            }
            lines.lock().unwrap().push(line);
        }
    });
    let address = rx.recv_timeout(Duration::from_secs(60)).expect("the server says where it listens");
    Server { child, url: format!("http://{address}"), log }
}

/// Signs in at `start` (on server `a`) as `account` at the provider, and comes back on
/// server `b`: the reply to the callback.
fn sign_in(a: &Server, b: &Server, public_url: &str, start: &str, account: &str) -> (oidc::Reply, Jar) {
    let mut jar = Jar::default();
    let begun = request("GET", &format!("{}{start}", a.url), &[], &jar.0, "").unwrap();
    assert_eq!(begun.status, 303, "{}", begun.body);
    jar.take(&begun);
    let authorize = begun.header("location").unwrap().to_owned();
    let back = oidc::sign_in(&authorize, account, public_url).unwrap_or_else(|e| panic!("at the provider: {e}"));
    let path = back.strip_prefix(public_url).unwrap();
    let reply = request("GET", &format!("{}{path}", b.url), &[], &jar.0, "").unwrap();
    jar.take(&reply);
    (reply, jar)
}

#[test]
fn staff_and_residents_sign_in_with_the_binarys_options() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let bind = free.local_addr().unwrap().to_string();
    let public_url = format!("http://{bind}");
    let Some(providers) = oidc::start("staff_and_residents_sign_in_with_the_binarys_options", &public_url) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let postgres = runtime.block_on(testkit_sql::fresh_postgres_url("sso_two_servers"));
    let dir = testkit::TempDir::new();
    let data_dir = dir.path().to_string_lossy().into_owned();
    let db: Vec<&str> = match &postgres {
        // The servers of one database share the pseudonym key in the data directory.
        Some(url) => vec!["--database-url", url, "--data-dir", &data_dir],
        None => vec!["--data-dir", &data_dir],
    };
    drop(free);
    let a = serve(&bind, &public_url, &db, &providers);
    let b = match &postgres {
        Some(_) => Some(serve("127.0.0.1:0", &public_url, &db, &providers)),
        None => {
            testkit::skipped("sso: a sign-in begun on one server, finished on another: needs PostgreSQL");
            None
        }
    };
    let finisher = b.as_ref().unwrap_or(&a);

    // The login page offers single sign-on; the header offers residents theirs.
    let login = request("GET", &format!("{}/en/login", a.url), &[], &[], "").unwrap();
    assert!(login.body.contains("/en/login/sso") && login.body.contains("/en/login/resident"), "{}", login.body);

    // Staff: begun on A, finished on B; the session works on A.
    let (reply, jar) = sign_in(&a, finisher, &public_url, "/en/login/sso", "anna.sso");
    assert_eq!((reply.status, reply.header("location")), (303, Some("/en/editor")), "{}", reply.body);
    assert!(jar.get("polku_session").is_some());
    let editor = request("GET", &format!("{}/en/editor", a.url), &[], &jar.0, "").unwrap();
    assert_eq!(editor.status, 200, "{}", editor.body);
    // The header names the person by the name the provider gave.
    assert!(editor.body.contains("Sign out (Anna Sso)"), "{}", editor.body);

    // Residents: strong identification, the identity code from the claim.
    let (reply, jar) = sign_in(&a, finisher, &public_url, "/fi/login/resident", "resident-1");
    assert_eq!((reply.status, reply.header("location")), (303, Some("/fi/")), "{}", reply.body);
    assert!(jar.get("polku_session").is_some());

    // The users, as the administrator sees them.
    let mut list = Command::new(env!("CARGO_BIN_EXE_polku"));
    list.args(["user", "list"]).args(&db).env("POLKU_LOG", "warn").env_remove("POLKU_DATABASE_URL");
    let out = list.output().unwrap();
    let users = String::from_utf8_lossy(&out.stdout);
    let anna: Vec<&str> = users.lines().find(|l| l.starts_with("anna.sso\t")).expect(&users).split('\t').collect();
    let mut roles: Vec<&str> = anna[1].split(',').collect();
    roles.sort();
    assert_eq!(
        (roles, anna[2], anna[3]),
        (vec!["catalog_editor", "planner"], "-", providers.staff.as_str()),
        "{users}"
    );
    assert!(users.lines().any(|l| l.starts_with("resident-") && l.contains("\tresident\t")), "{users}");
    assert!(!users.contains(HETU), "{users}");

    let finished = finisher.log.lock().unwrap().iter().filter(|l| l.contains("single sign-on completed")).count();
    assert_eq!(finished, 2, "the finishing server logs both sign-ins");
    // No log line of either server carries the identity code, a token or the secrets.
    for server in [Some(&a), b.as_ref()].into_iter().flatten() {
        let log = server.log.lock().unwrap();
        assert!(log.iter().any(|l| l.contains("single sign-on")), "{}", log.join("\n"));
        for line in log.iter() {
            for secret in [HETU, "131052", "staff-secret", "resident-secret", "id_token="] {
                assert!(!line.contains(secret), "a log line carries {secret:?}: {line}");
            }
        }
    }
}

#[test]
fn serve_help_teaches_single_sign_on() {
    let out = Command::new(env!("CARGO_BIN_EXE_polku")).args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--oidc-issuer",
        "--oidc-client-id",
        "POLKU_OIDC_CLIENT_SECRET",
        "--resident-oidc-issuer",
        "POLKU_RESIDENT_OIDC_CLIENT_SECRET",
        "--resident-hetu-claim",
        "urn:oid:1.2.246.21",
        "--public-url",
        "/auth/callback",
    ] {
        assert!(help.contains(needle), "{needle} not in serve --help:\n{help}");
    }
}
