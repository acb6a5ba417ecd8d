//! Plain-scalar resolution as kubectl does it (go-yaml v2, YAML 1.1): `0600` is octal, `yes`/`off` are booleans.

use super::tree::ScalarValue;

/// Resolves an untagged plain scalar.
pub fn resolve_plain(text: &str) -> ScalarValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return ScalarValue::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return ScalarValue::Bool(false);
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarValue::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarValue::Float(f64::NAN),
        _ => {}
    }
    if !text.starts_with(['+', '-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) {
        return ScalarValue::String(text.to_owned());
    }
    if let Some(int) = parse_int(text) {
        return ScalarValue::Int(int);
    }
    if is_yaml_float(text) {
        let cleaned: String = text.chars().filter(|&c| c != '_').collect();
        if let Ok(float) = cleaned.parse::<f64>() {
            return ScalarValue::Float(float);
        }
    }
    ScalarValue::String(text.to_owned())
}

/// Go's `strconv.ParseInt(s, 0, 64)` after removing `_`: decimal, `0x` hex, `0b` binary, and `0o` or a leading `0` for
/// octal.
/// Integers too large for i64 are left to the float reading, as go-yaml does.
pub fn parse_int(text: &str) -> Option<i64> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (negative, digits) = if let Some(digits) = cleaned.strip_prefix('-') {
        (true, digits)
    } else {
        (false, cleaned.strip_prefix('+').unwrap_or(&cleaned))
    };
    let (radix, body) = if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        (16, hex)
    } else if let Some(bin) = digits.strip_prefix("0b").or_else(|| digits.strip_prefix("0B")) {
        (2, bin)
    } else if let Some(oct) = digits.strip_prefix("0o").or_else(|| digits.strip_prefix("0O")) {
        (8, oct)
    } else if let Some(oct) = digits.strip_prefix('0').filter(|rest| !rest.is_empty()) {
        (8, oct)
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(body, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

/// go-yaml v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, underscores allowed.
fn is_yaml_float(text: &str) -> bool {
    let bytes: Vec<u8> = text.bytes().filter(|&b| b != b'_').collect();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_scalars() {
        assert_eq!(resolve_plain("0600"), ScalarValue::Int(384));
        assert_eq!(resolve_plain("8080"), ScalarValue::Int(8080));
        assert_eq!(resolve_plain("-12"), ScalarValue::Int(-12));
        assert_eq!(resolve_plain("0x1F"), ScalarValue::Int(31));
        assert_eq!(resolve_plain("0o17"), ScalarValue::Int(15));
        assert_eq!(resolve_plain("1_000"), ScalarValue::Int(1000));
        assert_eq!(resolve_plain("yes"), ScalarValue::Bool(true));
        assert_eq!(resolve_plain("Off"), ScalarValue::Bool(false));
        assert_eq!(resolve_plain("~"), ScalarValue::Null);
        assert_eq!(resolve_plain("1e3"), ScalarValue::Float(1000.0));
        assert_eq!(resolve_plain("0.5"), ScalarValue::Float(0.5));
        assert_eq!(resolve_plain("09"), ScalarValue::Float(9.0));
        assert_eq!(resolve_plain("500m"), ScalarValue::String("500m".into()));
        assert_eq!(resolve_plain("1.2.3"), ScalarValue::String("1.2.3".into()));
        assert_eq!(resolve_plain("-"), ScalarValue::String("-".into()));
        assert_eq!(resolve_plain("99999999999999999999"), ScalarValue::Float(1e20));
    }
}
