//! Reading an earlier output folder back, for `gongkai validate`.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::schema::RECORDS;
use crate::model::{AmountUnit, Record, Report};
use crate::validate::TableView;

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
    let cols: Vec<usize> = RECORDS
        .names()
        .iter()
        .map(|c| col(c))
        .collect::<Result<_, _>>()?;
    let mut docs: Vec<DocTables> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(csv_err)?;
        let line = row.position().map_or(0, |p| p.line());
        let get = |name: &str| {
            let i = RECORDS.index(name).expect("known column");
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
            budget_unit: get("budget_unit").to_string(),
            item_code: get("item_code").to_string(),
            econ_code_gov: get("econ_code_gov").to_string(),
            econ_code_dept: get("econ_code_dept").to_string(),
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
