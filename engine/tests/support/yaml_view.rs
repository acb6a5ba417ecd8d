//! Our YAML layer's reading of a file, as JSON, for comparing with libyaml's (PyYAML's) reading of the same file:
//! `scripts/yaml-diff` compares it live, and `tests/yaml_edge_cases.rs` checks it against the committed snapshots.

use podls_engine::syntax::{SyntaxErrorKind, parse, split_documents};
use podls_engine::text::LineIndex;
use serde_json::{Value, json};

/// Each `---` document of `text`: its lines (0-based, end exclusive), where its content starts, the value kubectl
/// would send (when it has content and reads without a syntax error) and its first syntax error.
pub fn view(text: &str) -> Value {
    let lines = LineIndex::new(text);
    let parts: Vec<Value> = split_documents(text)
        .into_iter()
        .map(|part| {
            let body = text.get(part.as_range()).unwrap_or("");
            let parse = parse(body);
            let error = parse
                .errors
                .iter()
                .find(|e| e.kind == SyntaxErrorKind::Invalid)
                .map(|d| json!({ "line": lines.line_of(part.start + d.range.start), "message": d.message }));
            let root = parse.root.as_ref();
            json!({
                "lines": [lines.line_of(part.start), lines.line_of(part.end.max(part.start + 1) - 1) + 1],
                "content_line": root.map(|r| lines.line_of(part.start + r.range.start)),
                "value": if error.is_none() { root.map(|r| r.to_json()) } else { None },
                "error": error,
            })
        })
        .collect();
    json!({ "documents": parts })
}
