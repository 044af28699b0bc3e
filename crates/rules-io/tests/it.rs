//! Parquet and Arrow IPC populations read as the CSV reader reads the same
//! people, on any number of threads; files of another schema and bad cells
//! refused with the column (and row) named.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use rules::columns::Population;
use rules::input::{read_csv, write_csv_header, write_csv_row};
use rules::person::Person;
use rules_io::{Bytes, Format, PopulationWriter, ReadError, read_arrow, read_parquet};

fn people(n: u64) -> Vec<Person> {
    let table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/population/demo-county-age-sex.tsv"))
            .unwrap();
    rules::population::generate_vec(&rules::population::scale(&rules::population::parse_age_sex(&table).unwrap(), n), 5)
}

fn from_csv(people: &[Person]) -> Population {
    let mut csv = String::new();
    write_csv_header(&mut csv);
    for p in people {
        write_csv_row(&mut csv, p);
    }
    read_csv(csv.as_bytes(), 1).unwrap()
}

fn parquet(people: &[Person], row_group: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = PopulationWriter::parquet_with_row_groups(&mut out, row_group).unwrap().batch_rows(1000);
    for p in people {
        w.push(p.clone()).unwrap();
    }
    assert_eq!(w.finish().unwrap(), people.len() as u64);
    out
}

#[test]
fn parquet_and_arrow_read_as_csv_does() {
    let people = people(3_000);
    let want = format!("{:?}", from_csv(&people));
    for (row_group, threads) in [(100_000, 1), (700, 1), (700, 2), (700, 3), (97, 4), (7, 2)] {
        let file = parquet(&people, row_group);
        let got = read_parquet(Bytes::from(file), threads).unwrap();
        assert_eq!(got.len(), people.len());
        assert!(format!("{got:?}") == want, "parquet, row groups of {row_group}, {threads} threads");
    }
    let mut file = Vec::new();
    let mut w = PopulationWriter::arrow(&mut file).unwrap().batch_rows(1000);
    for p in &people {
        w.push(p.clone()).unwrap();
    }
    w.finish().unwrap();
    assert!(format!("{:?}", read_arrow(&file).unwrap()) == want, "arrow file");
}

/// A one-batch file of the given columns, as Parquet and as an Arrow IPC stream.
fn files(columns: Vec<(&str, ArrayRef)>) -> (Vec<u8>, Vec<u8>) {
    let schema = Arc::new(Schema::new(
        columns.iter().map(|(n, a)| Field::new(*n, a.data_type().clone(), true)).collect::<Vec<_>>(),
    ));
    let batch = RecordBatch::try_new(schema.clone(), columns.into_iter().map(|(_, a)| a).collect()).unwrap();
    let mut pq = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut pq, schema.clone(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let mut ipc = Vec::new();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut ipc, &schema).unwrap();
    w.write(&batch).unwrap();
    w.finish().unwrap();
    (pq, ipc)
}

/// Both readers' error, checked to be the same message.
fn refused(columns: Vec<(&str, ArrayRef)>) -> String {
    let (pq, ipc) = files(columns);
    let a = read_parquet(Bytes::from(pq), 2).unwrap_err().to_string();
    let b = read_arrow(&ipc).unwrap_err().to_string();
    assert_eq!(a, b);
    a
}

fn num(v: &[Option<f64>]) -> ArrayRef {
    Arc::new(Float64Array::from(v.to_vec()))
}

fn text(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

#[test]
fn other_schemas_are_refused_naming_the_column() {
    let e = refused(vec![("age", num(&[Some(80.0)])), ("agee", num(&[Some(1.0)]))]);
    assert_eq!(e, "column 2 (`agee`): not a fact (see docs/rules-format.md)");
    let e = refused(vec![("age", num(&[Some(80.0)])), ("age", num(&[Some(1.0)]))]);
    assert_eq!(e, "column 2 (`age`): already column 1");
    let e = refused(vec![("age", text(&[Some("80")]))]);
    assert!(e.starts_with("column 1 (`age`): the column is Utf8, but `age` is a number"), "{e}");
    let e = refused(vec![("lives_alone", Arc::new(Int32Array::from(vec![1])) as ArrayRef)]);
    assert!(e.contains("`lives_alone` is yes or no: a boolean column"), "{e}");
    let e = refused(vec![("sex", num(&[Some(1.0)]))]);
    assert!(e.contains("`sex` is one of a list of values: a string column"), "{e}");
}

#[test]
fn bad_cells_are_refused_with_row_and_column() {
    // Nulls are unknown facts; the first bad cell in reading order is named.
    let e = refused(vec![
        ("age", num(&[Some(80.0), None, Some(70.0), Some(71.0)])),
        ("income", num(&[Some(1200.0), Some(900.0), Some(-5.0), Some(f64::NAN)])),
    ]);
    assert_eq!(e, "row 3, column 2 (`income`): -5 is impossible for `income` (0–1000000)");
    let e = refused(vec![("age", num(&[Some(80.0), Some(f64::NAN)]))]);
    assert!(e.starts_with("row 2, column 1 (`age`): NaN is impossible"), "{e}");
    let e = refused(vec![("care_allowance", num(&[Some(1.5)]))]);
    assert!(e.contains("1.5 is not a whole number"), "{e}");
    // 32-bit floats (read without conversion) are checked alike, nulls skipped.
    let floats: ArrayRef = Arc::new(arrow_array::Float32Array::from(vec![Some(2.0), None, Some(2.5)]));
    let e = refused(vec![("rai_maple", floats)]);
    assert_eq!(e, "row 3, column 1 (`rai_maple`): `rai_maple` is a level or a count: 2.5 is not a whole number");
    let e = refused(vec![("age", num(&[Some(80.0), Some(-1.0)])), ("sex", text(&[Some("female"), Some("femal")]))]);
    assert!(e.starts_with("row 2, column 1 (`age`)"), "the earlier column wins: {e}");
    let e = refused(vec![("sex", text(&[Some("female"), None, Some("femal")]))]);
    assert!(e.starts_with("row 3, column 1 (`sex`): `femal` is not a value of `sex`"), "{e}");
    let e = refused(vec![("municipality", text(&[Some("638"), Some("Porvoo")]))]);
    assert!(e.starts_with("row 2, column 1 (`municipality`): `Porvoo` is not a municipality code"), "{e}");
    let e = refused(vec![("municipality", Arc::new(Int32Array::from(vec![638, 1000])) as ArrayRef)]);
    assert!(e.starts_with("row 2, column 1 (`municipality`): 1000 is not a municipality code"), "{e}");
    let e = refused(vec![("income", num(&[Some(1000.0)])), ("own_income", num(&[Some(2000.0)]))]);
    assert_eq!(e, "row 1, column 2 (`own_income`): `own_income` more than the household's `income`");
    // Good values of every kind read.
    let (pq, ipc) = files(vec![
        ("municipality", Arc::new(Int32Array::from(vec![18, 638])) as ArrayRef),
        ("lives_alone", Arc::new(BooleanArray::from(vec![Some(true), None])) as ArrayRef),
        ("age", num(&[Some(80.0), None])),
    ]);
    let a = read_parquet(Bytes::from(pq), 1).unwrap();
    let b = read_arrow(&ipc).unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let c = read_csv(b"municipality,lives_alone,age\n018,true,80\n638,,\n", 1).unwrap();
    assert_eq!(format!("{a:?}"), format!("{c:?}"));
}

#[test]
fn not_a_file_of_the_format() {
    let e = read_parquet(Bytes::from_static(b"age,income\n80,1200\n"), 1).unwrap_err();
    assert!(matches!(e, ReadError::Parquet(_)), "{e}");
    let e = read_arrow(b"age,income\n80,1200\n").unwrap_err();
    assert!(matches!(e, ReadError::Arrow(_)), "{e}");
    assert_eq!(Format::of("people.parquet"), Format::Parquet);
    assert_eq!(Format::of("people.ARROW"), Format::Arrow);
    assert_eq!(Format::of("people.csv"), Format::Csv);
    let dictionary: ArrayRef = Arc::new(
        vec![Some("female"), Some("male"), None]
            .into_iter()
            .collect::<arrow_array::DictionaryArray<arrow_array::types::Int8Type>>(),
    );
    assert!(matches!(dictionary.data_type(), DataType::Dictionary(..)));
    let (pq, ipc) = files(vec![("sex", dictionary)]);
    let a = read_parquet(Bytes::from(pq), 1).unwrap();
    let b = read_arrow(&ipc).unwrap();
    let c = read_csv(b"sex\nfemale\nmale\n\n", 1).unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_eq!(a.len(), 3);
    assert_eq!(c.len(), 2, "an empty CSV line is no person; a null row is one with nothing known");
}
