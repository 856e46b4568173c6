//! Compare the encoding detection of `gongkai::decode` (BOM, the NUL
//! pattern of UTF-16, strict UTF-8, else GB18030) with chardetng's (BOM,
//! else chardetng's guess) on text reports, and on copies of each report
//! re-encoded in every encoding reports come in and cut to a line, three
//! lines, 1000 characters and whole: the text each gives, against the
//! text the copy was made from.
//!
//! `cargo run --release --example encodings -- FILE.txt...`

use std::collections::BTreeMap;
use std::time::Instant;

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

/// Rare characters (GB18030 four-byte sequences, a supplementary-plane
/// ideograph) in a report line, to tell GB18030 from GBK.
const RARE: &str = "单位：万元\t䶮𠀀㐀\t合计\t1,234.56\n";

fn ours(bytes: &[u8]) -> Result<String, String> {
    let d = gongkai::decode::decode(bytes).map_err(|e| e.to_string())?;
    let encoding = Encoding::for_label(d.encoding.as_bytes()).unwrap_or(UTF_8);
    Ok(raw(encoding, bytes))
}

fn chardetng(bytes: &[u8]) -> String {
    let encoding = Encoding::for_bom(bytes).map_or_else(
        || {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Allow)
        },
        |(e, _)| e,
    );
    raw(encoding, bytes)
}

/// The text without BOM, before gongkai's line-end and space folding.
fn raw(encoding: &'static Encoding, bytes: &[u8]) -> String {
    let body = match Encoding::for_bom(bytes) {
        Some((_, len)) => &bytes[len..],
        None => bytes,
    };
    encoding.decode_without_bom_handling(body).0.into_owned()
}

fn encode(text: &str, how: &str) -> Vec<u8> {
    let utf16 = |big: bool, bom: bool| {
        let units = std::iter::once(0xfeff)
            .filter(|_| bom)
            .chain(text.encode_utf16());
        units
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    match how {
        "utf-8" => text.as_bytes().to_vec(),
        "utf-8 bom" => [&[0xef, 0xbb, 0xbf][..], text.as_bytes()].concat(),
        "gbk" => GBK.encode(text).0.into_owned(),
        "gb18030" => GB18030.encode(text).0.into_owned(),
        "utf-16le bom" => utf16(false, true),
        "utf-16be bom" => utf16(true, true),
        "utf-16le" => utf16(false, false),
        "utf-16be" => utf16(true, false),
        _ => unreachable!(),
    }
}

const ENCODINGS: [&str; 8] = [
    "utf-8",
    "utf-8 bom",
    "gbk",
    "gb18030",
    "utf-16le bom",
    "utf-16be bom",
    "utf-16le",
    "utf-16be",
];

fn cuts(text: &str) -> Vec<(&'static str, String)> {
    let lines = |n: usize| text.split_inclusive('\n').take(n).collect::<String>();
    vec![
        ("1 line", lines(1)),
        ("3 lines", lines(3)),
        ("1000 chars", text.chars().take(1000).collect()),
        ("whole", text.to_string()),
    ]
}

#[derive(Default)]
struct Tally {
    cases: usize,
    ours_right: usize,
    chardetng_right: usize,
    differ: Vec<String>,
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let mut truths = vec![("rare characters".to_string(), RARE.to_string())];
    println!("# the files as they are");
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let (a, b) = (ours(&bytes), chardetng(&bytes));
        let same = a.as_ref().is_ok_and(|a| *a == b);
        println!("{path}\tsame text: {same}");
        if let Ok(text) = a {
            truths.push((path.clone(), text));
        }
    }
    let mut tallies: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    let mut whole = Vec::new();
    for (name, truth) in &truths {
        for how in ENCODINGS {
            for (cut, text) in cuts(truth) {
                let bytes = encode(&text, how);
                // What GBK cannot encode comes out as &#NNNN;: the truth of
                // that copy is what its bytes say.
                let want = if how == "gbk" { raw(GBK, &bytes) } else { text };
                let (a, b) = (ours(&bytes), chardetng(&bytes));
                let t = tallies.entry((how, cut)).or_default();
                t.cases += 1;
                t.ours_right += usize::from(a.as_deref() == Ok(want.as_str()));
                t.chardetng_right += usize::from(b == want);
                if a.as_deref() != Ok(b.as_str()) {
                    let show = |s: &str| s.chars().take(24).collect::<String>();
                    t.differ.push(format!(
                        "{name}: ours {:?} / chardetng {:?} / truth {:?}",
                        a.as_deref().map(show),
                        show(&b),
                        show(&want)
                    ));
                }
                if cut == "whole" {
                    whole.push(bytes);
                }
            }
        }
    }
    println!("\n# made copies: encoding, cut, cases, right (ours), right (chardetng)");
    for ((how, cut), t) in &tallies {
        println!(
            "{how}\t{cut}\t{}\t{}\t{}",
            t.cases, t.ours_right, t.chardetng_right
        );
        for d in &t.differ {
            println!("    differs: {d}");
        }
    }
    let mb = whole.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    for (label, f) in [
        (
            "ours (decode, with its line-end folding)",
            &(|b: &[u8]| gongkai::decode::decode(b).map_or(0, |d| d.text.len()))
                as &dyn Fn(&[u8]) -> usize,
        ),
        ("chardetng", &|b: &[u8]| chardetng(b).len()),
    ] {
        let start = Instant::now();
        let mut n = 0usize;
        for _ in 0..20 {
            for bytes in &whole {
                n += f(bytes);
            }
        }
        let s = start.elapsed().as_secs_f64();
        println!(
            "\n{label}: detect + decode {:.1} MB in {s:.3} s ({:.0} MB/s; {n} bytes out)",
            mb * 20.0,
            mb * 20.0 / s
        );
    }
}
