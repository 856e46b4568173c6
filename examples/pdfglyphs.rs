//! Print each page's glyphs as text lines (sorted by y then x) and
//! summary counts: a tool to compare the PDF reader with other extractors.
//!
//! `cargo run --release --example pdfglyphs -- FILE.pdf [--summary]`

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let summary = args.iter().any(|a| a == "--summary");
    let boxes = args.iter().any(|a| a == "--boxes");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let start = Instant::now();
        let pdf = match gongkai::pdf::open(&bytes) {
            Ok(pdf) => pdf,
            Err(e) => {
                println!("#error\t{path}\t{e}");
                continue;
            }
        };
        let (mut glyphs, mut segments, mut images) = (0usize, 0usize, 0u32);
        for n in 1..=pdf.page_count() {
            let page = match pdf.page(n) {
                Ok(p) => p,
                Err(e) => {
                    println!("#page-error\t{n}\t{e}");
                    continue;
                }
            };
            glyphs += page.glyphs.len();
            segments += page.segments.len();
            images += page.images;
            if !summary {
                println!("#page\t{n}\t{}x{}", page.width, page.height);
                if boxes {
                    print_boxes(&page);
                } else {
                    print_lines(&page);
                }
            }
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!(
            "#summary\t{path}\tpages={}\tglyphs={glyphs}\tsegments={segments}\timages={images}\tms={ms:.1}",
            pdf.page_count()
        );
    }
}

/// One glyph a line: text, x0, y0, x1, y1, size.
fn print_boxes(page: &gongkai::pdf::Page) {
    for g in &page.glyphs {
        println!(
            "{}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{:.2}",
            g.text, g.x0, g.y0, g.x1, g.y1, g.size
        );
    }
}

/// Glyphs grouped into lines by the middle of their boxes, each line
/// sorted by x.
fn print_lines(page: &gongkai::pdf::Page) {
    let mut glyphs: Vec<&gongkai::pdf::Glyph> = page.glyphs.iter().collect();
    glyphs.sort_by(|a, b| (a.y0 + a.y1).total_cmp(&(b.y0 + b.y1)));
    let mut line: Vec<&gongkai::pdf::Glyph> = Vec::new();
    let flush = |line: &mut Vec<&gongkai::pdf::Glyph>| {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let text: String = line.iter().map(|g| g.text.as_str()).collect();
        if let Some(first) = line.first() {
            println!("{:7.1} {:7.1}  {text}", first.x0, first.y0);
        }
        line.clear();
    };
    let mut mid = f32::NEG_INFINITY;
    for g in glyphs {
        let m = (g.y0 + g.y1) / 2.0;
        if m - mid > (g.y1 - g.y0) * 0.5 {
            flush(&mut line);
            mid = m;
        }
        line.push(g);
    }
    flush(&mut line);
}
