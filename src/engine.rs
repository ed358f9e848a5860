//! The matching engine: every parameter of the matching derived once from
//! [`crate::config::MatchParams`] (LSH bands and rows, the winnowing window, the MinHash
//! permutations), and handed to each stage in the form it takes.

use crate::candidates::anchors::AnchorParams;
use crate::candidates::lsh::LshParams;
use crate::config::MatchParams;
use crate::sign::minhash::MinHasher;
use crate::sign::winnow;
use crate::verify::rewrite::RewriteParams;
use crate::verify::VerifyParams;

/// Every parameter of the matching, derived once from [`MatchParams`].
#[derive(Clone, Debug)]
pub struct Engine {
    pub params: MatchParams,
    pub lsh: LshParams,
    pub window: usize,
    pub hasher: MinHasher,
}

impl Engine {
    pub fn new(params: MatchParams) -> Engine {
        Engine {
            params,
            lsh: LshParams::for_threshold(params.threshold, params.num_perm),
            window: winnow::window_for(params.min_passage, params.shingle),
            hasher: MinHasher::new(params.num_perm),
        }
    }

    pub fn verify_params(&self) -> VerifyParams {
        VerifyParams {
            shingle: self.params.shingle,
            window: self.window,
            min_passage: self.params.min_passage,
            min_containment: self.params.min_containment,
            threshold: self.params.threshold,
            max_gap: self.params.tuning.max_gap,
            min_run_shingles: self.params.tuning.min_run_shingles,
            max_chrome_words: self.params.tuning.max_chrome_words as u32,
            edge_words: self.params.tuning.edge_words as u32,
            max_occurrences: self.params.tuning.max_occurrences as u32,
            rewrite_min_passages: self.params.tuning.rewrite_min_passages,
            fill_min_figures: self.params.tuning.fill_min_figures as u32,
            fill_words_per_figure: self.params.tuning.fill_words_per_figure as u32,
            rewrite: RewriteParams {
                min_sentences: self.params.tuning.rewrite_min_sentences,
                sentence: self.params.tuning.rewrite_sentence_pct as f64 / 100.0,
                cover: self.params.tuning.rewrite_cover_pct as f64 / 100.0,
            },
        }
    }

    pub fn anchor_params(&self) -> AnchorParams {
        AnchorParams {
            window: self.window,
            chrome_min_docs: self.params.tuning.chrome_min_docs,
            template_min_docs: self.params.tuning.template_min_docs,
            common_df: self.params.tuning.common_df,
            pair_cap: self.params.tuning.pair_cap,
            min_run: self.params.tuning.min_run_shingles,
            rewrite_min_links: self.params.tuning.rewrite_min_links,
        }
    }
}
