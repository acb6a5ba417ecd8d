//! Every output format of `podls check`, whole, on one small repository: golden files under `tests/golden/`.
//! `UPDATE_EXPECT=1 cargo test --test check_formats` rewrites them; read the diff before committing it.
//!
//! The repository holds a Pod with mistakes (one of them a duplicate, whose first place is related information, and
//! one after an emoji, so UTF-16 columns differ from characters), a clean Pod next to a Deployment (a kind podls
//! does not check yet), a file in a gitignored folder and one in a vendored folder (neither is read).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect_file;
use podls_e2e::podls_binary;

const BROKEN: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: \"🚀 web\", tier: Front End}
spec:
  containers:
    - name: web
      image: nginx:1.27
      imagePullPolicy: Sometimes
      ports: [{containerPort: 8080, protocol: tcp}]
    - name: web
      image: busybox
";

const MIXED: &str = "apiVersion: v1
kind: Service
metadata:
  name: frontend
---
apiVersion: v1
kind: Pod
metadata:
  name: ok
spec:
  containers:
    - name: ok
      image: nginx:1.27
      resources:
        limits: {cpu: 100m, memory: 64Mi}
";

/// A small repository with the files above; returns its root.
fn repository(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("podls-formats-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in [
        ("pods/broken.yaml", BROKEN),
        ("pods/mixed.yaml", MIXED),
        ("build/generated.yaml", BROKEN),
        ("vendor/upstream.yaml", BROKEN),
        (".gitignore", "build/\n"),
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(root.join(".git")).unwrap();
    root
}

fn check(root: &Path, args: &[&str]) -> Output {
    Command::new(podls_binary())
        .arg("check")
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("podls runs")
}

/// The report as text, with the repository's temporary place replaced by `$ROOT`.
fn stdout(root: &Path, output: &Output) -> String {
    let root = root.canonicalize().unwrap();
    String::from_utf8(output.stdout.clone()).unwrap().replace(&root.display().to_string(), "$ROOT")
}

#[test]
fn every_format_reports_the_same_findings_at_the_same_places() {
    let root = repository("golden");
    for (format, golden) in [
        ("text", expect_file!["../golden/check.txt"]),
        ("json", expect_file!["../golden/check.json"]),
        ("sarif", expect_file!["../golden/check.sarif"]),
        ("github", expect_file!["../golden/check.github"]),
        ("junit", expect_file!["../golden/check.junit.xml"]),
    ] {
        let output = check(&root, &["--format", format, "."]);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&output.stderr));
        golden.assert_eq(&stdout(&root, &output));
    }
}

#[test]
fn inside_github_actions_the_default_format_is_annotations() {
    let root = repository("actions");
    let output = Command::new(podls_binary())
        .args(["check", "pods/broken.yaml"])
        .current_dir(&root)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.starts_with("::error file=pods/broken.yaml,line=5,"), "{report}");
    // `--format` wins over the environment.
    let output = Command::new(podls_binary())
        .args(["check", "--format", "json", "pods/broken.yaml"])
        .current_dir(&root)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    assert!(String::from_utf8(output.stdout).unwrap().starts_with('['));
}

#[test]
fn walks_skip_ignored_hidden_and_vendored_files_and_say_so_when_verbose() {
    let root = repository("walk");
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    std::fs::write(root.join(".hidden/pod.yaml"), BROKEN).unwrap();
    let files = |args: &[&str]| -> Vec<String> {
        let output = check(&root, &[&["--format", "json"], args].concat());
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut files: Vec<String> =
            report.as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap().to_owned()).collect();
        files.dedup();
        files
    };
    assert_eq!(files(&["."]), ["./pods/broken.yaml"]);
    assert_eq!(
        files(&["--no-ignore", "."]),
        ["./.hidden/pod.yaml", "./build/generated.yaml", "./pods/broken.yaml", "./vendor/upstream.yaml"]
    );
    assert_eq!(files(&["--exclude", "broken.yaml", "."]), Vec::<String>::new());
    // A file named on the command line is read even in an ignored folder, unless --exclude says otherwise.
    assert_eq!(files(&["build/generated.yaml"]), ["build/generated.yaml"]);
    assert_eq!(files(&["--exclude", "build/", "build/generated.yaml"]), Vec::<String>::new());

    let output = check(&root, &["--verbose", "--exclude", "pods/mixed.yaml", "."]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    let mut said: Vec<&str> = stderr.lines().collect();
    said.sort();
    assert_eq!(
        said,
        [
            "podls check: skipped ./.git (hidden)",
            "podls check: skipped ./.hidden (hidden)",
            "podls check: skipped ./build/generated.yaml (ignored by a .gitignore or .ignore file)",
            "podls check: skipped ./pods/mixed.yaml (excluded by --exclude)",
            "podls check: skipped ./vendor (a vendored folder)",
        ]
    );
}

#[test]
fn a_bad_exclude_pattern_is_a_usage_error() {
    let root = repository("bad-glob");
    let output = check(&root, &["--exclude", "pods/{a,b", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).starts_with("podls check: --exclude pods/{a,b: error parsing glob")
    );
}
