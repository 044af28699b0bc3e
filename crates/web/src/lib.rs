//! Polku's HTTP layer: the JSON API under `/api/v1`, its OpenAPI document, and the
//! server-rendered pages (resident service finder, staff catalog editor) in
//! Finnish, Swedish and English. The only crate that knows about HTTP; it calls
//! the application layer ([`app::Polku`]) and owns its wire formats.

mod api;
mod error;
mod fhir;
mod fhir_referrals;
mod hsds;
pub mod i18n;
mod pages;
mod params;
mod session;
pub mod sso;

use app::Polku;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::get;
use std::sync::Arc;
use tower::ServiceBuilder;

pub use error::ApiError;
pub use sso::OidcConfig;

/// Settings of the HTTP layer.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from the last `X-Forwarded-For` entry (set when a proxy
    /// that sets it stands in front of Polku).
    pub trust_forwarded: bool,
    /// Where browsers reach Polku, e.g. `https://polku.example.fi`: single sign-on sends
    /// providers back to `<public_url>/auth/callback`.
    pub public_url: Option<String>,
    /// Staff single sign-on (OpenID Connect), when configured.
    pub sso: Option<OidcConfig>,
    /// Residents' strong identification (OpenID Connect, the identity code as a claim).
    pub resident_sso: Option<OidcConfig>,
}

#[derive(Clone)]
pub struct AppState {
    pub polku: Arc<Polku>,
    pub i18n: Arc<i18n::I18n>,
    pub config: Arc<WebConfig>,
    /// The single sign-on providers, their cached keys and an HTTP client.
    pub sso: Arc<sso::Sso>,
}

impl AppState {
    pub fn new(polku: Arc<Polku>, config: WebConfig) -> AppState {
        let sso = Arc::new(sso::Sso::new(&config));
        AppState { polku, i18n: Arc::new(i18n::I18n::load()), config: Arc::new(config), sso }
    }
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/static/polku.css", get(css))
        // Browsers ask for `/favicon.ico` whatever the page links: both give the same icon.
        .route("/static/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .nest("/api/v1", api::router())
        .nest("/hsds", hsds::router())
        .nest("/fhir", fhir::router())
        .route("/hsds/", get(hsds::root))
        .merge(sso::router())
        .merge(pages::router())
        .fallback(pages::not_found)
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn_with_state(state.clone(), security_headers))
                .layer(tower_http::catch_panic::CatchPanicLayer::custom(error::panic_response))
                .layer(tower_http::trace::TraceLayer::new_for_http()),
        )
        .with_state(state)
}

/// Serve the application on a bound listener until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    let snapshot = state.polku.snapshot();
    axum::Json(serde_json::json!({
        "status": "ok",
        "services": snapshot.catalog.services.len(),
        "units": snapshot.catalog.units.len(),
    }))
}

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/polku.css"),
    )
}

async fn favicon() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")],
        include_str!("../static/favicon.svg"),
    )
}

async fn security_headers(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    // The embeddable finder (and only it) may be framed by any site.
    let framable = response.extensions().get::<pages::Framable>().is_some();
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "same-origin");
    if !framable {
        set(headers, "x-frame-options", "DENY");
    }
    set(headers, "cross-origin-opener-policy", "same-origin");
    set(headers, "cross-origin-resource-policy", if framable { "cross-origin" } else { "same-origin" });
    set(headers, "permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if state.config.secure_cookies {
        // Served over TLS: browsers keep to it for a year.
        set(headers, "strict-transport-security", "max-age=31536000; includeSubDomains");
    }
    set(
        headers,
        "content-security-policy",
        if framable {
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors *"
        } else {
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'"
        },
    );
    response
}
