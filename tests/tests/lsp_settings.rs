//! Diagnostic settings through the protocol: `initializationOptions`, pushed and pulled configuration, and
//! `# podls-ignore` comments.

mod common;

use common::{Server, codes};
use serde_json::{Value, json};

const URI: &str = "file:///work/settings.yaml";

/// `restartPolicy: Sometimes` (invalid-value, line 5) and `imagee` (unknown-field, line 8).
const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Sometimes
  containers:
    - name: web
      imagee: nginx:1.27
";

fn severity_of(diagnostics: &[Value], code: &str) -> Option<i64> {
    diagnostics.iter().find(|d| d["code"] == code).and_then(|d| d["severity"].as_i64())
}

fn start_with_options(options: Value) -> Server {
    let mut server = Server::spawn(&["lsp"]);
    let response = server.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": options }),
    );
    assert!(response.get("result").is_some(), "{response}");
    server.notify("initialized", json!({}));
    server
}

#[test]
fn initialization_options_disable_codes_and_change_severities() {
    let mut server = start_with_options(json!({
        "podls": { "rules": { "disable": ["invalid-value"], "severity": { "unknown-field": "warning" } } }
    }));
    server.open(URI, 1, POD);
    let diagnostics = server.diagnostics(URI, Some(1));
    assert!(!codes(&diagnostics).contains(&"invalid-value".to_owned()), "{diagnostics:?}");
    assert_eq!(severity_of(&diagnostics, "unknown-field"), Some(2));
    assert!(server.shutdown().success());
}

#[test]
fn pushed_configuration_republishes_open_documents() {
    let mut server = Server::start_default();
    server.open(URI, 1, POD);
    let diagnostics = server.diagnostics(URI, Some(1));
    assert_eq!(severity_of(&diagnostics, "invalid-value"), Some(1));
    assert_eq!(severity_of(&diagnostics, "unknown-field"), Some(1));

    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "rules": { "severity": { "invalid-value": "hint", "unknown-field": "off" } } } } }),
    );
    // Republished for the same version.
    let diagnostics = server.diagnostics(URI, Some(1));
    assert_eq!(severity_of(&diagnostics, "invalid-value"), Some(4));
    assert_eq!(severity_of(&diagnostics, "unknown-field"), None);

    // Bad values are skipped, not fatal.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "rules": { "disable": "everything", "severity": { "x": 3 } } } } }),
    );
    let diagnostics = server.diagnostics(URI, Some(1));
    assert_eq!(severity_of(&diagnostics, "unknown-field"), Some(1));
    assert!(server.shutdown().success());
}

#[test]
fn configuration_is_pulled_from_clients_that_offer_it() {
    let (mut server, _) = Server::start(json!({ "workspace": { "configuration": true } }));
    let params = server.answer("workspace/configuration", json!([{ "rules": { "disable": ["unknown-field"] } }]));
    assert_eq!(params["items"][0]["section"], "podls");
    server.open(URI, 1, POD);
    // The settings may land just before or just after the first publish: wait for a publish without the code.
    let mut version = 1;
    loop {
        let diagnostics = server.diagnostics(URI, Some(version));
        if !codes(&diagnostics).contains(&"unknown-field".to_owned()) {
            assert!(codes(&diagnostics).contains(&"invalid-value".to_owned()));
            break;
        }
        version += 1;
        server.change(URI, version, vec![json!({ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "" })]);
        assert!(version < 50, "the pulled settings never applied");
    }

    // `settings: null` in didChangeConfiguration means "pull again".
    server.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    server.answer("workspace/configuration", json!([{ "rules": { "disable": ["invalid-value"] } }]));
    // A republish under the old settings for this version may still be on its way: the new settings show in a
    // later publish of the same version.
    let mut diagnostics = server.diagnostics(URI, Some(version));
    for _ in 0..5 {
        if !codes(&diagnostics).contains(&"invalid-value".to_owned()) {
            break;
        }
        diagnostics = server.diagnostics(URI, Some(version));
    }
    assert!(codes(&diagnostics).contains(&"unknown-field".to_owned()), "{diagnostics:?}");
    assert!(!codes(&diagnostics).contains(&"invalid-value".to_owned()), "{diagnostics:?}");
    assert!(server.shutdown().success());
}

#[test]
fn ignore_comments_silence_a_line() {
    let text = POD
        .replace("  restartPolicy: Sometimes", "  restartPolicy: Sometimes  # podls-ignore: invalid-value")
        .replace("      imagee:", "      # podls-ignore\n      imagee:");
    let mut server = Server::start_default();
    server.open(URI, 1, &text);
    let diagnostics = server.diagnostics(URI, Some(1));
    assert!(!codes(&diagnostics).contains(&"invalid-value".to_owned()), "{diagnostics:?}");
    assert!(!codes(&diagnostics).contains(&"unknown-field".to_owned()), "{diagnostics:?}");

    // Removing the comment brings the diagnostic back.
    server.change(
        URI,
        2,
        vec![json!({ "range": { "start": { "line": 5, "character": 26 }, "end": { "line": 5, "character": 55 } }, "text": "" })],
    );
    let diagnostics = server.diagnostics(URI, Some(2));
    assert!(codes(&diagnostics).contains(&"invalid-value".to_owned()), "{diagnostics:?}");
    assert!(server.shutdown().success());
}

#[test]
fn disabled_codes_offer_no_quick_fix() {
    let text = "apiVersion: v1\nkind: pod\nmetadata: {name: p}\n";
    let mut server = start_with_options(json!({ "podls": { "rules": { "disable": ["wrong-kind"] } } }));
    server.open(URI, 1, text);
    assert!(!codes(&server.diagnostics(URI, Some(1))).contains(&"wrong-kind".to_owned()));
    let actions = server.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 1, "character": 7 }, "end": { "line": 1, "character": 7 } },
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(actions, json!([]));
    assert!(server.shutdown().success());
}

/// A fresh workspace folder, a repository of its own (`.git`) so that no settings file above it is read.
fn workspace(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("podls-lsp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("temp dir");
    dir
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn the_settings_file_applies_and_is_reloaded_when_it_changes() {
    let dir = workspace("reload");
    let settings = dir.join(".podls.yaml");
    std::fs::write(&settings, "rules:\n  invalid-value: hint\n").unwrap();
    std::fs::create_dir_all(dir.join("apps")).unwrap();
    let uri = file_uri(&dir.join("apps/pod.yaml"));
    let (mut server, _) =
        Server::start(json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }));
    let registration = server.answer("client/registerCapability", Value::Null);
    let watcher = &registration["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(watcher["registerOptions"]["watchers"][0]["globPattern"], "**/.podls.y{a,}ml");

    server.open(&uri, 1, POD);
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert_eq!(severity_of(&diagnostics, "invalid-value"), Some(4));
    assert_eq!(severity_of(&diagnostics, "unknown-field"), Some(1));

    std::fs::write(&settings, "rules:\n  invalid-value: off\n  unknown-field: warning\n").unwrap();
    server.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": file_uri(&settings), "type": 2 }] }));
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert_eq!(severity_of(&diagnostics, "invalid-value"), None, "{diagnostics:?}");
    assert_eq!(severity_of(&diagnostics, "unknown-field"), Some(2));

    // The editor's settings win over the file's, code by code.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "rules": { "invalid-value": "information" } } } }),
    );
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert_eq!(severity_of(&diagnostics, "invalid-value"), Some(3));
    assert_eq!(severity_of(&diagnostics, "unknown-field"), Some(2));

    // Unless the editor asks for the file first.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "configurationPreference": "filesystemFirst", "rules": { "invalid-value": "information" } } } }),
    );
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert_eq!(severity_of(&diagnostics, "invalid-value"), None, "{diagnostics:?}");
    assert!(server.shutdown().success());
}

#[test]
fn files_left_out_by_the_settings_file_get_no_diagnostics() {
    let dir = workspace("files");
    std::fs::write(dir.join(".podls.yaml"), "files:\n  include: [pod.yaml]\n  exclude: [generated/]\n  nope: 1\n")
        .unwrap();
    let mut server = Server::start_default();
    let left_out = file_uri(&dir.join("generated/pod.yaml"));
    server.open(&left_out, 1, POD);
    assert_eq!(server.diagnostics(&left_out, Some(1)), Vec::<Value>::new());
    let checked = file_uri(&dir.join("pod.yaml"));
    server.open(&checked, 1, POD);
    assert!(!server.diagnostics(&checked, Some(1)).is_empty());
    // The settings file itself is always checked.
    let settings = file_uri(&dir.join(".podls.yaml"));
    server.open(&settings, 1, "files:\n  include: [pod.yaml]\n  nope: 1\n");
    assert_eq!(codes(&server.diagnostics(&settings, Some(1))), ["invalid-setting"]);
    assert!(server.shutdown().success());
}

#[test]
fn the_settings_file_in_the_editor_has_diagnostics_completion_and_hover() {
    let dir = workspace("editing");
    let uri = file_uri(&dir.join(".podls.yaml"));
    let text = "rule: {}\nrules:\n  imge-latest: off\n  \n";
    let mut server = Server::start_default();
    server.open(&uri, 1, text);
    let diagnostics = server.diagnostics(&uri, Some(1));
    let found: Vec<(u64, String)> = diagnostics
        .iter()
        .map(|d| (d["range"]["start"]["line"].as_u64().unwrap(), d["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(found, [(0, "invalid-setting".to_owned()), (2, "invalid-setting".to_owned())], "{diagnostics:?}");

    let items = server.result(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 2 } }),
    );
    let labels: Vec<&str> = items.as_array().unwrap().iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(labels.contains(&"lint") && labels.contains(&"image-latest"), "{labels:?}");

    let hover = server.result(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 2 } }),
    );
    assert!(hover["contents"].to_string().contains("rules"), "{hover}");
    assert!(server.shutdown().success());
}

#[test]
fn a_patch_is_checked_anew_when_its_kustomization_changes() {
    let dir = workspace("kustomization");
    // Only the files a kustomization names are patches here.
    std::fs::write(dir.join(".podls.yaml"), "kustomize: named\n").unwrap();
    let patch = dir.join("replicas.yaml");
    let uri = file_uri(&patch);
    let (mut server, _) =
        Server::start(json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }));
    let registration = server.answer("client/registerCapability", Value::Null);
    let globs = registration["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(globs.contains("**/kustomization.y{a,}ml"), "{globs}");
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n";
    server.open(&uri, 1, text);
    let errors = |diagnostics: &[Value]| diagnostics.iter().filter(|d| d["severity"] == 1).count();
    assert!(errors(&server.diagnostics(&uri, Some(1))) > 0, "a partial object that nothing names lacks fields");
    let kustomization = dir.join("kustomization.yaml");
    std::fs::write(&kustomization, "resources: [../base]\npatches:\n  - path: replicas.yaml\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&kustomization), "type": 1 }] }),
    );
    let diagnostics = server.diagnostics(&uri, Some(1));
    assert_eq!(errors(&diagnostics), 0, "{diagnostics:?}");
    assert!(server.shutdown().success());
}
