//! The engine's layers depend only downward: `text` ← `syntax` ← `schema` ← `model` ← `diagnostics` ← `ide`. Until
//! the layers are crates of their own, this test is what enforces it: it reads every source file and fails on a
//! `crate::` path that names a higher layer than the file's own.
//!
//! Test code is exempt (`tests.rs` files, `#[cfg(test)]` modules, `test_utils`): a test may build a whole analysis.

use std::path::{Path, PathBuf};

/// The layers from the bottom up. `fault` (the test hooks of the panic boundaries) sits at the bottom with `text`.
const LAYERS: &[&[&str]] = &[&["text", "fault"], &["syntax"], &["schema"], &["model"], &["diagnostics"], &["ide"]];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without its test module, which by convention comes last.
fn production_code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests").map_or(text, |at| &text[..at])
}

/// The top-level modules a piece of code names through `crate::` (`crate::syntax::parse` names `syntax`), including
/// those inside a `use crate::{a, b}` group.
fn named_modules(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (line_number, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                found.extend(inner.split(',').map(|item| (line_number + 1, head(item.trim()).to_owned())));
            } else {
                found.push((line_number + 1, head(rest).to_owned()));
            }
        }
    }
    found
}

fn head(path: &str) -> &str {
    let end = path.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(path.len());
    &path[..end]
}

#[test]
fn no_module_names_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let mut upward = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let module = relative.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
        let module = module.trim_end_matches(".rs");
        if relative.file_name().is_some_and(|n| n == "tests.rs") || module == "test_utils" || module == "lib" {
            continue;
        }
        let own = layer_of(module).unwrap_or_else(|| panic!("{} is in no layer: add it to LAYERS", relative.display()));
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (line, named) in named_modules(production_code(&text)) {
            if named == "test_utils" || named == "self" {
                continue;
            }
            let Some(theirs) = layer_of(&named) else { continue };
            checked += 1;
            if theirs > own {
                upward.push(format!("{}:{line}: `{module}` uses `{named}`", relative.display()));
            }
        }
    }
    assert!(checked > 100, "only {checked} crate paths were found: is the scan broken?");
    assert!(upward.is_empty(), "imports that run up the layers:\n{}", upward.join("\n"));
}

#[test]
fn the_scan_sees_paths_and_groups() {
    let code = "use crate::syntax::Node;\nuse crate::{ide::hover, model};\nlet x = crate::schema::at(p);\n";
    let named: Vec<String> = named_modules(code).into_iter().map(|(_, m)| m).collect();
    assert_eq!(named, ["syntax", "ide", "model", "schema"]);
    assert_eq!(production_code("a\n#[cfg(test)]\nmod tests {\nuse crate::ide;\n}"), "a\n");
}
