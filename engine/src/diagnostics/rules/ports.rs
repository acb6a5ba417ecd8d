//! Container ports: numbers, names, uniqueness, host ports and `hostNetwork` (`validateContainerPorts`,
//! `checkHostPortConflicts`, `validatePodHostNetworkDeps`).

use std::collections::HashMap;

use super::{ContainerKind, ContainerRef, Ctx, Unique, codes, duplicate, invalid, items, quote, required};
use crate::diagnostics::Related;
use crate::model::format::{self, join};
use crate::syntax::Node;
use crate::text::TextRange;

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let containers = cx.containers.clone();
    // Host ports of regular containers share one namespace; each init container is checked on its own.
    let mut regular_host_ports: HashMap<String, TextRange> = HashMap::new();
    for c in &containers {
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        let mut own = HashMap::new();
        let accumulator = if c.kind == ContainerKind::Regular { &mut regular_host_ports } else { &mut own };
        check_container(cx, c, accumulator);
    }
}

fn check_container(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, host_ports: &mut HashMap<String, TextRange>) {
    let ports = items(c.node.get("ports"));
    if ports.is_empty() {
        return;
    }
    c.with_path(|path| {
        let ports_path = path.key("ports");
        let mut names = Unique::new();
        for (i, port) in ports.iter().enumerate() {
            if port.as_mapping().is_none() {
                continue;
            }
            let path = ports_path.index(i);
            let container_port = port.get("containerPort");
            let number = container_port.and_then(super::int32);
            match (container_port, number) {
                (Some(node), Some(0)) => {
                    cx.error(
                        codes::INVALID_PORT,
                        node.range,
                        required(&path.key("containerPort"), ""),
                        "A port entry needs the port the container listens on, 1 to 65535.",
                    );
                }
                (Some(node), Some(n)) if !format::port_number(n).is_empty() => {
                    cx.error(
                        codes::INVALID_PORT,
                        node.range,
                        invalid(&path.key("containerPort"), &n.to_string(), &join(&format::port_number(n))),
                        "Port numbers range from 1 to 65535.",
                    );
                }
                _ => {}
            }
            let host_node = port.get("hostPort");
            let mut host_port = host_node.and_then(super::int32).unwrap_or(0);
            if let Some(node) = host_node.filter(|_| host_port != 0) {
                let errs = format::port_number(host_port);
                if !errs.is_empty() {
                    cx.error(
                        codes::INVALID_PORT,
                        node.range,
                        invalid(&path.key("hostPort"), &host_port.to_string(), &join(&errs)),
                        "Host ports range from 1 to 65535; leave `hostPort` out to expose no host port.",
                    );
                } else if cx.host_network && number.is_some_and(|n| n != host_port) {
                    cx.error(
                        codes::HOST_NETWORK_PORT,
                        node.range,
                        invalid(&path.key("hostPort"), &host_port.to_string(), "must match `containerPort` when `hostNetwork` is true"),
                        "With `hostNetwork: true` the container binds directly on the node, so the host port is the container port.",
                    );
                }
            }
            // With hostNetwork, an unset hostPort defaults to the containerPort.
            let mut conflict_range = host_node.map(|n| n.range);
            if host_port == 0 && cx.host_network {
                host_port = number.unwrap_or(0);
                conflict_range = container_port.map(|n| n.range);
            }
            if host_port != 0 && (1..=65535).contains(&host_port) {
                let protocol = port.get("protocol").and_then(Node::as_str).filter(|p| !p.is_empty()).unwrap_or("TCP");
                let host_ip = port.get("hostIP").and_then(Node::as_str).unwrap_or("");
                let key = format!("{protocol}/{host_ip}/{host_port}");
                let range = conflict_range.unwrap_or(port.range);
                if let Some(first) = host_ports.get(&key) {
                    let first = *first;
                    cx.error(
                        codes::HOST_PORT_CONFLICT,
                        range,
                        duplicate(&path.key("hostPort"), &quote(&key)),
                        "Two containers of this Pod claim the same host port; only one can bind it.",
                    )
                    .related
                    .push(Related { range: first, message: format!("host port {key} first claimed here") });
                } else {
                    host_ports.insert(key, range);
                }
            }
            if let Some(name_node) = port.get("name") {
                let Some(name) = name_node.as_str().filter(|n| !n.is_empty()) else { continue };
                let why = "Port names are IANA service names: at most 15 lowercase letters, digits and '-', with at least one letter.";
                // The API server checks an invalid name for nothing else.
                if !cx.check_format(codes::INVALID_PORT_NAME, name_node.range, &path.key("name"), name, format::port_name, why) {
                    continue;
                }
                if let Some(first) = names.repeat(name, name_node.range) {
                    cx.error(
                        codes::DUPLICATE_PORT_NAME,
                        name_node.range,
                        duplicate(&path.key("name"), &quote(name)),
                        "Port names must be unique within a container; Services and probes refer to ports by name.",
                    )
                    .related
                    .push(Related { range: first, message: format!("first port named {}", quote(name)) });
                }
            }
        }
    });
}

/// The port names a container declares, for probes that refer to a port by name.
pub(crate) fn declared_port_names(container: &Node) -> impl Iterator<Item = &str> {
    items(container.get("ports")).iter().filter_map(|p| p.get("name").and_then(Node::as_str))
}
