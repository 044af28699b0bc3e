//! Single sign-on with OpenID Connect. The happy paths go through a real provider
//! (panva's certified `oidc-provider`, `tests/oidc/provider.mjs`, started by the test):
//! staff get a session with the roles and organisation of their claims, residents one
//! tied to their client record. The attacks go through a small provider made here, which
//! serves its discovery document and JWKS and answers the code with tokens the test
//! crafts: forged signature, `none` and HMAC tokens, unknown key, expired, wrong issuer,
//! wrong audience, replayed nonce, replayed and tampered state, provider errors. Each is
//! refused with its 4xx status and reason, never a 500.

use super::sso_keys::{KEY_A_N, KEY_A_PEM, KEY_B_N, KEY_B_PEM};
use super::{Reply, TestApp, clock};
use app::{Clock, Polku};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::client::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use testkit_sql::{fresh_sqlite, oidc};
use web::{OidcConfig, WebConfig};

const PUBLIC: &str = "http://polku.test";
/// A service that parses (its organiser is unknown, so an editor's write is refused 422).
const SERVICE: &str = r#"{"id":"svc-sso","name":{"fi":"Kotihoito"},"tier":"county","organiser":"org-none",
    "charge":"free","area":["638"],"valid_from":"2023-01-01"}"#;

async fn app_with(sso: Option<OidcConfig>, resident_sso: Option<OidcConfig>, clock: Arc<dyn Clock>) -> TestApp {
    let (store, dir) = fresh_sqlite().await;
    let store = Arc::new(store);
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    let polku = polku.with_clients(store.clone(), store.clone(), app::clients::Pseudonyms::new([7; 32]));
    let polku = Arc::new(polku.with_sso(store));
    let config = WebConfig { public_url: Some(PUBLIC.into()), sso, resident_sso, ..WebConfig::default() };
    let state = web::AppState::new(polku.clone(), config);
    TestApp { router: web::router(state), polku, _dir: dir }
}

impl TestApp {
    async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }
}

fn location(reply: &Reply) -> String {
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// A query parameter of a URL (the values Polku sends are hex or plain ASCII).
fn param(url: &str, name: &str) -> String {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    query
        .split('&')
        .find_map(|p| p.strip_prefix(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} in {url}"))
        .to_owned()
}

/// Begins a sign-in: (authorize URL, the state cookie's value).
async fn begin(app: &TestApp, path: &str) -> (String, String) {
    let reply = app.get(path).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}: {}", reply.body);
    let cookie = reply.cookie(web::sso::SSO_COOKIE).expect("the state cookie");
    let set = reply.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/auth"), "{set}");
    (location(&reply), cookie)
}

/// Returns from the provider at `callback` (a URL under PUBLIC) with the state cookie.
async fn finish(app: &TestApp, callback: &str, cookie: &str, json: bool) -> Reply {
    let path = callback.strip_prefix(PUBLIC).unwrap_or(callback);
    let cookie = format!("{}={cookie}", web::sso::SSO_COOKIE);
    let mut headers = vec![("cookie", cookie.as_str())];
    if json {
        headers.push(("accept", "application/json"));
    }
    app.get_with(path, &headers).await
}

fn session_of(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.cookie("polku_session").expect("a session cookie")
}

// ---------------------------------------------------------------- the real provider

fn real_config(issuer: &str, client: &str, secret: &str) -> OidcConfig {
    OidcConfig::new(issuer, client, Some(secret.into()))
}

/// Through oidc-provider: begin at Polku, sign in at the provider as `account`, come back.
async fn through_provider(app: &TestApp, start: &str, account: &str) -> (Reply, String, String) {
    let (authorize, cookie) = begin(app, start).await;
    assert_eq!(param(&authorize, "code_challenge_method"), "S256");
    let account = account.to_owned();
    let back = tokio::task::spawn_blocking(move || oidc::sign_in(&authorize, &account, PUBLIC))
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("sign-in at the provider: {e}"));
    let reply = finish(app, &back, &cookie, false).await;
    (reply, back, cookie)
}

#[tokio::test]
async fn staff_and_residents_sign_in_through_a_real_openid_provider() {
    let Some(providers) = oidc::start("staff_and_residents_sign_in_through_a_real_openid_provider", PUBLIC) else {
        return;
    };
    let mut resident = real_config(&providers.resident, "polku-resident", "resident-secret");
    resident.scopes = "openid profile personal_identity_code".into();
    let app = app_with(
        Some(real_config(&providers.staff, "polku-staff", "staff-secret")),
        Some(resident),
        Arc::new(app::SystemClock),
    )
    .await;

    // The login page offers single sign-on, the header the residents' sign-in.
    let login = app.get("/en/login").await;
    assert!(login.body.contains("href=\"/en/login/sso\""), "{}", login.body);
    assert!(login.body.contains("href=\"/en/login/resident\""), "{}", login.body);

    // Staff: roles and display name from the claims; unknown role names left out.
    let (reply, callback, cookie) = through_provider(&app, "/en/login/sso", "anna.sso").await;
    assert_eq!(location(&reply), "/en/editor");
    let token = session_of(&reply);
    let anna = app.polku.session_user(&token).await.unwrap().expect("a session");
    assert_eq!(anna.username, "anna.sso");
    let mut expected = vec![Role::Planner, Role::CatalogEditor];
    expected.sort();
    assert_eq!(anna.roles, expected);
    assert_eq!(anna.display_name.as_deref(), Some("Anna Sso"));
    assert_eq!(anna.client, None);
    // The session works like a local one: the editor page, and the API with the roles.
    let editor = app.get_with("/en/editor", &[("cookie", &format!("polku_session={token}"))]).await;
    assert_eq!(editor.status, StatusCode::OK, "{}", editor.body);
    let write = app.json("POST", "/api/v1/services", Some(&token), SERVICE).await;
    assert_ne!(write.status, StatusCode::FORBIDDEN, "a catalog editor may write: {}", write.body);
    assert_ne!(write.status, StatusCode::UNAUTHORIZED, "{}", write.body);

    // The same return again (a replayed state, and its nonce) is refused.
    let again = finish(&app, &callback, &cookie, true).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.body);
    assert_eq!(again.json()["code"], "sso_bad_state");

    // A professional gets their organisation; an auditor may not write the catalog.
    let (reply, _, _) = through_provider(&app, "/fi/login/sso", "pertti.pro").await;
    let pertti = app.polku.session_user(&session_of(&reply)).await.unwrap().unwrap();
    assert_eq!(pertti.roles, vec![Role::Professional]);
    assert_eq!(pertti.organization.as_ref().map(|o| o.as_str()), Some("org-itauusimaa"));
    let (reply, _, _) = through_provider(&app, "/sv/login/sso", "aino.auditor").await;
    assert_eq!(location(&reply), "/sv/editor");
    let aino = session_of(&reply);
    assert_eq!(app.polku.session_user(&aino).await.unwrap().unwrap().roles, vec![Role::Auditor]);
    let write = app.json("POST", "/api/v1/services", Some(&aino), SERVICE).await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "{}", write.body);

    // Residents: a session tied to their client record, the same record next time.
    let (reply, _, _) = through_provider(&app, "/fi/login/resident", "resident-1").await;
    assert_eq!(location(&reply), "/fi/");
    let maija = app.polku.session_user(&session_of(&reply)).await.unwrap().unwrap();
    assert_eq!(maija.roles, vec![Role::Resident]);
    let client = maija.client.clone().expect("the resident's client record");
    assert!(!maija.username.contains("131052"), "{}", maija.username);
    let (reply, _, _) = through_provider(&app, "/en/login/resident", "resident-1").await;
    let again = app.polku.session_user(&session_of(&reply)).await.unwrap().unwrap();
    assert_eq!(again.client.as_deref(), Some(client.as_str()));
    let (reply, _, _) = through_provider(&app, "/en/login/resident", "resident-2").await;
    let matti = app.polku.session_user(&session_of(&reply)).await.unwrap().unwrap();
    assert_ne!(matti.client, maija.client);

    // An invalid identity code is refused (403), in the page's language, without the code.
    let (reply, _, _) = through_provider(&app, "/sv/login/resident", "resident-bad").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert!(reply.body.contains("Inloggningen lyckades inte"), "{}", reply.body);
    assert!(!reply.body.contains("131052"), "{}", reply.body);
    assert!(reply.cookie("polku_session").is_none());
}

// ---------------------------------------------------------------- a provider made here

/// A provider under the test's control: discovery, JWKS (switchable) and a token
/// endpoint that answers with what the test put in `next`.
struct Fake {
    issuer: String,
    jwks: Arc<Mutex<Value>>,
    next: Arc<Mutex<(u16, Value)>>,
    /// The last token request's form and Authorization header.
    seen: Arc<Mutex<(String, String)>>,
}

fn jwk(kid: &str, n: &str) -> Value {
    json!({"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": n, "e": "AQAB"})
}

impl Fake {
    async fn start() -> Fake {
        use axum::routing::{get, post};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let jwks = Arc::new(Mutex::new(json!({"keys": [jwk("key-a", KEY_A_N), {"kty": "oct", "k": "c2VjcmV0"}]})));
        let next = Arc::new(Mutex::new((500, json!({}))));
        let seen = Arc::new(Mutex::new((String::new(), String::new())));
        let discovery = json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/token"),
            "jwks_uri": format!("{issuer}/jwks"),
        });
        let router = axum::Router::new()
            .route("/.well-known/openid-configuration", get(move || async move { axum::Json(discovery) }))
            .route("/jwks", {
                let jwks = jwks.clone();
                get(move || async move { axum::Json(jwks.lock().unwrap().clone()) })
            })
            .route("/token", {
                let (next, seen) = (next.clone(), seen.clone());
                post(move |headers: axum::http::HeaderMap, body: String| async move {
                    let auth = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
                    *seen.lock().unwrap() = (body, auth.to_owned());
                    let (status, reply) = next.lock().unwrap().clone();
                    (StatusCode::from_u16(status).unwrap(), axum::Json(reply))
                })
            });
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Fake { issuer, jwks, next, seen }
    }

    fn answer(&self, status: u16, body: Value) {
        *self.next.lock().unwrap() = (status, body);
    }
}

fn sign(alg: Algorithm, kid: Option<&str>, pem: &str, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap()).unwrap()
}

/// Claims a good provider would send for this nonce, at the test clock's time.
fn good_claims(issuer: &str, nonce: &str) -> Value {
    let now = clock().now().timestamp();
    json!({
        "iss": issuer, "aud": "polku", "sub": "user-1", "exp": now + 300, "iat": now - 5, "nonce": nonce,
        "preferred_username": "Olli.Oidc", "given_name": "Olli", "family_name": "Oidc",
        "roles": ["planner"],
    })
}

fn patched(mut claims: Value, patch: Value) -> Value {
    for (k, v) in patch.as_object().unwrap() {
        claims[k] = v.clone();
    }
    claims
}

/// One sign-in against the fake: the provider answers the code with `token(nonce)`.
async fn attempt(app: &TestApp, fake: &Fake, token: impl FnOnce(&str) -> String) -> Reply {
    let (authorize, cookie) = begin(app, "/en/login/sso").await;
    let state = param(&authorize, "state");
    fake.answer(
        200,
        json!({"access_token": "x", "token_type": "Bearer", "id_token": token(&param(&authorize, "nonce"))}),
    );
    finish(app, &format!("/auth/callback?code=the-code&state={state}"), &cookie, true).await
}

fn refused(reply: &Reply, status: StatusCode, code: &str, detail: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["code"], code, "{}", reply.body);
    assert!(body["details"][0]["problem"].as_str().unwrap_or("").contains(detail), "{detail}: {}", reply.body);
    assert!(reply.cookie("polku_session").is_none());
}

async fn fake_app() -> (Fake, TestApp) {
    let fake = Fake::start().await;
    let app = app_with(Some(OidcConfig::new(&fake.issuer, "polku", Some("s3cret:/".into()))), None, clock()).await;
    (fake, app)
}

#[tokio::test]
async fn a_good_token_signs_in_with_pkce_and_client_authentication() {
    let (fake, app) = fake_app().await;
    let (authorize, cookie) = begin(&app, "/en/login/sso").await;
    assert!(authorize.starts_with(&format!("{}/authorize?", fake.issuer)), "{authorize}");
    for (name, value) in [("response_type", "code"), ("client_id", "polku"), ("code_challenge_method", "S256")] {
        assert_eq!(param(&authorize, name), value);
    }
    assert_eq!(param(&authorize, "redirect_uri"), "http%3A%2F%2Fpolku.test%2Fauth%2Fcallback");
    let (state, nonce, challenge) =
        (param(&authorize, "state"), param(&authorize, "nonce"), param(&authorize, "code_challenge"));
    assert_eq!(cookie, state);
    fake.answer(
        200,
        json!({"id_token": sign(Algorithm::RS256, Some("key-a"), KEY_A_PEM, &good_claims(&fake.issuer, &nonce))}),
    );
    let reply = finish(&app, &format!("/auth/callback?code=the-code&state={state}"), &cookie, false).await;
    let user = app.polku.session_user(&session_of(&reply)).await.unwrap().unwrap();
    assert_eq!((user.username.as_str(), user.roles.as_slice()), ("olli.oidc", &[Role::Planner][..]));
    // The token request carried the code, the PKCE verifier of the challenge and the
    // client's credentials (form-encoded, then Basic).
    let (form, auth) = fake.seen.lock().unwrap().clone();
    assert!(form.contains("grant_type=authorization_code") && form.contains("code=the-code"), "{form}");
    let verifier = form.split('&').find_map(|p| p.strip_prefix("code_verifier=")).unwrap();
    use base64::Engine;
    use sha2::Digest;
    let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    assert_eq!(challenge, expected);
    let basic = base64::engine::general_purpose::STANDARD.encode("polku:s3cret%3A%2F");
    assert_eq!(auth, format!("Basic {basic}"));
}

#[tokio::test]
async fn forged_and_malformed_tokens_are_refused() {
    let (fake, app) = fake_app().await;
    let issuer = fake.issuer.clone();
    // Signed with another key under the provider's key id.
    let reply =
        attempt(&app, &fake, |n| sign(Algorithm::RS256, Some("key-a"), KEY_B_PEM, &good_claims(&issuer, n))).await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_invalid_token", "bad signature");
    // A key the provider does not have (fetched again, still unknown).
    let reply =
        attempt(&app, &fake, |n| sign(Algorithm::RS256, Some("key-x"), KEY_B_PEM, &good_claims(&issuer, n))).await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_invalid_token", "unknown signing key");
    // `alg: none`, and HMAC with a key anyone could guess.
    let reply = attempt(&app, &fake, |n| {
        use base64::Engine;
        let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!("{}.{}.", b64(json!({"alg": "none", "kid": "key-a"})), b64(good_claims(&issuer, n)))
    })
    .await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_invalid_token", "");
    let reply = attempt(&app, &fake, |n| {
        let key = EncodingKey::from_secret(b"secret");
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &good_claims(&issuer, n), &key).unwrap()
    })
    .await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_invalid_token", "algorithm not accepted");
    let reply = attempt(&app, &fake, |_| "not.a.token".into()).await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_invalid_token", "malformed");
}

#[tokio::test]
async fn expired_foreign_and_replayed_tokens_are_refused() {
    let (fake, app) = fake_app().await;
    let issuer = fake.issuer.clone();
    let now = clock().now().timestamp();
    let signed = |claims: Value| sign(Algorithm::RS256, Some("key-a"), KEY_A_PEM, &claims);
    let cases = [
        (json!({"exp": now - 120, "iat": now - 400}), "expired"),
        (json!({"iss": "https://evil.example"}), "wrong issuer"),
        (json!({"aud": "another-client"}), "wrong audience"),
        (json!({"aud": ["another-client", "polku"]}), "azp"),
        (json!({"nbf": now + 600}), "not yet valid"),
        (json!({"iat": now + 600}), "issued in the future"),
    ];
    for (patch, why) in cases {
        let reply = attempt(&app, &fake, |n| signed(patched(good_claims(&issuer, n), patch.clone()))).await;
        refused(&reply, StatusCode::UNAUTHORIZED, "sso_invalid_token", why);
    }
    // A token that was good once, replayed into the next sign-in: its nonce is the old one.
    let mut first = String::new();
    let reply = attempt(&app, &fake, |n| {
        first = signed(good_claims(&issuer, n));
        first.clone()
    })
    .await;
    session_of(&reply);
    let reply = attempt(&app, &fake, |_| first.clone()).await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_invalid_token", "nonce");
}

#[tokio::test]
async fn bad_states_and_provider_errors_are_refused_in_the_pages_language() {
    let (fake, app) = fake_app().await;
    let good = |n: &str| sign(Algorithm::RS256, Some("key-a"), KEY_A_PEM, &good_claims(&fake.issuer, n));

    // Tampered state (the cookie tampered alike): unknown.
    let (authorize, _) = begin(&app, "/en/login/sso").await;
    let state = param(&authorize, "state");
    let last = if state.ends_with('0') { '1' } else { '0' };
    let tampered = format!("{}{last}", &state[..63]);
    fake.answer(200, json!({"id_token": good(&param(&authorize, "nonce"))}));
    let reply = finish(&app, &format!("/auth/callback?code=c&state={tampered}"), &tampered, true).await;
    refused(&reply, StatusCode::BAD_REQUEST, "sso_bad_state", "unknown");
    // The right state without the browser's cookie (login CSRF), or no state at all.
    let reply = finish(&app, &format!("/auth/callback?code=c&state={state}"), "other", true).await;
    refused(&reply, StatusCode::BAD_REQUEST, "sso_bad_state", "browser");
    let reply = finish(&app, "/auth/callback?code=c", &state, true).await;
    refused(&reply, StatusCode::BAD_REQUEST, "sso_bad_state", "missing");
    let reply = finish(&app, "/auth/callback?code=c&state=%FF", "x", true).await;
    refused(&reply, StatusCode::BAD_REQUEST, "sso_bad_state", "");

    // The provider says no (and the page is in the language the sign-in began in).
    let (authorize, cookie) = begin(&app, "/sv/login/sso").await;
    let state = param(&authorize, "state");
    let uri = format!("/auth/callback?error=access_denied&error_description=no&state={state}");
    let reply = finish(&app, &uri, &cookie, false).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    assert!(
        reply.body.contains("<html lang=\"sv\"") && reply.body.contains("Inloggningen lyckades inte"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("access_denied"));
    // The provider refuses the code.
    let (authorize, cookie) = begin(&app, "/fi/login/sso").await;
    fake.answer(400, json!({"error": "invalid_grant"}));
    let uri = format!("/auth/callback?code=c&state={}", param(&authorize, "state"));
    let reply = finish(&app, &uri, &cookie, true).await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_code_refused", "invalid_grant");
    // A response naming another issuer (RFC 9207 mix-up).
    let (authorize, cookie) = begin(&app, "/en/login/sso").await;
    let uri = format!("/auth/callback?code=c&iss=https%3A%2F%2Fevil.example&state={}", param(&authorize, "state"));
    let reply = finish(&app, &uri, &cookie, true).await;
    refused(&reply, StatusCode::UNAUTHORIZED, "sso_provider_error", "another issuer");

    // Claims that cannot be used: a resident role, a bad organisation id.
    let reply = attempt(&app, &fake, |n| {
        sign(
            Algorithm::RS256,
            Some("key-a"),
            KEY_A_PEM,
            &patched(good_claims(&fake.issuer, n), json!({"organization": "not an id!"})),
        )
    })
    .await;
    refused(&reply, StatusCode::FORBIDDEN, "sso_identity_refused", "organization");
    let reply = attempt(&app, &fake, |n| {
        sign(
            Algorithm::RS256,
            Some("key-a"),
            KEY_A_PEM,
            &patched(good_claims(&fake.issuer, n), json!({"preferred_username": null})),
        )
    })
    .await;
    refused(&reply, StatusCode::FORBIDDEN, "sso_identity_refused", "preferred_username");
}

#[tokio::test]
async fn rotated_keys_are_fetched_again_and_unconfigured_or_unreachable_providers_refuse() {
    let (fake, app) = fake_app().await;
    // The provider rotates to key B: the unknown kid makes Polku fetch the keys again.
    let (authorize, cookie) = begin(&app, "/en/login/sso").await;
    *fake.jwks.lock().unwrap() = json!({"keys": [jwk("key-b", KEY_B_N)]});
    let token =
        sign(Algorithm::RS256, Some("key-b"), KEY_B_PEM, &good_claims(&fake.issuer, &param(&authorize, "nonce")));
    fake.answer(200, json!({"id_token": token}));
    let reply =
        finish(&app, &format!("/auth/callback?code=c&state={}", param(&authorize, "state")), &cookie, true).await;
    session_of(&reply);

    // Residents are not configured here: 404, in the page's language.
    let reply = app.get("/fi/login/resident").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert!(reply.body.contains("Kertakirjautuminen ei ole käytössä"), "{}", reply.body);

    // A provider nobody answers for: 502, not 500.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = app_with(Some(OidcConfig::new(&format!("http://{closed}"), "polku", None)), None, clock()).await;
    let reply = app.get_with("/en/login/sso", &[("accept", "application/json")]).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.body);
    assert_eq!(reply.json()["code"], "sso_unavailable");
    // Without single sign-on the login page does not offer it.
    let login = app_with(None, None, clock()).await.get("/en/login").await;
    assert!(!login.body.contains("/login/sso") && !login.body.contains("/login/resident"), "{}", login.body);
}
