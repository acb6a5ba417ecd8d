//! The API server's rules for Jobs and CronJobs (`batch/v1` validation), judged after its defaults: a Job's
//! `completionMode` is `NonIndexed`, `suspend` and `manualSelector` false, and its template's `restartPolicy`
//! `Always` (which a Job then rejects); a CronJob's `concurrencyPolicy` is `Allow` and a pattern of
//! `onPodConditions` without `status` means `True`. The Pod rules of the template run elsewhere; these are the
//! workload's own fields.
//!
//! A CronJob's `spec.jobTemplate.spec` gets every Job rule at its own path, except that its selector is always
//! generated.

use super::{
    Ctx, Path, Unique, codes, duplicate, entries, int32, int64, invalid, items, not_supported, quote, required,
    too_many,
};
use crate::diagnostics::Fix;
use crate::model::selector::{LabelSelector, Labels};
use crate::model::{cron, format, pod, time_zones, workload_defaults};
use crate::schema::closed_values;
use crate::syntax::Node;
use crate::syntax::edit as edits;

/// The parallelism an Indexed Job may have at most.
const MAX_INDEXED_PARALLELISM: i64 = 100_000;
/// The `maxFailedIndexes` an Indexed Job may have at most.
const MAX_FAILED_INDEXES: i64 = 100_000;
/// Above this many completions, a Job with `backoffLimitPerIndex` gets the tighter limits below.
const COMPLETIONS_SOFT_LIMIT: i64 = 100_000;
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: i64 = 10_000;
const MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS: i64 = 10_000;
const MAX_POD_FAILURE_POLICY_RULES: usize = 20;
const MAX_EXIT_CODES: usize = 255;
const MAX_POD_CONDITION_PATTERNS: usize = 20;
const MAX_SUCCESS_POLICY_RULES: usize = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH: usize = 64 * 1024;
/// The longest `managedBy`.
const MAX_MANAGED_BY_LENGTH: usize = 63;
/// The CronJob controller names each Job `<name>-<11 characters>`, and a Job name has at most 63.
const MAX_CRON_JOB_NAME: usize = 52;

// The fields whose closed sets the rules below judge (`x-podls` `closed` in the overlay, which completion offers).
const ACTIONS: &str = "io.k8s.api.batch.v1.PodFailurePolicyRule.action";
const OPERATORS: &str = "io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement.operator";
const CONDITION_STATUSES: &str = "io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern.status";
const REPLACEMENT_POLICIES: &str = "io.k8s.api.batch.v1.JobSpec.podReplacementPolicy";
const COMPLETION_MODES: &str = "io.k8s.api.batch.v1.JobSpec.completionMode";
const CONCURRENCY_POLICIES: &str = "io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy";

/// Whose `JobSpec` is being judged: a Job's own, or the template a CronJob creates Jobs from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Job,
    CronJob,
}

/// Checks a `batch/v1` `Job` (the document is `cx.root`).
pub(super) fn check_job(cx: &mut Ctx) {
    if let Some(spec) = cx.root.get("spec").filter(|s| s.as_mapping().is_some()) {
        job_spec(cx, spec, &Path::ROOT.key("spec"), Owner::Job);
        indexed_host_names(cx, spec);
    }
}

/// The Pods of an Indexed Job are named `<job>-<index>`, which must be a DNS label for the last index too.
fn indexed_host_names(cx: &mut Ctx, spec: &Node) {
    if spec.get("completionMode").and_then(Node::as_str) != Some("Indexed") {
        return;
    }
    let Some(completions) = spec.get("completions").and_then(int32).filter(|c| *c > 0) else { return };
    let Some(name) = cx.root.get("metadata").and_then(|m| m.get("name")) else { return };
    // A name that is no DNS subdomain is the metadata rules' to report.
    let Some(text) = name.as_str().filter(|n| format::dns1123_subdomain(n).is_empty()) else { return };
    let host = format!("{text}-{}", completions - 1);
    if format::dns1123_label(&host).is_empty() {
        return;
    }
    let path = Path::ROOT.key("metadata");
    cx.error(
        codes::JOB_SPEC,
        name.range,
        invalid(
            &path.key("name"),
            &quote(text),
            &format!("will not able to create pod with invalid DNS label: {host}"),
        ),
        "Each Pod of an Indexed Job is named after the Job and its index, and that name must be a DNS label.",
    );
}

/// Checks a `batch/v1` `CronJob` (the document is `cx.root`).
pub(super) fn check_cron_job(cx: &mut Ctx) {
    let root = cx.root;
    if let Some(name) = root.get("metadata").and_then(|m| m.get("name"))
        && let Some(text) = name.as_str().filter(|n| n.chars().count() > MAX_CRON_JOB_NAME)
    {
        let path = Path::ROOT.key("metadata");
        cx.error(
            codes::CRON_JOB_SPEC,
            name.range,
            invalid(&path.key("name"), &quote(text), "must be no more than 52 characters"),
            "Each Job the CronJob creates is named after it plus an 11-character suffix, and a Job name has at \
                 most 63 characters.",
        );
    }
    let Some(spec) = root.get("spec").filter(|s| s.as_mapping().is_some()) else { return };
    let path = Path::ROOT.key("spec");
    schedule(cx, spec, &path);
    time_zone(cx, spec, &path);
    if let Some(policy) = spec.get("concurrencyPolicy") {
        // `""` is defaulted to `Allow`, as a missing policy is.
        if policy.as_str() != Some("") {
            one_of(
                cx,
                codes::CRON_JOB_SPEC,
                policy,
                &path.key("concurrencyPolicy"),
                &closed_values(CONCURRENCY_POLICIES),
            );
        }
    }
    for field in ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] {
        non_negative(cx, codes::CRON_JOB_SPEC, spec, field, &path);
    }
    let template = path.key("jobTemplate");
    let template_spec = template.key("spec");
    if let Some(job) = spec.get("jobTemplate").and_then(|t| t.get("spec")).filter(|s| s.as_mapping().is_some()) {
        job_spec(cx, job, &template_spec, Owner::CronJob);
    }
}

/// The rules of a `JobSpec` at `path`.
fn job_spec(cx: &mut Ctx, spec: &Node, path: &Path<'_>, owner: Owner) {
    let code = codes::JOB_SPEC;
    for field in [
        "parallelism",
        "completions",
        "activeDeadlineSeconds",
        "backoffLimit",
        "ttlSecondsAfterFinished",
        "backoffLimitPerIndex",
        "maxFailedIndexes",
    ] {
        non_negative(cx, code, spec, field, path);
    }
    let count = |field: &str| spec.get(field).and_then(int64);
    let per_index = spec.get("backoffLimitPerIndex").filter(|n| !n.is_null());
    let max_failed = spec.get("maxFailedIndexes").filter(|n| !n.is_null());
    if let (Some(max_failed), None) = (max_failed, per_index) {
        cx.error(
            code,
            max_failed.range,
            required(&path.key("backoffLimitPerIndex"), "when maxFailedIndexes is specified"),
            "`maxFailedIndexes` counts indexes that used up their `backoffLimitPerIndex`, so that limit must be set.",
        );
    }
    if let Some((manager, node)) = super::string_field(spec, "managedBy") {
        managed_by(cx, manager, node, &path.key("managedBy"));
    }
    let mode = spec.get("completionMode").filter(|n| !n.is_null());
    if let Some(mode) = mode {
        one_of(cx, code, mode, &path.key("completionMode"), &closed_values(COMPLETION_MODES));
    }
    let indexed = mode.and_then(Node::as_str) == Some("Indexed");
    if indexed {
        indexed_limits(cx, spec, path, mode);
    } else if mode.is_none_or(|m| m.as_str() == Some("NonIndexed")) {
        for (field, node) in [("backoffLimitPerIndex", per_index), ("maxFailedIndexes", max_failed)] {
            if let Some((value, node)) = node.and_then(|n| int32(n).map(|v| (v, n))) {
                cx.error(
                    code,
                    node.range,
                    invalid(&path.key(field), &value.to_string(), "requires indexed completion mode"),
                    "Limits per index apply only to `completionMode: Indexed`.",
                );
            }
        }
    }
    let failure_policy = spec.get("podFailurePolicy").filter(|n| n.as_mapping().is_some());
    if let Some(policy) = failure_policy {
        pod_failure_policy(cx, spec, policy, &path.key("podFailurePolicy"));
    }
    if let Some(success) = spec.get("successPolicy").filter(|n| n.as_mapping().is_some()) {
        let success_path = path.key("successPolicy");
        if indexed {
            success_policy(cx, success, &success_path, count("completions"));
        } else {
            cx.error(
                code,
                spec.entry("successPolicy").map_or(success.range, |e| e.key.range),
                invalid(&success_path, "{...}", "requires indexed completion mode"),
                "A success policy names indexes, so it needs `completionMode: Indexed`.",
            );
        }
    }
    if let Some(replacement) = spec.get("podReplacementPolicy").and_then(|n| n.as_str().map(|s| (s, n))) {
        let (value, node) = replacement;
        let mut supported = closed_values(REPLACEMENT_POLICIES);
        if failure_policy.is_some() {
            supported.retain(|policy| *policy == "Failed");
        }
        if !supported.contains(&value) {
            let why = if failure_policy.is_some() {
                "With a `podFailurePolicy`, a Pod is replaced only once it has failed."
            } else {
                "A Job replaces its Pods once they have failed (`Failed`), or as soon as they terminate."
            };
            cx.error(
                code,
                node.range,
                not_supported(&path.key("podReplacementPolicy"), &quote(value), &supported),
                why,
            );
        }
    }
    restart_policy(cx, spec, path, failure_policy.is_some());
    selector(cx, spec, path, owner);
}

/// `managedBy` names the controller that reconciles the Job: a domain-prefixed path (`IsDomainPrefixedPath`) of at
/// most 63 characters.
fn managed_by(cx: &mut Ctx, manager: &str, node: &Node, path: &Path<'_>) {
    let code = codes::JOB_SPEC;
    let why = "A Job left to another controller names it as `<domain>/<name>`, such as `kueue.x-k8s.io/multikueue`.";
    match manager.split_once('/') {
        _ if manager.is_empty() => {
            cx.error(code, node.range, required(path, ""), why);
        }
        Some((host, rest)) if !host.is_empty() && !rest.is_empty() => {
            for err in format::dns1123_subdomain(host) {
                cx.error(code, node.range, invalid(path, &quote(host), &err), why);
            }
            let path_char = |c: char| c.is_ascii_alphanumeric() || "/-._~%!$&'()*+,;=:".contains(c);
            if !rest.chars().all(path_char) {
                let detail = "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')";
                cx.error(code, node.range, invalid(path, &quote(rest), detail), why);
            }
        }
        _ => {
            let detail = "must be a domain-prefixed path (such as \"acme.io/foo\")";
            cx.error(code, node.range, invalid(path, &quote(manager), detail), why);
        }
    }
    if manager.len() > MAX_MANAGED_BY_LENGTH {
        cx.error(
            code,
            node.range,
            format!("{path}: Too long: may not be longer than {MAX_MANAGED_BY_LENGTH}"),
            "The controller's name is at most 63 characters.",
        );
    }
}

/// The limits that apply only to `completionMode: Indexed`.
fn indexed_limits(cx: &mut Ctx, spec: &Node, path: &Path<'_>, mode: Option<&Node>) {
    let code = codes::JOB_SPEC;
    let count = |field: &str| spec.get(field).and_then(int32);
    let completions = count("completions");
    let parallelism = spec.get("parallelism").and_then(|n| int32(n).map(|v| (v, n)));
    let max_failed = spec.get("maxFailedIndexes").and_then(|n| int32(n).map(|v| (v, n)));
    // Defaulting runs first: a Job that sets neither `completions` nor `parallelism` gets `completions: 1`.
    if spec.get("completions").is_none_or(Node::is_null)
        && !workload_defaults::job_completions_defaulted(spec)
        && let Some(mode) = mode
    {
        cx.error(
            code,
            mode.range,
            required(&path.key("completions"), "when completion mode is Indexed"),
            "An Indexed Job runs one Pod per index from 0 to `completions` - 1, so it needs `completions`.",
        );
    }
    let too_big = |cx: &mut Ctx, field: &str, (value, node): (i64, &Node), detail: String, why: &str| {
        cx.error(code, node.range, invalid(&path.key(field), &value.to_string(), &detail), why);
    };
    if let Some(p) = parallelism.filter(|(v, _)| *v > MAX_INDEXED_PARALLELISM) {
        let detail = format!("must be less than or equal to {MAX_INDEXED_PARALLELISM} when completion mode is Indexed");
        too_big(cx, "parallelism", p, detail, "The API server caps the parallelism of an Indexed Job.");
    }
    if let (Some(c), Some(m)) = (completions, max_failed)
        && m.0 > c
    {
        let detail = "must be less than or equal to completions".to_owned();
        too_big(cx, "maxFailedIndexes", m, detail, "There are only `completions` indexes to fail.");
    }
    if let Some(m) = max_failed.filter(|(v, _)| *v > MAX_FAILED_INDEXES) {
        let detail = format!("must be less than or equal to {MAX_FAILED_INDEXES}");
        too_big(cx, "maxFailedIndexes", m, detail, "The API server caps the failed indexes it keeps track of.");
    }
    let high = completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT);
    if high && spec.get("backoffLimitPerIndex").is_some_and(|n| !n.is_null()) {
        let why = "A Job this large with limits per index is capped, so that its status stays small.";
        if max_failed.is_none()
            && let Some(node) = spec.entry("completions")
        {
            cx.error(
                code,
                node.value.range,
                required(
                    &path.key("maxFailedIndexes"),
                    &format!("must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"),
                ),
                why,
            );
        }
        let suffix =
            format!("when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index");
        if let Some(p) = parallelism.filter(|(v, _)| *v > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS) {
            let detail = format!("must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} {suffix}");
            too_big(cx, "parallelism", p, detail, why);
        }
        if let Some(m) = max_failed.filter(|(v, _)| *v > MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS) {
            let detail = format!("must be less than or equal to {MAX_FAILED_INDEXES_FOR_HIGH_COMPLETIONS} {suffix}");
            too_big(cx, "maxFailedIndexes", m, detail, why);
        }
    }
}

/// The template's `restartPolicy`: defaulted to `Always`, which a Job's Pods may not have.
fn restart_policy(cx: &mut Ctx, spec: &Node, path: &Path<'_>, has_failure_policy: bool) {
    let Some(pod) = spec.get("template").and_then(|t| t.get("spec")).filter(|s| s.as_mapping().is_some()) else {
        return;
    };
    let template = path.key("template");
    let pod_path = template.key("spec");
    let field = pod_path.key("restartPolicy");
    let wanted = if has_failure_policy { "Never" } else { "OnFailure" };
    match pod.get("restartPolicy").filter(|n| !n.is_null()) {
        Some(node) if node.as_str().is_none() => {}
        Some(node) if !matches!(node.as_str(), Some("" | "Always")) => {
            // Anything else outside the enum is the schema's to report.
            if has_failure_policy && node.as_str() == Some("OnFailure") {
                let detail = "only \"Never\" is supported when podFailurePolicy is specified";
                let diagnostic = cx.error(
                    codes::JOB_SPEC,
                    node.range,
                    invalid(&field, &quote("OnFailure"), detail),
                    "A pod failure policy judges each failed Pod, so the kubelet must not restart it in place.",
                );
                diagnostic.fixes.push(Fix::replace("Set `restartPolicy: Never`", node.range, "Never"));
            }
        }
        found => {
            let allowed = pod::allowed_restart_policies(cx.carrier).unwrap_or_default();
            let supported: Vec<String> = allowed.iter().map(|s| quote(s)).collect();
            let range = match (found, pod.entry("restartPolicy")) {
                (Some(node), _) if !node.range.is_empty() => node.range,
                (_, Some(entry)) => entry.key.range,
                _ => super::anchor(pod),
            };
            let why = if found.is_some() {
                "A Job's Pods must end, so the kubelet may only restart a failed container (`OnFailure`) or none \
                 (`Never`)."
            } else {
                "Without `restartPolicy`, the Pod gets `Always`, which a Job rejects: its Pods must end."
            };
            let text = cx.text;
            let diagnostic = cx.error(
                codes::JOB_SPEC,
                range,
                required(&field, &format!("valid values: {}", supported.join(", "))),
                why,
            );
            let title = format!("Set `restartPolicy: {wanted}`");
            match found {
                Some(node) if !node.range.is_empty() => diagnostic.fixes.push(Fix::replace(title, node.range, wanted)),
                _ => {
                    let entry = format!("restartPolicy: {wanted}");
                    if let Some(edit) = edits::insert_entry(text, pod, &entry, &entry) {
                        diagnostic.fixes.push(Fix { title, edits: vec![edit] });
                    }
                }
            }
        }
    }
}

/// `selector` and `manualSelector`: the API server generates a Job's selector unless `manualSelector` is true, and
/// always generates the selector of a CronJob's Jobs.
fn selector(cx: &mut Ctx, spec: &Node, path: &Path<'_>, owner: Owner) {
    let manual_entry = spec.entry("manualSelector");
    let manual = manual_entry.and_then(|e| e.value.as_bool()) == Some(true);
    let selector = spec.entry("selector").filter(|e| e.value.as_mapping().is_some());
    match owner {
        Owner::CronJob => {
            if let Some(entry) = selector {
                cx.error(
                    codes::CRON_JOB_SPEC,
                    entry.key.range,
                    invalid(&path.key("selector"), "{...}", "`selector` will be auto-generated"),
                    "The API server labels each Job's Pods and selects them itself; remove the selector.",
                );
            }
            if let (true, Some(entry)) = (manual, manual_entry) {
                cx.error(
                    codes::CRON_JOB_SPEC,
                    entry.value.range,
                    not_supported(&path.key("manualSelector"), "true", &["nil", "false"]),
                    "The selector of a CronJob's Jobs is always generated.",
                );
            }
        }
        Owner::Job if manual => {
            if let Some(entry) = selector {
                selects_template(cx, spec, &entry.value, path);
            }
            if spec.get("selector").is_none_or(Node::is_null)
                && let Some(entry) = manual_entry
            {
                cx.error(
                    codes::JOB_SPEC,
                    entry.key.range,
                    required(&path.key("selector"), ""),
                    "With `manualSelector: true`, the API server generates no selector, so the Job must have one.",
                );
            }
        }
        Owner::Job => {
            // The generated labels carry the Job's uid, which no manifest can know: any selector that requires
            // something fails to match them. An empty selector matches everything, the generated labels too.
            if let Some(entry) = selector.filter(|e| !is_empty_selector(&e.value)) {
                cx.error(
                    codes::JOB_SPEC,
                    entry.key.range,
                    invalid(&path.key("selector"), "{...}", "`selector` not auto-generated"),
                    "The API server selects a Job's Pods by labels it generates; remove the selector, or set \
                     `manualSelector: true` to keep it.",
                );
            }
        }
    }
}

/// A manual selector must select the Pods the Job creates.
fn selects_template(cx: &mut Ctx, spec: &Node, selector: &Node, path: &Path<'_>) {
    let template = spec.get("template");
    let metadata = template.and_then(|t| t.get("metadata"));
    let labels = metadata.and_then(|m| m.get("labels")).filter(|l| l.as_mapping().is_some());
    if LabelSelector::from_node(selector).matches(Labels(labels)) != Some(false) {
        return;
    }
    let range = match (metadata.and_then(|m| m.entry("labels")), spec.entry("template")) {
        (Some(entry), _) => entry.key.range,
        (None, Some(entry)) => entry.key.range,
        (None, None) => return,
    };
    let template_path = path.key("template");
    let metadata_path = template_path.key("metadata");
    cx.error(
        codes::JOB_SPEC,
        range,
        invalid(
            &metadata_path.key("labels"),
            &super::apps::go_map(labels),
            "`selector` does not match template `labels`",
        ),
        "With `manualSelector: true`, the selector must select the Pods of the template, or the Job never sees \
         them.",
    );
}

fn is_empty_selector(selector: &Node) -> bool {
    ["matchLabels", "matchExpressions"].iter().all(|key| match selector.get(key) {
        None => true,
        Some(n) => n.is_null() || entries(Some(n)).is_empty() && items(Some(n)).is_empty(),
    })
}

/// `podFailurePolicy`: its rules, each an action and exactly one of `onExitCodes` and `onPodConditions`.
fn pod_failure_policy(cx: &mut Ctx, spec: &Node, policy: &Node, path: &Path<'_>) {
    let actions = closed_values(ACTIONS);
    let code = codes::POD_FAILURE_POLICY;
    let rules_path = path.key("rules");
    let rules = items(policy.get("rules"));
    if rules.len() > MAX_POD_FAILURE_POLICY_RULES
        && let Some(node) = policy.entry("rules")
    {
        cx.error(
            code,
            node.key.range,
            too_many(&rules_path, rules.len(), MAX_POD_FAILURE_POLICY_RULES),
            "The API server accepts at most 20 rules.",
        );
    }
    let pod = spec.get("template").and_then(|t| t.get("spec"));
    let names: Unique<&str, ()> = ["containers", "initContainers"]
        .iter()
        .flat_map(|list| items(pod.and_then(|p| p.get(list))))
        .filter_map(|c| c.get("name").and_then(Node::as_str))
        .map(|name| (name, ()))
        .collect();
    let per_index = spec.get("backoffLimitPerIndex").is_some_and(|n| !n.is_null());
    for (i, rule) in rules.iter().enumerate().filter(|(_, r)| r.as_mapping().is_some()) {
        let rule_path = rules_path.index(i);
        let action_path = rule_path.key("action");
        if let Some(action) = rule.get("action") {
            match action.as_str() {
                Some("") => {
                    let list: Vec<String> = actions.iter().map(|s| quote(s)).collect();
                    cx.error(
                        code,
                        action.range,
                        required(&action_path, &format!("valid values: [{}]", list.join(" "))),
                        "Each rule says what a matching failure does.",
                    );
                }
                Some("FailIndex") if !per_index => {
                    cx.error(
                        code,
                        action.range,
                        invalid(&action_path, &quote("FailIndex"), "requires the backoffLimitPerIndex to be set"),
                        "`FailIndex` fails one index, which only a Job with `backoffLimitPerIndex` tracks.",
                    );
                }
                Some(value) if !actions.contains(&value) => {
                    cx.error(
                        code,
                        action.range,
                        not_supported(&action_path, &quote(value), &actions),
                        "A rule counts the failure, fails the index or the Job, or ignores it.",
                    );
                }
                _ => {}
            }
        }
        let exit_codes = rule.get("onExitCodes").filter(|n| !n.is_null());
        if let Some(exit_codes) = exit_codes.filter(|n| n.as_mapping().is_some()) {
            on_exit_codes(cx, exit_codes, &rule_path.key("onExitCodes"), &names);
        }
        let conditions = items(rule.get("onPodConditions"));
        on_pod_conditions(cx, rule, conditions, &rule_path.key("onPodConditions"));
        let detail = match (exit_codes.is_some(), !conditions.is_empty()) {
            (true, true) => "specifying both OnExitCodes and OnPodConditions is not supported",
            (false, false) => "specifying one of OnExitCodes and OnPodConditions is required",
            _ => continue,
        };
        let range = rule.as_mapping().and_then(|e| e.first()).map_or(rule.range, |e| e.key.range);
        cx.error(
            code,
            range,
            format!("{rule_path}: Invalid value: {detail}"),
            "A rule matches either the containers' exit codes or the Pod's conditions.",
        );
    }
}

fn on_exit_codes(cx: &mut Ctx, exit_codes: &Node, path: &Path<'_>, names: &Unique<&str, ()>) {
    let operators = closed_values(OPERATORS);
    let code = codes::POD_FAILURE_POLICY;
    let operator = exit_codes.get("operator").and_then(Node::as_str);
    if let Some(node) = exit_codes.get("operator") {
        let operator_path = path.key("operator");
        match operator {
            Some("") => {
                let list: Vec<String> = operators.iter().map(|s| quote(s)).collect();
                cx.error(
                    code,
                    node.range,
                    required(&operator_path, &format!("valid values: [{}]", list.join(" "))),
                    "The operator says whether the exit code must be one of `values` or none of them.",
                );
            }
            Some(value) if !operators.contains(&value) => {
                cx.error(
                    code,
                    node.range,
                    not_supported(&operator_path, &quote(value), &operators),
                    "The operator says whether the exit code must be one of `values` or none of them.",
                );
            }
            _ => {}
        }
    }
    if let Some(node) = exit_codes.get("containerName")
        && let Some(name) = node.as_str().filter(|n| names.get(*n).is_none())
    {
        cx.error(
            code,
            node.range,
            invalid(
                &path.key("containerName"),
                &quote(name),
                "must be one of the container or initContainer names in the pod template",
            ),
            "The rule would never match: no container of the template has this name.",
        );
    }
    let values_path = path.key("values");
    let Some(values_node) = exit_codes.get("values").filter(|n| n.as_sequence().is_some()) else { return };
    let values = items(Some(values_node));
    if values.is_empty() {
        cx.error(
            code,
            values_node.range,
            invalid(&values_path, "[]int32{}", "at least one value is required"),
            "A rule on exit codes needs at least one.",
        );
    } else if values.len() > MAX_EXIT_CODES
        && let Some(entry) = exit_codes.entry("values")
    {
        cx.error(code, entry.key.range, too_many(&values_path, values.len(), MAX_EXIT_CODES), "");
    }
    let mut seen = Unique::new();
    let mut previous: Option<i64> = None;
    let mut ordered = true;
    let numbers: Vec<i64> = values.iter().filter_map(int32).collect();
    for (j, node) in values.iter().enumerate() {
        let Some(value) = int32(node) else { continue };
        let value_path = values_path.index(j);
        if operator == Some("In") && value == 0 {
            cx.error(
                code,
                node.range,
                invalid(&value_path, "0", "must not be 0 for the In operator"),
                "Exit code 0 is success, which the failure policy never sees.",
            );
        }
        if seen.repeat(value, ()).is_some() {
            cx.error(code, node.range, duplicate(&value_path, &value.to_string()), "Each exit code is listed once.");
        }
        if previous.is_some_and(|p| p > value) {
            ordered = false;
        }
        previous = Some(value);
    }
    if !ordered {
        let shown: Vec<String> = numbers.iter().map(i64::to_string).collect();
        let text = cx.text;
        let diagnostic = cx.error(
            code,
            values_node.range,
            invalid(&values_path, &format!("[]int32{{{}}}", shown.join(", ")), "must be ordered"),
            "The API server wants the exit codes in increasing order.",
        );
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() == numbers.len() && edits::is_flow(text, values_node) {
            let shown: Vec<String> = sorted.iter().map(i64::to_string).collect();
            diagnostic.fixes.push(Fix::replace(
                "Sort the exit codes",
                values_node.range,
                format!("[{}]", shown.join(", ")),
            ));
        }
    }
}

fn on_pod_conditions(cx: &mut Ctx, rule: &Node, conditions: &[Node], path: &Path<'_>) {
    let statuses = closed_values(CONDITION_STATUSES);
    let code = codes::POD_FAILURE_POLICY;
    if conditions.len() > MAX_POD_CONDITION_PATTERNS
        && let Some(entry) = rule.entry("onPodConditions")
    {
        cx.error(code, entry.key.range, too_many(path, conditions.len(), MAX_POD_CONDITION_PATTERNS), "");
    }
    for (j, pattern) in conditions.iter().enumerate() {
        let pattern_path = path.index(j);
        if let Some(node) = pattern.get("type")
            && let Some(kind) = node.as_str()
        {
            cx.check_format(
                code,
                node.range,
                &pattern_path.key("type"),
                kind,
                format::qualified_name,
                "A condition type is a qualified name, as `DisruptionTarget` or `example.com/Ready`.",
            );
        }
        // An empty or missing status is defaulted to `True`.
        if let Some(node) = pattern.get("status")
            && let Some(status) = node.as_str().filter(|s| !s.is_empty() && !statuses.contains(s))
        {
            cx.error(
                code,
                node.range,
                not_supported(&pattern_path.key("status"), &quote(status), &statuses),
                "A condition's status is `True`, `False` or `Unknown`.",
            );
        }
    }
}

/// `successPolicy` of an Indexed Job: at most 20 rules, each a count or a set of indexes below `completions`.
fn success_policy(cx: &mut Ctx, policy: &Node, path: &Path<'_>, completions: Option<i64>) {
    let code = codes::JOB_SPEC;
    let rules_path = path.key("rules");
    let rules = items(policy.get("rules"));
    // Without the key, the schema reports the required field; `rules: []` is ours.
    if rules.is_empty()
        && let Some(entry) = policy.entry("rules")
    {
        let range = entry.key.range;
        cx.error(
            code,
            range,
            required(&rules_path, "at least one rules must be specified when the successPolicy is specified"),
            "A success policy without rules would never declare the Job succeeded.",
        );
    } else if rules.len() > MAX_SUCCESS_POLICY_RULES
        && let Some(entry) = policy.entry("rules")
    {
        cx.error(code, entry.key.range, too_many(&rules_path, rules.len(), MAX_SUCCESS_POLICY_RULES), "");
    }
    // Without `completions` an Indexed Job is already reported, and there is nothing to compare with.
    let Some(completions) = completions else { return };
    for (i, rule) in rules.iter().enumerate().filter(|(_, r)| r.as_mapping().is_some()) {
        let rule_path = rules_path.index(i);
        let indexes = rule.get("succeededIndexes").filter(|n| !n.is_null());
        let count = rule.get("succeededCount").filter(|n| !n.is_null());
        if indexes.is_none() && count.is_none() {
            cx.error(
                code,
                super::anchor(rule),
                required(&rule_path, "at least one of succeededCount or succeededIndexes must be specified"),
                "A rule says how many indexes, or which, must succeed.",
            );
        }
        let mut total = None;
        if let Some((text, node)) = indexes.and_then(|n| n.as_str().map(|s| (s, n))) {
            let indexes_path = rule_path.key("succeededIndexes");
            if text.len() > MAX_SUCCEEDED_INDEXES_LENGTH {
                cx.error(
                    code,
                    node.range,
                    format!("{indexes_path}: Too long: may not be more than {MAX_SUCCEEDED_INDEXES_LENGTH} bytes"),
                    "",
                );
            } else {
                match index_count(text, completions) {
                    Ok(n) => total = Some(n),
                    Err(err) => {
                        cx.error(
                            code,
                            node.range,
                            invalid(&indexes_path, &quote(text), &format!("error parsing succeededIndexes: {err}")),
                            "Indexes are increasing numbers and ranges below `completions`, as `0,2-4`.",
                        );
                    }
                }
            }
        }
        if let Some((value, node)) = count.and_then(|n| int32(n).map(|v| (v, n))) {
            let count_path = rule_path.key("succeededCount");
            if value < 0 {
                cx.error(code, node.range, invalid(&count_path, &value.to_string(), NON_NEGATIVE), "");
            } else if value > completions {
                let detail =
                    format!("must be less than or equal to {completions} (the number of specified completions)");
                cx.error(code, node.range, invalid(&count_path, &value.to_string(), &detail), "");
            } else if let Some(total) = total.filter(|t| value > *t) {
                let detail = format!(
                    "must be less than or equal to {total} (the number of indexes in the specified succeededIndexes \
                     field)"
                );
                cx.error(code, node.range, invalid(&count_path, &value.to_string(), &detail), "");
            }
        }
    }
}

/// How many indexes a list such as `0,2-4` names, each below `completions`, or the API server's complaint.
fn index_count(text: &str, completions: i64) -> Result<i64, String> {
    if text.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0;
    for interval in text.split(',') {
        let (first, end) = index_interval(interval, completions)?;
        if let Some(last) = last.filter(|l| *l >= first) {
            return Err(format!("non-increasing order, previous: {last}, current: {first}"));
        }
        total += end - first + 1;
        last = Some(end);
    }
    Ok(total)
}

fn index_interval(interval: &str, completions: i64) -> Result<(i64, i64), String> {
    let limits: Vec<&str> = interval.split('-').collect();
    if limits.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by \
             '-'",
            quote(interval)
        ));
    }
    let index = |text: &str| -> Result<i64, String> {
        let value =
            go_atoi(text).ok_or_else(|| format!("cannot convert string to integer for index: {}", quote(text)))?;
        if value >= completions {
            return Err(format!("too large index: {}", quote(text)));
        }
        Ok(value)
    };
    let first = index(limits.first().copied().unwrap_or_default())?;
    match limits.get(1) {
        None => Ok((first, first)),
        Some(end) => {
            let end = index(end)?;
            if first >= end {
                return Err(format!("non-increasing order, previous: {first}, current: {end}"));
            }
            Ok((first, end))
        }
    }
}

/// Go's `strconv.Atoi`: an optional sign, then decimal digits only.
fn go_atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A CronJob's `schedule`, as the API server's cron parser reads it, without a time zone in it.
fn schedule(cx: &mut Ctx, spec: &Node, path: &Path<'_>) {
    let Some(node) = spec.get("schedule") else { return };
    let Some(text) = node.as_str() else { return };
    let field = path.key("schedule");
    if text.is_empty() {
        cx.error(codes::CRON_SCHEDULE, node.range, required(&field, ""), "A CronJob needs a schedule.");
        return;
    }
    if let Err(err) = cron::parse(text) {
        cx.error(
            codes::CRON_SCHEDULE,
            node.range,
            invalid(&field, &quote(text), &err),
            "A schedule is five fields (minute, hour, day of month, month, day of week), or `@hourly`, `@daily`, \
             `@every 1h30m` and the like.",
        );
    }
    // The API server's own test, on any `TZ` anywhere in the text.
    if text.contains("TZ") {
        cx.error(
            codes::CRON_SCHEDULE,
            node.range,
            invalid(&field, &quote(text), "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
            "New CronJobs name their time zone in `spec.timeZone`.",
        );
    }
}

/// A CronJob's `timeZone`, an IANA zone name.
fn time_zone(cx: &mut Ctx, spec: &Node, path: &Path<'_>) {
    let Some(node) = spec.get("timeZone") else { return };
    let Some(zone) = node.as_str() else { return };
    let Err(err) = time_zones::validate(zone) else { return };
    let suggestion = closest_zone(zone);
    let why = match suggestion {
        Some(name) => format!("Did you mean `{name}`?"),
        None => "A time zone is an IANA name, as `Europe/Paris` or `Etc/UTC`.".to_owned(),
    };
    let diagnostic =
        cx.error(codes::CRON_SCHEDULE, node.range, invalid(&path.key("timeZone"), &quote(zone), &err), &why);
    if let Some(name) = suggestion {
        diagnostic.fixes.push(Fix::replace(format!("Change to `{name}`"), node.range, name));
    }
}

/// The known zone nearest to `zone`, when it is evidently a slip (a case or a letter or two).
fn closest_zone(zone: &str) -> Option<&'static str> {
    // Blanks are a few edits away from the two-letter zones (`GB`, `NZ`), which they do not mean.
    if zone.trim().is_empty() {
        return None;
    }
    let lower = zone.to_ascii_lowercase();
    time_zones::names()
        .iter()
        .map(|name| (strsim::levenshtein(&lower, &name.to_ascii_lowercase()), *name))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

const NON_NEGATIVE: &str = "must be greater than or equal to 0";

/// A count of `node` that must not be negative (`ValidateNonnegativeField`).
fn non_negative(cx: &mut Ctx, code: &'static str, node: &Node, field: &str, path: &Path<'_>) {
    let Some(value_node) = node.get(field) else { return };
    let Some(value) = int64(value_node).filter(|v| *v < 0) else { return };
    cx.error(
        code,
        value_node.range,
        invalid(&path.key(field), &value.to_string(), NON_NEGATIVE),
        "A count or a number of seconds cannot be negative.",
    );
}

/// A closed set of values the schema does not know, with a fix for a slip of case.
fn one_of(cx: &mut Ctx, code: &'static str, node: &Node, path: &Path<'_>, supported: &[&str]) {
    let Some(value) = node.as_str().filter(|v| !supported.contains(v)) else { return };
    let diagnostic = cx.error(code, node.range, not_supported(path, &quote(value), supported), "");
    if let Some(meant) = supported.iter().find(|s| s.eq_ignore_ascii_case(value)) {
        diagnostic.fixes.push(Fix::replace(format!("Change to `{meant}`"), node.range, *meant));
    }
}

#[cfg(test)]
mod tests;
