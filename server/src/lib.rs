//! podls: the engine of a language server and checker for Kubernetes Pod manifests.
//!
//! Architecture Invariant: everything in this crate except `lsp` and `check` is free of IO and of LSP types. The
//! engine takes text and byte offsets and returns plain values.

pub mod diagnostics;
pub mod schema;
pub mod text;
pub mod yaml;
pub mod analysis;
pub mod check;
pub mod document;
pub mod lsp;

#[cfg(test)]
pub(crate) mod test_utils;
pub mod cursor;
pub mod completion;
pub mod hover;
pub mod symbols;
pub mod rules;
pub mod config;
pub mod references;
pub mod inlay;
