//! Hover: what a key or value of a Pod means, from the schema: its path, type, whether it is required, the allowed
//! values, the Kubernetes description and a link to the API reference. Beyond the schema, what Kubernetes makes of
//! it: a quantity's value, the Pod's QoS class, the defaults the API server fills in, what a port name, volume,
//! container or `$(NAME)` refers to.
//!
//! Architecture Invariant: no LSP types here; [`Hover`] is ours and `lsp/convert.rs` maps it.

use crate::model::names::{self, ExpansionSite, Role, Space};
use crate::model::pod::{self, ContainerKind};
use crate::model::qos::qos_class;
use crate::model::quantity::{self, Quantity};
use crate::model::version::{self, Target};
use crate::model::workload::PodCarrier;
use crate::model::{cron, time_zones};
use crate::schema::{self, SchemaView, TypeKind};
use crate::syntax::query::{self, CursorContext, NodeAt, Position};
use crate::syntax::{self, Node, Parse, PathSeg};
use crate::text::TextRange;

/// What to show for the element under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The key or value the hover is about.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover at `offset` in one `---` document and its parse, for the newest Kubernetes; the range is a document
/// offset.
pub fn document_hover(text: &str, parse: &Parse, offset: usize) -> Option<Hover> {
    document_hover_for(text, parse, offset, &Target::default())
}

/// The hover for a cluster of `target`: a field's note says since when it exists and its gate's stage there.
pub fn document_hover_for(text: &str, parse: &Parse, offset: usize, target: &Target) -> Option<Hover> {
    let carrier = pod::document_carrier(parse.root.as_ref())?;
    if let Some(root) = &parse.root {
        if let Some(hover) = expansion_hover(text, carrier, root, offset) {
            return Some(hover);
        }
        if let Some(hit) = query::node_at(root, offset) {
            let markdown = describe(text, carrier, Some(root), &hit.path, Some(&hit), target)?;
            return Some(Hover { range: hit.range(), markdown });
        }
    }
    if !parse.is_partial() {
        return None;
    }
    // The tree of broken YAML stops at the first error; past it, read the place from indentation.
    let ctx = CursorContext::at(text, offset)?;
    if ctx.word.trim().is_empty() {
        return None;
    }
    let path = match &ctx.position {
        Position::Key if ctx.has_colon => {
            let mut path = ctx.parent.clone();
            path.push(PathSeg::Key(ctx.word.clone()));
            path
        }
        Position::Value { .. } => ctx.value_path(),
        Position::Key => return None,
    };
    let markdown = describe(text, carrier, parse.root.as_ref(), &path, None, target)?;
    Some(Hover { range: ctx.word_range, markdown })
}

/// On the `NAME` of a `$(NAME)` in `command`, `args` or an `env` value: what Kubernetes replaces it with.
fn expansion_hover(text: &str, carrier: &PodCarrier, root: &Node, offset: usize) -> Option<Hover> {
    let index = names::index(text, root, carrier);
    let name = names::occurrence_at(&index, offset)?;
    let (Space::Env(container), Role::Use) = (&name.space, name.role) else {
        return None;
    };
    let everywhere = ExpansionSite { container: *container, env_item: None };
    let site =
        query::node_at(root, offset).and_then(|hit| names::expansion_site(carrier, &hit.path)).unwrap_or(everywhere);
    let key = &name.name;
    let declares = |var: &&Node| var.get("name").and_then(Node::scalar_text) == Some(key.as_str());
    // A later variable of the same name overrides an earlier one.
    let var = names::env_in_scope(root, carrier, site).iter().rev().find(declares);
    let declared_at = names::env_in_scope(root, carrier, everywhere).iter().position(|var| declares(&var));
    let markdown = match (var, site.env_item, declared_at) {
        (None, Some(own), Some(at)) if at == own => format!(
            "`$({key})`: this is the value of `{key}` itself, and a variable's value can only use those declared \
             before it, so Kubernetes leaves `$({key})` as written."
        ),
        (None, Some(_), Some(_)) => format!(
            "`$({key})`: `{key}` is declared later in `env`, and a variable's value can only use those declared \
             before it, so Kubernetes leaves `$({key})` as written."
        ),
        (None, _, _) => format!(
            "`$({key})`: this container declares no variable `{key}` in `env`, so Kubernetes leaves `$({key})` as \
             written (unless it comes from `envFrom`)."
        ),
        (Some(var), _, _) => match (var.get("value").and_then(Node::scalar_text), var.get("valueFrom")) {
            (Some(value), _) => {
                format!("`$({key})` expands to the value of `{key}`:\n\n```\n{value}\n```")
            }
            (None, Some(from)) => {
                let source = from.as_mapping().and_then(|m| m.first()).and_then(|e| e.key_str()).unwrap_or("valueFrom");
                format!("`$({key})` expands to the value of `{key}`, read from `{source}` when the container starts.")
            }
            (None, None) => format!("`$({key})` expands to the empty value of `{key}`."),
        },
    };
    Some(Hover { range: name.range, markdown })
}

/// The markdown for the field at `path`, or why it is not one. `hit` is the node of the tree when there is one: the
/// Kubernetes extras need it.
fn describe(
    text: &str,
    carrier: &PodCarrier,
    root: Option<&Node>,
    path: &[PathSeg],
    hit: Option<&NodeAt<'_>>,
    target: &Target,
) -> Option<String> {
    let (last, parent_path) = path.split_last()?;
    let parent = schema::at_kind(carrier.definition, parent_path)?;
    let Some(view) = parent.child(last) else {
        let PathSeg::Key(key) = last else { return None };
        let owner =
            parent.short_name().map_or_else(|| format!("`{}`", syntax::schema_path(parent_path)), |n| format!("`{n}`"));
        let suggestion = closest_field(parent, key).map(|f| format!(" Did you mean `{f}`?")).unwrap_or_default();
        return Some(format!("**{key}** is not a field of {owner}.{suggestion}\n\n{}", known_fields(parent)));
    };
    let mut out = String::new();
    let name = match last {
        PathSeg::Key(key) => key.clone(),
        PathSeg::Index(_) => format!("{} item", name_of_parent(parent_path)),
    };
    // Whether a field is required is a property of its object; a list item or map entry has none.
    let mut notes = Vec::new();
    if matches!(last, PathSeg::Key(_)) && !matches!(parent.kind(), TypeKind::Map { .. }) {
        notes.push(if view.is_required() { "required" } else { "optional" });
    }
    if view.is_deprecated() {
        notes.push("deprecated");
    }
    let notes: String = notes.iter().map(|n| format!(" · {n}")).collect();
    out.push_str(&format!("**{name}** `{}`{notes}\n\n", view.type_label()));
    out.push_str(&format!("`{}`", syntax::schema_path(path)));
    if let Some(owner) = parent.short_name() {
        out.push_str(&format!(" in `{owner}`"));
    } else if matches!(parent.kind(), TypeKind::Map { .. }) {
        out.push_str(&format!(" (an entry of `{}`)", name_of_parent(parent_path)));
    }
    out.push_str("\n\n");
    // Since when the field exists and its gate, for a cluster older than the newest.
    if let (PathSeg::Key(key), Some(definition)) = (last, parent.definition())
        && let Some(note) = version::field_note(definition, key, target)
    {
        out.push_str(&format!("Kubernetes: {note}.\n\n"));
    }
    // A closed set the semantic rules judge is as closed as an enum.
    let values: Vec<String> = if view.is_closed() {
        view.known_values().iter().map(|known| format!("`{}`", known.value)).collect()
    } else {
        view.enum_values().iter().filter(|v| !v.is_empty()).map(|v| format!("`{v}`")).collect()
    };
    if !values.is_empty() {
        out.push_str(&format!("Allowed values: {}\n\n", values.join(", ")));
    }
    // On a value: what that value means, where the overlay says.
    if let Some(written) = hit.filter(|hit| !hit.on_key).and_then(|hit| hit.value.scalar_text())
        && let Some(known) = view.known_values().iter().find(|known| known.value == written)
    {
        out.push_str(&format!("`{written}`: {}\n\n", known.doc));
    }
    let description = view.description().or_else(|| {
        // A map entry (`labels.app`) or a list item (`args[]`) has no description of its own: the collection's says
        // what it holds.
        matches!(parent.kind(), TypeKind::Map { .. } | TypeKind::Array { .. }).then(|| parent.description()).flatten()
    });
    if let Some(description) = description {
        out.push_str(description.trim());
        out.push_str("\n\n");
    }
    let extras = match (root, hit) {
        (Some(root), Some(hit)) => extras(text, carrier, root, hit, view),
        _ => Vec::new(),
    };
    for extra in extras {
        out.push_str(&extra);
        out.push_str("\n\n");
    }
    if let Some((url, title)) = reference_link(carrier, path) {
        out.push_str(&format!("[{title} in the Kubernetes API reference]({url})"));
    }
    Some(out.trim_end().to_owned())
}

/// Kubernetes knowledge beyond the schema, for the node under the cursor: what a quantity amounts to, the Pod's QoS
/// class, the defaults the API server fills in, the number a port name stands for.
fn extras(text: &str, carrier: &PodCarrier, root: &Node, hit: &NodeAt<'_>, view: SchemaView<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let keys: Vec<&str> = hit
        .path
        .iter()
        .map(|seg| match seg {
            PathSeg::Key(key) => key.as_str(),
            PathSeg::Index(_) => "*",
        })
        .collect();
    if !hit.on_key
        && matches!(view.kind(), TypeKind::Quantity)
        && let Some(written) = hit.value.scalar_text()
    {
        out.push(quantity_note(keys.last().copied().unwrap_or(""), written));
    }
    if !hit.on_key
        && carrier.kind == "CronJob"
        && let Some(written) = hit.value.scalar_text()
    {
        match keys.as_slice() {
            ["spec", "schedule"] => out.push(schedule_note(written)),
            ["spec", "timeZone"] => out.push(time_zone_note(written)),
            _ => {}
        }
    }
    let defaults = |out: &mut Vec<String>| {
        if let Some(anchor) = hit.key.map(|k| k.range) {
            for default in crate::model::defaults::of_document(text, root).into_iter().filter(|d| d.anchor == anchor) {
                out.push(format!("Default: `{}`. {}", default.text, default.reason));
            }
        }
    };
    let spec = names::pod_spec(root, carrier);
    let space = if hit.on_key { None } else { names::space_of_use(root, carrier, &hit.path) };
    if let Some(Space::Port(container)) = space
        && let Some(name) = hit.value.as_str()
    {
        let node = spec.and_then(|spec| container.node(spec));
        let container_name = node.and_then(|c| c.get("name")).and_then(Node::scalar_text).unwrap_or("?");
        out.push(match node.and_then(|c| pod::port_number(c, name)) {
            Some(number) => {
                format!("`{name}` is port **{number}** of container `{container_name}`.")
            }
            None => format!("Container `{container_name}` declares no port named `{name}`."),
        });
    }
    if let Some(space @ (Space::Volume | Space::Container)) = &space
        && let Some(name) = hit.value.scalar_text()
    {
        out.push(declared(text, root, carrier, space, name));
    }
    let in_pod_spec = keys.get(carrier.template.len()..).unwrap_or_default();
    let in_resources = keys.starts_with(carrier.template)
        && (matches!(in_pod_spec, ["spec", "containers" | "initContainers", "*", "resources", ..])
            || matches!(in_pod_spec, ["spec", "resources", ..]));
    if in_resources && let Some((class, why)) = names::pod_template(root, carrier).and_then(qos_class) {
        out.push(format!("The Pod's QoS class is **{class:?}**: {why}"));
    }
    defaults(&mut out);
    out
}

/// Where a volume or container a field refers to is declared, or that it is not.
fn declared(text: &str, root: &Node, carrier: &PodCarrier, space: &Space, name: &str) -> String {
    let spec = names::pod_spec(root, carrier);
    let (this, this_capital) =
        if carrier.is_pod() { ("this Pod", "This Pod") } else { ("this template", "This template") };
    let named = |list: Option<&Node>| {
        list.and_then(Node::as_sequence)
            .unwrap_or_default()
            .iter()
            .find(|item| item.get("name").and_then(Node::scalar_text) == Some(name))
            .cloned()
    };
    match space {
        Space::Volume => match named(spec.and_then(|s| s.get("volumes"))) {
            Some(volume) => {
                let source =
                    volume.as_mapping().and_then(|m| m.iter().filter_map(|e| e.key_str()).find(|k| *k != "name"));
                match source {
                    Some(source) => format!("Volume `{name}` of {this} (`{source}`)."),
                    None => format!("Volume `{name}` of {this} (it names no source yet)."),
                }
            }
            // The only other place a volume is declared: a StatefulSet's claim templates.
            None if names::index(text, root, carrier)
                .iter()
                .any(|o| o.space == Space::Volume && o.role == Role::Decl && o.name == name) =>
            {
                format!(
                    "Volume `{name}` of each Pod, bound to its own PersistentVolumeClaim from the claim template \
                     `{name}` in `volumeClaimTemplates`."
                )
            }
            None => {
                let volumes = carrier.pod_spec().chain(["volumes"]).collect::<Vec<_>>().join(".");
                format!("{this_capital} declares no volume named `{name}` in `{volumes}`.")
            }
        },
        _ => {
            let found = [ContainerKind::Regular, ContainerKind::Init]
                .into_iter()
                .find_map(|kind| named(spec.and_then(|s| s.get(kind.field()))).map(|c| (kind, c)));
            match found {
                Some((list, container)) => {
                    let image = container.get("image").and_then(Node::scalar_text).unwrap_or("no image");
                    let kind = if list == ContainerKind::Init { "init container" } else { "container" };
                    format!("The {kind} `{name}` of {this} (`{image}`).")
                }
                None => format!("{this_capital} has no container named `{name}`."),
            }
        }
    }
}

/// When a CronJob's schedule runs, in words, or why the API server refuses it.
fn schedule_note(written: &str) -> String {
    match cron::parse(written) {
        Ok(schedule) => format!("Runs {}.", schedule.describe()),
        Err(error) => format!("`{written}` is not a schedule the API server accepts: {error}."),
    }
}

/// Whether a CronJob's `timeZone` names a zone of the tz database.
fn time_zone_note(written: &str) -> String {
    match time_zones::validate(written) {
        Ok(()) => format!("`{written}` is a time zone of the tz database; the schedule is read in its local time."),
        Err(error) => format!("The API server refuses `{written}`: {error}."),
    }
}

/// What a quantity amounts to, for the resource it measures.
fn quantity_note(resource: &str, written: &str) -> String {
    let quantity = match Quantity::parse(written) {
        Ok(quantity) => quantity,
        Err(error) => {
            let suggestions: Vec<String> = quantity::suggestions(written).iter().map(|s| format!("`{s}`")).collect();
            let hint = if suggestions.is_empty() {
                String::new()
            } else {
                format!(" Did you mean {}?", suggestions.join(" or "))
            };
            return format!("`{written}` is not a quantity: {error}.{hint}");
        }
    };
    let bytes = matches!(resource, "memory" | "ephemeral-storage" | "sizeLimit" | "storage")
        || resource.starts_with("hugepages-");
    let mut note = if resource == "cpu" {
        format!("`{written}` = {}", quantity.describe_cpu())
    } else if bytes {
        format!("`{written}` = {}", quantity.describe_bytes())
    } else {
        format!("`{written}` = {}", quantity.plain())
    };
    let canonical = quantity.canonical();
    if canonical != written.trim() {
        note.push_str(&format!("; the API server writes it `{canonical}`"));
    }
    note.push('.');
    // A decimal suffix on a byte count is a common slip for the binary one.
    if bytes
        && let Some(suffix @ ("k" | "M" | "G" | "T" | "P" | "E")) = written
            .trim()
            .strip_prefix(|c: char| c.is_ascii_digit())
            .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'))
        && let Some(number) = written.trim().strip_suffix(suffix)
        && let Ok(binary) = Quantity::parse(&format!("{number}{}i", suffix.to_ascii_uppercase()))
    {
        note.push_str(&format!(
            " `{suffix}` counts in powers of 1000; `{}i` would be {}.",
            suffix.to_ascii_uppercase(),
            binary.describe_bytes()
        ));
    }
    note
}

fn name_of_parent(path: &[PathSeg]) -> String {
    path.iter()
        .rev()
        .find_map(|seg| match seg {
            PathSeg::Key(key) => Some(key.clone()),
            PathSeg::Index(_) => None,
        })
        .unwrap_or_default()
}

/// The field of `parent` that `key` most likely misspells: the same name in another case, or one at most two edits
/// away (the nearest).
fn closest_field<'s>(parent: SchemaView<'s>, key: &str) -> Option<&'s str> {
    let names: Vec<&str> = parent.properties().filter_map(|p| p.name()).collect();
    if let Some(same) = names.iter().find(|n| n.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    names
        .into_iter()
        .map(|n| (edit_distance(n, key), n))
        .filter(|(d, n)| *d <= 2 && *d < n.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// The Levenshtein distance between two short strings, by characters; longer ones are not compared.
fn edit_distance(a: &str, b: &str) -> usize {
    if a.chars().count() > 64 || b.chars().count() > 64 {
        return usize::MAX;
    }
    strsim::levenshtein(a, b)
}

/// A reminder of the fields an object has, for a key that is not one of them.
fn known_fields(parent: SchemaView<'_>) -> String {
    let names: Vec<String> = parent.properties().filter_map(|p| p.name()).map(|n| format!("`{n}`")).collect();
    if names.is_empty() {
        return String::new();
    }
    format!("Known fields: {}", names.join(", "))
}

/// The API reference section documenting the field at `path`: the page of the nearest type with its own page (its
/// `x-podls` `docPage`), and the anchor of the object type that holds the field (`pod-v1/#Container` for
/// `spec.containers[].image`).
pub fn reference_link(carrier: &PodCarrier, path: &[PathSeg]) -> Option<(String, String)> {
    let mut view = schema::schema().root(carrier.definition)?;
    let pod = schema::schema().pod();
    // A workload's own types may have no page; the Pod spec inside its template is documented on the Pod's.
    let mut page = view.type_ext().doc_page.as_deref();
    let mut anchor = view.short_name()?;
    for seg in path {
        if let (Some(short), TypeKind::Object { .. }) = (view.short_name(), view.kind()) {
            let pod_spec = pod.field("spec").map(SchemaView::type_id) == Some(view.type_id());
            let own = view.type_ext().doc_page.as_deref();
            if let Some(own) = own.or_else(|| pod.type_ext().doc_page.as_deref().filter(|_| pod_spec)) {
                page = Some(own);
                anchor = short;
            } else if page.is_some() {
                anchor = short;
            }
        }
        view = view.child(seg)?;
    }
    Some((format!("{}#{anchor}", page?), anchor.to_owned()))
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::test_utils::cursor;

    /// The hover at file offset `offset` of `text`, as the server asks for it; the range is a file offset.
    fn hover(text: &str, offset: usize) -> Option<Hover> {
        let (hover, start) =
            crate::ide::fixture::ask(text, offset, |doc, analysis, at| document_hover(doc, &analysis.parse, at));
        hover.map(|h| Hover { range: h.range.shift(start), markdown: h.markdown })
    }

    /// Renders the hovered text and the markdown, as rust-analyzer's hover tests do.
    fn check(fixture: &str, expect: Expect) {
        let (text, offset) = cursor(fixture);
        let actual = match hover(&text, offset) {
            Some(hover) => format!("*{}*\n{}\n", &text[hover.range.as_range()], hover.markdown),
            None => "no hover\n".to_owned(),
        };
        expect.assert_eq(&actual);
    }

    #[test]
    fn container_field_with_enum() {
        check(
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: 웹\n    imagePull$0Policy: Always\n",
            expect![[r#"
                *imagePullPolicy*
                **imagePullPolicy** `string` · optional

                `spec.containers[].imagePullPolicy` in `Container`

                Allowed values: `Always`, `IfNotPresent`, `Never`

                Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images

                [Container in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)
            "#]],
        );
    }

    #[test]
    fn value_hover_shows_the_field() {
        check(
            "kind: Pod\nspec:\n  restartPolicy: Nev$0er\n",
            expect![[r#"
                *Never*
                **restartPolicy** `string` · optional

                `spec.restartPolicy` in `PodSpec`

                Allowed values: `Always`, `OnFailure`, `Never`

                Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy

                [PodSpec in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec)
            "#]],
        );
    }

    #[test]
    fn required_field_of_a_nested_type() {
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerP$0ort: 80\n",
            expect![[r#"
                *containerPort*
                **containerPort** `integer` · required

                `spec.containers[].ports[].containerPort` in `ContainerPort`

                Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.

                Default: `protocol: TCP`. A port without `protocol` is TCP.

                [ContainerPort in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ContainerPort)
            "#]],
        );
    }

    #[test]
    fn metadata_and_map_entries() {
        check(
            "kind: Pod\nmetadata:\n  name: 서울-pod\n  labels:\n    a$0pp: 웹\n",
            expect![[r#"
                *app*
                **app** `string`

                `metadata.labels.app` (an entry of `labels`)

                Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels

                [ObjectMeta in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/#ObjectMeta)
            "#]],
        );
    }

    #[test]
    fn volume_fields_link_to_the_volume_page() {
        check(
            "kind: Pod\nspec:\n  volumes:\n  - name: data\n    configMap:\n      na$0me: settings\n",
            expect![[r#"
                *name*
                **name** `string` · optional

                `spec.volumes[].configMap.name` in `ConfigMapVolumeSource`

                Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names

                [ConfigMapVolumeSource in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/#ConfigMapVolumeSource)
            "#]],
        );
    }

    #[test]
    fn list_items_take_the_list_description() {
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    args:\n    - --도시=서$0울\n",
            expect![[r#"
                *--도시=서울*
                **args item** `string`

                `spec.containers[].args[]`

                Arguments to the entrypoint. The container image's CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container's environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell

                [Container in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)
            "#]],
        );
    }

    #[test]
    fn unknown_field() {
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    imag$0e_: nginx\n",
            expect![[r#"
                *image_*
                **image_** is not a field of `Container`. Did you mean `image`?

                Known fields: `args`, `command`, `env`, `envFrom`, `image`, `imagePullPolicy`, `lifecycle`, `livenessProbe`, `name`, `ports`, `readinessProbe`, `resizePolicy`, `resources`, `restartPolicy`, `restartPolicyRules`, `securityContext`, `startupProbe`, `stdin`, `stdinOnce`, `terminationMessagePath`, `terminationMessagePolicy`, `tty`, `volumeDevices`, `volumeMounts`, `workingDir`
            "#]],
        );
    }

    #[test]
    fn expansions_show_what_they_expand_to() {
        let pod = "kind: Pod\nspec:\n  containers:\n  - name: a\n    env:\n    - name: GREETING\n      value: hi $(LATER)\n    - name: CITY\n      value: 서울\n    - name: LATER\n      value: x\n    - name: KEY\n      valueFrom:\n        secretKeyRef: {name: s, key: k}\n    args: [\"--city=$(CITY)\", \"$(KEY)\", \"$(NONE)\"]\n";
        for needle in ["$(CITY)", "$(KEY)", "$(NONE)", "$(LATER)"] {
            let at = pod.find(needle).unwrap() + 3;
            let fixture = format!("{}$0{}", &pod[..at], &pod[at..]);
            let (text, offset) = cursor(&fixture);
            let hover = hover(&text, offset).unwrap();
            let expected = match needle {
                "$(CITY)" => expect![[r#"
                    *CITY*
                    `$(CITY)` expands to the value of `CITY`:

                    ```
                    서울
                    ```"#]],
                "$(LATER)" => expect![[r#"
                    *LATER*
                    `$(LATER)`: `LATER` is declared later in `env`, and a variable's value can only use those declared before it, so Kubernetes leaves `$(LATER)` as written."#]],
                "$(KEY)" => expect![[r#"
                    *KEY*
                    `$(KEY)` expands to the value of `KEY`, read from `secretKeyRef` when the container starts."#]],
                _ => expect![[r#"
                    *NONE*
                    `$(NONE)`: this container declares no variable `NONE` in `env`, so Kubernetes leaves `$(NONE)` as written (unless it comes from `envFrom`)."#]],
            };
            expected.assert_eq(&format!("*{}*\n{}", &text[hover.range.as_range()], hover.markdown));
        }
    }

    #[test]
    fn a_variable_does_not_expand_in_its_own_value() {
        let pod = "kind: Pod\nspec:\n  containers:\n  - name: a\n    env:\n    - name: PATH_A\n      value: /bin\n    - name: SELF\n      value: x:$(SELF)\n    - name: PATH_A\n      value: $(PATH_A):/usr/bin\n    args: [\"$(SELF)\"]\n";
        let render = |needle: &str| {
            let at = pod.find(needle).unwrap() + 3;
            let hover = hover(pod, at).unwrap();
            format!("*{}*\n{}", &pod[hover.range.as_range()], hover.markdown)
        };
        expect![[r#"
            *SELF*
            `$(SELF)`: this is the value of `SELF` itself, and a variable's value can only use those declared before it, so Kubernetes leaves `$(SELF)` as written."#]]
        .assert_eq(&render("$(SELF)"));
        // A redeclared variable's value sees the earlier declaration.
        expect![[r#"
            *PATH_A*
            `$(PATH_A)` expands to the value of `PATH_A`:

            ```
            /bin
            ```"#]]
        .assert_eq(&render("$(PATH_A)"));
        // In the arguments every variable is declared before.
        expect![[r#"
            *SELF*
            `$(SELF)` expands to the value of `SELF`:

            ```
            x:$(SELF)
            ```"#]]
        .assert_eq(&render("\"$(SELF)\"]"));
    }

    #[test]
    fn names_say_what_they_refer_to() {
        let pod = "kind: Pod\nspec:\n  containers:\n  - name: 앱\n    image: nginx:1.27\n    env:\n    - name: MEM\n      valueFrom:\n        resourceFieldRef: {containerName: 앱, resource: limits.memory}\n    volumeMounts:\n    - name: data\n      mountPath: /d\n    - name: gone\n      mountPath: /g\n  volumes:\n  - name: data\n    emptyDir: {}\n";
        let lines: Vec<String> = ["containerName: 앱", "- name: data", "- name: gone"]
            .iter()
            .map(|needle| {
                let at = pod.find(needle).unwrap() + needle.len() - 1;
                let hover = hover(pod, at).unwrap();
                hover.markdown.split("\n\n").filter(|p| p.contains("this Pod") || p.contains("This Pod")).collect()
            })
            .collect();
        expect![[r#"
            The container `앱` of this Pod (`nginx:1.27`).
            Volume `data` of this Pod (`emptyDir`).
            This Pod declares no volume named `gone` in `spec.volumes`."#]]
        .assert_eq(&lines.join("\n"));
    }

    #[test]
    fn keys_past_a_syntax_error() {
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: [a\n    imagePull$0Policy: Always\n",
            expect![[r#"
                *imagePullPolicy*
                **imagePullPolicy** `string` · optional

                `spec.containers[].imagePullPolicy` in `Container`

                Allowed values: `Always`, `IfNotPresent`, `Never`

                Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images

                [Container in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)
            "#]],
        );
    }

    #[test]
    fn other_kinds_and_other_documents() {
        check(
            "kind: Service\nspec:\n  ty$0pe: ClusterIP\n",
            expect![[r#"
            no hover
        "#]],
        );
        check(
            "kind: Service\nspec: {}\n---\nkind: Pod\nspec:\n  host$0Network: true\n",
            expect![[r#"
                *hostNetwork*
                **hostNetwork** `boolean` · optional

                `spec.hostNetwork` in `PodSpec`

                Host networking requested for this pod. Use the host's network namespace. When using HostNetwork you should specify ports so the scheduler is aware. When `hostNetwork` is true, specified `hostPort` fields in port definitions must match `containerPort`, and unspecified `hostPort` fields in port definitions are defaulted to match `containerPort`. Default to false.

                [PodSpec in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec)
            "#]],
        );
    }

    const RESOURCES: &str = "kind: Pod
spec:
  containers:
  - name: 웹
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 8080
    readinessProbe:
      httpGet:
        port: http
    livenessProbe:
      tcpSocket:
        port: metrics
    resources:
      requests:
        cpu: 0.5
        memory: 1G
      limits:
        cpu: 500m
        memory: 1Gi
";

    /// Only the lines of the hover that come from Kubernetes knowledge rather than the schema.
    fn check_extras(fixture: &str, expect: Expect) {
        let (text, offset) = cursor(fixture);
        let hover = hover(&text, offset).expect("a hover");
        let lines: Vec<&str> = hover
            .markdown
            .split("\n\n")
            .filter(|p| {
                (p.starts_with('`') && (p.contains(" = ") || p.contains("not a quantity") || p.contains("port **")))
                    || p.starts_with("The Pod's QoS")
                    || p.starts_with("Default:")
                    || p.contains("declares no port")
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    fn with_cursor(text: &str, needle: &str, delta: usize) -> String {
        let at = text.find(needle).unwrap() + delta;
        format!("{}$0{}", &text[..at], &text[at..])
    }

    #[test]
    fn quantities_are_normalised() {
        check_extras(
            &with_cursor(RESOURCES, "cpu: 0.5", 6),
            expect![[r#"
                `0.5` = 0.5 CPUs (500 millicores); the API server writes it `500m`.
                The Pod's QoS class is **Burstable**: container `웹` requests memory `1G` while its limit is `1Gi`; Guaranteed needs CPU and memory limits on every container, with requests equal to them."#]],
        );
        check_extras(
            &with_cursor(RESOURCES, "memory: 1G\n", 9),
            expect![[r#"
                `1G` = 1,000,000,000 bytes (953.7 MiB). `G` counts in powers of 1000; `Gi` would be 1,073,741,824 bytes (1 GiB).
                The Pod's QoS class is **Burstable**: container `웹` requests memory `1G` while its limit is `1Gi`; Guaranteed needs CPU and memory limits on every container, with requests equal to them."#]],
        );
        check_extras(
            &with_cursor(RESOURCES, "memory: 1Gi", 9),
            expect![[r#"
                `1Gi` = 1,073,741,824 bytes (1 GiB).
                The Pod's QoS class is **Burstable**: container `웹` requests memory `1G` while its limit is `1Gi`; Guaranteed needs CPU and memory limits on every container, with requests equal to them."#]],
        );
        check_extras(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        memory: 1G$0B\n",
            expect![[r#"
                `1GB` is not a quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'. Did you mean `1G` or `1Gi`?
                The Pod's QoS class is **BestEffort**: no container sets a CPU or memory request or limit."#]],
        );
    }

    #[test]
    fn qos_class_and_why() {
        check_extras(
            &with_cursor(RESOURCES, "resources:", 3),
            expect![
                "The Pod's QoS class is **Burstable**: container `웹` requests memory `1G` while its limit is `1Gi`; Guaranteed needs CPU and memory limits on every container, with requests equal to them."
            ],
        );
        let guaranteed = RESOURCES.replace("cpu: 0.5\n        memory: 1G\n", "cpu: 0.5\n");
        check_extras(
            &with_cursor(&guaranteed, "resources:", 3),
            expect![
                "The Pod's QoS class is **Guaranteed**: every container sets CPU and memory limits, and its requests equal them (a request left out defaults to its limit)."
            ],
        );
        let best_effort = "kind: Pod\nspec:\n  containers:\n  - name: a\n    resources$0: {}\n";
        check_extras(
            best_effort,
            expect!["The Pod's QoS class is **BestEffort**: no container sets a CPU or memory request or limit."],
        );
    }

    #[test]
    fn port_names_resolve_and_defaults_show() {
        check_extras(&with_cursor(RESOURCES, "port: http", 8), expect!["`http` is port **8080** of container `웹`."]);
        check_extras(
            &with_cursor(RESOURCES, "port: metrics", 8),
            expect!["Container `웹` declares no port named `metrics`."],
        );
        check_extras(
            &with_cursor(RESOURCES, "image: nginx", 2),
            expect![
                "Default: `imagePullPolicy: IfNotPresent`. The image is tagged `1.27`, not `latest`, so `imagePullPolicy` defaults to `IfNotPresent`."
            ],
        );
    }

    #[test]
    fn fields_of_a_workload_and_of_its_template() {
        check(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        ima$0ge: nginx\n",
            expect![[r#"
                *image*
                **image** `string` · optional

                `spec.template.spec.containers[].image` in `Container`

                Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.

                Default: `imagePullPolicy: Always`. The image has no tag (it means `latest`), so `imagePullPolicy` defaults to `Always`.

                [Container in the Kubernetes API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container)
            "#]],
        );
        check(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  podManage$0mentPolicy: Parallel\n",
            expect![[r#"
                *podManagementPolicy*
                **podManagementPolicy** `string` · optional

                `spec.podManagementPolicy` in `StatefulSetSpec`

                Allowed values: `OrderedReady`, `Parallel`

                podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`, where pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order. The alternative policy is `Parallel` which will create pods in parallel to match the desired scale without waiting, and on scale down will delete all pods at once.
            "#]],
        );
        check(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoff$0Limit: 3\n",
            expect![[r#"
                *backoffLimit*
                **backoffLimit** `integer` · optional

                `spec.jobTemplate.spec.backoffLimit` in `JobSpec`

                Specifies the number of retries before marking this job failed. Defaults to 6, unless backoffLimitPerIndex (only Indexed Job) is specified. When backoffLimitPerIndex is specified, backoffLimit defaults to 2147483647.
            "#]],
        );
        check(
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replics$0: 3\n",
            expect![[r#"
                *replics*
                **replics** is not a field of `DeploymentSpec`. Did you mean `replicas`?

                Known fields: `minReadySeconds`, `paused`, `progressDeadlineSeconds`, `replicas`, `revisionHistoryLimit`, `selector`, `strategy`, `template`
            "#]],
        );
    }

    #[test]
    fn closed_workload_values_say_what_they_mean() {
        // The lines about the value: the allowed ones and what the written one means.
        let about_values = |fixture: &str| {
            let (text, offset) = cursor(fixture);
            let markdown = hover(&text, offset).map(|h| h.markdown).unwrap_or_default();
            let lines: Vec<&str> =
                markdown.split("\n\n").filter(|p| p.starts_with("Allowed") || p.starts_with("`R")).collect();
            lines.join("\n")
        };
        expect![[r#"
            Allowed values: `Recreate`, `RollingUpdate`
            `Recreate`: Stop every old Pod before starting new ones: the Deployment is down in between."#]]
        .assert_eq(&about_values("apiVersion: apps/v1\nkind: Deployment\nspec:\n  strategy:\n    type: Recre$0ate\n"));
        expect![[r#"
            Allowed values: `Retain`, `Delete`
            `Retain`: Keep the Pods' PersistentVolumeClaims when the StatefulSet is deleted (the default)."#]].assert_eq(&about_values(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Ret$0ain\n",
        ));
        expect![[r#"
            Allowed values: `Allow`, `Forbid`, `Replace`
            `Replace`: Stop the running Job and start the new one in its place."#]]
        .assert_eq(&about_values("apiVersion: batch/v1\nkind: CronJob\nspec:\n  concurrencyPolicy: Repl$0ace\n"));
        // A value outside the set gets the allowed ones and no meaning.
        expect!["Allowed values: `NonIndexed`, `Indexed`"].assert_eq(&about_values(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      completionMode: Rand$0om\n",
        ));
    }

    #[test]
    fn workload_defaults_on_the_key_they_belong_to() {
        check_extras(
            "apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  updateStrategy:\n    rolling$0Update:\n      maxSurge: 1\n",
            expect![
                "Default: `maxUnavailable: 1`. A DaemonSet's rolling update without limits replaces the Pod of one node at a time, the old one first."
            ],
        );
        check_extras(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 2\n  persistentVolume$0ClaimRetentionPolicy:\n    whenDeleted: Delete\n",
            expect!["Default: `whenScaled: Retain`. PersistentVolumeClaims are kept unless the policy says `Delete`."],
        );
        check_extras(
            "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    sp$0ec:\n      parallelism: 2\n      podFailurePolicy:\n        rules: []\n",
            expect![
                "Default: `completionMode: NonIndexed, suspend: false, backoffLimit: 6, podReplacementPolicy: Failed`. A Job without `completionMode` treats its Pods as interchangeable. A Job starts its Pods as soon as it is created unless it is suspended. A Job without `backoffLimit` retries failed Pods 6 times before it fails. With a `podFailurePolicy`, a Pod is replaced only once it has fully terminated."
            ],
        );
    }

    #[test]
    fn keys_and_values_in_kyaml() {
        let pod = "{\n  apiVersion: \"v1\",\n  kind: \"Pod\",\n  spec: {\n    containers: [{name: \"web\", image: \"nginx\"}],\n    restartPolicy: \"Never\",\n  },\n}\n";
        // The first line of the hover: what the cursor is on.
        let first = |fixture: String| {
            let (text, offset) = cursor(&fixture);
            let hover = hover(&text, offset).map(|h| (text[h.range.as_range()].to_owned(), h.markdown));
            hover.map(|(on, markdown)| format!("{on} → {}", markdown.lines().next().unwrap_or_default()))
        };
        expect![[r#"
            Some(
                "restartPolicy → **restartPolicy** `string` · optional",
            )
        "#]]
        .assert_debug_eq(&first(pod.replace("restartPolicy", "restart$0Policy")));
        expect![[r#"
            Some(
                "\"Never\" → **restartPolicy** `string` · optional",
            )
        "#]]
        .assert_debug_eq(&first(pod.replace("\"Never\"", "\"Ne$0ver\"")));
        expect![[r#"
            Some(
                "image → **image** `string` · optional",
            )
        "#]]
        .assert_debug_eq(&first(pod.replace("image:", "ima$0ge:")));
        expect![[r#"
            Some(
                "\"nginx\" → **image** `string` · optional",
            )
        "#]]
        .assert_debug_eq(&first(pod.replace("\"nginx\"", "\"ngi$0nx\"")));
        let deployment = "{apiVersion: apps/v1, kind: Deployment, spec: {strategy: {type: Recreate}, template: {spec: {containers: [{name: a, image: b}]}}}}\n";
        expect![[r#"
            Some(
                "Recreate → **type** `string` · optional",
            )
        "#]]
        .assert_debug_eq(&first(deployment.replace("Recreate", "Recr$0eate")));
        expect![[r#"
            Some(
                "strategy → **strategy** `object (DeploymentStrategy)` · optional",
            )
        "#]]
        .assert_debug_eq(&first(deployment.replace("strategy", "strat$0egy")));
        let cronjob = "apiVersion: batch/v1\nkind: CronJob\nspec: {schedule: \"0 3 * * *\", concurrencyPolicy: Forbid, jobTemplate: {spec: {template: {spec: {containers: []}}}}}\n";
        expect![[r#"
            Some(
                "Forbid → **concurrencyPolicy** `string` · optional",
            )
        "#]]
        .assert_debug_eq(&first(cronjob.replace("Forbid", "Forb$0id")));
        // Half-typed flow text: an answer or none, never a panic.
        let broken = "{apiVersion: v1, kind: Pod, spec: {restartPolicy: Nev";
        for offset in 0..=broken.len() {
            let _ = hover(broken, offset);
        }
    }

    #[test]
    fn a_cronjob_schedule_in_words() {
        let cronjob = |spec: &str| format!("apiVersion: batch/v1\nkind: CronJob\nspec:\n{spec}");
        let note = |fixture: String| {
            let (text, offset) = cursor(&fixture);
            let markdown = hover(&text, offset).map(|h| h.markdown).unwrap_or_default();
            // The note follows the field's description, and a CronJob's fields have no reference link after it.
            markdown.rsplit("\n\n").next().unwrap_or_default().to_owned()
        };
        expect!["Runs at 03:00 every day."].assert_eq(&note(cronjob("  schedule: \"0 3 $0* * *\"\n")));
        expect!["Runs every 15 minutes on Monday, Tuesday, Wednesday, Thursday and Friday."]
            .assert_eq(&note(cronjob("  schedule: \"*/15 * * * $0MON-FRI\"\n")));
        expect!["`61 * * * *` is not a schedule the API server accepts: end of range (61) above maximum (59): 61."]
            .assert_eq(&note(cronjob("  schedule: \"61 $0* * * *\"\n")));
        expect!["`Europe/Berlin` is a time zone of the tz database; the schedule is read in its local time."]
            .assert_eq(&note(cronjob("  timeZone: Europe/$0Berlin\n")));
        expect!["The API server refuses `Mars/Olympus`: unknown time zone Mars/Olympus."]
            .assert_eq(&note(cronjob("  timeZone: Mars/$0Olympus\n")));
    }

    /// The paragraphs of the hover at `$0` that say what a name refers to or what the Pod's QoS is.
    fn name_notes(fixture: &str) -> String {
        let (text, offset) = cursor(fixture);
        let markdown = hover(&text, offset).map(|h| h.markdown).unwrap_or_default();
        let notes: Vec<&str> = markdown
            .split("\n\n")
            .filter(|p| {
                p.contains("port **")
                    || p.contains("declares no")
                    || p.contains(" of this ")
                    || p.contains("claim template")
                    || p.contains("QoS class")
                    || p.contains("expands to")
                    || p.starts_with("**")
            })
            .collect();
        notes.join("\n")
    }

    #[test]
    fn names_and_qos_inside_a_deployment_template() {
        let template = RESOURCES.replace("kind: Pod\nspec:\n", "").replace('\n', "\n    ");
        let deployment =
            format!("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n    {template}");
        expect![[r#"
            **port** `int-or-string` · required
            `http` is port **8080** of container `웹`."#]]
        .assert_eq(&name_notes(&with_cursor(&deployment, "port: http", 8)));
        expect![[r#"
            **port** `int-or-string` · required
            Container `웹` declares no port named `metrics`."#]]
        .assert_eq(&name_notes(&with_cursor(&deployment, "port: metrics", 8)));
        expect![[r#"
            **resources** `object (ResourceRequirements)` · optional
            The Pod's QoS class is **Burstable**: container `웹` requests memory `1G` while its limit is `1Gi`; Guaranteed needs CPU and memory limits on every container, with requests equal to them."#]]
        .assert_eq(&name_notes(&with_cursor(&deployment, "resources:", 3)));
    }

    #[test]
    fn names_inside_a_statefulset_and_a_cronjob() {
        let statefulset = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - name: db\n        image: postgres:17\n        volumeMounts:\n        - name: data\n        - name: config\n        - name: gone\n      volumes:\n      - name: config\n        configMap: {name: db}\n  volumeClaimTemplates:\n  - metadata: {name: data}\n";
        let notes = |needle: &str| name_notes(&with_cursor(statefulset, needle, 8));
        expect![[r#"
            **name** `string` · required
            Volume `data` of each Pod, bound to its own PersistentVolumeClaim from the claim template `data` in `volumeClaimTemplates`."#]]
        .assert_eq(&notes("- name: data"));
        expect![[r#"
            **name** `string` · required
            Volume `config` of this template (`configMap`)."#]]
        .assert_eq(&notes("- name: config\n        - "));
        expect![[r#"
            **name** `string` · required
            This template declares no volume named `gone` in `spec.template.spec.volumes`."#]]
        .assert_eq(&notes("- name: gone"));
        let cronjob = "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      podFailurePolicy:\n        rules:\n        - action: Ignore\n          onExitCodes:\n            containerName: backup\n      template:\n        spec:\n          containers:\n          - name: backup\n            image: restic:0.17\n            env:\n            - {name: TARGET, value: s3://bucket}\n            args: [\"--to=$(TARGET)\"]\n";
        expect![[r#"
            **containerName** `string` · optional
            The container `backup` of this template (`restic:0.17`)."#]]
        .assert_eq(&name_notes(&with_cursor(cronjob, "containerName: backup", 16)));
        expect![[r#"
            `$(TARGET)` expands to the value of `TARGET`:"#]]
        .assert_eq(&name_notes(&with_cursor(cronjob, "$(TARGET)", 4)));
    }

    #[test]
    fn a_field_newer_than_the_oldest_version_says_since_when_and_its_gate() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  resources: {}\n  containers:\n  - name: web\n    image: nginx:1.27\n";
        let markdown = hover(text, text.find("resources").unwrap() + 1).unwrap().markdown;
        assert!(
            markdown.contains(
                "Kubernetes: since Kubernetes 1.32, feature gate PodLevelResources (beta, on by default since 1.34)."
            ),
            "{markdown}"
        );
        let image = hover(text, text.find("image").unwrap() + 1).unwrap().markdown;
        assert!(!image.contains("Kubernetes: since"), "{image}");
        // For an older cluster the gate's stage is the one it had there.
        let target =
            Target { version: crate::model::version::KubernetesVersion::parse("1.32").unwrap(), ..Target::default() };
        let parse = crate::syntax::parse(text);
        let old = document_hover_for(text, &parse, text.find("resources").unwrap() + 1, &target).unwrap().markdown;
        assert!(old.contains("feature gate PodLevelResources (alpha"), "{old}");
    }
}
