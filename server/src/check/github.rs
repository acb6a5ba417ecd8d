//! `--format github`: GitHub Actions workflow commands, so each diagnostic is an annotation at its range in the
//! pull request, then a one-line summary (GitHub shows only so many annotations per step; the summary counts all).
//!
//! `::error file=pods/web.yaml,line=9,endLine=9,col=25,endColumn=34,title=invalid-value::message`: lines and columns
//! are 1-based, columns in UTF-16 code units as GitHub's pages count them; values are escaped as the workflow-command
//! documentation says (`%`, CR and LF in the message; also `:` and `,` in properties).

use std::io::Write;

use super::report::{FileReport, SourceRoot};
use podls_engine::diagnostics::Severity;
use podls_engine::text::ColumnUnit;

/// Writes the annotations of one file.
pub fn write_file(out: &mut impl Write, root: &SourceRoot, file: &FileReport<'_>) -> std::io::Result<()> {
    let name = root.display(file);
    for diagnostic in file.diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "notice",
        };
        let start = file.line_col(diagnostic.range.start, ColumnUnit::Utf16);
        let end = file.line_col(diagnostic.range.end, ColumnUnit::Utf16);
        writeln!(
            out,
            "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
            escape_property(&name),
            start.line + 1,
            end.line + 1,
            start.col + 1,
            end.col + 1,
            escape_property(diagnostic.code),
            escape_data(&diagnostic.message),
        )?;
    }
    Ok(())
}

/// The line after the annotations: what was checked and found, counting what GitHub does not show.
pub fn write_summary(out: &mut impl Write, summary: &str) -> std::io::Result<()> {
    writeln!(out, "podls: {summary}")
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped_as_github_reads_them() {
        assert_eq!(escape_data("100% of\r\nit: a, b"), "100%25 of%0D%0Ait: a, b");
        assert_eq!(escape_property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
    }
}
