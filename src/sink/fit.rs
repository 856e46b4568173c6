//! Every row a writer gets fits the output types, whatever the format.
//!
//! A cell the typed formats cannot hold (a value with more decimals than
//! decimal(38, 6) keeps, a count that is not an integer) would otherwise
//! stop the Parquet writer in the middle of a corpus while CSV took it as
//! it is. Such a row is left out of every format alike, and the
//! document's `message` says which and why, so that one cell never costs
//! the run and the formats never disagree.

use rust_decimal::Decimal;

use super::parquet::{DECIMAL_PRECISION, DECIMAL_SCALE};
use super::schema::{Cell, Row};
use super::DocRows;

/// Why a cell does not fit its column's type, if it does not. Typed rows
/// hold only integers, booleans and text their columns take; a decimal
/// may still have more places than decimal(38, 6) keeps.
pub fn misfit(cell: &Cell) -> Option<&'static str> {
    match *cell {
        Cell::Decimal(Some(d)) if mantissa(d).is_none() => Some("more than 6 decimals"),
        _ => None,
    }
}

/// The value at scale 6 as decimal(38, 6) stores it, refusing any that
/// scale 6 would round or 38 digits not hold.
pub fn mantissa(d: Decimal) -> Option<i128> {
    let d = d.normalize();
    if d.scale() > DECIMAL_SCALE as u32 {
        return None;
    }
    let m = d
        .mantissa()
        .checked_mul(10i128.pow(DECIMAL_SCALE as u32 - d.scale()))?;
    (m.unsigned_abs() < 10u128.pow(DECIMAL_PRECISION as u32)).then_some(m)
}

/// Leave out the rows of one output with a cell that does not fit,
/// naming each in `notes`.
fn keep_fitting<R: Row>(rows: &mut Vec<R>, notes: &mut Vec<String>) {
    rows.retain(|row| {
        let cells = row.cells();
        let bad = R::SCHEMA
            .columns
            .iter()
            .zip(&cells)
            .find_map(|(&(name, _), cell)| Some((name, cell, misfit(cell)?)));
        if let Some((name, cell, why)) = bad {
            notes.push(format!(
                "{}.{name} {:?} ({why})",
                R::SCHEMA.name,
                cell.text()
            ));
        }
        bad.is_none()
    });
}

/// Leave out the rows with a cell that does not fit, counting them in
/// the document's message and its `records` count.
pub fn fit(mut rows: DocRows) -> DocRows {
    let mut notes = Vec::new();
    keep_fitting(&mut rows.records, &mut notes);
    keep_fitting(&mut rows.documents, &mut notes);
    keep_fitting(&mut rows.sections, &mut notes);
    keep_fitting(&mut rows.tables, &mut notes);
    keep_fitting(&mut rows.findings, &mut notes);
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
    let records = rows.record_count() as i64;
    for row in &mut rows.documents {
        row.records = records;
        row.message = rows.message.clone();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sink::schema::{DocumentRow, RecordRow};
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn decimals_fit_at_scale_six() {
        assert_eq!(mantissa(dec("217.46")), Some(217_460_000));
        assert_eq!(mantissa(dec("-3.00")), Some(-3_000_000));
        assert_eq!(mantissa(dec("107.000000")), Some(107_000_000));
        assert_eq!(mantissa(dec("107.0000005")), None);
        assert_eq!(
            misfit(&Cell::Decimal(Some(dec("107.0000005")))),
            Some("more than 6 decimals")
        );
        assert_eq!(misfit(&Cell::Decimal(None)), None);
    }

    #[test]
    fn a_row_that_does_not_fit_is_left_out_and_counted() {
        let record = |value: &str| RecordRow {
            doc: "a.txt".into(),
            block: 1,
            value: dec(value),
            ..RecordRow::default()
        };
        let rows = DocRows {
            doc: "a.txt".into(),
            records: vec![record("1.00"), record("107.0000005")],
            documents: vec![DocumentRow {
                records: 2,
                ..DocumentRow::default()
            }],
            ..DocRows::default()
        };
        let rows = fit(rows);
        assert_eq!(rows.record_count(), 1);
        assert!(rows.message.contains("107.0000005"), "{}", rows.message);
        assert_eq!(rows.documents[0].records, 1);
        assert!(rows.documents[0].message.contains("left out"));
    }
}
