//! `podls check`: reads the files it is given, runs the engine and prints compiler-style reports or JSON.
//!
//! This and `lsp` are the only modules that do IO. The CLI reads only the paths it is given (and the files of the
//! directories it is given), nothing else.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

mod github;
mod junit;
mod report;
mod sarif;
pub(crate) mod walk;

use rayon::prelude::*;

use self::report::{FileReport, Object, SourceRoot};
use self::walk::WalkOptions;
use podls_engine::diagnostics::{Diagnostic, Severity, codes};
use podls_engine::ide::analysis::{AnalysisOptions, analyze_document_with};
use podls_engine::ide::config::Settings;
use podls_engine::ide::source::HelmMode;
use podls_engine::text::{ColumnUnit, LineIndex, TextRange};

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check (directories are searched for *.yaml and *.yml, honouring .gitignore and
    /// skipping hidden and vendored folders); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: text; github inside GitHub Actions]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Turn off a diagnostic code (repeatable).
    #[arg(long, value_name = "CODE")]
    pub disable: Vec<String>,
    /// Change a code's severity: CODE=error|warning|information|hint|off (repeatable).
    #[arg(long, value_name = "CODE=LEVEL")]
    pub severity: Vec<String>,
    /// Skip paths that match this pattern (gitignore syntax, relative to the working directory; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// In directories, also check hidden, vendored and .gitignore'd files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Say on stderr which paths were skipped, and why.
    #[arg(long, short)]
    pub verbose: bool,
    /// How Helm chart templates are checked [default: literal]
    #[arg(long, value_enum, value_name = "MODE")]
    pub helm: Option<HelmFlag>,
}

/// The `--helm` modes ([`HelmMode`]).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelmFlag {
    /// Check what is literal; drop whatever a `{{ … }}` action may change
    Literal,
    /// Check nothing in a template; one information diagnostic per document says so
    Silent,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Compiler-style reports with the source lines
    Text,
    /// One JSON array of diagnostics
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// JUnit XML, one test case per object
    Junit,
}

impl Format {
    /// The format asked for, or the one that suits where podls runs: annotations inside GitHub Actions.
    fn chosen(asked: Option<Format>) -> Format {
        asked.unwrap_or_else(|| {
            if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") { Format::Github } else { Format::Text }
        })
    }
}

/// One file's text and what the engine found in it.
struct Checked {
    name: String,
    /// `None` for standard input.
    path: Option<PathBuf>,
    text: String,
    line_index: LineIndex,
    diagnostics: Vec<Diagnostic>,
    objects: Vec<Object>,
}

impl Checked {
    fn report(&self) -> FileReport<'_> {
        FileReport {
            name: &self.name,
            path: self.path.as_deref(),
            text: &self.text,
            line_index: &self.line_index,
            diagnostics: &self.diagnostics,
            objects: &self.objects,
        }
    }
}

/// Runs the command: exit status 0 when no error is reported, 1 when any is, 2 for usage errors or unreadable files
/// (the readable files are still checked and reported), 3 when podls itself failed on a document (an
/// `internal-error` diagnostic; everything else is still checked and reported). The highest status that applies wins.
pub fn run(args: &CheckArgs) -> ExitCode {
    let settings = match settings_from_flags(&args.disable, &args.severity) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("podls check: {message}");
            return ExitCode::from(2);
        }
    };
    let options = WalkOptions { exclude: args.exclude.clone(), no_ignore: args.no_ignore, verbose: args.verbose };
    let found = match walk::files(&args.paths, &options) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("podls check: {message}");
            return ExitCode::from(2);
        }
    };
    let mut unreadable = false;
    for (path, error) in &found.unreadable {
        eprintln!("podls check: cannot read {}: {error}", path.display());
        unreadable = true;
    }
    // Files are checked on every core; the report keeps the order of a serial run.
    let outcomes: Vec<Result<Checked, String>> = found
        .files
        .par_iter()
        .map(|file| {
            let bytes = read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
            let name = display_name(file);
            let path = (file.as_os_str() != "-").then(|| file.clone());
            // Documents are isolated inside the engine; this catches what fails around them, so that one file's
            // bug never costs the report of the others.
            let (text, encoding_error) = decode(bytes);
            let options = analysis_options(args, file);
            let (diagnostics, objects) =
                podls_engine::ide::analysis::catch_panic(|| check_text(&text, encoding_error, &settings, &options))
                    .unwrap_or_else(|message| {
                        (
                            vec![podls_engine::ide::analysis::internal_error(&text, "checking this file", &message)],
                            Vec::new(),
                        )
                    });
            Ok(Checked { name, path, line_index: LineIndex::new(&text), text, diagnostics, objects })
        })
        .collect();
    let mut checked = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        match outcome {
            Ok(file) => checked.push(file),
            Err(message) => {
                eprintln!("podls check: {message}");
                unreadable = true;
            }
        }
    }
    // Standard output is line-buffered, and reports have many lines: one write per line would cost a system call each.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let internal = checked.iter().flat_map(|c| &c.diagnostics).any(|d| d.code == codes::INTERNAL_ERROR);
    let written = match Format::chosen(args.format) {
        Format::Json => write_json(&mut out, &checked),
        Format::Text => write_text(&mut out, &checked, use_color()),
        Format::Sarif => {
            let mut sarif = sarif::Sarif::new(SourceRoot::from_current_dir());
            checked.iter().for_each(|c| sarif.add(&c.report()));
            sarif.finish(&mut out, !internal)
        }
        Format::Github => {
            let root = SourceRoot::from_current_dir();
            checked
                .iter()
                .try_for_each(|c| github::write_file(&mut out, &root, &c.report()))
                .and_then(|()| github::write_summary(&mut out, &summary(&checked)))
        }
        Format::Junit => {
            let mut junit = junit::Junit::new(SourceRoot::from_current_dir());
            checked.iter().for_each(|c| junit.add(&c.report()));
            junit.finish(&mut out)
        }
    };
    match written.and_then(|()| out.flush()) {
        // A reader that stopped early (`podls check … | head`) has what it wanted.
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("podls check: cannot write the report: {error}");
        }
        _ => {}
    }
    let errors = checked.iter().flat_map(|c| &c.diagnostics).any(|d| d.severity == Severity::Error);
    if internal {
        ExitCode::from(3)
    } else if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The settings the flags ask for, the same the language server reads from its configuration. A code podls does not
/// have is a warning on stderr, not an error: the check still runs.
fn settings_from_flags(disable: &[String], severity: &[String]) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for code in disable {
        if let Some(warning) = settings.disable(code) {
            eprintln!("podls check: warning: --disable: {}", warning.0);
        }
    }
    for arg in severity {
        if let Some(warning) = settings.set_severity_arg(arg).map_err(|e| format!("--severity: {e}"))? {
            eprintln!("podls check: warning: --severity: {}", warning.0);
        }
    }
    Ok(settings)
}

fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_owned() } else { path.display().to_string() }
}

/// A file's text, and the diagnostic of its first byte that is not UTF-8 (those bytes are read as U+FFFD). Valid
/// UTF-8 becomes the text without a copy, so a large file is held once.
fn decode(bytes: Vec<u8>) -> (String, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let width = text.get(at..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
            let diagnostic = Diagnostic::error(
                codes::NOT_UTF8,
                TextRange::new(at, at + width),
                "this file is not valid UTF-8; the invalid bytes are read as U+FFFD, and Kubernetes manifests must be UTF-8",
            );
            (text, Some(diagnostic))
        }
    }
}

/// Checks one file's text: its diagnostics, with file offsets, and what each document's object is called.
/// The options a file is analysed with, from the command line and the file's place.
fn analysis_options(args: &CheckArgs, file: &std::path::Path) -> AnalysisOptions {
    let mut options = AnalysisOptions::default();
    options.source = walk::source_of(file);
    if let Some(helm) = args.helm {
        options.helm = match helm {
            HelmFlag::Literal => HelmMode::Literal,
            HelmFlag::Silent => HelmMode::Silent,
        };
    }
    options
}

fn check_text(
    text: &str,
    encoding_error: Option<Diagnostic>,
    settings: &Settings,
    options: &AnalysisOptions,
) -> (Vec<Diagnostic>, Vec<Object>) {
    let mut diagnostics: Vec<Diagnostic> = encoding_error.into_iter().collect();
    // The documents of a file are checked on every core too. Each keeps only its diagnostics and what its object
    // is called, so a file of many documents never holds all their trees at once.
    let documents: Vec<(Vec<Diagnostic>, Option<Object>)> = podls_engine::syntax::split_documents(text)
        .into_par_iter()
        .map(|range| {
            let analysis = analyze_document_with(text.get(range.as_range()).unwrap_or_default(), options);
            let object = Object::of(range, &analysis);
            (analysis.diagnostics.into_iter().map(|d| d.shifted(range.start)).collect(), object)
        })
        .collect();
    let mut objects = Vec::new();
    for (found, object) in documents {
        diagnostics.extend(found);
        objects.extend(object);
    }
    (settings.apply(text, diagnostics), objects)
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn write_text(out: &mut impl Write, checked: &[Checked], color: bool) -> std::io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    for file in checked {
        for d in &file.diagnostics {
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Information => Level::INFO,
                Severity::Hint => Level::HELP,
            };
            let snippet = snippet(file, d);
            let mut report: Vec<Group> = vec![level.primary_title(&d.message).id(d.code).element(snippet)];
            let titles: Vec<&str> = d.fixes.iter().map(|f| f.title.as_str()).collect();
            match titles.as_slice() {
                [] => {}
                [one] => report.push(Group::with_title(Level::HELP.secondary_title(format!("quick fix: {one}")))),
                many => report
                    .push(Group::with_title(Level::HELP.secondary_title(format!("quick fixes: {}", many.join("; "))))),
            }
            writeln!(out, "{}\n", renderer.render(&report))?;
        }
    }
    writeln!(out, "{}", summary(checked))
}

/// The snippet of one diagnostic: only the lines its annotations touch, numbered as in the file, so rendering a
/// diagnostic costs its own lines, not the whole file.
fn snippet<'a>(file: &'a Checked, d: &'a Diagnostic) -> Snippet<'a, Annotation<'a>> {
    let (text, index) = (&file.text, &file.line_index);
    let primary = display_span(text, d.range);
    let related: Vec<_> = d.related.iter().map(|r| (display_span(text, r.range), r.message.as_str())).collect();
    let lo = related.iter().map(|(span, _)| span.start).fold(primary.start, usize::min);
    let hi = related.iter().map(|(span, _)| span.end).fold(primary.end, usize::max);
    let first_line = index.line_of(lo);
    let from = index.line_range(text, first_line).map_or(0, |line| line.start);
    // Up to the end of the last line, its line break left out unless an annotation covers it.
    let to = index.line_range(text, index.line_of(hi)).map_or(text.len(), |line| line.end.max(hi));
    let local = |span: &std::ops::Range<usize>| span.start - from..span.end - from;
    let mut snippet = Snippet::source(text.get(from..to).unwrap_or_default())
        .line_start(first_line + 1)
        // The renderer appends the primary range's line and column (in characters) to the path.
        .path(file.name.as_str())
        .annotation(AnnotationKind::Primary.span(local(&primary)));
    for (span, message) in related {
        snippet = snippet.annotation(AnnotationKind::Context.span(local(&span)).label(message));
    }
    snippet
}

/// `checked 2 files: 3 errors, 1 warning`, and the notes and hints when there are any.
fn summary(checked: &[Checked]) -> String {
    let count =
        |severity: Severity| checked.iter().flat_map(|c| &c.diagnostics).filter(|d| d.severity == severity).count();
    let files = checked.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let [errors, warnings, infos, hints] =
        [Severity::Error, Severity::Warning, Severity::Information, Severity::Hint].map(count);
    let mut summary =
        format!("checked {}: {}, {}", plural(files, "file"), plural(errors, "error"), plural(warnings, "warning"));
    if infos + hints > 0 {
        summary.push_str(&format!(", {} and {}", plural(infos, "note"), plural(hints, "hint")));
    }
    summary
}

/// The range to underline: an empty range (a missing value) is widened to the character at it, so it shows.
fn display_span(text: &str, range: TextRange) -> std::ops::Range<usize> {
    let range = TextRange::new(range.start.min(text.len()), range.end.min(text.len()));
    if !range.is_empty() {
        return range.as_range();
    }
    let width = text.get(range.start..).and_then(|rest| rest.chars().next()).map_or(0, char::len_utf8);
    range.start..range.start + width
}

/// One diagnostic of `--format json`, its fields in the documented order.
#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
}

fn write_json(out: &mut impl Write, checked: &[Checked]) -> std::io::Result<()> {
    let mut all = Vec::new();
    for file in checked {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let start = index.line_col(&file.text, d.range.start, ColumnUnit::Utf32);
            let end = index.line_col(&file.text, d.range.end, ColumnUnit::Utf32);
            all.push(JsonDiagnostic {
                file: &file.name,
                line: start.line + 1,
                column: start.col + 1,
                end_line: end.line + 1,
                end_column: end.col + 1,
                severity: d.severity.as_str(),
                code: d.code,
                message: &d.message,
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}

/// Logs every panic to stderr with its place in the source, in one line. Panics are caught where one document or
/// one request is worked on (they become an `internal-error` diagnostic or an error answer), so the log is where
/// the place of the bug is kept. `RUST_BACKTRACE=1` adds the backtrace.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map_or_else(|| "an unknown place".to_owned(), ToString::to_string);
        let message = podls_engine::ide::analysis::panic_message(info.payload());
        let thread = std::thread::current();
        eprintln!(
            "podls: internal error (a bug; please report it) in thread '{}' at {location}: {message}",
            thread.name().unwrap_or("unnamed")
        );
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{backtrace}");
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(name: &str, text: &str) -> Checked {
        let (diagnostics, objects) = check_text(text, None, &Settings::default(), &AnalysisOptions::default());
        let line_index = LineIndex::new(text);
        Checked { name: name.to_owned(), path: None, text: text.to_owned(), line_index, diagnostics, objects }
    }

    /// What annotate-snippets prints for a diagnostic when it is given the whole file, as reports once were made.
    fn from_whole_file(file: &Checked, d: &Diagnostic) -> String {
        let mut snippet = Snippet::source(file.text.as_str())
            .path(file.name.as_str())
            .annotation(AnnotationKind::Primary.span(display_span(&file.text, d.range)));
        for related in &d.related {
            snippet = snippet.annotation(
                AnnotationKind::Context.span(display_span(&file.text, related.range)).label(&related.message),
            );
        }
        Renderer::plain().render(&[Level::ERROR.primary_title(&d.message).element(snippet)])
    }

    fn rendered(file: &Checked, d: &Diagnostic) -> String {
        Renderer::plain().render(&[Level::ERROR.primary_title(&d.message).element(snippet(file, d))])
    }

    #[test]
    fn a_snippet_of_a_few_lines_renders_as_the_whole_file_would() {
        let pod = "apiVersion: v1\r\nkind: Pod\nmetadata:\n  name: Web_1\n  labels: {a: x, b: y,\n    a: z}\nspec:\n  containers:\n    - name: 서울\n      image: nginx:1.27\n      env: [{name: A}, {name: A}]\n      imagePullPolicy:";
        let file = checked("pod.yaml", &format!("# first\n{pod}\n---\n{pod}"));
        assert!(file.diagnostics.len() > 6 && file.diagnostics.iter().any(|d| !d.related.is_empty()));
        for d in &file.diagnostics {
            assert_eq!(rendered(&file, d), from_whole_file(&file, d));
        }
    }

    #[test]
    fn lone_cr_line_breaks_are_counted_as_json_counts_them() {
        let file = checked("cr.yaml", "apiVersion: v1\rkind: Pod\rmetadata:\r  name: web\r  labels: {a: x, a: y}\r");
        let duplicate = file.diagnostics.iter().find(|d| d.code == codes::DUPLICATE_KEY).expect("a duplicate key");
        let report = rendered(&file, duplicate);
        assert!(report.contains("cr.yaml:5:18"), "{report}");
    }
}
