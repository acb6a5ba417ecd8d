use expect_test::{Expect, expect};

use super::*;
use crate::test_utils::check_against;

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let parse = crate::syntax::parse(text);
    let root = parse.root.expect("the fixture has content");
    validate(text, &root)
}

/// Validates `fixture` and compares with its `# ^^^ code: text` annotations.
#[track_caller]
fn check(fixture: &str) {
    check_against(fixture, &diagnostics(fixture));
}

/// Renders each diagnostic with its underlined text and fixes (edits applied to the fixture) for a snapshot.
#[track_caller]
fn check_fixes(fixture: &str, expect: Expect) {
    let mut out = String::new();
    for d in diagnostics(fixture) {
        out.push_str(&format!("{} `{}`: {}\n", d.code, &fixture[d.range.as_range()], d.message));
        for fix in &d.fixes {
            let mut text = fixture.to_owned();
            for edit in fix.edits.iter().rev() {
                text.replace_range(edit.range.as_range(), &edit.text);
            }
            let changed: Vec<&str> = text.lines().filter(|l| !fixture.lines().any(|f| f == *l)).collect();
            out.push_str(&format!("  fix {}: {}\n", fix.title, changed.join(" / ")));
        }
    }
    expect.assert_eq(&out);
}

const POD_HEAD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n";

fn pod(spec: &str) -> String {
    format!("{POD_HEAD}{spec}")
}

#[test]
fn valid_pod_has_no_diagnostics() {
    let text = pod(r#"spec:
  restartPolicy: Never
  containers:
    - name: web
      image: nginx:1.27
      imagePullPolicy: IfNotPresent
      ports:
        - containerPort: 8080
          protocol: TCP
      livenessProbe:
        httpGet:
          port: http
          scheme: HTTPS
        periodSeconds: 10
      readinessProbe:
        tcpSocket:
          port: 8080
      resources:
        limits: {cpu: 500m, memory: 1Gi}
        requests:
          cpu: 0.5
          memory: 128974848
          ephemeral-storage: 1e9
      env:
        - name: MODE
          value: "8080"
  volumes:
    - name: config
      hostPath:
        path: /etc
        type: ""
"#);
    assert_eq!(diagnostics(&text), []);
}

#[test]
fn unknown_field_with_did_you_mean() {
    check(&pod(r#"spec:
  containers:
    - name: web
      imagePullPolice: Always
#     ^^^^^^^^^^^^^^^ unknown-field: unknown field `imagePullPolice` in Container; did you mean `imagePullPolicy`?
      ports:
        - containerPort: 80
          protocl: TCP
#         ^^^^^^^ unknown-field: unknown field `protocl` in ContainerPort; did you mean `protocol`?
  nodeSelectr: {}
# ^^^^^^^^^^^ unknown-field: in PodSpec; did you mean `nodeSelector`?
  frobnicate: true
# ^^^^^^^^^^ unknown-field: unknown field `frobnicate` in PodSpec
"#));
    check(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  lables: {app: web}\n# ^^^^^^ unknown-field: unknown field `lables` in ObjectMeta; did you mean `labels`?\n",
    );
}

#[test]
fn misplaced_keys_point_at_their_home() {
    check(&pod(r#"spec:
  containers:
    - name: web
      image: nginx
  ports:
# ^^^^^ unknown-field: unknown field `ports` in PodSpec; `ports` is a field of `containers[]`: check its indentation
    - containerPort: 80
  seccompProfile: {type: RuntimeDefault}
# ^^^^^^^^^^^^^^ unknown-field: `seccompProfile` is a field of `securityContext`: check its indentation
"#));
    check(
        "apiVersion: v1\nkind: Pod\ncontainers: []\n#^^^^^^^^^^ unknown-field: unknown field `containers` in Pod; `containers` is a field of `spec`\n",
    );
}

#[test]
fn did_you_mean_prefers_case_and_skips_present_keys() {
    let names = ["labels", "annotations", "name", "namespace"];
    assert_eq!(did_you_mean("Labels", names.into_iter()), Some("labels"));
    assert_eq!(did_you_mean("lables", names.into_iter()), Some("labels"));
    assert_eq!(did_you_mean("nmae", names.into_iter()), Some("name"));
    assert_eq!(did_you_mean("zzz", names.into_iter()), None);
    assert_eq!(did_you_mean("ab", ["an"].into_iter()), None);
    assert_eq!(did_you_mean("protocl", ["protocol"].into_iter()), Some("protocol"));

    // `name` is already there, so `nme` is not taken for it.
    check(&pod(r#"spec:
  containers:
    - name: web
      nme: x
#     ^^^ unknown-field: unknown field `nme` in Container
"#));
}

#[test]
fn unknown_field_fix_renames_the_key() {
    check_fixes(
        &pod("spec:\n  containers:\n    - name: web\n      \"imagee\": nginx\n"),
        expect![[r#"
            unknown-field `"imagee"`: unknown field `imagee` in Container; did you mean `image`?
              fix Rename to `image`:       image: nginx
        "#]],
    );
}

#[test]
fn invalid_enum_values() {
    check(&pod(r#"spec:
  restartPolicy: Sometimes
#                ^^^^^^^^^ invalid-value: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"
  dnsPolicy: "clusterfirst"
#            ^^^^^^^^^^^^^^ invalid-value: spec.dnsPolicy: Unsupported value: "clusterfirst": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"
  containers:
    - name: web
      ports:
        - containerPort: 80
          protocol: tcp
#                   ^^^ invalid-value: spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"
  volumes:
    - name: v
      hostPath: {path: /x, type: Dir}
#                                ^^^ invalid-value: spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"
    - name: e
      ephemeral:
        volumeClaimTemplate:
          spec:
            accessModes: [ReadWriteOnce, RWX]
#                                        ^^^ invalid-value: spec.volumes[1].ephemeral.volumeClaimTemplate.spec.accessModes: Unsupported value: "RWX": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"
"#));
}

#[test]
fn container_restart_policy_is_left_to_the_rules() {
    // The OpenAPI enum (`Always`) predates the restart rules that let every container set OnFailure or Never too;
    // `rules::containers` judges the value, so the schema says nothing, even of a value no container may take.
    check(&pod(r#"spec:
  initContainers:
    - name: init
      restartPolicy: Never
  containers:
    - name: web
      restartPolicy: OnFailure
    - name: other
      restartPolicy: Sometimes
"#));
}

#[test]
fn invalid_enum_fixes_offer_each_value_case_match_first() {
    check_fixes(
        &pod(
            "spec:\n  containers:\n    - name: web\n      ports:\n        - containerPort: 80\n          protocol: udp\n",
        ),
        expect![[r#"
            invalid-value `udp`: spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"
            Did you mean `UDP`? Values are case-sensitive.
              fix Replace with `UDP`:           protocol: UDP
              fix Replace with `TCP`:           protocol: TCP
              fix Replace with `SCTP`:           protocol: SCTP
        "#]],
    );
}

#[test]
fn an_enum_fix_replaces_a_whole_block_sequence_dash_included() {
    // Found by the shaped property test: the fix replaced the items but left the first `- `, so the value was still a
    // sequence and the fix fixed nothing. The value goes after the key's colon: at the key's indentation, on a line of
    // its own, it would not be the key's value.
    check_fixes(
        &pod("spec:\n  restartPolicy:\n  - Nope\n  - Never\n  containers:\n    - name: web\n"),
        expect![[r#"
            invalid-type `restartPolicy`: expected string, found array
            invalid-value `- Nope
              - Never`: spec.restartPolicy: Unsupported value: array: supported values: "Always", "OnFailure", "Never"
              fix Replace with `Always`:   restartPolicy: Always
              fix Replace with `OnFailure`:   restartPolicy: OnFailure
              fix Replace with `Never`:   restartPolicy: Never
        "#]],
    );
}

#[test]
fn empty_and_null_enum_values_are_accepted() {
    // The API server defaults these before validating; rendered Helm charts are full of them.
    let text =
        pod("spec:\n  restartPolicy:\n  dnsPolicy: ~\n  containers:\n    - name: web\n      imagePullPolicy: \"\"\n");
    assert_eq!(diagnostics(&text), []);
}

#[test]
fn invalid_types() {
    check(&pod(r#"spec:
  hostNetwork: "true"
#              ^^^^^^ invalid-type: expected boolean, found string "true"
  containers:
    - name: 42
#           ^^ invalid-type: expected string, found integer 42
      ports:
        - containerPort: "8080"
#                        ^^^^^^ invalid-type: expected integer, found string "8080"
      args: echo hi
#           ^^^^^^^ invalid-type: expected array ([]string), found string "echo hi"
      env:
        - name: ENABLED
          value: yes
#                ^^^ invalid-type: expected string, found boolean yes
      securityContext: []
#                      ^^ invalid-type: expected object (SecurityContext), found array
"#));
}

#[test]
fn a_collection_of_the_wrong_type_underlines_its_key() {
    check(&pod(r#"spec:
  containers:
# ^^^^^^^^^^ invalid-type: expected array ([]Container), found object; list items start with `- `
    name: web
    image: nginx
"#));
    check(&pod(r#"spec:
  containers:
    - name: web
      env: [[a]]
#           ^^^ invalid-type: expected object (EnvVar), found array
"#));
}

#[test]
fn empty_value_of_a_required_type_underlines_the_key() {
    check(&pod(r#"spec:
  containers:
# ^^^^^^^^^^ invalid-type: expected array ([]Container), found null
"#));
}

#[test]
fn type_fixes_quote_or_unquote() {
    check_fixes(
        &pod(r#"spec:
  containers:
    - name: web
      ports:
        - containerPort: "8080"
      env:
        - name: PORT
          value: 8080
"#),
        expect![[r#"
            invalid-type `"8080"`: expected integer, found string "8080"
              fix Remove the quotes:         - containerPort: 8080
            invalid-type `8080`: expected string, found integer 8080
              fix Quote the value:           value: "8080"
        "#]],
    );
    check_fixes(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    version: 1.0\n",
        expect![[r#"
            invalid-type `1.0`: expected string, found number 1.0
              fix Quote the value:     version: "1.0"
        "#]],
    );
}

#[test]
fn int_or_string_accepts_both_forms_only() {
    check(&pod(r#"spec:
  containers:
    - name: web
      livenessProbe:
        httpGet: {port: 8080}
      readinessProbe:
        httpGet: {port: http}
      startupProbe:
        tcpSocket:
          port: true
#               ^^^^ invalid-type: expected integer or string, found boolean true
      lifecycle:
        preStop:
          httpGet:
            port: [80]
#                 ^^^^ invalid-type: expected integer or string, found array
        postStart:
          tcpSocket:
            port:
"#));
}

#[test]
fn quantities_accept_strings_and_numbers() {
    check(&pod(r#"spec:
  overhead:
    cpu: 250m
    memory: 64
  containers:
    - name: web
      resources:
        limits:
          cpu: 1.5
          memory: 1Gi
          nvidia.com/gpu: 1
          hugepages-2Mi:
        requests:
          cpu: {value: 1}
#              ^^^^^^^^^^ invalid-type: expected quantity (string or number), found object
          memory: false
#                 ^^^^^ invalid-type: expected quantity (string or number), found boolean false
  volumes:
    - name: scratch
      emptyDir: {sizeLimit: 500Mi}
"#));
}

#[test]
fn numbers_as_kubectl_reads_them() {
    // kubectl converts YAML to JSON first: 80.0 and 1e3 become the integers 80 and 1000.
    check(&pod(r#"spec:
  terminationGracePeriodSeconds: 1e3
  containers:
    - name: web
      ports:
        - containerPort: 80.0
        - containerPort: 80.5
#                        ^^^^ invalid-type: expected integer, found number 80.5
        - containerPort: 3000000000
#                        ^^^^^^^^^^ invalid-type: 3000000000 is out of range for containerPort: expected a 32-bit integer
        - containerPort: 0x50
  activeDeadlineSeconds: 99999999999999999999
#                        ^^^^^^^^^^^^^^^^^^^^ invalid-type: is out of range for activeDeadlineSeconds: expected a 64-bit integer
"#));
}

#[test]
fn missing_required_fields() {
    check(&pod(r#"spec:
  containers:
    - image: nginx
#   ^ missing-field: missing required field `name` in Container
      ports:
        - name: http
#       ^ missing-field: missing required field `containerPort` in ContainerPort
  securityContext:
    seccompProfile: {}
#   ^^^^^^^^^^^^^^ missing-field: missing required field `type` in SeccompProfile
  os:
# ^^ missing-field: `name` in PodOS
    {}
"#));
    check(
        "apiVersion: v1\nkind: Pod\nspec:\n#^^^^ missing-field: missing required field `containers` in PodSpec\n  restartPolicy: Never\n",
    );
}

#[test]
fn missing_field_fix_inserts_at_the_indentation() {
    check_fixes(
        &pod("spec:\n  containers:\n    - image: nginx\n      ports:\n        - name: http\n"),
        expect![[r#"
            missing-field `-`: spec.containers[0].name: Required value
            missing required field `name` in Container
              fix Add `name`:     - name:  /       image: nginx
            missing-field `-`: spec.containers[0].ports[0].containerPort: Required value
            missing required field `containerPort` in ContainerPort
              fix Add `containerPort`:         - containerPort:  /           name: http
        "#]],
    );
    check_fixes(
        "apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: Never\n",
        expect![[r#"
            missing-field `spec`: spec.containers: Required value
            missing required field `containers` in PodSpec
              fix Add `containers`:   containers: 
        "#]],
    );
    // An item at the parent's indentation keeps its column; a key in a flow mapping gets no insertion.
    check_fixes(
        &pod("spec:\n  containers:\n  - image: nginx\n"),
        expect![[r#"
            missing-field `-`: spec.containers[0].name: Required value
            missing required field `name` in Container
              fix Add `name`:   - name:  /     image: nginx
        "#]],
    );
    check_fixes(
        "--- {apiVersion: v1, kind: Pod, spec: {}}\n",
        expect![[r#"
            missing-field `spec`: spec.containers: Required value
            missing required field `containers` in PodSpec
        "#]],
    );
    // A flow mapping gets no insertion.
    check_fixes(
        &pod("spec:\n  containers: [{image: nginx}]\n"),
        expect![[r#"
            missing-field `image`: spec.containers[0].name: Required value
            missing required field `name` in Container
        "#]],
    );
}

#[test]
fn one_diagnostic_per_mistake() {
    // A non-string protocol fails both `type` and `enum`; only the type is reported.
    check(&pod(r#"spec:
  containers:
    - name: web
      ports:
        - containerPort: 80
          protocol: 6
#                   ^ invalid-type: expected string, found integer 6
"#));
}

#[test]
fn numeric_keys_and_nested_arrays() {
    check(&pod(r#"spec:
  containers:
    - name: a
    - name: b
      volumeMounts:
        - {name: data, mountPath: /data}
        - name: logs
          mountPath: /logs
          mountPropagation: Sideways
#                           ^^^^^^^^ invalid-value: spec.containers[1].volumeMounts.mountPropagation: Unsupported value: "Sideways": supported values: "Bidirectional", "HostToContainer", "None"
  nodeSelector:
    80: x
    "443": 1
#          ^ invalid-type: expected string, found integer 1
"#));
}

#[test]
fn messages_shorten_long_strings() {
    let long = "x".repeat(60);
    let text = pod(&format!("spec:\n  hostPID: {long}\n  containers: []\n"));
    let found = diagnostics(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, format!("expected boolean, found string \"{}…\"", "x".repeat(40)));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Whatever the tree looks like, validation maps every error to a range inside the text and never panics.
    #[test]
    fn arbitrary_documents_never_panic(body in "([ ]{0,6}(- )?(spec|containers|name|ports|image|x|0|\"8\")?(: )?(\\[|\\{|\\]|\\}|, |80|true|~|a)*\n){0,12}") {
        let text = format!("apiVersion: v1\nkind: Pod\n{body}");
        let parse = crate::syntax::parse(&text);
        if let Some(root) = parse.root {
            for d in validate(&text, &root) {
                proptest::prop_assert!(d.range.end <= text.len());
                for fix in &d.fixes {
                    for edit in &fix.edits {
                        proptest::prop_assert!(edit.range.end <= text.len());
                    }
                }
            }
        }
    }
}

#[test]
fn findings_are_capped() {
    // One alias copied into thousands of containers: each copy has the same mistakes.
    let keys: Vec<String> = (0..10).map(|i| format!("k{i}: v")).collect();
    let items = vec!["*x"; 5000].join(", ");
    let text = format!("apiVersion: v1\nkind: Pod\nx: &x {{{}}}\nspec:\n  containers: [{items}]\n", keys.join(", "));
    let root = crate::syntax::parse(&text).root.unwrap();
    let start = std::time::Instant::now();
    let found = validate(&text, &root);
    assert!(found.len() <= MAX_FINDINGS, "{} diagnostics", found.len());
    // Generous for debug builds on a busy machine; a release build takes a few milliseconds.
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "took {:?}", start.elapsed());
}

fn diagnostics_as(text: &str, definition: &str) -> Vec<Diagnostic> {
    let parse = crate::syntax::parse(text);
    let root = parse.root.expect("the fixture has content");
    validate_as(text, &root, definition)
}

#[track_caller]
fn check_as(fixture: &str, definition: &str) {
    check_against(fixture, &diagnostics_as(fixture, definition));
}

const DEPLOYMENT: &str = "io.k8s.api.apps.v1.Deployment";
const STATEFUL_SET: &str = "io.k8s.api.apps.v1.StatefulSet";
const CRON_JOB: &str = "io.k8s.api.batch.v1.CronJob";

/// The head of a document of each kind, up to where its Pod spec's fields start, and their indentation.
const TEMPLATE_HEADS: &[(&str, &str, usize)] = &[
    ("io.k8s.api.core.v1.Pod", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n", 2),
    (
        "io.k8s.api.core.v1.PodTemplate",
        "apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: web\ntemplate:\n  spec:\n",
        4,
    ),
    (
        "io.k8s.api.core.v1.ReplicationController",
        "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n",
        6,
    ),
    (
        DEPLOYMENT,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n",
        6,
    ),
    (
        "io.k8s.api.apps.v1.ReplicaSet",
        "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n",
        6,
    ),
    (
        "io.k8s.api.apps.v1.DaemonSet",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n",
        6,
    ),
    (
        STATEFUL_SET,
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n",
        6,
    ),
    (
        "io.k8s.api.batch.v1.Job",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n",
        6,
    ),
    (
        CRON_JOB,
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: web\nspec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n",
        10,
    ),
];

/// A document of the kind `definition` whose Pod spec is `pod_spec` (written with its fields at column 0).
fn carrying(definition: &str, pod_spec: &str) -> String {
    let (_, head, indent) = TEMPLATE_HEADS.iter().find(|(d, ..)| *d == definition).expect("a kind with a head");
    let pad = " ".repeat(*indent);
    let body: String = pod_spec.lines().map(|line| format!("{pad}{line}\n")).collect();
    format!("{head}{body}")
}

#[test]
fn every_kind_has_a_head() {
    let kinds: Vec<&str> = TEMPLATE_HEADS.iter().map(|(definition, ..)| *definition).collect();
    assert_eq!(kinds, schema().roots().collect::<Vec<_>>());
}

#[test]
fn a_valid_document_of_each_kind_is_silent() {
    let pod_spec = "restartPolicy: OnFailure\ncontainers:\n  - name: web\n    image: nginx:1.27\n    ports: [{containerPort: 8080, protocol: TCP}]\n    resources: {requests: {cpu: 100m, memory: 64Mi}}\n";
    for (definition, ..) in TEMPLATE_HEADS {
        let text = carrying(definition, pod_spec);
        assert_eq!(diagnostics_as(&text, definition), [], "{text}");
    }
    // Each kind's own fields, set as the API server reads them.
    let documents = [
        (
            DEPLOYMENT,
            r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  revisionHistoryLimit: 5
  minReadySeconds: 10
  progressDeadlineSeconds: 600
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
  selector:
    matchExpressions:
      - {key: app, operator: In, values: [web]}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
"#,
        ),
        (
            STATEFUL_SET,
            r#"apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  podManagementPolicy: Parallel
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0, maxUnavailable: 1}}
  persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Delete}
  ordinals: {start: 1}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: postgres:17
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
"#,
        ),
        (
            CRON_JOB,
            r#"apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  schedule: "@hourly"
  timeZone: Europe/Paris
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 200
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 1
  suspend: false
  jobTemplate:
    metadata: {labels: {team: data}}
    spec:
      backoffLimit: 4
      completions: 5
      parallelism: 2
      completionMode: Indexed
      ttlSecondsAfterFinished: 100
      podFailurePolicy:
        rules:
          - action: FailJob
            onExitCodes: {containerName: report, operator: In, values: [42]}
      template:
        spec:
          restartPolicy: Never
          containers: [{name: report, image: busybox, command: [sh, -c, date]}]
"#,
        ),
    ];
    for (definition, text) in documents {
        assert_eq!(diagnostics_as(text, definition), [], "{definition}");
    }
}

#[test]
fn a_deployment_template_reads_as_a_pod() {
    check_as(
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
          image: nginx
          imagePullPolice: Always
#         ^^^^^^^^^^^^^^^ unknown-field: unknown field `imagePullPolice` in Container; did you mean `imagePullPolicy`?
"#,
        DEPLOYMENT,
    );
    let text = carrying(DEPLOYMENT, "containers:\n  - name: web\n    imagePullPolice: Always\n");
    let found = diagnostics_as(&text, DEPLOYMENT);
    let titles: Vec<&str> = found.iter().flat_map(|d| &d.fixes).map(|f| f.title.as_str()).collect();
    assert_eq!(titles, ["Rename to `imagePullPolicy`"]);
}

#[test]
fn a_wrong_type_deep_in_a_cron_job() {
    check_as(
        r#"apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: busybox
              ports:
                - containerPort: "8080"
#                                ^^^^^^ invalid-type: expected integer, found string "8080"
              livenessProbe:
                exec:
                  command: sh -c true
#                          ^^^^^^^^^^ invalid-type: expected array ([]string), found string "sh -c true"
"#,
        CRON_JOB,
    );
}

#[test]
fn an_unknown_stateful_set_spec_field() {
    check_as(
        r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replica: 3
# ^^^^^^^ unknown-field: unknown field `replica` in StatefulSetSpec; did you mean `replicas`?
  podManagmentPolicy: Parallel
# ^^^^^^^^^^^^^^^^^^ unknown-field: unknown field `podManagmentPolicy` in StatefulSetSpec; did you mean `podManagementPolicy`?
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers: [{name: db, image: postgres}]
"#,
        STATEFUL_SET,
    );
}

#[test]
fn a_workload_misses_its_own_required_fields() {
    check_as(
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
#^^^^ missing-field: missing required field `selector` in DeploymentSpec
  replicas: -1.5
#           ^^^^ invalid-type: expected integer, found number -1.5
  template:
    spec:
      containers: [{name: web}]
"#,
        DEPLOYMENT,
    );
    check_as(
        "apiVersion: batch/v1\n#^^^^^^^^^^ missing-field: missing required field `spec` in CronJob\nkind: CronJob\n",
        CRON_JOB,
    );
    // Without `spec` the API server judges an empty one: its first error names the first required field it checks.
    check_as(
        "apiVersion: batch/v1\n#^^^^^^^^^^ missing-field: spec.schedule: Required value\nkind: CronJob\n",
        CRON_JOB,
    );
    check_as(
        "apiVersion: apps/v1\n#^^^^^^^^^^ missing-field: spec.selector: Required value\nkind: Deployment\n",
        DEPLOYMENT,
    );
}

/// Everything a Pod's spec gets from the schema, it gets at the same place inside every template: the same codes,
/// underlined text, messages and fixes.
#[test]
fn a_pod_spec_reads_the_same_inside_every_template() {
    let pod_spec = r#"containers:
  - name: web
    imagePullPolice: Always
    imagePullPolicy: always
    restartPolicy: OnFailure
    ports:
      - containerPort: "8080"
        protocl: TCP
      - name: http
    resources: {limits: {cpu: [1]}}
    livenessProbe: {httpGet: {port: 1.5}}
    env:
      - {name: MODE, value: 8080}
initContainers:
  - name: init
    image: busybox
    restartPolicy: Never
  - name: gated
    restartPolicy: Never
    restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [42]}}]
nodeSelectr: {}
os:
  {}
terminationGracePeriodSeconds: 30000000000000000000
hostNetwork: "yes"
"#;
    let render = |definition: &str| {
        let text = carrying(definition, pod_spec);
        let found = diagnostics_as(&text, definition);
        // The API server's field paths start at the document, so a template's carry its own prefix.
        let carrier = crate::model::workload::CARRIERS.iter().find(|c| c.definition == definition);
        let template = carrier.map_or_else(String::new, |c| c.template.iter().map(|k| format!("{k}.")).collect());
        let rendered: Vec<String> = found
            .iter()
            .map(|d| {
                let titles: Vec<&str> = d.fixes.iter().map(|f| f.title.as_str()).collect();
                let message = d.message.replacen(&format!("{template}spec."), "spec.", 1);
                format!("{} `{}`: {} [{}]", d.code, &text[d.range.as_range()], message, titles.join(", "))
            })
            .collect();
        rendered
    };
    let in_pod = render(POD_DEFINITION);
    assert_eq!(in_pod.len(), 12, "{in_pod:#?}");
    for (definition, ..) in TEMPLATE_HEADS {
        assert_eq!(render(definition), in_pod, "{definition}");
    }
}

#[test]
fn only_a_root_validates() {
    let text = "name: web\nimage: nginx\n";
    assert_eq!(diagnostics_as(text, "io.k8s.api.core.v1.Container"), []);
    assert_eq!(diagnostics_as(text, "io.k8s.api.apps.v1.DeploymentList"), []);
    // A Deployment checked as a Pod, and the other way round, is wrong at its first field.
    let deployment = carrying(DEPLOYMENT, "containers: [{name: web}]\n");
    assert!(diagnostics_as(&deployment, POD_DEFINITION).iter().any(|d| d.code == codes::INVALID_VALUE));
    let pod = carrying(POD_DEFINITION, "containers: [{name: web}]\n");
    assert!(!diagnostics_as(&pod, DEPLOYMENT).is_empty());
}
