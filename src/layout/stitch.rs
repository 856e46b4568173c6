//! Pages put together. A table that goes on at the top of the next page
//! (nothing before it there but its repeated title or label) after a
//! table that ran to the foot of the page before is put back on the
//! columns of its first part: each cell goes to the first part's columns
//! its extent covers, not to the column of the same count. A continuation
//! drawn with fewer column rulings (sub-columns only exist where the
//! header is printed), or an unruled one where a column is blank on the
//! whole page, so keeps every value under its own header.

use super::{spanned_cells, Block, Piece, Placed, Slot};
use crate::model::Line;
use crate::text::{number, squash, strip_continued};

use super::LayoutSettings;

/// Text lines before a table looked back at for a repeated title.
const LOOK_BACK: usize = 6;

/// The blocks of all pages in order, each with its page number and
/// whether it is a table joined to the one before; tables continued at
/// the top of a page regridded onto their first part.
pub fn stitch(pages: Vec<Vec<Placed>>, s: &LayoutSettings) -> Vec<(u32, Block, bool)> {
    let mut out: Vec<(u32, Block, bool)> = Vec::new();
    // The header of the table the last table block belongs to: the rows
    // above its first number, as printed where it starts.
    let mut header: Vec<String> = Vec::new();
    for page in pages {
        let number = page_number(&page);
        let lead = repeated_lead(&page, &out);
        let target = match out.last() {
            Some((_, Block::Table { xs, .. }, _)) => xs.clone(),
            _ => Vec::new(),
        };
        for (i, placed) in page.into_iter().enumerate() {
            let (block, joined) = match placed.block {
                Block::Table { xs, rows, pieces } if Some(i) == lead && goes_on(&rows, &header) => {
                    (regrid(xs, rows, pieces, &target, s), true)
                }
                Block::Table { xs, rows, pieces } => {
                    header = header_keys(&rows);
                    (Block::Table { xs, rows, pieces }, false)
                }
                block => (block, false),
            };
            out.push((number, block, joined));
        }
    }
    out
}

/// Rows opening a page that go on from the table above: bare data rows,
/// or that table's header printed again (a row naming a title, or any
/// other header, starts a table of its own).
fn goes_on(rows: &[Line], header: &[String]) -> bool {
    header_keys(rows).iter().all(|k| header.contains(k))
}

/// The rows of a table above its first row holding a number, each as its
/// text without whitespace.
fn header_keys(rows: &[Line]) -> Vec<String> {
    rows.iter()
        .take_while(|r| !r.cells.iter().any(|c| number(&c.text).is_some()))
        .map(|r| squash(&r.text()))
        .collect()
}

/// The index of a page's first block when it is a table that may go on
/// from the previous page's last: the page opens with it, or only with
/// text lines repeating the lines above that table (its title, label,
/// unit line, maybe marked 续).
fn repeated_lead(page: &[Placed], out: &[(u32, Block, bool)]) -> Option<usize> {
    let first = page
        .iter()
        .position(|p| matches!(p.block, Block::Table { .. }))?;
    if !matches!(out.last(), Some((_, Block::Table { .. }, _))) {
        return None;
    }
    let above: Vec<String> = out
        .iter()
        .rev()
        .skip(1)
        .take(LOOK_BACK)
        .filter_map(|(_, b, _)| match b {
            Block::Text(line, _) => Some(key(line)),
            Block::Table { .. } => None,
        })
        .collect();
    page[..first]
        .iter()
        .all(|p| match &p.block {
            Block::Text(line, _) => above.contains(&key(line)),
            Block::Table { .. } => false,
        })
        .then_some(first)
}

/// A text line as compared with the lines above a table.
fn key(line: &Line) -> String {
    squash(strip_continued(&line.text()).0)
}

fn page_number(page: &[Placed]) -> u32 {
    page.iter()
        .find_map(|p| match &p.block {
            Block::Text(l, _) => l.page,
            Block::Table { rows, .. } => rows.first().and_then(|l| l.page),
        })
        .unwrap_or(0)
}

/// Rows put on the columns `target` by their cells' extents, when the
/// table lies across the same width of the page and no two of a row's
/// amounts fall in one column; otherwise left as they are.
fn regrid(
    xs: Vec<f32>,
    rows: Vec<Line>,
    pieces: Option<Vec<Vec<Piece>>>,
    target: &[f32],
    s: &LayoutSettings,
) -> Block {
    if same_bounds(&xs, target, s.same_column_x) || !shares_width(&xs, target, s.min_shared_width) {
        return Block::Table { xs, rows, pieces };
    }
    let printed = pieces
        .clone()
        .unwrap_or_else(|| rows.iter().map(|r| cell_pieces(r, &xs)).collect());
    let placed: Option<Vec<Line>> = rows
        .iter()
        .zip(&printed)
        .map(|(row, p)| regrid_row(p, target, row.page, s.min_cover))
        .collect();
    match placed {
        Some(placed) => Block::Table {
            xs: target.to_vec(),
            rows: placed,
            pieces: None,
        },
        None => Block::Table { xs, rows, pieces },
    }
}

/// Whether two tables' column boundaries are the same, each within `same_x`.
fn same_bounds(a: &[f32], b: &[f32], same_x: f32) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(p, q)| (p - q).abs() <= same_x)
}

/// Whether two tables share at least `least` of their joint width.
fn shares_width(a: &[f32], b: &[f32], least: f32) -> bool {
    let (a0, a1, b0, b1) = (a[0], a[a.len() - 1], b[0], b[b.len() - 1]);
    let shared = a1.min(b1) - a0.max(b0);
    let joint = a1.max(b1) - a0.min(b0);
    joint > 0.0 && shared / joint >= least
}

/// The target columns a cell of extent `x` covers (overlaps by at least
/// `min_cover` of the narrower of the two), first and last; the nearest
/// where it covers none.
fn cover(x: (f32, f32), target: &[f32], min_cover: f32) -> (usize, usize) {
    let cols = target.len() - 1;
    let covered: Vec<usize> = (0..cols)
        .filter(|&c| {
            let (c0, c1) = (target[c], target[c + 1]);
            let shared = x.1.min(c1) - x.0.max(c0);
            shared > 0.0 && shared >= min_cover * (x.1 - x.0).min(c1 - c0)
        })
        .collect();
    match (covered.first(), covered.last()) {
        (Some(&f), Some(&l)) => (f, l),
        _ => {
            let mid = (x.0 + x.1) / 2.0;
            let dist = |c: usize| (mid - (target[c] + target[c + 1]) / 2.0).abs();
            let n = (0..cols)
                .min_by(|&a, &b| dist(a).total_cmp(&dist(b)))
                .unwrap_or(0);
            (n, n)
        }
    }
}

/// One row on the target columns; pieces falling in one column are
/// joined with a space. `None` when two amounts would share a column
/// (then the tables are not on the same columns).
fn regrid_row(pieces: &[Piece], target: &[f32], page: Option<u32>, min_cover: f32) -> Option<Line> {
    let cols = target.len() - 1;
    let mut slots: Vec<Slot<()>> = vec![None; cols];
    for (text, x) in pieces {
        let (first, last) = cover(*x, target, min_cover);
        match &mut slots[first] {
            Some((held, _, _)) if number(held).is_some() || number(text).is_some() => return None,
            Some((held, _, _)) => {
                held.push(' ');
                held.push_str(text);
            }
            slot => *slot = Some((text.clone(), last, ())),
        }
    }
    let cells = spanned_cells(slots, |_| ()).into_iter().map(|(c, _)| c);
    Some(Line {
        cells: cells.collect(),
        page,
    })
}

/// The filled cells of a row on the boundaries `xs`, with their edges.
fn cell_pieces(row: &Line, xs: &[f32]) -> Vec<Piece> {
    let mut c = 0;
    let mut out = Vec::new();
    for cell in &row.cells {
        let span = usize::from(cell.span.max(1));
        if !cell.is_blank() {
            let edge = (xs[c.min(xs.len() - 1)], xs[(c + span).min(xs.len() - 1)]);
            out.push((cell.text.clone(), edge));
        }
        c += span;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn pieces(cells: &[(&str, f32, f32)]) -> Option<Vec<Vec<Piece>>> {
        Some(vec![cells
            .iter()
            .map(|c| (c.0.to_string(), (c.1, c.2)))
            .collect()])
    }

    fn row(cells: &[(&str, f32, f32)]) -> Vec<Line> {
        vec![Line {
            cells: cells.iter().map(|c| Cell::new(c.0)).collect(),
            page: Some(2),
        }]
    }

    fn regridded(block: &Block) -> Vec<Vec<String>> {
        let Block::Table { rows, .. } = block else {
            panic!("a table");
        };
        rows.iter().map(Line::grid).collect()
    }

    const TARGET: [f32; 4] = [10.0, 100.0, 200.0, 300.0];

    #[test]
    fn fewer_ruled_columns_go_back_on_the_first_grid() {
        let cells = [("a", 10.0, 100.0), ("1", 100.0, 300.0)];
        let block = regrid(
            vec![10.0, 100.0, 300.0],
            row(&cells),
            pieces(&cells),
            &TARGET,
            &LayoutSettings::DEFAULT,
        );
        let Block::Table { rows, .. } = &block else {
            panic!("a table");
        };
        assert_eq!(rows[0].cells[1].span, 2);
        assert_eq!(regridded(&block), [["a", "1", ""]]);
    }

    #[test]
    fn unruled_cells_go_to_the_column_under_their_text() {
        // Page 2 has no value in the middle column: its own columns are
        // two, the text of the last value lies under the third column.
        let cells = [("行政运行", 10.0, 60.0), ("3.00", 260.0, 295.0)];
        let block = regrid(
            vec![10.0, 100.0, 300.0],
            row(&cells),
            pieces(&cells),
            &TARGET,
            &LayoutSettings::DEFAULT,
        );
        assert_eq!(regridded(&block), [["行政运行", "", "3.00"]]);
    }

    #[test]
    fn header_words_joined_on_the_page_part_again() {
        let printed = [
            ("项目", 10.0, 40.0),
            ("合计", 120.0, 150.0),
            ("基本支出", 210.0, 260.0),
        ];
        let joined = [("项目", 10.0, 40.0), ("合计 基本支出", 120.0, 260.0)];
        let block = regrid(
            vec![10.0, 100.0, 300.0],
            row(&joined),
            pieces(&printed),
            &TARGET,
            &LayoutSettings::DEFAULT,
        );
        assert_eq!(regridded(&block), [["项目", "合计", "基本支出"]]);
    }

    /// The column boundaries a table on `xs` with `cells` is left on.
    fn regridded_xs(xs: Vec<f32>, cells: &[(&str, f32, f32)]) -> Vec<f32> {
        let block = regrid(
            xs,
            row(cells),
            pieces(cells),
            &TARGET,
            &LayoutSettings::DEFAULT,
        );
        let Block::Table { xs, .. } = block else {
            panic!("a table");
        };
        xs
    }

    #[test]
    fn boundaries_within_same_column_x_are_the_same_columns() {
        let cells = |x: f32| [("a", 10.0, 100.0), ("1", 100.0, x), ("2", x, 300.0)];
        // Within 2 pt: left on its own boundaries; beyond: on the first part's.
        let near = vec![10.0, 100.0, 201.9, 300.0];
        assert_eq!(regridded_xs(near.clone(), &cells(201.9)), near);
        let off = vec![10.0, 100.0, 202.1, 300.0];
        assert_eq!(regridded_xs(off, &cells(202.1)), TARGET);
    }

    #[test]
    fn a_table_sharing_under_min_shared_width_is_not_regridded() {
        // The target is 290 wide from 10: 0.7 of it ends at 213.
        let cells = |x: f32| [("a", 10.0, 100.0), ("1", 100.0, x)];
        assert_eq!(
            regridded_xs(vec![10.0, 100.0, 214.0], &cells(214.0)),
            TARGET
        );
        let narrow = vec![10.0, 100.0, 212.0];
        assert_eq!(regridded_xs(narrow.clone(), &cells(212.0)), narrow);
    }

    #[test]
    fn a_cell_covers_a_column_it_overlaps_by_min_cover_of_the_narrower() {
        // 149 wide, so the narrower is the 100-wide column: 50 pt needed.
        assert_eq!(cover((100.0, 249.0), &TARGET, 0.5), (1, 1));
        assert_eq!(cover((100.0, 251.0), &TARGET, 0.5), (1, 2));
    }

    #[test]
    fn a_table_on_other_columns_is_left_as_it_is() {
        // Both amounts fall in the target's second column.
        let cells = [("1.00", 110.0, 150.0), ("2.00", 160.0, 190.0)];
        let block = regrid(
            vec![10.0, 100.0, 300.0],
            row(&cells),
            pieces(&cells),
            &TARGET,
            &LayoutSettings::DEFAULT,
        );
        assert_eq!(regridded(&block), [["1.00", "2.00"]]);
    }
}
