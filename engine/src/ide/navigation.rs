//! The web of names inside one Pod: volumes and their mounts, port names and the probes that use them, container
//! names and `resourceFieldRef.containerName`, environment variables and their `$(NAME)` expansions, and the
//! ConfigMaps and Secrets the Pod refers to more than once. Definition, references, highlight, rename and name
//! completion all read the same index.
//!
//! References never cross a `---` boundary: each document is indexed on its own.
//!
//! Architecture Invariant: no LSP types here; ranges are byte offsets.

use crate::diagnostics::Edit;
use crate::syntax::query::{self, CursorContext, Position};
use crate::syntax::{self, Node, PathSeg, ScalarStyle};
use crate::text::TextRange;

/// Which list a container is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerList {
    Containers,
    InitContainers,
    EphemeralContainers,
}

impl ContainerList {
    pub const ALL: [ContainerList; 3] =
        [ContainerList::InitContainers, ContainerList::Containers, ContainerList::EphemeralContainers];

    /// The key of the list in the Pod spec.
    pub fn key(self) -> &'static str {
        match self {
            ContainerList::Containers => "containers",
            ContainerList::InitContainers => "initContainers",
            ContainerList::EphemeralContainers => "ephemeralContainers",
        }
    }

    fn from_key(key: &str) -> Option<ContainerList> {
        ContainerList::ALL.into_iter().find(|list| list.key() == key)
    }
}

/// One container of the Pod: its list and its index there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContainerRef {
    pub list: ContainerList,
    pub index: usize,
}

/// The namespace a name lives in. Port and environment names are scoped to their container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Space {
    Volume,
    Container,
    Port(ContainerRef),
    Env(ContainerRef),
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

/// One place a name occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub space: Space,
    pub name: String,
    /// The name's characters (inside quotes, or inside `$(…)`).
    pub range: TextRange,
    /// Whether this occurrence declares the name (`volumes[].name`) rather than uses it (`volumeMounts[].name`).
    pub definition: bool,
}

/// Every name occurrence of a Pod document (its text and tree), in document order.
pub fn index(text: &str, root: &Node) -> Vec<Occurrence> {
    let out = std::cell::RefCell::new(Vec::new());
    let Some(spec) = root.get("spec") else {
        return Vec::new();
    };
    let push_occurrence = |occurrence: Occurrence| out.borrow_mut().push(occurrence);
    let push = |space: Space, node: Option<&Node>, definition: bool| {
        if let Some((name, range)) = node.and_then(name_of) {
            push_occurrence(Occurrence { space, name, range, definition });
        }
    };
    for volume in items(spec.get("volumes")) {
        push(Space::Volume, volume.get("name"), true);
        push(Space::ConfigMap, volume.get("configMap").and_then(|c| c.get("name")), false);
        push(Space::Secret, volume.get("secret").and_then(|c| c.get("secretName")), false);
        for item in items(volume.get("downwardAPI").and_then(|d| d.get("items"))) {
            push(Space::Container, item.get("resourceFieldRef").and_then(|r| r.get("containerName")), false);
        }
        for source in items(volume.get("projected").and_then(|p| p.get("sources"))) {
            push(Space::ConfigMap, source.get("configMap").and_then(|c| c.get("name")), false);
            push(Space::Secret, source.get("secret").and_then(|c| c.get("name")), false);
            for item in items(source.get("downwardAPI").and_then(|d| d.get("items"))) {
                push(Space::Container, item.get("resourceFieldRef").and_then(|r| r.get("containerName")), false);
            }
        }
    }
    for secret in items(spec.get("imagePullSecrets")) {
        push(Space::Secret, secret.get("name"), false);
    }
    for list in ContainerList::ALL {
        for (index, container) in items(spec.get(list.key())).enumerate() {
            let here = ContainerRef { list, index };
            push(Space::Container, container.get("name"), true);
            for port in items(container.get("ports")) {
                push(Space::Port(here), port.get("name"), true);
            }
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                let probe = container.get(probe);
                for action in ["httpGet", "tcpSocket"] {
                    let port = probe.and_then(|p| p.get(action)).and_then(|a| a.get("port"));
                    push(Space::Port(here), port.filter(|p| p.as_str().is_some()), false);
                }
            }
            for hook in ["postStart", "preStop"] {
                let hook = container.get("lifecycle").and_then(|l| l.get(hook));
                for action in ["httpGet", "tcpSocket"] {
                    let port = hook.and_then(|p| p.get(action)).and_then(|a| a.get("port"));
                    push(Space::Port(here), port.filter(|p| p.as_str().is_some()), false);
                }
            }
            for mount in items(container.get("volumeMounts")).chain(items(container.get("volumeDevices"))) {
                push(Space::Volume, mount.get("name"), false);
            }
            for source in items(container.get("envFrom")) {
                push(Space::ConfigMap, source.get("configMapRef").and_then(|c| c.get("name")), false);
                push(Space::Secret, source.get("secretRef").and_then(|c| c.get("name")), false);
            }
            for var in items(container.get("env")) {
                push(Space::Env(here), var.get("name"), true);
                let from = var.get("valueFrom");
                push(Space::ConfigMap, from.and_then(|f| f.get("configMapKeyRef")).and_then(|c| c.get("name")), false);
                push(Space::Secret, from.and_then(|f| f.get("secretKeyRef")).and_then(|c| c.get("name")), false);
                let field = from.and_then(|f| f.get("resourceFieldRef")).and_then(|r| r.get("containerName"));
                push(Space::Container, field, false);
            }
            // `$(NAME)` expansions, in the order Kubernetes expands them.
            let expanding = items(container.get("command"))
                .chain(items(container.get("args")))
                .chain(items(container.get("env")).filter_map(|var| var.get("value")));
            for node in expanding {
                expansions(text, node, |name, range| {
                    push_occurrence(Occurrence { space: Space::Env(here), name, range, definition: false });
                });
            }
        }
    }
    let mut out = out.into_inner();
    out.sort_by_key(|o| o.range.start);
    out
}

fn items(node: Option<&Node>) -> impl Iterator<Item = &Node> {
    node.and_then(Node::as_sequence).unwrap_or_default().iter()
}

/// A scalar's text and the range of its characters without quotes. Block scalars and empty values are not names.
fn name_of(node: &Node) -> Option<(String, TextRange)> {
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

/// The name under the cursor and every occurrence of it in its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameAt {
    pub space: Space,
    pub name: String,
    /// The occurrence under the cursor.
    pub range: TextRange,
    /// Every occurrence of the name in its space, the one under the cursor included, in document order.
    pub occurrences: Vec<Occurrence>,
}

/// A place to highlight, and whether it declares the name or reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub range: TextRange,
    pub kind: HighlightKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// The declaration (`volumes[].name`).
    Write,
    /// A use (`volumeMounts[].name`, `$(NAME)`).
    Read,
}

/// What a rename would change: the name's range and its current text, to prefill the editor's prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrepareRename {
    pub range: TextRange,
    pub placeholder: String,
}

/// The name at `offset` in one Pod document, if the cursor is on one.
pub fn name_at(text: &str, root: &Node, offset: usize) -> Option<NameAt> {
    if !is_pod(root) {
        return None;
    }
    let all = index(text, root);
    let hit = all.iter().filter(|o| o.range.touches(offset)).min_by_key(|o| o.range.len())?.clone();
    let occurrences = all.into_iter().filter(|o| o.space == hit.space && o.name == hit.name).collect();
    Some(NameAt { space: hit.space, name: hit.name, range: hit.range, occurrences })
}

fn is_pod(root: &Node) -> bool {
    root.get("kind").and_then(Node::scalar_text).is_none_or(|kind| kind == "Pod")
}

/// Where the name at `offset` is declared: the volume, container, port or variable it names. On a declaration, the
/// declaration itself. Empty for ConfigMaps and Secrets, which other objects declare.
pub fn document_definition(text: &str, root: &Node, offset: usize) -> Vec<TextRange> {
    let Some(name) = name_at(text, root, offset) else {
        return Vec::new();
    };
    name.occurrences.iter().filter(|o| o.definition).map(|o| o.range).collect()
}

/// Every occurrence of the name at `offset`; declarations only when `include_declaration` is set.
pub fn document_references(text: &str, root: &Node, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    let Some(name) = name_at(text, root, offset) else {
        return Vec::new();
    };
    name.occurrences.iter().filter(|o| include_declaration || !o.definition).map(|o| o.range).collect()
}

/// The occurrences of the name at `offset`, marked as declarations or uses.
pub fn document_highlight(text: &str, root: &Node, offset: usize) -> Vec<Highlight> {
    let Some(name) = name_at(text, root, offset) else {
        return Vec::new();
    };
    let kind = |o: &Occurrence| {
        if o.definition { HighlightKind::Write } else { HighlightKind::Read }
    };
    name.occurrences.iter().map(|o| Highlight { range: o.range, kind: kind(o) }).collect()
}

/// Whether the name at `offset` can be renamed; the error says why not.
pub fn document_prepare_rename(text: &str, root: &Node, offset: usize) -> Result<PrepareRename, String> {
    let name = name_at(text, root, offset).ok_or_else(|| NOT_A_NAME.to_owned())?;
    Ok(PrepareRename { range: name.range, placeholder: name.name })
}

const NOT_A_NAME: &str =
    "only the name of a volume, container, port, environment variable, ConfigMap or Secret can be renamed here";

/// The edits that rename the name at `offset` everywhere in its document, or why the new name is refused: it must be
/// valid for what it names, and not taken by another of the same kind.
pub fn document_rename(text: &str, root: &Node, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
    let name = name_at(text, root, offset).ok_or_else(|| NOT_A_NAME.to_owned())?;
    let noun = name.space.noun();
    let problems = validate_name(name.space, new_name);
    if !problems.is_empty() {
        return Err(format!("`{new_name}` is not a valid {noun} name: {}", problems.join("; ")));
    }
    if new_name != name.name && index(text, root).iter().any(|o| o.space == name.space && o.name == new_name) {
        return Err(format!("the Pod already has a {noun} named `{new_name}`"));
    }
    let edits = name.occurrences.iter().map(|o| Edit { range: o.range, text: spelled(text, o, new_name) }).collect();
    Ok(edits)
}

/// The rules the API server applies to each kind of name.
fn validate_name(space: Space, name: &str) -> Vec<String> {
    use crate::model::format;
    match space {
        Space::Volume | Space::Container => format::dns1123_label(name),
        Space::Port(_) => format::port_name(name),
        Space::Env(_) => format::env_var_name(name),
        Space::ConfigMap | Space::Secret => format::dns1123_subdomain(name),
    }
}

/// `new_name` as it must be written where `occurrence` stands: quoted like the old name, and quoted when a plain
/// scalar would read as something other than a string (`true`, `1e3`).
fn spelled(text: &str, occurrence: &Occurrence, new_name: &str) -> String {
    let head = text.get(..occurrence.range.start).unwrap_or_default();
    let before = head.chars().next_back();
    let after = text.get(occurrence.range.end..).and_then(|tail| tail.chars().next());
    let quote = match (before, after) {
        (Some(q @ ('"' | '\'')), Some(a)) if a == q => Some(q),
        _ => None,
    };
    let inside_expansion = head.ends_with("$(");
    match quote {
        Some('"') => new_name.replace('\\', "\\\\").replace('"', "\\\""),
        Some(_) => new_name.replace('\'', "''"),
        None if inside_expansion => new_name.to_owned(),
        None => {
            let parsed = syntax::parse(new_name);
            let plain = parsed.errors.is_empty()
                && parsed
                    .root
                    .as_ref()
                    .is_some_and(|r| r.as_str() == Some(new_name) && r.range.len() == new_name.len());
            if plain {
                new_name.to_owned()
            } else {
                format!("\"{}\"", new_name.replace('\\', "\\\\").replace('"', "\\\""))
            }
        }
    }
}

/// The names a value position refers to, for completion (`volumeMounts[].name` completes the declared volumes).
pub fn name_completions(text: &str, root: &Node, ctx: &CursorContext) -> Vec<crate::ide::completion::CompletionItem> {
    use crate::ide::completion::{CompletionItem, CompletionKind};
    if !matches!(ctx.position, Position::Value { .. }) || !is_pod(root) {
        return Vec::new();
    }
    let path = ctx.value_path();
    let Some(space) = space_of_use(&path) else {
        return Vec::new();
    };
    let declared_only = matches!(space, Space::Volume | Space::Container | Space::Port(_));
    let spec = root.get("spec");
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for occurrence in index(text, root) {
        if occurrence.space != space
            || (declared_only && !occurrence.definition)
            || occurrence.range.touches(ctx.word_range.start) && occurrence.range.touches(ctx.word_range.end)
            || seen.contains(&occurrence.name)
        {
            continue;
        }
        let detail = match space {
            Space::Port(container) => spec
                .and_then(|s| s.get(container.list.key()))
                .and_then(|list| list.as_sequence()?.get(container.index))
                .and_then(|c| port_number(c, &occurrence.name))
                .map(|n| format!("port {n}")),
            Space::Volume => Some("volume".to_owned()),
            other => Some(other.noun().to_owned()),
        };
        seen.insert(occurrence.name.clone());
        out.push(CompletionItem {
            label: occurrence.name.clone(),
            kind: CompletionKind::Reference,
            detail,
            documentation: None,
            insert_text: occurrence.name.clone(),
            snippet: None,
            replace_range: ctx.word_range,
            sort_text: format!("0{:04}", out.len()),
            filter_text: None,
            deprecated: false,
        });
    }
    // A probe may name the port or give its number: the container's ports by number follow their names.
    if let Space::Port(container) = space {
        let ports = spec
            .and_then(|s| s.get(container.list.key()))
            .and_then(|list| list.as_sequence()?.get(container.index))
            .and_then(|c| c.get("ports"))
            .and_then(Node::as_sequence)
            .unwrap_or_default();
        for port in ports {
            let Some(number) = port.get("containerPort").and_then(Node::as_i64) else { continue };
            let label = number.to_string();
            if !seen.insert(label.clone()) {
                continue;
            }
            let named = port.get("name").and_then(Node::scalar_text);
            out.push(CompletionItem {
                label: label.clone(),
                kind: CompletionKind::Reference,
                detail: Some(named.map_or_else(|| "container port".to_owned(), |n| format!("container port `{n}`"))),
                documentation: None,
                insert_text: label,
                snippet: None,
                replace_range: ctx.word_range,
                sort_text: format!("1{:04}", out.len()),
                filter_text: None,
                deprecated: false,
            });
        }
    }
    out
}

/// Environment variable names after a `$(` being typed in `command`, `args` or an `env[].value`: the variables the
/// container declares, which Kubernetes expands there.
pub fn expansion_completions(
    text: &str,
    root: &Node,
    ctx: &CursorContext,
    offset: usize,
) -> Vec<crate::ide::completion::CompletionItem> {
    use crate::ide::completion::{CompletionItem, CompletionKind};
    let path = if matches!(ctx.position, Position::Value { .. }) { ctx.value_path() } else { ctx.parent.clone() };
    let keys: Vec<&str> = path
        .iter()
        .map(|seg| match seg {
            PathSeg::Key(key) => key.as_str(),
            PathSeg::Index(_) => "*",
        })
        .collect();
    let expands =
        matches!(keys.get(3..), Some(["command" | "args"] | ["command" | "args", "*"] | ["env", "*", "value"]));
    let container = match (keys.first(), path.get(1), path.get(2)) {
        (Some(&"spec"), Some(PathSeg::Key(list)), Some(PathSeg::Index(index))) => {
            ContainerList::from_key(list).map(|list| ContainerRef { list, index: *index })
        }
        _ => None,
    };
    let (true, Some(container)) = (expands, container) else {
        return Vec::new();
    };
    let Some((head, rest)) = text.split_at_checked(offset) else {
        return Vec::new();
    };
    let before = head.rsplit_once('\n').map_or(head, |(_, line)| line);
    let Some((_, partial)) = before.rsplit_once("$(") else {
        return Vec::new();
    };
    if partial.contains([')', ' ', '"', '\'']) {
        return Vec::new();
    }
    let after = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    let closed = after.starts_with(')');
    let range = TextRange::new(offset - partial.len(), offset + (rest.len() - after.len()));
    // In an `env` value, Kubernetes expands only the variables declared earlier in the list.
    let in_env_value = keys.get(3) == Some(&"env");
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for occurrence in index(text, root) {
        if occurrence.space != Space::Env(container)
            || !occurrence.definition
            || (in_env_value && occurrence.range.start >= ctx.word_range.start)
            || seen.contains(&occurrence.name)
        {
            continue;
        }
        seen.insert(occurrence.name.clone());
        let close = if closed { "" } else { ")" };
        out.push(CompletionItem {
            label: occurrence.name.clone(),
            kind: CompletionKind::Reference,
            detail: Some("environment variable".to_owned()),
            documentation: None,
            insert_text: format!("{}{close}", occurrence.name),
            snippet: None,
            replace_range: range,
            sort_text: format!("0{:04}", out.len()),
            filter_text: None,
            deprecated: false,
        });
    }
    out
}

/// The number a named port of a container stands for.
pub fn port_number(container: &Node, name: &str) -> Option<i64> {
    items(container.get("ports"))
        .find(|port| port.get("name").and_then(Node::scalar_text) == Some(name))
        .and_then(|port| port.get("containerPort"))
        .and_then(Node::as_i64)
}

/// The space of names a value at `path` refers to, when it is a use site.
pub fn space_of_use(path: &[PathSeg]) -> Option<Space> {
    let keys: Vec<&str> = path
        .iter()
        .map(|seg| match seg {
            PathSeg::Key(key) => key.as_str(),
            PathSeg::Index(_) => "*",
        })
        .collect();
    let container = || -> Option<ContainerRef> {
        let list = ContainerList::from_key(keys.get(1)?)?;
        match path.get(2)? {
            PathSeg::Index(index) => Some(ContainerRef { list, index: *index }),
            PathSeg::Key(_) => None,
        }
    };
    let tail: &[&str] = keys.get(3..).unwrap_or_default();
    let in_container = keys.first() == Some(&"spec") && container().is_some();
    if in_container {
        return match tail {
            ["volumeMounts" | "volumeDevices", "*", "name"] => Some(Space::Volume),
            ["livenessProbe" | "readinessProbe" | "startupProbe", "httpGet" | "tcpSocket", "port"]
            | ["lifecycle", "postStart" | "preStop", "httpGet" | "tcpSocket", "port"] => container().map(Space::Port),
            ["env", "*", "valueFrom", "resourceFieldRef", "containerName"] => Some(Space::Container),
            ["env", "*", "valueFrom", "configMapKeyRef", "name"] | ["envFrom", "*", "configMapRef", "name"] => {
                Some(Space::ConfigMap)
            }
            ["env", "*", "valueFrom", "secretKeyRef", "name"] | ["envFrom", "*", "secretRef", "name"] => {
                Some(Space::Secret)
            }
            _ => None,
        };
    }
    match keys.as_slice() {
        ["spec", "volumes", "*", "configMap", "name"]
        | ["spec", "volumes", "*", "projected", "sources", "*", "configMap", "name"] => Some(Space::ConfigMap),
        ["spec", "volumes", "*", "secret", "secretName"]
        | ["spec", "volumes", "*", "projected", "sources", "*", "secret", "name"]
        | ["spec", "imagePullSecrets", "*", "name"] => Some(Space::Secret),
        ["spec", "volumes", "*", "downwardAPI", "items", "*", "resourceFieldRef", "containerName"]
        | [
            "spec",
            "volumes",
            "*",
            "projected",
            "sources",
            "*",
            "downwardAPI",
            "items",
            "*",
            "resourceFieldRef",
            "containerName",
        ] => Some(Space::Container),
        _ => None,
    }
}

/// Runs `f` on the document of a file that holds `offset`, with document offsets, if it parses to a tree.
fn in_document<T>(text: &str, offset: usize, f: impl FnOnce(&str, &Node, usize) -> T) -> Option<(T, usize)> {
    let document = query::document_at(text, offset);
    let doc_text = text.get(document.as_range())?;
    let parse = syntax::parse(doc_text);
    let root = parse.root.as_ref()?;
    Some((f(doc_text, root, offset - document.start), document.start))
}

/// [`document_definition`] on a whole file, with file offsets.
pub fn definition(text: &str, offset: usize) -> Vec<TextRange> {
    in_document(text, offset, document_definition)
        .map(|(ranges, base)| ranges.into_iter().map(|r| r.shift(base)).collect())
        .unwrap_or_default()
}

/// [`document_references`] on a whole file, with file offsets.
pub fn references(text: &str, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    in_document(text, offset, |t, r, o| document_references(t, r, o, include_declaration))
        .map(|(ranges, base)| ranges.into_iter().map(|r| r.shift(base)).collect())
        .unwrap_or_default()
}

/// [`document_highlight`] on a whole file, with file offsets.
pub fn highlight(text: &str, offset: usize) -> Vec<Highlight> {
    in_document(text, offset, document_highlight)
        .map(|(hs, base)| hs.into_iter().map(|h| Highlight { range: h.range.shift(base), kind: h.kind }).collect())
        .unwrap_or_default()
}

/// [`document_prepare_rename`] on a whole file, with file offsets.
pub fn prepare_rename(text: &str, offset: usize) -> Result<PrepareRename, String> {
    match in_document(text, offset, document_prepare_rename) {
        Some((Ok(p), base)) => Ok(PrepareRename { range: p.range.shift(base), placeholder: p.placeholder }),
        Some((Err(e), _)) => Err(e),
        None => Err("nothing to rename here".to_owned()),
    }
}

/// [`document_rename`] on a whole file, with file offsets.
pub fn rename(text: &str, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
    match in_document(text, offset, |t, r, o| document_rename(t, r, o, new_name)) {
        Some((Ok(edits), base)) => {
            Ok(edits.into_iter().map(|e| Edit { range: e.range.shift(base), text: e.text }).collect())
        }
        Some((Err(e), _)) => Err(e),
        None => Err("nothing to rename here".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::test_utils::cursor;
    use crate::text::{ColumnUnit, LineIndex};

    const POD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: 웹
spec:
  imagePullSecrets:
  - name: registry
  containers:
  - name: web
    image: nginx
    command: ["sh", "-c", "exec nginx -g '$(MODE)' --name=$(NAME) $$(NAME)"]
    env:
    - name: NAME
      value: 서울
    - name: MODE
      value: "daemon off; $(NAME)"
    - name: LIMIT
      valueFrom:
        resourceFieldRef:
          containerName: web
          resource: limits.memory
    - name: TOKEN
      valueFrom:
        secretKeyRef:
          name: registry
          key: token
    envFrom:
    - configMapRef:
        name: settings
    ports:
    - name: http
      containerPort: 8080
    readinessProbe:
      httpGet:
        path: /
        port: http
    volumeMounts:
    - name: data
      mountPath: /data
  - name: sidecar
    image: busybox
    args: ["$(NAME)"]
    ports:
    - name: http
      containerPort: 9090
    volumeMounts:
    - name: data
      mountPath: /shared
  volumes:
  - name: data
    emptyDir: {}
  - name: config
    configMap:
      name: settings
---
kind: Pod
spec:
  volumes:
  - name: data
"#;

    /// The text with `$0` inserted at the first occurrence of `needle`, shifted by `delta` bytes.
    fn at(needle: &str, delta: usize) -> usize {
        POD.find(needle).unwrap_or_else(|| panic!("{needle:?} is in the fixture")) + delta
    }

    /// Lists ranges as `line:column text`.
    fn render(text: &str, ranges: impl IntoIterator<Item = (TextRange, &'static str)>) -> String {
        let index = LineIndex::new(text);
        let mut out = String::new();
        for (range, tag) in ranges {
            let lc = index.line_col(text, range.start, ColumnUnit::Utf32);
            out.push_str(&format!("{}:{} {:?}{tag}\n", lc.line + 1, lc.col, &text[range.as_range()]));
        }
        out
    }

    fn check_highlight(offset: usize, expect: Expect) {
        let highlights = highlight(POD, offset);
        let tags =
            highlights.iter().map(|h| (h.range, if h.kind == HighlightKind::Write { " (declaration)" } else { "" }));
        expect.assert_eq(&render(POD, tags));
    }

    #[test]
    fn volumes_and_their_mounts() {
        check_highlight(
            at("- name: data\n      mountPath: /data", 8),
            expect![[r#"
                38:12 "data"
                47:12 "data"
                50:10 "data" (declaration)
            "#]],
        );
    }

    #[test]
    fn port_names_are_scoped_to_their_container() {
        check_highlight(
            at("port: http", 6),
            expect![[r#"
                31:12 "http" (declaration)
                36:14 "http"
            "#]],
        );
    }

    #[test]
    fn environment_variables_and_expansions() {
        check_highlight(
            at("--name=$(NAME)", 9),
            expect![[r#"
                11:60 "NAME"
                13:12 "NAME" (declaration)
                16:28 "NAME"
            "#]],
        );
    }

    #[test]
    fn containers_configmaps_and_secrets() {
        check_highlight(
            at("containerName: web", 16),
            expect![[r#"
                9:10 "web" (declaration)
                20:25 "web"
            "#]],
        );
        check_highlight(
            at("name: settings", 7),
            expect![[r#"
                29:14 "settings"
                54:12 "settings"
            "#]],
        );
        check_highlight(
            at("name: registry", 7),
            expect![[r#"
                7:10 "registry"
                25:16 "registry"
            "#]],
        );
    }

    #[test]
    fn definition_and_references() {
        let mount = at("- name: data\n      mountPath: /data", 8);
        expect![[r#"
            50:10 "data"
        "#]]
        .assert_eq(&render(POD, definition(POD, mount).into_iter().map(|r| (r, ""))));
        expect![[r#"
            38:12 "data"
            47:12 "data"
        "#]]
        .assert_eq(&render(POD, references(POD, mount, false).into_iter().map(|r| (r, ""))));
        // ConfigMaps are declared elsewhere: no definition in the Pod.
        assert!(definition(POD, at("name: settings", 7)).is_empty());
        // Not a name.
        assert!(definition(POD, at("image: nginx", 9)).is_empty());
    }

    #[test]
    fn rename_every_use_with_validation() {
        let volume = at("- name: data\n  ", 8);
        let edits = rename(POD, volume, "저장소").unwrap_err();
        expect!["`저장소` is not a valid volume name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"].assert_eq(&edits);
        expect!["the Pod already has a volume named `config`"].assert_eq(&rename(POD, volume, "config").unwrap_err());
        let edits = rename(POD, volume, "cache").unwrap();
        expect![[r#"
            38:12 "data"
            47:12 "data"
            50:10 "data"
        "#]]
        .assert_eq(&render(POD, edits.iter().map(|e| (e.range, ""))));
        assert!(edits.iter().all(|e| e.text == "cache"));
        // A plain name that would read as a boolean is quoted.
        let env = at("- name: MODE", 8);
        let edits = rename(POD, env, "true").unwrap();
        let texts: Vec<&str> = edits.iter().map(|e| e.text.as_str()).collect();
        expect![[r#"["true", "\"true\""]"#]].assert_eq(&format!("{texts:?}"));
    }

    #[test]
    fn prepare_rename_refuses_what_is_not_a_name() {
        let ok = prepare_rename(POD, at("port: http", 7)).unwrap();
        assert_eq!(ok.placeholder, "http");
        expect![
            "only the name of a volume, container, port, environment variable, ConfigMap or Secret can be renamed here"
        ]
        .assert_eq(&prepare_rename(POD, at("image: nginx", 9)).unwrap_err());
    }

    #[test]
    fn references_stay_in_their_document() {
        let second = POD.rfind("name: data").unwrap() + 7;
        check_highlight(
            second,
            expect![[r#"
                59:10 "data" (declaration)
            "#]],
        );
    }

    #[test]
    fn names_complete_where_they_are_used() {
        let (text, offset) = cursor(
            "kind: Pod\nspec:\n  containers:\n  - name: app\n    ports:\n    - name: metrics\n      containerPort: 9100\n    livenessProbe:\n      tcpSocket:\n        port: $0\n    volumeMounts:\n    - name: cache\n  volumes:\n  - name: cache\n  - name: 로그\n",
        );
        let labels: Vec<String> = crate::ide::completion::completions(&text, offset)
            .iter()
            .map(|i| format!("{} ({})", i.label, i.detail.as_deref().unwrap_or("")))
            .collect();
        expect!["metrics (port 9100), 9100 (container port `metrics`)"].assert_eq(&labels.join(", "));
        let mount = text.find("- name: cache").unwrap() + 8;
        let mut partial = text.clone();
        partial.replace_range(mount..mount + 5, "");
        let labels: Vec<String> =
            crate::ide::completion::completions(&partial, mount).iter().map(|i| i.label.clone()).collect();
        expect!["cache, 로그"].assert_eq(&labels.join(", "));
    }

    #[test]
    fn environment_names_complete_after_an_opening_expansion() {
        let fixture = "kind: Pod\nspec:\n  containers:\n  - name: app\n    env:\n    - name: GREETING\n      value: 안녕\n    - name: TARGET\n      value: \"$(GRE\"\n    args:\n    - echo $(TA$0\n";
        let (text, offset) = cursor(fixture);
        let items = crate::ide::completion::completions(&text, offset);
        let rendered: Vec<String> = items
            .iter()
            .map(|i| format!("{} → {:?} @{:?}", i.label, i.insert_text, &text[i.replace_range.as_range()]))
            .collect();
        expect![[r#"
            GREETING → "GREETING)" @"TA"
            TARGET → "TARGET)" @"TA""#]]
        .assert_eq(&rendered.join("\n"));
        let in_value = text.find("$(GRE").unwrap() + 5;
        let items = crate::ide::completion::completions(&text, in_value);
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        // In an env value, only the variables declared before it expand.
        expect!["GREETING, TARGET"].assert_eq(&labels.join(", "));
    }
}
