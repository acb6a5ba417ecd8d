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

/// Fields that only some kinds of container may set, and feature-gated ones.
fn check_kind_specific(cx: &mut Ctx<'_>, node: &Node, kind: ContainerKind, path: &Path<'_>) {
    let has_rules = node.get("restartPolicyRules").is_some_and(|r| !r.is_null());
    if let Some(entry) = node.entry("restartPolicyRules").filter(|_| has_rules) {
        cx.report(
            Severity::Warning,
            codes::FEATURE_GATED,
            entry.key.range,
            format!("{}: requires the ContainerRestartRules feature gate", path.key("restartPolicyRules")),
            "API servers without the gate reject it; check your cluster version before relying on it.",
        );
    }
    let restart = node.get("restartPolicy").and_then(Node::as_str);
    match kind {
        ContainerKind::Regular => {
            if restart == Some("Always") && !has_rules {
                let value = node.get("restartPolicy").expect("read above");
                cx.error(
                    codes::CONTAINER_RESTART_POLICY,
                    value.range,
                    forbidden(&path.key("restartPolicy"), "may not be set for non-init containers"),
                    "Regular containers follow the Pod's `spec.restartPolicy`; only init containers set `restartPolicy: Always` (to make a sidecar).",
                );
            }
        }
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
