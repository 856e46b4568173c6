//! What each column of a table holds, read from its header: the code, the
//! 行次, the name, or values; and how the columns fall into side-by-side
//! blocks.

use crate::catalogue::Kind;
use crate::document::patterns::{number, squash, strip_qualifier};
use crate::model::Table;

/// One part of a code split over columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePart {
    Whole,
    Class,
    Kuan,
    Xiang,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Code(CodePart),
    LineNo,
    Name,
    Value,
    Other,
}

impl Role {
    fn is_key(self) -> bool {
        matches!(self, Role::Code(_) | Role::LineNo | Role::Name)
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
pub fn layout(table: &Table, kind: Option<&Kind>) -> Vec<Block> {
    let width = table
        .rows
        .iter()
        .map(|r| r.cells.len())
        .chain(table.header.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    let paths = header_paths(&table.header, width);
    let roles: Vec<Role> = (0..width).map(|c| role(&paths[c], table, c)).collect();
    let mut blocks = if table.header.is_empty() {
        split_evenly(&roles, kind.map_or(1, |k| k.blocks.len()))
    } else {
        split_at_keys(&roles)
    };
    for block in &mut blocks {
        number_values(block, table, &paths);
    }
    blocks.retain(|b| !b.values.is_empty());
    blocks
}

/// Header text of each column, top to bottom. A merged header cell prints
/// its text in its first column; the columns it covers are the empty ones
/// to its right that share every level above it.
fn header_paths(header: &[Vec<String>], width: usize) -> Vec<Vec<String>> {
    let mut filled: Vec<Vec<String>> = Vec::with_capacity(header.len());
    for row in header {
        let mut out: Vec<String> = (0..width)
            .map(|c| row.get(c).map(|t| squash(t)).unwrap_or_default())
            .collect();
        for c in 1..width {
            let same_parents = filled.iter().all(|above| above[c] == above[c - 1]);
            if out[c].is_empty() && !out[c - 1].is_empty() && same_parents {
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
            path
        })
        .collect()
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

fn role(path: &[String], table: &Table, col: usize) -> Role {
    if let Some(part) = code_part_in_body(table, col) {
        return Role::Code(part);
    }
    let Some(leaf) = path.last() else {
        return role_from_data(table, col);
    };
    match leaf.as_str() {
        "类" => return Role::Code(CodePart::Class),
        "款" => return Role::Code(CodePart::Kuan),
        "项" => return Role::Code(CodePart::Xiang),
        "行次" => return Role::LineNo,
        _ => {}
    }
    if path
        .iter()
        .any(|p| p.contains("编码") || p.contains("代码"))
    {
        return Role::Code(CodePart::Whole);
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
        Role::Other
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
    if cells.iter().all(is_code) {
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
        if role.is_key() && !current.values.is_empty() {
            blocks.push(Block::default());
        }
        add(blocks.last_mut().expect("one block at least"), col, role);
    }
    blocks
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
