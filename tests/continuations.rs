//! Tables that go on over pages (fixtures made by
//! scripts/make_continuation_fixtures.py): a 支出总表 whose rows go on bare
//! under a running head, or under its repeated title and header, drawn
//! ruled, unruled, or with fewer rulings on the second page. Each must come
//! out as one table, every row in it, every value under its own header,
//! and the arithmetic of the table holding.

mod common;

use std::path::PathBuf;

use common::{convert, read_csv, root, Row};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/continuations").join(name)
}

/// The tables, records and findings of one fixture converted with
/// `--validate`.
fn converted(name: &str) -> (Vec<Row>, Vec<Row>, Vec<Row>) {
    let out = tempfile::tempdir().unwrap();
    let output = convert(&[&fixture(name)], out.path(), &["--validate"]);
    assert!(
        output.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |f: &str| read_csv(&out.path().join(f));
    (
        read("tables.csv"),
        read("records.csv"),
        read("findings.csv"),
    )
}

/// The value of one cell: row `code`, column `column`.
fn value(records: &[Row], code: &str, column: &str) -> Option<String> {
    records
        .iter()
        .find(|r| r["item_code"] == code && r["column_name"] == column)
        .map(|r| r["value"].clone())
}

/// One 支出总表 with all 22 data rows (合计 and 21 codes), nothing else.
/// (A file of one table is no report, so the table has no standard kind.)
fn assert_one_table(name: &str, tables: &[Row]) {
    let titles: Vec<(&str, &str)> = tables
        .iter()
        .map(|t| (t["table_title"].as_str(), t["data_rows"].as_str()))
        .collect();
    assert_eq!(titles, [("支出总表", "22")], "{name}");
}

fn assert_no_errors(name: &str, findings: &[Row]) {
    let errors: Vec<&String> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| &f["message"])
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
}

#[test]
fn rows_going_on_under_a_running_head_stay_in_their_table() {
    let (tables, records, findings) = converted("running_heads.pdf");
    assert_one_table("running_heads.pdf", &tables);
    assert_no_errors("running_heads.pdf", &findings);
    // Rows of page 3, after two page breaks, under the first page's header.
    let last = records
        .iter()
        .find(|r| r["item_code"] == "2210201" && r["column_name"] == "基本支出")
        .expect("2210201 基本支出");
    assert_eq!(
        (last["value"].as_str(), last["page"].as_str()),
        ("14.90", "3")
    );
    assert!(records.iter().all(|r| !r["item_name"].contains("预算公开")));
}

#[test]
fn unruled_continuation_keeps_values_under_their_header() {
    let (tables, records, findings) = converted("unruled_blank.pdf");
    assert_one_table("unruled_blank.pdf", &tables);
    assert_no_errors("unruled_blank.pdf", &findings);
    // Page 2 prints no 基本支出 at all: its 项目支出 stays 项目支出.
    assert_eq!(
        value(&records, "2140106", "项目支出").as_deref(),
        Some("250.00")
    );
    assert_eq!(value(&records, "2140106", "基本支出"), None);
    // Page 1, a row with 基本支出 blank.
    assert_eq!(
        value(&records, "2010302", "项目支出").as_deref(),
        Some("35.20")
    );
}

#[test]
fn a_value_in_a_cell_drawn_over_two_columns_stays_in_its_own() {
    let (tables, records, findings) = converted("fewer_rulings.pdf");
    assert_one_table("fewer_rulings.pdf", &tables);
    assert_no_errors("fewer_rulings.pdf", &findings);
    assert_eq!(
        value(&records, "2140112", "项目支出").as_deref(),
        Some("42.10")
    );
    assert_eq!(value(&records, "2140112", "基本支出"), None);
    assert_eq!(
        value(&records, "2210201", "基本支出").as_deref(),
        Some("14.90")
    );
}

#[test]
fn debug_picture_shows_the_furniture_dropped_and_the_table_joined() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("p2.svg");
    let output = common::gongkai(&[
        "debug".as_ref(),
        fixture("running_heads.pdf").as_os_str(),
        "--page".as_ref(),
        "2".as_ref(),
        "--svg".as_ref(),
        svg.as_os_str(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    // The running head and the page foot, beside the legend's swatch.
    assert_eq!(text.matches(r##"stroke="#e07b00""##).count(), 3);
    // The table, beside the legend's swatch.
    assert_eq!(text.matches(r##"stroke="#8e44ad""##).count(), 2);
    assert!(text.contains("goes on from page 1"), "no note of the join");
    assert!(text.contains("支出总表"), "no note of the table's title");
}

#[test]
fn forms_under_one_title_stay_apart_and_a_continued_table_joins() {
    let out = tempfile::tempdir().unwrap();
    let output = convert(&[&fixture("forms.txt")], out.path(), &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tables = read_csv(&out.path().join("tables.csv"));
    let shown: Vec<(&str, &str)> = tables
        .iter()
        .map(|t| (t["table_title"].as_str(), t["data_rows"].as_str()))
        .collect();
    // Each form opens with its own 项目名称 row: a table of its own. The
    // 支出总表 goes on under its title marked 续 and its header again.
    assert_eq!(
        shown,
        [
            ("项目支出绩效目标表", "2"),
            ("项目支出绩效目标表", "2"),
            ("支出总表", "3")
        ]
    );
}

#[test]
fn rows_going_on_under_the_lines_printed_above_the_table_stay_in_it() {
    let out = tempfile::tempdir().unwrap();
    let output = convert(
        &[&fixture("repeated_lines.txt")],
        out.path(),
        &["--validate"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tables = read_csv(&out.path().join("tables.csv"));
    // Whatever the line over the rows says, printed again it is the same
    // table going on: one table of 合计 and four codes.
    let rows: Vec<&str> = tables.iter().map(|t| t["data_rows"].as_str()).collect();
    assert_eq!(rows, ["5"]);
    let findings = read_csv(&out.path().join("findings.csv"));
    assert_no_errors("repeated_lines.txt", &findings);
}
