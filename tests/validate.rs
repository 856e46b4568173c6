//! Arithmetic findings: none beyond the rounding tail on correct reports,
//! and an altered value pinpointed by code and column.

mod common;

use std::fs;

use common::{convert, gongkai, read_csv, root};

#[test]
fn correct_reports_have_no_error_findings() {
    let out = tempfile::tempdir().unwrap();
    // Reports checked by hand, correct but for rounding tails: the seed,
    // the rendered reports, a real 预算 PDF, the varied text reports.
    let inputs = [
        root().join("samples"),
        root().join("tests/fixtures/variants"),
    ];
    let inputs: Vec<&std::path::Path> = inputs.iter().map(|p| p.as_path()).collect();
    let run = convert(&inputs, out.path(), &["--validate", "--strict", "--quiet"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let findings = read_csv(&out.path().join("findings.csv"));
    assert!(
        findings.iter().all(|f| f["severity"] == "tail"),
        "{findings:?}"
    );
    // The seed really has rounding tails: 20801 prints 160.71 over children adding to 160.70.
    let tail = findings
        .iter()
        .find(|f| f["table_code"] == "公开03表" && f["row"] == "20801" && f["column"] == "1")
        .expect("the seed's 20801 tail");
    assert_eq!(
        (
            tail["expected"].as_str(),
            tail["actual"].as_str(),
            tail["diff"].as_str()
        ),
        ("160.70", "160.71", "0.01")
    );
    assert_eq!(tail["check"], "parent_sum");
}

#[test]
fn an_altered_value_is_pinpointed() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("samples/006_981192bfd9c0.txt")).unwrap();
    let row = "2010508\t统计抽样调查\t202.11\t40.51\t161.60\n";
    assert_eq!(text.matches(row).count(), 1, "the 公开05表 row to alter");
    let altered = dir.path().join("altered.txt");
    fs::write(
        &altered,
        text.replace(row, "2010508\t统计抽样调查\t202.11\t40.51\t171.60\n"),
    )
    .unwrap();

    let out = dir.path().join("out");
    let run = convert(&[&altered], &out, &["--validate", "--strict"]);
    assert_eq!(
        run.status.code(),
        Some(3),
        "--strict fails on an error finding, with the status of findings, not of failed files"
    );
    let findings = read_csv(&out.join("findings.csv"));
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    let at = |check: &str, row: &str, column: &str| {
        errors.iter().find(|f| {
            f["check"] == check
                && f["row"] == row
                && f["column"] == column
                && f["table_code"] == "公开05表"
        })
    };
    let sum = at("column_sum", "2010508", "1").expect("小计 ≠ 基本 + 项目 on the altered row");
    assert_eq!(
        (
            sum["expected"].as_str(),
            sum["actual"].as_str(),
            sum["diff"].as_str()
        ),
        ("212.11", "202.11", "-10.00")
    );
    let parent = at("parent_sum", "20105", "3")
        .expect("the parent of the altered code, in the altered column");
    assert_eq!(
        (parent["expected"].as_str(), parent["actual"].as_str()),
        ("1092.63", "1082.63")
    );
    assert!(
        parent["message"].starts_with("20105 统计信息事务 ≠ Σ 20105xx"),
        "{}",
        parent["message"]
    );
    // Nothing else of the report is flagged.
    assert!(
        errors.iter().all(|f| f["table_code"] == "公开05表"),
        "{errors:?}"
    );

    // `gongkai validate` on the output finds the same.
    let again = dir.path().join("again");
    fs::create_dir(&again).unwrap();
    for name in ["records.csv", "sections.csv"] {
        fs::copy(out.join(name), again.join(name)).unwrap();
    }
    let run = gongkai(&[
        "validate".as_ref(),
        again.as_os_str(),
        "--strict".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(3));
    assert_eq!(
        fs::read_to_string(again.join("findings.csv")).unwrap(),
        fs::read_to_string(out.join("findings.csv")).unwrap()
    );
}

#[test]
fn a_narrative_figure_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("samples/006_981192bfd9c0.txt")).unwrap();
    let stated = "2023年度收、支总计均为3597.72万元";
    assert_eq!(text.matches(stated).count(), 1);
    let altered = dir.path().join("narrative.txt");
    fs::write(
        &altered,
        text.replace(stated, "2023年度收、支总计均为3579.72万元"),
    )
    .unwrap();
    let out = dir.path().join("out");
    convert(&[&altered], &out, &["--validate", "--quiet"]);
    let findings = read_csv(&out.join("findings.csv"));
    let f = findings
        .iter()
        .find(|f| f["check"] == "narrative")
        .expect("narrative finding");
    assert_eq!(
        (
            f["table_code"].as_str(),
            f["expected"].as_str(),
            f["actual"].as_str()
        ),
        ("公开01表", "3597.72", "3579.72")
    );
    assert_eq!(f["severity"], "error");
}

#[test]
fn validate_needs_an_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = gongkai(&["validate".as_ref(), dir.path().as_os_str()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("records.csv"));
}

/// The error findings of one text report, given as the fixture with
/// `from` replaced by `to`.
fn errors_of_altered(fixture: &str, from: &str, to: &str) -> Vec<common::Row> {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("tests/fixtures/findings").join(fixture)).unwrap();
    assert_eq!(text.matches(from).count(), 1, "the line to alter: {from}");
    let input = dir.path().join(fixture);
    fs::write(&input, text.replace(from, to)).unwrap();
    let out = dir.path().join("out");
    convert(&[&input], &out, &["--validate", "--quiet"]);
    let findings = read_csv(&out.join("findings.csv"));
    findings
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .collect()
}

#[test]
fn qizhong_columns_break_their_total_down_and_are_not_added_to_it() {
    // 合计 | 基本支出 | 项目支出 | 其中 (事业单位经营支出, 上缴上级支出): the
    // 其中 columns are parts of what 基本 and 项目 already count; and
    // 小计 | 其中：中小企业 | 其中：小微企业, the second inside the first.
    let qizhong = "2013810\t质量基础\t250.00\t\t250.00\t168.00\t";
    let nested = "184.75\t181.75\t150.00";
    let clean = errors_of_altered("qizhong.txt", qizhong, qizhong);
    assert!(clean.is_empty(), "{clean:?}");
    // A 其中 beyond the total it is a part of is still an error.
    let beyond = errors_of_altered(
        "qizhong.txt",
        qizhong,
        "2013810\t质量基础\t250.00\t\t250.00\t260.00\t",
    );
    let at: Vec<(&str, &str)> = beyond
        .iter()
        .map(|f| (f["table_code"].as_str(), f["row"].as_str()))
        .collect();
    assert!(at.contains(&("表3", "2013810")), "{beyond:?}");
    let beyond = errors_of_altered("qizhong.txt", nested, "184.75\t181.75\t190.00");
    assert_eq!(beyond.len(), 1, "{beyond:?}");
    assert_eq!(beyond[0]["table_code"], "表4");
}

#[test]
fn a_sub_item_printed_without_its_item_counts_under_its_class() {
    // 3010201 and 3010202 stand right under 301, with no 30102 line.
    let line = "3010202\t改革性补贴\t150.00\t150.00\t";
    let clean = errors_of_altered("subitems.txt", line, line);
    assert!(clean.is_empty(), "{clean:?}");
    let short = errors_of_altered(
        "subitems.txt",
        line,
        "3010202\t改革性补贴\t140.00\t140.00\t",
    );
    let at: Vec<(&str, &str)> = short
        .iter()
        .map(|f| (f["check"].as_str(), f["row"].as_str()))
        .collect();
    assert!(at.contains(&("parent_sum", "301")), "{short:?}");
}
