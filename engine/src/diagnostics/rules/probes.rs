//! Probes and lifecycle hooks: exactly one handler, non-negative timings, the liveness and startup
//! `successThreshold`, handler fields, and probe ports that name no declared port (lint) (`validateProbe`,
//! `validateHandler`, `validateLifecycle`, `ValidatePortNumOrName`).

use super::tables::{self, OneOf};
use super::{ContainerKind, Ctx, Path, codes, forbidden, invalid, quote, required};
use crate::diagnostics::{Related, Severity};
use crate::model::format::{self, join};
use crate::syntax::{Entry, Node};

const NON_NEGATIVE: &[&str] =
    &["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"];

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let grace = cx.spec_field("terminationGracePeriodSeconds").and_then(super::int64).unwrap_or(30);
    let containers = cx.containers.clone();
    for c in containers {
        // Init containers that are not sidecars may not have probes or hooks at all; that is reported once elsewhere.
        if c.kind == ContainerKind::Ephemeral || (c.kind == ContainerKind::Init && !c.is_sidecar()) {
            continue;
        }
        c.with_path(|path| {
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                if let Some(entry) = c.node.entry(probe).filter(|e| e.value.as_mapping().is_some()) {
                    check_probe(cx, c.node, entry, &path.key(probe));
                }
            }
            if let Some(lifecycle) = c.node.get("lifecycle") {
                let lifecycle_path = path.key("lifecycle");
                for hook in ["postStart", "preStop"] {
                    if let Some(entry) = lifecycle.entry(hook).filter(|e| e.value.as_mapping().is_some()) {
                        let hook_path = lifecycle_path.key(hook);
                        check_handler(cx, c.node, entry, &hook_path, &tables::LIFECYCLE_HANDLER, grace);
                    }
                }
            }
        });
    }
}

fn check_probe(cx: &mut Ctx<'_>, container: &Node, entry: &Entry, path: &Path<'_>) {
    let probe = &entry.value;
    let kind = entry.key_str().unwrap_or_default();
    check_handler(cx, container, entry, path, &tables::PROBE_HANDLER, 30);
    for field in NON_NEGATIVE {
        if let Some(value) = probe.get(field)
            && let Some(n) = super::int32(value)
            && n < 0
        {
            cx.error(
                codes::INVALID_PROBE,
                value.range,
                invalid(&path.key(field), &n.to_string(), "must be greater than or equal to 0"),
                "Probe timings and thresholds cannot be negative; leave the field out for the default.",
            );
        }
    }
    if let Some(value) = probe.get("successThreshold")
        && let Some(n) = super::int32(value)
        && n > 1
        && kind != "readinessProbe"
    {
        cx.error(
            codes::INVALID_PROBE,
            value.range,
            invalid(&path.key("successThreshold"), &n.to_string(), "must be 1"),
            "Liveness and startup probes succeed on the first success; only readiness probes can require more.",
        );
    }
    if let Some(value) = probe.get("terminationGracePeriodSeconds")
        && let Some(n) = super::int64(value)
    {
        let p = path.key("terminationGracePeriodSeconds");
        if kind == "readinessProbe" {
            cx.error(
                codes::INVALID_PROBE,
                value.range,
                invalid(&p, &n.to_string(), "must not be set for readinessProbes"),
                "A failing readiness probe never kills the container, so there is no grace period to set.",
            );
        } else if n <= 0 {
            cx.error(
                codes::INVALID_PROBE,
                value.range,
                invalid(&p, &n.to_string(), "must be greater than 0"),
                "The grace period after a failed probe is at least one second.",
            );
        }
    }
}

/// Exactly one handler, then that handler's fields.
fn check_handler(cx: &mut Ctx<'_>, container: &Node, entry: &Entry, path: &Path<'_>, handlers: &OneOf, grace: i64) {
    let node = &entry.value;
    let chosen = handlers.chosen(node);
    // The API server reports every handler after the first.
    for extra in chosen.iter().skip(1) {
        cx.error(
            codes::PROBE_HANDLER,
            extra.key.range,
            forbidden(&path.key(extra.key_str().unwrap_or_default()), "may not specify more than 1 handler type"),
            "A probe or hook runs exactly one action: `exec`, `httpGet`, `tcpSocket`, `grpc` or `sleep`.",
        );
    }
    let Some(handler) = chosen.first() else {
        if cx.schema_found_unknown_key_in(node) {
            return;
        }
        let what = if handlers.is_alternative("grpc") {
            "`exec`, `httpGet`, `tcpSocket` or `grpc`"
        } else {
            "`exec`, `httpGet`, `tcpSocket` or `sleep`"
        };
        cx.error(
            codes::PROBE_HANDLER,
            entry.key.range,
            required(path, "must specify a handler type"),
            &format!("Say what to run: one of {what}."),
        );
        return;
    };
    let kind = handler.key_str().unwrap_or_default();
    let value = &handler.value;
    let handler_path = path.key(kind);
    match kind {
        "exec" => {
            let empty =
                value.get("command").is_none_or(|c| c.as_sequence().is_some_and(<[Node]>::is_empty) || c.is_null());
            if empty {
                let range = value.get("command").filter(|c| !c.range.is_empty()).map_or(handler.key.range, |c| c.range);
                cx.error(
                    codes::INVALID_HANDLER,
                    range,
                    required(&handler_path.key("command"), ""),
                    "An `exec` action needs the command to run, such as `[\"cat\", \"/tmp/healthy\"]`.",
                );
            }
        }
        "httpGet" | "tcpSocket" => {
            if let Some(port) = value.get("port") {
                check_port_num_or_name(cx, container, port, &handler_path.key("port"));
            }
            if kind == "httpGet" {
                // validateHTTPGetAction names the list, not the header.
                let headers_path = handler_path.key("httpHeaders");
                for header in super::items(value.get("httpHeaders")) {
                    let Some((name, n)) = super::string_field(header, "name") else {
                        continue;
                    };
                    cx.check_format(
                        codes::INVALID_HANDLER,
                        n.range,
                        &headers_path,
                        name,
                        format::http_header_name,
                        "HTTP header names are letters, digits and '-'.",
                    );
                }
            }
        }
        "grpc" => {
            if let Some(port) = value.get("port")
                && let Some(n) = super::int32(port)
            {
                let errs = format::port_number(n);
                if !errs.is_empty() {
                    cx.error(
                        codes::INVALID_HANDLER,
                        port.range,
                        invalid(&handler_path.key("port"), &n.to_string(), &join(&errs)),
                        "A gRPC probe port is a number from 1 to 65535.",
                    );
                }
            }
        }
        "sleep" => {
            // `sleep: {seconds: 0}` is allowed once PodLifecycleSleepActionAllowZero is on (by default since 1.33).
            let zero_allowed = cx.target.gate_on("PodLifecycleSleepActionAllowZero");
            if let Some(seconds) = value.get("seconds")
                && let Some(n) = super::int64(seconds)
                && (n < 0 || n > grace || (n == 0 && !zero_allowed))
            {
                // validateSleepAction's two wordings; the older one names the gate (by its option's name).
                let detail = if zero_allowed {
                    format!("must be non-negative and less than terminationGracePeriodSeconds ({grace})")
                } else {
                    format!(
                        "must be greater than 0 and less than terminationGracePeriodSeconds ({grace}). Enable \
                         AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."
                    )
                };
                cx.error(
                    codes::INVALID_HANDLER,
                    seconds.range,
                    invalid(&handler_path, &n.to_string(), &detail),
                    "The sleep must end before the Pod's termination grace period runs out.",
                );
            }
        }
        _ => {}
    }
}

/// `ValidatePortNumOrName`, and the lint for a name the container does not declare.
fn check_port_num_or_name(cx: &mut Ctx<'_>, container: &Node, port: &Node, path: &Path<'_>) {
    if let Some(n) = super::int32(port) {
        let errs = format::port_number(n);
        if !errs.is_empty() {
            cx.error(
                codes::INVALID_HANDLER,
                port.range,
                invalid(path, &n.to_string(), &join(&errs)),
                "Ports range from 1 to 65535.",
            );
        }
        return;
    }
    let Some(name) = port.as_str() else { return };
    // An empty name is no exception: IsValidPortName rejects it like any other malformed name.
    let errs = format::port_name(name);
    if !errs.is_empty() {
        let why = if name.bytes().all(|b| b.is_ascii_digit()) {
            "A quoted number is a port *name*; write the number without quotes."
        } else {
            "A port is a number from 1 to 65535 or the name of a declared port."
        };
        let diagnostic = cx.error(codes::INVALID_HANDLER, port.range, invalid(path, &quote(name), &join(&errs)), why);
        if let Ok(n) = name.parse::<u16>()
            && n > 0
        {
            diagnostic.fixes.push(crate::diagnostics::Fix::replace(
                format!("Change to {n}"),
                port.range,
                n.to_string(),
            ));
        }
        return;
    }
    let mut declared = super::ports::declared_port_names(container);
    if !declared.any(|d| d == name) {
        let declared: Vec<&Node> = super::items(container.get("ports")).iter().filter_map(|p| p.get("name")).collect();
        let diagnostic = cx.report(
            Severity::Warning,
            codes::UNDECLARED_PORT_NAME,
            port.range,
            format!("{path}: port name {} is not declared by this container", quote(name)),
            "A named probe port resolves against the container's own `ports`; the kubelet will fail the probe.",
        );
        for d in declared {
            diagnostic.related.push(Related { range: d.range, message: "a declared port name".to_owned() });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::analysis::AnalysisOptions;
    use crate::model::version::{KubernetesVersion, Target};
    use crate::test_utils::check_filtered_with;

    #[test]
    fn before_zero_sleeps_a_sleep_of_zero_is_refused_with_the_older_wording() {
        // TestValidateSleepAction's gate-off cases: PodLifecycleSleepActionAllowZero is off before 1.33.
        let options = AnalysisOptions {
            target: Target::new(KubernetesVersion::parse("1.32").unwrap()),
            ..AnalysisOptions::default()
        };
        check_filtered_with(
            r#"apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: busybox:1.36
    lifecycle:
      preStop:
        sleep: {seconds: 0}
#                        ^ invalid-handler: spec.containers[0].lifecycle.preStop.sleep: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (30). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.
"#,
            &options,
            |d| d.code == "invalid-handler",
        );
    }
}
