//! Glyph id → Unicode from an embedded TrueType/OpenType font's own cmap,
//! for CID fonts that come without a ToUnicode map.

use std::collections::HashMap;

/// Invert the font's Unicode cmap subtables. When several code points
/// share a glyph, an ordinary ideograph wins over a Kangxi radical or a
/// compatibility ideograph, and otherwise the lowest code point wins.
pub fn glyph_to_unicode(font_data: &[u8]) -> HashMap<u16, char> {
    let mut map: HashMap<u16, char> = HashMap::new();
    let Ok(face) = ttf_parser::Face::parse(font_data, 0) else {
        return map;
    };
    let Some(cmap) = face.tables().cmap else {
        return map;
    };
    for subtable in cmap.subtables {
        if !subtable.is_unicode() {
            continue;
        }
        subtable.codepoints(|cp| {
            let Some(c) = char::from_u32(cp) else { return };
            let Some(gid) = subtable.glyph_index(cp) else {
                return;
            };
            if gid.0 == 0 {
                return;
            }
            map.entry(gid.0)
                .and_modify(|old| {
                    if rank(c) < rank(*old) || (rank(c) == rank(*old) && c < *old) {
                        *old = c;
                    }
                })
                .or_insert(c);
        });
    }
    map
}

/// Lower is preferred.
fn rank(c: char) -> u8 {
    match c as u32 {
        0x2e80..=0x2fdf | 0xf900..=0xfaff | 0x2f800..=0x2fa1f => 2,
        0xe000..=0xf8ff => 3,
        _ => 1,
    }
}
