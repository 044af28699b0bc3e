//! The planners' accessibility page: an SVG map of the population cells
//! coloured by minutes to the nearest unit offering a service, the units,
//! indicators per municipality, and a scenario editor (close, open or move a
//! unit). No map tiles, no JavaScript: the form reloads the page.

use access::Mode;
use access::analysis::{Change, Indicators, Site};
use app::accessibility::{AccessOutcome, demo_grid, parse_age_group};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::reference::Reference;
use domain::text::Lang;
use maud::{Markup, html};

use super::view::{int, percent};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::Acting;

const BINS: [(f32, &str); 5] =
    [(10.0, "#1a9850"), (20.0, "#91cf60"), (30.0, "#fee08b"), (45.0, "#fc8d59"), (f32::INFINITY, "#d73027")];
const UNREACHABLE: &str = "#9e9e9e";

fn colour(t: f32) -> &'static str {
    if !t.is_finite() {
        return UNREACHABLE;
    }
    BINS.iter().find(|(max, _)| t <= *max).map_or(UNREACHABLE, |b| b.1)
}

/// The parameters the page's form sends.
const FIELDS: [&str; 9] = ["service", "mode", "age", "close", "move", "move_lat", "move_lon", "open_lat", "open_lon"];

/// Problems with the form, each beside the field it is about, in the page's language.
#[derive(Default)]
struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    fn add(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }
}

/// The municipalities of the demo county (those of its grid).
fn county_municipalities() -> Vec<String> {
    let mut codes: Vec<String> =
        app::accessibility::demo_postal_areas().iter().map(|p| format!("{:03}", p.area.municipality)).collect();
    codes.sort();
    codes.dedup();
    codes
}

/// A latitude/longitude pair from two fields: both empty is none; half a pair, text that is not
/// a number, a value out of range or a point outside the county is an error beside its field.
fn point(
    ctx: &Ctx,
    params: &Params,
    lat_key: &'static str,
    lon_key: &'static str,
    errors: &mut FieldErrors,
) -> Option<(f64, f64)> {
    let parse = |key: &'static str, range: std::ops::RangeInclusive<f64>, errors: &mut FieldErrors| -> Option<f64> {
        let raw = params.get(key)?;
        match raw.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && range.contains(&v) => Some(v),
            Ok(_) => {
                errors.add(
                    key,
                    ctx.ta(
                        "access-error-range",
                        &[
                            ("value", raw.to_owned().into()),
                            ("min", (*range.start()).into()),
                            ("max", (*range.end()).into()),
                        ],
                    ),
                );
                None
            }
            Err(_) => {
                errors.add(key, ctx.ta("access-error-number", &[("value", raw.to_owned().into())]));
                None
            }
        }
    };
    let lat = parse(lat_key, 59.0..=71.0, errors);
    let lon = parse(lon_key, 19.0..=32.0, errors);
    match (params.get(lat_key), params.get(lon_key)) {
        (Some(_), None) => errors.add(lon_key, ctx.t("access-error-pair")),
        (None, Some(_)) => errors.add(lat_key, ctx.t("access-error-pair")),
        _ => {}
    }
    let (lat, lon) = (lat?, lon?);
    let inside = domain::geo::municipality_at(lat, lon).is_some_and(|m| county_municipalities().iter().any(|c| c == m));
    if !inside {
        errors.add(
            lat_key,
            ctx.ta(
                "access-error-outside",
                &[
                    ("lat", super::view::number(ctx.lang, lat, 4).into()),
                    ("lon", super::view::number(ctx.lang, lon, 4).into()),
                ],
            ),
        );
        return None;
    }
    Some((lat, lon))
}

pub async fn page_access(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    if let Some(refused) = super::refused(&state, &acting, lang, app::permit::Action::ViewPlanning) {
        return refused;
    }
    let rest = match &query {
        Some(q) if !q.is_empty() => format!("/planning/access?{q}"),
        _ => "/planning/access".to_owned(),
    };
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest,
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let mut errors = FieldErrors::default();
    let params = match Params::parse(query.as_deref()) {
        Ok(p) => p,
        Err(_) => {
            errors.add("form", ctx.t("access-error-unreadable"));
            Params::default()
        }
    };
    if let Some((k, _)) = params.pairs().find(|(k, _)| !FIELDS.contains(k)) {
        errors.add("form", ctx.ta("access-error-unknown-param", &[("name", k.to_owned().into())]));
    }
    let snapshot = state.polku.snapshot();
    let mut services: Vec<(String, String)> = snapshot
        .catalog
        .services
        .values()
        .filter(|s| !snapshot.catalog.units_of(s).is_empty())
        .map(|s| (s.id.to_string(), s.name.show(lang).to_owned()))
        .collect();
    services.sort_by(|a, b| a.1.cmp(&b.1));
    let requested = params.get("service").unwrap_or("svc-home-care").to_owned();
    let service = if services.iter().any(|(id, _)| *id == requested) {
        requested.clone()
    } else {
        errors.add("service", ctx.ta("access-error-service", &[("value", requested.clone().into())]));
        "svc-home-care".to_owned()
    };
    let mode: Mode = match params.get("mode") {
        None => Mode::Car,
        Some(m) => m.parse().unwrap_or_else(|_| {
            errors.add("mode", ctx.ta("access-error-choice", &[("value", m.to_owned().into())]));
            Mode::Car
        }),
    };
    let age = params.get("age").unwrap_or("all").to_owned();
    let group = match parse_age_group(&age) {
        Ok(g) => g,
        Err(_) => {
            errors.add("age", ctx.ta("access-error-choice", &[("value", age.clone().into())]));
            access::analysis::AgeGroup { from: 0, to: None }
        }
    };
    let unit_name = |id: &str| snapshot.catalog.units.get(id).map_or(id.to_owned(), |u| u.name.show(lang).to_owned());
    // The units that offer the service: what can be closed or moved.
    let offering: Vec<String> =
        state.polku.sites().into_iter().filter(|s| s.services.contains(&service)).map(|s| s.id).collect();
    let unit_choice = |key: &'static str, errors: &mut FieldErrors| -> Option<String> {
        let id = params.get(key)?;
        if offering.iter().any(|o| o == id) {
            Some(id.to_owned())
        } else {
            errors.add(key, ctx.ta("access-error-unit", &[("value", id.to_owned().into())]));
            None
        }
    };
    let close = unit_choice("close", &mut errors);
    let moved = unit_choice("move", &mut errors);
    let move_to = point(&ctx, &params, "move_lat", "move_lon", &mut errors);
    let open_at = point(&ctx, &params, "open_lat", "open_lon", &mut errors);
    if params.get("move").is_some() && params.get("move_lat").is_none() && params.get("move_lon").is_none() {
        errors.add("move_lat", ctx.t("access-error-move-needs-place"));
    }
    if params.get("move").is_none() && (params.get("move_lat").is_some() || params.get("move_lon").is_some()) {
        errors.add("move", ctx.t("access-error-move-needs-unit"));
    }
    if close.is_some() && close == moved {
        errors.add("move", ctx.t("access-error-move-closed"));
    }
    // The scenario, only when every field of it is right: never half of it.
    let mut changes = Vec::new();
    if errors.0.is_empty() {
        if let Some(id) = &close {
            changes.push(Change::Close(id.clone()));
        }
        if let Some((lat, lon)) = open_at {
            let l = domain::geo::Location::from_wgs84(lat, lon);
            changes.push(Change::Open(Site { id: "new-unit".into(), x: l.e, y: l.n, services: vec![service.clone()] }));
        }
        if let (Some(id), Some((lat, lon))) = (&moved, move_to) {
            let l = domain::geo::Location::from_wgs84(lat, lon);
            changes.push(Change::Move { id: id.clone(), x: l.e, y: l.n });
        }
    }
    let result = state.polku.access_report(&service, mode, group, &changes);
    let municipality_name =
        |code: &str| Reference::get().municipality(code).map_or(code.to_owned(), |m| m.name.show(lang).to_owned());
    let invalid = |field: &str| errors.get(field).is_some().then_some("true");
    let described = |field: &str| errors.get(field).is_some().then(|| format!("{field}-error"));
    let field_error = |field: &str| {
        html! { @if let Some(message) = errors.get(field) { p id=(format!("{field}-error")) class="field-error" { (message) } } }
    };
    let status = if errors.0.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    let content = html! {
        h1 { (ctx.t("access-title")) }
        p class="lead" { (ctx.t("access-lead")) }
        @if !errors.0.is_empty() {
            div class="error" role="alert" {
                p { (ctx.t("access-error-summary")) }
                ul { @for (field, message) in &errors.0 {
                    li { @if *field == "form" { (message) } @else { a href=(format!("#{field}")) { (message) } } }
                } }
            }
        }
        form method="get" action=(ctx.href("/planning/access")) class="access-form" novalidate {
            div class="field" {
                label for="service" { (ctx.t("access-service")) }
                (field_error("service"))
                select id="service" name="service" aria-invalid=[invalid("service")] aria-describedby=[described("service")] {
                    @for (id, name) in &services { option value=(id) selected[*id == service] { (name) } }
                }
            }
            div class="field" {
                label for="mode" { (ctx.t("access-mode")) }
                (field_error("mode"))
                select id="mode" name="mode" aria-invalid=[invalid("mode")] aria-describedby=[described("mode")] {
                    @for m in Mode::ALL { option value=(m.name()) selected[m == mode] { (ctx.t(&format!("access-mode-{}", m.name()))) } }
                }
            }
            div class="field" {
                label for="age" { (ctx.t("access-age")) }
                (field_error("age"))
                select id="age" name="age" aria-invalid=[invalid("age")] aria-describedby=[described("age")] {
                    @for (value, label) in [("all", ctx.t("access-age-all")), ("0-6", "0–6".to_owned()), ("65+", "65+".to_owned()), ("75+", "75+".to_owned()), ("85+", "85+".to_owned())] {
                        option value=(value) selected[value == age] { (label) }
                    }
                }
            }
            fieldset {
                legend { (ctx.t("access-scenario")) }
                div class="field" {
                    label for="close" { (ctx.t("access-close")) }
                    (field_error("close"))
                    select id="close" name="close" aria-invalid=[invalid("close")] aria-describedby=[described("close")] {
                        option value="" { "–" }
                        @for id in &offering {
                            option value=(id) selected[params.get("close") == Some(id.as_str())] { (unit_name(id)) }
                        }
                    }
                }
                div class="field" {
                    label for="move" { (ctx.t("access-move")) }
                    (field_error("move"))
                    select id="move" name="move" aria-invalid=[invalid("move")] aria-describedby=[described("move")] {
                        option value="" { "–" }
                        @for id in &offering {
                            option value=(id) selected[params.get("move") == Some(id.as_str())] { (unit_name(id)) }
                        }
                    }
                }
                (coordinates(&ctx, &params, &errors, "move_lat", "move_lon", &ctx.t("access-move-to")))
                (coordinates(&ctx, &params, &errors, "open_lat", "open_lon", &ctx.t("access-open")))
                p class="hint" { (ctx.t("access-pick-hint")) }
            }
            button type="submit" { (ctx.t("access-show")) }
        }
        @match &result {
            Err(e) => { p class="error" role="alert" { (e.to_string()) } }
            Ok(o) => {
                (results(&ctx, o, &municipality_name, &unit_name))
                (picker(&ctx, &params, o))
            }
        }
    };
    respond(status, page(&ctx, &ctx.t("access-title"), content))
}

/// A latitude and a longitude field, each with its own label and error.
fn coordinates(ctx: &Ctx, params: &Params, errors: &FieldErrors, lat: &str, lon: &str, what: &str) -> Markup {
    html! {
        div class="field coordinates" role="group" aria-labelledby=(format!("{lat}-group")) {
            span id=(format!("{lat}-group")) class="group-label" { (what) }
            @for (key, label_id, placeholder) in [(lat, "access-latitude", "60.39"), (lon, "access-longitude", "25.66")] {
                span class="coordinate" {
                    label for=(key) { (ctx.t(label_id)) }
                    @if let Some(message) = errors.get(key) { span id=(format!("{key}-error")) class="field-error" { (message) } }
                    input id=(key) name=(key) type="text" inputmode="decimal" size="9" placeholder=(placeholder)
                        value=(params.get(key).unwrap_or(""))
                        aria-invalid=[errors.get(key).is_some().then_some("true")]
                        aria-describedby=[errors.get(key).is_some().then(|| format!("{key}-error"))];
                }
            }
        }
    }
}

/// Pick a point without typing and without JavaScript: a grid of 5 km squares over the county,
/// each a link that puts its centre into the form (the new unit's place, or the moved unit's
/// when a unit to move is chosen).
fn picker(ctx: &Ctx, params: &Params, o: &AccessOutcome) -> Markup {
    const STEP: f64 = 5_000.0;
    let frame = Frame::of(o);
    let county = county_municipalities();
    let (lat_key, lon_key) =
        if params.get("move").is_some() { ("move_lat", "move_lon") } else { ("open_lat", "open_lon") };
    let mut squares = Vec::new();
    let mut y = frame.y1 - STEP / 2.0;
    while y > frame.y0 {
        let mut x = frame.x0 + STEP / 2.0;
        while x < frame.x1 {
            if domain::geo::municipality_at_tm35fin(y, x).is_some_and(|m| county.iter().any(|c| c == m)) {
                let (lat, lon) = domain::geo::tm35fin_to_wgs84(y, x);
                let mut pairs: Vec<String> = FIELDS
                    .iter()
                    .filter(|k| **k != lat_key && **k != lon_key)
                    .filter_map(|k| params.get(k).map(|v| format!("{k}={}", super::finder::encode(v))))
                    .collect();
                pairs.push(format!("{lat_key}={lat:.4}"));
                pairs.push(format!("{lon_key}={lon:.4}"));
                let place = domain::geo::municipality_at(lat, lon)
                    .and_then(|m| Reference::get().municipality(m))
                    .map(|m| m.name.show(ctx.lang).to_owned())
                    .unwrap_or_default();
                squares.push((x, y, format!("{}?{}", ctx.href("/planning/access"), pairs.join("&")), lat, lon, place));
            }
            x += STEP;
        }
        y -= STEP;
    }
    let target = if lat_key == "move_lat" { ctx.t("access-move-to") } else { ctx.t("access-open") };
    html! {
        details class="picker" {
            summary { (ctx.t("access-pick")) ": " (target) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {:.0} {:.0}", frame.width(), frame.height())) role="group"
                aria-label=(ctx.t("access-pick")) {
                (frame.borders())
                @for (x, y, href, lat, lon, place) in &squares {
                    a href=(href) {
                        title { (place) " " (super::view::number(ctx.lang, *lat, 4)) ", " (super::view::number(ctx.lang, *lon, 4)) }
                        rect x=(format!("{:.0}", x - STEP / 2.0 - frame.x0)) y=(format!("{:.0}", frame.y1 - y - STEP / 2.0))
                            width=(format!("{STEP:.0}")) height=(format!("{STEP:.0}")) class="pick" {}
                    }
                }
                (frame.places(ctx.lang))
            }
        }
    }
}

/// The map's extent in EPSG:3067 metres: the grid's cells with a margin.
pub(super) struct Frame {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
}

impl Frame {
    fn of(_o: &AccessOutcome) -> Frame {
        Frame::county()
    }

    /// The demo county's grid with a margin.
    pub(super) fn county() -> Frame {
        let grid = demo_grid();
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for c in &grid.cells {
            x0 = x0.min(c.x);
            x1 = x1.max(c.x);
            y0 = y0.min(c.y);
            y1 = y1.max(c.y);
        }
        let pad = 2_000.0;
        Frame { x0: x0 - pad, y0: y0 - pad, x1: x1 + pad, y1: y1 + pad }
    }

    pub(super) fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub(super) fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The county's municipal borders, from `domain::geo::boundary`, rounded to 100 m.
    pub(super) fn borders(&self) -> Markup {
        let mut d = String::new();
        let mut seen = std::collections::HashSet::new();
        for code in county_municipalities() {
            for [e1, n1, e2, n2] in domain::geo::municipality_edges(&code) {
                let inside = |e: f64, n: f64| (self.x0..=self.x1).contains(&e) && (self.y0..=self.y1).contains(&n);
                if !inside(e1, n1) && !inside(e2, n2) {
                    continue;
                }
                let p =
                    |e: f64, n: f64| (((e - self.x0) / 100.0).round() as i64, ((self.y1 - n) / 100.0).round() as i64);
                let (a, b) = (p(e1, n1), p(e2, n2));
                if a == b || !seen.insert(if a < b { (a, b) } else { (b, a) }) {
                    continue;
                }
                use std::fmt::Write;
                let _ = write!(d, "M{} {}L{} {}", a.0 * 100, a.1 * 100, b.0 * 100, b.1 * 100);
            }
        }
        html! { path d=(d) class="border" {} }
    }

    /// The municipalities' names at their central localities, kept inside the map.
    fn places(&self, lang: Lang) -> Markup {
        const SIZE: f64 = 1_400.0;
        html! {
            @for l in app::accessibility::demo_localities() {
                @let name = Reference::get().municipality(&l.municipality).map_or(l.municipality.clone(), |m| m.name.show(lang).to_owned());
                @let half = super::chart::text_width(&name, SIZE) / 2.0 + 300.0;
                @let x = (l.x - self.x0).clamp(half, self.width() - half);
                @let y = (self.y1 - l.y - 600.0).clamp(SIZE + 300.0, self.height() - 300.0);
                text x=(format!("{x:.0}")) y=(format!("{y:.0}")) text-anchor="middle" class="place" { (name) }
            }
        }
    }
}

fn results(
    ctx: &Ctx,
    o: &AccessOutcome,
    municipality_name: &dyn Fn(&str) -> String,
    unit_name: &dyn Fn(&str) -> String,
) -> Markup {
    let lang = ctx.lang;
    let r = &o.report;
    let estimate = matches!(r.method, access::analysis::Method::Estimate);
    // The figures the page speaks of: after the scenario when there is one.
    let now = o.scenario.as_ref().map_or(r, |s| &s.report);
    html! {
        @if estimate { p class="notice" { strong { (ctx.t("access-estimate")) } " " (ctx.t("access-estimate-why")) } }
        @else { p class="meta" { (ctx.t("access-routed")) } }
        @if !o.digital.is_empty() {
            p class="notice" { (ctx.t("access-digital")) " "
                (o.digital.iter().map(|k| super::view::label(ctx, "channel", k)).collect::<Vec<_>>().join(", ")) }
        }
        @if r.estimated_share > 0.0 { p class="meta" { (ctx.ta("access-suppressed", &[("share", percent(lang, r.estimated_share).into())])) } }
        (map(ctx, o, unit_name))
        @if let Some(s) = &o.scenario {
            section aria-labelledby="h-scenario" {
                h2 id="h-scenario" { (ctx.t("access-scenario-result")) }
                p { (ctx.ta("access-scenario-summary", &[
                    ("gained", int(lang, s.gained_residents).into()),
                    ("lost", int(lang, s.lost_residents).into()),
                    ("cells", int(lang, s.changed.len() as f64).into()),
                ])) }
                (table(ctx, &format!("{} / {}", ctx.t("access-before"), ctx.t("access-after")), &[(&r.county, Some(&s.report.county))], municipality_name))
            }
        }
        section aria-labelledby="h-indicators" {
            h2 id="h-indicators" { (ctx.t("access-indicators")) }
            @let rows: Vec<(&Indicators, Option<&Indicators>)> = std::iter::once((&r.county, o.scenario.as_ref().map(|s| &s.report.county)))
                .chain(r.municipalities.iter().map(|m| (m, o.scenario.as_ref().and_then(|s| s.report.municipalities.iter().find(|x| x.area == m.area)))))
                .collect();
            (table(ctx, &ctx.t("access-indicators"), &rows, municipality_name))
            p class="meta" {
                @if let (Some((w, wt)), Some((b, bt))) = (&now.worst, &now.best) {
                    @if o.scenario.is_some() { (ctx.t("access-after-scenario")) " " }
                    (ctx.ta("access-equity", &[
                        ("worst", municipality_name(w).into()), ("worst_min", int(lang, *wt).into()),
                        ("best", municipality_name(b).into()), ("best_min", int(lang, *bt).into()),
                        ("gini", now.gini.map_or("–".into(), |g| super::view::number(lang, g, 2)).into()),
                    ]))
                }
            }
        }
        p class="meta" { (ctx.t("access-attribution")) " "
            a href=(format!("/api/v1/access/services/{}?mode={}&format=geojson", r.service, r.mode)) { "GeoJSON" } ", "
            a href=(format!("/api/v1/access/services/{}?mode={}&format=csv", r.service, r.mode)) { "CSV" } }
    }
}

pub(super) fn table(
    ctx: &Ctx,
    caption: &str,
    rows: &[(&Indicators, Option<&Indicators>)],
    municipality_name: &dyn Fn(&str) -> String,
) -> Markup {
    let lang = ctx.lang;
    let pair = |a: String, b: Option<String>| match b {
        Some(b) if b != a => format!("{a} → {b}"),
        _ => a,
    };
    let minutes = |t: Option<f64>| t.map_or_else(|| "–".to_owned(), |t| int(lang, t));
    html! {
        div class="table-scroll" tabindex="0" role="region" aria-label=(caption) {
            table {
                caption class="visually-hidden" { (caption) }
                thead { tr {
                    th scope="col" { (ctx.t("planning-municipality")) }
                    th scope="col" class="num" { (ctx.t("access-residents")) }
                    th scope="col" class="num" { (ctx.t("access-mean")) }
                    th scope="col" class="num" { (ctx.t("access-median")) }
                    th scope="col" class="num" { (ctx.t("access-p90")) }
                    th scope="col" class="num" { (ctx.t("access-within-10")) }
                    th scope="col" class="num" { (ctx.t("access-within-20")) }
                    th scope="col" class="num" { (ctx.t("access-within-30")) }
                } }
                tbody {
                    @for (a, b) in rows {
                        tr {
                            th scope="row" { @if a.area == "county" { (ctx.t("access-county")) } @else { (municipality_name(&a.area)) } }
                            td class="num" { (int(lang, a.population)) }
                            td class="num" { (pair(minutes(a.mean), b.map(|b| minutes(b.mean)))) }
                            td class="num" { (pair(minutes(a.median), b.map(|b| minutes(b.median)))) }
                            td class="num" { (pair(minutes(a.p90), b.map(|b| minutes(b.p90)))) }
                            td class="num" { (pair(percent(lang, a.within_10), b.map(|b| percent(lang, b.within_10)))) }
                            td class="num" { (pair(percent(lang, a.within_20), b.map(|b| percent(lang, b.within_20)))) }
                            td class="num" { (pair(percent(lang, a.within_30), b.map(|b| percent(lang, b.within_30)))) }
                        }
                    }
                }
            }
        }
    }
}

/// The cells as squares coloured by minutes (north up), the municipal borders and place names,
/// and the units offering the service as they are after the scenario: a closed unit is not drawn,
/// an opened one is (as a square), a moved one is at its new place. Cells that get nearer are
/// ringed, cells that get farther are crossed, so the two differ without colour.
pub(super) fn map(ctx: &Ctx, o: &AccessOutcome, unit_name: &dyn Fn(&str) -> String) -> Markup {
    let grid = demo_grid();
    let frame = Frame::of(o);
    let times = match &o.scenario {
        Some(s) => &s.report.times,
        None => &o.report.times,
    };
    let sites = o.scenario.as_ref().map_or(&o.sites, |s| &s.sites);
    let before: std::collections::HashSet<&str> = o.sites.iter().filter(|s| s.offers).map(|s| s.id.as_str()).collect();
    let size = grid.cell_size;
    let (x0, y1) = (frame.x0, frame.y1);
    let changes: Vec<(usize, bool)> = o
        .scenario
        .iter()
        .flat_map(|s| s.changed.iter().map(|c| (c.0, c.2.unwrap_or(f32::INFINITY) < c.1.unwrap_or(f32::INFINITY))))
        .collect();
    let title = ctx.t("access-map");
    let shown: Vec<_> = sites.iter().filter(|s| s.offers).collect();
    html! {
        figure class="map" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {:.0} {:.0}", frame.width(), frame.height())) role="img" aria-labelledby="map-title" {
                title id="map-title" { (title) }
                rect x="0" y="0" width=(format!("{:.0}", frame.width())) height=(format!("{:.0}", frame.height())) class="ground" {}
                @for (i, c) in grid.cells.iter().enumerate() {
                    rect x=(format!("{:.0}", c.x - size / 2.0 - x0)) y=(format!("{:.0}", y1 - c.y - size / 2.0)) width=(size) height=(size)
                        fill=(colour(times[i])) {}
                }
                (frame.borders())
                @for (i, nearer) in &changes {
                    @let c = &grid.cells[*i];
                    @let (cx, cy) = (c.x - x0, y1 - c.y);
                    @if *nearer {
                        circle cx=(format!("{cx:.0}")) cy=(format!("{cy:.0}")) r=(format!("{:.0}", size * 0.8)) class="gain-mark" {}
                    } @else {
                        path d=(format!("M{:.0} {:.0}L{:.0} {:.0}M{:.0} {:.0}L{:.0} {:.0}", cx - size, cy - size, cx + size, cy + size, cx - size, cy + size, cx + size, cy - size)) class="loss-mark" {}
                    }
                }
                @for s in &shown {
                    @let (cx, cy) = (s.x - x0, y1 - s.y);
                    @if before.contains(s.id.as_str()) {
                        circle cx=(format!("{cx:.0}")) cy=(format!("{cy:.0}")) r="700" class="unit" { title { (unit_name(&s.id)) } }
                    } @else {
                        rect x=(format!("{:.0}", cx - 800.0)) y=(format!("{:.0}", cy - 800.0)) width="1600" height="1600" class="unit new" {
                            title { (ctx.t("access-new-unit")) } }
                    }
                }
                (frame.places(ctx.lang))
            }
            figcaption {
                (title) ". "
                ul class="legend" {
                    @for (i, (max, _)) in BINS.iter().enumerate() {
                        li { span class=(format!("swatch bin-{i}")) aria-hidden="true" {}
                            @if max.is_finite() { (ctx.ta("access-legend-upto", &[("from", (if i == 0 { 0.0 } else { BINS[i - 1].0 as f64 }).into()), ("to", (*max as f64).into())])) }
                            @else { (ctx.ta("access-legend-over", &[("from", (BINS[i - 1].0 as f64).into())])) } }
                    }
                    li { span class="swatch unreachable" aria-hidden="true" {} (ctx.t("access-legend-unreachable")) }
                    li { (icon("unit")) (ctx.t("access-legend-unit")) }
                    @if o.scenario.is_some() {
                        li { (icon("new")) (ctx.t("access-legend-new")) }
                        li { (icon("gain")) (ctx.t("access-legend-nearer")) }
                        li { (icon("loss")) (ctx.t("access-legend-farther")) }
                    }
                    li { (icon("border")) (ctx.t("access-legend-border")) }
                }
                @if !shown.is_empty() {
                    p class="units-heading" { (ctx.t("access-units-on-map")) }
                    ul class="map-units" {
                        @for s in &shown {
                            li { @if before.contains(s.id.as_str()) { a href=(ctx.href(&format!("/units/{}", s.id))) { (unit_name(&s.id)) } } @else { (ctx.t("access-new-unit")) }
                                @if let Some(m) = domain::geo::municipality_at_tm35fin(s.y, s.x).and_then(|m| Reference::get().municipality(m)) {
                                    " (" (m.name.show(ctx.lang)) ")"
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A small legend picture drawn like the map's mark it stands for.
fn icon(kind: &str) -> Markup {
    html! {
        svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" {
            @match kind {
                "unit" => { circle cx="8" cy="8" r="6" class="unit" {} }
                "new" => { rect x="2" y="2" width="12" height="12" class="unit new" {} }
                "gain" => { circle cx="8" cy="8" r="6" class="gain-mark icon-mark" {} }
                "loss" => { path d="M2 2L14 14M2 14L14 2" class="loss-mark icon-mark" {} }
                _ => { path d="M0 8L16 8" class="border icon-mark" {} }
            }
        }
    }
}
