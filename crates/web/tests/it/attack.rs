//! What a penetration tester tries first, against a real listening server: a 10 MB
//! header, forged session tokens, and the security headers on every answer.

use app::Polku;
use axum::http::StatusCode;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn serve() -> (std::net::SocketAddr, testkit_sql::TempDir, tokio::sync::oneshot::Sender<()>) {
    let (store, dir) = testkit_sql::fresh_sqlite().await;
    let store = Arc::new(store);
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), crate::clock()).await.unwrap();
    let polku = Arc::new(polku.with_clients(store.clone(), store, app::clients::Pseudonyms::new([1; 32])));
    let state = web::AppState::new(
        polku,
        web::WebConfig { secure_cookies: true, trust_forwarded: false, ..Default::default() },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(web::serve(listener, state, async move {
        let _ = stopped.await;
    }));
    (address, dir, stop)
}

async fn raw(address: std::net::SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    // The server may answer and close before the whole request is written.
    let _ = stream.write_all(request).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_ten_megabyte_header_is_refused_and_the_server_goes_on() {
    let (address, _dir, _stop) = serve().await;
    let mut request = b"GET /api/v1/services HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    request.extend(std::iter::repeat_n(b'a', 10 * 1024 * 1024));
    request.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    let answer = raw(address, &request).await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{}", &answer[..answer.len().min(200)]);
    let answer = raw(address, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn forged_tokens_open_nothing_and_every_answer_has_the_security_headers() {
    let (address, _dir, _stop) = serve().await;
    for token in ["0".repeat(64), "' OR 1=1 --".into(), "a".repeat(10_000)] {
        let request = format!(
            "POST /api/v1/clients HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nCookie: polku_session={token}\r\n\
             Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        );
        let answer = raw(address, request.as_bytes()).await;
        assert!(answer.starts_with("HTTP/1.1 401") || answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    let answer = raw(address, b"GET /fi/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.to_lowercase();
    assert!(answer.starts_with("http/1.1 200"), "{answer}");
    for header in [
        "content-security-policy: default-src 'self'",
        "script-src 'none'",
        "frame-ancestors 'none'",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "referrer-policy: same-origin",
        "strict-transport-security: max-age=",
        "cross-origin-opener-policy: same-origin",
        "permissions-policy:",
    ] {
        assert!(answer.contains(header), "{header} missing in {answer}");
    }
    assert_eq!(StatusCode::OK.as_u16(), 200);
}
