//! CSV: every column as text, as printed.

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::schema::{Cell, Schema};
use super::{write_err, OutputWriter, SinkError, Staged};

pub struct CsvWriter {
    staged: Staged,
    w: csv::Writer<File>,
    /// For Excel: text cells are guarded against formulas.
    excel: bool,
}

impl CsvWriter {
    /// Start a CSV file with its header; `excel` puts a UTF-8 BOM first so
    /// that Excel does not read the Chinese text as the local code page.
    pub fn create(path: &Path, schema: &Schema, excel: bool) -> Result<CsvWriter, SinkError> {
        let (staged, mut file) = Staged::create(path)?;
        if excel {
            file.write_all(b"\xef\xbb\xbf").map_err(write_err(path))?;
        }
        let mut w = CsvWriter {
            staged,
            w: csv::Writer::from_writer(file),
            excel,
        };
        w.write_row(&schema.names())?;
        Ok(w)
    }

    fn write_row<S: AsRef<str>>(&mut self, row: &[S]) -> Result<(), SinkError> {
        let path = self.staged.path();
        let fields = row.iter().map(|s| s.as_ref().as_bytes());
        self.w.write_record(fields).map_err(|e| SinkError::Write {
            path: path.to_path_buf(),
            source: e.into(),
        })
    }
}

impl OutputWriter for CsvWriter {
    fn write(&mut self, _doc: &str, rows: &[Vec<Cell<'_>>]) -> Result<(), SinkError> {
        let mut texts: Vec<Cow<str>> = Vec::new();
        for row in rows {
            texts.clear();
            texts.extend(row.iter().map(|cell| match cell {
                Cell::Text(s) if self.excel => formula_guard(s),
                other => other.text(),
            }));
            self.write_row(&texts)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        let CsvWriter { staged, w, .. } = *self;
        let file = w.into_inner().map_err(|e| SinkError::Write {
            path: staged.path().to_path_buf(),
            source: e.into_error(),
        })?;
        staged.commit(file)
    }
}

/// A text cell as Excel must get it: one that Excel would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// gets a leading apostrophe, which Excel shows as plain text. A cell that
/// is a plain number (`-3.00`) stays a number.
pub fn formula_guard(cell: &str) -> Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    let number = cell.starts_with(['+', '-'])
        && cell[1..].starts_with(|c: char| c.is_ascii_digit())
        && cell[1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if risky && !number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::formula_guard;

    #[test]
    fn formulas_are_guarded_and_numbers_kept() {
        assert_eq!(formula_guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(formula_guard("+1+2"), "'+1+2");
        assert_eq!(formula_guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_guard("\tx"), "'\tx");
        assert_eq!(formula_guard("-3.00"), "-3.00");
        assert_eq!(formula_guard("-"), "'-");
        assert_eq!(formula_guard("一般公共服务支出"), "一般公共服务支出");
    }
}
