//! Fixture tests of the apps workloads' rules: for each, a manifest the API server rejects and valid ones that
//! only the defaults make valid or that look wrong at a glance.

use crate::diagnostics::Diagnostic;
use crate::diagnostics::rules::{check_workload, codes};
use crate::model::workload::carrier;
use crate::test_utils::check_against;

/// The workload rules' diagnostics on `text`, whose `kind` picks the carrier, given the schema's findings as the
/// analysis gives them (the rules stay quiet about what those report).
fn workload_diagnostics(text: &str) -> Vec<Diagnostic> {
    let root = crate::syntax::parse(text).root.expect("a fixture has a document");
    let kind = root.get("kind").and_then(|k| k.as_str()).expect("a fixture names its kind");
    let carrier = carrier(kind).expect("a kind that carries a Pod spec");
    let schema = crate::diagnostics::schema::validate_as(text, &root, carrier.definition);
    check_workload(text, &root, carrier, &schema)
}

/// Asserts that the workload rules report exactly what `fixture` annotates.
#[track_caller]
fn check(fixture: &str) {
    check_against(fixture, &workload_diagnostics(fixture));
}

/// Asserts that the workload rules report nothing on `text`.
#[track_caller]
fn valid(text: &str) {
    let reported = workload_diagnostics(text);
    assert!(reported.is_empty(), "{text}\n{reported:#?}");
}

/// Applies the first fix of the first `code` diagnostic and returns the new text.
#[track_caller]
fn apply_fix(text: &str, code: &str) -> String {
    let all = workload_diagnostics(text);
    let diagnostic = all.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("no {code} in {all:#?}"));
    let fix = diagnostic.fixes.first().unwrap_or_else(|| panic!("no fix in {diagnostic:#?}"));
    crate::test_utils::apply_fix(text, fix)
}

/// A Deployment with `spec` lines inserted before its template.
fn deployment(spec: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n{spec}  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers: [{{name: web, image: nginx:1.27}}]\n"
    )
}

/// A DaemonSet with the given `updateStrategy` lines.
fn daemon_set(strategy: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  updateStrategy:\n{strategy}  selector:\n    matchLabels: {{app: agent}}\n  template:\n    metadata:\n      labels: {{app: agent}}\n    spec:\n      containers: [{{name: agent, image: agent:1}}]\n"
    )
}

// Selectors.

#[test]
fn selector_must_select_the_template() {
    check(
        r#"apiVersion: apps/v1
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
        app: web
#       ^^^^^^^^ workload-selector: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`
    spec:
      containers:
      - name: api
        image: api:1.0
"#,
    );
    // Expressions are evaluated: `NotIn` holds when the label is absent, `Exists` needs it.
    valid(
        r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchExpressions:
    - {key: app, operator: In, values: [db, cache]}
    - {key: canary, operator: NotIn, values: ["true"]}
    - {key: tier, operator: Exists}
  template:
    metadata:
      labels: {app: db, tier: data, extra: label}
    spec:
      containers: [{name: db, image: postgres:17}]
"#,
    );
    check(
        r#"apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  selector:
    matchExpressions:
    - {key: tier, operator: Exists}
  template:
    metadata:
#   ^^^^^^^^ workload-selector: map[string]string(nil)
      name: web
    spec:
      containers: [{name: web, image: nginx:1.27}]
"#,
    );
}

#[test]
fn selector_fix_copies_match_labels_into_the_template() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n      tier: back\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers: [{name: api, image: api:1}]\n";
    let fixed = apply_fix(text, codes::WORKLOAD_SELECTOR);
    assert!(fixed.contains("      labels:\n        tier: back\n        app: api\n    spec"), "{fixed}");
    valid(&fixed);
    // No labels at all, and flow style.
    for (template, expected) in [
        ("  template:\n    spec:\n", "  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n"),
        ("  template:\n    metadata: {name: x}\n    spec:\n", "metadata: {name: x, labels: {app: api}}"),
        ("  template:\n    metadata:\n      labels: {}\n    spec:\n", "labels: {app: api}"),
    ] {
        let text = format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {{app: api}}\n{template}      containers: [{{name: api, image: api:1}}]\n"
        );
        let fixed = apply_fix(&text, codes::WORKLOAD_SELECTOR);
        assert!(fixed.contains(expected), "{fixed}");
        valid(&fixed);
    }
    // With expressions the fix is not evident.
    let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n    matchExpressions: [{key: tier, operator: Exists}]\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: api, image: api:1}]\n";
    let all = workload_diagnostics(text);
    assert!(all.iter().all(|d| d.fixes.is_empty()), "{all:#?}");
}

#[test]
fn empty_and_malformed_selectors() {
    check(
        r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {}
#           ^^ workload-selector: spec.selector: Invalid value: {}: empty selector is invalid for daemonset
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers: [{name: agent, image: agent:1}]
"#,
    );
    check(
        r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchExpressions:
    - key: app
      operator: In
#               ^^ workload-selector: spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'
    - key: tier
      operator: Exists
      values: [front]
#             ^^^^^^^ workload-selector: spec.selector.matchExpressions[1].values: Forbidden
    - key: bad key
#          ^^^^^^^ workload-selector: spec.selector.matchExpressions[2].key: Invalid value: "bad key"
      operator: Matches
#               ^^^^^^^ workload-selector: spec.selector.matchExpressions[2].operator: Invalid value: "Matches": not a valid selector operator
    - key: env
      operator: In
      values: [-prod]
#              ^^^^^ workload-selector: spec.selector.matchExpressions[3].values[0]: Invalid value: "-prod"
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx:1.27}]
"#,
    );
    // A misspelt key is the schema's unknown field, and what it leaves out is the same mistake.
    valid(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabel: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n",
    );
    valid(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      label: {app: web}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n",
    );
    // A missing selector is the schema's (apps/v1 requires it), but it selects nothing, so the API server also
    // finds that it does not select the template; a wrong type is the schema's alone.
    check(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n#             ^^^^^^^^^^ workload-selector: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n",
    );
    valid(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: app=web\n  template:\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n",
    );
}

#[test]
fn replication_controller_selector_defaults_to_the_template_labels() {
    valid(
        r#"apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 2
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx:1.27}]
"#,
    );
    check(
        r#"apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 2
# ^^^^^^^^ workload-selector: spec.selector: Required value
  template:
    spec:
      containers: [{name: web, image: nginx:1.27}]
"#,
    );
    check(
        r#"apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  selector: {app: web, tier: front}
  template:
    metadata:
      labels: {app: web}
#             ^^^^^^^^^^ workload-selector: `selector` does not match template `labels`
    spec:
      containers: [{name: web, image: nginx:1.27}]
"#,
    );
}

// The template.

#[test]
fn template_restart_policy_and_deadline() {
    check(
        r#"apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      restartPolicy: OnFailure
#                    ^^^^^^^^^ workload-template: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"
      activeDeadlineSeconds: 60
#     ^^^^^^^^^^^^^^^^^^^^^ workload-template: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported
      containers: [{name: db, image: postgres:17}]
"#,
    );
    check(
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
      activeDeadlineSeconds: 60
#     ^^^^^^^^^^^^^^^^^^^^^ workload-template: spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported
      containers: [{name: agent, image: agent:1}]
"#,
    );
    // `""` and a left-out policy are defaulted to `Always`; a value outside the enum is the schema's.
    for policy in
        ["", "restartPolicy: \"\"\n      ", "restartPolicy: Always\n      ", "restartPolicy: Sometimes\n      "]
    {
        valid(&format!(
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      {policy}containers: [{{name: web, image: nginx:1.27}}]\n"
        ));
    }
    let text = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      restartPolicy: Never\n      containers: [{name: web, image: nginx:1.27}]\n";
    valid(&apply_fix(text, codes::WORKLOAD_TEMPLATE));
}

// Counts.

#[test]
fn counts_are_not_negative() {
    check(&format!(
        "{}\n",
        deployment("  replicas: -1\n  revisionHistoryLimit: -2\n")
            .replace("  replicas: -1\n", "  replicas: -1\n#           ^^ workload-count: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n")
            .replace("  revisionHistoryLimit: -2\n", "  revisionHistoryLimit: -2\n#                       ^^ workload-count: spec.revisionHistoryLimit: Invalid value: -2\n")
            .trim_end()
    ));
    valid(&deployment("  replicas: 0\n  revisionHistoryLimit: 0\n  minReadySeconds: 0\n"));
    // A count of the wrong type is the schema's.
    valid(&deployment("  replicas: \"-1\"\n"));
}

#[test]
fn progress_deadline_must_outlast_min_ready_seconds() {
    check(&deployment(
        "  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n#                          ^^ workload-count: spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds\n",
    ));
    // The deadline defaults to 600.
    check(&deployment(
        "  minReadySeconds: 600\n#                  ^^^ workload-count: spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds\n",
    ));
    valid(&deployment("  minReadySeconds: 599\n"));
    valid(&deployment("  minReadySeconds: 900\n  progressDeadlineSeconds: 901\n"));
}

// Update strategies.

#[test]
fn deployment_strategy() {
    check(&deployment(
        "  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}\n#   ^^^^^^^^^^^^^ update-strategy: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'\n",
    ));
    check(&deployment(
        "  strategy:\n    type: Rolling\n#         ^^^^^^^ update-strategy: spec.strategy: Unsupported value: \"Rolling\": supported values: \"Recreate\", \"RollingUpdate\"\n",
    ));
    check(&deployment(
        "  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n#                     ^ update-strategy: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0\n      maxSurge: \"0%\"\n",
    ));
    check(&deployment(
        "  strategy:\n    rollingUpdate:\n      maxUnavailable: 110%\n#                     ^^^^ update-strategy: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"110%\": must not be greater than 100%\n      maxSurge: -1\n#               ^^ update-strategy: spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0\n",
    ));
    check(&deployment(
        "  strategy:\n    rollingUpdate:\n      maxSurge: \"2\"\n#               ^^^ update-strategy: spec.strategy.rollingUpdate.maxSurge: Invalid value: \"2\": a valid percent string must be\n",
    ));
    // maxSurge defaults to 25%, so `maxUnavailable: 0` alone is fine; a surge over 100% is allowed.
    valid(&deployment("  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n"));
    valid(&deployment("  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 200%\n"));
    valid(&deployment("  strategy:\n    type: Recreate\n    rollingUpdate: null\n"));
    valid(&deployment("  strategy: {}\n"));
}

#[test]
fn daemon_set_update_strategy() {
    // maxUnavailable defaults to 1, which clashes with any surge.
    check(&daemon_set(
        "    rollingUpdate:\n      maxSurge: 1\n#               ^ update-strategy: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero\n",
    ));
    check(&daemon_set(
        "    rollingUpdate:\n      maxUnavailable: 0%\n#                     ^^ update-strategy: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0\n",
    ));
    check(&daemon_set(
        "    type: Always\n#         ^^^^^^ update-strategy: spec.updateStrategy: Unsupported value: \"Always\": supported values: \"RollingUpdate\", \"OnDelete\"\n",
    ));
    check(&daemon_set(
        "    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 101%\n#               ^^^^ update-strategy: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: \"101%\": must not be greater than 100%\n",
    ));
    valid(&daemon_set("    rollingUpdate:\n      maxUnavailable: 0\n      maxSurge: 1\n"));
    valid(&daemon_set("    rollingUpdate:\n      maxUnavailable: 10%\n"));
    valid(&daemon_set("    type: OnDelete\n    rollingUpdate: {maxUnavailable: 0}\n"));
}

// StatefulSets.

/// A StatefulSet named `name` with `spec` lines inserted before its template.
fn stateful_set(name: &str, spec: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: db\n{spec}  selector:\n    matchLabels: {{app: db}}\n  template:\n    metadata:\n      labels: {{app: db}}\n    spec:\n      containers: [{{name: db, image: postgres:17}}]\n"
    )
}

#[test]
fn stateful_set_name_is_a_dns_label() {
    check(&stateful_set(
        "db.primary\n#       ^^^^^^^^^^ statefulset-spec: metadata.name: Invalid value: \"db.primary\": must not contain dots",
        "",
    ));
    valid(&stateful_set("db-primary", ""));
}

#[test]
fn stateful_set_policies() {
    check(&stateful_set(
        "db",
        "  podManagementPolicy: Ordered\n#                      ^^^^^^^ statefulset-spec: spec.podManagementPolicy: Invalid value: \"Ordered\": must be 'OrderedReady' or 'Parallel'\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Keep\n#                ^^^^ statefulset-spec: spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\"\n",
    ));
    valid(&stateful_set(
        "db",
        "  podManagementPolicy: Parallel\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}\n",
    ));
    valid(&stateful_set("db", "  podManagementPolicy: \"\"\n  persistentVolumeClaimRetentionPolicy: {}\n"));
}

#[test]
fn stateful_set_update_strategy() {
    check(&stateful_set(
        "db",
        "  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {partition: 1}\n#   ^^^^^^^^^^^^^ update-strategy: spec.updateStrategy.rollingUpdate: Invalid value: {...}: only allowed for updateStrategy 'RollingUpdate'\n",
    ));
    check(&stateful_set(
        "db",
        "  updateStrategy:\n    rollingUpdate:\n      partition: -1\n#                ^^ update-strategy: spec.updateStrategy.rollingUpdate.partition: Invalid value: -1\n      maxUnavailable: 0\n#                     ^ update-strategy: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0\n",
    ));
    check(&stateful_set(
        "db",
        "  updateStrategy:\n    type: Rolling\n#         ^^^^^^^ update-strategy: spec.updateStrategy: Invalid value: \"Rolling\": must be 'RollingUpdate' or 'OnDelete'\n",
    ));
    valid(&stateful_set("db", "  updateStrategy:\n    rollingUpdate: {partition: 0, maxUnavailable: 50%}\n"));
    valid(&stateful_set("db", "  ordinals: {start: 0}\n  updateStrategy: {type: OnDelete}\n"));
}

#[test]
fn pods_and_pod_templates_have_no_workload_rules() {
    valid(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  restartPolicy: Never\n  containers: [{name: a, image: a:1}]\n",
    );
    valid(
        "apiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: x\ntemplate:\n  spec:\n    restartPolicy: Never\n    containers: [{name: a, image: a:1}]\n",
    );
}
