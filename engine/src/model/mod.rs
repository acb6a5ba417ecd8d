//! Kubernetes semantics over the YAML tree: what the API server means by a quantity, a name, a format or a schedule,
//! and what it fills in.
//!
//! Architecture Invariant: no diagnostics and no editor types here; the layers above turn these facts into findings
//! and answers.

pub mod cron;
pub mod defaults;
pub mod format;
pub mod int_or_percent;
pub mod quantity;
pub mod selector;
pub mod time_zones;
pub mod workload;
