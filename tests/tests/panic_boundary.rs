//! The panic boundaries and request scheduling, end to end: a bug that panics on one document or one request costs
//! that document or that request, never the server or the rest of a `podls check` run; requests are answered off
//! the protocol task and can be cancelled.
//!
//! The faults are injected with the markers of `engine/src/fault.rs`, which the binary these tests run is built
//! with (see `tests/Cargo.toml`).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Server, codes};
use podls_e2e::podls_binary;
use serde_json::{Value, json};

const PANIC_IN_CHECKS: &str = "# podls-fault: panic-in-checks";
const PANIC_IN_REQUEST: &str = "# podls-fault: panic-in-request";
const SLOW_REQUEST: &str = "# podls-fault: slow-request";

/// A Pod with one mistake (line 8 of its document, `Sometimes`).
const BROKEN_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      imagePullPolicy: Sometimes
      resources:
        limits: {cpu: 100m, memory: 64Mi}
";

fn hover(server: &mut Server, uri: &str, line: u32, character: u32) -> Value {
    server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
    )
}

#[test]
fn a_document_whose_checks_panic_gets_one_internal_error_and_keeps_hover_and_outline() {
    let mut server = Server::start_default();
    let uri = "file:///work/panics.yaml";
    let text = format!("{PANIC_IN_CHECKS}\n{BROKEN_POD}---\n{BROKEN_POD}");
    server.open(uri, 1, &text);
    let diagnostics = server.diagnostics(uri, Some(1));
    assert_eq!(codes(&diagnostics), ["internal-error", "invalid-value"], "{diagnostics:#?}");
    let internal = &diagnostics[0];
    assert_eq!(internal["range"]["start"], json!({ "line": 0, "character": 0 }));
    let message = internal["message"].as_str().unwrap();
    assert!(
        message.starts_with("podls failed while checking this document (internal error: injected fault"),
        "{message}"
    );
    assert!(message.contains("please report this"), "{message}");
    // The mistake in the second document is still found, on its line.
    assert_eq!(diagnostics[1]["range"]["start"]["line"], 21);

    // The failed document keeps its tree: hover and the outline still answer for it.
    let hovered = hover(&mut server, uri, 6, 4);
    assert!(hovered["result"]["contents"].to_string().contains("containers"), "{hovered}");
    let outline = server.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    // A flat outline (this client has no hierarchy): the Pod and its container, in each document.
    let lines: Vec<u64> =
        outline.as_array().unwrap().iter().map(|s| s["location"]["range"]["start"]["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [1, 7, 13, 19], "{outline}");

    let stderr = server.stderr();
    assert!(stderr.contains("podls: internal error (a bug; please report it)"), "{stderr}");
    assert!(stderr.contains("fault.rs"), "the log says where the panic was: {stderr}");
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn a_request_that_panics_gets_an_internal_error_answer_and_the_server_goes_on() {
    let mut server = Server::start_default();
    let bad = "file:///work/bad-request.yaml";
    let good = "file:///work/good.yaml";
    server.open(bad, 1, &format!("{PANIC_IN_REQUEST}\n{BROKEN_POD}"));
    server.open(good, 1, BROKEN_POD);
    assert_eq!(codes(&server.diagnostics(good, Some(1))), ["invalid-value"]);
    // Diagnostics are not a request: the file with the request fault still gets its own.
    assert_eq!(codes(&server.diagnostics(bad, Some(1))), ["invalid-value"]);

    for _ in 0..3 {
        let answer = hover(&mut server, bad, 7, 4);
        assert_eq!(answer["error"]["code"], -32603, "{answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.starts_with("podls failed on this request (internal error: injected fault"), "{message}");
        // Every request of the same file fails the same way, and requests on other files are answered as usual.
        let answer = hover(&mut server, good, 5, 4);
        assert!(answer["result"]["contents"].to_string().contains("containers"), "{answer}");
    }
    server.change(good, 2, vec![json!({ "text": BROKEN_POD.replace("Sometimes", "Always") })]);
    assert_eq!(codes(&server.diagnostics(good, Some(2))), Vec::<String>::new());
    assert!(server.stderr().contains("a request handler failed"), "{}", server.stderr());
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn a_slow_request_is_overtaken_by_quick_ones_and_answers_cancelled_when_cancelled() {
    let mut server = Server::start_default();
    let slow = "file:///work/slow.yaml";
    let quick = "file:///work/quick.yaml";
    server.open(slow, 1, &format!("{SLOW_REQUEST}\n{BROKEN_POD}"));
    server.open(quick, 1, BROKEN_POD);
    let started = Instant::now();
    let slow_id = server.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": slow }, "position": { "line": 7, "character": 4 } }),
    );
    // The slow request takes a minute on the blocking pool; the protocol task keeps reading, and more requests and
    // edits than tower-lsp's four concurrent handlers are answered meanwhile.
    for version in 2..10 {
        let answer = hover(&mut server, quick, 5, 4);
        assert!(answer["result"]["contents"].to_string().contains("containers"), "{answer}");
        server.change(quick, version, vec![json!({ "text": BROKEN_POD })]);
        assert_eq!(codes(&server.diagnostics(quick, Some(version))), ["invalid-value"]);
    }
    server.notify("$/cancelRequest", json!({ "id": slow_id }));
    let cancelled = server.response(slow_id);
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    assert!(started.elapsed() < Duration::from_secs(60), "the cancelled request was answered when its work ended");
    // Cancelling a request that has already been answered, or one that never was, changes nothing.
    server.notify("$/cancelRequest", json!({ "id": slow_id }));
    server.notify("$/cancelRequest", json!({ "id": 999_999 }));
    let answer = hover(&mut server, quick, 5, 4);
    assert!(answer["result"]["contents"].to_string().contains("containers"), "{answer}");
    assert_eq!(server.shutdown().code(), Some(0));
}

#[test]
fn check_reports_every_other_document_and_file_and_exits_3_when_a_document_panics() {
    let dir = std::env::temp_dir().join(format!("podls-panic-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let failing = dir.join("a-failing.yaml");
    let other = dir.join("b-other.yaml");
    std::fs::write(&failing, format!("{PANIC_IN_CHECKS}\n{BROKEN_POD}---\n{BROKEN_POD}")).unwrap();
    std::fs::write(&other, BROKEN_POD).unwrap();

    let output =
        Command::new(podls_binary()).args(["check", "--format", "json"]).arg(&dir).output().expect("podls runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    let reported: Vec<Value> = serde_json::from_slice(&output.stdout).expect("one JSON array");
    let found: Vec<(String, u64, &str)> = reported
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
            (file, d["line"].as_u64().unwrap(), d["code"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("a-failing.yaml".to_owned(), 1, "internal-error"),
            ("a-failing.yaml".to_owned(), 22, "invalid-value"),
            ("b-other.yaml".to_owned(), 9, "invalid-value"),
        ]
    );
    assert!(stderr.contains("podls: internal error (a bug; please report it)"), "{stderr}");
    assert!(stderr.contains("fault.rs"), "{stderr}");

    // The text report says the same, and the exit status is the same.
    let output = Command::new(podls_binary()).arg("check").arg(&dir).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains("error[internal-error]: podls failed while checking this document"), "{report}");
    assert!(report.contains("checked 2 files: 3 errors"), "{report}");
}
