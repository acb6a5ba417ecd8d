//! What every output format of `podls check` reads: one checked file, its objects and its diagnostics, and where the
//! file lies relative to the repository it belongs to.

use std::path::{Path, PathBuf};

use podls_engine::diagnostics::Diagnostic;
use podls_engine::ide::analysis::{DocumentAnalysis, DocumentKind};
use podls_engine::syntax::Node;
use podls_engine::text::{ColumnUnit, LineCol, LineIndex, TextRange};

/// One checked file, as the formats see it.
pub struct FileReport<'a> {
    /// The name the user gave (`<stdin>` for standard input).
    pub name: &'a str,
    /// The file on disk; `None` for standard input.
    pub path: Option<&'a Path>,
    pub text: &'a str,
    pub line_index: &'a LineIndex,
    /// Every diagnostic of the file, with file offsets, in the order they are reported.
    pub diagnostics: &'a [Diagnostic],
    /// The file's objects (its non-empty `---` documents), in order.
    pub objects: &'a [Object],
}

impl FileReport<'_> {
    /// The zero-based line and the column in `unit` of a byte offset.
    pub fn line_col(&self, offset: usize, unit: ColumnUnit) -> LineCol {
        self.line_index.line_col(self.text, offset, unit)
    }

    /// The object whose document holds `offset` (the later one, at the boundary between two).
    pub fn object_at(&self, offset: usize) -> Option<usize> {
        self.objects.iter().rposition(|object| object.range.start <= offset && offset <= object.range.end)
    }
}

/// A Kubernetes object: one non-empty `---` document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// The document's range in its file.
    pub range: TextRange,
    pub kind: Option<String>,
    pub name: Option<String>,
    /// Whether podls checks objects of this kind (the others are read as YAML only).
    pub checked: bool,
}

impl Object {
    /// The object of one analysed document at `range` of its file, or `None` for an empty document.
    pub fn of(range: TextRange, analysis: &DocumentAnalysis) -> Option<Object> {
        if analysis.kind == DocumentKind::Empty {
            return None;
        }
        let root = analysis.parse.root.as_ref();
        let text = |node: Option<&Node>| node.and_then(Node::scalar_text).map(str::to_owned);
        Some(Object {
            range,
            kind: text(root.and_then(|r| r.get("kind"))),
            name: text(root.and_then(|r| r.get("metadata")).and_then(|m| m.get("name")))
                .or_else(|| text(root.and_then(|r| r.get("metadata")).and_then(|m| m.get("generateName")))),
            checked: analysis.kind.carrier().is_some(),
        })
    }

    /// `Kind/name`, with `?` for what the object does not say.
    pub fn label(&self) -> String {
        format!("{}/{}", self.kind.as_deref().unwrap_or("?"), self.name.as_deref().unwrap_or("?"))
    }
}

/// Where paths in CI reports are relative to: the repository that holds the working directory (the nearest folder
/// upward with a `.git`), or the working directory itself outside a repository.
#[derive(Clone, Debug)]
pub struct SourceRoot {
    pub dir: PathBuf,
}

impl SourceRoot {
    pub fn from_current_dir() -> SourceRoot {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        SourceRoot::containing(&cwd)
    }

    /// The repository root at or above `dir`, or `dir` itself.
    pub fn containing(dir: &Path) -> SourceRoot {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
        let root = dir.ancestors().find(|d| d.join(".git").exists()).unwrap_or(&dir).to_owned();
        SourceRoot { dir: root }
    }

    /// `path` relative to the root with `/` separators, or `None` when it lies outside the root.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let absolute = path.canonicalize().ok()?;
        let relative = absolute.strip_prefix(&self.dir).ok()?;
        let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Some(parts.join("/"))
    }

    /// The name a report gives a file: relative to the root when it lies inside it, as the user gave it otherwise.
    pub fn display(&self, report: &FileReport<'_>) -> String {
        report.path.and_then(|path| self.relative(path)).unwrap_or_else(|| report.name.to_owned())
    }
}
