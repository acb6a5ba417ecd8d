//! Builds the positioned tree from `saphyr-parser` events. Never fails: broken YAML gives a partial tree and a
//! diagnostic where the problem is.
//!
//! Hostile input is bounded here: nesting deeper than [`MAX_DEPTH`] is cut off, and aliases are copied only while the
//! document stays under [`MAX_NODES`] nodes, so an alias bomb costs a bounded amount of time and memory.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError, Span, Tag};

use super::scalar::{parse_int, resolve_plain};
use super::tree::{Entry, Node, NodeKind, Scalar, ScalarStyle, ScalarValue};
use crate::diagnostics::{Diagnostic, codes};
use crate::text::TextRange;

/// Collections nested deeper than this are not analysed. Real manifests stay under 20 levels.
pub const MAX_DEPTH: usize = 200;
/// The most nodes a document may have, aliases expanded. A Pod has a few hundred; past this the rest of the document
/// is not analysed, so one pathological document cannot make every keystroke slow.
pub const MAX_NODES: usize = 200_000;

/// The result of parsing one document: its tree, if it has any content, and the problems found on the way.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    pub root: Option<Node>,
    pub errors: Vec<Diagnostic>,
}

impl Parse {
    /// Whether the tree stops short of the text: after a syntax error or a limit, a partial tree would be misjudged.
    pub fn is_partial(&self) -> bool {
        self.errors.iter().any(|d| d.code == codes::YAML_SYNTAX || d.code == codes::YAML_LIMIT)
    }
}

/// Parses the text of one YAML document (see [`super::split_documents`]). Ranges are byte offsets into `text`.
pub fn parse(text: &str) -> Parse {
    // The scanner reads a NUL as the end of the input; say so instead of reporting whatever it cut short.
    let nul = text.find('\0');
    let text = &text[..nul.unwrap_or(text.len())];
    let mut builder = Builder::new(text);
    let mut parser = Parser::new_from_str(text).keep_tags(true);
    loop {
        match parser.next_event() {
            None => break,
            Some(Ok((event, span))) => {
                if builder.event(event, span) || builder.over_node_limit(span) {
                    break;
                }
            }
            Some(Err(error)) => {
                builder.syntax_error(&error);
                break;
            }
        }
    }
    let mut parse = builder.finish();
    if let Some(at) = nul {
        parse.errors.push(Diagnostic::error(
            codes::YAML_SYNTAX,
            TextRange::new(at, at + 1),
            "invalid YAML: a NUL character (U+0000) is not allowed; the document is analysed only up to here",
        ));
    }
    parse
}

enum Frame {
    Mapping { start: usize, anchor: usize, entries: Vec<Entry>, key: Option<Node>, merges: Vec<Node> },
    Sequence { start: usize, anchor: usize, items: Vec<Node> },
}

struct Builder<'t> {
    text: &'t str,
    positions: CharToByte<'t>,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Completed anchored nodes by anchor id.
    anchors: HashMap<usize, Node>,
    nodes: usize,
    /// Depth of collections being skipped below [`MAX_DEPTH`].
    skipping: usize,
    /// The end of the last node completed, for closing collections cut short by an error.
    last_end: usize,
    errors: Vec<Diagnostic>,
    documents_seen: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            text,
            positions: CharToByte::new(text),
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            nodes: 0,
            skipping: 0,
            last_end: 0,
            errors: Vec::new(),
            documents_seen: 0,
        }
    }

    fn range(&mut self, span: Span) -> TextRange {
        let start = self.positions.byte(span.start.index());
        let end = self.positions.byte(span.end.index());
        TextRange::new(start, end.max(start))
    }

    /// Handles one event; returns true when the rest of the stream must be ignored.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        if self.skipping > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.skipping += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    self.skipping -= 1;
                    if self.skipping == 0 {
                        let at = self.range(span);
                        self.value(null_node(TextRange::empty(at.end)), 0);
                    }
                }
                _ => {}
            }
            return false;
        }
        match event {
            Event::DocumentStart(_) => {
                self.documents_seen += 1;
                // A second document inside one split part can only come from markers not at column 0; the splitter
                // owns document boundaries, so anything after the first document is ignored.
                return self.documents_seen > 1;
            }
            Event::Scalar(value, style, anchor, tag) => {
                let range = self.range(span);
                let node = self.scalar(value, style, tag.as_deref(), range);
                self.value(node, anchor);
            }
            Event::Alias(id) => {
                let range = self.range(span);
                let node = self.alias(id, range);
                self.value(node, 0);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) if self.stack.len() >= MAX_DEPTH => {
                let _ = anchor;
                let range = self.range(span);
                self.errors.push(Diagnostic::error(
                    codes::YAML_LIMIT,
                    range,
                    format!("nesting deeper than {MAX_DEPTH} levels is not analysed"),
                ));
                self.skipping = 1;
            }
            Event::MappingStart(anchor, _) => {
                let start = self.range(span).start;
                self.stack.push(Frame::Mapping { start, anchor, entries: Vec::new(), key: None, merges: Vec::new() });
            }
            Event::SequenceStart(anchor, _) => {
                let start = self.range(span).start;
                self.stack.push(Frame::Sequence { start, anchor, items: Vec::new() });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                // A flow collection ends at its closing bracket; a block one at its last child.
                let close = self.range(span);
                let end = if close.is_empty() { None } else { Some(flow_close_end(self.text, close)) };
                self.close_frame(end);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        false
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: saphyr_parser::ScalarStyle,
        tag: Option<&Tag>,
        range: TextRange,
    ) -> Node {
        let style = match style {
            saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
            saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
            saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
        };
        let text = value.into_owned();
        let resolved = match tag.filter(|t| t.is_yaml_core_schema()).map(|t| t.suffix.as_str()) {
            Some("str") => ScalarValue::String(text.clone()),
            Some("int") => parse_int(&text).map_or_else(|| ScalarValue::String(text.clone()), ScalarValue::Int),
            Some("null") => ScalarValue::Null,
            Some("bool" | "float") => resolve_plain(&text),
            _ if style == ScalarStyle::Plain && tag.is_none() => resolve_plain(&text),
            _ => ScalarValue::String(text.clone()),
        };
        let range = match style {
            // A block scalar's span runs on over the line breaks and indentation that follow its content.
            ScalarStyle::Literal | ScalarStyle::Folded => trim_trailing_space(self.text, range),
            _ => range,
        };
        Node { range, kind: NodeKind::Scalar(Scalar { value: resolved, text, style }) }
    }

    /// Reports, once, that the document has more nodes than [`MAX_NODES`]; the caller stops reading it.
    fn over_node_limit(&mut self, span: Span) -> bool {
        if self.nodes <= MAX_NODES {
            return false;
        }
        let range = self.range(span);
        if !self.errors.iter().any(|d| d.code == codes::YAML_LIMIT) {
            self.errors.push(Diagnostic::error(
                codes::YAML_LIMIT,
                range,
                format!("this document has more than {MAX_NODES} nodes; the rest of it is not analysed"),
            ));
        }
        true
    }

    fn alias(&mut self, id: usize, range: TextRange) -> Node {
        let Some(target) = self.anchors.get(&id) else {
            self.errors.push(Diagnostic::error(
                codes::YAML_SYNTAX,
                range,
                "this alias refers to a node that contains it; recursive aliases are not supported",
            ));
            return null_node(range);
        };
        let count = target.node_count();
        if self.nodes + count > MAX_NODES {
            if !self.errors.iter().any(|d| d.code == codes::YAML_LIMIT) {
                self.errors.push(Diagnostic::error(
                    codes::YAML_LIMIT,
                    range,
                    format!(
                        "aliases expand this document past {MAX_NODES} nodes; the rest of its aliases are not expanded"
                    ),
                ));
            }
            return null_node(range);
        }
        self.nodes += count - 1;
        let mut node = target.clone();
        node.range = range;
        node
    }

    /// Adds a completed node to the collection being built, or makes it the root.
    fn value(&mut self, node: Node, anchor: usize) {
        self.nodes += 1;
        self.last_end = self.last_end.max(node.range.end);
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { entries, key, merges, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    let is_merge =
                        matches!(&k.kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Plain && s.text == "<<");
                    if is_merge {
                        merges.push(node);
                    } else {
                        let value = place_empty_value(node, &k);
                        entries.push(Entry { key: k, value, merged: false });
                    }
                }
            },
        }
    }

    fn close_frame(&mut self, flow_end: Option<usize>) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let node = match frame {
            Frame::Sequence { start, anchor, items } => {
                let end = flow_end.unwrap_or_else(|| items.last().map_or(start, |n| n.range.end));
                (Node { range: TextRange::new(start, end.max(start)), kind: NodeKind::Sequence(items) }, anchor)
            }
            Frame::Mapping { start, anchor, mut entries, key, merges } => {
                if let Some(key) = key {
                    let at = TextRange::empty(key.range.end);
                    entries.push(Entry { key, value: null_node(at), merged: false });
                }
                self.report_duplicates(&entries);
                merge_into(&mut entries, merges);
                let last = entries.iter().filter(|e| !e.merged).map(|e| e.range().end).max();
                let end = flow_end.unwrap_or_else(|| last.unwrap_or(start));
                (Node { range: TextRange::new(start, end.max(start)), kind: NodeKind::Mapping(entries) }, anchor)
            }
        };
        // The collection was counted as a node when it completed, like a scalar.
        self.value(node.0, node.1);
    }

    fn report_duplicates(&mut self, entries: &[Entry]) {
        let mut first_seen: HashMap<&str, &Entry> = HashMap::with_capacity(entries.len());
        for entry in entries {
            let Some(key) = entry.key_str() else { continue };
            if let Some(first) = first_seen.get(key) {
                self.errors.push(
                    Diagnostic::error(
                        codes::DUPLICATE_KEY,
                        entry.key.range,
                        format!(
                            "duplicate key `{key}`: only the last value would be used, and the API server rejects it"
                        ),
                    )
                    .with_related(first.key.range, format!("`{key}` is first set here")),
                );
            } else {
                first_seen.insert(key, entry);
            }
        }
    }

    fn syntax_error(&mut self, error: &ScanError) {
        let at = self.positions.byte(error.marker().index()).min(self.text.len());
        if error.info().contains("recursion limit") {
            let end = at + self.text[at..].chars().next().map_or(0, char::len_utf8);
            self.errors.push(Diagnostic::error(
                codes::YAML_LIMIT,
                TextRange::new(at, end),
                "nesting this deep is not analysed; the rest of this document is skipped",
            ));
            return;
        }
        let range = syntax_error_range(self.text, error.info(), at);
        let line_start = self.text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let message = if missing_colon(self.text, error.info(), line_start) && range.end <= line_start {
            format!("invalid YAML: this line needs a `:` after its key ({})", error.info())
        } else if error.info().contains("mapping values are not allowed") && is_long_key(&self.text[line_start..at]) {
            format!(
                "invalid YAML: a key written on its line may be at most {MAX_IMPLICIT_KEY} characters; write a longer \
                 one as an explicit key, `? key` with `: value` on the next line ({})",
                error.info()
            )
        } else {
            describe_scan_error(error.info())
        };
        self.errors.push(Diagnostic::error(codes::YAML_SYNTAX, range, message));
    }

    fn finish(mut self) -> Parse {
        // Close what an error left open, so the partial tree keeps everything read so far.
        while !self.stack.is_empty() {
            let end = self.last_end;
            self.close_frame(Some(end));
        }
        Parse { root: self.root, errors: self.errors }
    }
}

fn null_node(range: TextRange) -> Node {
    Node {
        range,
        kind: NodeKind::Scalar(Scalar { value: ScalarValue::Null, text: String::new(), style: ScalarStyle::Plain }),
    }
}

/// saphyr places an absent value at the next token, possibly lines below; it belongs right after its key.
fn place_empty_value(mut value: Node, key: &Node) -> Node {
    if let NodeKind::Scalar(Scalar { text, style: ScalarStyle::Plain, .. }) = &value.kind
        && text.is_empty()
    {
        value.range = TextRange::empty(key.range.end);
    }
    value
}

/// Adds the entries of merged mappings (`<<: *base` or `<<: [*a, *b]`) that the mapping does not set itself; among
/// merged mappings the first one listed wins.
fn merge_into(entries: &mut Vec<Entry>, merges: Vec<Node>) {
    for merge in merges {
        let sources: Vec<Node> = match merge.kind {
            NodeKind::Sequence(items) => items,
            _ => vec![merge],
        };
        for source in sources {
            let NodeKind::Mapping(merged) = source.kind else {
                continue;
            };
            for mut entry in merged {
                let key = entry.key_str();
                if key.is_some() && entries.iter().any(|e| e.key_str() == key) {
                    continue;
                }
                entry.merged = true;
                entries.push(entry);
            }
        }
    }
}

/// The end of a flow collection's closing bracket. After a trailing comma (`{a: 1,}`) the parser's span is the comma.
fn flow_close_end(text: &str, close: TextRange) -> usize {
    let bytes = text.as_bytes();
    if matches!(bytes.get(close.start), Some(b'}' | b']')) {
        return close.end;
    }
    let mut i = close.end;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'}' | b']' => return i + 1,
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ => break,
        }
    }
    close.end
}

fn trim_trailing_space(text: &str, range: TextRange) -> TextRange {
    let trimmed = text[range.as_range()].trim_end_matches([' ', '\t', '\n', '\r']);
    TextRange::new(range.start, range.start + trimmed.len())
}

/// YAML's limit on the length of an implicit (`key: value`) key, which libyaml and kubectl enforce too.
const MAX_IMPLICIT_KEY: usize = 1024;

/// Whether the text before a `:` the scanner rejected is a key too long to be implicit.
fn is_long_key(before_colon: &str) -> bool {
    let key = before_colon.trim_start().trim_start_matches("- ");
    // A `: ` earlier on the line means the rejected colon sits in a value, not after a key.
    !key.contains(": ") && key.chars().count() > MAX_IMPLICIT_KEY
}

/// Whether the scanner's error comes from a key written without its colon on the line before `line_start`.
fn missing_colon(text: &str, info: &str, line_start: usize) -> bool {
    if info.contains("expect ':'") || info.contains("expected ':'") {
        return true;
    }
    // A bare word on the line above turns into a multi-line scalar, and the scanner only fails at the next key.
    let misaligned = info.contains("did not find expected key") || info.contains("mapping values are not allowed");
    misaligned
        && last_content_before(text, line_start).is_some_and(|previous| {
            let line = &text[previous.as_range()];
            !line.contains(':') && !line.starts_with(['-', '#', '[', '{', '"', '\'', '|', '>', '&', '*', '!'])
        })
}

/// Where to underline a syntax error the scanner found at `at`.
fn syntax_error_range(text: &str, info: &str, at: usize) -> TextRange {
    let at = at.min(text.len());
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if info.contains("tab") {
        let indent = text[line_start..].len() - text[line_start..].trim_start_matches([' ', '\t']).len();
        if text[line_start..line_start + indent].contains('\t') {
            return TextRange::new(line_start, line_start + indent);
        }
    }
    let at_line_start = text[line_start..at].trim().is_empty();
    // A key without its colon is only noticed at the next token, often on a later line: the mistake is the last
    // content before it.
    if (at >= text.len() || (missing_colon(text, info, line_start) && at_line_start))
        && let Some(previous) = last_content_before(text, line_start.min(at))
    {
        return previous;
    }
    let bytes = text.as_bytes();
    let mut end = at;
    while end < bytes.len() && !matches!(bytes[end], b'\n' | b'\r' | b' ') {
        end += 1;
    }
    if end == at && at < bytes.len() {
        end = crate::text::floor_char_boundary(text, (at + 1).min(bytes.len()));
        if end == at {
            end = at + text[at..].chars().next().map_or(0, char::len_utf8);
        }
    }
    TextRange::new(at, end)
}

/// Rewords the scanner's messages for people writing manifests; the scanner's own words stay in parentheses.
fn describe_scan_error(info: &str) -> String {
    let plain = if info.contains("tab") {
        "tabs are not allowed for indentation in YAML; indent with spaces"
    } else if info.contains("expect ':'") || info.contains("expected ':'") {
        "this line needs a `:` after its key"
    } else if info.contains("mapping values are not allowed") {
        "unexpected `:`; indent this line under a key, or quote a value that contains `: `"
    } else if info.contains("did not find expected key") {
        "this line is not aligned with the keys above it; check its indentation"
    } else if info.contains("flow sequence") || info.contains("flow mapping") {
        "this `[`…`]` or `{`…`}` is not closed properly"
    } else if info.contains("quoted scalar") {
        "this quoted string is not closed, or its continuation lines are not indented"
    } else {
        "the YAML here cannot be read"
    };
    format!("invalid YAML: {plain} ({info})")
}

/// Converts the parser's character indices to byte offsets. Events arrive nearly in order, so a moving cursor is
/// cheaper than a table, and ASCII text needs no conversion at all.
struct CharToByte<'t> {
    text: &'t str,
    ascii: bool,
    char_index: usize,
    byte_index: usize,
}

impl<'t> CharToByte<'t> {
    fn new(text: &'t str) -> Self {
        CharToByte { text, ascii: text.is_ascii(), char_index: 0, byte_index: 0 }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        while self.char_index < char_index && self.byte_index < self.text.len() {
            let ch =
                self.text[self.byte_index..].chars().next().expect("byte_index is a char boundary inside the text");
            self.byte_index += ch.len_utf8();
            self.char_index += 1;
        }
        while self.char_index > char_index {
            let ch = self.text[..self.byte_index].chars().next_back().expect("char_index > 0 means a char before");
            self.byte_index -= ch.len_utf8();
            self.char_index -= 1;
        }
        self.byte_index
    }
}

/// The trimmed content of the last line before `before` that has any (comments excluded).
fn last_content_before(text: &str, before: usize) -> Option<TextRange> {
    let mut end = before;
    loop {
        let head = text[..end].trim_end_matches(['\n', '\r']);
        if head.is_empty() {
            return None;
        }
        let start = head.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = &text[start..head.len()];
        let content = line.split(" #").next().unwrap_or(line).trim_end();
        let indent = content.len() - content.trim_start().len();
        if !content.trim_start().is_empty() && !content.trim_start().starts_with('#') {
            return Some(TextRange::new(start + indent, start + content.len()));
        }
        end = start;
    }
}
