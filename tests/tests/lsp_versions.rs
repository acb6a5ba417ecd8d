//! The target Kubernetes version and feature gates through the editor settings `podls.kubernetesVersion` and
//! `podls.featureGates`: a change republishes every open document for the new target.

mod common;

use common::{Server, codes};
use serde_json::json;

const URI: &str = "file:///work/versions.yaml";

/// Pod-level resources: a field since 1.32, behind PodLevelResources (on by default since 1.34).
const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  resources:
    limits: {cpu: \"1\"}
  containers:
    - name: web
      image: nginx:1.27
      resources:
        limits: {cpu: \"1\", memory: 1Gi}
";

#[test]
fn a_change_of_target_republishes_open_documents() {
    let mut server = Server::start_default();
    server.open(URI, 1, POD);
    assert_eq!(codes(&server.diagnostics(URI, Some(1))), Vec::<String>::new());

    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "kubernetesVersion": "1.31" } } }),
    );
    assert_eq!(codes(&server.diagnostics(URI, Some(1))), ["field-not-in-version"]);

    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "kubernetesVersion": "v1.33", "featureGates": {} } } }),
    );
    assert_eq!(codes(&server.diagnostics(URI, Some(1))), ["feature-gate-off"]);

    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "kubernetesVersion": "1.33", "featureGates": { "PodLevelResources": true } } } }),
    );
    assert_eq!(codes(&server.diagnostics(URI, Some(1))), Vec::<String>::new());
    assert!(server.shutdown().success());
}

#[test]
fn a_target_that_does_not_parse_falls_back_to_the_newest_version() {
    let mut server = Server::start_default();
    server.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "podls": { "kubernetesVersion": "1.99" } } }),
    );
    server.open(URI, 1, POD);
    assert_eq!(codes(&server.diagnostics(URI, Some(1))), Vec::<String>::new());
    assert!(server.shutdown().success());
}
