//! A tokenizer for content streams and CMaps. It borrows from the decoded
//! stream wherever it can (names, operators, strings without escapes), so
//! interpreting a page allocates little beyond the glyphs it yields.

use std::borrow::Cow;

use crate::limits::MAX_ARRAY_ITEMS;

/// Arrays nested deeper than this are skipped: real content never nests
/// more than one level (TJ), and the limit keeps recursion bounded.
const MAX_ARRAY_DEPTH: usize = 16;

#[derive(Clone, Debug, PartialEq)]
pub enum Operand<'a> {
    Number(f32),
    Name(&'a [u8]),
    Str(Cow<'a, [u8]>),
    Array(Vec<Operand<'a>>),
    /// Booleans, null and dictionaries: operands no operator we interpret needs.
    Other,
}

impl Operand<'_> {
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Token<'a> {
    Operand(Operand<'a>),
    Operator(&'a [u8]),
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Set when an array held more than [`MAX_ARRAY_ITEMS`] items; those
    /// beyond were read past and dropped.
    pub truncated: bool,
}

pub fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Lexer<'a> {
        Lexer {
            data,
            pos: 0,
            truncated: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_space();
            let b = self.peek()?;
            if let Some(operand) = self.operand(b, 0) {
                return Some(Token::Operand(operand));
            }
            if is_regular(b) {
                let word = self.regular_run();
                return Some(match word {
                    b"true" | b"false" | b"null" => Token::Operand(Operand::Other),
                    _ => Token::Operator(word),
                });
            }
            // A stray delimiter: `)`, `>`, `]`, `{`, `}`.
            self.pos += 1;
        }
    }

    /// An operand starting with byte `b`, or `None` if `b` starts none
    /// (then nothing is consumed).
    fn operand(&mut self, b: u8, depth: usize) -> Option<Operand<'a>> {
        match b {
            b'0'..=b'9' | b'+' | b'-' | b'.' => Some(self.number()),
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(self.regular_run()))
            }
            b'(' => Some(Operand::Str(self.literal_string())),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.skip_dictionary();
                Some(Operand::Other)
            }
            b'<' => Some(Operand::Str(Cow::Owned(self.hex_string()))),
            b'[' => Some(self.array(depth)),
            _ => None,
        }
    }

    fn number(&mut self) -> Operand<'a> {
        let word = self.regular_run();
        let mut negative = false;
        let mut value = 0f64;
        let mut scale = 0f64;
        let mut seen_digit = false;
        for &c in word {
            match c {
                b'-' if !seen_digit && scale == 0.0 => negative = !negative,
                b'0'..=b'9' => {
                    seen_digit = true;
                    let digit = f64::from(c - b'0');
                    if scale == 0.0 {
                        value = value * 10.0 + digit;
                    } else {
                        value += digit * scale;
                        scale /= 10.0;
                    }
                }
                b'.' if scale == 0.0 => scale = 0.1,
                _ => {}
            }
        }
        if negative {
            value = -value;
        }
        Operand::Number(value as f32)
    }

    fn array(&mut self, depth: usize) -> Operand<'a> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            let Some(b) = self.peek() else { break };
            if b == b']' {
                self.pos += 1;
                break;
            }
            if depth < MAX_ARRAY_DEPTH {
                if let Some(item) = self.operand(b, depth + 1) {
                    self.keep(&mut items, item);
                    continue;
                }
            }
            if is_regular(b) {
                // Keywords inside arrays (true, null) or garbage.
                self.regular_run();
                self.keep(&mut items, Operand::Other);
            } else {
                self.pos += 1;
            }
        }
        Operand::Array(items)
    }

    /// Add an array item, unless the array is full.
    fn keep(&mut self, items: &mut Vec<Operand<'a>>, item: Operand<'a>) {
        if items.len() < MAX_ARRAY_ITEMS {
            items.push(item);
        } else {
            self.truncated = true;
        }
    }

    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        self.pos += 1;
        let start = self.pos;
        let mut depth = 0usize;
        // Fast path: no escapes, so the bytes can be borrowed.
        while let Some(c) = self.peek() {
            match c {
                b'\\' => return Cow::Owned(self.escaped_string(start)),
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    let s = self.data.get(start..self.pos).unwrap_or_default();
                    self.pos += 1;
                    return Cow::Borrowed(s);
                }
                b')' => depth -= 1,
                _ => {}
            }
            self.pos += 1;
        }
        Cow::Borrowed(self.data.get(start..).unwrap_or_default())
    }

    /// The string from `start`, decoding escapes; `self.pos` may be anywhere
    /// before the first backslash.
    fn escaped_string(&mut self, start: usize) -> Vec<u8> {
        self.pos = start;
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.escape(&mut out),
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(c) = self.peek() else { return };
        self.pos += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push((value & 0xff) as u8);
            }
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'>' {
                break;
            }
            let Some(v) = hex_value(c) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn skip_dictionary(&mut self) {
        self.pos += 2;
        let mut depth = 1usize;
        while let Some(c) = self.peek() {
            match c {
                b'(' => {
                    self.literal_string();
                    continue;
                }
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    depth += 1;
                    self.pos += 2;
                    continue;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                b'<' => {
                    self.hex_string();
                    continue;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// After a `BI` operator: skip the inline image's dictionary and data,
    /// up to and including its `EI`.
    pub fn skip_inline_image(&mut self) {
        // The dictionary runs to the `ID` keyword.
        loop {
            match self.next_token() {
                None => return,
                Some(Token::Operator(b"ID")) => break,
                Some(_) => {}
            }
        }
        // One whitespace byte follows ID; the data ends at whitespace + EI
        // followed by whitespace or the end.
        let data = self.data;
        let mut i = self.pos + 1;
        while i + 1 < data.len() {
            let before = if i == 0 { b' ' } else { data[i - 1] };
            let after = data.get(i + 2).copied().unwrap_or(b' ');
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && is_whitespace(before)
                && (is_whitespace(after) || is_delimiter(after))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(data: &[u8]) -> Vec<Token<'_>> {
        let mut lexer = Lexer::new(data);
        std::iter::from_fn(|| lexer.next_token()).collect()
    }

    #[test]
    fn numbers_names_and_operators() {
        let t = tokens(b"1 -2.5 .5 /F1 12 Tf");
        assert_eq!(t.len(), 6);
        assert_eq!(t[1], Token::Operand(Operand::Number(-2.5)));
        assert_eq!(t[2], Token::Operand(Operand::Number(0.5)));
        assert_eq!(t[3], Token::Operand(Operand::Name(b"F1")));
        assert_eq!(t[5], Token::Operator(b"Tf"));
    }

    #[test]
    fn an_array_keeps_at_most_the_limit_of_items() {
        let mut data = b"[".to_vec();
        data.extend(b"0 ".repeat(MAX_ARRAY_ITEMS + 10));
        data.extend(b"] TJ");
        let mut lexer = Lexer::new(&data);
        let Some(Token::Operand(Operand::Array(items))) = lexer.next_token() else {
            panic!("no array")
        };
        assert_eq!(items.len(), MAX_ARRAY_ITEMS);
        assert!(lexer.truncated);
        assert_eq!(lexer.next_token(), Some(Token::Operator(b"TJ")));
        let mut small = Lexer::new(b"[1 2 3] TJ");
        small.next_token();
        assert!(!small.truncated);
    }

    #[test]
    fn strings_and_arrays() {
        let t = tokens(b"[(a\\(b\\)) -120 <4E2D 6>] TJ (x(y)z) Tj");
        let Token::Operand(Operand::Array(items)) = &t[0] else {
            panic!("{t:?}")
        };
        assert_eq!(items[0], Operand::Str(Cow::Owned(b"a(b)".to_vec())));
        assert_eq!(items[1], Operand::Number(-120.0));
        assert_eq!(items[2], Operand::Str(Cow::Owned(vec![0x4e, 0x2d, 0x60])));
        assert_eq!(
            t[2],
            Token::Operand(Operand::Str(Cow::Borrowed(b"x(y)z".as_slice())))
        );
    }

    #[test]
    fn inline_image_is_skipped() {
        let data = b"BI /W 2 /H 2 ID \x00EI\xff\x01 EI Q";
        let mut lexer = Lexer::new(data);
        assert_eq!(lexer.next_token(), Some(Token::Operator(b"BI")));
        lexer.skip_inline_image();
        assert_eq!(lexer.next_token(), Some(Token::Operator(b"Q")));
    }

    #[test]
    fn garbage_never_panics() {
        for data in [
            &b"(((\\"[..],
            b"<<<<",
            b"[[[[",
            b"<",
            b"\\",
            b"/",
            b"-",
            b"BI ID",
        ] {
            let mut lexer = Lexer::new(data);
            while let Some(Token::Operator(b"BI")) | Some(_) = lexer.next_token() {}
        }
    }
}
