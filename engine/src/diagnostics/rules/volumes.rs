//! Volumes and the places that use them: names, exactly one source, per-source rules, volume mounts and devices
//! (`ValidateVolumes`, `validateVolumeSource`, `validateProjectionSources`, `ValidateVolumeMounts`,
//! `ValidateVolumeDevices`).

use std::collections::HashSet;

use super::{
    ContainerKind, ContainerRef, Ctx, Path, Unique, codes, edits, entries, forbidden, invalid, is_set, items,
    not_found, quote, required, tables,
};
use crate::diagnostics::{Fix, Related, Severity};
use crate::model::format::{self, join};
use crate::model::quantity::Quantity;
use crate::syntax::{Entry, Node};
use crate::text::TextRange;

/// A volume of the Pod: its name and the one source it has (if exactly one).
struct Volume<'a> {
    name: &'a str,
    name_range: TextRange,
    source: Option<&'a str>,
}

/// The Pod's volumes, and the first of each name, which mounts and devices refer to.
struct Volumes<'a> {
    list: Vec<Volume<'a>>,
    by_name: Unique<&'a str, usize>,
}

impl<'a> Volumes<'a> {
    fn new(list: Vec<Volume<'a>>) -> Self {
        let by_name = list.iter().enumerate().map(|(index, v)| (v.name, index)).collect();
        Volumes { list, by_name }
    }

    fn named(&self, name: &str) -> Option<&Volume<'a>> {
        self.list.get(self.by_name.get(name)?)
    }
}

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let volumes = Volumes::new(check_volumes(cx));
    let containers = cx.containers.clone();
    for c in &containers {
        check_mounts(cx, c, &volumes);
        check_devices(cx, c, &volumes);
    }
}

fn check_volumes<'a>(cx: &mut Ctx<'a>) -> Vec<Volume<'a>> {
    let mut out: Vec<Volume<'a>> = Vec::new();
    let spec_path = cx.base.key("spec");
    let list_path = spec_path.key("volumes");
    let pod_name = cx.root.get("metadata").and_then(|m| m.get("name")).and_then(Node::as_str);
    let list = items(cx.spec_field("volumes"));
    for (i, volume) in list.iter().enumerate() {
        if volume.as_mapping().is_none() {
            continue;
        }
        let path = list_path.index(i);
        let name = volume.get("name").and_then(Node::as_str);
        if let Some(name) = name {
            let node = volume.get("name").expect("read");
            if name.is_empty() {
                cx.error(
                    codes::INVALID_VOLUME_NAME,
                    node.range,
                    required(&path.key("name"), ""),
                    "Every volume needs a name.",
                );
            } else {
                cx.check_format(
                    codes::INVALID_VOLUME_NAME,
                    node.range,
                    &path.key("name"),
                    name,
                    format::dns1123_label,
                    "Volume names are lowercase DNS labels: letters, digits and '-', at most 63 characters.",
                );
            }
        }
        let source = check_source_count(cx, volume, &path);
        if let Some(source) = source {
            tables::check_source_fields(cx, volume, &path, source);
            let entry = volume.entry(source).expect("found");
            let name_node = volume.get("name").filter(|n| n.as_str().is_some());
            check_source(cx, source, entry, &path, name_node, pod_name, list);
        }
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            let range = volume.get("name").expect("read").range;
            out.push(Volume { name, name_range: range, source });
        }
    }
    tables::check_unique(cx, &tables::VOLUME_NAMES);
    out
}

/// At most one source per volume; returns it. The API server takes the first source in its visiting order and
/// forbids the others, under its own names for two of them.
fn check_source_count<'a>(cx: &mut Ctx<'_>, volume: &'a Node, path: &Path<'_>) -> Option<&'a str> {
    let chosen = tables::VOLUME_SOURCE.chosen(volume);
    for extra in chosen.iter().skip(1) {
        let Some(source) = extra.key_str() else { continue };
        let named = match source {
            "cephfs" => "cephFS",
            "downwardAPI" => "downwarAPI",
            other => other,
        };
        cx.error(
            codes::VOLUME_SOURCE,
            extra.key.range,
            forbidden(&path.key(named), "may not specify more than 1 volume type"),
            "A volume has exactly one source; split this into two volumes.",
        );
    }
    // No source at all is no error: v1 defaulting (`SetDefaults_Volume`) makes it `emptyDir: {}`, and so it makes a
    // source written as null (`emptyDir:` with nothing after it), which `chosen` leaves out.
    chosen.first().and_then(|e| e.key_str())
}

#[allow(clippy::too_many_arguments)]
fn check_source(
    cx: &mut Ctx<'_>,
    source: &str,
    entry: &Entry,
    volume_path: &Path<'_>,
    name_node: Option<&Node>,
    pod_name: Option<&str>,
    volumes: &[Node],
) {
    let volume_name = name_node.and_then(Node::as_str);
    // Errors about the volume's name point at it.
    let name_range = name_node.map_or(entry.key.range, |n| n.range);
    let path = &volume_path.key(source);
    let node = &entry.value;
    if node.as_mapping().is_none() {
        return;
    }
    match source {
        "secret" | "configMap" => {
            let name_key = if source == "secret" { "secretName" } else { "name" };
            if !is_set(node.get(name_key)) && node.get(name_key).is_none_or(|n| n.as_str().is_some() || n.is_null()) {
                let range = node.get(name_key).filter(|n| !n.range.is_empty()).map_or(entry.key.range, |n| n.range);
                let what = if source == "secret" { "Secret" } else { "ConfigMap" };
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    range,
                    required(&path.key(name_key), ""),
                    &format!("Name the {what} to mount with `{name_key}`."),
                );
            }
        }
        "downwardAPI" => check_downward_items(cx, node, path),
        "csi" => {
            if let Some((driver, n)) = super::string_field(node, "driver").filter(|(d, _)| d.len() > 63) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    n.range,
                    format!("{}: Too long: may not be more than 63 bytes", path.key("driver")),
                    &format!("CSI driver names have at most 63 characters; this one has {}.", driver.len()),
                );
            }
            let secret = node.get("nodePublishSecretRef").filter(|r| r.as_mapping().is_some());
            if let Some((name, n)) = secret.and_then(|r| super::string_field(r, "name")).filter(|(s, _)| !s.is_empty())
            {
                // The API server names the Secret's name `csi.name`.
                cx.check_format(
                    codes::INVALID_VOLUME_SOURCE,
                    n.range,
                    &path.key("name"),
                    name,
                    format::dns1123_subdomain,
                    "Secret names are lowercase DNS subdomains.",
                );
            }
        }
        "projected" => check_projected(cx, node, path),
        "persistentVolumeClaim" => {
            if let Some((claim, n)) = super::string_field(node, "claimName").filter(|(c, _)| !c.is_empty())
                && let Some(pod) = pod_name
            {
                let ephemeral = volumes.iter().find(|v| {
                    v.get("ephemeral").is_some_and(|e| !e.is_null())
                        && v.get("name").and_then(Node::as_str).is_some_and(|vn| format!("{pod}-{vn}") == claim)
                });
                if ephemeral.is_some() && volume_name.is_some() {
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        n.range,
                        invalid(
                            &path.key("claimName"),
                            &quote(claim),
                            "must not reference a PVC that gets created for an ephemeral volume",
                        ),
                        "That claim belongs to an ephemeral volume of this Pod; mount the ephemeral volume instead.",
                    );
                }
            }
        }
        "ephemeral" => {
            if node.get("volumeClaimTemplate").is_none_or(Node::is_null) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("volumeClaimTemplate"), ""),
                    "An ephemeral volume is described by a `volumeClaimTemplate`.",
                );
            }
            if let (Some(pod), Some(volume)) = (pod_name, volume_name.filter(|v| !v.is_empty())) {
                let generated = format!("{pod}-{volume}");
                let errs = format::dns1123_subdomain(&generated);
                if !errs.is_empty() && format::dns1123_subdomain(pod).is_empty() {
                    // The API server names the volume's name, the half of the claim's name the volume chooses.
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        name_range,
                        invalid(
                            &volume_path.key("name"),
                            &quote(volume),
                            &format!("PVC name {}: {}", quote(&generated), join(&errs)),
                        ),
                        "The claim is named `<pod name>-<volume name>`, which must be a DNS subdomain of at most 253 characters.",
                    );
                }
            }
            if let Some(template) = node.get("volumeClaimTemplate").filter(|t| t.as_mapping().is_some()) {
                check_claim_template(cx, template, &path.key("volumeClaimTemplate"));
            }
        }
        "iscsi" => {
            for key in ["iqn", "initiatorName"] {
                let Some((iqn, n)) = super::string_field(node, key).filter(|(s, _)| !s.is_empty()) else { continue };
                let detail = if !["iqn", "eui", "naa"].iter().any(|p| iqn.starts_with(p)) {
                    Some("must be valid format starting with iqn, eui, or naa")
                } else if !is_iscsi_name(iqn) {
                    Some("must be valid format")
                } else {
                    None
                };
                if let Some(detail) = detail {
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        n.range,
                        invalid(&path.key(if key == "iqn" { "iqn" } else { "initiatorname" }), &quote(iqn), detail),
                        "iSCSI names look like `iqn.2001-04.com.example:storage`, `eui.` + 16 letters or digits, or `naa.` + 32.",
                    );
                }
            }
            let portal = node.get("targetPortal").and_then(Node::as_str).unwrap_or_default();
            if let (Some(initiator), Some(volume)) = (node.entry("initiatorName"), volume_name)
                && !initiator.value.is_null()
                && volume.len() + 1 + portal.len() > 64
            {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    name_range,
                    invalid(
                        &volume_path.key("name"),
                        &quote(volume),
                        "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.",
                    ),
                    "The initiator's session is named after the volume and the portal; shorten one of them.",
                );
            }
            let chap = ["chapAuthDiscovery", "chapAuthSession"]
                .iter()
                .any(|k| node.get(k).and_then(Node::as_bool) == Some(true));
            if chap && node.get("secretRef").is_none_or(Node::is_null) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("secretRef"), ""),
                    "CHAP authentication reads its credentials from `secretRef`.",
                );
            }
        }
        "fc" => {
            let wwns = items(node.get("targetWWNs")).len();
            let wwids = items(node.get("wwids")).len();
            if wwns == 0 && wwids == 0 {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("targetWWNs"), "must specify either targetWWNs or wwids, but not both"),
                    "A Fibre Channel volume is found by its target WWNs (with a `lun`) or by its WWIDs.",
                );
            } else if wwns != 0 && wwids != 0 {
                let range = node.entry("targetWWNs").map_or(entry.key.range, |e| e.key.range);
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    range,
                    invalid(
                        &path.key("targetWWNs"),
                        &super::show_list(node.get("targetWWNs")),
                        "targetWWNs and wwids can not be specified simultaneously",
                    ),
                    "Use target WWNs with a `lun`, or WWIDs, not both.",
                );
            }
            if wwns != 0
                && let Some(lun) = node.get("lun")
            {
                tables::check_range(cx, codes::INVALID_VOLUME_SOURCE, lun, &path.key("lun"), tables::LUN);
            }
            if wwns != 0 && node.get("lun").is_none_or(Node::is_null) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("lun"), "lun is required if targetWWNs is specified"),
                    "With target WWNs, say which logical unit to use.",
                );
            }
        }
        "rbd" | "cephfs" => {
            if let Some(monitors) = node.get("monitors").filter(|m| m.as_sequence().is_some_and(<[Node]>::is_empty)) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    monitors.range,
                    required(&path.key("monitors"), ""),
                    "List the Ceph monitors to connect to.",
                );
            }
        }
        "flocker" => check_flocker(cx, entry, path),
        "quobyte" => check_quobyte(cx, node, path),
        "flexVolume" => {
            let options = path.key("options");
            for e in entries(node.get("options")) {
                let Some(key) = e.key_str() else { continue };
                // The option's namespace is the part before '/', or the whole key.
                let namespace = key.split_once('/').map_or(key, |(ns, _)| ns);
                let normalized = format!(".{}", namespace.to_ascii_lowercase());
                let reserved = normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io");
                if reserved {
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        e.key.range,
                        invalid(
                            &options.subscript(key),
                            &quote(key),
                            "kubernetes.io and k8s.io namespaces are reserved",
                        ),
                        "Flex volume options may not use the Kubernetes namespaces; they are set by the system.",
                    );
                }
            }
        }
        _ => {}
    }
}

/// `ValidatePersistentVolumeClaimTemplate`: metadata of labels and annotations alone, and a claim spec.
fn check_claim_template(cx: &mut Ctx<'_>, template: &Node, path: &Path<'_>) {
    let meta_path = path.key("metadata");
    if let Some(meta) = template.get("metadata") {
        super::metadata::check_labels(cx, meta.get("labels"), &meta_path.key("labels"));
        let annotations_path = meta_path.key("annotations");
        for e in entries(meta.get("annotations")) {
            let Some(key) = e.key_str() else { continue };
            cx.check_format(
                codes::INVALID_ANNOTATION,
                e.key.range,
                &annotations_path,
                &key.to_ascii_lowercase(),
                format::qualified_name,
                "Annotation keys are `[prefix/]name`, like label keys.",
            );
        }
        for e in entries(Some(meta)) {
            let Some(key) = e.key_str() else { continue };
            // Only fields set to something other than their zero value count, as the API server compares them.
            if matches!(key, "labels" | "annotations") || is_zero(&e.value) {
                continue;
            }
            // The API server names the field after its Go name, `UID` as `uID`.
            let named = if key == "uid" { "uID" } else { key };
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                e.key.range,
                forbidden(&meta_path.key(named), "cannot be set"),
                "The claim template's metadata may set only labels and annotations.",
            );
        }
    }
    let spec_path = path.key("spec");
    let Some(spec_entry) = template.entry("spec").filter(|e| e.value.as_mapping().is_some()) else { return };
    check_claim_spec(cx, spec_entry, &spec_path);
}

/// A YAML value that decodes to its Go field's zero value.
fn is_zero(node: &Node) -> bool {
    node.is_null()
        || node.as_str() == Some("")
        || node.as_bool() == Some(false)
        || super::int64(node) == Some(0)
        || node.as_sequence().is_some_and(<[Node]>::is_empty)
        || node.as_mapping().is_some_and(|m| m.is_empty())
}

/// `ValidatePersistentVolumeClaimSpec`, for a claim that a template describes. (Unsupported access and volume
/// modes are the schema's.)
fn check_claim_spec(cx: &mut Ctx<'_>, spec_entry: &Entry, path: &Path<'_>) {
    let spec = &spec_entry.value;
    let modes: Vec<&str> = items(spec.get("accessModes")).iter().filter_map(Node::as_str).collect();
    let modes_path = path.key("accessModes");
    if items(spec.get("accessModes")).is_empty() {
        let range = spec.entry("accessModes").map_or(spec_entry.key.range, |e| e.key.range);
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            range,
            required(&modes_path, "at least 1 access mode is required"),
            "Say how the volume is mounted: `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany` or `ReadWriteOncePod`.",
        );
    }
    let known = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"];
    if modes.contains(&"ReadWriteOncePod") && modes.iter().any(|m| known.contains(m)) {
        let range = spec.entry("accessModes").map_or(spec_entry.key.range, |e| e.key.range);
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            range,
            forbidden(&modes_path, "may not use ReadWriteOncePod with other access modes"),
            "`ReadWriteOncePod` stands alone: one Pod has the volume.",
        );
    }
    // The API server names the request `resources[storage]`, without `requests`.
    let resources_path = path.key("resources");
    let storage_path = resources_path.subscript("storage");
    let storage = spec.get("resources").and_then(|r| r.get("requests")).and_then(|r| r.get("storage"));
    match storage.filter(|s| !s.is_null()) {
        None => {
            let range = spec.entry("resources").map_or(spec_entry.key.range, |e| e.key.range);
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                range,
                required(&storage_path, ""),
                "Request the claim's size with `resources.requests.storage`, such as `1Gi`.",
            );
        }
        Some(node) => {
            // A value that is no quantity at all is reported with the other quantities (`resources`).
            if let Some(q) = super::quantity_text(node).and_then(|t| Quantity::parse(&t).ok())
                && (q.is_zero() || q.is_negative())
            {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    node.range,
                    invalid(&storage_path, &quote(&q.canonical()), "must be greater than zero"),
                    "A claim requests a positive size.",
                );
            }
        }
    }
    for key in ["storageClassName", "volumeAttributesClassName"] {
        if let Some((class, n)) = super::string_field(spec, key).filter(|(c, _)| !c.is_empty()) {
            cx.check_format(
                codes::INVALID_VOLUME_SOURCE,
                n.range,
                &path.key(key),
                class,
                format::dns1123_subdomain,
                "Class names are lowercase DNS subdomains.",
            );
        }
    }
    let data_source = spec.get("dataSource").filter(|d| d.as_mapping().is_some());
    let data_source_ref = spec.get("dataSourceRef").filter(|d| d.as_mapping().is_some());
    for (key, source) in [("dataSource", data_source), ("dataSourceRef", data_source_ref)] {
        let Some(source) = source else { continue };
        check_claim_data_source(cx, source, &path.key(key));
    }
    if let (Some(source), Some(source_ref)) = (data_source, data_source_ref) {
        let field = |n: &Node, k: &str| n.get(k).and_then(Node::as_str).unwrap_or_default().to_owned();
        let group = |n: &Node| n.get("apiGroup").filter(|g| !g.is_null()).and_then(Node::as_str).map(str::to_owned);
        let range = spec.entry("dataSourceRef").map_or(spec_entry.key.range, |e| e.key.range);
        let source_path = path.key("dataSource");
        if source_ref.get("namespace").and_then(Node::as_str).is_some_and(|n| !n.is_empty()) {
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                range,
                invalid(
                    path,
                    &quote(&source_path.to_string()),
                    "may not be specified when dataSourceRef.namespace is specified",
                ),
                "A data source in another namespace is named by `dataSourceRef` alone.",
            );
        } else if group(source) != group(source_ref)
            || field(source, "kind") != field(source_ref, "kind")
            || field(source, "name") != field(source_ref, "name")
        {
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                range,
                invalid(path, &quote(&source_path.to_string()), "must match dataSourceRef"),
                "Set `dataSourceRef` alone, or both to the same object.",
            );
        }
    }
}

/// `validateDataSource` and `validateDataSourceRef`: a kind and a name, a valid API group, and a core kind that is
/// a PersistentVolumeClaim.
fn check_claim_data_source(cx: &mut Ctx<'_>, source: &Node, path: &Path<'_>) {
    for key in ["name", "kind"] {
        if let Some((_, n)) = super::string_field(source, key).filter(|(v, _)| v.is_empty()) {
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                n.range,
                required(&path.key(key), ""),
                "Name the object the volume is filled from.",
            );
        }
    }
    let group = super::string_field(source, "apiGroup").filter(|(g, _)| !g.is_empty());
    match group {
        Some((group, n)) => {
            cx.check_format(
                codes::INVALID_VOLUME_SOURCE,
                n.range,
                &path.key("apiGroup"),
                group,
                format::dns1123_subdomain,
                "API groups are DNS subdomains, such as `snapshot.storage.k8s.io`.",
            );
        }
        None => {
            if let Some((kind, n)) = super::string_field(source, "kind").filter(|(k, _)| *k != "PersistentVolumeClaim")
            {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    n.range,
                    invalid(path, &quote(kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"),
                    "Without an `apiGroup`, the source is a core object, and the only core source is a PersistentVolumeClaim.",
                );
            }
        }
    }
    if let Some((namespace, n)) = super::string_field(source, "namespace").filter(|(ns, _)| !ns.is_empty()) {
        cx.check_format(
            codes::INVALID_VOLUME_SOURCE,
            n.range,
            &path.key("namespace"),
            namespace,
            format::dns1123_label,
            "A namespace name is a lowercase DNS label.",
        );
    }
}

/// `validateFlockerVolumeSource`: a dataset by name or by UUID, not both, and a name without '/'.
fn check_flocker(cx: &mut Ctx<'_>, entry: &Entry, path: &Path<'_>) {
    let node = &entry.value;
    let name = super::string_field(node, "datasetName").filter(|(n, _)| !n.is_empty());
    let uuid = super::string_field(node, "datasetUUID").filter(|(u, _)| !u.is_empty());
    let why = "A Flocker volume names its dataset by `datasetName` or by `datasetUUID`.";
    match (name, uuid) {
        (None, None) => {
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                entry.key.range,
                required(path, "one of datasetName and datasetUUID is required"),
                why,
            );
        }
        (Some(_), Some(_)) => {
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                entry.key.range,
                invalid(path, "\"resource\"", "datasetName and datasetUUID can not be specified simultaneously"),
                why,
            );
        }
        _ => {}
    }
    if let Some((name, n)) = name.filter(|(n, _)| n.contains('/')) {
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            n.range,
            invalid(&path.key("datasetName"), &quote(name), "must not contain '/'"),
            "Flocker dataset names have no '/'.",
        );
    }
}

/// `validateQuobyteVolumeSource`: a registry of `host:port` pairs, and a tenant of at most 64 characters (reported
/// as missing, in the API server's words, and only when a registry is given).
fn check_quobyte(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    const PAIRS: &str = "must be a host:port pair or multiple pairs separated by commas";
    let Some((registry, n)) = super::string_field(node, "registry") else { return };
    let tenant = super::string_field(node, "tenant").filter(|(t, _)| t.len() >= 65);
    if registry.is_empty() {
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            n.range,
            required(&path.key("registry"), PAIRS),
            "Give the Quobyte registry as `host:port`.",
        );
    } else if let Some((_, t)) = tenant {
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            t.range,
            required(&path.key("tenant"), "must be a UUID and may not exceed a length of 64 characters"),
            "The tenant is a UUID.",
        );
    } else {
        for pair in registry.split(',').filter(|p| !is_host_port(p)) {
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                n.range,
                invalid(&path.key("registry"), &quote(registry), PAIRS),
                &format!("{} is not `host:port`.", quote(pair)),
            );
        }
    }
}

/// Whether `net.SplitHostPort` accepts `pair`: `host:port` or `[host]:port`, one colon outside brackets. (Neither
/// part is judged further.)
fn is_host_port(pair: &str) -> bool {
    if let Some(rest) = pair.strip_prefix('[') {
        let Some((host, port)) = rest.split_once(']') else { return false };
        return !host.contains(['[', ']']) && port.strip_prefix(':').is_some_and(|p| !p.contains([':', '[', ']']));
    }
    let Some((host, port)) = pair.rsplit_once(':') else { return false };
    !host.contains([':', '[', ']']) && !port.contains(['[', ']'])
}

/// The API server names each item's fields on the source, without the item's index (`downwardAPI.path`).
fn check_downward_items(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    for item in items(node.get("items")) {
        if item.as_mapping().is_none() {
            continue;
        }
        tables::check_downward_file(cx, item, path);
        let field_ref = item.get("fieldRef").filter(|n| n.as_mapping().is_some());
        let resource_ref = item.get("resourceFieldRef").filter(|n| n.as_mapping().is_some());
        if field_ref.is_some() && resource_ref.is_some() {
            let key = item.entry("resourceFieldRef").expect("present").key.range;
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                key,
                invalid(path, "\"resource\"", "fieldRef and resourceFieldRef can not be specified simultaneously"),
                "Each file exposes one Pod field or one resource.",
            );
        }
        if field_ref.is_none() && resource_ref.is_none() {
            let range = entries(Some(item)).first().map_or(item.range, |e| e.key.range);
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                range,
                required(path, "one of fieldRef and resourceFieldRef is required"),
                "Each file exposes a Pod field (`fieldRef`) or a container's resource (`resourceFieldRef`).",
            );
        }
        if let Some(field_ref) = field_ref {
            super::env::check_field_ref(cx, field_ref, &path.key("fieldRef"), super::env::VOLUME_FIELD_PATHS);
        }
        if let Some(resource_ref) = resource_ref {
            super::env::check_resource_field_ref(cx, resource_ref, &path.key("resourceFieldRef"), true);
        }
    }
}

fn check_projected(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    let path_of_projected = path;
    let sources_path = path.key("sources");
    let mut paths = Unique::new();
    let service_account = cx.spec_field("serviceAccountName").and_then(Node::as_str).is_some_and(|s| !s.is_empty())
        || cx.spec_field("serviceAccount").and_then(Node::as_str).is_some_and(|s| !s.is_empty());
    for (i, source) in items(node.get("sources")).iter().enumerate() {
        if source.as_mapping().is_none() {
            continue;
        }
        let path = sources_path.index(i);
        // The API server judges every projection of a source, then forbids a second one on the source itself.
        let chosen = tables::PROJECTION.chosen(source);
        if let Some(second) = chosen.get(1) {
            cx.error(
                codes::VOLUME_SOURCE,
                second.key.range,
                forbidden(&path, "may not specify more than 1 volume type per source"),
                "Each entry of `sources` projects one thing; split this into two entries.",
            );
        }
        for entry in chosen {
            let Some(kind) = entry.key_str() else {
                continue;
            };
            tables::check_source_fields(cx, source, &path, kind);
            let src_path = path.key(kind);
            let value = &entry.value;
            match kind {
                "secret" | "configMap" => {
                    if !is_set(value.get("name"))
                        && value.get("name").is_none_or(|n| n.as_str().is_some() || n.is_null())
                    {
                        cx.error(
                            codes::INVALID_VOLUME_SOURCE,
                            entry.key.range,
                            required(&src_path.key("name"), ""),
                            "Name the ConfigMap or Secret to project.",
                        );
                    }
                    collect_item_paths(value, true, &mut paths, cx, path_of_projected);
                }
                "downwardAPI" => {
                    check_downward_items(cx, value, &src_path);
                    collect_item_paths(value, false, &mut paths, cx, path_of_projected);
                }
                "serviceAccountToken" => {
                    if let Some(exp) = value.get("expirationSeconds")
                        && let Some(n) = super::int64(exp)
                    {
                        let detail = if n < 600 {
                            Some("may not specify a duration less than 10 minutes")
                        } else if n > 1 << 32 {
                            Some("may not specify a duration larger than 2^32 seconds")
                        } else {
                            None
                        };
                        if let Some(detail) = detail {
                            cx.error(
                                codes::INVALID_VOLUME_SOURCE,
                                exp.range,
                                invalid(&src_path.key("expirationSeconds"), &n.to_string(), detail),
                                "Token lifetimes range from 600 seconds (10 minutes) to 2^32 seconds.",
                            );
                        }
                    }
                    // The API server names the token's path on the projected volume itself, and does not count
                    // it among the paths that must not repeat.
                    if let Some(n) = value.get("path") {
                        tables::check_file_path(cx, n, &path_of_projected.key("path"));
                    }
                    if !service_account {
                        cx.report(
                            Severity::Hint,
                            codes::TOKEN_WITHOUT_SERVICE_ACCOUNT,
                            entry.key.range,
                            format!("{}: the token is for the \"default\" service account", src_path),
                            "No `serviceAccountName` is set, so admission assigns `default`; set it to project another account's token.",
                        );
                    }
                }
                "clusterTrustBundle" => {
                    if is_set(value.get("name")) && is_set(value.get("signerName")) {
                        let range = value.entry("signerName").expect("set").key.range;
                        cx.error(
                            codes::INVALID_VOLUME_SOURCE,
                            range,
                            invalid(
                                &src_path,
                                &quote(value.get("signerName").and_then(Node::as_str).unwrap_or_default()),
                                "only one of name and signerName may be used",
                            ),
                            "Pick one trust bundle by `name`, or all bundles of a signer by `signerName`.",
                        );
                    } else if !is_set(value.get("name")) && !is_set(value.get("signerName")) {
                        cx.error(
                            codes::INVALID_VOLUME_SOURCE,
                            entry.key.range,
                            required(&src_path, "either name or signerName must be specified"),
                            "Pick one trust bundle by `name`, or all bundles of a signer by `signerName`.",
                        );
                    }
                    if let Some((p, n)) = super::string_field(value, "path") {
                        push_path(cx, &mut paths, p, n.range, path_of_projected, p);
                    }
                }
                "podCertificate" => {
                    cx.report(
                        Severity::Warning,
                        codes::FEATURE_GATED,
                        entry.key.range,
                        format!("{}: requires the PodCertificateRequest feature gate", src_path),
                        "API servers without the gate reject `podCertificate` projections; check your cluster version.",
                    );
                }
                _ => {}
            }
        }
    }
}

/// Records the paths of a projection's items. The API server shows a repeat with the ConfigMap's or Secret's name,
/// and a downward API file's repeat with its path.
fn collect_item_paths(
    source: &Node,
    named: bool,
    paths: &mut Unique<String, TextRange>,
    cx: &mut Ctx<'_>,
    projected: &Path<'_>,
) {
    let name = source.get("name").and_then(Node::as_str).unwrap_or("");
    for item in items(source.get("items")) {
        if let Some((p, n)) = super::string_field(item, "path") {
            push_path(cx, paths, p, n.range, projected, if named { name } else { p });
        }
    }
}

/// Records a projected file path; a path written twice is an error on `projected` naming the later source.
fn push_path(
    cx: &mut Ctx<'_>,
    paths: &mut Unique<String, TextRange>,
    p: &str,
    range: TextRange,
    projected: &Path<'_>,
    source: &str,
) {
    if p.is_empty() {
        return;
    }
    if let Some(first) = paths.repeat(p.to_owned(), range) {
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            range,
            invalid(projected, &quote(source), "conflicting duplicate paths"),
            &format!("Two projected sources write the file {}.", quote(p)),
        )
        .related
        .push(Related { range: first, message: format!("{} first projected here", quote(p)) });
    }
}

fn check_mounts(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, volumes: &Volumes<'_>) {
    let mounts = items(c.node.get("volumeMounts"));
    if mounts.is_empty() {
        return;
    }
    let privileged =
        c.node.get("securityContext").and_then(|s| s.get("privileged")).and_then(Node::as_bool) == Some(true);
    c.with_path(|path| {
        let mounts_path = path.key("volumeMounts");
        let mut seen_paths = Unique::new();
        for (i, mount) in mounts.iter().enumerate() {
            if mount.as_mapping().is_none() {
                continue;
            }
            let path = mounts_path.index(i);
            let mut volume = None;
            if let Some((name, node)) = super::string_field(mount, "name") {
                if name.is_empty() {
                    cx.error(codes::MISSING_VOLUME, node.range, required(&path.key("name"), ""), "Name the volume to mount.");
                } else {
                    volume = volumes.named(name);
                    if volume.is_none() && !cx.is_claim_template(name) {
                        report_missing_volume(cx, &path, name, node, &volumes.list);
                    }
                }
            }
            if let Some((mount_path, node)) = super::string_field(mount, "mountPath") {
                if mount_path.is_empty() {
                    cx.error(codes::DUPLICATE_MOUNT_PATH, node.range, required(&path.key("mountPath"), ""), "Give the path inside the container.");
                } else if let Some(first) = seen_paths.repeat(mount_path, node.range) {
                    cx.error(
                        codes::DUPLICATE_MOUNT_PATH,
                        node.range,
                        invalid(&path.key("mountPath"), &quote(mount_path), "must be unique"),
                        "Two volumes cannot be mounted at the same path of one container.",
                    )
                    .related
                    .push(Related { range: first, message: format!("{} first mounted here", quote(mount_path)) });
                }
            }
            let sub_path = super::string_field(mount, "subPath").filter(|(s, _)| !s.is_empty());
            let sub_expr = super::string_field(mount, "subPathExpr").filter(|(s, _)| !s.is_empty());
            if let (Some(_), Some((_, n))) = (sub_path, sub_expr) {
                cx.error(
                    codes::INVALID_VOLUME_MOUNT,
                    n.range,
                    invalid(&path.key("subPathExpr"), &quote(n.as_str().unwrap_or_default()), "subPathExpr and subPath are mutually exclusive"),
                    "Use `subPath` for a fixed sub-directory or `subPathExpr` for one with `$(VAR)` references, not both.",
                );
            }
            for (key, value) in [("subPath", sub_path), ("subPathExpr", sub_expr)] {
                let Some((s, n)) = value else { continue };
                let errs = format::local_path(s);
                if !errs.is_empty() {
                    cx.error(
                        codes::INVALID_VOLUME_MOUNT,
                        n.range,
                        // The API server names these without the mount's index.
                        invalid(&mounts_path.key(key), &quote(s), &join(&errs)),
                        "A sub-path is relative to the volume's root and stays inside it.",
                    );
                }
                if volume.is_some_and(|v| v.source == Some("image")) {
                    // Image volumes gained sub-paths in Kubernetes 1.33; older API servers reject them.
                    cx.report(
                        Severity::Warning,
                        codes::FEATURE_GATED,
                        n.range,
                        invalid(&path.key(key), &quote(s), "not allowed in image volume sources"),
                        "API servers before Kubernetes 1.33 mount image volumes whole and reject a sub-path.",
                    );
                }
            }
            let propagation = mount.get("mountPropagation").and_then(Node::as_str);
            if propagation == Some("Bidirectional") && !privileged {
                let n = mount.get("mountPropagation").expect("read");
                cx.error(
                    codes::INVALID_VOLUME_MOUNT,
                    n.range,
                    forbidden(&mounts_path.key("mountPropagation"), "Bidirectional mount propagation is available only to privileged containers"),
                    "Bidirectional propagation lets the container mount into the host; it needs `securityContext.privileged: true`.",
                );
            }
            if let Some(rro) = mount.get("recursiveReadOnly").filter(|n| matches!(n.as_str(), Some("Enabled" | "IfPossible"))) {
                let rro_path = mounts_path.key("recursiveReadOnly");
                if mount.get("readOnly").and_then(Node::as_bool) != Some(true) {
                    cx.error(
                        codes::INVALID_VOLUME_MOUNT,
                        rro.range,
                        forbidden(&rro_path, "may only be specified when readOnly is true"),
                        "Recursive read-only mounts need `readOnly: true`.",
                    );
                }
                if propagation.is_some_and(|p| p != "None" && !p.is_empty()) {
                    cx.error(
                        codes::INVALID_VOLUME_MOUNT,
                        rro.range,
                        forbidden(&rro_path, "may only be specified when mountPropagation is None or not specified"),
                        "Recursive read-only mounts cannot propagate mounts.",
                    );
                }
            }
        }
    });
}

fn report_missing_volume(cx: &mut Ctx<'_>, path: &Path<'_>, name: &str, node: &Node, volumes: &[Volume<'_>]) {
    let mut fixes = Vec::new();
    if let Some(closest) = closest_volume(name, volumes) {
        let text = edits::same_style(cx.text, node, closest);
        fixes.push(Fix::replace(format!("Change to `{closest}`"), node.range, text));
    }
    if let Some(spec) = cx.spec {
        let text = cx.text;
        // A name YAML would read as another type (`500`, `null`) is quoted.
        let plain = edits::string_scalar(name);
        let block = format!("name: {plain}\nemptyDir: {{}}");
        let flow = format!("{{name: {plain}, emptyDir: {{}}}}");
        let edit = match spec.get("volumes") {
            Some(list) if list.as_sequence().is_some() => edits::append_item(text, list, &block, &flow),
            Some(list) if list.is_null() && !list.range.is_empty() => None,
            Some(_) => None,
            None => edits::insert_entry(
                text,
                spec,
                &format!("volumes:\n- name: {plain}\n  emptyDir: {{}}"),
                &format!("volumes: [{flow}]"),
            ),
        };
        if let Some(edit) = edit {
            fixes.push(Fix { title: format!("Add an `emptyDir` volume named `{name}`"), edits: vec![edit] });
        }
    }
    let why = if cx.carrier.kind == "StatefulSet" {
        "No volume in the template's `spec.volumes` and no claim in `volumeClaimTemplates` has this name."
    } else if volumes.is_empty() {
        "The Pod defines no volumes; add one under `spec.volumes` with this name."
    } else {
        "No volume in `spec.volumes` has this name."
    };
    let diagnostic = cx.error(codes::MISSING_VOLUME, node.range, not_found(&path.key("name"), &quote(name)), why);
    diagnostic.fixes = fixes;
    if let Some(closest) = closest_volume(name, volumes).and_then(|c| volumes.iter().find(|v| v.name == c)) {
        diagnostic
            .related
            .push(Related { range: closest.name_range, message: format!("did you mean {}?", quote(closest.name)) });
    }
}

fn closest_volume<'a>(name: &str, volumes: &[Volume<'a>]) -> Option<&'a str> {
    volumes
        .iter()
        .map(|v| (strsim::levenshtein(name, v.name), v.name))
        .filter(|(d, v)| *d <= (v.len().max(name.len()) / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

fn check_devices(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, volumes: &Volumes<'_>) {
    let devices = items(c.node.get("volumeDevices"));
    if devices.is_empty() || c.kind == ContainerKind::Ephemeral && devices.is_empty() {
        return;
    }
    let mounts = items(c.node.get("volumeMounts"));
    let mount_names: HashSet<&str> = mounts.iter().filter_map(|m| m.get("name").and_then(Node::as_str)).collect();
    let mount_paths: HashSet<&str> = mounts.iter().filter_map(|m| m.get("mountPath").and_then(Node::as_str)).collect();
    c.with_path(|path| {
        let devices_path = path.key("volumeDevices");
        let mut seen = HashSet::new();
        let mut seen_names = HashSet::new();
        for (i, device) in devices.iter().enumerate() {
            let path = devices_path.index(i);
            // ValidateVolumeDevices: a name and a device path are required, and each is unique in the container.
            for key in ["name", "devicePath"] {
                if let Some((_, node)) = super::string_field(device, key).filter(|(v, _)| v.is_empty()) {
                    let range = device.entry(key).filter(|_| node.range.is_empty()).map_or(node.range, |e| e.key.range);
                    cx.error(codes::INVALID_VOLUME_DEVICE, range, required(&path.key(key), ""), "Name the claim and the path of the device in the container.");
                }
            }
            if let Some((name, node)) = super::string_field(device, "name").filter(|(n, _)| !n.is_empty()) {
                if !seen_names.insert(name) {
                    cx.error(codes::INVALID_VOLUME_DEVICE, node.range, invalid(&path.key("name"), &quote(name), "must be unique"), "A claim is attached to a container as one device.");
                }
                match volumes.named(name) {
                    None => {
                        cx.error(codes::INVALID_VOLUME_DEVICE, node.range, not_found(&path.key("name"), &quote(name)), "No volume in `spec.volumes` has this name.");
                    }
                    Some(v) if !matches!(v.source, Some("persistentVolumeClaim" | "ephemeral")) => {
                        cx.error(
                            codes::INVALID_VOLUME_DEVICE,
                            node.range,
                            invalid(&path.key("name"), &quote(name), "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"),
                            "Raw block devices come from PersistentVolumeClaims (or ephemeral volumes) with `volumeMode: Block`.",
                        );
                    }
                    Some(_) => {}
                }
                if mount_names.contains(&name) {
                    cx.error(
                        codes::INVALID_VOLUME_DEVICE,
                        node.range,
                        invalid(&path.key("name"), &quote(name), "must not already exist in volumeMounts"),
                        "A volume is used either as a block device or as a mounted file system, not both.",
                    );
                }
            }
            if let Some((device_path, node)) = super::string_field(device, "devicePath").filter(|(p, _)| !p.is_empty()) {
                let p = path.key("devicePath");
                if !seen.insert(device_path) {
                    cx.error(codes::INVALID_VOLUME_DEVICE, node.range, invalid(&p, &quote(device_path), "must be unique"), "Two devices cannot share a path.");
                }
                if device_path.split('/').any(|s| s == "..") {
                    cx.error(codes::INVALID_VOLUME_DEVICE, node.range, invalid(&p, &quote(device_path), "can not contain backsteps ('..')"), "Write the device path out without `..`.");
                }
                if mount_paths.contains(&device_path) {
                    cx.error(
                        codes::INVALID_VOLUME_DEVICE,
                        node.range,
                        invalid(&p, &quote(device_path), "must not already exist as a path in volumeMounts"),
                        "A path holds either a device or a mount, not both.",
                    );
                }
            }
        }
    });
}

/// An iSCSI qualified name as the API server's patterns accept it: `^eui.[[:alnum:]]{16}$`,
/// `^naa.[[:alnum:]]{32}$`, or `iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$` found anywhere in the name.
/// These are Go patterns: `.` is any one character but a newline, `[[:alnum:]]` and `\d` are ASCII, `\s` is
/// `[\t\n\f\r ]` and `$` is the end of the text.
fn is_iscsi_name(name: &str) -> bool {
    // One character but a newline, then exactly `len` ASCII letters or digits.
    let fixed = |rest: &str, len: usize| {
        let mut chars = rest.chars();
        let tail = chars.next().filter(|&c| c != '\n').map(|_| chars.as_str());
        tail.is_some_and(|t| t.len() == len && t.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    if let Some(rest) = name.strip_prefix("eui") {
        return fixed(rest, 16);
    }
    if let Some(rest) = name.strip_prefix("naa") {
        return fixed(rest, 32);
    }
    name.match_indices("iqn.").any(|(at, _)| {
        let Some((date, rest)) = name.get(at + 4..).and_then(|after| after.split_at_checked(8)) else { return false };
        let &[y0, y1, y2, y3, b'-', m0, m1, b'.'] = date.as_bytes() else { return false };
        let Some((domain, id)) = rest.split_once(':') else { return false };
        [y0, y1, y2, y3, m0, m1].iter().all(u8::is_ascii_digit)
            && !domain.is_empty()
            && domain.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
            && !id.is_empty()
            && !id.contains([',', ';', '*', '&', '$', '|', '\t', '\n', '\x0C', '\r', ' '])
    })
}
