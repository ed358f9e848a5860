//! Stage — index: the persistent SQLite index for incremental (cron) runs. (Being written.)

use std::path::Path;

use crate::anchors::Boilerplate;
use crate::article::Article;
use crate::config::{ReportConfig, ScanConfig};
use crate::error::{Error, Result};
use crate::scan::Counts;

fn not_yet(path: &Path) -> Error {
    Error::Index {
        path: path.to_path_buf(),
        reason: "the index is not implemented in this build".into(),
    }
}

pub fn scan_indexed(config: &ScanConfig) -> Result<Counts> {
    Err(not_yet(config.index.as_deref().unwrap_or(Path::new(""))))
}

pub fn report(config: &ReportConfig) -> Result<()> {
    Err(not_yet(&config.index))
}

pub fn load_pair(path: &Path, _a: &str, _b: &str) -> Result<(Article, Article, Boilerplate)> {
    Err(not_yet(path))
}
