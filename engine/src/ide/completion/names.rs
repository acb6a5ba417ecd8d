//! Completion of the names a Pod or workload declares, where a field refers to one (`volumeMounts[].name` completes
//! the declared volumes, a selector's label the template's labels), and of the variables a `$(` being typed can
//! expand to. What is declared where comes from [`crate::model::names`]; this module only turns it into proposals.

use std::collections::HashSet;

use super::{CompletionItem, CompletionKind};
use crate::model::names::{self, Role, Space};
use crate::model::pod::{self, document_carrier};
use crate::syntax::Node;
use crate::syntax::query::{CursorContext, Position};
use crate::text::TextRange;

/// The names a value position refers to, or the labels a selector's key may require.
pub(super) fn name_completions(text: &str, root: &Node, ctx: &CursorContext) -> Vec<CompletionItem> {
    let Some(carrier) = document_carrier(Some(root)) else {
        return Vec::new();
    };
    let as_key = ctx.position == Position::Key && !ctx.new_item;
    let space = match ctx.position {
        Position::Value { .. } => names::space_of_use(root, carrier, &ctx.value_path()),
        Position::Key if as_key => names::space_of_keys(carrier, &ctx.parent),
        // A new item of a list of names (a selector expression's `values`), whose path ends at the item.
        Position::Key => names::space_of_use(root, carrier, &ctx.parent),
    };
    let Some(space) = space else {
        return Vec::new();
    };
    // Only what the Pod or template declares itself; ConfigMaps and Secrets are declared elsewhere, so their uses
    // are offered.
    let declared_only =
        matches!(space, Space::Volume | Space::Container | Space::Port(_) | Space::Label | Space::LabelValue(_));
    let container = match space {
        Space::Port(id) => names::pod_spec(root, carrier).and_then(|spec| id.node(spec)),
        _ => None,
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for occurrence in names::index(text, root, carrier) {
        if occurrence.space != space
            || (declared_only && occurrence.role != Role::Decl)
            || occurrence.range.touches(ctx.word_range.start) && occurrence.range.touches(ctx.word_range.end)
            || seen.contains(&occurrence.name)
            || as_key && ctx.present.contains(&occurrence.name)
        {
            continue;
        }
        let detail = match &space {
            Space::Port(_) => {
                container.and_then(|c| pod::port_number(c, &occurrence.name)).map(|n| format!("port {n}"))
            }
            other => Some(other.noun().to_owned()),
        };
        seen.insert(occurrence.name.clone());
        let sort_text = format!("0{:04}", out.len());
        let insert_text =
            if as_key && !ctx.has_colon { format!("{}: ", occurrence.name) } else { occurrence.name.clone() };
        out.push(reference(occurrence.name, detail, insert_text, ctx.word_range, sort_text));
    }
    // A probe may name the port or give its number: the container's ports by number follow their names.
    let ports = container.and_then(|c| c.get("ports")).and_then(Node::as_sequence).unwrap_or_default();
    for port in ports {
        let Some(number) = port.get("containerPort").and_then(Node::as_i64) else { continue };
        let label = number.to_string();
        if !seen.insert(label.clone()) {
            continue;
        }
        let named = port.get("name").and_then(Node::scalar_text);
        let detail = named.map_or_else(|| "container port".to_owned(), |n| format!("container port `{n}`"));
        let sort_text = format!("1{:04}", out.len());
        out.push(reference(label.clone(), Some(detail), label, ctx.word_range, sort_text));
    }
    out
}

/// Environment variable names after a `$(` being typed in `command`, `args` or an `env[].value`: the variables
/// Kubernetes expands there.
pub(super) fn expansion_completions(
    text: &str,
    root: &Node,
    ctx: &CursorContext,
    offset: usize,
) -> Vec<CompletionItem> {
    let Some(carrier) = document_carrier(Some(root)) else {
        return Vec::new();
    };
    let path = if matches!(ctx.position, Position::Value { .. }) { ctx.value_path() } else { ctx.parent.clone() };
    let Some(site) = names::expansion_site(carrier, &path) else {
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
    let close = if after.starts_with(')') { "" } else { ")" };
    let range = TextRange::new(offset - partial.len(), offset + (rest.len() - after.len()));
    let vars = names::env_in_scope(root, carrier, site);
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (name, _) in vars.iter().filter_map(|var| var.get("name").and_then(|name| names::name_of(text, name))) {
        if !seen.insert(name.clone()) {
            continue;
        }
        let insert_text = format!("{name}{close}");
        let detail = Some("environment variable".to_owned());
        out.push(reference(name, detail, insert_text, range, format!("0{:04}", out.len())));
    }
    out
}

/// A proposal of a name, replacing `replace_range`.
fn reference(
    label: String,
    detail: Option<String>,
    insert_text: String,
    replace_range: TextRange,
    sort_text: String,
) -> CompletionItem {
    CompletionItem {
        label,
        kind: CompletionKind::Reference,
        detail,
        documentation: None,
        insert_text,
        snippet: None,
        replace_range,
        sort_text,
        filter_text: None,
        deprecated: false,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::tests::completions;
    use crate::test_utils::cursor;

    #[test]
    fn names_complete_where_they_are_used() {
        let (text, offset) = cursor(
            "kind: Pod\nspec:\n  containers:\n  - name: app\n    ports:\n    - name: metrics\n      containerPort: 9100\n    livenessProbe:\n      tcpSocket:\n        port: $0\n    volumeMounts:\n    - name: cache\n  volumes:\n  - name: cache\n  - name: 로그\n",
        );
        let labels: Vec<String> = completions(&text, offset)
            .iter()
            .map(|i| format!("{} ({})", i.label, i.detail.as_deref().unwrap_or("")))
            .collect();
        expect!["metrics (port 9100), 9100 (container port `metrics`)"].assert_eq(&labels.join(", "));
        let mount = text.find("- name: cache").unwrap() + 8;
        let mut partial = text.clone();
        partial.replace_range(mount..mount + 5, "");
        let labels: Vec<String> = completions(&partial, mount).iter().map(|i| i.label.clone()).collect();
        expect!["cache, 로그"].assert_eq(&labels.join(", "));
    }

    #[test]
    fn environment_names_complete_after_an_opening_expansion() {
        let fixture = "kind: Pod\nspec:\n  containers:\n  - name: app\n    env:\n    - name: GREETING\n      value: 안녕\n    - name: TARGET\n      value: \"$(GRE\"\n    args:\n    - echo $(TA$0\n";
        let (text, offset) = cursor(fixture);
        let items = completions(&text, offset);
        let rendered: Vec<String> = items
            .iter()
            .map(|i| format!("{} → {:?} @{:?}", i.label, i.insert_text, &text[i.replace_range.as_range()]))
            .collect();
        expect![[r#"
            GREETING → "GREETING)" @"TA"
            TARGET → "TARGET)" @"TA""#]]
        .assert_eq(&rendered.join("\n"));
        let in_value = text.find("$(GRE").unwrap() + 5;
        let items = completions(&text, in_value);
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        // In an env value, only the variables declared before it expand: not the variable itself.
        expect!["GREETING"].assert_eq(&labels.join(", "));
    }

    #[test]
    fn a_variable_redeclared_later_is_offered_once_in_order() {
        let fixture = "kind: Pod\nspec:\n  containers:\n  - name: app\n    env:\n    - name: B\n    - name: A\n    - name: B\n      value: $(A$0\n    - name: C\n";
        let (text, offset) = cursor(fixture);
        let labels: Vec<String> = completions(&text, offset).into_iter().map(|i| i.label).collect();
        // `B`'s own value sees the earlier `B` and `A`; `C` comes after.
        expect!["B, A"].assert_eq(&labels.join(", "));
    }

    fn labels_at(fixture: &str) -> String {
        let (text, offset) = cursor(fixture);
        let labels: Vec<String> = completions(&text, offset)
            .into_iter()
            .filter(|i| i.kind == super::CompletionKind::Reference)
            .map(|i| format!("{} ({})", i.label, i.detail.unwrap_or_default()))
            .collect();
        labels.join(", ")
    }

    #[test]
    fn names_complete_inside_a_deployment_template() {
        let deployment = |selector: &str, mount: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  selector:\n{selector}\n  template:\n    metadata:\n      labels: {{app: web, tier: front}}\n    spec:\n      containers:\n      - name: web\n        volumeMounts:\n        - name: {mount}\n      volumes:\n      - name: cache\n      - name: tmp\n"
            )
        };
        expect!["cache (volume), tmp (volume)"].assert_eq(&labels_at(&deployment("    matchLabels: {app: web}", "$0")));
        // A selector's keys and values come from the template's labels.
        expect!["app (label), tier (label)"]
            .assert_eq(&labels_at(&deployment("    matchExpressions:\n    - key: $0", "cache")));
        expect!["front (label value)"].assert_eq(&labels_at(&deployment("    matchLabels:\n      tier: $0", "cache")));
        let values = "    matchExpressions:\n    - key: tier\n      operator: In\n      values:\n      - $0";
        expect!["front (label value)"].assert_eq(&labels_at(&deployment(values, "cache")));
        // The keys of `matchLabels` too, except those already written.
        expect!["tier (label)"]
            .assert_eq(&labels_at(&deployment("    matchLabels:\n      app: web\n      $0", "cache")));
        let (text, offset) = cursor(&deployment("    matchLabels:\n      ti$0", "cache"));
        let item = completions(&text, offset).into_iter().find(|i| i.label == "tier").expect("the label is offered");
        assert_eq!((item.insert_text.as_str(), &text[item.replace_range.as_range()]), ("tier: ", "ti"));
    }

    #[test]
    fn a_statefulset_mount_completes_its_claim_templates() {
        let text = "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers:\n      - name: db\n        volumeMounts:\n        - name: $0\n      volumes:\n      - name: config\n  volumeClaimTemplates:\n  - metadata: {name: data}\n";
        expect!["config (volume), data (volume)"].assert_eq(&labels_at(text));
    }

    #[test]
    fn a_cronjob_completes_containers_and_variables() {
        let cronjob = |policy: &str, args: &str| {
            format!(
                "apiVersion: batch/v1\nkind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      podFailurePolicy:\n        rules:\n        - action: Ignore\n          onExitCodes:\n            containerName: {policy}\n      template:\n        spec:\n          containers:\n          - name: backup\n            env:\n            - name: TARGET\n            args:\n            - {args}\n"
            )
        };
        expect!["backup (container)"].assert_eq(&labels_at(&cronjob("$0", "run")));
        expect!["TARGET (environment variable)"].assert_eq(&labels_at(&cronjob("backup", "$(TA$0")));
    }
}
