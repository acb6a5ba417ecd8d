//! podls-engine: Kubernetes manifests read, checked and explained.
//!
//! The layers depend only downward: `text` ← `syntax` ← `schema` ← `model` ← `diagnostics` ← `ide`.
//!
//! Architecture Invariant: no IO, no LSP types, no command line. The engine takes text and byte offsets and returns
//! plain values; the `podls` binary (the language server and `podls check`) is the only edge to the outside world.

// Text comes from the user: slicing or indexing it at an offset not found on a character boundary, or unwrapping
// what it may lack, would crash the server on someone's manifest. In tests a panic is a failing test.
#![deny(clippy::string_slice, clippy::indexing_slicing, clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::string_slice, clippy::indexing_slicing, clippy::unwrap_used))]
// The one module that may use `unsafe` is the wrapper of libyaml (`syntax/events.rs`), which says why.
#![deny(unsafe_code)]
// The engine has no stdout: the language server speaks on it.
#![deny(clippy::print_stdout)]

pub mod diagnostics;
pub mod fault;
pub mod ide;
pub mod model;
pub mod schema;
pub mod syntax;
pub mod text;

#[cfg(test)]
pub(crate) mod test_utils;
