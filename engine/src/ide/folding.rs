//! Folding ranges of a document: the document itself, each block spanning several lines, each run of comments. They
//! are read from the document's cached parse.
//!
//! Architecture Invariant: no LSP types here; ranges are byte offsets into the document.

use crate::syntax::{Node, NodeKind, ScalarStyle};
use crate::text::TextRange;

/// A range that can be folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldingRange {
    /// From the first character of the block to its last; the protocol layer folds the lines it spans.
    pub range: TextRange,
    pub kind: FoldingKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldingKind {
    /// A whole `---` document.
    Document,
    /// A mapping, sequence or block scalar spanning several lines.
    Block,
    /// Consecutive comment lines.
    Comment,
}

/// The folding ranges of one `---` document from its text and tree; document offsets.
pub fn document_folding_ranges(doc: &str, root: Option<&Node>) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    let content = doc.trim_end();
    if content.contains('\n') {
        out.push(FoldingRange { range: TextRange::new(0, content.len()), kind: FoldingKind::Document });
    }
    if let Some(root) = root {
        let mut blocks = Vec::new();
        blocks_of(doc, root, None, &mut blocks);
        out.extend(blocks.into_iter().map(|range| FoldingRange { range, kind: FoldingKind::Block }));
    }
    comment_runs(doc, 0, &mut out);
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    out.dedup_by_key(|f| f.range);
    out
}

/// Adds the multi-line blocks under `node`; `from` is where the block starts (its key, or its `- `).
fn blocks_of(doc: &str, node: &Node, from: Option<usize>, out: &mut Vec<TextRange>) {
    let start = from.unwrap_or(node.range.start);
    let spans_lines = |start: usize, end: usize| doc.get(start..end).is_some_and(|block| block.contains('\n'));
    match &node.kind {
        NodeKind::Mapping(entries) => {
            if from.is_some() && spans_lines(start, node.range.end) {
                out.push(TextRange::new(start, node.range.end));
            }
            for entry in entries.iter().filter(|e| !e.merged) {
                blocks_of(doc, &entry.value, Some(entry.key.range.start), out);
            }
        }
        NodeKind::Sequence(items) => {
            if from.is_some() && spans_lines(start, node.range.end) {
                out.push(TextRange::new(start, node.range.end));
            }
            for item in items {
                // An item folds from its dash, so a container folds as a whole.
                let before = doc.get(..item.range.start).unwrap_or_default();
                let dash = before.trim_end_matches(' ').strip_suffix('-').map(str::len);
                blocks_of(doc, item, Some(dash.unwrap_or(item.range.start)), out);
            }
        }
        NodeKind::Scalar(scalar) => {
            if matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded) && spans_lines(start, node.range.end)
            {
                out.push(TextRange::new(start, node.range.end));
            }
        }
    }
}

/// Runs of two or more comment lines.
fn comment_runs(doc: &str, base: usize, out: &mut Vec<FoldingRange>) {
    let mut run: Option<(usize, usize, usize)> = None;
    let mut offset = 0;
    for line in doc.split_inclusive('\n') {
        let trimmed = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        if trimmed.starts_with('#') {
            let end = start + trimmed.len();
            run = Some(match run {
                Some((first, _, count)) => (first, end, count + 1),
                None => (start, end, 1),
            });
        } else if let Some((first, end, count)) = run.take()
            && count > 1
        {
            out.push(FoldingRange { range: TextRange::new(base + first, base + end), kind: FoldingKind::Comment });
        }
        offset += line.len();
    }
    if let Some((first, end, count)) = run
        && count > 1
    {
        out.push(FoldingRange { range: TextRange::new(base + first, base + end), kind: FoldingKind::Comment });
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::ide::document::Document;
    use crate::ide::fixture::MULTI_DOCUMENT_FILE;

    /// The folds of every document of a file, each from its cached parse as the server asks for them, by file line.
    fn check_folds(text: &str, expect: Expect) {
        let index = crate::text::LineIndex::new(text);
        let mut folds = Vec::new();
        for part in Document::new(text, 0).parts() {
            let parse = &part.part.analysis().parse;
            let ranges = document_folding_ranges(part.part.text(), parse.root.as_ref());
            folds.extend(ranges.into_iter().map(|f| (f.kind, f.range.shift(part.start))));
        }
        let out: Vec<String> = folds
            .iter()
            .map(|(kind, r)| format!("{kind:?} {}-{}", index.line_of(r.start) + 1, index.line_of(r.end) + 1))
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn folding_ranges_of_a_multi_document_file() {
        check_folds(
            MULTI_DOCUMENT_FILE,
            expect![[r#"
                Document 2-22
                Block 5-6
                Block 7-22
                Block 8-10
                Block 9-10
                Block 11-16
                Block 12-15
                Block 14-15
                Block 17-22
                Block 18-20
                Block 19-20
                Block 21-22
                Document 23-31
                Block 26-27
                Block 28-31
                Block 29-31
                Document 32-33"#]],
        );
    }

    #[test]
    fn comment_runs_fold() {
        check_folds(
            "# 첫째\n# 둘째\nkind: Pod\n  # lone\nspec: {}\n",
            expect![[r#"
            Document 1-5
            Comment 1-2"#]],
        );
    }
}
