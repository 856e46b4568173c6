//! Compare gongkai's font decoding (its own ToUnicode and encoding CMaps,
//! simple encodings, predefined CMaps, embedded font cmaps) with lopdf's
//! (`Dictionary::get_font_encoding` and `Document::extract_text`) on real
//! PDFs: per ToUnicode map, the text of every code and the time to parse
//! it; per page, whether both give the same characters (white space
//! aside, order aside); per font, what lopdf makes of its encoding.
//!
//! `cargo run --release --example tounicode -- FILE.pdf...`

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use lopdf::{Document, Encoding, Object};

/// gongkai's CMap parser, compiled in from its source: the module is
/// private to the library. The modules sit where its paths name them.
#[path = "../src/pdf/font/cmap.rs"]
#[allow(dead_code)]
pub mod cmap;
#[path = "../src/pdf/font/encoding.rs"]
#[allow(dead_code)]
pub mod encoding;
#[path = "../src/pdf/lexer.rs"]
#[allow(dead_code)]
pub mod lexer;
pub mod pdf {
    pub use super::lexer;
    pub mod font {
        pub use super::super::encoding;
    }
}
mod limits {
    pub use gongkai::limits::MAX_ARRAY_ITEMS;
}
use cmap::CMap;

#[derive(Default)]
struct Maps {
    maps: usize,
    lopdf_unparsed: usize,
    same: u64,
    differ: u64,
    only_ours: u64,
    only_lopdf: u64,
    ours_time: Duration,
    lopdf_time: Duration,
    examples: Vec<String>,
    /// The start of maps lopdf could not parse, to see why.
    unparsed_samples: Vec<String>,
}

/// Every code of a ToUnicode map, read by both parsers: two-byte codes
/// for composite fonts, one-byte for simple ones.
fn compare_map(doc: &Document, font: &lopdf::Dictionary, maps: &mut Maps) {
    let Ok(stream) = font
        .get_deref(b"ToUnicode", doc)
        .and_then(Object::as_stream)
    else {
        return;
    };
    let Ok(data) = stream.get_plain_content() else {
        return;
    };
    let start = Instant::now();
    let ours = CMap::parse(&data);
    maps.ours_time += start.elapsed();
    let start = Instant::now();
    // The font's own encoding is asked for only through ToUnicode: a font
    // dictionary copy without /Encoding.
    let mut only_map = font.clone();
    only_map.remove(b"Encoding");
    let theirs = only_map.get_font_encoding(doc);
    maps.lopdf_time += start.elapsed();
    maps.maps += 1;
    let Ok(Encoding::UnicodeMapEncoding(theirs)) = theirs else {
        maps.lopdf_unparsed += 1;
        if maps.unparsed_samples.len() < 3 {
            let head = String::from_utf8_lossy(&data[..data.len().min(600)]).into_owned();
            maps.unparsed_samples.push(head);
        }
        return;
    };
    let composite = font
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Type0");
    let (last, len) = if composite { (0xffff, 2) } else { (0xff, 1) };
    for code in 0..=last {
        let mut a = String::new();
        let a = ours.unicode(code, &mut a).then_some(a);
        let b = theirs
            .get(code, len)
            .map(|units| String::from_utf16_lossy(&units));
        match (&a, &b) {
            (Some(a), Some(b)) if a == b => maps.same += 1,
            (Some(_), Some(_)) => maps.differ += 1,
            (Some(_), None) => maps.only_ours += 1,
            (None, Some(_)) => maps.only_lopdf += 1,
            (None, None) => {}
        }
        if a != b && maps.examples.len() < 12 {
            maps.examples
                .push(format!("code {code:04X}: ours {a:?}, lopdf {b:?}"));
        }
    }
}

/// The characters of a text, counted, white space left out.
fn chars(text: &str) -> BTreeMap<char, i64> {
    let mut count = BTreeMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *count.entry(c).or_insert(0) += 1;
    }
    count
}

/// Characters that one side has more of than the other.
fn surplus(a: &BTreeMap<char, i64>, b: &BTreeMap<char, i64>) -> i64 {
    a.iter()
        .map(|(c, n)| (n - b.get(c).copied().unwrap_or(0)).max(0))
        .sum()
}

#[derive(Default)]
struct Totals {
    files: usize,
    pages: usize,
    same_pages: usize,
    ours_chars: i64,
    lopdf_chars: i64,
    only_ours: i64,
    only_lopdf: i64,
    lopdf_replacement: i64,
    lopdf_failed_pages: usize,
    ours_time: Duration,
    lopdf_time: Duration,
    fonts: BTreeMap<String, usize>,
    maps: Maps,
}

/// What lopdf makes of one font dictionary's encoding.
fn font_kind(doc: &Document, dict: &lopdf::Dictionary) -> String {
    let subtype = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let encoding_name = match dict.get(b"Encoding") {
        Ok(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        Ok(Object::Reference(_)) | Ok(Object::Dictionary(_)) => "dictionary".into(),
        _ => "none".into(),
    };
    let to_unicode = dict.get(b"ToUnicode").is_ok();
    let lopdf = match dict.get_font_encoding(doc) {
        Ok(Encoding::UnicodeMapEncoding(_)) => "ToUnicode map".to_string(),
        Ok(Encoding::OneByteEncoding(_)) => "one-byte table".to_string(),
        Ok(Encoding::Differences(_)) => "differences".to_string(),
        Ok(Encoding::SimpleEncoding(n)) => {
            let probe = Document::decode_text(&Encoding::SimpleEncoding(n), b"\x30\x31");
            format!(
                "named {} ({})",
                String::from_utf8_lossy(n),
                if probe.is_ok() {
                    "decodes"
                } else {
                    "cannot decode"
                }
            )
        }
        Err(e) => format!("error: {e}"),
    };
    format!("{subtype}, /Encoding {encoding_name}, ToUnicode {to_unicode} → lopdf: {lopdf}")
}

fn compare(path: &str, totals: &mut Totals) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let start = Instant::now();
    let Ok(ours) = gongkai::pdf::open(&bytes) else {
        return;
    };
    let mut our_pages = Vec::new();
    for n in 1..=ours.page_count() {
        let text: String = ours
            .page(n)
            .map(|p| p.glyphs.iter().map(|g| g.text.as_str()).collect())
            .unwrap_or_default();
        our_pages.push(text);
    }
    totals.ours_time += start.elapsed();
    let start = Instant::now();
    let Ok(doc) = Document::load_mem(&bytes) else {
        return;
    };
    let mut lopdf_pages = Vec::new();
    for n in 1..=ours.page_count() {
        let chunks = doc.extract_text_chunks(&[n]);
        let failed = chunks.iter().any(Result::is_err);
        let text: String = chunks.into_iter().flatten().collect();
        lopdf_pages.push((text, failed));
    }
    totals.lopdf_time += start.elapsed();
    totals.files += 1;
    for (ours, (lopdf, failed)) in our_pages.iter().zip(&lopdf_pages) {
        let (a, b) = (chars(ours), chars(lopdf));
        totals.pages += 1;
        totals.same_pages += usize::from(a == b);
        totals.ours_chars += a.values().sum::<i64>();
        totals.lopdf_chars += b.values().sum::<i64>();
        totals.only_ours += surplus(&a, &b);
        totals.only_lopdf += surplus(&b, &a);
        totals.lopdf_replacement += b.get(&'\u{fffd}').copied().unwrap_or(0);
        totals.lopdf_failed_pages += usize::from(*failed);
    }
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            if dict.has_type(b"Font") && dict.get(b"Subtype").is_ok() {
                *totals.fonts.entry(font_kind(&doc, dict)).or_insert(0) += 1;
                compare_map(&doc, dict, &mut totals.maps);
            }
        }
    }
}

fn main() {
    let mut totals = Totals::default();
    for path in std::env::args().skip(1) {
        compare(&path, &mut totals);
    }
    let t = &totals;
    let m = &t.maps;
    println!(
        "ToUnicode maps: {}; lopdf could not parse {}; codes: same text {}, different text {}, only ours maps {}, only lopdf maps {}; parse time ours {:.3} s, lopdf {:.3} s",
        m.maps, m.lopdf_unparsed, m.same, m.differ, m.only_ours, m.only_lopdf,
        m.ours_time.as_secs_f64(), m.lopdf_time.as_secs_f64()
    );
    for e in &m.examples {
        println!("    {e}");
    }
    for sample in &m.unparsed_samples {
        println!("    a map lopdf could not parse begins:\n{sample}\n");
    }
    println!("files read by both: {}, pages: {}", t.files, t.pages);
    println!(
        "pages with the same characters: {} ({:.1}%)",
        t.same_pages,
        100.0 * t.same_pages as f64 / t.pages.max(1) as f64
    );
    println!(
        "characters: ours {}, lopdf {}; only ours {}, only lopdf {}; U+FFFD from lopdf {}; pages where lopdf failed a font or the content {}",
        t.ours_chars, t.lopdf_chars, t.only_ours, t.only_lopdf, t.lopdf_replacement, t.lopdf_failed_pages
    );
    println!(
        "time: ours (open, every page: content, fonts, glyph boxes) {:.2} s; lopdf (load, extract_text per page) {:.2} s",
        t.ours_time.as_secs_f64(),
        t.lopdf_time.as_secs_f64()
    );
    println!("\nfonts (count, kind):");
    for (kind, n) in &t.fonts {
        println!("{n:6}  {kind}");
    }
}
