//! Readings of a list of lines without codes that add up to a total in
//! another way than line by line.
//!
//! 预算 templates list lines that are not all parts of one another: a
//! 收支总表 支出 side may give the same total twice (once by function,
//! once by economic class), and a side may list 类, 款 and 项 one under
//! the other with nothing but indentation to tell them apart. A total that
//! one of these readings explains is not a discrepancy; the checks use
//! them only to clear a total, never to blame one.

use rust_decimal::Decimal;

use super::tail;

/// Whether `total` is the sum of `lines` read as a tree of breakdowns,
/// either as one list or as consecutive lists that each add up to it.
pub fn explains(total: Decimal, lines: &[Decimal]) -> bool {
    let adds_up =
        |seq: &[Decimal]| agrees(total, seq.iter().sum(), seq.len()) || repeated(total, seq);
    adds_up(lines) || adds_up(&top_level(lines))
}

fn agrees(expected: Decimal, actual: Decimal, summands: usize) -> bool {
    (actual - expected).abs() <= tail(summands)
}

/// Whether `lines` split into two or more consecutive runs each adding up
/// to `total` (the same total given as several breakdowns).
fn repeated(total: Decimal, lines: &[Decimal]) -> bool {
    if total.is_zero() {
        return false;
    }
    let (mut runs, mut acc, mut count) = (0, Decimal::ZERO, 0);
    for &v in lines {
        acc += v;
        count += 1;
        if agrees(total, acc, count) {
            runs += 1;
            acc = Decimal::ZERO;
            count = 0;
        }
    }
    runs >= 2 && acc.is_zero()
}

/// The lines left when every line that equals the lines right below it
/// (its 款 or 项 breakdown) stands for them.
fn top_level(lines: &[Decimal]) -> Vec<Decimal> {
    let mut memo = vec![None; lines.len()];
    let mut tops = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        tops.push(lines[i]);
        i = node_end(lines, i, &mut memo);
    }
    tops
}

/// Where the subtree of line `i` ends: after the consecutive subtrees below
/// it that add up to it, or right after it where none do.
fn node_end(lines: &[Decimal], i: usize, memo: &mut [Option<usize>]) -> usize {
    if let Some(end) = memo[i] {
        return end;
    }
    let own = lines[i];
    let mut end = i + 1;
    if own > Decimal::ZERO {
        let (mut acc, mut c, mut count) = (Decimal::ZERO, i + 1, 0);
        while c < lines.len() && acc < own && !agrees(own, acc, count.max(1)) {
            acc += lines[c];
            count += 1;
            c = node_end(lines, c, memo);
        }
        if count > 0 && agrees(own, acc, count) {
            end = c;
        }
    }
    memo[i] = Some(end);
    end
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
    fn plain_lines_still_add_up() {
        assert!(explains(Decimal::new(900, 2), &d(&[200, 300, 400])));
        assert!(!explains(Decimal::new(1000, 2), &d(&[200, 300, 400])));
    }
}
