//! Bytes to text: the encodings text reports come in, detected by content.
//!
//! Order matters: a BOM is the only reliable signal, strict UTF-8 almost
//! never accepts bytes that were meant as GB18030, and GB18030 accepts
//! nearly anything, so it comes last.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::limits;

/// The largest text report read, in bytes as stored. Real reports are a
/// few hundred kilobytes; a text's lines and cells cost some thirty times
/// its size in memory, so this keeps one file well under the memory of a
/// small machine. Bigger files are refused before anything is decoded.
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// Why bytes could not be read as a text report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("binary data, not a text report ({0})")]
    Binary(&'static str),
    #[error("not valid {0} text")]
    Invalid(&'static str),
    #[error(
        "a text file of {} MiB, more than the {} MiB a text report may have; split it",
        .0 >> 20,
        MAX_TEXT_BYTES >> 20
    )]
    TooLarge(usize),
}

/// Text, the name of the encoding it was read from, and what a reader
/// should know of bytes that could not be read as text.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// E.g. a UTF-16 file's odd trailing byte, dropped.
    pub notes: Vec<String>,
}

/// Decode a text report, normalise line ends and odd spaces, and fold
/// characters as PDF glyphs are folded (`２０２．１１` reads `202.11`).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(DecodeError::TooLarge(bytes.len()));
    }
    let (encoding, body) = detect(bytes)?;
    let (body, notes) = whole_code_units(encoding, body);
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or(DecodeError::Invalid(encoding.name()))?;
    if looks_binary(&text) {
        return Err(DecodeError::Binary("control characters"));
    }
    let mut text = normalize(&text);
    crate::text::fold(&mut text);
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        notes,
    })
}

/// UTF-16 comes in pairs of bytes: a file cut one byte short of a pair
/// (a truncated download, a writer's stray byte) loses that byte, not the
/// whole report.
fn whole_code_units<'a>(encoding: &'static Encoding, body: &'a [u8]) -> (&'a [u8], Vec<String>) {
    let is_utf16 = encoding == UTF_16LE || encoding == UTF_16BE;
    match body.split_last() {
        Some((last, whole)) if is_utf16 && body.len() % 2 == 1 => (
            whole,
            vec![format!(
                "the last byte (0x{last:02x}) was dropped: {} text has an even number of bytes",
                encoding.name()
            )],
        ),
        _ => (body, Vec::new()),
    }
}

fn detect(bytes: &[u8]) -> Result<(&'static Encoding, &[u8]), DecodeError> {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return Ok((enc, &bytes[len..]));
    }
    if bytes.contains(&0) {
        return utf16_without_bom(bytes)
            .map(|enc| (enc, bytes))
            .ok_or(DecodeError::Binary("NUL bytes"));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok((UTF_8, bytes));
    }
    Ok((GB18030, bytes))
}

/// UTF-16 without a BOM: the tabs, digits and line ends of a report put a
/// NUL in every other byte of at least a tenth of its code units.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let pairs = bytes.len() / 2;
    if pairs == 0 {
        return None;
    }
    let zero_at = |offset: usize| {
        bytes
            .chunks_exact(2)
            .filter(|pair| pair[offset] == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 10 >= pairs && even * 4 <= odd {
        Some(UTF_16LE)
    } else if even * 10 >= pairs && odd * 4 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(100_000) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            control += 1;
        }
    }
    control > 0 && control * 100 > total
}

/// How many lines go by between two looks at the deadline.
const LINES_PER_CHECK: usize = 4096;

/// One line end, plain spaces for full-width and no-break spaces, no BOMs.
/// Stops early, with the text so far, when the file's deadline passes.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut lines = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\u{feff}' => {}
            '\u{3000}' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => out.push(' '),
            '\r' | '\n' | '\u{c}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                lines += 1;
                if lines.is_multiple_of(LINES_PER_CHECK) && limits::expired() {
                    break;
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "收入支出决算总表\r\n公开01表\t单位：万元\r\n";

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = std::iter::once(0xfeff)
            .filter(|_| bom)
            .chain(text.encode_utf16());
        for u in units {
            let b = if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn every_encoding_gives_the_same_text() {
        let want = "收入支出决算总表\n公开01表\t单位：万元\n";
        let (gb, _, _) = GB18030.encode(SAMPLE);
        let mut bom8 = vec![0xef, 0xbb, 0xbf];
        bom8.extend_from_slice(SAMPLE.as_bytes());
        let inputs = [
            ("UTF-8", SAMPLE.as_bytes().to_vec()),
            ("UTF-8", bom8),
            ("gb18030", gb.into_owned()),
            ("UTF-16LE", utf16(SAMPLE, false, true)),
            ("UTF-16BE", utf16(SAMPLE, true, true)),
            ("UTF-16LE", utf16(SAMPLE, false, false)),
        ];
        for (name, bytes) in inputs {
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, want, "{name}");
            assert_eq!(d.encoding, name);
        }
    }

    #[test]
    fn binary_is_refused() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert!(matches!(decode(&bytes), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn an_odd_trailing_byte_of_utf16_is_dropped_and_named() {
        for big_endian in [false, true] {
            let mut bytes = utf16(SAMPLE, big_endian, true);
            bytes.push(0x41);
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, "收入支出决算总表\n公开01表\t单位：万元\n");
            assert_eq!(d.notes.len(), 1, "{:?}", d.notes);
            assert!(d.notes[0].contains("0x41"), "{:?}", d.notes);
        }
        assert!(decode(SAMPLE.as_bytes()).unwrap().notes.is_empty());
    }

    #[test]
    fn line_ends_of_every_kind_become_one() {
        let d = decode("a\r\nb\rc\nd\u{c}e\r\r\n".as_bytes()).unwrap();
        assert_eq!(d.text, "a\nb\nc\nd\ne\n\n");
    }

    #[test]
    fn a_text_beyond_the_size_bound_is_refused_before_decoding() {
        let bytes = vec![b'a'; MAX_TEXT_BYTES + 1];
        assert_eq!(
            decode(&bytes).unwrap_err(),
            DecodeError::TooLarge(bytes.len())
        );
    }

    #[test]
    fn odd_spaces_become_plain() {
        let d = decode("合\u{3000}计\u{a0}1".as_bytes()).unwrap();
        assert_eq!(d.text, "合 计 1");
    }
}
