//! JSON Lines: one object per row, each column with its real type.
//!
//! Readers that guess the types from the first rows (polars reads 100)
//! take a column that is null in all of them for a column of nulls and
//! then fail on its first value. So the rows are in input order, except
//! that a row holding the first value of a column empty in the first
//! [`HEAD`] rows is moved to the top: every column with a value has one
//! among the first rows. The file is rewritten only when that happens.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde_json::Value;

use super::schema::{Cell, Schema};
use super::{write_err, OutputWriter, SinkError, Staged};

/// Rows whose columns readers see before moved rows are put in front of
/// them: polars' 100, less one row for each column that may be moved.
const HEAD: u64 = 64;

pub struct JsonlWriter {
    staged: Staged,
    schema: &'static Schema,
    w: BufWriter<File>,
    /// Rows and bytes written so far.
    rows: u64,
    offset: u64,
    /// Columns that have had a value, in the head or in a moved row.
    seen: Vec<bool>,
    /// Byte ranges of the rows to move to the top.
    moved: Vec<(u64, u64)>,
}

impl JsonlWriter {
    pub fn create(path: &Path, schema: &'static Schema) -> Result<JsonlWriter, SinkError> {
        let (staged, file) = Staged::create(path)?;
        Ok(JsonlWriter {
            staged,
            schema,
            w: BufWriter::new(file),
            rows: 0,
            offset: 0,
            seen: vec![false; schema.columns.len()],
            moved: Vec::new(),
        })
    }

    /// Note which columns a row gives a value; whether it is to be moved.
    fn mark(&mut self, row: &[Cell]) -> bool {
        let mut first = false;
        for (seen, cell) in self.seen.iter_mut().zip(row) {
            if !*seen && !cell.is_null() {
                *seen = true;
                first = true;
            }
        }
        first && self.rows >= HEAD
    }
}

/// Write `body` to `to`, the rows at `moved` first, then the others.
fn rewrite(body: &Path, moved: &[(u64, u64)], to: &mut impl Write) -> io::Result<()> {
    let mut file = File::open(body)?;
    for &(at, len) in moved {
        file.seek(SeekFrom::Start(at))?;
        io::copy(&mut (&mut file).take(len), to)?;
    }
    file.seek(SeekFrom::Start(0))?;
    let mut pos = 0;
    for &(at, len) in moved {
        io::copy(&mut (&mut file).take(at - pos), to)?;
        file.seek(SeekFrom::Current(len as i64))?;
        pos = at + len;
    }
    io::copy(&mut file, to)?;
    to.flush()
}

/// Append a cell as JSON: null as null, text as a string, an integer or
/// a decimal as a number, the decimal written exactly as printed (scale
/// kept: `0.00`).
fn push_cell(out: &mut String, cell: &Cell) {
    match cell {
        c if c.is_null() => out.push_str("null"),
        Cell::Text(s) => out.push_str(&Value::String(s.to_string()).to_string()),
        other => out.push_str(&other.text()),
    }
}

impl OutputWriter for JsonlWriter {
    fn write(&mut self, _doc: &str, rows: &[Vec<Cell<'_>>]) -> Result<(), SinkError> {
        let mut line = String::new();
        for row in rows {
            if self.mark(row) {
                self.moved.push((self.offset, 0));
            }
            line.clear();
            line.push('{');
            for (i, (&(name, _), cell)) in self.schema.columns.iter().zip(row).enumerate() {
                if i > 0 {
                    line.push(',');
                }
                line.push('"');
                line.push_str(name);
                line.push_str("\":");
                push_cell(&mut line, cell);
            }
            line.push_str("}\n");
            self.w
                .write_all(line.as_bytes())
                .map_err(write_err(self.staged.path()))?;
            if let Some(last) = self.moved.last_mut().filter(|m| m.0 == self.offset) {
                last.1 = line.len() as u64;
            }
            self.offset += line.len() as u64;
            self.rows += 1;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        let JsonlWriter {
            staged, w, moved, ..
        } = *self;
        let path = staged.path().to_path_buf();
        let file = w.into_inner().map_err(|e| SinkError::Write {
            path: path.clone(),
            source: e.into_error(),
        })?;
        if moved.is_empty() {
            return staged.commit(file);
        }
        file.sync_all().map_err(write_err(&path))?;
        let (ordered, out) = Staged::create_tagged(&path, ".ordered")?;
        let mut out = BufWriter::new(out);
        rewrite(staged.tmp(), &moved, &mut out).map_err(write_err(&path))?;
        let out = out.into_inner().map_err(|e| SinkError::Write {
            path: path.clone(),
            source: e.into_error(),
        })?;
        ordered.commit(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::schema::SECTIONS;

    fn row<'a>(part: &'a str, section: &'a str) -> Vec<Cell<'a>> {
        ["a.txt", part, section, "t", "x"].map(Cell::Text).to_vec()
    }

    /// A column empty in the first rows gets its first value up front.
    #[test]
    fn the_first_value_of_a_late_column_comes_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sections.jsonl");
        let mut w = Box::new(JsonlWriter::create(&path, &SECTIONS).unwrap());
        let mut rows: Vec<Vec<Cell>> = (0..200).map(|_| row("第一部分", "")).collect();
        rows[150] = row("第一部分", "一、");
        w.write("a.txt", &rows).unwrap();
        w.finish().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 200);
        assert!(lines[0].contains(r#""section":"一、""#), "{}", lines[0]);
        assert_eq!(text.matches("一、").count(), 1);
        assert!(lines[1..].iter().all(|l| l.contains(r#""section":null"#)));
    }
}
