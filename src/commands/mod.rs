//! The commands, one file each: thin, they build the stages from a validated configuration and
//! hand each the data of the one before. [`run`] dispatches a parsed command line.

pub mod explain;
pub mod report;
pub mod scan;
pub mod shell;
pub mod upgrade;

use std::io::{IsTerminal, Write};

use crate::cli;
use crate::error::{Error, Result};
use crate::pipeline::run::Counts;

/// A finished scan or report: its counts, and everything it built, which the caller frees when
/// it chooses. The command line never does: the process ends right after, and freeing a large
/// run's tens of millions of small allocations one by one (catalog, pairs, passages, report
/// rows) takes longer than the kernel's unmapping of them at exit (see [`run`]).
pub struct Finished {
    pub counts: Counts,
    _built: Box<dyn std::any::Any + Send>,
}

/// Runs one command line. `main` maps the error to the exit code.
pub fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        cli::Command::Scan(args) => {
            let config = args.to_config()?;
            let finished = match config.index {
                Some(_) => scan::scan_indexed(&config)?,
                None => scan::scan(&config)?,
            };
            // Left to the process's end, which follows (see `Finished`). The run's temporary
            // files have no name: the kernel removes them however the process ends.
            std::mem::forget(finished);
            Ok(())
        }
        cli::Command::Report(args) => {
            std::mem::forget(report::report(&args.to_config()?)?);
            Ok(())
        }
        cli::Command::Explain(args) => {
            let config = args.to_config(std::io::stdout().is_terminal())?;
            let text = explain::explain(&config)?;
            let mut out = std::io::stdout().lock();
            stdout_result(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
        }
        cli::Command::Index {
            command: cli::IndexCommand::Upgrade(args),
        } => upgrade::upgrade(&args.to_config()?),
        cli::Command::Completions { shell } => {
            stdout_result(shell::completions(shell, &mut std::io::stdout().lock()))
        }
        cli::Command::Man => stdout_result(shell::man(&mut std::io::stdout().lock())),
    }
}

/// A write to standard output: a closed pipe (`| head`) is a clean end, not an error.
fn stdout_result(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}
