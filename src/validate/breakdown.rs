//! Readings of a list of lines without codes that add up to a total in
//! another way than line by line.
//!
//! 预算 templates list lines that are not all parts of one another: a
//! 收支总表 支出 side may give the same total twice (once by function,
//! once by economic class), and a side may list 类, 款 and 项 one under
//! the other with nothing but indentation to tell them apart. A total that
//! one of these readings explains is not a discrepancy; the checks use
//! them only to clear a total, never to blame one.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::tail;

/// How many partial readings one search may look at before it gives up
/// (and so clears nothing): the lists are short, this only bounds the odd
/// pathological table.
const MAX_STATES: usize = 20_000;

/// The longest list read as breakdowns. A reading nests one line under
/// the next, so the search goes as deep as the list is long; real lists
/// are a few dozen lines, and a longer one is only summed line by line.
const MAX_LINES: usize = 256;

/// Whether `total` is the sum of `lines` read as a forest of breakdowns
/// (a line followed by lines that add up to it stands for them), either
/// as one list or as consecutive lists that each add up to it. Reading
/// every line as a leaf is one of the readings, so a plain sum counts.
pub fn explains(total: Decimal, lines: &[Decimal]) -> bool {
    if lines.len() > MAX_LINES {
        return super::checked_sum(lines.iter().copied())
            .is_some_and(|sum| agrees(total, sum, lines.len()));
    }
    let mut forest = Forest::new(lines);
    let mut seen: HashSet<(usize, Decimal, u8)> = HashSet::new();
    let mut todo = vec![(0usize, Decimal::ZERO, 0u8)];
    while let Some((pos, acc, runs)) = todo.pop() {
        if pos == lines.len() {
            if runs > 0 && acc.is_zero() || agrees(total, acc, lines.len()) {
                return true;
            }
            continue;
        }
        if seen.len() > MAX_STATES || !seen.insert((pos, acc, runs)) {
            continue;
        }
        let Some(acc) = acc.checked_add(lines[pos]) else {
            continue;
        };
        for end in forest.ends(pos) {
            if agrees(total, acc, end) && !total.is_zero() {
                todo.push((end, Decimal::ZERO, (runs + 1).min(2)));
            }
            todo.push((end, acc, runs));
        }
    }
    false
}

fn agrees(expected: Decimal, actual: Decimal, summands: usize) -> bool {
    actual
        .checked_sub(expected)
        .is_some_and(|d| d.abs() <= tail(summands))
}

/// The readings of a list of lines as subtrees.
struct Forest<'a> {
    lines: &'a [Decimal],
    /// Where the subtree of each line can end, once worked out.
    ends: Vec<Option<Vec<usize>>>,
}

impl<'a> Forest<'a> {
    fn new(lines: &'a [Decimal]) -> Forest<'a> {
        Forest {
            lines,
            ends: vec![None; lines.len()],
        }
    }

    /// Where the subtree of line `i` can end: right after it (a leaf), or
    /// after any run of subtrees below it that adds up to it.
    fn ends(&mut self, i: usize) -> Vec<usize> {
        if let Some(ends) = &self.ends[i] {
            return ends.clone();
        }
        let mut ends = vec![i + 1];
        if self.lines[i] > Decimal::ZERO {
            ends.extend(self.runs_adding_to(i + 1, self.lines[i]));
        }
        self.ends[i] = Some(ends.clone());
        ends
    }

    /// Where a run of subtrees starting at `start` can end with its top
    /// lines adding up to `target`.
    fn runs_adding_to(&mut self, start: usize, target: Decimal) -> Vec<usize> {
        let mut found = Vec::new();
        let mut seen: HashSet<(usize, Decimal)> = HashSet::new();
        let mut todo = vec![(start, Decimal::ZERO)];
        while let Some((pos, acc)) = todo.pop() {
            if pos == self.lines.len() || seen.len() > MAX_STATES || !seen.insert((pos, acc)) {
                continue;
            }
            let Some(acc) = acc.checked_add(self.lines[pos]) else {
                continue;
            };
            for end in self.ends(pos) {
                if agrees(target, acc, end - start) {
                    found.push(end);
                }
                if acc <= target || self.lines.iter().any(|v| v.is_sign_negative()) {
                    todo.push((end, acc));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(values: &[i64]) -> Vec<Decimal> {
        values.iter().map(|&v| Decimal::new(v, 2)).collect()
    }

    #[test]
    fn class_item_and_sub_item_lines_one_under_the_other() {
        // 科学技术支出 28 / 技术研究 28 / 转化 28; 社保 396.67 / 养老 396.67 / 193.24 + 135.62 + 67.81
        let lines = d(&[2800, 2800, 2800, 39667, 39667, 19324, 13562, 6781]);
        assert!(explains(Decimal::new(42467, 2), &lines));
        assert!(!explains(Decimal::new(42468 + 100, 2), &lines));
    }

    #[test]
    fn the_same_total_given_twice() {
        let lines = d(&[600, 400, 0, 700, 300]);
        assert!(explains(Decimal::new(1000, 2), &lines));
        assert!(!explains(
            Decimal::new(1000, 2),
            &d(&[600, 400, 700, 300, 100])
        ));
    }

    #[test]
    fn equal_lines_in_a_row_are_not_forced_under_one_another() {
        // 52 = 37 + 12 + 3; 37 = 28 × 1 + 9; then 201 = 201 = 1 + 200, and 1 = 1 = 1.
        let mut v = vec![5200, 3700];
        v.extend(std::iter::repeat_n(100, 19));
        v.push(900);
        v.extend(std::iter::repeat_n(100, 9));
        v.extend([
            1200, 1200, 300, 300, 20100, 20100, 100, 20000, 100, 100, 100,
        ]);
        assert!(explains(Decimal::new(25400, 2), &d(&v)));
        assert!(!explains(Decimal::new(80000, 2), &d(&v)));
    }

    #[test]
    fn a_list_too_long_to_search_is_summed_line_by_line() {
        let long = vec![Decimal::ONE; 20_000];
        assert!(explains(Decimal::from(20_000), &long));
        assert!(!explains(Decimal::from(10_000), &long));
    }

    #[test]
    fn plain_lines_still_add_up() {
        assert!(explains(Decimal::new(900, 2), &d(&[200, 300, 400])));
        assert!(!explains(Decimal::new(1000, 2), &d(&[200, 300, 400])));
    }
}
