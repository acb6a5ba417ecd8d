//! `textDocument/didClose`.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::lsp::ServerState;

/// Forgets a document and queues the clearing of its diagnostics.
#[tracing::instrument(skip_all, fields(uri = %params.text_document.uri.as_str()))]
pub(crate) fn did_close(state: &ServerState, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if state.documents.close(uri.as_str()) {
        state.diagnostics.closed(uri);
    } else {
        tracing::debug!("ignoring the close of a document that is not open");
    }
}
