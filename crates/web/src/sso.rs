//! Single sign-on with OpenID Connect: staff at the organisation's provider, residents at
//! a strong identification provider (as Suomi.fi e-Identification) whose `id_token`
//! carries the personal identity code. Authorization code flow with PKCE (S256), `state`
//! and `nonce`; the login in flight is kept by `app::sso` in the database (any server
//! can finish it, once) and bound to the browser by an HttpOnly cookie holding its state.
//! The `id_token` is checked here: signature by the provider's JWKS (from its discovery
//! document, cached, fetched again for an unknown `kid`), `iss`, `aud`/`azp`, `exp`/`iat`/
//! `nbf` with a small leeway, `nonce`. Claims become an [`app::auth::SsoIdentity`] and
//! [`app::Polku::sso_session`] opens the session. Every refusal is a 4xx page (or JSON)
//! in the page's language, logged without tokens or identity codes.

use crate::AppState;
use crate::error::ApiError;
use crate::pages::{Ctx, page, preferred_lang, respond};
use crate::params::Params;
use crate::session::{Acting, SESSION_COOKIE, cookie, set_cookie};
use app::AppError;
use app::auth::SsoIdentity;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use domain::Lang;
use domain::client::{Hetu, Role};
use jsonwebtoken::jwk::{Jwk, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use maud::html;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

/// The cookie that binds a login in flight to the browser that began it.
pub const SSO_COOKIE: &str = "polku_sso";
/// Clock skew allowed between Polku and the provider, in seconds.
pub const LEEWAY_SECONDS: i64 = 60;
/// The discovery document and keys are fetched again after this long.
const METADATA_TTL: Duration = Duration::from_secs(3600);
/// An unknown `kid` fetches the keys again at most this often (forged tokens cannot make
/// Polku hammer the provider).
const REFETCH_EVERY: Duration = Duration::from_secs(30);
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
/// Signature algorithms accepted for `id_token`s: asymmetric only (never `none`, never HMAC).
const ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// One OpenID provider as Polku uses it.
#[derive(Clone)]
pub struct OidcConfig {
    /// The issuer, exactly as the provider's discovery document and tokens spell it.
    pub issuer: String,
    pub client_id: String,
    /// Sent with HTTP Basic authentication to the token endpoint (`client_secret_basic`).
    pub client_secret: Option<String>,
    /// Space-separated scopes to ask for (`openid` first).
    pub scopes: String,
    /// Staff: the claim with the username (lowercased).
    pub username_claim: String,
    /// Staff: the claim with Polku role names (an array, or a space- or comma-separated string).
    pub roles_claim: String,
    /// Staff: the claim with the id of the catalog organisation the person works for.
    pub organization_claim: String,
    /// Residents: the claim with the personal identity code.
    pub hetu_claim: String,
    /// Space-separated authentication context classes to ask for (`acr_values`, e.g.
    /// Suomi.fi's `http://ftn.ficora.fi/2017/loa3`); when set, the token's `acr` must be one.
    pub acr_values: Option<String>,
}

impl OidcConfig {
    /// A provider with the default scopes and claim names.
    pub fn new(issuer: &str, client_id: &str, client_secret: Option<String>) -> OidcConfig {
        OidcConfig {
            issuer: issuer.to_owned(),
            client_id: client_id.to_owned(),
            client_secret,
            scopes: "openid profile".into(),
            username_claim: "preferred_username".into(),
            roles_claim: "roles".into(),
            organization_claim: "organization".into(),
            hetu_claim: "hetu".into(),
            acr_values: None,
        }
    }
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "(set)"))
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

/// Which of the two providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Staff,
    Resident,
}

impl Which {
    fn as_str(self) -> &'static str {
        match self {
            Which::Staff => "staff",
            Which::Resident => "resident",
        }
    }

    fn parse(s: &str) -> Option<Which> {
        match s {
            "staff" => Some(Which::Staff),
            "resident" => Some(Which::Resident),
            _ => None,
        }
    }
}

/// What the discovery document and the JWKS said, cached per provider.
struct Metadata {
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    keys: Vec<Jwk>,
    fetched: Instant,
    refetched: Option<Instant>,
}

struct Provider {
    which: Which,
    config: OidcConfig,
    cache: tokio::sync::Mutex<Option<Metadata>>,
}

/// The single sign-on side of one server: the providers, their cached keys, an HTTP client.
pub struct Sso {
    client: Option<reqwest::Client>,
    redirect_uri: String,
    staff: Option<Provider>,
    resident: Option<Provider>,
}

impl Sso {
    pub fn new(config: &crate::WebConfig) -> Sso {
        let public = config.public_url.as_deref().unwrap_or("http://127.0.0.1:8080").trim_end_matches('/');
        let client = reqwest::Client::builder()
            .timeout(HTTP_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| tracing::error!(error = %e, "single sign-on: no HTTP client"))
            .ok();
        let provider = |which, config: &Option<OidcConfig>| {
            config.clone().map(|config| Provider { which, config, cache: tokio::sync::Mutex::new(None) })
        };
        Sso {
            client,
            redirect_uri: format!("{public}/auth/callback"),
            staff: provider(Which::Staff, &config.sso),
            resident: provider(Which::Resident, &config.resident_sso),
        }
    }

    fn provider(&self, which: Which) -> Option<&Provider> {
        match which {
            Which::Staff => self.staff.as_ref(),
            Which::Resident => self.resident.as_ref(),
        }
    }

    /// Whether staff single sign-on is configured (the login page offers it).
    pub fn staff_enabled(&self) -> bool {
        self.staff.is_some()
    }

    /// Whether residents can sign in with strong identification.
    pub fn resident_enabled(&self) -> bool {
        self.resident.is_some()
    }
}

/// Why a login was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    NotConfigured,
    /// No, a wrong, a used or an expired `state`.
    BadState(&'static str),
    /// The provider sent the browser back with `error=`.
    ProviderError(String),
    /// The token endpoint refused the code.
    CodeRefused(String),
    /// The `id_token` failed a check (which one).
    InvalidToken(&'static str),
    /// The token was good but its claims cannot be used (which claim).
    Identity(String),
    /// The provider cannot be reached, or answers nonsense.
    Unavailable(String),
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::NotConfigured => StatusCode::NOT_FOUND,
            Refusal::BadState(_) => StatusCode::BAD_REQUEST,
            Refusal::ProviderError(_) | Refusal::CodeRefused(_) | Refusal::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            Refusal::Identity(_) => StatusCode::FORBIDDEN,
            Refusal::Unavailable(_) => StatusCode::BAD_GATEWAY,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Refusal::NotConfigured => "sso_not_configured",
            Refusal::BadState(_) => "sso_bad_state",
            Refusal::ProviderError(_) => "sso_provider_error",
            Refusal::CodeRefused(_) => "sso_code_refused",
            Refusal::InvalidToken(_) => "sso_invalid_token",
            Refusal::Identity(_) => "sso_identity_refused",
            Refusal::Unavailable(_) => "sso_unavailable",
        }
    }

    /// The message id of the page's explanation.
    fn message(&self) -> &'static str {
        match self {
            Refusal::NotConfigured => "sso-error-not-configured",
            Refusal::BadState(_) => "sso-error-state",
            Refusal::ProviderError(_) | Refusal::CodeRefused(_) => "sso-error-provider",
            Refusal::InvalidToken(_) => "sso-error-token",
            Refusal::Identity(_) => "sso-error-identity",
            Refusal::Unavailable(_) => "sso-error-unavailable",
        }
    }

    /// What it is about, for the JSON `details`, the page and the log (never a token or code).
    fn detail(&self) -> (&'static str, String) {
        match self {
            Refusal::NotConfigured => ("provider", "not configured on this server".into()),
            Refusal::BadState(why) => ("state", (*why).into()),
            Refusal::ProviderError(error) => ("error", error.clone()),
            Refusal::CodeRefused(error) => ("code", error.clone()),
            Refusal::InvalidToken(why) => ("id_token", (*why).into()),
            Refusal::Identity(claim) => ("claims", claim.clone()),
            Refusal::Unavailable(why) => ("provider", why.clone()),
        }
    }

    fn english(&self) -> &'static str {
        match self {
            Refusal::NotConfigured => "single sign-on is not configured on this server",
            Refusal::BadState(_) => {
                "the sign-in is unknown, expired (10 minutes) or was used already; start the sign-in again"
            }
            Refusal::ProviderError(_) => "the identity provider did not sign you in",
            Refusal::CodeRefused(_) => "the identity provider refused to complete the sign-in",
            Refusal::InvalidToken(_) => "the identity provider's token was refused",
            Refusal::Identity(_) => "the identity cannot be used to sign in to Polku",
            Refusal::Unavailable(_) => "the identity provider cannot be reached just now; try again shortly",
        }
    }
}

/// Only letters, digits and `_-.:/ ` of what a provider sent, at most 100 characters: safe to log and show.
fn tidy(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || "_-.:/ ".contains(*c)).take(100).collect()
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"))
}

fn refuse(state: &AppState, headers: &HeaderMap, lang: Lang, which: Option<Which>, refusal: Refusal) -> Response {
    let (field, detail) = refusal.detail();
    tracing::warn!(
        provider = which.map(Which::as_str).unwrap_or("unknown"),
        code = refusal.code(),
        field,
        detail = %detail,
        "single sign-on refused"
    );
    let status = refusal.status();
    let mut response = if wants_json(headers) {
        ApiError::new(status, refusal.code(), refusal.english()).with(field, detail).into_response()
    } else {
        let ctx = Ctx {
            lang,
            i18n: &state.i18n,
            resident_login: state.sso.resident_enabled(),
            rest: "/login".into(),
            user: None,
            csrf: None,
        };
        let again = match which {
            Some(Which::Resident) => ctx.href("/"),
            _ => ctx.href("/login"),
        };
        let content = html! {
            h1 { (ctx.t("sso-error-title")) }
            div class="error" role="alert" {
                p { (ctx.t(refusal.message())) }
                p class="hint" { (ctx.t("sso-error-reason")) " " code { (refusal.code()) ": " (field) " " (detail) } }
            }
            p { a href=(again) { (ctx.t("sso-try-again")) } }
        };
        respond(status, page(&ctx, &ctx.t("sso-error-title"), content))
    };
    if let Ok(clear) = clear_cookie(state).parse() {
        response.headers_mut().append(header::SET_COOKIE, clear);
    }
    response
}

fn sso_cookie(state: &AppState, value: &str, max_age: i64) -> String {
    format!(
        "{SSO_COOKIE}={value}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if state.config.secure_cookies { "; Secure" } else { "" }
    )
}

fn clear_cookie(state: &AppState) -> String {
    sso_cookie(state, "", 0)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/{lang}/login/sso",
            get(|s: State<AppState>, h: HeaderMap, p: Path<String>| begin(s, h, p, Which::Staff)),
        )
        .route(
            "/{lang}/login/resident",
            get(|s: State<AppState>, h: HeaderMap, p: Path<String>| begin(s, h, p, Which::Resident)),
        )
        .route("/auth/callback", get(callback))
}

/// `GET /{lang}/login/sso` and `/{lang}/login/resident`: to the provider, with a new
/// login in flight stored and its state in the browser's cookie.
async fn begin(State(state): State<AppState>, headers: HeaderMap, Path(lang): Path<String>, which: Which) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return crate::pages::not_found_page(&state, Lang::Fi, None) };
    let refuse = |refusal| refuse(&state, &headers, lang, Some(which), refusal);
    let (Some(provider), Some(client)) = (state.sso.provider(which), state.sso.client.as_ref()) else {
        return refuse(Refusal::NotConfigured);
    };
    let authorization_endpoint = match provider.endpoints(client).await {
        Ok((authorization, _)) => authorization,
        Err(refusal) => return refuse(refusal),
    };
    let begun = match state.polku.begin_sso(which.as_str(), lang.code()).await {
        Ok(begun) => begun,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(begun.verifier.as_bytes()));
    let url = reqwest::Url::parse_with_params(
        &authorization_endpoint,
        [
            ("response_type", "code"),
            ("client_id", provider.config.client_id.as_str()),
            ("redirect_uri", state.sso.redirect_uri.as_str()),
            ("scope", provider.config.scopes.as_str()),
            ("state", begun.state.as_str()),
            ("nonce", begun.nonce.as_str()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("ui_locales", lang.code()),
        ],
    );
    let url = url.map(|mut url| {
        if let Some(acr) = provider.config.acr_values.as_deref().filter(|a| !a.trim().is_empty()) {
            url.query_pairs_mut().append_pair("acr_values", acr);
        }
        url
    });
    let Ok(url) = url else {
        return refuse(Refusal::Unavailable("the authorization endpoint is not a URL".into()));
    };
    tracing::info!(provider = which.as_str(), "single sign-on begun");
    let cookie = sso_cookie(&state, &begun.state, app::sso::PENDING_MINUTES * 60);
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, url.to_string()), (header::SET_COOKIE, cookie), (header::CACHE_CONTROL, "no-store".into())],
    )
        .into_response()
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /auth/callback?code=…&state=…` (or `?error=…`): the provider sends the browser back.
async fn callback(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let fallback = preferred_lang(&headers);
    let Ok(params) = Params::parse(query.as_deref()) else {
        return refuse(&state, &headers, fallback, None, Refusal::BadState("the query is unreadable"));
    };
    let Some(returned) = params.get("state") else {
        return refuse(&state, &headers, fallback, None, Refusal::BadState("missing"));
    };
    // The login must come back to the browser that began it (no login CSRF).
    if !cookie(&headers, SSO_COOKIE).is_some_and(|c| constant_eq(c, returned)) {
        return refuse(&state, &headers, fallback, None, Refusal::BadState("not the one this browser began"));
    }
    let pending = match state.polku.finish_sso(returned).await {
        Ok(Some(pending)) => pending,
        Ok(None) => return refuse(&state, &headers, fallback, None, Refusal::BadState("unknown, used or expired")),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let lang = Lang::parse(&pending.lang).unwrap_or(fallback);
    let which = Which::parse(&pending.provider);
    let refuse = |refusal| refuse(&state, &headers, lang, which, refusal);
    let (Some(which), Some(client)) = (which, state.sso.client.as_ref()) else {
        return refuse(Refusal::NotConfigured);
    };
    let Some(provider) = state.sso.provider(which) else { return refuse(Refusal::NotConfigured) };
    if let Some(error) = params.get("error") {
        return refuse(Refusal::ProviderError(tidy(error)));
    }
    // RFC 9207: a provider that names itself must be the one the login went to.
    if params.get("iss").is_some_and(|iss| iss != provider.config.issuer) {
        return refuse(Refusal::ProviderError("the response names another issuer".into()));
    }
    let Some(code) = params.get("code") else { return refuse(Refusal::ProviderError("no code".into())) };
    let claims = match provider.redeem(client, &state.sso.redirect_uri, code, &pending).await {
        Ok(token) => {
            match provider.validate(client, &token, &pending.nonce, pending.created_at, state.polku.clock().now()).await
            {
                Ok(claims) => claims,
                Err(refusal) => return refuse(refusal),
            }
        }
        Err(refusal) => return refuse(refusal),
    };
    let identity = match provider.identity(&claims) {
        Ok(identity) => identity,
        Err(claim) => return refuse(Refusal::Identity(claim)),
    };
    let token = match state.polku.sso_session(identity, &acting.meta).await {
        Ok(token) => token,
        Err(AppError::Invalid(problems) | AppError::Conflict(problems)) => {
            let what = problems.iter().map(|p| format!("{}: {}", p.field, p.problem)).collect::<Vec<_>>().join("; ");
            return refuse(Refusal::Identity(tidy(&what)));
        }
        Err(AppError::Forbidden { reason }) => return refuse(Refusal::Identity(tidy(&reason))),
        Err(e) => return ApiError::from(e).into_response(),
    };
    tracing::info!(provider = which.as_str(), "single sign-on completed");
    let session = set_cookie(SESSION_COOKIE, &token, app::auth::SESSION_HOURS * 3600, state.config.secure_cookies);
    let to = match which {
        Which::Staff => format!("/{}/editor", lang.code()),
        Which::Resident => format!("/{}/", lang.code()),
    };
    let mut response =
        (StatusCode::SEE_OTHER, [(header::LOCATION, to), (header::CACHE_CONTROL, "no-store".into())]).into_response();
    for value in [session, clear_cookie(&state)] {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// GET a JSON document of the provider.
async fn get_json(client: &reqwest::Client, url: &str) -> Result<Value, Refusal> {
    let unavailable = |what: String| Refusal::Unavailable(tidy(&what));
    let response = client
        .get(url)
        .header(header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| unavailable(format!("{url}: {e}")))?;
    if !response.status().is_success() {
        return Err(unavailable(format!("{url} answered {}", response.status().as_u16())));
    }
    let bytes = response.bytes().await.map_err(|e| unavailable(format!("{url}: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|_| unavailable(format!("{url} is not JSON")))
}

/// The keys of a JWKS that can check signatures; others (encryption keys, kinds this
/// library does not know) are left out.
fn signing_keys(jwks: &Value) -> Vec<Jwk> {
    jwks.get("keys")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|key| serde_json::from_value::<Jwk>(key.clone()).ok())
        .filter(|key| !matches!(key.common.public_key_use, Some(PublicKeyUse::Encryption)))
        .collect()
}

impl Provider {
    async fn fetch(&self, client: &reqwest::Client) -> Result<Metadata, Refusal> {
        let issuer = &self.config.issuer;
        let discovery =
            get_json(client, &format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'))).await?;
        let field = |name: &str| {
            discovery
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| Refusal::Unavailable(format!("the discovery document has no {name}")))
        };
        if field("issuer")? != *issuer {
            return Err(Refusal::Unavailable("the discovery document names another issuer".into()));
        }
        let jwks_uri = field("jwks_uri")?;
        let keys = signing_keys(&get_json(client, &jwks_uri).await?);
        tracing::info!(provider = self.which.as_str(), keys = keys.len(), "single sign-on: provider metadata fetched");
        Ok(Metadata {
            authorization_endpoint: field("authorization_endpoint")?,
            token_endpoint: field("token_endpoint")?,
            jwks_uri,
            keys,
            fetched: Instant::now(),
            refetched: None,
        })
    }

    /// The authorization and token endpoints, from the cached discovery document.
    async fn endpoints(&self, client: &reqwest::Client) -> Result<(String, String), Refusal> {
        let mut cache = self.cache.lock().await;
        if cache.as_ref().is_none_or(|m| m.fetched.elapsed() > METADATA_TTL) {
            *cache = Some(self.fetch(client).await?);
        }
        let meta = cache.as_ref().expect("just fetched");
        Ok((meta.authorization_endpoint.clone(), meta.token_endpoint.clone()))
    }

    /// The key for a token's header: by `kid` (fetching the JWKS again when it is unknown,
    /// as after the provider rotated its keys), or the only key when there is no `kid`.
    async fn key(&self, client: &reqwest::Client, kid: Option<&str>) -> Result<Jwk, Refusal> {
        let mut cache = self.cache.lock().await;
        if cache.is_none() {
            *cache = Some(self.fetch(client).await?);
        }
        let find = |meta: &Metadata| match kid {
            Some(kid) => meta.keys.iter().find(|k| k.common.key_id.as_deref() == Some(kid)).cloned(),
            None if meta.keys.len() == 1 => meta.keys.first().cloned(),
            None => None,
        };
        let meta = cache.as_mut().expect("fetched");
        if let Some(key) = find(meta) {
            return Ok(key);
        }
        if meta.refetched.is_some_and(|at| at.elapsed() < REFETCH_EVERY) {
            return Err(Refusal::InvalidToken("unknown signing key"));
        }
        meta.refetched = Some(Instant::now());
        let jwks = get_json(client, &meta.jwks_uri).await?;
        meta.keys = signing_keys(&jwks);
        tracing::info!(provider = self.which.as_str(), keys = meta.keys.len(), "single sign-on: keys fetched again");
        find(meta).ok_or(Refusal::InvalidToken("unknown signing key"))
    }

    /// Trades the code (with the PKCE verifier) for tokens; the `id_token`.
    async fn redeem(
        &self,
        client: &reqwest::Client,
        redirect_uri: &str,
        code: &str,
        pending: &app::sso::PendingLogin,
    ) -> Result<String, Refusal> {
        let (_, token_endpoint) = self.endpoints(client).await?;
        let form = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", pending.verifier.as_str()),
            ("client_id", self.config.client_id.as_str()),
        ];
        let mut request = client.post(&token_endpoint).header(header::ACCEPT, "application/json").form(&form);
        if let Some(secret) = &self.config.client_secret {
            request = request.basic_auth(form_encode(&self.config.client_id), Some(form_encode(secret)));
        }
        let response = request.send().await.map_err(|e| Refusal::Unavailable(tidy(&format!("token endpoint: {e}"))))?;
        let status = response.status();
        let body: Value =
            response.bytes().await.ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or_else(|| {
                Refusal::Unavailable(format!("the token endpoint answered {} without JSON", status.as_u16()))
            })?;
        if !status.is_success() {
            let error = body.get("error").and_then(Value::as_str).unwrap_or("unknown");
            return Err(Refusal::CodeRefused(tidy(error)));
        }
        body.get("id_token")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or(Refusal::InvalidToken("the token response has no id_token"))
    }

    /// Checks the `id_token`'s signature and claims; its claims.
    async fn validate(
        &self,
        client: &reqwest::Client,
        token: &str,
        nonce: &str,
        begun: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<serde_json::Map<String, Value>, Refusal> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| Refusal::InvalidToken("malformed"))?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(Refusal::InvalidToken("signature algorithm not accepted"));
        }
        let jwk = self.key(client, header.kid.as_deref()).await?;
        if let Some(alg) = jwk.common.key_algorithm
            && format!("{alg:?}") != format!("{:?}", header.alg)
        {
            return Err(Refusal::InvalidToken("signature algorithm is not the key's"));
        }
        let key = DecodingKey::from_jwk(&jwk).map_err(|_| Refusal::InvalidToken("unusable signing key"))?;
        // Signature only: the claims are checked below, against the application's clock.
        let mut validation = Validation::new(header.alg);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let data = jsonwebtoken::decode::<serde_json::Map<String, Value>>(token, &key, &validation)
            .map_err(|_| Refusal::InvalidToken("bad signature"))?;
        check_claims(&data.claims, &self.config, nonce, begun, now).map_err(Refusal::InvalidToken)?;
        Ok(data.claims)
    }

    /// The identity of validated claims, or the claim that cannot be used.
    fn identity(&self, claims: &serde_json::Map<String, Value>) -> Result<SsoIdentity, String> {
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let subject = text("sub").ok_or("sub")?.to_owned();
        let mut identity = SsoIdentity {
            issuer: self.config.issuer.clone(),
            subject: subject.clone(),
            username: String::new(),
            given_name: text("given_name").map(str::to_owned),
            family_name: text("family_name").map(str::to_owned),
            roles: Vec::new(),
            organization: None,
            hetu: None,
        };
        match self.which {
            Which::Resident => {
                let claim = &self.config.hetu_claim;
                let hetu = text(claim).ok_or_else(|| format!("{claim}: missing"))?;
                // The code itself is never logged nor shown: only that it is invalid.
                identity.hetu =
                    Some(Hetu::parse(hetu).map_err(|_| format!("{claim}: not a valid personal identity code"))?);
                identity.username = format!("resident:{subject}");
            }
            Which::Staff => {
                let claim = &self.config.username_claim;
                identity.username = text(claim).ok_or_else(|| format!("{claim}: missing"))?.to_lowercase();
                identity.roles = roles(claims.get(&self.config.roles_claim));
                if let Some(organization) = text(&self.config.organization_claim) {
                    identity.organization = Some(
                        domain::Id::parse(organization)
                            .map_err(|_| format!("{}: not an organisation id", self.config.organization_claim))?,
                    );
                }
            }
        }
        Ok(identity)
    }
}

/// Polku roles of a claim: an array of names, or one string of names separated by spaces
/// or commas. Names Polku does not know (the provider's other roles) are left out.
fn roles(claim: Option<&Value>) -> Vec<Role> {
    let names: Vec<&str> = match claim {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => s.split([' ', ',']).collect(),
        _ => Vec::new(),
    };
    let mut roles: Vec<Role> = names.into_iter().filter_map(|n| Role::parse(n.trim())).collect();
    roles.sort();
    roles.dedup();
    roles
}

/// The claims checks of OpenID Connect Core 3.1.3.7, against the application's clock.
fn check_claims(
    claims: &serde_json::Map<String, Value>,
    config: &OidcConfig,
    nonce: &str,
    begun: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), &'static str> {
    if claims.get("iss").and_then(Value::as_str) != Some(config.issuer.as_str()) {
        return Err("wrong issuer");
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !audiences.contains(&config.client_id.as_str()) {
        return Err("wrong audience");
    }
    let azp = claims.get("azp").and_then(Value::as_str);
    if (audiences.len() > 1 && azp.is_none()) || azp.is_some_and(|azp| azp != config.client_id) {
        return Err("wrong authorized party (azp)");
    }
    let time = |name: &str| claims.get(name).and_then(Value::as_i64);
    let now = now.timestamp();
    let exp = time("exp").ok_or("no expiry (exp)")?;
    if now > exp + LEEWAY_SECONDS {
        return Err("expired");
    }
    let iat = time("iat").ok_or("no issue time (iat)")?;
    if iat > now + LEEWAY_SECONDS {
        return Err("issued in the future (iat)");
    }
    if iat < begun.timestamp() - LEEWAY_SECONDS {
        return Err("issued before this sign-in began (iat)");
    }
    if time("nbf").is_some_and(|nbf| nbf > now + LEEWAY_SECONDS) {
        return Err("not yet valid (nbf)");
    }
    if !claims.get("nonce").and_then(Value::as_str).is_some_and(|n| constant_eq(n, nonce)) {
        return Err("nonce is not this sign-in's (a replayed token?)");
    }
    if claims.get("sub").and_then(Value::as_str).is_none_or(str::is_empty) {
        return Err("no subject (sub)");
    }
    if let Some(wanted) = config.acr_values.as_deref().filter(|a| !a.trim().is_empty()) {
        let acr = claims.get("acr").and_then(Value::as_str).unwrap_or("");
        if !wanted.split_whitespace().any(|w| w == acr) {
            return Err("not the level of identification asked for (acr)");
        }
    }
    Ok(())
}

/// `application/x-www-form-urlencoded` of a client id or secret, for HTTP Basic (RFC 6749 2.3.1).
fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn claims_are_checked() {
        let config = OidcConfig::new("https://idp.example", "polku", None);
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let begun = now - chrono::Duration::minutes(1);
        let t = now.timestamp();
        let good = json!({"iss": "https://idp.example", "aud": "polku", "sub": "x", "exp": t + 300, "iat": t - 10, "nonce": "n"});
        let check = |patch: Value| {
            let mut c = claims(good.clone());
            for (k, v) in patch.as_object().unwrap() {
                if v.is_null() {
                    c.remove(k);
                } else {
                    c.insert(k.clone(), v.clone());
                }
            }
            check_claims(&c, &config, "n", begun, now)
        };
        assert_eq!(check(json!({})), Ok(()));
        assert_eq!(check(json!({"iss": "https://evil.example"})), Err("wrong issuer"));
        assert_eq!(check(json!({"aud": "other"})), Err("wrong audience"));
        assert_eq!(check(json!({"aud": ["other", "polku"]})), Err("wrong authorized party (azp)"));
        assert_eq!(check(json!({"aud": ["other", "polku"], "azp": "polku"})), Ok(()));
        assert_eq!(check(json!({"azp": "other"})), Err("wrong authorized party (azp)"));
        assert_eq!(check(json!({"exp": t - 61})), Err("expired"));
        assert_eq!(check(json!({"exp": t - 30})), Ok(()), "within the leeway");
        assert_eq!(check(json!({"exp": null})), Err("no expiry (exp)"));
        assert_eq!(check(json!({"iat": t + 120})), Err("issued in the future (iat)"));
        assert_eq!(check(json!({"iat": t - 3600})), Err("issued before this sign-in began (iat)"));
        assert_eq!(check(json!({"nbf": t + 120})), Err("not yet valid (nbf)"));
        assert_eq!(check(json!({"nonce": "m"})), Err("nonce is not this sign-in's (a replayed token?)"));
        assert_eq!(check(json!({"nonce": null})), Err("nonce is not this sign-in's (a replayed token?)"));
        assert_eq!(check(json!({"sub": ""})), Err("no subject (sub)"));
        let strong = OidcConfig { acr_values: Some("loa3 loa4".into()), ..config.clone() };
        let mut c = claims(good.clone());
        assert_eq!(check_claims(&c, &strong, "n", begun, now), Err("not the level of identification asked for (acr)"));
        c.insert("acr".into(), json!("loa2"));
        assert!(check_claims(&c, &strong, "n", begun, now).is_err());
        c.insert("acr".into(), json!("loa3"));
        assert_eq!(check_claims(&c, &strong, "n", begun, now), Ok(()));
    }

    #[test]
    fn roles_from_arrays_and_strings() {
        assert_eq!(roles(Some(&json!(["planner", "navigator", "unknown", "planner"]))).len(), 2);
        let mut expected = vec![Role::CatalogEditor, Role::Auditor];
        expected.sort();
        assert_eq!(roles(Some(&json!("auditor, catalog_editor"))), expected);
        assert!(roles(None).is_empty());
    }

    #[test]
    fn secrets_stay_out_of_debug_and_basic_auth_is_form_encoded() {
        let config = OidcConfig::new("https://idp.example", "polku", Some("s3cret".into()));
        assert!(!format!("{config:?}").contains("s3cret"));
        assert_eq!(form_encode("a b:c/é"), "a+b%3Ac%2F%C3%A9");
        assert_eq!(tidy("access_denied<script>\n"), "access_deniedscript");
        assert_eq!(tidy("http://idp/x?y"), "http://idp/xy");
    }
}
