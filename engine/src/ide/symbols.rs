//! The outline of a document: one symbol per `---` document (a Pod or a workload by `metadata.name`, with the
//! containers and volumes of its Pod spec; any other kind as `kind/name`).
//!
//! Architecture Invariant: no LSP types here; ranges are byte offsets into the document.

use crate::model::pod::{self, ContainerKind};
use crate::model::workload;
use crate::syntax::Node;
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
    /// A document that carries a Pod spec: a Pod, or a workload with a Pod template (its kind is the detail).
    Workload,
    /// A document of another kind (`ConfigMap/settings`), or a mapping without `kind`.
    Resource,
    Container,
    InitContainer,
    EphemeralContainer,
    Volume,
}

/// The symbol of one document from its tree; ranges are document offsets.
pub fn document_symbol(root: &Node) -> Option<DocumentSymbol> {
    root.as_mapping()?;
    let kind = root.get("kind").and_then(Node::scalar_text);
    let name_node = root.get("metadata").and_then(|m| m.get("name")).filter(|n| !n.is_null());
    let name = name_node.and_then(Node::scalar_text);
    let selection_range = name_node.or_else(|| root.get("kind")).map_or(root.range, |n| n.range);
    let Some((carrier, _)) = workload::carrier_of(root) else {
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
    };
    let mut children = Vec::new();
    if let Some(spec) = carrier.pod_spec().try_fold(root, |node, key| node.get(key)) {
        // Init containers first: they run first.
        for (id, item) in
            pod::containers(spec, &[ContainerKind::Init, ContainerKind::Regular, ContainerKind::Ephemeral])
        {
            let kind = match id.kind {
                ContainerKind::Init => SymbolKind::InitContainer,
                ContainerKind::Regular => SymbolKind::Container,
                ContainerKind::Ephemeral => SymbolKind::EphemeralContainer,
            };
            children.push(named_item(item, kind, item.get("image").and_then(Node::scalar_text).map(str::to_owned)));
        }
        for item in spec.get("volumes").and_then(Node::as_sequence).unwrap_or_default() {
            children.push(named_item(item, SymbolKind::Volume, volume_source(item)));
        }
    }
    Some(DocumentSymbol {
        name: name.map_or_else(|| format!("(unnamed {})", carrier.kind), str::to_owned),
        detail: Some(carrier.kind.to_owned()),
        kind: SymbolKind::Workload,
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
        // A name brought in by a merge key (`<<: *base`) is written at the anchor, outside the item.
        selection_range: name_node.map(|n| n.range).filter(|r| item.range.contains_range(*r)).unwrap_or(item.range),
        children: Vec::new(),
    }
}

/// The source of a volume: its one key besides `name` (`configMap`, `emptyDir`).
fn volume_source(volume: &Node) -> Option<String> {
    let entries = volume.as_mapping()?;
    entries.iter().filter_map(|e| e.key_str()).find(|k| *k != "name").map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::ide::document::Document;
    use crate::ide::fixture::MULTI_DOCUMENT_FILE;

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

    /// The outline of every document of a file, each from its cached parse as the server asks for it.
    fn check_symbols(text: &str, expect: Expect) {
        let mut out = String::new();
        for part in Document::new(text, 0).parts() {
            let Some(root) = &part.part.analysis().parse.root else { continue };
            if let Some(symbol) = document_symbol(root) {
                render(part.part.text(), &symbol, 0, &mut out);
            }
        }
        expect.assert_eq(&out);
    }

    #[test]
    fn outline_of_a_multi_document_file() {
        check_symbols(
            MULTI_DOCUMENT_FILE,
            expect![[r#"
                Workload "웹-서버" (Pod) @"웹-서버"
                  InitContainer "setup" (init container · busybox) @"setup"
                  Container "web" (nginx:1.27) @"web"
                  Container "sidecar" @"sidecar"
                  Volume "config" (configMap) @"config"
                  Volume "scratch" (emptyDir) @"scratch"
                Resource "ConfigMap/settings" @"settings"
                Workload "(unnamed Pod)" (Pod) @"Pod"
            "#]],
        );
    }

    #[test]
    fn other_kinds_flow_style_and_broken_documents() {
        check_symbols(
            "kind: Service\n---\nkind: Pod\nmetadata: {name: \"흐름\"}\nspec: {containers: [{name: a, image: b}], volumes: [{name: v, secret: {secretName: s}}]}\n---\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n  - name: ok\n  - name: [unclosed\n---\n- just\n- a list\n",
            expect![[r#"
                Resource "Service" @"Service"
                Workload "흐름" (Pod) @"\"흐름\""
                  Container "a" (b) @"a"
                  Volume "v" (secret) @"v"
                Workload "broken" (Pod) @"broken"
                  Container "ok" @"ok"
                  Container "(unnamed)" @"[unclosed"
            "#]],
        );
    }

    #[test]
    fn workloads_show_the_containers_of_their_template() {
        check_symbols(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: setup\n        image: busybox\n      containers:\n      - name: app\n        image: nginx:1.27\n      volumes:\n      - name: cache\n        emptyDir: {}\n---\napiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - name: db\n        image: postgres:17\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: backup\n            image: restic\n",
            expect![[r#"
                Workload "web" (Deployment) @"web"
                  InitContainer "setup" (init container · busybox) @"setup"
                  Container "app" (nginx:1.27) @"app"
                  Volume "cache" (emptyDir) @"cache"
                Workload "(unnamed StatefulSet)" (StatefulSet) @"StatefulSet"
                  Container "db" (postgres:17) @"db"
                Workload "nightly" (CronJob) @"nightly"
                  Container "backup" (restic) @"backup"
            "#]],
        );
    }
}
