//! Which files `podls check` reads: the files it is given, and the YAML files under the directories it is given.
//!
//! Directories are walked as ripgrep and ruff walk them (the `ignore` crate): `.gitignore`, `.ignore` and
//! `.git/info/exclude` are honoured (inside a git repository or not), hidden files and folders are skipped, and so
//! are vendored folders (`vendor`, `node_modules`, `third_party`). `--no-ignore` turns all of that off. `--exclude`
//! patterns (gitignore syntax, relative to the working directory) apply to every path, given or found. With
//! `--verbose`, each skipped path is named on stderr, with the reason. Only `.yaml` and `.yml` files are walked, so a
//! chart's `_helpers.tpl` and `NOTES.txt` never are.
//!
//! [`source_of`] says what a file is by its place (a Helm chart's template, a kustomize patch), for `podls check` and
//! the language server alike.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{DirEntry, WalkBuilder};
use podls_engine::ide::source::{Source, kustomization_patches};
use rayon::prelude::*;

/// Folders that hold other projects' files, skipped in walks.
const VENDORED: [&str; 3] = ["vendor", "node_modules", "third_party"];

/// How to walk.
#[derive(Debug, Default)]
pub struct WalkOptions {
    /// Patterns in gitignore syntax.
    pub exclude: Vec<String>,
    /// Check hidden, vendored and ignored files too.
    pub no_ignore: bool,
    /// Name what is skipped on stderr.
    pub verbose: bool,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// The files to check, in order: each path as given, then each directory's files sorted by path.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read (a missing file, an unreadable folder), with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// The files `paths` stand for (`-` is standard input and stays as it is).
pub fn files(paths: &[PathBuf], options: &WalkOptions) -> Result<Found, String> {
    let exclude = excluder(&options.exclude)?;
    let mut found = Found::default();
    // A shell's glob can name thousands of files: their kinds are asked of the file system on every core.
    let directories: Vec<bool> = paths.par_iter().map(|path| path.as_os_str() != "-" && path.is_dir()).collect();
    for (path, is_directory) in paths.iter().zip(directories) {
        if !is_directory {
            if is_excluded(&exclude, path, false) {
                skipped(options, path, "excluded by --exclude");
            } else {
                found.files.push(path.clone());
            }
            continue;
        }
        walk(path, options, &exclude, &mut found);
    }
    Ok(found)
}

fn walk(dir: &Path, options: &WalkOptions, exclude: &Gitignore, found: &mut Found) {
    let mut files = Vec::new();
    for entry in builder(dir, options, exclude, true).build() {
        match entry {
            Ok(entry) if is_yaml_file(&entry) => files.push(entry.into_path()),
            Ok(_) => {}
            Err(error) => found.unreadable.push((dir.to_owned(), error.to_string())),
        }
    }
    if options.verbose && !options.no_ignore {
        // The ignore files prune silently; a second walk without them names what they held back.
        let kept: HashSet<&PathBuf> = files.iter().collect();
        let mut all = builder(dir, options, exclude, false).build().flatten().filter(is_yaml_file).collect::<Vec<_>>();
        all.sort_by(|a, b| a.path().cmp(b.path()));
        for entry in all.iter().filter(|e| !kept.contains(&e.path().to_path_buf())) {
            skipped(options, entry.path(), "ignored by a .gitignore or .ignore file");
        }
    }
    files.sort();
    found.files.extend(files);
}

fn builder(dir: &Path, options: &WalkOptions, exclude: &Gitignore, ignore_files: bool) -> WalkBuilder {
    let mut builder = WalkBuilder::new(dir);
    let on = ignore_files && !options.no_ignore;
    builder
        .standard_filters(false)
        .hidden(false)
        .git_ignore(on)
        .git_exclude(on)
        .git_global(false)
        .ignore(on)
        .parents(on)
        .require_git(false)
        .follow_links(false);
    let exclude = exclude.clone();
    let no_ignore = options.no_ignore;
    // Only the walk that counts names what it skips.
    let verbose = options.verbose && ignore_files;
    builder.filter_entry(move |entry| {
        // The folder the user named is checked whatever its name.
        if entry.depth() == 0 {
            return true;
        }
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        let reason = if is_excluded(&exclude, entry.path(), is_dir) {
            Some("excluded by --exclude")
        } else if no_ignore {
            None
        } else if entry.file_name().to_string_lossy().starts_with('.') {
            Some("hidden")
        } else if is_dir && VENDORED.iter().any(|name| entry.file_name() == *name) {
            Some("a vendored folder")
        } else {
            None
        };
        match reason {
            Some(reason) => {
                // Other hidden files (`.gitignore`, say) were never going to be read.
                if verbose && (is_dir || has_yaml_extension(entry.path())) {
                    eprintln!("podls check: skipped {} ({reason})", entry.path().display());
                }
                false
            }
            None => true,
        }
    });
    builder
}

/// The names kustomize reads a folder's kustomization from.
pub(crate) const KUSTOMIZATIONS: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The files that decide what the files beside or below them are ([`source_of`]): a kustomization, a chart.
pub(crate) fn decides_sources(file_name: &str) -> bool {
    KUSTOMIZATIONS.contains(&file_name) || file_name == "Chart.yaml"
}

/// What the file at `path` is by its place: a template of a Helm chart (anywhere under a `templates/` folder beside a
/// `Chart.yaml`), a chart's values (`values*.yaml` beside it), a patch that a kustomization in its folder names, or a
/// manifest. Standard input is a manifest.
pub fn source_of(path: &Path) -> Source {
    source_with(path, &|folder| Arc::new(named_patches(folder)))
}

/// [`source_of`] for many files at once: each folder's kustomizations are read once, not once per file beside them.
#[derive(Debug, Default)]
pub struct Sources {
    patches: Mutex<HashMap<PathBuf, Arc<Vec<PathBuf>>>>,
}

impl Sources {
    pub fn source_of(&self, path: &Path) -> Source {
        source_with(path, &|folder| {
            let known = self.patches.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(folder).cloned();
            known.unwrap_or_else(|| {
                let named = Arc::new(named_patches(folder));
                let mut patches = self.patches.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                Arc::clone(patches.entry(folder.to_owned()).or_insert(named))
            })
        })
    }
}

/// The files the kustomizations of `folder` name as patches, as full paths.
fn named_patches(folder: &Path) -> Vec<PathBuf> {
    KUSTOMIZATIONS
        .iter()
        .filter_map(|name| std::fs::read_to_string(folder.join(name)).ok())
        .flat_map(|text| kustomization_patches(&text))
        .map(|patch| normalized(&folder.join(patch)))
        .collect()
}

/// What the file is, with `patches_of` giving the patches a folder's kustomizations name.
fn source_with(path: &Path, patches_of: &dyn Fn(&Path) -> Arc<Vec<PathBuf>>) -> Source {
    if path.as_os_str() == "-" {
        return Source::Manifest;
    }
    let path = normalized(&std::path::absolute(path).unwrap_or_else(|_| path.to_owned()));
    let in_chart_templates = path.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|name| name == "templates")
            && dir.parent().is_some_and(|chart| chart.join("Chart.yaml").is_file())
    });
    if in_chart_templates {
        return Source::HelmTemplate;
    }
    let Some(folder) = path.parent() else { return Source::Manifest };
    let values = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("values"));
    if values && folder.join("Chart.yaml").is_file() {
        return Source::ChartValues;
    }
    if patches_of(folder).contains(&path) { Source::KustomizePatch } else { Source::Manifest }
}

/// `path` without `.` and with each `..` taken back, as kustomize resolves a patch's path.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn is_yaml_file(entry: &DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_file()) && has_yaml_extension(entry.path())
}

fn has_yaml_extension(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

fn excluder(patterns: &[String]) -> Result<Gitignore, String> {
    let root = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut builder = GitignoreBuilder::new(&root);
    for pattern in patterns {
        builder.add_line(None, pattern).map_err(|error| format!("--exclude {pattern}: {error}"))?;
    }
    builder.build().map_err(|error| format!("--exclude: {error}"))
}

fn is_excluded(exclude: &Gitignore, path: &Path, is_dir: bool) -> bool {
    if exclude.is_empty() || path.as_os_str() == "-" {
        return false;
    }
    // Patterns are relative to the working directory. A path outside it is matched without its root, so that
    // patterns without a `/` (`*.generated.yaml`, `charts`) still apply to it; the matcher refuses absolute paths.
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let candidate: PathBuf = match absolute.strip_prefix(exclude.path()) {
        Ok(relative) => relative.to_owned(),
        Err(_) => absolute.components().filter(|c| matches!(c, std::path::Component::Normal(_))).collect(),
    };
    exclude.matched_path_or_any_parents(&candidate, is_dir).is_ignore()
}

fn skipped(options: &WalkOptions, path: &Path, reason: &str) {
    if options.verbose {
        eprintln!("podls check: skipped {} ({reason})", path.display());
    }
}
