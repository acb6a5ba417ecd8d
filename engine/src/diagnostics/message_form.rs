//! Every error that stands for the API server's verdict is worded as the API server words it: the field path it
//! prints, then its error type, then our plain explanation
//! (`spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"; …`).
//!
//! Which codes these are comes from the registry: errors outside the groups that are not validation (`YAML and
//! documents`: YAML syntax, podls's own limits and failures, the decoding of `apiVersion`/`kind`; `Lint`: podls's
//! opinion; `Settings`: podls's own configuration), and outside the codes whose `mirrors` names the strict or JSON
//! decoding (`unknown-field`, `invalid-type`, `field-not-in-version`), whose errors the API server words as a
//! decoding failure (`strict decoding error: unknown field`, `cannot unmarshal`), not as a field error. Warnings,
//! information and hints are podls's own advice. A quantity the decoder rejects stays in: its failure is worded as
//! `ValidateResourceQuantityValue` words a bad amount.
//!
//! The documents are every registry example, every parity fixture, and [`provocations`], which give each such code
//! the examples and fixtures do not reach at least one document. The path must also be the one the API server
//! prints for the underlined field: followed through the document, it leads to the underlined node (or, for a field
//! that is required and absent, to the node that lacks it).

use std::path::Path as FsPath;

use crate::diagnostics::{Diagnostic, Severity, registry};
use crate::model::version::{KubernetesVersion, Target};
use crate::syntax::Node;
use crate::test_utils::{AnalysisOptions, analyze_file_with};
use crate::text::TextRange;

/// The error types of `field.Error`, as `ErrorType.String()` words them.
const ERROR_TYPES: &[&str] = &[
    "Invalid value",
    "Required value",
    "Forbidden",
    "Unsupported value",
    "Duplicate value",
    "Too long",
    "Too many",
    "Not found",
    "Not supported",
    "Internal error",
];

/// Groups of the registry whose codes are not the API server's validation.
const NOT_VALIDATION_GROUPS: &[&str] = &["YAML and documents", "Lint", "Settings"];

/// Whether `code` stands for an error of the API server's validation.
fn is_validation_error(code: &str) -> bool {
    registry::get(code).is_some_and(|info| {
        info.severity == Severity::Error
            && !NOT_VALIDATION_GROUPS.contains(&info.group)
            && !info.mirrors.contains("strict decoding")
            && !info.mirrors.contains("JSON decoding")
    })
}

/// One step of a field path as the API server prints it.
#[derive(Debug, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
    /// A map's key, `[memory]` in `resources.limits[memory]`.
    Subscript(&'a str),
}

/// Splits a message into its field path, its error type and the rest, if it has the API server's form.
fn api_server_form(message: &str) -> Option<(Vec<Step<'_>>, &'static str, &str)> {
    // The path ends at the first `: ` outside brackets (a subscript may hold anything but `]`).
    let mut depth = 0;
    let mut end = None;
    for (at, c) in message.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ':' if depth == 0 => {
                end = Some(at);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    let path = parse_path(message.get(..end)?)?;
    let after = message.get(end..)?.strip_prefix(": ")?;
    let error_type = ERROR_TYPES.iter().copied().find(|t| after.starts_with(t))?;
    let rest = after.get(error_type.len()..)?;
    // The API server's words end the line, or go on after `: `; our explanation starts the next line.
    let rest = if rest.is_empty() || rest.starts_with('\n') {
        ""
    } else {
        rest.strip_prefix(": ")?.lines().next().unwrap_or_default()
    };
    Some((path, error_type, rest))
}

/// `spec.containers[0].resources.limits[memory]` as steps; `None` unless it is a well-formed field path.
fn parse_path(text: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    let mut rest = text;
    let mut at_key = true;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']')?;
            let (content, after) = (inner.get(..close)?, inner.get(close + 1..)?);
            steps.push(match content.parse::<usize>() {
                Ok(index) => Step::Index(index),
                Err(_) if !content.is_empty() => Step::Subscript(content),
                Err(_) => return None,
            });
            rest = after;
            at_key = false;
            continue;
        }
        if !at_key {
            rest = rest.strip_prefix('.')?;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let key = rest.get(..end)?;
        // `{topologyKey, whenUnsatisfiable}` names a pair of fields.
        let pair = key.strip_prefix('{').and_then(|k| k.strip_suffix('}'));
        let name = |k: &str| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !pair.map_or_else(|| name(key), |p| p.split(", ").all(name)) {
            return None;
        }
        steps.push(Step::Key(key));
        rest = rest.get(end..)?;
        at_key = false;
    }
    (!steps.is_empty()).then_some(steps)
}

/// A node of the document with the stretch of text that belongs to it: a mapping entry from its key to the end of
/// its value, a sequence item from the end of the item before it (so its `-` is inside) to its end.
#[derive(Clone, Copy)]
struct Place<'n> {
    node: &'n Node,
    region: TextRange,
}

/// The places inside `place` one step down.
fn children<'n>(place: Place<'n>) -> Vec<Place<'n>> {
    if let Some(entries) = place.node.as_mapping() {
        return entries.iter().map(|e| Place { node: &e.value, region: e.range() }).collect();
    }
    let mut from = place.node.range.start;
    let mut out = Vec::new();
    for item in place.node.as_sequence().unwrap_or_default() {
        out.push(Place { node: item, region: TextRange::new(from.min(item.range.start), item.range.end) });
        from = item.range.end;
    }
    out
}

/// The place one step down `step`.
fn child<'n>(place: Place<'n>, step: &Step<'_>) -> Option<Place<'n>> {
    match step {
        Step::Key(key) | Step::Subscript(key) => {
            place.node.entry(key).map(|e| Place { node: &e.value, region: e.range() })
        }
        Step::Index(index) => children(place).into_iter().nth(*index).filter(|_| place.node.as_sequence().is_some()),
    }
}

/// Follows `path` from `root` as far as the document has it: the last place reached, and how many steps are not
/// in the document.
fn follow<'n>(root: &'n Node, path: &[Step<'_>]) -> (Place<'n>, usize) {
    let mut place = Place { node: root, region: root.range };
    for (taken, step) in path.iter().enumerate() {
        match child(place, step) {
            Some(next) => place = next,
            None => return (place, path.len() - taken),
        }
    }
    (place, 0)
}

/// Paths the API server prints that are not where the field is in the document: what of `validation.go` prints
/// them, and, given a message's path and the whole message, the length of the part of the path that is in the
/// document when the quirk applies (that part must then hold the underlined field).
type Quirk = (&'static str, fn(&str, &str) -> Option<usize>);

const QUIRKS: &[Quirk] = &[
    (
        "ValidateVolumeMounts names the list, not the mount, for subPath, subPathExpr, mountPropagation and \
         recursiveReadOnly",
        |path, _| path.find(".volumeMounts."),
    ),
    ("validateDownwardAPIVolumeFile is given the volume's path, not the item's", |path, _| {
        path.find(".downwardAPI.").filter(|at| !path.get(*at..).is_some_and(|rest| rest.contains(".items[")))
    }),
    ("ValidatePodAffinityTerm names `namespace` for an entry of `namespaces`", |path, _| {
        path.strip_suffix(".namespace").filter(|term| term.contains("ffinity")).map(str::len)
    }),
    ("validateMatchLabelKeysAndMismatchLabelKeys indexes the term, not its `matchLabelKeys`", |path, _| {
        path.find("][")
            .map(|at| at + 1)
            .or_else(|| path.find("podAffinityTerm[").map(|at| at + "podAffinityTerm".len()))
    }),
    ("the internal PodSecurityContext holds shareProcessNamespace", |path, _| {
        path.strip_suffix(".securityContext.shareProcessNamespace").map(str::len)
    }),
    ("validateTopologySpreadConstraints names the pair of fields that repeats", |path, _| path.find(".{")),
    ("validateCSIVolumeSource names a node-publish Secret's bad name `csi.name`", |path, _| {
        path.strip_suffix(".csi.name").map(|csi| csi.len() + ".csi".len())
    }),
    ("validateProjectionSources gives a service account token's path as `projected.path`", |path, _| {
        path.strip_suffix(".projected.path").map(|projected| projected.len() + ".projected".len())
    }),
    ("validateTolerations reports a value beside `Exists` at `operator`", |path, message| {
        message
            .contains("value must be empty when `operator` is 'Exists'")
            .then(|| path.strip_suffix(".operator"))?
            .map(str::len)
    }),
    (
        "validateAppArmorAnnotationsAndFieldsMatchOnCreate names the container's field when the Pod's applies",
        |path, message| {
            // The Pod's spec holds both.
            let containers =
                path.find("ontainers[").filter(|_| message.contains("apparmor type in annotation and field"))?;
            path.get(..containers)?.rfind('.')
        },
    ),
];

/// What is wrong with a diagnostic's message, if anything.
fn misfit(root: Option<&Node>, diagnostic: &Diagnostic) -> Option<String> {
    let Some((path, error_type, _)) = api_server_form(&diagnostic.message) else {
        return Some("does not start with a field path and the API server's error type".to_owned());
    };
    let root = root?;
    let text_path = diagnostic.message.split(": ").next().unwrap_or_default();
    let underlined = diagnostic.range;
    if let Some(kept) = QUIRKS.iter().find_map(|(_, applies)| applies(text_path, &diagnostic.message)) {
        // The part of the path that is in the document holds the underlined field.
        let kept = parse_path(text_path.get(..kept).unwrap_or_default()).unwrap_or_default();
        let (place, missing) = follow(root, &kept);
        return if missing > 0 {
            Some(format!("its path is not in the document ({missing} steps missing before the API server's quirk)"))
        } else if !place.region.contains_range(underlined) {
            Some("the underlined range is not within the field its path names".to_owned())
        } else {
            None
        };
    }
    let (place, missing) = follow(root, &path);
    // A `Required value` at a field that is there says something is missing from it (an empty value, a limit for
    // a request): what makes it required may be underlined beside it, in the object holding it.
    if missing == 0 && error_type == "Required value" {
        let (parent, _) = follow(root, path.split_last().map_or(&[][..], |(_, parent)| parent));
        return (!parent.region.contains_range(underlined))
            .then(|| "the underlined range is not within the object its path names".to_owned());
    }
    if !place.region.contains_range(underlined) {
        return Some("the underlined range is not within the field its path names".to_owned());
    }
    // A field that is not there is underlined at the nearest place that is: the object lacking it, or what there
    // makes it required. A path that skips levels (a Pod's path in a workload, which has it under `spec.template`)
    // finds its first missing key further down, around the underlined field.
    if let Some(Step::Key(absent)) = path.len().checked_sub(missing).and_then(|at| path.get(at))
        && keys_around(place.node, underlined).contains(absent)
    {
        return Some(format!("`{absent}` is further down than its path says, around the underlined field"));
    }
    // Where more than the last field is absent, a deeper object is another field's.
    let inside_another =
        children(place).iter().any(|c| c.node.as_scalar().is_none() && c.node.range.contains_range(underlined));
    if missing > 1 && inside_another {
        return Some(format!(
            "{missing} steps of its path are not in the document, and the underlined field is inside another"
        ));
    }
    None
}

/// The keys from `node` down to the innermost node holding `range`.
fn keys_around(mut node: &Node, range: TextRange) -> Vec<&str> {
    let mut keys = Vec::new();
    loop {
        if let Some(entry) = node.as_mapping().and_then(|es| es.iter().find(|e| e.range().contains_range(range))) {
            keys.extend(entry.key_str());
            node = &entry.value;
        } else if let Some(item) = node.as_sequence().and_then(|is| is.iter().find(|i| i.range.contains_range(range))) {
            node = item;
        } else {
            return keys;
        }
    }
}

/// Documents for what the examples and fixtures do not reach, each with the target it is checked for: codes and
/// messages they have no case of, and Pod rules inside a workload, whose paths start at its template.
fn provocations() -> Vec<(Option<&'static str>, String)> {
    let pod = |spec: &str| format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{spec}");
    let restart_all = "  containers:\n  - name: c\n    image: busybox:1.36\n    restartPolicy: Never\n    \
                       restartPolicyRules: [{action: RestartAllContainers, exitCodes: {operator: In, values: [1]}}]\n";
    vec![
        // 256 KiB of annotations.
        (
            None,
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {{a: {}}}\nspec:\n  containers: [{{name: c, image: busybox:1.36}}]\n",
                "x".repeat(256 << 10)
            ),
        ),
        // Workloads without `spec`.
        (None, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n".to_owned()),
        (None, "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\n".to_owned()),
        // Values that came later than their field, before their version and behind their gate.
        (
            Some("1.34"),
            pod(
                "  containers: [{name: c, image: busybox:1.36}]\n  tolerations: [{key: k, operator: Gt, value: \"1\"}]\n",
            ),
        ),
        (
            Some("1.35"),
            pod(
                "  containers: [{name: c, image: busybox:1.36}]\n  tolerations: [{key: k, operator: Lt, value: \"1\"}]\n",
            ),
        ),
        (Some("1.35"), pod(restart_all)),
        // Pod rules in a template.
        (
            None,
            r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata:
      labels: {app: d, "bad key!": x}
      annotations: {seccomp.security.alpha.kubernetes.io/pod: foo}
    spec:
      restartPolicy: OnFailure
      hostNetwork: true
      containers:
      - name: Web
        image: ""
        ports: [{containerPort: 80, hostPort: 81, protocol: tcp}, {containerPort: 70000, name: a_b}]
        env: [{name: "", value: x}, {name: "1A", valueFrom: {}}]
        envFrom: [{configMapRef: {name: ""}}]
        volumeMounts: [{name: missing, mountPath: /a, subPath: ../b}, {name: data, mountPath: /a}]
        resources: {requests: {cpu: "2", example.com/gpu: 1}, limits: {cpu: "1"}}
        livenessProbe: {periodSeconds: 0}
        readinessProbe: {httpGet: {port: 0}}
        securityContext: {runAsUser: -1, capabilities: {add: [""]}}
      - name: web
        image: busybox:1.36
        lifecycle: {preStop: {exec: {}}}
      initContainers:
      - {name: init, image: busybox:1.36, readinessProbe: {exec: {command: [x]}}}
      volumes:
      - {name: data, emptyDir: {}, hostPath: {path: /x}}
      - {name: data, nfs: {server: "", path: x}}
      - {name: cm, configMap: {name: c, items: [{key: "", path: /abs}], defaultMode: 01000}}
      tolerations: [{key: k, operator: Exists, value: v}, {operator: Bad}]
      dnsPolicy: None
      dnsConfig: {nameservers: [a, b, c, d]}
      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}
      topologySpreadConstraints: [{maxSkew: 0, topologyKey: "", whenUnsatisfiable: DoNotSchedule}]
      securityContext: {sysctls: [{name: "", value: "1"}], fsGroup: -5}
      activeDeadlineSeconds: 0
      priorityClassName: "NOT valid"
"#
            .to_owned(),
        ),
        // Pod and Job rules two templates down.
        (
            None,
            r#"apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: "61 * * * *"
  timeZone: Mars/Olympus
  startingDeadlineSeconds: -1
  jobTemplate:
    spec:
      completions: 2
      parallelism: -1
      completionMode: Indexed
      backoffLimitPerIndex: -1
      podFailurePolicy: {rules: [{action: Retry, onExitCodes: {operator: In, values: [0]}}]}
      template:
        spec:
          containers:
          - {name: c, image: busybox:1.36, ports: [{containerPort: 0}], env: [{name: "", value: x}]}
          volumes: [{name: v, secret: {secretName: "Bad_Name"}}]
"#
            .to_owned(),
        ),
    ]
}

fn options_for(target: Option<&str>) -> AnalysisOptions {
    let version = target.map_or(KubernetesVersion::NEWEST, |v| KubernetesVersion::parse(v).expect("a version"));
    AnalysisOptions::for_target(Target::new(version))
}

#[test]
fn every_validation_error_is_worded_as_the_api_server_words_it() {
    let mut documents: Vec<(String, AnalysisOptions, String)> = Vec::new();
    for info in registry::all() {
        if let Some(example) = info.example() {
            documents.push((format!("the example of {}", info.code), options_for(info.target), example.to_owned()));
        }
    }
    let root = FsPath::new(env!("CARGO_MANIFEST_DIR")).join("tests/parity");
    let mut files = Vec::new();
    super::parity::fixtures(&root, &mut files);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a fixture is UTF-8");
        let name = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        documents.push((name, AnalysisOptions::default(), text));
    }
    for (number, (target, text)) in provocations().into_iter().enumerate() {
        documents.push((format!("provocation {number}"), options_for(target), text));
    }

    let mut reached = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for (name, options, text) in &documents {
        for document in analyze_file_with(text, options) {
            let root = document.analysis.parse.root.as_ref();
            for diagnostic in document.analysis.diagnostics.iter().filter(|d| is_validation_error(d.code)) {
                reached.insert(diagnostic.code);
                if let Some(why) = misfit(root, diagnostic) {
                    let underlined = text
                        .get(diagnostic.range.shift(document.range.start).as_range())
                        .unwrap_or_default()
                        .lines()
                        .next()
                        .unwrap_or_default();
                    failures.push(format!(
                        "{name}: {} at {underlined:?}: {why}\n    {}",
                        diagnostic.code, diagnostic.message
                    ));
                }
            }
        }
    }
    let unreached: Vec<&str> = registry::all()
        .iter()
        .map(|info| info.code)
        .filter(|c| is_validation_error(c) && !reached.contains(c))
        .collect();
    failures.sort();
    failures.dedup();
    assert!(
        unreached.is_empty() && failures.is_empty(),
        "no document provokes {unreached:?} (add a document to `provocations`); {} messages are not in the API server's form:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_form_is_read_as_the_api_server_writes_it() {
    let (path, error_type, rest) =
        api_server_form(r#"spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP""#)
            .expect("the form");
    assert_eq!(
        path,
        [
            Step::Key("spec"),
            Step::Key("containers"),
            Step::Index(0),
            Step::Key("ports"),
            Step::Index(0),
            Step::Key("protocol")
        ]
    );
    assert_eq!((error_type, rest), ("Unsupported value", r#""tcp": supported values: "TCP""#));
    let (path, error_type, rest) =
        api_server_form("spec.containers[0].resources.limits[memory]: Required value").unwrap();
    assert_eq!(path.last(), Some(&Step::Subscript("memory")));
    assert_eq!((error_type, rest), ("Required value", ""));
    for wrong in [
        "containers[0].image is empty",
        "spec.containers[0].image: must be set",
        "spec.containers[0].image: Required valueless",
        "spec..image: Required value",
        "spec.containers[]: Required value",
        ": Required value",
    ] {
        assert!(api_server_form(wrong).is_none(), "{wrong}");
    }
}

#[test]
fn a_path_is_held_to_the_document_and_the_underlined_field() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: \"\"\n";
    let root = crate::syntax::parse(text).root.expect("a tree");
    let image = TextRange::new(text.find("\"\"").unwrap(), text.find("\"\"").unwrap() + 2);
    let name = TextRange::new(text.find("web").unwrap(), text.find("web").unwrap() + 3);
    let at = |range, message: &str| misfit(Some(&root), &Diagnostic::error("missing-image", range, message));
    assert_eq!(at(image, "spec.template.spec.containers[0].image: Required value\nwhy"), None);
    // A Pod's path, without the template.
    assert!(at(image, "spec.containers[0].image: Required value").is_some());
    // Another field's path.
    assert!(at(image, "spec.template.spec.containers[0].name: Invalid value: \"web\"").is_some());
    assert_eq!(at(name, "spec.template.spec.containers[0].name: Invalid value: \"web\""), None);
    // An absent field is underlined where it would be.
    assert_eq!(at(name, "spec.template.spec.containers[0].command: Required value"), None);
    assert!(at(name, "spec.template.spec.initContainers[0].command: Required value").is_some());
    // Not the API server's words.
    assert!(at(image, "spec.template.spec.containers[0].image: must be set").is_some());
}
