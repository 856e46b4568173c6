//! A table's rows split into header rows, the 栏次 row and data rows.

use crate::model::DataRow;
use crate::text::{number, squash};

/// The rows of one table after the split.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub header: Vec<Vec<String>>,
    pub column_numbers: Option<Vec<Option<u32>>>,
    pub rows: Vec<DataRow>,
}

/// How far down a 栏次 row or the end of the header is looked for.
const MAX_HEADER_ROWS: usize = 8;

/// Split rows (one string per grid column) into header, 栏次 and data.
/// Header rows repeated after a page break are dropped from the data.
pub fn split(rows: Vec<(Vec<String>, Option<u32>)>) -> Grid {
    let width = rows.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    let mut rows: Vec<(Vec<String>, Option<u32>)> = rows
        .into_iter()
        .map(|(mut r, p)| {
            r.resize(width, String::new());
            (r, p)
        })
        .collect();
    let lanci = rows
        .iter()
        .take(MAX_HEADER_ROWS)
        .position(|(r, _)| is_column_number_row(r));
    let header_len = match lanci {
        Some(k) => k,
        None => rows
            .iter()
            .take(MAX_HEADER_ROWS)
            .take_while(|(r, _)| !r.iter().any(|c| number(c).is_some()))
            .count(),
    };
    let data = rows.split_off(header_len + usize::from(lanci.is_some()));
    let column_numbers = lanci.map(|_| rows.pop().expect("栏次 row").0);
    let header: Vec<Vec<String>> = rows.into_iter().map(|(r, _)| r).collect();
    let mut repeated: Vec<String> = header.iter().map(|r| row_key(r)).collect();
    repeated.extend(column_numbers.iter().map(|r| row_key(r)));
    let rows = data
        .into_iter()
        .filter(|(r, _)| r.iter().any(|c| !c.trim().is_empty()))
        .filter(|(r, _)| !repeated.contains(&row_key(r)))
        .map(|(cells, page)| DataRow { cells, page })
        .collect();
    Grid {
        header,
        column_numbers: column_numbers.map(|r| r.iter().map(|c| squash(c).parse().ok()).collect()),
        rows,
    }
}

/// A row compared across pages: cells without whitespace.
fn row_key(row: &[String]) -> String {
    let cells: Vec<String> = row.iter().map(|c| squash(c)).collect();
    cells.join("\u{1f}").trim_end_matches('\u{1f}').to_string()
}

/// The 栏次 row: labelled 栏次, or a run 1, 2, 3 … of column numbers whose
/// other cells are only placeholders (`**`, `—`, 甲 乙 丙) standing in
/// the name and code columns.
fn is_column_number_row(row: &[String]) -> bool {
    let cells: Vec<String> = row
        .iter()
        .map(|c| squash(c))
        .filter(|c| !c.is_empty())
        .collect();
    if cells.iter().any(|c| c == "栏次") {
        return cells
            .iter()
            .all(|c| c == "栏次" || c.bytes().all(|b| b.is_ascii_digit()));
    }
    let numbers: Option<Vec<u32>> = cells
        .iter()
        .filter(|c| !is_placeholder(c))
        .map(|c| c.parse().ok())
        .collect();
    match numbers {
        Some(n) if n.len() >= 2 => n.iter().zip(1..).all(|(&v, want)| v == want),
        _ => false,
    }
}

/// A cell that marks a column as not numbered: symbols only, or the
/// 甲 乙 丙 丁 of the 决算 templates.
fn is_placeholder(cell: &str) -> bool {
    cell.chars().all(|c| {
        matches!(
            c,
            '*' | '＊' | '—' | '－' | '-' | '/' | '甲' | '乙' | '丙' | '丁'
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(Vec<String>, Option<u32>)> {
        text.lines()
            .map(|l| (l.split('\t').map(String::from).collect(), None))
            .collect()
    }

    #[test]
    fn header_column_numbers_and_repeats() {
        let g = split(rows(
            "项目\t\t本年支出\n编码\t名称\t小计\n\t栏次\t1\n201\t一般\t5.00\n\
             项目\t\t本年支出\n编 码\t名称\t小计\n\t栏次\t1\n20101\t人大\t5.00",
        ));
        assert_eq!(g.header.len(), 2);
        assert_eq!(g.column_numbers, Some(vec![None, None, Some(1)]));
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.rows[1].cells[0], "20101");
    }

    #[test]
    fn bare_column_numbers() {
        let g = split(rows("预算数\t\n合计\t公务接待费\n1\t2\n0.20\t0.10"));
        assert_eq!(g.column_numbers, Some(vec![Some(1), Some(2)]));
        assert_eq!(g.rows.len(), 1);
    }

    #[test]
    fn column_numbers_under_placeholders() {
        let g = split(rows("项目\t总计\t小计\n**\t1\t2\n合计\t5.00\t5.00"));
        assert_eq!(g.column_numbers, Some(vec![None, Some(1), Some(2)]));
        assert_eq!(g.rows.len(), 1);
    }

    #[test]
    fn no_column_numbers() {
        let g = split(rows("科目编码\t科目名称\t决算数\n301\t工资福利支出\t1.00"));
        assert_eq!(g.header.len(), 1);
        assert_eq!(g.column_numbers, None);
        assert_eq!(g.rows.len(), 1);
    }
}
