//! The run's plumbing shared by every command that reads articles: ingest (read and sign in
//! parallel) and the run itself (pool, counts, timings, the stages after candidates).

pub mod ingest;
pub mod run;
