//! Schema-shaped Pods with awkward values (`podls_e2e::shaped`), through the whole analysis and every editor
//! feature at many offsets (`podls_e2e::invariants::check_manifest`); and the inputs this found, kept as regressions.
//!
//! The case count is fixed so `cargo test` stays a few seconds in a debug build; the `shaped` fuzz target runs the
//! same generator and checks for as long as it is given (`scripts/fuzz shaped`).

use arbitrary::Unstructured;
use podls_e2e::invariants::check_manifest;
use podls_e2e::shaped::manifest;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn shaped_manifests_analyse_and_answer_every_request(bytes in prop::collection::vec(any::<u8>(), 0..6144)) {
        let text = manifest(&mut Unstructured::new(&bytes)).expect("the generator never fails on bytes");
        check_manifest(&text);
    }
}

/// A Pod around one volume, written out by hand as the generator would.
fn pod_with_volume(volume: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n  volumes:\n  - name: v\n{volume}"
    )
}

/// Found by the generator (a length-preserving `é` at the separator of `eui.…`): the iSCSI name check measured the
/// part after `eui` in bytes and sliced it one byte in, inside the `é`. The fix belongs to `rules/volumes.rs`.
#[test]
fn an_iscsi_name_with_a_wide_character_after_its_prefix() {
    for iqn in ["euié123456789012345", "naaé1234567890123456789012345678901", "eui😀12345678901234", "iqn.é"] {
        check_manifest(&pod_with_volume(&format!(
            "    iscsi:\n      targetPortal: 10.0.0.1:3260\n      iqn: \"{iqn}\"\n      lun: 0\n"
        )));
    }
}

/// Found by the generator (`{name: &atwo\n\nbr😀, …}` in a volume device): a scalar's range started at its anchor, so
/// renaming an anchored name replaced the anchor with it. The fix belongs to `syntax/parse.rs`.
#[test]
fn an_anchored_or_tagged_name_is_renamed_without_its_properties() {
    for name in ["&a web", "&x\n      web", "!!str web", "&a !!str web", "&a # why\n      web"] {
        check_manifest(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: {name}\n    image: nginx\n"
        ));
    }
    check_manifest(&pod_with_volume("    emptyDir: {}\n").replace("  - name: v\n", "  - name: &atwo\n\n      v\n"));
    check_manifest(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: web\n    image: nginx\n    volumeDevices: [{name: &atwo\n\n br, devicePath: /d}]\n",
    );
}

/// Found by the generator (a restart rule written as the scalar `한국어`): a rule's missing `exitCodes` pointed at the
/// first byte of the item, inside its first character. The fix belongs to `rules/mod.rs` (`anchor`).
#[test]
fn a_missing_field_of_a_scalar_written_for_a_mapping_points_at_all_of_it() {
    for item in ["한국어", "é", "😀x", "'é'"] {
        check_manifest(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    restartPolicy: Never\n    restartPolicyRules:\n      - {item}\n"
        ));
    }
}

/// Found by the generator (a container named by a plain scalar over several lines, `//two\n\nbreaks\n…`): its source
/// is not its text, so the rename's placeholder was not what the range held. Such a scalar is not a name to rename, as
/// a quoted one with escapes is not. The fix belongs to `model/names.rs`.
#[test]
fn a_name_folded_over_lines_is_not_offered_for_rename() {
    for name in ["web\n\n      two", "web\n      two", "line\n      breakapp", "'web\n\n      two'", "\"w\\x65b\""] {
        check_manifest(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: {name}\n    image: nginx\n"
        ));
    }
}

/// Found by the generator (a mount of the volume `'500'` with no volume of that name): the fix added
/// `- name: 500`, which YAML reads as a number, so the mount still named no volume. The fix belongs to
/// `syntax/edit.rs` (`string_scalar`), which every fix that writes a name now uses; the next run found a name of one
/// U+0085, which libyaml reads as a line break even inside quotes unless it is escaped.
#[test]
fn a_fix_that_adds_a_volume_writes_its_name_as_a_string() {
    for (name, volumes) in [
        ("'500'", "  volumes: []\n"),
        ("'null'", "  volumes:\n  - {name: a, emptyDir: {}}\n"),
        ("'yes'", ""),
        ("\"\\u0085\"", "  volumes:\n  - name: a\n    emptyDir: {}\n"),
    ] {
        check_manifest(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    volumeMounts:\n    - {{name: {name}, mountPath: /d}}\n{volumes}"
        ));
    }
}

/// Found by the generator (a container whose `name` came from a merge key): the outline's selection was the name
/// where the anchor wrote it, outside the container's range. The fix belongs to `ide/symbols.rs`.
#[test]
fn a_merged_name_selects_the_item_in_the_outline() {
    check_manifest(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - &v {name: data, emptyDir: {}}\n  containers:\n  - <<: *v\n    image: nginx\n  ephemeralContainers:\n  - <<: *v\n    image: busybox\n",
    );
}
