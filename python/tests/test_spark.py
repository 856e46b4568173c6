import pyarrow.parquet as pq
import pytest

from conftest import SAMPLES, read_output, sort_rows

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("gongkai-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_job_writes_what_the_command_writes(spark, cli_output, tmp_path):
    import gongkai.spark

    files = spark.read.format("binaryFile").load(str(SAMPLES))
    records = gongkai.spark.convert(files)
    out = tmp_path / "records"
    records.write.partitionBy("report").parquet(str(out))

    expected = read_output(cli_output, "records")
    got = pq.read_table(out, partitioning="hive")
    got = got.select(expected.column_names)
    # hive partitions come back dictionary-encoded: compare as plain text
    got = got.set_column(
        got.column_names.index("report"), "report", got["report"].cast("string")
    )
    assert got.num_rows == expected.num_rows > 1000
    for field in expected.schema:
        if field.name != "report":
            assert got.schema.field(field.name).type == field.type, field.name
    assert sort_rows(got).equals(sort_rows(expected.cast(got.schema)))


def test_spark_documents_give_each_file_its_status(spark, tmp_path):
    import gongkai.spark

    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\nnot really")
    (tmp_path / "005.txt").write_bytes((SAMPLES / "005_9d0360014768.txt").read_bytes())
    files = spark.read.format("binaryFile").load(str(tmp_path))
    rows = {r["doc"]: r["status"] for r in gongkai.spark.convert(files, "documents").collect()}
    assert rows["005.txt"] == "ok"
    assert rows["bad.pdf"] != "ok"
