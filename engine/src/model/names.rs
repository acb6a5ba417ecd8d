//! The web of names inside one Pod: volumes and their mounts, port names and the probes that use them, container
//! names and `resourceFieldRef.containerName`, environment variables and their `$(NAME)` expansions, and the
//! ConfigMaps and Secrets the Pod refers to.
//!
//! Where names are declared and used is written once, in the `SITES` table; the index of a document, the space a field
//! position refers to and the variables a `$(NAME)` can see are all read from it. The queries return domain data:
//! the editor features (navigation, name completion, hover, inlay hints) decide what to show.
//!
//! A document is indexed on its own: names never cross a `---` boundary.

use crate::model::pod::{ContainerId, ContainerKind, containers};
use crate::syntax::{Node, PathSeg, ScalarStyle};
use crate::text::TextRange;

/// The namespace a name lives in. Port and environment names are scoped to their container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Space {
    Volume,
    Container,
    Port(ContainerId),
    Env(ContainerId),
    /// A ConfigMap the Pod uses; it is declared by another object, so every occurrence is a use.
    ConfigMap,
    /// A Secret the Pod uses (also `imagePullSecrets`).
    Secret,
}

impl Space {
    /// What the name is, for messages: "volume", "port".
    pub fn noun(self) -> &'static str {
        match self {
            Space::Volume => "volume",
            Space::Container => "container",
            Space::Port(_) => "port",
            Space::Env(_) => "environment variable",
            Space::ConfigMap => "ConfigMap",
            Space::Secret => "Secret",
        }
    }
}

/// Whether an occurrence declares a name or refers to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `volumes[].name`, `containers[].name`, `ports[].name`, `env[].name`.
    Decl,
    /// `volumeMounts[].name`, a probe's `port`, `$(NAME)`.
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
}

/// A place where a Pod declares or uses a name: a path below its scope, with `[*]` for every item of a list and
/// `{a,b}` for either key.
#[derive(Clone, Copy, Debug)]
struct NameSite {
    scope: Scope,
    pattern: &'static str,
    kind: Kind,
    role: Role,
    /// The field is an int-or-string: a number there is a port number, not a name.
    int_or_string: bool,
}

impl NameSite {
    const fn spec(pattern: &'static str, kind: Kind, role: Role) -> NameSite {
        NameSite { scope: Scope::Spec, pattern, kind, role, int_or_string: false }
    }

    const fn container(pattern: &'static str, kind: Kind, role: Role) -> NameSite {
        NameSite { scope: Scope::Container, pattern, kind, role, int_or_string: false }
    }

    const fn int_or_string(self) -> NameSite {
        NameSite { int_or_string: true, ..self }
    }
}

/// Every place a Pod declares or uses a name, as the API server resolves them.
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
    fn space(self, container: Option<ContainerId>) -> Option<Space> {
        Some(match self {
            Kind::Volume => Space::Volume,
            Kind::Container => Space::Container,
            Kind::Port => Space::Port(container?),
            Kind::Env => Space::Env(container?),
            Kind::ConfigMap => Space::ConfigMap,
            Kind::Secret => Space::Secret,
        })
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

/// Splits a path from the document root into its scope and the rest: the container it is in, if any.
fn scoped(path: &[PathSeg]) -> Option<(Option<ContainerId>, &[PathSeg])> {
    let (PathSeg::Key(spec), rest) = path.split_first()? else {
        return None;
    };
    if spec != "spec" {
        return None;
    }
    if let [PathSeg::Key(list), PathSeg::Index(index), tail @ ..] = rest
        && let Some(kind) = ContainerKind::from_field(list)
    {
        return Some((Some(ContainerId { kind, index: *index }), tail));
    }
    Some((None, rest))
}

/// Every name occurrence of a Pod document (its text and tree), in document order.
pub fn index(text: &str, root: &Node) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let Some(spec) = root.get("spec") else {
        return out;
    };
    let mut read = |node: &Node, site: &NameSite, container: Option<ContainerId>| {
        if site.int_or_string && node.as_str().is_none() {
            return;
        }
        if let (Some((name, range)), Some(space)) = (name_of(node), site.kind.space(container)) {
            out.push(Occurrence { space, name, range, role: site.role });
        }
    };
    let table = table();
    for (site, steps) in table.sites.iter().filter(|(s, _)| s.scope == Scope::Spec) {
        walk(spec, steps, &mut |node| read(node, site, None));
    }
    let mut expansions_found = Vec::new();
    for (id, container) in containers(spec, &ContainerKind::ALL) {
        for (site, steps) in table.sites.iter().filter(|(s, _)| s.scope == Scope::Container) {
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
    out.extend(expansions_found);
    out.sort_by_key(|o| o.range.start);
    out
}

/// The occurrence under the cursor at `offset`: the narrowest one that touches it.
pub fn occurrence_at(index: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    index.iter().filter(|o| o.range.touches(offset)).min_by_key(|o| o.range.len())
}

/// A scalar's text and the range of its characters without quotes. Block scalars and empty values are not names.
pub fn name_of(node: &Node) -> Option<(String, TextRange)> {
    let scalar = node.as_scalar()?;
    if scalar.text.is_empty() {
        return None;
    }
    let range = match scalar.style {
        ScalarStyle::Plain => node.range,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if node.range.len() == scalar.text.len() + 2 => {
            TextRange::new(node.range.start + 1, node.range.end - 1)
        }
        _ => return None,
    };
    Some((scalar.text.clone(), range))
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

/// The space of names a value at `path` (from the document root) refers to, when it is a use site.
pub fn space_of_use(path: &[PathSeg]) -> Option<Space> {
    let (container, rest) = scoped(path)?;
    let scope = if container.is_some() { Scope::Container } else { Scope::Spec };
    table()
        .sites
        .iter()
        .filter(|(s, _)| s.role == Role::Use && s.scope == scope)
        .find(|(_, steps)| matches(steps, rest))
        .and_then(|(s, _)| s.kind.space(container))
}

/// Where a `$(NAME)` stands, for what it can expand to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpansionSite {
    pub container: ContainerId,
    /// In the value of the container's `env[i]`: `Some(i)`. Elsewhere (`command`, `args`) `None`.
    pub env_item: Option<usize>,
}

/// The expansion site a position at `path` is in: an item of `command` or `args` (or the list itself, while a first
/// item is typed), or an `env` value.
pub fn expansion_site(path: &[PathSeg]) -> Option<ExpansionSite> {
    let (container, rest) = scoped(path)?;
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
pub fn env_in_scope(spec: &Node, site: ExpansionSite) -> &[Node] {
    let vars = site.container.node(spec).and_then(|c| c.get("env")).and_then(Node::as_sequence).unwrap_or_default();
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
        for (path, space) in cases {
            assert_eq!(space_of_use(&keys(path)), space, "{path}");
        }
    }

    #[test]
    fn expansions_see_the_variables_before_them() {
        let parse = crate::syntax::parse(
            "spec:\n  containers:\n  - name: a\n    env:\n    - {name: A, value: x}\n    - {name: B, value: $(A)}\n    - {name: C, value: $(C)}\n",
        );
        let spec = parse.root.as_ref().unwrap().get("spec").unwrap();
        let names = |path: &str| -> Vec<String> {
            let site = expansion_site(&keys(path)).unwrap();
            env_in_scope(spec, site).iter().filter_map(|v| v.get("name")?.as_str().map(str::to_owned)).collect()
        };
        assert_eq!(names("spec.containers.0.args.0"), ["A", "B", "C"]);
        assert_eq!(names("spec.containers.0.command"), ["A", "B", "C"]);
        assert_eq!(names("spec.containers.0.env.1.value"), ["A"]);
        // A variable's own value sees only those before it, not itself.
        assert_eq!(names("spec.containers.0.env.2.value"), ["A", "B"]);
        assert_eq!(expansion_site(&keys("spec.containers.0.env.2.name")), None);
        assert_eq!(expansion_site(&keys("spec.containers.0.workingDir")), None);
    }
}
