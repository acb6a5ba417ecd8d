//! Schema diagnostics: the document's tree, read as JSON (see `instance`), goes through the compiled schema of its
//! kind, and each error is mapped back to the narrowest useful range of the tree through its instance path, with a
//! message written for people. The kinds share their definitions, so a mistake inside a Deployment's template reads
//! as it does in a Pod.
//!
//! Numbers follow kubectl, which turns YAML into JSON before decoding into Go types: `containerPort: 80.0` becomes
//! the JSON number `80` and decodes fine, so a float with no fractional part is a valid integer (as it is for JSON
//! Schema); `80.5` is not. Out-of-range integers fail the int32/int64 bounds the schema carries.
//!
//! Architecture Invariant: the raw validator text never reaches a user, and one mistake yields one diagnostic.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use jsonschema::error::{TypeKind as JsonTypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Fix};
use crate::schema::instance::{Instance, YamlJson};
use crate::schema::{POD_DEFINITION, SchemaView, TypeKind, root_validator_json, schema};
use crate::syntax::{Entry, Node, NodeKind, PathSeg, ScalarValue};
use crate::text::TextRange;

/// The codes are in the registry; schema checks name them as `codes::UNKNOWN_FIELD`.
pub use crate::diagnostics::codes;

/// One validator per root of the bundled schema, each compiled the first time a document of its kind is checked:
/// most files hold one or two kinds, and compiling costs more than validating.
static VALIDATORS: LazyLock<HashMap<&'static str, OnceLock<Validator<YamlJson>>>> =
    LazyLock::new(|| schema().roots().map(|root| (root, OnceLock::new())).collect());

/// The validator of the root `definition`, or `None` when the bundled schema has no such root.
fn validator(definition: &str) -> Option<&'static Validator<YamlJson>> {
    let cell = VALIDATORS.get(definition)?;
    Some(cell.get_or_init(|| {
        let json: Value = root_validator_json(definition).expect("a root of the bundled schema has its JSON");
        // Refs are all local (`#/$defs/…`), so no retriever is needed; formats are annotations only.
        jsonschema::options_for::<YamlJson>()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(false)
            .build(&json)
            .expect("the bundled schema compiles")
    }))
}

/// Schema findings kept per document. Past this many, the rest are noise (an alias copied thousands of times, a
/// generated file gone wrong) and describing each would cost more than the whole analysis should.
pub const MAX_FINDINGS: usize = 1000;

/// Validates a Pod document's tree against the schema. Ranges are those of the tree; `text` is the document the tree
/// was parsed from, for fixes that insert at the right indentation and for underlining the `-` of a sequence item.
pub fn validate(text: &str, root: &Node) -> Vec<Diagnostic> {
    validate_as(text, root, POD_DEFINITION)
}

/// Validates a document's tree against the root `definition` of the schema (`io.k8s.api.apps.v1.Deployment`), as
/// [`validate`] does a Pod's. A definition that is not a root of the bundled schema gives no diagnostics.
pub fn validate_as(text: &str, root: &Node, definition: &str) -> Vec<Diagnostic> {
    match (validator(definition), schema().root(definition)) {
        (Some(validator), Some(view)) => run(validator, view, root, text),
        _ => Vec::new(),
    }
}

fn run(validator: &Validator<YamlJson>, view: SchemaView<'static>, root: &Node, text: &str) -> Vec<Diagnostic> {
    // The tree is validated in place (see `instance`), with no JSON copy of it.
    let instance = Instance(root);
    // The boolean check is much cheaper than collecting errors, and most documents are valid.
    if validator.is_valid(instance) {
        return Vec::new();
    }
    let mut findings: Vec<Finding> = Vec::new();
    for error in validator.iter_errors(instance) {
        if findings.len() >= MAX_FINDINGS {
            break;
        }
        map_error(root, view, text, &error, &mut findings);
    }
    // One diagnostic per mistake: a wrong type at a place hides an enum complaint about the same value.
    findings.sort_by_key(|f| (f.diagnostic.range.start, f.rank));
    let mut out: Vec<Diagnostic> = Vec::with_capacity(findings.len());
    let mut last_value: Option<TextRange> = None;
    for finding in findings {
        if finding.rank > 0 {
            if last_value == Some(finding.diagnostic.range) {
                continue;
            }
            last_value = Some(finding.diagnostic.range);
        }
        if out.last() != Some(&finding.diagnostic) {
            out.push(finding.diagnostic);
        }
    }
    out
}

struct Finding {
    diagnostic: Diagnostic,
    /// 0 for key-level findings (each stands alone); for value findings, lower ranks win on the same range.
    rank: u8,
}

/// Where an instance path leads in the tree and in the schema.
struct Located<'a> {
    node: &'a Node,
    /// The entry whose value `node` is, when the last step was a key.
    entry: Option<&'a Entry>,
    /// Whether the last step was a sequence index.
    item: bool,
    path: Vec<PathSeg>,
    view: Option<SchemaView<'static>>,
}

fn locate<'a>(root: &'a Node, view: SchemaView<'static>, error: &ValidationError<'_>) -> Option<Located<'a>> {
    let mut located = Located { node: root, entry: None, item: false, path: Vec::new(), view: Some(view) };
    for seg in error.instance_path().segments() {
        // A numeric key (`"80": x`) comes back as an index: the node decides which it is.
        let seg = match (&located.node.kind, seg) {
            (NodeKind::Sequence(_), LocationSegment::Index(i)) => PathSeg::Index(i),
            (NodeKind::Sequence(_), LocationSegment::Property(p)) => PathSeg::Index(p.parse().ok()?),
            (_, LocationSegment::Index(i)) => PathSeg::Key(i.to_string()),
            (_, LocationSegment::Property(p)) => PathSeg::Key(p.into_owned()),
        };
        match &seg {
            PathSeg::Key(key) => {
                let entry = located.node.entry(key)?;
                located.node = &entry.value;
                located.entry = Some(entry);
                located.item = false;
            }
            PathSeg::Index(i) => {
                located.node = located.node.as_sequence()?.get(*i)?;
                located.entry = None;
                located.item = true;
            }
        }
        located.view = located.view.and_then(|v| v.child(&seg));
        located.path.push(seg);
    }
    Some(located)
}

fn map_error(root: &Node, view: SchemaView<'static>, text: &str, error: &ValidationError<'_>, out: &mut Vec<Finding>) {
    let Some(at) = locate(root, view, error) else { return };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for key in unexpected {
                out.push(Finding { diagnostic: unknown_field(&at, key), rank: 0 });
            }
        }
        ValidationErrorKind::Required { property } => {
            if let Some(name) = property.as_str() {
                out.push(Finding { diagnostic: missing_field(&at, name, text), rank: 0 });
            }
        }
        ValidationErrorKind::Type { kind } => {
            let fallback = match kind {
                JsonTypeKind::Single(t) => t.to_string(),
                JsonTypeKind::Multiple(set) => {
                    set.iter().map(|t| t.to_string()).filter(|t| t != "null").collect::<Vec<_>>().join(" or ")
                }
            };
            out.push(Finding { diagnostic: invalid_type(&at, &fallback, text), rank: 1 });
        }
        ValidationErrorKind::AnyOf { .. }
        | ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. } => {
            // The only unions in the schema are int-or-string and quantity, whose branches differ by type alone.
            out.push(Finding { diagnostic: invalid_type(&at, "a different type", text), rank: 1 });
        }
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
            if at.view.and_then(SchemaView::field_ext).is_some_and(|ext| ext.judged_by_rules) {
                return;
            }
            out.push(Finding { diagnostic: invalid_enum(&at, owner(view, &at), text), rank: 2 });
        }
        ValidationErrorKind::Minimum { .. } | ValidationErrorKind::Maximum { .. } => {
            out.push(Finding { diagnostic: out_of_range(&at), rank: 2 });
        }
        _ => {
            let shown = at.node.as_str().map(quote).or_else(|| at.node.scalar_text().map(str::to_owned));
            let message = format!("{}: Invalid value: {}", api_path(&at.path), shown.unwrap_or_else(|| found(at.node)));
            out.push(Finding {
                diagnostic: Diagnostic::error(codes::INVALID_VALUE, value_range(&at), message),
                rank: 3,
            });
        }
    }
}

fn unknown_field(at: &Located<'_>, key: &str) -> Diagnostic {
    let entry = at.node.entry(key);
    let range = entry.map_or(at.node.range, |e| e.key.range);
    let mut message = format!("unknown field `{key}`");
    if let Some(name) = at.view.and_then(SchemaView::short_name) {
        message.push_str(" in ");
        message.push_str(name);
    }
    let present: Vec<&str> = at.node.as_mapping().unwrap_or_default().iter().filter_map(Entry::key_str).collect();
    let candidates = at
        .view
        .into_iter()
        .flat_map(SchemaView::properties)
        .filter_map(SchemaView::name)
        .filter(|name| !present.contains(name));
    let suggestion = did_you_mean(key, candidates);
    let mut diagnostic = Diagnostic::error(codes::UNKNOWN_FIELD, range, String::new());
    if let Some(suggestion) = suggestion {
        message.push_str(&format!("; did you mean `{suggestion}`?"));
        if entry.is_some() {
            diagnostic = diagnostic.with_fix(Fix::replace(format!("Rename to `{suggestion}`"), range, suggestion));
        }
    } else if let Some(home) = at.view.and_then(|view| nested_home(view, key)) {
        // A key indented too little lands in an ancestor of the object it belongs to.
        message.push_str(&format!("; `{key}` is a field of `{home}`: check its indentation"));
    }
    diagnostic.message = message;
    diagnostic
}

/// The nearest object below `view` (at most two fields down, through arrays) that has a field `key`, as a relative
/// path such as `containers[]`.
fn nested_home(view: SchemaView<'_>, key: &str) -> Option<String> {
    let mut level: Vec<(SchemaView<'_>, String)> = vec![(view, String::new())];
    for _ in 0..2 {
        let mut next = Vec::new();
        for (parent, path) in &level {
            for child in parent.properties() {
                let mut path = if path.is_empty() { String::new() } else { format!("{path}.") };
                path.push_str(child.name().unwrap_or_default());
                let mut target = child;
                while let Some(items) = target.items() {
                    target = items;
                    path.push_str("[]");
                }
                if target.field(key).is_some() {
                    return Some(path);
                }
                next.push((target, path));
            }
        }
        level = next;
    }
    None
}

fn missing_field(at: &Located<'_>, name: &str, text: &str) -> Diagnostic {
    let owner = at.view.and_then(SchemaView::short_name);
    let mut message = match owner {
        Some(owner) => format!("missing required field `{name}` in {owner}"),
        None => format!("missing required field `{name}`"),
    };
    // The API server names the field (`spec.containers[0].name: Required value`). A workload without `spec`
    // gets it defaulted to an empty one, judged field by field: the first error names the spec's first required
    // field it checks, a scalar before an object (whose absence it reports further down).
    let mut path = at.path.clone();
    path.push(PathSeg::Key(name.to_owned()));
    if at.path.is_empty() {
        let spec = at.view.and_then(|v| v.field(name));
        let required: Vec<SchemaView<'_>> =
            spec.into_iter().flat_map(SchemaView::properties).filter(|p| p.is_required()).collect();
        let first = required.iter().find(|p| matches!(p.kind(), TypeKind::String)).or(required.first());
        path.extend(first.and_then(|p| p.name()).map(|n| PathSeg::Key(n.to_owned())));
    }
    // A missing string decodes as "", which the fields the API server checks with a switch reject in its words.
    let rejected_empty = API_WORDING.iter().find_map(|(definition, property, wording)| match wording {
        Wording::Invalid(detail) if Some(*definition) == owner && *property == name => Some(*detail),
        _ => None,
    });
    message = match rejected_empty {
        Some(detail) => format!("{}: Invalid value: \"\": {detail}\n{message}", api_path(&path)),
        None => format!("{}: Required value\n{message}", api_path(&path)),
    };
    let first_key = first_entry(at.node).map(|e| e.key.range);
    let range = if let Some(entry) = at.entry {
        entry.key.range
    } else if at.item {
        item_dash(text, at.node.range.start).or(first_key).unwrap_or(at.node.range)
    } else {
        first_key.unwrap_or(at.node.range)
    };
    let mut diagnostic = Diagnostic::error(codes::MISSING_FIELD, range, message);
    if let Some(edit_at) = insertion_point(text, at.node) {
        let (offset, indent) = edit_at;
        let insert = format!("{name}: \n{indent}");
        diagnostic = diagnostic.with_fix(Fix::replace(format!("Add `{name}`"), TextRange::empty(offset), insert));
    }
    diagnostic
}

fn invalid_type(at: &Located<'_>, fallback: &str, text: &str) -> Diagnostic {
    let expected = at.view.map_or_else(|| fallback.to_owned(), expected_label);
    let mut message = format!("expected {expected}, found {}", found(at.node));
    if at.view.is_some_and(SchemaView::is_sequence) && at.node.as_mapping().is_some() {
        message.push_str("; list items start with `- `");
    }
    // A block mapping or list of the wrong type spans many lines; its key says the same in one word.
    let flow = text.as_bytes().get(at.node.range.start).is_some_and(|b| matches!(b, b'[' | b'{'));
    let range = match at.entry {
        Some(entry) if !flow && !matches!(at.node.kind, NodeKind::Scalar(_)) => entry.key.range,
        _ => value_range(at),
    };
    let mut diagnostic = Diagnostic::error(codes::INVALID_TYPE, range, message);
    let Some(scalar) = at.node.as_scalar() else { return diagnostic };
    let kind = at.view.map(SchemaView::kind);
    match (&scalar.value, kind) {
        // `value: 8080` in an env var, `version: 1.0` in a label: quoting makes the string kubectl wants.
        (ScalarValue::Int(_) | ScalarValue::Float(_) | ScalarValue::Bool(_), Some(TypeKind::String)) => {
            diagnostic = diagnostic.with_fix(Fix::replace("Quote the value", range, quote(&scalar.text)));
        }
        // `containerPort: "8080"`: the number without its quotes.
        (ScalarValue::String(s), Some(TypeKind::Integer | TypeKind::Number)) if s.trim().parse::<i64>().is_ok() => {
            diagnostic = diagnostic.with_fix(Fix::replace("Remove the quotes", range, s.clone()));
        }
        _ => {}
    }
    diagnostic
}

fn invalid_enum(at: &Located<'_>, owner: Option<&str>, text: &str) -> Diagnostic {
    let allowed: Vec<&str> = at
        .view
        .map(SchemaView::enum_values)
        .unwrap_or_default()
        .iter()
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .collect();
    let field = at.path.iter().rev().find_map(|seg| match seg {
        PathSeg::Key(key) => Some(key.as_str()),
        PathSeg::Index(_) => None,
    });
    let wording = API_WORDING
        .iter()
        .find(|(definition, property, _)| Some(*definition) == owner && Some(*property) == field)
        .map_or(Wording::Sorted, |(_, _, wording)| *wording);
    let shown = match at.node.as_scalar().map(|s| &s.value) {
        Some(ScalarValue::String(s)) => quote(s),
        _ => at.node.scalar_text().map_or_else(|| found(at.node), str::to_owned),
    };
    let placement = PLACEMENT
        .iter()
        .find(|(definition, property, _)| Some(*definition) == owner && Some(*property) == field)
        .map(|(_, _, placement)| *placement);
    let mut reported: Vec<PathSeg> = at.path.clone();
    match (placement, reported.as_slice()) {
        // `resizePolicy[0].restartPolicy` and `accessModes[1]` both name the list.
        (Some(Placement::List), [.., PathSeg::Index(_), PathSeg::Key(_)]) => reported.truncate(reported.len() - 2),
        (Some(Placement::List), [.., PathSeg::Index(_)]) => reported.truncate(reported.len() - 1),
        (Some(Placement::Unindexed), [.., PathSeg::Index(_), PathSeg::Key(_)]) => {
            reported.remove(reported.len() - 2);
        }
        _ => {}
    }
    let path = api_path(&reported);
    let empty_is_required = EMPTY_IS_REQUIRED
        .iter()
        .find(|(definition, property, _)| Some(*definition) == owner && Some(*property) == field)
        .map(|(_, _, detail)| *detail)
        .filter(|_| at.node.as_str() == Some(""));
    let mut message = match wording {
        _ if empty_is_required == Some("") => format!("{path}: Required value"),
        _ if let Some(detail) = empty_is_required => format!("{path}: Required value: {detail}"),
        Wording::Invalid(detail) => format!("{path}: Invalid value: {shown}: {detail}"),
        Wording::Listed | Wording::Sorted | Wording::SortedWithEmpty => {
            let mut listed = allowed.clone();
            if wording == Wording::SortedWithEmpty
                && at.view.is_some_and(|v| v.enum_values().iter().any(String::is_empty))
            {
                listed.push("");
            }
            if wording != Wording::Listed {
                listed.sort_unstable();
            }
            let listed: Vec<String> = listed.iter().map(|v| quote(v)).collect();
            if listed.is_empty() {
                format!("{path}: Unsupported value: {shown}")
            } else {
                format!("{path}: Unsupported value: {shown}: supported values: {}", listed.join(", "))
            }
        }
    };
    if matches!(wording, Wording::Invalid(_)) && !allowed.is_empty() {
        message.push_str(&format!("\n`{}` takes one of {}", field_label(at), allowed.join(", ")));
    }
    let range = value_range(at);
    // A case slip (`tcp`) gets its value named and its fix first.
    let close = at.node.scalar_text().and_then(|text| allowed.iter().find(|v| v.eq_ignore_ascii_case(text)));
    if let Some(close) = close {
        let lead = if message.contains('\n') { "; " } else { "\n" };
        let ask = if lead == "; " { "did you mean" } else { "Did you mean" };
        message.push_str(&format!("{lead}{ask} `{close}`? Values are case-sensitive."));
    }
    let mut diagnostic = Diagnostic::error(codes::INVALID_VALUE, range, message);
    // A block collection on the lines under its key becomes a scalar after the key's colon: left where it was, at
    // the key's indentation, the scalar would not be the key's value.
    let before = text.get(..range.start).unwrap_or_default().trim_end();
    let (replaced, lead) = match before.strip_suffix(':') {
        Some(key) if text.get(key.len()..range.start).is_some_and(|gap| gap.contains(['\n', '\r'])) => {
            (TextRange::new(key.len() + 1, range.end), " ")
        }
        _ => (range, ""),
    };
    let ordered = close.into_iter().chain(allowed.iter().filter(|v| Some(*v) != close));
    for value in ordered {
        diagnostic =
            diagnostic.with_fix(Fix::replace(format!("Replace with `{value}`"), replaced, format!("{lead}{value}")));
    }
    diagnostic
}

/// How the API server words a value outside a closed set. Most of validation.go passes `sets.List` of its set to
/// `field.NotSupported`, which lists the values sorted; the fields below differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wording {
    /// `Unsupported value`, listing the values sorted (`sets.List`).
    Sorted,
    /// Sorted, and the set includes `""` when the field documents it as a value.
    SortedWithEmpty,
    /// `Unsupported value`, listing the values in the order the schema holds them, as the Go code writes its slice.
    Listed,
    /// `Invalid value` with this detail instead of a list.
    Invalid(&'static str),
}

/// The fields whose rejected values the API server words other than [`Wording::Sorted`], by the short name of the
/// definition holding them and the property.
const API_WORDING: &[(&str, &str, Wording)] = &[
    // validateRestartPolicy, validateDNSPolicy, ValidatePreemptionPolicy and validateTaintEffect list a slice.
    ("PodSpec", "restartPolicy", Wording::Listed),
    ("PodSpec", "dnsPolicy", Wording::Listed),
    ("PodSpec", "preemptionPolicy", Wording::Listed),
    ("Toleration", "effect", Wording::Listed),
    // ValidateVolumeMounts lists Disabled, IfPossible, Enabled.
    ("VolumeMount", "recursiveReadOnly", Wording::Listed),
    // validateHostPathType: the set holds `HostPathUnset` ("").
    ("HostPathVolumeSource", "type", Wording::SortedWithEmpty),
    ("Container", "terminationMessagePolicy", Wording::Listed),
    ("EphemeralContainer", "terminationMessagePolicy", Wording::Listed),
    // validateNodeSelectorRequirement and ValidateLabelSelectorRequirement.
    ("NodeSelectorRequirement", "operator", Wording::Invalid("not a valid selector operator")),
    ("LabelSelectorRequirement", "operator", Wording::Invalid("not a valid selector operator")),
];

/// The fields whose empty value the API server reports as missing (`Required value`, with this detail if any)
/// rather than listing the supported values.
const EMPTY_IS_REQUIRED: &[(&str, &str, &str)] = &[
    // validateResizePolicy requires both fields.
    ("ContainerResizePolicy", "resourceName", ""),
    ("ContainerResizePolicy", "restartPolicy", ""),
    // validateAppArmorProfileField.
    ("AppArmorProfile", "type", "type is required when appArmorProfile is set"),
];

/// Where the API server reports a rejected value, for the fields it does not report at the value itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// At the list holding the item: validateResizePolicy names `resizePolicy`, ValidatePersistentVolumeClaimSpec
    /// names `accessModes`.
    List,
    /// At the field, without the item's index: ValidateVolumeMounts names `volumeMounts.mountPropagation`.
    Unindexed,
}

const PLACEMENT: &[(&str, &str, Placement)] = &[
    ("ContainerResizePolicy", "resourceName", Placement::List),
    ("ContainerResizePolicy", "restartPolicy", Placement::List),
    ("PersistentVolumeClaimSpec", "accessModes", Placement::List),
    ("VolumeMount", "mountPropagation", Placement::Unindexed),
    ("VolumeMount", "recursiveReadOnly", Placement::Unindexed),
];

/// The short name of the definition that holds the field `at` names (`Container`), found from the root `view`.
fn owner(view: SchemaView<'static>, at: &Located<'_>) -> Option<&'static str> {
    let mut field: &[PathSeg] = &at.path;
    // An enum on array items (`accessModes[1]`) belongs to the object holding the array.
    while let [rest @ .., PathSeg::Index(_)] = field {
        field = rest;
    }
    let (_, object) = field.split_last()?;
    view.at(object).and_then(SchemaView::short_name)
}

/// The field path as the API server writes it: `spec.containers[0].ports[1].protocol`.
fn api_path(path: &[PathSeg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSeg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn out_of_range(at: &Located<'_>) -> Diagnostic {
    let bits = match at.view.and_then(|v| v.ty().format.as_deref()) {
        Some("int32") => "a 32-bit integer",
        Some("int64") => "a 64-bit integer",
        _ => "a smaller number",
    };
    let message = format!("{} is out of range for {}: expected {bits}", found(at.node), field_label(at));
    // The number does not fit the Go type, so the API server fails to decode it (`cannot unmarshal number`).
    Diagnostic::error(codes::INVALID_TYPE, value_range(at), message)
}

/// What a type check expected, in words: `integer`, `integer or string`, `array ([]Container)`.
fn expected_label(view: SchemaView<'_>) -> String {
    match view.kind() {
        TypeKind::IntOrString => "integer or string".to_owned(),
        TypeKind::Quantity => "quantity (string or number)".to_owned(),
        TypeKind::Array { .. } => format!("array ({})", view.type_label()),
        TypeKind::Map { .. } => format!("object ({})", view.type_label()),
        _ => view.type_label(),
    }
}

/// The value as the message shows it: `string "8080"`, `integer 8080`, `boolean yes`, `object`.
fn found(node: &Node) -> String {
    match &node.kind {
        NodeKind::Mapping(_) => "object".to_owned(),
        NodeKind::Sequence(_) => "array".to_owned(),
        NodeKind::Scalar(scalar) => match &scalar.value {
            ScalarValue::Null => "null".to_owned(),
            ScalarValue::Bool(_) => format!("boolean {}", scalar.text),
            ScalarValue::Int(_) => format!("integer {}", scalar.text),
            ScalarValue::Float(_) => format!("number {}", scalar.text),
            ScalarValue::String(s) => format!("string {}", quote(&shorten(s))),
        },
    }
}

/// The field's name for messages: the last key of the path, or `<key> item` inside a sequence.
fn field_label(at: &Located<'_>) -> String {
    let mut segs = at.path.iter().rev();
    match segs.next() {
        Some(PathSeg::Key(key)) => key.clone(),
        Some(PathSeg::Index(_)) => match segs.find_map(|s| if let PathSeg::Key(k) = s { Some(k) } else { None }) {
            Some(key) => format!("{key} item"),
            None => "item".to_owned(),
        },
        None => "document".to_owned(),
    }
}

/// The value's range, or its key's when the value is empty (`restartPolicy:` with nothing after the colon).
fn value_range(at: &Located<'_>) -> TextRange {
    match at.entry {
        Some(entry) if at.node.range.is_empty() => entry.key.range,
        _ => at.node.range,
    }
}

fn first_entry(node: &Node) -> Option<&Entry> {
    node.as_mapping()?.iter().filter(|e| !e.merged).min_by_key(|e| e.key.range.start)
}

/// The `-` that introduces a block sequence item starting at `item_start`.
fn item_dash(text: &str, item_start: usize) -> Option<TextRange> {
    let before = text.get(..item_start)?;
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.ends_with('-').then(|| TextRange::new(trimmed.len() - 1, trimmed.len()))
}

/// Where to insert a new key into a block mapping, and the indentation that keeps the old first key aligned.
fn insertion_point(text: &str, node: &Node) -> Option<(usize, String)> {
    if text.as_bytes().get(node.range.start) == Some(&b'{') {
        return None;
    }
    let first = first_entry(node)?.key.range.start;
    let line_start = text.get(..first)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = text.get(line_start..first)?;
    // Only indentation and `- ` item markers may precede the key; each of their characters becomes a space, so a key
    // after `- ` keeps the column of the dash plus two. Anything else (`--- key: …`) is left alone.
    if !prefix.split(' ').all(|word| word.is_empty() || word == "-") {
        return None;
    }
    Some((first, " ".repeat(prefix.len())))
}

fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn shorten(text: &str) -> Cow<'_, str> {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => Cow::Owned(format!("{}…", text.get(..cut).unwrap_or_default())),
        None => Cow::Borrowed(text),
    }
}

/// The known name closest to `key`: a case-insensitive match first, then the smallest edit distance (optimal string
/// alignment: a swap of two neighbours is one edit) within a budget that grows with the key's length.
pub(crate) fn did_you_mean<'n>(key: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let lower = key.to_lowercase();
    let budget = match key.chars().count() {
        0..=2 => 0,
        3..=4 => 1,
        5..=9 => 2,
        _ => 3,
    };
    let length = lower.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for name in candidates {
        // The distance is at least the difference in length: most names are ruled out without computing it.
        if name.len().abs_diff(length) > budget && name.chars().count().abs_diff(length) > budget {
            continue;
        }
        let distance =
            if name.eq_ignore_ascii_case(key) { 0 } else { strsim::osa_distance(&lower, &name.to_lowercase()) };
        if distance <= budget && best.is_none_or(|(d, b)| (distance, name) < (d, b)) {
            best = Some((distance, name));
        }
    }
    best.map(|(_, name)| name)
}

#[cfg(test)]
mod tests;
