//! Pictures of what the reader and layout saw on a page, so that a user
//! can tell why a table came out as it did.

use std::fmt::Write;

use crate::layout::Found;
use crate::pdf::Page;

fn rect(out: &mut String, [x0, y0, x1, y1]: [f32; 4], style: &str) {
    let _ = writeln!(
        out,
        r#"<rect x="{x0:.2}" y="{y0:.2}" width="{:.2}" height="{:.2}" {style}/>"#,
        (x1 - x0).max(0.1),
        (y1 - y0).max(0.1)
    );
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An SVG of one page: glyph boxes and their text (grey), ruling lines
/// (red), the cells of ruled tables (green) and of text lines (blue).
pub fn svg(page: &Page, found: &Found) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.2} {h:.2}">"#,
        w = page.width,
        h = page.height
    );
    rect(
        &mut out,
        [0.0, 0.0, page.width, page.height],
        r#"fill="white" stroke="black""#,
    );
    for c in &found.table_cells {
        rect(
            &mut out,
            *c,
            r##"fill="#e6f5e6" stroke="#2a9d2a" stroke-width="0.8""##,
        );
    }
    for c in &found.text_cells {
        rect(
            &mut out,
            *c,
            r##"fill="none" stroke="#3366cc" stroke-width="0.6" stroke-dasharray="2,1""##,
        );
    }
    for s in &page.segments {
        let _ = writeln!(
            out,
            r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="red" stroke-width="0.5"/>"#,
            s.x0, s.y0, s.x1, s.y1
        );
    }
    for g in &page.glyphs {
        rect(
            &mut out,
            [g.x0, g.y0, g.x1, g.y1],
            r##"fill="none" stroke="#999" stroke-width="0.2""##,
        );
        let _ = writeln!(
            out,
            r##"<text x="{:.2}" y="{:.2}" font-size="{:.1}" fill="#333">{}</text>"##,
            g.x0,
            g.y1 - (g.y1 - g.y0) * 0.15,
            (g.y1 - g.y0) * 0.8,
            escape(&g.text)
        );
    }
    out.push_str("</svg>\n");
    out
}
