//! The workload defaults that depend on another field, so they are derived here rather than stored in the overlay
//! (apps/v1 and batch/v1 `defaults.go`): a rolling update's limits exist only when the strategy is a rolling update,
//! a StatefulSet's `partition` only when the API server creates the rolling update itself, a Job's `completions` only
//! when `parallelism` is left out too, its `backoffLimit` changes with `backoffLimitPerIndex` and its
//! `podReplacementPolicy` with `podFailurePolicy`, a ReplicationController's selector is its template's labels. The defaults that hold whatever else the object says are `x-podls`
//! data (`schemas/overlay.json`); [`crate::model::defaults::of_document`] shows both.
//!
//! The rules that apply these defaults before they judge a workload (`diagnostics/rules/apps.rs`, `batch.rs`) read
//! the constants and functions here, so the editor and the checker agree on what the API server fills in.

use crate::model::int_or_percent::IntOrPercent;
use crate::syntax::{Entry, Node};

/// The limits of a rolling update that leaves them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RollingLimits {
    pub max_unavailable: IntOrPercent,
    pub max_surge: IntOrPercent,
    /// Why, in a sentence.
    pub reason: &'static str,
}

/// A Deployment rolls out with a quarter of its Pods down and a quarter extra at most.
pub const DEPLOYMENT_ROLLING_UPDATE: RollingLimits = RollingLimits {
    max_unavailable: IntOrPercent::Percent(25),
    max_surge: IntOrPercent::Percent(25),
    reason: "A rolling update without limits lets a quarter of the Pods be unavailable and starts up to a quarter \
                 more.",
};

/// A DaemonSet updates one node at a time, taking its Pod down before starting the new one.
pub const DAEMON_SET_ROLLING_UPDATE: RollingLimits = RollingLimits {
    max_unavailable: IntOrPercent::Int(1),
    max_surge: IntOrPercent::Int(0),
    reason: "A DaemonSet's rolling update without limits replaces the Pod of one node at a time, the old one \
                 first.",
};

/// The `backoffLimit` of a Job without `backoffLimitPerIndex`.
pub const BACKOFF_LIMIT: i64 = 6;

/// The `backoffLimit` of a Job with `backoffLimitPerIndex`: no limit for the Job as a whole (`math.MaxInt32`).
pub const BACKOFF_LIMIT_WITH_PER_INDEX: i64 = i32::MAX as i64;

/// The value as YAML writes it: `25%`, `1`.
pub fn shown(value: IntOrPercent) -> String {
    match value {
        IntOrPercent::Int(n) => n.to_string(),
        IntOrPercent::Percent(n) => format!("{n}%"),
    }
}

/// Whether the API server gives a `JobSpec` `completions: 1` (and `parallelism: 1`): it sets neither. With only
/// `parallelism` set, `completions` stays unset and a NonIndexed Job is complete once any Pod succeeds.
pub fn job_completions_defaulted(spec: &Node) -> bool {
    spec.get_non_null("completions").is_none() && spec.get_non_null("parallelism").is_none()
}

/// The `backoffLimit` a `JobSpec` that leaves it out gets.
pub fn backoff_limit(spec: &Node) -> i64 {
    if spec.get_non_null("backoffLimitPerIndex").is_some() { BACKOFF_LIMIT_WITH_PER_INDEX } else { BACKOFF_LIMIT }
}

/// The `podReplacementPolicy` a `JobSpec` that leaves it out gets.
pub fn pod_replacement_policy(spec: &Node) -> &'static str {
    if spec.get_non_null("podFailurePolicy").is_some() { "Failed" } else { "TerminatingOrFailed" }
}

/// A derived default: the fields and values as YAML (`parallelism: 1`), the entry they belong to, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived<'a> {
    pub anchor: &'a Entry,
    pub text: String,
    pub reason: String,
}

/// The derived defaults of a document of `kind` (its root), in the order the API server sets them.
pub fn derived<'a>(kind: &str, root: &'a Node) -> Vec<Derived<'a>> {
    let mut out = Vec::new();
    let Some(spec) = root.entry("spec").filter(|e| e.value.as_mapping().is_some()) else { return out };
    match kind {
        "Deployment" => rolling_strategy(spec, "strategy", DEPLOYMENT_ROLLING_UPDATE, &mut out),
        "DaemonSet" => rolling_strategy(spec, "updateStrategy", DAEMON_SET_ROLLING_UPDATE, &mut out),
        "StatefulSet" => stateful_set(spec, &mut out),
        "ReplicationController" => replication_controller(spec, &mut out),
        "Job" => job(spec, &mut out),
        "CronJob" => {
            // The Jobs a CronJob creates are defaulted as any Job is.
            if let Some(job_spec) =
                spec.value.get("jobTemplate").and_then(|t| t.entry("spec")).filter(|e| e.value.as_mapping().is_some())
            {
                job(job_spec, &mut out);
            }
        }
        _ => {}
    }
    out
}

fn push<'a>(out: &mut Vec<Derived<'a>>, anchor: &'a Entry, text: String, reason: &str) {
    out.push(Derived { anchor, text, reason: reason.to_owned() });
}

/// A written, non-null mapping entry of `node`.
fn object<'a>(node: &'a Node, key: &str) -> Option<&'a Entry> {
    node.entry(key).filter(|e| e.value.as_mapping().is_some())
}

/// A string field that is left out, null or `""`, which the API server treats alike for these types.
fn unset_type(node: &Node) -> bool {
    node.get_non_null("type").is_none_or(|t| t.as_str() == Some(""))
}

/// Deployment `strategy` and DaemonSet `updateStrategy`: `RollingUpdate` with `limits` for what is left out.
fn rolling_strategy<'a>(spec: &'a Entry, field: &str, limits: RollingLimits, out: &mut Vec<Derived<'a>>) {
    let (unavailable, surge) = (shown(limits.max_unavailable), shown(limits.max_surge));
    let reason = limits.reason;
    let Some(strategy) = object(&spec.value, field) else {
        if spec.value.get(field).is_none_or(Node::is_null) {
            let text = format!(
                "{field}: {{type: RollingUpdate, rollingUpdate: {{maxUnavailable: {unavailable}, maxSurge: {surge}}}}}"
            );
            push(out, spec, text, reason);
        }
        return;
    };
    let unset = unset_type(&strategy.value);
    if strategy.value.get_non_null("type").is_none() {
        push(out, strategy, "type: RollingUpdate".to_owned(), "A strategy without `type` is a rolling update.");
    }
    if !unset && strategy.value.get("type").and_then(Node::as_str) != Some("RollingUpdate") {
        return;
    }
    match object(&strategy.value, "rollingUpdate") {
        Some(rolling) => {
            let mut fields = Vec::new();
            if rolling.value.get_non_null("maxUnavailable").is_none() {
                fields.push(format!("maxUnavailable: {unavailable}"));
            }
            if rolling.value.get_non_null("maxSurge").is_none() {
                fields.push(format!("maxSurge: {surge}"));
            }
            if !fields.is_empty() {
                push(out, rolling, fields.join(", "), reason);
            }
        }
        None if strategy.value.get("rollingUpdate").is_none_or(Node::is_null) => {
            let text = format!("rollingUpdate: {{maxUnavailable: {unavailable}, maxSurge: {surge}}}");
            push(out, strategy, text, reason);
        }
        None => {}
    }
}

fn stateful_set<'a>(spec: &'a Entry, out: &mut Vec<Derived<'a>>) {
    const PARTITION: &str = "A rolling update without `partition` updates every Pod.";
    match object(&spec.value, "updateStrategy") {
        None if spec.value.get("updateStrategy").is_none_or(Node::is_null) => {
            push(
                out,
                spec,
                "updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}".to_owned(),
                PARTITION,
            );
        }
        None => {}
        Some(strategy) => {
            let rolling = object(&strategy.value, "rollingUpdate");
            // The API server creates the rolling update, with its partition, only when it sets the type itself.
            if unset_type(&strategy.value) {
                let mut text = String::new();
                if strategy.value.get_non_null("type").is_none() {
                    text.push_str("type: RollingUpdate");
                }
                if strategy.value.get("rollingUpdate").is_none_or(Node::is_null) {
                    if !text.is_empty() {
                        text.push_str(", ");
                    }
                    text.push_str("rollingUpdate: {partition: 0}");
                }
                if !text.is_empty() {
                    push(out, strategy, text, PARTITION);
                }
            }
            let rolling_update = unset_type(&strategy.value)
                || strategy.value.get("type").and_then(Node::as_str) == Some("RollingUpdate");
            if let Some(rolling) = rolling.filter(|r| rolling_update && r.value.get_non_null("partition").is_none()) {
                push(out, rolling, "partition: 0".to_owned(), PARTITION);
            }
        }
    }
    if spec.value.get("persistentVolumeClaimRetentionPolicy").is_none_or(Node::is_null) {
        push(
            out,
            spec,
            "persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Retain}".to_owned(),
            "PersistentVolumeClaims are kept unless the policy says `Delete`.",
        );
    }
}

/// A ReplicationController without a selector selects its template's labels (`SetDefaults_ReplicationController`).
fn replication_controller<'a>(spec: &'a Entry, out: &mut Vec<Derived<'a>>) {
    let selector = spec.value.get("selector");
    if selector.is_some_and(|s| s.as_mapping().is_some_and(|entries| !entries.is_empty())) {
        return;
    }
    if selector.is_some_and(|s| !s.is_null() && s.as_mapping().is_none()) {
        return;
    }
    let labels = spec.value.get("template").and_then(|t| t.get("metadata")).and_then(|m| m.get("labels"));
    let pairs: Vec<String> = labels
        .and_then(Node::as_mapping)
        .unwrap_or_default()
        .iter()
        .filter(|e| !e.shadowed)
        .filter_map(|e| Some(format!("{}: {}", e.key_str()?, e.value.scalar_text()?)))
        .collect();
    if !pairs.is_empty() {
        let text = format!("selector: {{{}}}", pairs.join(", "));
        push(out, spec, text, "A ReplicationController without a selector selects its template's labels.");
    }
}

fn job<'a>(spec: &'a Entry, out: &mut Vec<Derived<'a>>) {
    let node = &spec.value;
    if job_completions_defaulted(node) {
        push(
            out,
            spec,
            "completions: 1, parallelism: 1".to_owned(),
            "A Job that sets neither `completions` nor `parallelism` runs one Pod to completion.",
        );
    } else if node.get_non_null("parallelism").is_none() {
        push(out, spec, "parallelism: 1".to_owned(), "A Job without `parallelism` runs one Pod at a time.");
    }
    if node.get_non_null("backoffLimit").is_none() {
        let reason = if node.get_non_null("backoffLimitPerIndex").is_some() {
            "With `backoffLimitPerIndex`, the Job as a whole has no retry limit of its own."
        } else {
            "A Job without `backoffLimit` retries failed Pods 6 times before it fails."
        };
        push(out, spec, format!("backoffLimit: {}", backoff_limit(node)), reason);
    }
    if node.get_non_null("podReplacementPolicy").is_none() {
        let reason = if node.get_non_null("podFailurePolicy").is_some() {
            "With a `podFailurePolicy`, a Pod is replaced only once it has fully terminated."
        } else {
            "A Job without `podReplacementPolicy` replaces a Pod as soon as it is terminating."
        };
        push(out, spec, format!("podReplacementPolicy: {}", pod_replacement_policy(node)), reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(kind: &str, spec: &str) -> Vec<String> {
        let root = crate::syntax::parse(&format!("kind: {kind}\nspec:\n{spec}")).root.unwrap();
        derived(kind, &root)
            .iter()
            .map(|d| format!("{} → {} ({})", d.anchor.key_str().unwrap_or("?"), d.text, d.reason))
            .collect()
    }

    #[test]
    fn a_rolling_update_gets_its_limits_only_when_it_is_one() {
        assert_eq!(
            render("Deployment", "  replicas: 2\n"),
            ["spec → strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 25%, maxSurge: 25%}} (A rolling \
              update without limits lets a quarter of the Pods be unavailable and starts up to a quarter more.)"]
        );
        assert_eq!(render("Deployment", "  strategy:\n    type: Recreate\n"), [] as [String; 0]);
        let partial = render("Deployment", "  strategy:\n    rollingUpdate:\n      maxSurge: 1\n");
        assert_eq!(partial.len(), 2);
        assert!(partial[0].starts_with("strategy → type: RollingUpdate"));
        assert!(partial[1].starts_with("rollingUpdate → maxUnavailable: 25% ("));
        let daemon = render("DaemonSet", "  updateStrategy:\n    type: RollingUpdate\n");
        assert!(daemon[0].starts_with("updateStrategy → rollingUpdate: {maxUnavailable: 1, maxSurge: 0} ("));
        assert_eq!(render("DaemonSet", "  updateStrategy:\n    type: OnDelete\n"), [] as [String; 0]);
    }

    #[test]
    fn a_statefulset_partition_only_where_the_api_server_creates_the_rolling_update() {
        let none = render("StatefulSet", "  replicas: 3\n");
        assert!(none[0].starts_with("spec → updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}"));
        assert!(none[1].starts_with("spec → persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain"));
        // An explicit `RollingUpdate` without `rollingUpdate` is left without one.
        let explicit = "  updateStrategy:\n    type: RollingUpdate\n  persistentVolumeClaimRetentionPolicy: {}\n";
        assert_eq!(render("StatefulSet", explicit), [] as [String; 0]);
        let with_rolling = "  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 2\n  \
                            persistentVolumeClaimRetentionPolicy: {}\n";
        let rendered = render("StatefulSet", with_rolling);
        assert_eq!(rendered.len(), 2);
        assert!(rendered[0].starts_with("updateStrategy → type: RollingUpdate ("));
        assert!(rendered[1].starts_with("rollingUpdate → partition: 0 ("));
    }

    #[test]
    fn a_replication_controller_selects_its_template_labels() {
        let template = "  template:\n    metadata:\n      labels:\n        app: web\n        tier: front\n";
        let rendered = render("ReplicationController", template);
        assert_eq!(
            rendered,
            ["spec → selector: {app: web, tier: front} (A ReplicationController without a selector selects its \
              template's labels.)"]
        );
        let selected = format!("  selector:\n    app: web\n{template}");
        assert_eq!(render("ReplicationController", &selected), [] as [String; 0]);
        assert_eq!(render("ReplicationController", "  template: {}\n"), [] as [String; 0]);
    }

    #[test]
    fn a_job_counts_depend_on_each_other() {
        let bare = render("Job", "  template: {}\n");
        assert!(bare[0].starts_with("spec → completions: 1, parallelism: 1 ("));
        assert!(bare[1].starts_with("spec → backoffLimit: 6 ("));
        assert!(bare[2].starts_with("spec → podReplacementPolicy: TerminatingOrFailed ("));
        // `parallelism` alone leaves `completions` unset.
        let parallel = render("Job", "  parallelism: 3\n  backoffLimit: 1\n  podReplacementPolicy: Failed\n");
        assert_eq!(parallel, [] as [String; 0]);
        let indexed =
            render("Job", "  completions: 4\n  backoffLimitPerIndex: 1\n  podFailurePolicy:\n    rules: []\n");
        assert!(indexed[0].starts_with("spec → parallelism: 1 ("));
        assert!(indexed[1].starts_with("spec → backoffLimit: 2147483647 ("));
        assert!(indexed[2].starts_with("spec → podReplacementPolicy: Failed ("));
        let cron = render("CronJob", "  jobTemplate:\n    spec:\n      completions: 2\n      parallelism: 2\n");
        assert!(cron[0].starts_with("spec → backoffLimit: 6 ("), "{cron:?}");
        assert_eq!(render("Job", "  - not a mapping\n"), [] as [String; 0]);
    }
}
