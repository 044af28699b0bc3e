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

fn minutes(t: Option<f64>) -> String {
    t.map_or_else(|| "–".to_owned(), |t| format!("{t:.0}"))
}

fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

pub async fn page_access(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let rest = match &query {
        Some(q) if !q.is_empty() => format!("/planning/access?{q}"),
        _ => "/planning/access".to_owned(),
    };
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest,
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let params = Params::parse(query.as_deref()).unwrap_or_else(|_| Params::parse(None).expect("empty parses"));
    let service = params.get("service").unwrap_or("svc-home-care").to_owned();
    let mode: Mode = params.get("mode").and_then(|m| m.parse().ok()).unwrap_or(Mode::Car);
    let age = params.get("age").unwrap_or("all").to_owned();
    // The scenario from the form.
    let mut changes = Vec::new();
    if let Some(id) = params.get("close") {
        changes.push(Change::Close(id.to_owned()));
    }
    let coord = |k: &str| params.get(k).and_then(|v| v.replace(',', ".").parse::<f64>().ok());
    if let (Some(lat), Some(lon)) = (coord("open_lat"), coord("open_lon")) {
        let l = domain::geo::Location::from_wgs84(lat, lon);
        changes.push(Change::Open(Site { id: "new-unit".into(), x: l.e, y: l.n, services: vec![service.clone()] }));
    }
    if let (Some(id), Some(lat), Some(lon)) = (params.get("move"), coord("move_lat"), coord("move_lon")) {
        let l = domain::geo::Location::from_wgs84(lat, lon);
        changes.push(Change::Move { id: id.to_owned(), x: l.e, y: l.n });
    }
    let result = parse_age_group(&age).and_then(|g| {
        let polku = state.polku.clone();
        let service = service.clone();
        polku.access_report(&service, mode, g, &changes)
    });
    let snapshot = state.polku.snapshot();
    let mut services: Vec<(String, String)> = snapshot
        .catalog
        .services
        .values()
        .filter(|s| !snapshot.catalog.units_of(s).is_empty())
        .map(|s| (s.id.to_string(), s.name.show(lang).to_owned()))
        .collect();
    services.sort_by(|a, b| a.1.cmp(&b.1));
    let unit_name = |id: &str| snapshot.catalog.units.get(id).map_or(id.to_owned(), |u| u.name.show(lang).to_owned());
    let municipality_name =
        |code: &str| Reference::get().municipality(code).map_or(code.to_owned(), |m| m.name.show(lang).to_owned());
    let content = html! {
        h1 { (ctx.t("access-title")) }
        p class="lead" { (ctx.t("access-lead")) }
        form method="get" action=(ctx.href("/planning/access")) class="access-form" {
            div class="field" {
                label for="service" { (ctx.t("access-service")) }
                select id="service" name="service" {
                    @for (id, name) in &services { option value=(id) selected[*id == service] { (name) } }
                }
            }
            div class="field" {
                label for="mode" { (ctx.t("access-mode")) }
                select id="mode" name="mode" {
                    @for m in Mode::ALL { option value=(m.name()) selected[m == mode] { (ctx.t(&format!("access-mode-{}", m.name()))) } }
                }
            }
            div class="field" {
                label for="age" { (ctx.t("access-age")) }
                select id="age" name="age" {
                    @for (value, label) in [("all", ctx.t("access-age-all")), ("0-6", "0–6".to_owned()), ("65+", "65+".to_owned()), ("75+", "75+".to_owned()), ("85+", "85+".to_owned())] {
                        option value=(value) selected[value == age] { (label) }
                    }
                }
            }
            @if let Ok(o) = &result {
                fieldset {
                    legend { (ctx.t("access-scenario")) }
                    div class="field" {
                        label for="close" { (ctx.t("access-close")) }
                        select id="close" name="close" {
                            option value="" { "–" }
                            @for s in o.sites.iter().filter(|s| s.offers) {
                                option value=(s.id) selected[params.get("close") == Some(s.id.as_str())] { (unit_name(&s.id)) }
                            }
                        }
                    }
                    div class="field" {
                        label for="move" { (ctx.t("access-move")) }
                        select id="move" name="move" {
                            option value="" { "–" }
                            @for s in o.sites.iter().filter(|s| s.offers) {
                                option value=(s.id) selected[params.get("move") == Some(s.id.as_str())] { (unit_name(&s.id)) }
                            }
                        }
                        label for="move_lat" class="visually-hidden" { (ctx.t("access-move-to")) " – lat" }
                        input id="move_lat" name="move_lat" inputmode="decimal" size="9" placeholder="60.39" value=(params.get("move_lat").unwrap_or(""));
                        label for="move_lon" class="visually-hidden" { (ctx.t("access-move-to")) " – lon" }
                        input id="move_lon" name="move_lon" inputmode="decimal" size="9" placeholder="25.66" value=(params.get("move_lon").unwrap_or(""));
                    }
                    div class="field" {
                        span id="open-label" { (ctx.t("access-open")) }
                        label for="open_lat" class="visually-hidden" { (ctx.t("access-open")) " – lat" }
                        input id="open_lat" name="open_lat" inputmode="decimal" size="9" placeholder="60.39" value=(params.get("open_lat").unwrap_or(""));
                        label for="open_lon" class="visually-hidden" { (ctx.t("access-open")) " – lon" }
                        input id="open_lon" name="open_lon" inputmode="decimal" size="9" placeholder="25.66" value=(params.get("open_lon").unwrap_or(""));
                    }
                }
            }
            button type="submit" { (ctx.t("access-show")) }
        }
        @match &result {
            Err(e) => { p class="error" role="alert" { (e.to_string()) } }
            Ok(o) => { (results(&ctx, o, &municipality_name)) }
        }
    };
    respond(StatusCode::OK, page(&ctx, &ctx.t("access-title"), content))
}

fn results(ctx: &Ctx, o: &AccessOutcome, municipality_name: &dyn Fn(&str) -> String) -> Markup {
    let r = &o.report;
    let estimate = matches!(r.method, access::analysis::Method::Estimate);
    html! {
        @if estimate { p class="notice" { strong { (ctx.t("access-estimate")) } " " (ctx.t("access-estimate-why")) } }
        @else { p class="meta" { (ctx.t("access-routed")) } }
        @if !o.digital.is_empty() {
            p class="notice" { (ctx.t("access-digital")) " "
                (o.digital.iter().map(|k| super::view::label(ctx, "channel", k)).collect::<Vec<_>>().join(", ")) }
        }
        @if r.estimated_share > 0.0 { p class="meta" { (ctx.ta("access-suppressed", &[("share", percent(r.estimated_share).into())])) } }
        (map(ctx, o))
        @if let Some(s) = &o.scenario {
            section aria-labelledby="h-scenario" {
                h2 id="h-scenario" { (ctx.t("access-scenario-result")) }
                p { (ctx.ta("access-scenario-summary", &[
                    ("gained", format!("{:.0}", s.gained_residents).into()),
                    ("lost", format!("{:.0}", s.lost_residents).into()),
                    ("cells", s.changed.len().into()),
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
                @if let (Some((w, wt)), Some((b, bt))) = (&r.worst, &r.best) {
                    (ctx.ta("access-equity", &[
                        ("worst", municipality_name(w).into()), ("worst_min", format!("{wt:.0}").into()),
                        ("best", municipality_name(b).into()), ("best_min", format!("{bt:.0}").into()),
                        ("gini", r.gini.map_or("–".into(), |g| format!("{g:.2}")).into()),
                    ]))
                }
            }
        }
        p class="meta" { (ctx.t("access-attribution")) " "
            a href=(format!("/api/v1/access/services/{}?mode={}&format=geojson", r.service, r.mode)) { "GeoJSON" } ", "
            a href=(format!("/api/v1/access/services/{}?mode={}&format=csv", r.service, r.mode)) { "CSV" } }
    }
}

fn table(
    ctx: &Ctx,
    caption: &str,
    rows: &[(&Indicators, Option<&Indicators>)],
    municipality_name: &dyn Fn(&str) -> String,
) -> Markup {
    let pair = |a: String, b: Option<String>| match b {
        Some(b) if b != a => format!("{a} → {b}"),
        _ => a,
    };
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
                            td class="num" { (format!("{:.0}", a.population)) }
                            td class="num" { (pair(minutes(a.mean), b.map(|b| minutes(b.mean)))) }
                            td class="num" { (pair(minutes(a.median), b.map(|b| minutes(b.median)))) }
                            td class="num" { (pair(minutes(a.p90), b.map(|b| minutes(b.p90)))) }
                            td class="num" { (pair(percent(a.within_10), b.map(|b| percent(b.within_10)))) }
                            td class="num" { (pair(percent(a.within_20), b.map(|b| percent(b.within_20)))) }
                            td class="num" { (pair(percent(a.within_30), b.map(|b| percent(b.within_30)))) }
                        }
                    }
                }
            }
        }
    }
}

/// The cells as squares coloured by minutes (north up), the units offering the service as dots.
fn map(ctx: &Ctx, o: &AccessOutcome) -> Markup {
    let grid = demo_grid();
    let times = match &o.scenario {
        Some(s) => &s.report.times,
        None => &o.report.times,
    };
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for c in &grid.cells {
        x0 = x0.min(c.x);
        x1 = x1.max(c.x);
        y0 = y0.min(c.y);
        y1 = y1.max(c.y);
    }
    let pad = 2_000.0;
    let (x0, y0, x1, y1) = (x0 - pad, y0 - pad, x1 + pad, y1 + pad);
    let size = grid.cell_size;
    let changed: std::collections::HashSet<usize> =
        o.scenario.iter().flat_map(|s| s.changed.iter().map(|c| c.0)).collect();
    let title = ctx.t("access-map");
    html! {
        figure class="map" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {:.0} {:.0}", x1 - x0, y1 - y0)) role="img" aria-labelledby="map-title" {
                title id="map-title" { (title) }
                rect x="0" y="0" width=(format!("{:.0}", x1 - x0)) height=(format!("{:.0}", y1 - y0)) fill="#f4f6f8" {}
                @for (i, c) in grid.cells.iter().enumerate() {
                    rect x=(format!("{:.0}", c.x - size / 2.0 - x0)) y=(format!("{:.0}", y1 - c.y - size / 2.0)) width=(size) height=(size)
                        fill=(colour(times[i])) stroke=[changed.contains(&i).then_some("#000")] stroke-width=[changed.contains(&i).then_some("60")] {}
                }
                @for s in o.sites.iter().filter(|s| s.offers) {
                    circle cx=(format!("{:.0}", s.x - x0)) cy=(format!("{:.0}", y1 - s.y)) r="700" fill="#08306b" stroke="#fff" stroke-width="250" {}
                }
            }
            figcaption {
                (title) ". "
                ul class="legend" {
                    @for (i, (max, col)) in BINS.iter().enumerate() {
                        li { span class="swatch" style=(format!("background:{col}")) aria-hidden="true" {}
                            @if max.is_finite() { (ctx.ta("access-legend-upto", &[("from", (if i == 0 { 0.0 } else { BINS[i - 1].0 as f64 }).into()), ("to", (*max as f64).into())])) }
                            @else { (ctx.ta("access-legend-over", &[("from", (BINS[i - 1].0 as f64).into())])) } }
                    }
                    li { span class="swatch" style=(format!("background:{UNREACHABLE}")) aria-hidden="true" {} (ctx.t("access-legend-unreachable")) }
                    li { span class="swatch dot" aria-hidden="true" {} (ctx.t("access-legend-unit")) }
                }
            }
        }
    }
}
