//! The one writer of stdout: tower-lsp's messages, and the publishes the diagnostics task encodes itself, each
//! message whole.
//!
//! tower-lsp sends a notification by turning its parameters into a `serde_json::Value` tree and then encoding that
//! tree: for a file of 10,000 documents, a tree of 10,000 diagnostics on every keystroke, which cost more than the
//! analysis. The diagnostics task encodes its publishes straight to JSON on the blocking pool and hands the finished
//! message here. tower-lsp writes into a pipe whose other end is read here, cut at its messages' `Content-Length`
//! boundaries, so that a publish never lands inside one of its messages.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

/// Where the diagnostics task sends messages it has encoded.
#[derive(Clone, Debug)]
pub(crate) struct Outbox(UnboundedSender<Vec<u8>>);

impl Outbox {
    /// Frames a JSON-RPC message body and queues it for writing.
    pub(crate) fn send(&self, body: &[u8]) {
        let mut message = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        message.extend_from_slice(body);
        if self.0.send(message).is_err() {
            tracing::debug!("the writer has stopped; a message is dropped");
        }
    }
}

/// Starts the writer. Returns the stream tower-lsp writes to, the outbox, and the writer task, which ends once
/// tower-lsp's stream is closed and everything it wrote has been written.
pub(crate) fn spawn<O>(output: O) -> (DuplexStream, Outbox, JoinHandle<()>)
where
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (server_side, writer_side) = tokio::io::duplex(1 << 16);
    let (outbox, queued) = unbounded_channel();
    let task = tokio::spawn(run(writer_side, queued, output));
    (server_side, Outbox(outbox), task)
}

async fn run<R, O>(mut from_server: R, mut queued: UnboundedReceiver<Vec<u8>>, mut output: O)
where
    R: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let mut queue_open = true;
    loop {
        tokio::select! {
            read = from_server.read(&mut chunk) => {
                let read = match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                pending.extend(chunk.get(..read).unwrap_or_default());
                let mut whole = 0;
                while let Some(len) = pending.get(whole..).and_then(message_len) {
                    whole += len;
                }
                if whole > 0 {
                    let done: Vec<u8> = pending.drain(..whole).collect();
                    if write(&mut output, &done).await.is_err() {
                        break;
                    }
                }
            }
            message = queued.recv(), if queue_open => match message {
                Some(message) => {
                    if write(&mut output, &message).await.is_err() {
                        break;
                    }
                }
                None => queue_open = false,
            },
        }
    }
    // tower-lsp has closed its end, and what it wrote whole (the answer to `shutdown`, say) is out. Messages queued
    // by then go out too; a part of a message is dropped.
    while let Ok(message) = queued.try_recv() {
        if write(&mut output, &message).await.is_err() {
            break;
        }
    }
    let _ = output.flush().await;
}

async fn write<O: AsyncWrite + Unpin>(output: &mut O, bytes: &[u8]) -> std::io::Result<()> {
    output.write_all(bytes).await?;
    output.flush().await
}

/// The length of the whole message at the start of `bytes` (headers, blank line and body), once all of it is there.
fn message_len(bytes: &[u8]) -> Option<usize> {
    let end_of_headers = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let headers = std::str::from_utf8(bytes.get(..end_of_headers)?).ok()?;
    let length: usize = headers
        .split("\r\n")
        .find_map(|line| line.split_once(':').filter(|(name, _)| name.eq_ignore_ascii_case("content-length")))
        .and_then(|(_, value)| value.trim().parse().ok())?;
    let total = end_of_headers.checked_add(length)?;
    (bytes.len() >= total).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_whole_only_with_all_of_its_body() {
        let message = b"Content-Length: 5\r\n\r\nhello";
        assert_eq!(message_len(message), Some(message.len()));
        assert_eq!(message_len(&message[..message.len() - 1]), None);
        assert_eq!(message_len(b"Content-Length: 5\r\n"), None);
        let first = "Content-Length: 2\r\nContent-Type: x\r\n\r\n{}";
        let second = "content-length: 1\r\n\r\n1";
        let two = format!("{first}{second}");
        assert_eq!(message_len(two.as_bytes()), Some(first.len()));
        assert_eq!(message_len(&two.as_bytes()[first.len()..]), Some(second.len()));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn queued_messages_never_land_inside_the_servers_messages() {
        let (client_end, mut output) = tokio::io::duplex(1 << 20);
        let (mut server, outbox, task) = spawn(client_end);
        // Half a message from the server, then a queued one, then the rest: the queued one waits.
        server.write_all(b"Content-Length: 10\r\n\r\n01234").await.unwrap();
        tokio::task::yield_now().await;
        outbox.send(b"{}");
        tokio::task::yield_now().await;
        server.write_all(b"56789").await.unwrap();
        drop(server);
        task.await.unwrap();
        let mut written = Vec::new();
        output.read_to_end(&mut written).await.unwrap();
        let written = String::from_utf8(written).unwrap();
        assert!(
            written == "Content-Length: 10\r\n\r\n0123456789Content-Length: 2\r\n\r\n{}"
                || written == "Content-Length: 2\r\n\r\n{}Content-Length: 10\r\n\r\n0123456789",
            "{written:?}"
        );
    }
}
