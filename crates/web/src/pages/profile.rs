//! A resident's accessibility profile (wheelchair, rollator, …), kept without an account in a
//! cookie, and what a unit's surveyed facts mean for it: the verdict and the shortcomings per
//! segment (`domain::accessibility::shortcomings`), "no information" never shown as
//! "no shortcomings", and PTV's own accessibility sentences shown as they are.

use super::Ctx;
use super::view::{self, text};
use crate::AppState;
use crate::params::Params;
use crate::session::{cookie, set_cookie};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Unit;
use domain::accessibility::{Assessment, Profile, Segment, Verdict, shortcomings};
use maud::{Markup, html};

pub const PROFILE_COOKIE: &str = "polku_profile";

/// The profile saved in this browser, if any.
pub fn saved(headers: &HeaderMap) -> Option<Profile> {
    cookie(headers, PROFILE_COOKIE).and_then(Profile::parse)
}

/// Where to go back to: a path of this site under the language (never another site).
fn back_path(back: Option<&str>) -> &str {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') && b.len() <= 500 => b,
        _ => "/",
    }
}

/// `GET /{lang}/profile?profile=wheelchair&back=/units/x`: saves the profile (empty: forgets
/// it) in a cookie for a year and goes back. A GET, like the language switch: a preference,
/// no data of anyone's, so it works from a plain link and a form without a session.
pub async fn set(State(state): State<AppState>, Path(lang): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let Some(lang) = domain::Lang::parse(&lang) else { return StatusCode::NOT_FOUND.into_response() };
    let params = match Params::parse(raw.as_deref()).and_then(|p| p.only(&["profile", "back"]).map(|()| p)) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let profile = match params.get("profile") {
        None => None,
        Some(code) => match Profile::parse(code) {
            Some(p) => Some(p),
            None => {
                let codes: Vec<&str> = Profile::ALL.iter().map(|p| p.code()).collect();
                return crate::ApiError::bad_parameter("profile", format!("must be one of {}", codes.join(", ")))
                    .into_response();
            }
        },
    };
    let secure = state.config.secure_cookies;
    let cookie = match profile {
        Some(p) => set_cookie(PROFILE_COOKIE, p.code(), 365 * 24 * 3600, secure),
        None => set_cookie(PROFILE_COOKIE, "", 0, secure),
    };
    let to = format!("/{}{}", lang.code(), back_path(params.get("back")));
    (StatusCode::SEE_OTHER, [(header::LOCATION, to), (header::SET_COOKIE, cookie)]).into_response()
}

pub fn profile_name(ctx: &Ctx, profile: Profile) -> String {
    ctx.t(&format!("profile-{}", profile.code()))
}

/// The form that picks the profile (works without JavaScript).
pub fn chooser(ctx: &Ctx, current: Option<Profile>, back: &str) -> Markup {
    html! {
        form method="get" action=(ctx.href("/profile")) class="profile" {
            input type="hidden" name="back" value=(back);
            div class="field" {
                label for="profile" { (ctx.t("profile-label")) }
                select id="profile" name="profile" aria-describedby="profile-note" {
                    option value="" { (ctx.t("profile-none")) }
                    @for p in Profile::ALL {
                        option value=(p.code()) selected[current == Some(p)] { (profile_name(ctx, p)) }
                    }
                }
            }
            button type="submit" { (ctx.t("profile-save")) }
            p id="profile-note" class="meta" { (ctx.t("profile-note")) }
        }
    }
}

/// The verdict in words, with the number of shortcomings.
pub fn verdict_text(ctx: &Ctx, a: &Assessment) -> String {
    match a.verdict() {
        Verdict::Shortcomings => ctx.ta("verdict-shortcomings", &[("count", a.shortcomings.len().into())]),
        v => ctx.t(&format!("verdict-{}", v.code())),
    }
}

/// A short label for lists: the profile and its verdict for this unit.
pub fn badge(ctx: &Ctx, unit: &Unit, profile: Profile) -> Markup {
    let a = shortcomings(&unit.accessibility_survey, profile);
    html! {
        span class=(format!("a11y-verdict {}", a.verdict().code())) {
            (profile_name(ctx, profile)) ": " (verdict_text(ctx, &a))
        }
    }
}

fn segment_name(ctx: &Ctx, segment: Segment) -> String {
    ctx.t(&format!("segment-{}", segment.code()))
}

/// The unit page's accessibility section.
pub fn section(ctx: &Ctx, unit: &Unit, profile: Option<Profile>, back: &str) -> Markup {
    let survey = &unit.accessibility_survey;
    html! {
        section aria-labelledby="h-accessibility" {
            h2 id="h-accessibility" { (ctx.t("unit-accessibility")) }
            (chooser(ctx, profile, back))
            @if let Some(p) = profile {
                @let a = shortcomings(survey, p);
                p class=(format!("a11y-verdict {}", a.verdict().code())) {
                    strong { (profile_name(ctx, p)) ": " } (verdict_text(ctx, &a))
                }
                @if !a.shortcomings.is_empty() {
                    @for segment in Segment::ALL {
                        @let here: Vec<_> = a.shortcomings.iter().filter(|s| s.segment == segment).collect();
                        @if !here.is_empty() {
                            h3 { (segment_name(ctx, segment)) }
                            ul { @for s in here { li { (text(ctx, &s.text)) } } }
                        }
                    }
                }
                @if !a.unknown.is_empty() && a.verdict() != Verdict::NoInformation {
                    @let segments: Vec<String> = Segment::ALL.iter().filter(|s| a.unknown.iter().any(|u| u.segment == **s)).map(|s| segment_name(ctx, *s)).collect();
                    p { (ctx.ta("a11y-unknown-segments", &[("segments", segments.join(", ").into())])) }
                }
            } @else if !survey.facts.is_empty() {
                table {
                    caption { (ctx.t("a11y-all-profiles")) }
                    thead { tr { th scope="col" { (ctx.t("a11y-profile")) } th scope="col" { (ctx.t("a11y-verdict")) } } }
                    tbody {
                        @for p in Profile::ALL {
                            @let a = shortcomings(survey, p);
                            tr { th scope="row" { (profile_name(ctx, p)) } td { (verdict_text(ctx, &a)) } }
                        }
                    }
                }
            }
            @if let Some(on) = survey.surveyed_on { p class="meta" { (ctx.ta("a11y-surveyed-on", &[("date", view::date(ctx, on).into())])) } }
            @if survey.facts.is_empty() && unit.accessibility.is_empty() { p { (ctx.t("unit-accessibility-unknown")) } }
            @if !unit.accessibility.is_empty() {
                h3 { (ctx.t("a11y-description")) }
                (view::paragraphs(ctx, &unit.accessibility))
            }
        }
    }
}
