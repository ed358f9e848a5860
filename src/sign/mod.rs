//! Signing: one article's text → what every later stage needs of it, computed once, in
//! parallel across articles.
//!
//! ```text
//! text ─normalize─▶ tokens ─shingle─▶ shingle sequence ─┬─minhash─▶ signature (→ band keys)
//!                                                       └─winnow──▶ anchors with positions
//!        └─skeleton─▶ content words ─sample trigrams─▶ rewrite anchors
//! ```
//!
//! Each step is a pure function of the text and the matching parameters, so an index can sign
//! a stored text again instead of storing what signing produced.

pub mod minhash;
pub mod normalize;
pub mod shingle;
pub mod signed;
pub mod skeleton;
pub mod winnow;
