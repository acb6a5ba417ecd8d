//! Schema-driven completion: the keys an object still lacks, enum and boolean values, the Pod skeleton, and the
//! required fields of a new list item; plus the names declared elsewhere in the Pod where a field refers to one
//! (see [`names`]) and the well-known values of a few open fields.
//!
//! Inserted text carries absolute indentation (the key's column in the document), so the protocol layer sends it
//! as is (LSP `InsertTextMode.asIs`) rather than letting the client re-indent it.
//!
//! Architecture Invariant: no LSP types here; [`CompletionItem`] is ours and `lsp/convert.rs` maps it.

mod names;

use crate::model::pod;
use crate::model::workload::{self, PodCarrier};
use crate::schema::ext::KnownValue;
use crate::schema::{self, SchemaView, TypeKind};
use crate::syntax::query::{CursorContext, FlowKind, Position};
use crate::syntax::{Parse, PathSeg};
use crate::text::TextRange;

/// One completion proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    /// What the list shows (`imagePullPolicy`, `Always`).
    pub label: String,
    pub kind: CompletionKind,
    /// A one-line summary: the type label, and whether the field is required.
    pub detail: Option<String>,
    /// Markdown: the schema's description of the field.
    pub documentation: Option<String>,
    /// The plain text that replaces `replace_range`, for clients without snippet support.
    pub insert_text: String,
    /// The same insertion as a snippet with `$1`…`$0` tab stops, when it has any.
    pub snippet: Option<String>,
    /// The range the insertion replaces: the partial word under the cursor.
    pub replace_range: TextRange,
    /// Orders the list: required keys first, then the rest by name.
    pub sort_text: String,
    /// What the client matches the typed word against, when not the label.
    pub filter_text: Option<String>,
    /// The field still works but Kubernetes tells people to stop using it (in-tree volume plugins,
    /// `serviceAccount`); clients strike it through.
    pub deprecated: bool,
}

/// What a proposal inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A field name.
    Key,
    /// A value from a closed set (an enum, a boolean).
    Value,
    /// A name declared elsewhere in the Pod (a volume, a container, a port).
    Reference,
    /// A multi-line template (the Pod skeleton, the required fields of a new item).
    Snippet,
}

/// Completions at `offset` in the text of one `---` document and its parse; ranges are document offsets.
pub fn document_completions(text: &str, parse: &Parse, offset: usize) -> Vec<CompletionItem> {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    if let Some(root) = &parse.root
        && crate::syntax::query::in_block_scalar(root, offset)
    {
        return Vec::new();
    }
    let Some(ctx) = CursorContext::at(text, offset) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    // The kind being typed decides the schema, so its own value is completed whatever it says so far.
    if matches!(ctx.position, Position::Value { .. }) && ctx.value_path() == [PathSeg::Key("kind".to_owned())] {
        kind_items(&ctx, &mut items);
        return with_space(&ctx, items);
    }
    let Some(carrier) = pod::document_carrier(parse.root.as_ref()) else {
        return Vec::new();
    };
    let at = |path: &[PathSeg]| schema::at_kind(carrier.definition, path);
    if is_empty_but_word(text, &ctx) {
        for (order, each) in workload::CARRIERS.iter().enumerate() {
            items.push(skeleton(each, order, ctx.word_range));
        }
    }
    match &ctx.position {
        Position::Key => {
            if let Some(root) = &parse.root {
                items.extend(names::name_completions(text, root, &ctx));
            }
            let Some(parent) = at(&ctx.parent) else {
                return items;
            };
            if parent.is_mapping() && ctx.flow == Some(FlowKind::Sequence) {
                // An object item of a flow sequence starts with `{`; a bare key would make a one-entry mapping.
                return items;
            } else if parent.is_mapping() {
                key_items(&ctx, parent, &mut items);
            } else if let Some(item) = parent.items().filter(|_| !ctx.new_item && ctx.word.is_empty()) {
                // On the line under a list's key, before its `- `: offer whole items, dash included.
                first_items(&ctx, carrier, item, &mut items);
            } else if ctx.new_item || !ctx.parent.is_empty() {
                if let Some(root) = &parse.root {
                    items.extend(names::expansion_completions(text, root, &ctx, offset));
                }
                value_items(&ctx, carrier, &ctx.parent, parent, &mut items);
            }
        }
        Position::Value { .. } => {
            if let Some(root) = &parse.root {
                items.extend(names::name_completions(text, root, &ctx));
                items.extend(names::expansion_completions(text, root, &ctx, offset));
            }
            let path = ctx.value_path();
            if let Some(view) = at(&path) {
                value_items(&ctx, carrier, &path, view, &mut items);
            }
        }
    }
    with_space(&ctx, items)
}

/// The items with the space after the colon the cursor sits right behind, where one is needed.
fn with_space(ctx: &CursorContext, mut items: Vec<CompletionItem>) -> Vec<CompletionItem> {
    if ctx.needs_space {
        for item in &mut items {
            item.insert_text.insert(0, ' ');
            if let Some(snippet) = &mut item.snippet {
                snippet.insert(0, ' ');
            }
        }
    }
    items
}

/// Whether the document holds nothing but the word being typed (and comments, markers, white space).
fn is_empty_but_word(text: &str, ctx: &CursorContext) -> bool {
    if !ctx.parent.is_empty() || ctx.position != Position::Key || ctx.key_column != 0 || ctx.flow.is_some() {
        return false;
    }
    let (before, after) = (text.get(..ctx.word_range.start), text.get(ctx.word_range.end..));
    let only_trivia = |part: &str| {
        part.lines().all(|line| {
            let line = line.trim();
            line.is_empty() || line.starts_with('#') || line == "---" || line.starts_with("--- ")
        })
    };
    before.is_some_and(only_trivia) && after.is_some_and(only_trivia)
}

/// A minimal document of `carrier`'s kind: apiVersion, kind, a name, the fields the kind's schema requires on the way
/// to its Pod spec (a selector with the template's label, a schedule), and one container.
fn skeleton(carrier: &PodCarrier, order: usize, range: TextRange) -> CompletionItem {
    let kind = carrier.kind;
    let mut lines = vec![
        format!("apiVersion: {}", carrier.api_version),
        format!("kind: {kind}"),
        "metadata:".to_owned(),
        format!("  name: ${{1:my-{}}}", kind.to_ascii_lowercase()),
    ];
    let mut stop = 2;
    let mut label_stop = None;
    let mut path = Vec::new();
    for (depth, segment) in carrier.template.iter().enumerate() {
        let indent = "  ".repeat(depth);
        lines.push(format!("{indent}{segment}:"));
        path.push(PathSeg::Key((*segment).to_owned()));
        let required: Vec<&str> =
            schema::at_kind(carrier.definition, &path).map(|object| object.required().collect()).unwrap_or_default();
        if required.contains(&"selector") {
            lines.extend([format!("{indent}  selector:"), format!("{indent}    matchLabels:")]);
            lines.push(format!("{indent}      app: ${{{stop}:web}}"));
            label_stop = Some(stop);
            stop += 1;
        }
        if required.contains(&"schedule") {
            lines.push(format!("{indent}  schedule: \"${{{stop}:0 * * * *}}\""));
            stop += 1;
        }
    }
    let indent = "  ".repeat(carrier.template.len());
    if !carrier.is_pod() {
        let label = label_stop.unwrap_or_else(|| {
            stop += 1;
            stop - 1
        });
        lines.extend([format!("{indent}metadata:"), format!("{indent}  labels:")]);
        lines.push(format!("{indent}    app: ${{{label}:web}}"));
    }
    lines.extend([format!("{indent}spec:"), format!("{indent}  containers:")]);
    lines.push(format!("{indent}    - name: ${{{stop}:app}}"));
    lines.push(format!("{indent}      image: ${{{}:nginx:1.27}}", stop + 1));
    if let Some(policy) = pod::required_restart_policy(carrier) {
        lines.push(format!("{indent}  restartPolicy: {policy}"));
    }
    let snippet = format!("{}$0", lines.join("\n"));
    let plain = snippet_text(&snippet);
    CompletionItem {
        label: kind.to_owned(),
        kind: CompletionKind::Snippet,
        detail: Some(format!("{kind} skeleton")),
        documentation: Some(format!(
            "A minimal {kind}: the fields it requires and one container with a name and an image.\n\n```yaml\n{plain}\n```"
        )),
        insert_text: plain,
        snippet: Some(snippet),
        replace_range: range,
        // Before the root's keys (`00apiVersion`…), in the order of the kinds' table.
        sort_text: format!("0-{order}"),
        filter_text: Some(format!("{} apiVersion kind", kind.to_ascii_lowercase())),
        deprecated: false,
    }
}

/// The text a snippet inserts without tab stops: `${1:name}` becomes `name`, `$0` nothing.
fn snippet_text(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut rest = snippet;
    while let Some(at) = rest.find('$') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            let body = inner.get(..end).unwrap_or_default();
            out.push_str(body.split_once(':').map_or("", |(_, placeholder)| placeholder));
            rest = inner.get(end + 1..).unwrap_or_default();
        } else {
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    out
}

/// On the value of `kind`: every kind podls knows, with the apiVersion it is served at.
fn kind_items(ctx: &CursorContext, items: &mut Vec<CompletionItem>) {
    for (order, carrier) in workload::CARRIERS.iter().enumerate() {
        items.push(CompletionItem {
            label: carrier.kind.to_owned(),
            kind: CompletionKind::Value,
            detail: Some(carrier.api_version.to_owned()),
            documentation: Some(format!("`apiVersion: {}`", carrier.api_version)),
            insert_text: carrier.kind.to_owned(),
            snippet: None,
            replace_range: ctx.word_range,
            sort_text: format!("0{order}"),
            filter_text: None,
            deprecated: false,
        });
    }
}

/// The keys `parent` (a mapping schema) still lacks.
fn key_items(ctx: &CursorContext, parent: SchemaView<'static>, items: &mut Vec<CompletionItem>) {
    let indent = ctx.key_column;
    if let TypeKind::Map { values } = parent.kind() {
        let value = schema::schema().view(*values);
        for known in parent.known_keys() {
            let name = known.value.as_str();
            if ctx.present.iter().any(|p| p == name) {
                continue;
            }
            let (insert_text, snippet) = key_insertion(name, value, indent, ctx);
            items.push(CompletionItem {
                label: name.to_owned(),
                kind: CompletionKind::Key,
                detail: Some(value.type_label()),
                documentation: Some(known.doc.clone()),
                insert_text,
                snippet,
                replace_range: ctx.word_range,
                sort_text: format!("1{name}"),
                filter_text: None,
                deprecated: false,
            });
        }
        return;
    }
    if ctx.new_item && !ctx.has_colon && ctx.present.is_empty() {
        items.extend(required_fields_items(ctx, parent));
    }
    let at_root = ctx.parent.is_empty();
    for field in parent.properties() {
        let Some(name) = field.name() else { continue };
        if ctx.present.iter().any(|p| p == name) || (at_root && name == "status") {
            continue;
        }
        let (insert_text, snippet) = key_insertion(name, field, indent, ctx);
        let deprecated = field.is_deprecated();
        let group = match (at_root, name) {
            (true, "apiVersion") => "00",
            (true, "kind") => "01",
            (true, "metadata") => "02",
            (true, "spec") => "03",
            _ if field.is_required() => "10",
            _ if deprecated => "30",
            _ if parent.type_ext().common_fields.iter().any(|common| common == name) => "15",
            _ => "20",
        };
        let mut detail = field.type_label();
        if field.is_required() {
            detail.push_str(", required");
        }
        items.push(CompletionItem {
            label: name.to_owned(),
            kind: CompletionKind::Key,
            detail: Some(detail),
            documentation: field.documentation(),
            insert_text,
            snippet,
            replace_range: ctx.word_range,
            sort_text: format!("{group}{name}"),
            filter_text: None,
            deprecated,
        });
    }
}

/// The text that inserts a key: `key: ` for a scalar, or the key and an indented next line for a collection; inside
/// a flow collection, which has no lines to structure it, `key: {}` and `key: []` with the cursor inside.
fn key_insertion(name: &str, field: SchemaView<'_>, indent: usize, ctx: &CursorContext) -> (String, Option<String>) {
    if ctx.has_colon {
        return (name.to_owned(), None);
    }
    let inner = " ".repeat(indent + 2);
    let values = allowed_values(field);
    match (field.kind(), values.as_slice()) {
        (TypeKind::Object { .. } | TypeKind::Map { .. }, _) if ctx.flow.is_some() => {
            (format!("{name}: {{}}"), Some(format!("{}: {{$0}}", escape_snippet(name))))
        }
        (TypeKind::Array { .. }, _) if ctx.flow.is_some() => {
            (format!("{name}: []"), Some(format!("{}: [$0]", escape_snippet(name))))
        }
        (TypeKind::Object { .. } | TypeKind::Map { .. }, _) => {
            (format!("{name}:\n{inner}"), Some(format!("{}:\n{inner}$0", escape_snippet(name))))
        }
        (TypeKind::Array { .. }, _) => {
            (format!("{name}:\n{inner}- "), Some(format!("{}:\n{inner}- $0", escape_snippet(name))))
        }
        (_, [only]) => (format!("{name}: {only}"), None),
        (TypeKind::Boolean, _) => {
            (format!("{name}: "), Some(format!("{}: ${{1|true,false|}}$0", escape_snippet(name))))
        }
        (_, [_, ..]) => {
            let choices: Vec<String> = values.iter().map(|v| escape_choice(v)).collect();
            (format!("{name}: "), Some(format!("{}: ${{1|{}|}}$0", escape_snippet(name), choices.join(","))))
        }
        _ => (format!("{name}: "), Some(format!("{}: $0", escape_snippet(name)))),
    }
}

/// Proposals that fill in every field a new item of this type needs (`name` and `image` of a container; a volume's
/// name and one of the common sources).
fn required_fields_items(ctx: &CursorContext, item: SchemaView<'static>) -> Vec<CompletionItem> {
    let short = item.short_name().unwrap_or("item");
    let required: Vec<&str> = item.required().collect();
    // The sets of fields the API server insists on beyond the schema's `required` (a container's `image`, a
    // volume's source): `x-podls` `initKeys`.
    let mut sets: Vec<Vec<&str>> =
        item.type_ext().init_keys.iter().map(|set| set.iter().map(String::as_str).collect()).collect();
    if sets.is_empty() {
        sets.push(required.clone());
    }
    let mut out = Vec::new();
    for (n, mut fields) in sets.into_iter().enumerate() {
        for name in &required {
            if !fields.iter().any(|f| f.split(['.', '=']).next() == Some(name)) {
                fields.push(name);
            }
        }
        if fields.len() < 2 {
            continue;
        }
        let (plain, snippet) = render_fields(item, &fields, ctx.key_column);
        let names: Vec<&str> = fields.iter().filter_map(|f| f.split(['.', '=']).next()).collect();
        out.push(CompletionItem {
            label: format!("{short} ({})", names.join(", ")),
            kind: CompletionKind::Snippet,
            detail: Some(format!("new {short} with its required fields")),
            documentation: item.ty().description.clone(),
            insert_text: plain,
            snippet: Some(snippet),
            replace_range: ctx.word_range,
            sort_text: format!("0{n}"),
            filter_text: names.first().map(|name| (*name).to_owned()),
            deprecated: false,
        });
    }
    out
}

/// The text of a template's fields at `column`, plain and as a snippet with a tab stop per value.
fn render_fields(item: SchemaView<'_>, fields: &[&str], column: usize) -> (String, String) {
    let indent = " ".repeat(column);
    let mut plain = String::new();
    let mut snippet = String::new();
    let mut stop = 0;
    for (i, spec) in fields.iter().enumerate() {
        if i > 0 {
            plain.push('\n');
            plain.push_str(&indent);
            snippet.push('\n');
            snippet.push_str(&indent);
        }
        if let Some(name) = spec.strip_suffix("={}") {
            plain.push_str(&format!("{name}: {{}}"));
            snippet.push_str(&format!("{name}: {{}}"));
            continue;
        }
        stop += 1;
        let (text, tab) = match spec.split_once('.') {
            Some((outer, inner)) => {
                (format!("{outer}:\n{indent}  {inner}: "), format!("{outer}:\n{indent}  {inner}: ${stop}"))
            }
            None => match item.field(spec) {
                Some(f) if f.is_mapping() => (format!("{spec}:\n{indent}  "), format!("{spec}:\n{indent}  ${stop}")),
                Some(f) if f.is_sequence() => {
                    (format!("{spec}:\n{indent}  - "), format!("{spec}:\n{indent}  - ${stop}"))
                }
                _ => (format!("{spec}: "), format!("{spec}: ${stop}")),
            },
        };
        plain.push_str(&text);
        snippet.push_str(&tab);
    }
    snippet.push_str("$0");
    (plain, snippet)
}

/// New items for an empty line under a list's key: the required-field templates of an object item, or the allowed
/// values of a scalar item, each after `- `.
fn first_items(ctx: &CursorContext, carrier: &PodCarrier, item: SchemaView<'static>, items: &mut Vec<CompletionItem>) {
    let mut inner = ctx.clone();
    inner.key_column += 2;
    inner.new_item = true;
    inner.has_colon = false;
    let mut proposals = Vec::new();
    if item.is_mapping() {
        proposals = required_fields_items(&inner, item);
        if proposals.is_empty() {
            // No template: the item's required keys, or else an empty item to fill in.
            for name in item.required() {
                let (insert_text, snippet) =
                    key_insertion(name, item.field(name).expect("a required field exists"), inner.key_column, &inner);
                proposals.push(CompletionItem {
                    label: format!("- {name}"),
                    kind: CompletionKind::Snippet,
                    detail: item.short_name().map(|s| format!("new {s}")),
                    documentation: item.ty().description.clone(),
                    insert_text,
                    snippet,
                    replace_range: ctx.word_range,
                    sort_text: "0".to_owned(),
                    filter_text: None,
                    deprecated: false,
                });
            }
        }
    } else {
        let mut item_path = ctx.parent.clone();
        item_path.push(PathSeg::Index(0));
        let known =
            well_known_values(carrier, &item_path).iter().map(|known| (known.value.as_str(), Some(known.doc.clone())));
        let values: Vec<(&str, Option<String>)> = if item.enum_values().is_empty() {
            known.collect()
        } else {
            item.enum_values().iter().filter(|v| !v.is_empty()).map(|v| (v.as_str(), None)).collect()
        };
        for (value, documentation) in values {
            proposals.push(CompletionItem {
                label: format!("- {value}"),
                kind: CompletionKind::Value,
                detail: Some(item.type_label()),
                documentation,
                insert_text: value.to_owned(),
                snippet: None,
                replace_range: ctx.word_range,
                sort_text: format!("0{:04}", proposals.len()),
                filter_text: None,
                deprecated: false,
            });
        }
    }
    for mut proposal in proposals {
        proposal.insert_text.insert_str(0, "- ");
        if let Some(snippet) = &mut proposal.snippet {
            snippet.insert_str(0, "- ");
        }
        if !proposal.label.starts_with("- ") {
            proposal.label.insert_str(0, "- ");
        }
        proposal.filter_text = Some("-".to_owned());
        items.push(proposal);
    }
}

/// Values for a scalar position: the enum of the schema, or `true`/`false`.
fn value_items(
    ctx: &CursorContext,
    carrier: &PodCarrier,
    path: &[PathSeg],
    view: SchemaView<'static>,
    items: &mut Vec<CompletionItem>,
) {
    let mut push = |label: &str, kind: CompletionKind, detail: Option<String>, documentation: Option<String>| {
        items.push(CompletionItem {
            label: label.to_owned(),
            kind,
            detail,
            documentation,
            insert_text: label.to_owned(),
            snippet: None,
            replace_range: ctx.word_range,
            sort_text: format!("{:04}", items.len()),
            filter_text: None,
            deprecated: false,
        });
    };
    let description = view.description().map(str::to_owned);
    if matches!(view.kind(), TypeKind::Boolean) {
        for value in ["true", "false"] {
            push(value, CompletionKind::Value, Some("boolean".to_owned()), None);
        }
        return;
    }
    // A workload's Pods take only some restart policies; offering the others would offer an error.
    let pod_restart_policy = carrier.pod_spec().chain(["restartPolicy"]).eq(path.iter().map(|seg| match seg {
        PathSeg::Key(key) => key.as_str(),
        PathSeg::Index(_) => "",
    }));
    let allowed = pod_restart_policy.then(|| pod::allowed_restart_policies(carrier)).flatten();
    for value in view.enum_values() {
        if !value.is_empty() && allowed.is_none_or(|allowed| allowed.contains(&value.as_str())) {
            push(value, CompletionKind::Value, Some(view.type_label()), description.clone());
        }
    }
    if view.enum_values().is_empty() {
        for known in well_known_values(carrier, path) {
            push(&known.value, CompletionKind::Value, Some(view.type_label()), Some(known.doc.clone()));
        }
    }
}

/// The closed set a field holds: its enum, or the `x-podls` values a semantic rule judges (`closed`); `""` left out.
fn allowed_values(field: SchemaView<'_>) -> Vec<&str> {
    if field.is_closed() {
        return field.known_values().iter().map(|known| known.value.as_str()).collect();
    }
    field.enum_values().iter().map(String::as_str).filter(|v| !v.is_empty()).collect()
}

/// Values that open string fields commonly hold (the schema leaves them open, the API server or the kubelet knows
/// them: Linux capabilities, downward API paths, well-known topology labels): `x-podls` `values` of the field at
/// `path`, or of the array whose item `path` is.
fn well_known_values(carrier: &PodCarrier, path: &[PathSeg]) -> &'static [KnownValue] {
    let field = match path.split_last() {
        Some((PathSeg::Index(_), array)) => schema::at_kind(carrier.definition, array),
        _ => schema::at_kind(carrier.definition, path),
    };
    field.map(SchemaView::known_values).unwrap_or_default()
}

fn escape_snippet(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn escape_choice(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\' | '|' | ',') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::test_utils::cursor;

    /// Completions at file offset `offset` of `text`, as the server asks for them; ranges are file offsets.
    pub(super) fn completions(text: &str, offset: usize) -> Vec<CompletionItem> {
        let (mut items, start) =
            crate::ide::fixture::ask(text, offset, |doc, analysis, at| document_completions(doc, &analysis.parse, at));
        for item in &mut items {
            item.replace_range = item.replace_range.shift(start);
        }
        items
    }

    /// Renders the first proposals one per line: label, kind, detail, and the insertion (snippet when there is one).
    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = cursor(fixture);
        let items = completions(&text, offset);
        let mut sorted: Vec<&CompletionItem> = items.iter().collect();
        sorted.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then(a.label.cmp(&b.label)));
        let mut out = String::new();
        if sorted.len() > 6 {
            out.push_str(&format!("{} proposals, the first 6:\n", sorted.len()));
        }
        for item in sorted.into_iter().take(6) {
            let insertion = item.snippet.as_deref().unwrap_or(&item.insert_text);
            out.push_str(&format!(
                "{:?} {} [{}] {:?} @{:?}\n",
                item.kind,
                item.label,
                item.detail.as_deref().unwrap_or(""),
                insertion,
                &text[item.replace_range.as_range()],
            ));
        }
        expect.assert_eq(&out);
    }

    /// Like [`check`], but only the labels, in list order.
    fn check_labels(fixture: &str, expect: Expect) {
        let (text, offset) = cursor(fixture);
        let mut items = completions(&text, offset);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text).then(a.label.cmp(&b.label)));
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        expect.assert_eq(&labels.join(" "));
    }

    #[test]
    fn pod_skeleton_in_an_empty_document() {
        check_labels(
            "$0",
            expect![
                "Pod PodTemplate ReplicationController Deployment ReplicaSet DaemonSet StatefulSet Job CronJob apiVersion kind metadata spec"
            ],
        );
        check_labels(
            "# 파드\n---\n$0\n",
            expect![
                "Pod PodTemplate ReplicationController Deployment ReplicaSet DaemonSet StatefulSet Job CronJob apiVersion kind metadata spec"
            ],
        );
        let (text, offset) = cursor("apiVersion: v1\nkind: Pod\n---\n$0");
        let items = completions(&text, offset);
        let pod = items.iter().find(|i| i.label == "Pod").unwrap();
        expect![[r#"
            apiVersion: v1
            kind: Pod
            metadata:
              name: ${1:my-pod}
            spec:
              containers:
                - name: ${2:app}
                  image: ${3:nginx:1.27}$0"#]]
        .assert_eq(pod.snippet.as_deref().unwrap());
    }

    #[test]
    fn top_level_keys_with_their_values() {
        check(
            "kind: Pod\n$0",
            expect![[r#"
                Key apiVersion [string] "apiVersion: v1" @""
                Key metadata [object (ObjectMeta)] "metadata:\n  $0" @""
                Key spec [object (PodSpec)] "spec:\n  $0" @""
            "#]],
        );
    }

    #[test]
    fn container_keys_while_typing() {
        let (text, offset) = cursor("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: x\n    ima$0\n");
        let items = completions(&text, offset);
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert!(!labels.contains(&"name"), "present keys are left out");
        let policy = items.iter().find(|i| i.label == "imagePullPolicy").unwrap();
        expect![[r#"
            imagePullPolicy: ${1|Always,IfNotPresent,Never|}$0
            string
            ima"#]]
        .assert_eq(&format!(
            "{}\n{}\n{}",
            policy.snippet.as_deref().unwrap(),
            policy.detail.as_deref().unwrap(),
            &text[policy.replace_range.as_range()]
        ));
        assert!(policy.documentation.as_deref().unwrap().contains("Allowed values: `Always`, `IfNotPresent`, `Never`"));
        let ports = items.iter().find(|i| i.label == "ports").unwrap();
        assert_eq!(ports.insert_text, "ports:\n      - ");
        let resources = items.iter().find(|i| i.label == "resources").unwrap();
        assert_eq!(resources.snippet.as_deref(), Some("resources:\n      $0"));
    }

    #[test]
    fn required_keys_come_first() {
        check_labels(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - name: http\n      $0\n",
            expect!["containerPort hostIP hostPort protocol"],
        );
    }

    #[test]
    fn new_items_offer_their_required_fields() {
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    image: b\n  - $0\n",
            expect![[r#"
                26 proposals, the first 6:
                Snippet Container (name, image) [new Container with its required fields] "name: $1\n    image: $2$0" @""
                Key name [string, required] "name: $0" @""
                Key args [[]string] "args:\n      - $0" @""
                Key command [[]string] "command:\n      - $0" @""
                Key env [[]EnvVar] "env:\n      - $0" @""
                Key image [string] "image: $0" @""
            "#]],
        );
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    volumeMounts:\n      - $0\n",
            expect![[r#"
                9 proposals, the first 6:
                Snippet VolumeMount (name, mountPath) [new VolumeMount with its required fields] "name: $1\n        mountPath: $2$0" @""
                Key mountPath [string, required] "mountPath: $0" @""
                Key name [string, required] "name: $0" @""
                Key bindMountOptions [[]string] "bindMountOptions:\n          - $0" @""
                Key mountPropagation [string] "mountPropagation: ${1|None,HostToContainer,Bidirectional|}$0" @""
                Key readOnly [boolean] "readOnly: ${1|true,false|}$0" @""
            "#]],
        );
    }

    #[test]
    fn whole_items_on_the_line_under_a_list() {
        check(
            "kind: Pod\nspec:\n  containers:\n    $0\n",
            expect![[r#"
                Snippet - Container (name, image) [new Container with its required fields] "- name: $1\n      image: $2$0" @""
            "#]],
        );
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n      $0\n",
            expect![[r#"
                Snippet - containerPort [new ContainerPort] "- containerPort: $0" @""
            "#]],
        );
        check(
            "kind: Pod\nspec:\n  volumes:\n  - name: a\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n          accessModes:\n            $0\n",
            expect![[r#"
                Value - ReadWriteOnce [string] "- ReadWriteOnce" @""
                Value - ReadOnlyMany [string] "- ReadOnlyMany" @""
                Value - ReadWriteMany [string] "- ReadWriteMany" @""
                Value - ReadWriteOncePod [string] "- ReadWriteOncePod" @""
            "#]],
        );
    }

    #[test]
    fn right_after_a_dash_the_item_gets_its_space() {
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    env:\n    -$0\n",
            expect![[r#"
                Snippet EnvVar (name, value) [new EnvVar with its required fields] " name: $1\n      value: $2$0" @""
                Key name [string, required] " name: $0" @""
                Key value [string] " value: $0" @""
                Key valueFrom [object (EnvVarSource)] " valueFrom:\n        $0" @""
            "#]],
        );
    }

    #[test]
    fn new_volumes_offer_common_sources() {
        check(
            "kind: Pod\nspec:\n  volumes:\n  - $0\n",
            expect![[r#"
                35 proposals, the first 6:
                Snippet Volume (name, emptyDir) [new Volume with its required fields] "name: $1\n    emptyDir: {}$0" @""
                Snippet Volume (name, configMap) [new Volume with its required fields] "name: $1\n    configMap:\n      name: $2$0" @""
                Snippet Volume (name, secret) [new Volume with its required fields] "name: $1\n    secret:\n      secretName: $2$0" @""
                Snippet Volume (name, persistentVolumeClaim) [new Volume with its required fields] "name: $1\n    persistentVolumeClaim:\n      claimName: $2$0" @""
                Key name [string, required] "name: $0" @""
                Key configMap [object (ConfigMapVolumeSource)] "configMap:\n      $0" @""
            "#]],
        );
    }

    #[test]
    fn enum_and_boolean_values() {
        check(
            "kind: Pod\nspec:\n  restartPolicy: $0\n",
            expect![[r#"
                Value Always [string] "Always" @""
                Value OnFailure [string] "OnFailure" @""
                Value Never [string] "Never" @""
            "#]],
        );
        check(
            "kind: Pod\nspec:\n  restartPolicy:$0\n",
            expect![[r#"
                Value Always [string] " Always" @""
                Value OnFailure [string] " OnFailure" @""
                Value Never [string] " Never" @""
            "#]],
        );
        check(
            "kind: Pod\nspec:\n  hostNetwork: t$0\n",
            expect![[r#"
                Value true [boolean] "true" @"t"
                Value false [boolean] "false" @"t"
            "#]],
        );
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: 웹\n    ports:\n    - containerPort: 80\n      protocol: U$0  # 주석\n",
            expect![[r#"
                Value TCP [string] "TCP" @"U"
                Value UDP [string] "UDP" @"U"
                Value SCTP [string] "SCTP" @"U"
            "#]],
        );
    }

    #[test]
    fn well_known_values_of_open_fields() {
        check_labels(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        drop:\n        - $0\n",
            expect![
                "ALL NET_BIND_SERVICE NET_ADMIN NET_RAW SYS_ADMIN SYS_PTRACE SYS_TIME SYS_RESOURCE SYS_NICE IPC_LOCK CHOWN DAC_OVERRIDE FOWNER SETUID SETGID KILL"
            ],
        );
        check_labels(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      capabilities:\n        add:\n          $0\n",
            expect![
                "- ALL - NET_BIND_SERVICE - NET_ADMIN - NET_RAW - SYS_ADMIN - SYS_PTRACE - SYS_TIME - SYS_RESOURCE - SYS_NICE - IPC_LOCK - CHOWN - DAC_OVERRIDE - FOWNER - SETUID - SETGID - KILL"
            ],
        );
        check_labels(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    env:\n    - name: NODE\n      valueFrom:\n        fieldRef:\n          fieldPath: $0\n",
            expect![
                "metadata.name metadata.namespace metadata.uid metadata.labels metadata.annotations spec.nodeName spec.serviceAccountName status.hostIP status.hostIPs status.podIP status.podIPs"
            ],
        );
        check_labels(
            "kind: Pod\nspec:\n  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: $0\n",
            expect!["kubernetes.io/hostname topology.kubernetes.io/zone topology.kubernetes.io/region"],
        );
    }

    #[test]
    fn common_fields_follow_the_required_ones() {
        let (text, offset) = cursor("kind: Pod\nmetadata:\n  $0\nspec:\n  containers:\n  - name: a\n");
        let mut items = completions(&text, offset);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        let first: Vec<&str> = items.iter().take(4).map(|i| i.label.as_str()).collect();
        expect!["annotations labels name namespace"].assert_eq(&first.join(" "));
    }

    #[test]
    fn deprecated_fields_come_last() {
        let (text, offset) = cursor("kind: Pod\nspec:\n  volumes:\n  - name: a\n    $0\n");
        let mut items = completions(&text, offset);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        let deprecated: Vec<&str> = items.iter().filter(|i| i.deprecated).map(|i| i.label.as_str()).collect();
        expect!["awsElasticBlockStore azureDisk azureFile cephfs cinder flexVolume flocker gcePersistentDisk gitRepo glusterfs photonPersistentDisk portworxVolume quobyte rbd scaleIO storageos vsphereVolume"].assert_eq(&deprecated.join(" "));
        assert!(items.iter().rev().take(deprecated.len()).all(|i| i.deprecated));
    }

    #[test]
    fn map_keys_and_nothing_for_other_kinds() {
        check_labels(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        cpu: 1\n        $0\n",
            expect!["ephemeral-storage memory"],
        );
        check_labels("kind: Service\nspec:\n  $0\n", expect![[""]]);
    }

    #[test]
    fn completion_in_the_second_document_of_a_file() {
        check_labels(
            "kind: Pod\nspec:\n  containers: []\n---\nkind: Pod\nspec:\n  dnsPolicy: $0\n---\nkind: Pod\n",
            expect!["ClusterFirstWithHostNet ClusterFirst Default None"],
        );
    }

    #[test]
    fn a_skeleton_per_kind() {
        let (text, offset) = cursor("$0");
        let items = completions(&text, offset);
        let snippet = |kind: &str| items.iter().find(|i| i.label == kind).and_then(|i| i.snippet.clone()).unwrap();
        expect![[r#"
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${1:my-deployment}
            spec:
              selector:
                matchLabels:
                  app: ${2:web}
              template:
                metadata:
                  labels:
                    app: ${2:web}
                spec:
                  containers:
                    - name: ${3:app}
                      image: ${4:nginx:1.27}$0"#]]
        .assert_eq(&snippet("Deployment"));
        expect![[r#"
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: ${1:my-cronjob}
            spec:
              schedule: "${2:0 * * * *}"
              jobTemplate:
                spec:
                  template:
                    metadata:
                      labels:
                        app: ${3:web}
                    spec:
                      containers:
                        - name: ${4:app}
                          image: ${5:nginx:1.27}
                      restartPolicy: OnFailure$0"#]]
        .assert_eq(&snippet("CronJob"));
        let plain = items.iter().find(|i| i.label == "StatefulSet").map(|i| i.insert_text.clone()).unwrap();
        expect![[r#"
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: my-statefulset
            spec:
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: app
                      image: nginx:1.27"#]]
        .assert_eq(&plain);
    }

    #[test]
    fn kinds_with_their_api_version() {
        check(
            "apiVersion: apps/v1\nkind: Dep$0\n",
            expect![[r#"
                9 proposals, the first 6:
                Value Pod [v1] "Pod" @"Dep"
                Value PodTemplate [v1] "PodTemplate" @"Dep"
                Value ReplicationController [v1] "ReplicationController" @"Dep"
                Value Deployment [apps/v1] "Deployment" @"Dep"
                Value ReplicaSet [apps/v1] "ReplicaSet" @"Dep"
                Value DaemonSet [apps/v1] "DaemonSet" @"Dep"
            "#]],
        );
    }

    #[test]
    fn keys_and_values_inside_a_deployment() {
        check(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  $0\n",
            expect![[r#"
                8 proposals, the first 6:
                Key selector [object (LabelSelector), required] "selector:\n    $0" @""
                Key template [object (PodTemplateSpec), required] "template:\n    $0" @""
                Key minReadySeconds [integer] "minReadySeconds: $0" @""
                Key paused [boolean] "paused: ${1|true,false|}$0" @""
                Key progressDeadlineSeconds [integer] "progressDeadlineSeconds: $0" @""
                Key replicas [integer] "replicas: $0" @""
            "#]],
        );
        check(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  strategy:\n    type: $0\n",
            expect![[r#"
            Value Recreate [string] "Recreate" @""
            Value RollingUpdate [string] "RollingUpdate" @""
        "#]],
        );
        check(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: x\n        imagePullPolicy: $0\n",
            expect![[r#"
                Value Always [string] "Always" @""
                Value IfNotPresent [string] "IfNotPresent" @""
                Value Never [string] "Never" @""
            "#]],
        );
    }

    #[test]
    fn restart_policies_each_kind_accepts() {
        check_labels("apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: $0\n", expect!["Always OnFailure Never"]);
        check_labels(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      restartPolicy: $0\n",
            expect!["Always"],
        );
        check_labels(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: $0\n",
            expect!["OnFailure Never"],
        );
        // A container's own restartPolicy (a sidecar's) is another field.
        check_labels(
            "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      initContainers:\n      - name: s\n        restartPolicy: $0\n",
            expect!["Always"],
        );
    }

    #[test]
    fn keys_inside_a_statefulset_and_a_cronjob() {
        check(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  podManagementPolicy: $0\n",
            expect![[r#"
            Value OrderedReady [string] "OrderedReady" @""
            Value Parallel [string] "Parallel" @""
        "#]],
        );
        check(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  concurrencyPolicy: $0\n",
            expect![[r#"
            Value Allow [string] "Allow" @""
            Value Forbid [string] "Forbid" @""
            Value Replace [string] "Replace" @""
        "#]],
        );
        check(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: x\n            ima$0\n",
            expect![[r#"
                24 proposals, the first 6:
                Key args [[]string] "args:\n              - $0" @"ima"
                Key command [[]string] "command:\n              - $0" @"ima"
                Key env [[]EnvVar] "env:\n              - $0" @"ima"
                Key image [string] "image: $0" @"ima"
                Key ports [[]ContainerPort] "ports:\n              - $0" @"ima"
                Key resources [object (ResourceRequirements)] "resources:\n              $0" @"ima"
            "#]],
        );
    }

    #[test]
    fn closed_workload_values_that_the_rules_judge() {
        check(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  strategy:\n    ty$0\n",
            expect![[r#"
            Key rollingUpdate [object (RollingUpdateDeployment)] "rollingUpdate:\n      $0" @"ty"
            Key type [string] "type: ${1|Recreate,RollingUpdate|}$0" @"ty"
        "#]],
        );
        check(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  persistentVolumeClaimRetentionPolicy:\n    whenScaled: $0\n",
            expect![[r#"
                Value Retain [string] "Retain" @""
                Value Delete [string] "Delete" @""
            "#]],
        );
        check(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      podFailurePolicy:\n        rules:\n        - action: F$0\n",
            expect![[r#"
                Value Count [string] "Count" @"F"
                Value FailIndex [string] "FailIndex" @"F"
                Value FailJob [string] "FailJob" @"F"
                Value Ignore [string] "Ignore" @"F"
            "#]],
        );
        let (text, offset) = cursor("apiVersion: batch/v1\nkind: Job\nspec:\n  completionMode: $0\n");
        let items = completions(&text, offset);
        let indexed = items.iter().find(|item| item.label == "Indexed").expect("Indexed is offered");
        assert!(indexed.documentation.as_deref().unwrap_or_default().contains("index from 0"));
    }

    #[test]
    fn keys_and_values_in_kyaml() {
        let pod = "{\n  apiVersion: \"v1\",\n  kind: \"Pod\",\n  metadata: {name: \"web\"},\n  spec: {\n    containers: [{\n      name: \"web\",\n      $0\n    }],\n  },\n}\n";
        check(
            &pod.replace("$0", "imagePull$0"),
            expect![[r#"
            24 proposals, the first 6:
            Key args [[]string] "args: [$0]" @"imagePull"
            Key command [[]string] "command: [$0]" @"imagePull"
            Key env [[]EnvVar] "env: [$0]" @"imagePull"
            Key image [string] "image: $0" @"imagePull"
            Key ports [[]ContainerPort] "ports: [$0]" @"imagePull"
            Key resources [object (ResourceRequirements)] "resources: {$0}" @"imagePull"
        "#]],
        );
        check(
            &pod.replace("$0", "res$0"),
            expect![[r#"
            24 proposals, the first 6:
            Key args [[]string] "args: [$0]" @"res"
            Key command [[]string] "command: [$0]" @"res"
            Key env [[]EnvVar] "env: [$0]" @"res"
            Key image [string] "image: $0" @"res"
            Key ports [[]ContainerPort] "ports: [$0]" @"res"
            Key resources [object (ResourceRequirements)] "resources: {$0}" @"res"
        "#]],
        );
        check(
            &pod.replace("$0", "imagePullPolicy: \"$0\","),
            expect![[r#"
            Value Always [string] "Always" @""
            Value IfNotPresent [string] "IfNotPresent" @""
            Value Never [string] "Never" @""
        "#]],
        );
        check(
            &pod.replace("      $0\n", "").replace("  spec: {\n", "  spec: {\n    restartPolicy:$0\n"),
            expect![[r#"
            Value Always [string] " Always" @""
            Value OnFailure [string] " OnFailure" @""
            Value Never [string] " Never" @""
        "#]],
        );
        // The root's keys, minus those present; no block skeleton inside the braces.
        check(
            "{\n  apiVersion: \"apps/v1\",\n  kind: \"Deployment\",\n  $0\n}\n",
            expect![[r#"
            Key metadata [object (ObjectMeta)] "metadata: {$0}" @""
            Key spec [object (DeploymentSpec), required] "spec: {$0}" @""
        "#]],
        );
    }

    #[test]
    fn flow_style_inside_workloads() {
        check(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  strategy: {type: $0}\n",
            expect![[r#"
                Value Recreate [string] "Recreate" @""
                Value RollingUpdate [string] "RollingUpdate" @""
            "#]],
        );
        check(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec: {podManagementPolicy: Parallel, upd$0}\n",
            expect![[r#"
                10 proposals, the first 6:
                Key selector [object (LabelSelector), required] "selector: {$0}" @"upd"
                Key template [object (PodTemplateSpec), required] "template: {$0}" @"upd"
                Key minReadySeconds [integer] "minReadySeconds: $0" @"upd"
                Key ordinals [object (StatefulSetOrdinals)] "ordinals: {$0}" @"upd"
                Key persistentVolumeClaimRetentionPolicy [object (StatefulSetPersistentVolumeClaimRetentionPolicy)] "persistentVolumeClaimRetentionPolicy: {$0}" @"upd"
                Key replicas [integer] "replicas: $0" @"upd"
            "#]],
        );
        check(
            "{apiVersion: batch/v1, kind: CronJob, spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a, $0}]}}}}}}\n",
            expect![[r#"
                24 proposals, the first 6:
                Key args [[]string] "args: [$0]" @""
                Key command [[]string] "command: [$0]" @""
                Key env [[]EnvVar] "env: [$0]" @""
                Key image [string] "image: $0" @""
                Key ports [[]ContainerPort] "ports: [$0]" @""
                Key resources [object (ResourceRequirements)] "resources: {$0}" @""
            "#]],
        );
        // An object item of a flow sequence needs its braces first.
        check("{apiVersion: v1, kind: Pod, spec: {containers: [$0]}}\n", expect![""]);
        // Half-typed text gives an answer or nothing.
        check(
            "{apiVersion: v1, kind: Pod, spec: {containers: [{na$0",
            expect![[r#"
            25 proposals, the first 6:
            Key name [string, required] "name: $0" @"na"
            Key args [[]string] "args: [$0]" @"na"
            Key command [[]string] "command: [$0]" @"na"
            Key env [[]EnvVar] "env: [$0]" @"na"
            Key image [string] "image: $0" @"na"
            Key ports [[]ContainerPort] "ports: [$0]" @"na"
        "#]],
        );
        check(
            "apiVersion: v1\nkind: Pod\nspec: {containers: [{na$0\n",
            expect![[r#"
            25 proposals, the first 6:
            Key name [string, required] "name: $0" @"na"
            Key args [[]string] "args: [$0]" @"na"
            Key command [[]string] "command: [$0]" @"na"
            Key env [[]EnvVar] "env: [$0]" @"na"
            Key image [string] "image: $0" @"na"
            Key ports [[]ContainerPort] "ports: [$0]" @"na"
        "#]],
        );
    }

    #[test]
    fn a_kind_without_a_pod_spec_gets_nothing() {
        check("apiVersion: v1\nkind: Service\nspec:\n  $0\n", expect![""]);
    }
}
