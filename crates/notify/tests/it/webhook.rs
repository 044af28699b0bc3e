//! Webhooks posted to a real HTTP/1.1 server on 127.0.0.1 made here (tokio, a hand-written
//! answer), which records what it got.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{DeliveryError, HttpCourier, SIGNATURE_HEADER, Webhook, signature, verify_signature};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    target: String,
    /// Names lowercased, in the order sent.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// How the server answers.
#[derive(Clone)]
enum Answer {
    Status(u16, Vec<(&'static str, String)>),
    /// Reads the request, then says nothing and keeps the connection open.
    Never,
}

struct Server {
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    async fn start(answer: Answer) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let kept = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let (answer, kept) = (answer.clone(), kept.clone());
                tokio::spawn(async move { serve(stream, answer, kept).await });
            }
        });
        Server { url, requests }
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, answer: Answer, requests: Arc<Mutex<Vec<Request>>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap().split(' ');
    let (method, target) = (first.next().unwrap().to_owned(), first.next().unwrap().to_owned());
    let headers: Vec<(String, String)> = lines
        .map(|l| l.split_once(':').expect("name: value"))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    requests.lock().unwrap().push(Request { method, target, headers, body });
    match answer {
        Answer::Status(status, extra) => {
            let text = "answered by the test\n";
            let mut reply =
                format!("HTTP/1.1 {status} Whatever\r\nContent-Length: {}\r\nConnection: close\r\n", text.len());
            for (n, v) in extra {
                reply.push_str(&format!("{n}: {v}\r\n"));
            }
            reply.push_str("\r\n");
            reply.push_str(text);
            let _ = stream.write_all(reply.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Answer::Never => {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    }
}

const SECRET: &[u8] = b"whsec_test_polku";

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn signed(url: String, body: &[u8]) -> Webhook {
    Webhook {
        url,
        headers: vec![
            (SIGNATURE_HEADER.to_owned(), signature(SECRET, now(), body)),
            ("X-Polku-Event".to_owned(), "referral.opened".to_owned()),
        ],
        body: body.to_vec(),
    }
}

const BODY: &[u8] = "{\"event\":\"referral.opened\",\"unit\":\"Hyvinvointikeskus Ähtäri\",\"språk\":\"sv\"}".as_bytes();

#[tokio::test]
async fn posts_the_body_and_headers_and_the_signature_verifies() {
    let server = Server::start(Answer::Status(200, vec![])).await;
    let courier = HttpCourier::new(Duration::from_secs(5));
    let hook = signed(format!("{}/hooks/polku?tenant=etela-savo", server.url), BODY);
    assert_eq!(courier.post(&hook).await, Ok(200));

    let got = server.requests();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/hooks/polku?tenant=etela-savo");
    assert_eq!(r.body, BODY, "the body arrives byte for byte (UTF-8 included)");
    assert_eq!(r.header("content-type"), ["application/json"]);
    assert_eq!(r.header("content-length"), [BODY.len().to_string()]);
    assert_eq!(r.header("x-polku-event"), ["referral.opened"]);
    let sig = r.header(&SIGNATURE_HEADER.to_ascii_lowercase());
    assert_eq!(sig.len(), 1);
    assert!(verify_signature(SECRET, sig[0], &r.body, now(), 300), "the receiver verifies {sig:?}");
    assert!(!verify_signature(b"another secret", sig[0], &r.body, now(), 300));
}

#[tokio::test]
async fn any_2xx_is_delivered_with_its_status() {
    for status in [201, 202, 204] {
        let server = Server::start(Answer::Status(status, vec![])).await;
        let hook = signed(format!("{}/in", server.url), BODY);
        assert_eq!(HttpCourier::default().post(&hook).await, Ok(status));
    }
}

#[tokio::test]
async fn content_type_is_always_json() {
    let server = Server::start(Answer::Status(200, vec![])).await;
    let mut hook = signed(format!("{}/in", server.url), BODY);
    hook.headers.push(("Content-Type".into(), "text/plain".into()));
    assert_eq!(HttpCourier::default().post(&hook).await, Ok(200));
    assert_eq!(server.requests()[0].header("content-type"), ["application/json"]);
}

#[tokio::test]
async fn an_error_status_is_refused_with_it() {
    for status in [500, 503, 400, 404] {
        let server = Server::start(Answer::Status(status, vec![])).await;
        let hook = signed(format!("{}/in", server.url), BODY);
        let got = HttpCourier::default().post(&hook).await;
        assert_eq!(got, Err(DeliveryError::Refused { status }));
        assert_eq!(server.requests().len(), 1, "tried once: retries are the outbox's business");
    }
    let e = DeliveryError::Refused { status: 500 };
    assert!(e.to_string().contains("refused") && e.to_string().contains("500"), "{e}");
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let got = HttpCourier::new(Duration::from_secs(5)).post(&signed(format!("http://{address}/in"), BODY)).await;
    let Err(DeliveryError::Unreachable(why)) = got else { panic!("{got:?}") };
    assert!(why.contains("127.0.0.1"), "says where: {why}");
}

#[tokio::test]
async fn an_unknown_host_is_unreachable() {
    // `.invalid` never resolves (RFC 6761).
    let got = HttpCourier::new(Duration::from_secs(5)).post(&signed("http://polku.invalid/in".into(), BODY)).await;
    assert!(matches!(got, Err(DeliveryError::Unreachable(_))), "{got:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_is_unreachable_after_the_timeout() {
    let server = Server::start(Answer::Never).await;
    let timeout = Duration::from_millis(400);
    let started = Instant::now();
    let got = HttpCourier::new(timeout).post(&signed(format!("{}/in", server.url), BODY)).await;
    let took = started.elapsed();
    let Err(DeliveryError::Unreachable(why)) = got else { panic!("{got:?}") };
    assert!(why.contains("no answer within"), "{why}");
    assert!(took >= timeout, "gave up after {took:?}");
    assert!(took < Duration::from_secs(5), "gave up only after {took:?}");
    assert_eq!(server.requests().len(), 1, "the request did arrive");
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let elsewhere = Server::start(Answer::Status(200, vec![])).await;
    for status in [301, 302, 307, 308] {
        let server =
            Server::start(Answer::Status(status, vec![("Location", format!("{}/stolen", elsewhere.url))])).await;
        let got = HttpCourier::default().post(&signed(format!("{}/in", server.url), BODY)).await;
        assert_eq!(got, Err(DeliveryError::Refused { status }));
        assert_eq!(server.requests().len(), 1);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(elsewhere.requests().is_empty(), "the signed body went nowhere else");
}

#[tokio::test]
async fn a_bad_url_or_header_is_invalid() {
    let courier = HttpCourier::default();
    for url in ["not a url", "ftp://example.fi/in", "file:///etc/passwd", "http://", ""] {
        let got = courier.post(&signed(url.into(), BODY)).await;
        assert!(matches!(got, Err(DeliveryError::Invalid(_))), "{url:?}: {got:?}");
    }
    let server = Server::start(Answer::Status(200, vec![])).await;
    for header in [("X-Bad\r\nInjected".to_owned(), "1".to_owned()), ("X-Ok".to_owned(), "a\r\nInjected: 1".to_owned())]
    {
        let mut hook = signed(format!("{}/in", server.url), BODY);
        hook.headers.push(header.clone());
        let got = courier.post(&hook).await;
        assert!(matches!(got, Err(DeliveryError::Invalid(_))), "{header:?}: {got:?}");
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}
