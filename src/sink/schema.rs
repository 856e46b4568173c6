//! The outputs and their columns: the output contract of DESIGN.md.
//!
//! Each output's row is one struct ([`RecordRow`], [`DocumentRow`], …),
//! declared once by [`output_row!`]: the struct's fields are the columns,
//! in order, and each field's Rust type gives the column's type in JSONL
//! and Parquet ([`Field`]). CSV, JSONL, Parquet, the cache and the
//! read-back of `gongkai validate` all go through [`Row`], so a column
//! cannot be added to one format and not another.

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;

/// How a column is typed in JSONL and Parquet (CSV is text throughout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Int,
    /// Exact decimal: Parquet decimal(38, 6), JSONL a number as printed.
    Decimal,
    Bool,
}

/// One cell of a row, typed. Empty text is null in JSONL and Parquet, as
/// CSV readers take an empty field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    Text(&'a str),
    Int(Option<i64>),
    Decimal(Option<Decimal>),
    Bool(bool),
}

impl Cell<'_> {
    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Text("") | Cell::Int(None) | Cell::Decimal(None))
    }

    /// The cell as CSV prints it (and the cache keeps it): null is empty,
    /// a decimal keeps the scale it was printed with.
    pub fn text(&self) -> Cow<'_, str> {
        match *self {
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Int(v) => v.map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string())),
            Cell::Decimal(v) => v.map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string())),
            Cell::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
        }
    }
}

/// A Rust type a column can have: its column type, its cell, and how it
/// is read back from the text CSV prints.
pub trait Field: Sized {
    const TYPE: ColumnType;
    fn cell(&self) -> Cell<'_>;
    fn parse(text: &str) -> Option<Self>;
}

impl Field for String {
    const TYPE: ColumnType = ColumnType::Text;
    fn cell(&self) -> Cell<'_> {
        Cell::Text(self)
    }
    fn parse(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl Field for i64 {
    const TYPE: ColumnType = ColumnType::Int;
    fn cell(&self) -> Cell<'_> {
        Cell::Int(Some(*self))
    }
    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl Field for Option<i64> {
    const TYPE: ColumnType = ColumnType::Int;
    fn cell(&self) -> Cell<'_> {
        Cell::Int(*self)
    }
    fn parse(text: &str) -> Option<Self> {
        if text.is_empty() {
            Some(None)
        } else {
            text.parse().ok().map(Some)
        }
    }
}

impl Field for Decimal {
    const TYPE: ColumnType = ColumnType::Decimal;
    fn cell(&self) -> Cell<'_> {
        Cell::Decimal(Some(*self))
    }
    fn parse(text: &str) -> Option<Self> {
        Decimal::from_str(text).ok()
    }
}

impl Field for Option<Decimal> {
    const TYPE: ColumnType = ColumnType::Decimal;
    fn cell(&self) -> Cell<'_> {
        Cell::Decimal(*self)
    }
    fn parse(text: &str) -> Option<Self> {
        if text.is_empty() {
            Some(None)
        } else {
            Decimal::from_str(text).ok().map(Some)
        }
    }
}

impl Field for bool {
    const TYPE: ColumnType = ColumnType::Bool;
    fn cell(&self) -> Cell<'_> {
        Cell::Bool(*self)
    }
    fn parse(text: &str) -> Option<Self> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

/// An output's columns, in order, with their types.
pub struct Schema {
    pub name: &'static str,
    pub columns: &'static [(&'static str, ColumnType)],
    /// Rows per Parquet row group. A row group is held in memory until it
    /// is full, so outputs with long text (section bodies) get small ones:
    /// memory stays flat whatever the number of files.
    pub row_group_rows: usize,
}

impl Schema {
    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|(n, _)| *n).collect()
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|(n, _)| *n == name)
    }
}

/// A column that cannot be read back as its type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {text:?} is not {expected}")]
pub struct BadCell {
    pub column: &'static str,
    pub text: String,
    pub expected: &'static str,
}

/// A row of one output.
pub trait Row: Sized {
    const OUTPUT: Output;
    const SCHEMA: Schema;
    /// The row's cells, in the schema's order.
    fn cells(&self) -> Vec<Cell<'_>>;
    /// A row from its cells as CSV prints them, in the schema's order.
    fn parse(texts: &[&str]) -> Result<Self, BadCell>;
}

fn parse_field<T: Field>(texts: &[&str], i: usize, column: &'static str) -> Result<T, BadCell> {
    let text = texts.get(i).copied().unwrap_or("");
    T::parse(text).ok_or_else(|| BadCell {
        column,
        text: text.to_string(),
        expected: match T::TYPE {
            ColumnType::Text => "text",
            ColumnType::Int => "an integer",
            ColumnType::Decimal => "a decimal",
            ColumnType::Bool => "true or false",
        },
    })
}

/// Declare an output's row: the struct, its [`Schema`] and its [`Row`]
/// implementation, from one list of fields.
macro_rules! output_row {
    (
        $(#[$meta:meta])*
        $name:ident ($output:ident, $file:literal, $group:expr) {
            $($(#[$fmeta:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl Row for $name {
            const OUTPUT: Output = Output::$output;
            const SCHEMA: Schema = Schema {
                name: $file,
                row_group_rows: $group,
                columns: &[$((stringify!($field), <$ty as Field>::TYPE),)*],
            };

            fn cells(&self) -> Vec<Cell<'_>> {
                vec![$(Field::cell(&self.$field),)*]
            }

            fn parse(texts: &[&str]) -> Result<Self, BadCell> {
                let mut _i = 0;
                Ok($name {
                    $($field: {
                        let v = parse_field(texts, _i, stringify!($field))?;
                        _i += 1;
                        v
                    },)*
                })
            }
        }
    };
}

output_row! {
    /// One value of one table cell: `records`.
    RecordRow (Records, "records", 65_536) {
        doc: String,
        doc_id: String,
        unit: String,
        year: Option<i64>,
        report: String,
        table_no: i64,
        table_code: String,
        table_kind: String,
        table_title: String,
        block: i64,
        row_no: i64,
        budget_unit: String,
        item_code: String,
        econ_code_gov: String,
        econ_code_dept: String,
        line_no: String,
        item_name: String,
        column_no: i64,
        column_name: String,
        value: Decimal,
        value_yuan: Option<Decimal>,
        amount_unit: String,
        page: Option<i64>,
    }
}

output_row! {
    /// One input file: `documents`.
    DocumentRow (Documents, "documents", 8_192) {
        doc: String,
        doc_id: String,
        path: String,
        format: String,
        pages: Option<i64>,
        unit: String,
        year: Option<i64>,
        report: String,
        tables: i64,
        records: i64,
        status: String,
        message: String,
        is_report: bool,
        kinds: String,
    }
}

output_row! {
    /// One section of a report's narrative: `sections`.
    SectionRow (Sections, "sections", 4_096) {
        doc: String,
        part: String,
        section: String,
        title: String,
        text: String,
    }
}

output_row! {
    /// One table of a report: `tables`.
    TableRow (Tables, "tables", 16_384) {
        doc: String,
        doc_id: String,
        table_no: i64,
        table_code: String,
        table_kind: String,
        table_title: String,
        unit: String,
        year: Option<i64>,
        amount_unit: String,
        header_rows: i64,
        data_rows: i64,
        records: i64,
        empty: bool,
        notes: String,
    }
}

output_row! {
    /// One result of an arithmetic check: `findings`.
    FindingRow (Findings, "findings", 16_384) {
        doc: String,
        table_code: String,
        check: String,
        row: String,
        column: String,
        expected: Decimal,
        actual: Decimal,
        diff: Decimal,
        severity: String,
        message: String,
    }
}

/// One of the files a run writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Output {
    Records,
    Documents,
    Sections,
    Tables,
    Findings,
}

pub const OUTPUTS: [Output; 5] = [
    Output::Records,
    Output::Documents,
    Output::Sections,
    Output::Tables,
    Output::Findings,
];

pub const RECORDS: Schema = RecordRow::SCHEMA;
pub const DOCUMENTS: Schema = DocumentRow::SCHEMA;
pub const SECTIONS: Schema = SectionRow::SCHEMA;
pub const TABLES: Schema = TableRow::SCHEMA;
pub const FINDINGS: Schema = FindingRow::SCHEMA;

impl Output {
    pub fn schema(self) -> &'static Schema {
        match self {
            Output::Records => &RECORDS,
            Output::Documents => &DOCUMENTS,
            Output::Sections => &SECTIONS,
            Output::Tables => &TABLES,
            Output::Findings => &FINDINGS,
        }
    }

    pub fn name(self) -> &'static str {
        self.schema().name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_reads_back_from_the_text_csv_prints() {
        let row = DocumentRow {
            doc: "a.pdf".into(),
            pages: Some(12),
            year: None,
            tables: 3,
            is_report: true,
            ..DocumentRow::default()
        };
        let texts: Vec<String> = row.cells().iter().map(|c| c.text().into_owned()).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(texts[4], "12");
        assert_eq!(texts[6], "");
        assert_eq!(DocumentRow::parse(&texts), Ok(row));
    }

    #[test]
    fn a_cell_of_the_wrong_type_is_named() {
        let mut texts = vec![""; FINDINGS.columns.len()];
        texts[5] = "1.5x";
        let err = FindingRow::parse(&texts).unwrap_err();
        assert_eq!(err.column, "expected");
        assert_eq!(err.expected, "a decimal");
    }

    #[test]
    fn the_schema_follows_the_fields() {
        assert_eq!(RECORDS.columns.len(), RecordRow::default().cells().len());
        assert_eq!(RECORDS.index("value"), Some(19));
        assert_eq!(RECORDS.columns[19].1, ColumnType::Decimal);
        assert_eq!(DOCUMENTS.columns[12], ("is_report", ColumnType::Bool));
    }
}
