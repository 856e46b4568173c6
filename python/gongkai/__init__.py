"""gongkai: Chinese government fiscal disclosure reports (部门/单位 预算 and
决算 公开 reports, PDF and text) to tidy, typed Arrow tables.

The conversion is gongkai's Rust core, the same as the ``gongkai`` command:
the tables returned here have exactly the columns and types of
``gongkai convert --format parquet`` (decimal values, integer years and
pages, nulls where a cell is empty).

    >>> import gongkai
    >>> result = gongkai.convert("samples/")
    >>> result.records.num_rows > 0
    True

A report that cannot be read is never an exception: it gets its row in
``documents`` with a ``status`` and a ``message``, and the other files are
converted. Exceptions are for misuse only (a path that does not exist).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Iterable, Optional, Union

import pyarrow as pa
import pyarrow.parquet as pq

from . import _gongkai

__all__ = ["Result", "convert", "convert_bytes", "__version__"]

__version__ = _gongkai.version()

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Result:
    """The outputs of one conversion, as ``pyarrow.Table`` objects.

    ``findings`` is ``None`` unless the conversion was asked to validate.
    """

    records: pa.Table
    documents: pa.Table
    tables: pa.Table
    sections: pa.Table
    findings: Optional[pa.Table] = None


def _tables(parquet: dict) -> Result:
    read = {name: pq.read_table(io.BytesIO(data)) for name, data in parquet.items()}
    return Result(
        records=read["records"],
        documents=read["documents"],
        tables=read["tables"],
        sections=read["sections"],
        findings=read.get("findings"),
    )


def _paths(inputs: Union[PathLike, Iterable[PathLike]]) -> list:
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]
    paths = [os.fsdecode(p) for p in inputs]
    for p in paths:
        if not os.path.exists(p):
            raise FileNotFoundError(p)
    return paths


def convert(
    inputs: Union[PathLike, Iterable[PathLike]],
    *,
    jobs: Optional[int] = None,
    validate: bool = False,
    timeout: int = 60,
) -> Result:
    """Convert report files and folders (walked recursively, as the command
    does) into tables.

    ``jobs`` threads convert files in parallel (default: one per core); the
    GIL is released while they work. ``validate`` runs the arithmetic checks
    and fills ``findings``. ``timeout`` bounds the seconds spent on one file
    (0: no limit).
    """
    paths = _paths(inputs)
    if jobs is not None and jobs < 1:
        raise ValueError("jobs must be at least 1")
    return _tables(_gongkai.convert(paths, jobs, validate, timeout))


def convert_bytes(
    data: bytes, name: str, *, validate: bool = False, timeout: int = 60
) -> Result:
    """Convert one file held in memory, as a Spark or Ray task has it.

    ``name`` is the file's name (its base name is the ``doc`` column).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("data must be bytes")
    return _tables(_gongkai.convert_bytes(bytes(data), name, validate, timeout))
