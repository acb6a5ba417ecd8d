//! `textDocument/completion`.

use tower_lsp_server::ls_types::{CompletionParams, CompletionResponse, Uri};

use super::DocumentRequest;
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for CompletionParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position.text_document.uri
    }
}

/// What may be typed at the cursor, from the schema.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position.position))]
pub(crate) fn completion(snapshot: &Snapshot, params: CompletionParams) -> Option<CompletionResponse> {
    let document = &snapshot.document;
    let features = snapshot.features;
    let offset = convert::offset(document, params.text_document_position.position, features.unit);
    let part = document.part_at(offset);
    let items = if super::is_settings_file(&snapshot.uri) {
        podls_engine::ide::settings_file::completions(part.part.text(), offset - part.start)
    } else {
        let analysis = part.part.analysis();
        let target = &document.options().target;
        podls_engine::ide::completion::document_completions_for(
            part.part.text(),
            &analysis.parse,
            offset - part.start,
            target,
        )
    };
    let items = items
        .into_iter()
        .map(|item| convert::completion_item(&part, item, features.unit, features.snippets, features.markdown))
        .collect();
    Some(CompletionResponse::Array(items))
}
