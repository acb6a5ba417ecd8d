//! YAML that is not a whole manifest: Helm chart templates and kustomize patches. Both are checked for what they
//! are, so that podls never reports an error the rendered or merged object would not have.
//!
//! A **Helm template** (a file under a chart's `templates/`, or any text with a `{{ … }}` action) is checked in one
//! of two modes ([`HelmMode`]):
//! - `literal` (the default) checks only what is literal. Every action is blanked out byte for byte (offsets, lines
//!   and columns stay those of the file; one amid a value becomes a placeholder scalar of its length), the blanked
//!   text is parsed and checked, and then every diagnostic is dropped
//!   that may depend on what an action renders: one on the value an output action is part of, or at the key an
//!   `{{ include … | nindent 4 }}` line renders entries under, or spanning such a line; every "missing required" one (an
//!   include may supply the field), every one that relates several fields (a selector and its labels, two ports,
//!   duplicates that may sit in different `if`/`else` branches), and YAML syntax errors when the text has control
//!   actions (branches may hold two shapes of one key).
//! - `silent` checks nothing and says so once per document, with how to check the rendered output.
//!
//! A **kustomize patch** (named by a kustomization beside it, or evidently partial: a `$patch`-style directive, or a
//! workload with no selector, no template labels and no container `image`) is merged into a base that has what it
//! leaves out, so every diagnostic about something absent is dropped; every other check applies as to a manifest.
//!
//! The engine does no IO: which files are chart templates or named patches is the server's to find out
//! ([`Source`] in [`crate::ide::analysis::AnalysisOptions`]); [`kustomization_patches`] reads a kustomization's text.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, codes};
use crate::model::workload::PodCarrier;
use crate::syntax::Node;
use crate::text::TextRange;

/// What the file is, as its place in the repository says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// A manifest; still a template when it has `{{ … }}` actions, and a patch when it is evidently partial.
    #[default]
    Manifest,
    /// A file under the `templates/` folder of a Helm chart.
    HelmTemplate,
    /// A file a kustomization beside it names as a patch.
    KustomizePatch,
    /// A chart's values (`values.yaml` beside a `Chart.yaml`): YAML, but no Kubernetes object, whatever keys it has
    /// (a chart's values often have a `kind` and an `image`).
    ChartValues,
}

/// How Helm templates are checked (the `helm` setting).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HelmMode {
    /// Check what is literal, drop what an action may change.
    #[default]
    Literal,
    /// Check nothing; one information diagnostic says why.
    Silent,
}

impl HelmMode {
    /// The mode a `helm` setting asks for (`"literal"` or `"silent"`), and a warning for a value that is neither
    /// (which keeps the default).
    pub fn from_json(value: Option<&Value>) -> (HelmMode, Vec<String>) {
        mode_from_json(value, &[("literal", HelmMode::Literal), ("silent", HelmMode::Silent)], |other| {
            format!("`helm` is `literal` or `silent`, not `{other}`; templates are checked as `literal`")
        })
    }
}

/// The mode a setting names among `modes`; the default for none, and with a warning for any other value.
fn mode_from_json<M: Copy + Default>(
    value: Option<&Value>,
    modes: &[(&str, M)],
    warning: impl FnOnce(&Value) -> String,
) -> (M, Vec<String>) {
    match value {
        None | Some(Value::Null) => (M::default(), Vec::new()),
        Some(other) => match modes.iter().find(|(name, _)| other.as_str() == Some(*name)) {
            Some((_, mode)) => (*mode, Vec::new()),
            None => (M::default(), vec![warning(other)]),
        },
    }
}

/// Whether documents that look partial are checked as kustomize patches (the `kustomize` setting). Files a
/// kustomization names as patches are patches either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KustomizeMode {
    /// Recognise `$patch` directives and Pod specs without images.
    #[default]
    Detect,
    /// Only named patches are patches.
    Named,
}

impl KustomizeMode {
    /// The mode a `kustomize` setting asks for (`"detect"` or `"named"`), and a warning for a value that is neither
    /// (which keeps the default).
    pub fn from_json(value: Option<&Value>) -> (KustomizeMode, Vec<String>) {
        mode_from_json(value, &[("detect", KustomizeMode::Detect), ("named", KustomizeMode::Named)], |other| {
            format!("`kustomize` is `detect` or `named`, not `{other}`; partial objects are detected")
        })
    }
}

/// The file names of a kustomization's text refers to as patches: `patches[].path`, `patchesStrategicMerge[]` and
/// `patchesJson6902[].path`, as written (relative to the kustomization's folder). Inline patches name no file.
pub fn kustomization_patches(text: &str) -> Vec<String> {
    let parse = crate::syntax::parse(text);
    let Some(root) = &parse.root else { return Vec::new() };
    let mut out = Vec::new();
    for key in ["patches", "patchesStrategicMerge", "patchesJson6902"] {
        for item in root.get(key).and_then(Node::as_sequence).unwrap_or_default() {
            let path = if item.as_mapping().is_some() { item.get("path") } else { Some(item) };
            // A `patchesStrategicMerge` item may be an inline patch (a block scalar holding YAML), not a path.
            if let Some(path) = path.and_then(Node::as_str).filter(|p| !p.contains('\n') && !p.is_empty()) {
                out.push(path.to_owned());
            }
        }
    }
    out
}

/// The `{{ … }}` actions of a template, and the text with each of them blanked out.
#[derive(Debug, Default)]
pub struct Template {
    /// The text with every action's bytes turned to spaces (or, for an output action amid a line's text, to `x`s), its
    /// line breaks kept.
    pub blanked: String,
    /// Where what an action renders (`{{ .Values.x }}`, `{{ include … }}`) may change a diagnostic.
    rendered: Vec<TextRange>,
    /// Whether any action only steers (`if`, `range`, `with`, `else`, `end`, …): branches may hold the same key twice.
    has_control: bool,
}

impl Template {
    /// The template in `text`, if it has an action.
    pub fn of(text: &str) -> Option<Template> {
        let actions = actions(text);
        if actions.is_empty() {
            return None;
        }
        let mut bytes = text.as_bytes().to_vec();
        for action in &actions {
            for byte in bytes.get_mut(action.range.as_range()).unwrap_or_default() {
                if *byte != b'\n' && *byte != b'\r' {
                    *byte = b' ';
                }
            }
        }
        // Actions start and end at ASCII braces, so whole characters were replaced by ASCII spaces.
        let spaced = String::from_utf8(bytes).unwrap_or_else(|_| " ".repeat(text.len()));
        let lines = line_spans(&spaced);
        let rendered =
            actions.iter().filter(|a| !a.control).flat_map(|a| rendered_into(&spaced, &lines, a.range)).collect();
        // An output action within a line's text becomes a plain scalar of its length, so that the key it is the value
        // of is set (a null there would be judged at the key's parent, out of reach of `rendered`). One alone on its
        // line, over several lines, or followed by lines nested under its line (`key: {{- include … | nindent 4 }}`
        // with literal entries below) stays white space, which keeps the YAML around it as it is.
        let indent = |line: &[u8]| line.iter().take_while(|&&b| b == b' ').count();
        let line_bytes = |i: usize| lines.get(i).and_then(|l| spaced.as_bytes().get(l.as_range())).unwrap_or_default();
        let placeholders: Vec<TextRange> = actions
            .iter()
            .filter(|a| !a.control && !text.get(a.range.as_range()).unwrap_or_default().contains('\n'))
            .filter(|a| {
                let line = lines.partition_point(|l| l.start <= a.range.start).saturating_sub(1);
                let here = line_bytes(line);
                let next = (line + 1..lines.len()).map(line_bytes).find(|l| {
                    let t = l.trim_ascii();
                    !t.is_empty() && !t.starts_with(b"#")
                });
                !here.trim_ascii().is_empty() && next.is_none_or(|next| indent(next) <= indent(here))
            })
            .map(|a| a.range)
            .collect();
        let mut bytes = spaced.into_bytes();
        for (index, range) in placeholders.into_iter().enumerate() {
            let placeholder = bytes.get_mut(range.as_range()).unwrap_or_default();
            placeholder.fill(b'x');
            // Each distinct, so that two actions are never a duplicate name or path.
            let mut rest = index;
            for byte in placeholder.iter_mut().skip(1).rev() {
                *byte = b'a' + (rest % 26) as u8;
                rest /= 26;
                if rest == 0 {
                    break;
                }
            }
        }
        let blanked = String::from_utf8(bytes).unwrap_or_else(|_| " ".repeat(text.len()));
        Some(Template { blanked, rendered, has_control: actions.iter().any(|a| a.control) })
    }

    /// Whether `diagnostic` is one the literal text alone decides.
    pub fn keeps(&self, diagnostic: &Diagnostic) -> bool {
        let range = diagnostic.range;
        let touches = |block: &TextRange| range.start <= block.end && block.start <= range.end;
        let syntax = [codes::YAML_SYNTAX, codes::DUPLICATE_KEY].contains(&diagnostic.code);
        !(is_about_absence(diagnostic)
            || RELATIONAL.contains(&diagnostic.code)
            || (syntax && self.has_control)
            || self.rendered.iter().any(touches))
    }
}

/// The one diagnostic of a document in `silent` mode.
pub fn silent_diagnostic(text: &str) -> Diagnostic {
    let first_line = text.find(['\n', '\r']).unwrap_or(text.len());
    Diagnostic::new(
        crate::diagnostics::Severity::Information,
        codes::HELM_TEMPLATE,
        TextRange::new(0, first_line),
        "this is a Helm template, not checked (`helm: silent`): what it renders depends on the chart's values; check \
         the rendered output with `helm template <release> <chart> | podls check -`",
    )
}

/// Whether the document is evidently a strategic-merge patch rather than a whole object: it has a `$patch`,
/// `$retainKeys`, `$setElementOrder/…` or `$deleteFromPrimitiveList/…` directive; or it is a workload whose template
/// lists containers, none of them with an `image`, and which has neither a `spec.selector` nor template labels (a
/// whole object has all three; a patch names containers by `name` to merge into and leaves the rest to its base).
pub fn is_partial_object(root: &Node, carrier: &PodCarrier) -> bool {
    has_patch_directive(root) || containers_lack_images(root, carrier)
}

fn has_patch_directive(node: &Node) -> bool {
    if let Some(entries) = node.as_mapping() {
        return entries.iter().any(|entry| {
            entry.key_str().is_some_and(|k| {
                k == "$patch"
                    || k == "$retainKeys"
                    || k.starts_with("$setElementOrder/")
                    || k.starts_with("$deleteFromPrimitiveList/")
            }) || has_patch_directive(&entry.value)
        });
    }
    node.as_sequence().unwrap_or_default().iter().any(has_patch_directive)
}

fn containers_lack_images(root: &Node, carrier: &PodCarrier) -> bool {
    // A bare Pod is rarely patched, and a Pod whose one container lacks its image is a common mistake.
    if carrier.template.is_empty() {
        return false;
    }
    let template = carrier.template.iter().try_fold(root, |node, key| node.get(key));
    let labelled = template.and_then(|t| t.get("metadata")).and_then(|m| m.get("labels")).is_some();
    let selected = root.get("spec").and_then(|s| s.get("selector")).is_some();
    let containers = template
        .and_then(|t| t.get("spec"))
        .and_then(|s| s.get("containers"))
        .and_then(Node::as_sequence)
        .unwrap_or_default();
    !labelled
        && !selected
        && !containers.is_empty()
        && containers.iter().all(|c| c.as_mapping().is_some() && c.get("image").is_none())
}

/// Whether a kustomize patch keeps `diagnostic`: one about neither an absence nor a patch directive (a key the
/// schema does not know, `$patch: delete`), nor whether the selector matches the template's labels (the patch is
/// merged into a base that brings either or both).
pub fn patch_keeps(text: &str, diagnostic: &Diagnostic) -> bool {
    let directive = diagnostic.code == codes::UNKNOWN_FIELD
        && text.get(diagnostic.range.as_range()).is_some_and(|key| key.starts_with('$'));
    !(directive || is_about_absence(diagnostic) || diagnostic.code == codes::WORKLOAD_SELECTOR)
}

/// Whether a diagnostic reports that something is absent: what an include or a kustomize base may supply.
pub fn is_about_absence(diagnostic: &Diagnostic) -> bool {
    ABSENCE.contains(&diagnostic.code) || diagnostic.message.contains("Required value")
}

/// Codes that say something is missing, besides the API server's `Required value` messages.
const ABSENCE: &[&str] = &[
    codes::MISSING_FIELD,
    codes::MISSING_KIND,
    codes::POD_NAME_REQUIRED,
    codes::NO_CONTAINERS,
    codes::MISSING_IMAGE,
    codes::MISSING_VOLUME,
    codes::UNDECLARED_PORT_NAME,
    codes::PROBE_HANDLER,
    codes::MISSING_RESOURCES,
    codes::TOKEN_WITHOUT_SERVICE_ACCOUNT,
];

/// Codes that judge several fields together, which in a template may sit in different branches or be rendered.
const RELATIONAL: &[&str] = &[
    codes::WORKLOAD_SELECTOR,
    // A template's restart policy per kind, defaulted when the field is absent (an include may set it).
    codes::WORKLOAD_TEMPLATE,
    // Exactly one source or handler, paths of projected sources apart: `if`/`else` branches often hold one each.
    codes::VOLUME_SOURCE,
    codes::INVALID_VOLUME_SOURCE,
    codes::ENV_VALUE_SOURCE,
    codes::ENV_FROM_SOURCE,
    codes::INVALID_HANDLER,
    // An AppArmor annotation names a container, a mount's propagation needs a privileged container.
    codes::INVALID_ANNOTATION,
    codes::INVALID_VOLUME_MOUNT,
    codes::DUPLICATE_CONTAINER_NAME,
    codes::DUPLICATE_PORT_NAME,
    codes::DUPLICATE_ENV_NAME,
    codes::DUPLICATE_VOLUME_NAME,
    codes::DUPLICATE_MOUNT_PATH,
    codes::HOST_PORT_CONFLICT,
    codes::CONTAINER_PORT_CONFLICT,
    codes::REQUEST_EXCEEDS_LIMIT,
    codes::COUPLED_TIERS,
];

/// One `{{ … }}` action.
struct Action {
    range: TextRange,
    /// It renders nothing: a comment, an assignment, or `if`/`else`/`end`/`range`/`with`/`define`/….
    control: bool,
}

/// Every action of `text`, in order. An action ends at the first `}}` outside its quoted strings (a comment at its
/// `*/}}`); one left open runs to the end of the text.
fn actions(text: &str) -> Vec<Action> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find("{{")).map(|at| at + from) {
        let body_start = at + 2;
        let end = action_end(text, body_start).unwrap_or(text.len());
        let body = text.get(body_start..end.saturating_sub(2).max(body_start)).unwrap_or_default();
        out.push(Action { range: TextRange::new(at, end), control: is_control(body) });
        from = end.max(body_start);
    }
    out
}

/// The offset just past the `}}` that closes the action whose body starts at `from`.
fn action_end(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let trimmed = rest.trim_start_matches('-').trim_start();
    if trimmed.starts_with("/*") {
        let close = rest.find("*/")?;
        let after = rest.get(close..)?.find("}}")?;
        return Some(from + close + after + 2);
    }
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '`' | '\'' => quote = Some(c),
                '}' if chars.peek().is_some_and(|&(_, next)| next == '}') => return Some(from + i + 2),
                _ => {}
            },
        }
    }
    None
}

fn is_control(body: &str) -> bool {
    let body = body.trim_start_matches('-').trim().trim_end_matches('-').trim();
    let word = body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '$' || c == '_')).next().unwrap_or_default();
    let assignment = word.starts_with('$') && {
        let after = body.get(word.len()..).unwrap_or_default().trim_start();
        after.starts_with(":=") || (after.starts_with('=') && !after.starts_with("=="))
    };
    body.starts_with("/*")
        || assignment
        || ["if", "else", "end", "range", "with", "define", "break", "continue"].contains(&word)
}

/// Where a diagnostic may depend on what an output action at `action` renders. An action with literal text on its line
/// renders part of that line's value: the line and what is nested under its key. One alone on its line (`{{- include
/// … | nindent 4 }}`) renders entries or items of the nearest line above that is less indented: that line's key (its
/// value may be only what the action renders) and whatever spans the action, but not the literal siblings beside it,
/// whose own values it cannot change. Measured on the blanked text, so other actions are white space.
fn rendered_into(blanked: &str, lines: &[TextRange], action: TextRange) -> Vec<TextRange> {
    // The line the action starts on: the last one starting at or before it.
    let index = lines.partition_point(|l| l.start <= action.start).saturating_sub(1);
    let line_text = |i: usize| lines.get(i).and_then(|l| blanked.get(l.as_range())).unwrap_or_default();
    // Comments (fixture annotations among them) neither anchor nor end a block.
    let is_blank = |i: usize| {
        let line = line_text(i).trim();
        line.is_empty() || line.starts_with('#')
    };
    let indent = |i: usize| {
        let text = line_text(i);
        text.len() - text.trim_start().len()
    };
    let line_range = |i: usize| lines.get(i).copied().unwrap_or_else(|| TextRange::new(0, blanked.len()));
    if is_blank(index) {
        let action_column = action.start - line_range(index).start;
        return match (0..index).rev().find(|&i| !is_blank(i) && indent(i) < action_column) {
            Some(parent) => vec![line_range(parent), action],
            // Top-level content: it may be anything.
            None => vec![TextRange::new(0, blanked.len())],
        };
    }
    let line = line_text(index).trim_start();
    let key_column = indent(index) + (line.len() - line.trim_start_matches(['-', ' ']).len());
    let last = (index + 1..lines.len())
        .take_while(|&i| is_blank(i) || indent(i) > key_column)
        .filter(|&i| !is_blank(i))
        .last()
        .unwrap_or(index);
    vec![TextRange::new(line_range(index).start, line_range(last).end.max(action.end))]
}

/// Each line's range, without its line break.
fn line_spans(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices('\n') {
        let end = if text.get(..at).is_some_and(|t| t.ends_with('\r')) { at - 1 } else { at };
        out.push(TextRange::new(start, end));
        start = at + 1;
    }
    out.push(TextRange::new(start, text.len()));
    out
}

#[cfg(test)]
mod tests;
