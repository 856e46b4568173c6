//! Checks inside one table: codes against their children, totals against
//! their rows, 合计 columns against the columns beside them.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::breakdown;
use super::sheet::{bare, BlockView, RowView, Sheet};
use super::{checked_sum, judge, Check, Finding, Severity};
use crate::catalogue::Kind;
use crate::text::squash;

pub fn check(sheet: &Sheet, kind: Option<&Kind>, out: &mut Vec<Finding>) {
    for block in &sheet.blocks {
        parent_sums(sheet, block, out);
        if block.rows.iter().any(|r| !r.code.is_empty()) {
            coded_totals(sheet, block, out);
        } else {
            running_totals(sheet, block, out);
        }
        column_sums(sheet, block, out);
    }
    if let Some(kind) = kind {
        if kind.balanced {
            balance(sheet, out);
        }
        code_totals(sheet, kind, out);
    }
}

/// Compare one figure and record a finding where it disagrees.
struct Compare<'a> {
    sheet: &'a Sheet<'a>,
    check: Check,
}

impl Compare<'_> {
    /// `expected` is `None` where its sum overflowed: that is an
    /// `overflow` finding in place of the comparison.
    #[allow(clippy::too_many_arguments)]
    fn figure(
        &self,
        row: &RowView,
        block: &BlockView,
        col: usize,
        expected: Option<Decimal>,
        summands: usize,
        what: &str,
        out: &mut Vec<Finding>,
    ) {
        let actual = row.value(col);
        let column = &block.columns[col];
        let column_name = if column.name.is_empty() {
            format!("column {}", column.number)
        } else {
            column.name.clone()
        };
        let (check, expected, severity, message) = match expected {
            Some(expected) => {
                let Some(severity) = judge(expected, actual, summands) else {
                    return;
                };
                let message = format!(
                    "{} ≠ {what} in {column_name} ({actual} vs {expected})",
                    label(row)
                );
                (self.check, expected, severity, message)
            }
            None => {
                let message = format!(
                    "{what} for {} in {column_name} is too large to add up (beyond 28 digits): some figure is no amount, not checked",
                    label(row)
                );
                (Check::Overflow, Decimal::ZERO, Severity::Error, message)
            }
        };
        out.push(Finding {
            table: self.sheet.view.code.clone(),
            check,
            row: row.key(),
            column: column.number.to_string(),
            expected,
            actual,
            severity,
            message,
        });
    }
}

fn label(row: &RowView) -> String {
    match (row.code.is_empty(), row.name.is_empty()) {
        (false, false) => format!("{} {}", row.code, row.name),
        (false, true) => row.code.clone(),
        (true, false) => row.name.clone(),
        (true, true) => row.key(),
    }
}

/// Each printed value of `row`, by column.
fn filled(row: &RowView) -> impl Iterator<Item = usize> + '_ {
    row.values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_some())
        .map(|(c, _)| c)
}

/// The sum of a column over rows; `None` where it overflows.
fn sum(rows: &[&RowView], col: usize) -> Option<Decimal> {
    checked_sum(rows.iter().map(|r| r.value(col)))
}

/// 206 = Σ 206xx; 20601 = Σ 20601xx.
fn parent_sums(sheet: &Sheet, block: &BlockView, out: &mut Vec<Finding>) {
    let cmp = Compare {
        sheet,
        check: Check::ParentSum,
    };
    let family = Family::of(block);
    for (at, parent) in block.rows.iter().enumerate() {
        if parent.code.is_empty() {
            continue;
        }
        let children = family.children(block, at);
        if children.is_empty() {
            continue;
        }
        let what = format!("Σ {}xx", parent.code);
        for col in filled(parent) {
            cmp.figure(
                parent,
                block,
                col,
                sum(&children, col),
                children.len(),
                &what,
                out,
            );
        }
    }
}

/// The codes of a block: how often each is printed, and the rows under
/// each parent code, in order. A row's parent is its nearest printed
/// ancestor: its code less two digits, or less four where that level is
/// not printed (a table may list 3010201 津贴补贴 right under 301 with no
/// 30102 line, and 301 then counts it). Built once per block, since a
/// table may hold many thousands of coded rows.
struct Family<'b> {
    count: HashMap<&'b str, usize>,
    under: HashMap<&'b str, Vec<usize>>,
}

impl<'b> Family<'b> {
    fn of(block: &'b BlockView) -> Family<'b> {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for r in &block.rows {
            *count.entry(r.code.as_str()).or_default() += 1;
        }
        let mut under: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in block.rows.iter().enumerate() {
            if let Some(parent) = nearest_parent(&count, &r.code) {
                under.entry(parent).or_default().push(i);
            }
        }
        Family { count, under }
    }

    fn parent_of(&self, code: &'b str) -> Option<&'b str> {
        nearest_parent(&self.count, code)
    }

    /// The rows one level below the row at `at`. Where its code occurs
    /// more than once in the block (a table crossing 部门 and 政府
    /// economic classes lists 301 once under 501 and again under 505),
    /// only the run of rows right below it counts.
    fn children(&self, block: &'b BlockView, at: usize) -> Vec<&'b RowView> {
        let code = block.rows[at].code.as_str();
        let is_child = |r: &&RowView| self.parent_of(&r.code) == Some(code);
        if self.count.get(code) == Some(&1) {
            let rows = self.under.get(code).map_or(&[][..], Vec::as_slice);
            return rows.iter().map(|&i| &block.rows[i]).collect();
        }
        block.rows[at + 1..]
            .iter()
            .take_while(|r| r.code.len() > code.len() && r.code.starts_with(code))
            .filter(is_child)
            .collect()
    }
}

/// The longest code printed in the block that `code` extends by two,
/// four, … digits; `None` for a top-level or uncoded row.
fn nearest_parent<'b>(printed: &HashMap<&'b str, usize>, code: &str) -> Option<&'b str> {
    let mut n = code.len();
    while n > 2 {
        n -= 2;
        let prefix = code.get(..n)?;
        if let Some((&found, _)) = printed.get_key_value(prefix) {
            return Some(found);
        }
    }
    None
}

fn is_grand_total(name: &str) -> bool {
    matches!(squash(name).as_str(), "合计" | "总计")
}

/// 合计 = Σ of the top-level codes (the shortest codes of the block).
/// Where a top-level code repeats, its rows may be subtotals of one
/// another (a 采购 table prints the code on the unit's row and on each
/// item), so a reading as breakdowns clears the total.
fn coded_totals(sheet: &Sheet, block: &BlockView, out: &mut Vec<Finding>) {
    let cmp = Compare {
        sheet,
        check: Check::TotalRow,
    };
    let Some(top) = block
        .rows
        .iter()
        .filter(|r| !r.code.is_empty())
        .map(|r| r.code.len())
        .min()
    else {
        return;
    };
    let tops: Vec<&RowView> = block.rows.iter().filter(|r| r.code.len() == top).collect();
    let mut distinct = HashSet::new();
    let repeats = !tops.iter().all(|t| distinct.insert(t.code.as_str()));
    for total in block
        .rows
        .iter()
        .filter(|r| r.code.is_empty() && is_grand_total(&r.name))
    {
        for col in filled(total) {
            let lines: Vec<Decimal> = tops.iter().map(|r| r.value(col)).collect();
            if repeats && breakdown::explains(total.value(col), &lines) {
                continue;
            }
            cmp.figure(total, block, col, sum(&tops, col), tops.len(), "Σ 类", out);
        }
    }
}

/// In a block of numbered lines (收入支出总表): each 合计 equals the lines
/// since the previous total, and 总计 the last 合计 plus the lines after
/// it. A line repeating an earlier line's name is a breakdown of a line
/// already counted (年初结转 → 一般公共预算财政拨款) and is left out.
fn running_totals(sheet: &Sheet, block: &BlockView, out: &mut Vec<Finding>) {
    let cmp = Compare {
        sheet,
        check: Check::TotalRow,
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut since = Lines::default();
    let mut last_total: Option<&RowView> = None;
    for row in &block.rows {
        let name = bare(&row.name);
        if name.ends_with("总计") || name.ends_with("合计") {
            if name.ends_with("总计") {
                since.counted.extend(last_total);
                since.all.extend(last_total);
            } else {
                since.before = last_total;
            }
            if !since.counted.is_empty() {
                running_total(&cmp, block, row, &since, out);
            }
            since = Lines::default();
            last_total = Some(row);
        } else if !name.is_empty() && !name.starts_with("其中") {
            if !seen.contains(&name) {
                since.counted.push(row);
            }
            since.all.push(row);
        }
        if !name.is_empty() {
            seen.insert(name);
        }
    }
}

/// The lines since the last total: those counted line by line (a name
/// seen before left out), all of them in order for reading them as
/// breakdowns of one another, and the total before them: a 合计 after
/// 本年收入合计 and 上年结转 may be the grand total that 总计 names
/// elsewhere.
#[derive(Default)]
struct Lines<'a> {
    counted: Vec<&'a RowView>,
    all: Vec<&'a RowView>,
    before: Option<&'a RowView>,
}

/// One running total against its lines, in each column it fills; a total
/// that the lines explain as breakdowns of one another is not a finding.
fn running_total(
    cmp: &Compare,
    block: &BlockView,
    total: &RowView,
    lines: &Lines,
    out: &mut Vec<Finding>,
) {
    for col in filled(total) {
        let expected = sum(&lines.counted, col);
        let all: Vec<Decimal> = lines.all.iter().map(|r| r.value(col)).collect();
        let carried = lines.before.map(|b| b.value(col)).unwrap_or_default();
        let less_carried = total.value(col).checked_sub(carried);
        if breakdown::explains(total.value(col), &all)
            || less_carried.is_some_and(|t| breakdown::explains(t, &all))
        {
            continue;
        }
        let n = lines.counted.len();
        cmp.figure(total, block, col, expected, n, "Σ lines above", out);
    }
}

fn is_total_column(leaf: &str) -> bool {
    !leaf.starts_with("其中") && (leaf.ends_with("合计") || leaf == "小计" || leaf == "总计")
}

/// A 合计/小计 column equals the columns that share its parent header: a
/// group of columns counts as its own 小计 column. Where a part is headed
/// 其中, the parts may name only some of the total (小计 | 其中：专项资金),
/// so they must not exceed it but may fall short; and where they exceed it,
/// the 其中 columns may break down what the other parts already count (see
/// [`OfWhich`]), and then the total is checked against those others alone.
fn column_sums(sheet: &Sheet, block: &BlockView, out: &mut Vec<Finding>) {
    let cmp = Compare {
        sheet,
        check: Check::ColumnSum,
    };
    let paths: Vec<Vec<&str>> = block
        .columns
        .iter()
        .map(|c| c.name.split('/').collect())
        .collect();
    for (t, path) in paths.iter().enumerate() {
        let Some((leaf, parent)) = path.split_last() else {
            continue;
        };
        if !is_total_column(leaf) {
            continue;
        }
        let Some(parts) = sibling_columns(&paths, t, parent) else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        let parts = leading_parts(block, t, leaf, parts);
        let what = numbers(block, &parts);
        let of_which = OfWhich::split(&paths, parent.len(), &parts);
        for row in block
            .rows
            .iter()
            .filter(|r| has(r, t) && parts.iter().any(|&c| has(r, c)))
        {
            let expected = checked_sum(parts.iter().map(|&c| row.value(c)));
            if of_which.is_partial() && expected.is_some_and(|e| e <= row.value(t)) {
                continue;
            }
            if of_which.break_down(row, t) {
                if of_which.plain.is_empty() {
                    continue;
                }
                let expected = checked_sum(of_which.plain.iter().map(|&c| row.value(c)));
                let what = numbers(block, &of_which.plain);
                cmp.figure(row, block, t, expected, of_which.plain.len(), &what, out);
                continue;
            }
            cmp.figure(row, block, t, expected, parts.len(), &what, out);
        }
    }
}

/// `Σ 2+3`: the 栏次 numbers of the columns summed, for a message.
fn numbers(block: &BlockView, cols: &[usize]) -> String {
    let numbers: Vec<String> = cols
        .iter()
        .map(|&c| block.columns[c].number.to_string())
        .collect();
    format!("Σ {}", numbers.join("+"))
}

/// The parts of a total split by whether their header is 其中 (“of which”).
/// A 其中 column names a part of the total or of a column already counted
/// beside it (合计 | 基本支出 | 项目支出 | 其中：事业单位经营支出), and one
/// 其中 may be a part of the one before it (其中：中小企业 | 其中：小型、微型
/// 企业): so 其中 columns that fit inside the total, side by side or each
/// inside the one before, are no summands of the total but a breakdown of it.
struct OfWhich {
    /// The parts not headed 其中, in column order.
    plain: Vec<usize>,
    /// The parts headed 其中, in column order.
    headed: Vec<usize>,
}

impl OfWhich {
    fn split(paths: &[Vec<&str>], depth: usize, parts: &[usize]) -> Self {
        let (headed, plain) = parts
            .iter()
            .partition(|&&c| paths[c][depth].starts_with("其中"));
        OfWhich { plain, headed }
    }

    /// Whether some part is headed 其中, so the parts may fall short.
    fn is_partial(&self) -> bool {
        !self.headed.is_empty()
    }

    /// Whether in `row` the 其中 columns, printed after all the other
    /// parts, break the total in column `total` down: side by side
    /// (together no more than the total) or nested (each inside the one
    /// before it, the first inside the total), while the other parts add
    /// up to the total within the rounding tail. A 其中 before the other
    /// parts (小计 | 其中：基本支出 | 项目支出) begins the list of the parts.
    fn break_down(&self, row: &RowView, total: usize) -> bool {
        let whole = row.value(total);
        let after = match (self.plain.last(), self.headed.first()) {
            (Some(plain), Some(headed)) => plain < headed,
            (None, headed) => headed.is_some(),
            (Some(_), None) => false,
        };
        let rest = checked_sum(self.plain.iter().map(|&c| row.value(c)));
        let adds_up = self.plain.is_empty()
            || rest.is_some_and(|rest| {
                judge(rest, whole, self.plain.len()).is_none_or(|s| s == Severity::Tail)
            });
        let side_by_side =
            checked_sum(self.headed.iter().map(|&c| row.value(c))).is_some_and(|sum| sum <= whole);
        let nested = || {
            self.headed
                .iter()
                .try_fold(whole, |outer, &c| {
                    let inner = row.value(c);
                    (inner <= outer).then_some(inner)
                })
                .is_some()
        };
        after && adds_up && (side_by_side || nested())
    }
}

/// The parts of a total that names what it totals (“三公”经费合计): the
/// shortest leading run of its sibling columns that it equals in every
/// row, since such a table may go on with columns outside the total
/// (会议费, 培训费 beside the 三公 columns); all siblings where no run
/// fits or the total is a bare 合计/小计.
fn leading_parts(block: &BlockView, total: usize, leaf: &str, parts: Vec<usize>) -> Vec<usize> {
    if matches!(leaf, "合计" | "小计" | "总计") {
        return parts;
    }
    let rows: Vec<&RowView> = block.rows.iter().filter(|r| has(r, total)).collect();
    (1..parts.len())
        .find(|&n| {
            rows.iter().all(|r| {
                checked_sum(parts[..n].iter().map(|&c| r.value(c))).is_some_and(|sum| {
                    judge(sum, r.value(total), n).is_none_or(|s| s == Severity::Tail)
                })
            })
        })
        .map_or(parts.clone(), |n| parts[..n].to_vec())
}

/// Whether `row` prints a value in column `col`. A row that prints a
/// total but none of its parts does not break the total down (a line of
/// another table read into the grid, a figure in a text column), so the
/// column sums leave it alone.
fn has(row: &RowView, col: usize) -> bool {
    row.values.get(col).copied().flatten().is_some()
}

/// The columns that add up to column `total`, whose header path is
/// `parent` + its leaf; `None` where a group has no 小计 to stand for it.
fn sibling_columns(paths: &[Vec<&str>], total: usize, parent: &[&str]) -> Option<Vec<usize>> {
    let depth = parent.len();
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for (c, path) in paths.iter().enumerate() {
        if c == total || path.len() <= depth || path[..depth] != *parent {
            continue;
        }
        match groups.iter_mut().find(|(head, _)| *head == path[depth]) {
            Some((_, cols)) => cols.push(c),
            None => groups.push((path[depth], vec![c])),
        }
    }
    groups
        .into_iter()
        .map(|(_, cols)| match cols.as_slice() {
            [one] => Some(*one),
            many => many
                .iter()
                .copied()
                .find(|&c| paths[c].len() == depth + 2 && is_total_column(paths[c][depth + 1])),
        })
        .collect()
}

/// 收入总计 = 支出总计.
fn balance(sheet: &Sheet, out: &mut Vec<Finding>) {
    let total = |b: u32| {
        let block = sheet.block(b)?;
        let row = block
            .rows
            .iter()
            .rev()
            .find(|r| bare(&r.name).ends_with("总计"))?;
        Some((block, row))
    };
    let (Some((_, income)), Some((block, spending))) = (total(1), total(2)) else {
        return;
    };
    let cmp = Compare {
        sheet,
        check: Check::Balance,
    };
    cmp.figure(
        spending,
        block,
        0,
        Some(income.value(0)),
        1,
        "收入总计",
        out,
    );
}

/// 人员经费合计 = Σ 301, 303 wherever those rows stand.
fn code_totals(sheet: &Sheet, kind: &Kind, out: &mut Vec<Finding>) {
    let cmp = Compare {
        sheet,
        check: Check::CodeTotal,
    };
    for rule in &kind.totals {
        let parts: Vec<&RowView> = sheet
            .blocks
            .iter()
            .flat_map(|b| &b.rows)
            .filter(|r| rule.codes.contains(&r.code))
            .collect();
        for block in &sheet.blocks {
            if let Some(total) = block.row(&rule.row) {
                let expected = checked_sum(parts.iter().map(|r| r.value(0)));
                let what = format!("Σ {}", rule.codes.join("+"));
                cmp.figure(total, block, 0, expected, parts.len(), &what, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Record;
    use crate::validate::TableView;

    /// A one-block table: rows of (code, name, values by column).
    fn view(columns: &[&str], rows: &[(&str, &str, &[Option<i64>])]) -> TableView<'static> {
        let mut records = Vec::new();
        for (r, (code, name, values)) in rows.iter().enumerate() {
            for (c, v) in values.iter().enumerate() {
                let Some(v) = v else { continue };
                records.push(Record {
                    block: 1,
                    row_no: r as u32 + 1,
                    item_code: code.to_string(),
                    line_no: String::new(),
                    item_name: name.to_string(),
                    column_no: c as u32 + 1,
                    column_name: columns[c].to_string(),
                    value: Decimal::new(*v, 2),
                    page: None,
                    ..Record::default()
                });
            }
        }
        TableView {
            code: "t".into(),
            title: String::new(),
            kind: None,
            unit: None,
            amount_unit: None,
            records,
        }
    }

    fn errors_and_tails(view: &TableView) -> Vec<Finding> {
        let sheet = Sheet::new(view);
        let mut out = Vec::new();
        check(&sheet, None, &mut out);
        out
    }

    fn errors(view: &TableView) -> Vec<Finding> {
        let mut out = errors_and_tails(view);
        out.retain(|f| f.severity == super::super::Severity::Error);
        out
    }

    #[test]
    fn a_grand_total_named_heji_after_the_years_total() {
        let v = view(
            &["预算数"],
            &[
                ("", "一、一般公共预算拨款收入", &[Some(900)]),
                ("", "本年收入合计", &[Some(900)]),
                ("", "上年结转结余", &[Some(100)]),
                ("", "收入合计", &[Some(1000)]),
            ],
        );
        assert!(errors(&v).is_empty());
    }

    #[test]
    fn a_repeated_parent_code_sums_the_rows_below_it() {
        let v = view(
            &["小计"],
            &[
                ("301", "工资福利支出", &[Some(500)]),
                ("30101", "基本工资", &[Some(500)]),
                ("301", "工资福利支出", &[Some(300)]),
                ("30101", "基本工资", &[Some(100)]),
                ("30102", "津贴补贴", &[Some(200)]),
            ],
        );
        assert!(errors(&v).is_empty());
    }

    #[test]
    fn a_sub_item_printed_without_its_item_counts_under_the_class() {
        let v = view(
            &["合计"],
            &[
                ("301", "工资福利支出", &[Some(700)]),
                ("30101", "基本工资", &[Some(300)]),
                ("3010201", "津贴补贴", &[Some(250)]),
                ("3010202", "改革性补贴", &[Some(150)]),
            ],
        );
        assert!(errors(&v).is_empty());
        let wrong = view(
            &["合计"],
            &[
                ("301", "工资福利支出", &[Some(700)]),
                ("30101", "基本工资", &[Some(300)]),
                ("3010201", "津贴补贴", &[Some(250)]),
            ],
        );
        assert_eq!(errors(&wrong).len(), 1);
    }

    #[test]
    fn a_sub_item_under_a_printed_item_is_not_counted_twice() {
        let v = view(
            &["合计"],
            &[
                ("301", "工资福利支出", &[Some(700)]),
                ("30101", "基本工资", &[Some(300)]),
                ("30102", "津贴补贴", &[Some(400)]),
                ("3010201", "津贴", &[Some(250)]),
                ("3010202", "补贴", &[Some(150)]),
            ],
        );
        assert!(errors(&v).is_empty());
    }

    #[test]
    fn parts_headed_qizhong_may_fall_short_of_their_total() {
        let cols = ["一般/小计", "一般/其中：专项"];
        let v = view(
            &cols,
            &[("201", "一般公共服务支出", &[Some(900), Some(300)])],
        );
        assert!(errors(&v).is_empty());
        let v = view(
            &cols,
            &[("201", "一般公共服务支出", &[Some(900), Some(1300)])],
        );
        assert_eq!(errors(&v).len(), 1);
    }

    #[test]
    fn qizhong_columns_after_the_parts_break_down_what_they_count() {
        let cols = [
            "合计",
            "基本支出",
            "项目支出",
            "其中/事业单位经营支出",
            "其中/上缴上级支出",
        ];
        let row = |values: &'static [Option<i64>]| view(&cols, &[("2013810", "质量基础", values)]);
        let v = row(&[Some(1730), None, Some(1730), Some(1680), None]);
        assert!(errors(&v).is_empty(), "{:?}", errors(&v));
        let v = row(&[Some(1730), Some(500), Some(1230), Some(900), Some(700)]);
        assert!(errors(&v).is_empty(), "{:?}", errors(&v));
        // 基本 + 项目 short of 合计 is still an error.
        let found = errors(&row(&[Some(1730), Some(100), Some(1530), Some(1680), None]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains(" in 合计"), "{found:?}");
        // Within the tail, the total is checked against 基本 + 项目 alone.
        let found = errors_and_tails(&row(&[Some(1730), Some(100), Some(1629), Some(1680), None]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("Σ 2+3 in 合计"), "{found:?}");
        // A 其中 before the other parts begins the list of the parts.
        let cols = ["小计", "其中：基本支出", "项目支出"];
        let v = view(
            &cols,
            &[("201", "一般", &[Some(1000), Some(600), Some(401)])],
        );
        let found = errors_and_tails(&v);
        assert!(found[0].message.contains("Σ 2+3 in 小计"), "{found:?}");
        // A 其中 larger than the total breaks nothing down.
        assert_eq!(
            errors(&row(&[Some(1730), None, Some(1730), Some(1800), None])).len(),
            1
        );
    }

    #[test]
    fn a_qizhong_may_be_a_part_of_the_qizhong_before_it() {
        let cols = ["采购/小计", "采购/其中：中小企业", "采购/其中：小微企业"];
        let row = |values: &'static [Option<i64>]| view(&cols, &[("208", "社保", values)]);
        assert!(errors(&row(&[Some(18175), Some(9000), Some(8000)])).is_empty());
        assert!(errors(&row(&[Some(18175), Some(18175), Some(300)])).is_empty());
        assert_eq!(
            errors(&row(&[Some(18175), Some(9000), Some(9500)])).len(),
            1
        );
    }

    #[test]
    fn a_sum_beyond_28_digits_is_an_overflow_finding() {
        let mut v = view(
            &["合计"],
            &[
                ("201", "一般公共服务支出", &[Some(1)]),
                ("20101", "人大事务", &[Some(1)]),
                ("20102", "政协事务", &[Some(1)]),
            ],
        );
        for r in &mut v.records[1..] {
            r.value = Decimal::MAX;
        }
        let found = errors(&v);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].check, Check::Overflow);
        assert_eq!(found[0].row, "201");
    }

    #[test]
    fn a_total_without_any_part_printed_is_not_summed() {
        let cols = ["合计", "基本支出", "项目支出"];
        let v = view(&cols, &[("", "", &[Some(500), None, None])]);
        assert!(errors(&v).is_empty());
        let v = view(&cols, &[("201", "一般", &[Some(500), Some(100), None])]);
        assert_eq!(errors(&v).len(), 1);
    }
}
