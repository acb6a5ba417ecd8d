//! Kubernetes resource quantities (`500m`, `1Gi`, `0.5`, `129e6`) parsed exactly as the API server's decoder does
//! (`k8s.io/apimachinery/pkg/api/resource.ParseQuantity`), compared by value, and printed in canonical and
//! human-readable forms.
//!
//! A value is kept as a count of nano-units in an `i128`: the API server rounds every quantity up to a multiple of
//! `1n` and caps binary-suffixed values at 2^63-1, so this is exact for everything the API server can hold. Values
//! beyond it (`1e40`) saturate, which keeps comparisons right in practice.
//!
//! Architecture Invariant: no IO and no tree types; this works on strings only, for rules, hover and completion.

use std::cmp::Ordering;
use std::fmt;

/// Nano-units in one unit.
const NANOS: i128 = 1_000_000_000;
/// Largest value (in units) of a binary-suffixed quantity: the API server caps it at 2^63-1.
const MAX_BINARY_UNITS: i128 = i64::MAX as i128;
/// Saturation bound for nano-unit arithmetic; far above anything a Pod can hold.
const SATURATED: i128 = i128::MAX / 1024;

/// The regular expression the API server names when a quantity has the wrong shape.
pub const QUANTITY_PATTERN: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// How a quantity was written, which decides how the API server prints it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `Ki`, `Mi`, … `Ei`: powers of 1024.
    BinarySI,
    /// `n`, `u`, `m`, none, `k`, `M`, … `E`: powers of 1000.
    DecimalSI,
    /// `e3`, `E-2`: a power of ten.
    DecimalExponent,
}

/// Why a string is not a quantity. [`QuantityError::message`] gives the API server's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// Not of the shape `<number><suffix>`.
    Format,
    /// The shape is right but the suffix is not one of the known ones (`1mi`, `2e`).
    Suffix,
    /// The number cannot be read.
    Numeric,
}

impl QuantityError {
    /// The API server's message.
    pub fn message(self) -> String {
        match self {
            QuantityError::Format => {
                format!("quantities must match the regular expression '{QUANTITY_PATTERN}'")
            }
            QuantityError::Suffix => "unable to parse quantity's suffix".to_owned(),
            QuantityError::Numeric => "unable to parse quantity's numeric part".to_owned(),
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// A parsed quantity.
#[derive(Clone, Copy, Debug)]
pub struct Quantity {
    nanos: i128,
    format: Format,
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl std::str::FromStr for Quantity {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

/// Decimal suffixes and their powers of ten.
const DECIMAL_SUFFIXES: [(&str, i32); 10] =
    [("n", -9), ("u", -6), ("m", -3), ("", 0), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)];
/// Binary suffixes and their powers of two.
const BINARY_SUFFIXES: [(&str, u32); 6] = [("Ki", 10), ("Mi", 20), ("Gi", 30), ("Ti", 40), ("Pi", 50), ("Ei", 60)];

impl Quantity {
    /// Parses `text` as the API server does. Surrounding white space is ignored, as in its JSON decoder.
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(QuantityError::Format);
        }
        let parts = split(text)?;
        let (base_ten, exponent, format) = interpret_suffix(parts.suffix).ok_or(QuantityError::Suffix)?;
        // The number as digits and a power of ten: `num.denom` = digits × 10^-len(denom).
        let mut digits: i128 = 0;
        let mut scale: i32 = -(parts.denom.len() as i32);
        let mut overflow = false;
        for b in parts.num.bytes().chain(parts.denom.bytes()) {
            match digits.checked_mul(10).and_then(|d| d.checked_add(i128::from(b - b'0'))) {
                Some(d) if d < SATURATED => digits = d,
                _ => {
                    // Too many digits: drop the rest (they cannot matter after saturation) and keep the magnitude.
                    overflow = true;
                    scale += 1;
                }
            }
        }
        let mut nanos = if base_ten {
            scale_nanos(digits, scale + exponent)
        } else {
            let shifted = scale_nanos(digits, scale);
            let factor = 1i128 << exponent;
            let value = shifted.checked_mul(factor).unwrap_or(SATURATED).min(SATURATED);
            value.min(MAX_BINARY_UNITS * NANOS)
        };
        if overflow {
            nanos = nanos.max(1);
        }
        let format = if format == Format::BinarySI && nanos > 0 && nanos < NANOS { Format::DecimalSI } else { format };
        Ok(Quantity { nanos: if parts.negative { -nanos } else { nanos }, format })
    }

    /// A quantity of `units` whole units (`Quantity::from_units(2)` is `2`).
    pub fn from_units(units: i64) -> Quantity {
        Quantity { nanos: i128::from(units) * NANOS, format: Format::DecimalSI }
    }

    /// The value in nano-units (`1` is 1,000,000,000; `500m` is 500,000,000).
    pub fn nanos(self) -> i128 {
        self.nanos
    }

    /// The value in milli-units, rounded up as the API server's `MilliValue` does.
    pub fn millis(self) -> i128 {
        ceil_div(self.nanos, 1_000_000)
    }

    /// The value in whole units, rounded up as the API server's `Value` does.
    pub fn units(self) -> i128 {
        ceil_div(self.nanos, NANOS)
    }

    /// How the quantity was written.
    pub fn format(self) -> Format {
        self.format
    }

    pub fn is_negative(self) -> bool {
        self.nanos < 0
    }

    pub fn is_zero(self) -> bool {
        self.nanos == 0
    }

    /// Whether the value is a whole number of units.
    pub fn is_integer(self) -> bool {
        self.nanos % NANOS == 0
    }

    /// The value as a float, for display and ratios.
    pub fn as_f64(self) -> f64 {
        self.nanos as f64 / NANOS as f64
    }

    /// The API server's canonical spelling: what `kubectl get -o yaml` shows (`0.5` → `500m`, `1024Mi` → `1Gi`,
    /// `1000m` → `1`).
    pub fn canonical(self) -> String {
        if self.nanos == 0 {
            return "0".to_owned();
        }
        let mut format = self.format;
        if format == Format::BinarySI && (self.nanos.abs() < 1024 * NANOS || self.nanos % NANOS != 0) {
            format = Format::DecimalSI;
        }
        let sign = if self.nanos < 0 { "-" } else { "" };
        let magnitude = self.nanos.abs();
        if format == Format::BinarySI {
            let mut units = magnitude / NANOS;
            let mut suffix = "";
            for (name, _) in BINARY_SUFFIXES {
                if units % 1024 != 0 {
                    break;
                }
                units /= 1024;
                suffix = name;
            }
            return format!("{sign}{units}{suffix}");
        }
        // Strip factors of ten, then make the exponent a multiple of three.
        let mut mantissa = magnitude;
        let mut exponent: i32 = -9;
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exponent += 1;
        }
        while exponent.rem_euclid(3) != 0 {
            mantissa *= 10;
            exponent -= 1;
        }
        let suffix = match format {
            Format::DecimalExponent => {
                if exponent == 0 {
                    String::new()
                } else {
                    format!("e{exponent}")
                }
            }
            _ => match DECIMAL_SUFFIXES.iter().find(|(_, e)| *e == exponent) {
                Some((s, _)) => (*s).to_owned(),
                None => format!("e{exponent}"),
            },
        };
        format!("{sign}{mantissa}{suffix}")
    }

    /// The value as a plain decimal number with digit grouping: `1Gi` → `1,073,741,824`, `500m` → `0.5`.
    pub fn plain(self) -> String {
        let sign = if self.nanos < 0 { "-" } else { "" };
        let magnitude = self.nanos.abs();
        let whole = group_digits(magnitude / NANOS);
        let fraction = magnitude % NANOS;
        if fraction == 0 {
            format!("{sign}{whole}")
        } else {
            let digits = format!("{fraction:09}");
            format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }

    /// A byte count for people: `1Gi` → `1,073,741,824 bytes (1 GiB)`, `256M` → `256,000,000 bytes (244.1 MiB)`.
    pub fn describe_bytes(self) -> String {
        let bytes = self.as_f64();
        let plain = self.plain();
        let unit = if plain == "1" { "byte" } else { "bytes" };
        let abs = bytes.abs();
        if abs < 1024.0 {
            return format!("{plain} {unit}");
        }
        let mut value = abs / 1024.0;
        let mut binary_unit = "KiB";
        for larger in ["MiB", "GiB", "TiB", "PiB", "EiB"] {
            if value < 1024.0 {
                break;
            }
            value /= 1024.0;
            binary_unit = larger;
        }
        let sign = if bytes < 0.0 { "-" } else { "" };
        let shown = if (value - value.round()).abs() < 1e-9 { format!("{value:.0}") } else { format!("{value:.1}") };
        format!("{plain} {unit} ({sign}{shown} {binary_unit})")
    }

    /// The quantity described for people in the unit of the resource it measures: CPU for `cpu` (and its
    /// `requests.`/`limits.` forms), bytes for `memory`, `ephemeral-storage`, `storage` and huge pages, and a plain
    /// number otherwise (`nvidia.com/gpu`).
    pub fn describe(self, resource: &str) -> String {
        let name = resource.strip_prefix("requests.").or_else(|| resource.strip_prefix("limits.")).unwrap_or(resource);
        match name {
            "cpu" => self.describe_cpu(),
            "memory" | "ephemeral-storage" | "storage" => self.describe_bytes(),
            _ if name.starts_with("hugepages-") => self.describe_bytes(),
            _ => self.plain(),
        }
    }

    /// A CPU amount for people: `500m` → `0.5 CPU (500 millicores)`, `2` → `2 CPUs`.
    pub fn describe_cpu(self) -> String {
        let plain = self.plain();
        let unit = if plain == "1" { "CPU" } else { "CPUs" };
        if self.is_integer() {
            format!("{plain} {unit}")
        } else {
            format!("{plain} {unit} ({} millicores)", group_digits(self.millis()))
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// Valid spellings for a string that is not a quantity, best first: `1GB` → `1G`, `1Gi`; `500mb` → `500M`,
/// `500Mi`; `1gi` → `1Gi`. Empty when there is no plausible reading.
pub fn suggestions(text: &str) -> Vec<String> {
    let text = text.trim();
    let number_end =
        text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-')).unwrap_or(text.len());
    let (number, unit) = text.split_at(number_end);
    if number.is_empty() || Quantity::parse(number).is_err() {
        return Vec::new();
    }
    let unit = unit.trim();
    let lower = unit.to_ascii_lowercase();
    let lower = lower.strip_suffix("bytes").or_else(|| lower.strip_suffix("byte")).unwrap_or(&lower);
    let lower = lower.strip_suffix('b').unwrap_or(lower);
    let out: Vec<String> = match lower {
        "" if unit.is_empty() => Vec::new(),
        "" => vec![number.to_owned()],
        "k" => vec![format!("{number}k"), format!("{number}Ki")],
        "ki" => vec![format!("{number}Ki")],
        "m" if unit.starts_with('m') && unit.len() == 1 => Vec::new(),
        "m" | "mi" if lower == "mi" => vec![format!("{number}Mi")],
        "m" => vec![format!("{number}M"), format!("{number}Mi")],
        "g" => vec![format!("{number}G"), format!("{number}Gi")],
        "gi" => vec![format!("{number}Gi")],
        "t" => vec![format!("{number}T"), format!("{number}Ti")],
        "ti" => vec![format!("{number}Ti")],
        "p" => vec![format!("{number}P"), format!("{number}Pi")],
        "pi" => vec![format!("{number}Pi")],
        "e" => vec![format!("{number}E"), format!("{number}Ei")],
        "ei" => vec![format!("{number}Ei")],
        _ => Vec::new(),
    };
    out.into_iter().filter(|s| s != text && Quantity::parse(s).is_ok()).collect()
}

struct Parts<'a> {
    negative: bool,
    num: &'a str,
    denom: &'a str,
    suffix: &'a str,
}

/// The API server's `parseQuantityString`: sign, integer digits, fraction digits, then a suffix made of the letters
/// `eEinumkKMGTP` optionally followed by a signed integer.
fn split(s: &str) -> Result<Parts<'_>, QuantityError> {
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let significant = unsigned.trim_start_matches('0');
    if significant.is_empty() {
        return Ok(Parts { negative, num: "0", denom: "", suffix: "" });
    }
    let (num, rest) = leading_digits(significant);
    let (denom, suffix) = match rest.strip_prefix('.') {
        Some(fraction) => leading_digits(fraction),
        None => ("", rest),
    };
    let exponent = suffix.trim_start_matches(|c| "eEinumkKMGTP".contains(c));
    let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
    if !leading_digits(exponent).1.is_empty() {
        return Err(QuantityError::Format);
    }
    Ok(Parts { negative, num, denom, suffix })
}

/// The ASCII digits `s` starts with, and the rest.
fn leading_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at_checked(end).unwrap_or((s, ""))
}

/// `(base is ten, exponent, format)` for a suffix, or `None` when the API server does not know it.
fn interpret_suffix(suffix: &str) -> Option<(bool, i32, Format)> {
    if let Some((_, e)) = DECIMAL_SUFFIXES.iter().find(|(s, _)| *s == suffix) {
        return Some((true, *e, Format::DecimalSI));
    }
    if let Some((_, e)) = BINARY_SUFFIXES.iter().find(|(s, _)| *s == suffix) {
        return Some((false, *e as i32, Format::BinarySI));
    }
    let rest = suffix.strip_prefix(['e', 'E'])?;
    if rest.is_empty() {
        return None;
    }
    let exponent: i64 = rest.parse().ok()?;
    Some((true, exponent.clamp(-1000, 1000) as i32, Format::DecimalExponent))
}

/// `digits × 10^power` in nano-units, rounded away from zero and saturated.
fn scale_nanos(digits: i128, power: i32) -> i128 {
    if digits == 0 {
        return 0;
    }
    let shift = power + 9;
    if shift >= 0 {
        let mut value = digits;
        for _ in 0..shift {
            value = match value.checked_mul(10) {
                Some(v) if v < SATURATED => v,
                _ => return SATURATED,
            };
        }
        value
    } else {
        let mut value = digits;
        let mut remainder = false;
        for _ in 0..(-shift) {
            if value == 0 {
                break;
            }
            remainder |= value % 10 != 0;
            value /= 10;
        }
        if remainder { value + 1 } else { value }
    }
}

fn ceil_div(value: i128, by: i128) -> i128 {
    let quotient = value.div_euclid(by);
    if value.rem_euclid(by) == 0 { quotient } else { quotient + 1 }
}

fn group_digits(value: i128) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn accepts_what_the_api_server_accepts() {
        for s in [
            "0", "1", "0.5", ".5", "500m", "1Gi", "1e3", "129e6", "1E", "+1", "-1", "1.", "256M", "  2  ", "1e-3",
            "0.1",
        ] {
            assert!(Quantity::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn rejects_what_the_api_server_rejects() {
        assert_eq!(Quantity::parse("1GB"), Err(QuantityError::Format));
        assert_eq!(Quantity::parse("500mb"), Err(QuantityError::Format));
        assert_eq!(Quantity::parse("1gi"), Err(QuantityError::Format));
        assert_eq!(Quantity::parse(""), Err(QuantityError::Format));
        assert_eq!(Quantity::parse("1.2.3"), Err(QuantityError::Format));
        assert_eq!(Quantity::parse("abc"), Err(QuantityError::Format));
        assert_eq!(Quantity::parse("1mi"), Err(QuantityError::Suffix));
        assert_eq!(Quantity::parse("2e"), Err(QuantityError::Suffix));
        assert_eq!(Quantity::parse("1Kii"), Err(QuantityError::Suffix));
    }

    #[test]
    fn values_and_comparison() {
        assert_eq!(q("1Gi").units(), 1_073_741_824);
        assert_eq!(q("0.5"), q("500m"));
        assert_eq!(q("1e3"), q("1k"));
        assert!(q("512Mi") > q("256Mi"));
        assert!(q("1G") < q("1Gi"));
        assert_eq!(q("1n").nanos(), 1);
        // Below a nano-unit rounds up, as the API server does.
        assert_eq!(q("0.0000000001").nanos(), 1);
        assert_eq!(q("100m").millis(), 100);
        assert!(q("-1").is_negative());
        assert!(q("2").is_integer() && !q("1.5").is_integer());
    }

    #[test]
    fn canonical_forms() {
        let cases = [
            ("0.5", "500m"),
            ("1000m", "1"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("1Gi", "1Gi"),
            ("1e3", "1e3"),
            ("1500", "1500"),
            ("1.5k", "1500"),
            ("0.1", "100m"),
            ("256M", "256M"),
            ("0", "0"),
            ("-2k", "-2k"),
            ("0.5Gi", "512Mi"),
            ("100Ki", "100Ki"),
            ("1000Ki", "1000Ki"),
        ];
        for (input, want) in cases {
            assert_eq!(q(input).canonical(), want, "{input}");
        }
    }

    #[test]
    fn human_forms() {
        assert_eq!(q("1Gi").plain(), "1,073,741,824");
        assert_eq!(q("1Gi").describe_bytes(), "1,073,741,824 bytes (1 GiB)");
        assert_eq!(q("256M").describe_bytes(), "256,000,000 bytes (244.1 MiB)");
        assert_eq!(q("500m").describe_cpu(), "0.5 CPUs (500 millicores)");
        assert_eq!(q("1").describe_cpu(), "1 CPU");
        assert_eq!(q("100").describe_bytes(), "100 bytes");
        assert_eq!(q("250m").describe("requests.cpu"), "0.25 CPUs (250 millicores)");
        assert_eq!(q("2Gi").describe("memory"), "2,147,483,648 bytes (2 GiB)");
        assert_eq!(q("4").describe("nvidia.com/gpu"), "4");
    }

    #[test]
    fn suggests_valid_spellings() {
        assert_eq!(suggestions("1GB"), ["1G", "1Gi"]);
        assert_eq!(suggestions("500mb"), ["500M", "500Mi"]);
        assert_eq!(suggestions("1gi"), ["1Gi"]);
        assert_eq!(suggestions("2 Gi"), ["2Gi"]);
        assert_eq!(suggestions("10KB"), ["10k", "10Ki"]);
        assert_eq!(suggestions("1mi"), ["1Mi"]);
        assert!(suggestions("lots").is_empty());
    }

    #[test]
    fn error_messages_are_the_api_servers() {
        assert_eq!(
            QuantityError::Format.message(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
        assert_eq!(QuantityError::Suffix.message(), "unable to parse quantity's suffix");
    }
}
