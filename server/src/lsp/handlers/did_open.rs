//! `textDocument/didOpen`.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::lsp::ServerState;

/// Opens (or reopens) a document and queues its first publish.
#[tracing::instrument(skip_all, fields(uri = %params.text_document.uri.as_str(), version = params.text_document.version))]
pub(crate) fn did_open(state: &ServerState, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    let options = state.analysis_options(&document.uri);
    state.documents.open(document.uri.as_str(), &document.text, document.version, options);
    state.diagnostics.changed(document.uri);
}
