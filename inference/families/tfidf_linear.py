"""``tfidf_linear``: word and character n-gram TF-IDF with one-vs-rest logistic regression."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
from pydantic import Field

from inference import skops_io
from inference.errors import ModelLoadError
from inference.families.base import Family, LogisticParams, check_training_data, fit_one_vs_rest


class TfidfLinearParams(LogisticParams):
    word_ngram_max: int = Field(2, ge=1, le=4)
    char_ngram_min: int = Field(2, ge=1, le=6)
    char_ngram_max: int = Field(5, ge=1, le=8)
    min_df: int = Field(1, ge=1)
    max_features: int | None = Field(200_000, ge=100)
    sublinear_tf: bool = True


class TfidfLinear(Family):
    name = "tfidf_linear"
    Params = TfidfLinearParams

    def _build(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import FeatureUnion, Pipeline

        p = self.params
        features = FeatureUnion(
            [
                ("word", TfidfVectorizer(ngram_range=(1, p.word_ngram_max), min_df=p.min_df, max_features=p.max_features,
                                         sublinear_tf=p.sublinear_tf, strip_accents="unicode", lowercase=True)),
                ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(p.char_ngram_min, p.char_ngram_max), min_df=p.min_df,
                                         max_features=p.max_features, sublinear_tf=p.sublinear_tf, lowercase=True)),
            ]
        )
        classifier = OneVsRestClassifier(
            LogisticRegression(C=p.C, class_weight=p.class_weight, max_iter=p.max_iter, solver="liblinear", dual=True, random_state=self.seed)
        )
        return Pipeline([("features", features), ("classifier", classifier)])

    def fit(self, texts: Sequence[str], y: np.ndarray, dev_texts: Sequence[str] = (), dev_y: np.ndarray | None = None,
            previous: Sequence[str] | None = None, dev_previous: Sequence[str] | None = None):
        y = check_training_data(texts, y, previous)
        self.pipeline_ = fit_one_vs_rest(self._build(), list(texts), y)
        self._n_labels = y.shape[1]
        return self

    @property
    def n_labels_(self) -> int:
        return self._n_labels

    def _predict_proba(self, texts: list[str], previous: list[str] | None = None) -> np.ndarray:
        return np.asarray(self.pipeline_.predict_proba(texts), dtype=np.float32)

    def save(self, directory: Path) -> None:
        # The vocabularies go to readable JSON (skops stores a 50k-entry dict item by item, slowly);
        # the classifiers, arrays underneath, go to skops.
        vectorizers = {
            name: {"vocabulary": {term: int(i) for term, i in vec.vocabulary_.items()}, "idf": vec.idf_.tolist()}
            for name, vec in self.pipeline_.named_steps["features"].transformer_list
        }
        (directory / "vectorizers.json").write_text(json.dumps(vectorizers, ensure_ascii=False))
        skops_io.dump(self.pipeline_.named_steps["classifier"], directory / "classifier.skops")

    @classmethod
    def load(cls, directory: Path, n_labels: int, params: TfidfLinearParams | None = None) -> "TfidfLinear":
        model = cls(params)
        pipeline = model._build()
        try:
            state = json.loads((directory / "vectorizers.json").read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelLoadError(f"{directory / 'vectorizers.json'}: cannot read the vectorizers ({exc})") from None
        for name, vec in pipeline.named_steps["features"].transformer_list:
            vec.vocabulary_ = state[name]["vocabulary"]
            vec.idf_ = np.asarray(state[name]["idf"], dtype=np.float64)
        pipeline.steps[-1] = ("classifier", skops_io.load(directory / "classifier.skops"))
        model.pipeline_ = pipeline
        model._n_labels = n_labels
        return model


FAMILY = TfidfLinear
