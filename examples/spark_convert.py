"""Convert a folder of reports on Spark and write a partitioned dataset.

    pip install ./python pyspark
    python examples/spark_convert.py samples/ dataset/

writes dataset/records (partitioned by year and report) and
dataset/documents, the same rows and types as

    gongkai convert samples/ --out OUT --format parquet

On a cluster, submit it with spark-submit and install the gongkai package
on every executor.
"""

import sys

from pyspark.sql import SparkSession

import gongkai.spark


def main(reports: str, out: str) -> None:
    spark = SparkSession.builder.appName("gongkai").getOrCreate()
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.{pdf,PDF,txt,TXT}")
        .load(reports)
    )
    # One task per file keeps a slow report from holding up its neighbours.
    files = files.repartition(max(1, files.count()))
    gongkai.spark.convert(files).write.mode("overwrite").partitionBy(
        "year", "report"
    ).parquet(f"{out}/records")
    gongkai.spark.convert(files, "documents").write.mode("overwrite").parquet(
        f"{out}/documents"
    )
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: spark_convert.py REPORTS_DIR OUT_DIR")
    main(sys.argv[1], sys.argv[2])
