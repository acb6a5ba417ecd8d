//! Shared code of the tests: helpers of the end-to-end tests in `tests/tests/`, which run the built `podls` binary,
//! and the schema-shaped manifest generator and invariant checks that the property tests and the fuzz targets in
//! `fuzz/` both use.

pub mod invariants;
pub mod shaped;

use std::path::PathBuf;

/// The `podls` binary of this build profile.
///
/// `cargo test` builds it before any test runs, because the `podls` package has integration tests of its own
/// (cargo builds a package's binaries for them). Running only this package (`cargo test -p podls-e2e`) needs a
/// `cargo build` first.
pub fn podls_binary() -> PathBuf {
    let test_exe = std::env::current_exe().expect("the test knows its own path");
    // target/<profile>/deps/<test> → target/<profile>/podls
    let profile_dir = test_exe.parent().and_then(|deps| deps.parent()).expect("tests run from target/<profile>/deps");
    let binary = profile_dir.join(format!("podls{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.exists(), "{} is missing: run `cargo test` from the workspace root", binary.display());
    binary
}
