//! Whole-file analysis: split into `---` documents, parse each, dispatch by `apiVersion`/`kind`, and collect the
//! diagnostics of every stage.
//!
//! Each document's analysis is a pure function of that document's text, with document-local offsets, so callers
//! (the language server) can keep it and reuse it for as long as the document's text is unchanged.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Fix, codes};
use crate::text::TextRange;
use crate::yaml::{self, Node, Parse};

/// What a document turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// Only comments or white space.
    Empty,
    /// A `v1` `Pod`: validated.
    Pod,
    /// Anything else (another kind, a non-mapping, a near miss): not validated as a Pod.
    Other,
}

/// The analysis of one `---` document. Ranges are offsets into the document's own text.
#[derive(Clone, Debug)]
pub struct DocumentAnalysis {
    pub parse: Parse,
    pub kind: DocumentKind,
    /// Every diagnostic of the document, syntax first, sorted by position within each stage.
    pub diagnostics: Vec<Diagnostic>,
}

/// One document of a file and where it stands.
#[derive(Clone, Debug)]
pub struct FileDocument {
    /// The document's range in the file.
    pub range: TextRange,
    pub analysis: Arc<DocumentAnalysis>,
}

/// Analyses every document of a file.
pub fn analyze_file(text: &str) -> Vec<FileDocument> {
    yaml::split_documents(text)
        .into_iter()
        .map(|range| FileDocument { range, analysis: Arc::new(analyze_document(&text[range.as_range()])) })
        .collect()
}

/// The diagnostics of a whole file, with file offsets, in document order.
pub fn file_diagnostics(documents: &[FileDocument]) -> Vec<Diagnostic> {
    documents
        .iter()
        .flat_map(|doc| doc.analysis.diagnostics.iter().map(move |d| d.clone().shifted(doc.range.start)))
        .collect()
}

/// Analyses the text of one document.
pub fn analyze_document(text: &str) -> DocumentAnalysis {
    let parse = yaml::parse(text);
    let mut diagnostics = parse.errors.clone();
    let kind = match &parse.root {
        None => DocumentKind::Empty,
        Some(root) => match classify(root) {
            Classified::Pod => {
                // A document that is not valid YAML gets its syntax errors only: a partial tree would be misjudged.
                if !parse.is_partial() {
                    diagnostics.extend(check_pod(text, root));
                }
                DocumentKind::Pod
            }
            Classified::NearMiss(diagnostic) => {
                diagnostics.push(*diagnostic);
                DocumentKind::Other
            }
            Classified::Other => DocumentKind::Other,
        },
    };
    DocumentAnalysis { parse, kind, diagnostics }
}

/// Everything checked on a Pod: the schema, then the API server's rules and lint.
fn check_pod(text: &str, root: &Node) -> Vec<Diagnostic> {
    let mut diagnostics = crate::schema::validate(text, root);
    diagnostics.extend(crate::rules::check(text, root));
    diagnostics.sort_by_key(|d| d.range);
    diagnostics
}

enum Classified {
    Pod,
    NearMiss(Box<Diagnostic>),
    Other,
}

/// Dispatches on `apiVersion` and `kind`, and catches the near misses that would otherwise hide a Pod from checking.
fn classify(root: &Node) -> Classified {
    if root.as_mapping().is_none() {
        return Classified::Other;
    }
    let kind = root.entry("kind");
    let api_version = root.get("apiVersion").and_then(Node::scalar_text);
    match kind.and_then(|e| e.value.scalar_text()) {
        Some("Pod") => {
            match api_version {
                Some("v1") => Classified::Pod,
                _ => {
                    let first_key = root.as_mapping().and_then(|e| e.first()).map_or(0, |e| e.key.range.start);
                    let (range, fix_range) = match root.entry("apiVersion") {
                        Some(entry) => (entry.value.range, entry.value.range),
                        None => (kind.expect("kind is set").key.range, TextRange::empty(first_key)),
                    };
                    let found = api_version.map_or("no apiVersion".to_owned(), |v| format!("`apiVersion: {v}`"));
                    let text = if root.entry("apiVersion").is_some() { "v1" } else { "apiVersion: v1\n" };
                    Classified::NearMiss(Box::new(
                    Diagnostic::error(
                        codes::WRONG_API_VERSION,
                        range,
                        format!("a Pod has `apiVersion: v1`, found {found}; this document is not checked until it is fixed"),
                    )
                    .with_fix(Fix::replace("Set `apiVersion: v1`", fix_range, text)),
                ))
                }
            }
        }
        Some(other) if other.eq_ignore_ascii_case("pod") => {
            let entry = kind.expect("kind is set");
            Classified::NearMiss(Box::new(
                Diagnostic::error(
                    codes::WRONG_KIND,
                    entry.value.range,
                    format!("`kind: {other}` is not a kind; kinds are case-sensitive: did you mean `Pod`?"),
                )
                .with_fix(Fix::replace("Change to `Pod`", entry.value.range, "Pod")),
            ))
        }
        Some(_) => Classified::Other,
        None if kind.is_none() && root.get("spec").and_then(|s| s.get("containers")).is_some() => {
            let first_key = root.as_mapping().and_then(|e| e.first()).map_or(TextRange::empty(0), |e| e.key.range);
            let insert = TextRange::empty(first_key.start);
            let text = if api_version.is_some() { "kind: Pod\n" } else { "apiVersion: v1\nkind: Pod\n" };
            Classified::NearMiss(Box::new(
                Diagnostic::error(
                    codes::MISSING_KIND,
                    first_key,
                    "this document has `spec.containers` but no `kind`; add `kind: Pod` so it can be checked",
                )
                .with_fix(Fix::replace("Add `kind: Pod`", insert, text)),
            ))
        }
        None => Classified::Other,
    }
}
