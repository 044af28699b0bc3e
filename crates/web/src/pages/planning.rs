//! The planners' page: proposals for harmonised eligibility criteria against
//! today's, as tables and SVG charts, and today's criteria as a municipality ×
//! service matrix that shows where they differ. Works without JavaScript.

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::reference::Reference;
use domain::text::Lang;
use maud::{Markup, html};
use rules::simulate::{Row, Simulation};

use super::chart::{Bar, diverging};
use super::view::{int, signed, text};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::Acting;

/// The proposals named in the query, or every proposal when none is named; an unknown
/// name is refused with a message beside the field, never dropped.
fn chosen_proposals(query: Option<&str>, known: &[rules::ast::SetInfo]) -> Result<Vec<String>, String> {
    let Ok(params) = Params::parse(query) else { return Err(query.unwrap_or("").to_owned()) };
    if let Some((k, _)) = params.pairs().find(|(k, _)| *k != "proposal") {
        return Err(format!("unknown parameter {k:?}"));
    }
    if params.all("proposal").next().is_none() {
        return Ok(known.iter().map(|s| s.name.clone()).collect());
    }
    let mut out: Vec<String> = Vec::new();
    for name in params.all("proposal").map(str::trim) {
        if name.is_empty() {
            continue;
        }
        if !known.iter().any(|s| s.name == name) {
            return Err(name.to_owned());
        }
        if !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    }
    Ok(out)
}

pub async fn eligibility(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    if let Some(refused) = super::refused(&state, &acting, lang, app::permit::Action::ViewPlanning) {
        return refused;
    }
    let rules = state.polku.rules();
    let known: Vec<&rules::ast::SetInfo> = rules.book.proposals().collect();
    let known_owned: Vec<rules::ast::SetInfo> = known.iter().map(|s| (*s).clone()).collect();
    let chosen = chosen_proposals(query.as_deref(), &known_owned);
    let rest = match &query {
        Some(q) if !q.is_empty() => format!("/planning/eligibility?{q}"),
        _ => "/planning/eligibility".to_owned(),
    };
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest,
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let (status, result) = match &chosen {
        Err(_) => (StatusCode::BAD_REQUEST, Ok(Vec::new())),
        Ok(names) if names.is_empty() => (StatusCode::OK, Ok(Vec::new())),
        Ok(names) => (StatusCode::OK, state.polku.simulate(names.clone(), None).await),
    };
    let chosen_names: Vec<String> = chosen.clone().unwrap_or_default();
    let snapshot = state.polku.snapshot();
    let service_name = |id: &str| {
        snapshot
            .catalog
            .services
            .iter()
            .find(|(k, _)| k.as_str() == id)
            .map_or(id.to_owned(), |(_, s)| s.name.show(lang).to_owned())
    };
    let municipality_name =
        |code: &str| Reference::get().municipality(code).map_or(code.to_owned(), |m| m.name.show(lang).to_owned());
    let title_of = |name: &str| {
        known
            .iter()
            .find(|s| s.name == name)
            .filter(|s| !s.title.is_empty())
            .map_or(name.to_owned(), |s| s.title.show(lang).to_owned())
    };
    let population = app::Polku::demo_population().len();
    let csv_query =
        chosen_names.iter().map(|n| format!("proposal={}", super::finder::encode(n))).collect::<Vec<_>>().join("&");
    let content = html! {
        h1 { (ctx.t("planning-title")) }
        p class="lead" { (ctx.t("planning-lead")) }
        p class="meta" { (ctx.ta("planning-population", &[("n", int(lang, population as f64).into())])) }
        form method="get" action=(ctx.href("/planning/eligibility")) class="proposals" novalidate {
            fieldset aria-describedby=[chosen.is_err().then_some("proposal-error")] {
                legend { (ctx.t("planning-proposals")) }
                @if let Err(bad) = &chosen {
                    p id="proposal-error" class="field-error" { (ctx.ta("planning-unknown-proposal", &[("name", bad.clone().into())])) }
                }
                @for s in &known {
                    label class="check" {
                        input type="checkbox" name="proposal" value=(s.name) checked[chosen_names.contains(&s.name)];
                        " " (text(&ctx, &s.title)) " (" (s.name) ")"
                    }
                }
            }
            button type="submit" { (ctx.t("planning-compare")) }
        }
        @match &result {
            Err(e) => { p class="error" role="alert" { (ctx.t("planning-error")) " " (e.to_string()) } }
            Ok(sims) if sims.is_empty() => { @if chosen.is_ok() { p { (ctx.t("planning-none-selected")) } } }
            Ok(sims) => {
                section aria-labelledby="h-summary" {
                    h2 id="h-summary" { (ctx.t("planning-summary")) }
                    p { (ctx.t("planning-persons-decisions")) }
                    div class="table-scroll" tabindex="0" role="region" aria-labelledby="h-summary" {
                        table {
                            thead { tr {
                                th scope="col" { (ctx.t("planning-proposals")) }
                                th scope="col" class="num" { (ctx.t("planning-persons-gained")) }
                                th scope="col" class="num" { (ctx.t("planning-persons-lost")) }
                                th scope="col" class="num" { (ctx.t("planning-decisions-gained")) }
                                th scope="col" class="num" { (ctx.t("planning-decisions-lost")) }
                                th scope="col" class="num" { (ctx.t("planning-cost")) }
                            } }
                            tbody {
                                @for sim in sims {
                                    @let (pg, pl) = sim.persons_total();
                                    tr {
                                        th scope="row" { (title_of(&sim.proposal)) }
                                        td class="num" { (int(lang, pg as f64)) }
                                        td class="num" { (int(lang, pl as f64)) }
                                        td class="num" { (int(lang, sim.rows.iter().map(|r| r.gained).sum::<u64>() as f64)) }
                                        td class="num" { (int(lang, sim.rows.iter().map(|r| r.lost).sum::<u64>() as f64)) }
                                        td class="num" { (signed(lang, sim.total_cost_change())) }
                                    }
                                }
                            }
                        }
                    }
                    p { a href=(format!("{}?{csv_query}", ctx.href("/planning/eligibility.csv"))) download="simulation.csv" { (ctx.t("planning-csv")) } }
                }
                @for (i, sim) in sims.iter().enumerate() {
                    (proposal_section(&ctx, i, sim, &title_of(&sim.proposal), &service_name, &municipality_name))
                }
            }
        }
        (matrix(&ctx, &rules.book, state.polku.clock().today(), &service_name, &municipality_name))
    };
    respond(status, page(&ctx, &ctx.t("planning-title"), content))
}

/// The simulation as CSV (`rules::simulate::to_csv`), the same table `polku simulate` writes.
pub async fn eligibility_csv(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    if let Some(refused) = super::refused(&state, &acting, lang, app::permit::Action::ViewPlanning) {
        return refused;
    }
    let rules = state.polku.rules();
    let known: Vec<rules::ast::SetInfo> = rules.book.proposals().cloned().collect();
    let names = match chosen_proposals(query.as_deref(), &known) {
        Ok(names) if !names.is_empty() => names,
        Ok(_) => {
            return crate::error::ApiError::bad_parameter("proposal", "name at least one proposal").into_response();
        }
        Err(bad) => {
            return crate::error::ApiError::bad_parameter("proposal", format!("unknown proposal {bad:?}"))
                .into_response();
        }
    };
    let _ = lang;
    match state.polku.simulate(names, None).await {
        Ok(sims) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"simulation.csv\""),
            ],
            rules::simulate::to_csv(&sims),
        )
            .into_response(),
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}

fn proposal_section(
    ctx: &Ctx,
    i: usize,
    sim: &Simulation,
    title: &str,
    service_name: &dyn Fn(&str) -> String,
    municipality_name: &dyn Fn(&str) -> String,
) -> Markup {
    let lang = ctx.lang;
    let by_service: Vec<Row> =
        sim.by_service().into_iter().filter(|r| r.eligible_before + r.eligible_after > 0).collect();
    let mut decisions: BTreeMap<String, (u64, u64, f64)> = BTreeMap::new();
    for r in sim.by_municipality() {
        let e = decisions.entry(r.municipality.clone()).or_default();
        e.0 += r.gained;
        e.1 += r.lost;
        e.2 += r.cost_change_eur;
    }
    let mut by_band: BTreeMap<&str, BandCounts> = BTreeMap::new();
    for p in &sim.persons {
        let e = by_band.entry(p.age_band).or_default();
        e.0 += p.residents;
        e.1 += p.gained;
        e.2 += p.lost;
    }
    for r in &sim.rows {
        let e = by_band.entry(r.age_band).or_default();
        e.3 += r.gained;
        e.4 += r.lost;
    }
    let band_order = |b: &str| rules::columns::AGE_BANDS.iter().position(|(n, _)| *n == b).unwrap_or(usize::MAX);
    let mut bands: Vec<(&str, BandCounts)> = by_band.into_iter().collect();
    bands.sort_by_key(|(b, _)| band_order(b));
    let persons = sim.persons_by_municipality();
    let bar = |label: String, gained: u64, lost: u64| Bar {
        label,
        gained,
        lost,
        gained_text: format!("+{}", int(lang, gained as f64)),
        lost_text: format!("−{}", int(lang, lost as f64)),
    };
    let service_bars: Vec<Bar> = by_service.iter().map(|r| bar(service_name(&r.service), r.gained, r.lost)).collect();
    let municipality_bars: Vec<Bar> = persons.iter().map(|(m, _, g, l)| bar(municipality_name(m), *g, *l)).collect();
    let band_bars: Vec<Bar> = bands.iter().map(|(b, (_, g, l, _, _))| bar(band_label(ctx, b), *g, *l)).collect();
    let id = format!("h-proposal-{i}");
    html! {
        section aria-labelledby=(id) {
            h2 id=(id) { (title) }
            h3 { (ctx.t("planning-by-service")) }
            (diverging(&ctx.ta("planning-chart", &[("proposal", title.to_owned().into())]), &service_bars, &format!("chart-s-{i}")))
            div class="table-scroll" tabindex="0" role="region" aria-label=(ctx.t("planning-by-service")) {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("planning-service")) }
                        th scope="col" class="num" { (ctx.t("planning-before")) }
                        th scope="col" class="num" { (ctx.t("planning-after")) }
                        th scope="col" class="num" { (ctx.t("planning-gained")) }
                        th scope="col" class="num" { (ctx.t("planning-lost")) }
                        th scope="col" class="num" { (ctx.t("planning-cost")) }
                    } }
                    tbody {
                        @for r in &by_service {
                            tr {
                                th scope="row" { a href=(ctx.href(&format!("/services/{}", r.service))) { (service_name(&r.service)) } }
                                td class="num" { (int(lang, r.eligible_before as f64)) }
                                td class="num" { (int(lang, r.eligible_after as f64)) }
                                td class="num" { (int(lang, r.gained as f64)) }
                                td class="num" { (int(lang, r.lost as f64)) }
                                td class="num" { (signed(lang, r.cost_change_eur)) }
                            }
                        }
                    }
                }
            }
            h3 { (ctx.t("planning-by-municipality")) }
            (diverging(&ctx.ta("planning-chart-municipality", &[("proposal", title.to_owned().into())]), &municipality_bars, &format!("chart-m-{i}")))
            (counts_table(ctx, &ctx.t("planning-by-municipality"), &ctx.t("planning-municipality"), &persons.iter().map(|(m, residents, g, l)| {
                let (dg, dl, c) = decisions.get(m).copied().unwrap_or_default();
                (municipality_name(m), (*residents, *g, *l, dg, dl), Some(c))
            }).collect::<Vec<_>>()))
            h3 { (ctx.t("planning-by-age")) }
            (diverging(&ctx.ta("planning-chart-age", &[("proposal", title.to_owned().into())]), &band_bars, &format!("chart-a-{i}")))
            (counts_table(ctx, &ctx.t("planning-by-age"), &ctx.t("planning-age-band"),
                &bands.iter().map(|(b, counts)| (band_label(ctx, b), *counts, None)).collect::<Vec<_>>()))
        }
    }
}

/// Residents, persons who gain and lose, and decisions gained and lost, per row (and the
/// cost where it is known by row).
fn counts_table(ctx: &Ctx, caption: &str, first: &str, rows: &[(String, BandCounts, Option<f64>)]) -> Markup {
    let lang = ctx.lang;
    let with_cost = rows.iter().any(|r| r.2.is_some());
    html! {
        div class="table-scroll" tabindex="0" role="region" aria-label=(caption) {
            table {
                thead { tr {
                    th scope="col" { (first) }
                    th scope="col" class="num" { (ctx.t("access-residents")) }
                    th scope="col" class="num" { (ctx.t("planning-persons-gained")) }
                    th scope="col" class="num" { (ctx.t("planning-persons-lost")) }
                    th scope="col" class="num" { (ctx.t("planning-decisions-gained")) }
                    th scope="col" class="num" { (ctx.t("planning-decisions-lost")) }
                    @if with_cost { th scope="col" class="num" { (ctx.t("planning-cost")) } }
                } }
                tbody {
                    @for (name, (n, g, l, dg, dl), cost) in rows {
                        tr {
                            th scope="row" { (name) }
                            @for x in [n, g, l, dg, dl] { td class="num" { (int(lang, *x as f64)) } }
                            @if with_cost { td class="num" { (cost.map(|c| signed(lang, c)).unwrap_or_default()) } }
                        }
                    }
                }
            }
        }
    }
}

/// An age band's residents, persons who gain and lose, and decisions gained and lost.
type BandCounts = (u64, u64, u64, u64, u64);

/// "0–6 years", "85+ years", "age unknown".
fn band_label(ctx: &Ctx, band: &str) -> String {
    if band == rules::columns::UNKNOWN_BAND {
        return ctx.t("planning-age-unknown");
    }
    ctx.ta("planning-age-years", &[("band", band.replace('-', "–").into())])
}

/// Today's criteria: services × municipalities, cells that differ from the most common marked ≠.
fn matrix(
    ctx: &Ctx,
    book: &rules::RuleBook,
    today: chrono::NaiveDate,
    service_name: &dyn Fn(&str) -> String,
    municipality_name: &dyn Fn(&str) -> String,
) -> Markup {
    let Ok(scenario) = book.scenario(None, today) else { return html! {} };
    let mut municipalities: Vec<u16> = scenario.services.iter().flat_map(|s| s.local.keys().copied()).collect();
    municipalities.sort_unstable();
    municipalities.dedup();
    html! {
        section aria-labelledby="h-matrix" {
            h2 id="h-matrix" { (ctx.t("planning-matrix")) }
            p { (ctx.t("planning-matrix-lead")) }
            div class="table-scroll" tabindex="0" role="region" aria-labelledby="h-matrix" {
                table class="matrix" {
                    thead { tr {
                        th scope="col" { (ctx.t("planning-service")) }
                        @for m in &municipalities { th scope="col" { (municipality_name(&format!("{m:03}"))) } }
                    } }
                    tbody {
                        @for s in &scenario.services {
                            @let variants = {
                                let mut count: BTreeMap<String, usize> = BTreeMap::new();
                                for r in s.local.values() { *count.entry(r.when.canonical()).or_default() += 1; }
                                count
                            };
                            @let common = variants.iter().max_by_key(|(_, n)| **n).map(|(k, _)| k.clone()).unwrap_or_default();
                            tr {
                                th scope="row" { (service_name(s.service)) }
                                @for m in &municipalities {
                                    @match s.select(Some(*m)) {
                                        rules::book::Selection::Rule(r) => {
                                            @let differs = variants.len() > 1 && r.when.canonical() != common;
                                            td class=[differs.then_some("differs")] {
                                                @if differs { span aria-hidden="true" { "≠ " } span class="visually-hidden" { (ctx.t("planning-differs")) ": " } }
                                                (summary(&r.when, ctx.lang))
                                            }
                                        }
                                        _ => { td { (ctx.t("planning-no-rule")) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The top-level conditions of a rule, in plain words.
pub(super) fn summary(when: &rules::ast::Cond, lang: Lang) -> String {
    match &when.node {
        rules::ast::Node::All(cs) => cs.iter().map(|c| short(c, lang)).collect::<Vec<_>>().join("; "),
        _ => short(when, lang),
    }
}

fn short(c: &rules::ast::Cond, lang: Lang) -> String {
    use rules::ast::Node;
    let own = rules::eval::describe(c, lang);
    match &c.node {
        Node::Any(cs) if c.text.is_none() => {
            let or = match lang {
                Lang::Fi => " tai ",
                Lang::Sv => " eller ",
                Lang::En => " or ",
            };
            format!("({})", cs.iter().map(|c| short(c, lang)).collect::<Vec<_>>().join(or))
        }
        Node::All(cs) if c.text.is_none() => {
            format!("({})", cs.iter().map(|c| short(c, lang)).collect::<Vec<_>>().join("; "))
        }
        Node::Not(inner) if c.text.is_none() => format!("{}: {}", own, short(inner, lang)),
        _ => own,
    }
}
