//! Invariant checks shared by the fuzz targets, and a deliberately simple model of an LSP text document to compare
//! the server's document store with.
//!
//! Every check panics on a violation, which is how libFuzzer learns about it.

use podls::analysis::FileDocument;
use podls::diagnostics::Diagnostic;
use podls::text::TextRange;
use podls::yaml::{Node, NodeKind};

/// The largest text the targets analyse. Bigger inputs find nothing new and slow every execution down.
pub const MAX_TEXT: usize = 64 * 1024;

/// Panics unless `range` is a valid range of `text`: ordered, inside it, and on char boundaries.
#[track_caller]
pub fn assert_range(text: &str, range: TextRange, what: &str) {
    assert!(range.start <= range.end, "{what}: {range:?} starts after it ends");
    assert!(range.end <= text.len(), "{what}: {range:?} ends past the text ({} bytes)", text.len());
    assert!(text.is_char_boundary(range.start), "{what}: {range:?} starts inside a character");
    assert!(text.is_char_boundary(range.end), "{what}: {range:?} ends inside a character");
}

/// Checks the ranges of diagnostics, their related places and their fixes, and that fixes apply cleanly.
#[track_caller]
pub fn check_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_range(text, d.range, d.code);
        assert!(!d.message.is_empty(), "{} has an empty message", d.code);
        for related in &d.related {
            assert_range(text, related.range, "related");
        }
        for fix in &d.fixes {
            let mut edits: Vec<_> = fix.edits.iter().collect();
            edits.sort_by_key(|e| e.range);
            for edit in &edits {
                assert_range(text, edit.range, &fix.title);
            }
            assert!(edits.windows(2).all(|w| w[0].range.end <= w[1].range.start), "overlapping edits in {}", fix.title);
        }
    }
}

/// Checks the ranges of every node of a tree.
#[track_caller]
pub fn check_tree(text: &str, root: &Node) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        assert_range(text, node.range, "node");
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Mapping(entries) => stack.extend(entries.iter().flat_map(|e| [&e.key, &e.value])),
        }
    }
}

/// Checks a whole file's analysis: the documents tile the text, and every range in every document is valid.
#[track_caller]
pub fn check_file(text: &str, documents: &[FileDocument]) {
    assert!(!documents.is_empty(), "a file has at least one document");
    let mut end = 0;
    for doc in documents {
        assert_eq!(doc.range.start, end, "documents tile the file");
        end = doc.range.end;
        let doc_text = &text[doc.range.as_range()];
        check_diagnostics(doc_text, &doc.analysis.diagnostics);
        if let Some(root) = &doc.analysis.parse.root {
            check_tree(doc_text, root);
        }
    }
    assert_eq!(end, text.len(), "documents tile the file");
}

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
