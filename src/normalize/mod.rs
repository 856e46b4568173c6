//! Tables to records: one record per value cell, keyed by code, 行次 or
//! name, with the column's 栏次 number and header path.

mod codes;
mod columns;

use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::catalogue::{Catalogue, Kind};
use crate::model::{DataRow, Document, Record, Table};
use crate::text::{number, squash};
use codes::CodeContext;
use columns::{Block, CodePart, Econ};

/// A table with its kind and records.
#[derive(Clone, Debug)]
pub struct NormalTable<'c> {
    /// The table as the document stage read it.
    pub table: Table,
    /// The table's kind in the catalogue; `None` for a table the catalogue
    /// does not know.
    pub kind: Option<&'c Kind>,
    /// No data beyond 合计 rows, or no rows at all.
    pub empty: bool,
    pub records: Vec<Record>,
}

/// Normalise every table of a document, in order, moving each table out
/// of `doc` into its [`NormalTable`] (the kinds are read from the whole
/// document first); stops early when the file's deadline passes (the
/// driver then reports the timeout).
pub fn normalize<'c>(doc: &mut Document, catalogue: &'c Catalogue) -> Vec<NormalTable<'c>> {
    let kinds = catalogue.classify_tables(doc);
    std::mem::take(&mut doc.tables)
        .into_iter()
        .zip(kinds)
        .take_while(|_| !crate::limits::expired())
        .map(|(t, kind)| normalize_table(t, kind, catalogue))
        .collect()
}

/// What one block of one data row says.
#[derive(Clone, Debug, Default)]
struct Item {
    /// The reporting unit the row is printed under, if the table names one.
    unit: String,
    code: String,
    econ_gov: String,
    econ_dept: String,
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

fn normalize_table<'c>(
    table: Table,
    kind: Option<&'c Kind>,
    catalogue: &Catalogue,
) -> NormalTable<'c> {
    let blocks = columns::layout(&table, kind, catalogue);
    let mut contexts: Vec<RowContext> = blocks
        .iter()
        .map(|_| RowContext::new(table.unit.as_deref()))
        .collect();
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
                    budget_unit: item.unit.clone(),
                    item_code: item.code.clone(),
                    econ_code_gov: item.econ_gov.clone(),
                    econ_code_dept: item.econ_dept.clone(),
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
        table,
        kind,
        empty,
        records,
    }
}

/// What one block has read so far, that later rows depend on: the codes
/// their abbreviated codes complete, the reporting unit they stand under.
struct RowContext {
    code: CodeContext,
    econ_gov: CodeContext,
    econ_dept: CodeContext,
    unit: String,
    /// The region the table's own unit is named after (`某` of 某市财政局):
    /// a row so named, without a code, is a unit's subtotal, not an item.
    region: Option<String>,
    table_unit: Option<String>,
}

impl RowContext {
    fn new(table_unit: Option<&str>) -> RowContext {
        RowContext {
            code: CodeContext::default(),
            econ_gov: CodeContext::default(),
            econ_dept: CodeContext::default(),
            unit: String::new(),
            region: table_unit.and_then(region_of),
            table_unit: table_unit.map(squash),
        }
    }

    /// A row label that names a reporting unit: the table's unit, one of
    /// its parts (（本级）), or a unit of the same region.
    fn is_unit_name(&self, name: &str) -> bool {
        let name = squash(name);
        let of_table = self
            .table_unit
            .as_ref()
            .is_some_and(|u| !u.is_empty() && name.starts_with(u.as_str()));
        // A bracket closes a unit's part (某局（本级）) or a project's
        // qualifier (某专项资金（促进…）): what stands before it decides.
        let bare = match name.rfind(['（', '(']) {
            Some(i) if name.ends_with(['）', ')']) && i > 0 => &name[..i],
            _ => name.as_str(),
        };
        let of_region = self.region.as_ref().is_some_and(|r| {
            bare.starts_with(r.as_str())
                && bare.chars().count() > r.chars().count() + 2
                && bare.ends_with(crate::catalogue::UNIT_ENDINGS)
        });
        of_table || of_region || name.ends_with("（本级）") || name.ends_with("(本级)")
    }
}

/// The region a unit's name begins with, without its 省/市/县 mark:
/// `某市财政局` → 某 (its units print 某市… or 某…学院). `None` when the name
/// begins with no region.
fn region_of(unit: &str) -> Option<String> {
    let unit = squash(unit);
    let chars: Vec<char> = unit.chars().collect();
    let end = chars
        .iter()
        .take(8)
        .position(|c| "省市县区州盟旗".contains(*c))
        .filter(|&p| p >= 1)?;
    Some(chars[..end].iter().collect())
}

fn item(row: &DataRow, block: &Block, ctx: &mut RowContext) -> Item {
    let cell = |c: usize| row.cells.get(c).map_or("", String::as_str);
    let (code, mut name) = code_and_name(row, block, ctx);
    let (econ_gov, econ_dept) = econ_codes(row, block, ctx);
    stand_under_unit(row, block, ctx, &code, &mut name);
    let line_no = block
        .line_no
        .map(|c| squash(cell(c)))
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or_default();
    let any_value_text = block.values.iter().any(|v| !cell(v.col).trim().is_empty());
    if code.is_empty() && name.is_empty() && line_no.is_empty() && any_value_text {
        name = name_merged_from_left(row, block);
    }
    let values = amounts(row, block, &mut name);
    Item {
        unit: ctx.unit.clone(),
        code,
        econ_gov,
        econ_dept,
        line_no,
        name,
        values,
        any_value_text,
    }
}

/// The row's function code and name: from the code and name columns, a
/// code printed in the name cell (or a name in the code cell), else the
/// first further name column that prints one.
fn code_and_name(row: &DataRow, block: &Block, ctx: &mut RowContext) -> (String, String) {
    let cell = |c: usize| row.cells.get(c).map_or("", String::as_str);
    let parts: Vec<_> = block.code.iter().map(|&(c, p)| (p, cell(c))).collect();
    let code_text = parts
        .iter()
        .map(|(_, t)| t.trim())
        .find(|t| !t.is_empty())
        .unwrap_or("");
    let mut name = block.name.map(|c| clean_name(cell(c))).unwrap_or_default();
    let first_amount = block.values.first().map(|v| {
        number(cell(v.col))
            .and_then(|n| Decimal::from_str(&n).ok())
            .unwrap_or_default()
    });
    let mut code = ctx
        .code
        .code_with_amount(&parts, first_amount)
        .unwrap_or_default();
    if code.is_empty() && !code_text.is_empty() {
        if let Some((c, rest)) = leading_code(code_text) {
            code = c;
            if name.is_empty() {
                name = rest;
            }
        } else if name.is_empty() {
            name = clean_name(code_text);
        }
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
    (code, name)
}

/// Follow the reporting unit the rows stand under: a unit column's cell,
/// a unit's subtotal row, or a unit code. A row that prints only its
/// unit (or only a unit code column's text, such as 合计) is named by it.
fn stand_under_unit(
    row: &DataRow,
    block: &Block,
    ctx: &mut RowContext,
    code: &str,
    name: &mut String,
) {
    let cell = |c: usize| row.cells.get(c).map_or("", String::as_str);
    let unit_cell = block.unit.map(|c| clean_name(cell(c))).unwrap_or_default();
    if !unit_cell.is_empty() {
        if !is_total(&unit_cell) {
            ctx.unit = unit_cell.clone();
        }
        if name.is_empty() && code.is_empty() {
            *name = unit_cell;
        }
    }
    let unit_code = block.unit_code.map(|c| squash(cell(c))).unwrap_or_default();
    let coded_unit = code.is_empty() || unit_code.len() >= 3;
    if block.unit.is_none() && coded_unit && ctx.is_unit_name(name) {
        ctx.unit = name.clone();
    }
    if name.is_empty() && code.is_empty() && !unit_code.is_empty() {
        if block.unit.is_none() && unit_code.bytes().all(|b| b.is_ascii_digit()) {
            ctx.unit = unit_code.clone();
        }
        *name = unit_code;
    }
}

/// The row's amounts by value column. Where the first amount cell is
/// blank and the name ends in an amount run into it, that amount is
/// taken off the name.
fn amounts(row: &DataRow, block: &Block, name: &mut String) -> Vec<(usize, Decimal)> {
    let cell = |c: usize| row.cells.get(c).map_or("", String::as_str);
    let mut values: Vec<(usize, Decimal)> = block
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let printed = number(cell(v.col))?;
            Decimal::from_str(&printed).ok().map(|d| (i, d))
        })
        .collect();
    let first_blank = block
        .values
        .first()
        .is_some_and(|v| cell(v.col).trim().is_empty());
    if first_blank {
        if let Some((rest, amount)) = trailing_amount(name) {
            *name = rest;
            values.insert(0, (0, amount));
        }
    }
    values
}

/// The economic codes a row prints beside its function code, each
/// classification read (and completed from the rows above) on its own.
fn econ_codes(row: &DataRow, block: &Block, ctx: &mut RowContext) -> (String, String) {
    let read = |kind: Econ, econ_ctx: &mut CodeContext| {
        let texts: Vec<(CodePart, String)> = block
            .econ
            .iter()
            .filter(|e| e.1 == kind)
            .map(|&(col, _, part)| {
                let text = row.cells.get(col).map_or("", String::as_str);
                let code = leading_code(text).map_or_else(|| squash(text), |(c, _)| c);
                (part, code)
            })
            .collect();
        if texts.is_empty() {
            return String::new();
        }
        let parts: Vec<(CodePart, &str)> = texts.iter().map(|(p, t)| (*p, t.as_str())).collect();
        econ_ctx.code(&parts).unwrap_or_default()
    };
    let gov = read(Econ::Gov, &mut ctx.econ_gov);
    let dept = read(Econ::Dept, &mut ctx.econ_dept);
    (gov, dept)
}

/// A name run into the amount printed after it (`…缴费支出43608.96`),
/// where the amount's own cell is blank: the name and the amount.
fn trailing_amount(name: &str) -> Option<(String, Decimal)> {
    static GLUED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(.*[\p{Han}）)])(-?\d{1,3}(?:,\d{3})*(?:\.\d{1,6})|-?\d+\.\d{1,6})$")
            .expect("valid built-in pattern")
    });
    let c = GLUED.captures(name)?;
    let amount = Decimal::from_str(&number(&c[2])?).ok()?;
    Some((c[1].to_string(), amount))
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

/// A code printed in the name cell, in any of the forms reports use:
/// `2080505 机关事业单位…`, `2010601-行政运行`, `[30101]基本工资`,
/// `【30101】基本工资`, `201 40 01 行政运行` (类 款 项 apart).
fn leading_code(raw: &str) -> Option<(String, String)> {
    static CODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[\[【［(（]\s*(\d{3}(?:\s*\d{2}){0,2})\s*[\]】］)）]|(\d{3}(?:\s+\d{2}){1,2}|\d{3}|\d{5}|\d{7})(?:\s+|\s*[-－—–.．、:：]\s*))\s*(\D.*)$",
        )
        .expect("valid built-in pattern")
    });
    let c = CODE.captures(raw.trim())?;
    let digits = squash(c.get(1).or(c.get(2))?.as_str());
    let rest = clean_name(&c[3]);
    let is_code = matches!(digits.len(), 3 | 5 | 7);
    (is_code && !rest.is_empty() && number(&rest).is_none()).then_some((digits, rest))
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
