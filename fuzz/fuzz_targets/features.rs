//! Completion, hover, the outline and folding ranges of a fuzzed file, completion and hover at every char boundary of
//! every `---` document: no panic, and every range they return inside the text and on char boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use podls_engine::ide::completion::{completions, document_completions};
use podls_engine::ide::hover::{document_hover, hover};
use podls_engine::ide::symbols::{document_symbols, folding_ranges};
use podls_engine::syntax::{self, split_documents};
use podls_fuzz::{assert_range, check_symbol};

/// Every offset of the file is queried, so the cost grows with the square of the size: keep files small.
const MAX_FEATURE_TEXT: usize = 2 * 1024;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_FEATURE_TEXT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    for symbol in document_symbols(text) {
        check_symbol(text, &symbol);
    }
    for fold in folding_ranges(text) {
        assert_range(text, fold.range, "fold");
    }
    // Every offset of every `---` document, against one parse of it, as the server asks them.
    for range in split_documents(text) {
        let doc = &text[range.as_range()];
        let parse = syntax::parse(doc);
        for offset in (0..=doc.len()).filter(|&o| doc.is_char_boundary(o)).chain([doc.len() + 7]) {
            for item in document_completions(doc, &parse, offset) {
                assert_range(doc, item.replace_range, &item.label);
                assert!(!item.label.is_empty(), "an empty completion label at {offset}");
            }
            if let Some(hover) = document_hover(doc, &parse, offset) {
                assert_range(doc, hover.range, "hover");
                assert!(!hover.markdown.is_empty());
            }
        }
    }
    // The whole-file entry points, which find the document themselves, at the ends and in the middle.
    let middle = podls_engine::text::floor_char_boundary(text, text.len() / 2);
    for offset in [0, middle, text.len()] {
        for item in completions(text, offset) {
            assert_range(text, item.replace_range, &item.label);
        }
        if let Some(hover) = hover(text, offset) {
            assert_range(text, hover.range, "hover");
        }
    }
});
