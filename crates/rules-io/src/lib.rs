//! Population files around the eligibility engine: Parquet and Arrow IPC.
//!
//! A population file has one column per fact (named as in rule files: `age`,
//! `municipality`, `income`, …; any subset, in any order) and one row per
//! person; a null is an unknown fact, as an empty CSV cell is. Columns are
//! handed to [`rules::input::push_columns`] whole, so the checks (ranges,
//! whole-number levels, facts that disagree) and their messages are the CSV
//! reader's, with the row instead of the line.
//!
//! Column types accepted:
//! - number facts: any integer or floating-point type;
//! - flags: boolean;
//! - choices (`sex`, `diagnosis_group`, `mother_tongue`): strings (plain,
//!   large, view or dictionary-encoded) with the rule files' values;
//! - municipalities: strings of three digits (`018`), or integers.
//!
//! Anything else is refused before a row is read, naming the column and its type.
//! [`write_parquet`] and [`write_arrow`] write what the readers read (the
//! synthetic populations of `polku population generate`).
//!
//! The caller reads and writes the files; this crate works on bytes.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Float32Array, RecordBatch, StringArray, UInt16Array,
};
use arrow_buffer::{BooleanBuffer, NullBuffer};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::file::properties::WriterProperties;
use rules::columns::{Builder, Population, Validity};
use rules::facts::{Fact, Kind};
use rules::input::{Cells, InputError, choice_code, push_columns};
use rules::person::{Person, Value};

pub use bytes::Bytes;

/// The formats a population file may have, told apart by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    /// Arrow IPC: the file format (`.arrow`, `.feather` v2) or the stream format (`.arrows`).
    Arrow,
}

impl Format {
    /// By the file name's extension: `.parquet`/`.pq`, `.arrow`/`.arrows`/`.feather`/`.ipc`, else CSV.
    pub fn of(path: &str) -> Format {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "parquet" | "pq" => Format::Parquet,
            "arrow" | "arrows" | "feather" | "ipc" => Format::Arrow,
            _ => Format::Csv,
        }
    }
}

/// Why a population file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A cell or a row (with its row and column).
    #[error(transparent)]
    Input(#[from] InputError),
    /// A column that is not a fact, is repeated, or has a type its fact cannot take.
    #[error("column {column} (`{name}`): {problem}")]
    Schema { column: usize, name: String, problem: String },
    #[error("not a Parquet file Polku can read: {0}")]
    Parquet(String),
    #[error("not an Arrow IPC file or stream Polku can read: {0}")]
    Arrow(String),
}

/// Rows per batch read or written.
const BATCH: usize = 64 * 1024;
/// Rows per Parquet row group written (row groups are read in parallel).
const ROW_GROUP: usize = 128 * 1024;

/// Reads a population from Parquet bytes, its row groups shared among up to `threads` threads.
pub fn read_parquet(file: Bytes, threads: usize) -> Result<Population, ReadError> {
    let pq = |e: parquet::errors::ParquetError| ReadError::Parquet(e.to_string());
    let builder = ParquetRecordBatchReaderBuilder::try_new(file.clone()).map_err(pq)?;
    let facts = facts_of(builder.schema())?;
    let groups: Vec<usize> =
        builder.metadata().row_groups().iter().map(|g| usize::try_from(g.num_rows()).unwrap_or(0)).collect();
    let total: usize = groups.iter().sum();
    let threads = threads.clamp(1, groups.len().max(1));
    // Contiguous runs of row groups, one per thread, with the row each starts at.
    let mut runs: Vec<(Vec<usize>, u64)> = Vec::new();
    let mut first_row = 1u64;
    for t in 0..threads {
        let ids: Vec<usize> = (groups.len() * t / threads..groups.len() * (t + 1) / threads).collect();
        let rows: usize = ids.iter().map(|&g| groups[g]).sum();
        runs.push((ids, first_row));
        first_row += rows as u64;
    }
    let metadata = builder.metadata().clone();
    let schema = builder.schema().clone();
    let options = ArrowReaderOptions::new().with_schema(schema);
    let meta = ArrowReaderMetadata::try_new(metadata, options).map_err(pq)?;
    let read_run = |ids: Vec<usize>, first_row: u64, capacity: usize| -> Result<Builder, ReadError> {
        let mut b = Builder::with_capacity(capacity);
        let mut row = first_row;
        // One reader per row group (the metadata parsed once): batches never span
        // row groups, so rows are numbered from the metadata's counts.
        for id in ids {
            let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(file.clone(), meta.clone())
                .with_row_groups(vec![id])
                .with_batch_size(BATCH)
                .build()
                .map_err(pq)?;
            for batch in reader {
                let batch = batch.map_err(|e| ReadError::Parquet(e.to_string()))?;
                push_batch(&mut b, &facts, &batch, row)?;
                row += batch.num_rows() as u64;
            }
        }
        Ok(b)
    };
    if threads == 1 {
        let (ids, first) = runs.pop().expect("one run");
        return Ok(read_run(ids, first, total)?.finish());
    }
    let results: Vec<Result<Builder, ReadError>> = std::thread::scope(|s| {
        let handles: Vec<_> = runs
            .into_iter()
            .enumerate()
            .map(|(k, (ids, first))| {
                let capacity = if k == 0 { total } else { ids.iter().map(|&g| groups[g]).sum() };
                let read_run = &read_run;
                s.spawn(move || read_run(ids, first, capacity))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a reader thread does not panic")).collect()
    });
    join(results)
}

/// Reads a population from an Arrow IPC file or stream.
pub fn read_arrow(bytes: &[u8]) -> Result<Population, ReadError> {
    let ipc = |e: arrow_schema::ArrowError| ReadError::Arrow(e.to_string());
    let mut b = Builder::with_capacity(0);
    let mut row = 1u64;
    let mut push = |batch: RecordBatch, facts: &[Fact]| -> Result<(), ReadError> {
        push_batch(&mut b, facts, &batch, row)?;
        row += batch.num_rows() as u64;
        Ok(())
    };
    if bytes.starts_with(b"ARROW1") {
        let reader = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None).map_err(ipc)?;
        let facts = facts_of(&reader.schema())?;
        for batch in reader {
            push(batch.map_err(ipc)?, &facts)?;
        }
    } else {
        let reader = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None).map_err(ipc)?;
        let facts = facts_of(&reader.schema())?;
        for batch in reader {
            push(batch.map_err(ipc)?, &facts)?;
        }
    }
    Ok(b.finish())
}

fn join(results: Vec<Result<Builder, ReadError>>) -> Result<Population, ReadError> {
    let mut out: Option<Builder> = None;
    for r in results {
        let b = r?;
        match &mut out {
            None => out = Some(b),
            Some(o) => o.append(b),
        }
    }
    Ok(out.unwrap_or_else(|| Builder::with_capacity(0)).finish())
}

/// The fact of each column, with its type checked.
fn facts_of(schema: &Schema) -> Result<Vec<Fact>, ReadError> {
    let mut facts: Vec<Fact> = Vec::with_capacity(schema.fields().len());
    for (i, field) in schema.fields().iter().enumerate() {
        let bad = |problem: String| ReadError::Schema { column: i + 1, name: field.name().clone(), problem };
        let Some(fact) = Fact::from_name(field.name().trim()) else {
            return Err(bad("not a fact (see docs/rules-format.md)".into()));
        };
        if let Some(first) = facts.iter().position(|f| *f == fact) {
            return Err(bad(format!("already column {}", first + 1)));
        }
        let t = field.data_type();
        let ok = match fact.kind() {
            Kind::Number { .. } => {
                t.is_numeric()
                    && !matches!(
                        t,
                        DataType::Decimal32(..)
                            | DataType::Decimal64(..)
                            | DataType::Decimal128(..)
                            | DataType::Decimal256(..)
                            | DataType::Float16
                    )
            }
            Kind::Flag => *t == DataType::Boolean,
            Kind::Choice => is_text(t) || (fact.is_municipality() && t.is_integer()),
        };
        if !ok {
            let wanted = match fact.kind() {
                Kind::Number { .. } => "a number: integers or floating-point numbers",
                Kind::Flag => "yes or no: a boolean column",
                Kind::Choice if fact.is_municipality() => "a municipality code: strings of three digits or integers",
                Kind::Choice => "one of a list of values: a string column",
            };
            return Err(bad(format!("the column is {t}, but `{}` is {wanted}", fact.name())));
        }
        facts.push(fact);
    }
    Ok(facts)
}

fn is_text(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(k, v) => k.is_integer() && matches!(**v, DataType::Utf8 | DataType::LargeUtf8),
        _ => false,
    }
}

/// A column converted for [`push_columns`].
enum Owned<'a> {
    Numbers(Cow<'a, [f64]>, Option<NullBuffer>),
    Floats(&'a [f32], Option<NullBuffer>),
    Flags(&'a BooleanBuffer, Option<NullBuffer>),
    Codes(Vec<u16>),
}

fn validity(nulls: &Option<NullBuffer>) -> Option<Validity<'_>> {
    nulls.as_ref().map(|n| Validity { bits: n.validity(), offset: n.offset() })
}

/// Adds one record batch's rows (the first is row `first_row` of the file) to `b`.
fn push_batch(b: &mut Builder, facts: &[Fact], batch: &RecordBatch, first_row: u64) -> Result<(), ReadError> {
    let rows = batch.num_rows();
    // The first choice that cannot be coded: (row, column, problem); reported unless a
    // cell before it (in reading order) is wrong too.
    let mut bad_choice: Option<(usize, usize, String)> = None;
    let mut owned: Vec<Owned<'_>> = Vec::with_capacity(facts.len());
    for (col, (fact, array)) in facts.iter().zip(batch.columns()).enumerate() {
        let nulls = array.logical_nulls().filter(|n| n.null_count() > 0);
        owned.push(match fact.kind() {
            Kind::Number { .. } if *array.data_type() == DataType::Float32 => {
                Owned::Floats(array.as_primitive::<Float32Type>().values(), nulls)
            }
            Kind::Number { .. } => Owned::Numbers(numbers(array), nulls),
            Kind::Flag => Owned::Flags(array.as_boolean().values(), nulls),
            Kind::Choice => {
                let (codes, bad) = codes(*fact, array, nulls.as_ref());
                if let Some((row, problem)) = bad
                    && bad_choice.as_ref().is_none_or(|(r, _, _)| row < *r)
                {
                    bad_choice = Some((row, col, problem));
                }
                Owned::Codes(codes)
            }
        });
    }
    let cells: Vec<Cells<'_>> = owned
        .iter()
        .map(|o| match o {
            Owned::Numbers(v, nulls) => Cells::Numbers { values: v, valid: validity(nulls) },
            Owned::Floats(v, nulls) => Cells::Floats { values: v, valid: validity(nulls) },
            Owned::Flags(v, nulls) => {
                Cells::Flags { values: Validity { bits: v.values(), offset: v.offset() }, valid: validity(nulls) }
            }
            Owned::Codes(c) => Cells::Codes(c),
        })
        .collect();
    let choice_error = bad_choice.map(|(row, col, problem)| InputError {
        line: first_row + row as u64,
        column: Some(col + 1),
        fact: Some(facts[col]),
        problem,
        by_row: true,
    });
    match (push_columns(b, facts, &cells, rows, first_row), choice_error) {
        (Ok(()), None) => Ok(()),
        (Ok(()), Some(e)) => Err(e.into()),
        (Err(e), None) => Err(e.into()),
        (Err(e), Some(c)) => Err(if (c.line, c.column) < (e.line, e.column) { c } else { e }.into()),
    }
}

/// A numeric column as `f64` (borrowed when it already is).
fn numbers(array: &ArrayRef) -> Cow<'_, [f64]> {
    macro_rules! widen {
        ($($t:ty),*) => {
            match array.data_type() {
                DataType::Float64 => return Cow::Borrowed(array.as_primitive::<Float64Type>().values()),
                $(t if t == &<$t as arrow_array::types::ArrowPrimitiveType>::DATA_TYPE => {
                    return Cow::Owned(array.as_primitive::<$t>().values().iter().map(|&x| x as f64).collect())
                })*
                _ => unreachable!("facts_of checks number columns"),
            }
        };
    }
    widen!(Float32Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type)
}

/// A choice column as codes, with the first value that is not one of the fact's (row from 0).
fn codes(fact: Fact, array: &ArrayRef, nulls: Option<&NullBuffer>) -> (Vec<u16>, Option<(usize, String)>) {
    let rows = array.len();
    let is_valid = |i: usize| nulls.is_none_or(|n| n.is_valid(i));
    let mut out = vec![rules::columns::UNKNOWN; rows];
    let mut bad: Option<(usize, String)> = None;
    if array.data_type().is_integer() {
        // Municipality codes as integers.
        let n = numbers(array);
        for i in (0..rows).filter(|&i| is_valid(i)) {
            let x = n[i];
            if (0.0..=999.0).contains(&x) && x.fract() == 0.0 {
                out[i] = x as u16;
            } else {
                bad = Some((i, format!("{x} is not a municipality code (0–999)")));
                break;
            }
        }
        return (out, bad);
    }
    // Each distinct text coded once (a choice has a few values: a short list, the
    // last one used tried first).
    let mut known: Vec<(String, Result<u16, String>)> = Vec::new();
    let mut last = usize::MAX;
    let mut code = |i: usize, text: &str, out: &mut Vec<u16>, bad: &mut Option<(usize, String)>| {
        if known.get(last).is_none_or(|(t, _)| t != text) {
            last = match known.iter().position(|(t, _)| t == text) {
                Some(k) => k,
                None => {
                    known.push((text.to_owned(), choice_code(fact, text)));
                    known.len() - 1
                }
            };
        }
        match &known[last].1 {
            Ok(c) => out[i] = *c,
            Err(e) if bad.is_none() => *bad = Some((i, e.clone())),
            Err(_) => {}
        }
    };
    match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            for i in (0..rows).filter(|&i| is_valid(i)) {
                code(i, a.value(i), &mut out, &mut bad);
            }
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            for i in (0..rows).filter(|&i| is_valid(i)) {
                code(i, a.value(i), &mut out, &mut bad);
            }
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            for i in (0..rows).filter(|&i| is_valid(i)) {
                code(i, a.value(i), &mut out, &mut bad);
            }
        }
        DataType::Dictionary(..) => {
            let dict = array.as_any_dictionary();
            let values = dict.values();
            let keys: Vec<usize> = dict.normalized_keys();
            let texts: Vec<Option<&str>> = match values.data_type() {
                DataType::Utf8 => {
                    let v = values.as_string::<i32>();
                    (0..v.len()).map(|i| v.is_valid(i).then(|| v.value(i))).collect()
                }
                _ => {
                    let v = values.as_string::<i64>();
                    (0..v.len()).map(|i| v.is_valid(i).then(|| v.value(i))).collect()
                }
            };
            // Each dictionary value coded once; rows look their key up.
            let coded: Vec<Option<Result<u16, String>>> =
                texts.iter().map(|t| t.map(|t| choice_code(fact, t))).collect();
            for i in (0..rows).filter(|&i| is_valid(i)) {
                match &coded[keys[i]] {
                    Some(Ok(c)) => out[i] = *c,
                    Some(Err(e)) if bad.is_none() => bad = Some((i, e.clone())),
                    _ => {}
                }
            }
        }
        _ => unreachable!("facts_of checks choice columns"),
    }
    (out, bad)
}

/// Why a population file cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("cannot write Arrow IPC: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

/// The schema written: every fact, numbers as 32-bit floats (the engine's
/// precision), flags as booleans, choices and municipalities as dictionary-encoded strings.
pub fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(
        Fact::ALL
            .iter()
            .map(|f| {
                let t = match f.kind() {
                    Kind::Number { .. } => DataType::Float32,
                    Kind::Flag => DataType::Boolean,
                    Kind::Choice => DataType::Dictionary(Box::new(DataType::UInt16), Box::new(DataType::Utf8)),
                };
                Field::new(f.name(), t, true)
            })
            .collect::<Vec<_>>(),
    ))
}

/// The dictionary of each choice fact's column (none for other facts): every
/// value's name, a municipality's code being its key. The same arrays for every
/// batch, as an Arrow IPC file requires.
fn dictionaries() -> Vec<Option<ArrayRef>> {
    Fact::ALL
        .iter()
        .map(|f| match f.kind() {
            Kind::Choice if f.is_municipality() => {
                Some(Arc::new((0..1000).map(|c| Some(format!("{c:03}"))).collect::<StringArray>()) as ArrayRef)
            }
            Kind::Choice => {
                Some(Arc::new(rules::facts::choices(*f).iter().map(|(name, _)| Some(*name)).collect::<StringArray>())
                    as ArrayRef)
            }
            _ => None,
        })
        .collect()
}

/// One batch of persons as a record batch of [`schema`].
fn batch_of(
    schema: &Arc<Schema>,
    dictionaries: &[Option<ArrayRef>],
    persons: &[Person],
) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let columns = Fact::ALL
        .iter()
        .zip(dictionaries)
        .map(|(f, dictionary)| -> Result<ArrayRef, arrow_schema::ArrowError> {
            Ok(match (f.kind(), dictionary) {
                (Kind::Number { .. }, _) => {
                    Arc::new(persons.iter().map(|p| p.number(*f).filter(|x| !x.is_nan())).collect::<Float32Array>())
                }
                (Kind::Flag, _) => Arc::new(
                    persons
                        .iter()
                        .map(|p| match p.get(*f) {
                            Some(Value::Flag(b)) => Some(b),
                            _ => None,
                        })
                        .collect::<BooleanArray>(),
                ),
                (Kind::Choice, Some(values)) => {
                    let keys: UInt16Array = persons
                        .iter()
                        .map(|p| match p.get(*f) {
                            Some(Value::Choice(c)) => Some(c),
                            _ => None,
                        })
                        .collect();
                    Arc::new(DictionaryArray::<UInt16Type>::try_new(keys, values.clone())?)
                }
                (Kind::Choice, None) => unreachable!("every choice fact has a dictionary"),
            })
        })
        .collect::<Result<Vec<ArrayRef>, _>>()?;
    RecordBatch::try_new(schema.clone(), columns)
}

/// Writes persons, one at a time, as Parquet or Arrow IPC.
pub struct PopulationWriter<W: Write + Send> {
    out: Out<W>,
    schema: Arc<Schema>,
    dictionaries: Vec<Option<ArrayRef>>,
    batch: Vec<Person>,
    batch_rows: usize,
    written: u64,
}

enum Out<W: Write + Send> {
    Parquet(Box<ArrowWriter<W>>),
    Arrow(Box<arrow_ipc::writer::FileWriter<W>>),
}

impl<W: Write + Send> PopulationWriter<W> {
    /// Parquet with row groups of 131,072 rows (read in parallel), Snappy-compressed.
    pub fn parquet(out: W) -> Result<Self, WriteError> {
        Self::parquet_with_row_groups(out, ROW_GROUP)
    }

    /// Parquet with row groups of `rows` rows.
    pub fn parquet_with_row_groups(out: W, rows: usize) -> Result<Self, WriteError> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(rows.max(1)))
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        Ok(Self::new(Out::Parquet(Box::new(writer)), schema))
    }

    /// An Arrow IPC file, uncompressed.
    pub fn arrow(out: W) -> Result<Self, WriteError> {
        let schema = schema();
        let writer = arrow_ipc::writer::FileWriter::try_new(out, &schema)?;
        Ok(Self::new(Out::Arrow(Box::new(writer)), schema))
    }

    fn new(out: Out<W>, schema: Arc<Schema>) -> Self {
        PopulationWriter {
            out,
            schema,
            dictionaries: dictionaries(),
            batch: Vec::with_capacity(BATCH),
            batch_rows: BATCH,
            written: 0,
        }
    }

    /// Writes record batches of `rows` persons (default 65,536).
    pub fn batch_rows(mut self, rows: usize) -> Self {
        self.batch_rows = rows.max(1);
        self
    }

    pub fn push(&mut self, p: Person) -> Result<(), WriteError> {
        self.batch.push(p);
        if self.batch.len() >= self.batch_rows { self.flush() } else { Ok(()) }
    }

    fn flush(&mut self) -> Result<(), WriteError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = batch_of(&self.schema, &self.dictionaries, &self.batch)?;
        match &mut self.out {
            Out::Parquet(w) => w.write(&batch)?,
            Out::Arrow(w) => w.write(&batch)?,
        }
        self.written += self.batch.len() as u64;
        self.batch.clear();
        Ok(())
    }

    /// Writes what is left and the file's footer; the number of persons written.
    pub fn finish(mut self) -> Result<u64, WriteError> {
        self.flush()?;
        match self.out {
            Out::Parquet(w) => {
                w.close()?;
            }
            Out::Arrow(mut w) => w.finish()?,
        }
        Ok(self.written)
    }
}
