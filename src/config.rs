//! Validated run configuration: what the command line asked for, checked once, in the types the
//! stages take. `cli` turns raw flags into these; no stage sees raw flags.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::read::{Input, ReadOptions};

/// When to draw progress bars (on standard error).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProgressMode {
    /// Only when standard error is a terminal.
    #[default]
    Auto,
    Always,
    Never,
}

/// Every tuning constant of the matching, in one place. They are not flags: their defaults are
/// chosen and documented (README, "How it works"), and the index records them with the flags
/// ([`MatchParams::entries`]) and refuses to mix runs made with other values.
///
/// A hidden test hook, `WIRETRACE_TUNING="pair_cap=4,common_df=12"`, overrides them, so tests can
/// cross every threshold on corpora small enough to run in CI; it is read once, when the
/// command line is turned into a configuration ([`Tuning::from_env`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tuning {
    /// Largest candidate group (band key or anchor) whose pairs are all linked; beyond it, a
    /// star and a chain ([`crate::candidates::group_rule::group_pair_indices`]).
    pub pair_cap: usize,
    /// Articles holding an anchor above which it is a stock phrase. A count rather than a share
    /// of the corpus so that boilerplate only grows as articles are added.
    pub common_df: usize,
    /// Articles of one outlet holding an anchor that make it that outlet's site chrome.
    pub chrome_min_docs: usize,
    /// Articles of one outlet holding an anchor that make it that outlet's template: chrome
    /// seen so widely that a block of it at an edge is cut off whatever its length
    /// ([`crate::verify::edge_chrome_cut`]); a story one outlet printed a few times is not.
    pub template_min_docs: usize,
    /// Shingles of the shared run around a lone shared anchor that make the pair a candidate,
    /// and of the shortest passage verification keeps (`shingle + min_run_shingles − 1` words).
    pub min_run_shingles: usize,
    /// Largest gap, in words on both sides, that still joins two aligned runs into one passage:
    /// a changed word or a re-spelled name does not cut a passage in two.
    pub max_gap: usize,
    /// Longest shared run, in words, that can be boilerplate: site chrome is a header or footer
    /// of a few dozen words; a longer run is a story two outlets both published several times.
    pub max_chrome_words: usize,
    /// A shingle occurring more often than this in an article starts no aligned run
    /// (repetitive text would make alignment quadratic).
    pub max_occurrences: usize,
    /// Passages a rewrite must keep, `2 × min_passage` words between them, to count as reuse
    /// when no single passage is long enough.
    pub rewrite_min_passages: usize,
    /// One skeleton trigram in this many (chosen by hash) is a rewrite anchor
    /// ([`crate::sign::skeleton::rewrite_anchors`]).
    pub rewrite_sample: usize,
    /// Rewrite anchors two articles must share to be a candidate (one or two are chance: two
    /// stories on one event share a name and a number).
    pub rewrite_min_links: usize,
    /// Aligned sentences a rewrite needs (`verify::rewrite`).
    pub rewrite_min_sentences: usize,
    /// Content-word overlap (Dice, in percent) at which two sentences align.
    pub rewrite_sentence_pct: usize,
    /// Share (percent) of the smaller article's content words that aligned sentences must hold.
    pub rewrite_cover_pct: usize,
    /// Words from an article's end within which shared text is at its foot, for the foot prints
    /// of a pair ([`crate::verify::foot_prints`]).
    pub edge_words: usize,
    /// Stories that must hold a print at their foot for it to be a shared block's, no evidence
    /// between them ([`crate::analyse::blocks`]).
    pub edge_stories: usize,
    /// Figures that differ inside two articles' shared passages, at the least, for the articles
    /// to be two fills of one template rather than copy (`verify::is_template_fill`):
    /// a reprint updates a figure or two.
    pub fill_min_figures: usize,
    /// Words of shared passage per differing figure, at the most, for two fills of one
    /// template: a bot's slots come every few words, a reprint's updated figures far apart.
    pub fill_words_per_figure: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            pair_cap: 128,
            common_df: 1000,
            chrome_min_docs: 4,
            template_min_docs: 16,
            min_run_shingles: 3,
            max_gap: 4,
            max_chrome_words: 150,
            max_occurrences: 8,
            rewrite_min_passages: 3,
            rewrite_sample: 3,
            rewrite_min_links: 2,
            rewrite_min_sentences: 3,
            rewrite_sentence_pct: 45,
            rewrite_cover_pct: 35,
            edge_words: 80,
            edge_stories: 4,
            fill_min_figures: 3,
            fill_words_per_figure: 25,
        }
    }
}

/// The longest `--min-passage` accepted, in words: a passage longer than a long book is a
/// typing error, and the derived anchor window must stay far inside 32 bits.
pub const MAX_MIN_PASSAGE: usize = 100_000;

/// The environment variable of the hidden tuning override (tests only).
pub const TUNING_ENV: &str = "WIRETRACE_TUNING";

impl Tuning {
    /// Name and value of every constant, in a fixed order: the one list the index's binding
    /// ([`Tuning::entries`]) and `summary.json` are made from.
    pub fn values(&self) -> [(&'static str, usize); 18] {
        [
            ("pair_cap", self.pair_cap),
            ("common_df", self.common_df),
            ("chrome_min_docs", self.chrome_min_docs),
            ("template_min_docs", self.template_min_docs),
            ("min_run_shingles", self.min_run_shingles),
            ("max_gap", self.max_gap),
            ("max_chrome_words", self.max_chrome_words),
            ("max_occurrences", self.max_occurrences),
            ("rewrite_min_passages", self.rewrite_min_passages),
            ("rewrite_sample", self.rewrite_sample),
            ("rewrite_min_links", self.rewrite_min_links),
            ("rewrite_min_sentences", self.rewrite_min_sentences),
            ("rewrite_sentence_pct", self.rewrite_sentence_pct),
            ("rewrite_cover_pct", self.rewrite_cover_pct),
            ("edge_words", self.edge_words),
            ("edge_stories", self.edge_stories),
            ("fill_min_figures", self.fill_min_figures),
            ("fill_words_per_figure", self.fill_words_per_figure),
        ]
    }

    /// Name and value of every constant, as text, in a fixed order (the index's binding).
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        self.values()
            .iter()
            .map(|&(name, v)| (name, v.to_string()))
            .collect()
    }

    /// The defaults with `spec` (`name=value,…`) applied.
    pub fn with_overrides(spec: &str) -> Result<Tuning> {
        let mut t = Tuning::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let bad = || Error::Usage(format!("{TUNING_ENV}: {item:?}: expected NAME=NUMBER"));
            let (name, value) = item.split_once('=').ok_or_else(bad)?;
            let v: usize = value.trim().parse().map_err(|_| bad())?;
            if v == 0 {
                return Err(bad());
            }
            match name.trim() {
                "pair_cap" => t.pair_cap = v,
                "common_df" => t.common_df = v,
                "chrome_min_docs" => t.chrome_min_docs = v,
                "template_min_docs" => t.template_min_docs = v,
                "min_run_shingles" => t.min_run_shingles = v,
                "max_gap" => t.max_gap = v,
                "max_chrome_words" => t.max_chrome_words = v,
                "max_occurrences" => t.max_occurrences = v,
                "rewrite_min_passages" => t.rewrite_min_passages = v,
                "rewrite_sample" => t.rewrite_sample = v,
                "rewrite_min_links" => t.rewrite_min_links = v,
                "rewrite_min_sentences" => t.rewrite_min_sentences = v,
                "rewrite_sentence_pct" => t.rewrite_sentence_pct = v,
                "rewrite_cover_pct" => t.rewrite_cover_pct = v,
                "edge_words" => t.edge_words = v,
                "edge_stories" => t.edge_stories = v,
                "fill_min_figures" => t.fill_min_figures = v,
                "fill_words_per_figure" => t.fill_words_per_figure = v,
                other => {
                    return Err(Error::Usage(format!(
                        "{TUNING_ENV}: unknown constant {other:?}"
                    )))
                }
            }
        }
        Ok(t)
    }

    /// The defaults, or the override of [`TUNING_ENV`] when it is set.
    pub fn from_env() -> Result<Tuning> {
        match std::env::var(TUNING_ENV) {
            Ok(spec) => Tuning::with_overrides(&spec),
            Err(_) => Ok(Tuning::default()),
        }
    }
}

/// The matching parameters. They decide which pairs a run reports; the index records them and
/// refuses to mix runs made with different ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MatchParams {
    /// Words (characters, for scripts without spaces) per shingle.
    pub shingle: usize,
    pub num_perm: usize,
    /// Jaccard similarity at which two whole articles are near-duplicates.
    pub threshold: f64,
    /// Share of the smaller article found in the other that counts as reuse.
    pub min_containment: f64,
    /// Shortest shared passage, in words, that counts as reuse evidence.
    pub min_passage: usize,
    /// The constants behind the flags.
    pub tuning: Tuning,
}

impl Default for MatchParams {
    fn default() -> Self {
        MatchParams {
            shingle: 5,
            num_perm: 128,
            threshold: 0.5,
            min_containment: 0.2,
            min_passage: 20,
            tuning: Tuning::default(),
        }
    }
}

impl MatchParams {
    /// Name and value of every parameter and tuning constant, in a fixed order: what an index
    /// is bound to (with what derives from them and the hash family, see `index`).
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("shingle", self.shingle.to_string()),
            ("num_perm", self.num_perm.to_string()),
            ("threshold", self.threshold.to_string()),
            ("min_containment", self.min_containment.to_string()),
            ("min_passage", self.min_passage.to_string()),
        ];
        v.extend(self.tuning.entries());
        v
    }

    /// Checks every bound; the error names the flag. Word counts and offsets are 32-bit inside
    /// (an article is capped at 64 MiB), so `min_passage` is bounded far below that.
    pub fn validate(self) -> Result<Self> {
        let bad = |m: String| Err(Error::Usage(m));
        if !(1..=64).contains(&self.shingle) {
            return bad(format!(
                "--shingle {}: must be between 1 and 64",
                self.shingle
            ));
        }
        if !(8..=1024).contains(&self.num_perm) {
            return bad(format!(
                "--num-perm {}: must be between 8 and 1024",
                self.num_perm
            ));
        }
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return bad(format!("--threshold {}: must be in (0, 1]", self.threshold));
        }
        if !(0.0..=1.0).contains(&self.min_containment) {
            return bad(format!(
                "--min-containment {}: must be in [0, 1]",
                self.min_containment
            ));
        }
        if self.min_passage < self.shingle {
            return bad(format!(
                "--min-passage {}: must be at least --shingle ({})",
                self.min_passage, self.shingle
            ));
        }
        if self.min_passage > MAX_MIN_PASSAGE {
            return bad(format!(
                "--min-passage {}: must be at most {MAX_MIN_PASSAGE}",
                self.min_passage
            ));
        }
        Ok(self)
    }
}

/// Matching flags given explicitly (`explain`): with `--index` the index's parameters rule, and
/// a flag that disagrees with them is refused rather than silently ignored.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MatchOverrides {
    pub shingle: Option<usize>,
    pub num_perm: Option<usize>,
    pub threshold: Option<f64>,
    pub min_containment: Option<f64>,
    pub min_passage: Option<usize>,
}

impl MatchOverrides {
    /// `base` with the given flags put in, validated.
    pub fn apply(&self, base: MatchParams) -> Result<MatchParams> {
        MatchParams {
            shingle: self.shingle.unwrap_or(base.shingle),
            num_perm: self.num_perm.unwrap_or(base.num_perm),
            threshold: self.threshold.unwrap_or(base.threshold),
            min_containment: self.min_containment.unwrap_or(base.min_containment),
            min_passage: self.min_passage.unwrap_or(base.min_passage),
            tuning: base.tuning,
        }
        .validate()
    }

    /// The given flags that disagree with `fixed` (the index's), as `--flag X (index: Y)`.
    pub fn conflicts(&self, fixed: &MatchParams) -> Vec<String> {
        let mut out = Vec::new();
        let mut check = |flag: &str, given: Option<String>, has: String| {
            if let Some(g) = given {
                if g != has {
                    out.push(format!("--{flag} {g} (index: {has})"));
                }
            }
        };
        check(
            "shingle",
            self.shingle.map(|v| v.to_string()),
            fixed.shingle.to_string(),
        );
        check(
            "num-perm",
            self.num_perm.map(|v| v.to_string()),
            fixed.num_perm.to_string(),
        );
        check(
            "threshold",
            self.threshold.map(|v| v.to_string()),
            fixed.threshold.to_string(),
        );
        check(
            "min-containment",
            self.min_containment.map(|v| v.to_string()),
            fixed.min_containment.to_string(),
        );
        check(
            "min-passage",
            self.min_passage.map(|v| v.to_string()),
            fixed.min_passage.to_string(),
        );
        out
    }
}

/// Everything about the run itself rather than the matching.
#[derive(Clone, Debug)]
pub struct RunOptions {
    pub threads: Option<usize>,
    pub progress: ProgressMode,
    /// `--quiet`: nothing but errors on standard error.
    pub quiet: bool,
    pub strict: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: None,
            progress: ProgressMode::Auto,
            quiet: false,
            strict: false,
        }
    }
}

/// `wiretrace scan`.
#[derive(Clone, Debug)]
pub struct ScanConfig {
    pub inputs: Vec<Input>,
    pub read: ReadOptions,
    pub params: MatchParams,
    pub agencies: Option<PathBuf>,
    pub out: PathBuf,
    pub bom: bool,
    /// Also write `report.xlsx`.
    pub xlsx: bool,
    pub index: Option<PathBuf>,
    pub lock_timeout: Duration,
    pub run: RunOptions,
}

/// `wiretrace report`.
#[derive(Clone, Debug)]
pub struct ReportConfig {
    pub index: PathBuf,
    pub out: PathBuf,
    pub bom: bool,
    /// Also write `report.xlsx`.
    pub xlsx: bool,
    pub agencies: Option<PathBuf>,
    pub lock_timeout: Duration,
    pub run: RunOptions,
}

/// `wiretrace index upgrade`.
#[derive(Clone, Debug)]
pub struct UpgradeConfig {
    pub index: PathBuf,
    /// The extra agencies file the index was built with.
    pub agencies: Option<PathBuf>,
    pub lock_timeout: Duration,
    pub run: RunOptions,
}

/// Where `explain` finds its two articles.
#[derive(Clone, Debug)]
pub enum ExplainSource {
    Index(PathBuf),
    Inputs {
        inputs: Vec<Input>,
        read: ReadOptions,
    },
}

/// `wiretrace explain`.
#[derive(Clone, Debug)]
pub struct ExplainConfig {
    pub id_a: String,
    pub id_b: String,
    pub source: ExplainSource,
    /// The matching flags given on the command line; the rest come from the index (with
    /// `--index`) or the defaults.
    pub params: MatchOverrides,
    pub agencies: Option<PathBuf>,
    /// Colour the output (only when standard output is a terminal).
    pub color: bool,
}

#[cfg(test)]
mod tests {
    #[test]
    fn tuning_overrides_parse_and_refuse_nonsense() {
        let t = super::Tuning::with_overrides("pair_cap=4, common_df=12, max_gap=2").unwrap();
        assert_eq!((t.pair_cap, t.common_df, t.max_gap), (4, 12, 2));
        // Every constant can be overridden and is in the binding, by the name it is bound by.
        let d = super::Tuning::default();
        let spec: Vec<String> = d
            .entries()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(super::Tuning::with_overrides(&spec.join(",")).unwrap(), d);
        assert_eq!(t.chrome_min_docs, super::Tuning::default().chrome_min_docs);
        for bad in ["pair_cap", "pair_cap=x", "pair_cap=0", "nope=3"] {
            assert!(super::Tuning::with_overrides(bad).is_err(), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn overrides_fill_in_and_name_their_conflicts() {
        let o = MatchOverrides {
            shingle: Some(4),
            threshold: Some(0.5),
            ..MatchOverrides::default()
        };
        let p = o.apply(MatchParams::default()).unwrap();
        assert_eq!(p.shingle, 4);
        assert_eq!(p.num_perm, 128);
        assert_eq!(
            o.conflicts(&MatchParams::default()),
            vec!["--shingle 4 (index: 5)".to_string()]
        );
        assert!(MatchOverrides::default()
            .conflicts(&MatchParams::default())
            .is_empty());
    }

    #[test]
    fn defaults_are_valid_and_bounds_are_checked() {
        assert!(MatchParams::default().validate().is_ok());
        let p = MatchParams {
            threshold: 0.0,
            ..Default::default()
        };
        assert!(matches!(p.validate(), Err(Error::Usage(m)) if m.contains("--threshold")));
        let p = MatchParams {
            min_passage: 3,
            ..Default::default()
        };
        assert!(matches!(p.validate(), Err(Error::Usage(m)) if m.contains("--min-passage")));
        let p = MatchParams {
            num_perm: 4,
            ..Default::default()
        };
        assert!(p.validate().is_err());
    }
}
