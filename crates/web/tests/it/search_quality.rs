//! The search quality loop through the pages (issue 17): a resident's searches are counted
//! without personal data, a search whose result was opened is not abandoned (the result
//! links carry the search's id; no JavaScript), another page of a search is not another
//! search, and the catalog team's page lists zero-result and abandoned searches with the
//! engine's closest words, each a button that adds the synonym, which the next search uses
//! without a restart. Only those who may write the catalog see it; forms need the CSRF token.

use crate::referral_pages::{get, location, post, well_formed};
use crate::{TestApp, demo_app};
use app::store::Actor;
use axum::http::StatusCode;
use domain::Lang;
use domain::client::Role;

/// The `sid` of the first result link of a finder page, and that link.
fn first_result(page: &str) -> (String, String) {
    let list = page.split("id=\"results\"").nth(1).expect("a result list");
    let href = list.split("href=\"").nth(1).and_then(|r| r.split('"').next()).expect("a result link");
    let href = href.replace("&amp;", "&");
    let sid = href.split("sid=").nth(1).map(|s| s.chars().take(16).collect()).expect("the search id");
    (sid, href)
}

async fn totals(app: &TestApp, lang: Lang) -> (i64, i64, i64) {
    let editor = Actor::person("anna", &[Role::CatalogEditor]);
    let report = app.polku.search_quality(&editor, lang, 30).await.unwrap();
    (report.searches, report.zero_results, report.abandoned)
}

#[tokio::test]
async fn searches_are_counted_and_the_catalog_team_sees_what_failed() {
    let app = demo_app().await;
    // Found nothing (three edits from "kotihoito"): counted as a zero-result search.
    let none = app.get("/fi/services?q=Xotihxitx").await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.body.contains("Hakuehdoilla ei löytynyt palveluita"), "{}", none.body);
    // Found, not opened: abandoned. Found and opened: followed.
    let left = app.get("/fi/services?q=kotihoito").await.body;
    let (left_sid, _) = first_result(&left);
    let found = app.get("/fi/services?q=hammashoito").await.body;
    let (sid, href) = first_result(&found);
    assert_ne!(sid, left_sid);
    assert!(href.contains("q=hammashoito"), "{href}");
    let service = app.get(&href).await;
    assert_eq!(service.status, StatusCode::OK);
    // Opening it twice, and paging the same search, counts once.
    app.get(&href).await;
    app.get(&format!("/fi/services?q=hammashoito&page=1&sid={sid}")).await;
    // "Back to search" keeps the search's id.
    assert!(service.body.contains(&format!("sid={sid}")), "{}", service.body);
    // No digits, no e-mail addresses: "010190-123A" leaves nothing to count.
    app.get("/fi/services?q=010190-123A").await;
    assert_eq!(totals(&app, Lang::Fi).await, (3, 1, 1));

    let token = app.token().await;
    let page = get(&app, "/fi/search-quality", &token).await;
    well_formed(&page, "fi", "the search quality page");
    let zero = page.body.split("id=\"zero\"").nth(1).expect("the zero-result table");
    assert!(zero.contains("<td lang=\"fi\">xotihxitx</td>"), "{zero}");
    assert!(zero.contains("value=\"xotihxitx | kotihoito\""), "kotihoito is the closest word: {zero}");
    let abandoned = page.body.split("id=\"abandoned\"").nth(1).expect("the abandoned table");
    assert!(abandoned.contains("<td>kotihoito</td>"), "{abandoned}");
    assert!(!abandoned.contains("hammashoito</td>"), "opened, so not abandoned: {abandoned}");
    // In Swedish and English too.
    for lang in ["sv", "en"] {
        well_formed(&get(&app, &format!("/{lang}/search-quality?list=fi&days=7"), &token).await, lang, lang);
    }
}

#[tokio::test]
async fn the_catalog_team_adds_a_synonym_and_the_next_search_uses_it() {
    let app = demo_app().await;
    let token = app.token().await;
    let count = |reply: serde_json::Value| reply["total"].as_u64().unwrap();
    assert_eq!(count(app.get("/api/v1/services?q=xotihxitx").await.json()), 0);
    let add = "list=fi&days=30&add=xotihxitx+%7C+kotihoito";
    // Without the CSRF token, or without the right to write the catalog: refused.
    assert_eq!(post(&app, "/fi/search-quality/synonyms", &token, add, false).await.status, StatusCode::FORBIDDEN);
    let navigator = app.user("nina", &[Role::Navigator], None).await;
    assert_eq!(get(&app, "/fi/search-quality", &navigator).await.status, StatusCode::FORBIDDEN);
    assert_eq!(post(&app, "/fi/search-quality/synonyms", &navigator, add, true).await.status, StatusCode::FORBIDDEN);
    let anonymous = app.get("/fi/search-quality").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "to the sign-in page");
    assert_eq!(count(app.get("/api/v1/services?q=xotihxitx").await.json()), 0, "nothing was saved");
    // A malformed list is refused with its line, and the text comes back as it was sent.
    let bad = post(
        &app,
        "/fi/search-quality/synonyms",
        &token,
        "list=fi&body=lekuri+%7C+l%C3%A4%C3%A4k%C3%A4ri%0D%0Akotihoito%0D%0A",
        true,
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("line 2"), "{}", bad.body);
    assert!(bad.body.contains("lekuri | lääkäri\nkotihoito"), "{}", bad.body);
    // The suggestion's button adds the line to the shipped list; the next search uses it.
    let to = location(&post(&app, "/fi/search-quality/synonyms", &token, add, true).await);
    assert_eq!(to, "/fi/search-quality?list=fi&days=30&done=saved");
    let found = app.get("/api/v1/services?q=xotihxitx").await.json();
    assert!(count(found.clone()) > 0, "{found}");
    assert_eq!(found["items"][0]["id"], "svc-home-care", "{found}");
    let page = get(&app, &to, &token).await;
    well_formed(&page, "fi", "after saving");
    assert!(page.body.contains("xotihxitx | kotihoito"), "the list shows the line");
    assert!(page.body.contains("lekuri | lääkäri"), "the shipped lines stay");
    // The whole list from the form replaces it: the line is gone again.
    let body = "list=fi&body=lekuri+%7C+l%C3%A4%C3%A4k%C3%A4ri%0A";
    let to = location(&post(&app, "/fi/search-quality/synonyms", &token, body, true).await);
    assert!(to.ends_with("done=saved"), "{to}");
    assert_eq!(count(app.get("/api/v1/services?q=xotihxitx").await.json()), 0);
}
