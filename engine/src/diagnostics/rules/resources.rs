//! Resources: quantity syntax (what the decoder rejects), resource names, requests against limits, resources that
//! cannot be overcommitted, resource claims, pod-level resources and resize policies
//! (`resource.ParseQuantity`, `ValidateResourceQuantityValue`, `validateContainerResourceName`,
//! `validateResourceRequirements`, `validatePodResources`, `validateResizePolicy`), plus the memory-without-unit lint.

use super::{
    ContainerKind, Ctx, Path, Unique, codes, duplicate, edits, entries, forbidden, invalid, items, not_found,
    not_supported, quantity_text, quote, required,
};
use crate::diagnostics::{Fix, Related, Severity};
use crate::model::format::{self, join};
use crate::model::quantity::{self, Quantity};
use crate::syntax::{Entry, Node};
use crate::text::TextRange;

/// 1Mi: below it, a memory quantity is almost certainly missing its unit.
const ONE_MI_NANOS: i128 = 1024 * 1024 * 1_000_000_000;

/// A container's kind, whether it is a sidecar, and amounts of it: its effective requests (after defaulting from
/// limits), or its limits.
type ContainerAmounts = (ContainerKind, bool, Vec<(String, Quantity)>);
/// A regular container's index and its limits.
type ContainerLimits = (usize, Vec<(String, Quantity, TextRange)>);

/// A parsed `requests` or `limits` entry.
struct Amount<'a> {
    name: &'a str,
    quantity: Quantity,
    range: TextRange,
}

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let containers = cx.containers.clone();
    let claims: Vec<&str> =
        items(cx.spec_field("resourceClaims")).iter().filter_map(|c| c.get("name").and_then(Node::as_str)).collect();
    let mut container_requests: Vec<ContainerAmounts> = Vec::new();
    let mut container_limit_amounts: Vec<ContainerAmounts> = Vec::new();
    let mut container_limits: Vec<ContainerLimits> = Vec::new();
    for c in &containers {
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        c.with_path(|path| check_resize_policy(cx, c.node, path));
        let Some(resources) = c.node.get("resources").filter(|r| r.as_mapping().is_some()) else {
            container_requests.push((c.kind, c.is_sidecar(), Vec::new()));
            continue;
        };
        c.with_path(|path| {
            let path = path.key("resources");
            let (requests, limits) = check_requirements(cx, resources, &path, true, false);
            check_claims(cx, resources, &path, &claims);
            // Defaulting: a request that is not given takes the limit's value.
            let mut effective: Vec<(String, Quantity)> =
                requests.iter().map(|a| (a.name.to_owned(), a.quantity)).collect();
            for l in &limits {
                if !requests.iter().any(|r| r.name == l.name) {
                    effective.push((l.name.to_owned(), l.quantity));
                }
            }
            container_requests.push((c.kind, c.is_sidecar(), effective));
            container_limit_amounts.push((
                c.kind,
                c.is_sidecar(),
                limits.iter().map(|a| (a.name.to_owned(), a.quantity)).collect(),
            ));
            if c.kind == ContainerKind::Regular {
                container_limits
                    .push((c.index, limits.iter().map(|a| (a.name.to_owned(), a.quantity, a.range)).collect()));
            }
        });
    }
    check_pod_resources(cx, &container_requests, &container_limit_amounts, &container_limits);
    if let Some(overhead) = cx.spec_field("overhead") {
        let path = cx.base.key("spec");
        let path = path.key("overhead");
        // `validateOverhead` checks the names as a container's limits, so the API server names them so.
        let limits_path = path.key("limits");
        for entry in entries(Some(overhead)) {
            if let Some(name) = entry.key_str().filter(|_| !entry.merged) {
                check_resource_name(cx, entry, name, &limits_path.subscript(name));
            }
            check_quantity_entry(cx, entry, &path, false);
        }
    }
    check_other_quantities(cx);
}

/// `requests` and `limits` of one `resources` block (a container's, or the Pod's when `container` is false); returns
/// the valid amounts. `defaulted_compute`: v1 defaulting gives the block a cpu or memory request it does not write.
fn check_requirements<'a>(
    cx: &mut Ctx<'_>,
    resources: &'a Node,
    path: &Path<'_>,
    container: bool,
    defaulted_compute: bool,
) -> (Vec<Amount<'a>>, Vec<Amount<'a>>) {
    let limits_path = path.key("limits");
    let requests_path = path.key("requests");
    let limits = amounts(cx, resources.get("limits"), &limits_path, container);
    let requests = amounts(cx, resources.get("requests"), &requests_path, container);
    // The Pod's own requirements are held to the same rules; names it does not support are reported on their own.
    let who = if container { "A container" } else { "The Pod" };
    let compared = |a: &&Amount<'_>| container || is_pod_level_resource(a.name);
    for request in requests.iter().filter(compared) {
        let limit = limits.iter().find(|l| l.name == request.name);
        // `IsOvercommitAllowed`: native resources other than huge pages.
        let native = !request.name.contains('/') || request.name.contains("kubernetes.io/");
        let overcommit = native && !request.name.starts_with("hugepages-");
        match limit {
            Some(limit) if overcommit && request.quantity > limit.quantity => {
                cx.error(
                    codes::REQUEST_EXCEEDS_LIMIT,
                    request.range,
                    invalid(
                        &requests_path,
                        &quote(&request.quantity.canonical()),
                        &format!(
                            "must be less than or equal to {} limit of {}",
                            request.name,
                            limit.quantity.canonical()
                        ),
                    ),
                    &format!(
                        "{who} may use up to its limit, so the request (what the scheduler reserves) cannot exceed it."
                    ),
                )
                .related
                .push(Related { range: limit.range, message: format!("the {} limit", request.name) });
            }
            Some(limit) if !overcommit && request.quantity != limit.quantity => {
                cx.error(
                    codes::NON_OVERCOMMITTABLE_RESOURCE,
                    request.range,
                    invalid(
                        &requests_path,
                        &quote(&request.quantity.canonical()),
                        &format!("must be equal to {} limit of {}", request.name, limit.quantity.canonical()),
                    ),
                    "Extended resources and huge pages cannot be overcommitted: request and limit must be equal.",
                )
                .related
                .push(Related { range: limit.range, message: format!("the {} limit", request.name) });
            }
            None if !overcommit => {
                cx.error(
                    codes::NON_OVERCOMMITTABLE_RESOURCE,
                    request.range,
                    required(&limits_path, "Limit must be set for non overcommitable resources"),
                    "Extended resources and huge pages cannot be overcommitted: set the same amount under `limits`.",
                );
            }
            _ => {}
        }
    }
    let is_hugepages = |a: &Amount<'_>| a.name.starts_with("hugepages-");
    let is_compute = |a: &Amount<'_>| matches!(a.name, "cpu" | "memory");
    let hugepages = requests.iter().chain(&limits).find(|a| is_hugepages(a));
    if let Some(h) = hugepages
        && !defaulted_compute
        && !requests.iter().chain(&limits).any(is_compute)
    {
        cx.error(
            codes::NON_OVERCOMMITTABLE_RESOURCE,
            h.range,
            forbidden(path, "HugePages require cpu or memory"),
            &format!("{who} that uses huge pages must also request cpu or memory."),
        );
    }
    (requests, limits)
}

/// The entries of a `requests`/`limits` map: names and quantities checked, valid ones returned.
fn amounts<'a>(cx: &mut Ctx<'_>, map: Option<&'a Node>, path: &Path<'_>, container: bool) -> Vec<Amount<'a>> {
    let mut out = Vec::new();
    for entry in entries(map) {
        let Some(name) = entry.key_str() else {
            continue;
        };
        let key_path = path.subscript(name);
        if container && !entry.merged {
            check_resource_name(cx, entry, name, &key_path);
        }
        if let Some(quantity) = check_quantity_entry(cx, entry, path, integer_resource(name)) {
            out.push(Amount { name, quantity, range: entry.value.range });
        }
    }
    out
}

/// What the containers request (or are limited to) together of `name` (`AggregateContainerRequests`,
/// `AggregateContainerLimits`): regular containers and sidecars run together, other init containers one at a time
/// beside the sidecars started before them; `None` when no container has it. The sum is written as the first amount it meets is, as `Quantity.Add` keeps the
/// receiver's format.
fn aggregate(container_amounts: &[ContainerAmounts], name: &str) -> Option<(i128, quantity::Format)> {
    let mut running = 0i128;
    let mut sidecars = 0i128;
    let mut init_max = 0i128;
    let mut format = None;
    // Init containers come in the order they start, after the regular ones.
    for (kind, sidecar, amounts) in container_amounts {
        let Some((_, q)) = amounts.iter().find(|(n, _)| n == name) else {
            continue;
        };
        format.get_or_insert(q.format());
        if *kind == ContainerKind::Regular {
            running += q.nanos();
        } else if *sidecar {
            running += q.nanos();
            sidecars += q.nanos();
        } else {
            init_max = init_max.max(q.nanos() + sidecars);
        }
    }
    format.map(|format| (running.max(init_max), format))
}

/// A quantity of nanounits in the canonical form of `format`.
fn shown((nanos, format): (i128, quantity::Format)) -> String {
    const KI_NANOS: i128 = 1024 * 1_000_000_000;
    let text = match format {
        quantity::Format::BinarySI if nanos % KI_NANOS == 0 => format!("{}Ki", nanos / KI_NANOS),
        _ => format!("{nanos}n"),
    };
    Quantity::parse(&text).map(|q| q.canonical()).unwrap_or_default()
}

/// `validatePodResourceName`: the names Pod-level resources take.
fn is_pod_level_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory") || name.starts_with("hugepages-")
}

/// Extended resources must be whole numbers.
fn integer_resource(name: &str) -> bool {
    name.contains('/') && !name.contains("kubernetes.io/")
}

fn check_resource_name(cx: &mut Ctx<'_>, entry: &Entry, name: &str, path: &Path<'_>) {
    let errs = format::qualified_name(name);
    let (detail, why) = if !errs.is_empty() {
        (join(&errs), "Resource names are qualified names such as `cpu` or `example.com/gpu`.")
    } else if !name.contains('/') {
        if matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-") {
            return;
        }
        (
            "must be a standard resource for containers".to_owned(),
            "Unprefixed resources are `cpu`, `memory`, `ephemeral-storage` and `hugepages-<size>`; others need a domain, such as `nvidia.com/gpu`.",
        )
    } else if name.contains("kubernetes.io/") || format::qualified_name(&format!("requests.{name}")).is_empty() {
        return;
    } else {
        ("doesn't follow extended resource name standard".to_owned(), "Extended resource names are `<domain>/<name>`.")
    };
    let mut suggestion = None;
    if !name.contains('/') {
        let lower = name.to_ascii_lowercase();
        suggestion = ["cpu", "memory", "ephemeral-storage"]
            .into_iter()
            .find(|s| lower == *s || strsim::levenshtein(&lower, s) <= 2);
    }
    let diagnostic = cx.error(codes::INVALID_RESOURCE_NAME, entry.key.range, invalid(path, &quote(name), &detail), why);
    if let Some(s) = suggestion {
        diagnostic.fixes.push(Fix::replace(format!("Change to `{s}`"), entry.key.range, s));
    }
}

/// Parses one quantity entry of a map (`memory: 1Gi`) and reports syntax, sign and integer problems, plus the
/// memory-without-unit lint. Returns the quantity when it is valid.
fn check_quantity_entry(cx: &mut Ctx<'_>, entry: &Entry, map_path: &Path<'_>, integer: bool) -> Option<Quantity> {
    let name = entry.key_str()?;
    let path = map_path.subscript(name);
    let q = check_quantity(cx, &entry.value, &path)?;
    if q.is_negative() {
        cx.error(
            codes::INVALID_QUANTITY,
            entry.value.range,
            invalid(&path, &quote(&q.canonical()), "must be greater than or equal to 0"),
            "Resource amounts cannot be negative.",
        );
        return None;
    }
    if integer && !q.is_integer() {
        cx.error(
            codes::INVALID_QUANTITY,
            entry.value.range,
            invalid(&path, &quote(&q.canonical()), "must be an integer"),
            "Extended resources are counted in whole units.",
        );
        // Still an amount: validateResourceRequirements compares it with the request or limit all the same.
        return Some(q);
    }
    if name == "memory" && !q.is_zero() && q.nanos() < ONE_MI_NANOS {
        let text = quantity_text(&entry.value).unwrap_or_default().into_owned();
        let mut fixes = Vec::new();
        if q.is_integer() && text.bytes().all(|b| b.is_ascii_digit()) {
            for unit in ["Mi", "Gi"] {
                let value = format!("{text}{unit}");
                fixes.push(Fix::replace(format!("Change to `{value}`"), entry.value.range, quote(&value)));
            }
        }
        let diagnostic = cx.report(
            Severity::Warning,
            codes::MEMORY_WITHOUT_UNIT,
            entry.value.range,
            format!("{path}: {} is only {}", quote(&text), q.describe_bytes()),
            "Memory is counted in bytes; a value this small usually means a missing unit such as `Mi` or `Gi`.",
        );
        diagnostic.fixes = fixes;
    }
    Some(q)
}

/// Reports a value that is not a quantity, with fixes for the likely spelling. `None` for non-scalars, null and
/// invalid quantities (the schema reports wrong types).
pub(crate) fn check_quantity(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) -> Option<Quantity> {
    if node.is_null() {
        return None;
    }
    let text = quantity_text(node)?;
    match Quantity::parse(&text) {
        Ok(q) => Some(q),
        Err(err) => {
            let suggestions = quantity::suggestions(&text);
            let why = if suggestions.is_empty() {
                "Quantities are a number and an optional case-sensitive suffix: `500m`, `2`, `128Mi`, `1Gi`, `1G`."
                    .to_owned()
            } else {
                format!(
                    "Quantities are a number and a case-sensitive suffix: {} (decimal) or `Ki`, `Mi`, `Gi` (powers of 1024); did you mean {}?",
                    "`k`, `M`, `G`",
                    suggestions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or ")
                )
            };
            let range = node.range;
            let fixes: Vec<Fix> = suggestions
                .iter()
                .map(|s| {
                    let replacement = edits::same_style(cx.text, node, s);
                    Fix::replace(format!("Change to `{s}`"), range, replacement)
                })
                .collect();
            let diagnostic =
                cx.error(codes::INVALID_QUANTITY, range, invalid(path, &quote(&text), &err.message()), &why);
            diagnostic.fixes = fixes;
            None
        }
    }
}

/// `validateResourceClaimNames`: each entry names a claim of `spec.resourceClaims`, once: a whole claim, or its
/// requests (a DNS label each), never both.
fn check_claims(cx: &mut Ctx<'_>, resources: &Node, path: &Path<'_>, pod_claims: &[&str]) {
    let claims_path = path.key("claims");
    // The names and `name/request` keys seen so far, with where each was first listed.
    let mut seen: Vec<(String, TextRange)> = Vec::new();
    let first = |seen: &[(String, TextRange)], key: &str| seen.iter().find(|(k, _)| k == key).map(|(_, r)| *r);
    for (i, claim) in items(resources.get("claims")).iter().enumerate() {
        if claim.as_mapping().is_none() {
            continue;
        }
        let path = claims_path.index(i);
        let name_node = claim.get("name").filter(|n| !n.is_null());
        let name = name_node.and_then(Node::as_str).unwrap_or("");
        if name.is_empty() {
            let range = name_node.filter(|n| !n.range.is_empty()).map_or_else(|| super::anchor(claim), |n| n.range);
            cx.error(codes::RESOURCE_CLAIM, range, required(&path, ""), "Name one of the Pod's `spec.resourceClaims`.");
            continue;
        }
        let range = name_node.map_or_else(|| super::anchor(claim), |n| n.range);
        let request = super::string_field(claim, "request").filter(|(r, _)| !r.is_empty());
        // (value reported, where the entry it repeats was listed)
        let mut repeats: Vec<(String, TextRange)> = Vec::new();
        if let Some(at) = first(&seen, name) {
            // The whole claim is already listed, and with it all of its requests.
            repeats.push((name.to_owned(), at));
        } else {
            let key = match request {
                Some((request, node)) => {
                    cx.check_format(
                        codes::RESOURCE_CLAIM,
                        node.range,
                        &path.key("request"),
                        request,
                        format::dns1123_label,
                        "A request is named by a lowercase DNS label.",
                    );
                    format!("{name}/{request}")
                }
                None => name.to_owned(),
            };
            if let Some(at) = first(&seen, &key) {
                repeats.push((key.clone(), at));
            } else if request.is_none() {
                // The whole claim, after some of its requests.
                let prefix = format!("{name}/");
                for (k, at) in &seen {
                    if k.starts_with(&prefix) {
                        repeats.push((name.to_owned(), *at));
                    }
                }
            }
            seen.push((key, range));
        }
        for (value, at) in repeats {
            cx.error(
                codes::RESOURCE_CLAIM,
                range,
                duplicate(&path, &quote(&value)),
                "A container lists a claim once: either the whole claim or some of its requests.",
            )
            .related
            .push(Related { range: at, message: "first listed here".to_owned() });
        }
        if !pod_claims.contains(&name) {
            let mut names: Vec<&str> = pod_claims.iter().copied().filter(|n| !n.is_empty()).collect();
            names.sort_unstable();
            names.dedup();
            let detail = if names.is_empty() {
                "must be one of the names in pod.spec.resourceClaims which is empty".to_owned()
            } else {
                format!("must be one of the names in pod.spec.resourceClaims: {}", names.join(", "))
            };
            cx.error(
                codes::RESOURCE_CLAIM,
                range,
                format!("{}: {detail}", not_found(&path, &quote(name))),
                "A container's claim must name an entry of `spec.resourceClaims`.",
            );
        }
    }
}

fn check_resize_policy(cx: &mut Ctx<'_>, container: &Node, path: &Path<'_>) {
    let policy_path = path.key("resizePolicy");
    let never = cx.spec_field("restartPolicy").and_then(Node::as_str) == Some("Never");
    let mut seen = Unique::new();
    // validateResizePolicy names the item for a repeat and the list itself for a wrong restart policy.
    for (i, policy) in items(container.get("resizePolicy")).iter().enumerate() {
        if let Some((name, node)) = super::string_field(policy, "resourceName")
            && let Some(first) = seen.repeat(name, node.range)
        {
            cx.error(
                codes::RESIZE_POLICY,
                node.range,
                duplicate(&policy_path.index(i), &quote(name)),
                "Each resource has one resize policy.",
            )
            .related
            .push(Related { range: first, message: "first policy for this resource".to_owned() });
        }
        if never
            && let Some((restart, node)) = super::string_field(policy, "restartPolicy")
            && restart == "RestartContainer"
        {
            cx.error(
                codes::RESIZE_POLICY,
                node.range,
                invalid(&policy_path, &quote(restart), "must be 'NotRequired' when `restartPolicy` is 'Never'"),
                "With the Pod's `restartPolicy: Never`, a container cannot be restarted to apply a resize.",
            );
        }
    }
}

/// Pod-level `spec.resources`: supported names, no claims, and consistency with the containers.
fn check_pod_resources(
    cx: &mut Ctx<'_>,
    container_requests: &[ContainerAmounts],
    container_limit_amounts: &[ContainerAmounts],
    container_limits: &[ContainerLimits],
) {
    let Some(resources) = cx.spec_field("resources").filter(|r| r.as_mapping().is_some()) else {
        return;
    };
    let spec_path = cx.base.key("spec");
    let path = spec_path.key("resources");
    // A Windows Pod's resources get this one error: the API server checks nothing else in them.
    if cx.spec_field("os").and_then(|o| o.get("name")).and_then(Node::as_str) == Some("windows") {
        if let Some(entry) = cx.spec.and_then(|s| s.entry("resources")) {
            cx.error(
                codes::POD_RESOURCES,
                entry.key.range,
                forbidden(&path, "may not be set for a windows pod"),
                "Windows nodes do not enforce Pod-level requests and limits; set them per container.",
            );
        }
        return;
    }
    // The API server tests the list for nil, and `claims: []` decodes to an empty list that is not: it is refused too.
    if let Some(entry) = resources.entry("claims").filter(|e| e.value.as_sequence().is_some()) {
        cx.error(
            codes::POD_RESOURCES,
            entry.key.range,
            forbidden(&path.key("claims"), "claims may not be set for Resources at pod-level"),
            "Resource claims are set per container.",
        );
    }
    for key in ["requests", "limits"] {
        let map_path = path.key(key);
        for entry in entries(resources.get(key)) {
            let Some(name) = entry.key_str() else {
                continue;
            };
            if !is_pod_level_resource(name) {
                cx.error(
                    codes::POD_RESOURCES,
                    entry.key.range,
                    not_supported(&map_path.subscript(name), &quote(name), &["cpu", "memory"]),
                    "Pod-level resources cover `cpu`, `memory` and huge pages only.",
                );
            }
        }
    }
    // `defaultPodRequests`: beside any Pod limit, the containers' cpu and memory requests become the Pod's.
    let defaulted_compute = !entries(resources.get("limits")).is_empty()
        && ["cpu", "memory"].iter().any(|name| aggregate(container_requests, name).is_some());
    let (requests, limits) = check_requirements(cx, resources, &path, false, defaulted_compute);
    for request in &requests {
        let Some(aggregate) = aggregate(container_requests, request.name) else {
            continue;
        };
        if aggregate.0 > request.quantity.nanos() {
            cx.error(
                codes::POD_RESOURCES,
                request.range,
                invalid(
                    &path.key("requests").subscript(request.name),
                    &quote(&request.quantity.canonical()),
                    &format!("must be greater than or equal to aggregate container requests of {}", shown(aggregate)),
                ),
                "The Pod's request must cover what its containers request together.",
            );
        }
    }
    // v1 defaulting (`defaultPodRequests`): beside Pod limits, a cpu or memory request left out becomes what the
    // containers request together (or else the limit), and is then held to the limit like a written one.
    for limit in limits.iter().filter(|l| matches!(l.name, "cpu" | "memory")) {
        if requests.iter().any(|r| r.name == limit.name) {
            continue;
        }
        if let Some(aggregate) = aggregate(container_requests, limit.name)
            && aggregate.0 > limit.quantity.nanos()
        {
            cx.error(
                codes::REQUEST_EXCEEDS_LIMIT,
                limit.range,
                invalid(
                    &path.key("requests"),
                    &quote(&shown(aggregate)),
                    &format!("must be less than or equal to {} limit of {}", limit.name, limit.quantity.canonical()),
                ),
                "Without a Pod-level request the API server sets it to what the containers request together, which \
                 is above this limit.",
            );
        }
    }
    // Huge pages cannot be overcommitted, so the Pod's huge-page limit must cover the containers' limits together;
    // v1 defaulting sets a left-out huge-page request to that limit, and the containers' requests are held to it.
    for limit in limits.iter().filter(|l| l.name.starts_with("hugepages-")) {
        let shown_limit = quote(&limit.quantity.canonical());
        if let Some(total) = aggregate(container_limit_amounts, limit.name)
            && total.0 > limit.quantity.nanos()
        {
            cx.error(
                codes::POD_RESOURCES,
                limit.range,
                invalid(
                    &path.key("limits").subscript(limit.name),
                    &shown_limit,
                    &format!("must be greater than or equal to aggregate container limits of {}", shown(total)),
                ),
                "The Pod's huge pages must cover what its containers are limited to together.",
            );
        }
        // The defaulted request is in no field of the document: `resources`, which gets it, is underlined.
        if !requests.iter().any(|r| r.name == limit.name)
            && let Some(total) = aggregate(container_requests, limit.name)
            && total.0 > limit.quantity.nanos()
            && let Some(resources_key) = cx.spec.and_then(|s| s.entry("resources")).map(|e| e.key.range)
        {
            cx.error(
                codes::POD_RESOURCES,
                resources_key,
                invalid(
                    &path.key("requests").subscript(limit.name),
                    &shown_limit,
                    &format!("must be greater than or equal to aggregate container requests of {}", shown(total)),
                ),
                "Without a Pod-level request the API server sets it to this limit, which is below what the \
                 containers request together.",
            );
        }
    }
    for (index, container) in container_limits {
        for (name, q, range) in container {
            let Some(pod_limit) = limits.iter().find(|l| l.name == name) else {
                continue;
            };
            if *q > pod_limit.quantity {
                let containers = spec_path.key("containers");
                let c = containers.index(*index);
                let r = c.key("resources");
                let l = r.key("limits");
                cx.error(
                    codes::POD_RESOURCES,
                    *range,
                    invalid(
                        &l.subscript(name),
                        &quote(&q.canonical()),
                        &format!("must be less than or equal to pod limits of {}", pod_limit.quantity.canonical()),
                    ),
                    "No container may be allowed more than the whole Pod.",
                )
                .related
                .push(Related { range: pod_limit.range, message: format!("the Pod's {name} limit") });
            }
        }
    }
}

/// Quantities outside container resources: `emptyDir.sizeLimit`, divisors and ephemeral claim templates.
fn check_other_quantities(cx: &mut Ctx<'_>) {
    let spec_path = cx.base.key("spec");
    let volumes_path = spec_path.key("volumes");
    for (i, volume) in items(cx.spec_field("volumes")).iter().enumerate() {
        let path = volumes_path.index(i);
        if let Some(size) = volume.get("emptyDir").and_then(|e| e.get("sizeLimit")) {
            let path = path.key("emptyDir");
            let path = path.key("sizeLimit");
            if let Some(q) = check_quantity(cx, size, &path)
                && q.is_negative()
            {
                cx.error(
                    codes::INVALID_QUANTITY,
                    size.range,
                    forbidden(&path, "SizeLimit field must be a valid resource quantity"),
                    "A size limit cannot be negative.",
                );
            }
        }
        if let Some(resources) = volume
            .get("ephemeral")
            .and_then(|e| e.get("volumeClaimTemplate"))
            .and_then(|t| t.get("spec"))
            .and_then(|s| s.get("resources"))
        {
            let p = path.key("ephemeral");
            let p = p.key("volumeClaimTemplate");
            let p = p.key("spec");
            let p = p.key("resources");
            for key in ["requests", "limits"] {
                let map_path = p.key(key);
                for entry in entries(resources.get(key)) {
                    // Syntax only: the claim's own rules judge its storage request (`volumes`), and nothing else.
                    if let Some(name) = entry.key_str() {
                        check_quantity(cx, &entry.value, &map_path.subscript(name));
                    }
                }
            }
        }
        if let Some(downward) = volume.get("downwardAPI") {
            let p = path.key("downwardAPI");
            check_divisors(cx, downward, &p);
        }
        for (j, source) in items(volume.get("projected").and_then(|p| p.get("sources"))).iter().enumerate() {
            if let Some(downward) = source.get("downwardAPI") {
                let p = path.key("projected");
                let p = p.key("sources");
                let p = p.index(j);
                let p = p.key("downwardAPI");
                check_divisors(cx, downward, &p);
            }
        }
    }
    let containers = cx.containers.clone();
    for c in containers {
        for (i, var) in items(c.node.get("env")).iter().enumerate() {
            if let Some(divisor) =
                var.get("valueFrom").and_then(|v| v.get("resourceFieldRef")).and_then(|r| r.get("divisor"))
            {
                c.with_path(|path| {
                    let env = path.key("env");
                    let e = env.index(i);
                    let v = e.key("valueFrom");
                    let r = v.key("resourceFieldRef");
                    check_quantity(cx, divisor, &r.key("divisor"));
                });
            }
        }
    }
}

/// The divisors of a downwardAPI volume's items.
fn check_divisors(cx: &mut Ctx<'_>, downward: &Node, path: &Path<'_>) {
    let items_path = path.key("items");
    for (k, item) in items(downward.get("items")).iter().enumerate() {
        if let Some(divisor) = item.get("resourceFieldRef").and_then(|r| r.get("divisor")) {
            let p = items_path.index(k);
            let p = p.key("resourceFieldRef");
            check_quantity(cx, divisor, &p.key("divisor"));
        }
    }
}
