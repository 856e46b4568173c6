//! Ruling lines to table grids, after pdfplumber's "lines" algorithm:
//! snap nearly collinear edges together, join pieces of one line, group
//! the edges that cross into tables, and read each table as a grid of
//! columns (between vertical rulings) and rows (between horizontal ones).
//!
//! Unlike pdfplumber, a merged cell is found from the grid directly: two
//! neighbouring grid slots belong to one cell when no ruling separates
//! them. That gives each cell its row and column span, which the line
//! model needs, instead of a `None` for every covered slot.

use crate::pdf::Segment;

/// A horizontal or vertical edge: `pos` across, `a..b` along.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Edge {
    pos: f32,
    a: f32,
    b: f32,
}

/// A cell of a table: the grid rows and columns it covers, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
}

/// A ruled table: column and row boundaries and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// Column boundaries, left to right: `cols() + 1` of them.
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom: `rows() + 1` of them.
    pub ys: Vec<f32>,
    /// The cell of each grid slot, row by row.
    slot: Vec<usize>,
    pub cells: Vec<Region>,
}

impl Grid {
    pub fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }

    /// The cell at grid slot (row, column).
    pub fn cell_at(&self, r: usize, c: usize) -> usize {
        self.slot[r * self.cols() + c]
    }

    /// The cell containing the point, if it is inside the table.
    pub fn locate(&self, x: f32, y: f32) -> Option<usize> {
        let c = interval(&self.xs, x)?;
        let r = interval(&self.ys, y)?;
        Some(self.cell_at(r, c))
    }
}

/// The index `i` with `bounds[i] <= v < bounds[i + 1]`.
fn interval(bounds: &[f32], v: f32) -> Option<usize> {
    if v < bounds[0] || v >= bounds[bounds.len() - 1] {
        return None;
    }
    Some(bounds.partition_point(|&b| b <= v) - 1)
}

/// The tables drawn by a page's ruling lines, each with at least two
/// cells (a single box is a frame, not a table). Edges closer than `tol`
/// (points) are one line, and an edge may fall `tol` short of another and
/// still meet it (see [`LayoutSettings::ruling_tolerance`](super::LayoutSettings::ruling_tolerance)).
pub fn grids(segments: &[Segment], tol: f32) -> Vec<Grid> {
    let (h, v): (Vec<&Segment>, Vec<&Segment>) = segments.iter().partition(|s| s.is_horizontal());
    let h = lines(h.iter().map(|s| ((s.y0 + s.y1) / 2.0, s.x0, s.x1)), tol);
    let v = lines(v.iter().map(|s| ((s.x0 + s.x1) / 2.0, s.y0, s.y1)), tol);
    components(&h, &v, tol)
        .into_iter()
        .filter_map(|(hs, vs)| build(&hs, &vs, tol))
        .filter(|g| g.cells.len() >= 2)
        .collect()
}

/// The ruling lines of one direction, from (position across, start and
/// end along) of each segment: snapped and joined.
fn lines(segments: impl Iterator<Item = (f32, f32, f32)>, tol: f32) -> Vec<Edge> {
    let edges = segments.map(|(pos, a, b)| Edge { pos, a, b }).collect();
    join(snap(edges, tol), tol)
}

/// Move edges whose positions lie within `tol` of each other (chained) to
/// their mean position.
fn snap(mut edges: Vec<Edge>, tol: f32) -> Vec<Edge> {
    edges.sort_by(|p, q| p.pos.total_cmp(&q.pos));
    let mut start = 0;
    for i in 1..=edges.len() {
        if i == edges.len() || edges[i].pos - edges[i - 1].pos > tol {
            let n = (i - start) as f32;
            let mean = edges[start..i].iter().map(|e| e.pos).sum::<f32>() / n;
            edges[start..i].iter_mut().for_each(|e| e.pos = mean);
            start = i;
        }
    }
    edges
}

/// Join collinear pieces that touch or nearly touch into one edge.
fn join(mut edges: Vec<Edge>, tol: f32) -> Vec<Edge> {
    edges.sort_by(|p, q| p.pos.total_cmp(&q.pos).then(p.a.total_cmp(&q.a)));
    let mut out: Vec<Edge> = Vec::with_capacity(edges.len());
    for e in edges {
        match out.last_mut() {
            Some(l) if l.pos == e.pos && e.a <= l.b + tol => l.b = l.b.max(e.b),
            _ => out.push(e),
        }
    }
    out
}

/// Whether a horizontal and a vertical edge meet.
fn meet(h: &Edge, v: &Edge, tol: f32) -> bool {
    v.pos >= h.a - tol && v.pos <= h.b + tol && h.pos >= v.a - tol && h.pos <= v.b + tol
}

/// Groups of edges connected by crossings: each group is one table.
fn components(h: &[Edge], v: &[Edge], tol: f32) -> Vec<(Vec<Edge>, Vec<Edge>)> {
    let mut sets = DisjointSets::new(h.len() + v.len());
    // `v` is sorted by position: only the verticals within an edge's
    // x range need checking.
    for (i, he) in h.iter().enumerate() {
        let from = v.partition_point(|ve| ve.pos < he.a - tol);
        for (j, ve) in v.iter().enumerate().skip(from) {
            if ve.pos > he.b + tol {
                break;
            }
            if meet(he, ve, tol) {
                sets.union(i, h.len() + j);
            }
        }
    }
    let mut groups: Vec<(Vec<Edge>, Vec<Edge>)> = Vec::new();
    let mut index = vec![usize::MAX; h.len() + v.len()];
    for k in 0..h.len() + v.len() {
        let root = sets.find(k);
        if index[root] == usize::MAX {
            index[root] = groups.len();
            groups.push((Vec::new(), Vec::new()));
        }
        let g = &mut groups[index[root]];
        if k < h.len() {
            g.0.push(h[k]);
        } else {
            g.1.push(v[k - h.len()]);
        }
    }
    groups.retain(|(hs, vs)| hs.len() >= 2 && vs.len() >= 2);
    groups
}

/// Distinct positions, merged within `tol`.
fn positions(edges: &[Edge], tol: f32) -> Vec<f32> {
    let mut p: Vec<f32> = edges.iter().map(|e| e.pos).collect();
    p.sort_by(f32::total_cmp);
    p.dedup_by(|b, a| *b - *a <= tol);
    p
}

/// Add the far ends of the crossing edges as outer boundaries where the
/// table has no ruling there (a table drawn without side borders).
fn with_outer(mut bounds: Vec<f32>, cross: &[Edge], tol: f32) -> Vec<f32> {
    let lo = cross.iter().map(|e| e.a).fold(f32::INFINITY, f32::min);
    let hi = cross.iter().map(|e| e.b).fold(f32::NEG_INFINITY, f32::max);
    if lo < bounds[0] - tol {
        bounds.insert(0, lo);
    }
    if hi > bounds[bounds.len() - 1] + tol {
        bounds.push(hi);
    }
    bounds
}

/// Whether a ruling at `pos` among `edges` covers the point `at` along it.
fn ruled(edges: &[Edge], pos: f32, at: f32, tol: f32) -> bool {
    edges
        .iter()
        .any(|e| (e.pos - pos).abs() <= tol && e.a - tol <= at && e.b + tol >= at)
}

/// The grid of one group of edges.
fn build(hs: &[Edge], vs: &[Edge], tol: f32) -> Option<Grid> {
    let xs = with_outer(positions(vs, tol), hs, tol);
    let ys = with_outer(positions(hs, tol), vs, tol);
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 {
        return None;
    }
    let mut sets = DisjointSets::new(rows * cols);
    for r in 0..rows {
        let mid_y = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let mid_x = (xs[c] + xs[c + 1]) / 2.0;
            if c + 1 < cols && !ruled(vs, xs[c + 1], mid_y, tol) {
                sets.union(r * cols + c, r * cols + c + 1);
            }
            if r + 1 < rows && !ruled(hs, ys[r + 1], mid_x, tol) {
                sets.union(r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    Some(regions(xs, ys, &mut sets))
}

/// Cells from the merged slots: each cell is the bounding box of its set.
fn regions(xs: Vec<f32>, ys: Vec<f32>, sets: &mut DisjointSets) -> Grid {
    let cols = xs.len() - 1;
    let n = (ys.len() - 1) * cols;
    let mut index = vec![usize::MAX; n];
    let mut slot = vec![0; n];
    let mut cells: Vec<Region> = Vec::new();
    for (k, s) in slot.iter_mut().enumerate() {
        let (r, c) = (k / cols, k % cols);
        let root = sets.find(k);
        if index[root] == usize::MAX {
            index[root] = cells.len();
            cells.push(Region {
                r0: r,
                r1: r,
                c0: c,
                c1: c,
            });
        }
        let cell = &mut cells[index[root]];
        cell.r1 = cell.r1.max(r);
        cell.c0 = cell.c0.min(c);
        cell.c1 = cell.c1.max(c);
        *s = index[root];
    }
    Grid {
        xs,
        ys,
        slot,
        cells,
    }
}

/// Union-find with path halving.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> DisjointSets {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut k: usize) -> usize {
        while self.parent[k] != k {
            self.parent[k] = self.parent[self.parent[k]];
            k = self.parent[k];
        }
        k
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn hline(y: f32, x0: f32, x1: f32) -> Segment {
        Segment {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }

    pub fn vline(x: f32, y0: f32, y1: f32) -> Segment {
        Segment {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn merged_header_cell_spans_two_columns() {
        // 3 columns × 3 rows; the top row's right two slots are one cell.
        let segs = vec![
            hline(0.0, 0.0, 300.0),
            hline(20.0, 0.0, 300.0),
            hline(40.0, 0.0, 300.0),
            hline(60.0, 0.0, 300.0),
            vline(0.0, 0.0, 60.0),
            vline(100.0, 0.0, 60.0),
            vline(200.0, 20.0, 60.0),
            vline(300.0, 0.0, 60.0),
        ];
        let g = &grids(&segs, 3.0)[0];
        assert_eq!((g.rows(), g.cols()), (3, 3));
        assert_eq!(g.cells.len(), 8);
        assert_eq!(g.cell_at(0, 1), g.cell_at(0, 2));
        assert_eq!(g.locate(250.0, 10.0), Some(g.cell_at(0, 1)));
    }

    /// Three columns; horizontal rulings at 0, 20, 20 + `d` and 40.
    fn rows_with_ruling_pair(d: f32, tol: f32) -> usize {
        let mut segs: Vec<Segment> = [0.0, 20.0, 20.0 + d, 40.0]
            .iter()
            .map(|&y| hline(y, 0.0, 300.0))
            .collect();
        segs.extend([0.0, 100.0, 200.0, 300.0].map(|x| vline(x, 0.0, 40.0)));
        grids(&segs, tol)[0].rows()
    }

    #[test]
    fn rulings_within_the_tolerance_are_one_row_boundary() {
        assert_eq!(rows_with_ruling_pair(2.9, 3.0), 2);
        assert_eq!(rows_with_ruling_pair(3.1, 3.0), 3);
        // The tolerance of a page of 6 pt text (2.1 pt) keeps 2.5 pt apart.
        assert_eq!(rows_with_ruling_pair(2.5, 2.1), 3);
    }

    #[test]
    fn a_lone_box_is_not_a_table() {
        let segs = vec![
            hline(0.0, 0.0, 100.0),
            hline(20.0, 0.0, 100.0),
            vline(0.0, 0.0, 20.0),
            vline(100.0, 0.0, 20.0),
        ];
        assert!(grids(&segs, 3.0).is_empty());
    }
}
