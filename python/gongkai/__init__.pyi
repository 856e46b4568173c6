import os
from dataclasses import dataclass
from typing import Iterable, Optional, Union

import pyarrow as pa

__version__: str

PathLike = Union[str, os.PathLike[str]]

@dataclass(frozen=True)
class Result:
    records: pa.Table
    documents: pa.Table
    tables: pa.Table
    sections: pa.Table
    findings: Optional[pa.Table] = ...

def convert(
    inputs: Union[PathLike, Iterable[PathLike]],
    *,
    jobs: Optional[int] = ...,
    validate: bool = ...,
    timeout: int = ...,
) -> Result: ...
def convert_bytes(
    data: bytes, name: str, *, validate: bool = ..., timeout: int = ...
) -> Result: ...
