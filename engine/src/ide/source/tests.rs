use serde_json::json;

use super::*;
use crate::diagnostics::Severity;
use crate::ide::analysis::{AnalysisOptions, analyze_file_with, file_diagnostics};
use crate::test_utils::check_against;

fn options(source: Source) -> AnalysisOptions {
    AnalysisOptions { source, ..AnalysisOptions::default() }
}

fn diagnostics(text: &str, options: &AnalysisOptions) -> Vec<Diagnostic> {
    file_diagnostics(&analyze_file_with(text, options))
}

/// The chart's templates, as `helm create` shapes them, with the mostly literal hook Job and test Pod.
const CHART: [(&str, &str); 6] = [
    ("deployment.yaml", include_str!("../../../../examples/helm-chart/templates/deployment.yaml")),
    ("service.yaml", include_str!("../../../../examples/helm-chart/templates/service.yaml")),
    ("hpa.yaml", include_str!("../../../../examples/helm-chart/templates/hpa.yaml")),
    ("ingress.yaml", include_str!("../../../../examples/helm-chart/templates/ingress.yaml")),
    ("migrate-job.yaml", include_str!("../../../../examples/helm-chart/templates/migrate-job.yaml")),
    ("test-connection.yaml", include_str!("../../../../examples/helm-chart/templates/tests/test-connection.yaml")),
];

#[test]
fn a_chart_gets_no_diagnostic_as_a_template_or_as_a_plain_file() {
    for source in [Source::HelmTemplate, Source::Manifest] {
        for (name, text) in CHART {
            assert_eq!(diagnostics(text, &options(source)), [], "{name} as {source:?}");
        }
    }
}

#[test]
fn the_deployment_template_would_be_noise_without_blanking() {
    // What the chart gets when `{{ … }}` is read as YAML: the reason templates are handled at all.
    let text = CHART[0].1;
    let plain = diagnostics(&text.replace("{{", "<<").replace("}}", ">>"), &AnalysisOptions::default());
    assert!(plain.iter().any(|d| d.severity == Severity::Error), "{plain:?}");
}

#[test]
fn literal_mistakes_in_a_template_are_still_reported() {
    let text = r#"apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "shop.fullname" . }}-migrate
spec:
  template:
    spec:
      restartPolicy: Sometimes
#                    ^^^^^^^^^ invalid-value
      containers:
        - name: migrate
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          imagePullPolicy: Sometimes
#                          ^^^^^^^^^ invalid-value
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          ports:
            - containerPort: 700000
#                            ^^^^^^ invalid-port
"#;
    check_against(text, &diagnostics(text, &options(Source::HelmTemplate)));
}

#[test]
fn what_an_action_renders_is_never_judged() {
    let text = r#"apiVersion: v1
kind: Pod
metadata:
  name: {{ .Values.name }}
  labels:
    {{- include "labels" . | nindent 4 }}
spec:
  {{- include "podSpecDefaults" . | nindent 2 }}
  containers:
    - name: web
      image: {{ .Values.image }}:latest
      imagePullPolicy: {{ .Values.pullPolicy | default "Always" }}
      ports:
        - containerPort: {{ .Values.port }}
          name: {{ .Values.portName | quote }}
      env:
        - name: {{ .Values.envName }}
          value: "{{ .Values.envValue }}"
  {{ if .Values.debug }}shareProcessNamespace: true{{ end }}
"#;
    assert_eq!(diagnostics(text, &AnalysisOptions::default()), []);
}

#[test]
fn branches_may_set_one_key_twice() {
    let text = r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  {{- if .Values.hostNetwork }}
  dnsPolicy: ClusterFirstWithHostNet
  {{- else }}
  dnsPolicy: ClusterFirst
  {{- end }}
  containers:
    {{- range .Values.sidecars }}
    - name: web
      image: nginx:1.27
    {{- end }}
    - name: web
      image: nginx:1.27
"#;
    assert_eq!(diagnostics(text, &AnalysisOptions::default()), []);
}

#[test]
fn comments_and_assignments_render_nothing() {
    for body in ["/* a comment */", "- /* trimmed */ -", "$name := .Values.name", "$x = 1", "end", "else if .x"] {
        assert!(is_control(body), "{body}");
    }
    for body in [".Values.x", "include \"x\" .", "$x", "$x == 1", "toYaml ."] {
        assert!(!is_control(body), "{body}");
    }
}

#[test]
fn actions_end_outside_their_strings_and_comments() {
    let text = r#"a: {{ "}}" }}b{{/* }} */}}c{{ `}}` }}d{{ "x\"}}" }}e{{ open"#;
    let found: Vec<&str> = actions(text).iter().map(|a| &text[a.range.as_range()]).collect();
    assert_eq!(found, [r#"{{ "}}" }}"#, "{{/* }} */}}", "{{ `}}` }}", r#"{{ "x\"}}" }}"#, "{{ open"]);
    let template = Template::of(text).unwrap();
    assert_eq!(template.blanked.len(), text.len());
    // Output actions amid the line become placeholders; the comment renders nothing and becomes white space.
    assert_eq!(
        template.blanked,
        format!("a: {}ab{}c{}bd{}ce{}d", "x".repeat(9), " ".repeat(12), "x".repeat(9), "x".repeat(12), "x".repeat(6))
    );
}

#[test]
fn blanking_keeps_lines_and_characters() {
    let text = "name: {{ .Values.이름 }}\r\n{{- /* 여러\n줄 */ -}}\nimage: x\n";
    let template = Template::of(text).unwrap();
    assert_eq!(template.blanked.len(), text.len());
    assert_eq!(template.blanked.matches('\n').count(), 4);
    assert!(template.blanked.contains("\r\n"));
    assert!(template.blanked.ends_with("\nimage: x\n"));
}

#[test]
fn an_output_line_renders_into_the_key_above_it() {
    let rendered = |text: &str| -> Vec<String> {
        Template::of(text).unwrap().rendered.iter().map(|r| text[r.as_range()].to_owned()).collect()
    };
    // Alone on its line: the key it renders under, and the action; not the literal sibling beside it.
    let text = "spec:\n  labels:\n    {{- include \"l\" . | nindent 4 }}\n    a: b\n  other: 1\n";
    assert_eq!(rendered(text), ["  labels:", "{{- include \"l\" . | nindent 4 }}"]);
    // Inline: its line, and what is nested under its key.
    assert_eq!(rendered("containers:\n- name: {{ .Values.name }}\n  image: x\n"), ["- name: {{ .Values.name }}"]);
    assert_eq!(rendered("a:\n  b: {{ .x }}\n    c: 1\n  d: 2"), ["  b: {{ .x }}\n    c: 1"]);
    // The last line, with no line break after it, is a line too.
    assert_eq!(rendered("a:\n  b: {{ .x }}"), ["  b: {{ .x }}"]);
    // At the top level it may render anything.
    let text = "{{ toYaml .Values.extra }}\nkind: Pod\n";
    assert_eq!(rendered(text), [text]);
}

#[test]
fn literal_siblings_of_an_include_are_still_checked() {
    let text = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      {{- include "common.imagePullSecrets" . | nindent 6 }}
      containers:
        - name: web
          image: {{ .Values.image }}
          {{- include "common.env" . | nindent 10 }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TPC
#                       ^^^ invalid-value
"#;
    check_against(text, &diagnostics(text, &AnalysisOptions::default()));
}

#[test]
fn silent_mode_says_once_per_document_why_nothing_is_checked() {
    let silent = AnalysisOptions { helm: HelmMode::Silent, ..options(Source::HelmTemplate) };
    let text = "kind: Pod\nspec:\n  restartPolicy: Sometimes\n---\n# only a comment\n---\nkind: Service\n";
    let found = diagnostics(text, &silent);
    assert_eq!(
        found.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>(),
        [(codes::HELM_TEMPLATE, Severity::Information), (codes::HELM_TEMPLATE, Severity::Information)]
    );
    assert!(found[0].message.contains("helm template"), "{}", found[0].message);
    // A file that is a manifest, with no action, is checked as usual.
    let manifest = AnalysisOptions { helm: HelmMode::Silent, ..AnalysisOptions::default() };
    assert!(diagnostics(text, &manifest).iter().any(|d| d.code == codes::INVALID_VALUE));
}

#[test]
fn modes_are_read_from_settings() {
    assert_eq!(HelmMode::from_json(None), (HelmMode::Literal, vec![]));
    assert_eq!(HelmMode::from_json(Some(&json!("silent"))), (HelmMode::Silent, vec![]));
    assert_eq!(HelmMode::from_json(Some(&json!("literal"))), (HelmMode::Literal, vec![]));
    let (mode, warnings) = HelmMode::from_json(Some(&json!("quiet")));
    assert_eq!((mode, warnings.len()), (HelmMode::Literal, 1));
    assert_eq!(KustomizeMode::from_json(Some(&json!("named"))), (KustomizeMode::Named, vec![]));
    let (mode, warnings) = KustomizeMode::from_json(Some(&json!(true)));
    assert_eq!((mode, warnings.len()), (KustomizeMode::Detect, 1));
}

const REPLICAS_PATCH: &str = include_str!("../../../../examples/kustomize/overlays/production/replicas.yaml");
const RESOURCES_PATCH: &str = include_str!("../../../../examples/kustomize/overlays/production/resources.yaml");
const SIDECAR_PATCH: &str = include_str!("../../../../examples/kustomize/overlays/production/sidecar.yaml");

#[test]
fn named_patches_get_no_missing_field_errors() {
    for patch in [REPLICAS_PATCH, RESOURCES_PATCH, SIDECAR_PATCH] {
        assert_eq!(diagnostics(patch, &options(Source::KustomizePatch)), [], "{patch}");
        // As a manifest, the same file lacks what its base has.
        let plain = AnalysisOptions { kustomize: KustomizeMode::Named, ..AnalysisOptions::default() };
        assert!(diagnostics(patch, &plain).iter().any(is_about_absence), "{patch}");
    }
}

#[test]
fn other_checks_apply_to_a_patch() {
    let text = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          imagePullPolicy: Sometimes
#                          ^^^^^^^^^ invalid-value
          resources:
            requests:
              memory: 2Gi
#                     ^^^ request-exceeds-limit
            limits:
              memory: 1Gi
          volumeMounts:
            - name: config
              mountPath: /etc/api
"#;
    check_against(text, &diagnostics(text, &options(Source::KustomizePatch)));
}

#[test]
fn partial_objects_are_patches_without_a_kustomization() {
    // Containers without images: a strategic-merge patch by its shape.
    check_against(RESOURCES_PATCH, &diagnostics(RESOURCES_PATCH, &AnalysisOptions::default()));
    let directive = r#"apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: debug
      $patch: delete
"#;
    assert_eq!(diagnostics(directive, &AnalysisOptions::default()), []);
    // A whole object that forgot an image is no patch.
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: a\n";
    assert!(diagnostics(deployment, &AnalysisOptions::default()).iter().any(|d| d.code == codes::MISSING_IMAGE));
    let whole = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: a\n    image: x:1\n  - name: b\n";
    assert!(diagnostics(whole, &AnalysisOptions::default()).iter().any(|d| d.code == codes::MISSING_IMAGE));
}

#[test]
fn a_kustomization_names_its_patch_files() {
    let text = include_str!("../../../../examples/kustomize/overlays/production/kustomization.yaml");
    assert_eq!(
        kustomization_patches(text),
        ["replicas.yaml", "resources.yaml", "remove-probe.json", "sidecar.yaml", "env-patch.yaml"]
    );
    assert_eq!(kustomization_patches("patchesJson6902:\n- path: a.yaml\n  target: {kind: Pod}\n"), ["a.yaml"]);
    assert_eq!(kustomization_patches("patchesStrategicMerge:\n- |\n  kind: Pod\n  x: 1\n"), Vec::<String>::new());
    assert_eq!(kustomization_patches("- [broken"), Vec::<String>::new());
    // The kustomization itself is no Pod carrier: it stays silent.
    assert_eq!(diagnostics(text, &AnalysisOptions::default()), []);
}

#[test]
fn edge_cases_of_templates_make_no_noise() {
    let cases = [
        // An action as a key, in a flow sequence, in a block scalar, in a quoted string with quotes inside.
        r#"apiVersion: v1
kind: Pod
metadata:
  name: "{{ include "x.name" . }}-pod"
  annotations:
    {{ .Values.annotationKey }}: "on"
spec:
  containers:
    - name: web
      image: nginx:1.27
      args: [{{ .Values.a | quote }}, "--b", {{ .Values.c }}]
      command:
        - sh
        - -c
        - |
          echo {{ .Values.greeting }}
          {{- range .Values.lines }}
          echo {{ . }}
          {{- end }}
"#,
        // Documents made by a `range`, the `---` inside the loop.
        r#"{{- range $job := .Values.jobs }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ $job.name }}
spec:
  template:
    spec:
      restartPolicy: {{ $job.restartPolicy | default "Never" }}
      containers:
        - name: {{ $job.name }}
          image: {{ $job.image }}
{{- end }}
"#,
        // A whole object from one include, and one left open while typing.
        "{{- include \"common.deployment\" (dict \"top\" . \"values\" .Values.api) }}\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.na\nspec:\n  containers: []\n",
        // The API version from a helper: no wrong or missing apiVersion.
        "apiVersion: {{ include \"common.capabilities.deployment.apiVersion\" . }}\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          resources: {limits: {memory: 64Mi}, requests: {cpu: 10m}}\n",
        // The kind from a value: no missing kind.
        "apiVersion: v1\nkind: {{ .Values.kind }}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
        // A template with Windows line breaks and an action at column 0 inside a nested block.
        "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: web\r\nspec:\r\n  containers:\r\n{{ toYaml .Values.containers | indent 4 }}\r\n",
    ];
    for text in cases {
        assert_eq!(diagnostics(text, &AnalysisOptions::default()), [], "{text}");
        assert_eq!(diagnostics(text, &options(Source::HelmTemplate)), [], "{text}");
    }
}

#[test]
fn a_chart_file_without_actions_is_checked_as_it_is() {
    // Literal text is what Helm renders: its mistakes are reported, in a chart or not.
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: Sometimes\n#                ^^^^^^^^^ invalid-value\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources: {limits: {memory: 64Mi}, requests: {cpu: 10m}}\n";
    check_against(text, &diagnostics(text, &options(Source::HelmTemplate)));
}

#[test]
fn a_charts_values_are_no_object() {
    let values = "kind: Deployment\nimage:\n  repository: nginx\nspec:\n  containers: []\n";
    assert_eq!(diagnostics(values, &options(Source::ChartValues)), []);
    // Its YAML is still read as Helm reads it.
    let broken = "image:\n  tag: [1\n";
    assert!(diagnostics(broken, &options(Source::ChartValues)).iter().any(|d| d.code == codes::YAML_SYNTAX));
}
