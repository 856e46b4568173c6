//! `--set name=value` and `--settings` on `gongkai text` and `gongkai
//! debug`: a layout threshold tried without rebuilding, and a clear
//! usage error for a name or value that is not one.

mod common;

use std::ffi::OsStr;
use std::process::Output;

use common::{gongkai, root};

fn run(args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    gongkai(&args)
}

fn report() -> String {
    root()
        .join("tests/fixtures/pdf/report.pdf")
        .display()
        .to_string()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A usage error: exit 2 and the message on stderr.
fn usage_error(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn a_setting_changes_how_the_text_is_read() {
    let file = report();
    let unit = "单位：某某局\t2023年度\t单位：万元";
    let default = stdout(&run(&["text", &file]));
    assert!(default.lines().any(|l| l == unit), "{default}");
    let wide = stdout(&run(&["text", &file, "--set", "cell_gap=1000"]));
    assert!(!wide.contains(unit));
    assert!(wide
        .lines()
        .any(|l| l == "单位：某某局 2023年度 单位：万元"));
}

#[test]
fn an_unknown_name_is_refused_with_the_valid_names() {
    let file = report();
    let err = usage_error(&run(&["text", &file, "--set", "cell_gaps=3"]));
    assert!(err.contains("no layout setting `cell_gaps`"), "{err}");
    assert!(err.contains("ruling_tolerance,") && err.contains(" cell_gap,"));
    let err = usage_error(&run(&["text", &file, "--set", "cell_gap"]));
    assert!(err.contains("name=value"), "{err}");
}

#[test]
fn a_bad_value_is_refused_with_the_valid_names() {
    let file = report();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("never.svg").display().to_string();
    for bad in ["cell_gap=wide", "cell_gap=-1"] {
        let debug = ["debug", &file, "--svg", &svg, "--set", bad];
        let err = usage_error(&run(&debug));
        assert!(err.contains("is not a value for cell_gap"), "{err}");
        assert!(err.contains("margin, min_running_share"), "{err}");
        assert!(!std::path::Path::new(&svg).exists());
    }
}

#[test]
fn the_picture_names_the_settings_it_was_drawn_with() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("p1.svg");
    let svg = svg.display().to_string();
    let file = report();
    stdout(&run(&[
        "debug",
        &file,
        "--svg",
        &svg,
        "--set",
        "overhang=1.5",
    ]));
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(drawn.contains("settings: overhang=1.5"));
    stdout(&run(&["debug", &file, "--svg", &svg]));
    assert!(!std::fs::read_to_string(&svg).unwrap().contains("settings:"));
}

#[test]
fn settings_lists_every_setting_with_the_changes_applied() {
    let listed = stdout(&run(&["text", "--settings", "--set", "overhang=2.5"]));
    assert_eq!(listed.lines().count(), gongkai::layout::NAMES.len());
    assert!(listed
        .lines()
        .any(|l| l.starts_with("overhang = 2.5    # ")));
    assert!(listed.lines().any(|l| l.starts_with("cell_gap = 2    # ")));
    let debug = stdout(&run(&["debug", "--settings"]));
    assert!(debug.lines().any(|l| l.starts_with("overhang = 1    # ")));
}

/// `text` and `debug` run under a deadline as `convert` does: past it, an
/// error naming the file, never a page read in part.
#[test]
fn text_and_debug_give_up_at_their_timeout() {
    let svg = std::env::temp_dir().join(format!("gongkai-timeout-{}.svg", std::process::id()));
    let svg = svg.display().to_string();
    for args in [
        vec!["text", &report(), "--timeout", "0.000001"],
        vec!["debug", &report(), "--svg", &svg, "--timeout", "0.000001"],
    ] {
        let out = usage_error(&run(&args));
        assert!(out.contains("report.pdf"), "{out}");
        assert!(out.contains("ran out") || out.contains("gave up"), "{out}");
    }
    assert!(!std::path::Path::new(&svg).exists());
    let whole = stdout(&run(&["text", &report(), "--timeout", "0"]));
    assert!(whole.contains("一般公共预算财政拨款支出决算表"), "{whole}");
}
