//! Error types, one per boundary, each carrying the context a user needs to fix the input:
//! the file, the line or record, and the reason.
//!
//! * [`RecordError`] — one bad record. The run skips it and counts it by [`SkipReason`]; under
//!   `--strict` it becomes fatal.
//! * [`Error`] — what ends a run: I/O on a named path, a refused input, a strict record error,
//!   a broken index, bad usage. `main` maps it to the exit code ([`Error::exit_code`]).

use std::fmt;
use std::path::PathBuf;

use crate::model::Location;

/// Why a record was skipped. The `as_str` names are the keys of `counts.skipped` in
/// `summary.json`; scripts read them, so they are part of the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// A JSON Lines line that does not parse.
    InvalidJson,
    /// A JSON value that is not an object (an array, a string, …) where a record belongs.
    NotAnObject,
    /// Bytes that are not UTF-8 where text belongs.
    InvalidUtf8,
    /// A CSV/TSV row that cannot be read (wrong quoting, …).
    BadRow,
    /// No text field, or the text is empty / only white space.
    MissingText,
    /// No id field and no URL to stand in for it.
    MissingId,
    /// A record longer than the reader's limit.
    RecordTooLarge,
    /// A compressed stream that ends early or is corrupt; the records before it are kept.
    TruncatedInput,
    /// An id already seen in this run (the first one wins).
    DuplicateId,
    /// Too few words to shingle: the article gets no signature.
    TooShort,
}

impl SkipReason {
    pub const ALL: [SkipReason; 10] = [
        SkipReason::InvalidJson,
        SkipReason::NotAnObject,
        SkipReason::InvalidUtf8,
        SkipReason::BadRow,
        SkipReason::MissingText,
        SkipReason::MissingId,
        SkipReason::RecordTooLarge,
        SkipReason::TruncatedInput,
        SkipReason::DuplicateId,
        SkipReason::TooShort,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::InvalidJson => "invalid_json",
            SkipReason::NotAnObject => "not_an_object",
            SkipReason::InvalidUtf8 => "invalid_utf8",
            SkipReason::BadRow => "bad_row",
            SkipReason::MissingText => "missing_text",
            SkipReason::MissingId => "missing_id",
            SkipReason::RecordTooLarge => "record_too_large",
            SkipReason::TruncatedInput => "truncated_input",
            SkipReason::DuplicateId => "duplicate_id",
            SkipReason::TooShort => "too_short",
        }
    }

    /// Human wording for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::InvalidJson => "invalid JSON",
            SkipReason::NotAnObject => "not a JSON object",
            SkipReason::InvalidUtf8 => "invalid UTF-8",
            SkipReason::BadRow => "unreadable row",
            SkipReason::MissingText => "no text",
            SkipReason::MissingId => "no id",
            SkipReason::RecordTooLarge => "record too large",
            SkipReason::TruncatedInput => "truncated or corrupt compressed input",
            SkipReason::DuplicateId => "duplicate id",
            SkipReason::TooShort => "too short to compare",
        }
    }
}

/// One bad record: where, why, and the details (the parser's message, the offending id, …).
/// Displays as `file: line N: reason: detail`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    pub location: Location,
    pub reason: SkipReason,
    pub detail: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason.describe())?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for RecordError {}

/// What ends a run. Every variant names the file (and, where there is one, the record).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad usage: a flag value that cannot work. Exit code 2.
    #[error("{0}")]
    Usage(String),
    /// I/O on a named path.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An input that cannot be read as a whole (a CSV with no text column, an unknown format).
    #[error("{}: {reason}", path.display())]
    Input { path: PathBuf, reason: String },
    /// A bad record under `--strict`.
    #[error("{0}")]
    Record(#[from] RecordError),
    /// The index is unusable (corrupt, other parameters, newer schema, locked).
    #[error("{}: {reason}", path.display())]
    Index { path: PathBuf, reason: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Makes folder `dir` and those above it, for `made_for` ("the report folder out/"). When a
    /// folder on the way is a file, that file is named (`create_dir_all` says only "File exists").
    pub(crate) fn make_folder(dir: &std::path::Path, made_for: &str) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| match dir.ancestors().find(|a| a.is_file()) {
            Some(file) => Error::io(
                file,
                std::io::Error::other(format!("is a file, so {made_for} cannot be made")),
            ),
            None => Error::io(dir, e),
        })
    }

    /// SPEC exit codes: 2 for bad usage, 1 for everything else that fails a run.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
