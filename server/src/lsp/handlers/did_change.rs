//! `textDocument/didChange`.

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::lsp::{ServerState, convert};

/// Applies a batch of changes in order, takes the new version and queues a publish. Changes to a document that is
/// not open are ignored.
#[tracing::instrument(skip_all, fields(uri = %params.text_document.uri.as_str(), version = params.text_document.version))]
pub(crate) fn did_change(state: &ServerState, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let unit = state.features().unit;
    let applied = state.documents.update(uri.as_str(), |document| {
        if version <= document.version() {
            // The protocol says versions increase; a client that breaks that still gets its edits applied.
            tracing::debug!(previous = document.version(), "the version did not increase");
        }
        // Each change applies to the text the previous one left.
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let range = convert::text_range(document, range, unit);
                    document.replace(range, &change.text);
                }
                None => document.replace_all(&change.text),
            }
        }
        document.set_version(version);
    });
    match applied {
        Some(()) => state.diagnostics.changed(uri),
        None => tracing::debug!("ignoring a change to a document that is not open"),
    }
}
