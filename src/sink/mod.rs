//! Writers. A run writes its outputs into a stage folder and commits them
//! as one step ([`commit`]), so an interrupted or failed run leaves the
//! whole earlier set, never a mix; one process at a time writes a folder
//! ([`lock`]). Rows pass a fit check (`fit`) before any writer sees them, so
//! every format holds the same rows.
//!
//! A document's results reach the writers as [`DocRows`]: one typed row
//! per output row ([`RecordRow`] and the others), handed to each writer as its [`Cell`]s in
//! the order of the output's [`Schema`]. CSV prints each cell's text;
//! JSONL and Parquet keep its type. The same rows, as text, are what the
//! cache of an incremental run keeps.

pub mod commit;
pub(crate) mod csv;
pub mod dictionary;
pub(crate) mod fit;
pub(crate) mod jsonl;
pub mod lock;
pub(crate) mod parquet;
pub mod read;
pub(crate) mod rows;
pub(crate) mod schema;

pub use rows::DocRows;
pub use schema::{
    BadCell, Cell, ColumnType, DocumentRow, FindingRow, Output, RecordRow, Row, Schema, SectionRow,
    TableRow, OUTPUTS,
};

use crate::validate::Finding;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SinkError {
    #[error("cannot create output folder {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {message}")]
    Parquet { path: PathBuf, message: String },
    #[error(transparent)]
    Lock(#[from] lock::LockError),
    #[error("{doc}: value {value} of column {column} does not fit the output type ({why})")]
    Value {
        doc: String,
        column: &'static str,
        value: String,
        why: &'static str,
    },
}

/// The file formats an output can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// How outputs are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub formats: Vec<Format>,
    /// CSV with a UTF-8 BOM, so that Excel reads the Chinese text right.
    pub excel: bool,
    /// Write findings too.
    pub findings: bool,
    /// Columns of `records` to split the Parquet records into hive-style
    /// partitions by (`year=2023/report=决算/…`).
    pub partition_by: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            formats: vec![Format::Csv],
            excel: false,
            findings: false,
            partition_by: Vec::new(),
        }
    }
}

/// A writer of one output in one format.
pub trait OutputWriter {
    /// Write one document's rows of this output, each as its cells in
    /// the schema's order.
    fn write(&mut self, doc: &str, rows: &[Vec<Cell<'_>>]) -> Result<(), SinkError>;
    /// Flush and move the file(s) into place.
    fn finish(self: Box<Self>) -> Result<(), SinkError>;
}

/// Every writer of a run: each output in each format asked for.
pub struct Sinks {
    writers: Vec<(Output, Box<dyn OutputWriter>)>,
}

impl Sinks {
    /// Writers of every output a run writes: findings only when asked.
    pub fn create(dir: &Path, options: &Options) -> Result<Sinks, SinkError> {
        let outputs: Vec<Output> = OUTPUTS
            .into_iter()
            .filter(|&o| o != Output::Findings || options.findings)
            .collect();
        Sinks::create_for(dir, options, &outputs)
    }

    /// Writers of the given outputs only.
    pub fn create_for(
        dir: &Path,
        options: &Options,
        outputs: &[Output],
    ) -> Result<Sinks, SinkError> {
        create_dir(dir)?;
        remove_stale_temporaries(dir);
        let mut writers: Vec<(Output, Box<dyn OutputWriter>)> = Vec::new();
        for &output in outputs {
            for &format in &options.formats {
                let path = dir.join(format!("{}.{}", output.name(), format.extension()));
                let writer: Box<dyn OutputWriter> = match format {
                    Format::Csv => Box::new(csv::CsvWriter::create(
                        &path,
                        output.schema(),
                        options.excel,
                    )?),
                    Format::Jsonl => Box::new(jsonl::JsonlWriter::create(&path, output.schema())?),
                    Format::Parquet
                        if output == Output::Records && !options.partition_by.is_empty() =>
                    {
                        Box::new(parquet::PartitionedWriter::create(
                            dir,
                            output.schema(),
                            &options.partition_by,
                        )?)
                    }
                    Format::Parquet => {
                        Box::new(parquet::ParquetWriter::create(&path, output.schema())?)
                    }
                };
                writers.push((output, writer));
            }
        }
        Ok(Sinks { writers })
    }

    /// Write one document to every output.
    pub fn write(&mut self, doc: &DocRows) -> Result<(), SinkError> {
        for (output, writer) in &mut self.writers {
            writer.write(&doc.doc, &doc.cells(*output))?;
        }
        Ok(())
    }

    /// Write rows of one output.
    pub fn write_rows<R: Row>(&mut self, doc: &str, rows: &[R]) -> Result<(), SinkError> {
        let cells = rows::all_cells(rows);
        for (o, writer) in &mut self.writers {
            if *o == R::OUTPUT {
                writer.write(doc, &cells)?;
            }
        }
        Ok(())
    }

    /// Move every output into place.
    pub fn finish(self) -> Result<(), SinkError> {
        for (_, writer) in self.writers {
            writer.finish()?;
        }
        Ok(())
    }
}

/// The rows of `findings` for one document.
pub fn finding_rows(doc: &str, findings: &[Finding]) -> Vec<FindingRow> {
    findings
        .iter()
        .map(|f| FindingRow {
            doc: doc.to_string(),
            table_code: f.table.clone(),
            check: f.check.as_str().to_string(),
            row: f.row.clone(),
            column: f.column.clone(),
            expected: f.expected,
            actual: f.actual,
            diff: f.diff(),
            severity: f.severity.to_string(),
            message: f.message.clone(),
        })
        .collect()
}

/// Outputs in `out` that a run writing `stage` replaces but does not
/// write again (those of another format, or partitions no longer asked
/// for), as names relative to `out`.
pub fn stale_outputs(out: &Path, stage: &Path) -> Vec<String> {
    let formats = [Format::Csv, Format::Jsonl, Format::Parquet];
    OUTPUTS
        .iter()
        .flat_map(|o| {
            formats
                .iter()
                .map(move |f| format!("{}.{}", o.name(), f.extension()))
                .chain(std::iter::once(o.name().to_string()))
        })
        .filter(|name| out.join(name).exists() && !stage.join(name).exists())
        .collect()
}

/// Temporary files of a run that was killed before it could move them
/// into place.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let path = entry.path();
            let _ = if path.is_dir() {
                fs::remove_dir_all(&path)
            } else {
                fs::remove_file(&path)
            };
        }
    }
}

/// A file written under a temporary name beside its destination, and
/// moved there by [`Staged::commit`]; dropped uncommitted, it is removed.
pub struct Staged {
    tmp: tempfile::TempPath,
    dest: PathBuf,
}

impl Staged {
    pub fn create(dest: &Path) -> Result<(Staged, File), SinkError> {
        Staged::create_tagged(dest, "")
    }

    /// A second file staged for the same destination: `tag` keeps its
    /// temporary name apart from the first one's.
    pub fn create_tagged(dest: &Path, tag: &str) -> Result<(Staged, File), SinkError> {
        let (file, tmp) = commit::temp_beside(dest, tag)
            .map_err(write_err(dest))?
            .into_parts();
        let staged = Staged {
            tmp,
            dest: dest.to_path_buf(),
        };
        Ok((staged, file))
    }

    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Where the file is being written.
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Flush `file` to disk and move it into place.
    pub fn commit(self, file: File) -> Result<(), SinkError> {
        file.sync_all().map_err(write_err(&self.dest))?;
        drop(file);
        self.tmp
            .persist(&self.dest)
            .map_err(|e| write_err(&self.dest)(e.error))?;
        Ok(())
    }
}

/// Make sure the output folder exists.
pub fn create_dir(dir: &Path) -> Result<(), SinkError> {
    fs::create_dir_all(dir).map_err(|source| SinkError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })
}

pub(crate) fn write_err(path: &Path) -> impl Fn(io::Error) -> SinkError + '_ {
    move |source| SinkError::Write {
        path: path.to_path_buf(),
        source,
    }
}
