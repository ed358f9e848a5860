//! Folder inputs: the files to read below a folder, in a fixed order.
//!
//! In: a folder named on the command line. Out: every file below it whose extension (after a
//! compression extension) is a known input format, sorted by path bytes.
//!
//! Invariants: entries whose name starts with `.` (files and folders) are skipped, and so are
//! folders below the root that hold wiretrace's own reports ([`is_report_folder`]: a cron job
//! may write `--out` inside the folder it reads, and its CSVs are not articles); the order
//! depends only on the paths, never on the file system; symbolic links to files are read,
//! symbolic links to folders are not followed (no cycles); an unreadable folder is an error
//! naming it, not a silent gap in the run.

use std::fs;
use std::path::{Path, PathBuf};

use super::{hints_for, Hints};
use crate::error::{Error, Result};

/// One file found below an input folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    /// The path as the user would write it: the input folder joined with `rel`.
    pub path: PathBuf,
    /// The path below the input folder.
    pub rel: PathBuf,
    pub hints: Hints,
}

/// Lists the readable files below `root` (see the module header).
pub(crate) fn walk(root: &Path) -> Result<Vec<Found>> {
    walk_with_ignored(root).map(|(found, _)| found)
}

/// [`walk`], and the files passed over because their extension is not an input format
/// (sorted by path bytes), so a run can say what it did not read.
pub(crate) fn walk_with_ignored(root: &Path) -> Result<(Vec<Found>, Vec<PathBuf>)> {
    let mut found = Vec::new();
    let mut ignored = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        if dir != root && is_report_folder(&dir) {
            continue;
        }
        let entries = fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            let is_file = if kind.is_dir() {
                dirs.push(path);
                continue;
            } else if kind.is_symlink() {
                // A dangling link or a link to a folder is passed over.
                fs::metadata(&path).is_ok_and(|m| m.is_file())
            } else {
                kind.is_file()
            };
            let hints = hints_for(&name.to_string_lossy());
            if is_file && hints.format.is_some() {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                found.push(Found { path, rel, hints });
            } else if is_file {
                ignored.push(path);
            }
        }
    }
    found.sort_by(|a, b| {
        a.path
            .as_os_str()
            .as_encoded_bytes()
            .cmp(b.path.as_os_str().as_encoded_bytes())
    });
    ignored.sort_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    Ok((found, ignored))
}

/// Whether `dir` holds a wiretrace report set: the run record `summary.json` beside
/// `pairs.csv`, two of the files every run writes into `--out`.
fn is_report_folder(dir: &Path) -> bool {
    REPORT_MARKERS.iter().all(|name| dir.join(name).is_file())
}

/// Files whose presence together marks a report folder (both in `report::REPORT_FILES`, which
/// a test checks).
const REPORT_MARKERS: [&str; 2] = ["summary.json", "pairs.csv"];

/// `rel` with `/` separators, for ids.
pub(crate) fn slash_path(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The first folder of `rel`, if the file sits in a subfolder.
pub(crate) fn first_folder(rel: &Path) -> Option<String> {
    let mut parts = rel.components();
    let first = parts.next()?;
    parts.next()?;
    Some(first.as_os_str().to_string_lossy().into_owned())
}
