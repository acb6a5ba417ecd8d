//! The outline of a file and its folding ranges: one symbol per `---` document (a Pod by `metadata.name`, with its
//! containers and volumes; any other kind as `kind/name`), and a fold per document and per multi-line block.
//!
//! Architecture Invariant: no LSP types here; ranges are byte offsets into the whole file.

use crate::syntax::{self, Node, NodeKind, ScalarStyle};
use crate::text::TextRange;

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    /// Shown next to the name: the kind, a container's image, a volume's source.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// Everything the symbol covers (a whole document, a whole container item).
    pub range: TextRange,
    /// What to select when the symbol is picked: its name.
    pub selection_range: TextRange,
    pub children: Vec<DocumentSymbol>,
}

/// What a symbol stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Pod,
    /// A document of another kind (`ConfigMap/settings`), or a mapping without `kind`.
    Resource,
    Container,
    InitContainer,
    EphemeralContainer,
    Volume,
}

/// A range that can be folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoldingRange {
    /// From the first character of the block to its last; the protocol layer folds the lines it spans.
    pub range: TextRange,
    pub kind: FoldingKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldingKind {
    /// A whole `---` document.
    Document,
    /// A mapping, sequence or block scalar spanning several lines.
    Block,
    /// Consecutive comment lines.
    Comment,
}

/// The outline of a whole file, one top-level symbol per document that has content.
pub fn document_symbols(text: &str) -> Vec<DocumentSymbol> {
    syntax::split_documents(text)
        .into_iter()
        .filter_map(|range| {
            let parse = syntax::parse(text.get(range.as_range())?);
            let mut symbol = document_symbol(parse.root.as_ref()?)?;
            shift(&mut symbol, range.start);
            Some(symbol)
        })
        .collect()
}

/// The symbol of one document from its tree; ranges are document offsets.
pub fn document_symbol(root: &Node) -> Option<DocumentSymbol> {
    root.as_mapping()?;
    let kind = root.get("kind").and_then(Node::scalar_text);
    let name_node = root.get("metadata").and_then(|m| m.get("name")).filter(|n| !n.is_null());
    let name = name_node.and_then(Node::scalar_text);
    let selection_range = name_node.or_else(|| root.get("kind")).map_or(root.range, |n| n.range);
    if kind != Some("Pod") {
        let name = match (kind, name) {
            (Some(kind), Some(name)) => format!("{kind}/{name}"),
            (Some(kind), None) => kind.to_owned(),
            (None, Some(name)) => name.to_owned(),
            (None, None) => "(document)".to_owned(),
        };
        return Some(DocumentSymbol {
            name,
            detail: None,
            kind: SymbolKind::Resource,
            range: root.range,
            selection_range,
            children: Vec::new(),
        });
    }
    let mut children = Vec::new();
    if let Some(spec) = root.get("spec") {
        for (key, kind) in [
            ("initContainers", SymbolKind::InitContainer),
            ("containers", SymbolKind::Container),
            ("ephemeralContainers", SymbolKind::EphemeralContainer),
        ] {
            for item in spec.get(key).and_then(Node::as_sequence).unwrap_or_default() {
                children.push(named_item(item, kind, item.get("image").and_then(Node::scalar_text).map(str::to_owned)));
            }
        }
        for item in spec.get("volumes").and_then(Node::as_sequence).unwrap_or_default() {
            children.push(named_item(item, SymbolKind::Volume, volume_source(item)));
        }
    }
    Some(DocumentSymbol {
        name: name.unwrap_or("(unnamed Pod)").to_owned(),
        detail: Some("Pod".to_owned()),
        kind: SymbolKind::Pod,
        range: root.range,
        selection_range,
        children,
    })
}

fn named_item(item: &Node, kind: SymbolKind, detail: Option<String>) -> DocumentSymbol {
    let name_node = item.get("name").filter(|n| !n.is_null());
    let name = name_node.and_then(Node::scalar_text).unwrap_or("(unnamed)").to_owned();
    let prefix = match kind {
        SymbolKind::InitContainer => Some("init container"),
        SymbolKind::EphemeralContainer => Some("ephemeral container"),
        _ => None,
    };
    let detail = match (prefix, detail) {
        (Some(prefix), Some(detail)) => Some(format!("{prefix} · {detail}")),
        (Some(prefix), None) => Some(prefix.to_owned()),
        (None, detail) => detail,
    };
    DocumentSymbol {
        name,
        detail,
        kind,
        range: item.range,
        selection_range: name_node.map_or(item.range, |n| n.range),
        children: Vec::new(),
    }
}

/// The source of a volume: its one key besides `name` (`configMap`, `emptyDir`).
fn volume_source(volume: &Node) -> Option<String> {
    let entries = volume.as_mapping()?;
    entries.iter().filter_map(|e| e.key_str()).find(|k| *k != "name").map(str::to_owned)
}

fn shift(symbol: &mut DocumentSymbol, by: usize) {
    symbol.range = symbol.range.shift(by);
    symbol.selection_range = symbol.selection_range.shift(by);
    for child in &mut symbol.children {
        shift(child, by);
    }
}

/// The folding ranges of a whole file: each document, each block spanning several lines, each run of comments.
pub fn folding_ranges(text: &str) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    for range in syntax::split_documents(text) {
        let Some(doc) = text.get(range.as_range()) else { continue };
        let root = syntax::parse(doc).root;
        out.extend(
            document_folding_ranges(doc, root.as_ref())
                .into_iter()
                .map(|f| FoldingRange { range: f.range.shift(range.start), kind: f.kind }),
        );
    }
    out
}

/// The folding ranges of one `---` document from its text and tree; document offsets.
pub fn document_folding_ranges(doc: &str, root: Option<&Node>) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    let content = doc.trim_end();
    if content.contains('\n') {
        out.push(FoldingRange { range: TextRange::new(0, content.len()), kind: FoldingKind::Document });
    }
    if let Some(root) = root {
        let mut blocks = Vec::new();
        blocks_of(doc, root, None, &mut blocks);
        out.extend(blocks.into_iter().map(|range| FoldingRange { range, kind: FoldingKind::Block }));
    }
    comment_runs(doc, 0, &mut out);
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    out.dedup_by_key(|f| f.range);
    out
}

/// Adds the multi-line blocks under `node`; `from` is where the block starts (its key, or its `- `).
fn blocks_of(doc: &str, node: &Node, from: Option<usize>, out: &mut Vec<TextRange>) {
    let start = from.unwrap_or(node.range.start);
    let spans_lines = |start: usize, end: usize| doc.get(start..end).is_some_and(|block| block.contains('\n'));
    match &node.kind {
        NodeKind::Mapping(entries) => {
            if from.is_some() && spans_lines(start, node.range.end) {
                out.push(TextRange::new(start, node.range.end));
            }
            for entry in entries.iter().filter(|e| !e.merged) {
                blocks_of(doc, &entry.value, Some(entry.key.range.start), out);
            }
        }
        NodeKind::Sequence(items) => {
            if from.is_some() && spans_lines(start, node.range.end) {
                out.push(TextRange::new(start, node.range.end));
            }
            for item in items {
                // An item folds from its dash, so a container folds as a whole.
                let before = doc.get(..item.range.start).unwrap_or_default();
                let dash = before.trim_end_matches(' ').strip_suffix('-').map(str::len);
                blocks_of(doc, item, Some(dash.unwrap_or(item.range.start)), out);
            }
        }
        NodeKind::Scalar(scalar) => {
            if matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded) && spans_lines(start, node.range.end)
            {
                out.push(TextRange::new(start, node.range.end));
            }
        }
    }
}

/// Runs of two or more comment lines.
fn comment_runs(doc: &str, base: usize, out: &mut Vec<FoldingRange>) {
    let mut run: Option<(usize, usize, usize)> = None;
    let mut offset = 0;
    for line in doc.split_inclusive('\n') {
        let trimmed = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        if trimmed.starts_with('#') {
            let end = start + trimmed.len();
            run = Some(match run {
                Some((first, _, count)) => (first, end, count + 1),
                None => (start, end, 1),
            });
        } else if let Some((first, end, count)) = run.take()
            && count > 1
        {
            out.push(FoldingRange { range: TextRange::new(base + first, base + end), kind: FoldingKind::Comment });
        }
        offset += line.len();
    }
    if let Some((first, end, count)) = run
        && count > 1
    {
        out.push(FoldingRange { range: TextRange::new(base + first, base + end), kind: FoldingKind::Comment });
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    fn render(text: &str, symbol: &DocumentSymbol, depth: usize, out: &mut String) {
        out.push_str(&format!(
            "{}{:?} {:?}{} @{:?}\n",
            "  ".repeat(depth),
            symbol.kind,
            symbol.name,
            symbol.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default(),
            &text[symbol.selection_range.as_range()],
        ));
        assert!(symbol.range.contains_range(symbol.selection_range));
        for child in &symbol.children {
            render(text, child, depth + 1, out);
        }
    }

    fn check_symbols(text: &str, expect: Expect) {
        let mut out = String::new();
        for symbol in document_symbols(text) {
            render(text, &symbol, 0, &mut out);
        }
        expect.assert_eq(&out);
    }

    fn check_folds(text: &str, expect: Expect) {
        let index = crate::text::LineIndex::new(text);
        let out: Vec<String> = folding_ranges(text)
            .iter()
            .map(|f| format!("{:?} {}-{}", f.kind, index.line_of(f.range.start) + 1, index.line_of(f.range.end) + 1))
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    const FILE: &str = "# 파드 두 개\n---
apiVersion: v1
kind: Pod
metadata:
  name: 웹-서버
spec:
  initContainers:
  - name: setup
    image: busybox
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
  - name: sidecar
  volumes:
  - name: config
    configMap:
      name: settings
  - name: scratch
    emptyDir: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  note: |
    첫 줄
    둘째 줄
---
kind: Pod
";

    #[test]
    fn outline_of_a_multi_document_file() {
        check_symbols(
            FILE,
            expect![[r#"
                Pod "웹-서버" (Pod) @"웹-서버"
                  InitContainer "setup" (init container · busybox) @"setup"
                  Container "web" (nginx:1.27) @"web"
                  Container "sidecar" @"sidecar"
                  Volume "config" (configMap) @"config"
                  Volume "scratch" (emptyDir) @"scratch"
                Resource "ConfigMap/settings" @"settings"
                Pod "(unnamed Pod)" (Pod) @"Pod"
            "#]],
        );
    }

    #[test]
    fn folding_ranges_of_a_multi_document_file() {
        check_folds(
            FILE,
            expect![[r#"
                Document 2-22
                Block 5-6
                Block 7-22
                Block 8-10
                Block 9-10
                Block 11-16
                Block 12-15
                Block 14-15
                Block 17-22
                Block 18-20
                Block 19-20
                Block 21-22
                Document 23-31
                Block 26-27
                Block 28-31
                Block 29-31
                Document 32-33"#]],
        );
    }

    #[test]
    fn other_kinds_flow_style_and_broken_documents() {
        check_symbols(
            "kind: Service\n---\nkind: Pod\nmetadata: {name: \"흐름\"}\nspec: {containers: [{name: a, image: b}], volumes: [{name: v, secret: {secretName: s}}]}\n---\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n  - name: ok\n  - name: [unclosed\n---\n- just\n- a list\n",
            expect![[r#"
                Resource "Service" @"Service"
                Pod "흐름" (Pod) @"\"흐름\""
                  Container "a" (b) @"a"
                  Volume "v" (secret) @"v"
                Pod "broken" (Pod) @"broken"
                  Container "ok" @"ok"
                  Container "(unnamed)" @"[unclosed"
            "#]],
        );
    }

    #[test]
    fn comment_runs_fold() {
        check_folds(
            "# 첫째\n# 둘째\nkind: Pod\n  # lone\nspec: {}\n",
            expect![[r#"
            Document 1-5
            Comment 1-2"#]],
        );
    }
}
