//! Events as Arrow columns: the `events` table the indicators' SQL reads.
//!
//! The columns are the event's own fields (client and professional as small integers:
//! pseudonyms interned by the caller) and the counting columns of
//! [`domain::event::Derived`], all plain integers, booleans and strings so that the same
//! SQL runs on DataFusion, PostgreSQL and SQLite. `service_group` is the event's `group`
//! (`group` is an SQL keyword).

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Float64Builder, Int32Builder, Int64Builder, StringBuilder, StringDictionaryBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Int32Type, Schema, SchemaRef};
pub use datafusion::arrow::record_batch::RecordBatch;
use domain::event::{Derived, Event};
use std::sync::{Arc, LazyLock};

/// Rows per record batch: large enough for vectorised kernels, small enough to spread
/// over both cores.
pub const BATCH_ROWS: usize = 65_536;

fn dict() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
    Arc::new(Schema::new(vec![
        Field::new("kind", dict(), false),
        Field::new("service_group", dict(), false),
        Field::new("preventive", DataType::Boolean, false),
        Field::new("client", DataType::Int32, true),
        Field::new("professional", DataType::Int32, true),
        Field::new("age", DataType::Int32, true),
        Field::new("age_group", dict(), true),
        Field::new("municipality", dict(), false),
        Field::new("area", dict(), true),
        Field::new("language", dict(), true),
        Field::new("service", dict(), true),
        Field::new("unit", dict(), true),
        Field::new("producer", dict(), true),
        Field::new("channel", dict(), true),
        Field::new("urgent", DataType::Boolean, true),
        Field::new("status", dict(), true),
        Field::new("value", DataType::Float64, true),
        Field::new("cost", DataType::Float64, true),
        Field::new("day_no", DataType::Int32, false),
        Field::new("minute_no", DataType::Int64, false),
        Field::new("week", DataType::Int32, false),
        Field::new("month", DataType::Int32, false),
        Field::new("year", DataType::Int32, false),
        Field::new("days", DataType::Int32, true),
        Field::new("working_days", DataType::Int32, true),
        Field::new("months", DataType::Int32, true),
    ]))
});

/// The schema of the `events` table.
pub fn schema() -> SchemaRef {
    SCHEMA.clone()
}

/// Builds record batches of events, row by row.
pub struct EventColumns {
    kind: StringDictionaryBuilder<Int32Type>,
    group: StringDictionaryBuilder<Int32Type>,
    preventive: BooleanBuilder,
    client: Int32Builder,
    professional: Int32Builder,
    age: Int32Builder,
    age_group: StringDictionaryBuilder<Int32Type>,
    municipality: StringDictionaryBuilder<Int32Type>,
    area: StringDictionaryBuilder<Int32Type>,
    language: StringDictionaryBuilder<Int32Type>,
    service: StringDictionaryBuilder<Int32Type>,
    unit: StringDictionaryBuilder<Int32Type>,
    producer: StringDictionaryBuilder<Int32Type>,
    channel: StringDictionaryBuilder<Int32Type>,
    urgent: BooleanBuilder,
    status: StringDictionaryBuilder<Int32Type>,
    value: Float64Builder,
    cost: Float64Builder,
    day_no: Int32Builder,
    minute_no: Int64Builder,
    week: Int32Builder,
    month: Int32Builder,
    year: Int32Builder,
    days: Int32Builder,
    working_days: Int32Builder,
    months: Int32Builder,
    rows: usize,
}

impl Default for EventColumns {
    fn default() -> Self {
        EventColumns::new()
    }
}

impl EventColumns {
    pub fn new() -> EventColumns {
        let d = StringDictionaryBuilder::<Int32Type>::new;
        EventColumns {
            kind: d(),
            group: d(),
            preventive: BooleanBuilder::new(),
            client: Int32Builder::new(),
            professional: Int32Builder::new(),
            age: Int32Builder::new(),
            age_group: d(),
            municipality: d(),
            area: d(),
            language: d(),
            service: d(),
            unit: d(),
            producer: d(),
            channel: d(),
            urgent: BooleanBuilder::new(),
            status: d(),
            value: Float64Builder::new(),
            cost: Float64Builder::new(),
            day_no: Int32Builder::new(),
            minute_no: Int64Builder::new(),
            week: Int32Builder::new(),
            month: Int32Builder::new(),
            year: Int32Builder::new(),
            days: Int32Builder::new(),
            working_days: Int32Builder::new(),
            months: Int32Builder::new(),
            rows: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// One event, with its derived columns and the interned numbers of its client and
    /// professional (none for a `t3` measurement, or a visit without a professional).
    pub fn push(&mut self, e: &Event, d: &Derived, client: Option<i32>, professional: Option<i32>) {
        self.kind.append_value(e.kind.code());
        self.group.append_value(e.group.code());
        self.preventive.append_value(e.group.preventive());
        self.client.append_option(client);
        self.professional.append_option(professional);
        self.age.append_option(e.age.map(i32::from));
        self.age_group.append_option(d.age_group.map(|g| g.code()));
        self.municipality.append_value(&e.municipality);
        self.area.append_option(e.area.as_deref());
        self.language.append_option(e.language.map(|l| l.code()));
        self.service.append_option(e.service.as_deref());
        self.unit.append_option(e.unit.as_deref());
        self.producer.append_option(e.producer.as_deref());
        self.channel.append_option(e.channel.map(|c| c.code()));
        self.urgent.append_option(e.urgent);
        self.status.append_option(e.status.as_deref());
        self.value.append_option(e.value);
        self.cost.append_option(e.cost);
        self.day_no.append_value(d.day_no);
        self.minute_no.append_value(d.minute_no);
        self.week.append_value(d.week);
        self.month.append_value(d.month);
        self.year.append_value(d.year);
        self.days.append_option(d.days);
        self.working_days.append_option(d.working_days);
        self.months.append_option(d.months);
        self.rows += 1;
    }

    /// The rows pushed so far as one batch; the builder starts empty again.
    pub fn finish(&mut self) -> RecordBatch {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.kind.finish()),
            Arc::new(self.group.finish()),
            Arc::new(self.preventive.finish()),
            Arc::new(self.client.finish()),
            Arc::new(self.professional.finish()),
            Arc::new(self.age.finish()),
            Arc::new(self.age_group.finish()),
            Arc::new(self.municipality.finish()),
            Arc::new(self.area.finish()),
            Arc::new(self.language.finish()),
            Arc::new(self.service.finish()),
            Arc::new(self.unit.finish()),
            Arc::new(self.producer.finish()),
            Arc::new(self.channel.finish()),
            Arc::new(self.urgent.finish()),
            Arc::new(self.status.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.cost.finish()),
            Arc::new(self.day_no.finish()),
            Arc::new(self.minute_no.finish()),
            Arc::new(self.week.finish()),
            Arc::new(self.month.finish()),
            Arc::new(self.year.finish()),
            Arc::new(self.days.finish()),
            Arc::new(self.working_days.finish()),
            Arc::new(self.months.finish()),
        ];
        self.rows = 0;
        RecordBatch::try_new(schema(), columns).expect("the builders follow the schema")
    }
}

/// Residents by municipality, age and age group: the denominators of the per-resident
/// indicators (the `population` table).
pub fn population_batch(rows: &[(String, u8, u32)]) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("municipality", DataType::Utf8, false),
        Field::new("age", DataType::Int32, false),
        Field::new("age_group", DataType::Utf8, false),
        Field::new("residents", DataType::Int64, false),
    ]));
    let mut m = StringBuilder::new();
    let mut a = Int32Builder::new();
    let mut g = StringBuilder::new();
    let mut r = Int64Builder::new();
    for (municipality, age, residents) in rows {
        m.append_value(municipality);
        a.append_value(i32::from(*age));
        g.append_value(domain::event::AgeGroup::of(*age).code());
        r.append_value(i64::from(*residents));
    }
    let columns: Vec<ArrayRef> =
        vec![Arc::new(m.finish()), Arc::new(a.finish()), Arc::new(g.finish()), Arc::new(r.finish())];
    RecordBatch::try_new(schema, columns).expect("the builders follow the schema")
}

/// Need coefficients by municipality (the `need` table): a municipality's cost is divided by
/// its coefficient to compare costs at equal need.
pub fn need_batch(rows: &[(String, f64)]) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("municipality", DataType::Utf8, false),
        Field::new("coefficient", DataType::Float64, false),
    ]));
    let mut m = StringBuilder::new();
    let mut c = Float64Builder::new();
    for (municipality, coefficient) in rows {
        m.append_value(municipality);
        c.append_value(*coefficient);
    }
    let columns: Vec<ArrayRef> = vec![Arc::new(m.finish()), Arc::new(c.finish())];
    RecordBatch::try_new(schema, columns).expect("the builders follow the schema")
}
