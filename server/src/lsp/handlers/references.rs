//! `textDocument/references`.

use tower_lsp_server::ls_types::{self as lsp, ReferenceParams, Uri};

use super::DocumentRequest;
use super::{document_at, root};
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for ReferenceParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position.text_document.uri
    }
}

/// Every use of the name under the cursor in its `---` document, and its declaration when the client asks.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position.position))]
pub(crate) fn references(snapshot: &Snapshot, params: ReferenceParams) -> Option<Vec<lsp::Location>> {
    let (part, offset) = document_at(snapshot, params.text_document_position.position);
    let include_declaration = params.context.include_declaration;
    let ranges =
        podls_engine::ide::navigation::document_references(part.part.text(), root(&part)?, offset, include_declaration);
    let unit = snapshot.features.unit;
    Some(ranges.into_iter().map(|range| convert::location(&snapshot.uri, &part, range, unit)).collect())
}
