//! Plain-text files: one article per file.
//!
//! In: the decoded bytes of one file. Out: one [`Article`] or one [`RecordError`]
//! (`record_too_large`, `invalid_utf8`, `missing_text`).
//!
//! The id is the path below the input root (`/`-separated; the file name for a file named on the
//! command line), the title the first non-empty line (trimmed), the text the whole file as read
//! (minus a UTF-8 byte-order mark), the outlet the first folder below the input root, else
//! `unknown`. Date and URL stay empty. Invariant: at most `limit + 1` bytes are ever held.

use std::io::Read;

use super::{Failure, Origin};
use crate::error::{RecordError, SkipReason};
use crate::model::{Article, Location};

/// Reads one text article from `reader`.
pub(crate) fn read_text<R: Read>(
    reader: R,
    origin: &Origin,
    limit: usize,
) -> Result<Result<Article, RecordError>, Failure> {
    let location = Location {
        file: origin.file.clone(),
        line: None,
    };
    let fail = |reason, detail| {
        Ok(Err(RecordError {
            location: location.clone(),
            reason,
            detail,
        }))
    };
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    if let Err(source) = reader.take(cap).read_to_end(&mut bytes) {
        return Err(Failure::Io { source, line: None });
    }
    if bytes.len() > limit {
        return fail(
            SkipReason::RecordTooLarge,
            format!("file longer than {limit} bytes"),
        );
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to() + 1;
            return fail(SkipReason::InvalidUtf8, format!("at byte {at}"));
        }
    };
    if text.trim().is_empty() {
        return fail(SkipReason::MissingText, "the file is empty".to_owned());
    }
    let title = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_owned();
    Ok(Ok(Article {
        id: origin.text_id.clone(),
        outlet: origin
            .ctx
            .folder
            .clone()
            .unwrap_or_else(|| crate::model::UNKNOWN_OUTLET.to_owned()),
        date: None,
        title,
        url: String::new(),
        text,
        location,
    }))
}
