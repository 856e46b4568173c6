//! The pipeline runs one way: no module imports from a stage after its
//! own. Read from the sources, so that a `use` reaching forward fails here
//! instead of slowly knotting the stages together.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The modules in pipeline order; a module may use those of its own rank
/// or lower. Items of the crate root (`crate::panic_message`, the
/// converter's re-exports) are the facade and may be named anywhere.
const ORDER: &[(&str, u8)] = &[
    ("limits", 0),
    ("model", 0),
    ("text", 0),
    ("catalogue", 1),
    ("source", 2),
    ("decode", 3),
    ("pdf", 3),
    ("layout", 4),
    ("document", 5),
    ("normalize", 6),
    ("validate", 7),
    ("sink", 8),
    ("convert", 9),
    ("cache", 9),
    ("run", 10),
    ("debug", 10),
];

fn rank(module: &str) -> Option<u8> {
    ORDER.iter().find(|(m, _)| *m == module).map(|&(_, r)| r)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// The top-level modules a file names with `crate::…`, including those in
/// a grouped `use crate::{a, b::c}`. Test modules are read too: a test
/// that needs a later stage belongs in `tests/`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        if i > 0 && text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let body = &group[..group.find('}').unwrap_or(group.len())];
            for item in body.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found.retain(|n| n.starts_with(|c: char| c.is_ascii_lowercase()));
    found
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = rank(&module) else {
            wrong.push(format!(
                "{}: module {module} has no place in the stage order of tests/architecture.rs",
                file.display()
            ));
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        for used in uses(&text) {
            if used == module {
                continue;
            }
            match rank(&used) {
                Some(r) if r > own => wrong.push(format!(
                    "{}: {module} (stage {own}) uses {used} (stage {r}), a later stage",
                    file.display()
                )),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn the_reader_of_uses_sees_grouped_and_plain_paths() {
    let text = "use crate::{document, model::Line};\nlet x = crate::sink::Output;\n\
                use other_crate::pdf;";
    let found: Vec<String> = uses(text).into_iter().collect();
    assert_eq!(found, ["document", "model", "sink"]);
}
