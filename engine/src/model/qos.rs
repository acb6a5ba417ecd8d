//! The quality-of-service class the kubelet gives a Pod, from the CPU and memory its containers request and limit.

use crate::model::pod::{ContainerKind, containers};
use crate::model::quantity::Quantity;
use crate::syntax::Node;

/// The quality-of-service class of a Pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QosClass {
    Guaranteed,
    Burstable,
    BestEffort,
}

/// The Pod's QoS class as the kubelet computes it (from CPU and memory, after a request left out defaults to its
/// limit), and why.
pub fn qos_class(root: &Node) -> Option<(QosClass, String)> {
    const SUPPORTED: [&str; 2] = ["cpu", "memory"];
    let spec = root.get("spec")?;
    let read = |map: Option<&Node>| -> Vec<(&'static str, Quantity)> {
        SUPPORTED
            .iter()
            .filter_map(|&name| {
                let q = Quantity::parse(map?.get(name)?.scalar_text()?).ok()?;
                (!q.is_zero()).then_some((name, q))
            })
            .collect()
    };
    // Pod-level resources, when set, decide alone.
    let pod_level = spec.get("resources").filter(|r| r.as_mapping().is_some_and(|m| !m.is_empty()));
    let units: Vec<(String, Option<&Node>)> = match pod_level {
        Some(resources) => vec![("the Pod".to_owned(), Some(resources))],
        None => containers(spec, &[ContainerKind::Init, ContainerKind::Regular])
            .map(|(_, c)| {
                let name = c.get("name").and_then(Node::scalar_text).unwrap_or("?");
                (format!("container `{name}`"), c.get("resources"))
            })
            .collect(),
    };
    let mut any = false;
    let mut burstable_because: Option<String> = None;
    for (who, resources) in &units {
        let limits = read(resources.and_then(|r| r.get("limits")));
        let mut requests = read(resources.and_then(|r| r.get("requests")));
        for (name, limit) in &limits {
            if !requests.iter().any(|(n, _)| n == name) {
                requests.push((name, *limit));
            }
        }
        any |= !limits.is_empty() || !requests.is_empty();
        if burstable_because.is_some() {
            continue;
        }
        for name in SUPPORTED {
            let limit = limits.iter().find(|(n, _)| *n == name).map(|(_, q)| *q);
            let request = requests.iter().find(|(n, _)| *n == name).map(|(_, q)| *q);
            match (request, limit) {
                (_, None) => burstable_because = Some(format!("{who} has no {name} limit")),
                (Some(r), Some(l)) if r != l => {
                    burstable_because = Some(format!(
                        "{who} requests {name} `{}` while its limit is `{}`",
                        r.canonical(),
                        l.canonical()
                    ))
                }
                _ => continue,
            }
            break;
        }
    }
    if units.is_empty() {
        return None;
    }
    Some(match (any, burstable_because) {
        (false, _) => (QosClass::BestEffort, "no container sets a CPU or memory request or limit.".to_owned()),
        (true, None) => (
            QosClass::Guaranteed,
            "every container sets CPU and memory limits, and its requests equal them (a request left out defaults to its limit).".to_owned(),
        ),
        (true, Some(why)) => (
            QosClass::Burstable,
            format!("{why}; Guaranteed needs CPU and memory limits on every container, with requests equal to them."),
        ),
    })
}
