//! Lint: manifests the API server accepts but that are probably mistakes. Never errors.
//!
//! Colliding container ports, a `status:` section, `:latest` or untagged images, containers without resources,
//! `hostPath` volumes, privileged containers, tiers that scale differently in one Pod and a `command[0]` with spaces.
//! (Repeated env names, undeclared probe port names and unit-less memory are reported beside their rules.)

use std::collections::HashMap;

use super::{ContainerKind, ContainerRef, Ctx, Path, codes, items, quote};
use crate::diagnostics::{Fix, Related, Severity};
use crate::syntax::Node;
use crate::text::TextRange;

pub(crate) fn check(cx: &mut Ctx<'_>) {
    check_status(cx);
    if cx.spec.is_none() {
        return;
    }
    check_port_collisions(cx);
    let pod_resources = cx.spec_field("resources").is_some_and(|r| has_amounts(Some(r)));
    let containers = cx.containers.clone();
    for c in &containers {
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        c.with_path(|path| {
            check_image_tag(cx, c, path);
            check_command(cx, c, path);
            check_privileged(cx, c, path);
            let runs_alongside = c.kind == ContainerKind::Regular || c.is_sidecar();
            if runs_alongside && !pod_resources && !has_amounts(c.node.get("resources")) {
                cx.report(
                    Severity::Information,
                    codes::MISSING_RESOURCES,
                    c.anchor(),
                    format!("{path}: no resource requests or limits"),
                    "Without requests the scheduler cannot place the Pod by its needs, and without a memory limit one container can starve the node.",
                );
            }
        });
    }
    check_host_path(cx);
    check_tiers(cx, &containers);
}

/// Whether a `resources` block sets any request or limit.
fn has_amounts(resources: Option<&Node>) -> bool {
    let Some(r) = resources else { return false };
    ["requests", "limits"].iter().any(|k| r.get(k).and_then(Node::as_mapping).is_some_and(|e| !e.is_empty()))
}

fn check_status(cx: &mut Ctx<'_>) {
    // The workload's own `status`, as a Pod's: a template has none (the schema reports one as unknown).
    let document = cx.document;
    let Some(entries) = document.as_mapping() else {
        return;
    };
    let Some(index) = entries.iter().position(|e| e.key_str() == Some("status") && !e.merged) else {
        return;
    };
    let Some(entry) = entries.get(index) else {
        return;
    };
    let range = if crate::syntax::edit::is_flow(cx.text, document) {
        // In flow style, take the comma before the entry (or after it, when it is first).
        match index.checked_sub(1).and_then(|i| entries.get(i)) {
            Some(prev) => TextRange::new(prev.value.range.end.max(prev.key.range.end), entry.value.range.end),
            None => match entries.get(1) {
                Some(next) => TextRange::new(entry.key.range.start, next.key.range.start),
                None => entry.range(),
            },
        }
    } else {
        whole_lines(cx.text, entry.range())
    };
    cx.report(
        Severity::Warning,
        codes::STATUS_SECTION,
        entry.key.range,
        "status: read-only runtime state written by the cluster".to_owned(),
        "The API server ignores `status` on create; it usually means the manifest was copied from `kubectl get -o yaml`.",
    )
    .fixes
    .push(Fix::replace("Remove the `status` section", range, ""));
}

/// `range` extended to whole lines: from its line's start to after its last line's line break.
fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = text.get(..range.start).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1);
    let indented = text.get(start..range.start).is_some_and(|indent| indent.trim().is_empty());
    let start = if indented { start } else { range.start };
    let end = text.get(range.end..).and_then(|after| after.find('\n')).map_or(text.len(), |i| range.end + i + 1);
    TextRange::new(start, end)
}

/// A container port seen so far, for collisions.
struct DeclaredPort<'a> {
    /// Index among the containers that run at the same time.
    container: usize,
    range: TextRange,
    name: Option<&'a str>,
    host_port: i64,
}

/// Two containers that run at the same time and declare the same port and protocol.
fn check_port_collisions(cx: &mut Ctx<'_>) {
    // With hostNetwork every container port is also a host port, so a collision is already a host-port-conflict error.
    if cx.host_network {
        return;
    }
    // By number and protocol, so that each port is compared only with the ports it can collide with.
    let mut seen: HashMap<(i64, &str), Vec<DeclaredPort<'_>>> = HashMap::new();
    let mut reports: Vec<(TextRange, String, TextRange, String)> = Vec::new();
    let running: Vec<ContainerRef<'_>> =
        cx.containers.iter().copied().filter(|c| c.kind == ContainerKind::Regular || c.is_sidecar()).collect();
    for (ci, c) in running.iter().enumerate() {
        for port in items(c.node.get("ports")) {
            let Some(node) = port.get("containerPort") else {
                continue;
            };
            let Some(number) = super::int32(node) else {
                continue;
            };
            let protocol = port.get("protocol").and_then(Node::as_str).filter(|p| !p.is_empty()).unwrap_or("TCP");
            let host_port = port.get("hostPort").and_then(super::int32).unwrap_or(0);
            let same_port = seen.entry((number, protocol)).or_default();
            for DeclaredPort { container: other, range, name: other_name, host_port: other_host, .. } in &*same_port {
                // The same host port is a host-port-conflict error, which says it all.
                let same_host_port = host_port != 0 && host_port == *other_host;
                if *other != ci && !same_host_port {
                    let this =
                        c.name().map_or_else(|| "another container".to_owned(), |n| format!("container {}", quote(n)));
                    let that = other_name
                        .map_or_else(|| "another container".to_owned(), |n| format!("container {}", quote(n)));
                    reports.push((node.range, format!("{number}/{protocol} is also declared by {that}"), *range, that));
                    reports.push((*range, format!("{number}/{protocol} is also declared by {this}"), node.range, this));
                }
            }
            same_port.push(DeclaredPort { container: ci, range: node.range, name: c.name(), host_port });
        }
    }
    for (range, message, other, who) in reports {
        cx.report(
            Severity::Warning,
            codes::CONTAINER_PORT_CONFLICT,
            range,
            format!("containerPort {message}"),
            "Containers of a Pod share one network namespace, so only one of them can bind this port.",
        )
        .related
        .push(Related { range: other, message: format!("the same port in {who}") });
    }
}

fn check_image_tag(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, path: &Path<'_>) {
    let Some(node) = c.node.get("image") else {
        return;
    };
    let Some(image) = node.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
        return;
    };
    if image.contains('@') {
        return;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    let message = match last.split_once(':') {
        None => format!(
            "{}: {} has no tag, so it means {}",
            path.key("image"),
            quote(image),
            quote(&format!("{image}:latest"))
        ),
        Some((_, "latest")) => format!("{}: {} uses the `latest` tag", path.key("image"), quote(image)),
        Some(_) => return,
    };
    cx.report(
        Severity::Warning,
        codes::IMAGE_LATEST,
        node.range,
        message,
        "`latest` moves: each node may run a different version and a rollback cannot return to the old one. Pin a version tag or a digest.",
    );
}

fn check_command(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, path: &Path<'_>) {
    let Some(first) = items(c.node.get("command")).first() else {
        return;
    };
    let Some(command) = first.as_str() else {
        return;
    };
    if command.trim().contains(' ') && !command.contains('\n') {
        cx.report(
            Severity::Warning,
            codes::COMMAND_WITH_SPACES,
            first.range,
            format!("{}: {} is run as one executable name, spaces included", path.key("command").index(0), quote(command)),
            "`command` is not split by a shell: write each argument as its own item, such as `[\"sh\", \"-c\", \"...\"]`.",
        );
    }
}

fn check_privileged(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, path: &Path<'_>) {
    let Some(node) = c.node.get("securityContext").and_then(|s| s.get("privileged")) else {
        return;
    };
    if node.as_bool() == Some(true) {
        cx.report(
            Severity::Information,
            codes::PRIVILEGED_CONTAINER,
            node.range,
            format!("{}: privileged container", path.key("securityContext").key("privileged")),
            "A privileged container has every capability and the node's devices: a compromise of it is a compromise of the node. Prefer adding only the capabilities it needs.",
        );
    }
}

fn check_host_path(cx: &mut Ctx<'_>) {
    let spec_path = cx.base.key("spec");
    let volumes = spec_path.key("volumes");
    for (i, volume) in items(cx.spec_field("volumes")).iter().enumerate() {
        let Some(entry) = volume.entry("hostPath").filter(|e| !e.value.is_null()) else {
            continue;
        };
        cx.report(
            Severity::Information,
            codes::HOST_PATH_VOLUME,
            entry.key.range,
            format!("{}: hostPath volume", volumes.index(i).key("hostPath")),
            "It ties the Pod to one node's files and exposes the node's file system to the container; prefer `emptyDir`, a ConfigMap or a PersistentVolumeClaim.",
        );
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tier {
    Web,
    Database,
}

/// Helpers that run beside an application and scale with it.
const SIDECAR_WORDS: &[&str] = &[
    "proxy",
    "exporter",
    "fluent",
    "envoy",
    "sidecar",
    "agent",
    "log",
    "istio",
    "linkerd",
    "cloudsql",
    "cloud-sql",
    "metrics",
    "stunnel",
    "oauth2",
    "vault",
    "consul",
    "filebeat",
    "promtail",
    "vector",
    "otel",
    "collector",
    "backup",
];
const DATABASE_IMAGES: &[&str] = &[
    "mysql",
    "mariadb",
    "postgres",
    "postgresql",
    "postgis",
    "mongo",
    "mongodb",
    "cassandra",
    "elasticsearch",
    "opensearch",
    "couchdb",
    "cockroach",
    "cockroachdb",
    "neo4j",
    "influxdb",
    "redis",
    "valkey",
    "memcached",
    "rethinkdb",
    "clickhouse",
    "timescaledb",
    "mssql",
    "oracle",
    "db2",
];
const WEB_IMAGES: &[&str] = &[
    "nginx",
    "httpd",
    "apache",
    "tomcat",
    "wordpress",
    "php",
    "node",
    "jetty",
    "caddy",
    "django",
    "rails",
    "ghost",
    "drupal",
    "joomla",
    "gunicorn",
    "frontend",
    "web",
    "webapp",
    "flask",
    "express",
    "nextjs",
];

/// The tier of an image, from its repository name without registry, path or tag.
fn tier(image: &str) -> Option<Tier> {
    let lower = image.to_ascii_lowercase();
    let repo = lower.split(['@']).next().unwrap_or(&lower);
    let name = repo.rsplit('/').next().unwrap_or(repo);
    let name = name.split(':').next().unwrap_or(name);
    if SIDECAR_WORDS.iter().any(|w| name.contains(w)) {
        return None;
    }
    // `postgres`, `postgres-exporter` and `bitnami-postgres` name the same base image.
    let name = name.as_bytes();
    let base = |list: &[&str]| {
        list.iter().map(|d| d.as_bytes()).any(|d| {
            let dash_at = |at: usize| name.get(at) == Some(&b'-');
            name == d
                || (name.starts_with(d) && dash_at(d.len()))
                || (name.ends_with(d) && name.len() > d.len() && dash_at(name.len() - d.len() - 1))
        })
    };
    if base(DATABASE_IMAGES) {
        Some(Tier::Database)
    } else if base(WEB_IMAGES) {
        Some(Tier::Web)
    } else {
        None
    }
}

/// A web tier and a database tier in one Pod: they scale differently and belong in separate Pods.
fn check_tiers(cx: &mut Ctx<'_>, containers: &[ContainerRef<'_>]) {
    let mut web: Option<&Node> = None;
    let mut database: Option<&Node> = None;
    for c in containers.iter().filter(|c| c.kind == ContainerKind::Regular) {
        let Some(image) = c.node.get("image").filter(|i| i.as_str().is_some()) else {
            continue;
        };
        match tier(image.as_str().expect("checked")) {
            Some(Tier::Web) if web.is_none() => web = Some(image),
            Some(Tier::Database) if database.is_none() => database = Some(image),
            _ => {}
        }
    }
    let (Some(web), Some(database)) = (web, database) else {
        return;
    };
    let (first, second) = if web.range.start < database.range.start { (web, database) } else { (database, web) };
    cx.report(
        Severity::Hint,
        codes::COUPLED_TIERS,
        second.range,
        format!("{} and {} are tiers that scale differently", show_image(web), show_image(database)),
        "A Pod is scaled and rescheduled as a unit: run the database in its own Pod (a StatefulSet) and the web tier in a Deployment, joined by a Service.",
    )
    .related
    .push(Related { range: first.range, message: "the other tier".to_owned() });
}

fn show_image(node: &Node) -> String {
    quote(node.as_str().unwrap_or_default())
}
