//! Parse + validate throughput: one typical Pod, and a generated file of 500 Pod documents.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use podls::analysis::{analyze_file, file_diagnostics};

const POD: &str = include_str!("../../examples/web-pod.yaml");

/// 500 copies of the example Pod, each with its own name, as one multi-document file.
fn many_pods(count: usize) -> String {
    (0..count).map(|i| format!("---\n{}", POD.replace("name: web\n", &format!("name: web-{i}\n")))).collect()
}

fn engine(c: &mut Criterion) {
    let many = many_pods(500);
    c.bench_function("analyze/one pod", |b| b.iter(|| file_diagnostics(&analyze_file(black_box(POD)))));
    c.bench_function("analyze/500 pods", |b| b.iter(|| file_diagnostics(&analyze_file(black_box(&many)))));
    c.bench_function("parse/one pod", |b| b.iter(|| podls::yaml::parse(black_box(POD))));
}

criterion_group!(benches, engine);
criterion_main!(benches);
