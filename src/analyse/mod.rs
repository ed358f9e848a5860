//! Analysis: verified pairs → what the reports say of them: story clusters (origin, copies,
//! partial reuse).

pub mod cluster;
