#!/usr/bin/env python3
"""Source of truth for the Polku demo catalog (Itä-Uusimaa / Östra Nyland).

Writes organizations.json, units.json, channels.json and services.json next to
this file.  Standard library only.  Run:  python3 data/demo/generate.py
Then check:                               python3 data/demo/check.py
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))

ATTRIBUTION = (
    "Polku demo data for Itä-Uusimaa. Municipality codes and names: Statistics Finland "
    "municipality key 2026; central locality points: National Land Survey of Finland "
    "topographic database place names; postal code areas: Statistics Finland Paavo "
    "(CC BY 4.0). Contains data from Statistics Finland (CC BY 4.0). Everything marked "
    "'illustrative' is invented for the demo and is not real service information."
)

VF = "2023-01-01"
ALL = []  # empty area list = organiser's whole area


def T(fi, sv, en):
    return {"fi": fi, "sv": sv, "en": en}


def fact(attribution, note=None):
    p = {"kind": "fact", "attribution": attribution}
    if note:
        p["note"] = note
    return p


def ill(note):
    return {"kind": "illustrative", "note": note}


SRC_KEY = "Statistics Finland, municipality key 2026 (CC BY 4.0)"
SRC_LOC = "National Land Survey of Finland, central locality point of the municipality"

# ---------------------------------------------------------------------------
# Geography
# ---------------------------------------------------------------------------
# Central locality points (municipality_central_localities.csv, X=lon, Y=lat)
CENTRE = {
    "018": (60.5301392, 25.5986286),
    "407": (60.6254468, 26.1990394),
    "434": (60.4573926, 26.2253306),
    "504": (60.6700429, 25.8515227),
    "616": (60.644302, 25.5837138),
    "638": (60.3921949, 25.6651915),
    "753": (60.376363, 25.2668282),
}
HOSPITAL = (60.3795, 25.6928)

MUNI = {
    # code: (fi, sv, en, bilingual, postal code of centre, post office fi, sv)
    "018": ("Askola", "Askola", "Askola", False, "07500", "Askola", "Askola"),
    "407": ("Lapinjärvi", "Lappträsk", "Lapinjärvi", True, "07800", "Lapinjärvi", "Lappträsk"),
    "434": ("Loviisa", "Lovisa", "Loviisa", True, "07900", "Loviisa", "Lovisa"),
    "504": ("Myrskylä", "Mörskom", "Myrskylä", True, "07600", "Myrskylä", "Mörskom"),
    "616": ("Pukkila", "Pukkila", "Pukkila", False, "07560", "Pukkila", "Pukkila"),
    "638": ("Porvoo", "Borgå", "Porvoo", True, "06100", "Porvoo", "Borgå"),
    "753": ("Sipoo", "Sibbo", "Sipoo", True, "04130", "Sipoo", "Sibbo"),
}
# NOTE: the brief names Porvoo, Loviisa, Sipoo and Lapinjärvi as bilingual; Statistics
# Finland's municipality key 2026 also lists Myrskylä (Mörskom) as bilingual with a
# Finnish-speaking majority, so Myrskylä services are offered in fi and sv as well.


def tm35_to_wgs84(n, e):
    """EPSG:3067 (ETRS-TM35FIN) -> WGS84 lat, lon (Krüger series, JHS 197)."""
    a = 6378137.0
    f = 1 / 298.257222101
    k0 = 0.9996
    lon0 = math.radians(27.0)
    nn = f / (2 - f)
    A1 = a / (1 + nn) * (1 + nn ** 2 / 4 + nn ** 4 / 64)
    ecc = math.sqrt(2 * f - f * f)
    h = [
        nn / 2 - 2 / 3 * nn ** 2 + 37 / 96 * nn ** 3 - 1 / 360 * nn ** 4,
        1 / 48 * nn ** 2 + 1 / 15 * nn ** 3 - 437 / 1440 * nn ** 4,
        17 / 480 * nn ** 3 - 37 / 840 * nn ** 4,
        4397 / 161280 * nn ** 4,
    ]
    xi = n / (A1 * k0)
    eta = (e - 500000.0) / (A1 * k0)
    xi_p, eta_p = xi, eta
    for j, hj in enumerate(h, start=1):
        xi_p -= hj * math.sin(2 * j * xi) * math.cosh(2 * j * eta)
        eta_p -= hj * math.cos(2 * j * xi) * math.sinh(2 * j * eta)
    beta = math.asin(math.sin(xi_p) / math.cosh(eta_p))
    l = math.asin(math.tanh(eta_p) / math.cos(beta))
    Q = math.asinh(math.tan(beta))
    Qp = Q + ecc * math.atanh(ecc * math.tanh(Q))
    for _ in range(5):
        Qp = Q + ecc * math.atanh(ecc * math.tanh(Qp))
    lat = math.degrees(math.atan(math.sinh(Qp)))
    lon = math.degrees(lon0 + l)
    return lat, lon


# Postal code area centroids (Statistics Finland Paavo, EPSG:3067: E, N)
POSTCODE = {
    "01150": ("Söderkulla", "Söderkulla", "753", 408388, 6685413),
    "06150": ("Porvoo", "Borgå", "638", 428437, 6696027),
    "06400": ("Porvoo", "Borgå", "638", 424161, 6693186),
    "07880": ("Liljendal", "Liljendal", "434", 447126, 6712609),
    "07970": ("Ruotsinpyhtää", "Strömfors", "434", 467634, 6710925),
}


def loc(lat, lon):
    return {"lat": round(lat, 6), "lon": round(lon, 6)}


def near(code, dlat=0.0, dlon=0.0):
    lat, lon = CENTRE[code]
    return loc(lat + dlat, lon + dlon)


def near_hospital(dlat=0.0, dlon=0.0):
    return loc(HOSPITAL[0] + dlat, HOSPITAL[1] + dlon)


def near_postcode(pc, dlat=0.0, dlon=0.0):
    e, n = POSTCODE[pc][3], POSTCODE[pc][4]
    lat, lon = tm35_to_wgs84(n, e)
    return loc(lat + dlat, lon + dlon)


def addr(code, street=None, postal=None, po_fi=None, po_sv=None):
    m = MUNI[code]
    a = {}
    if street:
        a["street"] = street
    a["postal_code"] = postal or m[4]
    a["post_office"] = {"fi": po_fi or m[5], "sv": po_sv or m[6]}
    a["municipality"] = code
    return a


def addr_pc(pc):
    fi, sv, code = POSTCODE[pc][0], POSTCODE[pc][1], POSTCODE[pc][2]
    if pc in ("06150", "06400"):
        fi, sv = "Porvoo", "Borgå"
    return addr(code, postal=pc, po_fi=fi, po_sv=sv)


# ---------------------------------------------------------------------------
# Opening hours
# ---------------------------------------------------------------------------
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
SUMMER = ("2026-06-22", "2026-08-09")


def xmas(nye_close="12:00", nye_open="08:00"):
    return [
        {"from": "2026-06-19", "closed": True,
         "note": T("Juhannusaatto", "Midsommarafton", "Midsummer Eve")},
        {"from": "2026-12-24", "to": "2026-12-26", "closed": True,
         "note": T("Joulu", "Jul", "Christmas")},
        {"from": "2026-12-31", "closed": False,
         "hours": [{"opens": nye_open, "closes": nye_close}],
         "note": T("Uudenvuodenaatto: lyhennetty aukiolo", "Nyårsafton: kortare öppettider",
                   "New Year's Eve: shorter hours")},
        {"from": "2027-01-01", "closed": True,
         "note": T("Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day")},
    ]


def office_hours(opens="08:00", closes="16:00", fri_close="15:00", summer=True,
                 summer_close="15:00", extra_exc=None):
    weekly = [
        {"days": ["mon", "tue", "wed", "thu"], "opens": opens, "closes": closes},
        {"days": ["fri"], "opens": opens, "closes": fri_close},
    ]
    if summer:
        weekly.append({"days": WEEKDAYS, "opens": opens, "closes": summer_close,
                       "valid_from": SUMMER[0], "valid_to": SUMMER[1]})
    exc = list(extra_exc or [])
    exc += xmas()
    return {"always_open": False, "weekly": weekly, "exceptions": exc}


def summer_closed(frm, to):
    return {"from": frm, "to": to, "closed": True,
            "note": T("Kesäsulku: asioi lähimmällä avoinna olevalla terveysasemalla",
                      "Sommarstängt: uträtta ärenden på närmaste öppna hälsostation",
                      "Closed for the summer: use the nearest open health station")}


def always():
    return {"always_open": True}


def daytime(opens, closes, days=None, summer_close=None):
    weekly = [{"days": days or WEEKDAYS, "opens": opens, "closes": closes}]
    if summer_close:
        weekly.append({"days": days or WEEKDAYS, "opens": opens, "closes": summer_close,
                       "valid_from": SUMMER[0], "valid_to": SUMMER[1]})
    return {"always_open": False, "weekly": weekly, "exceptions": xmas()}


def youth_hours(late_friday=False):
    weekly = [
        {"days": ["tue", "wed", "thu"], "opens": "14:00", "closes": "21:00"},
        {"days": ["fri"], "opens": "14:00", "closes": "00:30" if late_friday else "22:00"},
        {"days": ["sat"], "opens": "16:00", "closes": "22:00"},
    ]
    exc = [
        {"from": "2026-06-29", "to": "2026-08-02", "closed": True,
         "note": T("Kesätauko, kesätoimintaa ulkona ja leireillä",
                   "Sommaruppehåll, sommarverksamhet ute och på läger",
                   "Summer break; summer activities outdoors and at camps")},
        {"from": "2026-12-24", "to": "2026-12-26", "closed": True,
         "note": T("Joulu", "Jul", "Christmas")},
        {"from": "2026-12-31", "closed": False, "hours": [{"opens": "14:00", "closes": "18:00"}],
         "note": T("Uudenvuodenaatto", "Nyårsafton", "New Year's Eve")},
    ]
    return {"always_open": False, "weekly": weekly, "exceptions": exc}


ACC_STD = T(
    "Esteetön sisäänkäynti pääovelta, automaattiovet ja hissi. Invapaikat pääoven lähellä. "
    "Odotustilassa induktiosilmukka.",
    "Tillgänglig ingång via huvuddörren, automatiska dörrar och hiss. Parkeringsplatser för "
    "personer med funktionsnedsättning nära huvudingången. Hörslinga i väntrummet.",
    "Step-free main entrance with automatic doors and a lift. Accessible parking near the "
    "main entrance. Hearing loop in the waiting room.",
)
ACC_RAMP = T(
    "Sisäänkäynnillä luiska. Ovet avautuvat painonapista. Esteetön WC. Ei induktiosilmukkaa.",
    "Ramp vid ingången. Dörrarna öppnas med tryckknapp. Tillgänglig toalett. Ingen hörslinga.",
    "Ramp at the entrance. Doors open with a push button. Accessible toilet. No hearing loop.",
)
ACC_STEPS = T(
    "Sisäänkäynnillä kaksi porrasta, ei luiskaa. Tilat ovat yhdessä kerroksessa. "
    "Pyydä tarvittaessa apua ovikellosta.",
    "Två trappsteg vid ingången, ingen ramp. Lokalerna finns på en våning. "
    "Ring på dörrklockan om du behöver hjälp.",
    "Two steps at the entrance, no ramp. The premises are on one floor. "
    "Ring the doorbell if you need help.",
)
ACC_HOSP = T(
    "Pääsisäänkäynti ja päivystyksen sisäänkäynti ovat esteettömiä. Invapaikat pääoven ja "
    "päivystyksen edessä. Hissit kaikkiin kerroksiin, opastus myös pistekirjoituksella.",
    "Huvudingången och jourens ingång är tillgängliga. Parkeringsplatser för personer med "
    "funktionsnedsättning vid huvudingången och jouren. Hissar till alla våningar, "
    "skyltning även i punktskrift.",
    "The main entrance and the emergency entrance are step-free. Accessible parking at the "
    "main entrance and the emergency department. Lifts to all floors, signs also in braille.",
)


# ---------------------------------------------------------------------------
# Organizations
# ---------------------------------------------------------------------------
def org(id, name, kind, municipality=None, parent=None, web=None, business_id=None,
        prov=None, valid_from=VF, valid_to=None):
    o = {"id": id, "name": name, "business_id": business_id, "kind": kind}
    if municipality:
        o["municipality"] = municipality
    o["parent"] = parent
    if web:
        o["web"] = web
    o["valid_from"] = valid_from
    o["valid_to"] = valid_to
    o["provenance"] = prov
    return o


MUNI_WEB = {
    "018": "https://www.askola.fi", "407": "https://www.lapinjarvi.fi",
    "434": "https://www.loviisa.fi", "504": "https://www.myrskyla.fi",
    "616": "https://www.pukkila.fi", "638": "https://www.porvoo.fi",
    "753": "https://www.sipoo.fi",
}


def muni_name(code):
    fi, sv, en = MUNI[code][:3]
    if code in ("638", "434"):
        return T(f"{fi}n kaupunki", f"{sv} stad", f"City of {en}")
    kfi = {"018": "Askolan kunta", "407": "Lapinjärven kunta", "504": "Myrskylän kunta",
           "616": "Pukkilan kunta", "753": "Sipoon kunta"}[code]
    return T(kfi, f"{sv} kommun", f"Municipality of {en}")


ORGS = [
    org("org-itu",
        T("Itä-Uudenmaan hyvinvointialue", "Östra Nylands välfärdsområde",
          "Eastern Uusimaa Wellbeing Services County"),
        "wellbeing_services_county", municipality="638", web="https://itauusimaa.fi",
        prov=fact(SRC_KEY + "; Act on Wellbeing Services Counties 611/2021",
                  "Business ID left null: not verified for the demo.")),
    org("org-itu-homecare",
        T("Itä-Uudenmaan kotihoidon liikelaitos", "Östra Nylands affärsverk för hemvård",
          "Eastern Uusimaa Home Care Enterprise"),
        "county_business_unit", municipality="638", parent="org-itu",
        prov=ill("Invented county business unit (liikelaitos) for home care; "
                 "not known to exist.")),
]
for code in sorted(MUNI):
    ORGS.append(org(f"org-mun-{code}", muni_name(code), "municipality", municipality=code,
                    web=MUNI_WEB[code],
                    prov=fact(SRC_KEY, "Name, code and web address of the municipality.")))

ORGS += [
    # state
    org("org-kela",
        T("Kansaneläkelaitos (Kela)", "Folkpensionsanstalten (FPA)",
          "Social Insurance Institution of Finland (Kela)"),
        "state", web="https://www.kela.fi", business_id="0246246-0",
        prov=fact("kela.fi; Finnish Business Information System (YTJ)")),
    # parish
    org("org-parish-porvoo",
        T("Porvoon seurakuntayhtymä", "Borgå kyrkliga samfällighet", "Porvoo Parish Union"),
        "parish", municipality="638",
        prov=ill("Named after the Lutheran parish union of Porvoo; its role as producer of "
                 "family mediation in this demo is illustrative.")),
    # NGOs (all invented)
    org("org-ngo-mental",
        T("Esimerkin Mielenterveysyhdistys ry", "Exempel mentalvårdsförening rf",
          "Example Mental Health Association"),
        "ngo", municipality="638", prov=ill("Invented mental health association.")),
    org("org-ngo-substance",
        T("Päihdetyön Esimerkki ry", "Exempel missbruksarbete rf",
          "Example Substance Abuse Work Association"),
        "ngo", municipality="638", prov=ill("Invented substance abuse association.")),
    org("org-ngo-folk",
        T("Exempelhälsan i Östra Nyland rf", "Exempelhälsan i Östra Nyland rf",
          "Exempelhälsan Eastern Uusimaa"),
        "ngo", municipality="434",
        prov=ill("Invented Swedish-speaking health and family association (Folkhälsan-type).")),
    org("org-ngo-crisis",
        T("Kriisikeskus Esimerkki ry", "Kriscentret Exempel rf", "Example Crisis Centre"),
        "ngo", municipality="638", prov=ill("Invented crisis centre association.")),
    org("org-ngo-carers",
        T("Esimerkin Omaishoitajat ry", "Exempel närståendevårdare rf", "Example Carers' Association"),
        "ngo", municipality="638", prov=ill("Invented carers' association.")),
    org("org-ngo-seniors",
        T("Seniorikeskus Esimerkki ry", "Seniorcentret Exempel rf",
          "Example Senior Day Centre Association"),
        "ngo", municipality="753",
        prov=ill("Invented association running day activities for older people.")),
    # private companies (all invented)
    org("org-priv-homecare-a",
        T("Esimerkki Kotihoiva Oy", "Exempel Hemvård Ab", "Esimerkki Kotihoiva Ltd"),
        "private_company", municipality="638",
        prov=ill("Invented home care company, approved voucher producer in the demo.")),
    org("org-priv-homecare-b",
        T("Esimerkki Arjen Apu Oy", "Exempel Vardagshjälp Ab", "Esimerkki Arjen Apu Ltd"),
        "private_company", municipality="753",
        prov=ill("Invented home care and home help company, voucher producer in the demo.")),
    org("org-priv-housing",
        T("Esimerkki Palvelukodit Oy", "Exempel Servicehem Ab", "Esimerkki Palvelukodit Ltd"),
        "private_company", municipality="638",
        prov=ill("Invented service housing company.")),
    org("org-priv-dental-a",
        T("Esimerkki Hammasklinikka Oy", "Exempel Tandklinik Ab", "Esimerkki Dental Clinic Ltd"),
        "private_company", municipality="638",
        prov=ill("Invented dental clinic, oral care voucher producer in the demo.")),
    org("org-priv-dental-b",
        T("Esimerkki Suunterveys Oy", "Exempel Munhälsa Ab", "Esimerkki Oral Health Ltd"),
        "private_company", municipality="434",
        prov=ill("Invented dental clinic, oral care voucher producer in the demo.")),
    org("org-priv-ot",
        T("Esimerkki Toimintaterapia Oy", "Exempel Ergoterapi Ab",
          "Esimerkki Occupational Therapy Ltd"),
        "private_company", municipality="638",
        prov=ill("Invented occupational and speech therapy company.")),
    org("org-priv-physio",
        T("Esimerkki Fysio Oy", "Exempel Fysio Ab", "Esimerkki Physio Ltd"),
        "private_company", municipality="753",
        prov=ill("Invented physiotherapy company, voucher producer in the demo.")),
    org("org-priv-meals",
        T("Esimerkki Ateriat Oy", "Exempel Måltider Ab", "Esimerkki Meals Ltd"),
        "private_company", municipality="638",
        prov=ill("Invented catering company delivering home meals.")),
    org("org-priv-interpret",
        T("Esimerkki Tulkkaus Oy", "Exempel Tolkning Ab", "Esimerkki Interpreting Ltd"),
        "private_company", municipality="638",
        prov=ill("Invented interpreting company.")),
]
