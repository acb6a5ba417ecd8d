//! Pod manifests shaped by the embedded schema and filled with awkward values, for property tests and fuzzing.
//!
//! Random bytes rarely spell a Pod whose iSCSI volume has an `iqn`, so a fuzzer on bytes never reaches the rules that
//! read it. [`manifest`] walks the schema from `io.k8s.api.core.v1.Pod` instead: objects get some of their fields
//! (the required ones nearly always), arrays and maps a few items, enums their values, and every scalar a value from
//! a pool of strings and numbers that parsers and rules trip over, often mutated at a separator or a char boundary.
//! Now and then a key is a near miss, a value has the wrong shape, or a required field is left out. The tree is
//! written as YAML in block or flow style, quoted correctly or deliberately not, with LF or CRLF line breaks.
//!
//! Every choice is read from an [`Unstructured`], so proptest (feeding it random bytes) and libFuzzer (feeding it
//! its corpus) drive the same generator, and a failing input is just bytes.

use arbitrary::{Result, Unstructured};
use podls_engine::schema::{self, SchemaView, TypeKind};

/// A manifest's tree before it is written out.
#[derive(Clone, Debug)]
enum Value {
    /// A string: written plain when that reads back as the same string, quoted otherwise (or plain on purpose).
    Text(String),
    /// A number, boolean or null as YAML writes it (`8080`, `1e400`, `true`): always plain, or it would be a string.
    Typed(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

/// The most nodes one document gets; past it objects get only their required fields and collections stay empty.
const NODE_BUDGET: usize = 200;
/// How deep the walk follows the schema (it is recursive through `JSONSchemaProps`-like types).
const MAX_DEPTH: usize = 14;
/// The length in chars of a very long value: past every limit the rules know (names of 63 and 253, a 1,024-char
/// key), and still small beside a file.
const LONG_VALUE: usize = 4096;
/// A file has this many `---` documents at most.
const MAX_DOCUMENTS: u8 = 3;

/// Strings that parsers, quoting and rules special-case: multi-byte, combining, right-to-left, emoji (a ZWJ sequence
/// among them), lone indicators, prefixes the rules look for, YAML-looking text and words YAML 1.1 reads as
/// booleans or null.
const AWKWARD: &[&str] = &[
    "",
    "-",
    ".",
    ":",
    "#",
    "?",
    ",",
    "é",
    "e\u{301}",
    "日本語",
    "한국어",
    "שלום",
    "مرحبا",
    "\u{202E}rtl",
    "😀",
    "👩\u{200D}👩\u{200D}👧\u{200D}👦",
    "🏳\u{FE0F}\u{200D}🌈",
    "\u{FEFF}",
    "\u{200B}",
    "\u{0}",
    "\u{7}",
    "\u{85}",
    "\u{2028}",
    " ",
    " lead",
    "trail ",
    "a b",
    "tab\there",
    "line\nbreak",
    "two\n\nbreaks\n",
    "\r",
    "{a: b}",
    "[x]",
    "- x",
    "&a",
    "*a",
    "!!str",
    "!tag",
    "? x",
    "|",
    ">",
    "'",
    "\"",
    "\\",
    "%TAG",
    "@x",
    "`x`",
    "key: value",
    "a #b",
    "<<",
    "null",
    "~",
    "true",
    "yes",
    "NO",
    "on",
    "y",
    "eui.",
    "naa.",
    "iqn.",
    "iqn.2001-04.",
    "$(",
    "$(VAR)",
    "$$(VAR)",
    "$(VAR",
    "/",
    "//",
    "/..",
    "..",
    "../",
    "./",
    "C:\\x",
    "sha256:",
    "@sha256:",
    "http://",
    "*",
    "a/b/c",
    "=",
    "key=value",
    "0644",
];

/// Numbers as YAML writes them: edges of the integer types, past every integer type, hex and octal, floats that do
/// not fit, infinities and not-a-number, YAML 1.1 forms (`1_000`, sexagesimal).
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "80",
    "8080",
    "65535",
    "65536",
    "-65536",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "123456789012345678901234567890123456789012345678901234567890",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1e400",
    "-1e400",
    "1e3",
    "3.5",
    "-0.0",
    ".5",
    "1.",
    ".inf",
    "-.Inf",
    ".NaN",
    "1_000",
    "12:30:45",
    "+1",
];

/// Well-formed values of the shapes the rules check, to be used as they are or mutated into near misses.
const EXEMPLARS: &[&str] = &[
    "my-app",
    "app.kubernetes.io/name",
    "example.com/team-a",
    "nginx:1.25",
    "registry.example.com:5000/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "500m",
    "1Gi",
    "1.5",
    "10.0.0.1",
    "2001:db8::1",
    "/var/lib/data",
    "$(POD_NAME)",
    "2024-01-01T00:00:00Z",
    "MY_VAR",
    "http",
    "TCP",
    "default",
];

/// Exemplars for fields whose name says what shape they hold, so the rules that check those shapes get inputs
/// close to the edge of what they accept.
const FIELD_EXEMPLARS: &[(&[&str], &[&str])] = &[
    (
        &["iqn", "initiatorName"],
        &[
            "eui.0123456789ABCDEF",
            "naa.0123456789abcdef0123456789abcdef",
            "iqn.2001-04.com.example:storage.disk1",
            "iqn.2001-04.com.example",
        ],
    ),
    (
        &["image"],
        &[
            "nginx",
            "nginx:1.25",
            "registry.example.com:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ],
    ),
    (
        &["mountPath", "path", "devicePath", "subPath", "subPathExpr", "mountPropagation", "pdName", "volumePath"],
        &["/data", "/var/run/secrets", "a/../b", "../etc", "data/file.txt", "$(POD_NAME)/logs"],
    ),
    (&["targetWWNs", "wwids"], &["500a0982991b8dc5:1", "3600508b400105e210000900000490000"]),
    (&["command", "args", "value", "message"], &["$(MY_VAR)", "$$(MY_VAR)", "echo $(HOME)", "--flag=$(A)$(B)"]),
    (&["ip", "hostIP", "podIP", "clusterIP", "nameservers"], &["10.0.0.1", "::1", "2001:db8::1", "256.0.0.1"]),
    (&["hostnames", "hostname", "subdomain", "nodeName", "searches"], &["my-host", "a.example.com", "host_name"]),
    (&["key", "topologyKey", "name"], &["app", "app.kubernetes.io/name", "kubernetes.io/hostname", "MY_VAR"]),
    (&["runtimeClassName", "priorityClassName", "schedulerName", "serviceAccountName"], &["default", "my-class"]),
];

/// Characters that replace ASCII of the same byte length: text that measures the same but breaks differently, the
/// shape of a check that compares byte lengths and then slices.
const SAME_LENGTH: &[&str] = &["é", "ü", "日", "€", "😀", "𝄞"];

/// Builds a YAML file of one to three `---` documents, most of them schema-shaped Pods.
pub fn manifest(u: &mut Unstructured<'_>) -> Result<String> {
    let mut text = String::new();
    let documents = 1 + u.int_in_range(0..=MAX_DOCUMENTS - 1)?;
    for i in 0..documents {
        if i > 0 || chance(u, 8)? {
            text.push_str("---\n");
        }
        let mut generator = Generator { u: &mut *u, nodes: 0 };
        let pod = generator.pod()?;
        // A careless document writes some strings plain whatever they hold; most are careful, so that their YAML
        // parses and the schema and the rules get to see them.
        let careless = chance(u, 4)?;
        let mut writer = Writer { u: &mut *u, out: String::new(), careless };
        writer.document(&pod)?;
        text.push_str(&writer.out);
    }
    if chance(u, 8)? {
        text = text.replace('\n', "\r\n");
    }
    Ok(text)
}

/// `true` one time in `one_in`, read from one byte; `false` once the bytes run out, so that an exhausted input
/// stops adding fields rather than adding all of them.
fn chance(u: &mut Unstructured<'_>, one_in: u8) -> Result<bool> {
    if u.is_empty() {
        return Ok(false);
    }
    Ok(u.arbitrary::<u8>()? % one_in == 0)
}

struct Generator<'a, 'b> {
    u: &'a mut Unstructured<'b>,
    nodes: usize,
}

impl Generator<'_, '_> {
    fn pod(&mut self) -> Result<Value> {
        let pod = schema::schema().pod();
        let Value::Map(mut entries) = self.object(pod, 0)? else { unreachable!("a Pod is an object") };
        // `apiVersion` and `kind` decide whether the document is checked as a Pod at all: nearly always right,
        // sometimes a near miss, sometimes missing.
        entries.retain(|(key, _)| key != "apiVersion" && key != "kind");
        let api_version = if chance(self.u, 16)? { *self.u.choose(&["apps/v1", "V1", "v2", ""])? } else { "v1" };
        let kind = if chance(self.u, 16)? { *self.u.choose(&["pod", "Deployment", "Pód"])? } else { "Pod" };
        if !chance(self.u, 32)? {
            entries.insert(0, ("kind".to_owned(), Value::Text(kind.to_owned())));
        }
        if !chance(self.u, 32)? {
            entries.insert(0, ("apiVersion".to_owned(), Value::Text(api_version.to_owned())));
        }
        if !entries.iter().any(|(key, _)| key == "spec") && !chance(self.u, 16)? {
            let spec = pod.field("spec").expect("a Pod has a spec");
            entries.push(("spec".to_owned(), self.object(spec, 1)?));
        }
        Ok(Value::Map(entries))
    }

    fn exhausted(&self, depth: usize) -> bool {
        self.nodes >= NODE_BUDGET || depth >= MAX_DEPTH || self.u.is_empty()
    }

    fn value(&mut self, view: SchemaView<'static>, depth: usize) -> Result<Value> {
        self.nodes += 1;
        if chance(self.u, 48)? {
            return self.wrong_shape(view);
        }
        if view.is_nullable() && chance(self.u, 64)? {
            return Ok(Value::Typed(self.u.choose(&["", "null", "~"])?.to_string()));
        }
        match view.kind() {
            TypeKind::Object { .. } => self.object(view, depth),
            TypeKind::Map { .. } => {
                let values = view.values().expect("a map has a value type");
                let mut entries = Vec::new();
                let count = if self.exhausted(depth) { 0 } else { self.u.int_in_range(0..=3)? };
                for _ in 0..count {
                    entries.push((self.string(&[])?, self.value(values, depth + 1)?));
                }
                Ok(Value::Map(entries))
            }
            TypeKind::Array { .. } => {
                let items = view.items().expect("an array has an item type");
                let count = if self.exhausted(depth) { 0 } else { self.u.int_in_range(0..=3)? };
                (0..count).map(|_| self.value(items, depth + 1)).collect::<Result<_>>().map(Value::Seq)
            }
            TypeKind::String => self.string_for(view),
            TypeKind::Integer | TypeKind::Number => self.number(),
            TypeKind::Boolean => self.boolean(),
            TypeKind::IntOrString | TypeKind::Quantity => {
                if self.u.arbitrary()? {
                    self.number()
                } else {
                    self.string_for(view)
                }
            }
            TypeKind::Any => self.scalar(),
        }
    }

    fn object(&mut self, view: SchemaView<'static>, depth: usize) -> Result<Value> {
        let mut entries = Vec::new();
        let exhausted = self.exhausted(depth);
        // Shallow objects get more of their fields, so the walk reaches deep fields without exploding in width. Half
        // of the deeper ones are sparse, with a field or two, as most objects in real manifests are: a volume with
        // many of its thirty sources is checked for having more than one, and its sources are never looked into.
        let optional = view.properties().filter(|p| !p.is_required()).count();
        let one_in = match depth {
            0 | 1 => 2,
            _ if self.u.arbitrary()? => (optional * 2 / 3).clamp(2, 255) as u8,
            _ => 4,
        };
        // Fields are visited from a random one on, so the node budget does not always run out before the same
        // (alphabetically last) fields, such as `spec.volumes`.
        let fields: Vec<SchemaView<'static>> = view.properties().collect();
        let first = if fields.is_empty() { 0 } else { self.u.choose_index(fields.len())? };
        for field in fields.iter().cycle().skip(first).take(fields.len()).copied() {
            let name = field.name().expect("a property has a name");
            let include =
                if field.is_required() { !chance(self.u, 24)? } else { !exhausted && chance(self.u, one_in)? };
            if !include {
                continue;
            }
            let key = if chance(self.u, 48)? { self.near_miss(name)? } else { name.to_owned() };
            let value = self.value(field, depth + 1)?;
            entries.push((key, value));
        }
        if chance(self.u, 64)? {
            entries.push((self.string(&[])?, self.scalar()?));
        }
        if entries.len() > 1 && chance(self.u, 8)? {
            let i = self.u.choose_index(entries.len())?;
            let j = self.u.choose_index(entries.len())?;
            entries.swap(i, j);
        }
        Ok(Value::Map(entries))
    }

    /// A value of another shape than the schema's: a scalar for a collection, a collection for a scalar.
    fn wrong_shape(&mut self, view: SchemaView<'static>) -> Result<Value> {
        if view.is_mapping() || view.is_sequence() {
            return self.scalar();
        }
        if self.u.arbitrary()? {
            Ok(Value::Seq(vec![self.scalar()?]))
        } else {
            Ok(Value::Map(vec![(self.string(&[])?, self.scalar()?)]))
        }
    }

    /// A key one edit away from a real one: a changed case, a dropped, doubled or foreign character.
    fn near_miss(&mut self, name: &str) -> Result<String> {
        let chars: Vec<char> = name.chars().collect();
        let at = self.u.choose_index(chars.len().max(1))?.min(chars.len().saturating_sub(1));
        let mut out: Vec<char> = chars.clone();
        match self.u.int_in_range(0..=4)? {
            0 => out = name.to_uppercase().chars().collect(),
            1 if !out.is_empty() => {
                out.remove(at);
            }
            2 if !out.is_empty() => out.insert(at, out[at]),
            3 => out.insert(at, 'é'),
            _ => out.push('_'),
        }
        Ok(out.into_iter().collect())
    }

    fn scalar(&mut self) -> Result<Value> {
        match self.u.int_in_range(0..=2)? {
            0 => self.number(),
            1 => self.boolean(),
            _ => Ok(Value::Text(self.string(&[])?)),
        }
    }

    fn number(&mut self) -> Result<Value> {
        let number = *self.u.choose(NUMBERS)?;
        Ok(if chance(self.u, 16)? { Value::Text(number.to_owned()) } else { Value::Typed(number.to_owned()) })
    }

    fn boolean(&mut self) -> Result<Value> {
        let word = *self.u.choose(&["true", "false", "True", "FALSE", "yes", "off"])?;
        Ok(if chance(self.u, 16)? { Value::Text(word.to_owned()) } else { Value::Typed(word.to_owned()) })
    }

    /// A string for a field: from its enum when it has one, else from the exemplars of fields of its name.
    fn string_for(&mut self, view: SchemaView<'static>) -> Result<Value> {
        let enum_values: Vec<&str> = view.enum_values().iter().map(String::as_str).collect();
        if !enum_values.is_empty() && !chance(self.u, 4)? {
            let value = self.u.choose(&enum_values)?.to_string();
            return Ok(Value::Text(self.mutated(value)?));
        }
        let name = view.name().unwrap_or_default();
        let exemplars = FIELD_EXEMPLARS.iter().find(|(names, _)| names.contains(&name)).map_or(&[][..], |(_, e)| *e);
        Ok(Value::Text(self.string(exemplars)?))
    }

    /// A string: an exemplar (of the field, when given), an awkward string, or two or three of them joined; then
    /// sometimes mutated, sometimes made very long.
    fn string(&mut self, exemplars: &[&str]) -> Result<String> {
        let base = match self.u.int_in_range(0..=5)? {
            0 | 1 if !exemplars.is_empty() => self.u.choose(exemplars)?.to_string(),
            0 | 1 => self.u.choose(EXEMPLARS)?.to_string(),
            2 | 3 => self.u.choose(AWKWARD)?.to_string(),
            _ => {
                let parts = self.u.int_in_range(2..=3)?;
                let mut joined = String::new();
                for _ in 0..parts {
                    let pool = if self.u.arbitrary()? { AWKWARD } else { EXEMPLARS };
                    joined.push_str(self.u.choose(pool)?);
                }
                joined
            }
        };
        let mutated = if self.u.arbitrary()? { self.mutated(base)? } else { base };
        if chance(self.u, 128)? {
            let times = self.u.int_in_range(64..=1024)?;
            return Ok(mutated.repeat(times).chars().take(LONG_VALUE).collect());
        }
        Ok(mutated)
    }

    /// One edit of a string, at a place where rules cut strings: the start, a separator, or anywhere.
    fn mutated(&mut self, text: String) -> Result<String> {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let separators: Vec<usize> =
            text.char_indices().filter(|(_, c)| ".:/-_@=$(".contains(*c)).map(|(i, _)| i).collect();
        let at = match self.u.int_in_range(0..=2)? {
            0 => 0,
            1 if !separators.is_empty() => *self.u.choose(&separators)?,
            _ => *self.u.choose(&boundaries)?,
        };
        let mut out = text.clone();
        match self.u.int_in_range(0..=4)? {
            // Text of the same byte length but other char boundaries: ASCII at `at` replaced by one wider char.
            0 => {
                let wide = *self.u.choose(SAME_LENGTH)?;
                let end = at + wide.len();
                if text.get(at..end).is_some_and(|s| s.is_ascii()) {
                    out.replace_range(at..end, wide);
                }
            }
            1 => out.insert_str(at, self.u.choose(AWKWARD)?),
            2 => out.truncate(at),
            3 => {
                let next = boundaries.iter().copied().find(|&b| b > at).unwrap_or(at);
                out.replace_range(at..next, self.u.choose(AWKWARD)?);
            }
            _ => out = text.to_uppercase(),
        }
        Ok(out)
    }
}

/// Where a scalar is written: block context, or inside `[...]`/`{...}`, where `,[]{}` end a plain scalar.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Block,
    Flow,
}

struct Writer<'a, 'b> {
    u: &'a mut Unstructured<'b>,
    out: String,
    careless: bool,
}

impl Writer<'_, '_> {
    fn document(&mut self, root: &Value) -> Result<()> {
        match root {
            Value::Map(entries) if !entries.is_empty() && !chance(self.u, 32)? => self.block_map(entries, 0),
            other => {
                self.flow(other)?;
                self.out.push('\n');
                Ok(())
            }
        }
    }

    fn indent(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn block_map(&mut self, entries: &[(String, Value)], indent: usize) -> Result<()> {
        for (i, (key, value)) in entries.iter().enumerate() {
            if chance(self.u, 48)? {
                self.indent(indent);
                self.out.push_str("# ");
                self.out.push_str(self.u.choose(AWKWARD)?.lines().next().unwrap_or_default());
                self.out.push('\n');
            }
            // The first entry of a mapping in a sequence item follows its `- ` on the same line.
            if i > 0 || indent == 0 || !self.out.ends_with("- ") {
                self.indent(indent);
            }
            self.scalar(key, false, Context::Block)?;
            self.out.push(':');
            self.block_value(value, indent)?;
        }
        Ok(())
    }

    /// The value of a block mapping entry, after its `key:`.
    fn block_value(&mut self, value: &Value, indent: usize) -> Result<()> {
        match value {
            Value::Map(entries) if !entries.is_empty() && !chance(self.u, 8)? => {
                self.out.push('\n');
                self.block_map(entries, indent + 2)
            }
            Value::Seq(items) if !items.is_empty() && !chance(self.u, 8)? => {
                self.out.push('\n');
                // A sequence may sit at its key's indentation or deeper; YAML allows both.
                let deeper = if self.u.arbitrary()? { 2 } else { 0 };
                self.block_seq(items, indent + deeper)
            }
            Value::Text(text) if text.contains('\n') && literal_block_fits(text) && self.u.arbitrary()? => {
                self.out.push_str(" |-\n");
                for line in text.split('\n') {
                    if !line.is_empty() {
                        self.indent(indent + 2);
                    }
                    self.out.push_str(line);
                    self.out.push('\n');
                }
                Ok(())
            }
            Value::Text(_) | Value::Typed(_) => {
                self.out.push(' ');
                self.value_scalar(value, Context::Block)?;
                self.out.push('\n');
                Ok(())
            }
            collection => {
                self.out.push(' ');
                self.flow(collection)?;
                self.out.push('\n');
                Ok(())
            }
        }
    }

    fn block_seq(&mut self, items: &[Value], indent: usize) -> Result<()> {
        for item in items {
            self.indent(indent);
            self.out.push_str("- ");
            match item {
                Value::Map(entries) if !entries.is_empty() && !chance(self.u, 8)? => {
                    self.block_map(entries, indent + 2)?
                }
                Value::Seq(inner) if !inner.is_empty() && !chance(self.u, 8)? => {
                    self.out.push('\n');
                    self.block_seq(inner, indent + 2)?
                }
                Value::Text(_) | Value::Typed(_) => {
                    self.value_scalar(item, Context::Block)?;
                    self.out.push('\n');
                }
                collection => {
                    self.flow(collection)?;
                    self.out.push('\n');
                }
            }
        }
        Ok(())
    }

    fn flow(&mut self, value: &Value) -> Result<()> {
        match value {
            Value::Map(entries) => {
                self.out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.scalar(key, false, Context::Flow)?;
                    self.out.push_str(": ");
                    self.flow(value)?;
                }
                self.out.push('}');
            }
            Value::Seq(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.flow(item)?;
                }
                self.out.push(']');
            }
            scalar => self.value_scalar(scalar, Context::Flow)?,
        }
        Ok(())
    }

    fn value_scalar(&mut self, value: &Value, context: Context) -> Result<()> {
        match value {
            Value::Text(text) => self.scalar(text, false, context),
            Value::Typed(text) => self.scalar(text, true, context),
            _ => unreachable!("only scalars are written as scalars"),
        }
    }

    /// A scalar: typed ones plain; strings plain when that reads back as the same string, else single- or
    /// double-quoted; now and then plain on purpose whatever they hold.
    fn scalar(&mut self, text: &str, typed: bool, context: Context) -> Result<()> {
        let plain =
            typed || (plain_reads_back(text, context) && !chance(self.u, 8)?) || (self.careless && chance(self.u, 12)?);
        if plain && !text.is_empty() {
            self.out.push_str(text);
        } else if !text.chars().any(|c| c.is_control() || c == '\u{FEFF}') && self.u.arbitrary()? {
            self.out.push('\'');
            self.out.push_str(&text.replace('\'', "''"));
            self.out.push('\'');
        } else {
            self.out.push('"');
            for c in text.chars() {
                match c {
                    '"' => self.out.push_str("\\\""),
                    '\\' => self.out.push_str("\\\\"),
                    '\n' => self.out.push_str("\\n"),
                    '\t' => self.out.push_str("\\t"),
                    c if c.is_control() || c == '\u{FEFF}' || c == '\u{2028}' => {
                        self.out.push_str(&format!("\\u{:04X}", c as u32));
                    }
                    c => self.out.push(c),
                }
            }
            self.out.push('"');
        }
        Ok(())
    }
}

/// Whether a string written plain reads back as that same string (conservatively: when unsure, it is quoted).
fn plain_reads_back(text: &str, context: Context) -> bool {
    let Some(first) = text.chars().next() else { return false };
    let resolves_to_other_type = text.parse::<f64>().is_ok()
        || ["0x", "0o", "0b", "+", "-", ".", "~"].iter().any(|p| text.starts_with(p))
        || text.chars().all(|c| c.is_ascii_digit() || c == '_' || c == ':')
        || ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "<<", "="]
            .contains(&text.to_ascii_lowercase().as_str());
    !resolves_to_other_type
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.ends_with(':')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(|c| c.is_control() || matches!(c, '\u{FEFF}' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        && (context == Context::Block || !text.contains([',', '[', ']', '{', '}', ':']))
}

/// Whether a multi-line string can be written as a `|-` literal block and read back the same.
fn literal_block_fits(text: &str) -> bool {
    !text.ends_with('\n')
        && !text.starts_with([' ', '\t', '\n'])
        && !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{FEFF}' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        && text.split('\n').all(|line| !line.starts_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_that_would_read_as_something_else_are_quoted() {
        for text in
            ["8080", "1e400", "0x1F", ".inf", "true", "NO", "null", "~", "- x", "a: b", "a #b", "{a: b}", "", " x"]
        {
            assert!(!plain_reads_back(text, Context::Block), "{text:?}");
        }
        for text in ["nginx:1.25", "my-app", "é", "日本語", "a/b"] {
            assert!(plain_reads_back(text, Context::Block), "{text:?}");
        }
        assert!(!plain_reads_back("a,b", Context::Flow));
    }

    #[test]
    fn the_generator_reaches_deep_fields() {
        // Over a fixed set of inputs, some manifest holds an iSCSI volume and some a container's probe: the walk
        // goes as deep as the schema does.
        let mut seen_iscsi = false;
        let mut seen_probe = false;
        for seed in 0u64..400 {
            let bytes = pseudo_random_bytes(seed, 4096);
            let text = manifest(&mut Unstructured::new(&bytes)).expect("the generator never fails on bytes");
            seen_iscsi |= text.contains("iqn");
            seen_probe |= text.contains("livenessProbe") || text.contains("readinessProbe");
        }
        assert!(seen_iscsi && seen_probe);
    }

    /// splitmix64: fixed, well-spread bytes without a dependency.
    fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        (0..len.div_ceil(8)).flat_map(|_| next().to_le_bytes()).take(len).collect()
    }
}
