//! The Windows options of the Pod's and its containers' security contexts (`validateWindowsSecurityContextOptions`):
//! the GMSA credential spec and its name, and the form of `runAsUserName`; and the HostProcess rules of a Pod
//! (`validateWindowsHostProcessPod`): all containers or none, with `hostNetwork`.

use super::{ContainerKind, Ctx, Path, codes, invalid, quote};
use crate::model::format;
use crate::syntax::Node;
use crate::text::TextRange;

/// The largest GMSA credential spec the API server accepts, in KiB.
const MAX_GMSA_SPEC_KIB: usize = 64;
/// A domain of `runAsUserName` must be shorter than this many bytes.
const MAX_DOMAIN_LEN: usize = 256;
/// The longest user part of `runAsUserName`, in bytes.
const MAX_USER_LEN: usize = 104;

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let spec_path = cx.base.key("spec");
    let pod_options = windows_options(cx.spec_field("securityContext"));
    if let Some(options) = pod_options {
        check_options(cx, options, &spec_path.key("securityContext").key("windowsOptions"));
    }
    for c in cx.containers.clone() {
        // Ephemeral containers are refused on create before their options matter.
        if c.kind == ContainerKind::Ephemeral {
            continue;
        }
        if let Some(options) = windows_options(c.node.get("securityContext")) {
            c.with_path(|path| check_options(cx, options, &path.key("securityContext").key("windowsOptions")));
        }
    }
    check_host_process(cx, pod_options, &spec_path);
}

fn windows_options(security_context: Option<&Node>) -> Option<&Node> {
    security_context.and_then(|sc| sc.get("windowsOptions")).filter(|o| o.as_mapping().is_some())
}

fn check_options(cx: &mut Ctx<'_>, options: &Node, path: &Path<'_>) {
    if let Some((name, node)) = super::string_field(options, "gmsaCredentialSpecName") {
        cx.check_format(
            codes::INVALID_SECURITY_CONTEXT,
            node.range,
            &path.key("gmsaCredentialSpecName"),
            name,
            format::dns1123_subdomain,
            "It names a GMSACredentialSpec resource, so it is a DNS subdomain such as `webapp-gmsa`.",
        );
    }
    if let Some((spec, node)) = super::string_field(options, "gmsaCredentialSpec") {
        let p = path.key("gmsaCredentialSpec");
        if spec.is_empty() {
            let message = invalid(&p, &quote(spec), "gmsaCredentialSpec cannot be an empty string");
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                message,
                "Give the credential spec's JSON, or drop the field.",
            );
        } else if spec.len() > MAX_GMSA_SPEC_KIB * 1024 {
            let detail = format!("gmsaCredentialSpec size must be under {MAX_GMSA_SPEC_KIB} KiB");
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                invalid(&p, &format!("({} bytes)", spec.len()), &detail),
                "Name a GMSACredentialSpec with `gmsaCredentialSpecName` instead of inlining a spec this large.",
            );
        }
    }
    if let Some((user_name, node)) = super::string_field(options, "runAsUserName") {
        let p = path.key("runAsUserName");
        for detail in run_as_user_name(user_name) {
            cx.error(
                codes::INVALID_SECURITY_CONTEXT,
                node.range,
                invalid(&p, &quote(user_name), &detail),
                "A Windows user is `User` or `DOMAIN\\User`, with a NetBIOS or DNS domain.",
            );
        }
    }
}

/// What is wrong with a Windows user name, in the API server's words and order: empty, control characters and
/// backslashes stop the check; the domain and the user part are then judged separately.
fn run_as_user_name(name: &str) -> Vec<String> {
    if name.is_empty() {
        return vec!["runAsUserName cannot be an empty string".to_owned()];
    }
    if name.chars().any(|c| c.is_ascii_control()) {
        return vec!["runAsUserName cannot contain control characters".to_owned()];
    }
    let parts: Vec<&str> = name.split('\\').collect();
    let (domain, user) = match parts.as_slice() {
        [user] => (None, *user),
        [domain, user] => (Some(*domain), *user),
        _ => return vec!["runAsUserName cannot contain more than one backslash".to_owned()],
    };
    let mut errs = Vec::new();
    if let Some(domain) = domain {
        if domain.len() >= MAX_DOMAIN_LEN {
            errs.push(format!("runAsUserName's Domain length must be under {MAX_DOMAIN_LEN} characters"));
        }
        if !is_netbios_domain(domain) && !is_dns_domain(domain) {
            errs.push("runAsUserName's Domain doesn't match the NetBios nor the DNS format".to_owned());
        }
    }
    if user.is_empty() {
        errs.push("runAsUserName's User cannot be empty".to_owned());
    } else if user.len() > MAX_USER_LEN {
        errs.push(format!("runAsUserName's User length must not be longer than {MAX_USER_LEN} characters"));
    }
    if !user.is_empty() && user.chars().all(|c| c == '.' || c == ' ') {
        errs.push("runAsUserName's User cannot contain only periods or spaces".to_owned());
    }
    if user.chars().any(|c| "\"/\\:;|=,+*?<>@[]".contains(c)) {
        errs.push("runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]".to_owned());
    }
    errs
}

/// A NetBIOS domain: 1 to 15 characters, none of `\ / : * ? " < > |`, not starting with a dot.
fn is_netbios_domain(domain: &str) -> bool {
    const FORBIDDEN: &str = "\\/:*?\"<>|";
    let count = domain.chars().count();
    (1..=15).contains(&count) && !domain.starts_with('.') && !domain.chars().any(|c| FORBIDDEN.contains(c))
}

/// A DNS domain: dot-separated labels of letters (either case), digits and inner dashes, at most 63 each.
fn is_dns_domain(domain: &str) -> bool {
    domain.split('.').all(|label| {
        let b = label.as_bytes();
        (1..=63).contains(&b.len())
            && b.first().is_some_and(u8::is_ascii_alphanumeric)
            && b.last().is_some_and(u8::is_ascii_alphanumeric)
            && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
    })
}

/// HostProcess containers: the Pod's `hostProcess` and a container's must agree where both are set, and a Pod
/// with any HostProcess container has only such containers and runs in the node's network namespace.
fn check_host_process(cx: &mut Ctx<'_>, pod_options: Option<&Node>, spec_path: &Path<'_>) {
    let pod_flag = pod_options.and_then(|o| o.get("hostProcess"));
    let pod_value = pod_flag.and_then(Node::as_bool);
    let mut host_process: Option<TextRange> = pod_flag.filter(|_| pod_value == Some(true)).map(|n| n.range);
    let mut plain: Option<TextRange> = None;
    let mut host_process_count = 0;
    let containers = cx.containers.clone();
    for c in &containers {
        let flag = windows_options(c.node.get("securityContext")).and_then(|o| o.get("hostProcess"));
        let value = flag.and_then(Node::as_bool);
        if let (Some(pod), Some(own), Some(flag)) = (pod_value, value, flag)
            && pod != own
        {
            let detail = format!("pod hostProcess value must be identical if both are specified, was {pod}");
            c.with_path(|path| {
                let message = invalid(
                    &path.key("securityContext").key("windowsOptions").key("hostProcess"),
                    &own.to_string(),
                    &detail,
                );
                cx.error(
                    codes::INVALID_SECURITY_CONTEXT,
                    flag.range,
                    message,
                    "A container may repeat the Pod's `hostProcess`, not contradict it.",
                );
            });
        }
        if value.or(pod_value) == Some(true) {
            host_process_count += 1;
            if host_process.is_none() {
                host_process = flag.map(|n| n.range);
            }
        } else if plain.is_none() {
            plain = Some(flag.map_or_else(|| c.anchor(), |n| n.range));
        }
    }
    if host_process_count == 0 {
        return;
    }
    if let Some(range) = plain {
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            range,
            invalid(
                spec_path,
                "\"\"",
                "If pod contains any hostProcess containers then all containers must be HostProcess containers",
            ),
            "A Pod's containers all run on the host (`hostProcess: true`) or none of them do.",
        );
    }
    if !cx.host_network {
        let host_network = cx.spec_field("hostNetwork");
        let range = host_network.map(|n| n.range).or(host_process).unwrap_or_else(|| super::anchor(cx.root));
        cx.error(
            codes::INVALID_SECURITY_CONTEXT,
            range,
            invalid(
                &spec_path.key("hostNetwork"),
                "false",
                "hostNetwork must be true if pod contains any hostProcess containers",
            ),
            "HostProcess containers use the node's network; set `hostNetwork: true`.",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::analysis::{analyze_file, file_diagnostics};

    // A spec over 64 KiB has no place in a fixture file.
    #[test]
    fn a_credential_spec_over_64_kib_is_refused() {
        let pod = |size: usize| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: c\n    image: i\n    \
                 securityContext:\n      windowsOptions:\n        gmsaCredentialSpec: {}\n",
                "a".repeat(size)
            )
        };
        let messages = |text: &str| -> Vec<String> {
            file_diagnostics(&analyze_file(text))
                .into_iter()
                .filter(|d| d.code == super::codes::INVALID_SECURITY_CONTEXT)
                .map(|d| d.message)
                .collect()
        };
        assert!(messages(&pod(64 * 1024)).is_empty());
        let over = messages(&pod(64 * 1024 + 1));
        assert_eq!(over.len(), 1, "{over:?}");
        assert!(
            over[0].starts_with(
                "spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: (65537 bytes): \
                 gmsaCredentialSpec size must be under 64 KiB"
            ),
            "{over:?}"
        );
    }
}
