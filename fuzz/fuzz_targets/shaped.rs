//! Schema-shaped Pods with awkward values (`podls_e2e::shaped::manifest`, reading its choices from the fuzzer's bytes)
//! through the whole analysis, every editor feature at many offsets of every document, and every quick fix applied
//! and analysed again (`check_manifest`). The same generator and checks run as a bounded property test in
//! `cargo test` (`tests/tests/shaped.rs`); here they run for as long as they are given, guided by coverage.

#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use podls_e2e::shaped::manifest;
use podls_fuzz::check_manifest;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = manifest(&mut Unstructured::new(data)) else { return };
    check_manifest(&text);
});
