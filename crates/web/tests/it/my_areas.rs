//! "My areas" (issue 17): the units that serve an address by catchment, with estimated
//! travel times and the nearest across the municipal border; an address that does not
//! locate is answered beside its field, asking for the postal code.

use crate::demo_app;
use axum::http::StatusCode;

#[tokio::test]
async fn an_address_finds_the_units_that_serve_it_and_the_nearest_across_the_border() {
    let app = demo_app().await;
    let reply = app.get("/fi/my-areas?address=Piispankatu+1%2C+06100+Porvoo").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = &reply.body;
    assert!(body.contains("Postinumeroalue 06100, Porvoo"), "located");
    for kind in ["Terveysasema", "Lastenneuvola", "Suun terveydenhuolto", "Sosiaali- ja kriisipäivystys"] {
        assert!(body.contains(&format!(">{kind}</a></h3>")), "{kind}");
    }
    assert!(body.contains(r#"href="/fi/units/unit-porvoo-health-station""#), "Porvoo's health station serves it");
    assert!(body.contains("Lähin naapurikunnassa"));
    assert!(body.contains("(arvio)") && body.contains("arvioita suoran etäisyyden"), "estimates are labelled");
    // In Loviisa (07900), its own health station, and Porvoo's across the border.
    let body = app.get("/sv/my-areas?address=07900").await.body;
    assert!(body.contains("Postnummerområde 07900, Lovisa"));
    assert!(body.contains("unit-loviisa-health-station"));
}

#[tokio::test]
async fn an_address_that_does_not_locate_asks_for_the_postal_code() {
    let app = demo_app().await;
    for address in ["Mannerheimintie+1", "00100+Helsinki", "1234"] {
        let reply = app.get(&format!("/en/my-areas?address={address}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{address}");
        assert!(
            reply.body.contains(r#"id="address-error""#) && reply.body.contains("postal code (five digits)"),
            "{address}"
        );
        assert!(reply.body.contains(r#"aria-invalid="true""#));
    }
    let reply = app.get("/en/my-areas").await;
    assert_eq!(reply.status, StatusCode::OK, "the empty form");
    assert!(!reply.body.contains("address-error"));
    assert_eq!(app.get("/en/my-areas?address=06100&x=1").await.status, StatusCode::BAD_REQUEST);
}
