//! `x-podls`: the curated data that lives next to the schema (see `schemas/README.md`): the defaults the API server
//! fills in, well-known values and map keys of open fields, item templates, the fields most manifests set, API
//! reference pages and the fields whose enum the semantic rules judge instead.
//!
//! `schemas/regenerate` carries the entries of `schemas/overlay.json` into the top-level `x-podls` list of the bundled
//! schema, in their order. They are read here once, into typed data that the index attaches to its types and fields,
//! so no feature looks at JSON.

use serde_json::Value;

/// What `x-podls` says about an object type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeExt {
    /// The API reference page that documents the type and the nested types without a page of their own.
    pub doc_page: Option<String>,
    /// The fields most manifests set, which completion lists right after the required ones.
    pub common_fields: Vec<String>,
    /// Sets of fields that a new item of the type needs beyond the schema's `required`, one completion each. A plain
    /// name is a field; `a.b` is the field `b` of the object `a`; `a={}` is `a` as an empty object.
    pub init_keys: Vec<Vec<String>>,
    /// The fields the API server fills in when an object of this type leaves them out, in the order it sets them.
    pub defaults: Vec<FieldDefault>,
}

/// What `x-podls` says about one field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldExt {
    /// Values an open string field commonly holds (for an array, its items), or all it may hold when `closed`.
    pub values: Vec<KnownValue>,
    /// Whether `values` is the whole set: a closed set that a semantic rule judges instead of the schema's enum,
    /// because the verdict depends on other fields (a workload's `strategy.type`, a Job's `completionMode`).
    pub closed: bool,
    /// Keys a map commonly holds.
    pub keys: Vec<KnownValue>,
    /// Whether the semantic rules judge the value instead of the enum, which is narrower than what the API server
    /// accepts (a container's `restartPolicy`: the enum predates the restart rules that widened it).
    pub judged_by_rules: bool,
}

/// A value the API server sets when a field is left out, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDefault {
    pub field: String,
    /// The value as YAML writes it (`Always`, `10`).
    pub value: String,
    pub reason: String,
}

/// A value or key, with a line that says what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownValue {
    pub value: String,
    pub doc: String,
}

impl TypeExt {
    /// Adds what another entry says about the same type.
    pub(crate) fn merge(&mut self, other: TypeExt) {
        self.doc_page = other.doc_page.or(self.doc_page.take());
        self.common_fields.extend(other.common_fields);
        self.init_keys.extend(other.init_keys);
        self.defaults.extend(other.defaults);
    }
}

impl FieldExt {
    /// Adds what another entry says about the same field.
    pub(crate) fn merge(&mut self, other: FieldExt) {
        self.values.extend(other.values);
        self.closed |= other.closed;
        self.keys.extend(other.keys);
        self.judged_by_rules |= other.judged_by_rules;
    }
}

/// One `x-podls` entry, before the index resolves the names in it.
#[derive(Debug)]
pub(crate) enum Entry {
    Type { definition: String, ext: TypeExt },
    Field { fields: Vec<FieldName>, ext: FieldExt, default: Option<(String, String)> },
}

/// A field as an entry names it: `io.k8s.api.core.v1.PodSpec.restartPolicy`.
#[derive(Debug)]
pub(crate) struct FieldName {
    pub(crate) definition: String,
    pub(crate) property: String,
}

impl std::fmt::Display for FieldName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.definition, self.property)
    }
}

/// The entries of the schema's top-level `x-podls` list; an entry that names neither a definition nor fields is
/// skipped (the regenerate script refuses to write one).
pub(crate) fn entries(schema: &Value) -> Vec<Entry> {
    let list = schema.get("x-podls").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    list.iter().filter_map(entry).collect()
}

fn entry(json: &Value) -> Option<Entry> {
    if let Some(definition) = json.get("definition").and_then(Value::as_str) {
        let ext = TypeExt {
            doc_page: string(json, "docPage"),
            common_fields: strings(json.get("commonFields")),
            init_keys: json
                .get("initKeys")
                .and_then(Value::as_array)
                .map(|sets| sets.iter().map(|set| strings(Some(set))).collect())
                .unwrap_or_default(),
            defaults: Vec::new(),
        };
        return Some(Entry::Type { definition: definition.to_owned(), ext });
    }
    let fields = strings(Some(json.get("fields")?))
        .into_iter()
        .filter_map(|field| {
            let (definition, property) = field.rsplit_once('.')?;
            Some(FieldName { definition: definition.to_owned(), property: property.to_owned() })
        })
        .collect();
    let ext = FieldExt {
        values: known_values(json.get("values")),
        closed: json.get("closed").and_then(Value::as_bool).unwrap_or(false),
        keys: known_values(json.get("keys")),
        judged_by_rules: json.get("judgedByRules").and_then(Value::as_bool).unwrap_or(false),
    };
    let default = json.get("default").and_then(|d| Some((yaml_text(d.get("value")?)?, string(d, "reason")?)));
    Some(Entry::Field { fields, ext, default })
}

fn string(json: &Value, key: &str) -> Option<String> {
    json.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn strings(json: Option<&Value>) -> Vec<String> {
    json.and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn known_values(json: Option<&Value>) -> Vec<KnownValue> {
    let items = json.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    items
        .iter()
        .filter_map(|item| Some(KnownValue { value: string(item, "value")?, doc: string(item, "doc")? }))
        .collect()
}

/// A scalar default as YAML shows it.
fn yaml_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}
