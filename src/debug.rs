//! Pictures of what the reader and layout saw on a page, so that a user
//! can tell why a table came out as it did.

use std::fmt::Write;

use crate::layout::{Found, LayoutSettings};
use crate::pdf::Page;
use crate::Converted;

/// Width (points) of the band right of the page holding the legend and
/// the table decisions.
const PANEL: f32 = 300.0;

/// What each colour of the picture means, with its style.
const LEGEND: &[(&str, &str)] = &[
    (
        r##"fill="none" stroke="#999" stroke-width="0.6""##,
        "glyph box and its text",
    ),
    (
        r#"fill="none" stroke="red" stroke-width="1""#,
        "ruling line",
    ),
    (
        r##"fill="#e6f5e6" stroke="#2a9d2a" stroke-width="0.8""##,
        "cell of a ruled table",
    ),
    (
        r##"fill="none" stroke="#3366cc" stroke-width="0.6" stroke-dasharray="2,1""##,
        "cell of a text line (or unruled table)",
    ),
    (DROPPED, "dropped: page number, running head or foot"),
    (JOINED, "table joined to the one on the page before"),
];
const DROPPED: &str = r##"fill="#ffb347" fill-opacity="0.35" stroke="#e07b00" stroke-width="0.8""##;
const JOINED: &str = r##"fill="none" stroke="#8e44ad" stroke-width="2" stroke-dasharray="6,3""##;

/// One line per table with rows on page `page`: its label and title, its
/// kind, how its rows were split into header, 栏次 and data, and whether
/// it goes on from an earlier page.
pub fn table_notes(converted: &Converted, page: u32) -> Vec<String> {
    let tables = converted.tables.iter().map(|n| (&n.table, n));
    tables
        .enumerate()
        .filter(|(_, (t, _))| t.rows.iter().any(|r| r.page == Some(page)))
        .map(|(i, (t, n))| {
            let here = t.rows.iter().filter(|r| r.page == Some(page)).count();
            let first = t.rows.iter().find_map(|r| r.page).unwrap_or(page);
            let from = if first < page {
                format!("; goes on from page {first}")
            } else {
                String::new()
            };
            format!(
                "table {}: {} {} [{}]; {} header rows{}; {here} of {} data rows here{from}",
                i + 1,
                t.label,
                t.title,
                n.kind.map_or("no kind", |k| k.id.as_str()),
                t.header.len(),
                if t.column_numbers.is_some() {
                    ", 栏次"
                } else {
                    ""
                },
                t.rows.len(),
            )
        })
        .collect()
}

/// The layout settings changed from the defaults, as one note, so that a
/// picture made with `--set` says what it was made with; none when all
/// are the defaults.
pub fn settings_notes(settings: &LayoutSettings) -> Vec<String> {
    let changed = settings.changed();
    if changed.is_empty() {
        return Vec::new();
    }
    vec![format!("settings: {}", changed.join(", "))]
}

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
/// (red), the cells of ruled tables (green) and of text lines (blue), the
/// lines dropped as page furniture (orange), tables joined to the page
/// before (purple); right of the page a legend and `notes`, the tables'
/// decisions.
pub fn svg(page: &Page, found: &Found, notes: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.2} {h:.2}">"#,
        w = page.width + PANEL,
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
    for c in &found.dropped {
        rect(&mut out, *c, DROPPED);
    }
    for c in &found.joined {
        rect(&mut out, *c, JOINED);
    }
    panel(&mut out, page.width + 10.0, notes);
    out.push_str("</svg>\n");
    out
}

/// The legend and the notes, from `x` on.
fn panel(out: &mut String, x: f32, notes: &[String]) {
    let mut y = 20.0;
    for (style, what) in LEGEND {
        rect(out, [x, y - 8.0, x + 16.0, y], style);
        label(out, x + 22.0, y, what);
        y += 14.0;
    }
    y += 10.0;
    for note in notes {
        // Wrapped at a fixed count: the panel is narrow.
        let chars: Vec<char> = note.chars().collect();
        for piece in chars.chunks(34) {
            label(out, x, y, &piece.iter().collect::<String>());
            y += 11.0;
        }
        y += 4.0;
    }
}

fn label(out: &mut String, x: f32, y: f32, text: &str) {
    let _ = writeln!(
        out,
        r##"<text x="{x:.2}" y="{y:.2}" font-size="8" fill="#000">{}</text>"##,
        escape(text)
    );
}
