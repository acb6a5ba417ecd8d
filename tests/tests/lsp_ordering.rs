//! The ordering stress test: thousands of rapid incremental edits, sent without waiting and interleaved with hover,
//! completion, code action and outline requests, must leave the server with exactly the client's text.
//!
//! The edits type a known multi-document file in a shuffled order, with junk typed in and deleted again and real
//! content deleted and retyped, across `---` lines, Hangul and emoji. The final text is therefore known, and its
//! diagnostics are a fingerprint of it: dozens of unknown fields, each named in its message and placed by its range.
//! The server's final publish must equal the diagnostics of the same text opened fresh. An edit applied out of order,
//! or at a position read in the wrong encoding, leaves a different text and a different fingerprint.

mod common;

use common::{Server, position, range};
use serde_json::{Value, json};

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The text the edits must end with.
fn target() -> String {
    let mut text = String::new();
    for d in 0..3 {
        text.push_str(&format!("---\n# 문서 {d} 😀\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-{d}\n"));
        for k in 0..12 {
            text.push_str(&format!("  k{d}x{k}서😀: v\n"));
        }
        text.push_str("spec:\n  containers:\n    - name: c\n      image: nginx:1.27\n");
    }
    text.push_str("---\nkind: pod\n");
    text
}

const JUNK: &[&str] =
    &["x", "서", "😀", "\n", ": ", "- ", "---\n", "\n---\n", "{", "]", "\t", "  ", "#", "é", "'", "\"", "..."];

/// One character of the client's text: part of the target (with its index there) or junk to be deleted again.
#[derive(Clone, Copy)]
struct Token {
    ch: char,
    target: Option<usize>,
}

/// The client's side: its text as tokens, and what is left to type.
struct Model {
    tokens: Vec<Token>,
    target: Vec<char>,
    placed: Vec<bool>,
}

impl Model {
    fn text(&self) -> String {
        self.tokens.iter().map(|t| t.ch).collect()
    }

    fn byte_offset(&self, token: usize) -> usize {
        self.tokens[..token].iter().map(|t| t.ch.len_utf8()).sum()
    }

    /// Replaces tokens `start..end` and returns the change as the client sends it, positions in `unit`.
    fn splice(&mut self, start: usize, end: usize, insert: Vec<Token>, unit: &str) -> Value {
        let text = self.text();
        let change = json!({
            "range": range(&text, self.byte_offset(start), self.byte_offset(end), unit),
            "text": insert.iter().map(|t| t.ch).collect::<String>(),
        });
        for token in &self.tokens[start..end] {
            if let Some(i) = token.target {
                self.placed[i] = false;
            }
        }
        for token in &insert {
            if let Some(i) = token.target {
                self.placed[i] = true;
            }
        }
        self.tokens.splice(start..end, insert);
        change
    }

    /// Types a run of target characters that are not placed yet, where they belong.
    fn type_target(&mut self, rng: &mut Rng, unit: &str) -> Option<Value> {
        let unplaced: Vec<usize> = (0..self.target.len()).filter(|&i| !self.placed[i]).collect();
        let first = *unplaced.get(rng.below(unplaced.len().max(1)))?;
        let mut run = vec![first];
        let len = 1 + rng.below(6);
        while run.len() < len && run.last().unwrap() + 1 < self.target.len() && !self.placed[run.last().unwrap() + 1] {
            run.push(run.last().unwrap() + 1);
        }
        // Right after the last placed target character that comes before it.
        let at = self.tokens.iter().rposition(|t| t.target.is_some_and(|i| i < first)).map_or(0, |p| p + 1);
        let insert = run.iter().map(|&i| Token { ch: self.target[i], target: Some(i) }).collect();
        Some(self.splice(at, at, insert, unit))
    }

    fn type_junk(&mut self, rng: &mut Rng, unit: &str) -> Value {
        let at = rng.below(self.tokens.len() + 1);
        let mut insert = Vec::new();
        for _ in 0..1 + rng.below(3) {
            insert.extend(JUNK[rng.below(JUNK.len())].chars().map(|ch| Token { ch, target: None }));
        }
        self.splice(at, at, insert, unit)
    }

    /// Deletes a run of junk, or of typed target text (to be typed again), starting at a random token.
    fn delete(&mut self, rng: &mut Rng, unit: &str, junk: bool) -> Option<Value> {
        let candidates: Vec<usize> =
            (0..self.tokens.len()).filter(|&i| self.tokens[i].target.is_none() == junk).collect();
        let start = *candidates.get(rng.below(candidates.len().max(1)))?;
        let mut end = start + 1;
        let max = 1 + rng.below(if junk { 8 } else { 4 });
        while end < self.tokens.len() && end - start < max && self.tokens[end].target.is_none() == junk {
            end += 1;
        }
        Some(self.splice(start, end, Vec::new(), unit))
    }

    fn done(&self) -> bool {
        self.placed.iter().all(|&p| p) && self.tokens.iter().all(|t| t.target.is_some())
    }
}

/// A request at a random place of the client's current text.
fn random_request(server: &mut Server, rng: &mut Rng, uri: &str, text: &str, unit: &str) -> i64 {
    let mut offset = rng.below(text.len() + 1);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let at = position(text, offset, unit);
    let document = json!({ "uri": uri });
    match rng.below(10) {
        0..=3 => server.send_request("textDocument/hover", json!({ "textDocument": document, "position": at })),
        4..=7 => server.send_request("textDocument/completion", json!({ "textDocument": document, "position": at })),
        8 => server.send_request(
            "textDocument/codeAction",
            json!({ "textDocument": document, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } }),
        ),
        _ => server.send_request("textDocument/documentSymbol", json!({ "textDocument": document })),
    }
}

/// Replaces every occurrence of `uri` in a JSON value, so diagnostics of two documents can be compared.
fn without_uri(value: &Value, uri: &str) -> Value {
    match value {
        Value::String(s) if s == uri => Value::String("<uri>".to_owned()),
        Value::Array(items) => Value::Array(items.iter().map(|v| without_uri(v, uri)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), without_uri(v, uri))).collect()),
        other => other.clone(),
    }
}

fn stress(unit: &str, edits: usize, seed: u64) {
    let uri = "file:///stress/typed.yaml";
    let (mut server, result) = Server::start(json!({ "general": { "positionEncodings": [unit] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], unit);
    let final_text = target();
    let chars: Vec<char> = final_text.chars().collect();
    let mut model = Model { tokens: Vec::new(), placed: vec![false; chars.len()], target: chars };
    let mut rng = Rng(seed);
    server.open(uri, 1, "");

    let mut version = 1;
    let mut requests = Vec::new();
    let mut sent = 0;
    let mut finishing = false;
    while !(finishing && model.done()) {
        // One change, or now and then a batch of two or three applied one after the other.
        let mut changes = Vec::new();
        for _ in 0..if rng.chance(10) { 2 + rng.below(2) } else { 1 } {
            let change = if finishing {
                model.delete(&mut rng, unit, true).or_else(|| model.type_target(&mut rng, unit))
            } else {
                match rng.below(100) {
                    0..=49 => model.type_target(&mut rng, unit),
                    50..=74 => Some(model.type_junk(&mut rng, unit)),
                    75..=89 => model.delete(&mut rng, unit, true),
                    _ => model.delete(&mut rng, unit, false),
                }
            };
            changes.extend(change);
        }
        if changes.is_empty() {
            continue;
        }
        version += 1;
        sent += 1;
        server.change(uri, version, changes);
        if rng.chance(40) {
            let text = model.text();
            requests.push(random_request(&mut server, &mut rng, uri, &text, unit));
        }
        finishing = sent >= edits;
    }
    assert_eq!(model.text(), final_text, "the client's own bookkeeping");

    // Every request is answered: a result, or "method not found" for a feature the server does not offer.
    for id in requests {
        let response = server.response(id);
        let ok = response.get("result").is_some() || response["error"]["code"] == -32601;
        assert!(ok, "request {id} got {response}");
    }

    // Publishes come in version order, and the last one is for the last version.
    let mut versions = Vec::new();
    let last = server.wait_for(
        |server| {
            for publish in server.take_publishes(uri) {
                versions.push(publish["params"]["version"].as_i64().expect("a version"));
                if versions.last() == Some(&version) {
                    return Some(publish["params"]["diagnostics"].clone());
                }
            }
            None
        },
        "the publish of the last version",
    );
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "publishes out of order: {versions:?}");

    // The fingerprint: the same text opened fresh gives the same diagnostics.
    let fresh = "file:///stress/fresh.yaml";
    server.open(fresh, 1, &final_text);
    let expected = Value::Array(server.diagnostics(fresh, Some(1)));
    let unknown = expected.as_array().unwrap().iter().filter(|d| d["code"] == "unknown-field").count();
    assert_eq!(unknown, 36, "the fingerprint names every key: {expected}");
    assert_eq!(without_uri(&last, uri), without_uri(&expected, fresh), "{unit}: {sent} edits, seed {seed}");
    assert!(server.shutdown().success());
}

#[test]
fn two_thousand_rapid_edits_interleaved_with_requests_utf16() {
    stress("utf-16", 2_000, 0x5eed_0001);
}

#[test]
fn rapid_edits_interleaved_with_requests_utf8() {
    stress("utf-8", 600, 0x5eed_0002);
}
