//! The HL7 FHIR R4 use cases: searches and reads of HealthcareService, Location
//! and Organization over the current catalog snapshot, answered with the
//! `interop` crate's FHIR resources, one window (`offset`, `count`) at a time.
//! The HTTP layer decodes the search parameters and builds the Bundle's links.

use domain::geo::Location;
use domain::text::Text;
use interop::fhir;
use serde_json::Value;

use crate::{AppError, Polku};

/// Entries per page when the client gives no `_count`.
pub const DEFAULT_COUNT: usize = 50;
/// The most entries on one page; a larger `_count` is lowered to it (FHIR lets
/// a server return fewer than asked, never more).
pub const MAX_COUNT: usize = 500;

/// Which matches to return: `count` of them from the `offset`-th (0-based).
/// `count` 0 asks for the total only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: usize,
    pub count: usize,
}

impl Default for Window {
    fn default() -> Window {
        Window { offset: 0, count: DEFAULT_COUNT }
    }
}

/// One page of matches: every match is counted in `total`, `resources` holds the window's.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub total: usize,
    pub resources: Vec<Value>,
    /// The window actually used (`count` at most [`MAX_COUNT`]).
    pub window: Window,
}

/// A point and a radius in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub at: Location,
    pub metres: f64,
}

/// Search parameters of HealthcareService.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceSearch {
    /// Any of these ids (`_id=a,b`); empty: any id.
    pub ids: Vec<String>,
    /// Part of the name in any language, case-insensitive.
    pub name: Option<String>,
    /// A PTV service class code (the system, if any, already removed).
    pub category: Option<String>,
    /// A unit (Location) id where the service is offered.
    pub location: Option<String>,
    /// A unit of the service within the radius.
    pub near: Option<Near>,
}

/// Search parameters of Location.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocationSearch {
    pub ids: Vec<String>,
    pub name: Option<String>,
    pub near: Option<Near>,
}

/// Search parameters of Organization.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganizationSearch {
    pub ids: Vec<String>,
    pub name: Option<String>,
}

fn id_matches(ids: &[String], id: &str) -> bool {
    ids.is_empty() || ids.iter().any(|i| i == id)
}

fn name_matches(text: &Text, needle: &Option<String>) -> bool {
    needle.as_ref().is_none_or(|n| {
        let n = n.to_lowercase();
        text.iter().any(|(_, t)| t.to_lowercase().contains(&n))
    })
}

/// Count every match, build resources for the window only.
fn window_of<'a, T: 'a>(matches: impl Iterator<Item = &'a T>, window: Window, build: impl Fn(&T) -> Value) -> Found {
    let window = Window { offset: window.offset, count: window.count.min(MAX_COUNT) };
    let mut total = 0;
    let mut resources = Vec::new();
    for item in matches {
        if total >= window.offset && resources.len() < window.count {
            resources.push(build(item));
        }
        total += 1;
    }
    Found { total, resources, window }
}

impl Polku {
    pub fn fhir_healthcare_services(&self, search: &ServiceSearch, window: Window) -> Found {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let today = self.clock().today();
        let matches = catalog
            .services
            .values()
            .filter(|s| id_matches(&search.ids, s.id.as_str()))
            .filter(|s| name_matches(&s.name, &search.name))
            .filter(|s| search.category.as_ref().is_none_or(|c| s.service_classes.iter().any(|x| x == c)))
            .filter(|s| search.location.as_ref().is_none_or(|l| catalog.units_of(s).iter().any(|u| u.id.as_str() == l)))
            .filter(|s| {
                search.near.is_none_or(|near| {
                    catalog.units_of(s).iter().any(|u| u.location.distance_m(&near.at) <= near.metres)
                })
            });
        window_of(matches, window, |s| fhir::healthcare_service(catalog, s, today))
    }

    pub fn fhir_locations(&self, search: &LocationSearch, window: Window) -> Found {
        let snapshot = self.snapshot();
        let today = self.clock().today();
        let matches = snapshot
            .catalog
            .units
            .values()
            .filter(|u| id_matches(&search.ids, u.id.as_str()))
            .filter(|u| name_matches(&u.name, &search.name))
            .filter(|u| search.near.is_none_or(|near| u.location.distance_m(&near.at) <= near.metres));
        window_of(matches, window, |u| fhir::location(u, today))
    }

    pub fn fhir_organizations(&self, search: &OrganizationSearch, window: Window) -> Found {
        let snapshot = self.snapshot();
        let today = self.clock().today();
        let matches = snapshot
            .catalog
            .organizations
            .values()
            .filter(|o| id_matches(&search.ids, o.id.as_str()))
            .filter(|o| name_matches(&o.name, &search.name));
        window_of(matches, window, |o| fhir::organization(o, today))
    }

    /// The CapabilityStatement: what is read and searched, and how searches page.
    pub fn fhir_capabilities(&self) -> Value {
        fhir::capability_statement(self.clock().today(), DEFAULT_COUNT, MAX_COUNT)
    }

    pub fn fhir_healthcare_service(&self, id: &str) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        let s = snapshot
            .catalog
            .services
            .get(id)
            .ok_or_else(|| AppError::NotFound { kind: "HealthcareService", id: id.to_owned() })?;
        Ok(fhir::healthcare_service(&snapshot.catalog, s, self.clock().today()))
    }

    pub fn fhir_location(&self, id: &str) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        let u =
            snapshot.catalog.units.get(id).ok_or_else(|| AppError::NotFound { kind: "Location", id: id.to_owned() })?;
        Ok(fhir::location(u, self.clock().today()))
    }

    pub fn fhir_organization(&self, id: &str) -> Result<Value, AppError> {
        let snapshot = self.snapshot();
        let o = snapshot
            .catalog
            .organizations
            .get(id)
            .ok_or_else(|| AppError::NotFound { kind: "Organization", id: id.to_owned() })?;
        Ok(fhir::organization(o, self.clock().today()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_count_everything_and_build_only_their_part() {
        let items: Vec<u32> = (0..10).collect();
        let found = window_of(items.iter(), Window { offset: 7, count: 5 }, |i| Value::from(*i));
        assert_eq!((found.total, found.resources), (10, vec![Value::from(7), Value::from(8), Value::from(9)]));
        let none = window_of(items.iter(), Window { offset: 0, count: 0 }, |i| Value::from(*i));
        assert_eq!((none.total, none.resources.len()), (10, 0));
        let past = window_of(items.iter(), Window { offset: usize::MAX, count: 3 }, |i| Value::from(*i));
        assert_eq!((past.total, past.resources.len()), (10, 0));
        let big = window_of(items.iter(), Window { offset: 0, count: usize::MAX }, |i| Value::from(*i));
        assert_eq!(big.window.count, MAX_COUNT);
    }
}
