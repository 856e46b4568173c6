//! The page model handed from the PDF reader to the layout stage.
//!
//! Coordinates are in points in the page's displayed orientation: origin at
//! the top-left corner of the crop box after /Rotate, x to the right, y
//! down. Layout never has to know about rotation, crop boxes or matrices.

/// One glyph as drawn: its Unicode text and its box.
///
/// Only glyphs with visible text are listed: spaces are not (the gaps
/// between boxes say where words part), nor are glyphs the font gives no
/// Unicode for. Fake-bold copies are removed, full-width digits and
/// number punctuation are folded to ASCII, and radicals to ideographs.
/// Glyphs come in drawing order.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// Usually one character; a ligature or an ActualText may give more.
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Font size in points after the text and graphics matrices.
    pub size: f32,
}

/// A ruling line: a stroked line, a thin filled rectangle, or one side of
/// a stroked rectangle. Always horizontal or vertical, with `x0 <= x1` and
/// `y0 <= y1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Segment {
    pub fn is_horizontal(&self) -> bool {
        self.y1 - self.y0 <= self.x1 - self.x0
    }
}

/// One page: its size, glyphs and ruling lines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    /// Images drawn on the page: a page with images and no glyphs is a
    /// scan without a text layer.
    pub images: u32,
}
