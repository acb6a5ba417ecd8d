//! The values the API server fills in when a Pod leaves them out: `imagePullPolicy` from the image's tag,
//! `protocol: TCP`, `restartPolicy: Always`, probe timings. Shown as inlay hints (which the editor setting turns on)
//! and in the hover of the field they attach to. The hints also give the number a probe's port name stands for.
//!
//! Architecture Invariant: no LSP types here; offsets are bytes.

use crate::model::defaults;
use crate::model::names::{self, Role, Space};
use crate::model::pod;
use crate::syntax::Node;

/// An inlay hint: text shown at an offset, not part of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

/// Inlay hints for one document: the defaults, and the number each probe's port name stands for; document offsets.
pub fn document_inlay_hints(text: &str, root: &Node) -> Vec<InlayHint> {
    let mut hints: Vec<InlayHint> = defaults::of_document(text, root)
        .into_iter()
        .map(|d| {
            let note = if d.text.contains(", ") { "defaults" } else { "default" };
            InlayHint { offset: d.offset, label: format!("{} ({note})", d.text), tooltip: Some(d.reason) }
        })
        .collect();
    let carrier = pod::document_carrier(Some(root));
    let spec = carrier.and_then(|carrier| names::pod_spec(root, carrier));
    let occurrences = carrier.map(|carrier| names::index(text, root, carrier)).unwrap_or_default();
    for occurrence in occurrences {
        let (Space::Port(container), Role::Use) = (&occurrence.space, occurrence.role) else { continue };
        let node = spec.and_then(|spec| container.node(spec));
        if let Some(number) = node.and_then(|c| pod::port_number(c, &occurrence.name)) {
            hints.push(InlayHint {
                offset: occurrence.range.end,
                label: format!("= {number}"),
                tooltip: Some(format!("The container's port `{}` is {number}.", occurrence.name)),
            });
        }
    }
    hints.sort_by_key(|h| h.offset);
    hints
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[test]
    fn hints_for_left_out_fields() {
        let text = "apiVersion: v1
kind: Pod
metadata:
  name: 서울
spec:  # 파드
  containers:
  - name: web
    image: registry.local:5000/web:1.2
    ports:
    - containerPort: 80
      name: http
    - containerPort: 53
      protocol: UDP
    readinessProbe:
      periodSeconds: 5
      httpGet: {path: /, port: 80}
    livenessProbe:
      tcpSocket:
        port: http
      timeoutSeconds: 1
      periodSeconds: 10
      successThreshold: 1
      failureThreshold: 3
  - name: tools
    image: busybox
    imagePullPolicy: Never
  initContainers:
  - name: init
    image: registry.local:5000/init
---
kind: Pod
spec:
  restartPolicy: Never
  containers:
  - name: pinned
    image: nginx@sha256:0123
";
        // Every document's hints from its cached parse, as the server asks for them; offsets in the file.
        let mut hints = Vec::new();
        for part in crate::ide::document::Document::new(text, 0).parts() {
            let root = part.part.analysis().parse.root.as_ref().unwrap();
            let found = document_inlay_hints(part.part.text(), root);
            hints.extend(found.into_iter().map(|h| InlayHint { offset: h.offset + part.start, ..h }));
        }
        let rendered: Vec<String> = hints
            .iter()
            .map(|h| {
                let line_start = text[..h.offset].rfind('\n').map_or(0, |i| i + 1);
                format!("{}⟨{}⟩", &text[line_start..h.offset], h.label)
            })
            .collect();
        expect![[r#"
            spec:⟨restartPolicy: Always (default)⟩
                image: registry.local:5000/web:1.2⟨imagePullPolicy: IfNotPresent (default)⟩
                - containerPort: 80⟨protocol: TCP (default)⟩
                readinessProbe:⟨timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 (defaults)⟩
                    port: http⟨= 80⟩
                image: registry.local:5000/init⟨imagePullPolicy: Always (default)⟩
                image: nginx@sha256:0123⟨imagePullPolicy: IfNotPresent (default)⟩"#]]
        .assert_eq(&rendered.join("\n"));
    }

    #[test]
    fn hints_inside_workload_templates() {
        let render = |text: &str| {
            let root = crate::syntax::parse(text).root.unwrap();
            let hints: Vec<String> = document_inlay_hints(text, &root)
                .into_iter()
                .map(|h| format!("{}: {}", text[..h.offset].lines().count(), h.label))
                .collect();
            hints.join("\n")
        };
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";
        expect![[r#"
            3: replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 25%, maxSurge: 25%}} (defaults)
            5: restartPolicy: Always (default)
            8: imagePullPolicy: Always (default)"#]]
        .assert_eq(&render(deployment));
        let statefulset = deployment
            .replace("Deployment", "StatefulSet")
            .replace("image: nginx", "image: postgres:17\n        ports:\n        - containerPort: 5432");
        expect![[r#"
            3: podManagementPolicy: OrderedReady, replicas: 1, revisionHistoryLimit: 10, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}, persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Retain} (defaults)
            5: restartPolicy: Always (default)
            8: imagePullPolicy: IfNotPresent (default)
            10: protocol: TCP (default)"#]]
        .assert_eq(&render(&statefulset));
        let cronjob = "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: backup\n            image: restic:latest\n";
        expect![[r#"
            3: concurrencyPolicy: Allow, suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 (defaults)
            5: completionMode: NonIndexed, suspend: false, completions: 1, parallelism: 1, backoffLimit: 6, podReplacementPolicy: TerminatingOrFailed (defaults)
            11: imagePullPolicy: Always (default)"#]].assert_eq(&render(cronjob));
        expect![""].assert_eq(&render("apiVersion: v1\nkind: Service\nspec:\n  containers:\n  - image: nginx\n"));
    }

    #[test]
    fn port_names_resolve_inside_templates() {
        let ports = |text: &str| {
            let root = crate::syntax::parse(text).root.unwrap();
            let hints: Vec<String> = document_inlay_hints(text, &root)
                .into_iter()
                .filter(|h| h.label.starts_with('='))
                .map(|h| format!("{}⟨{}⟩", text[..h.offset].lines().last().unwrap_or_default(), h.label))
                .collect();
            hints.join("\n")
        };
        let containers = "containers:\n- name: web\n  ports: [{name: http, containerPort: 8080}]\n  livenessProbe:\n    httpGet: {port: http}\n";
        let indented = |by: usize| containers.lines().map(|l| format!("{}{l}\n", " ".repeat(by))).collect::<String>();
        let deployment =
            format!("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n{}", indented(6));
        expect!["          httpGet: {port: http⟨= 8080⟩"].assert_eq(&ports(&deployment));
        let statefulset = deployment.replace("Deployment", "StatefulSet");
        expect!["          httpGet: {port: http⟨= 8080⟩"].assert_eq(&ports(&statefulset));
        let cronjob = format!(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n{}",
            indented(10)
        );
        expect!["              httpGet: {port: http⟨= 8080⟩"].assert_eq(&ports(&cronjob));
    }

    #[test]
    fn hints_in_flow_style_follow_the_opening_bracket() {
        let text = "{apiVersion: apps/v1, kind: DaemonSet, spec: {updateStrategy: {rollingUpdate: {maxSurge: 1}}, template: {spec: {containers: [{name: a, image: b:1}]}}}}\n";
        let root = crate::syntax::parse(text).root.unwrap();
        let hints: Vec<String> = document_inlay_hints(text, &root)
            .into_iter()
            .map(|h| format!("{}|{}", &text[h.offset.saturating_sub(12)..h.offset], h.label))
            .collect();
        expect![[r#"
            [
                "Set, spec: {|revisionHistoryLimit: 10 (default)",
                "eStrategy: {|type: RollingUpdate (default)",
                "ingUpdate: {|maxUnavailable: 1 (default)",
                "te: {spec: {|restartPolicy: Always (default)",
                ", image: b:1|imagePullPolicy: IfNotPresent (default)",
            ]
        "#]]
        .assert_debug_eq(&hints);
    }
}
