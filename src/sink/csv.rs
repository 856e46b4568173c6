//! The CSV outputs: records, documents, sections and tables.

use std::path::Path;

use super::{create_dir, flush, write_err, AtomicFile, SinkError};
use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::model::{AmountUnit, Record, Report, Table};
use crate::normalize::NormalTable;
use crate::validate::{Finding, TableView};
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

pub const FINDING_COLUMNS: &[&str] = &[
    "doc",
    "table_code",
    "check",
    "row",
    "column",
    "expected",
    "actual",
    "diff",
    "severity",
    "message",
];

/// The findings of one document.
pub struct DocFindings {
    pub doc: String,
    pub findings: Vec<Finding>,
}

/// Write `records.csv`, `documents.csv`, `sections.csv` and `tables.csv`
/// for `files`, in their order, into `dir`, and `findings.csv` when the
/// findings are given.
pub fn write_all(
    dir: &Path,
    files: &[Converted],
    findings: Option<&[DocFindings]>,
) -> Result<(), SinkError> {
    create_dir(dir)?;
    let mut outputs = vec![
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
    if let Some(findings) = findings {
        outputs.push(write_file(
            &dir.join("findings.csv"),
            FINDING_COLUMNS,
            findings,
            finding_rows,
        )?);
    }
    for file in outputs {
        file.commit()?;
    }
    Ok(())
}

/// Write `findings.csv` alone, into an existing output folder.
pub fn write_findings(dir: &Path, findings: &[DocFindings]) -> Result<(), SinkError> {
    write_file(
        &dir.join("findings.csv"),
        FINDING_COLUMNS,
        findings,
        finding_rows,
    )?
    .commit()
}

type Rows = Vec<Vec<String>>;

fn write_file<T>(
    path: &Path,
    header: &[&str],
    files: &[T],
    rows: fn(&T) -> Rows,
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

fn finding_rows(d: &DocFindings) -> Rows {
    d.findings
        .iter()
        .map(|f| {
            vec![
                d.doc.clone(),
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

/// One document's tables and narrative, read back from an output folder.
pub struct DocTables {
    pub doc: String,
    pub report: Option<Report>,
    pub tables: Vec<TableView>,
    pub narrative: String,
}

/// Why an earlier output folder cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Csv {
        path: std::path::PathBuf,
        source: csv::Error,
    },
    #[error("{path}: no column {column}; is this a gongkai output folder?")]
    Column {
        path: std::path::PathBuf,
        column: &'static str,
    },
    #[error("{path}, line {line}: {what}")]
    Value {
        path: std::path::PathBuf,
        line: u64,
        what: String,
    },
}

/// Read `records.csv` (and `sections.csv`, if there) of an earlier run,
/// one [`DocTables`] per document in the order of the file. A table is a
/// run of records with the same label, title and unit.
pub fn read_tables(dir: &Path) -> Result<Vec<DocTables>, ReadError> {
    let path = dir.join("records.csv");
    let csv_err = |source| ReadError::Csv {
        path: path.clone(),
        source,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(csv_err)?;
    let header = reader.headers().map_err(csv_err)?.clone();
    let index: HashMap<&str, usize> = header.iter().enumerate().map(|(i, h)| (h, i)).collect();
    let col = |name: &'static str| {
        index.get(name).copied().ok_or(ReadError::Column {
            path: path.clone(),
            column: name,
        })
    };
    let cols: Vec<usize> = RECORD_COLUMNS
        .iter()
        .map(|c| col(c))
        .collect::<Result<_, _>>()?;
    let mut docs: Vec<DocTables> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(csv_err)?;
        let line = row.position().map_or(0, |p| p.line());
        let get = |name: &str| {
            let i = RECORD_COLUMNS
                .iter()
                .position(|c| *c == name)
                .expect("known column");
            row.get(cols[i]).unwrap_or("")
        };
        let bad = |what: String| ReadError::Value {
            path: path.clone(),
            line,
            what,
        };
        let number = |name: &str| {
            get(name)
                .parse::<u32>()
                .map_err(|_| bad(format!("{name} is not a number")))
        };
        let record = Record {
            block: number("block")?,
            row_no: number("row_no")?,
            item_code: get("item_code").to_string(),
            line_no: get("line_no").to_string(),
            item_name: get("item_name").to_string(),
            column_no: number("column_no")?,
            column_name: get("column_name").to_string(),
            value: Decimal::from_str(get("value"))
                .map_err(|_| bad(format!("value {:?} is not a decimal", get("value"))))?,
            page: get("page").parse().ok(),
        };
        if docs.last().is_none_or(|d| d.doc != get("doc")) {
            docs.push(DocTables {
                doc: get("doc").to_string(),
                report: match get("report") {
                    "决算" => Some(Report::Final),
                    "预算" => Some(Report::Budget),
                    _ => None,
                },
                tables: Vec::new(),
                narrative: String::new(),
            });
        }
        let doc = docs.last_mut().expect("pushed above");
        let (code, title, unit) = (get("table_code"), get("table_title"), get("unit"));
        let same_table = doc.tables.last().is_some_and(|t| {
            t.title == title
                && t.unit.as_deref().unwrap_or("") == unit
                && (t.code == code || code.is_empty() && t.code == title)
        });
        if !same_table {
            doc.tables.push(TableView {
                code: if code.is_empty() {
                    title.to_string()
                } else {
                    code.to_string()
                },
                title: title.to_string(),
                kind: Some(get("table_kind").to_string()).filter(|k| !k.is_empty()),
                unit: Some(unit.to_string()).filter(|u| !u.is_empty()),
                amount_unit: AmountUnit::parse(get("amount_unit")),
                records: Vec::new(),
            });
        }
        doc.tables
            .last_mut()
            .expect("pushed above")
            .records
            .push(record);
    }
    read_narratives(dir, &mut docs)?;
    Ok(docs)
}

fn read_narratives(dir: &Path, docs: &mut [DocTables]) -> Result<(), ReadError> {
    let path = dir.join("sections.csv");
    if !path.exists() {
        return Ok(());
    }
    let csv_err = |source| ReadError::Csv {
        path: path.clone(),
        source,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(csv_err)?;
    for row in reader.deserialize::<HashMap<String, String>>() {
        let row = row.map_err(csv_err)?;
        let (Some(doc), Some(text)) = (row.get("doc"), row.get("text")) else {
            continue;
        };
        if let Some(d) = docs.iter_mut().find(|d| &d.doc == doc) {
            d.narrative.push_str(text);
            d.narrative.push('\n');
        }
    }
    Ok(())
}
