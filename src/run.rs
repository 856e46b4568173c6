//! A batch run over many files: parallel conversion in a fixed order,
//! reuse of what an earlier run into the same folder already did, and
//! streaming to the writers so that memory does not grow with the number
//! of files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::{self, Cache, CacheError, Entry, Outcome};
use crate::model::Status;
use crate::sink::{self, DocRows, SinkError, Sinks};
use crate::{convert_bytes_with, source, Converted};

/// Files converted together before their rows are written: enough to keep
/// every core busy, few enough that memory stays flat.
const CHUNK: usize = 64;

/// Why a run could not complete.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error("{0}: not a shard output folder (no .gongkai/run.tsv)")]
    NotShard(PathBuf),
    #[error("the shards overlap: input {index} ({path}) is in two of them")]
    Overlap { index: usize, path: String },
}

/// A file to convert and its place among all inputs of the run.
#[derive(Clone, Debug)]
pub struct Input {
    pub index: usize,
    pub path: PathBuf,
}

/// The inputs of shard `k` of `n` (1-based): every n-th file of the
/// sorted input list, so that shards are even and each file in exactly one.
pub fn shard(files: Vec<PathBuf>, k: usize, n: usize) -> Vec<Input> {
    files
        .into_iter()
        .enumerate()
        .filter(|(i, _)| n == 0 || i % n == k.saturating_sub(1))
        .map(|(index, path)| Input { index, path })
        .collect()
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub by_status: BTreeMap<Status, usize>,
    /// Files whose results were taken from the earlier run.
    pub reused: usize,
    pub pages: u64,
    pub records: usize,
    /// `error` findings.
    pub errors: usize,
    /// Files that failed: path, status, message.
    pub failed: Vec<(String, Status, String)>,
    pub elapsed: Duration,
}

impl Summary {
    fn add(&mut self, entry: &Entry, reused: bool) {
        let o = &entry.outcome;
        let status = o.status.unwrap_or(Status::Error);
        self.files += 1;
        self.reused += usize::from(reused);
        *self.by_status.entry(status).or_default() += 1;
        self.records += o.records;
        self.pages += o.pages;
        self.errors += o.errors;
        if status != Status::Ok {
            self.failed
                .push((entry.path.display().to_string(), status, o.message.clone()));
        }
    }
}

/// How a run is done.
pub struct Plan<'a> {
    pub inputs: Vec<Input>,
    pub out: &'a Path,
    pub options: sink::Options,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// Reuse the results an earlier run left in `out`.
    pub reuse: bool,
    /// How each file is converted.
    pub convert: crate::Options,
}

/// Convert every input of the plan and write the outputs. `progress` is
/// called once per file, in input order, as its rows are written.
pub fn run(plan: &Plan, progress: &(dyn Fn(&DocRows) + Sync)) -> Result<Summary, RunError> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs)
        .build()?;
    sink::create_dir(plan.out)?;
    let cache = Cache::open(plan.out)?;
    let signature = signature(&plan.options);
    let mut summary = Summary::default();
    if plan.reuse && sink::outputs_present(plan.out, &plan.options) {
        let inputs: Vec<(usize, &Path)> = plan
            .inputs
            .iter()
            .map(|i| (i.index, i.path.as_path()))
            .collect();
        if let Some(entries) = cache.unchanged(&inputs, &signature) {
            entries.iter().for_each(|e| summary.add(e, true));
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }
    }
    let mut sinks = Sinks::create(plan.out, &plan.options)?;
    let mut entries = Vec::with_capacity(plan.inputs.len());
    for chunk in plan.inputs.chunks(CHUNK) {
        let done: Vec<(Entry, DocRows, bool)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|input| one(input, &cache, plan))
                .collect()
        });
        for (mut entry, rows, reused) in done {
            sinks.write(&rows)?;
            entry.outcome = Outcome::of(&rows);
            summary.add(&entry, reused);
            progress(&rows);
            entries.push(entry);
        }
    }
    sinks.finish()?;
    cache.finish(&entries, &signature)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What decides the bytes of the outputs besides the inputs: the version
/// and the output options.
fn signature(options: &sink::Options) -> String {
    format!(
        "{} {}\nformats {:?}\nexcel {}\nfindings {}\npartition-by {:?}\n",
        env!("CARGO_PKG_VERSION"),
        cache::fingerprint(),
        options.formats,
        options.excel,
        options.findings,
        options.partition_by
    )
}

/// One file: its stored rows where its bytes are unchanged, else converted
/// (and stored for the next run).
fn one(input: &Input, cache: &Cache, plan: &Plan) -> (Entry, DocRows, bool) {
    let reuse = plan.reuse;
    let path = &input.path;
    let doc = source::doc_name(path);
    let (size, modified) = Entry::stat(path).unwrap_or_default();
    let mut entry = Entry {
        index: input.index,
        path: path.clone(),
        size,
        modified,
        sha: String::new(),
        doc: doc.clone(),
        outcome: Outcome::default(),
    };
    let shown = path.display().to_string();
    if reuse {
        if let Some(sha) = cache.known_sha(path, size, modified) {
            if let Some(rows) = cache.load(sha) {
                entry.sha = sha.to_string();
                return (entry, rows.renamed(&doc, &shown), true);
            }
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let converted = crate::unreadable(path, e);
            return (entry, DocRows::new(&converted, &[]), false);
        }
    };
    entry.sha = source::sha256_hex(&bytes);
    if reuse {
        if let Some(rows) = cache.load(&entry.sha) {
            return (entry, rows.renamed(&doc, &shown), true);
        }
    }
    let converted: Converted = convert_bytes_with(path, &bytes, &plan.convert);
    // The checks read every table; whatever they meet, they must not take
    // the file's records down with them.
    let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| converted.validate()))
        .unwrap_or_default();
    let rows = DocRows::new(&converted, &findings);
    // A state that cannot be written costs the next run time, not this
    // run its results.
    let _ = cache.store(&entry.sha, &rows);
    (entry, rows, false)
}

/// Combine the output folders of shards into what one whole run over all
/// their inputs gives, byte for byte.
pub fn merge(
    shards: &[PathBuf],
    out: &Path,
    options: &sink::Options,
    progress: &(dyn Fn(&DocRows) + Sync),
) -> Result<Summary, RunError> {
    let started = Instant::now();
    let mut all: Vec<(Entry, PathBuf)> = Vec::new();
    for dir in shards {
        let (entries, fragments) =
            cache::read_state(dir).map_err(|_| RunError::NotShard(dir.clone()))?;
        all.extend(entries.into_iter().map(|e| (e, fragments.clone())));
    }
    all.sort_by_key(|(e, _)| e.index);
    if let Some(w) = all.windows(2).find(|w| w[0].0.index == w[1].0.index) {
        return Err(RunError::Overlap {
            index: w[0].0.index,
            path: w[0].0.path.display().to_string(),
        });
    }
    let mut sinks = Sinks::create(out, options)?;
    let mut summary = Summary::default();
    for (entry, fragments) in all {
        let rows = if entry.sha.is_empty() {
            let converted = crate::unreadable(
                &entry.path,
                std::io::Error::other("not readable when the shard ran"),
            );
            DocRows::new(&converted, &[])
        } else {
            cache::read_stored(&fragments, &entry.sha)?
        };
        sinks.write(&rows)?;
        summary.add(&entry, false);
        progress(&rows);
    }
    sinks.finish()?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}
