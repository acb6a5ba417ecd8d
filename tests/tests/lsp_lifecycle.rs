//! The server's lifecycle end to end: start-up commands, `initialize` and its capabilities, position-encoding
//! negotiation, shutdown and exit, and what it does with malformed or out-of-place messages.

mod common;

use std::process::Command;

use common::Server;
use podls_e2e::podls_binary;
use serde_json::{Value, json};

#[test]
fn version_flag_prints_the_version() {
    let output = Command::new(podls_binary()).arg("--version").output().expect("podls runs");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(stdout.trim(), format!("podls {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn initialize_advertises_incremental_sync_and_utf16_by_default() {
    let (server, result) = Server::start(json!({}));
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental: {capabilities}");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert_eq!(capabilities["codeActionProvider"]["codeActionKinds"], json!(["quickfix"]));
    assert_eq!(result["serverInfo"]["name"], "podls");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(server.shutdown().success());
}

#[test]
fn position_encoding_is_negotiated() {
    let cases = [
        (json!(["utf-16", "utf-8"]), "utf-8"),
        (json!(["utf-32", "utf-16"]), "utf-32"),
        (json!(["utf-16"]), "utf-16"),
        (json!(["latin-1"]), "utf-16"),
        (json!([]), "utf-16"),
    ];
    for (offered, chosen) in cases {
        let (server, result) = Server::start(json!({ "general": { "positionEncodings": offered } }));
        assert_eq!(result["capabilities"]["positionEncoding"], chosen, "offered {offered}");
        assert!(server.shutdown().success());
    }
}

#[test]
fn every_start_up_command_serves_lsp() {
    for args in [&[][..], &["lsp"][..], &["--stdio"][..], &["lsp", "--stdio"][..]] {
        let mut server = Server::spawn(args);
        let result = server.initialize(json!({}));
        assert_eq!(result["serverInfo"]["name"], "podls", "args {args:?}");
        assert!(server.shutdown().success(), "args {args:?}");
    }
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let mut server = Server::start_default();
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(1));
}

#[test]
fn closing_stdin_ends_the_server() {
    let mut server = Server::start_default();
    server.close_stdin();
    assert_eq!(server.wait_exit().code(), Some(1));
}

#[test]
fn requests_after_shutdown_are_invalid() {
    let mut server = Server::start_default();
    server.open("file:///a.yaml", 1, "a: 1\n");
    server.diagnostics("file:///a.yaml", Some(1));
    assert_eq!(server.request("shutdown", Value::Null)["result"], Value::Null);
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": "file:///a.yaml" },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(response["error"]["code"], -32600, "{response}");
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(0));
}

#[test]
fn requests_before_initialize_are_refused() {
    let mut server = Server::spawn(&["lsp"]);
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": "file:///a.yaml" },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(response["error"]["code"], -32002, "{response}");
    // A document opened before `initialize` is not kept.
    server.open("file:///early.yaml", 1, "kind: pod\n");
    server.initialize(json!({}));
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": "file:///early.yaml" },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 9 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(response["result"], Value::Null, "{response}");
    assert!(server.shutdown().success());
}

#[test]
fn malformed_messages_get_an_error_and_the_server_keeps_running() {
    let mut server = Server::start_default();

    // A body that is not JSON.
    server.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let response = server.null_id_response();
    assert_eq!(response["error"]["code"], -32700, "{response}");

    // JSON that is not a JSON-RPC message.
    server.send_raw(b"Content-Length: 14\r\n\r\n{\"hello\": [1]}");
    let response = server.null_id_response();
    assert!(response["error"]["code"].as_i64().is_some(), "{response}");

    // A request with params of the wrong shape.
    let response = server.request("textDocument/codeAction", json!({ "textDocument": 42 }));
    assert_eq!(response["error"]["code"], -32602, "{response}");

    // An unknown method.
    let response = server.request("podls/noSuchThing", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");

    // Notifications with bad params or for unknown methods are ignored.
    server.notify("textDocument/didChange", json!({ "textDocument": "nope" }));
    server.notify("textDocument/didOpen", json!(null));
    server.notify("$/somethingNew", json!({}));
    server.notify("podls/unknownNotification", json!([1, 2]));

    // The server still works.
    server.open("file:///ok.yaml", 7, "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    let diagnostics = server.diagnostics("file:///ok.yaml", Some(7));
    assert_eq!(common::codes(&diagnostics), vec!["wrong-kind"]);
    assert!(server.shutdown().success());
}

#[test]
fn messages_sent_before_the_initialize_answer_are_kept() {
    // A client that does not wait for the `initialize` answer: everything after it must still be handled as if it had.
    let mut server = Server::spawn(&["lsp"]);
    let init = server.send_request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": {} }));
    server.notify("initialized", json!({}));
    server.open("file:///eager.yaml", 1, "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    let actions = server.send_request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": "file:///eager.yaml" },
            "range": { "start": { "line": 1, "character": 7 }, "end": { "line": 1, "character": 7 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert!(server.response(init).get("result").is_some());
    let actions = server.response(actions);
    assert_eq!(actions["result"][0]["title"], "Change to `Pod`", "{actions}");
    assert_eq!(common::codes(&server.diagnostics("file:///eager.yaml", Some(1))), vec!["wrong-kind"]);
    assert!(server.shutdown().success());
}
