//! `textDocument/documentHighlight`.

use tower_lsp_server::ls_types::{self as lsp, DocumentHighlightParams, Uri};

use super::DocumentRequest;
use super::{document_at, root};
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for DocumentHighlightParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position_params.text_document.uri
    }
}

/// Every occurrence of the name under the cursor in its `---` document: the declaration as a write, uses as reads.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position_params.position))]
pub(crate) fn document_highlight(
    snapshot: &Snapshot,
    params: DocumentHighlightParams,
) -> Option<Vec<lsp::DocumentHighlight>> {
    let (part, offset) = document_at(snapshot, params.text_document_position_params.position);
    let highlights = podls_engine::ide::navigation::document_highlight(part.part.text(), root(&part)?, offset);
    let unit = snapshot.features.unit;
    Some(highlights.into_iter().map(|highlight| convert::document_highlight(&part, highlight, unit)).collect())
}
