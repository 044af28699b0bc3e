//! E-mail sent to a real SMTP server, `tests/smtp/server.py` (Python's aiosmtpd), which
//! writes each message it takes, decoded by Python's own `email` package, to a directory.
//! Without python3 or aiosmtpd these tests skip visibly, unless `POLKU_REQUIRE_SMTP=1`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use notify::{DeliveryError, Email, SmtpConfig, SmtpCourier, Tls};
use serde_json::Value;
use testkit::TempDir;

/// A running `tests/smtp/server.py`, stopped when dropped.
struct Peer {
    child: Child,
    port: u16,
    dir: TempDir,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Peer {
    /// Starts the server (AUTH required when `login` is given); `None`, a listed skip,
    /// when python3 or aiosmtpd is missing.
    fn start(test: &str, login: Option<(&str, &str)>) -> Option<Peer> {
        let python = Command::new("python3").args(["-c", "import aiosmtpd"]).output();
        let missing = match &python {
            Err(_) => Some("python3 is missing"),
            Ok(out) if !out.status.success() => Some("aiosmtpd is missing (python3 -m pip install aiosmtpd)"),
            Ok(_) => None,
        };
        if let Some(missing) = missing {
            let what = format!("notify::{test}: needs the test SMTP server (tests/smtp/server.py); {missing}");
            assert!(!testkit::required("POLKU_REQUIRE_SMTP"), "POLKU_REQUIRE_SMTP=1, but {what}");
            testkit::skipped(&what);
            return None;
        }
        let dir = TempDir::new();
        let script = testkit::workspace_root().join("tests/smtp/server.py");
        let mut command = Command::new("python3");
        command.arg(script).arg("--dir").arg(dir.path()).args(["--port", "0", "--until-stdin-closes"]);
        if let Some((user, password)) = login {
            command.args(["--user", user, "--password", password]);
        }
        let mut child =
            command.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("start tests/smtp/server.py");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx.recv_timeout(Duration::from_secs(30)).expect("the SMTP server says where it listens");
        let port = line.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or_else(|| panic!("{line:?}"));
        Some(Peer { child, port, dir })
    }

    fn config(&self) -> SmtpConfig {
        SmtpConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            from: "Polku <polku@hyvinvointialue.example>".into(),
            tls: Tls::None,
            credentials: None,
        }
    }

    /// The messages the server took, in order.
    fn messages(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort_by_key(|p| p.file_stem().and_then(|s| s.to_str()).and_then(|s| s.parse::<u32>().ok()));
        files.iter().map(|f| serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap()).collect()
    }
}

fn finnish() -> Email {
    Email {
        to: "Åsa Öhman <asa.ohman@example.fi>".into(),
        subject: "Päätös: lähete hyväksytty – åtgärd krävs".into(),
        text: "Hyvä asiakas,\n\nlähetteenne Äänekosken terveysasemalle on käsitelty.\n\
               Hälsningar från Närpes: å, ä, ö, Å, Ä, Ö.\n\
               Rivi, joka on niin pitkä, että se ylittää sähköpostin suositellun 78 merkin rivinpituuden moneen kertaan.\n"
            .into(),
    }
}

#[tokio::test]
async fn delivers_finnish_and_swedish_letters_intact() {
    let Some(peer) = Peer::start("delivers_finnish_and_swedish_letters_intact", None) else { return };
    let courier = SmtpCourier::new(peer.config()).unwrap();
    let mail = finnish();
    courier.send(&mail).await.unwrap();

    let got = peer.messages();
    assert_eq!(got.len(), 1, "{got:?}");
    let m = &got[0];
    assert_eq!(m["mail_from"], "polku@hyvinvointialue.example");
    assert_eq!(m["rcpt_tos"], serde_json::json!(["asa.ohman@example.fi"]));
    assert_eq!(m["subject"], mail.subject.as_str());
    assert_eq!(m["to"], "Åsa Öhman <asa.ohman@example.fi>");
    assert_eq!(m["from"], "Polku <polku@hyvinvointialue.example>");
    assert_eq!(m["content_type"], "text/plain");
    assert_eq!(m["charset"], "utf-8");
    // SMTP carries lines ending in CRLF; the text is the same once they are read back.
    assert_eq!(m["text"].as_str().unwrap().replace("\r\n", "\n"), mail.text);
    let raw = m["raw"].as_str().unwrap();
    assert!(raw.is_ascii(), "sent as 7-bit (any relay takes it): {raw}");
    assert!(raw.contains("MIME-Version: 1.0\r\n"), "{raw}");
    assert!(raw.lines().all(|l| l.len() <= 998), "no line over SMTP's limit");
}

#[tokio::test]
async fn sends_several_messages_one_after_another() {
    let Some(peer) = Peer::start("sends_several_messages_one_after_another", None) else { return };
    let courier = SmtpCourier::new(peer.config()).unwrap();
    for i in 0..3 {
        // The last without a final line break: it arrives with one, as SMTP ends lines.
        let text = ["yö\n", "yö\n\nkuu\n\n", "yö"][i];
        let mail = Email { to: format!("n{i}@example.fi"), subject: format!("Viesti {i}"), text: text.into() };
        courier.send(&mail).await.unwrap();
    }
    let got: Vec<(String, String)> = peer
        .messages()
        .iter()
        .map(|m| (m["subject"].as_str().unwrap().to_owned(), m["text"].as_str().unwrap().replace("\r\n", "\n")))
        .collect();
    let expected = [("Viesti 0", "yö\n"), ("Viesti 1", "yö\n\nkuu\n\n"), ("Viesti 2", "yö\n")];
    assert_eq!(got, expected.map(|(s, t)| (s.to_owned(), t.to_owned())));
}

#[tokio::test]
async fn a_line_break_in_the_subject_adds_no_header() {
    let Some(peer) = Peer::start("a_line_break_in_the_subject_adds_no_header", None) else { return };
    let courier = SmtpCourier::new(peer.config()).unwrap();
    let mail = Email { subject: "Hei\r\nBcc: urkkija@example.fi".into(), ..finnish() };
    courier.send(&mail).await.unwrap();
    let got = peer.messages();
    assert_eq!(got[0]["rcpt_tos"], serde_json::json!(["asa.ohman@example.fi"]));
    let raw = got[0]["raw"].as_str().unwrap();
    assert!(!raw.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{raw}");
}

#[tokio::test]
async fn a_recipient_the_server_refuses_is_refused_with_its_code() {
    let Some(peer) = Peer::start("a_recipient_the_server_refuses_is_refused_with_its_code", None) else { return };
    let courier = SmtpCourier::new(peer.config()).unwrap();
    let mail = Email { to: "refused.user@example.fi".into(), ..finnish() };
    assert_eq!(courier.send(&mail).await, Err(DeliveryError::Refused { status: 550 }));
    assert!(peer.messages().is_empty());
}

#[tokio::test]
async fn signs_in_with_credentials() {
    let Some(peer) = Peer::start("signs_in_with_credentials", Some(("polku", "salasana-ä"))) else { return };
    let anonymous = SmtpCourier::new(peer.config()).unwrap();
    let got = anonymous.send(&finnish()).await;
    assert!(matches!(got, Err(DeliveryError::Refused { status: 530 })), "AUTH required: {got:?}");

    let wrong = SmtpConfig { credentials: Some(("polku".into(), "väärä".into())), ..peer.config() };
    let got = SmtpCourier::new(wrong).unwrap().send(&finnish()).await;
    assert!(matches!(got, Err(DeliveryError::Refused { status: 535 })), "{got:?}");
    assert!(peer.messages().is_empty());

    let right = SmtpConfig { credentials: Some(("polku".into(), "salasana-ä".into())), ..peer.config() };
    SmtpCourier::new(right).unwrap().send(&finnish()).await.unwrap();
    assert_eq!(peer.messages().len(), 1);
}

#[tokio::test]
async fn required_tls_is_never_given_up() {
    let Some(peer) = Peer::start("required_tls_is_never_given_up", None) else { return };
    for tls in [Tls::StartTls, Tls::Wrapper] {
        // The plain server offers no STARTTLS and speaks no TLS: nothing is sent in clear.
        let config = SmtpConfig { tls, credentials: Some(("polku".into(), "salaisuus".into())), ..peer.config() };
        let courier = SmtpCourier::with_timeout(config, Duration::from_secs(5)).unwrap();
        let got = courier.send(&finnish()).await;
        assert!(matches!(got, Err(DeliveryError::Unreachable(_))), "{tls:?}: {got:?}");
    }
    assert!(peer.messages().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let config = SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        from: "polku@hyvinvointialue.example".into(),
        tls: Tls::None,
        credentials: None,
    };
    let started = Instant::now();
    let got = SmtpCourier::new(config).unwrap().send(&finnish()).await;
    let Err(DeliveryError::Unreachable(why)) = got else { panic!("{got:?}") };
    assert!(why.contains(&format!("127.0.0.1:{port}")), "says where: {why}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_server_that_never_answers_is_unreachable_after_the_timeout() {
    // Accepts connections (the kernel's backlog) but never sends the greeting.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let config = SmtpConfig {
        host: "127.0.0.1".into(),
        port: listener.local_addr().unwrap().port(),
        from: "polku@hyvinvointialue.example".into(),
        tls: Tls::None,
        credentials: None,
    };
    let timeout = Duration::from_millis(400);
    let started = Instant::now();
    let got = SmtpCourier::with_timeout(config, timeout).unwrap().send(&finnish()).await;
    assert!(matches!(got, Err(DeliveryError::Unreachable(_))), "{got:?}");
    assert!(started.elapsed() >= timeout && started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    drop(listener);
}

#[tokio::test]
async fn a_bad_address_is_invalid() {
    let config = SmtpConfig {
        host: "127.0.0.1".into(),
        port: 1,
        from: "polku@hyvinvointialue.example".into(),
        tls: Tls::None,
        credentials: None,
    };
    for from in ["", "polku", "polku@", "Polku <polku@hyvinvointialue.example", "a@b\r\nBcc: x@y.fi"] {
        let got = SmtpCourier::new(SmtpConfig { from: from.into(), ..config.clone() });
        assert!(matches!(got, Err(DeliveryError::Invalid(_))), "sender {from:?}: {got:?}");
    }
    assert!(matches!(
        SmtpCourier::new(SmtpConfig { host: " ".into(), ..config.clone() }),
        Err(DeliveryError::Invalid(_))
    ));
    let courier = SmtpCourier::new(config).unwrap();
    for to in ["", "asiakas", "asiakas@", "@example.fi", "a b@example.fi", "x@y.fi\r\nBcc: z@w.fi", "a@b.fi, c@d.fi"] {
        let got = courier.send(&Email { to: to.into(), ..finnish() }).await;
        assert!(matches!(got, Err(DeliveryError::Invalid(_))), "recipient {to:?}: {got:?}");
    }
}

#[test]
fn the_password_stays_out_of_debug() {
    let config = SmtpConfig {
        host: "smtp.example.fi".into(),
        port: 587,
        from: "polku@example.fi".into(),
        tls: Tls::StartTls,
        credentials: Some(("polku".into(), "hyvin-salainen".into())),
    };
    let shown = format!("{config:?}");
    assert!(shown.contains("polku") && !shown.contains("hyvin-salainen"), "{shown}");
}
