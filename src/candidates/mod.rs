//! Candidates: signed articles → the pairs worth verifying.
//!
//! Two paths feed one set of candidate pairs: [`lsh`] (equal MinHash bands: near-duplicates)
//! and [`anchors`] (shared winnowed anchors: shared passages, whatever the whole-document
//! similarity). Both link the members of a group through the one append-stable group rule, so
//! a batch run and a sequence of indexed runs over the same articles find the same pairs.

pub mod anchors;
pub mod boilerplate;
pub mod group_rule;
pub mod lsh;
