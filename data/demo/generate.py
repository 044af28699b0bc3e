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
    # The importer requires `street`; an empty text means the street is not known
    # (we do not invent street addresses).
    a = {"street": street or {}}
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


# Accessibility surveys (variable/value facts, see crates/domain/src/accessibility.rs) that
# match the texts above. Illustrative, like the texts: not surveyed on site. Some leave
# variables out (not surveyed), so the demo shows "information incomplete" beside
# "no shortcomings" and "no information".
SURVEYED_ON = "2025-05-15"
SURVEY_STD = {
    "accessible_parking": True, "parking_distance_m": 15,
    "route_step_free": True, "route_even_surface": True, "route_lit": True,
    "entrance_steps": 0, "door_width_cm": 120, "door_automatic": True, "threshold_cm": 0,
    "entrance_contrast": True, "entrance_handrails": True,
    "step_free_interior": False, "lift": True, "lift_door_width_cm": 90,
    "accessible_toilet": True, "hearing_loop": True,
}
SURVEY_RAMP = {
    "route_step_free": True, "route_even_surface": True,
    "entrance_steps": 3, "entrance_step_height_cm": 15, "entrance_ramp": True, "ramp_slope_pct": 6,
    "entrance_handrails": True, "door_width_cm": 90, "door_automatic": True, "threshold_cm": 2,
    "step_free_interior": True, "accessible_toilet": True, "hearing_loop": False,
}
SURVEY_STEPS = {
    "accessible_parking": False, "route_step_free": True, "route_even_surface": False,
    "entrance_steps": 2, "entrance_step_height_cm": 17, "entrance_ramp": False,
    "entrance_handrails": False, "door_width_cm": 80, "door_automatic": False, "threshold_cm": 3,
    "step_free_interior": True, "accessible_toilet": False, "hearing_loop": False,
}
SURVEY_HOSP = {
    "accessible_parking": True, "parking_distance_m": 30,
    "route_step_free": True, "route_even_surface": True, "route_lit": True, "route_guidance": True,
    "entrance_steps": 0, "door_width_cm": 180, "door_automatic": True, "threshold_cm": 0,
    "entrance_contrast": True, "entrance_handrails": True,
    "step_free_interior": False, "lift": True, "lift_door_width_cm": 110, "lift_voice": True,
    "accessible_toilet": True, "hearing_loop": True, "contrast_signage": True,
}


def survey_for(accessibility):
    for text, facts in ((ACC_STD, SURVEY_STD), (ACC_RAMP, SURVEY_RAMP), (ACC_STEPS, SURVEY_STEPS),
                        (ACC_HOSP, SURVEY_HOSP)):
        if accessibility is text:
            return {"surveyed_on": SURVEYED_ON, "facts": dict(facts)}
    return None


# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------
def unit(id, organization, name, description, address, location, hours=None,
         accessibility=None, capacity=None, prov=None, phone=None,
         valid_from=VF, valid_to=None):
    u = {"id": id, "organization": organization, "name": name, "description": description,
         "address": address, "location": location}
    if phone:
        u["phone"] = phone
    if hours:
        u["opening_hours"] = hours
    if accessibility:
        u["accessibility"] = accessibility
        survey = survey_for(accessibility)
        if survey:
            u["accessibility_survey"] = survey
    if capacity:
        u["capacity"] = capacity
    u["valid_from"] = valid_from
    u["valid_to"] = valid_to
    u["provenance"] = prov
    return u


def cap(kind, places, fi, sv, en):
    return {"kind": kind, "places": places, "label": T(fi, sv, en)}


P_CENTRE = ("Location approximated by the municipality's central locality point "
            "(National Land Survey of Finland); exact address not verified. "
            "Opening hours illustrative.")
P_NEAR = "Illustrative unit; location placed near the {} central locality, not a real address."
P_HOSP_AREA = ("Illustrative unit placed in the Porvoo hospital area; location approximate, "
               "hours and details illustrative.")

UNITS = [
    unit("unit-porvoo-hospital", "org-itu",
         T("Porvoon sairaala", "Borgå sjukhus", "Porvoo Hospital"),
         T("Itä-Uudenmaan sairaala. Yhteispäivystys palvelee ympäri vuorokauden kaikkia "
           "hyvinvointialueen asukkaita.",
           "Östra Nylands sjukhus. Samjouren betjänar alla invånare i välfärdsområdet dygnet runt.",
           "The hospital of Eastern Uusimaa. Its joint emergency department serves all "
           "residents of the county around the clock."),
         addr("638", street=T("Sairaalantie 1", "Sjukhusvägen 1", "Sairaalantie 1"),
              postal="06150"),
         loc(60.3795, 25.6928), hours=always(), accessibility=ACC_HOSP,
         prov=fact("DOMAIN.md; shared health facility list (name, Sairaalantie, 60.3795 N "
                   "25.6928 E, 24 h emergency)",
                   "Name, street and location are public facts; street number and postal "
                   "code as in the Polku format example, not separately verified; "
                   "accessibility text illustrative.")),
]

# Health stations: one in every municipality centre
HS_NAMES = {
    "638": ("Porvoon terveysasema", "Borgå hälsostation", "Porvoo Health Station"),
    "434": ("Loviisan terveysasema", "Lovisa hälsostation", "Loviisa Health Station"),
    "753": ("Sipoon terveysasema, Nikkilä", "Sibbo hälsostation, Nickby",
            "Sipoo Health Station, Nikkilä"),
    "018": ("Askolan terveysasema", "Askola hälsostation", "Askola Health Station"),
    "407": ("Lapinjärven terveysasema", "Lappträsk hälsostation", "Lapinjärvi Health Station"),
    "504": ("Myrskylän terveysasema", "Mörskom hälsostation", "Myrskylä Health Station"),
    "616": ("Pukkilan terveysasema", "Pukkila hälsostation", "Pukkila Health Station"),
}
HS_ID = {"638": "porvoo", "434": "loviisa", "753": "sipoo", "018": "askola",
         "407": "lapinjarvi", "504": "myrskyla", "616": "pukkila"}
SMALL = {"018", "407", "504", "616"}
for code, (fi, sv, en) in HS_NAMES.items():
    small = code in SMALL
    if small:
        desc = T("Pieni terveysasema: hoitajan ja lääkärin vastaanotto tiettyinä päivinä, "
                 "laboratorionäytteiden otto ja neuvola. Heinäkuussa palvelut keskitetään "
                 "Porvooseen.",
                 "Liten hälsostation: skötar- och läkarmottagning vissa dagar, provtagning "
                 "och rådgivning. I juli koncentreras tjänsterna till Borgå.",
                 "A small health station: nurse and doctor appointments on set days, "
                 "sample taking and maternity and child health clinic. In July services "
                 "are concentrated in Porvoo.")
        hrs = office_hours("08:00", "15:30", "14:00", summer=False,
                           extra_exc=[summer_closed("2026-07-06", "2026-07-26")])
    else:
        desc = T("Sote-keskuksen terveysasema: lääkärin ja hoitajan vastaanotot, "
                 "kiirevastaanotto, laboratorio, rokotukset ja pitkäaikaissairauksien hoito.",
                 "Hälsostation i social- och hälsocentralen: läkar- och skötarmottagning, "
                 "akutmottagning, laboratorium, vaccinationer och vård av långtidssjukdomar.",
                 "Health station of the social and health centre: doctor and nurse "
                 "appointments, same-day care, laboratory, vaccinations and care of "
                 "long-term illnesses.")
        hrs = office_hours("08:00", "16:00", "15:00", summer=True)
    UNITS.append(unit(
        f"unit-{HS_ID[code]}-health-station", "org-itu", T(fi, sv, en), desc, addr(code),
        near(code), hours=hrs,
        accessibility=None if code == "616" else (ACC_RAMP if small else ACC_STD),
        prov=ill(P_CENTRE)))

UNITS.append(unit(
    "unit-soderkulla-health-station", "org-itu",
    T("Söderkullan terveysasema", "Söderkulla hälsostation", "Söderkulla Health Station"),
    T("Etelä-Sipoon terveysasema: lääkärin ja hoitajan vastaanotot, neuvola ja laboratorio.",
      "Hälsostation i södra Sibbo: läkar- och skötarmottagning, rådgivning och laboratorium.",
      "Health station for southern Sipoo: doctor and nurse appointments, child health "
      "clinic and laboratory."),
    addr_pc("01150"), near_postcode("01150"), hours=office_hours(),
    accessibility=ACC_STD,
    prov=ill("Location approximated by the centroid of postal code area 01150 Söderkulla "
             "(Statistics Finland Paavo); exact address not verified. Hours illustrative.")))


def u_near(id, org_, name, desc, code, dlat, dlon, hours=None, acc=None, capacity=None,
           note=None, valid_from=VF, valid_to=None):
    return unit(id, org_, name, desc, addr(code), near(code, dlat, dlon), hours=hours,
                accessibility=acc, capacity=capacity,
                prov=ill(note or P_NEAR.format(MUNI[code][0])),
                valid_from=valid_from, valid_to=valid_to)


def u_hosp(id, org_, name, desc, dlat, dlon, hours=None, acc=None, capacity=None, note=None):
    return unit(id, org_, name, desc, addr("638", postal="06150"), near_hospital(dlat, dlon),
                hours=hours, accessibility=acc, capacity=capacity,
                prov=ill(note or P_HOSP_AREA))


UNITS += [
    # --- hospital area, county-wide units
    u_hosp("unit-porvoo-laboratory", "org-itu",
           T("Porvoon laboratorio", "Borgå laboratorium", "Porvoo Laboratory"),
           T("Verinäytteet ja muut laboratorionäytteet lähetteellä. Ajanvaraus suositeltava, "
             "aamuisin myös ilman ajanvarausta.",
             "Blodprov och andra laboratorieprov med remiss. Tidsbokning rekommenderas, på "
             "morgnarna även utan tidsbokning.",
             "Blood tests and other laboratory samples with a referral. Booking recommended; "
             "walk-in in the mornings."),
           0.0004, -0.0010, hours=daytime("07:00", "15:00"), acc=ACC_HOSP),
    u_hosp("unit-itu-social-emergency", "org-itu",
           T("Sosiaali- ja kriisipäivystys", "Social- och krisjouren",
             "Social and Crisis Emergency Services"),
           T("Kiireellinen sosiaalihuolto ja kriisiapu kaikenikäisille ympäri vuorokauden. "
             "Virka-ajan ulkopuolella tavoitettavissa puhelimitse.",
             "Brådskande socialvård och krishjälp för alla åldrar dygnet runt. Utanför "
             "tjänstetid nås jouren per telefon.",
             "Urgent social care and crisis help for all ages around the clock. Outside "
             "office hours reachable by phone."),
           0.0009, 0.0006, hours=always(), acc=ACC_HOSP),
    u_hosp("unit-itu-home-hospital", "org-itu",
           T("Kotisairaala", "Hemsjukhuset", "Home Hospital"),
           T("Kotisairaalan tukikohta. Hoitajat tekevät käyntejä kotiin ympäri vuorokauden "
             "koko hyvinvointialueella.",
             "Hemsjukhusets bas. Skötarna gör hembesök dygnet runt i hela välfärdsområdet.",
             "Base of the home hospital. Nurses visit patients at home around the clock "
             "across the whole county."),
           -0.0006, 0.0012, hours=always()),
    u_hosp("unit-itu-rehabilitation", "org-itu",
           T("Kuntoutusyksikkö", "Rehabiliteringsenheten", "Rehabilitation Unit"),
           T("Fysioterapia, toimintaterapia, puheterapia, ravitsemusterapia ja apuvälinepalvelut.",
             "Fysioterapi, ergoterapi, talterapi, näringsterapi och hjälpmedelsservice.",
             "Physiotherapy, occupational therapy, speech therapy, nutrition therapy and "
             "assistive devices."),
           -0.0011, -0.0004, hours=office_hours(), acc=ACC_STD),
    u_hosp("unit-itu-memory-clinic", "org-itu",
           T("Muistipoliklinikka", "Minnesmottagningen", "Memory Clinic"),
           T("Muistisairauksien tutkimus, hoito ja ohjaus lähetteellä.",
             "Utredning, vård och handledning vid minnessjukdomar med remiss.",
             "Assessment, treatment and guidance for memory disorders, by referral."),
           0.0002, 0.0018, hours=office_hours(), acc=ACC_HOSP),
    u_hosp("unit-itu-psychiatry-outpatient", "org-itu",
           T("Psykiatrian poliklinikka", "Psykiatriska polikliniken", "Psychiatric Outpatient Clinic"),
           T("Erikoissairaanhoitotasoinen psykiatrinen avohoito lähetteellä.",
             "Psykiatrisk öppenvård på specialsjukvårdsnivå med remiss.",
             "Specialised psychiatric outpatient care, by referral."),
           0.0014, -0.0012, hours=office_hours()),
    # --- Porvoo, local units
    u_near("unit-porvoo-oral-care", "org-itu",
           T("Porvoon hammashoitola", "Borgå tandklinik", "Porvoo Dental Clinic"),
           T("Suun terveydenhuolto kaikenikäisille: hammaslääkäri, suuhygienisti ja "
             "kiireellinen hammashoito arkisin.",
             "Mun- och tandvård för alla åldrar: tandläkare, munhygienist och akut tandvård "
             "på vardagar.",
             "Oral care for all ages: dentist, dental hygienist and emergency dental care on "
             "weekdays."),
           "638", 0.0021, 0.0035, hours=office_hours("07:30", "16:00", "15:00"), acc=ACC_STD),
    u_near("unit-porvoo-neuvola", "org-itu",
           T("Porvoon neuvola", "Borgå rådgivning", "Porvoo Maternity and Child Health Clinic"),
           T("Äitiys-, lasten- ja ehkäisyneuvola sekä perhevalmennus.",
             "Mödra-, barn- och preventivmedelsrådgivning samt familjeförberedelse.",
             "Maternity, child health and family planning clinic, and antenatal classes."),
           "638", -0.0030, 0.0041, hours=office_hours(), acc=ACC_STD),
    u_near("unit-porvoo-family-centre", "org-itu",
           T("Porvoon perhekeskus", "Borgå familjecenter", "Porvoo Family Centre"),
           T("Lapsiperheiden palvelut saman katon alla: perhetyö, kasvatus- ja perheneuvola, "
             "lastenvalvoja ja avoin kohtaamispaikka.",
             "Tjänster för barnfamiljer under samma tak: familjearbete, uppfostrings- och "
             "familjerådgivning, barnatillsyningsman och öppen mötesplats.",
             "Services for families with children under one roof: family work, family "
             "counselling, child welfare supervisor and an open meeting place."),
           "638", -0.0027, 0.0046, hours=office_hours(), acc=ACC_STD),
    u_near("unit-itu-child-protection", "org-itu",
           T("Lastensuojelun toimisto", "Barnskyddsbyrån", "Child Protection Office"),
           T("Lastensuojelun sosiaalityö, avohuolto, sijaishuolto ja jälkihuolto. "
             "Asiakaskäynnit ajanvarauksella.",
             "Socialt arbete inom barnskyddet, öppenvård, vård utom hemmet och eftervård. "
             "Besök enligt överenskommelse.",
             "Child protection social work, community-based care, substitute care and "
             "aftercare. Visits by appointment."),
           "638", 0.0042, -0.0022, hours=office_hours("08:00", "16:00", "15:00", summer=False)),
    u_near("unit-porvoo-mental-health", "org-itu",
           T("Mielenterveyspalvelut, Porvoo", "Mentalvårdstjänster, Borgå", "Mental Health Services, Porvoo"),
           T("Aikuisten ja nuorten mielenterveyden avohoito. Matalan kynnyksen walk-in-vastaanotto "
             "tiistaisin ja torstaisin.",
             "Öppenvård för vuxnas och ungas psykiska hälsa. Walk in-mottagning med låg tröskel "
             "tisdagar och torsdagar.",
             "Outpatient mental health care for adults and young people. Low-threshold walk-in "
             "on Tuesdays and Thursdays."),
           "638", 0.0012, -0.0048, hours=office_hours(), acc=ACC_STD),
    u_near("unit-porvoo-substance-outpatient", "org-itu",
           T("Päihdepoliklinikka", "Missbrukarpolikliniken", "Substance Abuse Outpatient Clinic"),
           T("Päihde- ja riippuvuushoito, katkaisuhoidon arviointi ja opioidikorvaushoito.",
             "Missbruks- och beroendevård, bedömning av avgiftning och opioidsubstitutionsbehandling.",
             "Substance use and addiction treatment, detoxification assessment and opioid "
             "substitution treatment."),
           "638", 0.0008, -0.0055,
           hours={"always_open": False,
                  "weekly": [{"days": WEEKDAYS, "opens": "08:00", "closes": "15:30"},
                             {"days": ["sat", "sun"], "opens": "09:00", "closes": "11:00"}],
                  "exceptions": xmas()},
           acc=ACC_RAMP,
           note=P_NEAR.format("Porvoo") + " Weekend hours are for substitution treatment only."),
    u_near("unit-itu-disability-office", "org-itu",
           T("Vammaispalvelujen toimisto", "Handikappservicebyrån", "Disability Services Office"),
           T("Vammaispalvelujen sosiaalityö ja palveluohjaus: palvelutarpeen arviointi, "
             "asiakassuunnitelmat ja päätökset.",
             "Socialt arbete och servicehandledning inom handikappservicen: bedömning av "
             "servicebehov, klientplaner och beslut.",
             "Social work and service navigation for disability services: service-need "
             "assessment, client plans and decisions."),
           "638", 0.0046, -0.0016, hours=office_hours(), acc=ACC_STD),
    u_near("unit-itu-adult-social-work", "org-itu",
           T("Aikuissosiaalityö, Porvoo", "Socialt arbete för vuxna, Borgå", "Adult Social Work, Porvoo"),
           T("Aikuissosiaalityö, täydentävä ja ehkäisevä toimeentulotuki, kuntouttava "
             "työtoiminta ja maahanmuuttajien sosiaaliohjaus.",
             "Socialt arbete för vuxna, kompletterande och förebyggande utkomststöd, "
             "arbetsverksamhet i rehabiliteringssyfte och social handledning för invandrare.",
             "Adult social work, supplementary and preventive social assistance, "
             "rehabilitative work activity and social guidance for immigrants."),
           "638", 0.0039, -0.0010, hours=office_hours(), acc=ACC_STD),
    u_near("unit-porvoo-home-care", "org-itu-homecare",
           T("Kotihoito, Porvoon tukikohta", "Hemvården, Borgå bas", "Home Care, Porvoo Base"),
           T("Kotihoidon tiimien tukikohta. Asiakastyö tehdään asiakkaiden kotona "
             "klo 7–22, yöpartio ympäri vuorokauden.",
             "Bas för hemvårdens team. Arbetet görs i klienternas hem kl. 7–22, nattpatrull "
             "dygnet runt.",
             "Base of the home care teams. Care is given in clients' homes 7 am–10 pm, with a "
             "night patrol around the clock."),
           "638", -0.0052, -0.0031, hours=daytime("08:00", "15:00")),
    u_near("unit-porvoo-day-activity", "org-itu",
           T("Ikäihmisten päivätoimintakeskus, Porvoo", "Dagverksamhetscentret för äldre, Borgå",
             "Day Activity Centre for Older People, Porvoo"),
           T("Päivätoimintaa, liikuntaa, ruokailu ja saunapalvelu kotona asuville ikäihmisille.",
             "Dagverksamhet, motion, måltid och bastu för äldre som bor hemma.",
             "Day activities, exercise, a meal and sauna for older people living at home."),
           "638", -0.0044, 0.0060, hours=daytime("09:00", "15:00"),
           capacity=[cap("day_activity_place", 20, "päivätoimintapaikat", "platser i dagverksamhet",
                         "day activity places")], acc=ACC_STD),
    unit("unit-porvoo-enhanced-housing", "org-itu",
         T("Kevätkummun ympärivuorokautinen palveluasuminen", "Vårbackens serviceboende med heldygnsomsorg",
           "Kevätkumpu 24-hour Service Housing"),
         T("Ympärivuorokautista palveluasumista ikäihmisille, joilla on muistisairaus tai "
           "suuri hoidon tarve. Lyhytaikaisen hoidon paikkoja.",
           "Serviceboende med heldygnsomsorg för äldre med minnessjukdom eller stort vårdbehov. "
           "Platser för kortvarig vård.",
           "24-hour service housing for older people with dementia or great care needs. "
           "Short-term care places."),
         addr_pc("06150"), near_postcode("06150", 0.0020, -0.0030), hours=always(),
         accessibility=ACC_STD,
         capacity=[cap("enhanced_service_housing_apartment", 40,
                       "ympärivuorokautisen palveluasumisen asunnot",
                       "bostäder med heldygnsomsorg", "24-hour service housing apartments"),
                   cap("bed", 6, "lyhytaikaishoidon paikat", "platser för kortvarig vård",
                       "short-term care beds")],
         prov=ill("Invented unit name (district name Kevätkumpu used only as a place); "
                  "location near the 06150 postal area centroid.")),
    u_near("unit-porvoo-youth-centre", "org-mun-638",
           T("Nuorisotalo Porvoo, keskusta", "Ungdomsgården i Borgå centrum", "Porvoo Youth Centre, town centre"),
           T("Porvoon kaupungin nuorisotila 13–17-vuotiaille: avointa toimintaa, pelejä, "
             "bändikämppä ja nuoriso-ohjaajien tukea. Perjantaisin yökahvila.",
             "Borgå stads ungdomsgård för 13–17-åringar: öppen verksamhet, spel, replokal och "
             "stöd av ungdomsledare. Nattkafé på fredagar.",
             "City of Porvoo youth centre for ages 13–17: open activities, games, band room "
             "and youth workers. Late-night café on Fridays."),
           "638", 0.0018, 0.0012, hours=youth_hours(late_friday=True), acc=ACC_RAMP),
    u_near("unit-porvoo-ohjaamo", "org-mun-638",
           T("Ohjaamo Porvoo", "Navigatorn Borgå", "Ohjaamo Porvoo (youth guidance centre)"),
           T("Alle 30-vuotiaiden matalan kynnyksen ohjauspiste: työ, opiskelu, asuminen, raha-asiat "
             "ja jaksaminen.",
             "Lågtröskelpunkt för unga under 30: arbete, studier, boende, ekonomi och ork.",
             "Low-threshold guidance point for people under 30: work, studies, housing, money "
             "and wellbeing."),
           "638", 0.0009, 0.0022, hours=daytime("10:00", "16:00", summer_close="14:00"), acc=ACC_STD),
    u_near("unit-porvoo-student-health", "org-itu",
           T("Opiskeluterveydenhuolto, Porvoo", "Studerandehälsovården, Borgå", "Student Health Care, Porvoo"),
           T("Terveydenhoitajan ja lääkärin vastaanotot toisen asteen opiskelijoille.",
             "Hälsovårdar- och läkarmottagning för studerande på andra stadiet.",
             "Nurse and doctor appointments for upper secondary and vocational students."),
           "638", -0.0060, -0.0071,
           hours={"always_open": False,
                  "weekly": [{"days": WEEKDAYS, "opens": "08:00", "closes": "15:00"}],
                  "exceptions": [{"from": "2026-06-01", "to": "2026-08-09", "closed": True,
                                  "note": T("Kesäloma: ota yhteys omaan terveysasemaan",
                                            "Sommarlov: kontakta din hälsostation",
                                            "Summer break: contact your health station")}]
                  + xmas()}),
    # --- support and competence centre
    u_near("unit-itu-support-centre", "org-itu",
           T("Tuki- ja osaamiskeskus", "Stöd- och kompetenscentret", "Support and Competence Centre"),
           T("Vaativien erityispalvelujen keskus: tutkimus- ja kuntoutusjaksot, lyhytaikainen "
             "asuminen ja ympärivuorokautinen palveluasuminen vaativaa tukea tarvitseville.",
             "Centret för krävande specialtjänster: utrednings- och rehabiliteringsperioder, "
             "kortvarigt boende och serviceboende med heldygnsomsorg för personer som behöver "
             "krävande stöd.",
             "Centre for demanding special services: assessment and rehabilitation periods, "
             "short-term housing and 24-hour service housing for people who need "
             "demanding support."),
           "638", -0.0075, 0.0095, hours=office_hours(), acc=ACC_STD),
    u_near("unit-itu-support-centre-short-term", "org-itu",
           T("Tuki- ja osaamiskeskus, lyhytaikainen asuminen",
             "Stöd- och kompetenscentret, kortvarigt boende",
             "Support and Competence Centre, short-term housing"),
           T("Lyhytaikaista asumista ja tilapäishoitoa vammaisille ja vaativaa tukea tarvitseville.",
             "Kortvarigt boende och tillfällig vård för personer med funktionsnedsättning och "
             "personer som behöver krävande stöd.",
             "Short-term housing and respite care for disabled people and others who need "
             "demanding support."),
           "638", -0.0079, 0.0101, hours=always(), acc=ACC_STD,
           capacity=[cap("short_term_apartment", 9, "lyhytaikaisen asumisen asunnot",
                         "bostäder för kortvarigt boende", "short-term apartments")]),
    u_near("unit-itu-support-centre-enhanced", "org-itu",
           T("Tuki- ja osaamiskeskus, ympärivuorokautinen palveluasuminen",
             "Stöd- och kompetenscentret, serviceboende med heldygnsomsorg",
             "Support and Competence Centre, 24-hour service housing"),
           T("Pysyvää ympärivuorokautista asumista vaativaa tukea tarvitseville aikuisille.",
             "Permanent boende med heldygnsomsorg för vuxna som behöver krävande stöd.",
             "Permanent 24-hour housing for adults who need demanding support."),
           "638", -0.0071, 0.0108, hours=always(), acc=ACC_STD,
           capacity=[cap("enhanced_service_housing_apartment", 12,
                         "ympärivuorokautisen palveluasumisen asunnot",
                         "bostäder med heldygnsomsorg", "24-hour service housing apartments")]),
    u_near("unit-itu-disability-day-activity", "org-itu",
           T("Toimintakeskus Porvoo (vammaisten päivätoiminta)",
             "Verksamhetscentret i Borgå (dagverksamhet för personer med funktionsnedsättning)",
             "Porvoo Activity Centre (day activities for disabled people)"),
           T("Päivä- ja työtoimintaa kehitysvammaisille ja muille vammaisille aikuisille.",
             "Dag- och arbetsverksamhet för vuxna med intellektuell eller annan funktionsnedsättning.",
             "Day and work activities for adults with intellectual or other disabilities."),
           "638", 0.0055, 0.0070, hours=daytime("08:30", "15:00"), acc=ACC_STD,
           capacity=[cap("day_activity_place", 30, "päivätoimintapaikat", "platser i dagverksamhet",
                         "day activity places")]),
    # --- NGO, parish and private units in Porvoo
    u_near("unit-ngo-crisis-porvoo", "org-ngo-crisis",
           T("Kriisikeskus Esimerkki", "Kriscentret Exempel", "Example Crisis Centre"),
           T("Maksutonta keskusteluapua elämän kriiseissä ajanvarauksella, myös nimettömänä.",
             "Avgiftsfritt samtalsstöd i livskriser med tidsbokning, även anonymt.",
             "Free counselling in life crises by appointment, also anonymously."),
           "638", 0.0031, 0.0052, hours=office_hours("09:00", "18:00", "15:00"), acc=ACC_STEPS),
    u_near("unit-ngo-mental-clubhouse", "org-ngo-mental",
           T("Kohtaamispaikka Esimerkki", "Mötesplatsen Exempel", "Example Drop-in Meeting Place"),
           T("Mielenterveyskuntoutujien ja kaikkien jaksamista kaipaavien avoin kohtaamispaikka: "
             "vertaistukea, ryhmiä ja lounas.",
             "Öppen mötesplats för rehabiliteringsklienter inom mentalvården och alla som behöver "
             "ork: kamratstöd, grupper och lunch.",
             "An open meeting place for mental health rehabilitees and anyone needing support: "
             "peer support, groups and lunch."),
           "638", -0.0019, -0.0038, hours=daytime("10:00", "15:00")),
    u_near("unit-ngo-substance-porvoo", "org-ngo-substance",
           T("Matalan kynnyksen päihdetyön piste Esimerkki", "Lågtröskelpunkten Exempel",
             "Example Low-Threshold Drop-in"),
           T("Terveysneuvontaa, käyttövälineiden vaihto, kahvia ja keskustelua ilman ajanvarausta.",
             "Hälsorådgivning, byte av injektionsutrustning, kaffe och samtal utan tidsbokning.",
             "Health counselling, needle and syringe exchange, coffee and conversation without "
             "an appointment."),
           "638", 0.0003, -0.0062,
           hours={"always_open": False,
                  "weekly": [{"days": ["mon", "wed", "fri"], "opens": "12:00", "closes": "16:00"},
                             {"days": ["tue", "thu"], "opens": "14:00", "closes": "19:00"}],
                  "exceptions": xmas("14:00", "12:00")}),
    u_near("unit-parish-family-porvoo", "org-parish-porvoo",
           T("Perheasiain neuvottelukeskus, Porvoo", "Familjerådgivningscentralen, Borgå",
             "Family Counselling Centre, Porvoo"),
           T("Parisuhde- ja perheneuvontaa sekä perheasioiden sovittelua ajanvarauksella.",
             "Par- och familjerådgivning samt familjemedling med tidsbokning.",
             "Couple and family counselling and family mediation by appointment."),
           "638", 0.0026, -0.0030, hours=office_hours("09:00", "17:00", "14:00"),
           note="Illustrative: location near Porvoo centre, hours invented; the parish's role "
                "is illustrative."),
    unit("unit-priv-housing-porvoo", "org-priv-housing",
         T("Palvelukoti Esimerkki, Porvoo", "Servicehemmet Exempel, Borgå", "Esimerkki Care Home, Porvoo"),
         T("Yksityinen palvelukoti: ympärivuorokautista palveluasumista ja yhteisöllistä asumista "
           "ikäihmisille.",
           "Privat servicehem: serviceboende med heldygnsomsorg och gemenskapsboende för äldre.",
           "Private care home: 24-hour service housing and community housing for older people."),
         addr_pc("06400"), near_postcode("06400", 0.001, 0.001), hours=always(),
         accessibility=ACC_STD,
         capacity=[cap("enhanced_service_housing_apartment", 28,
                       "ympärivuorokautisen palveluasumisen asunnot",
                       "bostäder med heldygnsomsorg", "24-hour service housing apartments"),
                   cap("service_housing_apartment", 14, "yhteisöllisen asumisen asunnot",
                       "bostäder i gemenskapsboende", "community housing apartments")],
         prov=ill("Invented private unit near the 06400 Gammelbacka postal area centroid.")),
    u_near("unit-priv-dental-porvoo", "org-priv-dental-a",
           T("Esimerkki Hammasklinikka, Porvoo", "Exempel Tandklinik, Borgå", "Esimerkki Dental Clinic, Porvoo"),
           T("Yksityinen hammaslääkäriasema, joka ottaa vastaan suun terveydenhuollon palvelusetelillä.",
             "Privat tandläkarstation som tar emot servicesedlar för mun- och tandvård.",
             "Private dental clinic accepting oral care service vouchers."),
           "638", 0.0015, 0.0030, hours=office_hours("08:00", "18:00", "16:00", summer=False),
           acc=ACC_RAMP),
    u_near("unit-priv-therapy-porvoo", "org-priv-ot",
           T("Esimerkki Toimintaterapia, Porvoo", "Exempel Ergoterapi, Borgå",
             "Esimerkki Occupational Therapy, Porvoo"),
           T("Yksityinen toiminta- ja puheterapian vastaanotto lapsille ja aikuisille.",
             "Privat mottagning för ergoterapi och talterapi för barn och vuxna.",
             "Private occupational and speech therapy practice for children and adults."),
           "638", -0.0035, -0.0020, hours=daytime("08:00", "17:00")),
    u_near("unit-priv-homecare-porvoo", "org-priv-homecare-a",
           T("Esimerkki Kotihoiva, toimisto", "Exempel Hemvård, kontor", "Esimerkki Kotihoiva, office"),
           T("Kotihoidon ja tukipalvelujen palvelusetelituottajan toimisto.",
             "Kontor för serviceseddelproducent inom hemvård och stödtjänster.",
             "Office of a home care and support services voucher producer."),
           "638", 0.0050, 0.0035, hours=daytime("08:00", "16:00")),
    u_near("unit-ngo-seniors-sipoo", "org-ngo-seniors",
           T("Seniorikeskus Esimerkki, Nikkilä", "Seniorcentret Exempel, Nickby",
             "Example Senior Centre, Nikkilä"),
           T("Yhdistyksen ylläpitämä päiväkeskus: päivätoimintaa, ryhmiä ja lounas ikäihmisille.",
             "Dagcenter som drivs av en förening: dagverksamhet, grupper och lunch för äldre.",
             "Day centre run by an association: day activities, groups and lunch for older people."),
           "753", 0.0025, 0.0030, hours=daytime("09:00", "15:00"),
           capacity=[cap("day_activity_place", 15, "päivätoimintapaikat", "platser i dagverksamhet",
                         "day activity places")], acc=ACC_RAMP),
    u_near("unit-ngo-folk-loviisa", "org-ngo-folk",
           T("Exempelhälsans familjecafé, Loviisa", "Exempelhälsans familjecafé, Lovisa",
             "Exempelhälsan Family Café, Loviisa"),
           T("Ruotsinkielinen avoin kohtaamispaikka lapsiperheille: perhekahvila, vauvaryhmät "
             "ja vertaistuki.",
             "Svenskspråkig öppen mötesplats för barnfamiljer: familjecafé, babygrupper och "
             "kamratstöd.",
             "Swedish-speaking open meeting place for families: family café, baby groups and "
             "peer support."),
           "434", 0.0012, 0.0020,
           hours={"always_open": False,
                  "weekly": [{"days": ["tue", "thu"], "opens": "09:30", "closes": "12:30"}],
                  "exceptions": [{"from": "2026-06-01", "to": "2026-08-16", "closed": True,
                                  "note": T("Kesätauko", "Sommaruppehåll", "Summer break")}]}),
    # --- Loviisa
    u_near("unit-loviisa-oral-care", "org-itu",
           T("Loviisan hammashoitola", "Lovisa tandklinik", "Loviisa Dental Clinic"),
           T("Suun terveydenhuolto kaikenikäisille Loviisassa ja Lapinjärvellä.",
             "Mun- och tandvård för alla åldrar i Lovisa och Lappträsk.",
             "Oral care for all ages in Loviisa and Lapinjärvi."),
           "434", 0.0018, -0.0025, hours=office_hours("07:30", "15:30", "14:30"), acc=ACC_STD),
    u_near("unit-loviisa-neuvola", "org-itu",
           T("Loviisan neuvola ja perhekeskus", "Lovisa rådgivning och familjecenter",
             "Loviisa Child Health Clinic and Family Centre"),
           T("Äitiys- ja lastenneuvola, perhetyö ja avoin perhekahvila.",
             "Mödra- och barnrådgivning, familjearbete och öppet familjecafé.",
             "Maternity and child health clinic, family work and an open family café."),
           "434", -0.0015, 0.0030, hours=office_hours(), acc=ACC_STD),
    u_near("unit-loviisa-home-care", "org-itu-homecare",
           T("Kotihoito, Loviisan tukikohta", "Hemvården, Lovisa bas", "Home Care, Loviisa Base"),
           T("Kotihoidon tukikohta Loviisan ja Lapinjärven alueelle.",
             "Hemvårdens bas för Lovisa och Lappträsk.",
             "Home care base for the Loviisa and Lapinjärvi area."),
           "434", -0.0028, -0.0040, hours=daytime("08:00", "15:00")),
    unit("unit-loviisa-service-housing", "org-itu",
         T("Liljendalin palvelutalo", "Liljendals servicehus", "Liljendal Service Housing"),
         T("Yhteisöllistä asumista ja ympärivuorokautista palveluasumista ikäihmisille "
           "Loviisan pohjoisosassa.",
           "Gemenskapsboende och serviceboende med heldygnsomsorg för äldre i norra Lovisa.",
           "Community housing and 24-hour service housing for older people in northern Loviisa."),
         addr_pc("07880"), near_postcode("07880"), hours=always(), accessibility=ACC_RAMP,
         capacity=[cap("enhanced_service_housing_apartment", 18,
                       "ympärivuorokautisen palveluasumisen asunnot",
                       "bostäder med heldygnsomsorg", "24-hour service housing apartments"),
                   cap("service_housing_apartment", 10, "yhteisöllisen asumisen asunnot",
                       "bostäder i gemenskapsboende", "community housing apartments")],
         prov=ill("Invented unit at the 07880 Liljendal postal area centroid.")),
    u_near("unit-loviisa-mental-substance", "org-itu",
           T("Mielenterveys- ja päihdepalvelut, Loviisa", "Mentalvårds- och missbrukartjänster, Lovisa",
             "Mental Health and Substance Abuse Services, Loviisa"),
           T("Aikuisten mielenterveys- ja päihdeavohoito itäisellä alueella.",
             "Öppenvård inom mentalvård och missbruksvård för vuxna i det östra området.",
             "Outpatient mental health and substance abuse care for adults in the eastern area."),
           "434", 0.0030, 0.0010, hours=office_hours()),
    u_near("unit-loviisa-youth-centre", "org-mun-434",
           T("Nuorisotalo Loviisa", "Ungdomsgården i Lovisa", "Loviisa Youth Centre"),
           T("Loviisan kaupungin kaksikielinen nuorisotila 13–17-vuotiaille.",
             "Lovisa stads tvåspråkiga ungdomsgård för 13–17-åringar.",
             "City of Loviisa bilingual youth centre for ages 13–17."),
           "434", -0.0010, -0.0015, hours=youth_hours(), acc=ACC_RAMP),
    unit("unit-ruotsinpyhtaa-day-activity", "org-itu",
         T("Ruotsinpyhtään päivätoiminta", "Dagverksamheten i Strömfors",
           "Ruotsinpyhtää Day Activities"),
         T("Ikäihmisten päivätoimintaa kahtena päivänä viikossa.",
           "Dagverksamhet för äldre två dagar i veckan.",
           "Day activities for older people two days a week."),
         addr_pc("07970"), near_postcode("07970"),
         hours={"always_open": False,
                "weekly": [{"days": ["tue", "thu"], "opens": "09:00", "closes": "14:00"}],
                "exceptions": xmas()},
         capacity=[cap("day_activity_place", 12, "päivätoimintapaikat", "platser i dagverksamhet",
                       "day activity places")],
         prov=ill("Invented unit at the 07970 Ruotsinpyhtää postal area centroid; replaced "
                  "by home-based day activities from 2027 (shows validity)."),
         valid_to="2026-12-31"),
    # --- Sipoo
    u_near("unit-sipoo-oral-care", "org-itu",
           T("Sipoon hammashoitola, Nikkilä", "Sibbo tandklinik, Nickby", "Sipoo Dental Clinic, Nikkilä"),
           T("Suun terveydenhuolto kaikenikäisille Sipoossa.",
             "Mun- och tandvård för alla åldrar i Sibbo.",
             "Oral care for all ages in Sipoo."),
           "753", -0.0012, 0.0024, hours=office_hours("07:30", "15:30", "14:30"), acc=ACC_STD),
    u_near("unit-sipoo-neuvola", "org-itu",
           T("Sipoon neuvola ja perhekeskus, Nikkilä", "Sibbo rådgivning och familjecenter, Nickby",
             "Sipoo Child Health Clinic and Family Centre, Nikkilä"),
           T("Äitiys- ja lastenneuvola, perhetyö ja perheneuvola.",
             "Mödra- och barnrådgivning, familjearbete och familjerådgivning.",
             "Maternity and child health clinic, family work and family counselling."),
           "753", 0.0016, -0.0021, hours=office_hours(), acc=ACC_STD),
    u_near("unit-sipoo-home-care", "org-itu-homecare",
           T("Kotihoito, Sipoon tukikohta", "Hemvården, Sibbo bas", "Home Care, Sipoo Base"),
           T("Kotihoidon tukikohta Sipoon alueelle.", "Hemvårdens bas för Sibbo.",
             "Home care base for Sipoo."),
           "753", -0.0025, -0.0032, hours=daytime("08:00", "15:00")),
    u_near("unit-sipoo-youth-centre", "org-mun-753",
           T("Nuorisotila Nikkilä", "Ungdomslokalen i Nickby", "Nikkilä Youth Space"),
           T("Sipoon kunnan nuorisotila 13–17-vuotiaille, toimintaa suomeksi ja ruotsiksi.",
             "Sibbo kommuns ungdomslokal för 13–17-åringar, verksamhet på finska och svenska.",
             "Municipality of Sipoo youth space for ages 13–17, activities in Finnish and Swedish."),
           "753", 0.0034, 0.0008, hours=youth_hours(), acc=ACC_STD),
    # --- small municipalities
    u_near("unit-askola-youth-centre", "org-mun-018",
           T("Askolan nuorisotila", "Askola ungdomslokal", "Askola Youth Space"),
           T("Askolan kunnan nuorisotila koululaisille ja nuorille.",
             "Askola kommuns ungdomslokal för skolelever och unga.",
             "Municipality of Askola youth space for pupils and young people."),
           "018", 0.0014, -0.0018, hours=youth_hours()),
    u_near("unit-pukkila-youth-centre", "org-mun-616",
           T("Pukkilan nuorisotila", "Pukkila ungdomslokal", "Pukkila Youth Space"),
           T("Pukkilan kunnan nuorisotila 10–17-vuotiaille.",
             "Pukkila kommuns ungdomslokal för 10–17-åringar.",
             "Municipality of Pukkila youth space for ages 10–17."),
           "616", -0.0012, 0.0016, hours=youth_hours()),
    u_near("unit-lapinjarvi-service-housing", "org-itu",
           T("Lapinjärven palvelukeskus", "Lappträsk servicecenter", "Lapinjärvi Service Centre"),
           T("Ympärivuorokautista palveluasumista, lyhytaikaista hoitoa ja päivätoimintaa.",
             "Serviceboende med heldygnsomsorg, kortvarig vård och dagverksamhet.",
             "24-hour service housing, short-term care and day activities."),
           "407", 0.0020, 0.0026, hours=always(), acc=ACC_RAMP,
           capacity=[cap("enhanced_service_housing_apartment", 15,
                         "ympärivuorokautisen palveluasumisen asunnot",
                         "bostäder med heldygnsomsorg", "24-hour service housing apartments"),
                     cap("bed", 2, "lyhytaikaishoidon paikat", "platser för kortvarig vård",
                         "short-term care beds"),
                     cap("day_activity_place", 8, "päivätoimintapaikat", "platser i dagverksamhet",
                         "day activity places")]),
    u_near("unit-myrskyla-home-care", "org-itu-homecare",
           T("Kotihoito, pohjoisen alueen tukikohta (Myrskylä)",
             "Hemvården, norra områdets bas (Mörskom)",
             "Home Care, northern area base (Myrskylä)"),
           T("Kotihoidon tukikohta Askolan, Myrskylän ja Pukkilan alueelle.",
             "Hemvårdens bas för Askola, Mörskom och Pukkila.",
             "Home care base for Askola, Myrskylä and Pukkila."),
           "504", -0.0014, -0.0020, hours=daytime("08:00", "15:00")),
    # --- pilot: health bus base (shows valid_from later than the others)
    u_near("unit-itu-health-bus", "org-itu",
           T("Terveysbussi", "Hälsobussen", "Health Bus"),
           T("Liikkuva vastaanotto, joka kiertää kyliä viikkoaikataulun mukaan. Tukikohta Askolassa.",
             "Mobil mottagning som besöker byarna enligt veckoschema. Bas i Askola.",
             "A mobile clinic touring villages on a weekly timetable. Based in Askola."),
           "018", -0.0020, 0.0030, hours=daytime("08:30", "15:30"),
           acc=T("Bussissa on nostolaite pyörätuolille.",
                 "Bussen har lyft för rullstol.",
                 "The bus has a wheelchair lift."),
           note="Illustrative pilot (2026) of a mobile clinic; base location near the Askola "
                "central locality.", valid_from="2026-01-01", valid_to="2026-12-31"),
]


# ---------------------------------------------------------------------------
# Channels
# ---------------------------------------------------------------------------
def ch(id, kind, organization, name, description, languages, hours=None, unit=None,
       phone=None, url=None, strong=False, prov=None, valid_from=VF, valid_to=None):
    c = {"id": id, "kind": kind, "organization": organization, "name": name,
         "description": description, "unit": unit, "phone": phone, "url": url,
         "languages": languages}
    if hours:
        c["hours"] = hours
    c["strong_identification"] = strong
    c["valid_from"] = valid_from
    c["valid_to"] = valid_to
    c["provenance"] = prov
    return c


FISV = ["fi", "sv"]
FISVEN = ["fi", "sv", "en"]
P_PHONE = ("Illustrative: the number is a placeholder (+358 40 000 00xx), not a real "
           "service number; hours illustrative.")
P_URL = "Illustrative: placeholder URL under example.invalid."


def phone_hours(opens="08:00", closes="15:00", summer_close=None):
    return daytime(opens, closes, summer_close=summer_close)


CHANNELS = [
    ch("ch-itu-phone-health-west", "phone", "org-itu",
       T("Terveysasemien puhelinpalvelu, läntinen alue", "Hälsostationernas telefontjänst, västra området",
         "Health station phone service, western area"),
       T("Ajanvaraus ja hoidon tarpeen arvio Porvoon, Askolan, Myrskylän ja Pukkilan "
         "terveysasemille. Voit jättää takaisinsoittopyynnön.",
         "Tidsbokning och bedömning av vårdbehov för hälsostationerna i Borgå, Askola, Mörskom "
         "och Pukkila. Du kan lämna en begäran om återuppringning.",
         "Appointments and assessment of care needs for the Porvoo, Askola, Myrskylä and "
         "Pukkila health stations. You can request a call-back."),
       FISV, hours=phone_hours("08:00", "15:00"), phone="+358 40 000 0001", prov=ill(P_PHONE)),
    ch("ch-itu-phone-health-sipoo", "phone", "org-itu",
       T("Sipoon terveysasemien puhelinpalvelu", "Telefontjänsten för hälsostationerna i Sibbo",
         "Sipoo health stations phone service"),
       T("Ajanvaraus ja hoidon tarpeen arvio Nikkilän ja Söderkullan terveysasemille.",
         "Tidsbokning och bedömning av vårdbehov för hälsostationerna i Nickby och Söderkulla.",
         "Appointments and assessment of care needs for the Nikkilä and Söderkulla health stations."),
       FISV, hours=phone_hours("08:00", "15:00"), phone="+358 40 000 0002", prov=ill(P_PHONE)),
    ch("ch-itu-phone-health-east", "phone", "org-itu",
       T("Terveysasemien puhelinpalvelu, itäinen alue", "Hälsostationernas telefontjänst, östra området",
         "Health station phone service, eastern area"),
       T("Ajanvaraus ja hoidon tarpeen arvio Loviisan ja Lapinjärven terveysasemille.",
         "Tidsbokning och bedömning av vårdbehov för hälsostationerna i Lovisa och Lappträsk.",
         "Appointments and assessment of care needs for the Loviisa and Lapinjärvi health stations."),
       FISV, hours=phone_hours("08:00", "15:00"), phone="+358 40 000 0003", prov=ill(P_PHONE)),
    ch("ch-itu-phone-oral-care", "phone", "org-itu",
       T("Suun terveydenhuollon ajanvaraus", "Tidsbokning till mun- och tandvården",
         "Oral care appointments"),
       T("Hammashoidon ajanvaraus ja kiireellisen hammashoidon arvio. Soita heti aamulla, "
         "jos tarvitset kiireellistä hoitoa.",
         "Tidsbokning till tandvården och bedömning av akut tandvård. Ring genast på morgonen "
         "om du behöver akut vård.",
         "Dental appointments and assessment of urgent dental care. Call early in the morning "
         "if you need urgent care."),
       FISV, hours=phone_hours("07:30", "15:00"), phone="+358 40 000 0004", prov=ill(P_PHONE)),
    ch("ch-itu-phone-senior-advice", "phone", "org-itu",
       T("Seniorineuvonta", "Seniorrådgivningen", "Senior advice line"),
       T("Neuvontaa ja palveluohjausta ikäihmisille ja heidän läheisilleen: kotihoito, "
         "tukipalvelut, omaishoito ja asumisvaihtoehdot.",
         "Rådgivning och servicehandledning för äldre och deras anhöriga: hemvård, stödtjänster, "
         "närståendevård och boendealternativ.",
         "Advice and service navigation for older people and their families: home care, support "
         "services, informal care and housing options."),
       FISV, hours=phone_hours("09:00", "15:00"), phone="+358 40 000 0005", prov=ill(P_PHONE)),
    ch("ch-itu-phone-social-emergency", "phone", "org-itu",
       T("Sosiaali- ja kriisipäivystyksen puhelin", "Social- och krisjourens telefon",
         "Social and crisis emergency phone"),
       T("Kiireelliset sosiaalihuollon asiat ja kriisiapu ympäri vuorokauden. "
         "Hengenvaarallisessa tilanteessa soita 112.",
         "Brådskande socialvårdsärenden och krishjälp dygnet runt. Ring 112 i livsfarliga situationer.",
         "Urgent social care matters and crisis help around the clock. In a life-threatening "
         "situation call 112."),
       FISV, hours=always(), phone="+358 40 000 0006", prov=ill(P_PHONE)),
    ch("ch-116117", "phone", "org-itu",
       T("Päivystysapu 116117", "Jourhjälpen 116117", "Medical helpline 116117"),
       T("Maksuton päivystysapunumero: soita ennen kuin lähdet päivystykseen. "
         "Hätätilanteessa soita 112.",
         "Avgiftsfritt jourhjälpsnummer: ring innan du åker till jouren. I nödsituationer ring 112.",
         "Free medical helpline: call before going to the emergency department. In an "
         "emergency call 112."),
       FISV, hours=always(), phone="116117",
       prov=fact("116117.fi (national medical helpline number)",
                 "The number is the national Päivystysapu number; its attachment to the county "
                 "organisation in this demo is a simplification.")),
    ch("ch-itu-phone-family", "phone", "org-itu",
       T("Perhekeskuksen neuvontapuhelin", "Familjecentrets rådgivningstelefon",
         "Family centre advice line"),
       T("Neuvontaa lapsiperheille: neuvola, perhetyö, kotipalvelu ja perheneuvola.",
         "Rådgivning för barnfamiljer: rådgivning, familjearbete, hemservice och familjerådgivning.",
         "Advice for families: child health clinic, family work, home help and family counselling."),
       FISV, hours=phone_hours("09:00", "14:00"), phone="+358 40 000 0007", prov=ill(P_PHONE)),
    ch("ch-itu-phone-child-protection", "phone", "org-itu",
       T("Lastensuojelun päivystävä sosiaalityöntekijä", "Barnskyddets jourhavande socialarbetare",
         "Child protection duty social worker"),
       T("Lastensuojeluilmoitukset ja huoli lapsesta virka-aikana. Muina aikoina soita "
         "sosiaali- ja kriisipäivystykseen.",
         "Barnskyddsanmälningar och oro för ett barn under tjänstetid. Andra tider ring social- "
         "och krisjouren.",
         "Child protection notifications and concerns about a child during office hours. At "
         "other times call the social and crisis emergency service."),
       FISV, hours=phone_hours("08:00", "15:00"), phone="+358 40 000 0008", prov=ill(P_PHONE)),
    ch("ch-itu-phone-mental-substance", "phone", "org-itu",
       T("Mielenterveys- ja päihdepalvelujen neuvonta", "Rådgivning inom mentalvård och missbruksvård",
         "Mental health and substance abuse advice line"),
       T("Neuvontaa ja hoitoon ohjausta mielenterveyden ja päihteiden käytön huolissa.",
         "Rådgivning och hänvisning till vård vid oro för psykisk hälsa och rusmedelsbruk.",
         "Advice and referral to care for concerns about mental health and substance use."),
       FISV, hours=phone_hours("08:00", "15:00"), phone="+358 40 000 0009", prov=ill(P_PHONE)),
    ch("ch-itu-phone-disability", "phone", "org-itu",
       T("Vammaispalvelujen neuvonta", "Handikappservicens rådgivning", "Disability services advice line"),
       T("Neuvontaa vammaispalveluista ja hakemuksista.",
         "Rådgivning om handikappservice och ansökningar.",
         "Advice on disability services and applications."),
       FISV, hours={"always_open": False,
                    "weekly": [{"days": ["mon", "tue", "thu"], "opens": "09:00", "closes": "11:00"}],
                    "exceptions": xmas("11:00", "09:00")},
       phone="+358 40 000 0010", prov=ill(P_PHONE)),
    ch("ch-itu-phone-ombudsman", "phone", "org-itu",
       T("Potilas- ja sosiaaliasiavastaava", "Patient- och socialombudsmannen",
         "Patient and social ombudsman"),
       T("Neuvoja potilaan ja sosiaalihuollon asiakkaan oikeuksista, muistutuksista ja "
         "kanteluista.",
         "Råd om patientens och socialvårdsklientens rättigheter, anmärkningar och klagomål.",
         "Advice on patients' and social care clients' rights, objections and complaints."),
       FISVEN, hours={"always_open": False,
                      "weekly": [{"days": ["mon", "wed", "thu"], "opens": "09:00", "closes": "12:00"}],
                      "exceptions": xmas("12:00", "09:00")},
       phone="+358 40 000 0011", prov=ill(P_PHONE)),
    ch("ch-itu-chat", "chat", "org-itu",
       T("Sote-chat", "Social- och hälsovårdschatten", "Social and health chat"),
       T("Matalan kynnyksen chat kaikille: kysy sosiaali- ja terveyspalveluista nimettömänä "
         "suomeksi tai ruotsiksi. Ammattilainen ohjaa oikeaan palveluun.",
         "Lågtröskelchatt för alla: fråga anonymt om social- och hälsovårdstjänster på finska "
         "eller svenska. En yrkesperson hänvisar dig till rätt tjänst.",
         "Low-threshold chat for everyone: ask anonymously about social and health services "
         "in Finnish or Swedish. A professional guides you to the right service."),
       FISV, hours=phone_hours("08:00", "15:00", summer_close="14:00"),
       url="https://example.invalid/itu/chat", prov=ill(P_URL + " Hours illustrative.")),
    ch("ch-itu-chat-youth", "chat", "org-itu",
       T("Nuorten chat", "Chatten för unga", "Youth chat"),
       T("Nuorille ja nuorille aikuisille iltaisin: jaksaminen, mieliala, päihteet ja "
         "ihmissuhteet. Nimettömästi, suomeksi ja ruotsiksi.",
         "För unga och unga vuxna på kvällarna: ork, humör, rusmedel och relationer. Anonymt, "
         "på finska och svenska.",
         "For young people in the evenings: coping, mood, substances and relationships. "
         "Anonymous, in Finnish and Swedish."),
       FISV, hours={"always_open": False,
                    "weekly": [{"days": ["mon", "tue", "wed", "thu"], "opens": "17:00", "closes": "21:00"}],
                    "exceptions": xmas()},
       url="https://example.invalid/itu/youth-chat",
       prov=ill(P_URL + " Pilot with a later start date."), valid_from="2026-01-01"),
    ch("ch-itu-video", "video", "org-itu",
       T("Etävastaanotto", "Distansmottagning", "Remote appointment (video)"),
       T("Videovastaanotto lääkärin, hoitajan tai sosiaalialan ammattilaisen kanssa. "
         "Saat linkin ajanvarauksen yhteydessä.",
         "Videomottagning med läkare, skötare eller yrkesperson inom socialvården. Du får "
         "länken när du bokar tid.",
         "Video appointment with a doctor, nurse or social care professional. You receive the "
         "link when you book."),
       FISVEN, url="https://example.invalid/itu/video", strong=True, prov=ill(P_URL)),
    ch("ch-itu-eservice-health", "e_service", "org-itu",
       T("Sähköinen asiointi: terveyspalvelut", "E-tjänster: hälsovård", "E-services: health care"),
       T("Varaa ja peru aikoja, lähetä viesti hoitajalle, täytä esitietolomakkeet ja katso "
         "laboratoriotulokset. Vaatii vahvan tunnistautumisen.",
         "Boka och avboka tider, skicka meddelanden till skötaren, fyll i förhandsuppgifter och "
         "se laboratoriesvar. Kräver stark autentisering.",
         "Book and cancel appointments, message your nurse, fill in pre-visit forms and see "
         "laboratory results. Requires strong identification."),
       FISVEN, url="https://example.invalid/itu/e-health", strong=True, prov=ill(P_URL)),
    ch("ch-itu-eservice-social", "e_service", "org-itu",
       T("Sähköinen asiointi: sosiaalipalvelut", "E-tjänster: socialvård", "E-services: social care"),
       T("Hae sosiaalipalveluja sähköisesti (esimerkiksi toimeentulotuki, omaishoidon tuki, "
         "vammaispalvelut) ja lähetä liitteet. Vaatii vahvan tunnistautumisen.",
         "Ansök om socialservice elektroniskt (till exempel utkomststöd, stöd för närståendevård, "
         "handikappservice) och skicka bilagor. Kräver stark autentisering.",
         "Apply for social services online (for example social assistance, informal care "
         "support, disability services) and send attachments. Requires strong identification."),
       FISV, url="https://example.invalid/itu/e-social", strong=True, prov=ill(P_URL)),
    ch("ch-itu-eservice-child-protection", "e_service", "org-itu",
       T("Lastensuojeluilmoitus sähköisesti", "Barnskyddsanmälan elektroniskt",
         "Child protection notification online"),
       T("Tee lastensuojeluilmoitus verkossa. Yksityishenkilö voi tehdä ilmoituksen myös "
         "nimettömänä. Kiireellisessä tilanteessa soita 112.",
         "Gör en barnskyddsanmälan på nätet. En privatperson kan också göra anmälan anonymt. "
         "Ring 112 i brådskande situationer.",
         "Make a child protection notification online. Private persons can also report "
         "anonymously. In urgent situations call 112."),
       FISVEN, url="https://example.invalid/itu/child-protection-notification", strong=False,
       prov=ill(P_URL)),
    ch("ch-itu-eservice-symptoms", "e_service", "org-itu",
       T("Sähköinen oirearvio", "Elektronisk symtombedömning", "Online symptom checker"),
       T("Arvioi oireesi verkossa ja saa ohje hoitoon hakeutumisesta. Tunnistautumalla voit "
         "lähettää arvion terveysasemalle.",
         "Bedöm dina symtom på nätet och få råd om var du ska söka vård. Med autentisering kan du "
         "skicka bedömningen till hälsostationen.",
         "Check your symptoms online and get advice on where to seek care. After identification "
         "you can send the assessment to your health station."),
       FISVEN, url="https://example.invalid/itu/symptom-checker", strong=False, prov=ill(P_URL)),
    ch("ch-itu-web", "web_page", "org-itu",
       T("Itä-Uudenmaan hyvinvointialueen verkkosivut", "Östra Nylands välfärdsområdes webbplats",
         "Eastern Uusimaa Wellbeing Services County website"),
       T("Palvelujen esittelyt, yhteystiedot ja ajankohtaiset tiedotteet.",
         "Presentation av tjänsterna, kontaktuppgifter och aktuella meddelanden.",
         "Service descriptions, contact details and news."),
       FISVEN, url="https://itauusimaa.fi",
       prov=fact("itauusimaa.fi", "The county's website address.")),
    ch("ch-itu-web-vouchers", "web_page", "org-itu",
       T("Palvelusetelit ja hyväksytyt palveluntuottajat", "Servicesedlar och godkända serviceproducenter",
         "Service vouchers and approved providers"),
       T("Palvelusetelien arvot, sääntökirjat ja luettelo hyväksytyistä palveluntuottajista.",
         "Servicesedlarnas värden, regelböcker och förteckning över godkända serviceproducenter.",
         "Voucher values, rulebooks and the list of approved service providers."),
       FISV, url="https://example.invalid/itu/service-vouchers", prov=ill(P_URL)),
    ch("ch-porvoo-laboratory-walk-in", "in_person", "org-itu",
       T("Laboratorion aamuvastaanotto ilman ajanvarausta", "Laboratoriets morgonmottagning utan tidsbokning",
         "Laboratory walk-in mornings"),
       T("Näytteenotto ilman ajanvarausta arkiaamuisin. Ota vuoronumero.",
         "Provtagning utan tidsbokning på vardagsmorgnar. Ta en kölapp.",
         "Sample taking without booking on weekday mornings. Take a queue number."),
       FISV, unit="unit-porvoo-laboratory",
       hours={"always_open": False,
              "weekly": [{"days": WEEKDAYS, "opens": "07:00", "closes": "09:30"},
                         {"days": WEEKDAYS, "opens": "07:00", "closes": "09:00",
                          "valid_from": SUMMER[0], "valid_to": SUMMER[1]}],
              "exceptions": xmas("09:00", "07:00")},
       prov=ill("Illustrative walk-in hours.")),
    ch("ch-porvoo-mental-walk-in", "in_person", "org-itu",
       T("Mielenterveyden walk-in-vastaanotto", "Walk in-mottagning för psykisk hälsa",
         "Mental health walk-in"),
       T("Tule juttelemaan ilman ajanvarausta ja lähetettä. Arvioimme kanssasi, mistä saat apua.",
         "Kom och prata utan tidsbokning och remiss. Vi bedömer tillsammans var du får hjälp.",
         "Come and talk without an appointment or referral. Together we assess where you can "
         "get help."),
       FISV, unit="unit-porvoo-mental-health",
       hours={"always_open": False,
              "weekly": [{"days": ["tue", "thu"], "opens": "12:00", "closes": "15:00"}],
              "exceptions": xmas()},
       prov=ill("Illustrative walk-in hours.")),
    ch("ch-kela-web", "web_page", "org-kela",
       T("Kelan verkkosivut", "FPA:s webbplats", "Kela website"),
       T("Tietoa Kelan kuntoutuksesta, perustoimeentulotuesta ja muista etuuksista sekä "
         "sähköinen asiointi.",
         "Information om FPA:s rehabilitering, grundläggande utkomststöd och andra förmåner "
         "samt e-tjänster.",
         "Information on Kela's rehabilitation, basic social assistance and other benefits, and "
         "online services."),
       FISVEN, url="https://www.kela.fi", prov=fact("kela.fi", "Kela's website address.")),
]

for code in sorted(MUNI):
    fi, sv, en = MUNI[code][:3]
    CHANNELS.append(ch(
        f"ch-mun-{code}-web", "web_page", f"org-mun-{code}",
        T(f"{muni_name(code)['fi']}: verkkosivut", f"{muni_name(code)['sv']}: webbplats",
          f"{muni_name(code)['en']}: website"),
        T("Kunnan palvelut: varhaiskasvatus, koulut, nuorisopalvelut, liikunta ja kulttuuri.",
          "Kommunens tjänster: småbarnspedagogik, skolor, ungdomstjänster, motion och kultur.",
          "Municipal services: early childhood education, schools, youth services, sports and culture."),
        FISV if MUNI[code][3] else ["fi"], url=MUNI_WEB[code],
        prov=fact(SRC_KEY + "; municipality website", "Website address of the municipality.")))


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------
SERVICES = []
SELF = [("org-itu", "self_produced")]
HS_UNITS = [f"unit-{HS_ID[c]}-health-station" for c in HS_NAMES] + ["unit-soderkulla-health-station"]
HS_PHONES = ["ch-itu-phone-health-west", "ch-itu-phone-health-sipoo", "ch-itu-phone-health-east"]
P_SVC = "Illustrative service description written for the demo; not the county's official text."


def svc(id, name, summary, desc, kw, classes, targets, events, tier, producers, charge,
        elig, units, channels, organiser="org-itu", voucher=False, languages=None, area=None,
        note=None, valid_from=VF, valid_to=None):
    s = {
        "id": id,
        "name": T(*name),
        "summary": T(*summary),
        "description": T(*desc),
        "keywords": {"fi": kw[0], "sv": kw[1], "en": kw[2]},
        "service_classes": classes,
        "target_groups": targets,
        "life_events": events,
        "tier": tier,
        "organiser": organiser,
        "producers": [{"organization": o, "provision": p} for o, p in producers],
        "charge": charge,
        "voucher_in_use": voucher,
        "eligibility": T(*elig),
        "languages": languages or FISV,
        "area": area if area is not None else [],
        "units": units,
        "channels": channels,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "provenance": ill(P_SVC + (" " + note if note else "")),
    }
    SERVICES.append(s)
    return s


RES_FI = "Kaikki Itä-Uudenmaan hyvinvointialueen asukkaat."
RES_SV = "Alla invånare i Östra Nylands välfärdsområde."
RES_EN = "All residents of the Eastern Uusimaa wellbeing services county."
RES = (RES_FI, RES_SV, RES_EN)

# ---- health stations and reception ------------------------------------------------
svc("svc-doctor-appointment",
    ("Lääkärin vastaanotto", "Läkarmottagning", "Doctor's appointment"),
    ("Terveysaseman lääkäri hoitaa sairauksia, joiden hoito ei vaadi päivystystä.",
     "Hälsostationens läkare vårdar sjukdomar som inte kräver jourvård.",
     "The health station doctor treats illnesses that do not need emergency care."),
    ("Lääkärin vastaanotolle hakeudutaan soittamalla terveysaseman puhelinpalveluun tai "
     "sähköisen asioinnin kautta. Hoitaja arvioi ensin hoidon tarpeen ja varaa tarvittaessa "
     "ajan lääkärille, hoitajalle tai etävastaanotolle. Kiireettömään hoitoon pääsee lain "
     "mukaisessa määräajassa.",
     "Du söker dig till läkarmottagningen genom att ringa hälsostationens telefontjänst eller "
     "via e-tjänsten. En skötare bedömer först vårdbehovet och bokar vid behov tid till läkare, "
     "skötare eller distansmottagning. Icke-brådskande vård ges inom den tid lagen föreskriver.",
     "To see a doctor, call the health station phone service or use the e-service. A nurse "
     "first assesses your need for care and, if needed, books an appointment with a doctor, "
     "nurse or a remote appointment. Non-urgent care is given within the time set by law."),
    (["lääkäri", "lääkärille", "lääkäriaika", "terveyskeskuslääkäri", "terveyskeskus",
      "terveysasema", "vastaanotto", "sairastuminen", "sairaus", "lekuri"],
     ["läkare", "läkarmottagning", "hälsocentral", "hälsostation", "läkartid"],
     ["doctor", "GP", "general practitioner", "health centre"]),
    ["P5.1"], ["KR1"], ["KE11"], "local_area", SELF, "chargeable",
    (RES_FI + " Hoidon tarpeen arvioi ensin hoitaja.",
     RES_SV + " En skötare bedömer först vårdbehovet.",
     RES_EN + " A nurse first assesses the need for care."),
    HS_UNITS, HS_PHONES + ["ch-itu-eservice-health", "ch-itu-video", "ch-itu-eservice-symptoms"])

svc("svc-nurse-appointment",
    ("Sairaanhoitajan vastaanotto", "Sjukskötarmottagning", "Nurse's appointment"),
    ("Sairaanhoitaja hoitaa tavallisia infektioita, haavoja, pieniä vammoja ja ohjaa omahoidossa.",
     "Sjukskötaren vårdar vanliga infektioner, sår och små skador och handleder i egenvård.",
     "The nurse treats common infections, wounds and minor injuries and guides self-care."),
    ("Sairaanhoitajan vastaanotolla hoidetaan esimerkiksi virtsatieinfektioita, haavoja, "
     "ompeleiden poistoja ja korvien huuhteluja. Hoitaja myös tekee hoidon tarpeen arvion "
     "ja ohjaa tarvittaessa lääkärille. Vastaanotolle varataan aika puhelimitse tai sähköisesti.",
     "På sjukskötarmottagningen vårdas till exempel urinvägsinfektioner och sår, stygn tas bort "
     "och öron sköljs. Skötaren gör också bedömningen av vårdbehovet och hänvisar vid behov till "
     "läkare. Tid bokas per telefon eller elektroniskt.",
     "The nurse's appointment covers, for example, urinary tract infections, wound care, "
     "removing stitches and ear irrigation. The nurse also assesses your need for care and "
     "refers you to a doctor if needed. Book by phone or online."),
    (["sairaanhoitaja", "hoitaja", "hoitajalle", "hoitajan vastaanotto", "haavanhoito",
      "ompeleiden poisto", "terveysasema"],
     ["sjukskötare", "skötarmottagning", "sårvård", "hälsostation"],
     ["nurse", "wound care", "nurse appointment"]),
    ["P5.1"], ["KR1"], ["KE11"], "local_area", SELF, "free",
    RES, HS_UNITS, HS_PHONES + ["ch-itu-eservice-health", "ch-itu-chat"])

svc("svc-urgent-reception",
    ("Kiirevastaanotto terveysasemalla", "Akutmottagning på hälsostationen",
     "Same-day urgent care at the health station"),
    ("Äkillisesti sairastuneille saman päivän vastaanotto virka-aikana.",
     "Mottagning samma dag under tjänstetid för den som insjuknat plötsligt.",
     "Same-day appointments during office hours for people who have fallen suddenly ill."),
    ("Kiirevastaanotolla hoidetaan äkilliset sairaudet ja tapaturmat, jotka vaativat hoitoa "
     "saman päivän aikana, mutta eivät ole hengenvaarallisia. Soita aamulla terveysaseman "
     "puhelinpalveluun, niin hoitaja arvioi tilanteesi. Virka-ajan ulkopuolella soita "
     "Päivystysapuun 116117.",
     "På akutmottagningen vårdas plötsliga sjukdomar och olycksfall som kräver vård samma dag "
     "men inte är livshotande. Ring hälsostationens telefontjänst på morgonen så bedömer en "
     "skötare din situation. Utanför tjänstetid ring Jourhjälpen 116117.",
     "Same-day care treats sudden illnesses and injuries that need care the same day but are "
     "not life-threatening. Call the health station phone service in the morning and a nurse "
     "will assess your situation. Outside office hours call the medical helpline 116117."),
    (["kiirevastaanotto", "kiireellinen", "akuutti", "äkillinen sairastuminen", "sairastuin",
      "päivystys", "samana päivänä", "kuume"],
     ["akutmottagning", "brådskande vård", "akut", "plötsligt insjuknande"],
     ["urgent care", "same-day appointment", "acute illness"]),
    ["P5.1", "P5.5"], ["KR1"], ["KE11"], "local_area", SELF, "chargeable",
    (RES_FI + " Kiireellisyyden arvioi hoitaja.", RES_SV + " Skötaren bedömer hur brådskande det är.",
     RES_EN + " A nurse assesses the urgency."),
    ["unit-porvoo-health-station", "unit-loviisa-health-station", "unit-sipoo-health-station"],
    HS_PHONES + ["ch-116117"])

svc("svc-emergency-care",
    ("Yhteispäivystys, Porvoon sairaala", "Samjouren, Borgå sjukhus",
     "Joint emergency department, Porvoo Hospital"),
    ("Kiireellistä hoitoa vaativat sairaudet ja vammat hoidetaan ympäri vuorokauden.",
     "Sjukdomar och skador som kräver brådskande vård sköts dygnet runt.",
     "Illnesses and injuries needing urgent care are treated around the clock."),
    ("Porvoon sairaalan yhteispäivystys palvelee koko Itä-Uuttamaata kaikkina vuorokauden "
     "aikoina. Soita ennen päivystykseen lähtöä Päivystysapuun 116117, joka arvioi hoidon "
     "kiireellisyyden ja neuvoo. Hengenvaarallisessa tilanteessa soita hätänumeroon 112.",
     "Samjouren vid Borgå sjukhus betjänar hela Östra Nyland dygnet runt. Ring Jourhjälpen "
     "116117 innan du åker till jouren, så bedöms hur brådskande vården är och du får råd. "
     "Ring nödnumret 112 i livshotande situationer.",
     "The joint emergency department at Porvoo Hospital serves all of Eastern Uusimaa around "
     "the clock. Before you go, call the medical helpline 116117, which assesses the urgency "
     "and advises you. In a life-threatening situation call the emergency number 112."),
    (["päivystys", "päivystykseen", "yhteispäivystys", "ensiapu", "sairaala", "porvoon sairaala",
      "tapaturma", "onnettomuus"],
     ["jour", "samjour", "akutvård", "första hjälpen", "Borgå sjukhus"],
     ["emergency", "ER", "emergency department", "A&E", "hospital"]),
    ["P5.5", "P5.6"], ["KR1"], ["KE11"], "county", SELF, "chargeable",
    ("Kaikki, jotka tarvitsevat kiireellistä hoitoa, asuinpaikasta riippumatta.",
     "Alla som behöver brådskande vård, oberoende av hemort.",
     "Anyone who needs urgent care, regardless of where they live."),
    ["unit-porvoo-hospital"], ["ch-116117"])

svc("svc-laboratory",
    ("Laboratoriopalvelut", "Laboratorietjänster", "Laboratory services"),
    ("Laboratorionäytteet otetaan lähetteellä terveysasemilla ja Porvoon laboratoriossa.",
     "Laboratorieprov tas med remiss på hälsostationerna och i Borgå laboratorium.",
     "Laboratory samples are taken with a referral at health stations and Porvoo Laboratory."),
    ("Verikokeet ja muut laboratoriotutkimukset tehdään lääkärin tai hoitajan lähetteellä. "
     "Varaa aika sähköisesti tai puhelimitse; Porvoossa aamuisin pääsee myös ilman ajanvarausta. "
     "Tulokset näet sähköisestä asioinnista.",
     "Blodprov och andra laboratorieundersökningar görs med remiss från läkare eller skötare. "
     "Boka tid elektroniskt eller per telefon; i Borgå kan du på morgnarna komma även utan "
     "tidsbokning. Svaren ser du i e-tjänsten.",
     "Blood tests and other laboratory tests are done with a referral from a doctor or nurse. "
     "Book online or by phone; in Porvoo you can also walk in in the mornings. You can see "
     "the results in the e-service."),
    (["laboratorio", "labra", "verikoe", "verikokeet", "näytteenotto", "labrat", "verinäyte",
      "virtsanäyte"],
     ["laboratorium", "blodprov", "provtagning", "labb"],
     ["laboratory", "blood test", "lab"]),
    ["P5.4"], ["KR1"], [], "sub_region", SELF, "free",
    ("Asiakkaat, joilla on lähete laboratoriotutkimuksiin.",
     "Klienter som har remiss till laboratorieundersökningar.",
     "Clients with a referral for laboratory tests."),
    ["unit-porvoo-laboratory", "unit-loviisa-health-station", "unit-sipoo-health-station",
     "unit-soderkulla-health-station", "unit-askola-health-station"],
    ["ch-porvoo-laboratory-walk-in", "ch-itu-eservice-health"])

svc("svc-vaccinations",
    ("Rokotukset aikuisille", "Vaccinationer för vuxna", "Vaccinations for adults"),
    ("Kansallisen rokotusohjelman rokotukset ja kausi-influenssarokotukset aikuisille.",
     "Vaccinationer enligt det nationella vaccinationsprogrammet och säsongsinfluensavaccin för vuxna.",
     "National vaccination programme vaccines and seasonal influenza vaccines for adults."),
    ("Terveysasemilla annetaan kansallisen rokotusohjelman mukaiset rokotukset, kuten "
     "jäykkäkouristus-kurkkumätärokotteen tehosteet ja riskiryhmien influenssarokotukset. "
     "Syksyn influenssarokotuksista tiedotetaan erikseen. Matkailijan omaan käyttöön "
     "tarvittavat rokotteet ovat maksullisia tai ostetaan apteekista.",
     "På hälsostationerna ges vaccinationer enligt det nationella vaccinationsprogrammet, till "
     "exempel påfyllnadsdoser mot stelkramp och difteri och influensavaccin för riskgrupper. "
     "Höstens influensavaccinationer meddelas separat. Resevaccin är avgiftsbelagda eller köps "
     "på apotek.",
     "Health stations give vaccines in the national vaccination programme, such as tetanus and "
     "diphtheria boosters and influenza vaccines for risk groups. Autumn flu vaccinations are "
     "announced separately. Travel vaccines are charged or bought from a pharmacy."),
    (["rokotus", "rokotukset", "rokote", "influenssarokote", "piikki", "jäykkäkouristus",
      "kausi-influenssa"],
     ["vaccination", "vaccin", "influensavaccin", "stelkramp"],
     ["vaccination", "flu shot", "vaccine"]),
    ["P5.3"], ["KR1", "KR1.1", "KR1.4"], [], "local_area", SELF, "free",
    ("Aikuiset, joille rokote kuuluu kansallisen rokotusohjelman mukaan.",
     "Vuxna som har rätt till vaccinet enligt det nationella vaccinationsprogrammet.",
     "Adults entitled to the vaccine under the national vaccination programme."),
    HS_UNITS, HS_PHONES + ["ch-itu-eservice-health"])

svc("svc-chronic-disease-care",
    ("Pitkäaikaissairauksien hoito", "Vård av långvariga sjukdomar", "Care of long-term illnesses"),
    ("Diabeteksen, verenpainetaudin, astman ja muiden pitkäaikaissairauksien seuranta ja hoito.",
     "Uppföljning och vård av diabetes, högt blodtryck, astma och andra långvariga sjukdomar.",
     "Follow-up and care of diabetes, high blood pressure, asthma and other long-term illnesses."),
    ("Pitkäaikaissairaudet hoidetaan omalla terveysasemalla hoitajan ja lääkärin yhteistyönä. "
     "Sinulle tehdään yhdessä hoitosuunnitelma, ja kontrollit sovitaan sen mukaan. Diabetes- ja "
     "astmahoitajat ohjaavat omahoidossa ja välineissä.",
     "Långvariga sjukdomar sköts på den egna hälsostationen i samarbete mellan skötare och läkare. "
     "Tillsammans gör ni upp en vårdplan och kontrollerna bokas enligt den. Diabetes- och "
     "astmaskötare handleder i egenvård och hjälpmedel.",
     "Long-term illnesses are treated at your own health station by a nurse and doctor "
     "together. You make a care plan together, and check-ups follow the plan. Diabetes and "
     "asthma nurses guide you in self-care and equipment."),
    (["pitkäaikaissairaus", "diabetes", "sokeritauti", "diabeteshoitaja", "verenpaine",
      "astma", "hoitosuunnitelma", "kontrolli"],
     ["långvarig sjukdom", "diabetes", "blodtryck", "astma", "vårdplan"],
     ["chronic disease", "diabetes", "hypertension", "asthma"]),
    ["P5.1", "P5.11"], ["KR1.4"], ["KE11"], "local_area", SELF, "chargeable",
    ("Asukkaat, joilla on todettu pitkäaikaissairaus.",
     "Invånare med en konstaterad långvarig sjukdom.",
     "Residents diagnosed with a long-term illness."),
    HS_UNITS, HS_PHONES + ["ch-itu-eservice-health", "ch-itu-video"])

svc("svc-imaging",
    ("Röntgen ja kuvantaminen", "Röntgen och bilddiagnostik", "X-ray and imaging"),
    ("Röntgen-, ultraääni- ja muut kuvantamistutkimukset lähetteellä Porvoon sairaalassa.",
     "Röntgen-, ultraljuds- och andra bilddiagnostiska undersökningar med remiss vid Borgå sjukhus.",
     "X-ray, ultrasound and other imaging with a referral at Porvoo Hospital."),
    ("Kuvantamistutkimukset tehdään lääkärin lähetteellä. Tavalliseen röntgeniin pääsee "
     "arkisin ilman ajanvarausta, ultraääni-, TT- ja magneettitutkimuksiin kutsutaan ajalla. "
     "Tulokset käy läpi lähettänyt lääkäri.",
     "Bilddiagnostiska undersökningar görs med remiss från läkare. Till vanlig röntgen kan du "
     "komma utan tidsbokning på vardagar, till ultraljud, DT och magnetkamera kallas du med en tid. "
     "Läkaren som skrev remissen går igenom resultaten.",
     "Imaging is done with a doctor's referral. Plain X-rays are available without booking on "
     "weekdays; for ultrasound, CT and MRI you are sent an appointment. The referring doctor "
     "goes through the results."),
    (["röntgen", "kuvantaminen", "ultraääni", "magneettikuvaus", "magneetti", "tt-kuvaus",
      "röntgenkuva"],
     ["röntgen", "ultraljud", "magnetkamera", "bilddiagnostik"],
     ["x-ray", "imaging", "ultrasound", "MRI"]),
    ["P5.4", "P5.6"], ["KR1"], ["KE11"], "county", SELF, "chargeable",
    ("Asiakkaat, joilla on lääkärin lähete.", "Klienter med remiss från läkare.",
     "Clients with a doctor's referral."),
    ["unit-porvoo-hospital"], ["ch-itu-web"])

svc("svc-health-bus",
    ("Terveysbussi kyliin (kokeilu)", "Hälsobussen till byarna (försök)", "Health bus to the villages (pilot)"),
    ("Liikkuva hoitajan vastaanotto kiertää haja-asutusalueiden kyliä vuoden 2026 kokeiluna.",
     "En mobil skötarmottagning besöker byar i glesbygden som försök under 2026.",
     "A mobile nurse clinic tours rural villages as a 2026 pilot."),
    ("Terveysbussissa on sairaanhoitaja, joka mittaa verenpaineen ja verensokerin, antaa "
     "rokotuksia, ottaa näytteitä ja neuvoo terveysasiassa. Bussi pysähtyy kylissä viikko-"
     "aikataulun mukaan. Kokeilu päättyy vuoden 2026 lopussa, ja sen tuloksista päätetään jatko.",
     "I hälsobussen finns en sjukskötare som mäter blodtryck och blodsocker, ger vaccinationer, "
     "tar prov och ger råd i hälsofrågor. Bussen stannar i byarna enligt ett veckoschema. Försöket "
     "upphör vid utgången av 2026 och fortsättningen avgörs utifrån resultaten.",
     "The health bus has a nurse who measures blood pressure and blood sugar, gives "
     "vaccinations, takes samples and gives health advice. It stops in villages on a weekly "
     "timetable. The pilot ends at the end of 2026 and its results decide whether it continues."),
    (["terveysbussi", "liikkuva vastaanotto", "kyläpalvelu", "hoitaja", "verenpaineen mittaus",
      "haja-asutusalue"],
     ["hälsobuss", "mobil mottagning", "byar", "glesbygd"],
     ["health bus", "mobile clinic"]),
    ["P5.1", "P5.17"], ["KR1", "KR1.1"], [], "sub_region", SELF, "free",
    ("Askolan, Myrskylän, Pukkilan ja Lapinjärven asukkaat ilman ajanvarausta.",
     "Invånare i Askola, Mörskom, Pukkila och Lappträsk utan tidsbokning.",
     "Residents of Askola, Myrskylä, Pukkila and Lapinjärvi, no booking needed."),
    ["unit-itu-health-bus"], ["ch-itu-phone-health-west"], area=["018", "504", "616", "407"],
    note="Pilot with validity limited to 2026 to show versioning.",
    valid_from="2026-01-01", valid_to="2026-12-31")

# ---- oral care ----------------------------------------------------------------------
ORAL_UNITS = ["unit-porvoo-oral-care", "unit-loviisa-oral-care", "unit-sipoo-oral-care"]
svc("svc-oral-emergency",
    ("Kiireellinen hammashoito", "Akut tandvård", "Emergency dental care"),
    ("Äkillinen hammassärky, turvotus tai hammasvamma hoidetaan saman tai seuraavan päivän aikana.",
     "Plötslig tandvärk, svullnad eller tandskada vårdas samma eller följande dag.",
     "Sudden toothache, swelling or a dental injury is treated the same or the next day."),
    ("Soita suun terveydenhuollon ajanvaraukseen heti aamulla, niin hoitaja arvioi hoidon "
     "kiireellisyyden. Virka-ajan ulkopuolella kiireellinen hammashoito hoidetaan yhteis-"
     "päivystyksen kautta; soita ensin 116117.",
     "Ring tidsbokningen till mun- och tandvården genast på morgonen, så bedömer en skötare hur "
     "brådskande vården är. Utanför tjänstetid sköts akut tandvård via samjouren; ring först 116117.",
     "Call the oral care appointment line early in the morning and a nurse will assess the "
     "urgency. Outside office hours emergency dental care is arranged through the joint "
     "emergency department; call 116117 first."),
    (["hammassärky", "hammaskipu", "särkee hammasta", "hammaspäivystys", "hammaslääkäri",
      "hampaat", "akuutti hammashoito", "poskiturvotus"],
     ["tandvärk", "akut tandvård", "tandjour", "tandläkare"],
     ["toothache", "emergency dentist", "dental emergency"]),
    ["P5.10", "P5.5"], ["KR1"], ["KE11"], "sub_region", SELF, "chargeable",
    RES, ORAL_UNITS, ["ch-itu-phone-oral-care", "ch-116117"])

svc("svc-oral-children",
    ("Lasten ja nuorten suun terveydenhuolto", "Mun- och tandvård för barn och unga",
     "Oral care for children and young people"),
    ("Alle 18-vuotiaiden hammastarkastukset ja hammashoito ovat maksuttomia.",
     "Tandkontroller och tandvård för personer under 18 år är avgiftsfria.",
     "Dental check-ups and dental care for people under 18 are free."),
    ("Lapset ja nuoret kutsutaan hammastarkastukseen ikävuosien mukaan, ja hoito suunnitellaan "
     "yksilöllisesti. Suuhygienisti neuvoo hampaiden harjauksessa ja ruokatottumuksissa. "
     "Oikomishoidon tarve arvioidaan tarkastuksissa.",
     "Barn och unga kallas till tandkontroll enligt ålder och vården planeras individuellt. "
     "Munhygienisten ger råd om tandborstning och matvanor. Behovet av tandreglering bedöms vid "
     "kontrollerna.",
     "Children and young people are invited to dental check-ups by age and care is planned "
     "individually. The dental hygienist advises on brushing and eating habits. The need for "
     "orthodontics is assessed at the check-ups."),
    (["lasten hammashoito", "hammastarkastus", "hammaslääkäri", "hampaat", "oikomishoito",
      "hammasraudat", "koululaisen hammastarkastus"],
     ["barntandvård", "tandkontroll", "tandreglering", "tandställning"],
     ["children's dentist", "dental check-up", "orthodontics"]),
    ["P5.10"], ["KR1.2", "KR1.3"], [], "sub_region", SELF, "free",
    ("Kaikki alle 18-vuotiaat hyvinvointialueen asukkaat.",
     "Alla invånare under 18 år i välfärdsområdet.",
     "All residents of the county under 18."),
    ORAL_UNITS, ["ch-itu-phone-oral-care", "ch-itu-eservice-health"])

svc("svc-oral-adults",
    ("Aikuisten hammashoito", "Tandvård för vuxna", "Dental care for adults"),
    ("Aikuisten hammastarkastukset, paikkaukset, juurihoidot ja hammasproteesit.",
     "Tandkontroller, lagningar, rotbehandlingar och tandproteser för vuxna.",
     "Dental check-ups, fillings, root canal treatment and dentures for adults."),
    ("Varaa aika soittamalla suun terveydenhuollon ajanvaraukseen. Hoidon tarve arvioidaan ensin "
     "ja kiireetön hoito annetaan lain määräajassa. Jos jonotusaika venyy, voit kysyä "
     "palveluseteliä yksityiselle hammaslääkärille.",
     "Boka tid genom att ringa tidsbokningen till mun- och tandvården. Vårdbehovet bedöms först "
     "och icke-brådskande vård ges inom lagstadgad tid. Om väntetiden blir lång kan du fråga om "
     "servicesedel till privat tandläkare.",
     "Book by calling the oral care appointment line. Your need for care is assessed first and "
     "non-urgent care is given within the legal time limit. If the wait is long, you can ask for "
     "a service voucher for a private dentist."),
    (["hammashoito", "hammaslääkäri", "hammaslääkärille", "hampaat", "hampaan paikkaus",
      "juurihoito", "hammasproteesi", "tekohampaat", "hammashoitola"],
     ["tandvård", "tandläkare", "tandklinik", "lagning", "rotfyllning", "tandprotes"],
     ["dentist", "dental care", "filling", "dentures"]),
    ["P5.10"], ["KR1"], [], "sub_region", SELF, "chargeable", RES, ORAL_UNITS,
    ["ch-itu-phone-oral-care", "ch-itu-eservice-health"])

svc("svc-oral-hygienist",
    ("Suuhygienistin vastaanotto", "Munhygienistmottagning", "Dental hygienist appointment"),
    ("Hammaskiven poisto, ientulehduksen hoito ja neuvonta suun omahoidossa.",
     "Avlägsnande av tandsten, vård av tandköttsinflammation och råd om egenvård av munnen.",
     "Tartar removal, treatment of gum inflammation and advice on oral self-care."),
    ("Suuhygienisti puhdistaa hampaat, hoitaa ientulehdusta ja opastaa hampaiden harjaukseen "
     "ja välien puhdistukseen. Käynti voidaan sopia hammastarkastuksen yhteydessä.",
     "Munhygienisten rengör tänderna, behandlar tandköttsinflammation och visar hur du borstar och "
     "rengör mellan tänderna. Besöket kan bokas i samband med tandkontrollen.",
     "The dental hygienist cleans your teeth, treats gum inflammation and shows you how to brush "
     "and clean between your teeth. The visit can be booked with a dental check-up."),
    (["suuhygienisti", "hammaskivi", "hammaskiven poisto", "ientulehdus", "ikenet", "hampaiden puhdistus"],
     ["munhygienist", "tandsten", "tandköttsinflammation"],
     ["dental hygienist", "tartar", "gum disease"]),
    ["P5.10"], ["KR1"], [], "sub_region", SELF, "chargeable", RES, ORAL_UNITS,
    ["ch-itu-phone-oral-care"])

svc("svc-oral-voucher",
    ("Suun terveydenhuollon palveluseteli", "Servicesedel för mun- och tandvård",
     "Oral care service voucher"),
    ("Palvelusetelillä voit valita hyväksytyn yksityisen hammaslääkärin.",
     "Med servicesedeln kan du välja en godkänd privat tandläkare.",
     "With a service voucher you can choose an approved private dentist."),
    ("Hyvinvointialue arvioi hoidon tarpeen ja myöntää palvelusetelin, jonka arvo kattaa osan "
     "hoidon hinnasta. Valitset palveluntuottajan hyväksyttyjen listalta ja maksat omavastuun "
     "suoraan tuottajalle. Palveluseteliä ei ole pakko ottaa vastaan.",
     "Välfärdsområdet bedömer vårdbehovet och beviljar en servicesedel vars värde täcker en del av "
     "priset. Du väljer serviceproducent från listan över godkända producenter och betalar din "
     "självrisk direkt till producenten. Du är inte tvungen att ta emot servicesedeln.",
     "The county assesses your need for care and grants a service voucher whose value covers "
     "part of the price. You choose a provider from the approved list and pay the difference "
     "directly to the provider. You do not have to accept the voucher."),
    (["palveluseteli", "palvelusetelillä", "hammaslääkäri", "yksityinen hammaslääkäri",
      "hammashoito", "seteli"],
     ["servicesedel", "privat tandläkare", "tandvård"],
     ["service voucher", "private dentist"]),
    ["P5.10"], ["KR1"], [], "county",
    [("org-priv-dental-a", "voucher"), ("org-priv-dental-b", "voucher")], "chargeable",
    ("Täysi-ikäiset asukkaat, joiden hoidon tarve on arvioitu ja joille hoitoa ei voida "
     "järjestää omana toimintana kohtuullisessa ajassa.",
     "Vuxna invånare vars vårdbehov har bedömts och som inte kan få vård inom egen verksamhet "
     "inom skälig tid.",
     "Adult residents whose care need has been assessed and who cannot be treated by the "
     "county's own clinics within a reasonable time."),
    ["unit-priv-dental-porvoo"], ["ch-itu-phone-oral-care", "ch-itu-web-vouchers"], voucher=True)

# ---- maternity, children, school ------------------------------------------------------
NEUVOLAT = ["unit-porvoo-neuvola", "unit-loviisa-neuvola", "unit-sipoo-neuvola",
            "unit-soderkulla-health-station", "unit-askola-health-station",
            "unit-myrskyla-health-station", "unit-pukkila-health-station",
            "unit-lapinjarvi-health-station"]
svc("svc-maternity-clinic",
    ("Äitiysneuvola", "Mödrarådgivning", "Maternity clinic"),
    ("Raskauden seuranta ja tuki odottavalle perheelle.",
     "Uppföljning av graviditeten och stöd för den väntande familjen.",
     "Pregnancy follow-up and support for the expecting family."),
    ("Äitiysneuvolassa terveydenhoitaja ja lääkäri seuraavat raskautta, sikiön vointia ja "
     "vanhempien jaksamista. Neuvola järjestää perhevalmennuksen ja ohjaa synnytykseen. Ota "
     "yhteyttä neuvolaan, kun raskaustesti on positiivinen.",
     "På mödrarådgivningen följer hälsovårdaren och läkaren graviditeten, fostrets välmående och "
     "föräldrarnas ork. Rådgivningen ordnar familjeförberedelse och förbereder för förlossningen. "
     "Kontakta rådgivningen när graviditetstestet är positivt.",
     "At the maternity clinic a public health nurse and a doctor follow the pregnancy, the "
     "baby's wellbeing and the parents' coping. The clinic runs antenatal classes and prepares "
     "you for the birth. Contact the clinic when your pregnancy test is positive."),
    (["äitiysneuvola", "neuvola", "neuvolaan", "raskaus", "raskaana", "odottava äiti",
      "perhevalmennus", "synnytys"],
     ["mödrarådgivning", "rådgivning", "graviditet", "gravid", "familjeförberedelse"],
     ["maternity clinic", "pregnancy", "antenatal care"]),
    ["P5.2", "P3.2"], ["KR1.2"], ["KE1"], "local_area", SELF, "free",
    ("Raskaana olevat ja heidän perheensä.", "Gravida och deras familjer.",
     "Pregnant people and their families."),
    NEUVOLAT, ["ch-itu-phone-family", "ch-itu-eservice-health"])

svc("svc-child-health-clinic",
    ("Lastenneuvola", "Barnrådgivning", "Child health clinic"),
    ("Alle kouluikäisten lasten kasvun ja kehityksen seuranta, rokotukset ja vanhempien tuki.",
     "Uppföljning av tillväxt och utveckling, vaccinationer och stöd till föräldrar för barn under skolåldern.",
     "Growth and development checks, vaccinations and parenting support for children under school age."),
    ("Lastenneuvola seuraa lapsen kasvua ja kehitystä määräaikaisissa terveystarkastuksissa ja "
     "antaa rokotusohjelman rokotukset. Laajoihin terveystarkastuksiin osallistuu koko perhe. "
     "Neuvolasta saa tukea myös imetykseen, uneen ja arjen jaksamiseen.",
     "Barnrådgivningen följer barnets tillväxt och utveckling vid regelbundna hälsoundersökningar "
     "och ger vaccinationerna i vaccinationsprogrammet. Hela familjen deltar i de omfattande "
     "hälsoundersökningarna. Du får också stöd med amning, sömn och ork i vardagen.",
     "The child health clinic follows the child's growth and development at regular check-ups "
     "and gives the programme vaccinations. The whole family takes part in the extensive "
     "check-ups. You also get support with breastfeeding, sleep and everyday coping."),
    (["lastenneuvola", "neuvola", "neuvolaan", "neuvolakäynti", "vauva", "rokotukset",
      "kasvu ja kehitys", "imetys"],
     ["barnrådgivning", "rådgivningen", "bebis", "vaccinationer"],
     ["child health clinic", "baby clinic", "well-child visit"]),
    ["P5.2", "P5.3"], ["KR1.2"], ["KE1"], "local_area", SELF, "free",
    ("Alle kouluikäiset lapset ja heidän perheensä.", "Barn under skolåldern och deras familjer.",
     "Children under school age and their families."),
    NEUVOLAT, ["ch-itu-phone-family", "ch-itu-eservice-health"])

svc("svc-family-planning",
    ("Ehkäisyneuvola", "Preventivmedelsrådgivning", "Family planning clinic"),
    ("Raskauden ehkäisyn neuvonta, ehkäisyvälineet ja seksuaaliterveys.",
     "Rådgivning om preventivmedel, preventivmedel och sexuell hälsa.",
     "Contraception advice, contraceptives and sexual health."),
    ("Ehkäisyneuvolassa saat neuvontaa ehkäisymenetelmistä, seksuaaliterveydestä ja "
     "sukupuolitautitesteistä. Alle 25-vuotiaat saavat ensimmäisen ehkäisyvälineen maksutta.",
     "På preventivmedelsrådgivningen får du råd om preventivmetoder, sexuell hälsa och test för "
     "könssjukdomar. Personer under 25 år får sitt första preventivmedel avgiftsfritt.",
     "The family planning clinic advises on contraception, sexual health and tests for "
     "sexually transmitted infections. People under 25 get their first contraceptive for free."),
    (["ehkäisy", "ehkäisyneuvola", "e-pillerit", "kierukka", "seksuaaliterveys",
      "sukupuolitauti", "raskauden ehkäisy"],
     ["preventivmedel", "p-piller", "spiral", "sexuell hälsa"],
     ["contraception", "birth control", "sexual health"]),
    ["P5.2"], ["KR1", "KR1.3"], [], "local_area", SELF, "free", RES,
    ["unit-porvoo-neuvola", "unit-loviisa-neuvola", "unit-sipoo-neuvola"],
    ["ch-itu-phone-family", "ch-itu-chat"])

svc("svc-school-health",
    ("Kouluterveydenhuolto", "Skolhälsovård", "School health care"),
    ("Koululaisten terveystarkastukset ja terveydenhoitajan vastaanotto koululla.",
     "Hälsoundersökningar och hälsovårdarmottagning i skolan för elever.",
     "Health check-ups and a school nurse's drop-in for pupils at school."),
    ("Kouluterveydenhoitaja ja -lääkäri tekevät peruskoululaisille vuosittaiset ja laajat "
     "terveystarkastukset. Terveydenhoitajan vastaanotolle voi mennä ilman ajanvarausta "
     "koulupäivän aikana. Palvelu toimii kunnan kouluissa, joten koulu ja hyvinvointialue "
     "tekevät tiivistä yhteistyötä.",
     "Skolhälsovårdaren och skolläkaren gör årliga och omfattande hälsoundersökningar för elever "
     "i grundskolan. Du kan gå till hälsovårdaren utan tidsbokning under skoldagen. Tjänsten ges i "
     "kommunens skolor, så skolan och välfärdsområdet samarbetar nära.",
     "The school nurse and doctor carry out yearly and extensive health check-ups for pupils in "
     "basic education. Pupils can see the nurse without an appointment during the school day. "
     "The service works in the municipality's schools, so schools and the county work closely "
     "together."),
    (["kouluterveydenhoitaja", "terveydenhoitaja", "kouluterkkari", "terkkari",
      "kouluterveydenhuolto", "koululääkäri", "terveystarkastus"],
     ["skolhälsovårdare", "skolhälsovård", "skolläkare", "hälsoundersökning"],
     ["school nurse", "school health care"]),
    ["P5.9", "P5.8"], ["KR1.2", "KR1.3"], [], "local_area", SELF, "free",
    ("Alueen peruskoulujen oppilaat.", "Elever i grundskolorna i området.",
     "Pupils at basic education schools in the area."),
    [], ["ch-itu-phone-family"],
    note="Offered at schools, which are not listed as units in the demo.")

svc("svc-student-health",
    ("Opiskeluterveydenhuolto", "Studerandehälsovård", "Student health care"),
    ("Lukiolaisten ja ammatillisten opiskelijoiden terveydenhoitaja- ja lääkäripalvelut.",
     "Hälsovårdar- och läkartjänster för gymnasiestuderande och studerande i yrkesutbildning.",
     "Nurse and doctor services for upper secondary and vocational students."),
    ("Opiskeluterveydenhuolto tukee opiskelijan terveyttä ja opiskelukykyä. Ensimmäisen vuoden "
     "opiskelijat kutsutaan terveystarkastukseen, ja vastaanotolle voi hakeutua myös "
     "seksuaaliterveyden, mielialan tai päihteiden asioissa.",
     "Studerandehälsovården stöder de studerandes hälsa och studieförmåga. Första årets studerande "
     "kallas till hälsoundersökning, och du kan också söka dig till mottagningen i frågor om "
     "sexuell hälsa, humör eller rusmedel.",
     "Student health care supports students' health and ability to study. First-year students "
     "are invited to a health check-up, and students can also come about sexual health, mood "
     "or substance use."),
    (["opiskeluterveydenhuolto", "opiskelijaterveydenhoitaja", "terveydenhoitaja", "lukio",
      "ammattikoulu", "opiskelija"],
     ["studerandehälsovård", "hälsovårdare", "gymnasium", "yrkesskola"],
     ["student health", "student nurse"]),
    ["P5.9"], ["KR1.3"], ["KE3"], "sub_region", SELF, "free",
    ("Alueen lukioiden ja ammatillisten oppilaitosten opiskelijat.",
     "Studerande vid gymnasier och yrkesläroanstalter i området.",
     "Students at upper secondary and vocational schools in the area."),
    ["unit-porvoo-student-health"], ["ch-itu-eservice-health", "ch-itu-chat-youth"])

svc("svc-school-psychologist-curator",
    ("Koulupsykologi ja koulukuraattori", "Skolpsykolog och skolkurator",
     "School psychologist and school social worker"),
    ("Koulun psykologi ja kuraattori auttavat oppilaita ja opiskelijoita koulunkäyntiin, "
     "kaverisuhteisiin ja jaksamiseen liittyvissä asioissa.",
     "Skolans psykolog och kurator hjälper elever och studerande med frågor om skolgång, "
     "kompisrelationer och ork.",
     "The school psychologist and social worker help pupils and students with schooling, "
     "friendships and coping."),
    ("Psykologi- ja kuraattoripalvelut kuuluvat hyvinvointialueen järjestämiin opiskeluhuollon "
     "palveluihin, vaikka työ tehdään kunnan kouluissa. Oppilas, huoltaja tai opettaja voi ottaa "
     "yhteyttä, ja ensimmäiseen keskusteluun pääsee lain mukaan viimeistään seitsemäntenä "
     "koulupäivänä.",
     "Psykolog- och kuratorstjänsterna hör till elevhälsan som välfärdsområdet ordnar, även om "
     "arbetet görs i kommunens skolor. Eleven, vårdnadshavaren eller läraren kan ta kontakt, och "
     "enligt lagen ska man få ett första samtal senast den sjunde skoldagen.",
     "Psychologist and school social worker services are student welfare services organised by "
     "the county, although the work is done in the municipalities' schools. A pupil, parent or "
     "teacher can get in touch, and by law the first discussion is offered by the seventh "
     "school day."),
    (["koulupsykologi", "kuraattori", "koulukuraattori", "oppilashuolto", "opiskeluhuolto",
      "kiusaaminen", "koulupoissaolot"],
     ["skolpsykolog", "skolkurator", "kurator", "elevhälsa", "mobbning"],
     ["school psychologist", "school counsellor", "student welfare"]),
    ["P4.9", "P5.9"], ["KR1.2", "KR1.3"], [], "local_area", SELF, "free",
    ("Esi- ja perusopetuksen oppilaat sekä lukioiden ja ammatillisten oppilaitosten opiskelijat.",
     "Elever i förskola och grundskola samt studerande vid gymnasier och yrkesläroanstalter.",
     "Pupils in pre-primary and basic education and students in upper secondary and vocational "
     "schools."),
    [], ["ch-itu-phone-family", "ch-itu-chat-youth"],
    note="Organiser is the county (psychologists and curators moved to the counties in 2023); "
         "schools are municipal.")

for code, ufi, usv, uen in [("638", "Porvoon", "Borgå", "Porvoo"), ("753", "Sipoon", "Sibbo", "Sipoo")]:
    svc(f"svc-student-welfare-{HS_ID[code]}",
        (f"Yhteisöllinen oppilashuolto, {MUNI[code][0]}", f"Gemensam elevhälsa, {MUNI[code][1]}",
         f"Communal student welfare, {uen}"),
        ("Koulun yhteinen työ oppilaiden hyvinvoinnin, turvallisuuden ja viihtyvyyden edistämiseksi.",
         "Skolans gemensamma arbete för elevernas välbefinnande, trygghet och trivsel.",
         "The school's joint work for pupils' wellbeing, safety and a good school climate."),
        (f"{ufi} kaupungin ja kunnan koulut järjestävät yhteisöllisen oppilashuollon: "
         "kiusaamisen ehkäisyn, poissaolojen seurannan ja koulun hyvinvointiryhmät. "
         "Hyvinvointialueen kuraattorit, psykologit ja terveydenhoitajat osallistuvat työhön.".replace(
             "kaupungin ja kunnan", "kaupungin" if code == "638" else "kunnan"),
         f"Skolorna i {usv} ordnar den gemensamma elevhälsan: förebyggande av mobbning, uppföljning "
         "av frånvaro och skolornas välmåendegrupper. Välfärdsområdets kuratorer, psykologer och "
         "hälsovårdare deltar i arbetet.",
         f"Schools in {uen} organise communal student welfare: preventing bullying, following up "
         "absences and school wellbeing groups. The county's school social workers, psychologists "
         "and nurses take part."),
        (["oppilashuolto", "yhteisöllinen oppilashuolto", "koulu", "kiusaaminen", "hyvinvointiryhmä",
          "koulun hyvinvointi"],
         ["elevhälsa", "gemensam elevhälsa", "skola", "mobbning"],
         ["student welfare", "school wellbeing"]),
        ["P6.2", "P4.9"], ["KR1.2", "KR1.3"], [], "local_area",
        [(f"org-mun-{code}", "self_produced"), ("org-itu", "other")], "free",
        (f"{MUNI[code][0]}n koulujen oppilaat.".replace("Porvoon", "Porvoon").replace("Sipoon", "Sipoon"),
         f"Elever i skolorna i {usv}.", f"Pupils at schools in {uen}."),
        [], [f"ch-mun-{code}-web"], organiser=f"org-mun-{code}", area=[code],
        note="Interface service: organised by the municipality as education provider.")

# ---- families ----------------------------------------------------------------------
FAM_UNITS = ["unit-porvoo-family-centre", "unit-loviisa-neuvola", "unit-sipoo-neuvola"]
svc("svc-family-centre",
    ("Perhekeskus", "Familjecenter", "Family centre"),
    ("Lapsiperheiden palvelut yhdestä paikasta: neuvola, perhetyö, perheneuvola ja avoin kohtaamispaikka.",
     "Tjänster för barnfamiljer på ett ställe: rådgivning, familjearbete, familjerådgivning och öppen mötesplats.",
     "Services for families in one place: child health clinic, family work, family counselling and an open meeting place."),
    ("Perhekeskus kokoaa hyvinvointialueen, kuntien, järjestöjen ja seurakuntien lapsiperhepalvelut "
     "yhteen. Voit tulla kysymään neuvoa mistä tahansa perheen arkeen liittyvästä asiasta, ja "
     "sinut ohjataan oikeaan palveluun. Avoimet perhekahvilat ja vertaisryhmät ovat maksuttomia.",
     "Familjecentret samlar välfärdsområdets, kommunernas, organisationernas och församlingarnas "
     "tjänster för barnfamiljer. Du kan fråga om vad som helst som gäller familjens vardag och du "
     "hänvisas till rätt tjänst. Öppna familjecaféer och kamratgrupper är avgiftsfria.",
     "The family centre brings together services for families from the county, municipalities, "
     "associations and parishes. You can ask about anything in your family's everyday life and "
     "you will be guided to the right service. Open family cafés and peer groups are free."),
    (["perhekeskus", "perhekeskukseen", "lapsiperhe", "perhekahvila", "vertaistuki",
      "vanhemmuus", "perheen arki"],
     ["familjecenter", "familjecentret", "barnfamilj", "familjecafé"],
     ["family centre", "family services"]),
    ["P3", "P3.7"], ["KR1.2"], ["KE1"], "local_area",
    [("org-itu", "self_produced"), ("org-ngo-folk", "other"), ("org-mun-638", "other")], "free",
    ("Lapsiperheet ja lasta odottavat perheet.", "Barnfamiljer och familjer som väntar barn.",
     "Families with children and families expecting a child."),
    FAM_UNITS + ["unit-ngo-folk-loviisa"], ["ch-itu-phone-family", "ch-itu-chat"],
    note="Interface service: the county organises; municipality and an association take part.")

svc("svc-family-work",
    ("Perhetyö", "Familjearbete", "Family work"),
    ("Ohjausta ja tukea kotiin perheille, joilla arki on kuormittunut.",
     "Handledning och stöd i hemmet för familjer vars vardag är belastad.",
     "Guidance and support at home for families whose everyday life is overloaded."),
    ("Perhetyöntekijä tukee vanhemmuutta, lapsen hoitoa ja arjen rutiineja tapaamalla perhettä "
     "kotona. Tavoitteet sovitaan yhdessä perheen kanssa. Perhetyötä saa sosiaalihuoltolain "
     "perusteella ilman lastensuojelun asiakkuutta.",
     "Familjearbetaren stöder föräldraskapet, vården av barnet och vardagsrutinerna genom att träffa "
     "familjen hemma. Målen gör ni upp tillsammans. Familjearbete kan fås enligt socialvårdslagen "
     "utan att vara klient inom barnskyddet.",
     "The family worker supports parenting, childcare and daily routines by meeting the family "
     "at home. Goals are agreed together with the family. Family work is available under the "
     "Social Welfare Act without being a child protection client."),
    (["perhetyö", "perhetyöntekijä", "vanhemmuuden tuki", "arjen tuki", "uupumus",
      "väsynyt vanhempi"],
     ["familjearbete", "familjearbetare", "föräldraskap", "stöd i vardagen"],
     ["family work", "parenting support"]),
    ["P3.6"], ["KR1.2"], ["KE1"], "local_area", SELF, "free",
    ("Lapsiperheet, joiden tuen tarve on arvioitu.", "Barnfamiljer vars stödbehov har bedömts.",
     "Families with children whose need for support has been assessed."),
    FAM_UNITS, ["ch-itu-phone-family"])

svc("svc-home-help-families",
    ("Lapsiperheiden kotipalvelu", "Hemservice för barnfamiljer", "Home help for families with children"),
    ("Tilapäistä apua lastenhoitoon ja kodin arkeen esimerkiksi sairauden, synnytyksen tai uupumuksen vuoksi.",
     "Tillfällig hjälp med barnskötsel och hemmets vardag till exempel vid sjukdom, förlossning eller utmattning.",
     "Temporary help with childcare and housework, for example during illness, after childbirth or when exhausted."),
    ("Kotipalvelun työntekijä auttaa lastenhoidossa, ruoanlaitossa ja kodinhoidossa sovitun ajan. "
     "Palvelu on maksullista perheen tulojen mukaan. Palvelua voi saada myös palvelusetelillä.",
     "Hemservicens arbetare hjälper till med barnskötsel, matlagning och hemvård under en "
     "överenskommen tid. Tjänsten kostar enligt familjens inkomster. Tjänsten kan också fås med "
     "servicesedel.",
     "A home help worker assists with childcare, cooking and housework for an agreed period. "
     "The fee depends on the family's income. The service is also available with a service "
     "voucher."),
    (["kotipalvelu", "lapsiperheiden kotipalvelu", "lastenhoitoapu", "kotiapu", "lastenhoito",
      "apua kotiin"],
     ["hemservice", "hemhjälp", "barnskötsel"],
     ["home help", "childcare help"]),
    ["P3.6", "P4.3"], ["KR1.2"], ["KE1"], "local_area",
    [("org-itu", "self_produced"), ("org-priv-homecare-b", "voucher")], "chargeable",
    ("Lapsiperheet, joiden arki on tilapäisesti vaikeutunut.",
     "Barnfamiljer vars vardag tillfälligt har blivit svår.",
     "Families whose everyday life has temporarily become difficult."),
    ["unit-porvoo-family-centre"], ["ch-itu-phone-family", "ch-itu-web-vouchers"], voucher=True)

svc("svc-family-counselling",
    ("Kasvatus- ja perheneuvola", "Uppfostrings- och familjerådgivning",
     "Child guidance and family counselling"),
    ("Apua lapsen kehitykseen, kasvatukseen ja perheen vuorovaikutukseen liittyviin huoliin.",
     "Hjälp vid oro över barnets utveckling, uppfostran och familjens samspel.",
     "Help with concerns about a child's development, upbringing and family relations."),
    ("Perheneuvolan psykologit ja sosiaalityöntekijät tapaavat lapsia, nuoria ja vanhempia. "
     "Yhteyttä voi ottaa ilman lähetettä. Myös eroauttaminen kuuluu perheneuvolan työhön.",
     "Familjerådgivningens psykologer och socialarbetare träffar barn, unga och föräldrar. Du kan "
     "ta kontakt utan remiss. Till arbetet hör också stöd vid skilsmässa.",
     "The family counselling psychologists and social workers meet children, young people and "
     "parents. You can get in touch without a referral. Support for separating families is also "
     "part of the work."),
    (["perheneuvola", "kasvatusneuvola", "perheneuvonta", "lapsen kehitys", "eroauttaminen",
      "kasvatus", "uhmaikä"],
     ["familjerådgivning", "uppfostringsrådgivning", "skilsmässa", "barnets utveckling"],
     ["family counselling", "child guidance"]),
    ["P3.7"], ["KR1.2"], ["KE7"], "sub_region", SELF, "free",
    ("Lapsiperheet, joissa on alle 18-vuotiaita lapsia.", "Barnfamiljer med barn under 18 år.",
     "Families with children under 18."),
    ["unit-porvoo-family-centre", "unit-sipoo-neuvola"], ["ch-itu-phone-family"])

svc("svc-family-mediation",
    ("Perheasioiden sovittelu", "Familjemedling", "Family mediation"),
    ("Erotilanteessa sovittelija auttaa vanhempia sopimaan lasten asioista.",
     "Vid skilsmässa hjälper medlaren föräldrarna att komma överens om barnens frågor.",
     "When parents separate, a mediator helps them agree on matters concerning the children."),
    ("Sovittelussa vanhemmat sopivat yhdessä lapsen huollosta, asumisesta, tapaamisista ja "
     "elatuksesta. Sovittelu on vapaaehtoista ja maksutonta. Osa sovitteluista ostetaan "
     "seurakunnan perheasiain neuvottelukeskukselta.",
     "I medlingen kommer föräldrarna överens om barnets vårdnad, boende, umgänge och underhåll. "
     "Medlingen är frivillig och avgiftsfri. En del av medlingarna köps av församlingens "
     "familjerådgivningscentral.",
     "In mediation parents agree on the child's custody, residence, meetings and maintenance. "
     "Mediation is voluntary and free. Part of the mediations are bought from the parish "
     "family counselling centre."),
    (["perheasioiden sovittelu", "sovittelu", "avioero", "ero", "eroaminen", "huoltajuus",
      "tapaamisoikeus"],
     ["familjemedling", "medling", "skilsmässa", "vårdnad", "umgänge"],
     ["family mediation", "divorce", "custody"]),
    ["P3.5"], ["KR1.2"], ["KE7"], "county",
    [("org-itu", "self_produced"), ("org-parish-porvoo", "procured")], "free",
    ("Eroavat tai eronneet vanhemmat.", "Föräldrar som separerar eller har separerat.",
     "Parents who are separating or have separated."),
    ["unit-porvoo-family-centre", "unit-parish-family-porvoo"], ["ch-itu-phone-family"])

svc("svc-child-welfare-supervisor",
    ("Lastenvalvoja", "Barnatillsyningsman", "Child welfare supervisor"),
    ("Sopimukset lapsen huollosta, asumisesta, tapaamisista ja elatusavusta sekä isyyden ja äitiyden vahvistaminen.",
     "Avtal om barnets vårdnad, boende, umgänge och underhållsbidrag samt fastställande av faderskap och moderskap.",
     "Agreements on a child's custody, residence, meetings and maintenance, and establishing paternity and maternity."),
    ("Lastenvalvoja vahvistaa vanhempien tekemät sopimukset, jolloin ne ovat yhtä päteviä kuin "
     "tuomioistuimen päätös. Lastenvalvojalle varataan aika puhelimitse tai sähköisesti. "
     "Vanhemmuuden tunnustaminen onnistuu myös jo neuvolassa raskausaikana.",
     "Barnatillsyningsmannen fastställer föräldrarnas avtal, och då gäller de som ett "
     "domstolsbeslut. Tid bokas per telefon eller elektroniskt. Föräldraskap kan också erkännas "
     "redan på rådgivningen under graviditeten.",
     "The child welfare supervisor confirms agreements made by the parents, which makes them as "
     "valid as a court decision. Book by phone or online. Parenthood can also be acknowledged "
     "at the maternity clinic during pregnancy."),
    (["lastenvalvoja", "elatusapu", "elatussopimus", "huoltosopimus", "tapaamissopimus",
      "isyyden tunnustaminen", "elarit"],
     ["barnatillsyningsman", "underhållsbidrag", "vårdnadsavtal", "faderskap"],
     ["child maintenance", "custody agreement", "paternity"]),
    ["P3.9", "P3.3", "P3.5"], ["KR1.2"], ["KE7", "KE1"], "county", SELF, "free",
    ("Vanhemmat, joiden lapsi asuu hyvinvointialueella.", "Föräldrar vars barn bor i välfärdsområdet.",
     "Parents whose child lives in the county."),
    ["unit-porvoo-family-centre"], ["ch-itu-phone-family", "ch-itu-eservice-social"])

# ---- child protection ---------------------------------------------------------------
CP = ["unit-itu-child-protection"]
svc("svc-child-protection-notification",
    ("Lastensuojeluilmoitus", "Barnskyddsanmälan", "Child protection notification"),
    ("Jos olet huolissasi lapsen hyvinvoinnista, voit tehdä lastensuojeluilmoituksen.",
     "Om du är orolig för ett barns välbefinnande kan du göra en barnskyddsanmälan.",
     "If you are worried about a child's wellbeing, you can make a child protection notification."),
    ("Ilmoituksen voi tehdä verkossa, puhelimitse tai käymällä. Sosiaalityöntekijä arvioi "
     "seitsemän arkipäivän kuluessa, aloitetaanko palvelutarpeen arviointi. Kiireellisessä "
     "tilanteessa soita 112 tai sosiaali- ja kriisipäivystykseen.",
     "Anmälan kan göras på nätet, per telefon eller genom att komma på besök. Socialarbetaren "
     "bedömer inom sju vardagar om en bedömning av servicebehovet inleds. I brådskande situationer "
     "ring 112 eller social- och krisjouren.",
     "You can report online, by phone or in person. A social worker decides within seven working "
     "days whether to start a service-need assessment. In urgent situations call 112 or the "
     "social and crisis emergency service."),
    (["lastensuojeluilmoitus", "lastensuojelu", "huoli lapsesta", "ilmoitus", "lasu",
      "lastensuojeluun", "kaltoinkohtelu"],
     ["barnskyddsanmälan", "barnskydd", "barnskyddet", "oro för barn"],
     ["child protection report", "child welfare notification"]),
    ["P3.8"], ["KR1.2", "KR1.3"], [], "county", SELF, "free",
    ("Kuka tahansa voi tehdä ilmoituksen; ammattilaisilla on ilmoitusvelvollisuus.",
     "Vem som helst kan göra en anmälan; yrkespersoner har anmälningsskyldighet.",
     "Anyone can report; professionals have a duty to report."),
    CP, ["ch-itu-eservice-child-protection", "ch-itu-phone-child-protection",
         "ch-itu-phone-social-emergency"])

svc("svc-child-protection-support",
    ("Lastensuojelun avohuolto", "Öppenvård inom barnskyddet", "Community-based child protection"),
    ("Lastensuojelun tukitoimet lapselle ja perheelle kotona asumisen tueksi.",
     "Barnskyddets stödåtgärder för barnet och familjen som stöd för boendet hemma.",
     "Child protection support for the child and family so that the child can live at home."),
    ("Avohuollossa lapsella on oma sosiaalityöntekijä, joka laatii asiakassuunnitelman yhdessä "
     "lapsen ja perheen kanssa. Tukena voi olla esimerkiksi tehostettu perhetyö, tukihenkilö tai "
     "perheterapia.",
     "Inom öppenvården har barnet en egen socialarbetare som gör upp en klientplan tillsammans med "
     "barnet och familjen. Som stöd kan ges till exempel intensifierat familjearbete, stödperson "
     "eller familjeterapi.",
     "In community-based care the child has a named social worker who makes a client plan "
     "together with the child and family. Support can include intensive family work, a support "
     "person or family therapy."),
    (["lastensuojelu", "avohuolto", "tukihenkilö", "tehostettu perhetyö", "sosiaalityöntekijä",
      "lastensuojelun asiakkuus"],
     ["barnskydd", "öppenvård", "stödperson", "familjearbete"],
     ["child protection", "child welfare"]),
    ["P3.8"], ["KR1.2", "KR1.3"], [], "county", SELF, "free",
    ("Lapset ja perheet, joiden lastensuojelun tarve on todettu.",
     "Barn och familjer med konstaterat behov av barnskydd.",
     "Children and families found to need child protection."),
    CP, ["ch-itu-phone-child-protection"])

svc("svc-foster-care",
    ("Perhehoito ja sijaisperheet", "Familjevård och fosterfamiljer", "Foster care and foster families"),
    ("Sijoitettu lapsi voi asua sijaisperheessä; hyvinvointialue etsii ja valmentaa uusia perhehoitajia.",
     "Ett placerat barn kan bo i en fosterfamilj; välfärdsområdet söker och utbildar nya familjevårdare.",
     "A child in care can live with a foster family; the county recruits and trains new foster carers."),
    ("Perhehoito on ensisijainen sijaishuollon muoto. Sijaisperheet saavat valmennuksen, "
     "palkkion, kulukorvauksen ja tukea. Voit kysyä perhehoitajaksi ryhtymisestä.",
     "Familjevård är den primära formen av vård utom hemmet. Fosterfamiljerna får förberedande "
     "utbildning, arvode, kostnadsersättning och stöd. Du kan fråga om att bli familjevårdare.",
     "Family care is the primary form of substitute care. Foster families receive preparatory "
     "training, a fee, compensation for costs and support. You can ask about becoming a foster carer."),
    (["perhehoito", "sijaisperhe", "sijaisvanhempi", "sijoitus", "sijaishuolto", "perhehoitaja"],
     ["familjevård", "fosterfamilj", "fosterförälder", "placering"],
     ["foster care", "foster family"]),
    ["P4.6", "P3.8"], ["KR1.2"], [], "county", SELF, "free",
    ("Sijoitetut lapset ja perhehoitajaksi haluavat aikuiset.",
     "Placerade barn och vuxna som vill bli familjevårdare.",
     "Children in care and adults who want to become foster carers."),
    CP, ["ch-itu-phone-child-protection", "ch-itu-web"])

svc("svc-aftercare",
    ("Jälkihuolto", "Eftervård", "Aftercare"),
    ("Tukea itsenäistymiseen sijaishuollosta tai avohuollon sijoituksesta lähteneille nuorille.",
     "Stöd till självständighet för unga som lämnat vård utom hemmet eller en placering inom öppenvården.",
     "Support for becoming independent for young people leaving care."),
    ("Jälkihuollossa nuori saa omatyöntekijän, tukea asumiseen, opiskeluun ja raha-asioihin "
     "sekä tarvittaessa taloudellista tukea. Oikeus jälkihuoltoon jatkuu 25 ikävuoteen asti.",
     "I eftervården får den unga en egen kontaktperson, stöd för boende, studier och ekonomi "
     "samt vid behov ekonomiskt stöd. Rätten till eftervård gäller tills den unga fyller 25 år.",
     "In aftercare the young person has a named worker and support with housing, studies and "
     "money, and financial help if needed. The right to aftercare lasts until age 25."),
    (["jälkihuolto", "itsenäistyminen", "sijaishuollon jälkeen", "nuori aikuinen",
      "omatyöntekijä"],
     ["eftervård", "självständighet", "ung vuxen"],
     ["aftercare", "leaving care"]),
    ["P3.8", "P4.13"], ["KR1.3"], ["KE4.1"], "county", SELF, "free",
    ("Nuoret, jotka ovat olleet sijoitettuina, 25 ikävuoteen asti.",
     "Unga som har varit placerade, fram till 25 års ålder.",
     "Young people who have been in care, up to age 25."),
    CP, ["ch-itu-phone-child-protection"])

# ---- municipal interface services: youth work, early childhood education ----------------
YOUTH_UNIT = {"638": "unit-porvoo-youth-centre", "434": "unit-loviisa-youth-centre",
              "753": "unit-sipoo-youth-centre", "018": "unit-askola-youth-centre",
              "616": "unit-pukkila-youth-centre"}
GEN = {"638": "Porvoon", "434": "Loviisan", "753": "Sipoon", "018": "Askolan",
       "407": "Lapinjärven", "504": "Myrskylän", "616": "Pukkilan"}
INE = {"638": "Porvoossa", "434": "Loviisassa", "753": "Sipoossa", "018": "Askolassa",
       "407": "Lapinjärvellä", "504": "Myrskylässä", "616": "Pukkilassa"}
ORG_KIND_FI = {"638": "kaupunki", "434": "kaupunki"}
# The genitive of the word: "Askolan kunnan", "Porvoon kaupungin".
GENITIVE_FI = {"kunta": "kunnan", "kaupunki": "kaupungin"}


def langs(code):
    return FISV if MUNI[code][3] else ["fi"]


for code in sorted(MUNI):
    fi, sv, en = MUNI[code][:3]
    kunta = ORG_KIND_FI.get(code, "kunta")
    kommun = "stad" if code in ("638", "434") else "kommun"
    unit_ = YOUTH_UNIT.get(code)
    svc(f"svc-youth-work-{HS_ID[code]}",
        (f"Nuorisotyö, {fi}", f"Ungdomsarbete, {sv}", f"Youth work, {en}"),
        (f"{GEN[code]} {GENITIVE_FI[kunta]} avoin nuorisotyö: nuorisotilat, harrastukset, leirit ja retket.",
         f"{sv} {kommun}s öppna ungdomsarbete: ungdomslokaler, hobbyer, läger och utfärder.",
         f"Open youth work of the {'city' if kommun == 'stad' else 'municipality'} of {en}: "
         "youth spaces, hobbies, camps and trips."),
        (f"Nuoriso-ohjaajat järjestävät {INE[code]} avointa toimintaa, pienryhmiä, tapahtumia ja "
         "kesäleirejä. Nuorisotilaan voi tulla ilman ennakkoilmoittautumista, ja ohjaajien kanssa "
         "voi jutella myös huolista. Nuorisotyö on kunnan palvelu, joka tekee yhteistyötä "
         "hyvinvointialueen kanssa.",
         f"Ungdomsledarna ordnar öppen verksamhet, smågrupper, evenemang och sommarläger i {sv}. Du "
         "kan komma till ungdomslokalen utan förhandsanmälan och också prata med ledarna om sådant "
         "som oroar. Ungdomsarbetet är en kommunal tjänst som samarbetar med välfärdsområdet.",
         f"Youth workers in {en} run open activities, small groups, events and summer camps. You "
         "can come to the youth space without signing up and also talk to the youth workers about "
         "worries. Youth work is a municipal service that works together with the county."),
        (["nuorisotyö", "nuorisotalo", "nuorisotila", "nuokkari", "nuoriso-ohjaaja", "harrastus",
          "leiri", fi.lower()],
         ["ungdomsarbete", "ungdomsgård", "ungdomslokal", "ungdomsledare", sv.lower()],
         ["youth work", "youth centre"]),
        ["P28.1", "P28.2"], ["KR1.3"], [], "local_area",
        [(f"org-mun-{code}", "self_produced")], "free",
        (f"{GEN[code]} nuoret, pääasiassa 10–17-vuotiaat; osa toiminnasta alle 29-vuotiaille.",
         f"Unga i {sv}, främst 10–17 år; en del av verksamheten för unga under 29 år.",
         f"Young people in {en}, mainly aged 10–17; some activities for under-29s."),
        [unit_] if unit_ else [], [f"ch-mun-{code}-web"], organiser=f"org-mun-{code}",
        languages=langs(code), area=[code],
        note="Interface service organised by the municipality.")

for code, area in [("638", ["638", "018", "504", "616"]), ("434", ["434", "407"]), ("753", ["753"])]:
    fi, sv, en = MUNI[code][:3]
    names_fi = ", ".join(MUNI[c][0] for c in area)
    names_sv = ", ".join(MUNI[c][1] for c in area)
    names_en = ", ".join(MUNI[c][2] for c in area)
    svc(f"svc-outreach-youth-work-{HS_ID[code]}",
        (f"Etsivä nuorisotyö, {fi}", f"Uppsökande ungdomsarbete, {sv}", f"Outreach youth work, {en}"),
        ("Etsivä nuorisotyöntekijä auttaa alle 29-vuotiasta, joka on jäänyt ilman opiskelu- tai työpaikkaa.",
         "En uppsökande ungdomsarbetare hjälper unga under 29 år som står utan studie- eller arbetsplats.",
         "An outreach youth worker helps young people under 29 who are not in education or work."),
        ("Etsivä nuorisotyöntekijä tapaa nuoren siellä, missä nuori haluaa, ja auttaa esimerkiksi "
         "opiskelupaikan hakemisessa, Kela-asioissa tai asunnon etsimisessä. Palvelu on "
         "vapaaehtoista ja luottamuksellista. "
         f"Toiminta-alue: {names_fi}.",
         "Den uppsökande ungdomsarbetaren träffar den unga där den unga vill och hjälper till exempel "
         "att söka studieplats, sköta FPA-ärenden eller hitta bostad. Tjänsten är frivillig och "
         f"konfidentiell. Verksamhetsområde: {names_sv}.",
         "The outreach youth worker meets the young person wherever they like and helps, for "
         "example, with applying for studies, Kela matters or finding a home. The service is "
         f"voluntary and confidential. Area: {names_en}."),
        (["etsivä nuorisotyö", "etsivä", "nuori ilman opiskelupaikkaa", "syrjäytyminen",
          "nuorten tuki", "työtön nuori"],
         ["uppsökande ungdomsarbete", "uppsökande", "ung utan studieplats"],
         ["outreach youth work", "NEET"]),
        ["P28.4"], ["KR1.3"], ["KE8", "KE4.1"], "sub_region",
        [(f"org-mun-{code}", "self_produced")], "free",
        (f"Alle 29-vuotiaat nuoret, jotka asuvat näissä kunnissa: {names_fi}.",
         f"Unga under 29 år som bor i följande kommuner: {names_sv}.",
         f"Young people under 29 living in: {names_en}."),
        [YOUTH_UNIT[code]], [f"ch-mun-{code}-web"], organiser=f"org-mun-{code}",
        languages=FISV, area=area,
        note="Interface service organised by the municipality; the shared area across "
             "municipalities is illustrative.")

svc("svc-ohjaamo-porvoo",
    ("Ohjaamo Porvoo", "Navigatorn Borgå", "Ohjaamo Porvoo guidance centre for young people"),
    ("Alle 30-vuotiaiden maksuton ohjaus työhön, opiskeluun, asumiseen ja raha-asioihin.",
     "Avgiftsfri handledning för unga under 30 år i frågor om arbete, studier, boende och ekonomi.",
     "Free guidance for people under 30 on work, studies, housing and money."),
    ("Ohjaamossa samassa paikassa ovat nuorisotyö, työllisyyspalvelut, Kelan neuvonta ja "
     "hyvinvointialueen sosiaaliohjaus. Tule käymään ilman ajanvarausta tai varaa aika.",
     "På Navigatorn finns ungdomsarbete, sysselsättningstjänster, FPA:s rådgivning och "
     "välfärdsområdets sociala handledning på samma ställe. Kom förbi utan tidsbokning eller boka tid.",
     "Ohjaamo brings together youth work, employment services, Kela advice and the county's "
     "social guidance. Drop in without an appointment or book a time."),
    (["ohjaamo", "nuorten ohjaus", "työnhaku", "opiskelupaikka", "nuoret aikuiset", "neuvonta"],
     ["navigatorn", "ohjaamo", "handledning för unga"],
     ["Ohjaamo", "youth guidance"]),
    ["P28.5", "P10.2"], ["KR1.3"], ["KE8", "KE3"], "sub_region",
    [("org-mun-638", "self_produced"), ("org-itu", "other"), ("org-kela", "other")], "free",
    ("Kaikki alle 30-vuotiaat.", "Alla under 30 år.", "Everyone under 30."),
    ["unit-porvoo-ohjaamo"], ["ch-mun-638-web"], organiser="org-mun-638", area=["638"],
    note="Interface service organised by the municipality.")

svc("svc-youth-workshop-porvoo",
    ("Nuorten työpaja, Porvoo", "Ungdomsverkstaden, Borgå", "Youth workshop, Porvoo"),
    ("Työpajalla nuori harjoittelee työelämätaitoja käytännön töissä ohjaajan tuella.",
     "På verkstaden övar den unga arbetslivsfärdigheter i praktiskt arbete med stöd av en handledare.",
     "At the workshop young people practise work skills in practical tasks with a coach."),
    ("Työpajalla on esimerkiksi puu-, media-, kahvila- ja kierrätystöitä. Jakso suunnitellaan "
     "yhdessä nuoren kanssa ja voi johtaa opiskeluun tai työhön.",
     "På verkstaden finns till exempel arbete med trä, media, kafé och återvinning. Perioden "
     "planeras tillsammans med den unga och kan leda till studier eller arbete.",
     "Work includes, for example, woodwork, media, café and recycling. The period is planned with "
     "the young person and can lead to studies or a job."),
    (["työpaja", "nuorten työpaja", "pajajakso", "työharjoittelu", "työkokeilu"],
     ["ungdomsverkstad", "verkstad", "arbetsprövning"],
     ["youth workshop", "work practice"]),
    ["P28.3", "P10.4"], ["KR1.3"], ["KE8"], "sub_region",
    [("org-mun-638", "self_produced")], "free",
    ("Alle 29-vuotiaat ilman opiskelu- tai työpaikkaa.", "Unga under 29 år utan studie- eller arbetsplats.",
     "Young people under 29 not in education or work."),
    ["unit-porvoo-ohjaamo"], ["ch-mun-638-web"], organiser="org-mun-638",
    area=["638", "018", "504", "616"], note="Interface service organised by the municipality.")

for code in ("638", "434", "753"):
    fi, sv, en = MUNI[code][:3]
    svc(f"svc-early-childhood-education-{HS_ID[code]}",
        (f"Varhaiskasvatus, {fi}", f"Småbarnspedagogik, {sv}", f"Early childhood education, {en}"),
        ("Päiväkodit, perhepäivähoito ja esiopetus alle kouluikäisille lapsille.",
         "Daghem, familjedagvård och förskoleundervisning för barn under skolåldern.",
         "Day-care centres, family day care and pre-primary education for children under school age."),
        (f"{GEN[code]} {ORG_KIND_FI.get(code, 'kunta')} järjestää varhaiskasvatusta suomeksi ja ruotsiksi. "
         "Hae paikkaa viimeistään neljä kuukautta ennen tarvetta, tai kaksi viikkoa ennen, jos tarve "
         "johtuu äkillisesti työstä tai opiskelusta. Asiakasmaksu määräytyy perheen tulojen mukaan.",
         f"{sv} {'stad' if code in ('638', '434') else 'kommun'} ordnar småbarnspedagogik på finska "
         "och svenska. Ansök om plats senast fyra månader innan behovet, eller två veckor innan om "
         "behovet beror på plötsligt arbete eller studier. Avgiften bestäms av familjens inkomster.",
         f"The {'city' if code in ('638', '434') else 'municipality'} of {en} provides early childhood "
         "education in Finnish and Swedish. Apply at least four months before you need a place, or "
         "two weeks before if the need arises suddenly from work or studies. The fee depends on the "
         "family's income."),
        (["varhaiskasvatus", "päiväkoti", "päiväkotiin", "päivähoito", "tarha", "esiopetus",
          "eskari", "perhepäivähoito"],
         ["småbarnspedagogik", "daghem", "dagis", "dagvård", "förskola"],
         ["early childhood education", "day care", "kindergarten", "preschool"]),
        ["P3.4", "P6.1"], ["KR1.2"], ["KE1", "KE4.2"], "local_area",
        [(f"org-mun-{code}", "self_produced")], "chargeable",
        (f"{INE[code]} asuvat alle kouluikäiset lapset.",
         f"Barn under skolåldern som bor i {sv}.", f"Children under school age living in {en}."),
        [], [f"ch-mun-{code}-web"], organiser=f"org-mun-{code}", area=[code],
        note="Municipal service listed as an interface service; day-care units not included.")

svc("svc-exercise-counselling-porvoo",
    ("Liikuntaneuvonta, Porvoo", "Motionsrådgivning, Borgå", "Exercise counselling, Porvoo"),
    ("Henkilökohtaista ohjausta liikunnan aloittamiseen ja sopivan lajin löytämiseen.",
     "Personlig handledning för att komma igång med motion och hitta en lämplig gren.",
     "Personal guidance for starting to exercise and finding a suitable activity."),
    ("Kaupungin liikuntaneuvoja tekee kanssasi liikuntasuunnitelman ja ohjaa ryhmiin. Terveysaseman "
     "ammattilainen voi ohjata liikuntaneuvontaan, mutta voit myös ottaa yhteyttä itse.",
     "Stadens motionsrådgivare gör upp en motionsplan med dig och hänvisar till grupper. En "
     "yrkesperson på hälsostationen kan hänvisa dig, men du kan också ta kontakt själv.",
     "The city's exercise counsellor makes an exercise plan with you and guides you to groups. "
     "A health station professional can refer you, but you can also contact the service yourself."),
    (["liikuntaneuvonta", "liikunta", "kuntoilu", "liikkumaan", "hyte", "terveysliikunta"],
     ["motionsrådgivning", "motion", "träning"],
     ["exercise counselling", "physical activity"]),
    ["P27.1", "P5.17"], ["KR1", "KR1.4"], [], "local_area",
    [("org-mun-638", "self_produced")], "free",
    ("Porvoolaiset aikuiset, jotka haluavat lisätä liikuntaa.",
     "Vuxna i Borgå som vill röra på sig mer.", "Adults in Porvoo who want to be more active."),
    [], ["ch-mun-638-web"], organiser="org-mun-638", area=["638"],
    note="Municipal health promotion (HYTE) on the interface with the county.")

# ---- mental health and substance abuse --------------------------------------------------
MH_UNITS = ["unit-porvoo-mental-health", "unit-loviisa-mental-substance"]
MH_CH = ["ch-itu-phone-mental-substance", "ch-itu-chat"]
svc("svc-mental-health-adults",
    ("Aikuisten mielenterveyspalvelut", "Mentalvårdstjänster för vuxna", "Mental health services for adults"),
    ("Avohoitoa masennukseen, ahdistukseen ja muihin mielenterveyden ongelmiin.",
     "Öppenvård vid depression, ångest och andra psykiska problem.",
     "Outpatient care for depression, anxiety and other mental health problems."),
    ("Mielenterveyspalveluihin voi hakeutua ilman lähetettä soittamalla neuvontaan tai tulemalla "
     "walk-in-vastaanotolle. Hoito voi olla keskusteluja psykiatrisen sairaanhoitajan tai "
     "psykologin kanssa, ryhmiä, lääkehoitoa tai lyhytterapiaa.",
     "Du kan söka dig till mentalvårdstjänsterna utan remiss genom att ringa rådgivningen eller "
     "komma till walk in-mottagningen. Vården kan vara samtal med psykiatrisk sjukskötare eller "
     "psykolog, grupper, läkemedelsbehandling eller korttidsterapi.",
     "You can come to mental health services without a referral by calling the advice line or "
     "visiting the walk-in. Care may include conversations with a psychiatric nurse or "
     "psychologist, groups, medication or short-term therapy."),
    (["mielenterveys", "mielenterveyspalvelut", "masennus", "ahdistus", "psykiatrinen sairaanhoitaja",
      "psykologi", "jaksaminen", "mielenterveystoimisto", "mielialat"],
     ["mentalvård", "psykisk hälsa", "depression", "ångest", "psykolog"],
     ["mental health", "depression", "anxiety", "psychologist"]),
    ["P5.7"], ["KR1", "KR1.4"], ["KE11"], "sub_region", SELF, "free",
    ("Täysi-ikäiset asukkaat, joilla on mielenterveyteen liittyviä huolia.",
     "Vuxna invånare med problem som gäller psykisk hälsa.",
     "Adult residents with mental health concerns."),
    MH_UNITS, MH_CH + ["ch-porvoo-mental-walk-in", "ch-itu-video"])

svc("svc-mental-health-youth",
    ("Nuorten mielenterveyspalvelut", "Mentalvårdstjänster för unga", "Mental health services for young people"),
    ("Tukea ja hoitoa 13–22-vuotiaille mielialaan, ahdistukseen ja jaksamiseen.",
     "Stöd och vård för 13–22-åringar vid nedstämdhet, ångest och problem med orken.",
     "Support and care for 13–22-year-olds with low mood, anxiety and coping."),
    ("Nuorten mielenterveyspalveluissa nuori tapaa psykiatrisen sairaanhoitajan tai psykologin "
     "joko vastaanotolla tai etänä. Yhteyttä voi ottaa nuori itse, huoltaja, koulun kuraattori "
     "tai terveydenhoitaja. Tarvittaessa nuori ohjataan nuorisopsykiatriaan.",
     "Inom mentalvårdstjänsterna för unga träffar den unga en psykiatrisk sjukskötare eller "
     "psykolog på mottagningen eller på distans. Den unga själv, vårdnadshavaren, skolkuratorn "
     "eller hälsovårdaren kan ta kontakt. Vid behov hänvisas den unga till ungdomspsykiatrin.",
     "A young person meets a psychiatric nurse or psychologist in person or remotely. The young "
     "person, a parent, the school social worker or nurse can make contact. If needed, the young "
     "person is referred to adolescent psychiatry."),
    (["nuorten mielenterveys", "nuorisopsykiatria", "ahdistus", "masennus", "nuori",
      "jaksaminen", "mielenterveyspalvelut"],
     ["ungas psykiska hälsa", "ungdomspsykiatri", "ångest", "nedstämdhet"],
     ["youth mental health", "adolescent psychiatry"]),
    ["P5.7"], ["KR1.3"], [], "sub_region", SELF, "free",
    ("13–22-vuotiaat nuoret.", "Unga i åldern 13–22 år.", "Young people aged 13–22."),
    ["unit-porvoo-mental-health"], ["ch-itu-chat-youth", "ch-itu-phone-mental-substance", "ch-itu-video"])

svc("svc-short-therapies",
    ("Lyhytterapiat (Terapiat etulinjaan)", "Korttidsterapier (Terapier i frontlinjen)",
     "Short-term therapies (Therapies to the front line)"),
    ("Lyhyitä, tutkitusti vaikuttavia psykososiaalisia hoitoja masennukseen ja ahdistukseen.",
     "Korta, evidensbaserade psykosociala behandlingar vid depression och ångest.",
     "Brief evidence-based psychosocial treatments for depression and anxiety."),
    ("Terveysaseman tai mielenterveyspalvelujen ammattilainen voi tarjota esimerkiksi "
     "kognitiivista lyhytterapiaa tai interpersoonallista ohjausta 5–10 käynnin jaksona. "
     "Osa hoidoista toteutetaan verkkoterapiana.",
     "En yrkesperson på hälsostationen eller inom mentalvården kan erbjuda till exempel kognitiv "
     "korttidsterapi eller interpersonell handledning i 5–10 besök. En del av behandlingarna ges "
     "som nätterapi.",
     "A professional at the health station or mental health services can offer, for example, "
     "brief cognitive therapy or interpersonal counselling over 5–10 visits. Some treatments are "
     "given as online therapy."),
    (["lyhytterapia", "terapia", "terapiaan", "kognitiivinen", "nettiterapia", "ipc",
      "terapiat etulinjaan"],
     ["korttidsterapi", "terapi", "nätterapi"],
     ["short-term therapy", "CBT", "online therapy"]),
    ["P5.7"], ["KR1", "KR1.3"], ["KE11"], "sub_region", SELF, "free",
    ("Lievästä tai keskivaikeasta masennuksesta tai ahdistuksesta kärsivät, hoidon tarpeen "
     "arvion perusteella.",
     "Personer med lindrig eller medelsvår depression eller ångest, utifrån bedömning av vårdbehovet.",
     "People with mild or moderate depression or anxiety, based on an assessment of need."),
    MH_UNITS + ["unit-porvoo-health-station"], MH_CH + ["ch-itu-video"])

svc("svc-psychiatric-outpatient",
    ("Psykiatrian poliklinikka", "Psykiatrisk poliklinik", "Psychiatric outpatient clinic"),
    ("Erikoissairaanhoidon psykiatrinen tutkimus ja hoito lähetteellä.",
     "Psykiatrisk utredning och vård inom specialsjukvården med remiss.",
     "Specialised psychiatric assessment and treatment, by referral."),
    ("Poliklinikka hoitaa vaikeita mielenterveyden häiriöitä, kuten psykooseja ja vaikeaa "
     "masennusta. Hoitoon tullaan lääkärin lähetteellä, ja hoito suunnitellaan yhdessä "
     "perusterveydenhuollon kanssa.",
     "Polikliniken vårdar svåra psykiska störningar, till exempel psykoser och svår depression. "
     "Man kommer till vård med läkarremiss och vården planeras tillsammans med primärvården.",
     "The clinic treats severe mental disorders such as psychoses and severe depression. Patients "
     "come with a doctor's referral and care is planned together with primary care."),
    (["psykiatria", "psykiatri", "psykiatrinen poliklinikka", "psykoosi", "vaikea masennus",
      "erikoissairaanhoito"],
     ["psykiatri", "psykiatrisk poliklinik", "psykos"],
     ["psychiatry", "psychiatric clinic"]),
    ["P5.7", "P5.6"], ["KR1.4"], ["KE11"], "county", SELF, "chargeable",
    ("Täysi-ikäiset, joilla on lääkärin lähete.", "Vuxna med läkarremiss.",
     "Adults with a doctor's referral."),
    ["unit-itu-psychiatry-outpatient"], ["ch-itu-phone-mental-substance"])

svc("svc-mental-health-clubhouse",
    ("Mielenterveyskuntoutujien kohtaamispaikka", "Mötesplats för rehabiliteringsklienter inom mentalvården",
     "Meeting place for mental health rehabilitees"),
    ("Järjestön ylläpitämä avoin kohtaamispaikka, vertaistukea ja mielekästä tekemistä.",
     "Öppen mötesplats som drivs av en förening, med kamratstöd och meningsfull sysselsättning.",
     "An open meeting place run by an association, with peer support and meaningful activities."),
    ("Kohtaamispaikkaan voi tulla ilman ajanvarausta ja lähetettä. Tarjolla on vertaisryhmiä, "
     "yhteistä tekemistä ja edullinen lounas. Hyvinvointialue tukee toimintaa avustuksella.",
     "Du kan komma till mötesplatsen utan tidsbokning och remiss. Där finns kamratgrupper, "
     "gemensamma aktiviteter och en förmånlig lunch. Välfärdsområdet stöder verksamheten med bidrag.",
     "You can come without an appointment or referral. There are peer groups, shared activities "
     "and an inexpensive lunch. The county supports the activity with a grant."),
    (["kohtaamispaikka", "vertaistuki", "mielenterveyskuntoutuja", "klubitalo", "päiväkeskus",
      "yksinäisyys"],
     ["mötesplats", "kamratstöd", "klubbhus"],
     ["drop-in centre", "peer support", "clubhouse"]),
    ["P5.16", "P5.7"], ["KR1.4"], [], "sub_region", [("org-ngo-mental", "other")], "free",
    ("Kaikki täysi-ikäiset, erityisesti mielenterveyskuntoutujat.",
     "Alla vuxna, särskilt rehabiliteringsklienter inom mentalvården.",
     "All adults, especially people recovering from mental illness."),
    ["unit-ngo-mental-clubhouse"], ["ch-itu-chat"])

svc("svc-substance-outpatient",
    ("Päihde- ja riippuvuushoito", "Missbruks- och beroendevård", "Substance use and addiction treatment"),
    ("Avohoitoa alkoholin, lääkkeiden, huumeiden ja rahapelien ongelmakäyttöön.",
     "Öppenvård vid problem med alkohol, läkemedel, droger och penningspel.",
     "Outpatient treatment for problems with alcohol, medicines, drugs and gambling."),
    ("Päihdepoliklinikalla saat arvion, hoitosuunnitelman ja keskusteluhoitoa sekä "
     "tarvittaessa lääkehoitoa. Myös läheiset voivat hakea tukea. Hoitoon voi hakeutua "
     "ilman lähetettä.",
     "På missbrukarpolikliniken får du en bedömning, en vårdplan och samtalsbehandling samt vid "
     "behov läkemedelsbehandling. Också anhöriga kan få stöd. Du kan söka vård utan remiss.",
     "The clinic offers an assessment, a care plan and talk therapy, and medication if needed. "
     "Family members can also get support. You can come without a referral."),
    (["päihdehoito", "päihdepalvelut", "riippuvuus", "alkoholi", "viina", "huumeet",
      "a-klinikka", "rahapeliongelma", "juominen"],
     ["missbruksvård", "beroende", "alkohol", "droger", "A-klinik"],
     ["addiction treatment", "alcohol", "substance abuse"]),
    ["P5.7"], ["KR1"], [], "sub_region", SELF, "free",
    ("Täysi-ikäiset asukkaat ja heidän läheisensä.", "Vuxna invånare och deras anhöriga.",
     "Adult residents and their families."),
    ["unit-porvoo-substance-outpatient", "unit-loviisa-mental-substance"], MH_CH)

svc("svc-substance-low-threshold",
    ("Matalan kynnyksen päihdepalvelut", "Lågtröskeltjänster för personer som använder rusmedel",
     "Low-threshold services for people who use drugs"),
    ("Terveysneuvontaa, käyttövälineiden vaihtoa, testausta ja tukea ilman ajanvarausta.",
     "Hälsorådgivning, byte av injektionsutrustning, testning och stöd utan tidsbokning.",
     "Health counselling, needle and syringe exchange, testing and support without an appointment."),
    ("Palvelupisteessä voi vaihtaa pistosvälineet, saada hepatiitti- ja HIV-testejä ja rokotuksia "
     "sekä jutella työntekijän kanssa nimettömästi. Toiminnasta vastaa hyvinvointialue yhdessä "
     "järjestön kanssa.",
     "På servicepunkten kan du byta injektionsutrustning, testa dig för hepatit och hiv, få "
     "vaccinationer och prata anonymt med en arbetare. Välfärdsområdet ansvarar för verksamheten "
     "tillsammans med en förening.",
     "At the drop-in you can exchange injecting equipment, get tested for hepatitis and HIV, get "
     "vaccinated and talk to a worker anonymously. The county runs the service together with an "
     "association."),
    (["matala kynnys", "terveysneuvonta", "neulanvaihto", "vaihtopiste", "huumeet",
      "päihteet", "nimetön"],
     ["lågtröskel", "hälsorådgivning", "sprutbyte", "droger"],
     ["needle exchange", "harm reduction"]),
    ["P5.7", "P5.17"], ["KR1"], [], "sub_region",
    [("org-itu", "self_produced"), ("org-ngo-substance", "procured")], "free",
    ("Kaikki, myös nimettömänä.", "Alla, även anonymt.", "Anyone, also anonymously."),
    ["unit-ngo-substance-porvoo"], ["ch-itu-phone-mental-substance"])

svc("svc-opioid-substitution",
    ("Opioidikorvaushoito", "Opioidsubstitutionsbehandling", "Opioid substitution treatment"),
    ("Lääkkeellinen korvaushoito opioidiriippuvuuteen yhdistettynä psykososiaaliseen tukeen.",
     "Substitutionsbehandling med läkemedel vid opioidberoende i kombination med psykosocialt stöd.",
     "Medication-assisted treatment for opioid dependence combined with psychosocial support."),
    ("Korvaushoidon tarve arvioidaan päihdepoliklinikalla. Lääke annetaan aluksi poliklinikalla, "
     "myöhemmin myös apteekin kautta. Hoitoon kuuluu säännöllinen tuki ja kuntoutus.",
     "Behovet av substitutionsbehandling bedöms på missbrukarpolikliniken. Läkemedlet ges först på "
     "polikliniken, senare även via apotek. Till vården hör regelbundet stöd och rehabilitering.",
     "The need for substitution treatment is assessed at the substance abuse clinic. The medicine "
     "is first given at the clinic and later also through a pharmacy. Treatment includes regular "
     "support and rehabilitation."),
    (["korvaushoito", "opioidikorvaushoito", "buprenorfiini", "metadoni", "opioidiriippuvuus",
      "subutex"],
     ["substitutionsbehandling", "opioidberoende", "buprenorfin", "metadon"],
     ["opioid substitution", "OST", "methadone"]),
    ["P5.7"], ["KR1.4"], [], "county", SELF, "free",
    ("Opioidiriippuvaiset täysi-ikäiset, lääkärin arvion perusteella.",
     "Vuxna med opioidberoende, utifrån läkarens bedömning.",
     "Adults with opioid dependence, based on a doctor's assessment."),
    ["unit-porvoo-substance-outpatient"], ["ch-itu-phone-mental-substance"])

svc("svc-detox",
    ("Katkaisuhoito", "Avgiftning", "Detoxification"),
    ("Vieroitusoireiden hoito ja päihteiden käytön katkaisu avo- tai laitoshoitona.",
     "Behandling av abstinensbesvär och avbrott i rusmedelsbruket inom öppen- eller anstaltsvård.",
     "Treatment of withdrawal symptoms to break substance use, as outpatient or inpatient care."),
    ("Katkaisuhoito järjestetään yleensä avohoitona päihdepoliklinikalla. Jos vieroitusoireet "
     "ovat vaikeita, hoito annetaan laitoksessa. Hoidon jälkeen sovitaan jatkohoidosta.",
     "Avgiftningen ordnas oftast som öppenvård på missbrukarpolikliniken. Om abstinensen är svår "
     "ges vården på anstalt. Efter avgiftningen kommer man överens om fortsatt vård.",
     "Detox is usually arranged as outpatient care at the substance abuse clinic. If withdrawal is "
     "severe, care is given in an institution. Follow-up care is agreed afterwards."),
    (["katkaisuhoito", "katko", "vieroitus", "vieroitusoireet", "krapula", "päihdehoito"],
     ["avgiftning", "abstinens", "missbruksvård"],
     ["detox", "withdrawal"]),
    ["P5.7"], ["KR1"], [], "county", SELF, "free",
    ("Täysi-ikäiset, joiden katkaisuhoidon tarve on arvioitu.",
     "Vuxna vars behov av avgiftning har bedömts.",
     "Adults whose need for detoxification has been assessed."),
    ["unit-porvoo-substance-outpatient", "unit-loviisa-mental-substance"],
    ["ch-itu-phone-mental-substance", "ch-116117"])

# ---- disability services --------------------------------------------------------------
DIS = ["unit-itu-disability-office"]
DIS_CH = ["ch-itu-phone-disability", "ch-itu-eservice-social"]
DIS_ELIG = ("Pitkäaikaisen vamman tai sairauden vuoksi apua tarvitsevat; tarve arvioidaan yksilöllisesti.",
            "Personer som behöver hjälp på grund av en långvarig funktionsnedsättning eller sjukdom; "
            "behovet bedöms individuellt.",
            "People who need help because of a long-term disability or illness; the need is "
            "assessed individually.")
svc("svc-disability-service-plan",
    ("Vammaispalvelujen palvelutarpeen arviointi ja asiakassuunnitelma",
     "Bedömning av servicebehov och klientplan inom handikappservicen",
     "Disability services: needs assessment and client plan"),
    ("Sosiaalityöntekijä selvittää kanssasi, mitä palveluja ja tukea tarvitset arjessa.",
     "Socialarbetaren utreder tillsammans med dig vilka tjänster och vilket stöd du behöver i vardagen.",
     "A social worker works out with you what services and support you need in everyday life."),
    ("Palvelutarpeen arviointi alkaa viimeistään seitsemäntenä arkipäivänä yhteydenotosta, ja "
     "hakemuksesta tehdään päätös kolmessa kuukaudessa. Arvioinnin pohjalta laaditaan "
     "asiakassuunnitelma, johon kirjataan palvelut ja tavoitteet.",
     "Bedömningen av servicebehovet inleds senast den sjunde vardagen efter kontakten och beslut "
     "om ansökan fattas inom tre månader. Utifrån bedömningen görs en klientplan där tjänsterna "
     "och målen skrivs in.",
     "The assessment starts by the seventh working day after contact, and a decision on the "
     "application is made within three months. A client plan listing the services and goals is "
     "drawn up based on the assessment."),
    (["vammaispalvelut", "vammaispalvelu", "palvelusuunnitelma", "asiakassuunnitelma",
      "palvelutarpeen arviointi", "vammainen", "vammaispalvelulaki"],
     ["handikappservice", "serviceplan", "klientplan", "funktionsnedsättning"],
     ["disability services", "service plan", "needs assessment"]),
    ["P4.4", "P4.13"], ["KR1.6"], [], "county", SELF, "free", DIS_ELIG, DIS, DIS_CH)

svc("svc-personal-assistance",
    ("Henkilökohtainen apu", "Personlig assistans", "Personal assistance"),
    ("Avustaja auttaa vaikeavammaista arjen toimissa, työssä, opiskelussa ja harrastuksissa.",
     "En assistent hjälper en person med svår funktionsnedsättning i vardagen, arbetet, studierna och fritiden.",
     "An assistant helps a person with a severe disability with daily tasks, work, studies and hobbies."),
    ("Henkilökohtainen apu voidaan järjestää työnantajamallilla, palvelusetelillä tai "
     "hyvinvointialueen omana palveluna. Avun määrä perustuu palvelutarpeen arviointiin.",
     "Personlig assistans kan ordnas enligt arbetsgivarmodellen, med servicesedel eller som "
     "välfärdsområdets egen tjänst. Mängden hjälp grundar sig på bedömningen av servicebehovet.",
     "Personal assistance can be arranged with the client as employer, with a service voucher or "
     "as the county's own service. The amount of help is based on the needs assessment."),
    (["henkilökohtainen apu", "henkilökohtainen avustaja", "avustaja", "työnantajamalli",
      "vaikeavammainen"],
     ["personlig assistans", "personlig assistent", "assistent"],
     ["personal assistant", "personal assistance"]),
    ["P4.5"], ["KR1.6"], [], "county",
    [("org-itu", "self_produced"), ("org-priv-homecare-a", "voucher")], "free",
    DIS_ELIG, DIS, DIS_CH + ["ch-itu-web-vouchers"], voucher=True)

svc("svc-transport-service",
    ("Liikkumisen tuki (kuljetuspalvelu)", "Stöd för rörlighet (färdtjänst)",
     "Mobility support (transport service)"),
    ("Taksimatkoja ja muuta tukea liikkumiseen niille, jotka eivät voi käyttää joukkoliikennettä.",
     "Taxiresor och annat stöd för rörlighet för personer som inte kan använda kollektivtrafik.",
     "Taxi trips and other mobility support for people who cannot use public transport."),
    ("Liikkumisen tukena voi saada kuljetuspalvelumatkoja, saattajan tai ohjausta joukko-"
     "liikenteen käyttöön. Matkoista maksetaan joukkoliikenteen hintaa vastaava omavastuu. "
     "Haku tehdään vammaispalveluihin.",
     "Som stöd för rörlighet kan man få färdtjänstresor, ledsagare eller handledning i att använda "
     "kollektivtrafik. För resorna betalas en självrisk som motsvarar priset i kollektivtrafiken. "
     "Ansökan görs till handikappservicen.",
     "Mobility support can include transport service trips, an escort or guidance in using public "
     "transport. You pay a fee equal to a public transport fare. Apply to disability services."),
    (["kuljetuspalvelu", "liikkumisen tuki", "vammaistaksi", "taksi", "kelataksi",
      "saattaja", "kuljetus"],
     ["färdtjänst", "stöd för rörlighet", "taxi", "ledsagare"],
     ["transport service", "mobility support", "disability taxi"]),
    ["P4.4", "P16.5"], ["KR1.6", "KR1.1"], [], "county", SELF, "chargeable",
    DIS_ELIG, DIS, DIS_CH)

svc("svc-disability-housing",
    ("Vammaisten asumispalvelut", "Boendeservice för personer med funktionsnedsättning",
     "Housing services for disabled people"),
    ("Tuettua, ohjattua ja ympärivuorokautista asumista vammaisille henkilöille.",
     "Stödboende, handlett boende och boende med heldygnsomsorg för personer med funktionsnedsättning.",
     "Supported, assisted and 24-hour housing for disabled people."),
    ("Asumisen tukea voi saada omaan kotiin, tukiasuntoon tai asumisyksikköön. Tuen muoto "
     "ja määrä sovitaan asiakassuunnitelmassa. Vaativaa tukea tarvitsevien asuminen on "
     "tuki- ja osaamiskeskuksessa.",
     "Stöd för boende kan ges i det egna hemmet, i en stödbostad eller i en boendeenhet. Stödets "
     "form och omfattning avtalas i klientplanen. Boende för personer som behöver krävande stöd "
     "finns vid stöd- och kompetenscentret.",
     "Housing support can be given in your own home, a supported flat or a housing unit. The form "
     "and amount of support are agreed in the client plan. Housing for people needing demanding "
     "support is at the support and competence centre."),
    (["asumispalvelut", "vammaisten asuminen", "tuettu asuminen", "ryhmäkoti", "asumisyksikkö",
      "kehitysvammaisten asuminen"],
     ["boendeservice", "stödboende", "gruppboende", "boende"],
     ["supported housing", "group home"]),
    ["P4.1", "P4.7"], ["KR1.6"], ["KE4.1"], "county",
    [("org-itu", "self_produced"), ("org-priv-housing", "procured")], "chargeable",
    DIS_ELIG, DIS + ["unit-itu-support-centre-enhanced"], DIS_CH)

svc("svc-disability-day-activities",
    ("Vammaisten päivä- ja työtoiminta", "Dag- och arbetsverksamhet för personer med funktionsnedsättning",
     "Day and work activities for disabled people"),
    ("Mielekästä tekemistä, työtoimintaa ja yhdessäoloa arkipäivisin.",
     "Meningsfull sysselsättning, arbetsverksamhet och gemenskap på vardagar.",
     "Meaningful activities, work activities and company on weekdays."),
    ("Päivätoiminnassa harjoitellaan arjen taitoja, liikutaan ja tehdään käsitöitä. "
     "Työtoiminnassa tehdään kevyitä töitä ohjatusti. Matkat järjestetään tarvittaessa.",
     "I dagverksamheten övar man vardagsfärdigheter, rör på sig och gör handarbete. I "
     "arbetsverksamheten utförs lättare arbete med handledning. Resor ordnas vid behov.",
     "Day activities include practising everyday skills, exercise and crafts. Work activities "
     "involve light supervised work. Transport is arranged if needed."),
    (["päivätoiminta", "työtoiminta", "kehitysvammaisten päivätoiminta", "toimintakeskus",
      "vammaiset"],
     ["dagverksamhet", "arbetsverksamhet", "verksamhetscenter"],
     ["day activities", "work activities"]),
    ["P4.4", "P4.7"], ["KR1.6"], [], "county", SELF, "free",
    DIS_ELIG, ["unit-itu-disability-day-activity"], DIS_CH)

svc("svc-home-alterations-aids",
    ("Asunnon muutostyöt ja vammaisten apuvälineet", "Ändringsarbeten i bostaden och hjälpmedel",
     "Home alterations and equipment for disabled people"),
    ("Korvaus kotiin tehtävistä muutostöistä, kuten luiskista ja kylpyhuoneen muutoksista.",
     "Ersättning för ändringsarbeten i hemmet, till exempel ramper och ombyggnad av badrum.",
     "Compensation for alterations to the home, such as ramps and bathroom changes."),
    ("Vammaispalvelut korvaavat välttämättömät asunnon muutostyöt ja laitteet, jotka "
     "mahdollistavat kotona asumisen. Toimintaterapeutti arvioi tarpeen kotikäynnillä.",
     "Handikappservicen ersätter nödvändiga ändringsarbeten och anordningar som gör det möjligt "
     "att bo hemma. En ergoterapeut bedömer behovet vid ett hembesök.",
     "Disability services cover necessary alterations and devices that make living at home "
     "possible. An occupational therapist assesses the need on a home visit."),
    (["asunnon muutostyöt", "muutostyö", "luiska", "kylpyhuone", "esteettömyys", "kodin muutostyöt"],
     ["ändringsarbeten", "ramp", "tillgänglighet"],
     ["home alterations", "accessibility"]),
    ["P4.4", "P2.2"], ["KR1.6", "KR1.1"], [], "county", SELF, "free",
    DIS_ELIG, DIS, DIS_CH)

# ---- older people ---------------------------------------------------------------------
OLD_CH = ["ch-itu-phone-senior-advice", "ch-itu-eservice-social"]
HC_UNITS = ["unit-porvoo-home-care", "unit-loviisa-home-care", "unit-sipoo-home-care",
            "unit-myrskyla-home-care"]
svc("svc-senior-service-counselling",
    ("Ikäihmisten palveluneuvonta ja palvelutarpeen arviointi",
     "Servicehandledning och bedömning av servicebehov för äldre",
     "Service counselling and needs assessment for older people"),
    ("Neuvoja ja palveluohjausta, kun arki kotona alkaa vaatia apua.",
     "Råd och servicehandledning när vardagen hemma börjar kräva hjälp.",
     "Advice and service navigation when everyday life at home starts to need help."),
    ("Seniorineuvonta kertoo palveluista, tuista ja harrastuksista ja tekee tarvittaessa "
     "palvelutarpeen arvioinnin kotikäynnillä. Yli 75-vuotiaiden arviointi aloitetaan viimeistään "
     "seitsemäntenä arkipäivänä. Myös omainen tai naapuri voi ottaa yhteyttä.",
     "Seniorrådgivningen berättar om tjänster, stöd och aktiviteter och gör vid behov en bedömning "
     "av servicebehovet vid ett hembesök. För personer över 75 år inleds bedömningen senast den "
     "sjunde vardagen. Också en anhörig eller granne kan ta kontakt.",
     "The senior advice service tells you about services, benefits and activities and, if "
     "needed, assesses your needs on a home visit. For people over 75 the assessment starts by "
     "the seventh working day. A relative or neighbour can also get in touch."),
    (["seniorineuvonta", "palveluohjaus", "palvelutarpeen arviointi", "vanhus", "ikäihminen",
      "vanhuspalvelut", "mummo", "vaari", "kotona pärjääminen"],
     ["seniorrådgivning", "servicehandledning", "äldreomsorg", "äldre"],
     ["senior advice", "elderly services", "needs assessment"]),
    ["P4.2", "P4.13"], ["KR1.1"], ["KE10"], "county", SELF, "free",
    ("Ikäihmiset ja heidän läheisensä.", "Äldre och deras anhöriga.",
     "Older people and their families."),
    [], OLD_CH + ["ch-itu-chat"])

svc("svc-home-care",
    ("Kotihoito", "Hemvård", "Home care"),
    ("Apua päivittäisiin toimiin ja sairaanhoitoon kotona, kun oma jaksaminen ei riitä.",
     "Hjälp med dagliga sysslor och sjukvård hemma när de egna krafterna inte räcker.",
     "Help with daily tasks and nursing at home when your own strength is not enough."),
    ("Kotihoito auttaa esimerkiksi peseytymisessä, lääkehoidossa ja ruokailussa sekä tekee "
     "sairaanhoidollisia käyntejä. Käynnit sovitaan palvelu- ja hoitosuunnitelmassa. "
     "Säännöllisen kotihoidon voi saada myös palvelusetelillä hyväksytyltä yritykseltä.",
     "Hemvården hjälper till exempel med tvätt, medicinering och måltider och gör sjukvårdsbesök. "
     "Besöken avtalas i service- och vårdplanen. Regelbunden hemvård kan också fås med "
     "servicesedel från ett godkänt företag.",
     "Home care helps, for example, with washing, medication and meals, and makes nursing "
     "visits. Visits are agreed in the service and care plan. Regular home care is also "
     "available with a service voucher from an approved company."),
    (["kotihoito", "kotihoidon", "kotisairaanhoito", "kotipalvelu", "hoitaja kotiin",
      "apua kotiin", "lääkkeenjako", "kotiapu"],
     ["hemvård", "hemsjukvård", "hemservice", "hjälp hemma"],
     ["home care", "home nursing"]),
    ["P4.3", "P5.14"], ["KR1.1", "KR1.4"], ["KE11"], "local_area",
    [("org-itu-homecare", "self_produced"), ("org-priv-homecare-a", "voucher"),
     ("org-priv-homecare-b", "voucher")], "chargeable",
    ("Kotona asuvat, joiden toimintakyky on heikentynyt; tarve arvioidaan palvelutarpeen "
     "arvioinnissa.",
     "Personer som bor hemma och har nedsatt funktionsförmåga; behovet bedöms vid bedömningen av "
     "servicebehovet.",
     "People living at home with reduced ability to cope; the need is assessed in a needs "
     "assessment."),
    HC_UNITS + ["unit-priv-homecare-porvoo"], OLD_CH + ["ch-itu-web-vouchers"], voucher=True,
    note="Three producers: the county's home care enterprise and two voucher companies.")

svc("svc-remote-home-care",
    ("Etäkotihoito", "Distanshemvård", "Remote home care"),
    ("Kotihoidon käyntejä videoyhteydellä tabletin kautta, esimerkiksi lääkemuistutuksiin.",
     "Hemvårdsbesök via videosamtal på en surfplatta, till exempel för påminnelser om medicin.",
     "Home care visits by video on a tablet, for example for medication reminders."),
    ("Etäkäynnillä hoitaja tapaa asiakkaan kuvayhteydellä sovittuun aikaan. Tabletti "
     "asennetaan kotiin valmiiksi, eikä sen käyttö vaadi tietoteknisiä taitoja. "
     "Etäkotihoitoa laajennetaan vuonna 2026 koko alueelle.",
     "Vid distansbesöket träffar skötaren klienten via bildförbindelse vid en avtalad tid. "
     "Surfplattan installeras färdigt i hemmet och kräver inga datakunskaper. Distanshemvården "
     "utvidgas till hela området 2026.",
     "On a remote visit the nurse meets the client by video at an agreed time. The tablet is set "
     "up at home and needs no IT skills. Remote home care is extended to the whole area in 2026."),
    (["etäkotihoito", "etähoito", "videokäynti", "kuvapuhelu", "tabletti", "kotihoito"],
     ["distanshemvård", "videobesök", "hemvård"],
     ["remote home care", "video visit"]),
    ["P4.3"], ["KR1.1"], [], "county", [("org-itu-homecare", "self_produced")], "chargeable",
    ("Kotihoidon asiakkaat, joille etäkäynti sopii.", "Hemvårdsklienter som distansbesök passar för.",
     "Home care clients for whom remote visits are suitable."),
    [], ["ch-itu-video", "ch-itu-phone-senior-advice"], valid_from="2026-01-01",
    note="Pilot with a later valid_from to show versioning.")

svc("svc-meal-service",
    ("Ateriapalvelu", "Måltidsservice", "Meal service"),
    ("Valmiit ateriat kotiin kuljetettuina, kun ruoanlaitto ei enää onnistu.",
     "Färdiga måltider hemkörda när matlagningen inte längre lyckas.",
     "Ready meals delivered home when cooking is no longer possible."),
    ("Ateriat toimitetaan kotiin jäähdytettyinä useamman päivän annoksina tai päivittäin. "
     "Ruokavaliot huomioidaan. Aterioista peritään asiakasmaksu.",
     "Måltiderna levereras hem kylda i portioner för flera dagar eller dagligen. Specialdieter "
     "beaktas. För måltiderna tas en klientavgift ut.",
     "Meals are delivered chilled for several days or daily. Special diets are taken into "
     "account. A client fee is charged."),
    (["ateriapalvelu", "kotiateria", "ruokapalvelu", "ruoka kotiin", "kauppakassi", "tukipalvelu"],
     ["måltidsservice", "hemkörd mat", "stödtjänst"],
     ["meals on wheels", "meal delivery"]),
    ["P4.3", "P4.14"], ["KR1.1", "KR1.6"], [], "county",
    [("org-priv-meals", "procured")], "chargeable",
    ("Kotona asuvat, jotka eivät pysty valmistamaan ateriaa itse.",
     "Personer som bor hemma och inte själva kan laga mat.",
     "People living at home who cannot prepare meals themselves."),
    [], OLD_CH)

svc("svc-safety-phone",
    ("Turvapuhelin ja turvapalvelut", "Trygghetstelefon och trygghetstjänster", "Safety phone and safety services"),
    ("Turvaranneke ja hälytyspalvelu, josta saa avun kotiin ympäri vuorokauden.",
     "Trygghetsarmband och larmtjänst som ger hjälp hem dygnet runt.",
     "A safety alarm bracelet and alarm service bringing help home around the clock."),
    ("Turvapuhelimella voi hälyttää apua esimerkiksi kaatumisen jälkeen. Hälytykseen vastaa "
     "turvapalvelu, ja auttaja tulee kotiin. Lisälaitteina voi saada esimerkiksi "
     "ovihälyttimen tai liesivahdin.",
     "Med trygghetstelefonen kan man larma hjälp till exempel efter ett fall. Larmet besvaras av "
     "trygghetstjänsten och en hjälpare kommer hem. Som tilläggsutrustning kan man få till "
     "exempel dörrlarm eller spisvakt.",
     "With the safety phone you can call for help, for example after a fall. The alarm is "
     "answered by the safety service and a helper comes to your home. Extras include door "
     "alarms and stove guards."),
    (["turvapuhelin", "turvaranneke", "turvarannekkeen", "hälytys", "kaatuminen", "liesivahti"],
     ["trygghetstelefon", "trygghetsarmband", "larm"],
     ["safety phone", "personal alarm"]),
    ["P4.3", "P4.14"], ["KR1.1", "KR1.6"], [], "county",
    [("org-itu-homecare", "self_produced")], "chargeable",
    ("Kotona asuvat, joilla on kaatumisen tai äkillisen avuntarpeen riski.",
     "Personer som bor hemma och har risk för fall eller plötsligt hjälpbehov.",
     "People living at home at risk of falling or suddenly needing help."),
    [], OLD_CH)

svc("svc-home-support-services",
    ("Kodin tukipalvelut: siivous, kauppa- ja asiointiapu", "Stödtjänster i hemmet: städning, butiks- och ärendehjälp",
     "Home support services: cleaning, shopping and errands"),
    ("Apua kodin siivoukseen, kauppa-asiointiin ja saattamiseen palvelusetelillä.",
     "Hjälp med städning, inköp och ledsagning med servicesedel.",
     "Help with cleaning, shopping and escorting, with a service voucher."),
    ("Tukipalveluja myönnetään palvelutarpeen arvioinnin perusteella, ja ne voi ostaa "
     "palvelusetelillä hyväksytyltä yritykseltä. Jos tarve on pieni, seniorineuvonta opastaa "
     "yksityisten palvelujen ja kotitalousvähennyksen käytössä.",
     "Stödtjänster beviljas utifrån bedömningen av servicebehovet och kan köpas med servicesedel "
     "från ett godkänt företag. Om behovet är litet hjälper seniorrådgivningen dig att hitta privata "
     "tjänster och använda hushållsavdraget.",
     "Support services are granted based on a needs assessment and can be bought with a voucher "
     "from an approved company. If the need is small, the senior advice line helps you find "
     "private services and use the tax credit for household expenses."),
    (["tukipalvelut", "siivous", "siivousapu", "kauppapalvelu", "asiointiapu", "saattaja"],
     ["stödtjänster", "städning", "butikshjälp", "ledsagning"],
     ["cleaning help", "shopping help", "errands"]),
    ["P4.3", "P4.14"], ["KR1.1"], [], "local_area",
    [("org-priv-homecare-a", "voucher"), ("org-priv-homecare-b", "voucher")], "chargeable",
    ("Kotona asuvat ikäihmiset ja vammaiset, joiden tarve on arvioitu.",
     "Äldre och personer med funktionsnedsättning som bor hemma och vars behov har bedömts.",
     "Older and disabled people living at home whose need has been assessed."),
    ["unit-priv-homecare-porvoo"], OLD_CH + ["ch-itu-web-vouchers"], voucher=True)

svc("svc-informal-carer-support",
    ("Omaishoidon tuki", "Stöd för närståendevård", "Support for informal carers"),
    ("Hoitopalkkio, vapaapäivät ja tuki läheistään kotona hoitavalle omaishoitajalle.",
     "Vårdarvode, ledighet och stöd för den som vårdar en närstående hemma.",
     "A care allowance, days off and support for people caring for a loved one at home."),
    ("Omaishoidon tukeen kuuluvat hoitopalkkio, vähintään kaksi vapaapäivää kuukaudessa ja "
     "hoitoa tukevat palvelut. Hakemuksen voi tehdä sähköisesti. Omaishoitajayhdistys järjestää "
     "vertaisryhmiä ja virkistystä.",
     "Till stödet för närståendevård hör vårdarvode, minst två lediga dagar per månad och "
     "tjänster som stöder vården. Ansökan kan göras elektroniskt. Närståendevårdarföreningen "
     "ordnar kamratgrupper och rekreation.",
     "Support for informal care includes a care allowance, at least two days off a month and "
     "services supporting the care. You can apply online. The carers' association organises peer "
     "groups and recreation."),
    (["omaishoito", "omaishoitaja", "omaishoidon tuki", "hoitopalkkio", "omaishoitajan vapaa",
      "läheisen hoitaminen"],
     ["närståendevård", "närståendevårdare", "vårdarvode"],
     ["informal carer", "family carer", "carer's allowance"]),
    ["P5.14", "P4.2"], ["KR1.1", "KR1.6", "KR1.4"], ["KE13"], "county",
    [("org-itu", "self_produced"), ("org-ngo-carers", "other")], "chargeable",
    ("Henkilöt, jotka hoitavat kotona sairasta, vammaista tai ikääntynyttä läheistään.",
     "Personer som hemma vårdar en sjuk, funktionsnedsatt eller äldre närstående.",
     "People who care for an ill, disabled or elderly loved one at home."),
    [], OLD_CH)

svc("svc-community-housing",
    ("Yhteisöllinen asuminen ikäihmisille", "Gemenskapsboende för äldre", "Community housing for older people"),
    ("Esteetön asunto palvelutalossa, jossa on yhteisiä tiloja ja toimintaa; hoiva tulee kotihoidosta.",
     "Tillgänglig bostad i ett servicehus med gemensamma utrymmen och aktiviteter; vården kommer från hemvården.",
     "An accessible flat in a service building with shared spaces and activities; care comes from home care."),
    ("Yhteisöllinen asuminen sopii, kun omassa kodissa asuminen ei enää onnistu turvallisesti, "
     "mutta ympärivuorokautista hoivaa ei tarvita. Asukas maksaa vuokran ja palvelut erikseen.",
     "Gemenskapsboende passar när det inte längre går tryggt att bo i det egna hemmet men vård "
     "dygnet runt inte behövs. Den boende betalar hyra och tjänster separat.",
     "Community housing suits people who can no longer live safely at home but do not need "
     "24-hour care. Residents pay rent and services separately."),
    (["yhteisöllinen asuminen", "palvelutalo", "palveluasuminen", "senioritalo", "vanhusten asunto"],
     ["gemenskapsboende", "servicehus", "serviceboende"],
     ["community housing", "sheltered housing"]),
    ["P4.1", "P4.2"], ["KR1.1"], ["KE4.2"], "county",
    [("org-itu", "self_produced"), ("org-priv-housing", "voucher")], "chargeable",
    ("Ikäihmiset, joiden palvelutarve on arvioitu.", "Äldre vars servicebehov har bedömts.",
     "Older people whose service needs have been assessed."),
    ["unit-loviisa-service-housing", "unit-priv-housing-porvoo"], OLD_CH, voucher=True)

svc("svc-enhanced-service-housing",
    ("Ympärivuorokautinen palveluasuminen", "Serviceboende med heldygnsomsorg", "24-hour service housing"),
    ("Oma asunto ja hoiva ympäri vuorokauden ikäihmiselle, joka ei enää pärjää kotona.",
     "Egen bostad och omsorg dygnet runt för äldre som inte längre klarar sig hemma.",
     "Your own flat with care around the clock for older people who can no longer cope at home."),
    ("Ympärivuorokautinen palveluasuminen myönnetään, kun kotiin annettavat palvelut eivät "
     "enää riitä. Palvelupäätös pannaan täytäntöön viimeistään kolmessa kuukaudessa. "
     "Paikka voi olla hyvinvointialueen omassa yksikössä tai palvelusetelillä yksityisessä "
     "palvelukodissa.",
     "Serviceboende med heldygnsomsorg beviljas när tjänsterna i hemmet inte längre räcker. "
     "Beslutet verkställs inom tre månader. Platsen kan finnas i välfärdsområdets egen enhet eller "
     "med servicesedel i ett privat servicehem.",
     "24-hour service housing is granted when services at home are no longer enough. The decision "
     "is put into effect within three months. The place can be in the county's own unit or, with a "
     "voucher, in a private care home."),
    (["tehostettu palveluasuminen", "ympärivuorokautinen palveluasuminen", "hoivakoti",
      "vanhainkoti", "palvelukoti", "tepa", "muistisairaiden yksikkö"],
     ["serviceboende med heldygnsomsorg", "effektiverat serviceboende", "äldreboende", "servicehem"],
     ["24-hour care home", "nursing home", "assisted living"]),
    ["P4.1", "P4.2"], ["KR1.1"], ["KE4.2"], "county",
    [("org-itu", "self_produced"), ("org-priv-housing", "voucher")], "chargeable",
    ("Ikäihmiset, jotka tarvitsevat hoivaa ympäri vuorokauden; tarve arvioidaan.",
     "Äldre som behöver omsorg dygnet runt; behovet bedöms.",
     "Older people who need care around the clock; the need is assessed."),
    ["unit-porvoo-enhanced-housing", "unit-loviisa-service-housing",
     "unit-lapinjarvi-service-housing", "unit-priv-housing-porvoo"], OLD_CH + ["ch-itu-web-vouchers"],
    voucher=True)

svc("svc-short-term-care",
    ("Lyhytaikainen hoito (intervallihoito)", "Kortvarig vård (intervallvård)", "Short-term care (respite)"),
    ("Lyhyitä hoitojaksoja hoivakodissa, jotta omaishoitaja saa vapaata tai kuntoutus jatkuu.",
     "Korta vårdperioder på ett vårdhem så att närståendevårdaren får ledigt eller rehabiliteringen fortsätter.",
     "Short stays in a care home so that the carer can have a break or rehabilitation can continue."),
    ("Lyhytaikaista hoitoa annetaan säännöllisinä jaksoina tai tilapäisesti. Jakson aikana "
     "seurataan toimintakykyä ja ylläpidetään kuntoa.",
     "Kortvarig vård ges i regelbundna perioder eller tillfälligt. Under perioden följs "
     "funktionsförmågan upp och konditionen upprätthålls.",
     "Short-term care is given regularly or occasionally. Functional ability is monitored and "
     "maintained during the stay."),
    (["lyhytaikainen hoito", "intervallihoito", "intervalli", "vuorohoito", "omaishoitajan vapaa"],
     ["kortvarig vård", "intervallvård", "avlastning"],
     ["respite care", "short-term care"]),
    ["P4.2", "P5.14"], ["KR1.1"], ["KE13"], "county", SELF, "chargeable",
    ("Kotona asuvat ikäihmiset ja omaishoidettavat.", "Äldre som bor hemma och personer som vårdas av närstående.",
     "Older people living at home and people cared for by family."),
    ["unit-porvoo-enhanced-housing", "unit-lapinjarvi-service-housing"], OLD_CH)

svc("svc-senior-day-activities",
    ("Ikäihmisten päivätoiminta", "Dagverksamhet för äldre", "Day activities for older people"),
    ("Virkistystä, liikuntaa, ruokailu ja seuraa yhtenä tai useampana päivänä viikossa.",
     "Rekreation, motion, måltid och sällskap en eller flera dagar i veckan.",
     "Recreation, exercise, a meal and company on one or more days a week."),
    ("Päivätoiminta tukee kotona asumista ja antaa omaishoitajalle vapaata. Kuljetus "
     "järjestetään tarvittaessa. Osa päivätoiminnasta ostetaan yhdistykseltä.",
     "Dagverksamheten stöder boendet hemma och ger närståendevårdaren ledigt. Transport ordnas vid "
     "behov. En del av dagverksamheten köps av en förening.",
     "Day activities support living at home and give carers a break. Transport is arranged if "
     "needed. Part of the activities are bought from an association."),
    (["päivätoiminta", "päiväkeskus", "virkistys", "seniori", "ikäihmiset", "yksinäisyys"],
     ["dagverksamhet", "dagcenter", "äldre"],
     ["day centre", "day activities"]),
    ["P4.2"], ["KR1.1"], ["KE13"], "local_area",
    [("org-itu", "self_produced"), ("org-ngo-seniors", "procured")], "chargeable",
    ("Kotona asuvat ikäihmiset, joiden toimintakyky on heikentynyt.",
     "Äldre som bor hemma och har nedsatt funktionsförmåga.",
     "Older people living at home with reduced functional ability."),
    ["unit-porvoo-day-activity", "unit-ngo-seniors-sipoo", "unit-ruotsinpyhtaa-day-activity",
     "unit-lapinjarvi-service-housing"], OLD_CH)

svc("svc-memory-clinic",
    ("Muistipoliklinikka ja muistikoordinaattori", "Minnesmottagning och minneskoordinator",
     "Memory clinic and memory coordinator"),
    ("Muistisairauksien tutkimus, hoito ja ohjaus sairastuneelle ja läheisille.",
     "Utredning, vård och handledning vid minnessjukdomar för den insjuknade och de anhöriga.",
     "Assessment, treatment and guidance for memory disorders for patients and families."),
    ("Jos muisti huolettaa, ota yhteyttä terveysasemalle, jossa tehdään ensimmäiset testit. "
     "Muistipoliklinikka jatkaa tutkimuksia lähetteellä, ja muistikoordinaattori tukee "
     "sairastunutta ja perhettä diagnoosin jälkeen.",
     "Om du är orolig för minnet, kontakta hälsostationen där de första testerna görs. "
     "Minnesmottagningen fortsätter utredningen med remiss, och minneskoordinatorn stöder den "
     "insjuknade och familjen efter diagnosen.",
     "If you are worried about your memory, contact your health station for the first tests. "
     "The memory clinic continues the assessment with a referral, and a memory coordinator "
     "supports the patient and family after diagnosis."),
    (["muisti", "muistisairaus", "muistihäiriö", "dementia", "alzheimer", "muistitesti",
      "muistihoitaja", "muistikoordinaattori"],
     ["minnessjukdom", "minnesmottagning", "demens", "alzheimer"],
     ["memory clinic", "dementia", "Alzheimer's"]),
    ["P5.1", "P4.2"], ["KR1.1", "KR1.4"], ["KE11"], "county", SELF, "chargeable",
    ("Muistioireista kärsivät ja heidän läheisensä; tutkimuksiin lähetteellä.",
     "Personer med minnesproblem och deras anhöriga; utredning med remiss.",
     "People with memory symptoms and their families; assessment by referral."),
    ["unit-itu-memory-clinic"], ["ch-itu-phone-senior-advice"] + HS_PHONES)

svc("svc-preventive-home-visits",
    ("Hyvinvointia edistävät kotikäynnit", "Välfärdsfrämjande hembesök", "Wellbeing home visits"),
    ("Maksuton kotikäynti tai kutsu hyvinvointitapaamiseen 75 vuotta täyttäville.",
     "Avgiftsfritt hembesök eller inbjudan till välfärdsträff för dem som fyller 75 år.",
     "A free home visit or invitation to a wellbeing meeting for people turning 75."),
    ("Käynnillä keskustellaan terveydestä, asumisesta, liikkumisesta ja arjen sujumisesta, ja "
     "saat tietoa alueen palveluista ja harrastuksista. Käynti on vapaaehtoinen.",
     "Vid besöket diskuteras hälsa, boende, rörlighet och vardag, och du får information om "
     "tjänster och aktiviteter i området. Besöket är frivilligt.",
     "The visit covers health, housing, mobility and daily life, and you get information on local "
     "services and activities. The visit is voluntary."),
    (["hyvinvointia edistävä kotikäynti", "kotikäynti", "75-vuotias", "ennaltaehkäisy", "seniori"],
     ["välfärdsfrämjande hembesök", "hembesök", "75-åring"],
     ["preventive home visit"]),
    ["P4.2", "P5.17"], ["KR1.1"], ["KE10"], "local_area", SELF, "free",
    ("75 vuotta täyttävät kotona asuvat, jotka eivät vielä ole palvelujen piirissä.",
     "Personer som fyller 75 år, bor hemma och inte ännu får tjänster.",
     "People turning 75 who live at home and do not yet receive services."),
    [], ["ch-itu-phone-senior-advice"])

# ---- adult social work and income support ----------------------------------------------
ASW = ["unit-itu-adult-social-work"]
svc("svc-adult-social-work",
    ("Aikuissosiaalityö", "Socialt arbete för vuxna", "Adult social work"),
    ("Sosiaaliohjausta ja sosiaalityötä työikäisille elämän vaikeissa tilanteissa.",
     "Social handledning och socialt arbete för personer i arbetsför ålder i svåra livssituationer.",
     "Social guidance and social work for working-age adults in difficult situations."),
    ("Aikuissosiaalityössä saat apua esimerkiksi asumiseen, raha-asioihin, työttömyyteen tai "
     "arjen hallintaan liittyvissä huolissa. Sosiaalityöntekijä tekee kanssasi palvelutarpeen "
     "arvion ja ohjaa tarvittaviin palveluihin.",
     "Inom det sociala arbetet för vuxna får du hjälp med till exempel boende, ekonomi, "
     "arbetslöshet eller att klara vardagen. Socialarbetaren gör en bedömning av servicebehovet "
     "med dig och hänvisar till de tjänster du behöver.",
     "Adult social work helps with, for example, housing, money, unemployment or managing "
     "everyday life. A social worker assesses your needs with you and guides you to the services "
     "you need."),
    (["aikuissosiaalityö", "sosiaalityöntekijä", "sosiaaliohjaaja", "sossu", "sosiaalitoimisto",
      "asunnottomuus", "elämänhallinta"],
     ["socialt arbete för vuxna", "socialarbetare", "socialbyrå", "socialhandledare"],
     ["adult social work", "social worker"]),
    ["P4.13"], ["KR1"], ["KE8", "KE9"], "sub_region", SELF, "free",
    ("Täysi-ikäiset työikäiset asukkaat.", "Vuxna invånare i arbetsför ålder.",
     "Working-age adult residents."),
    ASW, ["ch-itu-eservice-social", "ch-itu-chat"])

svc("svc-income-support",
    ("Täydentävä ja ehkäisevä toimeentulotuki", "Kompletterande och förebyggande utkomststöd",
     "Supplementary and preventive social assistance"),
    ("Taloudellista tukea erityisiin menoihin ja taloudellisten vaikeuksien ehkäisyyn.",
     "Ekonomiskt stöd för särskilda utgifter och för att förebygga ekonomiska svårigheter.",
     "Financial support for special expenses and to prevent financial difficulties."),
    ("Hae ensin perustoimeentulotukea Kelasta. Täydentävää toimeentulotukea voi saada "
     "esimerkiksi muuttokuluihin tai suuriin terveydenhuoltomenoihin, ja ehkäisevää "
     "toimeentulotukea äkilliseen taloudelliseen kriisiin. Hakemus tehdään hyvinvointialueelle "
     "sähköisesti tai paperilla.",
     "Ansök först om grundläggande utkomststöd från FPA. Kompletterande utkomststöd kan beviljas "
     "till exempel för flyttkostnader eller stora hälsovårdsutgifter, och förebyggande "
     "utkomststöd vid en plötslig ekonomisk kris. Ansökan görs till välfärdsområdet elektroniskt "
     "eller på papper.",
     "First apply for basic social assistance from Kela. Supplementary assistance can cover, for "
     "example, moving costs or large health care costs, and preventive assistance helps in a "
     "sudden financial crisis. Apply to the county online or on paper."),
    (["toimeentulotuki", "toimeentulotukea", "täydentävä toimeentulotuki", "ehkäisevä toimeentulotuki",
      "sossun rahat", "rahahuolet", "velat"],
     ["utkomststöd", "kompletterande utkomststöd", "förebyggande utkomststöd"],
     ["social assistance", "income support", "welfare"]),
    ["P4.10"], ["KR1"], ["KE8", "KE9"], "county",
    [("org-itu", "self_produced"), ("org-kela", "other")], "free",
    ("Henkilöt ja perheet, joiden tulot ja varat eivät riitä välttämättömiin menoihin.",
     "Personer och familjer vars inkomster och tillgångar inte räcker till nödvändiga utgifter.",
     "People and families whose income and assets do not cover necessary expenses."),
    ASW, ["ch-itu-eservice-social", "ch-kela-web"],
    note="Kela is listed with provision 'other': it grants basic assistance and forwards applications.")

svc("svc-rehabilitative-work-activity",
    ("Kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte", "Rehabilitative work activity"),
    ("Työtoimintaa pitkään työttömänä olleille työ- ja toimintakyvyn vahvistamiseksi.",
     "Arbetsverksamhet för långtidsarbetslösa för att stärka arbets- och funktionsförmågan.",
     "Work activity for the long-term unemployed to strengthen work and functional ability."),
    ("Kuntouttava työtoiminta sovitaan aktivointisuunnitelmassa yhdessä työllisyyspalvelujen "
     "kanssa. Toimintaa on 1–4 päivänä viikossa, ja siitä maksetaan kulukorvaus.",
     "Arbetsverksamhet i rehabiliteringssyfte avtalas i en aktiveringsplan tillsammans med "
     "sysselsättningstjänsterna. Verksamheten pågår 1–4 dagar i veckan och ersättning för "
     "kostnaderna betalas.",
     "Rehabilitative work activity is agreed in an activation plan together with employment "
     "services. It takes place 1–4 days a week and expenses are compensated."),
    (["kuntouttava työtoiminta", "työtoiminta", "aktivointisuunnitelma", "pitkäaikaistyötön",
      "työttömyys"],
     ["arbetsverksamhet i rehabiliteringssyfte", "aktiveringsplan", "långtidsarbetslös"],
     ["rehabilitative work", "activation"]),
    ["P4.8", "P10.7"], ["KR1"], ["KE8"], "sub_region", SELF, "free",
    ("Pitkään työttömänä olleet, joille on laadittu aktivointisuunnitelma.",
     "Långtidsarbetslösa som har en aktiveringsplan.",
     "Long-term unemployed people with an activation plan."),
    ASW, ["ch-itu-eservice-social"])

svc("svc-social-rehabilitation",
    ("Sosiaalinen kuntoutus", "Social rehabilitering", "Social rehabilitation"),
    ("Tukea arjen taitoihin ja osallisuuteen, erityisesti nuorille aikuisille.",
     "Stöd för vardagsfärdigheter och delaktighet, särskilt för unga vuxna.",
     "Support for everyday skills and participation, especially for young adults."),
    ("Sosiaalisessa kuntoutuksessa harjoitellaan esimerkiksi päivärytmiä, asioiden hoitamista ja "
     "ryhmässä toimimista. Tavoitteena on opiskelu, työ tai muu mielekäs tekeminen.",
     "I den sociala rehabiliteringen övar man till exempel dygnsrytm, att sköta ärenden och att "
     "fungera i grupp. Målet är studier, arbete eller annan meningsfull sysselsättning.",
     "Social rehabilitation practises daily rhythm, running errands and working in a group. The "
     "aim is studies, work or other meaningful activity."),
    (["sosiaalinen kuntoutus", "arjen taidot", "osallisuus", "nuori aikuinen", "ryhmätoiminta"],
     ["social rehabilitering", "vardagsfärdigheter", "delaktighet"],
     ["social rehabilitation"]),
    ["P4.13", "P5.13"], ["KR1.3", "KR1"], ["KE12"], "sub_region", SELF, "free",
    ("Työikäiset, joiden arjessa selviytyminen on vaikeutunut.",
     "Personer i arbetsför ålder som har svårt att klara vardagen.",
     "Working-age people who find it hard to cope with everyday life."),
    ASW, ["ch-itu-eservice-social"])

svc("svc-immigrant-social-guidance",
    ("Maahanmuuttajien sosiaaliohjaus", "Social handledning för invandrare", "Social guidance for immigrants"),
    ("Neuvontaa ja ohjausta Suomeen muuttaneille sosiaali- ja terveyspalvelujen käytössä.",
     "Rådgivning och handledning för personer som flyttat till Finland om hur social- och "
     "hälsovårdstjänster används.",
     "Advice and guidance for people who have moved to Finland on using social and health services."),
    ("Sosiaaliohjaaja auttaa esimerkiksi palvelujen löytämisessä, lomakkeissa ja kotoutumiseen "
     "liittyvissä asioissa. Tarvittaessa käytetään tulkkia maksutta.",
     "Socialhandledaren hjälper till exempel med att hitta tjänster, fylla i blanketter och i "
     "frågor som gäller integration. Vid behov används tolk avgiftsfritt.",
     "A social counsellor helps with finding services, filling in forms and integration matters. "
     "A free interpreter is used if needed."),
    (["maahanmuuttaja", "kotoutuminen", "sosiaaliohjaus", "pakolainen", "tulkki", "ulkomaalainen"],
     ["invandrare", "integration", "social handledning", "tolk"],
     ["immigrant", "integration", "refugee"]),
    ["P4.11", "P4.13"], ["KR1"], ["KE5"], "county", SELF, "free",
    ("Suomeen muuttaneet alueen asukkaat, erityisesti ensimmäisinä vuosina.",
     "Invånare som flyttat till Finland, särskilt under de första åren.",
     "Residents who have moved to Finland, especially in their first years."),
    ASW, ["ch-itu-eservice-social", "ch-itu-chat"], languages=["fi", "sv", "en"])

# ---- rehabilitation --------------------------------------------------------------------
REH = ["unit-itu-rehabilitation"]
REH_CH = HS_PHONES[:1] + ["ch-itu-eservice-health"]
svc("svc-physiotherapy",
    ("Fysioterapia", "Fysioterapi", "Physiotherapy"),
    ("Tuki- ja liikuntaelinvaivojen hoito, kuntoutus leikkausten jälkeen ja liikkumiskyvyn tukeminen.",
     "Vård av besvär i stöd- och rörelseorganen, rehabilitering efter operationer och stöd för rörligheten.",
     "Treatment of musculoskeletal problems, rehabilitation after surgery and support for mobility."),
    ("Selkä-, niska- ja nivelvaivoissa voit varata ajan suoraan fysioterapeutin suoravastaanotolle "
     "ilman lääkärin lähetettä. Fysioterapeutti ohjaa kotiharjoitteet ja tarvittaessa "
     "ryhmäliikuntaan. Osa jaksoista toteutetaan palvelusetelillä.",
     "Vid rygg-, nack- och ledbesvär kan du boka tid direkt till fysioterapeutens direktmottagning "
     "utan läkarremiss. Fysioterapeuten ger hemövningar och hänvisar vid behov till gruppträning. "
     "En del perioder ges med servicesedel.",
     "For back, neck and joint problems you can book directly with a physiotherapist without a "
     "doctor's referral. The physiotherapist gives home exercises and, if needed, refers you to "
     "group exercise. Some treatment periods are provided with a service voucher."),
    (["fysioterapia", "fysioterapeutti", "fysiatri", "selkäkipu", "niskakipu", "kuntoutus",
      "fyssari", "nivelkipu"],
     ["fysioterapi", "fysioterapeut", "ryggvärk", "rehabilitering"],
     ["physiotherapy", "physical therapy", "back pain"]),
    ["P5.13"], ["KR1", "KR1.1"], ["KE12"], "sub_region",
    [("org-itu", "self_produced"), ("org-priv-physio", "voucher")], "free",
    RES, REH + ["unit-porvoo-health-station", "unit-loviisa-health-station",
                "unit-sipoo-health-station"], REH_CH + ["ch-itu-web-vouchers"], voucher=True)

svc("svc-occupational-therapy",
    ("Toimintaterapia", "Ergoterapi", "Occupational therapy"),
    ("Tukea arjen toimintoihin, kuten pukeutumiseen, ruokailuun ja kirjoittamiseen, lapsille ja aikuisille.",
     "Stöd för vardagliga aktiviteter, som att klä på sig, äta och skriva, för barn och vuxna.",
     "Support for everyday activities such as dressing, eating and writing, for children and adults."),
    ("Toimintaterapeutti arvioi toimintakykyä ja suunnittelee kuntoutuksen, apuvälineet ja kodin "
     "muutokset. Terapiaan tullaan lähetteellä, ja osa terapioista ostetaan yksityiseltä "
     "palveluntuottajalta.",
     "Ergoterapeuten bedömer funktionsförmågan och planerar rehabilitering, hjälpmedel och "
     "ändringar i hemmet. Man kommer till terapin med remiss, och en del terapier köps av en "
     "privat serviceproducent.",
     "The occupational therapist assesses functional ability and plans rehabilitation, equipment "
     "and changes to the home. Therapy is by referral, and some therapy is bought from a private "
     "provider."),
    (["toimintaterapia", "toimintaterapeutti", "arjen taidot", "hienomotoriikka", "aistisäätely"],
     ["ergoterapi", "ergoterapeut", "finmotorik"],
     ["occupational therapy", "OT"]),
    ["P5.13"], ["KR1.2", "KR1.6", "KR1.1"], ["KE12"], "county",
    [("org-itu", "self_produced"), ("org-priv-ot", "procured")], "free",
    ("Lapset ja aikuiset, joiden toimintakyky on heikentynyt; lähetteellä.",
     "Barn och vuxna med nedsatt funktionsförmåga; med remiss.",
     "Children and adults with reduced functional ability; by referral."),
    REH + ["unit-priv-therapy-porvoo"], REH_CH)

svc("svc-speech-therapy",
    ("Puheterapia", "Talterapi", "Speech therapy"),
    ("Puheen, kielen, vuorovaikutuksen ja nielemisen vaikeuksien tutkimus ja kuntoutus.",
     "Utredning och rehabilitering vid svårigheter med tal, språk, kommunikation och sväljning.",
     "Assessment and rehabilitation of speech, language, communication and swallowing difficulties."),
    ("Lapsen puheen kehityksen huolissa ota yhteyttä neuvolaan, joka ohjaa puheterapeutille. "
     "Aikuisilla puheterapiaa annetaan esimerkiksi aivoinfarktin jälkeen. Osa terapioista "
     "ostetaan yksityiseltä palveluntuottajalta.",
     "Vid oro för barnets talutveckling, kontakta rådgivningen som hänvisar till talterapeut. "
     "Vuxna får talterapi till exempel efter en hjärninfarkt. En del terapier köps av en privat "
     "serviceproducent.",
     "If you are worried about your child's speech, contact the child health clinic, which refers "
     "you to a speech therapist. Adults receive speech therapy, for example, after a stroke. Some "
     "therapy is bought from a private provider."),
    (["puheterapia", "puheterapeutti", "puheen kehitys", "änkytys", "nielemisvaikeus",
      "puhe", "kielellinen erityisvaikeus"],
     ["talterapi", "talterapeut", "talutveckling", "stamning"],
     ["speech therapy", "speech therapist"]),
    ["P5.13"], ["KR1.2", "KR1.6"], ["KE12"], "county",
    [("org-itu", "self_produced"), ("org-priv-ot", "procured")], "free",
    ("Lapset ja aikuiset, joilla on puheen tai nielemisen vaikeuksia; lähetteellä.",
     "Barn och vuxna med svårigheter med tal eller sväljning; med remiss.",
     "Children and adults with speech or swallowing difficulties; by referral."),
    REH + ["unit-priv-therapy-porvoo"], REH_CH)

svc("svc-aids-loan",
    ("Apuvälinepalvelut", "Hjälpmedelsservice", "Assistive devices loan"),
    ("Lainaamme liikkumisen ja päivittäisten toimien apuvälineitä, kuten rollaattoreita ja pyörätuoleja.",
     "Vi lånar ut hjälpmedel för rörlighet och dagliga sysslor, till exempel rollatorer och rullstolar.",
     "We lend mobility and daily living aids such as rollators and wheelchairs."),
    ("Lyhytaikaiseen tarpeeseen apuvälineen saa lainaan ilman lähetettä, esimerkiksi kyynärsauvat "
     "leikkauksen jälkeen. Pitkäaikaisen tarpeen arvioi fysio- tai toimintaterapeutti. "
     "Apuvälineet ovat maksuttomia, ja ne palautetaan, kun tarve päättyy.",
     "Vid kortvarigt behov kan du låna hjälpmedel utan remiss, till exempel kryckor efter en "
     "operation. Långvarigt behov bedöms av fysio- eller ergoterapeut. Hjälpmedlen är avgiftsfria "
     "och lämnas tillbaka när behovet upphör.",
     "For short-term needs you can borrow an aid without a referral, for example crutches after "
     "surgery. Long-term needs are assessed by a physiotherapist or occupational therapist. Aids "
     "are free and returned when no longer needed."),
    (["apuväline", "apuvälineet", "apuvälinelainaamo", "rollaattori", "pyörätuoli",
      "kyynärsauvat", "kepit", "rolaattori"],
     ["hjälpmedel", "rollator", "rullstol", "kryckor"],
     ["assistive devices", "mobility aids", "wheelchair"]),
    ["P5.13", "P4.14"], ["KR1.1", "KR1.6"], ["KE12"], "sub_region", SELF, "free",
    RES, REH + ["unit-loviisa-health-station", "unit-sipoo-health-station"], REH_CH)

svc("svc-nutrition-therapy",
    ("Ravitsemusterapia", "Näringsterapi", "Nutrition therapy"),
    ("Ravitsemusterapeutin ohjaus sairauksien ruokavaliohoidossa.",
     "Handledning av näringsterapeut i kostbehandling vid sjukdomar.",
     "Guidance from a clinical dietitian on diet in the treatment of illnesses."),
    ("Ravitsemusterapeutti ohjaa esimerkiksi diabeteksen, ruoka-allergioiden ja "
     "vajaaravitsemuksen ruokavaliossa. Vastaanotolle tullaan lääkärin tai hoitajan lähetteellä.",
     "Näringsterapeuten ger råd om kost vid till exempel diabetes, födoämnesallergier och "
     "undernäring. Man kommer till mottagningen med remiss från läkare eller skötare.",
     "The dietitian advises on diet for diabetes, food allergies and malnutrition, for example. "
     "Appointments are by referral from a doctor or nurse."),
    (["ravitsemusterapia", "ravitsemusterapeutti", "ruokavalio", "laihdutus", "ruoka-allergia",
      "painonhallinta"],
     ["näringsterapi", "näringsterapeut", "kost"],
     ["dietitian", "nutrition therapy"]),
    ["P5.20", "P5.13"], ["KR1.4"], [], "county", SELF, "free",
    ("Asiakkaat, joilla on lähete.", "Klienter med remiss.", "Clients with a referral."),
    REH, REH_CH)

svc("svc-rehabilitation-guidance",
    ("Kuntoutusohjaus ja Kelan kuntoutus", "Rehabiliteringshandledning och FPA:s rehabilitering",
     "Rehabilitation guidance and Kela rehabilitation"),
    ("Kuntoutusohjaaja neuvoo kuntoutusmahdollisuuksissa ja auttaa hakemaan Kelan kuntoutusta.",
     "Rehabiliteringshandledaren ger råd om rehabiliteringsmöjligheter och hjälper dig att ansöka om FPA:s rehabilitering.",
     "A rehabilitation counsellor advises on rehabilitation options and helps you apply for Kela rehabilitation."),
    ("Kela järjestää mm. vaativaa lääkinnällistä kuntoutusta, kuntoutuspsykoterapiaa ja "
     "kuntoutuskursseja. Kuntoutusohjaaja auttaa kokoamaan hakemuksen ja tarvittavan "
     "lääkärinlausunnon sekä sovittaa Kelan ja hyvinvointialueen palvelut yhteen.",
     "FPA ordnar bland annat krävande medicinsk rehabilitering, rehabiliterande psykoterapi och "
     "rehabiliteringskurser. Rehabiliteringshandledaren hjälper dig att sammanställa ansökan och "
     "det läkarutlåtande som behövs och samordnar FPA:s och välfärdsområdets tjänster.",
     "Kela provides, among other things, intensive medical rehabilitation, rehabilitative "
     "psychotherapy and rehabilitation courses. The counsellor helps you put together the "
     "application and the medical statement and coordinates Kela's and the county's services."),
    (["kuntoutusohjaus", "kelan kuntoutus", "kuntoutuspsykoterapia", "kuntoutuskurssi",
      "vaativa lääkinnällinen kuntoutus", "kuntoutus"],
     ["rehabiliteringshandledning", "FPA:s rehabilitering", "rehabiliteringskurs"],
     ["rehabilitation guidance", "Kela rehabilitation"]),
    ["P5.13", "P10.4"], ["KR1.4", "KR1.6"], ["KE12"], "county",
    [("org-itu", "self_produced"), ("org-kela", "other")], "free",
    ("Kuntoutusta tarvitsevat asukkaat; Kelan kuntoutuksen ehdot päättää Kela.",
     "Invånare som behöver rehabilitering; FPA bestämmer villkoren för sin rehabilitering.",
     "Residents who need rehabilitation; Kela decides the conditions of its own rehabilitation."),
    REH, REH_CH + ["ch-kela-web"])

# ---- emergency, crisis, home hospital ------------------------------------------------------
svc("svc-social-crisis-emergency",
    ("Sosiaali- ja kriisipäivystys", "Social- och krisjour", "Social and crisis emergency services"),
    ("Kiireellinen sosiaalihuolto ja kriisiapu ympäri vuorokauden.",
     "Brådskande socialvård och krishjälp dygnet runt.",
     "Urgent social care and crisis help around the clock."),
    ("Sosiaalipäivystys auttaa äkillisissä tilanteissa, kuten lähisuhdeväkivallassa, lapsen "
     "turvallisuuden ollessa uhattuna tai kun ikäihminen jää yllättäen ilman hoitajaa. "
     "Kriisityö tukee onnettomuuksien ja äkillisten kuolemantapausten jälkeen. "
     "Hengenvaarallisessa tilanteessa soita 112.",
     "Socialjouren hjälper i akuta situationer, till exempel vid våld i nära relationer, när ett "
     "barns säkerhet är hotad eller när en äldre plötsligt blir utan vårdare. Krisarbetet ger stöd "
     "efter olyckor och plötsliga dödsfall. Ring 112 i livsfarliga situationer.",
     "The social emergency service helps in sudden situations such as domestic violence, when a "
     "child's safety is at risk, or when an older person is suddenly left without a carer. Crisis "
     "work supports people after accidents and sudden deaths. In a life-threatening situation "
     "call 112."),
    (["sosiaalipäivystys", "kriisipäivystys", "kriisiapu", "lähisuhdeväkivalta", "perheväkivalta",
      "hätä", "äkillinen kriisi", "sosiaalipäivystykseen"],
     ["socialjour", "krisjour", "krishjälp", "våld i nära relationer"],
     ["social emergency", "crisis help", "domestic violence"]),
    ["P4.13", "P5.5"], ["KR1"], ["KE14"], "county", SELF, "free",
    ("Kaikki alueella oleskelevat, joilla on kiireellinen avun tarve.",
     "Alla som vistas i området och behöver brådskande hjälp.",
     "Anyone in the area who urgently needs help."),
    ["unit-itu-social-emergency"], ["ch-itu-phone-social-emergency"])

svc("svc-crisis-counselling",
    ("Kriisikeskuksen keskusteluapu", "Samtalsstöd vid kriscentret", "Crisis centre counselling"),
    ("Maksuttomia keskusteluja elämän kriiseissä, kuten eron, menetyksen tai väkivallan jälkeen.",
     "Avgiftsfria samtal i livskriser, till exempel efter skilsmässa, förlust eller våld.",
     "Free conversations in life crises, for example after separation, loss or violence."),
    ("Kriisikeskuksen koulutettu työntekijä tai vapaaehtoinen tapaa 1–5 kertaa. Aikaa ei "
     "tarvitse perustella, ja voit asioida nimettömästi. Hyvinvointialue ostaa palvelun "
     "yhdistykseltä.",
     "En utbildad arbetare eller frivillig vid kriscentret träffar dig 1–5 gånger. Du behöver inte "
     "motivera tiden och kan vara anonym. Välfärdsområdet köper tjänsten av en förening.",
     "A trained worker or volunteer at the crisis centre meets you 1–5 times. You do not need to "
     "justify the appointment and can remain anonymous. The county buys the service from an "
     "association."),
    (["kriisikeskus", "kriisiapu", "keskusteluapu", "suru", "menetys", "ero", "itsetuhoisuus"],
     ["kriscentret", "krishjälp", "samtalsstöd", "sorg"],
     ["crisis centre", "counselling", "grief"]),
    ["P5.7", "P5.16"], ["KR1"], ["KE14", "KE7"], "sub_region",
    [("org-ngo-crisis", "procured")], "free",
    ("Kaikki aikuiset, jotka kokevat olevansa kriisissä.", "Alla vuxna som upplever att de är i kris.",
     "Any adult who feels they are in a crisis."),
    ["unit-ngo-crisis-porvoo"], ["ch-itu-phone-social-emergency", "ch-itu-chat"])

svc("svc-home-hospital",
    ("Kotisairaala", "Hemsjukhus", "Home hospital"),
    ("Sairaalatasoista hoitoa kotona ympäri vuorokauden, esimerkiksi suonensisäiset antibiootit.",
     "Vård på sjukhusnivå hemma dygnet runt, till exempel antibiotika intravenöst.",
     "Hospital-level care at home around the clock, for example intravenous antibiotics."),
    ("Kotisairaala hoitaa potilaita, jotka muuten tarvitsisivat sairaalahoitoa, mutta voivat "
     "olla kotona. Hoitoon tullaan lääkärin lähetteellä päivystyksestä, osastolta tai "
     "terveysasemalta. Kotisairaalan hoitajat käyvät kotona tarvittaessa useita kertoja päivässä.",
     "Hemsjukhuset vårdar patienter som annars skulle behöva sjukhusvård men kan vara hemma. Man "
     "kommer till vården med läkarremiss från jouren, en avdelning eller en hälsostation. "
     "Hemsjukhusets skötare kommer hem vid behov flera gånger om dagen.",
     "The home hospital treats patients who would otherwise need hospital care but can stay at "
     "home. Patients are referred by a doctor from the emergency department, a ward or a health "
     "station. Home hospital nurses visit several times a day if needed."),
    (["kotisairaala", "kotisairaalahoito", "suonensisäinen", "antibioottitiputus", "tiputus kotona",
      "sairaalahoito kotona"],
     ["hemsjukhus", "hemsjukhuset", "intravenös", "sjukhusvård hemma"],
     ["home hospital", "hospital at home"]),
    ["P5.14", "P5.6"], ["KR1.4", "KR1.1"], ["KE11"], "county", SELF, "chargeable",
    ("Lääkärin lähetteellä potilaat, joiden hoito onnistuu turvallisesti kotona.",
     "Patienter med läkarremiss vars vård kan ges tryggt hemma.",
     "Patients referred by a doctor whose care can be safely given at home."),
    ["unit-itu-home-hospital"], ["ch-116117"])

svc("svc-palliative-care",
    ("Palliatiivinen hoito ja saattohoito", "Palliativ vård och vård i livets slutskede",
     "Palliative and end-of-life care"),
    ("Oireita lievittävää hoitoa ja tukea vakavasti sairaalle ja läheisille, myös kotona.",
     "Symtomlindrande vård och stöd för svårt sjuka och deras anhöriga, också hemma.",
     "Symptom-relieving care and support for seriously ill people and their families, also at home."),
    ("Palliatiivinen hoito keskittyy kivun ja muiden oireiden lievittämiseen sekä elämänlaatuun. "
     "Saattohoito voidaan toteuttaa kotisairaalan tuella kotona tai hoitoyksikössä.",
     "Palliativ vård fokuserar på att lindra smärta och andra symtom och på livskvaliteten. Vård i "
     "livets slutskede kan ges hemma med stöd av hemsjukhuset eller på en vårdenhet.",
     "Palliative care focuses on relieving pain and other symptoms and on quality of life. "
     "End-of-life care can be given at home with the home hospital's support or in a care unit."),
    (["palliatiivinen hoito", "saattohoito", "kivunhoito", "elämän loppuvaihe", "syöpä"],
     ["palliativ vård", "vård i livets slutskede", "smärtlindring"],
     ["palliative care", "hospice"]),
    ["P5.14", "P5.6"], ["KR1.4"], ["KE11", "KE14"], "county", SELF, "chargeable",
    ("Vakavasti sairaat ja heidän läheisensä, lääkärin arvion perusteella.",
     "Svårt sjuka och deras anhöriga, utifrån läkarens bedömning.",
     "Seriously ill people and their families, based on a doctor's assessment."),
    ["unit-itu-home-hospital", "unit-porvoo-hospital"], ["ch-116117"])

# ---- digital services -------------------------------------------------------------------
svc("svc-sote-chat",
    ("Sote-chat", "Social- och hälsovårdschatten", "Social and health chat"),
    ("Kysy nimettömästi sosiaali- ja terveyspalveluista chatissa suomeksi tai ruotsiksi.",
     "Fråga anonymt om social- och hälsovårdstjänster i chatten på finska eller svenska.",
     "Ask anonymously about social and health services in the chat, in Finnish or Swedish."),
    ("Chatissa vastaa sosiaali- tai terveydenhuollon ammattilainen, joka neuvoo ja ohjaa oikeaan "
     "palveluun. Chat ei sovi kiireellisiin asioihin; hätätilanteessa soita 112.",
     "I chatten svarar en yrkesperson inom social- eller hälsovården som ger råd och hänvisar dig "
     "till rätt tjänst. Chatten passar inte för brådskande ärenden; ring 112 i nödsituationer.",
     "A social or health care professional answers in the chat, gives advice and guides you to "
     "the right service. The chat is not for urgent matters; in an emergency call 112."),
    (["chat", "chatti", "sote-chat", "neuvonta", "verkossa", "nimetön neuvonta"],
     ["chatt", "rådgivning", "på nätet"],
     ["chat", "online advice"]),
    ["P5.17", "P4.13"], ["KR1"], [], "county", SELF, "free",
    ("Kaikki, nimettömästi.", "Alla, anonymt.", "Anyone, anonymously."),
    [], ["ch-itu-chat"])

svc("svc-remote-reception",
    ("Etävastaanotto", "Distansmottagning", "Remote appointments"),
    ("Vastaanotto videon tai puhelimen välityksellä ilman matkaa terveysasemalle.",
     "Mottagning via video eller telefon utan resa till hälsostationen.",
     "Appointments by video or phone without travelling to the health station."),
    ("Moni asia hoituu etävastaanotolla, esimerkiksi tulosten läpikäynti, reseptin uusiminen tai "
     "sosiaalityöntekijän tapaaminen. Tarvitset älypuhelimen, tabletin tai tietokoneen ja vahvan "
     "tunnistautumisen.",
     "Många ärenden kan skötas på distansmottagningen, till exempel genomgång av provsvar, förnyelse "
     "av recept eller möte med socialarbetare. Du behöver en smarttelefon, surfplatta eller dator "
     "och stark autentisering.",
     "Many matters can be handled remotely, such as going through results, renewing a "
     "prescription or meeting a social worker. You need a smartphone, tablet or computer and "
     "strong identification."),
    (["etävastaanotto", "videovastaanotto", "etälääkäri", "videopuhelu", "reseptin uusiminen",
      "etäasiointi"],
     ["distansmottagning", "videomottagning", "receptförnyelse"],
     ["remote appointment", "video consultation", "telehealth"]),
    ["P5.1", "P9.4"], ["KR1"], [], "county", SELF, "chargeable",
    (RES_FI + " Vaatii vahvan tunnistautumisen.", RES_SV + " Kräver stark autentisering.",
     RES_EN + " Requires strong identification."),
    [], ["ch-itu-video", "ch-itu-eservice-health"])

svc("svc-symptom-checker",
    ("Sähköinen oirearvio", "Elektronisk symtombedömning", "Online symptom checker"),
    ("Arvioi oireesi verkossa ja saa ohjeet hoitoon hakeutumiseen mihin aikaan tahansa.",
     "Bedöm dina symtom på nätet och få anvisningar om vård när som helst.",
     "Check your symptoms online and get instructions on seeking care at any time."),
    ("Oirearvio kysyy oireistasi ja kertoo, tarvitsetko päivystystä, terveysaseman aikaa vai "
     "pärjäätkö omahoidolla. Tunnistautuneena voit lähettää arvion terveysasemalle, joka "
     "ottaa sinuun yhteyttä.",
     "Symtombedömningen frågar om dina symtom och berättar om du behöver jour, tid på "
     "hälsostationen eller klarar dig med egenvård. Efter autentisering kan du skicka bedömningen "
     "till hälsostationen som kontaktar dig.",
     "The symptom checker asks about your symptoms and tells you whether you need emergency care, "
     "a health station appointment or self-care. After identification you can send the assessment "
     "to your health station, which will contact you."),
    (["oirearvio", "oirekysely", "oireet", "omahoito", "flunssa", "sähköinen asiointi"],
     ["symtombedömning", "symtom", "egenvård"],
     ["symptom checker", "self-care"]),
    ["P5.11", "P5.1"], ["KR1"], [], "county", SELF, "free", RES,
    [], ["ch-itu-eservice-symptoms"])

# ---- support and competence centre -------------------------------------------------------
SC_CH = ["ch-itu-phone-disability", "ch-itu-eservice-social"]
svc("svc-support-centre-short-term-housing",
    ("Lyhytaikainen asuminen, tuki- ja osaamiskeskus", "Kortvarigt boende, stöd- och kompetenscentret",
     "Short-term housing, Support and Competence Centre"),
    ("Lyhytaikaista asumista ja tilapäishoitoa vammaisille ja vaativaa tukea tarvitseville.",
     "Kortvarigt boende och tillfällig vård för personer med funktionsnedsättning och personer "
     "som behöver krävande stöd.",
     "Short-term housing and respite for disabled people and others needing demanding support."),
    ("Keskuksessa on yhdeksän lyhytaikaisen asumisen asuntoa. Jaksot tukevat omaishoitajan "
     "jaksamista, itsenäistymistä ja kriisitilanteita. Jaksosta sovitaan asiakassuunnitelmassa.",
     "Centret har nio bostäder för kortvarigt boende. Perioderna stöder närståendevårdarens ork, "
     "självständighet och krissituationer. Perioden avtalas i klientplanen.",
     "The centre has nine short-term apartments. Stays support carers' coping, becoming "
     "independent and crisis situations. The stay is agreed in the client plan."),
    (["lyhytaikainen asuminen", "tilapäishoito", "lyhytaikaishoito", "tuki- ja osaamiskeskus",
      "vammaisen lapsen hoito", "omaishoitajan vapaa"],
     ["kortvarigt boende", "tillfällig vård", "stöd- och kompetenscenter"],
     ["short-term housing", "respite care"]),
    ["P4.1", "P4.7"], ["KR1.6"], ["KE13"], "county", SELF, "chargeable",
    DIS_ELIG, ["unit-itu-support-centre-short-term"], SC_CH)

svc("svc-support-centre-enhanced-housing",
    ("Ympärivuorokautinen palveluasuminen, tuki- ja osaamiskeskus",
     "Serviceboende med heldygnsomsorg, stöd- och kompetenscentret",
     "24-hour service housing, Support and Competence Centre"),
    ("Pysyvä koti ja ympärivuorokautinen tuki aikuisille, jotka tarvitsevat erityisen vaativaa tukea.",
     "Ett permanent hem med stöd dygnet runt för vuxna som behöver särskilt krävande stöd.",
     "A permanent home with 24-hour support for adults who need particularly demanding support."),
    ("Yksikössä on 12 asuntoa. Henkilökunnalla on erityisosaamista esimerkiksi autismikirjon, "
     "vaikeiden kehitysvammojen ja haastavan käyttäytymisen tukemisessa.",
     "Enheten har 12 bostäder. Personalen har specialkunnande i att stödja till exempel personer "
     "inom autismspektret, med svåra intellektuella funktionsnedsättningar och utmanande beteende.",
     "The unit has 12 apartments. Staff have special expertise in supporting, for example, people "
     "on the autism spectrum, with severe intellectual disabilities and with challenging behaviour."),
    (["vaativa tuki", "ympärivuorokautinen asuminen", "autismi", "kehitysvamma", "asumisyksikkö",
      "tuki- ja osaamiskeskus"],
     ["krävande stöd", "boende dygnet runt", "autism"],
     ["24-hour housing", "complex needs"]),
    ["P4.1", "P4.7"], ["KR1.6"], [], "county", SELF, "chargeable",
    DIS_ELIG, ["unit-itu-support-centre-enhanced"], SC_CH)

svc("svc-assessment-rehab-periods",
    ("Tutkimus- ja kuntoutusjaksot", "Utrednings- och rehabiliteringsperioder",
     "Assessment and rehabilitation periods"),
    ("Moniammatillinen arviointi- ja kuntoutusjakso vaativissa tilanteissa.",
     "Multiprofessionell utrednings- och rehabiliteringsperiod i krävande situationer.",
     "A multiprofessional assessment and rehabilitation period in demanding situations."),
    ("Jakson aikana psykologi, toimintaterapeutti, sosiaalityöntekijä ja hoitajat arvioivat "
     "toimintakykyä ja tuen tarvetta. Jakso voi olla päiväjakso tai asumisen sisältävä. "
     "Tulokset käydään läpi asiakkaan ja läheisten kanssa.",
     "Under perioden bedömer psykolog, ergoterapeut, socialarbetare och skötare funktionsförmågan "
     "och stödbehovet. Perioden kan vara en dagperiod eller omfatta boende. Resultaten gås igenom "
     "med klienten och de anhöriga.",
     "During the period a psychologist, occupational therapist, social worker and nurses assess "
     "functional ability and need for support. It can be a day programme or include housing. The "
     "results are discussed with the client and family."),
    (["tutkimusjakso", "kuntoutusjakso", "arviointijakso", "toimintakyvyn arviointi",
      "tuki- ja osaamiskeskus"],
     ["utredningsperiod", "rehabiliteringsperiod", "bedömning"],
     ["assessment period", "rehabilitation period"]),
    ["P5.13", "P4.7"], ["KR1.6", "KR1.2"], ["KE12"], "county", SELF, "free",
    ("Vammaiset lapset ja aikuiset, joiden tuen tarve on vaikea arvioida; lähetteellä.",
     "Barn och vuxna med funktionsnedsättning vars stödbehov är svårt att bedöma; med remiss.",
     "Disabled children and adults whose need for support is hard to assess; by referral."),
    ["unit-itu-support-centre", "unit-itu-support-centre-short-term"], SC_CH)

svc("svc-interpretation",
    ("Tulkkauspalvelut asioinnissa", "Tolkningstjänster vid ärenden", "Interpreting services"),
    ("Maksuton tulkki vieraskielisille sekä kuulo- ja puhevammaisille sosiaali- ja terveyspalveluissa.",
     "Avgiftsfri tolk för personer med främmande modersmål och för hörsel- och talskadade i social- och hälsovården.",
     "A free interpreter in social and health services for speakers of other languages and people "
     "with hearing or speech impairments."),
    ("Ammattilainen tilaa tulkin, kun varaat ajan; kerro tulkkaustarpeesta ajanvarauksessa. "
     "Tulkkaus voi olla paikan päällä, puhelimessa tai videolla. Kuulo- ja puhevammaisten "
     "vapaa-ajan tulkkauksen järjestää Kela.",
     "Yrkespersonen beställer tolk när du bokar tid; berätta om tolkbehovet vid tidsbokningen. "
     "Tolkningen kan ske på plats, per telefon eller via video. Tolkning på fritiden för hörsel- "
     "och talskadade ordnas av FPA.",
     "The professional books an interpreter when you make an appointment; mention the need when "
     "booking. Interpreting can be on site, by phone or by video. Kela arranges interpreting for "
     "leisure time for people with hearing or speech impairments."),
    (["tulkki", "tulkkaus", "asioimistulkki", "viittomakieli", "tulkkauspalvelu", "kielitulkki"],
     ["tolk", "tolkning", "teckenspråk"],
     ["interpreter", "interpreting", "sign language"]),
    ["P9.4", "P4.14"], ["KR1", "KR1.6"], ["KE5"], "county",
    [("org-itu", "self_produced"), ("org-priv-interpret", "procured"), ("org-kela", "other")], "free",
    ("Asiakkaat, joiden kanssa yhteistä kieltä ei ole, sekä kuulo- ja puhevammaiset.",
     "Klienter som inte har ett gemensamt språk med personalen samt hörsel- och talskadade.",
     "Clients who do not share a language with the staff, and people with hearing or speech "
     "impairments."),
    ["unit-itu-support-centre"], ["ch-itu-web"], languages=["fi", "sv", "en"])

svc("svc-social-ombudsman",
    ("Sosiaaliasiavastaava", "Socialombudsman", "Social ombudsman"),
    ("Neuvoo sosiaalihuollon asiakkaita heidän oikeuksissaan ja auttaa muistutuksen tekemisessä.",
     "Ger socialvårdens klienter råd om deras rättigheter och hjälper till att göra en anmärkning.",
     "Advises social care clients on their rights and helps them make an objection."),
    ("Sosiaaliasiavastaava on puolueeton ja palvelu on maksutonta. Hän neuvoo, jos olet "
     "tyytymätön saamaasi palveluun tai kohteluun, ja kertoo muutoksenhausta.",
     "Socialombudsmannen är opartisk och tjänsten är avgiftsfri. Hen ger råd om du är missnöjd "
     "med den service eller det bemötande du fått och berättar om hur man söker ändring.",
     "The social ombudsman is impartial and the service is free. They advise you if you are "
     "unhappy with the service or treatment you received and explain how to appeal."),
    (["sosiaaliasiavastaava", "asiavastaava", "muistutus", "kantelu", "valitus", "asiakkaan oikeudet"],
     ["socialombudsman", "anmärkning", "klagomål"],
     ["social ombudsman", "complaint"]),
    ["P4.13", "P7.1"], ["KR1"], [], "county", SELF, "free",
    ("Sosiaalihuollon asiakkaat ja heidän läheisensä.", "Socialvårdens klienter och deras anhöriga.",
     "Social care clients and their families."),
    [], ["ch-itu-phone-ombudsman"], languages=["fi", "sv", "en"])

svc("svc-patient-ombudsman",
    ("Potilasasiavastaava", "Patientombudsman", "Patient ombudsman"),
    ("Neuvoo potilaan oikeuksissa, muistutuksissa ja potilasvahinkoilmoituksissa.",
     "Ger råd om patientens rättigheter, anmärkningar och patientskadeanmälningar.",
     "Advises on patients' rights, objections and patient injury claims."),
    ("Jos olet tyytymätön hoitoon tai kohteluun terveydenhuollossa, potilasasiavastaava neuvoo, "
     "miten asiassa voi edetä. Palvelu on maksutonta ja luottamuksellista.",
     "Om du är missnöjd med vården eller bemötandet inom hälsovården ger patientombudsmannen råd "
     "om hur du kan gå vidare. Tjänsten är avgiftsfri och konfidentiell.",
     "If you are unhappy with care or treatment in health care, the patient ombudsman advises you "
     "on how to proceed. The service is free and confidential."),
    (["potilasasiavastaava", "potilasasiamies", "potilasvahinko", "muistutus", "hoitovirhe",
      "potilaan oikeudet"],
     ["patientombudsman", "patientskada", "anmärkning"],
     ["patient ombudsman", "patient rights"]),
    ["P5.19"], ["KR1"], [], "county", SELF, "free",
    ("Terveydenhuollon potilaat ja heidän läheisensä.", "Hälsovårdens patienter och deras anhöriga.",
     "Health care patients and their families."),
    [], ["ch-itu-phone-ombudsman"], languages=["fi", "sv", "en"])


# ---------------------------------------------------------------------------
# Write
# ---------------------------------------------------------------------------
def write(name, key, items):
    doc = {"format": "polku-catalog", "version": 1, "attribution": ATTRIBUTION, key: items}
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")


def add_contacts(units, orgs):
    """Every unit gets a phone, an e-mail address and a web page, so that a resident can
    reach it. Phone numbers and e-mail addresses are invented (the reserved `.example`
    domain, numbers in the 040 000 range like the channels'); the web page is the
    organization's own, which is real where the organization is."""
    web_of = {o["id"]: o.get("web") for o in orgs}
    for i, u in enumerate(units):
        if "phone" not in u:
            u["phone"] = f"+358 40 000 {1000 + i}"
        u["email"] = u["id"].removeprefix("unit-") + "@itauusimaa.example"
        web = web_of.get(u["organization"])
        if web:
            u["web"] = web
        # Keep the field order of the format doc: contact after the location.
        order = ["id", "organization", "name", "description", "address", "location", "phone",
                 "email", "web"]
        rest = {k: v for k, v in u.items() if k not in order}
        ordered = {k: u[k] for k in order if k in u}
        u.clear()
        u.update(ordered)
        u.update(rest)


# Entrances with their own points, as PTV gives them (`addresses[].entrances`): the same
# points as the illustrative PTV documents of data/ptv/generate.py. Illustrative.
ENTRANCES = {
    "unit-porvoo-hospital": [
        (T("Pääsisäänkäynti", "Huvudingång", "Main entrance"), 60.37962, 25.69262, True),
        (T("Päivystyksen sisäänkäynti", "Jourens ingång", "Emergency entrance"), 60.37931, 25.69318, False),
    ],
    "unit-porvoo-health-station": [(T("Pääovi", "Huvuddörr", "Main door"), 60.39224, 25.66531, True)],
    "unit-loviisa-health-station": [(T("Pääovi", "Huvuddörr", "Main door"), 60.45745, 26.22541, True)],
    "unit-porvoo-enhanced-housing": [(T("Pääovi", "Huvuddörr", "Main door"), 60.39630, 25.69851, True)],
    "unit-ngo-seniors-sipoo": [
        (T("Sisäänkäynti pihan puolelta", "Ingång från gården", "Entrance from the yard"), 60.37889, 25.26990, True),
    ],
}


def add_entrances(units):
    for u in units:
        listed = ENTRANCES.get(u["id"])
        if not listed:
            continue
        entrances = [{"name": name, **({"main": True} if main else {}), "location": loc(lat, lon)}
                     for name, lat, lon, main in listed]
        items = list(u.items())
        at = [k for k, _ in items].index("location") + 1
        u.clear()
        u.update(items[:at] + [("entrances", entrances)] + items[at:])


add_contacts(UNITS, ORGS)
add_entrances(UNITS)


if __name__ == "__main__":
    write("organizations.json", "organizations", ORGS)
    write("units.json", "units", UNITS)
    write("channels.json", "channels", CHANNELS)
    write("services.json", "services", SERVICES)
    print(f"organizations {len(ORGS)}, units {len(UNITS)}, channels {len(CHANNELS)}, "
          f"services {len(SERVICES)}")
