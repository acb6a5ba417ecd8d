//! An LSP edit script: `didOpen`, then `didChange` notifications with UTF-16 ranges (out of range, reversed, inside
//! a surrogate pair or a CRLF included) and full-text replacements, applied the way the server applies them
//! (`lsp::convert::text_range`, then `Document::replace` inside `DocumentStore::update`). After every edit the
//! document must equal a plain `String` edited by a separately written position model, a snapshot taken before the
//! edit must be unchanged, and the analysis of every `---` document must hold valid ranges.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use podls::lsp::session::DocumentStore;
use podls::lsp::convert;
use podls_engine::text::{ColumnUnit, LineCol, LineIndex};
use podls_engine::syntax::split_documents;
use podls_fuzz::{MAX_TEXT, check_diagnostics, check_tree, model_offset};
use tower_lsp_server::ls_types::{Position, Range};

const URI: &str = "file:///fuzz/pod.yaml";

#[derive(Arbitrary, Debug)]
struct Script {
    initial: String,
    edits: Vec<Edit>,
}

#[derive(Arbitrary, Debug)]
enum Edit {
    Range {
        start: Pos,
        end: Pos,
        text: String,
    },
    Full {
        text: String,
    },
    /// Analyse the document the given offset falls in (the server analyses lazily, on publish).
    Analyse {
        at: u16,
    },
}

/// A position as a client may send it: mostly near the text, sometimes far outside it.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct Pos {
    line: u32,
    character: u32,
}

impl Pos {
    fn resolve(self, lines: u32, longest: u32) -> Position {
        // Values at the top of the range stay as they are (far out of range); the rest fold to just around the text.
        let fold = |value: u32, bound: u32| if value >= 0xFFFF_0000 { value } else { value % (bound + 3) };
        Position::new(fold(self.line, lines), fold(self.character, longest))
    }
}

fn units_per_line(text: &str) -> (u32, u32) {
    let lines = LineIndex::new(text).line_count() as u32;
    let longest = text.split(['\n', '\r']).map(|l| l.encode_utf16().count() as u32).max().unwrap_or(0);
    (lines, longest)
}

/// The server's document must be exactly the model, split into the same `---` documents.
fn check_same(store: &DocumentStore, model: &str) {
    let document = store.get(URI).expect("the document stays open");
    assert_eq!(document.len(), model.len());
    assert_eq!(document.text(), model);
    let expected: Vec<&str> = split_documents(model).into_iter().map(|r| &model[r.as_range()]).collect();
    let actual: Vec<&str> = document.parts().map(|p| p.part.text()).collect();
    assert_eq!(actual, expected);
    let index = LineIndex::new(model);
    for part in document.parts() {
        assert_eq!(part.first_line, index.line_col(model, part.start, ColumnUnit::Utf8).line);
    }
    // Positions agree with the model's on every line and a few columns, in the client's unit.
    for line in 0..index.line_count() as u32 + 1 {
        for character in [0, 1, 2, 3, 7, 80, u32::MAX] {
            let pos = LineCol { line, col: character };
            assert_eq!(document.offset(pos, ColumnUnit::Utf16), model_offset(model, line, character), "{pos:?}");
        }
    }
}

fuzz_target!(|script: Script| {
    if script.initial.len() > MAX_TEXT || script.edits.len() > 64 {
        return;
    }
    let store = DocumentStore::new();
    store.open(URI, &script.initial, 1);
    let mut model = script.initial.clone();
    check_same(&store, &model);
    for (version, edit) in script.edits.into_iter().enumerate() {
        let before = store.get(URI).expect("open");
        let before_text = before.text();
        match edit {
            Edit::Range { start, end, text } => {
                if text.len() > MAX_TEXT {
                    return;
                }
                let (lines, longest) = units_per_line(&model);
                let range = Range::new(start.resolve(lines, longest), end.resolve(lines, longest));
                store.update(URI, |document| {
                    let range = convert::text_range(document, range, ColumnUnit::Utf16);
                    document.replace(range, &text);
                    document.set_version(version as i32 + 2);
                });
                let a = model_offset(&model, range.start.line, range.start.character);
                let b = model_offset(&model, range.end.line, range.end.character);
                model.replace_range(a.min(b)..a.max(b), &text);
            }
            Edit::Full { text } => {
                if text.len() > MAX_TEXT {
                    return;
                }
                store.update(URI, |document| document.replace_all(&text));
                model = text;
            }
            Edit::Analyse { at } => {
                let document = store.get(URI).expect("open");
                let part = document.part_at(at as usize % (document.len() + 1));
                let analysis = part.part.analysis();
                check_diagnostics(part.part.text(), &analysis.diagnostics);
                if let Some(root) = &analysis.parse.root {
                    check_tree(part.part.text(), root);
                }
            }
        }
        // Copy-on-write: whoever held the old snapshot (a request, the diagnostics task) still sees the old text.
        assert_eq!(before.text(), before_text);
        check_same(&store, &model);
    }
});
