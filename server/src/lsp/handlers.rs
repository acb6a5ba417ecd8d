//! One function per LSP method that touches documents, named after the method.
//!
//! Notifications (`did_open`, `did_change`, `did_close`) update the store and queue a publish; they run inside
//! [`super::Sequencer`], in arrival order, and never wait. Requests take a [`Snapshot`] captured when the request
//! arrived and answer from it: an unknown document or a bad position gives `null` or an empty list, never an error.
//! The one exception is rename, which answers an error saying why when it refuses (not a name, or an invalid new
//! name), so that the editor can show it.
//!
//! A request at a position works on the `---` document that holds it, with its cached parse and document-local
//! offsets; the engine's ranges are mapped back through that document's place in the file.

use std::borrow::Cow;
use std::sync::Arc;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, CompletionParams,
    CompletionResponse, DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentHighlightParams, DocumentSymbolParams, DocumentSymbolResponse, FoldingRangeParams, GotoDefinitionParams,
    GotoDefinitionResponse, HoverParams, InlayHintParams, PrepareRenameResponse, ReferenceParams, RenameParams,
    TextDocumentPositionParams, Uri, WorkspaceEdit,
};

use super::diagnostics_task::ConvertedDiagnostics;
use super::{ServerState, Snapshot, convert};
use podls_engine::diagnostics::Diagnostic;
use podls_engine::ide::config::Settings;
use podls_engine::ide::document::{Document, PartRef};
use podls_engine::syntax::Node;
use podls_engine::text::{ColumnUnit, TextRange};

/// Opens (or reopens) a document and queues its first publish.
#[tracing::instrument(skip_all, fields(uri = %params.text_document.uri.as_str(), version = params.text_document.version))]
pub(crate) fn did_open(state: &ServerState, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    state.documents.open(document.uri.as_str(), &document.text, document.version);
    state.diagnostics.changed(document.uri);
}

/// Applies a batch of changes in order, takes the new version and queues a publish. Changes to a document that is
/// not open are ignored.
#[tracing::instrument(skip_all, fields(uri = %params.text_document.uri.as_str(), version = params.text_document.version))]
pub(crate) fn did_change(state: &ServerState, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let unit = state.features().unit;
    let applied = state.documents.update(uri.as_str(), |document| {
        if version <= document.version() {
            // The protocol says versions increase; a client that breaks that still gets its edits applied.
            tracing::debug!(previous = document.version(), "the version did not increase");
        }
        // Each change applies to the text the previous one left.
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let range = convert::text_range(document, range, unit);
                    document.replace(range, &change.text);
                }
                None => document.replace_all(&change.text),
            }
        }
        document.set_version(version);
    });
    match applied {
        Some(()) => state.diagnostics.changed(uri),
        None => tracing::debug!("ignoring a change to a document that is not open"),
    }
}

/// Forgets a document and queues the clearing of its diagnostics.
#[tracing::instrument(skip_all, fields(uri = %params.text_document.uri.as_str()))]
pub(crate) fn did_close(state: &ServerState, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    if state.documents.close(uri.as_str()) {
        state.diagnostics.closed(uri);
    } else {
        tracing::debug!("ignoring the close of a document that is not open");
    }
}

/// The diagnostics of one `---` document as the user sees them (document-local ranges): the engine's, with the
/// settings and the document's `# podls-ignore` comments applied.
pub(crate) fn part_diagnostics<'a>(part: &PartRef<'a>, settings: &Settings) -> Cow<'a, [Diagnostic]> {
    let diagnostics = &part.part.analysis().diagnostics;
    if diagnostics.is_empty() {
        return Cow::Borrowed(diagnostics);
    }
    // Ignore comments are line-local, so a document's own text is all they need.
    Cow::Owned(settings.apply(part.part.text(), diagnostics.clone()))
}

/// Every diagnostic of a file, as published. Documents that were not edited reuse their cached analysis, and their
/// converted diagnostics from `converted`, which keeps those of the current documents only.
pub(crate) fn publish_diagnostics(
    uri: &Uri,
    document: &Document,
    converted: &mut ConvertedDiagnostics,
    unit: ColumnUnit,
    settings: &Arc<Settings>,
) -> Vec<lsp::Diagnostic> {
    document.analyze_all();
    let mut previous = converted.begin(unit, settings);
    let mut out = Vec::new();
    for part in document.parts() {
        let local = previous.take(part.part).unwrap_or_else(|| {
            // Converted as if the document started the file; moved to its line below.
            let at_top = PartRef { first_line: 0, ..part };
            part_diagnostics(&part, settings).iter().map(|d| convert::diagnostic(uri, &at_top, d, unit)).collect()
        });
        out.extend(local.iter().map(|d| convert::diagnostic_moved_down(d, part.first_line)));
        converted.keep(part.part, local);
    }
    out
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

/// The field under the cursor: its path, type, allowed values and documentation.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position_params.position))]
pub(crate) fn hover(snapshot: &Snapshot, params: HoverParams) -> Option<lsp::Hover> {
    let document = &snapshot.document;
    let unit = snapshot.features.unit;
    let offset = convert::offset(document, params.text_document_position_params.position, unit);
    let part = document.part_at(offset);
    let analysis = part.part.analysis();
    let hover = podls_engine::ide::hover::document_hover(part.part.text(), &analysis.parse, offset - part.start)?;
    Some(convert::hover(&part, hover, unit, snapshot.features.markdown))
}

/// What may be typed at the cursor, from the schema.
#[tracing::instrument(skip_all, fields(uri = %snapshot.uri.as_str(), position = ?params.text_document_position.position))]
pub(crate) fn completion(snapshot: &Snapshot, params: CompletionParams) -> Option<CompletionResponse> {
    let document = &snapshot.document;
    let features = snapshot.features;
    let offset = convert::offset(document, params.text_document_position.position, features.unit);
    let part = document.part_at(offset);
    let analysis = part.part.analysis();
    let items =
        podls_engine::ide::completion::document_completions(part.part.text(), &analysis.parse, offset - part.start);
    let items = items
        .into_iter()
        .map(|item| convert::completion_item(&part, item, features.unit, features.snippets, features.markdown))
        .collect();
    Some(CompletionResponse::Array(items))
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

/// The `---` document at a position, and the position as an offset into that document.
fn document_at(snapshot: &Snapshot, position: lsp::Position) -> (PartRef<'_>, usize) {
    let offset = convert::offset(&snapshot.document, position, snapshot.features.unit);
    let part = snapshot.document.part_at(offset);
    (part, offset - part.start)
}

/// The cached parse tree of a `---` document; `None` when it has none to read.
fn root<'a>(part: &PartRef<'a>) -> Option<&'a Node> {
    part.part.analysis().parse.root.as_ref()
}

/// The protocol's `RequestFailed`: the request was valid, but the server refuses it (the message says why).
const REQUEST_FAILED: i64 = -32803;

fn refusal(message: String) -> jsonrpc::Error {
    jsonrpc::Error { code: jsonrpc::ErrorCode::ServerError(REQUEST_FAILED), message: message.into(), data: None }
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
