//! Rules of the same few shapes, as tables over path patterns: a required non-empty string, a well-formed string,
//! an integer range, a file mode, and "exactly one of" groups whose alternatives are read from the schema.
//!
//! A row starts at the Pod's root (`spec.hostAliases[*].hostnames[*]`) or at a volume source or projection
//! (`nfs.server`), and its messages are the API server's (`<path>: Required value`). The irregular rules stay code in
//! their modules.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{Ctx, codes, duplicate, invalid, quote, required};
use crate::diagnostics::Related;
use crate::model::format;
use crate::schema::{SchemaView, schema};
use crate::syntax::path::{Path, Pattern, PatternSet, walk};
use crate::syntax::{Entry, Node};

/// Where a row's pattern starts.
#[derive(Clone, Copy)]
enum At {
    /// At the Pod's root; the row reports with its code.
    Pod(&'static str, &'static str),
    /// At a volume or a projection, its first key being the source: the API server judges the fields of the one
    /// source a volume or projection has, and no other. Such rows report `invalid-volume-source`.
    Source(&'static str),
}

use At::{Pod, Source};

/// The containers of every kind, as a pattern prefix.
macro_rules! containers {
    ($rest:literal) => {
        concat!("spec.{containers,initContainers,ephemeralContainers}[*].", $rest)
    };
}

/// Pod affinity terms, required and preferred, as a pattern prefix.
macro_rules! pod_affinity_terms {
    ($rest:literal) => {
        [
            concat!("spec.affinity.{podAffinity,podAntiAffinity}.requiredDuringSchedulingIgnoredDuringExecution[*].", $rest),
            concat!(
                "spec.affinity.{podAffinity,podAntiAffinity}.preferredDuringSchedulingIgnoredDuringExecution[*].podAffinityTerm.",
                $rest
            ),
        ]
    };
}

/// The match expressions of required node affinity, as a pattern prefix.
macro_rules! required_node_expressions {
    ($rest:literal) => {
        concat!(
            "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[*].matchExpressions[*].",
            $rest
        )
    };
}

const ENV_KEY: &str = containers!("env[*].valueFrom.{configMapKeyRef,secretKeyRef}.key");
const ENV_NAME: &str = containers!("env[*].name");
const TOPOLOGY_KEY: &str = "spec.topologySpreadConstraints[*].topologyKey";
const AFFINITY_TOPOLOGY_KEYS: [&str; 2] = pod_affinity_terms!("topologyKey");
const REQUIRED_NODE_TERM_KEYS: &str = required_node_expressions!("key");
const REQUIRED_NODE_TERM_VALUES: &str = required_node_expressions!("values[*]");

/// Strings that must not be empty: the API server's detail (often none), and what to write there.
static REQUIRED: &[(At, &str, &str)] = &[
    (Source("hostPath.path"), "", "Give the path on the node."),
    (Source("persistentVolumeClaim.claimName"), "", "Name the PersistentVolumeClaim to mount."),
    (Source("nfs.server"), "", "Give the NFS server's host name or IP address."),
    (Source("nfs.path"), "", "Give the exported path."),
    (Source("iscsi.{targetPortal,iqn}"), "", "This iSCSI field is required."),
    (Source("gitRepo.repository"), "", "Give the Git repository's URL."),
    (Source("csi.driver"), "", "Name the CSI driver."),
    (Source("csi.nodePublishSecretRef.name"), "", "Name the Secret the CSI driver reads when it mounts the volume."),
    (Source("{secret,configMap}.items[*].key"), "", "Name the key to project."),
    (Source("{secret,configMap}.items[*].path"), "", FILE_PATH_WHY),
    (Source("clusterTrustBundle.path"), "", FILE_PATH_WHY),
    (Source("image.reference"), "", "Name the image (or artifact) to mount, such as `quay.io/org/data:v1`."),
    (Source("gcePersistentDisk.pdName"), "", "Name the persistent disk."),
    (Source("{awsElasticBlockStore,cinder,portworxVolume}.volumeID"), "", "Give the volume's ID."),
    (Source("cinder.secretRef.name"), "", "Name the Secret with the Cinder credentials."),
    (Source("glusterfs.{endpoints,path}"), "", "This Glusterfs field is required."),
    (Source("rbd.image"), "", "Name the RADOS image."),
    (Source("quobyte.volume"), "", "Name the Quobyte volume."),
    (Source("azureFile.{secretName,shareName}"), "", "This Azure File field is required."),
    (Source("azureDisk.{diskName,diskURI}"), "", "This Azure Disk field is required."),
    (Source("vsphereVolume.volumePath"), "", "Give the vSphere volume's path."),
    (Source("photonPersistentDisk.pdID"), "", "Give the Photon disk's ID."),
    (Source("scaleIO.{gateway,system,volumeName}"), "", "This ScaleIO field is required."),
    (Source("storageos.volumeName"), "", "Name the StorageOS volume."),
    (Source("flexVolume.driver"), "", "Name the Flex volume driver."),
    (Pod(ENV_NAME, codes::INVALID_ENV_NAME), "", "Every variable needs a name."),
    (Pod(ENV_KEY, codes::INVALID_ENV_REF), "", "Name the key to read."),
    (
        Pod(TOPOLOGY_KEY, codes::INVALID_TOPOLOGY_SPREAD),
        "can not be empty",
        "Say which node label defines the domains.",
    ),
    (Pod(AFFINITY_TOPOLOGY_KEYS[0], codes::INVALID_AFFINITY), "can not be empty", AFFINITY_TOPOLOGY_WHY),
    (Pod(AFFINITY_TOPOLOGY_KEYS[1], codes::INVALID_AFFINITY), "can not be empty", AFFINITY_TOPOLOGY_WHY),
];

const TOPOLOGY_KEY_WHY: &str = "Topology keys are node label keys.";
const NODE_LABEL_KEY_WHY: &str = "Node label keys are qualified names.";
const AFFINITY_TOPOLOGY_WHY: &str =
    "Say which node label defines the topology domain, such as `kubernetes.io/hostname`.";
const FILE_PATH_WHY: &str = "Give the file's path inside the volume.";
const LOCAL_FILE_PATH_WHY: &str = "File paths inside a volume are relative and stay inside it.";

/// A format check: the problems it finds, in the API server's words.
type Validate = fn(&str) -> Vec<String>;

/// Strings of a format (a check of [`format`], or one below), and what the format is. A row that [`REQUIRED`] also
/// lists judges only a non-empty string: the empty one is a missing value, reported once.
static FORMATS: &[(At, Validate, &str)] = &[
    (Source("hostPath.path"), no_parent_steps, "Host paths may not climb with `..`; write the path out."),
    (Source("nfs.path"), absolute_path, "The NFS export path starts with '/'."),
    (
        Source("gitRepo.directory"),
        format::local_path,
        "The checkout directory is relative to the volume and stays inside it.",
    ),
    (
        Source("csi.driver"),
        csi_driver_name,
        "CSI driver names are DNS subdomains of at most 63 characters, such as `ebs.csi.aws.com`.",
    ),
    (Source("{secret,configMap}.items[*].path"), local_file_path, LOCAL_FILE_PATH_WHY),
    (Source("clusterTrustBundle.path"), local_file_path, LOCAL_FILE_PATH_WHY),
    (Source("storageos.volumeName"), format::dns1123_label, "StorageOS volume names are lowercase DNS labels."),
    (
        Pod(ENV_KEY, codes::INVALID_ENV_REF),
        format::config_map_key,
        "ConfigMap and Secret keys are letters, digits, '-', '_' and '.'.",
    ),
    (
        Pod(ENV_NAME, codes::INVALID_ENV_NAME),
        format::env_var_name,
        "Variable names are printable ASCII characters other than '='.",
    ),
    (Pod(TOPOLOGY_KEY, codes::INVALID_TOPOLOGY_SPREAD), format::qualified_name, TOPOLOGY_KEY_WHY),
    (Pod(AFFINITY_TOPOLOGY_KEYS[0], codes::INVALID_AFFINITY), format::qualified_name, TOPOLOGY_KEY_WHY),
    (Pod(AFFINITY_TOPOLOGY_KEYS[1], codes::INVALID_AFFINITY), format::qualified_name, TOPOLOGY_KEY_WHY),
    (Pod(REQUIRED_NODE_TERM_KEYS, codes::INVALID_AFFINITY), format::qualified_name, NODE_LABEL_KEY_WHY),
    (
        Pod(
            "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[*].preference.matchExpressions[*].key",
            codes::INVALID_AFFINITY,
        ),
        format::qualified_name,
        NODE_LABEL_KEY_WHY,
    ),
    (
        Pod(REQUIRED_NODE_TERM_VALUES, codes::INVALID_AFFINITY),
        format::label_value,
        "Node label values follow the label value rules.",
    ),
    (
        Pod("spec.hostAliases[*].hostnames[*]", codes::INVALID_POD_FIELD),
        format::dns1123_subdomain,
        "Host names are lowercase DNS subdomains.",
    ),
    (
        Pod("spec.readinessGates[*].conditionType", codes::INVALID_POD_FIELD),
        format::qualified_name,
        "Readiness gate condition types are qualified names, such as `example.com/feature-1`.",
    ),
];

/// Optional strings of a format: empty is the same as unset, so only a non-empty string is judged.
static FORMATS_WHEN_SET: &[(At, Validate, &str)] = &[
    (
        Pod("metadata.namespace", codes::INVALID_NAMESPACE),
        format::dns1123_label,
        "A namespace name is a lowercase DNS label of at most 63 characters.",
    ),
    (
        Pod(containers!("envFrom[*].prefix"), codes::ENV_FROM_SOURCE),
        format::env_var_name,
        "The prefix starts every imported variable name, so it follows the same rules.",
    ),
];

/// Integers within bounds. (`fc.lun` is bounded only with `targetWWNs`, so `volumes` checks it.)
static RANGES: &[(At, Bounds)] = &[
    (Source("iscsi.lun"), LUN),
    (Source("{gcePersistentDisk,awsElasticBlockStore}.partition"), PARTITION),
    (Pod("spec.activeDeadlineSeconds", codes::INVALID_POD_FIELD), DEADLINE),
    (Pod("spec.securityContext.{runAsUser,runAsGroup,fsGroup}", codes::INVALID_SECURITY_CONTEXT), ID),
    (Pod("spec.securityContext.supplementalGroups[*]", codes::INVALID_SECURITY_CONTEXT), ID),
    // Ephemeral containers are checked by `kubectl debug`, not here.
    (
        Pod(
            "spec.{containers,initContainers}[*].securityContext.{runAsUser,runAsGroup}",
            codes::INVALID_SECURITY_CONTEXT,
        ),
        ID,
    ),
];

/// Bounds, both inclusive, on an integer read as the API server decodes the field's Go type ([`super::int32`] or
/// [`super::int64`]; a value the type cannot hold is the schema's to report).
#[derive(Clone, Copy)]
pub(super) struct Bounds {
    read: fn(&Node) -> Option<i64>,
    min: i64,
    max: i64,
    why: &'static str,
}

pub(super) const LUN: Bounds = Bounds { read: super::int32, min: 0, max: 255, why: "`lun` ranges from 0 to 255." };
const PARTITION: Bounds = Bounds { read: super::int32, min: 0, max: 255, why: "`partition` ranges from 0 to 255." };
const DEADLINE: Bounds = Bounds {
    read: super::int64,
    min: 1,
    max: i32::MAX as i64,
    why: "The deadline is a positive number of seconds; leave it out for no deadline.",
};
/// `IsValidUserID`/`IsValidGroupID`: the runtime's IDs are signed 32-bit numbers.
const ID: Bounds =
    Bounds { read: super::int64, min: 0, max: i32::MAX as i64, why: "User and group IDs range from 0 to 2147483647." };

/// File modes: 0 to 0777.
static MODES: &[At] =
    &[Source("{secret,configMap,downwardAPI,projected}.defaultMode"), Source("{secret,configMap}.items[*].mode")];

/// What a row checks.
#[derive(Clone, Copy)]
enum Check {
    Required { detail: &'static str, why: &'static str },
    Format { validate: Validate, why: &'static str, judges_empty: bool },
    Range(Bounds),
    Mode,
}

/// What a row reports with, and what it checks.
#[derive(Clone, Copy)]
struct Row {
    code: &'static str,
    check: Check,
}

/// Rows whose patterns are walked together, and the row of each pattern (by index).
struct Group {
    patterns: PatternSet<'static>,
    rows: Vec<Row>,
}

/// Every row, its pattern read once: those from the Pod's root, and those below each source (by its key).
struct Tables {
    pod: Group,
    by_source: HashMap<&'static str, Group>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let required = REQUIRED.iter().map(|&(at, detail, why)| (at, Check::Required { detail, why }));
    let formats = FORMATS.iter().map(|&(at, validate, why)| {
        let judges_empty = !REQUIRED.iter().any(|(required, ..)| text(*required) == text(at));
        (at, Check::Format { validate, why, judges_empty })
    });
    let formats_when_set =
        FORMATS_WHEN_SET.iter().map(|&(at, validate, why)| (at, Check::Format { validate, why, judges_empty: false }));
    let ranges = RANGES.iter().map(|&(at, bounds)| (at, Check::Range(bounds)));
    let modes = MODES.iter().map(|&at| (at, Check::Mode));
    let mut pod: Vec<(Pattern<'static>, Row)> = Vec::new();
    let mut by_source: HashMap<&'static str, Vec<(Pattern<'static>, Row)>> = HashMap::new();
    for (at, check) in required.chain(formats).chain(formats_when_set).chain(ranges).chain(modes) {
        let Some(pattern) = Pattern::parse(text(at)) else { continue };
        match at {
            Pod(_, code) => pod.push((pattern, Row { code, check })),
            Source(_) => {
                let row = Row { code: codes::INVALID_VOLUME_SOURCE, check };
                for &source in pattern.first_keys() {
                    by_source.entry(source).or_default().push((pattern.rest(), row));
                }
            }
        }
    }
    let group = |rows: Vec<(Pattern<'static>, Row)>| {
        let (patterns, rows): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        Group { patterns: PatternSet::new(patterns), rows }
    };
    Tables { pod: group(pod), by_source: by_source.into_iter().map(|(source, rows)| (source, group(rows))).collect() }
});

fn text(at: At) -> &'static str {
    match at {
        Pod(pattern, _) | Source(pattern) => pattern,
    }
}

/// Runs every row that starts at the Pod's root.
pub(super) fn check_pod_fields(cx: &mut Ctx<'_>) {
    let root = cx.root;
    let base = cx.base;
    run(cx, &TABLES.pod, root, base);
}

/// Runs every row about the source `source` of `owner` (a volume or a projection, at `path`).
pub(super) fn check_source_fields(cx: &mut Ctx<'_>, owner: &Node, path: &Path<'_>, source: &str) {
    let Some(entry) = owner.entry(source).filter(|e| e.value.as_mapping().is_some()) else { return };
    if let Some(group) = TABLES.by_source.get(source) {
        run(cx, group, &entry.value, &path.key(source));
    }
}

/// Checks each node the group's patterns match under `node`, unless the schema reported its key as unknown there
/// (a projection's `defaultMode`): one mistake, one diagnostic.
fn run(cx: &mut Ctx<'_>, group: &Group, node: &Node, path: &Path<'_>) {
    group.patterns.walk(node, path, &mut |index, found| {
        let Some(row) = group.rows.get(index) else { return };
        if found.entry.is_some_and(|e| cx.is_unknown_to_schema(e)) {
            return;
        }
        // A template's namespace is not its Pods' (they take the workload's), and the API server ignores it.
        if row.code == codes::INVALID_NAMESPACE && cx.is_template() {
            return;
        }
        let (node, path) = (found.node, found.path);
        match row.check {
            Check::Required { detail, why } => {
                if node.as_str() == Some("") {
                    cx.error(row.code, node.range, required(path, detail), why);
                }
            }
            Check::Format { validate, why, judges_empty } => {
                if let Some(value) = node.as_str().filter(|v| judges_empty || !v.is_empty()) {
                    cx.check_format(row.code, node.range, path, value, validate, why);
                }
            }
            Check::Range(bounds) => check_range(cx, row.code, node, path, bounds),
            Check::Mode => check_mode(cx, node, path),
        }
    });
}

/// An integer within `bounds`.
pub(super) fn check_range(cx: &mut Ctx<'_>, code: &'static str, node: &Node, path: &Path<'_>, bounds: Bounds) {
    let Bounds { read, min, max, why } = bounds;
    let Some(n) = read(node) else { return };
    if !(min..=max).contains(&n) {
        cx.error(
            code,
            node.range,
            invalid(path, &n.to_string(), &format!("must be between {min} and {max}, inclusive")),
            why,
        );
    }
}

/// A downward API file's `path` and `mode`. The API server names them on the source itself, without the item's
/// index (`downwardAPI.path`), so they are not rows: a row reports the path it walked.
pub(super) fn check_downward_file(cx: &mut Ctx<'_>, item: &Node, source_path: &Path<'_>) {
    if let Some(node) = item.get("path") {
        check_file_path(cx, node, &source_path.key("path"));
    }
    if let Some(node) = item.get("mode") {
        check_mode(cx, node, &source_path.key("mode"));
    }
}

/// A file's path inside a volume, reported at `path` (`ValidateLocalNonReservedPath` after a required check).
pub(super) fn check_file_path(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    match node.as_str() {
        Some("") => {
            cx.error(codes::INVALID_VOLUME_SOURCE, node.range, required(path, ""), FILE_PATH_WHY);
        }
        Some(value) => {
            cx.check_format(
                codes::INVALID_VOLUME_SOURCE,
                node.range,
                path,
                value,
                local_file_path,
                LOCAL_FILE_PATH_WHY,
            );
        }
        None => {}
    }
}

/// A file mode: 0 to 0777. A mode written in decimal digits that read as octal gets a hint.
fn check_mode(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    let Some(mode) = super::int32(node) else { return };
    if !(0..=0o777).contains(&mode) {
        let decimal_hint = if (0..=777).contains(&mode) && format!("{mode}").chars().all(|c| c <= '7') {
            format!(
                " Write it with a leading zero (`0{mode}`) to mean octal, or as the decimal {}.",
                i64::from_str_radix(&mode.to_string(), 8).unwrap_or(0)
            )
        } else {
            String::new()
        };
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            node.range,
            invalid(path, &mode.to_string(), "must be a number between 0 and 0777 (octal), both inclusive"),
            &format!("File modes are octal permission bits.{decimal_hint}"),
        );
    }
}

fn no_parent_steps(path: &str) -> Vec<String> {
    if path.split('/').any(|s| s == "..") { vec!["must not contain '..'".to_owned()] } else { Vec::new() }
}

fn absolute_path(path: &str) -> Vec<String> {
    if path.starts_with('/') { Vec::new() } else { vec!["must be an absolute path".to_owned()] }
}

/// `ValidateLocalNonReservedPath`: a relative path that neither climbs nor starts with `..`.
fn local_file_path(path: &str) -> Vec<String> {
    let mut errs = format::local_path(path);
    if path.starts_with("..") && !errs.iter().any(|e| e.contains("'..'")) {
        errs.push("must not start with '..'".to_owned());
    }
    errs
}

/// A CSI driver name: a DNS subdomain, case aside. (Its length, at most 63 bytes, is `Too long`, in `volumes`.)
fn csi_driver_name(driver: &str) -> Vec<String> {
    format::dns1123_subdomain(&driver.to_ascii_lowercase())
}

/// Names that must be unique within a list (or across lists, for containers): a repeat is the API server's
/// `Duplicate value`, pointing back at the first. One hash probe per name keeps this linear in a long list.
pub(super) struct UniqueNames {
    /// Where the names are, read once.
    at: LazyLock<Option<Pattern<'static>>>,
    code: &'static str,
    /// What the list holds, for the pointer back: "first container named \"web\"".
    what: &'static str,
    why: &'static str,
}

pub(super) static CONTAINER_NAMES: UniqueNames = UniqueNames {
    at: LazyLock::new(|| Pattern::parse("spec.{containers,initContainers,ephemeralContainers}[*].name")),
    code: codes::DUPLICATE_CONTAINER_NAME,
    what: "container",
    why: "Container names must be unique across containers, initContainers and ephemeralContainers.",
};

pub(super) static VOLUME_NAMES: UniqueNames = UniqueNames {
    at: LazyLock::new(|| Pattern::parse("spec.volumes[*].name")),
    code: codes::DUPLICATE_VOLUME_NAME,
    what: "volume",
    why: "Volume names must be unique; mounts refer to volumes by name.",
};

/// Reports every repeat of a non-empty name the row `names` matches. (An empty name is a missing one.)
pub(super) fn check_unique(cx: &mut Ctx<'_>, names: &UniqueNames) {
    let Some(pattern) = names.at.as_ref() else { return };
    let root = cx.root;
    let mut first = super::Unique::new();
    let base = cx.base;
    walk(root, base, pattern, &mut |found| {
        let Some(name) = found.node.as_str().filter(|n| !n.is_empty()) else { return };
        if let Some(first) = first.repeat(name, found.node.range) {
            cx.error(names.code, found.node.range, duplicate(found.path, &quote(name)), names.why)
                .related
                .push(Related { range: first, message: format!("first {} named {}", names.what, quote(name)) });
        }
    });
}

/// A group of fields of which an object sets exactly one (a volume's source, a probe's handler). The alternatives
/// are the object-valued fields of the schema definition, so they follow the schema as it changes.
pub(super) struct OneOf {
    /// The object-valued fields of the definition, sorted, looked up once.
    alternatives: LazyLock<Vec<&'static str>>,
    /// The order in which the API server visits the alternatives, where its messages depend on it; the rest follow
    /// in the order written.
    visiting_order: &'static [&'static str],
}

/// `validateVolumeSource` visits the sources in this order and forbids each one after the first it meets.
pub(super) static VOLUME_SOURCE: OneOf = OneOf {
    alternatives: LazyLock::new(|| alternatives("io.k8s.api.core.v1.Volume")),
    visiting_order: &[
        "emptyDir",
        "hostPath",
        "gitRepo",
        "gcePersistentDisk",
        "awsElasticBlockStore",
        "secret",
        "nfs",
        "iscsi",
        "glusterfs",
        "flocker",
        "persistentVolumeClaim",
        "rbd",
        "cinder",
        "cephfs",
        "quobyte",
        "downwardAPI",
        "fc",
        "flexVolume",
        "configMap",
        "azureFile",
        "vsphereVolume",
        "photonPersistentDisk",
        "portworxVolume",
        "azureDisk",
        "storageos",
        "projected",
        "scaleIO",
        "csi",
        "ephemeral",
        "image",
    ],
};
/// `validateProjectionSources` visits a source's projections in this order.
pub(super) static PROJECTION: OneOf = OneOf {
    alternatives: LazyLock::new(|| alternatives("io.k8s.api.core.v1.VolumeProjection")),
    visiting_order: &[
        "secret",
        "configMap",
        "downwardAPI",
        "serviceAccountToken",
        "clusterTrustBundle",
        "podCertificate",
    ],
};
/// `validateHandler` looks at `exec`, `httpGet`, `tcpSocket`, then `grpc` or `sleep`.
const HANDLER_ORDER: &[&str] = &["exec", "httpGet", "tcpSocket", "grpc", "sleep"];
pub(super) static PROBE_HANDLER: OneOf =
    OneOf { alternatives: LazyLock::new(|| alternatives("io.k8s.api.core.v1.Probe")), visiting_order: HANDLER_ORDER };
pub(super) static LIFECYCLE_HANDLER: OneOf = OneOf {
    alternatives: LazyLock::new(|| alternatives("io.k8s.api.core.v1.LifecycleHandler")),
    visiting_order: HANDLER_ORDER,
};
/// `validateEnvVarValueFrom` counts `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef`, `fileKeyRef`.
pub(super) static ENV_VALUE_SOURCE: OneOf = OneOf {
    alternatives: LazyLock::new(|| alternatives("io.k8s.api.core.v1.EnvVarSource")),
    visiting_order: &["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"],
};
pub(super) static ENV_FROM_SOURCE: OneOf =
    OneOf { alternatives: LazyLock::new(|| alternatives("io.k8s.api.core.v1.EnvFromSource")), visiting_order: &[] };

/// The object-valued fields of the definition `name`, in the schema's order (sorted by name).
fn alternatives(name: &str) -> Vec<&'static str> {
    let definition = schema().definition(name);
    definition
        .into_iter()
        .flat_map(SchemaView::properties)
        .filter(|p| p.is_mapping())
        .filter_map(SchemaView::name)
        .collect()
}

impl OneOf {
    /// Whether `key` is one of the alternatives.
    pub(super) fn is_alternative(&self, key: &str) -> bool {
        self.alternatives.binary_search(&key).is_ok()
    }

    /// The alternatives `node` sets (null is not set), in the API server's order.
    pub(super) fn chosen<'n>(&self, node: &'n Node) -> Vec<&'n Entry> {
        let mut chosen: Vec<&Entry> = node
            .as_mapping()
            .unwrap_or_default()
            .iter()
            .filter(|e| !e.shadowed && !e.value.is_null() && e.key_str().is_some_and(|k| self.is_alternative(k)))
            .collect();
        if chosen.len() > 1 {
            let rank = |e: &&Entry| {
                let key = e.key_str().unwrap_or_default();
                self.visiting_order.iter().position(|k| *k == key).unwrap_or(self.visiting_order.len())
            };
            chosen.sort_by_key(rank);
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_a_valid_pattern() {
        let rows = REQUIRED.len() + FORMATS.len() + FORMATS_WHEN_SET.len() + RANGES.len() + MODES.len();
        let patterns = REQUIRED.iter().map(|r| r.0).chain(FORMATS.iter().map(|r| r.0));
        let patterns = patterns.chain(FORMATS_WHEN_SET.iter().map(|r| r.0)).chain(RANGES.iter().map(|r| r.0));
        let parsed = patterns.chain(MODES.iter().copied()).filter(|at| Pattern::parse(text(*at)).is_some());
        assert_eq!(parsed.count(), rows);
        for names in [&CONTAINER_NAMES, &VOLUME_NAMES] {
            assert!(names.at.is_some(), "{}", names.what);
        }
    }

    #[test]
    fn every_group_names_a_definition_with_alternatives() {
        let groups =
            [&VOLUME_SOURCE, &PROJECTION, &PROBE_HANDLER, &LIFECYCLE_HANDLER, &ENV_VALUE_SOURCE, &ENV_FROM_SOURCE];
        for (i, group) in groups.into_iter().enumerate() {
            assert!(!group.alternatives.is_empty() && group.alternatives.is_sorted(), "group {i}");
            for key in group.visiting_order {
                assert!(group.is_alternative(key) || *key == "grpc" || *key == "sleep", "{key} in group {i}");
            }
        }
    }

    #[test]
    fn a_probe_s_timings_and_a_volume_s_name_are_not_alternatives() {
        assert!(!PROBE_HANDLER.is_alternative("periodSeconds"));
        assert!(!VOLUME_SOURCE.is_alternative("name"));
        assert!(!ENV_FROM_SOURCE.is_alternative("prefix"));
        assert!(LIFECYCLE_HANDLER.is_alternative("sleep") && !PROBE_HANDLER.is_alternative("sleep"));
    }

    #[test]
    fn alternatives_come_in_the_api_server_s_order_then_as_written() {
        let root = crate::syntax::parse("grpc: {}\nexec: {}\nperiodSeconds: 1\nhttpGet: ~\n").root.expect("a tree");
        let keys: Vec<&str> = PROBE_HANDLER.chosen(&root).iter().filter_map(|e| e.key_str()).collect();
        assert_eq!(keys, ["exec", "grpc"]);
    }
}
