//! Parts (第一部分 …) and numbered sections (一、 …).
//!
//! Where a report prints a 目录, the table of contents is the authority on
//! which lines are headings: the body is full of numbered lines (名词解释
//! entries, sub-points of a 说明) that are not sections. Without a 目录, a
//! short numbered line without sentence punctuation is taken as a heading.

use super::patterns::{part_heading, section_heading, strip_leader};
use crate::model::Line;
use crate::text::squash;

/// A heading of the outline, before its body text is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub part: String,
    /// 一、 for a section; empty for a part.
    pub number: String,
    pub title: String,
}

/// The headings of a report and where its body starts.
#[derive(Debug, Default)]
pub struct Outline {
    /// First line after the cover and the 目录.
    pub body_start: usize,
    pub entries: Vec<Entry>,
    /// For each line, the entry whose heading it is.
    pub heading_at: Vec<Option<usize>>,
}

/// Find the outline of a report.
/// Finds no headings when the file's deadline passes first.
pub fn outline(lines: &[Line]) -> Outline {
    let mut out = Outline {
        heading_at: vec![None; lines.len()],
        ..Outline::default()
    };
    let mut texts: Vec<Option<String>> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if i % 4096 == 0 && crate::limits::expired() {
            return out;
        }
        texts.push((!l.is_row() && !l.is_blank()).then(|| l.text()));
    }
    match find_toc(&texts) {
        Some((first, body_start)) => {
            out.body_start = body_start;
            out.entries = toc_entries(&texts[first..body_start]);
            match_body(&texts, &mut out);
        }
        None => guess_headings(&texts, &mut out),
    }
    out
}

/// (first entry line, body start) of a 目录: the body starts where its
/// first entry is printed again.
fn find_toc(texts: &[Option<String>]) -> Option<(usize, usize)> {
    let toc = texts
        .iter()
        .position(|t| t.as_deref().is_some_and(|t| squash(t) == "目录"))?;
    let first = (toc + 1..texts.len()).find(|&i| texts[i].is_some())?;
    let key = heading_key(texts[first].as_deref()?)?;
    let body = (first + 1..texts.len())
        .find(|&i| texts[i].as_deref().and_then(heading_key).as_ref() == Some(&key))?;
    Some((first, body))
}

/// What identifies a heading across the 目录 and the body: the part number
/// of a part, the whole squashed text of a section.
fn heading_key(text: &str) -> Option<String> {
    let text = strip_leader(text);
    if let Some((part, _)) = part_heading(&text) {
        return Some(part);
    }
    section_heading(&text).map(|_| squash(&text))
}

fn toc_entries(texts: &[Option<String>]) -> Vec<Entry> {
    let mut part = String::new();
    let mut entries = Vec::new();
    for text in texts.iter().flatten() {
        if let Some(e) = parse_entry(&strip_leader(text), &mut part) {
            entries.push(e);
        }
    }
    entries
}

fn parse_entry(text: &str, part: &mut String) -> Option<Entry> {
    if let Some((p, title)) = part_heading(text) {
        *part = p.clone();
        return Some(Entry {
            part: p,
            number: String::new(),
            title,
        });
    }
    let (num, title) = section_heading(text)?;
    Some(Entry {
        part: part.clone(),
        number: format!("{num}、"),
        title,
    })
}

/// How far ahead of the expected entry a body heading may match: entries
/// the body leaves out are skipped, but only a few, so that a later
/// section's title in running text cannot pull the cursor away.
const LOOKAHEAD: usize = 6;

fn match_body(texts: &[Option<String>], out: &mut Outline) {
    let mut next = 0;
    for (i, text) in texts.iter().enumerate().skip(out.body_start) {
        let Some(text) = text else { continue };
        let end = (next + LOOKAHEAD).min(out.entries.len());
        let hit = (next..end).find(|&k| is_heading_of(text, &out.entries[k]));
        if let Some(k) = hit {
            out.heading_at[i] = Some(k);
            next = k + 1;
        }
    }
}

fn is_heading_of(text: &str, entry: &Entry) -> bool {
    if entry.number.is_empty() {
        return part_heading(text).is_some_and(|(p, _)| p == entry.part);
    }
    let t = squash(text);
    let title = squash(&entry.title);
    t == title || t == format!("{}{}", entry.number, title) || {
        section_heading(&t)
            .is_some_and(|(n, rest)| format!("{n}、") == entry.number && rest == title)
    }
}

/// Headings of a report without a 目录.
fn guess_headings(texts: &[Option<String>], out: &mut Outline) {
    let mut part = String::new();
    for (i, text) in texts.iter().enumerate() {
        let Some(text) = text else { continue };
        let looks_like_heading = text.chars().count() <= 40
            && !text.contains(['。', '；', '：', ':', '，'])
            || part_heading(text).is_some();
        if !looks_like_heading {
            continue;
        }
        if let Some(e) = parse_entry(text, &mut part) {
            out.heading_at[i] = Some(out.entries.len());
            out.entries.push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines().map(Line::from_tabbed).collect()
    }

    #[test]
    fn toc_names_the_headings() {
        let doc = lines(
            "目 录\n第一部分 概况\n一、主要职能\n二、机构设置\n第二部分 名词解释\n\
             第一部分 概况\n一、主要职能\n负责。\n二、机构设置\n\
             第二部分 名词解释\n一、财政拨款收入：单位取得的资金。",
        );
        let o = outline(&doc);
        assert_eq!(o.body_start, 5);
        assert_eq!(o.entries.len(), 4);
        let headings: Vec<usize> = (0..doc.len())
            .filter(|&i| o.heading_at[i].is_some())
            .collect();
        assert_eq!(headings, vec![5, 6, 8, 9]);
    }

    #[test]
    fn toc_with_dot_leaders() {
        let doc = lines("目录\n第一部分 概况……3\n一、职能……3\n第一部分 概况\n一、职能\n");
        let o = outline(&doc);
        assert_eq!(o.body_start, 3);
        assert_eq!(o.entries[1].title, "职能");
    }
}
