//! `IntOrString` fields that count Pods either as a number or as a percentage of the replicas (`maxSurge`,
//! `maxUnavailable`, a PodDisruptionBudget's `minAvailable`), as the apps validation reads them.

use super::format;
use crate::syntax::{Node, ScalarValue};

/// An int-or-percent value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(i64),
    Percent(i64),
}

impl IntOrPercent {
    /// Reads a value: an integer, or a string of digits ending in `%`. `Err` holds the API server's message for a
    /// string that is not a percentage; `Ok(None)` is a value of another type (the schema reports it).
    pub fn from_node(node: &Node) -> Result<Option<IntOrPercent>, String> {
        match &node.as_scalar().map(|s| &s.value) {
            Some(ScalarValue::Int(n)) => Ok(Some(IntOrPercent::Int(*n))),
            Some(ScalarValue::String(text)) => {
                let problems = format::percent(text);
                if let Some(problem) = problems.into_iter().next() {
                    return Err(problem);
                }
                let digits = text.strip_suffix('%').unwrap_or(text);
                // Digits only, so the one way this fails is a number too large for any count: saturate.
                Ok(Some(IntOrPercent::Percent(digits.parse().unwrap_or(i64::MAX))))
            }
            _ => Ok(None),
        }
    }

    /// The number or the percentage, as the API server compares them (`getIntOrPercentValue`): `0` and `0%` are
    /// both zero.
    pub fn value(self) -> i64 {
        match self {
            IntOrPercent::Int(n) | IntOrPercent::Percent(n) => n,
        }
    }

    pub fn is_percent(self) -> bool {
        matches!(self, IntOrPercent::Percent(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn read(text: &str) -> Result<Option<IntOrPercent>, String> {
        IntOrPercent::from_node(&parse(text).root.unwrap())
    }

    #[test]
    fn numbers_and_percentages() {
        assert_eq!(read("1"), Ok(Some(IntOrPercent::Int(1))));
        assert_eq!(read("25%"), Ok(Some(IntOrPercent::Percent(25))));
        assert_eq!(read("\"0%\"").map(|v| v.map(IntOrPercent::value)), Ok(Some(0)));
        assert_eq!(read("true"), Ok(None));
        assert!(read("\"2\"").unwrap_err().starts_with("a valid percent string must be a numeric string"));
        assert!(read("25 %").is_err());
        assert!(read("\"%\"").is_err());
    }
}
