"""Training from configs, tracked in a temporary MLflow store (see conftest)."""

import json
import subprocess
import sys

import mlflow
import numpy as np
import pandas as pd
import pytest

from inference.errors import TaxonomyError
from training.config import load_config
from training.train import train
from tests.conftest import ROOT
from tests.fixtures import tiny_corpus

FAMILY_PARAMS = {
    "tfidf_linear": [],
    "encoder_linear": ["params.batch_size=16"],
    "finetune": ["params.max_steps=2", "params.epochs=1", "params.batch_size=8", "params.max_length=32", "params.context=previous"],
}


def _config(tmp_path, family, extra=()):
    corpus = tiny_corpus(tmp_path / "corpus")
    path = tmp_path / f"{family}.yaml"
    path.write_text(f"family: {family}\nexperiment: tiny\nregistered_model_name: tiny-{family}\ndata:\n  paths: [{corpus}]\n")
    return load_config(path, [*FAMILY_PARAMS[family], *extra])


def _metric_names(run_id):
    return set(mlflow.get_run(run_id).data.metrics)


def test_every_family_logs_the_same_metric_names(tmp_path):
    names = {}
    for family in FAMILY_PARAMS:
        result = train(_config(tmp_path, family), progress=False)
        names[family] = _metric_names(result.run_id)
        run = mlflow.get_run(result.run_id)
        assert run.data.tags["family"] == family
    reference = names["tfidf_linear"]
    assert {"test_micro_f1", "test_macro_f1", "test_doc_micro_f1", "dev_doc_macro_f1", "test_f1__unsafe_sleep",
            "test_macro_pr_auc", "test_subset_accuracy", "test_hamming_loss", "train_time_s", "peak_rss_mb"} <= reference
    for family, got in names.items():
        assert got == reference, f"{family} differs: {sorted(got ^ reference)}"


def test_seeded_runs_reproduce(tmp_path):
    for family in ("tfidf_linear", "encoder_linear"):
        a = train(_config(tmp_path, family), progress=False)
        b = train(_config(tmp_path, family), progress=False)
        texts = ["The father was never assessed.", "The baby slept on the sofa."]
        assert np.array_equal(a.model.sentence_scores(texts), b.model.sentence_scores(texts))
        assert a.metrics["test_micro_f1"] == b.metrics["test_micro_f1"]


def test_ci_config_full_run_and_fresh_process_load(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    config = load_config(ROOT / "configs" / "ci.yaml")
    result = train(config, alias="champion", progress=False)
    run = mlflow.get_run(result.run_id)

    # Params are the flattened config; tags identify family, corpus and commit.
    assert run.data.params["family"] == "tfidf_linear"
    assert run.data.params["params.C"] == str(config.params["C"])
    assert {"family", "corpus_fingerprint", "git_commit"} <= set(run.data.tags)
    assert run.inputs.dataset_inputs[0].dataset.digest == run.data.tags["corpus_fingerprint"]
    artifacts = {a.path for a in mlflow.MlflowClient().list_artifacts(result.run_id)}
    assert {"per_label_report.csv", "per_label_report.md", "model_card.md", "config.yaml", "per_label_f1.png", "pr_curves_test.png"} <= artifacts

    # Registered, aliased, and loadable by a fresh process with the same scores.
    version = mlflow.MlflowClient().get_model_version_by_alias("sgtag-ci", "champion")
    assert str(version.version) == result.registered_version
    texts = ["The mother's partner was never assessed by the health visitor.", "Baby J slept on the sofa with his father, who had been drinking.", "The review was published on Tuesday."]
    local = mlflow.pyfunc.load_model("models:/sgtag-ci@champion").predict(pd.DataFrame({"text": texts}))
    code = (
        "import json, sys, mlflow, pandas as pd\n"
        "m = mlflow.pyfunc.load_model('models:/sgtag-ci@champion')\n"
        "out = m.predict(pd.DataFrame({'text': json.loads(sys.argv[1])}))\n"
        "print(out.drop(columns=['labels']).to_json(orient='values'))\n"
        "print(json.dumps(out['labels'].tolist()))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(texts)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    scores_line, labels_line = proc.stdout.strip().splitlines()[-2:]
    assert np.allclose(np.array(json.loads(scores_line)), local.drop(columns=["labels"]).to_numpy(), atol=1e-6)
    assert json.loads(labels_line) == local["labels"].tolist()
    assert "unsafe_sleep" in local.columns and local.shape == (3, 20)


def test_unknown_label_in_corpus_fails_before_training(tmp_path):
    config = _config(tmp_path, "tfidf_linear")
    bad = tmp_path / "corpus" / "train.jsonl"
    bad.write_text(bad.read_text().replace('"unsafe_sleep"', '"unsafe_sleeping"', 1))
    with pytest.raises(TaxonomyError, match=r"unknown label .unsafe_sleeping. in the corpus"):
        train(config, progress=False)
    assert mlflow.search_runs(search_all_experiments=True).empty
