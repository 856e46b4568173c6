//! A report's structure: parts and sections, tables, and what the cover
//! says of the unit, the year and the kind of report.

mod grid;
mod outline;
mod patterns;
mod table;

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Document, Line, Report, Section, Table};
use crate::text::{self, number, squash, year_in, year_line};
use outline::Outline;

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
        unit: cover_field_unit(&cover)
            .or_else(|| cover_unit(&cover))
            .or_else(|| most_common(tables.iter().filter_map(|t| t.unit.clone())))
            .or_else(|| unit_in_rows(&tables)),
        year: cover
            .iter()
            .find_map(|t| year_in(t))
            .or_else(|| most_common(tables.iter().filter_map(|t| t.year)))
            .or_else(|| year_in_rows(&tables)),
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

/// The unit a cover line names as a field: `预算单位：某大学`.
fn cover_field_unit(cover: &[String]) -> Option<String> {
    cover
        .iter()
        .filter_map(|t| text::meta(t)?.unit)
        .map(|u| squash(&u))
        .find(|u| is_unit_name(u))
}

/// The report's name on its cover: 部门预算, 单位决算, 部门综合预算 …
static REPORT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:部门|单位)?(?:综合)?(?:预算|决算)").expect("valid built-in pattern")
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}年度?").expect("valid built-in pattern"));

/// The unit named on the cover, before the report's name, however the
/// cover's title wraps: `曲靖市统计局2023年度部门决算`, `2026年某市交通运输局`
/// / `部门预算`, `2026年某局（本` / `级）部门预算`. Headings (第二部分 部门
/// 预算收支总体情况) and table titles (收支预算总表) name no unit.
fn cover_unit(cover: &[String]) -> Option<String> {
    let named: Vec<String> = cover
        .iter()
        .filter(|t| !is_cover_heading(t) && !t.trim_start().starts_with("附件"))
        .map(|t| squash(t))
        .collect();
    let block = (0..named.len())
        .map(|at| named[at.saturating_sub(3)..=at].concat())
        .find(|block| REPORT_NAME.is_match(block))?;
    let name = REPORT_NAME.find_iter(&block).last()?;
    let unit = YEAR.replace_all(&block[..name.start()], "").into_owned();
    let unit = unit.trim_end_matches("部门").trim_end_matches("单位");
    is_unit_name(unit).then(|| unit.to_string())
}

fn is_cover_heading(t: &str) -> bool {
    patterns::part_heading(t).is_some()
        || patterns::section_heading(t).is_some()
        || t.trim_start().starts_with(['（', '('])
        || text::is_title(t)
}

/// Levels of government that a cover names before 单位预算 (上海市市级),
/// which are scopes, not units.
const SCOPES: &[&str] = &["省级", "市级", "区级", "县级", "乡级", "镇级"];

fn is_unit_name(u: &str) -> bool {
    (2..=40).contains(&u.chars().count()) && !SCOPES.iter().any(|s| u.ends_with(s))
}

/// Words that head a cell whose neighbour names the unit: 部门名称 | 某局.
const UNIT_CELLS: &[&str] = &["部门名称", "单位名称", "预算单位", "编制单位", "填报单位"];

/// The unit the tables' cells name most often, for a file with no cover
/// and no unit lines (tables-only files name it in 部门名称 cells).
fn unit_in_rows(tables: &[Table]) -> Option<String> {
    let named = table_cells(tables).filter_map(|row| {
        let filled: Vec<String> = row
            .iter()
            .map(|c| squash(c))
            .filter(|c| !c.is_empty())
            .collect();
        let key = filled
            .iter()
            .position(|c| UNIT_CELLS.contains(&c.as_str()))?;
        filled
            .get(key + 1)
            .filter(|u| is_unit_name(u) && number(u).is_none())
            .cloned()
    });
    most_common(named)
}

/// The year the tables' cells print most often on their own (`（2026年度）`).
fn year_in_rows(tables: &[Table]) -> Option<i32> {
    let years = table_cells(tables)
        .flatten()
        .filter_map(|c| year_line(squash(c).trim_matches(['（', '）', '(', ')'])));
    most_common(years)
}

/// Every header and data row of the tables.
fn table_cells(tables: &[Table]) -> impl Iterator<Item = &Vec<String>> {
    tables
        .iter()
        .flat_map(|t| t.header.iter().chain(t.rows.iter().map(|r| &r.cells)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn cover_units_in_every_layout() {
        for (cover, want) in [
            (&["曲靖市统计局2023年度部门决算"][..], "曲靖市统计局"),
            (
                &["2026年某市交通运输局", "部门预算", "目 录"][..],
                "某市交通运输局",
            ),
            (
                &["2026年度", "某市人民政府办公室", "部门预算"][..],
                "某市人民政府办公室",
            ),
            (
                &["某省某办公厅2018年度部门", "预算公开"][..],
                "某省某办公厅",
            ),
            (
                &["某市某区规划和自然", "资源局", "2024年度部门决算"][..],
                "某市某区规划和自然资源局",
            ),
            (
                &["2026年某市交通运输局（本级）部", "门预算", "目 录"][..],
                "某市交通运输局（本级）",
            ),
            (
                &["2026年某市应急管理局部门预", "算", "目 录"][..],
                "某市应急管理局",
            ),
            (
                &["某市人力资源和社会保障局", "2020 年部门综合预算"][..],
                "某市人力资源和社会保障局",
            ),
            (
                &[
                    "2026年度",
                    "某市市场监管综合监测",
                    "与技术保障中心",
                    "单位预算",
                ][..],
                "某市市场监管综合监测与技术保障中心",
            ),
        ] {
            assert_eq!(
                cover_unit(&lines(cover)).as_deref(),
                Some(want),
                "{cover:?}"
            );
        }
    }

    #[test]
    fn a_level_of_government_is_not_a_unit() {
        let cover = lines(&["某市2026年市级单位预算", "预算单位：某职业技术学院"]);
        assert_eq!(cover_unit(&cover), None);
        assert_eq!(cover_field_unit(&cover).as_deref(), Some("某职业技术学院"));
        let cover = lines(&["某市某区2026年区级部门预算", "预算主管部门：某区司法局"]);
        assert_eq!(cover_field_unit(&cover).as_deref(), Some("某区司法局"));
    }

    #[test]
    fn tables_only_files_name_their_unit_in_cells() {
        let table = Table {
            header: vec![vec![
                "部门名称".into(),
                "".into(),
                "某市人力资源和社会保障局".into(),
            ]],
            rows: vec![crate::model::DataRow {
                cells: vec!["（2026年度）".into()],
                page: None,
            }],
            ..Table::default()
        };
        assert_eq!(
            unit_in_rows(std::slice::from_ref(&table)).as_deref(),
            Some("某市人力资源和社会保障局")
        );
        assert_eq!(year_in_rows(&[table]), Some(2026));
    }
}
