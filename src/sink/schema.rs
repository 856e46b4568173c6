//! The outputs and their columns: the output contract of DESIGN.md, with
//! the type each column has in JSONL and Parquet.

/// How a column is typed in JSONL and Parquet (CSV is text throughout).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Int,
    /// Exact decimal: Parquet decimal(38, 6), JSONL a number as printed.
    Decimal,
    Bool,
}

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

use ColumnType::{Bool, Decimal, Int, Text};

pub const RECORDS: Schema = Schema {
    name: "records",
    row_group_rows: 65_536,
    columns: &[
        ("doc", Text),
        ("doc_id", Text),
        ("unit", Text),
        ("year", Int),
        ("report", Text),
        ("table_no", Int),
        ("table_code", Text),
        ("table_kind", Text),
        ("table_title", Text),
        ("block", Int),
        ("row_no", Int),
        ("budget_unit", Text),
        ("item_code", Text),
        ("econ_code_gov", Text),
        ("econ_code_dept", Text),
        ("line_no", Text),
        ("item_name", Text),
        ("column_no", Int),
        ("column_name", Text),
        ("value", Decimal),
        ("value_yuan", Decimal),
        ("amount_unit", Text),
        ("page", Int),
    ],
};

pub const DOCUMENTS: Schema = Schema {
    name: "documents",
    row_group_rows: 8_192,
    columns: &[
        ("doc", Text),
        ("doc_id", Text),
        ("path", Text),
        ("format", Text),
        ("pages", Int),
        ("unit", Text),
        ("year", Int),
        ("report", Text),
        ("tables", Int),
        ("records", Int),
        ("status", Text),
        ("message", Text),
        ("is_report", Bool),
        ("kinds", Text),
    ],
};

pub const SECTIONS: Schema = Schema {
    name: "sections",
    row_group_rows: 4_096,
    columns: &[
        ("doc", Text),
        ("part", Text),
        ("section", Text),
        ("title", Text),
        ("text", Text),
    ],
};

pub const TABLES: Schema = Schema {
    name: "tables",
    row_group_rows: 16_384,
    columns: &[
        ("doc", Text),
        ("doc_id", Text),
        ("table_no", Int),
        ("table_code", Text),
        ("table_kind", Text),
        ("table_title", Text),
        ("unit", Text),
        ("year", Int),
        ("amount_unit", Text),
        ("header_rows", Int),
        ("data_rows", Int),
        ("records", Int),
        ("empty", Bool),
        ("notes", Text),
    ],
};

pub const FINDINGS: Schema = Schema {
    name: "findings",
    row_group_rows: 16_384,
    columns: &[
        ("doc", Text),
        ("table_code", Text),
        ("check", Text),
        ("row", Text),
        ("column", Text),
        ("expected", Decimal),
        ("actual", Decimal),
        ("diff", Decimal),
        ("severity", Text),
        ("message", Text),
    ],
};

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
