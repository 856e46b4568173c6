//! Finding tables in a sequence of lines.
//!
//! A table is a preamble (title, label, unit and year lines, in any order),
//! a run of rows, and the notes after it. A run of rows goes on across a
//! page break when nothing but blank lines, unit lines or the same
//! title/label (maybe marked 续) stand between its parts.

use std::ops::Range;

use super::grid;
use super::outline::Outline;
use super::patterns::{
    is_note, is_page_number, is_title, meta, section_heading, split_label, squash, strip_continued,
    year_in, Meta,
};
use crate::model::{Line, Table};

/// What a line is, as far as finding tables goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Blank,
    Heading,
    Title,
    Label,
    Meta,
    Note,
    Row,
    Text,
}

/// A table and the lines it was read from.
#[derive(Debug)]
pub struct Found {
    pub table: Table,
    pub lines: Range<usize>,
}

/// Lines analysed once: class and the cells of each.
struct Lines<'a> {
    lines: &'a [Line],
    class: Vec<Class>,
    grid: Vec<Vec<String>>,
}

impl Lines<'_> {
    fn text(&self, i: usize) -> String {
        self.lines[i].text()
    }
    fn len(&self) -> usize {
        self.lines.len()
    }
}

/// Find every table of the body.
/// Finds none when the file's deadline passes first.
pub fn find_tables(lines: &[Line], outline: &Outline) -> Vec<Found> {
    let mut grid: Vec<Vec<String>> = Vec::with_capacity(lines.len());
    let mut class = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i % 4096 == 0 && crate::limits::expired() {
            return Vec::new();
        }
        let cells = line.grid();
        class.push(classify(line, &cells, outline.heading_at[i].is_some()));
        grid.push(cells);
    }
    let ls = Lines { lines, class, grid };
    let mut found = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut i = outline.body_start;
    let mut steps = 0usize;
    while i < ls.len() {
        steps += 1;
        if steps.is_multiple_of(4096) && crate::limits::expired() {
            break;
        }
        match ls.class[i] {
            Class::Blank => {}
            Class::Text => pending.clear(),
            Class::Heading => {
                pending.retain(|&p| ls.class[p] == Class::Label);
                if heading_title(&ls.text(i)).is_some() {
                    pending.push(i);
                }
            }
            Class::Title | Class::Label | Class::Meta => pending.push(i),
            Class::Note => {
                if pending.iter().any(|&p| ls.class[p] != Class::Meta) {
                    let (notes, end) = notes_from(&ls, i);
                    found.push(build(&ls, &pending, &[], notes, end));
                    i = end;
                    pending.clear();
                    continue;
                }
                pending.clear();
            }
            Class::Row => {
                let preamble = preamble(&ls, &pending);
                let (rows, rows_end) = rows_from(&ls, i, &preamble);
                let (notes, end) = notes_from(&ls, rows_end);
                found.push(build(&ls, &pending, &rows, notes, end.max(rows_end)));
                i = end.max(rows_end);
                pending.clear();
                continue;
            }
        }
        i += 1;
    }
    found
}

fn classify(line: &Line, cells: &[String], heading: bool) -> Class {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if filled.is_empty() || filled.len() == 1 && is_page_number(filled[0]) {
        return Class::Blank;
    }
    if heading {
        return Class::Heading;
    }
    if filled.len() == 1 && is_note(filled[0]) {
        return Class::Note;
    }
    match preamble_cells(filled.iter().map(|c| c.as_str())) {
        Some(p) if p.meta.label.is_some() => Class::Label,
        Some(p) if !p.title.is_empty() => Class::Title,
        Some(_) => Class::Meta,
        None if line.is_row() => Class::Row,
        None => Class::Text,
    }
}

/// Read cells that are all preamble: labels, at most one title, unit and
/// year fields. `None` if any cell is something else.
fn preamble_cells<'a>(cells: impl Iterator<Item = &'a str>) -> Option<Preamble> {
    let mut out = Preamble::default();
    for cell in cells {
        if let Some(m) = meta(cell) {
            out.meta.absorb(m);
        } else if let Some((l, t)) = split_label(cell).filter(|(_, t)| is_title(t)) {
            out.meta.label.get_or_insert(l);
            if !out.title.is_empty() {
                return None;
            }
            out.title = t;
        } else if is_title(cell) && out.title.is_empty() {
            out.title = cell.trim().to_string();
        } else {
            return None;
        }
    }
    Some(out)
}

/// The title a heading gives a table: `一、收入支出决算总表` or, where the
/// 目录 lists a table's title as a section, the title itself.
fn heading_title(text: &str) -> Option<String> {
    let title = section_heading(text).map_or_else(|| text.trim().to_string(), |(_, t)| t);
    is_title(&title).then_some(title)
}

/// What a table's preamble says.
#[derive(Debug, Default)]
struct Preamble {
    title: String,
    meta: Meta,
}

fn preamble(ls: &Lines, pending: &[usize]) -> Preamble {
    let mut title = String::new();
    let mut heading = None;
    let mut meta = Meta::default();
    for &i in pending {
        if ls.class[i] == Class::Heading {
            heading = heading_title(&ls.text(i));
            continue;
        }
        let cells = ls.grid[i]
            .iter()
            .map(String::as_str)
            .filter(|c| !c.trim().is_empty());
        if let Some(p) = preamble_cells(cells) {
            meta.absorb(p.meta);
            if !p.title.is_empty() {
                title = p.title;
            }
        }
    }
    if title.is_empty() {
        title = heading.unwrap_or_default();
    }
    Preamble {
        title: strip_continued(&title).0.to_string(),
        meta,
    }
}

/// The rows of a table starting at `start`, across page breaks; returns
/// the row lines and the line after the last row.
fn rows_from(ls: &Lines, start: usize, table: &Preamble) -> (Vec<usize>, usize) {
    let mut rows = Vec::new();
    let mut j = start;
    loop {
        while j < ls.len() && ls.class[j] == Class::Row {
            rows.push(j);
            j += 1;
        }
        let mut k = j;
        let mut same_table = true;
        let mut only_blank = true;
        while k < ls.len()
            && matches!(
                ls.class[k],
                Class::Blank | Class::Meta | Class::Label | Class::Title
            )
        {
            same_table &= continues(ls, k, table);
            only_blank &= ls.class[k] == Class::Blank;
            k += 1;
        }
        let resumes = k < ls.len() && ls.class[k] == Class::Row && k > j;
        if !(resumes && same_table) || only_blank && new_header(ls, &rows, k) {
            return (rows, j);
        }
        j = k;
    }
}

/// Whether a line between two runs of rows keeps them one table: blank,
/// or only the table's own label and title (maybe marked 续) and units.
fn continues(ls: &Lines, i: usize, table: &Preamble) -> bool {
    if ls.class[i] == Class::Blank {
        return true;
    }
    let cells = ls.grid[i]
        .iter()
        .map(String::as_str)
        .filter(|c| !c.trim().is_empty());
    let Some(p) = preamble_cells(cells) else {
        return false;
    };
    p.meta
        .label
        .is_none_or(|l| Some(&l) == table.meta.label.as_ref())
        && (p.title.is_empty() || same_title(&p.title, &table.title))
}

fn same_title(a: &str, b: &str) -> bool {
    squash(strip_continued(a).0) == squash(b)
}

/// A run of rows after a blank gap that opens with two header-like rows
/// (no numbers) other than the table's own header is a new table.
fn new_header(ls: &Lines, rows: &[usize], k: usize) -> bool {
    let header_like = |i: usize| {
        i < ls.len()
            && ls.class[i] == Class::Row
            && !ls.grid[i]
                .iter()
                .any(|c| super::patterns::number(c).is_some())
    };
    if !(header_like(k) && header_like(k + 1)) {
        return false;
    }
    let key = |i: usize| squash(&ls.grid[i].join(""));
    !rows.iter().take(8).any(|&r| key(r) == key(k))
}

/// Notes after a table: 注：/说明： lines and the numbered lines that go on
/// from them. Returns the notes and the line after the last.
fn notes_from(ls: &Lines, start: usize) -> (Vec<String>, usize) {
    let mut notes = Vec::new();
    let mut end = start;
    let mut k = start;
    while k < ls.len() {
        match ls.class[k] {
            Class::Blank => {}
            Class::Note => {
                notes.push(ls.text(k));
                end = k + 1;
            }
            Class::Text if !notes.is_empty() && goes_on_note(&ls.text(k)) => {
                notes.push(ls.text(k));
                end = k + 1;
            }
            _ => break,
        }
        k += 1;
    }
    (notes, end)
}

/// A numbered point that continues a note (2. …, （2）…).
fn goes_on_note(text: &str) -> bool {
    let t = text.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && t[digits..].starts_with(['.', '、', '．', ')', '）'])
        || t.starts_with(['（', '(']) && t.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
}

/// Unit, year and label cells printed inside a ruled table's first rows
/// (`单位：万元` in the top right cell) are the table's metadata, not part
/// of any column's header.
fn take_header_meta(header: &mut Vec<Vec<String>>) -> Meta {
    let mut found = Meta::default();
    for row in header.iter_mut() {
        for cell in row.iter_mut().filter(|c| !c.trim().is_empty()) {
            if let Some(m) = meta(cell) {
                found.absorb(m);
                cell.clear();
            }
        }
    }
    header.retain(|row| row.iter().any(|c| !c.trim().is_empty()));
    found
}

fn build(ls: &Lines, pending: &[usize], rows: &[usize], notes: Vec<String>, end: usize) -> Found {
    let pre = preamble(ls, pending);
    let start = pending
        .first()
        .copied()
        .or(rows.first().copied())
        .unwrap_or(end);
    let mut g = grid::split(
        rows.iter()
            .map(|&i| (ls.grid[i].clone(), ls.lines[i].page))
            .collect(),
    );
    let mut pre = pre;
    pre.meta.absorb(take_header_meta(&mut g.header));
    let year = pre.meta.year.or_else(|| year_in(&pre.title));
    Found {
        table: Table {
            label: pre.meta.label.unwrap_or_default(),
            title: pre.title,
            unit: pre.meta.unit,
            year,
            amount_unit: pre.meta.amount_unit,
            header: g.header,
            column_numbers: g.column_numbers,
            rows: g.rows,
            notes,
        },
        lines: start..end,
    }
}
