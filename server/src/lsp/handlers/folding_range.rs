//! `textDocument/foldingRange`.

use tower_lsp_server::ls_types::{self as lsp, FoldingRangeParams, Uri};

use super::DocumentRequest;
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for FoldingRangeParams {
    fn uri(&self) -> &Uri {
        &self.text_document.uri
    }
}

/// Folds per `---` document, per multi-line block and per run of comments, from each document's cached parse.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str()))]
pub(crate) fn folding_range(snapshot: &Snapshot, params: FoldingRangeParams) -> Option<Vec<lsp::FoldingRange>> {
    let _ = params;
    let mut ranges = Vec::new();
    for part in snapshot.document.parts() {
        let root = part.part.analysis().parse.root.as_ref();
        for folding in podls_engine::ide::folding::document_folding_ranges(part.part.text(), root) {
            ranges.extend(convert::folding_range(&part, folding));
        }
    }
    Some(ranges)
}
