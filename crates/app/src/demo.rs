//! The demo county, Itä-Uusimaa: its catalog ships in `data/demo/` and is loaded
//! into an empty database by `polku serve --demo`.

use crate::catalog::{ImportReport, Polku};
use crate::error::AppError;
use crate::store::Actor;
use domain::CatalogDocument;

const PARTS: [(&str, &str); 4] = [
    ("organizations.json", include_str!("../../../data/demo/organizations.json")),
    ("units.json", include_str!("../../../data/demo/units.json")),
    ("channels.json", include_str!("../../../data/demo/channels.json")),
    ("services.json", include_str!("../../../data/demo/services.json")),
];

/// The demo catalog as one document.
pub fn document() -> Result<CatalogDocument, AppError> {
    let mut whole: Option<CatalogDocument> = None;
    for (name, json) in PARTS {
        let part: CatalogDocument =
            serde_json::from_str(json).map_err(|e| AppError::Internal(format!("demo data {name}: {e}")))?;
        match &mut whole {
            None => whole = Some(part),
            Some(doc) => {
                doc.organizations.extend(part.organizations);
                doc.units.extend(part.units);
                doc.channels.extend(part.channels);
                doc.services.extend(part.services);
            }
        }
    }
    whole.ok_or_else(|| AppError::Internal("no demo data".into()))
}

/// What loading the demo did.
#[derive(Debug)]
pub enum DemoOutcome {
    Loaded(ImportReport),
    /// The database already holds a catalog; the demo is loaded only into an empty one.
    AlreadyPresent {
        objects: usize,
    },
}

impl Polku {
    /// Load the demo county into an empty catalog; do nothing if the catalog has data.
    pub async fn load_demo(&self) -> Result<DemoOutcome, AppError> {
        let objects = self.snapshot().catalog.len();
        if objects > 0 {
            // A database from before the rules existed gets the demo rules if its catalog has their services.
            if let Err(e) = self.load_demo_rules().await {
                tracing::warn!("the demo rules were not loaded: {e}");
            }
            if let Err(e) = self.load_demo_capacity().await {
                tracing::warn!("the demo capacity was not loaded: {e}");
            }
            return Ok(DemoOutcome::AlreadyPresent { objects });
        }
        let report = self.import(document()?, &Actor::System, false).await?;
        if !report.refused.is_empty() {
            return Err(AppError::Invalid(report.refused));
        }
        self.load_demo_rules().await?;
        self.load_demo_capacity().await?;
        Ok(DemoOutcome::Loaded(report))
    }
}
