//! Stage 9 — report: the run's rows → CSV files and `summary.json` in `--out`.
//!
//! Every file is UTF-8, comma-separated, RFC 4180 quoted (`\n` line ends), one header row, rows
//! in the order the caller sorted them (see each row type). Text cells a spreadsheet would run
//! as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading `'`. Numbers use
//! `.` and at most four decimals, trailing zeros trimmed (`0.5`, `1`, `0.1234`).
//!
//! Free text (passages, titles, evidence) has its line breaks folded to one space, so every row
//! is one line (`wc -l` counts rows, a printout stays readable); ids are written as read, so an
//! id holding a line break (never seen in practice) is quoted over two lines.
//! [`undefuse`] takes a defused cell back to the value as read: everything that accepts an id
//! back (explain, the index) uses it.
//!
//! Atomicity, per file and as a set: every report goes into a hidden staging folder beside
//! `--out` (`.wiretrace-new-*`), each file flushed and synced; [`ReportWriter::commit`] syncs the
//! folder and swaps it in place of `--out` (the old folder is renamed aside, the new one in, the
//! old one removed). A failed or killed run leaves the previous report set as it was, never a mix
//! of two runs. Files in `--out` that are not wiretrace reports are carried over into the new
//! folder; report files the new run does not write (a `new_pairs.csv` of an earlier `--index`
//! run, a `report.xlsx` without `--xlsx`) go with the old set. `--out .` (the working folder)
//! and a folder that cannot be renamed (a mount point) are not swapped: there each report is
//! renamed into place, whole, one after the other.
//!
//! Permissions: files are created `0666` and folders `0777`, less the umask (`0644`/`0755`
//! under the usual `022`), so a cron job's reports are readable by colleagues and web servers;
//! an existing `--out` keeps its own mode.
//!
//! Test hook: `WIRETRACE_FAIL_AFTER=<file name>` makes the run fail right after that report file
//! is written, to test that nothing of a failed run reaches `--out`. Read in [`fail_hook`] only.

pub mod carry;
pub mod html;
pub mod rows;
pub mod summary;
pub mod terminal;
pub mod xlsx;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::report::rows::RowSink;
pub use crate::report::xlsx::Cell;
use crate::report::xlsx::XlsxBook;
use crate::verify::ReuseKind;

/// The names of every report file wiretrace writes into `--out`: these are replaced as a set;
/// any other entry of `--out` is the user's and is kept.
pub const REPORT_FILES: [&str; 10] = [
    "pairs.csv",
    "new_pairs.csv",
    "retracted_pairs.csv",
    "passages.csv",
    "clusters.csv",
    "credits.csv",
    "outlets.csv",
    "summary.json",
    "report.html",
    "report.xlsx",
];

/// `pairs.csv` / `new_pairs.csv` header (SPEC).
pub const PAIRS_HEADER: [&str; 15] = [
    "id_a",
    "id_b",
    "outlet_a",
    "outlet_b",
    "date_a",
    "date_b",
    "jaccard",
    "containment_a",
    "containment_b",
    "shared_words",
    "passage",
    "origin",
    "agency",
    "cluster",
    "kind",
];
pub const PASSAGES_HEADER: [&str; 8] = [
    "id_a", "start_a", "end_a", "id_b", "start_b", "end_b", "words", "text",
];
pub const CLUSTERS_HEADER: [&str; 8] = [
    "cluster",
    "id",
    "outlet",
    "date",
    "title",
    "role",
    "containment",
    "agency",
];
pub const CREDITS_HEADER: [&str; 5] = ["id", "outlet", "agency", "kind", "evidence"];
pub const OUTLETS_HEADER: [&str; 8] = [
    "outlet",
    "agency",
    "articles",
    "reusing",
    "share",
    "credited",
    "uncredited",
    "rewritten",
];

/// Longest `passage` / `text` cell, in characters.
pub const MAX_PASSAGE_CHARS: usize = 300;

/// One row of `pairs.csv`, sorted by (`id_a`, `id_b`) bytes. Invariant: `id_a < id_b`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairRow {
    pub id_a: String,
    pub id_b: String,
    pub outlet_a: String,
    pub outlet_b: String,
    pub date_a: String,
    pub date_b: String,
    pub jaccard: f64,
    pub containment_a: f64,
    pub containment_b: f64,
    pub shared_words: u32,
    pub passage: String,
    /// The `passage` cell as the previous `passages.csv` wrote it for the pair's longest
    /// passage, when its rows are carried over ([`carry`]): the same text the cell would hold,
    /// which then need not be cut from the article again (`passage` is then empty).
    pub passage_cell: Option<String>,
    pub origin: String,
    pub agency: String,
    pub cluster: u32,
    /// `duplicate`, `passages` or `rewrite` (appended after the first columns, SPEC).
    pub kind: ReuseKind,
}

/// One aligned passage of a pair, in report orientation, without the pair's ids (kept once per
/// pair, not once per passage).
#[derive(Clone, Debug, PartialEq)]
pub struct SharedPassage {
    pub start_a: u32,
    pub end_a: u32,
    pub start_b: u32,
    pub end_b: u32,
    pub words: u32,
    /// a's passage, cut to [`MAX_PASSAGE_CHARS`].
    pub text: String,
}

/// One row of `passages.csv`, sorted by (`id_a`, `id_b`, `start_a`).
#[derive(Clone, Debug, PartialEq)]
pub struct PassageRow {
    pub id_a: String,
    pub start_a: u32,
    pub end_a: u32,
    pub id_b: String,
    pub start_b: u32,
    pub end_b: u32,
    pub words: u32,
    pub text: String,
}

/// The `passages.csv` rows of one pair: built from its passages, or carried over, as written,
/// from the previous report set ([`carry`]).
#[derive(Clone, Debug, PartialEq)]
pub enum PassageRows {
    Built(Vec<PassageRow>),
    Carried(carry::CarriedRows),
}

impl SharedPassage {
    /// A passage of `words` words at characters `start_a..end_a` of side `a` (side `b`'s
    /// span 7 characters on), no text: for tests.
    #[cfg(test)]
    pub(crate) fn at(start_a: u32, end_a: u32, words: u32) -> SharedPassage {
        SharedPassage {
            start_a,
            end_a,
            start_b: start_a + 7,
            end_b: end_a + 7,
            words,
            text: String::new(),
        }
    }
}

impl PassageRows {
    /// The rows built; none for rows carried over (only a run that carries rows has those, and
    /// it hands no rows to anything but the file).
    pub fn into_built(self) -> Vec<PassageRow> {
        match self {
            PassageRows::Built(rows) => rows,
            PassageRows::Carried(_) => Vec::new(),
        }
    }
}

/// One row of `clusters.csv`, sorted by (`cluster`, role, `id`).
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterRow {
    pub cluster: u32,
    pub id: String,
    pub outlet: String,
    pub date: String,
    pub title: String,
    pub role: &'static str,
    pub containment: Option<f64>,
    pub agency: String,
}

/// One row of `credits.csv`, sorted by (`id`, position of the credit in the text).
#[derive(Clone, Debug, PartialEq)]
pub struct CreditRow {
    pub id: String,
    pub outlet: String,
    pub agency: String,
    pub kind: &'static str,
    pub evidence: String,
}

/// One row of `outlets.csv`, sorted by (`outlet`, `agency`).
#[derive(Clone, Debug, PartialEq)]
pub struct OutletRow {
    pub outlet: String,
    pub agency: String,
    pub articles: u64,
    pub reusing: u64,
    pub credited: u64,
    pub uncredited: u64,
    /// Of `reusing`, the articles that carry the agency's copy only rewritten: every reported
    /// pair that carries it is a `rewrite` (appended last, so scripts reading the columns
    /// before it keep working).
    pub rewritten: u64,
}

/// Formats a number with at most four decimals, trailing zeros trimmed: `x` rounded to the
/// nearest multiple of 0.0001, ties to even, as `format!("{:.4}")` rounds it.
///
/// Why not just that formatter: its exact mode falls back to big-number arithmetic for most
/// ratios, and a million-article report set formats millions of them (a twentieth of a
/// nightly run's CPU time went there). [`ten_thousandths`] rounds the same way in a few
/// floating-point operations; numbers outside its range take the formatter.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if let Some(n) = ten_thousandths(x.abs()) {
        use std::fmt::Write;
        if n == 0 {
            return "0".to_string();
        }
        let mut s = String::with_capacity(12);
        if x < 0.0 {
            s.push('-');
        }
        let (whole, mut frac) = (n / 10_000, n % 10_000);
        let _ = write!(s, "{whole}");
        if frac != 0 {
            let mut digits = 4;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            let _ = write!(s, ".{frac:0digits$}");
        }
        return s;
    }
    num_formatted(x)
}

/// `x` (finite, not negative) times 10,000, rounded to the nearest integer, ties to even, on
/// the exact value of `x`; `None` from 10^9 up, where the formatter takes over.
///
/// Exactness: `y = x · 10⁴` rounds, but `e = fma(x, 10⁴, −y)` is the rounding error exactly
/// (the error of a product is a double), so `x · 10⁴ = n + f + e` with `n = ⌊y⌋` and the
/// fraction `f = y − n` exact (`y < 2⁵³`). The exact fraction `f + e` is then compared with ½
/// without rounding: `f − ½` is exact for `f ≥ ¼` (Sterbenz), and below ¼ it is at most −¼,
/// far beyond `|e| ≤ ulp(y)/2 < 2⁻⁹`.
fn ten_thousandths(x: f64) -> Option<u64> {
    if !(0.0..1e9).contains(&x) {
        return None;
    }
    let y = x * 10_000.0;
    let e = x.mul_add(10_000.0, -y);
    let n = y.floor();
    let d = (y - n) - 0.5;
    let up = match d.partial_cmp(&-e)? {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => n % 2.0 == 1.0,
    };
    // `n < 10¹³`: the conversion is exact.
    Some(n as u64 + u64::from(up))
}

/// [`num`] by the standard formatter.
fn num_formatted(x: f64) -> String {
    let s = format!("{:.4}", x);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// Whether a spreadsheet would run a cell starting with `c`.
fn triggers(c: Option<char>) -> bool {
    matches!(c, Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// Whether `s` is quotes followed by a formula trigger (`'=x`, `''+1`): exactly the cells
/// [`defuse`] prefixes and [`undefuse`] strips.
fn quoted_trigger(s: &str) -> bool {
    triggers(s.trim_start_matches('\'').chars().next())
}

/// A text cell made safe for spreadsheets: a leading `'` before `=`, `+`, `-`, `@`, tab, CR.
/// A value that already starts with quotes before such a character gets one more, so that
/// [`undefuse`] gives back exactly the value as read.
pub fn defuse(s: &str) -> Cow<'_, str> {
    if quoted_trigger(s) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// The value a [`defuse`]d cell stands for: one leading `'` dropped where `defuse` added it.
/// `undefuse(&defuse(s)) == s` for every `s`.
pub fn undefuse(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if quoted_trigger(rest) => rest,
        _ => s,
    }
}

/// The line breaks [`fold_lines`] folds: `\n`, `\r`, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether UTF-8 text `b` holds an [`is_break`] character, found without decoding: their
/// encodings are `\n`, `\r`, VT, FF, C2 85, E2 80 A8 and E2 80 A9.
fn has_break(b: &[u8]) -> bool {
    // A block is searched only when one of its bytes may start a break; the test per block
    // has no early exit, so it vectorises.
    const BLOCK: usize = 32;
    let maybe =
        |x: u8| (x == b'\n') | (x == b'\r') | (x == 0x0b) | (x == 0x0c) | (x == 0xc2) | (x == 0xe2);
    let breaks_at = |i: usize| match b[i] {
        0xc2 => b.get(i + 1) == Some(&0x85),
        0xe2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)),
        x => maybe(x),
    };
    let blocks = b.chunks_exact(BLOCK);
    let tail = blocks.remainder().len();
    let found = blocks.enumerate().any(|(k, block)| {
        let block: &[u8; BLOCK] = block.try_into().expect("chunks_exact");
        block.iter().fold(0u8, |acc, &x| acc | u8::from(maybe(x))) != 0
            && (k * BLOCK..(k + 1) * BLOCK).any(breaks_at)
    });
    found || (b.len() - tail..b.len()).any(breaks_at)
}

/// `s` with every run of white space holding a line break folded to one space.
pub fn fold_lines(s: &str) -> Cow<'_, str> {
    if !has_break(s.as_bytes()) {
        return s.into();
    }
    // Spans without a folded run are copied whole: `s[..copied]` is in `out`, and `run` is the
    // white-space run being read (its start, and whether it holds a break).
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut run: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            let r = run.get_or_insert((i, false));
            r.1 |= is_break(c);
        } else if let Some((start, broke)) = run.take() {
            if broke {
                out.push_str(&s[copied..start]);
                out.push(' ');
                copied = i;
            }
        }
    }
    if let Some((start, true)) = run {
        out.push_str(&s[copied..start]);
        out.push(' ');
        copied = s.len();
    }
    out.push_str(&s[copied..]);
    out.into()
}

/// The CSV text of a typed cell.
pub fn csv_cell(c: &Cell) -> Cow<'_, str> {
    match c {
        Cell::Text(t) => defuse(t),
        Cell::Prose(t) => match fold_lines(t) {
            Cow::Borrowed(t) => defuse(t),
            Cow::Owned(t) if quoted_trigger(&t) => format!("'{t}").into(),
            Cow::Owned(t) => t.into(),
        },
        Cell::Written(t) => t.as_str().into(),
        Cell::Int(n) => n.to_string().into(),
        Cell::Num(x) => num(*x).into(),
        Cell::Empty => "".into(),
    }
}

/// The test hook: fails when `WIRETRACE_FAIL_AFTER` names the file just written.
fn fail_hook(path: &Path) -> Result<()> {
    let Some(name) = path.file_name() else {
        return Ok(());
    };
    match std::env::var_os("WIRETRACE_FAIL_AFTER") {
        Some(v) if v == name => Err(Error::io(
            path,
            io::Error::other("failure injected by WIRETRACE_FAIL_AFTER (test hook)"),
        )),
        _ => Ok(()),
    }
}

/// Permissions for new files: `0666` less the umask (applied by the system at creation).
#[cfg(unix)]
fn file_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o666))
}
#[cfg(not(unix))]
fn file_permissions() -> Option<fs::Permissions> {
    None
}

/// Permissions for new folders: `0777` less the umask.
#[cfg(unix)]
fn dir_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o777))
}
#[cfg(not(unix))]
fn dir_permissions() -> Option<fs::Permissions> {
    None
}

/// Syncs a folder, so the renames in it survive a power loss.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// At most the first `max` characters of `s`, cut where a reader would cut: never inside a
/// grapheme cluster (a Devanagari consonant and its vowel sign, an accent written apart, an
/// emoji sequence), and at the last space of the last `WORD_REACH` (30) characters rather than
/// inside a word (text without spaces — Chinese, Thai — is cut by characters).
pub fn cut(s: &str, max: usize) -> &str {
    // A string of at most `max` bytes has at most `max` characters.
    if s.len() <= max {
        return s;
    }
    let Some((end, _)) = s.char_indices().nth(max) else {
        return s;
    };
    // The first character dropped must start a grapheme cluster (UAX #29, as the tokenizer
    // reads them): else the cut moves back to the start of the cluster it falls in.
    let mut cursor = unicode_segmentation::GraphemeCursor::new(end, s.len(), true);
    let end = match cursor.is_boundary(s, 0) {
        Ok(false) => cursor.prev_boundary(s, 0).ok().flatten().unwrap_or(0),
        _ => end,
    };
    let kept = &s[..end];
    let dropped_letter = s[end..].chars().next().is_some_and(char::is_alphanumeric);
    let kept_letter = kept.chars().next_back().is_some_and(char::is_alphanumeric);
    if dropped_letter && kept_letter {
        let tail_from = kept
            .char_indices()
            .rev()
            .nth(WORD_REACH - 1)
            .map_or(0, |(i, _)| i);
        if let Some(space) = kept[tail_from..].rfind(char::is_whitespace) {
            return kept[..tail_from + space].trim_end();
        }
    }
    kept.trim_end()
}

/// How far back [`cut`] looks for a space to cut at, in characters.
const WORD_REACH: usize = 30;

/// `s` cut to its first `max` characters, in place.
fn cut_owned(mut s: String, max: usize) -> String {
    let n = cut(&s, max).len();
    s.truncate(n);
    s
}

/// Writes `path` atomically: `fill` writes into a temporary file in the same folder, which is
/// synced and renamed over `path` only if `fill` succeeds.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let wrap = |e: io::Error| Error::io(path, e);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".wiretrace-").suffix(".tmp");
    // A temporary file is 0600 by default, and its mode survives the rename.
    if let Some(p) = file_permissions() {
        builder.permissions(p);
    }
    let tmp = builder.tempfile_in(dir).map_err(wrap)?;
    {
        let mut w = BufWriter::with_capacity(1 << 16, tmp.as_file());
        fill(&mut w).map_err(wrap)?;
        w.flush().map_err(wrap)?;
    }
    tmp.as_file().sync_all().map_err(wrap)?;
    tmp.persist(path).map_err(|e| wrap(e.error))?;
    Ok(())
}

/// Where and how reports are written: into a staging folder, swapped in place of `--out` by
/// [`ReportWriter::commit`]. Dropped without a commit, it removes the staging folder and leaves
/// `--out` untouched.
#[derive(Debug)]
pub struct ReportWriter {
    /// Where report files are written during the run (the staging folder). Everything of the
    /// report set must be written here before [`ReportWriter::commit`].
    pub dir: PathBuf,
    /// The report folder the user named (`--out`).
    pub out: PathBuf,
    pub bom: bool,
    staging: Mutex<Option<tempfile::TempDir>>,
    xlsx: Option<Mutex<XlsxBook>>,
    /// The size and xxh3 digest of the `passages.csv` written by
    /// [`ReportWriter::pairs_and_passages`] ([`ReportWriter::passages_record`]).
    passages_sum: Mutex<Option<(u64, u64)>>,
}

/// Rows a CSV report takes at a time (see [`ReportWriter::write_csv`]): a chunk of rows weighs
/// a few MB. ([`ReportWriter::pairs_and_passages`] takes this many pairs, each with all its
/// passages.)
const ROW_CHUNK: usize = 8192;

/// Rows formatted by one task of a chunk.
const ROW_SLICE: usize = 512;

/// The cells of a `pairs.csv` row.
fn pair_cells(r: PairRow) -> Vec<Cell> {
    vec![
        Cell::Text(r.id_a),
        Cell::Text(r.id_b),
        Cell::Text(r.outlet_a),
        Cell::Text(r.outlet_b),
        Cell::Text(r.date_a),
        Cell::Text(r.date_b),
        Cell::Num(r.jaccard),
        Cell::Num(r.containment_a),
        Cell::Num(r.containment_b),
        Cell::Int(r.shared_words.into()),
        match r.passage_cell {
            Some(written) => Cell::Written(written),
            None => Cell::Prose(cut_owned(r.passage, MAX_PASSAGE_CHARS)),
        },
        Cell::Text(r.origin),
        Cell::Text(r.agency),
        // 0: in no cluster (a retracted pair).
        if r.cluster == 0 {
            Cell::Empty
        } else {
            Cell::Int(r.cluster.into())
        },
        Cell::Text(r.kind.as_str().to_string()),
    ]
}

/// The cells of a `passages.csv` row.
fn passage_cells(r: PassageRow) -> Vec<Cell> {
    vec![
        Cell::Text(r.id_a),
        Cell::Int(r.start_a.into()),
        Cell::Int(r.end_a.into()),
        Cell::Text(r.id_b),
        Cell::Int(r.start_b.into()),
        Cell::Int(r.end_b.into()),
        Cell::Int(r.words.into()),
        Cell::Prose(cut_owned(r.text, MAX_PASSAGE_CHARS)),
    ]
}

/// The `passages.csv` bytes of pairs' rows, in order: rows built are formatted, rows carried
/// over copied.
fn passage_bytes(passages: Vec<PassageRows>) -> io::Result<Vec<u8>> {
    let carried: usize = passages
        .iter()
        .map(|p| match p {
            PassageRows::Carried(rows) => rows.bytes().len(),
            PassageRows::Built(_) => 0,
        })
        .sum();
    let mut out = Vec::with_capacity(carried);
    let mut built: Vec<Vec<Cell>> = Vec::new();
    for rows in passages {
        match rows {
            PassageRows::Built(rows) => built.extend(rows.into_iter().map(passage_cells)),
            PassageRows::Carried(rows) => {
                if !built.is_empty() {
                    out.extend(format_cells(&built)?);
                    built.clear();
                }
                out.extend_from_slice(rows.bytes());
            }
        }
    }
    if !built.is_empty() {
        out.extend(format_cells(&built)?);
    }
    Ok(out)
}

/// The next chunk of `rows`: up to [`ROW_CHUNK`] rows in slices of [`ROW_SLICE`], one slice
/// per parallel task.
fn take_chunk<R>(rows: &mut impl Iterator<Item = R>) -> Vec<Vec<R>> {
    (0..ROW_CHUNK / ROW_SLICE)
        .map(|_| rows.by_ref().take(ROW_SLICE).collect::<Vec<R>>())
        .take_while(|slice| !slice.is_empty())
        .collect()
}

/// Where each slice of `chunk` starts in the whole sequence of rows, `next` being where the
/// chunk starts; `next` moves past the chunk.
fn slice_starts<R>(chunk: &[Vec<R>], next: &mut usize) -> Vec<usize> {
    chunk
        .iter()
        .map(|slice| {
            let first = *next;
            *next += slice.len();
            first
        })
        .collect()
}

/// Hands `rows` to `sink` a slice at a time, the slices of a chunk in parallel, as
/// [`ReportWriter::pairs_and_passages`] does while it writes.
pub(crate) fn sink_all(rows: impl Iterator<Item = (PairRow, Vec<PassageRow>)>, sink: &dyn RowSink) {
    use rayon::prelude::*;
    let mut rows = rows.peekable();
    let mut next = 0;
    while rows.peek().is_some() {
        let chunk = take_chunk(&mut rows);
        let firsts = slice_starts(&chunk, &mut next);
        chunk
            .par_iter()
            .zip(firsts)
            .for_each(|(slice, first)| sink.take(first, slice));
    }
}

/// Rows of cells as CSV text.
fn format_cells(rows: &[Vec<Cell>]) -> io::Result<Vec<u8>> {
    csv_records(
        rows.iter()
            .map(|row| row.iter().map(|c| Field(csv_cell(c)))),
    )
}

/// A slice of rows as CSV text, with their cells when the workbook needs them too.
type Formatted = (Vec<u8>, Vec<Vec<Cell>>);

/// A formatted cell, as the CSV writer takes it.
struct Field<'a>(Cow<'a, str>);

impl AsRef<[u8]> for Field<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// `records` as CSV text: RFC 4180 quoting where needed, `\n` line ends.
pub(crate) fn csv_records<I, F>(records: impl IntoIterator<Item = I>) -> io::Result<Vec<u8>>
where
    I: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in records {
        out.write_record(r).map_err(csv_err)?;
    }
    out.into_inner().map_err(|e| e.into_error())
}

fn csv_err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The sheet name of a report file (`new_pairs.csv` → `new_pairs`).
fn sheet_name(file: &str) -> &str {
    file.strip_suffix(".csv").unwrap_or(file)
}

impl ReportWriter {
    /// Creates the staging folder beside `dir` (and `dir`'s parent if missing).
    pub fn new(dir: &Path, bom: bool) -> Result<Self> {
        let out = if dir.is_symlink() {
            // Swap the folder the link points to, not the link.
            fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?
        } else {
            dir.to_path_buf()
        };
        if out.exists() && !out.is_dir() {
            return Err(Error::io(
                &out,
                io::Error::other("--out names a file, not a folder"),
            ));
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Error::make_folder(&parent, &format!("the report folder {}", out.display()))?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".wiretrace-new-");
        if let Some(p) = dir_permissions() {
            builder.permissions(p);
        }
        let staging = builder
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        Ok(ReportWriter {
            dir: staging.path().to_path_buf(),
            out,
            bom,
            staging: Mutex::new(Some(staging)),
            xlsx: None,
            passages_sum: Mutex::new(None),
        })
    }

    /// Also writes `report.xlsx` (one sheet per CSV report) when `on`.
    pub fn with_xlsx(mut self, on: bool) -> Self {
        self.xlsx = on.then(|| Mutex::new(XlsxBook::new()));
        self
    }

    /// What a CSV report starts with: the byte order mark with `--bom`, then the header row.
    fn preamble(&self, header: &[&str]) -> io::Result<Vec<u8>> {
        let mut out = if self.bom {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        };
        out.extend(csv_records(std::iter::once(header))?);
        Ok(out)
    }

    /// Writes one CSV from rows made on the fly (large reports are never held in memory whole),
    /// and its sheet of `report.xlsx` when asked for.
    ///
    /// Rows are taken [`ROW_CHUNK`] at a time; a chunk's cells are made and formatted in
    /// parallel, each slice into a buffer of its own, and the buffers are written in order, so
    /// the file is the same whatever the thread count. (A CSV record's text depends on its own
    /// fields only.) The workbook's sheet gets the same cells, in order.
    fn write_csv<R: Send + Sync>(
        &self,
        name: &str,
        header: &[&str],
        rows: impl IntoIterator<Item = R>,
        cells: impl Fn(R) -> Vec<Cell> + Sync,
    ) -> Result<PathBuf> {
        use rayon::prelude::*;
        let path = self.dir.join(name);
        let mut book =
            match &self.xlsx {
                Some(m) => Some(m.lock().map_err(|_| {
                    Error::io(&path, io::Error::other("report.xlsx writer poisoned"))
                })?),
                None => None,
            };
        let xlsx_path = self.dir.join("report.xlsx");
        // The report's sheet is filled in the same pass as the CSV, row by row.
        let mut sheet = book
            .as_mut()
            .map(|b| b.stream(&xlsx_path, sheet_name(name), header));
        let keep_cells = sheet.is_some();
        let mut sheet_err: Option<Error> = None;
        let written = write_atomic(&path, |w| {
            w.write_all(&self.preamble(header)?)?;
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk = take_chunk(&mut rows);
                let parts: Vec<io::Result<Formatted>> = chunk
                    .into_par_iter()
                    .map(|slice| {
                        let made: Vec<Vec<Cell>> = slice.into_iter().map(&cells).collect();
                        let text = format_cells(&made)?;
                        Ok((text, if keep_cells { made } else { Vec::new() }))
                    })
                    .collect();
                for part in parts {
                    let (text, made) = part?;
                    w.write_all(&text)?;
                    if let Some(sheet) = sheet.as_mut() {
                        for row in &made {
                            if let Err(e) = sheet.push(row) {
                                sheet_err = Some(e);
                                return Err(io::Error::other("report.xlsx failed"));
                            }
                        }
                    }
                }
            }
            Ok(())
        });
        if let Some(e) = sheet_err {
            return Err(e);
        }
        written?;
        if let Some(sheet) = sheet {
            sheet.finish()?;
        }
        fail_hook(&path)?;
        Ok(path)
    }

    /// Finishes the report set: `report.xlsx` if asked for, then the staging folder synced and
    /// swapped in place of `--out` (see the module header). Call once, after every report.
    pub fn commit(&self) -> Result<()> {
        if let Some(m) = &self.xlsx {
            let path = self.dir.join("report.xlsx");
            let mut book = m
                .lock()
                .map_err(|_| Error::io(&path, io::Error::other("report.xlsx writer poisoned")))?;
            book.save(&path)?;
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io(&path, e))?;
            fail_hook(&path)?;
        }
        let mut guard = self
            .staging
            .lock()
            .map_err(|_| Error::io(&self.dir, io::Error::other("staging folder poisoned")))?;
        let Some(staging) = guard.take() else {
            return Err(Error::io(
                &self.out,
                io::Error::other("reports committed twice"),
            ));
        };
        let staging = staging.keep();
        let res = swap_in(&staging, &self.out);
        if res.is_err() {
            let _ = fs::remove_dir_all(&staging);
        }
        res
    }
    pub fn pairs(&self, name: &str, rows: impl IntoIterator<Item = PairRow>) -> Result<PathBuf> {
        self.write_csv(name, &PAIRS_HEADER, rows, pair_cells)
    }

    pub fn passages(&self, rows: impl IntoIterator<Item = PassageRow>) -> Result<PathBuf> {
        self.write_csv("passages.csv", &PASSAGES_HEADER, rows, passage_cells)
    }

    /// Whether `report.xlsx` is written too (its sheets are filled one file at a time, so
    /// [`ReportWriter::pairs_and_passages`] cannot serve it).
    pub fn has_xlsx(&self) -> bool {
        self.xlsx.is_some()
    }

    /// The record of the `passages.csv` written in one pass with `pairs.csv`
    /// ([`ReportWriter::pairs_and_passages`]), for the index to keep; `None` if it was written
    /// otherwise (with a workbook), or not yet.
    pub fn passages_record(&self) -> Option<carry::PassagesRecord> {
        let (bytes, xxh3) = (*self.passages_sum.lock().unwrap_or_else(|e| e.into_inner()))?;
        Some(carry::PassagesRecord::new(&self.out, self.bom, bytes, xxh3))
    }

    /// The previous `passages.csv` in `--out`, when `record` says the index wrote it there
    /// and it is unchanged since ([`carry::PassagesCarry::open`]).
    pub fn carry_from(&self, record: &carry::PassagesRecord) -> Option<carry::PassagesCarry> {
        if self.has_xlsx() {
            return None;
        }
        let preamble = self.preamble(&PASSAGES_HEADER).ok()?;
        carry::PassagesCarry::open(&self.out, self.bom, record, &preamble)
    }

    /// `pairs.csv` and `passages.csv` in one pass over the pairs, each with its passage rows:
    /// the texts of a pair's passages are cut once for both files. The bytes are those of
    /// [`ReportWriter::pairs`] and [`ReportWriter::passages`]; without `report.xlsx` only.
    /// `sink`, if given, takes each slice of rows on the thread that formats it.
    pub fn pairs_and_passages(
        &self,
        rows: impl IntoIterator<Item = (PairRow, PassageRows), IntoIter: Send>,
        sink: Option<&dyn RowSink>,
    ) -> Result<[PathBuf; 2]> {
        use rayon::prelude::*;
        if self.has_xlsx() {
            return Err(Error::Usage(
                "internal: pairs_and_passages cannot fill report.xlsx".into(),
            ));
        }
        let pairs_path = self.dir.join("pairs.csv");
        let passages_path = self.dir.join("passages.csv");
        // Each file's own error, kept whole (naming its file) while the writer around it sees
        // an I/O error: `pairs.csv` is written from inside the `passages.csv` writer.
        let mut inner: Option<Error> = None;
        let mut pairs_failed: Option<Error> = None;
        let written = write_atomic(&pairs_path, |wp| {
            let mut put_pairs = |bytes: &[u8]| {
                wp.write_all(bytes).map_err(|e| {
                    pairs_failed = Some(Error::io(&pairs_path, e));
                    io::Error::other("pairs.csv failed")
                })
            };
            let res = write_atomic(&passages_path, |wq| {
                let mut wq = carry::Digesting::new(wq);
                put_pairs(&self.preamble(&PAIRS_HEADER)?)?;
                wq.write_all(&self.preamble(&PASSAGES_HEADER)?)?;
                let mut rows = rows.into_iter();
                let mut next = 0;
                let mut chunk = take_chunk(&mut rows);
                while !chunk.is_empty() {
                    let firsts = slice_starts(&chunk, &mut next);
                    // A chunk is formatted (in parallel) while the rows of the next are
                    // gathered: gathering is one thread's walk (the carried rows are read in
                    // file order), which would otherwise leave the other threads idle.
                    let format = || -> Vec<io::Result<(Vec<u8>, Vec<u8>)>> {
                        chunk
                            .into_par_iter()
                            .zip(firsts)
                            .map(|(slice, first)| {
                                let (pairs, passages): (Vec<_>, Vec<_>) = match sink {
                                    Some(sink) => {
                                        let built: Vec<(PairRow, Vec<PassageRow>)> = slice
                                            .into_iter()
                                            .map(|(p, q)| (p, q.into_built()))
                                            .collect();
                                        sink.take(first, &built);
                                        built
                                            .into_iter()
                                            .map(|(p, q)| (p, PassageRows::Built(q)))
                                            .unzip()
                                    }
                                    None => slice.into_iter().unzip(),
                                };
                                let p: Vec<Vec<Cell>> = pairs.into_iter().map(pair_cells).collect();
                                Ok((format_cells(&p)?, passage_bytes(passages)?))
                            })
                            .collect()
                    };
                    let (parts, following) = rayon::join(format, || take_chunk(&mut rows));
                    chunk = following;
                    for part in parts {
                        let (p, q) = part?;
                        put_pairs(&p)?;
                        wq.write_all(&q)?;
                    }
                }
                wq.flush()?;
                *self.passages_sum.lock().unwrap_or_else(|e| e.into_inner()) = Some(wq.sum());
                Ok(())
            });
            res.map_err(|e| {
                inner = Some(e);
                io::Error::other("passages.csv failed")
            })
        });
        if let Some(e) = pairs_failed.or(inner) {
            return Err(e);
        }
        written?;
        fail_hook(&passages_path)?;
        fail_hook(&pairs_path)?;
        Ok([pairs_path, passages_path])
    }

    pub fn clusters<'r>(&self, rows: impl IntoIterator<Item = &'r ClusterRow>) -> Result<PathBuf> {
        self.write_csv("clusters.csv", &CLUSTERS_HEADER, rows, |r| {
            vec![
                Cell::Int(r.cluster.into()),
                Cell::Text(r.id.clone()),
                Cell::Text(r.outlet.clone()),
                Cell::Text(r.date.clone()),
                Cell::Prose(r.title.clone()),
                Cell::Text(r.role.to_string()),
                r.containment.map_or(Cell::Empty, Cell::Num),
                Cell::Text(r.agency.clone()),
            ]
        })
    }

    pub fn credits<'r>(&self, rows: impl IntoIterator<Item = &'r CreditRow>) -> Result<PathBuf> {
        self.write_csv("credits.csv", &CREDITS_HEADER, rows, |r| {
            vec![
                Cell::Text(r.id.clone()),
                Cell::Text(r.outlet.clone()),
                Cell::Text(r.agency.clone()),
                Cell::Text(r.kind.to_string()),
                Cell::Prose(r.evidence.clone()),
            ]
        })
    }

    pub fn outlets<'r>(&self, rows: impl IntoIterator<Item = &'r OutletRow>) -> Result<PathBuf> {
        self.write_csv("outlets.csv", &OUTLETS_HEADER, rows, |r| {
            let share = if r.articles == 0 {
                0.0
            } else {
                r.reusing as f64 / r.articles as f64
            };
            vec![
                Cell::Text(r.outlet.clone()),
                Cell::Text(r.agency.clone()),
                Cell::Int(r.articles),
                Cell::Int(r.reusing),
                Cell::Num(share),
                Cell::Int(r.credited),
                Cell::Int(r.uncredited),
                Cell::Int(r.rewritten),
            ]
        })
    }

    /// `summary.json`, pretty-printed with sorted keys.
    pub fn summary(&self, value: &serde_json::Value) -> Result<PathBuf> {
        let path = self.dir.join("summary.json");
        write_atomic(&path, |w| {
            serde_json::to_writer_pretty(&mut *w, value).map_err(io::Error::other)?;
            w.write_all(b"\n")
        })?;
        fail_hook(&path)?;
        Ok(path)
    }
}

/// Moves `staging` (complete, synced) in place of `out`; see the module header.
fn swap_in(staging: &Path, out: &Path) -> Result<()> {
    let io_at = |p: &Path| {
        let p = p.to_path_buf();
        move |e: io::Error| Error::io(&p, e)
    };
    for entry in fs::read_dir(staging).map_err(io_at(staging))? {
        let entry = entry.map_err(io_at(staging))?;
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(".wiretrace-")
        {
            // A temporary file of a write that failed: not part of the set.
            let _ = fs::remove_file(entry.path());
        }
    }
    if !out.exists() {
        // A new folder: it is born complete.
        sync_dir(staging).map_err(io_at(staging))?;
        fs::rename(staging, out).map_err(io_at(out))?;
        return sync_parent(out);
    }
    // `--out .` (or the folder a shell sits in) is not swapped: renaming it would pull the
    // working directory from under the user. Its reports are replaced file by file instead.
    let here = std::env::current_dir().and_then(fs::canonicalize).ok();
    if out.file_name().is_none() || fs::canonicalize(out).ok() == here {
        sync_dir(staging).map_err(io_at(staging))?;
        return replace_files(staging, out).map_err(|e| Error::io(out, e));
    }
    // The old folder's mode, and the user's own files, carry over into the new one.
    if let Ok(meta) = fs::metadata(out) {
        let _ = fs::set_permissions(staging, meta.permissions());
    }
    let mut carried: Vec<std::ffi::OsString> = Vec::new();
    let mut carry = || -> io::Result<()> {
        for entry in fs::read_dir(out)? {
            let name = entry?.file_name();
            let s = name.to_string_lossy();
            if REPORT_FILES.contains(&s.as_ref()) || s.starts_with(".wiretrace-") {
                continue;
            }
            fs::rename(out.join(&name), staging.join(&name))?;
            carried.push(name);
        }
        Ok(())
    };
    let carried_ok = carry();
    let undo_carry = |carried: &[std::ffi::OsString]| {
        for name in carried {
            let _ = fs::rename(staging.join(name), out.join(name));
        }
    };
    if let Err(e) = carried_ok {
        undo_carry(&carried);
        return Err(Error::io(out, e));
    }
    sync_dir(staging).map_err(io_at(staging))?;
    let aside = staging.with_file_name(
        staging
            .file_name()
            .map(|n| n.to_string_lossy().replacen("-new-", "-old-", 1))
            .unwrap_or_else(|| ".wiretrace-old".into()),
    );
    if let Err(e) = fs::rename(out, &aside) {
        // `--out` cannot be moved (a mount point, …): replace file by file instead; each file
        // is still whole, the set is not swapped at once.
        undo_carry(&carried);
        return replace_files(staging, out).map_err(|_| Error::io(out, e));
    }
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&aside, out);
        undo_carry(&carried);
        return Err(Error::io(out, e));
    }
    sync_parent(out)?;
    // The new set is in place: a leftover old folder is worth a warning, not a failed run.
    if let Err(e) = fs::remove_dir_all(&aside) {
        eprintln!(
            "warning: {}: the previous reports could not be removed ({e})",
            aside.display()
        );
    }
    Ok(())
}

/// The fallback of [`swap_in`]: each report renamed into `out`, the old reports the new run
/// did not write removed.
fn replace_files(staging: &Path, out: &Path) -> io::Result<()> {
    let mut written = Vec::new();
    for entry in fs::read_dir(staging)? {
        let name = entry?.file_name();
        fs::rename(staging.join(&name), out.join(&name))?;
        written.push(name);
    }
    for name in REPORT_FILES {
        if !written.iter().any(|w| w == name) {
            let _ = fs::remove_file(out.join(name));
        }
    }
    sync_dir(out)?;
    fs::remove_dir(staging)
}

fn sync_parent(path: &Path) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sync_dir(parent).map_err(|e| Error::io(parent, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// A row naming its place, with `k % 3` passages.
    fn numbered_row(k: usize) -> (PairRow, Vec<PassageRow>) {
        let row = PairRow {
            id_a: format!("a{k}"),
            id_b: format!("b{k}"),
            outlet_a: String::new(),
            outlet_b: String::new(),
            date_a: String::new(),
            date_b: String::new(),
            jaccard: 0.5,
            containment_a: 0.5,
            containment_b: 0.5,
            shared_words: k as u32,
            passage: String::new(),
            passage_cell: None,
            origin: String::new(),
            agency: String::new(),
            cluster: 0,
            kind: ReuseKind::Passages,
        };
        let passage = PassageRow {
            id_a: format!("a{k}"),
            start_a: 0,
            end_a: 1,
            id_b: format!("b{k}"),
            start_b: 0,
            end_b: 1,
            words: 1,
            text: String::new(),
        };
        (row, vec![passage; k % 3])
    }

    /// Records every slice it takes.
    struct Taken(Mutex<Vec<(usize, Vec<String>)>>);

    impl RowSink for Taken {
        fn take(&self, first: usize, rows: &[(PairRow, Vec<PassageRow>)]) {
            let ids = rows.iter().map(|(r, _)| r.id_a.clone()).collect();
            self.0.lock().unwrap().push((first, ids));
        }
    }

    /// Over several chunks, with and without files written: every row once, each slice
    /// numbered where it starts in the whole sequence.
    #[test]
    fn a_sink_takes_every_row_once_numbered_across_chunks() {
        let n = 2 * ROW_CHUNK + 700;
        let check = |taken: Taken| {
            let mut slices = taken.0.into_inner().unwrap();
            slices.sort();
            let mut next = 0;
            for (first, ids) in slices {
                assert_eq!(first, next, "slices must tile the rows");
                for (k, id) in ids.iter().enumerate() {
                    assert_eq!(*id, format!("a{}", first + k));
                }
                next += ids.len();
            }
            assert_eq!(next, n);
        };
        let taken = Taken(Mutex::new(Vec::new()));
        sink_all((0..n).map(numbered_row), &taken);
        check(taken);

        let dir = tempfile::tempdir().unwrap();
        let writer = ReportWriter::new(dir.path(), false).unwrap();
        let taken = Taken(Mutex::new(Vec::new()));
        let [pairs, _] = writer
            .pairs_and_passages(
                (0..n)
                    .map(numbered_row)
                    .map(|(p, q)| (p, PassageRows::Built(q))),
                Some(&taken),
            )
            .unwrap();
        check(taken);
        let pairs = fs::read_to_string(pairs).unwrap();
        assert_eq!(pairs.lines().count(), n + 1);
    }

    #[test]
    fn numbers_have_at_most_four_decimals() {
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.123456), "0.1235");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(2.0 / 3.0), "0.6667");
        // Exact ties go to even, as the formatter takes them.
        assert_eq!(num(1.0 / 32.0), "0.0312");
        assert_eq!(num(3.0 / 32.0), "0.0938");
        assert_eq!(num(-1.0 / 32.0), "-0.0312");
        assert_eq!(num(12_345.678_9), "12345.6789");
        assert_eq!(num(2e9 + 0.25), "2000000000.25");
    }

    /// Ratios of word counts, as the reports hold them: every fraction with a denominator up
    /// to 2,000, and near-ties (multiples of 1/32 are exact ties at four decimals).
    #[test]
    fn the_fast_rounding_formats_every_small_ratio_as_the_formatter() {
        for den in 1..=2_000u32 {
            for k in 0..=den {
                let x = f64::from(k) / f64::from(den);
                assert_eq!(num(x), num_formatted(x), "{k}/{den}");
                assert_eq!(num(-x), num_formatted(-x), "-{k}/{den}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_rounding_formats_as_the_formatter(
            x in proptest::prop_oneof![
                0.0..1.0f64,
                0.0..2e9f64,
                (0u64..1 << 40, 0u32..45).prop_map(|(k, j)| k as f64 / (1u64 << j) as f64),
                (0u64..100_000_000, -2i32..3).prop_map(|(k, u)| (k as f64 * 0.5 + f64::from(u) * 1e-9) / 10_000.0),
                proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
            ]
        ) {
            proptest::prop_assert_eq!(num(x), num_formatted(x));
            proptest::prop_assert_eq!(num(-x), num_formatted(-x));
        }
    }

    #[test]
    fn formula_cells_are_defused() {
        for s in ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx"] {
            assert!(defuse(s).starts_with('\''), "{s}");
        }
        assert_eq!(defuse("LONDON (Reuters)"), "LONDON (Reuters)");
        assert_eq!(defuse(""), "");
    }

    #[test]
    fn cut_counts_characters() {
        assert_eq!(cut("añb新", 3), "añb");
        assert_eq!(cut("ab", 5), "ab");
        assert_eq!(cut("新华社北京电", 3), "新华社");
    }

    /// A cut never parts a letter from its marks, nor a word in two when a space is near.
    #[test]
    fn cut_keeps_graphemes_and_words_whole() {
        // "होगा": the vowel sign ा (U+093E) belongs to ग.
        assert_eq!(cut("यह होगा", 6), "यह");
        assert_eq!(cut("e\u{301}e\u{301}", 3), "e\u{301}");
        assert_eq!(cut("the minister said", 15), "the minister");
        assert_eq!(cut("the minister said", 13), "the minister");
        // A word longer than the reach is cut inside.
        let long = "x".repeat(40);
        assert_eq!(cut(&format!("a {long}"), 38), &format!("a {long}")[..38]);
    }

    #[test]
    fn csv_round_trips_with_bom_and_quoting() {
        let dir = tempfile::tempdir().unwrap();
        let w = ReportWriter::new(&dir.path().join("out"), true).unwrap();
        let row = CreditRow {
            id: "=x".into(),
            outlet: "The \"Herald\"".into(),
            agency: "AFP".into(),
            kind: "dateline",
            evidence: "PARIS, 3 mars (AFP) -\nline two".into(),
        };
        w.credits(&[row]).unwrap();
        w.commit().unwrap();
        let path = dir.path().join("out/credits.csv");
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        assert_eq!(r.headers().unwrap(), CREDITS_HEADER.as_slice());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[0], "'=x");
        assert_eq!(undefuse(&rec[0]), "=x");
        assert_eq!(&rec[1], "The \"Herald\"");
        // Line breaks in free text are folded: one row, one line.
        assert_eq!(&rec[4], "PARIS, 3 mars (AFP) - line two");
        assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), 2);
        // No temporary files or folders are left behind.
        let names: Vec<_> = fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("credits.csv")]);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    }

    #[test]
    fn undefuse_inverts_defuse() {
        for s in [
            "", "=SUM(A1)", "'=x", "''+1", "'", "'abc", "-2", "0012", "\tx", "@", "a=b", "''",
        ] {
            assert_eq!(undefuse(&defuse(s)), s, "{s:?}");
        }
        // A cell that was not defused is its own value.
        assert_eq!(undefuse("AP-123"), "AP-123");
        assert_eq!(undefuse("'AP"), "'AP");
    }

    proptest::proptest! {
        #[test]
        fn undefuse_inverts_defuse_always(s in "['=+@\\-\t\ra-z0-9 ]{0,8}") {
            let d = defuse(&s);
            proptest::prop_assert_eq!(undefuse(&d), s.as_str());
            // A defused cell never starts with a formula trigger.
            proptest::prop_assert!(!triggers(d.chars().next()));
        }
    }

    #[test]
    fn fold_lines_joins_lines_only() {
        assert_eq!(fold_lines("a\n\nb \r\n c"), "a b c");
        assert_eq!(fold_lines("a  b\tc"), "a  b\tc");
        assert_eq!(fold_lines("end\n"), "end ");
        assert_eq!(fold_lines("x\u{2028}y"), "x y");
        assert_eq!(fold_lines("«x» — “y”\u{85}z"), "«x» — “y” z");
    }

    /// The char-by-char definition [`fold_lines`] must agree with.
    fn fold_lines_by_char(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut pending = String::new();
        let mut broke = false;
        for c in s.chars() {
            if c.is_whitespace() {
                broke |= is_break(c);
                pending.push(c);
                continue;
            }
            if broke {
                out.push(' ');
            } else {
                out.push_str(&pending);
            }
            pending.clear();
            broke = false;
            out.push(c);
        }
        if broke {
            out.push(' ');
        } else {
            out.push_str(&pending);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fold_lines_folds_as_defined(s in "[ab\u{85}\u{2028}é \n\r\t\u{a0}]{0,40}") {
            proptest::prop_assert_eq!(fold_lines(&s).into_owned(), fold_lines_by_char(&s));
        }

        #[test]
        fn has_break_finds_exactly_the_breaks(
            s in "[a\u{85}\u{2028}\u{2029}\u{2027}\u{202a}\u{84}\u{86}«—“ \n\r\u{b}\u{c}\t]{0,80}"
        ) {
            proptest::prop_assert_eq!(has_break(s.as_bytes()), s.chars().any(is_break));
        }
    }

    #[test]
    fn commit_swaps_the_set_and_keeps_the_users_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        fs::write(out.join("new_pairs.csv"), "stale").unwrap();
        fs::write(out.join("credits.csv"), "old").unwrap();
        let w = ReportWriter::new(&out, false).unwrap();
        w.credits(&[]).unwrap();
        // Before the commit, --out still holds the old set.
        assert_eq!(fs::read_to_string(out.join("credits.csv")).unwrap(), "old");
        w.commit().unwrap();
        let mut names: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, vec!["credits.csv", "notes.txt"]);
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(w.commit().is_err(), "a second commit is refused");
    }

    #[test]
    fn a_writer_dropped_uncommitted_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        {
            let w = ReportWriter::new(&out, false).unwrap();
            w.credits(&[]).unwrap();
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn reports_are_readable_by_others_under_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let w = ReportWriter::new(&out, false).unwrap();
        w.credits(&[]).unwrap();
        w.commit().unwrap();
        // The test process runs under the usual umask 022 (or a stricter one, never looser):
        // what matters is that the tempfile's 0600 did not survive.
        let f = fs::metadata(out.join("credits.csv"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        let d = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        let umask = current_umask();
        assert_eq!(f, 0o666 & !umask, "file mode {f:o} under umask {umask:o}");
        assert_eq!(d, 0o777 & !umask, "folder mode {d:o} under umask {umask:o}");
    }

    /// The process umask, read from a file created with mode 0o666.
    #[cfg(unix)]
    fn current_umask() -> u32 {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("probe");
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o666)
            .open(&p)
            .unwrap();
        !fs::metadata(&p).unwrap().permissions().mode() & 0o666
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pairs.csv");
        fs::write(&path, "old").unwrap();
        let res = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk on fire"))
        });
        assert!(res.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
