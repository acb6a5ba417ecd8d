//! The only conversions between engine values and `ls_types`: byte offsets ⇄ `Position`s in the negotiated encoding,
//! and engine diagnostics and fixes → protocol values (our `to_proto`/`from_proto`).
//!
//! Every conversion clamps: a position past the end of its line or of the document, or inside a character, lands on
//! the nearest boundary before it. None fails and none panics, whatever the client sends.

use std::collections::HashMap;
use std::str::FromStr;

use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Position, Range, TextEdit, Uri, WorkspaceEdit,
};

use podls_engine::diagnostics::{Diagnostic, Edit, Fix, Severity};
use podls_engine::ide::completion::{CompletionItem, CompletionKind};
use podls_engine::ide::document::{Document, PartRef};
use podls_engine::ide::folding::{FoldingKind, FoldingRange};
use podls_engine::ide::hover::Hover;
use podls_engine::ide::inlay_hints::InlayHint;
use podls_engine::ide::navigation::{Highlight, HighlightKind};
use podls_engine::ide::symbols::{DocumentSymbol, SymbolKind};
use podls_engine::text::{ColumnUnit, LineCol, TextRange};

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
    Range::new(position(document, range.start, unit), position(document, range.end, unit))
}

/// The `Range` of a range local to one `---` document.
pub fn part_range(part: &PartRef<'_>, local: TextRange, unit: ColumnUnit) -> Range {
    Range::new(to_position(part.line_col(local.start, unit)), to_position(part.line_col(local.end, unit)))
}

/// The file offset of a `Position`, clamped to the text.
pub fn offset(document: &Document, position: Position, unit: ColumnUnit) -> usize {
    document.offset(LineCol { line: position.line, col: position.character }, unit)
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
    Uri::from_str(&podls_engine::diagnostics::docs_url(code)).ok().map(|href| CodeDescription { href })
}

/// An engine diagnostic of one `---` document as a protocol diagnostic.
pub fn diagnostic(uri: &Uri, part: &PartRef<'_>, diagnostic: &Diagnostic, unit: ColumnUnit) -> lsp::Diagnostic {
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

/// A diagnostic converted for a document at the top of the file, moved to a document that starts `lines` lower.
pub fn diagnostic_moved_down(diagnostic: &lsp::Diagnostic, lines: u32) -> lsp::Diagnostic {
    let down = |range: Range| {
        Range::new(
            Position::new(range.start.line + lines, range.start.character),
            Position::new(range.end.line + lines, range.end.character),
        )
    };
    let mut moved = diagnostic.clone();
    moved.range = down(moved.range);
    for related in moved.related_information.iter_mut().flatten() {
        related.location.range = down(related.location.range);
    }
    moved
}

/// A quick fix for `diagnostic` (already converted) as a code action that edits `uri`.
pub fn quick_fix(
    uri: &Uri,
    part: &PartRef<'_>,
    fix: &Fix,
    diagnostic: lsp::Diagnostic,
    unit: ColumnUnit,
) -> CodeAction {
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(workspace_edit(uri, part, &fix.edits, unit)),
        ..CodeAction::default()
    }
}

/// Edits of one `---` document (document-local ranges) as one workspace edit of `uri`.
pub fn workspace_edit(uri: &Uri, part: &PartRef<'_>, edits: &[Edit], unit: ColumnUnit) -> WorkspaceEdit {
    let edits = edits.iter().map(|edit| TextEdit::new(part_range(part, edit.range, unit), edit.text.clone())).collect();
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}

/// A range of one `---` document (document-local) as a location in `uri`.
pub fn location(uri: &Uri, part: &PartRef<'_>, local: TextRange, unit: ColumnUnit) -> Location {
    Location::new(uri.clone(), part_range(part, local, unit))
}

/// A highlight of one `---` document (document-local range).
pub fn document_highlight(part: &PartRef<'_>, highlight: Highlight, unit: ColumnUnit) -> lsp::DocumentHighlight {
    let kind = match highlight.kind {
        HighlightKind::Write => lsp::DocumentHighlightKind::WRITE,
        HighlightKind::Read => lsp::DocumentHighlightKind::READ,
    };
    lsp::DocumentHighlight { range: part_range(part, highlight.range, unit), kind: Some(kind) }
}

/// An inlay hint of one `---` document (document-local offset). Hints follow the text they annotate, so they are
/// padded on the left.
pub fn inlay_hint(part: &PartRef<'_>, hint: InlayHint, unit: ColumnUnit, markdown: bool) -> lsp::InlayHint {
    lsp::InlayHint {
        position: to_position(part.line_col(hint.offset, unit)),
        label: lsp::InlayHintLabel::String(hint.label),
        kind: None,
        text_edits: None,
        tooltip: hint.tooltip.map(|tooltip| lsp::InlayHintTooltip::MarkupContent(markup(tooltip, markdown))),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// Markup in the richest format the client reads. Plain-text clients get the markdown source, which reads fine.
pub fn markup(markdown: String, client_reads_markdown: bool) -> lsp::MarkupContent {
    let kind = if client_reads_markdown { lsp::MarkupKind::Markdown } else { lsp::MarkupKind::PlainText };
    lsp::MarkupContent { kind, value: markdown }
}

/// A hover of one `---` document (document-local range).
pub fn hover(part: &PartRef<'_>, hover: Hover, unit: ColumnUnit, markdown: bool) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(markup(hover.markdown, markdown)),
        range: Some(part_range(part, hover.range, unit)),
    }
}

/// A completion item of one `---` document (document-local range). The engine's insertion carries its own
/// indentation, so it is inserted as is; the snippet form is used when the client takes snippets.
pub fn completion_item(
    part: &PartRef<'_>,
    item: CompletionItem,
    unit: ColumnUnit,
    snippets: bool,
    markdown: bool,
) -> lsp::CompletionItem {
    let kind = match item.kind {
        CompletionKind::Key => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Reference => lsp::CompletionItemKind::REFERENCE,
        CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
    };
    let (new_text, format) = match item.snippet {
        Some(snippet) if snippets => (snippet, lsp::InsertTextFormat::SNIPPET),
        _ => (item.insert_text, lsp::InsertTextFormat::PLAIN_TEXT),
    };
    lsp::CompletionItem {
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        documentation: item.documentation.map(|doc| lsp::Documentation::MarkupContent(markup(doc, markdown))),
        sort_text: Some(item.sort_text),
        filter_text: item.filter_text,
        insert_text_format: Some(format),
        insert_text_mode: Some(lsp::InsertTextMode::AS_IS),
        text_edit: Some(lsp::CompletionTextEdit::Edit(TextEdit::new(
            part_range(part, item.replace_range, unit),
            new_text,
        ))),
        ..lsp::CompletionItem::default()
    }
}

pub fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Workload => lsp::SymbolKind::MODULE,
        SymbolKind::Resource => lsp::SymbolKind::OBJECT,
        SymbolKind::Container | SymbolKind::InitContainer | SymbolKind::EphemeralContainer => lsp::SymbolKind::CLASS,
        SymbolKind::Volume => lsp::SymbolKind::FILE,
    }
}

/// An outline entry of one `---` document (document-local ranges), with its children.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written out.
pub fn document_symbol(part: &PartRef<'_>, symbol: DocumentSymbol, unit: ColumnUnit) -> lsp::DocumentSymbol {
    let range = part_range(part, symbol.range, unit);
    // The protocol wants the selection inside the range; the engine's is, but a clamp costs nothing.
    let mut selection = part_range(part, symbol.selection_range, unit);
    if selection.start < range.start || selection.end > range.end {
        selection = Range::new(range.start, range.start);
    }
    let children: Vec<lsp::DocumentSymbol> =
        symbol.children.into_iter().map(|child| document_symbol(part, child, unit)).collect();
    lsp::DocumentSymbol {
        name: if symbol.name.is_empty() { "(unnamed)".to_owned() } else { symbol.name },
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    }
}

/// The outline flattened, for clients without hierarchical symbols: each entry names its parent.
#[allow(deprecated)] // `SymbolInformation::deprecated` must still be written out.
pub fn flatten_symbols(
    uri: &Uri,
    symbols: Vec<lsp::DocumentSymbol>,
    container: Option<&str>,
    out: &mut Vec<lsp::SymbolInformation>,
) {
    for symbol in symbols {
        out.push(lsp::SymbolInformation {
            name: symbol.name.clone(),
            kind: symbol.kind,
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), symbol.range),
            container_name: container.map(str::to_owned),
        });
        flatten_symbols(uri, symbol.children.unwrap_or_default(), Some(&symbol.name), out);
    }
}

/// A folding range of one `---` document (document-local range): the lines it spans. A range ending right after a
/// line break ends on the line before. `None` when it spans a single line.
pub fn folding_range(part: &PartRef<'_>, folding: FoldingRange) -> Option<lsp::FoldingRange> {
    let start = part.line_col(folding.range.start, ColumnUnit::Utf8);
    let end = part.line_col(folding.range.end, ColumnUnit::Utf8);
    let end_line = if end.col == 0 && end.line > start.line { end.line - 1 } else { end.line };
    (end_line > start.line).then(|| lsp::FoldingRange {
        start_line: start.line,
        end_line,
        kind: match folding.kind {
            FoldingKind::Comment => Some(lsp::FoldingRangeKind::Comment),
            FoldingKind::Document => Some(lsp::FoldingRangeKind::Region),
            FoldingKind::Block => None,
        },
        ..lsp::FoldingRange::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_every_encoding() {
        let document = Document::new("a: 1\n---\nk: 서울😀x\n", 1);
        let x = document.text().find('x').unwrap();
        assert_eq!(position(&document, x, ColumnUnit::Utf16), Position::new(2, 7));
        assert_eq!(position(&document, x, ColumnUnit::Utf8), Position::new(2, 13));
        assert_eq!(position(&document, x, ColumnUnit::Utf32), Position::new(2, 6));
        assert_eq!(offset(&document, Position::new(2, 7), ColumnUnit::Utf16), x);
        assert_eq!(offset(&document, Position::new(2, 13), ColumnUnit::Utf8), x);
    }

    #[test]
    fn bad_positions_are_clamped() {
        let document = Document::new("k: 😀\nz", 1);
        let emoji = 3;
        // Inside the surrogate pair, inside the UTF-8 bytes, past the end of the line, past the last line.
        assert_eq!(offset(&document, Position::new(0, 4), ColumnUnit::Utf16), emoji);
        assert_eq!(offset(&document, Position::new(0, 5), ColumnUnit::Utf8), emoji);
        assert_eq!(offset(&document, Position::new(0, 99), ColumnUnit::Utf16), 7);
        assert_eq!(offset(&document, Position::new(7, 3), ColumnUnit::Utf16), 9);
        assert_eq!(offset(&document, Position::new(u32::MAX, u32::MAX), ColumnUnit::Utf32), 9);
        let backwards = Range::new(Position::new(1, 1), Position::new(0, 0));
        assert_eq!(text_range(&document, backwards, ColumnUnit::Utf16), TextRange::new(0, 9));
        assert_eq!(position(&document, 999, ColumnUnit::Utf16), Position::new(1, 1));
    }
}
