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
    /// outside them. Simple fonts without /Widths (the standard 14) get 500.
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
