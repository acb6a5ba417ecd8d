//! The web of names inside one Pod or Pod template: volumes and their mounts, port names and the probes that use
//! them, container names and `resourceFieldRef.containerName`, environment variables and their `$(NAME)` expansions,
//! the ConfigMaps and Secrets the Pod refers to, and the links a workload adds around its template: the selector and
//! the template's labels, a StatefulSet's `volumeClaimTemplates` and the mounts that use them, a Job's
//! `podFailurePolicy` and the containers it names.
//!
//! Where names are declared and used is written once, in the `SITES` table, relative to the Pod spec, its template or
//! the object that holds the template, so one table serves a bare Pod and every workload ([`PodCarrier`]). The index
//! of a document, the space a field position refers to and the variables a `$(NAME)` can see are all read from it.
//! The queries return domain data: the editor features (navigation, name completion, hover, inlay hints) decide what
//! to show.
//!
//! A document is indexed on its own: names never cross a `---` boundary.

use crate::model::pod::{ContainerId, ContainerKind, containers};
use crate::model::workload::PodCarrier;
use crate::syntax::{Node, PathSeg, ScalarStyle};
use crate::text::TextRange;

/// The namespace a name lives in. Port and environment names are scoped to their container, label values to their
/// label.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Space {
    Volume,
    Container,
    Port(ContainerId),
    Env(ContainerId),
    /// A ConfigMap the Pod uses; it is declared by another object, so every occurrence is a use.
    ConfigMap,
    /// A Secret the Pod uses (also `imagePullSecrets`).
    Secret,
    /// A label key of the Pod template, which the workload's selector requires.
    Label,
    /// The values of the label with this key: the template's and those the selector requires.
    LabelValue(String),
}

impl Space {
    /// What the name is, for messages: "volume", "port".
    pub fn noun(&self) -> &'static str {
        match self {
            Space::Volume => "volume",
            Space::Container => "container",
            Space::Port(_) => "port",
            Space::Env(_) => "environment variable",
            Space::ConfigMap => "ConfigMap",
            Space::Secret => "Secret",
            Space::Label => "label",
            Space::LabelValue(_) => "label value",
        }
    }
}

/// Whether an occurrence declares a name or refers to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `volumes[].name`, `containers[].name`, `ports[].name`, `env[].name`, the template's labels.
    Decl,
    /// `volumeMounts[].name`, a probe's `port`, `$(NAME)`, the selector's labels.
    Use,
}

/// One place a name occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub space: Space,
    pub name: String,
    /// The name's characters (inside quotes, or inside `$(…)`).
    pub range: TextRange,
    pub role: Role,
}

/// One step of a site's path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// The value of one of these keys, each in turn.
    Key(Vec<&'static str>),
    /// Every item of a sequence.
    Items,
}

/// What a site's path starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// The Pod spec.
    Spec,
    /// Each container of every list, so port and variable names get their container.
    Container,
    /// The Pod template (`metadata` and `spec`); a bare Pod is its own.
    Template,
    /// The object that holds the template: a Deployment's `spec`, a CronJob's `jobTemplate.spec`. A bare Pod has none.
    Owner,
}

/// The kind of name a site holds; a container-scoped kind gets its container when the site is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Volume,
    Container,
    Port,
    Env,
    ConfigMap,
    Secret,
    /// A map of labels: each key a label, each value a value of that label.
    Labels,
    /// A selector's `matchExpressions` item: its `key` is a label, its `values` values of that label.
    LabelExpression,
}

/// A place where a Pod or workload declares or uses a name: a path below its scope, with `[*]` for every item of a
/// list and `{a,b}` for either key.
#[derive(Clone, Copy, Debug)]
struct NameSite {
    scope: Scope,
    pattern: &'static str,
    kind: Kind,
    role: Role,
    /// The field is an int-or-string: a number there is a port number, not a name.
    int_or_string: bool,
    /// The kinds that have the field; empty for every kind that carries a Pod spec.
    kinds: &'static [&'static str],
}

impl NameSite {
    const fn new(scope: Scope, pattern: &'static str, kind: Kind, role: Role) -> NameSite {
        NameSite { scope, pattern, kind, role, int_or_string: false, kinds: &[] }
    }

    const fn spec(pattern: &'static str, kind: Kind, role: Role) -> NameSite {
        NameSite::new(Scope::Spec, pattern, kind, role)
    }

    const fn container(pattern: &'static str, kind: Kind, role: Role) -> NameSite {
        NameSite::new(Scope::Container, pattern, kind, role)
    }

    const fn int_or_string(self) -> NameSite {
        NameSite { int_or_string: true, ..self }
    }

    const fn only(self, kinds: &'static [&'static str]) -> NameSite {
        NameSite { kinds, ..self }
    }

    fn applies_to(&self, carrier: &PodCarrier) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&carrier.kind)
    }
}

/// The kinds whose `spec.selector` must select their template's labels. A CronJob's Job may not set one.
const SELECTING: &[&str] = &["ReplicationController", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"];
/// The kinds whose selector is a `LabelSelector`; a ReplicationController's is a plain map of labels.
const LABEL_SELECTING: &[&str] = &["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"];

/// Every place a Pod or workload declares or uses a name, as the API server resolves them.
const SITES: &[NameSite] = &[
    NameSite::spec("volumes[*].name", Kind::Volume, Role::Decl),
    NameSite::spec("volumes[*].configMap.name", Kind::ConfigMap, Role::Use),
    NameSite::spec("volumes[*].secret.secretName", Kind::Secret, Role::Use),
    NameSite::spec("volumes[*].downwardAPI.items[*].resourceFieldRef.containerName", Kind::Container, Role::Use),
    NameSite::spec("volumes[*].projected.sources[*].configMap.name", Kind::ConfigMap, Role::Use),
    NameSite::spec("volumes[*].projected.sources[*].secret.name", Kind::Secret, Role::Use),
    NameSite::spec(
        "volumes[*].projected.sources[*].downwardAPI.items[*].resourceFieldRef.containerName",
        Kind::Container,
        Role::Use,
    ),
    NameSite::spec("imagePullSecrets[*].name", Kind::Secret, Role::Use),
    NameSite::container("name", Kind::Container, Role::Decl),
    NameSite::container("ports[*].name", Kind::Port, Role::Decl),
    NameSite::container("{livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.port", Kind::Port, Role::Use)
        .int_or_string(),
    NameSite::container("lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.port", Kind::Port, Role::Use)
        .int_or_string(),
    NameSite::container("{volumeMounts,volumeDevices}[*].name", Kind::Volume, Role::Use),
    NameSite::container("envFrom[*].configMapRef.name", Kind::ConfigMap, Role::Use),
    NameSite::container("envFrom[*].secretRef.name", Kind::Secret, Role::Use),
    NameSite::container("env[*].name", Kind::Env, Role::Decl),
    NameSite::container("env[*].valueFrom.configMapKeyRef.name", Kind::ConfigMap, Role::Use),
    NameSite::container("env[*].valueFrom.secretKeyRef.name", Kind::Secret, Role::Use),
    NameSite::container("env[*].valueFrom.resourceFieldRef.containerName", Kind::Container, Role::Use),
    // The workloads' links around their template.
    NameSite::new(Scope::Template, "metadata.labels", Kind::Labels, Role::Decl).only(SELECTING),
    NameSite::new(Scope::Owner, "selector", Kind::Labels, Role::Use).only(&["ReplicationController"]),
    NameSite::new(Scope::Owner, "selector.matchLabels", Kind::Labels, Role::Use).only(LABEL_SELECTING),
    NameSite::new(Scope::Owner, "selector.matchExpressions[*]", Kind::LabelExpression, Role::Use).only(LABEL_SELECTING),
    // The StatefulSet controller adds a volume of each claim template's name to every Pod it creates.
    NameSite::new(Scope::Owner, "volumeClaimTemplates[*].metadata.name", Kind::Volume, Role::Decl)
        .only(&["StatefulSet"]),
    NameSite::new(Scope::Owner, "podFailurePolicy.rules[*].onExitCodes.containerName", Kind::Container, Role::Use)
        .only(&["Job", "CronJob"]),
];

/// The strings of a container in which Kubernetes expands `$(NAME)`: each command and argument, and each
/// variable's value. Each `$(NAME)` in them uses the container's variable `NAME`.
const EXPANDING: &[&str] = &["command[*]", "args[*]", "env[*].value"];

/// The steps of a pattern: `a.{b,c}[*]` is the key `a`, then `b` or `c`, then every item.
fn steps(pattern: &'static str) -> Vec<Step> {
    let mut out = Vec::new();
    for segment in pattern.split('.') {
        let mut name = segment;
        let mut items = 0;
        while let Some(list) = name.strip_suffix("[*]") {
            name = list;
            items += 1;
        }
        let keys = match name.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
            Some(alternatives) => alternatives.split(',').collect(),
            None => vec![name],
        };
        out.push(Step::Key(keys));
        out.extend(std::iter::repeat_n(Step::Items, items));
    }
    out
}

/// The sites and the expanding strings with their patterns read, once.
struct Table {
    sites: Vec<(NameSite, Vec<Step>)>,
    expanding: Vec<Vec<Step>>,
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Table {
        sites: SITES.iter().map(|site| (*site, steps(site.pattern))).collect(),
        expanding: EXPANDING.iter().map(|pattern| steps(pattern)).collect(),
    })
}

impl Kind {
    /// The space of a name of this kind; a label's space is read from the tree instead.
    fn space(self, container: Option<ContainerId>) -> Option<Space> {
        Some(match self {
            Kind::Volume => Space::Volume,
            Kind::Container => Space::Container,
            Kind::Port => Space::Port(container?),
            Kind::Env => Space::Env(container?),
            Kind::ConfigMap => Space::ConfigMap,
            Kind::Secret => Space::Secret,
            Kind::Labels | Kind::LabelExpression => return None,
        })
    }
}

/// The node at `keys` below `node`.
fn descend(node: &Node, mut keys: impl Iterator<Item = &'static str>) -> Option<&Node> {
    keys.try_fold(node, |node, key| node.get(key))
}

/// The Pod spec of a document of this kind.
pub fn pod_spec<'a>(root: &'a Node, carrier: &PodCarrier) -> Option<&'a Node> {
    descend(root, carrier.pod_spec())
}

/// The Pod template of a document of this kind (`metadata` and `spec`); a bare Pod is its own.
pub fn pod_template<'a>(root: &'a Node, carrier: &PodCarrier) -> Option<&'a Node> {
    descend(root, carrier.template.iter().copied())
}

/// The path from the root to what a scope's patterns start from; `None` for a scope the kind does not have.
fn base(carrier: &PodCarrier, scope: Scope) -> Option<Vec<&'static str>> {
    match scope {
        Scope::Spec | Scope::Container => Some(carrier.pod_spec().collect()),
        Scope::Template => Some(carrier.template.to_vec()),
        Scope::Owner => carrier.template.split_last().map(|(_, owner)| owner.to_vec()),
    }
}

/// Calls `found` with each node at `steps` below `node`.
fn walk<'a>(node: &'a Node, steps: &[Step], found: &mut impl FnMut(&'a Node)) {
    let Some((step, rest)) = steps.split_first() else {
        found(node);
        return;
    };
    match step {
        Step::Key(keys) => {
            for key in keys {
                if let Some(child) = node.get(key) {
                    walk(child, rest, found);
                }
            }
        }
        Step::Items => {
            for item in node.as_sequence().unwrap_or_default() {
                walk(item, rest, found);
            }
        }
    }
}

/// Whether a concrete path (relative to the site's scope) is at `steps`.
fn matches(steps: &[Step], path: &[PathSeg]) -> bool {
    steps.len() == path.len()
        && steps.iter().zip(path).all(|(step, seg)| match (step, seg) {
            (Step::Key(keys), PathSeg::Key(key)) => keys.contains(&key.as_str()),
            (Step::Items, PathSeg::Index(_)) => true,
            _ => false,
        })
}

/// A path from the document root, relative to a scope: the container it is in for the container scope, and the rest.
fn relative<'p>(
    carrier: &PodCarrier,
    scope: Scope,
    path: &'p [PathSeg],
) -> Option<(Option<ContainerId>, &'p [PathSeg])> {
    let base = base(carrier, scope)?;
    let (head, rest) = path.split_at_checked(base.len())?;
    if !head.iter().zip(&base).all(|(seg, key)| matches!(seg, PathSeg::Key(k) if k == key)) {
        return None;
    }
    if scope != Scope::Container {
        return Some((None, rest));
    }
    match rest {
        [PathSeg::Key(list), PathSeg::Index(index), tail @ ..] => {
            let kind = ContainerKind::from_field(list)?;
            Some((Some(ContainerId { kind, index: *index }), tail))
        }
        _ => None,
    }
}

/// Every name occurrence of a document (its text and tree) of this kind, in document order.
pub fn index(text: &str, root: &Node, carrier: &PodCarrier) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut read = |node: &Node, site: &NameSite, container: Option<ContainerId>| {
        let role = site.role;
        match site.kind {
            Kind::Labels => {
                for entry in node.as_mapping().unwrap_or_default().iter().filter(|e| !e.shadowed) {
                    let Some((key, range)) = name_of(text, &entry.key) else { continue };
                    if let Some((value, at)) = name_of(text, &entry.value) {
                        out.push(Occurrence { space: Space::LabelValue(key.clone()), name: value, range: at, role });
                    }
                    out.push(Occurrence { space: Space::Label, name: key, range, role });
                }
            }
            Kind::LabelExpression => {
                let Some((key, range)) = node.get("key").and_then(|key| name_of(text, key)) else { return };
                for value in node.get("values").and_then(Node::as_sequence).unwrap_or_default() {
                    if let Some((value, at)) = name_of(text, value) {
                        out.push(Occurrence { space: Space::LabelValue(key.clone()), name: value, range: at, role });
                    }
                }
                out.push(Occurrence { space: Space::Label, name: key, range, role });
            }
            _ => {
                if site.int_or_string && node.as_str().is_none() {
                    return;
                }
                if let (Some((name, range)), Some(space)) = (name_of(text, node), site.kind.space(container)) {
                    out.push(Occurrence { space, name, range, role });
                }
            }
        }
    };
    let table = table();
    let applicable = || table.sites.iter().filter(|(site, _)| site.applies_to(carrier));
    for (site, steps) in applicable().filter(|(s, _)| s.scope != Scope::Container) {
        if let Some(start) = base(carrier, site.scope).and_then(|keys| descend(root, keys.into_iter())) {
            walk(start, steps, &mut |node| read(node, site, None));
        }
    }
    let mut expansions_found = Vec::new();
    if let Some(spec) = pod_spec(root, carrier) {
        for (id, container) in containers(spec, &ContainerKind::ALL) {
            for (site, steps) in applicable().filter(|(s, _)| s.scope == Scope::Container) {
                walk(container, steps, &mut |node| read(node, site, Some(id)));
            }
            for steps in &table.expanding {
                walk(container, steps, &mut |node| {
                    expansions(text, node, |name, range| {
                        expansions_found.push(Occurrence { space: Space::Env(id), name, range, role: Role::Use });
                    });
                });
            }
        }
    }
    out.extend(expansions_found);
    out.sort_by_key(|o| o.range.start);
    out
}
/// The occurrence under the cursor at `offset`: the narrowest one that touches it.
pub fn occurrence_at(index: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    index.iter().filter(|o| o.range.touches(offset)).min_by_key(|o| o.range.len())
}

/// A scalar's text and the range of its characters without quotes. Block scalars, empty values and scalars whose
/// source does not spell their text (escapes, lines folded into one) are not names: renaming rewrites the source.
pub fn name_of(text: &str, node: &Node) -> Option<(String, TextRange)> {
    let scalar = node.as_scalar()?;
    if scalar.text.is_empty() {
        return None;
    }
    let range = match scalar.style {
        ScalarStyle::Plain => node.range,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if node.range.len() >= 2 => {
            TextRange::new(node.range.start + 1, node.range.end - 1)
        }
        _ => return None,
    };
    (text.get(range.as_range()) == Some(scalar.text.as_str())).then(|| (scalar.text.clone(), range))
}

/// Calls `found` for each `$(NAME)` in the written text of a scalar (`$$(NAME)` is an escape, not a reference).
/// The source text is read, so ranges are exact; a name has no escapes or line breaks, so it reads the same there.
fn expansions(text: &str, node: &Node, mut found: impl FnMut(String, TextRange)) {
    let Some(scalar) = node.as_scalar() else {
        return;
    };
    if !scalar.text.contains("$(") {
        return;
    }
    let Some(source) = text.get(node.range.as_range()) else {
        return;
    };
    let bytes = source.as_bytes();
    let mut i = 0;
    while let Some(pair) = bytes.get(i..i + 2) {
        if pair == b"$$" {
            i += 2;
            continue;
        }
        if pair == b"$(" {
            let start = i + 2;
            if let Some((name, _)) = source.get(start..).and_then(|rest| rest.split_once(')')) {
                let len = name.len();
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'=' | b'(' | b'$')) {
                    let at = node.range.start + start;
                    found(name.to_owned(), TextRange::new(at, at + len));
                }
                i = start + len + 1;
                continue;
            }
        }
        i += 1;
    }
}

/// The space of names a value at `path` (from the document root of a document of this kind) refers to, when it is
/// a use site. The tree gives the label a selector expression's `values` belong to.
pub fn space_of_use(root: &Node, carrier: &PodCarrier, path: &[PathSeg]) -> Option<Space> {
    let sites = table().sites.iter().filter(|(s, _)| s.role == Role::Use && s.applies_to(carrier));
    sites.into_iter().find_map(|(site, steps)| {
        let (container, rest) = relative(carrier, site.scope, path)?;
        match site.kind {
            Kind::Labels => match rest.split_last()? {
                (PathSeg::Key(key), head) if matches(steps, head) => Some(Space::LabelValue(key.clone())),
                _ => None,
            },
            Kind::LabelExpression => {
                let (head, tail) = rest.split_at_checked(steps.len())?;
                if !matches(steps, head) {
                    return None;
                }
                match tail {
                    [PathSeg::Key(key)] if key == "key" => Some(Space::Label),
                    [PathSeg::Key(values), PathSeg::Index(_)] if values == "values" => {
                        let item = root.find(path.get(..path.len() - tail.len())?)?;
                        let key = item.get("key").and_then(Node::as_str).filter(|key| !key.is_empty())?;
                        Some(Space::LabelValue(key.to_owned()))
                    }
                    _ => None,
                }
            }
            _ => matches(steps, rest).then(|| site.kind.space(container)).flatten(),
        }
    })
}

/// The space the keys of the mapping at `path` (from the document root of a document of this kind) refer to: the
/// labels a selector requires.
pub fn space_of_keys(carrier: &PodCarrier, path: &[PathSeg]) -> Option<Space> {
    let mut sites = table().sites.iter().filter(|(s, _)| s.role == Role::Use && s.kind == Kind::Labels);
    sites
        .any(|(site, steps)| {
            site.applies_to(carrier)
                && relative(carrier, site.scope, path).is_some_and(|(_, rest)| matches(steps, rest))
        })
        .then_some(Space::Label)
}

/// Where a `$(NAME)` stands, for what it can expand to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpansionSite {
    pub container: ContainerId,
    /// In the value of the container's `env[i]`: `Some(i)`. Elsewhere (`command`, `args`) `None`.
    pub env_item: Option<usize>,
}

/// The expansion site a position at `path` (from the document root of a document of this kind) is in: an item of
/// `command` or `args` (or the list itself, while a first item is typed), or an `env` value.
pub fn expansion_site(carrier: &PodCarrier, path: &[PathSeg]) -> Option<ExpansionSite> {
    let (container, rest) = relative(carrier, Scope::Container, path)?;
    let container = container?;
    // A list of strings expands in each item; the list itself counts while its first item is being typed.
    let expanding = table().expanding.iter().any(|steps| {
        matches(steps, rest) || matches!(steps.split_last(), Some((Step::Items, list)) if matches(list, rest))
    });
    if !expanding {
        return None;
    }
    let env_item = match rest {
        [PathSeg::Key(env), PathSeg::Index(i), ..] if env == "env" => Some(*i),
        _ => None,
    };
    Some(ExpansionSite { container, env_item })
}

/// The variables a `$(NAME)` at `site` can see, in declaration order: every `env` item of the container in a command
/// or argument, and in the value of `env[i]` only the items before it, as the kubelet expands them. A later item
/// with the same name overrides an earlier one.
pub fn env_in_scope<'a>(root: &'a Node, carrier: &PodCarrier, site: ExpansionSite) -> &'a [Node] {
    let container = pod_spec(root, carrier).and_then(|spec| site.container.node(spec));
    let vars = container.and_then(|c| c.get("env")).and_then(Node::as_sequence).unwrap_or_default();
    match site.env_item {
        Some(i) => vars.get(..i).unwrap_or(vars),
        None => vars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(path: &str) -> Vec<PathSeg> {
        path.split('.')
            .map(|seg| match seg.parse() {
                Ok(index) => PathSeg::Index(index),
                Err(_) => PathSeg::Key(seg.to_owned()),
            })
            .collect()
    }

    #[test]
    fn patterns_read_as_keys_alternatives_and_items() {
        assert_eq!(
            steps("lifecycle.{postStart,preStop}.ports[*].name"),
            [
                Step::Key(vec!["lifecycle"]),
                Step::Key(vec!["postStart", "preStop"]),
                Step::Key(vec!["ports"]),
                Step::Items,
                Step::Key(vec!["name"]),
            ]
        );
        // Every key of the table is a plain field name: no pattern syntax left over from a typo.
        let table = table();
        let all = table.sites.iter().map(|(_, steps)| steps).chain(&table.expanding);
        for step in all.flatten() {
            if let Step::Key(keys) = step {
                assert!(keys.iter().all(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric())), "{keys:?}");
            }
        }
    }

    #[test]
    fn every_site_a_use_reads_is_a_use_of_its_space() {
        let app = ContainerId { kind: ContainerKind::Init, index: 2 };
        let cases = [
            ("spec.volumes.0.secret.secretName", Some(Space::Secret)),
            (
                "spec.volumes.0.projected.sources.1.downwardAPI.items.0.resourceFieldRef.containerName",
                Some(Space::Container),
            ),
            ("spec.imagePullSecrets.0.name", Some(Space::Secret)),
            ("spec.initContainers.2.lifecycle.preStop.tcpSocket.port", Some(Space::Port(app))),
            ("spec.initContainers.2.startupProbe.httpGet.port", Some(Space::Port(app))),
            ("spec.initContainers.2.volumeDevices.0.name", Some(Space::Volume)),
            ("spec.initContainers.2.env.0.valueFrom.configMapKeyRef.name", Some(Space::ConfigMap)),
            // Declarations are not uses; a container-scoped use outside a container is nothing.
            ("spec.volumes.0.name", None),
            ("spec.initContainers.2.env.0.name", None),
            ("spec.volumeMounts.0.name", None),
            ("metadata.name", None),
        ];
        let pod = crate::model::workload::carrier("Pod").unwrap();
        let empty = crate::syntax::parse("kind: Pod\n").root.unwrap();
        for (path, space) in cases {
            assert_eq!(space_of_use(&empty, pod, &keys(path)), space, "{path}");
        }
    }

    #[test]
    fn the_same_sites_inside_every_template() {
        let carrier = |kind| crate::model::workload::carrier(kind).unwrap();
        let app = ContainerId { kind: ContainerKind::Regular, index: 0 };
        let root = crate::syntax::parse(
            "spec:\n  selector:\n    matchExpressions:\n    - {key: tier, operator: In, values: [front]}\n",
        )
        .root
        .unwrap();
        let cases = [
            ("Deployment", "spec.template.spec.containers.0.volumeMounts.0.name", Some(Space::Volume)),
            ("Deployment", "spec.template.spec.containers.0.readinessProbe.httpGet.port", Some(Space::Port(app))),
            ("CronJob", "spec.jobTemplate.spec.template.spec.imagePullSecrets.0.name", Some(Space::Secret)),
            ("PodTemplate", "template.spec.volumes.0.configMap.name", Some(Space::ConfigMap)),
            // A template's Pod spec is not at the root.
            ("Deployment", "spec.volumes.0.configMap.name", None),
            ("Deployment", "spec.selector.matchLabels.app", Some(Space::LabelValue("app".to_owned()))),
            ("Deployment", "spec.selector.matchExpressions.0.key", Some(Space::Label)),
            ("Deployment", "spec.selector.matchExpressions.0.values.0", Some(Space::LabelValue("tier".to_owned()))),
            ("ReplicationController", "spec.selector.app", Some(Space::LabelValue("app".to_owned()))),
            ("ReplicationController", "spec.selector.matchLabels.app", None),
            // A CronJob's Job may not set a selector.
            ("CronJob", "spec.jobTemplate.spec.selector.matchLabels.app", None),
            ("Job", "spec.podFailurePolicy.rules.0.onExitCodes.containerName", Some(Space::Container)),
            (
                "CronJob",
                "spec.jobTemplate.spec.podFailurePolicy.rules.0.onExitCodes.containerName",
                Some(Space::Container),
            ),
            ("Deployment", "spec.podFailurePolicy.rules.0.onExitCodes.containerName", None),
        ];
        for (kind, path, space) in cases {
            assert_eq!(space_of_use(&root, carrier(kind), &keys(path)), space, "{kind} {path}");
        }
        assert_eq!(space_of_keys(carrier("Deployment"), &keys("spec.selector.matchLabels")), Some(Space::Label));
        assert_eq!(space_of_keys(carrier("ReplicationController"), &keys("spec.selector")), Some(Space::Label));
        assert_eq!(space_of_keys(carrier("Deployment"), &keys("spec.template.metadata.labels")), None);
        assert_eq!(space_of_keys(carrier("Pod"), &keys("spec.selector.matchLabels")), None);
    }

    #[test]
    fn workloads_link_their_selector_claims_and_failure_policy() {
        let text = "kind: StatefulSet\nspec:\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: pg\n        volumeMounts:\n        - name: data\n  volumeClaimTemplates:\n  - metadata: {name: data}\n";
        let root = crate::syntax::parse(text).root.unwrap();
        let carrier = crate::model::workload::carrier("StatefulSet").unwrap();
        let found: Vec<String> = index(text, &root, carrier)
            .iter()
            .map(|o| format!("{:?} {:?} {} {}", o.space, o.role, o.name, &text[o.range.as_range()]))
            .collect();
        expect_test::expect![[r#"
            Label Use app app
            LabelValue("app") Use db db
            Label Decl app app
            LabelValue("app") Decl db db
            Container Decl pg pg
            Volume Use data data
            Volume Decl data data"#]]
        .assert_eq(&found.join("\n"));
        // A bare Pod's labels link to nothing: only a selector makes them names.
        let pod = "kind: Pod\nmetadata:\n  labels: {app: db}\nspec:\n  containers: [{name: a}]\n";
        let root = crate::syntax::parse(pod).root.unwrap();
        let found = index(pod, &root, crate::model::workload::carrier("Pod").unwrap());
        assert_eq!(found.iter().map(|o| o.space.clone()).collect::<Vec<_>>(), [Space::Container]);
    }

    #[test]
    fn expansions_see_the_variables_before_them() {
        let parse = crate::syntax::parse(
            "spec:\n  containers:\n  - name: a\n    env:\n    - {name: A, value: x}\n    - {name: B, value: $(A)}\n    - {name: C, value: $(C)}\n",
        );
        let root = parse.root.as_ref().unwrap();
        let pod = crate::model::workload::carrier("Pod").unwrap();
        let names = |path: &str| -> Vec<String> {
            let site = expansion_site(pod, &keys(path)).unwrap();
            env_in_scope(root, pod, site).iter().filter_map(|v| v.get("name")?.as_str().map(str::to_owned)).collect()
        };
        assert_eq!(names("spec.containers.0.args.0"), ["A", "B", "C"]);
        assert_eq!(names("spec.containers.0.command"), ["A", "B", "C"]);
        assert_eq!(names("spec.containers.0.env.1.value"), ["A"]);
        // A variable's own value sees only those before it, not itself.
        assert_eq!(names("spec.containers.0.env.2.value"), ["A", "B"]);
        assert_eq!(expansion_site(pod, &keys("spec.containers.0.env.2.name")), None);
        assert_eq!(expansion_site(pod, &keys("spec.containers.0.workingDir")), None);
    }
}
