//! The rules of the workloads that keep Pods running (Deployment, ReplicaSet, DaemonSet, StatefulSet and
//! ReplicationController), after the API server's `apps` and `core` validation (`ValidateDeploymentSpec`,
//! `ValidateDaemonSetSpec`, `ValidateStatefulSetSpec`, `ValidateReplicationControllerSpec`...).
//!
//! The apps/v1 defaults are applied first, as the API server does before it validates: a Deployment rolls out with
//! 25% surge and 25% unavailable and waits 600 seconds for progress, a DaemonSet updates one node at a time
//! (`maxUnavailable: 1`, `maxSurge: 0`), a StatefulSet is `OrderedReady` with `RollingUpdate`, and a
//! ReplicationController without a selector selects its template's labels. So a value is judged against what the
//! API server would fill in beside it, not against nothing.

use super::{Ctx, Path, codes, edits, entries, forbidden, int32, invalid, items, not_supported, quote, required};
use crate::diagnostics::{Edit, Fix};
use crate::model::format::{self, join};
use crate::model::int_or_percent::IntOrPercent;
use crate::model::selector::{LabelSelector, Labels};
use crate::model::workload_defaults::{self, DAEMON_SET_ROLLING_UPDATE, DEPLOYMENT_ROLLING_UPDATE};
use crate::model::{defaults, pod};
use crate::schema::closed_values;
use crate::syntax::Node;
use crate::text::TextRange;

/// The workloads this module judges, with the name upstream messages give them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Workload {
    Deployment,
    ReplicaSet,
    DaemonSet,
    StatefulSet,
    ReplicationController,
}

impl Workload {
    pub(crate) fn from_kind(kind: &str) -> Option<Workload> {
        match kind {
            "Deployment" => Some(Workload::Deployment),
            "ReplicaSet" => Some(Workload::ReplicaSet),
            "DaemonSet" => Some(Workload::DaemonSet),
            "StatefulSet" => Some(Workload::StatefulSet),
            "ReplicationController" => Some(Workload::ReplicationController),
            _ => None,
        }
    }

    /// What `empty selector is invalid for ...` names; a ReplicaSet shares the Deployment's words upstream.
    fn selector_noun(self) -> &'static str {
        match self {
            Workload::Deployment | Workload::ReplicaSet | Workload::ReplicationController => "deployment",
            Workload::DaemonSet => "daemonset",
            Workload::StatefulSet => "statefulset",
        }
    }
}

const NON_NEGATIVE: &str = "must be greater than or equal to 0";

/// The fields whose closed sets the rules below judge (`x-podls` `closed` in the overlay, which completion offers).
const DEPLOYMENT_STRATEGY: &str = "io.k8s.api.apps.v1.DeploymentStrategy.type";
const DAEMON_SET_STRATEGY: &str = "io.k8s.api.apps.v1.DaemonSetUpdateStrategy.type";
const STATEFUL_SET_STRATEGY: &str = "io.k8s.api.apps.v1.StatefulSetUpdateStrategy.type";
const POD_MANAGEMENT_POLICY: &str = "io.k8s.api.apps.v1.StatefulSetSpec.podManagementPolicy";
const RETENTION_POLICY: &str = "io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy";

/// `'A' or 'B'`, as upstream's "must be ..." messages list a closed set.
fn either(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
    quoted.join(" or ")
}

/// The default `progressDeadlineSeconds` of a Deployment, as the overlay gives it to the editor too.
fn progress_deadline() -> i64 {
    let default = defaults::of_field("io.k8s.api.apps.v1.DeploymentSpec", "progressDeadlineSeconds");
    default.and_then(|d| d.value.parse().ok()).unwrap_or(i64::MAX)
}

pub(crate) fn check(cx: &mut Ctx<'_>, workload: Workload) {
    let Some(spec) = cx.root.get("spec").filter(|s| s.as_mapping().is_some()) else { return };
    let spec_path = Path::ROOT.key("spec");
    let template = spec.get("template").filter(|t| t.as_mapping().is_some());
    check_counts(cx, spec, workload);
    match workload {
        Workload::ReplicationController => check_map_selector(cx, spec, template),
        _ => check_label_selector(cx, spec, template, workload),
    }
    if let Some(template) = template {
        check_template(cx, template, workload);
    }
    match workload {
        Workload::Deployment => check_deployment_strategy(cx, spec.get("strategy"), &spec_path.key("strategy")),
        Workload::DaemonSet => {
            check_daemon_set_strategy(cx, spec.get("updateStrategy"), &spec_path.key("updateStrategy"))
        }
        Workload::StatefulSet => check_stateful_set(cx, spec),
        Workload::ReplicaSet | Workload::ReplicationController => {}
    }
}

/// The counts that must not be negative, and a Deployment's progress deadline, which must outlast
/// `minReadySeconds`.
fn check_counts(cx: &mut Ctx<'_>, spec: &Node, workload: Workload) {
    let spec_path = Path::ROOT.key("spec");
    let mut fields = vec!["minReadySeconds"];
    if workload != Workload::DaemonSet {
        fields.push("replicas");
    }
    if matches!(workload, Workload::Deployment | Workload::DaemonSet) {
        fields.push("revisionHistoryLimit");
    }
    if workload == Workload::Deployment {
        fields.push("progressDeadlineSeconds");
    }
    for field in fields {
        non_negative(
            cx,
            codes::WORKLOAD_COUNT,
            spec.get(field),
            &spec_path.key(field),
            "A count of Pods, revisions or seconds cannot be negative.",
        );
    }
    if workload == Workload::StatefulSet
        && let Some(ordinals) = spec.get("ordinals")
    {
        non_negative(
            cx,
            codes::WORKLOAD_COUNT,
            ordinals.get("start"),
            &spec_path.key("ordinals.start"),
            "Pod ordinals start at 0 or above.",
        );
    }
    if workload != Workload::Deployment {
        return;
    }
    let min_ready = spec.get("minReadySeconds").and_then(int32).filter(|n| *n >= 0).unwrap_or(0);
    let deadline_node = spec.get("progressDeadlineSeconds").filter(|n| !n.is_null());
    let deadline = match deadline_node {
        Some(node) => match int32(node) {
            Some(n) if n >= 0 => n,
            _ => return,
        },
        None => progress_deadline(),
    };
    if deadline > min_ready {
        return;
    }
    let (range, why) = match (deadline_node, spec.get("minReadySeconds")) {
        (Some(node), _) => {
            (node.range, "The rollout is declared stuck before a new Pod can even count as available.".to_owned())
        }
        (None, Some(min)) => (
            min.range,
            format!(
                "`progressDeadlineSeconds` defaults to {deadline}, so a longer `minReadySeconds` needs a longer \
                 deadline."
            ),
        ),
        (None, None) => return,
    };
    cx.error(
        codes::WORKLOAD_COUNT,
        range,
        invalid(
            &spec_path.key("progressDeadlineSeconds"),
            &deadline.to_string(),
            "must be greater than minReadySeconds",
        ),
        &why,
    );
}

/// `ValidateNonnegativeField` on an optional integer; a value of another type is the schema's.
fn non_negative(cx: &mut Ctx<'_>, code: &'static str, node: Option<&Node>, path: &Path<'_>, why: &str) {
    if let Some(node) = node
        && let Some(n) = int32(node).filter(|n| *n < 0)
    {
        cx.error(code, node.range, invalid(path, &n.to_string(), NON_NEGATIVE), why);
    }
}

/// A LabelSelector `spec.selector`: non-empty, well formed, and selecting the template's labels.
fn check_label_selector(cx: &mut Ctx<'_>, spec: &Node, template: Option<&Node>, workload: Workload) {
    let spec_path = Path::ROOT.key("spec");
    let path = spec_path.key("selector");
    // A missing selector is the schema's to report: apps/v1 marks it required. It selects nothing, so the API
    // server also finds that it does not select the template.
    let Some(selector) = spec.get("selector").filter(|s| s.as_mapping().is_some()) else {
        // The removed beta versions defaulted the selector from the template's labels: there the missing selector
        // is part of moving to apps/v1, which the removed version's own diagnostic already asks for.
        let removed =
            cx.root.get("apiVersion").and_then(Node::as_str).is_some_and(|v| cx.carrier.removed_in(v).is_some());
        if !removed
            && spec.get("selector").is_none_or(Node::is_null)
            && !cx.schema_found_misspelt(spec, "selector")
            && let Some(template) = template
            && !misspells_labels(cx, template)
        {
            let why = "Without a selector the workload selects no Pods, not even those of its template.";
            report_unselected(cx, template, why.to_owned(), None);
        }
        return;
    };
    // `matchLabel:` is the schema's unknown field; the selector it leaves empty is the same mistake.
    if cx.schema_found_unknown_key_in(selector) {
        return;
    }
    let well_formed = check_selector_syntax(cx, selector, &path);
    let parsed = LabelSelector::from_node(selector);
    let match_labels = entries(selector.get("matchLabels")).len();
    let expressions = items(selector.get("matchExpressions")).len();
    if match_labels + expressions == 0 {
        cx.error(
            codes::WORKLOAD_SELECTOR,
            selector.range,
            invalid(&path, "{}", &format!("empty selector is invalid for {}", workload.selector_noun())),
            "An empty selector would select every Pod in the namespace; select the template's labels.",
        );
        return;
    }
    if well_formed && let Some(template) = template {
        check_selects_template(cx, &parsed, selector, template);
    }
    // Without a template the API server judges an empty one, whose Pods carry no labels at all.
    if well_formed
        && spec.get("template").is_none()
        && !cx.schema_found_misspelt(spec, "template")
        && parsed.unmet(Labels(None)).is_some_and(|unmet| !unmet.is_empty())
        && let Some(entry) = cx.root.entry("spec")
    {
        let (template_path, metadata_path);
        template_path = spec_path.key("template");
        metadata_path = template_path.key("metadata");
        cx.error(
            codes::WORKLOAD_SELECTOR,
            entry.key.range,
            invalid(&metadata_path.key("labels"), &go_map(None), "`selector` does not match template `labels`"),
            "There is no `template`, so no Pod would carry the labels the selector asks for.",
        );
    }
}

/// `ValidateLabelSelector`: `matchLabels` as labels, and each expression's key, operator and values. Returns whether
/// the selector can be evaluated.
fn check_selector_syntax(cx: &mut Ctx<'_>, selector: &Node, path: &Path<'_>) -> bool {
    let before = cx.out.len();
    super::metadata::check_labels(cx, selector.get("matchLabels"), &path.key("matchLabels"));
    let exprs_path = path.key("matchExpressions");
    for (i, expr) in items(selector.get("matchExpressions")).iter().enumerate() {
        if expr.as_mapping().is_none() {
            continue;
        }
        let p = exprs_path.index(i);
        if let Some((key, node)) = super::string_field(expr, "key") {
            cx.check_format(
                codes::WORKLOAD_SELECTOR,
                node.range,
                &p.key("key"),
                key,
                format::qualified_name,
                "Label keys are qualified names.",
            );
        }
        let Some((operator, operator_node)) = super::string_field(expr, "operator") else { continue };
        let values = expr.get("values").filter(|v| !v.is_null());
        let values_path = p.key("values");
        let count = items(values).len();
        let values_range = values.filter(|v| !v.range.is_empty()).map_or(operator_node.range, |v| v.range);
        match operator {
            "In" | "NotIn" if count == 0 => {
                cx.error(
                    codes::WORKLOAD_SELECTOR,
                    values_range,
                    required(&values_path, "must be specified when `operator` is 'In' or 'NotIn'"),
                    "`In` and `NotIn` compare the label against a list of values.",
                );
            }
            "In" | "NotIn" => {}
            "Exists" | "DoesNotExist" if count > 0 => {
                cx.error(
                    codes::WORKLOAD_SELECTOR,
                    values_range,
                    forbidden(&values_path, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
                    "`Exists` and `DoesNotExist` look only at the key; remove `values`.",
                );
            }
            "Exists" | "DoesNotExist" => {}
            other => {
                cx.error(
                    codes::WORKLOAD_SELECTOR,
                    operator_node.range,
                    invalid(&p.key("operator"), &quote(other), "not a valid selector operator"),
                    "A label selector's operators are `In`, `NotIn`, `Exists` and `DoesNotExist`.",
                );
            }
        }
        for (j, value) in items(values).iter().enumerate() {
            if let Some(text) = value.as_str() {
                cx.check_format(
                    codes::WORKLOAD_SELECTOR,
                    value.range,
                    &values_path.index(j),
                    text,
                    format::label_value,
                    "A selector compares against label values, so each value must be one.",
                );
            }
        }
    }
    cx.out.len() == before
}

/// `selector does not match template labels`, with a fix that copies `matchLabels` into the template when those
/// are all the selector asks for.
fn check_selects_template(cx: &mut Ctx<'_>, selector: &LabelSelector, selector_node: &Node, template: &Node) {
    let metadata = template.get("metadata").filter(|m| m.as_mapping().is_some());
    if misspells_labels(cx, template) {
        return;
    }
    let labels = metadata.and_then(|m| m.get("labels")).filter(|l| l.as_mapping().is_some());
    let Some(unmet) = selector.unmet(Labels(labels)) else { return };
    if unmet.is_empty() {
        return;
    }
    let unmet_keys: Vec<String> = unmet.iter().map(|r| quote(&r.key)).collect();
    let why = format!(
        "The workload would not own the Pods it creates; the template's labels fail the selector on {}.",
        unmet_keys.join(", ")
    );
    let only_labels = items(selector_node.get("matchExpressions")).is_empty();
    let fix = only_labels.then(|| copy_labels_fix(cx.text, template, metadata, labels, selector)).flatten();
    report_unselected(cx, template, why, fix);
}

/// `spec.template.metadata.labels: Invalid value: ...: `selector` does not match template `labels``, on the
/// template's labels (or where they would go).
fn report_unselected(cx: &mut Ctx<'_>, template: &Node, why: String, fix: Option<Fix>) {
    let metadata = template.get("metadata").filter(|m| m.as_mapping().is_some());
    let labels = metadata.and_then(|m| m.get("labels")).filter(|l| l.as_mapping().is_some());
    let range = match (labels, template.entry("metadata")) {
        (Some(labels), _) if !labels.range.is_empty() => labels.range,
        (_, Some(entry)) => entry.key.range,
        _ => super::anchor(template),
    };
    let (spec_path, template_path, metadata_path);
    spec_path = Path::ROOT.key("spec");
    template_path = spec_path.key("template");
    metadata_path = template_path.key("metadata");
    let path = metadata_path.key("labels");
    let diagnostic = cx.error(
        codes::WORKLOAD_SELECTOR,
        range,
        invalid(&path, &go_map(labels), "`selector` does not match template `labels`"),
        &why,
    );
    if let Some(fix) = fix {
        diagnostic.fixes.push(fix);
    }
}

/// Whether the template's labels are under a misspelt key (`label:`) or `metadata` is (`metdata:`): the schema
/// reports that, and the labels it hides would only repeat it as a mismatch.
fn misspells_labels(cx: &Ctx<'_>, template: &Node) -> bool {
    cx.schema_found_misspelt(template, "metadata")
        || template.get("metadata").is_some_and(|m| cx.schema_found_misspelt(m, "labels"))
}

/// The labels as Go's `%#v` prints a `map[string]string`, which is how the API server shows them.
pub(super) fn go_map(labels: Option<&Node>) -> String {
    let Some(labels) = labels else { return "map[string]string(nil)".to_owned() };
    let mut pairs: Vec<(&str, &str)> = entries(Some(labels))
        .iter()
        .filter(|e| !e.shadowed)
        .filter_map(|e| Some((e.key_str()?, e.value.scalar_text()?)))
        .collect();
    pairs.sort_unstable();
    let shown: Vec<String> = pairs.iter().map(|(k, v)| format!("{}:{}", quote(k), quote(v))).collect();
    format!("map[string]string{{{}}}", shown.join(", "))
}

/// Sets each `matchLabels` entry in the template's labels: a wrong value is replaced, a missing label added.
fn copy_labels_fix(
    text: &str,
    template: &Node,
    metadata: Option<&Node>,
    labels: Option<&Node>,
    selector: &LabelSelector,
) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut missing = Vec::new();
    for requirement in &selector.requirements {
        let [value] = requirement.values.as_slice() else { return None };
        match labels.and_then(|l| l.get(&requirement.key)) {
            Some(current) if current.scalar_text() == Some(value.as_str()) => {}
            Some(current) if !current.range.is_empty() => {
                edits.push(Edit { range: current.range, text: edits::string_scalar(value) });
            }
            Some(_) => return None,
            None => {
                missing.push(format!("{}: {}", edits::string_scalar(&requirement.key), edits::string_scalar(value)))
            }
        }
    }
    if !missing.is_empty() {
        let flow = missing.join(", ");
        let block = missing.join("\n");
        let nested = |prefix: &str, indent: &str| {
            let lines: Vec<String> = missing.iter().map(|m| format!("{indent}{m}")).collect();
            format!("{prefix}\n{}", lines.join("\n"))
        };
        let edit = match (labels, metadata) {
            (Some(labels), _) if entries(Some(labels)).is_empty() => {
                edits::is_flow(text, labels).then(|| Edit { range: labels.range, text: format!("{{{flow}}}") })
            }
            (Some(labels), _) => edits::insert_entry(text, labels, &block, &flow),
            (None, Some(metadata)) if metadata.get("labels").is_none() => {
                edits::insert_entry(text, metadata, &nested("labels:", "  "), &format!("labels: {{{flow}}}"))
            }
            (None, Some(_)) => None,
            (None, None) if template.get("metadata").is_none() => edits::insert_entry(
                text,
                template,
                &nested("metadata:\n  labels:", "    "),
                &format!("metadata: {{labels: {{{flow}}}}}"),
            ),
            (None, None) => None,
        };
        edits.push(edit?);
    }
    Some(Fix { title: "Copy the selector's labels into the template".to_owned(), edits })
}

/// A ReplicationController's map selector: defaulted to the template's labels when left out, so it is required
/// only when neither is there, and it must select the template's labels.
fn check_map_selector(cx: &mut Ctx<'_>, spec: &Node, template: Option<&Node>) {
    let spec_path = Path::ROOT.key("spec");
    let path = spec_path.key("selector");
    let template_labels =
        template.and_then(|t| t.get("metadata")).and_then(|m| m.get("labels")).filter(|l| l.as_mapping().is_some());
    let selector = spec.get("selector");
    if selector.is_some_and(|s| !s.is_null() && s.as_mapping().is_none()) {
        return;
    }
    if entries(selector).is_empty() {
        if entries(template_labels).is_empty() {
            let range = spec.entry("selector").map_or_else(|| super::anchor(spec), |e| e.key.range);
            cx.error(
                codes::WORKLOAD_SELECTOR,
                range,
                required(&path, ""),
                "Without a selector or template labels the controller cannot tell which Pods are its own.",
            );
        }
        return;
    }
    let Some(selector) = selector else { return };
    // `ValidatePodTemplateSpecForRC` requires the template before it compares anything with it.
    if spec.get("template").is_none_or(Node::is_null) {
        if !cx.schema_found_misspelt(spec, "template")
            && let Some(entry) = cx.root.entry("spec")
        {
            cx.error(
                codes::WORKLOAD_TEMPLATE,
                entry.key.range,
                required(&spec_path.key("template"), ""),
                "A ReplicationController creates its Pods from `template`.",
            );
        }
        return;
    }
    let unmet: Vec<&crate::syntax::Entry> = entries(Some(selector))
        .iter()
        .filter(|e| !e.shadowed)
        .filter(|e| {
            let (Some(key), Some(value)) = (e.key_str(), e.value.scalar_text()) else { return false };
            Labels(template_labels).get(key) != Some(value)
        })
        .collect();
    if unmet.is_empty() || template.is_some_and(|t| misspells_labels(cx, t)) {
        return;
    }
    let range = match template_labels {
        Some(labels) if !labels.range.is_empty() => labels.range,
        _ => template.and_then(|t| t.entry("metadata")).map_or(selector.range, |e| e.key.range),
    };
    let names: Vec<String> = unmet.iter().filter_map(|e| e.key_str()).map(quote).collect();
    let (template_path, metadata_path);
    template_path = spec_path.key("template");
    metadata_path = template_path.key("metadata");
    let labels_path = metadata_path.key("labels");
    cx.error(
        codes::WORKLOAD_SELECTOR,
        range,
        invalid(&labels_path, &go_map(template_labels), "`selector` does not match template `labels`"),
        &format!("The controller would not own the Pods it creates; the template's labels miss {}.", names.join(", ")),
    );
}

/// What these workloads ask of their template's Pod spec: it restarts its containers itself and runs for ever.
fn check_template(cx: &mut Ctx<'_>, template: &Node, workload: Workload) {
    let Some(spec) = template.get("spec").filter(|s| s.as_mapping().is_some()) else { return };
    let (workload_spec, template_path);
    workload_spec = Path::ROOT.key("spec");
    template_path = workload_spec.key("template");
    let spec_path = template_path.key("spec");
    // `""` is defaulted to `Always`; values outside the enum are the schema's.
    let allowed = pod::allowed_restart_policies(cx.carrier).unwrap_or_default();
    if let Some((policy, node)) = super::string_field(spec, "restartPolicy")
        && matches!(policy, "OnFailure" | "Never" | "Always")
        && !allowed.contains(&policy)
    {
        let diagnostic = cx.error(
            codes::WORKLOAD_TEMPLATE,
            node.range,
            not_supported(&spec_path.key("restartPolicy"), &quote(policy), allowed),
            "A controller replaces Pods that stop, so their containers must always be restarted; use a Job for \
             work that finishes.",
        );
        diagnostic.fixes.push(Fix::replace("Set `restartPolicy: Always`", node.range, "Always"));
    }
    if matches!(workload, Workload::Deployment | Workload::ReplicaSet | Workload::ReplicationController) {
        read_only_disks(cx, spec, &spec_path);
    }
    let Some(deadline) = spec.get("activeDeadlineSeconds").filter(|n| !n.is_null()) else { return };
    let path = spec_path.key("activeDeadlineSeconds");
    let message = match workload {
        Workload::DaemonSet => forbidden(&path, "activeDeadlineSeconds in DaemonSet is not Supported"),
        Workload::Deployment | Workload::ReplicaSet => {
            forbidden(&path, "activeDeadlineSeconds in ReplicaSet is not Supported")
        }
        Workload::StatefulSet => forbidden(&path, "activeDeadlineSeconds in StatefulSet is not Supported"),
        Workload::ReplicationController => {
            forbidden(&path, "activeDeadlineSeconds in ReplicationController is not Supported")
        }
    };
    let range = spec.entry("activeDeadlineSeconds").map_or(deadline.range, |e| e.key.range);
    cx.error(
        codes::WORKLOAD_TEMPLATE,
        range,
        message,
        "A deadline would kill Pods the controller is meant to keep running.",
    );
}

/// `ValidateReadOnlyPersistentDisks`: with more than one replica (the default is one), the Pods would mount each
/// GCE persistent disk on several nodes at once, which only a read-only disk allows.
fn read_only_disks(cx: &mut Ctx<'_>, pod_spec: &Node, spec_path: &Path<'_>) {
    let replicas = cx.root.get("spec").and_then(|s| s.get("replicas")).and_then(int32).unwrap_or(1);
    if replicas <= 1 {
        return;
    }
    let volumes_path = spec_path.key("volumes");
    for (i, volume) in items(pod_spec.get("volumes")).iter().enumerate() {
        let Some(entry) = volume.entry("gcePersistentDisk").filter(|e| e.value.as_mapping().is_some()) else {
            continue;
        };
        let read_only = entry.value.get("readOnly");
        if read_only.and_then(Node::as_bool) == Some(true) {
            continue;
        }
        let range = read_only.filter(|n| !n.range.is_empty()).map_or(entry.key.range, |n| n.range);
        let volume_path = volumes_path.index(i);
        let disk_path = volume_path.key("gcePersistentDisk");
        cx.error(
            codes::WORKLOAD_TEMPLATE,
            range,
            invalid(
                &disk_path.key("readOnly"),
                "false",
                "must be true for replicated pods > 1; GCE PD can only be mounted on multiple machines if it is \
                 read-only",
            ),
            "Several replicas would attach the disk to several nodes, which GCE allows only read-only.",
        );
    }
}

/// An int-or-percent field as written, or its default; `None` when it is malformed (reported here) or of another
/// type (the schema's).
fn int_or_percent(
    cx: &mut Ctx<'_>,
    node: Option<&Node>,
    path: &Path<'_>,
    default: IntOrPercent,
) -> Option<IntOrPercent> {
    let Some(node) = node.filter(|n| !n.is_null()) else { return Some(default) };
    match IntOrPercent::from_node(node) {
        Ok(Some(IntOrPercent::Int(n))) if n < 0 => {
            cx.error(
                codes::UPDATE_STRATEGY,
                node.range,
                invalid(path, &n.to_string(), NON_NEGATIVE),
                "A count of Pods cannot be negative.",
            );
            None
        }
        Ok(value) => value,
        Err(problem) => {
            cx.error(
                codes::UPDATE_STRATEGY,
                node.range,
                invalid(path, &shown(node), &problem),
                "Write a number of Pods (`1`) or a percentage of the replicas (`25%`).",
            );
            None
        }
    }
}

/// A scalar as a message shows it: strings quoted, numbers as written.
fn shown(node: &Node) -> String {
    match node.as_str() {
        Some(s) => quote(s),
        None => node.scalar_text().unwrap_or("{...}").to_owned(),
    }
}

/// `IsNotMoreThan100Percent`.
fn at_most_100_percent(cx: &mut Ctx<'_>, value: IntOrPercent, node: Option<&Node>, path: &Path<'_>) {
    if value.is_percent()
        && value.value() > 100
        && let Some(node) = node
    {
        cx.error(
            codes::UPDATE_STRATEGY,
            node.range,
            invalid(path, &shown(node), "must not be greater than 100%"),
            "A percentage of the replicas is at most 100%.",
        );
    }
}

/// Where a strategy's `type` is and what it says, defaulted to `RollingUpdate` when left out or empty.
fn strategy_type(strategy: Option<&Node>) -> (&str, Option<&Node>) {
    match strategy.and_then(|s| super::string_field(s, "type")) {
        Some((kind, node)) if !kind.is_empty() => (kind, Some(node)),
        _ => ("RollingUpdate", None),
    }
}

/// The range of a field if it is written, else of the first that is: where a rule about it is reported.
fn first_range(nodes: &[Option<&Node>]) -> Option<TextRange> {
    nodes.iter().flatten().find(|n| !n.range.is_empty()).map(|n| n.range)
}

fn check_deployment_strategy(cx: &mut Ctx<'_>, strategy: Option<&Node>, path: &Path<'_>) {
    if strategy.is_some_and(|s| s.as_mapping().is_none()) {
        return;
    }
    let rolling = strategy.and_then(|s| s.get("rollingUpdate")).filter(|r| !r.is_null());
    let (kind, type_node) = strategy_type(strategy);
    match kind {
        "Recreate" => {
            let Some(entry) = strategy.and_then(|s| s.entry("rollingUpdate")).filter(|e| !e.value.is_null()) else {
                return;
            };
            cx.error(
                codes::UPDATE_STRATEGY,
                entry.key.range,
                forbidden(&path.key("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"),
                "`Recreate` stops every old Pod before starting new ones, so rolling-update settings do not apply.",
            );
        }
        "RollingUpdate" => {
            let Some(rolling) = rolling.filter(|r| r.as_mapping().is_some()) else { return };
            let ru_path = path.key("rollingUpdate");
            let (unavailable_node, surge_node) = (rolling.get("maxUnavailable"), rolling.get("maxSurge"));
            let unavailable_path = ru_path.key("maxUnavailable");
            let limits = DEPLOYMENT_ROLLING_UPDATE;
            let unavailable = int_or_percent(cx, unavailable_node, &unavailable_path, limits.max_unavailable);
            let surge = int_or_percent(cx, surge_node, &ru_path.key("maxSurge"), limits.max_surge);
            if let (Some(unavailable), Some(surge)) = (unavailable, surge)
                && unavailable.value() == 0
                && surge.value() == 0
                && let Some(range) = first_range(&[unavailable_node, surge_node])
            {
                let value = unavailable_node.map_or_else(|| workload_defaults::shown(limits.max_unavailable), shown);
                cx.error(
                    codes::UPDATE_STRATEGY,
                    range,
                    invalid(&unavailable_path, &value, "may not be 0 when `maxSurge` is 0"),
                    "With no Pod allowed down and none allowed extra, a rollout could never replace anything.",
                );
            }
            if let Some(unavailable) = unavailable {
                at_most_100_percent(cx, unavailable, unavailable_node, &unavailable_path);
            }
        }
        other => {
            let range = type_node.map_or_else(|| strategy.map_or(TextRange::default(), |s| s.range), |n| n.range);
            cx.error(
                codes::UPDATE_STRATEGY,
                range,
                not_supported(path, &quote(other), &closed_values(DEPLOYMENT_STRATEGY)),
                "",
            );
        }
    }
}

fn check_daemon_set_strategy(cx: &mut Ctx<'_>, strategy: Option<&Node>, path: &Path<'_>) {
    if strategy.is_some_and(|s| s.as_mapping().is_none()) {
        return;
    }
    let (kind, type_node) = strategy_type(strategy);
    match kind {
        "OnDelete" => {}
        "RollingUpdate" => {
            let Some(rolling) = strategy.and_then(|s| s.get("rollingUpdate")).filter(|r| r.as_mapping().is_some())
            else {
                return;
            };
            let ru_path = path.key("rollingUpdate");
            let (unavailable_node, surge_node) = (rolling.get("maxUnavailable"), rolling.get("maxSurge"));
            let (unavailable_path, surge_path) = (ru_path.key("maxUnavailable"), ru_path.key("maxSurge"));
            let limits = DAEMON_SET_ROLLING_UPDATE;
            let unavailable = int_or_percent(cx, unavailable_node, &unavailable_path, limits.max_unavailable);
            let surge = int_or_percent(cx, surge_node, &surge_path, limits.max_surge);
            if let Some(unavailable) = unavailable {
                at_most_100_percent(cx, unavailable, unavailable_node, &unavailable_path);
            }
            if let Some(surge) = surge {
                at_most_100_percent(cx, surge, surge_node, &surge_path);
            }
            let (Some(unavailable), Some(surge)) = (unavailable, surge) else { return };
            match (unavailable.value() != 0, surge.value() != 0) {
                (true, true) => {
                    let Some(node) = surge_node else { return };
                    let why = if unavailable_node.is_some_and(|n| !n.is_null()) {
                        "A DaemonSet either takes old Pods down first or surges new ones, not both."
                    } else {
                        "`maxUnavailable` defaults to 1; set `maxUnavailable: 0` to surge instead."
                    };
                    cx.error(
                        codes::UPDATE_STRATEGY,
                        node.range,
                        invalid(&surge_path, &shown(node), "may not be set when maxUnavailable is non-zero"),
                        why,
                    );
                }
                (false, false) => {
                    let Some(range) = first_range(&[unavailable_node, surge_node]) else { return };
                    cx.error(
                        codes::UPDATE_STRATEGY,
                        range,
                        required(&unavailable_path, "cannot be 0 when maxSurge is 0"),
                        "With no node allowed down and no Pod allowed extra, an update could never proceed.",
                    );
                }
                _ => {}
            }
        }
        other => {
            let range = type_node.map_or_else(|| strategy.map_or(TextRange::default(), |s| s.range), |n| n.range);
            cx.error(
                codes::UPDATE_STRATEGY,
                range,
                not_supported(path, &quote(other), &closed_values(DAEMON_SET_STRATEGY)),
                "",
            );
        }
    }
}

fn check_stateful_set(cx: &mut Ctx<'_>, spec: &Node) {
    let spec_path = Path::ROOT.key("spec");
    if let Some((name, node)) = cx.root.get("metadata").and_then(|m| super::string_field(m, "name"))
        && !name.is_empty()
    {
        let errs = format::dns1123_label(name);
        if !errs.is_empty() {
            cx.error(
                codes::STATEFULSET_SPEC,
                node.range,
                invalid(&Path::ROOT.key("metadata").key("name"), &quote(name), &join(&errs)),
                "A StatefulSet's name becomes its Pods' hostnames (`web-0`), so it must be a DNS label: no dots, \
                 at most 63 characters.",
            );
        }
    }
    let policies = closed_values(POD_MANAGEMENT_POLICY);
    // `""` is defaulted, as a missing policy is.
    if let Some((policy, node)) = super::string_field(spec, "podManagementPolicy")
        && !policy.is_empty()
        && !policies.contains(&policy)
    {
        let detail = format!("must be {}", either(&policies));
        cx.error(
            codes::STATEFULSET_SPEC,
            node.range,
            invalid(&spec_path.key("podManagementPolicy"), &quote(policy), &detail),
            "",
        );
    }
    check_stateful_set_strategy(cx, spec.get("updateStrategy"), &spec_path.key("updateStrategy"));
    let policy_path = spec_path.key("persistentVolumeClaimRetentionPolicy");
    if let Some(policy) = spec.get("persistentVolumeClaimRetentionPolicy").filter(|p| p.as_mapping().is_some()) {
        for field in ["whenDeleted", "whenScaled"] {
            let supported = closed_values(&format!("{RETENTION_POLICY}.{field}"));
            if let Some((value, node)) = super::string_field(policy, field)
                && !value.is_empty()
                && !supported.contains(&value)
            {
                cx.error(
                    codes::STATEFULSET_SPEC,
                    node.range,
                    not_supported(&policy_path.key(field), &quote(value), &supported),
                    "",
                );
            }
        }
    }
}

fn check_stateful_set_strategy(cx: &mut Ctx<'_>, strategy: Option<&Node>, path: &Path<'_>) {
    if strategy.is_some_and(|s| s.as_mapping().is_none()) {
        return;
    }
    let rolling_entry = strategy.and_then(|s| s.entry("rollingUpdate")).filter(|e| !e.value.is_null());
    let (kind, type_node) = strategy_type(strategy);
    match kind {
        "OnDelete" => {
            let Some(entry) = rolling_entry else { return };
            cx.error(
                codes::UPDATE_STRATEGY,
                entry.key.range,
                invalid(&path.key("rollingUpdate"), "{...}", "only allowed for updateStrategy 'RollingUpdate'"),
                "`OnDelete` waits for you to delete each Pod, so rolling-update settings do not apply.",
            );
        }
        "RollingUpdate" => {
            let Some(rolling) = rolling_entry.map(|e| &e.value).filter(|r| r.as_mapping().is_some()) else { return };
            let ru_path = path.key("rollingUpdate");
            non_negative(
                cx,
                codes::UPDATE_STRATEGY,
                rolling.get("partition"),
                &ru_path.key("partition"),
                "Ordinals at or above the partition are updated; it cannot be negative.",
            );
            let node = rolling.get("maxUnavailable").filter(|n| !n.is_null());
            let unavailable_path = ru_path.key("maxUnavailable");
            let Some(node) = node else { return };
            let Some(value) = int_or_percent(cx, Some(node), &unavailable_path, IntOrPercent::Int(1)) else { return };
            if value.value() == 0 {
                cx.error(
                    codes::UPDATE_STRATEGY,
                    node.range,
                    invalid(&unavailable_path, &shown(node), "cannot be 0"),
                    "At least one Pod must be allowed down, or the update could never proceed.",
                );
            }
            at_most_100_percent(cx, value, Some(node), &unavailable_path);
        }
        other => {
            let range = type_node.map_or_else(|| strategy.map_or(TextRange::default(), |s| s.range), |n| n.range);
            cx.error(
                codes::UPDATE_STRATEGY,
                range,
                invalid(path, &quote(other), &format!("must be {}", either(&closed_values(STATEFUL_SET_STRATEGY)))),
                "",
            );
        }
    }
}

#[cfg(test)]
#[path = "tests/apps.rs"]
mod tests;
