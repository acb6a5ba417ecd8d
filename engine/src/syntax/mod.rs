//! YAML as kubectl reads it, with exact positions: document splitting, the event-built tree and scalar resolution,
//! the cursor query over a document, field paths and path patterns, and the text edits quick fixes make.
//!
//! Architecture Invariant: `parse` never fails and never panics; it returns a tree (possibly partial) and diagnostics.

pub mod edit;
pub mod events;
mod parse;
pub mod path;
pub mod query;
mod scalar;
mod split;
mod tree;

#[cfg(test)]
mod tests;

pub use parse::{MAX_DEPTH, MAX_NODES, Parse, SyntaxError, SyntaxErrorKind, parse};
pub use split::split_documents;
pub use tree::{Entry, Node, NodeKind, PathSeg, Scalar, ScalarStyle, ScalarValue, field_path, schema_path};
