//! Input discovery and sniffing: which files to read, what they are, and
//! the id that names their bytes.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// What a file's bytes say it is, whatever its name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Pdf,
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Html => "html",
        }
    }
}

/// File endings picked up when a directory is walked. A file named on the
/// command line is always read, whatever its ending.
const REPORT_ENDINGS: &[&str] = &["txt", "text", "pdf"];

/// Why an input argument could not be turned into files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    #[error("{path}: no such file or directory")]
    Missing { path: PathBuf },
    #[error("{path}: cannot list directory: {source}")]
    Walk {
        path: PathBuf,
        source: walkdir::Error,
    },
}

/// The files a run reads, and what the walk met on the way that a user
/// should hear of (symbolic links followed or skipped).
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<PathBuf>,
    pub notes: Vec<String>,
}

/// Expand files and directories into the files to convert, directories
/// walked recursively, in sorted order, each file once. Symbolic links
/// are followed (a mirrored site often links its files), each file read
/// once however many links lead to it; a link that leads back into its
/// own folder or nowhere is skipped, and the notes say so.
pub fn discover(inputs: &[PathBuf]) -> Result<Discovery, SourceError> {
    let mut found = Discovery::default();
    let mut followed = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut found, &mut followed)?;
        } else if input.is_file() {
            found.files.push(input.clone());
        } else {
            return Err(SourceError::Missing {
                path: input.clone(),
            });
        }
    }
    if let Some(first) = followed.first() {
        found.notes.push(format!(
            "followed {} symbolic link(s) in the inputs, e.g. {first}",
            followed.len()
        ));
    }
    let mut seen = std::collections::HashSet::new();
    found
        .files
        .retain(|f| seen.insert(fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok(found)
}

/// Walk one input folder, following symbolic links.
fn walk(
    input: &Path,
    found: &mut Discovery,
    followed: &mut Vec<String>,
) -> Result<(), SourceError> {
    for entry in walkdir::WalkDir::new(input)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found
                    .notes
                    .push(skipped_link(&e).ok_or_else(|| SourceError::Walk {
                        path: input.to_path_buf(),
                        source: e,
                    })?);
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = fs::read_link(entry.path()).unwrap_or_default();
            followed.push(format!("{} → {}", entry.path().display(), target.display()));
        }
        if entry.file_type().is_file() && is_report_name(entry.path()) {
            found.files.push(entry.into_path());
        }
    }
    Ok(())
}

/// The note for a link the walk cannot follow, or None for an error that
/// is not about a link.
fn skipped_link(e: &walkdir::Error) -> Option<String> {
    let path = e.path()?;
    if let Some(ancestor) = e.loop_ancestor() {
        return Some(format!(
            "skipped {}: a symbolic link back to {}",
            path.display(),
            ancestor.display()
        ));
    }
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    (is_link && !path.exists()).then(|| {
        format!(
            "skipped {}: a symbolic link to {}, which does not exist",
            path.display(),
            fs::read_link(path).unwrap_or_default().display()
        )
    })
}

fn is_report_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_ENDINGS.iter().any(|r| e.eq_ignore_ascii_case(r)))
}

/// Tell PDF, HTML and text apart by their first bytes. A PDF whose
/// header is damaged is still one by its structure: an indirect object
/// near the start and the cross-reference keywords at the end.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") || has_pdf_structure(bytes) {
        return Format::Pdf;
    }
    let start: Vec<u8> = head
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xef || **b == 0xbb || **b == 0xbf)
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    let markup = [
        &b"<!doctype html"[..],
        b"<html",
        b"<?xml",
        b"<head",
        b"<meta",
    ];
    if markup.iter().any(|m| start.starts_with(m)) {
        return Format::Html;
    }
    Format::Text
}

/// `N G obj` within the first 1024 bytes and `startxref` or `%%EOF`
/// within the last 1024.
fn has_pdf_structure(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let object = head.windows(4).enumerate().any(|(i, w)| {
        w == b" obj" && {
            let before = head[..i].trim_ascii_end();
            let generation = before
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let rest = before[..before.len() - generation].strip_suffix(b" ");
            generation > 0 && rest.is_some_and(|r| r.last().is_some_and(u8::is_ascii_digit))
        }
    });
    let end = tail.windows(9).any(|w| w == b"startxref") || tail.windows(5).any(|w| w == b"%%EOF");
    object && end
}

/// First 16 hex digits of the SHA-256 of the bytes.
pub fn doc_id(bytes: &[u8]) -> String {
    let mut id = sha256_hex(bytes);
    id.truncate(16);
    id
}

/// The SHA-256 of the bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The file's base name, as `records.csv` names the document.
pub fn doc_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(sniff(b"\n  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff("收入\t支出".as_bytes()), Format::Text);
        let damaged = b"\x00\x13PDX1.3\n1 0 obj\n<< >>\nendobj\nstartxref\n9\n%%EOF\n";
        assert_eq!(sniff(damaged), Format::Pdf);
        assert_eq!(sniff(b"1 0 obj is no PDF without its end"), Format::Text);
    }

    #[test]
    fn doc_id_is_sha256_prefix() {
        assert_eq!(doc_id(b"abc"), "ba7816bf8f01cfea");
    }
}

/// Which discovered files a run reads: `--glob` patterns a file must match
/// (any of them; all files when there are none) and `--exclude` patterns
/// it must not. A pattern without a `/` is matched against the file's
/// name, one with a `/` against its whole path, so that `*.html` and
/// `**/2019/*.pdf` both say what they look like.
#[derive(Debug, Default)]
pub struct Selection {
    include: Option<(globset::GlobSet, globset::GlobSet)>,
    exclude: (globset::GlobSet, globset::GlobSet),
}

/// A `--glob` or `--exclude` pattern that is not a glob.
#[derive(Debug, thiserror::Error)]
#[error("bad pattern {pattern:?}: {source}")]
pub struct PatternError {
    pattern: String,
    source: globset::Error,
}

impl Selection {
    pub fn new(include: &[String], exclude: &[String]) -> Result<Selection, PatternError> {
        Ok(Selection {
            include: if include.is_empty() {
                None
            } else {
                Some(glob_sets(include)?)
            },
            exclude: glob_sets(exclude)?,
        })
    }

    /// Whether the run reads `path`.
    pub fn admits(&self, path: &Path) -> bool {
        let matches = |(names, paths): &(globset::GlobSet, globset::GlobSet)| {
            path.file_name().is_some_and(|n| names.is_match(n)) || paths.is_match(path)
        };
        self.include.as_ref().is_none_or(matches) && !matches(&self.exclude)
    }
}

/// Patterns for base names and patterns for whole paths.
fn glob_sets(patterns: &[String]) -> Result<(globset::GlobSet, globset::GlobSet), PatternError> {
    let mut names = globset::GlobSetBuilder::new();
    let mut paths = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|source| PatternError {
                pattern: pattern.clone(),
                source,
            })?;
        if pattern.contains('/') {
            paths.add(glob);
        } else {
            names.add(glob);
        }
    }
    let build = |b: globset::GlobSetBuilder| {
        b.build().map_err(|source| PatternError {
            pattern: patterns.join(" "),
            source,
        })
    };
    Ok((build(names)?, build(paths)?))
}

#[cfg(test)]
mod selection_tests {
    use super::*;

    #[test]
    fn names_and_paths_are_matched_as_the_pattern_says() {
        let s = Selection::new(&[], &["bad.pdf".into(), "**/2019/*.pdf".into()]).unwrap();
        assert!(!s.admits(Path::new("in/x/bad.pdf")));
        assert!(!s.admits(Path::new("in/2019/a.pdf")));
        assert!(s.admits(Path::new("in/2020/a.pdf")));
        let only = Selection::new(&["*.txt".into()], &[]).unwrap();
        assert!(only.admits(Path::new("in/a.txt")));
        assert!(!only.admits(Path::new("in/a.pdf")));
        assert!(Selection::new(&["a[".into()], &[]).is_err());
    }
}
