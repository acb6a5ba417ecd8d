//! `textDocument/hover`.

use tower_lsp_server::ls_types::{self as lsp, HoverParams, Uri};

use super::DocumentRequest;
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for HoverParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position_params.text_document.uri
    }
}

/// The field under the cursor: its path, type, allowed values and documentation.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position_params.position))]
pub(crate) fn hover(snapshot: &Snapshot, params: HoverParams) -> Option<lsp::Hover> {
    let document = &snapshot.document;
    let unit = snapshot.features.unit;
    let offset = convert::offset(document, params.text_document_position_params.position, unit);
    let part = document.part_at(offset);
    let hover = if super::is_settings_file(&snapshot.uri) {
        podls_engine::ide::settings_file::hover(part.part.text(), offset - part.start)?
    } else {
        let analysis = part.part.analysis();
        let target = &document.options().target;
        podls_engine::ide::hover::document_hover_for(part.part.text(), &analysis.parse, offset - part.start, target)?
    };
    Some(convert::hover(&part, hover, unit, snapshot.features.markdown))
}
