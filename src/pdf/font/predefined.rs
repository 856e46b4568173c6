//! The predefined CMaps Chinese reports use, by name, without their CID
//! tables: Unicode CMaps decode the code as UTF-16BE, legacy ones decode
//! the code's bytes with the matching encoding (GBK, Big5, Shift_JIS,
//! EUC-KR), and Identity maps the code to the CID.

use super::{CidOf, CodeSpace, Fallback};

pub struct Predefined {
    pub codes: CodeSpace,
    pub cid_of: CidOf,
    pub fallback: Fallback,
    pub vertical: bool,
}

impl Predefined {
    pub fn from_name(name: &[u8]) -> Predefined {
        let text = String::from_utf8_lossy(name);
        let vertical = text.ends_with("-V");
        let (codes, cid_of, fallback) = if text.starts_with("Identity") {
            (CodeSpace::two_byte(), CidOf::Identity, Fallback::Nothing)
        } else if text.contains("UCS2") {
            (CodeSpace::two_byte(), CidOf::AsciiOnly, Fallback::Utf16)
        } else if text.contains("UTF16") {
            (utf16_space(), CidOf::AsciiOnly, Fallback::Utf16)
        } else if let Some((codes, encoding)) = legacy(&text) {
            (codes, CidOf::AsciiOnly, Fallback::Legacy(encoding))
        } else {
            (CodeSpace::two_byte(), CidOf::Identity, Fallback::Nothing)
        };
        Predefined {
            codes,
            cid_of,
            fallback,
            vertical,
        }
    }
}

fn utf16_space() -> CodeSpace {
    CodeSpace::from_ranges(&[
        (&[0x00, 0x00], &[0xd7, 0xff]),
        (&[0xd8, 0x00, 0xdc, 0x00], &[0xdb, 0xff, 0xdf, 0xff]),
        (&[0xe0, 0x00], &[0xff, 0xff]),
    ])
}

/// Codespace and text encoding of the legacy CJK CMaps.
fn legacy(name: &str) -> Option<(CodeSpace, &'static encoding_rs::Encoding)> {
    let one: (&[u8], &[u8]) = (&[0x00], &[0x80]);
    if name.starts_with("GBK") || name.starts_with("GBKp") {
        Some((
            CodeSpace::from_ranges(&[one, (&[0x81, 0x40], &[0xfe, 0xfe])]),
            encoding_rs::GBK,
        ))
    } else if name.starts_with("GB") {
        Some((
            CodeSpace::from_ranges(&[one, (&[0xa1, 0xa1], &[0xfe, 0xfe])]),
            encoding_rs::GBK,
        ))
    } else if name.contains("B5") {
        Some((
            CodeSpace::from_ranges(&[one, (&[0x81, 0x40], &[0xfe, 0xfe])]),
            encoding_rs::BIG5,
        ))
    } else if name.contains("RKSJ") {
        Some((
            CodeSpace::from_ranges(&[
                one,
                (&[0x81, 0x40], &[0x9f, 0xfc]),
                (&[0xa0], &[0xdf]),
                (&[0xe0, 0x40], &[0xfc, 0xfc]),
            ]),
            encoding_rs::SHIFT_JIS,
        ))
    } else if name.starts_with("KSC") {
        Some((
            CodeSpace::from_ranges(&[one, (&[0x81, 0x41], &[0xfe, 0xfe])]),
            encoding_rs::EUC_KR,
        ))
    } else {
        None
    }
}
