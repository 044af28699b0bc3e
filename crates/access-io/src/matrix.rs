//! Travel-time matrices out: `from_id,to_id,minutes` as CSV (formatted on every
//! core), Arrow IPC or Parquet (ids dictionary-encoded, minutes as Float32,
//! null where unreachable).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use access::{Time, Times, UNREACHABLE};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, Float32Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

/// How a matrix is written, from the output's file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixFormat {
    Csv,
    /// Arrow IPC file (`.arrow`, `.ipc`, `.feather`).
    Arrow,
    Parquet,
}

impl MatrixFormat {
    /// By the file name's extension; CSV for anything else (and for standard output).
    pub fn of(path: &Path) -> MatrixFormat {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("arrow" | "ipc" | "feather") => MatrixFormat::Arrow,
            Some("parquet") => MatrixFormat::Parquet,
            _ => MatrixFormat::Csv,
        }
    }
}

/// Why a matrix could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("Arrow: {0}")]
    Arrow(#[from] ArrowError),
    #[error("Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

/// Tenths of a minute of a time in tenths of a second, halves up.
fn tenths_of_minute(t: Time) -> u32 {
    (t + 30) / 60
}

/// The matrix as CSV bytes: a header, then one line per pair, row after row,
/// minutes with one decimal (halves up), empty where unreachable. Rows are
/// formatted on `threads` threads.
pub fn csv(from_ids: &[String], to_ids: &[String], times: &Times, threads: usize) -> Vec<u8> {
    let rows = times.rows();
    let parts = threads.clamp(1, rows.max(1));
    let chunk = rows.div_ceil(parts).max(1);
    let pieces: Vec<Vec<u8>> = access::par::map_jobs(
        rows.div_ceil(chunk),
        threads,
        || (),
        |_, part| {
            let mut out = Vec::with_capacity(chunk * times.cols() * 24);
            let mut digits = itoa_buffer();
            for i in part * chunk..((part + 1) * chunk).min(rows) {
                let from = from_ids[i].as_bytes();
                for (j, &t) in times[i].iter().enumerate() {
                    out.extend_from_slice(from);
                    out.push(b',');
                    out.extend_from_slice(to_ids[j].as_bytes());
                    out.push(b',');
                    if t < UNREACHABLE / 2 {
                        let tenths = tenths_of_minute(t);
                        out.extend_from_slice(format_u32(&mut digits, tenths / 10));
                        out.push(b'.');
                        out.push(b'0' + (tenths % 10) as u8);
                    }
                    out.push(b'\n');
                }
            }
            out
        },
    );
    let mut out = Vec::with_capacity(pieces.iter().map(Vec::len).sum::<usize>() + 24);
    out.extend_from_slice(b"from_id,to_id,minutes\n");
    for p in pieces {
        out.extend_from_slice(&p);
    }
    out
}

fn itoa_buffer() -> [u8; 10] {
    [0; 10]
}

/// The decimal digits of `n` in `buf`.
fn format_u32(buf: &mut [u8; 10], mut n: u32) -> &[u8] {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[at..];
        }
    }
}

/// Rows a record batch holds.
const BATCH: usize = 1 << 20;

fn schema() -> Arc<Schema> {
    let id = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
    Arc::new(Schema::new(vec![
        Field::new("from_id", id.clone(), false),
        Field::new("to_id", id, false),
        Field::new("minutes", DataType::Float32, true),
    ]))
}

/// The matrix as record batches of [`BATCH`] pairs, row after row: ids
/// dictionary-encoded over the whole point lists, minutes null where unreachable.
fn batches(from_ids: &[String], to_ids: &[String], times: &Times) -> Result<Vec<RecordBatch>, ArrowError> {
    let schema = schema();
    let from_values: ArrayRef = Arc::new(StringArray::from_iter_values(from_ids));
    let to_values: ArrayRef = Arc::new(StringArray::from_iter_values(to_ids));
    let (cols, all) = (times.cols(), times.as_slice());
    let mut out = Vec::new();
    for start in (0..all.len()).step_by(BATCH) {
        let end = (start + BATCH).min(all.len());
        let from_keys = Int32Array::from_iter_values((start..end).map(|k| (k / cols) as i32));
        let to_keys = Int32Array::from_iter_values((start..end).map(|k| (k % cols) as i32));
        let minutes =
            Float32Array::from_iter(all[start..end].iter().map(|t| access::matrix::minutes(*t).map(|m| m as f32)));
        out.push(RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(DictionaryArray::<Int32Type>::try_new(from_keys, from_values.clone())?),
                Arc::new(DictionaryArray::<Int32Type>::try_new(to_keys, to_values.clone())?),
                Arc::new(minutes),
            ],
        )?);
    }
    Ok(out)
}

/// Writes the matrix to `out` as an Arrow IPC file.
pub fn write_arrow(from_ids: &[String], to_ids: &[String], times: &Times, out: impl Write) -> Result<(), WriteError> {
    let mut w = arrow_ipc::writer::FileWriter::try_new(out, &schema())?;
    for b in batches(from_ids, to_ids, times)? {
        w.write(&b)?;
    }
    w.finish()?;
    Ok(())
}

/// Writes the matrix to `out` as Parquet (Snappy, a row group per [`BATCH`] pairs).
pub fn write_parquet(
    from_ids: &[String],
    to_ids: &[String],
    times: &Times,
    out: impl Write + Send,
) -> Result<(), WriteError> {
    let props = WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_max_row_group_row_count(Some(BATCH))
        .build();
    let mut w = ArrowWriter::try_new(out, schema(), Some(props))?;
    for b in batches(from_ids, to_ids, times)? {
        w.write(&b)?;
    }
    w.close()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;

    fn sample() -> (Vec<String>, Vec<String>, Times) {
        let mut t = Times::unreachable(2, 3);
        t.set(0, 0, 0);
        t.set(0, 1, 29); // 0.048 min → 0.0
        t.set(0, 2, 30); // 0.05 min → 0.1 (halves up)
        t.set(1, 0, 6_000 * 12 + 5_999); // 129.998 min → 130.0
        t.set(1, 2, 7_000_000); // 11,666.7 min
        (vec!["a".into(), "b".into()], vec!["x".into(), "y".into(), "z".into()], t)
    }

    #[test]
    fn csv_has_one_line_per_pair_and_empty_minutes_where_unreachable() {
        let (f, to, t) = sample();
        let expected = "from_id,to_id,minutes\na,x,0.0\na,y,0.0\na,z,0.1\nb,x,130.0\nb,y,\nb,z,11666.7\n";
        for threads in [1, 2, 5] {
            assert_eq!(String::from_utf8(csv(&f, &to, &t, threads)).unwrap(), expected, "{threads} threads");
        }
        assert_eq!(csv(&f, &to, &Times::unreachable(0, 3), 2), b"from_id,to_id,minutes\n");
    }

    /// A dictionary-encoded or plain string column's values.
    fn strings(col: &ArrayRef) -> Vec<String> {
        match col.data_type() {
            DataType::Dictionary(..) => {
                let d = col.as_dictionary::<Int32Type>();
                let values = d.values().as_string::<i32>();
                d.keys().iter().map(|k| values.value(k.unwrap() as usize).to_owned()).collect()
            }
            _ => col.as_string::<i32>().iter().map(|s| s.unwrap().to_owned()).collect(),
        }
    }

    #[test]
    fn arrow_and_parquet_read_back_to_the_same_pairs() {
        let (f, to, t) = sample();
        let mut ipc = Vec::new();
        write_arrow(&f, &to, &t, &mut ipc).unwrap();
        let reader = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(ipc), None).unwrap();
        let mut pq = Vec::new();
        write_parquet(&f, &to, &t, &mut pq).unwrap();
        let pq_reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(pq))
            .unwrap()
            .build()
            .unwrap();
        for batches in [reader.map(Result::unwrap).collect::<Vec<_>>(), pq_reader.map(Result::unwrap).collect()] {
            assert_eq!(batches.len(), 1);
            let b = &batches[0];
            let (from, to_) = (strings(b.column(0)), strings(b.column(1)));
            let minutes = b.column(2).as_any().downcast_ref::<Float32Array>().unwrap();
            let rows: Vec<String> = (0..b.num_rows())
                .map(|i| format!("{},{},{:?}", from[i], to_[i], minutes.is_valid(i).then(|| minutes.value(i))))
                .collect();
            assert_eq!(
                rows,
                [
                    "a,x,Some(0.0)",
                    "a,y,Some(0.048333332)",
                    "a,z,Some(0.05)",
                    "b,x,Some(129.99834)",
                    "b,y,None",
                    "b,z,Some(11666.667)"
                ]
            );
        }
    }
}
