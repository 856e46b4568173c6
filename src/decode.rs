//! Bytes to text: the encodings text reports come in, detected by content.
//!
//! Order matters: a BOM is the only reliable signal, strict UTF-8 almost
//! never accepts bytes that were meant as GB18030, and GB18030 accepts
//! nearly anything, so it comes last.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// Why bytes could not be read as a text report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("binary data, not a text report ({0})")]
    Binary(&'static str),
    #[error("not valid {0} text")]
    Invalid(&'static str),
}

/// Text and the name of the encoding it was read from.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode a text report and normalise line ends and odd spaces.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (encoding, body) = detect(bytes)?;
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .ok_or(DecodeError::Invalid(encoding.name()))?;
    if looks_binary(&text) {
        return Err(DecodeError::Binary("control characters"));
    }
    Ok(Decoded {
        text: normalize(&text),
        encoding: encoding.name(),
    })
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

/// One line end, plain spaces for full-width and no-break spaces, no BOMs.
fn normalize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter(|&c| c != '\u{feff}')
        .map(|c| match c {
            '\u{3000}' | '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
            '\u{c}' => '\n',
            c => c,
        })
        .collect()
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
    fn odd_spaces_become_plain() {
        let d = decode("合\u{3000}计\u{a0}1".as_bytes()).unwrap();
        assert_eq!(d.text, "合 计 1");
    }
}
