"""Shared fixtures. Every test runs offline: a guard refuses any connection off this machine."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from pathlib import Path

import numpy as np
import pytest

for _key, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ[_key] = _value

ROOT = Path(__file__).resolve().parent.parent
_real_connect = socket.socket.connect


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(autouse=True)
def _isolated_mlflow(tmp_path, monkeypatch):
    """Each test gets its own MLflow store, never the project's mlflow.db."""
    import mlflow

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.setenv("MLFLOW_REGISTRY_URI", uri)
    # MLflow also keeps the URIs in module globals; a test that set them must not leak into the next.
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)


@pytest.fixture(scope="session")
def taxonomy():
    from inference.taxonomy import load_taxonomy

    return load_taxonomy(ROOT / "labels" / "taxonomy.yaml")


def make_document(doc_id: str, sentences: list[tuple[str, list[str]]], register: str = "news", negatives=None) -> dict:
    """A JSONL document from (sentence, labels) pairs, sentences one a line, offsets computed."""
    negatives = negatives or {}
    text, annotations = "", []
    for i, (sentence, labels) in enumerate(sentences):
        if text:
            text += "\n"
        start = len(text)
        text += sentence
        hard = negatives.get(i, [])
        if labels or hard:
            annotations.append({"start": start, "end": len(text), "labels": labels, "hard_negative": hard})
    return {"id": doc_id, "register": register, "title": sentences[0][0], "text": text, "annotations": annotations}


def write_corpus(folder: Path, splits: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for split, docs in splits.items():
        with (folder / f"{split}.jsonl").open("w", encoding="utf-8") as handle:
            for doc in docs:
                handle.write(json.dumps(doc) + "\n")
    return folder


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    """A real tfidf_linear model fitted on the tiny fixture corpus and saved as a model directory."""
    from inference.families import get_family
    from inference.model import DocumentRule, SgtagModel
    from inference.taxonomy import load_taxonomy
    from tests.fixtures import tiny_corpus
    from training.data import corpus_examples, load_documents, multi_hot

    taxonomy = load_taxonomy(ROOT / "labels" / "taxonomy.yaml")
    folder = tiny_corpus(tmp_path_factory.mktemp("tiny") / "corpus")
    examples = [e for e in corpus_examples(load_documents([folder])) if e.split == "train"]
    family = get_family("tfidf_linear")(seed=1).fit([e.text for e in examples], multi_hot((e.labels for e in examples), taxonomy))
    model = SgtagModel(family, taxonomy.ids, np.full(len(taxonomy), 0.4, dtype=np.float32), DocumentRule(), taxonomy)
    return model.save(tmp_path_factory.mktemp("model") / "tiny")
