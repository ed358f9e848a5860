//! The Python extension module `wiretrace._core` (cargo feature `python`, built by maturin).
//!
//! In: Python values — command-line style option lists (parsed by the CLI's own clap
//! definitions, so option names, defaults and validation are the CLI's), bytes of input files,
//! columns as lists. Out: columns as lists and dicts, which `python/wiretrace/__init__.py` turns
//! into pyarrow tables. Every function is a thin call into [`crate::engine_api`] or
//! the crate's stages; no rule lives here.
//!
//! Invariants: the GIL is released for all work (`allow_threads`); work runs in a rayon pool
//! bounded by the `threads` option; a crate [`Error`] becomes `wiretrace.WiretraceError`
//! (`UsageError` for bad usage) carrying the file, the line and the reason.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::attribute::registry::Registry;
use crate::candidates::anchors::{AnchorLink, Neighbours};
use crate::candidates::boilerplate::Boilerplate;
use crate::cli::{Cli, Command};
use crate::config::{ProgressMode, ScanConfig};
use crate::engine::Engine;
use crate::engine_api::{self as api, shuffle, PreparedText, Side, SignedRecord};
use crate::error::Error;
use crate::model::{Article, CandidatePair, DocId, DocMeta, Location};
use crate::pipeline::run::{Counts, Timings};
use crate::read::{Format, ReadOptions};
use crate::report::rows::RowSink;
use crate::report::{PairRow, PassageRow};
use crate::sign::shingle::ShingleHash;
use crate::SkipReason;

/// The crate's error as a `wiretrace` exception with `path`, `line`, `reason` attributes.
fn py_err(py: Python<'_>, e: Error) -> PyErr {
    let message = e.to_string();
    let (path, line, reason): (Option<String>, Option<u64>, String) = match &e {
        Error::Usage(m) => (None, None, m.clone()),
        Error::Io { path, source } => (Some(path.display().to_string()), None, source.to_string()),
        Error::Input { path, reason } | Error::Index { path, reason } => {
            (Some(path.display().to_string()), None, reason.clone())
        }
        Error::Record(r) => (
            Some(r.location.file.to_string()),
            r.location.line,
            format!("{}: {}", r.reason.as_str(), r.detail),
        ),
    };
    let class = if matches!(e, Error::Usage(_)) {
        "UsageError"
    } else {
        "WiretraceError"
    };
    let made = py
        .import("wiretrace._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1((message.clone(), path, line, reason, e.exit_code())));
    match made {
        Ok(obj) => PyErr::from_value(obj),
        Err(_) => PyRuntimeError::new_err(message),
    }
}

/// A scan configuration from `wiretrace scan` arguments (without the program and command).
fn scan_config(argv: &[String]) -> Result<ScanConfig, Error> {
    let mut full = vec!["wiretrace".to_string(), "scan".to_string()];
    full.extend(argv.iter().cloned());
    let cli = Cli::try_parse_from(full).map_err(|e| Error::Usage(e.to_string().trim().into()))?;
    match cli.command {
        Command::Scan(args) => {
            let mut config = args.to_config()?;
            config.run.progress = ProgressMode::Never;
            Ok(config)
        }
        _ => Err(Error::Usage("not a scan".into())),
    }
}

fn set<'py, T: IntoPyObject<'py>>(d: &Bound<'py, PyDict>, k: &str, v: T) -> PyResult<()> {
    d.set_item(k, v)
}

/// Runs a whole scan; returns every report as columns and the summary as JSON text. Pairs and
/// passages are built as Arrow buffers while the run hands over their rows
/// ([`api::scan_rows`]): no Python object per value, and with `write` (without `--xlsx`) no
/// second pass over the passage texts.
#[pyfunction]
fn scan_rows(py: Python<'_>, argv: Vec<String>, write: bool) -> PyResult<PyObject> {
    let config = scan_config(&argv).map_err(|e| py_err(py, e))?;
    let sink = SliceSink::default();
    let (rest, cols) = py
        .allow_threads(|| {
            let rest = api::scan_rows(&config, write, &sink)?;
            Ok::<_, Error>((rest, sink.into_tables()))
        })
        .map_err(|e| py_err(py, e))?;
    let out = PyDict::new(py);
    out.set_item("pairs", cols.pairs.into_py(py)?)?;
    out.set_item("passages", cols.passages.into_py(py)?)?;
    let mut t = Columns::default();
    for r in &rest.clusters {
        t.row();
        t.num("cluster", NumType::I64, i64::from(r.cluster).to_le_bytes());
        t.str("id", &r.id);
        t.str("outlet", &r.outlet);
        t.str("date", &r.date);
        t.str("title", &r.title);
        t.str("role", r.role);
        t.opt_num(
            "containment",
            NumType::F64,
            r.containment.map(f64::to_le_bytes),
        );
        t.str("agency", &r.agency);
    }
    out.set_item("clusters", t.into_py(py)?)?;
    let mut t = Columns::default();
    for r in &rest.credits {
        t.row();
        t.str("id", &r.id);
        t.str("outlet", &r.outlet);
        t.str("agency", &r.agency);
        t.str("kind", r.kind);
        t.str("evidence", &r.evidence);
    }
    out.set_item("credits", t.into_py(py)?)?;
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX).to_le_bytes();
    let mut t = Columns::default();
    for r in &rest.outlets {
        t.row();
        t.str("outlet", &r.outlet);
        t.str("agency", &r.agency);
        t.num("articles", NumType::I64, count(r.articles));
        t.num("reusing", NumType::I64, count(r.reusing));
        // As the report writer computes the `share` cell.
        let share = if r.articles == 0 {
            0.0
        } else {
            r.reusing as f64 / r.articles as f64
        };
        t.num("share", NumType::F64, share.to_le_bytes());
        t.num("credited", NumType::I64, count(r.credited));
        t.num("uncredited", NumType::I64, count(r.uncredited));
        t.num("rewritten", NumType::I64, count(r.rewritten));
    }
    out.set_item("outlets", t.into_py(py)?)?;
    out.set_item("summary", rest.summary.to_string())?;
    Ok(out.into_any().unbind())
}

/// `pairs.csv` and `passages.csv` as Arrow columns, filled pair by pair.
#[derive(Default)]
struct ReportCols {
    pairs: Columns,
    passages: Columns,
}

impl ReportCols {
    fn push(&mut self, r: &PairRow, passages: &[PassageRow]) {
        let t = &mut self.pairs;
        t.row();
        t.str("id_a", &r.id_a);
        t.str("id_b", &r.id_b);
        t.str("outlet_a", &r.outlet_a);
        t.str("outlet_b", &r.outlet_b);
        t.str("date_a", &r.date_a);
        t.str("date_b", &r.date_b);
        t.num("jaccard", NumType::F64, r.jaccard.to_le_bytes());
        t.num("containment_a", NumType::F64, r.containment_a.to_le_bytes());
        t.num("containment_b", NumType::F64, r.containment_b.to_le_bytes());
        t.num(
            "shared_words",
            NumType::I64,
            i64::from(r.shared_words).to_le_bytes(),
        );
        t.str("passage", &r.passage);
        t.str("origin", &r.origin);
        t.str("agency", &r.agency);
        t.num("cluster", NumType::I64, i64::from(r.cluster).to_le_bytes());
        t.str("kind", r.kind.as_str());
        for p in passages {
            let t = &mut self.passages;
            t.row();
            t.str("id_a", &p.id_a);
            t.num("start_a", NumType::I64, i64::from(p.start_a).to_le_bytes());
            t.num("end_a", NumType::I64, i64::from(p.end_a).to_le_bytes());
            t.str("id_b", &p.id_b);
            t.num("start_b", NumType::I64, i64::from(p.start_b).to_le_bytes());
            t.num("end_b", NumType::I64, i64::from(p.end_b).to_le_bytes());
            t.num("words", NumType::I64, i64::from(p.words).to_le_bytes());
            t.str("text", &p.text);
        }
    }
}

/// The report rows of a scan as they reach its [`RowSink`]: each slice of pairs becomes its
/// own small [`ReportCols`] on the thread that took it, so building the columns runs in
/// parallel beside the writing of the CSV files; [`SliceSink::into_tables`] puts them in
/// order.
#[derive(Default)]
struct SliceSink {
    pieces: std::sync::Mutex<Vec<(usize, ReportCols)>>,
}

impl RowSink for SliceSink {
    fn take(&self, first: usize, rows: &[(PairRow, Vec<PassageRow>)]) {
        let mut cols = ReportCols::default();
        for (pair, passages) in rows {
            cols.push(pair, passages);
        }
        let mut pieces = self.pieces.lock().unwrap_or_else(|e| e.into_inner());
        pieces.push((first, cols));
    }
}

impl SliceSink {
    /// The pieces in `pairs.csv` order, a chunk each.
    fn into_tables(self) -> ReportCols {
        let mut pieces = self.pieces.into_inner().unwrap_or_else(|e| e.into_inner());
        pieces.sort_unstable_by_key(|&(first, _)| first);
        let (pairs, passages) = pieces
            .into_iter()
            .map(|(_, c)| (c.pairs, c.passages))
            .unzip();
        ReportCols {
            pairs: Columns::from_chunks(pairs),
            passages: Columns::from_chunks(passages),
        }
    }
}

/// Rows per chunk of a [`Columns`] table.
const CHUNK_ROWS: usize = 1 << 16;

/// Bytes of one string column's data after which a [`Columns`] table starts a new chunk,
/// well inside the 2 GiB that 32-bit offsets address.
const CHUNK_BYTES: usize = 256 << 20;

/// Named Arrow columns filled a row at a time, cut into chunks (record batches) of at most
/// [`CHUNK_ROWS`] rows. Chunks keep every buffer small: a column's buffer never grows by
/// copying hundreds of megabytes, and strings keep 32-bit offsets (pyarrow's `string`, the
/// tables' type, with no cast). A new chunk reserves what the last one used.
///
/// Invariant: every row pushes the same columns in the same order ([`Columns::row`] starts
/// one); the first row names them.
#[derive(Default)]
struct Columns {
    names: Vec<&'static str>,
    done: Vec<Vec<Column>>,
    cur: Vec<Column>,
    /// The next column of the current row.
    at: usize,
    /// Rows in `cur`.
    rows: usize,
}

enum Column {
    Str(ArrowStrings),
    Num(ArrowNumbers),
}

impl Column {
    /// An empty column of the same kind, with room for as much as this one holds.
    fn like(&self) -> Column {
        match self {
            Column::Str(c) => Column::Str(ArrowStrings::narrow_like(c)),
            Column::Num(c) => Column::Num(ArrowNumbers::like(c)),
        }
    }

    fn bytes(&self) -> usize {
        match self {
            Column::Str(c) => c.data.len(),
            Column::Num(c) => c.data.len(),
        }
    }

    fn into_py(self, py: Python<'_>) -> PyResult<PyObject> {
        match self {
            Column::Str(c) => c.into_py(py),
            Column::Num(c) => c.into_py(py),
        }
    }
}

impl Columns {
    /// Starts a row, first closing the chunk if it is full.
    fn row(&mut self) {
        if self.rows >= CHUNK_ROWS || self.cur.iter().any(|c| c.bytes() >= CHUNK_BYTES) {
            let next = self.cur.iter().map(Column::like).collect();
            self.done.push(std::mem::replace(&mut self.cur, next));
            self.rows = 0;
        }
        self.at = 0;
        self.rows += 1;
    }

    /// The row's next column, `name` (made by `make` the first time).
    fn next(&mut self, name: &'static str, make: impl FnOnce() -> Column) -> &mut Column {
        if self.at == self.names.len() {
            self.names.push(name);
        }
        debug_assert_eq!(self.names[self.at], name, "columns pushed out of order");
        if self.at == self.cur.len() {
            self.cur.push(make());
        }
        self.at += 1;
        &mut self.cur[self.at - 1]
    }

    fn str(&mut self, name: &'static str, v: &str) {
        if let Column::Str(c) = self.next(name, || Column::Str(ArrowStrings::narrow())) {
            c.push(Some(v));
        }
    }

    fn num(&mut self, name: &'static str, ty: NumType, v: [u8; 8]) {
        self.opt_num(name, ty, Some(v));
    }

    /// A number or a null (an empty CSV cell).
    fn opt_num(&mut self, name: &'static str, ty: NumType, v: Option<[u8; 8]>) {
        if let Column::Num(c) = self.next(name, || Column::Num(ArrowNumbers::new(ty))) {
            c.push(v);
        }
    }

    /// `pieces` one after the other, their chunks kept as they are (a [`SliceSink`] piece is
    /// usually one): joining them would copy every byte into memory the process has yet to
    /// touch, which costs more than pyarrow's handling of many chunks.
    fn from_chunks(pieces: Vec<Columns>) -> Columns {
        let mut pieces = pieces.into_iter().filter(|p| p.rows > 0).peekable();
        let names = pieces.peek().map(|p| p.names.clone()).unwrap_or_default();
        let done = pieces
            .flat_map(|p| p.done.into_iter().chain(std::iter::once(p.cur)))
            .collect();
        Columns {
            names,
            done,
            ..Columns::default()
        }
    }

    /// A dict of column name → `("chunks", [column, …])`, each column as Arrow buffers (see
    /// `wiretrace._arrow_column`); a table without rows has no columns.
    fn into_py(mut self, py: Python<'_>) -> PyResult<PyObject> {
        if self.rows > 0 {
            self.done.push(std::mem::take(&mut self.cur));
        }
        let mut chunks: Vec<Vec<PyObject>> = self.names.iter().map(|_| Vec::new()).collect();
        for chunk in self.done {
            for (k, col) in chunk.into_iter().enumerate() {
                chunks[k].push(col.into_py(py)?);
            }
        }
        let d = PyDict::new(py);
        for (name, cs) in self.names.into_iter().zip(chunks) {
            set(&d, name, ("chunks", cs))?;
        }
        Ok(d.into_any().unbind())
    }
}

/// The boilerplate of a run (stock anchors, site chrome per outlet), shipped to verifiers.
/// Anchors travel as int64 (Spark has no unsigned type): the bits of a [`ShingleHash`].
#[pyclass(module = "wiretrace._core", frozen)]
struct Boiler {
    bp: Boilerplate,
}

#[pymethods]
impl Boiler {
    #[new]
    fn new(stock: Vec<i64>, chrome_anchor: Vec<i64>, chrome_outlet: Vec<u32>) -> Boiler {
        let chrome = chrome_anchor
            .into_iter()
            .zip(chrome_outlet)
            .map(|(a, o)| (a as ShingleHash, o))
            .collect();
        Boiler {
            bp: api::boilerplate_from(
                stock.into_iter().map(|a| a as ShingleHash).collect(),
                chrome,
            ),
        }
    }

    fn __len__(&self) -> usize {
        self.bp.len()
    }
}

/// The matching engine of one set of scan options, for the stage functions of engines.
#[pyclass(module = "wiretrace._core", frozen)]
struct Core {
    config: ScanConfig,
    engine: Engine,
    registry: Arc<Registry>,
    pool: Arc<rayon::ThreadPool>,
}

/// Little-endian words of `W` bytes (8: int64, 4: int32) from an Arrow buffer's bytes, as
/// u64: int32 values come back zero-extended, to be read with `as u32`.
fn le_words<const W: usize>(b: &[u8]) -> Vec<u64> {
    b.chunks_exact(W)
        .map(|c| {
            let mut w = [0u8; 8];
            w[..W].copy_from_slice(c);
            u64::from_le_bytes(w)
        })
        .collect()
}

/// Little-endian bytes of u32 values: an int32 Arrow buffer, what [`le_words`] reads back.
fn le_u32s(values: impl Iterator<Item = u32>) -> Vec<u8> {
    values.flat_map(u32::to_le_bytes).collect()
}

/// Candidate pairs as the int32 columns (a, b) engines read.
fn pair_cols(pairs: &[CandidatePair]) -> [Vec<u8>; 2] {
    [
        le_u32s(pairs.iter().map(|p| p.a.0)),
        le_u32s(pairs.iter().map(|p| p.b.0)),
    ]
}

/// Anchor links as the int32 columns (a, b, pos_a, pos_b) engines read.
fn link_cols<'a>(links: impl Iterator<Item = &'a AnchorLink> + Clone) -> [Vec<u8>; 4] {
    [
        le_u32s(links.clone().map(|l| l.pair.a.0)),
        le_u32s(links.clone().map(|l| l.pair.b.0)),
        le_u32s(links.clone().map(|l| l.pos_a)),
        le_u32s(links.map(|l| l.pos_b)),
    ]
}

/// Packed rows by bucket ([`shuffle`]) as Python sees them: (buckets, blobs), two lists.
fn blobs_to_py(py: Python<'_>, packed: Vec<(u32, Vec<u8>)>) -> PyResult<PyObject> {
    let (buckets, blobs): (Vec<u32>, Vec<Py<PyBytes>>) = packed
        .into_iter()
        .map(|(k, v)| (k, PyBytes::new(py, &v).unbind()))
        .unzip();
    Ok((buckets, blobs).into_pyobject(py)?.into_any().unbind())
}

/// The `len + 1` little-endian int32 offsets of an Arrow string or list column, if they rise
/// and stay within the `values` items they point into.
fn arrow_offsets(offsets: &[u8], values: usize) -> Option<Vec<usize>> {
    if !offsets.len().is_multiple_of(4) || offsets.len() < 4 {
        return None;
    }
    let offs: Vec<usize> = le_words::<4>(offsets)
        .into_iter()
        .map(|o| o as u32 as usize)
        .collect();
    let fits = offs.windows(2).all(|w| w[0] <= w[1]) && offs.last().is_some_and(|&o| o <= values);
    fits.then_some(offs)
}

#[pymethods]
impl Core {
    /// `argv`: `wiretrace scan` options (inputs included); `agencies`: (name, CSV text) of an
    /// extra agency file, read by the caller so that workers need not see it.
    #[new]
    #[pyo3(signature = (argv, agencies=None))]
    fn new(
        py: Python<'_>,
        argv: Vec<String>,
        agencies: Option<(String, String)>,
    ) -> PyResult<Core> {
        let config = scan_config(&argv).map_err(|e| py_err(py, e))?;
        let registry =
            api::registry_from_csv(agencies.as_ref().map(|(n, c)| (n.as_str(), c.as_str())))
                .map_err(|e| py_err(py, e))?;
        let pool =
            crate::pipeline::run::thread_pool(config.run.threads).map_err(|e| py_err(py, e))?;
        Ok(Core {
            engine: Engine::new(config.params),
            config,
            registry: Arc::new(registry),
            pool: Arc::new(pool),
        })
    }

    /// Whether the file `path` (`rel`: its path below the input folder), whose first bytes
    /// are `head`, may be read in parts cut at line ends ([`crate::read::line_splittable`]:
    /// the CLI reads it as uncompressed JSON Lines).
    #[pyo3(signature = (path, head, rel=None))]
    fn line_splittable(
        &self,
        path: String,
        head: &Bound<'_, PyBytes>,
        rel: Option<String>,
    ) -> bool {
        crate::read::line_splittable(&path, rel.as_deref(), head.as_bytes(), &self.config.read)
    }

    /// Reads one input file's bytes as `wiretrace scan` reads it and signs each article.
    /// `jsonl`: the bytes are JSON Lines whatever `--format` says (records an engine converted
    /// from a format the CLI does not read, such as Parquet rows; line N is record N).
    /// `first_line`: the bytes are whole lines of a [`Core::line_splittable`] file, the first
    /// of them that line of the file (1-based); the parts' records, in order, are the file's.
    /// Returns columns: ordinal, ok, too_short, skip_reason, skip_line, skip_detail, id, text,
    /// outlet, meta, bands, anchors, anchor_pos, anchor_nbhd. `pack_texts`: the texts as
    /// binary values packed for an engine to carry ([`shuffle::pack_text`]), not strings.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (data, path, rel=None, jsonl=false, first_line=None, pack_texts=false))]
    fn read_and_sign(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyBytes>,
        path: String,
        rel: Option<String>,
        jsonl: bool,
        first_line: Option<u64>,
        pack_texts: bool,
    ) -> PyResult<PyObject> {
        let bytes = data.as_bytes();
        let as_jsonl;
        let opts = if jsonl {
            as_jsonl = ReadOptions {
                format: Format::Jsonl,
                ..self.config.read.clone()
            };
            &as_jsonl
        } else {
            &self.config.read
        };
        let (recs, packed) = py
            .allow_threads(|| {
                self.pool.install(|| {
                    let recs = match first_line {
                        Some(first) => api::read_and_sign_lines(
                            bytes,
                            &path,
                            rel.as_deref(),
                            first,
                            opts,
                            &self.engine,
                            &self.registry,
                        ),
                        None => api::read_and_sign(
                            bytes,
                            &path,
                            rel.as_deref(),
                            opts,
                            &self.engine,
                            &self.registry,
                        ),
                    }?;
                    let packed = pack_texts.then(|| {
                        use rayon::prelude::*;
                        recs.par_iter()
                            .map(|r| match r {
                                SignedRecord::Article(s) => shuffle::pack_text(&s.article.text),
                                SignedRecord::Skipped(_) => Vec::new(),
                            })
                            .collect::<Vec<_>>()
                    });
                    Ok::<_, Error>((recs, packed))
                })
            })
            .map_err(|e| py_err(py, e))?;
        records_to_cols(py, recs, packed)
    }

    /// Signs a batch of articles given as columns (dates as text, parsed as the readers do).
    #[allow(clippy::too_many_arguments)]
    fn sign_batch(
        &self,
        py: Python<'_>,
        id: Vec<String>,
        text: Vec<String>,
        outlet: Vec<String>,
        date: Vec<Option<String>>,
        title: Vec<String>,
        url: Vec<String>,
    ) -> PyResult<PyObject> {
        let n = id.len();
        if [text.len(), outlet.len(), date.len(), title.len(), url.len()]
            .iter()
            .any(|&l| l != n)
        {
            return Err(py_err(
                py,
                Error::Usage("sign_batch: columns of unequal length".into()),
            ));
        }
        let file: std::sync::Arc<str> = std::sync::Arc::from("(batch)");
        let arts: Vec<Article> = (0..n)
            .map(|i| Article {
                id: id[i].clone(),
                outlet: outlet[i].clone(),
                date: date[i].as_deref().and_then(crate::Timestamp::parse),
                title: title[i].clone(),
                url: url[i].clone(),
                text: text[i].clone(),
                location: Location {
                    file: file.clone(),
                    line: Some(i as u64 + 1),
                },
            })
            .collect();
        let recs = py.allow_threads(|| {
            self.pool.install(|| {
                use rayon::prelude::*;
                arts.into_par_iter()
                    .map(|a| {
                        SignedRecord::Article(Box::new(api::sign_article(
                            a,
                            &self.engine,
                            &self.registry,
                        )))
                    })
                    .collect::<Vec<_>>()
            })
        });
        records_to_cols(py, recs, None)
    }

    /// The candidate pairs of band groups, given as an Arrow list column of int32 DocIds
    /// without nulls: its `len + 1` offsets and the values they point into, both as
    /// little-endian int32 bytes. Returns columns (a, b) as int32 bytes.
    fn band_pairs(
        &self,
        py: Python<'_>,
        offsets: &Bound<'_, PyBytes>,
        values: &Bound<'_, PyBytes>,
    ) -> PyResult<PyObject> {
        let docs = le_words::<4>(values.as_bytes());
        let offs = arrow_offsets(offsets.as_bytes(), docs.len())
            .filter(|_| values.as_bytes().len().is_multiple_of(4));
        let Some(offs) = offs else {
            return Err(py_err(
                py,
                Error::Usage("band_pairs: malformed list column".into()),
            ));
        };
        let pairs = py.allow_threads(|| {
            self.pool.install(|| {
                use rayon::prelude::*;
                offs.par_windows(2)
                    .flat_map_iter(|w| {
                        let g = docs[w[0]..w[1]].iter().map(|&d| DocId(d as u32)).collect();
                        api::band_group_pairs(g, &self.engine)
                    })
                    .collect::<Vec<_>>()
            })
        });
        let [a, b] = pair_cols(&pairs);
        Ok((PyBytes::new(py, &a), PyBytes::new(py, &b))
            .into_pyobject(py)?
            .into_any()
            .unbind())
    }

    /// The anchor rows of a batch of numbered articles, packed for the engine's shuffle
    /// ([`shuffle::pack_anchor_rows`]): `docs` and `sites` int32 columns (the articles' site
    /// numbers, [`crate::model::Catalog::site_of`], which the module's `UNKNOWN_OUTLET` and
    /// `OWN_SITE_BIT` let Python make), then the binary columns the reading stage made of
    /// signing's `anchors` (int64 values), `anchor_pos` and `anchor_nbhd` (int32), each as its
    /// `len + 1` int32 offsets and data: all little-endian bytes of Arrow buffers without nulls.
    /// Returns (buckets, blobs): the rows of each bucket among `buckets` that holds any.
    #[allow(clippy::too_many_arguments)]
    fn pack_anchor_rows(
        &self,
        py: Python<'_>,
        docs: &Bound<'_, PyBytes>,
        sites: &Bound<'_, PyBytes>,
        anchors: (Bound<'_, PyBytes>, Bound<'_, PyBytes>),
        positions: (Bound<'_, PyBytes>, Bound<'_, PyBytes>),
        nbhds: (Bound<'_, PyBytes>, Bound<'_, PyBytes>),
        buckets: u32,
    ) -> PyResult<PyObject> {
        let [docs, sites] = [docs, sites].map(|b| le_words::<4>(b.as_bytes()));
        // Each binary column's offsets, in values of its width: the same for all three.
        let items = |(o, d): &(Bound<'_, PyBytes>, Bound<'_, PyBytes>), width: usize| {
            let d = d.as_bytes();
            arrow_offsets(o.as_bytes(), d.len())
                .filter(|offs| d.len() % width == 0 && offs.iter().all(|&x| x % width == 0))
                .map(|offs| offs.into_iter().map(|x| x / width).collect::<Vec<_>>())
        };
        let offs = match (items(&anchors, 8), items(&positions, 4), items(&nbhds, 4)) {
            (Some(a), Some(p), Some(n))
                if a == p && a == n && a.len() == docs.len() + 1 && sites.len() == docs.len() =>
            {
                a
            }
            _ => {
                return Err(py_err(
                    py,
                    Error::Usage("pack_anchor_rows: malformed or unequal columns".into()),
                ))
            }
        };
        let keys = le_words::<8>(anchors.1.as_bytes());
        let [pos, nb] = [&positions.1, &nbhds.1].map(|b| le_words::<4>(b.as_bytes()));
        let packed = py.allow_threads(|| {
            let rows = (0..docs.len()).flat_map(|i| (offs[i]..offs[i + 1]).map(move |j| (i, j)));
            shuffle::pack_anchor_rows(
                rows.map(|(i, j)| shuffle::AnchorRow {
                    anchor: keys[j],
                    doc: DocId(docs[i] as u32),
                    outlet: sites[i] as u32,
                    pos: pos[j] as u32,
                    nbhd: Neighbours(nb[j] as u16),
                }),
                buckets,
            )
        });
        blobs_to_py(py, packed)
    }

    /// Every anchor group of packed anchor rows (all the rows of their buckets, from
    /// [`Core::pack_anchor_rows`]) through the batch run's group step
    /// ([`shuffle::anchor_groups`]). `blobs` is an iterable of `bytes`, read one at a time, so
    /// that the caller need not hold them all: only their decoded rows are held. Returns (the
    /// links packed by pair into `link_buckets` buckets as (buckets, blobs) for
    /// [`Core::links_to_pairs`], stock anchors, (chrome anchor, chrome outlet)).
    fn anchor_groups(
        &self,
        py: Python<'_>,
        blobs: &Bound<'_, PyAny>,
        link_buckets: u32,
    ) -> PyResult<PyObject> {
        let mut rows = Vec::new();
        for blob in blobs.try_iter()? {
            let blob = blob?;
            let blob = blob.downcast::<PyBytes>()?;
            shuffle::unpack_anchor_rows(blob.as_bytes(), &mut rows).map_err(|e| py_err(py, e))?;
        }
        let (links, stock, chrome) = py.allow_threads(|| {
            self.pool.install(|| {
                let groups = shuffle::anchor_groups(rows, &self.engine);
                let links =
                    shuffle::pack_links(groups.iter().flat_map(|(_, g)| &g.links), link_buckets);
                let stock: Vec<i64> = groups
                    .iter()
                    .filter(|(_, g)| g.stock)
                    .map(|&(a, _)| a as i64)
                    .collect();
                let chrome: Vec<(i64, u32)> = groups
                    .iter()
                    .flat_map(|(a, g)| g.chrome_outlets.iter().map(|&o| (*a as i64, o)))
                    .collect();
                (links, stock, chrome)
            })
        });
        let (ca, co): (Vec<i64>, Vec<u32>) = chrome.into_iter().unzip();
        Ok((blobs_to_py(py, links)?, stock, (ca, co))
            .into_pyobject(py)?
            .into_any()
            .unbind())
    }

    /// Packed anchor links holding every link of each of their pairs (the blobs of their
    /// buckets, from [`Core::anchor_groups`]), split as the batch run splits them: ((a, b)
    /// pairs with two or more links, (a, b, pos_a, pos_b, needs_texts) pairs with one, which
    /// verification confirms first: only those whose `needs_texts` is true can be confirmed
    /// ([`api::link_needs_texts`])). Columns returned as the little-endian bytes of Arrow
    /// buffers: `a`, `b`, `pos_a`, `pos_b` int32, `needs_texts` int8 (0 or 1).
    fn links_to_pairs(&self, py: Python<'_>, blobs: Vec<Bound<'_, PyBytes>>) -> PyResult<PyObject> {
        let blobs: Vec<&[u8]> = blobs.iter().map(|b| b.as_bytes()).collect();
        let (sure, single) = py
            .allow_threads(|| {
                self.pool.install(|| {
                    let links = shuffle::unpack_links(&blobs)?;
                    Ok::<_, Error>(api::anchor_links_to_pairs(links, &self.engine))
                })
            })
            .map_err(|e| py_err(py, e))?;
        let [sa, sb] = pair_cols(&sure);
        let [oa, ob, opa, opb] = link_cols(single.iter());
        let check: Vec<u8> = single
            .iter()
            .map(|l| u8::from(api::link_needs_texts(l, &self.engine)))
            .collect();
        let by = |v: Vec<u8>| PyBytes::new(py, &v).unbind();
        Ok((
            (by(sa), by(sb)),
            (by(oa), by(ob), by(opa), by(opb), by(check)),
        )
            .into_pyobject(py)?
            .into_any()
            .unbind())
    }

    /// Verifies candidate pairs from their texts. Rows sharing `a` should be adjacent (each
    /// side is prepared once per run of equal DocIds). A row with positions (`pos_a`, `pos_b`)
    /// shares exactly one anchor: the pair rule's local check ([`api::confirm_link`]) is run
    /// on it. A row is a candidate when it is `free` (a band key or two shared anchors made it
    /// one) or confirmed, and verified only then. Returns, per row, whether it was a candidate,
    /// the check's answer (None without positions), and when it is reuse whether it is a core
    /// edge of the clustering ([`api::is_core_edge`]) and its encoded pair.
    /// `runs_of_b`: rows sharing `b` are adjacent instead (each `b` side prepared once per run).
    /// `text_a`, `text_b`: UTF-8 Arrow columns without nulls as `(offsets, data)`
    /// ([`arrow_utf8`]): the texts are most of a batch, and no Python string is made of them.
    /// `packed_texts`: `text_a` and `text_b` are binary columns of packed texts
    /// ([`shuffle::pack_text`], as `read_and_sign(pack_texts=True)` made them).
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (a, b, id_a, id_b, site_a, site_b, text_a, text_b, pos_a, pos_b, free, boilerplate, runs_of_b=false, packed_texts=false))]
    fn verify(
        &self,
        py: Python<'_>,
        a: Vec<u32>,
        b: Vec<u32>,
        id_a: Vec<String>,
        id_b: Vec<String>,
        site_a: Vec<u32>,
        site_b: Vec<u32>,
        text_a: (Bound<'_, PyBytes>, Bound<'_, PyBytes>),
        text_b: (Bound<'_, PyBytes>, Bound<'_, PyBytes>),
        pos_a: Vec<Option<u32>>,
        pos_b: Vec<Option<u32>>,
        free: Vec<bool>,
        boilerplate: &Boiler,
        runs_of_b: bool,
        packed_texts: bool,
    ) -> PyResult<Verified> {
        let n = a.len();
        let (unpacked_a, unpacked_b);
        let (text_a, text_b) = if packed_texts {
            let unpack = |(o, d): &(Bound<'_, PyBytes>, Bound<'_, PyBytes>)| {
                let values = arrow_values(o.as_bytes(), d.as_bytes(), "packed texts")?;
                self.pool.install(|| {
                    use rayon::prelude::*;
                    values
                        .par_iter()
                        .map(|v| shuffle::unpack_text(v))
                        .collect::<Result<Vec<String>, Error>>()
                })
            };
            unpacked_a = unpack(&text_a).map_err(|e| py_err(py, e))?;
            unpacked_b = unpack(&text_b).map_err(|e| py_err(py, e))?;
            (
                unpacked_a.iter().map(String::as_str).collect::<Vec<_>>(),
                unpacked_b.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        } else {
            (
                arrow_utf8(text_a.0.as_bytes(), text_a.1.as_bytes(), "texts")
                    .map_err(|e| py_err(py, e))?,
                arrow_utf8(text_b.0.as_bytes(), text_b.1.as_bytes(), "texts")
                    .map_err(|e| py_err(py, e))?,
            )
        };
        if [
            b.len(),
            id_a.len(),
            id_b.len(),
            site_a.len(),
            site_b.len(),
            text_a.len(),
            text_b.len(),
            pos_a.len(),
            pos_b.len(),
            free.len(),
        ]
        .iter()
        .any(|&l| l != n)
        {
            return Err(py_err(
                py,
                Error::Usage("verify: columns of unequal length".into()),
            ));
        }
        let bp = &boilerplate.bp;
        let out = py.allow_threads(|| {
            self.pool.install(|| {
                use rayon::prelude::*;
                let idx: Vec<usize> = (0..n).collect();
                let key = if runs_of_b { &b } else { &a };
                let runs: Vec<&[usize]> = idx.chunk_by(|&x, &y| key[x] == key[y]).collect();
                // The other side's articles that recur in the batch (a wire story's copy
                // against each reprint of it) are prepared once: preparing is most of the
                // cost of a row.
                let (other, moving_texts) = if runs_of_b {
                    (&a, &text_a)
                } else {
                    (&b, &text_b)
                };
                let mut seen: HashMap<u32, usize> = HashMap::new();
                let mut firsts = Vec::new();
                for (i, &d) in other.iter().enumerate() {
                    let k = seen.entry(d).or_insert(0);
                    *k += 1;
                    if *k == 2 {
                        firsts.push(i);
                    }
                }
                let recurring: HashMap<u32, PreparedText> = firsts
                    .par_iter()
                    .map(|&i| (other[i], PreparedText::new(moving_texts[i], &self.engine)))
                    .collect();
                runs.par_iter()
                    .flat_map_iter(|run| {
                        let (fixed, moving) = if runs_of_b {
                            (&text_b, &text_a)
                        } else {
                            (&text_a, &text_b)
                        };
                        let once = PreparedText::new(fixed[run[0]], &self.engine);
                        run.iter()
                            .map(|&i| {
                                let fresh;
                                let each = match recurring.get(&other[i]) {
                                    Some(p) => p,
                                    None => {
                                        fresh = PreparedText::new(moving[i], &self.engine);
                                        &fresh
                                    }
                                };
                                let (pa, pb) = if runs_of_b {
                                    (each, &once)
                                } else {
                                    (&once, each)
                                };
                                let sa = Side {
                                    doc: DocId(a[i]),
                                    id: &id_a[i],
                                    site: site_a[i],
                                    text: text_a[i],
                                };
                                let sb = Side {
                                    doc: DocId(b[i]),
                                    id: &id_b[i],
                                    site: site_b[i],
                                    text: text_b[i],
                                };
                                let confirmed = match (pos_a[i], pos_b[i]) {
                                    (Some(x), Some(y)) => {
                                        let link = AnchorLink {
                                            pair: CandidatePair {
                                                a: sa.doc,
                                                b: sb.doc,
                                            },
                                            pos_a: x,
                                            pos_b: y,
                                            near: true,
                                        };
                                        Some(api::confirm_link(&link, pa, pb, &self.engine)?)
                                    }
                                    _ => None,
                                };
                                let candidate = free[i] || confirmed == Some(true);
                                let pair = if candidate {
                                    api::verify_pair(sa, pa, sb, pb, bp, &self.engine).map(|p| {
                                        (api::is_core_edge(&p, &self.engine), api::encode_pair(&p))
                                    })
                                } else {
                                    None
                                };
                                Ok((candidate, confirmed, pair))
                            })
                            .collect::<Vec<Result<_, Error>>>()
                    })
                    .collect::<Vec<_>>()
            })
        });
        let mut flags = Vec::with_capacity(n);
        let mut checks = Vec::with_capacity(n);
        let mut cores = Vec::with_capacity(n);
        let mut pairs = Vec::with_capacity(n);
        for r in out {
            let (c, k, p) = r.map_err(|e| py_err(py, e))?;
            flags.push(c);
            checks.push(k);
            let (core, pair) = p.unzip();
            cores.push(core);
            pairs.push(pair);
        }
        Ok((flags, checks, cores, pairs))
    }

    /// The end of an engine's run, on the driver: a [`Conclusion`] of the articles whose
    /// encoded metadata ([`api::encode_meta`]) `metas` holds in DocId order, as UTF-8 Arrow
    /// chunks `(offsets, data)` ([`arrow_utf8`]). Its pairs follow with
    /// [`Conclusion::add_pairs`].
    fn conclusion(
        &self,
        py: Python<'_>,
        metas: Vec<(Bound<'_, PyBytes>, Bound<'_, PyBytes>)>,
    ) -> PyResult<Conclusion> {
        let chunks: Vec<(&[u8], &[u8])> = metas
            .iter()
            .map(|(o, d)| (o.as_bytes(), d.as_bytes()))
            .collect();
        let metas = py
            .allow_threads(|| -> Result<Vec<_>, Error> {
                let mut out = Vec::new();
                for (offsets, data) in chunks {
                    for m in arrow_utf8(offsets, data, "metadata")? {
                        out.push(api::decode_meta(m)?);
                    }
                }
                Ok(out)
            })
            .map_err(|e| py_err(py, e))?;
        Ok(Conclusion {
            config: self.config.clone(),
            registry: Arc::clone(&self.registry),
            pool: Arc::clone(&self.pool),
            metas,
            pairs: Vec::new(),
            begun: None,
        })
    }
}

/// The values of a UTF-8 Arrow array without nulls from its buffers: `offsets`, the array's
/// `len + 1` little-endian int32 offsets (already sliced to the array), and `data`, the
/// buffer they point into. `what` names the values in an error.
fn arrow_utf8<'a>(offsets: &[u8], data: &'a [u8], what: &str) -> Result<Vec<&'a str>, Error> {
    arrow_values(offsets, data, what)?
        .into_iter()
        .map(|v| std::str::from_utf8(v).map_err(|_| malformed(what)))
        .collect()
}

/// The error of an Arrow column an engine handed over that is not what it claims.
fn malformed(what: &str) -> Error {
    Error::Usage(format!("engine data: malformed Arrow column of {what}"))
}

/// The values of a binary (or UTF-8) Arrow column without nulls, given as [`arrow_utf8`]
/// takes it.
fn arrow_values<'a>(offsets: &[u8], data: &'a [u8], what: &str) -> Result<Vec<&'a [u8]>, Error> {
    let offs = arrow_offsets(offsets, data.len()).ok_or_else(|| malformed(what))?;
    Ok(offs.windows(2).map(|w| &data[w[0]..w[1]]).collect())
}

/// Texts an engine carried packed (`read_and_sign(pack_texts=True)`), as strings.
#[pyfunction]
fn unpack_texts(py: Python<'_>, packed: Vec<Vec<u8>>) -> PyResult<Vec<String>> {
    packed
        .iter()
        .map(|p| shuffle::unpack_text(p))
        .collect::<Result<_, _>>()
        .map_err(|e| py_err(py, e))
}

/// The driver's end of an engine's run ([`api::Conclusion`]), made by [`Core::conclusion`]:
/// every article's metadata, then the verified pairs in chunks ([`Conclusion::add_pairs`]),
/// then the analysis that needs no text ([`Conclusion::analyse`], which names the texts the
/// rest reads), then [`Conclusion::finish`] with those texts. The engine fetches only the
/// texts named: the passages' texts travel inside the pairs.
#[pyclass(module = "wiretrace._core")]
struct Conclusion {
    config: ScanConfig,
    registry: Arc<Registry>,
    pool: Arc<rayon::ThreadPool>,
    metas: Vec<(DocMeta, String)>,
    pairs: Vec<crate::analyse::pairs::PairLocal>,
    begun: Option<api::Conclusion>,
}

#[pymethods]
impl Conclusion {
    /// Adds verified pairs, encoded ([`api::encode_pair`]), as one UTF-8 Arrow chunk.
    fn add_pairs(
        &mut self,
        py: Python<'_>,
        offsets: &Bound<'_, PyBytes>,
        data: &Bound<'_, PyBytes>,
    ) -> PyResult<()> {
        if self.begun.is_some() {
            return Err(py_err(
                py,
                Error::Usage("conclusion: pairs added after analyse".into()),
            ));
        }
        let (offsets, data) = (offsets.as_bytes(), data.as_bytes());
        let pool = &self.pool;
        let decoded = py
            .allow_threads(|| {
                pool.install(|| {
                    use rayon::prelude::*;
                    arrow_utf8(offsets, data, "pairs")?
                        .into_par_iter()
                        .map(api::decode_pair)
                        .collect::<Result<Vec<_>, Error>>()
                })
            })
            .map_err(|e| py_err(py, e))?;
        self.pairs.extend(decoded);
        Ok(())
    }

    /// The analysis that needs no text (origins, agencies, clusters). `components`:
    /// (articles, labels) of the core edges' connected components when the engine found them
    /// (each article with a core edge, labelled by its component's smallest article;
    /// checked), else None. Returns the article numbers whose texts [`Conclusion::finish`]
    /// reads, sorted.
    #[pyo3(signature = (components=None))]
    fn analyse(
        &mut self,
        py: Python<'_>,
        components: Option<(Vec<u32>, Vec<u32>)>,
    ) -> PyResult<Vec<u32>> {
        if self.begun.is_some() {
            return Err(py_err(
                py,
                Error::Usage("conclusion: analysed twice".into()),
            ));
        }
        if let Some((docs, labels)) = &components {
            if docs.len() != labels.len() {
                return Err(py_err(
                    py,
                    Error::Usage("conclusion: components of unequal length".into()),
                ));
            }
        }
        let labels: Option<Vec<(DocId, DocId)>> = components.map(|(docs, labels)| {
            docs.into_iter()
                .zip(labels)
                .map(|(d, l)| (DocId(d), DocId(l)))
                .collect()
        });
        let metas = std::mem::take(&mut self.metas);
        let pairs = std::mem::take(&mut self.pairs);
        let (config, registry, pool) = (&self.config, &*self.registry, &self.pool);
        let begun = py
            .allow_threads(|| {
                pool.install(|| {
                    api::Conclusion::begin(
                        config,
                        api::catalog_from(metas),
                        pairs,
                        registry,
                        labels.as_deref(),
                    )
                })
            })
            .map_err(|e| py_err(py, e))?;
        let needed = begun.texts_needed().into_iter().map(|d| d.0).collect();
        self.begun = Some(begun);
        Ok(needed)
    }

    /// Finishes the run: the members' containment from `texts` (at least those
    /// [`Conclusion::analyse`] named, by article number), then every report and
    /// `summary.json` written to the configured `--out` by the CLI's writer. `counts`: what
    /// the engine counted (read, new, skipped by reason, candidates, boilerplate_anchors);
    /// `stages`: seconds per stage measured by the engine; `elapsed`: seconds since the run
    /// began.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        py: Python<'_>,
        texts: HashMap<u32, String>,
        boilerplate: &Boiler,
        counts: HashMap<String, u64>,
        skipped: HashMap<String, u64>,
        stages: Vec<(String, f64)>,
        elapsed: f64,
    ) -> PyResult<()> {
        let Some(begun) = self.begun.take() else {
            return Err(py_err(
                py,
                Error::Usage("conclusion: finish before analyse".into()),
            ));
        };
        let started = Instant::now()
            .checked_sub(Duration::from_secs_f64(elapsed.max(0.0)))
            .unwrap_or_else(Instant::now);
        let (config, registry, pool) = (&self.config, &*self.registry, &self.pool);
        let result = py.allow_threads(|| -> Result<(), Error> {
            pool.install(|| {
                let texts = api::MemTexts {
                    texts: texts.into_iter().map(|(d, t)| (DocId(d), t)).collect(),
                    shingle: config.params.shingle,
                };
                let c = |k: &str| counts.get(k).copied().unwrap_or(0);
                let mut n = Counts {
                    read: c("read"),
                    new: c("new"),
                    candidates_lsh: c("candidates_lsh"),
                    candidates_anchor: c("candidates_anchor"),
                    anchor_single_links: c("anchor_single_links"),
                    candidates: c("candidates"),
                    boilerplate_anchors: c("boilerplate_anchors"),
                    ..Counts::default()
                };
                for r in SkipReason::ALL {
                    if let Some(&k) = skipped.get(r.as_str()) {
                        n.skipped.insert(r, k);
                    }
                }
                let mut timings = Timings(
                    stages
                        .into_iter()
                        .map(|(name, s)| -> (&'static str, Duration) {
                            (stage_name(&name), Duration::from_secs_f64(s.max(0.0)))
                        })
                        .collect(),
                );
                begun.finish(
                    config,
                    &texts,
                    &boilerplate.bp,
                    registry,
                    &mut n,
                    &mut timings,
                    started,
                )
            })
        });
        result.map_err(|e| py_err(py, e))
    }
}

/// Stage names are static in [`Timings`]; engines report the scan's own names.
fn stage_name(name: &str) -> &'static str {
    match name {
        "read_hash" => "read_hash",
        "candidates" => "candidates",
        "verify" => "verify",
        "align" => "align",
        "components" => "components",
        _ => "engine",
    }
}

/// What `verify` returns per row: whether it was a candidate, the local check's answer (None
/// without positions), and when it is reuse whether it is a core edge and the encoded pair.
type Verified = (
    Vec<bool>,
    Vec<Option<bool>>,
    Vec<Option<bool>>,
    Vec<Option<String>>,
);

/// A nullable UTF-8 (or binary) column as Arrow buffers, handed to pyarrow's
/// `Array.from_buffers` (`wiretrace._arrow_column`) so that no Python object is made per
/// value: at 100,000 articles the texts alone are half a gigabyte. Wide columns have 64-bit
/// offsets (`large_string`: one file of a run can hold more than 2 GiB of text); narrow ones
/// 32-bit (`string`), for the chunks of a [`Columns`] table, which stay far below 2 GiB.
struct ArrowStrings {
    len: usize,
    nulls: usize,
    /// Offsets are `i32` (else `i64`).
    narrow: bool,
    valid: Vec<u8>,
    /// `len + 1` little-endian offsets into `data`, starting at 0.
    offsets: Vec<u8>,
    data: Vec<u8>,
}

impl ArrowStrings {
    fn new() -> Self {
        ArrowStrings {
            len: 0,
            nulls: 0,
            narrow: false,
            valid: Vec::new(),
            offsets: 0i64.to_le_bytes().to_vec(),
            data: Vec::new(),
        }
    }

    fn narrow() -> Self {
        ArrowStrings {
            narrow: true,
            offsets: 0i32.to_le_bytes().to_vec(),
            ..ArrowStrings::new()
        }
    }

    /// A narrow column with room for as much as `c` holds.
    fn narrow_like(c: &ArrowStrings) -> Self {
        let mut next = ArrowStrings::narrow();
        next.offsets.reserve(c.offsets.len());
        next.valid.reserve(c.valid.len());
        next.data.reserve(c.data.len() + c.data.len() / 8);
        next
    }

    fn push(&mut self, s: Option<&str>) {
        self.push_bytes(s.map(str::as_bytes));
    }

    /// A value of a binary column ([`ArrowStrings::into_py_as`] `"bin"`).
    fn push_bytes(&mut self, s: Option<&[u8]>) {
        push_bit(&mut self.valid, self.len, s.is_some());
        match s {
            Some(s) => self.data.extend_from_slice(s),
            None => self.nulls += 1,
        }
        if self.narrow {
            // A narrow column's owner cuts it well below 2 GiB ([`CHUNK_BYTES`]) and one value
            // is at most a record (64 MiB), so the offset fits.
            debug_assert!(
                self.data.len() <= i32::MAX as usize,
                "a narrow column over 2 GiB"
            );
            let end = i32::try_from(self.data.len()).unwrap_or(i32::MAX);
            self.offsets.extend_from_slice(&end.to_le_bytes());
        } else {
            self.offsets
                .extend_from_slice(&(self.data.len() as i64).to_le_bytes());
        }
        self.len += 1;
    }

    /// `("str" | "str32", len, nulls, validity or None, offsets, data)`.
    fn into_py(self, py: Python<'_>) -> PyResult<PyObject> {
        let tag = if self.narrow { "str32" } else { "str" };
        self.into_py_as(py, tag)
    }

    /// As [`ArrowStrings::into_py`], tagged `tag`: `"bin"` for a binary column.
    fn into_py_as(self, py: Python<'_>, tag: &str) -> PyResult<PyObject> {
        let valid = if self.nulls > 0 {
            Some(Buffer::new(py, self.valid)?)
        } else {
            None
        };
        let t = (
            tag,
            self.len,
            self.nulls,
            valid,
            Buffer::new(py, self.offsets)?,
            Buffer::new(py, self.data)?,
        );
        Ok(t.into_pyobject(py)?.into_any().unbind())
    }
}

/// Sets bit `at` of an Arrow validity bitmap (least significant bit first) that holds `at`
/// bits: a byte is added every eighth.
fn push_bit(bits: &mut Vec<u8>, at: usize, set: bool) {
    if at.is_multiple_of(8) {
        bits.push(0);
    }
    if set {
        if let Some(b) = bits.last_mut() {
            *b |= 1 << (at % 8);
        }
    }
}

/// Bytes built in Rust and handed to Python without a copy: pyarrow wraps them with
/// `foreign_buffer(address, len, base=self)` (`wiretrace._buffer`), which keeps this object,
/// and so the bytes, alive as long as the Arrow buffer is. (The buffer protocol would be the
/// plain way, but the abi3 build for Python 3.9 cannot implement it.)
///
/// Invariants: the bytes never change once made (the class is frozen and has no method that
/// writes), so the address stays valid and the contents stay what Arrow saw; and the address
/// is aligned to 8 bytes, as Arrow expects of 64-bit values and of offsets.
#[pyclass(module = "wiretrace._core", frozen)]
struct Buffer {
    data: Aligned,
}

/// The bytes of a [`Buffer`], at an address aligned to 8.
enum Aligned {
    /// As built: the allocator gives every block of 8 bytes or more an aligned address.
    Bytes(Vec<u8>),
    /// Copied into words when it did not (another allocator), and `len` bytes of them used.
    Words(Vec<u64>, usize),
}

impl Buffer {
    fn new(py: Python<'_>, data: Vec<u8>) -> PyResult<Py<Buffer>> {
        let data = if data.as_ptr().align_offset(8) == 0 {
            Aligned::Bytes(data)
        } else {
            let words = data
                .chunks(8)
                .map(|c| {
                    let mut w = [0u8; 8];
                    w[..c.len()].copy_from_slice(c);
                    // Native order: the words hold the bytes in the same order in memory.
                    u64::from_ne_bytes(w)
                })
                .collect();
            Aligned::Words(words, data.len())
        };
        Py::new(py, Buffer { data })
    }
}

#[pymethods]
impl Buffer {
    /// The address of the first byte (meaningless when empty).
    #[getter]
    fn address(&self) -> usize {
        match &self.data {
            Aligned::Bytes(b) => b.as_ptr() as usize,
            Aligned::Words(w, _) => w.as_ptr() as usize,
        }
    }

    fn __len__(&self) -> usize {
        match &self.data {
            Aligned::Bytes(b) => b.len(),
            Aligned::Words(_, len) => *len,
        }
    }
}

/// The Arrow type of an [`ArrowNumbers`] column.
#[derive(Clone, Copy)]
enum NumType {
    I64,
    F64,
}

/// A nullable column of 8-byte little-endian numbers (`int64` or `float64`) as Arrow buffers,
/// for the same reason as [`ArrowStrings`].
struct ArrowNumbers {
    ty: NumType,
    len: usize,
    nulls: usize,
    valid: Vec<u8>,
    data: Vec<u8>,
}

impl ArrowNumbers {
    fn new(ty: NumType) -> Self {
        ArrowNumbers {
            ty,
            len: 0,
            nulls: 0,
            valid: Vec::new(),
            data: Vec::new(),
        }
    }

    /// An empty column of `c`'s type with room for as much as `c` holds.
    fn like(c: &ArrowNumbers) -> Self {
        ArrowNumbers {
            valid: Vec::with_capacity(c.valid.len()),
            data: Vec::with_capacity(c.data.len()),
            ..ArrowNumbers::new(c.ty)
        }
    }

    /// A value, or a null (its slot holds zeros).
    fn push(&mut self, v: Option<[u8; 8]>) {
        push_bit(&mut self.valid, self.len, v.is_some());
        match v {
            Some(v) => self.data.extend_from_slice(&v),
            None => {
                self.data.extend_from_slice(&[0; 8]);
                self.nulls += 1;
            }
        }
        self.len += 1;
    }

    /// `("num", "int64" | "float64", len, data, nulls, validity or None)`.
    fn into_py(self, py: Python<'_>) -> PyResult<PyObject> {
        let ty = match self.ty {
            NumType::I64 => "int64",
            NumType::F64 => "float64",
        };
        let valid = if self.nulls > 0 {
            Some(Buffer::new(py, self.valid)?)
        } else {
            None
        };
        let data = Buffer::new(py, self.data)?;
        let t = ("num", ty, self.len, data, self.nulls, valid);
        Ok(t.into_pyobject(py)?.into_any().unbind())
    }
}

/// A column of lists of fixed-width little-endian numbers as Arrow buffers (`large_list`:
/// 64-bit offsets, no nulls), for the same reason as [`ArrowStrings`].
struct ArrowLists {
    len: usize,
    /// `len + 1` little-endian i64 offsets, in values, starting at 0.
    offsets: Vec<u8>,
    values: Vec<u8>,
}

impl ArrowLists {
    fn new() -> Self {
        ArrowLists {
            len: 0,
            offsets: 0i64.to_le_bytes().to_vec(),
            values: Vec::new(),
        }
    }

    /// Appends one list of `W`-byte values (every list of a column has the same `W`).
    fn push<const W: usize>(&mut self, values: impl Iterator<Item = [u8; W]>) {
        for v in values {
            self.values.extend_from_slice(&v);
        }
        let count = (self.values.len() / W) as i64;
        self.offsets.extend_from_slice(&count.to_le_bytes());
        self.len += 1;
    }

    /// `("list", len, offsets, values)`.
    fn into_py(self, py: Python<'_>) -> PyResult<PyObject> {
        let t = (
            "list",
            self.len,
            Buffer::new(py, self.offsets)?,
            Buffer::new(py, self.values)?,
        );
        Ok(t.into_pyobject(py)?.into_any().unbind())
    }
}

/// Signed records as columns: numbers and flags as lists; ids, texts, outlets, metadata and
/// skip details as [`ArrowStrings`]; band keys, anchors and anchor positions as [`ArrowLists`]
/// (`wiretrace._signed_arrays` turns them into pyarrow arrays).
/// `packed`: each record's text packed ([`shuffle::pack_text`]; anything for a skipped one),
/// for a binary `text` column instead of a UTF-8 one.
fn records_to_cols(
    py: Python<'_>,
    recs: Vec<SignedRecord>,
    packed: Option<Vec<Vec<u8>>>,
) -> PyResult<PyObject> {
    let d = PyDict::new(py);
    let n = recs.len();
    let mut ok = Vec::with_capacity(n);
    let mut too_short = Vec::with_capacity(n);
    let mut reason: Vec<Option<&'static str>> = Vec::with_capacity(n);
    let mut line: Vec<Option<u64>> = Vec::with_capacity(n);
    let mut detail = ArrowStrings::new();
    let mut id = ArrowStrings::new();
    let mut text = ArrowStrings::new();
    let mut outlet = ArrowStrings::new();
    let mut meta = ArrowStrings::new();
    let mut bands = ArrowLists::new();
    let mut anchors = ArrowLists::new();
    let mut anchor_pos = ArrowLists::new();
    let mut anchor_nbhd = ArrowLists::new();
    for (k, r) in recs.into_iter().enumerate() {
        match r {
            SignedRecord::Article(s) => {
                ok.push(true);
                too_short.push(s.too_short);
                reason.push(None);
                line.push(s.article.location.line);
                detail.push(None);
                meta.push(Some(&api::encode_meta(&s)));
                bands.push(s.bands.iter().map(|&b| (b as i64).to_le_bytes()));
                anchors.push(s.anchors.iter().map(|a| (a.0 as i64).to_le_bytes()));
                anchor_pos.push(s.anchors.iter().map(|a| (a.1 as i32).to_le_bytes()));
                anchor_nbhd.push(s.anchor_nbhds.iter().map(|n| i32::from(n.0).to_le_bytes()));
                let a = s.article;
                id.push(Some(&a.id));
                outlet.push(Some(&a.outlet));
                match &packed {
                    Some(p) => text.push_bytes(Some(&p[k])),
                    None => text.push(Some(&a.text)),
                }
            }
            SignedRecord::Skipped(e) => {
                ok.push(false);
                too_short.push(false);
                reason.push(Some(e.reason.as_str()));
                line.push(e.location.line);
                detail.push(Some(&e.to_string()));
                meta.push(None);
                bands.push(std::iter::empty::<[u8; 8]>());
                anchors.push(std::iter::empty::<[u8; 8]>());
                anchor_pos.push(std::iter::empty::<[u8; 4]>());
                anchor_nbhd.push(std::iter::empty::<[u8; 4]>());
                id.push(None);
                outlet.push(None);
                text.push(None);
            }
        }
    }
    set(&d, "ordinal", (0..n as u64).collect::<Vec<_>>())?;
    set(&d, "ok", ok)?;
    set(&d, "too_short", too_short)?;
    set(&d, "skip_reason", reason)?;
    set(&d, "line", line)?;
    set(&d, "skip_detail", detail.into_py(py)?)?;
    set(&d, "id", id.into_py(py)?)?;
    let text = if packed.is_some() {
        text.into_py_as(py, "bin")
    } else {
        text.into_py(py)
    };
    set(&d, "text", text?)?;
    set(&d, "outlet", outlet.into_py(py)?)?;
    set(&d, "meta", meta.into_py(py)?)?;
    set(&d, "bands", bands.into_py(py)?)?;
    set(&d, "anchors", anchors.into_py(py)?)?;
    set(&d, "anchor_pos", anchor_pos.into_py(py)?)?;
    set(&d, "anchor_nbhd", anchor_nbhd.into_py(py)?)?;
    Ok(d.into_any().unbind())
}

/// The options of `wiretrace scan` arguments as the CLI parses them, for engines that drive
/// the stages themselves: inputs, out, agencies, strict, quiet, bom, threads, index.
#[pyfunction]
fn scan_options(py: Python<'_>, argv: Vec<String>) -> PyResult<PyObject> {
    let c = scan_config(&argv).map_err(|e| py_err(py, e))?;
    let d = PyDict::new(py);
    let inputs: Vec<String> = crate::report::summary::input_names(&c.inputs);
    set(&d, "inputs", inputs)?;
    set(&d, "out", c.out.display().to_string())?;
    set(&d, "agencies", c.agencies.map(|p| p.display().to_string()))?;
    set(&d, "strict", c.run.strict)?;
    set(&d, "quiet", c.run.quiet)?;
    set(&d, "bom", c.bom)?;
    set(&d, "threads", c.run.threads)?;
    set(&d, "index", c.index.map(|p| p.display().to_string()))?;
    Ok(d.into_any().unbind())
}

/// Whether a folder walk reads a file of this name (a known input extension).
#[pyfunction]
fn is_input_name(name: &str) -> bool {
    api::is_input_name(name)
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(scan_rows, m)?)?;
    m.add_function(wrap_pyfunction!(is_input_name, m)?)?;
    m.add_function(wrap_pyfunction!(unpack_texts, m)?)?;
    m.add_function(wrap_pyfunction!(scan_options, m)?)?;
    m.add("UNKNOWN_OUTLET", crate::model::UNKNOWN_OUTLET)?;
    m.add("OWN_SITE_BIT", crate::model::OWN_SITE_BIT)?;
    m.add_class::<Core>()?;
    m.add_class::<Boiler>()?;
    m.add_class::<Conclusion>()?;
    m.add_class::<Buffer>()?;
    Ok(())
}
