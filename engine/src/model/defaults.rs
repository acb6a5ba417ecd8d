//! The values the API server fills in when a document leaves a field out (a Pod's `restartPolicy: Always`, a port's
//! `protocol: TCP`, probe timings, a Deployment's `replicas: 1`, a CronJob's `concurrencyPolicy: Allow`), as the
//! schema's `x-podls` defaults give them; the inlay hints and hover show them. A default that depends on another
//! field is not data: `imagePullPolicy` from the image's tag is derived by `model::image`, a rolling update's limits
//! or a Job's `completions` by `model::workload_defaults`, and [`of_document`] puts them all together, where the
//! editor shows them.
//!
//! Architecture Invariant: no editor types here; this says which defaults apply where, not how they are shown.

use crate::schema::ext::FieldDefault;
use crate::schema::{self, SchemaView};
use crate::syntax::{Entry, Node};
use crate::text::TextRange;

/// The defaults that one object of a document leaves to the API server.
#[derive(Clone, Debug, PartialEq)]
pub struct LeftOut<'a> {
    /// The entry they belong to: the object's key, or for a list item (which has no key) the item's first required
    /// field, as a port's `containerPort`.
    pub anchor: &'a Entry,
    /// In the order the API server sets them.
    pub defaults: Vec<&'static FieldDefault>,
}

impl LeftOut<'_> {
    /// The fields and values as YAML: `timeoutSeconds: 1, periodSeconds: 10`.
    pub fn text(&self) -> String {
        let fields: Vec<String> = self.defaults.iter().map(|d| format!("{}: {}", d.field, d.value)).collect();
        fields.join(", ")
    }

    /// Why these are the values: each distinct reason once.
    pub fn reason(&self) -> String {
        let mut reasons: Vec<&str> = Vec::new();
        for default in &self.defaults {
            if !reasons.contains(&default.reason.as_str()) {
                reasons.push(&default.reason);
            }
        }
        reasons.join(" ")
    }
}

/// Every object of the document `root`, read as `kind` (the schema of its root), that leaves out a field with a
/// default, in document order. An object whose anchor is missing (a port without `containerPort`) gets nothing:
/// there is no place to show it yet.
pub fn left_out<'a>(root: &'a Node, kind: SchemaView<'static>) -> Vec<LeftOut<'a>> {
    let mut out = Vec::new();
    walk(root, kind, None, &mut out);
    out
}

/// The `x-podls` default of the field `field` of the definition `definition`, for a rule that applies it before it
/// judges (a Deployment's `progressDeadlineSeconds`).
pub fn of_field(definition: &str, field: &str) -> Option<&'static FieldDefault> {
    schema::schema().definition(definition)?.defaults().iter().find(|d| d.field == field)
}

fn walk<'a>(node: &'a Node, view: SchemaView<'static>, anchor: Option<&'a Entry>, out: &mut Vec<LeftOut<'a>>) {
    if !view.holds_defaults() {
        return;
    }
    if let Some(items) = node.as_sequence() {
        if let Some(item_view) = view.items() {
            for item in items {
                walk(item, item_view, None, out);
            }
        }
        return;
    }
    let Some(entries) = node.as_mapping() else { return };
    let defaults: Vec<&'static FieldDefault> =
        view.defaults().iter().filter(|d| node.get(&d.field).is_none()).collect();
    if !defaults.is_empty()
        && let Some(anchor) = anchor.or_else(|| view.required().next().and_then(|name| node.entry(name)))
    {
        out.push(LeftOut { anchor, defaults });
    }
    for entry in entries {
        // Scalars hold no objects, and a shadowed entry is not what the API server sees.
        if entry.shadowed || entry.value.as_scalar().is_some() {
            continue;
        }
        let Some(key) = entry.key_str() else { continue };
        if let Some(child) = view.child(&crate::syntax::PathSeg::Key(key.to_owned())) {
            walk(&entry.value, child, Some(entry), out);
        }
    }
}

/// A value the API server will set, and where it belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultValue {
    /// The entry the default is attached to: its key (`image` for `imagePullPolicy`, the probe's key for timings).
    pub anchor: TextRange,
    /// Where a hint goes: the end of the anchor's line content.
    pub offset: usize,
    /// The field and value, as YAML (`imagePullPolicy: IfNotPresent`).
    pub text: String,
    /// Why this is the value, in a sentence.
    pub reason: String,
}

/// The defaults of one document (its text and tree) that carries a Pod spec: the workload's own and those of its
/// Pod template, which the API server fills in as a Pod's; one per entry, document offsets.
pub fn of_document(text: &str, root: &Node) -> Vec<DefaultValue> {
    let Some(carrier) = crate::model::pod::document_carrier(Some(root)) else {
        return Vec::new();
    };
    let Some(kind) = schema::schema().root(carrier.definition) else {
        return Vec::new();
    };
    let mut out: Vec<DefaultValue> =
        left_out(root, kind).iter().map(|d| at_entry(text, d.anchor, d.text(), &d.reason())).collect();
    for derived in crate::model::workload_defaults::derived(carrier.kind, root) {
        out.push(at_entry(text, derived.anchor, derived.text, &derived.reason));
    }
    // A template holds `metadata` and `spec` as a Pod does, so its containers are where a Pod's are.
    let pod = carrier.template.iter().try_fold(root, |node, key| node.get(key));
    let spec = pod.and_then(|pod| pod.get("spec")).filter(|spec| spec.as_mapping().is_some());
    for list in crate::model::pod::ContainerKind::ALL {
        for container in spec.and_then(|s| s.get(list.field())).and_then(Node::as_sequence).unwrap_or_default() {
            container_defaults(text, container, &mut out);
        }
    }
    out.sort_by_key(|d| d.offset);
    merge_by_anchor(out)
}

/// One default per entry: the data and the derived defaults of the same object (a Deployment's `replicas` and its
/// `strategy`) read as one hint, the fields in order and each reason once.
fn merge_by_anchor(defaults: Vec<DefaultValue>) -> Vec<DefaultValue> {
    let mut out: Vec<DefaultValue> = Vec::with_capacity(defaults.len());
    for default in defaults {
        match out.iter_mut().find(|d| d.anchor == default.anchor) {
            Some(same) => {
                same.text = format!("{}, {}", same.text, default.text);
                if !same.reason.contains(&default.reason) {
                    same.reason = format!("{} {}", same.reason, default.reason);
                }
            }
            None => out.push(default),
        }
    }
    out
}

/// The default that is not data: `imagePullPolicy`, derived from the image reference.
fn container_defaults(text: &str, container: &Node, out: &mut Vec<DefaultValue>) {
    if container.get("imagePullPolicy").is_none()
        && let Some(image) = container.entry("image")
        && let Some(reference) = image.value.as_str()
    {
        let (policy, reason) = crate::model::image::pull_policy(reference);
        out.push(at_entry(text, image, format!("imagePullPolicy: {policy}"), &reason));
    }
}

fn at_entry(text: &str, entry: &Entry, value: String, reason: &str) -> DefaultValue {
    DefaultValue { anchor: entry.key.range, offset: line_end(text, entry), text: value, reason: reason.to_owned() }
}

/// The end of the content of the line an entry starts on: after a scalar value, or after the colon of a key whose
/// value is a collection on the lines below. A flow collection (`spec: {`) gets it right after its opening bracket,
/// where the fields it leaves out would go, even when more follows on the line. Comments stay after the hint.
fn line_end(text: &str, entry: &Entry) -> usize {
    let between = text.get(entry.key.range.end..entry.value.range.end);
    if entry.value.as_scalar().is_some() && between.is_some_and(|between| !between.contains('\n')) {
        return entry.value.range.end;
    }
    if entry.value.as_scalar().is_none()
        && text.get(entry.value.range.start..).is_some_and(|value| value.starts_with(['{', '[']))
    {
        return entry.value.range.start + 1;
    }
    let rest = text.get(entry.key.range.end..).unwrap_or_default();
    let line = rest.split_once('\n').map_or(rest, |(line, _)| line);
    let content = line.split(" #").next().unwrap_or(line).trim_end();
    entry.key.range.end + content.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> Vec<String> {
        let root = crate::syntax::parse(text).root.unwrap();
        left_out(&root, schema::schema().pod())
            .iter()
            .map(|d| format!("{} → {} ({})", d.anchor.key_str().unwrap_or("?"), d.text(), d.reason()))
            .collect()
    }

    #[test]
    fn defaults_of_left_out_fields_in_document_order() {
        let text = "kind: Pod
spec:
  containers:
  - name: web
    ports:
    - containerPort: 80
    - containerPort: 53
      protocol: UDP
    - name: no-number
    livenessProbe:
      periodSeconds: 5
  ephemeralContainers:
  - name: debug
    startupProbe: {timeoutSeconds: 2, periodSeconds: 1, successThreshold: 1, failureThreshold: 9}
    readinessProbe:
      exec: {command: [true]}
";
        assert_eq!(
            render(text),
            [
                "spec → restartPolicy: Always (A Pod without `restartPolicy` restarts its containers whenever they exit.)",
                "containerPort → protocol: TCP (A port without `protocol` is TCP.)",
                "livenessProbe → timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 (Probe timings left out take the API server's defaults.)",
                "readinessProbe → timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 (Probe timings left out take the API server's defaults.)",
            ]
        );
    }

    #[test]
    fn set_or_null_fields_and_other_shapes_get_none() {
        assert!(render("spec:\n  restartPolicy:\n  containers: [x, 1]\n  volumes: {a: b}\n").is_empty());
        assert!(render("spec: [a]\n").is_empty());
        // With a duplicate key the last value is the one kept, and only its defaults apply.
        assert_eq!(render("spec:\n  restartPolicy: Never\nspec:\n  restartPolicy: Never\n"), [] as [String; 0]);
        assert_eq!(render("spec: {}\nspec:\n  restartPolicy: Never\n"), [] as [String; 0]);
    }
}
