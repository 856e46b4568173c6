//! Dataset building and nightly runs: typed Parquet read back by an
//! independent reader, JSONL, Excel CSV, incremental re-runs, shards and
//! their merge, an interrupted run.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{check_parquet, convert, gongkai, read_csv, root};

fn inputs() -> Vec<PathBuf> {
    vec![
        root().join("samples"),
        root().join("tests/fixtures/variants"),
    ]
}

fn run(out: &Path, extra: &[&str]) -> std::process::Output {
    let inputs = inputs();
    let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let run = convert(&refs, out, extra);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

#[test]
fn parquet_reads_back_with_an_independent_reader() {
    let out = tempfile::tempdir().unwrap();
    run(
        out.path(),
        &["--format", "csv,parquet,jsonl", "--validate", "--quiet"],
    );
    let report = check_parquet(out.path());
    assert!(report.contains("10 Parquet and JSONL outputs agree"));
}

#[test]
fn partitions_read_as_one_dataset() {
    let out = tempfile::tempdir().unwrap();
    run(
        out.path(),
        &[
            "--format",
            "csv,parquet",
            "--partition-by",
            "year,report",
            "--quiet",
        ],
    );
    assert!(out
        .path()
        .join("records/year=2023/report=决算/records-0.parquet")
        .is_file());
    assert!(out
        .path()
        .join("records/year=2026/report=预算/records-0.parquet")
        .is_file());
    assert!(!out.path().join("records.parquet").exists());
    check_parquet(out.path());
}

#[test]
fn jsonl_has_real_types() {
    let out = tempfile::tempdir().unwrap();
    run(out.path(), &["--format", "jsonl", "--quiet"]);
    let text = fs::read_to_string(out.path().join("records.jsonl")).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let from_pdf = rows
        .iter()
        .find(|r| r["doc"] == "004_9c9774e311a1.pdf")
        .unwrap();
    assert!(from_pdf["page"].is_i64());
    let from_text = rows
        .iter()
        .find(|r| r["doc"] == "006_981192bfd9c0.txt")
        .unwrap();
    assert!(from_text["page"].is_null());
    assert!(from_text["year"].is_i64());
    assert!(from_text["value"].is_number());
    assert!(from_text["doc"].is_string());
    // Decimals are written as printed, scale kept.
    assert!(text.contains(r#""value":0.00,"#));
    assert!(!out.path().join("records.csv").exists());
}

#[test]
fn excel_csv_starts_with_a_bom() {
    let out = tempfile::tempdir().unwrap();
    run(out.path(), &["--excel", "--quiet"]);
    let bytes = fs::read(out.path().join("records.csv")).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbfdoc,doc_id,"));
    let plain = tempfile::tempdir().unwrap();
    run(plain.path(), &["--quiet"]);
    assert!(fs::read(plain.path().join("records.csv"))
        .unwrap()
        .starts_with(b"doc,doc_id,"));
}

fn summary(run: &std::process::Output) -> String {
    String::from_utf8_lossy(&run.stderr)
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

#[test]
fn reruns_reuse_unchanged_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    for name in [
        "005_9d0360014768.txt",
        "006_981192bfd9c0.txt",
        "012_005bbe750374.txt",
    ] {
        fs::copy(root().join("samples").join(name), input.join(name)).unwrap();
    }
    let out = dir.path().join("out");
    let go = || {
        let run = convert(&[&input], &out, &["--format", "csv,parquet"]);
        assert!(run.status.success());
        run
    };
    assert!(summary(&go()).contains("3 files (3 ok; 0 reused)"));
    let before = fs::read(out.join("records.parquet")).unwrap();
    assert!(summary(&go()).contains("3 files (3 ok; 3 reused)"));
    assert_eq!(fs::read(out.join("records.parquet")).unwrap(), before);

    // A changed file is converted again, the others reused.
    let changed = input.join("006_981192bfd9c0.txt");
    let text = fs::read_to_string(&changed)
        .unwrap()
        .replace("3597.72", "3597.73");
    fs::write(&changed, text).unwrap();
    assert!(summary(&go()).contains("3 files (3 ok; 2 reused)"));
    let records = read_csv(&out.join("records.csv"));
    assert!(records
        .iter()
        .any(|r| r["doc"] == "006_981192bfd9c0.txt" && r["value"] == "3597.73"));

    // A removed file is dropped from every output.
    fs::remove_file(input.join("012_005bbe750374.txt")).unwrap();
    assert!(summary(&go()).contains("2 files (2 ok; 2 reused)"));
    let docs = read_csv(&out.join("documents.csv"));
    assert_eq!(docs.len(), 2);
    assert!(read_csv(&out.join("records.csv"))
        .iter()
        .all(|r| r["doc"] != "012_005bbe750374.txt"));

    // --fresh converts everything again.
    let run = convert(&[&input], &out, &["--format", "csv,parquet", "--fresh"]);
    assert!(summary(&run).contains("2 files (2 ok; 0 reused)"));
}

#[test]
fn merged_shards_equal_a_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let flags = ["--format", "csv,parquet,jsonl", "--validate", "--quiet"];
    let whole = dir.path().join("whole");
    run(&whole, &flags);
    let mut shards: Vec<PathBuf> = Vec::new();
    for k in 1..=3 {
        let shard = dir.path().join(format!("shard{k}"));
        let spec = format!("{k}/3");
        let mut args = flags.to_vec();
        args.extend(["--shard", &spec]);
        run(&shard, &args);
        shards.push(shard);
    }
    // Each shard holds a third of the files.
    let counts: Vec<usize> = shards
        .iter()
        .map(|s| read_csv(&s.join("documents.csv")).len())
        .collect();
    assert_eq!(counts, [4, 3, 3]);

    let merged = dir.path().join("merged");
    let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref()];
    args.extend(shards.iter().map(|s| s.as_os_str()));
    args.extend(["--out".as_ref(), merged.as_os_str()]);
    args.extend(flags.iter().map(std::ffi::OsStr::new));
    let m = gongkai(&args);
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    for name in ["records", "documents", "sections", "tables", "findings"] {
        for ext in ["csv", "parquet", "jsonl"] {
            let file = format!("{name}.{ext}");
            assert!(
                fs::read(whole.join(&file)).unwrap() == fs::read(merged.join(&file)).unwrap(),
                "{file} of the merged shards differs from the whole run"
            );
        }
    }
    // Shards that overlap are refused.
    let twice = gongkai(&[
        "merge".as_ref(),
        shards[0].as_os_str(),
        shards[0].as_os_str(),
        "--out".as_ref(),
        dir.path().join("bad").as_os_str(),
    ]);
    assert_eq!(twice.status.code(), Some(2));
}

#[test]
fn a_killed_run_leaves_the_previous_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    let big = dir.path().join("big");
    fs::create_dir(&small).unwrap();
    fs::create_dir(&big).unwrap();
    let sample = fs::read_to_string(root().join("samples/006_981192bfd9c0.txt")).unwrap();
    fs::write(small.join("a.txt"), &sample).unwrap();
    for i in 0..400 {
        // Each copy differs, so none is a repeat of another.
        fs::write(
            big.join(format!("r{i:04}.txt")),
            format!("{sample}\n备注：{i}\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    assert!(convert(&[&small], &out, &["--quiet"]).status.success());
    let before: Vec<(String, Vec<u8>)> =
        ["records.csv", "documents.csv", "sections.csv", "tables.csv"]
            .iter()
            .map(|n| (n.to_string(), fs::read(out.join(n)).unwrap()))
            .collect();

    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "convert".as_ref(),
            big.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--quiet".as_ref(),
            "--jobs".as_ref(),
            "1".as_ref(),
        ])
        .spawn()
        .unwrap();
    // Kill it once it has stored some documents but not finished.
    let state = out.join(".gongkai");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let stored = fs::read_dir(&state)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|d| fs::read_dir(d.path()).map(|r| r.count()).unwrap_or(0))
            .sum::<usize>();
        if stored > 40 || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    for (name, bytes) in &before {
        assert!(
            &fs::read(out.join(name)).unwrap() == bytes,
            "{name} changed by the killed run"
        );
    }

    let again = convert(&[&big], &out, &[]);
    assert!(again.status.success());
    let line = summary(&again);
    assert!(line.starts_with("400 files (400 ok;"), "{line}");
    assert!(
        !line.contains("; 0 reused"),
        "what the killed run did is reused: {line}"
    );
    assert_eq!(read_csv(&out.join("documents.csv")).len(), 400);
    let leftovers = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
}
