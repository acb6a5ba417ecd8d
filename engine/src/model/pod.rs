//! The Pod as Kubernetes sees it: its spec and the containers of its three lists.
//!
//! The lists are named here once; everything that walks a Pod's containers (the rules, the names index, hover, the
//! inlay hints) reads them from here, in one order.

use crate::model::workload::{self, PodCarrier};
use crate::syntax::Node;

/// Which list of the Pod spec a container is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    /// `containers`: the application.
    Regular,
    /// `initContainers`: run to completion before the application starts (or beside it, as sidecars).
    Init,
    /// `ephemeralContainers`: added to a running Pod for debugging.
    Ephemeral,
}

impl ContainerKind {
    /// Every list, in the order the API server validates them.
    pub const ALL: [ContainerKind; 3] = [ContainerKind::Regular, ContainerKind::Init, ContainerKind::Ephemeral];

    /// The key of the list in the Pod spec.
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Regular => "containers",
            ContainerKind::Init => "initContainers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }

    /// The list a Pod spec key names.
    pub fn from_field(field: &str) -> Option<ContainerKind> {
        ContainerKind::ALL.into_iter().find(|kind| kind.field() == field)
    }
}

/// One container of a Pod, by its list and its index there: what stays the same while the tree is re-read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContainerId {
    pub kind: ContainerKind,
    pub index: usize,
}

impl ContainerId {
    /// The container's node in a Pod spec.
    pub fn node(self, spec: &Node) -> Option<&Node> {
        spec.get(self.kind.field())?.as_sequence()?.get(self.index)
    }
}

/// The kind whose schema a document's editor features read: its carrier (`kind: Deployment`, a mis-cased
/// `kind: deployment`, or the shape of a document without `kind`), or a Pod for a document whose `kind` is not
/// written yet, since it may still become one; `None` for a kind that carries no Pod spec.
pub fn document_carrier(root: Option<&Node>) -> Option<&'static PodCarrier> {
    let pod = workload::carrier("Pod");
    let Some(root) = root else { return pod };
    match root.get("kind").map(Node::scalar_text) {
        Some(Some(kind)) if !kind.is_empty() => workload::carrier_of(root).map(|(carrier, _)| carrier),
        _ => workload::carrier_of(root).map(|(carrier, _)| carrier).or(pod),
    }
}

/// The `restartPolicy` a kind's template must set because the default (`Always`) is refused there: a Job's Pods
/// run to completion, so the API server accepts only `OnFailure` or `Never`.
pub fn required_restart_policy(carrier: &PodCarrier) -> Option<&'static str> {
    matches!(carrier.kind, "Job" | "CronJob").then_some("OnFailure")
}

/// The Pod `restartPolicy` values a kind accepts, in the order the API server lists them; `None` where every value
/// of the field is accepted (a Pod, a PodTemplate). Controllers that keep Pods running take only `Always`; a Job's
/// Pods run to completion, so it takes `OnFailure` or `Never`.
pub fn allowed_restart_policies(carrier: &PodCarrier) -> Option<&'static [&'static str]> {
    match carrier.kind {
        "Pod" | "PodTemplate" => None,
        "Job" | "CronJob" => Some(&["OnFailure", "Never"]),
        _ => Some(&["Always"]),
    }
}

/// The containers of a Pod spec: each list of `kinds` in turn, each in document order, with where they are.
pub fn containers<'a>(
    spec: &'a Node,
    kinds: &'a [ContainerKind],
) -> impl Iterator<Item = (ContainerId, &'a Node)> + 'a {
    kinds.iter().flat_map(move |&kind| {
        let items = spec.get(kind.field()).and_then(Node::as_sequence).unwrap_or_default();
        items.iter().enumerate().map(move |(index, node)| (ContainerId { kind, index }, node))
    })
}

/// The number a named port of a container stands for.
pub fn port_number(container: &Node, name: &str) -> Option<i64> {
    container
        .get("ports")
        .and_then(Node::as_sequence)
        .unwrap_or_default()
        .iter()
        .find(|port| port.get("name").and_then(Node::scalar_text) == Some(name))
        .and_then(|port| port.get("containerPort"))
        .and_then(Node::as_i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_in_list_order_with_their_ids() {
        let parse = crate::syntax::parse(
            "spec:\n  initContainers: [{name: i}]\n  containers: [{name: a}, {name: b}]\n  ephemeralContainers: [{name: e}]\n",
        );
        let spec = parse.root.as_ref().unwrap().get("spec").unwrap();
        let seen: Vec<String> = containers(spec, &ContainerKind::ALL)
            .map(|(id, node)| {
                format!("{}[{}]={}", id.kind.field(), id.index, node.get("name").unwrap().as_str().unwrap())
            })
            .collect();
        assert_eq!(seen, ["containers[0]=a", "containers[1]=b", "initContainers[0]=i", "ephemeralContainers[0]=e"]);
        let second = ContainerId { kind: ContainerKind::Regular, index: 1 };
        assert_eq!(second.node(spec).and_then(|c| c.get("name")).and_then(Node::as_str), Some("b"));
        assert_eq!(ContainerKind::from_field("initContainers"), Some(ContainerKind::Init));
        assert_eq!(ContainerKind::from_field("volumes"), None);
    }

    #[test]
    fn a_named_port_is_its_number() {
        let parse = crate::syntax::parse("ports:\n- name: http\n  containerPort: 8080\n- containerPort: 9090\n");
        let container = parse.root.as_ref().unwrap();
        assert_eq!(port_number(container, "http"), Some(8080));
        assert_eq!(port_number(container, "metrics"), None);
    }
}
