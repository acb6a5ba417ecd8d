//! Splits a multi-document file at column-0 `---` and `...` lines, so each document is parsed on its own and a
//! syntax error in one leaves the others whole.

use crate::text::TextRange;

/// The byte ranges of the documents of a file, in order, covering the whole text. A `---` line starts the
/// document it introduces, with the directives (`%YAML`, `%TAG`) written before it; a `...` line ends the document it
/// closes. A file always has at least one document.
pub fn split_documents(text: &str) -> Vec<TextRange> {
    let mut docs = Vec::new();
    let mut doc_start = 0;
    let mut line_start = 0;
    // Whether the lines since `doc_start` are directives, comments and blank lines only (with at least one directive):
    // they belong to the next `---`. And whether they are comments and blank lines only, so a directive may follow.
    let mut directives_only = false;
    let mut no_content = true;
    let bytes = text.as_bytes();
    while line_start < bytes.len() {
        let (line_end, next_line) = line_end(bytes, line_start);
        let line = bytes.get(line_start..line_end).unwrap_or_default();
        if is_marker(line, b"---") {
            if line_start > doc_start && !directives_only {
                docs.push(TextRange::new(doc_start, line_start));
                doc_start = line_start;
            }
            (directives_only, no_content) = (false, false);
        } else if is_marker(line, b"...") {
            docs.push(TextRange::new(doc_start, next_line));
            doc_start = next_line;
            (directives_only, no_content) = (false, true);
        } else if line.first() == Some(&b'%') && no_content {
            directives_only = true;
        } else if !is_blank_or_comment(line) {
            (directives_only, no_content) = (false, false);
        }
        line_start = next_line;
    }
    if doc_start < bytes.len() || docs.is_empty() {
        docs.push(TextRange::new(doc_start, bytes.len()));
    }
    docs
}

/// The end of the line starting at `from` and the start of the next one. Lines end at `\n`, `\r\n` or a lone `\r`, as
/// YAML (and [`crate::text::LineIndex`]) count them.
fn line_end(bytes: &[u8], from: usize) -> (usize, usize) {
    let rest = bytes.get(from..).unwrap_or_default();
    match memchr::memchr2(b'\n', b'\r', rest) {
        None => (bytes.len(), bytes.len()),
        Some(i) if rest.get(i..i + 2) == Some(b"\r\n") => (from + i, from + i + 2),
        Some(i) => (from + i, from + i + 1),
    }
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    let content = line.trim_ascii_start();
    content.is_empty() || content.first() == Some(&b'#')
}

/// `---` or `...` at column 0, alone or followed by white space (which may start a comment or inline content).
fn is_marker(line: &[u8], marker: &[u8]) -> bool {
    line.starts_with(marker) && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<&str> {
        split_documents(text).into_iter().map(|r| text.get(r.as_range()).unwrap_or("?")).collect()
    }

    #[test]
    fn splits_at_markers() {
        assert_eq!(parts(""), vec![""]);
        assert_eq!(parts("a: 1\n"), vec!["a: 1\n"]);
        assert_eq!(parts("---\na: 1\n---\nb: 2"), vec!["---\na: 1\n", "---\nb: 2"]);
        assert_eq!(parts("# c\n---\na: 1\n"), vec!["# c\n", "---\na: 1\n"]);
        assert_eq!(parts("a: 1\n...\nb: 2\n"), vec!["a: 1\n...\n", "b: 2\n"]);
        assert_eq!(parts("a: |\n  ---x\n----\n"), vec!["a: |\n  ---x\n----\n"]);
        assert_eq!(parts("a: 1\r\n--- \r\nb: 2\r\n"), vec!["a: 1\r\n", "--- \r\nb: 2\r\n"]);
        assert_eq!(parts("a: 1\r---\rb: 2\r...\rc: 3"), vec!["a: 1\r", "---\rb: 2\r...\r", "c: 3"]);
        assert_eq!(parts("%YAML 1.1\n# c\n---\na: 1\n"), vec!["%YAML 1.1\n# c\n---\na: 1\n"]);
        assert_eq!(parts("a: 1\n...\n%TAG ! x:\n---\nb: 2\n"), vec!["a: 1\n...\n", "%TAG ! x:\n---\nb: 2\n"]);
        assert_eq!(parts("a: 1\n%x\n---\nb\n"), vec!["a: 1\n%x\n", "---\nb\n"]);
        assert_eq!(parts("# c\n%YAML 1.1\n---\nb\n"), vec!["# c\n%YAML 1.1\n---\nb\n"]);
    }
}
