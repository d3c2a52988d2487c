"""Tagging a Spark DataFrame on local[2] with the logged pyfunc model."""

import pytest

pyspark = pytest.importorskip("pyspark")


def test_tag_spark_dataframe(tmp_path, monkeypatch, tiny_model_dir):
    import mlflow

    from inference.model import SgtagModel
    from inference.spark import local_session, tag_dataframe
    from training.tracking import log_pyfunc

    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'spark.db'}")
    mlflow.set_tracking_uri(f"sqlite:///{tmp_path / 'spark.db'}")
    model = SgtagModel.load(tiny_model_dir)
    experiment = mlflow.MlflowClient().create_experiment("spark-test")
    with mlflow.start_run(experiment_id=experiment):
        info = log_pyfunc(tiny_model_dir, model, registered_model_name=None)

    texts = ["The baby slept on the sofa with his father, who had been drinking.", "The review was published on Tuesday.", ""]
    expected = [set(model.labels[j] for j in range(len(model.labels)) if model.document_labels(model.sentence_scores([t]))[j]) if t else set()
                for t in texts]
    spark = local_session(cores=2)
    try:
        frame = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], ["id", "text"]).repartition(2)
        rows = {r["id"]: r for r in tag_dataframe(frame, info.model_uri).select("id", "sgtag.*").collect()}
    finally:
        spark.stop()
    assert set(rows) == {0, 1, 2}
    for i, text in enumerate(texts):
        assert set(rows[i]["labels"]) == expected[i]
    assert rows[0]["unsafe_sleep"] > rows[1]["unsafe_sleep"]
    assert rows[2]["unsafe_sleep"] == 0.0
