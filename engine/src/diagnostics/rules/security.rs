//! Security contexts of the Pod and its containers (user and group ranges are rows of `tables`): process namespace sharing, sysctls,
//! seccomp and AppArmor profiles, user namespaces, privilege escalation and the fields an OS does not support
//! (`validatePodSpecSecurityContext`, `ValidateSecurityContext`, `validateOS`, `validateHostUsers`).

use super::{
    ContainerKind, Ctx, Path, Unique, codes, duplicate, entries, forbidden, invalid, items, not_supported, quote,
    required,
};
use crate::diagnostics::Related;
use crate::syntax::Node;

/// Pod security context fields a Windows Pod may not set.
const POD_LINUX_ONLY: &[&str] = &[
    "seLinuxOptions",
    "seccompProfile",
    "appArmorProfile",
    "runAsUser",
    "runAsGroup",
    "fsGroup",
    "fsGroupChangePolicy",
    "sysctls",
    "supplementalGroups",
    "supplementalGroupsPolicy",
    "seLinuxChangePolicy",
];

/// Container security context fields a Windows Pod may not set.
const CONTAINER_LINUX_ONLY: &[&str] = &[
    "seLinuxOptions",
    "seccompProfile",
    "appArmorProfile",
    "runAsUser",
    "runAsGroup",
    "capabilities",
    "privileged",
    "readOnlyRootFilesystem",
    "allowPrivilegeEscalation",
    "procMount",
];

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let spec_path = cx.base.key("spec");
    let os = cx.spec_field("os").and_then(|o| o.get("name")).and_then(Node::as_str);
    let host_users = cx.spec_field("hostUsers").and_then(Node::as_bool);
    if let Some(sc) = cx.spec_field("securityContext").filter(|s| s.as_mapping().is_some()) {
        let path = spec_path.key("securityContext");
        check_profiles(cx, sc, &path);
        check_sysctls(cx, sc, &path);
        check_os_fields(cx, sc, &path, os, POD_LINUX_ONLY);
        check_supplemental_groups_policy(cx, sc, &path);
        check_selinux_change_policy(cx, sc, &path);
        check_seccomp_annotation_agrees(cx, sc, &path, "seccomp.security.alpha.kubernetes.io/pod");
    }
    let share = cx.spec_field("shareProcessNamespace").filter(|n| n.as_bool() == Some(true));
    let host_pid = cx.spec_field("hostPID").and_then(Node::as_bool) == Some(true);
    if let Some(node) = share.filter(|_| host_pid) {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            node.range,
            invalid(
                &spec_path.key("securityContext").key("shareProcessNamespace"),
                "true",
                "ShareProcessNamespace and HostPID cannot both be enabled",
            ),
            "With `hostPID` the containers already see every process on the node; drop one of the two.",
        );
    }
    if host_users == Some(false) {
        for field in ["hostNetwork", "hostPID", "hostIPC"] {
            if let Some(node) = cx.spec_field(field).filter(|n| n.as_bool() == Some(true)) {
                cx.error(
                    codes::INVALID_SECURITY_CONTEXT,
                    node.range,
                    forbidden(&spec_path.key(field), "when `hostUsers` is false"),
                    "A Pod in its own user namespace (`hostUsers: false`) cannot share the node's namespaces.",
                );
            }
        }
    }
    let containers = cx.containers.clone();
    // Windows Pods skip the AppArmor agreement check: the node has no AppArmor.
    let pod_apparmor = cx.spec_field("securityContext").and_then(|sc| sc.get("appArmorProfile"));
    if os != Some("windows") {
        for c in &containers {
            c.with_path(|path| check_apparmor_annotation_agrees(cx, c.node, pod_apparmor, path));
        }
    }
    for c in containers {
        let Some(sc) = c.node.get("securityContext").filter(|s| s.as_mapping().is_some()) else {
            continue;
        };
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        let annotation = c.name().map(|name| format!("container.seccomp.security.alpha.kubernetes.io/{name}"));
        c.with_path(|path| {
            let path = path.key("securityContext");
            if let Some(annotation) = &annotation {
                check_seccomp_annotation_agrees(cx, sc, &path, annotation);
            }
            check_profiles(cx, sc, &path);
            check_os_fields(cx, sc, &path, os, CONTAINER_LINUX_ONLY);
            check_privileges(cx, sc, &path, host_users);
        });
    }
}

/// `seccompProfile` and `appArmorProfile`: `localhostProfile` exactly when the type is `Localhost`.
fn check_profiles(cx: &mut Ctx<'_>, sc: &Node, path: &Path<'_>) {
    for (field, what) in [("seccompProfile", "seccomp"), ("appArmorProfile", "AppArmor")] {
        let Some(entry) = sc.entry(field).filter(|e| e.value.as_mapping().is_some()) else {
            continue;
        };
        let profile = &entry.value;
        let kind = super::string_field(profile, "type");
        let local = profile.get("localhostProfile").filter(|n| n.as_str().is_some_and(|s| !s.is_empty()));
        let p = path.key(field);
        match (kind, local) {
            (Some(("Localhost", kind_node)), None) => {
                cx.error(
                    codes::INVALID_SECURITY_CONTEXT,
                    kind_node.range,
                    required(&p.key("localhostProfile"), &format!("must be set when {what} type is Localhost")),
                    "A `Localhost` profile names a profile file on the node with `localhostProfile`.",
                );
            }
            (Some((k, _)), Some(node)) if k != "Localhost" => {
                // ValidateAppArmorProfileField says Invalid with the profile's name; seccomp's check stays as it was.
                let message = match (field, node.as_str()) {
                    ("appArmorProfile", Some(name)) => invalid(
                        &p.key("localhostProfile"),
                        &quote(name),
                        "can only be set when AppArmor type is Localhost",
                    ),
                    _ => {
                        forbidden(&p.key("localhostProfile"), &format!("can only be set when {what} type is Localhost"))
                    }
                };
                cx.error(
                    codes::INVALID_SECURITY_CONTEXT,
                    node.range,
                    message,
                    "Only a `Localhost` profile reads a file from the node; remove `localhostProfile` or change the type.",
                );
            }
            (Some(("Localhost", _)), Some(node)) if field == "appArmorProfile" => {
                check_apparmor_localhost_profile(cx, node, &p.key("localhostProfile"));
            }
            _ => {}
        }
    }
}

/// The longest AppArmor profile name the node can load: PATH_MAX - 1.
const MAX_APPARMOR_LOCALHOST_PROFILE: usize = 4095;

/// ValidateAppArmorProfileField on a `Localhost` profile's name: no padding, and a path the node can open.
fn check_apparmor_localhost_profile(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    let Some(name) = node.as_str() else { return };
    if name.trim() != name {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            node.range,
            invalid(path, &quote(name), "must not be padded with whitespace"),
            "The node looks the profile up by this exact name; remove the spaces around it.",
        );
    }
    if name.len() > MAX_APPARMOR_LOCALHOST_PROFILE {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            node.range,
            format!("{path}: Too long: may not be more than {MAX_APPARMOR_LOCALHOST_PROFILE} bytes"),
            "A profile name is a path on the node, at most 4095 bytes.",
        );
    }
}

/// validateAppArmorAnnotationsAndFieldsMatchOnCreate: a container's deprecated AppArmor annotation must say what its
/// profile says, the container's own or else the Pod's. The API server names the container's field either way.
fn check_apparmor_annotation_agrees(cx: &mut Ctx<'_>, container: &Node, pod_profile: Option<&Node>, path: &Path<'_>) {
    let Some(name) = container.get("name").and_then(Node::as_str) else { return };
    let annotations = cx.root.get("metadata").and_then(|m| m.get("annotations"));
    let annotation = format!("container.apparmor.security.beta.kubernetes.io/{name}");
    let Some(value) = annotations.and_then(|a| a.get(&annotation)).and_then(Node::as_str) else { return };
    let own = container.get("securityContext").and_then(|sc| sc.get("appArmorProfile"));
    let Some(profile) = own.or(pod_profile).filter(|p| p.as_mapping().is_some()) else { return };
    let sc_path = path.key("securityContext");
    let profile_path = sc_path.key("appArmorProfile");
    let runtime_default: &[&str] = &["runtime/default"];
    annotation_agrees(cx, profile, &profile_path, &annotation, value, ("apparmor", runtime_default));
}

/// `validateSupplementalGroupsPolicy`: the schema has no enum for it.
fn check_supplemental_groups_policy(cx: &mut Ctx<'_>, sc: &Node, path: &Path<'_>) {
    const SUPPORTED: [&str; 2] = ["Merge", "Strict"];
    if let Some((policy, node)) = super::string_field(sc, "supplementalGroupsPolicy")
        && !SUPPORTED.contains(&policy)
    {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            node.range,
            not_supported(&path.key("supplementalGroupsPolicy"), &quote(policy), &SUPPORTED),
            "`Merge` (the default) adds the groups of the image's /etc/group; `Strict` uses only those listed here.",
        );
    }
}

/// `validateSELinuxChangePolicy`: the schema has no enum for it. With the SELinuxChangePolicy gate off the API
/// server drops the field, so it is not checked.
fn check_selinux_change_policy(cx: &mut Ctx<'_>, sc: &Node, path: &Path<'_>) {
    const SUPPORTED: [&str; 2] = ["MountOption", "Recursive"];
    if let Some((policy, node)) = super::string_field(sc, "seLinuxChangePolicy")
        && !SUPPORTED.contains(&policy)
        && cx.target.gate_on("SELinuxChangePolicy")
    {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            node.range,
            not_supported(&path.key("seLinuxChangePolicy"), &quote(policy), &SUPPORTED),
            "`Recursive` relabels every file of the volumes; `MountOption` mounts them with the Pod's SELinux label.",
        );
    }
}

/// `validateSeccompAnnotationsAndFields`: when both the deprecated seccomp annotation and `seccompProfile` are set,
/// they must say the same.
fn check_seccomp_annotation_agrees(cx: &mut Ctx<'_>, sc: &Node, path: &Path<'_>, annotation: &str) {
    let Some(profile) = sc.get("seccompProfile").filter(|p| p.as_mapping().is_some()) else { return };
    let annotations = cx.root.get("metadata").and_then(|m| m.get("annotations"));
    let Some(value) = annotations.and_then(|a| a.get(annotation)).and_then(Node::as_str) else { return };
    let runtime_default: &[&str] = &["runtime/default", "docker/default"];
    annotation_agrees(cx, profile, &path.key("seccompProfile"), annotation, value, ("seccomp", runtime_default));
}

/// A deprecated profile annotation (`value`) against the profile field: the same type, and for `Localhost` the same
/// file. `kind` is what the API server calls the profile (`seccomp`, `apparmor`) and the annotation values that mean
/// `RuntimeDefault`.
fn annotation_agrees(
    cx: &mut Ctx<'_>,
    profile: &Node,
    profile_path: &Path<'_>,
    annotation: &str,
    value: &str,
    (noun, runtime_default): (&str, &[&str]),
) {
    let Some((kind, kind_node)) = super::string_field(profile, "type") else { return };
    let type_agrees = match kind {
        "Unconfined" => value == "unconfined",
        "RuntimeDefault" => runtime_default.contains(&value),
        "Localhost" => value.starts_with("localhost/"),
        _ => true,
    };
    if !type_agrees {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            kind_node.range,
            forbidden(&profile_path.key("type"), &format!("{noun} type in annotation and field must match")),
            &format!("The annotation `{annotation}` says `{value}`; remove the deprecated annotation."),
        );
        return;
    }
    let local = profile.get("localhostProfile").and_then(Node::as_str);
    if let Some(file) = value.strip_prefix("localhost/").filter(|_| kind == "Localhost")
        && local != Some(file)
    {
        let range = profile.get("localhostProfile").map_or(kind_node.range, |n| n.range);
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            range,
            forbidden(
                &profile_path.key("localhostProfile"),
                &format!("{noun} profile in annotation and field must match"),
            ),
            &format!("The annotation `{annotation}` names `{file}`; remove the deprecated annotation."),
        );
    }
}

/// Sysctl names: the kernel's format, unique, and not in namespaces the Pod shares with the node.
fn check_sysctls(cx: &mut Ctx<'_>, sc: &Node, path: &Path<'_>) {
    let list_path = path.key("sysctls");
    let host_network = cx.host_network;
    let host_ipc = cx.spec_field("hostIPC").and_then(Node::as_bool) == Some(true);
    let mut seen = Unique::new();
    for (i, sysctl) in items(sc.get("sysctls")).iter().enumerate() {
        let Some((name, node)) = super::string_field(sysctl, "name") else {
            continue;
        };
        let p = list_path.index(i);
        if name.is_empty() {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                required(&p.key("name"), ""),
                "Name the sysctl, such as `net.ipv4.ip_local_port_range`.",
            );
            continue;
        }
        if name.len() > 253 || !is_sysctl_name(name) {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                invalid(
                    &p.key("name"),
                    &quote(name),
                    "must have at most 253 characters and match regex ([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?",
                ),
                "Sysctl names are lowercase dotted (or slashed) words, such as `kernel.shm_rmid_forced`.",
            );
        }
        if let Some(first) = seen.repeat(name, node.range) {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                duplicate(&p.key("name"), &quote(name)),
                "Each sysctl is set once.",
            )
            .related
            .push(Related { range: first, message: "first set here".to_owned() });
        }
        let normalized = name.replace('/', ".");
        if host_network && normalized.starts_with("net.") {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                invalid(&p.key("name"), &quote(name), "may not be specified when 'hostNetwork' is true"),
                "With `hostNetwork` the Pod shares the node's network namespace, so `net.*` sysctls would change the node.",
            );
        }
        let ipc = normalized.starts_with("kernel.shm")
            || normalized.starts_with("kernel.msg")
            || normalized == "kernel.sem"
            || normalized.starts_with("fs.mqueue.");
        if host_ipc && ipc {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                invalid(&p.key("name"), &quote(name), "may not be specified when 'hostIPC' is true"),
                "With `hostIPC` the Pod shares the node's IPC namespace, so IPC sysctls would change the node.",
            );
        }
    }
}

/// `^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`.
fn is_sysctl_name(name: &str) -> bool {
    name.split(['.', '/']).all(|part| {
        let b = part.as_bytes();
        let lower_alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        b.first().is_some_and(lower_alnum)
            && b.last().is_some_and(lower_alnum)
            && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
    })
}

/// Fields the Pod's declared OS does not support.
fn check_os_fields(cx: &mut Ctx<'_>, sc: &Node, path: &Path<'_>, os: Option<&str>, linux_only: &[&str]) {
    match os {
        Some("windows") => {
            for entry in entries(Some(sc)) {
                let Some(key) = entry.key_str() else { continue };
                if linux_only.contains(&key) && !entry.value.is_null() {
                    cx.error(
                        codes::WINDOWS_POD_FIELD,
                        entry.key.range,
                        forbidden(&path.key(key), "cannot be set for a windows pod"),
                        "This is a Linux security setting; Windows containers ignore it, so the API server rejects it.",
                    );
                }
            }
        }
        Some("linux") => {
            if let Some(entry) = sc.entry("windowsOptions").filter(|e| !e.value.is_null()) {
                cx.error(
                    codes::WINDOWS_POD_FIELD,
                    entry.key.range,
                    forbidden(&path.key("windowsOptions"), "windows options cannot be set for a linux pod"),
                    "`windowsOptions` applies only to Pods with `os.name: windows`.",
                );
            }
        }
        _ => {}
    }
}

fn check_privileges(cx: &mut Ctx<'_>, sc: &Node, path: &Path<'_>, host_users: Option<bool>) {
    let no_escalation = sc.get("allowPrivilegeEscalation").filter(|n| n.as_bool() == Some(false));
    let privileged = sc.get("privileged").and_then(Node::as_bool) == Some(true);
    if let Some(node) = no_escalation {
        if privileged {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                invalid(path, "false", "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"),
                "A privileged container has every privilege already, so forbidding escalation contradicts it.",
            );
        }
        let sys_admin = items(sc.get("capabilities").and_then(|c| c.get("add")))
            .iter()
            .any(|c| c.as_str() == Some("CAP_SYS_ADMIN"));
        if sys_admin {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                invalid(
                    path,
                    "false",
                    "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN",
                ),
                "CAP_SYS_ADMIN allows privilege escalation, which contradicts `allowPrivilegeEscalation: false`.",
            );
        }
    }
    if let Some(node) = sc.get("procMount").filter(|n| n.as_str() == Some("Unmasked"))
        && host_users != Some(false)
    {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            node.range,
            invalid(&path.key("procMount"), "\"Unmasked\"", "`hostUsers` must be false to use `Unmasked`"),
            "An unmasked /proc is only safe in a user namespace: set `spec.hostUsers: false`.",
        );
    }
}
