//! One file per LSP method that touches documents, named after the method, and [`METHODS`], the one table that
//! routes each method to its handler.
//!
//! Notifications (`did_open`, `did_change`, `did_close`) update the store and queue a publish; they run inside
//! [`super::Sequencer`], in arrival order, and never wait. Requests take a [`Snapshot`] captured when the request
//! arrived and answer from it: an unknown document or a bad position gives `null` or an empty list, never an error.
//! The one exception is rename, which answers an error saying why when it refuses (not a name, or an invalid new
//! name), so that the editor can show it.
//!
//! A request at a position works on the `---` document that holds it, with its cached parse and document-local
//! offsets; the engine's ranges are mapped back through that document's place in the file.

mod code_action;
mod completion;
mod definition;
mod did_change;
mod did_close;
mod did_open;
mod document_highlight;
mod document_symbol;
mod folding_range;
mod hover;
mod inlay_hint;
mod references;
mod rename;

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::diagnostics_task::ConvertedDiagnostics;
use super::{ServerState, Snapshot, convert};
use podls_engine::diagnostics::Diagnostic;
use podls_engine::ide::config::Settings;
use podls_engine::ide::document::{Document, PartRef};
use podls_engine::syntax::Node;
use podls_engine::text::ColumnUnit;

/// How a method is handled.
pub(super) enum Handler {
    /// A document notification, applied to the store before the next message is read.
    Notification(fn(&ServerState, serde_json::Value) -> Result<(), serde_json::Error>),
    /// A request on one document: its params decoded now, its answer computed later from a snapshot.
    Request(fn(serde_json::Value) -> Result<DocumentJob, serde_json::Error>),
}

/// A decoded request on one document, waiting for its snapshot.
pub(super) struct DocumentJob {
    pub uri: Uri,
    pub answer: Answer,
}

/// Computes a request's answer (or its refusal) from the snapshot, and serializes it.
pub(super) type Answer = Box<dyn FnOnce(&Snapshot) -> jsonrpc::Result<serde_json::Result<serde_json::Value>> + Send>;

macro_rules! notification {
    ($handler:path) => {
        Handler::Notification(|state, params| serde_json::from_value(params).map(|params| $handler(state, params)))
    };
}

macro_rules! request {
    ($handler:path) => {
        Handler::Request(|params| job(params, |snapshot, params| Ok($handler(snapshot, params))))
    };
}

macro_rules! fallible_request {
    ($handler:path) => {
        Handler::Request(|params| job(params, $handler))
    };
}

/// Every document method podls answers itself. The rest (lifecycle, configuration, cancellation) is tower-lsp's.
pub(super) static METHODS: &[(&str, Handler)] = &[
    ("textDocument/didOpen", notification!(did_open::did_open)),
    ("textDocument/didChange", notification!(did_change::did_change)),
    ("textDocument/didClose", notification!(did_close::did_close)),
    ("textDocument/codeAction", request!(code_action::code_action)),
    ("textDocument/hover", request!(hover::hover)),
    ("textDocument/completion", request!(completion::completion)),
    ("textDocument/documentSymbol", request!(document_symbol::document_symbol)),
    ("textDocument/foldingRange", request!(folding_range::folding_range)),
    ("textDocument/definition", request!(definition::definition)),
    ("textDocument/references", request!(references::references)),
    ("textDocument/documentHighlight", request!(document_highlight::document_highlight)),
    ("textDocument/prepareRename", fallible_request!(rename::prepare_rename)),
    ("textDocument/rename", fallible_request!(rename::rename)),
    ("textDocument/inlayHint", request!(inlay_hint::inlay_hint)),
];

/// The handler of a method, if it is one of [`METHODS`].
pub(super) fn handler(method: &str) -> Option<&'static Handler> {
    METHODS.iter().find(|(name, _)| *name == method).map(|(_, handler)| handler)
}

/// A request's params name the document it is about.
trait DocumentRequest: DeserializeOwned {
    fn uri(&self) -> &Uri;
}

fn job<P, R>(
    params: serde_json::Value,
    handler: fn(&Snapshot, P) -> jsonrpc::Result<Option<R>>,
) -> Result<DocumentJob, serde_json::Error>
where
    P: DocumentRequest + Send + 'static,
    R: Serialize + 'static,
{
    let params: P = serde_json::from_value(params)?;
    let uri = params.uri().clone();
    Ok(DocumentJob { uri, answer: Box::new(move |snapshot| handler(snapshot, params).map(serde_json::to_value)) })
}

/// The diagnostics of one `---` document as the user sees them (document-local ranges): the engine's, with the
/// settings and the document's `# podls-ignore` comments applied.
pub(crate) fn part_diagnostics<'a>(part: &PartRef<'a>, settings: &Settings) -> Cow<'a, [Diagnostic]> {
    let diagnostics = &part.part.analysis().diagnostics;
    // Ignore comments are line-local and the ignore annotation is the document's own, so a document's own text and
    // tree are all they need. Without diagnostics there is still the annotation's own warning to give.
    Cow::Owned(settings.apply(part.part.text(), root(part), diagnostics.clone()))
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
    if is_settings_file(uri) {
        return settings_file_diagnostics(uri, document, unit);
    }
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

/// Whether the document is a `.podls.yaml`, which holds settings rather than manifests.
pub(crate) fn is_settings_file(uri: &Uri) -> bool {
    let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
    podls_engine::ide::settings_file::is_settings_file(name)
}

/// What is wrong in a `.podls.yaml`: its YAML, and the settings podls cannot use.
fn settings_file_diagnostics(uri: &Uri, document: &Document, unit: ColumnUnit) -> Vec<lsp::Diagnostic> {
    let mut out = Vec::new();
    for part in document.parts() {
        let (_, found) = podls_engine::ide::settings_file::read(part.part.text());
        out.extend(found.iter().map(|d| convert::diagnostic(uri, &part, d, unit)));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::METHODS;
    use crate::lsp::capabilities::{ClientFeatures, server_capabilities};

    /// The capability that tells a client the server handles a method.
    fn capability(method: &str) -> &'static str {
        match method.trim_start_matches("textDocument/") {
            "didOpen" | "didChange" | "didClose" => "textDocumentSync",
            "prepareRename" | "rename" => "renameProvider",
            "definition" => "definitionProvider",
            "references" => "referencesProvider",
            "hover" => "hoverProvider",
            "completion" => "completionProvider",
            "codeAction" => "codeActionProvider",
            "documentSymbol" => "documentSymbolProvider",
            "foldingRange" => "foldingRangeProvider",
            "documentHighlight" => "documentHighlightProvider",
            "inlayHint" => "inlayHintProvider",
            other => panic!("no capability is known for {other}"),
        }
    }

    #[test]
    fn every_routed_method_is_advertised_once() {
        let advertised = serde_json::to_value(server_capabilities(&ClientFeatures::default())).unwrap();
        let mut seen = std::collections::HashSet::new();
        for (method, _) in METHODS {
            assert!(seen.insert(*method), "{method} is routed twice");
            let key = capability(method);
            assert!(
                advertised.get(key).is_some_and(|v| !v.is_null()),
                "{method} is routed but {key} is not advertised"
            );
        }
    }
}
