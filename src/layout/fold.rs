//! Characters folded to their plain form before layout: the Kangxi and
//! supplementary radicals some fonts map CJK glyphs to (`⼀般⽀出` for
//! 一般支出, `⻔` for 门) and full-width digits (`０１`). Without this a
//! title or a code printed with those code points would not be
//! recognised by any later stage.

/// U+2F00..=U+2FD5, the Kangxi radicals, as the ideographs they stand for
/// (their Unicode compatibility decompositions).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// CJK radicals supplement (U+2E80..) that stand for a simplified
/// ideograph; Unicode gives most of them no decomposition.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EC5}', '见'),
    ('\u{2EC8}', '讠'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECB}', '车'),
    ('\u{2ED0}', '钅'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EE0}', '饣'),
    ('\u{2EE2}', '马'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEC}', '齐'),
    ('\u{2EEE}', '齿'),
    ('\u{2EEF}', '龙'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF3}', '龟'),
];

/// `c` in its plain form.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2F00}'..='\u{2FD5}' => {
            let k = c as usize - 0x2F00;
            KANGXI.chars().nth(k).unwrap_or(c)
        }
        '\u{2E80}'..='\u{2EFF}' => SUPPLEMENT
            .iter()
            .find(|(from, _)| *from == c)
            .map_or(c, |(_, to)| *to),
        '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
        _ => c,
    }
}

/// `text` with every character folded; borrowed back when nothing changes.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().all(|c| fold_char(c) == c) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().map(fold_char).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_and_digits_fold() {
        assert_eq!(fold("⼀般公共预算⽀出⻔"), "一般公共预算支出门");
        assert_eq!(fold("２０１"), "201");
        assert_eq!(fold("收入"), "收入");
    }
}
