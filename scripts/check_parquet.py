#!/usr/bin/env python3
"""Read a gongkai output folder's Parquet files back with pyarrow (and a
partitioned records dataset with DuckDB) and check them against the CSV
files of the same run: the schema's types, and every value.

    scripts/check_parquet.py OUT

Exits 0 when everything agrees, 1 with the first disagreement otherwise.
"""
import csv
import decimal
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

INT = {"year", "block", "row_no", "column_no", "page", "pages", "tables", "records",
       "table_no", "header_rows", "data_rows"}
DECIMAL = {"value", "expected", "actual", "diff"}
BOOL = {"empty", "is_report"}


def expected_type(name):
    if name in INT:
        return pa.int64()
    if name in DECIMAL:
        return pa.decimal128(38, 6)
    if name in BOOL:
        return pa.bool_()
    return pa.string()


def as_csv_text(name, value):
    """A Parquet value as the CSV prints it."""
    if value is None:
        return ""
    if name in DECIMAL:
        return value
    if name in BOOL:
        return "true" if value else "false"
    return str(value)


def same(name, csv_text, value):
    if name in DECIMAL:
        return value is not None and decimal.Decimal(csv_text) == value
    return as_csv_text(name, value) == csv_text


def check_file(out, name):
    path = os.path.join(out, name + ".parquet")
    table = pq.read_table(path)
    with open(os.path.join(out, name + ".csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0].keys()) if rows else None
    names = table.schema.names
    if header is not None and names != header:
        return f"{path}: columns {names} != CSV {header}"
    for field in table.schema:
        if field.type != expected_type(field.name):
            return f"{path}: column {field.name} is {field.type}, expected {expected_type(field.name)}"
    if table.num_rows != len(rows):
        return f"{path}: {table.num_rows} rows, CSV has {len(rows)}"
    data = table.to_pydict()
    for i, row in enumerate(rows):
        for col in names:
            if not same(col, row[col], data[col][i]):
                return f"{path}: row {i + 1} column {col}: {data[col][i]!r} != CSV {row[col]!r}"
    return None


def check_partitions(out):
    import duckdb
    root = os.path.join(out, "records")
    with open(os.path.join(out, "records.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    got = duckdb.sql(
        f"SELECT count(*), sum(value) FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true)"
    ).fetchall()[0]
    want = (len(rows), sum(decimal.Decimal(r["value"]) for r in rows))
    if got[0] != want[0] or decimal.Decimal(got[1]) != want[1]:
        return f"{root}: DuckDB reads {got}, CSV has {want}"
    return None


def main():
    out = sys.argv[1]
    checked = 0
    for name in ("records", "documents", "sections", "tables", "findings"):
        if os.path.exists(os.path.join(out, name + ".parquet")):
            problem = check_file(out, name)
            if problem:
                print(problem)
                return 1
            checked += 1
    if os.path.isdir(os.path.join(out, "records")):
        problem = check_partitions(out)
        if problem:
            print(problem)
            return 1
        checked += 1
    if checked == 0:
        print(f"{out}: no Parquet output to check")
        return 1
    print(f"{checked} Parquet outputs agree with the CSV")
    return 0


if __name__ == "__main__":
    sys.exit(main())
