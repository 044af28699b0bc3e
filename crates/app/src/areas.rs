//! "My areas": from a resident's address (its postal code, geocoded to the postal area's
//! centroid), the units that serve it by catchment (health station, child health clinic,
//! oral care, social emergency), with travel times by walking, bike and car, and the
//! next-nearest unit across the municipal border.
//!
//! Catchment is by municipality: a unit serves the residents of the municipality it is in,
//! as the demo county's services are organised. Travel times are straight-line **estimates**
//! (`access::matrix::estimate_minutes`), labelled so wherever they are shown.

use crate::Polku;
use crate::accessibility::demo_postal_areas;
use crate::error::AppError;
use access::Mode;
use domain::{Id, Location, Problem, Unit};

/// The services whose units residents look up by their address, with the kind's key (the
/// pages name it from their message catalogs). The demo county's ids.
pub const CATCHMENTS: [(&str, &str); 4] = [
    ("health_station", "svc-doctor-appointment"),
    ("child_health_clinic", "svc-child-health-clinic"),
    ("oral_care", "svc-oral-adults"),
    ("social_emergency", "svc-social-crisis-emergency"),
];

/// One unit, how far and how long away.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    pub unit: Id,
    pub municipality: String,
    pub metres: f64,
    /// Estimated minutes by walking, bike and car (in `Mode::ALL` order).
    pub minutes: [f64; 3],
}

/// The units of one catchment service for the address.
#[derive(Debug, Clone, PartialEq)]
pub struct Catchment {
    pub kind: &'static str,
    pub service: Id,
    /// The nearest unit in the address's own municipality, if it has one.
    pub serving: Option<Reach>,
    /// The nearest unit in another municipality (across the border).
    pub across_border: Option<Reach>,
}

/// The address as geocoded and what serves it.
#[derive(Debug, Clone, PartialEq)]
pub struct MyAreas {
    pub postal_code: String,
    pub municipality: String,
    pub at: Location,
    /// Always `true` here: times are straight-line estimates.
    pub estimate: bool,
    pub catchments: Vec<Catchment>,
}

fn reach(unit: &Unit, at: &Location) -> Reach {
    let metres = at.distance_m(&unit.location);
    Reach {
        unit: unit.id.clone(),
        municipality: unit.address.municipality.clone(),
        metres,
        minutes: Mode::ALL.map(|m| access::matrix::estimate_minutes(metres, m)),
    }
}

/// Where a postal code is: the centroid and municipality of its postal area. A code that is
/// not five digits, or names no postal area of the county, is refused naming `postal_code`.
pub fn geocode(postal_code: &str) -> Result<(Location, String), AppError> {
    let code = postal_code.trim();
    let refuse = |problem: String| AppError::Invalid(vec![Problem { field: "postal_code".into(), problem }]);
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse(format!("{code:?} is not a postal code: five digits, e.g. 06100")));
    }
    let area = demo_postal_areas()
        .iter()
        .find(|a| a.postcode == code)
        .ok_or_else(|| refuse(format!("postal code {code} is not in the county's postal areas")))?;
    let location = Location::from_tm35fin(area.area.y, area.area.x);
    Ok((location, format!("{:03}", area.area.municipality)))
}

impl Polku {
    /// The catchment units of an address given by its postal code (see the module).
    pub fn my_areas(&self, postal_code: &str) -> Result<MyAreas, AppError> {
        let (at, municipality) = geocode(postal_code)?;
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let today = self.clock().local_now().date();
        let mut catchments = Vec::new();
        for (kind, service_id) in CATCHMENTS {
            let Some(service) = Id::parse(service_id).ok().and_then(|id| catalog.services.get(&id)) else {
                continue;
            };
            let units: Vec<&Unit> = catalog
                .units_of(service)
                .into_iter()
                .filter(|u| u.valid_from <= today && u.valid_to.is_none_or(|to| today <= to))
                .collect();
            let nearest = |own: bool| {
                units
                    .iter()
                    .filter(|u| (u.address.municipality == municipality) == own)
                    .map(|u| reach(u, &at))
                    .min_by(|a, b| a.metres.total_cmp(&b.metres))
            };
            catchments.push(Catchment {
                kind,
                service: service.id.clone(),
                serving: nearest(true),
                across_border: nearest(false),
            });
        }
        Ok(MyAreas { postal_code: postal_code.trim().to_owned(), municipality, at, estimate: true, catchments })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_geocode_to_the_county_or_are_refused_by_name() {
        let (at, municipality) = geocode("06100").unwrap();
        assert_eq!(municipality, "638", "06100 is Porvoo");
        assert!(at.in_finland());
        for bad in ["6100", "0610a", "99999", ""] {
            match geocode(bad) {
                Err(AppError::Invalid(p)) => assert_eq!(p[0].field, "postal_code", "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
