//! What the server offers (`ServerCapabilities`) and what it takes from the client's capabilities: the position
//! encoding, and the few client features that change the shape of an answer.

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    FoldingRangeProviderCapability, HoverProviderCapability, MarkupKind, OneOf, PositionEncodingKind, RenameOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    WorkDoneProgressOptions,
};

use podls_engine::text::ColumnUnit;

/// The client features an answer depends on, read once in `initialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientFeatures {
    /// How `Position.character` counts.
    pub unit: ColumnUnit,
    /// Whether completion items may be snippets.
    pub snippets: bool,
    /// Whether hover and completion documentation may be markdown.
    pub markdown: bool,
    /// Whether the outline may be hierarchical (`DocumentSymbol[]` rather than `SymbolInformation[]`).
    pub hierarchical_symbols: bool,
    /// Whether settings can be pulled with `workspace/configuration`.
    pub pull_configuration: bool,
    /// Whether the client asks `textDocument/prepareRename` before a rename.
    pub prepare_rename: bool,
    /// Whether the client takes `workspace/inlayHint/refresh`, sent when the inlay hint setting changes.
    pub inlay_hint_refresh: bool,
    /// Whether the client watches files the server registers for (`workspace/didChangeWatchedFiles`).
    pub watch_files: bool,
}

impl Default for ClientFeatures {
    /// A client that said nothing: UTF-16 (the protocol's default), plain text, flat symbols.
    fn default() -> Self {
        ClientFeatures {
            unit: ColumnUnit::Utf16,
            snippets: false,
            markdown: false,
            hierarchical_symbols: false,
            pull_configuration: false,
            prepare_rename: false,
            inlay_hint_refresh: false,
            watch_files: false,
        }
    }
}

impl ClientFeatures {
    pub fn from_capabilities(capabilities: &ClientCapabilities) -> ClientFeatures {
        let text_document = capabilities.text_document.as_ref();
        let snippets = text_document
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let markdown = text_document
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|formats| formats.contains(&MarkupKind::Markdown));
        let pull_configuration = capabilities.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        let hierarchical_symbols = text_document
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|s| s.hierarchical_document_symbol_support)
            .unwrap_or(false);
        let prepare_rename =
            text_document.and_then(|t| t.rename.as_ref()).and_then(|r| r.prepare_support).unwrap_or(false);
        let inlay_hint_refresh = capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|i| i.refresh_support)
            .unwrap_or(false);
        let watch_files = capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        ClientFeatures {
            unit: negotiate_encoding(capabilities),
            snippets,
            markdown,
            hierarchical_symbols,
            pull_configuration,
            prepare_rename,
            inlay_hint_refresh,
            watch_files,
        }
    }
}

/// The position encoding to use: UTF-8 when the client offers it (no conversion at all), else UTF-32, else the
/// mandatory UTF-16.
pub fn negotiate_encoding(capabilities: &ClientCapabilities) -> ColumnUnit {
    let offered = capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()).unwrap_or_default();
    if offered.contains(&PositionEncodingKind::UTF8) {
        ColumnUnit::Utf8
    } else if offered.contains(&PositionEncodingKind::UTF32) {
        ColumnUnit::Utf32
    } else {
        ColumnUnit::Utf16
    }
}

pub fn encoding_kind(unit: ColumnUnit) -> PositionEncodingKind {
    match unit {
        ColumnUnit::Utf8 => PositionEncodingKind::UTF8,
        ColumnUnit::Utf16 => PositionEncodingKind::UTF16,
        ColumnUnit::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// Everything the server offers. A feature is advertised only once its engine exists.
pub fn server_capabilities(features: &ClientFeatures) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding_kind(features.unit)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            ..TextDocumentSyncOptions::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            // After `key:` comes a value, after `- ` a new item's fields.
            trigger_characters: Some(vec![":".to_owned(), " ".to_owned(), "-".to_owned()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        // `prepareProvider` may only be sent to a client that said it asks `prepareRename`.
        rename_provider: Some(if features.prepare_rename {
            OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        } else {
            OneOf::Left(true)
        }),
        // Always offered; the answer is empty until the `inlayHints.enabled` setting turns the hints on.
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}
