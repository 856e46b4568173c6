//! Arithmetic checks that real data must pass, within the rounding tail
//! (尾差) the reports themselves admit: one unit of the last printed digit
//! (0.01, or 1 where whole 元 are printed) per summand.
//!
//! Published reports contain real errors, and extraction errors look just
//! like them, so every discrepancy is reported with where it is, what was
//! expected and what is printed. Findings are warnings, never failures of
//! the conversion.
//!
//! Whatever the tables hold, the checks do not panic: sums are checked
//! (a sum beyond the 28 digits a `Decimal` holds is an `overflow`
//! finding), and a check that fails inside all the same is a `crashed`
//! finding, so that a file whose checks did not run never reads as clean.

mod across;
mod breakdown;
mod sheet;
mod within;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};

use rust_decimal::Decimal;

use crate::catalogue::{Catalogue, Kind};
use crate::model::{AmountUnit, Record, Report};
use sheet::Sheet;

/// One table's records with what the checks need to know of the table.
#[derive(Clone, Debug)]
pub struct TableView<'c> {
    /// The label, or the title where there is none: how findings name it.
    pub code: String,
    pub title: String,
    pub kind: Option<&'c Kind>,
    pub unit: Option<String>,
    pub amount_unit: Option<AmountUnit>,
    pub records: Vec<Record>,
}

impl TableView<'_> {
    /// How findings name a table: its label, or its title where it has
    /// none.
    pub fn code_of(label: &str, title: &str) -> String {
        if label.is_empty() { title } else { label }.to_string()
    }
}

/// Within the rounding tail, or beyond it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Tail,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Tail => "tail",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rule a finding breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// A parent code equals the sum of its children.
    ParentSum,
    /// A 合计/总计 row equals the sum of its rows.
    TotalRow,
    /// A 合计/小计 column equals the sum of the columns beside it.
    ColumnSum,
    /// 收入总计 equals 支出总计.
    Balance,
    /// A total row equals the sum of the rows of some codes.
    CodeTotal,
    /// The same figure agrees across tables.
    CrossTable,
    /// A figure the 说明 text states agrees with the tables.
    Narrative,
    /// A sum the checks need does not fit in 28 digits: some figure is no
    /// amount, and the check it belongs to could not be made.
    Overflow,
    /// A check failed inside and was not completed.
    Crashed,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Check::ParentSum => "parent_sum",
            Check::TotalRow => "total_row",
            Check::ColumnSum => "column_sum",
            Check::Balance => "balance",
            Check::CodeTotal => "code_total",
            Check::CrossTable => "cross_table",
            Check::Narrative => "narrative",
            Check::Overflow => "overflow",
            Check::Crashed => "crashed",
        }
    }
}

/// A discrepancy: where, what was expected, what is printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub table: String,
    pub check: Check,
    /// The row key (code, L+行次, or name).
    pub row: String,
    /// The 栏次 number of the column, or its place in its block.
    pub column: String,
    pub expected: Decimal,
    pub actual: Decimal,
    pub severity: Severity,
    /// The check in words, e.g. `206 科学技术支出 ≠ Σ 206xx (40.18 vs 40.17)`.
    pub message: String,
}

impl Finding {
    /// `actual - expected`, saturated at the largest `Decimal` where the
    /// two are too far apart for the difference to fit.
    pub fn diff(&self) -> Decimal {
        self.actual.saturating_sub(self.expected)
    }

    /// The finding for a check of `table` that failed inside (`why`).
    pub fn crashed(table: &str, why: &str) -> Finding {
        Finding {
            table: table.to_string(),
            check: Check::Crashed,
            row: "-".to_string(),
            column: String::new(),
            expected: Decimal::ZERO,
            actual: Decimal::ZERO,
            severity: Severity::Error,
            message: format!("a check failed inside and was not completed: {why}"),
        }
    }
}

/// The sum of figures, or `None` where it does not fit in a `Decimal`.
fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// Run one check so that a panic inside it becomes a `crashed` finding of
/// `table` and the other checks still run.
fn run_check(table: &str, out: &mut Vec<Finding>, check: impl FnOnce(&mut Vec<Finding>)) {
    let mut found = Vec::new();
    match panic::catch_unwind(AssertUnwindSafe(|| check(&mut found))) {
        Ok(()) => out.append(&mut found),
        Err(payload) => out.push(Finding::crashed(table, &crate::panic_message(&payload))),
    }
}

/// The rounding tail of a sum of `summands` printed figures.
fn tail(summands: usize) -> Decimal {
    Decimal::new(summands.max(1) as i64, 2)
}

/// The last printed digit of the coarser of two figures: a report that
/// prints whole 元 rounds each figure to 1 元, not 0.01. Never finer than
/// 0.01, so figures printed with more decimals keep the usual tail.
fn printed_unit(expected: Decimal, actual: Decimal) -> Decimal {
    let scale = [expected, actual]
        .iter()
        .filter(|v| !v.is_zero())
        .map(|v| v.scale())
        .min()
        .unwrap_or(2)
        .min(2);
    Decimal::new(1, scale)
}

/// The severity of a difference, or `None` where the figures agree. Two
/// figures too far apart for their difference to fit disagree.
fn judge(expected: Decimal, actual: Decimal, summands: usize) -> Option<Severity> {
    let Some(diff) = actual.checked_sub(expected).map(|d| d.abs()) else {
        return Some(Severity::Error);
    };
    let unit = printed_unit(expected, actual);
    if diff.is_zero() {
        None
    } else if diff <= tail(summands) / Decimal::new(1, 2) * unit {
        Some(Severity::Tail)
    } else {
        Some(Severity::Error)
    }
}

/// Check every table of one document, and the tables against each other
/// and against the figures `narrative` states.
pub fn validate(
    tables: &[TableView],
    narrative: &str,
    report: Option<Report>,
    catalogue: &Catalogue,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut sheets: Vec<Sheet> = Vec::new();
    run_check("-", &mut findings, |_| {
        sheets = tables.iter().map(Sheet::new).collect();
    });
    for sheet in &sheets {
        let kind = sheet.view.kind;
        run_check(&sheet.view.code, &mut findings, |out| {
            within::check(sheet, kind, out)
        });
    }
    let applies = |r: &Option<String>| {
        r.as_deref()
            .is_none_or(|r| Some(r) == report.map(Report::as_str))
    };
    run_check("-", &mut findings, |out| {
        across::identities(
            &sheets,
            catalogue.identities.iter().filter(|i| applies(&i.report)),
            out,
        )
    });
    run_check("-", &mut findings, |out| {
        across::narrative(
            &sheets,
            narrative,
            catalogue.narratives.iter().filter(|n| applies(&n.report)),
            out,
        )
    });
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_that_panics_is_a_crashed_error_finding_and_the_others_run() {
        let mut out = Vec::new();
        run_check("公开01表", &mut out, |_| panic!("index out of bounds"));
        run_check("公开02表", &mut out, |found| {
            found.push(Finding::crashed("公开02表", "stand-in"))
        });
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].check, Check::Crashed);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[0].table, "公开01表");
        assert!(
            out[0].message.contains("index out of bounds"),
            "{}",
            out[0].message
        );
        assert_eq!(out[1].table, "公开02表");
    }

    #[test]
    fn figures_too_far_apart_to_subtract_disagree() {
        assert_eq!(judge(Decimal::MIN, Decimal::MAX, 1), Some(Severity::Error));
        let f = Finding {
            expected: Decimal::MIN,
            actual: Decimal::MAX,
            ..Finding::crashed("t", "-")
        };
        assert_eq!(f.diff(), Decimal::MAX);
    }

    #[test]
    fn whole_yuan_figures_have_a_tail_of_one_yuan() {
        let d = |v: i64, scale: u32| Decimal::new(v, scale);
        assert_eq!(
            judge(d(24840778, 0), d(24840779, 0), 17),
            Some(Severity::Tail)
        );
        assert_eq!(
            judge(d(24840778, 0), d(24840799, 0), 17),
            Some(Severity::Error)
        );
        assert_eq!(judge(d(100, 2), d(120, 2), 1), Some(Severity::Error));
        assert_eq!(
            judge(d(5131706333, 6), d(5131716333, 6), 1),
            Some(Severity::Tail)
        );
    }
}
