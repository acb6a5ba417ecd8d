//! `--format junit`: JUnit XML in kubeconform's shape, for CI systems that show test reports. One `<testsuite>` per
//! file, one `<testcase>` per object (`Kind/name`), one `<failure>` per error; objects of kinds podls does not check
//! are `<skipped>`. Warnings and lint are not failures; they are listed in the case's `<system-out>`.

use std::io::Write;

use super::report::{FileReport, SourceRoot};
use podls_engine::diagnostics::{Diagnostic, Severity};
use podls_engine::text::ColumnUnit;

/// The report being written: a suite per file, written at the end, when the totals are known.
pub struct Junit {
    root: SourceRoot,
    suites: Vec<Suite>,
}

impl Junit {
    pub fn new(root: SourceRoot) -> Junit {
        Junit { root, suites: Vec::new() }
    }

    pub fn add(&mut self, file: &FileReport<'_>) {
        self.suites.push(Suite::of(&self.root, file));
    }

    pub fn finish(&self, out: &mut impl Write) -> std::io::Result<()> {
        let suites = &self.suites;
        let count = |f: fn(&Case) -> bool| suites.iter().flat_map(|s| &s.cases).filter(|c| f(c)).count();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="podls" tests="{}" failures="{}" errors="0" skipped="{}">"#,
            count(|_| true),
            count(|c| !c.failures.is_empty()),
            count(|c| c.skipped),
        )?;
        for (id, suite) in suites.iter().enumerate() {
            suite.write(out, id)?;
        }
        writeln!(out, "</testsuites>")
    }
}

struct Suite {
    name: String,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    skipped: bool,
    skip_reason: String,
    failures: Vec<Failure>,
    /// Warnings and lint, one line each.
    notes: Vec<String>,
}

struct Failure {
    code: &'static str,
    message: String,
    /// `file:line:column: message`, the body of the element.
    place: String,
}

impl Suite {
    fn write(&self, out: &mut impl Write, id: usize) -> std::io::Result<()> {
        let failed = self.cases.iter().filter(|c| !c.failures.is_empty()).count();
        let skipped = self.cases.iter().filter(|c| c.skipped).count();
        writeln!(
            out,
            r#"  <testsuite name="{}" id="{id}" tests="{}" failures="{failed}" errors="0" skipped="{skipped}">"#,
            xml(&self.name),
            self.cases.len(),
        )?;
        for case in &self.cases {
            let open = format!(r#"    <testcase name="{}" classname="{}""#, xml(&case.name), xml(&self.name));
            if case.failures.is_empty() && case.notes.is_empty() && !case.skipped {
                writeln!(out, "{open} time=\"0\"/>")?;
                continue;
            }
            writeln!(out, "{open} time=\"0\">")?;
            if case.skipped {
                writeln!(out, r#"      <skipped message="{}"/>"#, xml(&case.skip_reason))?;
            }
            for failure in &case.failures {
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    xml(&failure.message),
                    xml(failure.code),
                    xml(&failure.place),
                )?;
            }
            if !case.notes.is_empty() {
                writeln!(out, "      <system-out>{}</system-out>", xml(&case.notes.join("\n")))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")
    }

    fn of(root: &SourceRoot, file: &FileReport<'_>) -> Suite {
        let name = root.display(file);
        let mut cases: Vec<Case> = file
            .objects
            .iter()
            .map(|object| Case {
                name: object.label(),
                skipped: !object.checked,
                skip_reason: format!("podls does not check objects of kind {}", object.kind.as_deref().unwrap_or("?")),
                failures: Vec::new(),
                notes: Vec::new(),
            })
            .collect();
        // Diagnostics outside every object (a file that is not UTF-8, say) belong to the file as a whole.
        let mut whole_file: Option<Case> = None;
        for diagnostic in file.diagnostics {
            let case = match file.object_at(diagnostic.range.start).and_then(|at| cases.get_mut(at)) {
                Some(case) => case,
                None => whole_file.get_or_insert_with(|| Case {
                    name: name.clone(),
                    skipped: false,
                    skip_reason: String::new(),
                    failures: Vec::new(),
                    notes: Vec::new(),
                }),
            };
            record(case, &name, file, diagnostic);
        }
        cases.extend(whole_file);
        Suite { name, cases }
    }
}

fn record(case: &mut Case, name: &str, file: &FileReport<'_>, diagnostic: &Diagnostic) {
    let at = file.line_col(diagnostic.range.start, ColumnUnit::Utf32);
    let place = format!("{name}:{}:{}: {}", at.line + 1, at.col + 1, diagnostic.message);
    if diagnostic.severity == Severity::Error {
        // A failed check is not skipped, whatever its kind.
        case.skipped = false;
        case.failures.push(Failure { code: diagnostic.code, message: diagnostic.message.clone(), place });
    } else {
        case.notes.push(format!("{} [{}] {place}", diagnostic.severity.as_str(), diagnostic.code));
    }
}

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot hold at all become U+FFFD.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push_str(&format!("&#{};", u32::from(c))),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml("a<b & \"c\"\n'd'\u{1}"), "a&lt;b &amp; &quot;c&quot;&#10;'d'\u{FFFD}");
    }
}
