//! Fixture tests: YAML with the expected diagnostics written as comments under the text they underline.
//!
//! ```yaml
//! spec:
//!   restartPolicy: Sometimes
//! #                ^^^^^^^^^ invalid-value: not a valid restartPolicy
//! ```
//!
//! A comment made only of `#`, spaces and `^`s followed by `code` or `code: text` annotates the nearest line above
//! that is not itself an annotation. The carets mark the columns (in characters) of the expected range; carets right
//! after the `#` mark a range that starts at the `#`'s column instead (`#^^^` is columns 0 to 3). A diagnostic that spans several lines is
//! annotated on its first line, to the end of that line. `text` must occur in the message. Annotations are YAML
//! comments, so the fixture is analysed as written.

use crate::diagnostics::{Diagnostic, Fix};
// Re-exported for the tests of lower layers, which may analyse a whole file only through here.
use crate::ide::analysis::file_diagnostics;
pub use crate::ide::analysis::{AnalysisOptions, analyze_file_with};
use crate::text::{ColumnUnit, LineIndex};

#[derive(Debug, PartialEq, Eq, Clone)]
struct Expected {
    line: usize,
    start_col: usize,
    end_col: usize,
    code: String,
    text: Option<String>,
}

/// The text with every edit of `fix` applied (the edits of one fix never overlap).
pub fn apply_fix(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_owned();
    for edit in edits {
        out.replace_range(edit.range.as_range(), &edit.text);
    }
    out
}

/// Analyses `fixture` and asserts that its diagnostics are exactly the annotated ones.
#[track_caller]
pub fn check(fixture: &str) {
    check_filtered(fixture, |_| true);
}

/// Like [`check`], but considers only the diagnostics `keep` accepts (to focus on one rule among lint noise).
#[track_caller]
pub fn check_filtered(fixture: &str, keep: impl Fn(&Diagnostic) -> bool) {
    check_filtered_with(fixture, &AnalysisOptions::default(), keep);
}

/// Like [`check_filtered`], for a file analysed with `options` (another Kubernetes version, say).
#[track_caller]
pub fn check_filtered_with(fixture: &str, options: &AnalysisOptions, keep: impl Fn(&Diagnostic) -> bool) {
    let diagnostics: Vec<Diagnostic> =
        file_diagnostics(&analyze_file_with(fixture, options)).into_iter().filter(|d| keep(d)).collect();
    check_against(fixture, &diagnostics);
}

/// Asserts that `diagnostics` (with offsets into `fixture`) are exactly the annotated ones.
#[track_caller]
pub fn check_against(fixture: &str, diagnostics: &[Diagnostic]) {
    let expected = annotations(fixture);
    let index = LineIndex::new(fixture);
    let mut actual: Vec<(Expected, String)> = diagnostics
        .iter()
        .map(|d| {
            let start = index.line_col(fixture, d.range.start, ColumnUnit::Utf32);
            let end = index.line_col(fixture, d.range.end, ColumnUnit::Utf32);
            let end_col = if end.line == start.line {
                end.col as usize
            } else {
                let line = index.line_range(fixture, start.line as usize).expect("a diagnostic starts on a line");
                fixture[line.as_range()].trim_end().chars().count()
            };
            let found = Expected {
                line: start.line as usize,
                start_col: start.col as usize,
                end_col,
                code: d.code.to_owned(),
                text: None,
            };
            (found, d.message.clone())
        })
        .collect();
    let mut unmatched = Vec::new();
    for want in &expected {
        let position = actual.iter().position(|(got, message)| {
            got.line == want.line
                && got.start_col == want.start_col
                && got.end_col == want.end_col
                && got.code == want.code
                && want.text.as_ref().is_none_or(|t| message.contains(t.as_str()))
        });
        match position {
            Some(i) => {
                actual.remove(i);
            }
            None => unmatched.push(want.clone()),
        }
    }
    if !unmatched.is_empty() || !actual.is_empty() {
        let render = |e: &Expected, message: Option<&str>| {
            format!(
                "  line {} cols {}..{} {}{}",
                e.line + 1,
                e.start_col,
                e.end_col,
                e.code,
                message.map(|m| format!(": {m}")).unwrap_or_default()
            )
        };
        let missing: Vec<String> = unmatched.iter().map(|e| render(e, e.text.as_deref())).collect();
        let extra: Vec<String> = actual.iter().map(|(e, m)| render(e, Some(m))).collect();
        panic!(
            "diagnostics differ from the annotations\nexpected but not reported:\n{}\nreported but not expected:\n{}",
            missing.join("\n"),
            extra.join("\n")
        );
    }
}

fn annotations(fixture: &str) -> Vec<Expected> {
    let mut out = Vec::new();
    let mut last_content_line = None;
    for (number, line) in fixture.lines().enumerate() {
        match parse_annotation(line) {
            Some((start_col, end_col, rest)) => {
                let target = last_content_line.expect("an annotation needs a line above it");
                let (code, text) = match rest.split_once(':') {
                    Some((code, text)) => (code.trim().to_owned(), Some(text.trim().to_owned())),
                    None => (rest.trim().to_owned(), None),
                };
                out.push(Expected { line: target, start_col, end_col, code, text });
            }
            None => last_content_line = Some(number),
        }
    }
    out
}

/// `#   ^^^ rest` → (first caret column, end column, rest).
fn parse_annotation(line: &str) -> Option<(usize, usize, &str)> {
    let trimmed = line.trim_start();
    let hash_col = line.chars().count() - trimmed.chars().count();
    let after_hash = trimmed.strip_prefix('#')?;
    let markers = after_hash.trim_start_matches(' ');
    if !markers.starts_with('^') {
        return None;
    }
    let carets = markers.chars().take_while(|&c| c == '^').count();
    let rest = &markers[carets..];
    if !rest.starts_with(' ') || rest.trim().is_empty() {
        return None;
    }
    let gap = after_hash.len() - markers.len();
    let (start, end) = if gap == 0 {
        (hash_col, hash_col + carets)
    } else {
        let first = hash_col + 1 + gap;
        (first, first + carets)
    };
    Some((start, end, rest.trim()))
}

/// Splits a fixture with one `$0` cursor marker into the text without it and the cursor's byte offset.
pub fn cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").expect("the fixture has a $0 cursor");
    let mut text = fixture.to_owned();
    text.replace_range(offset..offset + 2, "");
    (text, offset)
}
