//! Protocol abuse against the real `podls lsp` over stdio: broken framing, bodies that are not JSON-RPC, edits for
//! documents that are not open, versions that go backwards, enormous batches of edits, and clients that vanish.
//!
//! After each kind of abuse the server must answer what the protocol says, keep serving, and still hold every open
//! document's exact text. The text is checked with a fingerprint: a Pod with many distinct unknown keys, whose
//! diagnostics (each naming its key, at its position) must equal those of the expected text opened fresh.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Server, TIMEOUT};
use podls_e2e::podls_binary;
use serde_json::{Value, json};

/// A Pod whose every line under `metadata` is an unknown field named after its index, with Hangul and an emoji so
/// UTF-16 positions matter, and a second `---` document.
fn fingerprint_text(keys: usize) -> String {
    let mut text = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: fp\n");
    for k in 0..keys {
        text.push_str(&format!("  k{k}서😀: v{k}\n"));
    }
    text.push_str("spec:\n  containers:\n    - name: c\n      image: nginx:1.27\n---\nkind: pod\n");
    text
}

/// Diagnostics without anything that names the document.
fn normalized(diagnostics: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(related) = d.get_mut("relatedInformation").and_then(Value::as_array_mut) {
                for r in related {
                    r["location"]["uri"] = Value::Null;
                }
            }
            d
        })
        .collect();
    out.sort_by_key(|d| d.to_string());
    out
}

/// Asserts that the server holds exactly `expected` for `uri`: a no-op change makes it publish `uri`'s diagnostics
/// at `version`, and those must equal the diagnostics of `expected` opened as a new document.
#[track_caller]
fn assert_text(server: &mut Server, uri: &str, version: i64, expected: &str) {
    server.change(uri, version, vec![]);
    let actual = server.diagnostics(uri, Some(version));
    let fresh = format!("file:///fresh/{version}.yaml");
    server.open(&fresh, 1, expected);
    let wanted = server.diagnostics(&fresh, Some(1));
    server.close(&fresh);
    let unknown = wanted.iter().filter(|d| d["code"] == "unknown-field").count();
    assert!(unknown > 0, "the fingerprint has unknown fields: {wanted:?}");
    assert_eq!(normalized(&actual), normalized(&wanted), "{uri} at version {version} lost its text");
}

/// A request whose answer is known: the outline of an open document has one symbol per `---` document with content.
#[track_caller]
fn assert_answers(server: &mut Server, uri: &str) {
    let symbols = server.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()), "an outline for {uri}: {symbols}");
}

/// Frames `body` under a `Content-Length` header of `length`, right or wrong.
fn frame_with_length(body: &[u8], length: usize) -> Vec<u8> {
    let mut frame = format!("Content-Length: {length}\r\n\r\n").into_bytes();
    frame.extend_from_slice(body);
    frame
}

fn request_body(id: i64, method: &str, params: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })).unwrap()
}

#[test]
fn bodies_that_are_not_json_rpc_get_errors_and_the_session_goes_on() {
    let uri = "file:///abuse/bodies.yaml";
    let text = fingerprint_text(12);
    let mut server = Server::start_default();
    server.open(uri, 1, &text);
    server.diagnostics(uri, Some(1));

    let bad_bodies: Vec<(Vec<u8>, i64)> = vec![
        (b"\xff\xfe{\"jsonrpc\": \"2.0\"}".to_vec(), -32700),
        (format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(), -32700),
        (b"null".to_vec(), -32600),
        (b"42".to_vec(), -32600),
        (br#"{"jsonrpc": "1.0", "id": 1, "method": "shutdown"}"#.to_vec(), -32600),
        (br#"{"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}"#.to_vec(), -32600),
        // A JSON-RPC batch: LSP has none. Above all, the `shutdown` inside must not be executed.
        (br#"[{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}]"#.to_vec(), -32600),
    ];
    for (body, code) in &bad_bodies {
        server.send_raw(&frame_with_length(body, body.len()));
        let response = server.null_id_response();
        assert_eq!(
            response["error"]["code"],
            *code,
            "{}: {response}",
            String::from_utf8_lossy(&body[..body.len().min(40)])
        );
    }

    // Headers the protocol allows or tolerates: lower case, an explicit UTF-8 content type, unknown extra headers.
    let body = request_body(501, "textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    let mut frame = format!(
        "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Trace: 1\r\n\r\n",
        body.len()
    )
    .into_bytes();
    frame.extend_from_slice(&body);
    server.send_raw(&frame);
    let response = server.response(501);
    assert!(response["result"].as_array().is_some_and(|s| !s.is_empty()), "{response}");

    // Headers without a usable length: the header block is answered with a parse error.
    for headers in [
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        "Content-Length: abc\r\n\r\n",
        "Content-Length: -5\r\n\r\n",
    ] {
        server.send_raw(headers.as_bytes());
        let response = server.null_id_response();
        assert_eq!(response["error"]["code"], -32700, "{headers:?}: {response}");
    }

    // A request with a string id gets its answer under that id; a response to nothing and a cancellation of nothing
    // are ignored.
    server.send(&json!({ "jsonrpc": "2.0", "id": "sym", "method": "textDocument/documentSymbol", "params": { "textDocument": { "uri": uri } } }));
    let answered = server.wait_for(
        |s| {
            let at = s.notifications.iter().position(|m| m["id"] == "sym")?;
            s.notifications.remove(at)
        },
        "the answer to the request with a string id",
    );
    assert!(answered["result"].is_array(), "{answered}");
    server.send(&json!({ "jsonrpc": "2.0", "id": 123456, "result": { "anything": true } }));
    server.notify("$/cancelRequest", json!({ "id": 987654 }));

    assert_answers(&mut server, uri);
    assert_text(&mut server, uri, 2, &text);
    assert!(server.shutdown().success());
}

/// A wrong `Content-Length` desynchronises the stream: the server cannot know where the next message starts. It
/// must find the next `Content-Length` header and lose no more than the messages the wrong length swallowed.
#[test]
fn a_wrong_content_length_costs_a_message_not_the_session() {
    let uri = "file:///abuse/length.yaml";
    let text = fingerprint_text(8);
    let mut server = Server::start_default();
    server.open(uri, 1, &text);
    server.diagnostics(uri, Some(1));
    let symbols = |id| request_body(id, "textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));

    // Too short: the tail of the body is left where the next header should be.
    let body = symbols(600);
    server.send_raw(&frame_with_length(&body, body.len() - 10));
    // Too long: the body swallows the start of the next message.
    let body = symbols(601);
    server.send_raw(&frame_with_length(&body, body.len() + 30));
    for id in 602..610 {
        server.send(&serde_json::from_slice(&symbols(id)).unwrap());
    }
    // 600 is cut short, 601 swallows the header of 602; from 603 on, every message is read again.
    for id in 603..610 {
        let response = server.response(id);
        assert!(response["result"].is_array(), "{response}");
    }
    assert_text(&mut server, uri, 2, &text);
    assert!(server.shutdown().success());
}

/// A header announcing more than any client would send must not make the server reserve it, and the server must
/// still end when the client closes its stdin.
#[test]
fn an_absurd_content_length_is_not_allocated_up_front() {
    let mut server = Server::start_default();
    server.send_raw(b"Content-Length: 999999999999999\r\n\r\n{\"jsonrpc\": \"2.0\"");
    server.pump(Duration::from_millis(200));
    assert!(server.is_running(), "the server died on a huge Content-Length: {}", server.stderr());
    server.close_stdin();
    let status = server.wait_exit();
    assert!(status.code().is_some(), "the server ended by a signal: {status:?}");
}

#[test]
fn edits_and_closes_of_unopened_documents_change_nothing() {
    let open = "file:///abuse/open.yaml";
    let ghost = "file:///abuse/ghost.yaml";
    let text = fingerprint_text(10);
    let mut server = Server::start_default();
    server.open(open, 1, &text);
    server.diagnostics(open, Some(1));

    let edit = |line: u32, text: &str| json!({ "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } }, "text": text });
    server.change(ghost, 2, vec![edit(0, "apiVersion: v1\nkind: Pod\n")]);
    server.change(ghost, 3, vec![json!({ "text": "kind: pod\n" })]);
    server.close(ghost);
    server.close(ghost);
    // The ghost does not exist: its requests answer null, and nothing about it is published.
    let symbols = server.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": ghost } }));
    assert_eq!(symbols, Value::Null);
    assert!(server.take_publishes(ghost).iter().all(|p| p["params"]["diagnostics"] == json!([])));

    // Opened now, it holds only the text it is opened with.
    server.open(ghost, 4, "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    let diagnostics = server.diagnostics(ghost, Some(4));
    assert_eq!(common::summary(&diagnostics), vec![(1, 6, "wrong-kind".to_owned())]);

    // Closed, then edited, then reopened: the edits in between are dropped, and the reopened text is what counts.
    server.close(ghost);
    server.change(ghost, 5, vec![edit(0, "garbage: [\n")]);
    server.open(ghost, 6, &text);
    assert_text(&mut server, ghost, 7, &text);

    // Opening a document that is already open replaces its text (the protocol forbids it; clients do it anyway).
    server.open(open, 8, "kind: pod\n");
    server.open(open, 9, &text);
    assert_text(&mut server, open, 10, &text);
    assert!(server.shutdown().success());
}

#[test]
fn versions_that_go_backwards_or_repeat_still_apply_every_edit() {
    let uri = "file:///abuse/versions.yaml";
    let mut text = fingerprint_text(6);
    let mut server = Server::start_default();
    server.open(uri, 100, &text);
    server.diagnostics(uri, Some(100));
    // Each edit renames one key, in a different order from the versions.
    for (version, key) in [(50, 0), (50, 1), (-7, 2), (0, 3), (i64::from(i32::MAX), 4), (1, 5)] {
        let line = 4 + key;
        server.change(
            uri,
            version,
            vec![json!({ "range": { "start": { "line": line, "character": 2 }, "end": { "line": line, "character": 3 } }, "text": "z" })],
        );
        let at = text.find(&format!("  k{key}서")).expect("the key") + 2;
        text.replace_range(at..at + 1, "z");
    }
    // The last publish carries the last version sent.
    server.diagnostics(uri, Some(1));
    assert_text(&mut server, uri, 2, &text);
    assert!(server.shutdown().success());
}

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The byte offset of a UTF-16 position, as the protocol layer promises to read it: lines end at `\n`, `\r\n` or `\r`;
/// a line past the end is the end of the text, a character past the end of its line is the end of the line, and a
/// character inside a surrogate pair is the start of that character.
fn utf16_offset(text: &str, line: u64, character: u64) -> usize {
    let mut current = 0u64;
    let mut units = 0u64;
    let mut chars = text.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if current == line {
            if ch == '\n' || ch == '\r' {
                return i;
            }
            let width = ch.len_utf16() as u64;
            if units + width > character {
                return i;
            }
            units += width;
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

/// One random edit in UTF-16 positions, sometimes out of range, reversed or inside a surrogate pair, applied to the
/// model as the server must apply it.
fn random_edit(rng: &mut Rng, model: &mut String) -> Value {
    let lines = model.split('\n').count() as u64;
    let pos = |rng: &mut Rng| match rng.below(20) {
        0 => (u64::from(u32::MAX), rng.below(5)),
        1 => (rng.below(lines), u64::from(u32::MAX)),
        _ => (rng.below(lines + 1), rng.below(30)),
    };
    let (a, b) = (pos(rng), pos(rng));
    const INSERTS: &[&str] = &["", "", "x", "서", "😀", "\n", "\r\n", ": ", "- ", "---\n", "  k9: v\n", "\t", "#"];
    let insert = INSERTS[rng.below(INSERTS.len() as u64) as usize];
    let (sa, sb) = (utf16_offset(model, a.0, a.1), utf16_offset(model, b.0, b.1));
    model.replace_range(sa.min(sb)..sa.max(sb), insert);
    json!({
        "range": { "start": { "line": a.0, "character": a.1 }, "end": { "line": b.0, "character": b.1 } },
        "text": insert,
    })
}

#[test]
fn ten_thousand_changes_in_one_notification_and_a_burst_of_notifications_keep_the_text() {
    let uri = "file:///abuse/batch.yaml";
    let mut model = fingerprint_text(40);
    let mut server = Server::start_default();
    server.open(uri, 1, &model);
    server.diagnostics(uri, Some(1));
    let mut rng = Rng(0xab05e);

    // One notification with 10,000 changes, each applying to the text the previous one left.
    let changes: Vec<Value> = (0..10_000).map(|_| random_edit(&mut rng, &mut model)).collect();
    server.change(uri, 2, changes);
    // Then 1,000 notifications sent back to back without reading anything.
    let mut version = 2;
    for _ in 0..1_000 {
        version += 1;
        let changes: Vec<Value> = (0..rng.below(4)).map(|_| random_edit(&mut rng, &mut model)).collect();
        server.change(uri, version, changes);
    }
    // The fingerprint needs unknown fields: put a known block at the end of the first document.
    version += 1;
    let tail = "\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: tail\n  tail서😀: 1\n";
    let end = json!({ "line": u32::MAX, "character": 0 });
    server.change(uri, version, vec![json!({ "range": { "start": end, "end": end }, "text": tail })]);
    model.push_str(tail);
    assert_text(&mut server, uri, version + 1, &model);
    assert!(server.shutdown().success());
}

/// A 10 MB document is being analysed while another document is edited and queried: the other document is answered,
/// and both keep their text.
#[test]
fn a_huge_document_does_not_block_the_others() {
    let big_uri = "file:///abuse/big.yaml";
    let small_uri = "file:///abuse/small.yaml";
    let mut big = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n  annotations:\n    blob: ");
    big.push_str(&"x".repeat(10 * 1024 * 1024));
    big.push_str("\n  bigkey서😀: 1\nspec:\n  containers:\n    - name: c\n      image: nginx\n");
    let small = fingerprint_text(5);
    let mut server = Server::start_default();
    server.open(small_uri, 1, &small);
    server.diagnostics(small_uri, Some(1));
    server.open(big_uri, 1, &big);
    assert_answers(&mut server, small_uri);
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": small_uri }, "position": { "line": 1, "character": 1 } }),
    );
    assert!(hover.get("result").is_some(), "{hover}");
    let diagnostics = server.diagnostics(big_uri, Some(1));
    assert!(diagnostics.iter().any(|d| d["message"].as_str().is_some_and(|m| m.contains("bigkey"))), "{diagnostics:?}");
    assert_text(&mut server, small_uri, 2, &small);
    assert!(server.shutdown().success());
}

#[test]
fn a_second_initialize_is_refused_and_the_session_keeps_its_documents() {
    let uri = "file:///abuse/init.yaml";
    let text = fingerprint_text(4);
    let mut server = Server::start_default();
    server.open(uri, 1, &text);
    server.diagnostics(uri, Some(1));
    let response = server.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": {} }));
    assert!(response["error"]["code"].is_i64(), "a second initialize is an error: {response}");
    assert_text(&mut server, uri, 2, &text);
    assert!(server.shutdown().success());
}

#[test]
fn before_initialize_only_exit_is_obeyed() {
    let mut server = Server::spawn(&["lsp"]);
    let response = server.request("shutdown", Value::Null);
    assert_eq!(response["error"]["code"], -32002, "{response}");
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(1), "exit without shutdown is status 1");
}

/// The client goes away in the middle of a request, or of a message: the server ends by itself.
#[test]
fn a_client_that_disappears_mid_request_or_mid_message_ends_the_server() {
    let uri = "file:///abuse/gone.yaml";
    let text = fingerprint_text(30);
    // In the middle of a request.
    let mut server = Server::start_default();
    server.open(uri, 1, &text);
    server.send_request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 5, "character": 2 } }),
    );
    server.close_stdin();
    let status = server.wait_exit();
    assert_eq!(status.code(), Some(1), "no shutdown was asked: {status:?}");

    // In the middle of a message.
    let mut server = Server::start_default();
    server.open(uri, 1, &text);
    let body = request_body(
        7,
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 1 } }),
    );
    let mut frame = frame_with_length(&body, body.len());
    frame.truncate(frame.len() - body.len() / 2);
    server.send_raw(&frame);
    server.close_stdin();
    assert_eq!(server.wait_exit().code(), Some(1));

    // After `shutdown` but without `exit`: closing stdin is a clean end.
    let mut server = Server::start_default();
    server.open(uri, 1, &text);
    assert_eq!(server.request("shutdown", Value::Null)["result"], Value::Null);
    server.close_stdin();
    assert_eq!(server.wait_exit().code(), Some(0));
}

/// The client stops reading (its end of the server's stdout is closed) and then closes stdin: the server must not
/// hang on a write nobody reads, nor die of a signal.
#[test]
fn a_client_that_stops_reading_does_not_hang_the_server() {
    let mut child = Command::new(podls_binary())
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("podls starts");
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut send = |message: Value| {
        let body = serde_json::to_vec(&message).unwrap();
        // The server may already be gone: a failed write is what this client would see too.
        let _ = stdin.write_all(&frame_with_length(&body, body.len()));
    };
    send(
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "processId": null, "rootUri": null, "capabilities": {} } }),
    );
    send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let text = fingerprint_text(50);
    send(
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": "file:///a.yaml", "languageId": "yaml", "version": 1, "text": text } } }),
    );
    for id in 2..200 {
        send(
            json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol", "params": { "textDocument": { "uri": "file:///a.yaml" } } }),
        );
    }
    drop(stdin);
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for podls") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("the server did not exit after its client went away");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.code().is_some(), "the server ended by a signal: {status:?}");
}

/// The server reads nothing the client did not send and talks to no one else: in the middle of a session (documents
/// open, diagnostics published, hover, completion and outline answered), its open file descriptors are its three
/// pipes and the runtime's own event handles, never a socket or a file.
#[cfg(target_os = "linux")]
#[test]
fn a_busy_server_holds_no_socket_and_no_file() {
    use std::io::Read;
    use std::sync::{Arc, Mutex};

    let mut child = Command::new(podls_binary())
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("podls starts");
    let output = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().expect("piped stdout");
    let sink = Arc::clone(&output);
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(n) = stdout.read(&mut buffer) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buffer[..n]);
        }
    });
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut send = |message: Value| {
        let body = serde_json::to_vec(&message).unwrap();
        stdin.write_all(&frame_with_length(&body, body.len())).expect("the server reads");
    };
    let uri = "file:///etc/podls-secret/pod.yaml";
    let position = json!({ "line": 5, "character": 4 });
    send(
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "processId": null, "rootUri": "file:///etc", "capabilities": {} } }),
    );
    send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    send(
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": fingerprint_text(5) } } }),
    );
    send(
        json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": { "textDocument": { "uri": uri }, "position": position } }),
    );
    send(
        json!({ "jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": { "textDocument": { "uri": uri }, "position": position } }),
    );
    send(
        json!({ "jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol", "params": { "textDocument": { "uri": uri } } }),
    );
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let seen = String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
        if seen.contains("\"id\":4") && seen.contains("publishDiagnostics") {
            break;
        }
        assert!(Instant::now() < deadline, "no answers from the server: {seen}");
        std::thread::sleep(Duration::from_millis(10));
    }

    let fds = std::fs::read_dir(format!("/proc/{}/fd", child.id())).expect("the server's descriptors");
    let mut targets: Vec<String> = fds
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .map(|target| target.display().to_string())
        .collect();
    targets.sort();
    let unexpected: Vec<&String> = targets
        .iter()
        .filter(|t| !(t.starts_with("pipe:") || t.starts_with("anon_inode:") || t.as_str() == "/dev/null"))
        .collect();
    assert!(unexpected.is_empty(), "the server holds {unexpected:?} (all: {targets:?})");
    assert!(targets.iter().filter(|t| t.starts_with("pipe:")).count() >= 2, "stdin and stdout: {targets:?}");
    drop(stdin);
    let _ = child.wait();
}

/// The protocol: "The server should exit with success code 0 if the shutdown request has been received before". A
/// client that sends `exit` right behind `shutdown`, without waiting for its response, still sent `shutdown` first.
#[test]
fn exit_right_behind_shutdown_exits_0() {
    let mut server = Server::start_default();
    server.send_request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(0));
}
