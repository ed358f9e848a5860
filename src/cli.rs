//! Command-line flags (clap) and their translation into a validated [`crate::config`].
//! Names are the product contract (SPEC.md): scripts depend on them.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{
    ExplainConfig, ExplainSource, MatchOverrides, MatchParams, ProgressMode, ReportConfig,
    RunOptions, ScanConfig, UpgradeConfig,
};
use crate::error::{Error, Result};
use crate::read::{FieldMap, Format, Input, ReadOptions};

#[derive(Debug, Parser)]
#[command(
    name = "wiretrace",
    version,
    about = "Find near-duplicate news articles and shared wire copy across outlets"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find reuse in the inputs and write reports to --out.
    Scan(ScanArgs),
    /// Rewrite all reports from the index alone; no input is read.
    Report(ReportArgs),
    /// Show the shared passages of two articles side by side.
    Explain(ExplainArgs),
    /// Maintain an index (`index upgrade`).
    Index {
        #[command(subcommand)]
        command: IndexCommand,
    },
    /// Print a shell completion script (e.g. `wiretrace completions bash > ~/.local/share/bash-completion/completions/wiretrace`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output (e.g. `wiretrace man > wiretrace.1`).
    Man,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Auto,
    Jsonl,
    Csv,
    Tsv,
    Text,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProgressArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input format; auto goes by extension, then content.
    #[arg(long, value_enum, default_value = "auto")]
    pub format: FormatArg,
    /// Map a record field (id, text, title, outlet, date, url) to a column or JSON key: NAME=COLUMN. Repeatable.
    #[arg(long = "field", value_name = "NAME=COLUMN")]
    pub fields: Vec<String>,
    /// A bad record fails the run instead of being skipped and counted.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Words per shingle (characters for scripts written without spaces).
    #[arg(long, default_value_t = 5, allow_negative_numbers = true)]
    pub shingle: usize,
    /// MinHash permutations.
    #[arg(long, default_value_t = 128, allow_negative_numbers = true)]
    pub num_perm: usize,
    /// Jaccard similarity at which two whole articles are near-duplicates.
    #[arg(long, default_value_t = 0.5, allow_negative_numbers = true)]
    pub threshold: f64,
    /// Share of the smaller article found in the other that counts as reuse.
    #[arg(long, default_value_t = 0.2, allow_negative_numbers = true)]
    pub min_containment: f64,
    /// Shortest shared passage, in words, that counts as reuse evidence.
    #[arg(long, default_value_t = 20, allow_negative_numbers = true)]
    pub min_passage: usize,
    /// Extra agencies: a CSV with header agency,alias.
    #[arg(long, value_name = "FILE")]
    pub agencies: Option<PathBuf>,
}

/// More worker threads than this is a typing error, not a machine: each is an OS thread
/// started before any work, and a hundred thousand of them stall the run.
pub const MAX_THREADS: usize = 1024;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Nothing but errors on standard error.
    #[arg(short, long)]
    pub quiet: bool,
    /// Progress bars: auto draws them only on a terminal.
    #[arg(long, value_enum, default_value = "auto")]
    pub progress: ProgressArg,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files, folders (walked recursively) or - for JSON Lines on standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Where reports go; created if missing.
    #[arg(short, long, default_value = "wiretrace-report")]
    pub out: PathBuf,
    /// Persistent index for incremental runs.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,
    /// How long to wait for another run holding the index, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub lock_timeout: u64,
    /// Prefix each CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub bom: bool,
    /// Also write report.xlsx: one sheet per report, cells typed, ids exactly as read.
    #[arg(long)]
    pub xlsx: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub run: RunArgs,
}

/// What `wiretrace index` does.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Sign an index built by another version of wiretrace (another tokenizer, skeleton, hash
    /// family or agency list) again from its stored texts, with its matching parameters; the
    /// upgraded index replaces it in one rename.
    Upgrade(UpgradeArgs),
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// The index to upgrade.
    #[arg(long, value_name = "FILE", required = true)]
    pub index: PathBuf,
    /// The extra agencies file the index was built with, if any (CSV, header agency,alias).
    #[arg(long, value_name = "FILE")]
    pub agencies: Option<PathBuf>,
    /// How long to wait for another run holding the index, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub lock_timeout: u64,
    #[command(flatten)]
    pub run: RunArgs,
}

impl UpgradeArgs {
    pub fn to_config(&self) -> Result<UpgradeConfig> {
        Ok(UpgradeConfig {
            index: self.index.clone(),
            agencies: self.agencies.clone(),
            lock_timeout: Duration::from_secs(self.lock_timeout),
            run: self.run.to_options(true)?,
        })
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The index to report from.
    #[arg(long, value_name = "FILE", required = true)]
    pub index: PathBuf,
    /// Where reports go; created if missing.
    #[arg(short, long, default_value = "wiretrace-report")]
    pub out: PathBuf,
    /// How long to wait for another run holding the index, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub lock_timeout: u64,
    /// Prefix each CSV with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub bom: bool,
    /// Also write report.xlsx: one sheet per report, cells typed, ids exactly as read.
    #[arg(long)]
    pub xlsx: bool,
    /// Extra agencies: a CSV with header agency,alias.
    #[arg(long, value_name = "FILE")]
    pub agencies: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    pub id_a: String,
    pub id_b: String,
    /// Inputs to read the two articles from (instead of --index).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// The index to read the two articles from.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,
    /// Colour: auto uses it only on a terminal.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ProgressArg,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub matching: ExplainMatchArgs,
}

/// `explain`'s matching flags: without `--index` they default as `scan`'s do; with `--index`
/// the index's parameters apply and a flag that disagrees is refused.
#[derive(Debug, Args)]
pub struct ExplainMatchArgs {
    /// Words per shingle [default: 5, or the index's].
    #[arg(long)]
    pub shingle: Option<usize>,
    /// MinHash permutations [default: 128, or the index's].
    #[arg(long)]
    pub num_perm: Option<usize>,
    /// Jaccard similarity at which two whole articles are near-duplicates [default: 0.5, or the index's].
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Share of the smaller article found in the other that counts as reuse [default: 0.2, or the index's].
    #[arg(long)]
    pub min_containment: Option<f64>,
    /// Shortest shared passage, in words, that counts as reuse evidence [default: 20, or the index's].
    #[arg(long)]
    pub min_passage: Option<usize>,
    /// Extra agencies: a CSV with header agency,alias.
    #[arg(long, value_name = "FILE")]
    pub agencies: Option<PathBuf>,
}

impl ExplainMatchArgs {
    fn to_overrides(&self) -> Result<MatchOverrides> {
        let o = MatchOverrides {
            shingle: self.shingle,
            num_perm: self.num_perm,
            threshold: self.threshold,
            min_containment: self.min_containment,
            min_passage: self.min_passage,
        };
        // Each flag given must be valid on its own terms (against the defaults for the rest).
        o.apply(MatchParams::default())?;
        Ok(o)
    }
}

fn inputs(raw: &[String]) -> Vec<Input> {
    raw.iter()
        .map(|s| {
            if s == "-" {
                Input::Stdin
            } else {
                Input::Path(PathBuf::from(s))
            }
        })
        .collect()
}

impl InputArgs {
    fn to_options(&self) -> Result<ReadOptions> {
        let format = match self.format {
            FormatArg::Auto => Format::Auto,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Text => Format::Text,
        };
        Ok(ReadOptions {
            format,
            fields: FieldMap::parse_args(&self.fields)?,
            ..ReadOptions::default()
        })
    }
}

impl MatchArgs {
    fn to_params(&self) -> Result<MatchParams> {
        MatchParams {
            shingle: self.shingle,
            num_perm: self.num_perm,
            threshold: self.threshold,
            min_containment: self.min_containment,
            min_passage: self.min_passage,
            tuning: crate::config::Tuning::from_env()?,
        }
        .validate()
    }
}

impl RunArgs {
    fn to_options(&self, strict: bool) -> Result<RunOptions> {
        if let Some(n) = self.threads.filter(|n| !(1..=MAX_THREADS).contains(n)) {
            return Err(Error::Usage(format!(
                "--threads {n}: must be between 1 and {MAX_THREADS}"
            )));
        }
        let progress = match (self.quiet, self.progress) {
            (true, _) | (_, ProgressArg::Never) => ProgressMode::Never,
            (_, ProgressArg::Always) => ProgressMode::Always,
            (_, ProgressArg::Auto) => ProgressMode::Auto,
        };
        Ok(RunOptions {
            threads: self.threads,
            progress,
            quiet: self.quiet,
            strict,
        })
    }
}

impl ScanArgs {
    pub fn to_config(&self) -> Result<ScanConfig> {
        Ok(ScanConfig {
            inputs: inputs(&self.inputs),
            read: self.input.to_options()?,
            params: self.matching.to_params()?,
            agencies: self.matching.agencies.clone(),
            out: self.out.clone(),
            bom: self.bom,
            xlsx: self.xlsx,
            index: self.index.clone(),
            lock_timeout: Duration::from_secs(self.lock_timeout),
            run: self.run.to_options(self.input.strict)?,
        })
    }
}

impl ReportArgs {
    pub fn to_config(&self) -> Result<ReportConfig> {
        Ok(ReportConfig {
            index: self.index.clone(),
            out: self.out.clone(),
            bom: self.bom,
            xlsx: self.xlsx,
            agencies: self.agencies.clone(),
            lock_timeout: Duration::from_secs(self.lock_timeout),
            run: self.run.to_options(false)?,
        })
    }
}

impl ExplainArgs {
    /// `stdout_is_terminal` decides `--color auto`.
    pub fn to_config(&self, stdout_is_terminal: bool) -> Result<ExplainConfig> {
        let source = match (&self.index, self.inputs.is_empty()) {
            (Some(ix), true) => ExplainSource::Index(ix.clone()),
            (None, false) => ExplainSource::Inputs {
                inputs: inputs(&self.inputs),
                read: self.input.to_options()?,
            },
            (Some(_), false) => {
                return Err(Error::Usage(
                    "explain: give --index or inputs, not both".into(),
                ))
            }
            (None, true) => {
                return Err(Error::Usage(
                    "explain: give --index FILE or the inputs to read".into(),
                ))
            }
        };
        let color = match self.color {
            ProgressArg::Always => true,
            ProgressArg::Never => false,
            ProgressArg::Auto => stdout_is_terminal,
        };
        Ok(ExplainConfig {
            id_a: self.id_a.clone(),
            id_b: self.id_b.clone(),
            source,
            params: self.matching.to_overrides()?,
            agencies: self.matching.agencies.clone(),
            color,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> std::result::Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("wiretrace").chain(args.iter().copied()))
    }

    #[test]
    fn scan_defaults_follow_the_spec() {
        let Command::Scan(s) = parse(&["scan", "dump.jsonl"]).unwrap().command else {
            panic!()
        };
        let c = s.to_config().unwrap();
        assert_eq!(c.out, PathBuf::from("wiretrace-report"));
        assert_eq!(c.params, MatchParams::default());
        assert_eq!(c.inputs, vec![Input::Path("dump.jsonl".into())]);
        assert_eq!(c.run.progress, ProgressMode::Auto);
        assert!(!c.run.strict && !c.bom && c.index.is_none());
    }

    #[test]
    fn scan_flags_parse() {
        let Command::Scan(s) = parse(&[
            "scan",
            "-",
            "dir",
            "-o",
            "out",
            "--index",
            "ix.db",
            "--format",
            "csv",
            "--field",
            "text=body",
            "--shingle",
            "4",
            "--num-perm",
            "64",
            "--threshold",
            "0.7",
            "--min-containment",
            "0.3",
            "--min-passage",
            "25",
            "-j",
            "2",
            "--strict",
            "--quiet",
            "--bom",
        ])
        .unwrap()
        .command
        else {
            panic!()
        };
        let c = s.to_config().unwrap();
        assert_eq!(c.inputs, vec![Input::Stdin, Input::Path("dir".into())]);
        assert_eq!(c.read.format, Format::Csv);
        assert_eq!(c.params.shingle, 4);
        assert_eq!(c.params.num_perm, 64);
        assert_eq!(c.run.threads, Some(2));
        assert_eq!(c.run.progress, ProgressMode::Never);
        assert!(c.run.strict && c.run.quiet && c.bom);
        assert_eq!(c.index, Some(PathBuf::from("ix.db")));
    }

    #[test]
    fn bad_values_are_usage_errors() {
        assert!(parse(&["scan"]).is_err());
        assert!(parse(&["scan", "x", "--format", "xml"]).is_err());
        let Command::Scan(s) = parse(&["scan", "x", "--threshold", "1.5"]).unwrap().command else {
            panic!()
        };
        assert_eq!(s.to_config().unwrap_err().exit_code(), 2);
        let Command::Scan(s) = parse(&["scan", "x", "--field", "nonsense"])
            .unwrap()
            .command
        else {
            panic!()
        };
        assert_eq!(s.to_config().unwrap_err().exit_code(), 2);
        let Command::Scan(s) = parse(&["scan", "x", "-j", "0"]).unwrap().command else {
            panic!()
        };
        assert_eq!(s.to_config().unwrap_err().exit_code(), 2);
    }

    #[test]
    fn explain_needs_exactly_one_source() {
        let Command::Explain(e) = parse(&["explain", "a", "b", "--index", "ix"])
            .unwrap()
            .command
        else {
            panic!()
        };
        assert!(matches!(
            e.to_config(false).unwrap().source,
            ExplainSource::Index(_)
        ));
        let Command::Explain(e) = parse(&["explain", "a", "b", "dir"]).unwrap().command else {
            panic!()
        };
        assert!(matches!(
            e.to_config(false).unwrap().source,
            ExplainSource::Inputs { .. }
        ));
        let Command::Explain(e) = parse(&["explain", "a", "b"]).unwrap().command else {
            panic!()
        };
        assert!(e.to_config(false).is_err());
    }
}
