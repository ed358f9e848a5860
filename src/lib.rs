//! wiretrace — find near-duplicate news articles and shared wire copy across outlets.
//!
//! The pipeline, one room per stage, data flowing one way:
//!
//! ```text
//! read → sign (normalize → shingle → minhash, winnow) → candidates (lsh, anchors)
//!      → verify → analyse (pairs, origin, clusters, outlets) → report (csv, xlsx, html)
//! ```
//!
//! [`pipeline`] runs the stages for one run (with [`store`] holding texts on disk); [`index`]
//! keeps their results between runs; [`commands`] holds one file per command (`scan`,
//! `report`, `explain`, completions and the man page); [`attribute`] finds agency credits.

pub mod alloc;
pub mod analyse;
pub mod attribute;
pub mod candidates;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod engine_api;
pub mod error;
pub mod index;
pub mod model;
pub mod pipeline;
pub mod progress;
#[cfg(feature = "python")]
mod python;
pub mod read;
pub mod report;
pub mod sign;
pub mod store;
pub(crate) mod varint;
pub mod verify;

pub use commands::run;
pub use error::{Error, RecordError, Result, SkipReason};
pub use model::{Article, DocId, Location, Timestamp};
