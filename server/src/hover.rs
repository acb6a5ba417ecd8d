//! Hover: what a key or value of a Pod means, from the schema: its path, type, whether it is required, the allowed
//! values, the Kubernetes description and a link to the API reference.
//!
//! Architecture Invariant: no LSP types here; [`Hover`] is ours and `lsp/convert.rs` maps it.

use crate::cursor::{self, NodeAt};
use crate::schema::{self, SchemaView, TypeKind};
use crate::text::TextRange;
use crate::yaml::{self, Node, Parse, PathSeg};

/// What to show for the element under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The key or value the hover is about.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover at `offset` in a whole file; the range is a file offset.
pub fn hover(text: &str, offset: usize) -> Option<Hover> {
    let document = cursor::document_at(text, offset);
    let doc_text = &text[document.as_range()];
    let parse = yaml::parse(doc_text);
    let mut hover = document_hover(doc_text, &parse, offset - document.start)?;
    hover.range = hover.range.shift(document.start);
    Some(hover)
}

/// The hover at `offset` in one `---` document and its parse; the range is a document offset.
pub fn document_hover(text: &str, parse: &Parse, offset: usize) -> Option<Hover> {
    let _ = text;
    let root = parse.root.as_ref()?;
    if root
        .get("kind")
        .and_then(Node::scalar_text)
        .is_some_and(|kind| kind != "Pod")
    {
        return None;
    }
    let hit = cursor::node_at(root, offset)?;
    let markdown = describe(root, &hit)?;
    Some(Hover {
        range: hit.range(),
        markdown,
    })
}

/// The markdown for a node: the field it is, or why it is not one.
fn describe(root: &Node, hit: &NodeAt<'_>) -> Option<String> {
    let (last, parent_path) = hit.path.split_last()?;
    let parent = schema::at(parent_path)?;
    let Some(view) = parent.child(last) else {
        let PathSeg::Key(key) = last else { return None };
        let owner = parent.short_name().map_or_else(
            || format!("`{}`", yaml::schema_path(parent_path)),
            |n| format!("`{n}`"),
        );
        return Some(format!(
            "**{key}** is not a field of {owner}.\n\n{}",
            known_fields(parent)
        ));
    };
    let mut out = String::new();
    let name = match last {
        PathSeg::Key(key) => key.clone(),
        PathSeg::Index(_) => format!("{} item", name_of_parent(parent_path)),
    };
    let requirement = if view.is_required() {
        "required"
    } else {
        "optional"
    };
    out.push_str(&format!(
        "**{name}** `{}` · {requirement}\n\n",
        view.type_label()
    ));
    out.push_str(&format!("`{}`", yaml::schema_path(&hit.path)));
    if let Some(owner) = parent.short_name() {
        out.push_str(&format!(" in `{owner}`"));
    } else if matches!(parent.kind(), TypeKind::Map { .. }) {
        out.push_str(&format!(" (an entry of `{}`)", name_of_parent(parent_path)));
    }
    out.push_str("\n\n");
    let values: Vec<String> = view
        .enum_values()
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| format!("`{v}`"))
        .collect();
    if !values.is_empty() {
        out.push_str(&format!("Allowed values: {}\n\n", values.join(", ")));
    }
    let description = view.description().or_else(|| {
        // A map entry (`labels.app`) has no description of its own: the map's says what it holds.
        matches!(parent.kind(), TypeKind::Map { .. })
            .then(|| parent.description())
            .flatten()
    });
    if let Some(description) = description {
        out.push_str(description.trim());
        out.push_str("\n\n");
    }
    for extra in extras(root, hit, view) {
        out.push_str(&extra);
        out.push_str("\n\n");
    }
    if let Some((url, title)) = reference_link(&hit.path) {
        out.push_str(&format!("[{title} in the Kubernetes API reference]({url})"));
    }
    Some(out.trim_end().to_owned())
}

/// Kubernetes knowledge beyond the schema, for the node under the cursor.
fn extras(root: &Node, hit: &NodeAt<'_>, view: SchemaView<'_>) -> Vec<String> {
    let _ = (root, hit, view);
    Vec::new()
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

/// A reminder of the fields an object has, for a key that is not one of them.
fn known_fields(parent: SchemaView<'_>) -> String {
    let names: Vec<String> = parent
        .properties()
        .filter_map(|p| p.name())
        .map(|n| format!("`{n}`"))
        .collect();
    if names.is_empty() {
        return String::new();
    }
    format!("Known fields: {}", names.join(", "))
}

const REFERENCE: &str = "https://kubernetes.io/docs/reference/kubernetes-api/";

/// Types with a page of their own in the API reference; every other type is documented inline on the page of the
/// type that contains it, under an anchor with its name.
fn own_page(short_name: &str) -> Option<&'static str> {
    Some(match short_name {
        "Pod" => "workload-resources/pod-v1/",
        "ObjectMeta" => "common-definitions/object-meta/",
        "LabelSelector" => "common-definitions/label-selector/",
        "LocalObjectReference" => "common-definitions/local-object-reference/",
        "Volume" => "config-and-storage-resources/volume/",
        "PersistentVolumeClaimSpec" => "config-and-storage-resources/persistent-volume-claim-v1/",
        _ => return None,
    })
}

/// The API reference section documenting the field at `path`: the page of the nearest type with its own page, and
/// the anchor of the object type that holds the field (`pod-v1/#Container` for `spec.containers[].image`).
pub fn reference_link(path: &[PathSeg]) -> Option<(String, String)> {
    let mut view = schema::schema().pod();
    let mut page = "workload-resources/pod-v1/";
    let mut anchor = "Pod";
    for seg in path {
        if let (Some(short), TypeKind::Object { .. }) = (view.short_name(), view.kind()) {
            anchor = short;
            if let Some(own) = own_page(short) {
                page = own;
            }
        }
        view = view.child(seg)?;
    }
    Some((format!("{REFERENCE}{page}#{anchor}"), anchor.to_owned()))
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::test_utils::cursor;

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
                **app** `string` · optional

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
    fn unknown_field() {
        check(
            "kind: Pod\nspec:\n  containers:\n  - name: a\n    imag$0e_: nginx\n",
            expect![[r#"
                *image_*
                **image_** is not a field of `Container`.

                Known fields: `args`, `command`, `env`, `envFrom`, `image`, `imagePullPolicy`, `lifecycle`, `livenessProbe`, `name`, `ports`, `readinessProbe`, `resizePolicy`, `resources`, `restartPolicy`, `restartPolicyRules`, `securityContext`, `startupProbe`, `stdin`, `stdinOnce`, `terminationMessagePath`, `terminationMessagePolicy`, `tty`, `volumeDevices`, `volumeMounts`, `workingDir`
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
}
