//! A batch run over many files: parallel conversion streamed to the
//! writers in input order, reuse of what an earlier run into the same
//! folder already did, and an output set that is replaced as one step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::cache::{self, Cache, CacheError, Entry, Outcome};
use crate::model::Status;
use crate::sink::commit::{self, Stage};
use crate::sink::{self, DocRows, SinkError, Sinks};
use crate::{convert_bytes_with, source, Converted};

/// Files converted ahead of the one being written, per worker: enough to
/// keep every core busy behind one slow file, few enough that memory
/// stays flat.
const AHEAD_PER_WORKER: usize = 16;

/// Why a run could not complete.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    #[error(transparent)]
    Sink(#[from] SinkError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("{0}: not a shard output folder (no .gongkai/run.tsv)")]
    NotShard(PathBuf),
    #[error("{0} is given twice")]
    Twice(PathBuf),
    #[error("the shards overlap: input {index} ({path}) is in two of them")]
    Overlap { index: usize, path: String },
    #[error("the shards are of different runs (other inputs or options): {0}")]
    Mixed(String),
    #[error("the shards are incomplete: missing {missing} of run {run}; given {given}")]
    Incomplete {
        missing: String,
        run: String,
        given: String,
    },
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

/// Which run a shard belongs to, and which shard of it it is. Shards of
/// one run have the same inputs (the whole list, before sharding), the
/// same number of shards, the same conversion options and version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardId {
    pub run: String,
    pub k: usize,
    pub n: usize,
}

impl ShardId {
    pub fn new(files: &[PathBuf], k: usize, n: usize, options: &crate::Options) -> ShardId {
        let mut h = Sha256::new();
        h.update(format!(
            "gongkai {}\nshards {n}\ntimeout {:?}\nfiles {}\n",
            env!("CARGO_PKG_VERSION"),
            options.timeout,
            files.len()
        ));
        for f in files {
            h.update(f.to_string_lossy().as_bytes());
            h.update(b"\n");
        }
        let run = h.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        ShardId { run, k, n }
    }

    fn text(&self) -> String {
        format!("run\t{}\nshard\t{}/{}\n", self.run, self.k, self.n)
    }

    fn parse(text: &str) -> Option<ShardId> {
        let mut run = None;
        let mut shard = None;
        for line in text.lines() {
            match line.split_once('\t') {
                Some(("run", r)) => run = Some(r.to_string()),
                Some(("shard", s)) => shard = s.split_once('/'),
                _ => {}
            }
        }
        let (k, n) = shard?;
        Some(ShardId {
            run: run?,
            k: k.parse().ok()?,
            n: n.parse().ok()?,
        })
    }
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
    /// The run and shard these inputs are.
    pub shard: ShardId,
}

/// Convert every input of the plan and write the outputs. `progress` is
/// called once per file as it finishes converting.
pub fn run(plan: &Plan, progress: &(dyn Fn(&DocRows) + Sync)) -> Result<Summary, RunError> {
    let started = Instant::now();
    sink::create_dir(plan.out)?;
    let _lock = sink::lock::lock(plan.out).map_err(SinkError::from)?;
    commit::recover(plan.out)?;
    let cache = Cache::open(plan.out)?;
    let signature = format!("{}{}", signature(&plan.options), plan.shard.text());
    if plan.reuse {
        let inputs: Vec<(usize, &Path)> = plan
            .inputs
            .iter()
            .map(|i| (i.index, i.path.as_path()))
            .collect();
        if let Some(entries) = cache.unchanged(&inputs, &signature) {
            let mut summary = Summary::default();
            entries.iter().for_each(|e| summary.add(e, true));
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }
    }
    let done = write_all(plan, &cache, &signature, progress);
    match done {
        Ok((mut summary, entries)) => {
            cache.prune(&entries);
            summary.elapsed = started.elapsed();
            Ok(summary)
        }
        Err(e) => {
            cache.discard();
            Err(e)
        }
    }
}

/// Convert, write every output into a stage and commit it with the state.
fn write_all(
    plan: &Plan,
    cache: &Cache,
    signature: &str,
    progress: &(dyn Fn(&DocRows) + Sync),
) -> Result<(Summary, Vec<Entry>), RunError> {
    let stage = Stage::begin(plan.out)?;
    let mut sinks = Sinks::create(stage.dir(), &plan.options)?;
    let mut summary = Summary::default();
    let mut entries = Vec::with_capacity(plan.inputs.len());
    stream(plan, cache, progress, |(mut entry, rows, reused)| {
        let rows = sink::fit::fit(rows);
        sinks.write(&rows)?;
        entry.outcome = Outcome::of(&rows);
        summary.add(&entry, reused);
        entries.push(entry);
        Ok(())
    })?;
    sinks.finish()?;
    cache.write_state(
        stage.dir(),
        &stage.state_dir(),
        &entries,
        signature,
        &plan.shard.text(),
    )?;
    let stale = sink::stale_outputs(plan.out, stage.dir());
    stage.commit(&stale)?;
    Ok((summary, entries))
}

type Done = (Entry, DocRows, bool);

/// Convert the inputs on worker threads and hand each result to `write`
/// in input order, as soon as it and all before it are done: no barrier
/// between groups of files, and at most a window of results waiting.
fn stream(
    plan: &Plan,
    cache: &Cache,
    progress: &(dyn Fn(&DocRows) + Sync),
    mut write: impl FnMut(Done) -> Result<(), RunError>,
) -> Result<(), RunError> {
    let workers = match plan.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(plan.inputs.len().max(1));
    let window = workers * AHEAD_PER_WORKER;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let written = (Mutex::new(0usize), Condvar::new());
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, Done)>();
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, stop, written) = (&next, &stop, &written);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= plan.inputs.len() || !wait_for_room(i, window, written, stop) {
                    break;
                }
                let done = one_guarded(&plan.inputs[i], cache, plan);
                if tx.send((i, done)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        let mut next_out = 0;
        let result = (|| {
            for (i, done) in &rx {
                progress(&done.1);
                waiting.insert(i, done);
                while let Some(done) = waiting.remove(&next_out) {
                    write(done)?;
                    next_out += 1;
                    let (count, room) = &written;
                    *count.lock().unwrap_or_else(|e| e.into_inner()) = next_out;
                    room.notify_all();
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
            written.1.notify_all();
        }
        result
    })
}

/// Block until input `i` is within `window` of the next to be written;
/// false when the run stops.
fn wait_for_room(
    i: usize,
    window: usize,
    (count, room): &(Mutex<usize>, Condvar),
    stop: &AtomicBool,
) -> bool {
    let mut written = count.lock().unwrap_or_else(|e| e.into_inner());
    while i >= *written + window && !stop.load(Ordering::Relaxed) {
        written = room.wait(written).unwrap_or_else(|e| e.into_inner());
    }
    !stop.load(Ordering::Relaxed)
}

/// [`one`], with a failure of the converter kept to its file.
fn one_guarded(input: &Input, cache: &Cache, plan: &Plan) -> Done {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| one(input, cache, plan)))
        .unwrap_or_else(|_| {
            let converted = crate::unreadable(
                &input.path,
                std::io::Error::other("the converter failed on this file"),
            );
            let (size, modified) = Entry::stat(&input.path).unwrap_or_default();
            let entry = Entry {
                index: input.index,
                path: input.path.clone(),
                size,
                modified,
                sha: String::new(),
                doc: source::doc_name(&input.path),
                outcome: Outcome::default(),
            };
            (entry, converted.rows(&[]), false)
        })
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
            return (entry, converted.rows(&[]), false);
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
    let rows = converted.rows(&findings);
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
    // A shard still being written is refused, and one whose commit was
    // cut short is finished, before any of it is read.
    let mut seen = std::collections::HashSet::new();
    if let Some(dir) = shards
        .iter()
        .find(|d| !seen.insert(std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf())))
    {
        return Err(RunError::Twice(dir.clone()));
    }
    let mut locks = Vec::with_capacity(shards.len());
    for dir in shards {
        if !dir.join(commit::STATE_DIR).is_dir() {
            return Err(RunError::NotShard(dir.clone()));
        }
        locks.push(sink::lock::lock(dir).map_err(SinkError::from)?);
        commit::recover(dir)?;
    }
    check_complete(shards)?;
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
    sink::create_dir(out)?;
    let _lock = sink::lock::lock(out).map_err(SinkError::from)?;
    commit::recover(out)?;
    let stage = Stage::begin(out)?;
    let mut sinks = Sinks::create(stage.dir(), options)?;
    let mut summary = Summary::default();
    for (entry, fragments) in all {
        let rows = if entry.sha.is_empty() {
            let converted = crate::unreadable(
                &entry.path,
                std::io::Error::other("not readable when the shard ran"),
            );
            converted.rows(&[])
        } else {
            cache::read_stored(&fragments, &entry.sha)?
        };
        let rows = sink::fit::fit(rows);
        sinks.write(&rows)?;
        summary.add(&entry, false);
        progress(&rows);
    }
    sinks.finish()?;
    // A merged folder has no state of its own: an earlier run's would not
    // describe these outputs.
    let mut stale = sink::stale_outputs(out, stage.dir());
    stale.extend(cache::state_files());
    stage.commit(&stale)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The shard folders must be every shard of one run, each once.
fn check_complete(shards: &[PathBuf]) -> Result<(), RunError> {
    let mut ids: Vec<(ShardId, &PathBuf)> = Vec::new();
    for dir in shards {
        let text = cache::read_shard(dir).map_err(|_| RunError::NotShard(dir.clone()))?;
        let id = ShardId::parse(&text).ok_or_else(|| RunError::NotShard(dir.clone()))?;
        ids.push((id, dir));
    }
    let Some((first, _)) = ids.first().cloned() else {
        return Ok(());
    };
    let describe = |list: &[(ShardId, &PathBuf)]| {
        list.iter()
            .map(|(id, dir)| format!("{}/{} of run {} ({})", id.k, id.n, id.run, dir.display()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if ids
        .iter()
        .any(|(id, _)| id.run != first.run || id.n != first.n)
    {
        return Err(RunError::Mixed(describe(&ids)));
    }
    let missing: Vec<String> = (1..=first.n)
        .filter(|k| !ids.iter().any(|(id, _)| id.k == *k))
        .map(|k| format!("{k}/{}", first.n))
        .collect();
    if !missing.is_empty() {
        return Err(RunError::Incomplete {
            missing: missing.join(", "),
            run: first.run,
            given: describe(&ids),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` small text reports in a fresh folder, and its output folder.
    fn files(n: usize) -> (tempfile::TempDir, Vec<PathBuf>, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let files = (0..n)
            .map(|i| {
                let path = dir.path().join(format!("r{i:03}.txt"));
                std::fs::write(&path, format!("第一部分 概况\n{i}\n")).unwrap();
                path
            })
            .collect();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        (dir, files, out)
    }

    fn plan(files: Vec<PathBuf>, out: &Path, jobs: usize) -> Plan<'_> {
        let options = crate::Options::default();
        Plan {
            shard: ShardId::new(&files, 1, 1, &options),
            inputs: shard(files, 1, 1),
            out,
            options: sink::Options::default(),
            jobs,
            reuse: false,
            convert: options,
        }
    }

    /// More files than the window holds, on several workers: every result
    /// reaches the writer once, in input order, and progress once per file.
    #[test]
    fn results_stream_in_input_order_through_the_window() {
        let (_dir, files, out) = files(150);
        let cache = Cache::open(&out).unwrap();
        let plan = plan(files, &out, 3);
        let ticks = AtomicUsize::new(0);
        let mut order = Vec::new();
        let tick = |_: &DocRows| {
            ticks.fetch_add(1, Ordering::Relaxed);
        };
        stream(&plan, &cache, &tick, |(entry, rows, _)| {
            assert_eq!(rows.doc, format!("r{:03}.txt", entry.index));
            order.push(entry.index);
            Ok(())
        })
        .unwrap();
        assert_eq!(order, (0..150).collect::<Vec<_>>());
        assert_eq!(ticks.load(Ordering::Relaxed), 150);
    }

    /// A writer that fails stops the workers; the error comes back.
    #[test]
    fn a_failing_writer_stops_the_run() {
        let (_dir, files, out) = files(80);
        let cache = Cache::open(&out).unwrap();
        let plan = plan(files, &out, 2);
        let mut written = 0;
        let result = stream(&plan, &cache, &|_| {}, |_| {
            written += 1;
            if written == 5 {
                Err(RunError::NotShard(PathBuf::from("x")))
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(RunError::NotShard(_))));
        assert_eq!(written, 5);
    }
}
