//! What one write costs the in-memory snapshot at the size of Finland's whole public
//! catalog (20,000 services, 60,000 units, synthetic): bringing the search index up to date
//! for a changed service, unit or organization, against building it again from scratch
//! (what every write did before). The database's part is measured over HTTP by
//! bench/writes.sh.
//!
//! Run: cargo bench -p app --bench writes

use app::synthetic;
use criterion::{Criterion, criterion_group};
use domain::catalog::EntityKind;
use domain::reference::Reference;
use domain::{Entity, Id};
use search::SearchIndex;
use std::hint::black_box;

fn renamed(entity: Entity, name: &str) -> Entity {
    let mut json = entity.to_json();
    json["name"]["fi"] = serde_json::json!(name);
    Entity::from_json(entity.kind(), &json.to_string()).expect("entity")
}

fn bench(c: &mut Criterion) {
    let reference = Reference::get();
    let catalog = synthetic::catalog(20_000, 60_000, 7).expect("synthetic catalog");
    let index = SearchIndex::build(&catalog, reference);
    let mut group = c.benchmark_group("write_20000_services");
    group.sample_size(20);
    for kind in [EntityKind::Service, EntityKind::Unit, EntityKind::Organization] {
        let id: Id = match kind {
            EntityKind::Service => catalog.services.keys().nth(1234).cloned(),
            EntityKind::Unit => catalog.units.keys().nth(4321).cloned(),
            _ => catalog.organizations.keys().nth(3).cloned(),
        }
        .expect("an object");
        let mut changed = catalog.clone();
        changed.put(renamed(catalog.get(kind, id.as_str()).expect("object"), "Uusi nimi kotihoito"));
        let affected = SearchIndex::affected(&changed, &[(kind, id.clone())]);
        println!("a changed {} touches {} services", kind.as_str(), affected.len());
        group.bench_function(format!("update_index_after_{}_change", kind.as_str()), |b| {
            b.iter(|| {
                let affected = SearchIndex::affected(&changed, &[(kind, id.clone())]);
                black_box(index.updated(&changed, reference, &affected))
            })
        });
    }
    group.bench_function("catalog_clone_and_put", |b| {
        let service = catalog.services.values().next().cloned().expect("service");
        b.iter(|| {
            let mut next = catalog.clone();
            next.put(Entity::Service(service.clone()));
            black_box(next)
        })
    });
    group.sample_size(10);
    group.bench_function("rebuild_index_from_scratch", |b| {
        b.iter(|| black_box(SearchIndex::build(&catalog, reference)))
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
