//! The recurring printed forms of the template: labels, headings, unit and
//! year lines, notes, numbers. Each is recognised in one place.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::AmountUnit;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid built-in pattern")
}

/// A table label in every form seen: 公开01表, 公开 01 表, 公开表1, 预算01表,
/// 单位预算01表, 部门公开表01, 表一, 表1, 附表1-2.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:附?(?:部门|单位)?(?:公开|预算|决算)表?\d{1,2}(?:-\d{1,2})?表?|附?表(?:\d{1,2}(?:-\d{1,2})?|[一二三四五六七八九十]{1,3}))$",
    )
});

/// What may stand between a label and its title: `表1：`, `表1.`, `表1、`.
const LABEL_SEPARATORS: &[char] = &['：', ':', '.', '．', '、'];

static PART: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(第[一二三四五六七八九十]+部分)[\s:：、.．]*(.*)$"));

static SECTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^([一二三四五六七八九十]+)[、.．]\s*(.+)$"));

/// Dot leaders and a page number that a table of contents puts after a title.
static LEADER: LazyLock<Regex> = LazyLock::new(|| re(r"(?:[.．…·・\-_]{2,}|\t|\s{2,})\s*\d+\s*$"));

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"^((?:19|20)\d{2})\s*年度?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$"));

static YEAR_IN: LazyLock<Regex> = LazyLock::new(|| re(r"((?:19|20)\d{2})\s*年"));

static UNIT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(编制单位|填报单位|单位名称|部门名称|预算单位|(?:预算)?主管部门|金额单位|计量单位|单位|部门)\s*[：:]",
    )
});

static NOTE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[（(]?\s*(?:注|说明|备注|附注)\s*\d*\s*[：:]"));

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*/\s*共?\s*\d{1,4}\s*页?)?[-—–\s]*$")
});

static CONTINUED: LazyLock<Regex> = LazyLock::new(|| re(r"[（(]\s*续(?:表)?\s*[）)]$|续表$|续$"));

/// `text` with every whitespace character removed: the form in which
/// printed labels, titles and headers are compared.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The label, whitespace removed, if `text` is one: also with the
/// separator a title would follow (`表1：`) or in brackets (`（表一）`).
pub fn label(text: &str) -> Option<String> {
    let t = squash(text);
    let t = t.trim_end_matches(LABEL_SEPARATORS);
    let t = unbracket(t).unwrap_or(t);
    LABEL.is_match(t).then(|| t.to_string())
}

/// The inside of a text wholly in brackets: `（表一）` → `表一`.
fn unbracket(t: &str) -> Option<&str> {
    [('（', '）'), ('(', ')')]
        .into_iter()
        .find_map(|(open, close)| t.strip_prefix(open)?.strip_suffix(close))
}

/// A numbered label glued before a title, maybe in brackets or with a
/// separator: `预算01表收支总表`, `表1：收支总表`, `（表1）收支总表`.
static LABEL_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^[（(]?(附?(?:部门|单位)?(?:公开|预算|决算)表?\d{1,2}(?:-\d{1,2})?表?|附?表\d{1,2}(?:-\d{1,2})?)[）)]?([：:.．、]?)(.+)$",
    )
});

/// A numbered label glued after a title: `收支总表预算01表`.
static LABEL_LAST: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(.*\D)((?:部门|单位)?(?:公开|预算|决算)表?\d{1,2}(?:-\d{1,2})?表?)$"));

/// A label with a Chinese numeral before a title: only with a separator
/// or brackets (`表一：收支总表`, `（表一）收支总表`), for
/// `表一般公共预算支出表` must stay a title.
static NUMERAL_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^[（(]?(附?表[一二三四五六七八九十]{1,3})(?:[：:.．、]|[）)][：:.．、]?)(.+)$")
});

/// (label, title) of a label glued to a title, either side.
fn glued(t: &str) -> Option<(&str, &str)> {
    if let Some(c) = LABEL_FIRST.captures(t) {
        let (sep, title) = (&c[2], c.get(3)?.as_str());
        if !sep.is_empty() || !title.starts_with(|ch: char| ch.is_ascii_digit()) {
            return Some((c.get(1)?.as_str(), title));
        }
    }
    if let Some(c) = LABEL_LAST.captures(t) {
        return Some((c.get(2)?.as_str(), c.get(1)?.as_str()));
    }
    let c = NUMERAL_FIRST.captures(t)?;
    Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
}

/// A line holding a label and a title, in either order, the label maybe in
/// brackets or glued to the title: `公开01表 收入支出决算总表`,
/// `收支总表（预算01表）`, `预算01表收支总表`.
pub fn split_label(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() >= 2 {
        if let Some(l) = label(words[0]) {
            return Some((l, words[1..].join(" ")));
        }
        if let Some(l) = label(words[words.len() - 1]) {
            return Some((l, words[..words.len() - 1].join(" ")));
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = t.strip_suffix(close).and_then(|s| s.rsplit_once(open)) {
            if let Some(l) = label(inner.1) {
                return Some((l, inner.0.trim().to_string()));
            }
        }
    }
    let squashed = squash(t);
    let (l, title) = glued(&squashed)?;
    is_title(title).then(|| (l.to_string(), title.to_string()))
}

/// A part heading: (第一部分, title).
pub fn part_heading(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let c = PART.captures(t)?;
    Some((c[1].to_string(), c[2].trim().to_string()))
}

/// A numbered section heading: (一, title).
pub fn section_heading(text: &str) -> Option<(String, String)> {
    let c = SECTION.captures(text.trim())?;
    Some((c[1].to_string(), c[2].trim().to_string()))
}

/// A table-of-contents entry without its dot leaders and page number.
pub fn strip_leader(text: &str) -> String {
    LEADER.replace(text.trim_end(), "").trim().to_string()
}

pub fn is_note(text: &str) -> bool {
    NOTE.is_match(text.trim())
}

pub fn is_page_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && PAGE_NUMBER.is_match(t)
}

/// A year line (2023年度, 2023年12月31日): the year.
pub fn year_line(text: &str) -> Option<i32> {
    YEAR.captures(&squash(text))?[1].parse().ok()
}

/// The first year mentioned in `text` (2023年…).
pub fn year_in(text: &str) -> Option<i32> {
    YEAR_IN.captures(text)?[1].parse().ok()
}

/// A title without a trailing continuation mark (（续）, 续表).
pub fn strip_continued(title: &str) -> (&str, bool) {
    let t = title.trim();
    match CONTINUED.find(t) {
        Some(m) => (t[..m.start()].trim_end(), true),
        None => (t, false),
    }
}

/// What a table's unit, year and label lines say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub label: Option<String>,
    pub unit: Option<String>,
    pub amount_unit: Option<AmountUnit>,
    pub year: Option<i32>,
}

impl Meta {
    /// Take what `other` says where this says nothing.
    pub fn absorb(&mut self, other: Meta) {
        self.label = self.label.take().or(other.label);
        self.unit = self.unit.take().or(other.unit);
        self.amount_unit = self.amount_unit.or(other.amount_unit);
        self.year = self.year.or(other.year);
    }
}

/// Read a cell made only of metadata (单位：…, 金额单位：元, 2023年度, a
/// label); `None` if anything else is in it.
pub fn meta(text: &str) -> Option<Meta> {
    let t = text.trim();
    if t.is_empty() {
        return Some(Meta::default());
    }
    if let Some(l) = label(t) {
        return Some(Meta {
            label: Some(l),
            ..Meta::default()
        });
    }
    if let Some(y) = year_line(t) {
        return Some(Meta {
            year: Some(y),
            ..Meta::default()
        });
    }
    let keys: Vec<_> = UNIT_KEY.captures_iter(t).collect();
    let first = keys.first()?.get(0)?;
    if !t[..first.start()].trim().is_empty() {
        return None;
    }
    let mut out = Meta::default();
    for (i, c) in keys.iter().enumerate() {
        let whole = c.get(0)?;
        let end = keys
            .get(i + 1)
            .map_or(t.len(), |n| n.get(0).map_or(t.len(), |m| m.start()));
        let value = t[whole.end()..end].trim();
        out.absorb(unit_field(&c[1], value)?);
    }
    Some(out)
}

fn unit_field(key: &str, value: &str) -> Option<Meta> {
    let mut out = Meta::default();
    if let Some(u) = AmountUnit::parse(value) {
        out.amount_unit = Some(u);
        return Some(out);
    }
    if key.contains("金额") || key.contains("计量") {
        return None;
    }
    let mut words: Vec<&str> = value.split_whitespace().collect();
    while let Some(last) = words.last() {
        if let Some(y) = year_line(last) {
            out.year = Some(y);
        } else if let Some(u) = AmountUnit::parse(last) {
            out.amount_unit = Some(u);
        } else {
            break;
        }
        words.pop();
    }
    if words.is_empty() {
        return Some(out);
    }
    out.unit = Some(words.join(" "));
    Some(out)
}

/// A line that can be a table's title: short, no sentence punctuation,
/// ending in 表 once a continuation mark is dropped.
pub fn is_title(text: &str) -> bool {
    let t = squash(text);
    let n = t.chars().count();
    if !(3..=60).contains(&n) || is_note(&t) {
        return false;
    }
    if t.contains(['。', '；', ';', '，', ',', '：', ':']) {
        return false;
    }
    let (core, _) = strip_continued(&t);
    let core = strip_qualifier(core);
    core.ends_with('表') || core.ends_with("情况") && core.contains("表")
}

/// A short bracketed qualifier after a title names a variant of the same
/// table, not another text: 一般公共预算支出表（按功能分类）.
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| re(r"[（(][^（）()表]{1,24}[）)]$"));

/// A title without a trailing bracketed qualifier.
pub fn strip_qualifier(title: &str) -> &str {
    QUALIFIER
        .find(title)
        .map_or(title, |m| title[..m.start()].trim_end())
}

/// A number as printed, thousand separators removed: `1,234.50` → `1234.50`,
/// `(3.00)` → `-3.00`. Blank, `—` and `-` are not numbers.
pub fn number(text: &str) -> Option<String> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
        .map(|c| match c {
            '−' | '－' => '-',
            c => c,
        })
        .collect();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(inner) => (true, inner.to_string()),
            None => (false, t.clone()),
        },
    };
    let mut parts = body.splitn(2, '.');
    let int = parts.next()?;
    let frac = parts.next();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    Some(if neg { format!("-{body}") } else { body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_every_form() {
        for (text, want) in [
            ("公开01表", "公开01表"),
            ("公开 01 表", "公开01表"),
            ("公开表1", "公开表1"),
            ("预算01表", "预算01表"),
            ("单位预算01表", "单位预算01表"),
            ("表一", "表一"),
            ("表 1", "表1"),
            ("表1：", "表1"),
            ("表1、", "表1"),
            ("附表1-2", "附表1-2"),
            ("（表一）", "表一"),
        ] {
            assert_eq!(label(text).as_deref(), Some(want), "{text}");
        }
        for text in ["表格", "01", "收入决算表", "详见公开06表"] {
            assert_eq!(label(text), None, "{text}");
        }
    }

    #[test]
    fn label_beside_title() {
        assert_eq!(
            split_label("预算01表 2026年部门收支总表"),
            Some(("预算01表".into(), "2026年部门收支总表".into()))
        );
        assert_eq!(
            split_label("收支总表（公开01表）"),
            Some(("公开01表".into(), "收支总表".into()))
        );
        assert_eq!(
            split_label("预算01表收支总表"),
            Some(("预算01表".into(), "收支总表".into()))
        );
        assert_eq!(
            split_label("财政拨款收支总表公开04表"),
            Some(("公开04表".into(), "财政拨款收支总表".into()))
        );
        assert_eq!(split_label("表一般公共预算支出表"), None);
        for (text, label, title) in [
            ("表1：收支总表", "表1", "收支总表"),
            ("表 1：2026年部门收支总表", "表1", "2026年部门收支总表"),
            ("表1.收入总表", "表1", "收入总表"),
            ("表3、支出总表", "表3", "支出总表"),
            ("表1-1 收支总表", "表1-1", "收支总表"),
            ("附表2收入总表", "附表2", "收入总表"),
            ("（表一）收支总表", "表一", "收支总表"),
            ("表一：收支总表", "表一", "收支总表"),
            ("收支总表（表一）", "表一", "收支总表"),
            ("表12收支总表", "表12", "收支总表"),
        ] {
            assert_eq!(
                split_label(text),
                Some((label.into(), title.into())),
                "{text}"
            );
        }
    }

    #[test]
    fn titles_with_a_qualifier() {
        assert!(is_title("一般公共预算支出表（按功能分类）"));
        assert!(is_title("支出总表（续）"));
        assert!(is_title(
            "2022年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）"
        ));
        assert!(!is_title("一般公共预算支出（按功能分类）"));
    }

    #[test]
    fn unit_lines() {
        let m = meta("编制单位：某市财政局  金额单位：元").unwrap();
        assert_eq!(m.unit.as_deref(), Some("某市财政局"));
        assert_eq!(m.amount_unit, Some(AmountUnit::Yuan));
        assert_eq!(
            meta("单位：万元").unwrap().amount_unit,
            Some(AmountUnit::Wan)
        );
        assert_eq!(meta("2023年度").unwrap().year, Some(2023));
        assert_eq!(meta("一、单位职责"), None);
    }

    #[test]
    fn numbers_as_printed() {
        assert_eq!(number("1,234.50").as_deref(), Some("1234.50"));
        assert_eq!(number("-3.00").as_deref(), Some("-3.00"));
        assert_eq!(number("(3.00)").as_deref(), Some("-3.00"));
        for text in ["", "—", "-", "100%", "2080505机关"] {
            assert_eq!(number(text), None, "{text}");
        }
    }
}
