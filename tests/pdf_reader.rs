//! The PDF reader on small fixtures, one per way real reports encode text
//! or draw tables (see scripts/make_pdf_fixtures.py, which makes them).

use gongkai::pdf::{self, Glyph, Page, PdfError};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn first_page(name: &str) -> Page {
    let pdf = pdf::open(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(pdf.page_count(), 1);
    pdf.page(1).unwrap()
}

/// The page's text in reading order: lines by the glyphs' vertical
/// middles, each line left to right.
fn lines(page: &Page) -> Vec<String> {
    let mut glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    glyphs.sort_by(|a, b| (a.y0 + a.y1).total_cmp(&(b.y0 + b.y1)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        let mid = (g.y0 + g.y1) / 2.0;
        match lines.last_mut() {
            Some(line) if (mid - (line[0].y0 + line[0].y1) / 2.0).abs() < 3.0 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    lines
        .into_iter()
        .map(|mut line| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            line.iter().map(|g| g.text.as_str()).collect()
        })
        .collect()
}

/// The glyphs spelling `text` in order (the first run that does).
fn find<'p>(page: &'p Page, text: &str) -> Vec<&'p Glyph> {
    let chars: Vec<String> = text.chars().map(String::from).collect();
    let glyphs = &page.glyphs;
    (0..glyphs.len())
        .find_map(|start| {
            let run = glyphs.get(start..start + chars.len())?;
            run.iter()
                .zip(&chars)
                .all(|(g, c)| &g.text == c)
                .then(|| run.iter().collect())
        })
        .unwrap_or_else(|| panic!("{text:?} not found in {:?}", lines(page)))
}

fn x_span(glyphs: &[&Glyph]) -> (f32, f32) {
    (glyphs[0].x0, glyphs[glyphs.len() - 1].x1)
}

fn middle(glyphs: &[&Glyph]) -> f32 {
    (glyphs[0].y0 + glyphs[0].y1) / 2.0
}

/// The three data rows every table fixture has: code, name, value.
fn assert_table_rows(page: &Page) {
    let text = lines(page);
    for row in [
        "201一般公共服务支出1,234.56",
        "20101人大事务217.46",
        "208社会保障和就业支出-3.00",
    ] {
        assert!(text.iter().any(|l| l == row), "{row} not in {text:?}");
    }
    let name = find(page, "一般公共服务支出");
    let value = find(page, "1,234.56");
    assert!(x_span(&value).0 > x_span(&name).1, "value right of name");
    assert!((middle(&name) - middle(&value)).abs() < 2.0, "same row");
}

#[test]
fn tounicode_identity_h_font() {
    let page = first_page("tounicode_table.pdf");
    assert!(lines(&page).contains(&"收入支出决算总表".to_string()));
    assert_table_rows(&page);
    let title = find(&page, "收入支出决算总表");
    assert!((title[0].size - 16.0).abs() < 0.01);
    // An ideograph is one em wide; its height is the font's ascent to
    // descent (WenQuanYi: 0.963 to -0.297 em).
    assert!((title[0].x1 - title[0].x0 - 16.0).abs() < 0.5);
    assert!((title[0].y1 - title[0].y0 - 1.26 * 16.0).abs() < 0.1);
}

#[test]
fn identity_h_without_tounicode_uses_the_embedded_cmap() {
    let page = first_page("identity_no_tounicode.pdf");
    assert!(lines(&page).contains(&"收入支出决算总表".to_string()));
    assert_table_rows(&page);
}

#[test]
fn unigb_ucs2_font_without_tounicode() {
    let page = first_page("stsong_ucs2.pdf");
    assert_eq!(lines(&page)[0], "财政拨款收入支出决算总表");
    assert_table_rows(&page);
    // Right-aligned at x = 456 with Adobe-GB1 proportional digit widths.
    let value = find(&page, "1,234.56");
    assert!(
        (x_span(&value).1 - 456.0).abs() < 1.0,
        "{:?}",
        x_span(&value)
    );
}

#[test]
fn gbk_euc_font_inside_a_form_drawn_twice() {
    let page = first_page("gbk_form.pdf");
    assert_eq!(lines(&page), vec!["项目支出12.5", "项目支出12.5"]);
    let sizes: Vec<f32> = page.glyphs.iter().map(|g| g.size).collect();
    assert!(sizes.iter().take(8).all(|s| (s - 10.0).abs() < 0.01));
    assert!(sizes.iter().skip(8).all(|s| (s - 20.0).abs() < 0.01));
    // The second copy is drawn at (100, 500) in PDF space: 342 from the top.
    let second = &page.glyphs[8];
    assert!((second.x0 - 100.0).abs() < 0.01);
    assert!(second.y0 < 342.0 && second.y1 > 338.0, "{second:?}");
    // Half-width digits are narrower than ideographs.
    let digit = &page.glyphs[4];
    assert!((digit.x1 - digit.x0 - 5.0).abs() < 0.01, "{digit:?}");
}

#[test]
fn vertical_writing_stacks_glyphs_downwards() {
    let page = first_page("vertical.pdf");
    let [a, b] = page.glyphs.as_slice() else {
        panic!("{:?}", page.glyphs)
    };
    assert_eq!((a.text.as_str(), b.text.as_str()), ("合", "计"));
    // Centred on the pen's x = 300, each one em below the last, starting
    // at the pen (842 - 700 = 142 from the top).
    assert!((a.x0 - 294.0).abs() < 0.01 && (b.x0 - 294.0).abs() < 0.01);
    assert!((a.y0 - 142.0).abs() < 0.01 && (b.y0 - 154.0).abs() < 0.01);
}

#[test]
fn pdf_can_be_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<pdf::Pdf>();
}

#[test]
fn simple_winansi_font() {
    let page = first_page("simple_font.pdf");
    assert_eq!(lines(&page), vec!["Totalexpenditure1,234.56"]);
    // Right-aligned at 400 with Helvetica's own widths.
    let value = find(&page, "1,234.56");
    assert!((x_span(&value).1 - 400.0).abs() < 0.5);
}

#[test]
fn rotated_page_reads_in_display_order() {
    let page = first_page("rotated_90.pdf");
    // A landscape MediaBox shown rotated: portrait on screen.
    assert!(page.width < page.height);
    assert_eq!(
        lines(&page),
        vec!["一般公共预算财政拨款支出表", "合计88.50"]
    );
    let total = find(&page, "合计");
    let value = find(&page, "88.50");
    assert!(x_span(&value).0 > x_span(&total).1 + 300.0);
    for g in &page.glyphs {
        assert!(g.x0 >= 0.0 && g.x1 <= page.width && g.y0 >= 0.0 && g.y1 <= page.height);
        assert!(g.x1 - g.x0 < g.y1 - g.y0 + 0.5, "glyphs are upright: {g:?}");
    }
}

#[test]
fn every_empty_password_encryption_opens() {
    for name in ["rc4_40.pdf", "rc4_128.pdf", "aes_128.pdf", "aes_256.pdf"] {
        let page = first_page(name);
        assert!(
            lines(&page).contains(&"收入支出决算总表".to_string()),
            "{name}"
        );
        assert_table_rows(&page);
    }
}

#[test]
fn a_real_user_password_is_reported_as_encrypted() {
    let err = pdf::open(&fixture("user_password.pdf")).err();
    assert!(matches!(err, Some(PdfError::Encrypted(_))), "{err:?}");
}

#[test]
fn truncated_file_is_corrupt() {
    let truncated = fixture("truncated.pdf");
    let err = pdf::open(&truncated).err();
    // The message says where the file stops, so a reader knows it was cut.
    let Some(PdfError::Corrupt(damage)) = &err else {
        panic!("{err:?}");
    };
    assert!(
        matches!(damage.place, pdf::Place::End { length, .. } if length == truncated.len()),
        "{damage:?}"
    );
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains(&format!("byte {}", truncated.len())),
        "{message}"
    );
    let bytes = fixture("tounicode_table.pdf");
    for cut in [10, 100, 1000, bytes.len() / 3, bytes.len() - 10] {
        // Never a panic, whatever the cut.
        if let Ok(pdf) = pdf::open(&bytes[..cut]) {
            for n in 1..=pdf.page_count() {
                let _ = pdf.page(n);
            }
        }
    }
}

#[test]
fn missing_page_is_an_error() {
    let pdf = pdf::open(&fixture("simple_font.pdf")).unwrap();
    assert!(matches!(
        pdf.page(2),
        Err(PdfError::NoSuchPage {
            number: 2,
            count: 1
        })
    ));
    assert!(pdf.page(0).is_err());
}

#[test]
fn stroked_cell_borders_become_segments() {
    let page = first_page("tounicode_table.pdf");
    let horizontal: Vec<_> = page.segments.iter().filter(|s| s.is_horizontal()).collect();
    let vertical: Vec<_> = page
        .segments
        .iter()
        .filter(|s| !s.is_horizontal())
        .collect();
    // 4 rows x 3 cells, each cell a stroked rectangle.
    assert_eq!(horizontal.len(), 24);
    assert_eq!(vertical.len(), 24);
    let value = find(&page, "1,234.56");
    let (_, right) = x_span(&value);
    // Some vertical border lies just right of the right-aligned value.
    assert!(vertical.iter().any(|s| s.x0 > right && s.x0 - right < 5.0));
}

#[test]
fn stroked_lines_and_thin_fills_become_segments() {
    let page = first_page("stsong_ucs2.pdf");
    let horizontal: Vec<_> = page.segments.iter().filter(|s| s.is_horizontal()).collect();
    let vertical: Vec<_> = page
        .segments
        .iter()
        .filter(|s| !s.is_horizontal())
        .collect();
    assert_eq!(horizontal.len(), 4);
    assert_eq!(vertical.len(), 4);
    for s in &horizontal {
        assert!((s.x0 - 60.0).abs() < 0.5 && (s.x1 - 460.0).abs() < 0.5);
    }
    // Each data row lies between two consecutive horizontal rules.
    let mut ys: Vec<f32> = horizontal.iter().map(|s| s.y0).collect();
    ys.sort_by(f32::total_cmp);
    let row = middle(&find(&page, "人大事务"));
    assert!(ys.windows(2).any(|w| w[0] < row && row < w[1]));
}

/// Damaged copies of the fixtures (bytes overwritten, runs deleted,
/// cuts) must give errors or pages, never a panic — not even one caught
/// inside the reader.
#[test]
fn mutated_files_never_panic() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static PANICS: AtomicUsize = AtomicUsize::new(0);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        eprintln!("panic: {info}");
    }));
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for name in [
        "tounicode_table.pdf",
        "stsong_ucs2.pdf",
        "gbk_form.pdf",
        "aes_128.pdf",
    ] {
        let original = fixture(name);
        for _ in 0..150 {
            let mut bytes = original.clone();
            match next(3) {
                0 => {
                    for _ in 0..1 + next(20) {
                        let at = next(bytes.len());
                        bytes[at] = next(256) as u8;
                    }
                }
                1 => {
                    let at = next(bytes.len());
                    let len = next(200).min(bytes.len() - at);
                    bytes.drain(at..at + len);
                }
                _ => bytes.truncate(next(bytes.len())),
            }
            if let Ok(pdf) = pdf::open(&bytes) {
                for n in 1..=pdf.page_count().min(5) {
                    let _ = pdf.page(n);
                }
            }
        }
    }
    std::panic::set_hook(previous);
    assert_eq!(PANICS.load(Ordering::SeqCst), 0);
}
