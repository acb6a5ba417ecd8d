//! Positions in Korean text and around emoji, in each position encoding the client may negotiate: what the server
//! publishes and where it applies an edit.

mod common;

use common::{Server, position};
use serde_json::{Value, json};

/// `서울.yaml`, percent-encoded as clients send it.
const URI: &str = "file:///work/%EC%84%9C%EC%9A%B8.yaml";

/// An unknown field whose name mixes Hangul and an emoji (astral: two UTF-16 code units), on a line that also starts
/// with such text, after a comment line full of both.
const TEXT: &str = "# 서울의 파드 😀😀 comment
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations: {note: \"안녕 👋\"}
  k서울😀: x
spec:
  containers:
    - name: web
      image: nginx:1.27
---
# 두 번째 😀
kind: pod
";

fn start(server_unit: &str) -> Server {
    let (server, result) = Server::start(json!({ "general": { "positionEncodings": [server_unit] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], server_unit);
    server
}

fn diagnostic<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code} in {diagnostics:?}"))
}

#[test]
fn published_positions_follow_the_negotiated_encoding() {
    for unit in ["utf-16", "utf-8", "utf-32"] {
        let mut server = start(unit);
        server.open(URI, 1, TEXT);
        let diagnostics = server.diagnostics(URI, Some(1));

        let key = TEXT.find("k서울😀").unwrap();
        let unknown = diagnostic(&diagnostics, "unknown-field");
        assert_eq!(unknown["range"]["start"], position(TEXT, key, unit), "{unit}");
        assert_eq!(unknown["range"]["end"], position(TEXT, key + "k서울😀".len(), unit), "{unit}");
        assert!(unknown["message"].as_str().unwrap().contains("k서울😀"));

        let pod = TEXT.rfind("pod").unwrap();
        let wrong_kind = diagnostic(&diagnostics, "wrong-kind");
        assert_eq!(wrong_kind["range"]["start"], position(TEXT, pod, unit), "{unit}");
        assert!(server.shutdown().success());
    }
}

#[test]
fn edits_land_where_the_client_means_in_every_encoding() {
    // Right after the emoji of the key, the character count differs in each encoding: 4 (UTF-32), 5 (UTF-16),
    // 12 (UTF-8 bytes) after the two-space indent.
    let after_emoji = TEXT.find("😀: x").unwrap() + "😀".len();
    for unit in ["utf-16", "utf-8", "utf-32"] {
        let mut server = start(unit);
        server.open(URI, 1, TEXT);
        server.diagnostics(URI, Some(1));
        let at = position(TEXT, after_emoji, unit);
        server.change(URI, 2, vec![json!({ "range": { "start": at, "end": at }, "text": "z" })]);
        let diagnostics = server.diagnostics(URI, Some(2));
        let message = diagnostic(&diagnostics, "unknown-field")["message"].as_str().unwrap().to_owned();
        assert!(message.contains("`k서울😀z`"), "{unit}: {message}");
        assert!(server.shutdown().success());
    }
}

#[test]
fn a_position_inside_a_character_rounds_down() {
    let emoji = TEXT.find("😀: x").unwrap();
    let before = position(TEXT, emoji, "utf-16");
    // UTF-16: one code unit into the surrogate pair. UTF-8: two bytes into the emoji's four.
    for (unit, into) in [("utf-16", 1), ("utf-8", 2)] {
        let mut server = start(unit);
        server.open(URI, 1, TEXT);
        server.diagnostics(URI, Some(1));
        let start = position(TEXT, emoji, unit);
        let inside = json!({ "line": before["line"], "character": start["character"].as_u64().unwrap() + into });
        server.change(URI, 2, vec![json!({ "range": { "start": inside, "end": inside }, "text": "z" })]);
        let diagnostics = server.diagnostics(URI, Some(2));
        let message = diagnostic(&diagnostics, "unknown-field")["message"].as_str().unwrap().to_owned();
        assert!(message.contains("`k서울z😀`"), "{unit}: {message}");
        assert!(server.shutdown().success());
    }
}

#[test]
fn korean_text_typed_and_deleted_keeps_positions_right() {
    let mut server = start("utf-16");
    server.open(URI, 1, TEXT);
    server.diagnostics(URI, Some(1));
    // Type Hangul and emoji at the start of the comment line, then delete part of it again, then check that the
    // diagnostic on a later line did not move and the one on the edited line's document did.
    let mut text = TEXT.to_owned();
    let mut version = 1;
    let mut cursor = 2;
    for piece in ["안", "녕", "😀", "하", "세", "요", "👋"] {
        let at = position(&text, cursor, "utf-16");
        version += 1;
        server.change(URI, version, vec![json!({ "range": { "start": at, "end": at }, "text": piece })]);
        text.insert_str(cursor, piece);
        cursor += piece.len();
        server.diagnostics(URI, Some(version));
    }
    // Delete "녕😀하" (1 + 2 + 1 UTF-16 units).
    let from = 2 + "안".len();
    let to = from + "녕😀하".len();
    version += 1;
    server.change(
        URI,
        version,
        vec![json!({ "range": { "start": position(&text, from, "utf-16"), "end": position(&text, to, "utf-16") }, "text": "" })],
    );
    text.replace_range(from..to, "");
    assert!(text.starts_with("# 안세요👋서울의"));
    let diagnostics = server.diagnostics(URI, Some(version));
    let key = text.find("k서울😀").unwrap();
    assert_eq!(diagnostic(&diagnostics, "unknown-field")["range"]["start"], position(&text, key, "utf-16"));
    assert!(server.shutdown().success());
}
