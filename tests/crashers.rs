//! Inputs that once ended a whole batch (a panic outside the guard, an
//! overflowing sum, a recursion too deep for a worker's stack) and inputs
//! once refused whole: in a batch each gets its own status row and every
//! other file is still converted.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{convert, gongkai, read_csv, root, Row};
use gongkai::{ConvertError, Options};

fn crashers() -> PathBuf {
    root().join("tests/fixtures/crashers")
}

/// A report whose 收支总表 side lists `n` lines without codes and their
/// 合计: read as breakdowns, each line nests under the one before, as
/// deep as the list is long.
fn long_list(n: usize) -> String {
    let mut text = String::from("收入支出决算总表\n公开01表\t单位：万元\n项目\t金额\n");
    for i in 0..n {
        text.push_str(&format!("收入{i}\t1.00\n"));
    }
    text.push_str(&format!("合计\t{n}.00\n"));
    text
}

/// The crashers, a generated long list, and one good report, in a folder.
fn batch(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    for entry in std::fs::read_dir(crashers()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        std::fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(input.join("long_list.txt"), long_list(20_000)).unwrap();
    let good = root().join("samples/005_9d0360014768.txt");
    std::fs::copy(&good, input.join("good.txt")).unwrap();
    input
}

fn by_doc<'a>(rows: &'a [Row], doc: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["doc"] == doc)
        .unwrap_or_else(|| panic!("no row for {doc}"))
}

#[test]
fn a_batch_of_crashers_gives_each_a_status_and_converts_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let input = batch(dir.path());
    let out = dir.path().join("out");
    let run = convert(&[&input], &out, &["--validate", "--quiet"]);
    let code = run.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let docs = read_csv(&out.join("documents.csv"));
    let names: Vec<String> = std::fs::read_dir(&input)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md"))
        .collect();
    assert_eq!(docs.len(), names.len());
    for name in &names {
        let row = by_doc(&docs, name);
        assert!(!row["message"].contains("internal error"), "{row:?}");
    }

    // The good report converts as it does alone.
    let alone = dir.path().join("alone");
    convert(&[&input.join("good.txt")], &alone, &["--quiet"]);
    let good = by_doc(&docs, "good.txt");
    assert_eq!(good["status"], "ok");
    assert_eq!(
        good["records"],
        by_doc(&read_csv(&alone.join("documents.csv")), "good.txt")["records"]
    );
    assert_ne!(good["records"], "0");

    // The empty table is a table of no records, not a crash.
    let empty = by_doc(&docs, "empty_table.txt");
    assert_eq!(
        (empty["tables"].as_str(), empty["records"].as_str()),
        ("1", "0")
    );

    // UTF-16 with an odd trailing byte: read, the byte named.
    let odd = by_doc(&docs, "utf16_odd_byte.txt");
    assert_eq!(odd["status"], "ok");
    assert!(odd["message"].contains("0x0a"), "{odd:?}");
    assert_ne!(odd["records"], "0");

    // A sum beyond 28 digits is a finding of its own, not a clean file.
    let findings = read_csv(&out.join("findings.csv"));
    let overflow: Vec<&Row> = findings
        .iter()
        .filter(|f| f["doc"] == "amounts_28_digits.txt")
        .collect();
    assert!(
        overflow
            .iter()
            .any(|f| f["check"] == "overflow" && f["severity"] == "error"),
        "{overflow:?}"
    );
    assert!(findings.iter().all(|f| f["check"] != "crashed"));

    // The long list is checked by plain sums and agrees.
    assert_eq!(by_doc(&docs, "long_list.txt")["status"], "ok");
    assert!(findings.iter().all(|f| f["doc"] != "long_list.txt"));
}

#[test]
fn validate_over_an_output_with_overflowing_sums_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = crashers().join("amounts_28_digits.txt");
    convert(&[&input], &out, &["--quiet"]);
    let run = gongkai(&["validate".as_ref(), "--strict".as_ref(), out.as_os_str()]);
    // --strict's status for error findings: the overflow is one.
    assert_eq!(
        run.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let findings = read_csv(&out.join("findings.csv"));
    assert!(findings.iter().any(|f| f["check"] == "overflow"));
}

#[test]
fn a_text_report_past_its_deadline_is_a_timeout_naming_the_stage() {
    let text = long_list(10);
    let options = Options {
        timeout: Some(Duration::ZERO),
    };
    let converted = gongkai::convert_bytes_with(Path::new("r.txt"), text.as_bytes(), &options);
    assert!(
        matches!(converted.outcome, Err(ConvertError::TimedOut { .. })),
        "{:?}",
        converted.outcome
    );
    assert_eq!(converted.status().as_str(), "error");
    assert!(converted.message().contains("decoding the text"));
    assert!(converted.tables.is_empty());
}

#[test]
fn a_line_of_too_many_cells_is_cut_and_named() {
    let mut text = long_list(3);
    text.push_str(&"\t9".repeat(gongkai::MAX_CELLS * 4));
    text.push('\n');
    let converted = gongkai::convert_bytes(Path::new("r.txt"), text.as_bytes());
    assert_eq!(converted.status().as_str(), "ok", "{}", converted.message());
    assert!(
        converted.message().contains(&format!(
            "more than {} tab-separated cells",
            gongkai::MAX_CELLS
        )),
        "{}",
        converted.message()
    );
    let widest = converted
        .tables
        .iter()
        .flat_map(|t| &t.table.rows)
        .map(|r| r.cells.len())
        .max();
    assert!(
        widest.is_some_and(|w| w <= gongkai::MAX_CELLS),
        "{widest:?}"
    );
}
