"""Convert a corpus on a Spark cluster with gongkai's Rust core.

Each Spark task converts the files it is given with
:func:`gongkai.convert_bytes`; the result is a DataFrame with the columns
and types of the command's Parquet output, ready to write as partitioned
Parquet::

    from pyspark.sql import SparkSession
    import gongkai.spark

    spark = SparkSession.builder.getOrCreate()
    files = spark.read.format("binaryFile").load("reports/*.pdf")
    records = gongkai.spark.convert(files)
    records.write.partitionBy("year", "report").parquet("dataset/records")

Every executor needs the ``gongkai`` package installed (``pip install``
it there, or ship the wheel with ``--py-files`` / ``spark.archives``).
"""

from __future__ import annotations

from typing import Iterator

import pyarrow as pa

import gongkai

__all__ = ["OUTPUTS", "convert", "schema"]

OUTPUTS = ("records", "documents", "tables", "sections", "findings")


def _arrow_schema(output: str) -> pa.Schema:
    empty = gongkai.convert_bytes(b"", "empty.txt", validate=True)
    return getattr(empty, output).schema


def schema(output: str = "records"):
    """The Spark schema of one output (``records``, ``documents``,
    ``tables``, ``sections`` or ``findings``)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    if output not in OUTPUTS:
        raise ValueError(f"output must be one of {', '.join(OUTPUTS)}, not {output!r}")
    return from_arrow_schema(_arrow_schema(output))


def _base_name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def convert(
    files,
    output: str = "records",
    *,
    path_column: str = "path",
    content_column: str = "content",
    validate: bool = False,
    timeout: int = 60,
):
    """Convert the files of a DataFrame read with
    ``spark.read.format("binaryFile")`` and return one output of the
    conversion as a DataFrame.

    A file that cannot be read gives no records and its status row in
    ``documents``, as in the command; it never fails the job.
    """
    spark_schema = schema(output)
    arrow_schema = _arrow_schema(output)
    check = validate or output == "findings"

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            paths = batch.column(path_column).to_pylist()
            contents = batch.column(content_column).to_pylist()
            for path, content in zip(paths, contents):
                result = gongkai.convert_bytes(
                    content, _base_name(path), validate=check, timeout=timeout
                )
                table = getattr(result, output).cast(arrow_schema)
                yield from table.to_batches()

    return files.select(path_column, content_column).mapInArrow(run, spark_schema)
