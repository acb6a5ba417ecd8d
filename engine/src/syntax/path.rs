//! Field paths as the API server writes them (`spec.containers[1].name`), and path patterns
//! (`spec.{containers,initContainers}[*].ports[*].name`) with a walker that finds every node a pattern matches.
//!
//! A [`Path`] lives on the stack while a walk descends and is rendered only when something is reported, so matching
//! costs no allocation. A walk visits each node at most once per pattern step, so it is linear in the tree.

use std::fmt;

use crate::syntax::{Entry, Node};

/// A field path, built on the stack as a walk descends.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
    /// A map key written `[key]`, as in `resources.requests[memory]`.
    Subscript(&'a str),
}

impl<'a> Path<'a> {
    pub const ROOT: Path<'static> = Path { parent: None, seg: Seg::Root };

    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), seg: Seg::Key(key) }
    }

    pub fn index(&self, index: usize) -> Path<'_> {
        Path { parent: Some(self), seg: Seg::Index(index) }
    }

    pub fn subscript<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), seg: Seg::Subscript(key) }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.seg {
            Seg::Root => Ok(()),
            Seg::Key(key) => {
                if matches!(self.parent, Some(p) if !matches!(p.seg, Seg::Root)) {
                    f.write_str(".")?;
                }
                f.write_str(key)
            }
            Seg::Index(i) => write!(f, "[{i}]"),
            Seg::Subscript(key) => write!(f, "[{key}]"),
        }
    }
}

/// A path pattern: keys separated by `.`, where a key may be `*` (any key) or `{a,b,c}` (any of those, tried in that
/// order), and `[*]` is every item of a sequence. `spec.volumes[*].nfs.server`,
/// `spec.{containers,initContainers}[*].ports[*].name`, `metadata.labels.*`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern<'p> {
    steps: Vec<Step<'p>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step<'p> {
    /// One of these keys, in this order.
    Keys(Vec<&'p str>),
    AnyKey,
    AnyItem,
}

impl<'p> Pattern<'p> {
    /// Reads a pattern; `None` when it is malformed (an empty key, an unclosed `{` or `[`, an index other than `*`).
    pub fn parse(text: &'p str) -> Option<Pattern<'p>> {
        let mut steps = Vec::new();
        let mut rest = text;
        // Whether a key may start here: at the start, and after a `.`.
        let mut at_key = true;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("[*]") {
                steps.push(Step::AnyItem);
                rest = after;
                at_key = false;
                continue;
            }
            if !at_key {
                rest = rest.strip_prefix('.')?;
                at_key = true;
                continue;
            }
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let (key, after) = rest.split_at_checked(end)?;
            let step = match key {
                "" => return None,
                "*" => Step::AnyKey,
                _ => match key.strip_prefix('{').and_then(|k| k.strip_suffix('}')) {
                    Some(alternatives) => {
                        let keys: Vec<&str> = alternatives.split(',').collect();
                        if keys.iter().any(|k| k.is_empty()) {
                            return None;
                        }
                        Step::Keys(keys)
                    }
                    None if key.contains(['{', '}', ',', ']', '*']) => return None,
                    None => Step::Keys(vec![key]),
                },
            };
            steps.push(step);
            rest = after;
            at_key = false;
        }
        if at_key && !steps.is_empty() {
            // A trailing `.`.
            return None;
        }
        Some(Pattern { steps })
    }

    /// The keys the pattern's first step takes, when it names them.
    pub fn first_keys(&self) -> &[&'p str] {
        match self.steps.first() {
            Some(Step::Keys(keys)) => keys,
            _ => &[],
        }
    }

    /// The pattern without its first step.
    pub fn rest(&self) -> Pattern<'p> {
        Pattern { steps: self.steps.get(1..).unwrap_or_default().to_vec() }
    }
}

/// One node a pattern matched.
pub struct Match<'n, 'a> {
    pub node: &'n Node,
    /// The entry whose value `node` is, when the last step was a key.
    pub entry: Option<&'n Entry>,
    pub path: &'a Path<'a>,
}

/// Calls `found` with every node under `node` (whose path is `path`) that `pattern` matches, in document order
/// within each step (and in the order of `{…}` alternatives). Keys a later duplicate hides are skipped, as kubectl
/// keeps only the last.
pub fn walk<'n>(node: &'n Node, path: &Path<'_>, pattern: &Pattern<'_>, found: &mut dyn FnMut(Match<'n, '_>)) {
    descend(node, None, path, &pattern.steps, found);
}

fn descend<'n>(
    node: &'n Node,
    entry: Option<&'n Entry>,
    path: &Path<'_>,
    steps: &[Step<'_>],
    found: &mut dyn FnMut(Match<'n, '_>),
) {
    let Some((step, rest)) = steps.split_first() else {
        found(Match { node, entry, path });
        return;
    };
    match step {
        Step::Keys(keys) => {
            for key in keys {
                if let Some(child) = node.entry(key) {
                    descend(&child.value, Some(child), &path.key(key), rest, found);
                }
            }
        }
        Step::AnyKey => {
            for child in node.as_mapping().unwrap_or_default().iter().filter(|e| !e.shadowed) {
                if let Some(key) = child.key_str() {
                    descend(&child.value, Some(child), &path.key(key), rest, found);
                }
            }
        }
        Step::AnyItem => {
            for (i, item) in node.as_sequence().unwrap_or_default().iter().enumerate() {
                descend(item, None, &path.index(i), rest, found);
            }
        }
    }
}

/// Patterns walked together: the steps they start with in common are matched once, so a table of patterns over
/// the same lists costs about one walk.
pub struct PatternSet<'p> {
    root: Branch<'p>,
}

#[derive(Default)]
struct Branch<'p> {
    /// The patterns that end here, by their index in the set, in the order they were given.
    ends: Vec<usize>,
    children: Vec<(Step<'p>, Branch<'p>)>,
}

impl<'p> PatternSet<'p> {
    /// The set of `patterns`; a match reports the index of its pattern in this sequence.
    pub fn new(patterns: impl IntoIterator<Item = Pattern<'p>>) -> PatternSet<'p> {
        let mut root = Branch::default();
        for (index, pattern) in patterns.into_iter().enumerate() {
            let mut branch = &mut root;
            for step in pattern.steps {
                let at = match branch.children.iter().position(|(s, _)| *s == step) {
                    Some(at) => at,
                    None => {
                        branch.children.push((step, Branch::default()));
                        branch.children.len() - 1
                    }
                };
                branch = match branch.children.get_mut(at) {
                    Some((_, child)) => child,
                    None => return PatternSet { root },
                };
            }
            branch.ends.push(index);
        }
        PatternSet { root }
    }

    /// Calls `found` with the index of each pattern and each node it matches under `node`, as [`walk`] would.
    pub fn walk<'n>(&self, node: &'n Node, path: &Path<'_>, found: &mut dyn FnMut(usize, Match<'n, '_>)) {
        descend_set(&self.root, node, None, path, found);
    }
}

fn descend_set<'n>(
    branch: &Branch<'_>,
    node: &'n Node,
    entry: Option<&'n Entry>,
    path: &Path<'_>,
    found: &mut dyn FnMut(usize, Match<'n, '_>),
) {
    for &index in &branch.ends {
        found(index, Match { node, entry, path });
    }
    for (step, child) in &branch.children {
        match step {
            Step::Keys(keys) => {
                for key in keys {
                    if let Some(e) = node.entry(key) {
                        descend_set(child, &e.value, Some(e), &path.key(key), found);
                    }
                }
            }
            Step::AnyKey => {
                for e in node.as_mapping().unwrap_or_default().iter().filter(|e| !e.shadowed) {
                    if let Some(key) = e.key_str() {
                        descend_set(child, &e.value, Some(e), &path.key(key), found);
                    }
                }
            }
            Step::AnyItem => {
                for (i, item) in node.as_sequence().unwrap_or_default().iter().enumerate() {
                    descend_set(child, item, None, &path.index(i), found);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn matches(yaml: &str, pattern: &str) -> Vec<String> {
        let root = parse(yaml).root.expect("a tree");
        let pattern = Pattern::parse(pattern).expect("a pattern");
        let mut out = Vec::new();
        walk(&root, &Path::ROOT, &pattern, &mut |m| {
            out.push(format!("{} = {}", m.path, m.node.scalar_text().unwrap_or("{...}")));
        });
        out
    }

    #[test]
    fn keys_items_and_alternatives_are_matched_in_order_with_their_concrete_paths() {
        let yaml = "spec:\n  initContainers:\n  - name: init\n  containers:\n  - name: a\n  - image: x\n  - name: b\n";
        assert_eq!(
            matches(yaml, "spec.{containers,initContainers}[*].name"),
            ["spec.containers[0].name = a", "spec.containers[2].name = b", "spec.initContainers[0].name = init"]
        );
    }

    #[test]
    fn any_key_takes_every_kept_key_of_a_mapping() {
        let yaml = "metadata:\n  labels:\n    a: one\n    b: two\n    a: three\n";
        assert_eq!(matches(yaml, "metadata.labels.*"), ["metadata.labels.b = two", "metadata.labels.a = three"]);
    }

    #[test]
    fn nested_sequences_and_missing_or_wrongly_typed_steps() {
        let yaml = "a:\n- - 1\n  - 2\n- x\n- [3]\nb: 5\n";
        assert_eq!(matches(yaml, "a[*][*]"), ["a[0][0] = 1", "a[0][1] = 2", "a[2][0] = 3"]);
        assert!(matches(yaml, "b.c").is_empty());
        assert!(matches(yaml, "b[*]").is_empty());
        assert!(matches(yaml, "c").is_empty());
    }

    #[test]
    fn a_set_of_patterns_finds_what_each_pattern_finds_alone() {
        let yaml = "spec:\n  containers:\n  - name: a\n    env: [{name: X}]\n  - name: b\n  volumes: [{name: v}]\n";
        let root = parse(yaml).root.expect("a tree");
        let texts = [
            "spec.containers[*].name",
            "spec.containers[*].env[*].name",
            "spec.volumes[*].name",
            "spec.containers[*].name",
        ];
        let set = PatternSet::new(texts.iter().map(|t| Pattern::parse(t).expect("a pattern")));
        let mut together = Vec::new();
        set.walk(&root, &Path::ROOT, &mut |i, m| together.push((i, m.path.to_string())));
        together.sort();
        let mut alone = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let pattern = Pattern::parse(text).expect("a pattern");
            walk(&root, &Path::ROOT, &pattern, &mut |m| alone.push((i, m.path.to_string())));
        }
        alone.sort();
        assert_eq!(together, alone);
        assert_eq!(together.len(), 6);
    }

    #[test]
    fn the_empty_pattern_matches_the_start() {
        assert_eq!(matches("a: 1\n", ""), [" = {...}"]);
    }

    #[test]
    fn malformed_patterns_are_refused() {
        for bad in ["a..b", ".a", "a.", "a[0]", "a[*", "{a,}.b", "{a", "a*", "a]"] {
            assert_eq!(Pattern::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_pattern_can_be_walked_from_its_second_step() {
        let pattern = Pattern::parse("{secret,configMap}.items[*].mode").expect("a pattern");
        assert_eq!(pattern.first_keys(), ["secret", "configMap"]);
        assert_eq!(pattern.rest(), Pattern::parse("items[*].mode").expect("a pattern"));
    }

    #[test]
    fn paths_render_as_the_api_server_writes_them() {
        let spec = Path::ROOT.key("spec");
        let list = spec.key("containers");
        let item = list.index(1);
        let resources = item.key("resources");
        let requests = resources.key("requests");
        assert_eq!(requests.subscript("memory").to_string(), "spec.containers[1].resources.requests[memory]");
    }
}
