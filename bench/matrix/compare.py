#!/usr/bin/env python3
"""Checks Polku's matrix against scipy's on the generated network.

    compare.py OUT_DIR polku_times.csv

Reads Polku's `from_id,to_id,minutes` (minutes with one decimal, empty where
unreachable) and OUT_DIR/scipy_times.npy (tenths of a second, from scipy_matrix.py).
Reports the largest absolute difference in minutes, how many pairs differ by more than
0.1 min, and how many are not what rounding scipy's exact time to one decimal gives
(|Polku - scipy| > 0.05 min). Exits 1 if any pair differs by more than 0.1 min, if a
pair is missing or if reachability disagrees.
"""

import os
import sys

import numpy as np


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out_dir, polku_csv = sys.argv[1], sys.argv[2]
    z = np.load(os.path.join(out_dir, "graph.npz"))
    cell_index = {c: i for i, c in enumerate(z["cell_ids"].tolist())}
    unit_index = {u: j for j, u in enumerate(z["unit_ids"].tolist())}
    tenths = np.load(os.path.join(out_dir, "scipy_times.npy"))
    scipy_min = np.where(tenths >= 0, tenths / 600.0, np.nan)

    polku = np.full(tenths.shape, np.nan)
    seen = np.zeros(tenths.shape, dtype=bool)
    with open(polku_csv) as f:
        header = f.readline().strip()
        if header != "from_id,to_id,minutes":
            sys.exit(f"{polku_csv}: expected the header from_id,to_id,minutes, found {header!r}")
        for line in f:
            a, b, m = line.rstrip("\n").split(",")
            i, j = cell_index[a], unit_index[b]
            seen[i, j] = True
            if m:
                polku[i, j] = float(m)

    pairs = tenths.size
    missing = int((~seen).sum())
    reach_disagree = int((np.isnan(polku) != np.isnan(scipy_min)).sum())
    both = ~np.isnan(polku) & ~np.isnan(scipy_min)
    diff = np.abs(polku[both] - scipy_min[both])
    max_diff = float(diff.max()) if diff.size else 0.0
    over_01 = int((diff > 0.1 + 1e-9).sum())
    not_rounding = int((diff > 0.05 + 1e-9).sum())
    print(f"{os.path.basename(polku_csv)}: {pairs:,} pairs, {int(both.sum()):,} compared; "
          f"max |Polku - scipy| = {max_diff:.4f} min; {over_01} pairs differ by > 0.1 min; "
          f"{not_rounding} differ by more than rounding to 0.1 min (> 0.05); "
          f"{missing} missing from the CSV; {reach_disagree} disagree on reachability")
    print(f"COMPARE max_diff_min={max_diff:.4f} over_0.1={over_01} beyond_rounding={not_rounding} "
          f"missing={missing} reach_disagree={reach_disagree}")
    sys.exit(1 if over_01 or missing or reach_disagree else 0)


if __name__ == "__main__":
    main()
