//! Completion, hover, the outline and folding ranges of a fuzzed file, opened as the server opens it: completion and
//! hover at every char boundary of every `---` document, against that document's cached analysis. No panic, and
//! every range they return inside the document and on char boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use podls_engine::ide::completion::document_completions;
use podls_engine::ide::document::Document;
use podls_engine::ide::folding::document_folding_ranges;
use podls_engine::ide::hover::document_hover;
use podls_engine::ide::symbols::document_symbol;
use podls_fuzz::{assert_range, check_symbol};

/// Every offset of the file is queried, so the cost grows with the square of the size: keep files small.
const MAX_FEATURE_TEXT: usize = 2 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_FEATURE_TEXT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let file = Document::new(text.as_ref(), 0);
    for part in file.parts() {
        let doc = part.part.text();
        let parse = &part.part.analysis().parse;
        if let Some(symbol) = parse.root.as_ref().and_then(document_symbol) {
            check_symbol(doc, &symbol);
        }
        for fold in document_folding_ranges(doc, parse.root.as_ref()) {
            assert_range(doc, fold.range, "fold");
        }
        for offset in (0..=doc.len()).filter(|&o| doc.is_char_boundary(o)).chain([doc.len() + 7]) {
            for item in document_completions(doc, parse, offset) {
                assert_range(doc, item.replace_range, &item.label);
                assert!(!item.label.is_empty(), "an empty completion label at {offset}");
            }
            if let Some(hover) = document_hover(doc, parse, offset) {
                assert_range(doc, hover.range, "hover");
                assert!(!hover.markdown.is_empty());
            }
        }
    }
});
