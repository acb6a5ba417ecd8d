//! What each diagnostic code is, read from `docs/diagnostics.md`, the page that documents every code: its default
//! severity, a one-line summary, the full description and the fix. CI formats (SARIF's `rules[]`) describe each code
//! with it, so the page stays the one place these words are written.
//!
//! A section of the page is `### code`, then a paragraph that starts with the default severity in bold
//! (`**error.**`), then examples and the fix, up to the next heading.

use podls_engine::diagnostics::Severity;

/// The page, compiled in.
const PAGE: &str = include_str!("../../../docs/diagnostics.md");

/// One documented code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeDoc {
    pub code: &'static str,
    /// The `## ` group the code is listed under (`Volumes and mounts`).
    pub group: &'static str,
    pub default_severity: Severity,
    /// The first sentence of the description.
    pub summary: String,
    /// The first paragraph, without its severity marker, on one line.
    pub description: String,
    /// The whole section after its heading, as written (Markdown).
    pub markdown: &'static str,
}

impl CodeDoc {
    /// The address of the code's section.
    pub fn url(&self) -> String {
        podls_engine::diagnostics::docs_url(self.code)
    }
}

/// Every documented code, in the page's order.
pub fn codes() -> &'static [CodeDoc] {
    static CODES: std::sync::OnceLock<Vec<CodeDoc>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| parse(PAGE))
}

/// The documentation of `code`, if the page has it.
pub fn find(code: &str) -> Option<(usize, &'static CodeDoc)> {
    codes().iter().enumerate().find(|(_, doc)| doc.code == code)
}

fn parse(page: &'static str) -> Vec<CodeDoc> {
    let mut out = Vec::new();
    let mut group = "";
    // Split at headings, keeping each heading with the text under it.
    let mut rest = page;
    while let Some((heading, body, next)) = next_heading(rest) {
        rest = next;
        if let Some(name) = heading.strip_prefix("## ") {
            group = name.trim();
        } else if let Some(doc) = heading.strip_prefix("### ").and_then(|code| section(code.trim(), group, body)) {
            out.push(doc);
        }
    }
    out
}

/// The first heading line in `text`, the text under it up to the next heading, and the rest from that heading on.
fn next_heading(text: &'static str) -> Option<(&'static str, &'static str, &'static str)> {
    let start = heading_start(text, 0)?;
    let after = text.get(start..)?;
    let line_end = after.find('\n').unwrap_or(after.len());
    let heading = after.get(..line_end)?;
    let body_and_rest = after.get(line_end..)?;
    let next = heading_start(body_and_rest, 1).unwrap_or(body_and_rest.len());
    Some((heading, body_and_rest.get(..next)?, body_and_rest.get(next..)?))
}

/// The offset of the first line at or after `from` that starts with `#` outside a fenced code block.
fn heading_start(text: &str, from: usize) -> Option<usize> {
    let mut offset = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && offset >= from && line.starts_with('#') {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn section(code: &'static str, group: &'static str, body: &'static str) -> Option<CodeDoc> {
    let markdown = body.trim();
    let paragraph: Vec<&str> = markdown.lines().take_while(|line| !line.trim().is_empty()).collect();
    let paragraph = paragraph.join(" ");
    let (severity, description) = paragraph.strip_prefix("**")?.split_once(".**")?;
    let default_severity = Severity::parse(severity)?;
    let description = description.trim().to_owned();
    Some(CodeDoc { code, group, default_severity, summary: first_sentence(&description), description, markdown })
}

/// Up to the first `. ` that ends a sentence (not one inside backticks, as in `` `a. b` ``).
fn first_sentence(text: &str) -> String {
    let mut in_code = false;
    for (at, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' if !in_code && text.get(at + 1..).is_none_or(|rest| rest.is_empty() || rest.starts_with(' ')) => {
                return text.get(..=at).unwrap_or(text).to_owned();
            }
            _ => {}
        }
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_of_the_page_is_read_with_its_severity_and_group() {
        let sections = PAGE.lines().filter(|l| l.starts_with("### ")).count();
        assert_eq!(codes().len(), sections, "a section does not start with its severity in bold");
        let (index, syntax) = find("yaml-syntax").expect("documented");
        assert_eq!(index, 0);
        assert_eq!(syntax.group, "YAML and documents");
        assert_eq!(syntax.default_severity, Severity::Error);
        assert_eq!(syntax.summary, "The text is not valid YAML.");
        assert!(syntax.markdown.starts_with("**error.** The text is not valid YAML."), "{}", syntax.markdown);
        assert!(!syntax.markdown.contains("### duplicate-key"));
        let (_, latest) = find("image-latest").expect("documented");
        assert_eq!(latest.default_severity, Severity::Warning);
        assert_eq!(latest.group, "Lint");
    }

    #[test]
    fn a_sentence_ends_at_a_full_stop_outside_code() {
        assert_eq!(first_sentence("Use `a. b` here. Then more."), "Use `a. b` here.");
        assert_eq!(first_sentence("No full stop"), "No full stop");
        assert_eq!(first_sentence("Version 1.2 is out. Yes."), "Version 1.2 is out.");
    }

    #[test]
    fn headings_inside_code_blocks_are_not_sections() {
        let page = "## Group\n\n### a-code\n\n**hint.** One. Two.\n\n```yaml\n# ### not-a-code\n```\n\n### b-code\n\n**warning.** B.\n";
        let docs = parse(page);
        let names: Vec<&str> = docs.iter().map(|d| d.code).collect();
        assert_eq!(names, ["a-code", "b-code"]);
        assert_eq!(docs[0].summary, "One.");
        assert!(docs[0].markdown.contains("not-a-code"));
    }
}
