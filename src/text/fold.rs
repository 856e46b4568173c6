//! Character folding: the one table of characters that fonts and typists
//! put where the plain form is meant.

use unicode_normalization::UnicodeNormalization;

/// Fold `text` in place: full-width digits, letters and number
/// punctuation to ASCII, Kangxi radicals and the radicals supplement to
/// the ideographs they stand for. PDF glyphs and decoded text reports
/// both pass through here, so that `２０２．１１` or `⽀出` printed by a
/// font or typed into a text file reads as `202.11` or `支出` to every
/// later stage.
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
        '⻐' => '钅',
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
        assert_eq!(folded("２０２\u{2212}１％＋"), "202-1%+");
        assert_eq!(folded("ＰＰＰ项目ａ"), "PPP项目a");
        assert_eq!(
            folded("⼀⼈⼊⼋⼚⼴⽀⽂⽇⽉⽤⽬⾦"),
            "一人入八厂广支文日月用目金"
        );
        assert_eq!(folded("⼀般公共预算⽀出⻔"), "一般公共预算支出门");
        assert_eq!(folded("部门（单位）：；"), "部门（单位）：；");
    }

    #[test]
    fn every_kangxi_radical_becomes_an_ideograph() {
        for c in '\u{2F00}'..='\u{2FD5}' {
            let f = folded(&c.to_string());
            let ideograph = f.chars().all(|d| ('\u{4E00}'..='\u{9FFF}').contains(&d));
            assert!(f.chars().count() == 1 && ideograph, "{c} → {f}");
        }
    }

    #[test]
    fn supplement_forms_become_simplified_ideographs() {
        assert_eq!(
            folded("⺟⺠⻅⻈⻉⻋⻐⻓⻔⻚⻛⻜⻝⻠⻢⻤⻥⻦⻨⻩⻬⻮⻰⻳"),
            "母民见讠贝车钅长门页风飞食饣马鬼鱼鸟麦黄齐齿龙龟"
        );
        // J-simplified dragon is the Japanese form, not 龙.
        assert_eq!(folded("⻯"), "竜");
    }
}
