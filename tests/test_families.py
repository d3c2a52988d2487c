"""The family contract, and bfloat16 scores staying close to float32."""

import numpy as np
import pytest

from inference.errors import ModelLoadError
from inference.families import available_families, get_family
from inference.families.encoder import SentenceEncoder, resolve_precision

TEXTS = [
    "The baby slept on the sofa with his father, who had been drinking.",
    "Records held by the hospital were never shared with the school nurse.",
    "The review was published on Tuesday.",
    "Nobody asked the mother's partner about his own history of violence.",
]


def test_registry_lists_the_families():
    assert available_families() == ["encoder_linear", "ensemble", "finetune", "tfidf_linear"]


@pytest.mark.parametrize("name", ["tfidf_linear", "encoder_linear"])
def test_contract(name):
    family = get_family(name)
    with pytest.raises(ModelLoadError, match="is not fitted"):
        family().predict_proba(TEXTS)
    y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1]] * 3)
    model = family(seed=0)
    model.progress = False
    assert model.fit(TEXTS * 3, y) is model
    scores = model.predict_proba(TEXTS)
    assert scores.shape == (4, 3) and scores.dtype == np.float32 and ((scores >= 0) & (scores <= 1)).all()
    assert model.predict_proba([]).shape == (0, 3)
    assert model.predict_proba(TEXTS[0]).shape == (1, 3)
    with pytest.raises(ValueError, match="got 4 texts but 12 rows"):
        family().fit(TEXTS, y)


def test_bfloat16_embeddings_stay_close_to_float32():
    full = SentenceEncoder(precision="float32").encode(TEXTS)
    half = SentenceEncoder(precision="bfloat16").encode(TEXTS)
    cosine = (full * half).sum(axis=1)
    assert (cosine > 0.99).all(), cosine


def test_auto_precision_follows_the_cpu(monkeypatch):
    from inference.families import encoder

    monkeypatch.setattr(encoder, "cpu_has_fast_bfloat16", lambda: False)
    assert resolve_precision("auto") == "float32"
    monkeypatch.setattr(encoder, "cpu_has_fast_bfloat16", lambda: True)
    assert resolve_precision("auto") == "bfloat16"
    assert resolve_precision("float32") == "float32"


def test_ensemble_averages_members_and_round_trips(tmp_path):
    from inference.families.ensemble import EnsembleParams

    y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1]] * 3)
    params = EnsembleParams(members=[{"family": "tfidf_linear", "weight": 3}, {"family": "encoder_linear", "params": {"batch_size": 8}}])
    ensemble = get_family("ensemble")(params, seed=0)
    ensemble.progress = False
    ensemble.fit(TEXTS * 3, y)
    tfidf, encoder = (m.predict_proba(TEXTS) for m in ensemble.members_)
    assert np.allclose(ensemble.predict_proba(TEXTS), (3 * tfidf + encoder) / 4, atol=1e-6)
    ensemble.save(tmp_path)
    loaded = get_family("ensemble").load(tmp_path, 3, params)
    assert np.allclose(loaded.predict_proba(TEXTS), ensemble.predict_proba(TEXTS), atol=1e-6)


def test_ensemble_rejects_unknown_members():
    from pydantic import ValidationError

    from inference.families.ensemble import EnsembleParams

    with pytest.raises(ValidationError, match="unknown member family 'bert'"):
        EnsembleParams(members=[{"family": "bert"}])
    with pytest.raises(ValidationError, match="unknown member family 'ensemble'"):
        EnsembleParams(members=[{"family": "ensemble"}])
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        EnsembleParams(members=[{"family": "tfidf_linear", "params": {"Cee": 1}}])


def test_length_grouped_batches_cover_every_example_once_with_little_padding():
    from inference.families.encoder import length_grouped_batches

    rng = np.random.default_rng(0)
    lengths = rng.integers(5, 90, size=1000)
    batches = length_grouped_batches(lengths, 32, np.random.default_rng(1), window=10)
    seen = np.concatenate(batches)
    assert sorted(seen.tolist()) == list(range(1000))
    assert all(len(b) <= 32 for b in batches)
    padded = sum(len(b) * lengths[b].max() for b in batches)
    shuffled = [np.arange(1000)[i : i + 32] for i in range(0, 1000, 32)]
    assert padded < 0.8 * sum(len(b) * lengths[b].max() for b in shuffled)
    # Another epoch draws other batches.
    again = length_grouped_batches(lengths, 32, np.random.default_rng(2), window=10)
    assert [b.tolist() for b in again] != [b.tolist() for b in batches]


@pytest.mark.parametrize("pooling", ["mean", "cls"])
def test_finetune_heads_round_trip_and_the_files_name_the_head(tmp_path, pooling):
    from inference.families.finetune import FinetuneParams

    family = get_family("finetune")
    y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1]])
    params = FinetuneParams(pooling=pooling, max_steps=2, batch_size=2, max_length=32, inference_precision="float32")
    model = family(params, seed=0)
    model.progress = False
    model.fit(TEXTS, y)
    scores = model.predict_proba(TEXTS)
    assert scores.shape == (4, 3) and ((scores >= 0) & (scores <= 1)).all()
    model.save(tmp_path)
    assert (tmp_path / "hf_model" / "model.safetensors").exists()
    assert (tmp_path / "hf_model" / "head.safetensors").exists() == (pooling == "mean")
    # Loading trusts the files: a [CLS] model saved before ``pooling`` existed loads with default params.
    loaded = family.load(tmp_path, 3, FinetuneParams(inference_precision="float32"))
    assert loaded.params.pooling == pooling
    assert np.allclose(loaded.predict_proba(TEXTS), scores, atol=1e-5)


def test_previous_sentences_stay_inside_each_document():
    from inference.families.base import previous_sentences

    texts = ["a1", "a2", "a3", "b1", "c1", "c2"]
    assert previous_sentences(texts, ["a", "a", "a", "b", "c", "c"]) == ["", "a1", "a2", "", "", "c1"]
    assert previous_sentences([], []) == []
    with pytest.raises(ValueError, match="got 6 sentences but 2 document keys"):
        previous_sentences(texts, ["a", "b"])


def test_finetune_with_context_reads_the_previous_sentence_and_pools_its_own(tmp_path):
    from inference.families.finetune import FinetuneParams

    family = get_family("finetune")
    y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1]])
    previous = ["", TEXTS[0], TEXTS[1], TEXTS[2]]
    params = FinetuneParams(context="previous", context_max_length=8, max_steps=2, batch_size=2, max_length=32,
                            inference_precision="float32")
    model = family(params, seed=0)
    model.progress = False
    model.fit(TEXTS, y, TEXTS, y, previous=previous, dev_previous=previous)

    # The sentence is the first segment, pooled; the previous one follows, cut to its token budget.
    first, second = model._features(TEXTS[:2], previous[:2])
    assert set(first["token_type_ids"]) == {0} and first["input_ids"][-1] == model._tokenizer().sep_token_id
    assert second["token_type_ids"].count(1) == 8 + 1
    long_sentence = " ".join(["neglect"] * 200)
    (long,) = model._features([long_sentence], [long_sentence])
    assert long["token_type_ids"].count(0) == 32 and len(long["input_ids"]) == 32 + 8 + 1

    scores = model.predict_proba(TEXTS, previous)
    assert scores.shape == (4, 3)
    # The context changes the scores; without it each sentence reads as its document's first.
    other = model.predict_proba(TEXTS, ["", TEXTS[3], TEXTS[3], TEXTS[0]])
    assert not np.allclose(scores[1:], other[1:], atol=1e-4)
    assert np.allclose(scores[0], other[0], atol=1e-6)
    assert np.allclose(model.predict_proba(TEXTS), model.predict_proba(TEXTS, [""] * 4), atol=1e-6)
    with pytest.raises(ValueError, match="got 4 sentences but 3 previous sentences"):
        model.predict_proba(TEXTS, previous[:3])

    model.save(tmp_path)
    loaded = family.load(tmp_path, 3, params)
    assert np.allclose(loaded.predict_proba(TEXTS, previous), scores, atol=1e-5)


def test_families_without_context_ignore_it():
    y = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1]] * 3)
    model = get_family("tfidf_linear")(seed=0).fit(TEXTS * 3, y, previous=[""] + (TEXTS * 3)[:-1])
    assert np.array_equal(model.predict_proba(TEXTS, TEXTS[::-1]), model.predict_proba(TEXTS))
    with pytest.raises(ValueError, match="got 12 sentences but 13 previous sentences"):
        get_family("tfidf_linear")().fit(TEXTS * 3, y, previous=[""] * 13)
