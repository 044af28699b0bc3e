//! The planner page: start a service network plan (p-median, coverage, set
//! cover, p-center) as a job, follow it, cancel it, and see the plan: the
//! chosen sites on the SVG map (cells coloured by minutes to their site,
//! nearer and farther cells marked), indicators per municipality before and
//! after, the sites with their loads, exports (CSV, GeoJSON), and two plans
//! side by side. No JavaScript: forms post and pages reload.

use access::analysis::Indicators;
use app::accessibility::{AccessOutcome, ScenarioOut, SiteOut};
use app::planning::{JobState, PlanOutcome};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::reference::Reference;
use domain::text::Lang;
use maud::{Markup, html};

use super::view::{int, number};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::Acting;

const PROBLEMS: [&str; 4] = ["p-median", "coverage", "set-cover", "p-center"];

fn ctx<'a>(state: &'a AppState, acting: &'a Acting, lang: Lang, rest: String) -> Ctx<'a> {
    super::referrals::ctx(state, acting, lang, rest, None)
}

fn municipality_name(lang: Lang) -> impl Fn(&str) -> String {
    move |code: &str| Reference::get().municipality(code).map_or(code.to_owned(), |m| m.name.show(lang).to_owned())
}

/// The services with units, by name.
fn services(state: &AppState, lang: Lang) -> Vec<(String, String)> {
    let snapshot = state.polku.snapshot();
    let mut v: Vec<(String, String)> = snapshot
        .catalog
        .services
        .values()
        .filter(|s| !snapshot.catalog.units_of(s).is_empty())
        .map(|s| (s.id.to_string(), s.name.show(lang).to_owned()))
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

/// `GET /{lang}/planning/plans`: the form and the jobs.
pub async fn plans_page(State(state): State<AppState>, acting: Acting, Path(lang): Path<String>) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    if let Some(refused) = super::refused(&state, &acting, lang, app::permit::Action::ViewPlanning) {
        return refused;
    }
    let ctx = ctx(&state, &acting, lang, "/planning/plans".into());
    let content = html! {
        h1 { (ctx.t("plans-title")) }
        p class="lead" { (ctx.t("plans-lead")) }
        (form(&ctx, &state, None))
        (jobs(&ctx, &state, None))
    };
    respond(StatusCode::OK, page(&ctx, &ctx.t("plans-title"), content))
}

fn form(ctx: &Ctx, state: &AppState, error: Option<&str>) -> Markup {
    html! {
        @if let Some(e) = error { p class="error" role="alert" { (e) } }
        form method="post" action=(ctx.href("/planning/plans")) class="plan-form" {
            input type="hidden" name="csrf" value=(ctx.csrf.unwrap_or_default());
            p { label for="service" { (ctx.t("access-service")) }
                select id="service" name="service" {
                    @for (id, name) in services(state, ctx.lang) {
                        option value=(id) selected[id == "svc-doctor-appointment"] { (name) }
                    }
                } }
            fieldset { legend { (ctx.t("plans-problem")) }
                @for (i, p) in PROBLEMS.iter().enumerate() {
                    label { input type="radio" name="problem" value=(p) checked[i == 0]; " " (ctx.t(&format!("plans-problem-{p}"))) }
                }
            }
            p { label for="p" { (ctx.t("plans-p")) } input id="p" name="p" type="number" min="1" max="500" value="5"; }
            p { label for="minutes" { (ctx.t("plans-minutes")) } input id="minutes" name="minutes" type="number" min="1" max="180" step="any" value="15"; }
            p { label for="generate" { (ctx.t("plans-generate")) } input id="generate" name="generate" type="number" min="0" max="1000" value="100"; }
            p { label for="mode" { (ctx.t("access-mode")) }
                select id="mode" name="mode" {
                    @for m in ["car", "walk", "bike", "public_transport"] { option value=(m) { (ctx.t(&format!("access-mode-{m}"))) } }
                } }
            p { label for="age" { (ctx.t("access-age")) }
                select id="age" name="age" {
                    @for (v, label) in [("all", ctx.t("access-age-all")), ("75+", "75+".to_owned()), ("65+", "65+".to_owned()), ("0-6", "0–6".to_owned())] {
                        option value=(v) { (label) }
                    }
                } }
            p { label for="solver" { (ctx.t("plans-solver")) }
                select id="solver" name="solver" {
                    @for s in ["auto", "exact", "heuristic"] { option value=(s) { (ctx.t(&format!("plans-solver-{s}"))) } }
                } }
            p { button type="submit" { (ctx.t("plans-start")) } }
        }
    }
}

fn status_text(ctx: &Ctx, s: &JobState) -> String {
    match s {
        JobState::Running { phase, done } => {
            ctx.ta("plans-running", &[("phase", phase.clone().into()), ("percent", ((done * 100.0).round()).into())])
        }
        JobState::Done { outcome } => ctx.ta("plans-done", &[("sites", (outcome.open.len() as f64).into())]),
        JobState::Failed { message, .. } => format!("{}: {message}", ctx.t("plans-failed")),
        JobState::Cancelled => ctx.t("plans-cancelled"),
    }
}

fn jobs(ctx: &Ctx, state: &AppState, current: Option<&str>) -> Markup {
    let list = state.polku.plan_jobs().list();
    let done: Vec<_> = list.iter().filter(|j| matches!(j.state(), JobState::Done { .. })).collect();
    html! {
        section aria-labelledby="h-jobs" {
            h2 id="h-jobs" { (ctx.t("plans-jobs")) }
            @if list.is_empty() { p { (ctx.t("plans-none")) } }
            @else {
                ul { @for j in &list {
                    li { a href=(ctx.href(&format!("/planning/plans/{}", j.id))) { (j.id) } " – " (status_text(ctx, &j.state())) }
                } }
            }
            @if let (Some(cur), true) = (current, done.len() >= 2) {
                form method="get" action=(ctx.href(&format!("/planning/plans/{cur}"))) {
                    p { label for="compare" { (ctx.t("plans-compare-with")) }
                        select id="compare" name="compare" {
                            @for j in done.iter().filter(|j| j.id != cur) { option value=(j.id) { (j.id) } }
                        }
                        " " button type="submit" { (ctx.t("plans-compare")) } }
                }
            }
        }
    }
}

fn field(form: &Params, key: &str) -> Option<String> {
    form.get(key).map(str::to_owned).filter(|v| !v.is_empty())
}

/// `POST /{lang}/planning/plans`: starts a job and shows it.
pub async fn start_plan(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let (lang, posted, _) = match super::staff::posted(&state, &acting, &headers, &lang, &body) {
        Ok(x) => x,
        Err(response) => return response,
    };
    if let Some(refused) = super::refused(&state, &acting, lang, app::permit::Action::ViewPlanning) {
        return refused;
    }
    let problem = field(&posted, "problem").unwrap_or_default();
    let uses_p = problem != "set-cover";
    let uses_minutes = problem == "coverage" || problem == "set-cover";
    let number = |k: &str| field(&posted, k).map(|v| v.replace(',', "."));
    let body = crate::api::plans::PlanBody {
        service: field(&posted, "service").unwrap_or_default(),
        problem,
        p: if uses_p { number("p").and_then(|v| v.parse().ok()) } else { None },
        minutes: if uses_minutes { number("minutes").and_then(|v| v.parse().ok()) } else { None },
        generate: number("generate").and_then(|v| v.parse().ok()),
        mode: field(&posted, "mode"),
        age: field(&posted, "age"),
        solver: field(&posted, "solver"),
        ..Default::default()
    };
    let started = crate::api::plans::request(body).and_then(|req| state.polku.start_plan(req));
    match started {
        Ok(id) => Redirect::to(&format!("/{}/planning/plans/{id}", lang.code())).into_response(),
        Err(e) => {
            let message = match &e {
                app::AppError::Invalid(p) | app::AppError::Conflict(p) => {
                    p.iter().map(|p| format!("{}: {}", p.field, p.problem)).collect::<Vec<_>>().join("; ")
                }
                other => other.to_string(),
            };
            let ctx = ctx(&state, &acting, lang, "/planning/plans".into());
            let content = html! {
                h1 { (ctx.t("plans-title")) }
                (form(&ctx, &state, Some(&message)))
                (jobs(&ctx, &state, None))
            };
            respond(StatusCode::UNPROCESSABLE_ENTITY, page(&ctx, &ctx.t("plans-title"), content))
        }
    }
}

/// `POST /{lang}/planning/plans/{id}/cancel`.
pub async fn cancel_plan(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, _, _) = match super::staff::posted(&state, &acting, &headers, &lang, &body) {
        Ok(x) => x,
        Err(response) => return response,
    };
    if let Some(refused) = super::refused(&state, &acting, lang, app::permit::Action::ViewPlanning) {
        return refused;
    }
    match state.polku.plan_jobs().get(&id) {
        Some(job) => {
            job.cancel();
            Redirect::to(&format!("/{}/planning/plans/{id}", lang.code())).into_response()
        }
        None => not_found_page(&state, lang, acting.user.as_ref()),
    }
}

/// The plan as an accessibility outcome: today's units before, the plan's sites after.
fn as_access(o: &PlanOutcome) -> AccessOutcome {
    let now: Vec<SiteOut> = o
        .candidates
        .iter()
        .filter(|c| c.existing)
        .map(|c| SiteOut { id: c.id.clone(), x: c.x, y: c.y, offers: true })
        .collect();
    let after: Vec<SiteOut> = o
        .open
        .iter()
        .map(|j| {
            let c = &o.candidates[*j];
            SiteOut { id: c.id.clone(), x: c.x, y: c.y, offers: true }
        })
        .collect();
    let finite = |t: f32| t.is_finite().then_some(t);
    let changed = access::analysis::changed_cells(&o.before, &o.after)
        .into_iter()
        .map(|(i, b, a)| (i, finite(b), finite(a)))
        .collect();
    AccessOutcome {
        report: o.before.clone(),
        digital: Vec::new(),
        sites: now,
        scenario: Some(ScenarioOut {
            report: o.after.clone(),
            changed,
            gained_residents: 0.0,
            lost_residents: 0.0,
            elapsed_ms: 0.0,
            sites: after,
        }),
    }
}

/// `GET /{lang}/planning/plans/{id}`: a job's progress, or its plan (`?compare=` another beside it).
pub async fn plan_page(
    State(state): State<AppState>,
    acting: Acting,
    Path((lang, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    if let Some(refused) = super::refused(&state, &acting, lang, app::permit::Action::ViewPlanning) {
        return refused;
    }
    let Some(job) = state.polku.plan_jobs().get(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let params = Params::parse(query.as_deref()).unwrap_or_default();
    let other = params.get("compare").and_then(|c| state.polku.plan_jobs().get(c));
    let ctx = ctx(&state, &acting, lang, format!("/planning/plans/{id}"));
    let snapshot = state.polku.snapshot();
    let unit_name = |id: &str| {
        snapshot.catalog.units.get(id).map_or_else(|| ctx.t("access-new-unit"), |u| u.name.show(lang).to_owned())
    };
    let mname = municipality_name(lang);
    let state_now = job.state();
    let content = html! {
        h1 { (ctx.t("plans-title")) ": " (id) }
        p role="status" { (status_text(&ctx, &state_now)) }
        @match &state_now {
            JobState::Running { .. } => {
                p { a href=(ctx.href(&format!("/planning/plans/{id}"))) { (ctx.t("plans-refresh")) } }
                form method="post" action=(ctx.href(&format!("/planning/plans/{id}/cancel"))) {
                    input type="hidden" name="csrf" value=(ctx.csrf.unwrap_or_default());
                    button type="submit" { (ctx.t("plans-cancel")) }
                }
            }
            JobState::Done { outcome } => {
                (summary(&ctx, outcome))
                @if let Some(JobState::Done { outcome: b }) = other.as_ref().map(|o| o.state()) {
                    (compare(&ctx, outcome, &b, &id, other.as_ref().map_or("", |o| o.id.as_str()), &mname))
                }
                (super::access::map(&ctx, &as_access(outcome), &unit_name))
                section aria-labelledby="h-indicators" {
                    h2 id="h-indicators" { (ctx.t("plans-before-after")) }
                    @let rows: Vec<(&Indicators, Option<&Indicators>)> = std::iter::once((&outcome.before.county, Some(&outcome.after.county)))
                        .chain(outcome.before.municipalities.iter().map(|m| (m, outcome.after.municipalities.iter().find(|x| x.area == m.area))))
                        .collect();
                    (super::access::table(&ctx, &ctx.t("plans-before-after"), &rows, &mname))
                }
                (sites(&ctx, outcome, &unit_name))
                p class="meta" { (ctx.t("plans-exports")) " "
                    a href=(format!("/api/v1/plans/{id}?format=csv")) { "CSV" } ", "
                    a href=(format!("/api/v1/plans/{id}?format=geojson")) { "GeoJSON" } ", "
                    a href=(format!("/api/v1/plans/{id}")) { "JSON" } }
            }
            _ => { p { a href=(ctx.href("/planning/plans")) { (ctx.t("plans-new")) } } }
        }
        (jobs(&ctx, &state, Some(&id)))
    };
    respond(StatusCode::OK, page(&ctx, &ctx.t("plans-title"), content))
}

fn value_text(ctx: &Ctx, o: &PlanOutcome) -> String {
    let lang = ctx.lang;
    let v = o.plan.value;
    match o.plan.objective {
        plan::Objective::PMedian { .. } => ctx
            .ta("plans-value-median", &[("minutes", number(lang, v / o.after.county.population.max(1e-9), 1).into())]),
        plan::Objective::Coverage { minutes, .. } => {
            ctx.ta("plans-value-coverage", &[("residents", int(lang, v).into()), ("minutes", minutes.into())])
        }
        plan::Objective::SetCover { .. } => ctx.ta("plans-value-cover", &[("sites", v.into())]),
        plan::Objective::PCenter { .. } => ctx.ta("plans-value-center", &[("minutes", number(lang, v, 1).into())]),
    }
}

fn summary(ctx: &Ctx, o: &PlanOutcome) -> Markup {
    let lang = ctx.lang;
    let kept = o.open.iter().filter(|j| o.candidates[**j].existing).count();
    html! {
        @if matches!(o.routing, access::analysis::Method::Estimate) {
            p class="notice" { strong { (ctx.t("access-estimate")) } " " (ctx.t("access-estimate-why")) }
        }
        p { (ctx.t(&format!("plans-problem-{}", o.plan.objective.name()))) ": " (value_text(ctx, o)) }
        p { (ctx.ta("plans-sites-summary", &[("open", (o.open.len() as f64).into()), ("kept", (kept as f64).into()), ("candidates", (o.candidates.len() as f64).into())])) }
        p class="meta" { (ctx.ta("plans-solved", &[
            ("method", ctx.t(&format!("plans-method-{}", if matches!(o.plan.method, plan::Method::Exact) { "exact" } else { "heuristic" })).into()),
            ("gap", o.gap.map_or("–".to_owned(), |g| format!("{} %", number(lang, g * 100.0, 2))).into()),
            ("seconds", number(lang, o.solve_seconds, 2).into()),
        ])) }
    }
}

fn sites(ctx: &Ctx, o: &PlanOutcome, unit_name: &dyn Fn(&str) -> String) -> Markup {
    let lang = ctx.lang;
    html! {
        section aria-labelledby="h-sites" {
            h2 id="h-sites" { (ctx.t("plans-sites")) }
            div class="table-scroll" tabindex="0" role="region" aria-label=(ctx.t("plans-sites")) {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("plans-site")) }
                        th scope="col" { (ctx.t("planning-municipality")) }
                        th scope="col" class="num" { (ctx.t("plans-assigned")) }
                    } }
                    tbody { @for l in &o.loads {
                        @let c = &o.candidates[l.candidate];
                        tr {
                            th scope="row" { @if c.existing { (unit_name(&c.id)) } @else { (ctx.t("access-new-unit")) " (" (c.id) ")" } }
                            td { (domain::geo::municipality_at_tm35fin(c.y, c.x).and_then(|m| Reference::get().municipality(m)).map(|m| m.name.show(lang).to_owned()).unwrap_or_default()) }
                            td class="num" { (int(lang, l.residents)) }
                        }
                    } }
                }
            }
        }
    }
}

fn compare(
    ctx: &Ctx,
    a: &PlanOutcome,
    b: &PlanOutcome,
    a_id: &str,
    b_id: &str,
    mname: &dyn Fn(&str) -> String,
) -> Markup {
    let lang = ctx.lang;
    let mean = |i: Option<&Indicators>| i.and_then(|i| i.mean).map_or("–".to_owned(), |m| number(lang, m, 1));
    html! {
        section aria-labelledby="h-compare" {
            h2 id="h-compare" { (ctx.t("plans-compare")) }
            div class="table-scroll" tabindex="0" role="region" aria-label=(ctx.t("plans-compare")) {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("planning-municipality")) }
                        th scope="col" class="num" { (ctx.t("access-before")) }
                        th scope="col" class="num" { (a_id) }
                        th scope="col" class="num" { (b_id) }
                    } }
                    tbody {
                        tr { th scope="row" { (ctx.t("plans-value")) } td {} td class="num" { (value_text(ctx, a)) } td class="num" { (value_text(ctx, b)) } }
                        tr { th scope="row" { (ctx.t("plans-sites")) } td {} td class="num" { (a.open.len()) } td class="num" { (b.open.len()) } }
                        @for m in std::iter::once(&a.before.county).chain(&a.before.municipalities) {
                            @let find = |o: &PlanOutcome| -> Option<Indicators> { std::iter::once(&o.after.county).chain(&o.after.municipalities).find(|x| x.area == m.area).cloned() };
                            tr {
                                th scope="row" { @if m.area == "county" { (ctx.t("access-county")) } @else { (mname(&m.area)) } }
                                td class="num" { (mean(Some(m))) }
                                td class="num" { (mean(find(a).as_ref())) }
                                td class="num" { (mean(find(b).as_ref())) }
                            }
                        }
                    }
                }
            }
            p class="meta" { (ctx.t("plans-compare-means")) }
        }
    }
}
