//! Latency of the editor features at typical positions, on the path the language server takes: the `---` document
//! that holds the offset, its cached analysis, the feature. On one Pod, and in the middle of a 500-document file.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use podls_engine::ide::document::Document;
use podls_engine::ide::{completion, folding, hover, inlay_hints as inlay, navigation as references, symbols};

const POD: &str = include_str!("../../examples/web-pod.yaml");

/// The example Pod with a new line `text` typed after the line that ends with `after`, the cursor at its end.
fn typed(after: &str, text: &str) -> (String, usize) {
    let at = POD.find(after).expect("the example has the anchor") + after.len();
    let mut out = POD.to_owned();
    out.insert_str(at, &format!("{text}\n"));
    (out, at + text.len())
}

fn features(c: &mut Criterion) {
    // A half-typed key in the first container, a value after `protocol: `, a new `- ` item under `volumeMounts`.
    let (key_text, key_at) = typed("imagePullPolicy: IfNotPresent\n", "      ima");
    let (value_text, value_at) = typed("protocol: TCP\n", "          protocol: ");
    let (item_text, item_at) = typed("readOnly: true\n", "        - ");
    for (name, text, at) in
        [("key", &key_text, key_at), ("value", &value_text, value_at), ("new item", &item_text, item_at)]
    {
        let document = Document::new(text, 0);
        let parse = &document.part_at(at).part.analysis().parse;
        assert!(!completion::document_completions(text, parse, at).is_empty(), "{name}: no proposals");
        c.bench_function(&format!("completion/{name}"), |b| {
            b.iter(|| completion::document_completions(black_box(text), parse, black_box(at)))
        });
    }

    let pod = Document::new(POD, 0);
    let parse = &pod.part_at(0).part.analysis().parse;
    let on_key = POD.find("imagePullPolicy").unwrap() + 3;
    let on_value = POD.find("memory: 128Mi").unwrap() + 10;
    c.bench_function("hover/key", |b| b.iter(|| hover::document_hover(POD, parse, black_box(on_key))));
    c.bench_function("hover/value", |b| b.iter(|| hover::document_hover(POD, parse, black_box(on_value))));

    // In a big file: find the document, take its cached analysis (computed once, before the measurement), answer.
    let many: String =
        (0..500).map(|i| format!("---\n{}", POD.replace("name: web\n", &format!("name: web-{i}\n")))).collect();
    let many = Document::new(&many, 0);
    many.analyze_all();
    let text = many.text();
    let middle = text.len() / 2;
    let middle_key = middle + text[middle..].find("imagePullPolicy").unwrap() + 3;
    let middle_value = middle + text[middle..].find("protocol: ").unwrap() + 10;
    c.bench_function("hover/500 documents", |b| {
        b.iter(|| {
            let part = many.part_at(black_box(middle_key));
            hover::document_hover(part.part.text(), &part.part.analysis().parse, middle_key - part.start)
        })
    });
    c.bench_function("completion/500 documents", |b| {
        b.iter(|| {
            let part = many.part_at(black_box(middle_value));
            completion::document_completions(part.part.text(), &part.part.analysis().parse, middle_value - part.start)
        })
    });
    let root = parse.root.as_ref().expect("the example parses");
    let mount = POD.find("- name: logs").unwrap() + 9;
    let pod = podls_engine::model::workload::carrier("Pod").expect("a Pod carries a Pod spec");
    c.bench_function("names/index", |b| b.iter(|| podls_engine::model::names::index(black_box(POD), root, pod)));
    c.bench_function("references/highlight volume", |b| {
        b.iter(|| references::document_highlight(POD, root, black_box(mount)))
    });
    c.bench_function("references/rename volume", |b| {
        b.iter(|| references::document_rename(POD, root, black_box(mount), "cache"))
    });
    c.bench_function("inlay/one pod", |b| b.iter(|| inlay::document_inlay_hints(black_box(POD), root)));
    c.bench_function("symbols/one pod", |b| b.iter(|| symbols::document_symbol(black_box(root))));
    c.bench_function("folding/one pod", |b| b.iter(|| folding::document_folding_ranges(black_box(POD), Some(root))));
}

criterion_group!(benches, features);
criterion_main!(benches);
