//! `.podls.yaml`: the settings object written as YAML, read with the engine's own YAML reader so that a mistake in it
//! is reported where it is. Its diagnostics (syntax errors, unknown keys and codes, bad values) and completion and
//! hover inside it.
//!
//! The file is the same object the editor sends, so it is read by [`Settings::from_json_with_warnings`]; this module
//! only turns the YAML into that JSON and the warnings' paths back into ranges.
//!
//! Architecture Invariant: no IO. The caller finds the file and decides by its name ([`is_settings_file`]) that a
//! document is one.

use serde_json::Value;

use crate::diagnostics::{self, Diagnostic, codes, registry};
use crate::ide::completion::{CompletionItem, CompletionKind};
use crate::ide::config::{self, Preference, Settings, SettingsWarning};
use crate::ide::hover::Hover;
use crate::model::version::KubernetesVersion;
use crate::syntax::query::{self, CursorContext, Position};
use crate::syntax::{Node, PathSeg};

/// The names a settings file has; the first one wins where a folder holds both.
pub const FILE_NAMES: [&str; 2] = [".podls.yaml", ".podls.yml"];

/// Whether a file called `name` is a settings file.
pub fn is_settings_file(name: &str) -> bool {
    FILE_NAMES.contains(&name)
}

/// The settings a file's text holds, and what is wrong in it (offsets into `text`). A file that is not YAML gives
/// its syntax diagnostics and the settings read from what could be parsed.
pub fn read(text: &str) -> (Settings, Vec<Diagnostic>) {
    let parse = crate::syntax::parse(text);
    let mut found = diagnostics::syntax::diagnostics(&parse);
    let Some(root) = &parse.root else { return (Settings::default(), found) };
    let (settings, warnings) = Settings::from_json_with_warnings(&settings_json(root));
    found.extend(warnings.iter().map(|warning| diagnostic(root, warning)));
    // Settings are read in key order; the file's reader wants them in line order.
    found.sort_by_key(|d| d.range.start);
    (settings, found)
}

/// The file as the settings object. A version written without quotes (`kubernetesVersion: 1.30`) is a number to
/// YAML, which would lose its trailing zero; it is kept as written.
fn settings_json(root: &Node) -> Value {
    let mut json = root.to_json();
    let (object, node) = match (root.get("podls"), json.get_mut("podls")) {
        (Some(node), Some(nested)) => (nested, node),
        _ => (&mut json, root),
    };
    if let (Some(version), Some(slot)) = (node.get("kubernetesVersion"), object.get_mut("kubernetesVersion"))
        && let Some(scalar) = version.as_scalar().filter(|_| !slot.is_string() && !slot.is_null())
    {
        *slot = Value::String(scalar.text.clone());
    }
    json
}

/// The warning's diagnostic, at the key or value it is about; where that is not in the tree (a value of the wrong
/// kind has no entries), at the nearest one that is.
fn diagnostic(root: &Node, warning: &SettingsWarning) -> Diagnostic {
    let mut path = warning.path.as_slice();
    let mut on_key = warning.on_key;
    let range = loop {
        let found = if on_key {
            root.find_entry(path).map(|entry| entry.key.range)
        } else {
            root.find(path).map(|node| node.range)
        };
        match (found, path.split_last()) {
            (Some(range), _) => break range,
            (None, Some((_, parent))) => {
                path = parent;
                on_key = true;
            }
            (None, None) => break root.range,
        }
    };
    Diagnostic::warning(codes::INVALID_SETTING, range, warning.message.clone())
}

/// The path inside the settings object: without the `podls` key the file may nest it under.
fn settings_path(path: &[PathSeg]) -> &[PathSeg] {
    match path.split_first() {
        Some((PathSeg::Key(key), rest)) if key == "podls" => rest,
        _ => path,
    }
}

fn key_of(seg: Option<&PathSeg>) -> Option<&str> {
    match seg {
        Some(PathSeg::Key(key)) => Some(key),
        _ => None,
    }
}

/// What may be typed at `offset`: the keys, rule codes and groups, levels, versions and preferences.
pub fn completions(text: &str, offset: usize) -> Vec<CompletionItem> {
    let Some(ctx) = CursorContext::at(text, offset) else { return Vec::new() };
    let parent = settings_path(&ctx.parent);
    let at =
        |label: &str, kind: CompletionKind, detail: Option<String>, documentation: Option<String>, insert: String| {
            CompletionItem {
                label: label.to_owned(),
                kind,
                detail,
                documentation,
                insert_text: insert,
                snippet: None,
                replace_range: ctx.word_range,
                sort_text: label.to_owned(),
                filter_text: None,
                deprecated: false,
            }
        };
    let key = |label: &str, detail: Option<String>, documentation: Option<String>| {
        let insert = if ctx.has_colon || ctx.flow.is_some() { label.to_owned() } else { format!("{label}: ") };
        at(label, CompletionKind::Key, detail, documentation, insert)
    };
    let value = |label: &str, detail: Option<String>, documentation: Option<String>| {
        let space = if ctx.needs_space { " " } else { "" };
        at(label, CompletionKind::Value, detail, documentation, format!("{space}{label}"))
    };
    let absent = |name: &str| !ctx.present.iter().any(|present| present == name);
    let keys: Vec<&str> = parent.iter().filter_map(|seg| key_of(Some(seg))).collect();
    match (&ctx.position, keys.as_slice()) {
        (Position::Key, []) if parent.is_empty() => config::KEYS
            .iter()
            .filter(|(name, _)| absent(name))
            .map(|(name, doc)| key(name, None, Some((*doc).to_owned())))
            .collect(),
        (Position::Key, ["rules"]) => {
            let mut items: Vec<CompletionItem> = config::group_names()
                .iter()
                .filter(|group| absent(group))
                .map(|group| key(group, Some("group of codes".to_owned()), Some(group_markdown(group))))
                .collect();
            items.extend(
                rule_codes()
                    .filter(|info| absent(info.code))
                    .map(|info| key(info.code, Some(code_detail(info)), Some(info.summary.to_owned()))),
            );
            items
        }
        (Position::Key, ["rules", "severity"]) => rule_codes()
            .filter(|info| absent(info.code))
            .map(|info| key(info.code, Some(code_detail(info)), Some(info.summary.to_owned())))
            .collect(),
        // A `- ` item of `rules.disable` (the cursor is on a value where the parent is a sequence).
        (Position::Key, ["rules", "disable"]) => {
            rule_codes().map(|info| value(info.code, Some(code_detail(info)), Some(info.summary.to_owned()))).collect()
        }
        (Position::Key, ["files"]) => ["include", "exclude"]
            .into_iter()
            .filter(|name| absent(name))
            .map(|name| key(name, Some("list of globs".to_owned()), None))
            .collect(),
        (Position::Value { .. }, ["rules"] | ["rules", "severity"]) => {
            config::LEVELS.iter().map(|(level, doc)| value(level, None, Some((*doc).to_owned()))).collect()
        }
        (Position::Value { key: name }, []) if name == "kubernetesVersion" => KubernetesVersion::all()
            .rev()
            .enumerate()
            .map(|(newest_first, version)| {
                let mut item = value(&format!("\"{version}\""), None, None);
                item.sort_text = format!("{newest_first:03}");
                item
            })
            .collect(),
        (Position::Value { key: name }, []) if name == "configurationPreference" => {
            Preference::names().map(|name| value(name, None, None)).collect()
        }
        _ => Vec::new(),
    }
}

/// What the key or value at `offset` means: a setting, a rule code or group, a level.
pub fn hover(text: &str, offset: usize) -> Option<Hover> {
    let parse = crate::syntax::parse(text);
    let root = parse.root.as_ref()?;
    let hit = query::node_at(root, offset)?;
    let path = settings_path(&hit.path);
    let range = hit.range();
    let scalar = (!hit.on_key).then(|| hit.value.as_str()).flatten();
    let markdown = if let Some(info) = scalar.and_then(registry::get) {
        code_markdown(info)
    } else {
        let last = key_of(path.last());
        match (path.first().and_then(|seg| key_of(Some(seg))), path.len()) {
            (Some("rules"), 2 | 3) if last.and_then(registry::get).is_some() => {
                code_markdown(last.and_then(registry::get)?)
            }
            (Some("rules"), 2) if last.is_some_and(|name| config::group_names().iter().any(|g| g == name)) => {
                group_markdown(last?)
            }
            (Some(name), 1) | (Some(name @ "files"), 2) => {
                let (key, doc) = config::KEYS.iter().find(|(key, _)| *key == name)?;
                format!("**{key}**\n\n{doc}")
            }
            _ => return None,
        }
    };
    Some(Hover { range, markdown })
}

/// Every code a rule can name, in the registry's order.
fn rule_codes() -> impl Iterator<Item = &'static registry::CodeInfo> {
    registry::all().iter()
}

fn code_detail(info: &registry::CodeInfo) -> String {
    format!("{} · {}", info.severity.as_str(), info.group)
}

fn code_markdown(info: &registry::CodeInfo) -> String {
    format!(
        "**{}** ({} by default, group `{}`)\n\n{}\n\n[Documentation]({})",
        info.code,
        info.severity.as_str(),
        config::group_name(info.group),
        info.description(),
        diagnostics::docs_url(info.code)
    )
}

fn group_markdown(group: &str) -> String {
    let members: Vec<String> = registry::all()
        .iter()
        .filter(|info| config::group_name(info.group) == group)
        .map(|info| format!("`{}`", info.code))
        .collect();
    format!(
        "**{group}**: a group of codes; its level applies to each of them unless the code is set on its own.\n\n{}",
        members.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn diagnostics_of(text: &str) -> Vec<String> {
        let index = crate::text::LineIndex::new(text);
        read(text)
            .1
            .iter()
            .map(|d| {
                let at = index.line_col(text, d.range.start, crate::text::ColumnUnit::Utf8);
                format!("{}:{} {} {}", at.line + 1, at.col + 1, d.code, d.message)
            })
            .collect()
    }

    #[test]
    fn reads_the_settings_object_from_yaml() {
        let (settings, found) = read(
            "kubernetesVersion: 1.30\nfeatureGates: {ImageVolume: true}\nrules:\n  lint: off\n  image-latest: error\nfiles:\n  exclude: [charts/**]\n",
        );
        assert_eq!(found, []);
        assert_eq!(settings.kubernetes_version, Some(Value::String("1.30".to_owned())));
        assert_eq!(settings.feature_gates, Some(serde_json::json!({"ImageVolume": true})));
        assert!(!settings.is_enabled("missing-resources"));
        assert_eq!(settings.rules["image-latest"], config::Level::Severity(crate::diagnostics::Severity::Error));
        assert_eq!(settings.files.exclude, Some(vec!["charts/**".to_owned()]));
        let (nested, _) = read("podls:\n  kubernetesVersion: 1.31\n");
        assert_eq!(nested.kubernetes_version, Some(Value::String("1.31".to_owned())));
    }

    #[test]
    fn warnings_are_at_their_line() {
        let text = "kubernetesVersion: \"1.31\"\nrule:\n  lint: off\nrules:\n  imge-latest: off\n  lint: loud\n  disable: [image-latest, nope]\nfiles: charts\n";
        expect![[r#"
            [
                "2:1 invalid-setting rule: podls has no setting `rule`; did you mean `rules`?",
                "5:3 invalid-setting rules.imge-latest: `imge-latest` is not a diagnostic code of podls, so this changes nothing; did you mean `image-latest`?",
                "6:9 invalid-setting rules.lint: \"loud\" is not one of \"error\", \"warning\", \"information\", \"hint\", \"off\"",
                "7:27 invalid-setting rules.disable[1]: `nope` is not a diagnostic code of podls, so this changes nothing",
                "8:8 invalid-setting files: expected `include` and `exclude` lists, found \"charts\"",
            ]
        "#]]
        .assert_debug_eq(&diagnostics_of(text));
    }

    #[test]
    fn a_yaml_mistake_is_a_syntax_diagnostic() {
        let found = diagnostics_of("rules:\n  lint: off\n    image-latest: [\n");
        assert!(found.iter().any(|d| d.contains("yaml-syntax")), "{found:?}");
    }

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').expect("a cursor");
        let text = text.replace('|', "");
        completions(&text, offset).into_iter().map(|item| item.label).collect()
    }

    #[test]
    fn completes_keys_codes_levels_and_versions() {
        let top = labels("rules: {}\n|");
        assert!(top.contains(&"kubernetesVersion".to_owned()) && !top.contains(&"rules".to_owned()), "{top:?}");
        let rules = labels("rules:\n  lint: off\n  ima|");
        assert!(rules.contains(&"image-latest".to_owned()) && rules.contains(&"security".to_owned()), "{rules:?}");
        assert!(!rules.contains(&"lint".to_owned()));
        assert_eq!(labels("rules:\n  image-latest: |"), ["error", "warning", "information", "hint", "off"]);
        let versions = labels("kubernetesVersion: |");
        assert_eq!(versions.first().map(String::as_str), Some("\"1.37\""));
        assert_eq!(versions.len(), 13);
        assert_eq!(labels("configurationPreference: |"), ["editorFirst", "filesystemFirst", "editorOnly"]);
        assert_eq!(labels("files:\n  |"), ["include", "exclude"]);
        assert!(labels("rules:\n  disable:\n  - |").contains(&"missing-resources".to_owned()));
    }

    /// Completion, hover and reading answer at every offset of broken files without panicking, inside the text.
    #[test]
    fn every_offset_of_broken_files() {
        let files = [
            "podls:\n  rules:\n    lint: off\n    disable: [image-latest, 3, {a: b}]\n  files: {include: [\"서울/**\"]}\n",
            "rules: [lint]\nkubernetesVersion: {x: 1}\nfiles:\n  include: 3\n  exclude: [a\n",
            "- a\n- b: c\n",
            "\"rules\": {\"lint\": \"off\", \"x\"\r\n\t:",
            "",
        ];
        for text in files {
            let _ = read(text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                for item in completions(text, offset) {
                    assert!(item.replace_range.end <= text.len(), "{text:?} at {offset}");
                }
                if let Some(found) = hover(text, offset) {
                    assert!(found.range.end <= text.len(), "{text:?} at {offset}");
                }
            }
        }
    }

    #[test]
    fn hovers_keys_codes_and_groups() {
        let hover_at = |text: &str, needle: &str| {
            hover(text, text.find(needle).expect("needle") + 1)
                .map(|h| h.markdown.lines().next().unwrap_or("").to_owned())
        };
        let text = "rules:\n  image-latest: off\n  lint: hint\n  disable: [missing-resources]\nfiles:\n  include: [a]\nkubernetesVersion: \"1.31\"\n";
        expect![[r#"
            [
                Some(
                    "**rules**",
                ),
                Some(
                    "**image-latest** (warning by default, group `lint`)",
                ),
                Some(
                    "**lint**: a group of codes; its level applies to each of them unless the code is set on its own.",
                ),
                Some(
                    "**missing-resources** (information by default, group `lint`)",
                ),
                Some(
                    "**files**",
                ),
                Some(
                    "**kubernetesVersion**",
                ),
                None,
            ]
        "#]]
        .assert_debug_eq(&[
            hover_at(text, "rules"),
            hover_at(text, "image-latest"),
            hover_at(text, "lint"),
            hover_at(text, "missing-resources"),
            hover_at(text, "include"),
            hover_at(text, "kubernetesVersion"),
            hover_at(text, "[a]"),
        ]);
    }
}
