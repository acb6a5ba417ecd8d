//! The one task that publishes diagnostics, off the request path.
//!
//! Document notifications only queue an [`Event`]. The task takes everything queued, keeps the last event of each
//! document (a burst of edits becomes one publish), computes on a snapshot in `spawn_blocking`, and publishes with the
//! snapshot's version only if the snapshot is still current: a result overtaken by an edit is dropped, and that
//! edit's own event is already queued. There is no timer: the only coalescing is of what has already arrived.
//!
//! Every change leads to a publish, also when the diagnostics did not change, because clients take a publish as
//! "current for this version". Publishes come from this one task, so they reach the client in order.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tower_lsp_server::ls_types::notification::PublishDiagnostics;
use tower_lsp_server::ls_types::{self as lsp, Diagnostic, PublishDiagnosticsParams, Uri};

use super::outbox::Outbox;
use super::{ServerState, handlers};
use podls_engine::ide::config::Settings;
use podls_engine::ide::document::Part;
use podls_engine::text::ColumnUnit;

/// Why a document's diagnostics must be published again.
#[derive(Debug)]
pub(crate) enum Event {
    /// Opened or edited: publish its diagnostics.
    Changed(Uri),
    /// Closed: clear its diagnostics.
    Closed(Uri),
    /// The settings changed: publish every open document again.
    Everything,
}

/// The sending end, held by the server state. Sending never blocks and never fails while the task runs.
#[derive(Debug)]
pub(crate) struct Sender(UnboundedSender<Event>);

pub(crate) fn channel() -> (Sender, UnboundedReceiver<Event>) {
    let (tx, rx) = unbounded_channel();
    (Sender(tx), rx)
}

impl Sender {
    pub(crate) fn changed(&self, uri: Uri) {
        self.send(Event::Changed(uri));
    }

    pub(crate) fn closed(&self, uri: Uri) {
        self.send(Event::Closed(uri));
    }

    pub(crate) fn everything(&self) {
        self.send(Event::Everything);
    }

    fn send(&self, event: Event) {
        if self.0.send(event).is_err() {
            tracing::debug!("the diagnostics task has stopped");
        }
    }
}

/// The protocol diagnostics of each `---` document of one file, converted once and kept while its text is unchanged.
/// Their lines count from the document's first line, so a document that only moved is not converted again; a
/// keystroke converts the diagnostics of the document it changed, and the others are copied.
#[derive(Debug, Default)]
pub(crate) struct ConvertedDiagnostics {
    /// By the document's address. The `Arc` keeps the document alive, so its address is not reused by another one.
    parts: HashMap<usize, (Arc<Part>, Arc<[lsp::Diagnostic]>)>,
    /// What they were converted with.
    unit: Option<ColumnUnit>,
    settings: Option<Arc<Settings>>,
}

/// The documents converted for the previous publish, for the next one to take from.
pub(crate) struct Previous(HashMap<usize, (Arc<Part>, Arc<[lsp::Diagnostic]>)>);

impl ConvertedDiagnostics {
    /// Starts a publish: hands over what the last one converted, unless it was converted another way.
    pub(crate) fn begin(&mut self, unit: ColumnUnit, settings: &Arc<Settings>) -> Previous {
        let same_settings = self.settings.as_ref().is_some_and(|s| Arc::ptr_eq(s, settings) || **s == **settings);
        if self.unit != Some(unit) || !same_settings {
            self.parts.clear();
            self.unit = Some(unit);
            self.settings = Some(Arc::clone(settings));
        }
        Previous(std::mem::take(&mut self.parts))
    }

    /// Keeps one document's converted diagnostics for the next publish.
    pub(crate) fn keep(&mut self, part: &Arc<Part>, local: Arc<[lsp::Diagnostic]>) {
        self.parts.insert(address(part), (Arc::clone(part), local));
    }
}

impl Previous {
    /// The diagnostics converted for this very document, if the previous publish had it.
    pub(crate) fn take(&mut self, part: &Arc<Part>) -> Option<Arc<[lsp::Diagnostic]>> {
        self.0.remove(&address(part)).map(|(_, local)| local)
    }
}

fn address(part: &Arc<Part>) -> usize {
    Arc::as_ptr(part) as usize
}

/// What to do for one document after coalescing.
#[derive(Debug, PartialEq, Eq)]
enum Job {
    Publish(Uri),
    Clear(Uri),
}

/// The last event of each document wins; documents keep the order of their last event.
fn coalesce(events: impl IntoIterator<Item = Event>, open: impl Fn() -> Vec<Uri>) -> Vec<Job> {
    let mut jobs: Vec<Option<Job>> = Vec::new();
    let mut index: HashMap<Uri, usize> = HashMap::new();
    let mut push = |uri: Uri, job: Job| {
        if let Some(superseded) = index.insert(uri, jobs.len()).and_then(|previous| jobs.get_mut(previous)) {
            *superseded = None;
        }
        jobs.push(Some(job));
    };
    for event in events {
        match event {
            Event::Changed(uri) => push(uri.clone(), Job::Publish(uri)),
            Event::Closed(uri) => push(uri.clone(), Job::Clear(uri)),
            Event::Everything => {
                for uri in open() {
                    push(uri.clone(), Job::Publish(uri));
                }
            }
        }
    }
    jobs.into_iter().flatten().collect()
}

/// Runs until the server stops (the sender is dropped with the server state).
pub(crate) async fn run(state: Arc<ServerState>, outbox: Outbox, mut events: UnboundedReceiver<Event>) {
    let mut batch = Vec::new();
    let mut converted: HashMap<Uri, ConvertedDiagnostics> = HashMap::new();
    while let Some(event) = events.recv().await {
        batch.push(event);
        // Let the reader queue what it already holds (a paste, a multi-cursor edit, a replayed undo stack), so a
        // burst becomes one publish. A yield, not a timer: nothing waits for input that has not arrived.
        tokio::task::yield_now().await;
        while let Ok(event) = events.try_recv() {
            batch.push(event);
        }
        let open = || state.documents.uris().into_iter().filter_map(|uri| uri.parse().ok()).collect();
        for job in coalesce(batch.drain(..), open) {
            match job {
                Job::Clear(uri) => {
                    converted.remove(&uri);
                    outbox.send(&encode(uri, Vec::new(), None));
                }
                Job::Publish(uri) => {
                    let cache = converted.remove(&uri).unwrap_or_default();
                    if let Some(cache) = publish(&state, &outbox, uri.clone(), cache).await {
                        converted.insert(uri, cache);
                    }
                }
            }
        }
    }
}

/// Publishes one document's diagnostics, converting only what `converted` does not hold; returns the cache for the
/// next publish (none when the document was closed or the computation failed).
async fn publish(
    state: &Arc<ServerState>,
    outbox: &Outbox,
    uri: Uri,
    mut converted: ConvertedDiagnostics,
) -> Option<ConvertedDiagnostics> {
    let snapshot = state.documents.get(uri.as_str())?;
    let unit = state.features().unit;
    let started = std::time::Instant::now();
    let computed = {
        let (uri, snapshot, state) = (uri.clone(), Arc::clone(&snapshot), Arc::clone(state));
        tokio::task::spawn_blocking(move || {
            // The document's settings file may have to be read: IO belongs here, off the async workers.
            let settings = state.settings_for(&uri);
            let checked = state.is_checked(&uri);
            let diagnostics = if checked {
                handlers::publish_diagnostics(&uri, &snapshot, &mut converted, unit, &settings)
            } else {
                Vec::new()
            };
            let count = diagnostics.len();
            (encode(uri, diagnostics, Some(snapshot.version())), count, converted)
        })
        .await
    };
    let (message, count, converted) = match computed {
        Ok(computed) => computed,
        Err(error) => {
            tracing::error!(uri = %uri.as_str(), %error, "computing diagnostics failed");
            return None;
        }
    };
    if !state.documents.is_current(uri.as_str(), &snapshot) {
        tracing::trace!(uri = %uri.as_str(), version = snapshot.version(), "dropping diagnostics of an old version");
        return Some(converted);
    }
    tracing::debug!(
        uri = %uri.as_str(),
        version = snapshot.version(),
        diagnostics = count,
        elapsed_us = started.elapsed().as_micros() as u64,
        "publishing"
    );
    outbox.send(&message);
    Some(converted)
}

/// The `textDocument/publishDiagnostics` notification, encoded: straight to JSON, without tower-lsp's detour through
/// a `serde_json::Value` tree (see `outbox`).
fn encode(uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> Vec<u8> {
    #[derive(Serialize)]
    struct Notification {
        jsonrpc: &'static str,
        method: &'static str,
        params: PublishDiagnosticsParams,
    }
    let notification = Notification {
        jsonrpc: "2.0",
        method: <PublishDiagnostics as tower_lsp_server::ls_types::notification::Notification>::METHOD,
        params: PublishDiagnosticsParams { uri, diagnostics, version },
    };
    // Protocol types always serialize; an empty body would be dropped by the client as malformed, never half-read.
    serde_json::to_vec(&notification).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(name: &str) -> Uri {
        format!("file:///{name}.yaml").parse().unwrap()
    }

    #[test]
    fn diagnostics_kept_from_the_last_publish_equal_fresh_ones_after_their_documents_move() {
        use podls_engine::ide::document::Document;
        use podls_engine::text::TextRange;

        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {a: x, a: y}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      imagePullPolicy: Sometimes\n";
        let uri = uri("a");
        let settings = Arc::new(Settings::default());
        let mut document = Document::new(&format!("{pod}---\n{pod}---\n{pod}"), 1);
        let mut kept = ConvertedDiagnostics::default();
        let first = handlers::publish_diagnostics(&uri, &document, &mut kept, ColumnUnit::Utf16, &settings);
        // Two lines more in the first document: the other two move down and keep their conversions.
        document.replace(TextRange::empty(0), "# moved\n\n");
        let moved = handlers::publish_diagnostics(&uri, &document, &mut kept, ColumnUnit::Utf16, &settings);
        let fresh = ConvertedDiagnostics::default();
        let expected = handlers::publish_diagnostics(&uri, &document, &mut { fresh }, ColumnUnit::Utf16, &settings);
        assert_eq!(moved, expected);
        assert_eq!(kept.parts.len(), 3);
        let last = first.last().expect("diagnostics");
        assert_eq!(moved.last().expect("diagnostics").range.start.line, last.range.start.line + 2);
        // Another unit converts everything again.
        let utf8 = handlers::publish_diagnostics(&uri, &document, &mut kept, ColumnUnit::Utf8, &settings);
        assert_eq!(utf8.len(), moved.len());
        assert_eq!(kept.unit, Some(ColumnUnit::Utf8));
    }

    #[test]
    fn the_last_event_of_each_document_wins() {
        let events = vec![
            Event::Changed(uri("a")),
            Event::Changed(uri("b")),
            Event::Changed(uri("a")),
            Event::Closed(uri("b")),
            Event::Everything,
            Event::Closed(uri("c")),
        ];
        let jobs = coalesce(events, || vec![uri("a")]);
        assert_eq!(jobs, vec![Job::Clear(uri("b")), Job::Publish(uri("a")), Job::Clear(uri("c"))]);
    }
}
