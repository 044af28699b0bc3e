//! Populations from CSV: the same columns as from records, whatever the number
//! of threads, and bad files refused with line and column.

use rules::columns::Population;
use rules::input::{read_csv_in_parts, write_csv_header, write_csv_row};
use rules::population::{generate_vec, parse_age_sex, scale};

fn people(n: u64) -> Vec<rules::Person> {
    let table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/population/demo-county-age-sex.tsv"))
            .unwrap();
    generate_vec(&scale(&parse_age_sex(&table).unwrap(), n), 7)
}

fn csv(people: &[rules::Person]) -> String {
    let mut out = String::new();
    write_csv_header(&mut out);
    for p in people {
        write_csv_row(&mut out, p);
    }
    out
}

#[test]
fn csv_gives_the_same_population_as_records_on_any_number_of_threads() {
    let people = people(5_000);
    let text = csv(&people);
    let direct = format!("{:?}", Population::from_persons(&people));
    for parts in [1, 2, 3, 7] {
        let read = read_csv_in_parts(text.as_bytes(), parts).unwrap();
        assert_eq!(read.len(), 5_000);
        assert_eq!(format!("{read:?}"), direct, "{parts} parts");
    }
    // With a quote somewhere the file is read by the `csv` reader instead: the same population.
    let quoted = text.replacen(",female,", ",\"female\",", 1);
    assert_ne!(quoted, text);
    assert_eq!(format!("{:?}", read_csv_in_parts(quoted.as_bytes(), 2).unwrap()), direct);
    // Rows out of order are sorted as records are.
    let mut shuffled = people.clone();
    shuffled.reverse();
    let read = read_csv_in_parts(csv(&shuffled).as_bytes(), 2).unwrap();
    let from_records = Population::from_persons(&shuffled);
    assert_eq!(read.groups, from_records.groups);
    assert_eq!(read.order, from_records.order);
}

#[test]
fn errors_in_a_later_part_name_the_line_of_the_file() {
    let people = people(3_000);
    let mut text = csv(&people);
    // Break line 2,900 (a row in the last part when read in three parts).
    let start: usize = text.split_inclusive('\n').take(2_899).map(str::len).sum();
    let end = start + text[start..].find(',').unwrap();
    text.replace_range(start..end, "old");
    for parts in [1, 3] {
        let e = read_csv_in_parts(text.as_bytes(), parts).unwrap_err();
        assert_eq!((e.line, e.column), (2_900, Some(1)), "{parts} parts: {e}");
        assert!(e.to_string().starts_with("line 2900, column 1 (`age`): `old` is not a number"), "{e}");
    }
}
