//! Computing indicators: DataFusion over the events' Arrow batches in memory.

use crate::columns;
use crate::indicators::{Dim, Indicator, Period, Slice, Unit, sql};
use crate::suppress;
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int32Type, Int64Type};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the indicator {indicator} cannot be broken down by {dim}")]
    Breakdown { indicator: &'static str, dim: &'static str },
    #[error("the column engine failed: {0}")]
    Engine(String),
}

impl From<datafusion::error::DataFusionError> for EngineError {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        EngineError::Engine(e.to_string())
    }
}

impl From<datafusion::arrow::error::ArrowError> for EngineError {
    fn from(e: datafusion::arrow::error::ArrowError) -> Self {
        EngineError::Engine(e.to_string())
    }
}

/// One cell of a result: a group of the breakdown in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The breakdown's values, in the slice's order.
    pub keys: Vec<String>,
    /// `yyyyww`, `yyyymm` or `yyyy`; 0 for the whole range.
    pub period: i32,
    /// The figure; none when suppressed or when there is no data.
    pub value: Option<f64>,
    /// The counts behind the figure; none when suppressed.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Fewer than [`suppress::MIN_CASES`] cases: not shown.
    pub suppressed: bool,
    /// No events at all in this cell's period (a day without data is missing, not zero).
    pub missing: bool,
}

/// What one computation gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub indicator: &'static str,
    pub unit: Unit,
    pub by: Vec<Dim>,
    pub period: Option<Period>,
    pub cells: Vec<Cell>,
}

/// The events and the population tables registered with a DataFusion session.
pub struct Engine {
    ctx: SessionContext,
    /// Day numbers that have at least one event.
    days: BTreeSet<i32>,
    rows: usize,
}

impl Engine {
    /// An engine over these event batches (see [`columns::schema`]), the population
    /// (`columns::population_batch`) and the need coefficients (`columns::need_batch`).
    /// `partitions` batches are spread over that many partitions (one per core).
    pub fn new(
        events: Vec<RecordBatch>,
        population: RecordBatch,
        need: RecordBatch,
        partitions: usize,
    ) -> Result<Engine, EngineError> {
        let partitions = partitions.max(1);
        let config = SessionConfig::new().with_target_partitions(partitions).with_batch_size(columns::BATCH_ROWS);
        let ctx = SessionContext::new_with_config(config);
        let mut days = BTreeSet::new();
        let mut rows = 0;
        for batch in &events {
            rows += batch.num_rows();
            if let Some(col) = batch.column_by_name("day_no") {
                days.extend(col.as_primitive::<Int32Type>().values().iter().copied());
            }
        }
        let mut parts = vec![Vec::new(); partitions];
        for (i, batch) in events.into_iter().enumerate() {
            parts[i % partitions].push(batch);
        }
        ctx.register_table("events", Arc::new(MemTable::try_new(columns::schema(), parts)?))?;
        let p = population.schema();
        ctx.register_table("population", Arc::new(MemTable::try_new(p, vec![vec![population]])?))?;
        let n = need.schema();
        ctx.register_table("need", Arc::new(MemTable::try_new(n, vec![vec![need]])?))?;
        Ok(Engine { ctx, days, rows })
    }

    /// How many events the engine holds.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The days in `[from, to]` without a single event.
    pub fn missing_days(&self, from: i32, to: i32) -> Vec<i32> {
        if from > to {
            return Vec::new();
        }
        (from..=to).filter(|d| !self.days.contains(d)).collect()
    }

    /// The first and last day with events.
    pub fn span(&self) -> Option<(i32, i32)> {
        Some((*self.days.first()?, *self.days.last()?))
    }

    /// One indicator for one slice, small numbers suppressed, periods without data shown
    /// as missing.
    pub async fn compute(&self, indicator: &'static Indicator, slice: &Slice) -> Result<Table, EngineError> {
        for dim in slice.by.iter().chain(slice.filters.iter().map(|(d, _)| d)) {
            if !indicator.allows(*dim) {
                return Err(EngineError::Breakdown { indicator: indicator.id, dim: dim.code() });
            }
        }
        let batches = self.ctx.sql(&sql(indicator, slice)).await?.collect().await?;
        let mut cells = Vec::new();
        for batch in &batches {
            read_cells(batch, slice.by.len(), indicator.unit, &mut cells)?;
        }
        self.fill_missing(slice, &mut cells);
        cells.sort_by(|a, b| (a.period, &a.keys).cmp(&(b.period, &b.keys)));
        Ok(Table { indicator: indicator.id, unit: indicator.unit, by: slice.by.clone(), period: slice.period, cells })
    }

    /// Periods of the range without any events get a missing cell for every group seen.
    fn fill_missing(&self, slice: &Slice, cells: &mut Vec<Cell>) {
        let Some(period) = slice.period else { return };
        let mut periods: BTreeSet<i32> = BTreeSet::new();
        let mut with_data: BTreeSet<i32> = BTreeSet::new();
        for day in slice.from_day..=slice.to_day {
            let p = period_of(period, day);
            periods.insert(p);
            if self.days.contains(&day) {
                with_data.insert(p);
            }
        }
        let groups: BTreeSet<Vec<String>> = cells.iter().map(|c| c.keys.clone()).collect();
        let present: BTreeSet<(i32, Vec<String>)> = cells.iter().map(|c| (c.period, c.keys.clone())).collect();
        let groups: Vec<Vec<String>> = if groups.is_empty() { vec![Vec::new()] } else { groups.into_iter().collect() };
        for p in periods.difference(&with_data) {
            for keys in &groups {
                if keys.len() == slice.by.len() && !present.contains(&(*p, keys.clone())) {
                    cells.push(Cell {
                        keys: keys.clone(),
                        period: *p,
                        value: None,
                        numerator: None,
                        denominator: None,
                        suppressed: false,
                        missing: true,
                    });
                }
            }
        }
    }

    /// Any SQL over the registered tables, for benchmarks and checks.
    pub async fn query(&self, sql: &str) -> Result<Vec<RecordBatch>, EngineError> {
        Ok(self.ctx.sql(sql).await?.collect().await?)
    }
}

/// The period (`yyyyww`, `yyyymm`, `yyyy`) a day falls in.
pub fn period_of(period: Period, day_no: i32) -> i32 {
    use chrono::Datelike;
    let day = domain::event::from_day_no(day_no);
    match period {
        Period::Week => domain::event::iso_week(day),
        Period::Month => day.year() * 100 + day.month() as i32,
        Period::Year => day.year(),
    }
}

fn number(array: &dyn Array, row: usize) -> Result<Option<f64>, EngineError> {
    if array.is_null(row) {
        return Ok(None);
    }
    Ok(Some(match array.data_type() {
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row) as f64,
        DataType::Int32 => f64::from(array.as_primitive::<Int32Type>().value(row)),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row),
        _ => {
            let c = cast(&array.slice(row, 1), &DataType::Float64)?;
            c.as_primitive::<Float64Type>().value(0)
        }
    }))
}

fn read_cells(batch: &RecordBatch, keys: usize, unit: Unit, out: &mut Vec<Cell>) -> Result<(), EngineError> {
    let texts: Vec<_> = (0..keys).map(|i| cast(batch.column(i), &DataType::Utf8)).collect::<Result<_, _>>()?;
    let period = cast(batch.column(keys), &DataType::Int64)?;
    let period = period.as_primitive::<Int64Type>();
    for row in 0..batch.num_rows() {
        let key_values: Vec<String> = texts
            .iter()
            .map(|t| {
                let t = t.as_string::<i32>();
                if t.is_null(row) { String::new() } else { t.value(row).to_owned() }
            })
            .collect();
        let numerator = number(batch.column(keys + 1).as_ref(), row)?.unwrap_or(0.0);
        let denominator = number(batch.column(keys + 2).as_ref(), row)?.unwrap_or(0.0);
        let cases = number(batch.column(keys + 3).as_ref(), row)?.unwrap_or(0.0);
        let suppressed = suppress::suppressed(denominator, cases, unit);
        let value = if suppressed || denominator == 0.0 {
            None
        } else {
            Some(match unit {
                Unit::Percent => 100.0 * numerator / denominator,
                Unit::Days | Unit::Index | Unit::Euros => numerator / denominator,
            })
        };
        out.push(Cell {
            keys: key_values,
            period: period.value(row) as i32,
            value,
            numerator: (!suppressed).then_some(numerator),
            denominator: (!suppressed).then_some(denominator),
            suppressed,
            missing: false,
        });
    }
    Ok(())
}
