//! One article signed: what the per-article stages compute from its text, once, in parallel —
//! the shingle sequence, band keys, anchors with positions, credits, the content hash. This is
//! the serialisable unit a distributed signing step produces (see `engine_api`).

use crate::attribute::credits::{find_credits, Credit};
use crate::attribute::registry::Registry;
use crate::candidates::lsh::{self, BandKey};
use crate::engine::Engine;
use crate::sign::normalize::{self, Token};
use crate::sign::shingle::{self, ShingleHash};
use crate::sign::winnow;
use crate::verify::{self, CharSpan};

/// One article after the per-article stages.
pub struct Hashed {
    pub content_hash: u64,
    pub seq: Vec<ShingleHash>,
    /// Distinct shingles in `seq`.
    pub distinct: u32,
    /// Each token's character span (kept in the article store for alignment).
    pub spans: Vec<CharSpan>,
    pub bands: Vec<BandKey>,
    /// Distinct anchors with their first position, sorted by hash.
    pub anchors: Vec<(ShingleHash, u32)>,
    pub credits: Vec<Credit>,
}

/// The content hash of a text (xxh3-64, seed 0).
pub fn content_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Runs the per-article stages on one article. `tokens` is a reusable buffer.
pub fn hash_article(
    text: &str,
    engine: &Engine,
    registry: &Registry,
    tokens: &mut Vec<Token>,
) -> Hashed {
    normalize::tokenize_into(text, tokens);
    let seq = shingle::shingles(tokens, engine.params.shingle);
    let bands = match engine.hasher.signature(&seq) {
        Some(sig) => lsh::band_keys(&sig, engine.lsh),
        None => Vec::new(),
    };
    let anchors = winnow::anchor_positions(&seq, engine.window);
    let credits = find_credits(text, registry);
    Hashed {
        content_hash: content_hash(text),
        distinct: shingle::shingle_set(&seq).len() as u32,
        spans: verify::char_spans(tokens),
        seq,
        bands,
        anchors,
        credits,
    }
}
