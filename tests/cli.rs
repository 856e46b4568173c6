//! The conventions of the command line and the data that travels with a
//! dataset: completions, the manual page, the data dictionary, input
//! patterns, the run summary for schedulers, exit statuses, `value_yuan`,
//! and the README's loading examples run against the samples' output.

mod common;

use std::fs;
use std::process::Command;
use std::str::FromStr;

use common::{convert, gongkai, read_csv, root};
use rust_decimal::Decimal;

fn stdout_of(args: &[&str]) -> String {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    let run = gongkai(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn completions_and_the_manual_are_generated_from_the_arguments() {
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("_gongkai()") && bash.contains("--summary-json"));
    let fish = stdout_of(&["completions", "fish"]);
    assert!(fish.contains("complete -c gongkai"));
    let man = stdout_of(&["man"]);
    assert!(man.contains(".TH gongkai 1") && man.contains("convert"));
}

#[test]
fn version_names_the_catalogue() {
    let version = stdout_of(&["--version"]);
    assert!(version.starts_with(&format!(
        "gongkai {} (catalogue ",
        env!("CARGO_PKG_VERSION")
    )));
}

#[test]
fn the_dictionary_describes_every_column() {
    let dict: serde_json::Value = serde_json::from_str(&stdout_of(&["schema"])).unwrap();
    let records = dict["outputs"]["records"]["columns"].as_array().unwrap();
    let names: Vec<&str> = records
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"value_yuan") && names.contains(&"value"));
    assert!(records
        .iter()
        .all(|c| !c["description"].as_str().unwrap().is_empty()));
    let jsonl: serde_json::Value =
        serde_json::from_str(&stdout_of(&["schema", "--jsonl"])).unwrap();
    let line = &jsonl["outputs"]["records"];
    assert_eq!(line["type"], "object");
    assert_eq!(
        line["properties"]["year"]["type"],
        serde_json::json!(["integer", "null"])
    );
}

#[test]
fn exclude_and_glob_choose_the_inputs_and_the_summary_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let summary = dir.path().join("summary.json");
    let run = convert(
        &[&root().join("samples")],
        &out,
        &[
            "--glob",
            "*.txt",
            "--exclude",
            "005_*.txt",
            "--summary-json",
            summary.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let docs: Vec<String> = read_csv(&out.join("documents.csv"))
        .into_iter()
        .map(|d| d["doc"].clone())
        .collect();
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(docs
        .iter()
        .all(|d| d.ends_with(".txt") && !d.starts_with("005_")));

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(json["files"], 4);
    assert_eq!(json["by_status"]["ok"], 4);
    let records = read_csv(&out.join("records.csv")).len();
    assert_eq!(json["records"], records);
    assert!(json["failed"].as_array().unwrap().is_empty());
    assert!(json["elapsed_seconds"].as_f64().unwrap() >= 0.0);
}

#[test]
fn failed_files_are_named_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("page.pdf"),
        "<!DOCTYPE html><html><body>404</body></html>",
    )
    .unwrap();
    fs::copy(
        root().join("samples/005_9d0360014768.txt"),
        input.join("a.txt"),
    )
    .unwrap();
    let summary = dir.path().join("summary.json");
    let run = convert(
        &[&input],
        &dir.path().join("out"),
        &["--summary-json", summary.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(run.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&summary).unwrap()).unwrap();
    let failed = json["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["status"], "not-pdf");
    assert!(failed[0]["path"].as_str().unwrap().ends_with("page.pdf"));
}

/// 万元 × 10,000 = 元 on every record, in CSV, JSONL and Parquet.
#[test]
fn value_yuan_is_the_value_in_yuan_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let corpus_text: Vec<_> = ["005_9d0360014768.txt", "004_9c9774e311a1.pdf"]
        .iter()
        .map(|n| root().join("samples").join(n))
        .collect();
    let inputs: Vec<&std::path::Path> = corpus_text.iter().map(|p| p.as_path()).collect();
    let run = convert(&inputs, &out, &["--format", "csv,jsonl,parquet", "--quiet"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let records = read_csv(&out.join("records.csv"));
    assert!(records.len() > 100);
    for r in &records {
        let factor = match r["amount_unit"].as_str() {
            "万元" => Decimal::from(10_000),
            "元" => Decimal::ONE,
            other => panic!("unexpected amount unit {other:?}"),
        };
        let value = Decimal::from_str(&r["value"]).unwrap();
        assert_eq!(Decimal::from_str(&r["value_yuan"]).unwrap(), value * factor);
    }
    let lines = fs::read_to_string(out.join("records.jsonl")).unwrap();
    let sum = |key: &str| -> Decimal {
        lines
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                Decimal::from_str(&v[key].to_string()).unwrap()
            })
            .sum()
    };
    assert_eq!(sum("value_yuan"), sum("value") * Decimal::from(10_000));
    let check = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, pyarrow.parquet as pq, pyarrow.compute as pc\n\
             t = pq.read_table(sys.argv[1])\n\
             assert str(t.schema.field('value_yuan').type) == 'decimal128(38, 6)'\n\
             assert t.schema.field('value_yuan').metadata[b'description']\n\
             m = pq.ParquetFile(sys.argv[1]).metadata.metadata\n\
             assert m[b'gongkai.version'] and m[b'gongkai.catalogue']\n\
             bad = [r for r in t.to_pylist() if r['value_yuan'] != r['value'] * 10000]\n\
             assert not bad, bad[:3]\n",
        )
        .arg(out.join("records.parquet"))
        .output()
        .expect("python3 with pyarrow (pip install -r scripts/requirements.txt)");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn the_readme_examples_print_what_the_readme_shows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = convert(
        &[&root().join("samples")],
        &out,
        &["--format", "csv,parquet", "--quiet"],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let check = Command::new("python3")
        .arg(root().join("scripts/check_readme.py"))
        .arg(&out)
        .output()
        .expect("python3 (pip install -r scripts/requirements.txt)");
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}
