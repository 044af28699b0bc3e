#!/usr/bin/env python3
"""Check the Polku demo catalog (data/demo/*.json) against docs/catalog-format.md.

Standard library only.  Usage:  python3 data/demo/check.py
Finto code lists are read from $POLKU_SHARED/reference/ptv (POLKU_SHARED defaults to
/work/shared).  Prints a summary; exits 1 if any problem is found.
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("POLKU_SHARED", "/work/shared")
PTV = os.path.join(SHARED, "reference", "ptv")

MUNICIPALITIES = {"018", "407", "434", "504", "616", "638", "753"}
BILINGUAL = {"407", "434", "638", "753"}  # as named in the brief (Myrskylä is optional)
LAT_RANGE = (60.1, 60.8)
LON_RANGE = (24.9, 26.6)
MIN_COUNTS = {"organizations": 15, "units": 35, "channels": 15, "services": 80}

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,99}$")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")
BID_RE = re.compile(r"^[0-9]{7}-[0-9]$")
DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

ORG_KINDS = {"wellbeing_services_county", "county_business_unit", "municipality", "ngo",
             "private_company", "parish", "state"}
CHANNEL_KINDS = {"in_person", "phone", "video", "chat", "e_service", "web_page"}
TIERS = {"local_area", "sub_region", "county"}
PROVISIONS = {"self_produced", "procured", "voucher", "other"}
CHARGES = {"free", "chargeable", "other"}
PROV_KINDS = {"fact", "illustrative"}
CAPACITY_RE = re.compile(r"^[a-z][a-z0-9_]*$")

F_TOP = {"format", "version", "attribution", "organizations", "units", "channels", "services"}
F_ORG = {"id", "name", "business_id", "kind", "municipality", "parent", "web",
         "valid_from", "valid_to", "provenance"}
F_UNIT = {"id", "organization", "name", "description", "address", "location", "entrances", "phone", "email", "web",
          "opening_hours", "accessibility", "accessibility_survey", "capacity", "valid_from", "valid_to",
          "provenance"}
# Accessibility survey variables and their kinds (crates/domain/src/accessibility.rs).
SURVEY_VARIABLES = {v: "number" for v in (
    "parking_distance_m", "entrance_steps", "entrance_step_height_cm", "ramp_slope_pct",
    "door_width_cm", "threshold_cm", "lift_door_width_cm")}
SURVEY_VARIABLES.update({v: "bool" for v in (
    "accessible_parking", "route_step_free", "route_even_surface", "route_lit", "route_guidance",
    "entrance_ramp", "entrance_handrails", "door_automatic", "entrance_contrast",
    "step_free_interior", "lift", "lift_voice", "accessible_toilet", "hearing_loop",
    "contrast_signage")})
F_ADDR = {"street", "postal_code", "post_office", "municipality"}
F_CAP = {"kind", "places", "label"}
F_CH = {"id", "kind", "organization", "name", "description", "unit", "phone", "url",
        "languages", "hours", "strong_identification", "valid_from", "valid_to", "provenance"}
F_SVC = {"id", "name", "summary", "description", "keywords", "service_classes",
         "target_groups", "life_events", "tier", "organiser", "producers", "charge",
         "voucher_in_use", "eligibility", "languages", "area", "units", "channels",
         "valid_from", "valid_to", "provenance"}
F_PROD = {"organization", "provision"}
F_PROV = {"kind", "note", "attribution"}
F_HOURS = {"always_open", "weekly", "exceptions"}
F_WEEKLY = {"days", "opens", "closes", "valid_from", "valid_to"}
F_EXC = {"from", "to", "closed", "hours", "note"}
F_SPAN = {"opens", "closes"}
TEXT_LANGS = {"fi", "sv", "en", "se", "smn", "sms"}

problems = []


def bad(where, msg):
    problems.append(f"{where}: {msg}")


def fields(where, obj, allowed, required=()):
    if not isinstance(obj, dict):
        bad(where, "not an object")
        return False
    for k in obj:
        if k not in allowed:
            bad(where, f"unknown field '{k}'")
    for k in required:
        if k not in obj:
            bad(where, f"missing field '{k}'")
    return True


def date(where, value, nullable=False):
    if value is None and nullable:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        bad(where, f"invalid date {value!r}")
        return None


def validity(where, obj):
    vf = date(where + ".valid_from", obj.get("valid_from"))
    vt = date(where + ".valid_to", obj.get("valid_to"), nullable=True)
    if vf and vt and vt < vf:
        bad(where, "valid_to precedes valid_from")


def text(where, value, required_langs=(), max_len=10000, required=True):
    if value is None:
        if required:
            bad(where, "missing text")
        return
    if not isinstance(value, dict) or not value:
        bad(where, "text must be a non-empty object of language -> string")
        return
    for lang, s in value.items():
        if lang not in TEXT_LANGS:
            bad(where, f"unexpected language key '{lang}'")
        if not isinstance(s, str) or not s.strip():
            bad(where, f"empty {lang} text")
        elif len(s) > max_len:
            bad(where, f"{lang} text longer than {max_len}")
    for lang in required_langs:
        if lang not in value:
            bad(where, f"missing {lang} text")


def provenance(where, p):
    if not fields(where, p, F_PROV, ("kind",)):
        return
    if p.get("kind") not in PROV_KINDS:
        bad(where, f"invalid provenance kind {p.get('kind')!r}")
    if p.get("kind") == "fact" and not p.get("attribution"):
        bad(where, "fact without attribution")
    if p.get("kind") == "illustrative" and not p.get("note"):
        bad(where, "illustrative without a note")


def business_id_ok(bid):
    if not BID_RE.match(bid):
        return False
    weights = (7, 9, 10, 5, 8, 4, 2)
    r = sum(int(d) * w for d, w in zip(bid[:7], weights)) % 11
    if r == 1:
        return False
    check = 0 if r == 0 else 11 - r
    return check == int(bid[8])


def hours(where, h):
    if not fields(where, h, F_HOURS):
        return
    if not isinstance(h.get("always_open", False), bool):
        bad(where, "always_open must be boolean")
    if not h.get("always_open") and not h.get("weekly") and not h.get("exceptions"):
        bad(where, "hours with neither always_open, weekly nor exceptions")
    for i, w in enumerate(h.get("weekly", []) or []):
        wh = f"{where}.weekly[{i}]"
        if not fields(wh, w, F_WEEKLY, ("days", "opens", "closes")):
            continue
        days = w.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            bad(wh, f"invalid days {days!r}")
        elif len(set(days)) != len(days):
            bad(wh, "duplicate days")
        for k in ("opens", "closes"):
            if not isinstance(w.get(k), str) or not TIME_RE.match(w[k]):
                bad(wh, f"invalid {k} {w.get(k)!r}")
        if w.get("opens") == "24:00":
            bad(wh, "opens cannot be 24:00")
        if ("valid_from" in w) != ("valid_to" in w):
            bad(wh, "seasonal entry needs both valid_from and valid_to")
        if "valid_from" in w:
            a = date(wh + ".valid_from", w["valid_from"])
            b = date(wh + ".valid_to", w["valid_to"])
            if a and b and b < a:
                bad(wh, "valid_to precedes valid_from")
    for i, e in enumerate(h.get("exceptions", []) or []):
        eh = f"{where}.exceptions[{i}]"
        if not fields(eh, e, F_EXC, ("from", "closed")):
            continue
        a = date(eh + ".from", e.get("from"))
        b = date(eh + ".to", e["to"]) if "to" in e else None
        if a and b and b < a:
            bad(eh, "to precedes from")
        if not isinstance(e.get("closed"), bool):
            bad(eh, "closed must be boolean")
        if e.get("closed") is False and not e.get("hours"):
            bad(eh, "open exception without hours")
        if e.get("closed") is True and e.get("hours"):
            bad(eh, "closed exception with hours")
        for j, s in enumerate(e.get("hours", []) or []):
            sh = f"{eh}.hours[{j}]"
            if fields(sh, s, F_SPAN, ("opens", "closes")):
                for k in ("opens", "closes"):
                    if not isinstance(s.get(k), str) or not TIME_RE.match(s[k]):
                        bad(sh, f"invalid {k} {s.get(k)!r}")
        if "note" in e:
            text(eh + ".note", e["note"])


def load_codes(name):
    path = os.path.join(PTV, f"finto_{name}.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        bad("code lists", f"cannot read {path}: {e}")
        return set()
    codes = set()

    def walk(x):
        if isinstance(x, dict):
            if isinstance(x.get("Notation"), str):
                codes.add(x["Notation"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    return codes


def load(name, key):
    path = os.path.join(HERE, name)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    where = name
    fields(where, doc, F_TOP, ("format", "version", "attribution"))
    if doc.get("format") != "polku-catalog":
        bad(where, "format must be 'polku-catalog'")
    if doc.get("version") != 1:
        bad(where, "version must be 1")
    if not isinstance(doc.get("attribution"), str) or not doc["attribution"].strip():
        bad(where, "missing attribution")
    others = [k for k in ("organizations", "units", "channels", "services")
              if k != key and k in doc]
    if others:
        bad(where, f"holds other lists too: {others}")
    items = doc.get(key)
    if not isinstance(items, list):
        bad(where, f"'{key}' must be a list")
        return []
    return items


def index(kind, items):
    seen = {}
    for i, obj in enumerate(items):
        oid = obj.get("id") if isinstance(obj, dict) else None
        if not isinstance(oid, str) or not ID_RE.match(oid):
            bad(f"{kind}[{i}]", f"invalid id {oid!r}")
            continue
        if oid in seen:
            bad(f"{kind}[{i}]", f"duplicate id {oid}")
        seen[oid] = obj
    return seen


def location_ok(where, loc):
    if not isinstance(loc, dict):
        bad(where, "missing location")
        return
    if set(loc) == {"lat", "lon"}:
        lat, lon = loc["lat"], loc["lon"]
        if not all(isinstance(v, (int, float)) for v in (lat, lon)):
            bad(where, "lat/lon must be numbers")
        elif not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            bad(where, f"location {lat},{lon} outside Itä-Uusimaa box")
    elif set(loc) == {"n", "e"}:
        pass  # allowed by the format; the demo uses WGS84 only
    else:
        bad(where, f"location must have lat/lon or n/e, got {sorted(loc)}")


def main():
    orgs = load("organizations.json", "organizations")
    units = load("units.json", "units")
    channels = load("channels.json", "channels")
    services = load("services.json", "services")

    O = index("organizations", orgs)
    U = index("units", units)
    C = index("channels", channels)
    S = index("services", services)

    classes = load_codes("ServiceClasses")
    targets = load_codes("TargetGroups")
    events = load_codes("LifeEvents")

    prov_counts = {"fact": 0, "illustrative": 0}

    def count_prov(p):
        if isinstance(p, dict) and p.get("kind") in prov_counts:
            prov_counts[p["kind"]] += 1

    # organizations
    for oid, o in O.items():
        w = f"organization {oid}"
        fields(w, o, F_ORG, ("id", "name", "kind", "valid_from", "provenance"))
        text(w + ".name", o.get("name"), ("fi", "sv", "en"), 200)
        if o.get("kind") not in ORG_KINDS:
            bad(w, f"invalid kind {o.get('kind')!r}")
        bid = o.get("business_id")
        if bid is not None and not (isinstance(bid, str) and business_id_ok(bid)):
            bad(w, f"invalid business_id {bid!r}")
        if "municipality" in o and o["municipality"] not in MUNICIPALITIES:
            bad(w, f"municipality {o['municipality']!r} not in the demo county")
        if o.get("parent") is not None and o["parent"] not in O:
            bad(w, f"parent {o['parent']!r} not found")
        if "web" in o and not str(o["web"]).startswith("https://"):
            bad(w, "web must be an https URL")
        validity(w, o)
        provenance(w + ".provenance", o.get("provenance"))
        count_prov(o.get("provenance"))
    kinds_present = {o.get("kind") for o in O.values()}
    for k in ORG_KINDS:
        if k not in kinds_present:
            bad("organizations", f"no organization of kind {k}")
    if "org-itu" not in O or O["org-itu"].get("kind") != "wellbeing_services_county":
        bad("organizations", "org-itu missing or not the wellbeing services county")
    for code in MUNICIPALITIES:
        mo = O.get(f"org-mun-{code}")
        if not mo or mo.get("kind") != "municipality" or mo.get("municipality") != code:
            bad("organizations", f"org-mun-{code} missing or wrong")

    # units
    cap_total = 0
    for uid, u in U.items():
        w = f"unit {uid}"
        fields(w, u, F_UNIT, ("id", "organization", "name", "address", "location",
                              "valid_from", "provenance"))
        if u.get("organization") not in O:
            bad(w, f"organization {u.get('organization')!r} not found")
        # A resident must be able to reach every unit.
        if not re.fullmatch(r"[0-9 +()-]*[0-9][0-9 +()-]*[0-9][0-9 +()-]*[0-9][0-9 +()-]*", str(u.get("phone", ""))):
            bad(w, "phone missing or not a phone number")
        if not re.fullmatch(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+", str(u.get("email", ""))):
            bad(w, "email missing or not an e-mail address")
        if "web" in u and not str(u["web"]).startswith("https://"):
            bad(w, "web must be an https URL")
        text(w + ".name", u.get("name"), ("fi", "sv", "en"), 200)
        text(w + ".description", u.get("description"), (), required=False)
        a = u.get("address")
        if fields(w + ".address", a, F_ADDR, ("street", "postal_code", "municipality")):
            if a.get("municipality") not in MUNICIPALITIES:
                bad(w, f"address municipality {a.get('municipality')!r} not in the demo county")
            if "postal_code" in a and not re.match(r"^[0-9]{5}$", str(a["postal_code"])):
                bad(w, f"invalid postal code {a['postal_code']!r}")
            if a.get("street") != {}:  # {} = street not known (the importer requires the field)
                text(w + ".address.street", a.get("street"))
            if "post_office" in a:
                text(w + ".address.post_office", a["post_office"])
        location_ok(w + ".location", u.get("location"))
        if "opening_hours" in u:
            hours(w + ".opening_hours", u["opening_hours"])
        if "accessibility" in u:
            text(w + ".accessibility", u["accessibility"], ("fi", "sv", "en"))
        if "accessibility_survey" in u:
            sv = u["accessibility_survey"]
            if set(sv) - {"surveyed_on", "facts"}:
                bad(w + ".accessibility_survey", f"unknown fields {sorted(set(sv) - {'surveyed_on', 'facts'})}")
            for var, value in sv.get("facts", {}).items():
                if var not in SURVEY_VARIABLES:
                    bad(f"{w}.accessibility_survey.facts.{var}", "unknown variable")
                elif SURVEY_VARIABLES[var] == "bool" and not isinstance(value, bool):
                    bad(f"{w}.accessibility_survey.facts.{var}", "must be true or false")
                elif SURVEY_VARIABLES[var] == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
                    bad(f"{w}.accessibility_survey.facts.{var}", "must be a number")
        for i, c in enumerate(u.get("capacity", []) or []):
            cw = f"{w}.capacity[{i}]"
            if fields(cw, c, F_CAP, ("kind", "places")):
                if not isinstance(c.get("kind"), str) or not CAPACITY_RE.match(c["kind"]):
                    bad(cw, f"invalid capacity kind {c.get('kind')!r}")
                if not isinstance(c.get("places"), int) or c["places"] < 0:
                    bad(cw, "places must be a non-negative integer")
                else:
                    cap_total += c["places"]
                if "label" in c:
                    text(cw + ".label", c["label"])
        validity(w, u)
        provenance(w + ".provenance", u.get("provenance"))
        count_prov(u.get("provenance"))

    # channels
    for cid, c in C.items():
        w = f"channel {cid}"
        fields(w, c, F_CH, ("id", "kind", "organization", "name", "languages",
                            "valid_from", "provenance"))
        kind = c.get("kind")
        if kind not in CHANNEL_KINDS:
            bad(w, f"invalid kind {kind!r}")
        if c.get("organization") not in O:
            bad(w, f"organization {c.get('organization')!r} not found")
        text(w + ".name", c.get("name"), ("fi", "sv", "en"), 200)
        text(w + ".description", c.get("description"), (), required=False)
        if c.get("unit") is not None and c["unit"] not in U:
            bad(w, f"unit {c['unit']!r} not found")
        if kind == "in_person" and not c.get("unit"):
            bad(w, "in_person channel needs a unit")
        if kind == "phone" and not c.get("phone"):
            bad(w, "phone channel needs a phone")
        if kind in {"video", "chat", "e_service", "web_page"}:
            if not c.get("url"):
                bad(w, f"{kind} channel needs a url")
            elif not str(c["url"]).startswith("https://"):
                bad(w, "url must be https")
        langs = c.get("languages")
        if not isinstance(langs, list) or not langs or any(not LANG_RE.match(str(x)) for x in langs):
            bad(w, f"invalid languages {langs!r}")
        if not isinstance(c.get("strong_identification", False), bool):
            bad(w, "strong_identification must be boolean")
        if "hours" in c:
            hours(w + ".hours", c["hours"])
        validity(w, c)
        provenance(w + ".provenance", c.get("provenance"))
        count_prov(c.get("provenance"))

    # services
    used_units, used_channels = set(), set()
    voucher_services = 0
    for sid, s in S.items():
        w = f"service {sid}"
        fields(w, s, F_SVC, F_SVC - {"valid_to"})
        text(w + ".name", s.get("name"), ("fi", "sv", "en"), 200)
        text(w + ".summary", s.get("summary"), ("fi", "sv", "en"))
        text(w + ".description", s.get("description"), ("fi", "sv", "en"))
        text(w + ".eligibility", s.get("eligibility"), ("fi", "sv", "en"))
        kw = s.get("keywords") or {}
        if not isinstance(kw, dict):
            bad(w, "keywords must be an object")
            kw = {}
        for lang, n in (("fi", 3), ("sv", 2), ("en", 1)):
            words = kw.get(lang) or []
            if not isinstance(words, list) or any(not isinstance(x, str) or not x.strip() for x in words):
                bad(w, f"keywords.{lang} must be a list of strings")
            elif len(words) < n:
                bad(w, f"needs at least {n} {lang} keywords, has {len(words)}")
            elif len(set(x.lower() for x in words)) != len(words):
                bad(w, f"duplicate {lang} keywords")
        for field, valid, prefix in (("service_classes", classes, "P"),
                                     ("target_groups", targets, "KR"),
                                     ("life_events", events, "KE")):
            vals = s.get(field)
            if not isinstance(vals, list):
                bad(w, f"{field} must be a list")
                continue
            for code in vals:
                if code not in valid:
                    bad(w, f"{field}: unknown Finto code {code!r}")
        if not s.get("service_classes"):
            bad(w, "needs at least one service class")
        if not s.get("target_groups"):
            bad(w, "needs at least one target group")
        if s.get("tier") not in TIERS:
            bad(w, f"invalid tier {s.get('tier')!r}")
        org = O.get(s.get("organiser"))
        if not org:
            bad(w, f"organiser {s.get('organiser')!r} not found")
        elif org.get("kind") not in {"wellbeing_services_county", "municipality"}:
            bad(w, "organiser must be the county or a municipality")
        prods = s.get("producers")
        if not isinstance(prods, list) or not prods:
            bad(w, "needs at least one producer")
            prods = []
        seen_p = set()
        for i, p in enumerate(prods):
            pw = f"{w}.producers[{i}]"
            if fields(pw, p, F_PROD, ("organization", "provision")):
                if p.get("organization") not in O:
                    bad(pw, f"organization {p.get('organization')!r} not found")
                if p.get("provision") not in PROVISIONS:
                    bad(pw, f"invalid provision {p.get('provision')!r}")
                if p.get("organization") in seen_p:
                    bad(pw, "producer listed twice")
                seen_p.add(p.get("organization"))
        has_voucher_prod = any(p.get("provision") == "voucher" for p in prods)
        if s.get("charge") not in CHARGES:
            bad(w, f"invalid charge {s.get('charge')!r}")
        if not isinstance(s.get("voucher_in_use"), bool):
            bad(w, "voucher_in_use must be boolean")
        elif s["voucher_in_use"] != has_voucher_prod:
            bad(w, "voucher_in_use does not match the producers' provisions")
        if s.get("voucher_in_use"):
            voucher_services += 1
        langs = s.get("languages")
        if not isinstance(langs, list) or not langs or any(not LANG_RE.match(str(x)) for x in langs):
            bad(w, f"invalid languages {langs!r}")
            langs = []
        area = s.get("area")
        if not isinstance(area, list):
            bad(w, "area must be a list")
            area = []
        for code in area:
            if code not in MUNICIPALITIES:
                bad(w, f"area municipality {code!r} not in the demo county")
        covered = set(area) if area else (
            {org.get("municipality")} if org and org.get("kind") == "municipality" else MUNICIPALITIES)
        if covered & BILINGUAL and not {"fi", "sv"} <= set(langs):
            bad(w, "available in a bilingual municipality but languages lack fi and sv")
        for u in s.get("units", []) or []:
            if u not in U:
                bad(w, f"unit {u!r} not found")
            used_units.add(u)
        for c in s.get("channels", []) or []:
            if c not in C:
                bad(w, f"channel {c!r} not found")
            used_channels.add(c)
        if not s.get("units") and not s.get("channels"):
            bad(w, "neither units nor channels: nowhere to get the service")
        validity(w, s)
        provenance(w + ".provenance", s.get("provenance"))
        count_prov(s.get("provenance"))

    for uid in U:
        if uid not in used_units:
            bad(f"unit {uid}", "not used by any service")
    for cid in C:
        if cid not in used_channels:
            bad(f"channel {cid}", "not used by any service")

    counts = {"organizations": len(orgs), "units": len(units), "channels": len(channels),
              "services": len(services)}
    for k, n in MIN_COUNTS.items():
        if counts[k] < n:
            bad(k, f"only {counts[k]}, need at least {n}")

    later = sum(1 for x in list(O.values()) + list(U.values()) + list(C.values()) + list(S.values())
                if x.get("valid_from", "") > "2023-01-01")
    ended = sum(1 for x in list(O.values()) + list(U.values()) + list(C.values()) + list(S.values())
                if x.get("valid_to"))

    print("Polku demo catalog check")
    print(f"  shared code lists: {PTV}")
    print("  counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"  Finto codes known: {len(classes)} service classes, {len(targets)} target groups, "
          f"{len(events)} life events")
    print(f"  provenance: {prov_counts['fact']} fact, {prov_counts['illustrative']} illustrative")
    print(f"  services with vouchers: {voucher_services}; capacity places in units: {cap_total}")
    print(f"  objects starting after 2023-01-01: {later}; objects with valid_to: {ended}")
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        for p in problems:
            print("  - " + p)
        return 1
    print("OK: no problems found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
