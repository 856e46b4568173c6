//! The per-file converter: one file's bytes through reading, layout,
//! structure and normalisation, behind one guard and the file's deadline,
//! into a [`Converted`] — its document, its tables with their records, or
//! the reason it gave none.

mod rows;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::panic_message;
use crate::{decode, document, layout, limits, normalize, pdf, source, validate};

use crate::catalogue::Catalogue;
use crate::layout::LayoutSettings;
use crate::model::{Cell, Document, Line, Report, Section, Status};
use crate::normalize::NormalTable;
use crate::source::Format;

/// Why a file gave no records.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    #[error("the file is empty")]
    Empty,
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error("an HTML page saved under a .pdf name, not a PDF")]
    HtmlAsPdf,
    #[error("an HTML page, not a report; save the report's PDF or text instead")]
    Html,
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("no text layer: the pages are images (a scan); OCR it first")]
    NoTextLayer,
    #[error("no text on any page")]
    NoText,
    #[error(
        "gave up after {seconds} s at page {page} of {pages}; raise --timeout to let it finish"
    )]
    Timeout { seconds: u64, page: u32, pages: u32 },
    #[error("gave up after {seconds} s while {stage}; raise --timeout to let it finish")]
    TimedOut { seconds: u64, stage: Stage },
    #[error("no tables found in the text ({sections} sections read)")]
    NoTables { sections: usize },
    #[error("internal error while reading this file: {0}")]
    Panic(String),
}

/// The stage of the per-file pipeline a file's time ran out in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Decoding,
    Splitting,
    Pages,
    Structure,
    Records,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Decoding => "decoding the text",
            Stage::Splitting => "splitting the text into lines",
            Stage::Pages => "reading the pages and their tables",
            Stage::Structure => "finding the sections and tables",
            Stage::Records => "turning the tables into records",
        })
    }
}

impl ConvertError {
    /// The status `documents.csv` reports for this error.
    pub fn status(&self) -> Status {
        match self {
            ConvertError::Empty => Status::Empty,
            ConvertError::HtmlAsPdf => Status::NotPdf,
            ConvertError::NoTables { .. } => Status::NoTables,
            ConvertError::NoTextLayer => Status::NoTextLayer,
            ConvertError::NoText => Status::Empty,
            ConvertError::Pdf(pdf::PdfError::Encrypted(_)) => Status::Encrypted,
            ConvertError::Pdf(pdf::PdfError::Corrupt(_)) => Status::Corrupt,
            ConvertError::Io(_)
            | ConvertError::Decode(_)
            | ConvertError::Html
            | ConvertError::Pdf(_)
            | ConvertError::Timeout { .. }
            | ConvertError::TimedOut { .. }
            | ConvertError::Panic(_) => Status::Error,
        }
    }
}

/// Everything gongkai learned from one input file.
#[derive(Debug)]
pub struct Converted {
    /// The file's base name.
    pub doc: String,
    pub doc_id: String,
    pub path: PathBuf,
    pub format: Option<Format>,
    /// PDF page count; `None` for text.
    pub pages: Option<u32>,
    pub outcome: Result<(), ConvertError>,
    /// What a user should know of a file that converted: pages without a
    /// text layer, pages that could not be read.
    pub notes: Vec<String>,
    /// The reporting unit, as the cover or the titles name it.
    pub unit: Option<String>,
    pub year: Option<i32>,
    /// 预算 or 决算.
    pub report: Option<Report>,
    /// The narrative, part by part and section by section.
    pub sections: Vec<Section>,
    /// The tables in the order printed, each with its kind and records.
    pub tables: Vec<NormalTable<'static>>,
}

impl Converted {
    fn new(path: &Path, doc_id: String) -> Converted {
        Converted {
            doc: source::doc_name(path),
            doc_id,
            path: path.to_path_buf(),
            format: None,
            pages: None,
            outcome: Ok(()),
            notes: Vec::new(),
            unit: None,
            year: None,
            report: None,
            sections: Vec::new(),
            tables: Vec::new(),
        }
    }

    pub fn status(&self) -> Status {
        match &self.outcome {
            Ok(()) => Status::Ok,
            Err(e) => e.status(),
        }
    }

    pub fn message(&self) -> String {
        match &self.outcome {
            Ok(()) => self.notes.join("; "),
            Err(e) => e.to_string(),
        }
    }

    pub fn record_count(&self) -> usize {
        self.tables.iter().map(|t| t.records.len()).sum()
    }

    /// The tables as the checks see them.
    pub fn table_views(&self) -> Vec<validate::TableView<'static>> {
        self.tables
            .iter()
            .map(|n| {
                let t = &n.table;
                validate::TableView {
                    code: validate::TableView::code_of(&t.label, &t.title),
                    title: t.title.clone(),
                    kind: n.kind,
                    unit: t.unit.clone(),
                    amount_unit: t.amount_unit,
                    records: n.records.clone(),
                }
            })
            .collect()
    }

    /// Run the arithmetic checks on this file's tables and text. Never
    /// panics: a check that fails inside is an `error` finding that says
    /// so (see [`validate::validate`]), so a crashed check never reads as
    /// a clean file.
    pub fn validate(&self) -> Vec<validate::Finding> {
        let narrative: Vec<&str> = self.sections.iter().map(|s| s.text.as_str()).collect();
        let views = match guarded(|| Ok(self.table_views())) {
            Ok(views) => views,
            Err(e) => return vec![validate::Finding::crashed("-", &e.to_string())],
        };
        validate::validate(
            &views,
            &narrative.join("\n"),
            self.report,
            Catalogue::built_in(),
        )
    }

    /// Take what reading and normalising gave: the document and its
    /// records, or why not.
    fn accept(&mut self, result: Result<Analysed, ConvertError>) {
        let (reading, tables) = match result {
            Ok(a) => (a.reading, a.tables),
            Err(e) => {
                if let ConvertError::Timeout { pages, .. } = e {
                    self.pages = Some(pages).filter(|p| *p > 0);
                }
                self.outcome = Err(e);
                return;
            }
        };
        self.pages = reading.pages.or(self.pages);
        self.notes = reading.notes;
        self.tables = tables;
        let Document {
            unit,
            year,
            report,
            sections,
            ..
        } = reading.document;
        if self.tables.is_empty() {
            self.outcome = Err(ConvertError::NoTables {
                sections: sections.len(),
            });
        }
        (self.unit, self.year, self.report, self.sections) = (unit, year, report, sections);
    }
}

/// Run one file's work so that a panic anywhere in it becomes that file's
/// [`ConvertError::Panic`] instead of ending the batch.
fn guarded<T>(work: impl FnOnce() -> Result<T, ConvertError>) -> Result<T, ConvertError> {
    panic::catch_unwind(AssertUnwindSafe(work))
        .unwrap_or_else(|payload| Err(ConvertError::Panic(panic_message(&payload))))
}

/// `Err(TimedOut)` once the file's deadline has passed: stages that stop
/// early on the deadline return what they have, and this turns it into
/// the file's status instead of a partial result.
fn in_time(stage: Stage, options: &Options) -> Result<(), ConvertError> {
    if limits::expired() {
        return Err(ConvertError::TimedOut {
            seconds: options.timeout.map_or(0, |t| t.as_secs()),
            stage,
        });
    }
    Ok(())
}

/// How one file is converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Give up on a file after this long (every stage asks the per-file
    /// deadline as it goes), so that one pathological file cannot stall a
    /// batch.
    pub timeout: Option<Duration>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Some(Duration::from_secs(60)),
        }
    }
}

/// Convert one file. Never panics: a failure of any kind is the file's
/// status, and the caller goes on with the next file.
///
/// ```no_run
/// use std::path::Path;
///
/// let converted = gongkai::convert_file(Path::new("report.pdf"));
/// println!("{}: {} {}", converted.doc, converted.status(), converted.message());
/// for table in &converted.tables {
///     let kind = table.kind.map_or("-", |k| k.id.as_str());
///     println!("{} {} [{kind}]: {} records", table.table.label, table.table.title, table.records.len());
/// }
/// // Every record with its document and table, as records.csv has it.
/// for r in converted.records() {
///     println!("{} {} {} = {}", r.table_kind, r.item_code, r.column_name, r.value);
/// }
/// ```
pub fn convert_file(path: &Path) -> Converted {
    match std::fs::read(path) {
        Ok(bytes) => convert_bytes(path, &bytes),
        Err(e) => unreadable(path, e),
    }
}

/// The result for a file that could not be read.
pub fn unreadable(path: &Path, error: std::io::Error) -> Converted {
    let mut out = Converted::new(path, String::new());
    out.outcome = Err(ConvertError::Io(error));
    out
}

/// Convert the bytes of a file named `path`, with the default options.
pub fn convert_bytes(path: &Path, bytes: &[u8]) -> Converted {
    convert_bytes_with(path, bytes, &Options::default())
}

/// Convert the bytes of a file named `path`. Reading, layout, structure
/// and normalisation run behind `catch_unwind` (a panic is the file's
/// `error` status, "internal error …") and under the file's deadline
/// ([`limits::start_deadline`]), so one file can neither end nor stall a
/// batch.
pub fn convert_bytes_with(path: &Path, bytes: &[u8], options: &Options) -> Converted {
    let mut out = Converted::new(path, source::doc_id(bytes));
    if bytes.is_empty() {
        out.outcome = Err(ConvertError::Empty);
        return out;
    }
    let format = source::sniff(bytes);
    out.format = Some(format);
    let _deadline = limits::start_deadline(options.timeout);
    out.accept(guarded(|| {
        let reading = read(path, format, bytes, options)?;
        with_records(reading, options)
    }));
    out
}

/// Convert a PDF already read into pages (by [`pdf`]): layout, then the
/// same structure, normalisation and statuses as a text report. `doc_id`
/// is the file's id as [`source::doc_id`] gives it.
pub fn convert_pages(path: &Path, doc_id: &str, pages: &[pdf::Page]) -> Converted {
    convert_pages_with(path, doc_id, pages, &LayoutSettings::DEFAULT)
}

/// [`convert_pages`] with the layout thresholds `settings`.
pub fn convert_pages_with(
    path: &Path,
    doc_id: &str,
    pages: &[pdf::Page],
    settings: &LayoutSettings,
) -> Converted {
    let mut out = Converted::new(path, doc_id.to_string());
    out.format = Some(Format::Pdf);
    out.accept(guarded(|| {
        let reading = reading_of_pages(pages.to_vec(), pages.len() as u32, Vec::new(), settings)?;
        with_records(reading, &Options { timeout: None })
    }));
    out
}

/// What reading a file gave, before normalisation.
struct Reading {
    document: Document,
    pages: Option<u32>,
    notes: Vec<String>,
}

/// A reading with its tables normalised into records.
struct Analysed {
    reading: Reading,
    tables: Vec<NormalTable<'static>>,
}

fn with_records(mut reading: Reading, options: &Options) -> Result<Analysed, ConvertError> {
    let tables = normalize::normalize(&mut reading.document, Catalogue::built_in());
    in_time(Stage::Records, options)?;
    Ok(Analysed { reading, tables })
}

fn read(
    path: &Path,
    format: Format,
    bytes: &[u8],
    options: &Options,
) -> Result<Reading, ConvertError> {
    match format {
        Format::Pdf => {
            let reading = read_pdf(bytes, options)?;
            in_time(Stage::Pages, options)?;
            Ok(reading)
        }
        Format::Html => Err(html_error(path)),
        Format::Text => read_text_report(bytes, options),
    }
}

/// A text report: decoded, split into lines (each line's cells bounded),
/// then parsed; the deadline is asked after each step.
fn read_text_report(bytes: &[u8], options: &Options) -> Result<Reading, ConvertError> {
    let decoded = decode::decode(bytes)?;
    in_time(Stage::Decoding, options)?;
    if decoded.text.trim().is_empty() {
        return Err(ConvertError::Empty);
    }
    let mut notes = decoded.notes;
    let lines = bounded_lines(&decoded.text, &mut notes);
    in_time(Stage::Splitting, options)?;
    let document = document::parse(&lines);
    in_time(Stage::Structure, options)?;
    Ok(Reading {
        document,
        pages: None,
        notes,
    })
}

/// The pages of a PDF file as the reader sees them: glyphs and ruling
/// lines, for `gongkai debug` and for callers that lay pages out
/// themselves.
pub fn read_pdf_pages(bytes: &[u8]) -> Result<Vec<pdf::Page>, ConvertError> {
    let doc = pdf::open(bytes)?;
    (1..=doc.page_count())
        .map(|n| doc.page(n).map_err(ConvertError::from))
        .collect()
}

/// The lines of a report as the document stage reads them: for text, its
/// lines split on tabs; for a PDF, the rows and text lines layout rebuilt.
pub fn read_lines(path: &Path, bytes: &[u8]) -> Result<Vec<Line>, ConvertError> {
    read_lines_with(path, bytes, &LayoutSettings::DEFAULT)
}

/// [`read_lines`] with the layout thresholds `settings` (for a PDF).
pub fn read_lines_with(
    path: &Path,
    bytes: &[u8],
    settings: &LayoutSettings,
) -> Result<Vec<Line>, ConvertError> {
    if bytes.is_empty() {
        return Err(ConvertError::Empty);
    }
    match source::sniff(bytes) {
        Format::Pdf => Ok(layout::lines_with(&read_pdf_pages(bytes)?, settings)),
        Format::Html => Err(html_error(path)),
        Format::Text => Ok(tabbed_lines(&decode::decode(bytes)?.text)),
    }
}

/// An HTML page is `not-pdf` where its name says PDF, else just not a report.
fn html_error(path: &Path) -> ConvertError {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        ConvertError::HtmlAsPdf
    } else {
        ConvertError::Html
    }
}

/// A text report's lines, cells split on tabs.
fn tabbed_lines(text: &str) -> Vec<Line> {
    bounded_lines(text, &mut Vec::new())
}

/// The most cells a text line is split into. Real tables print a few
/// dozen columns, but every row of a table is widened to its widest line,
/// so one line of a million tabs would cost a million cells in each row.
pub const MAX_CELLS: usize = 256;

/// How many lines go by between two looks at the deadline.
const LINES_PER_CHECK: usize = 4096;

/// A text report's lines, cells split on tabs, at most [`MAX_CELLS`] a
/// line (what a longer line holds beyond them is dropped and named in
/// `notes`). Stops early when the file's deadline passes.
fn bounded_lines(text: &str, notes: &mut Vec<String>) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cut: Vec<usize> = Vec::new();
    for (i, text) in text.lines().enumerate() {
        if i % LINES_PER_CHECK == 0 && limits::expired() {
            break;
        }
        let mut cells = text.split('\t');
        let line = Line {
            cells: cells.by_ref().take(MAX_CELLS).map(Cell::new).collect(),
            page: None,
        };
        if cells.next().is_some() {
            cut.push(i + 1);
        }
        lines.push(line);
    }
    if let Some(first) = cut.first() {
        notes.push(format!(
            "{} line(s) with more than {MAX_CELLS} tab-separated cells, the first at line {first}: \
             only their first {MAX_CELLS} cells were read",
            cut.len()
        ));
    }
    lines
}

/// Read every page of a PDF; a page that cannot be read is named in the
/// notes and the others are used, and so are the repairs the file needed.
/// The per-file deadline is asked inside each page's work too, so the
/// time limit holds within a fraction of a second.
/// The deadline itself is the driver's ([`convert_bytes_with`]).
fn read_pdf(bytes: &[u8], options: &Options) -> Result<Reading, ConvertError> {
    let timeout = |page: u32, pages: u32| ConvertError::Timeout {
        seconds: options.timeout.map_or(0, |t| t.as_secs()),
        page,
        pages,
    };
    let doc = match pdf::open(bytes) {
        Err(pdf::PdfError::Expired { .. }) => return Err(timeout(0, 0)),
        opened => opened?,
    };
    let count = doc.page_count();
    let mut pages = Vec::new();
    let mut failed = Vec::new();
    for number in 1..=count {
        if limits::expired() {
            return Err(timeout(number, count));
        }
        match doc.page(number) {
            Ok(page) => pages.push(page),
            Err(pdf::PdfError::Expired { number }) => return Err(timeout(number, count)),
            Err(e @ pdf::PdfError::Limit(_)) => return Err(e.into()),
            Err(e) => failed.push((number, e)),
        }
    }
    if pages.is_empty() && !failed.is_empty() {
        let (_, first) = failed.swap_remove(0);
        return Err(first.into());
    }
    let mut reading = reading_of_pages(pages, count, failed, &LayoutSettings::DEFAULT)?;
    reading.notes.splice(0..0, doc.repairs().iter().cloned());
    Ok(reading)
}

fn reading_of_pages(
    pages: Vec<pdf::Page>,
    count: u32,
    failed: Vec<(u32, pdf::PdfError)>,
    settings: &LayoutSettings,
) -> Result<Reading, ConvertError> {
    let scanned: Vec<u32> = pages
        .iter()
        .filter(|p| p.glyphs.is_empty() && p.images > 0)
        .map(|p| p.number)
        .collect();
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(if scanned.is_empty() {
            ConvertError::NoText
        } else {
            ConvertError::NoTextLayer
        });
    }
    let mut notes = Vec::new();
    if !scanned.is_empty() {
        notes.push(format!(
            "{} without a text layer (scanned), not read",
            page_list(&scanned)
        ));
    }
    for (number, e) in &failed {
        notes.push(format!("page {number} could not be read: {e}"));
    }
    Ok(Reading {
        document: read_pages_with(&pages, settings),
        pages: Some(count),
        notes,
    })
}

/// `page 3` or `pages 3, 4, 9`.
fn page_list(pages: &[u32]) -> String {
    let list: Vec<String> = pages.iter().map(u32::to_string).collect();
    match list.len() {
        1 => format!("page {}", list[0]),
        _ => format!("pages {}", list.join(", ")),
    }
}

/// The structure of a text report: folded as decoded text is, lines split
/// on tabs, then parsed.
pub fn read_text(text: &str) -> Document {
    let mut text = text.to_string();
    crate::text::fold(&mut text);
    document::parse(&tabbed_lines(&text))
}

/// The structure of a PDF's pages: lines rebuilt by [`layout`], then
/// parsed as a text report's lines are.
pub fn read_pages(pages: &[pdf::Page]) -> Document {
    read_pages_with(pages, &LayoutSettings::DEFAULT)
}

/// [`read_pages`] with the layout thresholds `settings`.
pub fn read_pages_with(pages: &[pdf::Page], settings: &LayoutSettings) -> Document {
    document::parse(&layout::lines_with(pages, settings))
}
