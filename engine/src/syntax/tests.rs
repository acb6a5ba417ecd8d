//! Fixture tests of the YAML layer through the whole-file analysis.

use crate::diagnostics::codes;
use crate::syntax::SyntaxErrorKind;
use crate::test_utils::check;

#[test]
fn clean_multi_document_file() {
    check(
        r#"# leading comment
---
apiVersion: v1
kind: ConfigMap
data: {a: "1"}
---
---
kind: Service
"#,
    );
}

#[test]
fn duplicate_keys() {
    check(
        r#"kind: ConfigMap
data:
  a: 1
  b: 2
  a: 3
# ^ duplicate-key: duplicate key `a`
"#,
    );
}

#[test]
fn a_key_set_three_times_in_small_and_large_mappings() {
    // Small mappings are compared key by key, large ones hashed: both must name the first setting and keep the last.
    for filler in [0, 20] {
        let mut text = String::from("a: 1\nb: 2\na: 3\n");
        for i in 0..filler {
            text.push_str(&format!("k{i}: {i}\n"));
        }
        text.push_str("a: last\n");
        let parse = crate::syntax::parse(&text);
        let errors: Vec<(usize, usize)> = parse
            .errors
            .iter()
            .filter(|e| e.kind == SyntaxErrorKind::DuplicateKey)
            .map(|e| (e.range.start, e.related.as_ref().map_or(usize::MAX, |(first, _)| first.start)))
            .collect();
        let last = text.rfind("a: last").unwrap();
        assert_eq!(errors, [(10, 0), (last, 0)], "{filler} more keys");
        let root = parse.root.unwrap();
        let entries = root.as_mapping().unwrap();
        let shadowed: Vec<&str> = entries.iter().filter(|e| e.shadowed).map(|e| e.key.as_str().unwrap()).collect();
        assert_eq!(shadowed, ["a", "a"], "{filler} more keys");
        assert_eq!(root.get("a").and_then(|a| a.as_str()), Some("last"));
    }
}

#[test]
fn syntax_error_in_the_middle_leaves_other_documents_analysed() {
    check(
        r#"kind: ConfigMap
a: 1
---
kind: ConfigMap
data:
  key
# ^^^ yaml-syntax: needs a `:`
  other: 2
---
kind: ConfigMap
x: 1
x: 2
#^ duplicate-key
"#,
    );
}

#[test]
fn missing_colon_is_reported_on_its_own_line() {
    check(
        r#"kind: ConfigMap
items:
  - name: a
    image
#   ^^^^^ yaml-syntax: needs a `:`
  - name: b
"#,
    );
}

#[test]
fn tabs_for_indentation() {
    check("kind: ConfigMap\ndata:\n\tkey: 1\n#^ yaml-syntax: tabs\n");
}

#[test]
fn near_misses_of_a_pod_are_reported() {
    // The documents are analysed as Pods too; what that finds is the rules' tests' concern.
    let identity = [codes::WRONG_KIND, codes::WRONG_API_VERSION, codes::MISSING_KIND];
    crate::test_utils::check_filtered(
        r#"apiVersion: v1
kind: pod
#     ^^^ wrong-kind: did you mean `Pod`
---
apiVersion: apps/v1
#           ^^^^^^^ wrong-api-version
kind: Pod
---
metadata:
#^^^^^^^^ missing-kind
  name: x
spec:
  containers: []
"#,
        |d| identity.contains(&d.code),
    );
}

#[test]
fn korean_text_keeps_columns() {
    check(
        r#"kind: ConfigMap
data:
  인사: "안녕 😀"
  인사: b
# ^^ duplicate-key
"#,
    );
}

#[test]
fn alias_bomb_is_bounded() {
    let mut text = String::from("kind: ConfigMap\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let prev = level - 1;
        let refs = vec![format!("*a{prev}"); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    let start = std::time::Instant::now();
    let parse = crate::syntax::parse(&text);
    assert!(parse.errors.iter().any(|e| e.kind == SyntaxErrorKind::Limit), "{:?}", parse.errors);
    let nodes = parse.root.as_ref().map_or(0, crate::syntax::Node::node_count);
    assert!(nodes <= crate::syntax::MAX_NODES + 1000, "{nodes} nodes");
    // Bounded work, not a timing assertion: a full expansion would be 10^12 nodes.
    let _ = start;
}

#[test]
fn deep_nesting_is_cut_off() {
    let depth = 5000;
    let text = format!("kind: ConfigMap\na: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let parse = crate::syntax::parse(&text);
    assert!(parse.errors.iter().any(|e| e.kind == SyntaxErrorKind::Limit), "{:?}", parse.errors);
    let block: String = (0..3000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let parse = crate::syntax::parse(&block);
    assert!(parse.errors.iter().any(|e| e.kind == SyntaxErrorKind::Limit));
}

#[test]
fn merge_keys_and_aliases() {
    let text = "base: &base\n  a: 1\n  b: 2\nchild:\n  <<: *base\n  b: 3\n";
    let root = crate::syntax::parse(text).root.unwrap();
    let child = root.get("child").unwrap();
    assert_eq!(child.get("a").and_then(|n| n.as_i64()), Some(1));
    assert_eq!(child.get("b").and_then(|n| n.as_i64()), Some(3));
    assert!(child.get("<<").is_none());
}

#[test]
fn yaml_1_1_octal_and_booleans_reach_json() {
    let text = "mode: 0600\nflag: yes\nquoted: \"0600\"\nnothing: ~\n";
    let json = crate::syntax::parse(text).root.unwrap().to_json();
    assert_eq!(json, serde_json::json!({"mode": 384, "flag": true, "quoted": "0600", "nothing": null}));
}

#[test]
fn flow_collections_with_trailing_commas() {
    let text = "a: {x: 1, y: [1, 2,],}\n";
    let parse = crate::syntax::parse(text);
    assert!(parse.errors.is_empty());
    let a = parse.root.unwrap().get("a").unwrap().clone();
    assert_eq!(&text[a.range.as_range()], "{x: 1, y: [1, 2,],}");
}

#[test]
fn a_colon_in_a_long_value_is_not_called_a_long_key() {
    let text = format!("kind: ConfigMap\ndata:\n  note: {}: x\n", "a".repeat(2000));
    let parse = crate::syntax::parse(&text);
    let syntax = parse.errors.iter().find(|e| e.kind == SyntaxErrorKind::Invalid).expect("a syntax error");
    assert!(!syntax.message.contains("1024"), "{}", syntax.message);
}

/// Shapes from real manifests that kubectl applies (go-yaml, like libyaml, does not check indentation inside quotes or
/// flow collections): no syntax error, and the values read whole.
#[test]
fn continuation_lines_and_closing_brackets_at_the_key_indentation_are_read() {
    let text = "spec:\n  attrs:\n    description: 'Attrs defines\n    The precedence'\n    other: \"a\n  b\"\n  args: [\n    \"a\",\n  ]\n  mounts: [{\n    name: w,\n  }]\n";
    let parse = super::parse(text);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);
    let json = parse.root.expect("a tree").to_json();
    assert_eq!(
        json,
        serde_json::json!({"spec": {
            "attrs": {"description": "Attrs defines The precedence", "other": "a b"},
            "args": ["a"],
            "mounts": [{"name": "w"}],
        }})
    );
}
