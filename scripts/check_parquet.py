#!/usr/bin/env python3
"""Read a gongkai output folder's Parquet and JSONL files back and check
them against the CSV files of the same run: the schema's types, every
value, empty text as null, and that each loads with the plain call of
pandas, polars, DuckDB and pyarrow (a partitioned records dataset too).

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
DECIMAL = {"value", "value_yuan", "expected", "actual", "diff"}
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
    if csv_text == "":
        return value is None
    if name in DECIMAL:
        return value is not None and decimal.Decimal(csv_text) == value
    return as_csv_text(name, value) == csv_text


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def loads_everywhere(path, rows, kind):
    """Each reader's plain call loads `path` with the CSV's row count."""
    import duckdb
    import pandas as pd
    import polars as pl

    if kind == "parquet":
        readers = {
            "pandas": lambda: len(pd.read_parquet(path)),
            "polars": lambda: pl.read_parquet(path).height,
            "pyarrow": lambda: pq.read_table(path).num_rows,
            "duckdb": lambda: duckdb.sql(
                f"SELECT count(*) FROM read_parquet('{path}/**/*.parquet', hive_partitioning = true)"
                if os.path.isdir(path) else f"SELECT count(*) FROM '{path}'").fetchall()[0][0],
        }
    else:
        import pyarrow.json as pj
        readers = {
            "pandas": lambda: len(pd.read_json(path, lines=True)),
            "polars": lambda: pl.read_ndjson(path).height,
            "pyarrow": lambda: pj.read_json(path).num_rows,
            "duckdb": lambda: duckdb.sql(f"SELECT count(*) FROM read_json('{path}')").fetchall()[0][0],
        }
    for reader, count in readers.items():
        try:
            n = count()
        except Exception as e:  # noqa: BLE001 - any failure of a reader is the finding
            return f"{path}: {reader} cannot load it: {e}"
        if n != len(rows):
            return f"{path}: {reader} reads {n} rows, CSV has {len(rows)}"
    return None


def check_jsonl(out, name):
    """Every JSONL row equals a CSV row, empty text is null, numbers typed."""
    import json
    path = os.path.join(out, name + ".jsonl")
    rows = read_csv(os.path.join(out, name + ".csv"))
    with open(path, encoding="utf-8") as f:
        objects = [json.loads(line, parse_float=decimal.Decimal) for line in f]
    key = lambda r: tuple(sorted((k, "" if v is None else str(v)) for k, v in r.items()))  # noqa: E731
    as_text = [{k: as_csv_text(k, v) if not isinstance(v, bool) else ("true" if v else "false")
                for k, v in o.items()} for o in objects]
    if sorted(map(key, as_text)) != sorted(map(key, rows)):
        return f"{path}: rows differ from the CSV"
    for o in objects:
        for k, v in o.items():
            if v == "":
                return f"{path}: column {k} has an empty string, not null"
            if k in INT and v is not None and not isinstance(v, int):
                return f"{path}: column {k} is {v!r}, not an integer"
    return loads_everywhere(path, rows, "jsonl")


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
    return loads_everywhere(path, rows, "parquet")


def check_partitions(out):
    import duckdb
    root = os.path.join(out, "records")
    rows = read_csv(os.path.join(out, "records.csv"))
    got = duckdb.sql(
        f"SELECT count(*), sum(value) FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true)"
    ).fetchall()[0]
    want = (len(rows), sum(decimal.Decimal(r["value"]) for r in rows))
    if got[0] != want[0] or decimal.Decimal(got[1]) != want[1]:
        return f"{root}: DuckDB reads {got}, CSV has {want}"
    return loads_everywhere(root, rows, "parquet")


def main():
    out = sys.argv[1]
    checked = 0
    for extension, check in ((".parquet", check_file), (".jsonl", check_jsonl)):
        for name in ("records", "documents", "sections", "tables", "findings"):
            if os.path.exists(os.path.join(out, name + extension)):
                problem = check(out, name)
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
        print(f"{out}: no Parquet or JSONL output to check")
        return 1
    print(f"{checked} Parquet and JSONL outputs agree with the CSV")
    return 0


if __name__ == "__main__":
    sys.exit(main())
