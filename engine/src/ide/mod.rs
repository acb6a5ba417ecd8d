//! What an editor asks of one file: its analysis per document, and the features computed on it.

pub mod analysis;
pub mod completion;
pub mod config;
pub mod document;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod symbols;
