//! The values the API server fills in when a Pod leaves a field out (`restartPolicy: Always`, a port's
//! `protocol: TCP`, probe timings), as the schema's `x-podls` defaults give them; the inlay hints and hover show
//! them. A default that depends on another field (`imagePullPolicy` from the image's tag) is not data: it is derived
//! by `model::image`, and [`of_document`] puts both together, where the editor shows them.
//!
//! Architecture Invariant: no editor types here; this says which defaults apply where, not how they are shown.

use crate::schema::ext::FieldDefault;
use crate::schema::{self, SchemaView};
use crate::syntax::{Entry, Node};
use crate::text::TextRange;

/// The defaults that one object of a Pod leaves to the API server.
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

/// Every object of the Pod `root` that leaves out a field with a default, in document order. An object whose
/// anchor is missing (a port without `containerPort`) gets nothing: there is no place to show it yet.
pub fn left_out(root: &Node) -> Vec<LeftOut<'_>> {
    let mut out = Vec::new();
    walk(root, schema::schema().pod(), None, &mut out);
    out
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

/// The Pod defaults of one document (its text and tree) that carries a Pod spec: a Pod's, or those of a workload's
/// Pod template, which the API server fills in the same way; document offsets.
pub fn of_document(text: &str, root: &Node) -> Vec<DefaultValue> {
    let Some(carrier) = crate::model::pod::document_carrier(Some(root)) else {
        return Vec::new();
    };
    // A template holds `metadata` and `spec` as a Pod does, so it is read as one.
    let Some(pod) = carrier.template.iter().try_fold(root, |node, key| node.get(key)) else {
        return Vec::new();
    };
    let mut out: Vec<DefaultValue> =
        left_out(pod).iter().map(|d| at_entry(text, d.anchor, d.text(), &d.reason())).collect();
    let spec = pod.get("spec").filter(|spec| spec.as_mapping().is_some());
    for list in crate::model::pod::ContainerKind::ALL {
        for container in spec.and_then(|s| s.get(list.field())).and_then(Node::as_sequence).unwrap_or_default() {
            container_defaults(text, container, &mut out);
        }
    }
    out.sort_by_key(|d| d.offset);
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
/// value is a collection on the lines below. Comments stay after the hint.
fn line_end(text: &str, entry: &Entry) -> usize {
    let between = text.get(entry.key.range.end..entry.value.range.end);
    if entry.value.as_scalar().is_some() && between.is_some_and(|between| !between.contains('\n')) {
        return entry.value.range.end;
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
        left_out(&root)
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
