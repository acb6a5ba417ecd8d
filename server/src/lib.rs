//! podls: the engine of a language server and checker for Kubernetes Pod manifests.
//!
//! Architecture Invariant: everything in this crate except `lsp` and `check` is free of IO and of LSP types. The
//! engine takes text and byte offsets and returns plain values.

// Text comes from the user: slicing or indexing it at an offset not found on a character boundary, or unwrapping
// what it may lack, would crash the server on someone's manifest. In tests a panic is a failing test.
#![deny(clippy::string_slice, clippy::indexing_slicing, clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::string_slice, clippy::indexing_slicing, clippy::unwrap_used))]
// The one module that may use `unsafe` is the wrapper of libyaml (`yaml/events.rs`), which says why.
#![deny(unsafe_code)]

// The engine: text, YAML, the schema, the API server's rules, and the analysis that runs them per document.
pub mod analysis;
pub mod config;
pub mod diagnostics;
pub mod fault;
pub mod rules;
pub mod schema;
pub mod text;
pub mod yaml;

// Editor features computed by the engine.
pub mod completion;
pub mod cursor;
pub mod hover;
pub mod inlay;
pub mod references;
pub mod symbols;

// The edges: open documents, the language server and the command line.
pub mod check;
pub mod document;
pub mod lsp;

#[cfg(test)]
pub(crate) mod test_utils;
