#!/usr/bin/env python3
"""Writes illustrative PTV Open API v11 documents for the Polku demo county.

Source of truth for data/ptv/demo/, data/ptv/demo-v2/ and the fault files in
data/ptv/faults/ (deep.json comes from faults/make_deep.py).  Texts, names,
places and hours are taken from Polku's own demo catalog (data/demo/*.json) and
reshaped into the PTV v11 JSON shape.  Standard library only.

    python3 data/ptv/generate.py     # rewrite everything
    python3 data/ptv/check.py        # self-check

NOT real PTV data: see README.md.
"""
import copy
import json
import os
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from tm35fin import wgs84_to_tm35  # noqa: E402

DEMO = os.path.join(HERE, "..", "demo")
SHARED = os.environ.get("POLKU_SHARED", "/work/shared")
FINTO = os.path.join(SHARED, "reference", "ptv")

# Stable ids: uuid5 of the Polku demo id under a fixed namespace.
NS = uuid.UUID("6d0a2f4e-1c59-4d1e-9b8a-7f3c2e1d0b9a")


def uid(key):
    return str(uuid.uuid5(NS, "polku-ptv-demo:" + key))


def load(name, key):
    with open(os.path.join(DEMO, name + ".json"), encoding="utf-8") as f:
        return {o["id"]: o for o in json.load(f)[key]}


D_ORG = load("organizations", "organizations")
D_UNIT = load("units", "units")
D_CH = load("channels", "channels")
D_SVC = load("services", "services")


def finto(name):
    with open(os.path.join(FINTO, name), encoding="utf-8") as f:
        return {c["Notation"]: c for c in json.load(f)}


F_CLASS = finto("finto_ServiceClasses.json")
F_TARGET = finto("finto_TargetGroups.json")
F_LIFE = finto("finto_LifeEvents.json")

# ---------------------------------------------------------------------------
# small builders
# ---------------------------------------------------------------------------
LANGS = ("fi", "sv", "en")


def li(d, langs=LANGS, type_=None):
    """Localized list [{language, value, type}] from {fi, sv, en}."""
    out = []
    for lang in langs:
        if d.get(lang):
            item = {"language": lang, "value": d[lang]}
            if type_ is not None:
                item["type"] = type_
            out.append(item)
    return out


def lv(d, langs=LANGS):
    """Language items [{value, language}] (PTV's VmOpenApiLanguageItem)."""
    return [{"value": d[lang], "language": lang} for lang in langs if d.get(lang)]


MUNI = {
    # code: fi, sv  (Statistics Finland municipality key)
    "018": ("Askola", "Askola"),
    "407": ("Lapinjärvi", "Lappträsk"),
    "434": ("Loviisa", "Lovisa"),
    "504": ("Myrskylä", "Mörskom"),
    "616": ("Pukkila", "Pukkila"),
    "638": ("Porvoo", "Borgå"),
    "753": ("Sipoo", "Sibbo"),
}
COUNTY_MUNIS = ["018", "407", "434", "504", "616", "638", "753"]


def muni(code):
    fi, sv = MUNI[code]
    return {"code": code, "name": [{"value": fi, "language": "fi"}, {"value": sv, "language": "sv"}]}


def areas(codes):
    """One `Municipality` area per municipality; code and municipalities[] both set."""
    out = []
    for c in codes:
        m = muni(c)
        out.append({"type": "Municipality", "code": c, "name": m["name"], "municipalities": [m]})
    return out


def fterm(table, code):
    c = table[code]
    names = [{"value": c["Label"][k], "language": k.lower()} for k in ("Fi", "Sv", "En") if c["Label"].get(k)]
    parent = None
    if c.get("BroaderUris"):
        broader = c["BroaderUris"][0].rsplit("/", 1)[-1]
        parent = table[broader].get("OldUri") or table[broader]["Id"]
    return {
        "name": names,
        "code": code,
        "ontologyType": "PTVL",
        "uri": c.get("OldUri") or c["Id"],
        "parentId": None,
        "parentUri": parent,
    }


def service_class(code):
    t = fterm(F_CLASS, code)
    c = F_CLASS[code]
    notes = c.get("Notes") or {}
    t = {"name": t["name"],
         "description": [{"value": notes[k], "language": k.lower()} for k in ("Fi", "Sv", "En") if notes.get(k)],
         **{k: v for k, v in t.items() if k != "name"}}
    return t


# Ontology terms: the URIs follow the KOKO pattern that PTV validates
# (^http://www.yso.fi/onto/[a-z]*/p[0-9]{1,5}$) but the numbers are placeholders
# that were NOT looked up in Finto; they do not point to the named concepts.
ONTO = {
    "lääkäri": ("lääkärit", "läkare", "physicians", "p90101"),
    "terveysasema": ("terveysasemat", "hälsostationer", "health centres", "p90102"),
    "päivystys": ("päivystys", "jour", "emergency services", "p90103"),
    "hammashoito": ("hammashoito", "tandvård", "dental care", "p90104"),
    "palveluseteli": ("palvelusetelit", "servicesedlar", "service vouchers", "p90105"),
    "neuvola": ("lastenneuvolat", "barnrådgivningar", "child health clinics", "p90106"),
    "sovittelu": ("perheasioiden sovittelu", "medling i familjeärenden", "family mediation", "p90107"),
    "lastensuojelu": ("lastensuojelu", "barnskydd", "child welfare", "p90108"),
    "mielenterveys": ("mielenterveyspalvelut", "mentalvårdstjänster", "mental health services", "p90109"),
    "kotihoito": ("kotihoito", "hemvård", "home care", "p90110"),
    "päivätoiminta": ("päivätoiminta", "dagverksamhet", "day activities", "p90111"),
    "palveluasuminen": ("tehostettu palveluasuminen", "serviceboende med heldygnsomsorg", "24-hour service housing", "p90112"),
    "kriisityö": ("kriisityö", "krisarbete", "crisis work", "p90113"),
    "nuorisotyö": ("nuorisotyö", "ungdomsarbete", "youth work", "p90114"),
    "etsivä": ("etsivä nuorisotyö", "uppsökande ungdomsarbete", "outreach youth work", "p90115"),
    "oppilashuolto": ("oppilashuolto", "elevvård", "pupil welfare", "p90116"),
    "ikääntyneet": ("ikääntyneet", "äldre", "older people", "p90117"),
}


def onto(key):
    fi, sv, en, p = ONTO[key]
    return {
        "name": [{"value": fi, "language": "fi"}, {"value": sv, "language": "sv"}, {"value": en, "language": "en"}],
        "code": None,
        "ontologyType": "KOKO",
        "uri": "http://www.yso.fi/onto/koko/" + p,
        "parentId": None,
        "parentUri": None,
    }


def T(fi, sv, en=None):
    d = {"fi": fi, "sv": sv}
    if en:
        d["en"] = en
    return d


# ---------------------------------------------------------------------------
# service hours (V11VmOpenApiServiceHour)
# ---------------------------------------------------------------------------
DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
        "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}


def hhmmss(t):
    return t + ":00" if len(t) == 5 else t


def date_ts(d):
    return d + "T00:00:00" if d else None


def weekly(rows, valid_from=None, valid_to=None, info=None, reservation=False):
    """rows: [(["mon", ...], "08:00", "16:00"), ...] -> one DaysOfTheWeek entry.

    As PTV v11 does for DaysOfTheWeek: each day is its own openingHour with
    dayTo "", and an open-ended period is validForNow with validFrom null.
    """
    hours = []
    for days, frm, to in rows:
        for d in days:
            hours.append({"dayFrom": DAYS[d], "dayTo": "", "from": hhmmss(frm), "to": hhmmss(to)})
    open_ended = valid_to is None
    return {
        "serviceHourType": "DaysOfTheWeek",
        "validFrom": None if open_ended else date_ts(valid_from),
        "validTo": date_ts(valid_to),
        "isClosed": False,
        "validForNow": open_ended,
        "isAlwaysOpen": False,
        "isReservation": reservation,
        "additionalInformation": lv(info) if info else [],
        "openingHour": hours,
    }


def always_open(info=None):
    return {
        "serviceHourType": "DaysOfTheWeek",
        "validFrom": None,
        "validTo": None,
        "isClosed": False,
        "validForNow": True,
        "isAlwaysOpen": True,
        "isReservation": False,
        "additionalInformation": lv(info) if info else [],
        "openingHour": [],
    }


def over_midnight(rows, info=None):
    """rows: [("mon", "15:00", "tue", "08:00"), ...] -> one OverMidnight entry."""
    return {
        "serviceHourType": "OverMidnight",
        "validFrom": None,
        "validTo": None,
        "isClosed": False,
        "validForNow": True,
        "isAlwaysOpen": False,
        "isReservation": False,
        "additionalInformation": lv(info) if info else [],
        "openingHour": [
            {"dayFrom": DAYS[a], "dayTo": DAYS[c], "from": hhmmss(b), "to": hhmmss(d)} for a, b, c, d in rows
        ],
    }


def exceptional(frm, to=None, closed=True, hours=None, info=None):
    """A date (or date range) that is closed, or open at the given hours."""
    return {
        "serviceHourType": "Exceptional",
        "validFrom": date_ts(frm),
        "validTo": date_ts(to or frm),
        "isClosed": closed,
        "validForNow": False,
        "isAlwaysOpen": False,
        "isReservation": False,
        "additionalInformation": lv(info) if info else [],
        "openingHour": [] if closed else [
            {"dayFrom": None, "dayTo": None, "from": hhmmss(a), "to": hhmmss(b)} for a, b in hours
        ],
    }


def reserve(hours, info):
    """Mark the regular (open-ended DaysOfTheWeek) entry as by appointment only."""
    for h in hours:
        if h["serviceHourType"] == "DaysOfTheWeek" and h["validForNow"]:
            h["isReservation"] = True
            h["additionalInformation"] = lv(info)
    return hours


def from_demo_hours(h, seasonal_info=None):
    """Translate a Polku demo `opening_hours`/`hours` object into PTV serviceHours."""
    if h.get("always_open"):
        return [always_open()]
    out = []
    regular = [w for w in h.get("weekly", []) if not w.get("valid_from")]
    seasonal = [w for w in h.get("weekly", []) if w.get("valid_from")]
    if regular:
        out.append(weekly([(w["days"], w["opens"], w["closes"]) for w in regular]))
    by_period = {}
    for w in seasonal:
        by_period.setdefault((w["valid_from"], w.get("valid_to")), []).append(w)
    for (vf, vt), ws in by_period.items():
        out.append(weekly([(w["days"], w["opens"], w["closes"]) for w in ws], vf, vt,
                          info=seasonal_info or T("Kesäaukiolo", "Sommaröppettider", "Summer hours")))
    for x in h.get("exceptions", []):
        hrs = [(y["opens"], y["closes"]) for y in x.get("hours", [])]
        out.append(exceptional(x["from"], x.get("to"), x.get("closed", True), hrs, x.get("note")))
    return out


# ---------------------------------------------------------------------------
# organizations (V11 organization shape)
# ---------------------------------------------------------------------------
ORG_SPEC = [
    # demo id, PTV organizationType, businessCode, municipality, web, desc fi/sv/en
    ("org-itu", "SotePublic", "3221353-7", "638", "https://itauusimaa.fi",
     T("Itä-Uudenmaan hyvinvointialue järjestää sosiaali- ja terveyspalvelut sekä pelastustoimen Askolan, "
       "Lapinjärven, Loviisan, Myrskylän, Porvoon, Pukkilan ja Sipoon asukkaille.",
       "Östra Nylands välfärdsområde ordnar social- och hälsovårdstjänster och räddningsväsendet för "
       "invånarna i Askola, Lappträsk, Lovisa, Mörskom, Borgå, Pukkila och Sibbo.",
       "The Eastern Uusimaa wellbeing services county organises social, health and rescue services for the "
       "residents of Askola, Lapinjärvi, Loviisa, Myrskylä, Porvoo, Pukkila and Sipoo."),
     T("Sosiaali- ja terveyspalvelut ja pelastustoimi Itä-Uudellamaalla.",
       "Social- och hälsovårdstjänster och räddningsväsendet i Östra Nyland.",
       "Social, health and rescue services in Eastern Uusimaa.")),
    ("org-mun-638", "Municipality", None, "638", "https://www.porvoo.fi",
     T("Porvoon kaupunki vastaa muun muassa varhaiskasvatuksesta, opetuksesta, kulttuurista, liikunnasta ja "
       "nuorisotyöstä sekä asukkaiden hyvinvoinnin ja terveyden edistämisestä.",
       "Borgå stad ansvarar bland annat för småbarnspedagogik, undervisning, kultur, idrott och "
       "ungdomsarbete samt för att främja invånarnas välfärd och hälsa."),
     T("Kaksikielinen kaupunki Itä-Uudellamaalla.", "Tvåspråkig stad i Östra Nyland.")),
    ("org-mun-434", "Municipality", None, "434", "https://www.loviisa.fi",
     T("Loviisan kaupunki järjestää sivistys-, nuoriso-, kulttuuri- ja liikuntapalvelut sekä edistää "
       "asukkaidensa hyvinvointia.",
       "Lovisa stad ordnar bildnings-, ungdoms-, kultur- och idrottstjänster och främjar invånarnas välfärd."),
     T("Kaksikielinen kaupunki Itä-Uudellamaalla.", "Tvåspråkig stad i Östra Nyland.")),
    ("org-mun-753", "Municipality", None, "753", "https://www.sipoo.fi",
     T("Sipoon kunta järjestää varhaiskasvatuksen, perusopetuksen, nuorisotyön sekä kulttuuri- ja "
       "liikuntapalvelut ja edistää asukkaiden hyvinvointia.",
       "Sibbo kommun ordnar småbarnspedagogik, grundläggande utbildning, ungdomsarbete samt kultur- och "
       "idrottstjänster och främjar invånarnas välfärd."),
     T("Kaksikielinen kunta Itä-Uudellamaalla.", "Tvåspråkig kommun i Östra Nyland.")),
    ("org-priv-housing", "SotePrivate", None, "638", "https://example.invalid/esimerkki-palvelukodit",
     T("Esimerkki Palvelukodit Oy ylläpitää ikäihmisten ja vammaisten palvelukoteja ja järjestää "
       "päivätoimintaa Porvoossa. Kuvitteellinen yritys.",
       "Exempel Servicehem Ab driver servicehem för äldre och personer med funktionsnedsättning och "
       "ordnar dagverksamhet i Borgå. Fiktivt företag."),
     T("Palvelukoti ja päivätoiminta Porvoossa (kuvitteellinen).",
       "Servicehem och dagverksamhet i Borgå (fiktivt).")),
    ("org-priv-dental-a", "SotePrivate", None, "638", "https://example.invalid/esimerkki-hammasklinikka",
     T("Esimerkki Hammasklinikka Oy on yksityinen hammaslääkäriasema Porvoossa ja hyvinvointialueen "
       "hyväksymä palvelusetelituottaja. Kuvitteellinen yritys.",
       "Exempel Tandklinik Ab är en privat tandläkarstation i Borgå och en serviceproducent som "
       "välfärdsområdet har godkänt för servicesedlar. Fiktivt företag."),
     T("Yksityinen hammashoito Porvoossa (kuvitteellinen).", "Privat tandvård i Borgå (fiktivt).")),
    ("org-ngo-seniors", "Organization", None, "753", "https://example.invalid/seniorikeskus-esimerkki",
     T("Seniorikeskus Esimerkki ry ylläpitää päiväkeskusta Nikkilässä ja järjestää ikäihmisille "
       "päivätoimintaa, ryhmiä ja vapaaehtoistoimintaa. Kuvitteellinen yhdistys.",
       "Seniorcentret Exempel rf driver ett dagcenter i Nickby och ordnar dagverksamhet, grupper och "
       "frivilligverksamhet för äldre. Fiktiv förening."),
     T("Ikäihmisten päiväkeskus Nikkilässä (kuvitteellinen).", "Dagcenter för äldre i Nickby (fiktivt).")),
    ("org-parish-porvoo", "Organization", None, "638", "https://example.invalid/porvoon-seurakuntayhtyma",
     T("Porvoon seurakuntayhtymän perheasiain neuvottelukeskus tarjoaa parisuhde- ja perheneuvontaa. "
       "Tässä esimerkissä se tuottaa hyvinvointialueelle perheasioiden sovittelua ostopalveluna "
       "(kuvitteellinen järjestely).",
       "Borgå kyrkliga samfällighets familjerådgivningscentral erbjuder parförhållande- och "
       "familjerådgivning. I detta exempel producerar den medling i familjeärenden för välfärdsområdet "
       "som köptjänst (fiktivt arrangemang)."),
     T("Perheasiain neuvottelukeskus, Porvoo.", "Familjerådgivningscentralen, Borgå.")),
]

ORG_MODIFIED = {
    "org-itu": "2025-11-03T07:42:18.211Z",
    "org-mun-638": "2025-09-15T10:05:44.903Z",
    "org-mun-434": "2025-10-01T08:31:02.560Z",
    "org-mun-753": "2025-08-27T12:18:37.129Z",
    "org-priv-housing": "2025-10-20T13:44:10.317Z",
    "org-priv-dental-a": "2025-11-12T09:02:55.748Z",
    "org-ngo-seniors": "2025-09-30T14:27:21.006Z",
    "org-parish-porvoo": "2025-10-08T11:11:49.874Z",
}


def build_organizations():
    orgs = []
    for oid, typ, bcode, mcode, web, desc, summary in ORG_SPEC:
        d = D_ORG[oid]
        name = {k: v for k, v in d["name"].items()}
        langs = ["fi", "sv"] + (["en"] if oid == "org-itu" else [])
        names = li(name, langs, "Name")
        if oid == "org-itu":
            names.append({"language": "fi", "value": "Itä-Uusimaa", "type": "AlternativeName"})
        o = {
            "id": uid(oid),
            "parentOrganizationId": None,
            "sourceId": oid,
            "oid": None,
            "businessCode": bcode,
            "businessName": None,
            "organizationType": typ,
            "organizationNames": names,
            "displayNameType": [{"type": "Name", "language": l} for l in langs],
            "organizationDescriptions": li(desc, langs, "Description") + li(summary, langs, "Summary"),
            "areaType": "LimitedType" if typ in ("SotePublic", "Municipality") else None,
            "areas": areas(COUNTY_MUNIS if oid == "org-itu" else [mcode]) if typ in ("SotePublic", "Municipality") else [],
            "municipality": muni(mcode),
            "emails": [],
            "phoneNumbers": [],
            "webPages": [{"url": web, "value": name["fi"], "language": "fi"},
                         {"url": web, "value": name["sv"], "language": "sv"}],
            "addresses": [],
            "electronicInvoicings": [],
            "services": [],
            "publishingStatus": "Published",
            "modified": ORG_MODIFIED[oid],
        }
        orgs.append(o)
    return orgs


ORG_IDS = {s[0] for s in ORG_SPEC}


def org_ref(oid):
    return {"id": uid(oid), "name": D_ORG[oid]["name"]["fi"]}


# ---------------------------------------------------------------------------
# channels
# ---------------------------------------------------------------------------
ACC = {
    "park": T("Pysäköinti", "Parkering", "Parking"),
    "route": T("Reitti pääsisäänkäynnille", "Rutten till huvudingången", "Route to the main entrance"),
    "main": T("Pääsisäänkäynti", "Huvudingången", "Main entrance"),
    "inside": T("Sisätilat", "Interiör", "Interior"),
    "er": T("Päivystyksen sisäänkäynti", "Jourens ingång", "Emergency entrance"),
}

S = {  # accessibility sentences
    "park_near": T("Liikkumisesteisten pysäköintipaikat ovat alle 20 metrin päässä sisäänkäynnistä.",
                   "Parkeringsplatserna för rörelsehindrade ligger mindre än 20 meter från ingången.",
                   "Accessible parking spaces are less than 20 metres from the entrance."),
    "route_even": T("Reitti on tasainen, kulkukelpoinen ja valaistu.",
                    "Rutten är jämn, framkomlig och upplyst.",
                    "The route is level, passable and lit."),
    "no_steps": T("Sisäänkäynnissä ei ole portaita eikä kynnystä.",
                  "Ingången har inga trappor eller trösklar.",
                  "The entrance has no steps or threshold."),
    "auto_door": T("Ovet avautuvat automaattisesti.", "Dörrarna öppnas automatiskt.", "The doors open automatically."),
    "ramp": T("Sisäänkäynnillä on luiska, jonka kaltevuus on enintään 8 %.",
              "Vid ingången finns en ramp med högst 8 % lutning.",
              "There is a ramp at the entrance with a gradient of at most 8%."),
    "push_button": T("Ovi avautuu painonapista.", "Dörren öppnas med en tryckknapp.", "The door opens with a push button."),
    "lift": T("Hissi vie kaikkiin kerroksiin.", "Hissen går till alla våningar.", "A lift serves all floors."),
    "loop": T("Odotustilassa on induktiosilmukka.", "Väntrummet har hörslinga.", "The waiting room has a hearing loop."),
    "no_loop": T("Tiloissa ei ole induktiosilmukkaa.", "Lokalerna har ingen hörslinga.", "There is no hearing loop."),
    "wc": T("Esteetön WC on ensimmäisessä kerroksessa.", "Tillgänglig toalett finns på första våningen.",
            "An accessible toilet is on the ground floor."),
    "braille": T("Opasteet ovat myös pistekirjoituksella.", "Skyltarna finns även i punktskrift.",
                 "Signs are also in braille."),
    "er_drop": T("Päivystyksen oven edessä on saattoliikenteen pysähtymispaikka.",
                 "Framför jourens dörr finns en plats där man kan stanna för att släppa av patienter.",
                 "There is a drop-off point in front of the emergency entrance."),
}


def sentences(groups):
    """groups: [(group_key, [sentence_key, ...]), ...]"""
    return [{"sentenceGroup": lv(ACC[g]),
             "sentences": [{"sentence": lv(S[s])} for s in ss]} for g, ss in groups]


def tm(lat, lon):
    n, e = wgs84_to_tm35(lat, lon)
    return f"{n:.3f}", f"{e:.3f}"


def entrance(name, lat, lon, main, groups):
    n, e = tm(lat, lon)
    return {
        "name": lv(name),
        "isMainEntrance": main,
        "coordinates": {"latitude": n, "longitude": e},
        "contactInfo": None,
        "accessibilitySentences": sentences(groups),
    }


def street_address(unit, street, number, lat=None, lon=None, state="Ok", entrances=(), info=None):
    a = unit["address"]
    if lat is None:
        lat, lon = unit["location"]["lat"], unit["location"]["lon"]
    n, e = tm(lat, lon)
    return {
        "type": "Location",
        "subType": "Single",
        "postOfficeBoxAddress": None,
        "streetAddress": {
            "street": lv(street),
            "streetNumber": number,
            "postalCode": a["postal_code"],
            "postOffice": lv(a["post_office"], ("fi", "sv")),
            "municipality": muni(a["municipality"]),
            "additionalInformation": lv(info) if info else [],
            "latitude": n,
            "longitude": e,
            "coordinateState": state,
        },
        "otherAddress": None,
        "locationAbroad": [],
        "entrances": list(entrances),
        "country": "FI",
    }


def phone(number, info=None, charge="Chargeable", charge_desc=None, lang="fi", finnish_service=False):
    if finnish_service:
        prefix, num = None, number
    else:
        prefix, num = "+358", number.replace("+358", "").replace(" ", "")
    return {
        "type": "Phone",
        "additionalInformation": info,
        "serviceChargeType": charge,
        "chargeDescription": charge_desc,
        "prefixNumber": prefix,
        "isFinnishServiceNumber": finnish_service,
        "number": num,
        "language": lang,
    }


PVM = "Puhelun hinta: paikallisverkko- tai matkapuhelinmaksu."
PVM_SV = "Samtalets pris: lokalnäts- eller mobilsamtalsavgift."


def split_summary(desc):
    """First sentence of a demo description (PTV Summary is max 150 characters)."""
    out = {}
    for k, v in desc.items():
        s = v.split(". ")[0].rstrip(".")
        if ":" in s:
            s = s.split(":")[0]
        s += "."
        out[k] = s if len(s) <= 150 else s[:146].rsplit(" ", 1)[0] + " …"
    return out


def base_channel(key, ctype, org, names, desc, summary, langs, modified, area_codes=None, nationwide=False):
    if nationwide:
        area_type, ar = "Nationwide", []
    elif area_codes:
        area_type, ar = "LimitedType", areas(area_codes)
    else:
        area_type, ar = None, []
    return {
        "id": uid(key),
        "sourceId": key,
        "serviceChannelType": ctype,
        "organizationId": uid(org),
        "serviceChannelNames": li(names, langs, "Name"),
        "serviceChannelDescriptions": li(summary, langs, "Summary") + li(desc, langs, "Description"),
        "areaType": area_type,
        "areas": ar,
        "languages": list(langs),
        "webPages": [],
        "serviceHours": [],
        "services": [],
        "serviceCollections": [],
        "ontologyTerms": [],
        "publishingStatus": "Published",
        "modified": modified,
        "responsibleSoteOrganization": None,
    }


def location(key, unit_id, street, number, modified, langs=("fi", "sv"), hours=None, entrances=(),
             phones=(), emails=(), lat=None, lon=None, state="Ok", addr_info=None, names=None, desc=None):
    u = D_UNIT[unit_id]
    names = names or u["name"]
    desc = desc or u["description"]
    # the demo's county business unit (org-itu-homecare) is not among the 8 PTV organizations
    owner = u["organization"] if u["organization"] in ORG_IDS else "org-itu"
    c = base_channel(key, "ServiceLocation", owner, names, desc, split_summary(desc), langs, modified)
    c["sourceId"] = unit_id
    loc = {
        "oid": None,
        "displayNameType": [{"type": "Name", "language": l} for l in langs],
        "phoneNumbers": list(phones),
        "emails": [{"value": e, "language": "fi"} for e in emails],
        "addresses": [street_address(u, street, number, lat, lon, state, entrances, addr_info)],
    }
    out = {}
    for k, v in c.items():
        out[k] = v
        if k == "sourceId":
            out["oid"] = loc["oid"]
        if k == "serviceChannelNames":
            out["displayNameType"] = loc["displayNameType"]
    out["phoneNumbers"] = loc["phoneNumbers"]
    out["emails"] = loc["emails"]
    out["addresses"] = loc["addresses"]
    out["serviceHours"] = hours if hours is not None else from_demo_hours(u["opening_hours"])
    # keep PTV-ish key order: addresses before serviceHours before services
    order = ["id", "sourceId", "oid", "serviceChannelType", "organizationId", "serviceChannelNames",
             "displayNameType", "serviceChannelDescriptions", "areaType", "areas", "phoneNumbers", "emails",
             "languages", "webPages", "addresses", "serviceHours", "services", "serviceCollections",
             "ontologyTerms", "publishingStatus", "modified", "responsibleSoteOrganization"]
    return {k: out[k] for k in order}


def street(fi, sv=None):
    return {"fi": fi, "sv": sv} if sv else {"fi": fi}


# Street names: only the hospital's street (Sairaalantie) is from the demo
# catalog; every other street name is an obviously illustrative "Esimerkki-"/
# "Exempel-" placeholder, because an invented real-looking address could be
# mistaken for a real one.  Coordinates are the demo catalog's points (central
# locality points, postal-code centroids, small offsets), converted to EPSG:3067.
def build_channels():
    U = D_UNIT
    ch = {}

    # L1 Porvoo hospital: isAlwaysOpen, two entrances with accessibility sentences
    h = U["unit-porvoo-hospital"]
    ch["L-hospital"] = location(
        "ptv-sl-porvoo-hospital", "unit-porvoo-hospital", street("Sairaalantie", "Sjukhusvägen"), "1",
        "2025-12-01T08:15:32.441Z", langs=("fi", "sv", "en"),
        hours=[always_open(T("Yhteispäivystys on avoinna ympäri vuorokauden. Soita ensin Päivystysapuun 116117.",
                              "Samjouren är öppen dygnet runt. Ring först Jourhjälpen 116117.",
                              "The joint emergency department is open around the clock. Call 116117 first."))],
        entrances=[
            entrance(T("Pääsisäänkäynti", "Huvudingång", "Main entrance"), 60.37962, 25.69262, True,
                     [("park", ["park_near"]), ("route", ["route_even"]), ("main", ["no_steps", "auto_door"]),
                      ("inside", ["lift", "braille", "wc"])]),
            entrance(T("Päivystyksen sisäänkäynti", "Jourens ingång", "Emergency entrance"), 60.37931, 25.69318, False,
                     [("er", ["er_drop", "no_steps", "auto_door"])]),
        ],
        phones=[phone("116117", "Päivystysapu 116117", "FreeOfCharge", None, "fi", True)],
    )

    def hs(key, unit_id, st, no, mod, langs=("fi", "sv"), hours=None, entrances=(), phones=(), **kw):
        ch[key] = location("ptv-sl-" + unit_id[5:], unit_id, st, no, mod, langs, hours, entrances, phones, **kw)

    # L2 Porvoo health station: regular + summer + holidays + an exceptional Saturday opening
    ph = from_demo_hours(U["unit-porvoo-health-station"]["opening_hours"])
    ph.insert(-1, exceptional("2026-11-07", None, False, [("09:00", "14:00")],
                              T("Influenssarokotuspäivä: rokotuksia ilman ajanvarausta lauantaina.",
                                "Influensavaccinationsdag: vaccinationer utan tidsbokning på lördag.",
                                "Flu vaccination day: vaccinations without appointment on Saturday.")))
    hs("L-porvoo-hs", "unit-porvoo-health-station", street("Esimerkkikatu", "Exempelgatan"), "4",
       "2025-12-10T09:41:07.112Z", ("fi", "sv", "en"), ph,
       entrances=[entrance(T("Pääovi", "Huvuddörr", "Main door"), 60.39224, 25.66531, True,
                           [("park", ["park_near"]), ("main", ["no_steps", "auto_door"]), ("inside", ["lift", "loop"])])],
       phones=[phone("+358 40 000 0001", "Ajanvaraus ja hoidon tarpeen arvio", "Chargeable", PVM)],
       addr_info=T("Sisäänkäynti sisäpihan puolelta.", "Ingång från innergården."))
    # L3 Loviisa health station (hours change in demo-v2)
    hs("L-loviisa-hs", "unit-loviisa-health-station", street("Esimerkkitie", "Exempelvägen"), "12",
       "2025-11-20T10:02:19.530Z",
       entrances=[entrance(T("Pääovi", "Huvuddörr"), 60.45745, 26.22541, True,
                           [("main", ["ramp", "push_button"]), ("inside", ["wc", "no_loop"])])],
       phones=[phone("+358 40 000 0003", "Ajanvaraus ja hoidon tarpeen arvio", "Chargeable", PVM)])
    hs("L-sipoo-hs", "unit-sipoo-health-station", street("Esimerkkikuja", "Exempelgränden"), "2",
       "2025-11-18T13:27:45.004Z", phones=[phone("+358 40 000 0002", None, "Chargeable", PVM)])
    # Askola: Finnish-only municipality, street name only in Finnish, summer closure
    hs("L-askola-hs", "unit-askola-health-station", street("Esimerkkipolku"), "7",
       "2025-10-29T07:58:03.661Z", langs=("fi",))
    hs("L-lapinjarvi-hs", "unit-lapinjarvi-health-station", street("Esimerkkitie", "Exempelvägen"), "3",
       "2025-10-29T08:03:51.207Z")
    hs("L-soderkulla-hs", "unit-soderkulla-health-station", street("Esimerkkiraitti", "Exempelstråket"), "5",
       "2025-11-05T12:44:16.875Z")
    hs("L-porvoo-oral", "unit-porvoo-oral-care", street("Esimerkkikatu", "Exempelgatan"), "8",
       "2025-11-24T09:10:40.391Z", phones=[phone("+358 40 000 0004", "Ajanvaraus", "Chargeable", PVM)])
    hs("L-loviisa-oral", "unit-loviisa-oral-care", street("Esimerkkitie", "Exempelvägen"), "14",
       "2025-11-24T09:12:02.018Z", phones=[phone("+358 40 000 0004", "Ajanvaraus", "Chargeable", PVM)])
    hs("L-dental-company", "unit-priv-dental-porvoo", street("Esimerkkikatu", "Exempelgatan"), "21",
       "2025-11-12T09:05:12.332Z",
       hours=reserve(from_demo_hours(U["unit-priv-dental-porvoo"]["opening_hours"]),
                     T("Vain ajanvarauksella.", "Endast med tidsbokning.", "By appointment only.")),
       emails=["ajanvaraus@example.invalid"])
    hs("L-porvoo-neuvola", "unit-porvoo-neuvola", street("Esimerkkikatu", "Exempelgatan"), "6",
       "2025-10-14T11:31:25.219Z")
    hs("L-loviisa-neuvola", "unit-loviisa-neuvola", street("Esimerkkitie", "Exempelvägen"), "16",
       "2025-10-14T11:33:09.901Z")
    hs("L-sipoo-neuvola", "unit-sipoo-neuvola", street("Esimerkkikuja", "Exempelgränden"), "4",
       "2025-10-14T11:35:47.450Z")
    hs("L-porvoo-mental", "unit-porvoo-mental-health", street("Esimerkkikatu", "Exempelgatan"), "10",
       "2025-11-27T14:20:33.786Z", ("fi", "sv", "en"),
       phones=[phone("+358 40 000 0009", "Neuvonta ja ajanvaraus", "Chargeable", PVM)])
    # L15: unlinked in demo-v2
    hs("L-loviisa-mental", "unit-loviisa-mental-substance", street("Esimerkkitie", "Exempelvägen"), "18",
       "2025-11-27T14:22:58.093Z")
    hs("L-porvoo-homecare", "unit-porvoo-home-care", street("Esimerkkikatu", "Exempelgatan"), "15",
       "2025-12-03T10:48:21.664Z", phones=[phone("+358 40 000 0005", "Seniorineuvonta", "Chargeable", PVM)])
    hs("L-porvoo-day", "unit-porvoo-day-activity", street("Esimerkkikatu", "Exempelgatan"), "17",
       "2025-10-22T08:26:14.507Z")
    hs("L-housing-company", "unit-priv-housing-porvoo", street("Esimerkkitie", "Exempelvägen"), "30",
       "2025-10-20T13:48:40.098Z",
       hours=[always_open(T("Asukkaiden hoito ympäri vuorokauden. Vierailut klo 10–20.",
                            "Omsorg om de boende dygnet runt. Besök kl. 10–20."))])
    hs("L-ngo-seniors", "unit-ngo-seniors-sipoo", street("Esimerkkikuja", "Exempelgränden"), "9",
       "2025-09-30T14:31:55.373Z",
       entrances=[entrance(T("Sisäänkäynti pihan puolelta", "Ingång från gården"), 60.37889, 25.26990, True,
                           [("main", ["ramp", "push_button"]), ("inside", ["wc", "no_loop"])])])
    hs("L-kevatkumpu", "unit-porvoo-enhanced-housing", street("Esimerkkimäki", "Exempelbacken"), "1",
       "2025-12-05T09:57:27.890Z",
       hours=[always_open(T("Hoiva ympäri vuorokauden. Vierailut mieluiten klo 10–19.",
                            "Omsorg dygnet runt. Besök helst kl. 10–19."))],
       entrances=[entrance(T("Pääovi", "Huvuddörr"), 60.39630, 25.69851, True,
                           [("park", ["park_near"]), ("main", ["no_steps", "auto_door"]), ("inside", ["lift", "wc"])])])
    # L21 Social and crisis emergency: OverMidnight (outside office hours, 24h at weekends)
    hs("L-social-emergency", "unit-itu-social-emergency", street("Sairaalantie", "Sjukhusvägen"), "1",
       "2025-12-01T08:21:05.127Z",
       hours=[over_midnight([("mon", "15:00", "tue", "08:00"), ("tue", "15:00", "wed", "08:00"),
                             ("wed", "15:00", "thu", "08:00"), ("thu", "15:00", "fri", "08:00"),
                             ("fri", "14:00", "mon", "08:00")],
                            T("Virka-ajan ulkopuolella ja viikonloppuisin ympäri vuorokauden. Virka-aikana "
                              "ota yhteyttä omaan sosiaalityöntekijääsi.",
                              "Utanför tjänstetid och dygnet runt under veckoslut. Under tjänstetid kontakta "
                              "din egen socialarbetare."))],
       addr_info=T("Sairaalan päivystyksen yhteydessä, C-ovi.", "I anslutning till sjukhusets jour, dörr C."))
    hs("L-parish-family", "unit-parish-family-porvoo", street("Esimerkkikatu", "Exempelgatan"), "2",
       "2025-10-08T11:15:37.245Z",
       hours=reserve(from_demo_hours(U["unit-parish-family-porvoo"]["opening_hours"]),
                     T("Ajanvarauksella.", "Med tidsbokning.")))
    # L23 Porvoo youth centre: municipal; Friday youth café runs over midnight
    yc = U["unit-porvoo-youth-centre"]["opening_hours"]
    y_hours = [weekly([(["tue", "wed", "thu"], "14:00", "21:00"), (["sat"], "16:00", "22:00")]),
               over_midnight([("fri", "14:00", "sat", "00:30")],
                             T("Perjantaina nuorisokahvila puoleenyöhön asti.",
                               "På fredag är ungdomscaféet öppet till efter midnatt."))]
    y_hours += [h for h in from_demo_hours(yc) if h["serviceHourType"] == "Exceptional"]
    hs("L-porvoo-youth", "unit-porvoo-youth-centre", street("Esimerkkikatu", "Exempelgatan"), "25",
       "2025-12-02T15:06:48.554Z", hours=y_hours)

    # ---- electronic channels ----
    def from_demo(key, demo_id, ctype, modified, area_codes=COUNTY_MUNIS, nationwide=False, langs=None):
        d = D_CH[demo_id]
        langs = tuple(langs or d["languages"])
        c = base_channel(key, ctype, d["organization"], d["name"], d["description"],
                         split_summary(d["description"]), langs, modified, area_codes, nationwide)
        c["sourceId"] = demo_id
        return c, d

    def acc(level="PartiallyCompliant"):
        return [{"accessibilityClassificationLevel": level, "wcagLevel": "LevelAA",
                 "accessibilityStatementWebPageName": name, "accessibilityStatementWebPage": url, "language": lang}
                for lang, name, url in (("fi", "Saavutettavuusseloste", "https://example.invalid/itu/saavutettavuus"),
                                        ("sv", "Tillgänglighetsutlåtande", "https://example.invalid/itu/tillganglighet"))]

    def echannel(key, demo_id, modified, auth, sign=False):
        c, d = from_demo(key, demo_id, "EChannel", modified)
        c.update({
            "signatureQuantity": 0,
            "requiresSignature": sign,
            "requiresAuthentication": auth,
            "attachments": [],
            "supportPhones": [],
            "supportEmails": [{"value": "asiointi@example.invalid", "language": "fi"}],
            "webPages": [{"url": d["url"], "value": d["name"][l], "language": l} for l in c["languages"]],
            "serviceHours": [always_open()],
            "accessibilityClassification": acc(),
        })
        return c

    ch["E-health"] = echannel("ptv-ec-health", "ch-itu-eservice-health", "2025-11-03T08:00:12.901Z", True)
    ch["E-child-protection"] = echannel("ptv-ec-child-protection", "ch-itu-eservice-child-protection",
                                        "2025-10-16T12:34:56.078Z", False)
    ch["E-video"] = echannel("ptv-ec-video", "ch-itu-video", "2025-11-03T08:02:47.316Z", True)
    ch["E-video"]["serviceHours"] = [weekly([(["mon", "tue", "wed", "thu", "fri"], "08:00", "16:00")],
                                            reservation=True,
                                            info=T("Etävastaanotto varatulla ajalla.", "Distansmottagning på bokad tid."))]

    def phone_ch(key, demo_id, modified, info=None, charge="Chargeable", desc=PVM, nationwide=False, svc=False,
                 hours=None):
        c, d = from_demo(key, demo_id, "Phone", modified, nationwide=nationwide)
        num = d["phone"]
        nums = [phone(num, info, charge, desc, "fi", svc)]
        if "sv" in c["languages"]:
            nums.append(phone(num, info, charge, PVM_SV if desc == PVM else desc, "sv", svc))
        c.update({
            "phoneNumbers": nums,
            "supportEmails": [],
            "serviceHours": hours if hours is not None else from_demo_hours(d["hours"]),
        })
        return c

    ch["P-west"] = phone_ch("ptv-ph-health-west", "ch-itu-phone-health-west", "2025-11-18T07:30:00.515Z")
    ch["P-east"] = phone_ch("ptv-ph-health-east", "ch-itu-phone-health-east", "2025-11-18T07:31:29.880Z")
    ch["P-sipoo"] = phone_ch("ptv-ph-health-sipoo", "ch-itu-phone-health-sipoo", "2025-11-18T07:32:44.102Z")
    ch["P-oral"] = phone_ch("ptv-ph-oral-care", "ch-itu-phone-oral-care", "2025-11-24T09:00:03.377Z")
    ch["P-116117"] = phone_ch("ptv-ph-116117", "ch-116117", "2025-09-01T06:00:00.000Z", "Päivystysapu",
                              "FreeOfCharge", None, nationwide=True, svc=True)
    ch["P-senior"] = phone_ch("ptv-ph-senior-advice", "ch-itu-phone-senior-advice", "2025-12-03T10:40:09.734Z")
    ch["P-social-emergency"] = phone_ch("ptv-ph-social-emergency", "ch-itu-phone-social-emergency",
                                        "2025-12-01T08:18:41.662Z")
    ch["P-child-protection"] = phone_ch("ptv-ph-child-protection", "ch-itu-phone-child-protection",
                                        "2025-10-16T12:30:11.251Z")
    ch["P-mental"] = phone_ch("ptv-ph-mental-substance", "ch-itu-phone-mental-substance", "2025-11-27T14:15:38.947Z")
    ch["P-family"] = phone_ch("ptv-ph-family", "ch-itu-phone-family", "2025-10-14T11:20:52.613Z")

    def webpage(key, demo_id, modified, area_codes=COUNTY_MUNIS):
        c, d = from_demo(key, demo_id, "WebPage", modified, area_codes)
        c.update({
            "supportPhones": [],
            "supportEmails": [],
            "webPages": [{"url": d["url"], "value": d["name"][l], "language": l} for l in c["languages"]],
            "accessibilityClassification": acc("FullyCompliant" if "itauusimaa" in d["url"] else "Unknown"),
        })
        return c

    ch["W-itu"] = webpage("ptv-wp-itu", "ch-itu-web", "2025-09-01T06:05:00.000Z")
    ch["W-vouchers"] = webpage("ptv-wp-vouchers", "ch-itu-web-vouchers", "2025-11-12T09:00:40.622Z")
    ch["W-sipoo"] = webpage("ptv-wp-sipoo", "ch-mun-753-web", "2025-08-27T12:20:00.000Z", ["753"])
    ch["W-porvoo"] = webpage("ptv-wp-porvoo", "ch-mun-638-web", "2025-09-15T10:07:00.000Z", ["638"])
    ch["W-loviisa"] = webpage("ptv-wp-loviisa", "ch-mun-434-web", "2025-10-01T08:33:00.000Z", ["434"])

    def form(key, names, desc, form_id, urls, modified, receiver):
        c = base_channel(key, "PrintableForm", "org-itu", names, desc, split_summary(desc), ("fi", "sv"),
                         modified, COUNTY_MUNIS)
        c.update({
            "formIdentifier": lv(form_id, ("fi", "sv")),
            "deliveryAddresses": [{
                "subType": "PostOfficeBox",
                "postOfficeBoxAddress": {
                    "postOfficeBox": lv(T("PL 999", "PB 999"), ("fi", "sv")),
                    "postalCode": "06101",
                    "postOffice": lv(T("Porvoo", "Borgå"), ("fi", "sv")),
                    "municipality": muni("638"),
                    "additionalInformation": [],
                },
                "streetAddress": None,
                "deliveryAddressInText": [],
                "receiver": lv(receiver, ("fi", "sv")),
            }],
            "channelUrls": [{"language": l, "value": u, "type": "PDF"} for l, u in urls],
            "attachments": [],
            "supportPhones": [],
            "supportEmails": [{"value": "kirjaamo@example.invalid", "language": "fi"}],
            "webPages": [],
        })
        return c

    ch["F-child-protection"] = form(
        "ptv-pf-child-protection",
        T("Lastensuojeluilmoitus, tulostettava lomake", "Barnskyddsanmälan, blankett för utskrift"),
        T("Tulosta lomake, täytä se ja lähetä se postitse tai tuo se sosiaalitoimistoon. Kiireellisessä "
          "tilanteessa soita heti lastensuojelun päivystykseen tai hätänumeroon 112.",
          "Skriv ut blanketten, fyll i den och skicka den per post eller för den till socialbyrån. I "
          "brådskande fall ring genast barnskyddsjouren eller nödnumret 112."),
        T("LS-1", "LS-1"),
        [("fi", "https://example.invalid/itu/lomakkeet/lastensuojeluilmoitus.pdf"),
         ("sv", "https://example.invalid/itu/blanketter/barnskyddsanmalan.pdf")],
        "2025-10-16T12:36:20.441Z",
        T("Itä-Uudenmaan hyvinvointialue, lastensuojelu", "Östra Nylands välfärdsområde, barnskydd"))
    ch["F-home-care"] = form(
        "ptv-pf-home-care",
        T("Kotihoidon ja tukipalvelujen hakemus", "Ansökan om hemvård och stödtjänster"),
        T("Hakemuksella voit hakea kotihoitoa, kotihoidon palveluseteliä tai tukipalveluja. Voit myös soittaa "
          "Seniorineuvontaan, joka auttaa hakemuksen täyttämisessä.",
          "Med ansökan kan du ansöka om hemvård, servicesedel för hemvård eller stödtjänster. Du kan också "
          "ringa Seniorrådgivningen som hjälper dig att fylla i ansökan."),
        T("KH-1", "KH-1"),
        [("fi", "https://example.invalid/itu/lomakkeet/kotihoito.pdf"),
         ("sv", "https://example.invalid/itu/blanketter/hemvard.pdf")],
        "2025-12-03T10:44:57.018Z",
        T("Itä-Uudenmaan hyvinvointialue, ikääntyneiden palvelut", "Östra Nylands välfärdsområde, äldreomsorg"))
    return ch


# ---------------------------------------------------------------------------
# services
# ---------------------------------------------------------------------------
def producer(oid, provision, info=None):
    return {
        "organization": org_ref(oid) if oid else None,
        "roleType": "Producer",
        "provisionType": provision,
        "additionalInformation": lv(info) if info else [],
    }


def responsible(oid, role="Responsible"):
    return {"organization": org_ref(oid), "roleType": role, "provisionType": None, "additionalInformation": []}


CHARGE = {"chargeable": "Chargeable", "free": "FreeOfCharge"}


LINK_DEFAULT_MODIFIED = "set-by-service"


def link(ch_key, channels, hours=None, desc=None, contact=None, modified=LINK_DEFAULT_MODIFIED,
         charge=None):
    c = channels[ch_key]
    fi_name = next(n["value"] for n in c["serviceChannelNames"] if n["language"] == "fi")
    return {
        "serviceChannel": {"id": c["id"], "name": fi_name},
        "serviceChargeType": charge,
        "description": li(desc, LANGS, "Description") if desc else [],
        "extraTypes": [],
        "serviceHours": hours or [],
        "contactDetails": contact or {"emails": [], "phoneNumbers": [], "webPages": [], "addresses": []},
        "digitalAuthorizations": [],
        "modified": modified,
    }


def service(demo_id, *, modified, orgs, links, classes=None, targets=None, life=None, onto_keys=(),
            langs=("fi", "sv"), text_langs=("fi", "sv"), area_codes=COUNTY_MUNIS, type_="Service",
            vouchers=None, charge_info=None, instruction=None, overrides=None):
    d = D_SVC[demo_id]
    o = overrides or {}
    name = o.get("name", d["name"])
    summary = o.get("summary", d["summary"])
    desc = o.get("description", d["description"])
    descs = li(summary, text_langs, "Summary") + li(desc, text_langs, "Description")
    if instruction:
        descs += li(instruction, text_langs, "UserInstruction")
    if charge_info:
        descs += li(charge_info, text_langs, "ChargeTypeAdditionalInfo")
    kw = []
    for lang in text_langs:
        kw += [{"value": k, "language": lang} for k in d["keywords"].get(lang, [])[:6]]
    for lk in links:  # a connection made when the service was last published
        if lk["modified"] == LINK_DEFAULT_MODIFIED:
            lk["modified"] = modified
    s = {
        "id": uid(demo_id),
        "sourceId": demo_id,
        "generalDescriptionId": None,
        "subType": None,
        "type": type_,
        "fundingType": "PubliclyFunded",
        "serviceNames": li(name, text_langs, "Name"),
        "serviceChargeType": CHARGE[d["charge"]],
        "areaType": "LimitedType",
        "areas": areas(area_codes),
        "serviceDescriptions": descs,
        "languages": list(langs),
        "serviceClasses": [service_class(c) for c in (classes or d["service_classes"])],
        "ontologyTerms": [onto(k) for k in onto_keys],
        "targetGroups": [fterm(F_TARGET, c) for c in (targets or d["target_groups"])],
        "lifeEvents": [fterm(F_LIFE, c) for c in (life if life is not None else d["life_events"])],
        "industrialClasses": [],
        "legislation": [],
        "keywords": kw,
        "requirements": lv(o.get("eligibility", d["eligibility"]), text_langs),
        "serviceChannels": links,
        "organizations": orgs,
        "serviceVouchersInUse": bool(vouchers),
        "serviceVouchers": vouchers or [],
        "serviceCollections": [],
        "publishingStatus": "Published",
        "modified": modified,
        "responsibleSoteOrganization": None,
    }
    return s


def law(fi, sv, url_fi, url_sv):
    return {"names": [{"value": fi, "language": "fi"}, {"value": sv, "language": "sv"}],
            "webPages": [{"url": url_fi, "value": fi, "language": "fi"},
                         {"url": url_sv, "value": sv, "language": "sv"}]}


def build_services(ch):
    L = lambda key, **kw: link(key, ch, **kw)  # noqa: E731
    EN = ("fi", "sv", "en")
    svcs = {}

    svcs["doctor"] = service(
        "svc-doctor-appointment", modified="2025-12-10T09:45:51.208Z", langs=EN, text_langs=EN,
        onto_keys=["lääkäri", "terveysasema"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices")],
        charge_info=T("Lääkärikäynnistä peritään asiakasmaksulain mukainen maksu. Alle 18-vuotiaiden käynnit ovat maksuttomia.",
                      "För läkarbesök tas en avgift enligt lagen om klientavgifter. Besök för personer under 18 år är avgiftsfria.",
                      "A fee under the Client Fees Act is charged for doctor's visits. Visits for under-18s are free of charge."),
        instruction=T("Soita terveysasemien puhelinpalveluun tai jätä yhteydenottopyyntö sähköisessä asioinnissa.",
                      "Ring hälsostationernas telefontjänst eller lämna en kontaktbegäran i e-tjänsten.",
                      "Call the health station phone service or leave a contact request in the e-service."),
        links=[L("L-porvoo-hs"), L("L-loviisa-hs"), L("L-sipoo-hs"),
               L("L-askola-hs", hours=[weekly([(["mon", "wed"], "08:00", "15:30")],
                                              info=T("Lääkäri paikalla maanantaisin ja keskiviikkoisin.",
                                                     "Läkaren är på plats måndagar och onsdagar."))]),
               L("L-lapinjarvi-hs"),
               L("L-soderkulla-hs", hours=[weekly([(["tue", "thu"], "08:00", "15:00")],
                                                  info=T("Lääkärin vastaanotto tiistaisin ja torstaisin.",
                                                         "Läkarmottagning tisdagar och torsdagar."))]),
               L("P-west"), L("P-east"), L("P-sipoo"), L("E-health"), L("E-video"), L("W-itu")])

    svcs["emergency"] = service(
        "svc-emergency-care", modified="2025-12-01T08:25:10.873Z", langs=EN, text_langs=EN,
        onto_keys=["päivystys"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices")],
        charge_info=T("Päivystyskäynnistä peritään asiakasmaksulain mukainen maksu.",
                      "För jourbesök tas en avgift enligt lagen om klientavgifter.",
                      "A fee under the Client Fees Act is charged for emergency visits."),
        links=[L("L-hospital"), L("P-116117"), L("W-itu")])

    svcs["oral-adults"] = service(
        "svc-oral-adults", modified="2025-11-24T09:20:14.559Z", onto_keys=["hammashoito"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices")],
        links=[L("L-porvoo-oral"), L("L-loviisa-oral"), L("P-oral"), L("E-health")])

    svcs["oral-voucher"] = service(
        "svc-oral-voucher", modified="2025-11-12T09:30:02.784Z", onto_keys=["hammashoito", "palveluseteli"],
        orgs=[responsible("org-itu"),
              producer("org-priv-dental-a", "Other",
                       T("Palvelusetelituottaja", "Serviceproducent med servicesedel")),
              producer(None, "Other",
                       T("Muut hyväksytyt palvelusetelituottajat: katso luettelo verkkosivuilta.",
                         "Övriga godkända serviceproducenter: se förteckningen på webbplatsen."))],
        vouchers=[{"value": "Suun terveydenhuollon palveluseteli", "language": "fi",
                   "url": "https://example.invalid/itu/service-vouchers/suun-terveydenhuolto",
                   "additionalInformation": "Palvelusetelin arvo 60 € / hoitokäynti (esimerkki)."},
                  {"value": "Servicesedel för mun- och tandvård", "language": "sv",
                   "url": "https://example.invalid/itu/servicesedlar/mun-och-tandvard",
                   "additionalInformation": "Servicesedelns värde 60 € / vårdbesök (exempel)."}],
        links=[L("L-dental-company"), L("W-vouchers"), L("P-oral")])

    svcs["child-clinic"] = service(
        "svc-child-health-clinic", modified="2025-10-14T11:40:29.115Z", langs=EN, text_langs=EN,
        onto_keys=["neuvola"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices")],
        links=[L("L-porvoo-neuvola"), L("L-loviisa-neuvola"), L("L-sipoo-neuvola"), L("P-family"), L("E-health")])

    svcs["mediation"] = service(
        "svc-family-mediation", modified="2025-10-08T11:20:03.690Z", onto_keys=["sovittelu"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices"),
              producer("org-parish-porvoo", "ProcuredServices",
                       T("Ruotsinkielinen sovittelu ostopalveluna.", "Medling på svenska som köptjänst."))],
        links=[L("L-parish-family", desc=T("Sovittelu ruotsiksi ja suomeksi perheasiain neuvottelukeskuksessa.",
                                           "Medling på svenska och finska vid familjerådgivningscentralen.")),
               L("P-family"), L("W-itu")])

    svcs["cp-notification"] = service(
        "svc-child-protection-notification", modified="2025-10-16T12:40:44.027Z", type_="PermitOrObligation",
        onto_keys=["lastensuojelu"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices")],
        instruction=T("Kiireellisessä tilanteessa soita hätänumeroon 112.",
                      "Ring nödnumret 112 i brådskande situationer."),
        links=[L("E-child-protection"), L("P-child-protection"), L("F-child-protection")])
    svcs["cp-notification"]["legislation"] = [
        law("Lastensuojelulaki (417/2007)", "Barnskyddslag (417/2007)",
            "https://www.finlex.fi/fi/laki/ajantasa/2007/20070417",
            "https://www.finlex.fi/sv/laki/ajantasa/2007/20070417")]

    svcs["mental-adults"] = service(
        "svc-mental-health-adults", modified="2025-11-27T14:30:17.352Z", langs=EN, text_langs=EN,
        onto_keys=["mielenterveys"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices")],
        links=[L("L-porvoo-mental",
                 hours=[weekly([(["tue", "thu"], "12:00", "15:00")],
                               info=T("Walk-in-vastaanotto ilman ajanvarausta.", "Walk in-mottagning utan tidsbokning.",
                                      "Walk-in hours without an appointment."))],
                 desc=T("Walk-in-vastaanotto tiistaisin ja torstaisin.", "Walk in-mottagning tisdagar och torsdagar.",
                        "Walk-in on Tuesdays and Thursdays.")),
               L("L-loviisa-mental"), L("P-mental"), L("E-video")])

    svcs["home-care"] = service(
        "svc-home-care", modified="2025-12-03T10:55:36.419Z", langs=EN, text_langs=EN,
        onto_keys=["kotihoito", "ikääntyneet", "palveluseteli"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices"),
              producer(None, "Other",
                       T("Palvelusetelillä: hyvinvointialueen hyväksymät kotihoidon palveluntuottajat.",
                         "Med servicesedel: hemvårdsproducenter som välfärdsområdet har godkänt.",
                         "With a service voucher: home care providers approved by the county."))],
        vouchers=[{"value": "Kotihoidon palveluseteli", "language": "fi",
                   "url": "https://example.invalid/itu/service-vouchers/kotihoito",
                   "additionalInformation": "Setelin arvo määräytyy tulojen mukaan."},
                  {"value": "Servicesedel för hemvård", "language": "sv",
                   "url": "https://example.invalid/itu/servicesedlar/hemvard",
                   "additionalInformation": "Sedelns värde bestäms enligt inkomsterna."}],
        charge_info=T("Säännöllisestä kotihoidosta peritään tulojen mukaan määräytyvä kuukausimaksu.",
                      "För regelbunden hemvård tas en månadsavgift som bestäms enligt inkomsterna.",
                      "A monthly fee based on income is charged for regular home care."),
        links=[L("L-porvoo-homecare"), L("P-senior"), L("W-vouchers"), L("F-home-care")])

    # THE three-producer service: county self-produced + company procured + NGO other
    svcs["day-activities"] = service(
        "svc-senior-day-activities", modified="2025-10-22T08:35:59.963Z", onto_keys=["päivätoiminta", "ikääntyneet"],
        langs=EN, text_langs=EN,
        overrides={"description": T(
            "Päivätoiminta tukee kotona asumista ja antaa omaishoitajalle vapaata. Kuljetus järjestetään "
            "tarvittaessa. Päivätoimintaa on hyvinvointialueen omassa päivätoimintakeskuksessa Porvoossa, "
            "ostopalveluna Palvelukoti Esimerkissä Porvoossa ja yhteistyössä Seniorikeskus Esimerkin kanssa "
            "Nikkilässä.",
            "Dagverksamheten stöder boendet hemma och ger närståendevårdaren ledigt. Transport ordnas vid "
            "behov. Dagverksamhet finns i välfärdsområdets eget dagverksamhetscenter i Borgå, som köptjänst "
            "vid Servicehemmet Exempel i Borgå och i samarbete med Seniorcentret Exempel i Nickby.",
            "Day activities support living at home and give family carers time off. Transport is arranged if "
            "needed. Day activities are offered at the county's own day centre in Porvoo, as a purchased "
            "service at Example Service Home in Porvoo, and together with Example Senior Centre in Nikkilä.")},
        orgs=[responsible("org-itu"),
              producer("org-itu", "SelfProducedServices"),
              producer("org-priv-housing", "ProcuredServices",
                       T("Päivätoiminta Palvelukoti Esimerkissä ostopalveluna.",
                         "Dagverksamhet vid Servicehemmet Exempel som köptjänst.")),
              producer("org-ngo-seniors", "Other",
                       T("Yhdistyksen päivätoiminta Nikkilässä yhteistyösopimuksella.",
                         "Föreningens dagverksamhet i Nickby enligt samarbetsavtal."))],
        links=[L("L-porvoo-day"),
               L("L-housing-company", hours=[weekly([(["mon", "wed", "fri"], "09:00", "15:00")],
                                                    info=T("Päivätoimintaryhmät.", "Dagverksamhetsgrupper."))]),
               L("L-ngo-seniors", hours=[weekly([(["tue", "thu"], "09:00", "14:00")],
                                                info=T("Päivätoimintaryhmät tiistaisin ja torstaisin.",
                                                       "Dagverksamhetsgrupper tisdagar och torsdagar."))],
                 contact={"emails": [{"value": "paivatoiminta@example.invalid", "language": "fi"}],
                          "phoneNumbers": [], "webPages": [], "addresses": []}),
               L("P-senior")])

    svcs["housing"] = service(
        "svc-enhanced-service-housing", modified="2025-12-05T10:02:44.175Z", onto_keys=["palveluasuminen", "ikääntyneet"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices"),
              producer("org-priv-housing", "Other", T("Palvelusetelillä.", "Med servicesedel."))],
        vouchers=[{"value": "Ympärivuorokautisen palveluasumisen palveluseteli", "language": "fi",
                   "url": "https://example.invalid/itu/service-vouchers/palveluasuminen",
                   "additionalInformation": None},
                  {"value": "Servicesedel för serviceboende med heldygnsomsorg", "language": "sv",
                   "url": "https://example.invalid/itu/servicesedlar/serviceboende",
                   "additionalInformation": None}],
        links=[L("L-kevatkumpu"), L("L-housing-company"), L("P-senior"), L("W-vouchers")])

    svcs["social-emergency"] = service(
        "svc-social-crisis-emergency", modified="2025-12-01T08:28:33.540Z", onto_keys=["kriisityö"],
        orgs=[responsible("org-itu"), producer("org-itu", "SelfProducedServices")],
        links=[L("L-social-emergency"), L("P-social-emergency"), L("W-itu")])

    yp = D_SVC["svc-youth-work-porvoo"]["summary"]
    svcs["youth-porvoo"] = service(
        "svc-youth-work-porvoo", modified="2025-12-02T15:10:21.837Z", area_codes=["638"], onto_keys=["nuorisotyö"],
        overrides={"summary": {**yp, "fi": yp["fi"].replace("Porvoon kaupunkin", "Porvoon kaupungin")}},
        orgs=[responsible("org-mun-638"), producer("org-mun-638", "SelfProducedServices")],
        links=[L("L-porvoo-youth"), L("W-porvoo")])

    svcs["outreach-loviisa"] = service(
        "svc-outreach-youth-work-loviisa", modified="2025-10-01T08:40:15.264Z", area_codes=["434", "407"],
        onto_keys=["etsivä"],
        orgs=[responsible("org-mun-434"), producer("org-mun-434", "SelfProducedServices")],
        links=[L("W-loviisa")])

    svcs["welfare-sipoo"] = service(
        "svc-student-welfare-sipoo", modified="2025-08-27T12:25:48.990Z", area_codes=["753"],
        onto_keys=["oppilashuolto"],
        orgs=[responsible("org-mun-753"), responsible("org-itu", "OtherResponsible"),
              producer("org-mun-753", "SelfProducedServices"),
              producer("org-itu", "Other", T("Koulupsykologit ja -kuraattorit.", "Skolpsykologer och skolkuratorer."))],
        links=[L("W-sipoo")])
    return svcs


def mirror_links(channels, services):
    """Fill channel.services[] (PTV returns the connection on both sides)."""
    by_id = {c["id"]: c for c in channels}
    for c in channels:
        c["services"] = []
    for s in services:
        fi_name = next(n["value"] for n in s["serviceNames"] if n["language"] == "fi")
        for lk in s["serviceChannels"]:
            c = by_id[lk["serviceChannel"]["id"]]
            c["services"].append({
                "service": {"id": s["id"], "name": fi_name},
                "serviceChargeType": lk["serviceChargeType"],
                "description": lk["description"],
                "extraTypes": lk["extraTypes"],
                "serviceHours": lk["serviceHours"],
                "contactDetails": lk["contactDetails"],
                "digitalAuthorizations": lk["digitalAuthorizations"],
                "modified": lk["modified"],
            })


def fill_org_services(orgs, services):
    by_id = {o["id"]: o for o in orgs}
    for o in orgs:
        o["services"] = []
    for s in services:
        fi_name = next(n["value"] for n in s["serviceNames"] if n["language"] == "fi")
        for r in s["organizations"]:
            if r["organization"] is None:
                continue
            by_id[r["organization"]["id"]]["services"].append({
                "service": {"id": s["id"], "name": fi_name},
                "roleType": r["roleType"],
                "provisionType": r["provisionType"],
                "additionalInformation": r["additionalInformation"],
            })


# ---------------------------------------------------------------------------
# demo-v2: a later export of the same catalog
# ---------------------------------------------------------------------------
V2 = {}  # filled by build_v2, used by README/check


def set_text(svc, typ, values):
    for d in svc["serviceDescriptions"]:
        if d["type"] == typ and d["language"] in values:
            d["value"] = values[d["language"]]


def build_v2(orgs, channels, services):
    orgs = copy.deepcopy(orgs)
    channels = copy.deepcopy(channels)
    services = copy.deepcopy(services)
    S = {s["sourceId"]: s for s in services}
    C = {c["sourceId"]: c for c in channels}

    # 1-3: newer modified + changed text
    s = S["svc-doctor-appointment"]
    s["modified"] = "2026-03-02T08:12:40.517Z"
    set_text(s, "Description", {
        "fi": "Lääkärin vastaanotolle hakeudutaan soittamalla terveysaseman puhelinpalveluun tai sähköisen "
              "asioinnin kautta. Hoitaja arvioi ensin hoidon tarpeen ja varaa tarvittaessa ajan lääkärille, "
              "hoitajalle tai etävastaanotolle. Kiireettömään hoitoon pääsee alle 23-vuotiaana 14 vuorokaudessa "
              "ja 23 vuotta täyttäneenä kolmessa kuukaudessa hoidon tarpeen arvioinnista.",
        "sv": "Du söker dig till läkarmottagningen genom att ringa hälsostationens telefontjänst eller via "
              "e-tjänsten. En skötare bedömer först vårdbehovet och bokar vid behov tid till läkare, skötare "
              "eller distansmottagning. Icke-brådskande vård ges personer under 23 år inom 14 dygn och personer "
              "som fyllt 23 år inom tre månader från bedömningen av vårdbehovet.",
        "en": "To see a doctor, call the health station phone service or use the e-service. A nurse first "
              "assesses your need for care and, if needed, books an appointment with a doctor, nurse or a remote "
              "appointment. Non-urgent care is given within 14 days to people under 23 and within three months "
              "to people aged 23 and over, counted from the assessment of care need.",
    })
    s = S["svc-home-care"]
    s["modified"] = "2026-03-05T13:47:09.088Z"
    set_text(s, "Summary", {
        "fi": "Kotihoito tukee kotona asumista hoidon ja huolenpidon avulla ympäri vuorokauden.",
        "sv": "Hemvården stöder boende hemma genom vård och omsorg dygnet runt.",
        "en": "Home care supports living at home with care and assistance around the clock.",
    })
    s = S["svc-oral-voucher"]
    s["modified"] = "2026-03-09T09:03:55.641Z"
    for v in s["serviceVouchers"]:
        v["additionalInformation"] = {"fi": "Palvelusetelin arvo 70 € / hoitokäynti 1.4.2026 alkaen (esimerkki).",
                                      "sv": "Servicesedelns värde 70 € / vårdbesök från 1.4.2026 (exempel)."}[v["language"]]
    set_text(s, "Summary", {
        "fi": "Palvelusetelillä voit valita hammashoitosi yksityiseltä hyväksytyltä palveluntuottajalta. "
              "Setelin arvo nousee 1.4.2026.",
        "sv": "Med servicesedel kan du välja en privat godkänd producent för din tandvård. Sedelns värde "
              "höjs 1.4.2026.",
    })

    # 4: a service drops a channel link; that channel is then linked by no service
    s = S["svc-mental-health-adults"]
    s["modified"] = "2026-03-12T11:25:30.902Z"
    dropped = C["unit-loviisa-mental-substance"]
    s["serviceChannels"] = [lk for lk in s["serviceChannels"] if lk["serviceChannel"]["id"] != dropped["id"]]
    dropped["modified"] = "2026-03-12T11:25:30.902Z"

    # 5: a channel has changed hours (Loviisa health station: longer Thursday, Easter closures)
    c = C["unit-loviisa-health-station"]
    c["modified"] = "2026-03-10T07:55:18.346Z"
    reg = next(h for h in c["serviceHours"] if h["serviceHourType"] == "DaysOfTheWeek" and h["validForNow"])
    for oh in reg["openingHour"]:
        if oh["dayFrom"] == "Thursday":
            oh["to"] = "18:00:00"
    reg["additionalInformation"] = lv(T("Torstaisin iltavastaanotto klo 18 asti.",
                                        "Torsdagar kvällsmottagning till kl. 18."))
    c["serviceHours"].insert(1, exceptional("2026-04-03", "2026-04-06", True, None,
                                            T("Pääsiäinen", "Påsk", "Easter")))

    # 6: an OLDER version of one service (an import of it must change nothing)
    s = S["svc-youth-work-porvoo"]
    s["modified"] = "2025-06-10T10:00:00.000Z"
    set_text(s, "Summary", {
        "fi": "Nuorisotalo on avoinna nuorille kouluviikkojen iltapäivinä ja iltaisin. (Vanha teksti.)",
        "sv": "Ungdomsgården är öppen för unga eftermiddagar och kvällar under skolveckor. (Gammal text.)",
    })

    mirror_links(channels, services)
    fill_org_services(orgs, services)
    V2.update({
        "changed_text": [uid("svc-doctor-appointment"), uid("svc-home-care"), uid("svc-oral-voucher")],
        "unlinked_service": uid("svc-mental-health-adults"),
        "unlinked_channel": dropped["id"],
        "changed_hours_channel": c["id"],
        "older_service": uid("svc-youth-work-porvoo"),
    })
    return orgs, channels, services


# ---------------------------------------------------------------------------
# faults
# ---------------------------------------------------------------------------
def dump(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def build_faults(channels, services):
    fd = os.path.join(HERE, "faults")
    os.makedirs(fd, exist_ok=True)
    S = {s["sourceId"]: s for s in services}
    C = {c["sourceId"]: c for c in channels}
    rows = []

    def small_service(src):
        s = copy.deepcopy(S[src])
        s["serviceChannels"] = s["serviceChannels"][:2]
        return s

    # 1 truncated JSON: valid first object, second cut mid-object
    a, b = small_service("svc-emergency-care"), small_service("svc-oral-adults")
    text = json.dumps([a, b], ensure_ascii=False, indent=2)
    cut = text.index('"serviceDescriptions"', text.index(b["id"]))
    with open(os.path.join(fd, "services-truncated.json"), "w", encoding="utf-8") as f:
        f.write(text[:cut + 40])
    rows.append(("services-truncated.json", "$[1]", "truncated"))

    # 2 wrong type: serviceNames a string
    s = small_service("svc-doctor-appointment")
    s["serviceNames"] = "Lääkärin vastaanotto"
    dump(os.path.join(fd, "services-wrong-type-service-names.json"), [s])
    rows.append(("services-wrong-type-service-names.json", "$[0].serviceNames", "must be an array"))

    # 3 unknown channel type
    c = copy.deepcopy(C["ch-itu-web"])
    c["serviceChannelType"] = "Hologram"
    c["id"] = uid("fault-hologram")
    c["services"] = []
    dump(os.path.join(fd, "channels-unknown-channel-type.json"), [c])
    rows.append(("channels-unknown-channel-type.json", "$[0].serviceChannelType", "Hologram"))

    # 4 duplicated id: two different services with the same id
    a, b = small_service("svc-family-mediation"), small_service("svc-social-crisis-emergency")
    b["id"] = a["id"]
    dump(os.path.join(fd, "services-duplicate-id.json"), [a, b])
    rows.append(("services-duplicate-id.json", "$[1].id", "duplicate"))

    def one_location(src, new_key):
        c = copy.deepcopy(C[src])
        c["id"] = uid(new_key)
        c["services"] = []
        return c

    # 5 missing coordinates on a ServiceLocation
    c = one_location("unit-porvoo-neuvola", "fault-no-coordinates")
    del c["addresses"][0]["streetAddress"]["latitude"]
    del c["addresses"][0]["streetAddress"]["longitude"]
    c["addresses"][0]["streetAddress"]["coordinateState"] = "NotReceived"
    dump(os.path.join(fd, "channels-missing-coordinates.json"), [c])
    rows.append(("channels-missing-coordinates.json", "$[0].addresses[0].streetAddress.latitude", "missing coordinates"))

    # 6 coordinates swapped (latitude holds the easting)
    c = one_location("unit-porvoo-hospital", "fault-swapped")
    sa = c["addresses"][0]["streetAddress"]
    sa["latitude"], sa["longitude"] = sa["longitude"], sa["latitude"]
    for e in c["addresses"][0]["entrances"]:
        e["coordinates"]["latitude"], e["coordinates"]["longitude"] = e["coordinates"]["longitude"], e["coordinates"]["latitude"]
    dump(os.path.join(fd, "channels-coordinates-swapped.json"), [c])
    rows.append(("channels-coordinates-swapped.json", "$[0].addresses[0].streetAddress.latitude", "swapped"))

    # 7 coordinates outside Finland: Stockholm (59.3293 N 18.0686 E) in EPSG:3067
    c = one_location("unit-sipoo-health-station", "fault-outside-finland")
    n, e = tm(59.3293, 18.0686)
    c["addresses"][0]["streetAddress"]["latitude"] = n
    c["addresses"][0]["streetAddress"]["longitude"] = e
    dump(os.path.join(fd, "channels-coordinates-outside-finland.json"), [c])
    rows.append(("channels-coordinates-outside-finland.json", "$[0].addresses[0].streetAddress.latitude", "outside Finland"))

    # 8 opening hours whose end precedes start (DaysOfTheWeek, not OverMidnight)
    c = one_location("unit-lapinjarvi-health-station", "fault-hours")
    c["serviceHours"] = [weekly([(["mon"], "16:00", "08:00"), (["tue", "wed", "thu", "fri"], "08:00", "16:00")])]
    dump(os.path.join(fd, "channels-hours-end-before-start.json"), [c])
    rows.append(("channels-hours-end-before-start.json", "$[0].serviceHours[0].openingHour[0]", "before"))

    # 9 a service linking a channel id that exists nowhere
    s = small_service("svc-oral-adults")
    missing = uid("fault-channel-that-does-not-exist")
    s["serviceChannels"][1]["serviceChannel"] = {"id": missing, "name": "Hammashoitola, jota ei ole"}
    dump(os.path.join(fd, "services-unknown-channel-link.json"), [s])
    rows.append(("services-unknown-channel-link.json", "$[0].serviceChannels[1].serviceChannel.id", missing))

    # 10 deeply nested JSON (written by make_deep.py)
    subprocess.run([sys.executable, os.path.join(fd, "make_deep.py")], check=True)
    rows.append(("deep.json", "$[0]", "nested too deeply"))

    with open(os.path.join(fd, "EXPECTED.tsv"), "w", encoding="utf-8") as f:
        f.write("file\tjson_path\texpected_error_substring\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    return rows


# ---------------------------------------------------------------------------
def main():
    orgs = build_organizations()
    ch = build_channels()
    svcs = build_services(ch)
    channels = list(ch.values())
    services = list(svcs.values())
    mirror_links(channels, services)
    fill_org_services(orgs, services)
    for name, data in (("organizations", orgs), ("channels", channels), ("services", services)):
        dump(os.path.join(HERE, "demo", name + ".json"), data)
    o2, c2, s2 = build_v2(orgs, channels, services)
    for name, data in (("organizations", o2), ("channels", c2), ("services", s2)):
        dump(os.path.join(HERE, "demo-v2", name + ".json"), data)
    build_faults(channels, services)
    print(f"demo: {len(orgs)} organizations, {len(channels)} channels, {len(services)} services")
    print("three-producer service:", uid("svc-senior-day-activities"))
    for k, v in V2.items():
        print("demo-v2", k, v)


if __name__ == "__main__":
    main()
