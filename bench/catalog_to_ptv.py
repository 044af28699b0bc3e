#!/usr/bin/env python3
"""Turn a Polku catalog document (e.g. from `polku generate`) into PTV Open API v11
JSON files (organizations.json, services.json, channels.json) for the import benchmark.

Usage: bench/catalog_to_ptv.py big.json out-dir/

Ids become UUIDs (name-based, stable); units become ServiceLocation channels with
EPSG:3067 coordinates in PTV's latitude/longitude fields; other channels keep their kind.
Synthetic data for benchmarks only.
"""
import json
import sys
import uuid
from pathlib import Path

NS = uuid.UUID("6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab")


def uid(kind, pid):
    return str(uuid.uuid5(NS, f"{kind}:{pid}"))


def texts(t, typ=None):
    out = []
    for lang in ("fi", "sv", "en"):
        if t and t.get(lang):
            e = {"language": lang, "value": t[lang]}
            if typ:
                e["type"] = typ
            out.append(e)
    return out


ORG_TYPES = {
    "wellbeing_services_county": "SotePublic",
    "county_business_unit": "SotePublic",
    "municipality": "Municipality",
    "ngo": "Organization",
    "private_company": "Company",
    "parish": "Organization",
    "state": "State",
}
DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
PROVISION = {"self_produced": "SelfProducedServices", "procured": "ProcuredServices", "voucher": "VoucherServices", "other": "Other"}
KINDS = {"phone": "Phone", "e_service": "EChannel", "web_page": "WebPage", "chat": "EChannel", "video": "EChannel"}


def hours(h):
    out = []
    order = list(DAYS)
    for w in (h or {}).get("weekly", []):
        for d in w["days"]:
            if w["closes"] <= w["opens"] and w["closes"] != "24:00":
                nxt = order[(order.index(d) + 1) % 7]
                out.append({"serviceHourType": "OverMidnight", "openingHour": [
                    {"dayFrom": DAYS[d], "dayTo": DAYS[nxt], "from": w["opens"], "to": w["closes"]}]})
            else:
                out.append({"serviceHourType": "DaysOfTheWeek", "isClosed": False, "isAlwaysOpen": False,
                            "openingHour": [{"dayFrom": DAYS[d], "from": w["opens"], "to": w["closes"]}]})
    if (h or {}).get("always_open"):
        out.append({"serviceHourType": "DaysOfTheWeek", "isAlwaysOpen": True})
    return out


def main(src, dst):
    doc = json.load(open(src))
    dst = Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    orgs = [{
        "id": uid("org", o["id"]), "organizationType": ORG_TYPES[o["kind"]],
        "organizationNames": texts(o["name"], "Name"), "businessCode": o.get("business_id"),
        "publishingStatus": "Published", "modified": "2026-01-01T00:00:00Z",
    } for o in doc.get("organizations", [])]
    channels = []
    for u in doc.get("units", []):
        a = u["address"]
        channels.append({
            "id": uid("unit", u["id"]), "serviceChannelType": "ServiceLocation", "organizationId": uid("org", u["organization"]),
            "serviceChannelNames": texts(u["name"], "Name"), "languages": ["fi", "sv"],
            "addresses": [{"type": "Location", "streetAddress": {
                "street": texts(a.get("street")), "postalCode": a["postal_code"], "postOffice": texts(a.get("post_office")),
                "municipality": {"code": a["municipality"]},
                "latitude": f'{u["location"]["n"]:.3f}', "longitude": f'{u["location"]["e"]:.3f}'}}],
            "serviceHours": hours(u.get("opening_hours")), "modified": "2026-01-01T00:00:00Z",
        })
    for c in doc.get("channels", []):
        if c["kind"] == "in_person":
            continue
        ch = {"id": uid("channel", c["id"]), "serviceChannelType": KINDS[c["kind"]], "organizationId": uid("org", c["organization"]),
              "serviceChannelNames": texts(c["name"], "Name"), "languages": c.get("languages", []), "modified": "2026-01-01T00:00:00Z"}
        if c.get("phone"):
            ch["phoneNumbers"] = [{"number": c["phone"], "prefixNumber": ""}]
        if c.get("url"):
            ch["webPages"] = [{"url": c["url"], "language": "fi"}]
        channels.append(ch)
    in_person = {c["id"]: c.get("unit") for c in doc.get("channels", []) if c["kind"] == "in_person"}
    services = []
    for s in doc.get("services", []):
        links = [uid("unit", u) for u in s.get("units", [])]
        for c in s.get("channels", []):
            links.append(uid("unit", in_person[c]) if c in in_person and in_person[c] else uid("channel", c))
        services.append({
            "id": uid("service", s["id"]), "type": "Service", "serviceNames": texts(s["name"], "Name"),
            "serviceDescriptions": texts(s.get("summary"), "Summary") + texts(s.get("description"), "Description"),
            "serviceClasses": [{"code": c} for c in s.get("service_classes", [])],
            "targetGroups": [{"code": c} for c in s.get("target_groups", [])],
            "lifeEvents": [{"code": c} for c in s.get("life_events", [])],
            "areas": [{"type": "Municipality", "code": m} for m in s.get("area", [])],
            "languages": s.get("languages", []), "serviceChargeType": "Chargeable" if s["charge"] == "chargeable" else "FreeOfCharge",
            "organizations": [{"organization": {"id": uid("org", s["organiser"])}, "roleType": "Responsible"}]
            + [{"organization": {"id": uid("org", p["organization"])}, "roleType": "Producer", "provisionType": PROVISION[p["provision"]]} for p in s.get("producers", [])],
            "serviceChannels": [{"serviceChannel": {"id": i}} for i in dict.fromkeys(links)],
            "modified": "2026-01-01T00:00:00Z",
        })
    for name, items in (("organizations", orgs), ("channels", channels), ("services", services)):
        with open(dst / f"{name}.json", "w") as f:
            json.dump(items, f)
    print(f"{len(orgs)} organizations, {len(services)} services, {len(channels)} channels -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
