//! What an incremental run keeps in its output folder, under `.gongkai/`:
//! each document's output rows, keyed by the SHA-256 of its bytes and the
//! version of gongkai, and the list of the run's inputs.
//!
//! A document's rows are stored as soon as it is converted, so a run that
//! is killed keeps what it had done; the list of inputs is replaced only
//! when a run completes.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use crate::model::Status;
use crate::sink::commit::{write_whole, STATE_DIR};
use crate::sink::{DocRows, OUTPUTS};

/// Why the state of an output folder cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CacheError {
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}, line {line}: {what}")]
    Bad {
        path: PathBuf,
        line: usize,
        what: String,
    },
}

fn io_err(path: &Path) -> impl Fn(io::Error) -> CacheError + '_ {
    move |source| CacheError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// One input of a run, as the state remembers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Place of the file among all inputs of the run (before sharding).
    pub index: usize,
    pub path: PathBuf,
    pub size: u64,
    pub modified: u128,
    /// Full SHA-256 of the bytes, hex; empty for a file that could not be read.
    pub sha: String,
    pub doc: String,
    pub outcome: Outcome,
}

/// What became of a file, as the summary of a run reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub status: Option<Status>,
    pub message: String,
    pub records: usize,
    pub pages: u64,
    /// `error` findings.
    pub errors: usize,
}

impl Outcome {
    pub fn of(rows: &DocRows) -> Outcome {
        Outcome {
            status: rows.status,
            message: rows.message.clone(),
            records: rows.record_count(),
            pages: rows
                .documents
                .iter()
                .filter_map(|r| u64::try_from(r.pages?).ok())
                .sum(),
            errors: rows
                .findings
                .iter()
                .filter(|r| r.severity == "error")
                .count(),
        }
    }
}

impl Entry {
    /// Size and modification time of `path`, for the quick check.
    pub fn stat(path: &Path) -> Option<(u64, u128)> {
        let meta = fs::metadata(path).ok()?;
        let modified = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some((meta.len(), modified))
    }
}

const RUN_FILE: &str = "run.tsv";
/// What the outputs of the last completed run were written with.
const OUTPUTS_FILE: &str = "outputs";
/// The output files of the last completed run: path, size, modification time.
const MANIFEST_FILE: &str = "manifest.tsv";
/// Which run and which shard of it the outputs are.
pub const SHARD_FILE: &str = "shard";

/// The state of one output folder.
pub struct Cache {
    dir: PathBuf,
    fragments: PathBuf,
    previous: Vec<Entry>,
    /// Documents this run stored, removed again if the run fails.
    stored: std::sync::Mutex<Vec<String>>,
}

/// Results depend on the build of gongkai that made them: its version,
/// its catalogue of table kinds and its code. The running program's size
/// and modification time stand for the code, so that a rebuilt binary
/// never reuses what an older one stored under the same version number.
pub fn fingerprint() -> String {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT
        .get_or_init(|| {
            let mut h = Sha256::new();
            h.update(env!("CARGO_PKG_VERSION"));
            h.update(include_str!("catalogue.toml"));
            if let Some((size, modified)) =
                std::env::current_exe().ok().and_then(|p| Entry::stat(&p))
            {
                h.update(size.to_le_bytes());
                h.update(modified.to_le_bytes());
            }
            h.finalize()[..6]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        })
        .clone()
}

impl Cache {
    /// Open (or start) the state of the output folder `out`.
    pub fn open(out: &Path) -> Result<Cache, CacheError> {
        let dir = out.join(STATE_DIR);
        let fragments = dir.join(format!("v{}-{}", env!("CARGO_PKG_VERSION"), fingerprint()));
        fs::create_dir_all(&fragments).map_err(io_err(&fragments))?;
        let previous = read_run(&dir.join(RUN_FILE)).unwrap_or_default();
        Ok(Cache {
            dir,
            fragments,
            previous,
            stored: Default::default(),
        })
    }

    /// The entries of the last completed run, if it had exactly these
    /// inputs, each of the same size and modification time, and wrote its
    /// outputs as `signature` says: then there is nothing to do.
    /// Every output file must be as that run left it.
    pub fn unchanged(&self, inputs: &[(usize, &Path)], signature: &str) -> Option<Vec<Entry>> {
        let written = fs::read_to_string(self.dir.join(OUTPUTS_FILE)).ok()?;
        if written != signature || self.previous.len() != inputs.len() {
            return None;
        }
        let out = self.dir.parent()?;
        if !manifest_holds(out, &self.dir.join(MANIFEST_FILE)) {
            return None;
        }
        let same = self.previous.iter().zip(inputs).all(|(e, &(index, path))| {
            e.index == index && e.path == path && Entry::stat(path) == Some((e.size, e.modified))
        });
        same.then(|| self.previous.clone())
    }

    /// The SHA-256 recorded for `path` when its size and modification
    /// time are what they were: the bytes are not read again.
    pub fn known_sha(&self, path: &Path, size: u64, modified: u128) -> Option<&str> {
        self.previous
            .iter()
            .find(|e| {
                e.path == path && e.size == size && e.modified == modified && !e.sha.is_empty()
            })
            .map(|e| e.sha.as_str())
    }

    /// The stored rows of the document with these bytes.
    pub fn load(&self, sha: &str) -> Option<DocRows> {
        read_fragment(&self.fragment(sha)).ok()
    }

    /// Keep a document's rows, written whole or not at all.
    pub fn store(&self, sha: &str, rows: &DocRows) -> Result<(), CacheError> {
        let path = self.fragment(sha);
        write_whole(&path, |file| write_fragment(file, rows)).map_err(io_err(&path))?;
        if let Ok(mut stored) = self.stored.lock() {
            stored.push(sha.to_string());
        }
        Ok(())
    }

    /// Remove what this run stored that the last completed run does not
    /// use: a failed run leaves the state as it found it.
    pub fn discard(&self) {
        let stored = self.stored.lock().map(|s| s.clone()).unwrap_or_default();
        for sha in stored {
            if !self.previous.iter().any(|e| e.sha == sha) {
                let _ = fs::remove_file(self.fragment(&sha));
            }
        }
    }

    fn fragment(&self, sha: &str) -> PathBuf {
        self.fragments.join(format!("{sha}.csv"))
    }

    /// Write the state a completed run leaves for the next one into
    /// `state` (the stage's state folder): its inputs, the signature of
    /// its options, which shard it is, and the list of its output files,
    /// which are already in `stage`.
    pub fn write_state(
        &self,
        stage: &Path,
        state: &Path,
        entries: &[Entry],
        signature: &str,
        shard: &str,
    ) -> Result<(), CacheError> {
        let put = |name: &str, text: &str| {
            let path = state.join(name);
            fs::write(&path, text).map_err(io_err(&path))
        };
        put(OUTPUTS_FILE, signature)?;
        put(SHARD_FILE, shard)?;
        put(MANIFEST_FILE, &manifest(stage).map_err(io_err(stage))?)?;
        let path = state.join(RUN_FILE);
        write_run(&path, entries).map_err(io_err(&path))
    }

    /// After a commit: drop what no input needs any more, rows of removed
    /// or changed files and of older versions.
    pub fn prune(&self, entries: &[Entry]) {
        let keep: std::collections::HashSet<String> =
            entries.iter().map(|e| format!("{}.csv", e.sha)).collect();
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if p.is_dir() && p != self.fragments && name.starts_with('v') {
                let _ = fs::remove_dir_all(&p);
            }
        }
        for entry in fs::read_dir(&self.fragments)
            .into_iter()
            .flatten()
            .flatten()
        {
            if !keep.contains(&*entry.file_name().to_string_lossy()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The state files a run leaves, relative to its output folder: what a
/// merged folder, which has no state of its own, drops.
pub fn state_files() -> Vec<String> {
    [RUN_FILE, OUTPUTS_FILE, MANIFEST_FILE, SHARD_FILE]
        .iter()
        .map(|f| format!("{STATE_DIR}/{f}"))
        .collect()
}

/// Every output file under `stage` (its state folder left out), with its
/// size and modification time, one per line; renaming keeps both.
fn manifest(stage: &Path) -> io::Result<String> {
    let mut lines = Vec::new();
    for entry in walkdir::WalkDir::new(stage).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(stage).unwrap_or(entry.path());
        if !entry.file_type().is_file() || rel.starts_with(STATE_DIR) {
            continue;
        }
        let (size, modified) = Entry::stat(entry.path()).unwrap_or_default();
        lines.push(format!("{}\t{size}\t{modified}\n", rel.display()));
    }
    Ok(lines.concat())
}

/// Whether each file the manifest lists is in `out` as it was written.
fn manifest_holds(out: &Path, manifest: &Path) -> bool {
    let Ok(text) = fs::read_to_string(manifest) else {
        return false;
    };
    text.lines().all(|line| {
        let mut f = line.split('\t');
        let (Some(rel), Some(size), Some(modified)) = (f.next(), f.next(), f.next()) else {
            return false;
        };
        Entry::stat(&out.join(rel))
            .is_some_and(|(s, m)| s.to_string() == size && m.to_string() == modified)
    })
}

/// Which run and shard an output folder holds, as `convert` recorded it:
/// the text of its shard file.
pub fn read_shard(out: &Path) -> Result<String, CacheError> {
    let path = out.join(STATE_DIR).join(SHARD_FILE);
    fs::read_to_string(&path).map_err(io_err(&path))
}

/// The inputs and stored rows of an earlier run's output folder, for
/// merging shards.
pub fn read_state(out: &Path) -> Result<(Vec<Entry>, PathBuf), CacheError> {
    let dir = out.join(STATE_DIR);
    let run = dir.join(RUN_FILE);
    let entries = read_run(&run)?;
    // A completed run keeps one folder of stored rows: the one of the build
    // that made it, whichever build merges.
    let fragments = fs::read_dir(&dir)
        .map_err(io_err(&dir))?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('v'))
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .ok_or_else(|| CacheError::Bad {
            path: dir.clone(),
            line: 0,
            what: "no stored results".to_string(),
        })?;
    Ok((entries, fragments))
}

/// The stored rows of one document of an earlier run.
pub fn read_stored(fragments: &Path, sha: &str) -> Result<DocRows, CacheError> {
    read_fragment(&fragments.join(format!("{sha}.csv")))
}

fn write_run(path: &Path, entries: &[Entry]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new().delimiter(b'\t').from_path(path)?;
    w.write_record([
        "index", "path", "size", "modified", "sha256", "doc", "status", "records", "pages",
        "errors", "message",
    ])?;
    for e in entries {
        let o = &e.outcome;
        w.write_record([
            e.index.to_string(),
            e.path.to_string_lossy().into_owned(),
            e.size.to_string(),
            e.modified.to_string(),
            e.sha.clone(),
            e.doc.clone(),
            o.status.map(|s| s.as_str()).unwrap_or_default().to_string(),
            o.records.to_string(),
            o.pages.to_string(),
            o.errors.to_string(),
            o.message.clone(),
        ])?;
    }
    w.flush()?;
    w.into_inner().map_err(|e| e.into_error())?.sync_all()
}

fn read_run(path: &Path) -> Result<Vec<Entry>, CacheError> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(path)
        .map_err(|e| CacheError::Io {
            path: path.to_path_buf(),
            source: e.into(),
        })?;
    let mut out = Vec::new();
    for (line, row) in r.records().enumerate() {
        let bad = |what: &str| CacheError::Bad {
            path: path.to_path_buf(),
            line: line + 2,
            what: what.to_string(),
        };
        let row = row.map_err(|_| bad("unreadable line"))?;
        let num = |i: usize| {
            row.get(i)
                .and_then(|v| v.parse::<u128>().ok())
                .ok_or_else(|| bad("not a number"))
        };
        out.push(Entry {
            index: num(0)? as usize,
            path: PathBuf::from(row.get(1).unwrap_or("")),
            size: num(2)? as u64,
            modified: num(3)?,
            sha: row.get(4).unwrap_or("").to_string(),
            doc: row.get(5).unwrap_or("").to_string(),
            outcome: Outcome {
                status: row.get(6).and_then(Status::parse),
                records: num(7)? as usize,
                pages: num(8)? as u64,
                errors: num(9)? as usize,
                message: row.get(10).unwrap_or("").to_string(),
            },
        });
    }
    Ok(out)
}

/// A fragment: one CSV line per output row, the output's name first.
fn write_fragment(file: &mut File, rows: &DocRows) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(BufWriter::new(file));
    w.write_record(["doc", &rows.doc])?;
    for output in OUTPUTS {
        for row in rows.cells(output) {
            w.write_field(output.name())?;
            w.write_record(row.iter().map(|c| c.text().into_owned()))?;
        }
    }
    w.into_inner().map_err(|e| e.into_error())?.flush()
}

fn read_fragment(path: &Path) -> Result<DocRows, CacheError> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_path(path)
        .map_err(|e| CacheError::Io {
            path: path.to_path_buf(),
            source: e.into(),
        })?;
    let mut rows = DocRows::default();
    for (line, record) in r.records().enumerate() {
        let bad = |what: &str| CacheError::Bad {
            path: path.to_path_buf(),
            line: line + 1,
            what: what.to_string(),
        };
        let record = record.map_err(|_| bad("unreadable line"))?;
        let mut fields = record.iter();
        let name = fields.next().unwrap_or("");
        if name == "doc" {
            rows.doc = fields.next().unwrap_or("").to_string();
            continue;
        }
        let output = OUTPUTS
            .iter()
            .find(|o| o.name() == name)
            .ok_or_else(|| bad("unknown output"))?;
        let texts: Vec<&str> = fields.collect();
        rows.push_parsed(*output, &texts)
            .map_err(|e| bad(&e.to_string()))?;
    }
    let document = rows.documents.first().ok_or(CacheError::Bad {
        path: path.to_path_buf(),
        line: 0,
        what: "no documents row".to_string(),
    })?;
    rows.status = Status::parse(&document.status);
    rows.message = document.message.clone();
    Ok(rows)
}
