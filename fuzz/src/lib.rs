//! Invariant checks shared by the fuzz targets (from `podls_e2e::invariants`), and a deliberately simple model of an
//! LSP text document to compare the server's document store with.

// The invariants live beside the generator in `podls-e2e`, so the property tests in `cargo test` check the same.
pub use podls_e2e::invariants::*;

/// An LSP client's view of a document: a `String`, with UTF-16 positions resolved the plain way, one character at a
/// time. Lines end at `\n`, `\r\n` or a lone `\r`. A position past the last line is the end of the text, a character
/// past the end of its line is the end of the line, and a character inside a surrogate pair is the start of that
/// character (what the protocol layer promises, written independently of it).
pub fn model_offset(text: &str, line: u32, character: u32) -> usize {
    let mut current_line = 0u32;
    let mut units = 0u32;
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if current_line == line {
            if ch == '\n' || ch == '\r' {
                return i;
            }
            let width = ch.len_utf16() as u32;
            if units + width > character {
                return i;
            }
            units += width;
            continue;
        }
        if ch == '\r' && chars.peek().map(|&(_, c)| c) == Some('\n') {
            chars.next();
            current_line += 1;
        } else if ch == '\n' || ch == '\r' {
            current_line += 1;
        }
    }
    text.len()
}
