//! Hostile input: what an editor or a careless pipeline can throw at podls. Each test checks that the input is
//! bounded by a limit or reported by a diagnostic, that every range the engine returns is valid, and that the other
//! documents of the same file are still analysed. Big inputs are generated in memory; no test asserts a duration.

use podls_engine::diagnostics::{Diagnostic, Severity};
use podls_engine::ide::analysis::{FileDocument, analyze_file, file_diagnostics};
use podls_engine::syntax::{self, MAX_DEPTH, MAX_NODES, Node, NodeKind};
use podls_engine::text::TextRange;

/// A Pod the API server accepts, as its own `---` document.
const GOOD_POD: &str = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n";

/// A Pod with exactly one mistake: an unknown field `imagee`.
const TYPO_POD: &str = "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      imagee: oops\n";

/// Panics unless `range` is a valid range of `text`: inside it, ordered, and on char boundaries.
#[track_caller]
fn assert_range(text: &str, range: TextRange, what: &str) {
    assert!(range.start <= range.end, "{what}: {range:?} starts after it ends");
    assert!(range.end <= text.len(), "{what}: {range:?} ends past the text ({} bytes)", text.len());
    assert!(text.is_char_boundary(range.start), "{what}: {range:?} starts inside a character");
    assert!(text.is_char_boundary(range.end), "{what}: {range:?} ends inside a character");
}

/// Checks every range of every diagnostic, related place and fix edit against the file's text.
#[track_caller]
fn assert_diagnostics_valid(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_range(text, d.range, &format!("{} {:?}", d.code, d.message));
        assert!(!d.message.is_empty(), "{} has no message", d.code);
        for related in &d.related {
            assert_range(text, related.range, &format!("related of {}", d.code));
        }
        for edit in d.fixes.iter().flat_map(|f| &f.edits) {
            assert_range(text, edit.range, &format!("fix of {}", d.code));
        }
    }
}

/// Checks the ranges of every node of a document's tree against the document's text.
#[track_caller]
fn assert_tree_valid(text: &str, node: &Node) {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        assert_range(text, node.range, "node");
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Mapping(entries) => {
                for entry in entries {
                    stack.push(&entry.key);
                    stack.push(&entry.value);
                }
            }
        }
    }
}

/// Analyses a file and checks every invariant the engine promises about ranges.
fn analyze(text: &str) -> (Vec<FileDocument>, Vec<Diagnostic>) {
    let documents = analyze_file(text);
    let mut end = 0;
    for doc in &documents {
        assert_eq!(doc.range.start, end, "documents cover the file without gaps");
        end = doc.range.end;
        let doc_text = &text[doc.range.as_range()];
        assert_diagnostics_valid(doc_text, &doc.analysis.diagnostics);
        if let Some(root) = &doc.analysis.parse.root {
            assert_tree_valid(doc_text, root);
        }
    }
    assert_eq!(end, text.len(), "documents cover the file");
    let diagnostics = file_diagnostics(&documents);
    assert_diagnostics_valid(text, &diagnostics);
    (documents, diagnostics)
}

/// A valid Pod document with `lines` (indented for `metadata`) added under its `metadata`.
fn pod_with_metadata(lines: &str) -> String {
    GOOD_POD.replacen("  name: web\n", &format!("  name: web\n{lines}"), 1)
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code).collect()
}

/// The `imagee` typo of [`TYPO_POD`] is reported where it is, however the file around it is built.
#[track_caller]
fn assert_typo_reported(text: &str, diagnostics: &[Diagnostic]) {
    let typo = diagnostics
        .iter()
        .find(|d| &text[d.range.as_range()] == "imagee")
        .unwrap_or_else(|| panic!("the typo in the healthy document is still reported: {:?}", codes(diagnostics)));
    assert_eq!(typo.code, "unknown-field");
}

fn count_nodes(node: &Node) -> usize {
    let mut count = 0;
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        count += 1;
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => stack.extend(items),
            NodeKind::Mapping(entries) => stack.extend(entries.iter().flat_map(|e| [&e.key, &e.value])),
        }
    }
    count
}

/// The "billion laughs": nine levels of aliases, each listing the one before nine times, inside a Pod's annotations.
fn alias_bomb() -> String {
    let mut text = String::from("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n  annotations:\n");
    text.push_str("    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(", ");
        text.push_str(&format!("    a{level}: &a{level} [{items}]\n"));
    }
    text.push_str("spec:\n  containers:\n    - name: web\n      image: nginx\n");
    text
}

#[test]
fn an_alias_bomb_is_cut_off_at_the_node_limit_and_the_next_document_still_works() {
    let bomb = alias_bomb();
    let text = format!("{bomb}{TYPO_POD}");
    let (documents, diagnostics) = analyze(&text);
    assert_eq!(documents.len(), 2);
    let first = &documents[0].analysis;
    let limit = first.diagnostics.iter().find(|d| d.code == "yaml-limit").expect("the bomb is reported");
    assert!(limit.message.contains(&MAX_NODES.to_string()), "{}", limit.message);
    let nodes = count_nodes(first.parse.root.as_ref().expect("a partial tree"));
    assert!(nodes <= MAX_NODES + 100, "the expanded tree holds {nodes} nodes");
    assert_typo_reported(&text, &diagnostics);
}

#[test]
fn a_recursive_alias_is_an_error_not_a_loop() {
    let text = "a: &x\n  b: *x\n";
    let (_, diagnostics) = analyze(text);
    assert!(codes(&diagnostics).contains(&"yaml-syntax"), "{diagnostics:?}");
}

/// Nesting far beyond any real manifest: one line of block sequences `- - - … x`.
#[test]
fn block_nesting_100_000_levels_deep_is_reported_and_bounded() {
    let depth = 100_000;
    let text = format!("{}x\n{TYPO_POD}", "- ".repeat(depth));
    let (documents, diagnostics) = analyze(&text);
    let first = &documents[0].analysis;
    assert!(codes(&first.diagnostics).contains(&"yaml-limit"), "{:?}", first.diagnostics);
    if let Some(root) = &first.parse.root {
        assert!(depth_of(root) <= MAX_DEPTH + 1, "the tree is {} levels deep", depth_of(root));
    }
    assert_typo_reported(&text, &diagnostics);
}

#[test]
fn flow_nesting_100_000_levels_deep_is_reported_and_bounded() {
    let depth = 100_000;
    for (open, close) in [("[", "]"), ("{a: ", "}")] {
        let text = format!("k: {}x{}\n{TYPO_POD}", open.repeat(depth), close.repeat(depth));
        let (documents, diagnostics) = analyze(&text);
        let first = &documents[0].analysis;
        assert!(codes(&first.diagnostics).contains(&"yaml-limit"), "{open}: {:?}", first.diagnostics);
        if let Some(root) = &first.parse.root {
            assert!(depth_of(root) <= MAX_DEPTH + 1, "{open}: the tree is {} levels deep", depth_of(root));
        }
        assert_typo_reported(&text, &diagnostics);
    }
}

#[test]
fn unclosed_flow_nesting_is_reported() {
    let text = format!("k: {}\n{TYPO_POD}", "[".repeat(100_000));
    let (documents, diagnostics) = analyze(&text);
    assert!(!documents[0].analysis.diagnostics.is_empty());
    assert_typo_reported(&text, &diagnostics);
}

fn depth_of(node: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(node, 1)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => stack.extend(items.iter().map(|n| (n, depth + 1))),
            NodeKind::Mapping(entries) => {
                stack.extend(entries.iter().flat_map(|e| [(&e.key, depth + 1), (&e.value, depth + 1)]))
            }
        }
    }
    deepest
}

#[test]
fn a_10_mb_single_line_scalar_is_read_whole() {
    let big = "x".repeat(10 * 1024 * 1024);
    let text = format!("{}{TYPO_POD}", pod_with_metadata(&format!("  annotations:\n    big: {big}\n")));
    let (documents, diagnostics) = analyze(&text);
    assert_eq!(documents.len(), 2);
    let annotation = documents[0]
        .analysis
        .parse
        .root
        .as_ref()
        .and_then(|root| root.get("metadata"))
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get("big"))
        .and_then(Node::scalar_text)
        .map(str::len);
    assert_eq!(annotation, Some(big.len()), "the scalar is read whole");
    assert_typo_reported(&text, &diagnostics);
}

#[test]
fn ten_thousand_documents_in_one_file_are_each_analysed() {
    // Mostly small non-Pod documents, with a Pod mistake at the start, middle and end.
    let mut text = String::new();
    let mut typos = 0;
    for i in 0..10_000 {
        if i % 5_000 == 0 || i == 9_999 {
            text.push_str(TYPO_POD);
            typos += 1;
        } else {
            text.push_str(&format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n"));
        }
    }
    let (documents, diagnostics) = analyze(&text);
    assert_eq!(documents.len(), 10_000);
    let reported = diagnostics.iter().filter(|d| &text[d.range.as_range()] == "imagee").count();
    assert_eq!(reported, typos);
    assert_eq!(documents.iter().filter(|d| d.analysis.kind.carrier().is_some()).count(), typos);
}

#[test]
fn tabs_used_for_indentation_are_reported_on_the_tabs() {
    let text = format!("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: web\n{TYPO_POD}");
    let (_, diagnostics) = analyze(&text);
    let tab = diagnostics.iter().find(|d| d.code == "yaml-syntax").expect("the tab is reported");
    assert_eq!(&text[tab.range.as_range()], "\t", "{}", tab.message);
    assert!(tab.message.contains("tab"), "{}", tab.message);
    assert_typo_reported(&text, &diagnostics);
}

#[test]
fn a_byte_order_mark_is_not_content() {
    let pod = TYPO_POD.trim_start_matches("---\n");
    let text = format!("\u{FEFF}{pod}");
    let (documents, diagnostics) = analyze(&text);
    assert!(documents[0].analysis.kind.carrier().is_some(), "{diagnostics:?}");
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code).collect();
    assert_eq!(errors, vec!["unknown-field"], "{diagnostics:?}");
    assert_typo_reported(&text, &diagnostics);
}

/// A file with every kind of diagnostic: schema, document dispatch and syntax, in four documents.
fn mixed_file() -> String {
    format!("{GOOD_POD}{TYPO_POD}---\nkind: Pod\napiVersion: v2\n---\na: [1, 2\n")
}

/// The same file with `\r\n` line breaks gives the same diagnostics, on the same lines and columns.
#[test]
fn crlf_line_breaks_give_the_same_diagnostics() {
    let lf = mixed_file();
    let expected = positions(&lf);
    for code in ["unknown-field", "wrong-api-version", "yaml-syntax"] {
        assert!(expected.iter().any(|d| d.0 == code), "{code} in {expected:?}");
    }
    assert_eq!(positions(&lf.replace('\n', "\r\n")), expected);
}

/// YAML (and `LineIndex`) count a lone `\r` as a line break, so the same file with classic Mac line breaks must give
/// the same diagnostics. `split_documents` only ends lines at `\n`: the whole file becomes one document, the parser
/// stops at its second `---`, and every document after the first is silently not analysed.
#[test]
fn lone_cr_line_breaks_give_the_same_diagnostics() {
    let lf = mixed_file();
    let expected = positions(&lf);
    assert_eq!(positions(&lf.replace('\n', "\r")), expected);
}

/// A zero-based line and column, in chars.
type Place = (u32, u32);

/// Each diagnostic as its code and the line and column (in chars) of its start and end.
fn positions(text: &str) -> Vec<(&'static str, Place, Place)> {
    use podls_engine::text::{ColumnUnit, LineIndex};
    let (_, diagnostics) = analyze(text);
    let index = LineIndex::new(text);
    let at = |offset| {
        let pos = index.line_col(text, offset, ColumnUnit::Utf32);
        (pos.line, pos.col)
    };
    diagnostics.iter().map(|d| (d.code, at(d.range.start), at(d.range.end))).collect()
}

#[test]
fn a_nul_byte_is_reported_where_it_is() {
    let text = format!("{}{TYPO_POD}", pod_with_metadata("  annotations:\n    a: \"x\0y\"\n"));
    let (_, diagnostics) = analyze(&text);
    let nul = diagnostics.iter().find(|d| d.message.contains("NUL")).expect("the NUL is reported");
    assert_eq!(&text[nul.range.as_range()], "\0");
    assert_typo_reported(&text, &diagnostics);
}

/// libyaml, and so kubectl, refuses control characters anywhere in the stream; podls says where, and reads the other
/// documents.
#[test]
fn a_control_character_is_reported_where_it_is() {
    let text = format!("{}{TYPO_POD}", pod_with_metadata("  annotations:\n    a: \"x\u{1}y\"\n"));
    let (_, diagnostics) = analyze(&text);
    let control = diagnostics.iter().find(|d| d.message.contains("U+0001")).expect("the character is reported");
    assert_eq!(control.code, "yaml-syntax");
    assert_eq!(&text[control.range.as_range()], "\u{1}");
    assert_typo_reported(&text, &diagnostics);
}

/// YAML limits implicit keys to 1024 characters (libyaml and kubectl too): a longer block key is a syntax error at its
/// colon, and so is a longer key in a flow mapping (libyaml applies the limit there too). Explicit (`? key`) keys have
/// no such limit and are read whole.
#[test]
fn a_1_mb_key_is_read_whole_or_reported() {
    let key = "k".repeat(1024 * 1024);
    for labels in [format!("  labels:\n    {key}: v\n"), format!("  labels:\n    \"{key}\": v\n")] {
        let text = format!("{}{TYPO_POD}", pod_with_metadata(&labels));
        let (documents, diagnostics) = analyze(&text);
        let syntax = documents[0].analysis.diagnostics.iter().find(|d| d.code == "yaml-syntax");
        let syntax = syntax.expect("a block key past 1024 characters is a syntax error");
        assert_eq!(&text[syntax.range.as_range()], ":", "{}", syntax.message);
        assert!(syntax.message.contains("at most 1024 characters"), "{}", syntax.message);
        assert_typo_reported(&text, &diagnostics);
    }
    let text = format!("{}{TYPO_POD}", pod_with_metadata(&format!("  labels: {{{key}: v}}\n")));
    let (documents, diagnostics) = analyze(&text);
    let syntax = documents[0].analysis.diagnostics.iter().find(|d| d.code == "yaml-syntax");
    let syntax = syntax.expect("a flow key past 1024 characters is a syntax error");
    assert!(syntax.message.contains("at most 1024 characters"), "{}", syntax.message);
    assert_typo_reported(&text, &diagnostics);
    {
        let labels = format!("  labels:\n    ? {key}\n    : v\n");
        let text = format!("{}{TYPO_POD}", pod_with_metadata(&labels));
        let (documents, diagnostics) = analyze(&text);
        let root = documents[0].analysis.parse.root.as_ref().expect("a tree");
        let labels = root.get("metadata").and_then(|m| m.get("labels")).and_then(Node::as_mapping);
        let keys: Vec<usize> = labels.expect("labels").iter().filter_map(|e| e.key_str()).map(str::len).collect();
        assert_eq!(keys, vec![key.len()], "the key is read whole");
        assert_typo_reported(&text, &diagnostics);
    }
}

/// Numbers beyond `i64`, `u64`, `i128` and `f64`, where the schema wants an integer and where it wants a string.
#[test]
fn numbers_too_large_for_any_integer_type_are_reported_not_wrapped() {
    let huge = "9".repeat(400);
    for value in [
        huge.clone(),
        format!("-{huge}"),
        "18446744073709551616".to_owned(),
        "340282366920938463463374607431768211456".to_owned(),
        "0x1ffffffffffffffffffffffff".to_owned(),
        "0o7777777777777777777777777777".to_owned(),
        "1e400".to_owned(),
        "-1e400".to_owned(),
        ".inf".to_owned(),
        ".nan".to_owned(),
    ] {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: num\nspec:\n  containers:\n    - name: web\n      image: nginx\n      ports:\n        - containerPort: {value}\n"
        );
        let (_, diagnostics) = analyze(&text);
        let at_value = diagnostics.iter().find(|d| d.range.start >= text.find("containerPort").expect("port"));
        assert!(at_value.is_some(), "containerPort: {value} is reported: {diagnostics:?}");
    }
    // Where a string is expected, a number kubectl reads as a number (go-yaml falls back to a string only when even
    // a float cannot hold it) is a type error, however large.
    for value in
        ["18446744073709551616", "340282366920938463463374607431768211456", "1e308", "-1e308", "0x7fffffffffffffff"]
    {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: num\n  labels:\n    b: {value}\nspec:\n  containers:\n    - name: web\n      image: nginx\n"
        );
        let (_, diagnostics) = analyze(&text);
        let b = text.find(value).expect("the value");
        assert!(
            diagnostics.iter().any(|d| d.range == TextRange::new(b, b + value.len()) && d.code == "invalid-type"),
            "labels.b: {value} is reported: {diagnostics:?}"
        );
    }
}

#[test]
fn yaml_parse_never_returns_ranges_outside_the_text() {
    // Inputs that have broken positions in YAML parsers before: truncated escapes, CR-only breaks inside quotes,
    // block scalars at the end of the text, and stray document markers.
    for text in [
        "a: \"\\",
        "a: \"\\u12",
        "a: 'x\ry'",
        "a: |",
        "a: |\r",
        "a: >-\n  x\n  ",
        "--- |\n  x",
        "? |\n  x\n: y",
        "a: &x",
        "*x",
        "[a, {b: c, d",
        "a:\n - b\n  - c",
        "\u{FEFF}\u{FEFF}a: 1",
        "😀: 😀\n😀",
    ] {
        let parse = syntax::parse(text);
        assert_diagnostics_valid(text, &podls_engine::diagnostics::syntax::diagnostics(&parse));
        if let Some(root) = &parse.root {
            assert_tree_valid(text, root);
        }
        analyze(text);
    }
}

/// Documents big without any alias: the node limit that bounds alias expansion should bound them too. Today a 3 MB
/// flow sequence of one million items is analysed in full (in a release build: 1.5 s and 450 MB at its peak, 150
/// times the input), and the language server would redo that on every keystroke in it.
#[test]
fn a_document_with_more_nodes_than_the_limit_is_cut_off() {
    let items = vec!["x"; MAX_NODES + 100_000].join(", ");
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n    - {{name: c, image: nginx:1.27, command: [{items}]}}\n{TYPO_POD}"
    );
    let (documents, diagnostics) = analyze(&text);
    let first = &documents[0].analysis;
    assert!(codes(&first.diagnostics).contains(&"yaml-limit"), "{:?}", codes(&first.diagnostics));
    let nodes = count_nodes(first.parse.root.as_ref().expect("a partial tree"));
    assert!(nodes <= MAX_NODES + 100, "the tree holds {nodes} nodes");
    assert_typo_reported(&text, &diagnostics);
}

/// Runs `podls check --format json` on `bytes` (written to a file, or piped to stdin with `-`) and returns its exit
/// status and the diagnostics it printed.
fn check_cli(name: &str, bytes: &[u8], stdin: bool) -> (Option<i32>, Vec<serde_json::Value>) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = std::env::temp_dir().join(format!("podls-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    let mut command = Command::new(env!("CARGO_BIN_EXE_podls"));
    command.args(["check", "--format", "json"]).stdout(Stdio::piped()).stderr(Stdio::piped());
    let output = if stdin {
        let mut child = command.arg("-").stdin(Stdio::piped()).spawn().expect("podls runs");
        let mut pipe = child.stdin.take().expect("piped stdin");
        let bytes = bytes.to_vec();
        let writer = std::thread::spawn(move || pipe.write_all(&bytes));
        let output = child.wait_with_output().expect("podls runs");
        writer.join().expect("the writer thread").expect("podls reads all of stdin");
        output
    } else {
        std::fs::write(&path, bytes).expect("write the input");
        let output = command.arg(&path).output().expect("podls runs");
        std::fs::remove_file(&path).expect("remove the input");
        output
    };
    let stdout = String::from_utf8(output.stdout).expect("the report is UTF-8, whatever the input");
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("one JSON array ({e}); stderr: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code(), report.as_array().expect("an array").clone())
}

/// Each JSON diagnostic as its code, line and column.
fn cli_summary(report: &[serde_json::Value]) -> Vec<(String, u64, u64)> {
    report
        .iter()
        .map(|d| {
            (d["code"].as_str().unwrap_or("").to_owned(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn the_cli_reads_a_50_mb_file_and_reports_what_is_in_it() {
    // The Pod's mistake comes first; 50 MB of comment lines follow, then a second Pod with its own mistake.
    let pod = TYPO_POD.trim_start_matches("---\n");
    let mut text = String::with_capacity(51 * 1024 * 1024);
    text.push_str(pod);
    let comment = format!("#{}\n", "x".repeat(1023));
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&comment);
    }
    text.push_str(TYPO_POD);
    let last_line = text.lines().count() as u64;
    let (status, report) = check_cli("big.yaml", text.as_bytes(), false);
    assert_eq!(status, Some(1));
    let typos: Vec<_> = cli_summary(&report).into_iter().filter(|(code, ..)| code == "unknown-field").collect();
    assert_eq!(typos, vec![("unknown-field".to_owned(), 9, 7), ("unknown-field".to_owned(), last_line, 7)]);
}

#[test]
fn the_cli_reports_invalid_utf8_at_the_first_bad_byte_and_checks_the_rest() {
    let pod = TYPO_POD.trim_start_matches("---\n");
    let mut bytes = pod.replace("name: typo", "name: ty\u{1}po").into_bytes();
    // A lone continuation byte and a truncated 4-byte sequence in the Pod's name.
    let at = bytes.iter().position(|&b| b == 1).expect("the marker");
    bytes.splice(at..at + 1, [0x80, 0xF0, 0x9F]);
    for stdin in [false, true] {
        let (status, report) = check_cli("latin.yaml", &bytes, stdin);
        assert_eq!(status, Some(1));
        let summary = cli_summary(&report);
        assert!(summary.contains(&("not-utf8".to_owned(), 4, 11)), "stdin {stdin}: {summary:?}");
        assert!(summary.contains(&("unknown-field".to_owned(), 9, 7)), "stdin {stdin}: {summary:?}");
    }
}

#[test]
fn the_cli_reports_a_nul_byte_and_checks_the_other_documents() {
    let first = pod_with_metadata("  annotations:\n    a: \"x\0y\"\n");
    let text = format!("{first}{TYPO_POD}");
    let (status, report) = check_cli("nul.yaml", text.as_bytes(), false);
    assert_eq!(status, Some(1));
    let summary = cli_summary(&report);
    let nul_line = text[..text.find('\0').unwrap()].lines().count() as u64;
    assert!(summary.iter().any(|(code, line, _)| code == "yaml-syntax" && *line == nul_line), "{summary:?}");
    let typo_line = text[..text.find("imagee").unwrap()].lines().count() as u64;
    assert!(summary.contains(&("unknown-field".to_owned(), typo_line, 7)), "{summary:?}");
}
