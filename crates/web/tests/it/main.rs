//! HTTP tests of the whole application on the demo county: the router is
//! called in-process (`tower::ServiceExt::oneshot`) over a fresh SQLite database.

mod access;
mod api;
mod attack;
mod client_pages;
mod clients;
mod eligibility;
mod fhir;
mod fhir_referrals;
mod hsds;
mod issue19;
mod logs;
mod monitoring;
mod my_areas;
mod navigation;
mod openapi;
mod openapi_generated;
mod outage;
mod pages;
mod plans;
mod referral_pages;
mod referrals;
mod search_quality;
mod snapshot;
mod sso;
mod sso_keys;
mod unit_access;
mod units17;

use app::{FixedClock, Polku};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use domain::client::Role;
use http_body_util::BodyExt;
use std::sync::Arc;
use testkit_sql::{TempDir, fresh_sqlite};
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub router: Router,
    pub polku: Arc<Polku>,
    _dir: TempDir,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
            v.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        })
    }
}

/// Monday 23 November 2026, 12:00 in Helsinki.
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock("2026-11-23T10:00:00Z".parse().unwrap()))
}

pub async fn demo_app() -> TestApp {
    demo_app_with(clock()).await
}

/// The demo county with its clock at `clock` (the unit pages' hours across holidays).
pub async fn demo_app_with(clock: Arc<FixedClock>) -> TestApp {
    let (store, dir) = fresh_sqlite().await;
    let store = Arc::new(store);
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    let polku = Arc::new(
        polku
            .with_clients(store.clone(), store.clone(), app::clients::Pseudonyms::new([7; 32]))
            .with_capacity(store.clone())
            .with_monitoring(store.clone())
            .with_feedback(store.clone())
            .with_search_log(store.clone())
            .with_paths(store),
    );
    polku.load_demo().await.unwrap();
    polku.add_user("anna", PASSWORD, &[Role::CatalogEditor, Role::Planner], None).await.unwrap();
    let state = web::AppState::new(polku.clone(), web::WebConfig::default());
    TestApp { router: web::router(state), polku, _dir: dir }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    /// A GET with a bearer token (pages accept it like the session cookie).
    pub async fn get_as(&self, uri: &str, token: &str) -> Reply {
        let request = Request::get(uri).header(header::AUTHORIZATION, format!("Bearer {token}"));
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn json(&self, method: &str, uri: &str, token: Option<&str>, body: &str) -> Reply {
        let mut request = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap()).await
    }

    pub async fn token(&self) -> String {
        self.sign_in("anna").await
    }

    /// Signs a user in through the API; returns the bearer token.
    pub async fn sign_in(&self, username: &str) -> String {
        let body = serde_json::json!({ "username": username, "password": PASSWORD }).to_string();
        let reply = self.json("POST", "/api/v1/sessions", None, &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply.json()["token"].as_str().unwrap().to_owned()
    }

    /// A new local user with these roles, signed in: their bearer token.
    pub async fn user(&self, username: &str, roles: &[Role], organization: Option<&str>) -> String {
        let organization = organization.map(|o| domain::Id::parse(o).unwrap());
        self.polku.add_user(username, PASSWORD, roles, organization.as_ref()).await.unwrap();
        self.sign_in(username).await
    }
}
