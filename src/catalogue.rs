//! The catalogue of table kinds, read from `catalogue.toml`.
//!
//! Cities and years print the same table under many titles and labels; the
//! catalogue maps them to one stable id. It is data so that a new alias is
//! a line in a file, not a new branch in code.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::document::patterns::{squash, strip_continued};
use crate::model::Report;

/// One kind of table.
#[derive(Clone, Debug, Deserialize)]
pub struct Kind {
    pub id: String,
    #[serde(default)]
    pub labels: Vec<String>,
    pub titles: Vec<String>,
    pub blocks: Vec<String>,
    /// The first block's 总计 equals the second's.
    #[serde(default)]
    pub balanced: bool,
    #[serde(default, rename = "total")]
    pub totals: Vec<CodeTotal>,
}

/// A total row that adds up the rows of some codes: 人员经费合计 = 301 + 303.
#[derive(Clone, Debug, Deserialize)]
pub struct CodeTotal {
    pub row: String,
    pub codes: Vec<String>,
}

/// Rows and a column of one table kind, as a cross-table check names them.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selector {
    pub kind: String,
    #[serde(default = "first_block")]
    pub block: u32,
    /// Row names (numbering stripped) whose values are added up.
    #[serde(default, deserialize_with = "one_or_many")]
    pub row: Vec<String>,
    /// `class`: every 类-level row, matched with the other side by name.
    #[serde(default)]
    pub per: Option<String>,
    /// 1-based among the block's value columns.
    #[serde(default)]
    pub column: Option<usize>,
    /// A part of the column's header path.
    #[serde(default)]
    pub column_name: Option<String>,
}

fn first_block() -> u32 {
    1
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// A figure that must agree between two tables.
#[derive(Clone, Debug, Deserialize)]
pub struct Identity {
    /// 决算 or 预算: the template the identity holds in; any if absent.
    #[serde(default)]
    pub report: Option<String>,
    pub check: String,
    pub left: Selector,
    pub right: Selector,
}

/// A figure the narrative states, and the table figure it must equal.
#[derive(Clone, Debug, Deserialize)]
pub struct Narrative {
    #[serde(default)]
    pub report: Option<String>,
    pub check: String,
    #[serde(with = "serde_regex")]
    pub pattern: regex::Regex,
    pub table: Selector,
}

#[derive(Debug, Deserialize)]
pub struct Catalogue {
    #[serde(rename = "kind")]
    pub kinds: Vec<Kind>,
    #[serde(default, rename = "identity")]
    pub identities: Vec<Identity>,
    #[serde(default, rename = "narrative")]
    pub narratives: Vec<Narrative>,
    /// Words that make a header cell `X：Y` a caption, not a column.
    #[serde(default)]
    pub captions: Words,
    /// Header words of the columns that carry the rows' labels.
    #[serde(default)]
    pub row_labels: RowLabels,
}

/// Caption words: `keys` of `X：Y` cells, and `fields` of form rows
/// (`项目名称 | 某项目`) printed above a table's header; none blank.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    #[serde(deserialize_with = "non_blank")]
    keys: Vec<String>,
    #[serde(default, deserialize_with = "non_blank")]
    fields: Vec<String>,
}

impl Words {
    pub fn contains(&self, word: &str) -> bool {
        self.keys.iter().any(|w| w == word)
    }

    pub fn is_field(&self, word: &str) -> bool {
        self.fields.iter().any(|w| w == word)
    }
}

/// Header words, compared without whitespace: a blank one would match
/// every unheaded column, so it is refused when the catalogue is loaded.
fn non_blank<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let words = Vec::<String>::deserialize(d)?;
    if let Some(blank) = words.iter().find(|k| k.trim().is_empty()) {
        return Err(serde::de::Error::custom(format!(
            "a key word is blank: {blank:?}"
        )));
    }
    Ok(words.iter().map(|w| squash(w)).collect())
}

/// What the header of a label column says it holds.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowLabels {
    /// A column of reporting units: each unit is a dimension of the rows
    /// printed under it (预算单位, 单位名称).
    #[serde(default, deserialize_with = "non_blank")]
    pub unit_headers: Vec<String>,
    /// A column that only numbers the rows (序号): never values.
    #[serde(default, deserialize_with = "non_blank")]
    pub counter_headers: Vec<String>,
    /// A column of years that labels its rows (年度): never values.
    #[serde(default, deserialize_with = "non_blank")]
    pub year_headers: Vec<String>,
}

mod serde_regex {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<regex::Regex, D::Error> {
        let pattern = String::deserialize(d)?;
        regex::Regex::new(&pattern).map_err(serde::de::Error::custom)
    }
}

static BUILT_IN: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::from_toml(include_str!("catalogue.toml")).expect("built-in catalogue is valid")
});

impl Catalogue {
    pub fn from_toml(text: &str) -> Result<Catalogue, toml::de::Error> {
        toml::from_str(text)
    }

    /// The catalogue shipped with gongkai.
    pub fn built_in() -> &'static Catalogue {
        &BUILT_IN
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// The kind of a table from its title, else (in a 决算 report) its label.
    ///
    /// The title must be one of a kind's titles once what may stand before
    /// it is taken off: the unit's name and the year (`某市财政局2026年部门收
    /// 支总表`). A qualifier before it makes another table: 基本支出总表 and
    /// 政府采购支出预算表 are not 支出总表 or 支出预算表.
    pub fn classify(&self, title: &str, label: &str, report: Option<Report>) -> Option<&Kind> {
        let title = title_key(title);
        let by_title = self
            .kinds
            .iter()
            .flat_map(|k| k.titles.iter().map(move |t| (k, title_key(t))))
            .filter(|(_, alias)| !title.is_empty() && prefix_is_neutral(&title, alias))
            .max_by_key(|(_, alias)| alias.chars().count())
            .map(|(k, _)| k);
        by_title.or_else(|| {
            (report == Some(Report::Final))
                .then(|| {
                    self.kinds
                        .iter()
                        .find(|k| k.labels.iter().any(|l| l == label))
                })
                .flatten()
        })
    }
}

/// Whether `title` is `alias` preceded only by a unit's name and a year:
/// nothing, `2026年`, `某局`, `某局2026年`, `某局（本级）2026年度部门`.
fn prefix_is_neutral(title: &str, alias: &str) -> bool {
    let Some(prefix) = title.strip_suffix(alias) else {
        return false;
    };
    let prefix = YEAR_END.replace(prefix, "");
    let prefix = prefix
        .trim_end_matches(['部', '门', '单', '位'])
        .trim_end_matches("本级");
    prefix.is_empty() || prefix.ends_with(UNIT_ENDINGS)
}

/// A year (and what follows it: 度, 部门, 单位) at the end of a prefix.
static YEAR_END: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?:(?:19|20)\d{2}年度?)?(?:部门|单位)?$").expect("valid built-in pattern")
});

/// How the names of reporting units end: 局, 委员会, 办公厅, 中心, （本级） …
pub(crate) const UNIT_ENDINGS: &[char] = &[
    '局', '委', '会', '厅', '办', '院', '室', '心', '所', '站', '馆', '处', '部', '队', '校', '府',
    '署', '团', '社', '）', ')', '级',
];

/// A title as compared: no whitespace, quotes, year or continuation mark.
fn title_key(title: &str) -> String {
    let t = squash(title);
    let t = strip_continued(&t).0;
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '「' | '」'))
        .collect();
    let t = t.trim_end_matches(['）', ')']);
    t.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(title: &str) -> Option<&'static str> {
        Catalogue::built_in()
            .classify(title, "", Some(Report::Budget))
            .map(|k| k.id.as_str())
    }

    #[test]
    fn longest_alias_wins() {
        assert_eq!(id("收入支出决算总表"), Some("income_expense_summary"));
        assert_eq!(
            id("财政拨款收入支出决算总表"),
            Some("fiscal_appropriation_summary")
        );
        assert_eq!(
            id("一般公共预算财政拨款支出决算表"),
            Some("general_budget_expenditure")
        );
        assert_eq!(
            id("一般公共预算财政拨款基本支出决算明细表"),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            id("财政拨款“三公”经费支出决算表"),
            Some("three_public_expenses")
        );
        assert_eq!(
            id("某市财政局2026年部门收支总表"),
            Some("income_expense_summary")
        );
        assert_eq!(id("项目支出表"), None);
        assert_eq!(
            id("2026年部门收支总体情况表"),
            Some("income_expense_summary")
        );
        assert_eq!(
            id("深圳市财政局（本级）收支总表"),
            Some("income_expense_summary")
        );
        assert_eq!(id("基本支出总表"), None);
        assert_eq!(id("政府采购支出预算表"), None);
        assert_eq!(id("一般公共预算机关运行经费支出预算表"), None);
        assert_eq!(id("“三公”经费、会议费、培训费支出预算表"), None);
        assert_eq!(id("政府性基金预算财政拨款支出预算表"), Some("gov_fund"));
    }

    #[test]
    fn a_blank_header_word_is_refused() {
        let kinds = "[[kind]]\nid = \"x\"\ntitles = [\"x表\"]\nblocks = [\"x\"]\n";
        let ok = format!("{kinds}[captions]\nkeys = [\"编制 部门\"]\n");
        let c = Catalogue::from_toml(&ok).expect("valid");
        assert!(c.captions.contains("编制部门"));
        let blank = format!("{kinds}[row_labels]\ncounter_headers = [\" \"]\n");
        assert!(Catalogue::from_toml(&blank).is_err());
    }

    #[test]
    fn label_only_in_final_accounts() {
        let c = Catalogue::built_in();
        assert_eq!(
            c.classify("", "公开06表", Some(Report::Final))
                .map(|k| k.id.as_str()),
            Some("general_budget_basic_expenditure")
        );
        assert!(c.classify("", "公开06表", Some(Report::Budget)).is_none());
    }
}
