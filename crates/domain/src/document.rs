//! The catalog document (`polku-catalog` version 1): the JSON shape of import,
//! export and the demo data. See `docs/catalog-format.md`.

use crate::catalog::{Catalog, Channel, Organization, Service, Unit};
use crate::validate::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

fn into_map<T: crate::catalog::Dated>(
    list: Vec<T>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> BTreeMap<crate::Id, T> {
    let mut map = BTreeMap::new();
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
