//! One article signed: what the per-article stages compute from its text, once, in parallel —
//! the shingle sequence, band keys, anchors with positions, credits, the content hash. This is
//! the serialisable unit a distributed signing step produces (see `engine_api`).

use crate::attribute::credits::{find_credits, Credit};
use crate::attribute::registry::Registry;
use crate::candidates::lsh::{self, BandKey};
use crate::engine::Engine;
use crate::sign::normalize::Token;
use crate::sign::shingle::{self, ShingleHash};
use crate::sign::skeleton;
use crate::sign::winnow;
use crate::verify::rewrite::Sentences;
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
    /// Distinct anchors with their first position, sorted by hash: the verbatim anchors
    /// (winnowed shingles) and the rewrite anchors (sampled skeleton trigrams, at
    /// [`skeleton::REWRITE_POS`]).
    pub anchors: Vec<(ShingleHash, u32)>,
    pub credits: Vec<Credit>,
    /// Sentences and quotations, as the rewrite check and the quotation rule read them.
    pub sentences: Sentences,
}

/// The content hash of a text (xxh3-64, seed 0).
pub fn content_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// An article's anchors from its shingle sequence and content keys: the verbatim anchors
/// (winnowed shingles, with their first position) and the rewrite anchors (sampled skeleton
/// trigrams, at [`skeleton::REWRITE_POS`]), sorted by hash, one per hash.
pub fn anchors_of(seq: &[ShingleHash], keys: &[u64], engine: &Engine) -> Vec<(ShingleHash, u32)> {
    let verbatim = winnow::anchor_positions(seq, engine.window);
    let sample = engine.params.tuning.rewrite_sample as u64;
    let rewrite = skeleton::rewrite_anchors(keys, sample);
    // Both lists are sorted and unique: merge them. On a (vanishingly unlikely) equal hash the
    // verbatim anchor stays: its position is the smaller.
    let mut anchors = Vec::with_capacity(verbatim.len() + rewrite.len());
    let mut r = rewrite.into_iter().peekable();
    for v in verbatim {
        while let Some(h) = r.next_if(|&h| h < v.0) {
            anchors.push((h, skeleton::REWRITE_POS));
        }
        r.next_if_eq(&v.0);
        anchors.push(v);
    }
    anchors.extend(r.map(|h| (h, skeleton::REWRITE_POS)));
    anchors
}

/// The shingle sequence and content keys of a text, as [`hash_article`] computes them.
pub fn shingles_and_keys(text: &str, engine: &Engine) -> (Vec<ShingleHash>, Vec<u64>) {
    let (mut tokens, mut keys) = (Vec::new(), Vec::new());
    skeleton::tokenize_with_keys(text, &mut tokens, &mut keys);
    (shingle::shingles(&tokens, engine.params.shingle), keys)
}

/// What every article is signed from, and verification reads: its tokens (into `tokens`), its
/// shingle sequence, its content keys and its sentences. [`hash_article`] goes on from here;
/// an engine that verifies texts it did not sign (`engine_api::PreparedText`) stops here.
pub fn shingles_keys_sentences(
    text: &str,
    engine: &Engine,
    tokens: &mut Vec<Token>,
) -> (Vec<ShingleHash>, Vec<u64>, Sentences) {
    let mut keys = Vec::new();
    let marks = skeleton::tokenize_with_keys(text, tokens, &mut keys);
    let seq = shingle::shingles(tokens, engine.params.shingle);
    let sentences = Sentences::from_tokens(text, tokens, &keys, &marks);
    (seq, keys, sentences)
}

/// Runs the per-article stages on one article. `tokens` is a reusable buffer.
pub fn hash_article(
    text: &str,
    engine: &Engine,
    registry: &Registry,
    tokens: &mut Vec<Token>,
) -> Hashed {
    let (seq, keys, sentences) = shingles_keys_sentences(text, engine, tokens);
    let bands = match engine.hasher.signature(&seq) {
        Some(sig) => lsh::band_keys(&sig, engine.lsh),
        None => Vec::new(),
    };
    let anchors = anchors_of(&seq, &keys, engine);
    let credits = find_credits(text, registry);
    Hashed {
        content_hash: content_hash(text),
        distinct: shingle::distinct_count(&seq) as u32,
        spans: verify::char_spans(tokens),
        seq,
        bands,
        anchors,
        credits,
        sentences,
    }
}
