//! A small JSON-RPC client that drives the built `podls lsp` over stdio, for the `lsp_*` end-to-end tests.
//!
//! One thread reads the server's stdout and forwards every message, so the server never blocks on a full pipe while a
//! test is still writing. Every wait has a timeout and, when it expires, fails with the server's stderr.

// Each test file uses only some of the helpers.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use podls_e2e::podls_binary;
use serde_json::{Value, json};

/// How long any single wait may take. Generous: debug builds on a loaded 2-core machine.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A running server and the client's view of the conversation.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Responses that arrived while waiting for something else, by id.
    responses: HashMap<i64, Value>,
    /// Notifications and server requests not consumed yet, in arrival order.
    pub notifications: VecDeque<Value>,
    stderr: Arc<Mutex<String>>,
    next_id: i64,
}

impl Server {
    /// Starts `podls` with `args` (for example `["lsp"]`), without initializing.
    pub fn spawn(args: &[&str]) -> Server {
        let mut child = Command::new(podls_binary())
            .args(args)
            .env("PODLS_LOG", "debug")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("podls starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr_pipe = child.stderr.take().expect("piped stderr");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr_pipe);
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Server {
            stdin: child.stdin.take(),
            child,
            messages,
            responses: HashMap::new(),
            notifications: VecDeque::new(),
            stderr,
            next_id: 1,
        }
    }

    /// Starts `podls lsp` and completes the `initialize` handshake with the given client capabilities. Returns the
    /// server and its `InitializeResult`.
    pub fn start(capabilities: Value) -> (Server, Value) {
        let mut server = Server::spawn(&["lsp"]);
        let result = server.initialize(capabilities);
        (server, result)
    }

    /// Starts with default capabilities (UTF-16 positions).
    pub fn start_default() -> Server {
        Server::start(json!({})).0
    }

    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let response =
            self.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": capabilities }));
        let result =
            response.get("result").cloned().unwrap_or_else(|| self.fail(&format!("initialize failed: {response}")));
        self.notify("initialized", json!({}));
        result
    }

    /// The server's stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    #[track_caller]
    pub fn fail(&self, what: &str) -> ! {
        panic!("{what}\n--- server stderr (last 4000 bytes) ---\n{}", tail(&self.stderr(), 4000))
    }

    /// Writes raw bytes to the server's stdin.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush to the server");
    }

    /// Frames and writes one message.
    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("serializable");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.send_raw(&frame);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting for its response; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its whole response message.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Sends a request and returns its `result`, failing on an error response.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        match response.get("result") {
            Some(result) => result.clone(),
            None => self.fail(&format!("{method} answered with an error: {response}")),
        }
    }

    /// Waits for the response to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(|server| server.responses.remove(&id), &format!("the response to request {id}"))
    }

    /// Waits for the next response whose id is `null` (the answer to a message the server could not read).
    pub fn null_id_response(&mut self) -> Value {
        self.wait_for(
            |server| {
                let at = server.notifications.iter().position(|m| m.get("id") == Some(&Value::Null))?;
                server.notifications.remove(at)
            },
            "a response with a null id",
        )
    }

    /// Waits for a `publishDiagnostics` of `uri` with exactly `version` (`None`: a publish without a version) and
    /// returns its diagnostics. Earlier publishes of that document are consumed.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let what = format!("diagnostics of {uri} at version {version:?}");
        self.wait_for(
            |server| {
                while let Some(at) = server.notifications.iter().position(|m| is_publish_of(m, uri)) {
                    let publish = server.notifications.remove(at).expect("found above");
                    if publish["params"].get("version").and_then(Value::as_i64) == version {
                        return Some(publish["params"]["diagnostics"].as_array().cloned().unwrap_or_default());
                    }
                }
                None
            },
            &what,
        )
    }

    /// Every `publishDiagnostics` of `uri` received so far, consumed, in arrival order.
    pub fn take_publishes(&mut self, uri: &str) -> Vec<Value> {
        self.pump(Duration::ZERO);
        let (mine, rest): (VecDeque<Value>, VecDeque<Value>) =
            std::mem::take(&mut self.notifications).into_iter().partition(|m| is_publish_of(m, uri));
        self.notifications = rest;
        mine.into_iter().collect()
    }

    /// Waits until `take` finds what it looks for in what has arrived.
    pub fn wait_for<T>(&mut self, mut take: impl FnMut(&mut Server) -> Option<T>, what: &str) -> T {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(found) = take(self) {
                return found;
            }
            let now = Instant::now();
            if now >= deadline {
                self.fail(&format!("timed out waiting for {what}"));
            }
            match self.messages.recv_timeout(deadline - now) {
                Ok(message) => self.file(message),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.fail(&format!("the server closed stdout while waiting for {what}"))
                }
            }
        }
    }

    /// Files whatever arrives within `wait`.
    pub fn pump(&mut self, wait: Duration) {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) => self.file(message),
                Err(_) => return,
            }
        }
    }

    fn file(&mut self, message: Value) {
        let is_response = message.get("method").is_none();
        match message.get("id").and_then(Value::as_i64) {
            Some(id) if is_response => {
                self.responses.insert(id, message);
            }
            _ => self.notifications.push_back(message),
        }
    }

    /// Waits for a request from the server with `method`, answers it with `result` and returns its params.
    pub fn answer(&mut self, method: &str, result: Value) -> Value {
        let request = self.wait_for(
            |server| {
                let at = server.notifications.iter().position(|m| m["method"] == method && m.get("id").is_some())?;
                server.notifications.remove(at)
            },
            &format!("a {method} request from the server"),
        );
        let id = request["id"].clone();
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
        request["params"].clone()
    }

    /// Opens a document.
    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": version, "text": text } }),
        );
    }

    /// Sends one `didChange` with the given changes (`{range, text}` objects or `{text}` for the whole document).
    pub fn change(&mut self, uri: &str, version: i64, changes: Vec<Value>) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    pub fn close(&mut self, uri: &str) {
        self.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response.get("result"), Some(&Value::Null), "shutdown answered {response}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end by itself.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for podls") {
                return status;
            }
            if Instant::now() >= deadline {
                self.fail("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Closes the server's stdin, as a client that goes away does.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().expect("query podls").is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_publish_of(message: &Value, uri: &str) -> bool {
    message.get("method").and_then(Value::as_str) == Some("textDocument/publishDiagnostics")
        && message["params"]["uri"].as_str() == Some(uri)
}

fn tail(text: &str, bytes: usize) -> &str {
    let mut start = text.len().saturating_sub(bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// Reads one `Content-Length`-framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A position `{line, character}` of byte `offset` in `text`, counting characters in `unit` ("utf-8", "utf-16" or
/// "utf-32"), computed independently of the server.
pub fn position(text: &str, offset: usize, unit: &str) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let prefix = &before[line_start..];
    let character = match unit {
        "utf-8" => prefix.len(),
        "utf-16" => prefix.encode_utf16().count(),
        "utf-32" => prefix.chars().count(),
        other => panic!("unknown unit {other}"),
    };
    json!({ "line": line, "character": character })
}

/// A range from byte offsets (see [`position`]).
pub fn range(text: &str, start: usize, end: usize, unit: &str) -> Value {
    json!({ "start": position(text, start, unit), "end": position(text, end, unit) })
}

/// The `(line, character, code)` of each diagnostic, sorted, for compact assertions.
pub fn summary(diagnostics: &[Value]) -> Vec<(u64, u64, String)> {
    let mut out: Vec<(u64, u64, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
                d["range"]["start"]["character"].as_u64().unwrap_or(u64::MAX),
                d["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The codes of the diagnostics, sorted.
pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    summary(diagnostics).into_iter().map(|(_, _, code)| code).collect()
}
