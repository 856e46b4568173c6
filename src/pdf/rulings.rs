//! Paths and the ruling lines they draw. Table borders arrive in three
//! shapes: stroked lines (`m l S`), stroked rectangles (`re S`, four
//! sides), and thin filled rectangles (`re f`, how Skia, WPS and Excel draw
//! cell borders). All become horizontal or vertical [`Segment`]s in page
//! coordinates; everything else (curves, diagonals, large fills) is not a
//! ruling and is dropped.

use crate::pdf::geometry::Matrix;
use crate::pdf::page::Segment;

// What counts as a ruling is decided here, by the reader, before layout
// sees the page: these stay constants of the reader rather than fields of
// the layout settings, which the reader (an earlier stage) cannot take.
// They are in points and need no scaling with the text: a border drawn
// for a table in small type is thinner still, and its shortest piece is
// a cell's side, whatever the scale.

/// A filled rectangle thinner than this (points) is a line: cell borders
/// are filled a line width thick (0.5–1 pt); shading a cell fills it
/// whole, far thicker.
const MAX_FILLED_THICKNESS: f32 = 2.0;
/// How far from axis-aligned (points) a stroked line may be: the rounding
/// of a producer that writes coordinates to a tenth of a point or worse.
const AXIS_TOLERANCE: f32 = 1.0;
/// Shorter rulings (points) are dots or noise: the shortest border piece
/// is a cell side, several points long even in small type.
const MIN_LENGTH: f32 = 2.0;
/// Points in one path beyond this are dropped (absurd-size guard).
const MAX_PATH_POINTS: usize = 1 << 20;

#[derive(Clone, Copy, Debug)]
struct Point {
    x: f32,
    y: f32,
    /// Reached by a straight line (false for a curve or a move).
    line: bool,
}

#[derive(Debug, Default)]
struct Subpath {
    points: Vec<Point>,
    closed: bool,
}

/// The path under construction, in page coordinates (the CTM is applied
/// as each point is added, as the specification prescribes).
#[derive(Debug, Default)]
pub struct Path {
    subpaths: Vec<Subpath>,
    count: usize,
}

impl Path {
    pub fn clear(&mut self) {
        self.subpaths.clear();
        self.count = 0;
    }

    fn point(&mut self, x: f32, y: f32, line: bool, ctm: &Matrix) -> Option<Point> {
        if self.count >= MAX_PATH_POINTS || !x.is_finite() || !y.is_finite() {
            return None;
        }
        self.count += 1;
        let (x, y) = ctm.apply(x, y);
        Some(Point { x, y, line })
    }

    fn push(&mut self, x: f32, y: f32, line: bool, ctm: &Matrix) {
        let Some(point) = self.point(x, y, line, ctm) else {
            return;
        };
        match self.subpaths.last_mut() {
            Some(sub) if !sub.closed => sub.points.push(point),
            Some(sub) => {
                // After `h` the current point is the closed subpath's start.
                let mut points = Vec::with_capacity(4);
                if let Some(start) = sub.points.first() {
                    points.push(Point {
                        line: false,
                        ..*start
                    });
                }
                points.push(point);
                self.subpaths.push(Subpath {
                    points,
                    closed: false,
                });
            }
            None => self.subpaths.push(Subpath {
                points: vec![point],
                closed: false,
            }),
        }
    }

    pub fn move_to(&mut self, x: f32, y: f32, ctm: &Matrix) {
        if let Some(point) = self.point(x, y, false, ctm) {
            self.subpaths.push(Subpath {
                points: vec![point],
                closed: false,
            });
        }
    }

    pub fn line_to(&mut self, x: f32, y: f32, ctm: &Matrix) {
        self.push(x, y, true, ctm);
    }

    /// A curve: only its end point matters, and the piece is no ruling.
    pub fn curve_to(&mut self, x: f32, y: f32, ctm: &Matrix) {
        self.push(x, y, false, ctm);
    }

    pub fn close(&mut self) {
        if let Some(sub) = self.subpaths.last_mut() {
            sub.closed = true;
        }
    }

    pub fn rectangle(&mut self, x: f32, y: f32, w: f32, h: f32, ctm: &Matrix) {
        self.move_to(x, y, ctm);
        self.line_to(x + w, y, ctm);
        self.line_to(x + w, y + h, ctm);
        self.line_to(x, y + h, ctm);
        self.close();
    }

    /// The rulings a stroke of this path draws.
    pub fn stroke(&self, out: &mut Vec<Segment>) {
        for sub in &self.subpaths {
            for pair in sub.points.windows(2) {
                if let [a, b] = pair {
                    if b.line {
                        push_line(a, b, out);
                    }
                }
            }
            if sub.closed {
                if let (Some(first), Some(last)) = (sub.points.first(), sub.points.last()) {
                    if sub.points.len() > 2 && sub.points.iter().skip(1).all(|p| p.line) {
                        push_line(last, first, out);
                    }
                }
            }
        }
    }

    /// The rulings a fill of this path draws: thin rectangles and other
    /// thin polygons.
    pub fn fill(&self, out: &mut Vec<Segment>) {
        for sub in &self.subpaths {
            let Some([x0, y0, x1, y1]) = polygon_bounds(&sub.points) else {
                continue;
            };
            let (w, h) = (x1 - x0, y1 - y0);
            if h < MAX_FILLED_THICKNESS && w >= MIN_LENGTH {
                let y = (y0 + y1) / 2.0;
                out.push(Segment {
                    x0,
                    y0: y,
                    x1,
                    y1: y,
                });
            } else if w < MAX_FILLED_THICKNESS && h >= MIN_LENGTH {
                let x = (x0 + x1) / 2.0;
                out.push(Segment {
                    x0: x,
                    y0,
                    x1: x,
                    y1,
                });
            }
        }
    }
}

fn push_line(a: &Point, b: &Point, out: &mut Vec<Segment>) {
    let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
    if dy <= AXIS_TOLERANCE && dx >= MIN_LENGTH {
        let y = (a.y + b.y) / 2.0;
        out.push(Segment {
            x0: a.x.min(b.x),
            y0: y,
            x1: a.x.max(b.x),
            y1: y,
        });
    } else if dx <= AXIS_TOLERANCE && dy >= MIN_LENGTH {
        let x = (a.x + b.x) / 2.0;
        out.push(Segment {
            x0: x,
            y0: a.y.min(b.y),
            x1: x,
            y1: a.y.max(b.y),
        });
    }
}

/// The bounds of a subpath of straight lines with at least three points.
/// A fill of it is a ruling when the bounds are thin: this covers plain
/// rectangles and the mitred trapezoids some producers draw each cell
/// border as.
fn polygon_bounds(points: &[Point]) -> Option<[f32; 4]> {
    if points.len() < 3 || !points.iter().skip(1).all(|p| p.line) {
        return None;
    }
    let mut b = [
        f32::INFINITY,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NEG_INFINITY,
    ];
    for p in points {
        b = [b[0].min(p.x), b[1].min(p.y), b[2].max(p.x), b[3].max(p.y)];
    }
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stroked_rectangle_gives_four_sides() {
        let mut path = Path::default();
        path.rectangle(10.0, 10.0, 100.0, 20.0, &Matrix::IDENTITY);
        let mut out = Vec::new();
        path.stroke(&mut out);
        assert_eq!(out.len(), 4);
        assert_eq!(out.iter().filter(|s| s.is_horizontal()).count(), 2);
    }

    #[test]
    fn thin_fill_is_a_line_and_wide_fill_is_not() {
        let mut path = Path::default();
        path.rectangle(10.0, 10.0, 100.0, 0.5, &Matrix::IDENTITY);
        path.rectangle(10.0, 10.0, 100.0, 50.0, &Matrix::IDENTITY);
        path.rectangle(10.0, 10.0, 0.75, 50.0, &Matrix::IDENTITY);
        let mut out = Vec::new();
        path.fill(&mut out);
        assert_eq!(
            out,
            vec![
                Segment {
                    x0: 10.0,
                    y0: 10.25,
                    x1: 110.0,
                    y1: 10.25
                },
                Segment {
                    x0: 10.375,
                    y0: 10.0,
                    x1: 10.375,
                    y1: 60.0
                },
            ]
        );
    }

    #[test]
    fn mitred_border_trapezoid_is_a_line() {
        let m = Matrix::IDENTITY;
        let mut path = Path::default();
        path.move_to(798.0, 444.08, &m);
        path.line_to(42.0, 444.08, &m);
        path.line_to(42.0, 444.83, &m);
        path.line_to(797.25, 444.83, &m);
        path.close();
        let mut out = Vec::new();
        path.fill(&mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].is_horizontal() && out[0].x1 - out[0].x0 > 750.0);
    }

    #[test]
    fn curves_and_diagonals_are_not_rulings() {
        let mut path = Path::default();
        let m = Matrix::IDENTITY;
        path.move_to(0.0, 0.0, &m);
        path.curve_to(50.0, 0.0, &m);
        path.line_to(100.0, 100.0, &m);
        let mut out = Vec::new();
        path.stroke(&mut out);
        assert!(out.is_empty());
    }
}
