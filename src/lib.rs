//! gongkai turns published Chinese government fiscal disclosure reports
//! (部门/单位 预算 and 决算 公开 reports) into tidy, typed records.
//!
//! The pipeline runs one way: [`source`] finds and sniffs input, [`decode`]
//! reads text, [`document`] finds parts, sections and tables, [`normalize`]
//! turns tables into records by the [`catalogue`] of table kinds, and
//! [`sink`] writes them. [`convert_bytes`] runs it for one file.

pub mod cache;
pub mod catalogue;
pub mod decode;
pub mod document;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod pdf;
pub mod run;
pub mod sink;
pub mod source;
pub mod validate;

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use catalogue::Catalogue;
use model::{Document, Line, Status};
use normalize::NormalTable;
use source::Format;

/// Why a file gave no records.
#[derive(Debug, thiserror::Error)]
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
    #[error("reading PDF files is not supported by this version of gongkai")]
    PdfUnsupported,
    #[error("no text layer: the pages are images (a scan); OCR it first")]
    NoTextLayer,
    #[error("no tables found in the text ({sections} sections read)")]
    NoTables { sections: usize },
    #[error("internal error while reading this file: {0}")]
    Panic(String),
}

impl ConvertError {
    /// The status `documents.csv` reports for this error.
    pub fn status(&self) -> Status {
        match self {
            ConvertError::Empty => Status::Empty,
            ConvertError::HtmlAsPdf => Status::NotPdf,
            ConvertError::NoTables { .. } => Status::NoTables,
            ConvertError::NoTextLayer => Status::NoTextLayer,
            ConvertError::Io(_)
            | ConvertError::Decode(_)
            | ConvertError::Html
            | ConvertError::PdfUnsupported
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
    pub document: Document,
    /// One per table of `document`, in the same order.
    pub tables: Vec<NormalTable>,
}

impl Converted {
    pub fn status(&self) -> Status {
        match &self.outcome {
            Ok(()) => Status::Ok,
            Err(e) => e.status(),
        }
    }

    pub fn message(&self) -> String {
        match &self.outcome {
            Ok(()) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    pub fn record_count(&self) -> usize {
        self.tables.iter().map(|t| t.records.len()).sum()
    }

    /// The tables as the checks see them.
    pub fn table_views(&self) -> Vec<validate::TableView> {
        self.document
            .tables
            .iter()
            .zip(&self.tables)
            .map(|(t, n)| validate::TableView {
                code: if t.label.is_empty() {
                    t.title.clone()
                } else {
                    t.label.clone()
                },
                title: t.title.clone(),
                kind: n.kind.clone(),
                unit: t.unit.clone(),
                amount_unit: t.amount_unit,
                records: n.records.clone(),
            })
            .collect()
    }

    /// Run the arithmetic checks on this file's tables and text.
    pub fn validate(&self) -> Vec<validate::Finding> {
        let narrative: Vec<&str> = self
            .document
            .sections
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        validate::validate(
            &self.table_views(),
            &narrative.join("\n"),
            self.document.report,
            Catalogue::built_in(),
        )
    }
}

/// Convert one file. Never panics: a failure of any kind is the file's
/// status, and the caller goes on with the next file.
pub fn convert_file(path: &Path) -> Converted {
    match std::fs::read(path) {
        Ok(bytes) => convert_bytes(path, &bytes),
        Err(e) => unreadable(path, e),
    }
}

/// The result for a file that could not be read.
pub fn unreadable(path: &Path, error: std::io::Error) -> Converted {
    Converted {
        doc: source::doc_name(path),
        doc_id: String::new(),
        path: path.to_path_buf(),
        format: None,
        pages: None,
        outcome: Err(ConvertError::Io(error)),
        document: Document::default(),
        tables: Vec::new(),
    }
}

/// Convert the bytes of a file named `path`.
pub fn convert_bytes(path: &Path, bytes: &[u8]) -> Converted {
    let mut out = Converted {
        doc: source::doc_name(path),
        doc_id: source::doc_id(bytes),
        path: path.to_path_buf(),
        format: None,
        pages: None,
        outcome: Ok(()),
        document: Document::default(),
        tables: Vec::new(),
    };
    if bytes.is_empty() {
        out.outcome = Err(ConvertError::Empty);
        return out;
    }
    let format = source::sniff(bytes);
    out.format = Some(format);
    let result = panic::catch_unwind(AssertUnwindSafe(|| read(path, format, bytes)));
    finish(&mut out, result);
    out
}

/// Convert a PDF already read into pages (by [`pdf`]): layout, then the
/// same structure, normalisation and statuses as a text report. `doc_id`
/// is the file's id as [`source::doc_id`] gives it.
pub fn convert_pages(path: &Path, doc_id: &str, pages: &[pdf::Page]) -> Converted {
    let mut out = Converted {
        doc: source::doc_name(path),
        doc_id: doc_id.to_string(),
        path: path.to_path_buf(),
        format: Some(Format::Pdf),
        pages: Some(pages.len() as u32),
        outcome: Ok(()),
        document: Document::default(),
        tables: Vec::new(),
    };
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        if pages.iter().all(|p| p.glyphs.is_empty()) {
            return Err(if pages.iter().any(|p| p.images > 0) {
                ConvertError::NoTextLayer
            } else {
                ConvertError::Empty
            });
        }
        Ok(read_pages(pages))
    }));
    finish(&mut out, result);
    out
}

/// Record what reading gave: the document and its records, or why not.
fn finish(out: &mut Converted, result: std::thread::Result<Result<Document, ConvertError>>) {
    match result {
        Ok(Ok(document)) => {
            out.tables = normalize::normalize(&document, Catalogue::built_in());
            if document.tables.is_empty() {
                out.outcome = Err(ConvertError::NoTables {
                    sections: document.sections.len(),
                });
            }
            out.document = document;
        }
        Ok(Err(e)) => out.outcome = Err(e),
        Err(payload) => out.outcome = Err(ConvertError::Panic(panic_message(&payload))),
    }
}

fn read(path: &Path, format: Format, bytes: &[u8]) -> Result<Document, ConvertError> {
    let is_pdf_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    match format {
        Format::Pdf => Err(ConvertError::PdfUnsupported),
        Format::Html if is_pdf_name => Err(ConvertError::HtmlAsPdf),
        Format::Html => Err(ConvertError::Html),
        Format::Text => {
            let text = decode::decode(bytes)?.text;
            if text.trim().is_empty() {
                return Err(ConvertError::Empty);
            }
            Ok(read_text(&text))
        }
    }
}

/// The structure of a text report: lines split on tabs, then parsed.
pub fn read_text(text: &str) -> Document {
    let lines: Vec<Line> = text.lines().map(Line::from_tabbed).collect();
    document::parse(&lines)
}

/// The structure of a PDF's pages: lines rebuilt by [`layout`], then
/// parsed as a text report's lines are.
pub fn read_pages(pages: &[pdf::Page]) -> Document {
    document::parse(&layout::lines(pages))
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
