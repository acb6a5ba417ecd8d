//! The one list of diagnostic codes: each code's string, the name call sites use for it, its default severity, the
//! group it is documented under, and its documentation. `docs/diagnostics.md` is generated from it ([`page`]), the
//! SARIF output describes codes with it, settings are checked against it, and every example in it runs as a test.
//!
//! Codes stay `&'static str` constants ([`codes`]), so a call site names a code as `codes::DUPLICATE_ENV_NAME`
//! wherever it is and the diagnostic carries the plain string.

use crate::diagnostics::Severity;

/// What the registry says about one code.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable, kebab-case code (`missing-volume`).
    pub code: &'static str,
    /// The name of its constant in [`codes`] (`MISSING_VOLUME`).
    pub name: &'static str,
    /// The severity it is reported with unless the user's settings change it.
    pub severity: Severity,
    /// The section of the page it is listed under (`Volumes and mounts`).
    pub group: &'static str,
    /// What of the API server it mirrors (Markdown): the validation function and the helper that reports it
    /// (`` `ValidatePodSpec` → `validateDNSPolicy` ``), the decoding step, or [`NOT_MIRRORED`] for lint.
    pub mirrors: &'static str,
    /// One sentence: what is wrong.
    pub summary: &'static str,
    /// The rest of the first paragraph (Markdown): what exactly is reported, and why.
    pub details: &'static str,
    /// The Kubernetes version the example is checked for, when not the newest (`--kubernetes-version`).
    pub target: Option<&'static str>,
    /// A whole YAML document that gets this code, with `# ^^^ code` annotations under the ranges it is reported at
    /// (see `test_utils`). It starts with a line break, so that it can be written flush left.
    example: Option<&'static str>,
    /// What follows the example (Markdown): the message, and how to fix it.
    pub fix: &'static str,
}

impl CodeInfo {
    /// The example document, if the code has one.
    pub fn example(&self) -> Option<&'static str> {
        self.example.map(|text| text.strip_prefix('\n').unwrap_or(text))
    }

    /// The first paragraph on one line, as plain Markdown: the summary and the details.
    pub fn description(&self) -> String {
        if self.details.is_empty() { self.summary.to_owned() } else { format!("{} {}", self.summary, self.details) }
    }

    /// The code's section of the page, below its heading: severity, description, what it mirrors, example, then
    /// the fix.
    pub fn markdown(&self) -> String {
        let mut out = wrap(&format!("**{}.** {}", self.severity.as_str(), self.description()));
        out.push_str("\n\n");
        out.push_str(&wrap(&format!("*Mirrors:* {}.", self.mirrors)));
        if let Some(example) = self.example() {
            if let Some(version) = self.target {
                out.push_str(&format!("\n\nChecked for Kubernetes {version} (`--kubernetes-version {version}`):"));
            }
            out.push_str("\n\n```yaml\n");
            out.push_str(example);
            out.push_str("```");
        }
        for paragraph in self.fix.split("\n\n").filter(|p| !p.is_empty()) {
            out.push_str("\n\n");
            out.push_str(&wrap(paragraph));
        }
        out
    }
}

/// Every code, in the page's order.
pub fn all() -> &'static [CodeInfo] {
    CODES
}

/// What the registry says about `code`.
pub fn get(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|info| info.code == code)
}

/// The whole of `docs/diagnostics.md`.
pub fn page() -> String {
    let mut out = String::from(PAGE_HEADER);
    let mut group = "";
    for info in CODES {
        if info.group != group {
            group = info.group;
            out.push_str(&format!("\n## {group}\n"));
        }
        out.push_str(&format!("\n### {}\n\n{}\n", info.code, info.markdown()));
    }
    out
}

/// The page's width, as the rest of the repository's prose.
const WIDTH: usize = 120;

/// A paragraph broken into lines of at most [`WIDTH`] characters at spaces outside code spans (a longer word or span
/// stays whole). A word that would start a line as a list item, heading or quote stays on the line before, so the
/// Markdown means the same.
fn wrap(paragraph: &str) -> String {
    let mut out = String::with_capacity(paragraph.len() + paragraph.len() / WIDTH);
    let mut line_len = 0;
    for word in unbreakable_words(paragraph) {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > WIDTH && !starts_a_block(&word) {
            out.push('\n');
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(&word);
        line_len += len;
    }
    out
}

/// The words of a paragraph, with a code span that holds spaces (`` `a b` ``) kept as one word.
fn unbreakable_words(paragraph: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut in_code = false;
    for word in paragraph.split_whitespace() {
        match words.last_mut() {
            Some(last) if in_code => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
        if word.matches('`').count() % 2 == 1 {
            in_code = !in_code;
        }
    }
    words
}

fn starts_a_block(word: &str) -> bool {
    matches!(word, "-" | "+" | "*" | ">")
        || word.starts_with('#')
        || word.strip_suffix(['.', ')']).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What a lint code mirrors: nothing, since the API server accepts what lint reports.
pub const NOT_MIRRORED: &str = "nothing: this is lint, which the API server accepts";

/// Declares every code once: `CONSTANT = "code", Severity { mirrors, summary, details, target, example, fix }`,
/// grouped by the page's sections. `mirrors` and `summary` are required; the fields that are given come in that
/// order.
macro_rules! declare_codes {
    ($($group:literal {
        $($name:ident = $code:literal, $severity:ident {
            mirrors: $mirrors:expr,
            summary: $summary:expr,
            $(details: $details:expr,)?
            $(target: $target:expr,)?
            $(example: $example:expr,)?
            $(fix: $fix:expr,)?
        })*
    })*) => {
        /// Every diagnostic code, by the name call sites use for it.
        pub mod codes {
            $($(pub const $name: &str = $code;)*)*
        }

        static CODES: &[CodeInfo] = &[$($(CodeInfo {
            code: $code,
            name: stringify!($name),
            severity: Severity::$severity,
            group: $group,
            mirrors: $mirrors,
            summary: $summary,
            details: or_empty!($($details)?),
            target: or_none!($($target)?),
            example: or_none!($($example)?),
            fix: or_empty!($($fix)?),
        },)*)*];
    };
}

macro_rules! or_empty {
    () => {
        ""
    };
    ($text:expr) => {
        $text
    };
}

macro_rules! or_none {
    () => {
        None
    };
    ($text:expr) => {
        Some($text)
    };
}

/// The page's prose before the codes.
const PAGE_HEADER: &str = r#"<!-- Generated from engine/src/diagnostics/registry.rs: edit it there, then run
     UPDATE_EXPECT=1 cargo test -p podls-engine registry -->

# Diagnostics

Every diagnostic podls reports has a stable code. This page lists them all, with an example and the fix. Editors link
each diagnostic here (`#<code>`).

Three layers report them, in this order:

1. **YAML and document dispatch**: the file is not YAML, or a document is almost a Pod.
2. **Schema**: the Kubernetes v1.37 Pod schema: unknown fields, wrong types, closed sets of values, required fields.
3. **Rules**: what the API server rejects although the schema allows it, and lint for mistakes it accepts.

Rule messages start with the API server's own words and field path, exactly as `kubectl apply` would print them
after `The Pod "web" is invalid:`, followed on the next line by a plain explanation. Rules apply the API server's
defaulting and admission first, so nothing it fills in (a port's `protocol`, probe timings, requests from limits, the
`default` service account) is reported.

Each code says what of the API server it mirrors: the function of `pkg/apis/core/validation` (or of the apps and
batch validation) that reports it, with the helper it calls, or the decoding step; lint mirrors nothing.

Severities: **error** means the API server rejects the manifest (or kubectl cannot read it). **warning**,
**information** and **hint** are lint: the manifest is accepted but probably wrong.

## Configuring diagnostics

Codes can be disabled, or given another severity:

- Language server settings (`initializationOptions` or `workspace/didChangeConfiguration`), optionally nested under
  `"podls"`:

  ```json
  {"rules": {"disable": ["image-latest"], "severity": {"missing-resources": "hint", "coupled-tiers": "off"}}}
  ```

  Levels are `error`, `warning`, `information`, `hint` and `off`.
- The CLI: `podls check --disable image-latest --severity missing-resources=hint pod.yaml`.
- In the file: a comment at the end of a line silences codes on that line; a comment line of its own silences the
  next line; without codes it silences every code on its line.

  ```yaml
  image: nginx  # podls-ignore: image-latest
  # podls-ignore: missing-resources
  - name: sidecar
  hostPath: {path: /var/log}  # podls-ignore
  ```
"#;

declare_codes! {
    "YAML and documents" {
        YAML_SYNTAX = "yaml-syntax", Error {
            mirrors: "kubectl's YAML reader (`sigs.k8s.io/yaml`), before the request is sent",
            summary: "The text is not valid YAML.",
            details: "The document gets no further checks until it parses, because a partial tree would be \
             misjudged.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image
#   ^^^^^ yaml-syntax
  - name: proxy
    image: envoyproxy/envoy:v1.34
"#,
            fix: "``invalid YAML: this line needs a `:` after its key``. Fix the YAML at the marked place.",
        }
        DUPLICATE_KEY = "duplicate-key", Error {
            mirrors: "the API server's strict decoding (`fieldValidation=Strict`: `duplicate field`)",
            summary: "A mapping sets the same key twice.",
            details: "kubectl keeps the last one and the API server's strict decoding rejects the object.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
  name: api
# ^^^^ duplicate-key
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
            fix: "Remove one of the two keys; the first is shown as related information.",
        }
        YAML_LIMIT = "yaml-limit", Error {
            mirrors: "nothing: a limit of podls's own reader",
            summary: "A document nests deeper than the analyser follows, or its aliases expand past the node limit (a \
             \"billion laughs\" document).",
            details: "The rest is not analysed; flatten the document or write the aliased parts out.",
        }
        NOT_UTF8 = "not-utf8", Error {
            mirrors: "nothing: `podls check` reads UTF-8 files only",
            summary: "The file is not UTF-8 (reported by `podls check`).",
            details: "Kubernetes manifests are UTF-8; re-encode the file.",
        }
        WRONG_KIND = "wrong-kind", Error {
            mirrors: "the API server's decoding: kinds are looked up case-sensitively in its scheme",
            summary: "`kind` is a case variant of a kind that carries a Pod spec (`kind: pod`, `kind: deployment`).",
            details: "Kinds are case-sensitive. The document is analysed as the kind it evidently is. Quick fix: \
             change it to that kind.",
            example: r#"
apiVersion: apps/v1
kind: deployment
#     ^^^^^^^^^^ wrong-kind
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
"#,
        }
        WRONG_API_VERSION = "wrong-api-version", Error {
            mirrors: "the API server's decoding: the kind must be served at that group and version",
            summary: "A kind that carries a Pod spec with an `apiVersion` it was never served at (or none): \
             `kind: Pod` with `apiVersion: apps/v1`.",
            details: "The document is analysed at the kind's one API version. Quick fix: set it.",
            example: r#"
apiVersion: apps/v1
#           ^^^^^^^ wrong-api-version
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        }
        REMOVED_API_VERSION = "removed-api-version", Error {
            mirrors: "the API server's decoding: the kind must be served at that group and version",
            summary: "An `apiVersion` the API server no longer serves for this kind: `extensions/v1beta1` Deployment \
             is no longer served since Kubernetes 1.16; use `apps/v1`.",
            details: "The API server rejects the document. It is analysed as the current version all the same, so \
             what else needs changing for that version (such as a `selector`, required since `apps/v1`) shows too. \
             Quick fix: replace the `apiVersion`.",
            example: r#"
apiVersion: extensions/v1beta1
#           ^^^^^^^^^^^^^^^^^^ removed-api-version
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
"#,
        }
        MISSING_KIND = "missing-kind", Error {
            mirrors: "the API server's decoding (`Object 'Kind' is missing`)",
            summary: "A document has a Pod spec where a kind keeps one (`spec.containers`, \
             `spec.template.spec.containers`, ...) but no `kind`.",
            details: "The document is analysed as the kind its shape says (a Deployment for a `spec.template` beside \
             `apiVersion: apps/v1`). Quick fix: add that `kind` (and `apiVersion`).",
            example: r#"
apiVersion: v1
#^^^^^^^^^^ missing-kind
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        }
        INTERNAL_ERROR = "internal-error", Error {
            mirrors: "nothing: a failure of podls itself",
            summary: "podls itself failed while reading or checking this document: a bug, not a mistake in the \
             manifest.",
            details: "The message says what failed and carries the panic's text; the panic and its place in the \
             source are also logged to stderr. Only this document is affected: the other documents of the file, and \
             the other files of a `podls check` run, are checked as usual, and when only the checks failed, \
             completion, hover and the outline still work here. `podls check` exits with status 3 when any document \
             got this diagnostic. Please report it with the document.",
        }
        HELM_TEMPLATE = "helm-template", Information {
            mirrors: "nothing: the API server sees the rendered manifest, never the template",
            summary: "A Helm chart template is not checked, because the `helm` setting is `silent`.",
            details: "What a template renders depends on the chart's values, so podls reports this once per document \
             and nothing else. With `helm: literal` (the default) it checks what is literal and drops every \
             diagnostic an action may change.",
            fix: "Check the rendered output: `helm template <release> <chart> | podls check -`.",
        }
    }
    "Schema" {
        UNKNOWN_FIELD = "unknown-field", Error {
            mirrors: "the API server's strict decoding (`fieldValidation=Strict`: `unknown field`)",
            summary: "A key the Pod schema does not know at that place; the API server's strict decoding rejects it.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: data
    scaleIO:
      gateway: https://gateway:443/api
      system: scaleio
      secretRef: {name: sio-secret}
      protectionDoamin: pd01
#     ^^^^^^^^^^^^^^^^ unknown-field
"#,
            fix: "`unknown field 'protectionDoamin' in ScaleIOVolumeSource; did you mean 'protectionDomain'?` Quick \
             fix: rename to the suggested key.",
        }
        INVALID_TYPE = "invalid-type", Error {
            mirrors: "the API server's JSON decoding (`cannot unmarshal ... into Go struct field`)",
            summary: "A value of the wrong type: a string where an integer belongs (`lun: \"<ADD LUN ID Here>\"`), a \
             number where a string belongs (`value: 1.0` in a label), a number too large for its field (an int32 \
             field above 2147483647).",
            details: "Quote strings, unquote numbers.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: data
    iscsi:
      targetPortal: 10.0.0.1:3260
      iqn: iqn.2001-04.com.example:storage
      lun: "<ADD LUN ID Here>"
#          ^^^^^^^^^^^^^^^^^^^ invalid-type
"#,
        }
        INVALID_VALUE = "invalid-value", Error {
            mirrors: "the closed sets of `ValidatePodSpec` and its helpers (`validateRestartPolicy`, \
             `validateDNSPolicy`, `validatePullPolicy`, `validateContainerPorts`, …), which the schema carries as \
             enums",
            summary: "A value outside a closed set: `protocol: tcp`, `restartPolicy: Sometimes`, \
             `imagePullPolicy: IfNotExists`.",
            details: "Quick fixes: each allowed value.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 80, protocol: tcp}]
#                                         ^^^ invalid-value
"#,
        }
        MISSING_FIELD = "missing-field", Error {
            mirrors: "the `Required value` checks of `ValidatePodSpec` and its helpers (`validateContainers`, \
             `validateContainerPorts`, `ValidateVolumeMounts`, …) for fields the schema marks required",
            summary: "A field the schema requires is absent: a container without `name`, a port without \
             `containerPort`, a volume mount without `mountPath`.",
            details: "Quick fix: insert the field.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: data
#   ^ missing-field
  volumes:
  - name: data
    emptyDir: {}
"#,
        }
    }
    "Kubernetes versions" {
        FIELD_NOT_IN_VERSION = "field-not-in-version", Error {
            mirrors: "the target release's strict decoding (`fieldValidation=Strict`: `unknown field`), whose types lack the field",
            summary: "A field the target Kubernetes version does not have yet: it came in a later release.",
            details: "The API server's strict decoding rejects it as an unknown field. The target is the newest version \
             podls knows unless the settings, the `--kubernetes-version` flag or the config file name another; the \
             message names the first version with the field and its feature gate. A field removed before the target \
             is an `unknown-field` whose message names the release that removed it and what replaced it; one the \
             target still has is accepted.",
            target: "1.31",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  resources:
# ^^^^^^^^^ field-not-in-version
    limits: {cpu: "1"}
  containers:
  - name: web
    image: nginx:1.27
"#,
            fix: "`spec.resources` needs Kubernetes 1.32 or later (alpha, off by default until 1.34); your target is \
             1.31: kubectl will reject this field. Upgrade the cluster (and the target), or leave the field out.",
        }
        FEATURE_GATE_OFF = "feature-gate-off", Warning {
            mirrors: "the API server's dropping of disabled fields (`dropDisabledFields` in `pkg/api/pod/util.go`) before validation",
            summary: "A field whose feature gate is off in the target: the API server accepts the manifest and \
             silently drops the field.",
            details: "The gate is off by default in the target version (alpha, and some beta gates) or the feature \
             gates setting turns it off. What follows is said: an image volume disappears with its mounts, an init \
             container without its `restartPolicy` runs to completion before the app.",
            target: "1.33",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts: [{name: models, mountPath: /models}]
  volumes:
  - name: models
    image: {reference: example.com/models:v1}
#   ^^^^^ feature-gate-off
"#,
            fix: "`spec.volumes[0].image` is guarded by the feature gate ImageVolume (beta, off by default until \
             1.35), which is off in your target 1.33: the API server silently drops the field, and with it the image \
             volume, and the Pod runs without it and its mounts. Turn the gate on in the cluster and in podls' \
             `featureGates`, or use another volume source.",
        }
        VALUE_NOT_IN_VERSION = "value-not-in-version", Error {
            mirrors: "the target release's `validation.go`, whose `Unsupported value` list lacks the value",
            summary: "A value the target Kubernetes version does not accept yet, or only behind a feature gate that \
             is off (toleration `operator: Lt`, a restart rule's `RestartAllContainers`).",
            target: "1.34",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  tolerations:
  - key: example.com/generation
    operator: Lt
#             ^^ value-not-in-version
    value: "5"
"#,
            fix: "`spec.tolerations[0].operator: Unsupported value: \"Lt\": supported values: \"Equal\", \"Exists\"`, then \
             ``` `Lt` needs Kubernetes 1.35 or later (alpha, off by default); your target is 1.34. ```",
        }
    }
    "Metadata" {
        POD_NAME_REQUIRED = "pod-name-required", Error {
            mirrors: "`ValidatePodCreate` → `ValidateObjectMeta`",
            summary: "`metadata.name: Required value: name or generateName is required`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
#^^^^^^^^ pod-name-required
  labels: {app: web}
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
            fix: "Quick fix: add `metadata.name` (named after the first container).",
        }
        INVALID_POD_NAME = "invalid-pod-name", Error {
            mirrors: "`ValidateObjectMeta` with `ValidatePodName` (`NameIsDNSSubdomain`; `maskTrailingDash` for \
             `generateName`)",
            summary: "The name is not a DNS-1123 subdomain (lowercase letters, digits, `-`, `.`; at most 253 \
             characters), or `generateName` is not a valid prefix.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: Nginx_Frontend
#       ^^^^^^^^^^^^^^ invalid-pod-name
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
            fix: "`metadata.name: Invalid value: \"Nginx_Frontend\": a lowercase RFC 1123 subdomain must consist of \
             ...`. Quick fix: rename to `nginx-frontend`.",
        }
        INVALID_NAMESPACE = "invalid-namespace", Error {
            mirrors: "`ValidateObjectMeta` → `ValidateNamespaceName`",
            summary: "`metadata.namespace` is not a DNS-1123 label (`namespace: team.a` → `must not contain dots`).",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: team.a
#            ^^^^^^ invalid-namespace
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        }
        INVALID_LABEL = "invalid-label", Error {
            mirrors: "`ValidateObjectMeta` → `ValidateLabels`; `ValidatePodSpec` → `ValidateLabels` \
             (`nodeSelector`); `ValidateLabelSelector`",
            summary: "A label key that is not a qualified name (`cost center`), or a value that is not a label value \
             (`-web`, more than 63 characters).",
            details: "Applies to `metadata.labels`, `spec.nodeSelector` and label selectors.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    cost center: x
#   ^^^^^^^^^^^ invalid-label
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
            fix: "`metadata.labels: Invalid value: \"cost center\": name part must consist of alphanumeric \
             characters, ...`. Use `cost-center`.",
        }
        INVALID_ANNOTATION = "invalid-annotation", Error {
            mirrors: "`ValidateObjectMeta` → `ValidateAnnotations`; `ValidatePodSpecificAnnotations`; \
             `ValidateAppArmorPodAnnotations`",
            summary: "An annotation key that is not a qualified name, or a Pod-specific annotation with a bad value: \
             `controller.kubernetes.io/pod-deletion-cost` (`must be a 32bit integer`), the seccomp annotations (`must \
             be a valid seccomp profile`), the mirror-Pod annotation without `spec.nodeName`, and AppArmor \
             annotations naming a container that does not exist (`container not found`) or an unknown profile.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    controller.kubernetes.io/pod-deletion-cost: "cheap"
#                                               ^^^^^^^ invalid-annotation
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        }
        ANNOTATIONS_TOO_LONG = "annotations-too-long", Error {
            mirrors: "`ValidateAnnotations` (`TotalAnnotationSizeLimitB`)",
            summary: "All annotation keys and values together exceed 256 KiB: `metadata.annotations: Too long: may \
             not be more than 262144 bytes`.",
            details: "Move large data to a ConfigMap.",
        }
        INVALID_FINALIZER = "invalid-finalizer", Error {
            mirrors: "`ValidateObjectMeta` → `validateKubeFinalizerName`",
            summary: "A finalizer without a `/` that is not a standard one (`kubernetes`, `orphan`, \
             `foregroundDeletion`): `name is neither a standard finalizer name nor is it fully qualified`.",
            details: "Use `example.com/cleanup`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
  finalizers: [cleanup]
#              ^^^^^^^ invalid-finalizer
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        }
        DEPRECATED_ANNOTATION = "deprecated-annotation", Warning {
            mirrors: "the API server's warnings (`GetWarningsForPod`), not its validation",
            summary: "`container.apparmor.security.beta.kubernetes.io/<container>` is deprecated; the API server \
             accepts it with a warning.",
            details: "Set `securityContext.appArmorProfile` instead.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    container.apparmor.security.beta.kubernetes.io/web: runtime/default
#                                                       ^^^^^^^^^^^^^^^ deprecated-annotation
spec:
  containers:
  - name: web
    image: nginx:1.27
"#,
        }
    }
    "Containers" {
        NO_CONTAINERS = "no-containers", Error {
            mirrors: "`ValidatePodSpec` → `validateContainers`",
            summary: "`spec.containers: []`: `spec.containers: Required value`.",
            details: "Add a container.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers: []
#             ^^ no-containers
"#,
        }
        INVALID_CONTAINER_NAME = "invalid-container-name", Error {
            mirrors: "`validateContainers` and `validateInitContainers` → `validateContainerCommon`",
            summary: "A container name that is empty or not a DNS-1123 label.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: Web_Server
#         ^^^^^^^^^^ invalid-container-name
    image: nginx:1.27
"#,
            fix: "`spec.containers[0].name: Invalid value: \"Web_Server\": a lowercase RFC 1123 label must consist of \
             ...`. Quick fix: rename to `web-server`.",
        }
        DUPLICATE_CONTAINER_NAME = "duplicate-container-name", Error {
            mirrors: "`validateContainers`, `validateInitContainers` and `validateEphemeralContainers`",
            summary: "Two containers (across `containers`, `initContainers` and `ephemeralContainers`) share a name: \
             `spec.containers[1].name: Duplicate value: \"app\"`.",
            details: "The first is shown as related information. The API server checks regular containers first, \
             so a clash between an init container and a regular container is reported on the init container.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx:1.27
  - name: app
#         ^^^ duplicate-container-name
    image: envoyproxy/envoy:v1.34
"#,
        }
        MISSING_IMAGE = "missing-image", Error {
            mirrors: "`validateContainerCommon` (required) and `validateContainerOnlyForPod` (white space)",
            summary: "A container without an image (the schema marks `image` optional, the API server requires it), \
             or one with white space around it.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: cache
spec:
  containers:
  - name: redis
#         ^^^^^ missing-image
    ports: [{containerPort: 6379}]
"#,
            fix: "`spec.containers[0].image: Required value`. Quick fix: add `image: redis` (after the container's \
             name) or trim the white space. The image reference itself is not validated, so a placeholder such as \
             `<your-image>` passes.",
        }
        CONTAINER_RESTART_POLICY = "container-restart-policy", Error {
            mirrors: "`validateContainerRestartPolicy`, `validateInitContainerRestartPolicy`",
            summary: "A container's own `restartPolicy` or `restartPolicyRules` the API server refuses: a policy other \
             than `Always`, `Never` or `OnFailure` (`spec.containers[0].restartPolicy: Unsupported value: \
             \"Sometimes\": supported values: \"Always\", \"Never\", \"OnFailure\"`), rules without a policy beside \
             them (`Required value: must specify restartPolicy when restart rules are used`), rules on a sidecar \
             (an init container with `Always`), more than 20 rules, a rule whose `action` is not `Restart`, without \
             `exitCodes`, with an `operator` other than `In` or `NotIn`, or with more than 255 exit codes.",
            details: "Kubernetes 1.35 turned the ContainerRestartRules feature gate on by default: since then every \
             container may set its own `restartPolicy`, and `restartPolicyRules` override it by exit code. \
             A `RestartAllContainers` action needs an alpha gate; it is [`feature-gated`](#feature-gated), and the rules \
             are then judged as with that gate on (a sidecar may take them).",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    restartPolicyRules:
#   ^^^^^^^^^^^^^^^^^^ container-restart-policy
    - {action: Restart, exitCodes: {operator: In, values: [42]}}
"#,
        }
        INIT_CONTAINER_FIELD = "init-container-field", Error {
            mirrors: "`validateInitContainers`",
            summary: "An init container that is not a sidecar sets `lifecycle`, `livenessProbe`, `readinessProbe` or \
             `startupProbe`: `spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers \
             without restartPolicy=Always`.",
            details: "Remove the field, or add `restartPolicy: Always` to make it a sidecar.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  initContainers:
  - name: migrate
    image: example.com/migrate:1.0
    livenessProbe:
#   ^^^^^^^^^^^^^ init-container-field
      exec: {command: [test, -f, /done]}
"#,
        }
        EPHEMERAL_CONTAINERS = "ephemeral-containers", Error {
            mirrors: "`ValidatePodCreate`; `ValidatePodTemplateSpec` for templates",
            summary: "`spec.ephemeralContainers: Forbidden: cannot be set on create`.",
            details: "Add ephemeral containers to a running Pod with `kubectl debug`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  ephemeralContainers:
# ^^^^^^^^^^^^^^^^^^^ ephemeral-containers
  - name: debug
    image: busybox:1.37
"#,
        }
    }
    "Ports" {
        INVALID_PORT = "invalid-port", Error {
            mirrors: "`validateContainerPorts` (`IsValidPortNum`)",
            summary: "A `containerPort` of 0 (`Required value`) or outside 1–65535, or a `hostPort` outside 1–65535: \
             `spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, \
             inclusive`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 70000}]
#                           ^^^^^ invalid-port
"#,
        }
        INVALID_PORT_NAME = "invalid-port-name", Error {
            mirrors: "`validateContainerPorts` (`IsValidPortName`)",
            summary: "A port name that is not an IANA service name (at most 15 lowercase letters, digits and `-`, \
             with a letter, no `--`, not starting or ending with `-`): `Invalid value: \"otlp-http-receiver\": must \
             be no more than 15 characters`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{name: otlp-http-receiver, containerPort: 4318}]
#                  ^^^^^^^^^^^^^^^^^^ invalid-port-name
"#,
        }
        DUPLICATE_PORT_NAME = "duplicate-port-name", Error {
            mirrors: "`validateContainerPorts`",
            summary: "Two ports of one container share a name: `ports[1].name: Duplicate value: \"http\"`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - {name: http, containerPort: 80}
    - {name: http, containerPort: 8080}
#            ^^^^ duplicate-port-name
"#,
        }
        HOST_PORT_CONFLICT = "host-port-conflict", Error {
            mirrors: "`validateContainers` → `checkHostPortConflicts` (`AccumulateUniqueHostPorts`)",
            summary: "Two regular containers claim the same `protocol/hostIP/hostPort`: \
             `spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8443\"`.",
            details: "With `hostNetwork`, a missing `hostPort` counts as the `containerPort`. Pick another host \
             port.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 443, hostPort: 8443}]
  - name: admin
    image: example.com/admin:2.1
    ports: [{containerPort: 9443, hostPort: 8443}]
#                                           ^^^^ host-port-conflict
"#,
        }
        HOST_NETWORK_PORT = "host-network-port", Error {
            mirrors: "`validatePodHostNetworkDeps`",
            summary: "With `hostNetwork: true`, a `hostPort` different from its `containerPort`: `hostPort: Invalid \
             value: 8080: must match 'containerPort' when 'hostNetwork' is true`.",
            details: "Remove `hostPort` (it defaults to the container port) or make them equal.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 80, hostPort: 8080}]
#                                         ^^^^ host-network-port
  hostNetwork: true
"#,
        }
    }
    "Environment" {
        INVALID_ENV_NAME = "invalid-env-name", Error {
            mirrors: "`ValidateEnv` (`IsRelaxedEnvVarName`)",
            summary: "An empty variable name, or one with `=` or non-printable characters (the API server's default, \
             relaxed rule): `a valid environment variable name must consist only of printable ASCII characters other \
             than '='`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: "LOG=LEVEL"
#           ^^^^^^^^^^^ invalid-env-name
      value: debug
"#,
        }
        ENV_VALUE_SOURCE = "env-value-source", Error {
            mirrors: "`ValidateEnv` → `validateEnvVarValueFrom`",
            summary: "A `valueFrom` with no source, with two sources, or beside a non-empty `value`: \
             `env[1].valueFrom: Invalid value: \"\": may not be specified when 'value' is not empty`.",
            details: "Keep one.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: MODE
      value: fast
      valueFrom: {configMapKeyRef: {name: cfg, key: mode}}
#     ^^^^^^^^^ env-value-source
"#,
        }
        INVALID_ENV_REF = "invalid-env-ref", Error {
            mirrors: "`validateEnvVarValueFrom` → `validateObjectFieldSelector`, \
             `validateContainerResourceFieldSelector`, `validateConfigMapKeySelector`, `validateSecretKeySelector`",
            summary: "A downward-API or key reference the API server rejects: a `fieldRef.fieldPath` that cannot be \
             exposed there (`status.phase` in env: `Unsupported value`; `metadata.foo`: `field label not supported`), \
             a `resourceFieldRef` resource or divisor that is not allowed (`only divisor's values 1m and 1 are \
             supported with the cpu resource`), a missing `containerName` in a downwardAPI volume, or a \
             ConfigMap/Secret key reference with a bad name or key.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - name: PHASE
      valueFrom: {fieldRef: {fieldPath: status.phase}}
#                                       ^^^^^^^^^^^^ invalid-env-ref
"#,
        }
        ENV_FROM_SOURCE = "env-from-source", Error {
            mirrors: "`ValidateEnvFrom`",
            summary: "An `envFrom` entry with neither or both of `configMapRef` and `secretRef`, a missing or invalid \
             name, or a `prefix` that is not a valid variable name.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    envFrom:
    - prefix: APP_
#     ^^^^^^ env-from-source
"#,
        }
        DUPLICATE_ENV_NAME = "duplicate-env-name", Warning {
            mirrors: "the API server's warnings (`GetWarningsForPod`), not its validation",
            summary: "The same variable twice in one container.",
            details: "Accepted, but only the later value is used.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    env:
    - {name: MODE, value: fast}
    - {name: MODE, value: safe}
#            ^^^^ duplicate-env-name
"#,
        }
    }
    "Volumes and mounts" {
        INVALID_VOLUME_NAME = "invalid-volume-name", Error {
            mirrors: "`ValidateVolumes`",
            summary: "A volume name that is empty or not a DNS-1123 label: `spec.volumes[0].name: Invalid value: \
             \"Data\"`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: Data
#         ^^^^ invalid-volume-name
    emptyDir: {}
"#,
        }
        DUPLICATE_VOLUME_NAME = "duplicate-volume-name", Error {
            mirrors: "`ValidateVolumes`",
            summary: "Two volumes share a name: `spec.volumes[2].name: Duplicate value: \"cache\"`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - {name: cache, emptyDir: {}}
  - {name: cache, emptyDir: {medium: Memory}}
#          ^^^^^ duplicate-volume-name
"#,
        }
        VOLUME_SOURCE = "volume-source", Error {
            mirrors: "`validateVolumeSource` and `validateProjectionSources`, after `SetDefaults_Volume`",
            summary: "A volume with two sources, or a projected source with two kinds.",
            details: "A volume with no source is not reported: v1 defaulting makes it `emptyDir: {}`, and so it \
             makes `emptyDir:` with nothing after it.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: scratch
    emptyDir: {}
    configMap: {name: settings}
#   ^^^^^^^^^ volume-source
"#,
            fix: "`spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type`; split it into two \
             volumes.",
        }
        INVALID_VOLUME_SOURCE = "invalid-volume-source", Error {
            mirrors: "`validateVolumeSource` → each source's function (`validateHostPathVolumeSource`, \
             `validateSecretVolumeSource`, `validateConfigMapVolumeSource`, `validateDownwardAPIVolumeSource`, \
             `validateProjectedVolumeSource`, `validateNFSVolumeSource`, `validateISCSIVolumeSource`, \
             `validateFCVolumeSource`, `ValidateCSIDriverName`, `validateEphemeralVolumeSource` → \
             `ValidatePersistentVolumeClaimTemplate` and `ValidatePersistentVolumeClaimSpec`, \
             `validateFlockerVolumeSource`, `validateQuobyteVolumeSource`, …)",
            summary: "A source's own rules: `hostPath.path` containing `..`; `secret.secretName` or `configMap.name` \
             missing; a `defaultMode` or `mode` above 0777 (`defaultMode: 600` is decimal 600; write `0600`); \
             `items[].path` absolute or climbing with `..`; `nfs.path` not absolute; an empty \
             `persistentVolumeClaim.claimName`, or one naming the claim of this Pod's own ephemeral volume; \
             `ephemeral` without `volumeClaimTemplate`; iSCSI and FC `lun` outside 0–255, FC targets, iSCSI names \
             that are not `iqn.`, `eui.` or `naa.` names, CHAP without `secretRef`; a `gitRepo.directory` climbing \
             with `..`; `flexVolume` options in the `kubernetes.io`/`k8s.io` namespaces; a CSI driver name that is \
             not a DNS subdomain; projected `serviceAccountToken.expirationSeconds` below 600; `clusterTrustBundle` \
             with both `name` and `signerName`; projected files written twice (`conflicting duplicate paths`); an \
             ephemeral claim template whose metadata sets more than labels and annotations, or whose spec has no \
             access mode or no positive storage request; the required fields of the removed in-tree drivers \
             (glusterfs, rbd, cephfs, quobyte, azureDisk, scaleIO, …), which the API server still validates.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: config
    configMap: {name: app-config, defaultMode: 600}
#                                              ^^^ invalid-volume-source
"#,
        }
        MISSING_VOLUME = "missing-volume", Error {
            mirrors: "`ValidateVolumeMounts`",
            summary: "A volume mount names no volume of the Pod.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: cahce
#           ^^^^^ missing-volume
      mountPath: /cache
  volumes:
  - name: cache
    emptyDir: {}
"#,
            fix: "`spec.containers[0].volumeMounts[0].name: Not found: \"cahce\"`. Quick fixes: change to the closest \
             volume name (`cache`), or add an `emptyDir` volume with that name (creating `spec.volumes` if needed).",
        }
        DUPLICATE_MOUNT_PATH = "duplicate-mount-path", Error {
            mirrors: "`ValidateVolumeMounts`",
            summary: "Two mounts of one container at the same path (`mountPath: Invalid value: \"/data\": must be \
             unique`), or an empty `mountPath`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - {name: a, mountPath: /data}
    - {name: b, mountPath: /data}
#                          ^^^^^ duplicate-mount-path
  volumes:
  - {name: a, emptyDir: {}}
  - {name: b, emptyDir: {}}
"#,
        }
        INVALID_VOLUME_MOUNT = "invalid-volume-mount", Error {
            mirrors: "`ValidateVolumeMounts` → `validateMountPropagation`, `validateMountRecursiveReadOnly`",
            summary: "A `subPath`/`subPathExpr` that is absolute or contains `..`, or both at once; \
             `mountPropagation: Bidirectional` without `privileged: true`; `recursiveReadOnly` without `readOnly: \
             true` or with propagation.",
            details: "(A sub-path on an `image` volume is [`feature-gated`](#feature-gated): Kubernetes 1.33 and \
             later accept it.)",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - {name: data, mountPath: /data, subPath: ../logs}
#                                             ^^^^^^^ invalid-volume-mount
  volumes:
  - {name: data, emptyDir: {}}
"#,
        }
        INVALID_VOLUME_DEVICE = "invalid-volume-device", Error {
            mirrors: "`ValidateVolumeDevices`",
            summary: "A `volumeDevices` entry naming no volume, a volume that is not a PVC or ephemeral volume, a \
             name or path also used by a mount, a repeated `devicePath` or one with `..`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    volumeDevices:
    - {name: scratch, devicePath: /dev/xvda}
#            ^^^^^^^ invalid-volume-device
  volumes:
  - {name: scratch, emptyDir: {}}
"#,
        }
        TOKEN_WITHOUT_SERVICE_ACCOUNT = "token-without-service-account", Hint {
            mirrors: "the projected-token check of `ValidatePodSpec`, which the ServiceAccount admission plugin \
             makes unreachable",
            summary: "A projected `serviceAccountToken` in a Pod without `serviceAccountName`.",
            details: "The API server would say `must not be specified when serviceAccountName is not set`, but \
             admission sets `serviceAccountName: default` first, so the Pod is accepted and the token is the \
             `default` account's. Set `serviceAccountName` to project another account's token.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: token
    projected:
      sources:
      - serviceAccountToken: {path: token, audience: vault}
#       ^^^^^^^^^^^^^^^^^^^ token-without-service-account
"#,
        }
    }
    "Resources" {
        INVALID_QUANTITY = "invalid-quantity", Error {
            mirrors: "the API server's decoding (`resource.ParseQuantity`) and `ValidateResourceQuantityValue`",
            summary: "A resource amount that is not a Kubernetes quantity (rejected while decoding), a negative \
             amount, or a fractional amount of an extended resource.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      limits:
        memory: 1GB
#               ^^^ invalid-quantity
"#,
            fix: "`spec.containers[0].resources.limits[memory]: Invalid value: \"1GB\": quantities must match the \
             regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`. Suffixes are case-sensitive: `k`, \
             `M`, `G`, `T` (powers of 1000) or `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024); CPU takes `m` for millicores. \
             Quick fixes: `1G` or `1Gi` (for `500mb`: `500M` or `500Mi`). Also checks `spec.overhead`, \
             `emptyDir.sizeLimit` (negative → `Forbidden: SizeLimit field must be a valid resource quantity`), \
             divisors and ephemeral claim templates.",
        }
        INVALID_RESOURCE_NAME = "invalid-resource-name", Error {
            mirrors: "`validateContainerResourceName`, for containers and `validateOverhead`",
            summary: "An unprefixed resource other than `cpu`, `memory`, `ephemeral-storage` and `hugepages-<size>` \
             (`must be a standard resource for containers`), or a prefixed one that is not a valid extended resource \
             name.",
            details: "Quick fix for near misses such as `CPU`: the standard name.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      limits: {CPU: 500m}
#              ^^^ invalid-resource-name
"#,
        }
        REQUEST_EXCEEDS_LIMIT = "request-exceeds-limit", Error {
            mirrors: "`ValidateContainerResourceRequirements`, `validatePodResourceRequirements`",
            summary: "A request above its limit: `spec.containers[0].resources.requests: Invalid value: \"512Mi\": \
             must be less than or equal to memory limit of 256Mi`.",
            details: "The limit is shown as related information. (A container request that is missing defaults to \
             the limit, which is fine. A Pod-level cpu or memory request that is missing defaults to what the \
             containers request together, which can be above the Pod's limit; it is reported at that limit.)",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      requests: {memory: 512Mi}
#                        ^^^^^ request-exceeds-limit
      limits: {memory: 256Mi}
"#,
        }
        NON_OVERCOMMITTABLE_RESOURCE = "non-overcommittable-resource", Error {
            mirrors: "`ValidateContainerResourceRequirements`, `validatePodResourceRequirements`",
            summary: "Extended resources and huge pages cannot be overcommitted: a request without a limit (`Required \
             value: Limit must be set for non overcommitable resources`), a request different from its limit (`must \
             be equal to example.com/fpga limit of 2`), or huge pages without cpu or memory (`Forbidden: HugePages \
             require cpu or memory`), in a container's resources or the Pod's own.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      requests: {example.com/fpga: 1}
#                                  ^ non-overcommittable-resource
"#,
        }
        RESOURCE_CLAIM = "resource-claim", Error {
            mirrors: "`validatePodResourceClaims` and `validateResourceClaimNames`",
            summary: "A container's `resources.claims[].name` that is empty, not in `spec.resourceClaims` (`Not found`), \
             or listed twice, whole or for the same request, or whole and for a request (`Duplicate value`), or a \
             `request` that is not a DNS label; an entry of `spec.resourceClaims` with an empty, repeated or invalid \
             name, or without exactly one of `resourceClaimName` and `resourceClaimTemplateName`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      claims: [{name: gpu}]
#                     ^^^ resource-claim
"#,
        }
        POD_RESOURCES = "pod-resources", Error {
            mirrors: "`validatePodResources`",
            summary: "Pod-level `spec.resources`: names other than `cpu`, `memory` and huge pages (`Unsupported \
             value`), `claims` (`Forbidden`), requests below what the containers request together (`must be greater \
             than or equal to aggregate container requests of 1`), a huge-page limit below the containers' limits \
             together (`must be greater than or equal to aggregate container limits of 4Mi`), or a container limit \
             above the Pod's (`must be less than or equal to pod limits of 1Gi`); any of them in a Pod with `os.name: windows` (`Forbidden: \
             may not be set for a windows pod`).",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  resources:
    limits: {nvidia.com/gpu: 1}
#            ^^^^^^^^^^^^^^ pod-resources
"#,
        }
        RESIZE_POLICY = "resize-policy", Error {
            mirrors: "`validateResizePolicy`",
            summary: "A `resizePolicy` that names a resource twice, or asks for `RestartContainer` in a Pod with \
             `restartPolicy: Never` (`must be 'NotRequired' when `restartPolicy` is 'Never'`).",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resizePolicy:
    - {resourceName: memory, restartPolicy: RestartContainer}
#                                           ^^^^^^^^^^^^^^^^ resize-policy
  restartPolicy: Never
"#,
        }
        MEMORY_WITHOUT_UNIT = "memory-without-unit", Warning {
            mirrors: NOT_MIRRORED,
            summary: "A memory amount below 1Mi, such as `memory: 512` (512 bytes): almost always a missing unit.",
            details: "Quick fixes: `512Mi` or `512Gi`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    resources:
      limits: {cpu: 500m, memory: 512}
#                                 ^^^ memory-without-unit
"#,
        }
    }
    "Probes and lifecycle hooks" {
        PROBE_HANDLER = "probe-handler", Error {
            mirrors: "`validateProbe` and `validateLifecycle` → `validateHandler`",
            summary: "A probe or hook with no action (`readinessProbe: Required value: must specify a handler type`) \
             or with two (`livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`).",
            details: "Probes take one of `exec`, `httpGet`, `tcpSocket`, `grpc`; hooks one of `exec`, `httpGet`, \
             `tcpSocket`, `sleep`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
#   ^^^^^^^^^^^^^^ probe-handler
      periodSeconds: 5
"#,
        }
        INVALID_PROBE = "invalid-probe", Error {
            mirrors: "`validateProbe`, `validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe`",
            summary: "A negative timing or threshold (`must be greater than or equal to 0`), a liveness or startup \
             `successThreshold` other than 1 (`Invalid value: 2: must be 1`), a probe `terminationGracePeriodSeconds` \
             of 0 or less, or one on a readiness probe (`must not be set for readinessProbes`).",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    livenessProbe:
      tcpSocket: {port: 80}
      successThreshold: 2
#                       ^ invalid-probe
"#,
        }
        INVALID_HANDLER = "invalid-handler", Error {
            mirrors: "`validateHandler` → `validateExecAction`, `validateHTTPGetAction`, `validateTCPSocketAction`, \
             `validateGRPCAction`, `validateSleepAction`",
            summary: "A handler's fields: an empty `exec.command`; an `httpGet`/`tcpSocket` port outside 1–65535 or \
             not a valid port name (`port: \"8080\"` is a *name*; quick fix: `8080`); a bad HTTP header name; a \
             `grpc.port` outside 1–65535; a `sleep.seconds` beyond the Pod's `terminationGracePeriodSeconds`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet: {path: /healthz, port: "8080"}
#                                     ^^^^^^ invalid-handler
"#,
        }
        UNDECLARED_PORT_NAME = "undeclared-port-name", Warning {
            mirrors: NOT_MIRRORED,
            summary: "A probe port given by a name the container's `ports` do not declare.",
            details: "Accepted, but the kubelet fails the probe. Declare the port or use its number.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      httpGet: {path: /healthz, port: http}
#                                     ^^^^ undeclared-port-name
"#,
        }
    }
    "Pod fields and scheduling" {
        INVALID_POD_FIELD = "invalid-pod-field", Error {
            mirrors: "`ValidatePodSpec` (its names and `activeDeadlineSeconds`) → `ValidateHostAliases`, \
             `validateReadinessGates`, `validateSchedulingGates`; `ValidatePodCreate` (`nodeName` with scheduling \
             gates)",
            summary: "Pod-level fields: `hostname`/`subdomain` not DNS labels; `nodeName`, `priorityClassName`, \
             `runtimeClassName`, `serviceAccountName` not DNS subdomains; `activeDeadlineSeconds` outside \
             1–2147483647; a host alias IP that is not an IP; readiness gate or scheduling gate names that are not \
             qualified names, a repeated scheduling gate, or `nodeName` together with scheduling gates (`Forbidden: \
             cannot be set until all schedulingGates have been cleared`).",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  hostname: Web_1
#           ^^^^^ invalid-pod-field
"#,
        }
        DNS_CONFIG = "dns-config", Error {
            mirrors: "`validateDNSPolicy` and `validatePodDNSConfig`",
            summary: "`dnsPolicy: None` without `dnsConfig` or without a nameserver; more than 3 nameservers; a \
             nameserver that is not an IP; more than 32 search domains or more than 2048 characters of them; a search \
             domain that is not a DNS name (`_` and a lone `.` are allowed, as the API server's relaxed rule \
             allows them); an option without a name.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  dnsPolicy: None
#            ^^^^ dns-config
"#,
        }
        INVALID_TOLERATION = "invalid-toleration", Error {
            mirrors: "`ValidateTolerations`",
            summary: "A toleration with an empty key and an operator other than `Exists`; an `Exists` toleration with \
             a value; an operator other than `Equal` and `Exists` (`spec.tolerations[2].operator: Unsupported value: \
             \"Like\": supported values: \"Equal\", \"Exists\"`); a key that is not a qualified name or a value that \
             is not a label value; `tolerationSeconds` without `effect: NoExecute`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  tolerations:
  - {key: gpu, operator: Like, value: "true", effect: NoSchedule}
#                        ^^^^ invalid-toleration
"#,
        }
        INVALID_AFFINITY = "invalid-affinity", Error {
            mirrors: "`validateAffinity` → `validateNodeAffinity`, `validatePodAffinityTerm`, \
             `validateMatchLabelKeysAndMismatchLabelKeys`",
            summary: "Node affinity without terms; selector operators with the wrong values (`In`/`NotIn` need \
             values, `Exists`/`DoesNotExist` take none, `Gt`/`Lt` exactly one); `matchFields` on anything but \
             `metadata.name`; weights outside 1–100; pod (anti-)affinity with an empty `topologyKey`, a namespace \
             that is not a DNS label or selector values that are not label values; `matchLabelKeys` or \
             `mismatchLabelKeys` without a `labelSelector`, a key in both, or a `matchLabelKeys` key that the \
             selector already names for a label the Pod has (the API server merges the keys into the selector).",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 0
#               ^ invalid-affinity
        preference:
          matchExpressions: [{key: disk, operator: In, values: [ssd]}]
"#,
        }
        INVALID_TOPOLOGY_SPREAD = "invalid-topology-spread", Error {
            mirrors: "`validateTopologySpreadConstraints` → `validateMatchLabelKeysAndMismatchLabelKeys`",
            summary: "`maxSkew` below 1; an empty or invalid `topologyKey`; two constraints with the same \
             `topologyKey` and `whenUnsatisfiable` (`Duplicate value: \"{zone, DoNotSchedule}\"`); `minDomains` below \
             1 or with `ScheduleAnyway`; `matchLabelKeys` without a `labelSelector`, or naming a key the selector \
             already names for a label the Pod has.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  topologySpreadConstraints:
  - maxSkew: 0
#            ^ invalid-topology-spread
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: DoNotSchedule
    labelSelector: {matchLabels: {app: web}}
"#,
        }
        FEATURE_GATED = "feature-gated", Warning {
            mirrors: "nothing: whether the API server accepts these depends on a feature gate podls cannot see",
            summary: "A field or value that only API servers with a feature gate accept: toleration operators \
             `Gt`/`Lt` (TaintTolerationComparisonOperators), the restart-rule action `RestartAllContainers` \
             (RestartAllContainersOnContainerExits), `podCertificate` projections (PodCertificateRequest), env `fileKeyRef` (EnvFiles), and a sub-path on an \
             `image` volume (Kubernetes 1.33 and later).",
            details: "Check that your cluster enables the gate.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  tolerations:
  - {key: priority, operator: Gt, value: "5", effect: NoSchedule}
#                             ^^ feature-gated
"#,
        }
    }
    "Security" {
        INVALID_SECURITY_CONTEXT = "invalid-security-context", Error {
            mirrors: "`validatePodSpecSecurityContext` (`IsValidUserID`, `IsValidGroupID`, `validateSysctls`, \
             `validateSupplementalGroupsPolicy`, `validateSELinuxChangePolicy`), `ValidateSecurityContext`, `validateSeccompAnnotationsAndFields`, \
             `ValidateAppArmorProfileField`, `validateAppArmorAnnotationsAndFieldsMatchOnCreate`, `validateHostUsers`, \
             `validateWindowsSecurityContextOptions`, `validateWindowsHostProcessPod`",
            summary: "User and group IDs outside 0–2147483647 (signed 32-bit numbers); `shareProcessNamespace` with \
             `hostPID`; sysctl names that do not match the kernel's format, repeated, or in a namespace shared with \
             the node (`net.*` with `hostNetwork`, IPC sysctls with `hostIPC`); a `supplementalGroupsPolicy` other \
             than `Merge` or `Strict`, a `seLinuxChangePolicy` other than `MountOption` or `Recursive`; a `Localhost` seccomp or AppArmor profile without `localhostProfile`, or \
             `localhostProfile` with another type, or an AppArmor one padded with spaces or longer than 4095 bytes; a \
             deprecated seccomp or AppArmor annotation that disagrees with `seccompProfile` or `appArmorProfile`; `hostUsers: false` with `hostNetwork`, `hostPID` or `hostIPC`; \
             `allowPrivilegeEscalation: false` with `privileged: true` or `CAP_SYS_ADMIN`; `procMount: Unmasked` \
             without `hostUsers: false`; Windows options that are not well formed (a `gmsaCredentialSpecName` that is \
             not a DNS subdomain, an empty or over 64 KiB `gmsaCredentialSpec`, a `runAsUserName` that is not \
             `DOMAIN\\user` within Windows' limits); HostProcess containers mixed with others, or without \
             `hostNetwork: true`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    securityContext:
      runAsUser: -1
#                ^^ invalid-security-context
"#,
        }
        WINDOWS_POD_FIELD = "windows-pod-field", Error {
            mirrors: "`validateOS` → `validateLinux`, `validateWindows`",
            summary: "With `os.name: windows`, a Linux-only security setting (`runAsUser`, `seLinuxOptions`, \
             `seccompProfile`, `capabilities`, `privileged`, …): `Forbidden: cannot be set for a windows pod`.",
            details: "With `os.name: linux`, `windowsOptions`.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    securityContext:
      runAsUser: 1000
#     ^^^^^^^^^ windows-pod-field
  os:
    name: windows
"#,
        }
    }
    "Jobs and CronJobs" {
        JOB_SPEC = "job-spec", Error {
            mirrors: "`ValidateJob` (`pkg/apis/batch/validation`)",
            summary: "A Job's spec breaks a rule of the API server's Job validation.",
            details: "Checked after the API server's defaults: the template's `restartPolicy` (defaulted to `Always`, \
             which a Job rejects: it must be `OnFailure` or `Never`, and `Never` with a `podFailurePolicy`); counts \
             and seconds that must not be negative; `completionMode` (`Indexed` needs `completions`; \
             `backoffLimitPerIndex`, `maxFailedIndexes` and `successPolicy` need `Indexed`, and their limits); \
             `successPolicy` rules and their `succeededIndexes` (as `0,2-4`, below `completions`); \
             `podReplacementPolicy` (only `Failed` with a `podFailurePolicy`); and the selector, which the API \
             server generates unless `manualSelector: true`.",
            example: r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: -1
#               ^^ job-spec
  template:
    spec:
      containers:
#     ^^^^^^^^^^ job-spec
      - name: migrate
        image: example/migrate:1.4
"#,
            fix: "`spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"` and \
             `spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0`. The quick fix sets \
             `restartPolicy: OnFailure`.",
        }
        POD_FAILURE_POLICY = "pod-failure-policy", Error {
            mirrors: "`ValidateJob` → `validatePodFailurePolicy`",
            summary: "A Job's `podFailurePolicy` has a rule the API server rejects.",
            details: "At most 20 rules; each has an `action` (`Count`, `FailIndex` (which needs \
             `backoffLimitPerIndex`), `FailJob`, `Ignore`) and exactly one of `onExitCodes` and `onPodConditions`. \
             `onExitCodes` has operator `In` or `NotIn`, one to 255 unique values in increasing order (no 0 with \
             `In`), and a `containerName`, if any, that names a container or init container of the template. \
             `onPodConditions` patterns have a qualified `type` and a `status` of `True` (the default), `False` or \
             `Unknown`.",
            example: r#"
apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  podFailurePolicy:
    rules:
    - action: FailJob
      onExitCodes:
        containerName: trainer
#                      ^^^^^^^ pod-failure-policy
        operator: In
        values: [0, 42]
#                ^ pod-failure-policy
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: train
        image: example/train:2.0
"#,
            fix: "`spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: \"trainer\": must be one \
             of the container or initContainer names in the pod template`. Name a container of the template, and \
             list only failing exit codes.",
        }
        CRON_SCHEDULE = "cron-schedule", Error {
            mirrors: "`ValidateCronJobCreate` → `validateScheduleFormat`, `validateTimeZone`",
            summary: "A CronJob's `schedule` or `timeZone` is not one the API server accepts.",
            details: "The schedule is read by the cron parser the API server uses: five fields (minute, hour, day of \
             month, month, day of week) with names, ranges, steps, `*` and `?`, or `@hourly`, `@daily`, `@weekly`, \
             `@monthly`, `@yearly` and `@every <duration>`. A `TZ` or `CRON_TZ` in it is rejected on create: the \
             zone belongs in `timeZone`, an IANA name such as `Europe/Paris`.",
            example: r#"
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "61 * * * *"
#           ^^^^^^^^^^^^ cron-schedule
  timeZone: Europe/Pariss
#           ^^^^^^^^^^^^^ cron-schedule
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: example/report:1.0
"#,
            fix: "`spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61`. The \
             parser's message says which field is wrong; a near miss of a zone is offered as a quick fix.",
        }
        CRON_JOB_SPEC = "cron-job-spec", Error {
            mirrors: "`ValidateCronJobCreate` (`pkg/apis/batch/validation`)",
            summary: "A CronJob breaks a rule of the API server's CronJob validation.",
            details: "Its name has at most 52 characters (each Job is named after it plus 11); `concurrencyPolicy` is \
             `Allow` (the default), `Forbid` or `Replace`; `startingDeadlineSeconds` and the history limits are not \
             negative; and the Job template has no `selector` and no `manualSelector: true`, because the API \
             server generates the selector of every Job it creates.",
            example: r#"
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "@daily"
  concurrencyPolicy: forbid
#                    ^^^^^^ cron-job-spec
  jobTemplate:
    spec:
      selector:
#     ^^^^^^^^ cron-job-spec
        matchLabels: {app: nightly}
      template:
        metadata:
          labels: {app: nightly}
        spec:
          restartPolicy: OnFailure
          containers:
          - name: nightly
            image: example/nightly:1.0
"#,
            fix: "``spec.jobTemplate.spec.selector: Invalid value: {...}: `selector` will be auto-generated``. \
             Remove the selector; the quick fix corrects the case of a `concurrencyPolicy`.",
        }
    }
    "Workloads" {
        WORKLOAD_SELECTOR = "workload-selector", Error {
            mirrors: "`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`, `ValidateDaemonSetSpec`, \
             `ValidateStatefulSetSpec` (`pkg/apis/apps/validation`) and `ValidateReplicationControllerSpec`",
            summary: "A Deployment, ReplicaSet, DaemonSet, StatefulSet or ReplicationController whose selector is \
             empty, malformed, or does not select its own template's labels.",
            details: "An empty selector is `Invalid value: {}: empty selector is invalid for deployment`; a \
             `matchExpressions` item needs a qualified-name `key`, a known `operator` (`In`, `NotIn`, `Exists`, \
             `DoesNotExist`), `values` for `In` and `NotIn` and none for the others, each a label value. A \
             ReplicationController without a selector selects its template's labels, so it needs one of the two.",
            example: r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: web}
#             ^^^^^^^^^^ workload-selector
    spec:
      containers:
      - name: api
        image: example/api:2.1
"#,
            fix: "`spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"api\"}: `selector` \
             does not match template `labels``. The quick fix copies the selector's `matchLabels` into the \
             template's labels when the selector has no `matchExpressions`.",
        }
        WORKLOAD_TEMPLATE = "workload-template", Error {
            mirrors: "`ValidatePodTemplateSpecForReplicaSet`, `ValidatePodTemplateSpecForStatefulSet`, \
             `ValidateDaemonSetSpec` and `ValidatePodTemplateSpecForRC`",
            summary: "A controller's Pod template with `restartPolicy: OnFailure` or `Never`, or with \
             `activeDeadlineSeconds`.",
            details: "Deployments, ReplicaSets, DaemonSets, StatefulSets and ReplicationControllers keep their Pods \
             running: `spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \
             \"Always\"`. Left out, it is defaulted to `Always`.",
            example: r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      restartPolicy: Never
#                    ^^^^^ workload-template
      containers:
      - name: api
        image: example/api:2.1
"#,
            fix: "Remove `restartPolicy` (or set `Always`) and `activeDeadlineSeconds`; use a Job for work that \
             finishes.",
        }
        WORKLOAD_COUNT = "workload-count", Error {
            mirrors: "`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`, `ValidateDaemonSetSpec`, \
             `ValidateStatefulSetSpec` (`ValidateNonnegativeField`)",
            summary: "A negative `replicas`, `minReadySeconds`, `revisionHistoryLimit`, `progressDeadlineSeconds` or \
             `ordinals.start`, or a Deployment whose `progressDeadlineSeconds` is not greater than its \
             `minReadySeconds`.",
            details: "`progressDeadlineSeconds` defaults to 600, so `minReadySeconds: 600` alone is reported too.",
            example: r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: -1
#           ^^ workload-count
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: example/api:2.1
"#,
            fix: "`spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds`.",
        }
        UPDATE_STRATEGY = "update-strategy", Error {
            mirrors: "`ValidateDeploymentStrategy`, `ValidateDaemonSetUpdateStrategy` and `ValidateStatefulSetSpec`",
            summary: "A Deployment `strategy`, DaemonSet or StatefulSet `updateStrategy` the API server rejects, \
             judged after its defaults.",
            details: "An unknown `type`; `rollingUpdate` with `Recreate` or `OnDelete`; `maxSurge` or \
             `maxUnavailable` that is negative or not a number or percentage; `maxUnavailable` over 100%; a \
             Deployment with both at 0 (they default to 25%); a DaemonSet with both non-zero or both 0 (they \
             default to `maxUnavailable: 1`, `maxSurge: 0`, so `maxSurge: 1` alone clashes); a StatefulSet \
             `maxUnavailable` of 0 or a negative `partition`.",
            example: r#"
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  updateStrategy:
    rollingUpdate:
      maxSurge: 1
#               ^ update-strategy
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: example/agent:3.0
"#,
            fix: "`spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when \
             maxUnavailable is non-zero`. Set `maxUnavailable: 0` beside `maxSurge`.",
        }
        STATEFULSET_SPEC = "statefulset-spec", Error {
            mirrors: "`ValidateStatefulSet` → `ValidateStatefulSetSpec`",
            summary: "A StatefulSet whose name is not a DNS label, or whose `podManagementPolicy` or \
             `persistentVolumeClaimRetentionPolicy` is not one the API server knows.",
            details: "The name becomes every Pod's hostname (`web-0`), so it may not contain dots. \
             `podManagementPolicy` is `OrderedReady` or `Parallel`; `whenDeleted` and `whenScaled` are `Retain` or \
             `Delete`.",
            example: r#"
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  podManagementPolicy: Ordered
#                      ^^^^^^^ statefulset-spec
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: example/db:16
"#,
            fix: "`spec.podManagementPolicy: Invalid value: \"Ordered\": must be 'OrderedReady' or 'Parallel'`.",
        }
    }
    "Lint" {
        CONTAINER_PORT_CONFLICT = "container-port-conflict", Warning {
            mirrors: NOT_MIRRORED,
            summary: "Two containers that run at the same time (regular containers and sidecars) declare the same \
             `containerPort` and protocol.",
            details: "They share one network namespace, so the second bind fails. Reported on both, each pointing \
             at the other.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports: [{containerPort: 8080}]
#                           ^^^^ container-port-conflict
  - name: metrics
    image: example.com/exporter:0.9
    ports: [{containerPort: 8080}]
#                           ^^^^ container-port-conflict
"#,
        }
        STATUS_SECTION = "status-section", Warning {
            mirrors: NOT_MIRRORED,
            summary: "A `status:` section: read-only runtime state, usually left over from `kubectl get -o yaml`.",
            details: "Quick fix: remove the section.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
status:
#^^^^^^ status-section
  phase: Running
"#,
        }
        IMAGE_LATEST = "image-latest", Warning {
            mirrors: NOT_MIRRORED,
            summary: "An image with the `:latest` tag or no tag (which means `:latest`).",
            details: "Nodes may run different versions and rollbacks cannot return to the old one. Pin a version \
             tag or a digest.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
#          ^^^^^ image-latest
"#,
        }
        MISSING_RESOURCES = "missing-resources", Information {
            mirrors: NOT_MIRRORED,
            summary: "A container (or sidecar) without resource requests or limits, in a Pod without pod-level \
             resources.",
            details: "The scheduler cannot place it by its needs and nothing bounds its memory.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
#         ^^^ missing-resources
    image: nginx:1.27
"#,
        }
        HOST_PATH_VOLUME = "host-path-volume", Information {
            mirrors: NOT_MIRRORED,
            summary: "A `hostPath` volume: it ties the Pod to one node's files and exposes the node's file system.",
            details: "Prefer `emptyDir`, a ConfigMap or a PersistentVolumeClaim.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
  volumes:
  - name: logs
    hostPath: {path: /var/log}
#   ^^^^^^^^ host-path-volume
"#,
        }
        PRIVILEGED_CONTAINER = "privileged-container", Information {
            mirrors: NOT_MIRRORED,
            summary: "`securityContext.privileged: true`: the container has every capability and the node's devices.",
            details: "Add only the capabilities it needs instead.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    securityContext:
      privileged: true
#                 ^^^^ privileged-container
"#,
        }
        COUPLED_TIERS = "coupled-tiers", Hint {
            mirrors: NOT_MIRRORED,
            summary: "A web tier and a database tier in one Pod (`wordpress` and `mysql`): a Pod is scaled and \
             rescheduled as a unit, so they belong in separate Pods joined by a Service.",
            details: "Sidecars such as proxies, log shippers and exporters are not reported.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: wordpress
    image: wordpress:6.8
  - name: mysql
    image: mysql:8.4
#          ^^^^^^^^^ coupled-tiers
"#,
        }
        COMMAND_WITH_SPACES = "command-with-spaces", Warning {
            mirrors: NOT_MIRRORED,
            summary: "`command[0]` contains spaces (`[\"python app.py\"]`): `command` is not split by a shell, so \
             this is one executable name.",
            details: "Write each argument as its own item.",
            example: r#"
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: python:3.13
    command: ["python app.py"]
#             ^^^^^^^^^^^^^^^ command-with-spaces
"#,
        }
    }
    "Settings" {
        INVALID_SETTING = "invalid-setting", Warning {
            mirrors: "nothing: podls's own settings",
            summary: "A setting podls cannot use: a key it does not have, a value of the wrong kind, or a diagnostic \
             code it does not have.",
            details: "Reported in `.podls.yaml` at the key or value, and at a code of the `podls.io/ignore` \
             annotation. The rest of the settings still apply; what is reported here changes nothing.",
            fix: "Correct the spelling (the message suggests the nearest key or code), or remove the entry. Every \
             setting is described in `docs/configuration.md`.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::analysis::{AnalysisOptions, analyze_file_with, file_diagnostics};
    use crate::model::version::{KubernetesVersion, Target};

    /// Analyses `example` for the code's target, as the page says.
    fn analyze_example(info: &CodeInfo, text: &str) -> Vec<crate::diagnostics::Diagnostic> {
        file_diagnostics(&analyze_file_with(text, &example_options(info)))
    }

    fn example_options(info: &CodeInfo) -> AnalysisOptions {
        let version = info.target.map_or(KubernetesVersion::NEWEST, |v| KubernetesVersion::parse(v).unwrap());
        AnalysisOptions { target: Target::new(version), ..AnalysisOptions::default() }
    }
    use crate::test_utils::check_filtered_with;

    #[test]
    fn the_committed_page_is_generated_from_the_registry() {
        // On failure: UPDATE_EXPECT=1 cargo test -p podls-engine registry
        expect_test::expect_file!["../../../docs/diagnostics.md"].assert_eq(&page());
    }

    #[test]
    fn every_example_reports_its_code_where_it_is_annotated() {
        // Each example is checked on its own, so one run names every example that went wrong.
        let failed: Vec<&str> = all()
            .iter()
            .filter(|info| {
                let Some(example) = info.example() else { return false };
                std::panic::catch_unwind(|| {
                    let reported = analyze_example(info, example);
                    assert!(reported.iter().any(|d| d.code == info.code), "not reported: {reported:#?}");
                    check_filtered_with(example, &example_options(info), |d| d.code == info.code);
                })
                .is_err()
            })
            .map(|info| info.code)
            .collect();
        assert!(failed.is_empty(), "the examples of {failed:?} do not report their code as annotated (see above)");
    }

    #[test]
    fn every_quick_fix_of_an_example_clears_what_it_fixes() {
        // An example is a document the fix is offered on, so each fix is applied and the code must report less.
        let mut failed = Vec::new();
        let mut tried = 0;
        for info in all() {
            let Some(example) = info.example() else { continue };
            let reported = analyze_example(info, example);
            let count = |text: &str| analyze_example(info, text).iter().filter(|d| d.code == info.code).count();
            let before = count(example);
            for fix in reported.iter().filter(|d| d.code == info.code).flat_map(|d| &d.fixes) {
                let fixed = crate::test_utils::apply_fix(example, fix);
                tried += 1;
                if count(&fixed) >= before {
                    failed.push(format!("{}: {:?}\n{fixed}", info.code, fix.title));
                }
            }
        }
        assert!(failed.is_empty(), "these fixes leave their diagnostic:\n{}", failed.join("\n"));
        assert!(tried > 0, "no example has a quick fix to apply");
    }

    #[test]
    fn codes_and_names_are_unique_and_spelled_alike() {
        let mut seen = std::collections::HashSet::new();
        for info in all() {
            assert!(seen.insert(info.code), "`{}` is declared twice", info.code);
            assert_eq!(info.name, info.code.to_ascii_uppercase().replace('-', "_"), "the constant of `{}`", info.code);
            assert!(info.summary.ends_with('.'), "the summary of `{}` is not a sentence", info.code);
            // Lint is podls's opinion; every error names what of the API server it follows.
            let lint = info.group == "Lint" || info.mirrors == NOT_MIRRORED;
            assert!(!lint || info.severity != Severity::Error, "`{}` is an error, so it mirrors something", info.code);
            assert!(info.group != "Lint" || info.mirrors == NOT_MIRRORED, "`{}` is lint", info.code);
            assert_eq!(get(info.code), Some(info));
        }
        assert_eq!(get("no-such-code"), None);
        // A group written twice would get two headings on the page.
        let mut groups: Vec<&str> = all().iter().map(|info| info.group).collect();
        groups.dedup();
        let distinct: std::collections::HashSet<&str> = groups.iter().copied().collect();
        assert_eq!(groups.len(), distinct.len(), "{groups:?}");
    }

    #[test]
    fn paragraphs_wrap_at_spaces_without_starting_a_markdown_block() {
        let words = "word ".repeat(30);
        let wrapped = wrap(&format!("{words}- not a list"));
        assert!(wrapped.lines().all(|line| line.chars().count() <= WIDTH + 2), "{wrapped}");
        assert!(wrapped.lines().all(|line| !line.starts_with("- ")), "{wrapped}");
        assert_eq!(wrap("a  b\nc"), "a b c");
        // Broken at spaces, `` `a `` would still fit on the first line.
        let long = format!("{}x `a b`", "word ".repeat(23));
        assert!(wrap(&long).ends_with("\n`a b`"), "{}", wrap(&long));
        assert!(starts_a_block("12.") && starts_a_block("#x") && !starts_a_block("0777") && !starts_a_block("1–65535"));
    }
}
