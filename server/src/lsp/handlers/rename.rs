//! `textDocument/prepareRename` and `textDocument/rename`.

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{PrepareRenameResponse, RenameParams, TextDocumentPositionParams, Uri, WorkspaceEdit};

use super::{DocumentRequest, document_at, root};
use crate::lsp::{Snapshot, convert};

/// `textDocument/prepareRename`.
impl DocumentRequest for TextDocumentPositionParams {
    fn uri(&self) -> &Uri {
        &self.text_document.uri
    }
}

impl DocumentRequest for RenameParams {
    fn uri(&self) -> &Uri {
        &self.text_document_position.text_document.uri
    }
}

/// The protocol's `RequestFailed`: the request was valid, but the server refuses it (the message says why).
const REQUEST_FAILED: i64 = -32803;

fn refusal(message: String) -> jsonrpc::Error {
    jsonrpc::Error { code: jsonrpc::ErrorCode::ServerError(REQUEST_FAILED), message: message.into(), data: None }
}

/// The name a rename would change and its current text, or an error saying what can be renamed. `null` in a
/// document with no tree at all.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.position))]
pub(crate) fn prepare_rename(
    snapshot: &Snapshot,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
    let (part, offset) = document_at(snapshot, params.position);
    let Some(root) = root(&part) else {
        return Ok(None);
    };
    let prepared =
        podls_engine::ide::navigation::document_prepare_rename(part.part.text(), root, offset).map_err(refusal)?;
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: convert::part_range(&part, prepared.range, snapshot.features.unit),
        placeholder: prepared.placeholder,
    }))
}

/// One workspace edit that renames every occurrence of the name under the cursor in its `---` document, or an
/// error with the engine's reason (not a name; a new name that is invalid for what it names, or already taken).
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position.position))]
pub(crate) fn rename(snapshot: &Snapshot, params: RenameParams) -> jsonrpc::Result<Option<WorkspaceEdit>> {
    let (part, offset) = document_at(snapshot, params.text_document_position.position);
    let Some(root) = root(&part) else {
        return Ok(None);
    };
    let edits = podls_engine::ide::navigation::document_rename(part.part.text(), root, offset, &params.new_name)
        .map_err(refusal)?;
    Ok(Some(convert::workspace_edit(&snapshot.uri, &part, &edits, snapshot.features.unit)))
}
