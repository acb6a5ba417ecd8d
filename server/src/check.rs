//! `podls check`: reads the files it is given, runs the engine and prints compiler-style reports or JSON.
//!
//! This and `lsp` are the only modules that do IO. The CLI reads only the paths it is given (and the files of the
//! directories it is given), nothing else.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

mod github;
mod junit;
mod report;
mod sarif;
pub(crate) mod walk;

use rayon::prelude::*;

use self::report::{FileReport, Object, SourceRoot};
use self::walk::WalkOptions;
use crate::settings_file;
use podls_engine::diagnostics::versions::Needs;
use podls_engine::diagnostics::{Diagnostic, Severity, codes};
use podls_engine::ide::analysis::{AnalysisOptions, analyze_document_with};
use podls_engine::ide::config::Settings;
use podls_engine::ide::source::{HelmMode, KustomizeMode};
use podls_engine::model::version::{KubernetesVersion, Target};
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
    /// The settings file to use instead of the nearest `.podls.yaml` (or `.podls.yml`) above each file, up to the
    /// repository root; also `PODLS_CONFIG`. Settings apply key by key: these flags first, then the file, then the
    /// defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// In directories, also check hidden, vendored and .gitignore'd files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Say on stderr which paths were skipped, and why.
    #[arg(long, short)]
    pub verbose: bool,
    /// The Kubernetes version the manifests are meant for, 1.25 to 1.37 [default: 1.37].
    #[arg(long, value_name = "1.NN", value_parser = KubernetesVersion::parse)]
    pub kubernetes_version: Option<KubernetesVersion>,
    /// Feature gates set differently from the version's defaults, as the cluster's `--feature-gates`
    /// (`ImageVolume=true,Foo=false`).
    #[arg(long, value_name = "NAME=BOOL,...", value_parser = Target::parse_gates)]
    pub feature_gates: Option<BTreeMap<String, bool>>,
    /// Print, instead of the diagnostics, the oldest Kubernetes version that accepts each file and the feature gates
    /// it needs turned on there.
    #[arg(long)]
    pub min_version: bool,
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
    /// What the file asks of a cluster, with `--min-version`.
    needs: Option<Needs>,
    /// The file's part of a text or JSON report, rendered on the core that checked it.
    rendered: Vec<u8>,
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
    let settings = match settings_from_flags(args) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("podls check: {message}");
            return ExitCode::from(2);
        }
    };
    for name in args.feature_gates.iter().flat_map(BTreeMap::keys) {
        if podls_engine::model::version::gate(name).is_none() {
            eprintln!(
                "podls check: warning: --feature-gates: podls knows no field guarded by `{name}`, so it changes nothing"
            );
        }
    }
    // The schema is compiled on a spare core while the files are found.
    rayon::spawn(podls_engine::ide::warm_up);
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
    let Some((files, bad_settings)) = with_settings_files(args, found.files, &settings) else {
        return ExitCode::from(2);
    };
    unreadable |= bad_settings;
    let sources = walk::Sources::default();
    let format = Format::chosen(args.format);
    let color = format == Format::Text && use_color();
    // Files are checked on every core, and their part of a text or JSON report is rendered there too; the report
    // keeps the order of a serial run.
    let outcomes: Vec<Result<Checked, String>> = files
        .par_iter()
        .map(|(file, settings)| {
            let bytes = read(file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
            let name = display_name(file);
            let path = (file.as_os_str() != "-").then(|| file.clone());
            // Documents are isolated inside the engine; this catches what fails around them, so that one file's
            // bug never costs the report of the others.
            let (text, encoding_error) = decode(bytes);
            let options = analysis_options(settings, &sources, file);
            let (diagnostics, objects) =
                podls_engine::ide::analysis::catch_panic(|| check_text(&text, encoding_error, settings, &options))
                    .unwrap_or_else(|message| {
                        (
                            vec![podls_engine::ide::analysis::internal_error(&text, "checking this file", &message)],
                            Vec::new(),
                        )
                    });
            let needs = args.min_version.then(|| file_needs(&text));
            let mut checked = Checked {
                name,
                path,
                line_index: LineIndex::new(&text),
                text,
                diagnostics,
                objects,
                needs,
                rendered: Vec::new(),
            };
            checked.rendered = match format {
                _ if args.min_version => Vec::new(),
                Format::Json => json_items(&checked),
                Format::Text => text_reports(&checked, color),
                Format::Sarif | Format::Github | Format::Junit => Vec::new(),
            };
            Ok(checked)
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
    let written = match format {
        _ if args.min_version => write_min_versions(&mut out, &checked, args.format == Some(Format::Json)),
        Format::Json => write_json(&mut out, &checked),
        Format::Text => write_text(&mut out, &checked),
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
    // `--min-version` reports facts, not findings: only failures change its status.
    let errors =
        !args.min_version && checked.iter().flat_map(|c| &c.diagnostics).any(|d| d.severity == Severity::Error);
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
fn settings_from_flags(args: &CheckArgs) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for code in &args.disable {
        if let Some(warning) = settings.disable(code) {
            eprintln!("podls check: warning: --disable: {warning}");
        }
    }
    for arg in &args.severity {
        if let Some(warning) = settings.set_severity_arg(arg).map_err(|e| format!("--severity: {e}"))? {
            eprintln!("podls check: warning: --severity: {warning}");
        }
    }
    // The flags are parsed already; as settings they take their place above the settings file's.
    settings.kubernetes_version = args.kubernetes_version.map(|version| version.to_string().into());
    settings.feature_gates = args.feature_gates.as_ref().map(|gates| serde_json::json!(gates));
    settings.helm = args.helm.map(|helm| {
        match helm {
            HelmFlag::Literal => "literal",
            HelmFlag::Silent => "silent",
        }
        .into()
    });
    Ok(settings)
}

/// A file and the settings it is checked with.
type FileToCheck = (PathBuf, Arc<Settings>);

/// Each file with its settings: the flags over its settings file's (`--config`, `PODLS_CONFIG` or the nearest
/// `.podls.yaml`). Files found in directories that the settings file's `files` leaves out are dropped; a file named
/// on the command line is always checked. Prints what is wrong in the settings files on stderr, at its line; also
/// says whether any of them has an error (exit status 2). `None` when the settings file named cannot be read.
fn with_settings_files(args: &CheckArgs, files: Vec<PathBuf>, flags: &Settings) -> Option<(Vec<FileToCheck>, bool)> {
    let cache = settings_file::Cache::default();
    let unreadable = |path: &Path, error: &std::io::Error| {
        eprintln!("podls check: cannot read the settings file {}: {error}", path.display());
    };
    let named = args
        .config
        .clone()
        .or_else(|| std::env::var_os(settings_file::ENV).filter(|v| !v.is_empty()).map(PathBuf::from));
    let fixed = match &named {
        Some(path) => Some(cache.read(path, unreadable)?),
        None => None,
    };
    let given: HashSet<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
    let mut combined: HashMap<PathBuf, Arc<Settings>> = HashMap::new();
    let flags_only = Arc::new(flags.clone());
    let mut kept = Vec::with_capacity(files.len());
    for file in files {
        let loaded = match &fixed {
            Some(loaded) => Some(Arc::clone(loaded)),
            None if file.as_os_str() == "-" => {
                std::env::current_dir().ok().and_then(|dir| cache.for_file(&dir.join("-"), unreadable))
            }
            None => cache.for_file(&file, unreadable),
        };
        let Some(loaded) = loaded else {
            kept.push((file, Arc::clone(&flags_only)));
            continue;
        };
        if !given.contains(file.as_path()) && !loaded.files.allows(&file) {
            if args.verbose {
                eprintln!("podls check: skipped {} (left out by `files` in {})", file.display(), shown(&loaded.path));
            }
            continue;
        }
        let settings = combined.entry(loaded.path.clone()).or_insert_with(|| Arc::new(flags.over(&loaded.settings)));
        kept.push((file, Arc::clone(settings)));
    }
    let mut errors = false;
    for loaded in cache.loaded() {
        let index = LineIndex::new(&loaded.text);
        for d in &loaded.diagnostics {
            let at = index.line_col(&loaded.text, d.range.start, ColumnUnit::Utf32);
            let severity = d.severity.as_str();
            eprintln!("{}:{}:{}: {severity}: {} [{}]", shown(&loaded.path), at.line + 1, at.col + 1, d.message, d.code);
            errors |= d.severity == Severity::Error;
        }
        for error in &loaded.files.errors {
            eprintln!("{}: warning: {error}", shown(&loaded.path));
        }
    }
    Some((kept, errors))
}

/// A path as the user would write it: relative to the working directory when it is inside it.
fn shown(path: &Path) -> String {
    let relative = std::env::current_dir().ok().and_then(|dir| path.strip_prefix(dir).ok().map(Path::to_owned));
    relative.unwrap_or_else(|| path.to_owned()).display().to_string()
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

/// The options a file is analysed with, from its settings and its place.
fn analysis_options(settings: &Settings, sources: &walk::Sources, file: &Path) -> AnalysisOptions {
    let mut options = AnalysisOptions::for_target(settings.target());
    options.source = sources.source_of(file);
    options.helm = HelmMode::from_json(settings.helm.as_ref()).0;
    options.kustomize = KustomizeMode::from_json(settings.kustomize.as_ref()).0;
    options
}

/// Checks one file's text: its diagnostics, with file offsets, and what each document's object is called.
fn check_text(
    text: &str,
    encoding_error: Option<Diagnostic>,
    settings: &Settings,
    options: &AnalysisOptions,
) -> (Vec<Diagnostic>, Vec<Object>) {
    let mut diagnostics: Vec<Diagnostic> = settings.apply(text, None, encoding_error.into_iter().collect());
    // The documents of a file are checked on every core too. Each keeps only its diagnostics and what its object
    // is called, so a file of many documents never holds all their trees at once.
    let documents: Vec<(Vec<Diagnostic>, Option<Object>)> = podls_engine::syntax::split_documents(text)
        .into_par_iter()
        .map(|range| {
            let document = text.get(range.as_range()).unwrap_or_default();
            let mut analysis = analyze_document_with(document, options);
            let object = Object::of(range, &analysis);
            let found = std::mem::take(&mut analysis.diagnostics);
            let found = settings.apply(document, analysis.parse.root.as_ref(), found);
            (found.into_iter().map(|d| d.shifted(range.start)).collect(), object)
        })
        .collect();
    let mut objects = Vec::new();
    for (found, object) in documents {
        diagnostics.extend(found);
        objects.extend(object);
    }
    (diagnostics, objects)
}

fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn write_text(out: &mut impl Write, checked: &[Checked]) -> std::io::Result<()> {
    for file in checked {
        out.write_all(&file.rendered)?;
    }
    writeln!(out, "{}", summary(checked))
}

/// A file's diagnostics as compiler-style reports, each followed by a blank line.
fn text_reports(file: &Checked, color: bool) -> Vec<u8> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = Vec::new();
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
            many => {
                report.push(Group::with_title(Level::HELP.secondary_title(format!("quick fixes: {}", many.join("; ")))))
            }
        }
        // Writing into a vector cannot fail.
        let _ = writeln!(out, "{}\n", renderer.render(&report));
    }
    out
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

impl<'a> JsonDiagnostic<'a> {
    fn of(file: &'a Checked, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
        let start = file.line_index.line_col(&file.text, d.range.start, ColumnUnit::Utf32);
        let end = file.line_index.line_col(&file.text, d.range.end, ColumnUnit::Utf32);
        JsonDiagnostic {
            file: &file.name,
            line: start.line + 1,
            column: start.col + 1,
            end_line: end.line + 1,
            end_column: end.col + 1,
            severity: d.severity.as_str(),
            code: d.code,
            message: &d.message,
        }
    }
}

/// The JSON report: one array of every file's diagnostics, laid out as `serde_json`'s pretty printer lays it out.
fn write_json(out: &mut impl Write, checked: &[Checked]) -> std::io::Result<()> {
    let mut items = checked.iter().map(|file| &file.rendered).filter(|items| !items.is_empty()).peekable();
    if items.peek().is_none() {
        return writeln!(out, "[]");
    }
    out.write_all(b"[")?;
    for (i, file) in items.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(file)?;
    }
    out.write_all(b"\n]\n")
}

/// A file's diagnostics as items of the pretty-printed JSON array: each on a new line, indented one level, separated
/// by commas.
fn json_items(file: &Checked) -> Vec<u8> {
    let mut out = Vec::new();
    let mut item = Vec::new();
    for (i, d) in file.diagnostics.iter().enumerate() {
        // A one-item array prints the item as it is laid out inside the whole array: `[` + `\n  {…}` + `\n]`.
        item.clear();
        // Serializing plain strings and numbers into a vector cannot fail.
        let _ = serde_json::to_writer_pretty(&mut item, &[JsonDiagnostic::of(file, d)]);
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item.get(1..item.len().saturating_sub(2)).unwrap_or_default());
    }
    out
}

/// What every document of `text` that carries a Pod spec asks of a cluster, together.
fn file_needs(text: &str) -> Needs {
    let mut needs = Needs::default();
    for range in podls_engine::syntax::split_documents(text) {
        let parse = podls_engine::syntax::parse(text.get(range.as_range()).unwrap_or_default());
        if let Some(root) = &parse.root
            && let Some((carrier, _)) = podls_engine::model::workload::carrier_of(root)
        {
            needs.merge(&podls_engine::diagnostics::versions::needs(root, carrier));
        }
    }
    needs
}

/// `--min-version`: per file, the oldest version that accepts it (and the newest, when it uses a removed field), and
/// the gates it needs turned on in that version.
fn write_min_versions(out: &mut impl Write, checked: &[Checked], json: bool) -> std::io::Result<()> {
    let mut all = Vec::new();
    for file in checked {
        let Some(needs) = &file.needs else { continue };
        let gates: Vec<serde_json::Value> = needs
            .gates_off_in(needs.oldest)
            .into_iter()
            .map(|gate| {
                serde_json::json!({
                    "name": gate.name,
                    "stage": gate.describe(needs.oldest),
                    "onByDefaultSince": gate.on_by_default_since().map(|v| v.to_string()),
                })
            })
            .collect();
        let accepted = needs.oldest <= needs.newest;
        if json {
            all.push(serde_json::json!({
                "file": file.name,
                "minVersion": accepted.then(|| needs.oldest.to_string()),
                "maxVersion": (needs.newest < KubernetesVersion::NEWEST).then(|| needs.newest.to_string()),
                "featureGates": gates,
            }));
            continue;
        }
        let mut line = if !accepted {
            format!("{}: no Kubernetes version has every field it uses", file.name)
        } else if needs.newest < KubernetesVersion::NEWEST {
            format!("{}: Kubernetes {} to {}", file.name, needs.oldest, needs.newest)
        } else {
            format!("{}: Kubernetes {} or later", file.name, needs.oldest)
        };
        let named: Vec<String> = gates
            .iter()
            .map(|g| {
                format!(
                    "{} ({})",
                    g["name"].as_str().unwrap_or_default(),
                    g["stage"].as_str().unwrap_or("stage unknown")
                )
            })
            .collect();
        if !named.is_empty() {
            line.push_str(&format!(", with the feature gates {} turned on", named.join(", ")));
        }
        writeln!(out, "{line}")?;
    }
    if json {
        serde_json::to_writer_pretty(&mut *out, &all)?;
        writeln!(out)?;
    }
    Ok(())
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
        Checked {
            name: name.to_owned(),
            path: None,
            text: text.to_owned(),
            line_index,
            diagnostics,
            objects,
            needs: None,
            rendered: Vec::new(),
        }
    }

    /// The JSON report as one `serde_json` pretty print of every diagnostic, as it was written before files rendered
    /// their own part.
    fn json_in_one_piece(files: &[Checked]) -> String {
        let all: Vec<JsonDiagnostic> =
            files.iter().flat_map(|file| file.diagnostics.iter().map(move |d| JsonDiagnostic::of(file, d))).collect();
        format!("{}\n", serde_json::to_string_pretty(&all).unwrap())
    }

    #[test]
    fn the_json_report_rendered_file_by_file_is_the_pretty_print_of_the_whole() {
        let bad = "apiVersion: v1\nkind: Pod\nmetadata: {name: \"a\\\"b\"}\nspec:\n  containers: [{name: x, image: \"é\\n\"}]\n";
        let clean =
            "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx:1.27}]\n";
        for names in [&["a.yaml"][..], &["clean.yaml"], &["a.yaml", "clean.yaml", "b.yaml"], &[]] {
            let mut files: Vec<Checked> =
                names.iter().map(|name| checked(name, if name.starts_with("clean") { clean } else { bad })).collect();
            for file in &mut files {
                file.rendered = json_items(file);
            }
            let mut out = Vec::new();
            write_json(&mut out, &files).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), json_in_one_piece(&files), "{names:?}");
        }
        assert!(checked("clean.yaml", clean).diagnostics.iter().all(|d| d.severity != Severity::Error));
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
