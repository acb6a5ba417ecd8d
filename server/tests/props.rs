//! Property tests of the position conversions: `LineIndex` against a naive model of lines and columns, in every
//! column unit, and its clamping of positions that do not exist.

use podls_engine::text::{ColumnUnit, LineCol, LineIndex, floor_char_boundary};
use proptest::prelude::*;

const UNITS: [ColumnUnit; 3] = [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Utf32];

/// Pieces that exercise every line break YAML knows and characters of every UTF-8 and UTF-16 width.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a",
        "key: value",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\r\r\n",
        "\n\r",
        "é",
        "서울",
        "😀",
        "𝄞x",
        "\u{FEFF}",
        "\0",
        "---\n",
        "#",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat())
}

fn width(ch: char, unit: ColumnUnit) -> u32 {
    match unit {
        ColumnUnit::Utf8 => ch.len_utf8() as u32,
        ColumnUnit::Utf16 => ch.len_utf16() as u32,
        ColumnUnit::Utf32 => 1,
    }
}

/// The naive model: the line and column of every char boundary, walking the text one character at a time. A
/// boundary between the `\r` and the `\n` of a CRLF is inside a line break and has no position of its own: `None`.
fn model(text: &str, unit: ColumnUnit) -> Vec<(usize, Option<LineCol>)> {
    let mut out = Vec::new();
    let (mut line, mut col) = (0u32, 0u32);
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        out.push((i, Some(LineCol { line, col })));
        match ch {
            '\r' if chars.peek().map(|&(_, c)| c) == Some('\n') => {
                let (j, _) = chars.next().expect("peeked");
                out.push((j, None));
                line += 1;
                col = 0;
            }
            '\n' | '\r' => {
                line += 1;
                col = 0;
            }
            _ => col += width(ch, unit),
        }
    }
    out.push((text.len(), Some(LineCol { line, col })));
    out
}

/// Line lengths (without their breaks) in `unit`, from the model.
fn line_lengths(text: &str, unit: ColumnUnit) -> Vec<u32> {
    let mut lengths = vec![0u32];
    for (_, pos) in model(text, unit).into_iter().flat_map(|(o, p)| p.map(|p| (o, p))) {
        if pos.line as usize == lengths.len() {
            lengths.push(0);
        }
        let last = lengths.last_mut().expect("one line at least");
        *last = (*last).max(pos.col);
    }
    lengths
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Every char boundary converts to the model's line and column, and back to itself.
    #[test]
    fn offsets_round_trip_through_line_col(text in text()) {
        let index = LineIndex::new(&text);
        for unit in UNITS {
            for (offset, expected) in model(&text, unit) {
                let got = index.line_col(&text, offset, unit);
                match expected {
                    Some(pos) => {
                        prop_assert_eq!(got, pos, "offset {} {:?} in {:?}", offset, unit, text);
                        prop_assert_eq!(index.offset(&text, pos, unit), offset, "{:?} {:?} in {:?}", pos, unit, text);
                    }
                    None => {
                        // Between `\r` and `\n`: the position maps back to the end of its line, never past the break.
                        let back = index.offset(&text, got, unit);
                        prop_assert_eq!(back, offset - 1, "mid-CRLF offset {} in {:?}", offset, text);
                    }
                }
            }
        }
    }

    /// The line count and each line's range agree with the model.
    #[test]
    fn lines_agree_with_the_model(text in text()) {
        let index = LineIndex::new(&text);
        for unit in UNITS {
            let lengths = line_lengths(&text, unit);
            prop_assert_eq!(index.line_count(), lengths.len(), "{:?}", text);
            for (line, &len) in lengths.iter().enumerate() {
                let range = index.line_range(&text, line).expect("the line exists");
                let measured: u32 = text[range.as_range()].chars().map(|c| width(c, unit)).sum();
                prop_assert_eq!(measured, len, "line {} of {:?}", line, text);
                prop_assert!(!text[range.as_range()].contains(['\n', '\r']));
            }
            prop_assert_eq!(index.line_range(&text, lengths.len()), None);
        }
    }

    /// Offsets past the end or inside a character never panic: they move back to the nearest char boundary.
    #[test]
    fn any_offset_clamps_to_a_boundary(text in text(), extra in 0usize..64, huge in any::<usize>()) {
        let index = LineIndex::new(&text);
        for unit in UNITS {
            for offset in (0..=text.len() + extra).chain([huge, usize::MAX]) {
                let got = index.line_col(&text, offset, unit);
                let floor = floor_char_boundary(&text, offset);
                prop_assert_eq!(got, index.line_col(&text, floor, unit));
                prop_assert!(index.line_of(offset) < index.line_count());
            }
        }
    }

    /// Any line and column, however far out, gives a char boundary inside the text, at or before the end of the line
    /// it names, and line/column order is kept.
    #[test]
    fn any_position_clamps_inside_the_text(
        text in text(),
        positions in prop::collection::vec((any::<u32>(), any::<u32>(), 0u32..8, 0u32..12), 1..40),
    ) {
        let index = LineIndex::new(&text);
        for unit in UNITS {
            let lengths = line_lengths(&text, unit);
            for &(big_line, big_col, small_line, small_col) in &positions {
                for pos in [
                    LineCol { line: big_line, col: big_col },
                    LineCol { line: small_line, col: small_col },
                    LineCol { line: small_line, col: big_col },
                    LineCol { line: big_line, col: small_col },
                ] {
                    let offset = index.offset(&text, pos, unit);
                    prop_assert!(offset <= text.len());
                    prop_assert!(text.is_char_boundary(offset));
                    let back = index.line_col(&text, offset, unit);
                    if (pos.line as usize) < lengths.len() {
                        // A real line: the column is clamped to the line, and rounded down inside a character.
                        prop_assert_eq!(back.line, pos.line);
                        prop_assert!(back.col <= pos.col.min(lengths[pos.line as usize]));
                        let widest = match unit {
                            ColumnUnit::Utf8 => 4,
                            ColumnUnit::Utf16 => 2,
                            ColumnUnit::Utf32 => 1,
                        };
                        let lost = pos.col.min(lengths[pos.line as usize]) - back.col;
                        prop_assert!(lost < widest, "{:?} -> {:?} in {:?}", pos, back, text);
                    } else {
                        prop_assert_eq!(offset, text.len());
                    }
                }
            }
            // Positions in order give offsets in order.
            let mut sorted: Vec<LineCol> = positions
                .iter()
                .map(|&(_, _, line, col)| LineCol { line, col })
                .collect();
            sorted.sort();
            let offsets: Vec<usize> = sorted.iter().map(|&p| index.offset(&text, p, unit)).collect();
            prop_assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{:?} -> {:?}", sorted, offsets);
        }
    }

    /// Columns counted in different units describe the same place.
    #[test]
    fn units_agree_on_the_place(text in text()) {
        let index = LineIndex::new(&text);
        for (offset, _) in model(&text, ColumnUnit::Utf8) {
            let lines: Vec<u32> = UNITS.iter().map(|&u| index.line_col(&text, offset, u).line).collect();
            prop_assert!(lines.windows(2).all(|w| w[0] == w[1]));
            let utf8 = index.line_col(&text, offset, ColumnUnit::Utf8);
            let utf16 = index.line_col(&text, offset, ColumnUnit::Utf16);
            let utf32 = index.line_col(&text, offset, ColumnUnit::Utf32);
            prop_assert!(utf32.col <= utf16.col && utf16.col <= utf8.col);
        }
    }
}

/// A column inside a surrogate pair rounds down to the start of the astral character, in every line-break style.
#[test]
fn mid_surrogate_columns_round_down() {
    for newline in ["\n", "\r\n", "\r"] {
        let text = format!("x{newline}a😀b{newline}");
        let index = LineIndex::new(&text);
        let emoji = text.find('😀').expect("emoji");
        let pos = LineCol { line: 1, col: 2 };
        assert_eq!(index.offset(&text, pos, ColumnUnit::Utf16), emoji, "{text:?}");
        let after = LineCol { line: 1, col: 3 };
        assert_eq!(index.offset(&text, after, ColumnUnit::Utf16), emoji + '😀'.len_utf8(), "{text:?}");
    }
}

mod edits {
    //! The edit model: `DocumentStore` and `Document` edited through the protocol layer's position conversion, in
    //! every column unit, against a plain `String` and a position model written independently of both.

    use podls::lsp::convert;
    use podls::lsp::session::DocumentStore;
    use podls_engine::syntax::split_documents;
    use podls_engine::text::{ColumnUnit, LineCol, LineIndex};
    use proptest::prelude::*;
    use tower_lsp_server::ls_types::{Position, Range};

    use super::{UNITS, width};

    const URI: &str = "file:///props/pod.yaml";

    /// The byte offset of a line and column as the protocol layer promises to read it: a line past the end is the
    /// end of the text, a column past the end of its line is the end of the line (before its break), and a column
    /// inside a character is the start of that character.
    fn model_offset(text: &str, line: u32, col: u32, unit: ColumnUnit) -> usize {
        let mut current = 0u32;
        let mut seen = 0u32;
        let mut chars = text.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            if current == line {
                if ch == '\n' || ch == '\r' {
                    return i;
                }
                if seen.saturating_add(width(ch, unit)) > col {
                    return i;
                }
                seen += width(ch, unit);
                continue;
            }
            if ch == '\r' && chars.peek().map(|&(_, c)| c) == Some('\n') {
                chars.next();
            }
            if ch == '\n' || ch == '\r' {
                current += 1;
            }
        }
        text.len()
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "---\n",
            "--- \r\n",
            "...\n",
            "---\r",
            "a: 1\n",
            "kind: Pod\n",
            "  - x\n",
            "\n",
            "\r\n",
            "\r",
            "-",
            " ",
            "é",
            "서울",
            "😀",
            "𝄞",
            "#c",
        ])
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(piece(), 0..16).prop_map(|p| p.concat())
    }

    /// A line or column near the text most of the time, far outside it now and then.
    fn coordinate() -> impl Strategy<Value = u32> {
        prop_oneof![8 => 0u32..12, 1 => Just(u32::MAX), 1 => any::<u32>()]
    }

    #[derive(Debug, Clone)]
    enum Change {
        Range { start: (u32, u32), end: (u32, u32), text: String },
        Full(String),
    }

    fn change() -> impl Strategy<Value = Change> {
        prop_oneof![
            9 => ((coordinate(), coordinate()), (coordinate(), coordinate()), text())
                .prop_map(|(start, end, text)| Change::Range { start, end, text }),
            1 => text().prop_map(Change::Full),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn protocol_edits_agree_with_a_plain_string(
            initial in text(),
            changes in prop::collection::vec(change(), 1..10),
            unit in prop::sample::select(UNITS.to_vec()),
        ) {
            let store = DocumentStore::new();
            store.open(URI, &initial, 1, Default::default());
            let mut model = initial.clone();
            for (version, change) in changes.into_iter().enumerate() {
                let before = store.get(URI).expect("open");
                let before_text = before.text();
                match change {
                    Change::Range { start, end, text } => {
                        let range = Range::new(Position::new(start.0, start.1), Position::new(end.0, end.1));
                        store.update(URI, |document| {
                            let range = convert::text_range(document, range, unit);
                            document.replace(range, &text);
                            document.set_version(version as i32 + 2);
                        });
                        let a = model_offset(&model, start.0, start.1, unit);
                        let b = model_offset(&model, end.0, end.1, unit);
                        model.replace_range(a.min(b)..a.max(b), &text);
                    }
                    Change::Full(text) => {
                        store.update(URI, |document| document.replace_all(&text));
                        model = text;
                    }
                }
                // Snapshots are copies on write: the one taken before the edit is unchanged.
                prop_assert_eq!(before.text(), before_text);
                let document = store.get(URI).expect("open");
                prop_assert_eq!(document.text(), model.clone());
                let expected: Vec<&str> = split_documents(&model).into_iter().map(|r| &model[r.as_range()]).collect();
                let actual: Vec<&str> = document.parts().map(|p| p.part.text()).collect();
                prop_assert_eq!(actual, expected);
                let index = LineIndex::new(&model);
                for offset in (0..=model.len()).filter(|&o| model.is_char_boundary(o)) {
                    prop_assert_eq!(document.line_col(offset, unit), index.line_col(&model, offset, unit));
                }
                for line in 0..index.line_count() as u32 + 1 {
                    for col in [0, 1, 2, 5, u32::MAX] {
                        let pos = LineCol { line, col };
                        prop_assert_eq!(document.offset(pos, unit), model_offset(&model, line, col, unit), "{:?}", pos);
                    }
                }
            }
        }
    }
}
