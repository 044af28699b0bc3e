#!/usr/bin/env python3
"""Times scipy's plain Dijkstra on the generated network's car graph.

    scipy_matrix.py OUT_DIR

Loads OUT_DIR/graph.npz (make_network.py), reverses the graph and runs
`scipy.sparse.csgraph.dijkstra(reversed, indices=units)`: one search per unit gives
the time from every node TO that unit. Prints the wall time of the searches (and of
the whole script) and writes OUT_DIR/scipy_times.npy: cells x units, int32 tenths of
a second, -1 where unreachable. One thread (scipy's Dijkstra is single-threaded).
"""

import os
import sys
import time

import numpy as np

try:
    import scipy
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra
except ImportError:
    sys.exit("scipy is missing: python3 -m pip install numpy scipy pyproj")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    started = time.perf_counter()
    z = np.load(os.path.join(out_dir, "graph.npz"))
    n = len(z["indptr"]) - 1
    g = csr_matrix((z["time"].astype(np.float64), z["indices"], z["indptr"]), shape=(n, n))
    reversed_graph = g.transpose().tocsr()
    units, cells = z["unit_nodes"], z["cell_nodes"]
    loaded = time.perf_counter()

    t0 = time.perf_counter()
    dist = dijkstra(reversed_graph, directed=True, indices=units)  # (units, nodes)
    search = time.perf_counter() - t0

    times = dist[:, cells].T  # (cells, units)
    out = np.where(np.isfinite(times), times, -1).astype(np.int32)
    np.save(os.path.join(out_dir, "scipy_times.npy"), out)
    unreachable = int((out < 0).sum())
    print(f"scipy {scipy.__version__} dijkstra: {len(units)} searches on {n:,} nodes, "
          f"{g.nnz:,} edges in {search:.2f} s wall "
          f"(load and reverse {loaded - started:.2f} s, total {time.perf_counter() - started:.2f} s); "
          f"{len(cells):,} x {len(units)} times, {unreachable} unreachable")
    print(f"SCIPY_DIJKSTRA_SECONDS={search:.3f}")


if __name__ == "__main__":
    main()
