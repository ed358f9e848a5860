//! wiretrace — find near-duplicate news articles and shared wire copy across outlets.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! read → normalize → shingle → minhash → lsh ─────┐
//!                           └──────────→ anchors ─┴→ verify → attribute → cluster → report
//! ```
//!
//! [`scan`] drives the stages for one run (with [`store`] holding texts on disk); [`index`]
//! keeps their results between runs; [`explain`] shows one pair to a person.

use crate::commands::explain;
use crate::commands::shell;
pub mod analyse;
pub mod attribute;
pub mod candidates;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod error;
pub mod index;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod read;
pub mod report;
pub mod sign;
pub mod store;
pub mod verify;

pub use error::{Error, RecordError, Result, SkipReason};
pub use model::{Article, DocId, Location, Timestamp};

use std::io::{IsTerminal, Write};

/// Runs one command line. `main` maps the error to the exit code.
pub fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        cli::Command::Scan(args) => {
            let config = args.to_config()?;
            match config.index {
                Some(_) => index::scan_indexed(&config).map(|_| ()),
                None => crate::commands::scan::scan(&config).map(|_| ()),
            }
        }
        cli::Command::Report(args) => index::report(&args.to_config()?),
        cli::Command::Explain(args) => {
            let config = args.to_config(std::io::stdout().is_terminal())?;
            let text = explain::explain(&config)?;
            let mut out = std::io::stdout().lock();
            stdout_result(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
        }
        cli::Command::Completions { shell } => {
            stdout_result(shell::completions(shell, &mut std::io::stdout().lock()))
        }
        cli::Command::Man => stdout_result(shell::man(&mut std::io::stdout().lock())),
    }
}

/// A write to standard output: a closed pipe (`| head`) is a clean end, not an error.
fn stdout_result(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}
