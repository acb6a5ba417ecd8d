//! The only conversions between engine values and `ls_types`: byte offsets ⇄ `Position`s in the negotiated encoding,
//! and engine diagnostics and fixes → protocol values (our `to_proto`/`from_proto`).
//!
//! Every conversion clamps: a position past the end of its line or of the document, or inside a character, lands on
//! the nearest boundary before it. None fails and none panics, whatever the client sends.

use std::collections::HashMap;
use std::str::FromStr;

use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeDescription, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostics::{Diagnostic, Fix, Severity};
use crate::document::{Document, PartRef};
use crate::text::{ColumnUnit, LineCol, TextRange};

/// Where every diagnostic code is documented; a code's section is `#<code>`.
pub const DIAGNOSTICS_DOCS: &str = "https://github.com/podls/podls/blob/main/docs/diagnostics.md";

/// The name diagnostics carry as their `source`.
pub const SOURCE: &str = "podls";

fn to_position(line_col: LineCol) -> Position {
    Position::new(line_col.line, line_col.col)
}

/// The `Position` of a file offset.
pub fn position(document: &Document, offset: usize, unit: ColumnUnit) -> Position {
    to_position(document.line_col(offset, unit))
}

/// The `Range` of a file range.
pub fn range(document: &Document, range: TextRange, unit: ColumnUnit) -> Range {
    Range::new(
        position(document, range.start, unit),
        position(document, range.end, unit),
    )
}

/// The `Range` of a range local to one `---` document.
pub fn part_range(part: &PartRef<'_>, local: TextRange, unit: ColumnUnit) -> Range {
    Range::new(
        to_position(part.line_col(local.start, unit)),
        to_position(part.line_col(local.end, unit)),
    )
}

/// The file offset of a `Position`, clamped to the text.
pub fn offset(document: &Document, position: Position, unit: ColumnUnit) -> usize {
    document.offset(
        LineCol {
            line: position.line,
            col: position.character,
        },
        unit,
    )
}

/// The file range of a `Range`, clamped to the text. A range whose end comes before its start is read backwards.
pub fn text_range(document: &Document, range: Range, unit: ColumnUnit) -> TextRange {
    let start = offset(document, range.start, unit);
    let end = offset(document, range.end, unit);
    TextRange::new(start.min(end), start.max(end))
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The documentation link of a diagnostic code.
pub fn code_description(code: &str) -> Option<CodeDescription> {
    Uri::from_str(&format!("{DIAGNOSTICS_DOCS}#{code}"))
        .ok()
        .map(|href| CodeDescription { href })
}

/// An engine diagnostic of one `---` document as a protocol diagnostic.
pub fn diagnostic(
    uri: &Uri,
    part: &PartRef<'_>,
    diagnostic: &Diagnostic,
    unit: ColumnUnit,
) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), part_range(part, related.range, unit)),
            message: related.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: part_range(part, diagnostic.range, unit),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code.to_owned())),
        code_description: code_description(diagnostic.code),
        source: Some(SOURCE.to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A quick fix for `diagnostic` (already converted) as a code action that edits `uri`.
pub fn quick_fix(
    uri: &Uri,
    part: &PartRef<'_>,
    fix: &Fix,
    diagnostic: lsp::Diagnostic,
    unit: ColumnUnit,
) -> CodeAction {
    let edits = fix
        .edits
        .iter()
        .map(|edit| TextEdit::new(part_range(part, edit.range, unit), edit.text.clone()))
        .collect();
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_every_encoding() {
        let document = Document::new("a: 1\n---\nk: 서울😀x\n", 1);
        let x = document.text().find('x').unwrap();
        assert_eq!(
            position(&document, x, ColumnUnit::Utf16),
            Position::new(2, 7)
        );
        assert_eq!(
            position(&document, x, ColumnUnit::Utf8),
            Position::new(2, 13)
        );
        assert_eq!(
            position(&document, x, ColumnUnit::Utf32),
            Position::new(2, 6)
        );
        assert_eq!(offset(&document, Position::new(2, 7), ColumnUnit::Utf16), x);
        assert_eq!(offset(&document, Position::new(2, 13), ColumnUnit::Utf8), x);
    }

    #[test]
    fn bad_positions_are_clamped() {
        let document = Document::new("k: 😀\nz", 1);
        let emoji = 3;
        // Inside the surrogate pair, inside the UTF-8 bytes, past the end of the line, past the last line.
        assert_eq!(
            offset(&document, Position::new(0, 4), ColumnUnit::Utf16),
            emoji
        );
        assert_eq!(
            offset(&document, Position::new(0, 5), ColumnUnit::Utf8),
            emoji
        );
        assert_eq!(
            offset(&document, Position::new(0, 99), ColumnUnit::Utf16),
            7
        );
        assert_eq!(offset(&document, Position::new(7, 3), ColumnUnit::Utf16), 9);
        assert_eq!(
            offset(
                &document,
                Position::new(u32::MAX, u32::MAX),
                ColumnUnit::Utf32
            ),
            9
        );
        let backwards = Range::new(Position::new(1, 1), Position::new(0, 0));
        assert_eq!(
            text_range(&document, backwards, ColumnUnit::Utf16),
            TextRange::new(0, 9)
        );
        assert_eq!(
            position(&document, 999, ColumnUnit::Utf16),
            Position::new(1, 1)
        );
    }
}
