//! Tables drawn without rulings, read from text alignment alone.
//!
//! A run of text lines laid out in cells (wide gaps between their parts)
//! with amounts in some of them is a table. Its columns are where the
//! cells of the rows holding amounts lie: their x ranges, merged where
//! they overlap, are the columns (header cells are left out of that, for
//! a header centred over several columns would bridge them). Every line
//! of the run is then put on those columns: a cell goes to the columns it
//! overlaps, one cell over several is a merged cell. Single-cell lines
//! between two such lines (a row whose values are all blank, a wrapped
//! name) belong to the table too.

use super::words::Rect;
use super::{spanned_cells, Block, Piece, Placed};
use crate::model::Line;
use crate::text::number;

use super::LayoutSettings;

/// Fewer lines than this are not taken for a table.
const MIN_LINES: usize = 3;

/// Replace each run of text lines that reads as an unruled table by a
/// table block.
pub fn tables(blocks: &mut Vec<Placed>, s: &LayoutSettings) {
    let mut out: Vec<Placed> = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        let end = run_end(blocks, i, s);
        match (end - i >= MIN_LINES)
            .then(|| table(&blocks[i..end], s))
            .flatten()
        {
            Some(t) => {
                out.push(t);
                i = end;
            }
            None => {
                out.push(blocks[i].clone());
                i += 1;
            }
        }
    }
    *blocks = out;
}

fn cells(b: &Placed) -> Option<(&Line, &[(f32, f32)])> {
    match &b.block {
        Block::Text(line, edges) => Some((line, edges)),
        Block::Table { .. } => None,
    }
}

fn is_multi(b: &Placed) -> bool {
    cells(b).is_some_and(|(l, _)| l.cells.len() > 1)
}

/// The end of the run of table-like lines starting at `i`: multi-cell
/// lines, and single-cell lines closely between two of them (each gap
/// under [`max_line_gap`](LayoutSettings::max_line_gap)).
fn run_end(blocks: &[Placed], i: usize, s: &LayoutSettings) -> usize {
    if !is_multi(&blocks[i]) {
        return i;
    }
    let mut end = i + 1;
    let mut k = i + 1;
    while k < blocks.len() && cells(&blocks[k]).is_some() {
        if is_multi(&blocks[k]) {
            if !close(&blocks[k - 1].rect, &blocks[k].rect, s) {
                break;
            }
            end = k + 1;
        } else if !close(&blocks[k - 1].rect, &blocks[k].rect, s) {
            break;
        }
        k += 1;
    }
    end
}

fn close(a: &Rect, b: &Rect, s: &LayoutSettings) -> bool {
    b.y0 - a.y1 < s.max_line_gap * a.height().max(b.height())
}

/// The table of a run of lines, if its number rows give two columns or
/// more.
fn table(run: &[Placed], s: &LayoutSettings) -> Option<Placed> {
    let columns = columns(run, s)?;
    let placed: Vec<Row> = run
        .iter()
        .filter_map(|b| {
            let (line, edges) = cells(b)?;
            let printed = line
                .cells
                .iter()
                .zip(edges)
                .filter(|(c, _)| !c.is_blank())
                .map(|(c, &x)| (c.text.clone(), x))
                .collect();
            let (placed, extents) = place(line, edges, &columns);
            Some(Row {
                line: placed,
                rect: b.rect,
                extents,
                printed,
            })
        })
        .collect();
    let (rows, pieces) = join_wrapped_header(placed, s);
    let mut xs: Vec<f32> = vec![columns[0].0];
    xs.extend(columns.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0));
    xs.push(columns[columns.len() - 1].1);
    let rect = run
        .iter()
        .map(|b| b.rect)
        .reduce(Rect::union)
        .expect("a run has lines");
    Some(Placed {
        block: Block::Table {
            xs,
            rows,
            pieces: Some(pieces),
        },
        rect,
    })
}

/// The left and right edge of each cell of a line.
type Extents = Vec<(f32, f32)>;

/// A column's text, the last column it spans and the text's extent.
type Slot = super::Slot<(f32, f32)>;

/// A line of the table: put on the columns, its box, the extent of each
/// of its cells, and its filled cells as printed.
struct Row {
    line: Line,
    rect: Rect,
    extents: Extents,
    printed: Vec<Piece>,
}

/// An amount as printed in a data row: a number with decimals or
/// thousands separators (not a 栏次 number, a code or a year).
fn is_amount(text: &str) -> bool {
    number(text).is_some() && text.contains(['.', ','])
}

/// Column x ranges: the cells of lines holding an amount, merged where
/// they overlap or lie within [`column_gap`](LayoutSettings::column_gap).
fn columns(run: &[Placed], s: &LayoutSettings) -> Option<Vec<(f32, f32)>> {
    let mut spans: Vec<(f32, f32)> = run
        .iter()
        .filter_map(cells)
        .filter(|(l, _)| l.cells.len() > 1 && l.cells.iter().any(|c| is_amount(&c.text)))
        .flat_map(|(_, e)| e.iter().copied())
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in spans {
        match merged.last_mut() {
            Some(m) if x0 <= m.1 + s.column_gap => m.1 = m.1.max(x1),
            _ => merged.push((x0, x1)),
        }
    }
    (merged.len() >= 2).then_some(merged)
}

/// One line on the columns: each cell in the first column it overlaps,
/// spanning every column it overlaps; a cell that overlaps none goes to
/// the nearest. Two cells in one column are joined with a space. Each
/// cell comes with the extent of its text (of its columns if blank).
fn place(line: &Line, edges: &[(f32, f32)], columns: &[(f32, f32)]) -> (Line, Extents) {
    let mut slots: Vec<Slot> = vec![None; columns.len()];
    for (cell, &(x0, x1)) in line.cells.iter().zip(edges) {
        let hit: Vec<usize> = (0..columns.len())
            .filter(|&c| columns[c].0 < x1 && columns[c].1 > x0)
            .collect();
        let (first, last) = match (hit.first(), hit.last()) {
            (Some(&f), Some(&l)) => (f, l),
            _ => {
                let n = nearest(columns, (x0 + x1) / 2.0);
                (n, n)
            }
        };
        match &mut slots[first] {
            Some((text, _, extent)) => {
                text.push(' ');
                text.push_str(&cell.text);
                *extent = (extent.0.min(x0), extent.1.max(x1));
            }
            slot => *slot = Some((cell.text.clone(), last, (x0, x1))),
        }
    }
    let (cells, extents) = spanned_cells(slots, |c| columns[c]).into_iter().unzip();
    let line = Line {
        cells,
        page: line.page,
    };
    (line, extents)
}

/// Header lines that only finish the cells above them (`功能分类科目编`
/// over `码`) joined to those cells. Only above the first amount, only a
/// line with at most two cells, each under a filled cell, close below.
fn join_wrapped_header(placed: Vec<Row>, s: &LayoutSettings) -> (Vec<Line>, Vec<Vec<Piece>>) {
    let mut out: Vec<Row> = Vec::with_capacity(placed.len());
    let mut in_header = true;
    for row in placed {
        in_header &= !row.line.cells.iter().any(|c| is_amount(&c.text));
        match out.last_mut() {
            Some(prev) if in_header && finishes(prev, &row, s) => {
                join_into(prev, &row);
            }
            _ => out.push(row),
        }
    }
    out.into_iter().map(|r| (r.line, r.printed)).unzip()
}

/// A wrapped header line's cells appended to the cells above; the joined
/// cells are then the row's pieces, each over both lines' extents.
fn join_into(prev: &mut Row, row: &Row) {
    let cells = prev.line.cells.iter_mut().zip(&row.line.cells);
    for ((p, c), (px, x)) in cells.zip(prev.extents.iter_mut().zip(&row.extents)) {
        if !c.is_blank() {
            *px = (px.0.min(x.0), px.1.max(x.1));
        }
        p.text.push_str(&c.text);
    }
    prev.rect.y1 = row.rect.y1;
    prev.printed = prev
        .line
        .cells
        .iter()
        .zip(&prev.extents)
        .filter(|(c, _)| !c.is_blank())
        .map(|(c, &x)| (c.text.clone(), x))
        .collect();
}

/// Whether `row` finishes the cells of `prev`: on the same columns, one
/// or two cells filled, each under a filled one, and closer below than
/// [`wrap_gap`](LayoutSettings::wrap_gap) of its height.
fn finishes(prev: &Row, row: &Row, s: &LayoutSettings) -> bool {
    let (prev_rect, rect) = (&prev.rect, &row.rect);
    let (prev, line) = (&prev.line, &row.line);
    let filled = line.cells.iter().filter(|c| !c.is_blank()).count();
    let same_grid = prev.cells.len() == line.cells.len()
        && prev
            .cells
            .iter()
            .zip(&line.cells)
            .all(|(p, c)| p.span == c.span);
    same_grid
        && (1..=2).contains(&filled)
        && rect.y0 - prev_rect.y1 < s.wrap_gap * rect.height()
        && prev
            .cells
            .iter()
            .zip(&line.cells)
            .all(|(p, c)| c.is_blank() || !p.is_blank())
}

fn nearest(columns: &[(f32, f32)], x: f32) -> usize {
    let dist = |c: &(f32, f32)| (x - (c.0 + c.1) / 2.0).abs();
    (0..columns.len())
        .min_by(|&a, &b| dist(&columns[a]).total_cmp(&dist(&columns[b])))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cell;

    fn text(y: f32, cells: &[(&str, f32, f32)]) -> Placed {
        Placed {
            block: Block::Text(
                Line {
                    cells: cells.iter().map(|c| Cell::new(c.0)).collect(),
                    page: Some(1),
                },
                cells.iter().map(|c| (c.1, c.2)).collect(),
            ),
            rect: Rect {
                x0: cells[0].1,
                y0: y,
                x1: cells[cells.len() - 1].2,
                y1: y + 10.0,
            },
        }
    }

    fn grid_of(blocks: &[Placed]) -> Vec<Vec<String>> {
        let Block::Table { rows, .. } = &blocks[0].block else {
            panic!("a table");
        };
        rows.iter().map(Line::grid).collect()
    }

    #[test]
    fn cells_within_column_gap_are_one_column() {
        let read = |gap: f32| {
            let mut blocks = vec![
                text(0.0, &[("合计", 10.0, 30.0), ("5.00", 100.0, 120.0)]),
                text(
                    14.0,
                    &[("行政运行", 10.0, 50.0), ("3.00", 120.0 + gap, 140.0)],
                ),
                text(28.0, &[("其他", 10.0, 30.0), ("2.00", 100.0, 120.0)]),
            ];
            tables(&mut blocks, &LayoutSettings::DEFAULT);
            grid_of(&blocks)[1].clone()
        };
        assert_eq!(read(1.9), ["行政运行", "3.00"]);
        assert_eq!(read(2.1), ["行政运行", "", "3.00"]);
    }

    #[test]
    fn a_line_further_than_max_line_gap_below_ends_the_table() {
        // Lines 10 high: 2.5 line heights are 25 pt.
        let read = |gap: f32| {
            let mut blocks: Vec<Placed> = (0..3)
                .map(|r| {
                    text(
                        14.0 * r as f32,
                        &[("合计", 10.0, 30.0), ("5.00", 100.0, 120.0)],
                    )
                })
                .collect();
            let y = 38.0 + gap;
            blocks.push(text(y, &[("人大事务", 10.0, 50.0)]));
            blocks.push(text(
                y + 14.0,
                &[("行政运行", 10.0, 50.0), ("3.00", 100.0, 120.0)],
            ));
            tables(&mut blocks, &LayoutSettings::DEFAULT);
            blocks.len()
        };
        assert_eq!(read(24.9), 1);
        assert_eq!(read(25.1), 3);
    }

    #[test]
    fn a_header_line_closer_than_wrap_gap_finishes_the_cells_above() {
        // Lines 10 high: 0.6 of it is 6 pt.
        let read = |gap: f32| {
            let mut blocks = vec![
                text(0.0, &[("科目编", 10.0, 40.0), ("金额", 100.0, 120.0)]),
                text(10.0 + gap, &[("码", 10.0, 20.0)]),
                text(30.0, &[("合计", 10.0, 30.0), ("5.00", 100.0, 120.0)]),
                text(44.0, &[("其他", 10.0, 30.0), ("2.00", 100.0, 120.0)]),
            ];
            tables(&mut blocks, &LayoutSettings::DEFAULT);
            grid_of(&blocks)[0].clone()
        };
        assert_eq!(read(5.9), ["科目编码", "金额"]);
        assert_eq!(read(6.1), ["科目编", "金额"]);
    }

    #[test]
    fn aligned_lines_become_a_table() {
        let mut blocks = vec![
            text(0.0, &[("项目", 10.0, 30.0), ("本年支出", 120.0, 200.0)]),
            text(
                14.0,
                &[
                    ("合计", 10.0, 30.0),
                    ("5.00", 120.0, 140.0),
                    ("3.00", 180.0, 200.0),
                ],
            ),
            text(28.0, &[("人大事务", 10.0, 50.0)]),
            text(42.0, &[("行政运行", 10.0, 50.0), ("3.00", 180.0, 200.0)]),
        ];
        tables(&mut blocks, &LayoutSettings::DEFAULT);
        assert_eq!(blocks.len(), 1);
        let Block::Table { rows, .. } = &blocks[0].block else {
            panic!("a table");
        };
        let grid: Vec<Vec<String>> = rows.iter().map(Line::grid).collect();
        assert_eq!(grid[0], ["项目", "本年支出", ""]);
        assert_eq!(rows[0].cells[1].span, 2);
        assert_eq!(grid[1], ["合计", "5.00", "3.00"]);
        assert_eq!(grid[2], ["人大事务", "", ""]);
        assert_eq!(grid[3], ["行政运行", "", "3.00"]);
    }
}
