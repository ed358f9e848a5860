//! One writer at a time: an advisory lock on `FILE.lock`, which holds the pid and start time
//! of the run that owns it, waited for up to `--lock-timeout`.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The held writer lock of an index; released when dropped (or when the process dies).
pub(crate) struct IndexLock {
    _file: File,
}

pub(crate) fn lock_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Takes `FILE.lock`, waiting up to `timeout`; the error names the run that holds it.
pub(crate) fn acquire_lock(path: &Path, timeout: Duration) -> Result<IndexLock> {
    let lp = lock_path(path);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lp)
        .map_err(|e| Error::io(&lp, e))?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                if start.elapsed() >= timeout {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(Error::Index {
                        path: path.to_path_buf(),
                        reason: format!(
                            "locked by another wiretrace run ({}); waited {} s (--lock-timeout)",
                            if holder.is_empty() { "unknown" } else { holder },
                            timeout.as_secs()
                        ),
                    });
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(&lp, e)),
        }
    }
    let holder = format!(
        "pid {}, started {}, {}",
        std::process::id(),
        now_rfc3339(),
        std::env::args().collect::<Vec<_>>().join(" ")
    );
    let written = file
        .set_len(0)
        .and_then(|_| file.rewind())
        .and_then(|_| file.write_all(holder.as_bytes()))
        .and_then(|_| file.flush());
    written.map_err(|e| Error::io(&lp, e))?;
    Ok(IndexLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_second_writer_waits_then_names_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ix.db");
        let _held = acquire_lock(&path, Duration::from_secs(1)).unwrap();
        let t = Instant::now();
        let err = match acquire_lock(&path, Duration::from_millis(300)) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("two writers"),
        };
        assert!(t.elapsed() >= Duration::from_millis(300));
        assert!(
            err.contains("locked by another wiretrace run (pid "),
            "{err}"
        );
        assert!(err.contains(&std::process::id().to_string()), "{err}");
    }
}
