//! `textDocument/definition`.

use tower_lsp_server::ls_types::{GotoDefinitionParams, GotoDefinitionResponse, Uri};

use super::DocumentRequest;
use super::{document_at, root};
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for GotoDefinitionParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position_params.text_document.uri
    }
}

/// Where the name under the cursor is declared: the volume, container, port or environment variable it names, in
/// the same `---` document. `null` on anything else, and on ConfigMaps and Secrets, which other objects declare.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position_params.position))]
pub(crate) fn definition(snapshot: &Snapshot, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let (part, offset) = document_at(snapshot, params.text_document_position_params.position);
    let ranges = podls_engine::ide::navigation::document_definition(part.part.text(), root(&part)?, offset);
    if ranges.is_empty() {
        return None;
    }
    let unit = snapshot.features.unit;
    Some(GotoDefinitionResponse::Array(
        ranges.into_iter().map(|range| convert::location(&snapshot.uri, &part, range, unit)).collect(),
    ))
}
