//! User settings: per-code rule levels, which files are checked, the target cluster and the Helm and kustomize
//! handling; and the suppressions written in a manifest (`# podls-ignore` comments, the `podls.io/ignore`
//! annotation).
//!
//! One format serves everyone: the JSON the editor sends (`initializationOptions`,
//! `workspace/didChangeConfiguration`, the `podls` section), the YAML of a `.podls.yaml` (read by
//! `ide::settings_file`, which hands its JSON here), and the `check` CLI's flags. [`Settings::from_json_with_warnings`]
//! reads the first two; layers are combined key by key with [`Settings::over`] and [`Settings::for_file`]; and
//! [`Settings::apply`] filters one document's diagnostics.
//!
//! Architecture Invariant: no IO and no LSP types here; settings come in as JSON values and text.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity, codes, registry};
use crate::ide::source::{HelmMode, KustomizeMode};
use crate::model::version::Target;
use crate::syntax::{Node, PathSeg};
use crate::text::TextRange;

/// The keys of the settings object, with what each one is for. Completion and hover in `.podls.yaml` show these
/// texts, and a key not listed here is a warning.
pub const KEYS: &[(&str, &str)] = &[
    (
        "rules",
        "Per diagnostic code or group: `error`, `warning`, `information`, `hint` or `off` (`lint: off` turns off \
         the opinionated lints). Also `disable: [CODE, …]` and `severity: {CODE: LEVEL}`.",
    ),
    (
        "files",
        "`include` and `exclude`: lists of globs (gitignore syntax, relative to the folder of `.podls.yaml`) that \
         choose the files `podls check` walks and the language server checks.",
    ),
    (
        "kubernetesVersion",
        "The Kubernetes version of the target cluster, `\"1.25\"` to `\"1.37\"` (default `\"1.37\"`).",
    ),
    ("featureGates", "Feature gates turned on or off in the target cluster: a map of gate name to `true` or `false`."),
    (
        "helm",
        "How Helm chart templates are checked: `literal` (the default: what `{{ … }}` actions cannot change) or \
         `silent` (nothing, one information diagnostic per document).",
    ),
    (
        "kustomize",
        "Which documents are kustomize patches, checked without the missing-field errors: `detect` (the default: \
         files a kustomization names, and partial objects) or `named` (only the files a kustomization names).",
    ),
    (
        "configurationPreference",
        "In the editor: `editorFirst` (default: editor settings win over `.podls.yaml`, key by key), \
         `filesystemFirst` (`.podls.yaml` wins) or `editorOnly` (`.podls.yaml` is not read).",
    ),
    ("inlayHints", "`enabled: true` shows the values Kubernetes fills in as inlay hints (editor only)."),
    ("trace", "The editor's protocol trace (editor only)."),
];

/// The levels a rule can be set to, with what each does.
pub const LEVELS: &[(&str, &str)] = &[
    ("error", "Reported as an error: `podls check` fails."),
    ("warning", "Reported as a warning."),
    ("information", "Reported as information."),
    ("hint", "Reported as a hint."),
    ("off", "Not reported."),
];

/// The annotation that silences codes for the object it is on.
pub const IGNORE_ANNOTATION: &str = "podls.io/ignore";

/// What a rule can be set to: a severity, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Severity(Severity),
    Off,
}

impl Level {
    /// Parses `error`, `warning`, `information`, `hint` (and `warn`, `info`) or `off`.
    pub fn parse(text: &str) -> Option<Level> {
        if text.eq_ignore_ascii_case("off") || text.eq_ignore_ascii_case("none") {
            return Some(Level::Off);
        }
        Severity::parse(text).map(Level::Severity)
    }
}

/// Whether the editor's settings or the `.podls.yaml` file win where both set a key (ruff's
/// `configurationPreference`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Preference {
    #[default]
    EditorFirst,
    FilesystemFirst,
    EditorOnly,
}

impl Preference {
    const NAMES: [(&'static str, Preference); 3] = [
        ("editorFirst", Preference::EditorFirst),
        ("filesystemFirst", Preference::FilesystemFirst),
        ("editorOnly", Preference::EditorOnly),
    ];

    /// The names it is written with.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Preference::NAMES.iter().map(|(name, _)| *name)
    }

    fn parse(text: &str) -> Option<Preference> {
        Preference::NAMES.iter().find(|(name, _)| *name == text).map(|(_, preference)| *preference)
    }
}

/// `files.include` and `files.exclude`, each left out or given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilePatterns {
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
}

/// The settings of one layer (CLI flags, the editor, a `.podls.yaml`), or of their combination. A key that is
/// `None` (or a code missing from `rules`) was not set by the layer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Per-code levels; groups and the `disable`/`severity` shapes are spelt out into codes when read.
    pub rules: HashMap<String, Level>,
    pub files: FilePatterns,
    /// `kubernetesVersion` as written; read into a version where the version is used.
    pub kubernetes_version: Option<Value>,
    /// `featureGates` as written; read into gates where they are used.
    pub feature_gates: Option<Value>,
    /// `helm` as written; read where Helm templates are recognised.
    pub helm: Option<Value>,
    /// `kustomize` as written; read where kustomize patches are recognised.
    pub kustomize: Option<Value>,
    pub configuration_preference: Option<Preference>,
}

/// A setting that could not be read, and where: `path` leads from the settings object to the key (`on_key`) or the
/// value it is about, so that a file can point at its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsWarning {
    pub path: Vec<PathSeg>,
    pub on_key: bool,
    pub message: String,
}

impl std::fmt::Display for SettingsWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Collects warnings with the path they are about.
struct Reader {
    path: Vec<PathSeg>,
    warnings: Vec<SettingsWarning>,
}

impl Reader {
    fn warn(&mut self, key: Option<&str>, on_key: bool, message: String) {
        let mut path = self.path.clone();
        path.extend(key.map(|k| PathSeg::Key(k.to_owned())));
        let dotted = path
            .iter()
            .map(|seg| match seg {
                PathSeg::Key(key) => key.clone(),
                PathSeg::Index(i) => format!("[{i}]"),
            })
            .collect::<Vec<_>>()
            .join(".")
            .replace(".[", "[");
        let message = if dotted.is_empty() { message } else { format!("{dotted}: {message}") };
        self.warnings.push(SettingsWarning { path, on_key, message });
    }

    fn nested<T>(&mut self, key: &str, read: impl FnOnce(&mut Reader) -> T) -> T {
        self.path.push(PathSeg::Key(key.to_owned()));
        let result = read(self);
        self.path.pop();
        result
    }
}

/// The name of a registry group in settings: `Volumes and mounts` is `volumes-and-mounts`, `Lint` is `lint`.
pub fn group_name(group: &str) -> String {
    group.to_ascii_lowercase().replace(' ', "-")
}

/// The codes of a group, by its name in settings.
fn group_codes(name: &str) -> Vec<&'static registry::CodeInfo> {
    registry::all().iter().filter(|info| group_name(info.group) == name).collect()
}

/// The group names settings accept, in the registry's order.
pub fn group_names() -> Vec<String> {
    let mut names: Vec<String> = registry::all().iter().map(|info| group_name(info.group)).collect();
    names.dedup();
    names
}

/// The level a rule value asks for. YAML reads a bare `off` as `false` (and `on` as `true`), so `false` is `off`
/// and `true` is the code's own severity.
fn rule_level(value: &Value, default: Severity) -> Option<Level> {
    match value {
        Value::String(text) => Level::parse(text),
        Value::Bool(false) => Some(Level::Off),
        Value::Bool(true) => Some(Level::Severity(default)),
        _ => None,
    }
}

const LEVEL_CHOICES: &str = "is not one of \"error\", \"warning\", \"information\", \"hint\", \"off\"";

impl Settings {
    /// Reads the settings object, also nested under a top-level `"podls"` key. Bad values are skipped; codes podls
    /// does not have are kept (they match nothing).
    pub fn from_json(value: &Value) -> Settings {
        Settings::from_json_with_warnings(value).0
    }

    /// Like [`Settings::from_json`], with a warning for each key podls does not know, each value that was skipped
    /// and each code podls does not have.
    pub fn from_json_with_warnings(value: &Value) -> (Settings, Vec<SettingsWarning>) {
        let mut settings = Settings::default();
        let mut reader = Reader { path: Vec::new(), warnings: Vec::new() };
        let root = match value.get("podls") {
            Some(nested) => {
                reader.path.push(PathSeg::Key("podls".to_owned()));
                nested
            }
            None => value,
        };
        let Some(object) = root.as_object() else {
            if !root.is_null() {
                reader.warn(None, false, format!("expected an object of settings, found {root}"));
            }
            return (settings, reader.warnings);
        };
        for (key, value) in object {
            let raw = || (!value.is_null()).then(|| value.clone());
            match key.as_str() {
                "rules" => reader.nested("rules", |reader| settings.read_rules(value, reader)),
                "files" => reader.nested("files", |reader| settings.files = read_files(value, reader)),
                "kubernetesVersion" | "featureGates" => {
                    let (version, gates) =
                        if key == "kubernetesVersion" { (Some(value), None) } else { (None, Some(value)) };
                    for warning in Target::from_json(version, gates).1 {
                        reader.warn(Some(key), false, warning);
                    }
                    if key == "kubernetesVersion" {
                        settings.kubernetes_version = raw();
                    } else {
                        settings.feature_gates = raw();
                    }
                }
                "helm" => {
                    for warning in HelmMode::from_json(Some(value)).1 {
                        reader.warn(Some(key), false, warning);
                    }
                    settings.helm = raw();
                }
                "kustomize" => {
                    for warning in KustomizeMode::from_json(Some(value)).1 {
                        reader.warn(Some(key), false, warning);
                    }
                    settings.kustomize = raw();
                }
                "configurationPreference" => match value.as_str().and_then(Preference::parse) {
                    Some(preference) => settings.configuration_preference = Some(preference),
                    None if value.is_null() => {}
                    None => reader.warn(
                        Some(key),
                        false,
                        format!("{value} is not one of {}", Preference::names().collect::<Vec<_>>().join(", ")),
                    ),
                },
                // Read by the language server itself.
                "inlayHints" | "trace" => {}
                unknown => {
                    let known = KEYS.iter().map(|(key, _)| *key);
                    let suggestion = crate::diagnostics::schema::did_you_mean(unknown, known)
                        .map(|known| format!("; did you mean `{known}`?"))
                        .unwrap_or_default();
                    reader.warn(Some(key), true, format!("podls has no setting `{unknown}`{suggestion}"));
                }
            }
        }
        (settings, reader.warnings)
    }

    /// Reads `rules`: groups first, then the `disable` and `severity` shapes, then single codes, so that a code
    /// named on its own wins over its group.
    fn read_rules(&mut self, rules: &Value, reader: &mut Reader) {
        let Some(rules) = rules.as_object() else {
            if !rules.is_null() {
                reader.warn(None, false, format!("expected an object of codes and levels, found {rules}"));
            }
            return;
        };
        let is_group = |key: &str| !group_codes(key).is_empty();
        for (group, value) in rules.iter().filter(|(key, _)| is_group(key)) {
            let members = group_codes(group);
            match value {
                // `true` turns each code back to its own severity.
                Value::Bool(true) => members
                    .iter()
                    .for_each(|info| _ = self.rules.insert(info.code.to_owned(), Level::Severity(info.severity))),
                _ => match rule_level(value, Severity::Error) {
                    Some(level) => members.iter().for_each(|info| _ = self.rules.insert(info.code.to_owned(), level)),
                    None => reader.warn(Some(group), false, format!("{value} {LEVEL_CHOICES}")),
                },
            }
        }
        match rules.get("disable") {
            Some(Value::Array(codes)) => reader.nested("disable", |reader| {
                for (i, code) in codes.iter().enumerate() {
                    let index = PathSeg::Index(i);
                    reader.path.push(index);
                    match code.as_str() {
                        Some(code) => {
                            if let Some(message) = self.disable(code) {
                                reader.warn(None, false, message);
                            }
                        }
                        None => reader.warn(None, false, format!("{code} is not a code")),
                    }
                    reader.path.pop();
                }
            }),
            Some(Value::Null) | None => {}
            Some(other) => reader.warn(Some("disable"), false, format!("expected a list of codes, found {other}")),
        }
        match rules.get("severity") {
            Some(Value::Object(map)) => reader.nested("severity", |reader| {
                for (code, level) in map {
                    self.read_rule(code, level, reader);
                }
            }),
            Some(Value::Null) | None => {}
            Some(other) => reader.warn(Some("severity"), false, format!("expected an object, found {other}")),
        }
        for (code, level) in rules {
            if !is_group(code) && code != "disable" && code != "severity" {
                self.read_rule(code, level, reader);
            }
        }
    }

    fn read_rule(&mut self, code: &str, level: &Value, reader: &mut Reader) {
        let default = registry::get(code).map_or(Severity::Warning, |info| info.severity);
        match rule_level(level, default) {
            Some(level) => {
                if let Some(unknown) = unknown_code(code) {
                    reader.warn(Some(code), true, unknown);
                }
                self.rules.insert(code.to_owned(), level);
            }
            None => reader.warn(Some(code), false, format!("{level} {LEVEL_CHOICES}")),
        }
    }

    /// Disables `code`. Returns a warning when podls has no such code, which is then disabled to no effect.
    pub fn disable(&mut self, code: &str) -> Option<String> {
        self.rules.insert(code.to_owned(), Level::Off);
        unknown_code(code)
    }

    /// Sets the level of `code` from a `CODE=LEVEL` argument, as the CLI's `--severity` takes it. Returns a
    /// warning when podls has no such code.
    pub fn set_severity_arg(&mut self, arg: &str) -> Result<Option<String>, String> {
        let (code, level) = arg.split_once('=').ok_or_else(|| format!("expected CODE=LEVEL, found `{arg}`"))?;
        let level = Level::parse(level.trim())
            .ok_or_else(|| format!("`{level}` is not one of error, warning, information, hint, off"))?;
        let code = code.trim();
        self.rules.insert(code.to_owned(), level);
        Ok(unknown_code(code))
    }

    /// Whether `code` is reported at all.
    pub fn is_enabled(&self, code: &str) -> bool {
        self.rules.get(code) != Some(&Level::Off)
    }

    /// The cluster these settings name: `kubernetesVersion` and `featureGates` (their mistakes were reported when the
    /// settings were read).
    pub fn target(&self) -> Target {
        Target::from_json(self.kubernetes_version.as_ref(), self.feature_gates.as_ref()).0
    }

    /// These settings over `lower` ones, key by key: what this layer sets wins, the rest comes from `lower`. Rules
    /// are keys of their own, one per code.
    pub fn over(&self, lower: &Settings) -> Settings {
        let mut rules = lower.rules.clone();
        rules.extend(self.rules.iter().map(|(code, level)| (code.clone(), *level)));
        let pick = |upper: &Option<Value>, lower: &Option<Value>| upper.clone().or_else(|| lower.clone());
        Settings {
            rules,
            files: FilePatterns {
                include: self.files.include.clone().or_else(|| lower.files.include.clone()),
                exclude: self.files.exclude.clone().or_else(|| lower.files.exclude.clone()),
            },
            kubernetes_version: pick(&self.kubernetes_version, &lower.kubernetes_version),
            feature_gates: pick(&self.feature_gates, &lower.feature_gates),
            helm: pick(&self.helm, &lower.helm),
            kustomize: pick(&self.kustomize, &lower.kustomize),
            configuration_preference: self.configuration_preference.or(lower.configuration_preference),
        }
    }

    /// The editor's settings combined with a `.podls.yaml`'s, as the editor's `configurationPreference` says.
    pub fn for_file(editor: &Settings, file: Option<&Settings>) -> Settings {
        let Some(file) = file else { return editor.clone() };
        match editor.configuration_preference.unwrap_or_default() {
            Preference::EditorFirst => editor.over(file),
            Preference::FilesystemFirst => file.over(editor),
            Preference::EditorOnly => editor.clone(),
        }
    }

    /// Applies the settings, the `# podls-ignore` comments of one `---` document's `text` and the `podls.io/ignore`
    /// annotation of its object (`root`) to its diagnostics (offsets into `text`): drops the disabled and ignored
    /// ones and sets levels. A code the annotation names that podls does not have is a warning at the annotation.
    pub fn apply(&self, text: &str, root: Option<&Node>, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let ignores = Ignores::scan(text);
        let annotation = ObjectIgnore::of(root);
        if let Some(annotation) = &annotation {
            diagnostics.extend(annotation.unknown_codes());
        }
        diagnostics
            .into_iter()
            .filter(|d| {
                self.is_enabled(d.code)
                    && !ignores.silences(text, d.range, d.code)
                    && !annotation.as_ref().is_some_and(|a| a.silences(d.code))
            })
            .map(|mut d| {
                if let Some(Level::Severity(severity)) = self.rules.get(d.code) {
                    d.severity = *severity;
                }
                d
            })
            .collect()
    }
}

/// `files`: `{include: [GLOB], exclude: [GLOB]}`.
fn read_files(value: &Value, reader: &mut Reader) -> FilePatterns {
    let mut patterns = FilePatterns::default();
    let Some(object) = value.as_object() else {
        if !value.is_null() {
            reader.warn(None, false, format!("expected `include` and `exclude` lists, found {value}"));
        }
        return patterns;
    };
    for (key, value) in object {
        let globs = || -> Option<Vec<String>> {
            value.as_array()?.iter().map(|glob| glob.as_str().map(str::to_owned)).collect()
        };
        let slot = match key.as_str() {
            "include" => &mut patterns.include,
            "exclude" => &mut patterns.exclude,
            other => {
                reader.warn(
                    Some(key),
                    true,
                    format!("podls has no setting `files.{other}`; it has `include` and `exclude`"),
                );
                continue;
            }
        };
        match globs() {
            Some(globs) => *slot = Some(globs),
            None if value.is_null() => {}
            None => reader.warn(Some(key), false, format!("expected a list of globs, found {value}")),
        }
    }
    patterns
}

/// A warning when podls has no diagnostic `code`: a misspelt code in the settings would otherwise change nothing
/// without a word.
fn unknown_code(code: &str) -> Option<String> {
    if registry::get(code).is_some() {
        return None;
    }
    let groups = group_names();
    let known = registry::all().iter().map(|info| info.code).chain(groups.iter().map(String::as_str));
    let suggestion = crate::diagnostics::schema::did_you_mean(code, known)
        .map(|known| format!("; did you mean `{known}`?"))
        .unwrap_or_default();
    Some(format!("`{code}` is not a diagnostic code of podls, so this changes nothing{suggestion}"))
}

/// The `podls.io/ignore` annotation of a document's object: `CODE, CODE` or `all`.
struct ObjectIgnore<'t> {
    /// Each code and where it is written; empty for `all`.
    codes: Vec<(&'t str, TextRange)>,
    all: bool,
}

impl<'t> ObjectIgnore<'t> {
    /// Only the object's own `metadata.annotations` count: a workload's Pod template annotations are copied to
    /// every Pod it makes, where they are the Pods' business, not the manifest's.
    fn of(root: Option<&'t Node>) -> Option<ObjectIgnore<'t>> {
        let value = root?.get("metadata")?.get("annotations")?.get(IGNORE_ANNOTATION)?;
        let scalar = value.as_scalar()?;
        // Offsets of the codes in the source exist only where the text is written as is (not folded or escaped).
        let source_offset = |word: &str| -> TextRange {
            let start = scalar.text.find(word).unwrap_or(0);
            let quote = usize::from(!matches!(scalar.style, crate::syntax::ScalarStyle::Plain));
            let at = value.range.start + quote + start;
            if at + word.len() <= value.range.end { TextRange::new(at, at + word.len()) } else { value.range }
        };
        let words: Vec<&'t str> = scalar.text.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()).collect();
        let all = words.iter().any(|w| w.eq_ignore_ascii_case("all"));
        let codes =
            words.into_iter().filter(|w| !w.eq_ignore_ascii_case("all")).map(|w| (w, source_offset(w))).collect();
        Some(ObjectIgnore { codes, all })
    }

    fn silences(&self, code: &str) -> bool {
        self.all || self.codes.iter().any(|(c, _)| *c == code)
    }

    fn unknown_codes(&self) -> Vec<Diagnostic> {
        self.codes
            .iter()
            .filter_map(|(code, range)| {
                let message = unknown_code(code)?;
                Some(Diagnostic::warning(codes::INVALID_SETTING, *range, format!("{IGNORE_ANNOTATION}: {message}")))
            })
            .collect()
    }
}

/// The `# podls-ignore` comments of a text, by the line they silence.
struct Ignores<'t> {
    /// (silenced line start offset, codes; empty means all codes)
    lines: Vec<(usize, Vec<&'t str>)>,
}

const MARKER: &str = "podls-ignore";

impl<'t> Ignores<'t> {
    fn scan(text: &'t str) -> Ignores<'t> {
        let mut lines = Vec::new();
        if !text.contains(MARKER) {
            return Ignores { lines };
        }
        let mut offset = 0;
        let mut pending: Option<Vec<&'t str>> = None;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let trimmed = content.trim_start();
            if let Some(codes) = pending.take() {
                lines.push((offset, codes));
            }
            if let Some((before, codes)) = parse_comment(content) {
                if trimmed.starts_with('#') && before.trim().is_empty() {
                    // A comment line of its own silences the next line.
                    pending = Some(codes);
                } else {
                    lines.push((offset, codes));
                }
            }
            offset += line.len();
        }
        Ignores { lines }
    }

    /// Whether a diagnostic starting in `range` with `code` is silenced.
    fn silences(&self, text: &str, range: TextRange, code: &str) -> bool {
        if self.lines.is_empty() {
            return false;
        }
        let start = crate::text::floor_char_boundary(text, range.start);
        let line_start = text.get(..start).and_then(|before| before.rfind('\n')).map_or(0, |i| i + 1);
        self.lines.iter().any(|(line, codes)| *line == line_start && (codes.is_empty() || codes.contains(&code)))
    }
}

/// Finds `# podls-ignore[: CODE, CODE]` in a line: the text before the `#`, and the codes (empty for all).
///
/// A `#` inside quotes is not a comment; this is checked roughly by requiring white space (or the line start) before
/// the `#`, as YAML itself does.
fn parse_comment(line: &str) -> Option<(&str, Vec<&str>)> {
    for (hash, _) in line.match_indices('#') {
        let Some((before, comment)) = line.split_at_checked(hash) else { continue };
        let preceded_ok = before.is_empty() || before.ends_with([' ', '\t']);
        let after = comment.strip_prefix('#').unwrap_or(comment).trim_start();
        let Some(rest) = after.strip_prefix(MARKER).filter(|_| preceded_ok) else { continue };
        let rest = rest.trim();
        let codes = match rest.strip_prefix(':') {
            Some(list) => list.split([',', ' ']).map(str::trim).filter(|c| !c.is_empty()).collect(),
            None if rest.is_empty() => Vec::new(),
            None => continue,
        };
        return Some((before, codes));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;
    use serde_json::json;

    fn diag(code: &'static str, text: &str, needle: &str) -> Diagnostic {
        let start = text.find(needle).expect("needle in text");
        let severity = registry::get(code).expect("a registered code").severity;
        Diagnostic::new(severity, code, TextRange::new(start, start + needle.len()), "x")
    }

    fn messages(warnings: &[SettingsWarning]) -> Vec<&str> {
        warnings.iter().map(|w| w.message.as_str()).collect()
    }

    #[test]
    fn reads_settings_json() {
        let s = Settings::from_json(&json!({
            "rules": {"disable": ["image-latest"], "severity": {"missing-resources": "hint", "coupled-tiers": "off"}}
        }));
        assert_eq!(s.rules["image-latest"], Level::Off);
        assert_eq!(s.rules["missing-resources"], Level::Severity(Severity::Hint));
        assert!(!s.is_enabled("coupled-tiers"));
        assert!(!s.is_enabled("image-latest"));
        assert!(s.is_enabled("invalid-port"));
        let nested = Settings::from_json(&json!({"podls": {"rules": {"disable": ["image-latest"]}}}));
        assert_eq!(nested.rules["image-latest"], Level::Off);
    }

    #[test]
    fn rules_by_code_and_by_group() {
        let (s, warnings) = Settings::from_json_with_warnings(&json!({
            "rules": {"image-latest": "error", "lint": "off", "security": "hint", "host-path-volume": true}
        }));
        assert_eq!(messages(&warnings), Vec::<&str>::new());
        // A code named on its own wins over its group, whatever the order.
        assert_eq!(s.rules["image-latest"], Level::Severity(Severity::Error));
        assert_eq!(s.rules["host-path-volume"], Level::Severity(Severity::Information));
        assert_eq!(s.rules["missing-resources"], Level::Off);
        assert_eq!(s.rules["invalid-security-context"], Level::Severity(Severity::Hint));
        assert!(s.is_enabled("invalid-port"));
        // YAML reads a bare `off` as false.
        let s = Settings::from_json(&json!({"rules": {"lint": false, "status-section": "warning"}}));
        assert!(!s.is_enabled("missing-resources"));
        assert!(s.is_enabled("status-section"));
    }

    #[test]
    fn group_names_are_not_codes() {
        let groups = group_names();
        assert!(groups.contains(&"lint".to_owned()) && groups.contains(&"volumes-and-mounts".to_owned()), "{groups:?}");
        for group in &groups {
            assert!(registry::get(group).is_none(), "{group} is a group and a code");
        }
    }

    #[test]
    fn reads_every_key() {
        let (s, warnings) = Settings::from_json_with_warnings(&json!({
            "kubernetesVersion": "1.31", "featureGates": {"ImageVolume": true}, "helm": "silent",
            "kustomize": "named", "files": {"include": ["deploy/**"], "exclude": ["*.generated.yaml"]},
            "configurationPreference": "filesystemFirst", "inlayHints": {"enabled": true}, "trace": {"server": "off"}
        }));
        assert_eq!(messages(&warnings), Vec::<&str>::new());
        assert_eq!(s.kubernetes_version, Some(json!("1.31")));
        assert_eq!(s.feature_gates, Some(json!({"ImageVolume": true})));
        assert_eq!(s.helm, Some(json!("silent")));
        assert_eq!(s.kustomize, Some(json!("named")));
        assert_eq!(s.target().version.to_string(), "1.31");
        // Values of the cluster and file-role keys are judged where they are read, each at its key.
        let (_, warnings) = Settings::from_json_with_warnings(&json!({
            "kubernetesVersion": "1.99", "helm": {"enabled": false}, "kustomize": "anything"
        }));
        let at: Vec<String> = warnings.iter().map(|w| format!("{:?}", w.path)).collect();
        assert_eq!(warnings.len(), 3, "{:?}", messages(&warnings));
        assert!(at.iter().any(|p| p.contains("kubernetesVersion")) && at.iter().any(|p| p.contains("helm")), "{at:?}");
        assert_eq!(s.files.include, Some(vec!["deploy/**".to_owned()]));
        assert_eq!(s.files.exclude, Some(vec!["*.generated.yaml".to_owned()]));
        assert_eq!(s.configuration_preference, Some(Preference::FilesystemFirst));
    }

    #[test]
    fn reports_bad_settings() {
        let (s, warnings) = Settings::from_json_with_warnings(&json!({
            "rules": {"disable": "image-latest", "severity": {"image-latest": "loud", "coupled-tiers": "warn"}, "lint": 3},
            "rule": {}, "files": {"include": "a", "exclud": []}, "configurationPreference": "mine"
        }));
        expect![[r#"
            [
                "configurationPreference: \"mine\" is not one of editorFirst, filesystemFirst, editorOnly",
                "files.exclud: podls has no setting `files.exclud`; it has `include` and `exclude`",
                "files.include: expected a list of globs, found \"a\"",
                "rule: podls has no setting `rule`; did you mean `rules`?",
                "rules.lint: 3 is not one of \"error\", \"warning\", \"information\", \"hint\", \"off\"",
                "rules.disable: expected a list of codes, found \"image-latest\"",
                "rules.severity.image-latest: \"loud\" is not one of \"error\", \"warning\", \"information\", \"hint\", \"off\"",
            ]
        "#]]
        .assert_debug_eq(&messages(&warnings));
        assert_eq!(warnings[3].path, [PathSeg::Key("rule".to_owned())]);
        assert!(warnings[3].on_key);
        assert_eq!(s.rules["coupled-tiers"], Level::Severity(Severity::Warning));
        assert_eq!(Settings::from_json(&json!(null)), Settings::default());
    }

    #[test]
    fn warns_about_codes_podls_does_not_have() {
        let (s, warnings) = Settings::from_json_with_warnings(&json!({
            "rules": {"disable": ["imge-latest", "image-latest"], "severity": {"no-such-thing": "hint"}, "lnt": "off"}
        }));
        expect![[r#"
            [
                "rules.disable[0]: `imge-latest` is not a diagnostic code of podls, so this changes nothing; did you mean `image-latest`?",
                "rules.severity.no-such-thing: `no-such-thing` is not a diagnostic code of podls, so this changes nothing",
                "rules.lnt: `lnt` is not a diagnostic code of podls, so this changes nothing; did you mean `lint`?",
            ]
        "#]]
        .assert_debug_eq(&messages(&warnings));
        assert_eq!(
            warnings[0].path,
            [PathSeg::Key("rules".to_owned()), PathSeg::Key("disable".to_owned()), PathSeg::Index(0)]
        );
        // The settings stay as written: an unknown code matches no diagnostic anyway.
        assert_eq!(s.rules["imge-latest"], Level::Off);
        let mut cli = Settings::default();
        assert!(cli.disable("image-latest").is_none());
        assert!(cli.disable("imagelatest").is_some());
        assert!(cli.set_severity_arg("coupled-tiers=off").expect("valid").is_none());
        assert!(cli.set_severity_arg("coupled-tier=off").expect("valid").is_some());
    }

    #[test]
    fn cli_severity_arguments() {
        let mut s = Settings::default();
        s.set_severity_arg("image-latest=error").expect("valid");
        s.set_severity_arg("coupled-tiers=off").expect("valid");
        assert!(s.set_severity_arg("nope").is_err());
        assert!(s.set_severity_arg("image-latest=loud").is_err());
        assert_eq!(s.rules["image-latest"], Level::Severity(Severity::Error));
        assert!(!s.is_enabled("coupled-tiers"));
    }

    #[test]
    fn layers_combine_key_by_key() {
        let cli = Settings::from_json(&json!({"rules": {"image-latest": "error"}}));
        let editor = Settings::from_json(&json!({"kubernetesVersion": "1.33", "rules": {"missing-resources": "hint"}}));
        let file = Settings::from_json(&json!({
            "kubernetesVersion": "1.30", "featureGates": {"ImageVolume": true}, "files": {"exclude": ["x"]},
            "rules": {"image-latest": "off", "missing-resources": "off", "coupled-tiers": "off"}
        }));
        let combined = cli.over(&Settings::for_file(&editor, Some(&file)));
        assert_eq!(combined.rules["image-latest"], Level::Severity(Severity::Error));
        assert_eq!(combined.rules["missing-resources"], Level::Severity(Severity::Hint));
        assert_eq!(combined.rules["coupled-tiers"], Level::Off);
        assert_eq!(combined.kubernetes_version, Some(json!("1.33")));
        assert_eq!(combined.feature_gates, Some(json!({"ImageVolume": true})));
        assert_eq!(combined.files.exclude, Some(vec!["x".to_owned()]));
        assert_eq!(combined.files.include, None);

        let file_first = Settings { configuration_preference: Some(Preference::FilesystemFirst), ..editor.clone() };
        let combined = Settings::for_file(&file_first, Some(&file));
        assert_eq!(combined.kubernetes_version, Some(json!("1.30")));
        assert_eq!(combined.rules["missing-resources"], Level::Off);
        let editor_only = Settings { configuration_preference: Some(Preference::EditorOnly), ..editor };
        assert_eq!(Settings::for_file(&editor_only, Some(&file)).feature_gates, None);
    }

    #[test]
    fn applies_levels() {
        let text = "a: 1\nb: 2\n";
        let mut s = Settings::default();
        s.disable("image-latest");
        s.rules.insert("coupled-tiers".to_owned(), Level::Severity(Severity::Hint));
        let out = s.apply(text, None, vec![diag("image-latest", text, "a"), diag("coupled-tiers", text, "b")]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].code, "coupled-tiers");
        assert_eq!(out[0].severity, Severity::Hint);
    }

    #[test]
    fn ignore_comments() {
        let text = "\
image: nginx # podls-ignore: image-latest
name: x  # podls-ignore: invalid-label, invalid-annotation
# podls-ignore: invalid-port
port: 1
all: 2 # podls-ignore
url: \"http://x#podls-ignore\"
other: 3
";
        let s = Settings::default();
        let keep = |code: &'static str, needle: &str| !s.apply(text, None, vec![diag(code, text, needle)]).is_empty();
        assert!(!keep("image-latest", "nginx"));
        assert!(keep("missing-resources", "nginx"));
        assert!(!keep("invalid-label", "name"));
        assert!(!keep("invalid-annotation", "x  #"));
        assert!(!keep("invalid-port", "port: 1"));
        assert!(keep("invalid-port", "# podls-ignore: invalid-port"));
        assert!(!keep("privileged-container", "all"));
        assert!(keep("privileged-container", "url"));
        assert!(keep("image-latest", "other"));
    }

    fn after_annotation(text: &str, found: Vec<Diagnostic>) -> Vec<String> {
        let parse = crate::syntax::parse(text);
        Settings::default()
            .apply(text, parse.root.as_ref(), found)
            .iter()
            .map(|d| format!("{} {:?} {}", d.code, text.get(d.range.as_range()).unwrap_or_default(), d.message))
            .collect()
    }

    #[test]
    fn ignore_annotation_silences_its_object() {
        let text = "kind: Deployment\nmetadata:\n  annotations:\n    podls.io/ignore: image-latest, missing-resorces\nspec:\n  template:\n    metadata:\n      annotations: {podls.io/ignore: host-path-volume}\n";
        let found = vec![
            diag("image-latest", text, "kind"),
            diag("missing-resources", text, "spec"),
            diag("host-path-volume", text, "template"),
        ];
        expect![[r#"
            [
                "missing-resources \"spec\" x",
                "host-path-volume \"template\" x",
                "invalid-setting \"missing-resorces\" podls.io/ignore: `missing-resorces` is not a diagnostic code of podls, so this changes nothing; did you mean `missing-resources`?",
            ]
        "#]]
        .assert_debug_eq(&after_annotation(text, found));
        let all = "kind: Pod\nmetadata:\n  annotations:\n    podls.io/ignore: \"all\"\n";
        assert_eq!(after_annotation(all, vec![diag("image-latest", all, "kind")]), Vec::<String>::new());
    }
}
