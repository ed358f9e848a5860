//! `report.xlsx` (with `--xlsx`): the CSV reports → one workbook, one sheet per report.
//!
//! In: for each report, its name, header and rows of typed [`Cell`]s, in the CSV's row order.
//! Out: one `.xlsx` file. Invariants: ids, titles and every other text cell are written as
//! strings exactly as read (never defused, never a formula, so `0012`, `TRUE`, `1e5` and `=1+1`
//! stay as written); numbers are numbers; the header row is frozen and carries an autofilter;
//! a report longer than a sheet's row limit (Excel: 1,048,576 rows, header included) goes on
//! in a second sheet `name (2)`, … with its own header. The file is byte-identical for the same
//! rows: the document's creation time is fixed, not the clock's.
//!
//! Rows are streamed ([`SheetStream`]; the writer's constant-memory mode keeps one row in memory
//! per sheet), so a report of millions of pairs is never held in memory whole.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};

/// Excel's rows per sheet, header included.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Excel's longest string in a cell, in UTF-16 units.
const MAX_CELL_UTF16: usize = 32_767;

/// One typed cell of a report row. The CSV and the workbook are both made from these, so the
/// two never disagree on what a column holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// An identifier or short label (id, outlet, agency, date, kind): exact text.
    Text(String),
    /// Free text (a passage, a title, a credit's evidence): may hold line breaks.
    Prose(String),
    /// A `Prose` cell's CSV text as an earlier report wrote it (a `passages.csv` cell carried
    /// over, [`crate::report::carry`]): written as it is.
    Written(String),
    /// A whole number.
    Int(u64),
    /// A ratio; the CSV shows at most four decimals, the workbook the full value.
    Num(f64),
    /// No value (e.g. an origin's containment).
    Empty,
}

/// Column width, in characters, for a column of this kind.
fn width_of(cell: &Cell, header: &str) -> f64 {
    let base = match cell {
        Cell::Text(_) => 18.0,
        Cell::Prose(_) | Cell::Written(_) => 60.0,
        Cell::Int(_) | Cell::Num(_) | Cell::Empty => 10.0,
    };
    f64::max(base, header.chars().count() as f64 + 4.0)
}

/// The first characters of `s` that fit in one Excel cell.
fn fit(s: &str) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_UTF16 {
            return &s[..i];
        }
    }
    s
}

fn xerr(path: &Path, e: XlsxError) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}

/// A workbook being filled sheet by sheet.
pub struct XlsxBook {
    book: Workbook,
    /// Rows per sheet, header included (a parameter so tests can exercise the rollover).
    max_rows: u32,
    /// Sheets added so far (the next sheet's index).
    sheets: usize,
    bold: Format,
    wrap: Format,
}

impl XlsxBook {
    pub fn new() -> XlsxBook {
        XlsxBook::with_row_limit(EXCEL_MAX_ROWS)
    }

    /// A workbook whose sheets hold at most `max_rows` rows (header included, at least 2).
    pub fn with_row_limit(max_rows: u32) -> XlsxBook {
        let mut book = Workbook::new();
        // A fixed creation time: same rows, same bytes.
        if let Ok(t) = ExcelDateTime::from_ymd(2000, 1, 1) {
            book.set_properties(&DocProperties::new().set_creation_datetime(&t));
        }
        XlsxBook {
            book,
            max_rows: max_rows.max(2),
            sheets: 0,
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap(),
        }
    }

    /// Adds report `name` with all its rows; see [`XlsxBook::stream`].
    pub fn add_report<I>(&mut self, path: &Path, name: &str, header: &[&str], rows: I) -> Result<()>
    where
        I: IntoIterator<Item = Vec<Cell>>,
    {
        let mut stream = self.stream(path, name, header);
        for row in rows {
            stream.push(&row)?;
        }
        stream.finish()
    }

    /// Starts report `name` (the sheet name; at most 25 characters so a ` (n)` suffix fits):
    /// rows pushed one at a time go on one sheet, or several when there are more than a sheet
    /// holds. `path` names the workbook in errors.
    pub fn stream<'b>(&'b mut self, path: &Path, name: &str, header: &[&str]) -> SheetStream<'b> {
        SheetStream {
            book: self,
            path: path.to_path_buf(),
            name: name.to_string(),
            header: header.iter().map(|h| h.to_string()).collect(),
            part: 0,
            row: 0,
            sheet: None,
            widths: Vec::new(),
        }
    }

    /// Writes the workbook to `path` (the caller makes that atomic).
    pub fn save(&mut self, path: &Path) -> Result<()> {
        self.book.save(path).map_err(|e| xerr(path, e))
    }
}

impl std::fmt::Debug for XlsxBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxBook")
            .field("max_rows", &self.max_rows)
            .finish_non_exhaustive()
    }
}

impl Default for XlsxBook {
    fn default() -> Self {
        XlsxBook::new()
    }
}

/// One report being written into a workbook, row by row (see [`XlsxBook::stream`]).
pub struct SheetStream<'b> {
    book: &'b mut XlsxBook,
    path: PathBuf,
    name: String,
    header: Vec<String>,
    /// Sheets started so far.
    part: u32,
    /// The next row of the current sheet (0 = the header's).
    row: u32,
    /// The current sheet's index in the workbook.
    sheet: Option<usize>,
    /// Column widths, from the first row's kinds.
    widths: Vec<f64>,
}

impl SheetStream<'_> {
    /// Closes the current sheet (its autofilter) and opens the next, header written and frozen.
    fn next_sheet(&mut self) -> Result<()> {
        self.close_sheet()?;
        self.part += 1;
        let name = if self.part == 1 {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.part)
        };
        let bold = self.book.bold.clone();
        let index = self.book.sheets;
        self.book.sheets += 1;
        let s = self
            .book
            .book
            .add_worksheet_with_constant_memory()
            .map_err(|e| xerr(&self.path, e))?;
        s.set_name(name).map_err(|e| xerr(&self.path, e))?;
        for (c, w) in self.widths.iter().enumerate() {
            s.set_column_width(c as u16, *w)
                .map_err(|e| xerr(&self.path, e))?;
        }
        for (c, h) in self.header.iter().enumerate() {
            s.write_string_with_format(0, c as u16, h, &bold)
                .map_err(|e| xerr(&self.path, e))?;
        }
        s.set_freeze_panes(1, 0).map_err(|e| xerr(&self.path, e))?;
        self.sheet = Some(index);
        self.row = 1;
        Ok(())
    }

    fn close_sheet(&mut self) -> Result<()> {
        if let Some(i) = self.sheet.take() {
            let s = self
                .book
                .book
                .worksheet_from_index(i)
                .map_err(|e| xerr(&self.path, e))?;
            finish_sheet(&self.path, s, self.header.len(), self.row)?;
        }
        Ok(())
    }

    /// Adds one row, starting a sheet when none is open or the current one is full.
    pub fn push(&mut self, row: &[Cell]) -> Result<()> {
        if self.widths.is_empty() {
            self.widths = self
                .header
                .iter()
                .enumerate()
                .map(|(c, h)| {
                    row.get(c)
                        .map_or(f64::max(12.0, h.chars().count() as f64 + 4.0), |k| {
                            width_of(k, h)
                        })
                })
                .collect();
        }
        if self.sheet.is_none() || self.row >= self.book.max_rows {
            self.next_sheet()?;
        }
        let (Some(i), r) = (self.sheet, self.row) else {
            return Ok(());
        };
        let wrap = self.book.wrap.clone();
        let s = self
            .book
            .book
            .worksheet_from_index(i)
            .map_err(|e| xerr(&self.path, e))?;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let res = match cell {
                Cell::Text(t) => s.write_string(r, col, fit(t)).map(|_| ()),
                Cell::Prose(t) | Cell::Written(t) => s
                    .write_string_with_format(r, col, fit(t), &wrap)
                    .map(|_| ()),
                Cell::Int(n) => s.write_number(r, col, *n as f64).map(|_| ()),
                Cell::Num(x) if x.is_finite() => s.write_number(r, col, *x).map(|_| ()),
                Cell::Num(_) | Cell::Empty => Ok(()),
            };
            res.map_err(|e| xerr(&self.path, e))?;
        }
        self.row += 1;
        Ok(())
    }

    /// Ends the report: a report without rows still gets its sheet (header only).
    pub fn finish(mut self) -> Result<()> {
        if self.part == 0 {
            if self.widths.is_empty() {
                self.widths = self
                    .header
                    .iter()
                    .map(|h| f64::max(12.0, h.chars().count() as f64 + 4.0))
                    .collect();
            }
            self.next_sheet()?;
        }
        self.close_sheet()
    }
}

/// The autofilter over the header and the `rows` rows written (header included).
fn finish_sheet(path: &Path, s: &mut Worksheet, cols: usize, rows: u32) -> Result<()> {
    let last_col = cols.saturating_sub(1) as u16;
    s.autofilter(0, 0, rows.saturating_sub(1), last_col)
        .map_err(|e| xerr(path, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Data, Reader, Xlsx};

    fn rows(n: u64) -> Vec<Vec<Cell>> {
        (0..n)
            .map(|i| {
                vec![
                    Cell::Text(format!("{i:04}")),
                    Cell::Prose(format!("line one\nline {i}")),
                    Cell::Int(i),
                    Cell::Num(i as f64 / 3.0),
                    Cell::Empty,
                ]
            })
            .collect()
    }

    const HEADER: [&str; 5] = ["id", "text", "n", "ratio", "none"];

    #[test]
    fn cells_are_typed_and_text_stays_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        let mut book = XlsxBook::new();
        let tricky = [
            "0012",
            "=1+1",
            "TRUE",
            "1e5",
            "+34 600",
            "@x",
            "-2",
            "'quoted",
            "Ñandú «ß» 新华社",
        ];
        let data: Vec<Vec<Cell>> = tricky
            .iter()
            .map(|t| {
                vec![
                    Cell::Text(t.to_string()),
                    Cell::Prose(t.to_string()),
                    Cell::Int(7),
                    Cell::Num(0.123456),
                    Cell::Empty,
                ]
            })
            .collect();
        book.add_report(&path, "pairs", &HEADER, data).unwrap();
        book.save(&path).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), vec!["pairs".to_string()]);
        let range = wb.worksheet_range("pairs").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("id".into())));
        for (i, t) in tricky.iter().enumerate() {
            let r = i + 1;
            assert_eq!(range.get((r, 0)), Some(&Data::String(t.to_string())), "{t}");
            assert_eq!(range.get((r, 1)), Some(&Data::String(t.to_string())));
            assert_eq!(range.get((r, 2)), Some(&Data::Float(7.0)));
            assert_eq!(range.get((r, 3)), Some(&Data::Float(0.123456)));
        }
        // No cell is a formula.
        let formulas = wb.worksheet_formula("pairs").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
        // Header frozen and autofilter set: look at the sheet's XML.
        let xml = sheet_xml(&path, 1);
        assert!(xml.contains("state=\"frozen\""), "{xml}");
        assert!(xml.contains("<autoFilter ref=\"A1:E10\""), "{xml}");
    }

    fn sheet_xml(path: &Path, n: usize) -> String {
        let bytes = std::fs::read(path).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut f = zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut f, &mut s).unwrap();
        s
    }

    #[test]
    fn a_long_report_goes_on_in_a_second_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        // Sheets of 4 rows: a header and 3 data rows each; 7 rows → 3 sheets (3 + 3 + 1).
        let mut book = XlsxBook::with_row_limit(4);
        book.add_report(&path, "pairs", &HEADER, rows(7)).unwrap();
        book.add_report(&path, "clusters", &HEADER, rows(3))
            .unwrap();
        book.add_report(&path, "credits", &HEADER, rows(0)).unwrap();
        book.save(&path).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(
            wb.sheet_names(),
            vec!["pairs", "pairs (2)", "pairs (3)", "clusters", "credits"]
        );
        let mut ids = Vec::new();
        for name in ["pairs", "pairs (2)", "pairs (3)"] {
            let range = wb.worksheet_range(name).unwrap();
            assert_eq!(
                range.get((0, 0)),
                Some(&Data::String("id".into())),
                "{name}"
            );
            for r in 1..range.height() {
                ids.push(range.get((r, 0)).unwrap().to_string());
            }
        }
        let want: Vec<String> = (0..7).map(|i| format!("{i:04}")).collect();
        assert_eq!(ids, want);
        // Exactly full: 3 data rows fit one sheet, no empty second sheet.
        let path2 = dir.path().join("r2.xlsx");
        let mut book = XlsxBook::with_row_limit(4);
        book.add_report(&path2, "pairs", &HEADER, rows(3)).unwrap();
        book.save(&path2).unwrap();
        let wb: Xlsx<_> = open_workbook(&path2).unwrap();
        assert_eq!(wb.sheet_names(), vec!["pairs"]);
        let empty = wb_height(&path, "credits");
        assert_eq!(empty, 1, "an empty report keeps its header");
    }

    fn wb_height(path: &Path, sheet: &str) -> usize {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        wb.worksheet_range(sheet).unwrap().height()
    }

    #[test]
    fn same_rows_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        for k in 0..2 {
            let path = dir.path().join(format!("{k}.xlsx"));
            let mut book = XlsxBook::new();
            book.add_report(&path, "pairs", &HEADER, rows(20)).unwrap();
            book.save(&path).unwrap();
            out.push(std::fs::read(&path).unwrap());
        }
        assert_eq!(out[0], out[1]);
    }

    #[test]
    fn overlong_text_is_cut_to_fit_a_cell() {
        let s = "é".repeat(40_000);
        assert_eq!(fit(&s).chars().count(), MAX_CELL_UTF16);
        let wide = "𝄞".repeat(20_000); // two UTF-16 units each
        assert_eq!(fit(&wide).chars().count(), MAX_CELL_UTF16 / 2);
        assert_eq!(fit("short"), "short");
    }
}
