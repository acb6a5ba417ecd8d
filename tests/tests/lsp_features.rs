//! Hover, completion, outline and folding through the protocol: the engine's answers, converted to the client's
//! encoding and capabilities, in multi-document files and in YAML that is still being typed.

mod common;

use common::{Server, position};
use serde_json::{Value, json};

const URI: &str = "file:///work/features.yaml";

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Always
  containers:
    - name: web
      image: nginx:1.27
      imagePullPolicy: Always
  volumes:
    - name: data
      emptyDir: {}
";

/// Capabilities of a rich client: markdown, snippets, hierarchical outline.
fn rich() -> Value {
    json!({
        "textDocument": {
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "completion": { "completionItem": { "snippetSupport": true } },
            "documentSymbol": { "hierarchicalDocumentSymbolSupport": true }
        }
    })
}

fn at(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

fn hover(server: &mut Server, uri: &str, position: Value) -> Value {
    server.result("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": position }))
}

fn completion(server: &mut Server, uri: &str, position: Value) -> Vec<Value> {
    let result =
        server.result("textDocument/completion", json!({ "textDocument": { "uri": uri }, "position": position }));
    match result {
        Value::Array(items) => items,
        Value::Object(list) => list["items"].as_array().cloned().unwrap_or_default(),
        other => panic!("not a completion result: {other}"),
    }
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

fn open(server: &mut Server, uri: &str, text: &str) {
    server.open(uri, 1, text);
    server.diagnostics(uri, Some(1));
}

#[test]
fn capabilities_advertise_the_features() {
    let (server, result) = Server::start(rich());
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["hoverProvider"], true);
    assert!(capabilities["completionProvider"]["triggerCharacters"].as_array().is_some());
    assert_eq!(capabilities["documentSymbolProvider"], true);
    assert_eq!(capabilities["foldingRangeProvider"], true);
    assert!(server.shutdown().success());
}

#[test]
fn hover_shows_path_type_values_and_docs() {
    let (mut server, _) = Server::start(rich());
    open(&mut server, URI, POD);
    let result = hover(&mut server, URI, at(9, 10));
    assert_eq!(result["contents"]["kind"], "markdown");
    let text = result["contents"]["value"].as_str().unwrap();
    for expected in
        ["imagePullPolicy", "spec.containers[].imagePullPolicy", "IfNotPresent", "Image pull policy", "kubernetes.io"]
    {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    assert_eq!(result["range"], json!({ "start": at(9, 6), "end": at(9, 21) }));

    // Nothing to say about a comment-free blank spot, a document that is not open, or a position far away.
    assert_eq!(hover(&mut server, URI, at(400, 3)), Value::Null);
    assert_eq!(hover(&mut server, "file:///work/closed.yaml", at(0, 0)), Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn hover_in_a_plain_text_client() {
    let mut server = Server::start_default();
    open(&mut server, URI, POD);
    let result = hover(&mut server, URI, at(5, 4));
    assert_eq!(result["contents"]["kind"], "plaintext");
    assert!(result["contents"]["value"].as_str().unwrap().contains("restartPolicy"));
    assert!(server.shutdown().success());
}

#[test]
fn hover_ranges_after_korean_text_are_in_utf16() {
    let text =
        "apiVersion: v1\nkind: Pod\nmetadata: {annotations: {note: \"서울 😀\"}, name: web}\nspec:\n  containers: []\n";
    let mut server = Server::start_default();
    open(&mut server, URI, text);
    let name = text.find("name: web").unwrap();
    let result = hover(&mut server, URI, position(text, name + 1, "utf-16"));
    assert!(result["contents"]["value"].as_str().unwrap().contains("metadata.name"), "{result}");
    assert_eq!(result["range"]["start"], position(text, name, "utf-16"));
    assert_eq!(result["range"]["end"], position(text, name + "name".len(), "utf-16"));
    assert!(server.shutdown().success());
}

#[test]
fn completion_of_values_and_keys() {
    let (mut server, _) = Server::start(rich());
    open(&mut server, URI, POD);

    // The value of `imagePullPolicy`: its enum, replacing the word under the cursor.
    let items = completion(&mut server, URI, at(9, 25));
    let mut values = labels(&items);
    values.sort();
    assert_eq!(values, vec!["Always", "IfNotPresent", "Never"]);
    assert_eq!(items[0]["textEdit"]["range"], json!({ "start": at(9, 23), "end": at(9, 29) }));
    assert!(items[0]["documentation"]["value"].as_str().unwrap().contains("Image pull policy"));

    // A new key of the container: keys it lacks, not the ones present.
    server.change(URI, 2, vec![json!({ "range": { "start": at(10, 0), "end": at(10, 0) }, "text": "      \n" })]);
    server.diagnostics(URI, Some(2));
    let items = completion(&mut server, URI, at(10, 6));
    let keys = labels(&items);
    for expected in ["workingDir", "ports", "env", "resources"] {
        assert!(keys.contains(&expected), "{expected} missing from {keys:?}");
    }
    for present in ["name", "image", "imagePullPolicy"] {
        assert!(!keys.contains(&present), "{present} is already there: {keys:?}");
    }
    assert!(server.shutdown().success());
}

#[test]
fn completion_while_the_line_is_half_typed() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPol\n  containers: []\n";
    let mut server = Server::start_default();
    open(&mut server, URI, text);
    let items = completion(&mut server, URI, at(5, 12));
    let item = items.iter().find(|i| i["label"] == "restartPolicy").unwrap_or_else(|| panic!("{:?}", labels(&items)));
    assert_eq!(item["textEdit"]["range"], json!({ "start": at(5, 2), "end": at(5, 12) }));
    // A client without snippet support gets plain text.
    assert!(items.iter().all(|i| i["insertTextFormat"] == 1), "{items:?}");
    assert!(server.shutdown().success());
}

#[test]
fn completion_in_the_middle_of_a_multi_document_file() {
    let other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";
    let text = format!("{other}---\n{POD}---\n{other}");
    let (mut server, _) = Server::start(rich());
    open(&mut server, URI, &text);
    let line = 5 + 9;
    let items = completion(&mut server, URI, at(line, 25));
    assert!(labels(&items).contains(&"IfNotPresent"), "{:?}", labels(&items));
    assert_eq!(items[0]["textEdit"]["range"]["start"], at(line, 23));
    assert!(server.shutdown().success());
}

#[test]
fn outline_per_document_hierarchical_and_flat() {
    let text = format!("{POD}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
    let (mut server, _) = Server::start(rich());
    open(&mut server, URI, &text);
    let symbols = server.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let symbols = symbols.as_array().unwrap();
    assert_eq!(symbols.len(), 2, "{symbols:?}");
    assert_eq!(symbols[0]["name"], "web");
    assert_eq!(symbols[0]["selectionRange"], json!({ "start": at(3, 8), "end": at(3, 11) }));
    let children: Vec<&str> =
        symbols[0]["children"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(children, vec!["web", "data"]);
    assert_eq!(symbols[1]["name"], "ConfigMap/settings");
    assert_eq!(symbols[1]["range"]["start"]["line"], 14);
    assert!(server.shutdown().success());

    // A client without hierarchical symbols gets a flat list naming each parent.
    let mut server = Server::start_default();
    open(&mut server, URI, &text);
    let flat = server.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let flat = flat.as_array().unwrap();
    let names: Vec<(&str, Option<&str>)> =
        flat.iter().map(|s| (s["name"].as_str().unwrap(), s["containerName"].as_str())).collect();
    assert_eq!(names, vec![("web", None), ("web", Some("web")), ("data", Some("web")), ("ConfigMap/settings", None)]);
    assert_eq!(flat[0]["location"]["uri"], URI);
    assert!(server.shutdown().success());
}

#[test]
fn folding_ranges_per_document_and_block() {
    let text = format!("{POD}---\n# one\n# two\nkind: ConfigMap\ndata:\n  a: b\n  c: d\n");
    let mut server = Server::start_default();
    open(&mut server, URI, &text);
    let ranges = server.result("textDocument/foldingRange", json!({ "textDocument": { "uri": URI } }));
    let ranges: Vec<(u64, u64, Option<&str>)> = ranges
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["startLine"].as_u64().unwrap(), r["endLine"].as_u64().unwrap(), r["kind"].as_str()))
        .collect();
    for expected in
        [(0, 12, Some("region")), (6, 9, None), (13, 19, Some("region")), (14, 15, Some("comment")), (17, 19, None)]
    {
        assert!(ranges.contains(&expected), "{expected:?} missing from {ranges:?}");
    }
    assert!(ranges.iter().all(|(start, end, _)| start < end));
    assert!(server.shutdown().success());
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: server
          image: ghcr.io/example/api:2.1
          imagePullPolicy: Always
";

#[test]
fn hover_completion_and_outline_inside_a_deployment() {
    let (mut server, _) = Server::start(rich());
    open(&mut server, URI, DEPLOYMENT);

    let result = hover(&mut server, URI, at(16, 14));
    let text = result["contents"]["value"].as_str().unwrap();
    for expected in ["imagePullPolicy", "spec.template.spec.containers[].imagePullPolicy", "IfNotPresent", "pod-v1"] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    let result = hover(&mut server, URI, at(5, 4));
    let text = result["contents"]["value"].as_str().unwrap();
    assert!(text.contains("`spec.selector` in `DeploymentSpec`"), "{text}");

    // The container's keys while one is typed under imagePullPolicy, and the Deployment's own under spec.
    let typing = "file:///work/typing.yaml";
    open(&mut server, typing, &format!("{DEPLOYMENT}          po\n"));
    let keys = completion(&mut server, typing, at(17, 12));
    let keys = labels(&keys);
    assert!(keys.contains(&"ports") && !keys.contains(&"image"), "{keys:?}");
    let spec = "file:///work/spec.yaml";
    open(&mut server, spec, &DEPLOYMENT.replace("  selector:", "  rev\n  selector:"));
    let spec_keys = completion(&mut server, spec, at(5, 5));
    assert!(labels(&spec_keys).contains(&"revisionHistoryLimit"), "{:?}", labels(&spec_keys));

    let symbols = server.result("textDocument/documentSymbol", json!({ "textDocument": { "uri": URI } }));
    let symbols = symbols.as_array().unwrap();
    assert_eq!(symbols[0]["name"], "api");
    assert_eq!(symbols[0]["detail"], "Deployment");
    let children: Vec<&str> =
        symbols[0]["children"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(children, vec!["server"]);
    assert!(server.shutdown().success());
}

#[test]
fn closed_workload_values_and_workload_defaults_from_the_editor() {
    let mut capabilities = rich();
    capabilities["workspace"] = json!({ "inlayHint": { "refreshSupport": true } });
    let (mut server, _) = Server::start(capabilities);
    let uri = "file:///work/rollout.yaml";
    let text = DEPLOYMENT.replace("spec:\n  selector:", "spec:\n  strategy:\n    type: \n  selector:");
    open(&mut server, uri, &text);

    // `strategy.type` has no enum in the schema, yet its closed set is offered, each value with what it means.
    let items = completion(&mut server, uri, at(6, 10));
    assert_eq!(labels(&items), vec!["Recreate", "RollingUpdate"]);
    let doc = items[0]["documentation"]["value"].as_str().or(items[0]["documentation"].as_str()).unwrap();
    assert!(doc.contains("down in between"), "{doc}");

    // The Deployment's own defaults as an inlay hint on `spec`, next to the template's.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "inlayHints": { "enabled": true } } } }),
    );
    server.answer("workspace/inlayHint/refresh", Value::Null);
    let end = json!({ "line": text.lines().count(), "character": 0 });
    let range = json!({ "start": at(0, 0), "end": end });
    let result = server.result("textDocument/inlayHint", json!({ "textDocument": { "uri": uri }, "range": range }));
    let hints: Vec<(u64, &str)> = result
        .as_array()
        .unwrap_or_else(|| panic!("not a list of hints: {result}"))
        .iter()
        .map(|hint| (hint["position"]["line"].as_u64().unwrap(), hint["label"].as_str().unwrap()))
        .collect();
    let spec = hints.iter().find(|(line, _)| *line == 4).unwrap_or_else(|| panic!("no hint on spec: {hints:?}"));
    assert!(spec.1.starts_with("replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600"), "{spec:?}");
    // `type:` is still empty (null), so the API server makes it a rolling update with the default limits.
    let strategy = hints.iter().find(|(line, _)| *line == 5).unwrap_or_else(|| panic!("{hints:?}"));
    assert_eq!(strategy.1, "type: RollingUpdate, rollingUpdate: {maxUnavailable: 25%, maxSurge: 25%} (defaults)");
    assert!(server.shutdown().success());
}

#[test]
fn completion_and_hover_in_a_kyaml_document() {
    // The shape `kubectl get -o kyaml` prints: flow mappings, one key per line, quoted strings, trailing commas.
    let kyaml = "---\n{\n  apiVersion: \"apps/v1\",\n  kind: \"Deployment\",\n  metadata: {\n    name: \"api\",\n  },\n  spec: {\n    selector: {matchLabels: {app: \"api\"}},\n    template: {\n      metadata: {labels: {app: \"api\"}},\n      spec: {\n        containers: [{\n          name: \"api\",\n          image: \"nginx\",\n          imagePullPolicy: \"\",\n          \n        }],\n      },\n    },\n  },\n}\n";
    let (mut server, _) = Server::start(rich());
    let uri = "file:///work/kyaml.yaml";
    open(&mut server, uri, kyaml);

    // A key of the container, minus those present, inserted so that the flow stays intact.
    let items = completion(&mut server, uri, at(16, 10));
    let keys = labels(&items);
    assert!(keys.contains(&"ports") && !keys.contains(&"image") && !keys.contains(&"name"), "{keys:?}");
    let ports = items.iter().find(|i| i["label"] == "ports").unwrap();
    assert_eq!(ports["textEdit"]["newText"], "ports: [$0]");
    // An enum value inside the quotes.
    let items = completion(&mut server, uri, at(15, 28));
    let mut values = labels(&items);
    values.sort();
    assert_eq!(values, vec!["Always", "IfNotPresent", "Never"]);
    assert_eq!(items[0]["textEdit"]["range"], json!({ "start": at(15, 28), "end": at(15, 28) }));

    // Hover on a key and on a quoted value inside the flow mappings.
    let result = hover(&mut server, uri, at(14, 12));
    let text = result["contents"]["value"].as_str().unwrap();
    assert!(text.contains("spec.template.spec.containers[].image"), "{text}");
    let result = hover(&mut server, uri, at(3, 16));
    let text = result["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**kind**"), "{text}");
    assert!(server.shutdown().success());
}
