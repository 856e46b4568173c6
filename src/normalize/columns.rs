//! What each column of a table holds, read from its header: the code, the
//! 行次, the name, or values; and how the columns fall into side-by-side
//! blocks.

use crate::catalogue::{Catalogue, Kind};
use crate::model::Table;
use crate::text::{number, squash, strip_qualifier};

/// One part of a code split over columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePart {
    Whole,
    Class,
    Kuan,
    Xiang,
}

/// Which classification an economic code column prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Econ {
    /// 政府预算支出经济分类 (5xx).
    Gov,
    /// 部门预算支出经济分类 (3xx).
    Dept,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Code(CodePart),
    EconCode(Econ, CodePart),
    LineNo,
    Name,
    /// Reporting units: a dimension of the rows under each.
    Unit,
    /// The code of a reporting unit (单位编码): printed on a unit's row.
    UnitCode,
    /// 序号: numbers the rows, holds no amount.
    Counter,
    Value,
    /// A text column that no header word names.
    Text,
    Other,
}

impl Role {
    fn is_key(self) -> bool {
        matches!(
            self,
            Role::Code(_)
                | Role::EconCode(..)
                | Role::LineNo
                | Role::Name
                | Role::Unit
                | Role::UnitCode
        )
    }
}

/// A value column of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueColumn {
    pub col: usize,
    /// The 栏次 number above it, else its 1-based place in the block.
    pub number: u32,
    /// The header path, levels joined by `/`.
    pub name: String,
}

/// A side-by-side block: its key columns and value columns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Block {
    pub code: Vec<(usize, CodePart)>,
    /// Economic code columns printed beside the function code.
    pub econ: Vec<(usize, Econ, CodePart)>,
    /// The column of reporting units.
    pub unit: Option<usize>,
    /// The column of the units' codes.
    pub unit_code: Option<usize>,
    pub line_no: Option<usize>,
    pub name: Option<usize>,
    /// Further name columns (部门支出经济分类科目 beside 政府支出经济分类科目):
    /// read when the name column is blank.
    pub more_names: Vec<usize>,
    pub values: Vec<ValueColumn>,
}

impl Block {
    /// Rows of this block are keyed by a code or a 行次, not by name.
    pub fn is_keyed(&self) -> bool {
        !self.code.is_empty() || self.line_no.is_some()
    }
}

/// The blocks of a table, left to right.
pub fn layout(table: &Table, kind: Option<&Kind>, catalogue: &Catalogue) -> Vec<Block> {
    let width = table
        .rows
        .iter()
        .map(|r| r.cells.len())
        .chain(table.header.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    let header = without_captions(&table.header, catalogue);
    let paths = header_paths(&header, width);
    let mut roles: Vec<Role> = (0..width)
        .map(|c| role(&paths[c], table, c, catalogue))
        .collect();
    let numbers: Vec<bool> = (0..width)
        .map(|c| column_cells(table, c).any(|t| number(t).is_some()))
        .collect();
    label_text_columns(&mut roles, &numbers);
    let mut blocks = if table.header.is_empty() {
        split_evenly(&roles, kind.map_or(1, |k| k.blocks.len()))
    } else {
        split_at_keys(&roles)
    };
    for block in &mut blocks {
        number_values(block, table, &paths);
    }
    blocks.retain(|b| !b.values.is_empty());
    for block in &mut blocks {
        if block.code.is_empty() {
            if let Some(&(_, first, _)) = block.econ.first() {
                let parts = block.econ.iter().filter(|e| e.1 == first);
                block.code = parts.map(|&(col, _, part)| (col, part)).collect();
            }
        }
    }
    for block in &mut blocks {
        econ_in_names(block, table, &paths);
    }
    blocks
}

/// Header rows with their caption cells blanked: `部门（单位）：某局`
/// names the table's unit and is no level of any column's header. A row
/// left with nothing else is dropped, and so are the rows of a form.
fn without_captions(header: &[Vec<String>], catalogue: &Catalogue) -> Vec<Vec<String>> {
    let fields = header
        .iter()
        .filter(|row| is_form_field(row, catalogue))
        .count();
    header
        .iter()
        .filter(|row| fields < 2 || !is_form_field(row, catalogue))
        .map(|row| {
            row.iter()
                .map(|c| {
                    if is_caption(c, catalogue) {
                        String::new()
                    } else {
                        c.clone()
                    }
                })
                .collect::<Vec<String>>()
        })
        .filter(|row| row.iter().any(|c| !c.trim().is_empty()))
        .collect()
}

/// A row of a form printed above a table (`项目名称 | 某项目`, `主管部门 |
/// 某局`): a field name from the catalogue and its one value. Where two
/// or more such rows head a table they name what it is about, and head
/// no column; one alone may be a plain header (`项目名称 | 金额`).
fn is_form_field(row: &[String], catalogue: &Catalogue) -> bool {
    let filled: Vec<String> = row
        .iter()
        .map(|c| squash(c))
        .filter(|c| !c.is_empty())
        .collect();
    filled.len() == 2 && catalogue.captions.is_field(strip_qualifier(&filled[0]))
}

/// `X：Y` with X one of the catalogue's caption keys and Y not blank.
pub fn is_caption(cell: &str, catalogue: &Catalogue) -> bool {
    let t = squash(cell);
    let Some((key, value)) = t.split_once(['：', ':']) else {
        return false;
    };
    !value.is_empty() && catalogue.captions.contains(key)
}

/// The label of each run of key columns is its leftmost text column,
/// whatever its header says (支出项目类别, 年度, none): where a run before
/// a value column has no name column, its text columns are the names, the
/// leftmost one printed in a row naming it. Runs are told apart by value columns that print numbers (a
/// headed column printed all blank separates nothing); after the first
/// run, only a run without any key column gets a name this way, and a
/// text column after the last value column is a remark.
fn label_text_columns(roles: &mut [Role], numbers: &[bool]) {
    let is_amounts = |c: usize, roles: &[Role]| roles[c] == Role::Value && numbers[c];
    let mut start = 0;
    while start < roles.len() {
        let Some(end) = (start..roles.len()).find(|&c| is_amounts(c, roles)) else {
            break;
        };
        let first = start == 0;
        let run = &mut roles[start..end];
        if !run.contains(&Role::Name) && (first || !run.iter().any(|r| r.is_key())) {
            run.iter_mut()
                .filter(|r| **r == Role::Text)
                .for_each(|r| *r = Role::Name);
        }
        start = (end..roles.len())
            .find(|&c| !is_amounts(c, roles))
            .unwrap_or(roles.len());
    }
}

/// Header text of each column, top to bottom. A merged header cell prints
/// its text in its first column; the columns it covers are the empty ones
/// to its right that share every level above it.
fn header_paths(header: &[Vec<String>], width: usize) -> Vec<Vec<String>> {
    let printed: Vec<Vec<String>> = header
        .iter()
        .map(|row| {
            (0..width)
                .map(|c| row.get(c).map(|t| squash(t)).unwrap_or_default())
                .collect()
        })
        .collect();
    // Text in a row below `r` of column `c`: the column's own header.
    let headed_below = |r: usize, c: usize| printed[r + 1..].iter().any(|row| !row[c].is_empty());
    let mut filled: Vec<Vec<String>> = Vec::with_capacity(header.len());
    for (r, row) in printed.iter().enumerate() {
        let mut out = row.clone();
        let mut origin = 0;
        for c in 1..width {
            if !row[c - 1].is_empty() {
                origin = c - 1;
            }
            let same_parents = filled.iter().all(|above| above[c] == above[c - 1]);
            // A cell merged down over its rows (项目 over a label column)
            // does not reach into a column headed below it.
            let merged_down = !headed_below(r, origin) && headed_below(r, c);
            if out[c].is_empty() && !out[c - 1].is_empty() && same_parents && !merged_down {
                out[c] = out[c - 1].clone();
            }
        }
        filled.push(out);
    }
    (0..width)
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            for row in &filled {
                if !row[c].is_empty() && path.last() != Some(&row[c]) {
                    path.push(row[c].clone());
                }
            }
            join_vertical(path)
        })
        .collect()
}

/// Text printed vertically, one character a line (`合` over `计`), read
/// as the one word it is: a run of single-character levels joined.
fn join_vertical(path: Vec<String>) -> Vec<String> {
    let single = |s: &String| s.chars().count() == 1;
    let mut out: Vec<String> = Vec::with_capacity(path.len());
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut Vec<String>| {
        if run.len() >= 2 {
            out.push(run.concat());
        } else {
            out.append(run);
        }
        run.clear();
    };
    for level in path {
        if single(&level) {
            run.push(level);
        } else {
            flush(&mut run, &mut out);
            out.push(level);
        }
    }
    flush(&mut run, &mut out);
    out
}

const NAME_HEADERS: &[&str] = &[
    "项目",
    "科目名称",
    "名称",
    "科目",
    "项目名称",
    "支出功能分类科目",
    "功能分类科目",
];

/// How many data rows are looked at for 类/款/项 printed in the body.
const CODE_PART_ROWS: usize = 2;

fn role(path: &[String], table: &Table, col: usize, catalogue: &Catalogue) -> Role {
    if let Some(part) = code_part_in_body(table, col) {
        return Role::Code(part);
    }
    let Some(leaf) = path.last() else {
        return role_from_data(table, col);
    };
    let words = &catalogue.row_labels;
    let bare = strip_qualifier(leaf);
    if words.counter_headers.iter().any(|w| w == bare) {
        return Role::Counter;
    }
    if words.year_headers.iter().any(|w| w == bare) && holds_years(table, col) {
        return Role::Text;
    }
    if words.unit_headers.iter().any(|w| w == bare) && is_text_column(table, col) {
        return Role::Unit;
    }
    let part = match leaf.as_str() {
        "类" => Some(CodePart::Class),
        "款" => Some(CodePart::Kuan),
        "项" => Some(CodePart::Xiang),
        _ => None,
    };
    if let Some(part) = part {
        return split_code_role(path, table, col, part);
    }
    if leaf == "行次" {
        return Role::LineNo;
    }
    if path
        .iter()
        .any(|p| p.contains("编码") || p.contains("代码"))
    {
        if bare.contains("单位") {
            return Role::UnitCode;
        }
        return code_role(path, table, col);
    }
    let has_number = table
        .column_numbers
        .as_ref()
        .is_some_and(|n| n.get(col).copied().flatten().is_some());
    // A qualifier such as （按大类） does not change what a column holds.
    let leaf = strip_qualifier(leaf);
    let is_name = NAME_HEADERS.contains(&leaf)
        || leaf.ends_with("名称")
        || leaf.ends_with("分类科目")
        || leaf.starts_with("项目（") && !leaf.contains("支出");
    if is_name && !has_number {
        return Role::Name;
    }
    if has_number || column_cells(table, col).any(|c| number(c).is_some()) {
        return Role::Value;
    }
    // A headed column printed all blank (zeros left blank) is still a
    // value column and keeps its place in the numbering; one holding text
    // is not.
    if column_cells(table, col).all(|c| c.trim().is_empty()) {
        Role::Value
    } else {
        Role::Text
    }
}

/// Name columns headed by an economic classification whose cells print
/// a code before the name (`50101-工资奖金津补贴`) also give the row's
/// economic code.
fn econ_in_names(block: &mut Block, table: &Table, paths: &[Vec<String>]) {
    let names: Vec<usize> = block
        .name
        .into_iter()
        .chain(block.more_names.clone())
        .collect();
    for col in names {
        let header = paths[col].concat();
        if !header.contains("经济") || block.econ.iter().any(|e| e.0 == col) {
            continue;
        }
        let codes: Vec<String> = column_cells(table, col)
            .filter_map(|c| {
                let t = squash(c);
                let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
                (matches!(digits.len(), 3 | 5) && t.len() > digits.len()).then_some(digits)
            })
            .collect();
        let filled = column_cells(table, col)
            .filter(|c| !c.trim().is_empty())
            .count();
        if codes.is_empty() || codes.len() * 2 < filled {
            continue;
        }
        let kind = if header.contains("政府")
            || !header.contains("部门") && codes[0].starts_with('5')
        {
            Econ::Gov
        } else {
            Econ::Dept
        };
        if !block.econ.iter().any(|e| e.1 == kind) {
            block.econ.push((col, kind, CodePart::Whole));
        }
    }
}

/// A 类, 款 or 项 column: of the function code, or under an economic
/// classification's header, of that code.
fn split_code_role(path: &[String], table: &Table, col: usize, part: CodePart) -> Role {
    let above = path[..path.len() - 1].concat();
    if !above.contains("经济") {
        return Role::Code(part);
    }
    let gov = above.contains("政府")
        || !above.contains("部门") && column_cells(table, col).any(|c| squash(c).starts_with('5'));
    Role::EconCode(if gov { Econ::Gov } else { Econ::Dept }, part)
}

/// Years (2021, 2022年, 2022比2021) down a column that labels its rows.
fn holds_years(table: &Table, col: usize) -> bool {
    column_cells(table, col)
        .map(squash)
        .filter(|t| !t.is_empty())
        .all(|t| t.starts_with("19") || t.starts_with("20"))
}

/// Non-blank cells, most of them not numbers.
fn is_text_column(table: &Table, col: usize) -> bool {
    let (mut text, mut numbers) = (0, 0);
    for c in column_cells(table, col).filter(|c| !c.trim().is_empty()) {
        if number(c).is_some() {
            numbers += 1;
        } else {
            text += 1;
        }
    }
    text > numbers
}

/// A code column: the function code, or an economic one, told by its
/// header (政府/部门 经济分类) or else by its codes (5xx, 3xx).
fn code_role(path: &[String], table: &Table, col: usize) -> Role {
    let header = path.concat();
    if header.contains("经济") {
        if header.contains("政府") {
            return Role::EconCode(Econ::Gov, CodePart::Whole);
        }
        if header.contains("部门") {
            return Role::EconCode(Econ::Dept, CodePart::Whole);
        }
    }
    let codes: Vec<String> = column_cells(table, col)
        .map(squash)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let all = |first: u8| {
        !codes.is_empty()
            && codes
                .iter()
                .all(|c| c.len() <= 5 && c.as_bytes()[0] == first)
    };
    if header.contains("经济") && all(b'5') {
        Role::EconCode(Econ::Gov, CodePart::Whole)
    } else if header.contains("经济") && all(b'3') {
        Role::EconCode(Econ::Dept, CodePart::Whole)
    } else {
        Role::Code(CodePart::Whole)
    }
}

/// 类, 款 or 项 printed in the column's first data rows: some producers
/// put those header cells in the 合计 row, below the header proper.
fn code_part_in_body(table: &Table, col: usize) -> Option<CodePart> {
    table
        .rows
        .iter()
        .take(CODE_PART_ROWS)
        .find_map(|r| match squash(r.cells.get(col)?).as_str() {
            "类" => Some(CodePart::Class),
            "款" => Some(CodePart::Kuan),
            "项" => Some(CodePart::Xiang),
            _ => None,
        })
}

/// A column without a header: codes, names or values, by what it holds.
fn role_from_data(table: &Table, col: usize) -> Role {
    let cells: Vec<&str> = column_cells(table, col)
        .filter(|c| !c.trim().is_empty())
        .collect();
    if cells.is_empty() {
        return Role::Other;
    }
    let is_code = |c: &&str| {
        let t = squash(c);
        (3..=7).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    if col == 0 && is_counter(&cells) {
        Role::Counter
    } else if cells.iter().all(is_code) {
        Role::Code(CodePart::Whole)
    } else if cells.iter().all(|c| number(c).is_some()) {
        Role::Value
    } else if cells.iter().any(|c| number(c).is_none()) && cells.iter().all(|c| number(c).is_none())
    {
        Role::Name
    } else {
        Role::Value
    }
}

/// 1, 2, 3 … down the rows: a 序号 printed without its header.
fn is_counter(cells: &[&str]) -> bool {
    cells.len() >= 3
        && cells
            .iter()
            .zip(1..)
            .all(|(c, n): (&&str, u32)| squash(c) == n.to_string())
}

fn column_cells(table: &Table, col: usize) -> impl Iterator<Item = &str> {
    table
        .rows
        .iter()
        .map(move |r| r.cells.get(col).map_or("", String::as_str))
}

/// A key column after a value column starts a new block.
fn split_at_keys(roles: &[Role]) -> Vec<Block> {
    let mut blocks = vec![Block::default()];
    for (col, &role) in roles.iter().enumerate() {
        let current = blocks.last_mut().expect("one block at least");
        if role.is_key() && !current.values.is_empty() && starts_block(current, role) {
            blocks.push(Block::default());
        }
        add(blocks.last_mut().expect("one block at least"), col, role);
    }
    blocks
}

/// Whether a key column after a value column starts a new block. An
/// economic code printed after the amounts it classifies (数量 | 经济科目
/// | 金额) belongs to the same row, unless the block already has one.
fn starts_block(current: &Block, role: Role) -> bool {
    match role {
        Role::EconCode(kind, part) => current.econ.iter().any(|&(_, k, p)| k == kind && p == part),
        _ => true,
    }
}

/// A table printed without a header (a bare continuation): the catalogue's
/// block count splits its columns evenly.
fn split_evenly(roles: &[Role], count: usize) -> Vec<Block> {
    let count = count.max(1);
    if count == 1 || roles.is_empty() || !roles.len().is_multiple_of(count) {
        return split_at_keys(roles);
    }
    let width = roles.len() / count;
    roles
        .chunks(width)
        .enumerate()
        .map(|(b, chunk)| {
            let mut block = Block::default();
            for (i, &role) in chunk.iter().enumerate() {
                add(&mut block, b * width + i, role);
            }
            block
        })
        .collect()
}

fn add(block: &mut Block, col: usize, role: Role) {
    match role {
        Role::Code(part) => block.code.push((col, part)),
        Role::EconCode(kind, part) => block.econ.push((col, kind, part)),
        Role::Unit if block.unit.is_none() => block.unit = Some(col),
        Role::UnitCode if block.unit_code.is_none() => block.unit_code = Some(col),
        Role::LineNo if block.line_no.is_none() => block.line_no = Some(col),
        Role::Name if block.name.is_none() => block.name = Some(col),
        Role::Name => block.more_names.push(col),
        Role::Value => block.values.push(ValueColumn {
            col,
            number: 0,
            name: String::new(),
        }),
        _ => {}
    }
}

fn number_values(block: &mut Block, table: &Table, paths: &[Vec<String>]) {
    for (i, v) in block.values.iter_mut().enumerate() {
        let printed = table
            .column_numbers
            .as_ref()
            .and_then(|n| n.get(v.col).copied().flatten());
        v.number = printed.unwrap_or(i as u32 + 1);
        v.name = paths[v.col].join("/");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(rows: &[&str]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.split('\t').map(String::from).collect())
            .collect()
    }

    #[test]
    fn a_band_covers_its_columns_a_label_merged_down_does_not() {
        let h = header(&["项目\t\t本年收入\t", "\t合计\t小计\t事业收入"]);
        let paths = header_paths(&h, 4);
        assert_eq!(paths[1], ["合计"]);
        assert_eq!(paths[2], ["本年收入", "小计"]);
        assert_eq!(paths[3], ["本年收入", "事业收入"]);
    }

    #[test]
    fn vertical_text_is_one_word() {
        let h = header(&["序号\t合\t款", "\t计\t"]);
        let paths = header_paths(&h, 3);
        assert_eq!(paths[1], ["合计"]);
        assert_eq!(paths[2], ["款"]);
    }
}
