//! Kubernetes' own validation tests as fixtures: each file under `engine/tests/parity/` holds the create-time cases
//! of one Go test function, one `---` document per case, with the errors the API server reports annotated under
//! the field it names (`# ^^^ code: spec.containers[0].name: Required value`). A success case has no annotation
//! and must stay silent.
//!
//! Only the API server's verdict is compared: errors outside the lint group. Warnings and lint are podls's own
//! opinion and are tested elsewhere.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Severity, registry};
use crate::test_utils::check_filtered;

pub(super) fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("the parity folder is readable").map(|e| e.expect("an entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

fn is_api_server_error(code: &str, severity: Severity) -> bool {
    severity == Severity::Error && registry::get(code).is_some_and(|info| info.group != "Lint")
}

#[test]
fn every_case_gets_the_api_servers_verdict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parity");
    let mut files = Vec::new();
    fixtures(&root, &mut files);
    assert!(!files.is_empty(), "no fixtures under {}", root.display());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a fixture is UTF-8");
        let name = path.strip_prefix(&root).unwrap_or(path).display().to_string();
        // Each file says which upstream test it follows, so a reader can compare it case by case.
        if !text.lines().next().is_some_and(|l| l.starts_with("# ") && l.contains(" Test")) {
            failures.push(format!("{name}: the first line must name the Go test function it follows"));
            continue;
        }
        let outcome = std::panic::catch_unwind(|| check_filtered(&text, |d| is_api_server_error(d.code, d.severity)));
        if let Err(payload) = outcome {
            // `check_against` panics with a formatted message.
            let message = payload.downcast_ref::<String>().map_or("a panic without a message", String::as_str);
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} parity files fail:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
