//! Row labels, header paths and codes read from small text reports that
//! print them the ways real reports do (tests/fixtures/rows/).

use std::path::PathBuf;

use gongkai::model::Record;
use gongkai::Converted;

fn convert(name: &str) -> Converted {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rows")
        .join(name);
    gongkai::convert_file(&path)
}

/// The records of the table titled `title`.
fn table<'a>(c: &'a Converted, title: &str) -> &'a [Record] {
    let t = c
        .tables
        .iter()
        .find(|t| t.table.title == title)
        .unwrap_or_else(|| panic!("no table {title}"));
    &t.records
}

/// The first record of row `row_no` in `block`, column `column_no`.
fn cell(records: &[Record], block: u32, row_no: u32, column_no: u32) -> &Record {
    records
        .iter()
        .find(|r| r.block == block && r.row_no == row_no && r.column_no == column_no)
        .unwrap_or_else(|| panic!("no cell {block}/{row_no}/{column_no}"))
}

fn names(records: &[Record]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in records {
        if out.last() != Some(&r.item_name) {
            out.push(r.item_name.clone());
        }
    }
    out
}

#[test]
fn the_left_text_column_labels_the_rows_whatever_its_header() {
    let c = convert("labels.txt");
    let basic = table(&c, "基本支出总表");
    assert!(basic.iter().all(|r| r.row_key() != "-"));
    let three = table(&c, "财政拨款“三公”经费支出表");
    assert_eq!(names(three), ["2025年", "2026年", "增减变化"]);
    // Years down a 年度 column label the rows; they are no amounts.
    let change = table(&c, "支出变动情况表");
    assert!(change.iter().all(|r| r.column_name != "年度"));
    assert_eq!(names(change), ["培训支出", "2025", "行政运行", "2025"]);
}

#[test]
fn a_code_and_a_name_in_one_cell_are_split() {
    let c = convert("labels.txt");
    let basic = table(&c, "基本支出总表");
    let coded: Vec<(&str, &str)> = basic
        .iter()
        .filter(|r| r.column_no == 1 && !r.item_code.is_empty())
        .map(|r| (r.item_code.as_str(), r.item_name.as_str()))
        .collect();
    assert_eq!(
        coded,
        [
            ("30101", "基本工资"),
            ("30102", "津贴补贴"),
            ("30101", "基本工资"),
            ("30102", "津贴补贴")
        ]
    );
}

#[test]
fn a_unit_is_a_dimension_of_the_rows_under_it() {
    let c = convert("labels.txt");
    let basic = table(&c, "基本支出总表");
    let wages: Vec<&str> = basic
        .iter()
        .filter(|r| r.item_code == "30101" && r.column_no == 1)
        .map(|r| r.budget_unit.as_str())
        .collect();
    assert_eq!(wages, ["某市水务局（本级）", "某市水文中心"]);

    let spending = table(&c, "支出总表");
    let under: Vec<(&str, String)> = spending
        .iter()
        .filter(|r| r.column_no == 1)
        .map(|r| (r.budget_unit.as_str(), r.row_key()))
        .collect();
    assert_eq!(
        under,
        [
            ("某市水务局（本级）", "某市水务局（本级）".to_string()),
            ("某市水务局（本级）", "201".to_string()),
            ("某市水务局（本级）", "2010601".to_string()),
            ("某市水文中心", "某市水文中心".to_string()),
            ("某市水文中心", "2130301".to_string()),
        ]
    );
    // The unit column is a label, never a value column.
    assert!(spending.iter().all(|r| !r.column_name.contains("预算单位")));
    // A project named with a bracketed qualifier is no unit.
    let projects = table(&c, "项目支出总表");
    let units: Vec<&str> = projects.iter().map(|r| r.budget_unit.as_str()).collect();
    assert!(
        units.iter().all(|u| *u == "某市水务局（本级）"),
        "{units:?}"
    );
    let income = table(&c, "收入总表");
    assert_eq!(
        names(income),
        ["某市水务局", "某市水务局（本级）", "某市水文中心"]
    );
}

#[test]
fn each_amount_column_belongs_to_the_label_column_on_its_left() {
    let c = convert("labels.txt");
    let summary = table(&c, "收支总表");
    let blocks: Vec<(u32, &str, String)> = summary
        .iter()
        .filter(|r| r.row_no == 2)
        .map(|r| (r.block, r.item_name.as_str(), r.value.to_string()))
        .collect();
    assert_eq!(
        blocks,
        [
            (1, "二、事业收入", "20.00".to_string()),
            (2, "二、农林水支出", "120.00".to_string()),
            (3, "二、商品和服务支出", "70.00".to_string()),
            (4, "二、机关商品和服务支出", "70.00".to_string()),
        ]
    );
}

#[test]
fn a_kuan_printed_after_an_item_is_a_kuan() {
    let c = convert("mechanics.txt");
    let t = table(&c, "一般公共预算支出表");
    let codes: Vec<&str> = t
        .iter()
        .filter(|r| r.column_no == 2)
        .map(|r| r.item_code.as_str())
        .collect();
    assert_eq!(
        codes,
        ["208", "20801", "2080101", "2080102", "20805", "2080505"]
    );
}

#[test]
fn a_name_run_into_its_amount_is_split() {
    let c = convert("mechanics.txt");
    let t = table(&c, "一般公共预算支出表");
    let r = cell(t, 1, 6, 1);
    assert_eq!(r.item_name, "机关事业单位基本养老保险缴费支出");
    assert_eq!(r.value.to_string(), "600.00");
}

#[test]
fn every_code_a_row_prints_is_kept_and_touching_numbers_are_no_value() {
    let c = convert("mechanics.txt");
    let t = table(&c, "一般公共预算基本支出表");
    let codes: Vec<(&str, &str, &str, String)> = t
        .iter()
        .map(|r| {
            (
                r.item_code.as_str(),
                r.econ_code_gov.as_str(),
                r.econ_code_dept.as_str(),
                r.value.to_string(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("2010601", "50101", "30102", "57.00".to_string()),
            ("2010601", "50201", "30201", "8.00".to_string()),
        ]
    );
}

#[test]
fn captions_are_no_header_level_and_year_bands_cover_their_columns() {
    let c = convert("mechanics.txt");
    for t in &c.tables {
        for r in &t.records {
            assert!(!r.column_name.contains('：'), "{}", r.column_name);
        }
    }
    let t = table(&c, "“三公”经费支出情况表");
    let columns: Vec<&str> = t.iter().map(|r| r.column_name.as_str()).collect();
    assert_eq!(
        columns,
        [
            "2025年/合计",
            "2025年/公务接待费",
            "2025年/公务用车运行维护费",
            "2026年/合计",
            "2026年/公务接待费",
            "2026年/公务用车运行维护费",
            "增减变化情况/合计",
        ]
    );
}

#[test]
fn counters_are_never_values_and_vertical_headers_read_as_words() {
    let c = convert("mechanics.txt");
    let t = table(&c, "项目支出表");
    let got: Vec<(&str, &str, String)> = t
        .iter()
        .map(|r| {
            (
                r.item_name.as_str(),
                r.column_name.as_str(),
                r.value.to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("档案数字化", "金额", "30.00".to_string()),
            ("库房维护", "金额", "20.00".to_string()),
            ("合计", "金额", "50.00".to_string()),
        ]
    );
}

#[test]
fn the_fields_of_a_form_above_a_table_head_no_column() {
    let c = convert("mechanics.txt");
    let t = table(&c, "项目绩效目标表");
    let got: Vec<(String, &str)> = t
        .iter()
        .map(|r| (r.row_key(), r.column_name.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("产出指标".to_string(), "指标值"),
            ("效益指标".to_string(), "指标值"),
        ]
    );
}

#[test]
fn codes_printed_before_names_in_three_label_columns_are_all_kept() {
    let c = convert("mechanics.txt");
    let t = table(&c, "支出预算明细表");
    let codes: Vec<(&str, &str, &str, &str)> = t
        .iter()
        .map(|r| {
            (
                r.item_code.as_str(),
                r.econ_code_gov.as_str(),
                r.econ_code_dept.as_str(),
                r.item_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("2010601", "50101", "30101", "行政运行"),
            ("2010601", "50201", "30201", "行政运行"),
        ]
    );
}
