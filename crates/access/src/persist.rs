//! A prepared network as bytes (and back), so that preparation is paid once
//! (`polku access import-osm`). Little-endian arrays behind a versioned header.

use crate::NetworkFileError;
use crate::ch::Ch;
use crate::graph::Graph;
use crate::matrix::Network;
use crate::mode::Mode;
use crate::snap::Snapper;

const MAGIC: &[u8; 8] = b"POLKUNET";
const VERSION: u32 = 2;

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u32(v.len() as u32);
        for x in v {
            self.u32(*x);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], NetworkFileError> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len()).ok_or(NetworkFileError::Truncated)?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, NetworkFileError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")))
    }
    fn u32s(&mut self) -> Result<Vec<u32>, NetworkFileError> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() / 4 {
            return Err(NetworkFileError::Damaged("an array is longer than the file"));
        }
        // Whole arrays at once: the loop over fixed-size chunks compiles to plain copies.
        Ok(self.take(n * 4)?.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
    }
}

pub fn to_bytes(net: &Network) -> Vec<u8> {
    let g = &net.graph;
    let mut w = Writer(Vec::with_capacity(64 + g.nodes() * 24 + g.edges() * 8));
    w.0.extend_from_slice(MAGIC);
    w.u32(VERSION);
    w.u32(Mode::ALL.iter().position(|m| *m == g.mode).unwrap_or(0) as u32);
    w.u32(g.nodes() as u32);
    for (x, y) in &g.xy {
        w.0.extend_from_slice(&x.to_le_bytes());
        w.0.extend_from_slice(&y.to_le_bytes());
    }
    w.0.extend(g.snappable.iter().map(|s| *s as u8));
    w.u32s(&g.first_out);
    w.u32s(&g.head);
    w.u32s(&g.time);
    let parts = net.ch.parts();
    for p in parts {
        w.u32s(p);
    }
    w.u32(net.ch.shortcuts as u32);
    w.0
}

pub fn from_bytes(bytes: &[u8]) -> Result<Network, NetworkFileError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8).ok() != Some(&MAGIC[..]) {
        return Err(NetworkFileError::NotANetwork);
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(NetworkFileError::Version { found: version, expected: VERSION });
    }
    let mode = *Mode::ALL.get(r.u32()? as usize).ok_or(NetworkFileError::Damaged("unknown mode"))?;
    let n = r.u32()? as usize;
    if n > bytes.len() / 16 {
        return Err(NetworkFileError::Damaged("more nodes than bytes"));
    }
    let f64_at = |b: &[u8]| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    let xy = r.take(n * 16)?.chunks_exact(16).map(|b| (f64_at(&b[..8]), f64_at(&b[8..]))).collect();
    let snappable = r.take(n)?.iter().map(|b| *b != 0).collect();
    let first_out = r.u32s()?;
    let head = r.u32s()?;
    let time = r.u32s()?;
    if first_out.len() != n + 1 || head.len() != time.len() || first_out.last().copied() != Some(head.len() as u32) {
        return Err(NetworkFileError::Damaged("inconsistent edge arrays"));
    }
    if head.iter().any(|h| *h as usize >= n) {
        return Err(NetworkFileError::Damaged("an edge leads outside the network"));
    }
    let parts = [r.u32s()?, r.u32s()?, r.u32s()?, r.u32s()?, r.u32s()?, r.u32s()?, r.u32s()?];
    let shortcuts = r.u32()? as usize;
    let graph = Graph { mode, xy, first_out, head, time, snappable };
    let ch = Ch::from_parts(n, parts, shortcuts)?;
    let snapper = Snapper::new(&graph);
    Ok(Network { graph, ch, snapper })
}
