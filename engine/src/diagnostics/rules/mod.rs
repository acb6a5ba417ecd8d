//! The API server's Pod validation rules that a schema cannot express, and lint for mistakes it accepts.
//!
//! [`check`] runs on a document that carries a Pod spec (a Pod, or a workload's Pod template), after schema
//! validation. Every rule reports the API server's own words and field path (`spec.containers[1].name: Duplicate
//! value: "app"`, `spec.template.spec.containers[1].name: ...` in a template), then a plain explanation on the next
//! line, on the offending value. Defaulting and admission (protocol, restart policy, probe timings, the service account) are
//! applied before judging, so nothing the API server would fill in is reported.
//!
//! One mistake gives one diagnostic: the schema layer owns unknown fields, wrong types, closed enums and fields its
//! schema marks required, so rules skip values of the wrong type, and a rule about something missing from a mapping
//! stays quiet when the schema reported a key of that mapping as unknown (the findings are passed in).
//!
//! Checks of the same shape (required, format, range, file mode, unique, exactly one of) are rows in `tables`; the
//! modules hold the rules that are not.
//!
//! Architecture Invariant: no IO, no LSP types, no regex compiled at run time; rules run on every keystroke.

mod apps;
mod batch;
mod containers;
mod env;
mod lint;
mod metadata;
mod ports;
mod probes;
mod resources;
mod scheduling;
mod security;
mod tables;
mod volumes;
mod windows;
mod workloads;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::hash::Hash;

use crate::diagnostics::schema::codes as schema_codes;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::version::Target;
use crate::model::workload::PodCarrier;
use crate::syntax::edit as edits;
pub(crate) use crate::syntax::path::Path;
use crate::syntax::{Node, NodeKind, ScalarValue};
use crate::text::TextRange;

/// The codes are in the registry; rules name them as `codes::DUPLICATE_ENV_NAME`.
pub use crate::diagnostics::codes;
pub use workloads::check_workload;

/// Checks the Pod spec a document carries as `carrier` (its root mapping) against the API server's rules and the
/// lint rules: a Pod's own, or those of the workload's Pod template, with every path starting at the template.
///
/// `text` is the document the tree was parsed from, for fixes that insert YAML at the right indentation.
/// `schema_findings` are the schema's diagnostics of the same tree: a rule stays quiet about what the schema already
/// judged. Returns the diagnostics in no particular order; the caller sorts them.
pub fn check(
    text: &str,
    document: &Node,
    carrier: &PodCarrier,
    schema_findings: &[Diagnostic],
    target: &Target,
) -> Vec<Diagnostic> {
    let Some(pod) = carrier.template.iter().try_fold(document, |node, key| node.get(key)) else {
        return Vec::new();
    };
    if pod.as_mapping().is_none() {
        return Vec::new();
    }
    // `spec.template` as one key renders as the API server writes it, and costs no chain of parents.
    let base_key = carrier.template.join(".");
    let root_path = Path::ROOT;
    let base = if carrier.is_pod() { root_path } else { root_path.key(&base_key) };
    let mut cx = Ctx::new(text, document, carrier, pod, &base, schema_findings, target);
    // First, so that a field's own shape is reported before what the modules find at the same place.
    tables::check_pod_fields(&mut cx);
    metadata::check(&mut cx);
    if cx.spec.is_some() {
        containers::check(&mut cx);
        ports::check(&mut cx);
        env::check(&mut cx);
        volumes::check(&mut cx);
        resources::check(&mut cx);
        probes::check(&mut cx);
        scheduling::check(&mut cx);
        security::check(&mut cx);
        windows::check(&mut cx);
    }
    lint::check(&mut cx);
    cx.out
}

pub(crate) use crate::model::pod::ContainerKind;

/// One container of the Pod and where it is.
#[derive(Clone, Copy)]
pub(crate) struct ContainerRef<'a> {
    /// The path of the Pod (or template) the container is in.
    base: &'a Path<'a>,
    pub kind: ContainerKind,
    pub index: usize,
    pub node: &'a Node,
}

impl<'a> ContainerRef<'a> {
    pub(crate) fn name(&self) -> Option<&'a str> {
        self.node.get("name").and_then(Node::as_str)
    }

    /// Whether this is an init container with `restartPolicy: Always`: a sidecar that runs beside the app.
    pub(crate) fn is_sidecar(&self) -> bool {
        self.kind == ContainerKind::Init && self.node.get("restartPolicy").and_then(Node::as_str) == Some("Always")
    }

    /// Calls `f` with this container's path (`spec.containers[1]`).
    pub(crate) fn with_path<R>(&self, f: impl FnOnce(&Path<'_>) -> R) -> R {
        let spec = self.base.key("spec");
        let list = spec.key(self.kind.field());
        let path = list.index(self.index);
        f(&path)
    }

    /// Where to point when something is missing from the container: its name, else its first key.
    pub(crate) fn anchor(&self) -> TextRange {
        match self.node.get("name") {
            Some(name) if !name.range.is_empty() => name.range,
            _ => anchor(self.node),
        }
    }
}

/// What the rules share: the document, the facts derived from it once, and the diagnostics so far.
pub(crate) struct Ctx<'a> {
    /// The document text, for building fixes.
    pub text: &'a str,
    /// The whole document: a Pod, or the workload whose template `root` is.
    pub document: &'a Node,
    pub carrier: &'a PodCarrier,
    /// The Pod (`metadata` and `spec`): the document itself, or the workload's Pod template.
    pub root: &'a Node,
    /// The path of `root`: empty for a Pod, `spec.template` in a Deployment.
    pub base: &'a Path<'a>,
    pub spec: Option<&'a Node>,
    /// Regular, init, then ephemeral containers, in document order within each list.
    pub containers: Vec<ContainerRef<'a>>,
    pub host_network: bool,
    /// The cluster the manifest is meant for: rules whose verdict changed with a version or gate follow it.
    pub target: &'a Target,
    /// The keys the schema reported as unknown, by range (a key's range identifies it in the tree), with the field
    /// its quick fix renames the key to, if it has one.
    unknown_keys: HashMap<TextRange, Option<&'a str>>,
    pub out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn new(
        text: &'a str,
        document: &'a Node,
        carrier: &'a PodCarrier,
        root: &'a Node,
        base: &'a Path<'a>,
        schema_findings: &'a [Diagnostic],
        target: &'a Target,
    ) -> Ctx<'a> {
        let spec = root.get("spec").filter(|s| s.as_mapping().is_some());
        let containers = spec.map_or_else(Vec::new, |spec| {
            crate::model::pod::containers(spec, &ContainerKind::ALL)
                .filter(|(_, node)| node.as_mapping().is_some())
                .map(|(id, node)| ContainerRef { base, kind: id.kind, index: id.index, node })
                .collect()
        });
        let host_network = spec.and_then(|s| s.get("hostNetwork")).and_then(Node::as_bool) == Some(true);
        let unknown_keys = schema_findings
            .iter()
            .filter(|d| d.code == schema_codes::UNKNOWN_FIELD)
            .map(|d| {
                let rename = d.fixes.iter().flat_map(|f| &f.edits).find(|e| e.range == d.range);
                (d.range, rename.map(|e| e.text.as_str()))
            })
            .collect();
        Ctx {
            text,
            document,
            carrier,
            root,
            base,
            spec,
            containers,
            host_network,
            target,
            unknown_keys,
            out: Vec::new(),
        }
    }

    /// Whether the Pod is a workload's template, which the API server judges as `ValidatePodTemplateSpec` does: no
    /// name, namespace or finalizers in its metadata, and no ephemeral containers.
    pub(crate) fn is_template(&self) -> bool {
        !self.carrier.is_pod()
    }

    /// Whether a StatefulSet's `volumeClaimTemplates` declares a claim named `name`, which its containers mount as
    /// a volume of that name.
    pub(crate) fn is_claim_template(&self, name: &str) -> bool {
        self.carrier.kind == "StatefulSet"
            && items(self.document.get("spec").and_then(|s| s.get("volumeClaimTemplates")))
                .iter()
                .any(|claim| claim.get("metadata").and_then(|m| m.get("name")).and_then(Node::as_str) == Some(name))
    }

    /// Whether the schema reported a key of the mapping `node` as unknown. A misspelt key (`imgae`, `emptydir`,
    /// `httpget`) is then the schema's diagnostic, so a rule about something missing from `node` stays quiet.
    pub(crate) fn schema_found_unknown_key_in(&self, node: &Node) -> bool {
        !self.unknown_keys.is_empty() && entries(Some(node)).iter().any(|e| self.is_unknown_to_schema(e))
    }

    /// Whether the schema reported a key of the mapping `node` as unknown that may be a misspelt `field`: one it
    /// suggests renaming to `field`, or one it has no suggestion for. (`labls` is a misspelt `labels`, so a missing
    /// `name` beside it is still reported.)
    pub(crate) fn schema_found_misspelt(&self, node: &Node, field: &str) -> bool {
        !self.unknown_keys.is_empty()
            && entries(Some(node))
                .iter()
                .any(|e| self.unknown_keys.get(&e.key.range).is_some_and(|rename| rename.is_none_or(|r| r == field)))
    }

    /// Whether the schema reported `entry`'s key as unknown where it stands.
    pub(crate) fn is_unknown_to_schema(&self, entry: &crate::syntax::Entry) -> bool {
        self.unknown_keys.contains_key(&entry.key.range)
    }

    /// A field of the spec.
    pub(crate) fn spec_field(&self, key: &str) -> Option<&'a Node> {
        self.spec.and_then(|s| s.get(key))
    }

    /// Reports `value` at `range` as the API server's `Invalid value` when `validate` (one of [`format`]'s checks)
    /// finds it malformed. Returns whether it is well formed.
    pub(crate) fn check_format(
        &mut self,
        code: &'static str,
        range: TextRange,
        path: &Path<'_>,
        value: &str,
        validate: fn(&str) -> Vec<String>,
        why: &str,
    ) -> bool {
        let errs = validate(value);
        if !errs.is_empty() {
            self.error(code, range, invalid(path, &quote(value), &crate::model::format::join(&errs)), why);
        }
        errs.is_empty()
    }

    /// Reports an error: the API server's message, then a plain explanation on the next line.
    pub(crate) fn error(&mut self, code: &'static str, range: TextRange, api: String, why: &str) -> &mut Diagnostic {
        self.report(Severity::Error, code, range, api, why)
    }

    pub(crate) fn report(
        &mut self,
        severity: Severity,
        code: &'static str,
        range: TextRange,
        first: String,
        why: &str,
    ) -> &mut Diagnostic {
        let message = if why.is_empty() { first } else { format!("{first}\n{why}") };
        self.out.push(Diagnostic::new(severity, code, range, message));
        self.out.last_mut().expect("just pushed")
    }
}

/// A string quoted as Go's `%q` does.
pub(crate) fn quote(s: &str) -> String {
    format!("{s:?}")
}

/// A list of scalars as a message shows it: `["a", "b"]`.
pub(crate) fn show_list(node: Option<&Node>) -> String {
    let shown: Vec<String> = items(node)
        .iter()
        .map(|n| match n.as_str() {
            Some(s) => quote(s),
            None => n.scalar_text().unwrap_or("{...}").to_owned(),
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

/// `<path>: Invalid value: <value>: <detail>`.
pub(crate) fn invalid(path: &Path<'_>, value: &str, detail: &str) -> String {
    format!("{path}: Invalid value: {value}: {detail}")
}

/// `<path>: Required value[: <detail>]`.
pub(crate) fn required(path: &Path<'_>, detail: &str) -> String {
    if detail.is_empty() { format!("{path}: Required value") } else { format!("{path}: Required value: {detail}") }
}

/// `<path>: Duplicate value: <value>`.
pub(crate) fn duplicate(path: &Path<'_>, value: &str) -> String {
    format!("{path}: Duplicate value: {value}")
}

/// `<path>: Unsupported value: <value>: supported values: "A", "B"`.
pub(crate) fn not_supported(path: &Path<'_>, value: &str, supported: &[&str]) -> String {
    let list: Vec<String> = supported.iter().map(|s| quote(s)).collect();
    format!("{path}: Unsupported value: {value}: supported values: {}", list.join(", "))
}

/// `<path>: Too many: <n>: must have at most <max> items`.
pub(crate) fn too_many(path: &Path<'_>, count: usize, max: usize) -> String {
    format!("{path}: Too many: {count}: must have at most {max} items")
}

/// `<path>: Not found: <value>`.
pub(crate) fn not_found(path: &Path<'_>, value: &str) -> String {
    format!("{path}: Not found: {value}")
}

/// `<path>: Forbidden: <detail>`.
pub(crate) fn forbidden(path: &Path<'_>, detail: &str) -> String {
    format!("{path}: Forbidden: {detail}")
}

/// Where to point for something missing from a mapping: its first key, else the node.
pub(crate) fn anchor(node: &Node) -> TextRange {
    match (node.as_mapping().and_then(|e| e.first()), &node.kind) {
        (Some(entry), _) if !entry.merged => entry.key.range,
        // A scalar written where a mapping belongs: all of it, since its first character may be wider than a byte.
        (_, NodeKind::Scalar(_)) => node.range,
        // Otherwise the node starts with an ASCII indicator (`-`, `[`, `{`, `<<`): its first byte.
        _ => TextRange::new(node.range.start, node.range.start.max(node.range.end.min(node.range.start + 1))),
    }
}

/// The entries of a mapping, or none.
pub(crate) fn entries(node: Option<&Node>) -> &[crate::syntax::Entry] {
    node.and_then(Node::as_mapping).unwrap_or_default()
}

/// The items of a sequence, or none.
pub(crate) fn items(node: Option<&Node>) -> &[Node] {
    node.and_then(Node::as_sequence).unwrap_or_default()
}

/// The first occurrence of each key of a list: "must be unique" checks and lookups by name cost one hash probe per
/// item, so they stay linear in a long list.
pub(crate) struct Unique<K, V> {
    first: HashMap<K, V>,
}

impl<K: Hash + Eq, V: Copy> Unique<K, V> {
    pub(crate) fn new() -> Self {
        Unique { first: HashMap::new() }
    }

    /// Records `key` with `value` unless it was seen; for a repeat, returns what its first occurrence recorded.
    pub(crate) fn repeat(&mut self, key: K, value: V) -> Option<V> {
        match self.first.entry(key) {
            Slot::Occupied(first) => Some(*first.get()),
            Slot::Vacant(slot) => {
                slot.insert(value);
                None
            }
        }
    }

    /// What the first occurrence of `key` recorded.
    pub(crate) fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.first.get(key).copied()
    }
}

impl<K: Hash + Eq, V: Copy> FromIterator<(K, V)> for Unique<K, V> {
    /// The first value of each key wins.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut unique = Unique::new();
        for (key, value) in pairs {
            unique.repeat(key, value);
        }
        unique
    }
}

/// A string field of a mapping, with its node.
pub(crate) fn string_field<'a>(node: &'a Node, key: &str) -> Option<(&'a str, &'a Node)> {
    let value = node.get(key)?;
    Some((value.as_str()?, value))
}

/// The text of a quantity as the API server's decoder sees it: a string, or a number's JSON spelling.
pub(crate) fn quantity_text(node: &Node) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    match &node.as_scalar()?.value {
        ScalarValue::String(s) => Some(Cow::Borrowed(s.as_str())),
        ScalarValue::Int(i) => Some(Cow::Owned(i.to_string())),
        ScalarValue::Float(f) if f.is_finite() => Some(Cow::Owned(f.to_string())),
        _ => None,
    }
}

/// An integer as kubectl decodes it into a Go `int32` field: a whole float (`80.0`) counts, and a value outside the
/// type's range is `None` because the schema reports it.
pub(crate) fn int32(node: &Node) -> Option<i64> {
    whole_number(node).filter(|n| i32::try_from(*n).is_ok())
}

/// Like [`int32`], for `int64` fields.
pub(crate) fn int64(node: &Node) -> Option<i64> {
    whole_number(node)
}

fn whole_number(node: &Node) -> Option<i64> {
    match node.as_scalar()?.value {
        ScalarValue::Int(i) => Some(i),
        ScalarValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(f as i64),
        _ => None,
    }
}

/// Whether an optional string field is set to something other than `""` or null.
pub(crate) fn is_set(node: Option<&Node>) -> bool {
    match node {
        None => false,
        Some(n) if n.is_null() => false,
        Some(n) => n.as_str() != Some(""),
    }
}
