//! The `gongkai` command line: arguments, threads, progress and exit codes.
//! Everything else lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

use gongkai::model::Status;
use gongkai::{convert_file, sink, source, Converted};

/// Turn Chinese government fiscal disclosure reports (部门/单位 预算 and
/// 决算 公开) into tidy, typed records.
#[derive(Parser)]
#[command(name = "gongkai", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert reports into records.csv, documents.csv, sections.csv and
    /// tables.csv.
    ///
    /// Exit status: 0 when every file converted, 1 when some file failed
    /// (each is named on stderr with its reason), 2 on a usage or output
    /// error.
    Convert(ConvertArgs),
}

#[derive(clap::Args)]
struct ConvertArgs {
    /// Report files or folders. Folders are walked recursively and their
    /// .txt, .text, .tsv and .pdf files are read, in sorted order.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Folder to write the outputs to; created if missing.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    out: PathBuf,

    /// Files converted at once [default: the number of cores].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => convert(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gongkai: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn convert(args: ConvertArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let files = source::discover(&args.inputs)?;
    let jobs = args.jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let converted: Vec<Converted> =
        pool.install(|| files.par_iter().map(|f| convert_file(f)).collect());
    sink::csv::write_all(&args.out, &converted)?;

    let failed: Vec<&Converted> = converted
        .iter()
        .filter(|c| c.status() != Status::Ok)
        .collect();
    for f in &failed {
        eprintln!("{}: {}: {}", f.path.display(), f.status(), f.message());
    }
    if !args.quiet {
        let records: usize = converted.iter().map(Converted::record_count).sum();
        eprintln!(
            "{} files: {} ok, {} failed; {} records in {:.2}s → {}",
            converted.len(),
            converted.len() - failed.len(),
            failed.len(),
            records,
            started.elapsed().as_secs_f64(),
            args.out.display()
        );
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
