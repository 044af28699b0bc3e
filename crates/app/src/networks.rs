//! Stored road networks: the use cases (an OpenStreetMap extract's ways →
//! a network per mode → prepared contraction hierarchies → saved under a
//! name; loaded back by name for routing) behind the [`NetworkStore`] trait.
//! The adapter (`store-files`: files under `<data-dir>/networks/`) keeps the
//! bytes; reading the `.osm.pbf` itself is `access-io`'s.

use std::time::Instant;

use access::graph::BuildReport;
use access::matrix::Network;
use access::{Mode, NetworkBuilder, persist};

use crate::catalog::Polku;
use crate::error::AppError;
use crate::store::StoreError;

/// Where prepared networks are kept, as bytes (`access::persist`), by name and mode.
pub trait NetworkStore: Send + Sync {
    /// Saves (replaces) one mode's network, all or nothing: never half a file.
    fn save(&self, name: &NetworkName, mode: Mode, bytes: &[u8]) -> Result<(), StoreError>;
    /// One mode's saved network, or `None` when none is saved.
    fn load(&self, name: &NetworkName, mode: Mode) -> Result<Option<Vec<u8>>, StoreError>;
    /// Where one mode's network is kept, for messages (a path).
    fn location(&self, name: &NetworkName, mode: Mode) -> String;
}

/// A network's name: 1 to 100 ASCII letters, digits, `_` and `-` (it names files).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NetworkName(String);

impl NetworkName {
    /// Refused with the field `name` named.
    pub fn parse(name: &str) -> Result<NetworkName, AppError> {
        let ok = !name.is_empty()
            && name.len() <= 100
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
        if ok {
            Ok(NetworkName(name.to_owned()))
        } else {
            Err(AppError::invalid("name", format!("`{name}` is not a valid network name (letters, digits, _ and -)")))
        }
    }

    /// The default name of an extract's networks: its file name without `.osm.pbf`, dots as `_`.
    pub fn of_file_name(file_name: &str) -> Result<NetworkName, AppError> {
        NetworkName::parse(&file_name.trim_end_matches(".pbf").trim_end_matches(".osm").replace('.', "_"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for NetworkName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What preparing one mode's network did.
#[derive(Debug, Clone)]
pub enum Prepared {
    /// Built, prepared and saved at `location`.
    Saved { mode: Mode, built: BuildReport, shortcuts: usize, seconds: f64, location: String },
    /// The extract has no roads of this mode.
    Empty { mode: Mode },
}

/// Where [`import_osm`] is, for progress and reports as they happen.
#[derive(Debug)]
pub enum Step<'a> {
    /// Building and preparing this mode's network (the long part).
    Preparing(Mode),
    /// This mode is done.
    Done(&'a Prepared),
}

/// One mode's network from the extract's ways, prepared for routing; `None`
/// when the extract has no roads of that mode.
pub fn prepare(builder: &NetworkBuilder, mode: Mode) -> Option<(Network, BuildReport)> {
    let (graph, built) = builder.build(mode);
    (graph.nodes() >= 2).then(|| (Network::prepare(graph), built))
}

/// The name a network prepared from an extract is kept under for reuse:
/// `pbf-` and the first 128 bits of the file's SHA-256, so the same bytes under
/// any file name find it, and changed bytes never do.
pub fn cache_name(file: &[u8]) -> NetworkName {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(file);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    NetworkName(format!("pbf-{hex}"))
}

/// Saves one mode's prepared network under `name` (replacing it), all or nothing.
pub fn save(store: &dyn NetworkStore, name: &NetworkName, mode: Mode, net: &Network) -> Result<(), AppError> {
    Ok(store.save(name, mode, &persist::to_bytes(net))?)
}

/// Builds, prepares and saves the walk, bike and car networks of an extract
/// under `name`; `progress` hears of each mode before and after its preparation.
pub fn import_osm(
    store: &dyn NetworkStore,
    name: &NetworkName,
    builder: &NetworkBuilder,
    mut progress: impl FnMut(Step<'_>),
) -> Result<Vec<Prepared>, AppError> {
    let mut out = Vec::new();
    for mode in Mode::ALL {
        progress(Step::Preparing(mode));
        let started = Instant::now();
        let prepared = match prepare(builder, mode) {
            None => Prepared::Empty { mode },
            Some((net, built)) => {
                save(store, name, mode, &net)?;
                Prepared::Saved {
                    mode,
                    built,
                    shortcuts: net.ch.shortcuts,
                    seconds: started.elapsed().as_secs_f64(),
                    location: store.location(name, mode),
                }
            }
        };
        progress(Step::Done(&prepared));
        out.push(prepared);
    }
    Ok(out)
}

/// One mode's saved network: not found when absent, internal when damaged.
pub fn load(store: &dyn NetworkStore, name: &NetworkName, mode: Mode) -> Result<Network, AppError> {
    let Some(bytes) = store.load(name, mode)? else {
        return Err(AppError::NotFound { kind: "network", id: format!("{name} ({mode})") });
    };
    persist::from_bytes(&bytes).map_err(|e| AppError::Internal(format!("{}: {e}", store.location(name, mode))))
}

impl Polku {
    /// Routes accessibility on the saved networks `name` from now on, each mode
    /// that is saved (`polku serve --network`); not found when none is.
    pub fn use_networks(&self, store: &dyn NetworkStore, name: &NetworkName) -> Result<Vec<Mode>, AppError> {
        let mut loaded = Vec::new();
        for mode in Mode::ALL {
            match load(store, name, mode) {
                Ok(net) => {
                    self.set_network(mode, net);
                    loaded.push(mode);
                }
                Err(AppError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        if loaded.is_empty() {
            return Err(AppError::NotFound { kind: "network", id: name.to_string() });
        }
        Ok(loaded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Memory(Mutex<HashMap<(String, Mode), Vec<u8>>>);

    impl NetworkStore for Memory {
        fn save(&self, name: &NetworkName, mode: Mode, bytes: &[u8]) -> Result<(), StoreError> {
            self.0.lock().unwrap().insert((name.to_string(), mode), bytes.to_vec());
            Ok(())
        }
        fn load(&self, name: &NetworkName, mode: Mode) -> Result<Option<Vec<u8>>, StoreError> {
            Ok(self.0.lock().unwrap().get(&(name.to_string(), mode)).cloned())
        }
        fn location(&self, name: &NetworkName, mode: Mode) -> String {
            format!("memory:{name}.{mode}")
        }
    }

    #[test]
    fn cache_names_follow_the_bytes_not_the_file_name() {
        let a = cache_name(b"some extract");
        assert_eq!(a, cache_name(b"some extract"));
        assert_ne!(a, cache_name(b"some extract!"));
        assert_eq!(NetworkName::parse(a.as_str()).unwrap(), a);
        assert_eq!(a.as_str().len(), 4 + 32);
    }

    #[test]
    fn names_are_checked_and_derived_from_file_names() {
        assert_eq!(NetworkName::of_file_name("helsinki.centre.osm.pbf").unwrap().as_str(), "helsinki_centre");
        for bad in ["", "a/b", "../x", "ä", &"x".repeat(101)] {
            assert!(matches!(NetworkName::parse(bad), Err(AppError::Invalid(p)) if p[0].field == "name"), "{bad}");
        }
    }

    #[test]
    fn saved_networks_load_back_and_absent_ones_are_not_found() {
        let store = Memory::default();
        let name = NetworkName::parse("grid").unwrap();
        // A 6 × 6 grid of residential streets about 100 m apart in Porvoo.
        let mut builder = NetworkBuilder::default();
        let id = |i: i64, j: i64| i * 10 + j;
        for i in 0..6 {
            for j in 0..6 {
                builder.add_node(id(i, j), 60.39 + i as f64 * 0.0009, 25.66 + j as f64 * 0.0018);
            }
            let street = access::mode::WayTags { highway: "residential".into(), ..Default::default() };
            builder.add_way((0..6).map(|j| id(i, j)).collect(), street.clone());
            builder.add_way((0..6).map(|j| id(j, i)).collect(), street);
        }
        let prepared = import_osm(&store, &name, &builder, |_| {}).unwrap();
        assert_eq!(prepared.len(), 3);
        let saved: Vec<Mode> = prepared
            .iter()
            .filter_map(|p| if let Prepared::Saved { mode, .. } = p { Some(*mode) } else { None })
            .collect();
        assert!(!saved.is_empty());
        for mode in &saved {
            assert!(load(&store, &name, *mode).unwrap().graph.nodes() >= 2);
        }
        let other = NetworkName::parse("other").unwrap();
        assert!(matches!(load(&store, &other, Mode::Car), Err(AppError::NotFound { .. })));
        store.save(&other, Mode::Car, b"damaged").unwrap();
        assert!(matches!(load(&store, &other, Mode::Car), Err(AppError::Internal(_))));
    }
}
