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
}

impl Default for MatchParams {
    fn default() -> Self {
        MatchParams {
            shingle: 5,
            num_perm: 128,
            threshold: 0.5,
            min_containment: 0.2,
            min_passage: 20,
        }
    }
}

impl MatchParams {
    /// Checks every bound; the error names the flag.
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
