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

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::Uri;

use super::{ServerState, handlers};

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
pub(crate) async fn run(state: Arc<ServerState>, client: Client, mut events: UnboundedReceiver<Event>) {
    let mut batch = Vec::new();
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
                Job::Clear(uri) => client.publish_diagnostics(uri, Vec::new(), None).await,
                Job::Publish(uri) => publish(&state, &client, uri).await,
            }
        }
    }
}

async fn publish(state: &Arc<ServerState>, client: &Client, uri: Uri) {
    let Some(snapshot) = state.documents.get(uri.as_str()) else {
        return;
    };
    let unit = state.features().unit;
    let settings = state.settings();
    let started = std::time::Instant::now();
    let computed = {
        let (uri, snapshot) = (uri.clone(), Arc::clone(&snapshot));
        tokio::task::spawn_blocking(move || handlers::publish_diagnostics(&uri, &snapshot, unit, &settings)).await
    };
    let diagnostics = match computed {
        Ok(diagnostics) => diagnostics,
        Err(error) => {
            tracing::error!(uri = %uri.as_str(), %error, "computing diagnostics failed");
            return;
        }
    };
    if !state.documents.is_current(uri.as_str(), &snapshot) {
        tracing::trace!(uri = %uri.as_str(), version = snapshot.version(), "dropping diagnostics of an old version");
        return;
    }
    tracing::debug!(
        uri = %uri.as_str(),
        version = snapshot.version(),
        diagnostics = diagnostics.len(),
        elapsed_us = started.elapsed().as_micros() as u64,
        "publishing"
    );
    client.publish_diagnostics(uri, diagnostics, Some(snapshot.version())).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(name: &str) -> Uri {
        format!("file:///{name}.yaml").parse().unwrap()
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
