#!/usr/bin/env python3
"""Polku's planner and PySAL spopt (0.7) on the same instance files.

Writes the instance with `polku plan p-median --export-instance DIR ...` (or
takes DIR), then solves p-median, maximal coverage (MCLP), set coverage (LSCP)
and p-center with spopt (PuLP + CBC) and with `polku plan ... --instance DIR`
(HiGHS exact, and the heuristic), and prints one table of objective values
and times. Both read the same demand.csv, sites.csv and costs.csv.

    pip install spopt==0.7.0
    python3 bench/spopt/compare.py --polku target/release/polku --dir /tmp/plan-demo \
        --service svc-doctor-appointment --generate 200 -p 15 --minutes 15

Unreachable pairs (absent from costs.csv) get a large cost for spopt, which
needs a dense matrix; every cell of the demo instance reaches every site.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time

import numpy as np
import pulp
from spopt.locate import LSCP, MCLP, PCenter, PMedian


def read(d):
    cells, weights = [], []
    with open(os.path.join(d, "demand.csv")) as f:
        for r in csv.DictReader(f):
            cells.append(r["cell"])
            weights.append(float(r["weight"]))
    sites = []
    with open(os.path.join(d, "sites.csv")) as f:
        for r in csv.DictReader(f):
            sites.append(r["site"])
    ci = {c: i for i, c in enumerate(cells)}
    si = {s: j for j, s in enumerate(sites)}
    cost = np.full((len(cells), len(sites)), 1e6)
    with open(os.path.join(d, "costs.csv")) as f:
        for r in csv.DictReader(f):
            cost[ci[r["cell"]], si[r["site"]]] = float(r["minutes"])
    return cells, np.array(weights), sites, cost


def polku(exe, d, args):
    out = subprocess.run([exe, "plan", *args, "--instance", d], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--polku", default="target/release/polku")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--service")
    ap.add_argument("--generate", type=int, default=0)
    ap.add_argument("-p", type=int, default=15)
    ap.add_argument("--minutes", type=float, default=15.0)
    ap.add_argument("--cover-minutes", type=float, default=None, help="set cover threshold (default: --minutes)")
    ap.add_argument("--only", default="p-median,coverage,set-cover,p-center")
    a = ap.parse_args()
    if a.service:
        subprocess.run(
            [a.polku, "plan", "p-median", "-p", str(a.p), "--service", a.service, "--generate", str(a.generate),
             "--export-instance", a.dir], check=True, stdout=subprocess.DEVNULL)
    cells, w, sites, cost = read(a.dir)
    cover = a.cover_minutes or a.minutes
    print(f"instance {a.dir}: {len(cells)} cells, {len(sites)} sites, p = {a.p}, T = {a.minutes} min, "
          f"set cover T = {cover} min", file=sys.stderr)
    solver = pulp.PULP_CBC_CMD(msg=False)
    rows = []
    only = a.only.split(",")
    print("| problem | solver | objective | seconds |")
    print("|---|---|---:|---:|", flush=True)

    def row(name, who, value, secs):
        rows.append((name, who, value, secs))
        print(f"| {name} | {who} | {value:.1f} | {secs:.2f} |", flush=True)

    def objective(m):
        return float(m.problem.objective.value())

    def spopt_run(name, make, value):
        t = time.perf_counter()
        m = make().solve(solver)
        row(name, "spopt (PuLP+CBC)", value(m), time.perf_counter() - t)

    def ours(name, args):
        for s in ("exact", "heuristic"):
            r = polku(a.polku, a.dir, [*args, "--solver", s])
            row(name, f"polku {s}", r["value"], r["seconds"])

    if "p-median" in only:
        spopt_run("p-median", lambda: PMedian.from_cost_matrix(cost, w, a.p), objective)
        ours("p-median", ["p-median", "-p", str(a.p)])
    if "coverage" in only:
        spopt_run("coverage", lambda: MCLP.from_cost_matrix(cost, w, a.minutes, a.p), objective)
        ours("coverage", ["coverage", "-p", str(a.p), "--minutes", str(a.minutes)])
    if "set-cover" in only:
        spopt_run("set-cover", lambda: LSCP.from_cost_matrix(cost, cover), objective)
        ours("set-cover", ["set-cover", "--minutes", str(cover)])
    if "p-center" in only:
        spopt_run("p-center", lambda: PCenter.from_cost_matrix(cost, a.p), objective)
        ours("p-center", ["p-center", "-p", str(a.p)])


if __name__ == "__main__":
    main()
