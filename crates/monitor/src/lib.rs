//! Polku's monitoring engine.
//!
//! Events ([`domain::event::Event`]) become Arrow columns ([`columns`]); THL's indicators
//! are SQL over them ([`indicators`]), computed in memory by DataFusion ([`engine`]) and
//! the same SQL text on PostgreSQL when a county points the definitions at its data
//! warehouse. Results are broken down by county, municipality, area, age group,
//! language and producer, by week, month or year, with the counts behind every share and
//! small numbers suppressed ([`suppress`]). [`alerts`] checks thresholds; [`synthetic`]
//! makes the demo county's year of events. No IO: the caller hands events in and takes
//! tables out.

pub mod columns;
pub mod engine;
pub mod indicators;
pub mod suppress;
pub mod synthetic;

pub use engine::{Cell, Engine, EngineError, Table};
pub use indicators::{Dim, INDICATORS, Indicator, Period, Slice, Unit, indicator};
