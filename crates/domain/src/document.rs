//! The catalog document (`polku-catalog` version 1): the JSON shape of import,
//! export and the demo data. See `docs/catalog-format.md`.

use crate::catalog::{Catalog, Channel, Organization, Service, Unit};
use crate::validate::Problem;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "polku-catalog";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogDocument {
    pub format: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    #[serde(default)]
    pub organizations: Vec<Organization>,
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub services: Vec<Service>,
}

fn into_map<T: crate::catalog::Dated + Clone>(
    list: Vec<T>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> crate::catalog::Objects<T> {
    let mut map = crate::catalog::Objects::new();
    for (i, item) in list.into_iter().enumerate() {
        let id = item.id().clone();
        if map.insert(id.clone(), item).is_some() {
            problems.push(Problem {
                field: format!("{field}[{i}].id"),
                problem: format!("duplicate id {:?}", id.as_str()),
            });
        }
    }
    map
}

impl CatalogDocument {
    pub fn new(catalog: &Catalog, attribution: Option<String>) -> CatalogDocument {
        CatalogDocument {
            format: FORMAT.into(),
            version: VERSION,
            attribution,
            organizations: catalog.organizations.values().cloned().collect(),
            units: catalog.units.values().cloned().collect(),
            channels: catalog.channels.values().cloned().collect(),
            services: catalog.services.values().cloned().collect(),
        }
    }

    /// The document's objects as a catalog; duplicate ids and a wrong format are problems.
    pub fn into_catalog(self) -> Result<Catalog, Vec<Problem>> {
        let mut problems = Vec::new();
        if self.format != FORMAT {
            problems.push(Problem { field: "format".into(), problem: format!("must be {FORMAT:?}") });
        }
        if self.version != VERSION {
            problems.push(Problem { field: "version".into(), problem: format!("only version {VERSION} is known") });
        }
        let catalog = Catalog {
            organizations: into_map(self.organizations, "organizations", &mut problems),
            units: into_map(self.units, "units", &mut problems),
            channels: into_map(self.channels, "channels", &mut problems),
            services: into_map(self.services, "services", &mut problems),
        };
        if problems.is_empty() { Ok(catalog) } else { Err(problems) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SMALL: &str = r#"{"format":"polku-catalog","version":1,"organizations":[{"id":"org-a","name":{"fi":"A"},"kind":"ngo","valid_from":"2023-01-01"}],
        "units":[{"id":"unit-a","organization":"org-a","name":{"fi":"U"},"address":{"street":{"fi":"Katu 1"},"postal_code":"06100","municipality":"638"},
        "location":{"lat":60.39,"lon":25.66},"opening_hours":{"weekly":[{"days":["mon"],"opens":"08:00","closes":"16:00"}]},"valid_from":"2023-01-01"}],
        "services":[{"id":"svc-a","name":{"fi":"S"},"tier":"county","organiser":"org-a","charge":"free","units":["unit-a"],"valid_from":"2023-01-01"}]}"#;

    #[test]
    fn duplicates_and_wrong_format_are_named() {
        let mut doc: serde_json::Value = serde_json::from_str(SMALL).unwrap();
        let org = doc["organizations"][0].clone();
        doc["organizations"].as_array_mut().unwrap().push(org);
        doc["version"] = 2.into();
        let parsed: CatalogDocument = serde_json::from_value(doc).unwrap();
        let problems = parsed.into_catalog().unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["version", "organizations[1].id"]);
    }

    proptest! {
        /// Any byte-level damage to a valid document parses or fails cleanly, never panics.
        #[test]
        fn damaged_documents_never_panic(cut in 0usize..1200, byte in any::<u8>(), at in 0usize..1200) {
            let mut bytes = SMALL.as_bytes().to_vec();
            let at = at % bytes.len();
            bytes[at] = byte;
            bytes.truncate(cut.max(1).min(bytes.len()));
            if let Ok(doc) = serde_json::from_slice::<CatalogDocument>(&bytes) {
                let _ = doc.into_catalog();
            }
        }

        /// Arbitrary values in the fields a person types are refused or accepted, never panic.
        #[test]
        fn arbitrary_field_values(value in "\\PC{0,40}", field in prop::sample::select(vec!["opens", "closes", "id", "postal_code", "municipality", "valid_from", "kind", "lat"])) {
            let json = SMALL.replace(&format!("\"{field}\":"), &format!("\"{field}\":{},\"_{field}\":", serde_json::Value::String(value)));
            let _ = serde_json::from_str::<CatalogDocument>(&json).map(|d| d.into_catalog());
        }
    }
}
