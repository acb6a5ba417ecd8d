//! Reads the client's `Content-Length`-framed messages and passes tower-lsp only messages it can decode.
//!
//! tower-lsp stops reading for good after its first decode error (tokio-util's `FramedRead` ends the stream after
//! an error), so one malformed message would take the server down. This task reads the frames itself. A frame
//! tower-lsp would reject becomes a `podls/malformed` request with a `null` id, which [`super::Sequencer`] answers
//! with the JSON-RPC error the protocol asks for (`-32700` parse error or `-32600` invalid request, `id: null`).
//! Then reading goes on.

use std::io::{BufRead, BufReader, Read};
use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::json;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The method of the stand-in request for a malformed message.
pub(crate) const MALFORMED: &str = "podls/malformed";

/// The most a header line may hold; longer lines are garbage, not headers.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// Frames read ahead of tower-lsp. A bound, so a client that floods the server is slowed down rather than buffered.
const READ_AHEAD: usize = 256;

/// Reads `input` on its own thread (blocking reads, no runtime involved) and returns what tower-lsp should read
/// instead: the same messages, re-framed, with malformed ones replaced.
pub(crate) fn spawn(input: impl Read + Send + 'static) -> FrameReader {
    let (tx, rx) = mpsc::channel(READ_AHEAD);
    let spawned = std::thread::Builder::new().name("podls-stdin".to_owned()).spawn(move || {
        forward(BufReader::with_capacity(64 * 1024, input), |frame| tx.blocking_send(frame).is_ok());
    });
    if let Err(error) = spawned {
        tracing::error!(%error, "cannot start the stdin thread");
    }
    FrameReader { frames: rx, current: Vec::new(), at: 0 }
}

/// Reads frames from `input` and hands each one, re-framed, to `emit` until the input ends or `emit` says stop.
fn forward(mut input: impl BufRead, mut emit: impl FnMut(Vec<u8>) -> bool) {
    loop {
        let frame = match read_frame(&mut input) {
            Ok(Some(frame)) => frame,
            Ok(None) => return,
            Err(error) => {
                tracing::debug!(%error, "reading the client failed");
                return;
            }
        };
        let body = match frame {
            Frame::Body(body) if decodes(&body) => body,
            Frame::Body(body) => {
                // JSON nested deeper than the parser goes is a parse error too: it cannot be read.
                let (code, message) = match serde_json::from_slice::<serde_json::Value>(&body) {
                    Ok(_) => (-32600, "invalid request: not a JSON-RPC 2.0 message"),
                    Err(_) => (-32700, "parse error: the message body is not JSON the server can read"),
                };
                tracing::warn!(code, bytes = body.len(), "malformed message");
                malformed(code, message)
            }
            Frame::NoLength => {
                tracing::warn!("a message without a Content-Length header");
                malformed(-32700, "parse error: a message without a Content-Length header")
            }
        };
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        if !emit(framed) {
            return;
        }
    }
}

/// Whether tower-lsp's decoder accepts `body` (its `Message` is a `Response` or a `Request`).
fn decodes(body: &[u8]) -> bool {
    serde_json::from_slice::<Request>(body).is_ok() || serde_json::from_slice::<Response>(body).is_ok()
}

fn malformed(code: i64, message: &str) -> Vec<u8> {
    let request = json!({
        "jsonrpc": "2.0",
        "id": null,
        "method": MALFORMED,
        "params": { "code": code, "message": message },
    });
    serde_json::to_vec(&request).expect("a JSON value serializes")
}

enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable `Content-Length`: its body, if any, cannot be found.
    NoLength,
}

/// Reads one frame; `None` at the end of the input.
fn read_frame(input: &mut impl BufRead) -> std::io::Result<Option<Frame>> {
    let mut length = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        saw_header = true;
        if let Some(value) = content_length(text) {
            length = value.trim().parse::<u64>().ok();
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::NoLength));
    };
    let mut body = Vec::new();
    if (input.by_ref().take(length).read_to_end(&mut body)? as u64) < length {
        return Ok(None);
    }
    Ok(Some(Frame::Body(body)))
}

/// The value of a `Content-Length` header found anywhere in a header line. Anywhere, so that after a wrong length
/// (the rest of a body runs into the next header, as JSON bodies have no line breaks) the next message is found again.
fn content_length(line: &str) -> Option<&str> {
    const NAME: &str = "content-length";
    let at = line.as_bytes().windows(NAME.len()).position(|w| w.eq_ignore_ascii_case(NAME.as_bytes()))?;
    line.get(at + NAME.len()..)?.trim_start().strip_prefix(':')
}

/// The `AsyncRead` tower-lsp reads: the frames of [`spawn`]'s thread, back to back.
pub(crate) struct FrameReader {
    frames: mpsc::Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

impl AsyncRead for FrameReader {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        while self.at == self.current.len() {
            match self.frames.poll_recv(cx) {
                Poll::Ready(Some(frame)) => {
                    self.current = frame;
                    self.at = 0;
                }
                // The input ended: an empty read is the end of the stream.
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let rest = self.current.get(self.at..).unwrap_or_default();
        let chunk = rest.get(..buf.remaining()).unwrap_or(rest);
        let n = chunk.len();
        buf.put_slice(chunk);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> Vec<serde_json::Value> {
        let mut output = Vec::new();
        forward(input, |frame| {
            output.extend(frame);
            true
        });
        let mut messages = Vec::new();
        let mut rest = &output[..];
        while !rest.is_empty() {
            let end = rest.windows(4).position(|w| w == b"\r\n\r\n").expect("a header") + 4;
            let length: usize = std::str::from_utf8(&rest[16..end - 4]).unwrap().trim().parse().unwrap();
            messages.push(serde_json::from_slice(&rest[end..end + length]).unwrap());
            rest = &rest[end + length..];
        }
        messages
    }

    #[test]
    fn well_formed_messages_pass_and_malformed_ones_become_stand_ins() {
        let good = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = Vec::new();
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", good.len()).as_bytes());
        input.extend_from_slice(good);
        input.extend_from_slice(b"Content-Length: 9\r\n\r\n{not json");
        input.extend_from_slice(
            b"content-length: 14\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        );
        input.extend_from_slice(br#"{"hello": [1]}"#);
        input.extend_from_slice(b"X-Nonsense: 1\r\n\r\n");
        input.extend_from_slice(format!("\r\nContent-Length: {}\n\n", good.len()).as_bytes());
        input.extend_from_slice(good);
        // A length two bytes short: the message is lost, the next one is found again.
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", good.len() - 2).as_bytes());
        input.extend_from_slice(good);
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", good.len()).as_bytes());
        input.extend_from_slice(good);
        input.extend_from_slice(b"Content-Length: 100\r\n\r\n{\"cut\":");
        let messages = run(&input);
        let methods: Vec<&str> = messages.iter().map(|m| m["method"].as_str().unwrap()).collect();
        assert_eq!(
            methods,
            vec!["initialized", MALFORMED, MALFORMED, MALFORMED, "initialized", MALFORMED, "initialized"]
        );
        assert_eq!(messages[1]["params"]["code"], -32700);
        assert_eq!(messages[2]["params"]["code"], -32600);
        assert_eq!(messages[3]["params"]["code"], -32700);
        assert_eq!(messages[1]["id"], serde_json::Value::Null);
    }
}
