//! Parquet: typed columns (integers, decimal(38, 6) values, UTF-8 text),
//! snappy-compressed, optionally split into hive-style partitions.
//!
//! Rows are buffered and written in batches of a fixed size, so the bytes
//! of a file depend only on its rows: a whole run and the merge of its
//! shards give the same file.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::fit::mantissa;
use super::schema::{Cell, ColumnType, Schema};
use super::{write_err, OutputWriter, SinkError, Staged};
use arrow_array::builder::{BooleanBuilder, Decimal128Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema as ArrowSchema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

/// Decimal columns: 38 digits, 6 after the point. Reports print at most 6
/// decimals (万元 with 6 in Beijing) and at most 12 integer digits (元).
pub const DECIMAL_PRECISION: u8 = 38;
pub const DECIMAL_SCALE: i8 = 6;

/// Rows per batch handed to the Parquet writer.
const BATCH_ROWS: usize = 8192;

fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Text => DataType::Utf8,
        ColumnType::Int => DataType::Int64,
        ColumnType::Decimal => DataType::Decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        ColumnType::Bool => DataType::Boolean,
    }
}

/// The Arrow schema of `columns` (a subset of a schema's, in its order).
fn arrow_schema(columns: &[(&'static str, ColumnType)]) -> SchemaRef {
    let fields: Vec<Field> = columns
        .iter()
        .map(|&(name, ty)| {
            let about = super::dictionary::describe(name).unwrap_or_default();
            Field::new(name, arrow_type(ty), true).with_metadata([("description", about)])
        })
        .collect();
    Arc::new(ArrowSchema::new(fields))
}

fn properties(row_group_rows: usize) -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(row_group_rows))
        .set_created_by("gongkai".to_string())
        .set_key_value_metadata(Some(vec![
            KeyValue::new(
                "gongkai.version".into(),
                env!("CARGO_PKG_VERSION").to_string(),
            ),
            KeyValue::new("gongkai.catalogue".into(), crate::catalogue::fingerprint()),
        ]))
        .build()
}

/// One Parquet file being written: rows gathered by column in builders,
/// handed to the writer every [`BATCH_ROWS`] rows.
struct Part {
    staged: Staged,
    schema: SchemaRef,
    /// The index of each column in the output's rows, its name and its
    /// builder.
    columns: Vec<(usize, &'static str, Column)>,
    rows: usize,
    writer: ArrowWriter<File>,
}

/// The builder of one column.
enum Column {
    Text(StringBuilder),
    Int(Int64Builder),
    Decimal(Decimal128Builder),
    Bool(BooleanBuilder),
}

impl Column {
    fn new(ty: ColumnType) -> Column {
        match ty {
            ColumnType::Text => Column::Text(StringBuilder::new()),
            ColumnType::Int => Column::Int(Int64Builder::new()),
            ColumnType::Decimal => Column::Decimal(Decimal128Builder::new()),
            ColumnType::Bool => Column::Bool(BooleanBuilder::new()),
        }
    }

    /// Append a cell; `Err` with why for a cell the column cannot hold
    /// (rows have been through [`super::fit`], so that is a defect).
    fn append(&mut self, cell: &Cell) -> Result<(), &'static str> {
        match (self, *cell) {
            (Column::Text(b), Cell::Text("")) => b.append_null(),
            (Column::Text(b), Cell::Text(s)) => b.append_value(s),
            (Column::Int(b), Cell::Int(v)) => b.append_option(v),
            (Column::Decimal(b), Cell::Decimal(None)) => b.append_null(),
            (Column::Decimal(b), Cell::Decimal(Some(d))) => {
                b.append_value(mantissa(d).ok_or("more than 6 decimals")?)
            }
            (Column::Bool(b), Cell::Bool(v)) => b.append_value(v),
            _ => return Err("not of the column's type"),
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<ArrayRef, String> {
        Ok(match self {
            Column::Text(b) => Arc::new(b.finish()),
            Column::Int(b) => Arc::new(b.finish()),
            Column::Decimal(b) => Arc::new(
                b.finish()
                    .with_precision_and_scale(DECIMAL_PRECISION, DECIMAL_SCALE)
                    .map_err(|e| e.to_string())?,
            ),
            Column::Bool(b) => Arc::new(b.finish()),
        })
    }
}

impl Part {
    fn create(
        path: &Path,
        columns: &[(usize, &'static str, ColumnType)],
        row_group_rows: usize,
    ) -> Result<Part, SinkError> {
        let (staged, file) = Staged::create(path)?;
        let plain: Vec<_> = columns.iter().map(|&(_, n, t)| (n, t)).collect();
        let schema = arrow_schema(&plain);
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(properties(row_group_rows)))
            .map_err(|e| SinkError::Parquet {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Ok(Part {
            staged,
            schema,
            columns: columns
                .iter()
                .map(|&(i, name, ty)| (i, name, Column::new(ty)))
                .collect(),
            rows: 0,
            writer,
        })
    }

    fn push(&mut self, doc: &str, row: &[Cell]) -> Result<(), SinkError> {
        for (i, name, column) in &mut self.columns {
            let cell = row.get(*i).copied().unwrap_or(Cell::Text(""));
            column.append(&cell).map_err(|why| SinkError::Value {
                doc: doc.to_string(),
                column: name,
                value: cell.text().into_owned(),
                why,
            })?;
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays = self
            .columns
            .iter_mut()
            .map(|(_, _, c)| c.finish())
            .collect::<Result<Vec<ArrayRef>, String>>()
            .map_err(|e| self.error(e))?;
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .map_err(|e| self.error(e.to_string()))?;
        self.writer
            .write(&batch)
            .map_err(|e| self.error(e.to_string()))?;
        self.rows = 0;
        Ok(())
    }

    fn error(&self, message: String) -> SinkError {
        SinkError::Parquet {
            path: self.staged.path().to_path_buf(),
            message,
        }
    }

    fn finish(mut self) -> Result<(), SinkError> {
        self.flush()?;
        let Part { staged, writer, .. } = self;
        let file = writer.into_inner().map_err(|e| SinkError::Parquet {
            path: staged.path().to_path_buf(),
            message: e.to_string(),
        })?;
        staged.commit(file)
    }
}

fn all_columns(schema: &Schema) -> Vec<(usize, &'static str, ColumnType)> {
    schema
        .columns
        .iter()
        .enumerate()
        .map(|(i, &(n, t))| (i, n, t))
        .collect()
}

/// One output as one Parquet file.
pub struct ParquetWriter {
    part: Part,
}

impl ParquetWriter {
    pub fn create(path: &Path, schema: &Schema) -> Result<ParquetWriter, SinkError> {
        Ok(ParquetWriter {
            part: Part::create(path, &all_columns(schema), schema.row_group_rows)?,
        })
    }
}

impl OutputWriter for ParquetWriter {
    fn write(&mut self, doc: &str, rows: &[Vec<Cell<'_>>]) -> Result<(), SinkError> {
        rows.iter().try_for_each(|r| self.part.push(doc, r))
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        self.part.finish()
    }
}

/// One output as a hive-style partitioned dataset: `NAME/col=value/…/
/// part-0.parquet`, the partition columns in the paths, not the files.
pub struct PartitionedWriter {
    root: PathBuf,
    staging: PathBuf,
    name: &'static str,
    keys: Vec<(usize, &'static str)>,
    columns: Vec<(usize, &'static str, ColumnType)>,
    row_group_rows: usize,
    parts: BTreeMap<Vec<String>, Part>,
}

impl PartitionedWriter {
    pub fn create(
        dir: &Path,
        schema: &Schema,
        by: &[String],
    ) -> Result<PartitionedWriter, SinkError> {
        let mut keys = Vec::new();
        for name in by {
            let i = schema.index(name).ok_or_else(|| SinkError::Value {
                doc: String::new(),
                column: "partition-by",
                value: name.clone(),
                why: "not a column of records",
            })?;
            keys.push((i, schema.columns[i].0));
        }
        let columns = all_columns(schema)
            .into_iter()
            .filter(|(i, _, _)| !keys.iter().any(|(k, _)| k == i))
            .collect();
        let staging = dir.join(format!(".{}.{}.tmp", schema.name, std::process::id()));
        fs::create_dir_all(&staging).map_err(write_err(&staging))?;
        Ok(PartitionedWriter {
            root: dir.join(schema.name),
            staging,
            name: schema.name,
            keys,
            columns,
            row_group_rows: schema.row_group_rows,
            parts: BTreeMap::new(),
        })
    }

    fn part(&mut self, key: Vec<String>) -> Result<&mut Part, SinkError> {
        if !self.parts.contains_key(&key) {
            let mut path = self.staging.clone();
            for ((_, name), value) in self.keys.iter().zip(&key) {
                path.push(format!("{name}={}", hive_value(value)));
            }
            fs::create_dir_all(&path).map_err(write_err(&path))?;
            path.push(format!("{}-0.parquet", self.name));
            let part = Part::create(&path, &self.columns, self.row_group_rows)?;
            self.parts.insert(key.clone(), part);
        }
        Ok(self.parts.get_mut(&key).expect("inserted above"))
    }
}

/// A partition value as a path segment: characters a path or a hive
/// reader would misread are percent-encoded. An empty value stays empty
/// (`year=`): hive's `__HIVE_DEFAULT_PARTITION__` makes pandas fail on
/// the whole dataset, while `year=` reads as null (polars) or empty
/// (pandas, DuckDB, pyarrow) everywhere.
fn hive_value(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if c.is_control() || "/\\=%:\"'#?*<>|".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl OutputWriter for PartitionedWriter {
    fn write(&mut self, doc: &str, rows: &[Vec<Cell<'_>>]) -> Result<(), SinkError> {
        for row in rows {
            let key: Vec<String> = self
                .keys
                .iter()
                .map(|&(i, _)| {
                    row.get(i)
                        .map(|c| c.text().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            self.part(key)?.push(doc, row)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        let PartitionedWriter {
            root,
            staging,
            parts,
            ..
        } = *self;
        for part in parts.into_values() {
            part.finish()?;
        }
        let old = root.with_file_name(format!(
            ".{}.old.{}.tmp",
            root.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        if root.exists() {
            fs::rename(&root, &old).map_err(write_err(&root))?;
        }
        fs::rename(&staging, &root).map_err(write_err(&root))?;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(write_err(&old))?;
        }
        Ok(())
    }
}
