//! Client fees: what a service will cost the client, with the calculation
//! explained line by line (fee files in `data/rules/fees/`, engine in `rules::fees`).
//!
//! The navigation shows a client's own share with [`Polku::fee`]: a pure
//! computation over the shipped fee files, no client data read or stored.

use std::sync::OnceLock;

use chrono::NaiveDate;
use domain::text::Lang;
use rules::fees::{FeeBook, FeeError, FeeInput, FeeLine};
use serde::{Deserialize, Serialize};

use crate::catalog::Polku;
use crate::error::AppError;

/// The shipped fee files.
pub const DEMO_FEES: [(&str, &str); 3] = [
    ("fees/home-care.fees", include_str!("../../../data/rules/fees/home-care.fees")),
    ("fees/community-housing.fees", include_str!("../../../data/rules/fees/community-housing.fees")),
    ("fees/short-term-care.fees", include_str!("../../../data/rules/fees/short-term-care.fees")),
];

/// The shipped fee files, read and checked once.
pub fn fee_book() -> &'static FeeBook {
    static BOOK: OnceLock<FeeBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let (book, diags) = FeeBook::parse(DEMO_FEES.iter().map(|(n, s)| (*n, *s)));
        assert!(diags.is_empty(), "the shipped fee files are checked by tests: {diags:?}");
        book
    })
}

/// A client's household and service plan.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeRequest {
    /// A catalog service id, e.g. `svc-home-care`.
    pub service: String,
    /// Persons in the household (spouses and their minor children), 1–30.
    pub household_size: u32,
    /// The household's gross income, €/month.
    pub income: f64,
    /// Service hours a month in the service plan (income-based fees).
    #[serde(default)]
    pub hours_per_month: f64,
    /// Visits or days a month (fees per visit or day).
    #[serde(default)]
    pub units_per_month: f64,
    /// The day the fee is for (default: today).
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// Language of the explanation (default: Finnish).
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// The most a client can be charged a month, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeAnswer {
    pub service: String,
    pub on: NaiveDate,
    pub lang: Lang,
    /// The fee rule applied (`home-care.2026`).
    pub fee: String,
    /// Euros a month, rounded to the cent.
    pub monthly_fee: f64,
    /// Statute section and decree.
    pub basis: String,
    /// Where the figures come from.
    pub source: String,
    /// Whether the figures were checked against the published text.
    pub verified: bool,
    /// The calculation, one line a step, in `lang`.
    pub lines: Vec<FeeLine>,
}

impl Polku {
    /// One client's monthly fee for a service, explained in the request's language.
    pub fn fee(&self, req: &FeeRequest) -> Result<FeeAnswer, AppError> {
        let on = req.on.unwrap_or_else(|| self.clock.today());
        let lang = req.lang.unwrap_or(Lang::Fi);
        let input = FeeInput {
            household_size: req.household_size,
            income: req.income,
            hours_per_month: req.hours_per_month,
            units_per_month: req.units_per_month,
        };
        let out = fee_book().fee(&req.service, on, &input, lang).map_err(|e| match e {
            FeeError::NoFee { .. } => AppError::invalid("service", e.to_string()),
            FeeError::Invalid { field, problem } => AppError::invalid(field, problem),
        })?;
        Ok(FeeAnswer {
            service: out.service,
            on,
            lang,
            fee: out.fee,
            monthly_fee: out.monthly_fee,
            basis: out.basis,
            source: out.source,
            verified: out.verified,
            lines: out.lines,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_fee_files_read_without_findings() {
        assert!(fee_book().fees.len() >= 9);
        assert!(fee_book().in_force("svc-home-care", NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()).is_some());
    }
}
