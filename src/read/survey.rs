//! A look at the inputs before they are read: how many bytes they hold (for a progress bar with
//! a percentage and an ETA), which files below an input folder are passed over because of their
//! extension (`.xz`, `.pdf`, …), and which `.json` files hold one JSON array where JSON Lines
//! (one object per line) are expected, which are pretty-printed, and which files named as
//! compressed hold plain text.
//!
//! In: the inputs as named. Out: a [`Survey`]. Invariants: never fails (a path that cannot be
//! looked at is left for the reader to report, with its own error); reads at most a few hundred
//! bytes of each JSON file and each file with a compression extension; the same walk (and so
//! the same rule for what is read) as the reader.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::decompress::{plain_despite_name, TEXT_PROBE_LEN};
use super::{hints_for, walk, Input};

/// What the inputs hold, as far as names and sizes tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Bytes of all input files as stored (compressed, if so); `None` with standard input.
    pub bytes: Option<u64>,
    /// Files below input folders passed over because their extension is not an input format.
    pub ignored: Vec<PathBuf>,
    /// `.json` files whose first character is `[`: one JSON array, not JSON Lines.
    pub json_arrays: Vec<PathBuf>,
    /// JSON files (`.json`, `.jsonl`, `.ndjson`, uncompressed) whose first line is a lone `{`:
    /// pretty-printed JSON, one object over many lines, where JSON Lines wants one per line.
    pub json_pretty: Vec<PathBuf>,
    /// Files named as compressed (`.gz`, `.zst`, `.bz2`) that hold plain text, which the reader
    /// reads as such ([`plain_despite_name`]).
    pub mislabelled: Vec<PathBuf>,
}

/// Surveys `inputs` (see the module header).
pub fn survey(inputs: &[Input]) -> Survey {
    let mut s = Survey {
        bytes: Some(0),
        ..Survey::default()
    };
    let add = |s: &mut Survey, path: &Path| {
        let size = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        s.bytes = s.bytes.map(|b| b + size);
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let hints = hints_for(&name);
        let plain_json = hints.codec.is_none() && hints.format == Some(super::Format::Jsonl);
        if plain_json || hints.codec.is_some() {
            let head = head_of(path);
            if is_json && starts_with_array(&head) {
                s.json_arrays.push(path.to_path_buf());
            }
            if plain_json && starts_with_pretty_object(&head) {
                s.json_pretty.push(path.to_path_buf());
            }
            if plain_despite_name(&head, hints.codec) {
                s.mislabelled.push(path.to_path_buf());
            }
        }
    };
    for input in inputs {
        match input {
            Input::Stdin => s.bytes = None,
            Input::Path(p) if p.is_dir() => {
                let Ok((found, ignored)) = walk::walk_with_ignored(p) else {
                    continue;
                };
                for f in &found {
                    add(&mut s, &f.path);
                }
                s.ignored.extend(ignored);
            }
            Input::Path(p) => add(&mut s, p),
        }
    }
    s
}

/// The file's first bytes, as many as [`plain_despite_name`] looks at (fewer if it is shorter
/// or cannot be read).
fn head_of(path: &Path) -> Vec<u8> {
    let mut head = Vec::with_capacity(TEXT_PROBE_LEN);
    let _ = fs::File::open(path).and_then(|f| f.take(TEXT_PROBE_LEN as u64).read_to_end(&mut head));
    head
}

/// A file's head from its first non-blank byte on, after a UTF-8 BOM (empty if all blank).
fn content(head: &[u8]) -> &[u8] {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    &head[first..]
}

/// Whether a file's head (after a UTF-8 BOM and blank lines) opens with a line that is a lone
/// `{`: pretty-printed JSON.
fn starts_with_pretty_object(head: &[u8]) -> bool {
    let rest = content(head);
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    line.len() < rest.len() && line.trim_ascii() == b"{"
}

/// Whether the first non-blank character (after a UTF-8 BOM) of a file's head is `[`.
fn starts_with_array(head: &[u8]) -> bool {
    content(head).first() == Some(&b'[')
}

/// A reader that adds the bytes it reads to a shared counter (the progress bar's position).
pub(crate) struct Counting<R> {
    pub inner: R,
    pub counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_ignored_files_and_json_arrays() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.jsonl"), "{\"id\":\"1\",\"text\":\"x\"}\n").unwrap();
        fs::write(root.join("b.json"), "\u{feff} \n[{\"id\":\"1\"}]").unwrap();
        fs::write(root.join("c.jsonl.xz"), "xz bytes").unwrap();
        fs::write(root.join("notes.pdf"), "pdf").unwrap();
        fs::write(root.join(".hidden.xz"), "x").unwrap();
        let s = survey(&[Input::Path(root.to_path_buf())]);
        let size = |n: &str| fs::metadata(root.join(n)).unwrap().len();
        assert_eq!(s.bytes, Some(size("a.jsonl") + size("b.json")));
        assert_eq!(
            s.ignored,
            vec![root.join("c.jsonl.xz"), root.join("notes.pdf")]
        );
        assert_eq!(s.json_arrays, vec![root.join("b.json")]);
        let s = survey(&[Input::Path(root.join("a.jsonl")), Input::Stdin]);
        assert_eq!(s.bytes, None);
        assert!(s.ignored.is_empty() && s.json_arrays.is_empty());
        assert!(s.mislabelled.is_empty());
    }

    #[test]
    fn finds_plain_files_named_as_compressed_and_pretty_json() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let line = "{\"id\":\"1\",\"text\":\"x\"}\n";
        fs::write(root.join("plain.jsonl.gz"), line).unwrap();
        fs::write(
            root.join("real.jsonl.gz"),
            super::super::decompress::tests::gzip(line.as_bytes()),
        )
        .unwrap();
        fs::write(root.join("plain.jsonl"), line).unwrap();
        fs::write(
            root.join("pretty.json"),
            "{\n  \"id\": \"1\",\n  \"text\": \"x\"\n}\n",
        )
        .unwrap();
        fs::write(root.join("brace.jsonl"), "{").unwrap();
        let s = survey(&[Input::Path(root.to_path_buf())]);
        assert_eq!(s.mislabelled, vec![root.join("plain.jsonl.gz")]);
        assert_eq!(s.json_pretty, vec![root.join("pretty.json")]);
    }

    #[test]
    fn counting_reader_counts() {
        let counter = Arc::new(AtomicU64::new(0));
        let mut r = Counting {
            inner: &b"hello world"[..],
            counter: counter.clone(),
        };
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 11);
    }
}
