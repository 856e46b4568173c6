//! Mutations of report files, drawn from a seeded generator so that an
//! input is rebuilt exactly from (seed, iteration).
//!
//! PDF mutations aim at what the reader parses (objects, the xref, streams
//! and their lengths, the page tree, numbers, nesting); text mutations at
//! what the document stage reads (lines, tab-separated cells, titles,
//! notes, figures, encodings). Every input also gets the plain byte-level
//! ones (flips, truncation, splices), since damage in the wild is blind.

use encoding_rs::GB18030;

/// SplitMix64: small, fast, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    /// The generator of one iteration: independent of every other, so
    /// that one iteration can be replayed alone.
    pub fn new(seed: u64, iteration: u64) -> Rng {
        let mut rng = Rng(seed ^ iteration.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        rng.next();
        rng
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 where `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The most bytes a mutation makes an input grow to: big enough for deep
/// nesting and repeated lines, small enough to keep runs fast.
const MAX_LEN: usize = 4 << 20;

/// `input` changed by one to four mutations; `other` is a second seed to
/// splice from.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        data = if is_pdf(&data) && rng.chance(75) {
            pdf(rng, data, other)
        } else if !is_pdf(&data) && rng.chance(75) {
            text(rng, data, other)
        } else {
            bytes(rng, data, other)
        };
        data.truncate(MAX_LEN);
    }
    data
}

pub fn is_pdf(data: &[u8]) -> bool {
    data.windows(5).take(1024).any(|w| w == b"%PDF-")
}

// ---- byte-level ----------------------------------------------------------

fn bytes(rng: &mut Rng, mut data: Vec<u8>, other: &[u8]) -> Vec<u8> {
    match rng.below(6) {
        0 => flip(rng, &mut data),
        1 => data.truncate(rng.below(data.len() + 1)),
        2 => splice(rng, &mut data, other),
        3 => {
            // Remove a run of bytes.
            let at = rng.below(data.len() + 1);
            let end = (at + 1 + rng.below(512)).min(data.len());
            data.drain(at..end);
        }
        4 => {
            // Repeat a run of bytes.
            let at = rng.below(data.len() + 1);
            let end = (at + 1 + rng.below(256)).min(data.len());
            let run = data[at..end].to_vec();
            for _ in 0..1 + rng.below(64) {
                data.splice(at..at, run.iter().copied());
            }
        }
        _ => {
            let at = rng.below(data.len() + 1);
            let junk: Vec<u8> = (0..1 + rng.below(64)).map(|_| rng.next() as u8).collect();
            data.splice(at..at, junk);
        }
    }
    data
}

fn flip(rng: &mut Rng, data: &mut [u8]) {
    if data.is_empty() {
        return;
    }
    for _ in 0..1 + rng.below(16) {
        let at = rng.below(data.len());
        if rng.chance(50) {
            data[at] ^= 1 << rng.below(8);
        } else {
            data[at] = *rng.pick(b"\0\xff0 9-.\n\r\t<>[]()/%\\");
        }
    }
}

/// A piece of `other` put in place of a piece of `data`.
fn splice(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let from = rng.below(other.len() + 1);
    let piece = &other[from..(from + rng.below(4096)).min(other.len())];
    let at = rng.below(data.len() + 1);
    let end = (at + rng.below(4096)).min(data.len());
    data.splice(at..end, piece.iter().copied());
}

/// Where `needle` occurs in `data`.
fn find_all(data: &[u8], needle: &[u8]) -> Vec<usize> {
    data.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// One occurrence of `needle`, chosen at random.
fn find_one(rng: &mut Rng, data: &[u8], needle: &[u8]) -> Option<usize> {
    let all = find_all(data, needle);
    (!all.is_empty()).then(|| all[rng.below(all.len())])
}

/// The end of the digits (and sign, point) from `at`.
fn number_end(data: &[u8], mut at: usize) -> usize {
    while at < data.len() && (data[at].is_ascii_digit() || matches!(data[at], b'-' | b'.' | b'+')) {
        at += 1;
    }
    at
}

/// The number after one occurrence of `key` (e.g. `/Count`) made `value`
/// (by default an extreme one).
fn set_number_after(rng: &mut Rng, data: &mut Vec<u8>, key: &[u8], value: Option<String>) {
    let Some(at) = find_one(rng, data, key) else {
        return;
    };
    let s = at + key.len();
    let s = s + data[s..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let e = number_end(data, s);
    let value = value.unwrap_or_else(|| rng.pick(EXTREME).to_string());
    data.splice(s..e, value.into_bytes());
}

const EXTREME: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "65535",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "1e308",
    "-0",
    "0.0000000001",
    "3.4028236e38",
    "NaN",
    "",
];

// ---- PDF -----------------------------------------------------------------

fn pdf(rng: &mut Rng, mut data: Vec<u8>, other: &[u8]) -> Vec<u8> {
    match rng.below(9) {
        0 => splice_object(rng, &mut data, other),
        1 => damage_xref(rng, &mut data),
        2 => damage_stream(rng, &mut data),
        3 => damage_page_tree(rng, &mut data),
        4 => replace_number(rng, &mut data),
        5 => nest(rng, &mut data),
        6 => drop_object(rng, &mut data),
        7 => {
            // Cut a file at an object boundary, as a broken download does.
            if let Some(at) = find_one(rng, &data, b"endobj") {
                data.truncate(at + rng.below(8));
            }
        }
        _ => flip(rng, &mut data),
    }
    data
}

/// The byte ranges `N G obj … endobj` of a file.
fn objects(data: &[u8]) -> Vec<(usize, usize)> {
    let ends = find_all(data, b"endobj");
    let mut out = Vec::new();
    let mut start = 0;
    for end in ends {
        if let Some(obj) = find_all(&data[start..end], b" obj").last() {
            // Back over "N G" before " obj".
            let mut s = start + obj;
            let digits = |s: &mut usize| {
                while *s > 0 && data[*s - 1].is_ascii_digit() {
                    *s -= 1;
                }
            };
            digits(&mut s);
            if s > 0 && data[s - 1] == b' ' {
                s -= 1;
            }
            digits(&mut s);
            out.push((s, end + 6));
        }
        start = end + 6;
    }
    out
}

/// An object of `other` (or of the file itself) in place of one of the
/// file's: numbers then point at objects of another kind.
fn splice_object(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let mine = objects(data);
    if mine.is_empty() {
        return;
    }
    let theirs = objects(other);
    let piece = if !theirs.is_empty() && rng.chance(50) {
        let (s, e) = *rng.pick(&theirs);
        other[s..e].to_vec()
    } else {
        let (s, e) = *rng.pick(&mine);
        data[s..e].to_vec()
    };
    let (s, e) = *rng.pick(&mine);
    data.splice(s..e, piece);
}

fn drop_object(rng: &mut Rng, data: &mut Vec<u8>) {
    let mine = objects(data);
    if !mine.is_empty() {
        let (s, e) = *rng.pick(&mine);
        data.drain(s..e);
    }
}

/// A wrong startxref, a wrong or missing xref entry, a missing trailer.
fn damage_xref(rng: &mut Rng, data: &mut Vec<u8>) {
    match rng.below(4) {
        0 => {
            let offset = rng.below(data.len() + 100).to_string();
            let value = rng.chance(50).then_some(offset);
            set_number_after(rng, data, b"startxref", value);
        }
        1 => {
            // An entry `0000012345 00000 n` with another offset.
            if let Some(at) = find_one(rng, data, b" 00000 n") {
                let s = at.saturating_sub(10);
                let offset = format!("{:010}", rng.below(data.len() + 1000));
                data.splice(s..at, offset.into_bytes());
            }
        }
        2 => {
            if let Some(at) = find_one(rng, data, b"trailer") {
                data.drain(at..(at + 7 + rng.below(200)).min(data.len()));
            }
        }
        _ => {
            if let Some(at) = find_one(rng, data, b"xref") {
                data.truncate(at + rng.below(64));
            }
        }
    }
}

/// A stream's bytes flipped or cut, or its /Length wrong.
fn damage_stream(rng: &mut Rng, data: &mut Vec<u8>) {
    if rng.chance(40) {
        set_number_after(rng, data, b"/Length", None);
        return;
    }
    let Some(start) = find_one(rng, data, b"stream\n").or_else(|| find_one(rng, data, b"stream\r"))
    else {
        return;
    };
    let body = start + 7;
    let end = find_all(&data[body..], b"endstream")
        .first()
        .map_or(data.len(), |e| body + e);
    if end <= body {
        return;
    }
    if rng.chance(50) {
        for _ in 0..1 + rng.below(8) {
            let at = body + rng.below(end - body);
            data[at] ^= 1 << rng.below(8);
        }
    } else {
        let cut = body + rng.below(end - body);
        data.drain(cut..end);
    }
}

/// Page counts that lie, kids that point at their parent or repeat, a
/// page that says it is a tree.
fn damage_page_tree(rng: &mut Rng, data: &mut Vec<u8>) {
    match rng.below(4) {
        0 => set_number_after(rng, data, b"/Count", None),
        1 => {
            // Kids listing one reference many times, or the parent itself.
            if let Some(at) = find_one(rng, data, b"/Kids") {
                let Some(open) = data[at..].iter().position(|&b| b == b'[') else {
                    return;
                };
                let Some(close) = data[at + open..].iter().position(|&b| b == b']') else {
                    return;
                };
                let inner = at + open + 1..at + open + close;
                let refs = data[inner.clone()].to_vec();
                let first: Vec<u8> = refs
                    .split(|&b| b == b'R')
                    .next()
                    .unwrap_or_default()
                    .to_vec();
                let mut kids = Vec::new();
                for _ in 0..1 + rng.below(200) {
                    kids.extend_from_slice(&first);
                    kids.extend_from_slice(b"R ");
                }
                data.splice(inner, kids);
            }
        }
        2 => {
            let parent = (1 + rng.below(40)).to_string();
            set_number_after(rng, data, b"/Parent", Some(parent));
        }
        _ => {
            let (from, to): (&[u8], &[u8]) = if rng.chance(50) {
                (b"/Type /Page\n", b"/Type /Pages\n")
            } else {
                (b"/Type /Pages", b"/Type /Page ")
            };
            if let Some(at) = find_one(rng, data, from) {
                data.splice(at..at + from.len(), to.iter().copied());
            }
        }
    }
}

/// A number somewhere in the file made extreme: sizes, offsets, font
/// sizes, matrix entries, widths.
fn replace_number(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..8 {
        if data.is_empty() {
            return;
        }
        let at = rng.below(data.len());
        if data[at].is_ascii_digit() && (at == 0 || !data[at - 1].is_ascii_digit()) {
            let e = number_end(data, at);
            data.splice(at..e, rng.pick(EXTREME).as_bytes().to_vec());
            return;
        }
    }
}

/// Deep nesting of arrays, dictionaries or strings, for recursion bounds.
fn nest(rng: &mut Rng, data: &mut Vec<u8>) {
    let depth = 1 + rng.below(200_000);
    let (open, close): (&[u8], &[u8]) = *rng.pick(&[
        (&b"["[..], &b"]"[..]),
        (b"<<", b">>"),
        (b"(", b")"),
        (b"q ", b"Q "),
        (b"BT ", b"ET "),
    ]);
    let at = rng.below(data.len() + 1);
    let mut piece = open.repeat(depth);
    if rng.chance(50) {
        piece.extend(close.repeat(depth));
    }
    data.splice(at..at, piece);
}

// ---- text ----------------------------------------------------------------

/// Lines of text reports that matter to the document stage: titles, the
/// note of an empty table, labels, units, headers.
const TEXT_LINES: &[&str] = &[
    "收入支出决算总表",
    "注：本表无数据。",
    "公开01表",
    "单位：万元",
    "金额单位：元",
    "编制单位：",
    "科目编码\t科目名称\t本年支出\t基本支出\t项目支出",
    "类\t款\t项\t合计",
    "栏次\t1\t2\t3",
    "合计\t\t\t",
    "第一部分",
    "一、",
    "目录",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "\t\t\t\t\t\t\t\t",
];

const TEXT_CELLS: &[&str] = &[
    "",
    "—",
    "-",
    "0.00",
    "-0.00",
    "1,234.56",
    "9999999999999999999999999999",
    "50000000000000000000000000000",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "1e10",
    "１２３．４５",
    "(12.00)",
    "201",
    "2010101",
    "20101010101010101010101",
    "合计",
    "总计",
    "其中：",
    "小计",
];

fn text(rng: &mut Rng, data: Vec<u8>, other: &[u8]) -> Vec<u8> {
    if rng.chance(8) {
        return encode(rng, data);
    }
    let mut lines: Vec<Vec<u8>> = data.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len();
    match rng.below(8) {
        0 => {
            let at = rng.below(n);
            let end = (at + 1 + rng.below(20)).min(n);
            lines.drain(at..end);
        }
        1 => {
            let at = rng.below(n);
            let end = (at + 1 + rng.below(20)).min(n);
            let run: Vec<Vec<u8>> = lines[at..end].to_vec();
            let most = if rng.chance(10) { 2000 } else { 4 };
            for _ in 0..1 + rng.below(most) {
                lines.splice(at..at, run.iter().cloned());
            }
        }
        2 => {
            let (a, b) = (rng.below(n), rng.below(n));
            lines.swap(a, b);
        }
        3 => {
            let theirs: Vec<&[u8]> = other.split(|&b| b == b'\n').collect();
            let line = rng.pick(&theirs).to_vec();
            lines.insert(rng.below(n + 1), line);
        }
        4 | 5 => {
            let at = rng.below(n);
            lines[at] = mutate_cells(rng, &lines[at]);
        }
        6 => {
            let at = rng.below(n + 1);
            let line = rng.pick(TEXT_LINES).as_bytes().to_vec();
            lines.insert(at, line);
        }
        _ => {
            // A title and its note with nothing between: an empty table.
            let at = rng.below(n + 1);
            lines.splice(
                at..at,
                [
                    rng.pick(TEXT_LINES).as_bytes().to_vec(),
                    "注：本表无数据。".into(),
                ],
            );
        }
    }
    lines.join(&b'\n')
}

fn mutate_cells(rng: &mut Rng, line: &[u8]) -> Vec<u8> {
    let mut cells: Vec<Vec<u8>> = line.split(|&b| b == b'\t').map(<[u8]>::to_vec).collect();
    let n = cells.len();
    match rng.below(4) {
        0 => {
            cells.remove(rng.below(n));
        }
        1 => {
            let c = cells[rng.below(n)].clone();
            let most = if rng.chance(10) { 5000 } else { 3 };
            for _ in 0..1 + rng.below(most) {
                cells.push(c.clone());
            }
        }
        2 => {
            let at = rng.below(n);
            cells[at] = rng.pick(TEXT_CELLS).as_bytes().to_vec();
        }
        _ => {
            let at = rng.below(n + 1);
            cells.insert(at, rng.pick(TEXT_CELLS).as_bytes().to_vec());
        }
    }
    cells.join(&b'\t')
}

/// UTF-8 text in another encoding the reader knows, sometimes with a
/// stray byte at the end.
fn encode(rng: &mut Rng, data: Vec<u8>) -> Vec<u8> {
    let Ok(text) = String::from_utf8(data.clone()) else {
        return data;
    };
    let mut out = match rng.below(3) {
        0 => GB18030.encode(&text).0.into_owned(),
        1 => utf16(&text, false, rng.chance(80)),
        _ => utf16(&text, true, rng.chance(80)),
    };
    if rng.chance(30) {
        out.push(rng.next() as u8);
    }
    out
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = std::iter::once(0xfeff_u16)
        .filter(|_| bom)
        .chain(text.encode_utf16());
    units
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}
