//! What a run tells the person watching it: where progress bars are drawn, and the wording of
//! numbers in the human summary.
//!
//! In: the `--progress` mode and whether standard error is a terminal. Out: an indicatif draw
//! target; text for counts (`1,234 articles`, `1 article`) and durations (`2.4 s`, `3 min 05 s`).
//! Invariants: `--progress always` draws off a terminal too — there, as plain lines (one a
//! second, no cursor movement), which a log file or `less` shows as they are; on a terminal the
//! bar is redrawn in place as usual.

use std::io::{self, IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use crate::config::ProgressMode;
use crate::config::RunOptions;

/// Where to draw: `None` draws nothing; a terminal gets the usual bar; `always` off a terminal
/// gets [`LogLines`].
pub fn draw_target(always: bool, stderr_is_terminal: bool) -> Option<ProgressDrawTarget> {
    match (always, stderr_is_terminal) {
        (_, true) => Some(ProgressDrawTarget::stderr()),
        (true, false) => Some(ProgressDrawTarget::term_like_with_hz(
            Box::new(LogLines::default()),
            1,
        )),
        (false, false) => None,
    }
}

/// A "terminal" that writes each redraw of the bar as one plain line on standard error.
#[derive(Debug, Default)]
pub struct LogLines {
    line: Mutex<String>,
}

impl LogLines {
    fn with_line(&self, f: impl FnOnce(&mut String)) {
        match self.line.lock() {
            Ok(mut l) => f(&mut l),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }
}

impl TermLike for LogLines {
    fn width(&self) -> u16 {
        100
    }
    fn move_cursor_up(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_down(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_right(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn move_cursor_left(&self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn write_line(&self, s: &str) -> io::Result<()> {
        self.write_str(s)?;
        self.flush()
    }
    fn write_str(&self, s: &str) -> io::Result<()> {
        self.with_line(|l| l.push_str(s.trim_start_matches('\r')));
        Ok(())
    }
    fn clear_line(&self) -> io::Result<()> {
        Ok(())
    }
    fn flush(&self) -> io::Result<()> {
        let mut out = String::new();
        self.with_line(|l| {
            out = l.trim_end().to_string();
            l.clear();
        });
        if out.is_empty() {
            return Ok(());
        }
        let mut err = io::stderr().lock();
        writeln!(err, "{out}")?;
        err.flush()
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `count(1, "article")` → `1 article`; `count(1234, "article")` → `1,234 articles`.
pub fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", thousands(n))
    }
}

/// `2.4 s`, `3 min 05 s`, `1 h 02 min`.
pub fn elapsed(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 60 {
        format!("{:.1} s", d.as_secs_f64())
    } else if secs < 3600 {
        format!("{} min {:02} s", secs / 60, secs % 60)
    } else {
        format!("{} h {:02} min", secs / 3600, secs % 3600 / 60)
    }
}

/// Progress display on standard error; hidden unless wanted. `--progress always` draws off a
/// terminal too, as plain lines ([`crate::progress::LogLines`]).
pub struct Progress {
    enabled: bool,
    always: bool,
}

impl Progress {
    pub fn new(run: &RunOptions) -> Progress {
        let enabled = match run.progress {
            ProgressMode::Never => false,
            ProgressMode::Always => true,
            ProgressMode::Auto => std::io::stderr().is_terminal(),
        };
        Progress {
            enabled,
            always: run.progress == ProgressMode::Always,
        }
    }

    fn styled(&self, len: Option<u64>, template: &str, msg: &'static str) -> ProgressBar {
        let target = match self.enabled {
            true => crate::progress::draw_target(self.always, std::io::stderr().is_terminal()),
            false => None,
        };
        let Some(target) = target else {
            return ProgressBar::hidden();
        };
        let pb = ProgressBar::with_draw_target(len, target);
        let fallback = match len {
            Some(_) => ProgressStyle::default_bar(),
            None => ProgressStyle::default_spinner(),
        };
        pb.set_style(ProgressStyle::with_template(template).unwrap_or(fallback));
        pb.set_message(msg);
        pb
    }

    pub fn spinner(&self, msg: &'static str) -> ProgressBar {
        let pb = self.styled(
            None,
            "{spinner} {msg} {human_pos} [{elapsed_precise}] {per_sec}",
            msg,
        );
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    }

    pub fn bar(&self, msg: &'static str, len: u64) -> ProgressBar {
        self.styled(
            Some(len),
            "{msg} [{bar:30}] {human_pos}/{human_len} {percent}% [{elapsed_precise}] ETA {eta}",
            msg,
        )
    }

    /// A bar over the input's bytes (its size known): percentage, speed and ETA.
    pub fn bytes_bar(&self, msg: &'static str, total: u64) -> ProgressBar {
        self.styled(
            Some(total),
            "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} {percent}% {binary_bytes_per_sec} ETA {eta}",
            msg,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(count(1, "record"), "1 record");
        assert_eq!(count(0, "record"), "0 records");
        assert_eq!(count(12_345, "pair"), "12,345 pairs");
        assert_eq!(elapsed(Duration::from_millis(2_430)), "2.4 s");
        assert_eq!(elapsed(Duration::from_secs(185)), "3 min 05 s");
        assert_eq!(elapsed(Duration::from_secs(3_720)), "1 h 02 min");
    }

    #[test]
    fn always_draws_off_a_terminal() {
        assert!(draw_target(true, false).is_some());
        assert!(draw_target(false, false).is_none());
        assert!(draw_target(false, true).is_some());
    }

    #[test]
    fn log_lines_drop_cursor_moves_and_padding() {
        let t = LogLines::default();
        t.write_str("\rreading [###   ] 30%").unwrap();
        t.write_str("      ").unwrap();
        let mut got = String::new();
        t.with_line(|l| got = l.trim_end().to_string());
        assert_eq!(got, "reading [###   ] 30%");
    }
}
