#!/usr/bin/env python3
"""Derive the small reference tables Polku ships from the raw public files.

Inputs (not in the repository; default ../shared, override with POLKU_SHARED):
  data/finland/municipality_key_2026.csv           Statistics Finland, CC BY 4.0
  data/finland/municipality_population_2000_2022.csv Statistics Finland via Sotkanet, CC BY 4.0
  reference/ptv/finto_{ServiceClasses,TargetGroups,LifeEvents}.json  Finto / PTV, CC BY 4.0
Outputs:
  crates/domain/data/municipalities.tsv  code, fi, sv, en, language status, county code, county fi/sv/en, population 31.12.2022
  crates/domain/data/codes.tsv           kind, code, parent, fi, sv, en

Run from the repository root: python3 scripts/derive_reference.py
"""
import csv, json, os, re

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shared = os.environ.get("POLKU_SHARED", os.path.join(root, "..", "shared"))
out_dir = os.path.join(root, "crates", "domain", "data")


def clean(s):
    return " ".join((s or "").split())


def municipalities():
    pop = {}
    with open(os.path.join(shared, "data/finland/municipality_population_2000_2022.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["year"] == "2022":
                pop[int(row["municipality_code"])] = int(float(row["primary.value"]))
    rows = []
    with open(os.path.join(shared, "data/finland/municipality_key_2026.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = int(row["kunta"])
            rows.append([
                "%03d" % code, clean(row["municipality_name_fi"]), clean(row["municipality_name_sv"]),
                clean(row["municipality_name_en"]), row["kielisuhde_code"],
                str(int(float(row["hyvinvointialue_code"]))) if row["hyvinvointialue_code"] else "",
                clean(row["hyvinvointialue_name_fi"]), clean(row["hyvinvointialue_name_sv"]),
                clean(row["hyvinvointialue_name_en"]), str(pop.get(code, "")),
            ])
    rows.sort()
    with open(os.path.join(out_dir, "municipalities.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# Derived by scripts/derive_reference.py. Source: Statistics Finland (municipality key 2026; population 31.12.2022 via Sotkanet), CC BY 4.0.\n")
        f.write("code\tname_fi\tname_sv\tname_en\tlanguage_status\tcounty_code\tcounty_fi\tcounty_sv\tcounty_en\tpopulation_2022\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    return len(rows)


def codes():
    out = []
    for kind, name in (("service_class", "ServiceClasses"), ("target_group", "TargetGroups"), ("life_event", "LifeEvents")):
        with open(os.path.join(shared, "reference/ptv/finto_%s.json" % name), encoding="utf-8") as f:
            items = json.load(f)
        by_uri = {it["Id"]: it["Notation"] for it in items}
        for it in items:
            parent = ""
            for uri in it.get("BroaderUris") or []:
                parent = by_uri.get(uri, "")
            lab = it["Label"]
            out.append([kind, it["Notation"], parent, clean(lab.get("Fi")), clean(lab.get("Sv")), clean(lab.get("En"))])

    def key(r):
        return (r[0], [int(p) if p.isdigit() else -1 for p in re.split(r"[.]", r[1].lstrip("PKRE"))])

    out.sort(key=key)
    with open(os.path.join(out_dir, "codes.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# Derived by scripts/derive_reference.py. Source: Finto / Suomi.fi PTV code lists (ptvserclass2, ptvkohderyhmat, ptvelamantilanteet), CC BY 4.0.\n")
        f.write("kind\tcode\tparent\tfi\tsv\ten\n")
        for r in out:
            f.write("\t".join(r) + "\n")
    return len(out)


if __name__ == "__main__":
    os.makedirs(out_dir, exist_ok=True)
    print("municipalities:", municipalities())
    print("codes:", codes())
