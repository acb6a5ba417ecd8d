//! User settings for diagnostics: disabled codes, severity overrides and in-file `# podls-ignore` comments.
//!
//! The language server reads [`Settings`] from `initializationOptions` and `workspace/didChangeConfiguration`; the
//! `check` CLI builds them from `--disable` and `--severity`. Both then call [`Settings::apply`] on a file's
//! diagnostics.
//!
//! Architecture Invariant: no IO and no LSP types here; settings come in as JSON values and text.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity, registry};
use crate::text::TextRange;

/// What a severity override can say: a new severity, or `off`.
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

/// Diagnostic settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Codes that are never reported.
    pub disabled: Vec<String>,
    /// Per-code severity overrides; [`Level::Off`] disables the code.
    pub severity: HashMap<String, Level>,
}

/// A setting that could not be read, for the caller to log or print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsWarning(pub String);

impl Settings {
    /// Reads `{"rules": {"disable": [...], "severity": {"CODE": "warning"}}}`, also nested under a top-level
    /// `"podls"` key. Unknown keys and bad values are skipped; codes podls does not have are kept (they match
    /// nothing).
    pub fn from_json(value: &Value) -> Settings {
        Settings::from_json_with_warnings(value).0
    }

    /// Like [`Settings::from_json`], with a warning for each value that was skipped and each code podls does not
    /// have.
    pub fn from_json_with_warnings(value: &Value) -> (Settings, Vec<SettingsWarning>) {
        let mut settings = Settings::default();
        let mut warnings = Vec::new();
        let root = value.get("podls").unwrap_or(value);
        let Some(rules) = root.get("rules") else {
            return (settings, warnings);
        };
        match rules.get("disable") {
            Some(Value::Array(codes)) => {
                for code in codes {
                    match code.as_str() {
                        Some(code) => {
                            if let Some(unknown) = settings.disable(code) {
                                warnings.push(SettingsWarning(format!("rules.disable: {}", unknown.0)));
                            }
                        }
                        None => warnings.push(SettingsWarning(format!("rules.disable: {code} is not a code"))),
                    }
                }
            }
            Some(Value::Null) | None => {}
            Some(other) => {
                warnings.push(SettingsWarning(format!("rules.disable: expected a list of codes, found {other}")))
            }
        }
        match rules.get("severity") {
            Some(Value::Object(map)) => {
                for (code, level) in map {
                    match level.as_str().and_then(Level::parse) {
                        Some(level) => {
                            if let Some(unknown) = unknown_code(code) {
                                warnings.push(SettingsWarning(format!("rules.severity: {}", unknown.0)));
                            }
                            settings.severity.insert(code.clone(), level);
                        }
                        None => warnings.push(SettingsWarning(format!(
                            "rules.severity.{code}: {level} is not one of \"error\", \"warning\", \"information\", \"hint\", \"off\""
                        ))),
                    }
                }
            }
            Some(Value::Null) | None => {}
            Some(other) => warnings.push(SettingsWarning(format!("rules.severity: expected an object, found {other}"))),
        }
        (settings, warnings)
    }

    /// Disables `code`. Returns a warning when podls has no such code, which is then disabled to no effect.
    pub fn disable(&mut self, code: &str) -> Option<SettingsWarning> {
        if !self.disabled.iter().any(|c| c == code) {
            self.disabled.push(code.to_owned());
        }
        unknown_code(code)
    }

    /// Sets the severity of `code` from a `CODE=LEVEL` argument, as the CLI's `--severity` takes it. Returns a
    /// warning when podls has no such code.
    pub fn set_severity_arg(&mut self, arg: &str) -> Result<Option<SettingsWarning>, String> {
        let (code, level) = arg.split_once('=').ok_or_else(|| format!("expected CODE=LEVEL, found `{arg}`"))?;
        let level = Level::parse(level.trim())
            .ok_or_else(|| format!("`{level}` is not one of error, warning, information, hint, off"))?;
        let code = code.trim();
        self.severity.insert(code.to_owned(), level);
        Ok(unknown_code(code))
    }

    /// Whether `code` is reported at all.
    pub fn is_enabled(&self, code: &str) -> bool {
        !self.disabled.iter().any(|c| c == code) && self.severity.get(code) != Some(&Level::Off)
    }

    /// Applies the settings and the `# podls-ignore` comments of `text` to its diagnostics (with offsets into
    /// `text`): drops disabled and ignored ones and overrides severities.
    pub fn apply(&self, text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let ignores = Ignores::scan(text);
        diagnostics
            .into_iter()
            .filter(|d| self.is_enabled(d.code) && !ignores.silences(text, d.range, d.code))
            .map(|mut d| {
                if let Some(Level::Severity(severity)) = self.severity.get(d.code) {
                    d.severity = *severity;
                }
                d
            })
            .collect()
    }
}

/// A warning when podls has no diagnostic `code`: a misspelt code in the settings would otherwise change nothing
/// without a word.
fn unknown_code(code: &str) -> Option<SettingsWarning> {
    if registry::get(code).is_some() {
        return None;
    }
    let suggestion = crate::diagnostics::schema::did_you_mean(code, registry::all().iter().map(|info| info.code))
        .map(|known| format!("; did you mean `{known}`?"))
        .unwrap_or_default();
    Some(SettingsWarning(format!("`{code}` is not a diagnostic code of podls, so this changes nothing{suggestion}")))
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

    #[test]
    fn reads_settings_json() {
        let s = Settings::from_json(&json!({
            "rules": {"disable": ["image-latest"], "severity": {"missing-resources": "hint", "coupled-tiers": "off"}}
        }));
        assert_eq!(s.disabled, ["image-latest"]);
        assert_eq!(s.severity["missing-resources"], Level::Severity(Severity::Hint));
        assert!(!s.is_enabled("coupled-tiers"));
        assert!(!s.is_enabled("image-latest"));
        assert!(s.is_enabled("invalid-port"));
        let nested = Settings::from_json(&json!({"podls": {"rules": {"disable": ["image-latest"]}}}));
        assert_eq!(nested.disabled, ["image-latest"]);
    }

    #[test]
    fn reports_bad_settings() {
        let (s, warnings) = Settings::from_json_with_warnings(&json!({
            "rules": {"disable": "image-latest", "severity": {"image-latest": "loud", "coupled-tiers": "warn"}}
        }));
        let warnings: Vec<&str> = warnings.iter().map(|w| w.0.as_str()).collect();
        expect![[r#"
            [
                "rules.disable: expected a list of codes, found \"image-latest\"",
                "rules.severity.image-latest: \"loud\" is not one of \"error\", \"warning\", \"information\", \"hint\", \"off\"",
            ]
        "#]]
        .assert_debug_eq(&warnings);
        assert_eq!(s.severity["coupled-tiers"], Level::Severity(Severity::Warning));
        assert_eq!(Settings::from_json(&json!(null)), Settings::default());
    }

    #[test]
    fn warns_about_codes_podls_does_not_have() {
        let (s, warnings) = Settings::from_json_with_warnings(&json!({
            "rules": {"disable": ["imge-latest", "image-latest"], "severity": {"no-such-thing": "hint"}}
        }));
        let warnings: Vec<&str> = warnings.iter().map(|w| w.0.as_str()).collect();
        expect![[r#"
            [
                "rules.disable: `imge-latest` is not a diagnostic code of podls, so this changes nothing; did you mean `image-latest`?",
                "rules.severity: `no-such-thing` is not a diagnostic code of podls, so this changes nothing",
            ]
        "#]]
        .assert_debug_eq(&warnings);
        // The settings stay as written: an unknown code matches no diagnostic anyway.
        assert_eq!(s.disabled, ["imge-latest", "image-latest"]);
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
        assert_eq!(s.severity["image-latest"], Level::Severity(Severity::Error));
        assert!(!s.is_enabled("coupled-tiers"));
    }

    #[test]
    fn applies_disable_and_severity() {
        let text = "a: 1\nb: 2\n";
        let mut s = Settings::default();
        s.disable("image-latest");
        s.severity.insert("coupled-tiers".to_owned(), Level::Severity(Severity::Hint));
        let out = s.apply(text, vec![diag("image-latest", text, "a"), diag("coupled-tiers", text, "b")]);
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
        let keep = |code: &'static str, needle: &str| !s.apply(text, vec![diag(code, text, needle)]).is_empty();
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
}
