//! A report's structure: parts and sections, tables, and what the cover
//! says of the unit, the year and the kind of report.

mod grid;
mod outline;
pub mod patterns;
mod table;

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Document, Line, Report, Section, Table};
use outline::Outline;
use patterns::{squash, year_in};

/// Split a report's lines into sections and tables.
/// Stops early, with an empty document, when the file's deadline passes
/// (the driver then reports the timeout).
pub fn parse(lines: &[Line]) -> Document {
    let outline = outline::outline(lines);
    if crate::limits::expired() {
        return Document::default();
    }
    let found = table::find_tables(lines, &outline);
    if crate::limits::expired() {
        return Document::default();
    }
    let mut in_table = vec![false; lines.len()];
    for f in &found {
        in_table[f.lines.clone()].iter_mut().for_each(|x| *x = true);
    }
    let sections = sections(lines, &outline, &in_table);
    let mut tables: Vec<Table> = found.into_iter().map(|f| f.table).collect();
    let cover = cover_lines(lines, &outline);
    let mut doc = Document {
        unit: cover_unit(&cover)
            .or_else(|| most_common(tables.iter().filter_map(|t| t.unit.clone()))),
        year: cover
            .iter()
            .find_map(|t| year_in(t))
            .or_else(|| most_common(tables.iter().filter_map(|t| t.year))),
        report: report_kind(&cover, &sections, &tables),
        sections,
        tables: Vec::new(),
    };
    inherit(&mut tables, &doc);
    doc.tables = tables;
    doc
}

/// Fill what a table does not print from what the report says elsewhere:
/// the unit and year from the document, the amount unit from the table
/// before it (or, for the first tables, the first one that prints it).
fn inherit(tables: &mut [Table], doc: &Document) {
    let first_amount = tables.iter().find_map(|t| t.amount_unit);
    let mut amount = first_amount;
    for t in tables.iter_mut() {
        t.unit = t.unit.take().or_else(|| doc.unit.clone());
        t.year = t.year.or(doc.year);
        amount = t.amount_unit.or(amount);
        t.amount_unit = amount;
    }
}

/// Body text of each outline entry: the running text between its heading
/// and the next, tables left out.
fn sections(lines: &[Line], outline: &Outline, in_table: &[bool]) -> Vec<Section> {
    let mut texts: Vec<Vec<String>> = vec![Vec::new(); outline.entries.len()];
    let mut current = None;
    for (i, line) in lines.iter().enumerate().skip(outline.body_start) {
        if let Some(k) = outline.heading_at[i] {
            current = Some(k);
            continue;
        }
        if let Some(k) = current {
            if !in_table[i] && !line.is_row() && !line.is_blank() {
                texts[k].push(line.text());
            }
        }
    }
    outline
        .entries
        .iter()
        .zip(texts)
        .map(|(e, text)| Section {
            part: e.part.clone(),
            number: e.number.clone(),
            title: e.title.clone(),
            text: text.join("\n"),
        })
        .collect()
}

/// The running text before the body: the cover, where the unit, the year
/// and the kind of report are printed.
fn cover_lines(lines: &[Line], outline: &Outline) -> Vec<String> {
    let end = match outline.body_start {
        0 => outline
            .heading_at
            .iter()
            .position(Option::is_some)
            .unwrap_or(lines.len()),
        n => n,
    };
    lines[..end.min(40)]
        .iter()
        .filter(|l| !l.is_blank() && !l.is_row())
        .map(Line::text)
        .collect()
}

static COVER_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:19|20)\d{2}年度?)|(?:部门|单位)?(?:预算|决算)(?:信息)?(?:公开)?(?:情况)?(?:报告|说明|目录)?$")
        .expect("valid built-in pattern")
});

/// The unit named on the cover: `曲靖市统计局部门决算` → 曲靖市统计局.
/// Headings (第二部分 部门预算收支总体情况) and table titles (收支预算总表)
/// name no unit.
fn cover_unit(cover: &[String]) -> Option<String> {
    cover
        .iter()
        .filter(|t| {
            patterns::part_heading(t).is_none()
                && patterns::section_heading(t).is_none()
                && !t.trim_start().starts_with(['（', '('])
                && !patterns::is_title(t)
        })
        .map(|t| squash(t))
        .find(|t| t.contains("决算") || t.contains("预算"))
        .map(|t| COVER_SUFFIX.replace_all(&t, "").into_owned())
        .filter(|u| (2..=40).contains(&u.chars().count()))
}

fn report_kind(cover: &[String], sections: &[Section], tables: &[Table]) -> Option<Report> {
    let kind = |t: &str| {
        if t.contains("决算") {
            Some(Report::Final)
        } else if t.contains("预算") {
            Some(Report::Budget)
        } else {
            None
        }
    };
    cover
        .iter()
        .find_map(|t| kind(t))
        .or_else(|| {
            sections
                .iter()
                .filter(|s| s.number.is_empty())
                .find_map(|s| kind(&s.title))
        })
        .or_else(|| {
            let titles = || tables.iter().map(|t| t.title.as_str());
            if titles().any(|t| t.contains("决算")) {
                Some(Report::Final)
            } else if tables.iter().any(|t| t.label.contains("预算"))
                || titles().any(|t| t.ends_with("预算表"))
            {
                Some(Report::Budget)
            } else {
                None
            }
        })
}

fn most_common<T: std::hash::Hash + Eq + Clone + Ord>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: HashMap<T, usize> = HashMap::new();
    for item in items {
        *counts.entry(item).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(item, _)| item)
}
