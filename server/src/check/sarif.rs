//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! One run; `tool.driver.rules` describes every code podls has (from the engine's code registry), and each
//! result points at the exact range of its diagnostic: one physical location, its URI relative to the repository
//! root (`%SRCROOT%`), a full region in UTF-16 code units (`columnKind`), the related places (the first of two
//! duplicates, …) and a fingerprint that survives edits elsewhere in the file.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Value, json};

use super::report::{FileReport, SourceRoot};
use podls_engine::diagnostics::registry::{self, CodeInfo};
use podls_engine::diagnostics::{DOCS_URL, Diagnostic, Severity, docs_url};
use podls_engine::text::{ColumnUnit, TextRange};

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The key of podls's own entry in `partialFingerprints`; the `/v1` changes when the way it is computed does.
const FINGERPRINT: &str = "podls/v1";

/// The log being written: results are gathered file by file, and the log is written at the end.
pub struct Sarif {
    root: SourceRoot,
    results: Vec<Value>,
}

impl Sarif {
    pub fn new(root: SourceRoot) -> Sarif {
        Sarif { root, results: Vec::new() }
    }

    pub fn add(&mut self, file: &FileReport<'_>) {
        let uri = artifact(&self.root, file);
        let mut seen: HashMap<(&str, u64), u32> = HashMap::new();
        for diagnostic in file.diagnostics {
            let line = line_hash(file, diagnostic.range);
            let occurrence = seen.entry((diagnostic.code, line)).or_default();
            *occurrence += 1;
            let fingerprint = format!("{:016x}:{occurrence}", fingerprint(diagnostic.code, line));
            self.results.push(result(file, &uri, diagnostic, fingerprint));
        }
    }

    /// Writes the whole log. `successful` is false when podls failed on some document (an internal error).
    pub fn finish(self, out: &mut impl Write, successful: bool) -> std::io::Result<()> {
        let root_uri = file_uri(&self.root.dir.to_string_lossy(), true);
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": driver() },
                "originalUriBaseIds": { "%SRCROOT%": { "uri": root_uri } },
                "columnKind": "utf16CodeUnits",
                "invocations": [{ "executionSuccessful": successful }],
                "results": self.results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

fn driver() -> Value {
    let rules: Vec<Value> = registry::all().iter().map(rule).collect();
    json!({
        "name": "podls",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": env!("CARGO_PKG_REPOSITORY"),
        "rules": rules,
    })
}

fn rule(info: &CodeInfo) -> Value {
    let url = docs_url(info.code);
    let description = info.description();
    json!({
        "id": info.code,
        "name": pascal_case(info.code),
        "shortDescription": { "text": info.summary },
        "fullDescription": { "text": description },
        "help": {
            "text": format!("{description}\n\nSee {url}"),
            "markdown": format!("{}\n\n[All diagnostics of podls]({DOCS_URL})", info.markdown()),
        },
        "helpUri": url,
        "defaultConfiguration": { "level": level(info.severity) },
        "properties": { "tags": ["kubernetes", info.group] },
    })
}

fn result(file: &FileReport<'_>, uri: &Value, diagnostic: &Diagnostic, fingerprint: String) -> Value {
    let mut result = json!({
        "ruleId": diagnostic.code,
        "level": level(diagnostic.severity),
        "message": { "text": diagnostic.message },
        "locations": [{ "physicalLocation": physical(file, uri, diagnostic.range) }],
        "partialFingerprints": {
            FINGERPRINT: fingerprint,
        },
    });
    if let Some(index) = registry::all().iter().position(|info| info.code == diagnostic.code) {
        set(&mut result, "ruleIndex", json!(index));
    }
    if !diagnostic.related.is_empty() {
        let related: Vec<Value> = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                json!({
                    "id": id,
                    "message": { "text": related.message },
                    "physicalLocation": physical(file, uri, related.range),
                })
            })
            .collect();
        set(&mut result, "relatedLocations", Value::Array(related));
    }
    result
}

fn physical(file: &FileReport<'_>, uri: &Value, range: TextRange) -> Value {
    let mut exact = region(file, range);
    if let Some(text) = file.text.get(range.as_range()).filter(|text| text.len() <= MAX_SNIPPET) {
        set(&mut exact, "snippet", json!({ "text": text }));
    }
    let mut location = json!({ "artifactLocation": uri, "region": exact });
    // The lines the range is on, so that a viewer without the repository still shows the place.
    let first = file.line_index.line_range(file.text, file.line_index.line_of(range.start));
    let last = file.line_index.line_range(file.text, file.line_index.line_of(range.end));
    if let (Some(first), Some(last)) = (first, last) {
        let lines = TextRange::new(first.start, last.end.max(first.start));
        if let Some(text) = file.text.get(lines.as_range()).filter(|text| text.len() <= MAX_SNIPPET) {
            let mut context = region(file, lines);
            set(&mut context, "snippet", json!({ "text": text }));
            set(&mut location, "contextRegion", context);
        }
    }
    location
}

/// Adds a member to a JSON object (the values here are all objects built with `json!`).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Some(members) = object.as_object_mut() {
        members.insert(key.to_owned(), value);
    }
}

/// Snippets longer than this (a whole minified document, say) are left out: the region still says where.
const MAX_SNIPPET: usize = 2_000;

fn region(file: &FileReport<'_>, range: TextRange) -> Value {
    let start = file.line_col(range.start, ColumnUnit::Utf16);
    let end = file.line_col(range.end, ColumnUnit::Utf16);
    json!({
        "startLine": start.line + 1,
        "startColumn": start.col + 1,
        "endLine": end.line + 1,
        "endColumn": end.col + 1,
    })
}

/// The file's location: relative to `%SRCROOT%` when it lies in it, an absolute `file:` URI otherwise.
fn artifact(root: &SourceRoot, file: &FileReport<'_>) -> Value {
    match file.path {
        None => json!({ "uri": "stdin" }),
        Some(path) => match root.relative(path) {
            Some(relative) => json!({ "uri": percent_encode(&relative), "uriBaseId": "%SRCROOT%" }),
            None => {
                let absolute = path.canonicalize().unwrap_or_else(|_| path.to_owned());
                json!({ "uri": file_uri(&absolute.to_string_lossy(), false) })
            }
        },
    }
}

fn file_uri(path: &str, directory: bool) -> String {
    let path = path.replace('\\', "/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    let trailing = if directory && !path.ends_with('/') { "/" } else { "" };
    format!("file://{slash}{}{trailing}", percent_encode(&path))
}

/// Percent-encodes what a URI path may not hold as it is (RFC 3986 unreserved characters and `/` stay).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// `missing-volume` → `MissingVolume`.
fn pascal_case(code: &str) -> String {
    code.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// A hash of the text of the line a range starts on, white space trimmed: it stays when lines are added or removed
/// elsewhere in the file, or the line is re-indented.
fn line_hash(file: &FileReport<'_>, range: TextRange) -> u64 {
    let line = file.line_index.line_of(range.start);
    let text = file.line_index.line_range(file.text, line).and_then(|r| file.text.get(r.as_range())).unwrap_or("");
    fnv1a(text.trim().as_bytes(), FNV_OFFSET)
}

fn fingerprint(code: &str, line_hash: u64) -> u64 {
    fnv1a(&line_hash.to_le_bytes(), fnv1a(code.as_bytes(), FNV_OFFSET))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_become_rule_names_and_paths_become_uri_references() {
        assert_eq!(pascal_case("missing-volume"), "MissingVolume");
        assert_eq!(pascal_case("yaml-syntax"), "YamlSyntax");
        assert_eq!(percent_encode("pods/a b/é.yaml"), "pods/a%20b/%C3%A9.yaml");
        assert_eq!(file_uri("/work/repo", true), "file:///work/repo/");
        assert_eq!(file_uri("/tmp/x y.yaml", false), "file:///tmp/x%20y.yaml");
    }
}
