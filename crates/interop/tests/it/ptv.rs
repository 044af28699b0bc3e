use chrono::NaiveDate;
use domain::catalog::{ChannelKind, Charge, OrgKind, Provision, Tier};
use domain::hours::Day;
use interop::ptv::{Item, assemble, read};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn names(fi: &str, sv: &str) -> Value {
    json!([{"type": "Name", "language": "fi", "value": fi}, {"type": "Name", "language": "sv", "value": sv}])
}

fn location(id: &str, lat: Value, lon: Value) -> Value {
    json!({
        "id": id,
        "serviceChannelType": "ServiceLocation",
        "organizationId": "0a2c6a3e-1111-4c3d-8e2f-000000000001",
        "serviceChannelNames": names("Porvoon sairaala", "Borgå sjukhus"),
        "languages": ["fi", "sv"],
        "addresses": [{"type": "Location", "subType": "Single", "streetAddress": {
            "street": [{"language": "fi", "value": "Sairaalantie"}, {"language": "sv", "value": "Sjukhusvägen"}],
            "streetNumber": "14", "postalCode": "06150",
            "postOffice": [{"language": "fi", "value": "PORVOO"}, {"language": "sv", "value": "BORGÅ"}],
            "municipality": {"code": "638"}, "latitude": lat, "longitude": lon},
            "entrances": [{"isMainEntrance": true, "accessibilitySentences": [{"sentenceGroup": [], "sentences": [
                {"sentence": [{"language": "fi", "value": "Sisäänkäynnillä on luiska."}, {"language": "sv", "value": "Ingången har en ramp."}]}]}]}]}],
        "serviceHours": [
            {"serviceHourType": "DaysOfTheWeek", "isClosed": false, "isAlwaysOpen": false,
             "openingHour": [{"dayFrom": "Monday", "dayTo": "Friday", "from": "08:00:00", "to": "16:00:00"}]},
            {"serviceHourType": "OverMidnight", "openingHour": [{"dayFrom": "Friday", "dayTo": "Saturday", "from": "22:00", "to": "04:00"}]},
            {"serviceHourType": "Exceptional", "validFrom": "2026-12-24T00:00:00", "validTo": "2026-12-26T00:00:00", "isClosed": true,
             "additionalInformation": [{"language": "fi", "value": "Joulu"}]}
        ],
        "modified": "2026-10-01T08:00:00Z"
    })
}

fn service(channels: &[&str]) -> Value {
    json!({
        "id": "5b0e2f6a-2222-4c3d-8e2f-000000000002",
        "type": "Service",
        "serviceNames": names("Kotihoito", "Hemvård"),
        "serviceDescriptions": [
            {"type": "Summary", "language": "fi", "value": "Apua kotiin."},
            {"type": "Description", "language": "fi", "value": "Kotihoito auttaa arjessa."}
        ],
        "serviceClasses": [{"code": "P4.3", "name": []}],
        "targetGroups": [{"code": "KR1.1"}],
        "lifeEvents": [{"code": "KE12"}],
        "ontologyTerms": [{"code": "p123", "name": [{"language": "fi", "value": "kotipalvelu"}]}],
        "areaType": "AreaType",
        "areas": [{"type": "Municipality", "code": "638"}, {"type": "Municipality", "code": "434"}],
        "languages": ["fi", "sv"],
        "serviceChargeType": "Chargeable",
        "serviceVouchersInUse": true,
        "organizations": [
            {"organization": {"id": "0a2c6a3e-1111-4c3d-8e2f-000000000001"}, "roleType": "Responsible"},
            {"organization": {"id": "0a2c6a3e-1111-4c3d-8e2f-000000000001"}, "roleType": "Producer", "provisionType": "SelfProducedServices"},
            {"organization": {"id": "0a2c6a3e-1111-4c3d-8e2f-000000000003"}, "roleType": "Producer", "provisionType": "PurchaseServices"},
            {"organization": {"id": "0a2c6a3e-1111-4c3d-8e2f-000000000004"}, "roleType": "Producer", "provisionType": "VoucherServices"}
        ],
        "serviceChannels": channels.iter().map(|c| json!({"serviceChannel": {"id": c}})).collect::<Vec<_>>(),
        "requirements": [{"language": "fi", "value": "Palvelutarpeen arviointi."}],
        "modified": "2026-10-02T08:00:00Z"
    })
}

#[test]
fn a_service_location_keeps_address_coordinates_hours_and_accessibility() {
    let item = read(
        &location("7c9d0e1f-3333-4c3d-8e2f-000000000005", json!("6694391.232"), json!("427927.292")),
        "$[0]",
        today(),
    )
    .unwrap();
    let Item::Location(unit) = item else { panic!("a unit") };
    assert_eq!(unit.address.street.fi.as_deref(), Some("Sairaalantie 14"));
    assert_eq!(unit.address.street.sv.as_deref(), Some("Sjukhusvägen 14"));
    assert_eq!(unit.address.municipality, "638");
    // EPSG:3067 back to WGS84: Porvoo hospital.
    assert!(
        (unit.location.lat - 60.3795).abs() < 1e-6 && (unit.location.lon - 25.6928).abs() < 1e-6,
        "{:?}",
        unit.location
    );
    assert_eq!(unit.opening_hours.weekly[0].days, [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]);
    let night = &unit.opening_hours.weekly[1];
    assert_eq!(
        (night.days.as_slice(), String::from(night.opens), String::from(night.closes)),
        (&[Day::Fri][..], "22:00".into(), "04:00".into())
    );
    let x = &unit.opening_hours.exceptions[0];
    assert!(x.closed && x.from == NaiveDate::from_ymd_opt(2026, 12, 24).unwrap());
    assert_eq!(unit.accessibility.sv.as_deref(), Some("Ingången har en ramp."));
    assert_eq!(unit.provenance.modified.as_deref(), Some("2026-10-01T08:00:00Z"));
    assert_eq!(unit.provenance.source.as_deref(), Some("ptv"));
}

#[test]
fn a_service_location_keeps_its_entrances_with_their_points() {
    let mut v = location("7c9d0e1f-3333-4c3d-8e2f-000000000005", json!("6694391.232"), json!("427927.292"));
    v["addresses"][0]["entrances"] = json!([
        {"name": [{"language": "fi", "value": "Pääsisäänkäynti"}, {"language": "en", "value": "Main entrance"}],
         "isMainEntrance": true, "coordinates": {"latitude": "6694404.792", "longitude": "427917.634"}},
        {"name": [{"language": "fi", "value": "Päivystys"}], "isMainEntrance": false,
         "coordinates": {"latitude": 6694370.5, "longitude": 427949.0}},
        // Without usable coordinates: left out, the address point stands for it.
        {"name": [{"language": "fi", "value": "Takaovi"}], "isMainEntrance": false, "coordinates": {"latitude": "", "longitude": null}},
        {"name": [], "isMainEntrance": false, "coordinates": {"latitude": "60.37", "longitude": "25.69"}}
    ]);
    let Item::Location(unit) = read(&v, "$[0]", today()).unwrap() else { panic!("a unit") };
    assert_eq!(unit.entrances.len(), 2, "{:?}", unit.entrances);
    let (main, er) = (&unit.entrances[0], &unit.entrances[1]);
    assert!(main.main && !er.main);
    assert_eq!(main.name.en.as_deref(), Some("Main entrance"));
    assert_eq!(er.name.fi.as_deref(), Some("Päivystys"));
    assert!((main.location.n - 6694404.792).abs() < 0.01 && (main.location.e - 427917.634).abs() < 0.01);
    assert!((10.0..30.0).contains(&main.location.distance_m(&unit.location)), "{:?}", main.location);
}

#[test]
fn a_service_location_keeps_its_phone_email_and_web_page() {
    let mut v = location("7c9d0e1f-3333-4c3d-8e2f-000000000005", json!("6694391.232"), json!("427927.292"));
    v["phoneNumbers"] = json!([{"prefixNumber": "+358", "number": "19 5481", "language": "fi"}]);
    v["emails"] = json!([{"value": " kirjaamo@itauusimaa.fi ", "language": "fi"}]);
    v["webPages"] =
        json!([{"url": "https://itauusimaa.fi/porvoon-sairaala", "value": "Porvoon sairaala", "language": "fi"}]);
    let Item::Location(unit) = read(&v, "$[0]", today()).unwrap() else { panic!("a unit") };
    assert_eq!(unit.phone.as_deref(), Some("+358 19 5481"));
    assert_eq!(unit.email.as_deref(), Some("kirjaamo@itauusimaa.fi"));
    assert_eq!(unit.web.as_deref(), Some("https://itauusimaa.fi/porvoon-sairaala"));
    // Without them, none.
    let bare = location("7c9d0e1f-3333-4c3d-8e2f-000000000005", json!("6694391.232"), json!("427927.292"));
    let Item::Location(unit) = read(&bare, "$[0]", today()).unwrap() else { panic!("a unit") };
    assert_eq!((unit.email, unit.web), (None, None));
}

#[test]
fn coordinates_are_checked() {
    for (lat, lon, expected) in [
        (json!(null), json!(null), "missing coordinates"),
        (json!("427927.292"), json!("6694391.232"), "coordinates swapped"),
        (json!("6580000"), json!("150000"), "outside Finland"),
        (json!("60.3795"), json!("25.6928"), "look like degrees"),
        (json!("six million"), json!("427927"), "is not a number"),
    ] {
        let e = read(&location("7c9d0e1f-3333-4c3d-8e2f-000000000005", lat, lon), "$[3]", today()).unwrap_err();
        assert!(e[0].field.starts_with("$[3].addresses[0].streetAddress."), "{e:?}");
        assert!(e[0].problem.contains(expected), "{expected}: {e:?}");
    }
}

#[test]
fn a_service_with_three_producers_links_its_location_and_channels() {
    let (loc, chat) = ("7c9d0e1f-3333-4c3d-8e2f-000000000005", "8d0e1f2a-4444-4c3d-8e2f-000000000006");
    let svc = read(&service(&[loc, chat]), "$[0]", today()).unwrap();
    let Item::Service { service: s, .. } = &svc else { panic!("a service") };
    assert_eq!(
        s.producers.iter().map(|p| p.provision).collect::<Vec<_>>(),
        [Provision::SelfProduced, Provision::Procured, Provision::Voucher]
    );
    assert_eq!((s.tier, s.charge, s.voucher_in_use), (Tier::County, Charge::Chargeable, true));
    assert_eq!(s.service_classes, ["P4.3"]);
    assert_eq!(s.keywords.fi, ["kotipalvelu"]);
    assert_eq!(s.summary.fi.as_deref(), Some("Apua kotiin."));
    assert_eq!(s.eligibility.fi.as_deref(), Some("Palvelutarpeen arviointi."));
    let eservice = json!({"id": chat, "serviceChannelType": "EChannel", "organizationId": "0a2c6a3e-1111-4c3d-8e2f-000000000001",
        "serviceChannelNames": names("Asiointi", "Ärenden"), "webPages": [{"url": "https://example.fi/asiointi", "language": "fi"}],
        "requiresAuthentication": true});
    let items = vec![
        (svc, "s$[0]".to_owned()),
        (read(&location(loc, json!("6694391"), json!("427927")), "c$[0]", today()).unwrap(), "c$[0]".to_owned()),
        (read(&eservice, "c$[1]", today()).unwrap(), "c$[1]".to_owned()),
    ];
    let doc = assemble(items).unwrap();
    assert_eq!(doc.services[0].units.iter().map(|u| u.as_str()).collect::<Vec<_>>(), [loc]);
    assert_eq!(doc.services[0].channels.iter().map(|u| u.as_str()).collect::<Vec<_>>(), [chat]);
    assert_eq!(doc.channels[0].kind, ChannelKind::EService);
    assert!(doc.channels[0].strong_identification);
}

#[test]
fn faults_are_named_by_path() {
    let bad_type =
        json!({"id": "5b0e2f6a-2222-4c3d-8e2f-000000000002", "serviceNames": "Kotihoito", "organizations": []});
    let e = read(&bad_type, "$[1]", today()).unwrap_err();
    assert!(e.iter().any(|p| p.field == "$[1].serviceNames" && p.problem.contains("must be an array")), "{e:?}");
    let mut hologram = location("7c9d0e1f-3333-4c3d-8e2f-000000000005", json!("6694391"), json!("427927"));
    hologram["serviceChannelType"] = json!("Hologram");
    let e = read(&hologram, "$[2]", today()).unwrap_err();
    assert_eq!(e[0].field, "$[2].serviceChannelType");
    assert!(e[0].problem.contains("unknown `Hologram`"));
    let mut backwards = location("7c9d0e1f-3333-4c3d-8e2f-000000000005", json!("6694391"), json!("427927"));
    backwards["serviceHours"] = json!([{"serviceHourType": "DaysOfTheWeek", "openingHour": [{"dayFrom": "Monday", "from": "16:00", "to": "08:00"}]}]);
    let e = read(&backwards, "$[0]", today()).unwrap_err();
    assert_eq!(e[0].field, "$[0].serviceHours[0].openingHour[0]");
    assert!(e[0].problem.contains("closes (08:00) before it opens (16:00)"), "{e:?}");
    // Links to nowhere, duplicated ids.
    let s = read(&service(&["99999999-0000-4c3d-8e2f-000000000009"]), "s$[0]", today()).unwrap();
    let e = assemble(vec![(s.clone(), "s$[0]".into()), (s, "s$[1]".into())]).unwrap_err();
    assert!(e.iter().any(|p| p.field == "s$[1].id" && p.problem.contains("duplicated id")), "{e:?}");
    assert!(
        e.iter()
            .any(|p| p.field == "s$[0].serviceChannels[0].serviceChannel.id" && p.problem.contains("in no document")),
        "{e:?}"
    );
    let org = json!({"id": "0a2c6a3e-1111-4c3d-8e2f-000000000001", "organizationType": "Spaceagency", "organizationNames": names("X", "Y")});
    let e = read(&org, "$[0]", today()).unwrap_err();
    assert!(e[0].problem.contains("unknown `Spaceagency`"));
    let org = json!({"id": "0a2c6a3e-1111-4c3d-8e2f-000000000001", "organizationType": "SotePublic", "organizationNames": names("Itä-Uudenmaan hyvinvointialue", "Östra Nylands välfärdsområde"), "businessCode": "3221353-7"});
    let Item::Organization(o) = read(&org, "$[0]", today()).unwrap() else { panic!() };
    assert_eq!(o.kind, OrgKind::WellbeingServicesCounty);
}
