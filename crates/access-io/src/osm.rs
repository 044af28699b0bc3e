//! OpenStreetMap PBF extracts into road networks.
//!
//! Streams the file twice: first the ways that some mode may use (their tags
//! and node ids), then the coordinates of just those nodes. Nothing else of
//! the file is kept, so a whole-country extract fits in memory.

use std::collections::HashSet;
use std::path::Path;

use access::NetworkBuilder;
use access::mode::WayTags;
use osmpbf::{Element, ElementReader};

use crate::ReadError;

/// What reading found, for the import report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadReport {
    /// All nodes in the file (every element read, kept or not).
    pub nodes_read: u64,
    pub ways_read: u64,
    pub routable_ways: u64,
    pub nodes_kept: u64,
}

fn tags_of<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> WayTags {
    let mut t = WayTags::default();
    for (k, v) in tags {
        let slot = match k {
            "highway" => {
                t.highway = v.to_owned();
                continue;
            }
            "maxspeed" => &mut t.maxspeed,
            "oneway" => &mut t.oneway,
            "junction" => &mut t.junction,
            "access" => &mut t.access,
            "foot" => &mut t.foot,
            "bicycle" => &mut t.bicycle,
            "motor_vehicle" => &mut t.motor_vehicle,
            "motorcar" => &mut t.motorcar,
            "oneway:bicycle" => &mut t.oneway_bicycle,
            "area" => &mut t.area,
            "tunnel" => &mut t.tunnel,
            "layer" => &mut t.layer,
            "indoor" => &mut t.indoor,
            _ => continue,
        };
        *slot = Some(v.to_owned());
    }
    t
}

fn open(path: &Path) -> Result<ElementReader<std::io::BufReader<std::fs::File>>, ReadError> {
    ElementReader::from_path(path)
        .map_err(|e| ReadError::Unreadable { path: path.display().to_string(), problem: e.to_string() })
}

fn bad(path: &Path, e: osmpbf::Error) -> ReadError {
    ReadError::Format(format!("{} is not a readable OpenStreetMap PBF file: {e}", path.display()))
}

/// Reads the routable ways and their nodes. `progress` gets the number of elements read so far.
pub fn read(path: &Path, mut progress: impl FnMut(u64)) -> Result<(NetworkBuilder, ReadReport), ReadError> {
    let mut builder = NetworkBuilder::default();
    let mut report = ReadReport::default();
    let mut seen = 0u64;
    open(path)?
        .for_each(|e| {
            seen += 1;
            if seen.is_multiple_of(1 << 20) {
                progress(seen);
            }
            if let Element::Way(w) = e {
                report.ways_read += 1;
                // Most ways are not roads: look for `highway` before copying any tag.
                if !w.tags().any(|(k, _)| k == "highway") {
                    return;
                }
                let tags = tags_of(w.tags());
                if !tags.highway.is_empty() && NetworkBuilder::wanted(&tags) {
                    report.routable_ways += 1;
                    builder.add_way(w.refs().collect(), tags);
                }
            }
        })
        .map_err(|e| bad(path, e))?;
    if report.routable_ways == 0 {
        return Err(ReadError::NoRoads(path.display().to_string()));
    }
    let needed: HashSet<i64> = builder.needed_nodes();
    open(path)?
        .for_each(|e| {
            seen += 1;
            if seen.is_multiple_of(1 << 20) {
                progress(seen);
            }
            let (id, lat, lon) = match e {
                Element::Node(n) => (n.id(), n.lat(), n.lon()),
                Element::DenseNode(n) => (n.id(), n.lat(), n.lon()),
                _ => return,
            };
            report.nodes_read += 1;
            if needed.contains(&id) {
                report.nodes_kept += 1;
                builder.add_node(id, lat, lon);
            }
        })
        .map_err(|e| bad(path, e))?;
    Ok((builder, report))
}
