//! The Kubernetes version a manifest is meant for, and the feature gates of that cluster: which fields and values
//! exist in which version, which gate guards them, and whether the gate is on.
//!
//! The facts are one generated table (`versions.txt`, from `schemas/versions/regenerate`): a field with no line in it
//! exists in every version podls knows and no gate guards it, so the table stays a few kilobytes instead of thirteen
//! copies of the schema.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::LazyLock;

use serde_json::Value;

/// A minor release of Kubernetes 1.x that podls can check against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubernetesVersion {
    minor: u8,
}

impl KubernetesVersion {
    pub const OLDEST: KubernetesVersion = KubernetesVersion { minor: 25 };
    /// The version of the bundled schema, and the default target.
    pub const NEWEST: KubernetesVersion = KubernetesVersion { minor: 37 };

    /// Kubernetes 1.`minor`, if podls knows it.
    pub fn new(minor: u8) -> Option<KubernetesVersion> {
        (Self::OLDEST.minor..=Self::NEWEST.minor).contains(&minor).then_some(KubernetesVersion { minor })
    }

    pub fn minor(self) -> u8 {
        self.minor
    }

    /// The release after this one (the newest stays itself).
    pub fn next(self) -> KubernetesVersion {
        KubernetesVersion::new(self.minor.saturating_add(1)).unwrap_or(self)
    }

    /// Every version podls knows, oldest first.
    pub fn all() -> impl DoubleEndedIterator<Item = KubernetesVersion> {
        (Self::OLDEST.minor..=Self::NEWEST.minor).map(|minor| KubernetesVersion { minor })
    }

    /// `1.31`, `v1.31` or `1.31.4` (the patch release does not change the API).
    pub fn parse(text: &str) -> Result<KubernetesVersion, String> {
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
        let mut parts = bare.split('.');
        let major = parts.next();
        let minor = parts.next().and_then(|m| m.parse::<u8>().ok());
        let patch_ok = parts.next().is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty());
        match (major, minor) {
            (Some("1"), Some(minor)) if patch_ok && parts.next().is_none() => KubernetesVersion::new(minor)
                .ok_or_else(|| format!("podls knows Kubernetes {} to {}, not {trimmed}", Self::OLDEST, Self::NEWEST)),
            _ => Err(format!("`{trimmed}` is not a Kubernetes version; write it as `1.31`")),
        }
    }
}

impl Default for KubernetesVersion {
    fn default() -> Self {
        Self::NEWEST
    }
}

impl fmt::Display for KubernetesVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

/// How mature a feature gate is in a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Alpha,
    Beta,
    Ga,
    Deprecated,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Alpha => "alpha",
            Stage::Beta => "beta",
            Stage::Ga => "GA",
            Stage::Deprecated => "deprecated",
        }
    }
}

/// A gate's stage and default from one version on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GateStep {
    pub since: KubernetesVersion,
    pub stage: Stage,
    pub on_by_default: bool,
}

/// A feature gate and how its stage and default changed over the versions.
#[derive(Debug, PartialEq, Eq)]
pub struct Gate {
    pub name: &'static str,
    /// Oldest first; a step before the oldest version podls knows is kept as that version.
    steps: Vec<GateStep>,
}

impl Gate {
    /// The gate's stage and default in `version`: `None` before the gate exists, and after the last version the
    /// gate data knows ([`known_through`]), where podls does not guess.
    pub fn in_version(&self, version: KubernetesVersion) -> Option<GateStep> {
        if version > known_through() {
            return None;
        }
        self.steps.iter().rev().find(|step| step.since <= version).copied()
    }

    /// The first version in which the gate is on by default, if it is by the last version known.
    pub fn on_by_default_since(&self) -> Option<KubernetesVersion> {
        let first_on = self.steps.iter().position(|s| s.on_by_default)?;
        self.steps
            .get(first_on..)?
            .iter()
            .all(|s| s.on_by_default)
            .then(|| self.steps.get(first_on).map(|s| s.since))?
    }

    /// "beta, on by default since 1.33" or "alpha, off by default" for `version`.
    pub fn describe(&self, version: KubernetesVersion) -> Option<String> {
        let step = self.in_version(version)?;
        let default = if step.on_by_default {
            let since = self.on_by_default_since().filter(|s| *s <= version).unwrap_or(step.since);
            format!("on by default since {since}")
        } else {
            match self.on_by_default_since() {
                Some(on) => format!("off by default until {on}"),
                None => "off by default".to_owned(),
            }
        };
        Some(format!("{}, {default}", step.stage.as_str()))
    }
}

/// What the table says about one field: the versions it exists in and the gate that guards it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldVersions {
    pub first: KubernetesVersion,
    pub last: KubernetesVersion,
    pub gate: Option<&'static Gate>,
}

impl FieldVersions {
    /// The versions of a field the table has no line for.
    pub const ALWAYS: FieldVersions =
        FieldVersions { first: KubernetesVersion::OLDEST, last: KubernetesVersion::NEWEST, gate: None };

    pub fn exists_in(&self, version: KubernetesVersion) -> bool {
        (self.first..=self.last).contains(&version)
    }
}

/// A value of a field that came later than the field, and its gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueVersions {
    pub value: &'static str,
    pub since: KubernetesVersion,
    pub gate: &'static Gate,
}

/// The parsed table.
struct Table {
    known_through: KubernetesVersion,
    gates: HashMap<&'static str, &'static Gate>,
    /// Per definition, its fields sorted by name: a walk looks a mapping's definition up once, then each key.
    fields: HashMap<&'static str, Vec<(&'static str, FieldVersions)>>,
    values: HashMap<(&'static str, &'static str), Vec<ValueVersions>>,
    replaced: HashMap<(&'static str, &'static str), &'static str>,
    dropped: HashMap<&'static str, &'static str>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| parse_table(include_str!("versions.txt")));

fn minor(text: &str) -> Option<KubernetesVersion> {
    let minor: u8 = text.parse().ok()?;
    Some(KubernetesVersion { minor: minor.clamp(KubernetesVersion::OLDEST.minor, KubernetesVersion::NEWEST.minor) })
}

/// Reads the generated table. A line that does not parse is skipped (a unit test proves none is).
fn parse_table(text: &'static str) -> Table {
    let mut table = Table {
        known_through: KubernetesVersion::NEWEST,
        gates: HashMap::new(),
        fields: HashMap::new(),
        values: HashMap::new(),
        replaced: HashMap::new(),
        dropped: HashMap::new(),
    };
    let lines = || text.lines().filter(|line| !line.starts_with('#'));
    // Gates first: the other lines refer to them.
    for line in lines() {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("known"), Some(version)) => {
                if let Some(version) = minor(version) {
                    table.known_through = version;
                }
            }
            (Some("gate"), Some(name)) => {
                let steps = words.filter_map(parse_step).collect();
                table.gates.insert(name, Box::leak(Box::new(Gate { name, steps })));
            }
            _ => {}
        }
    }
    for line in lines() {
        let words: Vec<&'static str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["field", definition, property, first, last, rest @ ..] => {
                let (Some(first), Some(last)) = (minor(first), minor(last)) else { continue };
                let gate = rest.first().and_then(|name| table.gates.get(name).copied());
                table.fields.entry(definition).or_default().push((property, FieldVersions { first, last, gate }));
            }
            ["value", definition, property, value, since, gate] => {
                let (Some(since), Some(gate)) = (minor(since), table.gates.get(gate).copied()) else { continue };
                table.values.entry((definition, property)).or_default().push(ValueVersions { value, since, gate });
            }
            ["replaced", definition, property, ..] => {
                if let Some(text) = line.splitn(4, ' ').nth(3) {
                    table.replaced.insert((definition, property), text);
                }
            }
            ["dropped", gate, ..] => {
                if let Some(text) = line.splitn(3, ' ').nth(2) {
                    table.dropped.insert(gate, text);
                }
            }
            _ => {}
        }
    }
    for fields in table.fields.values_mut() {
        fields.sort_by_key(|(property, _)| *property);
    }
    table
}

fn parse_step(word: &str) -> Option<GateStep> {
    let mut parts = word.split(':');
    let since = minor(parts.next()?)?;
    let stage = match parts.next()? {
        "alpha" => Stage::Alpha,
        "beta" => Stage::Beta,
        "ga" => Stage::Ga,
        "deprecated" => Stage::Deprecated,
        _ => return None,
    };
    let on_by_default = match parts.next()? {
        "on" => true,
        "off" => false,
        _ => return None,
    };
    Some(GateStep { since, stage, on_by_default })
}

/// The last version whose gate stages the table knows; after it podls assumes a field's gate is on.
pub fn known_through() -> KubernetesVersion {
    TABLE.known_through
}

/// The fields of one definition the table knows, for looking up many of its keys.
#[derive(Clone, Copy, Debug, Default)]
pub struct DefinitionFields(&'static [(&'static str, FieldVersions)]);

impl DefinitionFields {
    /// What the table knows of `property`, if it knows the field at all.
    pub fn get(self, property: &str) -> Option<FieldVersions> {
        let index = self.0.binary_search_by(|(p, _)| (*p).cmp(property)).ok()?;
        self.0.get(index).map(|(_, versions)| *versions)
    }
}

/// The fields of `definition` (`io.k8s.api.core.v1.Volume`) the table knows.
pub fn fields_of(definition: &str) -> DefinitionFields {
    TABLE.fields.get(definition).map(|fields| DefinitionFields(fields.as_slice())).unwrap_or_default()
}

/// The versions field `property` of definition `definition` (`io.k8s.api.core.v1.Volume`, `image`) exists in, and
/// its gate.
pub fn field(definition: &str, property: &str) -> FieldVersions {
    fields_of(definition).get(property).unwrap_or(FieldVersions::ALWAYS)
}

/// The values of a field that came after the field itself.
pub fn later_values(definition: &str, property: &str) -> &'static [ValueVersions] {
    // A handful of fields: a scan keeps the result's lifetime free of the key's.
    let table: &'static Table = &TABLE;
    table
        .values
        .iter()
        .find(|((d, p), _)| *d == definition && *p == property)
        .map(|(_, v)| v.as_slice())
        .unwrap_or_default()
}

/// What replaced a removed field, in a phrase.
pub fn replacement(definition: &str, property: &str) -> Option<&'static str> {
    TABLE.replaced.get(&(definition, property)).copied()
}

/// What the API server drops, beyond the field itself, when `gate` is off.
pub fn dropped_with(gate: &str) -> Option<&'static str> {
    TABLE.dropped.get(gate).copied()
}

/// A feature gate by name.
pub fn gate(name: &str) -> Option<&'static Gate> {
    TABLE.gates.get(name).copied()
}

/// The facts of one field for hover and completion, in words: since when it exists, when it was removed, and its
/// gate with the gate's stage in `target` (or in the last version the gate data knows).
pub fn field_note(definition: &str, property: &str, target: &Target) -> Option<String> {
    let versions = field(definition, property);
    let mut parts = Vec::new();
    if versions.first > KubernetesVersion::OLDEST {
        parts.push(format!("since Kubernetes {}", versions.first));
    }
    if versions.last < KubernetesVersion::NEWEST {
        parts.push(format!("removed in {}", versions.last.next()));
    }
    if let Some(gate) = versions.gate {
        let shown = target.version.min(known_through());
        let stage = gate.describe(shown).map(|s| format!(" ({s})")).unwrap_or_default();
        parts.push(format!("feature gate {}{stage}", gate.name));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Whether the field exists in the target and its gate lets it through: what completion offers plainly.
pub fn field_usable(definition: &str, property: &str, target: &Target) -> bool {
    let versions = field(definition, property);
    versions.exists_in(target.version) && versions.gate.is_none_or(|g| target.gate_verdict(g) == GateVerdict::On)
}

/// The cluster a manifest is checked for: its version and the feature gates set differently from their defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Target {
    pub version: KubernetesVersion,
    /// Gates the user turned on or off, by name.
    pub gates: BTreeMap<String, bool>,
}

/// Whether a gate lets its fields through under a target, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GateVerdict {
    On,
    /// Off by default in the target version (or not there yet), and not turned on.
    OffByDefault,
    /// Turned off by the user.
    TurnedOff,
}

impl Target {
    pub fn new(version: KubernetesVersion) -> Target {
        Target { version, gates: BTreeMap::new() }
    }

    /// The newest version with every gate at its default: what podls checks when nothing is set.
    pub fn is_default(&self) -> bool {
        *self == Target::default()
    }

    /// Reads the editor settings or config values `kubernetesVersion` (`"1.31"`) and `featureGates`
    /// (`{"ImageVolume": true}`). What cannot be read is left at its default, with a warning that says why.
    pub fn from_json(version: Option<&Value>, gates: Option<&Value>) -> (Target, Vec<String>) {
        let mut warnings = Vec::new();
        let mut target = Target::default();
        match version {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) if text.trim().is_empty() => {}
            Some(Value::String(text)) => match KubernetesVersion::parse(text) {
                Ok(version) => target.version = version,
                Err(message) => warnings.push(format!("kubernetesVersion: {message}; checking for {}", target.version)),
            },
            Some(other) => warnings.push(format!(
                "kubernetesVersion: expected a string such as \"1.31\", found {other}; checking for {}",
                target.version
            )),
        }
        match gates {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (name, value) in map {
                    match value.as_bool() {
                        Some(on) => {
                            if gate(name).is_none() {
                                warnings.push(format!(
                                    "featureGates: podls knows no field guarded by `{name}`, so it changes nothing"
                                ));
                            }
                            target.gates.insert(name.clone(), on);
                        }
                        None => warnings.push(format!("featureGates: `{name}` is true or false, found {value}")),
                    }
                }
            }
            Some(other) => warnings
                .push(format!("featureGates: expected an object such as {{\"ImageVolume\": true}}, found {other}")),
        }
        (target, warnings)
    }

    /// Reads `ImageVolume=true,Foo=false`, as the Kubernetes components' `--feature-gates` flag writes it.
    pub fn parse_gates(text: &str) -> Result<BTreeMap<String, bool>, String> {
        let mut gates = BTreeMap::new();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').ok_or_else(|| format!("`{pair}` is not `Name=true|false`"))?;
            let on = match value.trim().to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => return Err(format!("`{pair}`: a gate is `true` or `false`")),
            };
            gates.insert(name.trim().to_owned(), on);
        }
        Ok(gates)
    }

    /// Whether the gate named `name` is on under this target (a gate podls does not know is taken to be on).
    pub fn gate_on(&self, name: &str) -> bool {
        gate(name).is_none_or(|g| self.gate_verdict(g) == GateVerdict::On)
    }

    /// Whether `gate` is on under this target. After the versions the gate data knows, a gate is taken to be on.
    pub fn gate_verdict(&self, gate: &Gate) -> GateVerdict {
        match self.gates.get(gate.name) {
            Some(true) => GateVerdict::On,
            Some(false) => GateVerdict::TurnedOff,
            None if self.version > known_through() => GateVerdict::On,
            None => match gate.in_version(self.version) {
                Some(step) if step.on_by_default => GateVerdict::On,
                _ => GateVerdict::OffByDefault,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(minor: u8) -> KubernetesVersion {
        KubernetesVersion::new(minor).unwrap()
    }

    #[test]
    fn versions_parse_with_or_without_a_v_and_a_patch_release() {
        assert_eq!(KubernetesVersion::parse("1.31"), Ok(v(31)));
        assert_eq!(KubernetesVersion::parse("v1.31"), Ok(v(31)));
        assert_eq!(KubernetesVersion::parse(" 1.29.4 "), Ok(v(29)));
        assert!(KubernetesVersion::parse("1.24").unwrap_err().contains("1.25 to 1.37"));
        assert!(KubernetesVersion::parse("2.1").is_err());
        assert!(KubernetesVersion::parse("1.3x").is_err());
        assert!(KubernetesVersion::parse("1.31.").is_err());
        assert_eq!(KubernetesVersion::default(), v(37));
        assert_eq!(KubernetesVersion::all().count(), 13);
    }

    #[test]
    fn every_line_of_the_table_parses() {
        let text = include_str!("versions.txt");
        let count = |kind: &str| text.lines().filter(|l| l.starts_with(kind)).count();
        let table = &*TABLE;
        assert_eq!(table.gates.len(), count("gate "));
        assert!(table.gates.values().all(|g| !g.steps.is_empty()), "a gate without steps");
        assert_eq!(table.fields.values().map(Vec::len).sum::<usize>(), count("field "));
        assert!(text.lines().filter(|l| l.starts_with("field ")).all(
            |l| l.split_whitespace().count() == 5 || table.gates.contains_key(l.split_whitespace().nth(5).unwrap())
        ));
        assert_eq!(table.values.values().map(Vec::len).sum::<usize>(), count("value "));
        assert_eq!(table.replaced.len(), count("replaced "));
        assert_eq!(table.dropped.len(), count("dropped "));
        assert_eq!(dropped_with("ImageVolume"), Some("the image volume, and the Pod runs without it and its mounts"));
    }

    #[test]
    fn a_field_exists_from_its_first_to_its_last_version() {
        let image = field("io.k8s.api.core.v1.Volume", "image");
        assert!(!image.exists_in(v(30)) && image.exists_in(v(31)) && image.exists_in(v(37)));
        assert_eq!(image.gate.map(|g| g.name), Some("ImageVolume"));
        let source = field("io.k8s.api.core.v1.PodResourceClaim", "source");
        assert!(source.exists_in(v(30)) && !source.exists_in(v(31)));
        assert!(replacement("io.k8s.api.core.v1.PodResourceClaim", "source").is_some());
        // Not in the table: there all along.
        assert_eq!(field("io.k8s.api.core.v1.Container", "image"), FieldVersions::ALWAYS);
    }

    #[test]
    fn a_gate_has_its_stage_and_default_per_version() {
        let image = gate("ImageVolume").unwrap();
        assert_eq!(image.in_version(v(30)), None);
        assert_eq!(image.in_version(v(31)).map(|s| (s.stage, s.on_by_default)), Some((Stage::Alpha, false)));
        assert_eq!(image.in_version(v(34)).map(|s| (s.stage, s.on_by_default)), Some((Stage::Beta, false)));
        assert_eq!(image.in_version(v(35)).map(|s| (s.stage, s.on_by_default)), Some((Stage::Beta, true)));
        assert_eq!(image.describe(v(33)).as_deref(), Some("beta, off by default until 1.35"));
        assert_eq!(image.describe(v(35)).as_deref(), Some("beta, on by default since 1.35"));
        let sidecars = gate("SidecarContainers").unwrap();
        assert_eq!(sidecars.describe(v(33)).as_deref(), Some("GA, on by default since 1.29"));
        // Beyond what the gate data knows, podls does not guess a stage.
        assert_eq!(image.in_version(v(37)), None);
    }

    #[test]
    fn the_target_decides_whether_a_gate_is_on() {
        let image = gate("ImageVolume").unwrap();
        assert_eq!(Target::new(v(33)).gate_verdict(image), GateVerdict::OffByDefault);
        assert_eq!(Target::new(v(30)).gate_verdict(image), GateVerdict::OffByDefault);
        assert_eq!(Target::new(v(35)).gate_verdict(image), GateVerdict::On);
        assert_eq!(Target::default().gate_verdict(image), GateVerdict::On);
        let mut on = Target::new(v(33));
        on.gates.insert("ImageVolume".into(), true);
        assert_eq!(on.gate_verdict(image), GateVerdict::On);
        let mut off = Target::default();
        off.gates.insert("ImageVolume".into(), false);
        assert_eq!(off.gate_verdict(image), GateVerdict::TurnedOff);
    }

    #[test]
    fn targets_read_from_settings_warn_about_what_they_cannot_use() {
        let (target, warnings) =
            Target::from_json(Some(&"v1.31".into()), Some(&serde_json::json!({"ImageVolume": true})));
        assert_eq!(target.version, v(31));
        assert_eq!(target.gates.get("ImageVolume"), Some(&true));
        assert!(warnings.is_empty(), "{warnings:?}");
        let (target, warnings) = Target::from_json(
            Some(&serde_json::json!(1.3)),
            Some(&serde_json::json!({"NoSuchGate": true, "ImageVolume": "yes"})),
        );
        assert!(target.version == KubernetesVersion::NEWEST && target.gates.len() == 1);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert_eq!(Target::from_json(None, None), (Target::default(), Vec::new()));
        assert!(Target::default().is_default());
    }

    #[test]
    fn gates_parse_as_the_feature_gates_flag_writes_them() {
        let gates = Target::parse_gates("ImageVolume=true, Foo=false").unwrap();
        assert_eq!(gates.into_iter().collect::<Vec<_>>(), [("Foo".into(), false), ("ImageVolume".into(), true)]);
        assert!(Target::parse_gates("ImageVolume").is_err());
        assert!(Target::parse_gates("ImageVolume=on").is_err());
    }
}
