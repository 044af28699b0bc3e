//! The planners' page: proposals for harmonised eligibility criteria against
//! today's, as tables and SVG charts, and today's criteria as a municipality ×
//! service matrix that shows where they differ. Works without JavaScript.

use std::collections::BTreeMap;

use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use domain::reference::Reference;
use domain::text::Lang;
use maud::{Markup, html};
use rules::simulate::{Row, Simulation};

use super::view::text;
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::Acting;

pub async fn eligibility(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let rules = state.polku.rules();
    let known: Vec<&rules::ast::SetInfo> = rules.book.proposals().collect();
    let chosen: Vec<String> = match Params::parse(query.as_deref()) {
        Ok(p) if p.get("proposal").is_some() => p.all("proposal").map(str::to_owned).collect(),
        _ => known.iter().map(|s| s.name.clone()).collect(),
    };
    let rest = match &query {
        Some(q) if !q.is_empty() => format!("/planning/eligibility?{q}"),
        _ => "/planning/eligibility".to_owned(),
    };
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest,
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let result = if chosen.is_empty() { Ok(Vec::new()) } else { state.polku.simulate(chosen.clone(), None).await };
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
    let content = html! {
        h1 { (ctx.t("planning-title")) }
        p class="lead" { (ctx.t("planning-lead")) }
        p class="meta" { (ctx.ta("planning-population", &[("n", population.into())])) }
        form method="get" action=(ctx.href("/planning/eligibility")) class="proposals" {
            fieldset {
                legend { (ctx.t("planning-proposals")) }
                @for s in &known {
                    label class="check" {
                        input type="checkbox" name="proposal" value=(s.name) checked[chosen.contains(&s.name)];
                        " " (text(&ctx, &s.title)) " (" (s.name) ")"
                    }
                }
            }
            button type="submit" { (ctx.t("planning-compare")) }
        }
        @match &result {
            Err(e) => { p class="error" role="alert" { (ctx.t("planning-error")) " " (e.to_string()) } }
            Ok(sims) if sims.is_empty() => { p { (ctx.t("planning-none-selected")) } }
            Ok(sims) => {
                section aria-labelledby="h-summary" {
                    h2 id="h-summary" { (ctx.t("planning-summary")) }
                    table {
                        thead { tr {
                            th scope="col" { (ctx.t("planning-proposals")) }
                            th scope="col" class="num" { (ctx.t("planning-total-gained")) }
                            th scope="col" class="num" { (ctx.t("planning-total-lost")) }
                            th scope="col" class="num" { (ctx.t("planning-cost")) }
                        } }
                        tbody {
                            @for sim in sims {
                                tr {
                                    th scope="row" { (title_of(&sim.proposal)) }
                                    td class="num" { (thousands(sim.rows.iter().map(|r| r.gained).sum::<u64>() as f64)) }
                                    td class="num" { (thousands(sim.rows.iter().map(|r| r.lost).sum::<u64>() as f64)) }
                                    td class="num" { (signed(sim.total_cost_change())) }
                                }
                            }
                        }
                    }
                }
                @for (i, sim) in sims.iter().enumerate() {
                    (proposal_section(&ctx, i, sim, &title_of(&sim.proposal), &service_name, &municipality_name))
                }
            }
        }
        (matrix(&ctx, &rules.book, state.polku.clock().today(), &service_name, &municipality_name))
    };
    respond(axum::http::StatusCode::OK, page(&ctx, &ctx.t("planning-title"), content))
}

fn proposal_section(
    ctx: &Ctx,
    i: usize,
    sim: &Simulation,
    title: &str,
    service_name: &dyn Fn(&str) -> String,
    municipality_name: &dyn Fn(&str) -> String,
) -> Markup {
    let by_service: Vec<Row> =
        sim.by_service().into_iter().filter(|r| r.eligible_before + r.eligible_after > 0).collect();
    let mut by_municipality: BTreeMap<String, (u64, u64, f64)> = BTreeMap::new();
    for r in sim.by_municipality() {
        let e = by_municipality.entry(r.municipality.clone()).or_default();
        e.0 += r.gained;
        e.1 += r.lost;
        e.2 += r.cost_change_eur;
    }
    let service_bars: Vec<(String, u64, u64)> =
        by_service.iter().map(|r| (service_name(&r.service), r.gained, r.lost)).collect();
    let municipality_bars: Vec<(String, u64, u64)> =
        by_municipality.iter().map(|(m, (g, l, _))| (municipality_name(m), *g, *l)).collect();
    let id = format!("h-proposal-{i}");
    html! {
        section aria-labelledby=(id) {
            h2 id=(id) { (title) }
            h3 { (ctx.t("planning-by-service")) }
            (diverging(&ctx.ta("planning-chart", &[("proposal", title.to_owned().into())]), &service_bars, &format!("chart-s-{i}")))
            div class="table-scroll" tabindex="0" role="region" aria-labelledby=(id) {
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
                                td class="num" { (thousands(r.eligible_before as f64)) }
                                td class="num" { (thousands(r.eligible_after as f64)) }
                                td class="num" { (thousands(r.gained as f64)) }
                                td class="num" { (thousands(r.lost as f64)) }
                                td class="num" { (signed(r.cost_change_eur)) }
                            }
                        }
                    }
                }
            }
            h3 { (ctx.t("planning-by-municipality")) }
            (diverging(&ctx.ta("planning-chart-municipality", &[("proposal", title.to_owned().into())]), &municipality_bars, &format!("chart-m-{i}")))
            table {
                thead { tr {
                    th scope="col" { (ctx.t("planning-municipality")) }
                    th scope="col" class="num" { (ctx.t("planning-gained")) }
                    th scope="col" class="num" { (ctx.t("planning-lost")) }
                    th scope="col" class="num" { (ctx.t("planning-cost")) }
                } }
                tbody {
                    @for (m, (g, l, c)) in &by_municipality {
                        tr {
                            th scope="row" { (municipality_name(m)) }
                            td class="num" { (thousands(*g as f64)) }
                            td class="num" { (thousands(*l as f64)) }
                            td class="num" { (signed(*c)) }
                        }
                    }
                }
            }
        }
    }
}

/// A diverging bar chart: losses to the left of the axis, gains to the right.
/// The numbers are in the table beside it; the chart is labelled as an image.
fn diverging(title: &str, bars: &[(String, u64, u64)], id: &str) -> Markup {
    const LABEL: f64 = 230.0;
    const PLOT: f64 = 420.0;
    const ROW: f64 = 22.0;
    let max = bars.iter().map(|(_, g, l)| (*g).max(*l)).max().unwrap_or(0).max(1) as f64;
    let half = PLOT / 2.0;
    let axis = LABEL + half;
    let height = ROW * bars.len() as f64 + 10.0;
    let width = LABEL + PLOT + 60.0;
    html! {
        figure class="chart" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}")) role="img" aria-labelledby=(id) {
                title id=(id) { (title) }
                line x1=(axis) y1="0" x2=(axis) y2=(height) stroke="#444" stroke-width="1" {}
                @for (k, (label, gained, lost)) in bars.iter().enumerate() {
                    @let y = k as f64 * ROW + 4.0;
                    @let g = *gained as f64 / max * (half - 4.0);
                    @let l = *lost as f64 / max * (half - 4.0);
                    text x=(LABEL - 8.0) y=(y + 13.0) text-anchor="end" font-size="12" fill="#222" { (truncate(label, 34)) }
                    rect x=(axis - l) y=(y) width=(l) height=(ROW - 6.0) fill="#b3261e" {}
                    rect x=(axis) y=(y) width=(g) height=(ROW - 6.0) fill="#1b6e3a" {}
                    @if *lost > 0 { text x=(axis - l - 4.0) y=(y + 13.0) text-anchor="end" font-size="11" fill="#222" { "−" (thousands(*lost as f64)) } }
                    @if *gained > 0 { text x=(axis + g + 4.0) y=(y + 13.0) font-size="11" fill="#222" { "+" (thousands(*gained as f64)) } }
                }
            }
            figcaption { (title) }
        }
    }
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
                                for r in s.local.values() { *count.entry(format!("{:?}", r.when.node)).or_default() += 1; }
                                count
                            };
                            @let common = variants.iter().max_by_key(|(_, n)| **n).map(|(k, _)| k.clone()).unwrap_or_default();
                            tr {
                                th scope="row" { (service_name(s.service)) }
                                @for m in &municipalities {
                                    @match s.select(Some(*m)) {
                                        rules::book::Selection::Rule(r) => {
                                            @let differs = variants.len() > 1 && format!("{:?}", r.when.node) != common;
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
fn summary(when: &rules::ast::Cond, lang: Lang) -> String {
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

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max - 1).collect::<String>() + "…" }
}

/// 12 345 with a narrow no-break space, as Finnish and Swedish write numbers.
fn thousands(x: f64) -> String {
    let n = x.round().abs() as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    if x.round() < 0.0 { format!("−{out}") } else { out }
}

fn signed(x: f64) -> String {
    if x.round() > 0.0 { format!("+{}", thousands(x)) } else { thousands(x) }
}
