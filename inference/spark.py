"""Tag a Spark DataFrame of texts with an sgtag model, through ``mlflow.pyfunc.spark_udf``.

For corpora that outgrow one machine: the model is shipped to the executors once and each
partition is scored in Arrow batches. Example (a cluster: see the README)::

    from inference.spark import tag_dataframe
    tagged = tag_dataframe(spark.read.parquet("articles/"), "models:/sgtag-default@champion")
    tagged.select("id", "sgtag.labels").show()
"""

from __future__ import annotations

import os
import sys


def local_session(app_name: str = "sgtag", cores: int = 2):
    """A ``local[cores]`` SparkSession whose Python workers run this interpreter."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(cores))
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )


def tag_dataframe(frame, model_uri: str, text_column: str = "text", output_column: str = "sgtag", env_manager: str = "local"):
    """Add ``output_column``: a struct of ``labels`` (array of label ids) and one score per label.

    Args:
        frame: a Spark DataFrame with a string column ``text_column``, one document a row.
        model_uri: any MLflow model URI of an sgtag model (``models:/name@alias``, ``runs:/id/model``).
        env_manager: ``local`` uses the executors' Python as it is; ``virtualenv`` or ``conda``
            rebuild the model's logged environment on each executor.
    """
    import mlflow
    from pyspark.sql import functions as F

    if text_column not in frame.columns:
        from inference.errors import SgtagError

        raise SgtagError(f"the DataFrame has no column {text_column!r} (columns: {', '.join(frame.columns)})")
    udf = mlflow.pyfunc.spark_udf(frame.sparkSession, model_uri, env_manager=env_manager)
    return frame.withColumn(output_column, udf(F.struct(F.col(text_column).alias("text"))))
