//! A bad file gets its own status and message; the other files of the run
//! are converted all the same.

mod common;

use std::fs;

use common::{convert, gongkai, read_csv, root};

#[test]
fn bad_files_are_isolated() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).unwrap();
    fs::copy(
        root().join("samples/006_981192bfd9c0.txt"),
        inputs.join("a_good.txt"),
    )
    .unwrap();
    fs::write(inputs.join("b_empty.txt"), b"").unwrap();
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    fs::write(inputs.join("c_binary.txt"), binary).unwrap();
    let (gbk, _, _) =
        encoding_rs::GB18030.encode("第一部分 概况\n一、主要职能\n负责全市统计工作。\n");
    fs::write(inputs.join("d_no_tables.txt"), gbk).unwrap();
    fs::write(
        inputs.join("e_page.pdf"),
        b"<!DOCTYPE html><html><body>404</body></html>",
    )
    .unwrap();
    fs::write(
        inputs.join("notes.md"),
        b"not a report: not picked up from a folder",
    )
    .unwrap();

    let out = dir.path().join("out");
    let run = convert(&[&inputs], &out, &[]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    for name in [
        "b_empty.txt",
        "c_binary.txt",
        "d_no_tables.txt",
        "e_page.pdf",
    ] {
        assert!(
            stderr.contains(name),
            "stderr does not name {name}: {stderr}"
        );
    }
    assert!(!stderr.contains("a_good.txt"));

    let docs = read_csv(&out.join("documents.csv"));
    let status: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d["doc"].as_str(), d["status"].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("a_good.txt", "ok"),
            ("b_empty.txt", "empty"),
            ("c_binary.txt", "error"),
            ("d_no_tables.txt", "no-tables"),
            ("e_page.pdf", "not-pdf"),
        ]
    );
    let binary = docs.iter().find(|d| d["doc"] == "c_binary.txt").unwrap();
    assert!(
        binary["message"].contains("binary"),
        "{}",
        binary["message"]
    );
    let records = read_csv(&out.join("records.csv"));
    assert!(records.len() > 500);
    assert!(records.iter().all(|r| r["doc"] == "a_good.txt"));
    // A report without tables still has its outline.
    let sections = read_csv(&out.join("sections.csv"));
    assert!(sections
        .iter()
        .any(|s| s["doc"] == "d_no_tables.txt" && s["title"] == "主要职能"));
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let sample = root().join("samples/006_981192bfd9c0.txt");
    assert_eq!(
        convert(&[&sample], &dir.path().join("out"), &["--quiet"])
            .status
            .code(),
        Some(0)
    );
    // An output folder that cannot be created is an output error.
    let blocker = dir.path().join("file");
    fs::write(&blocker, b"x").unwrap();
    let run = convert(&[&sample], &blocker.join("out"), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cannot create output folder"));
    // A missing input and a bad flag are usage errors.
    assert_eq!(
        convert(&[&dir.path().join("nope.txt")], &dir.path().join("o"), &[])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        gongkai(&["convert".as_ref(), "--no-such-flag".as_ref()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn help_describes_every_subcommand() {
    let help = gongkai(&["--help".as_ref()]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("convert"));
    let help = gongkai(&["convert".as_ref(), "--help".as_ref()]);
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in ["--out", "--jobs", "--quiet", "Exit status"] {
        assert!(text.contains(flag), "convert --help lacks {flag}");
    }
}
