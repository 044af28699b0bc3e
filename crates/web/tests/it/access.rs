//! Accessibility over HTTP: the demo county's report, cells as CSV and
//! GeoJSON, scenarios, and refusals that name the problem.

use crate::demo_app;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn a_service_report_is_labelled_an_estimate_and_covers_the_county() {
    let app = demo_app().await;
    let reply = app.get("/api/v1/access/services/svc-home-care?mode=car&age=75%2B").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let r = reply.json();
    assert_eq!(r["method"], "estimate");
    assert_eq!(r["estimate"], true);
    assert_eq!(r["age_group"], "75+");
    assert_eq!(r["municipalities"].as_array().unwrap().len(), 7);
    let county = &r["county"];
    // Residents 75+ of the demo county (9 % of 98,972).
    let pop = county["population"].as_f64().unwrap();
    assert!((8_500.0..9_500.0).contains(&pop), "{pop}");
    let (w10, w20, w30) = (
        county["within_10"].as_f64().unwrap(),
        county["within_20"].as_f64().unwrap(),
        county["within_30"].as_f64().unwrap(),
    );
    assert!(w10 <= w20 && w20 <= w30 && w30 <= 1.0);
    assert!(r["worst"]["mean"].as_f64() >= r["best"]["mean"].as_f64());

    // Every resident is in a cell: the whole population, by municipality.
    let csv = app.get("/api/v1/access/services/svc-home-care?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut lines = csv.body.lines();
    assert_eq!(lines.next(), Some("cell_id,municipality,x,y,lat,lon,population,weight,minutes,estimate"));
    let total: u64 = lines.map(|l| l.split(',').nth(6).unwrap().parse::<u64>().unwrap()).sum();
    assert_eq!(total, 98_972);

    // The three nearest units of each cell, for choice, nearest first.
    let k3 = app.get("/api/v1/access/services/svc-home-care?format=csv&k=3").await;
    assert_eq!(k3.status, StatusCode::OK, "{}", k3.body);
    let first = k3.body.lines().nth(1).unwrap();
    let list = first.rsplit(',').next().unwrap();
    let minutes: Vec<f64> = list.split('|').map(|e| e.rsplit(':').next().unwrap().parse().unwrap()).collect();
    assert!(minutes.len() >= 2 && minutes.windows(2).all(|w| w[0] <= w[1]), "{first}");
    assert_eq!(first.split(',').nth(8).unwrap().parse::<f64>().unwrap(), minutes[0]);

    let geo = app.get("/api/v1/access/services/svc-home-care?format=geojson&crs=4326").await;
    assert_eq!(geo.status, StatusCode::OK);
    let g: Value = geo.json();
    assert_eq!(g["type"], "FeatureCollection");
    let ring = &g["features"][0]["geometry"]["coordinates"][0];
    let (lon, lat) = (ring[0][0].as_f64().unwrap(), ring[0][1].as_f64().unwrap());
    assert!((25.0..27.0).contains(&lon) && (60.0..61.0).contains(&lat), "{lon},{lat}");
    let geo3067: Value = app.get("/api/v1/access/services/svc-home-care?format=geojson").await.json();
    assert_eq!(geo3067["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::3067");

    for (uri, field) in [
        ("/api/v1/access/services/svc-home-care?mode=plane", "mode"),
        ("/api/v1/access/services/svc-home-care?crs=2393", "crs"),
        ("/api/v1/access/services/svc-home-care?format=kml", "format"),
        ("/api/v1/access/services/svc-home-care?colour=red", "colour"),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}: {}", reply.body);
        assert_eq!(reply.json()["details"][0]["field"], field);
    }
    assert_eq!(app.get("/api/v1/access/services/svc-nope").await.status, StatusCode::NOT_FOUND);
    let reply = app.get("/api/v1/access/services/svc-home-care?age=90-80").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["details"][0]["field"], "age");
}

#[tokio::test]
async fn closing_a_unit_only_lengthens_trips_and_opening_one_only_shortens_them() {
    let app = demo_app().await;
    let report: Value = app.get("/api/v1/access/services/svc-home-care").await.json();
    assert!(report["units"].as_u64().unwrap() >= 2);
    let close = r#"{"service": "svc-home-care", "changes": [{"close": "unit-porvoo-home-care"}]}"#;
    let reply = app.json("POST", "/api/v1/access/scenarios", None, close).await;
    if reply.status == StatusCode::UNPROCESSABLE_ENTITY {
        panic!("the demo's home care unit in Porvoo has another id: {}", reply.body);
    }
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let s = reply.json();
    assert_eq!(s["gained_residents"].as_f64(), Some(0.0));
    assert!(s["lost_residents"].as_f64().unwrap() > 0.0);
    assert!(s["after"]["county"]["mean"].as_f64() > s["before"]["county"]["mean"].as_f64());
    for c in s["changed_cells"].as_array().unwrap() {
        assert!(c["after"].as_f64() > c["before"].as_f64(), "{c}");
    }
    let open = r#"{"service": "svc-home-care", "age": "75+", "changes": [{"open": {"id": "new", "lat": 60.45, "lon": 25.9, "services": ["svc-home-care"]}}]}"#;
    let s = app.json("POST", "/api/v1/access/scenarios", None, open).await.json();
    assert_eq!(s["lost_residents"].as_f64(), Some(0.0));
    assert!(s["gained_residents"].as_f64().unwrap() > 0.0);

    for (body, field) in [
        (r#"{"service": "svc-home-care", "changes": [{"close": "unit-nope"}]}"#, "changes[0]"),
        (r#"{"service": "svc-home-care", "mode": "plane", "changes": [{"close": "unit-nope"}]}"#, "mode"),
        (r#"{"service": "svc-home-care", "age": "90-80", "changes": [{"close": "unit-nope"}]}"#, "age"),
        (
            r#"{"service": "svc-home-care", "changes": [{"open": {"id": "x", "lat": 25.9, "lon": 60.45, "services": []}}]}"#,
            "changes[0]",
        ),
        (r#"{"service": "svc-home-care", "changes": []}"#, "changes"),
    ] {
        let reply = app.json("POST", "/api/v1/access/scenarios", None, body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
        assert_eq!(reply.json()["details"][0]["field"], field, "{}", reply.body);
    }
}

#[tokio::test]
async fn with_a_road_network_times_are_routed_and_cells_off_it_are_unreachable_not_zero() {
    let Some(pbf) = testkit_sql::shared_file("data/osm/helsinki_centre.osm.pbf") else { return };
    let app = demo_app().await;
    let (builder, _) = access_io::osm::read(&pbf, |_| {}).unwrap();
    let (graph, _) = builder.build(access::Mode::Walk);
    app.polku.set_network(access::Mode::Walk, access::matrix::Network::prepare(graph));
    // The demo county is nowhere near Helsinki's centre: every cell is off this network.
    let r = app.get("/api/v1/access/services/svc-home-care?mode=walk").await.json();
    assert_eq!(r["method"], "network");
    assert_eq!(r["estimate"], false);
    assert_eq!(r["county"]["unreachable"], 1.0);
    assert!(r["county"]["mean"].is_null() && r["county"]["within_10"] == 0.0, "{}", r["county"]);
    // Other modes, with no network loaded, stay labelled estimates.
    let car = app.get("/api/v1/access/services/svc-home-care?mode=car").await.json();
    assert_eq!(car["method"], "estimate");
    let planner = app.token().await;
    let page = app.get_as("/en/planning/access?service=svc-home-care&mode=walk", &planner).await;
    assert!(page.body.contains("routed on OpenStreetMap roads"), "the page says so");
}
