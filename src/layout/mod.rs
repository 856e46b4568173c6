//! Layout: the glyphs and ruling lines of PDF pages rebuilt into the same
//! line model a text report gives ([`Line`] of [`Cell`]s), so that the
//! document stage reads both alike.
//!
//! Per page: ruled tables are found from the ruling lines (`grid`),
//! each glyph goes to the table cell holding its centre, and every cell's
//! glyphs become its text (wrapped lines joined). Glyphs outside tables
//! become text lines, split into cells where a wide gap sets them apart
//! (`stream` also reads unruled tables from that). Page numbers, and
//! across pages running heads and feet, are dropped (`page`) before
//! unruled tables are read. Across pages, a table that goes on at the top
//! of the next page is put back on the columns of its first part by the
//! extent of its cells (`stitch`).

mod grid;
mod page;
mod settings;
mod stitch;
mod stream;
mod words;

use crate::model::{Cell, Line};
use crate::pdf::{Glyph, Page};
use crate::text::number;
use grid::Grid;
pub use settings::{LayoutSettings, SettingsError, NAMES};
use words::{join_lines, join_runs, runs, text_lines, Rect, Run, TextLine};

/// What a page holds, as found.
#[derive(Clone, Debug, PartialEq)]
enum Block {
    /// A text line outside any table: one cell, or several where wide
    /// gaps set its parts apart, with each cell's left and right edge.
    Text(Line, Vec<(f32, f32)>),
    /// The rows of a table, its column boundaries, and for an unruled
    /// table the filled cells of each row as printed (before they were put
    /// on columns), with their left and right edges; `None` where the
    /// rows' cells on `xs` are those (a ruled table). A table going on
    /// over a page break is put on its first part's columns by these
    /// ([`stitch`]).
    Table {
        xs: Vec<f32>,
        rows: Vec<Line>,
        pieces: Option<Vec<Vec<Piece>>>,
    },
}

/// A filled cell's text and its left and right edge.
type Piece = (String, (f32, f32));

/// A block with its box on the page.
#[derive(Clone, Debug, PartialEq)]
struct Placed {
    block: Block,
    rect: Rect,
}

/// The lines of a PDF's pages, in reading order: one line per text line
/// or table row, page numbers dropped, every line's `page` set; with the
/// default [`LayoutSettings`].
pub fn lines(pages: &[Page]) -> Vec<Line> {
    lines_with(pages, &LayoutSettings::DEFAULT)
}

/// [`lines`] with the thresholds `s`.
pub fn lines_with(pages: &[Page], s: &LayoutSettings) -> Vec<Line> {
    let mut per_page: Vec<Vec<Placed>> = pages.iter().map(|p| page_blocks(p, s)).collect();
    page::drop_running(&mut per_page, s.min_running_share);
    for (blocks, page) in per_page.iter_mut().zip(pages) {
        stream::tables(blocks, s);
        blocks.iter_mut().for_each(|b| set_page(b, page.number));
    }
    let blocks = stitch::stitch(per_page, s);
    let mut out = Vec::new();
    for (number, block, _) in blocks {
        match block {
            Block::Text(mut line, _) => {
                line.page = Some(number);
                out.push(line);
            }
            Block::Table { rows, .. } => out.extend(rows.into_iter().map(|mut l| {
                l.page = Some(number);
                l
            })),
        }
    }
    out
}

/// The blocks of one page, top to bottom, page numbers dropped; text
/// lines not yet read as unruled tables.
fn page_blocks(page: &Page, s: &LayoutSettings) -> Vec<Placed> {
    let grids = page_grids(page, s);
    let (in_cell, loose) = place_glyphs(page, &grids, s);
    let mut blocks: Vec<Placed> = grids
        .iter()
        .zip(&in_cell)
        .map(|(grid, cells)| table_block(grid, cells, s))
        .collect();
    blocks.extend(
        text_lines(runs(loose, s), s)
            .iter()
            .map(|l| text_block(l, s)),
    );
    blocks.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
    page::drop_furniture(&mut blocks, page.height, s.margin);
    blocks
}

/// The ruled tables of a page, their rulings snapped within the ruling
/// tolerance for the size of the page's text.
fn page_grids(page: &Page, s: &LayoutSettings) -> Vec<Grid> {
    let tol = s.ruling_tolerance_at(font_size(&page.glyphs));
    grid::grids(&page.segments, tol)
}

/// The median font size of a page's glyphs (whitespace aside): the size
/// of its table text, which outnumbers titles. `None` without text.
fn font_size(glyphs: &[Glyph]) -> Option<f32> {
    let mut sizes: Vec<f32> = glyphs
        .iter()
        .filter(|g| g.size.is_finite() && g.size > 0.0 && !g.text.trim().is_empty())
        .map(|g| g.size)
        .collect();
    if sizes.is_empty() {
        return None;
    }
    let mid = sizes.len() / 2;
    let (_, median, _) = sizes.select_nth_unstable_by(mid, f32::total_cmp);
    Some(*median)
}

/// Each glyph in the table cell that holds its centre, by table and cell;
/// the glyphs outside every table apart.
type Placement<'a> = (Vec<Vec<Vec<&'a Glyph>>>, Vec<&'a Glyph>);

fn place_glyphs<'a>(page: &'a Page, grids: &[Grid], s: &LayoutSettings) -> Placement<'a> {
    let mut in_cell: Vec<Vec<Vec<&Glyph>>> = grids
        .iter()
        .map(|g| vec![Vec::new(); g.cells.len()])
        .collect();
    let mut loose: Vec<&Glyph> = Vec::new();
    for g in &page.glyphs {
        let (cx, cy) = ((g.x0 + g.x1) / 2.0, (g.y0 + g.y1) / 2.0);
        let hit = grids
            .iter()
            .enumerate()
            .find_map(|(t, grid)| grid.locate(cx, cy).map(|c| (t, c)));
        match hit {
            Some((t, c)) => in_cell[t][c].push(g),
            None => loose.push(g),
        }
    }
    for (grid, cells) in grids.iter().zip(&mut in_cell) {
        lift_overruns(grid, cells, s);
        return_overflows(grid, cells);
    }
    (in_cell, loose)
}

/// Glyphs run over from the cell above put back there: a name wrapped
/// onto a second line that its row is too low for prints that line
/// across the ruling below, on top of the next row's own text. Such a
/// glyph's top lies above its cell's ruling, and its line overlaps a line
/// of the cell below it by more than two lines of one cell ever do.
fn lift_overruns(grid: &Grid, cells: &mut [Vec<&Glyph>], s: &LayoutSettings) {
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (c, glyphs) in cells.iter().enumerate() {
        for (i, g) in glyphs.iter().enumerate() {
            let height = g.y1 - g.y0;
            let cx = (g.x0 + g.x1) / 2.0;
            let cut = g.y0 + height * s.overrun;
            let Some(above) = grid.locate(cx, cut) else {
                continue;
            };
            if grid.cells[above].r1 >= grid.cells[c].r0 {
                continue;
            }
            let collides = glyphs
                .iter()
                .any(|o| o.y0 > cut && g.y1 - o.y0 > height * s.overrun_overlap);
            if collides {
                moves.push((c, i, above));
            }
        }
    }
    for &(c, i, above) in moves.iter().rev() {
        let g = cells[c].remove(i);
        cells[above].push(g);
    }
}

/// A name too long for its cell printed on across the ruling into the
/// amount cell beside it, up to the amount (机关事业单位职业年金|缴费支出43608.96):
/// the words before the amount go back to the cell on the left. Only a
/// cell of one line whose text is words then an amount, with the words
/// running on from the left cell's own line, is read so.
fn return_overflows(grid: &Grid, cells: &mut [Vec<&Glyph>]) {
    for c in 0..cells.len() {
        let region = grid.cells[c];
        if region.c0 == 0 {
            continue;
        }
        if cells[c].is_empty() {
            continue;
        }
        let left = grid.cell_at(region.r0, region.c0 - 1);
        let mut glyphs = cells[c].clone();
        glyphs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let n = overflow_len(&glyphs, &cells[left]);
        if n > 0 {
            let rest = glyphs.split_off(n);
            cells[left].extend(glyphs);
            cells[c] = rest;
        }
    }
}

/// How many glyphs, from the left, of `glyphs` (a cell's, in x order)
/// are words run over from `left`; 0 unless the cell is one line of words
/// then an amount and its first glyph continues a line of `left` within
/// one glyph's width.
fn overflow_len(glyphs: &[&Glyph], left: &[&Glyph]) -> usize {
    let Some(first) = glyphs.first() else {
        return 0;
    };
    let one_line = glyphs.iter().all(|g| g.y0 < first.y1 && first.y0 < g.y1);
    let is_figure = |g: &&Glyph| {
        g.text
            .chars()
            .all(|ch| ch.is_ascii_digit() || ".,-".contains(ch))
    };
    let is_blank = |g: &&Glyph| g.text.trim().is_empty();
    let words = glyphs
        .iter()
        .take_while(|g| !is_figure(g) && !is_blank(g))
        .count();
    let amount: Vec<&Glyph> = glyphs[words..]
        .iter()
        .copied()
        .filter(|g| !is_blank(g))
        .collect();
    let is_amount = amount.iter().all(is_figure)
        && amount
            .iter()
            .any(|g| g.text.contains(|ch: char| ch.is_ascii_digit()));
    let wide = first.x1 - first.x0;
    let runs_on = left.iter().any(|g| {
        g.y0 < first.y1
            && first.y0 < g.y1
            && g.x1 <= first.x0 + wide / 2.0
            && first.x0 - g.x1 < wide
    });
    if one_line && words > 0 && is_amount && runs_on {
        words
    } else {
        0
    }
}

fn set_page(b: &mut Placed, number: u32) {
    match &mut b.block {
        Block::Text(line, _) => line.page = Some(number),
        Block::Table { rows, .. } => rows.iter_mut().for_each(|l| l.page = Some(number)),
    }
}

/// A text line outside tables, split into cells at gaps wider than
/// [`cell_gap`](LayoutSettings::cell_gap).
fn text_block(line: &TextLine, s: &LayoutSettings) -> Placed {
    let mut cells: Vec<Cell> = Vec::new();
    let mut edges: Vec<(f32, f32)> = Vec::new();
    let mut start = 0;
    for i in 1..=line.runs.len() {
        let wide = i < line.runs.len() && {
            let (p, r): (&Run, &Run) = (&line.runs[i - 1], &line.runs[i]);
            r.rect.x0 - p.rect.x1 > s.cell_gap * p.size.max(r.size)
        };
        if i == line.runs.len() || wide {
            cells.push(Cell::new(join_runs(&line.runs[start..i], s)));
            edges.push((line.runs[start].rect.x0, line.runs[i - 1].rect.x1));
            start = i;
        }
    }
    Placed {
        block: Block::Text(Line { cells, page: None }, edges),
        rect: line.rect,
    }
}

/// The rows of a ruled table: one line per grid row that has any text,
/// every column present, a merged cell as one cell with its span (its
/// text in its top row only).
fn table_block(grid: &Grid, cells: &[Vec<&Glyph>], s: &LayoutSettings) -> Placed {
    let texts: Vec<String> = cells
        .iter()
        .map(|glyphs| join_lines(&text_lines(runs(glyphs.iter().copied(), s), s), s))
        .collect();
    let extents: Vec<Option<(f32, f32)>> = cells.iter().map(|g| glyph_extent(g)).collect();
    let rows = (0..grid.rows())
        .map(|r| grid_row(grid, r, &texts, &extents, s.overhang))
        .filter(|line| !line.is_blank())
        .collect();
    let rect = Rect {
        x0: grid.xs[0],
        y0: grid.ys[0],
        x1: grid.xs[grid.cols()],
        y1: grid.ys[grid.rows()],
    };
    Placed {
        block: Block::Table {
            xs: grid.xs.clone(),
            rows,
            pieces: None,
        },
        rect,
    }
}

/// Grid row `r`: one cell per grid cell; an amount in a merged cell in
/// the column it lies in, within `overhang` (see [`value_columns`]).
fn grid_row(
    grid: &Grid,
    r: usize,
    texts: &[String],
    extents: &[Option<(f32, f32)>],
    overhang: f32,
) -> Line {
    let mut line = Line::default();
    let mut c = 0;
    while c < grid.cols() {
        let k = grid.cell_at(r, c);
        let cell = grid.cells[k];
        let text = if cell.r0 == r {
            texts[k].clone()
        } else {
            String::new()
        };
        let (from, to) = value_columns(grid, (c, cell.c1), &text, extents[k], overhang);
        (c..from).for_each(|_| line.cells.push(Cell::new("")));
        line.cells.push(Cell {
            text,
            span: (to + 1 - from) as u16,
        });
        (to + 1..=cell.c1).for_each(|_| line.cells.push(Cell::new("")));
        c = cell.c1 + 1;
    }
    line
}

/// The columns a cell's text goes in. An amount in a cell merged over
/// several columns (a row drawn without the ruling between two value
/// columns where one of them is blank) goes in the one column its
/// glyphs lie in (standing over its boundaries by `overhang` points at
/// most), so that it stays under its own header.
fn value_columns(
    grid: &Grid,
    (c0, c1): (usize, usize),
    text: &str,
    extent: Option<(f32, f32)>,
    overhang: f32,
) -> (usize, usize) {
    let Some((x0, x1)) = extent.filter(|_| c1 > c0 && number(text).is_some()) else {
        return (c0, c1);
    };
    let inside: Vec<usize> = (c0..=c1)
        .filter(|&c| x0 >= grid.xs[c] - overhang && x1 <= grid.xs[c + 1] + overhang)
        .collect();
    match inside[..] {
        [one] => (one, one),
        _ => (c0, c1),
    }
}

/// The left and right edge of a cell's glyphs.
/// A text placed from one column up to another (`last`), with what the
/// caller keeps beside it.
type Slot<T> = Option<(String, usize, T)>;

/// The cells of a row from the texts placed in its columns: a text spans
/// from its column to its `last`, but a merged cell stops where the next
/// placed text starts; a column with none is a blank cell, whose `T` is
/// `blank(column)`.
fn spanned_cells<T>(mut slots: Vec<Slot<T>>, blank: impl Fn(usize) -> T) -> Vec<(Cell, T)> {
    let mut out = Vec::with_capacity(slots.len());
    let mut c = 0;
    while c < slots.len() {
        let (text, last, kept) = slots[c]
            .take()
            .unwrap_or_else(|| (String::new(), c, blank(c)));
        let stop = (c + 1..=last.min(slots.len() - 1))
            .find(|&k| slots[k].is_some())
            .unwrap_or(last + 1);
        let span = (stop - c) as u16;
        out.push((Cell { text, span }, kept));
        c = stop;
    }
    out
}

fn glyph_extent(glyphs: &[&Glyph]) -> Option<(f32, f32)> {
    let x0 = glyphs.iter().map(|g| g.x0).reduce(f32::min)?;
    let x1 = glyphs.iter().map(|g| g.x1).reduce(f32::max)?;
    Some((x0, x1))
}

#[cfg(test)]
mod tests {
    use super::grid::tests::{hline, vline};
    use super::words::tests::{glyphs, sized_glyphs};
    use super::*;
    use crate::pdf::Segment;

    fn page(number: u32, glyphs: Vec<Glyph>, segments: Vec<Segment>) -> Page {
        Page {
            number,
            width: 595.0,
            height: 842.0,
            glyphs,
            segments,
            images: 0,
        }
    }

    /// Rows of a table: 4 horizontal rulings from `y`, 20 apart; columns
    /// at 100, 200 (from the second row down when `merged_head`), 300.
    fn ruled_3x3(y: f32, merged_head: bool) -> Vec<Segment> {
        let mut s: Vec<Segment> = (0..4)
            .map(|i| hline(y + 20.0 * i as f32, 100.0, 400.0))
            .collect();
        s.push(vline(100.0, y, y + 60.0));
        s.push(vline(200.0, y, y + 60.0));
        let top = if merged_head { y + 20.0 } else { y };
        s.push(vline(300.0, top, y + 60.0));
        s.push(vline(400.0, y, y + 60.0));
        s
    }

    fn shown(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                let cells: Vec<String> = l
                    .cells
                    .iter()
                    .map(|c| match c.span {
                        1 => c.text.clone(),
                        n => format!("{}|{n}", c.text),
                    })
                    .collect();
                format!("{}:{}", l.page.unwrap_or(0), cells.join("\t"))
            })
            .collect()
    }

    #[test]
    fn ruled_table_with_merged_header_title_and_page_number() {
        let mut g = glyphs("支出决算表", 200.0, 60.0, 10.0);
        g.extend(glyphs("项目", 105.0, 105.0, 10.0));
        g.extend(glyphs("本年支出", 260.0, 105.0, 10.0));
        g.extend(glyphs("合计", 105.0, 125.0, 10.0));
        g.extend(glyphs("5.00", 260.0, 125.0, 5.0));
        g.extend(glyphs("3.00", 360.0, 125.0, 5.0));
        g.extend(glyphs("201", 105.0, 145.0, 5.0));
        g.extend(glyphs("2.00", 260.0, 145.0, 5.0));
        g.extend(glyphs("— 1 —", 280.0, 800.0, 5.0));
        let lines = lines(&[page(1, g, ruled_3x3(100.0, true))]);
        assert_eq!(
            shown(&lines),
            [
                "1:支出决算表",
                "1:项目\t本年支出|2",
                "1:合计\t5.00\t3.00",
                "1:201\t2.00\t",
            ]
        );
    }

    /// A table of two columns (x 100–200, 200–300) ruled at each of `ys`.
    fn two_columns(ys: &[f32]) -> Vec<Segment> {
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        let rows = ys.iter().map(|&y| hline(y, 100.0, 300.0));
        let cols = [100.0, 200.0, 300.0].map(|x| vline(x, top, bottom));
        rows.chain(cols).collect()
    }

    #[test]
    fn wrapped_cell_joins_and_centred_number_stays_on_its_row() {
        let mut g = glyphs("机关事业单位基本", 105.0, 102.0, 10.0);
        g.extend(glyphs("6.18", 260.0, 125.0, 5.0));
        g.extend(glyphs("养老保险缴费支出", 105.0, 114.0, 10.0));
        let segs = two_columns(&[100.0, 160.0, 180.0]);
        let mut g2 = glyphs("合计", 105.0, 165.0, 10.0);
        g.append(&mut g2);
        assert_eq!(
            shown(&lines(&[page(3, g, segs)])),
            ["3:机关事业单位基本养老保险缴费支出\t6.18", "3:合计\t"]
        );
    }

    #[test]
    fn a_wrapped_line_run_over_the_ruling_goes_back_to_its_row() {
        // The row is too low for two lines: the name's second line is
        // printed across the ruling, on top of the next row's name.
        let mut g = glyphs("其他环境保护管理事务", 105.0, 104.0, 9.0);
        g.extend(glyphs("5.00", 260.0, 105.0, 5.0));
        g.extend(glyphs("支出", 105.0, 116.0, 9.0));
        g.extend(glyphs("行政运行", 105.0, 121.0, 9.0));
        g.extend(glyphs("3.00", 260.0, 125.0, 5.0));
        let segs = two_columns(&[100.0, 120.0, 140.0]);
        assert_eq!(
            shown(&lines(&[page(1, g, segs)])),
            ["1:其他环境保护管理事务支出\t5.00", "1:行政运行\t3.00"]
        );
    }

    #[test]
    fn a_name_run_on_into_the_amount_cell_goes_back_to_its_cell() {
        // 14 glyphs 10 wide from 105 cross the ruling at 200; the amount
        // follows the name's last glyph with no gap.
        let mut g = glyphs("机关事业单位职业年金缴费支出", 105.0, 105.0, 10.0);
        g.extend(glyphs("43608.96", 245.0, 105.0, 5.0));
        // Here a space glyph stands between the words and the amount.
        g.extend(glyphs("其他社会保障和就业支出 1090.22", 105.0, 125.0, 10.0));
        let segs = two_columns(&[100.0, 120.0, 140.0]);
        assert_eq!(
            shown(&lines(&[page(1, g, segs)])),
            [
                "1:机关事业单位职业年金缴费支出\t43608.96",
                "1:其他社会保障和就业支出\t1090.22"
            ]
        );
    }

    #[test]
    fn words_apart_from_the_left_cell_stay_in_their_cell() {
        let mut g = glyphs("行政运行", 105.0, 105.0, 10.0);
        g.extend(glyphs("约", 215.0, 105.0, 10.0));
        g.extend(glyphs("5.00", 260.0, 105.0, 5.0));
        let segs = two_columns(&[100.0, 120.0]);
        assert_eq!(shown(&lines(&[page(1, g, segs)])), ["1:行政运行\t约 5.00"]);
    }

    #[test]
    fn number_split_over_overlapping_runs_is_rejoined_in_its_cell() {
        let mut g = glyphs("行政运行", 105.0, 105.0, 10.0);
        g.extend(glyphs("174,900", 205.0, 105.0, 5.0));
        g.extend(glyphs(".64", 237.0, 105.2, 5.0));
        let segs = two_columns(&[100.0, 120.0]);
        assert_eq!(
            shown(&lines(&[page(1, g, segs)])),
            ["1:行政运行\t174,900.64"]
        );
    }

    #[test]
    fn page_numbers_are_dropped_and_wide_gaps_split_cells() {
        let mut g = glyphs("单位：某局", 50.0, 100.0, 10.0);
        g.extend(glyphs("单位：万元", 400.0, 100.0, 10.0));
        g.extend(glyphs("第5页", 280.0, 20.0, 10.0));
        g.extend(glyphs("5", 290.0, 810.0, 5.0));
        assert_eq!(
            shown(&lines(&[page(5, g, Vec::new())])),
            ["5:单位：某局\t单位：万元"]
        );
    }

    #[test]
    fn a_gap_over_cell_gap_splits_a_text_line() {
        // 2 font sizes of 10: 20 pt.
        let line = |gap: f32| {
            let mut g = glyphs("单位", 50.0, 300.0, 10.0);
            g.extend(glyphs("万元", 70.0 + gap, 300.0, 10.0));
            shown(&lines(&[page(1, g, Vec::new())]))
        };
        assert_eq!(line(19.9), ["1:单位 万元"]);
        assert_eq!(line(20.1), ["1:单位\t万元"]);
    }

    #[test]
    fn an_amount_in_a_merged_cell_stands_over_its_column_by_overhang_at_most() {
        // The ruling at 300 only in the first row: the second row's value
        // cell is merged over two columns.
        let mut segs = ruled_3x3(100.0, false);
        segs[6] = vline(300.0, 100.0, 120.0);
        let row = |over: f32| {
            let mut g = glyphs("项目", 105.0, 105.0, 10.0);
            g.extend(glyphs("合计", 105.0, 125.0, 10.0));
            g.extend(glyphs("5.00", 280.0 + over, 125.0, 5.0));
            shown(&lines(&[page(1, g, segs.clone())]))[1].clone()
        };
        assert_eq!(row(0.9), "1:合计\t5.00\t");
        assert_eq!(row(1.1), "1:合计\t5.00|2");
    }

    /// A table set in 6 pt (a report shrunk onto a smaller page): rows 7
    /// pt apart, the header's 本年支出 over two columns, whose dividing
    /// ruling starts 0.75 pt above the header's bottom border (a stroke's
    /// projecting cap). A fixed 3 pt tolerance reaches from that end past
    /// the middle of the header row and cuts 本年支出 in two. Glyphs
    /// `scale` times as large, rows as far apart.
    fn small_table(scale: f32) -> Vec<String> {
        let (row, size) = (7.0 * scale, 6.0 * scale);
        let y = |r: f32| 100.0 + r * row;
        let mut segs: Vec<Segment> = (0..4).map(|r| hline(y(r as f32), 100.0, 280.0)).collect();
        segs.extend([100.0, 160.0, 280.0].map(|x| vline(x, y(0.0), y(3.0))));
        segs.push(vline(220.0, y(1.0) - 0.75, y(3.0)));
        let text = |t: &str, x: f32, r: f32, w: f32| sized_glyphs(t, x, y(r) + 0.5, w, size);
        let mut g = text("项目", 102.0, 0.0, size);
        g.extend(text("本年支出", 220.0 - 2.0 * size, 0.0, size));
        g.extend(text("合计", 102.0, 1.0, size));
        g.extend(text("5.00", 165.0, 1.0, size / 2.0));
        g.extend(text("3.00", 225.0, 1.0, size / 2.0));
        g.extend(text("201", 102.0, 2.0, size / 2.0));
        g.extend(text("2.00", 165.0, 2.0, size / 2.0));
        shown(&lines(&[page(1, g, segs)]))
    }

    #[test]
    fn a_table_in_small_type_keeps_its_rows_apart_and_its_merged_header_whole() {
        let expected = ["1:项目\t本年支出|2", "1:合计\t5.00\t3.00", "1:201\t2.00\t"];
        assert_eq!(small_table(1.0), expected);
        // The same table at 10 pt, rows 11.7 pt apart, as before.
        assert_eq!(small_table(10.0 / 6.0), expected);
    }

    #[test]
    fn lines_with_reads_by_the_settings_given() {
        let mut g = glyphs("单位：某局", 50.0, 100.0, 10.0);
        g.extend(glyphs("单位：万元", 400.0, 100.0, 10.0));
        let pages = [page(1, g, Vec::new())];
        assert_eq!(shown(&lines(&pages)), ["1:单位：某局\t单位：万元"]);
        let wide = LayoutSettings {
            cell_gap: 40.0,
            ..LayoutSettings::DEFAULT
        };
        assert_eq!(
            shown(&lines_with(&pages, &wide)),
            ["1:单位：某局 单位：万元"]
        );
    }

    #[test]
    fn continuation_with_fewer_rulings_keeps_the_columns() {
        let mut first = glyphs("合计", 105.0, 125.0, 10.0);
        first.extend(glyphs("1.00", 205.0, 125.0, 5.0));
        first.extend(glyphs("2.00", 305.0, 125.0, 5.0));
        let mut segs = ruled_3x3(100.0, false);
        segs.truncate(4);
        segs.extend([
            vline(100.0, 100.0, 160.0),
            vline(200.0, 100.0, 160.0),
            vline(300.0, 100.0, 160.0),
            vline(400.0, 100.0, 160.0),
        ]);
        // Next page: the column at 300 is not drawn.
        let next = glyphs("201", 105.0, 45.0, 5.0);
        let next_segs = vec![
            hline(40.0, 100.0, 400.0),
            hline(60.0, 100.0, 400.0),
            vline(100.0, 40.0, 60.0),
            vline(200.0, 40.0, 60.0),
            vline(400.0, 40.0, 60.0),
        ];
        let lines = lines(&[page(1, first, segs), page(2, next, next_segs)]);
        assert_eq!(shown(&lines), ["1:合计\t1.00\t2.00", "2:201\t\t"]);
    }
}

/// What layout found on one page, in page coordinates: the cells of ruled
/// tables and of text lines, the lines dropped as page furniture, and the
/// tables put back on the columns of a table on the page before. For
/// drawing over the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub table_cells: Vec<[f32; 4]>,
    pub text_cells: Vec<[f32; 4]>,
    /// Page numbers, running heads and feet.
    pub dropped: Vec<[f32; 4]>,
    /// Tables that go on from the page before, joined to it.
    pub joined: Vec<[f32; 4]>,
}

/// The cells layout finds on page `number` of `pages`, and its decisions
/// there, as `gongkai debug` draws them, with the thresholds `s`.
pub fn found(pages: &[Page], number: u32, s: &LayoutSettings) -> Found {
    let mut out = Found::default();
    let Some(page) = pages.iter().find(|p| p.number == number) else {
        return out;
    };
    let grids = page_grids(page, s);
    for g in &grids {
        for c in &g.cells {
            out.table_cells
                .push([g.xs[c.c0], g.ys[c.r0], g.xs[c.c1 + 1], g.ys[c.r1 + 1]]);
        }
    }
    let (_, loose) = place_glyphs(page, &grids, s);
    for line in text_lines(runs(loose, s), s) {
        if let Block::Text(_, edges) = text_block(&line, s).block {
            let (y0, y1) = (line.rect.y0, line.rect.y1);
            out.text_cells
                .extend(edges.into_iter().map(|(x0, x1)| [x0, y0, x1, y1]));
        }
    }
    decisions(pages, page, s, &mut out);
    out
}

/// The furniture dropped from `page` and the tables on it joined to the
/// page before: the page's blocks before and after each step compared.
fn decisions(pages: &[Page], page: &Page, s: &LayoutSettings, out: &mut Found) {
    let at = pages
        .iter()
        .position(|p| p.number == page.number)
        .unwrap_or(0);
    let from = at.saturating_sub(1);
    let mut per_page: Vec<Vec<Placed>> = pages.iter().map(|p| page_blocks(p, s)).collect();
    let before: Vec<Rect> = text_rects(page, s);
    page::drop_running(&mut per_page, s.min_running_share);
    let kept: Vec<Rect> = per_page[at].iter().map(|b| b.rect).collect();
    out.dropped = before
        .iter()
        .filter(|r| !kept.contains(r))
        .map(|r| [r.x0, r.y0, r.x1, r.y1])
        .collect();
    let mut near: Vec<Vec<Placed>> = per_page.drain(from..=at).collect();
    for (blocks, p) in near.iter_mut().zip(&pages[from..=at]) {
        stream::tables(blocks, s);
        blocks.iter_mut().for_each(|b| set_page(b, p.number));
    }
    let rects: Vec<Rect> = near
        .last()
        .map_or(Vec::new(), |b| b.iter().map(|p| p.rect).collect());
    let stitched = stitch::stitch(near, s);
    let own = &stitched[stitched.len() - rects.len()..];
    for ((_, _, joined), rect) in own.iter().zip(&rects) {
        if *joined && at > 0 {
            out.joined.push([rect.x0, rect.y0, rect.x1, rect.y1]);
        }
    }
}

/// The boxes of a page's text lines, before any is dropped.
fn text_rects(page: &Page, s: &LayoutSettings) -> Vec<Rect> {
    let grids = page_grids(page, s);
    let (_, loose) = place_glyphs(page, &grids, s);
    text_lines(runs(loose, s), s)
        .iter()
        .map(|l| l.rect)
        .collect()
}
