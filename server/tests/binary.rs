//! Smoke test of the binary itself. Its presence also makes `cargo test` build `target/<profile>/podls`, which the
//! end-to-end tests in the workspace's `tests/` package run.

use std::process::Command;

#[test]
fn version_names_the_package() {
    let output = Command::new(env!("CARGO_BIN_EXE_podls")).arg("--version").output().expect("podls runs");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(stdout.trim(), format!("podls {}", env!("CARGO_PKG_VERSION")));
}
