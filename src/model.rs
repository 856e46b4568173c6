//! The types every stage shares: lines of cells in, records and statuses out.
//!
//! Text and PDF meet in [`Line`]: a report is a sequence of lines, each a
//! list of cells. Everything after that point neither knows nor cares where
//! the cells came from.

use std::fmt;

use rust_decimal::Decimal;

/// One cell of a line: its text and how many grid columns it covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Grid columns this cell covers; 1 except for merged cells.
    pub span: u16,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            span: 1,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// One line of a report: a paragraph is a line of one cell, a table row a
/// line of many.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub cells: Vec<Cell>,
    /// 1-based page of a PDF line; `None` for text.
    pub page: Option<u32>,
}

impl Line {
    /// A text line: tabs separate cells.
    pub fn from_tabbed(text: &str) -> Line {
        Line {
            cells: text.split('\t').map(Cell::new).collect(),
            page: None,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }

    /// A line laid out in columns, as opposed to running text: several
    /// cells, or one table cell merged over several columns (a header
    /// cell across the whole table).
    pub fn is_row(&self) -> bool {
        self.cells.len() > 1 || self.cells.iter().any(|c| c.span > 1)
    }

    /// The cells expanded to one string per grid column: a merged cell
    /// takes its first column, the columns it covers stay empty.
    pub fn grid(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.cells.len());
        for cell in &self.cells {
            out.push(cell.text.trim().to_string());
            for _ in 1..cell.span.max(1) {
                out.push(String::new());
            }
        }
        out
    }

    /// The text of the line's non-empty cells joined by one space.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = self
            .cells
            .iter()
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        parts.join(" ")
    }
}

/// 决算 (final accounts) or 预算 (budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Report {
    Final,
    Budget,
}

impl Report {
    pub fn as_str(self) -> &'static str {
        match self {
            Report::Final => "决算",
            Report::Budget => "预算",
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The amount unit a table's values are printed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AmountUnit {
    Yuan,
    /// 千元, which some templates use for large budgets.
    Qian,
    Wan,
    /// 亿元.
    Yi,
}

impl AmountUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            AmountUnit::Yuan => "元",
            AmountUnit::Qian => "千元",
            AmountUnit::Wan => "万元",
            AmountUnit::Yi => "亿元",
        }
    }

    /// How many 元 one of this unit is: what `value_yuan` multiplies by,
    /// so that amounts of tables printed in different units add up.
    pub fn yuan(self) -> rust_decimal::Decimal {
        rust_decimal::Decimal::from(match self {
            AmountUnit::Yuan => 1u64,
            AmountUnit::Qian => 1_000,
            AmountUnit::Wan => 10_000,
            AmountUnit::Yi => 100_000_000,
        })
    }

    /// The unit named by `text` (万元, 元, 人民币万元 …), if it names one.
    pub fn parse(text: &str) -> Option<AmountUnit> {
        let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t
            .trim_start_matches("人民币")
            .trim_end_matches(['）', ')', '。']);
        match t {
            "万元" => Some(AmountUnit::Wan),
            "元" => Some(AmountUnit::Yuan),
            "千元" => Some(AmountUnit::Qian),
            "亿元" => Some(AmountUnit::Yi),
            _ => None,
        }
    }
}

impl fmt::Display for AmountUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome for one input file, as `documents.csv` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Ok,
    Encrypted,
    NoTextLayer,
    Corrupt,
    Empty,
    NotPdf,
    NoTables,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Encrypted => "encrypted",
            Status::NoTextLayer => "no-text-layer",
            Status::Corrupt => "corrupt",
            Status::Empty => "empty",
            Status::NotPdf => "not-pdf",
            Status::NoTables => "no-tables",
            Status::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [
            Status::Ok,
            Status::Encrypted,
            Status::NoTextLayer,
            Status::Corrupt,
            Status::Empty,
            Status::NotPdf,
            Status::NoTables,
            Status::Error,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A part (第一部分 …) or a numbered section (一、 …) with its body text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// 第一部分, 第二部分 …; empty before the first part.
    pub part: String,
    /// The number as printed with its mark (一、); empty for a part heading.
    pub number: String,
    pub title: String,
    pub text: String,
}

/// A table as the report prints it: metadata, header and data rows, notes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The label as printed, whitespace removed (公开01表, 表一); empty if none.
    pub label: String,
    pub title: String,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub amount_unit: Option<AmountUnit>,
    /// Header rows, one string per grid column.
    pub header: Vec<Vec<String>>,
    /// The 栏次 row: the column number printed above each column, if any.
    pub column_numbers: Option<Vec<Option<u32>>>,
    pub rows: Vec<DataRow>,
    pub notes: Vec<String>,
}

/// A data row of a table, one string per grid column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataRow {
    pub cells: Vec<String>,
    pub page: Option<u32>,
}

/// A report split into its structure, before normalisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub report: Option<Report>,
    pub sections: Vec<Section>,
    /// The tables as the document stage found them; normalisation moves
    /// each into its `NormalTable`, with its kind and records.
    pub tables: Vec<Table>,
}

/// One value cell of one table: a row of `records.csv`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub block: u32,
    pub row_no: u32,
    /// The reporting unit the row belongs to, in a table that lists
    /// several units (a 预算单位 column, or unit subtotal rows); else empty.
    pub budget_unit: String,
    pub item_code: String,
    /// The 政府预算支出经济分类 code a row prints beside its function code.
    pub econ_code_gov: String,
    /// The 部门预算支出经济分类 code a row prints beside its function code.
    pub econ_code_dept: String,
    pub line_no: String,
    pub item_name: String,
    pub column_no: u32,
    pub column_name: String,
    /// Exact as printed: the scale of `217.46` and `0.00` is kept.
    pub value: Decimal,
    pub page: Option<u32>,
}

impl Record {
    pub fn row_key(&self) -> String {
        row_key(&self.item_code, &self.line_no, &self.item_name)
    }
}

/// The row key of a record: the code, else L+行次, else the name without
/// whitespace, else `-`.
pub fn row_key(code: &str, line_no: &str, name: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    match (code, line_no) {
        ("", "") if name.is_empty() => "-".to_string(),
        ("", "") => name,
        ("", line) => format!("L{line}"),
        (code, _) => code.to_string(),
    }
}
