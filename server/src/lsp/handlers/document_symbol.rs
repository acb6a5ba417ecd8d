//! `textDocument/documentSymbol`.

use tower_lsp_server::ls_types::{DocumentSymbolParams, DocumentSymbolResponse, Uri};

use super::DocumentRequest;
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for DocumentSymbolParams {
    fn uri(&self) -> &Uri {
        &self.text_document.uri
    }
}

/// The outline: one symbol per `---` document, from each document's cached parse.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str()))]
pub(crate) fn document_symbol(snapshot: &Snapshot, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let _ = params;
    let unit = snapshot.features.unit;
    let mut symbols = Vec::new();
    for part in snapshot.document.parts() {
        let Some(root) = &part.part.analysis().parse.root else {
            continue;
        };
        if let Some(symbol) = podls_engine::ide::symbols::document_symbol(root) {
            symbols.push(convert::document_symbol(&part, symbol, unit));
        }
    }
    if snapshot.features.hierarchical_symbols {
        return Some(DocumentSymbolResponse::Nested(symbols));
    }
    let mut flat = Vec::new();
    convert::flatten_symbols(&snapshot.uri, symbols, None, &mut flat);
    Some(DocumentSymbolResponse::Flat(flat))
}
