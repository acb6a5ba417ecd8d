//! The Kubernetes v1.37 schemas of the kinds that carry a Pod spec, compiled in from `schemas/kubernetes-v1.37.json`,
//! and a navigation API over them for completion, hover and diagnostics.
//!
//! The JSON schema is read once per process into an index of types: every `$defs` entry and every inline schema
//! becomes one [`SchemaType`] in an arena, and a `$ref` is just the index of its target. Walking a YAML path is then a
//! few binary searches, with no JSON in sight. The kinds share their definitions, so a `Container` inside a
//! Deployment's template is the very type a Pod's container is. A kind is known here by its definition name
//! (`io.k8s.api.apps.v1.Deployment`); which document is which kind is the model's business.
//!
//! Architecture Invariant: no LSP types and no IO here; the schema is embedded with `include_str!`.

pub mod ext;
pub(crate) mod instance;

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use self::ext::{FieldDefault, FieldExt, KnownValue, TypeExt};
use crate::syntax::PathSeg;

/// The bundled schema text: every kind's schema plus the definitions they reach, with the overlay applied.
pub(crate) const SCHEMA_JSON: &str = include_str!("../../../schemas/kubernetes-v1.37.json");

/// The definition name of the Pod, the root that [`Schema::pod`] and [`at`] read.
pub const POD_DEFINITION: &str = "io.k8s.api.core.v1.Pod";

/// The top-level key of the bundled schema that lists the definitions that are roots (one per kind).
pub(crate) const ROOTS_KEY: &str = "x-podls-roots";

static SCHEMA: LazyLock<Schema> = LazyLock::new(|| Schema::from_json(&bundled_json()));

/// The bundled schema as JSON, for code that needs more than the index (the validators).
pub(crate) fn bundled_json() -> Value {
    serde_json::from_str(SCHEMA_JSON).expect("the bundled schema is valid JSON")
}

/// The JSON Schema a validator compiles to check a document of the root `definition`: a `$ref` to it beside the
/// shared `$defs`, so a validator reaches only what its kind uses. `None` when `definition` is not a root.
pub(crate) fn root_validator_json(definition: &str) -> Option<Value> {
    schema().root(definition)?;
    let mut json = bundled_json();
    let object = json.as_object_mut()?;
    object.retain(|key, _| key == "$schema" || key == "$defs");
    // Definition names hold neither `/` nor `~` (see `ref_target`), so the pointer needs no escapes.
    object.insert("$ref".to_owned(), Value::String(format!("#/$defs/{definition}")));
    Some(json)
}

/// The bundled schema, indexed on first use.
pub fn schema() -> &'static Schema {
    &SCHEMA
}

/// The schema at a YAML path from the root of a Pod document (`spec`, `containers`, `0`, `ports`), or `None` when the
/// path leaves the schema (an unknown key, an index into a non-array).
pub fn at(path: &[PathSeg]) -> Option<SchemaView<'static>> {
    schema().at(path)
}

/// The schema at a YAML path from the root of a document of the kind whose definition is `definition`
/// (`io.k8s.api.apps.v1.Deployment`); `None` when the schema has no such root or the path leaves it.
pub fn at_kind(definition: &str, path: &[PathSeg]) -> Option<SchemaView<'static>> {
    schema().root(definition)?.at(path)
}

/// The values of a closed set that a semantic rule judges rather than the schema (`x-podls` `closed`), for the field
/// named `<definition>.<property>` (`io.k8s.api.apps.v1.DeploymentStrategy.type`), in the overlay's order: the one
/// list that the rule rejecting a value and the completion offering the right ones share. Empty for another field.
pub fn closed_values(field: &str) -> Vec<&'static str> {
    let Some((definition, property)) = field.rsplit_once('.') else { return Vec::new() };
    let view = schema().definition(definition).and_then(|d| d.field(property));
    match view.and_then(SchemaView::field_ext) {
        Some(ext) if ext.closed => ext.values.iter().map(|v| v.value.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// An index into the type arena of a [`Schema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TypeId(u32);

/// An indexed JSON schema: types in an arena, named definitions, and the roots among them.
#[derive(Debug)]
pub struct Schema {
    types: Vec<SchemaType>,
    /// The definition names of the roots, in the order the schema lists them.
    roots: Vec<String>,
    /// The Pod root, or an empty type when the schema has none (a test schema).
    pod: TypeId,
    definitions: HashMap<String, TypeId>,
    /// `x-podls` entries that name a definition or field the schema lacks; empty for the bundled schema (a test).
    dangling: Vec<String>,
}

/// One schema node, with its `$ref`s resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaType {
    pub kind: TypeKind,
    /// The `$defs` name when this type is a named definition (`io.k8s.api.core.v1.Container`).
    pub definition: Option<String>,
    /// The type's own description. A field's description is on its [`Property`].
    pub description: Option<String>,
    /// Whether the description tells people to stop using the type.
    pub deprecated: bool,
    /// Whether `null` is accepted (`"type": ["string", "null"]`). kubectl reads `key:` with no value as null.
    pub nullable: bool,
    /// The closed set of allowed string values, from the schema's `enum` (upstream or the overlay), in schema order.
    /// `null` is left out; `""` is kept where it is allowed (hostPath `type`, defaulted fields). Empty when open.
    pub enum_values: Vec<String>,
    /// The `format` keyword (`int32`, `int64`, `date-time`), informational only.
    pub format: Option<String>,
    /// What the schema's `x-podls` data says about the type (empty for most).
    pub ext: TypeExt,
    /// Whether a value of this type can hold an object with `x-podls` defaults, here or below; a walk for the
    /// defaults a Pod leaves out skips the rest (labels, `env`, volumes).
    pub holds_defaults: bool,
}

/// What shape of value a [`SchemaType`] expects.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with known properties, sorted by name. `open` when unknown keys are accepted.
    Object {
        properties: Vec<Property>,
        open: bool,
    },
    /// An object used as a map from any string key to values of one type (`labels`, `resources.limits`).
    Map {
        values: TypeId,
    },
    Array {
        items: TypeId,
    },
    String,
    Integer,
    Number,
    Boolean,
    /// `IntOrString`: an integer or a string (`httpGet.port: 8080` or `http`).
    IntOrString,
    /// `Quantity`: a string such as `500m` or `1Gi`, or a number.
    Quantity,
    /// Anything (a schema this index does not model).
    Any,
}

/// A named field of an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    pub name: String,
    /// The field's description (the text next to its `$ref`, or of its inline schema).
    pub description: Option<String>,
    /// Whether the field's description tells people to stop using it (in-tree volume plugins, `serviceAccount`).
    pub deprecated: bool,
    pub ty: TypeId,
    /// Whether the enclosing object lists the field in `required`.
    pub required: bool,
    /// What the schema's `x-podls` data says about the field (empty for most).
    pub ext: FieldExt,
}

impl Schema {
    /// Indexes a bundled schema: `$defs`, with refs of the form `#/$defs/<name>`, and the top-level list of the
    /// definitions that are roots. A listed root that is not defined is left out.
    pub fn from_json(json: &Value) -> Schema {
        let mut builder = Builder { types: Vec::new(), definitions: HashMap::new() };
        let defs = json.get("$defs").and_then(Value::as_object);
        // Reserve one slot per definition first, so refs (even cyclic ones) resolve to a fixed id.
        let reserved: Vec<(TypeId, &Value)> = defs
            .into_iter()
            .flatten()
            .map(|(name, def)| {
                let id = builder.reserve(Some(name.clone()));
                builder.definitions.insert(name.clone(), id);
                (id, def)
            })
            .collect();
        for (id, def) in reserved {
            builder.fill(id, def);
        }
        let listed = json.get(ROOTS_KEY).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let roots: Vec<String> = listed
            .iter()
            .filter_map(Value::as_str)
            .filter(|name| builder.definitions.contains_key(*name))
            .map(str::to_owned)
            .collect();
        let pod =
            roots.iter().find(|name| *name == POD_DEFINITION).and_then(|name| builder.definitions.get(name).copied());
        let pod = pod.unwrap_or_else(|| builder.reserve(None));
        let dangling = builder.attach(ext::entries(json));
        builder.mark_defaults();
        Schema { types: builder.types, roots, pod, definitions: builder.definitions, dangling }
    }

    /// The root of a Pod document.
    pub fn pod(&self) -> SchemaView<'_> {
        SchemaView { schema: self, ty: self.pod, property: None }
    }

    /// The root of a document of the kind whose definition is `definition` (`io.k8s.api.apps.v1.Deployment`), or
    /// `None` when that definition is not a root of this schema (`io.k8s.api.core.v1.Container` is not).
    pub fn root(&self, definition: &str) -> Option<SchemaView<'_>> {
        self.roots.iter().any(|root| root == definition).then(|| self.definition(definition)).flatten()
    }

    /// The definition names of the roots, in the order the schema lists them.
    pub fn roots(&self) -> impl Iterator<Item = &str> {
        self.roots.iter().map(String::as_str)
    }

    /// The schema at `path` from the root of a Pod document; see [`at`].
    pub fn at(&self, path: &[PathSeg]) -> Option<SchemaView<'_>> {
        self.pod().at(path)
    }

    /// A named definition, such as `io.k8s.api.core.v1.Container`.
    pub fn definition(&self, name: &str) -> Option<SchemaView<'_>> {
        let ty = *self.definitions.get(name)?;
        Some(SchemaView { schema: self, ty, property: None })
    }

    /// The `x-podls` places that name nothing in this schema.
    pub fn dangling_ext(&self) -> &[String] {
        &self.dangling
    }

    pub fn get(&self, id: TypeId) -> &SchemaType {
        self.types.get(id.0 as usize).expect("a TypeId names a type of the schema that made it")
    }

    /// A view of the type `id`, outside any field.
    pub fn view(&self, id: TypeId) -> SchemaView<'_> {
        SchemaView { schema: self, ty: id, property: None }
    }
}

/// A position in the schema: the type expected there and, when it was reached through a field, that field.
///
/// Cheap to copy; every method reads the precomputed index.
#[derive(Clone, Copy, Debug)]
pub struct SchemaView<'s> {
    schema: &'s Schema,
    ty: TypeId,
    property: Option<&'s Property>,
}

impl<'s> SchemaView<'s> {
    pub fn type_id(self) -> TypeId {
        self.ty
    }

    /// The resolved type at this position.
    pub fn ty(self) -> &'s SchemaType {
        self.schema.get(self.ty)
    }

    pub fn kind(self) -> &'s TypeKind {
        &self.ty().kind
    }

    /// The field this position was reached through, if the last step was an object property.
    pub fn property(self) -> Option<&'s Property> {
        self.property
    }

    /// The field's name (`imagePullPolicy`), if the last step was an object property.
    pub fn name(self) -> Option<&'s str> {
        self.property.map(|p| p.name.as_str())
    }

    /// Whether the enclosing object requires this field.
    pub fn is_required(self) -> bool {
        self.property.is_some_and(|p| p.required)
    }

    pub fn is_nullable(self) -> bool {
        self.ty().nullable
    }

    /// The field's description, falling back to its type's description.
    pub fn description(self) -> Option<&'s str> {
        self.property.and_then(|p| p.description.as_deref()).or(self.ty().description.as_deref())
    }

    /// Whether the description (the field's, or else its type's) tells people to stop using the field.
    pub fn is_deprecated(self) -> bool {
        match self.property.filter(|p| p.description.is_some()) {
            Some(property) => property.deprecated,
            None => self.ty().deprecated,
        }
    }

    /// The description as markdown, followed by the allowed values when the set is closed.
    pub fn documentation(self) -> Option<String> {
        let values: Vec<String> =
            self.enum_values().iter().filter(|v| !v.is_empty()).map(|v| format!("`{v}`")).collect();
        let mut doc = self.description().unwrap_or_default().to_owned();
        if !values.is_empty() {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str("Allowed values: ");
            doc.push_str(&values.join(", "));
        }
        (!doc.is_empty()).then_some(doc)
    }

    /// The `x-podls` data of the type at this position.
    pub fn type_ext(self) -> &'s TypeExt {
        &self.ty().ext
    }

    /// The `x-podls` data of the field this position was reached through, if any.
    pub fn field_ext(self) -> Option<&'s FieldExt> {
        self.property.map(|p| &p.ext)
    }

    /// Values the field commonly holds although the schema leaves it open (for an array, its items'); see
    /// [`FieldExt::values`].
    pub fn known_values(self) -> &'s [KnownValue] {
        self.field_ext().map(|ext| ext.values.as_slice()).unwrap_or_default()
    }

    /// Whether the field's known values are all it may hold ([`FieldExt::closed`]).
    pub fn is_closed(self) -> bool {
        self.field_ext().is_some_and(|ext| ext.closed)
    }

    /// Keys the map field commonly holds; see [`FieldExt::keys`].
    pub fn known_keys(self) -> &'s [KnownValue] {
        self.field_ext().map(|ext| ext.keys.as_slice()).unwrap_or_default()
    }

    /// The fields the API server fills in when an object of this type leaves them out, in the order it sets them.
    pub fn defaults(self) -> &'s [FieldDefault] {
        &self.type_ext().defaults
    }

    /// Whether a value here can hold an object with defaults; see [`SchemaType::holds_defaults`].
    pub fn holds_defaults(self) -> bool {
        self.ty().holds_defaults
    }

    /// The full definition name of the type (`io.k8s.api.core.v1.Container`), if it is a named definition.
    pub fn definition(self) -> Option<&'s str> {
        self.ty().definition.as_deref()
    }

    /// The definition's last dotted segment (`Container`).
    pub fn short_name(self) -> Option<&'s str> {
        self.definition().map(short_name)
    }

    /// The allowed values, when the set is closed; see [`SchemaType::enum_values`].
    pub fn enum_values(self) -> &'s [String] {
        &self.ty().enum_values
    }

    /// A short label for the type: `string`, `integer`, `boolean`, `object (Container)`, `[]Container`,
    /// `map[string]string`, `int-or-string`, `quantity`.
    pub fn type_label(self) -> String {
        self.schema.label(self.ty, false)
    }

    /// The properties of an object type, sorted by name; empty for any other type.
    pub fn properties(self) -> impl Iterator<Item = SchemaView<'s>> + 's {
        let schema = self.schema;
        let properties: &'s [Property] = match self.kind() {
            TypeKind::Object { properties, .. } => properties,
            _ => &[],
        };
        properties.iter().map(move |p| SchemaView { schema, ty: p.ty, property: Some(p) })
    }

    /// The names of the required properties of an object type.
    pub fn required(self) -> impl Iterator<Item = &'s str> + 's {
        self.properties().filter(|p| p.is_required()).filter_map(SchemaView::name)
    }

    /// The property `name` of an object type.
    pub fn field(self, name: &str) -> Option<SchemaView<'s>> {
        match self.kind() {
            TypeKind::Object { properties, .. } => {
                let index = properties.binary_search_by(|p| p.name.as_str().cmp(name)).ok()?;
                let property = properties.get(index)?;
                Some(SchemaView { schema: self.schema, ty: property.ty, property: Some(property) })
            }
            _ => None,
        }
    }

    /// The item type of an array.
    pub fn items(self) -> Option<SchemaView<'s>> {
        match *self.kind() {
            TypeKind::Array { items } => Some(self.schema.view(items)),
            _ => None,
        }
    }

    /// The value type of a map.
    pub fn values(self) -> Option<SchemaView<'s>> {
        match *self.kind() {
            TypeKind::Map { values } => Some(self.schema.view(values)),
            _ => None,
        }
    }

    /// One step down: a key of an object or map, or an index of an array. `Any` stays `Any`.
    pub fn child(self, seg: &PathSeg) -> Option<SchemaView<'s>> {
        match (seg, self.kind()) {
            (_, TypeKind::Any) => Some(SchemaView { property: None, ..self }),
            (PathSeg::Key(key), TypeKind::Object { .. }) => self.field(key),
            (PathSeg::Key(_), TypeKind::Map { .. }) => self.values(),
            (PathSeg::Index(_), TypeKind::Array { .. }) => self.items(),
            _ => None,
        }
    }

    /// Follows `path` from this position.
    pub fn at(self, path: &[PathSeg]) -> Option<SchemaView<'s>> {
        path.iter().try_fold(self, |view, seg| view.child(seg))
    }

    /// Whether a value of this type is written as a YAML mapping (an object or a map).
    pub fn is_mapping(self) -> bool {
        matches!(self.kind(), TypeKind::Object { .. } | TypeKind::Map { .. })
    }

    /// Whether a value of this type is written as a YAML sequence.
    pub fn is_sequence(self) -> bool {
        matches!(self.kind(), TypeKind::Array { .. })
    }
}

/// The last dotted segment of a definition name: `io.k8s.api.core.v1.Container` → `Container`.
pub fn short_name(definition: &str) -> &str {
    definition.rsplit('.').next().unwrap_or(definition)
}

impl Schema {
    /// The label of a type; `inner` for the element of an array or map, where a named object is just its name.
    fn label(&self, id: TypeId, inner: bool) -> String {
        let ty = self.get(id);
        match &ty.kind {
            TypeKind::Object { .. } => match (ty.definition.as_deref(), inner) {
                (Some(def), true) => short_name(def).to_owned(),
                (Some(def), false) => format!("object ({})", short_name(def)),
                (None, _) => "object".to_owned(),
            },
            TypeKind::Map { values } => format!("map[string]{}", self.label(*values, true)),
            TypeKind::Array { items } => format!("[]{}", self.label(*items, true)),
            TypeKind::String => "string".to_owned(),
            TypeKind::Integer => "integer".to_owned(),
            TypeKind::Number => "number".to_owned(),
            TypeKind::Boolean => "boolean".to_owned(),
            TypeKind::IntOrString => "int-or-string".to_owned(),
            TypeKind::Quantity => "quantity".to_owned(),
            TypeKind::Any => "any".to_owned(),
        }
    }
}

struct Builder {
    types: Vec<SchemaType>,
    definitions: HashMap<String, TypeId>,
}

impl Builder {
    fn reserve(&mut self, definition: Option<String>) -> TypeId {
        let id = TypeId(u32::try_from(self.types.len()).expect("fewer than 2^32 schema nodes"));
        self.types.push(SchemaType {
            kind: TypeKind::Any,
            definition,
            description: None,
            deprecated: false,
            nullable: true,
            enum_values: Vec::new(),
            format: None,
            ext: TypeExt::default(),
            holds_defaults: false,
        });
        id
    }

    /// The type of an inline schema node: its `$ref` target, or a new arena entry.
    fn node(&mut self, json: &Value) -> TypeId {
        if let Some(target) = ref_target(json).and_then(|name| self.definitions.get(name)) {
            return *target;
        }
        // `allOf: [{$ref}]` is how some generators attach a description to a ref; treat it as the ref.
        if let Some([only]) = json.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            return self.node(only);
        }
        let id = self.reserve(None);
        self.fill(id, json);
        id
    }

    fn fill(&mut self, id: TypeId, json: &Value) {
        let Some(obj) = json.as_object() else { return };
        let definition = self.types.get(id.0 as usize).and_then(|ty| ty.definition.clone());
        let (types, nullable) = declared_types(obj);
        let kind = match definition.as_deref() {
            Some("io.k8s.apimachinery.pkg.util.intstr.IntOrString") => TypeKind::IntOrString,
            Some("io.k8s.apimachinery.pkg.api.resource.Quantity") => TypeKind::Quantity,
            _ => self.kind(obj, &types),
        };
        let nullable = nullable || union_allows_null(obj);
        let enum_values = obj
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let Some(ty) = self.types.get_mut(id.0 as usize) else { return };
        ty.kind = kind;
        ty.nullable = nullable;
        ty.description = obj.get("description").and_then(Value::as_str).map(str::to_owned);
        ty.deprecated = says_deprecated(ty.description.as_deref());
        ty.enum_values = enum_values;
        ty.format = obj.get("format").and_then(Value::as_str).map(str::to_owned);
    }

    fn kind(&mut self, obj: &Map<String, Value>, types: &[&str]) -> TypeKind {
        if let Some(branches) = obj.get("anyOf").or_else(|| obj.get("oneOf")).and_then(Value::as_array) {
            return union_kind(branches);
        }
        let is = |name: &str| types.contains(&name);
        if is("object") || obj.contains_key("properties") {
            if let Some(props) = obj.get("properties").and_then(Value::as_object) {
                let required: Vec<&str> = obj
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| r.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let mut properties: Vec<Property> = props
                    .iter()
                    .map(|(name, schema)| {
                        let description = schema.get("description").and_then(Value::as_str).map(str::to_owned);
                        Property {
                            name: name.clone(),
                            deprecated: says_deprecated(description.as_deref()),
                            description,
                            ty: self.node(schema),
                            required: required.contains(&name.as_str()),
                            ext: FieldExt::default(),
                        }
                    })
                    .collect();
                properties.sort_by(|a, b| a.name.cmp(&b.name));
                let open = !matches!(obj.get("additionalProperties"), Some(Value::Bool(false)));
                return TypeKind::Object { properties, open };
            }
            return match obj.get("additionalProperties") {
                Some(values @ Value::Object(_)) => TypeKind::Map { values: self.node(values) },
                Some(Value::Bool(false)) => TypeKind::Object { properties: Vec::new(), open: false },
                _ => TypeKind::Object { properties: Vec::new(), open: true },
            };
        }
        if is("array") {
            let items = match obj.get("items") {
                Some(items) => self.node(items),
                None => self.reserve(None),
            };
            return TypeKind::Array { items };
        }
        if is("string") {
            TypeKind::String
        } else if is("integer") {
            TypeKind::Integer
        } else if is("number") {
            TypeKind::Number
        } else if is("boolean") {
            TypeKind::Boolean
        } else {
            TypeKind::Any
        }
    }
}

impl Builder {
    /// Hangs the `x-podls` entries on the types and fields they name; returns the names that match nothing.
    fn attach(&mut self, entries: Vec<ext::Entry>) -> Vec<String> {
        let mut dangling = Vec::new();
        for entry in entries {
            match entry {
                ext::Entry::Type { definition, ext } => match self.type_mut(&definition) {
                    Some(ty) => {
                        let named = ext
                            .common_fields
                            .iter()
                            .map(String::as_str)
                            .chain(ext.init_keys.iter().flatten().filter_map(|spec| spec.split(['.', '=']).next()));
                        let missing = named.filter(|name| !has_property(ty, name));
                        dangling.extend(missing.map(|name| format!("{definition}.{name}")));
                        ty.ext.merge(ext);
                    }
                    None => dangling.push(definition),
                },
                ext::Entry::Field { fields, ext, default } => {
                    for name in fields {
                        if self.attach_field(&name, &ext, default.as_ref()).is_none() {
                            dangling.push(name.to_string());
                        }
                    }
                }
            }
        }
        dangling
    }

    /// Gives the field `name` its data, and its type the field's default; `None` when there is no such field.
    fn attach_field(
        &mut self,
        name: &ext::FieldName,
        ext: &FieldExt,
        default: Option<&(String, String)>,
    ) -> Option<()> {
        let ty = self.type_mut(&name.definition)?;
        let TypeKind::Object { properties, .. } = &mut ty.kind else { return None };
        properties.iter_mut().find(|p| p.name == name.property)?.ext.merge(ext.clone());
        if let Some((value, reason)) = default {
            let field = name.property.clone();
            ty.ext.defaults.push(FieldDefault { field, value: value.clone(), reason: reason.clone() });
        }
        Some(())
    }

    /// Sets [`SchemaType::holds_defaults`]: a type holds defaults when it has some or one of its fields, items or
    /// map values holds them. Types refer to each other in cycles, so this repeats until nothing changes.
    fn mark_defaults(&mut self) {
        for ty in &mut self.types {
            ty.holds_defaults = !ty.ext.defaults.is_empty();
        }
        let holds = |types: &[SchemaType], id: &TypeId| types.get(id.0 as usize).is_some_and(|t| t.holds_defaults);
        let mut changed = true;
        while changed {
            changed = false;
            for index in 0..self.types.len() {
                let Some(ty) = self.types.get(index) else { continue };
                if ty.holds_defaults {
                    continue;
                }
                let below = match &ty.kind {
                    TypeKind::Object { properties, .. } => properties.iter().any(|p| holds(&self.types, &p.ty)),
                    TypeKind::Map { values: child } | TypeKind::Array { items: child } => holds(&self.types, child),
                    _ => false,
                };
                if below && let Some(ty) = self.types.get_mut(index) {
                    ty.holds_defaults = true;
                    changed = true;
                }
            }
        }
    }

    fn type_mut(&mut self, definition: &str) -> Option<&mut SchemaType> {
        let id = self.definitions.get(definition)?;
        self.types.get_mut(id.0 as usize)
    }
}

fn has_property(ty: &SchemaType, name: &str) -> bool {
    match &ty.kind {
        TypeKind::Object { properties, .. } => properties.iter().any(|p| p.name == name),
        _ => false,
    }
}

/// Whether a description tells people to stop using what it describes.
fn says_deprecated(description: Option<&str>) -> bool {
    description.is_some_and(|d| {
        d.starts_with("Deprecated") || d.contains("Deprecated:") || d.contains(" is a deprecated alias")
    })
}

/// `$ref: "#/$defs/<name>"` → `<name>` (with JSON-pointer escapes undone).
fn ref_target(json: &Value) -> Option<&str> {
    let name = json.get("$ref")?.as_str()?.strip_prefix("#/$defs/")?;
    // Definition names in the Kubernetes schema contain neither `/` nor `~`, so no unescaping is needed.
    (!name.contains('~')).then_some(name)
}

/// The non-null types a node declares, and whether it accepts null.
fn declared_types(obj: &Map<String, Value>) -> (Vec<&str>, bool) {
    match obj.get("type") {
        Some(Value::String(t)) => (vec![t.as_str()], t == "null"),
        Some(Value::Array(ts)) => {
            let names: Vec<&str> = ts.iter().filter_map(Value::as_str).collect();
            let nullable = names.contains(&"null");
            (names.into_iter().filter(|t| *t != "null").collect(), nullable)
        }
        // No `type` at all: anything goes, null included.
        _ => (Vec::new(), !obj.contains_key("anyOf") && !obj.contains_key("oneOf")),
    }
}

fn union_allows_null(obj: &Map<String, Value>) -> bool {
    let branches = obj.get("anyOf").or_else(|| obj.get("oneOf")).and_then(Value::as_array);
    branches.is_some_and(|bs| bs.iter().any(|b| b.as_object().is_some_and(|o| declared_types(o).1)))
}

/// A union of scalar branches: `string | integer` is int-or-string, `string | number` a quantity.
fn union_kind(branches: &[Value]) -> TypeKind {
    let mut names = Vec::new();
    for branch in branches {
        match branch.as_object() {
            Some(obj) => names.extend(declared_types(obj).0),
            None => return TypeKind::Any,
        }
    }
    let has = |t: &str| names.contains(&t);
    match (has("string"), has("integer"), has("number"), names.len()) {
        (true, true, false, 2) => TypeKind::IntOrString,
        (true, false, true, 2) => TypeKind::Quantity,
        _ => TypeKind::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Vec<PathSeg> {
        text.split('.')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<usize>().map_or_else(|_| PathSeg::Key(s.to_owned()), PathSeg::Index))
            .collect()
    }

    fn label_at(text: &str) -> String {
        at(&path(text)).map_or_else(|| "<none>".to_owned(), SchemaView::type_label)
    }

    #[test]
    fn root_is_the_pod() {
        let pod = schema().pod();
        assert_eq!(pod.definition(), Some(POD_DEFINITION));
        assert_eq!(pod.type_label(), "object (Pod)");
        let names: Vec<_> = pod.properties().filter_map(SchemaView::name).collect();
        assert_eq!(names, ["apiVersion", "kind", "metadata", "spec", "status"]);
        assert_eq!(pod.field("kind").unwrap().enum_values(), ["Pod"]);
    }

    #[test]
    fn closed_sets_come_from_the_overlay_in_its_order() {
        assert_eq!(closed_values("io.k8s.api.apps.v1.DeploymentStrategy.type"), ["Recreate", "RollingUpdate"]);
        assert_eq!(closed_values("io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy"), ["Allow", "Forbid", "Replace"]);
        // Open fields with well-known values, enums and unknown names are no closed sets.
        assert!(closed_values("io.k8s.api.core.v1.Capabilities.add").is_empty());
        assert!(closed_values("io.k8s.api.core.v1.PodSpec.restartPolicy").is_empty());
        assert!(closed_values("io.k8s.api.core.v1.PodSpec.nope").is_empty());
        assert!(closed_values("nodots").is_empty());
        let strategy = at_kind("io.k8s.api.apps.v1.Deployment", &path("spec.strategy.type")).unwrap();
        assert!(strategy.is_closed());
        assert!(strategy.enum_values().is_empty(), "the rules judge it, not the schema");
    }

    #[test]
    fn every_kind_is_a_root() {
        let kinds = [
            ("io.k8s.api.core.v1.Pod", "v1", "Pod"),
            ("io.k8s.api.core.v1.PodTemplate", "v1", "PodTemplate"),
            ("io.k8s.api.core.v1.ReplicationController", "v1", "ReplicationController"),
            ("io.k8s.api.apps.v1.Deployment", "apps/v1", "Deployment"),
            ("io.k8s.api.apps.v1.ReplicaSet", "apps/v1", "ReplicaSet"),
            ("io.k8s.api.apps.v1.DaemonSet", "apps/v1", "DaemonSet"),
            ("io.k8s.api.apps.v1.StatefulSet", "apps/v1", "StatefulSet"),
            ("io.k8s.api.batch.v1.Job", "batch/v1", "Job"),
            ("io.k8s.api.batch.v1.CronJob", "batch/v1", "CronJob"),
        ];
        assert_eq!(schema().roots().collect::<Vec<_>>(), kinds.map(|(definition, ..)| definition));
        for (definition, api_version, kind) in kinds {
            let root = schema().root(definition).unwrap();
            assert_eq!(root.definition(), Some(definition));
            assert_eq!(root.field("apiVersion").unwrap().enum_values(), [api_version], "{definition}");
            assert_eq!(root.field("kind").unwrap().enum_values(), [kind], "{definition}");
        }
        assert_eq!(schema().root(POD_DEFINITION).map(SchemaView::type_id), Some(schema().pod().type_id()));
        // A shared definition is not a document's root.
        assert!(schema().root("io.k8s.api.core.v1.PodSpec").is_none());
        assert!(schema().root("io.k8s.api.apps.v1.DeploymentList").is_none());
    }

    #[test]
    fn templates_share_the_pod_definitions() {
        let in_pod = at(&path("spec.containers.0")).unwrap();
        let cases = [
            ("io.k8s.api.core.v1.PodTemplate", "template.spec.containers.0"),
            ("io.k8s.api.apps.v1.Deployment", "spec.template.spec.containers.0"),
            ("io.k8s.api.apps.v1.StatefulSet", "spec.template.spec.containers.0"),
            ("io.k8s.api.batch.v1.CronJob", "spec.jobTemplate.spec.template.spec.containers.0"),
        ];
        for (definition, container) in cases {
            let view = at_kind(definition, &path(container)).unwrap();
            assert_eq!(view.type_id(), in_pod.type_id(), "{definition}");
        }
        // The overlay and `x-podls` hold inside a template, as they are on the shared definitions.
        let deployment = "io.k8s.api.apps.v1.Deployment";
        let policy = at_kind(deployment, &path("spec.template.spec.restartPolicy")).unwrap();
        assert_eq!(policy.enum_values(), ["Always", "OnFailure", "Never", ""]);
        let probe = at_kind(deployment, &path("spec.template.spec.containers.0.livenessProbe")).unwrap();
        assert_eq!(probe.defaults().len(), 4);
        let operator = at_kind(deployment, &path("spec.selector.matchExpressions.0.operator")).unwrap();
        assert_eq!(operator.enum_values(), ["In", "NotIn", "Exists", "DoesNotExist"]);
        // Integers of the workloads' own fields carry their Go bounds too.
        let replicas = at_kind(deployment, &path("spec.replicas")).unwrap();
        assert_eq!((replicas.type_label().as_str(), replicas.ty().format.as_deref()), ("integer", Some("int32")));
        assert_eq!(at_kind(deployment, &path("spec.template.spec.containerz")).map(SchemaView::type_id), None);
        assert!(at_kind("io.k8s.api.core.v1.Container", &path("name")).is_none());
    }

    #[test]
    fn type_labels() {
        let cases = [
            ("spec", "object (PodSpec)"),
            ("spec.containers", "[]Container"),
            ("spec.containers.0", "object (Container)"),
            ("spec.containers.0.name", "string"),
            ("spec.containers.0.ports.0.containerPort", "integer"),
            ("spec.containers.0.livenessProbe.httpGet.port", "int-or-string"),
            ("spec.containers.0.resources.limits", "map[string]quantity"),
            ("spec.containers.0.resources.limits.cpu", "quantity"),
            ("spec.containers.0.command", "[]string"),
            ("spec.hostNetwork", "boolean"),
            ("metadata.labels", "map[string]string"),
            ("metadata.labels.app", "string"),
            ("spec.containers.0.imagee", "<none>"),
            ("spec.containers.name", "<none>"),
        ];
        let actual: Vec<_> = cases.iter().map(|(p, _)| (*p, label_at(p))).collect();
        let expected: Vec<_> = cases.iter().map(|(p, l)| (*p, l.to_string())).collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn fields_know_required_description_and_definition() {
        let container = at(&path("spec.containers.0")).unwrap();
        assert_eq!(container.definition(), Some("io.k8s.api.core.v1.Container"));
        assert_eq!(container.short_name(), Some("Container"));
        assert_eq!(container.required().collect::<Vec<_>>(), ["name"]);
        let port = at(&path("spec.containers.0.ports.0")).unwrap();
        assert_eq!(port.required().collect::<Vec<_>>(), ["containerPort"]);

        let name = container.field("name").unwrap();
        assert!(name.is_required());
        assert!(!name.is_nullable());
        let image = container.field("image").unwrap();
        assert!(!image.is_required());
        assert!(image.is_nullable());
        assert!(image.description().unwrap().starts_with("Container image name."));
        // A field reached through a `$ref` has its own description, not the definition's.
        let spec = schema().pod().field("spec").unwrap();
        assert!(spec.description().unwrap().starts_with("Specification of the desired behavior of the pod."));
        assert!(spec.ty().description.as_deref().unwrap().starts_with("PodSpec is a description of a pod."));
    }

    #[test]
    fn overlay_enums_are_indexed() {
        let policy = at(&path("spec.restartPolicy")).unwrap();
        assert_eq!(policy.enum_values(), ["Always", "OnFailure", "Never", ""]);
        let protocol = at(&path("spec.containers.3.ports.0.protocol")).unwrap();
        assert_eq!(protocol.enum_values(), ["TCP", "UDP", "SCTP", ""]);
        let host_path = at(&path("spec.volumes.0.hostPath.type")).unwrap();
        assert_eq!(host_path.enum_values()[0], "DirectoryOrCreate");
        let modes = at(&path("spec.volumes.0.ephemeral.volumeClaimTemplate.spec.accessModes.0")).unwrap();
        assert_eq!(modes.enum_values(), ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]);
        // Feature-gated values stay open: the semantic rules judge them.
        assert!(at(&path("spec.tolerations.0.operator")).unwrap().enum_values().is_empty());
    }

    #[test]
    fn int_or_string_and_quantity_accept_null() {
        let port = at(&path("spec.containers.0.readinessProbe.tcpSocket.port")).unwrap();
        assert_eq!(port.kind(), &TypeKind::IntOrString);
        assert!(port.is_nullable());
        assert!(port.is_required());
        let cpu = at(&path("spec.overhead.cpu")).unwrap();
        assert_eq!(cpu.kind(), &TypeKind::Quantity);
        assert!(cpu.is_nullable());
    }

    #[test]
    fn definitions_by_name() {
        let s = schema();
        assert!(s.definition("io.k8s.api.core.v1.Volume").is_some());
        assert!(s.definition("io.k8s.api.apps.v1.Deployment").is_some());
        assert!(s.definition("io.k8s.api.apps.v1.DeploymentList").is_none());
        assert_eq!(short_name("io.k8s.api.core.v1.Container"), "Container");
        assert_eq!(short_name("Plain"), "Plain");
    }

    #[test]
    fn every_x_podls_entry_names_a_real_place() {
        assert_eq!(schema().dangling_ext(), [] as [String; 0]);
        let json = serde_json::json!({
            "$defs": {"io.k8s.api.core.v1.Pod": {"type": "object", "properties": {"a": {"type": "string"}}}},
            "x-podls-roots": ["io.k8s.api.core.v1.Pod"],
            "x-podls": [
                {"definition": "Missing", "docPage": "https://example.com/"},
                {"definition": "io.k8s.api.core.v1.Pod", "commonFields": ["a", "c"], "initKeys": [["a", "d.e"]]},
                {"fields": ["io.k8s.api.core.v1.Pod.a", "io.k8s.api.core.v1.Pod.b"], "values": []}
            ]
        });
        assert_eq!(
            Schema::from_json(&json).dangling_ext(),
            ["Missing", "io.k8s.api.core.v1.Pod.c", "io.k8s.api.core.v1.Pod.d", "io.k8s.api.core.v1.Pod.b"]
        );
    }

    #[test]
    fn x_podls_data_is_indexed() {
        let probe = at(&path("spec.containers.0.livenessProbe")).unwrap();
        let defaults: Vec<String> = probe.defaults().iter().map(|d| format!("{}: {}", d.field, d.value)).collect();
        assert_eq!(defaults, ["timeoutSeconds: 1", "periodSeconds: 10", "successThreshold: 1", "failureThreshold: 3"]);
        let pod = schema().pod();
        assert!(pod.type_ext().doc_page.as_deref().unwrap().ends_with("/workload-resources/pod-v1/"));
        let drop = at(&path("spec.containers.0.securityContext.capabilities.drop")).unwrap();
        assert_eq!(drop.known_values().first().map(|v| v.value.as_str()), Some("ALL"));
        let limits = at(&path("spec.containers.0.resources.limits")).unwrap();
        let keys: Vec<&str> = limits.known_keys().iter().map(|k| k.value.as_str()).collect();
        assert_eq!(keys, ["cpu", "memory", "ephemeral-storage"]);
        let container = at(&path("spec.initContainers.0")).unwrap();
        assert_eq!(container.type_ext().init_keys, [["name", "image"]]);
        let policy = container.field("restartPolicy").unwrap().field_ext().unwrap();
        assert!(policy.judged_by_rules);
        // A field without data, and a position reached by an index, have none.
        assert!(container.field("image").unwrap().known_values().is_empty());
        assert!(at(&path("spec.containers.0.securityContext.capabilities.drop.0")).unwrap().field_ext().is_none());
    }

    #[test]
    fn types_that_hold_defaults() {
        let holding = |p: &str| at(&path(p)).unwrap().holds_defaults();
        assert!(holding("spec"));
        assert!(holding("spec.ephemeralContainers.0.ports"));
        assert!(holding("spec.initContainers.0.startupProbe"));
        assert!(!holding("metadata"));
        assert!(!holding("spec.containers.0.env"));
        assert!(!holding("spec.volumes"));
    }

    #[test]
    fn deprecation_is_read_from_the_description() {
        let volume = at(&path("spec.volumes.0")).unwrap();
        assert!(volume.field("gitRepo").unwrap().is_deprecated());
        assert!(!volume.field("configMap").unwrap().is_deprecated());
        assert!(at(&path("spec.serviceAccount")).unwrap().is_deprecated());
        assert!(!at(&path("spec.serviceAccountName")).unwrap().is_deprecated());
    }

    #[test]
    fn documentation_lists_the_allowed_values() {
        let doc = at(&path("spec.dnsPolicy")).unwrap().documentation().unwrap();
        assert!(doc.starts_with("Set DNS policy for the pod."), "{doc}");
        assert!(doc.ends_with("\n\nAllowed values: `ClusterFirstWithHostNet`, `ClusterFirst`, `Default`, `None`"));
        assert_eq!(
            at(&path("spec.containers.0.image")).unwrap().documentation().as_deref().map(|d| d.contains("Allowed")),
            Some(false)
        );
    }

    #[test]
    fn unknown_schema_shapes_are_any() {
        let json = serde_json::json!({
            "$defs": {
                "io.k8s.api.core.v1.Pod": {
                    "type": "object",
                    "properties": {
                        "free": {},
                        "either": {"anyOf": [{"type": "boolean"}, {"type": "string"}]},
                        "wrapped": {"allOf": [{"$ref": "#/$defs/Thing"}], "description": "a thing"},
                        "tags": {"type": ["array", "null"]}
                    },
                    "additionalProperties": false
                },
                "Thing": {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]}
            },
            "x-podls-roots": ["io.k8s.api.core.v1.Pod"]
        });
        let s = Schema::from_json(&json);
        let root = s.pod();
        assert_eq!(root.field("free").unwrap().kind(), &TypeKind::Any);
        let inside = root.field("free").unwrap().at(&path("a.0.b")).unwrap();
        assert_eq!((inside.type_label().as_str(), inside.name()), ("any", None));
        assert_eq!(root.field("either").unwrap().type_label(), "any");
        let wrapped = root.field("wrapped").unwrap();
        assert_eq!(wrapped.type_label(), "object (Thing)");
        assert_eq!(wrapped.description(), Some("a thing"));
        assert_eq!(wrapped.required().collect::<Vec<_>>(), ["x"]);
        assert_eq!(root.field("tags").unwrap().type_label(), "[]any");
    }
}
