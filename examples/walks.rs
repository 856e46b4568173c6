//! Compare the input walk of `gongkai::source` (walkdir, then `--glob` and
//! `--exclude` with globset) with the `ignore` crate's `WalkBuilder` and
//! its overrides, on a made folder that holds what researchers' folders
//! hold (a link to a file elsewhere, a link back up, a dangling link, a
//! .gitignore, a hidden folder, upper-case endings) and on a large made
//! tree for time.
//!
//! `cargo run --release --example walks`

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::Instant;

use gongkai::source::{discover, Selection};

/// What the ignore walker gives: report files, and the errors it met.
fn ignore_walk(root: &Path, globs: &[&str], excludes: &[&str]) -> (Vec<PathBuf>, Vec<String>) {
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for g in globs {
        overrides.add(g).expect("glob");
    }
    for e in excludes {
        overrides.add(&format!("!{e}")).expect("exclude");
    }
    let mut walk = ignore::WalkBuilder::new(root);
    walk.standard_filters(false)
        .follow_links(true)
        .overrides(overrides.build().expect("overrides"))
        .sort_by_file_name(|a, b| a.cmp(b));
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for entry in walk.build() {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let report = e
                    .path()
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| {
                        ["txt", "text", "pdf"]
                            .iter()
                            .any(|r| x.eq_ignore_ascii_case(r))
                    });
                if report && !e.file_name().to_string_lossy().starts_with('.') {
                    files.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(e.to_string()),
        }
    }
    (files, errors)
}

fn ours(root: &Path, globs: &[&str], excludes: &[&str]) -> (Vec<PathBuf>, Vec<String>) {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let found = discover(&[root.to_path_buf()]).expect("discover");
    let selection = Selection::new(&strings(globs), &strings(excludes)).expect("patterns");
    let files = found
        .files
        .into_iter()
        .filter(|f| selection.admits(f))
        .collect();
    (files, found.notes)
}

fn made_folder(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    let elsewhere = dir.join("elsewhere");
    for d in ["sub", ".hidden", "2019", "2020"] {
        fs::create_dir_all(input.join(d)).unwrap();
    }
    fs::create_dir_all(&elsewhere).unwrap();
    for f in [
        "a.txt",
        "B.TXT",
        ".hidden/h.txt",
        "2019/r.pdf",
        "2020/r.pdf",
        "sub/s.text",
        "notes.md",
    ] {
        fs::write(input.join(f), "x").unwrap();
    }
    fs::write(input.join(".gitignore"), "a.txt\n2020/\n").unwrap();
    fs::write(elsewhere.join("linked.txt"), "x").unwrap();
    symlink(elsewhere.join("linked.txt"), input.join("b.txt")).unwrap();
    symlink(&input, input.join("sub/loop")).unwrap();
    symlink(dir.join("nowhere.txt"), input.join("c.txt")).unwrap();
    input
}

fn show(root: &Path, label: &str, (files, notes): (Vec<PathBuf>, Vec<String>)) {
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(root).unwrap_or(f).display().to_string())
        .collect();
    println!("  {label}: {names:?}");
    for n in notes {
        println!("    {label} says: {n}");
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let input = made_folder(dir.path());
    let cases: [(&[&str], &[&str]); 4] = [
        (&[], &[]),
        (&["*.txt"], &["b.txt"]),
        (&[], &["**/2019/*.pdf"]),
        (&[], &["in/2019/*.pdf"]),
    ];
    for (globs, excludes) in cases {
        println!("--glob {globs:?} --exclude {excludes:?}");
        show(&input, "gongkai", ours(&input, globs, excludes));
        show(&input, "ignore ", ignore_walk(&input, globs, excludes));
    }

    // A relative input: the form a researcher types.
    std::env::set_current_dir(dir.path()).unwrap();
    let relative = Path::new("in");
    for (globs, excludes) in [(&[][..], &["in/2019/*.pdf"][..]), (&[], &["2019/*.pdf"])] {
        println!("relative input, --glob {globs:?} --exclude {excludes:?}");
        show(relative, "gongkai", ours(relative, globs, excludes));
        show(relative, "ignore ", ignore_walk(relative, globs, excludes));
    }

    let big = dir.path().join("big");
    for d in 0..200 {
        let sub = big.join(format!("city{d:03}/2023"));
        fs::create_dir_all(&sub).unwrap();
        for f in 0..100 {
            fs::write(sub.join(format!("r{f:03}.pdf")), "").unwrap();
        }
    }
    for _ in 0..2 {
        let start = Instant::now();
        let n = ours(&big, &[], &["**/r00*.pdf"]).0.len();
        let a = start.elapsed();
        let start = Instant::now();
        let m = ignore_walk(&big, &[], &["**/r00*.pdf"]).0.len();
        let b = start.elapsed();
        let start = Instant::now();
        let all = ours(&big, &[], &[]).0;
        let c = start.elapsed();
        let start = Instant::now();
        let canonical = all.iter().filter_map(|f| fs::canonicalize(f).ok()).count();
        let d = start.elapsed();
        println!("20 000 files: gongkai {n} files in {a:?}; ignore {m} files in {b:?}; gongkai without patterns {c:?}, of which canonicalizing {canonical} paths {d:?}");
    }
}
