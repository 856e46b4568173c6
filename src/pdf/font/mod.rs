//! Fonts as the interpreter needs them: how a shown string splits into
//! codes, each code's Unicode text, and each code's advance width.
//!
//! A font is loaded once per document (the caller caches by object id) and
//! is immutable afterwards, so pages can share it.

mod cmap;
mod embedded;
pub mod encoding;
mod predefined;
mod widths;

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use crate::pdf::objects::{self, get, get_array, get_dict, get_name, get_number, get_stream};
pub use cmap::{CMap, CodeSpace};
use encoding::{BaseEncoding, CodeTable};
use predefined::Predefined;
use widths::Widths;

/// Ascent and descent of a font without usable metrics, in em.
const DEFAULT_ASCENT: f32 = 0.88;
const DEFAULT_DESCENT: f32 = -0.12;

/// Where the text of a code comes from when the ToUnicode map has none.
#[derive(Debug)]
enum Fallback {
    Nothing,
    /// Simple fonts: the encoding's table after /Differences.
    Table(CodeTable),
    /// Predefined Unicode CMaps (UniGB-UCS2-H, UniGB-UTF16-H): the code is
    /// UTF-16BE.
    Utf16,
    /// Predefined legacy CMaps (GBK-EUC-H, B5pc-H): the code's bytes are
    /// text in that encoding.
    Legacy(&'static encoding_rs::Encoding),
    /// The embedded font's cmap, inverted: glyph id → Unicode.
    Glyphs {
        by_gid: HashMap<u16, char>,
        cid_to_gid: Option<Vec<u16>>,
    },
}

/// How a code becomes a CID (for widths and glyph ids).
#[derive(Debug)]
enum CidOf {
    /// Simple fonts: the code itself indexes /Widths.
    Code,
    Identity,
    Embedded(CMap),
    /// Predefined CMaps without their CID tables: printable ASCII is taken
    /// as Adobe's proportional Roman (CID = code − 31), the rest is /DW.
    AsciiOnly,
}

/// One decoded code of a shown string.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Code {
    /// Bytes consumed.
    pub len: usize,
    /// Advance in text space per unit of font size (the glyph width
    /// through the font matrix).
    pub advance: f32,
    /// Whether word spacing applies: the single-byte code 32.
    pub word_space: bool,
}

#[derive(Debug)]
pub struct Font {
    codes: CodeSpace,
    to_unicode: Option<CMap>,
    fallback: Fallback,
    cid_of: CidOf,
    widths: Widths,
    /// The font matrix's a and d: 0.001 except for Type 3 fonts.
    matrix_x: f32,
    matrix_y: f32,
    /// In em, up positive.
    pub ascent: f32,
    pub descent: f32,
    /// Writing mode 1 (Identity-V and other -V CMaps).
    pub vertical: bool,
}

impl Font {
    /// Load a font dictionary. Never fails: whatever is missing or broken
    /// falls back to what the specification says a viewer assumes.
    pub fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or_default();
        let to_unicode = get_stream(doc, dict, b"ToUnicode")
            .and_then(objects::stream_bytes)
            .map(|bytes| CMap::parse(&bytes))
            .filter(CMap::has_unicode);
        if subtype == b"Type0" {
            load_type0(doc, dict, to_unicode)
        } else {
            load_simple(doc, dict, subtype, to_unicode)
        }
    }

    /// How many points one unit of font size makes: 1 for ordinary
    /// fonts, the font matrix's scale × 1000 for Type 3 fonts.
    pub fn em_scale(&self) -> f32 {
        self.matrix_y.abs() * 1000.0
    }

    /// Decode the first code of `bytes`, appending its text to `text`.
    /// `bytes` must not be empty.
    pub fn next_code(&self, bytes: &[u8], text: &mut String) -> Code {
        let (code, len) = self.codes.next_code(bytes);
        let code_bytes = bytes.get(..len).unwrap_or(bytes);
        let mapped = self
            .to_unicode
            .as_ref()
            .is_some_and(|m| m.unicode(code, text));
        let cid = self.cid(code, code_bytes);
        if !mapped {
            self.fallback_text(code, code_bytes, cid, text);
        }
        let width = self.width(code, cid);
        Code {
            len,
            advance: width * self.matrix_x,
            word_space: len == 1 && code == 32,
        }
    }

    fn cid(&self, code: u32, code_bytes: &[u8]) -> Option<u32> {
        match &self.cid_of {
            CidOf::Code | CidOf::Identity => Some(code),
            CidOf::Embedded(cmap) => cmap.cid(code),
            CidOf::AsciiOnly => match code_bytes {
                [b @ 0x20..=0x7e] | [0, b @ 0x20..=0x7e] => Some(u32::from(*b) - 31),
                _ => None,
            },
        }
    }

    fn width(&self, code: u32, cid: Option<u32>) -> f32 {
        match (&self.cid_of, cid) {
            (CidOf::Code, _) => self.widths.get(code),
            (CidOf::AsciiOnly, Some(cid)) => self.widths.get_or(cid, 500.0),
            (_, Some(cid)) => self.widths.get(cid),
            (_, None) => self.widths.get(u32::MAX),
        }
    }

    fn fallback_text(&self, code: u32, code_bytes: &[u8], cid: Option<u32>, text: &mut String) {
        match &self.fallback {
            Fallback::Nothing => {}
            Fallback::Table(table) => {
                if let Some(s) = table.get(code as usize) {
                    text.push_str(s);
                }
            }
            Fallback::Utf16 => {
                text.push_str(&cmap::decode_utf16(code_bytes));
            }
            Fallback::Legacy(encoding) => {
                let (decoded, _) = encoding.decode_without_bom_handling(code_bytes);
                if !decoded.contains('\u{fffd}') {
                    text.push_str(&decoded);
                }
            }
            Fallback::Glyphs { by_gid, cid_to_gid } => {
                let Some(cid) = cid else { return };
                let gid = match cid_to_gid {
                    Some(table) => table.get(cid as usize).copied(),
                    None => u16::try_from(cid).ok(),
                };
                if let Some(c) = gid.and_then(|g| by_gid.get(&g)) {
                    text.push(*c);
                }
            }
        }
    }
}

fn load_type0(doc: &Document, dict: &Dictionary, to_unicode: Option<CMap>) -> Font {
    let descendant = get_array(doc, dict, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|d| objects::resolve(doc, d))
        .and_then(objects::as_dict);
    let empty = Dictionary::new();
    let cid_font = descendant.unwrap_or(&empty);
    let descriptor = get_dict(doc, cid_font, b"FontDescriptor");

    let (codes, cid_of, mut fallback, vertical) = match get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => {
            let p = Predefined::from_name(name);
            (p.codes, p.cid_of, p.fallback, p.vertical)
        }
        Some(Object::Stream(stream)) => embedded_encoding(doc, stream),
        _ => (
            CodeSpace::two_byte(),
            CidOf::Identity,
            Fallback::Nothing,
            false,
        ),
    };
    // The embedded font is only read when there is no ToUnicode map:
    // parsing a CJK font costs far more than the page that uses it.
    if matches!(fallback, Fallback::Nothing) && to_unicode.is_none() {
        fallback = embedded_font_glyphs(doc, cid_font, descriptor);
    }
    let widths = Widths::cid(doc, cid_font);
    let (ascent, descent) = metrics(doc, descriptor, 0.001);
    Font {
        codes,
        to_unicode,
        fallback,
        cid_of,
        widths,
        matrix_x: 0.001,
        matrix_y: 0.001,
        ascent,
        descent,
        vertical,
    }
}

/// An /Encoding CMap stream: its codespace and CIDs, falling back to the
/// predefined CMap it names with `usecmap`.
fn embedded_encoding(doc: &Document, stream: &lopdf::Stream) -> (CodeSpace, CidOf, Fallback, bool) {
    let cmap = objects::stream_bytes(stream)
        .map(|b| CMap::parse(&b))
        .unwrap_or_default();
    let parent = cmap.parent.clone().or_else(|| {
        get_name(doc, &stream.dict, b"UseCMap").map(|n| String::from_utf8_lossy(n).into_owned())
    });
    let vertical = get_number(doc, &stream.dict, b"WMode").is_some_and(|m| m == 1.0);
    let base = Predefined::from_name(parent.as_deref().unwrap_or("Identity-H").as_bytes());
    let codes = if cmap.codespace.is_empty() {
        base.codes
    } else {
        cmap.codespace.clone()
    };
    let cid_of = if cmap.has_cids() {
        CidOf::Embedded(cmap)
    } else {
        base.cid_of
    };
    (codes, cid_of, base.fallback, vertical || base.vertical)
}

/// Glyph id → Unicode through an embedded TrueType/OpenType font.
fn embedded_font_glyphs(
    doc: &Document,
    cid_font: &Dictionary,
    descriptor: Option<&Dictionary>,
) -> Fallback {
    let Some(descriptor) = descriptor else {
        return Fallback::Nothing;
    };
    let file = get_stream(doc, descriptor, b"FontFile2")
        .or_else(|| get_stream(doc, descriptor, b"FontFile3"));
    let Some(data) = file.and_then(objects::stream_bytes) else {
        return Fallback::Nothing;
    };
    let by_gid = embedded::glyph_to_unicode(&data);
    if by_gid.is_empty() {
        return Fallback::Nothing;
    }
    let cid_to_gid = get_stream(doc, cid_font, b"CIDToGIDMap")
        .and_then(objects::stream_bytes)
        .map(|b| {
            b.chunks_exact(2)
                .map(|c| match c {
                    [h, l] => u16::from_be_bytes([*h, *l]),
                    _ => 0,
                })
                .collect()
        });
    Fallback::Glyphs { by_gid, cid_to_gid }
}

fn load_simple(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    to_unicode: Option<CMap>,
) -> Font {
    let is_type3 = subtype == b"Type3";
    let (matrix_x, matrix_y) = if is_type3 {
        font_matrix(doc, dict)
    } else {
        (0.001, 0.001)
    };
    let default_base = match subtype {
        b"Type3" => None,
        b"TrueType" => Some(BaseEncoding::WinAnsi),
        _ => Some(BaseEncoding::Standard),
    };
    let table = simple_table(doc, dict, default_base);
    let descriptor = get_dict(doc, dict, b"FontDescriptor");
    let widths = Widths::simple(doc, dict, descriptor);
    let (ascent, descent) = if is_type3 {
        type3_metrics(doc, dict, matrix_y)
    } else {
        metrics(doc, descriptor, 0.001)
    };
    Font {
        codes: CodeSpace::one_byte(),
        to_unicode,
        fallback: Fallback::Table(table),
        cid_of: CidOf::Code,
        widths,
        matrix_x,
        matrix_y,
        ascent,
        descent,
        vertical: false,
    }
}

/// A Type 3 font's matrix (a, d), kept within sane bounds.
fn font_matrix(doc: &Document, dict: &Dictionary) -> (f32, f32) {
    let m = get_array(doc, dict, b"FontMatrix")
        .map(|a| objects::numbers(doc, a))
        .unwrap_or_default();
    let a = m.first().copied().flatten().unwrap_or(0.001);
    let d = m.get(3).copied().flatten().unwrap_or(0.001);
    let sane = |v: f32| v.is_finite() && v.abs() > 1e-6 && v.abs() < 100.0;
    (
        if sane(a) { a } else { 0.001 },
        if sane(d) { d } else { 0.001 },
    )
}

/// The 256-entry code table of a simple font: base encoding, then
/// /Differences.
fn simple_table(
    doc: &Document,
    dict: &Dictionary,
    default_base: Option<BaseEncoding>,
) -> CodeTable {
    let empty = || vec![String::new(); 256];
    match get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => BaseEncoding::from_name(name)
            .or(default_base)
            .map(BaseEncoding::table)
            .unwrap_or_else(empty),
        Some(Object::Dictionary(enc)) => {
            let base = get_name(doc, enc, b"BaseEncoding")
                .and_then(BaseEncoding::from_name)
                .or(default_base);
            let mut table = base.map(BaseEncoding::table).unwrap_or_else(empty);
            if let Some(diffs) = get_array(doc, enc, b"Differences") {
                encoding::apply_differences(&mut table, differences(diffs));
            }
            table
        }
        _ => default_base.map(BaseEncoding::table).unwrap_or_else(empty),
    }
}

/// `[code /name /name code /name …]` as (code, name) pairs.
fn differences(items: &[Object]) -> impl Iterator<Item = (u32, &[u8])> {
    let mut code = 0u32;
    items.iter().filter_map(move |item| match item {
        Object::Integer(n) => {
            code = u32::try_from(*n).unwrap_or(u32::MAX);
            None
        }
        Object::Name(name) => {
            let this = code;
            code = code.saturating_add(1);
            Some((this, name.as_slice()))
        }
        _ => None,
    })
}

/// A Type 3 font's ascent and descent in em, from its /FontBBox through
/// its matrix. Chromium draws its Type 3 glyphs upside down in glyph
/// space and flips them back with a negative matrix, so the box, not the
/// matrix's sign, says which way is up.
fn type3_metrics(doc: &Document, dict: &Dictionary, matrix_y: f32) -> (f32, f32) {
    let bbox = dict
        .get(b"FontBBox")
        .ok()
        .and_then(|o| objects::rectangle(doc, o));
    if let Some([_, y0, _, y1]) = bbox {
        let (a, b) = (y0 * matrix_y, y1 * matrix_y);
        let (ascent, descent) = (a.max(b), a.min(b));
        if ascent > 0.3
            && ascent <= 1.5
            && (-1.0..=0.0).contains(&descent)
            && ascent - descent >= 0.6
        {
            return (ascent, descent);
        }
    }
    (DEFAULT_ASCENT, DEFAULT_DESCENT)
}

/// Ascent and descent in em from the font descriptor, if plausible.
/// `units` converts glyph-space units to em (0.001 for all but Type 3).
fn metrics(doc: &Document, descriptor: Option<&Dictionary>, units: f32) -> (f32, f32) {
    let read = |key: &[u8]| descriptor.and_then(|d| get_number(doc, d, key));
    match (read(b"Ascent"), read(b"Descent")) {
        (Some(a), Some(d)) => {
            let (a, d) = (a * units, d * units);
            let plausible = a > 0.3 && a <= 1.5 && (-1.0..=0.0).contains(&d) && a - d >= 0.6;
            if plausible {
                (a, d)
            } else {
                (DEFAULT_ASCENT, DEFAULT_DESCENT)
            }
        }
        _ => (DEFAULT_ASCENT, DEFAULT_DESCENT),
    }
}
