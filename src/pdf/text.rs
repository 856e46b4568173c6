//! Clean-up of a page's glyphs before layout sees them: characters folded
//! to the forms the rest of the pipeline matches on, and fake-bold
//! duplicates removed.

use unicode_normalization::UnicodeNormalization;

use crate::pdf::page::Glyph;

/// Two copies of a glyph closer than this (points) are one glyph drawn
/// twice (fake bold, or a shadow).
const DUPLICATE_DISTANCE: f32 = 1.0;

/// Fold one glyph's text in place: full-width digits, letters and number
/// punctuation to ASCII, radicals to the ideographs they stand for.
pub fn fold(text: &mut String) {
    if !text.chars().any(needs_folding) {
        return;
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut folded);
    }
    *text = folded;
}

fn needs_folding(c: char) -> bool {
    matches!(c as u32, 0xff01..=0xff5e | 0x2212 | 0x2e80..=0x2fdf)
}

fn push_folded(c: char, out: &mut String) {
    let mapped = match c as u32 {
        // ０-９ Ａ-Ｚ ａ-ｚ
        0xff10..=0xff19 | 0xff21..=0xff3a | 0xff41..=0xff5a => char::from_u32(c as u32 - 0xfee0),
        0xff0e => Some('.'),
        0xff0c => Some(','),
        0xff0d | 0x2212 => Some('-'),
        0xff0b => Some('+'),
        0xff05 => Some('%'),
        0x2e80..=0x2eff => radical_supplement(c),
        0x2f00..=0x2fdf => {
            // Kangxi radicals: every one has a compatibility decomposition.
            out.extend(std::iter::once(c).nfkc());
            return;
        }
        _ => None,
    };
    out.push(mapped.unwrap_or(c));
}

/// CJK Radicals Supplement forms that fonts map common simplified
/// characters to; Unicode gives most of them no decomposition.
fn radical_supplement(c: char) -> Option<char> {
    let folded = match c {
        '⺁' => '厂',
        '⺇' => '几',
        '⺌' => '小',
        '⺍' => '小',
        '⺎' => '兀',
        '⺏' => '尢',
        '⺐' => '尢',
        '⺒' => '巳',
        '⺓' => '幺',
        '⺔' => '彐',
        '⺝' => '月',
        '⺟' => '母',
        '⺠' => '民',
        '⺡' => '氵',
        '⺣' => '灬',
        '⺤' => '爫',
        '⺦' => '丬',
        '⺫' => '罒',
        '⺮' => '竹',
        '⺶' => '羊',
        '⺸' => '羊',
        '⺻' => '聿',
        '⻀' => '艹',
        '⻄' => '西',
        '⻅' => '见',
        '⻆' => '角',
        '⻇' => '角',
        '⻈' => '讠',
        '⻉' => '贝',
        '⻋' => '车',
        '⻓' => '长',
        '⻔' => '门',
        '⻗' => '雨',
        '⻘' => '青',
        '⻙' => '韦',
        '⻚' => '页',
        '⻛' => '风',
        '⻜' => '飞',
        '⻝' => '食',
        '⻠' => '饣',
        '⻢' => '马',
        '⻣' => '骨',
        '⻤' => '鬼',
        '⻥' => '鱼',
        '⻦' => '鸟',
        '⻧' => '卤',
        '⻨' => '麦',
        '⻩' => '黄',
        '⻪' => '黾',
        '⻫' => '齐',
        '⻬' => '齐',
        '⻮' => '齿',
        '⻯' => '竜',
        '⻰' => '龙',
        '⻳' => '龟',
        '⺩' => '王',
        _ => return std::iter::once(c).nfkc().next().filter(|n| *n != c),
    };
    Some(folded)
}

/// Remove glyphs drawn twice at (nearly) the same place with the same
/// text, keeping the first drawn. Order of the rest is kept.
pub fn remove_duplicates(glyphs: &mut Vec<Glyph>) {
    if glyphs.len() < 2 {
        return;
    }
    // Sort indices by (text, y0, x0) so copies of a glyph are neighbours.
    let mut order: Vec<u32> = (0..glyphs.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a as usize], &glyphs[b as usize]);
        ga.text
            .cmp(&gb.text)
            .then(ga.y0.total_cmp(&gb.y0))
            .then(ga.x0.total_cmp(&gb.x0))
            .then(a.cmp(&b))
    });
    let mut drop = vec![false; glyphs.len()];
    for (k, &i) in order.iter().enumerate() {
        if drop[i as usize] {
            continue;
        }
        let g = &glyphs[i as usize];
        for &j in order.iter().skip(k + 1) {
            let h = &glyphs[j as usize];
            if h.text != g.text || h.y0 - g.y0 > DUPLICATE_DISTANCE {
                break;
            }
            if is_copy(g, h) {
                // Keep whichever was drawn first.
                let later = i.max(j) as usize;
                drop[later] = true;
                if later == i as usize {
                    break;
                }
            }
        }
    }
    let mut index = 0;
    glyphs.retain(|_| {
        let keep = !drop[index];
        index += 1;
        keep
    });
}

fn is_copy(a: &Glyph, b: &Glyph) -> bool {
    (a.x0 - b.x0).abs() < DUPLICATE_DISTANCE
        && (a.y0 - b.y0).abs() < DUPLICATE_DISTANCE
        && (a.x1 - b.x1).abs() < DUPLICATE_DISTANCE
        && (a.y1 - b.y1).abs() < DUPLICATE_DISTANCE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut t = s.to_string();
        fold(&mut t);
        t
    }

    #[test]
    fn folds_numbers_and_radicals() {
        assert_eq!(folded("１２３．４５"), "123.45");
        assert_eq!(folded("－１，０００"), "-1,000");
        assert_eq!(
            folded("⼀⼈⼊⼋⼚⼴⽀⽂⽇⽉⽤⽬⾦"),
            "一人入八厂广支文日月用目金"
        );
        assert_eq!(folded("⻔⻋⻓"), "门车长");
        assert_eq!(folded("部门（单位）"), "部门（单位）");
    }

    fn glyph(text: &str, x: f32, y: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            y0: y,
            x1: x + 10.0,
            y1: y + 10.0,
            size: 10.0,
        }
    }

    #[test]
    fn fake_bold_copies_are_removed() {
        let mut glyphs = vec![
            glyph("收", 10.0, 10.0),
            glyph("入", 20.0, 10.0),
            glyph("收", 10.3, 10.2),
            glyph("入", 20.3, 10.2),
            glyph("收", 40.0, 10.0),
        ];
        remove_duplicates(&mut glyphs);
        let xs: Vec<f32> = glyphs.iter().map(|g| g.x0).collect();
        assert_eq!(xs, vec![10.0, 20.0, 40.0]);
    }
}
