//! What must hold for any text the engine is given, checked by the fuzz targets and the property tests alike.
//!
//! Every check panics on a violation, which is how libFuzzer and proptest learn about it.

use podls_engine::diagnostics::{Diagnostic, Edit};
use std::sync::Arc;

use podls_engine::ide::analysis::{FileDocument, analyze_file, file_diagnostics};
use podls_engine::ide::document::{Document, Part};
use podls_engine::ide::symbols::DocumentSymbol;
use podls_engine::syntax::{self, Node, NodeKind};
use podls_engine::text::TextRange;

/// The largest text the targets analyse. Bigger inputs find nothing new and slow every execution down.
pub const MAX_TEXT: usize = 64 * 1024;

/// Documents up to this size are queried at every char boundary; bigger ones at an even sample of this many offsets,
/// because every query walks the document and the cost would grow with the square of its size.
pub const EVERY_OFFSET_UP_TO: usize = 256;

/// How many quick fixes of a file are applied and the result analysed again: each costs a whole analysis.
pub const MAX_FIXES_APPLIED: usize = 24;

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
            check_edits(text, &fix.edits, &fix.title);
        }
    }
}

/// Checks that edits are valid ranges of `text` and do not overlap.
#[track_caller]
pub fn check_edits(text: &str, edits: &[Edit], what: &str) {
    let mut edits: Vec<_> = edits.iter().collect();
    edits.sort_by_key(|e| e.range);
    for edit in &edits {
        assert_range(text, edit.range, what);
    }
    assert!(edits.windows(2).all(|w| w[0].range.end <= w[1].range.start), "overlapping edits in {what}");
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

/// Checks an outline entry and its children: valid ranges, the selection inside the whole.
#[track_caller]
pub fn check_symbol(text: &str, symbol: &DocumentSymbol) {
    assert_range(text, symbol.range, "symbol");
    assert_range(text, symbol.selection_range, "symbol selection");
    assert!(symbol.range.contains_range(symbol.selection_range), "{symbol:?}");
    for child in &symbol.children {
        check_symbol(text, child);
    }
}

/// The offsets a document is queried at: every char boundary of a small one, an even sample of a big one; and one
/// past the end, which a client may send for a stale position.
pub fn query_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = if text.len() <= EVERY_OFFSET_UP_TO {
        (0..=text.len()).filter(|&o| text.is_char_boundary(o)).collect()
    } else {
        let step = text.len() / EVERY_OFFSET_UP_TO;
        (0..=EVERY_OFFSET_UP_TO).map(|i| podls_engine::text::floor_char_boundary(text, i * step)).collect()
    };
    offsets.dedup();
    offsets.push(text.len() + 7);
    offsets
}

/// Every editor feature on one `---` document of an open file, against its cached analysis, the way the server asks
/// them: completion, hover, definition, references, highlight, prepare-rename and rename at every offset of
/// [`query_offsets`]; inlay hints, the outline and folding ranges once. No panic, and every range inside the document.
#[track_caller]
pub fn check_document_features(part: &Part) {
    use podls_engine::ide::{completion, folding, hover, inlay_hints as inlay, navigation as references, symbols};

    let doc = part.text();
    let parse = &part.analysis().parse;
    for fold in folding::document_folding_ranges(doc, parse.root.as_ref()) {
        assert_range(doc, fold.range, "fold");
    }
    let offsets = query_offsets(doc);
    for &offset in &offsets {
        for item in completion::document_completions(doc, parse, offset) {
            assert_range(doc, item.replace_range, &item.label);
            assert!(!item.label.is_empty(), "an empty completion label at {offset}");
        }
        if let Some(hover) = hover::document_hover(doc, parse, offset) {
            assert_range(doc, hover.range, "hover");
            assert!(!hover.markdown.is_empty(), "an empty hover at {offset}");
        }
    }
    let Some(root) = &parse.root else { return };
    if let Some(symbol) = symbols::document_symbol(root) {
        check_symbol(doc, &symbol);
    }
    for hint in inlay::document_inlay_hints(doc, root) {
        assert!(hint.offset <= doc.len() && doc.is_char_boundary(hint.offset), "inlay hint at {}", hint.offset);
        assert!(!hint.label.is_empty(), "an empty inlay hint at {}", hint.offset);
    }
    // Renaming analyses the renamed text again, so each name is renamed once, from its first offset.
    let mut renamed_names = Vec::new();
    for &offset in &offsets {
        for range in references::document_definition(doc, root, offset) {
            assert_range(doc, range, "definition");
        }
        for range in references::document_references(doc, root, offset, true) {
            assert_range(doc, range, "reference");
        }
        for highlight in references::document_highlight(doc, root, offset) {
            assert_range(doc, highlight.range, "highlight");
        }
        let Ok(prepared) = references::document_prepare_rename(doc, root, offset) else { continue };
        assert_range(doc, prepared.range, "prepare rename");
        assert_eq!(&doc[prepared.range.as_range()], prepared.placeholder, "the placeholder is the text renamed");
        if renamed_names.contains(&prepared.range) {
            continue;
        }
        renamed_names.push(prepared.range);
        // A valid new name, and one the server must refuse without harm.
        for new_name in [format!("{}-x", prepared.placeholder), "é/😀".to_owned()] {
            if let Ok(edits) = references::document_rename(doc, root, offset, &new_name) {
                check_edits(doc, &edits, "rename");
                let renamed = apply(doc, &edits);
                check_file(&renamed, &analyze_file(&renamed));
            }
        }
    }
}

/// Applies non-overlapping edits to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range));
    let mut out = text.to_owned();
    for edit in edits {
        out.replace_range(edit.range.as_range(), &edit.text);
    }
    out
}

/// Applies quick fixes of a file's diagnostics one at a time: the fixed text analyses without panic into valid
/// ranges, and the diagnostic is not reported again where it was. A fix that repairs one mistake may reveal another
/// of the same code nearby, so "again" means the same code with the same message at the same start.
#[track_caller]
pub fn check_fixes(text: &str, diagnostics: &[Diagnostic]) {
    let fixes = diagnostics.iter().flat_map(|d| d.fixes.iter().map(move |f| (d, f)));
    for (diagnostic, fix) in fixes.take(MAX_FIXES_APPLIED) {
        let fixed = apply(text, &fix.edits);
        let documents = analyze_file(&fixed);
        check_file(&fixed, &documents);
        let again = file_diagnostics(&documents).into_iter().find(|d| {
            d.code == diagnostic.code && d.range.start == diagnostic.range.start && d.message == diagnostic.message
        });
        assert!(
            again.is_none(),
            "the fix `{}` of {} `{}` leaves it in place:\n{fixed}",
            fix.title,
            diagnostic.code,
            diagnostic.message
        );
    }
}

/// Everything at once on one file, opened as the server opens it: the analysis of every document and the file's
/// diagnostics, the parser on the unsplit text, every editor feature on every document, and the quick fixes.
#[track_caller]
pub fn check_manifest(text: &str) {
    let file = Document::new(text, 0);
    let documents: Vec<FileDocument> = file
        .parts()
        .map(|part| FileDocument { range: part.range(), analysis: Arc::clone(part.part.analysis()) })
        .collect();
    check_file(text, &documents);
    let diagnostics = file_diagnostics(&documents);
    check_diagnostics(text, &diagnostics);
    for part in file.parts() {
        check_document_features(part.part);
    }
    let whole = syntax::parse(text);
    check_diagnostics(text, &podls_engine::diagnostics::syntax::diagnostics(&whole));
    check_fixes(text, &diagnostics);
}
