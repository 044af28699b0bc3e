//! The Open Referral HSDS 3.0 use cases: typed requests over the current
//! catalog snapshot, answered with the `interop` crate's HSDS values (one
//! language per answer). The HTTP layer only decodes parameters and encodes
//! these answers.

use chrono::{DateTime, Utc};
use domain::Problem;
use domain::catalog::{Service, Unit};
use domain::text::Lang;
use interop::hsds::{self, Writer, uuid_for};
use serde_json::Value;

use crate::{AppError, Polku, Snapshot};

/// Which page of a list, in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub lang: Lang,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
}

/// Filters of `/services` (and of the services of `/service_at_locations`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceFilter {
    /// Full text through Polku's search engine, in the page's language.
    pub search: Option<String>,
    /// An HSDS taxonomy term id.
    pub taxonomy_term_id: Option<String>,
    /// An HSDS taxonomy id.
    pub taxonomy_id: Option<String>,
    /// The organiser: its HSDS id or its Polku id.
    pub organization_id: Option<String>,
    pub modified_after: Option<DateTime<Utc>>,
}

/// Where the service-at-locations of `/service_at_locations` are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Place {
    /// A postal code of the county: alone, the services covering its municipality
    /// (or with a unit in it or at that postcode); with `proximity`, the units
    /// within that many metres of the postal area's centre.
    pub postcode: Option<String>,
    pub proximity_m: Option<f64>,
}

/// Filters of `/taxonomy_terms`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermFilter {
    pub taxonomy_id: Option<String>,
    /// Case-insensitive part of the term's name.
    pub search: Option<String>,
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

fn invalid(field: &str, problem: impl Into<String>) -> AppError {
    AppError::Invalid(vec![Problem { field: field.to_owned(), problem: problem.into() }])
}

impl Polku {
    /// The services that pass `filter`, in id order.
    fn hsds_chosen<'a>(&self, snapshot: &'a Snapshot, filter: &ServiceFilter, lang: Lang) -> Vec<&'a Service> {
        let catalog = &snapshot.catalog;
        let today = self.clock().today();
        // Full-text search through Polku's own engine, in the answer's language.
        let matching: Option<std::collections::HashSet<String>> = filter.search.as_ref().map(|text| {
            let query = search::Query {
                text: text.clone(),
                lang,
                on: today,
                filters: Default::default(),
                sort: search::Sort::Relevance,
                page: 1,
                per_page: catalog.services.len().max(1),
            };
            snapshot.index.search(&query).hits.into_iter().map(|h| h.service.to_string()).collect()
        });
        catalog
            .services
            .values()
            .filter(|s| matching.as_ref().is_none_or(|m| m.contains(s.id.as_str())))
            .filter(|s| {
                filter
                    .organization_id
                    .as_ref()
                    .is_none_or(|o| s.organiser.as_str() == o || uuid_for("organization", s.organiser.as_str()) == *o)
            })
            .filter(|s| filter.taxonomy_term_id.as_ref().is_none_or(|t| hsds::service_has_term(s, t)))
            .filter(|s| filter.taxonomy_id.as_ref().is_none_or(|t| hsds::service_in_taxonomy(s, t)))
            .filter(|s| {
                filter.modified_after.is_none_or(|after| {
                    DateTime::parse_from_rfc3339(&hsds::last_modified(s)).is_ok_and(|m| m.to_utc() >= after)
                })
            })
            .collect()
    }

    /// A page of services, fully nested; only the page's services are built.
    pub fn hsds_services(&self, page: Page, filter: &ServiceFilter) -> Value {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let today = self.clock().today();
        let w = Writer { catalog, lang: page.lang };
        let chosen = self.hsds_chosen(&snapshot, filter, page.lang);
        let contents: Vec<Value> = chosen
            .iter()
            .skip(page.page.saturating_sub(1).saturating_mul(page.per_page))
            .take(page.per_page)
            .map(|s| w.service(s, today))
            .collect();
        hsds::page_of(chosen.len(), page.page, page.per_page, contents)
    }

    /// One service by its HSDS id or its Polku id.
    pub fn hsds_service(&self, id: &str, lang: Lang) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let s = catalog
            .services
            .get(id)
            .or_else(|| catalog.services.values().find(|s| uuid_for("service", s.id.as_str()) == id))
            .ok_or_else(|| AppError::NotFound { kind: "service", id: id.to_owned() })?;
        Ok(Writer { catalog, lang }.service(s, self.clock().today()))
    }

    /// A page of organizations whose name (in any language) contains `search`.
    pub fn hsds_organizations(&self, page: Page, search: Option<&str>) -> Value {
        let snapshot = self.snapshot();
        let w = Writer { catalog: &snapshot.catalog, lang: page.lang };
        let items = snapshot
            .catalog
            .organizations
            .values()
            .filter(|o| search.is_none_or(|n| o.name.iter().any(|(_, t)| contains_ci(t, n))))
            .map(|o| w.organization(o))
            .collect();
        hsds::page(items, page.page, page.per_page)
    }

    /// One organization by its HSDS id or its Polku id, with the services it organises.
    pub fn hsds_organization(&self, id: &str, lang: Lang) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let o = catalog
            .organizations
            .get(id)
            .or_else(|| catalog.organizations.values().find(|o| uuid_for("organization", o.id.as_str()) == id))
            .ok_or_else(|| AppError::NotFound { kind: "organization", id: id.to_owned() })?;
        let w = Writer { catalog, lang };
        let mut v = w.organization(o);
        let today = self.clock().today();
        v["services"] =
            catalog.services.values().filter(|s| s.organiser == o.id).map(|s| w.service(s, today)).collect();
        Ok(v)
    }

    /// A page of service-at-locations of the services passing `filter`, at `place`.
    /// An unknown postcode, or `proximity` without a postcode, is refused naming the field.
    pub fn hsds_service_at_locations(
        &self,
        page: Page,
        filter: &ServiceFilter,
        place: &Place,
    ) -> Result<Value, AppError> {
        let centre = match (&place.postcode, place.proximity_m) {
            (None, Some(_)) => return Err(invalid("proximity", "needs `postcode` (the centre)")),
            (None, None) => None,
            (Some(p), _) => Some(
                crate::accessibility::demo_postal_areas()
                    .iter()
                    .find(|a| a.postcode == *p)
                    .map(|a| a.area.clone())
                    .ok_or_else(|| invalid("postcode", format!("{p:?} is not a postal code of the county")))?,
            ),
        };
        if place.proximity_m.is_some_and(|m| !m.is_finite() || m < 0.0) {
            return Err(invalid("proximity", "must be a distance in metres, 0 or more"));
        }
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let w = Writer { catalog, lang: page.lang };
        let keep = |s: &Service, u: &Unit| match (&centre, place.proximity_m) {
            (Some(c), Some(metres)) => ((u.location.e - c.x).powi(2) + (u.location.n - c.y).powi(2)).sqrt() <= metres,
            // Postcode alone: the service covers its municipality, or the unit is in it.
            (Some(c), None) => {
                let m = format!("{:03}", c.municipality);
                s.area.contains(&m)
                    || u.address.municipality == m
                    || Some(u.address.postal_code.as_str()) == place.postcode.as_deref()
            }
            _ => true,
        };
        let pairs: Vec<(&Service, &Unit)> = self
            .hsds_chosen(&snapshot, filter, page.lang)
            .into_iter()
            .flat_map(|s| catalog.units_of(s).into_iter().map(move |u| (s, u)))
            .filter(|(s, u)| keep(s, u))
            .collect();
        let contents: Vec<Value> = pairs
            .iter()
            .skip(page.page.saturating_sub(1).saturating_mul(page.per_page))
            .take(page.per_page)
            .map(|(s, u)| w.service_at_location(s, u))
            .collect();
        Ok(hsds::page_of(pairs.len(), page.page, page.per_page, contents))
    }

    /// One service-at-location by its HSDS id.
    pub fn hsds_service_at_location(&self, id: &str, lang: Lang) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let w = Writer { catalog, lang };
        for s in catalog.services.values() {
            for u in catalog.units_of(s) {
                if uuid_for("service-at-location", &format!("{}:{}", s.id, u.id)) == id {
                    return Ok(w.service_at_location(s, u));
                }
            }
        }
        Err(AppError::NotFound { kind: "service_at_location", id: id.to_owned() })
    }

    /// A page of the taxonomies (PTV's code lists and Polku's own), by name.
    pub fn hsds_taxonomies(&self, page: Page, search: Option<&str>) -> Value {
        let snapshot = self.snapshot();
        let items = Writer { catalog: &snapshot.catalog, lang: page.lang }
            .taxonomies()
            .into_iter()
            .filter(|t| search.is_none_or(|n| t["name"].as_str().is_some_and(|s| contains_ci(s, n))))
            .collect();
        hsds::page(items, page.page, page.per_page)
    }

    /// One taxonomy by the id that `/taxonomies` lists.
    pub fn hsds_taxonomy(&self, id: &str, lang: Lang) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        Writer { catalog: &snapshot.catalog, lang }
            .taxonomy(id)
            .ok_or_else(|| AppError::NotFound { kind: "taxonomy", id: id.to_owned() })
    }

    /// A page of the taxonomy terms in use (and Polku's own).
    pub fn hsds_taxonomy_terms(&self, page: Page, filter: &TermFilter) -> Value {
        let snapshot = self.snapshot();
        let items = Writer { catalog: &snapshot.catalog, lang: page.lang }
            .taxonomy_terms()
            .into_iter()
            .filter(|t| filter.taxonomy_id.as_ref().is_none_or(|x| t["taxonomy_id"] == x.as_str()))
            .filter(|t| filter.search.as_ref().is_none_or(|n| t["name"].as_str().is_some_and(|s| contains_ci(s, n))))
            .collect();
        hsds::page(items, page.page, page.per_page)
    }

    /// One taxonomy term by the id that `/taxonomy_terms` lists.
    pub fn hsds_taxonomy_term(&self, id: &str, lang: Lang) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        Writer { catalog: &snapshot.catalog, lang }
            .taxonomy_term(id)
            .ok_or_else(|| AppError::NotFound { kind: "taxonomy_term", id: id.to_owned() })
    }
}
