//! `podls check` for a chosen Kubernetes version and feature gates, and `--min-version`, through the built binary.

use std::path::PathBuf;
use std::process::{Command, Output};

use podls_e2e::podls_binary;
use serde_json::Value;

/// A Pod with pod-level resources (1.32, gate PodLevelResources) and an image volume (1.31, gate ImageVolume).
const NEW_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  resources:\n    limits: {cpu: \"1\"}\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      limits: {cpu: \"1\", memory: 1Gi}\n  volumes:\n  - name: models\n    image: {reference: example.com/models:v1}\n";

fn pod_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podls-versions-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("pod.yaml");
    std::fs::write(&path, NEW_POD).expect("write fixture");
    path
}

fn check(args: &[&str]) -> Output {
    Command::new(podls_binary()).arg("check").args(args).output().expect("podls runs")
}

fn json(output: &Output) -> Vec<Value> {
    let stdout = String::from_utf8(output.stdout.clone()).expect("utf-8 output");
    serde_json::from_str::<Value>(&stdout)
        .unwrap_or_else(|e| panic!("one JSON array: {e}\n{stdout}"))
        .as_array()
        .expect("an array")
        .clone()
}

fn codes(output: &Output) -> Vec<String> {
    json(output).iter().filter_map(|d| d["code"].as_str().map(str::to_owned)).collect()
}

#[test]
fn the_newest_version_accepts_the_newest_fields() {
    let pod = pod_file("newest");
    let output = check(&["--format", "json", pod.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    assert!(codes(&output).is_empty(), "{:?}", codes(&output));
}

#[test]
fn an_older_version_rejects_a_later_field_and_warns_about_a_gate_that_is_off() {
    let pod = pod_file("older");
    let output = check(&["--format", "json", "--kubernetes-version", "v1.31", pod.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(codes(&output), ["field-not-in-version", "feature-gate-off"]);
    let message = json(&output)[0]["message"].as_str().unwrap().to_owned();
    assert!(message.contains("needs Kubernetes 1.32 or later") && message.contains("your target is 1.31"), "{message}");
}

#[test]
fn feature_gates_turn_a_gated_field_on_or_off() {
    let pod = pod_file("gates");
    let on = check(&[
        "--format",
        "json",
        "--kubernetes-version",
        "1.33",
        "--feature-gates",
        "ImageVolume=true,PodLevelResources=true",
        pod.to_str().unwrap(),
    ]);
    assert!(codes(&on).is_empty(), "{:?}", codes(&on));
    let off = check(&["--format", "json", "--feature-gates", "ImageVolume=false", pod.to_str().unwrap()]);
    assert_eq!(off.status.code(), Some(0));
    assert_eq!(codes(&off), ["feature-gate-off"]);
    let unknown = check(&["--format", "json", "--feature-gates", "NoSuchGate=true", pod.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("NoSuchGate"));
}

#[test]
fn a_version_or_gate_list_that_does_not_parse_is_a_usage_error() {
    let pod = pod_file("usage");
    assert_eq!(check(&["--kubernetes-version", "1.24", pod.to_str().unwrap()]).status.code(), Some(2));
    assert_eq!(check(&["--feature-gates", "ImageVolume", pod.to_str().unwrap()]).status.code(), Some(2));
}

#[test]
fn min_version_prints_the_oldest_version_and_the_gates_to_turn_on() {
    let pod = pod_file("min");
    let text = check(&["--min-version", pod.to_str().unwrap()]);
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("Kubernetes 1.32 or later, with the feature gates ImageVolume"), "{stdout}");
    let report = json(&check(&["--min-version", "--format", "json", pod.to_str().unwrap()]));
    assert_eq!(report[0]["minVersion"], "1.32");
    assert_eq!(report[0]["maxVersion"], Value::Null);
    let gates: Vec<&str> =
        report[0]["featureGates"].as_array().unwrap().iter().filter_map(|g| g["name"].as_str()).collect();
    assert_eq!(gates, ["ImageVolume", "PodLevelResources"]);
}

#[test]
fn the_settings_file_names_the_target_and_the_flag_wins() {
    let pod = pod_file("settings-file");
    let dir = pod.parent().unwrap();
    std::fs::create_dir_all(dir.join(".git")).expect("a repository root");
    std::fs::write(dir.join(".podls.yaml"), "kubernetesVersion: \"1.31\"\nfeatureGates: {ImageVolume: true}\n")
        .expect("write settings");
    let from_file = check(&["--format", "json", pod.to_str().unwrap()]);
    assert_eq!(codes(&from_file), ["field-not-in-version"], "the file's 1.31, with its gate turned on");
    let flag = check(&["--format", "json", "--kubernetes-version", "1.37", pod.to_str().unwrap()]);
    assert_eq!(codes(&flag), Vec::<String>::new(), "the flag's version over the file's");
    std::fs::write(dir.join(".podls.yaml"), "kubernetesVersion: \"1.99\"\n").expect("write settings");
    let bad = check(&["--format", "json", pod.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains(".podls.yaml:1:") && stderr.contains("1.99"), "{stderr}");
}
