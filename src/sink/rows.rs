//! A document's results as the rows of each output.

use super::schema::{Output, OUTPUTS};
use crate::catalogue::Catalogue;
use crate::model::{AmountUnit, Status};
use crate::validate::Finding;
use crate::Converted;

/// One document's rows of every output, each row in its schema's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocRows {
    pub doc: String,
    pub status: Option<Status>,
    pub message: String,
    /// Indexed like [`OUTPUTS`].
    pub outputs: [Vec<Vec<String>>; 5],
}

impl DocRows {
    pub fn rows(&self, output: Output) -> &[Vec<String>] {
        &self.outputs[slot(output)]
    }

    pub fn rows_mut(&mut self, output: Output) -> &mut Vec<Vec<String>> {
        &mut self.outputs[slot(output)]
    }

    /// The rows of a converted file, with its findings.
    pub fn new(f: &Converted, findings: &[Finding]) -> DocRows {
        let mut out = DocRows {
            doc: f.doc.clone(),
            status: Some(f.status()),
            message: f.message(),
            outputs: Default::default(),
        };
        *out.rows_mut(Output::Records) = record_rows(f);
        *out.rows_mut(Output::Documents) = vec![document_row(f)];
        *out.rows_mut(Output::Sections) = section_rows(f);
        *out.rows_mut(Output::Tables) = table_rows(f);
        *out.rows_mut(Output::Findings) = finding_rows(&f.doc, findings);
        out
    }

    /// The number of records.
    pub fn records(&self) -> usize {
        self.rows(Output::Records).len()
    }

    /// The same results under another file name and path: every output's
    /// first column is the document's name, and `documents` has the path.
    pub fn renamed(mut self, doc: &str, path: &str) -> DocRows {
        for rows in &mut self.outputs {
            for row in rows.iter_mut() {
                if let Some(first) = row.first_mut() {
                    *first = doc.to_string();
                }
            }
        }
        let path_col = super::schema::DOCUMENTS
            .index("path")
            .expect("documents has a path");
        for row in self.rows_mut(Output::Documents) {
            if let Some(p) = row.get_mut(path_col) {
                *p = path.to_string();
            }
        }
        self.doc = doc.to_string();
        self
    }
}

fn slot(output: Output) -> usize {
    OUTPUTS
        .iter()
        .position(|&o| o == output)
        .expect("every output has a slot")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A value in 元, exact: what `value_yuan` holds, so that tables printed
/// in 元 and in 万元 add up. None where the unit is unknown (or the
/// product would not fit a decimal at all).
fn in_yuan(
    value: rust_decimal::Decimal,
    unit: Option<AmountUnit>,
) -> Option<rust_decimal::Decimal> {
    value.checked_mul(unit?.yuan())
}

fn record_rows(f: &Converted) -> Vec<Vec<String>> {
    let report = opt(f.document.report);
    let mut rows = Vec::with_capacity(f.record_count());
    for (no, (table, normal)) in f.document.tables.iter().zip(&f.tables).enumerate() {
        for r in &normal.records {
            rows.push(vec![
                f.doc.clone(),
                f.doc_id.clone(),
                table.unit.clone().unwrap_or_default(),
                opt(table.year),
                report.clone(),
                (no + 1).to_string(),
                table.label.clone(),
                normal.kind.clone().unwrap_or_default(),
                table.title.clone(),
                r.block.to_string(),
                r.row_no.to_string(),
                r.budget_unit.clone(),
                r.item_code.clone(),
                r.econ_code_gov.clone(),
                r.econ_code_dept.clone(),
                r.line_no.clone(),
                r.item_name.clone(),
                r.column_no.to_string(),
                r.column_name.clone(),
                r.value.to_string(),
                opt(in_yuan(r.value, table.amount_unit)),
                opt(table.amount_unit),
                opt(r.page),
            ]);
        }
    }
    rows
}

fn document_row(f: &Converted) -> Vec<String> {
    let d = &f.document;
    vec![
        f.doc.clone(),
        f.doc_id.clone(),
        f.path.display().to_string(),
        opt(f.format.map(|x| x.as_str())),
        opt(f.pages),
        d.unit.clone().unwrap_or_default(),
        opt(d.year),
        opt(d.report),
        d.tables.len().to_string(),
        f.record_count().to_string(),
        f.status().to_string(),
        document_message(f),
        is_report(f).to_string(),
        kinds_found(f),
    ]
}

/// Whether the file is a budget or final-accounts report.
fn is_report(f: &Converted) -> bool {
    Catalogue::built_in().is_report_document(&f.document, &table_kinds(f))
}

fn table_kinds(f: &Converted) -> Vec<Option<String>> {
    f.tables.iter().map(|t| t.kind.clone()).collect()
}

/// How many of the standard kinds the file's tables have: `7/9`.
fn kinds_found(f: &Converted) -> String {
    let catalogue = Catalogue::built_in();
    let all = catalogue.kinds.len();
    format!("{}/{all}", all - catalogue.missing(&table_kinds(f)).len())
}

/// The file's message, and for a file that converted, what it is: which
/// standard tables a report lacks, or that it is not a report at all.
fn document_message(f: &Converted) -> String {
    let mut parts: Vec<String> = vec![f.message()]
        .into_iter()
        .filter(|m| !m.is_empty())
        .collect();
    if f.status() == Status::Ok {
        let missing = Catalogue::built_in().missing(&table_kinds(f));
        if !is_report(f) {
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

fn section_rows(f: &Converted) -> Vec<Vec<String>> {
    f.document
        .sections
        .iter()
        .map(|s| {
            vec![
                f.doc.clone(),
                s.part.clone(),
                s.number.clone(),
                s.title.clone(),
                s.text.clone(),
            ]
        })
        .collect()
}

fn table_rows(f: &Converted) -> Vec<Vec<String>> {
    f.document
        .tables
        .iter()
        .zip(&f.tables)
        .enumerate()
        .map(|(i, (t, n))| {
            vec![
                f.doc.clone(),
                f.doc_id.clone(),
                (i + 1).to_string(),
                t.label.clone(),
                n.kind.clone().unwrap_or_default(),
                t.title.clone(),
                t.unit.clone().unwrap_or_default(),
                opt(t.year),
                opt(t.amount_unit),
                t.header.len().to_string(),
                t.rows.len().to_string(),
                n.records.len().to_string(),
                n.empty.to_string(),
                t.notes.join("\n"),
            ]
        })
        .collect()
}

/// The rows of `findings.csv` for one document.
pub fn finding_rows(doc: &str, findings: &[Finding]) -> Vec<Vec<String>> {
    findings
        .iter()
        .map(|f| {
            vec![
                doc.to_string(),
                f.table.clone(),
                f.check.as_str().to_string(),
                f.row.clone(),
                f.column.clone(),
                f.expected.to_string(),
                f.actual.to_string(),
                f.diff().to_string(),
                f.severity.to_string(),
                f.message.clone(),
            ]
        })
        .collect()
}
