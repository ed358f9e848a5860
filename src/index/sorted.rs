//! Sorted runs: rows of three integers put into one ascending stream without holding them all,
//! for writing a large run's postings into the index's B-trees in key order.
//!
//! Each run is sorted in memory and appended to one unnamed temporary file; [`SortedRuns::merge`]
//! then reads every run through a small buffer and merges them. Why: a run's postings arrive
//! by key shard (each shard's keys spread over the whole key space), and inserting them shard
//! by shard makes SQLite touch pages all over its trees once per shard; in one ascending pass
//! a fresh index's trees are written page after page.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufWriter, Write};

use crate::store::read_exact_at;

/// One row: (key, doc, position), compared in that order (the B-trees' order).
pub(crate) type Row = [i64; 3];

const ROW_BYTES: usize = 24;

/// Rows read per run at a time while merging.
const BLOCK_ROWS: usize = 4096;

/// Sorted runs spilled to a temporary file.
pub(crate) struct SortedRuns {
    out: BufWriter<File>,
    /// Each run's first row and row count.
    runs: Vec<(u64, u64)>,
    rows: u64,
}

impl SortedRuns {
    pub(crate) fn new() -> io::Result<SortedRuns> {
        Ok(SortedRuns {
            out: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            runs: Vec::new(),
            rows: 0,
        })
    }

    /// Sorts `rows` and appends them as one run.
    pub(crate) fn push_run(&mut self, mut rows: Vec<Row>) -> io::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        rows.sort_unstable();
        for r in &rows {
            let mut b = [0u8; ROW_BYTES];
            for (k, v) in r.iter().enumerate() {
                b[8 * k..8 * k + 8].copy_from_slice(&v.to_le_bytes());
            }
            self.out.write_all(&b)?;
        }
        self.runs.push((self.rows, rows.len() as u64));
        self.rows += rows.len() as u64;
        Ok(())
    }

    /// Calls `f` with every row of every run, ascending (rows equal in all three values come
    /// once per copy); a failed read of the runs becomes `io_err`'s error.
    pub(crate) fn merge<E>(
        self,
        mut f: impl FnMut(Row) -> Result<(), E>,
        io_err: impl Fn(io::Error) -> E,
    ) -> Result<(), E> {
        let file = self.out.into_inner().map_err(|e| io_err(e.into_error()))?;
        let mut readers: Vec<RunReader> = self
            .runs
            .iter()
            .map(|&(first, len)| RunReader {
                next: first,
                end: first + len,
                block: Vec::new(),
                at: 0,
            })
            .collect();
        let mut heap = BinaryHeap::with_capacity(readers.len());
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(row) = r.next(&file).map_err(&io_err)? {
                heap.push(Reverse((row, i)));
            }
        }
        while let Some(Reverse((row, i))) = heap.pop() {
            f(row)?;
            if let Some(next) = readers[i].next(&file).map_err(&io_err)? {
                heap.push(Reverse((next, i)));
            }
        }
        Ok(())
    }
}

/// One run read back a block at a time.
struct RunReader {
    /// Index of the next row to read from the file, and the run's end.
    next: u64,
    end: u64,
    block: Vec<Row>,
    at: usize,
}

impl RunReader {
    fn next(&mut self, file: &File) -> io::Result<Option<Row>> {
        if self.at == self.block.len() {
            if self.next == self.end {
                return Ok(None);
            }
            let n = (self.end - self.next).min(BLOCK_ROWS as u64) as usize;
            let mut bytes = vec![0u8; n * ROW_BYTES];
            read_exact_at(file, &mut bytes, self.next * ROW_BYTES as u64)?;
            self.block.clear();
            self.block.extend(bytes.chunks_exact(ROW_BYTES).map(|c| {
                let v = |k: usize| {
                    let mut w = [0u8; 8];
                    w.copy_from_slice(&c[8 * k..8 * k + 8]);
                    i64::from_le_bytes(w)
                };
                [v(0), v(1), v(2)]
            }));
            self.at = 0;
            self.next += n as u64;
        }
        let row = self.block[self.at];
        self.at += 1;
        Ok(Some(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// The merge of any runs is their rows, all of them, sorted.
        #[test]
        fn merged_runs_are_all_rows_sorted(
            runs in proptest::collection::vec(
                proptest::collection::vec(proptest::array::uniform3(-50i64..50), 0..9000),
                0..6,
            ),
        ) {
            let mut sorted = SortedRuns::new().unwrap();
            let mut all: Vec<Row> = Vec::new();
            for run in &runs {
                all.extend(run);
                sorted.push_run(run.clone()).unwrap();
            }
            all.sort_unstable();
            let mut got = Vec::new();
            sorted
                .merge(|r| -> io::Result<()> { got.push(r); Ok(()) }, |e| e)
                .unwrap();
            proptest::prop_assert_eq!(got, all);
        }
    }
}
