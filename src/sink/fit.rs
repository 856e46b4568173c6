//! Every row a writer gets fits the output types, whatever the format.
//!
//! A cell the typed formats cannot hold (a value with more decimals than
//! decimal(38, 6) keeps, a count that is not an integer) would otherwise
//! stop the Parquet writer in the middle of a corpus while CSV took it as
//! it is. Such a row is left out of every format alike, and the
//! document's `message` says which and why, so that one cell never costs
//! the run and the formats never disagree.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::parquet::{DECIMAL_PRECISION, DECIMAL_SCALE};
use super::schema::{ColumnType, Output, OUTPUTS};
use super::DocRows;

/// Why a cell does not fit its column's type, if it does not.
pub fn misfit(ty: ColumnType, text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return None;
    }
    match ty {
        ColumnType::Text => None,
        ColumnType::Int => text.parse::<i64>().is_err().then_some("not an integer"),
        ColumnType::Decimal => match mantissa(text) {
            Some(_) => None,
            None if Decimal::from_str(text).is_ok() => Some("more than 6 decimals"),
            None => Some("not a decimal"),
        },
        ColumnType::Bool => (text != "true" && text != "false").then_some("not true or false"),
    }
}

/// The value at scale 6 as decimal(38, 6) stores it, refusing any that
/// scale 6 would round or 38 digits not hold.
pub fn mantissa(text: &str) -> Option<i128> {
    let d = Decimal::from_str(text).ok()?.normalize();
    if d.scale() > DECIMAL_SCALE as u32 {
        return None;
    }
    let m = d
        .mantissa()
        .checked_mul(10i128.pow(DECIMAL_SCALE as u32 - d.scale()))?;
    (m.unsigned_abs() < 10u128.pow(DECIMAL_PRECISION as u32)).then_some(m)
}

/// Leave out the rows with a cell that does not fit, counting them in
/// the document's message and its `records` count.
pub fn fit(mut rows: DocRows) -> DocRows {
    let mut notes = Vec::new();
    for output in OUTPUTS {
        let schema = output.schema();
        rows.rows_mut(output).retain(|row| {
            let bad = schema
                .columns
                .iter()
                .zip(row)
                .find_map(|(&(name, ty), text)| Some((name, text, misfit(ty, text)?)));
            if let Some((name, text, why)) = bad {
                notes.push(format!("{}.{name} {text:?} ({why})", schema.name));
            }
            bad.is_none()
        });
    }
    if notes.is_empty() {
        return rows;
    }
    let note = format!(
        "{} row(s) left out, a value the output types cannot hold: {}",
        notes.len(),
        notes.join(", ")
    );
    rows.message = if rows.message.is_empty() {
        note
    } else {
        format!("{}; {note}", rows.message)
    };
    let records = rows.records().to_string();
    let documents = Output::Documents.schema();
    let (count, message) = (documents.index("records"), documents.index("message"));
    let text = rows.message.clone();
    for row in rows.rows_mut(Output::Documents) {
        if let Some(cell) = count.and_then(|i| row.get_mut(i)) {
            *cell = records.clone();
        }
        if let Some(cell) = message.and_then(|i| row.get_mut(i)) {
            *cell = text.clone();
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_fit_at_scale_six() {
        assert_eq!(mantissa("217.46"), Some(217_460_000));
        assert_eq!(mantissa("-3.00"), Some(-3_000_000));
        assert_eq!(mantissa("107.000000"), Some(107_000_000));
        assert_eq!(mantissa("107.0000005"), None);
        assert_eq!(
            misfit(ColumnType::Decimal, "107.0000005"),
            Some("more than 6 decimals")
        );
        assert_eq!(misfit(ColumnType::Int, "12a"), Some("not an integer"));
        assert_eq!(misfit(ColumnType::Int, ""), None);
    }

    #[test]
    fn a_row_that_does_not_fit_is_left_out_and_counted() {
        let mut rows = DocRows {
            doc: "a.txt".into(),
            ..DocRows::default()
        };
        let record = |value: &str| {
            let mut r = vec![String::new(); Output::Records.schema().columns.len()];
            let s = Output::Records.schema();
            r[0] = "a.txt".into();
            r[s.index("block").unwrap()] = "1".into();
            r[s.index("value").unwrap()] = value.into();
            r
        };
        *rows.rows_mut(Output::Records) = vec![record("1.00"), record("107.0000005")];
        let mut doc = vec![String::new(); Output::Documents.schema().columns.len()];
        doc[Output::Documents.schema().index("records").unwrap()] = "2".into();
        *rows.rows_mut(Output::Documents) = vec![doc];
        let rows = fit(rows);
        assert_eq!(rows.records(), 1);
        assert!(rows.message.contains("107.0000005"), "{}", rows.message);
        let d = &rows.rows(Output::Documents)[0];
        assert_eq!(d[Output::Documents.schema().index("records").unwrap()], "1");
        assert!(d[Output::Documents.schema().index("message").unwrap()].contains("left out"));
    }
}
