//! Stage 2 — normalize: text → tokens with their character offsets. (Being written.)

/// One word (or one character, for scripts written without spaces).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub hash: u64,
}

pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

pub fn tokenize_into(_text: &str, out: &mut Vec<Token>) {
    out.clear();
}
