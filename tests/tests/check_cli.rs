//! `podls check` end to end: output formats, positions, exit statuses and flags, through the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use podls_e2e::podls_binary;
use serde_json::Value;

const CLEAN_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      resources:\n        limits: {cpu: 100m, memory: 64Mi}\n";

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podls-check-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).expect("write fixture");
    path
}

fn check(args: &[&str]) -> Output {
    Command::new(podls_binary())
        .arg("check")
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("PODLS_CONFIG")
        .output()
        .expect("podls runs")
}

fn json(output: &Output) -> Vec<Value> {
    let stdout = String::from_utf8(output.stdout.clone()).expect("utf-8 output");
    let value: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("one JSON array: {e}\n{stdout}"));
    value.as_array().expect("an array").clone()
}

#[test]
fn clean_file_prints_an_empty_array_and_exits_0() {
    let dir = scratch("clean");
    let pod = write(&dir, "pod.yaml", CLEAN_POD);
    let output = check(&["--format", "json", pod.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let errors: Vec<_> = json(&output).into_iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn json_reports_positions_in_unicode_characters() {
    let dir = scratch("korean");
    let text = format!("{CLEAN_POD}      env: [{{name: GREETING, value: \"안녕 😀\"}}, {{name: B, valu: x}}]\n");
    let pod = write(&dir, "pod.yaml", &text);
    let output = check(&["--format", "json", pod.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let diagnostics = json(&output);
    let unknown = diagnostics.iter().find(|d| d["code"] == "unknown-field").expect("the typo is reported");
    let line = text.lines().nth(10).unwrap();
    let column = line.rfind("valu: x").map(|byte| line[..byte].chars().count());
    assert_eq!(unknown["file"], pod.to_str().unwrap());
    assert_eq!(unknown["line"], 11);
    assert_eq!(unknown["column"].as_u64(), column.map(|c| c as u64 + 1));
    assert_eq!(unknown["end_line"], 11);
    assert_eq!(unknown["end_column"].as_u64(), column.map(|c| c as u64 + 5));
    assert!(unknown["message"].as_str().unwrap().contains("valu"));
}

#[test]
fn text_output_is_compiler_style_with_a_summary() {
    let dir = scratch("text");
    let text = CLEAN_POD.replace("  name: web\nspec:", "  name: web\nspec:\n  restartPolicy: Sometimes");
    let pod = write(&dir, "pod.yaml", &text);
    let output = check(&[pod.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no colour when stdout is not a terminal:\n{stdout}");
    assert!(stdout.contains(&format!("{}:6:18", pod.display())), "{stdout}");
    assert!(stdout.contains("restartPolicy: Sometimes"), "the source line is shown:\n{stdout}");
    assert!(stdout.contains("^^^^^^^^^"), "the value is underlined:\n{stdout}");
    assert!(stdout.contains("invalid-value"), "{stdout}");
    assert!(stdout.trim_end().lines().last().unwrap().starts_with("checked 1 file: 1 error"), "{stdout}");
}

#[test]
fn directories_are_searched_for_yaml_files() {
    let dir = scratch("dir");
    write(&dir, "a/pod.yaml", CLEAN_POD);
    write(&dir, "a/b/broken.yml", CLEAN_POD.replace("kind: Pod", "kind: Pod\nstatus: {}\nspek: {}"));
    write(&dir, "a/notes.txt", "spek: not yaml that matters");
    let output = check(&["--format", "json", dir.to_str().unwrap()]);
    let files: Vec<String> = json(&output).iter().map(|d| d["file"].as_str().unwrap().to_owned()).collect();
    assert!(files.iter().all(|f| f.ends_with("broken.yml")), "{files:?}");
    assert!(!files.is_empty());
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn stdin_is_read_from_dash() {
    let mut child = Command::new(podls_binary())
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("podls runs");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"apiVersion: v1\nkind: pod\nmetadata: {name: p}\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let diagnostics = json(&output);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["file"], "<stdin>");
    assert_eq!(diagnostics[0]["code"], "wrong-kind");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn unreadable_files_exit_2_and_the_rest_is_still_checked() {
    let dir = scratch("unreadable");
    let broken = write(&dir, "pod.yaml", "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    let missing = dir.join("missing.yaml");
    let output = check(&["--format", "json", missing.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.yaml"));
    assert_eq!(json(&output).len(), 1);
}

#[test]
fn invalid_utf8_and_nul_bytes_get_diagnostics_not_a_crash() {
    let dir = scratch("bytes");
    let bad = write(&dir, "bad.yaml", b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xff\xfe\n".as_slice());
    let nul = write(&dir, "nul.yaml", b"apiVersion: v1\nkind: Pod\x00\n".as_slice());
    let output = check(&["--format", "json", bad.to_str().unwrap(), nul.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let codes: Vec<(String, String)> = json(&output)
        .iter()
        .map(|d| {
            (d["file"].as_str().unwrap().rsplit('/').next().unwrap().to_owned(), d["code"].as_str().unwrap().to_owned())
        })
        .collect();
    assert!(codes.contains(&("bad.yaml".into(), "not-utf8".into())), "{codes:?}");
    assert!(codes.contains(&("nul.yaml".into(), "yaml-syntax".into())), "{codes:?}");
}

#[test]
fn a_multi_byte_character_in_an_iscsi_name_is_a_diagnostic_not_a_crash() {
    let dir = scratch("iscsi");
    let volume = "  volumes:\n    - name: disk\n      iscsi: {targetPortal: \"10.0.0.1:3260\", iqn: \"euié123456789012345\", lun: 0}\n";
    let pod = write(&dir, "pod.yaml", format!("{CLEAN_POD}{volume}"));
    let clean = write(&dir, "other.yaml", CLEAN_POD);
    let output = check(&["--format", "json", pod.to_str().unwrap(), clean.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let diagnostics = json(&output);
    let iqn = diagnostics.iter().find(|d| d["code"] == "invalid-volume-source").expect("the name is reported");
    assert_eq!(iqn["file"], pod.to_str().unwrap());
    assert!(iqn["message"].as_str().unwrap().contains("\"euié123456789012345\": must be valid format"), "{iqn}");
}

#[test]
fn disable_and_severity_flags_change_the_report() {
    let dir = scratch("flags");
    let pod = write(&dir, "pod.yaml", "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    let output = check(&["--format", "json", "--disable", "wrong-kind", pod.to_str().unwrap()]);
    assert_eq!(json(&output).len(), 0);
    assert_eq!(output.status.code(), Some(0));
    let output = check(&["--format", "json", "--severity", "wrong-kind=warning", pod.to_str().unwrap()]);
    let diagnostics = json(&output);
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert_eq!(output.status.code(), Some(0));
    let output = check(&["--severity", "wrong-kind=loud", pod.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn flags_naming_an_unknown_code_warn_and_the_check_still_runs() {
    let dir = scratch("unknown-codes");
    let pod = write(&dir, "pod.yaml", "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n");
    let output =
        check(&["--format", "json", "--disable", "wrong-knd", "--severity", "no-such=hint", pod.to_str().unwrap()]);
    expect_test::expect![[r#"
        podls check: warning: --disable: `wrong-knd` is not a diagnostic code of podls, so this changes nothing; did you mean `wrong-kind`?
        podls check: warning: --severity: `no-such` is not a diagnostic code of podls, so this changes nothing
    "#]]
    .assert_eq(&String::from_utf8_lossy(&output.stderr));
    assert_eq!(json(&output).len(), 1);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn ignore_comments_silence_one_line() {
    let dir = scratch("ignore");
    let pod = write(&dir, "pod.yaml", "apiVersion: v1\nkind: pod # podls-ignore: wrong-kind\nmetadata: {name: p}\n");
    let output = check(&["--format", "json", pod.to_str().unwrap()]);
    assert_eq!(json(&output).len(), 0);
}

#[test]
fn the_broken_example_reports_each_mistake() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/broken-pod.yaml");
    let output = check(&["--format", "json", example.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let found: Vec<(u64, String)> =
        json(&output).iter().map(|d| (d["line"].as_u64().unwrap(), d["code"].as_str().unwrap().to_owned())).collect();
    for (line, code) in
        [(6, "unknown-field"), (9, "invalid-value"), (13, "unknown-field"), (15, "invalid-type"), (16, "invalid-value")]
    {
        assert!(found.contains(&(line, code.to_owned())), "line {line} {code} not in {found:?}");
    }
}

/// `restartPolicy: Sometimes` (invalid-value, an error) and no resources (missing-resources, a lint).
const LINTED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: Sometimes\n  containers:\n    - name: web\n      image: nginx:1.27\n";

/// A repository (`.git`) with a settings file at its root and Pods below it.
fn repository(name: &str, settings: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(&dir, ".podls.yaml", settings);
    write(&dir, "apps/web/pod.yaml", LINTED_POD);
    write(&dir, "apps/generated/pod.yaml", LINTED_POD);
    dir
}

fn severities(output: &Output) -> Vec<(String, String, String)> {
    let mut found: Vec<(String, String, String)> = json(output)
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap().rsplit_once("apps/").map_or("", |(_, f)| f).to_owned();
            (file, d["code"].as_str().unwrap().to_owned(), d["severity"].as_str().unwrap().to_owned())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_nearest_settings_file_applies_and_flags_win_key_by_key() {
    let dir = repository(
        "settings-discovery",
        "rules:\n  lint: off\n  invalid-value: hint\nfiles:\n  exclude: [generated/]\n",
    );
    let output = check(&["--format", "json", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(severities(&output), [("web/pod.yaml".to_owned(), "invalid-value".to_owned(), "hint".to_owned())]);

    // A flag wins over the file for its code; the file's other keys still apply.
    let output = check(&["--format", "json", "--severity", "invalid-value=error", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(severities(&output), [("web/pod.yaml".to_owned(), "invalid-value".to_owned(), "error".to_owned())]);

    // A file named on the command line is checked even where `files` leaves it out.
    let generated = dir.join("apps/generated/pod.yaml");
    let output = check(&["--format", "json", generated.to_str().unwrap()]);
    assert_eq!(severities(&output), [("generated/pod.yaml".to_owned(), "invalid-value".to_owned(), "hint".to_owned())]);

    // A nearer settings file replaces the one above it.
    write(&dir, "apps/web/.podls.yml", "rules: {invalid-value: warning}\n");
    let output = check(&["--format", "json", dir.join("apps/web").to_str().unwrap()]);
    let codes: Vec<String> =
        severities(&output).into_iter().map(|(_, code, severity)| format!("{code} {severity}")).collect();
    assert_eq!(codes, ["invalid-value warning", "missing-resources information"]);
}

#[test]
fn a_settings_file_above_the_repository_is_not_read() {
    let outer = scratch("settings-outside");
    write(&outer, ".podls.yaml", "rules: {invalid-value: off}\n");
    std::fs::create_dir_all(outer.join("repo/.git")).unwrap();
    let pod = write(&outer, "repo/pod.yaml", LINTED_POD);
    let output = check(&["--format", "json", pod.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn config_flag_and_environment_replace_the_search() {
    let dir = repository("settings-named", "rules: {invalid-value: off}\n");
    let other = write(&dir, "ci/strict.yaml", "rules: {invalid-value: warning, lint: error}\n");
    let pod = dir.join("apps/web/pod.yaml");
    let output = check(&["--format", "json", "--config", other.to_str().unwrap(), pod.to_str().unwrap()]);
    let found: Vec<String> =
        severities(&output).into_iter().map(|(_, code, severity)| format!("{code} {severity}")).collect();
    assert_eq!(found, ["invalid-value warning", "missing-resources error"]);
    let from_env = Command::new(podls_binary())
        .args(["check", "--format", "json", pod.to_str().unwrap()])
        .env("PODLS_CONFIG", &other)
        .output()
        .unwrap();
    assert_eq!(severities(&from_env), severities(&output));
    let missing = check(&["--config", dir.join("nope.yaml").to_str().unwrap(), pod.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn mistakes_in_the_settings_file_are_warnings_at_their_line() {
    let dir = repository("settings-mistakes", "rules:\n  lint: off\n  imge-latest: off\nfile: {}\n");
    let output = check(&["--format", "json", dir.join("apps/web/pod.yaml").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(".podls.yaml:3:3: warning: rules.imge-latest: `imge-latest` is not a diagnostic code of podls"),
        "{stderr}"
    );
    assert!(
        stderr.contains(".podls.yaml:4:1: warning: file: podls has no setting `file`; did you mean `files`?"),
        "{stderr}"
    );
    // The rest of the file still applies.
    assert_eq!(output.status.code(), Some(1));
    assert!(!severities(&output).iter().any(|(_, code, _)| code == "missing-resources"));

    let broken = repository("settings-broken", "rules:\n  lint: off\n  x: [a\n");
    let output = check(&[broken.join("apps/web/pod.yaml").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(".podls.yaml:3:") && stderr.contains("error:"), "{stderr}");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_ignore_annotation_silences_its_object() {
    let dir = scratch("ignore-annotation");
    let text = LINTED_POD.replace(
        "  name: web\n",
        "  name: web\n  annotations:\n    podls.io/ignore: invalid-value, missing-resources\n",
    );
    let pod = write(&dir, "pod.yaml", format!("{text}---\n{LINTED_POD}"));
    let output = check(&["--format", "json", pod.to_str().unwrap()]);
    let lines: Vec<u64> = json(&output).iter().map(|d| d["line"].as_u64().unwrap()).collect();
    // Only the second document, which has no annotation, reports.
    assert!(!lines.is_empty() && lines.iter().all(|&line| line > 12), "{lines:?}");
}

fn example(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(path)
}

fn errors_and_warnings(output: &Output) -> Vec<Value> {
    json(output).into_iter().filter(|d| d["severity"] == "error" || d["severity"] == "warning").collect()
}

#[test]
fn a_helm_chart_directory_gets_no_error() {
    let chart = example("helm-chart");
    let output = check(&["--format", "json", chart.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(errors_and_warnings(&output), Vec::<Value>::new());
    // Every YAML file was read, and `_helpers.tpl` and `NOTES.txt` were not.
    let text = check(&[chart.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("checked 8 files"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
}

#[test]
fn a_literal_mistake_in_a_chart_template_is_still_an_error() {
    let dir = scratch("chart-mistake");
    write(&dir, "Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    let template = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"c.labels\" . | nindent 4 }}\nspec:\n  containers:\n    - name: web\n      image: {{ .Values.image }}\n      imagePullPolicy: Sometimes\n";
    write(&dir, "templates/pod.yaml", template);
    write(&dir, "templates/_helpers.tpl", "{{- define \"c.labels\" -}}\napp: c\n{{- end }}\n");
    // Values that look like a Deployment are still values.
    write(&dir, "values.yaml", "kind: Deployment\nimage: nginx\nreplicaCount: 1\n");
    let output = check(&["--format", "json", dir.to_str().unwrap()]);
    let found: Vec<(u64, String)> =
        json(&output).iter().map(|d| (d["line"].as_u64().unwrap(), d["code"].as_str().unwrap().to_owned())).collect();
    assert_eq!(found, [(11, "invalid-value".to_owned())]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_kustomize_overlay_gets_no_error_and_its_patches_need_the_kustomization() {
    let overlay = example("kustomize/overlays/production");
    let output = check(&["--format", "json", example("kustomize").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(errors_and_warnings(&output), Vec::<Value>::new());
    // The same patches in a folder without the kustomization that names them lack what a whole object has.
    let dir = scratch("loose-patches");
    for name in ["replicas.yaml", "sidecar.yaml"] {
        std::fs::copy(overlay.join(name), dir.join(name)).unwrap();
    }
    let output = check(&["--format", "json", dir.to_str().unwrap()]);
    let codes: Vec<Value> = json(&output).iter().map(|d| d["code"].clone()).collect();
    assert!(codes.contains(&Value::from("missing-field")), "{codes:?}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_wrong_value_in_a_named_patch_is_still_an_error() {
    let dir = scratch("patch-mistake");
    write(&dir, "kustomization.yml", "resources: [../base]\npatches:\n  - path: ./pull.yaml\n");
    write(
        &dir,
        "pull.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:2\n          imagePullPolicy: Sometimes\n",
    );
    let output = check(&["--format", "json", dir.to_str().unwrap()]);
    let found: Vec<(u64, String)> =
        json(&output).iter().map(|d| (d["line"].as_u64().unwrap(), d["code"].as_str().unwrap().to_owned())).collect();
    assert_eq!(found, [(11, "invalid-value".to_owned())]);
}

#[test]
fn helm_silent_checks_no_template_and_says_so() {
    let chart = example("helm-chart");
    let output = check(&["--format", "json", "--helm", "silent", chart.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let found: Vec<(String, String)> = json(&output)
        .iter()
        .map(|d| {
            (d["file"].as_str().unwrap().rsplit('/').next().unwrap().to_owned(), d["code"].as_str().unwrap().to_owned())
        })
        .collect();
    let templates =
        ["deployment.yaml", "hpa.yaml", "ingress.yaml", "migrate-job.yaml", "service.yaml", "test-connection.yaml"];
    assert_eq!(found, templates.map(|t| (t.to_owned(), "helm-template".to_owned())));
    assert!(json(&output).iter().all(|d| d["severity"] == "information"));
}
