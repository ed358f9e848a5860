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

pub mod anchors;
pub mod article;
pub mod attribute;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod engine_api;
pub mod error;
pub mod explain;
pub mod index;
pub mod lsh;
pub mod minhash;
pub mod normalize;
#[cfg(feature = "python")]
mod python;
pub mod read;
pub mod report;
pub mod scan;
pub mod shingle;
pub mod store;
pub mod verify;

pub use article::{Article, DocId, Location, Timestamp};
pub use error::{Error, RecordError, Result, SkipReason};

use std::io::{IsTerminal, Write};

/// Runs one command line. `main` maps the error to the exit code.
pub fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        cli::Command::Scan(args) => {
            let config = args.to_config()?;
            match config.index {
                Some(_) => index::scan_indexed(&config).map(|_| ()),
                None => scan::scan(&config).map(|_| ()),
            }
        }
        cli::Command::Report(args) => index::report(&args.to_config()?),
        cli::Command::Explain(args) => {
            let config = args.to_config(std::io::stdout().is_terminal())?;
            let text = explain::explain(&config)?;
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                // A closed pipe (`| head`) is a clean end, not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::io("<stdout>", e))
                }
                _ => Ok(()),
            }
        }
    }
}
