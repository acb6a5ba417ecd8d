//! What the engine reports: diagnostics with a stable code, a byte range, related places and quick fixes.
//!
//! Architecture Invariant: no LSP or IO types here. Ranges are byte offsets into the text that was analysed.

#[cfg(test)]
mod message_form;
#[cfg(test)]
mod parity;
pub mod registry;
pub mod rules;
pub mod schema;
pub mod syntax;
pub mod versions;

pub use crate::text::Edit;
pub use registry::codes;

use crate::text::TextRange;

/// Where `docs/diagnostics.md` is published; each code's section is `#<code>` on it.
pub const DOCS_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/diagnostics.md");

/// The address of `code`'s section of the diagnostics page.
pub fn docs_url(code: &str) -> String {
    format!("{DOCS_URL}#{code}")
}

/// How serious a diagnostic is. Ordered from the most to the least serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(name: &str) -> Option<Severity> {
        match name.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Another place that explains a diagnostic, such as the first of two duplicates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// A quick fix: a titled set of edits that resolves a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn replace(title: impl Into<String>, range: TextRange, text: impl Into<String>) -> Fix {
        Fix { title: title.into(), edits: vec![Edit { range, text: text.into() }] }
    }
}

/// A problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub severity: Severity,
    /// Stable, kebab-case identifier from the [`registry`].
    pub code: &'static str,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic of `code`, which must be reported with its registered severity (checked in debug builds, so
    /// every test proves it for what it reports; the user's settings may change it later).
    pub fn new(severity: Severity, code: &'static str, range: TextRange, message: impl Into<String>) -> Self {
        debug_assert_eq!(
            registry::get(code).map(|info| info.severity),
            Some(severity),
            "`{code}` is reported with a severity other than the registry's (or is not in it)"
        );
        Diagnostic { range, severity, code, message: message.into(), related: Vec::new(), fixes: Vec::new() }
    }

    pub fn error(code: &'static str, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, range, message)
    }

    pub fn warning(code: &'static str, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, range, message)
    }

    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.related.push(Related { range, message: message.into() });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// The same diagnostic with every range moved `by` bytes later, for a document inside a larger file.
    pub fn shifted(mut self, by: usize) -> Self {
        self.range = self.range.shift(by);
        for related in &mut self.related {
            related.range = related.range.shift(by);
        }
        for fix in &mut self.fixes {
            for edit in &mut fix.edits {
                edit.range = edit.range.shift(by);
            }
        }
        self
    }
}
