//! Finding tables in a sequence of lines.
//!
//! A table is a preamble (title, label, unit and year lines, in any order),
//! a run of rows, and the notes after it. A run of rows goes on across a
//! page break when nothing but blank lines, unit lines or the same
//! title/label (maybe marked 续) stand between its parts.

use std::collections::HashSet;
use std::ops::Range;

use super::grid;
use super::outline::Outline;
use super::patterns::section_heading;
use crate::model::{Line, Table};
use crate::text::{
    is_note, is_page_number, is_title, meta, number, split_label, squash, strip_continued, year_in,
    year_line, Meta,
};

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
    let mut ls = Lines { lines, class, grid };
    join_wrapped_titles(&mut ls);
    drop_listings(&mut ls, outline.body_start);
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

/// Join a title printed over two lines into one: a short fragment ending
/// where a title goes on (`…“三公”经费、`) above a title line, or a title
/// line above a line holding only its bracketed qualifier
/// (`（按经济分类科目分）`). The joined title stands on the title line; the
/// other line becomes blank.
fn join_wrapped_titles(ls: &mut Lines) {
    for i in 0..ls.len() {
        if ls.class[i] == Class::Text {
            join_unit_rest(ls, i);
        }
        if ls.class[i] == Class::Text {
            join_text_halves(ls, i);
        }
        if ls.class[i] != Class::Title {
            continue;
        }
        let Some(cell) = title_cell(&ls.grid[i]) else {
            continue;
        };
        if let Some(p) = previous_filled(ls, i).filter(|&p| is_title_head(ls, p)) {
            let joined = format!("{}{}", one_text(ls, p), squash(&ls.grid[i][cell]));
            if is_title(&joined) {
                ls.grid[i][cell] = joined;
                ls.class[p] = Class::Blank;
            }
        }
        if let Some(n) = next_filled(ls, i).filter(|&n| is_qualifier_line(ls, n)) {
            let joined = format!("{}{}", ls.grid[i][cell], one_text(ls, n));
            if is_title(&joined) {
                ls.grid[i][cell] = joined;
                ls.class[n] = Class::Blank;
            }
        }
    }
}

/// The rest of a unit name wrapped below its unit line, right above the
/// table's rows (`部门名称：江苏省人大` / `常委会办公厅`), is joined to it:
/// left as text it would cut the table from its title.
fn join_unit_rest(ls: &mut Lines, i: usize) {
    let rest = one_text(ls, i);
    let short = (1..=12).contains(&rest.chars().count())
        && !rest.contains(['。', '；', ';', '，', ',', '：', ':']);
    if !short || next_filled(ls, i).is_none_or(|n| ls.class[n] != Class::Row) {
        return;
    }
    let metas = (i.saturating_sub(3)..i)
        .rev()
        .take_while(|&k| matches!(ls.class[k], Class::Meta | Class::Blank));
    for p in metas {
        let unit_cell = ls.grid[p]
            .iter()
            .position(|c| meta(c).is_some_and(|m| m.unit.is_some()));
        if let Some(c) = unit_cell {
            ls.grid[p][c].push_str(&rest);
            ls.class[i] = Class::Blank;
            return;
        }
    }
}

/// A title broken inside its qualifier, neither half a title alone:
/// `…明细表（按支出功能分类科` / `目-不含上年结转）`. The joined title
/// stands on the second line.
fn join_text_halves(ls: &mut Lines, i: usize) {
    let Some(n) = next_filled(ls, i) else {
        return;
    };
    if ls.class[n] != Class::Text || !is_title_head(ls, i) || one_text(ls, n).chars().count() > 30 {
        return;
    }
    let joined = format!("{}{}", one_text(ls, i), one_text(ls, n));
    if is_title(&joined) {
        ls.grid[n] = vec![joined];
        ls.class[n] = Class::Title;
        ls.class[i] = Class::Blank;
    }
}

/// The text of a line's cells, whitespace removed.
fn one_text(ls: &Lines, i: usize) -> String {
    squash(&ls.grid[i].concat())
}

/// The cell of a title line that holds the title.
fn title_cell(cells: &[String]) -> Option<usize> {
    cells
        .iter()
        .position(|c| !c.trim().is_empty() && is_title(c) && meta(c).is_none())
}

fn previous_filled(ls: &Lines, i: usize) -> Option<usize> {
    (i.saturating_sub(3)..i)
        .rev()
        .find(|&k| ls.class[k] != Class::Blank)
}

fn next_filled(ls: &Lines, i: usize) -> Option<usize> {
    (i + 1..ls.len().min(i + 4)).find(|&k| ls.class[k] != Class::Blank)
}

/// Words a title breaks after when it wraps: a list mark, a conjunction,
/// an opening quote or bracket.
const TITLE_JOINERS: &[char] = &['、', '和', '及', '与', '“', '"', '（', '(', '的'];

/// The first line of a wrapped title: running text of one short cell
/// without sentence punctuation, ending where a title goes on or inside
/// an open bracket.
fn is_title_head(ls: &Lines, i: usize) -> bool {
    let filled: Vec<&String> = ls.grid[i].iter().filter(|c| !c.trim().is_empty()).collect();
    let [text] = filled[..] else {
        return false;
    };
    let t = squash(text);
    ls.class[i] == Class::Text
        && (2..=40).contains(&t.chars().count())
        && !t.contains(['。', '；', ';', '，', ',', '：', ':'])
        && (t.ends_with(TITLE_JOINERS) || unclosed(&t))
}

/// A bracket opened and not closed: the line breaks inside a qualifier.
fn unclosed(t: &str) -> bool {
    let open = t.matches(['（', '(']).count();
    open > t.matches(['）', ')']).count()
}

/// A line holding only a bracketed qualifier: `（按经济分类科目分）`.
fn is_qualifier_line(ls: &Lines, i: usize) -> bool {
    let t = squash(&ls.grid[i].concat());
    ls.class[i] == Class::Text
        && (t.starts_with('（') && t.ends_with('）') || t.starts_with('(') && t.ends_with(')'))
        && t.chars().count() <= 20
}

/// A list of table titles (a 目录 printed as lines or as a table, each
/// title maybe with its label and page) is not a table: a run of three or
/// more lines that each carry a different title, with only blank lines
/// between them, is read as text, but for a last title that opens the
/// table below it.
fn drop_listings(ls: &mut Lines, start: usize) {
    let mut run: Vec<usize> = Vec::new();
    let mut titles: HashSet<String> = HashSet::new();
    for i in start..=ls.len() {
        if i < ls.len() && ls.class[i] == Class::Blank {
            continue;
        }
        match (i < ls.len()).then(|| entry_title(ls, i)).flatten() {
            Some(t) => {
                titles.insert(squash(strip_continued(&t).0));
                run.push(i);
            }
            None => {
                if titles.len() >= 3 {
                    let own = i < ls.len() && opens_table(ls, i, run.last().copied());
                    let listed = &run[..run.len() - usize::from(own)];
                    listed.iter().for_each(|&k| ls.class[k] = Class::Text);
                }
                run.clear();
                titles.clear();
            }
        }
    }
}

/// Whether the last entry of a listing is the title of the table that
/// follows it: a title line right above the table's unit line or rows.
fn opens_table(ls: &Lines, next: usize, last: Option<usize>) -> bool {
    last.is_some_and(|l| matches!(ls.class[l], Class::Title | Class::Label))
        && matches!(ls.class[next], Class::Meta | Class::Row)
}

/// The title a line names, if it is a title line, a label line with a
/// title, or a row whose first cells are a label and a title.
fn entry_title(ls: &Lines, i: usize) -> Option<String> {
    let filled = || ls.grid[i].iter().filter(|c| !c.trim().is_empty());
    match ls.class[i] {
        Class::Title | Class::Label => {
            let p = preamble_cells(filled().map(String::as_str))?;
            (!p.title.is_empty()).then_some(p.title)
        }
        Class::Row => filled().take(3).find_map(|c| {
            split_label(c)
                .map(|(_, t)| t)
                .or_else(|| Some(c.clone()))
                .filter(|t| is_title(t))
        }),
        _ => None,
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
        while k < ls.len()
            && (matches!(
                ls.class[k],
                Class::Blank | Class::Meta | Class::Label | Class::Title
            ) || repeats_above(ls, k, start))
        {
            same_table &= continues(ls, k, table) || repeats_above(ls, k, start);
            k += 1;
        }
        let resumes = k < ls.len() && ls.class[k] == Class::Row && k > j;
        if !(resumes && same_table) || new_header(ls, &rows, k) {
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

/// Text lines looked back at above a table's first row.
const ABOVE: usize = 6;

/// Whether line `i` prints again one of the text lines just above the
/// table's first row `start` (its label, its title, its unit line, read
/// or not as such, maybe marked 续): the table goes on under them.
fn repeats_above(ls: &Lines, i: usize, start: usize) -> bool {
    let key = |k: usize| squash(strip_continued(&ls.text(k)).0);
    let this = key(i);
    !this.is_empty()
        && (0..start)
            .rev()
            .filter(|&k| !matches!(ls.class[k], Class::Blank | Class::Row))
            .take(ABOVE)
            .any(|k| key(k) == this)
}

fn same_title(a: &str, b: &str) -> bool {
    squash(strip_continued(a).0) == squash(b)
}

/// A run of rows after a gap (blank lines, or the table's title printed
/// again over a page break) that opens with two header-like rows (no
/// numbers) other than the table's own header is a new table: forms
/// printed one a page under the same title are tables of their own.
fn new_header(ls: &Lines, rows: &[usize], k: usize) -> bool {
    let header_like = |i: usize| {
        i < ls.len() && ls.class[i] == Class::Row && !ls.grid[i].iter().any(|c| number(c).is_some())
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
///
/// Years printed side by side (`2025年 | 2026年`) are a band over the
/// columns of each year, not the table's year: they stay in the header.
fn take_header_meta(header: &mut Vec<Vec<String>>) -> Meta {
    let mut found = Meta::default();
    for row in header.iter_mut() {
        let years = row.iter().filter(|c| year_line(c).is_some()).count();
        for cell in row.iter_mut().filter(|c| !c.trim().is_empty()) {
            if years >= 2 && year_line(cell).is_some() {
                continue;
            }
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
