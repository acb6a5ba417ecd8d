//! Definition, references, highlight and rename of the names inside one Pod or workload, over the names index of
//! [`crate::model::names`].
//!
//! References never cross a `---` boundary: each document is indexed on its own.
//!
//! Architecture Invariant: no LSP types here; ranges are byte offsets.

use crate::diagnostics::Edit;
use crate::model::names::{self, Occurrence, Role, Space};
use crate::model::pod::document_carrier;
use crate::syntax::{self, Node};
use crate::text::TextRange;

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

/// The name at `offset` in one document that carries a Pod spec, if the cursor is on one.
pub fn name_at(text: &str, root: &Node, offset: usize) -> Option<NameAt> {
    name_in(index(text, root), offset)
}

/// The names of a document; none in a kind that carries no Pod spec.
fn index(text: &str, root: &Node) -> Vec<Occurrence> {
    document_carrier(Some(root)).map(|carrier| names::index(text, root, carrier)).unwrap_or_default()
}

/// The name at `offset` among the occurrences of a document's index.
fn name_in(all: Vec<Occurrence>, offset: usize) -> Option<NameAt> {
    let hit = names::occurrence_at(&all, offset)?.clone();
    let mut occurrences: Vec<Occurrence> =
        all.into_iter().filter(|o| o.space == hit.space && o.name == hit.name).collect();
    // Nodes copied from an alias keep the anchor's ranges: each place is listed once (as a declaration when it is
    // one), so a rename never edits the same characters twice.
    occurrences.sort_by_key(|o| (o.range.start, o.role != Role::Decl));
    occurrences.dedup_by(|later, kept| later.range.start < kept.range.end);
    Some(NameAt { space: hit.space, name: hit.name, range: hit.range, occurrences })
}

/// Where the name at `offset` is declared: the volume, container, port or variable it names. On a declaration, the
/// declaration itself. Empty for ConfigMaps and Secrets, which other objects declare.
pub fn document_definition(text: &str, root: &Node, offset: usize) -> Vec<TextRange> {
    let Some(name) = name_at(text, root, offset) else {
        return Vec::new();
    };
    name.occurrences.iter().filter(|o| o.role == Role::Decl).map(|o| o.range).collect()
}

/// Every occurrence of the name at `offset`; declarations only when `include_declaration` is set.
pub fn document_references(text: &str, root: &Node, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    let Some(name) = name_at(text, root, offset) else {
        return Vec::new();
    };
    name.occurrences.iter().filter(|o| include_declaration || o.role == Role::Use).map(|o| o.range).collect()
}

/// The occurrences of the name at `offset`, marked as declarations or uses.
pub fn document_highlight(text: &str, root: &Node, offset: usize) -> Vec<Highlight> {
    let Some(name) = name_at(text, root, offset) else {
        return Vec::new();
    };
    let kind = |o: &Occurrence| match o.role {
        Role::Decl => HighlightKind::Write,
        Role::Use => HighlightKind::Read,
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
    let all = index(text, root);
    let hit = names::occurrence_at(&all, offset).ok_or_else(|| NOT_A_NAME.to_owned())?;
    // Many labels may share a value; every other name is one thing in its space.
    let unique = !matches!(hit.space, Space::LabelValue(_));
    let taken = unique && new_name != hit.name && all.iter().any(|o| o.space == hit.space && o.name == new_name);
    let name = name_in(all, offset).ok_or_else(|| NOT_A_NAME.to_owned())?;
    let noun = name.space.noun();
    let problems = validate_name(&name.space, new_name);
    if !problems.is_empty() {
        // A label's value is not a name of something; every other space names a thing.
        let what = if matches!(name.space, Space::LabelValue(_)) { noun.to_owned() } else { format!("{noun} name") };
        return Err(format!("`{new_name}` is not a valid {what}: {}", problems.join("; ")));
    }
    if taken {
        return Err(format!("the Pod already has a {noun} named `{new_name}`"));
    }
    let edits = name.occurrences.iter().map(|o| Edit { range: o.range, text: spelled(text, o, new_name) }).collect();
    Ok(edits)
}

/// The rules the API server applies to each kind of name.
fn validate_name(space: &Space, name: &str) -> Vec<String> {
    use crate::model::format;
    match space {
        Space::Volume | Space::Container => format::dns1123_label(name),
        Space::Port(_) => format::port_name(name),
        Space::Env(_) => format::env_var_name(name),
        Space::ConfigMap | Space::Secret => format::dns1123_subdomain(name),
        Space::Label => format::qualified_name(name),
        Space::LabelValue(_) => format::label_value(name),
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

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::ide::fixture::ask;
    use crate::text::{ColumnUnit, LineIndex};

    /// Runs a navigation query on the document of `text` that holds `offset`, as the server does; `None` when that
    /// document has no tree.
    fn on_tree<T>(text: &str, offset: usize, query: impl FnOnce(&str, &Node, usize) -> T) -> (Option<T>, usize) {
        ask(text, offset, |doc, analysis, at| analysis.parse.root.as_ref().map(|root| query(doc, root, at)))
    }

    fn shifted(ranges: Option<Vec<TextRange>>, by: usize) -> Vec<TextRange> {
        ranges.unwrap_or_default().into_iter().map(|r| r.shift(by)).collect()
    }

    fn definition(text: &str, offset: usize) -> Vec<TextRange> {
        let (ranges, start) = on_tree(text, offset, document_definition);
        shifted(ranges, start)
    }

    fn references(text: &str, offset: usize, include_declaration: bool) -> Vec<TextRange> {
        let (ranges, start) = on_tree(text, offset, |t, r, o| document_references(t, r, o, include_declaration));
        shifted(ranges, start)
    }

    fn highlight(text: &str, offset: usize) -> Vec<Highlight> {
        let (highlights, start) = on_tree(text, offset, document_highlight);
        highlights
            .unwrap_or_default()
            .into_iter()
            .map(|h| Highlight { range: h.range.shift(start), kind: h.kind })
            .collect()
    }

    fn prepare_rename(text: &str, offset: usize) -> Result<PrepareRename, String> {
        let (prepared, start) = on_tree(text, offset, document_prepare_rename);
        let prepared = prepared.expect("the document has a tree")?;
        Ok(PrepareRename { range: prepared.range.shift(start), placeholder: prepared.placeholder })
    }

    fn rename(text: &str, offset: usize, new_name: &str) -> Result<Vec<Edit>, String> {
        let (edits, start) = on_tree(text, offset, |t, r, o| document_rename(t, r, o, new_name));
        let edits = edits.expect("the document has a tree")?;
        Ok(edits.into_iter().map(|e| Edit { range: e.range.shift(start), text: e.text }).collect())
    }

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
    fn a_rename_edits_each_place_once_when_aliases_copy_it() {
        let text = "kind: Pod\nspec:\n  containers:\n  - name: a\n    volumeMounts:\n    - &mount {name: data, mountPath: /d}\n  - name: b\n    volumeMounts:\n    - *mount\n    - *mount\n  volumes:\n  - name: data\n";
        let edits = rename(text, text.rfind("data").unwrap(), "cache").unwrap();
        expect![[r#"
            6:20 "data"
            12:10 "data"
        "#]]
        .assert_eq(&render(text, edits.iter().map(|e| (e.range, ""))));
        // The references, highlights and declaration agree.
        assert_eq!(
            references(text, text.rfind("data").unwrap(), true),
            edits.iter().map(|e| e.range).collect::<Vec<_>>()
        );
        assert_eq!(definition(text, text.find("data").unwrap()).len(), 1);
    }

    const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
spec:
  selector:
    matchLabels:
      app: web
    matchExpressions:
    - {key: tier, operator: In, values: [front, edge]}
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
      - name: web
        ports:
        - name: http
          containerPort: 8080
        readinessProbe:
          httpGet: {path: /, port: http}
        volumeMounts:
        - name: cache
          mountPath: /cache
      volumes:
      - name: cache
        emptyDir: {}
"#;

    const STATEFULSET: &str = r#"apiVersion: apps/v1
kind: StatefulSet
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: postgres
        volumeMounts:
        - name: data
          mountPath: /var/lib/postgresql
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
"#;

    const CRONJOB: &str = r#"apiVersion: batch/v1
kind: CronJob
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      podFailurePolicy:
        rules:
        - action: FailJob
          onExitCodes:
            containerName: backup
            operator: In
            values: [42]
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: backup
            env:
            - name: TARGET
              value: s3://bucket
            args: ["--to=$(TARGET)"]
"#;

    fn find(text: &str, needle: &str, delta: usize) -> usize {
        text.find(needle).unwrap_or_else(|| panic!("{needle:?} is in the fixture")) + delta
    }

    fn highlights_in(text: &str, offset: usize) -> String {
        let tags = highlight(text, offset)
            .into_iter()
            .map(|h| (h.range, if h.kind == HighlightKind::Write { " (declaration)" } else { "" }))
            .collect::<Vec<_>>();
        render(text, tags)
    }

    #[test]
    fn names_link_inside_a_deployment_template() {
        expect![[r#"
            23:16 "cache"
            26:14 "cache" (declaration)
        "#]]
        .assert_eq(&highlights_in(DEPLOYMENT, find(DEPLOYMENT, "- name: cache", 8)));
        expect![[r#"
            18:16 "http" (declaration)
            21:35 "http"
        "#]]
        .assert_eq(&highlights_in(DEPLOYMENT, find(DEPLOYMENT, "port: http", 6)));
        let edits = rename(DEPLOYMENT, find(DEPLOYMENT, "- name: cache", 8), "scratch").unwrap();
        assert_eq!(edits.len(), 2);
    }

    #[test]
    fn a_selector_links_to_the_template_labels() {
        // The key `app` of the selector is declared by the template's label.
        let selector_key = find(DEPLOYMENT, "app: web", 1);
        expect![[r#"
            12:8 "app"
        "#]]
        .assert_eq(&render(DEPLOYMENT, definition(DEPLOYMENT, selector_key).into_iter().map(|r| (r, ""))));
        expect![[r#"
            8:12 "tier"
            13:8 "tier" (declaration)
        "#]]
        .assert_eq(&highlights_in(DEPLOYMENT, find(DEPLOYMENT, "tier: front", 1)));
        // A value belongs to its label: `front` of `tier`, in the template and in the expression's values.
        expect![[r#"
            8:41 "front"
            13:14 "front" (declaration)
        "#]]
        .assert_eq(&highlights_in(DEPLOYMENT, find(DEPLOYMENT, "[front", 1)));
        // Renaming a value in the template keeps the selector matching it.
        let edits = rename(DEPLOYMENT, find(DEPLOYMENT, "app: web\n    matchExpressions", 5), "site").unwrap();
        expect![[r#"
            6:11 "web"
            12:13 "web"
        "#]]
        .assert_eq(&render(DEPLOYMENT, edits.iter().map(|e| (e.range, ""))));
        // So does renaming a key, and the new one must be a valid label key.
        let edits = rename(DEPLOYMENT, find(DEPLOYMENT, "tier: front", 1), "app.kubernetes.io/tier").unwrap();
        expect![[r#"
            8:12 "tier"
            13:8 "tier"
        "#]]
        .assert_eq(&render(DEPLOYMENT, edits.iter().map(|e| (e.range, ""))));
        expect!["the Pod already has a label named `app`"]
            .assert_eq(&rename(DEPLOYMENT, find(DEPLOYMENT, "tier: front", 1), "app").unwrap_err());
        assert!(rename(DEPLOYMENT, find(DEPLOYMENT, "tier: front", 1), "-tier").is_err());
        let refused = rename(DEPLOYMENT, find(DEPLOYMENT, "tier: front", 7), "front end").unwrap_err();
        assert!(refused.starts_with("`front end` is not a valid label value: "), "{refused}");
        // Two labels may share a value.
        assert!(rename(DEPLOYMENT, find(DEPLOYMENT, "tier: front", 7), "web").is_ok());
    }

    #[test]
    fn a_statefulset_mount_may_name_a_claim_template() {
        let mount = find(STATEFULSET, "- name: data", 8);
        expect![[r#"
            18:12 "data"
        "#]]
        .assert_eq(&render(STATEFULSET, definition(STATEFULSET, mount).into_iter().map(|r| (r, ""))));
        let claim = find(STATEFULSET, "name: data\n    spec", 6);
        expect![[r#"
            14:16 "data"
        "#]]
        .assert_eq(&render(STATEFULSET, references(STATEFULSET, claim, false).into_iter().map(|r| (r, ""))));
        let edits = rename(STATEFULSET, claim, "pgdata").unwrap();
        assert_eq!(edits.iter().map(|e| e.range).collect::<Vec<_>>(), references(STATEFULSET, claim, true));
    }

    #[test]
    fn a_cronjob_links_its_failure_policy_and_expansions() {
        let policy = find(CRONJOB, "containerName: backup", 15);
        expect![[r#"
            18:18 "backup"
        "#]]
        .assert_eq(&render(CRONJOB, definition(CRONJOB, policy).into_iter().map(|r| (r, ""))));
        // A container rename follows into the Job's failure policy.
        let edits = rename(CRONJOB, find(CRONJOB, "- name: backup", 8), "dump").unwrap();
        expect![[r#"
            11:27 "backup"
            18:18 "backup"
        "#]]
        .assert_eq(&render(CRONJOB, edits.iter().map(|e| (e.range, ""))));
        expect![[r#"
            20:20 "TARGET" (declaration)
            22:27 "TARGET"
        "#]]
        .assert_eq(&highlights_in(CRONJOB, find(CRONJOB, "$(TARGET)", 3)));
    }

    #[test]
    fn kinds_without_a_pod_spec_have_no_names() {
        let service = "kind: Service\nspec:\n  selector: {app: web}\n  containers:\n  - name: web\n";
        assert!(highlight(service, service.find("web").unwrap()).is_empty());
        assert!(rename(service, service.find("web").unwrap(), "api").is_err());
    }
}
