//! Repairs made to a file's bytes before lopdf reads them, as mature
//! readers (poppler, MuPDF) make them: a damaged `%PDF-` header is
//! restored, and a stream whose /Length lies is cut at its `endstream`.
//! lopdf then rebuilds the cross-reference table by scanning for
//! `N G obj` when the repair moved bytes or the table is broken.
//!
//! Also here: the bytes the file's object streams inflate to, counted
//! before lopdf parses them all at once.

use std::borrow::Cow;
use std::io::Read;

use memchr::memmem;

/// How far into a file its header may start.
const HEADER_WINDOW: usize = 1024;
/// How much of a damaged first line is overwritten by the header.
const HEADER_LINE: usize = 16;
/// How far back from `stream` its dictionary's /Length is looked for.
const DICTIONARY_WINDOW: usize = 4096;

/// The bytes to load and what was repaired to get them.
pub struct Repaired<'a> {
    pub bytes: Cow<'a, [u8]>,
    /// One plain sentence per repair, for the document's notes.
    pub notes: Vec<String>,
    /// Bytes moved: object offsets must be found by scanning.
    pub moved: bool,
}

/// Repair what can be repaired; `bytes` unchanged when nothing needed it.
pub fn repair(bytes: &[u8]) -> Repaired<'_> {
    let mut out = Repaired {
        bytes: Cow::Borrowed(bytes),
        notes: Vec::new(),
        moved: false,
    };
    if let Some((fixed, moved)) = restore_header(bytes) {
        out.bytes = Cow::Owned(fixed);
        out.moved |= moved;
        out.notes
            .push("repaired: its %PDF header was damaged".to_string());
    }
    let fixes = wrong_lengths(&out.bytes);
    if !fixes.is_empty() {
        let (fixed, moved) = apply(&out.bytes, &fixes);
        out.notes.push(format!(
            "repaired: {} stream{} whose /Length was wrong, cut at endstream",
            fixes.len(),
            if fixes.len() == 1 { "" } else { "s" }
        ));
        out.bytes = Cow::Owned(fixed);
        out.moved |= moved;
    }
    out
}

/// Whether the bytes carry a `%PDF-` header where readers look for it.
pub fn has_header(bytes: &[u8]) -> bool {
    let head = bytes.get(..HEADER_WINDOW).unwrap_or(bytes);
    memmem::find(head, b"%PDF-").is_some()
}

/// A copy with a `%PDF-1.7` header in place of damaged first bytes, and
/// whether bytes moved (a first line too short to overwrite is kept and
/// the header put before it).
fn restore_header(bytes: &[u8]) -> Option<(Vec<u8>, bool)> {
    const HEADER: &[u8] = b"%PDF-1.7";
    if has_header(bytes) {
        return None;
    }
    let first_line = bytes
        .iter()
        .position(|b| *b == b'\n' || *b == b'\r')
        .unwrap_or(bytes.len());
    if first_line >= HEADER.len() {
        // The rest of a short damaged line becomes spaces, so no stray
        // digit extends the version.
        let mut fixed = bytes.to_vec();
        let line = &mut fixed[..first_line.min(HEADER_LINE)];
        line.fill(b' ');
        line[..HEADER.len()].copy_from_slice(HEADER);
        return Some((fixed, false));
    }
    let mut fixed = Vec::with_capacity(bytes.len() + HEADER.len() + 1);
    fixed.extend_from_slice(HEADER);
    fixed.push(b'\n');
    fixed.extend_from_slice(bytes);
    Some((fixed, true))
}

/// A /Length value to rewrite: the digits' place and the true length.
#[derive(Debug, PartialEq, Eq)]
struct Fix {
    digits: std::ops::Range<usize>,
    length: usize,
}

/// Streams whose direct /Length does not end at `endstream`, with the
/// length their `endstream` gives. A stream whose /Length is right is
/// skipped whole, so binary data is never searched.
fn wrong_lengths(bytes: &[u8]) -> Vec<Fix> {
    let keyword = memmem::Finder::new(b"stream");
    let end_keyword = memmem::Finder::new(b"endstream");
    let mut fixes = Vec::new();
    let mut pos = 0;
    while let Some(found) = keyword.find(&bytes[pos..]) {
        let at = pos + found;
        pos = at + b"stream".len();
        let Some(start) = data_start(bytes, at) else {
            continue;
        };
        let Some(end) = end_keyword.find(&bytes[start..]).map(|e| start + e) else {
            break;
        };
        let claimed = direct_length(bytes, at);
        if let Some((_, length)) = &claimed {
            if ends_at_endstream(bytes, start.saturating_add(*length)) {
                pos = start + length;
                continue;
            }
        }
        if let Some((digits, _)) = claimed {
            fixes.push(Fix {
                digits,
                length: trim_eol(&bytes[start..end]).len(),
            });
        }
        pos = end + b"endstream".len();
    }
    fixes
}

/// Where the data of a `stream` keyword at `at` starts, if it is one: it
/// follows a dictionary's `>>` and is followed by an end of line.
fn data_start(bytes: &[u8], at: usize) -> Option<usize> {
    let before = bytes[..at].trim_ascii_end();
    if !before.ends_with(b">>") {
        return None;
    }
    let rest = &bytes[at + b"stream".len()..];
    let eol = if rest.starts_with(b"\r\n") {
        2
    } else if rest.starts_with(b"\n") || rest.starts_with(b"\r") {
        1
    } else {
        return None;
    };
    Some(at + b"stream".len() + eol)
}

/// The `/Length N` of the dictionary before `at`, when it is a direct
/// integer: where its digits are and their value.
fn direct_length(bytes: &[u8], at: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let from = at.saturating_sub(DICTIONARY_WINDOW);
    let window = &bytes[from..at];
    let dict_start = memmem::rfind(window, b"obj").map_or(0, |o| o + 3);
    // `/Length1` … of a font file are other keys: the name must end.
    let key = memmem::find_iter(&window[dict_start..], b"/Length")
        .map(|k| dict_start + k + b"/Length".len())
        .filter(|&k| window.get(k).is_some_and(u8::is_ascii_whitespace))
        .last()?;
    let spaces = window[key..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let first = key + spaces;
    let count = window[first..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if count == 0 || count > 12 {
        return None;
    }
    let after = &window[first + count..];
    if is_reference(after) {
        return None;
    }
    let value = std::str::from_utf8(&window[first..first + count])
        .ok()?
        .parse()
        .ok()?;
    Some((from + first..from + first + count, value))
}

/// Whether the bytes after a number make it an indirect reference `N G R`.
fn is_reference(after: &[u8]) -> bool {
    let rest = after.trim_ascii_start();
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest[digits..].trim_ascii_start().starts_with(b"R")
}

/// Whether `endstream` follows `at`, after at most one end of line.
fn ends_at_endstream(bytes: &[u8], at: usize) -> bool {
    let Some(rest) = bytes.get(at..) else {
        return false;
    };
    let rest = rest
        .strip_prefix(b"\r\n")
        .or_else(|| rest.strip_prefix(b"\n"))
        .or_else(|| rest.strip_prefix(b"\r"))
        .unwrap_or(rest);
    rest.starts_with(b"endstream")
}

fn trim_eol(data: &[u8]) -> &[u8] {
    data.strip_suffix(b"\r\n")
        .or_else(|| data.strip_suffix(b"\n"))
        .or_else(|| data.strip_suffix(b"\r"))
        .unwrap_or(data)
}

/// The bytes with each fix written in, and whether any moved.
fn apply(bytes: &[u8], fixes: &[Fix]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(bytes.len() + fixes.len() * 4);
    let mut moved = false;
    let mut copied = 0;
    for fix in fixes {
        out.extend_from_slice(&bytes[copied..fix.digits.start]);
        let digits = fix.length.to_string();
        moved |= digits.len() != fix.digits.len();
        out.extend_from_slice(digits.as_bytes());
        copied = fix.digits.end;
    }
    out.extend_from_slice(&bytes[copied..]);
    (out, moved)
}

/// The indirect objects (`N G obj`) written in the file, counting no
/// further than `limit + 1`.
pub fn object_count(bytes: &[u8], limit: usize) -> usize {
    memmem::find_iter(bytes, b"obj")
        .filter(|&at| {
            let before = bytes[..at].trim_ascii_end();
            at > before.len() && before.last().is_some_and(u8::is_ascii_digit)
        })
        .take(limit.saturating_add(1))
        .count()
}

/// The bytes the file's Flate-compressed object streams inflate to,
/// counting no further than `limit + 1`. lopdf parses every object stream
/// when it opens a file, so their total is bounded before it is asked.
pub fn object_stream_bytes(bytes: &[u8], limit: usize) -> usize {
    let mut total = 0usize;
    let mut pos = 0;
    let marker = memmem::Finder::new(b"/ObjStm");
    let keyword = memmem::Finder::new(b"stream");
    while let Some(found) = marker.find(&bytes[pos..]) {
        let at = pos + found;
        pos = at + b"/ObjStm".len();
        let Some(start) = keyword
            .find(&bytes[pos..])
            .and_then(|k| data_start(bytes, pos + k))
        else {
            continue;
        };
        let budget = (limit - total.min(limit)) as u64 + 1;
        let mut inflated = flate2::read::ZlibDecoder::new(&bytes[start..]).take(budget);
        total += std::io::copy(&mut inflated, &mut std::io::sink()).unwrap_or(0) as usize;
        if total > limit {
            break;
        }
        pos = start;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_header_is_overwritten_or_put_before_a_short_line() {
        let fixed = repair(b"\x00\x01PDX-1.4 junk\n1 0 obj\n");
        let (line, rest) = fixed
            .bytes
            .split_at(fixed.bytes.iter().position(|b| *b == b'\n').unwrap());
        assert_eq!(line.trim_ascii_end(), b"%PDF-1.7");
        assert_eq!(rest, b"\n1 0 obj\n");
        assert!(!fixed.moved);
        assert_eq!(fixed.notes.len(), 1);
        let fixed = repair(b"%PD\n1 0 obj\n");
        assert!(fixed.bytes.starts_with(b"%PDF-1.7\n%PD\n1 0 obj"));
        assert!(fixed.moved);
    }

    #[test]
    fn a_lying_length_is_cut_at_endstream_and_a_true_one_kept() {
        let bytes = b"%PDF-1.4\n1 0 obj\n<< /Length 3 >>\nstream\nBT ET\nendstream\nendobj\n\
                      2 0 obj\n<< /Length 5 >>\nstream\nabcde\nendstream\nendobj\n\
                      3 0 obj\n<< /Length 4 0 R >>\nstream\nxyz\nendstream\nendobj\n\
                      4 0 obj\n<< /Length1 3 /Length 2 >>\nstream\nxy\nendstream\nendobj\n";
        let fixed = repair(bytes);
        let text = String::from_utf8_lossy(&fixed.bytes).into_owned();
        assert!(
            text.contains("<< /Length 5 >>\nstream\nBT ET\nendstream"),
            "{text}"
        );
        assert!(text.contains("<< /Length 5 >>\nstream\nabcde"));
        assert!(text.contains("<< /Length 4 0 R >>"));
        assert_eq!(fixed.notes.len(), 1);
        assert!(!fixed.moved);
    }

    #[test]
    fn a_length_running_past_the_file_is_cut_too() {
        let bytes = b"1 0 obj << /Length 90000 >> stream\r\nabc~>endstream endobj";
        let fixes = wrong_lengths(bytes);
        assert_eq!(fixes.len(), 1);
        assert_eq!(fixes[0].length, 5);
        let (fixed, moved) = apply(bytes, &fixes);
        assert!(fixed.starts_with(b"1 0 obj << /Length 5 >>"));
        assert!(moved);
    }

    #[test]
    fn objects_are_counted_by_their_keyword_up_to_the_limit() {
        let bytes = b"1 0 obj << >> endobj 2 0\nobj [] endobj /Subtype /obj 3 0 obj";
        assert_eq!(object_count(bytes, 10), 3);
        assert_eq!(object_count(bytes, 1), 2);
    }

    #[test]
    fn object_streams_are_counted_up_to_the_limit() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![b'0'; 1_000_000]).unwrap();
        let data = z.finish().unwrap();
        let mut file = b"5 0 obj << /Type /ObjStm /N 1 /First 4 >> stream\n".to_vec();
        file.extend_from_slice(&data);
        file.extend_from_slice(b"\nendstream endobj");
        assert_eq!(object_stream_bytes(&file, 10_000_000), 1_000_000);
        assert_eq!(object_stream_bytes(&file, 1000), 1001);
    }
}
