//! The rules a workload's own fields answer to, beside the Pod rules its template gets: one entry point for every
//! kind that carries a Pod spec, chosen by the kind.

use super::apps::{self, Workload};
use super::batch;
use super::{Ctx, Path, codes, entries, invalid, quote, required};
use crate::diagnostics::Diagnostic;
use crate::model::format::{self, join};
use crate::model::workload::PodCarrier;
use crate::syntax::Node;

/// Checks the fields of a workload document (its root mapping) outside its Pod template: selector, update strategy,
/// counts, and what the kind asks of its template. A Pod and a PodTemplate have no such rules.
///
/// `text` is the document the tree was parsed from, for fixes; `schema_findings` are the schema's diagnostics of the
/// same tree, which the rules do not repeat. Returns the diagnostics in no particular order.
pub fn check_workload(
    text: &str,
    root: &Node,
    carrier: &PodCarrier,
    schema_findings: &[Diagnostic],
) -> Vec<Diagnostic> {
    // The workload's own fields are judged from its root, not from its template.
    let mut cx = Ctx::new(text, root, carrier, root, &Path::ROOT, schema_findings);
    // A Pod's own metadata is judged with its spec; a workload's is judged here, apart from its template's.
    if !carrier.is_pod() {
        object_meta(&mut cx);
    }
    match carrier.kind {
        "Job" => batch::check_job(&mut cx),
        "CronJob" => batch::check_cron_job(&mut cx),
        kind if let Some(workload) = Workload::from_kind(kind) => apps::check(&mut cx, workload),
        _ => {}
    }
    cx.out
}

/// `ValidateObjectMeta` on the workload's own metadata: a name (or `generateName`), labels and annotation keys.
/// A StatefulSet's name is a DNS label, which `apps` judges; every other kind here takes a DNS subdomain.
fn object_meta(cx: &mut Ctx<'_>) {
    let meta_path = Path::ROOT.key("metadata");
    let metadata = cx.root.get("metadata").filter(|m| m.as_mapping().is_some());
    let non_empty = |key| metadata.and_then(|m| super::string_field(m, key)).filter(|(s, _)| !s.is_empty());
    match (non_empty("name"), non_empty("generateName")) {
        // A misspelt `name` is the schema's unknown field; a name of another type is the schema's too.
        (None, None) if metadata.is_some_and(|m| cx.schema_found_misspelt(m, "name")) => {}
        (None, None) if metadata.and_then(|m| m.get("name")).is_some_and(|n| !n.is_null() && n.as_str().is_none()) => {}
        (None, None) => {
            let range = cx.root.entry("metadata").map_or_else(|| super::anchor(cx.root), |e| e.key.range);
            cx.error(
                codes::POD_NAME_REQUIRED,
                range,
                required(&meta_path.key("name"), "name or generateName is required"),
                "Every object needs `metadata.name` (or `generateName` with `kubectl create`).",
            );
        }
        (Some((name, node)), _) if cx.carrier.kind != "StatefulSet" => {
            let errs = format::dns1123_subdomain(name);
            if !errs.is_empty() {
                cx.error(
                    codes::INVALID_POD_NAME,
                    node.range,
                    invalid(&meta_path.key("name"), &quote(name), &join(&errs)),
                    "Names are lowercase DNS subdomains: letters, digits, '-' and '.', at most 253 characters.",
                );
            }
        }
        _ => {}
    }
    let Some(metadata) = metadata else { return };
    super::metadata::check_labels(cx, metadata.get("labels"), &meta_path.key("labels"));
    let annotations_path = meta_path.key("annotations");
    for entry in entries(metadata.get("annotations")) {
        let Some(key) = entry.key_str().filter(|_| !entry.merged) else { continue };
        let errs = format::qualified_name(&key.to_ascii_lowercase());
        if !errs.is_empty() {
            cx.error(
                codes::INVALID_ANNOTATION,
                entry.key.range,
                invalid(&annotations_path, &quote(key), &join(&errs)),
                "Annotation keys are `[prefix/]name`, like label keys.",
            );
        }
    }
}
