//! What a table's metadata lines say: the reporting unit (单位：,
//! 编制单位：…), the amount unit (金额单位：万元), the year (2023年度) and
//! the label. Layout keeps such lines out of page furniture; the document
//! stage reads them into each table.

use std::sync::LazyLock;

use regex::Regex;

use super::label::label;
use super::{pattern as re, squash};
use crate::model::AmountUnit;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"^((?:19|20)\d{2})\s*年度?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$"));

static YEAR_IN: LazyLock<Regex> = LazyLock::new(|| re(r"((?:19|20)\d{2})\s*年"));

static UNIT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(编制单位|填报单位|单位名称|部门名称|预算单位|(?:预算)?主管部门|金额单位|计量单位|单位|部门)\s*[：:]",
    )
});

/// A year line (2023年度, 2023年12月31日): the year.
pub fn year_line(text: &str) -> Option<i32> {
    YEAR.captures(&squash(text))?[1].parse().ok()
}

/// The first year mentioned in `text` (2023年…).
pub fn year_in(text: &str) -> Option<i32> {
    YEAR_IN.captures(text)?[1].parse().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn years_in_lines_and_titles() {
        assert_eq!(year_line("2023 年 12 月 31 日"), Some(2023));
        assert_eq!(year_line("2023年部门决算"), None);
        assert_eq!(year_in("某局2023年部门决算"), Some(2023));
        assert_eq!(year_in("部门决算"), None);
    }
}
