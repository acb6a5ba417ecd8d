//! Where the cursor is in a YAML document: the path of the mapping or sequence around it, whether it is on a key or
//! a value, and the word being typed.
//!
//! Two views serve the features. [`CursorContext::at`] reads the structure from indentation alone, so it works while
//! the line being typed is not valid YAML yet (`    ima`, `  - `, `restartPolicy: `): completion uses it.
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
    /// block scalar, a `---` line, a flow collection).
    pub fn at(text: &str, offset: usize) -> Option<CursorContext> {
        let offset = crate::text::floor_char_boundary(text, offset);
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
