//! A whole population, column by column, and rules evaluated over it.
//!
//! Each fact is one column; rows are sorted by municipality and age band so
//! that a municipality's rule reads one contiguous stretch and counts per age
//! band are popcounts over ranges. A condition is evaluated 1,024 rows at a
//! time into two bit masks, "true" and "false" (neither: unknown), which
//! `all`, `any` and `not` combine with word operations: the same three-valued
//! semantics as [`crate::eval`], which a property test holds them to.

use std::ops::Range;

use crate::ast::{Cond, Node, Op};
use crate::book::{Scenario, Selection};
use crate::facts::{FACT_COUNT, Fact, Kind};
use crate::person::{Person, Value};

/// Age bands of the simulator's tables.
pub const AGE_BANDS: [(&str, f32); 6] =
    [("0-6", 0.0), ("7-17", 7.0), ("18-64", 18.0), ("65-74", 65.0), ("75-84", 75.0), ("85+", 85.0)];
/// Label of people whose age is unknown.
pub const UNKNOWN_BAND: &str = "unknown";

pub fn age_band(age: Option<f32>) -> usize {
    match age {
        None => AGE_BANDS.len(),
        Some(a) => AGE_BANDS.iter().rposition(|(_, from)| a >= *from).unwrap_or(0),
    }
}

const WORDS: usize = 16;
const BLOCK: usize = WORDS * 64;
/// The code of an unknown choice.
pub const UNKNOWN: u16 = u16::MAX;

#[derive(Debug, Clone)]
enum Column {
    /// NaN: not applicable. Unknown rows have their bit clear in `known`.
    Number {
        values: Vec<f32>,
        known: Bits,
    },
    Flag {
        values: Bits,
        known: Bits,
    },
    /// [`UNKNOWN`] for unknown rows.
    Choice {
        values: Vec<u16>,
    },
}

/// A bit per row, padded to whole words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits(pub Vec<u64>);

impl Bits {
    pub fn get(&self, row: usize) -> bool {
        self.0[row / 64] >> (row % 64) & 1 == 1
    }

    /// Set bits in `range`.
    pub fn count(&self, range: Range<usize>) -> u64 {
        count_range(range, |w| self.0[w])
    }
}

/// Which of a column's rows are known (or, for flags, set): bit `i` is bit
/// `(offset + i) % 8` of byte `(offset + i) / 8`, least significant first, as
/// Arrow keeps validity and boolean buffers.
#[derive(Debug, Clone, Copy)]
pub struct Validity<'a> {
    pub bits: &'a [u8],
    pub offset: usize,
}

impl Validity<'_> {
    /// No row known (an empty bitmap reads as all clear).
    pub const NONE: Validity<'static> = Validity { bits: &[], offset: 0 };

    #[inline]
    pub fn get(&self, i: usize) -> bool {
        let at = self.offset + i;
        self.bits.get(at / 8).is_some_and(|b| b >> (at % 8) & 1 == 1)
    }
}

/// Counts the set bits of the words `f` gives, over the rows in `range`.
pub fn count_range(range: Range<usize>, f: impl Fn(usize) -> u64) -> u64 {
    if range.is_empty() {
        return 0;
    }
    let (first, last) = (range.start / 64, (range.end - 1) / 64);
    let mut n = 0;
    for w in first..=last {
        let mut word = f(w);
        if w == first {
            word &= !0u64 << (range.start % 64);
        }
        if w == last && !range.end.is_multiple_of(64) {
            word &= !0u64 >> (64 - range.end % 64);
        }
        n += word.count_ones() as u64;
    }
    n
}

/// A population in columns.
#[derive(Debug, Clone)]
pub struct Population {
    rows: usize,
    columns: Vec<Column>,
    /// Row → index of the person in the input.
    pub order: Vec<u32>,
    /// Contiguous rows of each (municipality, age band); municipality [`UNKNOWN`] last.
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub municipality: Option<u16>,
    pub band: usize,
    pub rows: Range<usize>,
}

impl Population {
    /// Builds columns from records; sorts rows by municipality and age band.
    pub fn from_persons(persons: &[Person]) -> Population {
        let mut order: Vec<u32> = (0..persons.len() as u32).collect();
        if !persons.windows(2).all(|w| row_key(&w[0]) <= row_key(&w[1])) {
            order.sort_by_key(|i| row_key(&persons[*i as usize]));
        }
        let mut b = Builder::with_capacity(persons.len());
        for &i in &order {
            b.push(&persons[i as usize]);
        }
        let mut pop = b.finish();
        pop.order = order;
        pop
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// A number fact's column, one value per row (NaN: unknown or not applicable).
    pub fn numbers(&self, fact: Fact) -> Option<&[f32]> {
        match &self.columns[fact.index()] {
            Column::Number { values, .. } => Some(&values[..self.rows]),
            _ => None,
        }
    }

    /// Rows of one municipality (`None`: unknown municipality).
    pub fn municipality_rows(&self, m: Option<u16>) -> Range<usize> {
        let mut it = self.groups.iter().filter(|g| g.municipality == m);
        match it.next() {
            None => 0..0,
            Some(first) => first.rows.start..it.next_back().unwrap_or(first).rows.end,
        }
    }

    /// Municipalities present, in row order.
    pub fn municipalities(&self) -> Vec<Option<u16>> {
        let mut out: Vec<Option<u16>> = self.groups.iter().map(|g| g.municipality).collect();
        out.dedup();
        out
    }

    fn words(&self) -> usize {
        self.rows.div_ceil(BLOCK) * WORDS
    }
}

/// The sort key of a row: municipality (unknown last) and age band.
fn row_key(p: &Person) -> (u16, usize) {
    let m = match p.get(Fact::Municipality) {
        Some(Value::Choice(c)) => c,
        _ => UNKNOWN,
    };
    (m, age_band(p.number(Fact::Age)))
}

/// A growable bit vector (rows appended one at a time or a whole vector at once).
#[derive(Debug, Clone, Default)]
pub(crate) struct BitVec {
    words: Vec<u64>,
    len: usize,
}

impl BitVec {
    fn with_capacity(rows: usize) -> BitVec {
        BitVec { words: Vec::with_capacity(rows.div_ceil(64)), len: 0 }
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, on: bool) {
        if self.len.is_multiple_of(64) {
            self.words.push(0);
        }
        if on {
            *self.words.last_mut().expect("pushed above") |= 1 << (self.len % 64);
        }
        self.len += 1;
    }

    fn get(&self, row: usize) -> bool {
        self.words[row / 64] >> (row % 64) & 1 == 1
    }

    /// Keeps the first `len` bits.
    fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.words.truncate(len.div_ceil(64));
            if let Some(last) = self.words.last_mut()
                && !len.is_multiple_of(64)
            {
                *last &= !0u64 >> (64 - len % 64);
            }
            self.len = len;
        }
    }

    /// Appends the low `n` bits of `word` (`n` ≤ 64).
    #[inline]
    pub(crate) fn push_word(&mut self, word: u64, n: usize) {
        debug_assert!(n <= 64);
        if n == 0 {
            return;
        }
        let word = if n == 64 { word } else { word & ((1u64 << n) - 1) };
        let shift = self.len % 64;
        if shift == 0 {
            self.words.push(word);
        } else {
            *self.words.last_mut().expect("len > 0") |= word << shift;
            if shift + n > 64 {
                self.words.push(word >> (64 - shift));
            }
        }
        self.len += n;
    }

    /// Appends `rows` bits from `valid` (none: all set).
    fn extend_validity(&mut self, valid: Option<Validity<'_>>, rows: usize) {
        let mut words = Vec::with_capacity(rows.div_ceil(64));
        match valid {
            None => words.resize(rows.div_ceil(64), !0u64),
            Some(v) if v.bits.is_empty() => words.resize(rows.div_ceil(64), 0),
            Some(v) if v.offset.is_multiple_of(8) => {
                let bytes = &v.bits[v.offset / 8..];
                for w in 0..rows.div_ceil(64) {
                    let mut eight = [0u8; 8];
                    let from = (w * 8).min(bytes.len());
                    let to = (w * 8 + 8).min(bytes.len());
                    eight[..to - from].copy_from_slice(&bytes[from..to]);
                    words.push(u64::from_le_bytes(eight));
                }
            }
            Some(v) => {
                for w in 0..rows.div_ceil(64) {
                    let mut word = 0u64;
                    for i in 0..64.min(rows - w * 64) {
                        word |= u64::from(v.get(w * 64 + i)) << i;
                    }
                    words.push(word);
                }
            }
        }
        if let Some(last) = words.last_mut()
            && !rows.is_multiple_of(64)
        {
            *last &= !0u64 >> (64 - rows % 64);
        }
        self.append(&BitVec { words, len: rows });
    }

    fn append(&mut self, other: &BitVec) {
        let shift = self.len % 64;
        if shift == 0 {
            self.words.extend_from_slice(&other.words);
        } else {
            for &w in &other.words {
                *self.words.last_mut().expect("len > 0") |= w << shift;
                self.words.push(w >> (64 - shift));
            }
        }
        self.len += other.len;
        self.words.truncate(self.len.div_ceil(64));
    }

    /// As padded [`Bits`] for `rows` rows.
    fn into_bits(mut self, rows: usize) -> Bits {
        self.words.resize(rows.div_ceil(BLOCK) * WORDS, 0);
        Bits(self.words)
    }
}

#[derive(Debug, Clone)]
enum BuildColumn {
    Number { values: Vec<f32>, known: BitVec },
    Flag { values: BitVec, known: BitVec },
    Choice { values: Vec<u16> },
}

/// One column of a [`Builder`], for readers that fill columns directly
/// ([`Builder::columns_mut`]).
pub(crate) enum ColumnMut<'a> {
    Number { values: &'a mut Vec<f32>, known: &'a mut BitVec },
    Flag { values: &'a mut BitVec, known: &'a mut BitVec },
    Choice { values: &'a mut Vec<u16> },
}

/// Builds a population's columns row by row, in any order: [`Builder::finish`]
/// sorts the rows by municipality and age band if they are not already. Several
/// builders (one per thread, each over a part of the input) are joined with
/// [`Builder::append`] in input order.
#[derive(Debug, Clone)]
pub struct Builder {
    rows: usize,
    columns: Vec<BuildColumn>,
    keys: Vec<(u16, u8)>,
}

impl Builder {
    pub fn with_capacity(rows: usize) -> Builder {
        let columns = Fact::ALL
            .iter()
            .map(|f| match f.kind() {
                Kind::Number { .. } => {
                    BuildColumn::Number { values: Vec::with_capacity(rows), known: BitVec::with_capacity(rows) }
                }
                Kind::Flag => {
                    BuildColumn::Flag { values: BitVec::with_capacity(rows), known: BitVec::with_capacity(rows) }
                }
                Kind::Choice => BuildColumn::Choice { values: Vec::with_capacity(rows) },
            })
            .collect();
        Builder { rows: 0, columns, keys: Vec::with_capacity(rows) }
    }

    /// Every fact's column (in [`Fact::ALL`] order) and the row keys
    /// (municipality, age band), for a reader that appends whole rows to
    /// them and then calls [`Builder::rows_added`].
    pub(crate) fn columns_mut(&mut self) -> (Vec<ColumnMut<'_>>, &mut Vec<(u16, u8)>) {
        let columns = self
            .columns
            .iter_mut()
            .map(|c| match c {
                BuildColumn::Number { values, known } => ColumnMut::Number { values, known },
                BuildColumn::Flag { values, known } => ColumnMut::Flag { values, known },
                BuildColumn::Choice { values } => ColumnMut::Choice { values },
            })
            .collect();
        (columns, &mut self.keys)
    }

    /// Counts `n` rows appended through [`Builder::columns_mut`] (every column
    /// and the keys one longer each).
    pub(crate) fn rows_added(&mut self, n: usize) {
        self.rows += n;
        debug_assert_eq!(self.keys.len(), self.rows);
    }

    /// Drops every row after the first `rows` (and cells appended to columns
    /// beyond the rows ended so far).
    pub(crate) fn truncate(&mut self, rows: usize) {
        for c in &mut self.columns {
            match c {
                BuildColumn::Number { values, known } => {
                    values.truncate(rows);
                    known.truncate(rows);
                }
                BuildColumn::Flag { values, known } => {
                    values.truncate(rows);
                    known.truncate(rows);
                }
                BuildColumn::Choice { values } => values.truncate(rows),
            }
        }
        self.keys.truncate(rows);
        self.rows = self.rows.min(rows);
    }

    /// Rows pushed so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Adds one person as the next row.
    pub fn push(&mut self, p: &Person) {
        for (f, col) in Fact::ALL.iter().zip(self.columns.iter_mut()) {
            let v = p.get(*f);
            match col {
                BuildColumn::Number { values, known } => match v {
                    Some(Value::Number(x)) => {
                        values.push(x);
                        known.push(true);
                    }
                    Some(Value::NotApplicable) => {
                        values.push(f32::NAN);
                        known.push(true);
                    }
                    _ => {
                        values.push(f32::NAN);
                        known.push(false);
                    }
                },
                BuildColumn::Flag { values, known } => {
                    let b = match v {
                        Some(Value::Flag(b)) => Some(b),
                        _ => None,
                    };
                    values.push(b == Some(true));
                    known.push(b.is_some());
                }
                BuildColumn::Choice { values } => values.push(match v {
                    Some(Value::Choice(c)) => c,
                    _ => UNKNOWN,
                }),
            }
        }
        let (m, band) = row_key(p);
        self.keys.push((m, band as u8));
        self.rows += 1;
    }

    /// Marks row `row`'s number in `col` known and not applicable.
    pub(crate) fn set_not_applicable_at(&mut self, col: usize, row: usize) {
        if let BuildColumn::Number { values, known } = &mut self.columns[col] {
            values[row] = f32::NAN;
            known.words[row / 64] |= 1 << (row % 64);
        }
    }

    /// Row `row`'s value of number column `col`, if known (NaN: not applicable).
    #[inline]
    pub(crate) fn number_at(&self, col: usize, row: usize) -> Option<f32> {
        match &self.columns[col] {
            BuildColumn::Number { values, known } if known.get(row) => Some(values[row]),
            _ => None,
        }
    }

    /// Appends a whole column of numbers (for inputs given column by column):
    /// NaN where `valid` says unknown.
    pub(crate) fn extend_numbers(&mut self, col: usize, cells: &[f64], valid: Option<Validity<'_>>) {
        if let BuildColumn::Number { values, known } = &mut self.columns[col] {
            let start = values.len();
            values.extend(cells.iter().map(|&x| x as f32));
            if let Some(v) = valid {
                for (i, x) in values[start..].iter_mut().enumerate() {
                    if !v.get(i) {
                        *x = f32::NAN;
                    }
                }
            }
            known.extend_validity(valid, cells.len());
        }
    }

    /// [`Builder::extend_numbers`] from 32-bit floats.
    pub(crate) fn extend_floats(&mut self, col: usize, cells: &[f32], valid: Option<Validity<'_>>) {
        if let BuildColumn::Number { values, known } = &mut self.columns[col] {
            let start = values.len();
            values.extend_from_slice(cells);
            if let Some(v) = valid {
                for (i, x) in values[start..].iter_mut().enumerate() {
                    if !v.get(i) {
                        *x = f32::NAN;
                    }
                }
            }
            known.extend_validity(valid, cells.len());
        }
    }

    /// Appends `rows` unknown cells to a column of any kind.
    pub(crate) fn extend_unknown(&mut self, col: usize, rows: usize) {
        match &mut self.columns[col] {
            BuildColumn::Number { values, known } => {
                values.resize(values.len() + rows, f32::NAN);
                known.extend_validity(Some(Validity::NONE), rows);
            }
            BuildColumn::Flag { values, known } => {
                values.extend_validity(Some(Validity::NONE), rows);
                known.extend_validity(Some(Validity::NONE), rows);
            }
            BuildColumn::Choice { values } => values.resize(values.len() + rows, UNKNOWN),
        }
    }

    /// Appends a whole column of flags: their bits, and which are known.
    pub(crate) fn extend_flags(&mut self, col: usize, bits: Validity<'_>, valid: Option<Validity<'_>>, rows: usize) {
        if let BuildColumn::Flag { values, known } = &mut self.columns[col] {
            let mut on = BitVec::with_capacity(rows);
            on.extend_validity(Some(bits), rows);
            if valid.is_some() {
                let mut k = BitVec::with_capacity(rows);
                k.extend_validity(valid, rows);
                for (w, kw) in on.words.iter_mut().zip(&k.words) {
                    *w &= kw;
                }
            }
            values.append(&on);
            known.extend_validity(valid, rows);
        }
    }

    /// Appends a whole column of choice codes ([`UNKNOWN`]: unknown).
    pub(crate) fn extend_choices(&mut self, col: usize, codes: &[u16]) {
        if let BuildColumn::Choice { values } = &mut self.columns[col] {
            values.extend_from_slice(codes);
        }
    }

    /// The values of number column `col` so far (NaN: unknown or not applicable).
    pub(crate) fn number_values(&self, col: usize) -> &[f32] {
        match &self.columns[col] {
            BuildColumn::Number { values, .. } => values,
            _ => &[],
        }
    }

    /// Marks rows `rows` of number column `col` known and not applicable.
    pub(crate) fn set_not_applicable_rows(&mut self, col: usize, rows: &[u32]) {
        if let BuildColumn::Number { values, known } = &mut self.columns[col] {
            for &row in rows {
                let row = row as usize;
                values[row] = f32::NAN;
                known.words[row / 64] |= 1 << (row % 64);
            }
        }
    }

    /// The known bits of number or flag column `col` (bit `row % 64` of word `row / 64`).
    pub(crate) fn known_words(&self, col: usize) -> &[u64] {
        match &self.columns[col] {
            BuildColumn::Number { known, .. } | BuildColumn::Flag { known, .. } => &known.words,
            BuildColumn::Choice { .. } => &[],
        }
    }

    /// Ends the rows pushed column by column up to `rows` rows in all.
    pub(crate) fn end_rows(&mut self, rows: usize) {
        let (m, a) = (Fact::Municipality.index(), Fact::Age.index());
        let (BuildColumn::Choice { values: codes }, BuildColumn::Number { values: ages, known }) =
            (&self.columns[m], &self.columns[a])
        else {
            unreachable!("municipality is a choice and age a number")
        };
        for row in self.rows..rows {
            let age = known.get(row).then(|| ages[row]).filter(|x| !x.is_nan());
            self.keys.push((codes[row], age_band(age) as u8));
        }
        self.rows = rows;
    }

    /// Adds `other`'s rows after this builder's.
    pub fn append(&mut self, other: Builder) {
        for (a, b) in self.columns.iter_mut().zip(other.columns) {
            match (a, b) {
                (BuildColumn::Number { values, known }, BuildColumn::Number { values: v, known: k }) => {
                    values.extend_from_slice(&v);
                    known.append(&k);
                }
                (BuildColumn::Flag { values, known }, BuildColumn::Flag { values: v, known: k }) => {
                    values.append(&v);
                    known.append(&k);
                }
                (BuildColumn::Choice { values }, BuildColumn::Choice { values: v }) => values.extend_from_slice(&v),
                _ => unreachable!("columns follow Fact::ALL in every builder"),
            }
        }
        self.keys.extend_from_slice(&other.keys);
        self.rows += other.rows;
    }

    /// The population, rows sorted by municipality and age band (stable: rows
    /// already in order are not moved).
    pub fn finish(self) -> Population {
        let rows = self.rows;
        let padded = rows.div_ceil(BLOCK) * BLOCK;
        let sorted = self.keys.windows(2).all(|w| w[0] <= w[1]);
        let order: Vec<u32> = if sorted {
            (0..rows as u32).collect()
        } else {
            let mut o: Vec<u32> = (0..rows as u32).collect();
            o.sort_by_key(|i| self.keys[*i as usize]);
            o
        };
        let columns = self
            .columns
            .into_iter()
            .map(|c| match c {
                BuildColumn::Number { mut values, known } => {
                    if sorted {
                        values.resize(padded, f32::NAN);
                        Column::Number { values, known: known.into_bits(rows) }
                    } else {
                        let mut v = vec![f32::NAN; padded];
                        let mut k = BitVec::with_capacity(rows);
                        for (row, &i) in order.iter().enumerate() {
                            v[row] = values[i as usize];
                            k.push(known.get(i as usize));
                        }
                        Column::Number { values: v, known: k.into_bits(rows) }
                    }
                }
                BuildColumn::Flag { values, known } => {
                    if sorted {
                        Column::Flag { values: values.into_bits(rows), known: known.into_bits(rows) }
                    } else {
                        let (mut v, mut k) = (BitVec::with_capacity(rows), BitVec::with_capacity(rows));
                        for &i in &order {
                            v.push(values.get(i as usize));
                            k.push(known.get(i as usize));
                        }
                        Column::Flag { values: v.into_bits(rows), known: k.into_bits(rows) }
                    }
                }
                BuildColumn::Choice { mut values } => {
                    if !sorted {
                        values = order.iter().map(|&i| values[i as usize]).collect();
                    }
                    values.resize(padded, UNKNOWN);
                    Column::Choice { values }
                }
            })
            .collect();
        let mut groups: Vec<Group> = Vec::new();
        for (row, &i) in order.iter().enumerate() {
            let (m, band) = self.keys[i as usize];
            let (m, band) = ((m != UNKNOWN).then_some(m), band as usize);
            match groups.last_mut() {
                Some(g) if g.municipality == m && g.band == band => g.rows.end = row + 1,
                _ => groups.push(Group { municipality: m, band, rows: row..row + 1 }),
            }
        }
        Population { rows, columns, order, groups }
    }
}

/// One service over a population: a bit per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceResult {
    pub eligible: Bits,
    pub cannot_tell: Bits,
    /// Rows some rule applies to (the rest: no criteria for their municipality).
    pub covered: Bits,
}

/// Evaluates a scenario over a whole population, one result per service (in
/// the scenario's service order), on one thread.
pub fn evaluate(scenario: &Scenario<'_>, pop: &Population) -> Vec<ServiceResult> {
    evaluate_on(scenario, pop, 1)
}

/// Populations smaller than this are evaluated on one thread.
const PARALLEL_ROWS: usize = 1 << 16;

/// [`evaluate`] on up to `threads` threads, each over its own stretch of rows
/// (the same results whatever the number of threads).
///
/// Blocks of rows are the outer loop and services the inner one, so that the
/// columns of a block are read from memory once and stay in cache for every
/// service's rule over that block; a condition that several services' rules
/// share is evaluated once per block.
pub fn evaluate_on(scenario: &Scenario<'_>, pop: &Population, threads: usize) -> Vec<ServiceResult> {
    evaluate_in_parts(scenario, pop, if pop.rows < PARALLEL_ROWS { 1 } else { threads })
}

/// [`evaluate`] with the rows cut into `parts` stretches of whole blocks, each on
/// its own thread, whatever the population's size (for tests).
pub fn evaluate_in_parts(scenario: &Scenario<'_>, pop: &Population, parts: usize) -> Vec<ServiceResult> {
    let words = pop.words();
    let blocks = words / WORDS;
    let threads = parts.clamp(1, blocks.max(1));
    let plan: Vec<Plan<'_>> = pop
        .municipalities()
        .into_iter()
        .map(|m| Plan::new(pop.municipality_rows(m), scenario.services.iter().map(|s| s.select(m))))
        .collect();
    let mut results: Vec<ServiceResult> = scenario
        .services
        .iter()
        .map(|_| ServiceResult {
            eligible: Bits(vec![0; words]),
            cannot_tell: Bits(vec![0; words]),
            covered: Bits(vec![0; words]),
        })
        .collect();
    let bounds: Vec<usize> = (0..=threads).map(|t| blocks * t / threads).collect();
    let mut parts: Vec<Vec<Out<'_>>> = (0..threads).map(|_| Vec::with_capacity(results.len())).collect();
    for r in &mut results {
        let (mut e, mut c, mut v) = (&mut r.eligible.0[..], &mut r.cannot_tell.0[..], &mut r.covered.0[..]);
        for (t, part) in parts.iter_mut().enumerate() {
            let len = (bounds[t + 1] - bounds[t]) * WORDS;
            let (e1, e2) = std::mem::take(&mut e).split_at_mut(len);
            let (c1, c2) = std::mem::take(&mut c).split_at_mut(len);
            let (v1, v2) = std::mem::take(&mut v).split_at_mut(len);
            (e, c, v) = (e2, c2, v2);
            part.push(Out { eligible: e1, cannot_tell: c1, covered: v1 });
        }
    }
    if threads == 1 {
        let outs = parts.pop().expect("one part");
        eval_blocks(&plan, pop, 0..blocks, outs);
    } else {
        std::thread::scope(|s| {
            for (t, outs) in parts.into_iter().enumerate() {
                let (plan, range) = (&plan, bounds[t]..bounds[t + 1]);
                s.spawn(move || eval_blocks(plan, pop, range, outs));
            }
        });
    }
    results
}

/// One municipality's rows and its rules, ready for evaluation block by block:
/// every distinct leaf condition (comparison, flag, choice) of its services'
/// rules once, and each service's rule as a postfix program over those leaves.
struct Plan<'a> {
    rows: Range<usize>,
    leaves: Vec<&'a Node>,
    services: Vec<Code>,
}

enum Code {
    Rule(Vec<Step>),
    NoRule,
    UnknownArea,
}

/// One step of a postfix program over a stack of (true, false) masks.
#[derive(Debug, Clone, Copy)]
enum Step {
    /// Push leaf `i`'s masks.
    Leaf(u16),
    /// Replace the top `n` with their three-valued `all`.
    All(u16),
    /// Replace the top `n` with their three-valued `any`.
    Any(u16),
    /// Swap the top's true and false.
    Not,
}

impl<'a> Plan<'a> {
    fn new(rows: Range<usize>, selections: impl Iterator<Item = Selection<'a>>) -> Plan<'a> {
        let mut leaves = Vec::new();
        let services = selections
            .map(|sel| match sel {
                Selection::Rule(r) => {
                    let mut steps = Vec::new();
                    compile(&r.when, &mut leaves, &mut steps);
                    Code::Rule(steps)
                }
                Selection::NoRule => Code::NoRule,
                Selection::UnknownArea => Code::UnknownArea,
            })
            .collect();
        Plan { rows, leaves, services }
    }
}

fn compile<'a>(cond: &'a Cond, leaves: &mut Vec<&'a Node>, out: &mut Vec<Step>) {
    let count = |n: usize| u16::try_from(n).expect("a condition has fewer than 65,536 parts");
    match &cond.node {
        Node::All(cs) => {
            cs.iter().for_each(|c| compile(c, leaves, out));
            out.push(Step::All(count(cs.len())));
        }
        Node::Any(cs) => {
            cs.iter().for_each(|c| compile(c, leaves, out));
            out.push(Step::Any(count(cs.len())));
        }
        Node::Not(c) => {
            compile(c, leaves, out);
            out.push(Step::Not);
        }
        leaf => {
            let i = leaves.iter().position(|l| *l == leaf).unwrap_or_else(|| {
                leaves.push(leaf);
                leaves.len() - 1
            });
            out.push(Step::Leaf(count(i)));
        }
    }
}

/// The true and false masks of a block's rows (neither: unknown).
type Masks = ([u64; WORDS], [u64; WORDS]);

/// One service's result words for a stretch of blocks.
struct Out<'a> {
    eligible: &'a mut [u64],
    cannot_tell: &'a mut [u64],
    covered: &'a mut [u64],
}

/// Evaluates every service over the rows of `blocks`; `outs` hold those blocks' words.
fn eval_blocks(plan: &[Plan<'_>], pop: &Population, blocks: Range<usize>, mut outs: Vec<Out<'_>>) {
    let stretch = blocks.start * BLOCK..blocks.end * BLOCK;
    let mut leaves: Vec<Masks> = Vec::new();
    let mut stack: Vec<Masks> = Vec::new();
    for municipality in plan {
        let rows = municipality.rows.start.max(stretch.start)..municipality.rows.end.min(stretch.end);
        if rows.is_empty() {
            continue;
        }
        leaves.resize(municipality.leaves.len(), ([0; WORDS], [0; WORDS]));
        // Rows with a rule or an unknown area are covered; an unknown area cannot tell.
        let local = rows.start - stretch.start..rows.end - stretch.start;
        for (code, out) in municipality.services.iter().zip(outs.iter_mut()) {
            match code {
                Code::Rule(_) => set_range(out.covered, local.clone()),
                Code::UnknownArea => {
                    set_range(out.covered, local.clone());
                    set_range(out.cannot_tell, local.clone());
                }
                Code::NoRule => {}
            }
        }
        for b in rows.start / BLOCK..=(rows.end - 1) / BLOCK {
            // The rows of this municipality within block `b`, as word masks.
            let mut mask = [0u64; WORDS];
            for (w, m) in mask.iter_mut().enumerate() {
                let start = (b * WORDS + w) * 64;
                let lo = rows.start.clamp(start, start + 64) - start;
                let hi = rows.end.clamp(start, start + 64) - start;
                *m = if hi <= lo { 0 } else { (!0u64 >> (64 - (hi - lo))) << lo };
            }
            // The block is this municipality's alone: its words are written, not merged.
            let whole = mask.iter().all(|m| *m == !0);
            for (leaf, (t, f)) in municipality.leaves.iter().zip(leaves.iter_mut()) {
                eval_leaf(leaf, pop, b * BLOCK, t, f);
            }
            let at = (b - blocks.start) * WORDS;
            for (code, out) in municipality.services.iter().zip(outs.iter_mut()) {
                let Code::Rule(steps) = code else { continue };
                let (e, c) = (&mut out.eligible[at..at + WORDS], &mut out.cannot_tell[at..at + WORDS]);
                let (t, f) = match steps.as_slice() {
                    [Step::Leaf(i)] => &leaves[*i as usize],
                    steps => {
                        run(steps, &leaves, &mut stack);
                        stack.last().expect("a program leaves one result")
                    }
                };
                if whole {
                    for w in 0..WORDS {
                        e[w] = t[w];
                        c[w] = !(t[w] | f[w]);
                    }
                } else {
                    for w in 0..WORDS {
                        e[w] |= t[w] & mask[w];
                        c[w] |= !(t[w] | f[w]) & mask[w];
                    }
                }
            }
        }
    }
}

/// Sets bits `range` of `words`.
fn set_range(words: &mut [u64], range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let (first, last) = (range.start / 64, (range.end - 1) / 64);
    let head = !0u64 << (range.start % 64);
    let tail = !0u64 >> (63 - (range.end - 1) % 64);
    if first == last {
        words[first] |= head & tail;
    } else {
        words[first] |= head;
        words[first + 1..last].fill(!0);
        words[last] |= tail;
    }
}

/// Runs a postfix program over the leaves' masks; the result is left on top of `stack`.
fn run(steps: &[Step], leaves: &[Masks], stack: &mut Vec<Masks>) {
    stack.clear();
    for step in steps {
        match *step {
            Step::Leaf(i) => stack.push(leaves[i as usize]),
            Step::All(n) => {
                let from = stack.len() - n as usize;
                let (mut t, mut f) = ([!0u64; WORDS], [0u64; WORDS]);
                for (ct, cf) in &stack[from..] {
                    for w in 0..WORDS {
                        t[w] &= ct[w];
                        f[w] |= cf[w];
                    }
                }
                stack.truncate(from);
                stack.push((t, f));
            }
            Step::Any(n) => {
                let from = stack.len() - n as usize;
                let (mut t, mut f) = ([0u64; WORDS], [!0u64; WORDS]);
                for (ct, cf) in &stack[from..] {
                    for w in 0..WORDS {
                        t[w] |= ct[w];
                        f[w] &= cf[w];
                    }
                }
                stack.truncate(from);
                stack.push((t, f));
            }
            Step::Not => {
                let (t, f) = stack.last_mut().expect("`not` follows its operand");
                std::mem::swap(t, f);
            }
        }
    }
}

/// Evaluates a leaf condition for rows `base..base + BLOCK` into true/false masks.
fn eval_leaf(leaf: &Node, pop: &Population, base: usize, t: &mut [u64; WORDS], f: &mut [u64; WORDS]) {
    match leaf {
        Node::Cmp { fact, op, value } => {
            let Column::Number { values, known } = &pop.columns[fact.index()] else {
                unreachable!("the parser checks kinds")
            };
            compare_numbers(&values[base..base + BLOCK], *op, *value, t);
            let kw = &known.0[base / 64..base / 64 + WORDS];
            for w in 0..WORDS {
                t[w] &= kw[w];
                f[w] = kw[w] & !t[w];
            }
        }
        Node::Flag { fact, value } => {
            let Column::Flag { values, known } = &pop.columns[fact.index()] else {
                unreachable!("the parser checks kinds")
            };
            let (vw, kw) = (&values.0[base / 64..base / 64 + WORDS], &known.0[base / 64..base / 64 + WORDS]);
            for w in 0..WORDS {
                let hit = if *value { vw[w] } else { !vw[w] };
                t[w] = kw[w] & hit;
                f[w] = kw[w] & !hit;
            }
        }
        Node::In { fact, codes, negated } => {
            let Column::Choice { values } = &pop.columns[fact.index()] else { unreachable!("the parser checks kinds") };
            let vals = &values[base..base + BLOCK];
            let mut unknown = [0u64; WORDS];
            compare_codes(vals, &[UNKNOWN], &mut unknown);
            compare_codes(vals, codes, t);
            for w in 0..WORDS {
                let hit = if *negated { !t[w] } else { t[w] };
                t[w] = !unknown[w] & hit;
                f[w] = !unknown[w] & !hit;
            }
        }
        Node::All(_) | Node::Any(_) | Node::Not(_) => unreachable!("leaves only: `compile` flattens the rest"),
    }
}

/// Bit `i` of word `i / 64`: whether `vals[i] op value` (false for NaN, whatever `op`).
///
/// Four values at a time: one SIMD comparison and one move-mask give four bits
/// (`wide`: SSE2 on x86-64, NEON on ARM, plain code elsewhere).
fn compare_numbers(vals: &[f32], op: Op, value: f32, out: &mut [u64; WORDS]) {
    use wide::{CmpEq, CmpGe, CmpGt, CmpLe, CmpLt, CmpNe, f32x4};
    let v = f32x4::splat(value);
    match op {
        Op::Ge => mask4(vals, out, |x| x.cmp_ge(v)),
        Op::Gt => mask4(vals, out, |x| x.cmp_gt(v)),
        Op::Le => mask4(vals, out, |x| x.cmp_le(v)),
        Op::Lt => mask4(vals, out, |x| x.cmp_lt(v)),
        Op::Eq => mask4(vals, out, |x| x.cmp_eq(v)),
        // Not equal and not NaN (a NaN is not equal to itself).
        Op::Ne => mask4(vals, out, |x| x.cmp_ne(v) & x.cmp_eq(x)),
    }
}

#[inline(always)]
fn mask4(vals: &[f32], out: &mut [u64; WORDS], pred: impl Fn(wide::f32x4) -> wide::f32x4) {
    for (o, chunk) in out.iter_mut().zip(vals.chunks_exact(64)) {
        let mut word = 0u64;
        for (k, q) in chunk.chunks_exact(4).enumerate() {
            let x = wide::f32x4::from([q[0], q[1], q[2], q[3]]);
            word |= u64::from(pred(x).move_mask() as u8 & 0xf) << (4 * k);
        }
        *o = word;
    }
}

/// Bit `i` of word `i / 64`: whether `vals[i]` is one of `codes`; eight values
/// at a time, a few codes compared with each at once.
fn compare_codes(vals: &[u16], codes: &[u16], out: &mut [u64; WORDS]) {
    use wide::{CmpEq, i16x8};
    let lanes = |c: u16| i16x8::splat(c as i16);
    match codes {
        [] => *out = [0; WORDS],
        [one] => {
            let a = lanes(*one);
            mask8(vals, out, |x| x.cmp_eq(a))
        }
        few if few.len() <= 4 => {
            // Padded with the first code.
            let c = |i: usize| lanes(*few.get(i).unwrap_or(&few[0]));
            let (a, b, c2, d) = (c(0), c(1), c(2), c(3));
            mask8(vals, out, |x| x.cmp_eq(a) | x.cmp_eq(b) | x.cmp_eq(c2) | x.cmp_eq(d))
        }
        many => {
            for (o, chunk) in out.iter_mut().zip(vals.chunks_exact(64)) {
                let mut word = 0u64;
                for (i, x) in chunk.iter().enumerate() {
                    word |= u64::from(many.contains(x)) << i;
                }
                *o = word;
            }
        }
    }
}

#[inline(always)]
fn mask8(vals: &[u16], out: &mut [u64; WORDS], pred: impl Fn(wide::i16x8) -> wide::i16x8) {
    for (o, chunk) in out.iter_mut().zip(vals.chunks_exact(64)) {
        let mut word = 0u64;
        for (k, q) in chunk.chunks_exact(8).enumerate() {
            let lanes: [i16; 8] = std::array::from_fn(|i| q[i] as i16);
            word |= u64::from(pred(wide::i16x8::new(lanes)).move_mask() as u8) << (8 * k);
        }
        *o = word;
    }
}

/// Number of facts per row (for memory estimates).
pub const COLUMNS: usize = FACT_COUNT;
