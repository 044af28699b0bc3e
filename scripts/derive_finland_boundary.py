#!/usr/bin/env python3
"""Derive Finland's municipal boundaries, simplified, for `domain::geo`.

Input (not in the repository; default ../shared/data relative to the repo root,
override with --shared):
  finland/finland_municipalities_2021.gpkg
      Statistics Finland / National Land Survey of Finland (NLS), municipal
      division (the one layer of the file is named finland_municipalities_2022;
      the division of 2021 and 2022 is the same: 309 municipalities), EPSG:3067
      (ETRS-TM35FIN), CC BY 4.0. One (multi)polygon per municipality, NATCODE =
      the three-digit municipality code. The polygons cover land, lakes and the
      municipality's sea area out to the outer limit of the territorial sea, so
      islands, skerries and shores are inside them.
  crates/domain/data/municipalities.tsv (in the repository)
      The reference's 308 municipality codes (municipality key 2026); every
      output code must be one of them and every one of them must have a polygon.
  finland/municipality_central_localities.csv, finland/postcode_centroids_epsg3067.csv,
  finland/health_facilities_*.csv
      Only for the checks at the end (not written anywhere).

Output:
  crates/domain/data/finland_municipalities.txt  (text, about 0.4 MB)

Method.
  1. The GeoPackage is read with the standard library (sqlite3, struct): the
     one feature layer of gpkg_contents, its CRS from gpkg_geometry_columns /
     gpkg_spatial_ref_sys (must be EPSG:3067), and each geometry blob: the
     GeoPackage header (magic "GP", flags: byte order, envelope size, empty
     flag) followed by ISO WKB Polygon or MultiPolygon (2D).
  2. Codes. The data has the 2021 codes. Municipalities merged since then are
     mapped explicitly in MERGED below (their polygons are kept as further
     rings of the municipality they joined, the shared border becomes an inner
     edge that changes nothing). Any other code missing from the reference is
     an error.
  3. Topology. The neighbours' polygons share their border vertices exactly, so
     the rings are cut into arcs at junctions (a vertex with more than two
     distinct neighbouring vertices over all rings), as TopoJSON does; a ring
     without a junction is one closed arc. Each arc is stored once and
     referenced by every ring that uses it (forwards or reversed), so
     simplification moves a shared border the same way for both neighbours:
     no gaps or overlaps appear between municipalities. An arc used by one ring
     only is Finland's outer boundary (land border or territorial sea limit).
  4. Simplification. Each arc is simplified by Douglas-Peucker with TOLERANCE_M
     (endpoints kept; a closed arc is split at its first vertex and the vertex
     farthest from it, and keeps at least three distinct vertices), then
     rounded to whole metres (halves up) and repeated vertices are dropped.
     The Hausdorff distance between an arc and its simplified form is at most
     TOLERANCE_M plus the rounding (0.71 m).
  5. Checks (the script stops if one fails): every central locality of the
     2021 municipalities, every Paavo postal-area centroid and every health
     facility lies in the same municipality in the simplified data as in the
     original polygons (not counting points that lie within TOLERANCE_M of a
     municipal border, where either answer is right), and each is in Finland.
  6. Deterministic: municipalities in code order, rings and arcs in the order
     of first use, no timestamps.

Output format (after `#` comment lines):
  arc <x0> <y0> <dx1> <dy1> <dx2> <dy2> ...
      One line per arc, numbered from 0 in order: the first vertex in EPSG:3067
      integer metres (easting x, northing y), then the differences to each
      following vertex. A closed arc ends at its first vertex.
  municipality <code> <ring>[ <ring>...]
      A ring is its arcs joined by commas, each arc by number, ~n for arc n
      reversed; following the arcs in order closes the ring. The rings of a
      municipality are its outer rings and holes together: a point is in the
      municipality when it is inside an odd number of them (even-odd rule).

Run from anywhere:  python3 scripts/derive_finland_boundary.py [--shared ../shared/data]
Standard library only.
"""
import argparse
import csv
import glob
import math
import os
import sqlite3
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_FILE = os.path.join(ROOT, "crates", "domain", "data", "finland_municipalities.txt")
REFERENCE_FILE = os.path.join(ROOT, "crates", "domain", "data", "municipalities.tsv")

# Douglas-Peucker tolerance in metres. The source is already generalised (median
# vertex spacing about 230 m), so 10 m removes few vertices (2.5 %) but keeps every
# border within 11 m of where the source draws it, far less than a river border's
# width at Tornio or Aavasaksa. Storing each shared border once halves the size.
TOLERANCE_M = 10.0

# Municipalities of the 2021 division merged since then: old code -> the code of
# the municipality it joined (as in the municipality key 2026).
MERGED = {
    # Pertunmaa was joined to Mäntyharju on 1.1.2025 (Government decision 6.6.2024).
    "588": "507",
}

SOURCE = "finland/finland_municipalities_2021.gpkg"


# --- ETRS-TM35FIN (for the checks' WGS84 points) ------------------------------

def wgs84_to_tm35fin(lat_deg, lon_deg):
    """Project WGS84 (~ETRS89) degrees to ETRS-TM35FIN (x = easting, y = northing) metres.

    The Krüger series of JHS 154, as in crates/domain/src/geo.rs."""
    f = 1.0 / 298.257222101
    n = f / (2.0 - f)
    a1 = 6378137.0 / (1.0 + n) * (1.0 + n ** 2 / 4.0 + n ** 4 / 64.0)
    e = math.sqrt(f * (2.0 - f))
    h = (
        n / 2.0 - 2.0 * n ** 2 / 3.0 + 5.0 * n ** 3 / 16.0 + 41.0 * n ** 4 / 180.0,
        13.0 * n ** 2 / 48.0 - 3.0 * n ** 3 / 5.0 + 557.0 * n ** 4 / 1440.0,
        61.0 * n ** 3 / 240.0 - 103.0 * n ** 4 / 140.0,
        49561.0 * n ** 4 / 161280.0,
    )
    phi = math.radians(lat_deg)
    lam = math.radians(lon_deg - 27.0)
    q = math.asinh(math.tan(phi)) - e * math.atanh(e * math.sin(phi))
    beta = math.atan(math.sinh(q))
    eta0 = math.atanh(math.cos(beta) * math.sin(lam))
    xi0 = math.asin(math.sin(beta) * math.cosh(eta0))
    xi, eta = xi0, eta0
    for i, hi in enumerate(h, start=1):
        xi += hi * math.sin(2 * i * xi0) * math.cosh(2 * i * eta0)
        eta += hi * math.cos(2 * i * xi0) * math.sinh(2 * i * eta0)
    return 0.9996 * a1 * eta + 500000.0, 0.9996 * a1 * xi


# --- GeoPackage ---------------------------------------------------------------

def read_wkb(blob, off):
    """Parse one WKB Polygon or MultiPolygon at `off`: ([polygon], end) with polygon = [ring], ring = [(x, y)]."""
    order = "<" if blob[off] == 1 else ">"
    (kind,) = struct.unpack_from(order + "I", blob, off + 1)
    off += 5
    if kind == 3:
        (n_rings,) = struct.unpack_from(order + "I", blob, off)
        off += 4
        rings = []
        for _ in range(n_rings):
            (n_points,) = struct.unpack_from(order + "I", blob, off)
            off += 4
            rings.append([tuple(p) for p in struct.iter_unpack(order + "dd", blob[off:off + 16 * n_points])])
            off += 16 * n_points
        return [rings], off
    if kind == 6:
        (n_polygons,) = struct.unpack_from(order + "I", blob, off)
        off += 4
        polygons = []
        for _ in range(n_polygons):
            part, off = read_wkb(blob, off)
            polygons += part
        return polygons, off
    raise SystemExit("unsupported WKB geometry type %d (only 2D Polygon and MultiPolygon)" % kind)


def read_geometry(blob):
    """A GeoPackage geometry blob: header, optional envelope, WKB."""
    if blob[:2] != b"GP" or blob[2] != 0:
        raise SystemExit("not a GeoPackage version 1 geometry blob")
    flags = blob[3]
    if flags & 0x10:
        raise SystemExit("empty geometry")
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0x07]
    polygons, end = read_wkb(blob, 8 + envelope)
    assert end == len(blob), "trailing bytes in a geometry blob"
    return polygons


def read_municipalities(path):
    """{code (2021): (Finnish name, [polygon])} from the GeoPackage."""
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    layers = db.execute("SELECT table_name, srs_id FROM gpkg_contents WHERE data_type = 'features'").fetchall()
    assert len(layers) == 1, "expected one feature layer, found %s" % layers
    table = layers[0][0]
    (column, srs_id), = db.execute(
        "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)).fetchall()
    organization, coordsys = db.execute(
        "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?",
        (srs_id,)).fetchone()
    if (organization.upper(), coordsys) != ("EPSG", 3067):
        raise SystemExit("layer %s is in %s:%s, expected EPSG:3067" % (table, organization, coordsys))
    out = {}
    for code, name, blob in db.execute('SELECT NATCODE, NAMEFIN, "%s" FROM "%s" ORDER BY fid' % (column, table)):
        assert code not in out, ("duplicate municipality code", code)
        out[code] = (name, read_geometry(blob))
    db.close()
    return table, out


def reference_codes():
    with open(REFERENCE_FILE, encoding="utf-8") as f:
        rows = [line.split("\t") for line in f if line[:1].isdigit()]
    return {r[0] for r in rows}


# --- topology and simplification ---------------------------------------------

def clean_ring(ring):
    """Drop repeated consecutive vertices and the closing vertex."""
    out = []
    for p in ring:
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    assert len(out) >= 3, "degenerate ring"
    return out


def junctions(rings):
    """Vertices with more than two distinct neighbours over all rings."""
    neighbours = {}
    for ring in rings:
        n = len(ring)
        for i, p in enumerate(ring):
            s = neighbours.setdefault(p, set())
            s.add(ring[i - 1])
            s.add(ring[(i + 1) % n])
    return {p for p, s in neighbours.items() if len(s) > 2}


class Arcs:
    """Arcs stored once, looked up forwards or reversed."""

    def __init__(self):
        self.arcs = []
        self.index = {}

    def ref(self, points, whole_ring=False):
        """The reference of an arc (a tuple of vertices): n, or ~n when it is arc n reversed.

        A whole ring without junctions may start anywhere: it starts at its smallest vertex."""
        key = tuple(points)
        if key in self.index:
            return self.index[key]
        if whole_ring:
            body = list(key[:-1])
            start = body.index(min(body))
            key = tuple(body[start:] + body[:start] + [body[start]])
            if key in self.index:
                return self.index[key]
        rev = key[::-1]
        if rev in self.index:
            return ~self.index[rev]
        self.arcs.append(key)
        self.index[key] = len(self.arcs) - 1
        return len(self.arcs) - 1


def split_ring(ring, junction_set, arcs):
    """The ring as a list of arc references."""
    cut = [i for i, p in enumerate(ring) if p in junction_set]
    if not cut:
        return [arcs.ref(ring + [ring[0]], whole_ring=True)]
    refs = []
    start = cut[0]
    rotated = ring[start:] + ring[:start]
    cut = [i - start for i in cut]
    cut.append(len(rotated))
    rotated.append(rotated[0])
    for a, b in zip(cut, cut[1:]):
        refs.append(arcs.ref(rotated[a:b + 1]))
    return refs


def segment_distance(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points, tolerance):
    """Indices of the vertices kept (endpoints always), iteratively."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        best, best_d = None, tolerance
        for i in range(a + 1, b):
            d = segment_distance(points[i], points[a], points[b])
            if d > best_d:
                best, best_d = i, d
        if best is not None:
            keep.add(best)
            stack.append((a, best))
            stack.append((best, b))
    return sorted(keep)


def simplify(arc, tolerance):
    if arc[0] != arc[-1]:
        kept = [arc[i] for i in douglas_peucker(arc, tolerance)]
    else:
        # Closed: split at the vertex farthest from the first, keep both halves' shapes.
        far = max(range(len(arc)), key=lambda i: math.dist(arc[i], arc[0]))
        first = douglas_peucker(arc[:far + 1], tolerance)
        second = douglas_peucker(arc[far:], tolerance)
        kept_idx = first + [far + i for i in second[1:]]
        if len(kept_idx) < 4:
            # Keep a triangle: add the vertex farthest from the chord.
            extra = max((i for i in range(1, len(arc) - 1) if i != far),
                        key=lambda i: segment_distance(arc[i], arc[0], arc[far]))
            kept_idx = sorted(set(kept_idx) | {extra})
        kept = [arc[i] for i in kept_idx]
    out = []
    for x, y in kept:
        p = (int(math.floor(x + 0.5)), int(math.floor(y + 0.5)))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) < 2:
        out.append(out[0])
    return out


def resolve(ring_refs, arcs):
    """Vertices of a ring from its arc references (closing vertex included)."""
    pts = []
    for r in ring_refs:
        a = arcs[r] if r >= 0 else arcs[~r][::-1]
        if pts:
            assert pts[-1] == a[0], "arcs of a ring do not join"
            pts.extend(a[1:])
        else:
            pts.extend(a)
    assert pts[0] == pts[-1], "ring does not close"
    return pts


# --- point in polygon (for the checks) ----------------------------------------

class Lookup:
    def __init__(self, municipalities):
        """municipalities: {code: [ring]} with closed rings of (x, y)."""
        self.items = []
        for code, rings in sorted(municipalities.items()):
            xs = [p[0] for r in rings for p in r]
            ys = [p[1] for r in rings for p in r]
            self.items.append((code, (min(xs), min(ys), max(xs), max(ys)), rings))

    def at(self, x, y):
        found = []
        for code, (x0, y0, x1, y1), rings in self.items:
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                continue
            inside = False
            for r in rings:
                for (ax, ay), (bx, by) in zip(r, r[1:]):
                    if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                        inside = not inside
            if inside:
                found.append(code)
        return found

    def border_distance(self, x, y, codes):
        return min(segment_distance((x, y), a, b)
                   for code, _, rings in self.items if code in codes
                   for r in rings for a, b in zip(r, r[1:]))


def check_points(shared):
    """(label, x, y) of real places in Finland from the other shared files."""
    finland = os.path.join(shared, "finland")
    points = []
    with open(os.path.join(finland, "municipality_central_localities.csv"), encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            x, y = wgs84_to_tm35fin(float(row["Y"]), float(row["X"]))
            points.append(("central locality %s" % row["teksti"], x, y))
    with open(os.path.join(finland, "postcode_centroids_epsg3067.csv"), encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            points.append(("postal area %s" % row["Postal code area"],
                           float(row["X coordinate in metres"]), float(row["Y coordinate in metres"])))
    for path in sorted(glob.glob(os.path.join(finland, "health_facilities_*.csv"))):
        with open(path, encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                x, y = wgs84_to_tm35fin(float(row["LAT"]), float(row["LON"]))
                points.append(("health facility %s" % row["name"], x, y))
    return points


# --- main ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"),
                    help="the shared data directory (default: ../shared/data from the repo root)")
    args = ap.parse_args()

    table, source = read_municipalities(os.path.join(args.shared, SOURCE))
    known = reference_codes()
    for old, new in MERGED.items():
        assert old in source and old not in known and new in source and new in known, (old, new)
    unknown = sorted(c for c in source if c not in known and c not in MERGED)
    assert not unknown, "codes in the GeoPackage but not in the reference nor in MERGED: %s" % unknown
    missing = sorted(known - {MERGED.get(c, c) for c in source})
    assert not missing, "reference municipalities without a polygon: %s" % missing

    # Rings per (current) code, in code order and then the source's order.
    rings_of = {}
    for code in sorted(source, key=lambda c: (MERGED.get(c, c), c)):
        target = MERGED.get(code, code)
        for polygon in source[code][1]:
            for ring in polygon:
                rings_of.setdefault(target, []).append(clean_ring(ring))
    all_rings = [r for rings in rings_of.values() for r in rings]
    junction_set = junctions(all_rings)

    arcs = Arcs()
    refs_of = {code: [split_ring(r, junction_set, arcs) for r in rings] for code, rings in sorted(rings_of.items())}
    simplified = [simplify(a, TOLERANCE_M) for a in arcs.arcs]

    # Renumber the arcs in order of first use (they already are) and write.
    users = [0] * len(simplified)
    for rings in refs_of.values():
        for refs in rings:
            for r in refs:
                users[r if r >= 0 else ~r] += 1
    outer = sum(1 for u in users if u == 1)
    n_source = sum(len(r) for r in all_rings)
    n_out = sum(len(a) for a in simplified)

    os.makedirs(os.path.dirname(OUT_FILE), exist_ok=True)
    lines = [
        "# Finland's municipalities: boundaries simplified for point-in-Finland and point-in-municipality lookups.",
        "# Source: Statistics Finland / National Land Survey of Finland (NLS), municipal division 2021 "
        "(%s, layer %s), CC BY 4.0. https://creativecommons.org/licenses/by/4.0/" % (os.path.basename(SOURCE), table),
        "# Contains data from Statistics Finland and the National Land Survey of Finland (CC BY 4.0).",
        "# Generated by scripts/derive_finland_boundary.py; do not edit by hand.",
        "# Polygons cover land, lakes and each municipality's sea area to the territorial sea limit.",
        "# Codes of 2026: %s." % ", ".join("%s -> %s (merged)" % kv for kv in sorted(MERGED.items())),
        "# Coordinates: EPSG:3067 (ETRS-TM35FIN), integer metres, x = easting, y = northing.",
        "# Simplified by Douglas-Peucker per shared arc, tolerance %g m." % TOLERANCE_M,
        "# arc <x0> <y0> <dx> <dy>...: an arc's first vertex, then differences to the next ones; arcs numbered from 0.",
        "# municipality <code> <ring>...: a ring is arc numbers joined by commas (~n: arc n reversed);",
        "#   a point is in the municipality when it is inside an odd number of its rings.",
        "# %d municipalities, %d rings, %d arcs (%d on Finland's outer boundary), %d vertices (source: %d)."
        % (len(refs_of), sum(len(r) for r in refs_of.values()), len(simplified), outer, n_out, n_source),
    ]
    for a in simplified:
        nums = [a[0][0], a[0][1]]
        for (x0, y0), (x1, y1) in zip(a, a[1:]):
            nums += [x1 - x0, y1 - y0]
        lines.append("arc " + " ".join(str(v) for v in nums))
    for code, rings in refs_of.items():
        lines.append("municipality %s %s" % (
            code, " ".join(",".join(str(r) if r >= 0 else "~%d" % ~r for r in refs) for refs in rings)))
    with open(OUT_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

    # Checks: the simplified boundary answers as the source does.
    original_rings = {}
    for code, (_, polygons) in source.items():
        original_rings.setdefault(MERGED.get(code, code), []).extend(r for p in polygons for r in p)
    original = Lookup(original_rings)
    derived = Lookup({code: [resolve(refs, simplified) for refs in rings] for code, rings in refs_of.items()})
    points = check_points(args.shared)
    failures, near_border = [], 0
    for label, x, y in points:
        before, after = original.at(x, y), derived.at(x, y)
        if before != after or len(after) != 1:
            if set(before + after) and original.border_distance(x, y, set(before + after)) <= TOLERANCE_M + 1:
                near_border += 1
                continue
            failures.append((label, round(x), round(y), before, after))
    size = os.path.getsize(OUT_FILE)
    print("wrote %s: %d bytes" % (os.path.relpath(OUT_FILE, ROOT), size))
    print("  %d municipalities, %d arcs (%d outer), %d vertices from %d"
          % (len(refs_of), len(simplified), outer, n_out, n_source))
    print("  checked %d real places: %d within %g m of a border, %d failures"
          % (len(points), near_border, TOLERANCE_M, len(failures)))
    for f in failures:
        print("   ", f)
    if failures or size >= 1_000_000:
        sys.exit(1)


if __name__ == "__main__":
    main()
