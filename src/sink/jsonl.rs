//! JSON Lines: one object per row, each column with its real type.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use super::schema::{ColumnType, Schema};
use super::{write_err, OutputWriter, SinkError, Staged};

pub struct JsonlWriter {
    staged: Staged,
    schema: &'static Schema,
    w: BufWriter<File>,
}

impl JsonlWriter {
    pub fn create(path: &Path, schema: &'static Schema) -> Result<JsonlWriter, SinkError> {
        let (staged, file) = Staged::create(path)?;
        Ok(JsonlWriter {
            staged,
            schema,
            w: BufWriter::new(file),
        })
    }
}

/// Append a cell as JSON: empty is null, text too (as in Parquet, and as
/// CSV readers take an empty field); an integer or a decimal is a number,
/// the decimal written exactly as printed (scale kept: `0.00`).
fn push_cell(
    out: &mut String,
    doc: &str,
    column: &'static str,
    ty: ColumnType,
    text: &str,
) -> Result<(), SinkError> {
    if text.is_empty() {
        out.push_str("null");
        return Ok(());
    }
    let bad = |why| SinkError::Value {
        doc: doc.to_string(),
        column,
        value: text.to_string(),
        why,
    };
    match ty {
        ColumnType::Text => out.push_str(&Value::String(text.to_string()).to_string()),
        ColumnType::Int => {
            text.parse::<i64>().map_err(|_| bad("not an integer"))?;
            out.push_str(text);
        }
        ColumnType::Decimal => {
            Decimal::from_str(text).map_err(|_| bad("not a decimal"))?;
            out.push_str(text);
        }
        ColumnType::Bool => out.push_str(if text == "true" { "true" } else { "false" }),
    }
    Ok(())
}

impl OutputWriter for JsonlWriter {
    fn write(&mut self, doc: &str, rows: &[Vec<String>]) -> Result<(), SinkError> {
        let mut line = String::new();
        for row in rows {
            line.clear();
            line.push('{');
            for (i, (&(name, ty), text)) in self.schema.columns.iter().zip(row).enumerate() {
                if i > 0 {
                    line.push(',');
                }
                line.push('"');
                line.push_str(name);
                line.push_str("\":");
                push_cell(&mut line, doc, name, ty, text)?;
            }
            line.push_str("}\n");
            self.w
                .write_all(line.as_bytes())
                .map_err(write_err(self.staged.path()))?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        let JsonlWriter { staged, w, .. } = *self;
        let file = w.into_inner().map_err(|e| SinkError::Write {
            path: staged.path().to_path_buf(),
            source: e.into_error(),
        })?;
        staged.commit(file)
    }
}
