#!/usr/bin/env python3
"""Derive the demo county's postal areas and central localities (EPSG:3067).

Outputs (in data/access/), for the seven municipalities of the demo county
Itä-Uusimaa (018 Askola, 407 Lapinjärvi, 434 Loviisa, 504 Myrskylä,
616 Pukkila, 638 Porvoo, 753 Sipoo):

  demo-postal-areas.tsv   postcode, municipality (three-digit code), name,
                          e, n (EPSG:3067 centroid, metres, rounded to 1 m),
                          population (31.12.2022; 0 allowed)
  demo-localities.tsv     municipality, name, e, n: the central locality
                          (kuntakeskus) point of each municipality, EPSG:3067

They feed the *synthetic* 250 m population grid of the demo county (the
real 250 m grid is not open for it here): each postal area's residents are
spread around its centroid.

Inputs (not in the repository; default ../shared/data relative to the repo
root, override with --shared):
  finland/postcode_centroids_epsg3067.csv
      Statistics Finland, Paavo postal code areas: one row per postal code
      area, columns "Postal code area", "X coordinate in metres",
      "Y coordinate in metres" (EPSG:3067, ETRS-TM35FIN). The label is
      "PPPPP  Name (Municipality)": the five-digit code, two spaces, the
      Finnish name of the area and, in parentheses, the Finnish name of the
      municipality Paavo assigns the whole area to. CC BY 4.0.
  finland/postcode_population_2022.csv
      Statistics Finland, Paavo: residents 31.12.2022 by postal code area,
      columns posti_alue, X2022; a "KOKO" row holds the whole country.
      CC BY 4.0.
  finland/municipality_central_localities.csv
      National Land Survey of Finland (NLS) Topographic Database via the R
      package geofi: the name label point of each municipality's central
      locality; kuntatunnus = municipality code (integer, no leading zeros),
      teksti = name in capitals, X = longitude, Y = latitude (WGS84 degrees).
      CC BY 4.0.

Method.
  1. Postal areas. Neither postcode file has a municipality-code column. The
     centroid file names the municipality in parentheses at the end of each
     label; that name is matched exactly against the Finnish names of the
     seven municipalities below (so each postal area belongs to exactly one
     municipality, as Paavo assigns it, even where the area crosses a
     municipal border). The name is the label text between the code and the
     parenthesis. The population is joined on the five-digit code; an area of
     the county with a centroid but no population row is kept with
     population 0 and reported. The coordinates are already EPSG:3067 and are
     only rounded to whole metres (half up).
  2. Localities. The row with kuntatunnus = the municipality's code is taken
     (exactly one is required). If X/Y are degrees they are projected to
     ETRS-TM35FIN with the forward transverse Mercator formulas below (the
     difference between WGS84 and ETRS89 is well under 1 m here and is
     ignored); if they are already metres they are used as they are. The name
     is the label text in title case ("PORVOO" -> "Porvoo").
  3. Checks: every municipality has at least one postal area and one
     locality; Porvoo's locality must lie within 3 km of e 427,900,
     n 6,694,400; every postal centroid must lie within 40 km of its own
     municipality's locality. The sums of the postal-area populations are
     compared with the municipal totals of 31.12.2022 and the differences are
     printed (they are not forced to agree).

ETRS-TM35FIN forward projection (transverse Mercator, Krüger series to n^4,
as in the JHS 154 recommendation): GRS80 ellipsoid a = 6,378,137 m,
f = 1/298.257222101; central meridian 27° E, scale factor 0.9996, false
easting 500,000 m, false northing 0.

  n = f / (2 - f),  A1 = a / (1 + n) * (1 + n^2/4 + n^4/64),  e^2 = f (2 - f)
  h1 = n/2 - 2n^2/3 + 5n^3/16 + 41n^4/180
  h2 = 13n^2/48 - 3n^3/5 + 557n^4/1440
  h3 = 61n^3/240 - 103n^4/140
  h4 = 49561n^4/161280
  Q = asinh(tan phi) - e atanh(e sin phi),  beta = atan(sinh Q)
  eta' = atanh(cos beta sin(lambda - lambda0)),  xi' = asin(sin beta cosh eta')
  xi  = xi'  + sum_i h_i sin(2i xi') cosh(2i eta')
  eta = eta' + sum_i h_i cos(2i xi') sinh(2i eta')
  N = k0 A1 xi,  E = k0 A1 eta + 500,000

Run from anywhere:  python3 scripts/derive_postal_areas.py [--shared ../shared/data]
Standard library only.
"""
import argparse
import csv
import math
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "data", "access")
AREAS_FILE = os.path.join(OUT_DIR, "demo-postal-areas.tsv")
LOCALITIES_FILE = os.path.join(OUT_DIR, "demo-localities.tsv")

# The demo county: code -> (Finnish name, residents 31.12.2022 as in
# ../shared/docs/DOMAIN.md and data/population/). The totals are only compared
# with the postal-area sums, not enforced.
DEMO_COUNTY = {
    "018": ("Askola", 4763),
    "407": ("Lapinjärvi", 2518),
    "434": ("Loviisa", 14568),
    "504": ("Myrskylä", 1764),
    "616": ("Pukkila", 1807),
    "638": ("Porvoo", 51232),
    "753": ("Sipoo", 22320),
}
DEMO_COUNTY_TOTAL = 98972

# Where Porvoo's central locality must land (EPSG:3067), and how close.
PORVOO_CHECK = (427900.0, 6694400.0, 3000.0)
# A postal centroid farther than this from its municipality's locality is an error.
MAX_CENTROID_DISTANCE = 40000.0

LABEL = re.compile(r"^(\d{5})\s+(.*?)\s*\(([^()]+)\)\s*$")


# --- ETRS-TM35FIN ------------------------------------------------------------

GRS80_A = 6378137.0
GRS80_F = 1.0 / 298.257222101
TM35_LON0 = math.radians(27.0)
TM35_K0 = 0.9996
TM35_E0 = 500000.0


def wgs84_to_tm35fin(lat_deg, lon_deg):
    """Project geographic (ETRS89 ~ WGS84) degrees to ETRS-TM35FIN (E, N) metres."""
    f = GRS80_F
    n = f / (2.0 - f)
    a1 = GRS80_A / (1.0 + n) * (1.0 + n ** 2 / 4.0 + n ** 4 / 64.0)
    e = math.sqrt(f * (2.0 - f))
    h = (
        n / 2.0 - 2.0 * n ** 2 / 3.0 + 5.0 * n ** 3 / 16.0 + 41.0 * n ** 4 / 180.0,
        13.0 * n ** 2 / 48.0 - 3.0 * n ** 3 / 5.0 + 557.0 * n ** 4 / 1440.0,
        61.0 * n ** 3 / 240.0 - 103.0 * n ** 4 / 140.0,
        49561.0 * n ** 4 / 161280.0,
    )
    phi = math.radians(lat_deg)
    lam = math.radians(lon_deg)
    q = math.asinh(math.tan(phi)) - e * math.atanh(e * math.sin(phi))
    beta = math.atan(math.sinh(q))
    eta0 = math.atanh(math.cos(beta) * math.sin(lam - TM35_LON0))
    xi0 = math.asin(math.sin(beta) * math.cosh(eta0))
    xi, eta = xi0, eta0
    for i, hi in enumerate(h, start=1):
        xi += hi * math.sin(2 * i * xi0) * math.cosh(2 * i * eta0)
        eta += hi * math.cos(2 * i * xi0) * math.sinh(2 * i * eta0)
    return TM35_K0 * a1 * eta + TM35_E0, TM35_K0 * a1 * xi


def round_m(x):
    """Round to whole metres, halves up."""
    return int(math.floor(x + 0.5))


# --- inputs ------------------------------------------------------------------

def read_centroids(shared):
    """Return {postcode: (name, municipality name, x, y)} for all of Finland."""
    path = os.path.join(shared, "finland", "postcode_centroids_epsg3067.csv")
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        cols = ("Postal code area", "X coordinate in metres", "Y coordinate in metres")
        assert all(c in reader.fieldnames for c in cols), (path, reader.fieldnames)
        for row in reader:
            label = row[cols[0]].strip()
            m = LABEL.match(label)
            assert m, "unexpected postal area label %r in %s" % (label, path)
            code, name, muni = m.group(1), m.group(2).strip(), m.group(3).strip()
            assert code not in out, ("duplicate postcode", code)
            out[code] = (name, muni, float(row[cols[1]]), float(row[cols[2]]))
    return out


def read_population(shared):
    """Return {postcode: residents 31.12.2022}; the KOKO (whole country) row separately."""
    path = os.path.join(shared, "finland", "postcode_population_2022.csv")
    out, country = {}, None
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert "posti_alue" in reader.fieldnames and "X2022" in reader.fieldnames, reader.fieldnames
        for row in reader:
            code, value = row["posti_alue"].strip(), row["X2022"].strip()
            if code == "KOKO":
                country = int(value)
                continue
            assert re.fullmatch(r"\d{5}", code), ("unexpected postcode", code)
            assert code not in out, ("duplicate postcode", code)
            n = int(value)
            assert n >= 0, (code, n)
            out[code] = n
    return out, country


def read_localities(shared, wanted):
    """Return {code: (name, e, n, was_wgs84)} for the wanted municipality codes."""
    path = os.path.join(shared, "finland", "municipality_central_localities.csv")
    found = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for c in ("kuntatunnus", "teksti", "X", "Y"):
            assert c in reader.fieldnames, (path, c, reader.fieldnames)
        for row in reader:
            code = "%03d" % int(float(row["kuntatunnus"]))
            if code not in wanted:
                continue
            assert code not in found, "more than one central locality for %s" % code
            x, y = float(row["X"]), float(row["Y"])
            if 19.0 <= x <= 32.0 and 59.0 <= y <= 71.0:
                e, n = wgs84_to_tm35fin(y, x)  # X = longitude, Y = latitude
                wgs84 = True
            elif 50000.0 <= x <= 800000.0 and 6600000.0 <= y <= 7800000.0:
                e, n = x, y  # already ETRS-TM35FIN metres
                wgs84 = False
            else:
                raise SystemExit("cannot tell the coordinate system of %s: X=%s Y=%s" % (code, x, y))
            found[code] = (row["teksti"].strip().title(), e, n, wgs84)
    missing = sorted(set(wanted) - set(found))
    assert not missing, "no central locality for %s" % missing
    return found


# --- main --------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"),
                    help="the shared data directory (default: ../shared/data from the repo root)")
    args = ap.parse_args()

    by_name = {name: code for code, (name, _) in DEMO_COUNTY.items()}
    centroids = read_centroids(args.shared)
    population, country = read_population(args.shared)

    rows, no_population = [], []
    for postcode, (name, muni, x, y) in centroids.items():
        code = by_name.get(muni)
        if code is None:
            continue
        if postcode in population:
            pop = population[postcode]
        else:
            pop = 0
            no_population.append(postcode)
        rows.append((code, postcode, name, round_m(x), round_m(y), pop))
    rows.sort()

    localities = read_localities(args.shared, set(DEMO_COUNTY))

    # Checks.
    for code in DEMO_COUNTY:
        assert any(r[0] == code for r in rows), "no postal area for %s" % code
    pe, pn, tol = PORVOO_CHECK
    _, e, n, _ = localities["638"]
    d = math.hypot(e - pe, n - pn)
    assert d <= tol, "Porvoo's locality at %.0f, %.0f is %.0f m from the expected point" % (e, n, d)
    far = []
    for code, postcode, _, x, y, _ in rows:
        _, le, ln, _ = localities[code]
        dist = math.hypot(x - le, y - ln)
        if dist > MAX_CENTROID_DISTANCE:
            far.append((postcode, code, dist))
    assert not far, "postal centroids far from their municipality's locality: %s" % far
    # Population rows without a centroid cannot be placed in a municipality.
    orphans = sorted(set(population) - set(centroids))

    os.makedirs(OUT_DIR, exist_ok=True)
    licence = ("# Licence: Contains data from Statistics Finland (CC BY 4.0) and the National Land Survey "
               "of Finland (CC BY 4.0). https://creativecommons.org/licenses/by/4.0/\n")
    generated = "# Generated by scripts/derive_postal_areas.py; do not edit by hand.\n"
    with open(AREAS_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Postal code areas of the demo county Itä-Uusimaa (municipalities 018 407 434 504 616 638 753): "
                "centroid in EPSG:3067 (ETRS-TM35FIN, metres, rounded to 1 m) and residents 31.12.2022.\n")
        f.write("# Source: Statistics Finland, Paavo postal code area data (postal area centroids and "
                "population 31.12.2022). Municipality = the one Paavo assigns the whole area to "
                "(named in the area label); name = Finnish name of the postal area.\n")
        f.write(licence)
        f.write("# Use: input to the synthetic 250 m population grid of the demo county (not a real grid).\n")
        f.write(generated)
        f.write("postcode\tmunicipality\tname\te\tn\tpopulation\n")
        for code, postcode, name, x, y, pop in rows:
            f.write("%s\t%s\t%s\t%d\t%d\t%d\n" % (postcode, code, name, x, y, pop))
    with open(LOCALITIES_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Central locality (kuntakeskus) point of each municipality of the demo county Itä-Uusimaa, "
                "EPSG:3067 (ETRS-TM35FIN, metres, rounded to 1 m).\n")
        f.write("# Source: National Land Survey of Finland, Topographic Database (municipal centre name "
                "points), via the R package geofi; WGS84 degrees projected to ETRS-TM35FIN by the script. "
                "Name in title case.\n")
        f.write(licence)
        f.write("# Use: reference points for the synthetic 250 m population grid and access examples of the demo county.\n")
        f.write(generated)
        f.write("municipality\tname\te\tn\n")
        for code in sorted(localities):
            name, e, n, _ = localities[code]
            f.write("%s\t%s\t%d\t%d\n" % (code, name, round_m(e), round_m(n)))

    # Report.
    print("wrote", os.path.relpath(AREAS_FILE, ROOT), "(%d postal areas)" % len(rows))
    print("  code  municipality  areas  postal sum  total 2022  difference")
    for code, (name, total) in sorted(DEMO_COUNTY.items()):
        r = [x for x in rows if x[0] == code]
        s = sum(x[5] for x in r)
        print("  %s   %-12s %5d  %10d  %10d  %+10d" % (code, name, len(r), s, total, s - total))
    s = sum(x[5] for x in rows)
    print("  county              %5d  %10d  %10d  %+10d" % (len(rows), s, DEMO_COUNTY_TOTAL, s - DEMO_COUNTY_TOTAL))
    zero = [x[1] for x in rows if x[5] == 0]
    print("  areas with population 0: %s" % (", ".join(zero) or "none"))
    print("  county areas with a centroid but no population row (kept with 0): %s"
          % (", ".join(sorted(no_population)) or "none"))
    print("  whole country: postal areas sum to %d, KOKO row %s; population rows without a centroid "
          "(municipality unknown, not used): %s" % (sum(population.values()), country, ", ".join(orphans) or "none"))
    print("wrote", os.path.relpath(LOCALITIES_FILE, ROOT))
    for code in sorted(localities):
        name, e, n, wgs84 = localities[code]
        print("  %s  %-12s e %7d  n %8d%s" % (code, name, round_m(e), round_m(n),
                                               "  (from WGS84)" if wgs84 else ""))
    print("  Porvoo check: %.0f m from (%d, %d)" % (d, pe, pn))


if __name__ == "__main__":
    main()
