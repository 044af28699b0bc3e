//! The pages as residents and planners meet them (issue 19): contact on the service page,
//! the resident's search kept, honest figures, readable charts, and bad input answered beside
//! its field in the page's language.

use crate::demo_app;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

/// The `<li class="card">` blocks of a page, in order.
fn cards(body: &str) -> Vec<&str> {
    let units = body.split(r#"id="h-where""#).nth(1).and_then(|b| b.split("</section>").next()).unwrap_or("");
    units.split(r#"<li class="card">"#).skip(1).map(|c| c.split("</dl>").next().unwrap_or("")).collect()
}

#[tokio::test]
async fn a_resident_can_contact_the_unit_from_the_service_page() {
    let app = demo_app().await;
    let page = app.get("/fi/services/svc-home-care").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    let how = body.find("Näin saat palvelun").expect("a how-to-get step");
    let where_ = body.find(r#"id="h-where""#).expect("where");
    assert!(how < where_, "how to get it comes before the list of units");
    let cards = cards(body);
    assert!(!cards.is_empty());
    for card in &cards {
        assert!(card.contains("href=\"tel:"), "every unit card has a phone: {card}");
        assert!(card.contains("href=\"mailto:"), "and an e-mail address: {card}");
        assert!(card.contains("Tuottaja"), "and its producer: {card}");
        assert!(card.contains("Palvelukielet"), "and its languages: {card}");
    }
    // Holidays every unit shares are listed once for the page, not once per card.
    assert_eq!(body.matches("Joulu").count(), 1, "Christmas once");
    assert!(body.contains("Poikkeusaukiolot"));
}

#[tokio::test]
async fn the_service_page_keeps_the_residents_search() {
    let app = demo_app().await;
    let results = app.get("/fi/services?q=kotihoito&municipality=434").await.body;
    assert!(
        results.contains(r#"href="/fi/services/svc-home-care?q=kotihoito&amp;municipality=434&amp;sid="#),
        "the result links carry the search"
    );
    // The result lists where, a phone and whether it is open now.
    let first = results.split(r#"<li class="result">"#).nth(1).expect("a result");
    assert!(first.contains(r#"class="where""#) && first.contains("href=\"tel:"), "{first}");

    let page = app.get("/fi/services/svc-home-care?q=kotihoito&municipality=434").await.body;
    assert!(
        page.contains(r#"href="/fi/services?q=kotihoito&amp;municipality=434""#),
        "back to search keeps query and filters"
    );
    assert!(page.contains("Takaisin hakutuloksiin"));
    assert!(page.contains("Kunnassa Loviisa palvelee"), "which unit serves the municipality");
    let first = cards(&page)[0];
    assert!(first.contains("unit-loviisa-home-care"), "the Loviisa unit first: {first}");
    // Loviisa's own criteria today and the proposals', in words.
    assert!(page.contains("Myöntämisperusteet: Loviisa"));
    assert!(page.contains("Nyt voimassa:"));
    assert!(page.contains("ehdotus, voimaan aikaisintaan"), "the harmonised criteria and when they take effect");
    // The language switch keeps the context too.
    assert!(page.contains(r#"href="/sv/services/svc-home-care?q=kotihoito&amp;municipality=434""#));
    // Without a search, back leads to the finder.
    let plain = app.get("/en/services/svc-home-care").await.body;
    assert!(plain.contains(r#"<a href="/en/">Back to the service finder</a>"#));
}

#[tokio::test]
async fn residents_navigation_leads_with_resident_things_and_every_footer_has_the_statement() {
    let app = demo_app().await;
    for (lang, title) in
        [("fi", "Saavutettavuusseloste"), ("sv", "Tillgänglighetsutlåtande"), ("en", "Accessibility statement")]
    {
        for path in [
            "/",
            "/services?q=a",
            "/services/svc-home-care",
            "/units/unit-porvoo-hospital",
            "/planning/access",
            "/login",
        ] {
            let body = app.get_as(&format!("/{lang}{path}"), &app.token().await).await.body;
            let header = body.split("<main").next().unwrap_or("");
            assert!(
                !header.contains(&format!("href=\"/{lang}/planning/eligibility\"")),
                "{lang}{path}: planning is aside"
            );
            if path != "/login" {
                assert!(!header.contains(&format!("href=\"/{lang}/login\"")), "{lang}{path}: sign-in is aside");
            }
            let footer = body.split("<footer").nth(1).unwrap_or("");
            assert!(footer.contains(&format!("href=\"/{lang}/accessibility\"")), "{lang}{path}");
            assert!(footer.contains(&format!("href=\"/{lang}/planning/access\"")), "{lang}{path}: staff tools aside");
        }
        let statement = app.get(&format!("/{lang}/accessibility")).await;
        assert_eq!(statement.status, StatusCode::OK);
        assert!(statement.body.contains(&format!("<h1>{title}</h1>")));
        assert!(statement.body.contains("306/2019"));
    }
}

#[tokio::test]
async fn national_grid_coordinates_are_for_staff_only() {
    let app = demo_app().await;
    let public = app.get("/fi/units/unit-porvoo-hospital").await.body;
    assert!(!public.contains("ETRS-TM35FIN"), "residents get the map link, not grid coordinates");
    assert!(public.contains("openstreetmap.org"));
    let token = app.token().await;
    let _ = token;
    let session = crate::pages::login_session(&app).await;
    let request = Request::get("/fi/units/unit-porvoo-hospital")
        .header(header::COOKIE, format!("polku_session={session}"))
        .body(Body::empty())
        .unwrap();
    assert!(app.send(request).await.body.contains("ETRS-TM35FIN"), "staff see them");
}

#[tokio::test]
async fn numbers_follow_the_page_language() {
    let app = demo_app().await;
    let fi = app.get_as("/fi/planning/eligibility?proposal=proposal-a", &app.token().await).await.body;
    assert!(fi.contains("98\u{a0}972"), "fi groups thousands with a space");
    let en = app.get_as("/en/planning/eligibility?proposal=proposal-a", &app.token().await).await.body;
    assert!(en.contains("98,972"), "en with a comma");
    let km_fi = app.get("/fi/services?q=kotihoito&near=60.39,25.66&sort=distance").await.body;
    assert!(km_fi.contains(" km") && !km_fi.contains(r#"([0-9]\.[0-9] km)"#));
    let km = |body: &str| body.split(" km").next().and_then(|b| b.rsplit(' ').next()).unwrap_or("").to_owned();
    assert!(km(&km_fi).contains(','), "{}", km(&km_fi));
    let km_en = app.get("/en/services?q=home+care&near=60.39,25.66&sort=distance").await.body;
    assert!(km(&km_en).contains('.'), "{}", km(&km_en));
}

#[tokio::test]
async fn persons_and_decisions_are_counted_and_labelled_apart() {
    let app = demo_app().await;
    let sims = app.polku.simulate(vec!["proposal-a".into(), "proposal-b".into()], None).await.unwrap();
    for sim in &sims {
        let decisions: u64 = sim.rows.iter().map(|r| r.gained).sum();
        let (persons, _) = sim.persons_total();
        assert!(persons <= sim.population as u64, "{}: {persons} persons", sim.proposal);
        assert!(persons <= decisions);
        for (m, residents, gained, lost) in sim.persons_by_municipality() {
            assert!(gained <= residents && lost <= residents, "{}: {m} {gained}/{lost} of {residents}", sim.proposal);
        }
    }
    let body = app.get_as("/en/planning/eligibility", &app.token().await).await.body;
    for label in [
        "Residents who gain a right",
        "Residents who lose a right",
        "More positive decisions",
        "Fewer positive decisions",
    ] {
        assert!(body.contains(label), "{label}");
    }
    assert!(!body.contains("roughly unchanged cost"), "Proposal B's name is honest");
    assert!(body.contains("By age group"), "the age-band breakdown");
    let csv =
        app.get_as("/en/planning/eligibility.csv?proposal=proposal-a&proposal=proposal-b", &app.token().await).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.body.starts_with("proposal,service,municipality,age_band,"), "{}", &csv.body[..80.min(csv.body.len())]);
    assert!(
        body.contains("/en/planning/eligibility.csv?proposal=proposal-a&amp;proposal=proposal-b"),
        "linked from the page"
    );
    assert_eq!(
        app.get_as("/en/planning/eligibility.csv?proposal=nope", &app.token().await).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_matrix_marks_only_cells_whose_conditions_differ() {
    let app = demo_app().await;
    let rules = app.polku.rules();
    let today = app.polku.clock().today();
    let scenario = rules.book.scenario(None, today).unwrap();
    let body = app.get_as("/fi/planning/eligibility?proposal=proposal-a", &app.token().await).await.body;
    let matrix = body.split(r#"id="h-matrix""#).nth(1).expect("the matrix");
    let snapshot = app.polku.snapshot();
    let (mut same, mut different) = (0, 0);
    for s in &scenario.services {
        let mut variants: Vec<String> = s.local.values().map(|r| r.when.canonical()).collect();
        variants.sort();
        variants.dedup();
        let name = snapshot
            .catalog
            .services
            .get(s.service)
            .map_or(s.service.to_owned(), |x| x.name.show(domain::Lang::Fi).to_owned());
        let row = matrix
            .split(&format!("<th scope=\"row\">{name}</th>"))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_else(|| panic!("no row for {name}"));
        let marked = row.contains(r#"class="differs""#);
        assert_eq!(marked, variants.len() > 1, "{name}: {} variants", variants.len());
        if variants.len() > 1 { different += 1 } else { same += 1 }
    }
    assert!(same >= 1 && different >= 1, "the demo has both: {same} same, {different} different");
    assert!(
        !matrix
            .split("Vammaisten päivä- ja työtoiminta")
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap()
            .contains("differs")
    );
}

#[tokio::test]
async fn charts_leave_room_for_their_labels() {
    let app = demo_app().await;
    let body = app.get_as("/fi/planning/eligibility?proposal=proposal-a", &app.token().await).await.body;
    assert!(!body.contains("mpärivuorokautinen palveluasumin…"), "no label is cut at its start");
    assert!(body.contains("<tspan"), "long labels wrap");
}

#[tokio::test]
async fn the_access_map_explains_itself_and_draws_the_scenario() {
    let app = demo_app().await;
    let base = app.get_as("/en/planning/access?service=svc-home-care", &app.token().await).await.body;
    assert!(!base.contains("style="), "no inline styles: the CSP would blank them");
    assert!(base.contains(r#"class="swatch bin-0""#));
    assert!(base.contains(r#"class="border""#), "municipal borders");
    assert!(base.contains(r#"class="place""#) && base.contains(">Porvoo</text>"), "place names");
    assert!(base.contains("The units on the map:"), "unit names");
    let units_before = base.matches(r#"class="unit""#).count();
    let closed = app
        .get_as("/en/planning/access?service=svc-home-care&close=unit-porvoo-home-care", &app.token().await)
        .await
        .body;
    assert_eq!(closed.matches(r#"class="unit""#).count(), units_before - 1, "a closed unit is not drawn");
    assert!(closed.contains(r#"class="loss-mark""#), "losses are crossed");
    assert!(closed.contains("After the scenario:"), "the sentence speaks of the figures after it");
    let opened = app
        .get_as("/en/planning/access?service=svc-home-care&open_lat=60.45&open_lon=25.75", &app.token().await)
        .await
        .body;
    assert!(opened.contains(r#"class="unit new""#), "an opened unit is drawn");
    assert!(opened.contains(r#"class="gain-mark""#), "gains are ringed");
    // Pick a point without JavaScript: grid squares are links that fill the form.
    assert!(base.contains(r#"<details class="picker">"#));
    assert!(base.contains("service=svc-home-care&amp;open_lat="));
}

#[tokio::test]
async fn bad_scenario_input_is_answered_beside_its_field() {
    let app = demo_app().await;
    for (query, field, message) in [
        ("open_lat=abc&open_lon=25.3", "open_lat", "”abc” ei ole luku"),
        ("open_lat=60.5", "open_lon", "Anna sekä leveys- että pituusaste"),
        ("move=unit-porvoo-home-care", "move_lat", "Anna uusi paikka"),
        ("move_lat=60.5&move_lon=25.5", "move", "Valitse siirrettävä toimipiste"),
        ("open_lat=65.0&open_lon=25.5", "open_lat", "ei ole hyvinvointialueella"),
        ("open_lat=95&open_lon=25.5", "open_lat", "sallitun välin"),
        ("close=unit-nope", "close", "ei tarjoa tätä palvelua"),
        ("mode=plane", "mode", "ei ole vaihtoehto"),
        ("age=old", "age", "ei ole vaihtoehto"),
        ("service=svc-nope", "service", "”svc-nope”"),
        ("colse=unit-porvoo-home-care", "form", "Tuntematon kenttä ”colse”"),
    ] {
        let reply = app.get_as(&format!("/fi/planning/access?service=svc-home-care&{query}"), &app.token().await).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(reply.body.contains(message), "{query}: {message}");
        if field != "form" {
            let beside = reply.body.split(&format!(r#"id="{field}-error""#)).nth(1).unwrap_or("");
            assert!(
                beside.split('<').next().unwrap_or("").contains(message.trim_start_matches('”'))
                    || beside.contains(message),
                "{query}: the message is beside {field}"
            );
            assert!(reply.body.contains(&format!(r#"aria-describedby="{field}-error""#)), "{query}");
        }
        assert!(!reply.body.contains(r#"id="h-scenario""#), "{query}: nothing half-applied");
    }
    let sv =
        app.get_as("/sv/planning/access?service=svc-home-care&open_lat=abc&open_lon=25", &app.token().await).await.body;
    assert!(sv.contains("”abc” är inget tal"), "in the page's language");
}

#[tokio::test]
async fn producer_names_match_only_exactly_or_by_prefix() {
    let app = demo_app().await;
    // "kotihoito" is one edit from "kotihoiva" (the producer Esimerkki Kotihoiva Oy): no longer a match.
    for q in ["kotihoito", "kotihoidon", "kotihoiv"] {
        let reply = app.get(&format!("/api/v1/services?q={q}&per_page=100")).await.json();
        for item in reply["items"].as_array().unwrap() {
            for m in item["search"]["matches"].as_array().unwrap() {
                if m["field"] == "producer" {
                    assert!(m["kind"] == "stem" || m["kind"] == "prefix", "{q}: {m}");
                }
            }
        }
        if q == "kotihoito" {
            let ids: Vec<&str> = reply["items"].as_array().unwrap().iter().filter_map(|i| i["id"].as_str()).collect();
            assert!(!ids.contains(&"svc-personal-assistance"), "{ids:?}");
        }
    }
    // The producer's own name still finds its services.
    let reply = app.get("/api/v1/services?q=kotihoiva&per_page=100").await.json();
    assert!(
        reply["items"].as_array().unwrap().iter().any(|i| i["search"]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["field"] == "producer"))
    );
}

#[tokio::test]
async fn the_editor_asks_before_retiring_and_says_what_happened() {
    use crate::pages::{get_as, login, post_form};
    let app = demo_app().await;
    let (session, csrf) = login(&app).await;
    let form = get_as(&app, "/fi/editor/services/svc-home-care", &session, &csrf).await.body;
    // Retiring starts with a link to a question, not a one-click form.
    assert!(form.contains(r#"href="/fi/editor/services/svc-home-care/retire""#));
    assert!(!form.contains(r#"action="/fi/editor/services/svc-home-care/retire""#));
    let confirm = get_as(&app, "/fi/editor/services/svc-home-care/retire", &session, &csrf).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Lopetetaanko palvelu ”Kotihoito”?"));
    assert!(confirm.body.contains(r#"<form method="post" action="/fi/editor/services/svc-home-care/retire""#));
    assert_eq!(
        app.get("/api/v1/services/svc-home-care").await.json()["valid_to"],
        serde_json::Value::Null,
        "asking changes nothing"
    );
    let done = post_form(&app, "/fi/editor/services/svc-home-care/retire", &csrf, Some(&session), "").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let location = done.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(location, "/fi/editor?retired=svc-home-care");
    let editor = get_as(&app, &location, &session, &csrf).await.body;
    assert!(
        editor.contains(r#"role="status""#) && editor.contains("Palvelu ”Kotihoito” lopetettiin 23.11.2026"),
        "{editor}"
    );
    // Without signing in there is no question page either.
    assert_eq!(app.get("/fi/editor/services/svc-home-care/retire").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_editor_offers_codes_by_name_and_links_units_channels_and_producers() {
    use crate::pages::{get_as, login, post_form};
    let app = demo_app().await;
    let (session, csrf) = login(&app).await;
    let form = get_as(&app, "/en/editor/services/svc-home-care", &session, &csrf).await.body;
    assert!(
        form.contains(r#"name="service_classes" value="P4.3" checked"#),
        "codes are choices, the service's checked"
    );
    assert!(form.contains("Home care and home help services") || form.contains("(P4.3)"), "with their names");
    assert!(form.contains(r#"name="target_groups" value="KR1.1" checked"#));
    assert!(form.contains(r#"name="units" value="unit-porvoo-home-care" checked"#));
    assert!(form.contains(r#"name="channels""#));
    assert!(form.contains(r#"name="producer_org-itu-homecare""#));
    let fields = "name_fi=Kotihoito&name_sv=Hemv%C3%A5rd&name_en=Home+care&tier=local_area&charge=chargeable&organiser=org-itu\
                  &languages=fi&languages=sv&service_classes=P4.3&target_groups=KR1.1&valid_from=2023-01-01&links=1\
                  &units=unit-porvoo-home-care&units=unit-loviisa-home-care&channels=ch-itu-phone-senior-advice\
                  &producer_org-itu-homecare=self_produced&producer_org-priv-meals=procured";
    let saved = post_form(&app, "/en/editor/services/svc-home-care", &csrf, Some(&session), fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let service = app.get("/api/v1/services/svc-home-care").await.json();
    assert_eq!(service["units"], serde_json::json!(["unit-porvoo-home-care", "unit-loviisa-home-care"]));
    assert_eq!(service["channels"], serde_json::json!(["ch-itu-phone-senior-advice"]));
    assert_eq!(service["producers"][1], serde_json::json!({"organization": "org-priv-meals", "provision": "procured"}));
    // A wrong value is named beside its field, and nothing is saved.
    let bad = post_form(
        &app,
        "/en/editor/services/svc-home-care",
        &csrf,
        Some(&session),
        &format!("{fields}&producer_org-itu=sometimes&service_classes=P99.99"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = bad.body.split(r#"id="producers-error""#).nth(1).expect("the problem beside the producers");
    assert!(beside.split("</p>").next().unwrap().contains("sometimes"), "{beside}");
    assert_eq!(app.get("/api/v1/services/svc-home-care").await.json()["producers"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn unit_contact_goes_out_in_fhir_and_hsds() {
    let app = demo_app().await;
    let unit = app.get("/api/v1/units/unit-loviisa-home-care").await.json();
    let (phone, email) = (unit["phone"].as_str().unwrap().to_owned(), unit["email"].as_str().unwrap().to_owned());
    let fhir = app.get("/fhir/Location/unit-loviisa-home-care").await.json();
    let telecom = fhir["telecom"].as_array().expect("telecom");
    let systems: Vec<(&str, &str)> =
        telecom.iter().map(|t| (t["system"].as_str().unwrap(), t["value"].as_str().unwrap())).collect();
    assert!(
        systems.contains(&("phone", phone.as_str())) && systems.contains(&("email", email.as_str())),
        "{systems:?}"
    );
    let hospital = app.get("/fhir/Location/unit-porvoo-hospital").await.json();
    assert!(
        hospital["telecom"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["system"] == "url" && t["value"] == "https://itauusimaa.fi"),
        "{hospital}"
    );
    let hsds = app.get("/hsds/services/svc-home-care").await.json();
    let locations: Vec<&serde_json::Value> =
        hsds["service_at_locations"].as_array().unwrap().iter().map(|s| &s["location"]).collect();
    assert!(locations.iter().any(|l| l["contacts"][0]["email"] == email.as_str()), "HSDS location contacts");
    // The demo data's genitive is right ("Askolan kunnan", not "kuntan").
    let youth = app.get("/fi/services/svc-youth-work-askola").await.body;
    assert!(youth.contains("Askolan kunnan avoin nuorisotyö") && !youth.contains("kuntan"), "{youth}");
    // The filter panel is collapsed on the results page, so results start on the first screen.
    let results = app.get("/fi/services?q=kotihoito&municipality=434").await.body;
    assert!(results.contains(r#"<details class="filters">"#), "collapsed, with the count of filters in use");
    assert!(results.contains("1 käytössä"));
}

/// At Finland's size (here over 300 units) the editor lists the service's own links,
/// suggestions and what the editor finds, not every unit; "Find" shows the form again
/// with the matches as it was filled in and saves nothing; a found unit is then linked.
#[tokio::test]
async fn the_editor_finds_units_to_link_in_a_large_catalog() {
    use crate::pages::{get_as, login, post_form};
    let app = demo_app().await;
    let catalog = app::synthetic::catalog(120, 700, 3).unwrap();
    let document = domain::CatalogDocument::new(&catalog, None);
    app.polku.import(document, &app::Actor::System, false).await.unwrap();
    let units = app.polku.snapshot().catalog.units.len();
    assert!(units > 600, "{units} units");
    let (session, csrf) = login(&app).await;
    let form = get_as(&app, "/en/editor/services/svc-home-care", &session, &csrf).await;
    assert_eq!(form.status, StatusCode::OK);
    let listed = form.body.matches(r#"name="units" value=""#).count();
    let chosen = app.get("/api/v1/services/svc-home-care").await.json()["units"].as_array().unwrap().len();
    assert!(listed > chosen && listed <= chosen + 50, "{listed} units listed, {chosen} chosen");
    assert!(form.body.contains(r#"name="units" value="unit-porvoo-home-care" checked"#), "the chosen stay listed");
    assert!(form.body.contains(&format!("of {units} shown")), "says how many are listed");
    assert!(form.body.contains(r#"name="units_q""#) && form.body.contains(r#"name="find" value="units""#));
    // A unit not listed, found by (part of) its id.
    let wanted = app
        .polku
        .snapshot()
        .catalog
        .units
        .keys()
        .find(|id| id.as_str().ends_with("-s5") && !form.body.contains(&format!(r#"value="{id}""#)))
        .expect("a unit not listed")
        .to_string();
    let fields = "name_fi=Kotihoito&name_sv=Hemv%C3%A5rd&name_en=Home+care&tier=local_area&charge=chargeable&organiser=org-itu\
                  &languages=fi&languages=sv&service_classes=P4.3&target_groups=KR1.1&valid_from=2023-01-01&links=1\
                  &units=unit-porvoo-home-care&producer_org-itu-homecare=self_produced";
    let found = post_form(
        &app,
        "/en/editor/services/svc-home-care",
        &csrf,
        Some(&session),
        &format!("{fields}&find=units&units_q={}", wanted.to_uppercase()),
    )
    .await;
    assert_eq!(found.status, StatusCode::OK, "finding is not saving");
    assert!(found.body.contains(&format!(r#"name="units" value="{wanted}""#)), "the match is listed");
    assert!(found.body.contains(r#"name="units" value="unit-porvoo-home-care" checked"#), "as filled in");
    assert!(found.body.contains(&format!(r#"value="{}""#, wanted.to_uppercase())), "the search is kept");
    assert_eq!(
        app.get("/api/v1/services/svc-home-care").await.json()["units"].as_array().unwrap().len(),
        chosen,
        "nothing saved"
    );
    let nothing = post_form(
        &app,
        "/en/editor/services/svc-home-care",
        &csrf,
        Some(&session),
        &format!("{fields}&find=units&units_q=no-such-unit-anywhere"),
    )
    .await;
    assert!(nothing.body.contains("Nothing found for “no-such-unit-anywhere”"), "says so");
    // Linked on saving.
    let saved = post_form(
        &app,
        "/en/editor/services/svc-home-care",
        &csrf,
        Some(&session),
        &format!("{fields}&units={wanted}"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let service = app.get("/api/v1/services/svc-home-care").await.json();
    assert_eq!(service["units"], serde_json::json!(["unit-porvoo-home-care", wanted]));
}
