import shutil

import pyarrow as pa
import pytest

import gongkai
from conftest import SAMPLES, read_output


def test_convert_equals_the_command_output(cli_output):
    result = gongkai.convert(SAMPLES, validate=True)
    for name in ("records", "documents", "tables", "sections", "findings"):
        expected = read_output(cli_output, name)
        got = getattr(result, name)
        assert got.schema == expected.schema, name
        if name == "documents":
            # the path column names the files as each caller gave them
            got, expected = got.drop(["path"]), expected.drop(["path"])
        assert got.equals(expected), name
    assert result.records.num_rows > 1000


def test_types_are_the_parquet_types():
    records = gongkai.convert(SAMPLES).records
    assert records.schema.field("value").type == pa.decimal128(38, 6)
    assert records.schema.field("year").type == pa.int64()
    assert records.schema.field("page").type == pa.int64()
    # text reports have no page: null, not zero
    pages = records.filter(pa.compute.ends_with(records["doc"], ".txt"))["page"]
    assert pages.null_count == len(pages) > 0


def test_convert_bytes_equals_convert_on_a_file():
    for name in ("005_9d0360014768.txt", "004_9c9774e311a1.pdf"):
        path = SAMPLES / name
        from_file = gongkai.convert(path)
        in_memory = gongkai.convert_bytes(path.read_bytes(), name)
        assert in_memory.records.equals(from_file.records)
        assert in_memory.tables.equals(from_file.tables)
        assert in_memory.records.num_rows > 0


def test_jobs_do_not_change_the_result():
    one = gongkai.convert([SAMPLES], jobs=1)
    two = gongkai.convert([SAMPLES], jobs=2)
    assert one.records.equals(two.records)


def test_a_damaged_file_is_a_status_row_not_an_exception(tmp_path):
    good = SAMPLES / "005_9d0360014768.txt"
    shutil.copy(good, tmp_path / good.name)
    pdf = (SAMPLES / "004_9c9774e311a1.pdf").read_bytes()
    (tmp_path / "damaged.pdf").write_bytes(pdf[: len(pdf) // 3])
    (tmp_path / "page.pdf").write_bytes(b"<!DOCTYPE html><html><body>404</body></html>")
    result = gongkai.convert(tmp_path)
    docs = {d["doc"]: d for d in result.documents.to_pylist()}
    assert docs["005_9d0360014768.txt"]["status"] == "ok"
    assert docs["page.pdf"]["status"] == "not-pdf"
    assert docs["damaged.pdf"]["status"] != "ok" or docs["damaged.pdf"]["message"]
    assert set(result.records["doc"].to_pylist()) >= {"005_9d0360014768.txt"}

    alone = gongkai.convert_bytes(b"\x00\x01binary", "x.txt").documents.to_pylist()
    assert alone[0]["status"] == "error" and alone[0]["message"]


def test_misuse_raises():
    with pytest.raises(FileNotFoundError):
        gongkai.convert("/no/such/folder")
    with pytest.raises(ValueError):
        gongkai.convert(SAMPLES, jobs=0)
    with pytest.raises(TypeError):
        gongkai.convert_bytes("text", "x.txt")


def test_the_gil_is_released_while_rust_works():
    import threading

    worker = threading.Thread(target=gongkai.convert, args=(SAMPLES,), kwargs={"jobs": 1})
    ticks = 0
    worker.start()
    while worker.is_alive():
        ticks += 1
    worker.join()
    # Python code ran all along the conversion: with the GIL held it could
    # not have run at all between the call's start and its end.
    assert ticks > 10_000
