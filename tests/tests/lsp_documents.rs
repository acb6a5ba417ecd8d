//! Document sync end to end: open, incremental and full changes, close, multi-document files, half-typed YAML,
//! quick fixes, and whatever a confused client may send (unknown documents, bad positions, versions going backwards).

mod common;

use common::{Server, codes, summary};
use serde_json::{Value, json};

const URI: &str = "file:///work/pod.yaml";

/// A Pod with one unknown field (`imagee`, line 8) and one invalid value (`Sometimes`, line 5).
const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Sometimes
  containers:
    - name: web
      imagee: nginx:1.27
";

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> Value {
    json!({ "range": range(start, end), "text": text })
}

/// The `(line, character, code)` of the diagnostics with one of `codes`.
fn only(diagnostics: &[Value], codes: &[&str]) -> Vec<(u64, u64, String)> {
    summary(diagnostics).into_iter().filter(|(_, _, code)| codes.contains(&code.as_str())).collect()
}

fn at(line: u64, character: u64, code: &str) -> (u64, u64, String) {
    (line, character, code.to_owned())
}

#[test]
fn open_change_close() {
    let mut server = Server::start_default();
    server.open(URI, 1, POD);
    let diagnostics = server.diagnostics(URI, Some(1));
    let found = only(&diagnostics, &["unknown-field", "invalid-value"]);
    assert_eq!(found, vec![at(5, 17, "invalid-value"), at(8, 6, "unknown-field")]);
    let unknown = diagnostics.iter().find(|d| d["code"] == "unknown-field").unwrap();
    assert_eq!(unknown["range"], range((8, 6), (8, 12)));
    assert_eq!(unknown["source"], "podls");
    assert!(unknown["codeDescription"]["href"].as_str().unwrap().ends_with("diagnostics.md#unknown-field"));

    // Fix the typo: `imagee` → `image`.
    server.change(URI, 2, vec![edit((8, 11), (8, 12), "")]);
    let diagnostics = server.diagnostics(URI, Some(2));
    assert_eq!(only(&diagnostics, &["unknown-field", "invalid-value"]), vec![at(5, 17, "invalid-value")]);

    // A change that changes no diagnostic is still published, with its version.
    server.change(URI, 3, vec![edit((3, 11), (3, 11), "  # the web pod")]);
    let diagnostics = server.diagnostics(URI, Some(3));
    assert_eq!(only(&diagnostics, &["unknown-field", "invalid-value"]), vec![at(5, 17, "invalid-value")]);

    // Closing clears the diagnostics (a publish without a version).
    server.close(URI);
    assert_eq!(server.diagnostics(URI, None), Vec::<Value>::new());

    // Reopening starts afresh.
    server.open(URI, 1, "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    assert_eq!(codes(&server.diagnostics(URI, Some(1))), vec!["wrong-kind"]);
    assert!(server.shutdown().success());
}

#[test]
fn changes_of_one_batch_apply_in_order() {
    let mut server = Server::start_default();
    server.open(URI, 1, "kind: Pod\napiVersion: v1\n");
    server.diagnostics(URI, Some(1));
    // Each change applies to the text the previous one left: insert "xyz", then delete its "y", then replace the
    // `xzPod` (which only exists after the first two).
    server.change(URI, 2, vec![edit((0, 6), (0, 6), "xyz"), edit((0, 7), (0, 8), ""), edit((0, 6), (0, 11), "pod")]);
    let diagnostics = server.diagnostics(URI, Some(2));
    assert_eq!(only(&diagnostics, &["wrong-kind"]), vec![at(0, 6, "wrong-kind")]);
    // A change without a range replaces everything.
    server.change(URI, 3, vec![json!({ "text": "apiVersion: v2\nkind: Pod\n" })]);
    assert_eq!(only(&server.diagnostics(URI, Some(3)), &["wrong-api-version"]), vec![at(0, 12, "wrong-api-version")]);
    assert!(server.shutdown().success());
}

#[test]
fn multi_document_files() {
    let mut server = Server::start_default();
    let text =
        format!("{POD}---\napiVersion: v1\nkind: pod\n---\n# a ConfigMap is not checked\nkind: ConfigMap\nimagee: 1\n");
    server.open(URI, 1, &text);
    let diagnostics = server.diagnostics(URI, Some(1));
    let codes_of_interest = ["unknown-field", "invalid-value", "wrong-kind"];
    assert_eq!(
        only(&diagnostics, &codes_of_interest),
        vec![at(5, 17, "invalid-value"), at(8, 6, "unknown-field"), at(11, 6, "wrong-kind")]
    );

    // Two lines more in the first document move the second document's diagnostics down.
    server.change(URI, 2, vec![edit((3, 11), (3, 11), "\n  labels:\n    app: web")]);
    let diagnostics = server.diagnostics(URI, Some(2));
    assert_eq!(
        only(&diagnostics, &codes_of_interest),
        vec![at(7, 17, "invalid-value"), at(10, 6, "unknown-field"), at(13, 6, "wrong-kind")]
    );

    // Removing the `---` line merges the second document into the first: `kind` is now a duplicate key.
    server.change(URI, 3, vec![edit((11, 0), (12, 0), "")]);
    let diagnostics = server.diagnostics(URI, Some(3));
    assert!(codes(&diagnostics).contains(&"duplicate-key".to_owned()), "{diagnostics:?}");

    // Putting it back splits them again.
    server.change(URI, 4, vec![edit((11, 0), (11, 0), "---\n")]);
    let diagnostics = server.diagnostics(URI, Some(4));
    assert_eq!(
        only(&diagnostics, &codes_of_interest),
        vec![at(7, 17, "invalid-value"), at(10, 6, "unknown-field"), at(13, 6, "wrong-kind")]
    );

    // A new `---` line in the middle of the Pod cuts it in two; its second half is not a Pod.
    server.change(URI, 5, vec![edit((8, 0), (8, 0), "---\n")]);
    let diagnostics = server.diagnostics(URI, Some(5));
    assert_eq!(only(&diagnostics, &codes_of_interest), vec![at(7, 17, "invalid-value"), at(14, 6, "wrong-kind")]);
    assert!(server.shutdown().success());
}

#[test]
fn broken_yaml_while_typing() {
    let mut server = Server::start_default();
    server.open(URI, 1, "");
    assert_eq!(server.diagnostics(URI, Some(1)), Vec::<Value>::new());
    // Type the Pod one character at a time, as a user does; every keystroke gets its own publish.
    let mut line = 0;
    let mut character = 0;
    let mut version = 1;
    let mut diagnostics = Vec::new();
    for ch in POD.chars() {
        version += 1;
        server.change(URI, version, vec![edit((line, character), (line, character), &ch.to_string())]);
        diagnostics = server.diagnostics(URI, Some(version));
        if ch == '\n' {
            line += 1;
            character = 0;
        } else {
            character += ch.len_utf16() as u32;
        }
    }
    assert_eq!(
        only(&diagnostics, &["unknown-field", "invalid-value", "yaml-syntax"]),
        vec![at(5, 17, "invalid-value"), at(8, 6, "unknown-field")]
    );

    // Unbalanced brackets and a tab where indentation belongs: syntax errors, and the server carries on.
    version += 1;
    server.change(URI, version, vec![edit((6, 0), (6, 0), "  nodeSelector: {a: [1, 2\n\tx: y\n")]);
    let diagnostics = server.diagnostics(URI, Some(version));
    assert!(codes(&diagnostics).contains(&"yaml-syntax".to_owned()), "{diagnostics:?}");
    version += 1;
    server.change(URI, version, vec![edit((6, 0), (8, 0), "")]);
    let diagnostics = server.diagnostics(URI, Some(version));
    assert_eq!(
        only(&diagnostics, &["unknown-field", "invalid-value", "yaml-syntax"]),
        vec![at(5, 17, "invalid-value"), at(8, 6, "unknown-field")]
    );
    assert!(server.shutdown().success());
}

#[test]
fn confused_clients_get_null_and_no_crash() {
    let mut server = Server::start_default();
    let unknown = "file:///nowhere/unknown.yaml";

    // Requests on a document that is not open answer null.
    let result = server.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": unknown }, "range": range((0, 0), (0, 0)), "context": { "diagnostics": [] } }),
    );
    assert_eq!(result, Value::Null);

    // Changes and closes of documents that are not open are ignored: no publish, no crash.
    server.change(unknown, 2, vec![edit((0, 0), (0, 0), "kind: pod\n")]);
    server.close(unknown);

    server.open(URI, 10, "kind: Pod\n");
    assert_eq!(only(&server.diagnostics(URI, Some(10)), &["wrong-kind"]), vec![]);

    // Positions past the end of a line or of the document are clamped.
    server.change(URI, 11, vec![edit((0, 99), (0, 120), "x")]);
    server.diagnostics(URI, Some(11));
    server.change(URI, 12, vec![edit((0, 6), (0, 10), "pod")]);
    assert_eq!(only(&server.diagnostics(URI, Some(12)), &["wrong-kind"]), vec![at(0, 6, "wrong-kind")]);
    server.change(URI, 13, vec![edit((4_000_000_000, 7), (4_000_000_001, 0), "apiVersion: v1\n")]);
    let diagnostics = server.diagnostics(URI, Some(13));
    assert_eq!(only(&diagnostics, &["wrong-kind"]), vec![at(0, 6, "wrong-kind")]);

    // A range whose end is before its start.
    server.change(URI, 14, vec![edit((0, 9), (0, 6), "Pod")]);
    assert_eq!(only(&server.diagnostics(URI, Some(14)), &["wrong-kind"]), vec![]);

    // Versions that go backwards are taken as they come.
    server.change(URI, 3, vec![edit((0, 6), (0, 9), "pod")]);
    assert_eq!(only(&server.diagnostics(URI, Some(3)), &["wrong-kind"]), vec![at(0, 6, "wrong-kind")]);

    // Code actions with a bad range answer an empty list, not an error.
    let result = server.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": range((77, 3), (99, 99)), "context": { "diagnostics": [] } }),
    );
    assert_eq!(result, json!([]));
    assert!(server.shutdown().success());
}

#[test]
fn quick_fixes_from_the_engine() {
    let mut server = Server::start_default();
    server.open(URI, 1, "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    let diagnostics = server.diagnostics(URI, Some(1));
    let wrong_kind = diagnostics.iter().find(|d| d["code"] == "wrong-kind").expect("wrong-kind").clone();
    let actions = server.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": range((1, 7), (1, 7)),
            "context": { "diagnostics": [wrong_kind] }
        }),
    );
    let actions = actions.as_array().expect("a list of actions");
    let fix = actions.iter().find(|a| a["diagnostics"][0]["code"] == "wrong-kind").expect("a fix for wrong-kind");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["title"], "Change to `Pod`");
    assert_eq!(fix["isPreferred"], true);
    let edits = &fix["edit"]["changes"][URI];
    assert_eq!(edits, &json!([{ "range": range((1, 6), (1, 9)), "newText": "Pod" }]));

    // Applying the edit fixes the diagnostic.
    server.change(URI, 2, vec![json!({ "range": edits[0]["range"], "text": edits[0]["newText"] })]);
    assert_eq!(only(&server.diagnostics(URI, Some(2)), &["wrong-kind"]), vec![]);

    // Asking only for refactorings gives nothing; a range away from the diagnostic gives nothing.
    server.change(URI, 3, vec![edit((1, 6), (1, 9), "pod")]);
    server.diagnostics(URI, Some(3));
    let only_refactors = server.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": range((1, 7), (1, 7)),
            "context": { "diagnostics": [], "only": ["refactor"] }
        }),
    );
    assert_eq!(only_refactors, json!([]));
    let elsewhere = server.result(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": range((0, 0), (0, 3)), "context": { "diagnostics": [] } }),
    );
    assert!(elsewhere.as_array().unwrap().iter().all(|a| a["diagnostics"][0]["code"] != "wrong-kind"), "{elsewhere}");
    assert!(server.shutdown().success());
}
