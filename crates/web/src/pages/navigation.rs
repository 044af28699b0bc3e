//! The navigator's workspace for one client (assessments, segment and urgency, every
//! service's eligibility with its explanation, the ranked choices with their scores and a
//! form to re-weight them, the choice into a service plan), the assessment form (saved as
//! it is filled in; a question asked because of an earlier answer appears after saving,
//! so the form works without JavaScript), the printable plan, and the resident's own
//! general screen with its outcome.
//!
//! Everything is read and written through `app` (`Polku::navigate`, `save_assessment`,
//! `save_plan`), which logs every access to the client's data.

use super::clients::{Errors, app_error, client_id, done_notice, posted, see_other, service_name, words};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::{Acting, csrf_token};
use app::AppError;
use app::navigation::{
    Choice, Home, NavigateOptions, Navigation, PlanChoice, SaveAssessment, ServiceNavigation, TravelMode,
};
use app::permit::Action;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::Lang;
use maud::{Markup, html};
use navigation::questionnaire::{AnswerKind, Questionnaire};
use navigation::rank::{Accessibility, Criterion, Travel, Weights};
use rules::Status;
use serde_json::Value as Json;

fn candidate_name(state: &AppState, lang: Lang, id: &str) -> String {
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    catalog
        .units
        .get(id)
        .map(|u| u.name.show(lang).to_owned())
        .or_else(|| catalog.organizations.get(id).map(|o| o.name.show(lang).to_owned()))
        .unwrap_or_else(|| id.to_owned())
}

fn number(lang: Lang, x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if lang == Lang::En { s } else { s.replace('.', ",") }
}

/// Weights and mode from the page's query (the same names as the API's), or from the plan
/// form's fields (`weight.<name>`, `mode`).
fn options_from(params: &Params, prefix: &str) -> NavigateOptions {
    let mut w = Weights::default();
    for (name, slot) in [
        ("travel", &mut w.travel),
        ("waiting", &mut w.waiting),
        ("language", &mut w.language),
        ("accessibility", &mut w.accessibility),
        ("cost", &mut w.cost),
    ] {
        if let Some(x) = params.get(&format!("{prefix}{name}")).and_then(|v| v.replace(',', ".").parse::<f32>().ok()) {
            *slot = x.clamp(0.0, Weights::MAX);
        }
    }
    NavigateOptions { weights: w, mode: params.get("mode").and_then(TravelMode::parse) }
}

fn options(query: Option<&str>) -> NavigateOptions {
    options_from(&Params::parse(query).unwrap_or_default(), "")
}

fn travel_text(ctx: &Ctx, t: &Travel) -> String {
    match t {
        Travel::Minutes { minutes, estimate } => {
            let m = ctx.ta("nav-minutes", &[("minutes", number(ctx.lang, f64::from(*minutes), 0).into())]);
            if *estimate { format!("{m} ({})", ctx.t("nav-estimate")) } else { m }
        }
        Travel::Remote => ctx.t("nav-travel-remote"),
        Travel::AtHome => ctx.t("nav-travel-at-home"),
        Travel::Unknown => ctx.t("nav-travel-unknown"),
        Travel::Unreachable => ctx.t("nav-travel-unreachable"),
    }
}

fn waiting_text(ctx: &Ctx, c: &Choice) -> String {
    use navigation::waiting::Estimate;
    match c.waiting {
        Estimate::Days { days, .. } => ctx.ta("nav-days", &[("days", number(ctx.lang, f64::from(days), 0).into())]),
        Estimate::NoData => ctx.t("nav-waiting-no-data"),
        Estimate::TooFewFreeTimes { .. } => ctx.t("nav-waiting-few-times"),
        Estimate::NoTurnover { .. } => ctx.t("nav-waiting-no-turnover"),
    }
}

fn access_text(ctx: &Ctx, a: &Accessibility) -> String {
    match a {
        Accessibility::NotNeeded => "–".into(),
        Accessibility::Meets => ctx.t("nav-access-meets"),
        Accessibility::Shortcomings { count } => {
            ctx.ta("nav-access-shortcomings", &[("count", (*count as i64).into())])
        }
        Accessibility::NoInformation => ctx.t("nav-access-no-information"),
    }
}

fn status_text(ctx: &Ctx, s: Status) -> String {
    ctx.t(match s {
        Status::Eligible => "nav-status-eligible",
        Status::NotEligible => "nav-status-not-eligible",
        Status::CannotTell => "nav-status-cannot-tell",
        Status::NoRule => "nav-status-no-rule",
    })
}

fn explanation(e: &rules::eval::Explanation) -> Markup {
    html! {
        li {
            (e.text)
            @if !e.children.is_empty() { ul { @for c in &e.children { (explanation(c)) } } }
        }
    }
}

fn weights_form(ctx: &Ctx, base: &str, nav: &Navigation) -> Markup {
    let w = nav.weights;
    html! {
        form method="get" action=(ctx.href(base)) class="weights" {
            fieldset {
                legend { (ctx.t("nav-weights")) }
                p class="hint" { (ctx.t("nav-weights-hint")) }
                @for (name, value) in [("travel", w.travel), ("waiting", w.waiting), ("language", w.language), ("accessibility", w.accessibility), ("cost", w.cost)] {
                    label for=(format!("w-{name}")) { (ctx.t(&format!("nav-criterion-{name}"))) }
                    input type="number" id=(format!("w-{name}")) name=(name) min="0" max="10" step="1" value=(value);
                }
                label for="w-mode" { (ctx.t("nav-mode")) }
                select id="w-mode" name="mode" {
                    @for m in [TravelMode::Car, TravelMode::Walk, TravelMode::Bike, TravelMode::PublicTransport] {
                        option value=(m.as_str()) selected[nav.mode == m] { (ctx.t(&format!("nav-mode-{}", m.as_str()))) }
                    }
                }
            }
            button type="submit" { (ctx.t("nav-rerank")) }
        }
    }
}

/// The client's own share under the Client Fees Act, with its calculation.
fn client_fee(ctx: &Ctx, fee: &app::navigation::ClientFee) -> Markup {
    html! {
        div class="client-fee" {
            @match &fee.outcome {
                Some(o) => {
                    p {
                        strong { (ctx.t("nav-client-fee")) ": " }
                        (ctx.ta(match fee.per {
                            Some(rules::fees::Per::Day) => "nav-client-fee-per-day",
                            Some(rules::fees::Per::Visit) => "nav-client-fee-per-visit",
                            _ => "nav-client-fee-per-month",
                        }, &[("amount", number(ctx.lang, o.monthly_fee, 2).into())]))
                        @if !o.verified { " " small { (ctx.t("nav-client-fee-unverified")) } }
                    }
                    details {
                        summary { (ctx.t("nav-client-fee-how")) }
                        ol { @for line in &o.lines { li { (line.text) } } }
                        @if let Some(h) = fee.hours_assumed {
                            p class="hint" { (ctx.ta("nav-client-fee-hours", &[("hours", number(ctx.lang, h, 0).into())])) }
                        }
                        p class="hint" { (o.basis) }
                    }
                }
                None => {
                    p {
                        strong { (ctx.t("nav-client-fee")) ": " }
                        (ctx.t("nav-client-fee-missing")) " "
                        (fee.missing.iter().filter_map(|f| rules::facts::Fact::from_name(f)).map(|f| f.label(ctx.lang)).collect::<Vec<_>>().join(", "))
                    }
                }
            }
        }
    }
}

fn choices_table(ctx: &Ctx, state: &AppState, s: &ServiceNavigation, form: bool) -> Markup {
    let caption = ctx.ta("nav-choices-caption", &[("service", service_name(state, ctx.lang, &s.service).into())]);
    html! {
        @if s.none_within_reach {
            p class="notice" { (ctx.t("nav-none-within-reach")) }
        }
        @if let Some(fee) = &s.client_fee { (client_fee(ctx, fee)) }
        table class="choices" {
            caption { (caption) }
            thead { tr {
                @if form { th scope="col" { (ctx.t("nav-choose")) } }
                th scope="col" { (ctx.t("nav-rank")) }
                th scope="col" { (ctx.t("nav-producer")) }
                th scope="col" { (ctx.t("nav-criterion-travel")) }
                th scope="col" { (ctx.t("nav-criterion-waiting")) }
                th scope="col" { (ctx.t("nav-criterion-language")) }
                th scope="col" { (ctx.t("nav-criterion-accessibility")) }
                th scope="col" { (ctx.t("nav-criterion-cost")) }
                th scope="col" { (ctx.t("nav-score")) }
            } }
            tbody {
                @for c in &s.choices {
                    @let id = &c.ranked.candidate.id;
                    @let radio = format!("choose-{}-{}", s.service, id);
                    tr {
                        @if form {
                            td { input type="radio" id=(radio) name=(format!("choice.{}", s.service)) value=(id) checked[c.ranked.rank == 1]; }
                        }
                        td { (c.ranked.rank) }
                        td {
                            @if form { label for=(radio) { (candidate_name(state, ctx.lang, id)) } } @else { (candidate_name(state, ctx.lang, id)) }
                            br; small { (ctx.t(&format!("nav-kind-{}", serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()))) }
                            @if c.other_municipality { br; small { (ctx.t("nav-other-municipality")) } }
                            @if c.out_of_reach { br; small { (ctx.t("nav-out-of-reach")) } }
                        }
                        td { (travel_text(ctx, &c.ranked.candidate.travel)) }
                        td { (waiting_text(ctx, c)) }
                        td { (match c.ranked.candidate.serves_language { Some(true) => ctx.t("nav-yes"), Some(false) => ctx.t("nav-no"), None => ctx.t("nav-unknown") }) }
                        td { (access_text(ctx, &c.ranked.candidate.accessibility)) }
                        td { (c.ranked.candidate.own_share.map_or_else(|| "–".to_owned(), |e| format!("{} €", number(ctx.lang, f64::from(e), 2)))) }
                        td {
                            strong { (number(ctx.lang, f64::from(c.ranked.score), 0)) }
                            details {
                                summary { (ctx.t("nav-score-parts")) }
                                ul { @for p in &c.ranked.components {
                                    li { (ctx.t(&format!("nav-criterion-{}", criterion(p.criterion)))) ": " (number(ctx.lang, f64::from(p.points), 0)) " × " (number(ctx.lang, f64::from(p.weight), 0)) @if p.unknown { " (" (ctx.t("nav-unknown")) ")" } }
                                } }
                            }
                        }
                    }
                }
            }
        }
        @if !s.digital.is_empty() {
            p { (ctx.t("nav-digital")) " " (s.digital.iter().map(|c| candidate_channel(state, ctx.lang, c)).collect::<Vec<_>>().join(", ")) }
        }
    }
}

fn candidate_channel(state: &AppState, lang: Lang, id: &str) -> String {
    state.polku.snapshot().catalog.channels.get(id).map_or_else(|| id.to_owned(), |c| c.name.show(lang).to_owned())
}

fn criterion(c: Criterion) -> &'static str {
    match c {
        Criterion::Travel => "travel",
        Criterion::Waiting => "waiting",
        Criterion::Language => "language",
        Criterion::Accessibility => "accessibility",
        Criterion::Cost => "cost",
    }
}

/// The navigation's body, for the navigator (with the forms) or the resident (read only).
fn outcome(ctx: &Ctx, state: &AppState, nav: &Navigation, base: &str, staff: bool, csrf: &str) -> Markup {
    let lib = app::navigation::library();
    let today = state.polku.clock().today();
    let offered: Vec<&ServiceNavigation> = nav.services.iter().filter(|s| !s.choices.is_empty()).collect();
    html! {
        section aria-labelledby="segment-heading" {
            h2 id="segment-heading" { (ctx.t("nav-segment")) }
            @match &nav.segment {
                None => p { (ctx.t("nav-segment-none")) },
                Some(s) => {
                    p { strong { (s.segment.label(ctx.lang)) } }
                    p { (ctx.ta("nav-segment-reason", &[
                        ("coping", number(ctx.lang, s.coping_difficulty, 0).into()),
                        ("coping_at", number(ctx.lang, s.coping_weak_at, 0).into()),
                        ("need", number(ctx.lang, s.need, 0).into()),
                        ("need_at", number(ctx.lang, s.need_high_at, 0).into()),
                    ])) }
                    p { (ctx.t("nav-first-channel")) " " (ctx.t(&format!("nav-channel-{}", s.first_channel.as_str()))) }
                }
            }
            @if let Some(code) = &nav.urgency {
                p { (ctx.t("nav-urgency")) " "
                    strong { (lib.urgency.get(code, today).map_or(code.as_str(), |u| u.name.get(ctx.lang))) }
                    @if let Some(due) = nav.due { " · " (ctx.t("nav-due")) " " (super::clients::when(ctx, due)) }
                }
            }
            @for c in &nav.contradictions { p class="notice" role="status" { (c.message.get(ctx.lang)) } }
        }
        section aria-labelledby="home-heading" {
            h2 id="home-heading" { (ctx.t("nav-home")) }
            p { (match &nav.home {
                Home::PostalCode { code, .. } => ctx.ta("nav-home-postal", &[("code", code.clone().into())]),
                Home::Municipality { .. } => ctx.t("nav-home-municipality"),
                Home::Unknown => ctx.t("nav-home-unknown"),
            }) " " (if nav.routed { ctx.t("nav-routed") } else { ctx.t("nav-estimated") }) }
            @if staff { (weights_form(ctx, base, nav)) }
        }
        section aria-labelledby="services-heading" {
            h2 id="services-heading" { (ctx.t("nav-services")) }
            @for s in nav.services.iter().filter(|s| s.decision.status != Status::NoRule || s.suggested.is_some()) {
                section class="service-decision" {
                    h3 { (service_name(state, ctx.lang, &s.service)) ": " (status_text(ctx, s.decision.status)) }
                    @if let Some(reason) = &s.suggested { p { (ctx.t("nav-suggested")) " " (reason.get(ctx.lang)) } }
                    @if let Some(e) = &s.decision.explanation { details { summary { (ctx.t("nav-why")) } ul { (explanation(e)) } } }
                    @if !s.missing.is_empty() {
                        ul { @for m in &s.missing {
                            li { (ctx.ta("nav-missing", &[("fact", m.label.clone().into())]))
                                @for (q, _, text) in &m.settled_by { " " (ctx.t("nav-settled-by")) " «" (text) "» (" (q) ")" }
                            }
                        } }
                    }
                    @if !s.choices.is_empty() && !staff { (choices_table(ctx, state, s, false)) }
                }
            }
        }
        @if staff && !offered.is_empty() {
            section aria-labelledby="choose-heading" {
                h2 id="choose-heading" { (ctx.t("nav-choose-heading")) }
                form method="post" action=(ctx.href(&format!("{base}/plans"))) {
                    input type="hidden" name="csrf" value=(csrf);
                    @for (name, value) in [("travel", nav.weights.travel), ("waiting", nav.weights.waiting), ("language", nav.weights.language), ("accessibility", nav.weights.accessibility), ("cost", nav.weights.cost)] {
                        input type="hidden" name=(format!("weight.{name}")) value=(value);
                    }
                    input type="hidden" name="mode" value=(nav.mode.as_str());
                    @for s in &offered {
                        fieldset {
                            legend { (service_name(state, ctx.lang, &s.service)) }
                            label { input type="checkbox" name="include" value=(s.service) checked[s.decision.status == Status::Eligible]; " " (ctx.t("nav-include")) }
                            (choices_table(ctx, state, s, true))
                        }
                    }
                    button type="submit" { (ctx.t("nav-make-plan")) }
                }
            }
        }
    }
}

async fn workspace(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    query: Option<&str>,
) -> Response {
    let options = options(query);
    let nav = match state.polku.navigate(acting.user.as_ref(), &acting.meta, id, &options).await {
        Ok(nav) => nav,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let plans = state.polku.plans(acting.user.as_ref(), &acting.meta, id).await.unwrap_or_default();
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let base = format!("/clients/{id}/navigation");
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: base.clone(),
        user: acting.user.as_ref(),
        csrf: Some(&csrf),
    };
    let title = ctx.t("nav-title");
    let content = html! {
        p class="back" { a href=(ctx.href(&format!("/clients/{id}"))) { (ctx.t("nav-back")) } }
        h1 { (title) }
        (done_notice(&ctx, query, &["assessment", "plan"]))
        section aria-labelledby="assessments-heading" {
            h2 id="assessments-heading" { (ctx.t("nav-assessments")) }
            ul {
                @for a in &nav.assessments {
                    li {
                        (lib_title(lang, &a.assessment.questionnaire)) " · "
                        (if a.assessment.complete { ctx.t("nav-complete") } else { ctx.t("nav-draft") }) " · "
                        (super::clients::when(&ctx, a.assessment.updated_at))
                        @if !a.assessment.complete {
                            " · " a href=(ctx.href(&format!("/clients/{id}/assessments/{}?assessment={}", a.assessment.questionnaire, a.assessment.id))) { (ctx.t("nav-continue")) }
                        }
                    }
                }
            }
            p { (ctx.t("nav-start")) " "
                @for q in state.polku.questionnaires() {
                    a href=(ctx.href(&format!("/clients/{id}/assessments/{}", q.id))) { (q.title.get(lang)) } " "
                }
            }
        }
        (outcome(&ctx, state, &nav, &format!("/clients/{id}"), true, &csrf))
        @if !plans.is_empty() {
            section aria-labelledby="plans-heading" {
                h2 id="plans-heading" { (ctx.t("nav-plans")) }
                ul { @for p in &plans {
                    li { a href=(ctx.href(&format!("/clients/{id}/plans/{}", p.id))) { (ctx.t("nav-plan")) " " (super::clients::when(&ctx, p.updated_at)) } }
                } }
            }
        }
    };
    super::staff::with_cookie(respond(StatusCode::OK, page(&ctx, &title, content)), cookie)
}

fn lib_title(lang: Lang, id: &str) -> String {
    app::navigation::library()
        .questionnaires
        .iter()
        .find(|q| q.id == id)
        .map_or_else(|| id.to_owned(), |q| q.title.get(lang).to_owned())
}

pub async fn navigation(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match super::clients::gate(&state, &acting, &lang, Action::PlanServices) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    workspace(&state, &acting, &headers, lang, id, query.as_deref()).await
}

// ---------------------------------------------------------------- the assessment form

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    q: &Questionnaire,
    action: &str,
    assessment: Option<(&str, i64)>,
    answers: &navigation::Answers,
    errors: &Errors,
    status: StatusCode,
) -> Response {
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: action.to_owned(),
        user: acting.user.as_ref(),
        csrf: Some(&csrf),
    };
    let evaluation = q.evaluate(answers);
    let title = q.title.get(lang).to_owned();
    let error_of = |id: &str| errors.iter().find(|(f, _)| f == &format!("answers.{id}")).map(|(_, m)| m.clone());
    let content = html! {
        h1 { (title) }
        p { (q.intro.get(lang)) }
        @if !errors.is_empty() {
            div class="error-summary" role="alert" tabindex="-1" {
                h2 { (ctx.t("form-has-errors")) }
                ul { @for (field, m) in errors { li { a href=(format!("#q-{}", field.trim_start_matches("answers."))) { (m) } } } }
            }
        }
        @for c in &evaluation.contradictions { p class="notice" role="status" { (c.message.get(lang)) } }
        form method="post" action=(ctx.href(action)) class="assessment" {
            input type="hidden" name="csrf" value=(csrf);
            @if let Some((id, revision)) = assessment {
                input type="hidden" name="assessment" value=(id);
                input type="hidden" name="revision" value=(revision);
            }
            @for question in q.questions.iter().filter(|x| evaluation.asked.contains(&x.id)) {
                @let qid = format!("q-{}", question.id);
                @let answer = answers.get(&question.id);
                @let error = error_of(&question.id);
                @match question.kind {
                    AnswerKind::Number => {
                        div class="field" {
                            label for=(qid) { (question.text.get(lang)) @if let Some(u) = &question.unit { " (" (u.get(lang)) ")" } }
                            @if let Some(h) = &question.help { p class="hint" { (h.get(lang)) } }
                            @if let Some(e) = &error { p class="error" id=(format!("{qid}-error")) { (e) } }
                            input type="text" inputmode="decimal" id=(qid) name=(format!("answer.{}", question.id))
                                value=(answer.map(|a| a.to_string()).unwrap_or_default())
                                aria-invalid=[error.as_ref().map(|_| "true")];
                        }
                    }
                    _ => {
                        fieldset id=(qid) {
                            legend { (question.text.get(lang)) }
                            @if let Some(h) = &question.help { p class="hint" { (h.get(lang)) } }
                            @if let Some(e) = &error { p class="error" { (e) } }
                            @for (value, label) in options_of(question, lang) {
                                @let oid = format!("{qid}-{value}");
                                div class="option" {
                                    input type="radio" id=(oid) name=(format!("answer.{}", question.id)) value=(value)
                                        checked[answer.and_then(Json::as_str) == Some(value.as_str())];
                                    label for=(oid) { (label) }
                                }
                            }
                        }
                    }
                }
            }
            p class="hint" { (ctx.t("nav-form-hint")) }
            button type="submit" name="finish" value="no" { (ctx.t("nav-save")) }
            " "
            button type="submit" name="finish" value="yes" { (ctx.t("nav-save-finish")) }
        }
        p class="hint" { (ctx.t("nav-source")) " " (q.source) }
    };
    super::staff::with_cookie(respond(status, page(&ctx, &title, content)), cookie)
}

fn options_of(q: &navigation::questionnaire::Question, lang: Lang) -> Vec<(String, String)> {
    match q.kind {
        AnswerKind::Choice => q.options.iter().map(|o| (o.value.clone(), o.label.get(lang).to_owned())).collect(),
        _ => {
            ["yes", "no"].iter().map(|v| ((*v).to_owned(), q.answer_label(&Json::String((*v).into()), lang))).collect()
        }
    }
}

/// Who fills in the form: a navigator for a client, or a resident for themselves.
enum Filler {
    Staff,
    Resident,
}

#[allow(clippy::too_many_arguments)]
async fn assessment_get(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    client: &str,
    questionnaire: &str,
    query: Option<&str>,
    filler: Filler,
) -> Response {
    let Some(q) = state.polku.questionnaires().into_iter().find(|q| q.id == questionnaire) else {
        return not_found_page(state, lang, acting.user.as_ref());
    };
    let wanted = Params::parse(query).ok().and_then(|p| p.get("assessment").map(str::to_owned));
    let (existing, answers) = match &wanted {
        None => (None, navigation::Answers::new()),
        Some(aid) => match state.polku.assessments(acting.user.as_ref(), &acting.meta, client).await {
            Ok((list, _)) => match list.into_iter().find(|a| &a.id == aid) {
                Some(a) => {
                    let answers = a.answers();
                    (Some((a.id, a.revision)), answers)
                }
                None => return not_found_page(state, lang, acting.user.as_ref()),
            },
            Err(e) => return app_error(state, acting, lang, e),
        },
    };
    let action = match filler {
        Filler::Staff => format!("/clients/{client}/assessments/{questionnaire}"),
        Filler::Resident => "/me/assessment".to_owned(),
    };
    let existing = existing.as_ref().map(|(id, r)| (id.as_str(), *r));
    form_page(state, acting, headers, lang, q, &action, existing, &answers, &Errors::new(), StatusCode::OK)
}

/// Reads the posted answers: `answer.<question>` values, numbers as numbers.
fn answers_of(q: &Questionnaire, form: &Params) -> serde_json::Map<String, Json> {
    let mut out = serde_json::Map::new();
    for question in &q.questions {
        if let Some(raw) = form.get(&format!("answer.{}", question.id)).map(str::trim).filter(|v| !v.is_empty()) {
            let value = match question.kind {
                AnswerKind::Number => raw.replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite()).map_or_else(
                    || Json::String(raw.to_owned()),
                    |x| if x.fract() == 0.0 && x.abs() < 1e15 { Json::from(x as i64) } else { Json::from(x) },
                ),
                _ => Json::String(raw.to_owned()),
            };
            out.insert(question.id.clone(), value);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
async fn assessment_post(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    form: Params,
    client: &str,
    questionnaire: &str,
    filler: Filler,
) -> Response {
    let Some(q) = state.polku.questionnaires().into_iter().find(|q| q.id == questionnaire) else {
        return not_found_page(state, lang, acting.user.as_ref());
    };
    let answers = answers_of(q, &form);
    let finish = form.get("finish") == Some("yes");
    let id = form.get("assessment").map(str::to_owned);
    let revision = form.get("revision").and_then(|r| r.parse().ok());
    let save = SaveAssessment {
        id: id.clone(),
        questionnaire: q.id.clone(),
        answers: answers.clone(),
        complete: finish,
        revision,
    };
    let (action, done) = match filler {
        Filler::Staff => (
            format!("/clients/{client}/assessments/{questionnaire}"),
            format!("/clients/{client}/navigation?done=assessment"),
        ),
        Filler::Resident => ("/me/assessment".to_owned(), "/me/navigation?done=assessment".to_owned()),
    };
    match state.polku.save_assessment(acting.user.as_ref(), &acting.meta, client, save).await {
        Ok(out) if out.assessment.complete => see_other(lang, &done),
        Ok(out) => see_other(lang, &format!("{action}?assessment={}", out.assessment.id)),
        Err(AppError::Invalid(problems)) => {
            let ctx = words(state, lang);
            let errors: Errors = problems
                .iter()
                .map(|p| {
                    let text = if p.problem == "not answered yet" {
                        ctx.t("nav-error-unanswered")
                    } else {
                        ctx.t("nav-error-answer")
                    };
                    (p.field.clone(), html! { (text) })
                })
                .collect();
            let all: navigation::Answers = answers.into_iter().collect();
            let existing = id.as_deref().zip(revision);
            form_page(
                state,
                acting,
                headers,
                lang,
                q,
                &action,
                existing,
                &all,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(AppError::Stale { .. }) => {
            let ctx = words(state, lang);
            let errors: Errors = vec![("stale".into(), html! { (ctx.t("nav-error-stale")) })];
            let all: navigation::Answers = answers.into_iter().collect();
            form_page(state, acting, headers, lang, q, &action, None, &all, &errors, StatusCode::CONFLICT)
        }
        Err(e) => app_error(state, acting, lang, e),
    }
}

pub async fn assessment_form(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id, questionnaire)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match super::clients::gate(&state, &acting, &lang, Action::Assess) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    assessment_get(&state, &acting, &headers, lang, id, &questionnaire, query.as_deref(), Filler::Staff).await
}

pub async fn assessment_save(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id, questionnaire)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::Assess) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    assessment_post(&state, &acting, &headers, lang, form, id, &questionnaire, Filler::Staff).await
}

// ---------------------------------------------------------------- plans

pub async fn make_plan(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::PlanServices) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let options = options_from(&form, "weight.");
    let choices: Vec<(String, String)> = form
        .all("include")
        .filter_map(|service| form.get(&format!("choice.{service}")).map(|c| (service.to_owned(), c.to_owned())))
        .collect();
    let choice = PlanChoice { plan: None, revision: None, choices, weights: options.weights, mode: options.mode };
    match state.polku.save_plan(acting.user.as_ref(), &acting.meta, id, choice).await {
        Ok(plan) => see_other(lang, &format!("/clients/{id}/plans/{}", plan.id)),
        Err(e @ AppError::Invalid(_)) => {
            let ctx = words(&state, lang);
            let content = html! { h1 { (ctx.t("nav-plan-refused")) } p { (e.to_string()) } p { a href=(ctx.href(&format!("/clients/{id}/navigation"))) { (ctx.t("nav-back-workspace")) } } };
            respond(StatusCode::UNPROCESSABLE_ENTITY, page(&ctx, &ctx.t("nav-plan-refused"), content))
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

pub async fn plan_page(
    State(state): State<AppState>,
    acting: Acting,
    Path((lang, id, plan)): Path<(String, String, String)>,
) -> Response {
    let lang = match super::clients::gate(&state, &acting, &lang, Action::ReadClient) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let plans = match state.polku.plans(acting.user.as_ref(), &acting.meta, id).await {
        Ok(p) => p,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let Some(p) = plans.into_iter().find(|p| p.id == plan) else {
        return not_found_page(&state, lang, acting.user.as_ref());
    };
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: format!("/clients/{id}/plans/{plan}"),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let title = ctx.t("nav-plan-title");
    let lib = app::navigation::library();
    let today = state.polku.clock().today();
    let content = html! {
        p class="back no-print" { a href=(ctx.href(&format!("/clients/{id}/navigation"))) { (ctx.t("nav-back-workspace")) } }
        h1 { (title) }
        p { (ctx.t("nav-plan-draft")) " · " (super::clients::when(&ctx, p.updated_at)) " · " (ctx.t("nav-plan-id")) " " code { (p.id) } }
        @if let Some(s) = &p.body.segment { p { (ctx.t("nav-segment")) ": " (segment_label(lang, s)) } }
        @if let Some(u) = &p.body.urgency { p { (ctx.t("nav-urgency")) " " (lib.urgency.get(u, today).map_or(u.as_str(), |x| x.name.get(lang))) } }
        table {
            caption { (ctx.t("nav-plan-items")) }
            thead { tr { th scope="col" { (ctx.t("nav-service")) } th scope="col" { (ctx.t("nav-chosen")) } th scope="col" { (ctx.t("nav-rank")) } th scope="col" { (ctx.t("nav-alternatives")) } } }
            tbody { @for item in &p.body.items {
                tr {
                    td { (service_name(&state, lang, &item.service)) }
                    td { (candidate_name(&state, lang, &item.chosen)) }
                    td { (item.chosen_rank) " / " (item.offered.len()) }
                    td { (item.offered.iter().filter(|o| o.id != item.chosen).map(|o| candidate_name(&state, lang, &o.id)).collect::<Vec<_>>().join(", ")) }
                }
            } }
        }
        h2 { (ctx.t("nav-next-steps")) }
        ul { @for step in &p.body.next_steps {
            li { (ctx.ta("nav-step-referral", &[("service", service_name(&state, lang, &step.service).into()), ("organization", candidate_name(&state, lang, &step.to_organization).into())]))
                 @if let Some(due) = step.due { " · " (ctx.t("nav-due")) " " (super::clients::when(&ctx, due)) } }
        } }
        p class="no-print" { (ctx.t("nav-print-hint")) }
    };
    respond(StatusCode::OK, page(&ctx, &title, content))
}

fn segment_label(lang: Lang, s: &str) -> String {
    navigation::Segment::ALL
        .into_iter()
        .find(|x| x.as_str() == s)
        .map_or_else(|| s.to_owned(), |x| x.label(lang).to_owned())
}

// ---------------------------------------------------------------- the resident's own screen

fn own(acting: &Acting) -> Option<String> {
    acting.user.as_ref().and_then(|u| u.client.clone())
}

pub async fn resident_form(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match super::clients::gate(&state, &acting, &lang, Action::Assess) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(me) = own(&acting) else { return see_other(lang, "/me") };
    assessment_get(&state, &acting, &headers, lang, &me, "general-adult", query.as_deref(), Filler::Resident).await
}

pub async fn resident_save(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::Assess) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(me) = own(&acting) else { return see_other(lang, "/me") };
    assessment_post(&state, &acting, &headers, lang, form, &me, "general-adult", Filler::Resident).await
}

pub async fn resident_outcome(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match super::clients::gate(&state, &acting, &lang, Action::Assess) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(me) = own(&acting) else { return see_other(lang, "/me") };
    let nav = match state.polku.navigate(acting.user.as_ref(), &acting.meta, &me, &NavigateOptions::default()).await {
        Ok(nav) => nav,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let (csrf, cookie) = csrf_token(&headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/me/navigation".into(),
        user: acting.user.as_ref(),
        csrf: Some(&csrf),
    };
    let title = ctx.t("nav-resident-title");
    let content = html! {
        p class="back" { a href=(ctx.href("/me")) { (ctx.t("nav-back-me")) } }
        h1 { (title) }
        (done_notice(&ctx, query.as_deref(), &["assessment"]))
        p { a href=(ctx.href("/me/assessment")) { (ctx.t("nav-resident-start")) } }
        (outcome(&ctx, &state, &nav, "/me", false, &csrf))
    };
    super::staff::with_cookie(respond(StatusCode::OK, page(&ctx, &title, content)), cookie)
}
