//! Reading an earlier output folder back (CSV or Parquet), for `gongkai
//! validate`.

use std::collections::HashMap;
use std::path::Path;

use rust_decimal::Decimal;

use arrow_array::{Array, ArrayRef, BooleanArray, Decimal128Array, Int64Array, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::schema::{RecordRow, Row, Schema, RECORDS, SECTIONS};
use crate::catalogue::Catalogue;
use crate::model::{AmountUnit, Record, Report};
use crate::validate::TableView;

/// One document's tables and narrative, read back from an output folder.
pub struct DocTables {
    pub doc: String,
    pub report: Option<Report>,
    pub tables: Vec<TableView<'static>>,
    pub narrative: String,
}

/// Why an earlier output folder cannot be read back.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    #[error("cannot read {path}: {message}")]
    Parquet {
        path: std::path::PathBuf,
        message: String,
    },
    #[error("{dir}: no records.csv or records.parquet; is this a gongkai output folder?")]
    Missing { dir: std::path::PathBuf },
    #[error("{path}, line {line}: {what}")]
    Value {
        path: std::path::PathBuf,
        line: u64,
        what: String,
    },
}

/// Read the records (and sections, if there) of an earlier run, from its
/// CSV files or, where a run wrote Parquet alone, its Parquet files: one
/// [`DocTables`] per document in the order of the file. A table is a run
/// of records with the same label, title and unit.
pub fn read_tables(dir: &Path) -> Result<Vec<DocTables>, ReadError> {
    let mut docs: Vec<DocTables> = Vec::new();
    let found = for_each_row(dir, &RECORDS, &mut |path, line, row| {
        add_record(&mut docs, path, line, row)
    })?;
    if !found {
        return Err(ReadError::Missing {
            dir: dir.to_path_buf(),
        });
    }
    read_narratives(dir, &mut docs)?;
    Ok(docs)
}

/// One row of records into its document and table.
fn add_record(
    docs: &mut Vec<DocTables>,
    path: &Path,
    line: u64,
    row: &[String],
) -> Result<(), ReadError> {
    let texts: Vec<&str> = row.iter().map(String::as_str).collect();
    let r = RecordRow::parse(&texts).map_err(|e| ReadError::Value {
        path: path.to_path_buf(),
        line,
        what: e.to_string(),
    })?;
    let number = |v: i64, name: &str| {
        u32::try_from(v).map_err(|_| ReadError::Value {
            path: path.to_path_buf(),
            line,
            what: format!("{name} {v} is out of range"),
        })
    };
    let record = Record {
        block: number(r.block, "block")?,
        row_no: number(r.row_no, "row_no")?,
        budget_unit: r.budget_unit.clone(),
        item_code: r.item_code.clone(),
        econ_code_gov: r.econ_code_gov.clone(),
        econ_code_dept: r.econ_code_dept.clone(),
        line_no: r.line_no.clone(),
        item_name: r.item_name.clone(),
        column_no: number(r.column_no, "column_no")?,
        column_name: r.column_name.clone(),
        value: r.value,
        page: r.page.and_then(|p| u32::try_from(p).ok()),
    };
    if docs.last().is_none_or(|d| d.doc != r.doc) {
        docs.push(DocTables {
            doc: r.doc.clone(),
            report: match r.report.as_str() {
                "决算" => Some(Report::Final),
                "预算" => Some(Report::Budget),
                _ => None,
            },
            tables: Vec::new(),
            narrative: String::new(),
        });
    }
    let doc = docs.last_mut().expect("pushed above");
    let (code, title, unit) = (
        r.table_code.as_str(),
        r.table_title.as_str(),
        r.unit.as_str(),
    );
    let code = TableView::code_of(code, title);
    let same_table = doc.tables.last().is_some_and(|t| {
        t.title == title && t.unit.as_deref().unwrap_or("") == unit && t.code == code
    });
    if !same_table {
        doc.tables.push(TableView {
            code,
            title: title.to_string(),
            kind: Catalogue::built_in().kind(&r.table_kind),
            unit: Some(unit.to_string()).filter(|u| !u.is_empty()),
            amount_unit: AmountUnit::parse(&r.amount_unit),
            records: Vec::new(),
        });
    }
    doc.tables
        .last_mut()
        .expect("pushed above")
        .records
        .push(record);
    Ok(())
}

fn read_narratives(dir: &Path, docs: &mut [DocTables]) -> Result<(), ReadError> {
    let (doc_col, text_col) = (
        SECTIONS.index("doc").expect("sections has doc"),
        SECTIONS.index("text").expect("sections has text"),
    );
    let mut last = 0;
    for_each_row(dir, &SECTIONS, &mut |_, _, row| {
        let (doc, text) = (&row[doc_col], &row[text_col]);
        // Sections come in the documents' order: look ahead from the last.
        if let Some(i) = (last..docs.len())
            .chain(0..last)
            .find(|&i| &docs[i].doc == doc)
        {
            last = i;
            docs[i].narrative.push_str(text);
            docs[i].narrative.push('\n');
        }
        Ok(())
    })?;
    Ok(())
}

/// What is called with each row read back: the file, the row's line, its
/// cells in the schema's order.
type RowFn<'a> = dyn FnMut(&Path, u64, &[String]) -> Result<(), ReadError> + 'a;

/// Call `each` with every row of one output of `dir`, its cells as text
/// in the schema's order: from `NAME.csv`, else from `NAME.parquet`.
/// False when the folder has neither.
fn for_each_row(dir: &Path, schema: &Schema, each: &mut RowFn) -> Result<bool, ReadError> {
    let csv_path = dir.join(format!("{}.csv", schema.name));
    let parquet_path = dir.join(format!("{}.parquet", schema.name));
    if csv_path.exists() {
        csv_rows(&csv_path, schema, each)?;
    } else if parquet_path.exists() {
        parquet_rows(&parquet_path, schema, each)?;
    } else {
        return Ok(false);
    }
    Ok(true)
}

fn csv_rows(path: &Path, schema: &Schema, each: &mut RowFn) -> Result<(), ReadError> {
    let csv_err = |source| ReadError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_err)?;
    let header = reader.headers().map_err(csv_err)?.clone();
    let index: HashMap<&str, usize> = header.iter().enumerate().map(|(i, h)| (h, i)).collect();
    let cols: Vec<usize> = schema
        .names()
        .into_iter()
        .map(|c| {
            index.get(c).copied().ok_or(ReadError::Column {
                path: path.to_path_buf(),
                column: c,
            })
        })
        .collect::<Result<_, _>>()?;
    let mut row = Vec::with_capacity(cols.len());
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        let line = record.position().map_or(0, |p| p.line());
        row.clear();
        row.extend(
            cols.iter()
                .map(|&i| record.get(i).unwrap_or("").to_string()),
        );
        each(path, line, &row)?;
    }
    Ok(())
}

fn parquet_rows(path: &Path, schema: &Schema, each: &mut RowFn) -> Result<(), ReadError> {
    let parquet_err = |e: &dyn std::fmt::Display| ReadError::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(|e| parquet_err(&e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| parquet_err(&e))?;
    let mut line = 0;
    for batch in reader {
        let batch = batch.map_err(|e| parquet_err(&e))?;
        let columns: Vec<&ArrayRef> = schema
            .names()
            .into_iter()
            .map(|c| {
                batch.column_by_name(c).ok_or(ReadError::Column {
                    path: path.to_path_buf(),
                    column: c,
                })
            })
            .collect::<Result<_, _>>()?;
        for r in 0..batch.num_rows() {
            line += 1;
            let row: Vec<String> = columns.iter().map(|c| cell_text(c, r)).collect();
            each(path, line, &row)?;
        }
    }
    Ok(())
}

/// A Parquet cell as the CSV prints it; null is empty.
fn cell_text(column: &ArrayRef, row: usize) -> String {
    if column.is_null(row) {
        return String::new();
    }
    let any = column.as_any();
    if let Some(a) = any.downcast_ref::<StringArray>() {
        a.value(row).to_string()
    } else if let Some(a) = any.downcast_ref::<Int64Array>() {
        a.value(row).to_string()
    } else if let Some(a) = any.downcast_ref::<Decimal128Array>() {
        // Parquet keeps the value, not how many decimals it was printed
        // with, which sets the rounding tail: reports print 2.
        Decimal::try_from_i128_with_scale(a.value(row), a.scale().max(0) as u32)
            .map(|d| {
                let mut d = d.normalize();
                if d.scale() < 2 {
                    d.rescale(2);
                }
                d.to_string()
            })
            .unwrap_or_default()
    } else if let Some(a) = any.downcast_ref::<BooleanArray>() {
        a.value(row).to_string()
    } else {
        String::new()
    }
}
