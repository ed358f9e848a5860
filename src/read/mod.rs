//! Stage 1 — read: input files → [`Article`]s. (Being written; see the API below.)

use std::ops::ControlFlow;
use std::path::PathBuf;

use crate::article::Article;
use crate::error::{RecordError, Result};

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

/// A record field that `--field NAME=COLUMN` can map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Text,
    Title,
    Outlet,
    Date,
    Url,
}

/// User overrides of the field aliases (`--field text=body`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldMap {
    pub overrides: Vec<(Field, String)>,
}

/// One input as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub format: Format,
    pub fields: FieldMap,
}

/// Streams every record of every input, in order, into `sink`.
pub fn read_inputs(
    _inputs: &[Input],
    _opts: &ReadOptions,
    _sink: &mut dyn FnMut(std::result::Result<Article, RecordError>) -> ControlFlow<()>,
) -> Result<()> {
    Ok(())
}
