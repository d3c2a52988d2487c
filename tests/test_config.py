from pathlib import Path

import pytest

from inference.errors import ConfigError
from training.config import load_config
from tests.conftest import ROOT

CONFIGS = sorted((ROOT / "configs").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_every_config_file_loads(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    config = load_config(path)
    assert config.family
    assert config.flat()["family"] == config.family


def _write(tmp_path, body: str) -> Path:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    path = tmp_path / "c.yaml"
    path.write_text(body)
    return path


BASE = "family: tfidf_linear\ndata:\n  paths: [{corpus}]\n"


@pytest.mark.parametrize(
    "extra, message",
    [
        ("learning_rate: 0.1\n", r"c.yaml: learning_rate: unknown key"),
        ("params:\n  C_value: 2\n", r"c.yaml: params.C_value: unknown key"),
        ("params:\n  class_weight: heavy\n", r"params.class_weight: Input should be 'balanced'"),
        ("thresholds:\n  default: 2\n", r"thresholds.default: Input should be less than 1"),
    ],
)
def test_bad_keys_and_values_are_named(tmp_path, extra, message):
    path = _write(tmp_path, BASE.format(corpus=tmp_path / "corpus") + extra)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_unknown_family(tmp_path):
    path = _write(tmp_path, f"family: bert_large\ndata:\n  paths: [{tmp_path / 'corpus'}]\n")
    with pytest.raises(ConfigError, match=r"unknown model family 'bert_large'; choose one of: encoder_linear, ensemble, finetune, tfidf_linear"):
        load_config(path)


def test_missing_corpus_path(tmp_path):
    path = _write(tmp_path, "family: tfidf_linear\ndata:\n  paths: [no/such/corpus]\n")
    with pytest.raises(ConfigError, match=r"data.paths: corpus path 'no/such/corpus' does not exist"):
        load_config(path)


def test_label_not_in_taxonomy(tmp_path):
    path = _write(tmp_path, BASE.format(corpus=tmp_path / "corpus") + "  labels: [unsafe_sleep, neglect]\n")
    with pytest.raises(ConfigError, match=r"data.labels: 'neglect' not in taxonomy 'sgtag-default'"):
        load_config(path)


def test_overrides(tmp_path):
    path = _write(tmp_path, BASE.format(corpus=tmp_path / "corpus"))
    config = load_config(path, ["params.C=0.5", "seed=7", "thresholds.tune=false", "experiment=other"])
    assert config.params["C"] == 0.5 and config.seed == 7 and config.thresholds.tune is False
    assert config.experiment == "other"
    with pytest.raises(ConfigError, match=r"params.Cee: unknown key"):
        load_config(path, ["params.Cee=1"])
    with pytest.raises(ConfigError, match=r"--set expects key=value, got 'seed'"):
        load_config(path, ["seed"])


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match=r"nope.yaml: config file not found"):
        load_config(tmp_path / "nope.yaml")
