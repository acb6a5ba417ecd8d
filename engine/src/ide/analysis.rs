//! Whole-file analysis: split into `---` documents, parse each, dispatch by `apiVersion`/`kind` to the kind that
//! carries its Pod spec (`model::workload`), and collect the diagnostics of every stage.
//!
//! Each document's analysis is a pure function of that document's text, with document-local offsets, so callers
//! (the language server) can keep it and reuse it for as long as the document's text is unchanged.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Fix, codes};
use crate::ide::source::{self, HelmMode, KustomizeMode, Source, Template};
use crate::model::version::Target;
use crate::model::workload::{Evidence, PodCarrier, carrier_of};
use crate::syntax::{self, Node, Parse};
use crate::text::TextRange;

/// What a document turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// Only comments or white space.
    Empty,
    /// A document that carries a Pod spec, analysed as this kind: named exactly, or evidently meant (a removed
    /// `apiVersion`, a miscased or missing `kind`, each with its own diagnostic).
    Carrier(&'static PodCarrier),
    /// Anything else (another kind, a non-mapping): not validated.
    Other,
}

impl DocumentKind {
    /// The kind the document was analysed as, if it carries a Pod spec.
    pub fn carrier(self) -> Option<&'static PodCarrier> {
        match self {
            DocumentKind::Carrier(carrier) => Some(carrier),
            DocumentKind::Empty | DocumentKind::Other => None,
        }
    }
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

/// What an analysis depends on besides the document's text: the file's circumstances and the cluster it is meant
/// for, as the user's settings and the file's place in the repository give them. The default is a plain manifest
/// checked for the newest Kubernetes podls knows.
///
/// A document's cached analysis belongs to the options it was made with: the language server gives each open file
/// its options, and a change of them re-analyses the file ([`crate::ide::document::Document::set_options`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnalysisOptions {
    /// The cluster the file is meant for: its Kubernetes version and feature gates.
    pub target: Target,
    /// What the file is: a manifest, a Helm chart's template, a kustomize patch ([`crate::ide::source`]).
    pub source: Source,
    /// How Helm templates are checked.
    pub helm: HelmMode,
    /// Whether partial objects count as kustomize patches.
    pub kustomize: KustomizeMode,
}

impl AnalysisOptions {
    /// The default options, checked for `target`.
    pub fn for_target(target: Target) -> AnalysisOptions {
        AnalysisOptions { target, ..AnalysisOptions::default() }
    }
}

/// Analyses every document of a file with the default options.
pub fn analyze_file(text: &str) -> Vec<FileDocument> {
    analyze_file_with(text, &AnalysisOptions::default())
}

/// Analyses every document of a file.
pub fn analyze_file_with(text: &str, options: &AnalysisOptions) -> Vec<FileDocument> {
    syntax::split_documents(text)
        .into_iter()
        .map(|range| FileDocument {
            range,
            analysis: Arc::new(analyze_document_with(text.get(range.as_range()).unwrap_or_default(), options)),
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

/// Analyses the text of one document with the default options.
pub fn analyze_document(text: &str) -> DocumentAnalysis {
    analyze_document_with(text, &AnalysisOptions::default())
}

/// Analyses the text of one document.
///
/// A Helm template is analysed with its actions blanked out, and keeps only the diagnostics its literal text decides,
/// or none but one saying it is not checked (`helm: silent`); a kustomize patch keeps every diagnostic but those
/// about what it leaves out ([`crate::ide::source`]).
///
/// This is the engine's panic boundary for diagnostics: a bug that panics while reading or checking one document
/// gives that document one [`codes::INTERNAL_ERROR`] diagnostic, and every other document (and, when only the
/// checks failed, every editor feature of this one) goes on as usual.
pub fn analyze_document_with(text: &str, options: &AnalysisOptions) -> DocumentAnalysis {
    // Inside the panic boundary too: a bug in reading the actions costs the template its quiet, not the file.
    let template = catch_panic(|| Template::of(text)).unwrap_or_default();
    let mut analysis = analyze_literal(template.as_ref().map_or(text, |t| t.blanked.as_str()), options);
    let is_template = template.is_some() || options.source == Source::HelmTemplate;
    if is_template && options.helm == HelmMode::Silent {
        let failed = analysis.diagnostics.iter().any(|d| d.code == codes::INTERNAL_ERROR);
        analysis.diagnostics.retain(|d| d.code == codes::INTERNAL_ERROR);
        if analysis.parse.root.as_ref().is_some_and(|root| !root.is_null()) && !failed {
            analysis.diagnostics.push(source::silent_diagnostic(text));
        }
    } else if let Some(template) = &template {
        analysis.diagnostics.retain(|d| d.code == codes::INTERNAL_ERROR || template.keeps(d));
    }
    analysis
}

/// Analyses a document's text as it is: a manifest, or a patch when `options` or its content say so.
fn analyze_literal(text: &str, options: &AnalysisOptions) -> DocumentAnalysis {
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
    // A chart's values are no object, whatever their keys.
    let is_object = options.source != Source::ChartValues;
    let checked = catch_panic(|| match carrier_of(root).filter(|_| is_object) {
        Some((carrier, evidence)) => {
            let identity = identity_diagnostics(root, carrier, evidence);
            // A document that is not valid YAML gets its syntax errors only: a partial tree would be misjudged.
            let found = if parse.is_partial() {
                Vec::new()
            } else {
                check_carrier(text, root, carrier, &identity, &options.target)
            };
            let mut found: Vec<Diagnostic> = identity.into_iter().chain(found).collect();
            let patch = options.source == Source::KustomizePatch
                || (options.kustomize == KustomizeMode::Detect && source::is_partial_object(root, carrier));
            if patch {
                found.retain(|d| source::patch_keeps(text, d));
            }
            (DocumentKind::Carrier(carrier), found)
        }
        None => (DocumentKind::Other, Vec::new()),
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

/// Everything checked on a document that carries a Pod spec: the schema of its kind, then the API server's rules
/// and lint on the Pod or its template. `identity` (what [`identity_diagnostics`] found) already reports a wrong
/// `apiVersion` or `kind`, so the schema's complaint about the same value is dropped: one mistake, one diagnostic.
fn check_carrier(
    text: &str,
    root: &Node,
    carrier: &PodCarrier,
    identity: &[Diagnostic],
    target: &Target,
) -> Vec<Diagnostic> {
    crate::fault::inject(text, crate::fault::IN_CHECKS);
    let mut diagnostics = crate::diagnostics::schema::validate_as(text, root, carrier.definition);
    // The bundled schema is the newest version's; the target's own fields and gates adjust what it found.
    crate::diagnostics::versions::check(root, carrier, target, &mut diagnostics);
    if !identity.is_empty() {
        let judged: Vec<TextRange> = ["apiVersion", "kind"]
            .into_iter()
            .filter_map(|key| root.entry(key))
            .map(|entry| entry.range())
            .chain(identity.iter().map(|d| d.range))
            .collect();
        diagnostics.retain(|d| !judged.iter().any(|range| range.contains_range(d.range)));
    }
    let rules = crate::diagnostics::rules::check(text, root, carrier, &diagnostics, target);
    // The workload's own fields: selector, update strategy, schedule, what the kind asks of its template.
    let workload = crate::diagnostics::rules::check_workload(text, root, carrier, &diagnostics, target);
    diagnostics.extend(rules);
    diagnostics.extend(workload);
    diagnostics.sort_by_key(|d| d.range);
    diagnostics
}

/// What is wrong with how the document names its kind and API version, when it is still evidently `carrier`: a
/// removed or wrong `apiVersion`, a miscased `kind`, a missing `kind`. Each has a quick fix, and the document is
/// analysed as `carrier` at its current version all the same.
fn identity_diagnostics(root: &Node, carrier: &PodCarrier, evidence: Evidence) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kind = carrier.kind;
    let first_key = root.as_mapping().and_then(|e| e.first()).map_or(TextRange::empty(0), |e| e.key.range);
    let api_version = root.entry("apiVersion");
    match (evidence, root.entry("kind")) {
        (Evidence::MisCased, Some(entry)) => {
            let written = entry.value.scalar_text().unwrap_or_default();
            out.push(
                Diagnostic::error(
                    codes::WRONG_KIND,
                    entry.value.range,
                    format!("`kind: {written}` is not a kind; kinds are case-sensitive: did you mean `{kind}`?"),
                )
                .with_fix(Fix::replace(format!("Change to `{kind}`"), entry.value.range, kind)),
            );
        }
        (Evidence::Shape, _) => {
            let (path, fix_text) = match api_version {
                Some(_) => (carrier.pod_spec().collect::<Vec<_>>().join("."), format!("kind: {kind}\n")),
                None => (
                    carrier.pod_spec().collect::<Vec<_>>().join("."),
                    format!("apiVersion: {}\nkind: {kind}\n", carrier.api_version),
                ),
            };
            out.push(
                Diagnostic::error(
                    codes::MISSING_KIND,
                    first_key,
                    format!("this document has `{path}.containers` but no `kind`; add `kind: {kind}` so it is checked as one"),
                )
                .with_fix(Fix::replace(format!("Add `kind: {kind}`"), TextRange::empty(first_key.start), fix_text)),
            );
            // The fix above writes the `apiVersion` too when there is none.
            if api_version.is_none() {
                return out;
            }
        }
        _ => {}
    }
    let written = api_version.and_then(|e| e.value.scalar_text());
    if written == Some(carrier.api_version) {
        return out;
    }
    let current = carrier.api_version;
    let (range, fix_range, fix_text) = match api_version {
        Some(entry) => (entry.value.range, entry.value.range, current.to_owned()),
        None => {
            let anchor = root.entry("kind").map_or(first_key, |k| k.key.range);
            (anchor, TextRange::empty(first_key.start), format!("apiVersion: {current}\n"))
        }
    };
    let fix = Fix::replace(format!("Set `apiVersion: {current}`"), fix_range, fix_text);
    let diagnostic = match written.and_then(|v| carrier.removed_in(v).map(|release| (v, release))) {
        Some((version, release)) => Diagnostic::error(
            codes::REMOVED_API_VERSION,
            range,
            format!(
                "`{version}` {kind} is no longer served since Kubernetes {release}; use `{current}`. This document is \
                 checked as `{current}`"
            ),
        ),
        None => {
            let found = written.map_or("no apiVersion".to_owned(), |v| format!("`apiVersion: {v}`"));
            Diagnostic::error(
                codes::WRONG_API_VERSION,
                range,
                format!("a {kind} has `apiVersion: {current}`, found {found}; this document is checked as `{current}`"),
            )
        }
    };
    out.push(diagnostic.with_fix(fix));
    out
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
