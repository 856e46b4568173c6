//! Pages put together. A table that goes on at the top of the next page
//! is often drawn there with fewer column rulings (a header cell's
//! sub-columns only exist where the header is printed): its rows are put
//! back on the columns of the table's first part, so that every row of
//! the table has the same columns.

use super::{Block, Placed};
use crate::model::{Cell, Line};

/// Column boundaries closer than this (points) are the same boundary.
const SAME_X: f32 = 2.0;

/// The blocks of all pages in order, each with its page number; tables
/// continued at the top of a page regridded onto their first part.
pub fn stitch(pages: Vec<Vec<Placed>>) -> Vec<(u32, Block)> {
    let mut out: Vec<(u32, Block)> = Vec::new();
    for page in pages {
        let number = page_number(&page);
        for (i, placed) in page.into_iter().enumerate() {
            let block = match (i, placed.block, out.last()) {
                (0, Block::Table { xs, rows }, Some((_, Block::Table { xs: prev, .. }))) => {
                    regrid(xs, rows, prev)
                }
                (_, block, _) => block,
            };
            out.push((number, block));
        }
    }
    out
}

fn page_number(page: &[Placed]) -> u32 {
    page.iter()
        .find_map(|p| match &p.block {
            Block::Text(l, _) => l.page,
            Block::Table { rows, .. } => rows.first().and_then(|l| l.page),
        })
        .unwrap_or(0)
}

/// Rows drawn on the boundaries `xs` put on the boundaries `target`, when
/// every boundary of `xs` is one of `target`'s; otherwise left as they
/// are.
fn regrid(xs: Vec<f32>, rows: Vec<Line>, target: &[f32]) -> Block {
    let map: Option<Vec<usize>> = xs.iter().map(|&x| find(target, x)).collect();
    let Some(map) = map.filter(|m| m.len() != target.len() && m.windows(2).all(|w| w[0] < w[1]))
    else {
        return Block::Table { xs, rows };
    };
    let rows = rows
        .into_iter()
        .map(|row| regrid_row(row, &map, target.len() - 1))
        .collect();
    Block::Table {
        xs: target.to_vec(),
        rows,
    }
}

/// The index of the boundary of `bounds` at `x`.
fn find(bounds: &[f32], x: f32) -> Option<usize> {
    bounds.iter().position(|&b| (b - x).abs() <= SAME_X)
}

/// One row on the target grid: each cell covers the target columns
/// between its mapped boundaries; columns before the first and after the
/// last mapped boundary are empty.
fn regrid_row(row: Line, map: &[usize], cols: usize) -> Line {
    let mut cells = Vec::with_capacity(cols);
    let pad = |cells: &mut Vec<Cell>, n: usize| {
        (0..n).for_each(|_| cells.push(Cell::new("")));
    };
    pad(&mut cells, map[0]);
    let mut c = 0;
    for cell in row.cells {
        let span = usize::from(cell.span.max(1));
        let (from, to) = (map[c], map[(c + span).min(map.len() - 1)]);
        cells.push(Cell {
            text: cell.text,
            span: (to - from).max(1) as u16,
        });
        c += span;
    }
    pad(&mut cells, cols - map[map.len() - 1]);
    Line {
        cells,
        page: row.page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fewer_columns_go_back_on_the_first_grid() {
        let row = Line {
            cells: vec![Cell::new("a"), Cell::new("1")],
            page: Some(2),
        };
        let Block::Table { rows, .. } = regrid(
            vec![0.0, 100.0, 300.0],
            vec![row],
            &[0.0, 100.0, 200.0, 300.0],
        ) else {
            panic!("a table");
        };
        assert_eq!(rows[0].cells[1].span, 2);
        assert_eq!(rows[0].grid(), vec!["a", "1", ""]);
    }
}
