//! Kubernetes semantics over the YAML tree: what the API server means by a quantity, a name or a format, and what it fills in.
//!
//! Architecture Invariant: no diagnostics and no editor types here; the layers above turn these facts into findings
//! and answers.

pub mod defaults;
pub mod format;
pub mod quantity;
