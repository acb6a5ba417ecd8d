//! Whole-file analysis: split into `---` documents, parse each, dispatch by `apiVersion`/`kind`, and collect the
//! diagnostics of every stage.
//!
//! Each document's analysis is a pure function of that document's text, with document-local offsets, so callers
//! (the language server) can keep it and reuse it for as long as the document's text is unchanged.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Fix, codes};
use crate::syntax::{self, Node, Parse};
use crate::text::TextRange;

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
    syntax::split_documents(text)
        .into_iter()
        .map(|range| FileDocument {
            range,
            analysis: Arc::new(analyze_document(text.get(range.as_range()).unwrap_or_default())),
        })
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
///
/// This is the engine's panic boundary for diagnostics: a bug that panics while reading or checking one document
/// gives that document one [`codes::INTERNAL_ERROR`] diagnostic, and every other document (and, when only the
/// checks failed, every editor feature of this one) goes on as usual.
pub fn analyze_document(text: &str) -> DocumentAnalysis {
    let parse = match catch_panic(|| {
        crate::fault::inject(text, crate::fault::IN_PARSE);
        syntax::parse(text)
    }) {
        Ok(parse) => parse,
        Err(message) => {
            let diagnostics = vec![internal_error(text, "reading this document", &message)];
            return DocumentAnalysis { parse: Parse::default(), kind: DocumentKind::Other, diagnostics };
        }
    };
    let mut diagnostics = crate::diagnostics::syntax::diagnostics(&parse);
    let Some(root) = &parse.root else {
        return DocumentAnalysis { parse, kind: DocumentKind::Empty, diagnostics };
    };
    let checked = catch_panic(|| match classify(root) {
        Classified::Pod => {
            // A document that is not valid YAML gets its syntax errors only: a partial tree would be misjudged.
            let found = if parse.is_partial() { Vec::new() } else { check_pod(text, root) };
            (DocumentKind::Pod, found)
        }
        Classified::NearMiss(diagnostic) => (DocumentKind::Other, vec![*diagnostic]),
        Classified::Other => (DocumentKind::Other, Vec::new()),
    });
    let kind = match checked {
        Ok((kind, found)) => {
            diagnostics.extend(found);
            kind
        }
        Err(message) => {
            diagnostics.push(internal_error(text, "checking this document", &message));
            DocumentKind::Other
        }
    };
    DocumentAnalysis { parse, kind, diagnostics }
}

/// Runs `f`, turning a panic into its message. The panic hook has already logged it with its location.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| panic_message(&*payload))
}

/// The text a panic was raised with.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "no message".to_owned()
    }
}

/// The diagnostic of a document whose analysis failed: on its first line, saying what failed and asking for a report.
pub fn internal_error(text: &str, doing: &str, message: &str) -> Diagnostic {
    let first_line = text.find(['\n', '\r']).unwrap_or(text.len());
    Diagnostic::error(
        codes::INTERNAL_ERROR,
        TextRange::new(0, first_line),
        format!(
            "podls failed while {doing} (internal error: {message}); please report this, with the document, so it \
             can be fixed. The other documents are checked as usual"
        ),
    )
}

/// Everything checked on a Pod: the schema, then the API server's rules and lint.
fn check_pod(text: &str, root: &Node) -> Vec<Diagnostic> {
    crate::fault::inject(text, crate::fault::IN_CHECKS);
    let mut diagnostics = crate::diagnostics::schema::validate(text, root);
    let rules = crate::diagnostics::rules::check(text, root, &diagnostics);
    diagnostics.extend(rules);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_utils::check_filtered;

    const BROKEN_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      imagePullPolicy: Sometimes\n";

    #[test]
    fn a_panic_while_checking_a_document_is_its_one_internal_error_and_the_next_document_is_still_checked() {
        // Lint notes of the healthy document are not what this is about.
        check_filtered(
            &format!(
                "# {}\n#^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ internal-error: podls failed while checking this document (internal error: injected fault: podls-fault: panic-in-checks)\n{BROKEN_POD}---\n{BROKEN_POD}#                      ^^^^^^^^^ invalid-value\n",
                crate::fault::IN_CHECKS
            ),
            |d| d.severity == crate::diagnostics::Severity::Error,
        );
    }

    #[test]
    fn a_document_whose_checks_panicked_keeps_its_tree_for_the_editor_features() {
        let text = format!("{BROKEN_POD}# {}\n", crate::fault::IN_CHECKS);
        let analysis = analyze_document(&text);
        assert_eq!(analysis.kind, DocumentKind::Other);
        assert!(analysis.parse.root.as_ref().and_then(|r| r.get("spec")).is_some());
        let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [codes::INTERNAL_ERROR]);
        assert_eq!(analysis.diagnostics[0].range, TextRange::new(0, "apiVersion: v1".len()));
    }

    #[test]
    fn a_panic_while_reading_the_yaml_is_an_internal_error_with_no_tree() {
        let text = format!("# {}\n{BROKEN_POD}", crate::fault::IN_PARSE);
        let analysis = analyze_document(&text);
        assert!(analysis.parse.root.is_none());
        assert_eq!(analysis.diagnostics.len(), 1);
        assert_eq!(analysis.diagnostics[0].code, codes::INTERNAL_ERROR);
        assert!(
            analysis.diagnostics[0].message.starts_with(
                "podls failed while reading this document (internal error: injected fault: podls-fault: panic-in-parse)"
            ),
            "{}",
            analysis.diagnostics[0].message
        );
    }
}
