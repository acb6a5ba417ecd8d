//! The reader's findings as diagnostics: each kind of syntax error gets its code.

use super::{Diagnostic, codes};
use crate::syntax::{Parse, SyntaxError, SyntaxErrorKind};

/// The diagnostic of one syntax error.
pub fn diagnostic(error: &SyntaxError) -> Diagnostic {
    let code = match error.kind {
        SyntaxErrorKind::Invalid => codes::YAML_SYNTAX,
        SyntaxErrorKind::DuplicateKey => codes::DUPLICATE_KEY,
        SyntaxErrorKind::Limit => codes::YAML_LIMIT,
    };
    let diagnostic = Diagnostic::error(code, error.range, error.message.clone());
    match &error.related {
        Some((range, message)) => diagnostic.with_related(*range, message.clone()),
        None => diagnostic,
    }
}

/// The diagnostics of every syntax error of a parse, in the order they were found.
pub fn diagnostics(parse: &Parse) -> Vec<Diagnostic> {
    parse.errors.iter().map(diagnostic).collect()
}
