import os
import pathlib
import subprocess

import pyarrow.parquet as pq
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def gongkai_bin() -> pathlib.Path:
    """The command built from this checkout (built here if missing)."""
    given = os.environ.get("GONGKAI_BIN")
    if given:
        return pathlib.Path(given)
    path = ROOT / "target" / "debug" / "gongkai"
    if not path.exists():
        subprocess.run(["cargo", "build", "--locked"], cwd=ROOT, check=True)
    return path


@pytest.fixture(scope="session")
def cli_output(tmp_path_factory):
    """The samples converted by the command, as Parquet, with validation."""
    out = tmp_path_factory.mktemp("cli")
    subprocess.run(
        [str(gongkai_bin()), "convert", str(SAMPLES), "--out", str(out),
         "--format", "parquet", "--validate", "--quiet"],
        check=True,
    )
    return out


def read_output(folder: pathlib.Path, name: str):
    return pq.read_table(folder / f"{name}.parquet")


def sort_rows(table):
    """Rows in a fixed order, for comparing outputs written in another order."""
    keys = [(c, "ascending") for c in table.column_names if c != "value"]
    return table.sort_by(keys)
