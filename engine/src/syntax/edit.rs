//! Text edits for quick fixes that add YAML: a key into a mapping, an item into a sequence, in block or flow style,
//! at the indentation of what is already there.

use crate::syntax::Node;
use crate::text::{Edit, TextRange};

/// Whether `node` is written in flow style (`{…}` or `[…]`).
pub(crate) fn is_flow(text: &str, node: &Node) -> bool {
    matches!(text.as_bytes().get(node.range.start), Some(b'{' | b'['))
}

/// The column (in characters) of `offset` on its line; every character before it counts, `- ` included.
fn column(text: &str, offset: usize) -> Option<usize> {
    let before = text.get(..offset)?;
    Some(before.rsplit(['\n', '\r']).next().unwrap_or_default().chars().count())
}

/// Indents every line after the first of `block` by `indent` spaces.
fn indent_lines(block: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::with_capacity(block.len() + 16);
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&pad);
        }
        out.push_str(line);
    }
    out
}

/// An edit adding an entry to a mapping: `block` (one or more lines, `key: value`, nested lines indented relative
/// to the key) for block style, `flow` (`key: value`) for flow style. `None` when the mapping is empty or merged.
pub(crate) fn insert_entry(text: &str, mapping: &Node, block: &str, flow: &str) -> Option<Edit> {
    let entries = mapping.as_mapping()?;
    if is_flow(text, mapping) {
        let last = entries.iter().rev().find(|e| !e.merged)?;
        return Some(Edit {
            range: TextRange::empty(last.value.range.end.max(last.key.range.end)),
            text: format!(", {flow}"),
        });
    }
    let first = entries.first().filter(|e| !e.merged)?;
    let at = first.key.range.start;
    let indent = column(text, at)?;
    // The new key takes the first key's place; the old first key moves to the next line at the same column.
    Some(Edit { range: TextRange::empty(at), text: format!("{}\n{}", indent_lines(block, indent), " ".repeat(indent)) })
}

/// An edit appending an item to a sequence: `block` is the item's content after `- ` (nested lines indented relative
/// to that content), `flow` its flow form.
pub(crate) fn append_item(text: &str, sequence: &Node, block: &str, flow: &str) -> Option<Edit> {
    let items = sequence.as_sequence()?;
    if is_flow(text, sequence) {
        return match items.last() {
            Some(last) => Some(Edit { range: TextRange::empty(last.range.end), text: format!(", {flow}") }),
            None => {
                let close = text.get(sequence.range.as_range())?.rfind(']')? + sequence.range.start;
                Some(Edit { range: TextRange::empty(close), text: flow.to_owned() })
            }
        };
    }
    let first = items.first()?;
    let dash = item_dash(text, first.range.start)?;
    let dash_col = column(text, dash)?;
    // Insert before the first item: `- <new>\n<indent>` keeps the old first item where it was.
    Some(Edit {
        range: TextRange::empty(dash),
        text: format!("- {}\n{}", indent_lines(block, dash_col + 2), " ".repeat(dash_col)),
    })
}

/// The offset of the `-` that introduces a block sequence item starting at `item_start`.
fn item_dash(text: &str, item_start: usize) -> Option<usize> {
    let before = text.get(..item_start)?;
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.ends_with('-').then(|| trimmed.len() - 1)
}

/// `value` written as a scalar that YAML reads back as the same string, in a block or a flow collection: plain when
/// it can be (not `500`, `null` or `yes`, which read as other types), else double-quoted.
pub(crate) fn string_scalar(value: &str) -> String {
    let reads_back = super::parse(value).root.as_ref().and_then(Node::as_str) == Some(value);
    // Indicators that end a plain scalar in a flow collection, and line breaks that end it in a mapping.
    let breaks = [':', '#', ',', '{', '}', '[', ']', '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];
    if reads_back && !value.contains(breaks) { value.to_owned() } else { double_quoted(value) }
}

/// `value` as a double-quoted scalar. Besides quotes, backslashes and control characters, the characters libyaml
/// reads as line breaks (U+0085, U+2028, U+2029), or refuses in a stream, or takes for a byte order mark, are escaped.
fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c if !super::parse::is_yaml_printable(c) => match u32::from(c) {
                code @ 0..=0xFFFF => out.push_str(&format!("\\u{code:04X}")),
                code => out.push_str(&format!("\\U{code:08X}")),
            },
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The replacement text for a scalar, keeping its quoting style.
pub(crate) fn same_style(text: &str, node: &Node, value: &str) -> String {
    match text.as_bytes().get(node.range.start) {
        Some(b'"') => format!("\"{value}\""),
        Some(b'\'') => format!("'{value}'"),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::string_scalar;

    #[test]
    fn a_string_scalar_reads_back_as_the_same_string_in_a_block_and_in_a_flow_mapping() {
        let values = [
            "web",
            "500",
            "0x1F",
            "null",
            "~",
            "yes",
            "True",
            "",
            "-",
            "? x",
            "a: b",
            "#x",
            "x #y",
            ",",
            "[a]",
            "{a}",
            "é",
            "😀",
            " lead",
            "trail ",
            "multi\nline",
            "tab\there",
            "quote\"",
            "back\\slash",
            "\u{85}",
            "a\u{2028}b",
            "\u{2029}",
            "\u{feff}x",
            "\u{1}",
            "\u{7f}",
            "\u{9f}",
            "\u{fffe}",
            "'single'",
            "*alias",
            "&anchor",
            "!tag",
        ];
        for value in values {
            let written = string_scalar(value);
            for text in [format!("k: {written}\n"), format!("{{k: {written}, l: 1}}\n")] {
                let parse = crate::syntax::parse(&text);
                let read = parse.root.as_ref().and_then(|root| root.get("k")).and_then(|k| k.as_str());
                assert_eq!(read, Some(value), "{value:?} written as {written:?}, in {text:?}: {:?}", parse.errors);
            }
        }
    }
}
