//! The shared string formats of apimachinery's `util/validation` (DNS-1123 labels and subdomains, qualified names,
//! label values, IANA service names, environment variable and config keys), as hand-written matchers that return the
//! API server's messages.
//!
//! Each check returns the list of problems, empty when the value is valid, exactly as the upstream functions do, so
//! callers can join them the way the API server does.

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_SUBDOMAIN_UNDERSCORE_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QUALIFIED_NAME_SLASHES_MSG: &str = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const CONFIG_KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const ENV_NAME_MSG: &str =
    "a valid environment variable name must consist only of printable ASCII characters other than '='";
const ENV_NAME_STRICT_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
const PERCENT_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";
const HTTP_HEADER_MSG: &str = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn matches_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(|&c| is_lower_alnum(c))
        && b.last().is_some_and(|&c| is_lower_alnum(c))
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
}

fn matches_dns_subdomain(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(matches_dns_label)
}

/// `_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?`: a DNS label that may start with one `_` and hold more inside (`_sip`).
fn matches_dns_label_with_underscore(s: &str) -> bool {
    let rest = s.strip_prefix('_').unwrap_or(s);
    let b = rest.as_bytes();
    b.first().is_some_and(|&c| is_lower_alnum(c))
        && b.last().is_some_and(|&c| is_lower_alnum(c))
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-' || c == b'_')
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
fn matches_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `IsDNS1123Label`.
pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_owned());
    }
    if !matches_dns_label(s) {
        if matches_dns_subdomain(s) {
            errs.push("must not contain dots".to_owned());
        } else {
            errs.push(DNS1123_LABEL_MSG.to_owned());
        }
    }
    errs
}

/// `IsDNS1123Subdomain`.
pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_owned());
    }
    if !matches_dns_subdomain(s) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_owned());
    }
    errs
}

/// `IsDNS1123SubdomainWithUnderscore`: DNS search domains such as `_sip._tcp.example.com`.
pub fn dns1123_subdomain_with_underscore(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_owned());
    }
    if s.is_empty() || !s.split('.').all(matches_dns_label_with_underscore) {
        errs.push(DNS1123_SUBDOMAIN_UNDERSCORE_MSG.to_owned());
    }
    errs
}

/// `IsQualifiedName`: an optional DNS subdomain prefix and `/`, then a name part.
pub fn qualified_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let mut parts = s.split('/');
    let first = parts.next().unwrap_or_default();
    let (prefix, name) = match (parts.next(), parts.next()) {
        (None, _) => (None, first),
        (Some(name), None) => (Some(first), name),
        (Some(_), Some(_)) => return vec![QUALIFIED_NAME_SLASHES_MSG.to_owned()],
    };
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            errs.push("prefix part must be non-empty".to_owned());
        } else {
            errs.extend(dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".to_owned());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_owned());
    }
    // An empty name part fails the pattern too, and the API server says so as a second error.
    if !matches_qualified_name_part(name) {
        errs.push(QUALIFIED_NAME_MSG.to_owned());
    }
    errs
}

/// `IsValidLabelValue`.
pub fn label_value(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_owned());
    }
    if !s.is_empty() && !matches_qualified_name_part(s) {
        errs.push(LABEL_VALUE_MSG.to_owned());
    }
    errs
}

/// `IsValidPortName`: an IANA service name.
pub fn port_name(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 15 {
        errs.push("must be no more than 15 characters".to_owned());
    }
    if !s.bytes().all(|c| is_lower_alnum(c) || c == b'-') || s.is_empty() {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned());
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_owned());
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens".to_owned());
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_owned());
    }
    errs
}

/// `IsValidPortNum`.
pub fn port_number(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) { Vec::new() } else { vec!["must be between 1 and 65535, inclusive".to_owned()] }
}

/// The relaxed environment variable name rule, the API server's default: printable ASCII without `=`.
pub fn env_var_name(s: &str) -> Vec<String> {
    if !s.is_empty() && s.bytes().all(|c| (b' '..=b'~').contains(&c) && c != b'=') {
        Vec::new()
    } else {
        vec![ENV_NAME_MSG.to_owned()]
    }
}

/// `IsEnvVarName`, the rule before `RelaxedEnvironmentVariableValidation` was on by default (1.32).
pub fn env_var_name_strict(s: &str) -> Vec<String> {
    let word = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_');
    let valid = s.bytes().next().is_some_and(|c| word(c) && !c.is_ascii_digit()) && s.bytes().all(word);
    if valid { Vec::new() } else { vec![ENV_NAME_STRICT_MSG.to_owned()] }
}

/// `IsConfigMapKey`.
pub fn config_map_key(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_owned());
    }
    if !s.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')) || s.is_empty() {
        errs.push(CONFIG_KEY_MSG.to_owned());
    }
    if s == "." {
        errs.push("must not be '.'".to_owned());
    } else if s == ".." {
        errs.push("must not be '..'".to_owned());
    } else if s.starts_with("..") {
        errs.push("must not start with '..'".to_owned());
    }
    errs
}

/// `IsHTTPHeaderName`.
pub fn http_header_name(s: &str) -> Vec<String> {
    if !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
        Vec::new()
    } else {
        vec![HTTP_HEADER_MSG.to_owned()]
    }
}

/// `validateLocalDescendingPath` plus the `..` checks of `ValidateLocalNonReservedPath`: a relative path with no `..`
/// element.
pub fn local_path(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.starts_with('/') {
        errs.push("must be a relative path".to_owned());
    }
    if s.split('/').any(|part| part == "..") {
        errs.push("must not contain '..'".to_owned());
    }
    errs
}

/// Whether `s` is an IPv4 or IPv6 address.
pub fn is_ip(s: &str) -> bool {
    s.parse::<std::net::IpAddr>().is_ok()
}

/// `IsValidPercent`: digits followed by `%`.
pub fn percent(s: &str) -> Vec<String> {
    match s.strip_suffix('%') {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => Vec::new(),
        _ => vec![PERCENT_MSG.to_owned()],
    }
}

/// The problems joined the way the API server joins them.
pub fn join(errs: &[String]) -> String {
    errs.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_label() {
        assert!(dns1123_label("my-name").is_empty());
        assert!(dns1123_label("123-abc").is_empty());
        assert_eq!(dns1123_label("a.b"), ["must not contain dots"]);
        assert!(dns1123_label("Web_Server")[0].starts_with("a lowercase RFC 1123 label"));
        assert!(!dns1123_label(&"a".repeat(64)).is_empty());
        assert!(!dns1123_label("-a").is_empty());
    }

    #[test]
    fn subdomain_and_qualified_names() {
        assert!(dns1123_subdomain("example.com").is_empty());
        assert!(!dns1123_subdomain("Nginx_Frontend").is_empty());
        assert!(!dns1123_subdomain("a..b").is_empty());
        assert!(qualified_name("app.kubernetes.io/name").is_empty());
        assert!(qualified_name("MyName").is_empty());
        assert!(!qualified_name("cost center").is_empty());
        assert!(!qualified_name("a/b/c").is_empty());
        assert!(!qualified_name("/x").is_empty());
        assert!(!qualified_name("Example.com/x").is_empty());
    }

    #[test]
    fn label_values_and_ports() {
        assert!(label_value("").is_empty());
        assert!(label_value("my_value").is_empty());
        assert!(!label_value("-x").is_empty());
        assert!(port_name("http").is_empty());
        assert_eq!(port_name("otlp-http-receiver"), ["must be no more than 15 characters"]);
        assert!(!port_name("8080").is_empty());
        assert!(!port_name("a--b").is_empty());
        assert!(!port_name("HTTP").is_empty());
    }

    #[test]
    fn keys_and_env_names() {
        assert!(env_var_name("MY_VAR").is_empty());
        assert!(env_var_name("1abc").is_empty());
        assert!(!env_var_name("A=B").is_empty());
        assert!(!env_var_name("").is_empty());
        assert!(config_map_key("key.name").is_empty());
        assert!(!config_map_key("..x").is_empty());
        assert!(!config_map_key("a/b").is_empty());
        assert!(http_header_name("X-Custom").is_empty());
        assert!(!http_header_name("X Custom").is_empty());
        assert!(local_path("a/b").is_empty());
        assert!(!local_path("/a").is_empty());
        assert!(!local_path("a/../b").is_empty());
    }
}
