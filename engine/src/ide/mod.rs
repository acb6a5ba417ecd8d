//! What an editor asks of one file: its analysis per document, and the features computed on it.
//!
//! Architecture Invariant: a feature reads the model, the schema and the syntax tree, and the cached analysis of
//! one `---` document; it never calls another feature. Each has one entry point, on one document with
//! document-local offsets, which the language server, the tests, the benchmarks and the fuzz targets all call.

pub mod analysis;
pub mod completion;
pub mod config;
pub mod document;
pub mod folding;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod settings_file;
pub mod source;
pub mod symbols;

/// A small Pod with a mistake, for [`warm_up`].
const WARM_UP_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: warm-up\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      imagePullPolicy: Sometimes\n";

/// Builds the tables the first document would otherwise build while everything waits for it: the bundled schema,
/// its Pod validator, the version table and the indexes of hover and completion. A process calls it on a spare
/// thread as it starts, so that the work overlaps with the client starting or with finding and reading files.
pub fn warm_up() {
    let analysis = analysis::analyze_document(WARM_UP_POD);
    let offset = WARM_UP_POD.find("Sometimes").unwrap_or(0);
    let _ = hover::document_hover(WARM_UP_POD, &analysis.parse, offset);
    let _ = completion::document_completions(WARM_UP_POD, &analysis.parse, offset);
}

/// The production path for tests: a file opened as the server opens it.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::ide::analysis::DocumentAnalysis;
    use crate::ide::document::Document;

    /// Two Pods and a ConfigMap after a comment, with containers, volumes and a block scalar.
    pub(crate) const MULTI_DOCUMENT_FILE: &str = "# 파드 두 개\n---
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

    /// Asks `feature` about file offset `offset` of `text` as the server does: on the `---` document that holds it,
    /// with that document's text, cached analysis and local offset. Returns the answer and the document's start,
    /// which turns the answer's ranges back into file offsets.
    pub(crate) fn ask<T>(
        text: &str,
        offset: usize,
        feature: impl FnOnce(&str, &DocumentAnalysis, usize) -> T,
    ) -> (T, usize) {
        let document = Document::new(text, 0);
        let part = document.part_at(offset);
        (feature(part.part.text(), part.part.analysis(), offset - part.start), part.start)
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::document::{Document, PartRef};
    use crate::ide::{completion, folding, hover, inlay_hints, navigation, symbols};
    use crate::text::TextRange;

    /// Every feature at `offset` of one document, as the server asks them: the ranges they answer lie inside it.
    fn every_feature_at(part: &PartRef<'_>, offset: usize) -> Result<(), String> {
        let text = part.part.text();
        let parse = &part.part.analysis().parse;
        let inside = |what: &str, r: TextRange| {
            if r.start <= r.end && r.end <= text.len() { Ok(()) } else { Err(format!("{what} {r:?} at {offset}")) }
        };
        for item in completion::document_completions(text, parse, offset) {
            inside("completion", item.replace_range)?;
        }
        if let Some(hover) = hover::document_hover(text, parse, offset) {
            inside("hover", hover.range)?;
        }
        let Some(root) = &parse.root else { return Ok(()) };
        for range in navigation::document_references(text, root, offset, true) {
            inside("reference", range)?;
        }
        if let Ok(prepared) = navigation::document_prepare_rename(text, root, offset) {
            inside("prepare rename", prepared.range)?;
        }
        for edit in navigation::document_rename(text, root, offset, "renamed").unwrap_or_default() {
            inside("rename", edit.range)?;
        }
        Ok(())
    }

    /// The features that answer for a whole document, once.
    fn whole_document_features(part: &PartRef<'_>) {
        let text = part.part.text();
        let parse = &part.part.analysis().parse;
        for fold in folding::document_folding_ranges(text, parse.root.as_ref()) {
            assert!(fold.range.end <= text.len());
        }
        let Some(root) = &parse.root else { return };
        for hint in inlay_hints::document_inlay_hints(text, root) {
            assert!(hint.offset <= text.len());
        }
        let _ = symbols::document_symbol(root);
    }

    /// Every feature at every offset of realistic and broken files: no panics, and ranges inside the text.
    #[test]
    fn every_feature_at_every_offset() {
        let files = [
            include_str!("../../../examples/web-pod.yaml").to_owned(),
            include_str!("../../../examples/broken-pod.yaml").to_owned(),
            include_str!("../../../examples/web-pod.yaml").replace('\n', "\r\n"),
            // Features read the tree of a template's blanked text with the template's own text.
            include_str!("../../../examples/helm-chart/templates/deployment.yaml").to_owned(),
            "kind: Pod\nspec:\n  containers:\n  - name: 웹\n    command: [\"$(A\", \"b\"]\n    env:\n    - {name: A, value: \"서울 $(A)\"}\n\t- x\n---\n- - a\n  - : b\n...\n\"k\": |\n  x\n".to_owned(),
        ];
        for text in &files {
            let document = Document::new(text, 0);
            for part in document.parts() {
                let local = part.part.text();
                for offset in (0..=local.len()).filter(|&o| local.is_char_boundary(o)) {
                    every_feature_at(&part, offset).unwrap();
                }
                whole_document_features(&part);
            }
        }
    }

    /// The features of this layer, with their source outside tests.
    const FEATURES: [(&str, &str); 8] = [
        ("completion", include_str!("completion/mod.rs")),
        ("completion", include_str!("completion/names.rs")),
        ("folding", include_str!("folding.rs")),
        ("hover", include_str!("hover.rs")),
        ("inlay_hints", include_str!("inlay_hints.rs")),
        ("navigation", include_str!("navigation.rs")),
        ("symbols", include_str!("symbols.rs")),
        ("config", include_str!("config.rs")),
    ];

    /// Features never import one another: each reads the model, the schema, the syntax tree and the cached analysis.
    #[test]
    fn features_never_import_each_other() {
        let mut edges = Vec::new();
        for (feature, source) in FEATURES {
            let production = source.split("#[cfg(test)]\nmod tests").next().unwrap_or(source);
            for (other, _) in FEATURES {
                let imports =
                    [format!("crate::ide::{other}"), format!("ide::{{{other}"), format!("ide::{{self, {other}")];
                if other != feature && imports.iter().any(|i| production.contains(i.as_str())) {
                    edges.push((feature, other));
                }
            }
        }
        edges.dedup();
        assert_eq!(edges, []);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Half-typed Pods of every shape: every feature answers at every offset without panicking, inside the text.
        #[test]
        fn arbitrary_half_typed_pods(body in "([ ]{0,8}(- |-)?(spec|containers|name|ports|volumeMounts|env|port|image|x|\"k\"|'k')?(:|: )?(\\$\\(|\\)|\\[|\\{|\\||>|#|&a |\\*a|80|서울|true|~|a)*(\r)?\n){0,14}(---\n)?") {
            let text = format!("apiVersion: v1\nkind: Pod\n{body}");
            let document = Document::new(&text, 0);
            for part in document.parts() {
                let local = part.part.text();
                for offset in (0..=local.len()).filter(|&o| local.is_char_boundary(o)) {
                    proptest::prop_assert_eq!(every_feature_at(&part, offset), Ok(()));
                }
                whole_document_features(&part);
            }
        }
    }
}
