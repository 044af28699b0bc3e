//! A synthetic catalog of any size, for benchmarks and load tests: the demo
//! county's services and units repeated over Finland's 308 municipalities with
//! deterministic variation (fixed seed). Not real data, and marked so.

use crate::error::AppError;
use domain::reference::Reference;
use domain::{Catalog, Channel, Id, ProvenanceKind, Service, Text, TextList};

/// A small deterministic generator (SplitMix64), so the same seed gives the same catalog.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn id(base: &Id, i: usize) -> Result<Id, AppError> {
    Id::parse(&format!("{}-s{i}", base.as_str())).map_err(|e| AppError::Internal(e.to_string()))
}

/// The services Finland's national catalog names the same way in most municipalities
/// (`data/search/national-services.tsv`), each made from the demo service it names as its
/// template: the template's classes, target groups and texts, the national names and
/// keywords. With them, a synthetic catalog has what a real one has and the demo county
/// lacks: a short name inside longer ones (*Toimeentulotuki*, *Ehkäisevä toimeentulotuki*).
pub fn national_services(demo: &Catalog) -> Result<Vec<Service>, AppError> {
    let mut out = Vec::new();
    for (n, line) in NATIONAL.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = |what: &str| AppError::Internal(format!("national-services.tsv line {}: {what}", n + 1));
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, template, fi, sv, en, kfi, ksv, ken] = cols[..] else {
            return Err(bad("expected 8 columns"));
        };
        let template =
            Id::parse(template).ok().and_then(|t| demo.services.get(&t)).ok_or_else(|| bad("unknown template"))?;
        let mut service = template.clone();
        service.id = Id::parse(id).map_err(|e| bad(&e.to_string()))?;
        service.name = Text { fi: Some(fi.into()), sv: Some(sv.into()), en: Some(en.into()) };
        let list = |k: &str| k.split(';').map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned).collect();
        service.keywords = TextList { fi: list(kfi), sv: list(ksv), en: list(ken) };
        out.push(service);
    }
    Ok(out)
}

const NATIONAL: &str = include_str!("../../../data/search/national-services.tsv");

/// `services` services and `units` units (at least one of each), every service offered at three units.
pub fn catalog(services: usize, units: usize, seed: u64) -> Result<Catalog, AppError> {
    let demo = crate::demo::document()?.into_catalog().map_err(AppError::Invalid)?;
    let reference = Reference::get();
    let municipalities: Vec<_> = reference.municipalities.values().collect();
    let mut rng = Rng(seed);
    let mut out =
        Catalog { organizations: demo.organizations.clone(), channels: demo.channels.clone(), ..Catalog::default() };
    let unit_templates: Vec<_> = demo.units.values().collect();
    let national = national_services(&demo)?;
    let service_templates: Vec<&Service> = demo.services.values().chain(national.iter()).collect();
    let units = units.max(1);
    let mut unit_ids = Vec::with_capacity(units);
    for i in 0..units {
        let mut unit = unit_templates[i % unit_templates.len()].clone();
        let municipality = municipalities[i % municipalities.len()];
        unit.id = id(&unit.id, i)?;
        for (lang, name) in [(domain::Lang::Fi, &mut unit.name.fi), (domain::Lang::Sv, &mut unit.name.sv)] {
            if let Some(name) = name {
                name.push(' ');
                name.push_str(municipality.name.show(lang));
            }
        }
        unit.address.municipality = municipality.code.clone();
        unit.location = loop {
            let (lat, lon) = (60.0 + 8.5 * rng.unit(), 21.5 + 8.0 * rng.unit());
            if domain::geo::in_finland(lat, lon) {
                break domain::Location::from_wgs84((lat * 1e5).round() / 1e5, (lon * 1e5).round() / 1e5);
            }
        };
        unit.provenance.kind = ProvenanceKind::Illustrative;
        unit.provenance.note = Some("synthetic benchmark data".into());
        unit_ids.push(unit.id.clone());
        out.units.insert(unit.id.clone(), unit);
    }
    // In-person channels point at a demo unit: point them at its first copy.
    let channels: Vec<Channel> = out.channels.values().cloned().collect();
    for mut channel in channels {
        if let Some(unit) = &channel.unit
            && let Some(k) = unit_templates.iter().position(|u| &u.id == unit)
        {
            channel.unit = Some(unit_ids[k % unit_ids.len()].clone());
            out.channels.insert(channel.id.clone(), channel);
        }
    }
    for i in 0..services.max(1) {
        let mut service = service_templates[i % service_templates.len()].clone();
        let municipality = municipalities[(i / service_templates.len()) % municipalities.len()];
        service.id = id(&service.id, i)?;
        for (lang, name) in [
            (domain::Lang::Fi, &mut service.name.fi),
            (domain::Lang::Sv, &mut service.name.sv),
            (domain::Lang::En, &mut service.name.en),
        ] {
            if let Some(name) = name {
                name.push_str(" – ");
                name.push_str(municipality.name.show(lang));
            }
        }
        service.area = vec![municipality.code.clone()];
        service.units = (0..3).map(|k| unit_ids[(i * 3 + k) % unit_ids.len()].clone()).collect();
        service.provenance.kind = ProvenanceKind::Illustrative;
        service.provenance.note = Some("synthetic benchmark data".into());
        out.services.insert(service.id.clone(), service);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_catalogs_are_valid_and_deterministic() {
        let catalog = catalog(500, 1_500, 7).unwrap();
        assert_eq!((catalog.services.len(), catalog.units.len()), (500, 1_500));
        let reference = Reference::get();
        for entity in catalog.entities() {
            let problems = domain::validate::entity(&entity, &catalog, reference);
            assert!(problems.is_empty(), "{}: {problems:?}", entity.id());
        }
        assert_eq!(catalog, super::catalog(500, 1_500, 7).unwrap());
    }
}
