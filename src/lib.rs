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
pub mod error;
pub mod lsh;
pub mod minhash;
pub mod normalize;
pub mod read;
pub mod report;
pub mod shingle;
pub mod store;
pub mod verify;

pub use article::{Article, DocId, Location, Timestamp};
pub use error::{Error, RecordError, Result, SkipReason};

