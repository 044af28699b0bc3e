//! Importing from the national catalog (PTV): newer versions update in place,
//! older ones change nothing, and PTV channels no longer linked by any service
//! are retired, not deleted. All or nothing, through [`Polku::import`].

use std::collections::BTreeSet;

use domain::CatalogDocument;
use domain::catalog::Dated;

use crate::catalog::{ImportReport, Polku};
use crate::error::AppError;
use crate::store::Actor;

fn newer(incoming: Option<&str>, current: Option<&str>) -> bool {
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
    match (incoming.and_then(parse), current.and_then(parse)) {
        (Some(i), Some(c)) => i > c,
        (Some(_), None) => true,
        _ => incoming != current,
    }
}

/// What the PTV import did besides the catalog report.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PtvReport {
    #[serde(flatten)]
    pub import: ImportReport,
    /// Objects whose incoming version is not newer than the stored one.
    pub older_or_same: Vec<String>,
    /// PTV channels and locations no longer linked by any service, retired.
    pub retired: Vec<String>,
}

impl Polku {
    pub async fn import_ptv(
        &self,
        mut doc: CatalogDocument,
        actor: &Actor,
        dry_run: bool,
    ) -> Result<PtvReport, AppError> {
        let current = self.snapshot();
        let catalog = &current.catalog;
        let today = self.clock.today();
        let mut older = Vec::new();
        macro_rules! filter_newer {
            ($list:expr, $map:expr, $kind:literal) => {{
                let before = std::mem::take(&mut $list);
                for mut x in before {
                    match $map.get(&x.id) {
                        Some(existing)
                            if !newer(x.provenance.modified.as_deref(), existing.provenance.modified.as_deref()) =>
                        {
                            older.push(format!("{}:{}", $kind, x.id));
                        }
                        Some(existing) => {
                            // An update keeps the object's own validity start.
                            x.valid_from = existing.valid_from;
                            $list.push(x);
                        }
                        None => $list.push(x),
                    }
                }
            }};
        }
        filter_newer!(doc.organizations, catalog.organizations, "organization");
        filter_newer!(doc.units, catalog.units, "unit");
        filter_newer!(doc.channels, catalog.channels, "channel");
        filter_newer!(doc.services, catalog.services, "service");

        // Links after the import: incoming services replace their stored versions.
        let incoming: BTreeSet<&str> = doc.services.iter().map(|s| s.id.as_str()).collect();
        let mut linked: BTreeSet<String> = BTreeSet::new();
        for s in doc.services.iter().chain(catalog.services.values().filter(|s| !incoming.contains(s.id.as_str()))) {
            if s.valid_to.is_none_or(|t| t >= today) {
                linked.extend(s.units.iter().chain(&s.channels).map(|i| i.to_string()));
            }
        }
        // Linked before: by the stored services valid today.
        let linked_before: BTreeSet<String> = catalog
            .services
            .values()
            .filter(|s| s.valid_to.is_none_or(|t| t >= today))
            .flat_map(|s| s.units.iter().chain(&s.channels).map(|i| i.to_string()))
            .collect();
        let dropped = |id: &str| linked_before.contains(id) && !linked.contains(id);
        let mut retired = Vec::new();
        for u in doc.units.iter_mut().filter(|u| u.provenance.source.as_deref() == Some("ptv")) {
            if dropped(u.id.as_str()) && u.valid_to.is_none() {
                u.set_valid_to(Some(today));
                retired.push(format!("unit:{}", u.id));
            }
        }
        for c in doc.channels.iter_mut().filter(|c| c.provenance.source.as_deref() == Some("ptv")) {
            if dropped(c.id.as_str()) && c.valid_to.is_none() {
                c.set_valid_to(Some(today));
                retired.push(format!("channel:{}", c.id));
            }
        }
        let in_doc_units: BTreeSet<String> = doc.units.iter().map(|u| u.id.to_string()).collect();
        let in_doc_channels: BTreeSet<String> = doc.channels.iter().map(|c| c.id.to_string()).collect();
        for u in catalog.units.values() {
            if !in_doc_units.contains(u.id.as_str())
                && u.provenance.source.as_deref() == Some("ptv")
                && dropped(u.id.as_str())
                && u.valid_to.is_none()
            {
                let mut u = u.clone();
                u.set_valid_to(Some(today));
                retired.push(format!("unit:{}", u.id));
                doc.units.push(u);
            }
        }
        for c in catalog.channels.values() {
            if !in_doc_channels.contains(c.id.as_str())
                && c.provenance.source.as_deref() == Some("ptv")
                && dropped(c.id.as_str())
                && c.valid_to.is_none()
            {
                let mut c = c.clone();
                c.set_valid_to(Some(today));
                retired.push(format!("channel:{}", c.id));
                doc.channels.push(c);
            }
        }
        drop(current);
        let import = self.import(doc, actor, dry_run).await?;
        Ok(PtvReport { import, older_or_same: older, retired })
    }
}
