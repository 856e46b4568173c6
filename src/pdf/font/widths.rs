//! Advance widths: /Widths + /FirstChar for simple fonts, /W (both the
//! `c [w1 w2 …]` and the `c_first c_last w` forms) + /DW for CID fonts.

use lopdf::{Dictionary, Document, Object};

use crate::pdf::objects::{self, get_array, get_number};

/// Widths past this many entries are ignored (absurd-size guard).
const MAX_WIDTHS: usize = 1 << 20;

#[derive(Debug, Default)]
pub struct Widths {
    /// Sorted (first, last, width) runs, in glyph-space units.
    runs: Vec<(u32, u32, f32)>,
    default: f32,
}

impl Widths {
    /// A simple font's /Widths from /FirstChar; /MissingWidth (else 500)
    /// outside them. The standard fonts, which may come without /Widths,
    /// get their printable-ASCII metrics.
    pub fn simple(doc: &Document, font: &Dictionary, descriptor: Option<&Dictionary>) -> Widths {
        let first = get_number(doc, font, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
        let missing = descriptor
            .and_then(|d| get_number(doc, d, b"MissingWidth"))
            .filter(|w| *w > 0.0)
            .unwrap_or(500.0);
        let mut runs = Vec::new();
        if let Some(items) = get_array(doc, font, b"Widths") {
            for (i, w) in objects::numbers(doc, items)
                .into_iter()
                .enumerate()
                .take(MAX_WIDTHS)
            {
                let code = first.saturating_add(i as u32);
                runs.push((code, code, w.unwrap_or(missing)));
            }
        }
        if runs.is_empty() {
            let base = objects::get_name(doc, font, b"BaseFont").unwrap_or_default();
            if let Some(table) = standard_widths(base) {
                runs = (32u32..)
                    .zip(table)
                    .map(|(c, w)| (c, c, f32::from(*w)))
                    .collect();
            }
        }
        Widths {
            runs,
            default: missing,
        }
    }

    /// A CID font's /W and /DW (default 1000).
    pub fn cid(doc: &Document, cid_font: &Dictionary) -> Widths {
        let default = get_number(doc, cid_font, b"DW").unwrap_or(1000.0);
        let mut runs = Vec::new();
        if let Some(items) = get_array(doc, cid_font, b"W") {
            parse_w(doc, items, &mut runs);
        }
        runs.sort_by_key(|r| r.0);
        Widths { runs, default }
    }

    pub fn get(&self, cid: u32) -> f32 {
        self.get_or(cid, self.default)
    }

    pub fn get_or(&self, cid: u32, missing: f32) -> f32 {
        let end = self.runs.partition_point(|r| r.0 <= cid);
        match end.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some((_, last, w)) if cid <= *last => *w,
            _ => missing,
        }
    }
}

/// Printable-ASCII widths (codes 32–126) of the standard fonts that
/// producers leave without /Widths.
fn standard_widths(base_font: &[u8]) -> Option<&'static [u16; 95]> {
    let name = String::from_utf8_lossy(base_font).to_ascii_lowercase();
    let bold = name.contains("bold");
    if name.contains("courier") {
        Some(&COURIER)
    } else if name.contains("helvetica") || name.contains("arial") {
        Some(if bold { &HELVETICA_BOLD } else { &HELVETICA })
    } else if name.contains("times") {
        Some(if bold { &TIMES_BOLD } else { &TIMES })
    } else {
        None
    }
}

const COURIER: [u16; 95] = [600; 95];
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];
const TIMES_BOLD: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667,
    611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
    722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556,
    278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
];

fn parse_w(doc: &Document, items: &[Object], runs: &mut Vec<(u32, u32, f32)>) {
    let mut i = 0;
    while i < items.len() && runs.len() < MAX_WIDTHS {
        let first = items.get(i).and_then(|o| objects::resolve(doc, o));
        let second = items.get(i + 1).and_then(|o| objects::resolve(doc, o));
        let Some(start) = first.and_then(objects::number) else {
            i += 1;
            continue;
        };
        let start = start.max(0.0) as u32;
        match second {
            Some(Object::Array(ws)) => {
                for (k, w) in objects::numbers(doc, ws).into_iter().enumerate() {
                    if let Some(w) = w {
                        let cid = start.saturating_add(k as u32);
                        runs.push((cid, cid, w));
                    }
                }
                i += 2;
            }
            Some(last) => {
                let last = objects::number(last).unwrap_or(-1.0);
                let w = items
                    .get(i + 2)
                    .and_then(|o| objects::resolve(doc, o))
                    .and_then(objects::number);
                if let Some(w) = w {
                    if last >= start as f32 {
                        runs.push((start, last as u32, w));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
}
