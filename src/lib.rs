//! wiretrace — find near-duplicate news articles and shared wire copy across outlets.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! read → normalize → shingle → minhash → lsh ┐
//!                           └──→ anchors ───┴→ verify → attribute → cluster → report
//! ```
//!
//! `scan` drives the stages for one run; `index` keeps their results on disk between runs.

pub mod article;
pub mod attribute;
pub mod error;
pub mod normalize;
pub mod read;

pub use article::{Article, DocId, Location, Timestamp};
pub use error::{Error, RecordError, SkipReason};
pub mod anchors;
pub mod lsh;
pub mod minhash;
pub mod shingle;
pub mod store;
pub mod verify;
pub mod cluster;
pub mod report;
