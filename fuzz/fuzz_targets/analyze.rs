//! Raw bytes → lossy UTF-8 → split, parse, tree, schema validation and diagnostics, the way `podls check` and the
//! language server read a file. No panic, no overflow, every range inside its text and on char boundaries.

#![no_main]

use libfuzzer_sys::fuzz_target;
use podls_engine::ide::analysis::{analyze_file, file_diagnostics};
use podls_engine::text::{ColumnUnit, LineIndex};
use podls_fuzz::{MAX_TEXT, check_diagnostics, check_file, check_tree};

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_TEXT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let documents = analyze_file(text);
    check_file(text, &documents);
    let diagnostics = file_diagnostics(&documents);
    check_diagnostics(text, &diagnostics);

    // Every diagnostic converts to a line and column and back without leaving its line.
    let index = LineIndex::new(text);
    for d in &diagnostics {
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Utf32] {
            for offset in [d.range.start, d.range.end] {
                let pos = index.line_col(text, offset, unit);
                let back = index.offset(text, pos, unit);
                assert!(back <= offset, "{offset} → {pos:?} → {back}");
                assert_eq!(index.line_of(back), pos.line as usize);
            }
        }
    }

    // The parser on the whole text, unsplit: several documents, stray markers, whatever the splitter would cut.
    let parse = podls_engine::syntax::parse(text);
    check_diagnostics(text, &podls_engine::diagnostics::syntax::diagnostics(&parse));
    if let Some(root) = &parse.root {
        check_tree(text, root);
    }
});
