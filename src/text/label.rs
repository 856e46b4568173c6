//! The label grammar: table labels (公开01表, 表一 …), titles with the
//! labels glued to them, continuation marks and qualifiers after a title,
//! and the notes under a table. Layout uses it to keep titles out of page
//! furniture and to join a table's parts; the document stage to find
//! tables; the catalogue and normalize to compare titles.

use std::sync::LazyLock;

use regex::Regex;

use super::{pattern as re, squash};

/// A table label in every form seen: 公开01表, 公开 01 表, 公开表1, 预算01表,
/// 单位预算01表, 部门公开表01, 表一, 表1, 附表1-2.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:附?(?:部门|单位)?(?:公开|预算|决算)表?\d{1,2}(?:-\d{1,2})?表?|附?表(?:\d{1,2}(?:-\d{1,2})?|[一二三四五六七八九十]{1,3}))$",
    )
});

/// What may stand between a label and its title: `表1：`, `表1.`, `表1、`.
const LABEL_SEPARATORS: &[char] = &['：', ':', '.', '．', '、'];

static NOTE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[（(]?\s*(?:注|说明|备注|附注)\s*\d*\s*[：:]"));

static CONTINUED: LazyLock<Regex> = LazyLock::new(|| re(r"[（(]\s*续(?:表)?\s*[）)]$|续表$|续$"));

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

/// A note under a table: 注：, 说明：, （注1：…
pub fn is_note(text: &str) -> bool {
    NOTE.is_match(text.trim())
}

/// A title without a trailing continuation mark (（续）, 续表).
pub fn strip_continued(title: &str) -> (&str, bool) {
    let t = title.trim();
    match CONTINUED.find(t) {
        Some(m) => (t[..m.start()].trim_end(), true),
        None => (t, false),
    }
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
    fn notes_and_continuation_marks() {
        assert!(is_note("注：本表为空表。"));
        assert!(is_note("（注1：单位为万元）"));
        assert!(!is_note("注册登记费"));
        assert_eq!(strip_continued("支出总表（续）"), ("支出总表", true));
        assert_eq!(strip_continued("支出总表续表"), ("支出总表", true));
        assert_eq!(strip_continued("支出总表"), ("支出总表", false));
    }
}
