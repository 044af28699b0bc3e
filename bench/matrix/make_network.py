#!/usr/bin/env python3
"""A generated road-like network as OpenStreetMap data, for timing travel-time matrices.

    make_network.py NODES OUT_DIR [--seed S] [--cells 100000] [--units 50] [--keep-osm]

Like Polku's `access::synthetic::road_like` (crates/access/src/synthetic.rs): a square
grid of about NODES nodes 100 m apart, each jittered by up to +-25 m in both directions,
placed in Finland (south-west corner at EPSG:3067 E 390 000, N 6 820 000, about 61.5 N
24.9 E). Every 10th row and column is an arterial (highway=primary, maxspeed=60, never
missing); the other links are residential streets, 12 % of them missing, each street
(a run of links between two arterials) with maxspeed 30 or 40. Everything is two-way.
Ways run along rows and columns and are cut at every arterial crossing, so every grid
node is a way node and Polku keeps all of them.

Writes to OUT_DIR:
  network.osm.pbf   the network (network.osm is written first and converted with osmium)
  cells.csv         `id,lat,lon`, --cells points, each exactly at a random node of the
                    largest connected part (so there are no walking legs)
  units.csv         `id,lat,lon`, --units points, the same way
  graph.npz         the directed car graph as CSR arrays (indptr, indices, time in tenths
                    of a second, computed with Polku's rule), node coordinates, and the
                    node of every cell and unit

Polku's car time of an edge (crates/access/src/mode.rs, graph.rs, access-io/src/osm.rs):
the node's WGS84 coordinate as osmpbf reads it (1e-9 * nanodegrees) is projected to
EPSG:3067 and rounded to the millimetre (`Location::from_wgs84`); the edge is the
straight line between consecutive way nodes; speed = maxspeed * 0.85 km/h ("drive a
little under the limit"); time = round(metres / (speed / 3.6) * 10), at least 1, in
tenths of a second. tm35fin.py reproduces the projection bit for bit.
"""

import argparse
import os
import subprocess
import sys
import time

import numpy as np

try:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
except ImportError:
    sys.exit("scipy is missing: python3 -m pip install numpy scipy pyproj")

import tm35fin

SPACING = 100.0
JITTER = 25.0
MISSING = 0.12
ARTERIAL_EVERY = 10
ARTERIAL = ("primary", 60)
RESIDENTIAL_SPEEDS = (30, 40)
ORIGIN_E, ORIGIN_N = 390_000.0, 6_820_000.0


def e7_text(v):
    """An integer in 1e-7 degrees as the decimal OSM XML and the CSV files carry."""
    return f"{v // 10_000_000}.{v % 10_000_000:07d}"


def build(nodes, seed):
    side = max(2, int(round(nodes ** 0.5)))
    rng = np.random.default_rng(seed)
    jx = rng.uniform(-JITTER, JITTER, (side, side))
    jy = rng.uniform(-JITTER, JITTER, (side, side))
    jj, ii = np.meshgrid(np.arange(side), np.arange(side))
    east = ORIGIN_E + jj * SPACING + jx
    north = ORIGIN_N + ii * SPACING + jy
    lat, lon = tm35fin.inverse(north.ravel(), east.ravel())
    lat_e7 = np.rint(lat * 1e7).astype(np.int64)
    lon_e7 = np.rint(lon * 1e7).astype(np.int64)

    # Links: h[i, j] joins (i, j)-(i, j+1); v[i, j] joins (i, j)-(i+1, j).
    h_present = rng.random((side, side - 1)) >= MISSING
    v_present = rng.random((side - 1, side)) >= MISSING
    h_present[::ARTERIAL_EVERY, :] = True
    v_present[:, ::ARTERIAL_EVERY] = True

    ways = []  # (node list, highway, maxspeed)

    def streets(line_nodes, present, arterial):
        """Ways along one row or column: cut at every arterial crossing and at gaps."""
        count = len(line_nodes)
        for start in range(0, count - 1, ARTERIAL_EVERY):
            end = min(start + ARTERIAL_EVERY, count - 1)  # links start..end-1
            if arterial:
                ways.append((line_nodes[start:end + 1], ARTERIAL[0], ARTERIAL[1]))
                continue
            k = start
            while k < end:
                if not present[k]:
                    k += 1
                    continue
                run = k
                while k < end and present[k]:
                    k += 1
                speed = RESIDENTIAL_SPEEDS[rng.integers(len(RESIDENTIAL_SPEEDS))]
                ways.append((line_nodes[run:k + 1], "residential", speed))

    ids = np.arange(side * side, dtype=np.int64).reshape(side, side)
    for i in range(side):
        streets(ids[i, :], h_present[i, :], i % ARTERIAL_EVERY == 0)
    for j in range(side):
        streets(ids[:, j], v_present[:, j], j % ARTERIAL_EVERY == 0)
    return side, lat_e7, lon_e7, ways


def write_osm(path, lat_e7, lon_e7, ways):
    used = np.zeros(len(lat_e7), dtype=bool)
    for nodes, _, _ in ways:
        used[nodes] = True
    with open(path, "w", buffering=1 << 22) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write('<osm version="0.6" generator="polku bench/matrix/make_network.py">\n')
        for k in np.flatnonzero(used):
            f.write(f'<node id="{k + 1}" version="1" lat="{e7_text(int(lat_e7[k]))}" '
                    f'lon="{e7_text(int(lon_e7[k]))}"/>\n')
        for w, (nodes, highway, speed) in enumerate(ways, start=1):
            refs = "".join(f'<nd ref="{int(n) + 1}"/>' for n in nodes)
            f.write(f'<way id="{w}" version="1">{refs}<tag k="highway" v="{highway}"/>'
                    f'<tag k="maxspeed" v="{speed}"/></way>\n')
        f.write("</osm>\n")
    return int(used.sum())


def car_graph(n_nodes, north, east, ways):
    """Directed car edges with Polku's times (tenths of a second), as CSR arrays."""
    a = np.concatenate([nodes[:-1] for nodes, _, _ in ways])
    b = np.concatenate([nodes[1:] for nodes, _, _ in ways])
    kmh = np.concatenate([np.full(len(nodes) - 1, float(s)) for nodes, _, s in ways])
    metres = np.sqrt((east[a] - east[b]) * (east[a] - east[b]) + (north[a] - north[b]) * (north[a] - north[b]))
    speed = (kmh * 0.85) / 3.6  # mode.rs: maxspeed * 0.85 km/h, as m/s
    t = np.maximum(tm35fin.rust_round((metres / speed) * 10.0), 1.0).astype(np.int64)
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    times = np.concatenate([t, t])
    # Polku keeps the shortest of parallel edges; a grid has none, but be safe.
    order = np.lexsort((times, cols, rows))
    rows, cols, times = rows[order], cols[order], times[order]
    keep = np.ones(len(rows), dtype=bool)
    keep[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, times = rows[keep], cols[keep], times[keep]
    indptr = np.zeros(n_nodes + 1, dtype=np.int64)
    np.add.at(indptr, rows + 1, 1)
    indptr = np.cumsum(indptr)
    return indptr, cols.astype(np.int32), times.astype(np.int32)


def write_points(path, prefix, nodes, lat_e7, lon_e7):
    width = len(str(len(nodes)))
    with open(path, "w") as f:
        f.write("id,lat,lon\n")
        for k, n in enumerate(nodes, start=1):
            f.write(f"{prefix}{k:0{width}d},{e7_text(int(lat_e7[n]))},{e7_text(int(lon_e7[n]))}\n")
    return [f"{prefix}{k:0{width}d}" for k in range(1, len(nodes) + 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("nodes", type=int, help="about this many nodes (a square grid)")
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cells", type=int, default=100_000)
    ap.add_argument("--units", type=int, default=50)
    ap.add_argument("--keep-osm", action="store_true", help="keep network.osm (XML) too")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    started = time.perf_counter()

    side, lat_e7, lon_e7, ways = build(args.nodes, args.seed)
    n_nodes = side * side
    # The coordinates exactly as Polku reads them from the PBF, projected as Polku does.
    north, east, fixed = tm35fin.forward_mm(tm35fin.nano_to_deg(lat_e7), tm35fin.nano_to_deg(lon_e7))
    indptr, indices, times = car_graph(n_nodes, north, east, ways)
    g = csr_matrix((times, indices, indptr), shape=(n_nodes, n_nodes))
    n_comp, label = connected_components(g, directed=True, connection="strong")
    biggest = np.bincount(label).argmax()
    lcc = np.flatnonzero(label == biggest)
    lcc_edges = int(np.isin(np.repeat(np.arange(n_nodes), np.diff(indptr)), lcc).sum())
    print(f"{side} x {side} grid: {n_nodes:,} nodes, {len(ways):,} ways, {len(times):,} directed car edges; "
          f"largest strongly connected part {len(lcc):,} nodes, {lcc_edges:,} edges "
          f"({fixed} coordinates recomputed near a mm boundary)", file=sys.stderr)

    osm = os.path.join(args.out_dir, "network.osm")
    pbf = os.path.join(args.out_dir, "network.osm.pbf")
    written = write_osm(osm, lat_e7, lon_e7, ways)
    try:
        subprocess.run(["osmium", "cat", "--overwrite", "-o", pbf, osm], check=True)
    except FileNotFoundError:
        sys.exit(f"osmium is missing (to convert {osm} to PBF): apt-get install -y osmium-tool")
    if not args.keep_osm:
        os.remove(osm)

    rng = np.random.default_rng(args.seed + 1_000_003)
    cell_nodes = rng.choice(lcc, size=args.cells, replace=args.cells > len(lcc))
    unit_nodes = rng.choice(lcc, size=args.units, replace=args.units > len(lcc))
    cell_ids = write_points(os.path.join(args.out_dir, "cells.csv"), "c", cell_nodes, lat_e7, lon_e7)
    unit_ids = write_points(os.path.join(args.out_dir, "units.csv"), "u", unit_nodes, lat_e7, lon_e7)

    np.savez(
        os.path.join(args.out_dir, "graph.npz"),
        indptr=indptr, indices=indices, time=times,
        north=north, east=east, lat_e7=lat_e7, lon_e7=lon_e7,
        cell_nodes=cell_nodes, unit_nodes=unit_nodes,
        cell_ids=np.array(cell_ids), unit_ids=np.array(unit_ids),
        lcc_nodes=np.int64(len(lcc)), lcc_edges=np.int64(lcc_edges), seed=np.int64(args.seed),
    )
    print(f"wrote {pbf} ({os.path.getsize(pbf) / 1e6:.1f} MB, {written:,} nodes), cells.csv ({args.cells:,}), "
          f"units.csv ({args.units}), graph.npz in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
