//! Volumes and the places that use them: names, exactly one source, per-source rules, volume mounts and devices
//! (`ValidateVolumes`, `validateVolumeSource`, `validateProjectionSources`, `ValidateVolumeMounts`,
//! `ValidateVolumeDevices`).

use std::collections::HashSet;

use super::{
    ContainerKind, ContainerRef, Ctx, Path, Unique, codes, edits, entries, forbidden, invalid, is_set, items,
    not_found, quote, required, tables,
};
use crate::diagnostics::{Fix, Related, Severity};
use crate::model::format::{self, join};
use crate::syntax::{Entry, Node};
use crate::text::TextRange;

/// A volume of the Pod: its name and the one source it has (if exactly one).
struct Volume<'a> {
    name: &'a str,
    name_range: TextRange,
    source: Option<&'a str>,
}

/// The Pod's volumes, and the first of each name, which mounts and devices refer to.
struct Volumes<'a> {
    list: Vec<Volume<'a>>,
    by_name: Unique<&'a str, usize>,
}

impl<'a> Volumes<'a> {
    fn new(list: Vec<Volume<'a>>) -> Self {
        let by_name = list.iter().enumerate().map(|(index, v)| (v.name, index)).collect();
        Volumes { list, by_name }
    }

    fn named(&self, name: &str) -> Option<&Volume<'a>> {
        self.list.get(self.by_name.get(name)?)
    }
}

pub(crate) fn check(cx: &mut Ctx<'_>) {
    let volumes = Volumes::new(check_volumes(cx));
    let containers = cx.containers.clone();
    for c in &containers {
        check_mounts(cx, c, &volumes);
        check_devices(cx, c, &volumes);
    }
}

fn check_volumes<'a>(cx: &mut Ctx<'a>) -> Vec<Volume<'a>> {
    let mut out: Vec<Volume<'a>> = Vec::new();
    let spec_path = cx.base.key("spec");
    let list_path = spec_path.key("volumes");
    let pod_name = cx.root.get("metadata").and_then(|m| m.get("name")).and_then(Node::as_str);
    let list = items(cx.spec_field("volumes"));
    for (i, volume) in list.iter().enumerate() {
        if volume.as_mapping().is_none() {
            continue;
        }
        let path = list_path.index(i);
        let name = volume.get("name").and_then(Node::as_str);
        if let Some(name) = name {
            let node = volume.get("name").expect("read");
            if name.is_empty() {
                cx.error(
                    codes::INVALID_VOLUME_NAME,
                    node.range,
                    required(&path.key("name"), ""),
                    "Every volume needs a name.",
                );
            } else {
                cx.check_format(
                    codes::INVALID_VOLUME_NAME,
                    node.range,
                    &path.key("name"),
                    name,
                    format::dns1123_label,
                    "Volume names are lowercase DNS labels: letters, digits and '-', at most 63 characters.",
                );
            }
        }
        let source = check_source_count(cx, volume, &path);
        if let Some(source) = source {
            tables::check_source_fields(cx, volume, &path, source);
            let entry = volume.entry(source).expect("found");
            check_source(cx, source, entry, &path.key(source), name, pod_name, list);
        }
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            let range = volume.get("name").expect("read").range;
            out.push(Volume { name, name_range: range, source });
        }
    }
    tables::check_unique(cx, &tables::VOLUME_NAMES);
    out
}

/// At most one source per volume; returns it.
fn check_source_count<'a>(cx: &mut Ctx<'_>, volume: &'a Node, path: &Path<'_>) -> Option<&'a str> {
    let mut first: Option<&'a str> = None;
    for entry in entries(Some(volume)) {
        let Some(key) = entry.key_str() else { continue };
        if !tables::VOLUME_SOURCE.is_alternative(key) {
            continue;
        }
        let source = key;
        // `emptyDir:` with nothing after it is null: no source at all.
        if entry.value.is_null() {
            continue;
        }
        if first.is_some() {
            cx.error(
                codes::VOLUME_SOURCE,
                entry.key.range,
                forbidden(&path.key(source), "may not specify more than 1 volume type"),
                "A volume has exactly one source; split this into two volumes.",
            );
        } else {
            first = Some(source);
        }
    }
    // No source at all is no error: v1 defaulting (`SetDefaults_Volume`) makes it `emptyDir: {}`, and so it makes a
    // source written as null (`emptyDir:` with nothing after it).
    first
}

#[allow(clippy::too_many_arguments)]
fn check_source(
    cx: &mut Ctx<'_>,
    source: &str,
    entry: &Entry,
    path: &Path<'_>,
    volume_name: Option<&str>,
    pod_name: Option<&str>,
    volumes: &[Node],
) {
    let node = &entry.value;
    if node.as_mapping().is_none() {
        return;
    }
    match source {
        "secret" | "configMap" => {
            let name_key = if source == "secret" { "secretName" } else { "name" };
            if !is_set(node.get(name_key)) && node.get(name_key).is_none_or(|n| n.as_str().is_some() || n.is_null()) {
                let range = node.get(name_key).filter(|n| !n.range.is_empty()).map_or(entry.key.range, |n| n.range);
                let what = if source == "secret" { "Secret" } else { "ConfigMap" };
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    range,
                    required(&path.key(name_key), ""),
                    &format!("Name the {what} to mount with `{name_key}`."),
                );
            }
        }
        "downwardAPI" => check_downward_items(cx, node, path),
        "csi" => {
            if let Some((driver, n)) = super::string_field(node, "driver").filter(|(d, _)| d.len() > 63) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    n.range,
                    format!("{}: Too long: may not be more than 63 bytes", path.key("driver")),
                    &format!("CSI driver names have at most 63 characters; this one has {}.", driver.len()),
                );
            }
        }
        "projected" => check_projected(cx, node, path),
        "persistentVolumeClaim" => {
            if let Some((claim, n)) = super::string_field(node, "claimName").filter(|(c, _)| !c.is_empty())
                && let Some(pod) = pod_name
            {
                let ephemeral = volumes.iter().find(|v| {
                    v.get("ephemeral").is_some_and(|e| !e.is_null())
                        && v.get("name").and_then(Node::as_str).is_some_and(|vn| format!("{pod}-{vn}") == claim)
                });
                if ephemeral.is_some() && volume_name.is_some() {
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        n.range,
                        invalid(
                            &path.key("claimName"),
                            &quote(claim),
                            "must not reference a PVC that gets created for an ephemeral volume",
                        ),
                        "That claim belongs to an ephemeral volume of this Pod; mount the ephemeral volume instead.",
                    );
                }
            }
        }
        "ephemeral" => {
            if node.get("volumeClaimTemplate").is_none_or(Node::is_null) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("volumeClaimTemplate"), ""),
                    "An ephemeral volume is described by a `volumeClaimTemplate`.",
                );
            }
            if let (Some(pod), Some(volume)) = (pod_name, volume_name) {
                let generated = format!("{pod}-{volume}");
                let errs = format::dns1123_subdomain(&generated);
                if !errs.is_empty() && format::dns1123_subdomain(pod).is_empty() {
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        entry.key.range,
                        invalid(path, &quote(&generated), &format!("PVC name must be a valid DNS subdomain ({})", join(&errs))),
                        "The claim is named `<pod name>-<volume name>`, which must be a DNS subdomain of at most 253 characters.",
                    );
                }
            }
            if let Some(meta) = node.get("volumeClaimTemplate").and_then(|t| t.get("metadata")) {
                let meta_path = path.key("volumeClaimTemplate");
                let meta_path = meta_path.key("metadata");
                for e in entries(Some(meta)) {
                    let Some(key) = e.key_str() else { continue };
                    if !matches!(key, "labels" | "annotations") && !e.value.is_null() {
                        cx.error(
                            codes::INVALID_VOLUME_SOURCE,
                            e.key.range,
                            invalid(
                                &meta_path.key(key),
                                &e.value.as_str().map_or_else(|| "{...}".to_owned(), quote),
                                "cannot be set",
                            ),
                            "The claim template's metadata may set only labels and annotations.",
                        );
                    }
                }
            }
        }
        "iscsi" => {
            for key in ["iqn", "initiatorName"] {
                let Some((iqn, n)) = super::string_field(node, key).filter(|(s, _)| !s.is_empty()) else { continue };
                let detail = if !["iqn", "eui", "naa"].iter().any(|p| iqn.starts_with(p)) {
                    Some("must be valid format starting with iqn, eui, or naa")
                } else if !is_iscsi_name(iqn) {
                    Some("must be valid format")
                } else {
                    None
                };
                if let Some(detail) = detail {
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        n.range,
                        invalid(&path.key(if key == "iqn" { "iqn" } else { "initiatorname" }), &quote(iqn), detail),
                        "iSCSI names look like `iqn.2001-04.com.example:storage`, `eui.` + 16 letters or digits, or `naa.` + 32.",
                    );
                }
            }
            let chap = ["chapAuthDiscovery", "chapAuthSession"]
                .iter()
                .any(|k| node.get(k).and_then(Node::as_bool) == Some(true));
            if chap && node.get("secretRef").is_none_or(Node::is_null) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("secretRef"), ""),
                    "CHAP authentication reads its credentials from `secretRef`.",
                );
            }
        }
        "fc" => {
            let wwns = items(node.get("targetWWNs")).len();
            let wwids = items(node.get("wwids")).len();
            if wwns == 0 && wwids == 0 {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("targetWWNs"), "must specify either targetWWNs or wwids, but not both"),
                    "A Fibre Channel volume is found by its target WWNs (with a `lun`) or by its WWIDs.",
                );
            } else if wwns != 0 && wwids != 0 {
                let range = node.entry("targetWWNs").map_or(entry.key.range, |e| e.key.range);
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    range,
                    invalid(
                        &path.key("targetWWNs"),
                        &super::show_list(node.get("targetWWNs")),
                        "targetWWNs and wwids can not be specified simultaneously",
                    ),
                    "Use target WWNs with a `lun`, or WWIDs, not both.",
                );
            }
            if wwns != 0
                && let Some(lun) = node.get("lun")
            {
                tables::check_range(cx, codes::INVALID_VOLUME_SOURCE, lun, &path.key("lun"), tables::LUN);
            }
            if wwns != 0 && node.get("lun").is_none_or(Node::is_null) {
                cx.error(
                    codes::INVALID_VOLUME_SOURCE,
                    entry.key.range,
                    required(&path.key("lun"), "lun is required if targetWWNs is specified"),
                    "With target WWNs, say which logical unit to use.",
                );
            }
        }
        "flexVolume" => {
            let options = path.key("options");
            for e in entries(node.get("options")) {
                let Some(key) = e.key_str() else { continue };
                // The option's namespace is the part before '/', or the whole key.
                let namespace = key.split_once('/').map_or(key, |(ns, _)| ns);
                let normalized = format!(".{}", namespace.to_ascii_lowercase());
                let reserved = normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io");
                if reserved {
                    cx.error(
                        codes::INVALID_VOLUME_SOURCE,
                        e.key.range,
                        invalid(
                            &options.subscript(key),
                            &quote(key),
                            "kubernetes.io and k8s.io namespaces are reserved",
                        ),
                        "Flex volume options may not use the Kubernetes namespaces; they are set by the system.",
                    );
                }
            }
        }
        _ => {}
    }
}

/// The API server names each item's fields on the source, without the item's index (`downwardAPI.path`).
fn check_downward_items(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    for item in items(node.get("items")) {
        if item.as_mapping().is_none() {
            continue;
        }
        tables::check_downward_file(cx, item, path);
        let field_ref = item.get("fieldRef").filter(|n| n.as_mapping().is_some());
        let resource_ref = item.get("resourceFieldRef").filter(|n| n.as_mapping().is_some());
        if field_ref.is_some() && resource_ref.is_some() {
            let key = item.entry("resourceFieldRef").expect("present").key.range;
            cx.error(
                codes::INVALID_VOLUME_SOURCE,
                key,
                invalid(path, "\"resource\"", "fieldRef and resourceFieldRef can not be specified simultaneously"),
                "Each file exposes one Pod field or one resource.",
            );
        }
        if let Some(field_ref) = field_ref {
            super::env::check_field_ref(cx, field_ref, &path.key("fieldRef"), super::env::VOLUME_FIELD_PATHS);
        }
        if let Some(resource_ref) = resource_ref {
            super::env::check_resource_field_ref(cx, resource_ref, &path.key("resourceFieldRef"), true);
        }
    }
}

fn check_projected(cx: &mut Ctx<'_>, node: &Node, path: &Path<'_>) {
    let path_of_projected = path;
    let sources_path = path.key("sources");
    let mut paths = Unique::new();
    let service_account = cx.spec_field("serviceAccountName").and_then(Node::as_str).is_some_and(|s| !s.is_empty())
        || cx.spec_field("serviceAccount").and_then(Node::as_str).is_some_and(|s| !s.is_empty());
    for (i, source) in items(node.get("sources")).iter().enumerate() {
        if source.as_mapping().is_none() {
            continue;
        }
        let path = sources_path.index(i);
        let mut seen = 0;
        for entry in entries(Some(source)) {
            let Some(kind) = entry.key_str() else {
                continue;
            };
            if !tables::PROJECTION.is_alternative(kind) || entry.value.is_null() {
                continue;
            }
            seen += 1;
            if seen > 1 {
                cx.error(
                    codes::VOLUME_SOURCE,
                    entry.key.range,
                    forbidden(&path.key(kind), "may not specify more than 1 volume type per source"),
                    "Each entry of `sources` projects one thing; split this into two entries.",
                );
                continue;
            }
            tables::check_source_fields(cx, source, &path, kind);
            let src_path = path.key(kind);
            let value = &entry.value;
            match kind {
                "secret" | "configMap" => {
                    if !is_set(value.get("name"))
                        && value.get("name").is_none_or(|n| n.as_str().is_some() || n.is_null())
                    {
                        cx.error(
                            codes::INVALID_VOLUME_SOURCE,
                            entry.key.range,
                            required(&src_path.key("name"), ""),
                            "Name the ConfigMap or Secret to project.",
                        );
                    }
                    collect_item_paths(value, &mut paths, cx, path_of_projected);
                }
                "downwardAPI" => {
                    check_downward_items(cx, value, &src_path);
                    collect_item_paths(value, &mut paths, cx, path_of_projected);
                }
                "serviceAccountToken" => {
                    if let Some(exp) = value.get("expirationSeconds")
                        && let Some(n) = super::int64(exp)
                    {
                        let detail = if n < 600 {
                            Some("may not specify a duration less than 10 minutes")
                        } else if n > 1 << 32 {
                            Some("may not specify a duration larger than 2^32 seconds")
                        } else {
                            None
                        };
                        if let Some(detail) = detail {
                            cx.error(
                                codes::INVALID_VOLUME_SOURCE,
                                exp.range,
                                invalid(&src_path.key("expirationSeconds"), &n.to_string(), detail),
                                "Token lifetimes range from 600 seconds (10 minutes) to 2^32 seconds.",
                            );
                        }
                    }
                    if let Some((p, n)) = super::string_field(value, "path") {
                        push_path(cx, &mut paths, p, n.range, path_of_projected, p);
                    }
                    if !service_account {
                        cx.report(
                            Severity::Hint,
                            codes::TOKEN_WITHOUT_SERVICE_ACCOUNT,
                            entry.key.range,
                            format!("{}: the token is for the \"default\" service account", src_path),
                            "No `serviceAccountName` is set, so admission assigns `default`; set it to project another account's token.",
                        );
                    }
                }
                "clusterTrustBundle" => {
                    if is_set(value.get("name")) && is_set(value.get("signerName")) {
                        let range = value.entry("signerName").expect("set").key.range;
                        cx.error(
                            codes::INVALID_VOLUME_SOURCE,
                            range,
                            invalid(
                                &src_path,
                                &quote(value.get("signerName").and_then(Node::as_str).unwrap_or_default()),
                                "only one of name and signerName may be used",
                            ),
                            "Pick one trust bundle by `name`, or all bundles of a signer by `signerName`.",
                        );
                    } else if !is_set(value.get("name")) && !is_set(value.get("signerName")) {
                        cx.error(
                            codes::INVALID_VOLUME_SOURCE,
                            entry.key.range,
                            required(&src_path, "either name or signerName must be specified"),
                            "Pick one trust bundle by `name`, or all bundles of a signer by `signerName`.",
                        );
                    }
                    if let Some((p, n)) = super::string_field(value, "path") {
                        push_path(cx, &mut paths, p, n.range, path_of_projected, p);
                    }
                }
                "podCertificate" => {
                    cx.report(
                        Severity::Warning,
                        codes::FEATURE_GATED,
                        entry.key.range,
                        format!("{}: requires the PodCertificateRequest feature gate", src_path),
                        "API servers without the gate reject `podCertificate` projections; check your cluster version.",
                    );
                }
                _ => {}
            }
        }
    }
}

fn collect_item_paths(source: &Node, paths: &mut Unique<String, TextRange>, cx: &mut Ctx<'_>, projected: &Path<'_>) {
    let name = source.get("name").and_then(Node::as_str).unwrap_or("");
    for item in items(source.get("items")) {
        if let Some((p, n)) = super::string_field(item, "path") {
            push_path(cx, paths, p, n.range, projected, name);
        }
    }
}

/// Records a projected file path; a path written twice is an error on `projected` naming the later source.
fn push_path(
    cx: &mut Ctx<'_>,
    paths: &mut Unique<String, TextRange>,
    p: &str,
    range: TextRange,
    projected: &Path<'_>,
    source: &str,
) {
    if p.is_empty() {
        return;
    }
    if let Some(first) = paths.repeat(p.to_owned(), range) {
        cx.error(
            codes::INVALID_VOLUME_SOURCE,
            range,
            invalid(projected, &quote(source), "conflicting duplicate paths"),
            &format!("Two projected sources write the file {}.", quote(p)),
        )
        .related
        .push(Related { range: first, message: format!("{} first projected here", quote(p)) });
    }
}

fn check_mounts(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, volumes: &Volumes<'_>) {
    let mounts = items(c.node.get("volumeMounts"));
    if mounts.is_empty() {
        return;
    }
    let privileged =
        c.node.get("securityContext").and_then(|s| s.get("privileged")).and_then(Node::as_bool) == Some(true);
    c.with_path(|path| {
        let mounts_path = path.key("volumeMounts");
        let mut seen_paths = Unique::new();
        for (i, mount) in mounts.iter().enumerate() {
            if mount.as_mapping().is_none() {
                continue;
            }
            let path = mounts_path.index(i);
            let mut volume = None;
            if let Some((name, node)) = super::string_field(mount, "name") {
                if name.is_empty() {
                    cx.error(codes::MISSING_VOLUME, node.range, required(&path.key("name"), ""), "Name the volume to mount.");
                } else {
                    volume = volumes.named(name);
                    if volume.is_none() && !cx.is_claim_template(name) {
                        report_missing_volume(cx, &path, name, node, &volumes.list);
                    }
                }
            }
            if let Some((mount_path, node)) = super::string_field(mount, "mountPath") {
                if mount_path.is_empty() {
                    cx.error(codes::DUPLICATE_MOUNT_PATH, node.range, required(&path.key("mountPath"), ""), "Give the path inside the container.");
                } else if let Some(first) = seen_paths.repeat(mount_path, node.range) {
                    cx.error(
                        codes::DUPLICATE_MOUNT_PATH,
                        node.range,
                        invalid(&path.key("mountPath"), &quote(mount_path), "must be unique"),
                        "Two volumes cannot be mounted at the same path of one container.",
                    )
                    .related
                    .push(Related { range: first, message: format!("{} first mounted here", quote(mount_path)) });
                }
            }
            let sub_path = super::string_field(mount, "subPath").filter(|(s, _)| !s.is_empty());
            let sub_expr = super::string_field(mount, "subPathExpr").filter(|(s, _)| !s.is_empty());
            if let (Some(_), Some((_, n))) = (sub_path, sub_expr) {
                cx.error(
                    codes::INVALID_VOLUME_MOUNT,
                    n.range,
                    invalid(&path.key("subPathExpr"), &quote(n.as_str().unwrap_or_default()), "subPathExpr and subPath are mutually exclusive"),
                    "Use `subPath` for a fixed sub-directory or `subPathExpr` for one with `$(VAR)` references, not both.",
                );
            }
            for (key, value) in [("subPath", sub_path), ("subPathExpr", sub_expr)] {
                let Some((s, n)) = value else { continue };
                let errs = format::local_path(s);
                if !errs.is_empty() {
                    cx.error(
                        codes::INVALID_VOLUME_MOUNT,
                        n.range,
                        // The API server names these without the mount's index.
                        invalid(&mounts_path.key(key), &quote(s), &join(&errs)),
                        "A sub-path is relative to the volume's root and stays inside it.",
                    );
                }
                if volume.is_some_and(|v| v.source == Some("image")) {
                    // Image volumes gained sub-paths in Kubernetes 1.33; older API servers reject them.
                    cx.report(
                        Severity::Warning,
                        codes::FEATURE_GATED,
                        n.range,
                        invalid(&path.key(key), &quote(s), "not allowed in image volume sources"),
                        "API servers before Kubernetes 1.33 mount image volumes whole and reject a sub-path.",
                    );
                }
            }
            let propagation = mount.get("mountPropagation").and_then(Node::as_str);
            if propagation == Some("Bidirectional") && !privileged {
                let n = mount.get("mountPropagation").expect("read");
                cx.error(
                    codes::INVALID_VOLUME_MOUNT,
                    n.range,
                    forbidden(&mounts_path.key("mountPropagation"), "Bidirectional mount propagation is available only to privileged containers"),
                    "Bidirectional propagation lets the container mount into the host; it needs `securityContext.privileged: true`.",
                );
            }
            if let Some(rro) = mount.get("recursiveReadOnly").filter(|n| matches!(n.as_str(), Some("Enabled" | "IfPossible"))) {
                let rro_path = mounts_path.key("recursiveReadOnly");
                if mount.get("readOnly").and_then(Node::as_bool) != Some(true) {
                    cx.error(
                        codes::INVALID_VOLUME_MOUNT,
                        rro.range,
                        forbidden(&rro_path, "may only be specified when readOnly is true"),
                        "Recursive read-only mounts need `readOnly: true`.",
                    );
                }
                if propagation.is_some_and(|p| p != "None" && !p.is_empty()) {
                    cx.error(
                        codes::INVALID_VOLUME_MOUNT,
                        rro.range,
                        forbidden(&rro_path, "may only be specified when mountPropagation is None or not specified"),
                        "Recursive read-only mounts cannot propagate mounts.",
                    );
                }
            }
        }
    });
}

fn report_missing_volume(cx: &mut Ctx<'_>, path: &Path<'_>, name: &str, node: &Node, volumes: &[Volume<'_>]) {
    let mut fixes = Vec::new();
    if let Some(closest) = closest_volume(name, volumes) {
        let text = edits::same_style(cx.text, node, closest);
        fixes.push(Fix::replace(format!("Change to `{closest}`"), node.range, text));
    }
    if let Some(spec) = cx.spec {
        let text = cx.text;
        let plain = if format::dns1123_label(name).is_empty() { name.to_owned() } else { quote(name) };
        let block = format!("name: {plain}\nemptyDir: {{}}");
        let flow = format!("{{name: {}, emptyDir: {{}}}}", quote(name));
        let edit = match spec.get("volumes") {
            Some(list) if list.as_sequence().is_some() => edits::append_item(text, list, &block, &flow),
            Some(list) if list.is_null() && !list.range.is_empty() => None,
            Some(_) => None,
            None => edits::insert_entry(
                text,
                spec,
                &format!("volumes:\n- name: {plain}\n  emptyDir: {{}}"),
                &format!("volumes: [{flow}]"),
            ),
        };
        if let Some(edit) = edit {
            fixes.push(Fix { title: format!("Add an `emptyDir` volume named `{name}`"), edits: vec![edit] });
        }
    }
    let why = if cx.carrier.kind == "StatefulSet" {
        "No volume in the template's `spec.volumes` and no claim in `volumeClaimTemplates` has this name."
    } else if volumes.is_empty() {
        "The Pod defines no volumes; add one under `spec.volumes` with this name."
    } else {
        "No volume in `spec.volumes` has this name."
    };
    let diagnostic = cx.error(codes::MISSING_VOLUME, node.range, not_found(&path.key("name"), &quote(name)), why);
    diagnostic.fixes = fixes;
    if let Some(closest) = closest_volume(name, volumes).and_then(|c| volumes.iter().find(|v| v.name == c)) {
        diagnostic
            .related
            .push(Related { range: closest.name_range, message: format!("did you mean {}?", quote(closest.name)) });
    }
}

fn closest_volume<'a>(name: &str, volumes: &[Volume<'a>]) -> Option<&'a str> {
    volumes
        .iter()
        .map(|v| (strsim::levenshtein(name, v.name), v.name))
        .filter(|(d, v)| *d <= (v.len().max(name.len()) / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

fn check_devices(cx: &mut Ctx<'_>, c: &ContainerRef<'_>, volumes: &Volumes<'_>) {
    let devices = items(c.node.get("volumeDevices"));
    if devices.is_empty() || c.kind == ContainerKind::Ephemeral && devices.is_empty() {
        return;
    }
    let mounts = items(c.node.get("volumeMounts"));
    let mount_names: HashSet<&str> = mounts.iter().filter_map(|m| m.get("name").and_then(Node::as_str)).collect();
    let mount_paths: HashSet<&str> = mounts.iter().filter_map(|m| m.get("mountPath").and_then(Node::as_str)).collect();
    c.with_path(|path| {
        let devices_path = path.key("volumeDevices");
        let mut seen = HashSet::new();
        let mut seen_names = HashSet::new();
        for (i, device) in devices.iter().enumerate() {
            let path = devices_path.index(i);
            // ValidateVolumeDevices: a name and a device path are required, and each is unique in the container.
            for key in ["name", "devicePath"] {
                if let Some((_, node)) = super::string_field(device, key).filter(|(v, _)| v.is_empty()) {
                    let range = device.entry(key).filter(|_| node.range.is_empty()).map_or(node.range, |e| e.key.range);
                    cx.error(codes::INVALID_VOLUME_DEVICE, range, required(&path.key(key), ""), "Name the claim and the path of the device in the container.");
                }
            }
            if let Some((name, node)) = super::string_field(device, "name").filter(|(n, _)| !n.is_empty()) {
                if !seen_names.insert(name) {
                    cx.error(codes::INVALID_VOLUME_DEVICE, node.range, invalid(&path.key("name"), &quote(name), "must be unique"), "A claim is attached to a container as one device.");
                }
                match volumes.named(name) {
                    None => {
                        cx.error(codes::INVALID_VOLUME_DEVICE, node.range, not_found(&path.key("name"), &quote(name)), "No volume in `spec.volumes` has this name.");
                    }
                    Some(v) if !matches!(v.source, Some("persistentVolumeClaim" | "ephemeral")) => {
                        cx.error(
                            codes::INVALID_VOLUME_DEVICE,
                            node.range,
                            invalid(&path.key("name"), &quote(name), "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"),
                            "Raw block devices come from PersistentVolumeClaims (or ephemeral volumes) with `volumeMode: Block`.",
                        );
                    }
                    Some(_) => {}
                }
                if mount_names.contains(&name) {
                    cx.error(
                        codes::INVALID_VOLUME_DEVICE,
                        node.range,
                        invalid(&path.key("name"), &quote(name), "must not already exist in volumeMounts"),
                        "A volume is used either as a block device or as a mounted file system, not both.",
                    );
                }
            }
            if let Some((device_path, node)) = super::string_field(device, "devicePath").filter(|(p, _)| !p.is_empty()) {
                let p = path.key("devicePath");
                if !seen.insert(device_path) {
                    cx.error(codes::INVALID_VOLUME_DEVICE, node.range, invalid(&p, &quote(device_path), "must be unique"), "Two devices cannot share a path.");
                }
                if device_path.split('/').any(|s| s == "..") {
                    cx.error(codes::INVALID_VOLUME_DEVICE, node.range, invalid(&p, &quote(device_path), "can not contain backsteps ('..')"), "Write the device path out without `..`.");
                }
                if mount_paths.contains(&device_path) {
                    cx.error(
                        codes::INVALID_VOLUME_DEVICE,
                        node.range,
                        invalid(&p, &quote(device_path), "must not already exist as a path in volumeMounts"),
                        "A path holds either a device or a mount, not both.",
                    );
                }
            }
        }
    });
}

/// An iSCSI qualified name as the API server's patterns accept it: `^eui.[[:alnum:]]{16}$`,
/// `^naa.[[:alnum:]]{32}$`, or `iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$` found anywhere in the name.
/// These are Go patterns: `.` is any one character but a newline, `[[:alnum:]]` and `\d` are ASCII, `\s` is
/// `[\t\n\f\r ]` and `$` is the end of the text.
fn is_iscsi_name(name: &str) -> bool {
    // One character but a newline, then exactly `len` ASCII letters or digits.
    let fixed = |rest: &str, len: usize| {
        let mut chars = rest.chars();
        let tail = chars.next().filter(|&c| c != '\n').map(|_| chars.as_str());
        tail.is_some_and(|t| t.len() == len && t.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    if let Some(rest) = name.strip_prefix("eui") {
        return fixed(rest, 16);
    }
    if let Some(rest) = name.strip_prefix("naa") {
        return fixed(rest, 32);
    }
    name.match_indices("iqn.").any(|(at, _)| {
        let Some((date, rest)) = name.get(at + 4..).and_then(|after| after.split_at_checked(8)) else { return false };
        let &[y0, y1, y2, y3, b'-', m0, m1, b'.'] = date.as_bytes() else { return false };
        let Some((domain, id)) = rest.split_once(':') else { return false };
        [y0, y1, y2, y3, m0, m1].iter().all(u8::is_ascii_digit)
            && !domain.is_empty()
            && domain.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
            && !id.is_empty()
            && !id.contains([',', ';', '*', '&', '$', '|', '\t', '\n', '\x0C', '\r', ' '])
    })
}
