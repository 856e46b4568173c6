//! CSV: every column as text, as printed.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::schema::Schema;
use super::{write_err, OutputWriter, SinkError, Staged};

pub struct CsvWriter {
    staged: Staged,
    w: csv::Writer<File>,
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
        };
        w.write_row(&schema.names())?;
        Ok(w)
    }

    fn write_row<S: AsRef<[u8]>>(&mut self, row: &[S]) -> Result<(), SinkError> {
        let path = self.staged.path();
        self.w.write_record(row).map_err(|e| SinkError::Write {
            path: path.to_path_buf(),
            source: e.into(),
        })
    }
}

impl OutputWriter for CsvWriter {
    fn write(&mut self, _doc: &str, rows: &[Vec<String>]) -> Result<(), SinkError> {
        for row in rows {
            self.write_row(row)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        let CsvWriter { staged, w } = *self;
        let file = w.into_inner().map_err(|e| SinkError::Write {
            path: staged.path().to_path_buf(),
            source: e.into_error(),
        })?;
        staged.commit(file)
    }
}
