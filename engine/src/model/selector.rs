//! Label selectors (`matchLabels` and `matchExpressions`) as the API server evaluates them
//! (`metav1.LabelSelectorAsSelector`): every requirement must hold; an empty selector selects everything.
//!
//! A workload's selector must select its own Pod template's labels; this is what decides whether it does.

use crate::syntax::Node;
use crate::text::TextRange;

/// One requirement on the labels, where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub key: String,
    pub operator: Operator,
    pub values: Vec<String>,
    /// The `matchLabels` entry or the `matchExpressions` item.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operator {
    /// A `matchLabels` entry: the label is set to the one value.
    Equals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    /// An operator the API server does not know: the selector cannot be evaluated.
    Unknown(String),
}

/// A label selector read from the tree. Entries of the wrong shape are skipped (the schema reports them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// Reads a `LabelSelector` mapping.
    pub fn from_node(node: &Node) -> LabelSelector {
        let mut requirements = Vec::new();
        if let Some(labels) = node.get("matchLabels").and_then(Node::as_mapping) {
            for entry in labels.iter().filter(|e| !e.shadowed) {
                if let (Some(key), Some(value)) = (entry.key_str(), entry.value.scalar_text()) {
                    let values = vec![value.to_owned()];
                    requirements.push(Requirement {
                        key: key.to_owned(),
                        operator: Operator::Equals,
                        values,
                        range: entry.range(),
                    });
                }
            }
        }
        for item in node.get("matchExpressions").and_then(Node::as_sequence).unwrap_or_default() {
            let (Some(key), Some(operator)) = (item.get("key").and_then(Node::scalar_text), item.get("operator"))
            else {
                continue;
            };
            let operator = match operator.scalar_text().unwrap_or("") {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => Operator::Unknown(other.to_owned()),
            };
            let values = item
                .get("values")
                .and_then(Node::as_sequence)
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.scalar_text().map(str::to_owned))
                .collect();
            requirements.push(Requirement { key: key.to_owned(), operator, values, range: item.range });
        }
        LabelSelector { requirements }
    }

    /// Whether the selector has no requirement at all (it selects every object; workloads forbid that).
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Whether every requirement holds for `labels`; `None` when an operator is unknown, so nothing can be said.
    pub fn matches(&self, labels: Labels<'_>) -> Option<bool> {
        Some(self.unmet(labels)?.is_empty())
    }

    /// The requirements `labels` fail, in the order written; `None` when an operator is unknown.
    pub fn unmet(&self, labels: Labels<'_>) -> Option<Vec<&Requirement>> {
        let mut unmet = Vec::new();
        for requirement in &self.requirements {
            let value = labels.get(&requirement.key);
            let holds = match requirement.operator {
                Operator::Equals | Operator::In => value.is_some_and(|v| requirement.values.iter().any(|w| w == v)),
                Operator::NotIn => value.is_none_or(|v| requirement.values.iter().all(|w| w != v)),
                Operator::Exists => value.is_some(),
                Operator::DoesNotExist => value.is_none(),
                Operator::Unknown(_) => return None,
            };
            if !holds {
                unmet.push(requirement);
            }
        }
        Some(unmet)
    }
}

/// The labels of a `metadata.labels` mapping (none when it is missing), for [`LabelSelector::matches`].
#[derive(Clone, Copy, Debug)]
pub struct Labels<'a>(pub Option<&'a Node>);

impl<'a> Labels<'a> {
    /// A label's value; with a duplicated key the last one wins, as in kubectl.
    pub fn get(self, key: &str) -> Option<&'a str> {
        self.0?.get(key)?.scalar_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn verdict(selector: &str, labels: &str) -> Option<bool> {
        let selector = parse(selector).root.unwrap();
        let labels = parse(labels).root;
        LabelSelector::from_node(&selector).matches(Labels(labels.as_ref()))
    }

    #[test]
    fn match_labels_must_all_be_set_to_their_value() {
        assert_eq!(verdict("matchLabels: {app: web}", "{app: web, tier: front}"), Some(true));
        assert_eq!(verdict("matchLabels: {app: web, tier: back}", "{app: web, tier: front}"), Some(false));
        assert_eq!(verdict("matchLabels: {app: web}", "{}"), Some(false));
        // A number is matched by its text, as the API server sees a label value.
        assert_eq!(verdict("matchLabels: {version: \"2\"}", "{version: \"2\"}"), Some(true));
    }

    #[test]
    fn each_operator() {
        let labels = "{app: web, env: prod}";
        assert_eq!(
            verdict("matchExpressions: [{key: env, operator: In, values: [prod, staging]}]", labels),
            Some(true)
        );
        assert_eq!(verdict("matchExpressions: [{key: env, operator: In, values: [dev]}]", labels), Some(false));
        assert_eq!(verdict("matchExpressions: [{key: env, operator: NotIn, values: [dev]}]", labels), Some(true));
        // NotIn holds when the label is absent.
        assert_eq!(verdict("matchExpressions: [{key: zone, operator: NotIn, values: [a]}]", labels), Some(true));
        assert_eq!(verdict("matchExpressions: [{key: app, operator: Exists}]", labels), Some(true));
        assert_eq!(verdict("matchExpressions: [{key: app, operator: DoesNotExist}]", labels), Some(false));
        assert_eq!(verdict("matchExpressions: [{key: app, operator: Matches}]", labels), None);
    }

    #[test]
    fn an_empty_selector_selects_everything() {
        let selector = LabelSelector::from_node(&parse("{}").root.unwrap());
        assert!(selector.is_empty());
        assert_eq!(selector.matches(Labels(None)), Some(true));
    }

    #[test]
    fn unmet_names_the_failing_requirements() {
        let selector = parse("matchLabels: {app: web, tier: back}").root.unwrap();
        let labels = parse("{app: web, tier: front}").root;
        let selector = LabelSelector::from_node(&selector);
        let unmet = selector.unmet(Labels(labels.as_ref())).unwrap();
        assert_eq!(unmet.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["tier"]);
    }
}
