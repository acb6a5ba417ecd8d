//! Fixture tests for every rule: a failing and a passing manifest each, and every quick fix applied and re-checked.

use super::codes;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ide::analysis::{analyze_file, file_diagnostics};
use crate::test_utils::{check, check_filtered};

/// Checks the diagnostics of one code only.
#[track_caller]
fn check_code(code: &str, fixture: &str) {
    check_filtered(fixture, |d| d.code == code);
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    file_diagnostics(&analyze_file(text))
}

/// Applies the fix of the first `code` diagnostic whose title contains `title`, and returns the new text.
#[track_caller]
fn apply_fix(text: &str, code: &str, title: &str) -> String {
    let all = diagnostics(text);
    let diagnostic = all.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no {code} in {all:#?}"));
    let fix = diagnostic
        .fixes
        .iter()
        .find(|f| f.title.contains(title))
        .unwrap_or_else(|| panic!("no fix titled {title:?} in {:#?}", diagnostic.fixes));
    crate::test_utils::apply_fix(text, fix)
}

/// Asserts that `text` has no diagnostic of `code` and no error at all.
#[track_caller]
fn assert_fixed(text: &str, code: &str) {
    let left: Vec<Diagnostic> =
        diagnostics(text).into_iter().filter(|d| d.code == code || d.severity == Severity::Error).collect();
    assert!(left.is_empty(), "after the fix:\n{text}\nstill reported: {left:#?}");
}

// Metadata.

#[test]
fn pod_name_required() {
    check_code(
        codes::POD_NAME_REQUIRED,
        r#"apiVersion: v1
kind: Pod
metadata:
#^^^^^^^^ pod-name-required: metadata.name: Required value: name or generateName is required
  labels: {app: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
"#,
    );
    check_code(
        codes::POD_NAME_REQUIRED,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: web-\nspec:\n  containers:\n  - {name: a, image: x:1}\n",
    );
}

#[test]
fn pod_name_fix_inserts_name() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {app: web}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";
    let fixed = apply_fix(text, codes::POD_NAME_REQUIRED, "name");
    assert!(fixed.contains("metadata:\n  name: app\n  labels"), "{fixed}");
    assert_fixed(&fixed, codes::POD_NAME_REQUIRED);
    for empty in ["metadata: {}\n", "metadata:\n"] {
        let text =
            format!("apiVersion: v1\nkind: Pod\n{empty}spec:\n  containers:\n  - name: app\n    image: nginx:1.27\n");
        let fixed = apply_fix(&text, codes::POD_NAME_REQUIRED, "name");
        assert!(fixed.contains("metadata: {name: \"app\"}"), "{fixed}");
        assert_fixed(&fixed, codes::POD_NAME_REQUIRED);
    }
    let no_metadata = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";
    let fixed = apply_fix(no_metadata, codes::POD_NAME_REQUIRED, "name");
    assert_fixed(&fixed, codes::POD_NAME_REQUIRED);
}

#[test]
fn pod_name_fix_fills_an_empty_name_instead_of_adding_a_second() {
    // Found by the shaped property test: the fix added `name: app` above `name: ""`, which YAML readers then took
    // as the name, so the fix fixed nothing.
    for (empty, expected) in [("name: \"\"", "name: \"app\""), ("name:", "name: \"app\"")] {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {{app: web}}\n  {empty}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n"
        );
        let fixed = apply_fix(&text, codes::POD_NAME_REQUIRED, "name");
        assert!(fixed.contains(&format!("  labels: {{app: web}}\n  {expected}\nspec")), "{fixed}");
        assert_fixed(&fixed, codes::POD_NAME_REQUIRED);
    }
}

#[test]
fn pod_name_fix_quotes_a_guess_that_would_not_read_as_a_string() {
    // Found by the shaped fuzz target: a container named `null` gave `name: null`, which is no name at all.
    for container in ["null", "true", "123"] {
        let text = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {{app: web}}\nspec:\n  containers:\n  - name: \"{container}\"\n    image: nginx:1.27\n"
        );
        let fixed = apply_fix(&text, codes::POD_NAME_REQUIRED, "name");
        assert!(fixed.contains(&format!("metadata:\n  name: \"{container}\"\n")), "{fixed}");
        let left: Vec<_> = diagnostics(&fixed).into_iter().filter(|d| d.code == codes::POD_NAME_REQUIRED).collect();
        assert!(left.is_empty(), "{fixed}\n{left:#?}");
    }
}

#[test]
fn invalid_pod_name_and_namespace() {
    check_code(
        codes::INVALID_POD_NAME,
        r#"apiVersion: v1
kind: Pod
metadata:
  name: Nginx_Frontend
#       ^^^^^^^^^^^^^^ invalid-pod-name: metadata.name: Invalid value: "Nginx_Frontend": a lowercase RFC 1123 subdomain
spec:
  containers: [{name: a, image: x:1}]
"#,
    );
    let fixed = apply_fix(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Nginx_Frontend\nspec:\n  containers: [{name: a, image: x:1}]\n",
        codes::INVALID_POD_NAME,
        "Rename",
    );
    assert!(fixed.contains("name: nginx-frontend"));
    assert_fixed(&fixed, codes::INVALID_POD_NAME);
    check_code(
        codes::INVALID_NAMESPACE,
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web.example
  namespace: team.a
#            ^^^^^^ invalid-namespace: must not contain dots
spec:
  containers: [{name: a, image: x:1}]
"#,
    );
}

#[test]
fn labels_annotations_finalizers() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    cost center: x
#   ^^^^^^^^^^^ invalid-label: metadata.labels: Invalid value: "cost center": name part must consist
    app: -web
#        ^^^^ invalid-label: a valid label must be an empty string
    ok.example.com/tier: front_end
  annotations:
    a/b/c: x
#   ^^^^^ invalid-annotation: a qualified name must consist
    controller.kubernetes.io/pod-deletion-cost: "ten"
#                                               ^^^^^ invalid-annotation: must be a 32bit integer
  finalizers: [kubernetes, cleanup, example.com/cleanup]
#                          ^^^^^^^ invalid-finalizer: name is neither a standard finalizer name
spec:
  containers:
  - name: a
    image: x:1
    resources: {limits: {cpu: 1, memory: 1Gi}}
"#,
    );
}

#[test]
fn annotations_too_long() {
    let big = "x".repeat(262_145);
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    k: {big}\nspec:\n  containers: [{{name: a, image: x:1}}]\n"
    );
    let found: Vec<_> = diagnostics(&text).into_iter().filter(|d| d.code == codes::ANNOTATIONS_TOO_LONG).collect();
    assert_eq!(found.len(), 1);
    assert!(found[0].message.starts_with("metadata.annotations: Too long: may not be more than 262144 bytes"));
    let ok = text.replace(&big, "small");
    assert!(diagnostics(&ok).iter().all(|d| d.code != codes::ANNOTATIONS_TOO_LONG));
}

#[test]
fn apparmor_annotation() {
    check_filtered(
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    container.apparmor.security.beta.kubernetes.io/other: runtime/default
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ invalid-annotation: Invalid value: "other": container not found
#                                                         ^^^^^^^^^^^^^^^ deprecated-annotation
    container.apparmor.security.beta.kubernetes.io/a: strict
#                                                     ^^^^^^ invalid-annotation: invalid AppArmor profile name
spec:
  containers: [{name: a, image: x:1}]
"#,
        |d| d.code == codes::INVALID_ANNOTATION || d.code == codes::DEPRECATED_ANNOTATION,
    );
}

// Containers.

#[test]
fn containers_required_and_names() {
    check_code(
        codes::NO_CONTAINERS,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: []\n#             ^^ no-containers: spec.containers: Required value\n",
    );
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: app
#         ^^^ duplicate-container-name: spec.initContainers[0].name: Duplicate value: "app"
    image: busybox:1.36
  containers:
  - name: Web_Server
#         ^^^^^^^^^^ invalid-container-name: spec.containers[0].name: Invalid value: "Web_Server": a lowercase RFC 1123 label
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
"#,
    );
    let all = diagnostics(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: app, image: a:1}\n  - {name: app, image: b:1}\n",
    );
    let dup = all.iter().find(|d| d.code == codes::DUPLICATE_CONTAINER_NAME).expect("duplicate");
    assert_eq!(dup.related.len(), 1, "the first name is related information");
}

#[test]
fn missing_image_and_fix() {
    check_code(
        codes::MISSING_IMAGE,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: redis
#         ^^^^^ missing-image: spec.containers[0].image: Required value
    ports: [{containerPort: 6379}]
  - name: b
    image: " nginx:1.27"
#          ^^^^^^^^^^^^^ missing-image: must not have leading or trailing whitespace
  - name: c
    image: <your-image>
"#,
    );
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: redis\n    ports: [{containerPort: 6379}]\n";
    let fixed = apply_fix(text, codes::MISSING_IMAGE, "image");
    assert!(fixed.contains("  - image: redis\n    name: redis\n"), "{fixed}");
    assert_fixed(&fixed, codes::MISSING_IMAGE);
}

#[test]
fn container_restart_policy_and_init_fields() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    livenessProbe:
#   ^^^^^^^^^^^^^ init-container-field: spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always
      exec: {command: [cat, /tmp/ready]}
  - name: proxy
    image: envoy:1.30
    restartPolicy: Always
    livenessProbe:
      exec: {command: [cat, /tmp/ready]}
    resources: {limits: {cpu: 1, memory: 1Gi}}
  containers:
  - name: app
    image: nginx:1.27
    restartPolicy: Always
    resources: {limits: {cpu: 1, memory: 1Gi}}
  - name: job
    image: nginx:1.27
    restartPolicy: Sometimes
#                  ^^^^^^^^^ container-restart-policy: spec.containers[1].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"
    resources: {limits: {cpu: 1, memory: 1Gi}}
"#,
    );
}

#[test]
fn restart_rules_are_judged_without_a_gate_warning() {
    // ContainerRestartRules is on by default since Kubernetes 1.35, so the rules are validated rather than flagged.
    check_code(
        codes::CONTAINER_RESTART_POLICY,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
  - name: watcher
    image: busybox:1.36
    restartPolicy: Always
    restartPolicyRules:
#   ^^^^^^^^^^^^^^^^^^ container-restart-policy: spec.initContainers[0].restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always
    - {action: Restart, exitCodes: {operator: In, values: [88]}}
  containers:
  - name: app
    image: x:1
    restartPolicy: Never
    restartPolicyRules:
    - {action: Restart, exitCodes: {operator: In, values: [88]}}
    - {action: Restart, exitCodes: {operator: NotIn, values: [0]}}
    - {action: Restart}
#      ^^^^^^ container-restart-policy: spec.containers[0].restartPolicyRules[2].exitCodes: Required value: must be specified
"#,
    );
}

#[test]
fn ephemeral_containers_on_create() {
    check_code(
        codes::EPHEMERAL_CONTAINERS,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: x:1}]
  ephemeralContainers:
# ^^^^^^^^^^^^^^^^^^^ ephemeral-containers: spec.ephemeralContainers: Forbidden: cannot be set on create
  - {name: debug, image: busybox:1.36}
"#,
    );
}

// Ports.

#[test]
fn ports() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    ports:
    - containerPort: 70000
#                    ^^^^^ invalid-port: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive
    - containerPort: 0
#                    ^ invalid-port: spec.containers[0].ports[1].containerPort: Required value
    - containerPort: 8080
      name: otlp-http-receiver
#           ^^^^^^^^^^^^^^^^^^ invalid-port-name: Invalid value: "otlp-http-receiver": must be no more than 15 characters
    - containerPort: 8081
      name: http
    - containerPort: 8082
      name: http
#           ^^^^ duplicate-port-name: spec.containers[0].ports[4].name: Duplicate value: "http"
    - containerPort: 8443
      hostPort: 8443
  - name: side
    image: envoy:1.30
    resources: {limits: {cpu: 1, memory: 1Gi}}
    ports:
    - containerPort: 9443
      hostPort: 8443
#               ^^^^ host-port-conflict: spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8443"
    - containerPort: 9444
      hostPort: 8443
      protocol: UDP
"#,
    );
}

#[test]
fn host_network_ports() {
    check_code(
        codes::HOST_NETWORK_PORT,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - {containerPort: 80, hostPort: 8080}
#                                   ^^^^ host-network-port: hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true
    - {containerPort: 443}
    - {containerPort: 9090, hostPort: 9090}
"#,
    );
    // Without hostNetwork, a host port may differ from the container port.
    check_code(
        codes::HOST_NETWORK_PORT,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: x:1\n    ports: [{containerPort: 8080, hostPort: 8001}]\n",
    );
}

// Env.

#[test]
fn env_rules() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    env:
    - name: A=B
#           ^^^ invalid-env-name: a valid environment variable name must consist only of printable ASCII characters other than '='
    - name: BOTH
      value: x
      valueFrom:
#     ^^^^^^^^^ env-value-source: env[1].valueFrom: Invalid value: "": may not be specified when `value` is not empty
        fieldRef: {fieldPath: metadata.name}
    - name: NONE
      valueFrom: {}
#     ^^^^^^^^^ env-value-source: must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`
    - name: TWO
      valueFrom:
        fieldRef: {fieldPath: metadata.name}
        secretKeyRef: {name: s, key: k}
#       ^^^^^^^^^^^^ env-value-source: may not have more than one field specified at a time
    - name: PHASE
      valueFrom:
        fieldRef: {fieldPath: status.phase}
#                             ^^^^^^^^^^^^ invalid-env-ref: env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase"
    - name: BAD
      valueFrom:
        fieldRef: {fieldPath: metadata.foo}
#                             ^^^^^^^^^^^^ invalid-env-ref: field label not supported: metadata.foo
    - name: LABEL
      valueFrom:
        fieldRef: {fieldPath: "metadata.labels['app']"}
    - name: CPU
      valueFrom:
        resourceFieldRef: {resource: limits.cpu, divisor: 1Mi}
#                                                         ^^^ invalid-env-ref: only divisor's values 1m and 1 are supported with the cpu resource
    - name: MEM
      valueFrom:
        resourceFieldRef: {resource: limits.gpu}
#                                    ^^^^^^^^^^ invalid-env-ref: Unsupported value: "limits.gpu"
    - name: KEY
      valueFrom:
        configMapKeyRef: {name: cfg, key: "a/b"}
#                                         ^^^^^ invalid-env-ref: a valid config key must consist
    - name: BOTH
#           ^^^^ duplicate-env-name: "BOTH" is set twice
      value: z
"#,
    );
}

#[test]
fn env_from_and_file_key_ref() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    envFrom:
    - configMapRef: {name: cfg}
      secretRef: {name: sec}
#     ^^^^^^^^^ env-from-source: may not have more than one field specified at a time
    - prefix: X_
#     ^^^^^^ env-from-source: must specify one of: `configMapRef` or `secretRef`
    - configMapRef: {name: cfg}
      prefix: "A="
#             ^^^^ env-from-source: Invalid value: "A="
    env:
    - name: TOKEN
      valueFrom:
        fileKeyRef: {volumeName: v, path: p, key: k}
#       ^^^^^^^^^^ feature-gated: EnvFiles
"#,
    );
}

// Volumes.

#[test]
fn volume_names_and_sources() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
  volumes:
  - name: Data
#         ^^^^ invalid-volume-name: spec.volumes[0].name: Invalid value: "Data"
    emptyDir: {}
  - name: cache
    emptyDir: {}
  - name: cache
#         ^^^^^ duplicate-volume-name: spec.volumes[2].name: Duplicate value: "cache"
    emptyDir: {}
  - name: two
    emptyDir: {}
    configMap: {name: cfg}
#   ^^^^^^^^^ volume-source: spec.volumes[3].configMap: Forbidden: may not specify more than 1 volume type
  # Neither is an error: v1 defaulting gives both `emptyDir: {}`.
  - name: none
  - name: null-source
    emptyDir:
"#,
    );
}

#[test]
fn a_volume_without_a_source_is_an_empty_dir() {
    // v1 defaulting turns a volume with no source, or a null one, into `emptyDir: {}` before validation.
    for text in [
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: a, image: x:1}]\n  volumes:\n  - name: scratch\n    emptyDir:\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: a, image: x:1}]\n  volumes:\n  - name: scratch\n",
    ] {
        let reported = file_diagnostics(&analyze_file(text));
        assert!(reported.iter().all(|d| d.code != codes::VOLUME_SOURCE), "{reported:#?}");
    }
}

#[test]
fn per_source_rules() {
    check_filtered(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: x:1}]
  volumes:
  - name: host
    hostPath: {path: /var/../etc}
#                    ^^^^^^^^^^^ invalid-volume-source: must not contain '..'
  - name: secret
    secret:
#   ^^^^^^ invalid-volume-source: spec.volumes[1].secret.secretName: Required value
      defaultMode: 600
#                  ^^^ invalid-volume-source: Invalid value: 600: must be a number between 0 and 0777 (octal), both inclusive
  - name: config
    configMap:
      name: cfg
      defaultMode: 0600
      items:
      - {key: a, path: /etc/a}
#                      ^^^^^^ invalid-volume-source: must be a relative path
  - name: nfs
    nfs: {server: nfs.local, path: exports}
#                                  ^^^^^^^ invalid-volume-source: must be an absolute path
  - name: pvc
    persistentVolumeClaim: {claimName: ""}
#                                      ^^ invalid-volume-source: claimName: Required value
  - name: fc
    fc: {targetWWNs: [a], wwids: [b], lun: 300}
#                                          ^^^ invalid-volume-source: must be between 0 and 255, inclusive
#        ^^^^^^^^^^ invalid-volume-source: targetWWNs and wwids can not be specified simultaneously
  - name: iscsi
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: iqn.2015-02.example.com:test, lun: 0, initiatorName: "iqn.2015:x"}
#                                                                                                    ^^^^^^^^^^^^ invalid-volume-source: initiatorname: Invalid value: "iqn.2015:x": must be valid format
  - name: iscsi2
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: target-1, lun: 0}
#                                               ^^^^^^^^ invalid-volume-source: must be valid format starting with iqn, eui, or naa
  - name: csi
    csi: {driver: Not_A_Driver}
#                 ^^^^^^^^^^^^ invalid-volume-source: a lowercase RFC 1123 subdomain
  - name: git
    gitRepo: {repository: "https://example.com/r.git", directory: ../up}
#                                                                 ^^^^^ invalid-volume-source: spec.volumes[9].gitRepo.directory: Invalid value: "../up": must not contain '..'
  - name: flex
    flexVolume: {driver: example.com/x, options: {kubernetes.io/secret: a}}
#                                                 ^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: kubernetes.io and k8s.io namespaces are reserved
  - name: dapi
    downwardAPI:
      items:
      - path: name
        fieldRef: {fieldPath: status.podIP}
#                             ^^^^^^^^^^^^ invalid-env-ref
      - path: cpu
        resourceFieldRef: {resource: limits.cpu}
#                          ^^^^^^^^ invalid-env-ref: containerName: Required value
"#,
        |d| d.code == codes::INVALID_VOLUME_SOURCE || d.code == codes::INVALID_ENV_REF,
    );
}

/// The API server's iSCSI patterns are Go regular expressions: the `.` after `eui`/`naa` is any one character (so a
/// multi-byte one too), the rest is ASCII, and `\s` is ASCII whitespace only.
#[test]
fn iscsi_names_with_multi_byte_characters() {
    check_code(
        codes::INVALID_VOLUME_SOURCE,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: x:1}]
  volumes:
  - name: short
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "euié123456789012345", lun: 0}
#                                               ^^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: iqn: Invalid value: "euié123456789012345": must be valid format
  - name: naa
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: eui.0123456789abcdef, lun: 0, initiatorName: "naaé0123456789012345678901234567890"}
#                                                                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: initiatorname: Invalid value: "naaé0123456789012345678901234567890": must be valid format
  - name: any-separator
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "euié1234567890123456", lun: 0}
  - name: initiator
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: eui.0123456789abcdef, lun: 0, initiatorName: "naaé"}
#                                                                                            ^^^^^^ invalid-volume-source: initiatorname: Invalid value: "naaé": must be valid format
  - name: accented-alnum
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "eui.é123456789012345", lun: 0}
#                                               ^^^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: must be valid format
  - name: newline-separator
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "eui\n0123456789abcdef", lun: 0}
#                                               ^^^^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: must be valid format
  - name: iqn-date
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "iqn.2015-0é.example.com:x", lun: 0}
#                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: must be valid format
  - name: iqn-domain
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "iqn.2015-02.exämple.com:x", lun: 0}
#                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: must be valid format
  - name: iqn-id
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "iqn.2015-02.example.com:stöckchen\u00a01", lun: 0}
  - name: iqn-id-space
    iscsi: {targetPortal: "10.0.0.1:3260", iqn: "iqn.2015-02.example.com:a\tb", lun: 0}
#                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ invalid-volume-source: must be valid format
"#,
    );
}

#[test]
fn projected_volumes() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: "x:1", resources: {limits: {cpu: 1, memory: 1Gi}}}]
  volumes:
  - name: all
    projected:
      sources:
      - serviceAccountToken: {path: token, expirationSeconds: 60}
#       ^^^^^^^^^^^^^^^^^^^ token-without-service-account
#                                                             ^^ invalid-volume-source: may not specify a duration less than 10 minutes
      # Both projections are judged, and the token's path is not among those that must not repeat.
      - configMap:
#       ^^^^^^^^^ volume-source: spec.volumes[0].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source
          name: cfg
          items: [{key: a, path: token}, {key: b, path: b.txt}]
#                                                       ^^^^^ invalid-volume-source: spec.volumes[0].projected: Invalid value: "cfg": conflicting duplicate paths
        secret: {name: s, items: [{key: b, path: b.txt}]}
      - clusterTrustBundle: {name: a, signerName: b, path: ca.pem}
#                                     ^^^^^^^^^^ invalid-volume-source: only one of name and signerName may be used
      - podCertificate: {keyType: ED25519, signerName: example.com/foo, credentialBundlePath: c.pem}
#       ^^^^^^^^^^^^^^ feature-gated: PodCertificateRequest
"#,
    );
}

#[test]
fn projected_token_with_service_account_is_quiet() {
    check_code(
        codes::TOKEN_WITHOUT_SERVICE_ACCOUNT,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  serviceAccountName: build\n  containers: [{name: a, image: x:1}]\n  volumes:\n  - name: t\n    projected:\n      sources: [{serviceAccountToken: {path: token}}]\n",
    );
}

#[test]
fn volume_mounts() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    volumeMounts:
    - {name: data, mountPath: /data}
    - {name: output-dir, mountPath: /out}
#            ^^^^^^^^^^ missing-volume: spec.containers[0].volumeMounts[1].name: Not found: "output-dir"
    - {name: cache, mountPath: /data}
#                              ^^^^^ duplicate-mount-path: volumeMounts[2].mountPath: Invalid value: "/data": must be unique
    - {name: cache, mountPath: /c, subPath: ../x}
#                                           ^^^^ invalid-volume-mount: must not contain '..'
    - {name: cache, mountPath: /d, subPath: a, subPathExpr: $(B)}
#                                                           ^^^^ invalid-volume-mount: subPathExpr and subPath are mutually exclusive
    - {name: cache, mountPath: /e, mountPropagation: Bidirectional}
#                                                    ^^^^^^^^^^^^^ invalid-volume-mount: Bidirectional mount propagation is available only to privileged containers
    - {name: cache, mountPath: /f, recursiveReadOnly: Enabled}
#                                                     ^^^^^^^ invalid-volume-mount: spec.containers[0].volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true
    - {name: img, mountPath: /g, subPath: x}
#                                         ^ feature-gated: not allowed in image volume sources
  volumes:
  - {name: data, emptyDir: {}}
  - {name: cache, emptyDir: {}}
  - {name: img, image: {reference: "example.com/data:1"}}
"#,
    );
}

#[test]
fn missing_volume_fixes() {
    let text = "apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: cahce
      mountPath: /cache
  volumes:
  - name: cache
    emptyDir: {}
";
    let missing = diagnostics(text).into_iter().find(|d| d.code == codes::MISSING_VOLUME).expect("reported");
    assert_eq!(missing.related.len(), 1, "the closest volume is related information");
    let renamed = apply_fix(text, codes::MISSING_VOLUME, "Change to `cache`");
    assert!(renamed.contains("- name: cache\n      mountPath"), "{renamed}");
    assert_fixed(&renamed, codes::MISSING_VOLUME);
    let added = apply_fix(text, codes::MISSING_VOLUME, "emptyDir");
    assert!(added.contains("  - name: cahce\n    emptyDir: {}\n  - name: cache\n"), "{added}");
    assert_fixed(&added, codes::MISSING_VOLUME);

    // No `volumes:` yet: the fix creates it.
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    volumeMounts:\n    - {name: scratch, mountPath: /tmp}\n";
    let added = apply_fix(text, codes::MISSING_VOLUME, "emptyDir");
    assert!(added.contains("spec:\n  volumes:\n  - name: scratch\n    emptyDir: {}\n  containers:"), "{added}");
    assert_fixed(&added, codes::MISSING_VOLUME);

    // Flow style (KYAML).
    let text = "{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: app, image: \"x:1\", volumeMounts: [{name: s, mountPath: /s}]}],}}\n";
    let added = apply_fix(text, codes::MISSING_VOLUME, "emptyDir");
    assert_fixed(&added, codes::MISSING_VOLUME);
    let text = "{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: app, image: \"x:1\", volumeMounts: [{name: s, mountPath: /s}]}], volumes: []}}\n";
    let added = apply_fix(text, codes::MISSING_VOLUME, "emptyDir");
    assert_fixed(&added, codes::MISSING_VOLUME);
}

#[test]
fn volume_devices() {
    check_code(
        codes::INVALID_VOLUME_DEVICE,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: x:1
    volumeDevices:
    - {name: block, devicePath: /dev/xvda}
    - {name: scratch, devicePath: /dev/xvdb}
#            ^^^^^^^ invalid-volume-device: can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode
    - {name: gone, devicePath: /dev/xvda}
#            ^^^^ invalid-volume-device: Not found: "gone"
#                              ^^^^^^^^^ invalid-volume-device: must be unique
  volumes:
  - {name: block, persistentVolumeClaim: {claimName: disk}}
  - {name: scratch, emptyDir: {}}
"#,
    );
}

// Resources.

#[test]
fn quantities() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      limits:
        memory: 1GB
#               ^^^ invalid-quantity: spec.containers[0].resources.limits[memory]: Invalid value: "1GB": quantities must match the regular expression
        cpu: 500mb
#            ^^^^^ invalid-quantity: did you mean `500M` or `500Mi`?
        example.com/gpu: 1.5
#                        ^^^ invalid-quantity: must be an integer
      requests:
        cpu: -1
#            ^^ invalid-quantity: must be greater than or equal to 0
        memory: 1mi
#               ^^^ invalid-quantity: unable to parse quantity's suffix
        ephemeral-storage: 1e3
"#,
    );
}

#[test]
fn quantity_fixes() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    resources:\n      limits: {memory: 1GB, cpu: \"500mb\"}\n";
    for title in ["`1G`", "`1Gi`"] {
        let fixed = apply_fix(text, codes::INVALID_QUANTITY, title);
        let fixed = apply_fix(&fixed, codes::INVALID_QUANTITY, "`500M");
        assert!(fixed.contains("cpu: \"500M"), "{fixed}");
        assert_fixed(&fixed, codes::INVALID_QUANTITY);
    }
}

#[test]
fn requests_and_limits() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        memory: 512Mi
#               ^^^^^ request-exceeds-limit: spec.containers[0].resources.requests: Invalid value: "512Mi": must be less than or equal to memory limit of 256Mi
        cpu: 250m
        nvidia.com/gpu: 1
#                       ^ non-overcommittable-resource: Required value: Limit must be set for non overcommitable resources
        example.com/fpga: 1
#                         ^ non-overcommittable-resource: must be equal to example.com/fpga limit of 2
        gpu: 1
#       ^^^ invalid-resource-name: spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers
      limits:
        memory: 256Mi
        cpu: "0.5"
        example.com/fpga: 2
        CPU: 1
#       ^^^ invalid-resource-name: must be a standard resource for containers
"#,
    );
    let fixed = apply_fix(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: x:1\n    resources: {limits: {CPU: 1}}\n",
        codes::INVALID_RESOURCE_NAME,
        "cpu",
    );
    assert_fixed(&fixed, codes::INVALID_RESOURCE_NAME);
}

#[test]
fn hugepages_need_cpu_or_memory() {
    check_code(
        codes::NON_OVERCOMMITTABLE_RESOURCE,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: x:1
    resources:
      limits: {hugepages-2Mi: 100Mi}
#                             ^^^^^ non-overcommittable-resource: spec.containers[0].resources: Forbidden: HugePages require cpu or memory
  - name: ok
    image: x:1
    resources:
      limits: {hugepages-2Mi: 100Mi, memory: 1Gi}
"#,
    );
}

#[test]
fn memory_without_unit() {
    check_code(
        codes::MEMORY_WITHOUT_UNIT,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: x:1
    resources:
      limits: {memory: 512, cpu: 1}
#                      ^^^ memory-without-unit: "512" is only 512 bytes
      requests: {memory: 256M}
"#,
    );
    let fixed = apply_fix(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: x:1\n    resources: {limits: {memory: 512}}\n",
        codes::MEMORY_WITHOUT_UNIT,
        "Mi",
    );
    assert_fixed(&fixed, codes::MEMORY_WITHOUT_UNIT);
}

#[test]
fn pod_level_resources_and_claims() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  resources:
    requests: {cpu: 500m, example.com/gpu: 1}
#                   ^^^^ pod-resources: spec.resources.requests[cpu]: Invalid value: "500m": must be greater than or equal to aggregate container requests of 1
#                         ^^^^^^^^^^^^^^^ pod-resources: Unsupported value: "example.com/gpu"
    limits: {memory: 1Gi}
#                    ^^^ request-exceeds-limit: spec.resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi
  resourceClaims:
  - {name: gpu, resourceClaimName: gpu-claim}
  containers:
  - name: a
    image: x:1
    resources:
      requests: {cpu: 600m}
      limits: {memory: 2Gi}
#                      ^^^ pod-resources: spec.containers[0].resources.limits[memory]: Invalid value: "2Gi": must be less than or equal to pod limits of 1Gi
      claims:
      - {name: gpu}
      - {name: tpu}
#              ^^^ resource-claim: Not found: "tpu"
      - {name: gpu}
#              ^^^ resource-claim: Duplicate value: "gpu"
  - name: b
    image: x:1
    resources: {requests: {cpu: 400m}}
"#,
    );
}

#[test]
fn resize_policy() {
    check_code(
        codes::RESIZE_POLICY,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  restartPolicy: Never
  containers:
  - name: a
    image: x:1
    resizePolicy:
    - {resourceName: cpu, restartPolicy: NotRequired}
    - {resourceName: memory, restartPolicy: RestartContainer}
#                                           ^^^^^^^^^^^^^^^^ resize-policy: spec.containers[0].resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when `restartPolicy` is 'Never'
    - {resourceName: cpu, restartPolicy: NotRequired}
#                    ^^^ resize-policy: spec.containers[0].resizePolicy[2]: Duplicate value: "cpu"
"#,
    );
}

#[test]
fn other_quantities() {
    check_code(
        codes::INVALID_QUANTITY,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  overhead: {cpu: 10mb}
#                 ^^^^ invalid-quantity: spec.overhead[cpu]
  containers:
  - name: a
    image: x:1
    env:
    - name: MEM
      valueFrom:
        resourceFieldRef: {resource: limits.memory, divisor: 1MB}
#                                                            ^^^ invalid-quantity: spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor
  volumes:
  - name: s
    emptyDir: {sizeLimit: -1Gi}
#                         ^^^^ invalid-quantity: spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity
  - name: t
    emptyDir: {sizeLimit: 1Gi}
"#,
    );
}

// Probes.

#[test]
fn probes() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    ports: [{name: http, containerPort: 8080}]
    livenessProbe:
      httpGet: {path: /healthz, port: http}
      tcpSocket: {port: 8080}
#     ^^^^^^^^^ probe-handler: spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type
      successThreshold: 2
#                       ^ invalid-probe: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1
      periodSeconds: -1
#                    ^^ invalid-probe: must be greater than or equal to 0
    readinessProbe:
#   ^^^^^^^^^^^^^^ probe-handler: spec.containers[0].readinessProbe: Required value: must specify a handler type
      periodSeconds: 5
    startupProbe:
      httpGet:
        port: "8080"
#             ^^^^^^ invalid-handler: must contain at least one letter (a-z)
        httpHeaders: [{name: "X Custom", value: a}]
#                            ^^^^^^^^^^ invalid-handler: a valid HTTP header must consist
      terminationGracePeriodSeconds: 0
#                                    ^ invalid-probe: must be greater than 0
    lifecycle:
      preStop:
        sleep: {seconds: 60}
#                        ^^ invalid-handler: must be non-negative and less than terminationGracePeriodSeconds (30)
      postStart:
        exec: {command: []}
#                       ^^ invalid-handler: lifecycle.postStart.exec.command: Required value
"#,
    );
}

#[test]
fn a_lifecycle_hook_with_only_a_probe_timing_is_the_schema_s_unknown_field_alone() {
    // `periodSeconds` belongs to probes; a hook has only handlers, so the schema reports the key and the rules,
    // which read a hook's keys from the schema, add no "must specify a handler type" of their own.
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    lifecycle:
      postStart:
        periodSeconds: 5
#       ^^^^^^^^^^^^^ unknown-field: unknown field `periodSeconds` in LifecycleHandler
"#,
    );
}

#[test]
fn a_key_the_schema_does_not_know_silences_rules_about_what_is_missing_beside_it() {
    // `img` is too far from `image` for the schema to suggest it, yet it is the same mistake: one diagnostic.
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    img: nginx:1.27
#   ^^^ unknown-field: unknown field `img` in Container
    resources: {limits: {cpu: 1, memory: 1Gi}}
"#,
    );
}

#[test]
fn table_rows_reach_every_place_their_patterns_name() {
    // Init containers' IDs, supplemental groups, a required node term's values; a projection has no `defaultMode`,
    // so the schema's unknown field is the one diagnostic there.
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    supplementalGroups: [1, -2]
#                           ^^ invalid-security-context: spec.securityContext.supplementalGroups[1]: Invalid value: -2: must be between 0 and 2147483647, inclusive
  initContainers:
  - name: init
    image: busybox:1.36
    securityContext: {runAsGroup: 4294967296}
#                                 ^^^^^^^^^^ invalid-security-context: spec.initContainers[0].securityContext.runAsGroup: Invalid value: 4294967296
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [{key: zone, operator: In, values: [-bad-]}]
#                                                               ^^^^^ invalid-affinity: nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: "-bad-"
  volumes:
  - name: token
    projected:
      sources:
      - secret: {name: s, defaultMode: 999}
#                         ^^^^^^^^^^^ unknown-field: unknown field `defaultMode` in SecretProjection
"#,
    );
}

#[test]
fn a_key_the_schema_renames_to_another_field_does_not_hide_a_missing_one() {
    check_code(
        codes::POD_NAME_REQUIRED,
        r#"apiVersion: v1
kind: Pod
metadata:
#^^^^^^^^ pod-name-required: metadata.name: Required value: name or generateName is required
  labls: {app: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
"#,
    );
}

#[test]
fn probe_port_names_and_readiness_grace() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 90
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    ports: [{name: http, containerPort: 8080}]
    livenessProbe:
      tcpSocket: {port: metrics}
#                       ^^^^^^^ undeclared-port-name: port name "metrics" is not declared by this container
    readinessProbe:
      grpc: {port: 0}
#                  ^ invalid-handler: must be between 1 and 65535, inclusive
      terminationGracePeriodSeconds: 10
#                                    ^^ invalid-probe: must not be set for readinessProbes
    lifecycle:
      preStop: {sleep: {seconds: 60}}
"#,
    );
    let fixed = apply_fix(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: x:1\n    livenessProbe: {tcpSocket: {port: \"8080\"}}\n",
        codes::INVALID_HANDLER,
        "8080",
    );
    assert_fixed(&fixed, codes::INVALID_HANDLER);
}

// Scheduling and pod scalars.

#[test]
fn pod_fields() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostname: my.host
#           ^^^^^^^ invalid-pod-field: spec.hostname: Invalid value: "my.host": must not contain dots
  serviceAccountName: Builder
#                     ^^^^^^^ invalid-pod-field: a lowercase RFC 1123 subdomain
  activeDeadlineSeconds: 0
#                        ^ invalid-pod-field: spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive
  nodeName: node-1
#           ^^^^^^ invalid-pod-field: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared
  schedulingGates:
  - name: example.com/a
  - name: example.com/a
#         ^^^^^^^^^^^^^ invalid-pod-field: Duplicate value: "example.com/a"
  hostAliases:
  - ip: 10.0.0.300
#       ^^^^^^^^^^ invalid-pod-field: must be a valid IP address
    hostnames: [db.local]
  readinessGates:
  - conditionType: "bad key!"
#                  ^^^^^^^^^^ invalid-pod-field: name part must consist
  nodeSelector:
    disktype: s s d
#             ^^^^^ invalid-label: spec.nodeSelector: Invalid value: "s s d"
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
"#,
    );
}

#[test]
fn dns_config() {
    check_code(
        codes::DNS_CONFIG,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  dnsPolicy: None
#            ^^^^ dns-config: spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None
  containers: [{name: a, image: x:1}]
"#,
    );
    check_code(
        codes::DNS_CONFIG,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  dnsPolicy: None
  dnsConfig:
    nameservers: [1.1.1.1, 8.8.8.8, 9.9.9.9, 1.0.0.1]
#                                            ^^^^^^^ dns-config: must not have more than 3 nameservers
    searches: [svc.cluster.local, Bad_Domain.]
#                                 ^^^^^^^^^^^ dns-config: spec.dnsConfig.searches[1]
    options:
    - name: ndots
      value: "2"
    - value: "1"
#     ^^^^^ dns-config: spec.dnsConfig.options[1]: Required value: must not be empty
  containers: [{name: a, image: x:1}]
"#,
    );
}

#[test]
fn tolerations() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: a, image: "x:1", resources: {limits: {cpu: 1, memory: 1Gi}}}]
  tolerations:
  - operator: Equal
#             ^^^^^ invalid-toleration: operator must be Exists when `key` is empty
  - {key: gpu, operator: Exists, value: "yes"}
#                                       ^^^^^ invalid-toleration: value must be empty when `operator` is 'Exists'
  - {key: gpu, operator: Like}
#                        ^^^^ invalid-toleration: spec.tolerations[2].operator: Unsupported value: "Like": supported values: "Equal", "Exists"
  - {key: gpu, value: a, effect: NoSchedule, tolerationSeconds: 30}
#                                ^^^^^^^^^^ invalid-toleration: effect must be 'NoExecute' when `tolerationSeconds` is set
  - {key: version, operator: Gt, value: "3", effect: NoSchedule}
#                            ^^ feature-gated: TaintTolerationComparisonOperators
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
  - operator: Exists
"#,
    );
}

#[test]
fn affinity() {
    check_code(
        codes::INVALID_AFFINITY,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: a, image: x:1}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: zone, operator: In}
#                                 ^^ invalid-affinity: values: Required value: must be specified when `operator` is 'In' or 'NotIn'
          - {key: ssd, operator: Exists, values: [a]}
#                                                ^^^ invalid-affinity: may not be specified when `operator` is 'Exists' or 'DoesNotExist'
          - {key: cores, operator: Gt, values: ["1", "2"]}
#                                              ^^^^^^^^^^ invalid-affinity: must be specified single value when `operator` is 'Lt' or 'Gt'
          matchFields:
          - {key: metadata.uid, operator: In, values: [x]}
#                 ^^^^^^^^^^^^ invalid-affinity: Unsupported value: "metadata.uid"
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 0
#               ^ invalid-affinity: must be in the range 1-100
        preference:
          matchExpressions: [{key: zone, operator: In, values: [a]}]
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: web}}
        topologyKey: ""
#                    ^^ invalid-affinity: topologyKey: Required value: can not be empty
      - topologyKey: kubernetes.io/hostname
        matchLabelKeys: [pod-template-hash]
#       ^^^^^^^^^^^^^^ invalid-affinity: matchLabelKeys: Forbidden: must not be specified when labelSelector is not set
"#,
    );
}

#[test]
fn label_keys_are_merged_into_the_selector_of_a_pod_not_of_a_template() {
    // Creating a Pod appends `app In [web]` for `matchLabelKeys: [app]`, so the key is in its selector twice; a
    // Deployment's template is validated as written.
    let constraint = "  topologySpreadConstraints:\n  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}, matchLabelKeys: [app]}\n";
    let pod = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p, labels: {{app: web}}}}\nspec:\n  containers: [{{name: c, image: x:1}}]\n{constraint}"
    );
    let deployment = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec:\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers: [{{name: c, image: x:1}}]\n{}",
        constraint.replace("\n  ", "\n      ").replacen("  topology", "      topology", 1)
    );
    let count = |text: &str| {
        file_diagnostics(&analyze_file(text)).iter().filter(|d| d.code == codes::INVALID_TOPOLOGY_SPREAD).count()
    };
    assert_eq!(count(&pod), 1, "{pod}");
    assert_eq!(count(&deployment), 0, "{deployment}");
    // The Deployment is read whole, with its constraint, and accepted.
    assert!(deployment.contains("      - {maxSkew"), "{deployment}");
    let reported = file_diagnostics(&analyze_file(&deployment));
    assert!(reported.iter().all(|d| d.severity != Severity::Error), "{reported:#?}");
}

#[test]
fn topology_spread() {
    check_code(
        codes::INVALID_TOPOLOGY_SPREAD,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: a, image: x:1}]
  topologySpreadConstraints:
  - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
#             ^ invalid-topology-spread: must be greater than zero
  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}
#                             ^^^^ invalid-topology-spread: Duplicate value: "{zone, DoNotSchedule}"
  - {maxSkew: 1, topologyKey: host, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}
#                                                                                  ^ invalid-topology-spread: can only use minDomains if whenUnsatisfiable=DoNotSchedule
  - {maxSkew: 1, topologyKey: rack, whenUnsatisfiable: DoNotSchedule, matchLabelKeys: [app]}
#                                                                     ^^^^^^^^^^^^^^ invalid-topology-spread: must not be specified when labelSelector is not set
"#,
    );
}

// Security.

#[test]
fn security_contexts() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  shareProcessNamespace: true
#                        ^^^^ invalid-security-context: ShareProcessNamespace and HostPID cannot both be enabled
  hostPID: true
  securityContext:
    runAsUser: -1
#              ^^ invalid-security-context: spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive
    seccompProfile: {type: Localhost}
#                          ^^^^^^^^^ invalid-security-context: localhostProfile: Required value: must be set when seccomp type is Localhost
    sysctls:
    - {name: Kernel.Foo, value: "1"}
#            ^^^^^^^^^^ invalid-security-context: must have at most 253 characters and match regex
    - {name: kernel.shm_rmid_forced, value: "1"}
    - {name: kernel.shm_rmid_forced, value: "0"}
#            ^^^^^^^^^^^^^^^^^^^^^^ invalid-security-context: Duplicate value: "kernel.shm_rmid_forced"
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    securityContext:
      privileged: true
#                 ^^^^ privileged-container: privileged container
      allowPrivilegeEscalation: false
#                               ^^^^^ invalid-security-context: cannot set `allowPrivilegeEscalation` to false and `privileged` to true
      procMount: Unmasked
#                ^^^^^^^^ invalid-security-context: `hostUsers` must be false to use `Unmasked`
      appArmorProfile: {type: RuntimeDefault, localhostProfile: x}
#                                                               ^ invalid-security-context: can only be set when AppArmor type is Localhost
"#,
    );
}

#[test]
fn host_users_and_os() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostUsers: false
  hostNetwork: true
#              ^^^^ invalid-security-context: spec.hostNetwork: Forbidden: when `hostUsers` is false
  os: {name: windows}
  securityContext:
    runAsUser: 1000
#   ^^^^^^^^^ windows-pod-field: spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod
  containers:
  - name: app
    image: mcr.microsoft.com/windows/servercore:ltsc2022
    resources: {limits: {cpu: 1, memory: 1Gi}}
    securityContext:
      windowsOptions: {runAsUserName: ContainerUser}
"#,
    );
}

// Lint.

#[test]
fn port_collisions_and_status() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources: {limits: {cpu: 1, memory: 1Gi}}
    ports: [{containerPort: 8080}]
#                           ^^^^ container-port-conflict: containerPort 8080/TCP is also declared by container "proxy"
  - name: proxy
    image: envoy:1.30
    resources: {limits: {cpu: 1, memory: 1Gi}}
    ports: [{containerPort: 8080}, {containerPort: 8080, protocol: UDP}]
#                           ^^^^ container-port-conflict: containerPort 8080/TCP is also declared by container "app"
status:
#^^^^^^ status-section: read-only runtime state
  phase: Running
"#,
    );
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: a, image: x:1}]\nstatus:\n  phase: Running\n  podIP: 10.0.0.1\n";
    let fixed = apply_fix(text, codes::STATUS_SECTION, "Remove");
    assert_eq!(
        fixed,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: a, image: x:1}]\n"
    );
    assert_fixed(&fixed, codes::STATUS_SECTION);
    let flow = "{apiVersion: v1, kind: Pod, metadata: {name: web}, spec: {containers: [{name: a, image: x:1}]}, status: {phase: Running}}\n";
    let fixed = apply_fix(flow, codes::STATUS_SECTION, "Remove");
    assert_fixed(&fixed, codes::STATUS_SECTION);
}

#[test]
fn image_tags_resources_host_path() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: app
#         ^^^ missing-resources: spec.containers[0]: no resource requests or limits
    image: nginx
#          ^^^^^ image-latest: spec.containers[0].image: "nginx" has no tag
  - name: b
    image: registry.local:5000/team/app:latest
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ image-latest: uses the `latest` tag
    resources: {requests: {cpu: 100m}}
  - name: c
    image: registry.local:5000/team/app
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ image-latest: has no tag
    resources: {requests: {cpu: 100m}}
  - name: d
    image: app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    resources: {requests: {cpu: 100m}}
    command: ["python app.py"]
#             ^^^^^^^^^^^^^^^ command-with-spaces: is run as one executable name
  volumes:
  - name: logs
    hostPath: {path: /var/log}
#   ^^^^^^^^ host-path-volume: hostPath volume
"#,
    );
}

#[test]
fn coupled_tiers() {
    check_code(
        codes::COUPLED_TIERS,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: web, image: "wordpress:6.5"}
  - {name: db, image: "mysql:8.4"}
#                     ^^^^^^^^^^^ coupled-tiers: "wordpress:6.5" and "mysql:8.4" are tiers that scale differently
"#,
    );
    // Sidecars (proxies, log shippers, exporters) scale with the app.
    check_code(
        codes::COUPLED_TIERS,
        r#"apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: db, image: "postgres:16"}
  - {name: proxy, image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11"}
  - {name: exporter, image: "prometheuscommunity/postgres-exporter:0.15"}
  - {name: logs, image: "fluent/fluent-bit:3.0"}
"#,
    );
}

#[test]
fn clean_pod_has_no_rule_diagnostics() {
    check(
        r#"apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}
spec:
  securityContext: {runAsUser: 1000, fsGroup: 2000}
  containers:
  - name: app
    image: nginx:1.27
    ports: [{name: http, containerPort: 8080}]
    env:
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    resources:
      requests: {cpu: 250m, memory: 64Mi}
      limits: {cpu: "0.5", memory: 128Mi}
    livenessProbe:
      httpGet: {path: /healthz, port: http}
    volumeMounts:
    - {name: config, mountPath: /etc/app}
  volumes:
  - name: config
    configMap: {name: app-config, defaultMode: 0644}
"#,
    );
}

#[test]
fn whole_floats_are_integers_and_out_of_range_is_the_schemas() {
    // `80.0` decodes as the integer 80, so it is judged like 80.
    check_code(
        codes::INVALID_PORT,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: a\n    image: x:1\n    ports: [{containerPort: 80.0}, {containerPort: 70000.0}]\n#                                                  ^^^^^^^ invalid-port: Invalid value: 70000\n",
    );
    // Beyond int32 the schema reports the value; the rule stays quiet.
    check_code(
        codes::INVALID_PORT,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: a\n    image: x:1\n    ports: [{containerPort: 9999999999}]\n",
    );
}

#[test]
fn typos_are_reported_once_by_the_schema() {
    let text = r#"apiVersion: v1
kind: Pod
metadata:
  nmae: web
spec:
  containers:
  - name: app
    imgae: nginx:1.27
    readinessProbe:
      httpget: {path: /, port: 80}
    env:
    - name: A
      valueFrom: {fieldref: {fieldPath: metadata.name}}
    envFrom:
    - configmapRef: {name: cfg}
  volumes:
  - name: scratch
    emptydir: {}
"#;
    let all = diagnostics(text);
    let others: Vec<&Diagnostic> =
        all.iter().filter(|d| d.code != codes::UNKNOWN_FIELD && d.severity == Severity::Error).collect();
    assert!(others.is_empty(), "rules repeated the schema's unknown fields: {others:#?}");
    assert_eq!(
        all.iter().filter(|d| d.code == crate::diagnostics::schema::codes::UNKNOWN_FIELD).count(),
        6,
        "{all:#?}"
    );
}

#[test]
fn container_name_and_image_fixes() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: Web_Server\n    image: \" nginx:1.27 \"\n";
    let renamed = apply_fix(text, codes::INVALID_CONTAINER_NAME, "Rename");
    assert!(renamed.contains("name: web-server"), "{renamed}");
    let trimmed = apply_fix(&renamed, codes::MISSING_IMAGE, "white space");
    assert!(trimmed.contains("image: \"nginx:1.27\""), "{trimmed}");
    assert_fixed(&trimmed, codes::MISSING_IMAGE);
    assert_fixed(&trimmed, codes::INVALID_CONTAINER_NAME);
}

#[test]
fn half_typed_documents_never_panic() {
    let text = r#"apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations: {container.apparmor.security.beta.kubernetes.io/app: localhost/x}
spec:
  hostNetwork: true
  dnsPolicy: None
  dnsConfig: {nameservers: [1.1.1.1], searches: [a.b], options: [{name: ndots}]}
  initContainers:
  - {name: init, image: "busybox:1.36", restartPolicy: Always, startupProbe: {exec: {command: [x]}}}
  containers:
  - name: app
    image: nginx:1.27
    ports: [{name: http, containerPort: 80, hostPort: 80}]
    env: [{name: A, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}]
    resources: {requests: {memory: 1Gi}, limits: {memory: 2Gi, hugepages-2Mi: 1Gi}}
    livenessProbe: {httpGet: {port: http, httpHeaders: [{name: X, value: y}]}}
    lifecycle: {preStop: {sleep: {seconds: 5}}}
    volumeMounts: [{name: data, mountPath: /data, subPath: a}]
    volumeDevices: [{name: disk, devicePath: /dev/x}]
    securityContext: {privileged: true, capabilities: {add: [NET_ADMIN]}}
  volumes:
  - {name: data, projected: {sources: [{configMap: {name: c, items: [{key: k, path: p}]}}]}}
  - {name: disk, persistentVolumeClaim: {claimName: d}}
  - {name: eph, ephemeral: {volumeClaimTemplate: {spec: {resources: {requests: {storage: 1Gi}}}}}}
  tolerations: [{key: a, operator: Exists}]
  affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone}]}}
  topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
status: {phase: Running}
"#;
    let mut cut = 0;
    while cut < text.len() {
        let prefix = &text[..cut];
        let with_fixes = diagnostics(prefix);
        // Every fix must produce text that still parses into something the engine can analyse.
        for d in with_fixes.iter().filter(|d| !d.fixes.is_empty()) {
            for fix in &d.fixes {
                let _ = diagnostics(&crate::test_utils::apply_fix(prefix, fix));
            }
        }
        cut += 3;
    }
}

#[test]
fn host_port_collisions_are_reported_once() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  hostNetwork: true\n  containers:\n  - {name: a, image: \"x:1\", ports: [{containerPort: 80}]}\n  - {name: b, image: \"y:1\", ports: [{containerPort: 80}]}\n";
    let all = diagnostics(text);
    assert_eq!(all.iter().filter(|d| d.code == codes::HOST_PORT_CONFLICT).count(), 1, "{all:#?}");
    assert_eq!(all.iter().filter(|d| d.code == codes::CONTAINER_PORT_CONFLICT).count(), 0, "{all:#?}");
}

mod templates {
    //! Fixture tests of the Pod rules inside the workloads' templates, and of how a document's kind is recognised:
    //! whole documents, with the API server's paths from the document root.

    use crate::diagnostics::Severity;
    use crate::diagnostics::codes;
    use crate::ide::analysis::{analyze_file, file_diagnostics};
    use crate::test_utils::{check, check_filtered};

    /// The errors only: these documents leave lint out of the picture.
    #[track_caller]
    fn check_errors(fixture: &str) {
        check_filtered(fixture, |d| d.severity == Severity::Error);
    }

    /// The codes of the errors of `text`, in order.
    fn error_codes(text: &str) -> Vec<&'static str> {
        file_diagnostics(&analyze_file(text))
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect()
    }

    /// `text` with the one fix of its first `code` diagnostic applied.
    #[track_caller]
    fn fixed(text: &str, code: &str) -> String {
        let all = file_diagnostics(&analyze_file(text));
        let diagnostic = all.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no {code} in {all:#?}"));
        let [fix] = diagnostic.fixes.as_slice() else { panic!("not one fix: {:#?}", diagnostic.fixes) };
        let mut out = text.to_owned();
        for edit in fix.edits.iter().rev() {
            out.replace_range(edit.range.as_range(), &edit.text);
        }
        out
    }

    #[test]
    fn every_kind_that_carries_a_pod_spec_is_silent_when_valid() {
        check(
            r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: web
template:
  metadata:
    labels: {app: web}
  spec:
    containers:
    - name: web
      image: nginx:1.27
      resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 2
  selector: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: example.com/agent:1.0
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:17
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
        volumeMounts:
        - {name: data, mountPath: /var/lib/postgresql/data}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: example.com/migrate:1.0
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  timeZone: Europe/Paris
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: example.com/report:1.0
            resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
"#,
        );
    }

    #[test]
    fn a_new_users_deployment_gets_its_mistakes_at_the_fields() {
        check_errors(
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolice: Always
#       ^^^^^^^^^^^^^^^ unknown-field: did you mean `imagePullPolicy`?
        ports:
        - containerPort: 70000
#                        ^^^^^ invalid-port: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000
        resources:
          requests: {memory: 1GB}
#                            ^^^ invalid-quantity: spec.template.spec.containers[0].resources.requests[memory]: Invalid value: "1GB"
"#,
        );
    }

    #[test]
    fn duplicate_container_names_in_a_statefulset_and_a_cronjob_have_the_full_paths() {
        check_errors(
            r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: web
        image: postgres:17
      - name: web
#             ^^^ duplicate-container-name: spec.template.spec.containers[1].name: Duplicate value: "web"
        image: postgres:17
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: web
            image: nginx:1.27
          - name: web
#                 ^^^ duplicate-container-name: spec.jobTemplate.spec.template.spec.containers[1].name: Duplicate value: "web"
            image: nginx:1.27
"#,
        );
    }

    #[test]
    fn a_templates_metadata_is_judged_for_its_labels_and_annotations_only() {
        // The API server ignores a template's name, namespace and finalizers: the Pods get their own.
        check_errors(
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      name: Not_A_Name
      namespace: Not.A.Label
      finalizers: [unqualified]
      labels: {app: web, "-tier": x}
#                        ^^^^^^^ invalid-label: spec.template.metadata.labels: Invalid value: "-tier"
    spec:
      containers:
      - name: web
        image: nginx:1.27
"#,
        );
    }

    #[test]
    fn a_template_may_not_have_ephemeral_containers() {
        check_errors(
            r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: example.com/agent:1.0
      ephemeralContainers:
#     ^^^^^^^^^^^^^^^^^^^ ephemeral-containers: spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template
      - name: debug
        image: busybox:1.37
"#,
        );
    }

    #[test]
    fn a_statefulset_mounts_its_volume_claim_templates_by_name() {
        check_errors(
            r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: postgres:17
        volumeMounts:
        - {name: data, mountPath: /data}
        - {name: logs, mountPath: /logs}
#                ^^^^ missing-volume: spec.template.spec.containers[0].volumeMounts[1].name: Not found: "logs"
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        volumeMounts:
        - {name: data, mountPath: /data}
#                ^^^^ missing-volume: spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"
"#,
        );
    }

    #[test]
    fn a_workloads_status_is_the_status_lint() {
        check_filtered(
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
status:
#^^^^^^ status-section
  replicas: 1
"#,
            |d| d.severity != Severity::Information,
        );
    }

    const MISCASED: &str = r#"apiVersion: apps/v1
kind: deployment
#     ^^^^^^^^^^ wrong-kind: `kind: deployment` is not a kind; kinds are case-sensitive: did you mean `Deployment`?
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: Sometimes
#                        ^^^^^^^^^ invalid-value
"#;

    #[test]
    fn a_miscased_kind_is_reported_and_analysed_as_the_kind_it_evidently_is() {
        check_errors(MISCASED);
        let text = fixed(MISCASED, codes::WRONG_KIND);
        assert!(text.contains("kind: Deployment\n"), "{text}");
        assert_eq!(error_codes(&text), [codes::INVALID_VALUE]);
    }

    const WITHOUT_KIND: &str = r#"apiVersion: batch/v1
#^^^^^^^^^^ missing-kind: this document has `spec.template.spec.containers` but no `kind`; add `kind: Job`
metadata:
  name: migrate
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: example.com/migrate:1.0
      - name: migrate
#             ^^^^^^^ duplicate-container-name: spec.template.spec.containers[1].name
        image: example.com/migrate:1.0
"#;

    #[test]
    fn a_missing_kind_is_reported_and_the_document_analysed_as_its_shape_says() {
        check_errors(WITHOUT_KIND);
        let text = fixed(WITHOUT_KIND, codes::MISSING_KIND);
        assert!(text.starts_with("kind: Job\napiVersion: batch/v1\n"), "{text}");
        assert_eq!(error_codes(&text), [codes::DUPLICATE_CONTAINER_NAME]);
    }

    #[test]
    fn a_missing_kind_and_api_version_are_added_together() {
        let text = "metadata:\n  name: web\nspec:\n  containers:\n  - {name: web, image: nginx:1.27}\n";
        assert!(fixed(text, codes::MISSING_KIND).starts_with("apiVersion: v1\nkind: Pod\nmetadata:"));
        assert_eq!(error_codes(text), [codes::MISSING_KIND]);
    }

    const REMOVED: &str = r#"apiVersion: extensions/v1beta1
#           ^^^^^^^^^^^^^^^^^^ removed-api-version: `extensions/v1beta1` Deployment is no longer served since Kubernetes 1.16; use `apps/v1`
kind: Deployment
metadata:
  name: web
spec:
#^^^^ missing-field: `selector`
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 0
#                        ^ invalid-port: spec.template.spec.containers[0].ports[0].containerPort
"#;

    #[test]
    fn a_removed_api_version_is_reported_with_its_replacement_and_analysed_as_the_current_one() {
        check_errors(REMOVED);
        let text = fixed(REMOVED, codes::REMOVED_API_VERSION);
        assert!(text.starts_with("apiVersion: apps/v1\n"), "{text}");
        assert_eq!(error_codes(&text), [codes::MISSING_FIELD, codes::WORKLOAD_SELECTOR, codes::INVALID_PORT]);
    }

    #[test]
    fn an_api_version_never_served_for_the_kind_is_the_wrong_one() {
        check_errors(
            r#"apiVersion: v1
#           ^^ wrong-api-version: a CronJob has `apiVersion: batch/v1`, found `apiVersion: v1`
kind: CronJob
metadata:
  name: report
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: example.com/report:1.0
---
apiVersion: batch/v1beta1
#           ^^^^^^^^^^^^^ removed-api-version: `batch/v1beta1` CronJob is no longer served since Kubernetes 1.25; use `batch/v1`
kind: CronJob
metadata:
  name: report
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: example.com/report:1.0
"#,
        );
    }
}
