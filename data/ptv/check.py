#!/usr/bin/env python3
"""Self-check of the illustrative PTV v11 documents in data/ptv/.

    python3 data/ptv/check.py      # exits 1 on any problem

Standard library only.  Checks: every document parses (except the deliberately
broken fault files), ids are unique lowercase UUIDs, every reference resolves,
enum strings, Finto codes, EPSG:3067 coordinates fall in the right demo
municipality (inverse projection + nearest central locality), opening hours are
sane, the demo-v2 differences are exactly the documented ones, and each fault
file carries its one fault at the path EXPECTED.tsv names.
"""
import datetime as dt
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from tm35fin import tm35_to_wgs84  # noqa: E402

SHARED = os.environ.get("POLKU_SHARED", "/work/shared")
FINTO = os.path.join(SHARED, "reference", "ptv")
ERRORS = []


def err(msg):
    ERRORS.append(msg)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CHANNEL_TYPES = {"ServiceLocation", "EChannel", "Phone", "WebPage", "PrintableForm"}
HOUR_TYPES = {"DaysOfTheWeek", "Exceptional", "OverMidnight"}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORG_TYPES = {"State", "Municipality", "RegionalOrganization", "Organization", "Company", "SotePublic",
             "SotePrivate", "Region"}
ROLE_TYPES = {"Responsible", "Producer", "OtherResponsible"}
PROVISION = {"SelfProducedServices", "ProcuredServices", "Other"}
CHARGE = {"Chargeable", "FreeOfCharge", "Other"}
SERVICE_TYPES = {"Service", "PermitOrObligation", "ProfessionalQualification"}
AREA_TYPES = {"Nationwide", "NationwideExceptAlandIslands", "LimitedType"}
DESC_TYPES = {"Description", "Summary", "UserInstruction", "ChargeTypeAdditionalInfo"}
LANGS = {"fi", "sv", "en"}
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")
# National Land Survey central locality points of the demo municipalities (WGS84)
CENTRE = {"018": (60.5301392, 25.5986286), "407": (60.6254468, 26.1990394), "434": (60.4573926, 26.2253306),
          "504": (60.6700429, 25.8515227), "616": (60.644302, 25.5837138), "638": (60.3921949, 25.6651915),
          "753": (60.376363, 25.2668282)}


def km(a, b):
    la = math.radians((a[0] + b[0]) / 2)
    return math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * 111.2 * math.cos(la))


def ts(s, where):
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except Exception:  # noqa: BLE001
        err(f"{where}: bad timestamp {s!r}")
        return None


def business_id_ok(b):
    m = re.fullmatch(r"(\d{7})-(\d)", b or "")
    if not m:
        return False
    w = [7, 9, 10, 5, 8, 4, 2]
    r = sum(int(d) * x for d, x in zip(m.group(1), w)) % 11
    return r != 1 and int(m.group(2)) == (0 if r == 0 else 11 - r)


def finto(name):
    return {c["Notation"]: c for c in load(os.path.join(FINTO, name))}


F_CLASS, F_TARGET, F_LIFE = (finto(n) for n in
                             ("finto_ServiceClasses.json", "finto_TargetGroups.json", "finto_LifeEvents.json"))


def check_terms(items, table, where):
    for t in items:
        c = table.get(t["code"])
        if not c:
            err(f"{where}: unknown code {t['code']}")
        elif t["uri"] not in (c.get("OldUri"), c["Id"]):
            err(f"{where}: {t['code']} uri {t['uri']} does not match Finto")


def check_hours(hours, where, allow_bad=False):
    bad = []
    for i, h in enumerate(hours):
        w = f"{where}.serviceHours[{i}]"
        if h["serviceHourType"] not in HOUR_TYPES:
            err(f"{w}: serviceHourType {h['serviceHourType']}")
        if h["validFrom"] and h["validTo"] and h["validFrom"] > h["validTo"]:
            err(f"{w}: validFrom after validTo")
        if h["isAlwaysOpen"] and h["openingHour"]:
            err(f"{w}: isAlwaysOpen with opening hours")
        if h["isClosed"] and h["openingHour"]:
            err(f"{w}: isClosed with opening hours")
        if h["serviceHourType"] == "Exceptional" and not h["validFrom"]:
            err(f"{w}: Exceptional without validFrom")
        for j, o in enumerate(h["openingHour"]):
            wo = f"{w}.openingHour[{j}]"
            if not (TIME.match(o["from"]) and TIME.match(o["to"])):
                err(f"{wo}: time format {o['from']}-{o['to']}")
            if h["serviceHourType"] == "DaysOfTheWeek":
                if o["dayFrom"] not in DAYS or o["dayTo"] not in ("", None):
                    err(f"{wo}: days {o['dayFrom']}/{o['dayTo']}")
                if o["to"] <= o["from"]:
                    bad.append(wo)
            elif h["serviceHourType"] == "OverMidnight":
                if o["dayFrom"] not in DAYS or o["dayTo"] not in DAYS:
                    err(f"{wo}: OverMidnight days {o['dayFrom']}/{o['dayTo']}")
            elif o["to"] <= o["from"]:
                bad.append(wo)
    if not allow_bad:
        for b in bad:
            err(f"{b}: end precedes start")
    return bad


def coord(sa, where, muni_code=None):
    try:
        n, e = float(sa["latitude"]), float(sa["longitude"])
    except (KeyError, TypeError, ValueError):
        err(f"{where}: missing/invalid coordinates")
        return None
    if not (6_600_000 <= n <= 7_800_000 and 50_000 <= e <= 760_000):
        err(f"{where}: ({n}, {e}) outside the EPSG:3067 Finland box")
        return None
    lat, lon = tm35_to_wgs84(n, e)
    if muni_code:
        near = min(CENTRE, key=lambda c: km((lat, lon), CENTRE[c]))
        if near != muni_code or km((lat, lon), CENTRE[muni_code]) > 20:
            err(f"{where}: point {lat:.5f},{lon:.5f} is nearest to {near}, address says {muni_code}")
    return lat, lon


def check_catalog(folder):
    orgs = load(os.path.join(folder, "organizations.json"))
    chans = load(os.path.join(folder, "channels.json"))
    svcs = load(os.path.join(folder, "services.json"))
    tag = os.path.basename(folder)
    ids = {}
    for kind, docs in (("organization", orgs), ("channel", chans), ("service", svcs)):
        for i, d in enumerate(docs):
            if not UUID.match(d["id"]):
                err(f"{tag} {kind}[{i}]: id {d['id']} is not a lowercase UUID")
            if d["id"] in ids:
                err(f"{tag} {kind}[{i}]: id {d['id']} already used by {ids[d['id']]}")
            ids[d["id"]] = f"{kind}[{i}]"
            if d["publishingStatus"] != "Published":
                err(f"{tag} {kind}[{i}]: publishingStatus")
            ts(d["modified"], f"{tag} {kind}[{i}].modified")
    org_ids = {o["id"] for o in orgs}
    ch_ids = {c["id"] for c in chans}

    for i, o in enumerate(orgs):
        w = f"{tag} organizations[{i}]"
        if o["organizationType"] not in ORG_TYPES:
            err(f"{w}: organizationType {o['organizationType']}")
        if o["businessCode"] and not business_id_ok(o["businessCode"]):
            err(f"{w}: business id {o['businessCode']} fails the check digit")
        if o["parentOrganizationId"] and o["parentOrganizationId"] not in org_ids:
            err(f"{w}: parentOrganizationId unknown")
        if {n["language"] for n in o["organizationNames"] if n["type"] == "Name"} < {"fi", "sv"}:
            err(f"{w}: needs fi and sv names")

    links = set()
    for i, s in enumerate(svcs):
        w = f"{tag} services[{i}] ({s['sourceId']})"
        if s["type"] not in SERVICE_TYPES or s["serviceChargeType"] not in CHARGE or s["areaType"] not in AREA_TYPES:
            err(f"{w}: type/charge/areaType {s['type']}/{s['serviceChargeType']}/{s['areaType']}")
        for a in s["areas"]:
            if a["type"] != "Municipality" or a["code"] not in CENTRE or [m["code"] for m in a["municipalities"]] != [a["code"]]:
                err(f"{w}: area {a['type']} {a['code']}")
        names = {(n["language"], n["type"]) for n in s["serviceNames"]}
        if not {("fi", "Name"), ("sv", "Name")} <= names:
            err(f"{w}: needs fi and sv names")
        descs = {(d["language"], d["type"]) for d in s["serviceDescriptions"]}
        for lang in ("fi", "sv"):
            for typ in ("Summary", "Description"):
                if (lang, typ) not in descs:
                    err(f"{w}: missing {lang} {typ}")
        for d in s["serviceDescriptions"]:
            if d["type"] not in DESC_TYPES or d["language"] not in LANGS:
                err(f"{w}: description {d['type']}/{d['language']}")
            if d["type"] == "Summary" and len(d["value"]) > 150:
                err(f"{w}: Summary over 150 characters")
        if not set(s["languages"]) <= LANGS:
            err(f"{w}: languages {s['languages']}")
        check_terms(s["serviceClasses"], F_CLASS, w)
        check_terms(s["targetGroups"], F_TARGET, w)
        check_terms(s["lifeEvents"], F_LIFE, w)
        for t in s["ontologyTerms"]:
            if not re.match(r"^http://www\.yso\.fi/onto/[a-z]*/p[0-9]{1,5}$", t["uri"]):
                err(f"{w}: ontology uri {t['uri']}")
        roles = [r["roleType"] for r in s["organizations"]]
        if roles.count("Responsible") != 1 or "Producer" not in roles:
            err(f"{w}: needs one Responsible and at least one Producer")
        for r in s["organizations"]:
            if r["roleType"] not in ROLE_TYPES:
                err(f"{w}: roleType {r['roleType']}")
            if r["roleType"] == "Producer" and r["provisionType"] not in PROVISION:
                err(f"{w}: provisionType {r['provisionType']}")
            if r["organization"] is None:
                if r["roleType"] != "Producer" or r["provisionType"] != "Other" or not r["additionalInformation"]:
                    err(f"{w}: a producer without organization must be Other with additionalInformation")
            elif r["organization"]["id"] not in org_ids:
                err(f"{w}: organization {r['organization']['id']} does not exist")
        if s["serviceVouchersInUse"] != bool(s["serviceVouchers"]):
            err(f"{w}: serviceVouchersInUse disagrees with serviceVouchers")
        seen = set()
        for j, lk in enumerate(s["serviceChannels"]):
            cid = lk["serviceChannel"]["id"]
            if cid not in ch_ids:
                err(f"{w}.serviceChannels[{j}]: channel {cid} does not exist")
            if cid in seen:
                err(f"{w}: channel {cid} linked twice")
            seen.add(cid)
            links.add((s["id"], cid))
            check_hours(lk["serviceHours"], f"{w}.serviceChannels[{j}]")

    back = set()
    by_ch = {}
    for i, c in enumerate(chans):
        w = f"{tag} channels[{i}] ({c['sourceId']})"
        if c["serviceChannelType"] not in CHANNEL_TYPES:
            err(f"{w}: serviceChannelType {c['serviceChannelType']}")
        if c["organizationId"] not in org_ids:
            err(f"{w}: organizationId does not exist")
        if {n["language"] for n in c["serviceChannelNames"]} < {"fi"}:
            err(f"{w}: no fi name")
        check_hours(c["serviceHours"], w)
        for sv in c["services"]:
            back.add((sv["service"]["id"], c["id"]))
        by_ch[c["id"]] = c
        t = c["serviceChannelType"]
        if t == "ServiceLocation":
            for k, a in enumerate(c["addresses"]):
                sa = a["streetAddress"]
                m = sa["municipality"]["code"]
                p = coord(sa, f"{w}.addresses[{k}].streetAddress", m)
                for q, e in enumerate(a["entrances"]):
                    pe = coord(e["coordinates"], f"{w}.addresses[{k}].entrances[{q}]", m)
                    if p and pe and km(p, pe) > 0.3:
                        err(f"{w}: entrance {q} is {km(p, pe):.2f} km from the address point")
        elif t == "EChannel":
            if not isinstance(c["requiresAuthentication"], bool) or not c["webPages"]:
                err(f"{w}: EChannel needs requiresAuthentication and webPages")
        elif t == "Phone":
            for p in c["phoneNumbers"]:
                if p["serviceChargeType"] not in CHARGE or not p["number"]:
                    err(f"{w}: phone number {p}")
                if not p["isFinnishServiceNumber"] and p["prefixNumber"] != "+358":
                    err(f"{w}: prefixNumber")
        elif t == "WebPage":
            if not c["webPages"] or not all(x["url"].startswith("https://") for x in c["webPages"]):
                err(f"{w}: WebPage needs https webPages")
        elif t == "PrintableForm":
            if not (c["formIdentifier"] and c["deliveryAddresses"] and c["channelUrls"]):
                err(f"{w}: PrintableForm needs formIdentifier, deliveryAddresses, channelUrls")
    if links != back:
        err(f"{tag}: channel.services[] does not mirror service.serviceChannels[]: "
            f"{len(links - back)} missing, {len(back - links)} extra")
    org_back = {(sv["service"]["id"], o["id"], sv["roleType"], sv["provisionType"]) for o in orgs for sv in o["services"]}
    org_links = {(s["id"], r["organization"]["id"], r["roleType"], r["provisionType"])
                 for s in svcs for r in s["organizations"] if r["organization"]}
    if org_back != org_links:
        err(f"{tag}: organization.services[] does not mirror service.organizations[]")
    unlinked = sorted(c["sourceId"] for c in chans if not c["services"])
    return orgs, chans, svcs, unlinked


def strip_volatile(d):
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def check_v2(demo, v2):
    o1, c1, s1, _ = demo
    o2, c2, s2, unlinked2 = v2
    if strip_volatile(o1) != strip_volatile(o2):
        err("demo-v2: organizations differ from demo")
    if unlinked2 != ["unit-loviisa-mental-substance"]:
        err(f"demo-v2: unlinked channels {unlinked2}")
    S1, S2 = {s["id"]: s for s in s1}, {s["id"]: s for s in s2}
    if set(S1) != set(S2):
        err("demo-v2: service id sets differ")
    newer, older, changed_same_ts = [], [], []
    for k in S1:
        a, b = S1[k], S2[k]
        if b["modified"] > a["modified"]:
            newer.append(b["sourceId"])
        elif b["modified"] < a["modified"]:
            older.append(b["sourceId"])
        elif strip_volatile(a) != strip_volatile(b):
            changed_same_ts.append(b["sourceId"])
    if sorted(newer) != sorted(["svc-doctor-appointment", "svc-home-care", "svc-oral-voucher", "svc-mental-health-adults"]):
        err(f"demo-v2: newer services {newer}")
    if older != ["svc-youth-work-porvoo"]:
        err(f"demo-v2: older services {older}")
    if changed_same_ts:
        err(f"demo-v2: changed without a new modified: {changed_same_ts}")
    for sid in ("svc-doctor-appointment", "svc-home-care", "svc-oral-voucher", "svc-youth-work-porvoo"):
        a = next(s for s in s1 if s["sourceId"] == sid)
        b = next(s for s in s2 if s["sourceId"] == sid)
        if strip_volatile(a["serviceDescriptions"]) == strip_volatile(b["serviceDescriptions"]):
            err(f"demo-v2: {sid} text unchanged")
    m1 = next(s for s in s1 if s["sourceId"] == "svc-mental-health-adults")
    m2 = next(s for s in s2 if s["sourceId"] == "svc-mental-health-adults")
    if len(m2["serviceChannels"]) != len(m1["serviceChannels"]) - 1:
        err("demo-v2: mental health service should have one link fewer")
    C1, C2 = {c["id"]: c for c in c1}, {c["id"]: c for c in c2}
    changed = sorted(C2[k]["sourceId"] for k in C1 if strip_volatile(C1[k]) != strip_volatile(C2[k]))
    if changed != ["unit-loviisa-health-station", "unit-loviisa-mental-substance"]:
        err(f"demo-v2: changed channels {changed}")
    for k in C1:
        if C2[k]["sourceId"] in changed and not C2[k]["modified"] > C1[k]["modified"]:
            err(f"demo-v2: {C2[k]['sourceId']} changed without a newer modified")
    lh1 = next(c for c in c1 if c["sourceId"] == "unit-loviisa-health-station")
    lh2 = next(c for c in c2 if c["sourceId"] == "unit-loviisa-health-station")
    if strip_volatile(lh1["serviceHours"]) == strip_volatile(lh2["serviceHours"]):
        err("demo-v2: Loviisa health station hours unchanged")
    return newer, older


def resolve(doc, path):
    cur = doc
    for tok in re.findall(r"\[(\d+)\]|\.([A-Za-z]+)", path[1:]):
        cur = cur[int(tok[0])] if tok[0] else cur[tok[1]]
    return cur


def check_faults(demo):
    fd = os.path.join(HERE, "faults")
    demo_ch = {c["id"] for c in demo[1]}
    demo_org = {o["id"] for o in demo[0]}
    with open(os.path.join(fd, "EXPECTED.tsv"), encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    if len(rows) != 10:
        err(f"faults: {len(rows)} rows in EXPECTED.tsv")
    for name, path, sub in rows:
        p = os.path.join(fd, name)
        if not os.path.exists(p):
            err(f"faults: {name} missing")
            continue
        raw = open(p, encoding="utf-8").read()
        if name == "deep.json":
            body = raw.strip()
            depth = len(body) - len(body.lstrip("["))
            if depth != 10_000 or body != "[" * depth + "]" * depth:
                err("faults: deep.json is not 10,000 balanced nested arrays")
            continue
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError:
            if name != "services-truncated.json":
                err(f"faults: {name} does not parse")
            continue
        if name == "services-truncated.json":
            err("faults: services-truncated.json parses")
            continue
        if name == "channels-missing-coordinates.json":  # the path names the absent field
            path = path.rsplit(".", 1)[0]
        try:
            val = resolve(doc, path)
        except (KeyError, IndexError, TypeError):
            err(f"faults: {name}: path {path} does not resolve")
            continue
        for d in doc:  # only the named fault: other references resolve against demo/
            if "organizationId" in d and d["organizationId"] not in demo_org:
                err(f"faults: {name}: organizationId not in demo")
        if name == "services-wrong-type-service-names.json" and not isinstance(val, str):
            err(f"faults: {name}: serviceNames is not a string")
        elif name == "channels-unknown-channel-type.json" and val != "Hologram":
            err(f"faults: {name}: type {val}")
        elif name == "services-duplicate-id.json" and not (val == doc[0]["id"] and doc[0]["sourceId"] != doc[1]["sourceId"]):
            err(f"faults: {name}: ids not duplicated")
        elif name == "channels-missing-coordinates.json" and ("latitude" in val or "longitude" in val):
            err(f"faults: {name}: coordinates present")
        elif name == "channels-coordinates-swapped.json":
            sa = doc[0]["addresses"][0]["streetAddress"]
            n, e = float(sa["longitude"]), float(sa["latitude"])  # swapped back
            if not (float(val) < 1_000_000 and 6_600_000 < n < 7_800_000 and 50_000 < e < 760_000):
                err(f"faults: {name}: not a clean swap")
        elif name == "channels-coordinates-outside-finland.json":
            sa = doc[0]["addresses"][0]["streetAddress"]
            n, e = float(sa["latitude"]), float(sa["longitude"])
            if 6_600_000 <= n <= 7_800_000 and 50_000 <= e <= 760_000:
                err(f"faults: {name}: still inside the Finland box")
        elif name == "channels-hours-end-before-start.json":
            if check_hours(doc[0]["serviceHours"], name, allow_bad=True) != [f"{name}.serviceHours[0].openingHour[0]"]:
                err(f"faults: {name}: expected exactly one reversed opening hour")
        elif name == "services-unknown-channel-link.json":
            if val in demo_ch or sub != val:
                err(f"faults: {name}: link target exists or substring mismatch")
            others = [lk["serviceChannel"]["id"] for lk in doc[0]["serviceChannels"] if lk["serviceChannel"]["id"] != val]
            if not all(o in demo_ch for o in others):
                err(f"faults: {name}: other links should resolve")
    return rows


def main():
    demo = check_catalog(os.path.join(HERE, "demo"))
    v2 = check_catalog(os.path.join(HERE, "demo-v2"))
    if demo[3]:
        err(f"demo: channels linked by no service: {demo[3]}")
    o, c, s, _ = demo
    kinds = {}
    for x in c:
        kinds[x["serviceChannelType"]] = kinds.get(x["serviceChannelType"], 0) + 1
    if kinds.get("ServiceLocation", 0) < 12 or set(kinds) != CHANNEL_TYPES:
        err(f"demo: channel types {kinds}")
    hour_kinds = {h["serviceHourType"] for x in c for h in x["serviceHours"]}
    if hour_kinds != HOUR_TYPES or not any(h["isAlwaysOpen"] for x in c for h in x["serviceHours"]):
        err(f"demo: hour kinds {hour_kinds}")
    if not any(h["validTo"] and h["serviceHourType"] == "DaysOfTheWeek" for x in c for h in x["serviceHours"]):
        err("demo: no seasonal hours")
    if not any(lk["serviceHours"] for x in s for lk in x["serviceChannels"]):
        err("demo: no link-level hours")
    types = {x["id"]: x["organizationType"] for x in o}
    three = []
    for x in s:
        prod = [r for r in x["organizations"] if r["roleType"] == "Producer" and r["organization"]]
        if {r["provisionType"] for r in prod} == PROVISION and \
                {types[r["organization"]["id"]] for r in prod} >= {"SotePublic", "SotePrivate", "Organization"}:
            three.append(x)
    if len(three) != 1:
        err(f"demo: {len(three)} three-producer services")
    if not any(x["serviceVouchersInUse"] for x in s):
        err("demo: no service vouchers")
    newer, older = check_v2(demo, v2)
    rows = check_faults(demo)
    print(f"demo: {len(o)} organizations, {len(c)} channels {dict(sorted(kinds.items()))}, {len(s)} services")
    if three:
        print(f"three-producer service: {three[0]['id']} ({three[0]['sourceId']})")
    print(f"demo-v2: newer {newer}, older {older}, unlinked {v2[3]}")
    print(f"faults: {len(rows)}")
    if ERRORS:
        print(f"{len(ERRORS)} problem(s):")
        for e in ERRORS:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
