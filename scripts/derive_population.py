#!/usr/bin/env python3
"""Derive the demo county's population by municipality, single year of age and sex.

Output: data/population/demo-county-age-sex.tsv, one row per municipality x
age 0..100 (100 = 100 and over) for the seven municipalities of the demo county
Itä-Uusimaa (018 Askola, 407 Lapinjärvi, 434 Loviisa, 504 Myrskylä,
616 Pukkila, 638 Porvoo, 753 Sipoo), columns: municipality (three-digit code),
age, male, female.

Inputs (not in the repository; default ../shared/data relative to the repo root,
override with --shared):
  finland/population_by_age_sex_municipality_2019.csv
      Statistics Finland, table 11re "Väestö iän (1-v.) ja sukupuolen mukaan
      alueittain, 1972-2019", population 31.12.2019; Latin-1, ';'-separated,
      quoted; columns Alue, Ikä, Yhteensä, Miehet, Naiset; Ikä is "0".."99",
      "100 -" or "Yhteensä". CC BY 4.0.
  finland/municipality_population_2000_2022.csv
      Statistics Finland via Sotkanet, population 31.12.2022 by municipality
      code. CC BY 4.0.
  crates/domain/data/municipalities.tsv (in the repository)
      maps the Finnish municipality names used in 11re to codes.

Method. No age x sex table for 31.12.2022 is at hand, so the 2019 structure is
carried forward to the 2022 totals, municipality by municipality:

  1. Read the 2019 counts c[age, sex] (202 cells: ages 0..100, male/female)
     and check that they add up to the 2019 "Yhteensä" row.
  2. Take the municipality's 2022 total T (which must equal the figure in
     ../shared/docs/DOMAIN.md) and compute the exact quota
     q = c * T / C2019 for every cell (rational arithmetic, no floats).
  3. Round with the largest-remainder (Hamilton) method: every cell gets
     floor(q); the T - sum(floor(q)) units still missing go one each to the
     cells with the largest fractional parts (ties broken by the larger
     2019 count, then by age, then male before female, so the output is
     deterministic). Each municipality's rows then sum exactly to its 2022
     total, and the county to 98,972. Cells that were 0 in 2019 stay 0.

Limitation: the result has the 2019 age and sex structure, not the real 2022
one; ageing, births, deaths and migration during 2020-2022 show only in the
totals. Good enough for demo and planning examples, not for official figures.

Run from anywhere:  python3 scripts/derive_population.py [--shared ../shared/data]
Standard library only.
"""
import argparse
import csv
import io
import os
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "data", "population")
OUT_FILE = os.path.join(OUT_DIR, "demo-county-age-sex.tsv")
MUNICIPALITIES_TSV = os.path.join(ROOT, "crates", "domain", "data", "municipalities.tsv")

# The demo county, residents 31.12.2022 as given in ../shared/docs/DOMAIN.md
# (Statistics Finland via Sotkanet). The script checks these against the data.
DEMO_COUNTY = {
    "018": 4763,   # Askola
    "407": 2518,   # Lapinjärvi
    "434": 14568,  # Loviisa
    "504": 1764,   # Myrskylä
    "616": 1807,   # Pukkila
    "638": 51232,  # Porvoo
    "753": 22320,  # Sipoo
}
DEMO_COUNTY_TOTAL = 98972
MAX_AGE = 100  # the open-ended class "100 -"
SEXES = ("male", "female")


def municipality_codes():
    """Finnish name -> three-digit code, from crates/domain/data/municipalities.tsv."""
    by_name = {}
    with open(MUNICIPALITIES_TSV, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("code\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            by_name[cols[1]] = cols[0]
    return by_name


def read_2019(shared, wanted):
    """Return {code: {"total": (all, male, female), (age, sex): count}} for wanted codes."""
    by_name = municipality_codes()
    path = os.path.join(shared, "finland", "population_by_age_sex_municipality_2019.csv")
    with open(path, encoding="latin-1", newline="") as f:
        text = f.read()
    out = {}
    header_seen = False
    for row in csv.reader(io.StringIO(text), delimiter=";", quotechar='"'):
        if not header_seen:
            # Skip the title line and blank line before the column header.
            if len(row) >= 2 and row[0] == "Alue" and row[1] == "Ikä":
                header_seen = True
            continue
        if len(row) < 5:
            continue
        name, age_s, all_s, male_s, female_s = (c.strip() for c in row[:5])
        code = by_name.get(name)
        if code not in wanted:
            continue
        counts = (int(all_s), int(male_s), int(female_s))
        assert counts[0] == counts[1] + counts[2], (name, age_s, counts)
        m = out.setdefault(code, {})
        if age_s == "Yhteensä":
            m["total"] = counts
            continue
        age = MAX_AGE if age_s.replace(" ", "") == "100-" else int(age_s)
        assert 0 <= age <= MAX_AGE, (name, age_s)
        assert (age, "male") not in m, ("duplicate row", name, age_s)
        m[(age, "male")] = counts[1]
        m[(age, "female")] = counts[2]
    assert header_seen, "column header not found in %s" % path
    for code in wanted:
        m = out.get(code)
        assert m is not None, "municipality %s missing from the 2019 table" % code
        assert "total" in m, "no Yhteensä row for %s" % code
        cells = [(a, s) for a in range(MAX_AGE + 1) for s in SEXES]
        assert all(c in m for c in cells), "ages missing for %s" % code
        assert sum(m[c] for c in cells) == m["total"][0], ("2019 ages do not sum to total", code)
    return out


def read_2022_totals(shared, wanted):
    path = os.path.join(shared, "finland", "municipality_population_2000_2022.csv")
    totals = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["year"].strip() != "2022":
                continue
            code = "%03d" % int(row["municipality_code"])
            if code in wanted:
                totals[code] = int(float(row["primary.value"]))
    return totals


def largest_remainder(counts, total):
    """Scale {key: count} to sum exactly to total; counts with sort order keys.

    Returns {key: int}. Exact rational quotas, floor, then the missing units to
    the largest fractional parts (ties: larger original count, then key order).
    """
    base = sum(counts.values())
    assert base > 0
    quotas = {k: Fraction(v * total, base) for k, v in counts.items()}
    result = {k: q.numerator // q.denominator for k, q in quotas.items()}
    missing = total - sum(result.values())
    order = sorted(counts, key=lambda k: (-(quotas[k] - result[k]), -counts[k], k))
    assert 0 <= missing <= sum(1 for k in order if quotas[k] != result[k])
    for k in order[:missing]:
        result[k] += 1
    assert sum(result.values()) == total
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"),
                    help="the shared data directory (default: ../shared/data from the repo root)")
    args = ap.parse_args()

    wanted = set(DEMO_COUNTY)
    totals = read_2022_totals(args.shared, wanted)
    for code, expected in sorted(DEMO_COUNTY.items()):
        assert totals.get(code) == expected, \
            "2022 total for %s is %s in the data, %s in DOMAIN.md" % (code, totals.get(code), expected)
    assert sum(totals.values()) == DEMO_COUNTY_TOTAL
    # The reference table in the repository carries the same 2022 figures.
    with open(MUNICIPALITIES_TSV, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] in wanted:
                assert int(cols[9]) == totals[cols[0]], ("municipalities.tsv differs", cols[0])

    pop2019 = read_2019(args.shared, wanted)

    rows = []
    for code in sorted(wanted):
        cells = {(a, s): pop2019[code][(a, s)] for a in range(MAX_AGE + 1) for s in SEXES}
        # Sort key for ties: age, then male before female.
        keyed = {(a, SEXES.index(s)): v for (a, s), v in cells.items()}
        scaled = largest_remainder(keyed, totals[code])
        muni_sum = 0
        for a in range(MAX_AGE + 1):
            male, female = scaled[(a, 0)], scaled[(a, 1)]
            muni_sum += male + female
            rows.append((code, a, male, female))
        assert muni_sum == totals[code] == DEMO_COUNTY[code], ("municipality total", code, muni_sum)
    county = sum(r[2] + r[3] for r in rows)
    assert county == DEMO_COUNTY_TOTAL, ("county total", county)
    assert len(rows) == len(wanted) * (MAX_AGE + 1)

    os.makedirs(OUT_DIR, exist_ok=True)
    with open(OUT_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Population of the demo county Itä-Uusimaa by municipality, age (100 = 100 and over) and sex, scaled to 31.12.2022.\n")
        f.write("# Source: Statistics Finland, table 11re (population by age and sex 31.12.2019) and population 31.12.2022 by municipality (via Sotkanet).\n")
        f.write("# Licence: Contains data from Statistics Finland (CC BY 4.0).\n")
        f.write("# Method: each municipality's 2019 age x sex structure scaled to its 31.12.2022 total; largest-remainder rounding, so rows sum exactly to the 2022 totals (county %d). Estimate, not an official 2022 table.\n" % DEMO_COUNTY_TOTAL)
        f.write("# Generated by scripts/derive_population.py; do not edit by hand.\n")
        f.write("municipality\tage\tmale\tfemale\n")
        for code, a, male, female in rows:
            f.write("%s\t%d\t%d\t%d\n" % (code, a, male, female))

    print("wrote", os.path.relpath(OUT_FILE, ROOT), "(%d rows)" % len(rows))
    for code in sorted(wanted):
        r = [x for x in rows if x[0] == code]
        print("  %s  2019 %6d -> 2022 %6d" % (code, pop2019[code]["total"][0], sum(x[2] + x[3] for x in r)))
    print("  county total", county)
    for limit in (65, 75):
        n = sum(x[2] + x[3] for x in rows if x[1] >= limit)
        print("  aged %d+: %d (%.2f %%)" % (limit, n, 100.0 * n / county))


if __name__ == "__main__":
    main()
