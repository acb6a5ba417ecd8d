//! podls: the language server and `podls check`, on top of `podls-engine`.
//!
//! Architecture Invariant: this crate is the only one that knows LSP, the command line and IO; what it knows of
//! Kubernetes it asks the engine.

// Text comes from the user: slicing or indexing it at an offset not found on a character boundary, or unwrapping
// what it may lack, would crash the server on someone's manifest. In tests a panic is a failing test.
#![deny(clippy::string_slice, clippy::indexing_slicing, clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::string_slice, clippy::indexing_slicing, clippy::unwrap_used))]
#![deny(unsafe_code)]

pub mod check;
pub mod lsp;
pub mod settings_file;
