//! A converted file as the rows of each output.

use rust_decimal::Decimal;

use super::Converted;
use crate::catalogue::{Catalogue, Kind};
use crate::model::{AmountUnit, Status};
use crate::sink::schema::{DocumentRow, RecordRow, SectionRow, TableRow};
use crate::sink::DocRows;
use crate::validate::Finding;

impl Converted {
    /// The rows of every output for this file, with its findings.
    pub fn rows(&self, findings: &[Finding]) -> DocRows {
        DocRows {
            doc: self.doc.clone(),
            status: Some(self.status()),
            message: self.message(),
            records: self.records(),
            documents: vec![self.document_row()],
            sections: self.section_rows(),
            tables: self.table_rows(),
            findings: crate::sink::finding_rows(&self.doc, findings),
        }
    }

    /// Every record of the file with its document and table: the rows of
    /// `records` as every output format writes them.
    pub fn records(&self) -> Vec<RecordRow> {
        let report = text(self.report);
        let mut rows = Vec::with_capacity(self.record_count());
        for (no, normal) in self.tables.iter().enumerate() {
            let table = &normal.table;
            for r in &normal.records {
                rows.push(RecordRow {
                    doc: self.doc.clone(),
                    doc_id: self.doc_id.clone(),
                    unit: table.unit.clone().unwrap_or_default(),
                    year: table.year.map(i64::from),
                    report: report.clone(),
                    table_no: no as i64 + 1,
                    table_code: table.label.clone(),
                    table_kind: kind_id(normal.kind),
                    table_title: table.title.clone(),
                    block: r.block.into(),
                    row_no: r.row_no.into(),
                    budget_unit: r.budget_unit.clone(),
                    item_code: r.item_code.clone(),
                    econ_code_gov: r.econ_code_gov.clone(),
                    econ_code_dept: r.econ_code_dept.clone(),
                    line_no: r.line_no.clone(),
                    item_name: r.item_name.clone(),
                    column_no: r.column_no.into(),
                    column_name: r.column_name.clone(),
                    value: r.value,
                    value_yuan: in_yuan(r.value, table.amount_unit),
                    amount_unit: text(table.amount_unit),
                    page: r.page.map(i64::from),
                });
            }
        }
        rows
    }

    fn document_row(&self) -> DocumentRow {
        let catalogue = Catalogue::built_in();
        let kinds: Vec<Option<&Kind>> = self.tables.iter().map(|t| t.kind).collect();
        let missing = catalogue.missing(&kinds);
        // A budget or final-accounts report: standard kinds, or a heading
        // that names one.
        let is_report = catalogue.is_report_document(&self.sections, &kinds);
        let all = catalogue.kinds.len();
        DocumentRow {
            doc: self.doc.clone(),
            doc_id: self.doc_id.clone(),
            path: self.path.display().to_string(),
            format: text(self.format.map(|x| x.as_str())),
            pages: self.pages.map(i64::from),
            unit: self.unit.clone().unwrap_or_default(),
            year: self.year.map(i64::from),
            report: text(self.report),
            tables: self.tables.len() as i64,
            records: self.record_count() as i64,
            status: self.status().to_string(),
            message: self.document_message(is_report, &missing),
            is_report,
            // How many of the standard kinds the file's tables have: `7/9`.
            kinds: format!("{}/{all}", all - missing.len()),
        }
    }

    /// The file's message, and for a file that converted, what it is:
    /// which standard tables a report lacks, or that it is not a report.
    fn document_message(&self, is_report: bool, missing: &[&str]) -> String {
        let mut parts: Vec<String> = vec![self.message()]
            .into_iter()
            .filter(|m| !m.is_empty())
            .collect();
        if self.status() == Status::Ok {
            if !is_report {
                parts.push(
                    "not a budget or final-accounts report: none of its tables is a standard one"
                        .to_string(),
                );
            } else if !missing.is_empty() {
                parts.push(format!("standard tables not found: {}", missing.join(", ")));
            }
        }
        parts.join("; ")
    }

    fn section_rows(&self) -> Vec<SectionRow> {
        self.sections
            .iter()
            .map(|s| SectionRow {
                doc: self.doc.clone(),
                part: s.part.clone(),
                section: s.number.clone(),
                title: s.title.clone(),
                text: s.text.clone(),
            })
            .collect()
    }

    fn table_rows(&self) -> Vec<TableRow> {
        self.tables
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let t = &n.table;
                TableRow {
                    doc: self.doc.clone(),
                    doc_id: self.doc_id.clone(),
                    table_no: i as i64 + 1,
                    table_code: t.label.clone(),
                    table_kind: kind_id(n.kind),
                    table_title: t.title.clone(),
                    unit: t.unit.clone().unwrap_or_default(),
                    year: t.year.map(i64::from),
                    amount_unit: text(t.amount_unit),
                    header_rows: t.header.len() as i64,
                    data_rows: t.rows.len() as i64,
                    records: n.records.len() as i64,
                    empty: n.empty,
                    notes: t.notes.join("\n"),
                }
            })
            .collect()
    }
}

/// The catalogue id of a kind, empty for none.
fn kind_id(kind: Option<&Kind>) -> String {
    kind.map(|k| k.id.clone()).unwrap_or_default()
}

fn text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A value in 元, exact: what `value_yuan` holds, so that tables printed
/// in 元 and in 万元 add up. None where the unit is unknown (or the
/// product would not fit a decimal at all).
fn in_yuan(value: Decimal, unit: Option<AmountUnit>) -> Option<Decimal> {
    value.checked_mul(unit?.yuan())
}
