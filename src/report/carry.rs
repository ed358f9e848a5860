//! Report rows carried over: an indexed run copies the `passages.csv` rows of every pair it
//! reports again, unchanged, from the report set it wrote before, instead of cutting their
//! texts from the stored articles once more.
//!
//! Why: at a million articles `passages.csv` is a gigabyte, and each of its rows holds a text
//! cut from an article that the index keeps compressed. A nightly run that adds a few thousand
//! articles changes few of those rows, but cutting them all again was most of its report time.
//!
//! When rows are carried (all must hold, else every row is built as before):
//! - the index recorded ([`PassagesRecord`], in its `meta` table) the `passages.csv` the last
//!   report from it wrote: the `--out` folder, `--bom`, the row format ([`FORMAT`]), the size
//!   and the xxh3 digest of the file;
//! - the file in `--out` now is that file, byte for byte (its digest is checked before use);
//! - the run writes no `report.xlsx` (the workbook needs every cell).
//!
//! Each carried row is checked on its own: it is copied only when its pair is reported again
//! with the same passages, every number of the row equal (ids, both spans, words). The text
//! cell then needs no check: it is cut from side `a`'s text at `start_a..end_a`, and an
//! article's text never changes under its id in an index (a record with another text under a
//! stored id is skipped, `changed_text`). Rows of pairs no longer reported are dropped; pairs
//! reported for the first time, or whose passages changed, get rows built from the texts. So
//! the file written equals, byte for byte, the one a run without carrying writes.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::report::{undefuse, SharedPassage};

/// The row format of `passages.csv` as carried rows assume it: bump it whenever a row's bytes
/// could change for the same pair (a cell rule, the cut, the tidying of scraped text), so
/// that rows written by an older build are built again rather than copied. The test
/// `row_bytes_are_those_the_format_names` holds the bytes of a few rows to this name.
pub const FORMAT: &str = "passages-1";

/// The `meta` key under which the index keeps its [`PassagesRecord`].
pub const RECORD_KEY: &str = "last_passages_csv";

/// What the index remembers of the last `passages.csv` written from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassagesRecord {
    /// The `--out` folder, as given then (made absolute).
    pub out: PathBuf,
    pub bom: bool,
    pub format: String,
    pub bytes: u64,
    pub xxh3: u64,
}

impl PassagesRecord {
    /// The record of a `passages.csv` of `bytes` bytes and digest `xxh3`, written into `out`.
    pub fn new(out: &Path, bom: bool, bytes: u64, xxh3: u64) -> PassagesRecord {
        PassagesRecord {
            out: absolute(out),
            bom,
            format: FORMAT.to_string(),
            bytes,
            xxh3,
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// One row of the old file, as positions in it: the row's bytes `start..end` (its line end
/// included) and each cell's, quotes left out.
#[derive(Clone, Copy, Default)]
struct OldRow {
    start: usize,
    end: usize,
    cells: [Cell; COLUMNS],
}

/// A cell of an old row: its bytes `start..end` in the file, inside the quotes if `quoted`
/// (a doubled quote inside then stands for one).
#[derive(Clone, Copy, Default)]
struct Cell {
    start: usize,
    end: usize,
    quoted: bool,
}

impl Cell {
    /// The cell's value: its bytes, a quoted cell's doubled quotes made single.
    fn value<'m>(&self, file: &'m [u8]) -> Cow<'m, [u8]> {
        let raw = &file[self.start..self.end];
        if self.quoted && memchr::memchr(b'"', raw).is_some() {
            let mut v = Vec::with_capacity(raw.len());
            let mut rest = raw;
            while let Some(k) = memchr::memchr(b'"', rest) {
                v.extend_from_slice(&rest[..=k]);
                rest = &rest[(k + 2).min(rest.len())..];
            }
            v.extend_from_slice(rest);
            Cow::Owned(v)
        } else {
            Cow::Borrowed(raw)
        }
    }
}

/// The row of `passages.csv` that starts at `at` in `file`, read as this crate writes rows
/// (`csv_records`: RFC 4180 quotes where needed, `\n` line ends), so a cell's end is found
/// with `memchr` rather than byte by byte; `None` at the file's end or for bytes that are not
/// such a row (a row of other width, a quote inside an unquoted cell, a quoted cell that does
/// not end where a cell must, a last row without its line end).
fn parse_row(file: &[u8], at: usize) -> Option<OldRow> {
    if at >= file.len() {
        return None;
    }
    let mut row = OldRow {
        start: at,
        ..OldRow::default()
    };
    let mut i = at;
    for (k, cell) in row.cells.iter_mut().enumerate() {
        let sep = if k + 1 == COLUMNS { b'\n' } else { b',' };
        if file.get(i) == Some(&b'"') {
            let mut j = i + 1;
            let close = loop {
                let q = j + memchr::memchr(b'"', &file[j..])?;
                if file.get(q + 1) == Some(&b'"') {
                    j = q + 2;
                } else {
                    break q;
                }
            };
            *cell = Cell {
                start: i + 1,
                end: close,
                quoted: true,
            };
            i = close + 1;
        } else {
            let end = i + memchr::memchr2(b',', b'\n', &file[i..]).unwrap_or(file.len() - i);
            if memchr::memchr(b'"', &file[i..end]).is_some() {
                return None;
            }
            *cell = Cell {
                start: i,
                end,
                quoted: false,
            };
            i = end;
        }
        match file.get(i) {
            Some(&c) if c == sep => i += 1,
            _ => return None,
        }
    }
    row.end = i;
    Some(row)
}

impl OldRow {
    /// The pair's ids as read (the cells undefused); `None` for a row that is not UTF-8.
    fn key<'m>(&self, file: &'m [u8]) -> Option<(Cow<'m, str>, Cow<'m, str>)> {
        let id = |c: &Cell| -> Option<Cow<'m, str>> {
            Some(match c.value(file) {
                Cow::Borrowed(b) => Cow::Borrowed(undefuse(std::str::from_utf8(b).ok()?)),
                Cow::Owned(v) => Cow::Owned(undefuse(&String::from_utf8(v).ok()?).to_string()),
            })
        };
        Some((id(&self.cells[0])?, id(&self.cells[3])?))
    }
}

/// The old `passages.csv`, mapped into memory and read forward in step with the pairs being
/// written.
///
/// Mapped rather than read: a gigabyte of old rows then costs no copy out of the page cache,
/// and a carried row's bytes are copied once, from the page cache into the new file's rows.
/// The file lives in the run's own `--out` folder; report sets are swapped in by renaming, which
/// leaves a mapped file's bytes as they were. (Only truncating the old file in place while a
/// run reads it would fault the run.)
pub struct PassagesCarry {
    file: Arc<memmap2::Mmap>,
    /// The next row not yet taken, if any; the rest of the file is not carried once it is
    /// `None`.
    next: Option<OldRow>,
    /// The file's bytes before this are read and their pages let go ([`release`]).
    released: usize,
    carried_rows: u64,
}

/// Bytes of the map read between two [`release`]s.
const RELEASE_BYTES: usize = 64 << 20;

/// Lets the pages of `map[from..to]`, read, go from the process (they stay in the page cache):
/// without it, every page of the old file read would count in the run's resident memory (a
/// gigabyte at a million articles).
fn release(map: &memmap2::Mmap, from: usize, to: usize) {
    #[cfg(unix)]
    // SAFETY: the map is shared and read-only: a page let go is read again from the file when
    // touched, with the same bytes, so no reference into the map sees other bytes.
    unsafe {
        let _ = map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, to - from);
    }
    #[cfg(not(unix))]
    let _ = (map, from, to);
}

/// Rows of the old file have the `passages.csv` columns.
const COLUMNS: usize = 8;

impl PassagesCarry {
    /// The previous `passages.csv` of `out`, when `record` says it is the one this index wrote
    /// there (see the module docs) and `preamble` (the byte order mark, the header) begins it;
    /// `None` otherwise, or when it cannot be read: rows are then all built.
    pub fn open(
        out: &Path,
        bom: bool,
        record: &PassagesRecord,
        preamble: &[u8],
    ) -> Option<PassagesCarry> {
        if record.format != FORMAT || record.bom != bom || record.out != absolute(out) {
            return None;
        }
        let file = File::open(out.join("passages.csv")).ok()?;
        if file.metadata().ok()?.len() != record.bytes {
            return None;
        }
        // SAFETY: the map is only read; see the type's docs on the file changing under it.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Sequential);
        if map.len() as u64 != record.bytes || !map.starts_with(preamble) {
            return None;
        }
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for at in (0..map.len()).step_by(RELEASE_BYTES) {
            let end = map.len().min(at + RELEASE_BYTES);
            hasher.update(&map[at..end]);
            release(&map, at, end);
        }
        if hasher.digest() != record.xxh3 {
            return None;
        }
        let next = parse_row(&map, preamble.len());
        Some(PassagesCarry {
            file: Arc::new(map),
            next,
            released: 0,
            carried_rows: 0,
        })
    }

    /// How many rows were carried over.
    pub fn carried_rows(&self) -> u64 {
        self.carried_rows
    }

    /// The old rows of pair (`id_a`, `id_b`) when they are exactly the rows of `passages` (in
    /// order, every number equal); `None` when the pair had no rows or others. Pairs must be
    /// asked for in `passages.csv` order; rows of pairs never asked for are passed over.
    pub fn take(
        &mut self,
        id_a: &str,
        id_b: &str,
        passages: &[SharedPassage],
    ) -> Option<CarriedRows> {
        let file = &self.file[..];
        loop {
            let row = self.next?;
            match row.key(file).map(|(a, b)| (&*a, &*b).cmp(&(id_a, id_b))) {
                Some(Ordering::Less) | None => self.next = parse_row(file, row.end),
                Some(Ordering::Equal) => break,
                Some(Ordering::Greater) => return None,
            }
        }
        let (cell_a, cell_b) = (crate::report::defuse(id_a), crate::report::defuse(id_b));
        let (mut from, mut to) = (usize::MAX, 0);
        let mut matched = 0;
        let mut all = true;
        let longest = crate::analyse::pairs::longest(passages);
        let mut excerpt: Option<String> = None;
        while let Some(row) = self.next {
            if row
                .key(file)
                .is_none_or(|(a, b)| (&*a, &*b) != (id_a, id_b))
            {
                break;
            }
            let same = passages.get(matched).is_some_and(|p| {
                row.cells[0].value(file) == cell_a.as_bytes()
                    && row.cells[3].value(file) == cell_b.as_bytes()
                    && [p.start_a, p.end_a, p.start_b, p.end_b, p.words]
                        .iter()
                        .zip([1, 2, 4, 5, 6])
                        .all(|(n, i)| number(&row.cells[i].value(file)) == Some(*n))
            });
            all &= same;
            if same && Some(matched) == longest {
                excerpt = String::from_utf8(row.cells[COLUMNS - 1].value(file).into_owned()).ok();
            }
            matched += 1;
            from = from.min(row.start);
            to = row.end;
            self.next = parse_row(file, row.end);
        }
        if let Some(row) = self
            .next
            .filter(|r| r.start - self.released >= RELEASE_BYTES)
        {
            release(&self.file, self.released, row.start);
            self.released = row.start;
        }
        match excerpt {
            Some(excerpt) if all && matched == passages.len() && matched > 0 => {
                self.carried_rows += matched as u64;
                Some(CarriedRows {
                    file: Arc::clone(&self.file),
                    range: from..to,
                    excerpt,
                })
            }
            _ => None,
        }
    }
}

/// A pair's rows carried over: their bytes in the old file, each row with its line end, left
/// in the map until they are written (no copy on the way).
#[derive(Clone)]
pub struct CarriedRows {
    file: Arc<memmap2::Mmap>,
    range: std::ops::Range<usize>,
    /// The text cell of the pair's longest passage, as written: the pair's `passage` cell in
    /// `pairs.csv` is the same cell ([`crate::report::PairRow::passage_cell`]).
    excerpt: String,
}

impl CarriedRows {
    pub fn bytes(&self) -> &[u8] {
        &self.file[self.range.clone()]
    }

    /// The text cell of the pair's longest passage, as written, taken out (the rows' bytes
    /// stay).
    pub fn take_excerpt(&mut self) -> String {
        std::mem::take(&mut self.excerpt)
    }
}

impl std::fmt::Debug for CarriedRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CarriedRows({:?})",
            String::from_utf8_lossy(self.bytes())
        )
    }
}

impl PartialEq for CarriedRows {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

/// A row's number cell as written (`u32`, decimal, no sign).
fn number(cell: &[u8]) -> Option<u32> {
    std::str::from_utf8(cell).ok()?.parse().ok()
}

/// A writer that keeps the size and xxh3 digest of everything written through it.
pub struct Digesting<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    bytes: u64,
}

impl<W: io::Write> Digesting<W> {
    pub fn new(inner: W) -> Self {
        Digesting {
            inner,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            bytes: 0,
        }
    }

    /// (bytes, digest) so far.
    pub fn sum(&self) -> (u64, u64) {
        (self.bytes, self.hasher.digest())
    }
}

impl<W: io::Write> io::Write for Digesting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{PairRow, PassageRow, PassageRows, ReportWriter};
    use crate::verify::ReuseKind;

    fn passage(start_a: u32, end_a: u32, words: u32) -> SharedPassage {
        SharedPassage::at(start_a, end_a, words)
    }

    /// One pair's rows as a run builds them.
    fn rows(a: &str, b: &str, passages: &[SharedPassage]) -> (PairRow, PassageRows) {
        let pair = PairRow {
            id_a: a.into(),
            id_b: b.into(),
            outlet_a: "X".into(),
            outlet_b: "Y".into(),
            date_a: String::new(),
            date_b: String::new(),
            jaccard: 0.5,
            containment_a: 0.5,
            containment_b: 0.5,
            shared_words: 10,
            passage: String::new(),
            passage_cell: None,
            origin: String::new(),
            agency: String::new(),
            cluster: 1,
            kind: ReuseKind::Passages,
        };
        let built = passages
            .iter()
            .map(|p| PassageRow {
                id_a: a.into(),
                start_a: p.start_a,
                end_a: p.end_a,
                id_b: b.into(),
                start_b: p.start_b,
                end_b: p.end_b,
                words: p.words,
                text: format!("text of {a} at {}, \"quoted\"", p.start_a),
            })
            .collect();
        (pair, PassageRows::Built(built))
    }

    /// Writes a report set of `pairs` into `out`; returns the record of its `passages.csv`.
    fn write(out: &Path, bom: bool, pairs: &[(&str, &str, Vec<SharedPassage>)]) -> PassagesRecord {
        let w = ReportWriter::new(out, bom).unwrap();
        w.pairs_and_passages(pairs.iter().map(|(a, b, p)| rows(a, b, p)), None)
            .unwrap();
        w.commit().unwrap();
        w.passages_record().unwrap()
    }

    /// The ids in the old file include ones quoted (a comma, a quote) and one defused (`=`).
    fn old_pairs() -> Vec<(&'static str, &'static str, Vec<SharedPassage>)> {
        vec![
            ("=a", "b", vec![passage(0, 10, 2)]),
            ("a,1", "b\"2", vec![passage(0, 10, 2), passage(20, 40, 5)]),
            ("c", "d", vec![passage(5, 9, 1)]),
            ("c", "e", vec![passage(1, 2, 1)]),
            ("f", "g", vec![passage(3, 30, 6)]),
        ]
    }

    #[test]
    fn unchanged_pairs_take_their_rows_as_written_and_others_none() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rep");
        let record = write(&out, false, &old_pairs());
        let old = std::fs::read_to_string(out.join("passages.csv")).unwrap();
        let lines: Vec<&str> = old.lines().collect();
        let w = ReportWriter::new(&out, false).unwrap();
        let mut carry = w.carry_from(&record).expect("the file the record names");
        let line = |k: usize| format!("{}\n", lines[k]);
        // Same passages: the rows as written (a defused id, quoted ids).
        let got = carry.take("=a", "b", &[passage(0, 10, 2)]);
        assert_eq!(
            got.as_ref().map(CarriedRows::bytes),
            Some(line(1).as_bytes())
        );
        let got = carry.take("a,1", "b\"2", &[passage(0, 10, 2), passage(20, 40, 5)]);
        let two = format!("{}{}", line(2), line(3));
        assert_eq!(got.as_ref().map(CarriedRows::bytes), Some(two.as_bytes()));
        // A new pair between old ones: none, and the next old pair still found.
        assert_eq!(carry.take("b", "z", &[passage(0, 1, 1)]), None);
        // (c, d) is never asked for: passed over. (c, e) changed its span: none.
        assert_eq!(carry.take("c", "e", &[passage(1, 3, 1)]), None);
        // A pair with one passage more than it had: none.
        assert_eq!(
            carry.take("f", "g", &[passage(3, 30, 6), passage(40, 50, 2)]),
            None
        );
        // Past the end of the file.
        assert_eq!(carry.take("h", "i", &[passage(0, 1, 1)]), None);
        assert_eq!(carry.carried_rows(), 3);
    }

    #[test]
    fn a_file_changed_moved_or_written_otherwise_is_not_carried() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rep");
        let record = write(&out, false, &old_pairs());
        let writer = |bom| ReportWriter::new(&out, bom).unwrap();
        assert!(writer(false).carry_from(&record).is_some());
        // Another byte order mark setting, another format, another folder.
        assert!(writer(true).carry_from(&record).is_none());
        let other = PassagesRecord {
            format: "passages-0".into(),
            ..record.clone()
        };
        assert!(writer(false).carry_from(&other).is_none());
        let moved = dir.path().join("moved");
        std::fs::rename(&out, &moved).unwrap();
        assert!(ReportWriter::new(&moved, false)
            .unwrap()
            .carry_from(&record)
            .is_none());
        std::fs::rename(&moved, &out).unwrap();
        // One byte of a text changed, the size kept: the digest tells.
        let path = out.join("passages.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("text of c", "text of C", 1)).unwrap();
        assert!(writer(false).carry_from(&record).is_none());
        // With a workbook, rows are all built.
        std::fs::write(&path, text).unwrap();
        assert!(writer(false).carry_from(&record).is_some());
        assert!(writer(false).with_xlsx(true).carry_from(&record).is_none());
    }

    /// A file written with carried rows is the file written without them.
    #[test]
    fn rows_carried_and_built_make_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rep");
        let pairs = old_pairs();
        let record = write(&out, true, &pairs);
        let first = std::fs::read(out.join("passages.csv")).unwrap();
        let w = ReportWriter::new(&out, true).unwrap();
        let mut carry = w.carry_from(&record).unwrap();
        let mixed: Vec<(PairRow, PassageRows)> = pairs
            .iter()
            .enumerate()
            .map(|(k, (a, b, p))| match (k % 2, carry.take(a, b, p)) {
                (0, Some(bytes)) => (rows(a, b, p).0, PassageRows::Carried(bytes)),
                _ => rows(a, b, p),
            })
            .collect();
        assert_eq!(carry.carried_rows(), 6, "every row found");
        w.pairs_and_passages(mixed, None).unwrap();
        w.commit().unwrap();
        assert_eq!(std::fs::read(out.join("passages.csv")).unwrap(), first);
        assert_eq!(w.passages_record(), Some(record));
    }

    proptest::proptest! {
        /// Rows as this crate writes them, whatever their cells hold (commas, quotes, line
        /// ends, a defused `=`), are read back row by row with their bytes and values, as a
        /// CSV reader reads them.
        #[test]
        fn rows_read_back_as_written(
            cells in proptest::collection::vec(
                proptest::collection::vec("[a=,\"\n xé1]{0,6}", COLUMNS), 1..8)
        ) {
            let bytes = crate::report::csv_records(&cells).unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(&bytes[..]);
            let mut at = 0;
            for (k, want) in reader.byte_records().enumerate() {
                let want = want.unwrap();
                let row = parse_row(&bytes, at).unwrap_or_else(|| panic!("row {k} at {at}"));
                let got: Vec<Vec<u8>> =
                    row.cells.iter().map(|c| c.value(&bytes).into_owned()).collect();
                let want: Vec<Vec<u8>> = want.iter().map(<[u8]>::to_vec).collect();
                proptest::prop_assert_eq!(got, want);
                at = row.end;
            }
            proptest::prop_assert_eq!(at, bytes.len());
            proptest::prop_assert!(parse_row(&bytes, at).is_none());
        }
    }

    #[test]
    fn bytes_that_are_no_row_end_the_carry() {
        for bad in [
            "a,1,2,b,3,4,5\n",
            "a,1,2,b,3,4,5,x,y\n",
            "a\"b,1,2,b,3,4,5,t\n",
            "\"a\"x,1,2,b,3,4,5,t\n",
            "\"a,1,2\n",
        ] {
            assert!(parse_row(bad.as_bytes(), 0).is_none(), "{bad:?}");
        }
        // Every row this crate writes ends its line; one that does not is not carried.
        assert!(parse_row(b"a,1,2,b,3,4,5,tail", 0).is_none());
        let row = b"a,1,2,b,3,4,5,tail\n";
        assert_eq!(parse_row(row, 0).map(|r| r.end), Some(row.len()));
    }

    /// The bytes of a few `passages.csv` rows, cut from texts that exercise every rule a text
    /// cell follows (a plain text, one scraped with markup, a passage past the cell's length,
    /// line breaks, a cell a spreadsheet would run, quotes). If this fails, a row's bytes
    /// changed for the same pair: rows written by an older build must not be carried, so bump
    /// [`FORMAT`] and then set the digest here.
    #[test]
    fn row_bytes_are_those_the_format_names() {
        use crate::analyse::pairs::{PairLocal, TextCut};
        use crate::DocId;
        let long = "Word ".repeat(80);
        let texts = [
            "Plain text, with \"quotes\" and a comma.\nA second line.",
            "<p>Scraped&nbsp;text <b>with</b>\n\n  markup</p><div>left in</div>",
            long.as_str(),
            "=SUM(A1) opens this one",
        ];
        let mut rows = Vec::new();
        for (k, text) in texts.iter().enumerate() {
            let chars = text.chars().count() as u32;
            let mut pair = PairLocal {
                lo: DocId(0),
                hi: DocId(1),
                swapped: false,
                jaccard: 0.5,
                containment_a: 0.5,
                containment_b: 0.5,
                shared_words: 5,
                passage: String::new(),
                passages: vec![passage(0, chars, 5), passage(chars / 3, chars, 3)],
                kind: ReuseKind::Passages,
                foot: Vec::new(),
                cut: TextCut::Nothing,
            };
            pair.cut_texts(text, true);
            rows.extend(pair.passages.iter().map(|p| PassageRow {
                id_a: format!("a{k}"),
                start_a: p.start_a,
                end_a: p.end_a,
                id_b: format!("b{k}"),
                start_b: p.start_b,
                end_b: p.end_b,
                words: p.words,
                text: p.text.clone(),
            }));
        }
        let bytes = crate::report::passage_bytes(vec![PassageRows::Built(rows)]).unwrap();
        let digest = xxhash_rust::xxh3::xxh3_64(&bytes);
        assert_eq!(
            (FORMAT, digest),
            ("passages-1", 1163738800608650624),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}
