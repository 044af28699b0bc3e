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

use crate::columns::{BitVec, Builder, ColumnMut, Population, UNKNOWN, Validity, age_band};
use crate::facts::FACT_COUNT;
use crate::facts::{Fact, Kind, choices};
use std::ops::Range;

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
                    fast_part(part, facts, 1, &mut b).map(|_| b)
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

/// What stops [`read_csv_at`]: the file is refused, or could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadCsvError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

/// Bytes read at a time by each thread of [`read_csv_at`] (they stay in the
/// core's cache while their rows are read).
const PIECE: usize = 1 << 19;

/// Reads a population from a CSV file of `len` bytes through `read_at`
/// (positional reads, as `FileExt::read_at` does them) on up to `threads`
/// threads, each streaming its stretch of the file in pieces: the file is
/// never in memory whole, and what is read is still in cache when its rows
/// are. The same population and errors as [`read_csv`] over the whole file;
/// a file with quotes is read whole and handed to it.
pub fn read_csv_at<R>(len: u64, read_at: R, threads: usize) -> Result<Population, ReadCsvError>
where
    R: Fn(u64, &mut [u8]) -> std::io::Result<usize> + Sync,
{
    let parts = if len < PARALLEL_FROM as u64 { 1 } else { threads };
    read_csv_at_in(len, read_at, parts, PIECE)
}

/// [`read_csv_at`] in `parts` stretches read `piece` bytes at a time, whatever the size.
fn read_csv_at_in<R>(len: u64, read_at: R, parts: usize, piece: usize) -> Result<Population, ReadCsvError>
where
    R: Fn(u64, &mut [u8]) -> std::io::Result<usize> + Sync,
{
    let threads = parts.max(1);
    let whole = |_: ()| -> Result<Population, ReadCsvError> {
        let mut all = vec![0; len as usize];
        read_exact_at(&read_at, 0, &mut all)?;
        Ok(read_csv(&all, threads)?)
    };
    // The header, from the first piece.
    let mut head = vec![0; (len as usize).min(piece.max(64 << 10))];
    read_exact_at(&read_at, 0, &mut head)?;
    let bom = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let Some(header_end) = memchr::memchr(b'\n', &head).map(|i| i + 1) else {
        // One line (or a header longer than a piece): small enough to read whole.
        return whole(());
    };
    let facts = header(&head[bom..header_end])?;
    if memchr::memchr(b'"', &head[header_end..]).is_some() {
        return whole(());
    }
    let body = header_end as u64..len;
    let threads = threads as u64;
    let rows = estimate_rows_of(&head[header_end..], (body.end - body.start) as usize) as u64;
    let stretches: Vec<std::ops::Range<u64>> = (0..threads)
        .map(|t| {
            let span = body.end - body.start;
            body.start + span * t / threads..body.start + span * (t + 1) / threads
        })
        .collect();
    let results: Vec<Result<(Builder, u64), Streamed>> = std::thread::scope(|s| {
        let handles: Vec<_> = stretches
            .iter()
            .enumerate()
            .map(|(k, stretch)| {
                let (facts, read_at) = (&facts, &read_at);
                // The first stretch's columns take the others' rows after it: room for all.
                let capacity = if k == 0 { rows } else { rows / threads + 1024 } as usize;
                let (stretch, first) = (stretch.clone(), k == 0);
                s.spawn(move || {
                    let mut b = Builder::with_capacity(capacity);
                    stream(read_at, len, stretch, first, facts, piece, &mut b).map(|lines| (b, lines))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a reader thread does not panic")).collect()
    });
    let mut out: Option<Builder> = None;
    let mut lines_before = 1u64; // the header
    for result in results {
        match result {
            Ok((b, lines)) => {
                match &mut out {
                    None => out = Some(b),
                    Some(o) => o.append(b),
                }
                lines_before += lines;
            }
            Err(Streamed::Quoted) => return whole(()),
            Err(Streamed::Io(e)) => return Err(e.into()),
            Err(Streamed::Input(mut e)) => {
                e.line += lines_before;
                return Err(e.into());
            }
        }
    }
    Ok(out.unwrap_or_else(|| Builder::with_capacity(0)).finish())
}

/// Why a stretch stopped.
enum Streamed {
    /// A quote: the file goes to the `csv` reader instead.
    Quoted,
    Io(std::io::Error),
    /// Lines counted from the stretch's first line (line 0).
    Input(InputError),
}

/// Fills `buf` from `at`, or fails (the file is shorter than it was).
fn read_exact_at<R>(read_at: &R, mut at: u64, mut buf: &mut [u8]) -> std::io::Result<()>
where
    R: Fn(u64, &mut [u8]) -> std::io::Result<usize>,
{
    while !buf.is_empty() {
        match read_at(at, buf) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                at += n as u64;
                buf = &mut buf[n..];
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads the lines that start in `stretch` (a stretch after the first begins
/// at the line after the one its start falls in) into `b`, a piece at a
/// time; returns how many lines it read.
fn stream<R>(
    read_at: &R,
    len: u64,
    stretch: Range<u64>,
    first: bool,
    facts: &[Fact],
    piece: usize,
    b: &mut Builder,
) -> Result<u64, Streamed>
where
    R: Fn(u64, &mut [u8]) -> std::io::Result<usize>,
{
    let mut buf: Vec<u8> = vec![0; piece.max(1)];
    // File offset of `buf[0]`, and bytes of `buf` holding file data.
    let (mut base, mut filled) = (stretch.start - u64::from(!first), 0usize);
    let mut skip = !first;
    let mut lines = 0u64;
    loop {
        let want = ((len - base) as usize).min(buf.len()) - filled;
        if want > 0 {
            read_exact_at(read_at, base + filled as u64, &mut buf[filled..filled + want]).map_err(Streamed::Io)?;
            filled += want;
        }
        let at_end = base + filled as u64 == len;
        let mut from = 0;
        if skip {
            // The line the stretch's start falls in is the previous stretch's.
            match memchr::memchr(b'\n', &buf[..filled]) {
                Some(i) => {
                    from = i + 1;
                    skip = false;
                }
                None if at_end => return Ok(0),
                None => {
                    (base, filled) = (base + filled as u64, 0);
                    continue;
                }
            }
        }
        // Whole lines, up to the first line that starts at or after the stretch's end.
        let complete = if at_end { filled } else { memchr::memrchr(b'\n', &buf[..filled]).map_or(0, |i| i + 1) };
        let (mut until, mut done) = (complete, at_end);
        let end = stretch.end.saturating_sub(base).min(usize::MAX as u64) as usize;
        if end <= complete {
            // The line holding the stretch's last byte is its last line.
            until = if from >= end {
                from
            } else {
                memchr::memchr(b'\n', &buf[end - 1..complete]).map_or(complete, |i| end + i)
            };
            done = true;
        }
        if complete == 0 && !done {
            // A line longer than the piece: a bigger piece.
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        let lines_part = &buf[from..until];
        if memchr::memchr(b'"', lines_part).is_some() {
            return Err(Streamed::Quoted);
        }
        lines += fast_part(lines_part, facts, lines + 1, b).map_err(Streamed::Input)?;
        if done {
            return Ok(lines);
        }
        buf.copy_within(until..filled, 0);
        (base, filled) = (base + until as u64, filled - until);
    }
}

/// About how many rows `body` has (from the line length of its first 64 kB),
/// a little over, so that columns are allocated once.
fn estimate_rows(body: &[u8]) -> usize {
    estimate_rows_of(body, body.len())
}

/// About how many rows a body of `len` bytes beginning with `sample` has.
fn estimate_rows_of(sample: &[u8], len: usize) -> usize {
    let sample = &sample[..sample.len().min(64 << 10)];
    let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
    let per_line = (sample.len() / lines).max(1);
    len / per_line + len / per_line / 50 + 1024
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
/// division, correctly rounded. Anything else goes to `fast-float2`. The flag
/// says the cell was written as a whole number (no decimals, no exponent).
#[inline]
fn number(cell: &[u8]) -> Option<(f64, bool)> {
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
            _ => return fast_float2::parse(cell).ok().map(|x| (x, false)),
        }
    }
    if n == 0 {
        return None;
    }
    // Most cells are whole numbers: no division (its latency is this reader's hot spot).
    let x = if frac == 0 { m as f64 } else { m as f64 / POW10[frac] };
    Some((if neg { -x } else { x }, frac == 0))
}

/// Where a cell of a part without quotes goes: its column, and how it is read.
enum Sink<'a> {
    Number {
        values: &'a mut Vec<f32>,
        known: &'a mut BitVec,
        min: f64,
        max: f64,
        level: bool,
    },
    Flag {
        values: &'a mut BitVec,
        known: &'a mut BitVec,
    },
    /// A municipality code; `home`: the person's municipality of residence (the row's key).
    Municipality {
        values: &'a mut Vec<u16>,
        home: bool,
    },
    Choice {
        values: &'a mut Vec<u16>,
        known: &'static [(&'static str, [&'static str; 3])],
    },
}

/// Rows are gathered this many at a time, cell by cell, before they go to the columns.
const BATCH: usize = 64;

/// The position of the first comma in `bytes[from..to]`, eight bytes at a
/// time (cells are short: a word usually holds the whole cell), reading up to
/// seven bytes past `to` where `bytes` has them.
#[inline(always)]
fn find_comma(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    const COMMAS: u64 = 0x2C2C_2C2C_2C2C_2C2C;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while at < to {
        let Some(eight) = bytes.get(at..at + 8) else {
            return bytes[at..to].iter().position(|&c| c == b',').map(|p| at + p);
        };
        let x = u64::from_le_bytes(eight.try_into().expect("8 bytes")) ^ COMMAS;
        // The lowest high bit marks the first zero byte, that is the first comma.
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            let p = at + (found.trailing_zeros() / 8) as usize;
            return (p < to).then_some(p);
        }
        at += 8;
    }
    None
}

/// The whole number written in `bytes[end - len..end]` (1 to 8 digits, no
/// sign), from one 8-byte word: `None` if any byte is not a digit or the
/// word does not fit before `end`.
#[inline(always)]
fn whole8(bytes: &[u8], end: usize, len: usize) -> Option<u64> {
    if !(1..=8).contains(&len) || end < 8 {
        return None;
    }
    let word = u64::from_le_bytes(bytes[end - 8..end].try_into().expect("8 bytes"));
    // The cell is the word's high `len` bytes: the others become '0'.
    let pad = if len == 8 { 0 } else { (1u64 << (8 * (8 - len))) - 1 };
    let word = (word & !pad) | (0x3030_3030_3030_3030 & pad);
    let digits = word.wrapping_sub(0x3030_3030_3030_3030);
    // Every byte '0'..='9': below 10 after the subtraction, without borrows.
    if (word & 0xF0F0_F0F0_F0F0_F0F0) != 0x3030_3030_3030_3030
        || (word.wrapping_add(0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) != 0x3030_3030_3030_3030
    {
        return None;
    }
    // Pairs, fours, eights of digits (the first digit is the lowest byte).
    let v = (digits.wrapping_mul(10) + (digits >> 8)) & 0x00FF_00FF_00FF_00FF;
    let v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_FFFF_0000_FFFF;
    Some((v.wrapping_mul(10_000) + (v >> 32)) & 0xFFFF_FFFF)
}

/// A number cell: 1 to 8 digits from one word, anything else by [`number`].
#[inline(always)]
fn number_at(bytes: &[u8], end: usize, cell: &[u8]) -> Option<(f64, bool)> {
    if let [d @ b'0'..=b'9'] = cell {
        return Some(((d - b'0') as f64, true));
    }
    match whole8(bytes, end, cell.len()) {
        Some(n) => Some((n as f64, true)),
        None => number(cell),
    }
}

/// Cells of up to [`BATCH`] rows, by the file's column, before they go to the columns.
struct Batch {
    numbers: Vec<[f32; BATCH]>,
    codes: Vec<[u16; BATCH]>,
    /// Set and known bits of flag columns.
    flags: Vec<(u64, u64)>,
    /// Rows whose `youngest_child_age` is settled as not applicable.
    not_applicable: u64,
    rows: usize,
}

/// Bytes of a part read column by column at a time (whole lines; their
/// separators found first).
const CHUNK_BYTES: usize = 128 << 10;

/// Reads the lines of a part without quotes (its first line is line
/// `first_line`) into `b`; returns how many lines it read.
///
/// A part with white space (spaces, tabs, CRLF line ends) goes row by row
/// ([`row_part`]). Otherwise lines are taken about [`CHUNK_BYTES`] at a
/// time: their commas and line ends are found sixteen bytes at a time, and if
/// every line has one cell per column, each column's cells are read in one
/// loop ([`clean_chunk`]). Anything else in a chunk (a blank line, a line
/// with too few or too many cells, a cell that does not read, facts that
/// disagree) sends that chunk row by row, which finds and names the first
/// problem as it would in any file.
fn fast_part(part: &[u8], facts: &[Fact], first_line: u64, b: &mut Builder) -> Result<u64, InputError> {
    let white = |bytes: &[u8]| memchr::memchr3(b' ', b'\t', b'\r', bytes).or_else(|| memchr::memchr(b'\x0c', bytes));
    if facts.len() < 2 || white(part).is_some() {
        return row_part(part, facts, first_line, b);
    }
    let mut room: Vec<u32> = Vec::new();
    let (mut at, mut line) = (0, first_line);
    while at < part.len() {
        let end = if part.len() - at <= CHUNK_BYTES {
            part.len()
        } else {
            memchr::memrchr(b'\n', &part[at..at + CHUNK_BYTES])
                .or_else(|| memchr::memchr(b'\n', &part[at + CHUNK_BYTES..]).map(|i| CHUNK_BYTES + i))
                .map_or(part.len(), |i| at + i + 1)
        };
        let chunk = &part[at..end];
        line += match cells(chunk, facts.len(), &mut room) {
            Some((bounds, rows)) if clean_chunk(chunk, bounds, rows, facts, b) => rows as u64,
            _ => row_part(chunk, facts, line, b)?,
        };
        at = end;
    }
    Ok(line - first_line)
}

/// Where the cells of whole lines start: `bounds[i]` is the first byte of
/// cell `i` (row `i / columns`, column `i % columns`) and `bounds[i + 1] - 1`
/// its end (the comma or line end after it; a last line without a line end
/// ends at the end of `bytes`). Separators are found sixteen bytes at a
/// time. Returns the number of lines if every line has exactly `columns`
/// cells, otherwise `None`.
fn cells<'a>(bytes: &[u8], columns: usize, room: &'a mut Vec<u32>) -> Option<(&'a [u32], usize)> {
    use wide::u8x16;
    let (commas, ends) = (u8x16::splat(b','), u8x16::splat(b'\n'));
    // Room for a cell per byte, kept from chunk to chunk (not cleared: every bound used is written).
    if room.len() < bytes.len() + 2 {
        room.resize(bytes.len() + 2, 0);
    }
    let bounds = &mut room[..bytes.len() + 2];
    bounds[0] = 0;
    let (mut n, mut lines) = (1usize, 0usize);
    let mut at = 0;
    while at < bytes.len() {
        let (comma, end) = match bytes.get(at..at + 16) {
            Some(sixteen) => {
                let v = u8x16::new(sixteen.try_into().expect("16 bytes"));
                (v.cmp_eq(commas).move_mask() as u32, v.cmp_eq(ends).move_mask() as u32)
            }
            None => bytes[at..]
                .iter()
                .enumerate()
                .fold((0u32, 0u32), |(c, e), (i, b)| (c | u32::from(*b == b',') << i, e | u32::from(*b == b'\n') << i)),
        };
        lines += end.count_ones() as usize;
        let mut found = comma | end;
        while found != 0 {
            bounds[n] = (at + found.trailing_zeros() as usize + 1) as u32;
            n += 1;
            found &= found - 1;
        }
        at += 16;
    }
    // The last line, without its line end.
    if bytes.last().is_some_and(|&c| c != b'\n') {
        bounds[n] = bytes.len() as u32 + 1;
        n += 1;
        lines += 1;
    }
    let bounds = &room[..n];
    // As many cells as the lines need, and each line's last one ended by its line end
    // (with as many line ends as lines, no other separator is one).
    let regular = n - 1 == lines * columns
        && bounds[1..].chunks_exact(columns).all(|line| {
            let end = line[columns - 1] as usize - 1;
            end == bytes.len() || bytes[end] == b'\n'
        });
    regular.then_some((bounds, lines))
}

/// Reads `rows` lines whose cells start at `bounds` column by column into
/// `b`: true if every cell read and every row's facts agree; otherwise false,
/// with `b` as it was.
fn clean_chunk(chunk: &[u8], bounds: &[u32], rows: usize, facts: &[Fact], b: &mut Builder) -> bool {
    let first_row = b.len();
    let read = read_columns(chunk, bounds, rows, facts, b);
    if read {
        for f in Fact::ALL.iter().filter(|f| !facts.contains(f)) {
            b.extend_unknown(f.index(), rows);
        }
        let number = |f: Fact, row: usize| b.number_at(f.index(), row);
        let mut not_applicable = Vec::new();
        for row in first_row..first_row + rows {
            match settle(|f| number(f, row)) {
                Ok(false) => {}
                Ok(true) => not_applicable.push(row as u32),
                Err(_) => {
                    b.truncate(first_row);
                    return false;
                }
            }
        }
        b.set_not_applicable_rows(Fact::YoungestChildAge.index(), &not_applicable);
        b.end_rows(first_row + rows);
        return true;
    }
    b.truncate(first_row);
    false
}

/// Appends each column's cells of the chunk's rows (false: a cell does not read).
fn read_columns(chunk: &[u8], bounds: &[u32], rows: usize, facts: &[Fact], b: &mut Builder) -> bool {
    let n = facts.len();
    let (columns, _) = b.columns_mut();
    let mut by_fact: Vec<Option<ColumnMut<'_>>> = columns.into_iter().map(Some).collect();
    for (c, fact) in facts.iter().enumerate() {
        // Column `c`'s cells, row by row: (first byte, end).
        let spans =
            || bounds[c..].windows(2).step_by(n).take(rows).map(|w| (w[0] as usize, w[1] as usize - 1)).enumerate();
        match (by_fact[fact.index()].take().expect("each fact once"), slot(*fact)) {
            (ColumnMut::Number { values, known }, Slot::Number { min, max, level }) => {
                // 64 rows at a time: their values, and which are known.
                let mut cells = [f32::NAN; 64];
                let mut word = 0u64;
                for (r, (from, end)) in spans() {
                    cells[r % 64] = if from == end {
                        f32::NAN
                    } else {
                        match number_at(chunk, end, &chunk[from..end]) {
                            Some((x, whole)) if x >= min && x <= max && (whole || !level || x == (x as i64) as f64) => {
                                word |= 1 << (r % 64);
                                x as f32
                            }
                            _ => return false,
                        }
                    };
                    if r % 64 == 63 || r + 1 == rows {
                        values.extend_from_slice(&cells[..r % 64 + 1]);
                        known.push_word(word, r % 64 + 1);
                        word = 0;
                    }
                }
            }
            (ColumnMut::Flag { values, known }, Slot::Flag) => {
                let (mut on, mut k) = (0u64, 0u64);
                for (r, (from, end)) in spans() {
                    let bit = 1u64 << (r % 64);
                    match &chunk[from..end] {
                        b"" => {}
                        b"true" | b"yes" | b"1" => {
                            on |= bit;
                            k |= bit;
                        }
                        b"false" | b"no" | b"0" => k |= bit,
                        _ => return false,
                    }
                    if r % 64 == 63 || r + 1 == rows {
                        values.push_word(on, r % 64 + 1);
                        known.push_word(k, r % 64 + 1);
                        (on, k) = (0, 0);
                    }
                }
            }
            (ColumnMut::Choice { values }, Slot::Municipality) => {
                for (_, (from, end)) in spans() {
                    values.push(match &chunk[from..end] {
                        b"" => UNKNOWN,
                        [a @ b'0'..=b'9', c @ b'0'..=b'9', d @ b'0'..=b'9'] => {
                            (a - b'0') as u16 * 100 + (c - b'0') as u16 * 10 + (d - b'0') as u16
                        }
                        _ => return false,
                    });
                }
            }
            (ColumnMut::Choice { values }, Slot::Choice(choices)) => {
                for (_, (from, end)) in spans() {
                    let cell = &chunk[from..end];
                    values.push(if cell.is_empty() {
                        UNKNOWN
                    } else {
                        match choices.iter().position(|(v, _)| {
                            v.len() == cell.len() && v.as_bytes()[0] == cell[0] && v.as_bytes() == cell
                        }) {
                            Some(i) => i as u16,
                            None => return false,
                        }
                    });
                }
            }
            _ => unreachable!("a column's kind is its fact's"),
        }
    }
    true
}

/// Reads the rows of a part without quotes straight into `b`'s columns: the
/// same checks and messages as [`read_part`], without a record per row.
/// Cells are gathered [`BATCH`] rows at a time and appended to the columns
/// together; a row's numbers are checked against each other
/// ([`Person::settle`]) from the batch.
fn row_part(part: &[u8], facts: &[Fact], first_line: u64, b: &mut Builder) -> Result<u64, InputError> {
    let absent: Vec<Fact> = Fact::ALL.iter().copied().filter(|f| !facts.contains(f)).collect();
    let col_of = |f: Fact| facts.iter().position(|g| *g == f);
    let youngest = col_of(Fact::YoungestChildAge);
    // The file's column of each fact.
    let columns: [Option<usize>; FACT_COUNT] = std::array::from_fn(|i| col_of(Fact::ALL[i]));
    let first_row = b.len();
    // Rows whose absent `youngest_child_age` is settled as not applicable.
    let mut not_applicable: Vec<u32> = Vec::new();
    let mut rows = 0usize;
    let mut line = first_line;
    {
        let (all, keys) = b.columns_mut();
        let mut by_fact: Vec<Option<ColumnMut<'_>>> = all.into_iter().map(Some).collect();
        let mut sinks: Vec<Sink<'_>> = facts
            .iter()
            .map(|f| match (by_fact[f.index()].take().expect("each fact once"), slot(*f)) {
                (ColumnMut::Number { values, known }, Slot::Number { min, max, level }) => {
                    Sink::Number { values, known, min, max, level }
                }
                (ColumnMut::Flag { values, known }, Slot::Flag) => Sink::Flag { values, known },
                (ColumnMut::Choice { values }, Slot::Municipality) => {
                    Sink::Municipality { values, home: *f == Fact::Municipality }
                }
                (ColumnMut::Choice { values }, Slot::Choice(known)) => Sink::Choice { values, known },
                _ => unreachable!("a column's kind is its fact's"),
            })
            .collect();
        let mut batch = Batch {
            numbers: vec![[f32::NAN; BATCH]; facts.len()],
            codes: vec![[UNKNOWN; BATCH]; facts.len()],
            flags: vec![(0, 0); facts.len()],
            not_applicable: 0,
            rows: 0,
        };
        let mut at = 0;
        // Cells are trimmed only in rows with white space, and only if the part has some.
        let white =
            |bytes: &[u8]| memchr::memchr3(b' ', b'\t', b'\r', bytes).or_else(|| memchr::memchr(b'\x0c', bytes));
        let spaced = white(part).is_some();
        let last = facts.len() - 1;
        while at < part.len() {
            let end = memchr::memchr(b'\n', &part[at..]).map_or(part.len(), |e| at + e);
            let row_end = if end > at && part[end - 1] == b'\r' { end - 1 } else { end };
            let row = &part[at..row_end];
            let row_at = at;
            at = end + 1;
            let no = line;
            line += 1;
            if row.trim_ascii().is_empty() {
                continue;
            }
            let values = |row: &[u8]| memchr::memchr_iter(b',', row).count() + 1;
            let spaced = spaced && white(row).is_some();
            let (i, bit) = (batch.rows, 1u64 << batch.rows);
            let mut town = UNKNOWN;
            let mut start = row_at;
            for (col, sink) in sinks.iter().enumerate() {
                let comma = find_comma(part, start, row_end);
                let end = if col < last { comma } else { comma.xor(Some(row_end)) };
                let Some(end) = end else {
                    return Err(err(no, None, format!("{} values for {} columns", values(row), facts.len())));
                };
                let mut cell = &part[start..end];
                start = end + 1;
                if spaced
                    && (cell.first().is_some_and(u8::is_ascii_whitespace)
                        || cell.last().is_some_and(u8::is_ascii_whitespace))
                {
                    cell = cell.trim_ascii();
                }
                let fact = facts[col];
                let bad = || InputError { fact: Some(fact), ..err(no, Some(col + 1), message(fact, cell)) };
                match sink {
                    Sink::Number { min, max, level, .. } => {
                        batch.numbers[col][i] = if cell.is_empty() {
                            f32::NAN
                        } else {
                            // Untrimmed, the cell ends at `end`: its word can be read there.
                            let parsed = if spaced { number(cell) } else { number_at(part, end, cell) };
                            match parsed {
                                Some((x, whole))
                                    if x >= *min && x <= *max && (whole || !*level || x == (x as i64) as f64) =>
                                {
                                    x as f32
                                }
                                _ => return Err(bad()),
                            }
                        }
                    }
                    Sink::Flag { .. } => {
                        let (on, known) = &mut batch.flags[col];
                        match cell {
                            b"" => {}
                            b"true" | b"yes" | b"1" => {
                                *on |= bit;
                                *known |= bit;
                            }
                            b"false" | b"no" | b"0" => *known |= bit,
                            _ => return Err(bad()),
                        }
                    }
                    Sink::Municipality { home, .. } => {
                        let code = match cell {
                            b"" => UNKNOWN,
                            [a @ b'0'..=b'9', c @ b'0'..=b'9', d @ b'0'..=b'9'] => {
                                (a - b'0') as u16 * 100 + (c - b'0') as u16 * 10 + (d - b'0') as u16
                            }
                            _ => return Err(bad()),
                        };
                        if *home {
                            town = code;
                        }
                        batch.codes[col][i] = code;
                    }
                    Sink::Choice { known: choices, .. } => {
                        batch.codes[col][i] = if cell.is_empty() {
                            UNKNOWN
                        } else {
                            // The first byte and the length pick the one candidate worth comparing.
                            match choices.iter().position(|(v, _)| {
                                v.len() == cell.len() && v.as_bytes()[0] == cell[0] && v.as_bytes() == cell
                            }) {
                                Some(c) => c as u16,
                                None => return Err(bad()),
                            }
                        }
                    }
                }
            }
            // A number read is never NaN (the range check refuses it): NaN is unknown here.
            let number = |f: Fact| columns[f.index()].map(|c| batch.numbers[c][i]).filter(|x| !x.is_nan());
            match settle(number) {
                Err(problem) => {
                    let col = col_of(problem.0).map(|c| c + 1);
                    return Err(err(no, col, format!("`{}` {}", problem.0.name(), problem.1)));
                }
                Ok(false) => {}
                Ok(true) => match youngest {
                    Some(_) => batch.not_applicable |= bit,
                    None => not_applicable.push((first_row + rows) as u32),
                },
            }
            keys.push((town, age_band(number(Fact::Age)) as u8));
            rows += 1;
            batch.rows += 1;
            if batch.rows == BATCH {
                flush(&mut batch, &mut sinks, youngest);
            }
        }
        flush(&mut batch, &mut sinks, youngest);
    }
    b.rows_added(rows);
    for f in &absent {
        b.extend_unknown(f.index(), rows);
    }
    if !not_applicable.is_empty() {
        b.set_not_applicable_rows(Fact::YoungestChildAge.index(), &not_applicable);
    }
    Ok(line - first_line)
}

/// Appends a batch's rows to the columns and empties it.
fn flush(batch: &mut Batch, sinks: &mut [Sink<'_>], youngest: Option<usize>) {
    let n = batch.rows;
    if n == 0 {
        return;
    }
    for (col, sink) in sinks.iter_mut().enumerate() {
        match sink {
            Sink::Number { values, known, .. } => {
                let cells = &batch.numbers[col][..n];
                values.extend_from_slice(cells);
                let mut word = 0u64;
                for (k, x) in cells.iter().enumerate() {
                    word |= u64::from(!x.is_nan()) << k;
                }
                if youngest == Some(col) {
                    word |= batch.not_applicable;
                }
                known.push_word(word, n);
            }
            Sink::Flag { values, known } => {
                let (on, k) = std::mem::take(&mut batch.flags[col]);
                values.push_word(on, n);
                known.push_word(k, n);
            }
            Sink::Municipality { values, .. } | Sink::Choice { values, .. } => {
                values.extend_from_slice(&batch.codes[col][..n]);
            }
        }
    }
    batch.not_applicable = 0;
    batch.rows = 0;
}

/// [`Person::settle`]'s checks over one row's numbers (`number`: a fact's
/// value if known): the fact that disagrees, or whether `youngest_child_age`
/// must be set not applicable (no children).
fn settle(number: impl Fn(Fact) -> Option<f32>) -> Result<bool, (Fact, &'static str)> {
    let n = number;
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
        return match n(Fact::YoungestChildAge) {
            Some(_) => Err((Fact::YoungestChildAge, "given, but `children` is 0")),
            None => Ok(true),
        };
    }
    Ok(false)
}

/// [`Person::settle`] on row `row` of `b`'s columns.
fn settle_row_at(b: &mut Builder, row: usize) -> Result<(), (Fact, &'static str)> {
    if settle(|f| b.number_at(f.index(), row))? {
        b.set_not_applicable_at(Fact::YoungestChildAge.index(), row);
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

    /// Positional reads of `bytes`, at most `most` bytes at a time.
    fn reads(bytes: &[u8], most: usize) -> impl Fn(u64, &mut [u8]) -> std::io::Result<usize> + Sync + '_ {
        move |at, buf| {
            let from = (at as usize).min(bytes.len());
            let n = buf.len().min(most).min(bytes.len() - from);
            buf[..n].copy_from_slice(&bytes[from..from + n]);
            Ok(n)
        }
    }

    fn streamed(text: &str, parts: usize, piece: usize) -> Result<Population, ReadCsvError> {
        read_csv_at_in(text.len() as u64, reads(text.as_bytes(), 1000), parts, piece)
    }

    fn generated(n: u64) -> String {
        let table = include_str!("../../../data/population/demo-county-age-sex.tsv");
        let people = crate::population::generate_vec(
            &crate::population::scale(&crate::population::parse_age_sex(table).unwrap(), n),
            3,
        );
        let mut text = String::new();
        write_csv_header(&mut text);
        for p in &people {
            write_csv_row(&mut text, p);
        }
        text
    }

    /// Streamed in pieces of any size on any number of threads, a file reads as
    /// it does whole: pieces that cut lines, stretches that start mid-line or
    /// on a line's first byte, lines longer than a piece.
    #[test]
    fn streamed_files_read_as_whole_ones() {
        let text = generated(2_000);
        let whole = format!("{:?}", one(&text).unwrap());
        for parts in [1, 2, 3, 7, 64] {
            for piece in [1, 7, 64, 100, 4096, PIECE] {
                let read = streamed(&text, parts, piece).unwrap();
                assert_eq!(format!("{read:?}"), whole, "{parts} parts, pieces of {piece}");
            }
        }
        // Spreadsheet habits, a last line without its line end, quotes (read whole).
        let excel = text.replace('\n', "\r\n").replacen("\r\n", "\r\n\r\n", 7);
        let excel = format!("\u{feff}{}", excel.trim_end());
        let quoted = text.replacen(",female,", ",\"female\",", 1);
        for variant in [excel, quoted] {
            for parts in [1, 3] {
                assert_eq!(format!("{:?}", streamed(&variant, parts, 100).unwrap()), whole, "{parts} parts");
            }
        }
        // Errors name the line of the file, whichever stretch finds them.
        let mut broken = text.clone();
        let start: usize = broken.split_inclusive('\n').take(1_899).map(str::len).sum();
        let end = start + broken[start..].find(',').unwrap();
        broken.replace_range(start..end, "old");
        for parts in [1, 2, 5] {
            let e = match streamed(&broken, parts, 333) {
                Err(ReadCsvError::Input(e)) => e,
                other => panic!("{parts} parts: {other:?}"),
            };
            assert_eq!((e.line, e.column), (1_900, Some(1)), "{parts} parts: {e}");
        }
        // A file that ends early (changed while read) is an I/O error, not a short population.
        let short = read_csv_at_in(text.len() as u64 + 10, reads(text.as_bytes(), 1000), 2, 100);
        assert!(matches!(short, Err(ReadCsvError::Io(_))), "{short:?}");
        assert!(matches!(streamed("", 1, 100), Err(ReadCsvError::Input(_))));
        assert_eq!(streamed("age\n", 2, 100).unwrap().len(), 0);
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
