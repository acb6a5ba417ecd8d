//! `textDocument/codeAction`: the quick fixes of the diagnostics in a range.

use tower_lsp_server::ls_types::{CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Uri};

use super::{DocumentRequest, part_diagnostics};
use crate::lsp::{Snapshot, convert};

impl DocumentRequest for CodeActionParams {
    fn uri(&self) -> &Uri {
        &self.text_document.uri
    }
}

/// Quick fixes for the diagnostics that touch the requested range.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), range = ?params.range))]
pub(crate) fn code_action(snapshot: &Snapshot, params: CodeActionParams) -> Option<CodeActionResponse> {
    let wants_quick_fixes = params
        .context
        .only
        .as_ref()
        .is_none_or(|only| only.iter().any(|kind| kind == &CodeActionKind::QUICKFIX || kind.as_str().is_empty()));
    if !wants_quick_fixes {
        return Some(Vec::new());
    }
    let document = &snapshot.document;
    let unit = snapshot.features.unit;
    let range = convert::text_range(document, params.range, unit);
    let first = document.part_at(range.start).index;
    let last = document.part_at(range.end).index;
    let mut actions = Vec::new();
    for part in document.parts().skip(first).take(last - first + 1) {
        for diagnostic in part_diagnostics(&part, &snapshot.settings).iter() {
            let at = diagnostic.range.shift(part.start);
            if diagnostic.fixes.is_empty() || at.start > range.end || range.start > at.end {
                continue;
            }
            let converted = convert::diagnostic(&snapshot.uri, &part, diagnostic, unit);
            for fix in &diagnostic.fixes {
                let mut action = convert::quick_fix(&snapshot.uri, &part, fix, converted.clone(), unit);
                action.is_preferred = Some(diagnostic.fixes.len() == 1);
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    Some(actions)
}
