//! Builds the positioned tree from libyaml's events (see [`super::events`]): go-yaml, and so kubectl, is a port of
//! libyaml, so what kubectl reads this reads, and what it rejects is a syntax error here. Never fails: broken YAML
//! gives a partial tree and a diagnostic where the problem is.
//!
//! Hostile input is bounded here: nesting deeper than [`MAX_DEPTH`] ends the document, and aliases are copied only while the
//! document stays under [`MAX_NODES`] nodes, so an alias bomb costs a bounded amount of time and memory.

use std::collections::{HashMap, HashSet};

use super::events::{self, Event, EventKind, Events, Style};

use super::scalar::{parse_int, resolve_plain};
use super::tree::{Entry, Node, NodeKind, Scalar, ScalarStyle, ScalarValue};
use crate::text::{TextRange, floor_char_boundary};

/// Collections nested deeper than this are not analysed. Real manifests stay under 20 levels.
pub const MAX_DEPTH: usize = 200;
/// The most nodes a document may have, aliases expanded. A Pod has a few hundred; past this the rest of the document
/// is not analysed, so one pathological document cannot make every keystroke slow.
pub const MAX_NODES: usize = 200_000;

/// The prefix of the YAML core schema's tags (`!!str` is `tag:yaml.org,2002:str`).
const CORE_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// The result of parsing one document: its tree, if it has any content, and the problems found on the way.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    pub root: Option<Node>,
    pub errors: Vec<SyntaxError>,
}

impl Parse {
    /// Whether the tree stops short of the text: after a syntax error or a limit, a partial tree would be misjudged.
    pub fn is_partial(&self) -> bool {
        self.errors.iter().any(|e| matches!(e.kind, SyntaxErrorKind::Invalid | SyntaxErrorKind::Limit))
    }
}

/// What kind of problem reading a document found; the diagnostics layer gives each its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// Not YAML, as kubectl's reader sees it.
    Invalid,
    /// A mapping sets a key twice.
    DuplicateKey,
    /// A limit on hostile input (depth, nodes) cut the document short.
    Limit,
}

/// A problem found while reading a document, said in words: what YAML means is this layer's knowledge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub range: TextRange,
    pub message: String,
    /// Another place that explains it (where a duplicated key was first set), with what to say there.
    pub related: Option<(TextRange, String)>,
}

impl SyntaxError {
    fn new(kind: SyntaxErrorKind, range: TextRange, message: impl Into<String>) -> Self {
        SyntaxError { kind, range, message: message.into(), related: None }
    }
}

/// Parses the text of one YAML document (see [`super::split_documents`]). Ranges are byte offsets into `text`.
pub fn parse(text: &str) -> Parse {
    // libyaml refuses a stream with a control character anywhere in it, without saying where; stop there and say so.
    let forbidden = first_unprintable(text);
    let readable = forbidden.map_or(text, |(at, _)| text.get(..at).unwrap_or(text));
    let mut builder = Builder::new(readable);
    let mut events = Events::new(readable);
    while let Some(event) = events.next_event() {
        match event {
            Ok(event) => {
                if builder.event(event) || builder.over_node_limit() {
                    break;
                }
            }
            Err(error) => builder.syntax_error(&error),
        }
    }
    let mut parse = builder.finish();
    if let Some((at, c)) = forbidden {
        let range = TextRange::new(at, at + c.len_utf8());
        let message = if c == '\0' {
            "invalid YAML: a NUL character (U+0000) is not allowed; the document is analysed only up to here".to_owned()
        } else {
            format!(
                "invalid YAML: the control character U+{:04X} is not allowed (write it as an escape in a \
                 double-quoted string); the document is analysed only up to here",
                u32::from(c)
            )
        };
        parse.errors.push(SyntaxError::new(SyntaxErrorKind::Invalid, range, message));
    }
    parse
}

/// The first character YAML does not allow in a stream, and where it is.
fn first_unprintable(text: &str) -> Option<(usize, char)> {
    // Manifests are mostly ASCII: bytes are cheaper to judge than characters, which are decoded only from the first
    // byte that is not printable ASCII (a character boundary, since every byte before it is ASCII).
    let ascii = text.bytes().position(|b| !matches!(b, b'\t' | b'\n' | b'\r' | b' '..=b'~')).unwrap_or(text.len());
    let rest = text.get(ascii..).unwrap_or_default();
    rest.char_indices().find(|&(_, c)| !is_yaml_printable(c)).map(|(at, c)| (ascii + at, c))
}

/// The characters YAML (and libyaml's reader) allow in a stream: tab, line breaks and printable Unicode.
pub(super) fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

enum Frame {
    Mapping {
        start: usize,
        flow: bool,
        anchor: Option<String>,
        entries: Vec<Entry>,
        key: Option<Node>,
        merges: Vec<Node>,
    },
    Sequence {
        start: usize,
        flow: bool,
        anchor: Option<String>,
        items: Vec<Node>,
    },
}

impl Frame {
    fn anchor(&self) -> Option<&str> {
        match self {
            Frame::Mapping { anchor, .. } | Frame::Sequence { anchor, .. } => anchor.as_deref(),
        }
    }

    /// The start of a `[` or `{` collection.
    fn flow_start(&self) -> Option<usize> {
        match self {
            Frame::Mapping { start, flow: true, .. } | Frame::Sequence { start, flow: true, .. } => Some(*start),
            _ => None,
        }
    }

    /// Forgets what starts at or after `from`.
    fn truncate(&mut self, from: usize) {
        match self {
            Frame::Mapping { entries, key, merges, .. } => {
                entries.retain(|e| e.key.range.start < from);
                merges.retain(|m| m.range.start < from);
                key.take_if(|k| k.range.start >= from);
            }
            Frame::Sequence { items, .. } => items.retain(|n| n.range.start < from),
        }
    }
}

struct Builder<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Completed anchored nodes by anchor name; a later anchor of the same name replaces an earlier one.
    anchors: HashMap<String, Node>,
    nodes: usize,
    /// The end of the last node completed, for closing collections cut short by an error.
    last_end: usize,
    /// Where the last event ended, for placing a limit's diagnostic.
    last_event: TextRange,
    errors: Vec<SyntaxError>,
    /// Whether libyaml gave up on the document, leaving collections open.
    failed: bool,
    documents_seen: usize,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            text,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            nodes: 0,
            last_end: 0,
            last_event: TextRange::empty(0),
            errors: Vec::new(),
            failed: false,
            documents_seen: 0,
        }
    }

    /// A libyaml offset into the text. libyaml counts bytes and may point past the end; clamping keeps it inside.
    fn offset(&self, offset: usize) -> usize {
        floor_char_boundary(self.text, offset)
    }

    fn range(&self, event: &Event) -> TextRange {
        let start = self.offset(event.start);
        let end = self.offset(event.end);
        TextRange::new(start, end.max(start))
    }

    /// Handles one event; returns true when the rest of the stream must be ignored.
    fn event(&mut self, event: Event) -> bool {
        let range = self.range(&event);
        self.last_event = range;
        match event.kind {
            EventKind::DocumentStart => {
                self.documents_seen += 1;
                // A second document inside one split part can only come from markers not at column 0; the splitter
                // owns document boundaries, so anything after the first document is ignored.
                return self.documents_seen > 1;
            }
            EventKind::Scalar { anchor, tag, value, style } => {
                // libyaml's scalar starts at its anchor or tag; the node is the scalar's own text, so that an edit of
                // the value (a rename) keeps them.
                let range = if anchor.is_some() || tag.is_some() { past_properties(self.text, range) } else { range };
                let node = self.scalar(value, style, tag.as_deref(), range);
                self.value(node, anchor);
            }
            EventKind::Alias { anchor } => {
                let node = self.alias(&anchor, range);
                self.value(node, None);
            }
            EventKind::MappingStart { .. } | EventKind::SequenceStart { .. } if self.stack.len() >= MAX_DEPTH => {
                self.errors.push(SyntaxError::new(
                    SyntaxErrorKind::Limit,
                    range,
                    format!(
                        "nesting deeper than {MAX_DEPTH} levels is not analysed; the rest of this document is skipped"
                    ),
                ));
                // libyaml's cost per token grows with the nesting depth, so reading on would cost the square of it.
                return true;
            }
            EventKind::MappingStart { anchor, flow } => {
                self.stack.push(Frame::Mapping {
                    start: range.start,
                    flow,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                    merges: Vec::new(),
                });
            }
            EventKind::SequenceStart { anchor, flow } => {
                self.stack.push(Frame::Sequence { start: range.start, flow, anchor, items: Vec::new() });
            }
            EventKind::MappingEnd | EventKind::SequenceEnd => {
                // A flow collection ends at its closing bracket; a block one at its last child.
                let end = if range.is_empty() { None } else { Some(flow_close_end(self.text, range)) };
                self.close_frame(end);
            }
            EventKind::StreamStart | EventKind::StreamEnd | EventKind::DocumentEnd => {}
        }
        false
    }

    fn scalar(&mut self, text: String, style: Style, tag: Option<&str>, range: TextRange) -> Node {
        let style = match style {
            Style::Plain => ScalarStyle::Plain,
            Style::SingleQuoted => ScalarStyle::SingleQuoted,
            Style::DoubleQuoted => ScalarStyle::DoubleQuoted,
            Style::Literal => ScalarStyle::Literal,
            Style::Folded => ScalarStyle::Folded,
        };
        let resolved = match tag.and_then(|t| t.strip_prefix(CORE_TAG_PREFIX)) {
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
    fn over_node_limit(&mut self) -> bool {
        if self.nodes <= MAX_NODES {
            return false;
        }
        if !self.errors.iter().any(|e| e.kind == SyntaxErrorKind::Limit) {
            self.errors.push(SyntaxError::new(
                SyntaxErrorKind::Limit,
                self.last_event,
                format!("this document has more than {MAX_NODES} nodes; the rest of it is not analysed"),
            ));
        }
        true
    }

    fn alias(&mut self, name: &str, range: TextRange) -> Node {
        let Some(target) = self.anchors.get(name) else {
            // go-yaml's two errors: the anchor's node is still open (it would contain itself), or there is none.
            let message = if self.stack.iter().any(|frame| frame.anchor() == Some(name)) {
                format!(
                    "invalid YAML: the alias `*{name}` is inside the node it refers to; recursive aliases are not supported"
                )
            } else {
                format!("invalid YAML: no anchor `&{name}` is defined before this alias")
            };
            self.errors.push(SyntaxError::new(SyntaxErrorKind::Invalid, range, message));
            return null_node(range);
        };
        let count = target.node_count();
        if self.nodes + count > MAX_NODES {
            if !self.errors.iter().any(|e| e.kind == SyntaxErrorKind::Limit) {
                self.errors.push(SyntaxError::new(
                    SyntaxErrorKind::Limit,
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
    fn value(&mut self, node: Node, anchor: Option<String>) {
        self.nodes += 1;
        self.last_end = self.last_end.max(node.range.end);
        if let Some(anchor) = anchor {
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
                        entries.push(Entry { key: k, value, merged: false, shadowed: false });
                    }
                }
            },
        }
    }

    fn close_frame(&mut self, flow_end: Option<usize>) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (node, anchor) = match frame {
            Frame::Sequence { start, anchor, items, .. } => {
                let end = flow_end.unwrap_or_else(|| items.last().map_or(start, |n| n.range.end));
                (Node { range: TextRange::new(start, end.max(start)), kind: NodeKind::Sequence(items) }, anchor)
            }
            Frame::Mapping { start, anchor, mut entries, key, merges, .. } => {
                if let Some(key) = key {
                    let at = TextRange::empty(key.range.end);
                    entries.push(Entry { key, value: null_node(at), merged: false, shadowed: false });
                }
                self.report_duplicates(&mut entries);
                merge_into(&mut entries, merges);
                let last = entries.iter().filter(|e| !e.merged).map(|e| e.range().end).max();
                let end = flow_end.unwrap_or_else(|| last.unwrap_or(start));
                (Node { range: TextRange::new(start, end.max(start)), kind: NodeKind::Mapping(entries) }, anchor)
            }
        };
        // The collection was counted as a node when it completed, like a scalar.
        self.value(node, anchor);
    }

    /// Reports each repeated key, and marks every entry a later one of the same key shadows.
    fn report_duplicates(&mut self, entries: &mut [Entry]) {
        // Most mappings have a handful of keys: comparing them all costs less than hashing them into a new map.
        const COMPARED: usize = 8;
        let compared = entries.len() <= COMPARED;
        // Per key: its first entry, for the message, and its latest, which the next repeat shadows.
        let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut shadowed = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let Some(key) = entry.key_str() else { continue };
            let earlier = if compared {
                let mut same = (0..index).filter(|&i| entries.get(i).and_then(Entry::key_str) == Some(key));
                same.next().map(|first| (first, same.next_back().unwrap_or(first)))
            } else {
                match seen.get_mut(key) {
                    Some(slot) => {
                        let earlier = *slot;
                        slot.1 = index;
                        Some(earlier)
                    }
                    None => {
                        seen.insert(key, (index, index));
                        None
                    }
                }
            };
            if let Some((first, latest)) = earlier {
                let first_range = entries.get(first).map_or(entry.key.range, |e| e.key.range);
                shadowed.push(latest);
                self.errors.push(SyntaxError {
                    kind: SyntaxErrorKind::DuplicateKey,
                    range: entry.key.range,
                    message: format!(
                        "duplicate key `{key}`: only the last value would be used, and the API server rejects it"
                    ),
                    related: Some((first_range, format!("`{key}` is first set here"))),
                });
            }
        }
        drop(seen);
        for index in shadowed {
            if let Some(entry) = entries.get_mut(index) {
                entry.shadowed = true;
            }
        }
    }

    fn syntax_error(&mut self, error: &events::Error) {
        self.failed = true;
        let text = self.text;
        let at = self.offset(error.offset);
        let info = match &error.context {
            Some(context) => format!("{context}: {}", error.problem),
            None => error.problem.clone(),
        };
        // libyaml cannot tell a tab from any other character that cannot start a token.
        let at_tab = info.contains("tab") || text.get(at..).is_some_and(|rest| rest.starts_with('\t'));
        let range = syntax_error_range(text, &info, at, at_tab);
        let line_start = line_start(text, at);
        let message = if missing_colon(text, &info, line_start) && range.end <= line_start {
            format!("invalid YAML: this line needs a `:` after its key ({info})")
        } else if is_long_key_error(&info) && is_long_key(text.get(line_start..at).unwrap_or("")) {
            format!(
                "invalid YAML: a key written on its line may be at most {MAX_IMPLICIT_KEY} characters; write a longer \
                 one as an explicit key, `? key` with `: value` on the next line ({info})"
            )
        } else {
            describe_scan_error(&info, at_tab)
        };
        self.errors.push(SyntaxError::new(SyntaxErrorKind::Invalid, range, message));
    }

    fn finish(mut self) -> Parse {
        // Inside an unclosed `[` or `{` libyaml reads on to the end of the document, taking every later line into the
        // collection. Whoever is typing the collection meant those lines as what follows it: keep only its first line.
        if let Some(outer) = self.stack.iter().position(|frame| frame.flow_start().is_some())
            && self.failed
        {
            self.stack.truncate(outer + 1);
            let start = self.stack.last().and_then(Frame::flow_start).unwrap_or(0);
            let line_end =
                self.text.get(start..).and_then(|rest| rest.find(['\n', '\r'])).map_or(self.text.len(), |n| start + n);
            if let Some(frame) = self.stack.last_mut() {
                frame.truncate(line_end);
            }
            self.last_end = self.last_end.min(line_end);
        }
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

/// libyaml places an absent value at the next token, possibly lines below; it belongs right after its key.
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
    if merges.is_empty() {
        return;
    }
    let mut present: HashSet<String> = entries.iter().filter_map(Entry::key_str).map(str::to_owned).collect();
    for merge in merges {
        let sources: Vec<Node> = match merge.kind {
            NodeKind::Sequence(items) => items,
            _ => vec![merge],
        };
        for source in sources {
            let NodeKind::Mapping(merged) = source.kind else {
                continue;
            };
            // A shadowed entry of the merged mapping is not part of its value; the entry that shadows it follows.
            for mut entry in merged.into_iter().filter(|e| !e.shadowed) {
                if let Some(key) = entry.key_str()
                    && !present.insert(key.to_owned())
                {
                    continue;
                }
                entry.merged = true;
                entries.push(entry);
            }
        }
    }
}

/// The end of a flow collection's closing bracket. After a trailing comma (`{a: 1,}`) the parser's span may be the
/// comma.
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
                i = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| b == b'\n')).map_or(bytes.len(), |n| i + n)
            }
            _ => break,
        }
    }
    close.end
}

fn trim_trailing_space(text: &str, range: TextRange) -> TextRange {
    let trimmed = text.get(range.as_range()).unwrap_or("").trim_end_matches([' ', '\t', '\n', '\r']);
    TextRange::new(range.start, range.start + trimmed.len())
}

/// `range` without the node properties (`&anchor`, `!tag`) it starts with, nor the spaces, line breaks and comments
/// after them.
fn past_properties(text: &str, range: TextRange) -> TextRange {
    let Some(node) = text.get(range.as_range()) else { return range };
    let mut rest = node;
    loop {
        let skipped = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        let after = if let Some(anchor) = skipped.strip_prefix('&') {
            // libyaml's anchor names are letters, digits, `-` and `_`.
            anchor.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        } else if let Some(verbatim) = skipped.strip_prefix("!<") {
            verbatim.split_once('>').map_or("", |(_, after)| after)
        } else if skipped.starts_with('!') {
            skipped.trim_start_matches(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r' | ',' | '[' | ']' | '{' | '}'))
        } else if skipped.starts_with('#') && skipped.len() < rest.len() {
            // A comment between the properties and the value, to the end of its line.
            skipped.trim_start_matches(|c: char| !matches!(c, '\n' | '\r'))
        } else {
            rest = skipped;
            break;
        };
        rest = after;
    }
    TextRange::new(range.end - rest.len(), range.end)
}

/// The start of the line `at` is on.
fn line_start(text: &str, at: usize) -> usize {
    text.get(..at).and_then(|head| head.rfind(['\n', '\r'])).map_or(0, |i| i + 1)
}

/// YAML's limit on the length of an implicit (`key: value`) key, which libyaml and kubectl enforce too.
const MAX_IMPLICIT_KEY: usize = 1024;

/// Whether libyaml's error is the one a too-long implicit key gives: its colon is then no longer after a key.
fn is_long_key_error(info: &str) -> bool {
    info.contains("mapping values are not allowed") || info.contains("did not find expected ',' or '}'")
}

/// Whether the text before a `:` the scanner rejected is a key too long to be implicit.
fn is_long_key(before_colon: &str) -> bool {
    let key = before_colon.trim_start().trim_start_matches("- ");
    let key = key.rsplit(['{', ',']).next().unwrap_or(key);
    // A `: ` earlier on the line means the rejected colon sits in a value, not after a key.
    !key.contains(": ") && key.trim_start().chars().count() > MAX_IMPLICIT_KEY
}

/// Whether the scanner's error comes from a key written without its colon on the line before `line_start`.
fn missing_colon(text: &str, info: &str, line_start: usize) -> bool {
    if info.contains("expected ':'") {
        return true;
    }
    // A bare word on the line above turns into a multi-line scalar, and the parser only fails at the next key.
    let misaligned = info.contains("did not find expected key") || info.contains("mapping values are not allowed");
    misaligned
        && last_content_before(text, line_start).is_some_and(|previous| {
            let line = text.get(previous.as_range()).unwrap_or("");
            !line.contains(':') && !line.starts_with(['-', '#', '[', '{', '"', '\'', '|', '>', '&', '*', '!'])
        })
}

/// Where to underline a syntax error libyaml found at `at`.
fn syntax_error_range(text: &str, info: &str, at: usize, at_tab: bool) -> TextRange {
    let at = at.min(text.len());
    let line_start = line_start(text, at);
    let line = text.get(line_start..).unwrap_or("");
    if at_tab {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if line.get(..indent).is_some_and(|indent| indent.contains('\t')) {
            return TextRange::new(line_start, line_start + indent);
        }
    }
    let at_line_start = text.get(line_start..at).is_some_and(|before| before.trim().is_empty());
    // A key without its colon is only noticed at the next token, often on a later line: the mistake is the last
    // content before it.
    if (at >= text.len() || (missing_colon(text, info, line_start) && at_line_start))
        && let Some(previous) = last_content_before(text, line_start.min(at))
    {
        return previous;
    }
    let rest = text.get(at..).unwrap_or("");
    let word = rest.find(['\n', '\r', ' ']).unwrap_or(rest.len());
    // At least one character, so the mark is visible even on a space or a line break.
    let width = if word == 0 { rest.chars().next().map_or(0, char::len_utf8) } else { word };
    TextRange::new(at, at + width)
}

/// Rewords libyaml's messages for people writing manifests; libyaml's own words stay in parentheses.
fn describe_scan_error(info: &str, at_tab: bool) -> String {
    let plain = if at_tab {
        "tabs are not allowed for indentation in YAML; indent with spaces"
    } else if info.contains("expected ':'") {
        "this line needs a `:` after its key"
    } else if info.contains("mapping values are not allowed") {
        "unexpected `:`; indent this line under a key, or quote a value that contains `: `"
    } else if info.contains("did not find expected key") {
        "this line is not aligned with the keys above it; check its indentation"
    } else if info.contains("flow sequence") || info.contains("flow mapping") {
        "this `[`…`]` or `{`…`}` is not closed properly"
    } else if info.contains("quoted scalar") {
        "this quoted string is not closed"
    } else {
        "the YAML here cannot be read"
    };
    format!("invalid YAML: {plain} ({info})")
}

/// The trimmed content of the last line before `before` that has any (comments excluded).
fn last_content_before(text: &str, before: usize) -> Option<TextRange> {
    let mut end = before;
    loop {
        let head = text.get(..end)?.trim_end_matches(['\n', '\r']);
        if head.is_empty() {
            return None;
        }
        let start = line_start(text, head.len());
        let line = text.get(start..head.len())?;
        let content = line.split(" #").next().unwrap_or(line).trim_end();
        let indent = content.len() - content.trim_start().len();
        if !content.trim_start().is_empty() && !content.trim_start().starts_with('#') {
            return Some(TextRange::new(start + indent, start + content.len()));
        }
        end = start;
    }
}

#[cfg(test)]
mod tests {
    use super::{first_unprintable, is_yaml_printable};

    #[test]
    fn the_ascii_fast_path_finds_what_a_scan_of_every_character_finds() {
        let texts = [
            "a: b\n\tc: d\r\n",
            "a: \u{1}",
            "a: b\u{7f}",
            "é: \u{85}x\u{A0}\u{FFFE}",
            "name: caf\u{e9}\u{0}",
            "emoji: \u{1F600} \u{E000} \u{D7FF}\u{b}",
            "",
            "\u{feff}kind: Pod",
        ];
        for text in texts {
            let every = text.char_indices().find(|&(_, c)| !is_yaml_printable(c));
            assert_eq!(first_unprintable(text), every, "{text:?}");
        }
        assert_eq!(first_unprintable("a: b\u{7f}"), Some((4, '\u{7f}')));
    }

    #[test]
    fn a_scalars_range_leaves_out_its_anchor_and_tag() {
        for (text, value) in [
            ("name: &a web", "web"),
            ("name: !!str 8080", "8080"),
            ("name: &a !!str \"web\"", "\"web\""),
            ("name: !<tag:yaml.org,2002:str> web", "web"),
            ("name: &a # why\n  web", "web"),
            ("name: &a\n\n  web", "web"),
            ("{name: &a web, b: c}", "web"),
            ("name: &a |\n  text\n", "|\n  text"),
            ("name: &a", ""),
            ("name: web", "web"),
        ] {
            let parse = super::parse(text);
            let root = parse.root.expect("a mapping");
            let range = root.get("name").expect("a name").range;
            assert_eq!(text.get(range.as_range()), Some(value), "{text:?}");
        }
    }
}
