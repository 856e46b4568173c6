//! Convert page dumps (JSON written by `scripts/dump_pages.py`) the way the
//! PDF path will convert PDFs: layout, structure, records, CSV outputs.
//! Used to develop and score the layout stage against pages read by
//! another PDF library.
//!
//!     cargo run --release --example layout_convert -- --out DIR DUMP.pdf.json...
//!     cargo run --release --example layout_convert -- --lines DUMP.pdf.json
//!
//! A dump named `X.pdf.json` is reported as document `X.pdf`. `--lines`
//! prints the rebuilt lines (cells tab-separated, `|n` after a cell
//! spanning n columns) instead of converting.

use std::path::{Path, PathBuf};

use gongkai::pdf::{Glyph, Page, Segment};
use serde::Deserialize;

#[derive(Deserialize)]
struct DumpGlyph {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    size: f32,
}

#[derive(Deserialize)]
struct DumpSegment {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

#[derive(Deserialize)]
struct DumpPage {
    number: u32,
    width: f32,
    height: f32,
    glyphs: Vec<DumpGlyph>,
    segments: Vec<DumpSegment>,
    images: u32,
}

fn page(d: DumpPage) -> Page {
    Page {
        number: d.number,
        width: d.width,
        height: d.height,
        glyphs: d
            .glyphs
            .into_iter()
            .map(|g| Glyph {
                text: g.text,
                x0: g.x0,
                y0: g.y0,
                x1: g.x1,
                y1: g.y1,
                size: g.size,
            })
            .collect(),
        segments: d
            .segments
            .into_iter()
            .map(|s| Segment {
                x0: s.x0,
                y0: s.y0,
                x1: s.x1,
                y1: s.y1,
            })
            .collect(),
        images: d.images,
    }
}

fn load(path: &Path) -> anyhow::Result<(Vec<u8>, Vec<Page>)> {
    let bytes = std::fs::read(path)?;
    let pages: Vec<DumpPage> = serde_json::from_slice(&bytes)?;
    Ok((bytes, pages.into_iter().map(page).collect()))
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut print_lines = false;
    let mut dumps = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--lines" => print_lines = true,
            _ => dumps.push(PathBuf::from(a)),
        }
    }
    let mut converted = Vec::new();
    let (mut spent, mut page_count) = (std::time::Duration::ZERO, 0);
    for dump in &dumps {
        let (bytes, pages) = load(dump)?;
        let start = std::time::Instant::now();
        std::hint::black_box(gongkai::layout::lines(&pages));
        spent += start.elapsed();
        page_count += pages.len();
        if print_lines {
            for line in gongkai::layout::lines(&pages) {
                let cells: Vec<String> = line
                    .cells
                    .iter()
                    .map(|c| match c.span {
                        1 => c.text.clone(),
                        n => format!("{}|{n}", c.text),
                    })
                    .collect();
                println!("{}\t{}", line.page.unwrap_or(0), cells.join("\t"));
            }
            continue;
        }
        let name = dump.to_string_lossy();
        let pdf_path = PathBuf::from(name.strip_suffix(".json").unwrap_or(&name));
        let id = gongkai::source::doc_id(&bytes);
        converted.push(gongkai::convert_pages(&pdf_path, &id, &pages));
    }
    eprintln!(
        "layout: {page_count} pages in {:.1} ms ({:.3} ms a page)",
        spent.as_secs_f64() * 1e3,
        spent.as_secs_f64() * 1e3 / page_count.max(1) as f64
    );
    if let Some(dir) = out {
        converted.sort_by(|a, b| a.doc.cmp(&b.doc));
        gongkai::sink::csv::write_all(&dir, &converted)?;
    }
    Ok(())
}
