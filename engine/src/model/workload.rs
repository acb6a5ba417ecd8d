//! The kinds that carry a Pod spec, where in each the Pod spec sits, and the API versions the API server no longer
//! serves for them: one table, read by dispatch, the rules and the editor features alike.

use crate::syntax::Node;

/// One kind that carries a Pod spec.
#[derive(Debug, PartialEq, Eq)]
pub struct PodCarrier {
    pub kind: &'static str,
    /// The one API version the API server serves it at.
    pub api_version: &'static str,
    /// The kind's root in the schema ([`crate::schema::Schema::root`]), by its definition name.
    pub definition: &'static str,
    /// The path from the document root to the `PodTemplateSpec` (`metadata` and `spec`); empty for a Pod, whose
    /// root is the Pod itself.
    pub template: &'static [&'static str],
    /// Earlier API versions, now removed, with the Kubernetes release that removed them.
    pub removed_versions: &'static [(&'static str, &'static str)],
}

impl PodCarrier {
    /// The path from the document root to the `PodSpec`.
    pub fn pod_spec(&self) -> impl Iterator<Item = &'static str> {
        self.template.iter().copied().chain(["spec"])
    }

    /// Whether this is a bare Pod rather than a template.
    pub fn is_pod(&self) -> bool {
        self.template.is_empty()
    }

    /// The release that removed `api_version` for this kind, if it once served it.
    pub fn removed_in(&self, api_version: &str) -> Option<&'static str> {
        self.removed_versions.iter().find(|(version, _)| *version == api_version).map(|(_, release)| *release)
    }
}

const SPEC_TEMPLATE: &[&str] = &["spec", "template"];
/// `extensions/v1beta1`, `apps/v1beta1` and `apps/v1beta2` were removed in Kubernetes 1.16.
const APPS_BETAS: &[(&str, &str)] =
    &[("extensions/v1beta1", "1.16"), ("apps/v1beta1", "1.16"), ("apps/v1beta2", "1.16")];

/// Every kind podls checks, in the order of the documentation.
pub static CARRIERS: &[PodCarrier] = &[
    PodCarrier {
        kind: "Pod",
        api_version: "v1",
        definition: "io.k8s.api.core.v1.Pod",
        template: &[],
        removed_versions: &[],
    },
    PodCarrier {
        kind: "PodTemplate",
        api_version: "v1",
        definition: "io.k8s.api.core.v1.PodTemplate",
        template: &["template"],
        removed_versions: &[],
    },
    PodCarrier {
        kind: "ReplicationController",
        api_version: "v1",
        definition: "io.k8s.api.core.v1.ReplicationController",
        template: SPEC_TEMPLATE,
        removed_versions: &[],
    },
    PodCarrier {
        kind: "Deployment",
        api_version: "apps/v1",
        definition: "io.k8s.api.apps.v1.Deployment",
        template: SPEC_TEMPLATE,
        removed_versions: APPS_BETAS,
    },
    PodCarrier {
        kind: "ReplicaSet",
        api_version: "apps/v1",
        definition: "io.k8s.api.apps.v1.ReplicaSet",
        template: SPEC_TEMPLATE,
        removed_versions: &[("extensions/v1beta1", "1.16"), ("apps/v1beta2", "1.16")],
    },
    PodCarrier {
        kind: "DaemonSet",
        api_version: "apps/v1",
        definition: "io.k8s.api.apps.v1.DaemonSet",
        template: SPEC_TEMPLATE,
        removed_versions: &[("extensions/v1beta1", "1.16"), ("apps/v1beta2", "1.16")],
    },
    PodCarrier {
        kind: "StatefulSet",
        api_version: "apps/v1",
        definition: "io.k8s.api.apps.v1.StatefulSet",
        template: SPEC_TEMPLATE,
        removed_versions: &[("apps/v1beta1", "1.16"), ("apps/v1beta2", "1.16")],
    },
    PodCarrier {
        kind: "Job",
        api_version: "batch/v1",
        definition: "io.k8s.api.batch.v1.Job",
        template: SPEC_TEMPLATE,
        removed_versions: &[],
    },
    PodCarrier {
        kind: "CronJob",
        api_version: "batch/v1",
        definition: "io.k8s.api.batch.v1.CronJob",
        template: &["spec", "jobTemplate", "spec", "template"],
        removed_versions: &[("batch/v1beta1", "1.25")],
    },
];

/// The kind named exactly `kind`.
pub fn carrier(kind: &str) -> Option<&'static PodCarrier> {
    CARRIERS.iter().find(|c| c.kind == kind)
}

/// The kind `kind` was evidently meant to be: the same letters in another case (`pod`, `deployment`).
pub fn meant(kind: &str) -> Option<&'static PodCarrier> {
    CARRIERS.iter().find(|c| c.kind != kind && c.kind.eq_ignore_ascii_case(kind))
}

/// How a document's kind was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// `kind` names it exactly.
    Named,
    /// `kind` names it in another case (`kind: deployment`).
    MisCased,
    /// No `kind`, but a Pod spec where this kind keeps one (`spec.containers`, `spec.template.spec.containers`).
    Shape,
}

/// The kind a document carries its Pod spec as, and how that was recognised; `None` for a document that carries
/// none (a Service, a ConfigMap, a CRD). One slip (a kind's case, a missing kind) does not hide a Pod spec.
pub fn carrier_of(root: &Node) -> Option<(&'static PodCarrier, Evidence)> {
    root.as_mapping()?;
    match root.get("kind") {
        Some(kind) => {
            let kind = kind.scalar_text()?;
            carrier(kind).map(|c| (c, Evidence::Named)).or_else(|| meant(kind).map(|c| (c, Evidence::MisCased)))
        }
        None => by_shape(root).map(|c| (c, Evidence::Shape)),
    }
}

fn template_spec(template: Option<&Node>) -> Option<&Node> {
    template.and_then(|t| t.get("spec"))
}

/// The kind a document without `kind` evidently is, from where its containers are and what sits beside them.
fn by_shape(root: &Node) -> Option<&'static PodCarrier> {
    let has_containers = |spec: Option<&Node>| spec.and_then(|s| s.get("containers")).is_some();
    let spec = root.get("spec");
    let kind = if has_containers(spec) {
        "Pod"
    } else if has_containers(template_spec(root.get("template"))) {
        "PodTemplate"
    } else if has_containers(template_spec(
        spec.and_then(|s| s.get("jobTemplate")).and_then(|j| j.get("spec")).and_then(|s| s.get("template")),
    )) {
        "CronJob"
    } else if has_containers(template_spec(spec.and_then(|s| s.get("template")))) {
        let api_version = root.get("apiVersion").and_then(Node::scalar_text).unwrap_or("");
        let spec_has = |key| spec.and_then(|s| s.get(key)).is_some();
        if api_version == "v1" {
            "ReplicationController"
        } else if api_version.starts_with("batch/") || spec_has("completions") || spec_has("backoffLimit") {
            "Job"
        } else if spec_has("serviceName") || spec_has("volumeClaimTemplates") {
            "StatefulSet"
        } else {
            // The most common template by far; its rules and completion are the likeliest to help.
            "Deployment"
        }
    } else {
        return None;
    };
    carrier(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn recognised(text: &str) -> Option<(&'static str, Evidence)> {
        carrier_of(&parse(text).root?).map(|(c, e)| (c.kind, e))
    }

    #[test]
    fn one_slip_does_not_hide_a_pod_spec() {
        assert_eq!(recognised("kind: Deployment\n"), Some(("Deployment", Evidence::Named)));
        assert_eq!(recognised("kind: deployment\n"), Some(("Deployment", Evidence::MisCased)));
        assert_eq!(recognised("kind: pod\n"), Some(("Pod", Evidence::MisCased)));
        assert_eq!(recognised("kind: Service\n"), None);
        assert_eq!(recognised("spec: {containers: []}\n"), Some(("Pod", Evidence::Shape)));
        let template = "spec: {template: {spec: {containers: []}}}";
        assert_eq!(recognised(&format!("apiVersion: apps/v1\n{template}\n")), Some(("Deployment", Evidence::Shape)));
        assert_eq!(recognised(&format!("apiVersion: batch/v1\n{template}\n")), Some(("Job", Evidence::Shape)));
        assert_eq!(
            recognised(&format!("apiVersion: v1\n{template}\n")),
            Some(("ReplicationController", Evidence::Shape))
        );
        assert_eq!(
            recognised("spec: {serviceName: db, template: {spec: {containers: []}}}\n"),
            Some(("StatefulSet", Evidence::Shape))
        );
        assert_eq!(
            recognised("spec: {jobTemplate: {spec: {template: {spec: {containers: []}}}}}\n"),
            Some(("CronJob", Evidence::Shape))
        );
        assert_eq!(recognised("template: {spec: {containers: []}}\n"), Some(("PodTemplate", Evidence::Shape)));
        assert_eq!(recognised("data: {a: b}\n"), None);
    }

    #[test]
    fn where_the_pod_spec_is() {
        let path = |kind| carrier(kind).unwrap().pod_spec().collect::<Vec<_>>().join(".");
        assert_eq!(path("Pod"), "spec");
        assert_eq!(path("PodTemplate"), "template.spec");
        assert_eq!(path("Deployment"), "spec.template.spec");
        assert_eq!(path("CronJob"), "spec.jobTemplate.spec.template.spec");
        assert!(carrier("Pod").unwrap().is_pod());
        assert!(!carrier("Job").unwrap().is_pod());
    }

    #[test]
    fn removed_versions_and_near_misses() {
        assert_eq!(carrier("Deployment").unwrap().removed_in("extensions/v1beta1"), Some("1.16"));
        assert_eq!(carrier("CronJob").unwrap().removed_in("batch/v1beta1"), Some("1.25"));
        assert_eq!(carrier("StatefulSet").unwrap().removed_in("extensions/v1beta1"), None);
        assert_eq!(meant("deployment").map(|c| c.kind), Some("Deployment"));
        assert_eq!(meant("CRONJOB").map(|c| c.kind), Some("CronJob"));
        assert_eq!(meant("Pod"), None);
        assert_eq!(meant("Service"), None);
    }

    #[test]
    fn every_kind_has_its_schema_root() {
        for c in CARRIERS {
            let root = crate::schema::schema().root(c.definition);
            let kind = root.and_then(|root| root.field("kind")).map(|kind| kind.enum_values().to_vec());
            assert_eq!(kind, Some(vec![c.kind.to_owned()]), "{}", c.definition);
            let api_version = root.and_then(|root| root.field("apiVersion")).map(|v| v.enum_values().to_vec());
            assert_eq!(api_version, Some(vec![c.api_version.to_owned()]), "{}", c.definition);
            let template = c.template.iter().map(|key| crate::syntax::PathSeg::Key((*key).to_owned()));
            let template = root.and_then(|root| root.at(&template.collect::<Vec<_>>()));
            let expected = if c.is_pod() { c.definition } else { "io.k8s.api.core.v1.PodTemplateSpec" };
            assert_eq!(template.and_then(|t| t.definition()), Some(expected), "{}", c.kind);
        }
    }

    #[test]
    fn kinds_are_unique() {
        for (i, c) in CARRIERS.iter().enumerate() {
            assert!(CARRIERS.iter().skip(i + 1).all(|d| !d.kind.eq_ignore_ascii_case(c.kind)), "{}", c.kind);
        }
    }
}
