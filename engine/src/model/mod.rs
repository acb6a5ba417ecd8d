//! Kubernetes semantics over the YAML tree: what the API server means by a quantity, a name, a format or a schedule,
//! and what it fills in; where a Pod declares and uses its names, its containers, its QoS class and its images'
//! pull policy.
//!
//! Architecture Invariant: no diagnostics and no editor types here; the layers above turn these facts into findings
//! and answers.

pub mod cron;
pub mod defaults;
pub mod format;
pub mod image;
pub mod int_or_percent;
pub mod names;
pub mod pod;
pub mod qos;
pub mod quantity;
pub mod selector;
pub mod time_zones;
pub mod version;
pub mod workload;
pub mod workload_defaults;
