//! The `wiretrace` binary: parse flags, run the library, map errors to exit codes
//! (0 success, 1 failed run, 2 bad usage). Everything else lives in the library crate.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match wiretrace::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; real usage errors exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match wiretrace::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
