//! FHIR R4: every resource Polku writes reads with a maintained FHIR model
//! (fhirbolt, R4), which refuses unknown elements and wrong types.

use chrono::NaiveDate;
use fhirbolt::model::r4::Resource;
use serde_json::Value;

#[test]
fn the_export_is_valid_r4() {
    let catalog = crate::hsds::demo();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let bundle = interop::fhir::export(&catalog, today);
    let entries = bundle["entry"].as_array().unwrap();
    assert_eq!(entries.len(), catalog.organizations.len() + catalog.units.len() + catalog.services.len());
    let text = serde_json::to_string(&bundle).unwrap();
    let parsed: Resource = fhirbolt::serde::json::from_str(&text, None).expect("a valid R4 Bundle");
    let Resource::Bundle(b) = parsed else { panic!("a Bundle") };
    assert_eq!(b.entry.len(), entries.len());
    // Each resource on its own too, so a failure names the resource.
    for e in entries {
        let r = &e["resource"];
        let s = serde_json::to_string(r).unwrap();
        let parsed: Result<Resource, _> = fhirbolt::serde::json::from_str(&s, None);
        assert!(parsed.is_ok(), "{} {} is not valid R4: {:?}", r["resourceType"], r["id"], parsed.err());
    }
    // Swedish travels as a translation extension.
    let home: &Value = &entries.iter().find(|e| e["resource"]["id"] == "svc-home-care").unwrap()["resource"];
    let sv =
        home["_name"]["extension"].as_array().unwrap().iter().find(|x| x["extension"][0]["valueCode"] == "sv").unwrap();
    assert_eq!(sv["extension"][1]["valueString"], "Hemvård");
}
