//! CMaps: how a string's bytes split into codes (codespace ranges), and
//! what each code means: Unicode text (ToUnicode: bfchar/bfrange) or a CID
//! (embedded encoding CMaps: cidchar/cidrange).

use crate::pdf::lexer::{Lexer, Operand, Token};

/// Entries beyond this are ignored: no real CMap has that many, and the
/// bound keeps a hostile one from eating memory.
const MAX_ENTRIES: usize = 200_000;
/// A bfrange wider than this expands only this far in array form.
const MAX_RANGE_ARRAY: usize = 65_536;

/// Byte-wise code ranges of one length, as `begincodespacerange` lists them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CodeSpace {
    ranges: Vec<(usize, [u8; 4], [u8; 4])>,
}

impl CodeSpace {
    pub fn one_byte() -> CodeSpace {
        CodeSpace {
            ranges: vec![(1, [0; 4], [0xff; 4])],
        }
    }

    pub fn two_byte() -> CodeSpace {
        CodeSpace {
            ranges: vec![(2, [0; 4], [0xff; 4])],
        }
    }

    /// Ranges from (lo, hi) byte strings of equal length 1–4.
    pub fn from_ranges(pairs: &[(&[u8], &[u8])]) -> CodeSpace {
        let mut space = CodeSpace::default();
        for (lo, hi) in pairs {
            space.push(lo, hi);
        }
        space
    }

    fn push(&mut self, lo: &[u8], hi: &[u8]) {
        let n = lo.len();
        if n == 0 || n > 4 || hi.len() != n {
            return;
        }
        let mut l = [0u8; 4];
        let mut h = [0u8; 4];
        l[..n].copy_from_slice(lo);
        h[..n].copy_from_slice(hi);
        self.ranges.push((n, l, h));
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The first code of `bytes` and its length in bytes (at least 1 when
    /// `bytes` is not empty).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let mut shortest = usize::MAX;
        for n in 1..=4 {
            let Some(head) = bytes.get(..n) else { break };
            for (len, lo, hi) in &self.ranges {
                shortest = shortest.min(*len);
                if *len == n
                    && head
                        .iter()
                        .zip(lo)
                        .zip(hi)
                        .all(|((b, l), h)| l <= b && b <= h)
                {
                    return (code_value(head), n);
                }
            }
        }
        let n = if shortest == usize::MAX { 1 } else { shortest };
        let n = n.clamp(1, bytes.len().max(1));
        let head = bytes.get(..n).unwrap_or(bytes);
        (code_value(head), head.len())
    }
}

pub fn code_value(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |v, b| v << 8 | u32::from(*b))
}

/// What a range of codes maps to in Unicode.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// UTF-16 units; code `lo + k` maps to these with `k` added to the last.
    Offset(Vec<u16>),
    /// One string per code from `lo`.
    List(Vec<String>),
}

/// A parsed CMap stream.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CMap {
    pub codespace: CodeSpace,
    unicode: Vec<(u32, u32, Target)>,
    cids: Vec<(u32, u32, u32)>,
    /// The `usecmap` parent's name, e.g. `Identity-H`.
    pub parent: Option<String>,
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer::new(data);
        let mut operands: Vec<Operand> = Vec::new();
        let mut entries = 0usize;
        while let Some(token) = lexer.next_token() {
            let op = match token {
                Token::Operand(o) => {
                    if operands.len() < 60_000 {
                        operands.push(o);
                    }
                    continue;
                }
                Token::Operator(op) => op,
            };
            if entries < MAX_ENTRIES {
                entries += cmap.apply(op, &operands);
            }
            operands.clear();
        }
        cmap.unicode.sort_by_key(|r| r.0);
        cmap.cids.sort_by_key(|r| r.0);
        cmap
    }

    /// Handle one operator with the operands before it; returns how many
    /// entries it added.
    fn apply(&mut self, op: &[u8], operands: &[Operand]) -> usize {
        match op {
            b"endcodespacerange" => {
                for pair in operands.chunks_exact(2) {
                    if let [Operand::Str(lo), Operand::Str(hi)] = pair {
                        self.codespace.push(lo, hi);
                    }
                }
                operands.len() / 2
            }
            b"endbfchar" => {
                for pair in operands.chunks_exact(2) {
                    if let [Operand::Str(src), dst] = pair {
                        let code = code_value(src);
                        if let Some(target) = char_target(dst) {
                            self.unicode.push((code, code, target));
                        }
                    }
                }
                operands.len() / 2
            }
            b"endbfrange" => {
                for triple in operands.chunks_exact(3) {
                    if let [Operand::Str(lo), Operand::Str(hi), dst] = triple {
                        self.push_bfrange(code_value(lo), code_value(hi), dst);
                    }
                }
                operands.len() / 3
            }
            b"endcidrange" => {
                for triple in operands.chunks_exact(3) {
                    if let [Operand::Str(lo), Operand::Str(hi), Operand::Number(cid)] = triple {
                        let (lo, hi) = (code_value(lo), code_value(hi));
                        if lo <= hi && *cid >= 0.0 {
                            self.cids.push((lo, hi, *cid as u32));
                        }
                    }
                }
                operands.len() / 3
            }
            b"endcidchar" => {
                for pair in operands.chunks_exact(2) {
                    if let [Operand::Str(code), Operand::Number(cid)] = pair {
                        let code = code_value(code);
                        if *cid >= 0.0 {
                            self.cids.push((code, code, *cid as u32));
                        }
                    }
                }
                operands.len() / 2
            }
            b"usecmap" => {
                if let Some(Operand::Name(name)) = operands.last() {
                    self.parent = Some(String::from_utf8_lossy(name).into_owned());
                }
                0
            }
            _ => 0,
        }
    }

    fn push_bfrange(&mut self, lo: u32, hi: u32, dst: &Operand) {
        if lo > hi {
            return;
        }
        match dst {
            Operand::Str(units) => {
                self.unicode
                    .push((lo, hi, Target::Offset(utf16_units(units))));
            }
            Operand::Array(items) => {
                let list: Vec<String> = items
                    .iter()
                    .take(MAX_RANGE_ARRAY)
                    .map(|item| match item {
                        Operand::Str(s) => decode_utf16(s),
                        _ => String::new(),
                    })
                    .collect();
                self.unicode.push((lo, hi, Target::List(list)));
            }
            _ => {}
        }
    }

    pub fn has_unicode(&self) -> bool {
        !self.unicode.is_empty()
    }

    /// Append the Unicode text of `code` to `out`; false if unmapped.
    pub fn unicode(&self, code: u32, out: &mut String) -> bool {
        let Some((lo, _, target)) = find_range(&self.unicode, code, |r| (r.0, r.1)) else {
            return false;
        };
        let k = code - *lo;
        match target {
            Target::Offset(units) => {
                let Some((last, head)) = units.split_last() else {
                    return false;
                };
                let last = u32::from(*last) + k;
                push_utf16(head, last, out);
                true
            }
            Target::List(list) => match list.get(k as usize) {
                Some(s) if !s.is_empty() => {
                    out.push_str(s);
                    true
                }
                _ => false,
            },
        }
    }

    pub fn has_cids(&self) -> bool {
        !self.cids.is_empty()
    }

    pub fn cid(&self, code: u32) -> Option<u32> {
        find_range(&self.cids, code, |r| (r.0, r.1))
            .map(|(lo, _, cid)| cid.saturating_add(code - lo))
    }
}

/// The entry of `ranges` (sorted by start) that contains `code`; a later
/// narrow entry inside an earlier wide one is found first.
fn find_range<R>(ranges: &[R], code: u32, span: impl Fn(&R) -> (u32, u32)) -> Option<&R> {
    let end = ranges.partition_point(|r| span(r).0 <= code);
    ranges
        .get(..end)?
        .iter()
        .rev()
        .take(16)
        .find(|r| span(r).1 >= code)
}

fn char_target(dst: &Operand) -> Option<Target> {
    match dst {
        Operand::Str(units) => Some(Target::Offset(utf16_units(units))),
        Operand::Name(name) => {
            let mut s = String::new();
            crate::pdf::font::encoding::glyph_name_to_unicode(name, &mut s);
            (!s.is_empty()).then(|| Target::List(vec![s]))
        }
        _ => None,
    }
}

/// Big-endian UTF-16 units; a lone trailing byte becomes its own unit.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| match c {
            [h, l] => u16::from(*h) << 8 | u16::from(*l),
            [b] => u16::from(*b),
            _ => 0,
        })
        .collect()
}

pub fn decode_utf16(bytes: &[u8]) -> String {
    let units = utf16_units(bytes);
    char::decode_utf16(units.iter().copied())
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Push `head` followed by `last` (which may have overflowed into a
/// supplementary-plane value when a range steps past 0xFFFF).
fn push_utf16(head: &[u16], last: u32, out: &mut String) {
    if head.is_empty() {
        if let Some(c) = char::from_u32(last) {
            out.push(c);
        }
        return;
    }
    let last = u16::try_from(last).unwrap_or(0xfffd);
    for c in char::decode_utf16(head.iter().copied().chain(std::iter::once(last))) {
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        /CMapName /Adobe-Identity-UCS def
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        2 beginbfchar <0003> <0020> <0010> <4E2D> endbfchar
        2 beginbfrange <0020> <0022> <0030> <0100> <0101> [<6536> <D840DC00>] endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end";

    fn text(cmap: &CMap, code: u32) -> String {
        let mut s = String::new();
        cmap.unicode(code, &mut s);
        s
    }

    #[test]
    fn bfchar_and_both_bfrange_forms() {
        let cmap = CMap::parse(CMAP);
        assert_eq!(text(&cmap, 0x10), "中");
        assert_eq!(text(&cmap, 0x21), "1");
        assert_eq!(text(&cmap, 0x100), "收");
        assert_eq!(text(&cmap, 0x101), "\u{20000}");
        assert_eq!(text(&cmap, 0x23), "");
        assert_eq!(cmap.codespace.next_code(&[0x4e, 0x2d, 0x41]), (0x4e2d, 2));
    }

    #[test]
    fn mixed_codespace_splits_codes() {
        let space = CodeSpace::from_ranges(&[(&[0x00], &[0x80]), (&[0x81, 0x40], &[0xfe, 0xfe])]);
        assert_eq!(space.next_code(&[0x31, 0xd6]), (0x31, 1));
        assert_eq!(space.next_code(&[0xd6, 0xd0]), (0xd6d0, 2));
        assert_eq!(space.next_code(&[0xd6]).1, 1);
    }
}
