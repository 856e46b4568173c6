//! Fuzzing the whole per-file pipeline on stable Rust: seed reports are
//! mutated (see `mutate.rs`) and each result is converted in-process as a
//! batch converts a file: bytes → read → layout → document → normalize →
//! validate → output rows.
//!
//! A crash is a panic the library caught (the file's `internal error`
//! status, or a `crashed` finding) or one that escaped. Aborts and stack
//! overflows end the process instead; the iteration in progress is kept in
//! `--progress`, and every input is rebuilt from (seed, iteration), so
//! `scripts/fuzz.sh` writes that input out with `--write` and goes on.
//!
//! ```sh
//! cargo run --release --example fuzz -- samples tests/fixtures --budget 60
//! ```

mod mutate;

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Parser;
use gongkai::validate::Check;
use gongkai::{ConvertError, Options};
use mutate::Rng;

/// Mutate seed reports and run the per-file pipeline on each mutant.
#[derive(Parser)]
struct Args {
    /// Seed files, and folders whose .pdf, .txt and .text files are seeds.
    #[arg(required = true)]
    seeds: Vec<PathBuf>,
    /// The generator's seed: (seed, iteration) rebuilds one input exactly.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The first iteration.
    #[arg(long, default_value_t = 0)]
    start: u64,
    /// Stop after this many iterations.
    #[arg(long)]
    iterations: Option<u64>,
    /// Stop after this many seconds.
    #[arg(long, default_value_t = 60)]
    budget: u64,
    /// The per-file deadline, in seconds.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    /// A file that holds the iteration in progress.
    #[arg(long)]
    progress: Option<PathBuf>,
    /// A folder to save crashing (and timed-out) inputs to.
    #[arg(long)]
    save: Option<PathBuf>,
    /// Write the input of iteration --start to this file and run nothing.
    #[arg(long)]
    write: Option<PathBuf>,
}

/// A seed report: its name (the pipeline looks at the extension) and bytes.
struct Seed {
    path: PathBuf,
    bytes: Vec<u8>,
}

/// What one run gave.
enum Verdict {
    Fine(&'static str),
    Crash(String),
    Slow(String),
}

/// Where the last panic was raised: the library reports a caught panic's
/// message, not its place.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let seeds = match load_seeds(&args.seeds) {
        Ok(s) if !s.is_empty() => s,
        Ok(_) => {
            eprintln!("fuzz: no seed files (.pdf, .txt, .text) under the given paths");
            return std::process::ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("fuzz: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    if let Some(out) = &args.write {
        let (_, bytes) = input(&args, &seeds, args.start);
        return match std::fs::write(out, bytes) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("fuzz: {}: {e}", out.display());
                std::process::ExitCode::from(2)
            }
        };
    }
    panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = place;
        }
    }));
    // Batch workers run on threads with the default 2 MiB stack; so does
    // the fuzzer, so that a recursion too deep for them overflows here too.
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || fuzz(&args, &seeds));
    match worker.map(|w| w.join()) {
        Ok(Ok(0)) => std::process::ExitCode::SUCCESS,
        Ok(Ok(_)) => std::process::ExitCode::from(1),
        _ => std::process::ExitCode::from(3),
    }
}

fn load_seeds(paths: &[PathBuf]) -> std::io::Result<Vec<Seed>> {
    let mut files = Vec::new();
    for path in paths {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry?;
            let ext = entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            if entry.file_type().is_file() && matches!(ext.as_deref(), Some("pdf" | "txt" | "text"))
            {
                files.push(entry.into_path());
            }
        }
    }
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path)?;
            Ok(Seed { path, bytes })
        })
        .collect()
}

/// The input of one iteration: a seed, mutated (one in twenty is run
/// as it is, so that the seeds themselves are checked too).
fn input<'a>(args: &Args, seeds: &'a [Seed], iteration: u64) -> (&'a Path, Vec<u8>) {
    let mut rng = Rng::new(args.seed, iteration);
    let seed = rng.pick(seeds);
    let other = rng.pick(seeds);
    let bytes = if rng.chance(5) {
        seed.bytes.clone()
    } else {
        mutate::mutate(&mut rng, &seed.bytes, &other.bytes)
    };
    (&seed.path, bytes)
}

/// Run iterations until the budget is spent; returns the crashes found.
fn fuzz(args: &Args, seeds: &[Seed]) -> u64 {
    let started = Instant::now();
    let budget = Duration::from_secs(args.budget);
    let end = args
        .iterations
        .map_or(u64::MAX, |n| args.start.saturating_add(n));
    let progress = args.progress.as_ref().and_then(|p| File::create(p).ok());
    let mut statuses: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    let (mut runs, mut crashes, mut slow) = (0u64, 0u64, 0u64);
    let mut last_report = Instant::now();
    let mut iteration = args.start;
    while iteration < end && started.elapsed() < budget {
        if let Some(p) = &progress {
            let _ = p.write_at(format!("{iteration:020}\n").as_bytes(), 0);
        }
        let (path, bytes) = input(args, seeds, iteration);
        match run_one(path, &bytes, Duration::from_secs(args.timeout)) {
            Verdict::Fine(status) => *statuses.entry(status).or_default() += 1,
            Verdict::Crash(why) => {
                crashes += 1;
                report(args, iteration, "crash", &why, &bytes, &mut seen);
            }
            Verdict::Slow(why) => {
                slow += 1;
                report(args, iteration, "slow", &why, &bytes, &mut seen);
            }
        }
        runs += 1;
        iteration += 1;
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "fuzz: {runs} runs, {crashes} crashes, {slow} slow, {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let by_status: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}={n}")).collect();
    println!(
        "runs={runs} crashes={crashes} slow={slow} next={iteration} seconds={:.0} statuses: {}",
        started.elapsed().as_secs_f64(),
        by_status.join(" ")
    );
    crashes
}

/// Convert as a batch does, then check and lay out the output rows.
fn run_one(path: &Path, bytes: &[u8], timeout: Duration) -> Verdict {
    let options = Options {
        timeout: Some(timeout),
    };
    let ran = panic::catch_unwind(AssertUnwindSafe(|| {
        let converted = gongkai::convert_bytes_with(path, bytes, &options);
        let findings = converted.validate();
        let rows = converted.rows(&findings);
        (converted, findings, rows.status)
    }));
    let place = || LAST_PANIC.lock().map(|l| l.clone()).unwrap_or_default();
    let (converted, findings, status) = match ran {
        Ok(r) => r,
        Err(_) => return Verdict::Crash(format!("escaped the library at {}", place())),
    };
    if let Err(ConvertError::Panic(why)) = &converted.outcome {
        return Verdict::Crash(format!("{why} at {}", place()));
    }
    if let Some(f) = findings.iter().find(|f| f.check == Check::Crashed) {
        return Verdict::Crash(format!("{} at {}", f.message, place()));
    }
    if let Err(e @ (ConvertError::Timeout { .. } | ConvertError::TimedOut { .. })) =
        &converted.outcome
    {
        return Verdict::Slow(e.to_string());
    }
    Verdict::Fine(status.map_or("none", |s| s.as_str()))
}

/// Print a crash or slow input, and save the first of each kind.
fn report(
    args: &Args,
    iteration: u64,
    what: &str,
    why: &str,
    bytes: &[u8],
    seen: &mut HashSet<String>,
) {
    println!("{what} seed={} iteration={iteration}: {why}", args.seed);
    let Some(dir) = &args.save else { return };
    let key = format!("{what} {}", why.rsplit(" at ").next().unwrap_or(why));
    if !seen.insert(key) {
        return;
    }
    let ext = if mutate::is_pdf(bytes) { "pdf" } else { "txt" };
    let file = dir.join(format!("{what}-{}-{iteration}.{ext}", args.seed));
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&file, bytes)) {
        eprintln!("fuzz: {}: {e}", file.display());
    }
}
