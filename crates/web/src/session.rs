//! Who is acting: the session from the cookie (pages) or a bearer token (API), where
//! the request came from (its id and address, for the access log and sign-in limits),
//! and CSRF protection for forms (a per-browser token in a cookie that every form must
//! echo, compared in constant time).

use crate::AppState;
use app::auth::{Principal, RequestMeta};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

pub const SESSION_COOKIE: &str = "polku_session";
pub const CSRF_COOKIE: &str = "polku_csrf";

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A cookie that scripts cannot read (`HttpOnly`), that other sites' forms do not send
/// (`SameSite=Lax`), and that is `Secure` when Polku is served over TLS.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The request's id: `X-Request-Id` when it is 1 to 64 letters, digits and dashes, else a new one.
fn request_id(parts: &Parts) -> String {
    parts
        .headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| (1..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_owned)
        .unwrap_or_else(|| app::auth::random_token()[..16].to_owned())
}

/// The peer's address; behind a trusted proxy, the address it says it forwarded for.
fn address(parts: &Parts, trust_forwarded: bool) -> String {
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let forwarded = parts
        .headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .and_then(|v| v.parse::<std::net::IpAddr>().ok());
    match forwarded {
        Some(ip) if trust_forwarded => ip.to_string(),
        _ => peer,
    }
}

/// The acting user of a request (None when anonymous), taken in one place so
/// that access logging and permission checks have one place to live.
pub struct Acting {
    pub user: Option<Principal>,
    /// Where the request came from.
    pub meta: RequestMeta,
    pub token: Option<String>,
    /// The browser's CSRF cookie, when it has one.
    pub csrf: Option<String>,
    /// The session could not be looked up because the database is unreachable: the
    /// request is served as anonymous, and a write is refused with 503 rather than 401.
    pub unavailable: bool,
}

impl FromRequestParts<AppState> for Acting {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Acting, Self::Rejection> {
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let token = bearer.or_else(|| cookie(&parts.headers, SESSION_COOKIE)).map(str::to_owned);
        let mut unavailable = false;
        let user = match &token {
            Some(token) if token.len() == 64 => match state.polku.session_user(token).await {
                Ok(user) => user,
                Err(app::AppError::Unavailable(e)) => {
                    tracing::warn!(error = %e, "session lookup: the database is unavailable");
                    unavailable = true;
                    None
                }
                Err(e) => {
                    tracing::error!(error = %e, "session lookup failed");
                    None
                }
            },
            _ => None,
        };
        let csrf = cookie(&parts.headers, CSRF_COOKIE).filter(|t| t.len() == 64).map(str::to_owned);
        let meta = RequestMeta { request_id: request_id(parts), address: address(parts, state.config.trust_forwarded) };
        Ok(Acting { user, meta, token, csrf, unavailable })
    }
}

impl Acting {
    pub fn actor(&self) -> Option<app::Actor> {
        self.user.as_ref().map(|u| app::Actor::User(u.clone()))
    }
}

/// The browser's CSRF token, and a Set-Cookie header when a new one was made.
pub fn csrf_token(headers: &HeaderMap, secure: bool) -> (String, Option<String>) {
    match cookie(headers, CSRF_COOKIE).filter(|t| t.len() == 64) {
        Some(token) => (token.to_owned(), None),
        None => {
            let token = app::auth::random_token();
            let header = set_cookie(CSRF_COOKIE, &token, 60 * 60 * 24, secure);
            (token, Some(header))
        }
    }
}

/// Whether a submitted form carries the browser's CSRF token.
pub fn csrf_ok(headers: &HeaderMap, submitted: Option<&str>) -> bool {
    match (cookie(headers, CSRF_COOKIE), submitted) {
        (Some(expected), Some(given)) if expected.len() == 64 && given.len() == expected.len() => {
            expected.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
        }
        _ => false,
    }
}
