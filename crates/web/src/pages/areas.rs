//! "My areas" (`/{lang}/my-areas?address=…`): the units that serve a resident's address by
//! catchment, with estimated travel times by walking, bike and car, and the nearest unit
//! across the municipal border. An address is located by its postal code; one without a
//! postal code of the county is answered beside the field, asking for it.

use super::view::{self, text};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::Acting;
use app::areas::Reach;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Lang;
use domain::reference::Reference;
use maud::{Markup, html};

/// The postal code in what a resident typed: the first run of exactly five digits
/// ("Mannerheiminkatu 1, 06100 Porvoo" → "06100").
pub fn postal_code_in(address: &str) -> Option<&str> {
    address.split(|c: char| !c.is_ascii_digit()).find(|run| run.len() == 5)
}

fn reach(ctx: &Ctx, snapshot: &app::catalog::Snapshot, r: &Reach) -> Markup {
    let reference = Reference::get();
    let unit = snapshot.catalog.units.get(&r.unit);
    let municipality =
        reference.municipality(&r.municipality).map(|m| m.name.show(ctx.lang).to_owned()).unwrap_or_default();
    html! {
        @if let Some(unit) = unit { a href=(ctx.href(&format!("/units/{}", unit.id))) { (text(ctx, &unit.name)) } }
        " (" (municipality) ") · "
        (ctx.ta("distance-km", &[("km", view::number(ctx.lang, r.metres / 1000.0, 1).into())]))
        " · "
        (ctx.ta("areas-minutes", &[
            ("walk", view::number(ctx.lang, r.minutes[0], 0).into()),
            ("bike", view::number(ctx.lang, r.minutes[1], 0).into()),
            ("car", view::number(ctx.lang, r.minutes[2], 0).into()),
        ]))
    }
}

pub async fn my_areas(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let params = match Params::parse(raw.as_deref()).and_then(|p| p.only(&["address"]).map(|()| p)) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let address = params.get("address").unwrap_or("").to_owned();
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: if address.is_empty() {
            "/my-areas".into()
        } else {
            format!("/my-areas?address={}", super::finder::encode(&address))
        },
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let found = (!address.is_empty()).then(|| match postal_code_in(&address) {
        Some(code) => state.polku.my_areas(code).map_err(|_| ()),
        None => Err(()),
    });
    let error = matches!(found, Some(Err(()))).then(|| ctx.ta("areas-error", &[("value", address.clone().into())]));
    let snapshot = state.polku.snapshot();
    let reference = Reference::get();
    let content = html! {
        p class="back" { a href=(ctx.href("/")) { (ctx.t("back-to-finder")) } }
        h1 { (ctx.t("areas-title")) }
        p class="lead" { (ctx.t("areas-lead")) }
        form method="get" action=(ctx.href("/my-areas")) class="search" {
            div class="field wide" {
                label for="address" { (ctx.t("areas-label")) }
                @if let Some(message) = &error { p id="address-error" class="field-error" { (message) } }
                input type="text" id="address" name="address" value=(address) autocomplete="street-address"
                    aria-invalid=[error.as_ref().map(|_| "true")]
                    aria-describedby=(if error.is_some() { "address-error address-hint" } else { "address-hint" });
                p id="address-hint" class="hint" { (ctx.t("areas-hint")) }
            }
            button type="submit" { (ctx.t("areas-submit")) }
        }
        @if let Some(Ok(areas)) = &found {
            section aria-labelledby="h-areas" {
                h2 id="h-areas" { (ctx.ta("areas-located", &[
                    ("postal", areas.postal_code.clone().into()),
                    ("municipality", reference.municipality(&areas.municipality).map(|m| m.name.show(lang).to_owned()).unwrap_or_default().into()),
                ])) }
                p class="meta" { (ctx.t("areas-estimate-note")) }
                @for c in &areas.catchments {
                    h3 { a href=(ctx.href(&format!("/services/{}?municipality={}", c.service, areas.municipality))) { (ctx.t(&format!("areas-kind-{}", c.kind))) } }
                    dl class="facts" {
                        dt { (ctx.t("areas-serving")) }
                        dd { @if let Some(r) = &c.serving { (reach(&ctx, &snapshot, r)) } @else { (ctx.t("areas-none")) } }
                        dt { (ctx.t("areas-across")) }
                        dd { @if let Some(r) = &c.across_border { (reach(&ctx, &snapshot, r)) } @else { (ctx.t("areas-none")) } }
                    }
                }
            }
        }
    };
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    respond(status, page(&ctx, &ctx.t("areas-title"), content))
}
