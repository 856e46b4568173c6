//! PDF pages as glyphs and ruling lines: what the layout stage needs to
//! rebuild table rows and cells.

mod page;

pub use page::{Glyph, Page, Segment};
