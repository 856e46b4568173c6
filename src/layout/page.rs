//! Page furniture: page numbers, running headers and footers. They are
//! dropped so that a table going on over a page break reads as one run of
//! rows, and so that a bare `5` is never taken for a value.

use std::collections::HashMap;

use super::{Block, Placed};
use crate::model::Line;
use crate::text::{is_note, is_page_number, is_title, meta, number, split_label};

/// Drop page numbers: a text line that reads as one and is either in the
/// top or bottom `margin` (a share of the page `height`) or the first or
/// last thing on the page.
pub fn drop_furniture(blocks: &mut Vec<Placed>, height: f32, margin: f32) {
    let n = blocks.len();
    let mut k = 0;
    blocks.retain(|b| {
        let i = k;
        k += 1;
        let Block::Text(line, _) = &b.block else {
            return true;
        };
        let edge = i == 0 || i + 1 == n;
        let in_margin = b.rect.y1 < height * margin || b.rect.y0 > height * (1.0 - margin);
        !((edge || in_margin) && is_page_number(&line.text()))
    });
}

/// Text lines looked at from the top and from the bottom of each page for
/// running heads and feet (a head and a page number, a foot of two lines).
const EDGE_LINES: usize = 2;
/// A running head or foot is printed on at least this many pages (and on
/// [`min_running_share`](super::LayoutSettings::min_running_share) of them).
const MIN_PAGES: usize = 3;

/// Drop running heads and feet: text lines at the top or the bottom of
/// a page (before the first or after the last table) whose text, digits
/// and page-number words aside, recurs at the edge of many pages
/// (`某局（本级）2026年度单位预算公开`, `某局 第 3 页`). They would
/// otherwise stand between the parts of a table that goes on over a page
/// break and cut it in two. Titles, labels and unit lines are never
/// dropped: a table's repeated title tells that it goes on. A line is
/// running when at least `min_share` of the pages print it.
pub fn drop_running(pages: &mut [Vec<Placed>], min_share: f32) {
    let keys: Vec<Vec<(usize, String)>> = pages.iter().map(|p| edge_keys(p)).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for page in &keys {
        let mut seen: Vec<&str> = page.iter().map(|(_, k)| k.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.into_iter()
            .for_each(|k| *count.entry(k).or_default() += 1);
    }
    let least = MIN_PAGES.max((min_share * pages.len() as f32).ceil() as usize);
    let running: Vec<Vec<usize>> = keys
        .iter()
        .map(|page| {
            page.iter()
                .filter(|(_, k)| count.get(k.as_str()).is_some_and(|&n| n >= least))
                .map(|(i, _)| *i)
                .collect()
        })
        .collect();
    // The first page is the cover, where the same words are its title.
    for (page, drop) in pages.iter_mut().zip(running).skip(1) {
        let mut k = 0;
        page.retain(|_| {
            k += 1;
            !drop.contains(&(k - 1))
        });
    }
}

/// The furniture keys of the text lines at a page's top and bottom edges,
/// with their index on the page.
fn edge_keys(page: &[Placed]) -> Vec<(usize, String)> {
    let is_text = |b: &Placed| matches!(b.block, Block::Text(..));
    let top = page
        .iter()
        .take_while(|b| is_text(b))
        .count()
        .min(EDGE_LINES);
    let bottom = page
        .iter()
        .rev()
        .take_while(|b| is_text(b))
        .count()
        .min(EDGE_LINES);
    let mut at: Vec<usize> = (0..top).collect();
    at.extend((page.len() - bottom..page.len()).filter(|&i| i >= top));
    at.into_iter()
        .filter_map(|i| match &page[i].block {
            Block::Text(line, _) => furniture_key(line).map(|k| (i, k)),
            Block::Table { .. } => None,
        })
        .collect()
}

/// A line's text as compared across pages: short digit runs, page-number
/// words and whitespace removed. `None` for lines that must stay whatever repeats:
/// titles, labels, unit and year lines, and lines holding amounts.
fn furniture_key(line: &Line) -> Option<String> {
    let cells: Vec<&str> = line
        .cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let preamble = |t: &str| {
        let bare = t.trim_matches(['(', ')', '（', '）']);
        meta(t).is_some() || meta(bare).is_some() || is_title(t) || split_label(t).is_some()
    };
    if cells.first().is_some_and(|t| is_note(t)) {
        return None;
    }
    if cells.is_empty() || cells.iter().all(|t| preamble(t)) {
        return None;
    }
    if cells
        .iter()
        .any(|t| number(t).is_some_and(|n| n.contains('.')))
    {
        return None;
    }
    let key = short_numbers_out(&line.text());
    let words = key.chars().filter(|c| is_cjk(*c)).count();
    (words >= MIN_KEY_CHARS).then_some(key)
}

/// Digit runs that change from page to page in furniture are short: page
/// numbers and counts. Longer ones (a phone number, a code) are kept, so
/// that lines differing in them are not taken for one repeated line.
const MAX_PAGE_DIGITS: usize = 4;

/// `text` without whitespace, page-number words and digit runs of at most
/// [`MAX_PAGE_DIGITS`] digits.
fn short_numbers_out(text: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.len() > MAX_PAGE_DIGITS {
            out.push_str(&digits);
        }
        digits.clear();
        if !c.is_whitespace() && !PAGE_WORDS.contains(c) {
            out.push(c);
        }
    }
    out
}

/// Characters of page-number phrases (第 3 页 共 20 页, - 3 -, 3/20).
const PAGE_WORDS: &str = "第页共-—–－―/／.·";
/// A running head names its unit or report in words: fewer Chinese
/// characters than this left once digits are gone is a page number
/// (handled by [`drop_furniture`]) or a code (`SF/T 0111—2021`), whose
/// lines differ in their digits alone.
const MIN_KEY_CHARS: usize = 2;

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::super::LayoutSettings;
    use super::*;

    fn text(t: &str, y: f32) -> Placed {
        Placed {
            block: Block::Text(Line::from_tabbed(t), Vec::new()),
            rect: super::super::words::Rect {
                x0: 0.0,
                y0: y,
                x1: 100.0,
                y1: y + 10.0,
            },
        }
    }

    fn texts(page: &[Placed]) -> Vec<String> {
        page.iter()
            .map(|b| match &b.block {
                Block::Text(l, _) => l.text(),
                Block::Table { .. } => "table".to_string(),
            })
            .collect()
    }

    #[test]
    fn running_heads_and_feet_go_titles_and_body_text_stay() {
        let mut pages: Vec<Vec<Placed>> = (1..=4)
            .map(|n| {
                vec![
                    text("某局（本级）2026年度单位预算公开", 20.0),
                    text("支出总表", 60.0),
                    text(
                        ["", "收入说明", "支出说明", "三公说明", "名词解释"][n],
                        400.0,
                    ),
                    text(&format!("某局\t第 {n} 页 共 4 页"), 800.0),
                ]
            })
            .collect();
        drop_running(&mut pages, LayoutSettings::DEFAULT.min_running_share);
        assert_eq!(texts(&pages[0]).len(), 4, "the cover keeps its lines");
        for page in &pages[1..] {
            let kept = texts(page);
            assert_eq!(kept.len(), 2, "{kept:?}");
            assert_eq!(kept[0], "支出总表");
            assert!(kept[1].ends_with("说明") || kept[1] == "名词解释");
        }
    }

    #[test]
    fn notes_year_lines_and_lines_differing_in_long_numbers_stay() {
        let mut pages: Vec<Vec<Placed>> = (1..=4)
            .map(|n| {
                vec![
                    text("（2026年度）", 20.0),
                    text("表", 400.0),
                    text(&format!("投诉电话：0851—2893262{n}"), 780.0),
                    text("注：本表金额单位转换时可能存在尾数误差。", 800.0),
                ]
            })
            .collect();
        drop_running(&mut pages, LayoutSettings::DEFAULT.min_running_share);
        assert!(pages.iter().all(|p| p.len() == 4), "{:?}", texts(&pages[1]));
    }

    #[test]
    fn a_page_number_inside_the_margin_band_is_dropped() {
        // Height 1000: the top 12 % end at 120.
        let kept = |y: f32| {
            let mut page = vec![text("正文", 20.0), text("5", y), text("正文", 400.0)];
            drop_furniture(&mut page, 1000.0, LayoutSettings::DEFAULT.margin);
            page.len()
        };
        assert_eq!(kept(109.9), 2);
        assert_eq!(kept(110.1), 3);
    }

    /// The first line kept on page 2 of a file of `pages` pages whose
    /// first `on` pages open with the same head.
    fn second_page_head(pages: usize, on: usize) -> String {
        let mut pages: Vec<Vec<Placed>> = (1..=pages)
            .map(|n| {
                let head = if n <= on {
                    "某局预算公开"
                } else {
                    "正文"
                };
                vec![text(head, 20.0), text(&format!("第{n}段"), 400.0)]
            })
            .collect();
        drop_running(&mut pages, LayoutSettings::DEFAULT.min_running_share);
        texts(&pages[1])[0].clone()
    }

    #[test]
    fn a_line_on_min_running_share_of_the_pages_is_running() {
        // 30 pages: a fifth is 6.
        assert_eq!(second_page_head(30, 5), "某局预算公开");
        assert_eq!(second_page_head(30, 6), "第2段");
    }

    #[test]
    fn a_line_on_few_pages_is_not_furniture() {
        // 3 of 20 pages is under the share a running head needs.
        assert_eq!(second_page_head(20, 3), "某局预算公开");
    }
}
