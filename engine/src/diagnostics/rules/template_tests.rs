//! Fixture tests of the Pod rules inside the workloads' templates, and of how a document's kind is recognised:
//! whole documents, with the API server's paths from the document root.

use super::codes;
use crate::diagnostics::Severity;
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
    assert_eq!(error_codes(&text), [codes::MISSING_FIELD, codes::INVALID_PORT]);
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
