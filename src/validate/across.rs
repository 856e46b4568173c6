//! Checks between tables, and between the tables and the 说明 text: the
//! same figure printed twice must agree.

use rust_decimal::Decimal;

use super::sheet::{BlockView, Sheet};
use super::{judge, Check, Finding};
use crate::catalogue::{Identity, Narrative, Selector};
use crate::text::{number, squash};
use std::str::FromStr;

/// The figures a selector picks from one table, in 万元, by row name.
struct Picked {
    figures: Vec<(String, Decimal)>,
    summands: usize,
}

fn pick(sheet: &Sheet, sel: &Selector) -> Option<Picked> {
    let block = sheet.block(sel.block)?;
    let col = block.column(sel.column, sel.column_name.as_deref())?;
    if sel.per.as_deref() == Some("class") {
        return Some(Picked {
            figures: classes(block, col)
                .map(|(n, v)| (n, sheet.in_wan(v)))
                .collect(),
            summands: 1,
        });
    }
    let rows: Vec<_> = sel
        .row
        .iter()
        .map(|name| block.row(name))
        .collect::<Option<_>>()?;
    let value = super::checked_sum(
        rows.iter()
            .filter_map(|r| r.values.get(col).copied().flatten()),
    )?;
    rows.iter()
        .any(|r| r.values.get(col).copied().flatten().is_some())
        .then(|| Picked {
            figures: vec![(sel.row.join("+"), sheet.in_wan(value))],
            summands: rows.len(),
        })
}

/// The 类-level rows of a block: 3-digit codes, or in a block without
/// codes the numbered lines (八、社会保障和就业支出).
fn classes(block: &BlockView, col: usize) -> impl Iterator<Item = (String, Decimal)> + '_ {
    let coded = block.rows.iter().any(|r| !r.code.is_empty());
    block
        .rows
        .iter()
        .filter(move |r| {
            if coded {
                r.code.len() == 3
            } else {
                r.bare_name() != squash(&r.name)
            }
        })
        .filter_map(move |r| Some((r.bare_name(), r.values.get(col).copied().flatten()?)))
}

fn sheets_of<'s, 'a>(
    sheets: &'s [Sheet<'a>],
    kind: &'s str,
) -> impl Iterator<Item = &'s Sheet<'a>> {
    sheets
        .iter()
        .filter(move |s| s.view.kind.is_some_and(|k| k.id == kind))
}

/// The table of `kind` that goes with `sheet`: the one of the same unit,
/// else the only one.
fn partner<'s, 'a>(sheets: &'s [Sheet<'a>], kind: &'s str, sheet: &Sheet) -> Option<&'s Sheet<'a>> {
    let mut same = sheets_of(sheets, kind).filter(|s| s.view.unit == sheet.view.unit);
    let first = same.next();
    if first.is_some() {
        return first;
    }
    let mut all = sheets_of(sheets, kind);
    let only = all.next();
    only.filter(|_| all.next().is_none())
}

pub fn identities<'c>(
    sheets: &[Sheet],
    rules: impl Iterator<Item = &'c Identity>,
    out: &mut Vec<Finding>,
) {
    for rule in rules {
        for left in sheets_of(sheets, &rule.left.kind) {
            let Some(right) = partner(sheets, &rule.right.kind, left) else {
                continue;
            };
            let (Some(l), Some(r)) = (pick(left, &rule.left), pick(right, &rule.right)) else {
                continue;
            };
            for (name, lv) in &l.figures {
                let Some((_, rv)) = r
                    .figures
                    .iter()
                    .find(|(n, _)| n == name || l.figures.len() == 1 && r.figures.len() == 1)
                else {
                    continue;
                };
                let Some(severity) = judge(*rv, *lv, l.summands.max(r.summands)) else {
                    continue;
                };
                out.push(Finding {
                    table: left.view.code.clone(),
                    check: Check::CrossTable,
                    row: name.clone(),
                    column: rule
                        .left
                        .column_name
                        .clone()
                        .unwrap_or_else(|| rule.left.column.unwrap_or(1).to_string()),
                    expected: *rv,
                    actual: *lv,
                    severity,
                    message: format!(
                        "{}: {name} {lv} in {} vs {rv} in {}",
                        rule.check, left.view.code, right.view.code
                    ),
                });
            }
        }
    }
}

pub fn narrative<'c>(
    sheets: &[Sheet],
    text: &str,
    rules: impl Iterator<Item = &'c Narrative>,
    out: &mut Vec<Finding>,
) {
    for rule in rules {
        let Some(stated) = rule
            .pattern
            .captures(text)
            .and_then(|c| number(c.get(1)?.as_str()))
            .and_then(|n| Decimal::from_str(&n).ok())
        else {
            continue;
        };
        let Some(sheet) = sheets_of(sheets, &rule.table.kind).next() else {
            continue;
        };
        let Some(picked) = pick(sheet, &rule.table) else {
            continue;
        };
        let Some((name, value)) = picked.figures.first() else {
            continue;
        };
        let value = value.round_dp(2);
        let Some(severity) = judge(value, stated, 1) else {
            continue;
        };
        out.push(Finding {
            table: sheet.view.code.clone(),
            check: Check::Narrative,
            row: if name.is_empty() {
                "-".to_string()
            } else {
                name.clone()
            },
            column: rule
                .table
                .column_name
                .clone()
                .unwrap_or_else(|| rule.table.column.unwrap_or(1).to_string()),
            expected: value,
            actual: stated,
            severity,
            message: format!(
                "{}: the text states {stated} 万元, the table prints {value}",
                rule.check
            ),
        });
    }
}
