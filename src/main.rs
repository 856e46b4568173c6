//! The `gongkai` command line: arguments, threads, progress and exit codes.
//! Everything else lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

use gongkai::model::Status;
use gongkai::sink::csv::DocFindings;
use gongkai::validate::Severity;
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

    /// Check the records of an earlier `convert` against the arithmetic
    /// of the report templates, and write OUT/findings.csv.
    ///
    /// A parent code must equal the sum of its children, a 合计 row its
    /// rows, a 合计 column the columns beside it, 收入总计 the 支出总计, the
    /// same figure must agree across tables and with the 说明 text. A
    /// difference within the rounding tail (0.01 per summand) is `tail`,
    /// beyond it `error`. Exit status: 0, or 1 with --strict when there is
    /// an `error` finding; 2 when OUT cannot be read.
    Validate(ValidateArgs),
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// An output folder of `gongkai convert`.
    #[arg(value_name = "OUT")]
    out: PathBuf,

    /// Exit with status 1 when there is an `error` finding.
    #[arg(long)]
    strict: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
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

    /// Also check the arithmetic of every table and write findings.csv
    /// (see `gongkai validate --help`).
    #[arg(long)]
    validate: bool,

    /// With --validate: exit with status 1 when there is an `error` finding.
    #[arg(long, requires = "validate")]
    strict: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => convert(args),
        Command::Validate(args) => validate(args),
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
    let findings: Option<Vec<DocFindings>> = args.validate.then(|| {
        pool.install(|| {
            converted
                .par_iter()
                .map(|c| DocFindings {
                    doc: c.doc.clone(),
                    findings: c.validate(),
                })
                .collect()
        })
    });
    sink::csv::write_all(&args.out, &converted, findings.as_deref())?;

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
    let errors = findings
        .as_deref()
        .map_or(0, |f| report_findings(f, args.quiet));
    Ok(if failed.is_empty() && !(args.strict && errors > 0) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn validate(args: ValidateArgs) -> Result<ExitCode> {
    let docs = sink::csv::read_tables(&args.out)?;
    let catalogue = gongkai::catalogue::Catalogue::built_in();
    let findings: Vec<DocFindings> = docs
        .par_iter()
        .map(|d| DocFindings {
            doc: d.doc.clone(),
            findings: gongkai::validate::validate(&d.tables, &d.narrative, d.report, catalogue),
        })
        .collect();
    sink::csv::write_findings(&args.out, &findings)?;
    let errors = report_findings(&findings, args.quiet);
    Ok(if args.strict && errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Print a summary of the findings; the number of `error` findings.
fn report_findings(findings: &[DocFindings], quiet: bool) -> usize {
    let all = || {
        findings
            .iter()
            .flat_map(|d| d.findings.iter().map(move |f| (&d.doc, f)))
    };
    let errors: Vec<_> = all()
        .filter(|(_, f)| f.severity == Severity::Error)
        .collect();
    if !quiet {
        for (doc, f) in &errors {
            eprintln!("{doc}: {}: {}", f.table, f.message);
        }
        eprintln!(
            "findings: {} error, {} within the rounding tail",
            errors.len(),
            all().count() - errors.len()
        );
    }
    errors.len()
}
