//! Service network plans over HTTP: a job started, followed to its plan,
//! exported as CSV and GeoJSON, shown on the planner page; refusals that name
//! the field; planners only.

use crate::demo_app;
use axum::http::StatusCode;
use domain::client::Role;
use serde_json::Value;

async fn wait(app: &crate::TestApp, token: &str, id: &str) -> Value {
    for _ in 0..600 {
        let r = app.get_as(&format!("/api/v1/plans/{id}"), token).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        if v["status"] != "running" {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("plan {id} still running after 60 s");
}

#[tokio::test]
async fn a_plan_runs_as_a_job_and_comes_back_with_its_sites_cells_and_indicators() {
    let app = demo_app().await;
    let token = app.token().await;
    let body = r#"{"service":"svc-doctor-appointment","problem":"p-median","p":4,"generate":30,"age":"75+"}"#;
    let r = app.json("POST", "/api/v1/plans", Some(&token), body).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(r.headers["location"], format!("/api/v1/plans/{id}").as_str());
    let job = wait(&app, &token, &id).await;
    assert_eq!(job["status"], "done", "{job}");
    let plan = &job["plan"];
    assert_eq!(plan["estimate"], true, "the demo county has no road network: labelled");
    assert_eq!(plan["age_group"], "75+");
    let sites = plan["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 8 + 30, "the service's 8 units and 30 generated points");
    assert_eq!(sites.iter().filter(|s| s["open"] == true).count(), 4);
    // The value is the residents' total minutes to their sites: per resident, the after-report's mean.
    let residents = plan["after"]["county"]["population"].as_f64().unwrap();
    let mean_after = plan["after"]["county"]["mean"].as_f64().unwrap();
    assert!((plan["value"].as_f64().unwrap() / residents - mean_after).abs() < 0.05, "{plan}");
    assert!(plan["bound"].as_f64().unwrap() <= plan["value"].as_f64().unwrap() + 1e-6);
    assert_eq!(plan["before"]["municipalities"].as_array().unwrap().len(), 7);

    let csv = app.get_as(&format!("/api/v1/plans/{id}?format=csv"), &token).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut lines = csv.body.lines();
    assert_eq!(lines.next(), Some("cell_id,municipality,lat,lon,weight,site_id,minutes,estimate"));
    let open: Vec<&str> = sites.iter().filter(|s| s["open"] == true).map(|s| s["id"].as_str().unwrap()).collect();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), plan["cells"].as_u64().unwrap() as usize);
    assert!(rows.iter().all(|l| open.contains(&l.split(',').nth(5).unwrap())), "every cell assigned to an open site");
    let geo = app.get_as(&format!("/api/v1/plans/{id}?format=geojson"), &token).await;
    assert_eq!(geo.status, StatusCode::OK);
    let fc = geo.json();
    assert_eq!(fc["features"].as_array().unwrap().len(), 4 + rows.len());

    let page = app.get_as(&format!("/en/planning/plans/{id}"), &token).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg") && page.body.contains("Estimate:"), "the map, labelled an estimate");
    let list = app.get_as("/api/v1/plans", &token).await;
    assert_eq!(list.json()["items"][0]["id"], id.as_str());
}

#[tokio::test]
async fn refusals_name_the_field_and_only_planners_plan() {
    let app = demo_app().await;
    let token = app.token().await;
    let post = |body: &'static str| {
        let (app, token) = (&app, token.clone());
        async move { app.json("POST", "/api/v1/plans", Some(&token), body).await }
    };
    let r = post(r#"{"service":"svc-doctor-appointment","problem":"p-median","p":2,"fixed":["unit-nowhere"]}"#).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["details"][0]["field"], "fixed[0]");
    let r = post(r#"{"service":"svc-doctor-appointment","problem":"coverage","p":2}"#).await;
    assert_eq!(r.json()["details"][0]["field"], "minutes");
    let r = post(r#"{"service":"svc-doctor-appointment","problem":"k-means","p":2}"#).await;
    assert_eq!(r.json()["details"][0]["field"], "problem");
    let r = post(r#"{"service":"svc-nothing","problem":"p-median","p":2}"#).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // More sites than candidates: the job is refused naming p.
    let r = post(r#"{"service":"svc-doctor-appointment","problem":"p-median","p":9}"#).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let job = wait(&app, &token, r.json()["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "failed");
    assert_eq!(job["error"]["field"], "p");
    assert!(job["error"]["message"].as_str().unwrap().contains("at most the 8 candidate sites"), "{job}");
    // A threshold some cell cannot meet: set cover names the cell.
    let r = post(r#"{"service":"svc-doctor-appointment","problem":"set-cover","minutes":1}"#).await;
    let job = wait(&app, &token, r.json()["id"].as_str().unwrap()).await;
    assert_eq!(job["error"]["field"], "minutes", "{job}");
    assert!(job["error"]["message"].as_str().unwrap().contains("within 1 minutes"), "{job}");

    let anonymous = app.json("POST", "/api/v1/plans", None, "{}").await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let editor = app.user("editor1", &[Role::CatalogEditor], None).await;
    let r = app
        .json(
            "POST",
            "/api/v1/plans",
            Some(&editor),
            r#"{"service":"svc-doctor-appointment","problem":"p-center","p":2}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get_as("/api/v1/plans/plan-0-00000000", &token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn public_transport_plans_on_car_times_doubled_and_says_it_is_an_estimate() {
    let app = demo_app().await;
    let token = app.token().await;
    let mut values = Vec::new();
    for mode in ["car", "public_transport"] {
        let body = format!(r#"{{"service":"svc-doctor-appointment","problem":"p-center","p":3,"mode":"{mode}"}}"#);
        let r = app.json("POST", "/api/v1/plans", Some(&token), &body).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
        let job = wait(&app, &token, r.json()["id"].as_str().unwrap()).await;
        assert_eq!(job["status"], "done", "{job}");
        assert_eq!(job["plan"]["mode"], mode);
        assert_eq!(job["plan"]["estimate"], true);
        values.push((job["plan"]["value"].as_f64().unwrap(), job["plan"]["after"]["county"]["mean"].as_f64().unwrap()));
    }
    // The same plan, every time doubled: the worst time and the mean after.
    assert!((values[1].0 - 2.0 * values[0].0).abs() < 1e-3, "{values:?}");
    assert!((values[1].1 - 2.0 * values[0].1).abs() < 1e-2, "{values:?}");
    let r = app
        .json(
            "POST",
            "/api/v1/plans",
            Some(&token),
            r#"{"service":"svc-doctor-appointment","problem":"p-center","p":3,"mode":"boat"}"#,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.json()["details"][0]["field"], "mode");
}
