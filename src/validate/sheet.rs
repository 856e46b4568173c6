//! A table's records laid back out as blocks of rows and columns, so that
//! the checks can add up rows and columns.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::TableView;
use crate::model::AmountUnit;
use crate::text::squash;

pub struct Sheet<'a> {
    pub view: &'a TableView<'a>,
    pub blocks: Vec<BlockView>,
}

pub struct BlockView {
    pub number: u32,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
}

pub struct ColumnView {
    pub number: u32,
    pub name: String,
}

pub struct RowView {
    pub code: String,
    pub line_no: String,
    pub name: String,
    /// One per column of the block; `None` where nothing is printed.
    pub values: Vec<Option<Decimal>>,
}

impl RowView {
    pub fn key(&self) -> String {
        crate::model::row_key(&self.code, &self.line_no, &self.name)
    }

    /// The name without its numbering (一、 （一） 1.) or whitespace.
    pub fn bare_name(&self) -> String {
        bare(&self.name)
    }

    pub fn value(&self, col: usize) -> Decimal {
        self.values.get(col).copied().flatten().unwrap_or_default()
    }
}

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])",
    )
    .expect("valid built-in pattern")
});

pub fn bare(name: &str) -> String {
    NUMBERING.replace(&squash(name), "").into_owned()
}

/// Where each block, column and row of a sheet being built is: records
/// come in row order, but a table may hold many thousands of rows, so
/// they are looked up, not searched for.
#[derive(Default)]
struct Places<'r> {
    blocks: HashMap<u32, usize>,
    columns: HashMap<(usize, u32, &'r str), usize>,
    rows: HashMap<(usize, u32), usize>,
}

impl<'a> Sheet<'a> {
    pub fn new(view: &'a TableView) -> Sheet<'a> {
        let mut blocks: Vec<BlockView> = Vec::new();
        let mut places = Places::default();
        for r in &view.records {
            let b = *places.blocks.entry(r.block).or_insert_with(|| {
                blocks.push(BlockView {
                    number: r.block,
                    columns: Vec::new(),
                    rows: Vec::new(),
                });
                blocks.len() - 1
            });
            let block = &mut blocks[b];
            let col = *places
                .columns
                .entry((b, r.column_no, r.column_name.as_str()))
                .or_insert_with(|| {
                    block.columns.push(ColumnView {
                        number: r.column_no,
                        name: r.column_name.clone(),
                    });
                    block.columns.len() - 1
                });
            let row = *places.rows.entry((b, r.row_no)).or_insert_with(|| {
                block.rows.push(RowView {
                    code: r.item_code.clone(),
                    line_no: r.line_no.clone(),
                    name: r.item_name.clone(),
                    values: Vec::new(),
                });
                block.rows.len() - 1
            });
            let values = &mut block.rows[row].values;
            if values.len() <= col {
                values.resize(col + 1, None);
            }
            values[col] = Some(r.value);
        }
        blocks.sort_by_key(|b| b.number);
        Sheet { view, blocks }
    }

    pub fn block(&self, number: u32) -> Option<&BlockView> {
        self.blocks.iter().find(|b| b.number == number)
    }

    /// A value in 万元, for comparing tables printed in different units.
    pub fn in_wan(&self, value: Decimal) -> Decimal {
        match self.view.amount_unit {
            Some(unit) => value * unit.yuan() / AmountUnit::Wan.yuan(),
            None => value,
        }
    }
}

impl BlockView {
    /// The column of a selector: its place among the value columns, or the
    /// first whose header path contains `name`.
    pub fn column(&self, place: Option<usize>, name: Option<&str>) -> Option<usize> {
        match (place, name) {
            (_, Some(name)) => self.columns.iter().position(|c| c.name.contains(name)),
            (Some(p), None) => (p >= 1 && p <= self.columns.len()).then(|| p - 1),
            (None, None) => (!self.columns.is_empty()).then_some(0),
        }
    }

    /// The row whose bare name is `name`; `""` names the row with neither
    /// a name nor a code (the lone data row of a 三公 table).
    pub fn row(&self, name: &str) -> Option<&RowView> {
        self.rows.iter().find(|r| {
            if name.is_empty() {
                r.name.is_empty() && r.code.is_empty()
            } else {
                r.bare_name() == name
            }
        })
    }
}
