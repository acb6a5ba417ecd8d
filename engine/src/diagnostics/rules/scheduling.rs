//! Pod-level scalars and scheduling: names of other objects, `activeDeadlineSeconds`, DNS config, host aliases,
//! readiness and scheduling gates, node selector, tolerations, affinity and topology spread
//! (`ValidatePodSpec`, `validatePodDNSConfig`, `ValidateTolerations`, `validateAffinity`,
//! `validateTopologySpreadConstraints`).

use super::{Ctx, Path, Unique, codes, duplicate, forbidden, invalid, items, not_supported, quote, required};
use crate::diagnostics::{Related, Severity};
use crate::model::format::{self, join};
use crate::syntax::Node;

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let spec_path = cx.base.key("spec");
    check_names(cx, &spec_path);
    check_scalars(cx, &spec_path);
    check_dns(cx, &spec_path);
    check_gates(cx, &spec_path);
    let node_selector = cx.spec_field("nodeSelector");
    super::metadata::check_labels(cx, node_selector, &spec_path.key("nodeSelector"));
    check_tolerations(cx, &spec_path);
    if let Some(affinity) = cx.spec_field("affinity").filter(|a| a.as_mapping().is_some()) {
        check_affinity(cx, affinity, &spec_path.key("affinity"));
    }
    check_topology_spread(cx, &spec_path);
    check_resource_claims(cx, &spec_path);
}

fn check_names(cx: &mut Ctx<'_>, spec_path: &Path<'_>) {
    let labels: [(&str, bool); 6] = [
        ("hostname", true),
        ("subdomain", true),
        ("nodeName", false),
        ("priorityClassName", false),
        ("runtimeClassName", false),
        ("serviceAccountName", false),
    ];
    for (field, label) in labels {
        let Some((value, node)) = cx.spec.and_then(|s| super::string_field(s, field)) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let errs = if label { format::dns1123_label(value) } else { format::dns1123_subdomain(value) };
        if !errs.is_empty() {
            let why = if label {
                "This is a DNS label: lowercase letters, digits and '-', at most 63 characters."
            } else {
                "This names another object, so it is a lowercase DNS subdomain."
            };
            cx.error(
                codes::INVALID_POD_FIELD,
                node.range,
                invalid(&spec_path.key(field), &quote(value), &join(&errs)),
                why,
            );
        }
    }
}

fn check_scalars(cx: &mut Ctx<'_>, spec_path: &Path<'_>) {
    // `activeDeadlineSeconds` is a row of `tables`.
    let aliases_path = spec_path.key("hostAliases");
    for (i, alias) in items(cx.spec_field("hostAliases")).iter().enumerate() {
        let path = aliases_path.index(i);
        if let Some((ip, node)) = super::string_field(alias, "ip")
            && !format::is_ip(ip)
        {
            cx.error(
                codes::INVALID_POD_FIELD,
                node.range,
                invalid(&path.key("ip"), &quote(ip), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
                "Host aliases map an IP address to names in the container's /etc/hosts.",
            );
        }
        // The host names, and the readiness gates' condition types, are rows of `tables`.
    }
}

fn check_dns(cx: &mut Ctx<'_>, spec_path: &Path<'_>) {
    let policy_node = cx.spec_field("dnsPolicy");
    let policy = policy_node.and_then(Node::as_str);
    let config = cx.spec_field("dnsConfig").filter(|c| c.as_mapping().is_some());
    let config_path = spec_path.key("dnsConfig");
    if let Some(policy_node) = policy_node.filter(|_| policy == Some("None")) {
        match config {
            None => {
                cx.error(
                    codes::DNS_CONFIG,
                    policy_node.range,
                    required(&config_path, "must provide `dnsConfig` when `dnsPolicy` is None"),
                    "With `dnsPolicy: None` the Pod gets no DNS settings except those in `dnsConfig`.",
                );
            }
            Some(c) if items(c.get("nameservers")).is_empty() => {
                let range = cx.spec.and_then(|s| s.entry("dnsConfig")).map_or(policy_node.range, |e| e.key.range);
                cx.error(
                    codes::DNS_CONFIG,
                    range,
                    required(
                        &config_path.key("nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None",
                    ),
                    "With `dnsPolicy: None` the Pod needs at least one nameserver in `dnsConfig`.",
                );
            }
            Some(_) => {}
        }
    }
    let Some(config) = config else { return };
    let servers = items(config.get("nameservers"));
    let servers_path = config_path.key("nameservers");
    if let Some(fourth) = servers.get(3) {
        cx.error(
            codes::DNS_CONFIG,
            fourth.range,
            invalid(
                &servers_path,
                &super::show_list(config.get("nameservers")),
                "must not have more than 3 nameservers",
            ),
            "The C library's resolver reads at most three nameservers.",
        );
    }
    for (i, server) in servers.iter().enumerate() {
        if let Some(s) = server.as_str()
            && !format::is_ip(s)
        {
            cx.error(
                codes::DNS_CONFIG,
                server.range,
                invalid(&servers_path.index(i), &quote(s), "must be valid IP address"),
                "Nameservers are IP addresses.",
            );
        }
    }
    let searches = items(config.get("searches"));
    let searches_path = config_path.key("searches");
    if let Some(past_limit) = searches.get(32) {
        cx.error(
            codes::DNS_CONFIG,
            past_limit.range,
            invalid(
                &searches_path,
                &super::show_list(config.get("searches")),
                "must not have more than 32 search paths",
            ),
            "The resolver accepts at most 32 search domains.",
        );
    }
    let total: usize =
        searches.iter().filter_map(Node::as_str).map(str::len).sum::<usize>() + searches.len().saturating_sub(1);
    if total > 2048 {
        cx.error(
            codes::DNS_CONFIG,
            config.entry("searches").map_or(config.range, |e| e.key.range),
            invalid(
                &searches_path,
                &super::show_list(config.get("searches")),
                "must not have more than 2048 characters (including spaces) in the search list",
            ),
            "The resolver's search list is limited to 2048 characters.",
        );
    }
    // Before RelaxedDNSSearchValidation (on by default since 1.33), `_` and a lone `.` were errors.
    let relaxed = cx.target.gate_on("RelaxedDNSSearchValidation");
    for (i, search) in searches.iter().enumerate() {
        let Some(s) = search.as_str() else { continue };
        // A trailing dot is allowed, and the relaxed rule also allows `_` and a lone `.`.
        let trimmed = s.strip_suffix('.').unwrap_or(s);
        if s == "." && relaxed {
            continue;
        }
        let errs = if relaxed {
            format::dns1123_subdomain_with_underscore(trimmed)
        } else {
            format::dns1123_subdomain(trimmed)
        };
        if !errs.is_empty() {
            cx.error(
                codes::DNS_CONFIG,
                search.range,
                // The API server reports the name it checked, without the trailing dot.
                invalid(&searches_path.index(i), &quote(trimmed), &join(&errs)),
                "Search domains are DNS names.",
            );
        }
    }
    let options_path = config_path.key("options");
    for (i, option) in items(config.get("options")).iter().enumerate() {
        if option.as_mapping().is_none() {
            continue;
        }
        let name = option.get("name").and_then(Node::as_str).unwrap_or("");
        if name.is_empty() {
            cx.error(
                codes::DNS_CONFIG,
                option.get("name").filter(|n| !n.range.is_empty()).map_or_else(|| super::anchor(option), |n| n.range),
                required(&options_path.index(i), "must not be empty"),
                "Each resolver option needs a name, such as `ndots`.",
            );
        }
    }
}

fn check_gates(cx: &mut Ctx<'_>, spec_path: &Path<'_>) {
    let gates = items(cx.spec_field("schedulingGates"));
    let gates_path = spec_path.key("schedulingGates");
    let mut seen = Unique::new();
    for (i, gate) in gates.iter().enumerate() {
        let Some((name, node)) = super::string_field(gate, "name") else {
            continue;
        };
        let path = gates_path.index(i);
        cx.check_format(
            codes::INVALID_POD_FIELD,
            node.range,
            &path,
            name,
            format::qualified_name,
            "Scheduling gate names are qualified names, such as `example.com/foo`.",
        );
        if let Some(first) = seen.repeat(name, node.range) {
            cx.error(
                codes::INVALID_POD_FIELD,
                node.range,
                duplicate(&path, &quote(name)),
                "Each scheduling gate is listed once.",
            )
            .related
            .push(Related { range: first, message: "first listed here".to_owned() });
        }
    }
    if !gates.is_empty()
        && let Some((node_name, node)) = cx.spec.and_then(|s| super::string_field(s, "nodeName"))
        && !node_name.is_empty()
    {
        cx.error(
            codes::INVALID_POD_FIELD,
            node.range,
            forbidden(&spec_path.key("nodeName"), "cannot be set until all schedulingGates have been cleared"),
            "A Pod bound to a node skips the scheduler, so scheduling gates would never be honoured.",
        );
    }
}

fn check_tolerations(cx: &mut Ctx<'_>, spec_path: &Path<'_>) {
    let list_path = spec_path.key("tolerations");
    for (i, toleration) in items(cx.spec_field("tolerations")).iter().enumerate() {
        if toleration.as_mapping().is_none() {
            continue;
        }
        let path = list_path.index(i);
        let key = super::string_field(toleration, "key").filter(|(k, _)| !k.is_empty());
        let operator_node = toleration.get("operator");
        let operator = operator_node.and_then(Node::as_str).unwrap_or("");
        let value = super::string_field(toleration, "value").filter(|(v, _)| !v.is_empty());
        if let Some((key, node)) = key {
            let errs = format::qualified_name(key);
            if !errs.is_empty() {
                cx.error(
                    codes::INVALID_TOLERATION,
                    node.range,
                    invalid(&path.key("key"), &quote(key), &join(&errs)),
                    "Taint keys are qualified names.",
                );
            }
        } else if operator != "Exists" {
            let range =
                operator_node.filter(|n| !n.range.is_empty()).map_or_else(|| super::anchor(toleration), |n| n.range);
            cx.error(
                codes::INVALID_TOLERATION,
                range,
                invalid(
                    &path.key("operator"),
                    &quote(operator),
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
                ),
                "A toleration without a key matches every taint, which only makes sense with `operator: Exists`.",
            );
        }
        match (operator, operator_node) {
            ("" | "Equal", _) => {
                if let Some((value, node)) = value
                    && let errs = format::label_value(value)
                    && !errs.is_empty()
                {
                    cx.error(
                        codes::INVALID_TOLERATION,
                        node.range,
                        invalid(&path.key("operator"), &quote(value), &errs.join(";")),
                        "Taint values follow the label value rules.",
                    );
                }
            }
            ("Exists", _) => {
                if let Some((value, node)) = value {
                    cx.error(
                        codes::INVALID_TOLERATION,
                        node.range,
                        invalid(
                            &path.key("operator"),
                            &quote(value),
                            "value must be empty when `operator` is 'Exists'",
                        ),
                        "`Exists` matches any value; remove `value` or use `operator: Equal`.",
                    );
                }
            }
            ("Lt" | "Gt", Some(node)) => {
                cx.report(
                    Severity::Warning,
                    codes::FEATURE_GATED,
                    node.range,
                    format!(
                        "{}: {} requires the TaintTolerationComparisonOperators feature gate",
                        path.key("operator"),
                        quote(operator)
                    ),
                    "API servers without the gate reject it with `supported values: \"Equal\", \"Exists\"`.",
                );
            }
            (other, Some(node)) => {
                cx.error(
                    codes::INVALID_TOLERATION,
                    node.range,
                    not_supported(&path.key("operator"), &quote(other), &["Equal", "Exists"]),
                    "Tolerations match a taint's value with `Equal` (the default) or any value with `Exists`.",
                );
            }
            // Without an operator node the operator reads as empty, which the first arm takes.
            (_, None) => {}
        }
        let effect = toleration.get("effect").and_then(Node::as_str).unwrap_or("");
        if let Some(seconds) = toleration.entry("tolerationSeconds").filter(|e| super::int64(&e.value).is_some())
            && effect != "NoExecute"
        {
            let range = toleration.get("effect").filter(|n| !n.range.is_empty()).map_or(seconds.key.range, |n| n.range);
            cx.error(
                codes::INVALID_TOLERATION,
                range,
                invalid(&path.key("effect"), &quote(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"),
                "`tolerationSeconds` says how long a Pod may stay after a NoExecute taint appears; other effects never evict.",
            );
        }
    }
}

fn check_affinity(cx: &mut Ctx<'_>, affinity: &Node, path: &Path<'_>) {
    if let Some(node_affinity) = affinity.get("nodeAffinity").filter(|n| n.as_mapping().is_some()) {
        let na_path = path.key("nodeAffinity");
        if let Some(entry) = node_affinity
            .entry("requiredDuringSchedulingIgnoredDuringExecution")
            .filter(|e| e.value.as_mapping().is_some())
        {
            let req_path = na_path.key("requiredDuringSchedulingIgnoredDuringExecution");
            let terms = items(entry.value.get("nodeSelectorTerms"));
            let terms_path = req_path.key("nodeSelectorTerms");
            if terms.is_empty() && entry.value.get("nodeSelectorTerms").is_some() {
                cx.error(
                    codes::INVALID_AFFINITY,
                    entry.key.range,
                    required(&terms_path, "must have at least one node selector term"),
                    "Required node affinity lists at least one term; a node matching any term is eligible.",
                );
            }
            for (i, term) in terms.iter().enumerate() {
                check_node_selector_term(cx, term, &terms_path.index(i));
            }
        }
        let pref_path = na_path.key("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, preferred) in
            items(node_affinity.get("preferredDuringSchedulingIgnoredDuringExecution")).iter().enumerate()
        {
            let p = pref_path.index(i);
            check_weight(cx, preferred, &p);
            if let Some(term) = preferred.get("preference") {
                check_node_selector_term(cx, term, &p.key("preference"));
            }
        }
    }
    for kind in ["podAffinity", "podAntiAffinity"] {
        let Some(pod_affinity) = affinity.get(kind).filter(|n| n.as_mapping().is_some()) else {
            continue;
        };
        let kind_path = path.key(kind);
        let req_path = kind_path.key("requiredDuringSchedulingIgnoredDuringExecution");
        for (i, term) in items(pod_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")).iter().enumerate() {
            check_pod_affinity_term(cx, term, &req_path.index(i));
        }
        let pref_path = kind_path.key("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, weighted) in
            items(pod_affinity.get("preferredDuringSchedulingIgnoredDuringExecution")).iter().enumerate()
        {
            let p = pref_path.index(i);
            check_weight(cx, weighted, &p);
            if let Some(term) = weighted.get("podAffinityTerm") {
                check_pod_affinity_term(cx, term, &p.key("podAffinityTerm"));
            }
        }
    }
}

fn check_weight(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    if let Some(weight) = node.get("weight")
        && let Some(n) = super::int32(weight)
        && !(1..=100).contains(&n)
    {
        cx.error(
            codes::INVALID_AFFINITY,
            weight.range,
            invalid(&path.key("weight"), &n.to_string(), "must be in the range 1-100"),
            "Preference weights range from 1 to 100.",
        );
    }
}

fn check_node_selector_term(cx: &mut Ctx<'_>, term: &Node, path: &Path<'_>) {
    let exprs_path = path.key("matchExpressions");
    for (i, expr) in items(term.get("matchExpressions")).iter().enumerate() {
        // The key's format, and the values' of a required term, are rows of `tables`.
        check_operator_values(cx, expr, &exprs_path.index(i), true);
    }
    let fields_path = path.key("matchFields");
    for (i, expr) in items(term.get("matchFields")).iter().enumerate() {
        let p = fields_path.index(i);
        if let Some((key, node)) = super::string_field(expr, "key")
            && key != "metadata.name"
        {
            cx.error(
                codes::INVALID_AFFINITY,
                node.range,
                not_supported(&p.key("key"), &quote(key), &["metadata.name"]),
                "Node field selectors match only `metadata.name`.",
            );
        }
        let operator = super::string_field(expr, "operator").filter(|(o, _)| !o.is_empty());
        if let Some((operator, node)) = operator.filter(|(o, _)| !matches!(*o, "In" | "NotIn")) {
            cx.error(
                codes::INVALID_AFFINITY,
                node.range,
                not_supported(&p.key("operator"), &quote(operator), &["In", "NotIn"]),
                "Node field selectors use `In` or `NotIn`.",
            );
        } else if items(expr.get("values")).len() != 1 {
            cx.error(
                codes::INVALID_AFFINITY,
                expr.get("values").filter(|v| !v.range.is_empty()).map_or_else(|| super::anchor(expr), |v| v.range),
                required(
                    &p.key("values"),
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                ),
                "A node field selector names exactly one node.",
            );
        }
    }
}

/// The values an operator takes: `In`/`NotIn` need some, `Exists`/`DoesNotExist` none, `Gt`/`Lt` exactly one.
fn check_operator_values(cx: &mut Ctx<'_>, expr: &Node, path: &Path<'_>, node_selector: bool) {
    let Some((operator, operator_node)) = super::string_field(expr, "operator") else {
        return;
    };
    let values = expr.get("values").filter(|v| !v.is_null());
    let count = items(values).len();
    let values_path = path.key("values");
    let range = values.filter(|v| !v.range.is_empty()).map_or(operator_node.range, |v| v.range);
    match operator {
        "In" | "NotIn" if count == 0 => {
            cx.error(
                codes::INVALID_AFFINITY,
                range,
                required(&values_path, "must be specified when `operator` is 'In' or 'NotIn'"),
                "`In` and `NotIn` compare against a list of values.",
            );
        }
        "Exists" | "DoesNotExist" if count > 0 => {
            cx.error(
                codes::INVALID_AFFINITY,
                range,
                forbidden(&values_path, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
                "`Exists` and `DoesNotExist` look only at the key; remove `values`.",
            );
        }
        "Gt" | "Lt" if node_selector && count != 1 => {
            cx.error(
                codes::INVALID_AFFINITY,
                range,
                required(&values_path, "must be specified single value when `operator` is 'Lt' or 'Gt'"),
                "`Gt` and `Lt` compare against one integer.",
            );
        }
        _ => {}
    }
}

fn check_pod_affinity_term(cx: &mut Ctx<'_>, term: &Node, path: &Path<'_>) {
    if term.as_mapping().is_none() {
        return;
    }
    // The topology key's presence and format are rows of `tables`.
    for field in ["labelSelector", "namespaceSelector"] {
        if let Some(selector) = term.get(field) {
            check_label_selector(cx, selector, &path.key(field));
        }
    }
    // The API server names the list without an index (`namespace`, singular).
    let namespace_path = path.key("namespace");
    for namespace in items(term.get("namespaces")) {
        if let Some(name) = namespace.as_str() {
            cx.check_format(
                codes::INVALID_AFFINITY,
                namespace.range,
                &namespace_path,
                name,
                format::dns1123_label,
                "Namespace names are lowercase DNS labels.",
            );
        }
    }
    check_match_label_keys(cx, term, path, codes::INVALID_AFFINITY);
}

fn check_label_selector(cx: &mut Ctx<'_>, selector: &Node, path: &Path<'_>) {
    super::metadata::check_labels(cx, selector.get("matchLabels"), &path.key("matchLabels"));
    let exprs_path = path.key("matchExpressions");
    for (i, expr) in items(selector.get("matchExpressions")).iter().enumerate() {
        let p = exprs_path.index(i);
        if let Some((key, node)) = super::string_field(expr, "key") {
            cx.check_format(
                codes::INVALID_AFFINITY,
                node.range,
                &p.key("key"),
                key,
                format::qualified_name,
                "Label keys are qualified names.",
            );
        }
        check_operator_values(cx, expr, &p, false);
        // On create the API server holds a selector's values to the label value format.
        let values_path = p.key("values");
        for (j, value) in items(expr.get("values")).iter().enumerate() {
            if let Some(v) = value.as_str() {
                cx.check_format(
                    codes::INVALID_AFFINITY,
                    value.range,
                    &values_path.index(j),
                    v,
                    format::label_value,
                    "Selector values are label values.",
                );
            }
        }
    }
}

/// `validateMatchLabelKeysAndMismatchLabelKeys`, on the selector as the API server validates a new Pod's: each key
/// of `matchLabelKeys` (`mismatchLabelKeys`) the Pod has a label for was appended to it as an `In` (`NotIn`)
/// expression, so a key the selector already names is there twice. Topology spread constraints have no
/// `mismatchLabelKeys`, and the same rule.
fn check_match_label_keys(cx: &mut Ctx<'_>, owner: &Node, path: &Path<'_>, code: &'static str) {
    let selector = owner.get("labelSelector").filter(|s| !s.is_null());
    let keys_of = |field: &str| -> Vec<(&str, &Node)> {
        items(owner.get(field)).iter().filter_map(|k| k.as_str().map(|s| (s, k))).collect()
    };
    let match_keys = keys_of("matchLabelKeys");
    let mismatch_keys = keys_of("mismatchLabelKeys");
    for (field, keys) in [("matchLabelKeys", &match_keys), ("mismatchLabelKeys", &mismatch_keys)] {
        if keys.is_empty() {
            continue;
        }
        let list_path = path.key(field);
        if selector.is_none() {
            let range = owner.entry(field).map_or(owner.range, |e| e.key.range);
            cx.error(
                code,
                range,
                forbidden(&list_path, "must not be specified when labelSelector is not set"),
                "These keys are merged into the `labelSelector`, so one is needed.",
            );
            continue;
        }
        for (i, (key, node)) in keys.iter().enumerate() {
            cx.check_format(
                code,
                node.range,
                &list_path.index(i),
                key,
                format::qualified_name,
                "Label keys are qualified names.",
            );
        }
    }
    if let Some(selector) = selector {
        // The merge is part of creating a Pod; a workload's template is validated as written.
        let labels = cx.root.get("metadata").and_then(|m| m.get("labels")).filter(|_| !cx.is_template());
        let has_label = |key: &str| super::entries(labels).iter().any(|e| e.key_str() == Some(key));
        let merged = match_keys.iter().chain(&mismatch_keys).map(|(k, _)| *k).filter(|k| has_label(k));
        let user_expressions = items(selector.get("matchExpressions"));
        let expressions = user_expressions.iter().filter_map(|e| e.get("key").and_then(Node::as_str)).chain(merged);
        let mut seen: Vec<&str> =
            super::entries(selector.get("matchLabels")).iter().filter_map(|e| e.key_str()).collect();
        for key in expressions {
            // The API server finds the key's last position in `matchLabelKeys`, and reports it on the term itself.
            if let Some((i, (_, node))) = match_keys.iter().enumerate().rev().find(|(_, (k, _))| *k == key)
                && seen.contains(&key)
            {
                cx.error(
                    code,
                    node.range,
                    invalid(&path.index(i), &quote(key), "exists in both matchLabelKeys and labelSelector"),
                    "The `labelSelector` already names this key; list it in one of the two places.",
                );
            }
            seen.push(key);
        }
    }
    let list_path = path.key("matchLabelKeys");
    for (i, (key, node)) in match_keys.iter().enumerate() {
        if mismatch_keys.iter().any(|(k, _)| k == key) {
            cx.error(
                code,
                node.range,
                invalid(&list_path.index(i), &quote(key), "exists in both matchLabelKeys and mismatchLabelKeys"),
                "A key cannot require both the same value as this Pod's label and a different one.",
            );
        }
    }
}

fn check_topology_spread(cx: &mut Ctx<'_>, spec_path: &Path<'_>) {
    let list_path = spec_path.key("topologySpreadConstraints");
    let mut seen = Unique::new();
    for (i, constraint) in items(cx.spec_field("topologySpreadConstraints")).iter().enumerate() {
        if constraint.as_mapping().is_none() {
            continue;
        }
        let path = list_path.index(i);
        if let Some(skew) = constraint.get("maxSkew")
            && let Some(n) = super::int32(skew)
            && n <= 0
        {
            cx.error(
                codes::INVALID_TOPOLOGY_SPREAD,
                skew.range,
                invalid(&path.key("maxSkew"), &n.to_string(), "must be greater than zero"),
                "`maxSkew` is the largest allowed difference in matching Pods between two domains, at least 1.",
            );
        }
        // The topology key's presence and format are rows of `tables`.
        let key = super::string_field(constraint, "topologyKey");
        let when = constraint.get("whenUnsatisfiable").and_then(Node::as_str).unwrap_or("");
        if let Some((k, key_node)) = key.filter(|(k, _)| !k.is_empty()) {
            let range = constraint.get("whenUnsatisfiable").map_or(constraint.range, |n| n.range);
            if let Some(first) = seen.repeat((k, when), range) {
                cx.error(
                    codes::INVALID_TOPOLOGY_SPREAD,
                    key_node.range,
                    duplicate(&path.key("{topologyKey, whenUnsatisfiable}"), &quote(&format!("{{{k}, {when}}}"))),
                    "Two constraints with the same topology key and `whenUnsatisfiable` would conflict; merge them.",
                )
                .related
                .push(Related { range: first, message: "the first constraint".to_owned() });
            }
        }
        if let Some(min) = constraint.get("minDomains")
            && let Some(n) = super::int32(min)
        {
            if n <= 0 {
                cx.error(
                    codes::INVALID_TOPOLOGY_SPREAD,
                    min.range,
                    invalid(&path.key("minDomains"), &n.to_string(), "must be greater than 0"),
                    "`minDomains` counts domains, at least 1.",
                );
            }
            // Both checks apply, as validateMinDomains makes them: a negative value with ScheduleAnyway is two errors.
            if when != "DoNotSchedule" {
                cx.error(
                    codes::INVALID_TOPOLOGY_SPREAD,
                    min.range,
                    invalid(
                        &path.key("minDomains"),
                        &n.to_string(),
                        &format!("can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {when}"),
                    ),
                    "`minDomains` only affects `whenUnsatisfiable: DoNotSchedule`.",
                );
            }
        }
        if let Some(selector) = constraint.get("labelSelector").filter(|s| !s.is_null()) {
            check_label_selector(cx, selector, &path.key("labelSelector"));
        }
        check_match_label_keys(cx, constraint, &path, codes::INVALID_TOPOLOGY_SPREAD);
    }
}

/// `validatePodResourceClaims`: a unique DNS-label name, and exactly one of the claim and the template.
fn check_resource_claims(cx: &mut Ctx<'_>, spec_path: &Path<'_>) {
    let list_path = spec_path.key("resourceClaims");
    let mut seen = Unique::new();
    for (i, claim) in items(cx.spec_field("resourceClaims")).iter().enumerate() {
        if claim.as_mapping().is_none() {
            continue;
        }
        let path = list_path.index(i);
        if let Some((name, node)) = super::string_field(claim, "name") {
            if name.is_empty() {
                cx.error(codes::RESOURCE_CLAIM, node.range, required(&path.key("name"), ""), "Name the claim.");
            } else if let Some(first) = seen.repeat(name, node.range) {
                cx.error(
                    codes::RESOURCE_CLAIM,
                    node.range,
                    duplicate(&path.key("name"), &quote(name)),
                    "Containers refer to a claim by its name, so each is listed once.",
                )
                .related
                .push(Related { range: first, message: "first listed here".to_owned() });
            } else {
                cx.check_format(
                    codes::RESOURCE_CLAIM,
                    node.range,
                    &path.key("name"),
                    name,
                    format::dns1123_label,
                    "Claim names are lowercase DNS labels.",
                );
            }
        }
        let sources: Vec<(&str, &Node)> = ["resourceClaimName", "resourceClaimTemplateName"]
            .into_iter()
            .filter_map(|field| claim.get(field).filter(|n| !n.is_null()).map(|n| (field, n)))
            .collect();
        for (field, node) in &sources {
            if let Some(value) = node.as_str() {
                cx.check_format(
                    codes::RESOURCE_CLAIM,
                    node.range,
                    &path.key(field),
                    value,
                    format::dns1123_subdomain,
                    "This names a ResourceClaim or ResourceClaimTemplate, so it is a lowercase DNS subdomain.",
                );
            }
        }
        let detail = match sources.len() {
            0 => "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`",
            1 => continue,
            _ => "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified",
        };
        let range = claim.get("name").filter(|n| !n.range.is_empty()).map_or_else(|| super::anchor(claim), |n| n.range);
        cx.error(
            codes::RESOURCE_CLAIM,
            range,
            invalid(&path, "{...}", detail),
            "A Pod's claim names an existing ResourceClaim or a ResourceClaimTemplate to make one from, not both.",
        );
    }
}
