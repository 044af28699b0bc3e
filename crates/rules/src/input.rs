//! Populations read from CSV bytes straight into columns.
//!
//! A header of fact names, then one person per line; an empty cell is an
//! unknown fact. Records are read as `csv` byte records (no allocation per
//! field), each cell checked as [`crate::person::parse_value`] checks JSON
//! values and each row settled as [`Person::settle`] settles one person, so a
//! file and the same people as records give the same population. Large inputs
//! are split at line ends and read on several threads (each into its own
//! [`Builder`], joined in order); a file with quotes is read on one thread, so
//! that a quoted line break is found and named rather than split.
//!
//! Accepted as written by spreadsheets: a UTF-8 byte order mark, CRLF line
//! ends, quoted cells, spaces around cells, empty lines. Refused with line and
//! column: unknown or repeated columns, a row with too few or too many cells,
//! a cell of the wrong kind or out of range (negative incomes, `NaN`), a cell
//! spanning lines, facts that disagree (`own_income` above `income`).
//!
//! No IO: the caller reads the file.

use crate::columns::{Builder, Population, UNKNOWN, Validity};
use crate::facts::{Fact, Kind, choices};
use crate::person::{Person, Value};

/// What is wrong with an input, and where (line from 1; column from 1, the cell's position in the row).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{} {line}{}{}: {problem}",
    if *by_row { "row" } else { "line" },
    column.map(|c| format!(", column {c}")).unwrap_or_default(),
    fact.map(|f| format!(" (`{}`)", f.name())).unwrap_or_default()
)]
pub struct InputError {
    /// The line of a text file, or (when `by_row`) the row of a columnar file, from 1.
    pub line: u64,
    pub column: Option<usize>,
    /// The fact of the column, when the problem is one cell's.
    pub fact: Option<Fact>,
    pub problem: String,
    /// `line` counts the rows of a columnar input (Parquet, Arrow), not lines of text.
    pub by_row: bool,
}

fn err(line: u64, column: Option<usize>, problem: impl Into<String>) -> InputError {
    InputError { line, column, fact: None, problem: problem.into(), by_row: false }
}

/// Inputs smaller than this are read on one thread.
const PARALLEL_FROM: usize = 4 << 20;

/// Reads a population from CSV bytes on up to `threads` threads.
pub fn read_csv(bytes: &[u8], threads: usize) -> Result<Population, InputError> {
    read_csv_in_parts(bytes, if bytes.len() < PARALLEL_FROM { 1 } else { threads })
}

/// Reads a population from CSV bytes split into `parts` read in parallel, whatever
/// the size (inputs with quotes: one part).
pub fn read_csv_in_parts(bytes: &[u8], parts: usize) -> Result<Population, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header_end = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1);
    let facts = header(&bytes[..header_end])?;
    let body = &bytes[header_end..];
    let threads = parts.max(1);
    let rows = estimate_rows(body);
    if memchr::memchr(b'"', body).is_some() {
        // Quotes: the `csv` reader, on one thread (a quoted line break must not be split).
        let mut b = Builder::with_capacity(rows);
        read_part(body, &facts, 2, &mut b)?;
        return Ok(b.finish());
    }
    if threads == 1 {
        let mut b = Builder::with_capacity(rows);
        fast_part(body, &facts, 2, &mut b)?;
        return Ok(b.finish());
    }
    // Split at line ends; line numbers of a part are counted only if it has an error.
    let mut cuts = vec![0];
    for t in 1..threads {
        let at = body.len() * t / threads;
        let at = memchr::memchr(b'\n', &body[at..]).map_or(body.len(), |i| at + i + 1);
        cuts.push(at.max(*cuts.last().expect("starts with 0")));
    }
    cuts.push(body.len());
    let parts: Vec<&[u8]> = cuts.windows(2).map(|w| &body[w[0]..w[1]]).collect();
    let results: Vec<Result<Builder, InputError>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(k, part)| {
                let facts = &facts;
                // The first part's columns take the others' rows after it: room for all.
                let capacity = if k == 0 { rows } else { estimate_rows(part) };
                s.spawn(move || {
                    let mut b = Builder::with_capacity(capacity);
                    fast_part(part, facts, 1, &mut b).map(|()| b)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a reader thread does not panic")).collect()
    });
    let mut out: Option<Builder> = None;
    let mut lines_before = 1u64; // the header
    for (part, result) in parts.iter().zip(results) {
        match result {
            Ok(b) => match &mut out {
                None => out = Some(b),
                Some(o) => o.append(b),
            },
            Err(mut e) => {
                e.line += lines_before;
                return Err(e);
            }
        }
        lines_before += memchr::memchr_iter(b'\n', part).count() as u64;
    }
    Ok(out.unwrap_or_else(|| Builder::with_capacity(0)).finish())
}

/// About how many rows `body` has (from the line length of its first 64 kB),
/// a little over, so that columns are allocated once.
fn estimate_rows(body: &[u8]) -> usize {
    let sample = &body[..body.len().min(64 << 10)];
    let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
    let per_line = (sample.len() / lines).max(1);
    body.len() / per_line + body.len() / per_line / 50 + 1024
}

fn header(line: &[u8]) -> Result<Vec<Fact>, InputError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line);
    let mut rec = csv::ByteRecord::new();
    match reader.read_byte_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => return Err(err(1, None, "the file is empty: expected a header of fact names")),
        Err(e) => return Err(err(1, None, format!("the header is not CSV: {e}"))),
    }
    let mut facts: Vec<Fact> = Vec::with_capacity(rec.len());
    for (i, name) in rec.iter().enumerate() {
        let name = trim(name);
        let text = String::from_utf8_lossy(name);
        let Some(f) = std::str::from_utf8(name).ok().and_then(Fact::from_name) else {
            return Err(err(1, Some(i + 1), format!("`{text}` is not a fact (see docs/rules-format.md)")));
        };
        if let Some(first) = facts.iter().position(|g| *g == f) {
            return Err(err(1, Some(i + 1), format!("`{text}` is already column {}", first + 1)));
        }
        facts.push(f);
    }
    Ok(facts)
}

/// Reads the rows of `part` (its first line is line `first_line` of the part's
/// numbering) into `b`.
fn read_part(part: &[u8], facts: &[Fact], first_line: u64, b: &mut Builder) -> Result<(), InputError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(part);
    let mut rec = csv::ByteRecord::new();
    loop {
        let line = |rec: &csv::ByteRecord| rec.position().map_or(0, |pos| pos.line()) + first_line - 1;
        match reader.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                let at = e.position().map_or(0, |p| p.line()) + first_line - 1;
                return Err(err(at, None, format!("not CSV: {e}")));
            }
        }
        let no = line(&rec);
        let fail = |col: Option<usize>, msg: String| Err(err(no, col, msg));
        if rec.len() == 1 && trim(&rec[0]).is_empty() {
            continue;
        }
        if rec.len() != facts.len() {
            return fail(None, format!("{} values for {} columns", rec.len(), facts.len()));
        }
        let mut p = Person::default();
        for (col, (fact, cell)) in facts.iter().zip(rec.iter()).enumerate() {
            let cell = trim(cell);
            if cell.is_empty() {
                continue;
            }
            if memchr::memchr2(b'\n', b'\r', cell).is_some() {
                return fail(
                    Some(col + 1),
                    format!("the value of `{}` spans more than one line (a quoted line break)", fact.name()),
                );
            }
            match cell_value(*fact, cell) {
                Ok(v) => p.set(*fact, Some(v)),
                Err(msg) => return Err(InputError { fact: Some(*fact), ..err(no, Some(col + 1), msg) }),
            }
        }
        if let Err(problem) = p.settle() {
            let col = facts.iter().position(|f| f.name() == problem.field).map(|c| c + 1);
            return fail(col, format!("`{}` {}", problem.field, problem.problem));
        }
        b.push(&p);
    }
}

/// How a column's cells are read.
#[derive(Clone, Copy)]
enum Slot {
    Number { min: f64, max: f64, level: bool },
    Flag,
    Municipality,
    Choice(&'static [(&'static str, [&'static str; 3])]),
}

fn slot(fact: Fact) -> Slot {
    match fact.kind() {
        Kind::Number { min, max } => Slot::Number { min: min as f64, max: max as f64, level: fact.is_level() },
        Kind::Flag => Slot::Flag,
        Kind::Choice if fact.is_municipality() => Slot::Municipality,
        Kind::Choice => Slot::Choice(choices(fact)),
    }
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// A plain decimal (`-12.345`) exactly as a correctly rounded parse gives it: the
/// digits as an integer below 2⁵³ divided by an exact power of ten is one IEEE
/// division, correctly rounded. Anything else goes to `fast-float2`.
#[inline]
fn number(cell: &[u8]) -> Option<f64> {
    let (neg, digits) = match cell.first() {
        Some(b'-') => (true, &cell[1..]),
        _ => (false, cell),
    };
    let (mut m, mut n, mut frac, mut dot) = (0u64, 0u32, 0usize, false);
    for &c in digits {
        match c {
            b'0'..=b'9' if n < 15 => {
                m = m * 10 + (c - b'0') as u64;
                n += 1;
                frac += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return fast_float2::parse(cell).ok(),
        }
    }
    if n == 0 {
        return None;
    }
    // Most cells are whole numbers: no division (its latency is this reader's hot spot).
    let x = if frac == 0 { m as f64 } else { m as f64 / POW10[frac] };
    Some(if neg { -x } else { x })
}

/// Reads the rows of a part without quotes straight into `b`'s columns: the
/// same checks and messages as [`read_part`], without a record per row.
fn fast_part(part: &[u8], facts: &[Fact], first_line: u64, b: &mut Builder) -> Result<(), InputError> {
    let slots: Vec<(Fact, usize, Slot)> = facts.iter().map(|f| (*f, f.index(), slot(*f))).collect();
    let absent: Vec<Fact> = Fact::ALL.iter().copied().filter(|f| !facts.contains(f)).collect();
    let col_of = |f: Fact| facts.iter().position(|g| *g == f).map(|c| c + 1);
    let (municipality, age) = (Fact::Municipality.index(), Fact::Age.index());
    let mut line = first_line;
    let mut at = 0;
    while at < part.len() {
        let end = memchr::memchr(b'\n', &part[at..]).map_or(part.len(), |e| at + e);
        let row = part[at..end].strip_suffix(b"\r").unwrap_or(&part[at..end]);
        at = end + 1;
        let no = line;
        line += 1;
        if row.trim_ascii().is_empty() {
            continue;
        }
        let mut start = 0;
        let values = |row: &[u8]| memchr::memchr_iter(b',', row).count() + 1;
        for (col, (fact, index, slot)) in slots.iter().enumerate() {
            // Cells are short: a plain scan finds the comma sooner than a vectorised search.
            let comma = row.get(start..).and_then(|rest| rest.iter().position(|&c| c == b',')).map(|p| start + p);
            let end = if col + 1 < slots.len() { comma } else { comma.xor(Some(row.len())) };
            let Some(end) = end else {
                return Err(err(no, None, format!("{} values for {} columns", values(row), facts.len())));
            };
            let mut cell = &row[start..end];
            start = end + 1;
            if cell.first().is_some_and(u8::is_ascii_whitespace) || cell.last().is_some_and(u8::is_ascii_whitespace) {
                cell = cell.trim_ascii();
            }
            let bad = || InputError { fact: Some(*fact), ..err(no, Some(col + 1), message(*fact, cell)) };
            if cell.is_empty() {
                match slot {
                    Slot::Number { .. } => b.push_number(*index, f32::NAN, false),
                    Slot::Flag => b.push_flag(*index, false, false),
                    Slot::Municipality | Slot::Choice(_) => b.push_choice(*index, UNKNOWN),
                }
                continue;
            }
            match slot {
                Slot::Number { min, max, level } => match number(cell) {
                    Some(x) if x >= *min && x <= *max && (!level || x == (x as i64) as f64) => {
                        b.push_number(*index, x as f32, true)
                    }
                    _ => return Err(bad()),
                },
                Slot::Flag => match cell {
                    b"true" | b"yes" | b"1" => b.push_flag(*index, true, true),
                    b"false" | b"no" | b"0" => b.push_flag(*index, false, true),
                    _ => return Err(bad()),
                },
                Slot::Municipality => match cell {
                    [a @ b'0'..=b'9', c @ b'0'..=b'9', d @ b'0'..=b'9'] => {
                        b.push_choice(*index, (a - b'0') as u16 * 100 + (c - b'0') as u16 * 10 + (d - b'0') as u16)
                    }
                    _ => return Err(bad()),
                },
                Slot::Choice(known) => match known.iter().position(|(v, _)| v.as_bytes() == cell) {
                    Some(i) => b.push_choice(*index, i as u16),
                    None => return Err(bad()),
                },
            }
        }
        for f in &absent {
            match slot(*f) {
                Slot::Number { .. } => b.push_number(f.index(), f32::NAN, false),
                Slot::Flag => b.push_flag(f.index(), false, false),
                Slot::Municipality | Slot::Choice(_) => b.push_choice(f.index(), UNKNOWN),
            }
        }
        if let Err(problem) = settle_row(b) {
            return Err(err(no, col_of(problem.0), format!("`{}` {}", problem.0.name(), problem.1)));
        }
        let m = b.current_choice(municipality);
        b.end_row(m, b.current_number(age));
    }
    Ok(())
}

/// [`Person::settle`] on the row being built.
fn settle_row(b: &mut Builder) -> Result<(), (Fact, &'static str)> {
    let row = b.len();
    settle_row_at(b, row)
}

/// [`Person::settle`] on row `row` of `b`'s columns.
fn settle_row_at(b: &mut Builder, row: usize) -> Result<(), (Fact, &'static str)> {
    let n = |f: Fact| b.number_at(f.index(), row);
    if let (Some(u3), Some(u7)) = (n(Fact::ChildrenUnder3), n(Fact::ChildrenUnder7))
        && u3 > u7
    {
        return Err((Fact::ChildrenUnder3, "more than `children_under_7`"));
    }
    let children = n(Fact::Children);
    if let Some(c) = children {
        for f in [Fact::ChildrenUnder3, Fact::ChildrenUnder7] {
            if n(f).is_some_and(|x| x > c) {
                return Err((f, "more than `children` (children under 18)"));
            }
        }
    }
    if let (Some(own), Some(household)) = (n(Fact::OwnIncome), n(Fact::Income))
        && own > household
    {
        return Err((Fact::OwnIncome, "more than the household's `income`"));
    }
    if let (Some(size), Some(c)) = (n(Fact::HouseholdSize), children)
        && size < c + 1.0
    {
        return Err((Fact::HouseholdSize, "smaller than `children` + 1"));
    }
    if children == Some(0.0) {
        match n(Fact::YoungestChildAge) {
            Some(_) => return Err((Fact::YoungestChildAge, "given, but `children` is 0")),
            None => b.set_not_applicable_at(Fact::YoungestChildAge.index(), row),
        }
    }
    Ok(())
}

/// The message for a cell that does not read.
fn message(fact: Fact, cell: &[u8]) -> String {
    match cell_value(fact, cell) {
        Err(msg) => msg,
        Ok(_) => format!("`{}` cannot be read", String::from_utf8_lossy(cell)),
    }
}

fn trim(cell: &[u8]) -> &[u8] {
    cell.trim_ascii()
}

/// One cell's value, checked as [`crate::person::parse_value`] checks a JSON value.
fn cell_value(fact: Fact, cell: &[u8]) -> Result<Value, String> {
    let name = fact.name();
    let shown = || String::from_utf8_lossy(cell).into_owned();
    match fact.kind() {
        Kind::Number { min, max } => {
            let x: f64 = match fast_float2::parse(cell) {
                Ok(x) => x,
                Err(_) => return Err(format!("`{}` is not a number", shown())),
            };
            if !(min as f64..=max as f64).contains(&x) {
                return Err(format!("{} is impossible for `{name}` ({min}–{max})", shown()));
            }
            if fact.is_level() && x.fract() != 0.0 {
                return Err(format!("`{name}` is a level or a count: {} is not a whole number", shown()));
            }
            Ok(Value::Number(x as f32))
        }
        Kind::Flag => match cell {
            b"true" | b"yes" | b"1" => Ok(Value::Flag(true)),
            b"false" | b"no" | b"0" => Ok(Value::Flag(false)),
            _ => Err(format!("`{}` is not true or false", shown())),
        },
        Kind::Choice if fact.is_municipality() => {
            if cell.len() == 3 && cell.iter().all(u8::is_ascii_digit) {
                Ok(Value::Choice(cell.iter().fold(0u16, |n, d| n * 10 + (d - b'0') as u16)))
            } else {
                Err(format!("`{}` is not a municipality code (three digits)", shown()))
            }
        }
        Kind::Choice => {
            let known = choices(fact);
            match known.iter().position(|(v, _)| v.as_bytes() == cell) {
                Some(i) => Ok(Value::Choice(i as u16)),
                None => {
                    let list: Vec<&str> = known.iter().map(|(c, _)| *c).collect();
                    Err(format!("`{}` is not a value of `{name}` ({})", shown(), list.join(", ")))
                }
            }
        }
    }
}

/// One column of a columnar input (an Arrow record batch, a Parquet row group),
/// as the adapter reading the file hands it over.
#[derive(Debug, Clone, Copy)]
pub enum Cells<'a> {
    /// A number fact's values; a row `valid` leaves clear (a null) is unknown. NaN
    /// is refused, as in CSV.
    Numbers { values: &'a [f64], valid: Option<Validity<'a>> },
    /// The same as 32-bit floats (the engine's own precision: no conversion).
    Floats { values: &'a [f32], valid: Option<Validity<'a>> },
    /// A flag fact's values as bits.
    Flags { values: Validity<'a>, valid: Option<Validity<'a>> },
    /// A choice fact's codes: the index in [`choices`], or a municipality's code;
    /// [`UNKNOWN`] for a null. The adapter names values it cannot code.
    Codes(&'a [u16]),
}

/// Columnar input: column `k` of `columns` holds fact `facts[k]` for `rows`
/// rows. Checked as CSV cells are (ranges, whole-number levels, facts that
/// disagree), the first problem in reading order reported by row (from
/// `first_row`) and column (from 1). On an error `b` is left unusable.
pub fn push_columns(
    b: &mut Builder,
    facts: &[Fact],
    columns: &[Cells<'_>],
    rows: usize,
    first_row: u64,
) -> Result<(), InputError> {
    fn note(first_bad: &mut Option<(usize, usize, String)>, row: usize, col: usize, problem: String) {
        if first_bad.as_ref().is_none_or(|(r, c, _)| (row, col) < (*r, *c)) {
            *first_bad = Some((row, col, problem));
        }
    }
    let start = b.len();
    // The first bad cell of each column; the earliest row (then leftmost column) wins.
    let mut first_bad: Option<(usize, usize, String)> = None;
    for (col, (fact, cells)) in facts.iter().zip(columns).enumerate() {
        let index = fact.index();
        match (slot(*fact), *cells) {
            (Slot::Number { min, max, level }, Cells::Numbers { values, valid }) => {
                if let Some((i, shown)) = first_out_of_range(&values[..rows], valid, min, max, level) {
                    note(&mut first_bad, i, col, message(*fact, shown.as_bytes()));
                }
                b.extend_numbers(index, &values[..rows], valid);
            }
            (Slot::Number { min, max, level }, Cells::Floats { values, valid }) => {
                if let Some((i, shown)) = first_out_of_range(&values[..rows], valid, min, max, level) {
                    note(&mut first_bad, i, col, message(*fact, shown.as_bytes()));
                }
                b.extend_floats(index, &values[..rows], valid);
            }
            (Slot::Flag, Cells::Flags { values, valid }) => b.extend_flags(index, values, valid, rows),
            (Slot::Municipality | Slot::Choice(_), Cells::Codes(codes)) => b.extend_choices(index, &codes[..rows]),
            _ => {
                return Err(InputError {
                    fact: Some(*fact),
                    by_row: true,
                    ..err(first_row, Some(col + 1), format!("`{}` is given as the wrong kind of column", fact.name()))
                });
            }
        }
    }
    for f in Fact::ALL.iter().filter(|f| !facts.contains(f)) {
        b.extend_unknown(f.index(), rows);
    }
    let checked = first_bad.as_ref().map_or(rows, |(r, _, _)| *r);
    if let Err((row, fact, problem)) = settle_rows(b, start..start + checked) {
        let col = facts.iter().position(|g| *g == fact).unwrap_or(0);
        note(&mut first_bad, row - start, col, format!("`{}` {problem}", fact.name()));
    }
    if let Some((row, col, problem)) = first_bad {
        let fact = facts.get(col).copied();
        return Err(InputError { fact, by_row: true, ..err(first_row + row as u64, Some(col + 1), problem) });
    }
    b.end_rows(start + rows);
    Ok(())
}

/// The first known value out of `min..=max` (or, for a level, not whole), with
/// the text to name it by. The whole column is checked first without branches;
/// the row is looked for only when something is wrong.
fn first_out_of_range<T: Copy + Into<f64>>(
    values: &[T],
    valid: Option<Validity<'_>>,
    min: f64,
    max: f64,
    level: bool,
) -> Option<(usize, String)> {
    // Rounds to a whole number for |x| < 2^51 (the facts' ranges are far smaller).
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let fine = |x: f64| x >= min && x <= max && (!level || (x + ROUND) - ROUND == x);
    if values.iter().fold(true, |ok, &x| ok & fine(x.into())) {
        return None;
    }
    let i = (0..values.len()).find(|&i| valid.is_none_or(|v| v.get(i)) && !fine(values[i].into()))?;
    let x: f64 = values[i].into();
    Some((i, number_text(x)))
}

/// [`Person::settle`] over whole rows at once: the facts that must agree are
/// compared column-wise (unknown is NaN, so a comparison with it is false, as
/// `settle` skips unknown facts), and a row that fails is settled alone for
/// its message. Rows with no children get `youngest_child_age` not applicable.
fn settle_rows(b: &mut Builder, rows: std::ops::Range<usize>) -> Result<(), (usize, Fact, &'static str)> {
    let youngest = Fact::YoungestChildAge.index();
    let mut from = rows.start;
    while from < rows.end {
        // Read-only: the next row that may fail, and the childless rows before it.
        let (candidate, childless) = {
            let v = |f: Fact| b.number_values(f.index());
            let (u3, u7, c, own, income, size) = (
                v(Fact::ChildrenUnder3),
                v(Fact::ChildrenUnder7),
                v(Fact::Children),
                v(Fact::OwnIncome),
                v(Fact::Income),
                v(Fact::HouseholdSize),
            );
            let known = b.known_words(youngest);
            let mut childless: Vec<u32> = Vec::new();
            let mut candidate = None;
            for i in from..rows.end {
                let ci = c[i];
                let disagree = u3[i] > u7[i] || u3[i] > ci || u7[i] > ci || own[i] > income[i] || size[i] < ci + 1.0;
                if ci == 0.0 {
                    if known[i / 64] >> (i % 64) & 1 == 1 {
                        candidate = Some(i);
                        break;
                    }
                    childless.push(i as u32);
                }
                if disagree {
                    candidate = Some(i);
                    break;
                }
            }
            (candidate, childless)
        };
        b.set_not_applicable_rows(youngest, &childless);
        let Some(i) = candidate else { break };
        settle_row_at(b, i).map_err(|(fact, problem)| (i, fact, problem))?;
        from = i + 1;
    }
    Ok(())
}

/// A number as a person would write it in a cell.
fn number_text(x: f64) -> String {
    if x.is_nan() { "NaN".to_owned() } else { format!("{x}") }
}

/// The code of a closed choice's value (`female`, `memory_disorder`, …), or of a
/// municipality (three digits), as the CSV reader reads a cell.
pub fn choice_code(fact: Fact, text: &str) -> Result<u16, String> {
    match cell_value(fact, text.trim().as_bytes())? {
        Value::Choice(c) => Ok(c),
        _ => Err(format!("`{text}` is not a value of `{}`", fact.name())),
    }
}

/// Writes persons as CSV with every fact as a column (the format [`read_csv`] reads).
pub fn write_csv_header(out: &mut String) {
    for (i, f) in Fact::ALL.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(f.name());
    }
    out.push('\n');
}

/// Appends one person as a CSV line (after [`write_csv_header`]).
pub fn write_csv_row(out: &mut String, p: &Person) {
    use std::fmt::Write;
    for (i, f) in Fact::ALL.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match p.get(*f) {
            Some(Value::Number(x)) => {
                let _ = write!(out, "{}", crate::eval::number(x));
            }
            Some(Value::Flag(b)) => out.push_str(if b { "true" } else { "false" }),
            Some(Value::Choice(c)) => out.push_str(&f.choice_name(c)),
            Some(Value::NotApplicable) | None => {}
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<Population, InputError> {
        read_csv(text.as_bytes(), 1)
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = one("age,income\n80,1200\n81,x\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, Some(2)), "{e}");
        assert!(e.problem.contains("not a number"), "{e}");
        let e = one("age,income\n80,-5\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(2)), "{e}");
        assert!(e.problem.contains("impossible"), "{e}");
        let e = one("age,income\n80,NaN\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(2)), "{e}");
        let e = one("age,agee\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, Some(2)), "{e}");
        let e = one("age,age\n").unwrap_err();
        assert!(e.problem.contains("already column 1"), "{e}");
        let e = one("age,income\n80\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, None), "{e}");
        assert!(e.problem.contains("1 values for 2 columns"), "{e}");
        let e = one("age,income\n80,1,2\n").unwrap_err();
        assert!(e.problem.contains("3 values for 2 columns"), "{e}");
        let e = one("age,sex\n80,\"fe\nmale\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(2)), "{e}");
        assert!(e.problem.contains("spans more than one line"), "{e}");
        let e = one("income,own_income\n1000,2000\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, Some(2)), "{e}");
        let e = one("care_allowance\n1.5\n").unwrap_err();
        assert!(e.problem.contains("whole number"), "{e}");
        assert!(one("").unwrap_err().problem.contains("empty"));
    }

    #[test]
    fn spreadsheet_files_read_the_same() {
        let plain = one("age,municipality,sex,lives_alone\n80,638,female,true\n\n30,018,male,no\n").unwrap();
        let excel =
            one("\u{feff}age,municipality,sex,lives_alone\r\n80,\"638\",female , yes\r\n30,018,male,0\r\n").unwrap();
        assert_eq!(format!("{plain:?}"), format!("{excel:?}"));
        assert_eq!(plain.len(), 2);
        // The same without quotes (the reader that does not go through `csv` records).
        let unquoted =
            one("\u{feff}age,municipality,sex,lives_alone\r\n80,638,female , yes\r\n\r\n30,018,male,0\r\n").unwrap();
        assert_eq!(format!("{plain:?}"), format!("{unquoted:?}"));
        let e = one("age,income\r\n80,1200\r\n81,x\r\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, Some(2)), "{e}");
    }
}
