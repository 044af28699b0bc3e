//! Monitoring over HTTP: events imported as CSV (all or nothing, idempotent), an indicator
//! by municipality and month as JSON and CSV with small numbers suppressed and months
//! without data missing, the indicator list, and the pages in three languages.

use crate::{Reply, TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::client::Role;
use serde_json::Value;

const HEADER: &str = "id,at,kind,client,age,municipality,group,urgent,started_at";

/// A non-urgent nurse visit `days` after its assessment.
fn visit(id: &str, municipality: &str, at: &str, started: &str) -> String {
    format!("{id},{at},visit,client-{id},40,{municipality},primary_nurse,false,{started}")
}

/// Porvoo (638): 8 visits in January 2026, 6 of them within 14 days; 5 in March, all
/// within. Loviisa (434): 3 in January, all within (fewer than five: suppressed). No
/// events at all in February.
fn events() -> String {
    let mut lines = vec![HEADER.to_owned()];
    for i in 0..6 {
        lines.push(visit(&format!("p-jan-{i}"), "638", &format!("2026-01-{:02}T10:00", 10 + i), "2026-01-05T09:00"));
    }
    for i in 0..2 {
        lines.push(visit(
            &format!("p-jan-late-{i}"),
            "638",
            &format!("2026-01-{:02}T10:00", 20 + i),
            "2025-12-01T09:00",
        ));
    }
    for i in 0..5 {
        lines.push(visit(&format!("p-mar-{i}"), "638", &format!("2026-03-{:02}T10:00", 2 + i), "2026-03-01T09:00"));
    }
    for i in 0..3 {
        lines.push(visit(&format!("l-jan-{i}"), "434", &format!("2026-01-{:02}T11:00", 12 + i), "2026-01-08T09:00"));
    }
    lines.join("\n") + "\n"
}

async fn post_csv(app: &TestApp, uri: &str, token: Option<&str>, body: &str) -> Reply {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, "text/csv");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    app.send(request.body(Body::from(body.to_owned())).unwrap()).await
}

const VIEW: &str = "/api/v1/indicators/primary_visit_14d?by=municipality&period=month&from=2026-01-01&to=2026-03-31";

async fn imported() -> (TestApp, String) {
    let app = demo_app().await;
    let token = app.token().await;
    let reply = post_csv(&app, "/api/v1/monitoring/events", Some(&token), &events()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["read"], 16);
    assert_eq!(report["inserted"], 16);
    assert_eq!(report["written"], true);
    (app, token)
}

fn cell<'a>(cells: &'a Value, municipality: &str, period: i64) -> &'a Value {
    cells
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["keys"][0] == municipality && c["period"] == period)
        .unwrap_or_else(|| panic!("no cell {municipality} {period} in {cells}"))
}

#[tokio::test]
async fn indicators_by_municipality_and_month_with_suppression_and_missing_months() {
    let (app, _) = imported().await;

    let list = app.get("/api/v1/indicators").await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.json();
    let first = list["items"].as_array().unwrap().iter().find(|i| i["id"] == "primary_visit_14d").unwrap();
    assert_eq!(first["unit"], "percent");
    assert_eq!(first["better"], "higher");
    assert!(first["name"]["sv"].as_str().unwrap().contains("14 dagar"));
    assert!(first["dims"].as_array().unwrap().contains(&Value::from("municipality")));
    assert!(!first["formula"].as_str().unwrap().is_empty() && !first["source"].as_str().unwrap().is_empty());

    let reply = app.get(VIEW).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view = reply.json();
    assert_eq!(view["indicator"], "primary_visit_14d");
    assert_eq!(view["unit"], "percent");
    assert_eq!(view["from"], "2026-01-01");
    assert_eq!(view["to"], "2026-03-31");
    assert_eq!(view["by"], serde_json::json!(["municipality"]));
    assert_eq!(view["period"], "month");
    assert_eq!(view["events"], 16);
    let cells = &view["cells"];
    let porvoo_jan = cell(cells, "638", 202601);
    assert_eq!(porvoo_jan["numerator"], 6.0);
    assert_eq!(porvoo_jan["denominator"], 8.0);
    assert_eq!(porvoo_jan["value"], 75.0);
    assert_eq!(porvoo_jan["suppressed"], false);
    let porvoo_mar = cell(cells, "638", 202603);
    assert_eq!((porvoo_mar["numerator"].as_f64(), porvoo_mar["denominator"].as_f64()), (Some(5.0), Some(5.0)));
    assert_eq!(porvoo_mar["value"], 100.0);
    // Three visits in Loviisa: suppressed, no value and no counts.
    let loviisa_jan = cell(cells, "434", 202601);
    assert_eq!(loviisa_jan["suppressed"], true);
    assert!(loviisa_jan["value"].is_null() && loviisa_jan["numerator"].is_null(), "{loviisa_jan}");
    // February has no events at all: missing, not zero.
    let porvoo_feb = cell(cells, "638", 202602);
    assert_eq!(porvoo_feb["missing"], true);
    assert!(porvoo_feb["value"].is_null());
    let missing = view["missing_days"].as_array().unwrap();
    assert!(missing.contains(&Value::from("2026-02-15")), "{missing:?}");
    assert_eq!(view["previous"]["to"], "2025-12-31");
    assert!(view["previous"]["cells"].is_array());

    // The same view as CSV.
    let csv = app.get(&format!("{VIEW}&format=csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "municipality,period,value,numerator,denominator,suppressed,missing");
    assert!(lines.contains(&"638,202601,75,6,8,false,false"), "{lines:?}");
    assert!(lines.contains(&"434,202601,,,,true,false"), "{lines:?}");
    assert!(lines.contains(&"638,202602,,,,false,true"), "{lines:?}");
    assert_eq!(lines.len(), 1 + cells.as_array().unwrap().len());

    // Filtered to one municipality, for the county as a whole.
    let one =
        app.get("/api/v1/indicators/primary_visit_14d?period=all&from=2026-01-01&to=2026-03-31&municipality=638").await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    let c = &one.json()["cells"][0];
    assert_eq!((c["numerator"].as_f64(), c["denominator"].as_f64()), (Some(11.0), Some(13.0)));

    // What cannot be asked is a 400 naming the parameter; an unknown indicator is a 404.
    for (uri, field) in [
        ("/api/v1/indicators/t3?by=age_group", "by"),
        ("/api/v1/indicators/t3?by=nonsense", "by"),
        ("/api/v1/indicators/t3?period=fortnight", "period"),
        ("/api/v1/indicators/t3?from=2026-13-01", "from"),
        ("/api/v1/indicators/t3?from=2026-03-01&to=2026-01-01", "from"),
        ("/api/v1/indicators/t3?from=2000-01-01&to=2026-01-01", "to"),
        ("/api/v1/indicators/t3?format=xml", "format"),
        ("/api/v1/indicators/t3?colour=red", "colour"),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}: {}", reply.body);
        assert_eq!(reply.json()["details"][0]["field"], field, "{uri}: {}", reply.body);
    }
    assert_eq!(app.get("/api/v1/indicators/nonsense").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn imports_are_all_or_nothing_idempotent_and_need_the_right() {
    let (app, token) = imported().await;
    let count = || async { app.get(VIEW).await.json()["events"].as_u64().unwrap() };
    assert_eq!(count().await, 16);

    // One bad line: nothing is written, the line is named.
    let bad = format!(
        "{HEADER}\n{}\nx-2,2026-01-10T10:00,visit,client-x,forty,638,primary_nurse,false,2026-01-05T09:00\n",
        visit("x-1", "638", "2026-01-10T10:00", "2026-01-05T09:00")
    );
    let reply = post_csv(&app, "/api/v1/monitoring/events", Some(&token), &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let report = reply.json();
    assert_eq!(report["written"], false);
    assert_eq!(report["inserted"], 0);
    assert!(report["details"][0]["field"].as_str().unwrap().starts_with("line 3"), "{report}");
    assert_eq!(count().await, 16, "nothing of a refused import is written");

    // A dry run checks without writing.
    let good = format!("{HEADER}\n{}\n", visit("x-1", "638", "2026-01-10T10:00", "2026-01-05T09:00"));
    let reply = post_csv(&app, "/api/v1/monitoring/events?dry_run=true", Some(&token), &good).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["written"], false);
    assert_eq!(count().await, 16);

    // The same file again: duplicates, nothing new.
    let reply = post_csv(&app, "/api/v1/monitoring/events", Some(&token), &events()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let report = reply.json();
    assert_eq!((report["inserted"].as_u64(), report["duplicates"].as_u64()), (Some(0), Some(16)), "{report}");
    assert_eq!(count().await, 16);

    // An id imported before with other content is refused, and nothing else is written.
    let changed = format!(
        "{HEADER}\n{}\n{}\n",
        visit("p-jan-0", "434", "2026-01-10T10:00", "2026-01-05T09:00"),
        visit("new-1", "638", "2026-01-11T10:00", "2026-01-05T09:00")
    );
    let reply = post_csv(&app, "/api/v1/monitoring/events", Some(&token), &changed).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let report = reply.json();
    assert!(report["details"][0]["field"].as_str().unwrap().contains("p-jan-0"), "{report}");
    assert!(report["details"][0]["problem"].as_str().unwrap().contains("other content"), "{report}");
    assert_eq!(count().await, 16);

    // JSON works as well.
    let json = r#"[{"id":"j-1","at":"2026-03-09T10:00:00","kind":"visit","client":"c-j","age":30,"municipality":"638","group":"primary_doctor","urgent":false,"started_at":"2026-03-02T08:00:00"}]"#;
    let reply = app.json("POST", "/api/v1/monitoring/events", Some(&token), json).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["inserted"], 1);
    assert_eq!(count().await, 17);

    // Nobody signed in: 401; signed in without the right: 403.
    let reply = post_csv(&app, "/api/v1/monitoring/events", None, &good).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    let editor = app.user("cecilia", &[Role::CatalogEditor], None).await;
    let reply = post_csv(&app, "/api/v1/monitoring/events", Some(&editor), &good).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(app.get("/api/v1/monitoring/alert-rules").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get_as("/api/v1/monitoring/alerts", &editor).await.status, StatusCode::FORBIDDEN);
    let reply = post_csv(&app, "/api/v1/monitoring/events", Some(&token), &good).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn alert_rules_are_kept_and_checked() {
    let (app, token) = imported().await;
    let rule = r#"{"indicator":"primary_visit_14d","municipality":"638","period":"month","direction":"below","threshold":80,"manager":"manager@example.fi"}"#;
    let reply = app.json("PUT", "/api/v1/monitoring/alert-rules/porvoo-14d", Some(&token), rule).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["created_by"], "user:anna");
    let rules = app.get_as("/api/v1/monitoring/alert-rules", &token).await;
    assert_eq!(rules.status, StatusCode::OK);
    assert_eq!(rules.json()["items"][0]["id"], "porvoo-14d");
    let bad = rule.replace("below", "sideways");
    let reply = app.json("PUT", "/api/v1/monitoring/alert-rules/porvoo-14d", Some(&token), &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert_eq!(reply.json()["details"][0]["field"], "direction");
    let alerts = app.get_as("/api/v1/monitoring/alerts", &token).await;
    assert_eq!(alerts.status, StatusCode::OK, "{}", alerts.body);
    assert!(alerts.json()["items"].is_array());
}

#[tokio::test]
async fn the_pages_show_the_figures_in_three_languages_without_javascript() {
    let (app, _) = imported().await;
    for (lang, title, name) in [
        ("fi", "Palvelujen seuranta", "Kiireetön hoito perusterveydenhuollossa 14 päivässä"),
        ("sv", "Uppföljning av tjänsterna", "Icke-brådskande vård inom primärvården inom 14 dagar"),
        ("en", "Monitoring of services", "Non-urgent primary care within 14 days"),
    ] {
        let reply = app.get(&format!("/{lang}/monitoring")).await;
        assert_eq!(reply.status, StatusCode::OK, "{lang}: {}", reply.body);
        let body = &reply.body;
        assert!(body.contains(title) && body.contains(name), "{lang}");
        assert!(body.contains(&format!("href=\"/{lang}/monitoring/primary_visit_14d\"")), "{lang}");
        assert!(!body.contains("<script"), "{lang}");
        assert!(!body.contains('⟦'), "{lang}: a message is missing");
        assert!(body.contains("<svg") && body.contains("aria-label="), "{lang}");

        let uri =
            format!("/{lang}/monitoring/primary_visit_14d?by=municipality&period=month&from=2026-01-01&to=2026-03-31");
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{lang}: {}", reply.body);
        let body = &reply.body;
        assert!(body.contains(name), "{lang}");
        assert!(!body.contains('⟦'), "{lang}: a message is missing");
        assert!(body.contains("id=\"definition\"") && body.contains("href=\"#definition\""), "{lang}");
        assert!(body.contains("<form method=\"get\""), "{lang}");
        assert!(body.contains("Porvoo") || body.contains("Borgå"), "{lang}");
        assert!(body.contains("<td class=\"num\">..</td>"), "{lang}: the suppressed cell");
        assert!(body.contains("<td class=\"num\">–</td>"), "{lang}: the missing month");
        assert!(body.contains("class=\"map\""), "{lang}: the map by municipality");
        assert!(
            body.contains(
                "/api/v1/indicators/primary_visit_14d?by=municipality&amp;period=month&amp;from=2026-01-01&amp;to=2026-03-31&amp;format=csv"
            ),
            "{lang}: the CSV export of this view"
        );
        let percent = if lang == "en" { "75.0%" } else { "75,0 %" };
        assert!(body.contains(percent), "{lang}: {percent}");
    }
    // The county by month, and a refused breakdown beside its field.
    let reply = app.get("/en/monitoring/t3").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app.get("/en/monitoring/t3?by=age_group").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("id=\"by-error\""), "{}", reply.body);
    assert_eq!(app.get("/en/monitoring/nonsense").await.status, StatusCode::NOT_FOUND);
    // Two breakdowns from the form's two fields, as the API's `by=municipality,age_limit`.
    let reply = app.get("/en/monitoring/primary_visit_14d?by=municipality&by2=age_limit&period=all").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("<option value=\"age_limit\" selected>"), "{}", reply.body);
    assert!(reply.body.contains("Porvoo, 23 and over"), "a group of both: {}", reply.body);
    assert!(reply.body.contains("by=municipality%2Cage_limit"), "the export names both: {}", reply.body);
    // The site's navigation links the dashboard.
    assert!(app.get("/fi/").await.body.contains("href=\"/fi/monitoring\""));
}

/// The accessibility engine's travel times are an indicator too: the county and each
/// municipality, the same figures as the accessibility API's, as JSON and as CSV.
#[tokio::test]
async fn travel_time_is_an_indicator_by_municipality() {
    let app = demo_app().await;
    let list = app.get("/api/v1/indicators").await.json();
    let item = list["items"].as_array().unwrap().iter().find(|i| i["id"] == "travel_time").expect("listed");
    assert_eq!((item["unit"].as_str(), item["dims"][0].as_str()), (Some("minutes"), Some("municipality")));

    let reply = app.get("/api/v1/indicators/travel_time?service=svc-home-care&mode=car&age=75%2B").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let view = reply.json();
    let access = app.get("/api/v1/access/services/svc-home-care?mode=car&age=75%2B").await.json();
    assert_eq!(view["cells"][0], access["county"]);
    assert_eq!(view["cells"].as_array().unwrap()[1..], access["municipalities"].as_array().unwrap()[..]);
    assert_eq!(view["cells"].as_array().unwrap().len(), 8, "the county and its seven municipalities");
    assert_eq!(view["age_group"], "75+");

    let csv = app.get("/api/v1/indicators/travel_time?service=svc-home-care&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "area,population,mean,median,p90,within_10,within_20,within_30,unreachable");
    assert!(lines[1].starts_with("county,"), "{}", lines[1]);
    assert_eq!(lines.len(), 9);

    let missing = app.get("/api/v1/indicators/travel_time").await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json()["details"][0]["field"], "service");
    let unknown = app.get("/api/v1/indicators/travel_time?service=svc-nowhere").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

/// The alerts page: those who manage monitoring see the thresholds and the alerts, add one
/// with a plain form (CSRF token), are told each refused field, and others are refused.
#[tokio::test]
async fn planners_keep_alert_thresholds_on_a_page() {
    use crate::referral_pages::{get, location, post, well_formed};
    let app = demo_app().await;
    let planner = app.user("pia", &[Role::Planner], None).await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let empty = get(&app, "/fi/monitoring/alerts", &planner).await;
    well_formed(&empty, "fi", "alerts");
    assert!(empty.body.contains("Hälytyksiä ei ole tehty.") && empty.body.contains("Raja-arvoja ei vielä ole."));
    assert_eq!(get(&app, "/en/monitoring/alerts", &nav).await.status, StatusCode::FORBIDDEN);

    let form = "id=loviisa-cp&indicator=child_protection_7wd&municipality=434&period=month&direction=below\
                &threshold=95&manager=perhe%40itu.example";
    assert_eq!(
        location(&post(&app, "/sv/monitoring/alerts", &planner, form, true).await),
        "/sv/monitoring/alerts?done=saved"
    );
    let saved = get(&app, "/sv/monitoring/alerts?done=saved", &planner).await;
    well_formed(&saved, "sv", "alerts after saving");
    assert!(saved.body.contains("Gränsvärdet sparades.") && saved.body.contains("loviisa-cp"), "{}", saved.body);
    assert!(saved.body.contains("Lovisa") && saved.body.contains("under 95"), "{}", saved.body);
    let rules = app.json("GET", "/api/v1/monitoring/alert-rules", Some(&planner), "").await.json();
    assert_eq!(rules["items"][0]["threshold"], 95.0);

    // Refused: each problem named, the form kept, nothing saved.
    let bad = "id=bad+id&indicator=t3&municipality=434&period=month&direction=below&threshold=lots&manager=nobody";
    let refused = post(&app, "/en/monitoring/alerts", &planner, bad, true).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["href=\"#id\"", "href=\"#threshold\"", "href=\"#manager\"", "value=\"lots\""] {
        assert!(refused.body.contains(field), "{field}: {}", refused.body);
    }
    let rules = app.json("GET", "/api/v1/monitoring/alert-rules", Some(&planner), "").await.json();
    assert_eq!(rules["items"].as_array().unwrap().len(), 1);
    // Without the CSRF token: refused.
    assert_eq!(post(&app, "/en/monitoring/alerts", &planner, form, false).await.status, StatusCode::FORBIDDEN);
}
