//! The rules a workload's own fields answer to, beside the Pod rules its template gets: one entry point for every
//! kind that carries a Pod spec, chosen by the kind.

use super::apps::{self, Workload};
use super::batch;
use super::{Ctx, Path};
use crate::diagnostics::Diagnostic;
use crate::model::version::Target;
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
    target: &Target,
) -> Vec<Diagnostic> {
    // The workload's own fields are judged from its root, not from its template.
    let mut cx = Ctx::new(text, root, carrier, root, &Path::ROOT, schema_findings, target);
    match carrier.kind {
        "Job" => batch::check_job(&mut cx),
        "CronJob" => batch::check_cron_job(&mut cx),
        kind if let Some(workload) = Workload::from_kind(kind) => apps::check(&mut cx, workload),
        _ => {}
    }
    cx.out
}
