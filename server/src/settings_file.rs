//! Finding and reading `.podls.yaml`, for `podls check` and the language server alike.
//!
//! A file's settings file is the nearest `.podls.yaml` (or `.podls.yml`) in its folder or a folder above it, up to
//! the repository root (the folder holding `.git`). `--config FILE` and `PODLS_CONFIG` name one instead of the
//! search. The engine reads the text (`ide::settings_file`); this module does the IO and the glob matching of
//! `files`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use podls_engine::diagnostics::Diagnostic;
use podls_engine::ide::config::Settings;
use podls_engine::ide::settings_file;

/// The environment variable that names a settings file, instead of the search.
pub const ENV: &str = "PODLS_CONFIG";

/// A settings file as read.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub text: String,
    pub settings: Settings,
    /// What is wrong in it, with offsets into `text`.
    pub diagnostics: Vec<Diagnostic>,
    /// `files.include` and `files.exclude`, relative to the file's folder.
    pub files: FileFilter,
}

impl Loaded {
    pub fn read(path: &Path) -> std::io::Result<Loaded> {
        let text = std::fs::read_to_string(path)?;
        // Globs are matched against absolute paths, so their root is too.
        let path = &std::path::absolute(path)?;
        let (settings, diagnostics) = settings_file::read(&text);
        let folder = path.parent().map_or_else(|| PathBuf::from("."), Path::to_owned);
        let files = FileFilter::new(&folder, &settings);
        Ok(Loaded { path: path.to_owned(), text, settings, diagnostics, files })
    }
}

/// The settings file that applies in `folder`: the nearest one from it upward, stopping at the repository root.
pub fn discover(folder: &Path) -> Option<PathBuf> {
    for dir in folder.ancestors() {
        if let Some(found) = settings_file::FILE_NAMES.iter().map(|name| dir.join(name)).find(|path| path.is_file()) {
            return Some(found);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Which files a settings file's `files` lets through.
#[derive(Debug, Default)]
pub struct FileFilter {
    include: Option<Gitignore>,
    exclude: Option<Gitignore>,
    /// Patterns that are not globs, with why.
    pub errors: Vec<String>,
}

impl FileFilter {
    fn new(root: &Path, settings: &Settings) -> FileFilter {
        let mut errors = Vec::new();
        let mut matcher = |key: &str, patterns: &Option<Vec<String>>| {
            let patterns = patterns.as_ref()?;
            let mut builder = GitignoreBuilder::new(root);
            for pattern in patterns {
                if let Err(error) = builder.add_line(None, pattern) {
                    errors.push(format!("files.{key}: {pattern}: {error}"));
                }
            }
            builder.build().map_err(|error| errors.push(format!("files.{key}: {error}"))).ok()
        };
        let include = matcher("include", &settings.files.include);
        let exclude = matcher("exclude", &settings.files.exclude);
        FileFilter { include, exclude, errors }
    }

    /// Whether `path` is checked: included (when `include` is given) and not excluded. Patterns are relative to the
    /// settings file's folder, so they say nothing about a file outside it.
    pub fn allows(&self, path: &Path) -> bool {
        let matches = |matcher: &Gitignore| {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
            match absolute.strip_prefix(matcher.path()) {
                Ok(relative) => Some(matcher.matched_path_or_any_parents(relative, false).is_ignore()),
                Err(_) => None,
            }
        };
        let included = self.include.as_ref().is_none_or(|include| matches(include).unwrap_or(true));
        let excluded = self.exclude.as_ref().is_some_and(|exclude| matches(exclude).unwrap_or(false));
        included && !excluded
    }
}

/// Settings files read once per folder; cleared when one changes.
#[derive(Debug, Default)]
pub struct Cache {
    /// By folder searched from: the file that applies there, if any.
    by_folder: Mutex<HashMap<PathBuf, Option<Arc<Loaded>>>>,
    /// By settings file path, so that folders sharing one file share one reading.
    by_path: Mutex<HashMap<PathBuf, Arc<Loaded>>>,
}

impl Cache {
    /// The settings file that applies to the file at `path`, read on first use. A file that cannot be read counts
    /// as none (`log` says why).
    pub fn for_file(&self, path: &Path, log: impl Fn(&Path, &std::io::Error)) -> Option<Arc<Loaded>> {
        // A relative path's folder would stop the search at the working directory.
        let path = std::path::absolute(path).ok()?;
        let folder = path.parent()?.to_owned();
        if let Some(known) = lock(&self.by_folder).get(&folder) {
            return known.clone();
        }
        let loaded = discover(&folder).and_then(|found| self.read(&found, &log));
        lock(&self.by_folder).insert(folder, loaded.clone());
        loaded
    }

    /// The settings file at `path`, read once.
    pub fn read(&self, path: &Path, log: impl Fn(&Path, &std::io::Error)) -> Option<Arc<Loaded>> {
        if let Some(known) = lock(&self.by_path).get(path) {
            return Some(Arc::clone(known));
        }
        match Loaded::read(path) {
            Ok(loaded) => {
                let loaded = Arc::new(loaded);
                lock(&self.by_path).insert(path.to_owned(), Arc::clone(&loaded));
                Some(loaded)
            }
            Err(error) => {
                log(path, &error);
                None
            }
        }
    }

    /// Forgets everything read: a settings file was created, changed or deleted.
    pub fn clear(&self) {
        lock(&self.by_folder).clear();
        lock(&self.by_path).clear();
    }

    /// Every settings file read so far.
    pub fn loaded(&self) -> Vec<Arc<Loaded>> {
        let mut all: Vec<Arc<Loaded>> = lock(&self.by_path).values().cloned().collect();
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Each critical section is one lookup or insert, so a poisoned map is still whole.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder of its own under the temporary directory.
    fn temp_folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("podls-settings-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_nearest_file_wins_and_the_search_stops_at_the_repository() {
        let root = temp_folder("discover");
        let repo = root.join("repo");
        let deep = repo.join("apps/web/deploy");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::write(root.join(".podls.yaml"), "rules: {lint: off}\n").unwrap();
        assert_eq!(discover(&deep), None, "the file above the repository is not read");
        std::fs::write(repo.join(".podls.yml"), "{}\n").unwrap();
        assert_eq!(discover(&deep), Some(repo.join(".podls.yml")));
        std::fs::write(repo.join("apps/.podls.yaml"), "{}\n").unwrap();
        assert_eq!(discover(&deep), Some(repo.join("apps/.podls.yaml")));
        std::fs::write(repo.join("apps/.podls.yml"), "{}\n").unwrap();
        assert_eq!(discover(&deep), Some(repo.join("apps/.podls.yaml")), ".podls.yaml wins over .podls.yml");
    }

    #[test]
    fn files_include_and_exclude() {
        let root = temp_folder("filter");
        let path = root.join(".podls.yaml");
        std::fs::write(&path, "files:\n  include: [deploy/]\n  exclude: ['*.generated.yaml']\n").unwrap();
        let loaded = Loaded::read(&path).unwrap();
        assert!(loaded.files.allows(&root.join("deploy/web.yaml")));
        assert!(!loaded.files.allows(&root.join("deploy/web.generated.yaml")));
        assert!(!loaded.files.allows(&root.join("charts/web.yaml")));
        // Outside the settings file's folder its patterns say nothing.
        assert!(
            Path::new("/elsewhere/web.yaml").is_absolute() && loaded.files.allows(Path::new("/elsewhere/web.yaml"))
        );
    }
}
