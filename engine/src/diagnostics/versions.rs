//! What the target Kubernetes version and feature gates change about a document the newest schema validated: fields
//! the target does not have yet (or any more), fields whose gate is off so the API server drops them, and values that
//! came later than their field.
//!
//! The bundled schema is the newest version's, so a field removed before it is an unknown field there. When the
//! target still has such a field, the schema's complaint is withdrawn; when it does not, the complaint says what
//! replaced the field.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, codes};
use crate::model::version::{self, FieldVersions, Gate, GateVerdict, KubernetesVersion, Target};
use crate::model::workload::PodCarrier;
use crate::schema::{SchemaView, TypeKind};
use crate::syntax::path::Path;
use crate::syntax::{Node, NodeKind};
use crate::text::TextRange;

/// Adjusts `diagnostics` (the schema's findings on the document `root`, of kind `carrier`) to `target`, and adds
/// what the target's version and gates find.
pub fn check(root: &Node, carrier: &PodCarrier, target: &Target, diagnostics: &mut Vec<Diagnostic>) {
    let Some(view) = crate::schema::schema().root(carrier.definition) else { return };
    let mut walk = Walk::new(target);
    walk.node(root, view, &Path::ROOT);
    let Walk { found, withdrawn, removed, .. } = walk;
    diagnostics.retain(|d| !(d.code == codes::UNKNOWN_FIELD && withdrawn.contains(&d.range)));
    for (range, message) in removed {
        if let Some(d) = diagnostics.iter_mut().find(|d| d.code == codes::UNKNOWN_FIELD && d.range == range) {
            d.message = message;
        }
    }
    diagnostics.extend(found);
}

/// What a document asks of a cluster: the versions that have every field and value it uses, and the gates of those.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Needs {
    /// The oldest version with every field and value the document uses.
    pub oldest: KubernetesVersion,
    /// The newest version that still has every field, when the document uses one that was removed.
    pub newest: KubernetesVersion,
    /// The gates of the fields and values it uses, by name.
    pub gates: BTreeSet<&'static str>,
}

impl Default for Needs {
    fn default() -> Self {
        Needs { oldest: KubernetesVersion::OLDEST, newest: KubernetesVersion::NEWEST, gates: BTreeSet::new() }
    }
}

impl Needs {
    /// Widens these needs by another document's.
    pub fn merge(&mut self, other: &Needs) {
        self.oldest = self.oldest.max(other.oldest);
        self.newest = self.newest.min(other.newest);
        self.gates.extend(other.gates.iter().copied());
    }

    /// The gates that are not on by default in `version`, which the cluster must turn on.
    pub fn gates_off_in(&self, version: KubernetesVersion) -> Vec<&'static Gate> {
        let target = Target::new(version);
        self.gates
            .iter()
            .filter_map(|name| version::gate(name))
            .filter(|g| target.gate_verdict(g) != GateVerdict::On)
            .collect()
    }
}

/// What the document `root`, of kind `carrier`, needs of a cluster (see [`Needs`]).
pub fn needs(root: &Node, carrier: &PodCarrier) -> Needs {
    let Some(view) = crate::schema::schema().root(carrier.definition) else { return Needs::default() };
    let target = Target::default();
    let mut walk = Walk::new(&target);
    walk.node(root, view, &Path::ROOT);
    walk.needs
}

struct Walk<'t> {
    target: &'t Target,
    found: Vec<Diagnostic>,
    /// Keys the schema called unknown that the target has.
    withdrawn: Vec<TextRange>,
    /// Keys the schema called unknown that were removed, with the message that says so.
    removed: Vec<(TextRange, String)>,
    needs: Needs,
}

impl<'t> Walk<'t> {
    fn new(target: &'t Target) -> Walk<'t> {
        Walk { target, found: Vec::new(), withdrawn: Vec::new(), removed: Vec::new(), needs: Needs::default() }
    }

    fn node(&mut self, node: &Node, view: SchemaView<'static>, path: &Path<'_>) {
        match (&node.kind, view.kind()) {
            (NodeKind::Mapping(entries), TypeKind::Object { .. }) => {
                let definition = view.definition();
                let known = definition.map(version::fields_of).unwrap_or_default();
                for entry in entries.iter().filter(|e| !e.shadowed) {
                    let Some(key) = entry.key_str() else { continue };
                    let here = path.key(key);
                    match (view.field(key), definition) {
                        (Some(child), Some(definition)) => {
                            let versions = known.get(key).unwrap_or(FieldVersions::ALWAYS);
                            if self.field(definition, key, versions, entry.key.range, &entry.value, &here) {
                                self.node(&entry.value, child, &here);
                            }
                        }
                        (Some(child), None) => self.node(&entry.value, child, &here),
                        (None, Some(definition)) => {
                            if let Some(versions) = known.get(key) {
                                self.unknown(definition, key, versions, entry.key.range, &here);
                            }
                        }
                        (None, None) => {}
                    }
                }
            }
            (NodeKind::Mapping(entries), TypeKind::Map { .. }) => {
                let Some(values) = view.values() else { return };
                for entry in entries {
                    if let Some(key) = entry.key_str() {
                        self.node(&entry.value, values, &path.subscript(key));
                    }
                }
            }
            (NodeKind::Sequence(items), TypeKind::Array { .. }) => {
                let Some(item) = view.items() else { return };
                for (i, value) in items.iter().enumerate() {
                    self.node(value, item, &path.index(i));
                }
            }
            _ => {}
        }
    }

    /// Judges the field `key` of `definition` for the target; returns whether to look inside its value.
    fn field(
        &mut self,
        definition: &str,
        key: &str,
        versions: FieldVersions,
        range: TextRange,
        value: &Node,
        path: &Path<'_>,
    ) -> bool {
        let target = self.target;
        self.needs.oldest = self.needs.oldest.max(versions.first);
        self.needs.newest = self.needs.newest.min(versions.last);
        self.needs.gates.extend(versions.gate.map(|g| g.name));
        if !versions.exists_in(target.version) {
            let message = if versions.first > target.version {
                let gate = versions
                    .gate
                    .and_then(|g| g.describe(versions.first.min(version::known_through())))
                    .map(|stage| format!(" ({stage})"))
                    .unwrap_or_default();
                format!(
                    "`{path}` needs Kubernetes {} or later{gate}; your target is {}: kubectl will reject this field",
                    versions.first, target.version
                )
            } else {
                removed_message(definition, key, versions.last, path, target)
            };
            self.found.push(Diagnostic::error(codes::FIELD_NOT_IN_VERSION, range, message));
            return false;
        }
        if let Some(gate) = versions.gate {
            let verdict = target.gate_verdict(gate);
            if verdict != GateVerdict::On {
                let why = match verdict {
                    GateVerdict::TurnedOff => "which your feature gates turn off".to_owned(),
                    _ => format!("which is off in your target {}", target.version),
                };
                let stage = gate.describe(target.version).map(|s| format!(" ({s})")).unwrap_or_default();
                let dropped =
                    version::dropped_with(gate.name).map(|d| format!(", and with it {d}")).unwrap_or_default();
                self.found.push(Diagnostic::warning(
                    codes::FEATURE_GATE_OFF,
                    range,
                    format!(
                        "`{path}` is guarded by the feature gate {}{stage}, {why}: the API server silently drops the \
                         field{dropped}",
                        gate.name
                    ),
                ));
                // Inside, a removed field the target has is still not the schema's to judge.
                return true;
            }
        }
        if let Some(written) = value.as_str() {
            self.value(definition, key, value.range, written, path);
        }
        true
    }

    /// Judges a value that came later than its field: the API server of a target without it lists what it
    /// supports (`field.NotSupported`), and the explanation says which version or gate brings the value.
    fn value(&mut self, definition: &str, key: &str, range: TextRange, written: &str, path: &Path<'_>) {
        let target = self.target;
        let later_values = version::later_values(definition, key);
        let Some(later) = later_values.iter().find(|v| v.value == written) else { return };
        self.needs.oldest = self.needs.oldest.max(later.since);
        self.needs.gates.insert(later.gate.name);
        let stage = later
            .gate
            .describe(later.since.min(version::known_through()))
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let why = if later.since > target.version {
            format!("`{written}` needs Kubernetes {} or later{stage}; your target is {}.", later.since, target.version)
        } else {
            match target.gate_verdict(later.gate) {
                GateVerdict::On => return,
                verdict => {
                    let off = if verdict == GateVerdict::TurnedOff {
                        "which your feature gates turn off".to_owned()
                    } else {
                        format!("off in your target {}", target.version)
                    };
                    let stage = later.gate.describe(target.version).map(|s| format!(" ({s})")).unwrap_or_default();
                    format!("`{written}` needs the feature gate {}{stage}, {off}.", later.gate.name)
                }
            }
        };
        let available =
            |v: &version::ValueVersions| v.since <= target.version && target.gate_verdict(v.gate) == GateVerdict::On;
        // What the target supports: the values the field came with (its known values that are not later ones),
        // and the later values the target has, listed sorted as `sets.List` does.
        let known = crate::schema::schema()
            .definition(definition)
            .and_then(|d| d.field(key))
            .and_then(SchemaView::field_ext)
            .map(|ext| ext.values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut supported: Vec<&str> = known
            .into_iter()
            .filter(|v| later_values.iter().all(|l| l.value != *v))
            .chain(later_values.iter().filter(|v| available(v)).map(|v| v.value))
            .collect();
        supported.sort_unstable();
        supported.dedup();
        let listed: Vec<String> = supported.iter().map(|v| format!("{v:?}")).collect();
        let api = if listed.is_empty() {
            format!("{path}: Unsupported value: {written:?}")
        } else {
            format!("{path}: Unsupported value: {written:?}: supported values: {}", listed.join(", "))
        };
        self.found.push(Diagnostic::error(codes::VALUE_NOT_IN_VERSION, range, format!("{api}\n{why}")));
    }

    /// A key the newest schema does not know: a removed field the target may still have.
    fn unknown(&mut self, definition: &str, key: &str, versions: FieldVersions, range: TextRange, path: &Path<'_>) {
        self.needs.oldest = self.needs.oldest.max(versions.first);
        self.needs.newest = self.needs.newest.min(versions.last);
        self.needs.gates.extend(versions.gate.map(|g| g.name));
        if versions.exists_in(self.target.version) {
            self.withdrawn.push(range);
        } else if versions.last < self.target.version {
            self.removed.push((range, removed_message(definition, key, versions.last, path, self.target)));
        }
    }
}

fn removed_message(definition: &str, key: &str, last: KubernetesVersion, path: &Path<'_>, target: &Target) -> String {
    let replacement = version::replacement(definition, key).map(|r| format!("; use {r}")).unwrap_or_default();
    format!(
        "`{path}` was removed in Kubernetes {} (the last version with it is {last}); your target is {}: kubectl will \
         reject this field{replacement}",
        last.next(),
        target.version
    )
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::codes;
    use crate::ide::analysis::AnalysisOptions;
    use crate::model::version::{KubernetesVersion, Target};
    use crate::test_utils::check_filtered_with;

    fn for_version(minor: u8) -> AnalysisOptions {
        AnalysisOptions::for_target(Target::new(KubernetesVersion::new(minor).unwrap()))
    }

    fn versions_only(d: &crate::diagnostics::Diagnostic) -> bool {
        [codes::FIELD_NOT_IN_VERSION, codes::FEATURE_GATE_OFF, codes::VALUE_NOT_IN_VERSION, codes::UNKNOWN_FIELD]
            .contains(&d.code)
    }

    const POD_RESOURCES: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  resources:\n    limits: {cpu: \"1\"}\n  containers:\n  - name: web\n    image: nginx:1.27\n";

    #[test]
    fn a_field_one_version_before_its_first_is_an_error_and_at_its_first_is_accepted_or_gated() {
        check_filtered_with(&format!("{POD_RESOURCES}#\n"), &for_version(34), versions_only);
        check_filtered_with(
            &POD_RESOURCES.replace("  resources:\n", "  resources:\n# ^^^^^^^^^ field-not-in-version: `spec.resources` needs Kubernetes 1.32 or later (alpha, off by default until 1.34); your target is 1.31: kubectl will reject this field\n"),
            &for_version(31),
            versions_only,
        );
        // At 1.32 the field exists, but its alpha gate is off by default: the API server drops it.
        check_filtered_with(
            &POD_RESOURCES.replace("  resources:\n", "  resources:\n# ^^^^^^^^^ feature-gate-off: `spec.resources` is guarded by the feature gate PodLevelResources (alpha, off by default until 1.34), which is off in your target 1.32: the API server silently drops the field, and with it the Pod-level requests and limits\n"),
            &for_version(32),
            versions_only,
        );
    }

    const IMAGE_VOLUME: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n      volumes:\n      - name: models\n        image: {reference: example.com/models:v1}\n";
    const IMAGE_KEY: &str = "        image: {reference: example.com/models:v1}\n";

    #[test]
    fn a_gate_off_by_default_drops_the_field_until_it_turns_on_by_default_or_is_turned_on() {
        let annotated =
            |message: &str| IMAGE_VOLUME.replace(IMAGE_KEY, &format!("{IMAGE_KEY}#       ^^^^^ {message}\n"));
        check_filtered_with(
            &annotated(
                "field-not-in-version: needs Kubernetes 1.31 or later (alpha, off by default until 1.35); your target is 1.30",
            ),
            &for_version(30),
            versions_only,
        );
        check_filtered_with(
            &annotated(
                "feature-gate-off: `spec.template.spec.volumes[0].image` is guarded by the feature gate ImageVolume (beta, off by default until 1.35), which is off in your target 1.34",
            ),
            &for_version(34),
            versions_only,
        );
        check_filtered_with(IMAGE_VOLUME, &for_version(35), versions_only);
        let mut turned_on = Target::new(KubernetesVersion::new(33).unwrap());
        turned_on.gates.insert("ImageVolume".into(), true);
        check_filtered_with(IMAGE_VOLUME, &AnalysisOptions::for_target(turned_on), versions_only);
        let mut turned_off = Target::default();
        turned_off.gates.insert("ImageVolume".into(), false);
        check_filtered_with(
            &annotated("feature-gate-off: which your feature gates turn off"),
            &AnalysisOptions::for_target(turned_off),
            versions_only,
        );
    }

    #[test]
    fn a_removed_field_is_accepted_while_the_target_has_it_and_names_its_replacement_after() {
        let claim = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  resourceClaims:\n  - name: gpu\n    source: {resourceClaimName: gpu}\n  containers:\n  - name: web\n    image: nginx:1.27\n";
        // 1.30: the field exists, its gate (DRA, alpha) is off by default.
        check_filtered_with(
            &claim.replace(
                "  resourceClaims:\n",
                "  resourceClaims:\n# ^^^^^^^^^^^^^^ feature-gate-off: DynamicResourceAllocation\n",
            ),
            &for_version(30),
            versions_only,
        );
        let mut on = Target::new(KubernetesVersion::new(30).unwrap());
        on.gates.insert("DynamicResourceAllocation".into(), true);
        check_filtered_with(claim, &AnalysisOptions::for_target(on), versions_only);
        check_filtered_with(
            &claim.replace("    source: {resourceClaimName: gpu}\n", "    source: {resourceClaimName: gpu}\n#   ^^^^^^ unknown-field: `spec.resourceClaims[0].source` was removed in Kubernetes 1.31 (the last version with it is 1.30); your target is 1.37: kubectl will reject this field; use `resourceClaimName`\n"),
            &AnalysisOptions::default(),
            versions_only,
        );
    }

    #[test]
    fn a_value_that_came_later_than_its_field_follows_the_target() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  tolerations:\n  - {key: gen, operator: Lt, value: \"5\"}\n";
        let line = "  - {key: gen, operator: Lt, value: \"5\"}\n";
        let annotated = |message: &str| pod.replace(line, &format!("{line}#                        ^^ {message}\n"));
        check_filtered_with(
            &annotated(
                r#"value-not-in-version: spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists""#,
            ),
            &for_version(34),
            versions_only,
        );
        check_filtered_with(
            &annotated(
                "value-not-in-version: `Lt` needs Kubernetes 1.35 or later (alpha, off by default); your target is 1.34.",
            ),
            &for_version(34),
            versions_only,
        );
        check_filtered_with(
            &annotated(
                "value-not-in-version: `Lt` needs the feature gate TaintTolerationComparisonOperators (alpha, off by default), off in your target 1.35.",
            ),
            &for_version(35),
            versions_only,
        );
        // The action the target lacks beside the one it has.
        let rules = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    restartPolicy: Never\n    restartPolicyRules:\n    - {action: RestartAllContainers, exitCodes: {operator: In, values: [42]}}\n";
        let line = "    - {action: RestartAllContainers, exitCodes: {operator: In, values: [42]}}\n";
        check_filtered_with(
            &rules.replace(line, &format!("{line}#              ^^^^^^^^^^^^^^^^^^^^ value-not-in-version: spec.containers[0].restartPolicyRules[0].action: Unsupported value: \"RestartAllContainers\": supported values: \"Restart\"\n")),
            &for_version(35),
            versions_only,
        );
        check_filtered_with(pod, &AnalysisOptions::default(), versions_only);
    }

    #[test]
    fn the_default_target_adds_nothing_to_a_manifest_with_the_newest_fields() {
        check_filtered_with(POD_RESOURCES, &AnalysisOptions::default(), versions_only);
        check_filtered_with(IMAGE_VOLUME, &AnalysisOptions::default(), versions_only);
    }

    #[test]
    fn rules_whose_verdict_changed_with_a_version_follow_the_target() {
        let of = |code: &'static str| move |d: &crate::diagnostics::Diagnostic| d.code == code;
        let env = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    env:\n    - {name: 1st var, value: x}\n";
        let line = "    - {name: 1st var, value: x}\n";
        check_filtered_with(env, &for_version(32), of(codes::INVALID_ENV_NAME));
        check_filtered_with(
            &env.replace(line, &format!("{line}#            ^^^^^^^ invalid-env-name: must not start with a digit\n")),
            &for_version(31),
            of(codes::INVALID_ENV_NAME),
        );
        let dns = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n  dnsConfig:\n    searches: [my_svc.example.com]\n";
        let line = "    searches: [my_svc.example.com]\n";
        check_filtered_with(dns, &for_version(33), of(codes::DNS_CONFIG));
        check_filtered_with(
            &dns.replace(line, &format!("{line}#              ^^^^^^^^^^^^^^^^^^ dns-config\n")),
            &for_version(32),
            of(codes::DNS_CONFIG),
        );
        let sleep = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    lifecycle:\n      preStop: {sleep: {seconds: 0}}\n";
        let line = "      preStop: {sleep: {seconds: 0}}\n";
        check_filtered_with(sleep, &for_version(33), of(codes::INVALID_HANDLER));
        check_filtered_with(
            &sleep.replace(
                line,
                &format!("{line}#                                ^ invalid-handler: must be greater than 0\n"),
            ),
            &for_version(32),
            of(codes::INVALID_HANDLER),
        );
    }

    #[test]
    fn a_document_needs_the_newest_first_version_of_its_fields_and_their_gates() {
        let needs_of = |text: &str| {
            let root = crate::syntax::parse(text).root.unwrap();
            let (carrier, _) = crate::model::workload::carrier_of(&root).unwrap();
            super::needs(&root, carrier)
        };
        let pod = needs_of(POD_RESOURCES);
        assert_eq!(pod.oldest, KubernetesVersion::new(32).unwrap());
        assert_eq!(pod.gates.iter().copied().collect::<Vec<_>>(), ["PodLevelResources"]);
        assert_eq!(pod.gates_off_in(pod.oldest).len(), 1);
        assert!(pod.gates_off_in(KubernetesVersion::new(34).unwrap()).is_empty());
        let deployment = needs_of(IMAGE_VOLUME);
        assert_eq!((deployment.oldest.minor(), deployment.newest), (31, KubernetesVersion::NEWEST));
        let plain = needs_of(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n",
        );
        assert_eq!(plain, super::Needs::default());
    }

    #[test]
    fn a_sidecar_needs_1_28_and_its_gate_until_it_is_on_by_default_in_1_29() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.34\n    restartPolicy: Always\n  containers:\n  - name: web\n    image: nginx:1.27\n";
        let line = "    restartPolicy: Always\n";
        let annotated = |message: &str| pod.replace(line, &format!("{line}#   ^^^^^^^^^^^^^ {message}\n"));
        check_filtered_with(
            &annotated(
                "field-not-in-version: needs Kubernetes 1.28 or later (alpha, off by default until 1.29); your target is 1.27",
            ),
            &for_version(27),
            versions_only,
        );
        check_filtered_with(
            &annotated(
                "feature-gate-off: SidecarContainers (alpha, off by default until 1.29), which is off in your target 1.28: the API server silently drops the field, and with it the init container's restartPolicy",
            ),
            &for_version(28),
            versions_only,
        );
        check_filtered_with(pod, &for_version(29), versions_only);
    }
}
