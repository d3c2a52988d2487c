"""The interface every model family implements (scikit-learn's contract where it fits)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
import warnings
from typing import ClassVar, Literal, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from inference.errors import ModelLoadError


class FamilyParams(BaseModel):
    """Base of each family's typed parameters; unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")


class LogisticParams(FamilyParams):
    """Parameters shared by families with one-vs-rest logistic regression heads."""

    C: float = Field(4.0, gt=0)
    class_weight: Literal["balanced"] | None = "balanced"
    max_iter: int = Field(2000, ge=10)


def fit_one_vs_rest(estimator, X, y: np.ndarray):
    """Fit an estimator with one-vs-rest heads; a label with no positive example (possible in a tiny
    corpus) is scored 0, which is what we want, so scikit-learn's warning about it is dropped."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
        return estimator.fit(X, y)


class Family(ABC):
    """A multi-label sentence classifier.

    ``__init__`` only stores its parameters; ``fit`` learns and returns ``self``; learned state
    ends in ``_``; ``predict_proba`` returns an ``(n_sentences, n_labels)`` array of scores in [0, 1].
    """

    name: ClassVar[str]
    Params: ClassVar[type[FamilyParams]] = FamilyParams

    def __init__(self, params: FamilyParams | None = None, seed: int | None = None):
        self.params = params if params is not None else self.Params()
        self.seed = seed

    @abstractmethod
    def fit(self, texts: Sequence[str], y: np.ndarray, dev_texts: Sequence[str] = (), dev_y: np.ndarray | None = None) -> "Family":
        """Learn from sentences and their ``(n, n_labels)`` 0/1 matrix; dev data may steer early stopping."""

    @abstractmethod
    def _predict_proba(self, texts: list[str]) -> np.ndarray:
        """Scores for a non-empty list of sentences."""

    @abstractmethod
    def save(self, directory: Path) -> None:
        """Write the fitted state into ``directory`` (no pickles: safetensors, skops, JSON)."""

    @classmethod
    @abstractmethod
    def load(cls, directory: Path, n_labels: int, params: FamilyParams | None = None) -> "Family":
        """Read a fitted family back from ``directory``; ``params`` are those it was trained with."""

    @property
    @abstractmethod
    def n_labels_(self) -> int:
        """Number of labels the fitted model scores."""

    def is_fitted(self) -> bool:
        try:
            self.n_labels_
        except AttributeError:
            return False
        return True

    def predict_proba(self, texts: Sequence[str] | str) -> np.ndarray:
        """Scores for each sentence; a single string is one sentence; an empty batch gives ``(0, n_labels)``."""
        if not self.is_fitted():
            raise ModelLoadError(f"{type(self).__name__} is not fitted: call fit() or load() first")
        if isinstance(texts, str):
            texts = [texts]
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.n_labels_), dtype=np.float32)
        return self._predict_proba(texts)


def check_training_data(texts: Sequence[str], y: np.ndarray) -> np.ndarray:
    """Validate ``fit`` inputs: one row of labels per text, 2-D, 0/1."""
    y = np.asarray(y)
    if y.ndim != 2:
        raise ValueError(f"expected y of shape (n_samples, n_labels), got shape {y.shape}")
    if len(texts) != y.shape[0]:
        raise ValueError(f"got {len(texts)} texts but {y.shape[0]} rows of labels")
    if len(texts) == 0:
        raise ValueError("cannot fit on an empty training set")
    return y.astype(np.int8)
