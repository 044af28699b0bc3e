//! The monitoring pages: a dashboard of THL's indicators for the county (the last twelve
//! months, the change from the twelve before, a small chart by month), and one indicator
//! by a breakdown and period with a chart, a map of the demo county by municipality, the
//! tables behind them, the definition and the exports. Aggregates only, small numbers
//! suppressed; works without JavaScript (the form reloads the page).

use app::monitoring::{IndicatorQuery, IndicatorView};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::reference::Reference;
use domain::text::Lang;
use maud::{Markup, html};
use monitor::indicators::Better;
use monitor::{Cell, Dim, Indicator, Period, Unit};

use super::access::Frame;
use super::chart::text_width;
use super::view::{date, int, number};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::api::monitoring::{asked, query_error};
use crate::params::Params;
use crate::session::Acting;

fn ctx<'a>(state: &'a AppState, acting: &'a Acting, lang: Lang, rest: String) -> Ctx<'a> {
    super::referrals::ctx(state, acting, lang, rest, None)
}

/// A figure as the page's language writes it, with its unit.
pub(super) fn value_text(ctx: &Ctx, unit: Unit, value: f64) -> String {
    match unit {
        Unit::Percent => ctx.ta("monitoring-unit-percent", &[("n", number(ctx.lang, value, 1).into())]),
        Unit::Days => ctx.ta("monitoring-unit-days", &[("n", number(ctx.lang, value, 1).into())]),
        Unit::Index => number(ctx.lang, value, 2),
        Unit::Euros => ctx.ta("monitoring-unit-euros", &[("n", number(ctx.lang, value, 0).into())]),
    }
}

/// A cell's figure: its value, `..` when suppressed, `–` when there is no data.
fn cell_text(ctx: &Ctx, unit: Unit, cell: Option<&Cell>) -> String {
    match cell {
        Some(c) if c.suppressed => "..".into(),
        Some(Cell { value: Some(v), .. }) => value_text(ctx, unit, *v),
        _ => "–".into(),
    }
}

fn count_text(ctx: &Ctx, cell: &Cell, x: Option<f64>) -> String {
    match x {
        _ if cell.suppressed => "..".into(),
        Some(v) if v.fract() == 0.0 => int(ctx.lang, v),
        Some(v) => number(ctx.lang, v, 2),
        None => "–".into(),
    }
}

/// `3/2026`, `vk 12/2026`, `2026`, or the whole range.
fn period_text(ctx: &Ctx, period: i32) -> String {
    match period {
        0 => ctx.t("monitoring-whole-range"),
        p if p > 999_999 => p.to_string(),
        p if p > 9_999 => format!("{}/{}", p % 100, p / 100),
        p => p.to_string(),
    }
}

pub(super) fn period_label(ctx: &Ctx, period: Option<Period>, p: i32) -> String {
    match period {
        Some(Period::Week) if p > 0 => {
            ctx.ta("monitoring-week", &[("week", (p % 100).to_string().into()), ("year", (p / 100).to_string().into())])
        }
        _ => period_text(ctx, p),
    }
}

/// The name of a group of a breakdown in the page's language.
pub(super) fn group_text(ctx: &Ctx, dim: Dim, key: &str) -> String {
    if key.is_empty() {
        return ctx.t("monitoring-unknown");
    }
    match dim {
        Dim::Municipality => {
            Reference::get().municipality(key).map_or(key.to_owned(), |m| m.name.show(ctx.lang).to_owned())
        }
        Dim::ServiceGroup => domain::event::Group::parse(key).map_or(key.to_owned(), |g| g.name(ctx.lang).to_owned()),
        Dim::Language | Dim::AgeLimit => {
            ctx.t(&format!("monitoring-{}-{}", dim.code().replace('_', "-"), key.replace('_', "-")))
        }
        _ => key.to_owned(),
    }
}

fn dim_text(ctx: &Ctx, dim: Dim) -> String {
    ctx.t(&format!("monitoring-by-{}", dim.code().replace('_', "-")))
}

/// The direction of a change and what it means: (arrow, message id).
fn change(indicator: &Indicator, now: f64, before: f64) -> (&'static str, &'static str) {
    let tolerance = match indicator.unit {
        Unit::Index => 0.005,
        _ => 0.05,
    };
    if (now - before).abs() < tolerance {
        return ("→", "monitoring-unchanged");
    }
    let up = now > before;
    let better = up == (indicator.better == Better::Higher);
    (if up { "↑" } else { "↓" }, if better { "monitoring-better" } else { "monitoring-worse" })
}

/// One bar of a chart: its label, its value (none: no bar) and the value's text.
struct Bar {
    label: String,
    value: Option<f64>,
    text: String,
}

const FONT: f64 = 12.0;

/// Columns by period (small multiples of the dashboard): the value above each column, the
/// period below; the title lists every value, so the chart reads without the picture.
fn columns(title: &str, id: &str, bars: &[Bar]) -> Markup {
    let slot =
        bars.iter().map(|b| text_width(&b.text, 10.0).max(text_width(&b.label, 10.0))).fold(34.0, f64::max) + 6.0;
    let (top, plot) = (16.0, 80.0);
    let width = slot * bars.len().max(1) as f64;
    let height = top + plot + 18.0;
    let max = bars.iter().filter_map(|b| b.value).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let alt =
        format!("{title}: {}", bars.iter().map(|b| format!("{} {}", b.label, b.text)).collect::<Vec<_>>().join(", "));
    html! {
        figure class="chart" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width:.0} {height:.0}")) role="img" aria-label=(alt) {
                title id=(id) { (alt) }
                line x1="0" y1=(format!("{:.0}", top + plot)) x2=(format!("{width:.0}")) y2=(format!("{:.0}", top + plot)) class="axis" {}
                @for (i, b) in bars.iter().enumerate() {
                    @let x = i as f64 * slot;
                    @let h = b.value.map_or(0.0, |v| (v / max * plot).max(1.0));
                    @if b.value.is_some() {
                        rect x=(format!("{:.1}", x + 4.0)) y=(format!("{:.1}", top + plot - h)) width=(format!("{:.1}", slot - 8.0)) height=(format!("{h:.1}")) fill="#1f5f99" {}
                    }
                    text x=(format!("{:.1}", x + slot / 2.0)) y=(format!("{:.1}", top + plot - h - 3.0)) text-anchor="middle" class="value" font-size="10" { (b.text) }
                    text x=(format!("{:.1}", x + slot / 2.0)) y=(format!("{:.1}", top + plot + 13.0)) text-anchor="middle" class="label" font-size="10" { (b.label) }
                }
            }
        }
    }
}

/// Horizontal bars: a label, a bar and the value as text (`..` suppressed, `–` no data).
fn bars(title: &str, id: &str, bars: &[Bar]) -> Markup {
    let label_w = bars.iter().map(|b| text_width(&b.label, FONT)).fold(40.0, f64::max).min(260.0);
    let text_w = bars.iter().map(|b| text_width(&b.text, 11.0)).fold(20.0, f64::max);
    let plot = 320.0;
    let width = 6.0 + label_w + 6.0 + plot + 6.0 + text_w + 6.0;
    let row = 20.0;
    let height = row * bars.len() as f64 + 8.0;
    let max = bars.iter().filter_map(|b| b.value).fold(0.0, f64::max).max(f64::MIN_POSITIVE);
    let x0 = 6.0 + label_w + 6.0;
    let alt =
        format!("{title}: {}", bars.iter().map(|b| format!("{} {}", b.label, b.text)).collect::<Vec<_>>().join(", "));
    html! {
        figure class="chart" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width:.0} {height:.0}")) width=(format!("{width:.0}")) role="img" aria-label=(alt) {
                title id=(id) { (alt) }
                line x1=(format!("{x0:.1}")) y1="0" x2=(format!("{x0:.1}")) y2=(format!("{height:.0}")) class="axis" {}
                @for (i, b) in bars.iter().enumerate() {
                    @let mid = 4.0 + row * i as f64 + row / 2.0;
                    @let w = b.value.map_or(0.0, |v| (v / max * plot).max(1.0));
                    text x=(format!("{:.1}", x0 - 6.0)) y=(format!("{:.1}", mid + 4.0)) text-anchor="end" class="label" { (b.label) }
                    @if b.value.is_some() {
                        rect x=(format!("{x0:.1}")) y=(format!("{:.1}", mid - 7.0)) width=(format!("{w:.1}")) height="14" fill="#1f5f99" {}
                    }
                    text x=(format!("{:.1}", x0 + w + 4.0)) y=(format!("{:.1}", mid + 4.0)) class="value" { (b.text) }
                }
            }
            figcaption { (title) }
        }
    }
}

async fn county_view(
    state: &AppState,
    id: &'static str,
    period: Option<Period>,
) -> Result<IndicatorView, app::AppError> {
    state.polku.indicator(id, &IndicatorQuery { period, ..Default::default() }).await
}

/// `/{lang}/monitoring`: every indicator for the county.
pub async fn dashboard(State(state): State<AppState>, acting: Acting, Path(lang): Path<String>) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let ctx = ctx(&state, &acting, lang, "/monitoring".into());
    let mut tasks = tokio::task::JoinSet::new();
    for (i, indicator) in monitor::INDICATORS.iter().enumerate() {
        let state = state.clone();
        tasks.spawn(async move {
            let whole = county_view(&state, indicator.id, None).await;
            let months = county_view(&state, indicator.id, Some(Period::Month)).await;
            (i, whole, months)
        });
    }
    let mut results: Vec<_> = tasks.join_all().await;
    results.sort_by_key(|r| r.0);
    let first = results.iter().find_map(|(_, w, _)| w.as_ref().ok());
    let failed = results.iter().any(|(_, w, m)| w.is_err() || m.is_err());
    if failed && let Some(e) = results.iter().find_map(|(_, w, _)| w.as_ref().err()) {
        tracing::error!(error = %e, "monitoring dashboard");
    }
    let content = html! {
        h1 { (ctx.t("monitoring-title")) }
        p class="lead" { (ctx.t("monitoring-lead")) }
        @if let Some(v) = first {
            p class="meta" { (ctx.ta("monitoring-range", &[("from", date(&ctx, v.from).into()), ("to", date(&ctx, v.to).into())])) " "
                (ctx.ta("monitoring-events", &[("n", int(lang, v.events as f64).into())])) }
            (missing_note(&ctx, &v.missing_days))
        }
        @if failed { p class="error" role="alert" { (ctx.t("monitoring-error")) } }
        p { (ctx.t("monitoring-suppression-note")) }
        @for (_, whole, months) in &results {
            @if let (Ok(whole), Ok(months)) = (whole, months) {
                (indicator_card(&ctx, whole, months))
            }
        }
    };
    respond(StatusCode::OK, page(&ctx, &ctx.t("monitoring-title"), content))
}

fn missing_note(ctx: &Ctx, days: &[chrono::NaiveDate]) -> Markup {
    html! {
        @if !days.is_empty() {
            p class="notice" {
                (ctx.ta("monitoring-missing-days", &[("n", int(ctx.lang, days.len() as f64).into())])) " "
                (days.iter().take(10).map(|d| date(ctx, *d)).collect::<Vec<_>>().join(", "))
                @if days.len() > 10 { " …" }
            }
        }
    }
}

fn indicator_card(ctx: &Ctx, whole: &IndicatorView, months: &IndicatorView) -> Markup {
    let indicator = whole.indicator;
    let now = whole.table.cells.first();
    let before = whole.previous.cells.first();
    let heading = format!("h-{}", indicator.id);
    let monthly: Vec<Bar> = months
        .table
        .cells
        .iter()
        .map(|c| Bar {
            label: period_text(ctx, c.period),
            value: c.value,
            text: cell_text(ctx, indicator.unit, Some(c)),
        })
        .collect();
    html! {
        section class="indicator" aria-labelledby=(heading) {
            h2 id=(heading) { a href=(ctx.href(&format!("/monitoring/{}", indicator.id))) { (indicator.name(ctx.lang)) } }
            p class="figure" {
                (ctx.t("monitoring-last-12")) ": " strong { (cell_text(ctx, indicator.unit, now)) }
                @match (now.and_then(|c| c.value), before.and_then(|c| c.value)) {
                    (Some(n), Some(b)) => {
                        @let (arrow, words) = change(indicator, n, b);
                        " " span aria-hidden="true" { (arrow) } " "
                        (ctx.ta(words, &[("before", cell_text(ctx, indicator.unit, before).into())]))
                    }
                    _ => { " " (ctx.t("monitoring-no-comparison")) }
                }
            }
            @if !monthly.is_empty() {
                (columns(&ctx.ta("monitoring-by-month-title", &[("name", indicator.name(ctx.lang).into())]), &format!("chart-{}", indicator.id), &monthly))
            }
            p { a href=(ctx.href(&format!("/monitoring/{}", indicator.id))) { (ctx.ta("monitoring-open", &[("name", indicator.name(ctx.lang).into())])) } }
        }
    }
}

/// `/{lang}/monitoring/{id}`: one indicator by a breakdown and period.
pub async fn indicator_page(
    State(state): State<AppState>,
    acting: Acting,
    Path((lang, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let Some(indicator) = monitor::indicator(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let query_text = raw.clone().unwrap_or_default();
    let rest = if query_text.is_empty() {
        format!("/monitoring/{}", indicator.id)
    } else {
        format!("/monitoring/{}?{query_text}", indicator.id)
    };
    let ctx = ctx(&state, &acting, lang, rest);
    let params = Params::parse(raw.as_deref()).unwrap_or_default();
    // The form's second breakdown (`by2`) joins the first, as the API writes both: `by=a,b`.
    let second = params.get("by2").filter(|b| !b.is_empty()).map(str::to_owned);
    let params = Params::from_pairs(
        params
            .pairs()
            .filter(|(k, _)| *k != "by2")
            .map(|(k, v)| match (k, &second) {
                ("by", Some(b)) if !v.is_empty() && v != b => (k.to_owned(), format!("{v},{b}")),
                _ => (k.to_owned(), v.to_owned()),
            })
            .collect(),
    );
    let result = match asked(&params) {
        Ok(a) => {
            let view = state.polku.indicator(indicator.id, &a.query).await.map_err(query_error);
            let groups = match (&view, a.query.by.is_empty()) {
                (Ok(_), false) => Some(
                    state
                        .polku
                        .indicator(indicator.id, &IndicatorQuery { period: None, ..a.query.clone() })
                        .await
                        .map_err(query_error),
                ),
                _ => None,
            };
            view.and_then(|v| groups.transpose().map(|g| (v, g)))
        }
        Err(e) => Err(e),
    };
    let error_of = |field: &str| -> Option<String> {
        match &result {
            Err(e) if e.status == StatusCode::BAD_REQUEST => {
                e.details.iter().find(|d| d.field == field).map(|d| d.problem.clone())
            }
            _ => None,
        }
    };
    let by_now: String = params.get("by").unwrap_or("").to_owned();
    let mut by_parts = by_now.split(',').map(str::trim);
    let (by_first, by_second) = (by_parts.next().unwrap_or(""), by_parts.next().unwrap_or(""));
    let period_now = params.get("period").unwrap_or("month").to_owned();
    let export = |format: &str| {
        let mut parts: Vec<String> = params
            .pairs()
            .filter(|(k, v)| *k != "format" && !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", super::finder::encode(v)))
            .collect();
        parts.push(format!("format={format}"));
        format!("/api/v1/indicators/{}?{}", indicator.id, parts.join("&"))
    };
    let status = match &result {
        Err(e) if e.status == StatusCode::BAD_REQUEST => StatusCode::BAD_REQUEST,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
        Ok(_) => StatusCode::OK,
    };
    if let Err(e) = &result
        && status == StatusCode::INTERNAL_SERVER_ERROR
    {
        tracing::error!(error = %e.message, "monitoring indicator page");
    }
    let field_error = |field: &str| {
        html! { @if let Some(problem) = error_of(field) { p id=(format!("{field}-error")) class="field-error" { (problem) } } }
    };
    let content = html! {
        p { a href=(ctx.href("/monitoring")) { (ctx.t("monitoring-back")) } }
        h1 { (indicator.name(lang)) }
        p class="lead" { (indicator.definition(lang)) " " a href="#definition" { (ctx.t("monitoring-definition")) } }
        form method="get" action=(ctx.href(&format!("/monitoring/{}", indicator.id))) class="monitoring-form" novalidate {
            fieldset {
                legend { (ctx.t("monitoring-choose")) }
                label for="by" { (ctx.t("monitoring-breakdown")) }
                (field_error("by"))
                select id="by" name="by" aria-describedby=[error_of("by").map(|_| "by-error")] {
                    option value="" selected[by_first.is_empty()] { (ctx.t("monitoring-county")) }
                    @for d in indicator.dims {
                        option value=(d.code()) selected[by_first == d.code()] { (dim_text(&ctx, *d)) }
                    }
                }
                @if indicator.dims.len() > 1 {
                    label for="by2" { (ctx.t("monitoring-breakdown-then")) }
                    select id="by2" name="by2" {
                        option value="" selected[by_second.is_empty()] { (ctx.t("monitoring-breakdown-none")) }
                        @for d in indicator.dims {
                            option value=(d.code()) selected[by_second == d.code()] { (dim_text(&ctx, *d)) }
                        }
                    }
                }
                label for="period" { (ctx.t("monitoring-period")) }
                (field_error("period"))
                select id="period" name="period" aria-describedby=[error_of("period").map(|_| "period-error")] {
                    @for p in ["week", "month", "year", "all"] {
                        option value=(p) selected[period_now == p] { (ctx.t(&format!("monitoring-period-{p}"))) }
                    }
                }
                label for="from" { (ctx.t("monitoring-from")) }
                (field_error("from"))
                input type="date" id="from" name="from" value=(params.get("from").unwrap_or("")) aria-describedby=[error_of("from").map(|_| "from-error")];
                label for="to" { (ctx.t("monitoring-to")) }
                (field_error("to"))
                input type="date" id="to" name="to" value=(params.get("to").unwrap_or("")) aria-describedby=[error_of("to").map(|_| "to-error")];
                @if let Some(m) = params.get("municipality") { input type="hidden" name="municipality" value=(m); }
            }
            button type="submit" { (ctx.t("monitoring-show")) }
        }
        @match &result {
            Err(e) if status == StatusCode::BAD_REQUEST => {
                p class="error" role="alert" { (ctx.t("monitoring-bad-query")) " "
                    (e.details.iter().map(|d| format!("{}: {}", d.field, d.problem)).collect::<Vec<_>>().join("; ")) }
            }
            Err(_) => { p class="error" role="alert" { (ctx.t("monitoring-error")) } }
            Ok((view, groups)) => {
                p class="meta" { (ctx.ta("monitoring-range", &[("from", date(&ctx, view.from).into()), ("to", date(&ctx, view.to).into())])) " "
                    (ctx.ta("monitoring-events", &[("n", int(lang, view.events as f64).into())])) }
                (missing_note(&ctx, &view.missing_days))
                p class="exports" {
                    (ctx.t("monitoring-export")) " "
                    a href=(export("csv")) { "CSV" } " · " a href=(export("json")) { "JSON" }
                }
                (figures(&ctx, view, groups.as_ref()))
            }
        }
        section id="definition" aria-labelledby="h-definition" {
            h2 id="h-definition" { (ctx.t("monitoring-definition")) }
            dl {
                dt { (ctx.t("monitoring-definition")) } dd { (indicator.definition(lang)) }
                dt { (ctx.t("monitoring-formula")) } dd lang="en" { (indicator.formula) }
                dt { (ctx.t("monitoring-source")) } dd { (indicator.source) }
                dt { (ctx.t("monitoring-direction")) } dd { (ctx.t(if indicator.better == Better::Higher { "monitoring-higher-better" } else { "monitoring-lower-better" })) }
                dt { (ctx.t("monitoring-breakdowns")) } dd { (indicator.dims.iter().map(|d| dim_text(&ctx, *d)).collect::<Vec<_>>().join(", ")) }
            }
        }
    };
    respond(status, page(&ctx, indicator.name(lang), content))
}

/// The chart, the map (by municipality) and the table of a view.
fn figures(ctx: &Ctx, view: &IndicatorView, groups: Option<&IndicatorView>) -> Markup {
    let indicator = view.indicator;
    let by = &view.table.by;
    let keys_text = |keys: &[String]| -> String {
        by.iter().zip(keys).map(|(d, k)| group_text(ctx, *d, k)).collect::<Vec<_>>().join(", ")
    };
    let chart_bars: Vec<Bar> = match groups {
        Some(g) => g
            .table
            .cells
            .iter()
            .map(|c| Bar { label: keys_text(&c.keys), value: c.value, text: cell_text(ctx, indicator.unit, Some(c)) })
            .collect(),
        None => view
            .table
            .cells
            .iter()
            .map(|c| Bar {
                label: period_label(ctx, view.table.period, c.period),
                value: c.value,
                text: cell_text(ctx, indicator.unit, Some(c)),
            })
            .collect(),
    };
    let chart_title = match groups {
        Some(_) => ctx.ta(
            "monitoring-chart-groups",
            &[
                ("name", indicator.name(ctx.lang).into()),
                ("by", by.iter().map(|d| dim_text(ctx, *d)).collect::<Vec<_>>().join(", ").into()),
            ],
        ),
        None => ctx.ta("monitoring-chart-periods", &[("name", indicator.name(ctx.lang).into())]),
    };
    // The same period of the range before: the previous table's periods in order, matched by position.
    let mut periods: Vec<i32> = view.table.cells.iter().map(|c| c.period).collect();
    periods.sort_unstable();
    periods.dedup();
    let mut before_periods: Vec<i32> = view.previous.cells.iter().map(|c| c.period).collect();
    before_periods.sort_unstable();
    before_periods.dedup();
    html! {
        section aria-labelledby="h-chart" {
            h2 id="h-chart" { (ctx.t("monitoring-chart")) }
            @if chart_bars.is_empty() { p { (ctx.t("monitoring-no-data")) } }
            @else { (bars(&chart_title, "chart-main", &chart_bars)) }
            @if let Some(g) = groups && by.as_slice() == [Dim::Municipality] {
                (map(ctx, indicator, &g.table.cells))
            }
        }
        section aria-labelledby="h-table" {
            h2 id="h-table" { (ctx.t("monitoring-table")) }
            div class="table-scroll" tabindex="0" role="region" aria-labelledby="h-table" {
                table {
                    thead { tr {
                        @for d in by { th scope="col" { (dim_text(ctx, *d)) } }
                        th scope="col" { (ctx.t("monitoring-col-period")) }
                        th scope="col" class="num" { (ctx.t("monitoring-col-value")) }
                        th scope="col" class="num" { (ctx.t("monitoring-col-numerator")) }
                        th scope="col" class="num" { (ctx.t("monitoring-col-denominator")) }
                        th scope="col" class="num" { (ctx.t("monitoring-col-previous")) }
                    } }
                    tbody {
                        @for c in &view.table.cells {
                            tr {
                                @for (d, k) in by.iter().zip(&c.keys) { th scope="row" { (group_text(ctx, *d, k)) } }
                                td { (period_label(ctx, view.table.period, c.period)) }
                                td class="num" { (cell_text(ctx, indicator.unit, Some(c))) }
                                td class="num" { (count_text(ctx, c, c.numerator)) }
                                td class="num" { (count_text(ctx, c, c.denominator)) }
                                td class="num" { (cell_text(ctx, indicator.unit, previous_of(view, &periods, &before_periods, c))) }
                            }
                        }
                    }
                }
            }
            p class="footnote" { (ctx.t("monitoring-footnote")) }
        }
    }
}

/// The cell of the same group in the same period of the range before: the previous
/// table's periods in order, matched by position.
fn previous_of<'a>(view: &'a IndicatorView, periods: &[i32], before: &[i32], cell: &Cell) -> Option<&'a Cell> {
    let i = periods.iter().position(|p| *p == cell.period)?;
    let p = *before.get(i)?;
    view.previous.cells.iter().find(|c| c.period == p && c.keys == cell.keys)
}

const SHADES: [&str; 5] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
const NO_VALUE: &str = "#bdbdbd";

/// The demo county's grid cells shaded by their municipality's value, the value written
/// at the municipality's place, and a legend of the shades' ranges.
fn map(ctx: &Ctx, indicator: &Indicator, cells: &[Cell]) -> Markup {
    let grid = app::accessibility::demo_grid();
    let frame = Frame::county();
    let value_of = |code: &str| cells.iter().find(|c| c.keys.first().map(String::as_str) == Some(code));
    let values: Vec<f64> = cells.iter().filter_map(|c| c.value).collect();
    let (lo, hi) = values.iter().fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let step = if values.is_empty() { 1.0 } else { ((hi - lo) / SHADES.len() as f64).max(f64::MIN_POSITIVE) };
    let shade = |v: Option<f64>| match v {
        Some(v) => SHADES[(((v - lo) / step) as usize).min(SHADES.len() - 1)],
        None => NO_VALUE,
    };
    let size = grid.cell_size;
    let title = ctx.ta("monitoring-map-title", &[("name", indicator.name(ctx.lang).into())]);
    html! {
        figure class="map" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {:.0} {:.0}", frame.width(), frame.height())) role="img" aria-labelledby="monitoring-map-title" {
                title id="monitoring-map-title" { (title) }
                rect x="0" y="0" width=(format!("{:.0}", frame.width())) height=(format!("{:.0}", frame.height())) class="ground" {}
                @for c in &grid.cells {
                    @let code = c.municipality.map(|m| format!("{m:03}")).unwrap_or_default();
                    rect x=(format!("{:.0}", c.x - size / 2.0 - frame.x0)) y=(format!("{:.0}", frame.y1 - c.y - size / 2.0)) width=(size) height=(size)
                        fill=(shade(value_of(&code).and_then(|x| x.value))) {}
                }
                (frame.borders())
                @for l in app::accessibility::demo_localities() {
                    @let name = Reference::get().municipality(&l.municipality).map_or(l.municipality.clone(), |m| m.name.show(ctx.lang).to_owned());
                    @let label = format!("{name} {}", cell_text(ctx, indicator.unit, value_of(&l.municipality)));
                    @let half = text_width(&label, 1_400.0) / 2.0 + 300.0;
                    @let x = (l.x - frame.x0).clamp(half, (frame.width() - half).max(half));
                    @let y = (frame.y1 - l.y - 600.0).clamp(1_700.0, frame.height() - 300.0);
                    text x=(format!("{x:.0}")) y=(format!("{y:.0}")) text-anchor="middle" class="place" { (label) }
                }
            }
            figcaption {
                (title) ". "
                ul class="legend" {
                    @if !values.is_empty() {
                        @for (i, colour) in SHADES.iter().enumerate() {
                            li { (swatch(colour)) (value_text(ctx, indicator.unit, lo + step * i as f64)) "–" (value_text(ctx, indicator.unit, if i + 1 == SHADES.len() { hi } else { lo + step * (i + 1) as f64 })) }
                        }
                    }
                    li { (swatch(NO_VALUE)) (ctx.t("monitoring-map-no-value")) }
                }
            }
        }
    }
}

fn swatch(colour: &str) -> Markup {
    html! {
        svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" {
            rect x="1" y="1" width="14" height="14" fill=(colour) stroke="#555" {}
        }
        " "
    }
}
