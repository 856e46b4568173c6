//! Table kinds read from titles in every printed form, what each file is
//! (a report or not, which standard tables it has), and the catalogue's
//! checks when it loads.

mod common;

use common::{convert, read_csv, root, Row};
use gongkai::catalogue::{Catalogue, CatalogueError};

fn converted() -> (Vec<Row>, Vec<Row>) {
    let out = tempfile::tempdir().unwrap();
    let run = convert(
        &[&root().join("tests/fixtures/kinds")],
        out.path(),
        &["--quiet"],
    );
    let err = String::from_utf8_lossy(&run.stderr);
    // The report printed without its tables is `no-tables`; nothing else fails.
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("narrative_only.txt: no-tables"), "{err}");
    (
        read_csv(&out.path().join("documents.csv")),
        read_csv(&out.path().join("tables.csv")),
    )
}

fn of<'a>(rows: &'a [Row], doc: &str) -> Vec<&'a Row> {
    rows.iter().filter(|r| r["doc"] == doc).collect()
}

#[test]
fn every_label_and_title_form_gets_its_kind() {
    let (_, tables) = converted();
    let got: Vec<(&str, &str)> = of(&tables, "budget_report.txt")
        .iter()
        .map(|t| (t["table_code"].as_str(), t["table_kind"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("表1", "income_expense_summary"),
            ("表2", "income"),
            ("附表3", "expenditure"),
            ("表四", "fiscal_appropriation_summary"),
            ("表5", "general_budget_expenditure"),
            // The 经济 twin of 表5 gives way to it.
            ("表6", ""),
            // The only 基本支出 table keeps its kind though it is by 经济分类.
            ("表7", "general_budget_basic_expenditure"),
            ("表8", "three_public_expenses"),
            // 项目支出 is outside the standard nine.
            ("表9", ""),
        ],
        "the 目录 lists titles; it must not add tables"
    );
}

#[test]
fn wrapped_titles_are_joined() {
    let (_, tables) = converted();
    let titles: Vec<&str> = of(&tables, "budget_report.txt")
        .iter()
        .map(|t| t["table_title"].as_str())
        .collect();
    assert!(titles.contains(&"一般公共预算拨款“三公”经费、会议费、培训费支出预算表"));
    assert!(titles.contains(&"一般公共预算支出明细表（按支出功能分类科目-不含上年结转）"));
    assert!(titles.contains(&"一般公共预算支出明细表（按支出经济分类科目）"));
    assert_eq!(titles[0], "2026年部门综合预算收支总表");
}

#[test]
fn documents_say_what_each_file_is() {
    let (docs, _) = converted();
    let report = of(&docs, "budget_report.txt")[0];
    assert_eq!(report["is_report"], "true");
    assert_eq!(report["kinds"], "7/9");
    assert_eq!(
        report["message"],
        "standard tables not found: gov_fund, state_capital"
    );
    assert_eq!(report["unit"], "某市交通运输局", "the unit above 部门预算");
    assert_eq!(report["year"], "2026");

    let narrative = of(&docs, "narrative_only.txt")[0];
    assert_eq!(
        narrative["is_report"], "true",
        "its part heading names a 部门预算"
    );
    assert_eq!(narrative["kinds"], "0/9");

    let notice = of(&docs, "notice.txt")[0];
    assert_eq!(notice["status"], "ok");
    assert_eq!(notice["is_report"], "false");
    assert_eq!(notice["kinds"], "0/9");
    assert!(notice["message"].contains("not a budget or final-accounts report"));
}

#[test]
fn a_file_that_is_not_a_report_gets_no_standard_kind() {
    let (_, tables) = converted();
    let notice = of(&tables, "notice.txt");
    assert_eq!(notice.len(), 1);
    assert_eq!(notice[0]["table_title"], "2025年全市财政收支情况表");
    assert_eq!(notice[0]["table_kind"], "");
}

const KIND: &str = r#"
[[kind]]
id = "income"
titles = ["收入总表"]
blocks = ["收入"]

[[kind.rule]]
must = ["收入"]
never = ["支出"]
"#;

#[test]
fn the_catalogue_loads_and_reads_its_own_titles() {
    let c = Catalogue::from_toml(KIND).unwrap();
    let title = c.read_title("2026年某局收入预算总表");
    assert_eq!(title.kind.map(|k| k.id.as_str()), Some("income"));
    assert!(c.read_title("收入支出总表").kind.is_none());
}

#[test]
fn a_misspelt_key_is_rejected() {
    let typo = KIND.replace("never =", "nevr =");
    let err = Catalogue::from_toml(&typo).unwrap_err();
    assert!(matches!(err, CatalogueError::Toml(_)), "{err}");
    assert!(err.to_string().contains("nevr"), "{err}");
}

#[test]
fn a_check_on_an_unknown_kind_is_rejected() {
    let text = format!(
        "{KIND}\n[[identity]]\ncheck = \"收入 = 收支\"\nleft = {{ kind = \"income\", row = \"合计\" }}\nright = {{ kind = \"incme_expense_summary\", row = \"合计\" }}\n"
    );
    match Catalogue::from_toml(&text).unwrap_err() {
        CatalogueError::UnknownKind { kind, .. } => assert_eq!(kind, "incme_expense_summary"),
        err => panic!("{err}"),
    }
}

#[test]
fn a_title_its_rules_do_not_read_is_rejected() {
    let text = KIND.replace("[\"收入总表\"]", "[\"收入总表\", \"收入支出总表\"]");
    match Catalogue::from_toml(&text).unwrap_err() {
        CatalogueError::TitleMismatch { title, .. } => assert_eq!(title, "收入支出总表"),
        err => panic!("{err}"),
    }
}

#[test]
fn a_rule_without_words_is_rejected() {
    let text = KIND.replace("must = [\"收入\"]", "must = []");
    assert!(matches!(
        Catalogue::from_toml(&text).unwrap_err(),
        CatalogueError::EmptyRule { .. }
    ));
}

#[test]
fn a_kind_defined_twice_is_rejected() {
    let text = format!("{KIND}{KIND}");
    assert!(matches!(
        Catalogue::from_toml(&text).unwrap_err(),
        CatalogueError::DuplicateKind(id) if id == "income"
    ));
}
