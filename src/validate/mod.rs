//! Arithmetic checks that real data must pass, within the rounding tail
//! (尾差) the reports themselves admit: one unit of the last printed digit
//! (0.01, or 1 where whole 元 are printed) per summand.
//!
//! Published reports contain real errors, and extraction errors look just
//! like them, so every discrepancy is reported with where it is, what was
//! expected and what is printed. Findings are warnings, never failures of
//! the conversion.

mod across;
mod breakdown;
mod sheet;
mod within;

use std::fmt;

use rust_decimal::Decimal;

use crate::catalogue::Catalogue;
use crate::model::{AmountUnit, Record, Report};
use sheet::Sheet;

/// One table's records with what the checks need to know of the table.
#[derive(Clone, Debug)]
pub struct TableView {
    /// The label, or the title where there is none: how findings name it.
    pub code: String,
    pub title: String,
    pub kind: Option<String>,
    pub unit: Option<String>,
    pub amount_unit: Option<AmountUnit>,
    pub records: Vec<Record>,
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
    pub fn diff(&self) -> Decimal {
        self.actual - self.expected
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

/// The severity of a difference, or `None` where the figures agree.
fn judge(expected: Decimal, actual: Decimal, summands: usize) -> Option<Severity> {
    let diff = (actual - expected).abs();
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
    let sheets: Vec<Sheet> = tables.iter().map(Sheet::new).collect();
    let mut findings = Vec::new();
    for sheet in &sheets {
        let kind = sheet.view.kind.as_deref().and_then(|k| catalogue.kind(k));
        within::check(sheet, kind, &mut findings);
    }
    let applies = |r: &Option<String>| {
        r.as_deref()
            .is_none_or(|r| Some(r) == report.map(Report::as_str))
    };
    across::identities(
        &sheets,
        catalogue.identities.iter().filter(|i| applies(&i.report)),
        &mut findings,
    );
    across::narrative(
        &sheets,
        narrative,
        catalogue.narratives.iter().filter(|n| applies(&n.report)),
        &mut findings,
    );
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

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
