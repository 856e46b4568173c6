//! A batch run never loses data: a run with no inputs, a failed run, a
//! run into a folder another run holds and an incomplete set of shards
//! leave the earlier outputs as they were; one cell never stops a corpus.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{check_parquet, convert, gongkai, read_csv, root};

const SAMPLE: &str = "samples/006_981192bfd9c0.txt";

/// A folder holding copies of some samples.
fn inputs(dir: &Path, names: &[&str]) -> PathBuf {
    let input = dir.join("in");
    fs::create_dir_all(&input).unwrap();
    for name in names {
        fs::copy(root().join("samples").join(name), input.join(name)).unwrap();
    }
    input
}

/// Every file under `out`, by path, with its bytes; the state folder
/// with it when `state` is true.
fn snapshot(out: &Path, state: bool) -> BTreeMap<PathBuf, Vec<u8>> {
    walk(out)
        .into_iter()
        .filter(|p| state || !p.starts_with(out.join(".gongkai")))
        .filter(|p| !p.ends_with("lock"))
        .map(|p| {
            (
                p.strip_prefix(out).unwrap().to_path_buf(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn stderr(run: &std::process::Output) -> String {
    String::from_utf8_lossy(&run.stderr).into_owned()
}

#[test]
fn a_run_without_inputs_leaves_the_earlier_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path(), &["006_981192bfd9c0.txt"]);
    let out = dir.path().join("out");
    assert!(convert(&[&input], &out, &["--quiet"]).status.success());
    let before = snapshot(&out, true);

    let empty = dir.path().join("unmounted");
    fs::create_dir(&empty).unwrap();
    let run = convert(&[&empty], &out, &["--quiet"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("no report files"), "{}", stderr(&run));
    assert!(stderr(&run).contains("--allow-empty"));
    assert_eq!(snapshot(&out, true), before);

    let run = convert(&[&empty], &out, &["--quiet", "--allow-empty"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(read_csv(&out.join("records.csv")).is_empty());
    assert!(read_csv(&out.join("documents.csv")).is_empty());
}

fn shard_run(input: &Path, out: &Path, spec: &str) {
    let run = convert(&[input], out, &["--quiet", "--shard", spec]);
    assert!(run.status.success(), "{}", stderr(&run));
}

fn merge(shards: &[&Path], out: &Path) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["merge".as_ref()];
    args.extend(shards.iter().map(|s| s.as_os_str()));
    args.extend(["--out".as_ref(), out.as_os_str(), "--quiet".as_ref()]);
    gongkai(&args)
}

#[test]
fn merge_refuses_an_incomplete_or_mixed_set_of_shards() {
    let dir = tempfile::tempdir().unwrap();
    let samples = root().join("samples");
    let s: Vec<PathBuf> = (1..=3).map(|k| dir.path().join(format!("s{k}"))).collect();
    for (k, out) in s.iter().enumerate() {
        shard_run(&samples, out, &format!("{}/3", k + 1));
    }
    let merged = dir.path().join("merged");
    let short = merge(&[&s[1], &s[2]], &merged);
    assert_eq!(short.status.code(), Some(2));
    assert!(stderr(&short).contains("missing 1/3"), "{}", stderr(&short));
    assert!(!merged.join("records.csv").exists());

    // Shard 1 of a run over other inputs does not complete this one.
    let other = dir.path().join("other1");
    shard_run(&root().join("tests/fixtures/variants"), &other, "1/3");
    let mixed = merge(&[&other, &s[1], &s[2]], &merged);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        stderr(&mixed).contains("different runs"),
        "{}",
        stderr(&mixed)
    );

    let whole = merge(&[&s[0], &s[1], &s[2]], &merged);
    assert!(whole.status.success(), "{}", stderr(&whole));
    assert_eq!(read_csv(&merged.join("documents.csv")).len(), 7);
}

#[test]
fn a_failed_run_leaves_the_earlier_outputs_and_state() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path(), &["006_981192bfd9c0.txt"]);
    let out = dir.path().join("out");
    let flags = ["--format", "csv,parquet,jsonl", "--partition-by", "doc"];
    let first = convert(&[&input], &out, &flags);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&out, true);

    // A file whose name is too long for a partition folder (`doc=` + 252
    // bytes) fails the run after the other file's outputs are written.
    let more = dir.path().join("more");
    fs::create_dir(&more).unwrap();
    fs::copy(
        root().join("samples/005_9d0360014768.txt"),
        more.join(format!("{}.txt", "x".repeat(248))),
    )
    .unwrap();
    let failed = convert(&[&input, &more], &out, &flags);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert_eq!(
        snapshot(&out, true),
        before,
        "the failed run changed the folder"
    );

    let again = convert(&[&input], &out, &flags);
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("1 files (1 ok; 1 reused)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(snapshot(&out, false), snapshot_outputs(&before));
}

fn snapshot_outputs(all: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<PathBuf, Vec<u8>> {
    all.iter()
        .filter(|(p, _)| !p.starts_with(".gongkai"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect()
}

#[test]
fn a_value_the_types_cannot_hold_is_left_out_of_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path(), &["005_9d0360014768.txt"]);
    let text = fs::read_to_string(root().join(SAMPLE)).unwrap();
    fs::write(
        input.join("b.txt"),
        text.replacen("3597.72", "3597.7200005", 1),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = convert(&[&input], &out, &["--format", "csv,parquet,jsonl"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let docs = read_csv(&out.join("documents.csv"));
    let b = docs.iter().find(|d| d["doc"] == "b.txt").unwrap();
    assert!(b["message"].contains("3597.7200005"), "{}", b["message"]);
    let records = read_csv(&out.join("records.csv"));
    assert_eq!(
        b["records"].parse::<usize>().unwrap(),
        records.iter().filter(|r| r["doc"] == "b.txt").count()
    );
    assert!(records.iter().all(|r| r["value"] != "3597.7200005"));
    // Parquet and JSONL hold exactly the rows of the CSV.
    check_parquet(&out);
}

#[test]
fn a_folder_another_run_holds_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = inputs(dir.path(), &["006_981192bfd9c0.txt"]);
    let out = dir.path().join("out");
    let held = gongkai::sink::lock::lock(&out).unwrap();
    let run = convert(&[&input], &out, &["--quiet"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains(&format!("process {}", std::process::id())),
        "{}",
        stderr(&run)
    );
    assert!(!out.join("records.csv").exists());
    drop(held);
    assert!(convert(&[&input], &out, &["--quiet"]).status.success());
}

#[test]
fn validate_reads_a_parquet_only_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("samples");
    let (parquet, csv) = (dir.path().join("p"), dir.path().join("c"));
    assert!(convert(&[&input], &parquet, &["--format", "parquet", "-q"])
        .status
        .success());
    assert!(convert(&[&input], &csv, &["-q"]).status.success());
    for out in [&parquet, &csv] {
        let v = gongkai(&["validate".as_ref(), out.as_os_str(), "-q".as_ref()]);
        assert!(v.status.success(), "{}", stderr(&v));
    }
    let key = |out: &Path| -> Vec<String> {
        read_csv(&out.join("findings.csv"))
            .iter()
            .map(|f| {
                format!(
                    "{} {} {} {} {}",
                    f["doc"], f["table_code"], f["check"], f["row"], f["severity"]
                )
            })
            .collect()
    };
    assert!(!key(&csv).is_empty());
    assert_eq!(key(&parquet), key(&csv));
}

#[test]
fn text_refuses_a_page_past_the_end() {
    let pdf = root().join("samples/004_9c9774e311a1.pdf");
    let run = gongkai(&[
        "text".as_ref(),
        pdf.as_os_str(),
        "--page".as_ref(),
        "999".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("no page 999"), "{}", stderr(&run));
    let ok = gongkai(&[
        "text".as_ref(),
        pdf.as_os_str(),
        "--page".as_ref(),
        "1".as_ref(),
    ]);
    assert!(ok.status.success());
}

#[cfg(unix)]
#[test]
fn symlinks_in_an_input_folder_are_followed_and_loops_skipped() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    fs::copy(root().join(SAMPLE), elsewhere.join("linked.txt")).unwrap();
    fs::copy(
        root().join("samples/005_9d0360014768.txt"),
        input.join("a.txt"),
    )
    .unwrap();
    symlink(elsewhere.join("linked.txt"), input.join("b.txt")).unwrap();
    symlink(&input, input.join("sub/loop")).unwrap();
    symlink(dir.path().join("nowhere.txt"), input.join("c.txt")).unwrap();
    let out = dir.path().join("out");
    let run = convert(&[&input], &out, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let docs: Vec<String> = read_csv(&out.join("documents.csv"))
        .iter()
        .map(|d| d["doc"].clone())
        .collect();
    assert_eq!(docs, ["a.txt", "b.txt"]);
    let err = stderr(&run);
    assert!(err.contains("followed 1 symbolic link(s)"), "{err}");
    assert!(err.contains("symbolic link back to"), "{err}");
    assert!(err.contains("which does not exist"), "{err}");
}

#[test]
fn excel_csv_guards_formulas_and_keeps_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let text = fs::read_to_string(root().join(SAMPLE)).unwrap();
    let name = text
        .lines()
        .find_map(|l| l.split('\t').find(|c| c.contains("一般公共服务支出")))
        .expect("the sample has 一般公共服务支出")
        .to_string();
    let formula = "=HYPERLINK(\"http://example.com\",\"x\")";
    fs::write(input.join("a.txt"), text.replace(&name, formula)).unwrap();
    let (excel, plain) = (dir.path().join("excel"), dir.path().join("plain"));
    assert!(convert(&[&input], &excel, &["--excel", "-q"])
        .status
        .success());
    assert!(convert(&[&input], &plain, &["-q"]).status.success());
    let guarded = read_csv(&excel.join("records.csv"));
    let as_is = read_csv(&plain.join("records.csv"));
    assert!(as_is.iter().any(|r| r["item_name"] == formula));
    assert!(guarded
        .iter()
        .any(|r| r["item_name"] == format!("'{formula}")));
    assert!(guarded.iter().all(|r| !r["item_name"].starts_with('=')));
    // Values stay numbers, the same as without --excel.
    let values = |rows: &[common::Row]| rows.iter().map(|r| r["value"].clone()).collect::<Vec<_>>();
    assert_eq!(values(&guarded), values(&as_is));
}
