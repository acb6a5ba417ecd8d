//! Where the cursor is in a YAML document: the path of the mapping or sequence around it, whether it is on a key or
//! a value, and the word being typed.
//!
//! Two views serve the features. [`CursorContext::at`] reads the structure from indentation alone, so it works while
//! the line being typed is not valid YAML yet (`    ima`, `  - `, `restartPolicy: `): completion uses it. Inside a
//! flow collection (`{name: a, ima`, the KYAML style `kubectl get -o kyaml` prints) indentation says nothing, so the
//! brackets, commas and colons before the cursor are read instead ([`flow_context`]).
//! [`node_at`] finds the node of the parsed tree under the cursor, with exact sequence indices: hover and the
//! cross-reference features use it.
//!
//! Architecture Invariant: no LSP types here; offsets are bytes into the document's text.

use crate::syntax::{Node, NodeKind, PathSeg, ScalarStyle};
use crate::text::TextRange;

/// What the cursor is on, read from indentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorContext {
    /// The path of the collection the cursor is in: the mapping whose key is typed, or whose key's value is typed.
    /// Sequence items have their index (`spec`, `containers`, `1`).
    pub parent: Vec<PathSeg>,
    pub position: Position,
    /// The word under the cursor: a partial key, or a value up to the end of the line (comments excluded).
    pub word: String,
    /// Where `word` is; an empty range at the cursor when nothing is typed yet.
    pub word_range: TextRange,
    /// The column (bytes from the start of the line) of the keys of the parent mapping, for indenting inserted text.
    pub key_column: usize,
    /// The keys the parent mapping already has, above and below the cursor, except the one being typed.
    pub present: Vec<String>,
    /// The word is followed by `:` (a key being edited): completion replaces the name only.
    pub has_colon: bool,
    /// The line starts a new sequence item (`- ` before the word).
    pub new_item: bool,
    /// Right after a `:` or a `-` with no space yet (`key:|`, `-|`): inserted text needs a leading space.
    pub needs_space: bool,
    /// The flow collection the cursor is directly in, if any: inserted text must then stay on the line, and a key
    /// is followed by `, ` rather than a new line.
    pub flow: Option<FlowKind>,
}

/// The kind of a flow collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowKind {
    /// `{key: value, …}`
    Mapping,
    /// `[item, …]`
    Sequence,
}

/// Whether the cursor is on a key or on a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// A key of the mapping at `parent`. Where `parent` turns out not to be a mapping (`args:` then `- ` on the next
    /// line, or a value on the line after its key), the word is a value at `parent` instead.
    Key,
    /// The value of `key` in the mapping at `parent`.
    Value { key: String },
}

impl CursorContext {
    /// The context at `offset` in the text of one document, or `None` where nothing can be typed (in a comment, a
    /// block scalar, a `---` line, a flow collection's punctuation).
    pub fn at(text: &str, offset: usize) -> Option<CursorContext> {
        let offset = crate::text::floor_char_boundary(text, offset);
        if let Some(inside) = flow_context(text, offset) {
            return inside;
        }
        let line_start = line_start(text, offset);
        let line = Line::read(text, line_start);
        if line.marker {
            return None;
        }
        // A cursor between `\r` and `\n` is at the end of the line.
        let col = (offset - line_start).min(line.text.len());
        if line.comment.is_some_and(|c| c < col) {
            return None;
        }
        let blank = line.content >= line.text.len() || line.comment == Some(line.content);
        let (key_column, dashes) = if blank {
            // Nothing typed yet: the cursor column decides the nesting, and dashes left of it start an item.
            let dashes: Vec<usize> = line.dashes.iter().copied().filter(|&d| d < col).collect();
            // Right after a `-` with no space yet, the item's content starts one column further.
            if dashes.last().is_some_and(|&d| d + 1 == col) { (col + 1, dashes) } else { (col, dashes) }
        } else if col < line.content {
            // In the indentation of a line that has content after the cursor.
            return None;
        } else {
            (line.content, line.dashes.clone())
        };
        let content = line.text.get(key_column..).unwrap_or_default();
        if content.starts_with(['[', '{']) {
            return None;
        }
        let dash_space = key_column > col;
        let before = line.text.get(key_column.min(col)..col).unwrap_or_default();
        let (position, word_range, needs_space) = match key_separator(content) {
            Some(colon) if key_column + colon < col => {
                let key = unquote(content.get(..colon).unwrap_or_default().trim_end()).to_owned();
                let after_colon = key_column + colon + 1;
                let limit = line.comment.unwrap_or(line.text.len()).max(after_colon);
                let raw = line.text.get(after_colon..limit).unwrap_or_default();
                let value_start = after_colon + (raw.len() - raw.trim_start().len());
                let value_end = after_colon + raw.trim_end().len();
                let (start, end) = if col < value_start { (col, col) } else { (value_start, value_end.max(col)) };
                let needs_space = col == after_colon;
                (Position::Value { key }, TextRange::new(line_start + start, line_start + end), needs_space)
            }
            _ => {
                if before.contains([' ', '\t']) && !before.starts_with(['"', '\'']) {
                    // A plain scalar with spaces is not a key being typed (`- echo hello` in `args`).
                    let end = line.comment.unwrap_or(line.text.len());
                    let end = key_column + line.text.get(key_column..end).unwrap_or_default().trim_end().len();
                    let range = TextRange::new(line_start + key_column, line_start + end.max(col));
                    (Position::Key, range, false)
                } else {
                    let typed = line.text.get(col..).unwrap_or_default();
                    let word_len = typed.find(|c: char| c == ':' || c.is_whitespace()).unwrap_or(typed.len());
                    (
                        Position::Key,
                        TextRange::new(line_start + key_column.min(col), line_start + col + word_len),
                        dash_space,
                    )
                }
            }
        };
        let has_colon =
            position == Position::Key && text.get(word_range.end..).is_some_and(|rest| rest.starts_with(':'));
        let mut present = Vec::new();
        let new_item = !dashes.is_empty();
        let walker = Walker::new(text);
        let parent = if new_item {
            let mut current = line.clone();
            current.dashes = dashes;
            walker.item_path(&current, current.dashes.len() - 1)?
        } else {
            walker.mapping_path(line_start, key_column, &mut present)?
        };
        walker.keys_below(&line, key_column, &mut present);
        let word = text.get(word_range.as_range()).unwrap_or_default().to_owned();
        Some(CursorContext {
            parent,
            position,
            word,
            word_range,
            key_column,
            present,
            has_colon,
            new_item,
            needs_space,
            flow: None,
        })
    }

    /// The path of the value being typed: `parent` plus the key for a value, `parent` itself for a key position
    /// whose parent is not a mapping.
    pub fn value_path(&self) -> Vec<PathSeg> {
        let mut path = self.parent.clone();
        if let Position::Value { key } = &self.position {
            path.push(PathSeg::Key(key.clone()));
        }
        path
    }
}

/// Where the cursor is inside a flow collection: `Some` when `offset` is inside one (with `None` inside where nothing
/// can be typed, as after a complete value), `None` in block context.
///
/// The collection's own place comes from the block structure around it ([`flow_owner`]); inside it, the tokens
/// before the cursor say which mapping or sequence holds it and whether a key or a value is being typed. Broken or
/// half-typed flow text (`{containers: [{na`) is read as far as it goes: an unclosed collection runs to the end of
/// the document.
fn flow_context(text: &str, offset: usize) -> Option<Option<CursorContext>> {
    let start = outermost_flow(text, offset)?;
    let line = Line::read(text, line_start(text, offset));
    if line.comment.is_some_and(|comment| line.start + comment < offset) {
        return Some(None);
    }
    Some(flow_context_from(text, start, offset))
}

fn flow_context_from(text: &str, start: usize, offset: usize) -> Option<CursorContext> {
    let owner = flow_owner(text, start)?;
    let mut frames: Vec<FlowFrame> = Vec::new();
    let mut at = start;
    let (token, gap) = loop {
        let token = flow_token(text, &mut at);
        match token {
            None => break (None, true),
            Some(token) if token.start >= offset => break (Some(token), true),
            Some(token) if token.kind == FlowToken::Scalar && token.end >= offset => break (Some(token), false),
            Some(token) => {
                if !step(&mut frames, &owner, text, token) {
                    return None;
                }
            }
        }
    };
    let frame = frames.last()?;
    let path = frame.path.clone()?;
    let (word_range, resume) = match (token, gap) {
        (Some(token), false) => (token.word_range(text), token.end),
        _ => {
            // Between tokens: only where an entry or item is still to come.
            if frame.scalar_done {
                return None;
            }
            (TextRange::new(offset, offset), offset)
        }
    };
    let word = text.get(word_range.as_range()).unwrap_or_default().to_owned();
    let mut rest = resume;
    let next = flow_token(text, &mut rest);
    let has_colon = frame.kind == FlowKind::Mapping
        && !frame.in_value
        && !gap
        && next.is_some_and(|next| next.kind == FlowToken::Colon);
    let (parent, position) = match frame.kind {
        FlowKind::Mapping if frame.in_value => match &frame.key {
            Some(key) => (path, Position::Value { key: key.clone() }),
            // The value of a key that is itself a collection has no path.
            None => return None,
        },
        FlowKind::Mapping => (path, Position::Key),
        FlowKind::Sequence => {
            let mut item = path;
            item.push(PathSeg::Index(frame.index));
            (item, Position::Key)
        }
    };
    let mut present = frame.keys.clone();
    if frame.kind == FlowKind::Mapping {
        if let Position::Value { key } = &position
            && let Some(at) = present.iter().rposition(|k| k == key)
        {
            // As in block style: the other keys, not the one whose value is typed.
            present.remove(at);
        }
        present.extend(keys_after(text, resume));
    }
    let colon_before = text.get(..offset).is_some_and(|before| before.ends_with(':'));
    Some(CursorContext {
        parent,
        needs_space: gap && colon_before && matches!(position, Position::Value { .. }),
        position,
        word,
        word_range,
        key_column: word_range.start - line_start(text, word_range.start),
        present,
        has_colon,
        new_item: false,
        flow: Some(frame.kind),
    })
}

/// One open flow collection while the tokens before the cursor are read.
struct FlowFrame {
    kind: FlowKind,
    /// Its path in the document; `None` for a collection used as a key (`{[a]: b}`), which has no path.
    path: Option<Vec<PathSeg>>,
    /// The keys met so far (a mapping).
    keys: Vec<String>,
    /// The key whose value comes next (a mapping, after its `:`); `None` after a key that is a collection.
    key: Option<String>,
    /// A scalar that may still turn out to be a key, when a `:` follows.
    pending: Option<String>,
    /// After the `:` of an entry.
    in_value: bool,
    /// The entry or item already has its scalar: more text before the next `,` is no key or value of its own.
    scalar_done: bool,
    /// The items before the current one (a sequence).
    index: usize,
}

/// Applies one token before the cursor; `false` when the collection closes before the cursor gets there.
fn step(frames: &mut Vec<FlowFrame>, owner: &[PathSeg], text: &str, token: Token) -> bool {
    match token.kind {
        FlowToken::Open(kind) => {
            let path = match frames.last_mut() {
                None => Some(owner.to_vec()),
                Some(parent) => {
                    parent.scalar_done = true;
                    match parent.kind {
                        FlowKind::Mapping => match (&parent.key, parent.in_value) {
                            (Some(key), true) => parent.path.clone().map(|mut path| {
                                path.push(PathSeg::Key(key.clone()));
                                path
                            }),
                            // A collection used as a key, or the value of one.
                            _ => None,
                        },
                        FlowKind::Sequence => parent.path.clone().map(|mut path| {
                            path.push(PathSeg::Index(parent.index));
                            path
                        }),
                    }
                }
            };
            // Hostile nesting is not followed further than the parser follows it.
            if frames.len() >= MAX_WALK_DEPTH {
                return false;
            }
            let frame = FlowFrame {
                kind,
                path,
                keys: Vec::new(),
                key: None,
                pending: None,
                in_value: false,
                scalar_done: false,
                index: 0,
            };
            frames.push(frame);
        }
        FlowToken::Close => {
            frames.pop();
            if frames.is_empty() {
                return false;
            }
        }
        FlowToken::Comma => {
            if let Some(frame) = frames.last_mut() {
                if let Some(key) = frame.pending.take() {
                    // `{a, b}`: a key without a value.
                    frame.keys.push(key);
                }
                frame.key = None;
                frame.in_value = false;
                frame.scalar_done = false;
                frame.index += 1;
            }
        }
        FlowToken::Colon => {
            if let Some(frame) = frames.last_mut()
                && frame.kind == FlowKind::Mapping
                && !frame.in_value
            {
                frame.key = frame.pending.take();
                frame.keys.extend(frame.key.clone());
                frame.in_value = true;
                frame.scalar_done = false;
            }
        }
        FlowToken::Scalar => {
            if let Some(frame) = frames.last_mut() {
                if frame.kind == FlowKind::Mapping && !frame.in_value {
                    frame.pending = Some(token.scalar(text));
                }
                frame.scalar_done = true;
            }
        }
    }
    true
}

/// The keys of the flow mapping the cursor is in that come after `from`, up to its end.
fn keys_after(text: &str, from: usize) -> Vec<String> {
    let mut keys = Vec::new();
    let (mut at, mut depth, mut pending) = (from, 0usize, None);
    while let Some(token) = flow_token(text, &mut at) {
        match token.kind {
            FlowToken::Open(_) => depth += 1,
            FlowToken::Close if depth == 0 => break,
            FlowToken::Close => depth -= 1,
            FlowToken::Comma if depth == 0 => pending = None,
            FlowToken::Colon if depth == 0 => keys.extend(pending.take()),
            FlowToken::Scalar if depth == 0 => pending = Some(token.scalar(text)),
            _ => {}
        }
    }
    keys
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FlowToken {
    Open(FlowKind),
    Close,
    Comma,
    Colon,
    /// A plain or quoted scalar.
    Scalar,
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: FlowToken,
    start: usize,
    end: usize,
}

impl Token {
    /// The text a completion replaces: a quoted scalar's content inside its quotes, a plain scalar as it is.
    fn word_range(self, text: &str) -> TextRange {
        let raw = text.get(self.start..self.end).unwrap_or_default();
        match raw.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let closed = raw.len() > 1 && raw.ends_with(quote);
                TextRange::new(self.start + 1, if closed { self.end - 1 } else { self.end })
            }
            _ => TextRange::new(self.start, self.end),
        }
    }

    /// The scalar's value, quotes removed (escapes are rare in keys and left as written).
    fn scalar(self, text: &str) -> String {
        text.get(self.word_range(text).as_range()).unwrap_or_default().to_owned()
    }
}

/// The next token of flow text from `*at`, skipping white space and comments; `None` at the end of the document.
fn flow_token(text: &str, at: &mut usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let mut i = *at;
    loop {
        match bytes.get(i)? {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'#' if i == 0 || bytes.get(i - 1).is_some_and(|b| b.is_ascii_whitespace()) => {
                i = text.get(i..).and_then(|rest| rest.find('\n')).map_or(text.len(), |n| i + n);
            }
            _ => break,
        }
    }
    let start = i;
    let kind = match bytes.get(i)? {
        b'{' => FlowToken::Open(FlowKind::Mapping),
        b'[' => FlowToken::Open(FlowKind::Sequence),
        b'}' | b']' => FlowToken::Close,
        b',' => FlowToken::Comma,
        b':' => FlowToken::Colon,
        &quote @ (b'"' | b'\'') => {
            i += 1;
            while let Some(&b) = bytes.get(i) {
                i += 1;
                if b == b'\\' && quote == b'"' {
                    i += 1;
                } else if b == quote {
                    // `''` inside single quotes is an escaped quote.
                    if quote == b'\'' && bytes.get(i) == Some(&b'\'') {
                        i += 1;
                        continue;
                    }
                    break;
                }
            }
            let end = i.min(text.len());
            *at = end;
            return Some(Token { kind: FlowToken::Scalar, start, end });
        }
        _ => {
            let mut end = i;
            while let Some(&b) = bytes.get(i) {
                let ends_key =
                    b == b':' && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace() || b",[]{}".contains(n));
                let comment = b == b'#' && bytes.get(i.wrapping_sub(1)).is_some_and(|p| p.is_ascii_whitespace());
                if ends_key || comment || b",[]{}\n\r".contains(&b) {
                    break;
                }
                i += 1;
                if !b.is_ascii_whitespace() {
                    end = i;
                }
            }
            *at = i.max(start + 1).min(text.len());
            return Some(Token { kind: FlowToken::Scalar, start, end: end.max(start) });
        }
    };
    *at = start + 1;
    Some(Token { kind, start, end: start + 1 })
}

/// The start of the outermost flow collection that holds `offset`, found by reading the block lines above it: a
/// collection opens where a line's content or a key's value starts with `{` or `[`.
fn outermost_flow(text: &str, offset: usize) -> Option<usize> {
    let mut start = 0;
    // Lines deeper than this column belong to a block scalar (`|`), whose braces are text.
    let mut scalar_column: Option<usize> = None;
    while start <= offset && start < text.len() {
        let line = Line::read(text, start);
        let next = text.get(start..).and_then(|rest| rest.find('\n')).map_or(text.len(), |n| start + n + 1);
        if let Some(column) = scalar_column {
            if line.is_blank() || line.content > column {
                start = next;
                continue;
            }
            scalar_column = None;
        }
        if line.marker || line.is_blank() {
            start = next;
            continue;
        }
        let content = line.text.get(line.content..).unwrap_or_default();
        let open = if content.starts_with(['{', '[']) {
            Some(line.content)
        } else {
            match (key_separator(content), line.key()) {
                (Some(colon), Some((_, value))) => {
                    if is_block_scalar(value) {
                        scalar_column = Some(line.content);
                    }
                    let value_start = line.content + colon + 1;
                    let after = line.text.get(value_start..).unwrap_or_default();
                    // Skip an anchor or a tag before the value.
                    let mut column = value_start + (after.len() - after.trim_start().len());
                    while let Some(rest) = line.text.get(column..).filter(|r| r.starts_with(['&', '!'])) {
                        let word = rest.find([' ', '\t']).unwrap_or(rest.len());
                        let tail = rest.get(word..).unwrap_or_default();
                        column += word + (tail.len() - tail.trim_start().len());
                    }
                    line.text.get(column..).filter(|r| r.starts_with(['{', '['])).map(|_| column)
                }
                _ => {
                    if is_block_scalar(line.scalar()) {
                        scalar_column = Some(line.dashes.last().copied().unwrap_or(line.content));
                    }
                    None
                }
            }
        };
        let Some(column) = open else {
            start = next;
            continue;
        };
        let open = start + column;
        if open >= offset {
            return None;
        }
        // Nested in block style, a flow collection's lines are indented deeper than the line that opens it.
        let nested = column > line.content || !line.dashes.is_empty();
        match flow_end(text, open, nested.then_some(line.content)) {
            FlowEnd::Closed(end) if end <= offset => {
                // Closed before the cursor: go on after the line it closes on.
                start = text.get(end..).and_then(|rest| rest.find('\n')).map_or(text.len(), |n| end + n + 1);
            }
            FlowEnd::Broken(line) if line <= offset => start = line,
            _ => return Some(open),
        }
    }
    None
}

/// Where a flow collection ends.
enum FlowEnd {
    /// Just after its closing bracket.
    Closed(usize),
    /// Left unclosed, at the start of the line where block style resumes (a line no deeper than the one that
    /// opened it, as `  - name: [a` followed by `    image: x`).
    Broken(usize),
    /// Left unclosed to the end of the document.
    Open,
}

/// Where the flow collection opened at `open` ends; `column` is the content column of the block line that opens a
/// nested one, which its lines must be deeper than.
fn flow_end(text: &str, open: usize, column: Option<usize>) -> FlowEnd {
    let mut at = open;
    let mut depth = 0usize;
    let first_line = line_start(text, open);
    while let Some(token) = flow_token(text, &mut at) {
        let line = line_start(text, token.start);
        if let Some(column) = column
            && line != first_line
            && token.kind != FlowToken::Close
            && token.start - line <= column
        {
            return FlowEnd::Broken(line);
        }
        match token.kind {
            FlowToken::Open(_) => depth += 1,
            FlowToken::Close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return FlowEnd::Closed(token.end);
                }
            }
            _ => {}
        }
    }
    FlowEnd::Open
}

/// The path of the flow collection that opens at `open`, from the block structure around it: the value of the key
/// on its line, the sequence item it is, or the value its indentation nests it under.
fn flow_owner(text: &str, open: usize) -> Option<Vec<PathSeg>> {
    let start = line_start(text, open);
    let line = Line::read(text, start);
    let walker = Walker::new(text);
    let mut path = if line.dashes.is_empty() {
        walker.mapping_path(start, line.content, &mut Vec::new())?
    } else {
        walker.item_path(&line, line.dashes.len() - 1)?
    };
    if open - start > line.content {
        let (key, _) = line.key()?;
        path.push(PathSeg::Key(key.to_owned()));
    }
    Some(path)
}

/// One line of the document, split the way block YAML structures it.
#[derive(Clone, Debug)]
struct Line<'t> {
    start: usize,
    /// The line without its line break.
    text: &'t str,
    /// Columns of the `- ` sequence indicators, left to right.
    dashes: Vec<usize>,
    /// Column of the content after the indentation and the dashes (`text.len()` when there is none).
    content: usize,
    /// Column of a `#` comment, if any.
    comment: Option<usize>,
    /// A `---` or `...` line.
    marker: bool,
}

impl<'t> Line<'t> {
    fn read(text: &'t str, start: usize) -> Line<'t> {
        let rest = text.get(start..).unwrap_or_default();
        let line = rest.split_once('\n').map_or(rest, |(line, _)| line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let bytes = line.as_bytes();
        let mut i = 0;
        let mut dashes = Vec::new();
        loop {
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            if bytes.get(i) == Some(&b'-') && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) {
                dashes.push(i);
                i += 1;
            } else {
                break;
            }
        }
        let marker = line.starts_with("---") || line.starts_with("...");
        let marker = marker && matches!(bytes.get(3), None | Some(b' ' | b'\t'));
        Line { start, text: line, dashes, content: i, comment: comment_start(line, i), marker }
    }

    fn is_blank(&self) -> bool {
        self.content >= self.text.len() || self.comment == Some(self.content)
    }

    /// The key of the line and whether its value is empty (a nested collection follows), when it has a key.
    fn key(&self) -> Option<(&'t str, &'t str)> {
        let content = self.text.get(self.content..)?;
        let colon = key_separator(content)?;
        let key = unquote(content.get(..colon)?.trim_end());
        let value_end = self.comment.map_or(self.text.len(), |c| c.max(self.content + colon + 1));
        let value = self.text.get(self.content + colon + 1..value_end)?.trim();
        Some((key, value))
    }

    /// The line's own scalar content when it has no key (`- |`, `- echo`).
    fn scalar(&self) -> &'t str {
        let end = self.comment.unwrap_or(self.text.len()).max(self.content);
        self.text.get(self.content.min(end)..end).unwrap_or_default().trim()
    }
}

/// The start of the line that holds `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1)
}

/// Whether a value written on a key's line leaves room for a nested collection below it: nothing, an anchor or a tag.
fn opens_block(value: &str) -> bool {
    value.is_empty() || value.split_whitespace().all(|part| part.starts_with('&') || part.starts_with('!'))
}

fn is_block_scalar(value: &str) -> bool {
    let value = value.split_whitespace().find(|p| !p.starts_with('&') && !p.starts_with('!')).unwrap_or("");
    value.starts_with('|') || value.starts_with('>')
}

/// The column of `:` that ends the key at the start of `content`, if the content is a `key: value` pair.
fn key_separator(content: &str) -> Option<usize> {
    let bytes = content.as_bytes();
    let mut i = 0;
    if let Some(&quote @ (b'"' | b'\'')) = bytes.first() {
        i = 1;
        while let Some(&b) = bytes.get(i).filter(|&&b| b != quote) {
            i += if b == b'\\' && quote == b'"' { 2 } else { 1 };
        }
        i += 1;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        return (bytes.get(i) == Some(&b':') && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r')))
            .then_some(i);
    }
    if content.starts_with(['[', '{', '#', '|', '>']) {
        return None;
    }
    while let Some(&b) = bytes.get(i) {
        match b {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r')) => {
                return Some(i);
            }
            b'#' if i > 0 && matches!(bytes.get(i - 1), Some(b' ' | b'\t')) => return None,
            _ => i += 1,
        }
    }
    None
}

fn unquote(key: &str) -> &str {
    let stripped = key.strip_prefix('"').and_then(|k| k.strip_suffix('"'));
    stripped.or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\''))).unwrap_or(key)
}

/// The column of a comment on a line, scanning from `from` and skipping quoted text.
fn comment_start(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = from;
    let mut quote = None;
    while let Some(&b) = bytes.get(i) {
        // At the start of the scan, or right after one of `set`.
        let after = |set: &[u8]| i == from || bytes.get(i.wrapping_sub(1)).is_some_and(|p| set.contains(p));
        match quote {
            Some(q) if b == q => quote = None,
            Some(b'"') if b == b'\\' => i += 1,
            Some(_) => {}
            None if b == b'#' && after(b" \t") => {
                return Some(i);
            }
            None if (b == b'"' || b == b'\'') && after(b" :[{,") => {
                quote = Some(b);
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// Walks lines upwards to find the collections a position is nested in.
struct Walker<'t> {
    text: &'t str,
    /// How many collections the walk is nested in, to bound the recursion on hostile indentation.
    depth: std::cell::Cell<usize>,
}

/// Deeper than this, the walk gives up: the parser does not analyse such nesting either.
const MAX_WALK_DEPTH: usize = crate::syntax::MAX_DEPTH + 56;

/// Holds one level of [`Walker::depth`] until dropped.
struct Level<'w>(&'w std::cell::Cell<usize>);

impl Drop for Level<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

impl<'t> Walker<'t> {
    fn new(text: &'t str) -> Self {
        Walker { text, depth: std::cell::Cell::new(0) }
    }

    /// Enters one more level of nesting, or `None` past [`MAX_WALK_DEPTH`].
    fn level(&self) -> Option<Level<'_>> {
        let depth = self.depth.get();
        if depth >= MAX_WALK_DEPTH {
            return None;
        }
        self.depth.set(depth + 1);
        Some(Level(&self.depth))
    }

    /// The lines above the one starting at `start`, nearest first, stopping at a `---` line.
    fn above(&self, start: usize) -> impl Iterator<Item = Line<'t>> + '_ {
        let mut next = start;
        std::iter::from_fn(move || {
            if next == 0 {
                return None;
            }
            let end = next - 1;
            let line_start = line_start(self.text, end);
            next = line_start;
            Some(Line::read(self.text, line_start))
        })
        .take_while(|line| !line.marker)
        .filter(|line| !line.is_blank() && !line.text.trim_start().starts_with('%'))
    }

    /// The path of the mapping whose keys stand at `col`, for a line starting at `start`. Collects the keys of that
    /// mapping met on the way into `present`.
    fn mapping_path(&self, start: usize, col: usize, present: &mut Vec<String>) -> Option<Vec<PathSeg>> {
        let _level = self.level()?;
        for line in self.above(start) {
            if line.dashes.contains(&col) || line.content > col {
                // Deeper content, or an item of a sibling key's sequence written without indentation.
                continue;
            }
            if line.content == col {
                match line.key() {
                    Some((key, _)) => present.push(key.to_owned()),
                    None if is_block_scalar(line.scalar()) => return None,
                    None => {}
                }
                if !line.dashes.is_empty() {
                    return self.item_path(&line, line.dashes.len() - 1);
                }
                continue;
            }
            return self.child_path(&line, col);
        }
        Some(Vec::new())
    }

    /// The path of the collection opened by `line` for content at the deeper column `col`.
    fn child_path(&self, line: &Line<'t>, col: usize) -> Option<Vec<PathSeg>> {
        match line.key() {
            Some((key, value)) if opens_block(value) => {
                let mut path = self.path_of_line_mapping(line)?;
                path.push(PathSeg::Key(key.to_owned()));
                Some(path)
            }
            Some(_) => None,
            None if line.scalar().is_empty() && line.dashes.last().is_some_and(|&d| d < col) => {
                self.item_path(line, line.dashes.len() - 1)
            }
            None => None,
        }
    }

    /// The path of the mapping that holds the key of `line`.
    fn path_of_line_mapping(&self, line: &Line<'t>) -> Option<Vec<PathSeg>> {
        if line.dashes.is_empty() {
            self.mapping_path(line.start, line.content, &mut Vec::new())
        } else {
            self.item_path(line, line.dashes.len() - 1)
        }
    }

    /// The path of the sequence item introduced by the dash number `k` of `line`.
    fn item_path(&self, line: &Line<'t>, k: usize) -> Option<Vec<PathSeg>> {
        if k >= MAX_WALK_DEPTH {
            return None;
        }
        // `- - x`: the dashes after the first open nested sequences, each at its first item.
        let mut path = self.first_item_path(line)?;
        path.extend(std::iter::repeat_n(PathSeg::Index(0), k));
        Some(path)
    }

    /// The path of the item introduced by the first dash of `line`.
    fn first_item_path(&self, line: &Line<'t>) -> Option<Vec<PathSeg>> {
        let _level = self.level()?;
        let &d = line.dashes.first()?;
        let mut index = 0;
        for above in self.above(line.start) {
            if let Some(j) = above.dashes.iter().position(|&x| x == d) {
                index += 1;
                if j > 0 {
                    let mut path = self.item_path(&above, j - 1)?;
                    path.push(PathSeg::Index(index));
                    return Some(path);
                }
                continue;
            }
            if above.content > d {
                continue;
            }
            let mut path = self.child_path(&above, d + 1)?;
            path.push(PathSeg::Index(index));
            return Some(path);
        }
        Some(vec![PathSeg::Index(index)])
    }

    /// Adds the keys of the mapping at `col` found below `line` to `present`.
    fn keys_below(&self, line: &Line<'t>, col: usize, present: &mut Vec<String>) {
        let mut next = line.start + line.text.len();
        while next < self.text.len() {
            let start =
                self.text.get(next..).and_then(|rest| rest.find('\n')).map_or(self.text.len(), |i| next + i + 1);
            if start >= self.text.len() {
                break;
            }
            let below = Line::read(self.text, start);
            next = start + below.text.len();
            if below.marker {
                break;
            }
            if below.is_blank() || below.dashes.contains(&col) || (below.content > col && below.dashes.is_empty()) {
                continue;
            }
            if below.content < col || below.dashes.iter().any(|&d| d < col) {
                break;
            }
            if below.content == col
                && let Some((key, _)) = below.key()
            {
                present.push(key.to_owned());
            }
        }
    }
}

/// The node of the parsed tree under the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeAt<'a> {
    /// The path of the node: for a key, the path of its value.
    pub path: Vec<PathSeg>,
    /// Whether the cursor is on the key of an entry (or on its value).
    pub on_key: bool,
    /// The key's node, when the path ends in a mapping entry.
    pub key: Option<&'a Node>,
    /// The value's node (for a key, the value it introduces).
    pub value: &'a Node,
}

impl NodeAt<'_> {
    /// The range the cursor is on: the key, or the value.
    pub fn range(&self) -> TextRange {
        match (self.on_key, self.key) {
            (true, Some(key)) => key.range,
            _ => self.value.range,
        }
    }
}

/// The innermost key or scalar value of the tree at `offset` (a cursor right after a word is on it).
pub fn node_at(root: &Node, offset: usize) -> Option<NodeAt<'_>> {
    let mut path = Vec::new();
    let mut node = root;
    let mut key: Option<&Node> = None;
    loop {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                let entry = entries.iter().filter(|e| !e.merged).find(|e| {
                    e.key.range.touches(offset) || (e.value.range.touches(offset) && !e.value.range.is_empty())
                })?;
                let seg = PathSeg::Key(entry.key_str()?.to_owned());
                path.push(seg);
                if entry.key.range.touches(offset)
                    && !(entry.value.range.touches(offset) && entry.value.as_scalar().is_some())
                {
                    return Some(NodeAt { path, on_key: true, key: Some(&entry.key), value: &entry.value });
                }
                key = Some(&entry.key);
                node = &entry.value;
            }
            NodeKind::Sequence(items) => {
                let (index, item) = items.iter().enumerate().find(|(_, item)| item.range.touches(offset))?;
                path.push(PathSeg::Index(index));
                key = None;
                node = item;
            }
            NodeKind::Scalar(_) => {
                if !node.range.touches(offset) {
                    return None;
                }
                return Some(NodeAt { path, on_key: false, key, value: node });
            }
        }
    }
}

/// Whether `offset` is inside a block scalar (`|` or `>` text) of the tree, where no structure can be typed.
pub fn in_block_scalar(root: &Node, offset: usize) -> bool {
    let hit = node_at(root, offset);
    hit.is_some_and(|hit| {
        !hit.on_key
            && matches!(hit.value.as_scalar().map(|s| s.style), Some(ScalarStyle::Literal | ScalarStyle::Folded))
            && hit.value.range.start < offset
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::syntax;
    use crate::test_utils::cursor;

    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = cursor(fixture);
        let actual = match CursorContext::at(&text, offset) {
            None => "none".to_owned(),
            Some(ctx) => {
                let position = match &ctx.position {
                    Position::Key => "key".to_owned(),
                    Position::Value { key } => format!("value of {key}"),
                };
                let mut flags = Vec::new();
                if ctx.new_item {
                    flags.push("new item");
                }
                if ctx.has_colon {
                    flags.push("has colon");
                }
                if ctx.needs_space {
                    flags.push("needs space");
                }
                match ctx.flow {
                    Some(FlowKind::Mapping) => flags.push("in flow mapping"),
                    Some(FlowKind::Sequence) => flags.push("in flow sequence"),
                    None => {}
                }
                format!(
                    "{position} at {}\nword {:?} {:?}\ncolumn {}\npresent {:?}\n{}",
                    syntax::field_path(&ctx.parent),
                    ctx.word,
                    &text[ctx.word_range.as_range()],
                    ctx.key_column,
                    ctx.present,
                    flags.join(", ")
                )
            }
        };
        expect.assert_eq(actual.trim_end());
    }

    #[test]
    fn keys_and_values_in_kyaml() {
        let kyaml = "{\n  apiVersion: \"v1\",\n  kind: \"Pod\",\n  metadata: {\n    name: \"web\",\n  },\n  spec: {\n    containers: [{\n      name: \"web\",\n      $0\n    }],\n    restartPolicy: \"Never\",\n  },\n}\n";
        check(
            kyaml,
            expect![[r#"
            key at spec.containers[0]
            word "" ""
            column 6
            present ["name"]
            in flow mapping"#]],
        );
        check(
            &kyaml.replace("$0", "ima$0"),
            expect![[r#"
            key at spec.containers[0]
            word "ima" "ima"
            column 6
            present ["name"]
            in flow mapping"#]],
        );
        check(
            &kyaml.replace("\"Never\"", "\"Nev$0er\"").replace("      $0\n", ""),
            expect![[r#"
            value of restartPolicy at spec
            word "Never" "Never"
            column 20
            present ["containers"]
            in flow mapping"#]],
        );
        check(
            &kyaml.replace("\"v1\"", "\"v1\"$0").replace("      $0\n", ""),
            expect![[r#"
            value of apiVersion at 
            word "v1" "v1"
            column 15
            present ["kind", "metadata", "spec"]
            in flow mapping"#]],
        );
        check(
            "{apiVersion: v1, kind: Pod, spec: {restartPolicy:$0}}\n",
            expect![[r#"
            value of restartPolicy at spec
            word "" ""
            column 49
            present []
            needs space, in flow mapping"#]],
        );
        check(
            "{apiVersion: v1, kind: Pod, spec: {containers: [{name: a, imagePullPolicy: $0, image: x}]}}\n",
            expect![[r#"
            value of imagePullPolicy at spec.containers[0]
            word "" ""
            column 75
            present ["name", "image"]
            in flow mapping"#]],
        );
    }

    #[test]
    fn flow_collections_inside_block_style() {
        check(
            "spec:\n  containers:\n  - {name: a, im$0}\n",
            expect![[r#"
            key at spec.containers[0]
            word "im" "im"
            column 14
            present ["name"]
            in flow mapping"#]],
        );
        check(
            "spec:\n  containers: [{name: a}, {$0}]\n",
            expect![[r#"
            key at spec.containers[1]
            word "" ""
            column 27
            present []
            in flow mapping"#]],
        );
        check(
            "spec:\n  volumes:\n  - name: v\n    persistentVolumeClaim: {claimName: c, $0}\n",
            expect![[r#"
            key at spec.volumes[0].persistentVolumeClaim
            word "" ""
            column 42
            present ["claimName"]
            in flow mapping"#]],
        );
        check(
            "spec:\n  accessModes: [ReadWriteOnce, $0]\n",
            expect![[r#"
            key at spec.accessModes[1]
            word "" ""
            column 31
            present []
            in flow sequence"#]],
        );
        // After a flow collection closes, block style is back.
        check(
            "metadata: {name: a}\nspec:\n  $0\n",
            expect![[r#"
            key at spec
            word "" ""
            column 2
            present []"#]],
        );
        // A collection left unclosed ends where block style resumes.
        check(
            "spec:\n  containers:\n  - name: [a\n    ima$0\n",
            expect![[r#"
            key at spec.containers[0]
            word "ima" "ima"
            column 4
            present ["name"]"#]],
        );
        // Braces in a block scalar are text.
        check(
            "spec:\n  script: |\n    if x {\n  $0\n",
            expect![[r#"
            key at spec
            word "" ""
            column 2
            present ["script"]"#]],
        );
    }

    #[test]
    fn half_typed_and_broken_flow_text() {
        check(
            "{apiVersion: v1, kind: Pod, spec: {containers: [{na$0",
            expect![[r#"
            key at spec.containers[0]
            word "na" "na"
            column 49
            present []
            in flow mapping"#]],
        );
        check("{spec: {containers: [{name: a b $0", expect!["none"]);
        check(
            "{spec: {containers: [{name: \"a$0",
            expect![[r#"
            value of name at spec.containers[0]
            word "a" "a"
            column 29
            present []
            in flow mapping"#]],
        );
        check("{spec: [}}}]]$0", expect!["none"]);
        check("{spec: {a: b} # {$0\n", expect!["none"]);
        check("{{{[[[$0", expect!["none"]);
        check("{[a, b]: {$0}}", expect!["none"]);
        check(
            "key: &anchor {a: $0}",
            expect![[r#"
            value of a at key
            word "" ""
            column 17
            present []
            in flow mapping"#]],
        );
        // Every offset of hostile text gives an answer or none, never a panic.
        let hostile = "{a: [\"x\\\", 'y'' z', {b: c}], d: é, #c\n e: {f: [g, {h: }]} , : , ,, ]} } ::";
        for offset in 0..=hostile.len() {
            if hostile.is_char_boundary(offset) {
                let _ = CursorContext::at(hostile, offset);
            }
        }
    }

    #[test]
    fn half_typed_key_in_a_container() {
        check(
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: x\n    ima$0\n    ports: []\n",
            expect![[r#"
                key at spec.containers[0]
                word "ima" "ima"
                column 4
                present ["name", "ports"]"#]],
        );
    }

    #[test]
    fn new_item_under_containers() {
        check(
            "spec:\n  containers:\n  - name: a\n    image: b\n  - $0\n",
            expect![[r#"
                key at spec.containers[1]
                word "" ""
                column 4
                present []
                new item"#]],
        );
        check(
            "spec:\n  containers:\n    - name: a\n      env:\n        - name: A\n          value: 서울\n        - $0\n",
            expect![[r#"
                key at spec.containers[0].env[1]
                word "" ""
                column 10
                present []
                new item"#]],
        );
    }

    #[test]
    fn empty_value_after_a_key() {
        check(
            "spec:\n  restartPolicy: $0\n  containers: []\n",
            expect![[r#"
                value of restartPolicy at spec
                word "" ""
                column 2
                present ["containers"]"#]],
        );
        check(
            "spec:\n  restartPolicy:$0\n",
            expect![[r#"
                value of restartPolicy at spec
                word "" ""
                column 2
                present []
                needs space"#]],
        );
        check(
            "spec:\n  restartPolicy: Nev$0er  # 주석\n",
            expect![[r#"
                value of restartPolicy at spec
                word "Never" "Never"
                column 2
                present []"#]],
        );
    }

    #[test]
    fn blank_line_after_an_item_key() {
        check(
            "spec:\n  containers:\n  - name: x\n    $0\n",
            expect![[r#"
                key at spec.containers[0]
                word "" ""
                column 4
                present ["name"]"#]],
        );
        // Less indented: a key of the Pod spec.
        check(
            "spec:\n  containers:\n  - name: x\n  $0\n",
            expect![[r#"
                key at spec
                word "" ""
                column 2
                present ["containers"]"#]],
        );
        check(
            "spec:\n  containers:\n  - name: x\n$0\n",
            expect![[r#"
                key at 
                word "" ""
                column 0
                present ["spec"]"#]],
        );
    }

    #[test]
    fn nested_objects_and_key_being_edited() {
        check(
            "spec:\n  containers:\n  - name: x\n    resources:\n      limits:\n        cpu: 1\n      req$0uests:\n",
            expect![[r#"
                key at spec.containers[0].resources
                word "requests" "requests"
                column 6
                present ["limits"]
                has colon"#]],
        );
    }

    #[test]
    fn second_item_index_and_indentless_sequences() {
        check(
            "spec:\n  volumes:\n  - name: a\n    emptyDir: {}\n  - name: b\n    con$0\n  containers: []\n",
            expect![[r#"
                key at spec.volumes[1]
                word "con" "con"
                column 4
                present ["name"]"#]],
        );
        check(
            "spec:\n  volumes:\n  - name: a\n  - name: b\n  host$0\n",
            expect![[r#"
                key at spec
                word "host" "host"
                column 2
                present ["volumes"]"#]],
        );
    }

    #[test]
    fn scalar_sequence_items_and_value_lines() {
        check(
            "spec:\n  containers:\n  - name: x\n    args:\n    - --port\n    - $0\n",
            expect![[r#"
                key at spec.containers[0].args[1]
                word "" ""
                column 6
                present []
                new item"#]],
        );
        check(
            "spec:\n  containers:\n  - args:\n    - echo 안녕 $0\n",
            expect![[r#"
                key at spec.containers[0].args[0]
                word "echo 안녕 " "echo 안녕 "
                column 6
                present []
                new item"#]],
        );
    }

    #[test]
    fn right_after_a_dash() {
        check(
            "spec:\n  containers:\n  -$0\n",
            expect![[r#"
            key at spec.containers[0]
            word "" ""
            column 4
            present []
            new item, needs space"#]],
        );
    }

    /// Hostile nesting (a staircase of 100,000 keys, a line of 100,000 dashes) ends the walk instead of the stack.
    #[test]
    fn deep_nesting_is_bounded() {
        let mut staircase = String::new();
        for i in 0..100_000 {
            staircase.push_str(&" ".repeat(i % 5_000));
            staircase.push_str("k:\n");
        }
        staircase.push_str(&" ".repeat(5_000));
        let at = staircase.len();
        let _ = CursorContext::at(&staircase, at);
        let dashes = format!("a:\n{}x", "- ".repeat(100_000));
        assert!(CursorContext::at(&dashes, dashes.len()).is_none());
    }

    #[test]
    fn nothing_in_comments_block_scalars_and_markers() {
        check("spec:\n  # restart$0\n", expect!["none"]);
        check("spec:\n  command:\n  - |\n    echo hi\n    ec$0\n", expect!["none"]);
        check("spec:\n  script: |\n    echo\n    $0\n", expect!["none"]);
        check("a: 1\n---$0\n", expect!["none"]);
    }

    #[test]
    fn document_marker_bounds_the_walk() {
        check(
            "---\nkind: Pod\nsp$0\n",
            expect![[r#"
                key at 
                word "sp" "sp"
                column 0
                present ["kind"]"#]],
        );
    }

    #[test]
    fn node_at_finds_keys_and_values() {
        let (text, offset) =
            cursor("spec:\n  containers:\n  - name: x\n  - name: 서울\n    imagePull$0Policy: Always\n");
        let root = syntax::parse(&text).root.unwrap();
        let hit = node_at(&root, offset).unwrap();
        assert_eq!(syntax::field_path(&hit.path), "spec.containers[1].imagePullPolicy");
        assert!(hit.on_key);
        let value = text.find("Always").unwrap() + 2;
        let hit = node_at(&root, value).unwrap();
        assert!(!hit.on_key);
        assert_eq!(&text[hit.range().as_range()], "Always");
        let name = text.find("서울").unwrap();
        assert_eq!(syntax::field_path(&node_at(&root, name).unwrap().path), "spec.containers[1].name");
    }
}
