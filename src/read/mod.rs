//! Stage 1 — read: input files → [`Article`]s.
//!
//! In: the INPUTs named on the command line (files, folders, `-` for standard input) and the
//! [`ReadOptions`]. Out: every record of every input, in order, handed to a sink as
//! `Ok(Article)` or `Err(RecordError)`; the sink may stop the reading (`--strict`).
//!
//! Order: inputs in command-line order; a folder's files sorted by path bytes (see `walk`);
//! records in file order. This order is what makes `DocId`s independent of threads.
//!
//! Layers, per input: `decompress` (gzip/zstd/bzip2 by magic or extension) → format by
//! `--format`, else extension, else sniffing → `jsonl` / `delimited` / `text` → `fields`
//! (aliases and `--field` overrides) → [`Article`]. Dates are parsed in `date`.
//!
//! Invariants: memory is bounded by one record (`max_record_bytes`) plus fixed buffers, whatever
//! the file size; a bad record is reported and skipped, never fatal here; a corrupt or truncated
//! compressed stream keeps the records before the break, reports one `truncated_input` record
//! error and moves on to the next input; an I/O error on a file, a missing path, or a CSV
//! without a text column ends the run with an [`Error`] naming the file.

mod date;
mod decompress;
mod delimited;
mod fields;
pub(crate) use fields::url_host;
mod jsonl;
mod lines;
mod survey;
mod text;
mod walk;

use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

pub use fields::{Field, FieldMap};
pub use survey::{survey, Survey};

use crate::error::{Error, RecordError, Result, SkipReason};
use crate::model::{Article, Location};
use decompress::{Codec, Decoded, SNIFF_LEN};
use fields::{RecordContext, Resolver};

/// Input format; `Auto` goes by extension, then content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Auto,
    Jsonl,
    Csv,
    Tsv,
    Text,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Text => "text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Format::Auto),
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "tsv" | "tab" => Ok(Format::Tsv),
            "text" | "txt" => Ok(Format::Text),
            _ => Err(format!(
                "unknown format {s:?} (expected auto, jsonl, csv, tsv or text)"
            )),
        }
    }
}

/// One input as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    /// `-` is standard input, anything else a path.
    pub fn from_arg(arg: impl Into<PathBuf>) -> Input {
        let path = arg.into();
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(path)
        }
    }
}

/// Default [`ReadOptions::max_record_bytes`]: 64 MiB, far above any real article.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;

#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub format: Format,
    pub fields: FieldMap,
    /// A longer line, row or text file is skipped as `record_too_large` without being held in
    /// memory.
    pub max_record_bytes: usize,
    /// Where to count the bytes read from input files (standard input is not counted), for a
    /// progress bar with a percentage; `None` counts nothing.
    pub bytes_read: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: Format::Auto,
            fields: FieldMap::default(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            bytes_read: None,
        }
    }
}

/// Receives each record in order; `ControlFlow::Break(())` stops the reading at once.
pub type Sink<'a> = dyn FnMut(std::result::Result<Article, RecordError>) -> ControlFlow<()> + 'a;

/// Streams every record of every input, in order, into `sink`. Returns `Ok(())` when all inputs
/// are read or the sink breaks; `Err` for what ends a run (missing path, I/O error, refused file).
pub fn read_inputs(inputs: &[Input], opts: &ReadOptions, sink: &mut Sink<'_>) -> Result<()> {
    let resolver = Resolver::new(&opts.fields);
    for input in inputs {
        let flow = match input {
            Input::Stdin => {
                // SPEC: standard input is JSON Lines unless --format says otherwise.
                let format = match opts.format {
                    Format::Auto => Format::Jsonl,
                    f => f,
                };
                let origin = Origin::direct("-");
                let stdin = io::stdin().lock();
                read_stream(stdin, &origin, format, Hints::NONE, &resolver, opts, sink)?
            }
            Input::Path(path) => read_path(path, &resolver, opts, sink)?,
        };
        if flow.is_break() {
            return Ok(());
        }
    }
    Ok(())
}

/// Reads one already-opened stream: `name` is what locations show and what the format and codec
/// hints come from (its extension, when `format` is `Auto`); compression is detected by magic
/// bytes as for files. For text, the article's id is the last component of `name`.
pub fn read_from<R: Read>(
    reader: R,
    name: &str,
    format: Format,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>> {
    let resolver = Resolver::new(&opts.fields);
    let origin = Origin::direct(name);
    let hints = hints_for(name);
    read_stream(reader, &origin, format, hints, &resolver, opts, sink)
}

/// Reads one file's bytes as `scan` reads that file: `path` names it in locations; `rel` is its
/// path below the input folder it was found in (text-file ids, the folder fallback of the
/// outlet), `None` for a file named directly. For engines that fetch files themselves (Spark).
pub fn read_file_as<R: Read>(
    reader: R,
    path: &str,
    rel: Option<&str>,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>> {
    let resolver = Resolver::new(&opts.fields);
    let (origin, hints) = origin_of(path, rel);
    read_stream(reader, &origin, opts.format, hints, &resolver, opts, sink)
}

/// What locations show for a file read by [`read_file_as`], and what its name hints.
fn origin_of(path: &str, rel: Option<&str>) -> (Origin, Hints) {
    match rel {
        None => {
            let origin = Origin::direct(path);
            let hints = hints_for(&origin.text_id);
            (origin, hints)
        }
        Some(rel) => {
            let rel = PathBuf::from(rel);
            let name = rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let found = walk::Found {
                path: PathBuf::from(path),
                rel,
                hints: hints_for(&name),
            };
            (Origin::found(&found), found.hints)
        }
    }
}

/// Whether [`read_file_as`] reads the file `path` (`rel` as there), whose first bytes are
/// `head` (at least four, or the whole file), as uncompressed JSON Lines: then every line is
/// one record on its own, and [`read_lines_of`] reads any run of its whole lines as
/// [`read_file_as`] reads them in the whole file. An engine may so cut a large file at line
/// ends and read the parts side by side (the Spark job does). A file whose format would be
/// sniffed from its content is not cut.
pub fn line_splittable(path: &str, rel: Option<&str>, head: &[u8], opts: &ReadOptions) -> bool {
    let (_, hints) = origin_of(path, rel);
    let jsonl = match opts.format {
        Format::Jsonl => true,
        Format::Auto => hints.format == Some(Format::Jsonl),
        _ => false,
    };
    jsonl && !head.is_empty() && hints.codec.is_none() && Codec::from_magic(head).is_none()
}

/// Reads whole lines of a [`line_splittable`] file, `bytes`, whose first is line `first_line`
/// (1-based) of the file: the records [`read_file_as`] reads from those lines, with the same
/// locations (a byte-order mark is dropped only before line 1, as in the whole file).
pub fn read_lines_of(
    bytes: &[u8],
    path: &str,
    rel: Option<&str>,
    first_line: u64,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>> {
    let resolver = Resolver::new(&opts.fields);
    let (origin, _) = origin_of(path, rel);
    let limit = opts.max_record_bytes;
    match jsonl::read_jsonl(bytes, first_line.max(1), &origin, &resolver, limit, sink) {
        Ok(flow) => Ok(flow),
        Err(Failure::Fatal(e)) => Err(e),
        Err(Failure::Io { source, .. }) => Err(Error::io(&origin.path, source)),
    }
}

/// Whether a folder walk reads a file of this name (a known format extension).
pub fn is_input_name(name: &str) -> bool {
    hints_for(name).format.is_some()
}

/// What an input's name says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hints {
    pub codec: Option<Codec>,
    /// The format of a known extension (`.jsonl .ndjson .json .csv .tsv .tab .txt .text`).
    pub format: Option<Format>,
}

impl Hints {
    const NONE: Hints = Hints {
        codec: None,
        format: None,
    };
}

/// The hints of a file name: `dump.jsonl.gz` → gzip, JSON Lines.
pub(crate) fn hints_for(name: &str) -> Hints {
    let lower = name.to_ascii_lowercase();
    let mut stem = lower.as_str();
    let mut codec = None;
    if let Some((rest, ext)) = stem.rsplit_once('.') {
        if let Some(c) = Codec::from_extension(ext) {
            codec = Some(c);
            stem = rest;
        }
    }
    let format = stem.rsplit_once('.').and_then(|(_, ext)| match ext {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        "tsv" | "tab" => Some(Format::Tsv),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    });
    Hints { codec, format }
}

/// Where a stream comes from, for locations, errors and text-file ids.
#[derive(Clone, Debug)]
pub(crate) struct Origin {
    /// The file as the user named it (`-` for standard input), shared by every location.
    pub file: Arc<str>,
    /// The same, as a path for [`Error`]s.
    pub path: PathBuf,
    /// The id of a text-file article: the path below the input root.
    pub text_id: String,
    pub ctx: RecordContext,
}

impl Origin {
    /// A stream named directly (a file on the command line, stdin, a test buffer).
    fn direct(name: &str) -> Origin {
        let text_id = Path::new(name)
            .file_name()
            .map_or_else(|| name.to_owned(), |n| n.to_string_lossy().into_owned());
        Origin {
            file: Arc::from(name),
            path: PathBuf::from(name),
            text_id,
            ctx: RecordContext::default(),
        }
    }

    fn found(f: &walk::Found) -> Origin {
        Origin {
            file: Arc::from(f.path.to_string_lossy().as_ref()),
            path: f.path.clone(),
            text_id: walk::slash_path(&f.rel),
            ctx: RecordContext {
                folder: walk::first_folder(&f.rel),
            },
        }
    }
}

/// Why a stream stopped early, before the caller decides what it means.
pub(crate) enum Failure {
    /// A read failed at `line`: fatal for a plain stream, `truncated_input` for a compressed one.
    Io {
        source: io::Error,
        line: Option<u64>,
    },
    /// The input is refused as a whole.
    Fatal(Error),
}

fn read_path(
    path: &Path,
    resolver: &Resolver,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        // A file named explicitly is always read, whatever its extension.
        let origin = Origin::direct(&path.to_string_lossy());
        let hints = hints_for(&origin.text_id);
        return read_file(path, &origin, opts.format, hints, resolver, opts, sink);
    }
    for found in walk::walk(path)? {
        let origin = Origin::found(&found);
        let flow = read_file(
            &found.path,
            &origin,
            opts.format,
            found.hints,
            resolver,
            opts,
            sink,
        )?;
        if flow.is_break() {
            return Ok(flow);
        }
    }
    Ok(ControlFlow::Continue(()))
}

fn read_file(
    path: &Path,
    origin: &Origin,
    format: Format,
    hints: Hints,
    resolver: &Resolver,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    match &opts.bytes_read {
        Some(counter) => {
            let counting = survey::Counting {
                inner: file,
                counter: counter.clone(),
            };
            read_stream(counting, origin, format, hints, resolver, opts, sink)
        }
        None => read_stream(file, origin, format, hints, resolver, opts, sink),
    }
}

/// Buffer size for the format readers: large enough that the per-read overhead of the decoder
/// chain is negligible next to parsing.
const BUF_LEN: usize = 256 * 1024;

/// Decodes, picks the format, and reads one stream into `sink`.
fn read_stream<R: Read>(
    raw: R,
    origin: &Origin,
    format: Format,
    hints: Hints,
    resolver: &Resolver,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<ControlFlow<()>> {
    let Decoded {
        mut reader,
        codec,
        source_errors,
    } = decompress::decode(raw, hints.codec).map_err(|e| Error::io(&origin.path, e))?;
    let format = match (format, hints.format) {
        (Format::Auto, Some(f)) => f,
        (Format::Auto, None) => sniff(reader.fill(SNIFF_LEN), resolver),
        (f, _) => f,
    };
    let limit = opts.max_record_bytes;
    let result = match format {
        Format::Csv | Format::Tsv => {
            let delimiter = if format == Format::Csv { b',' } else { b'\t' };
            let buffered = BufReader::with_capacity(BUF_LEN, reader);
            delimited::read_delimited(buffered, delimiter, origin, resolver, limit, sink)
        }
        Format::Text => text::read_text(reader, origin, limit).map(&mut *sink),
        Format::Jsonl | Format::Auto => {
            let buffered = BufReader::with_capacity(BUF_LEN, reader);
            jsonl::read_jsonl(buffered, 1, origin, resolver, limit, sink)
        }
    };
    match result {
        Ok(flow) => Ok(flow),
        Err(Failure::Fatal(e)) => Err(e),
        Err(Failure::Io { source, line }) => {
            if codec == Codec::None || source_errors.happened() {
                return Err(Error::io(&origin.path, source));
            }
            Ok(sink(Err(RecordError {
                location: Location {
                    file: origin.file.clone(),
                    line,
                },
                reason: SkipReason::TruncatedInput,
                detail: source.to_string(),
            })))
        }
    }
}

/// Guesses the format of a stream with no telling name from its first bytes: nothing but blanks
/// → JSON Lines (no records, no error, as for any empty input); `{` → JSON Lines;
/// a first line that splits on tabs (or commas) into cells one of which names a text column →
/// TSV (CSV); anything else → one text article.
fn sniff(head: &[u8], resolver: &Resolver) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(first) = head.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Format::Jsonl;
    };
    if head[first] == b'{' {
        return Format::Jsonl;
    }
    let line_end = memchr::memchr(b'\n', head).unwrap_or(head.len());
    let line = String::from_utf8_lossy(&head[..line_end]);
    let names_text = |delim: char| {
        line.split(delim).any(|cell| {
            let cell = cell.trim().trim_matches('"').trim();
            resolver.slots(Field::Text).iter().any(|&s| {
                resolver
                    .keys()
                    .get(s)
                    .is_some_and(|k| k.eq_ignore_ascii_case(cell))
            })
        })
    };
    if line.contains('\t') && names_text('\t') {
        Format::Tsv
    } else if line.contains(',') && names_text(',') {
        Format::Csv
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests;
