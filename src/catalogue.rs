//! The catalogue of table kinds, read from `catalogue.toml`.
//!
//! Cities and years print the same table under many titles and labels; the
//! catalogue maps them to one stable id. A title is read by the words it
//! must and must not contain, not by exact aliases, because every city
//! adds its own scope prefixes (`2026年预算单位…`, `部门综合预算…`),
//! qualifiers (`（按支出功能分类科目）`) and endings (`情况表`, `明细表`).
//! The words are data, so that a new wording is a line in a file, not a new
//! branch in code; the file is checked when it loads.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::model::{Document, Report, Section, Table};
use crate::text::{squash, strip_continued};

/// Why a catalogue cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogueError {
    #[error("the catalogue is not valid TOML or has an unknown key: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("kind `{0}` is defined twice; give each kind one [[kind]] entry")]
    DuplicateKind(String),
    #[error("{place} names the kind `{kind}`, which no [[kind]] entry defines")]
    UnknownKind { place: String, kind: String },
    #[error("kind `{kind}` has a rule without words it must contain; add `must` words")]
    EmptyRule { kind: String },
    #[error("kind `{kind}` has an empty word in a rule; remove it or fill it in")]
    EmptyWord { kind: String },
    #[error("the title `{title}` listed under `{kind}` reads as {got}; fix its rules")]
    TitleMismatch {
        kind: String,
        title: String,
        got: String,
    },
}

/// Words that must and must not appear in a text for it to name a kind.
/// An entry of `must` may list alternatives separated by `|`:
/// `收支|收入支出` is met by either.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub must: Vec<String>,
    #[serde(default)]
    pub never: Vec<String>,
}

impl Evidence {
    fn holds(&self, text: &str) -> bool {
        self.must
            .iter()
            .all(|w| w.split('|').any(|alt| text.contains(alt)))
            && !self.never.iter().any(|w| text.contains(w.as_str()))
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        self.must
            .iter()
            .flat_map(|w| w.split('|'))
            .chain(self.never.iter().map(String::as_str))
    }
}

/// One kind of table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: String,
    #[serde(default)]
    pub labels: Vec<String>,
    /// Titles as printed; each must read as this kind (checked on load).
    #[serde(default)]
    pub titles: Vec<String>,
    /// What a title must and must not say to be this kind.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Evidence>,
    /// What the header must say, where the title names nothing.
    #[serde(default)]
    pub header: Vec<Evidence>,
    pub blocks: Vec<String>,
    /// The first block's 总计 equals the second's.
    #[serde(default)]
    pub balanced: bool,
    #[serde(default, rename = "total")]
    pub totals: Vec<CodeTotal>,
}

impl Kind {
    /// The largest number of words a rule of this kind needs that `text`
    /// meets: a rule that asks for more is more specific.
    fn strength(rules: &[Evidence], text: &str) -> Option<usize> {
        rules
            .iter()
            .filter(|r| r.holds(text))
            .map(|r| r.must.len())
            .max()
    }
}

/// A total row that adds up the rows of some codes: 人员经费合计 = 301 + 303.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Narrative {
    #[serde(default)]
    pub report: Option<String>,
    pub check: String,
    #[serde(with = "serde_regex")]
    pub pattern: regex::Regex,
    pub table: Selector,
}

/// Words that hold for titles of every kind.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleWords {
    /// A title with one of these names a table outside the catalogue
    /// (项目支出, 政府采购, 绩效 …), whatever else it says.
    #[serde(default)]
    pub outside: Vec<String>,
    /// A title with one of these is the lesser version of its kind: where
    /// the report prints another table of the kind without it, that one
    /// is the kind (a 功能 table preferred over its 经济 twin).
    #[serde(default)]
    pub secondary: Vec<String>,
    /// Words that say nothing of a kind: a title made only of these and a
    /// year (`预算表`) is weak, and the header is asked instead.
    #[serde(default)]
    pub generic: Vec<String>,
}

/// What makes a file a budget or final-accounts report.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportEvidence {
    /// This many standard kinds make a report whatever else it says.
    pub min_kinds: usize,
    /// Wording in headings and titles that names a 部门/单位 report; with
    /// it, one standard kind is enough.
    pub words: Vec<String>,
}

impl Default for ReportEvidence {
    fn default() -> ReportEvidence {
        ReportEvidence {
            min_kinds: 1,
            words: Vec::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    #[serde(default)]
    pub titles: TitleWords,
    #[serde(default)]
    pub report: ReportEvidence,
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

static BUILT_IN: LazyLock<Catalogue> =
    LazyLock::new(|| Catalogue::from_toml(BUILT_IN_TOML).expect("built-in catalogue is valid"));

/// Where a table's kind came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Title,
    Label,
    Header,
}

/// What a title says of its table's kind.
#[derive(Clone, Copy, Debug)]
pub struct Reading<'c> {
    pub kind: Option<&'c Kind>,
    /// The title names a table outside the catalogue.
    pub outside: bool,
    /// The title is the lesser version of its kind (see [`TitleWords`]).
    pub secondary: bool,
    /// The title says nothing of a kind (empty, or only generic words).
    pub weak: bool,
    pub source: Source,
}

impl Catalogue {
    /// Read and check a catalogue: unknown keys, kinds named but not
    /// defined, rules without words and listed titles that read as another
    /// kind are errors.
    pub fn from_toml(text: &str) -> Result<Catalogue, CatalogueError> {
        let catalogue: Catalogue = toml::from_str(text)?;
        catalogue.check()?;
        Ok(catalogue)
    }

    /// The catalogue shipped with gongkai.
    pub fn built_in() -> &'static Catalogue {
        &BUILT_IN
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    fn check(&self) -> Result<(), CatalogueError> {
        let mut seen = HashSet::new();
        for k in &self.kinds {
            if !seen.insert(k.id.as_str()) {
                return Err(CatalogueError::DuplicateKind(k.id.clone()));
            }
            check_rules(k)?;
        }
        self.check_selectors()?;
        for k in &self.kinds {
            for title in &k.titles {
                let got = self.read_title(title).kind.map(|g| g.id.as_str());
                if got != Some(k.id.as_str()) {
                    return Err(CatalogueError::TitleMismatch {
                        kind: k.id.clone(),
                        title: title.clone(),
                        got: got.map_or("no kind".to_string(), |g| format!("`{g}`")),
                    });
                }
            }
        }
        Ok(())
    }

    fn check_selectors(&self) -> Result<(), CatalogueError> {
        let identities = self
            .identities
            .iter()
            .flat_map(|i| [(&i.check, &i.left.kind), (&i.check, &i.right.kind)].into_iter());
        let narratives = self.narratives.iter().map(|n| (&n.check, &n.table.kind));
        for (check, kind) in identities.chain(narratives) {
            if self.kind(kind).is_none() {
                return Err(CatalogueError::UnknownKind {
                    place: format!("the check `{check}`"),
                    kind: kind.clone(),
                });
            }
        }
        Ok(())
    }

    /// What a title says of its kind: the kind whose rule it meets with
    /// the most words, unless it names a table outside the catalogue. Two
    /// kinds met equally well is no kind.
    pub fn read_title(&self, title: &str) -> Reading<'_> {
        let text = TitleText::of(title);
        let outside = self.titles.outside.iter().any(|w| text.core.contains(w));
        let secondary = self.titles.secondary.iter().any(|w| text.full.contains(w));
        let kind = if outside {
            None
        } else {
            best(
                self.kinds
                    .iter()
                    .map(|k| (k, Kind::strength(&k.rules, &text.core))),
            )
        };
        Reading {
            kind,
            outside,
            secondary,
            weak: kind.is_none() && !outside && self.is_generic(&text.core),
            source: Source::Title,
        }
    }

    fn is_generic(&self, core: &str) -> bool {
        let mut rest = YEAR.replace_all(core, "").into_owned();
        for w in &self.titles.generic {
            rest = rest.replace(w.as_str(), "");
        }
        rest.is_empty()
    }

    /// The kind a header's words name, for a table whose title is weak.
    pub fn read_header(&self, header: &[Vec<String>]) -> Option<&Kind> {
        let text: String = header.iter().flatten().map(|c| squash(c)).collect();
        if text.is_empty() {
            return None;
        }
        best(
            self.kinds
                .iter()
                .map(|k| (k, Kind::strength(&k.header, &text))),
        )
    }

    /// The kind a 决算 label stands for in the national template.
    fn by_label(&self, label: &str, report: Option<Report>) -> Option<&Kind> {
        if report != Some(Report::Final) || label.is_empty() {
            return None;
        }
        self.kinds
            .iter()
            .find(|k| k.labels.iter().any(|l| l == label))
    }

    /// The kind of one table from its title, else (in a 决算 report) its
    /// label, else, where the title says nothing, its header.
    pub fn read_table(&self, table: &Table, report: Option<Report>) -> Reading<'_> {
        let mut r = self.read_title(&table.title);
        if r.kind.is_some() || r.outside {
            return r;
        }
        if let Some(k) = self.by_label(&table.label, report) {
            r.kind = Some(k);
            r.source = Source::Label;
        } else if r.weak {
            r.kind = self.read_header(&table.header);
            r.source = Source::Header;
        }
        r
    }

    /// The kind of a table from its title and label alone.
    pub fn classify(&self, title: &str, label: &str, report: Option<Report>) -> Option<&Kind> {
        let table = Table {
            title: title.to_string(),
            label: label.to_string(),
            ..Table::default()
        };
        self.read_table(&table, report).kind
    }

    /// The kind of every table of a document, in order. A secondary title
    /// gives way to a primary one of the same kind, and a file that is not
    /// a budget or final-accounts report gets no kinds at all.
    pub fn classify_tables(&self, doc: &Document) -> Vec<Option<&Kind>> {
        let readings: Vec<Reading> = doc
            .tables
            .iter()
            .map(|t| self.read_table(t, doc.report))
            .collect();
        let mut kinds = prefer_primary(&readings);
        if !self.is_report(doc, &kinds) {
            kinds.iter_mut().for_each(|k| *k = None);
        }
        kinds
    }

    /// Whether a document with these table kinds is a budget or final
    /// accounts report by its tables: enough standard kinds, or some with
    /// the wording of a report in its headings and titles.
    fn is_report(&self, doc: &Document, kinds: &[Option<&Kind>]) -> bool {
        let found = distinct(kinds);
        found >= self.report.min_kinds || found > 0 && self.names_report(doc)
    }

    /// Whether a converted file is a budget or final-accounts report:
    /// its tables have standard kinds (given only to a report's), or a part
    /// heading names one (`第一部分 2026年度部门预算情况说明`), as in a
    /// report printed without its tables.
    pub fn is_report_document(&self, sections: &[Section], kinds: &[Option<&Kind>]) -> bool {
        kinds.iter().any(Option::is_some)
            || sections
                .iter()
                .filter(|s| !s.part.is_empty() && s.number.is_empty())
                .any(|s| self.has_report_words(&s.title))
    }

    fn has_report_words(&self, text: &str) -> bool {
        let t = squash(text);
        self.report.words.iter().any(|w| t.contains(w.as_str()))
    }

    fn names_report(&self, doc: &Document) -> bool {
        let titles = doc
            .sections
            .iter()
            .map(|s| s.title.as_str())
            .chain(doc.tables.iter().map(|t| t.title.as_str()))
            .chain(doc.unit.as_deref());
        titles.into_iter().any(|t| self.has_report_words(t))
    }

    /// The standard kinds a document's tables do not have, in catalogue
    /// order.
    pub fn missing<'a>(&'a self, found: &[Option<&Kind>]) -> Vec<&'a str> {
        self.kinds
            .iter()
            .filter(|k| !found.iter().flatten().any(|f| std::ptr::eq(*f, *k)))
            .map(|k| k.id.as_str())
            .collect()
    }
}

fn check_rules(k: &Kind) -> Result<(), CatalogueError> {
    for rule in k.rules.iter().chain(&k.header) {
        if rule.must.is_empty() {
            return Err(CatalogueError::EmptyRule { kind: k.id.clone() });
        }
        if rule.words().any(str::is_empty) {
            return Err(CatalogueError::EmptyWord { kind: k.id.clone() });
        }
    }
    Ok(())
}

/// The kind met with the most words; a tie is no kind.
fn best<'c>(scored: impl Iterator<Item = (&'c Kind, Option<usize>)>) -> Option<&'c Kind> {
    let mut top: Vec<(&Kind, usize)> = scored.filter_map(|(k, s)| Some((k, s?))).collect();
    let max = top.iter().map(|(_, s)| *s).max()?;
    top.retain(|(_, s)| *s == max);
    (top.len() == 1).then(|| top[0].0)
}

/// The kinds of readings, where a secondary title loses its kind to a
/// primary title of the same kind elsewhere in the document.
fn prefer_primary<'c>(readings: &[Reading<'c>]) -> Vec<Option<&'c Kind>> {
    let primary = |id: &str| {
        readings.iter().any(|r| {
            r.source == Source::Title && !r.secondary && r.kind.is_some_and(|k| k.id == id)
        })
    };
    readings
        .iter()
        .map(|r| match r.kind {
            Some(k) if r.source == Source::Title && r.secondary && primary(&k.id) => None,
            k => k,
        })
        .collect()
}

/// How the names of reporting units end: 局, 委员会, 办公厅, 中心, （本级） …
pub(crate) const UNIT_ENDINGS: &[char] = &[
    '局', '委', '会', '厅', '办', '院', '室', '心', '所', '站', '馆', '处', '部', '队', '校', '府',
    '署', '团', '社', '）', ')', '级',
];

fn distinct(kinds: &[Option<&Kind>]) -> usize {
    kinds
        .iter()
        .flatten()
        .map(|k| k.id.as_str())
        .collect::<HashSet<_>>()
        .len()
}

/// A year as titles print it: 2026年, 2026年度, 2026 (glued to a word).
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}(?:年度?)?").expect("valid built-in pattern"));

/// Bracketed qualifiers anywhere in a title: （按功能分类科目）, (一级项目).
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(][^（）()]*[）)]").expect("valid built-in pattern"));

/// A title as its words are read.
struct TitleText {
    /// Whitespace, quotes and the continuation mark removed.
    full: String,
    /// `full` without its bracketed qualifiers: what names the kind.
    core: String,
}

impl TitleText {
    fn of(title: &str) -> TitleText {
        let t = squash(title);
        let t = strip_continued(&t).0;
        let full: String = t
            .chars()
            .filter(|c| !matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '「' | '」'))
            .collect();
        let core = BRACKETED.replace_all(&full, "").into_owned();
        TitleText { full, core }
    }
}

/// The built-in catalogue's text, as compiled in.
const BUILT_IN_TOML: &str = include_str!("catalogue.toml");

/// A short hash of the built-in catalogue: which table kinds, titles and
/// checks a dataset was made with, named in `--version` and in the
/// Parquet files' metadata.
pub fn fingerprint() -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(BUILT_IN_TOML.as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
    fn titles_by_their_words() {
        for (title, want) in [
            ("收入支出决算总表", "income_expense_summary"),
            ("2026年预算单位财务收支预算总表", "income_expense_summary"),
            ("部门综合预算收支总表", "income_expense_summary"),
            ("某大学收支预算总表", "income_expense_summary"),
            ("本年支出总体情况表", "expenditure"),
            ("2026年预算单位收入预算总表", "income"),
            ("财政拨款收入支出决算总表", "fiscal_appropriation_summary"),
            (
                "一般公共预算支出明细表（按支出功能分类科目-不含上年结转）",
                "general_budget_expenditure",
            ),
            (
                "2026年度一般公共预算基本支出经济分类情况表",
                "general_budget_basic_expenditure",
            ),
            ("部门综合预算政府性基金收支表", "gov_fund"),
            ("政府性基金预算财政拨款收入支出决算表", "gov_fund"),
            ("国有资本经营预算支出功能分类预算表", "state_capital"),
            (
                "一般公共预算“三公”经费、会议费、培训费支出表",
                "three_public_expenses",
            ),
            (
                "财政拨款安排的行政经费及“三公”经费预算表",
                "three_public_expenses",
            ),
            (
                "单位“三公”经费和机关运行经费预算表",
                "three_public_expenses",
            ),
        ] {
            assert_eq!(id(title), Some(want), "{title}");
        }
    }

    #[test]
    fn titles_outside_the_nine() {
        for title in [
            "项目支出表",
            "基本支出总表",
            "政府采购支出预算表",
            "一般公共预算机关运行经费支出预算表",
            "一般公共预算项目支出情况表（按经济分类科目）",
            "部门预算项目支出及其他支出预算表",
            "部门整体支出绩效目标表",
            "财政拨款政府购买服务明细表",
            "部门综合预算专项业务经费支出表",
            "部门综合预算财政拨款上年结转资金支出表",
            "培训费明细表",
        ] {
            assert_eq!(id(title), None, "{title}");
        }
    }

    #[test]
    fn a_weak_title_asks_the_header() {
        let c = Catalogue::built_in();
        let table = |title: &str, header: &[&str]| Table {
            title: title.to_string(),
            header: vec![header.iter().map(|h| h.to_string()).collect()],
            ..Table::default()
        };
        let kind = |t: &Table| {
            c.read_table(t, Some(Report::Budget))
                .kind
                .map(|k| k.id.as_str())
        };
        let basic = ["科目编码", "科目名称", "人员经费", "公用经费"];
        assert_eq!(
            kind(&table("", &basic)),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            kind(&table("预算表", &basic)),
            Some("general_budget_basic_expenditure")
        );
        let both = ["科目名称", "人员经费", "公用经费", "项目支出"];
        assert_eq!(kind(&table("", &both)), None);
        assert_eq!(
            kind(&table("培训费明细表", &basic)),
            None,
            "a title that names another table"
        );
        let three = ["合计", "因公出国（境）费", "公务接待费"];
        assert_eq!(kind(&table("", &three)), Some("three_public_expenses"));
    }

    #[test]
    fn a_blank_header_word_is_refused() {
        let kinds = "[[kind]]\nid = \"x\"\ntitles = [\"x表\"]\nblocks = [\"x\"]\n\
                     [[kind.rule]]\nmust = [\"x\"]\n";
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
        assert!(c
            .classify("项目支出决算表", "公开06表", Some(Report::Final))
            .is_none());
    }
}
