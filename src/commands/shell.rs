//! `wiretrace completions SHELL` and `wiretrace man`: the command line described for shells and
//! for `man`, generated from the same clap definition the binary parses, so they never drift.
//!
//! In: the shell (bash, zsh, fish, powershell, elvish). Out: a completion script, or the man page
//! (roff), on the writer given (standard output). Invariant: the output depends only on the
//! binary's version and flags.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// Writes the completion script for `shell`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "wiretrace", out);
    out.flush()
}

/// Writes the man page `wiretrace(1)`, with a section per subcommand.
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    let cmd = Cli::command();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    page.render_subcommands_section(out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(out, ".SH \"WIRETRACE {}\"", sub.get_name().to_uppercase())?;
        if let Some(about) = sub.get_about() {
            writeln!(out, "{}", roff_escape(&about.to_string()))?;
        }
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            let long = arg.get_long().map(|l| l.replace('-', "\\-"));
            let name = match (arg.get_short(), long) {
                (Some(s), Some(l)) => format!("\\fB\\-{s}\\fR, \\fB\\-\\-{l}\\fR"),
                (None, Some(l)) => format!("\\fB\\-\\-{l}\\fR"),
                (Some(s), None) => format!("\\fB\\-{s}\\fR"),
                (None, None) => format!("<{}>", arg.get_id().as_str().to_uppercase()),
            };
            writeln!(out, ".TP\n{name}")?;
            if let Some(help) = arg.get_help() {
                writeln!(out, "{}", roff_escape(&help.to_string()))?;
            }
        }
    }
    writeln!(
        out,
        ".SH \"EXIT STATUS\"\n0 success; 1 the run failed (I/O error, a bad record under \\-\\-strict, a broken index); 2 bad usage."
    )?;
    page.render_version_section(out)?;
    out.flush()
}

/// Text safe in a roff paragraph: backslashes and hyphens escaped, no line starting with `.`.
fn roff_escape(s: &str) -> String {
    let escaped = s.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let mut out = Vec::new();
            completions(shell, &mut out).unwrap();
            let s = String::from_utf8(out).unwrap();
            for word in ["wiretrace", "scan", "explain", "min-passage", "xlsx"] {
                assert!(s.contains(word), "{shell}: {word}");
            }
        }
    }

    #[test]
    fn the_man_page_is_roff_with_every_subcommand() {
        let mut out = Vec::new();
        man(&mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with(".ie") || s.starts_with(".TH"), "{}", &s[..40]);
        assert!(s.contains(".TH wiretrace 1"));
        for section in [
            "WIRETRACE SCAN",
            "WIRETRACE REPORT",
            "WIRETRACE EXPLAIN",
            "EXIT STATUS",
        ] {
            assert!(s.contains(section), "{section}");
        }
        assert!(s.contains("\\-\\-min\\-containment"));
        assert_eq!(roff_escape(".x-y"), "\\&.x\\-y");
    }
}
