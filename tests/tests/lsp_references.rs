//! Names as symbols through the protocol: definition, references, highlight, prepare-rename and rename on realistic
//! Pods and on workloads (their templates, selectors and claim templates), inlay hints behind their setting, and
//! hover on quantities and the QoS class. Positions are UTF-16 (the
//! default) on lines with Korean text before the name, and the fixture is two Pods in one file whose names are the
//! same: nothing ever crosses the `---` between them.

mod common;

use common::{Server, position};
use serde_json::{Value, json};

const URI: &str = "file:///work/%EC%84%9C%EC%9A%B8/pods.yaml";

/// Two Pods with the same volume, container, port and variable names. In the first, `GREETING` is declared by both
/// containers (each container has its own variables) and used after Korean text on the same line.
const PODS: &str = r#"# 서울 데이터센터의 파드
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    설명: "웹 서버와 준비 컨테이너"
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      command: ["sh", "-c", "echo 준비 $(GREETING) > /work/ready"]
      env:
        - name: GREETING
          value: 안녕하세요
      resources:
        limits:
          cpu: 100m
          memory: 64Mi
      volumeMounts:
        - name: work
          mountPath: /work
  containers:
    - name: web
      image: nginx:1.27
      args: ["--greeting=서울 $(GREETING)", "--cpus=$(CPU_LIMIT)"]
      env:
        - name: GREETING
          value: "반갑습니다, $(CITY)"
        - name: CITY
          value: 서울
        - name: CPU_LIMIT
          valueFrom:
            resourceFieldRef:
              containerName: web
              resource: limits.cpu
      ports:
        - name: http
          containerPort: 8080
      readinessProbe:
        httpGet:
          path: /healthz
          port: http
      livenessProbe:
        tcpSocket:
          port: http
      resources:
        requests:
          cpu: "0.5"
          memory: 1Gi
        limits:
          cpu: 500m
          memory: 1Gi
      volumeMounts:
        - name: work
          mountPath: /usr/share/nginx/html
        - name: config
          mountPath: /etc/nginx/conf.d
  volumes:
    - name: work
      emptyDir: {}
    - name: config
      configMap:
        name: nginx-config
---
apiVersion: v1
kind: Pod
metadata:
  name: 두번째
spec:
  containers:
    - name: web
      image: busybox
      command: ["sh", "-c", "echo $(GREETING)"]
      env:
        - name: GREETING
          value: 안녕
      ports:
        - name: http
          containerPort: 9090
      livenessProbe:
        tcpSocket:
          port: http
      volumeMounts:
        - name: work
          mountPath: /work
  volumes:
    - name: work
      emptyDir: {}
"#;

/// The byte offset of the `nth` (0-based) occurrence of `needle`, plus `delta`.
fn find(needle: &str, nth: usize, delta: usize) -> usize {
    PODS.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth} is in the fixture")).0 + delta
}

/// The UTF-16 position of the `nth` occurrence of `needle`, plus `delta` bytes.
fn at(needle: &str, nth: usize, delta: usize) -> Value {
    position(PODS, find(needle, nth, delta), "utf-16")
}

/// Where the second document starts.
fn second_document() -> usize {
    PODS.find("---\n").expect("two documents")
}

/// The byte offset of a UTF-16 position in `text`, computed independently of the server.
fn offset_of(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// A range as `(start, end)` byte offsets in `text`.
fn offsets(text: &str, range: &Value) -> (usize, usize) {
    (offset_of(text, &range["start"]), offset_of(text, &range["end"]))
}

/// Each range as `line: text`, 1-based lines, in the order given.
fn render(text: &str, ranges: &[&Value]) -> Vec<String> {
    ranges
        .iter()
        .map(|range| {
            let (start, end) = offsets(text, range);
            format!("{}: {}", text[..start].matches('\n').count() + 1, &text[start..end])
        })
        .collect()
}

fn params(position: Value) -> Value {
    json!({ "textDocument": { "uri": URI }, "position": position })
}

fn open(server: &mut Server, text: &str) {
    server.open(URI, 1, text);
    server.diagnostics(URI, Some(1));
}

/// The ranges of the locations answered for `method`, rendered; every location must be in [`URI`].
fn locations(server: &mut Server, method: &str, params: Value) -> Vec<String> {
    let result = server.result(method, params);
    let locations = result.as_array().unwrap_or_else(|| panic!("{method} answered {result}"));
    assert!(locations.iter().all(|l| l["uri"] == URI), "{locations:?}");
    render(PODS, &locations.iter().map(|l| &l["range"]).collect::<Vec<_>>())
}

fn references(server: &mut Server, position: Value, include_declaration: bool) -> Vec<String> {
    let mut params = params(position);
    params["context"] = json!({ "includeDeclaration": include_declaration });
    locations(server, "textDocument/references", params)
}

fn rename(server: &mut Server, position: Value, new_name: &str) -> Value {
    let mut params = params(position);
    params["newName"] = json!(new_name);
    server.request("textDocument/rename", params)
}

/// `text` with the edits applied (edits of one rename never overlap).
fn apply(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let (start, end) = offsets(text, &edit["range"]);
            (start, end, edit["newText"].as_str().unwrap())
        })
        .collect();
    edits.sort_by_key(|&(start, _, _)| std::cmp::Reverse(start));
    let mut out = text.to_owned();
    for (start, end, new_text) in edits {
        out.replace_range(start..end, new_text);
    }
    out
}

/// A client that asks `prepareRename`, reads markdown and refreshes inlay hints when told.
fn rich() -> Value {
    json!({
        "textDocument": {
            "rename": { "prepareSupport": true },
            "hover": { "contentFormat": ["markdown", "plaintext"] }
        },
        "workspace": { "inlayHint": { "refreshSupport": true } }
    })
}

#[test]
fn capabilities_advertise_names_and_inlay_hints() {
    let (server, result) = Server::start(json!({}));
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["definitionProvider"], true);
    assert_eq!(capabilities["referencesProvider"], true);
    assert_eq!(capabilities["documentHighlightProvider"], true);
    // `prepareProvider` only for a client that asks `prepareRename`.
    assert_eq!(capabilities["renameProvider"], true);
    assert_eq!(capabilities["inlayHintProvider"], true);
    assert!(server.shutdown().success());

    let (server, result) = Server::start(rich());
    assert_eq!(result["capabilities"]["renameProvider"], json!({ "prepareProvider": true }));
    assert!(server.shutdown().success());
}

#[test]
fn definition_of_each_kind_of_name() {
    let mut server = Server::start_default();
    open(&mut server, PODS);
    let mut definition = |position: Value| locations(&mut server, "textDocument/definition", params(position));

    // A probe's port → the container's port; a mount → the volume; a `containerName` → the container.
    assert_eq!(definition(at("port: http", 0, 8)), ["38: http"]);
    assert_eq!(definition(at("port: http", 1, 6)), ["38: http"]);
    assert_eq!(definition(at("- name: work", 1, 9)), ["60: work"]);
    assert_eq!(definition(at("containerName: web", 0, 15)), ["24: web"]);
    // `$(NAME)` after Korean text on the same line → the variable of the same container.
    assert_eq!(definition(at("서울 $(GREETING)", 0, "서울 $(".len() + 1)), ["28: GREETING"]);
    assert_eq!(definition(at("준비 $(GREETING)", 0, "준비 $(".len())), ["14: GREETING"]);
    assert_eq!(definition(at("$(CITY)", 0, 3)), ["30: CITY"]);
    // On the declaration itself.
    assert_eq!(definition(at("- name: http", 0, 8)), ["38: http"]);

    // The second Pod's names resolve in the second Pod.
    let second = second_document();
    let in_second =
        |needle: &str, delta: usize| position(PODS, PODS[second..].find(needle).unwrap() + second + delta, "utf-16");
    assert_eq!(definition(in_second("port: http", 6)), ["79: http"]);
    assert_eq!(definition(in_second("- name: work", 8)), ["88: work"]);
    assert_eq!(definition(in_second("$(GREETING)", 2)), ["76: GREETING"]);
    assert!(server.shutdown().success());
}

#[test]
fn definition_is_null_where_there_is_no_declared_name() {
    let mut server = Server::start_default();
    open(&mut server, PODS);
    let definition = |server: &mut Server, position: Value| {
        server.result("textDocument/definition", json!({ "textDocument": { "uri": URI }, "position": position }))
    };
    // A ConfigMap is declared by another object; `image` is not a name; a blank line far away; a closed document.
    assert_eq!(definition(&mut server, at("name: nginx-config", 0, 7)), Value::Null);
    assert_eq!(definition(&mut server, at("image: nginx", 0, 9)), Value::Null);
    assert_eq!(definition(&mut server, json!({ "line": 9999, "character": 9999 })), Value::Null);
    let closed = server.result(
        "textDocument/definition",
        json!({ "textDocument": { "uri": "file:///work/closed.yaml" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(closed, Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn references_stay_inside_their_document() {
    let mut server = Server::start_default();
    open(&mut server, PODS);

    let volume = at("- name: work", 2, 9);
    assert_eq!(references(&mut server, volume.clone(), true), ["21: work", "55: work", "60: work"]);
    assert_eq!(references(&mut server, volume, false), ["21: work", "55: work"]);
    // From a use, the same set.
    assert_eq!(references(&mut server, at("- name: work", 0, 9), true), ["21: work", "55: work", "60: work"]);

    // A port name is scoped to its container, a variable too (the init container has its own `GREETING`).
    assert_eq!(references(&mut server, at("- name: http", 0, 9), true), ["38: http", "43: http", "46: http"]);
    assert_eq!(references(&mut server, at("- name: GREETING", 1, 9), true), ["26: GREETING", "28: GREETING"]);
    // A ConfigMap used once is its own only reference.
    assert_eq!(references(&mut server, at("name: nginx-config", 0, 7), true), ["64: nginx-config"]);

    // The second Pod sees only its own.
    let second = second_document();
    let volume = position(PODS, PODS[second..].find("- name: work").unwrap() + second + 9, "utf-16");
    assert_eq!(references(&mut server, volume, true), ["85: work", "88: work"]);

    // Not a name, or not a document that is open.
    assert_eq!(references(&mut server, at("image: nginx", 0, 9), true), Vec::<String>::new());
    let closed = server.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": "file:///work/closed.yaml" },
            "position": { "line": 0, "character": 0 },
            "context": { "includeDeclaration": true }
        }),
    );
    assert_eq!(closed, Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn highlight_marks_the_declaration_as_a_write() {
    let mut server = Server::start_default();
    open(&mut server, PODS);
    let result = server.result("textDocument/documentHighlight", params(at("서울 $(GREETING)", 0, "서울 $(".len())));
    let highlights = result.as_array().expect("a list of highlights");
    let rendered: Vec<String> =
        highlights.iter().map(|h| format!("{} kind={}", render(PODS, &[&h["range"]])[0], h["kind"])).collect();
    // 2 = read, 3 = write.
    assert_eq!(rendered, ["26: GREETING kind=2", "28: GREETING kind=3"]);
    // The use after Korean text is in UTF-16 columns: `서울` is two units, not six bytes.
    let use_range = &highlights[0]["range"];
    let start = find("서울 $(GREETING)", 0, "서울 $(".len());
    assert_eq!(use_range["start"], position(PODS, start, "utf-16"));
    assert_eq!(use_range["end"], position(PODS, start + "GREETING".len(), "utf-16"));

    let nothing = server.result("textDocument/documentHighlight", params(at("image: nginx", 0, 9)));
    assert_eq!(nothing, json!([]));
    assert!(server.shutdown().success());
}

#[test]
fn prepare_rename_gives_the_name_or_refuses() {
    let (mut server, _) = Server::start(rich());
    open(&mut server, PODS);

    let result = server.result("textDocument/prepareRename", params(at("port: http", 0, 8)));
    assert_eq!(result["placeholder"], "http");
    assert_eq!(render(PODS, &[&result["range"]]), ["43: http"]);
    let result = server.result("textDocument/prepareRename", params(at("$(CITY)", 0, 4)));
    assert_eq!(result["placeholder"], "CITY");
    assert_eq!(render(PODS, &[&result["range"]]), ["29: CITY"]);

    // Not a symbol: an error whose message the editor shows.
    for position in [at("image: nginx", 0, 9), at("mountPath: /work", 0, 3), at("설명", 0, 0)] {
        let response = server.request("textDocument/prepareRename", params(position.clone()));
        let error = response.get("error").unwrap_or_else(|| panic!("no error at {position}: {response}"));
        assert_eq!(error["code"], -32803, "{response}");
        assert!(error["message"].as_str().unwrap().contains("can be renamed"), "{response}");
    }
    let closed = server.result(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": "file:///work/closed.yaml" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(closed, Value::Null);
    assert!(server.shutdown().success());
}

#[test]
fn rename_edits_every_use_in_one_workspace_edit() {
    let mut server = Server::start_default();
    open(&mut server, PODS);

    // The volume: both mounts and the declaration, nothing in the second Pod.
    let response = rename(&mut server, at("- name: work", 1, 9), "site");
    let changes = response["result"]["changes"].as_object().unwrap_or_else(|| panic!("{response}"));
    assert_eq!(changes.keys().collect::<Vec<_>>(), [URI]);
    let edits = changes[URI].as_array().unwrap();
    assert_eq!(edits.len(), 3, "{edits:?}");
    assert!(edits.iter().all(|e| e["newText"] == "site"), "{edits:?}");
    let renamed = apply(PODS, edits);
    let second = second_document();
    assert_eq!(&renamed[renamed.find("---\n").unwrap()..], &PODS[second..], "the second Pod is untouched");
    assert_eq!(renamed.matches("name: site").count(), 3);

    // The web container's variable: its declaration and its use after Korean text, not the init container's.
    let response = rename(&mut server, at("- name: GREETING", 1, 9), "MESSAGE");
    let edits = response["result"]["changes"][URI].as_array().unwrap_or_else(|| panic!("{response}")).clone();
    assert_eq!(edits.len(), 2, "{edits:?}");
    let renamed = apply(PODS, &edits);
    assert!(renamed.contains(r#"args: ["--greeting=서울 $(MESSAGE)", "--cpus=$(CPU_LIMIT)"]"#), "{renamed}");
    assert!(renamed.contains("- name: MESSAGE"));
    assert!(renamed.contains("echo 준비 $(GREETING) > /work/ready"), "the init container keeps its own");

    // The renamed file, sent back, has the new name everywhere the old one was.
    server.change(URI, 2, vec![json!({ "text": renamed })]);
    let after = position(&renamed, renamed.find("$(MESSAGE)").unwrap() + 2, "utf-16");
    let params =
        json!({ "textDocument": { "uri": URI }, "position": after, "context": { "includeDeclaration": true } });
    let result = server.result("textDocument/references", params);
    assert_eq!(result.as_array().map(Vec::len), Some(2), "{result}");
    assert!(server.shutdown().success());
}

#[test]
fn rename_refuses_invalid_and_taken_names() {
    let mut server = Server::start_default();
    open(&mut server, PODS);

    let refused = |server: &mut Server, position: Value, new_name: &str| -> String {
        let response = rename(server, position, new_name);
        assert!(response.get("result").is_none(), "{new_name:?} was accepted: {response}");
        assert_eq!(response["error"]["code"], -32803, "{response}");
        response["error"]["message"].as_str().unwrap().to_owned()
    };
    let message = refused(&mut server, at("- name: work", 2, 9), "Work_Dir");
    assert!(message.contains("not a valid volume name"), "{message}");
    let message = refused(&mut server, at("- name: work", 2, 9), "config");
    assert!(message.contains("already has a volume named `config`"), "{message}");
    let message = refused(&mut server, at("- name: http", 0, 9), "this-port-name-is-too-long");
    assert!(message.contains("not a valid port name"), "{message}");
    let message = refused(&mut server, at("- name: CITY", 0, 9), "도시");
    assert!(message.contains("not a valid environment variable name"), "{message}");
    let message = refused(&mut server, at("image: nginx", 0, 9), "anything");
    assert!(message.contains("can be renamed"), "{message}");
    assert!(server.shutdown().success());
}

/// The hints of the whole file as `line: label`.
fn inlay_hints(server: &mut Server, text: &str, start: usize, end: usize) -> Vec<String> {
    let range = json!({ "start": position(text, start, "utf-16"), "end": position(text, end, "utf-16") });
    let result = server.result("textDocument/inlayHint", json!({ "textDocument": { "uri": URI }, "range": range }));
    let hints = result.as_array().unwrap_or_else(|| panic!("not a list of hints: {result}"));
    hints
        .iter()
        .map(|hint| {
            let offset = offset_of(text, &hint["position"]);
            format!("{}: {}", text[..offset].matches('\n').count() + 1, hint["label"].as_str().unwrap())
        })
        .collect()
}

const ALL_HINTS: [&str; 13] = [
    "8: restartPolicy: Always (default)",
    "11: imagePullPolicy: IfNotPresent (default)",
    "25: imagePullPolicy: IfNotPresent (default)",
    "39: protocol: TCP (default)",
    "40: timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 (defaults)",
    "43: = 8080",
    "44: timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 (defaults)",
    "46: = 8080",
    "70: restartPolicy: Always (default)",
    "73: imagePullPolicy: Always (default)",
    "80: protocol: TCP (default)",
    "81: timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 (defaults)",
    "83: = 9090",
];

#[test]
fn inlay_hints_are_off_until_the_setting_turns_them_on() {
    let (mut server, _) = Server::start(rich());
    open(&mut server, PODS);
    assert_eq!(inlay_hints(&mut server, PODS, 0, PODS.len()), Vec::<String>::new());

    // Turning them on asks the client to fetch them again; by then the setting is in force.
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "inlayHints": { "enabled": true } } } }),
    );
    server.answer("workspace/inlayHint/refresh", Value::Null);
    assert_eq!(inlay_hints(&mut server, PODS, 0, PODS.len()), ALL_HINTS);

    // A range gets the hints inside it: here the second Pod's.
    let second = second_document();
    assert_eq!(inlay_hints(&mut server, PODS, second, PODS.len()), ALL_HINTS[8..]);

    // Settings are replaced whole: settings without `inlayHints` turn them off again.
    server.notify("workspace/didChangeConfiguration", json!({ "settings": { "podls": { "rules": {} } } }));
    server.answer("workspace/inlayHint/refresh", Value::Null);
    assert_eq!(inlay_hints(&mut server, PODS, 0, PODS.len()), Vec::<String>::new());
    assert!(server.shutdown().success());
}

#[test]
fn inlay_hints_from_initialization_options_and_pulled_configuration() {
    let mut server = Server::spawn(&["lsp"]);
    let response = server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {},
            "initializationOptions": { "podls": { "inlayHints": { "enabled": true } } }
        }),
    );
    assert!(response.get("result").is_some(), "{response}");
    server.notify("initialized", json!({}));
    open(&mut server, PODS);
    assert_eq!(inlay_hints(&mut server, PODS, 0, PODS.len()), ALL_HINTS);
    // Positions after Korean text are UTF-16: the hint after `port: http` sits right after the name.
    let range = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 200, "character": 0 } });
    let result = server.result("textDocument/inlayHint", json!({ "textDocument": { "uri": URI }, "range": range }));
    let port = result.as_array().unwrap().iter().find(|h| h["label"] == "= 8080").unwrap().clone();
    assert_eq!(port["position"], position(PODS, find("port: http", 0, "port: http".len()), "utf-16"));
    assert_eq!(port["paddingLeft"], true);
    assert!(port["tooltip"]["value"].as_str().unwrap().contains("8080"), "{port}");
    assert!(server.shutdown().success());

    // Pulled: the client answers `workspace/configuration` with the `podls` section.
    let (mut server, _) = Server::start(json!({
        "workspace": { "configuration": true, "inlayHint": { "refreshSupport": true } }
    }));
    server.answer("workspace/configuration", json!([{ "inlayHints": { "enabled": true } }]));
    server.answer("workspace/inlayHint/refresh", Value::Null);
    open(&mut server, PODS);
    assert_eq!(inlay_hints(&mut server, PODS, 0, PODS.len()), ALL_HINTS);
    assert!(server.shutdown().success());
}

#[test]
fn hover_shows_normalised_quantities_and_the_qos_class() {
    let (mut server, _) = Server::start(rich());
    open(&mut server, PODS);
    let mut hover = |position: Value| {
        let result = server.result("textDocument/hover", params(position));
        result["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover: {result}")).to_owned()
    };

    let cpu = hover(at(r#"cpu: "0.5""#, 0, 6));
    assert!(cpu.contains("`0.5` = 0.5 CPUs (500 millicores)"), "{cpu}");
    assert!(cpu.contains("`500m`"), "{cpu}");
    assert!(cpu.contains("QoS class is **Guaranteed**"), "{cpu}");
    let memory = hover(at("memory: 1Gi", 0, 9));
    assert!(memory.contains("1,073,741,824 bytes"), "{memory}");
    assert!(memory.contains("QoS class is **Guaranteed**"), "{memory}");
    assert!(server.shutdown().success());
}

const WORKLOADS_URI: &str = "file:///work/%EC%84%9C%EC%9A%B8/workloads.yaml";

/// A Deployment and a StatefulSet whose names sit inside their Pod templates, with the links a workload adds: the
/// selector and the template's labels, a claim template and the mount that uses it.
const WORKLOADS: &str = r#"# 서울 워크로드
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: {path: /, port: http}
          volumeMounts:
            - name: cache
              mountPath: /var/cache/nginx
      volumes:
        - name: cache
          emptyDir: {}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:17
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
"#;

/// The UTF-16 position of the `nth` occurrence of `needle` in [`WORKLOADS`], plus `delta` bytes.
fn in_workloads(needle: &str, nth: usize, delta: usize) -> Value {
    let (at, _) =
        WORKLOADS.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth} is in the fixture"));
    position(WORKLOADS, at + delta, "utf-16")
}

fn workload_params(position: Value) -> Value {
    json!({ "textDocument": { "uri": WORKLOADS_URI }, "position": position })
}

/// The ranges of the locations answered for `method` in [`WORKLOADS`], rendered.
fn workload_locations(server: &mut Server, method: &str, params: Value) -> Vec<String> {
    let result = server.result(method, params);
    let locations = result.as_array().unwrap_or_else(|| panic!("{method} answered {result}"));
    assert!(locations.iter().all(|l| l["uri"] == WORKLOADS_URI), "{locations:?}");
    render(WORKLOADS, &locations.iter().map(|l| &l["range"]).collect::<Vec<_>>())
}

fn open_workloads(server: &mut Server) {
    server.open(WORKLOADS_URI, 1, WORKLOADS);
    server.diagnostics(WORKLOADS_URI, Some(1));
}

#[test]
fn definition_inside_a_deployment_and_a_statefulset() {
    let mut server = Server::start_default();
    open_workloads(&mut server);
    let mut definition =
        |position: Value| workload_locations(&mut server, "textDocument/definition", workload_params(position));
    // In the Deployment's template: a probe's port, a mount; the selector's label → the template's label.
    assert_eq!(definition(in_workloads("port: http", 0, 6)), ["19: http"]);
    assert_eq!(definition(in_workloads("- name: cache", 0, 8)), ["27: cache"]);
    assert_eq!(definition(in_workloads("app: web", 0, 1)), ["13: app"]);
    assert_eq!(definition(in_workloads("app: web", 0, 6)), ["13: web"]);
    // In the StatefulSet: a mount may name a claim template.
    assert_eq!(definition(in_workloads("- name: data", 0, 8)), ["52: data"]);
    assert!(server.shutdown().success());
}

#[test]
fn references_inside_a_deployment_and_a_statefulset() {
    let mut server = Server::start_default();
    open_workloads(&mut server);
    let mut references = |position: Value, include_declaration: bool| {
        let mut params = workload_params(position);
        params["context"] = json!({ "includeDeclaration": include_declaration });
        workload_locations(&mut server, "textDocument/references", params)
    };
    assert_eq!(references(in_workloads("- name: cache", 1, 8), true), ["24: cache", "27: cache"]);
    assert_eq!(references(in_workloads("- name: http", 0, 8), false), ["22: http"]);
    // The template's label and the selector that requires it; the StatefulSet's `app` is another document's.
    assert_eq!(references(in_workloads("app: web", 1, 1), true), ["9: app", "13: app"]);
    assert_eq!(references(in_workloads("name: data", 1, 6), true), ["48: data", "52: data"]);
    assert!(server.shutdown().success());
}

#[test]
fn rename_inside_a_deployment_and_a_statefulset() {
    let mut server = Server::start_default();
    open_workloads(&mut server);
    let mut rename = |position: Value, new_name: &str| -> Value {
        let mut params = workload_params(position);
        params["newName"] = json!(new_name);
        server.request("textDocument/rename", params)
    };
    // A label value renamed in the template keeps the selector matching it, in its own document only.
    let response = rename(in_workloads("app: web", 1, 6), "site");
    let edits = response["result"]["changes"][WORKLOADS_URI].as_array().unwrap_or_else(|| panic!("{response}"));
    let renamed = apply(WORKLOADS, edits);
    assert_eq!(renamed.matches("app: site").count(), 2, "{renamed}");
    assert_eq!(renamed.matches("app: db").count(), 2, "{renamed}");
    // A claim template renamed: the mount follows.
    let response = rename(in_workloads("name: data", 1, 6), "pgdata");
    let edits = response["result"]["changes"][WORKLOADS_URI].as_array().unwrap_or_else(|| panic!("{response}"));
    let renamed = apply(WORKLOADS, edits);
    assert_eq!(renamed.matches("name: pgdata").count(), 2, "{renamed}");
    // A volume's new name must be a DNS label, as in a Pod.
    let response = rename(in_workloads("- name: cache", 1, 8), "Cache_Dir");
    assert_eq!(response["error"]["code"], -32803, "{response}");
    assert!(server.shutdown().success());
}

#[test]
fn names_complete_and_hover_inside_workloads() {
    let (mut server, _) = Server::start(rich());
    // The StatefulSet's mount being written: its name offers the template's volume and the claim template.
    let text = WORKLOADS.replace("            - name: data\n", "            - name: \n");
    server.open(WORKLOADS_URI, 1, &text);
    server.diagnostics(WORKLOADS_URI, Some(1));
    let mount = text.find("- name: \n").unwrap() + "- name: ".len();
    let result = server.result("textDocument/completion", workload_params(position(&text, mount, "utf-16")));
    let items = match &result {
        Value::Array(items) => items.clone(),
        Value::Object(list) => list["items"].as_array().cloned().unwrap_or_default(),
        other => panic!("not a completion result: {other}"),
    };
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["data"], "{result}");

    // Hover on a probe's port name in the Deployment's template says which port it is.
    let port = text.find("port: http").unwrap() + 7;
    let result = server.result("textDocument/hover", workload_params(position(&text, port, "utf-16")));
    let markdown = result["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover: {result}"));
    assert!(markdown.contains("`http` is port **8080** of container `web`."), "{markdown}");
    assert!(server.shutdown().success());
}
