//! `gongkai convert` on the real and rendered text reports of `samples/`
//! and `tests/fixtures/`: every cell of the hand-made truth, and no more.

mod common;

use common::{convert, read_csv, root, score};

fn assert_perfect(inputs: &std::path::Path, truth: &std::path::Path) {
    let out = tempfile::tempdir().unwrap();
    let run = convert(&[inputs], out.path(), &["--quiet"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let s = score(truth, out.path());
    assert!(s.truth > 0);
    assert!(
        s.missing.is_empty(),
        "{} of {} truth cells missing, e.g. {:?}",
        s.missing.len(),
        s.truth,
        &s.missing[..s.missing.len().min(5)]
    );
    assert!(
        s.extra.is_empty(),
        "{} cells not in the truth, e.g. {:?}",
        s.extra.len(),
        &s.extra[..s.extra.len().min(5)]
    );
}

#[test]
fn samples_match_their_truth() {
    assert_perfect(
        &root().join("samples"),
        &root().join("tests/fixtures/samples-truth"),
    );
}

#[test]
fn varied_reports_match_their_truth() {
    let dir = root().join("tests/fixtures/variants");
    assert_perfect(&dir, &dir);
}

fn seed_records() -> Vec<common::Row> {
    let out = tempfile::tempdir().unwrap();
    let seed = root().join("samples/2023年度焦作市人力资源社会保障电子政务中心单位决算.txt");
    let run = convert(&[&seed], out.path(), &["--quiet"]);
    assert!(run.status.success());
    read_csv(&out.path().join("records.csv"))
}

fn find<'a>(records: &'a [common::Row], table: &str, key: &str, col: &str) -> &'a common::Row {
    records
        .iter()
        .find(|r| {
            r["table_code"] == table
                && [
                    r["item_code"].clone(),
                    format!("L{}", r["line_no"]),
                    r["item_name"].clone(),
                ]
                .contains(&key.to_string())
                && r["column_no"] == col
        })
        .unwrap_or_else(|| panic!("no record {table} {key} {col}"))
}

#[test]
fn seed_records_as_printed() {
    let records = seed_records();
    let r = find(&records, "公开01表", "L1", "1");
    assert_eq!(r["value"], "217.46");
    assert_eq!(r["item_name"], "一、一般公共预算财政拨款收入");
    assert_eq!(r["column_name"], "收入/决算数");
    assert_eq!(r["block"], "1");
    assert_eq!(r["table_kind"], "income_expense_summary");
    assert_eq!(r["unit"], "焦作市人力资源社会保障电子政务中心");
    assert_eq!(r["year"], "2023");
    assert_eq!(r["report"], "决算");
    assert_eq!(r["amount_unit"], "万元");
    assert_eq!(r["page"], "");
    assert_eq!(r["doc_id"].len(), 16);

    let r = find(&records, "公开01表", "L58", "2");
    assert_eq!((r["value"].as_str(), r["block"].as_str()), ("217.48", "2"));

    let r = find(&records, "公开06表", "30199", "1");
    assert_eq!(r["value"], "51.69");
    assert_eq!(r["table_kind"], "general_budget_basic_expenditure");
    let r = find(&records, "公开06表", "公用经费合计", "1");
    assert_eq!((r["value"].as_str(), r["block"].as_str()), ("8.83", "3"));

    let r = find(&records, "公开09表", "", "1");
    assert_eq!(r["value"], "0.20");
    let r = find(&records, "公开09表", "", "10");
    assert_eq!(
        r["column_name"],
        "决算数/公务用车购置及运行维护费/公务用车购置费"
    );

    let r = find(&records, "公开05表", "合计", "2");
    assert_eq!(r["value"], "164.76");
    assert_eq!(r["column_name"], "本年支出/基本支出");
    let r = find(&records, "公开05表", "2080505", "1");
    assert_eq!(r["item_name"], "机关事业单位基本养老保险缴费支出");
}

#[test]
fn page_breaks_do_not_split_tables() {
    let records = seed_records();
    let rows_06: std::collections::BTreeSet<u32> = records
        .iter()
        .filter(|r| r["table_code"] == "公开06表")
        .map(|r| r["row_no"].parse().unwrap())
        .collect();
    // 23 rows before the repeated header, 6 after it, numbered as one table.
    assert_eq!(rows_06.len(), 29);
    assert_eq!(rows_06.iter().max(), Some(&29));
}

#[test]
fn sections_and_tables_outputs() {
    let out = tempfile::tempdir().unwrap();
    let seed = root().join("samples/2023年度焦作市人力资源社会保障电子政务中心单位决算.txt");
    assert!(convert(&[&seed], out.path(), &["--quiet"]).status.success());
    let sections = read_csv(&out.path().join("sections.csv"));
    assert_eq!(sections.len(), 29);
    let s = sections.iter().find(|s| s["title"] == "单位职责").unwrap();
    assert_eq!(
        (s["part"].as_str(), s["section"].as_str()),
        ("第一部分", "一、")
    );
    assert!(s["text"].starts_with("参与拟定并贯彻执行"));
    // The 名词解释 entries are numbered like sections but are not in the 目录.
    assert!(!sections
        .iter()
        .any(|s| s["title"].starts_with("财政拨款收入：")));

    let tables = read_csv(&out.path().join("tables.csv"));
    let empty: Vec<&str> = tables
        .iter()
        .filter(|t| t["empty"] == "true")
        .map(|t| t["table_code"].as_str())
        .collect();
    assert_eq!(empty, ["公开07表", "公开08表"]);
    // The appendix comes out generically, keyed by its title.
    let appendix = tables
        .iter()
        .find(|t| t["table_title"] == "项目单位自评汇总表")
        .unwrap();
    assert_eq!(appendix["table_kind"], "");

    let docs = read_csv(&out.path().join("documents.csv"));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["status"], "ok");
    assert_eq!(docs[0]["tables"], "10");
    assert_eq!(docs[0]["format"], "text");
}

#[test]
fn same_output_whatever_the_thread_count() {
    let samples = root().join("samples");
    let variants = root().join("tests/fixtures/variants");
    let one = tempfile::tempdir().unwrap();
    let four = tempfile::tempdir().unwrap();
    assert!(convert(
        &[&samples, &variants],
        one.path(),
        &["--jobs", "1", "--quiet"]
    )
    .status
    .success());
    assert!(convert(
        &[&samples, &variants],
        four.path(),
        &["--jobs", "4", "--quiet"]
    )
    .status
    .success());
    for name in ["records.csv", "documents.csv", "sections.csv", "tables.csv"] {
        let a = std::fs::read(one.path().join(name)).unwrap();
        let b = std::fs::read(four.path().join(name)).unwrap();
        assert!(a.len() > 100, "{name} is nearly empty");
        assert!(a == b, "{name} differs between --jobs 1 and --jobs 4");
    }
    let leftovers: Vec<_> = std::fs::read_dir(one.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

/// A text report typed with full-width digits and a radical-form
/// character reads as the same report in plain characters would.
#[test]
fn full_width_figures_in_a_text_report_are_values() {
    let text = "支出决算表\n\
        单位：万元\n\
        科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\n\
        \t栏次\t1\t2\t3\n\
        \t合计\t２０２．１１\t２００．００\t２．１１\n\
        ２０１\t⼀般公共服务⽀出\t２０２．１１\t２００．００\t２．１１\n";
    let converted = gongkai::convert_bytes(std::path::Path::new("r.txt"), text.as_bytes());
    assert_eq!(converted.status().as_str(), "ok", "{}", converted.message());
    let records: Vec<&gongkai::model::Record> =
        converted.tables.iter().flat_map(|t| &t.records).collect();
    let row = |code: &str| {
        records
            .iter()
            .filter(|r| r.item_code == code)
            .map(|r| (r.column_no, r.value.to_string()))
            .collect::<Vec<_>>()
    };
    let want = vec![
        (1, "202.11".to_string()),
        (2, "200.00".to_string()),
        (3, "2.11".to_string()),
    ];
    assert_eq!(row("201"), want, "{records:?}");
    let named = records.iter().find(|r| r.item_code == "201");
    assert_eq!(
        named.map(|r| r.item_name.as_str()),
        Some("一般公共服务支出")
    );
}
