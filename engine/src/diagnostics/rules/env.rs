//! Environment variables: names, `value` or `valueFrom`, the one source of a `valueFrom`, downward-API and key
//! references, `envFrom`, and repeated names (lint) (`ValidateEnv`, `validateEnvVarValueFrom`, `ValidateEnvFrom`).

use super::{Ctx, Path, Unique, codes, invalid, is_set, items, not_supported, quantity_text, quote, required, tables};
use crate::diagnostics::{Related, Severity};
use crate::model::format::{self, join};
use crate::model::quantity::Quantity;
use crate::syntax::Node;

/// Env `fieldRef` paths (`validEnvDownwardAPIFieldPathExpressions`), sorted as the API server lists them.
const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Volume `fieldRef` paths (`validVolumeDownwardAPIFieldPathExpressions`), sorted.
pub(crate) const VOLUME_FIELD_PATHS: &[&str] =
    &["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];

/// Field labels the API server can convert at all (`ConvertDownwardAPIFieldLabel`).
const CONVERTIBLE_FIELD_PATHS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `resourceFieldRef.resource` values without the hugepages prefixes.
pub(crate) const RESOURCE_FIELD_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let containers = cx.containers.clone();
    for c in containers {
        c.with_path(|path| {
            check_env(cx, c.node, path);
            check_env_from(cx, c.node, path);
        });
    }
}

fn check_env(cx: &mut Ctx<'_>, container: &Node, path: &Path<'_>) {
    let env_path = path.key("env");
    let env = items(container.get("env"));
    let mut names = Unique::new();
    for (i, var) in env.iter().enumerate() {
        if var.as_mapping().is_none() {
            continue;
        }
        let path = env_path.index(i);
        // A name's presence and format are rows of `tables`; before the relaxed rule the format was narrower.
        if let Some(name_node) = var.get("name")
            && let Some(name) = name_node.as_str().filter(|n| format::env_var_name(n).is_empty())
            && !cx.target.gate_on("RelaxedEnvironmentVariableValidation")
        {
            let errs = format::env_var_name_strict(name);
            if !errs.is_empty() {
                cx.error(
                    codes::INVALID_ENV_NAME,
                    name_node.range,
                    invalid(&path.key("name"), &quote(name), &join(&errs)),
                    &format!(
                        "Your target, Kubernetes {}, accepts only letters, digits, '_', '-' and '.' (RelaxedEnvironmentVariableValidation is off).",
                        cx.target.version
                    ),
                );
            }
        }
        if let Some(name_node) = var.get("name")
            && let Some(name) = name_node.as_str().filter(|n| !n.is_empty())
            && let Some(first) = names.repeat(name, name_node.range)
        {
            cx.report(
                Severity::Warning,
                codes::DUPLICATE_ENV_NAME,
                name_node.range,
                format!("{}: environment variable {} is set twice", path.key("name"), quote(name)),
                "The later value wins and the earlier one is silently ignored.",
            )
            .related
            .push(Related { range: first, message: format!("{} first set here", quote(name)) });
        }
        if let Some(entry) = var.entry("valueFrom").filter(|e| !e.value.is_null()) {
            check_value_from(cx, var, entry, &path.key("valueFrom"));
        }
    }
}

fn check_value_from(cx: &mut Ctx<'_>, var: &Node, entry: &crate::syntax::Entry, path: &Path<'_>) {
    let value_from = &entry.value;
    if value_from.as_mapping().is_none() {
        return;
    }
    let present = tables::ENV_VALUE_SOURCE.chosen(value_from);
    if let Some(file) = value_from.entry("fileKeyRef") {
        cx.report(
            Severity::Warning,
            codes::FEATURE_GATED,
            file.key.range,
            format!("{}: requires the EnvFiles feature gate", path.key("fileKeyRef")),
            "API servers without the gate reject `fileKeyRef`; check your cluster version before relying on it.",
        );
    }
    let value_set = var.get("value").and_then(Node::as_str).is_some_and(|v| !v.is_empty());
    if present.is_empty() {
        if cx.schema_found_unknown_key_in(value_from) {
            return;
        }
        cx.error(
            codes::ENV_VALUE_SOURCE,
            entry.key.range,
            invalid(
                path,
                "\"\"",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            ),
            "`valueFrom` needs a source: a Pod field, a resource, a ConfigMap key or a Secret key.",
        );
        return;
    } else if value_set {
        cx.error(
            codes::ENV_VALUE_SOURCE,
            entry.key.range,
            invalid(path, "\"\"", "may not be specified when `value` is not empty"),
            "Set either `value` or `valueFrom`, not both.",
        );
    } else if let [_, second, ..] = present.as_slice() {
        cx.error(
            codes::ENV_VALUE_SOURCE,
            second.key.range,
            invalid(path, "\"\"", "may not have more than one field specified at a time"),
            "A variable takes its value from exactly one source.",
        );
    }
    if let Some(field_ref) = value_from.get("fieldRef").filter(|n| n.as_mapping().is_some()) {
        check_field_ref(cx, field_ref, &path.key("fieldRef"), ENV_FIELD_PATHS);
    }
    if let Some(resource_ref) = value_from.get("resourceFieldRef").filter(|n| n.as_mapping().is_some()) {
        check_resource_field_ref(cx, resource_ref, &path.key("resourceFieldRef"), false);
    }
    for kind in ["configMapKeyRef", "secretKeyRef"] {
        if let Some(entry) = value_from.entry(kind).filter(|e| e.value.as_mapping().is_some()) {
            check_key_selector(cx, entry, &path.key(kind));
        }
    }
}

/// `validateObjectFieldSelector`: a Pod field the downward API can expose at this place.
pub(crate) fn check_field_ref(cx: &mut Ctx<'_>, field_ref: &Node, path: &Path<'_>, allowed: &[&str]) {
    let api_version = field_ref.get("apiVersion").and_then(Node::as_str).unwrap_or("v1");
    let Some((field_path, node)) = super::string_field(field_ref, "fieldPath") else {
        return;
    };
    let fp = path.key("fieldPath");
    if field_path.is_empty() {
        cx.error(
            codes::INVALID_ENV_REF,
            node.range,
            required(&fp, ""),
            "Name the Pod field to expose, such as `metadata.name`.",
        );
        return;
    }
    if !api_version.is_empty() && api_version != "v1" {
        cx.error(
            codes::INVALID_ENV_REF,
            field_ref.get("apiVersion").map_or(node.range, |n| n.range),
            invalid(
                &fp,
                &quote(field_path),
                &format!("error converting fieldPath: unsupported pod version: {api_version}"),
            ),
            "The downward API reads `v1` Pod fields; leave `apiVersion` out or set it to `v1`.",
        );
        return;
    }
    if let Some((base, subscript)) = split_subscript(field_path) {
        let errs = match base {
            "metadata.annotations" => format::qualified_name(&subscript.to_ascii_lowercase()),
            "metadata.labels" => format::qualified_name(subscript),
            // The conversion of the field label fails first (ConvertDownwardAPIFieldLabel), at `fieldPath`.
            _ => {
                cx.error(
                    codes::INVALID_ENV_REF,
                    node.range,
                    invalid(
                        &fp,
                        &quote(field_path),
                        &format!("error converting fieldPath: field label does not support subscript: {field_path}"),
                    ),
                    "Only `metadata.labels['<key>']` and `metadata.annotations['<key>']` take a subscript.",
                );
                return;
            }
        };
        if !errs.is_empty() {
            let value = quote(subscript);
            cx.error(
                codes::INVALID_ENV_REF,
                node.range,
                invalid(path, &value, &join(&errs)),
                "Only `metadata.labels['<key>']` and `metadata.annotations['<key>']` take a subscript, and the key must be a valid label key.",
            );
        }
    } else if !CONVERTIBLE_FIELD_PATHS.contains(&field_path) {
        cx.error(
            codes::INVALID_ENV_REF,
            node.range,
            invalid(
                &fp,
                &quote(field_path),
                &format!("error converting fieldPath: field label not supported: {field_path}"),
            ),
            "The downward API exposes only some Pod fields, such as `metadata.name` or `status.podIP`.",
        );
    } else if !allowed.contains(&field_path) {
        cx.error(
            codes::INVALID_ENV_REF,
            node.range,
            not_supported(&fp, &quote(field_path), allowed),
            "This Pod field cannot be exposed here; the supported ones are listed above.",
        );
    }
}

/// `metadata.labels['key']` → (`metadata.labels`, `key`).
fn split_subscript(path: &str) -> Option<(&str, &str)> {
    path.strip_suffix("']")?.split_once("['")
}

/// `validateContainerResourceFieldSelector`.
pub(crate) fn check_resource_field_ref(cx: &mut Ctx<'_>, selector: &Node, path: &Path<'_>, in_volume: bool) {
    if in_volume && !is_set(selector.get("containerName")) {
        cx.error(
            codes::INVALID_ENV_REF,
            super::anchor(selector),
            required(&path.key("containerName"), ""),
            "In a downwardAPI volume, `resourceFieldRef` must say which container's resources to expose.",
        );
        return;
    }
    let Some((resource, node)) = super::string_field(selector, "resource") else {
        return;
    };
    if resource.is_empty() {
        cx.error(
            codes::INVALID_ENV_REF,
            node.range,
            required(&path.key("resource"), ""),
            "Name a resource such as `limits.cpu`.",
        );
        return;
    }
    let hugepages = resource.starts_with("limits.hugepages-") || resource.starts_with("requests.hugepages-");
    if !RESOURCE_FIELD_PATHS.contains(&resource) && !hugepages {
        cx.error(
            codes::INVALID_ENV_REF,
            node.range,
            not_supported(&path.key("resource"), &quote(resource), RESOURCE_FIELD_PATHS),
            "Expose `limits.` or `requests.` of `cpu`, `memory`, `ephemeral-storage` or `hugepages-<size>`.",
        );
        return;
    }
    let Some(divisor_node) = selector.get("divisor") else {
        return;
    };
    let Some(text) = quantity_text(divisor_node) else {
        return;
    };
    // A malformed divisor is reported by the quantity rule.
    let Ok(divisor) = Quantity::parse(&text) else {
        return;
    };
    if divisor.is_zero() {
        return;
    }
    let (ok, detail) = if resource.ends_with(".cpu") {
        (
            divisor == Quantity::from_units(1) || divisor.nanos() == 1_000_000,
            "only divisor's values 1m and 1 are supported with the cpu resource",
        )
    } else {
        let allowed = ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];
        let ok = allowed.iter().any(|a| Quantity::parse(a).ok() == Some(divisor));
        let detail = if resource.ends_with(".memory") {
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"
        } else if hugepages {
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource"
        } else {
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource"
        };
        (ok, detail)
    };
    if !ok {
        cx.error(
            codes::INVALID_ENV_REF,
            divisor_node.range,
            invalid(&path.key("divisor"), &quote(&divisor.canonical()), detail),
            "The divisor is the unit the value is expressed in, and only round units are allowed.",
        );
    }
}

/// `validateConfigMapKeySelector` / `validateSecretKeySelector`: the name.
fn check_key_selector(cx: &mut Ctx<'_>, entry: &crate::syntax::Entry, path: &Path<'_>) {
    let selector = &entry.value;
    let name = selector.get("name").and_then(Node::as_str).unwrap_or("");
    let errs = format::dns1123_subdomain(name);
    if !errs.is_empty() && selector.get("name").is_none_or(|n| n.as_str().is_some() || n.is_null()) {
        let range = selector.get("name").filter(|n| !n.range.is_empty()).map_or(entry.key.range, |n| n.range);
        cx.error(
            codes::INVALID_ENV_REF,
            range,
            invalid(&path.key("name"), &quote(name), &join(&errs)),
            "Name the ConfigMap or Secret to read: a lowercase DNS subdomain.",
        );
    }
    // The key is a row of `tables`.
}

fn check_env_from(cx: &mut Ctx<'_>, container: &Node, path: &Path<'_>) {
    let from_path = path.key("envFrom");
    for (i, source) in items(container.get("envFrom")).iter().enumerate() {
        if source.as_mapping().is_none() {
            continue;
        }
        let path = from_path.index(i);
        let kinds = tables::ENV_FROM_SOURCE.chosen(source);
        if kinds.is_empty() {
            if cx.schema_found_unknown_key_in(source) {
                continue;
            }
            cx.error(
                codes::ENV_FROM_SOURCE,
                super::anchor(source),
                invalid(&from_path, "\"\"", "must specify one of: `configMapRef` or `secretRef`"),
                "Each `envFrom` entry imports one ConfigMap or one Secret.",
            );
        } else if kinds.len() > 1 {
            let second = kinds.iter().max_by_key(|e| e.key.range.start).expect("two");
            cx.error(
                codes::ENV_FROM_SOURCE,
                second.key.range,
                invalid(&from_path, "\"\"", "may not have more than one field specified at a time"),
                "Split the ConfigMap and the Secret into two `envFrom` entries.",
            );
        }
        for entry in kinds {
            let key = entry.key_str().unwrap_or_default();
            let name_node = entry.value.get("name");
            let name = name_node.and_then(Node::as_str).unwrap_or("");
            let name_path = path.key(key);
            let name_path = name_path.key("name");
            if name.is_empty() {
                if name_node.is_none_or(|n| n.as_str().is_some() || n.is_null()) {
                    let range = name_node.filter(|n| !n.range.is_empty()).map_or(entry.key.range, |n| n.range);
                    cx.error(
                        codes::ENV_FROM_SOURCE,
                        range,
                        required(&name_path, ""),
                        "Name the ConfigMap or Secret to import.",
                    );
                }
            } else {
                cx.check_format(
                    codes::ENV_FROM_SOURCE,
                    name_node.expect("set").range,
                    &name_path,
                    name,
                    format::dns1123_subdomain,
                    "ConfigMap and Secret names are lowercase DNS subdomains.",
                );
            }
        }
        // The prefix's format is a row of `tables`.
    }
}
