//! Parse + validate throughput: one typical Pod, a generated file of 500 Pod documents, and wide mappings and long
//! lists at 1x and 10x (their times should be about ten times apart).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use podls_engine::ide::analysis::{analyze_file, file_diagnostics};
use podls_engine::ide::document::Document;
use podls_engine::text::TextRange;

const POD: &str = include_str!("../../examples/web-pod.yaml");

/// 500 copies of the example Pod, each with its own name, as one multi-document file.
fn many_pods(count: usize) -> String {
    (0..count).map(|i| format!("---\n{}", POD.replace("name: web\n", &format!("name: web-{i}\n")))).collect()
}

/// One Pod whose labels (`width` of them) and whose container's env list (`width` entries) are wide.
fn wide_pod(width: usize) -> String {
    let labels: String = (0..width).map(|i| format!("    app-{i}: v{i}\n")).collect();
    let env: String = (0..width).map(|i| format!("        - name: VAR_{i}\n          value: v{i}\n")).collect();
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n{labels}spec:\n  containers:\n    - name: web\n      \
         image: nginx:1.27\n      env:\n{env}"
    )
}

fn engine(c: &mut Criterion) {
    for width in [2_000, 20_000] {
        let wide = wide_pod(width);
        c.bench_function(&format!("analyze/{width} labels and env entries"), |b| {
            b.iter(|| file_diagnostics(&analyze_file(black_box(&wide))))
        });
    }
    let many = many_pods(500);
    c.bench_function("analyze/one pod", |b| b.iter(|| file_diagnostics(&analyze_file(black_box(POD)))));
    c.bench_function("analyze/500 pods", |b| b.iter(|| file_diagnostics(&analyze_file(black_box(&many)))));
    c.bench_function("parse/one pod", |b| b.iter(|| podls_engine::syntax::parse(black_box(POD))));
    let root = podls_engine::syntax::parse(POD).root.expect("the example parses");
    c.bench_function("validate/one pod", |b| {
        b.iter(|| podls_engine::diagnostics::schema::validate(black_box(POD), black_box(&root)))
    });

    // A keystroke in the middle of the 500-document file: apply the edit, then analyse what it touched.
    let middle = many.len() / 2 + many[many.len() / 2..].find("image: ").expect("an image line") + "image: ".len();
    let mut document = Document::new(&many, 1);
    document.analyze_all();
    let mut typed = false;
    c.bench_function("edit/keystroke in 500 pods", |b| {
        b.iter(|| {
            // Type a character, then delete it, so every iteration edits the same text.
            let edit = if typed { (TextRange::new(middle, middle + 1), "") } else { (TextRange::empty(middle), "x") };
            typed = !typed;
            document.replace(edit.0, edit.1);
            document.analyze_all();
        })
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
