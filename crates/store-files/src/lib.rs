//! File storage for Polku: what is too big for the database and read whole.
//! Today the prepared road networks ([`NetworkDir`], `app::networks::NetworkStore`):
//! one file per name and mode, `<data-dir>/networks/<name>.<mode>.net`, written
//! beside its place and renamed, so a failed save never leaves half a file.

use std::path::{Path, PathBuf};

use access::Mode;
use app::StoreError;
use app::networks::{NetworkName, NetworkStore};

/// Saved networks in one directory (`<data-dir>/networks/`), created on first save.
#[derive(Debug, Clone)]
pub struct NetworkDir {
    dir: PathBuf,
}

impl NetworkDir {
    /// The networks of a data directory: its `networks/` subdirectory.
    pub fn in_data_dir(data_dir: &Path) -> NetworkDir {
        NetworkDir { dir: data_dir.join("networks") }
    }

    /// The directory the networks are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self, name: &NetworkName, mode: Mode) -> PathBuf {
        self.dir.join(format!("{name}.{mode}.net"))
    }
}

fn io(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Database(format!("cannot {what} {}: {e}", path.display()))
}

impl NetworkStore for NetworkDir {
    fn save(&self, name: &NetworkName, mode: Mode, bytes: &[u8]) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io("create", &self.dir, e))?;
        let path = self.path(name, mode);
        let partial = path.with_extension("net.partial");
        std::fs::write(&partial, bytes).map_err(|e| io("write", &partial, e))?;
        std::fs::rename(&partial, &path).map_err(|e| io("write", &path, e))
    }

    fn load(&self, name: &NetworkName, mode: Mode) -> Result<Option<Vec<u8>>, StoreError> {
        let path = self.path(name, mode);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io("read", &path, e)),
        }
    }

    fn location(&self, name: &NetworkName, mode: Mode) -> String {
        self.path(name, mode).display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_atomically_and_loads_back() {
        let tmp = testkit::TempDir::new();
        let store = NetworkDir::in_data_dir(tmp.path());
        let name = NetworkName::parse("kotka").unwrap();
        assert_eq!(store.load(&name, Mode::Walk).unwrap(), None);
        store.save(&name, Mode::Walk, b"bytes").unwrap();
        store.save(&name, Mode::Walk, b"newer").unwrap();
        assert_eq!(store.load(&name, Mode::Walk).unwrap().as_deref(), Some(&b"newer"[..]));
        assert_eq!(store.load(&name, Mode::Car).unwrap(), None);
        let files: Vec<String> = std::fs::read_dir(tmp.path().join("networks"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["kotka.walk.net"]);
    }
}
