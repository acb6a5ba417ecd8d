use std::sync::Arc;

use proptest::prelude::*;

use super::*;

/// Checks every invariant of `doc` against a plain string holding what its text must be.
#[track_caller]
fn check_against(doc: &Document, model: &str) {
    assert_eq!(doc.text(), model);
    assert_eq!(doc.len(), model.len());
    let expected: Vec<&str> = split_documents(model).into_iter().map(|r| &model[r.as_range()]).collect();
    let actual: Vec<&str> = doc.parts().map(|p| p.part.text()).collect();
    assert_eq!(actual, expected, "documents of {model:?}");
    let index = LineIndex::new(model);
    for part in doc.parts() {
        assert_eq!(&model[part.range().as_range()], part.part.text());
        assert_eq!(part.first_line, index.line_col(model, part.start, ColumnUnit::Utf8).line);
    }
    for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Utf32] {
        for offset in 0..=model.len() + 1 {
            assert_eq!(doc.line_col(offset, unit), index.line_col(model, offset, unit), "offset {offset} in {model:?}");
        }
        for line in 0..index.line_count() as u32 + 2 {
            for col in 0..8 {
                let pos = LineCol { line, col };
                assert_eq!(doc.offset(pos, unit), index.offset(model, pos, unit), "{pos:?} {unit:?} in {model:?}");
            }
        }
    }
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "---\n",
        "--- \r\n",
        "...\n",
        "a: 1\n",
        "b:\n  - x\n",
        "\n",
        "\r\n",
        "-",
        "--",
        " ",
        "é",
        "서울",
        "😀",
        "#c",
        "kind: Pod\n",
        "apiVersion: v1\n",
        "---",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn edits_agree_with_a_plain_string(
        initial in text(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..12, text()), 1..6),
    ) {
        let mut doc = Document::new(&initial, 0);
        let mut model = initial.clone();
        check_against(&doc, &model);
        for (at, len, insert) in edits {
            let start = floor_char_boundary(&model, at.index(model.len() + 1));
            let end = floor_char_boundary(&model, (start + len).min(model.len()));
            doc.replace(TextRange::new(start, end), &insert);
            model.replace_range(start..end, &insert);
            check_against(&doc, &model);
        }
    }
}

#[test]
fn ranges_are_clamped() {
    let mut doc = Document::new("k: 서\n", 1);
    // Inside the three bytes of `서`, and past the end.
    doc.replace(TextRange::new(4, 99), "x");
    assert_eq!(doc.text(), "k: x");
    doc.replace(TextRange::new(99, 120), "\n");
    assert_eq!(doc.text(), "k: x\n");
}

#[test]
fn emptying_the_file_leaves_one_empty_document() {
    let mut doc = Document::new("a: 1\n---\nb: 2\n---\nc: 3\n", 1);
    doc.replace(TextRange::new(0, doc.len()), "");
    assert_eq!(doc.part_count(), 1);
    assert_eq!(doc.text(), "");
    doc.replace(TextRange::empty(0), "---\nx: 1\n");
    check_against(&doc, "---\nx: 1\n");
}

fn big_file(count: usize) -> String {
    (0..count)
        .map(|i| format!("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-{i}\nspec:\n  containers: []\n"))
        .collect()
}

#[test]
fn an_edit_rebuilds_only_the_documents_it_touches() {
    let text = big_file(500);
    let mut doc = Document::new(&text, 1);
    for part in doc.parts() {
        part.part.analysis();
    }
    let before: Vec<Arc<Part>> = doc.parts.clone();
    let at = doc.part(250).unwrap().start + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod".len();
    doc.replace(TextRange::empty(at), "x");
    let changed: Vec<usize> = (0..500).filter(|&i| !Arc::ptr_eq(&before[i], &doc.parts[i])).collect();
    assert_eq!(changed, vec![250]);
    assert!(doc.parts().enumerate().all(|(i, p)| i == 250 || p.part.is_analyzed()));
    assert_eq!(doc.part(250).unwrap().part.text().lines().nth(4), Some("  name: podx-250"));

    // A new `---` line splits document 250 in two; the others stay.
    let at = doc.part(250).unwrap().start + "---\napiVersion: v1\nkind: Pod\n".len();
    doc.replace(TextRange::empty(at), "---\n");
    assert_eq!(doc.part_count(), 501);
    assert!(Arc::ptr_eq(&before[251], &doc.parts[252]));
    assert!(Arc::ptr_eq(&before[249], &doc.parts[249]));
    let mut model = text.clone();
    let first = model.find("name: pod-250").unwrap() + "name: pod".len();
    model.insert(first, 'x');
    let second = model.find("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: podx-250").unwrap()
        + "---\napiVersion: v1\nkind: Pod\n".len();
    model.insert_str(second, "---\n");
    check_against(&doc, &model);
}

#[test]
fn replacing_everything_keeps_unchanged_documents() {
    let text = big_file(3);
    let mut doc = Document::new(&text, 1);
    let kept = Arc::clone(&doc.parts[0]);
    doc.replace_all(&text.replacen("pod-2", "pod-9", 1));
    assert!(Arc::ptr_eq(&kept, &doc.parts[0]));
    assert!(doc.parts[2].text().contains("pod-9"));
}

#[test]
fn analyze_all_fills_every_cache() {
    let doc = Document::new(&big_file(100), 1);
    doc.analyze_all();
    assert!(doc.parts().all(|p| p.part.is_analyzed()));
    assert!(doc.parts().all(|p| p.part.analysis().kind.carrier().is_some()));
}
