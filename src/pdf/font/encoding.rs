//! Encodings of simple fonts: the base encodings (WinAnsi, MacRoman,
//! Standard), /Differences, and glyph names to Unicode for the names that
//! producers actually write (uniXXXX, uXXXX[XX], the common Adobe names).

use std::sync::OnceLock;

/// A simple font's code → text table.
pub type CodeTable = Vec<String>;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
}

impl BaseEncoding {
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            _ => None,
        }
    }

    /// The 256-entry table of this encoding.
    pub fn table(self) -> CodeTable {
        let chars = match self {
            BaseEncoding::WinAnsi => single_byte(&WIN_ANSI, encoding_rs::WINDOWS_1252),
            BaseEncoding::MacRoman => single_byte(&MAC_ROMAN, encoding_rs::MACINTOSH),
            BaseEncoding::Standard => standard(),
        };
        chars
            .iter()
            .map(|c| c.map(String::from).unwrap_or_default())
            .collect()
    }
}

static WIN_ANSI: OnceLock<[Option<char>; 256]> = OnceLock::new();
static MAC_ROMAN: OnceLock<[Option<char>; 256]> = OnceLock::new();
static STANDARD: OnceLock<[Option<char>; 256]> = OnceLock::new();

fn single_byte(
    cell: &'static OnceLock<[Option<char>; 256]>,
    encoding: &'static encoding_rs::Encoding,
) -> &'static [Option<char>; 256] {
    cell.get_or_init(|| {
        let mut table = [None; 256];
        for (code, slot) in table.iter_mut().enumerate().skip(0x20) {
            let byte = [code as u8];
            let (text, _) = encoding.decode_without_bom_handling(&byte);
            *slot = text
                .chars()
                .next()
                .filter(|c| *c != '\u{fffd}' && !c.is_control());
        }
        table
    })
}

/// StandardEncoding: ASCII with curly quotes, plus the Latin punctuation
/// in the upper half that text in these reports may use.
fn standard() -> &'static [Option<char>; 256] {
    STANDARD.get_or_init(|| {
        let mut table = [None; 256];
        for (code, slot) in table.iter_mut().enumerate().take(0x7f).skip(0x20) {
            *slot = char::from_u32(code as u32);
        }
        table[0x27] = Some('\u{2019}');
        table[0x60] = Some('\u{2018}');
        let upper: [(usize, char); 14] = [
            (0xa1, '¡'),
            (0xa2, '¢'),
            (0xa3, '£'),
            (0xa5, '¥'),
            (0xa7, '§'),
            (0xaa, '“'),
            (0xb1, '–'),
            (0xb4, '·'),
            (0xb7, '•'),
            (0xba, '”'),
            (0xbc, '…'),
            (0xbd, '‰'),
            (0xd0, '—'),
            (0xe1, 'Æ'),
        ];
        for (code, c) in upper {
            if let Some(slot) = table.get_mut(code) {
                *slot = Some(c);
            }
        }
        table
    })
}

/// Apply a /Differences array given as (code, name) pairs.
pub fn apply_differences<'n>(table: &mut CodeTable, diffs: impl Iterator<Item = (u32, &'n [u8])>) {
    for (code, name) in diffs {
        if let Some(slot) = table.get_mut(code as usize) {
            let mut text = String::new();
            glyph_name_to_unicode(name, &mut text);
            *slot = text;
        }
    }
}

/// Append the text of glyph `name`; appends nothing for names that carry
/// no meaning (g12, cid123, .notdef).
pub fn glyph_name_to_unicode(name: &[u8], out: &mut String) {
    // "one.oldstyle" → "one"; "f_i" → "f" + "i".
    let base = name.split(|b| *b == b'.').next().unwrap_or_default();
    if base.is_empty() {
        return;
    }
    if base.contains(&b'_') {
        for part in base.split(|b| *b == b'_') {
            single_glyph_name(part, out);
        }
    } else {
        single_glyph_name(base, out);
    }
}

fn single_glyph_name(name: &[u8], out: &mut String) {
    if let Some(c) = named_glyph(name) {
        out.push(c);
    } else if let Some(hex) = name.strip_prefix(b"uni") {
        // uniXXXX, possibly several code units in a row.
        if hex.len() % 4 == 0 {
            let units: Vec<u16> = hex.chunks(4).filter_map(parse_hex_u16).collect();
            if units.len() * 4 == hex.len() {
                out.extend(char::decode_utf16(units).filter_map(Result::ok));
            }
        }
    } else if let Some(hex) = name.strip_prefix(b"u") {
        if (4..=6).contains(&hex.len()) {
            if let Some(c) = parse_hex(hex).and_then(char::from_u32) {
                out.push(c);
            }
        }
    }
}

fn parse_hex(hex: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(hex).ok()?;
    u32::from_str_radix(text, 16).ok()
}

fn parse_hex_u16(hex: &[u8]) -> Option<u16> {
    parse_hex(hex).and_then(|v| u16::try_from(v).ok())
}

/// The Adobe glyph names for ASCII and the punctuation that appears in
/// these reports.
fn named_glyph(name: &[u8]) -> Option<char> {
    if let [c] = name {
        if c.is_ascii_alphabetic() {
            return Some(char::from(*c));
        }
    }
    let c = match name {
        b"space" | b"nbspace" | b"nonbreakingspace" => ' ',
        b"exclam" => '!',
        b"quotedbl" => '"',
        b"numbersign" => '#',
        b"dollar" => '$',
        b"percent" => '%',
        b"ampersand" => '&',
        b"quotesingle" => '\'',
        b"parenleft" => '(',
        b"parenright" => ')',
        b"asterisk" => '*',
        b"plus" => '+',
        b"comma" => ',',
        b"hyphen" | b"sfthyphen" => '-',
        b"period" => '.',
        b"slash" => '/',
        b"zero" => '0',
        b"one" => '1',
        b"two" => '2',
        b"three" => '3',
        b"four" => '4',
        b"five" => '5',
        b"six" => '6',
        b"seven" => '7',
        b"eight" => '8',
        b"nine" => '9',
        b"colon" => ':',
        b"semicolon" => ';',
        b"less" => '<',
        b"equal" => '=',
        b"greater" => '>',
        b"question" => '?',
        b"at" => '@',
        b"bracketleft" => '[',
        b"backslash" => '\\',
        b"bracketright" => ']',
        b"asciicircum" => '^',
        b"underscore" => '_',
        b"grave" => '`',
        b"braceleft" => '{',
        b"bar" => '|',
        b"braceright" => '}',
        b"asciitilde" => '~',
        b"bullet" => '•',
        b"endash" => '–',
        b"emdash" => '—',
        b"quoteleft" => '‘',
        b"quoteright" => '’',
        b"quotedblleft" => '“',
        b"quotedblright" => '”',
        b"ellipsis" => '…',
        b"periodcentered" | b"middot" => '·',
        b"multiply" => '×',
        b"divide" => '÷',
        b"degree" => '°',
        b"yen" => '¥',
        b"sterling" => '£',
        b"section" => '§',
        b"copyright" => '©',
        b"registered" => '®',
        b"minus" => '−',
        b"perthousand" => '‰',
        b"plusminus" => '±',
        b"Euro" => '€',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> String {
        let mut s = String::new();
        glyph_name_to_unicode(n.as_bytes(), &mut s);
        s
    }

    #[test]
    fn glyph_names() {
        assert_eq!(name("uni4E2D"), "中");
        assert_eq!(name("uni4E2D6536"), "中收");
        assert_eq!(name("u20000"), "\u{20000}");
        assert_eq!(name("seven"), "7");
        assert_eq!(name("period.alt"), ".");
        assert_eq!(name("f_i"), "fi");
        assert_eq!(name("g12"), "");
        assert_eq!(name(".notdef"), "");
    }

    #[test]
    fn base_encodings() {
        let win = BaseEncoding::WinAnsi.table();
        assert_eq!(win[0x41], "A");
        assert_eq!(win[0x96], "–");
        assert_eq!(BaseEncoding::Standard.table()[0x27], "’");
    }
}
