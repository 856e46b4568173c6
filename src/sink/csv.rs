//! The CSV outputs: records, documents, sections and tables.

use std::path::Path;

use super::{create_dir, flush, write_err, AtomicFile, SinkError};
use crate::model::Table;
use crate::normalize::NormalTable;
use crate::Converted;

pub const RECORD_COLUMNS: &[&str] = &[
    "doc",
    "doc_id",
    "unit",
    "year",
    "report",
    "table_code",
    "table_kind",
    "table_title",
    "block",
    "row_no",
    "item_code",
    "line_no",
    "item_name",
    "column_no",
    "column_name",
    "value",
    "amount_unit",
    "page",
];

pub const DOCUMENT_COLUMNS: &[&str] = &[
    "doc", "doc_id", "path", "format", "pages", "unit", "year", "report", "tables", "records",
    "status", "message",
];

pub const SECTION_COLUMNS: &[&str] = &["doc", "part", "section", "title", "text"];

pub const TABLE_COLUMNS: &[&str] = &[
    "doc",
    "doc_id",
    "table_no",
    "table_code",
    "table_kind",
    "table_title",
    "unit",
    "year",
    "amount_unit",
    "header_rows",
    "data_rows",
    "records",
    "empty",
    "notes",
];

/// Write `records.csv`, `documents.csv`, `sections.csv` and `tables.csv`
/// for `files`, in their order, into `dir`.
pub fn write_all(dir: &Path, files: &[Converted]) -> Result<(), SinkError> {
    create_dir(dir)?;
    let outputs = [
        write_file(&dir.join("records.csv"), RECORD_COLUMNS, files, record_rows)?,
        write_file(
            &dir.join("documents.csv"),
            DOCUMENT_COLUMNS,
            files,
            document_rows,
        )?,
        write_file(
            &dir.join("sections.csv"),
            SECTION_COLUMNS,
            files,
            section_rows,
        )?,
        write_file(&dir.join("tables.csv"), TABLE_COLUMNS, files, table_rows)?,
    ];
    for file in outputs {
        file.commit()?;
    }
    Ok(())
}

type Rows = Vec<Vec<String>>;

fn write_file(
    path: &Path,
    header: &[&str],
    files: &[Converted],
    rows: fn(&Converted) -> Rows,
) -> Result<AtomicFile, SinkError> {
    let mut file = AtomicFile::create(path)?;
    {
        let mut w = csv::Writer::from_writer(file.writer());
        let csv_err = |e: csv::Error| SinkError::Write {
            path: path.to_path_buf(),
            source: e.into(),
        };
        w.write_record(header).map_err(csv_err)?;
        for f in files {
            for row in rows(f) {
                w.write_record(&row).map_err(csv_err)?;
            }
        }
        w.flush().map_err(write_err(path))?;
    }
    flush(&mut file)?;
    Ok(file)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn record_rows(f: &Converted) -> Rows {
    let report = opt(f.document.report);
    let mut rows = Vec::with_capacity(f.record_count());
    for (table, normal) in f.document.tables.iter().zip(&f.tables) {
        for r in &normal.records {
            rows.push(vec![
                f.doc.clone(),
                f.doc_id.clone(),
                table.unit.clone().unwrap_or_default(),
                opt(table.year),
                report.clone(),
                table.label.clone(),
                normal.kind.clone().unwrap_or_default(),
                table.title.clone(),
                r.block.to_string(),
                r.row_no.to_string(),
                r.item_code.clone(),
                r.line_no.clone(),
                r.item_name.clone(),
                r.column_no.to_string(),
                r.column_name.clone(),
                r.value.to_string(),
                opt(table.amount_unit),
                opt(r.page),
            ]);
        }
    }
    rows
}

fn document_rows(f: &Converted) -> Rows {
    let d = &f.document;
    vec![vec![
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
        f.message(),
    ]]
}

fn section_rows(f: &Converted) -> Rows {
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

fn table_rows(f: &Converted) -> Rows {
    f.document
        .tables
        .iter()
        .zip(&f.tables)
        .enumerate()
        .map(|(i, (t, n)): (usize, (&Table, &NormalTable))| {
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
