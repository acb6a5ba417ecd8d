//! `textDocument/inlayHint`.

use tower_lsp_server::ls_types::{self as lsp, InlayHintParams, Uri};

use super::DocumentRequest;
use podls_engine::text::TextRange;

use super::root;
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for InlayHintParams {
    fn uri(&self) -> &Uri {
        &self.text_document.uri
    }
}

/// The values the API server fills in, and the numbers probe port names stand for, in the requested range. Empty
/// unless the `inlayHints.enabled` setting is on. Only the `---` documents the range touches are read.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), range = ?params.range))]
pub(crate) fn inlay_hint(snapshot: &Snapshot, params: InlayHintParams) -> Option<Vec<lsp::InlayHint>> {
    if !snapshot.inlay_hints {
        return Some(Vec::new());
    }
    let document = &snapshot.document;
    let features = snapshot.features;
    let range = convert::text_range(document, params.range, features.unit);
    let first = document.part_at(range.start).index;
    let last = document.part_at(range.end).index;
    let mut hints = Vec::new();
    for part in document.parts().skip(first).take(last - first + 1) {
        let Some(root) = root(&part) else {
            continue;
        };
        let wanted = TextRange::new(range.start.max(part.start) - part.start, range.end.max(part.start) - part.start);
        for hint in podls_engine::ide::inlay_hints::document_inlay_hints(part.part.text(), root) {
            if wanted.start <= hint.offset && hint.offset <= wanted.end {
                hints.push(convert::inlay_hint(&part, hint, features.unit, features.markdown));
            }
        }
    }
    Some(hints)
}
