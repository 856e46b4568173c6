//! The `gongkai` command line: arguments, progress and exit codes.
//! Everything else lives in the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use gongkai::catalogue::Catalogue;
use gongkai::layout::LayoutSettings;
use gongkai::run::{self, Plan, Summary};
use gongkai::sink::{self, DocRows, Format, Output, Sinks};
use gongkai::source;

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
    /// Convert reports into records, documents, sections and tables (and
    /// findings with --validate), as CSV, JSONL or Parquet.
    ///
    /// Converting into a folder that holds an earlier run's outputs reuses
    /// the results of files whose bytes are unchanged, redoes changed files
    /// and drops removed ones. Exit status: 0 when every file converted, 1
    /// when some file failed (each is named on stderr with its reason), 2
    /// on a usage or output error, 3 with --strict when every file
    /// converted but there are `error` findings.
    Convert(ConvertArgs),

    /// Check the records of an earlier `convert` against the arithmetic
    /// of the report templates, and write OUT/findings.csv.
    ///
    /// A parent code must equal the sum of its children, a 合计 row its
    /// rows, a 合计 column the columns beside it, 收入总计 the 支出总计, the
    /// same figure must agree across tables and with the 说明 text. A
    /// difference within the rounding tail (a unit of the last printed digit,
    /// 0.01 or 1 元, per summand) is `tail`,
    /// beyond it `error`. Exit status: 0, or 3 with --strict when there is
    /// an `error` finding; 2 when OUT cannot be read.
    Validate(ValidateArgs),

    /// Combine the output folders of `convert --shard K/N` runs into what
    /// one whole run gives, byte for byte.
    Merge(MergeArgs),

    /// Print a report as the converter reads it: one line per text line or
    /// table row, a tab between cells (a merged cell's text in its first
    /// column). For a PDF, the rows rebuilt from the page layout.
    Text(TextArgs),

    /// Print the data dictionary: every output's columns, their types
    /// and what they mean, as JSON (with --jsonl, a JSON Schema of one
    /// line of each JSONL output).
    Schema(SchemaArgs),

    /// Print a shell completion script: `gongkai completions bash >
    /// /etc/bash_completion.d/gongkai` (also zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),

    /// Print the manual page (roff): `gongkai man > gongkai.1`.
    Man,

    /// Draw what the PDF reader and layout saw on one page as an SVG:
    /// glyph boxes with their text (grey), ruling lines (red), the cells
    /// of ruled tables (green) and of text lines (blue, dashed).
    Debug(DebugArgs),
}

#[derive(Args)]
struct SchemaArgs {
    /// A JSON Schema of the JSONL lines instead of the column list.
    #[arg(long)]
    jsonl: bool,
}

#[derive(Args)]
struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Args)]
struct TextArgs {
    /// A report file, PDF or text.
    #[arg(value_name = "FILE", required_unless_present = "settings")]
    file: Option<PathBuf>,

    /// Only this page (1-based) of a PDF.
    #[arg(long, value_name = "N")]
    page: Option<u32>,

    /// Give up after this many seconds (fractions allowed), as `convert`
    /// does with a file; 0 for no limit.
    #[arg(long, value_name = "SECS", default_value_t = 60.0, value_parser = parse_seconds)]
    timeout: f64,

    #[command(flatten)]
    layout: LayoutArgs,
}

#[derive(Args)]
struct DebugArgs {
    /// A PDF report.
    #[arg(value_name = "FILE", required_unless_present = "settings")]
    file: Option<PathBuf>,

    /// The page to draw (1-based).
    #[arg(long, value_name = "N", default_value_t = 1)]
    page: u32,

    /// Where to write the SVG.
    #[arg(long, value_name = "OUT.svg", required_unless_present = "settings")]
    svg: Option<PathBuf>,

    /// Give up after this many seconds (fractions allowed), as `convert`
    /// does with a file; 0 for no limit.
    #[arg(long, value_name = "SECS", default_value_t = 60.0, value_parser = parse_seconds)]
    timeout: f64,

    #[command(flatten)]
    layout: LayoutArgs,
}

/// Layout thresholds to try on a PDF without rebuilding.
#[derive(Args)]
struct LayoutArgs {
    /// Change a layout threshold for this run, e.g. `--set cell_gap=3`
    /// (repeatable; `--settings` lists the names).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,

    /// Print the layout settings (the defaults, with any --set applied),
    /// one a line with its unit and meaning, and exit.
    #[arg(long)]
    settings: bool,
}

impl LayoutArgs {
    /// The default settings with each `--set` applied in order.
    fn settings(&self) -> Result<LayoutSettings> {
        let mut settings = LayoutSettings::default();
        for assignment in &self.set {
            settings
                .assign(assignment)
                .map_err(|e| anyhow::anyhow!("--set {assignment}: {e}"))?;
        }
        Ok(settings)
    }

    /// The settings, or `None` once they were printed for `--settings`.
    fn settings_to_use(&self) -> Result<Option<LayoutSettings>> {
        let settings = self.settings()?;
        if !self.settings {
            return Ok(Some(settings));
        }
        settings.listing().iter().for_each(|l| println!("{l}"));
        Ok(None)
    }
}

#[derive(Args)]
struct OutputArgs {
    /// Folder to write the outputs to; created if missing.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    out: PathBuf,

    /// Output formats, comma-separated: csv, parquet, jsonl.
    #[arg(long, value_name = "LIST", default_value = "csv", value_delimiter = ',', value_parser = parse_format)]
    format: Vec<Format>,

    /// Write CSV with a UTF-8 byte order mark, so that Excel shows the
    /// Chinese text correctly.
    #[arg(long)]
    excel: bool,

    /// Split the Parquet records into hive-style partitions by these
    /// columns of records, e.g. `year,report` → records/year=2023/report=决算/.
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    partition_by: Vec<String>,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct ConvertArgs {
    /// Report files or folders. Folders are walked recursively and their
    /// .txt, .text and .pdf files are read, in sorted order.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    #[command(flatten)]
    output: OutputArgs,

    /// Files converted at once [default: the number of cores].
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// Also check the arithmetic of every table and write findings (see
    /// `gongkai validate --help`).
    #[arg(long)]
    validate: bool,

    /// With --validate: exit with status 3 when there is an `error` finding
    /// (and every file converted; failed files give 1).
    #[arg(long, requires = "validate")]
    strict: bool,

    /// Convert shard K of N (e.g. 2/8): every N-th input file, starting at
    /// the K-th. Merge the shards' output folders with `gongkai merge`.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,

    /// Convert every file again, ignoring the results an earlier run left
    /// in the output folder.
    #[arg(long)]
    fresh: bool,

    /// Write empty outputs when the inputs hold no report file. Without
    /// it such a run (an unmounted share, a failed download) stops with
    /// status 2 and leaves an earlier run's outputs as they were.
    #[arg(long)]
    allow_empty: bool,

    /// Read only the files matching this glob (repeatable; a pattern
    /// without `/` is matched against the file name, e.g. `*.pdf`).
    #[arg(long, value_name = "PATTERN")]
    glob: Vec<String>,

    /// Skip the files matching this glob (repeatable), e.g. a known bad
    /// file: `--exclude 2019_broken.pdf` or `--exclude '**/drafts/**'`.
    #[arg(long, value_name = "PATTERN")]
    exclude: Vec<String>,

    /// Also write a machine-readable summary of the run to FILE (JSON):
    /// counts by status, the failed files with status and message,
    /// records, findings and timings, for schedulers.
    #[arg(long, value_name = "FILE")]
    summary_json: Option<PathBuf>,

    /// Give up on a file after this many seconds (its status is then
    /// `error`), so that one pathological file cannot stall a batch; 0 for
    /// no limit.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    timeout: u64,
}

#[derive(Args)]
struct ValidateArgs {
    /// An output folder of `gongkai convert`.
    #[arg(value_name = "OUT")]
    out: PathBuf,

    /// Exit with status 3 when there is an `error` finding.
    #[arg(long)]
    strict: bool,

    /// Formats of the findings, comma-separated: csv, parquet, jsonl.
    #[arg(long, value_name = "LIST", default_value = "csv", value_delimiter = ',', value_parser = parse_format)]
    format: Vec<Format>,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args)]
struct MergeArgs {
    /// Output folders of `convert --shard` runs.
    #[arg(required = true, value_name = "SHARD_OUT")]
    shards: Vec<PathBuf>,

    #[command(flatten)]
    output: OutputArgs,

    /// Write findings too (the shards always keep them).
    #[arg(long)]
    validate: bool,
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text).ok_or_else(|| format!("unknown format {text:?}; use csv, parquet or jsonl"))
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let err = || format!("{text:?} is not K/N with 1 <= K <= N, e.g. 2/8");
    let (k, n) = text.split_once('/').ok_or_else(err)?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| err())?,
        n.trim().parse().map_err(|_| err())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(err());
    }
    Ok((k, n))
}

/// The version `--version` prints: the release, and the catalogue of
/// table kinds it was built with, which decides what a dataset holds.
fn long_version() -> &'static str {
    let text = format!(
        "{} (catalogue {})",
        env!("CARGO_PKG_VERSION"),
        gongkai::catalogue::fingerprint()
    );
    Box::leak(text.into_boxed_str())
}

fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().version(long_version())
}

fn main() -> ExitCode {
    use clap::FromArgMatches;
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Convert(args) => convert(args),
        Command::Validate(args) => validate(args),
        Command::Merge(args) => merge(args),
        Command::Text(args) => text(args),
        Command::Debug(args) => debug(args),
        Command::Schema(args) => schema(args),
        Command::Completions(args) => completions(args),
        Command::Man => man(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gongkai: {e}");
            ExitCode::from(2)
        }
    }
}

impl OutputArgs {
    fn options(&self, findings: bool) -> Result<sink::Options> {
        let records = Output::Records.schema();
        if let Some(bad) = self
            .partition_by
            .iter()
            .find(|c| records.index(c).is_none())
        {
            bail!("--partition-by {bad}: not a column of records (e.g. year, report, table_kind)");
        }
        if !self.partition_by.is_empty() && !self.format.contains(&Format::Parquet) {
            bail!("--partition-by applies to Parquet output; add --format parquet");
        }
        let mut formats = self.format.clone();
        formats.sort();
        formats.dedup();
        Ok(sink::Options {
            formats,
            excel: self.excel,
            findings,
            partition_by: self.partition_by.clone(),
        })
    }
}

/// A progress bar on stderr when it is a terminal.
fn progress_bar(total: usize, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total as u64);
    let style = ProgressStyle::with_template(
        "{bar:40} {pos}/{len} files  {elapsed} elapsed, {eta} left  {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    // The clock goes on while one slow file is converted.
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

fn convert(args: ConvertArgs) -> Result<ExitCode> {
    let options = args.output.options(args.validate)?;
    let found = source::discover(&args.inputs)?;
    if !args.output.quiet {
        for note in &found.notes {
            eprintln!("gongkai: {note}");
        }
    }
    let selection = source::Selection::new(&args.glob, &args.exclude)?;
    let files: Vec<PathBuf> = found
        .files
        .into_iter()
        .filter(|f| selection.admits(f))
        .collect();
    if files.is_empty() && !args.allow_empty {
        bail!(
            "no report files (.txt, .text, .pdf) in {}; nothing written, the outputs in {} are left as they were (--allow-empty writes empty outputs)",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            args.output.out.display()
        );
    }
    let convert = gongkai::Options {
        timeout: seconds(args.timeout as f64),
    };
    let (k, n) = args.shard.unwrap_or((1, 1));
    let shard = run::ShardId::new(&files, k, n, &convert);
    let inputs = run::shard(files, k, n);
    let bar = progress_bar(inputs.len(), args.output.quiet);
    let plan = Plan {
        inputs,
        out: &args.output.out,
        options,
        jobs: args.jobs.unwrap_or(0),
        reuse: !args.fresh,
        convert,
        shard,
    };
    let tick = |rows: &DocRows| {
        if let Some(b) = &bar {
            b.set_message(rows.doc.clone());
            b.inc(1);
        }
    };
    let summary = run::run(&plan, &tick)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(path) = &args.summary_json {
        write_summary(path, &summary, &args.output.out)?;
    }
    Ok(finish(
        &summary,
        args.output.quiet,
        args.validate && args.strict,
        &args.output.out,
    ))
}

fn merge(args: MergeArgs) -> Result<ExitCode> {
    let options = args.output.options(args.validate)?;
    // Merging only copies stored rows: quick enough to need no progress bar.
    let summary = run::merge(&args.shards, &args.output.out, &options, &|_: &DocRows| {})?;
    Ok(finish(&summary, args.output.quiet, false, &args.output.out))
}

/// Name the failed files, print the summary line, choose the exit status.
fn finish(summary: &Summary, quiet: bool, strict: bool, out: &std::path::Path) -> ExitCode {
    for (path, status, message) in &summary.failed {
        eprintln!("{path}: {status}: {message}");
    }
    if !quiet {
        let statuses: Vec<String> = summary
            .by_status
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        let secs = summary.elapsed.as_secs_f64();
        let rate = if summary.pages > 0 && secs > 0.0 {
            format!(", {:.0} pages/s", summary.pages as f64 / secs)
        } else {
            String::new()
        };
        eprintln!(
            "{} files ({}; {} reused): {} pages, {} records, {} error findings in {:.2}s{rate} → {}",
            summary.files,
            statuses.join(", "),
            summary.reused,
            summary.pages,
            summary.records,
            summary.errors,
            secs,
            out.display()
        );
    }
    if !summary.failed.is_empty() {
        ExitCode::from(1)
    } else if strict && summary.errors > 0 {
        ExitCode::from(FINDINGS_EXIT)
    } else {
        ExitCode::SUCCESS
    }
}

/// The exit status of `--strict` when every file converted but there are
/// `error` findings: told apart from failed files (1) and usage or output
/// errors (2).
const FINDINGS_EXIT: u8 = 3;

/// The run summary as JSON, written whole or not at all.
fn write_summary(path: &std::path::Path, summary: &Summary, out: &std::path::Path) -> Result<()> {
    let failed: Vec<serde_json::Value> = summary
        .failed
        .iter()
        .map(|(path, status, message)| {
            serde_json::json!({ "path": path, "status": status.to_string(), "message": message })
        })
        .collect();
    let by_status: serde_json::Map<String, serde_json::Value> = summary
        .by_status
        .iter()
        .map(|(s, n)| (s.to_string(), (*n).into()))
        .collect();
    let json = serde_json::json!({
        "gongkai": long_version(),
        "out": out.display().to_string(),
        "files": summary.files,
        "by_status": by_status,
        "reused": summary.reused,
        "pages": summary.pages,
        "records": summary.records,
        "error_findings": summary.errors,
        "failed": failed,
        "elapsed_seconds": summary.elapsed.as_secs_f64(),
    });
    let text = serde_json::to_string_pretty(&json)? + "\n";
    sink::commit::write_whole(path, |f| f.write_all(text.as_bytes()))
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

fn schema(args: SchemaArgs) -> Result<ExitCode> {
    let json = sink::dictionary::json(args.jsonl, long_version());
    println!("{}", serde_json::to_string_pretty(&json)?);
    Ok(ExitCode::SUCCESS)
}

fn completions(args: CompletionsArgs) -> Result<ExitCode> {
    clap_complete::generate(
        args.shell,
        &mut command(),
        "gongkai",
        &mut std::io::stdout(),
    );
    Ok(ExitCode::SUCCESS)
}

fn man() -> Result<ExitCode> {
    clap_mangen::Man::new(command()).render(&mut std::io::stdout())?;
    Ok(ExitCode::SUCCESS)
}

fn validate(args: ValidateArgs) -> Result<ExitCode> {
    let _lock = sink::lock::lock(&args.out)?;
    sink::commit::recover(&args.out)?;
    let docs = sink::read::read_tables(&args.out)?;
    let catalogue = Catalogue::built_in();
    let findings: Vec<(String, Vec<gongkai::validate::Finding>)> = docs
        .par_iter()
        .map(|d| {
            let f = gongkai::validate::validate(&d.tables, &d.narrative, d.report, catalogue);
            (d.doc.clone(), f)
        })
        .collect();
    let options = sink::Options {
        formats: args.format.clone(),
        findings: true,
        ..sink::Options::default()
    };
    let stage = sink::commit::Stage::begin(&args.out)?;
    let mut sinks = Sinks::create_for(stage.dir(), &options, &[Output::Findings])?;
    let mut errors = 0;
    for (doc, found) in &findings {
        sinks.write_rows(doc, &sink::finding_rows(doc, found))?;
        for f in found
            .iter()
            .filter(|f| f.severity == gongkai::validate::Severity::Error)
        {
            errors += 1;
            if !args.quiet {
                eprintln!("{doc}: {}: {}", f.table, f.message);
            }
        }
    }
    sinks.finish()?;
    stage.commit(&[])?;
    if !args.quiet {
        let all: usize = findings.iter().map(|(_, f)| f.len()).sum();
        eprintln!(
            "findings: {errors} error, {} within the rounding tail",
            all - errors
        );
    }
    Ok(if args.strict && errors > 0 {
        ExitCode::from(FINDINGS_EXIT)
    } else {
        ExitCode::SUCCESS
    })
}

/// A `--timeout` in seconds (whole for `convert`, fractions allowed for
/// `text` and `debug`) as a limit; 0 is none, and so is one too long for
/// a `Duration` (the deadline could never be reached).
fn seconds(timeout: f64) -> Option<Duration> {
    (timeout > 0.0)
        .then(|| Duration::try_from_secs_f64(timeout).ok())
        .flatten()
}

fn parse_seconds(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && (0.0..=1e9).contains(&s) => Ok(s),
        _ => Err(format!(
            "{text:?} is not a number of seconds (0 for no limit)"
        )),
    }
}

/// Stages stop early when the deadline passes and give what they have:
/// for `text` and `debug` that would be a page read in part, so it is an
/// error instead.
fn in_time(file: &std::path::Path, timeout: f64) -> Result<()> {
    if gongkai::limits::expired() {
        bail!(
            "{}: gave up after {timeout} s; raise --timeout to let it finish",
            file.display()
        );
    }
    Ok(())
}

fn read(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn text(args: TextArgs) -> Result<ExitCode> {
    let (Some(settings), Some(file)) = (args.layout.settings_to_use()?, &args.file) else {
        return Ok(ExitCode::SUCCESS);
    };
    let bytes = read(file)?;
    let _deadline = gongkai::limits::start_deadline(seconds(args.timeout));
    let lines = gongkai::read_lines_with(file, &bytes, &settings)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    in_time(file, args.timeout)?;
    if let Some(page) = args.page {
        check_page(file, &bytes, page)?;
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = lines
        .iter()
        .filter(|l| args.page.is_none() || l.page == args.page)
        .try_for_each(|line| writeln!(out, "{}", line.grid().join("\t")))
        .and_then(|()| out.flush());
    match written {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// `--page N` must name a page the file has.
fn check_page(file: &std::path::Path, bytes: &[u8], page: u32) -> Result<()> {
    if source::sniff(bytes) != source::Format::Pdf {
        bail!(
            "{}: --page is for PDF files; a text report has no pages",
            file.display()
        );
    }
    let pages = gongkai::pdf::open(bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?
        .page_count();
    if page == 0 || page > pages {
        bail!("{}: no page {page} (it has {pages})", file.display());
    }
    Ok(())
}

fn debug(args: DebugArgs) -> Result<ExitCode> {
    let layout = args.layout.settings_to_use()?;
    let (Some(settings), Some(file), Some(svg)) = (layout, &args.file, &args.svg) else {
        return Ok(ExitCode::SUCCESS);
    };
    let bytes = read(file)?;
    let _deadline = gongkai::limits::start_deadline(seconds(args.timeout));
    let pages =
        gongkai::read_pdf_pages(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let Some(page) = pages.iter().find(|p| p.number == args.page) else {
        bail!(
            "{}: no page {} (it has {})",
            file.display(),
            args.page,
            pages.len()
        );
    };
    let found = gongkai::layout::found(&pages, page.number, &settings);
    let converted = gongkai::convert_pages_with(file, "", &pages, &settings);
    in_time(file, args.timeout)?;
    let mut notes = gongkai::debug::settings_notes(&settings);
    notes.extend(gongkai::debug::table_notes(&converted, page.number));
    std::fs::write(svg, gongkai::debug::svg(page, &found, &notes))
        .map_err(|e| anyhow::anyhow!("{}: {e}", svg.display()))?;
    eprintln!(
        "page {}: {} glyphs, {} ruling lines, {} table cells, {} text cells → {}",
        page.number,
        page.glyphs.len(),
        page.segments.len(),
        found.table_cells.len(),
        found.text_cells.len(),
        svg.display()
    );
    Ok(ExitCode::SUCCESS)
}
