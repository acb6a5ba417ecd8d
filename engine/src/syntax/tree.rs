//! The positioned YAML tree: every mapping key, value and sequence item keeps its byte range in the document.
//!
//! Architecture Invariant: no LSP or schema knowledge here; this is plain YAML as kubectl reads it.

use crate::text::TextRange;

/// A YAML node and where it stands in the document text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The node's text: a scalar's characters (quotes included), or a collection from its first to its last character.
    /// An empty value (`key:` with nothing after it) has an empty range right after the colon.
    pub range: TextRange,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
}

/// One `key: value` pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// Brought in by a merge key (`<<: *base`) rather than written in this mapping; its ranges point at the anchor.
    pub merged: bool,
    /// A later entry of the same mapping has the same key, so this one is not what kubectl keeps. Set once by the
    /// parser, so that readers need not look ahead.
    pub shadowed: bool,
}

impl Entry {
    /// The key as text, when it is a scalar.
    pub fn key_str(&self) -> Option<&str> {
        self.key.scalar_text()
    }

    /// From the start of the key to the end of the value.
    pub fn range(&self) -> TextRange {
        self.key.range.cover(self.value.range)
    }
}

/// A scalar with the value kubectl's YAML 1.1 reading gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub value: ScalarValue,
    /// The scalar's content after unquoting and folding, before type resolution (`0600`, `yes`, `8080`).
    pub text: String,
    pub style: ScalarStyle,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ScalarValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// One step of a path into the tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl Node {
    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// The value when it resolved to a string (`"8080"`, `app`), not a number or boolean.
    pub fn as_str(&self) -> Option<&str> {
        match &self.as_scalar()?.value {
            ScalarValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar's text whatever its type (`8080`, `true`, `app`): what a key or a name reads as.
    pub fn scalar_text(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.as_scalar()?.value {
            ScalarValue::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.as_scalar()?.value {
            ScalarValue::Int(i) => Some(i as f64),
            ScalarValue::Float(f) => Some(f),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.as_scalar()?.value {
            ScalarValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.as_scalar(), Some(Scalar { value: ScalarValue::Null, .. }))
    }

    /// The entry for `key`. With duplicate keys the last one wins, as in kubectl.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?.iter().rev().find(|e| e.key_str() == Some(key))
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The value of `key`, unless it is missing or null.
    pub fn get_non_null(&self, key: &str) -> Option<&Node> {
        self.get(key).filter(|n| !n.is_null())
    }

    /// Follows `path` from this node.
    pub fn find(&self, path: &[PathSeg]) -> Option<&Node> {
        let mut node = self;
        for seg in path {
            node = match seg {
                PathSeg::Key(key) => node.get(key)?,
                PathSeg::Index(i) => node.as_sequence()?.get(*i)?,
            };
        }
        Some(node)
    }

    /// The entry whose value `path` ends at, when its last step is a key: for underlining the key of a field.
    pub fn find_entry(&self, path: &[PathSeg]) -> Option<&Entry> {
        let (last, parent) = path.split_last()?;
        match last {
            PathSeg::Key(key) => self.find(parent)?.entry(key),
            PathSeg::Index(_) => None,
        }
    }

    /// The value as JSON, the way kubectl hands YAML to the API server. Keys that are not scalars are skipped, and for
    /// duplicate keys the last one wins.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar(scalar) => match &scalar.value {
                ScalarValue::Null => Value::Null,
                ScalarValue::Bool(b) => Value::Bool(*b),
                ScalarValue::Int(i) => Value::from(*i),
                ScalarValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
                ScalarValue::String(s) => Value::String(s.clone()),
            },
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for entry in entries {
                    if let Some(key) = entry.key_str() {
                        map.insert(key.to_owned(), entry.value.to_json());
                    }
                }
                Value::Object(map)
            }
        }
    }

    /// Nodes in this subtree, this one included.
    pub fn node_count(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Scalar(_) => 0,
            NodeKind::Sequence(items) => items.iter().map(Node::node_count).sum(),
            NodeKind::Mapping(entries) => entries.iter().map(|e| e.key.node_count() + e.value.node_count()).sum(),
        }
    }
}

/// Writes a path the way the API server does: `spec.containers[1].ports[0].name`.
pub fn field_path(path: &[PathSeg]) -> String {
    write_path(path, true)
}

/// Writes a path as documentation does, without indices: `spec.containers[].imagePullPolicy`.
pub fn schema_path(path: &[PathSeg]) -> String {
    write_path(path, false)
}

fn write_path(path: &[PathSeg], with_indices: bool) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            PathSeg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            PathSeg::Index(i) if with_indices => out.push_str(&format!("[{i}]")),
            PathSeg::Index(_) => out.push_str("[]"),
        }
    }
    out
}
