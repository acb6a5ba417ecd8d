//! Object metadata: the Pod's name and namespace, labels, annotations (keys, total size and the Pod-specific ones)
//! and finalizers (`ValidateObjectMeta`, `ValidatePodSpecificAnnotations`, `ValidateAppArmorPodAnnotations`).

use super::{Ctx, Path, anchor, codes, edits, entries, forbidden, invalid, items, quote, required};
use crate::diagnostics::{Edit, Fix, Severity};
use crate::model::format::{self, join};
use crate::syntax::Node;
use crate::text::TextRange;

/// `TotalAnnotationSizeLimitB`.
const ANNOTATIONS_LIMIT: usize = 256 << 10;

const APPARMOR_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

/// Finalizers the API server knows without a domain prefix.
const STANDARD_FINALIZERS: &[&str] = &["kubernetes", "orphan", "foregroundDeletion"];

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let root = cx.root;
    let meta_path = cx.base.key("metadata");
    let metadata = root.get("metadata").filter(|m| m.as_mapping().is_some());
    // A template's name, namespace and finalizers are not the Pods': the API server judges its labels and
    // annotations only.
    if !cx.is_template() {
        check_name(cx, metadata);
    }
    let Some(metadata) = metadata else { return };
    // The namespace's format is a row of `tables`.
    check_labels(cx, metadata.get("labels"), &meta_path.key("labels"));
    check_annotations(cx, metadata);
    if cx.is_template() {
        return;
    }
    let finalizers_path = meta_path.key("finalizers");
    for (i, item) in items(metadata.get("finalizers")).iter().enumerate() {
        let Some(name) = item.as_str() else { continue };
        if !name.contains('/') && !STANDARD_FINALIZERS.contains(&name) {
            cx.error(
                codes::INVALID_FINALIZER,
                item.range,
                invalid(
                    &finalizers_path.index(i),
                    &quote(name),
                    "name is neither a standard finalizer name nor is it fully qualified",
                ),
                "A custom finalizer needs a domain prefix, such as `example.com/cleanup`.",
            );
        } else if name.contains('/') {
            cx.check_format(
                codes::INVALID_FINALIZER,
                item.range,
                &finalizers_path.index(i),
                name,
                format::qualified_name,
                "A finalizer name is a qualified name: `<domain>/<name>`.",
            );
        }
    }
}

fn check_name(cx: &mut Ctx<'_>, metadata: Option<&Node>) {
    let meta = cx.base.key("metadata");
    let path = meta.key("name");
    let non_empty = |key| metadata.and_then(|m| super::string_field(m, key)).filter(|(s, _)| !s.is_empty());
    let (name, generate) = (non_empty("name"), non_empty("generateName"));
    match (name, generate) {
        // A misspelt `name` is the schema's unknown field: one mistake, one diagnostic.
        (None, None) if metadata.is_some_and(|m| cx.schema_found_misspelt(m, "name")) => {}
        (None, None) => {
            // A name of the wrong type is the schema's to report.
            if metadata.and_then(|m| m.get("name")).is_some_and(|n| !n.is_null() && n.as_str().is_none()) {
                return;
            }
            let (range, fix) = missing_name_fix(cx);
            let diagnostic = cx.error(
                codes::POD_NAME_REQUIRED,
                range,
                required(&path, "name or generateName is required"),
                "Every Pod needs `metadata.name` (or `generateName` with `kubectl create`).",
            );
            if let Some(fix) = fix {
                diagnostic.fixes.push(fix);
            }
        }
        (Some((name, node)), _) => {
            let errs = format::dns1123_subdomain(name);
            if !errs.is_empty() {
                let suggestion = suggest_dns_name(name);
                let diagnostic = cx.error(
                    codes::INVALID_POD_NAME,
                    node.range,
                    invalid(&path, &quote(name), &join(&errs)),
                    "Pod names are lowercase DNS subdomains: letters, digits, '-' and '.', at most 253 characters.",
                );
                if let Some(s) = suggestion {
                    diagnostic.fixes.push(Fix::replace(format!("Rename to `{s}`"), node.range, s));
                }
            }
        }
        (None, Some((prefix, node))) => {
            // `generateName` is a prefix, so the API server masks a trailing '-' before checking it
            // (`maskTrailingDash`, which replaces the last two characters with one letter).
            let masked =
                prefix.get(..prefix.len().saturating_sub(2)).filter(|_| prefix.len() > 1 && prefix.ends_with('-'));
            let candidate = masked.map_or_else(|| prefix.to_owned(), |rest| format!("{rest}a"));
            let errs = format::dns1123_subdomain(&candidate);
            if !errs.is_empty() {
                cx.error(
                    codes::INVALID_POD_NAME,
                    node.range,
                    invalid(&meta.key("generateName"), &quote(prefix), &join(&errs)),
                    "`generateName` is the start of a lowercase DNS subdomain; a trailing '-' is fine.",
                );
            }
        }
    }
}

/// The range to report a missing name on, and a fix inserting one.
fn missing_name_fix(cx: &Ctx<'_>) -> (TextRange, Option<Fix>) {
    let root = cx.root;
    let guess = cx
        .containers
        .first()
        .and_then(|c| c.name())
        .and_then(suggest_dns_name_or_self)
        .unwrap_or_else(|| "my-pod".to_owned());
    let title = format!("Add `metadata.name: {guess}`");
    // A container named `null` or `true` makes a guess that YAML would not read back as a string when plain.
    let block_value = edits::string_scalar(&guess);
    let existing = root.entry("metadata").and_then(|m| m.value.entry("name"));
    let edit = |text: &str| match root.entry("metadata") {
        // `name: ""` or `name:` is there already: give it a value rather than add a second `name` after it.
        _ if let Some(name) = existing => match name.value.range.is_empty() {
            false => Some(Edit { range: name.value.range, text: quote(&guess) }),
            true => {
                let colon = text.get(name.key.range.end..).and_then(|rest| rest.find(':'))?;
                Some(Edit {
                    range: TextRange::empty(name.key.range.end + colon + 1),
                    text: format!(" {}", quote(&guess)),
                })
            }
        },
        Some(entry) if entry.value.as_mapping().is_some_and(|e| !e.is_empty()) => edits::insert_entry(
            text,
            &entry.value,
            &format!("name: {block_value}"),
            &format!("name: {}", quote(&guess)),
        ),
        // `metadata: {}` or `metadata:` with nothing: write the name in flow style.
        Some(entry) if entry.value.as_mapping().is_some() && edits::is_flow(text, &entry.value) => {
            Some(Edit { range: entry.value.range, text: format!("{{name: {}}}", quote(&guess)) })
        }
        Some(entry) if entry.value.is_null() && entry.value.range.is_empty() => {
            let colon = text.get(entry.key.range.end..).and_then(|rest| rest.find(':'))?;
            let at = entry.key.range.end + colon + 1;
            Some(Edit { range: TextRange::empty(at), text: format!(" {{name: {}}}", quote(&guess)) })
        }
        Some(_) => None,
        None => edits::insert_entry(
            text,
            root,
            &format!("metadata:\n  name: {block_value}"),
            &format!("metadata: {{name: {}}}", quote(&guess)),
        ),
    };
    let range = root.entry("metadata").map_or_else(|| anchor(root), |e| e.key.range);
    let fix = edit(cx.text).map(|e| Fix { title, edits: vec![e] });
    (range, fix)
}

fn suggest_dns_name_or_self(name: &str) -> Option<String> {
    if format::dns1123_subdomain(name).is_empty() { Some(name.to_owned()) } else { suggest_dns_name(name) }
}

/// A valid DNS name close to `name`: lower-cased, with other characters turned into '-'.
pub(crate) fn suggest_dns_name(name: &str) -> Option<String> {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let out = out.trim_matches(|c| c == '-' || c == '.').to_owned();
    (!out.is_empty() && out != name && format::dns1123_subdomain(&out).is_empty()).then_some(out)
}

/// `ValidateLabels`: qualified-name keys and label values. Also used for `spec.nodeSelector`.
pub(crate) fn check_labels(cx: &mut Ctx<'_>, labels: Option<&Node>, path: &Path<'_>) {
    for entry in entries(labels) {
        if entry.merged {
            continue;
        }
        let Some(key) = entry.key_str() else { continue };
        cx.check_format(
            codes::INVALID_LABEL,
            entry.key.range,
            path,
            key,
            format::qualified_name,
            "Label keys are `[prefix/]name`: the name is at most 63 alphanumerics, '-', '_' or '.'.",
        );
        // Numbers and booleans are decoding errors (the schema reports them); null decodes to "".
        let Some(value) = entry.value.as_str() else {
            continue;
        };
        cx.check_format(
            codes::INVALID_LABEL,
            entry.value.range,
            path,
            value,
            format::label_value,
            "Label values are empty or at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric.",
        );
    }
}

fn check_annotations(cx: &mut Ctx<'_>, metadata: &Node) {
    let Some(annotations) = metadata.get("annotations") else {
        return;
    };
    let meta = cx.base.key("metadata");
    let path = meta.key("annotations");
    let mut total = 0usize;
    for entry in entries(Some(annotations)) {
        let Some(key) = entry.key_str() else { continue };
        let value = entry.value.as_str().unwrap_or_default();
        total += key.len() + value.len();
        let errs = format::qualified_name(&key.to_ascii_lowercase());
        if !errs.is_empty() && !entry.merged {
            cx.error(
                codes::INVALID_ANNOTATION,
                entry.key.range,
                invalid(&path, &quote(key), &join(&errs)),
                "Annotation keys are `[prefix/]name`, like label keys.",
            );
        }
        check_pod_annotation(cx, &path, key, &entry.value);
    }
    if total > ANNOTATIONS_LIMIT {
        let key = metadata.entry("annotations").expect("read above").key.range;
        cx.error(
            codes::ANNOTATIONS_TOO_LONG,
            key,
            format!("{path}: Too long: may not be more than {ANNOTATIONS_LIMIT} bytes"),
            "All annotation keys and values together may hold at most 256 KiB; store large data in a ConfigMap.",
        );
    }
}

/// `ValidatePodSpecificAnnotations` and the AppArmor annotations.
fn check_pod_annotation(cx: &mut Ctx<'_>, path: &Path<'_>, key: &str, value: &Node) {
    let sub = path.subscript(key);
    let text = value.as_str().unwrap_or_default();
    match key {
        "kubernetes.io/config.mirror" => {
            if cx.spec_field("nodeName").and_then(Node::as_str).is_none_or(str::is_empty) {
                cx.error(
                    codes::INVALID_ANNOTATION,
                    value.range,
                    forbidden(&sub, "must set spec.nodeName if mirror pod annotation is set"),
                    "Mirror Pods are created by a kubelet for its own node; the annotation needs `spec.nodeName`.",
                );
            }
        }
        "controller.kubernetes.io/pod-deletion-cost" => {
            // `GetDeletionCostFromPodAnnotations`: a decimal int32 without a sign `+`, spaces or leading zeros.
            let canonical =
                text == "0" || text.strip_prefix('-').unwrap_or(text).starts_with(|c: char| ('1'..='9').contains(&c));
            if !canonical || text.parse::<i32>().is_err() {
                cx.error(
                    codes::INVALID_ANNOTATION,
                    value.range,
                    invalid(&sub, &quote(text), "must be a 32bit integer"),
                    "The deletion cost is a whole number as a string, such as \"100\".",
                );
            }
        }
        "seccomp.security.alpha.kubernetes.io/pod" => check_seccomp_annotation(cx, &sub, value, text),
        _ => {
            if key.starts_with("container.seccomp.security.alpha.kubernetes.io/") {
                check_seccomp_annotation(cx, &sub, value, text);
            } else if let Some(container) = key.strip_prefix(APPARMOR_PREFIX) {
                check_apparmor_annotation(cx, &sub, container, value, text);
            }
        }
    }
}

fn check_seccomp_annotation(cx: &mut Ctx<'_>, path: &Path<'_>, value: &Node, text: &str) {
    if matches!(text, "runtime/default" | "docker/default" | "unconfined") {
        return;
    }
    // `ValidateSeccompProfile`: a `localhost/` profile is held to the local path rules and reported without the prefix.
    let (shown, errs) = match text.strip_prefix("localhost/") {
        Some(profile) => (profile, format::local_path(profile)),
        None => (text, vec!["must be a valid seccomp profile".to_owned()]),
    };
    if !errs.is_empty() {
        cx.error(
            codes::INVALID_ANNOTATION,
            value.range,
            invalid(path, &quote(shown), &join(&errs)),
            "Use `runtime/default`, `unconfined` or `localhost/<relative path>`; better, set `securityContext.seccompProfile`.",
        );
    }
}

fn check_apparmor_annotation(cx: &mut Ctx<'_>, path: &Path<'_>, container: &str, value: &Node, text: &str) {
    if !cx.containers.iter().any(|c| c.name() == Some(container)) {
        let key_range = cx
            .root
            .get("metadata")
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.entry(&format!("{APPARMOR_PREFIX}{container}")))
            .map_or(value.range, |e| e.key.range);
        cx.error(
            codes::INVALID_ANNOTATION,
            key_range,
            invalid(path, &quote(container), "container not found"),
            "The AppArmor annotation names a container that this Pod does not have.",
        );
    }
    let valid = matches!(text, "" | "runtime/default" | "unconfined") || text.starts_with("localhost/");
    if !valid {
        cx.error(
            codes::INVALID_ANNOTATION,
            value.range,
            invalid(path, &quote(text), &format!("invalid AppArmor profile name: {}", quote(text))),
            "Use `runtime/default`, `unconfined` or `localhost/<profile>`.",
        );
    } else {
        cx.report(
            Severity::Warning,
            codes::DEPRECATED_ANNOTATION,
            value.range,
            format!("{path}: deprecated since v1.30; use the \"appArmorProfile\" field instead"),
            "The API server accepts the annotation with a warning; set `securityContext.appArmorProfile` instead.",
        );
    }
}
