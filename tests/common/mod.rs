//! Helpers shared by the integration tests: run the binary, read its CSV
//! output, and score records against hand-made truth files.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

use rust_decimal::Decimal;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn gongkai(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .expect("run gongkai")
}

/// `gongkai convert INPUTS --out OUT [EXTRA]`.
pub fn convert(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["convert".as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    args.push("--out".as_ref());
    args.push(out.as_os_str());
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    gongkai(&args)
}

pub type Row = HashMap<String, String>;

pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("csv row");
            header
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A table as truth files and records both name it: the label, or an
/// unlabelled table's title without year and quote style.
fn table_id(code: &str, title: &str) -> String {
    let code = squash(code);
    if !code.is_empty() {
        return code;
    }
    let t = squash(title).replace(['“', '”'], "\"");
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let t = t
        .strip_prefix("年度")
        .or_else(|| t.strip_prefix('年'))
        .unwrap_or(t);
    format!("title:{t}")
}

fn value(v: &str) -> String {
    Decimal::from_str(&v.replace(',', ""))
        .map(|d| d.normalize().to_string())
        .unwrap_or_else(|_| v.to_string())
}

/// Cell = (doc, table, row key, column, value).
type Cell = (String, String, String, u32, String);

fn truth_cells(dir: &Path) -> Vec<Cell> {
    let mut cells = Vec::new();
    for entry in std::fs::read_dir(dir).expect("truth dir") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".truth.json") {
            continue;
        }
        let t: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let doc = t["doc"].as_str().unwrap().to_string();
        for table in t["tables"].as_array().unwrap() {
            let id = table_id(
                table["code"].as_str().unwrap_or(""),
                table["title"].as_str().unwrap_or(""),
            );
            for c in table["cells"].as_array().unwrap() {
                cells.push((
                    doc.clone(),
                    id.clone(),
                    c["row"].as_str().unwrap().to_string(),
                    c["col"].as_u64().unwrap() as u32,
                    value(c["value"].as_str().unwrap()),
                ));
            }
        }
    }
    cells
}

fn row_key(r: &Row) -> String {
    if !r["item_code"].is_empty() {
        r["item_code"].clone()
    } else if !r["line_no"].is_empty() {
        format!("L{}", r["line_no"])
    } else if !squash(&r["item_name"]).is_empty() {
        squash(&r["item_name"])
    } else {
        "-".to_string()
    }
}

/// Truth cells missing from the records, and records not in the truth (of
/// the tables the truth lists).
pub struct Score {
    pub truth: usize,
    pub missing: Vec<Cell>,
    pub extra: Vec<Cell>,
}

pub fn score(truth_dir: &Path, out: &Path) -> Score {
    let truth = truth_cells(truth_dir);
    let tables: std::collections::HashSet<(String, String)> =
        truth.iter().map(|c| (c.0.clone(), c.1.clone())).collect();
    let mut pool: BTreeMap<Cell, usize> = BTreeMap::new();
    for r in read_csv(&out.join("records.csv")) {
        let cell = (
            r["doc"].clone(),
            table_id(&r["table_code"], &r["table_title"]),
            row_key(&r),
            r["column_no"].parse().unwrap(),
            value(&r["value"]),
        );
        if tables.contains(&(cell.0.clone(), cell.1.clone())) {
            *pool.entry(cell).or_default() += 1;
        }
    }
    let mut missing = Vec::new();
    for cell in &truth {
        match pool.get_mut(cell) {
            Some(n) if *n > 0 => *n -= 1,
            _ => missing.push(cell.clone()),
        }
    }
    let extra = pool
        .into_iter()
        .flat_map(|(c, n)| std::iter::repeat_n(c, n))
        .collect();
    Score {
        truth: truth.len(),
        missing,
        extra,
    }
}

/// Run `scripts/check_parquet.py OUT`, which reads every Parquet and JSONL
/// output back with pandas, polars, DuckDB and pyarrow and compares it with
/// the CSV; panics with its report if they disagree. Returns its stdout.
pub fn check_parquet(out: &Path) -> String {
    let check = Command::new("python3")
        .arg(root().join("scripts/check_parquet.py"))
        .arg(out)
        .output()
        .expect("python3 (pip install -r scripts/requirements.txt)");
    let stdout = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(
        check.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    stdout
}
