//! A document's results as the rows of each output.

use super::schema::{
    BadCell, Cell, DocumentRow, FindingRow, Output, RecordRow, Row, SectionRow, TableRow,
};
use crate::model::Status;

/// One document's rows of every output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocRows {
    pub doc: String,
    pub status: Option<Status>,
    pub message: String,
    pub records: Vec<RecordRow>,
    /// One row, the document's own (none only in an empty `DocRows`).
    pub documents: Vec<DocumentRow>,
    pub sections: Vec<SectionRow>,
    pub tables: Vec<TableRow>,
    pub findings: Vec<FindingRow>,
}

impl DocRows {
    /// The cells of every row of one output.
    pub fn cells(&self, output: Output) -> Vec<Vec<Cell<'_>>> {
        match output {
            Output::Records => all_cells(&self.records),
            Output::Documents => all_cells(&self.documents),
            Output::Sections => all_cells(&self.sections),
            Output::Tables => all_cells(&self.tables),
            Output::Findings => all_cells(&self.findings),
        }
    }

    /// Add a row of `output` read back from its cells as text.
    pub fn push_parsed(&mut self, output: Output, texts: &[&str]) -> Result<(), BadCell> {
        match output {
            Output::Records => self.records.push(RecordRow::parse(texts)?),
            Output::Documents => self.documents.push(DocumentRow::parse(texts)?),
            Output::Sections => self.sections.push(SectionRow::parse(texts)?),
            Output::Tables => self.tables.push(TableRow::parse(texts)?),
            Output::Findings => self.findings.push(FindingRow::parse(texts)?),
        }
        Ok(())
    }

    /// The number of records.
    pub fn record_count(&self) -> usize {
        self.records.len()
    }

    /// The same results under another file name and path: every row
    /// names the document, and `documents` has the path.
    pub fn renamed(mut self, doc: &str, path: &str) -> DocRows {
        let name = || doc.to_string();
        self.records.iter_mut().for_each(|r| r.doc = name());
        self.sections.iter_mut().for_each(|r| r.doc = name());
        self.tables.iter_mut().for_each(|r| r.doc = name());
        self.findings.iter_mut().for_each(|r| r.doc = name());
        for r in &mut self.documents {
            r.doc = name();
            r.path = path.to_string();
        }
        self.doc = name();
        self
    }
}

pub(crate) fn all_cells<R: Row>(rows: &[R]) -> Vec<Vec<Cell<'_>>> {
    rows.iter().map(Row::cells).collect()
}
