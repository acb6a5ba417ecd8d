//! Our reading of the YAML edge cases in `tests/yaml/cases/` (made by `tests/yaml/generate`), checked against the
//! committed snapshots beside them. `scripts/yaml-diff` checks the same readings against libyaml's, so a snapshot
//! that changes here must still agree there. `UPDATE_EXPECT=1` rewrites the snapshots.

mod support {
    pub mod yaml_view;
}

use std::path::Path;

#[test]
fn edge_cases_read_as_their_snapshots_say() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/yaml/cases");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("the cases folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() > 50, "only {} cases in {}", cases.len(), dir.display());
    let mut mismatched = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case).expect("a UTF-8 case");
        let view = support::yaml_view::view(&text);
        let actual = serde_json::to_string_pretty(&view).expect("JSON") + "\n";
        let snapshot = case.with_extension("view.json");
        if update {
            std::fs::write(&snapshot, &actual).expect("the snapshot is written");
        } else if std::fs::read_to_string(&snapshot).ok().as_deref() != Some(actual.as_str()) {
            mismatched.push(format!("{}:\n{actual}", case.display()));
        }
    }
    assert!(
        mismatched.is_empty(),
        "{} cases read differently (UPDATE_EXPECT=1 to accept):\n{}",
        mismatched.len(),
        mismatched.join("\n")
    );
}
