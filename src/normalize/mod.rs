//! Tables to records: one record per value cell, keyed by code, 行次 or
//! name, with the column's 栏次 number and header path.

mod codes;
mod columns;

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::catalogue::{Catalogue, Kind};
use crate::document::patterns::{number, squash};
use crate::model::{DataRow, Document, Record, Table};
use codes::CodeContext;
use columns::Block;

/// A table's kind and records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalTable {
    /// The catalogue id; `None` for a table the catalogue does not know.
    pub kind: Option<String>,
    /// No data beyond 合计 rows, or no rows at all.
    pub empty: bool,
    pub records: Vec<Record>,
}

/// Normalise every table of a document, in order; stops early when the
/// file's deadline passes (the driver then reports the timeout).
pub fn normalize(doc: &Document, catalogue: &Catalogue) -> Vec<NormalTable> {
    doc.tables
        .iter()
        .take_while(|_| !crate::limits::expired())
        .map(|t| {
            let kind = catalogue.classify(&t.title, &t.label, doc.report);
            normalize_table(t, kind)
        })
        .collect()
}

/// What one block of one data row says.
#[derive(Clone, Debug, Default)]
struct Item {
    code: String,
    line_no: String,
    name: String,
    values: Vec<(usize, Decimal)>,
    /// Some value cell holds text: a value, or a placeholder such as —.
    any_value_text: bool,
}

impl Item {
    fn is_name_only(&self) -> bool {
        self.code.is_empty() && self.line_no.is_empty() && !self.any_value_text
    }

    fn is_keyed(&self) -> bool {
        !self.code.is_empty() || !self.line_no.is_empty()
    }
}

fn normalize_table(table: &Table, kind: Option<&Kind>) -> NormalTable {
    let blocks = columns::layout(table, kind);
    let mut contexts: Vec<CodeContext> = blocks.iter().map(|_| CodeContext::default()).collect();
    let items = table.rows.iter().map(|row| {
        let items: Vec<Item> = blocks
            .iter()
            .zip(contexts.iter_mut())
            .map(|(b, ctx)| item(row, b, ctx))
            .collect();
        (items, row.page)
    });
    let rows = join_wrapped_names(items, &blocks);
    let mut records = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        for (r, (items, page)) in rows.iter().enumerate() {
            let item = &items[b];
            for &(v, value) in &item.values {
                let col = &block.values[v];
                records.push(Record {
                    block: b as u32 + 1,
                    row_no: r as u32 + 1,
                    item_code: item.code.clone(),
                    line_no: item.line_no.clone(),
                    item_name: item.name.clone(),
                    column_no: col.number,
                    column_name: col.name.clone(),
                    value,
                    page: *page,
                });
            }
        }
    }
    let empty = records.iter().all(|r| is_total(&r.item_name));
    NormalTable {
        kind: kind.map(|k| k.id.clone()),
        empty,
        records,
    }
}

fn item(row: &DataRow, block: &Block, ctx: &mut CodeContext) -> Item {
    let cell = |c: usize| row.cells.get(c).map_or("", String::as_str);
    let parts: Vec<_> = block.code.iter().map(|&(c, p)| (p, cell(c))).collect();
    let code_text = parts
        .iter()
        .map(|(_, t)| t.trim())
        .find(|t| !t.is_empty())
        .unwrap_or("");
    let mut name = block.name.map(|c| clean_name(cell(c))).unwrap_or_default();
    let mut code = ctx.code(&parts).unwrap_or_default();
    if code.is_empty() && name.is_empty() && !code_text.is_empty() {
        name = clean_name(code_text);
    }
    if code.is_empty() {
        if let Some((c, rest)) = block.name.and_then(|c| leading_code(cell(c))) {
            code = c;
            name = rest;
        }
    }
    if name.is_empty() {
        name = block
            .more_names
            .iter()
            .map(|&c| clean_name(cell(c)))
            .find(|n| !n.is_empty())
            .unwrap_or_default();
    }
    let line_no = block
        .line_no
        .map(|c| squash(cell(c)))
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_default();
    let any_value_text = block.values.iter().any(|v| !cell(v.col).trim().is_empty());
    if code.is_empty() && name.is_empty() && line_no.is_empty() && any_value_text {
        name = name_merged_from_left(row, block);
    }
    let values = block
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let printed = number(cell(v.col))?;
            Decimal::from_str(&printed).ok().map(|d| (i, d))
        })
        .collect();
    Item {
        code,
        line_no,
        name,
        values,
        any_value_text,
    }
}

/// Rows with their wrapped names joined. A name too long for its cell
/// goes on in a row of its own below, or (when the row's other cells are
/// centred) starts above the row and goes on below it, the row itself
/// printing no name.
fn join_wrapped_names(
    rows: impl Iterator<Item = (Vec<Item>, Option<u32>)>,
    blocks: &[Block],
) -> Vec<(Vec<Item>, Option<u32>)> {
    let mut out: Vec<(Vec<Item>, Option<u32>)> = Vec::new();
    let mut fragment: Option<Vec<Item>> = None;
    for (mut items, page) in rows {
        if items.iter().all(|i| i.is_name_only() && i.name.is_empty()) {
            continue;
        }
        let prev = out.last().map(|(p, _)| p.as_slice());
        if prev.is_some_and(|p| is_wrapped_name(&items, p, blocks)) {
            match fragment.as_mut() {
                Some(held) => held
                    .iter_mut()
                    .zip(items)
                    .for_each(|(h, i)| h.name.push_str(&i.name)),
                None => fragment = Some(items),
            }
            continue;
        }
        if let Some(held) = fragment.take() {
            let starts_here = held
                .iter()
                .zip(&items)
                .all(|(h, i)| h.name.is_empty() || i.is_keyed() && i.name.is_empty());
            if starts_here {
                for (i, h) in items.iter_mut().zip(held) {
                    i.name = h.name;
                }
            } else {
                append_names(&mut out, held);
            }
        }
        out.push((items, page));
    }
    if let Some(held) = fragment {
        append_names(&mut out, held);
    }
    out
}

fn append_names(rows: &mut [(Vec<Item>, Option<u32>)], fragment: Vec<Item>) {
    if let Some((prev, _)) = rows.last_mut() {
        for (p, f) in prev.iter_mut().zip(fragment) {
            p.name.push_str(&f.name);
        }
    }
}

/// The name of a row whose key cells are covered by a merged cell coming
/// from the left (`公用经费合计` merged over the key columns of the next
/// block): the nearest text to the left of the block's key columns, if
/// only blank cells stand between.
fn name_merged_from_left(row: &DataRow, block: &Block) -> String {
    let first_key = block
        .code
        .iter()
        .map(|&(c, _)| c)
        .chain(block.name)
        .chain(block.line_no)
        .min();
    let Some(first_key) = first_key else {
        return String::new();
    };
    row.cells[..first_key.min(row.cells.len())]
        .iter()
        .rev()
        .find(|c| !c.trim().is_empty())
        .filter(|c| number(c).is_none())
        .map(|c| clean_name(c))
        .unwrap_or_default()
}

/// A name with whitespace normalised: none between Chinese characters, one
/// space elsewhere.
fn clean_name(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            let prev = out.chars().last().unwrap_or(' ');
            let next = w.chars().next().unwrap_or(' ');
            if prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric() {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    out
}

/// A code printed in the name cell, set off by a space or a dash:
/// `2080505 机关事业单位…`, `2010601-行政运行`.
fn leading_code(raw: &str) -> Option<(String, String)> {
    let raw = raw.trim();
    let (digits, rest) = raw.split_once(|c: char| c.is_whitespace() || "-－—–".contains(c))?;
    let is_code = matches!(digits.len(), 3 | 5 | 7) && digits.bytes().all(|b| b.is_ascii_digit());
    let rest = clean_name(rest);
    (is_code && !rest.is_empty()).then(|| (digits.to_string(), rest))
}

fn is_total(name: &str) -> bool {
    ["合计", "总计", "小计"].iter().any(|t| name.contains(t))
}

/// A row holding only the rest of a name too long for its cell. Only in
/// blocks keyed by code or 行次 can it be told from a row whose zeros are
/// printed blank: there a real row has a key, and the row above must too.
fn is_wrapped_name(items: &[Item], prev: &[Item], blocks: &[Block]) -> bool {
    let numbered = |n: &str| {
        n.starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十（(".contains(c))
    };
    items.iter().all(Item::is_name_only)
        && items.iter().any(|i| !i.name.is_empty())
        && items.iter().zip(prev).zip(blocks).all(|((i, p), b)| {
            i.name.is_empty()
                || b.is_keyed() && p.is_keyed() && !is_total(&i.name) && !numbered(&i.name)
        })
}
