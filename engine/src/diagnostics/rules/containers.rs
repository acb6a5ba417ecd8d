//! Containers, init containers and ephemeral containers: at least one container, names, images, and the fields that
//! only some kinds of container may set (`validateContainers`, `validateInitContainers`, `validateContainerCommon`,
//! `validateContainerOnlyForPod`, `ValidatePodCreate`).

use super::{ContainerKind, Ctx, Path, codes, edits, forbidden, invalid, quote, required, string_field, tables};
use crate::diagnostics::{Fix, Severity};
use crate::model::format::{self, join};
use crate::syntax::Node;

pub(crate) fn check(cx: &mut Ctx<'_>) {
    check_container_list(cx);
    check_names(cx);
    let containers = cx.containers.clone();
    for c in containers {
        c.with_path(|path| {
            check_image(cx, c.node, c.kind, path);
            check_kind_specific(cx, c.node, c.kind, path);
        });
    }
}

/// `spec.containers: Required value` for an empty list; a missing key is the schema's `missing-field`.
fn check_container_list(cx: &mut Ctx<'_>) {
    let spec = cx.base.key("spec");
    let Some(list) = cx.spec_field("containers") else {
        return;
    };
    if list.as_sequence().is_some_and(<[Node]>::is_empty) {
        cx.error(
            codes::NO_CONTAINERS,
            list.range,
            required(&spec.key("containers"), ""),
            "A Pod needs at least one container in `spec.containers`.",
        );
    }
    if let Some(ephemeral) =
        cx.spec_field("ephemeralContainers").filter(|e| e.as_sequence().is_some_and(|s| !s.is_empty()))
    {
        let key = cx.spec.and_then(|s| s.entry("ephemeralContainers")).map_or(ephemeral.range, |e| e.key.range);
        let detail = if cx.is_template() {
            "ephemeral containers not allowed in pod template"
        } else {
            "cannot be set on create"
        };
        cx.error(
            codes::EPHEMERAL_CONTAINERS,
            key,
            forbidden(&spec.key("ephemeralContainers"), detail),
            "Ephemeral containers are added to a running Pod with `kubectl debug`, not in its manifest.",
        );
    }
}

/// Names: required, DNS-1123 labels, unique across all container lists.
fn check_names(cx: &mut Ctx<'_>) {
    let containers = cx.containers.clone();
    for c in &containers {
        let Some((name, node)) = string_field(c.node, "name") else {
            continue;
        };
        c.with_path(|path| {
            let path = path.key("name");
            if name.is_empty() {
                cx.error(
                    codes::INVALID_CONTAINER_NAME,
                    node.range,
                    required(&path, ""),
                    "Every container needs a name.",
                );
                return;
            }
            let errs = format::dns1123_label(name);
            if !errs.is_empty() {
                let diagnostic = cx.error(
                    codes::INVALID_CONTAINER_NAME,
                    node.range,
                    invalid(&path, &quote(name), &join(&errs)),
                    "Container names are lowercase DNS labels: letters, digits and '-', at most 63 characters.",
                );
                if let Some(s) = super::metadata::suggest_dns_name(name).filter(|s| !s.contains('.') && s.len() <= 63) {
                    diagnostic.fixes.push(Fix::replace(format!("Rename to `{s}`"), node.range, s));
                }
            }
        });
    }
    tables::check_unique(cx, &tables::CONTAINER_NAMES);
}

fn check_image(cx: &mut Ctx<'_>, node: &Node, kind: ContainerKind, path: &Path<'_>) {
    if kind == ContainerKind::Ephemeral {
        return;
    }
    let image_path = path.key("image");
    match node.get("image") {
        Some(image) if image.as_str().is_none() && !image.is_null() => {}
        Some(image) if image.as_str().is_some_and(|s| !s.is_empty()) => {
            let s = image.as_str().expect("checked");
            if s.trim() != s {
                let trimmed = s.trim();
                let replacement = (!trimmed.is_empty()).then(|| edits::same_style(cx.text, image, trimmed));
                let diagnostic = cx.error(
                    codes::MISSING_IMAGE,
                    image.range,
                    invalid(&image_path, &quote(s), "must not have leading or trailing whitespace"),
                    "The image reference has white space around it; the container runtime would not find it.",
                );
                if let Some(text) = replacement {
                    diagnostic.fixes.push(Fix::replace("Remove the white space", image.range, text));
                }
            }
        }
        // A misspelt `image` is the schema's unknown field: one mistake, one diagnostic.
        None if cx.schema_found_misspelt(node, "image") => {}
        present => {
            let name = node.get("name").and_then(Node::as_str).filter(|n| format::dns1123_label(n).is_empty());
            let range = present.filter(|p| !p.range.is_empty()).map_or_else(|| cx_anchor(node), |p| p.range);
            let fix = match (present, name) {
                (None, Some(name)) => {
                    edits::insert_entry(cx.text, node, &format!("image: {name}"), &format!("image: {}", quote(name)))
                        .map(|e| Fix { title: format!("Add `image: {name}`"), edits: vec![e] })
                }
                (Some(value), Some(name)) if !value.range.is_empty() => {
                    Some(Fix::replace(format!("Set `image: {name}`"), value.range, quote(name)))
                }
                _ => None,
            };
            let diagnostic = cx.error(
                codes::MISSING_IMAGE,
                range,
                required(&image_path, ""),
                "Every container needs an image, although the schema marks `image` optional.",
            );
            diagnostic.fixes.extend(fix);
        }
    }
}

fn cx_anchor(node: &Node) -> crate::text::TextRange {
    match node.get("name") {
        Some(name) if !name.range.is_empty() => name.range,
        _ => super::anchor(node),
    }
}

/// What a container's `restartPolicy` may be, in the order the API server lists them (`sets.List`).
const CONTAINER_RESTART_POLICIES: [&str; 3] = ["Always", "Never", "OnFailure"];
/// The actions of a restart rule: `RestartAllContainers` needs the alpha RestartAllContainersOnContainerExits gate.
const RESTART_RULE_ACTIONS: [&str; 1] = ["Restart"];
const RESTART_RULE_ACTIONS_GATED: [&str; 2] = ["Restart", "RestartAllContainers"];
const RESTART_RULE_OPERATORS: [&str; 2] = ["In", "NotIn"];
const MAX_RESTART_RULES: usize = 20;
const MAX_RESTART_RULE_EXIT_CODES: usize = 255;

/// A container's own `restartPolicy` and its `restartPolicyRules` (ContainerRestartRules, on by default since
/// Kubernetes 1.35): any container may set Always, OnFailure or Never, rules need a policy beside them, and a
/// sidecar (an init container with `Always`) takes no rules. A `RestartAllContainers` action means the document
/// expects the alpha gate that allows it, so it is warned about and the rules are judged as with the gate on.
fn check_restart_policy(cx: &mut Ctx<'_>, node: &Node, kind: ContainerKind, path: &Path<'_>) {
    let rules_entry = node.entry("restartPolicyRules").filter(|e| !e.value.is_null());
    let rules = super::items(rules_entry.map(|e| &e.value));
    let rules_path = path.key("restartPolicyRules");
    let mut restart_all = false;
    for (i, rule) in rules.iter().enumerate() {
        if let Some((_, value)) = string_field(rule, "action").filter(|(a, _)| *a == "RestartAllContainers") {
            restart_all = true;
            cx.report(
                Severity::Warning,
                codes::FEATURE_GATED,
                value.range,
                format!(
                    "{}: requires the RestartAllContainersOnContainerExits feature gate",
                    rules_path.index(i).key("action")
                ),
                "API servers without this alpha gate reject the action; check that your cluster enables it.",
            );
        }
    }
    let actions: &[&str] = if restart_all { &RESTART_RULE_ACTIONS_GATED } else { &RESTART_RULE_ACTIONS };
    match node.get_non_null("restartPolicy") {
        None => {
            if let Some(entry) = rules_entry.filter(|_| !rules.is_empty()) {
                cx.error(
                    codes::CONTAINER_RESTART_POLICY,
                    entry.key.range,
                    required(&path.key("restartPolicy"), "must specify restartPolicy when restart rules are used"),
                    "Restart rules override the container's own `restartPolicy`, so it must set one (the Pod's does not count).",
                );
                if kind == ContainerKind::Init {
                    return;
                }
            }
        }
        Some(value) => {
            let Some(policy) = value.as_str() else { return };
            if !CONTAINER_RESTART_POLICIES.contains(&policy) {
                let range = if value.range.is_empty() { super::anchor(node) } else { value.range };
                cx.error(
                    codes::CONTAINER_RESTART_POLICY,
                    range,
                    super::not_supported(&path.key("restartPolicy"), &quote(policy), &CONTAINER_RESTART_POLICIES),
                    "A container restarts `Always`, on failure only (`OnFailure`) or `Never`.",
                );
            }
            if kind == ContainerKind::Init && policy == "Always" && !restart_all {
                if let Some(entry) = rules_entry.filter(|_| !rules.is_empty()) {
                    cx.error(
                        codes::CONTAINER_RESTART_POLICY,
                        entry.key.range,
                        forbidden(
                            &rules_path,
                            "restartPolicyRules are not allowed for init containers with restart policy Always",
                        ),
                        "A sidecar restarts whenever it exits; rules are for containers that may stop.",
                    );
                }
                return;
            }
        }
    }
    if let Some(entry) = rules_entry.filter(|_| rules.len() > MAX_RESTART_RULES) {
        cx.error(
            codes::CONTAINER_RESTART_POLICY,
            entry.key.range,
            super::too_many(&rules_path, rules.len(), MAX_RESTART_RULES),
            "A container takes at most 20 restart rules.",
        );
    }
    for (i, rule) in rules.iter().enumerate() {
        let rule_path = rules_path.index(i);
        if let Some((action, value)) = string_field(rule, "action").filter(|(a, _)| !actions.contains(a)) {
            let range = if value.range.is_empty() { super::anchor(rule) } else { value.range };
            cx.error(
                codes::CONTAINER_RESTART_POLICY,
                range,
                super::not_supported(&rule_path.key("action"), &quote(action), actions),
                "A restart rule's action is `Restart` (`RestartAllContainers` needs an alpha feature gate).",
            );
        }
        let Some(exit_codes) = rule.get_non_null("exitCodes") else {
            cx.error(
                codes::CONTAINER_RESTART_POLICY,
                super::anchor(rule),
                required(&rule_path.key("exitCodes"), "must be specified"),
                "A restart rule says which exit codes it matches: `exitCodes: {operator: In, values: [42]}`.",
            );
            continue;
        };
        let codes_path = rule_path.key("exitCodes");
        if let Some((operator, value)) =
            string_field(exit_codes, "operator").filter(|(o, _)| !RESTART_RULE_OPERATORS.contains(o))
        {
            let range = if value.range.is_empty() { super::anchor(exit_codes) } else { value.range };
            cx.error(
                codes::CONTAINER_RESTART_POLICY,
                range,
                super::not_supported(&codes_path.key("operator"), &quote(operator), &RESTART_RULE_OPERATORS),
                "`In` matches the listed exit codes, `NotIn` every other.",
            );
        }
        let values = exit_codes.entry("values").filter(|e| e.value.as_sequence().is_some());
        if let Some(entry) = values.filter(|e| super::items(Some(&e.value)).len() > MAX_RESTART_RULE_EXIT_CODES) {
            cx.error(
                codes::CONTAINER_RESTART_POLICY,
                entry.key.range,
                super::too_many(
                    &codes_path.key("values"),
                    super::items(Some(&entry.value)).len(),
                    MAX_RESTART_RULE_EXIT_CODES,
                ),
                "A restart rule lists at most 255 exit codes.",
            );
        }
    }
}

/// Fields that only some kinds of container may set.
fn check_kind_specific(cx: &mut Ctx<'_>, node: &Node, kind: ContainerKind, path: &Path<'_>) {
    let restart = node.get("restartPolicy").and_then(Node::as_str);
    if kind != ContainerKind::Ephemeral {
        check_restart_policy(cx, node, kind, path);
    }
    match kind {
        ContainerKind::Regular => {}
        ContainerKind::Init => {
            if restart != Some("Always") {
                for field in ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] {
                    if let Some(entry) = node.entry(field).filter(|e| !e.value.is_null()) {
                        cx.error(
                            codes::INIT_CONTAINER_FIELD,
                            entry.key.range,
                            forbidden(&path.key(field), "may not be set for init containers without restartPolicy=Always"),
                            "An init container runs to completion before the app starts; add `restartPolicy: Always` to make it a sidecar instead.",
                        );
                    }
                }
            }
        }
        ContainerKind::Ephemeral => {}
    }
}
