//! The client-data pages: the navigator's queue and client page, break the glass, the
//! resident's own data and access log, the auditor's search and the administrator's
//! users page, in every language, with CSRF, redirects, and errors next to their fields.

use crate::{Reply, TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::client::{Hetu, Role};

const CSRF: &str = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
const HETU: &str = "131052-308T";

async fn get(app: &TestApp, uri: &str, token: &str) -> Reply {
    let request = Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::COOKIE, format!("polku_csrf={CSRF}"))
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

/// Posts a form with the CSRF token (or without it); checks that no identity code is in a Location.
async fn post(app: &TestApp, uri: &str, token: &str, body: &str, csrf: bool) -> Reply {
    let body = if csrf { format!("csrf={CSRF}&{body}") } else { body.to_owned() };
    let request = Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::COOKIE, format!("polku_csrf={CSRF}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let reply = app.send(request).await;
    if let Some(location) = reply.headers.get(header::LOCATION) {
        let location = location.to_str().unwrap();
        assert!(!location.contains(HETU) && !location.contains("131052"), "identity code in {location}");
    }
    reply
}

fn location(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.headers[header::LOCATION].to_str().unwrap().to_owned()
}

/// Valid, accessible HTML as the pages promise it: the language, one h1, no missing
/// message, a label for every visible input, `scope` on every table header.
fn well_formed(reply: &Reply, lang: &str, what: &str) {
    assert!(reply.body.contains(&format!("<html lang=\"{lang}\"")), "{what}");
    assert_eq!(reply.body.matches("<h1").count(), 1, "{what}");
    assert!(!reply.body.contains('⟦'), "{what} has a missing message: {}", reply.body);
    for tag in ["<input", "<select", "<textarea"] {
        for piece in reply.body.split(tag).skip(1) {
            let attrs = piece.split('>').next().unwrap_or("");
            if attrs.contains("type=\"hidden\"") {
                continue;
            }
            let id = attrs.split("id=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_else(|| {
                panic!("{what}: {tag} without an id: {attrs}");
            });
            assert!(reply.body.contains(&format!("for=\"{id}\"")), "{what}: no label for {id}");
        }
    }
    for piece in reply.body.split("<th").skip(1) {
        if piece.starts_with('>') || piece.starts_with(' ') {
            assert!(piece.split('>').next().unwrap().contains("scope="), "{what}: a th without scope");
        }
    }
}

fn create_body(hetu: &str, given: &str) -> String {
    format!(
        "hetu={hetu}&given_name={given}&family_name=Virtanen&municipality=638&language=fi&other_language=\
         &interpreter=1&phone=040+123+4567&email=&address="
    )
}

async fn queue_total(app: &TestApp, token: &str) -> u64 {
    app.json("GET", "/api/v1/clients/queue", Some(token), "").await.json()["total"].as_u64().unwrap()
}

/// A navigator's new client through the form: its id.
async fn create(app: &TestApp, token: &str, hetu: &str) -> String {
    let reply = post(app, "/fi/clients", token, &create_body(hetu, "Aino"), true).await;
    let to = location(&reply);
    assert!(to.starts_with("/fi/clients/client-") && to.ends_with("?done=created"), "{to}");
    to.trim_start_matches("/fi/clients/").trim_end_matches("?done=created").to_owned()
}

async fn resident(app: &TestApp, hetu: &str) -> String {
    let identity = app::auth::SsoIdentity {
        issuer: "https://idp.test".into(),
        subject: "s-1".into(),
        username: String::new(),
        given_name: Some("Aino".into()),
        family_name: Some("Virtanen".into()),
        roles: Vec::new(),
        organization: None,
        hetu: Some(Hetu::parse(hetu).unwrap()),
    };
    app.polku.sso_session(identity, &Default::default()).await.unwrap()
}

#[tokio::test]
async fn each_page_renders_in_every_language_for_its_role_only() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let auditor = app.user("aud", &[Role::Auditor], None).await;
    let admin = app.user("adm", &[Role::Administrator], None).await;
    let planner = app.user("pla", &[Role::Planner], None).await;
    let id = create(&app, &nav, HETU).await;
    let me = resident(&app, HETU).await;
    for lang in ["fi", "sv", "en"] {
        for (path, token, others) in [
            ("/clients".to_owned(), &nav, [&auditor, &admin, &planner]),
            (format!("/clients/{id}"), &nav, [&auditor, &admin, &planner]),
            ("/me".to_owned(), &me, [&nav, &admin, &planner]),
            ("/me/log".to_owned(), &me, [&nav, &auditor, &planner]),
            ("/audit".to_owned(), &auditor, [&nav, &admin, &me]),
            ("/admin/users".to_owned(), &admin, [&nav, &auditor, &me]),
            ("/admin/users/nina".to_owned(), &admin, [&nav, &auditor, &planner]),
        ] {
            let uri = format!("/{lang}{path}");
            let reply = get(&app, &uri, token).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
            well_formed(&reply, lang, &uri);
            for other in others {
                let refused = get(&app, &uri, other).await;
                assert!(
                    refused.status == StatusCode::FORBIDDEN
                        || (refused.status == StatusCode::SEE_OTHER
                            && refused.headers[header::LOCATION] == format!("/{lang}/me")),
                    "{uri}: {}",
                    refused.status
                );
            }
            let anonymous = app.get(&uri).await;
            assert_eq!(anonymous.headers[header::LOCATION], format!("/{lang}/login"), "{uri}");
        }
    }
    // The header leads each role to its pages.
    assert!(get(&app, "/en/", &nav).await.body.contains(r#"href="/en/clients""#));
    assert!(get(&app, "/en/", &me).await.body.contains(r#"href="/en/me""#));
    assert!(get(&app, "/en/", &auditor).await.body.contains(r#"href="/en/audit""#));
    let home = get(&app, "/en/", &admin).await.body;
    assert!(home.contains(r#"href="/en/admin/users""#) && !home.contains(r#"href="/en/clients""#));
    let titles = [
        ("fi", "Kuka on katsonut tietojani"),
        ("sv", "Vem har sett mina uppgifter"),
        ("en", "Who has looked at my data"),
    ];
    for (lang, title) in titles {
        assert!(get(&app, &format!("/{lang}/me/log"), &me).await.body.contains(&format!("<h1>{title}</h1>")));
    }
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let reply = post(&app, "/fi/clients", &nav, &create_body(HETU, "Aino"), false).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let forged =
        post(&app, "/fi/clients", &nav, &format!("csrf={}&{}", "0".repeat(64), create_body(HETU, "A")), false).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(queue_total(&app, &nav).await, 0, "nothing was written");
    let id = create(&app, &nav, HETU).await;
    for path in ["facts", "consents", "referrals", "emergency", "take"] {
        let reply = post(&app, &format!("/en/clients/{id}/{path}"), &nav, "fact=age&value=80", false).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let facts = app.json("GET", &format!("/api/v1/clients/{id}/facts"), Some(&nav), "").await.json();
    assert_eq!(facts["total"], 0);
    assert_eq!(
        post(&app, "/en/clients/find", &nav, &format!("hetu={HETU}"), false).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_navigator_creates_finds_and_records_through_the_forms() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let id = create(&app, &nav, HETU).await;
    let queue = get(&app, "/en/clients", &nav).await;
    assert!(queue.body.contains("Virtanen, Aino") && queue.body.contains(&format!("/en/clients/{id}")));
    let page = get(&app, &format!("/en/clients/{id}?done=created"), &nav).await;
    assert!(page.body.contains("The client was added to your queue."), "{}", page.body);
    assert!(page.body.contains(HETU), "the navigator sees the code in the page, not in a URL");
    // Finding by identity code is a POST that redirects to the client.
    let found = post(&app, "/en/clients/find", &nav, &format!("hetu={}", HETU.to_lowercase()), true).await;
    assert_eq!(location(&found), format!("/en/clients/{id}"));
    // Facts, a consent and a referral, each a redirect with its message.
    let to = location(&post(&app, &format!("/en/clients/{id}/facts"), &nav, "fact=age&value=74", true).await);
    assert_eq!(to, format!("/en/clients/{id}?done=facts"));
    let flag = post(&app, &format!("/fi/clients/{id}/facts"), &nav, "fact=lives_alone&value=kyll%C3%A4", true).await;
    location(&flag);
    let consent = "organization=org-itu-homecare&scopes=identity&scopes=facts&valid_until=2027-01-31";
    location(&post(&app, &format!("/en/clients/{id}/consents"), &nav, consent, true).await);
    let refer = "to_organization=org-itu-homecare&service=svc-home-care";
    location(&post(&app, &format!("/en/clients/{id}/referrals"), &nav, refer, true).await);
    let page = get(&app, &format!("/en/clients/{id}?done=referred"), &nav).await;
    assert!(page.body.contains("The referral was made."));
    assert!(page.body.contains("lives alone") && page.body.contains(">yes<") && page.body.contains("nina"));
    assert!(page.body.contains("in force") && page.body.contains("open"));
    let consents = app.json("GET", &format!("/api/v1/clients/{id}/consents"), Some(&nav), "").await.json();
    let consent_id = consents["items"][0]["id"].as_str().unwrap().to_owned();
    let referrals = app.json("GET", &format!("/api/v1/clients/{id}/referrals"), Some(&nav), "").await.json();
    assert_eq!(referrals["items"][0]["status"], "requested");
    location(&post(&app, &format!("/sv/clients/{id}/consents/{consent_id}/withdraw"), &nav, "", true).await);
    let page = get(&app, &format!("/sv/clients/{id}?done=consent-withdrawn"), &nav).await;
    assert!(page.body.contains("Skickad") && page.body.contains("återkallat"));
    // An unknown code says so at the field.
    let missing = post(&app, "/en/clients/find", &nav, "hetu=010594Y9032", true).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains(r#"id="find-hetu-error""#) && missing.body.contains("No client has this identity code")
    );
}

#[tokio::test]
async fn bad_input_is_shown_next_to_its_field_and_writes_nothing() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let cases = [
        (create_body(HETU, ""), "create-given_name-error", "Anna etunimet"),
        (create_body("131052-308U", "Aino"), "create-hetu-error", "Tarkistemerkki"),
        (create_body("131052G308T", "Aino"), "create-hetu-error", "välimerkki"),
        (
            create_body(HETU, "Aino").replace("municipality=638", "municipality=999"),
            "create-municipality-error",
            "kunta",
        ),
        (create_body(HETU, "Aino").replace("email=", "email=nope"), "create-email-error", "sähköpostiosoite"),
        (create_body(HETU, "Aino").replace("language=fi", "language=other"), "create-other_language-error", "kahdella"),
    ];
    for (body, id, text) in cases {
        let reply = post(&app, "/fi/clients", &nav, &body, true).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error =
            reply.body.split(&format!(r#"id="{id}">"#)).nth(1).unwrap_or_else(|| panic!("{id}: {}", reply.body));
        assert!(error.split("</p>").next().unwrap().contains(text), "{id}: {error}");
        assert!(reply.body.contains(r#"aria-invalid="true""#));
        well_formed(&reply, "fi", &body);
    }
    assert_eq!(queue_total(&app, &nav).await, 0, "nothing was written");
    let id = create(&app, &nav, HETU).await;
    let twice = post(&app, "/en/clients", &nav, &create_body(HETU, "Aino"), true).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert!(twice.body.contains("Another client already has this identity code"));
    let facts = [
        ("fact=nope&value=1", "fact-fact-error", "Choose a fact"),
        ("fact=age&value=200", "fact-value-error", "from 0 to 120"),
        ("fact=age&value=old", "fact-value-error", "from 0 to 120"),
        ("fact=lives_alone&value=maybe", "fact-value-error", "yes or no"),
        ("fact=sex&value=other", "fact-value-error", "female, male"),
    ];
    for (body, id_, text) in facts {
        let reply = post(&app, &format!("/en/clients/{id}/facts"), &nav, body, true).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error =
            reply.body.split(&format!(r#"id="{id_}">"#)).nth(1).unwrap_or_else(|| panic!("{body}: {}", reply.body));
        assert!(error.split("</p>").next().unwrap().contains(text), "{body}: {error}");
    }
    let total = |path: &'static str| {
        let (app, nav, id) = (&app, &nav, &id);
        async move { app.json("GET", &format!("/api/v1/clients/{id}/{path}"), Some(nav), "").await.json()["total"].clone() }
    };
    assert_eq!(total("facts").await, 0);
    let past = "organization=org-itu-homecare&scopes=identity&valid_until=2020-01-01";
    let reply = post(&app, &format!("/sv/clients/{id}/consents"), &nav, past, true).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains(r#"id="consent-valid_until-error""#) && reply.body.contains("i dag eller senare"));
    let no_scope = "organization=org-itu-homecare&valid_until=2027-01-01";
    let reply = post(&app, &format!("/en/clients/{id}/consents"), &nav, no_scope, true).await;
    assert!(reply.body.contains("Choose what may be disclosed"));
    assert_eq!(total("consents").await, 0);
    let reply =
        post(&app, &format!("/en/clients/{id}/referrals"), &nav, "to_organization=org-nope&service=svc-x", true).await;
    assert!(
        reply.body.contains(r#"id="refer-to_organization-error""#)
            && reply.body.contains(r#"id="refer-service-error""#)
    );
    assert_eq!(total("referrals").await, 0);
}

#[tokio::test]
async fn a_refused_read_offers_break_the_glass_and_the_auditor_sees_it_first() {
    let app = demo_app().await;
    let nina = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let olli = app.user("olli", &[Role::Navigator], Some("org-itu")).await;
    let auditor = app.user("aud", &[Role::Auditor], None).await;
    let id = create(&app, &nina, HETU).await;
    let refused = get(&app, &format!("/en/clients/{id}"), &olli).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("no lawful basis") && refused.body.contains("the auditor is alerted"));
    assert!(refused.body.contains(&format!(r#"action="/en/clients/{id}/emergency""#)));
    assert!(!refused.body.contains("Virtanen"));
    well_formed(&refused, "en", "refused");
    let short = post(&app, &format!("/en/clients/{id}/emergency"), &olli, "reason=now&minutes=30", true).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains(r#"id="glass-reason-error""#) && short.body.contains("at least 10 characters"));
    let long =
        post(&app, &format!("/en/clients/{id}/emergency"), &olli, "reason=unconscious+at+the+door&minutes=999", true)
            .await;
    assert!(long.body.contains("from 1 to 480"));
    let glass =
        post(&app, &format!("/en/clients/{id}/emergency"), &olli, "reason=unconscious+at+the+door&minutes=30", true)
            .await;
    assert_eq!(location(&glass), format!("/en/clients/{id}?done=emergency"));
    let open = get(&app, &format!("/en/clients/{id}?done=emergency"), &olli).await;
    assert_eq!(open.status, StatusCode::OK);
    assert!(open.body.contains("Virtanen") && open.body.contains("The auditor has been alerted."));
    // Olli can find the client and take them into his queue.
    let found = post(&app, "/en/clients/find", &olli, &format!("hetu={HETU}"), true).await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains(&format!(r#"action="/en/clients/{id}/take""#)));
    // The auditor: rows of the client, emergency accesses first as alerts.
    let audit = get(&app, &format!("/en/audit?client={id}&user=&from=&to=&basis=&outcome=&limit=100"), &auditor).await;
    assert_eq!(audit.status, StatusCode::OK);
    well_formed(&audit, "en", "audit");
    let alerts = audit.body.find("Emergency accesses").expect("alerts");
    let table = audit.body.find("<table").expect("results");
    assert!(alerts < table);
    assert!(
        audit.body[alerts..table].contains("unconscious at the door") && audit.body[alerts..table].contains("olli")
    );
    assert!(audit.body[table..].contains("nina") && audit.body[table..].contains("refused"));
    let other = get(&app, "/en/audit?client=client-nobody", &auditor).await;
    assert!(other.body.contains("No rows match.") && !other.body.contains("Emergency accesses"));
    let bad = get(&app, "/fi/audit?from=eilen&limit=0", &auditor).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains(r#"id="audit-from-error""#) && bad.body.contains("Anna päivämäärä"));
}

#[tokio::test]
async fn the_resident_sees_their_data_and_who_looked_at_it() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let id = create(&app, &nav, HETU).await;
    let consent = "organization=org-itu-homecare&scopes=identity&valid_until=2027-01-31";
    location(&post(&app, &format!("/en/clients/{id}/consents"), &nav, consent, true).await);
    get(&app, &format!("/en/clients/{id}"), &nav).await;
    let me = resident(&app, HETU).await;
    let page = get(&app, "/en/me", &me).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Aino Virtanen") && page.body.contains("in force"));
    let log = get(&app, "/en/me/log", &me).await;
    assert!(log.body.contains("nina") && log.body.contains("service navigator"), "{}", log.body);
    assert!(log.body.contains("client relationship") && log.body.contains("identity and contact details"));
    assert!(log.body.contains("your own data"), "the resident's own sign-in read");
    let fi = get(&app, "/fi/me/log", &me).await;
    assert!(fi.body.contains("asiakassuhde") && fi.body.contains("palveluohjaaja"));
    // The resident withdraws the consent with the form.
    let consents = app.json("GET", "/api/v1/me", Some(&me), "").await;
    assert_eq!(consents.status, StatusCode::OK);
    let consent_id = page.body.split("/en/me/consents/").nth(1).unwrap().split('/').next().unwrap().to_owned();
    assert!(
        post(&app, &format!("/en/me/consents/{consent_id}/withdraw"), &me, "", false).await.status
            == StatusCode::FORBIDDEN
    );
    let done = post(&app, &format!("/en/me/consents/{consent_id}/withdraw"), &me, "", true).await;
    assert_eq!(location(&done), "/en/me?done=consent-withdrawn");
    let page = get(&app, "/en/me?done=consent-withdrawn", &me).await;
    assert!(page.body.contains("The consent was withdrawn.") && page.body.contains("withdrawn"));
    // A resident who goes to the navigator's pages is sent to their own.
    assert_eq!(get(&app, "/en/clients", &me).await.headers[header::LOCATION], "/en/me");
}

#[tokio::test]
async fn administrators_set_roles_with_the_form() {
    let app = demo_app().await;
    let admin = app.user("adm", &[Role::Administrator], None).await;
    app.user("bert", &[Role::Planner], None).await;
    let list = get(&app, "/en/admin/users", &admin).await;
    assert!(list.body.contains(r#"href="/en/admin/users/bert""#) && list.body.contains("planner"));
    let form = get(&app, "/sv/admin/users/bert", &admin).await;
    assert!(form.body.contains(r#"name="roles" value="planner" checked"#));
    assert_eq!(
        post(&app, "/en/admin/users/bert", &admin, "roles=professional", false).await.status,
        StatusCode::FORBIDDEN
    );
    let no_org = post(&app, "/en/admin/users/bert", &admin, "roles=professional&organization=", true).await;
    assert_eq!(no_org.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_org.body.contains(r#"id="user-organization-error""#) && no_org.body.contains("belongs to an organisation")
    );
    let bad_org = post(&app, "/en/admin/users/bert", &admin, "roles=professional&organization=org-nope", true).await;
    assert!(bad_org.body.contains("Choose an organisation from the list"));
    let ok =
        post(&app, "/en/admin/users/bert", &admin, "roles=professional&roles=navigator&organization=org-itu", true)
            .await;
    assert_eq!(location(&ok), "/en/admin/users?done=roles-set");
    let users = app.json("GET", "/api/v1/users", Some(&admin), "").await.json();
    let bert = users["items"].as_array().unwrap().iter().find(|u| u["username"] == "bert").unwrap().clone();
    assert_eq!(bert["roles"], serde_json::json!(["navigator", "professional"]));
    assert_eq!(bert["organization"], "org-itu");
    assert_eq!(get(&app, "/en/admin/users/nobody", &admin).await.status, StatusCode::NOT_FOUND);
}
