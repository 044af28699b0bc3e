#!/usr/bin/env python3
"""Polku's eligibility engine beside numpy and OpenFisca, on the same rules and people.

    python3 -m venv .venv && .venv/bin/pip install numpy openfisca-core
    cargo build --release -p polku
    target/release/polku population generate --size 1000000 --out people-1m.csv
    .venv/bin/python bench/rules_vs_python.py target/release/polku people-1m.csv

What it does, in one run:

1. Reads today's rule files (`data/rules/today/*.rules`: 16 services x 7
   municipalities) with a small reader of the rule format's `when` blocks, and the
   population CSV into numpy columns (not timed: "the population in memory").
2. numpy, hand-vectorised the usual way: each condition a boolean array
   operation over the municipality's rows, `all`/`any`/`not` as `&`/`|`/`~`;
   two variants: over each municipality's slice of the (sorted) rows, and over
   whole columns with a municipality mask. Two-valued: every fact of the
   synthetic population is known, so Kleene logic reduces to booleans (this
   favours numpy: Polku computes the three values anyway).
3. OpenFisca (openfisca-core): one input variable per fact, one variable per
   service whose formula is the same vectorised expression chosen per
   municipality with `numpy.select`; a simulation over the same people, all 16
   services calculated.
4. Polku: `polku simulate --population FILE` (today's counts alone) as a
   subprocess, end to end (process start, reading the CSV, building columns,
   evaluating, counting, fee revenue, writing the table); its own timings
   from stderr.

Each engine's eligible counts per service are compared with Polku's: the script
fails if they differ. Timings are medians of --repeat runs.
"""

import argparse
import csv
import glob
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHOICES = {
    "sex": ["female", "male"],
    "diagnosis_group": [
        "none",
        "memory_disorder",
        "mental_health",
        "substance_use",
        "intellectual_disability",
        "physical_disability",
        "sensory_impairment",
        "long_term_illness",
    ],
    "mother_tongue": ["fi", "sv", "other"],
}
MUNICIPALITY_FACTS = {"municipality", "service_municipality"}
FLAG_WORDS = {"true": 1, "yes": 1, "1": 1, "false": 0, "no": 0, "0": 0}


# --- the rule files -------------------------------------------------------

def tokens(text):
    return re.findall(r'"[^"]*"|>=|<=|!=|[=<>,]|[^\s,=<>!]+', text)


def read_rules(paths):
    """[(service, municipality code, condition tree)] of today's rules."""
    rules = []
    for path in paths:
        lines = []
        for raw in open(path, encoding="utf-8"):
            text = raw.split("#")[0].rstrip() if '"' not in raw else raw.rstrip()
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            lines.append((len(text) - len(text.lstrip(" ")), text.strip()))
        i = 0
        while i < len(lines):
            indent, text = lines[i]
            if text.startswith("rule "):
                service = area = None
                i += 1
                when = None
                while i < len(lines) and lines[i][0] > indent:
                    pi, pt = lines[i]
                    if pt.startswith("service "):
                        service = pt.split()[1]
                    elif pt.startswith("area "):
                        area = pt.split()[1]
                    elif pt == "when":
                        block, i = children(lines, i)
                        when = ("all", block)
                        continue
                    i += 1
                rules.append((service, int(area) if area != "county" else None, when))
            else:
                i += 1
    return rules


def children(lines, i):
    """The conditions indented under line i; returns (conditions, next line)."""
    indent = lines[i][0]
    i += 1
    out = []
    while i < len(lines) and lines[i][0] > indent:
        ci, text = lines[i]
        if re.match(r'^(fi|sv|en) "', text):
            i += 1
            continue
        if text in ("all", "any", "not"):
            block, i = children(lines, i)
            out.append((text, block))
            continue
        out.append(leaf(tokens(text)))
        i += 1
    return out, i


def leaf(t):
    fact = t[0]
    if len(t) == 1:
        return ("flag", fact, True)
    op = t[1]
    values = [v for v in t[2:] if v != ","]
    if fact in CHOICES or fact in MUNICIPALITY_FACTS:
        codes = [int(v) if fact in MUNICIPALITY_FACTS else CHOICES[fact].index(v) for v in values]
        return ("in", fact, codes, op == "!=")
    if op == "=" and values[0] in FLAG_WORDS:
        return ("flag", fact, bool(FLAG_WORDS[values[0]]))
    return ("cmp", fact, op, float(values[0]))


# --- the population ---------------------------------------------------------

def read_population(path):
    """The CSV as numpy columns, cached beside it as `<path>.npz` (reading CSV in Python is slow)."""
    cache = path + ".npz"
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(path):
        with np.load(cache) as z:
            return {k: z[k] for k in z.files}
    cols = read_csv_columns(path)
    np.savez(cache, **cols)
    return cols


def read_csv_columns(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        raw = list(zip(*reader))
    cols = {}
    for name, values in zip(header, raw):
        if name in CHOICES:
            index = {v: i for i, v in enumerate(CHOICES[name])}
            cols[name] = np.array([index.get(v, -1) for v in values], dtype=np.int16)
        elif name in MUNICIPALITY_FACTS:
            cols[name] = np.array([int(v) if v else -1 for v in values], dtype=np.int16)
        elif all(v in FLAG_WORDS or v == "" for v in values[:1000]) and any(v in ("true", "false") for v in values[:1000]):
            cols[name] = np.array([FLAG_WORDS.get(v, -1) == 1 for v in values], dtype=bool)
        else:
            cols[name] = np.array([float(v) if v else np.nan for v in values], dtype=np.float32)
    return cols


# --- numpy ---------------------------------------------------------------

def np_eval(node, c):
    kind = node[0]
    if kind == "all":
        out = None
        for child in node[1]:
            v = np_eval(child, c)
            out = v if out is None else out & v
        return out
    if kind == "any":
        out = None
        for child in node[1]:
            v = np_eval(child, c)
            out = v if out is None else out | v
        return out
    if kind == "not":
        return ~np_eval(("all", node[1]), c)
    if kind == "flag":
        return c[node[1]] if node[2] else ~c[node[1]]
    if kind == "in":
        _, fact, codes, negated = node
        col = c[fact]
        hit = col == codes[0] if len(codes) == 1 else np.isin(col, codes)
        return ~hit if negated else hit
    _, fact, op, v = node
    x = c[fact]
    if op == ">=":
        return x >= v
    if op == ">":
        return x > v
    if op == "<=":
        return x <= v
    if op == "<":
        return x < v
    if op == "=":
        return x == v
    return (x != v) & ~np.isnan(x)


def numpy_slices(rules, cols, ranges):
    """Each municipality's rule over its contiguous rows."""
    counts = {}
    for service, area, when in rules:
        lo, hi = ranges[area]
        view = {k: v[lo:hi] for k, v in cols.items()}
        counts[service] = counts.get(service, 0) + int(np.count_nonzero(np_eval(when, view)))
    return counts


def numpy_masks(rules, cols):
    """Each rule over whole columns, then masked to its municipality."""
    counts = {}
    mun = cols["municipality"]
    for service, area, when in rules:
        counts[service] = counts.get(service, 0) + int(np.count_nonzero(np_eval(when, cols) & (mun == area)))
    return counts


# --- OpenFisca --------------------------------------------------------------

def openfisca_run(rules, cols):
    from openfisca_core import periods
    from openfisca_core.entities import build_entity
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    Person = build_entity(key="person", plural="persons", label="A person", is_person=True)
    tbs = TaxBenefitSystem([Person])
    facts = sorted(cols)
    for fact in facts:
        dtype = cols[fact].dtype
        value_type = bool if dtype == bool else (int if dtype == np.int16 else float)
        tbs.add_variable(type(fact, (Variable,), {
            "value_type": value_type, "entity": Person, "definition_period": periods.DateUnit.YEAR,
            "label": fact,
        }))
    by_service = {}
    for service, area, when in rules:
        by_service.setdefault(service, []).append((area, when))

    def formula_for(entries):
        used = set()

        def collect(node):
            if node[0] in ("all", "any", "not"):
                for child in node[1]:
                    collect(child)
            else:
                used.add(node[1])

        for _, when in entries:
            collect(when)
        used.add("municipality")

        def formula(person, period):
            c = {f: person(f, period) for f in used}
            conditions = [c["municipality"] == area for area, _ in entries]
            choices = [np_eval(when, c) for _, when in entries]
            return np.select(conditions, choices, default=False)

        return formula

    names = []
    for service, entries in by_service.items():
        name = "eligible_" + service.replace("-", "_")
        names.append((service, name))
        tbs.add_variable(type(name, (Variable,), {
            "value_type": bool, "entity": Person, "definition_period": periods.DateUnit.YEAR,
            "label": service, "formula": formula_for(entries),
        }))
    n = len(cols["municipality"])
    sim = SimulationBuilder().build_default_simulation(tbs, n)
    for fact in facts:
        values = cols[fact]
        if values.dtype == np.int16:
            values = values.astype(np.int32)
        sim.set_input(fact, "2026", values)
    started = time.perf_counter()
    counts = {service: int(np.count_nonzero(sim.calculate(name, "2026"))) for service, name in names}
    return counts, time.perf_counter() - started


# --- Polku ----------------------------------------------------------------

def polku_run(binary, population, on):
    started = time.perf_counter()
    out = subprocess.run(
        [binary, "simulate", "--population", population, "--on", on],
        capture_output=True, text=True, check=True,
    )
    wall = time.perf_counter() - started
    counts = {}
    for line in out.stdout.splitlines()[1:]:
        f = line.split(",")
        counts[f[0]] = counts.get(f[0], 0) + int(f[3])
    m = re.search(r"read (\d+) ms, columns (\d+) ms, simulated in (\d+) ms \(evaluated in ([\d.]+) ms\)", out.stderr)
    phases = tuple(float(x) / 1000 for x in m.groups()) if m else (None, None, None, None)
    return counts, wall, phases


def median(f, repeat):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("polku", help="the polku binary (release build), or the rules-io example "
                    "`target/release/examples/simulate` (the same library calls, no CLI)")
    ap.add_argument("population", help="a CSV from `polku population generate`")
    ap.add_argument("--on", default="2026-11-23", help="the day of today's criteria")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-openfisca", action="store_true")
    ap.add_argument("--polku-population", action="append", default=[],
                    help="the same people in another file for Polku (e.g. .parquet); repeat for several; "
                    "numpy and OpenFisca read the CSV")
    args = ap.parse_args()

    rules = read_rules(sorted(glob.glob(os.path.join(REPO, "data/rules/today/*.rules"))))
    print(f"{len(rules)} rules, {len({r[0] for r in rules})} services, {len({r[1] for r in rules})} municipalities")
    started = time.perf_counter()
    cols = read_population(args.population)
    n = len(cols["municipality"])
    print(f"{n} persons read into numpy columns in {time.perf_counter() - started:.1f} s (not timed below)")
    mun = cols["municipality"]
    ranges = {}
    for code in np.unique(mun):
        idx = np.flatnonzero(mun == code)
        assert idx[-1] - idx[0] + 1 == len(idx), "the population is sorted by municipality"
        ranges[int(code)] = (int(idx[0]), int(idx[-1]) + 1)

    # Polku and numpy in turns, so that a busy machine slows them alike; medians.
    engines = [
        ("numpy, per-municipality slices", lambda: numpy_slices(rules, cols, ranges)),
        ("numpy, whole columns with masks", lambda: numpy_masks(rules, cols)),
    ]
    runs = {name: [] for name, _ in engines}
    polku_runs = []
    polku_counts = None
    others = {f: [] for f in args.polku_population}
    for _ in range(args.repeat):
        polku_counts, w, phases = polku_run(args.polku, args.population, args.on)
        polku_runs.append((w, phases))
        for f in others:
            counts, w2, phases2 = polku_run(args.polku, f, args.on)
            assert counts == polku_counts, f"polku reading {f} disagrees with the CSV"
            others[f].append((w2, phases2))
        for name, f in engines:
            started = time.perf_counter()
            counts = f()
            runs[name].append(time.perf_counter() - started)
            assert counts == polku_counts, f"{name} disagrees with polku:\n{counts}\n{polku_counts}"
    polku_runs.sort(key=lambda x: x[0])
    w, (read, build, simulated, evaluate) = polku_runs[len(polku_runs) // 2]
    evaluations = sorted(p[1][3] for p in polku_runs)
    results = {
        "polku end to end (process, CSV, columns, evaluation, table)": w,
        "polku evaluation (its own timing)": evaluations[len(evaluations) // 2],
    }
    print(
        f"polku: end to end {w * 1000:.0f} ms (read {read * 1000:.0f}, columns {build * 1000:.0f}, "
        f"simulated {simulated * 1000:.0f} of which evaluation {evaluate * 1000:.1f})"
    )
    for f, rs in others.items():
        rs.sort(key=lambda x: x[0])
        w2, (read2, build2, simulated2, evaluate2) = rs[len(rs) // 2]
        results[f"polku end to end from {os.path.basename(f)}"] = w2
        print(
            f"polku from {f}: end to end {w2 * 1000:.0f} ms (read {read2 * 1000:.0f}, columns {build2 * 1000:.0f}, "
            f"simulated {simulated2 * 1000:.0f} of which evaluation {evaluate2 * 1000:.1f})"
        )
    for name, _ in engines:
        results[name] = statistics.median(runs[name])
        print(f"{name}: {results[name] * 1000:.0f} ms (same counts as polku)")

    if not args.no_openfisca:
        times = []
        for _ in range(max(1, args.repeat // 2)):
            counts, t = openfisca_run(rules, cols)
            assert counts == polku_counts, f"openfisca disagrees with polku:\n{counts}\n{polku_counts}"
            times.append(t)
        results["openfisca (calculate, 16 services)"] = statistics.median(times)
        print(f"openfisca: {results['openfisca (calculate, 16 services)'] * 1000:.0f} ms (same counts as polku)")

    ev = results["polku evaluation (its own timing)"]
    e2e = results["polku end to end (process, CSV, columns, evaluation, table)"]
    print("\n| engine | time | polku evaluation is … faster | polku end to end is … faster |")
    print("|---|---|---|---|")
    for name, t in results.items():
        print(f"| {name} | {t * 1000:.0f} ms | {t / ev:.1f}x | {t / e2e:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
