//! The YAML tree as a `jsonschema` instance, so validation reads the tree in place instead of a `serde_json::Value`
//! copy of it.
//!
//! It answers exactly as [`Node::to_json`] would: keys that are not scalars are skipped, the last of duplicate keys
//! wins, and a non-finite float (`.inf`, `.nan`) reads as null. A test checks the two agree.

use std::borrow::Cow;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, JsonNumber, Node as JsonNode, NodeIdentity, Object};
use serde_json::Value;

use crate::syntax::{Entry, Node, NodeKind, Scalar, ScalarStyle, ScalarValue};

/// The YAML tree as a JSON representation for `jsonschema`.
pub(crate) struct YamlJson;

impl Json for YamlJson {
    type Node<'a> = Instance<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    // Mappings are short slices: scanning a few keys beats a lookup per schema property.
    const KEYS_PER_LOOKUP: usize = 2;
    // Aliases are copied into the tree, so no node contains itself.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(Instance<'_>) -> T) -> T {
        // Only `propertyNames` asks for this, and the bundled schema has none; a fresh node is fine.
        let node = Node {
            range: crate::text::TextRange::default(),
            kind: NodeKind::Scalar(Scalar {
                value: ScalarValue::String(string.to_owned()),
                text: string.to_owned(),
                style: ScalarStyle::DoubleQuoted,
            }),
        };
        f(Instance(&node))
    }
}

/// A node of the tree, seen as JSON.
#[derive(Clone, Copy)]
pub(crate) struct Instance<'a>(pub(crate) &'a Node);

/// A YAML number: integers stay exact, floats are finite.
#[derive(Clone, Copy)]
pub(crate) enum Number {
    Int(i64),
    Float(f64),
}

impl Instance<'_> {
    fn scalar(&self) -> Option<&ScalarValue> {
        match &self.0.kind {
            NodeKind::Scalar(scalar) => Some(&scalar.value),
            _ => None,
        }
    }
}

impl<'a> JsonNode<'a, YamlJson> for Instance<'a> {
    type Object = Members<'a>;
    type Array = Items<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match &self.0.kind {
            NodeKind::Mapping(entries) => Some(Members(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<Items<'a>> {
        match &self.0.kind {
            NodeKind::Sequence(items) => Some(Items(items)),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.0.kind {
            NodeKind::Scalar(Scalar { value: ScalarValue::String(s), .. }) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match *self.scalar()? {
            ScalarValue::Int(i) => Some(Number::Int(i)),
            ScalarValue::Float(f) if f.is_finite() => Some(Number::Float(f)),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match *self.scalar()? {
            ScalarValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.json_type() == JsonType::Null
    }

    fn json_type(&self) -> JsonType {
        match &self.0.kind {
            NodeKind::Mapping(_) => JsonType::Object,
            NodeKind::Sequence(_) => JsonType::Array,
            NodeKind::Scalar(scalar) => match scalar.value {
                ScalarValue::Null => JsonType::Null,
                ScalarValue::Bool(_) => JsonType::Boolean,
                ScalarValue::Int(_) => JsonType::Number,
                ScalarValue::Float(f) if f.is_finite() => JsonType::Number,
                ScalarValue::Float(_) => JsonType::Null,
                ScalarValue::String(_) => JsonType::String,
            },
        }
    }

    fn equals_value(&self, expected: &Value) -> bool {
        // `enum` compares every candidate; answer scalars without building a `Value`.
        match (self.scalar(), expected) {
            (Some(ScalarValue::String(s)), Value::String(e)) => s == e,
            (Some(ScalarValue::String(_)), _) | (Some(_), Value::String(_)) => false,
            (Some(ScalarValue::Bool(b)), Value::Bool(e)) => b == e,
            _ => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.0.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref(self.0) as usize))
    }
}

/// A mapping's members, as JSON sees them.
#[derive(Clone, Copy)]
pub(crate) struct Members<'a>(&'a [Entry]);

/// The key of an entry JSON keeps: a scalar key that no later entry repeats (the parser marks the shadowed ones).
fn kept(entry: &Entry) -> Option<&str> {
    if entry.shadowed { None } else { entry.key_str() }
}

pub(crate) struct MembersIter<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (&'a str, Instance<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.by_ref().find_map(|entry| Some((kept(entry)?, Instance(&entry.value))))
    }
}

impl<'a> Object<'a, YamlJson> for Members<'a> {
    type Node = Instance<'a>;
    type MemberName = &'a str;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        // One flag per entry; the validator asks a few times per mapping, to choose between a scan and lookups.
        self.0.iter().filter(|e| kept(e).is_some()).count()
    }

    fn get(&self, key: &String) -> Option<Instance<'a>> {
        // The validator looks keys up only in mappings wider than four entries per schema property, once per property:
        // these scans cost what its members pass would (entries times properties), linear in the mapping.
        self.0.iter().find(|e| kept(e) == Some(key.as_str())).map(|e| Instance(&e.value))
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter(self.0.iter())
    }
}

/// A sequence's items.
#[derive(Clone, Copy)]
pub(crate) struct Items<'a>(&'a [Node]);

impl<'a> Array<'a, YamlJson> for Items<'a> {
    type Node = Instance<'a>;
    type ElementsIter = std::iter::Map<std::slice::Iter<'a, Node>, fn(&'a Node) -> Instance<'a>>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn elements(&self) -> Self::ElementsIter {
        self.0.iter().map(Instance)
    }
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Number::Int(i) => u64::try_from(i).ok(),
            Number::Float(_) => None,
        }
    }

    fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            Number::Float(_) => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match *self {
            Number::Int(i) => Some(i as f64),
            Number::Float(f) => Some(f),
        }
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_number().to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match *self {
            Number::Int(i) => serde_json::Number::from(i),
            Number::Float(f) => serde_json::Number::from_f64(f).expect("floats here are finite"),
        })
    }

    fn is_integer(&self) -> bool {
        // kubectl turns YAML into JSON before decoding: `80.0` is written as `80` and decodes into an integer.
        match *self {
            Number::Int(_) => true,
            Number::Float(f) => f.fract() == 0.0,
        }
    }

    fn is_written_as_integer(&self) -> bool {
        matches!(self, Number::Int(_))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use jsonschema::Validator;

    use super::*;
    use crate::schema::{POD_DEFINITION, root_validator_json};

    static BY_VALUE: LazyLock<Validator> =
        LazyLock::new(|| jsonschema::validator_for(&root_validator_json(POD_DEFINITION).unwrap()).unwrap());
    static IN_PLACE: LazyLock<Validator<YamlJson>> = LazyLock::new(|| {
        jsonschema::options_for::<YamlJson>().build(&root_validator_json(POD_DEFINITION).unwrap()).unwrap()
    });

    /// The errors of both representations, as `instance path keyword` lines.
    fn both(text: &str) -> (Vec<String>, Vec<String>) {
        let root = crate::syntax::parse(text).root.expect("the document has content");
        let render = |e: jsonschema::ValidationError<'_>| format!("{} {}", e.instance_path(), e.kind().keyword());
        let json = root.to_json();
        let mut by_value: Vec<String> = BY_VALUE.iter_errors(&json).map(render).collect();
        let mut in_place: Vec<String> = IN_PLACE.iter_errors(Instance(&root)).map(render).collect();
        by_value.sort();
        in_place.sort();
        assert_eq!(BY_VALUE.is_valid(&json), IN_PLACE.is_valid(Instance(&root)));
        (by_value, in_place)
    }

    #[test]
    fn agrees_with_the_json_copy() {
        let text = r#"apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web, app: api, 8: x}, annotations: {a: 1}}
spec:
  restartPolicy: sometimes
  terminationGracePeriodSeconds: 30.0
  activeDeadlineSeconds: .inf
  hostPID: .nan
  containers:
    - name: web
      name: 7
      image: nginx
      ports: [{containerPort: 80.5, protocol: TCP}, {containerPort: 1e3, protocol: 6}, {protocol: UDP}]
      resources: {limits: {cpu: 1.5, memory: true}}
      livenessProbe: {httpGet: {port: http}, tcpSocket: {port: [1]}}
      [complex]: key
      unknown: 1
"#;
        let (by_value, in_place) = both(text);
        assert!(!by_value.is_empty());
        assert_eq!(by_value, in_place);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn agrees_on_arbitrary_documents(body in "([ ]{0,6}(- )?(spec|containers|name|ports|image|x|0|\"8\")?(: )?(\\[|\\{|\\]|\\}|, |80|8.5|true|~|a|.inf)*\n){0,12}") {
            let text = format!("apiVersion: v1\nkind: Pod\n{body}");
            if crate::syntax::parse(&text).root.is_some() {
                let (by_value, in_place) = both(&text);
                proptest::prop_assert_eq!(by_value, in_place);
            }
        }
    }
}
