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

    ``previous`` (in ``fit`` and ``predict_proba``) is each sentence's preceding sentence in its
    document, ``""`` for a document's first (see :func:`previous_sentences`). A family that reads
    context (``finetune`` with ``context: previous``) uses it; the others ignore it. Left out, every
    sentence is scored as if it opened its document.
    """

    name: ClassVar[str]
    Params: ClassVar[type[FamilyParams]] = FamilyParams

    def __init__(self, params: FamilyParams | None = None, seed: int | None = None):
        self.params = params if params is not None else self.Params()
        self.seed = seed

    @abstractmethod
    def fit(self, texts: Sequence[str], y: np.ndarray, dev_texts: Sequence[str] = (), dev_y: np.ndarray | None = None,
            previous: Sequence[str] | None = None, dev_previous: Sequence[str] | None = None) -> "Family":
        """Learn from sentences and their ``(n, n_labels)`` 0/1 matrix; dev data may steer early stopping."""

    @abstractmethod
    def _predict_proba(self, texts: list[str], previous: list[str] | None) -> np.ndarray:
        """Scores for a non-empty list of sentences (``previous`` checked to match, or None)."""

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

    def predict_proba(self, texts: Sequence[str] | str, previous: Sequence[str] | None = None) -> np.ndarray:
        """Scores for each sentence; a single string is one sentence; an empty batch gives ``(0, n_labels)``."""
        if not self.is_fitted():
            raise ModelLoadError(f"{type(self).__name__} is not fitted: call fit() or load() first")
        if isinstance(texts, str):
            texts = [texts]
        texts = list(texts)
        previous = check_previous(texts, previous)
        if not texts:
            return np.zeros((0, self.n_labels_), dtype=np.float32)
        return self._predict_proba(texts, previous)


def previous_sentences(texts: Sequence[str], documents: Sequence) -> list[str]:
    """Each sentence's preceding sentence in its document (``""`` for the first).

    ``documents`` gives each sentence's document (an id, an index: anything comparable); the
    sentences of a document must be consecutive and in reading order.
    """
    if len(texts) != len(documents):
        raise ValueError(f"got {len(texts)} sentences but {len(documents)} document keys")
    return [texts[i - 1] if i and documents[i - 1] == documents[i] else "" for i in range(len(texts))]


def check_previous(texts: Sequence[str], previous: Sequence[str] | None) -> list[str] | None:
    """``previous`` as a list, checked to give one preceding sentence per sentence."""
    if previous is None:
        return None
    if isinstance(previous, str):
        previous = [previous]
    previous = list(previous)
    if len(previous) != len(texts):
        raise ValueError(f"got {len(texts)} sentences but {len(previous)} previous sentences")
    return previous


def check_training_data(texts: Sequence[str], y: np.ndarray, previous: Sequence[str] | None = None) -> np.ndarray:
    """Validate ``fit`` inputs: one row of labels per text, 2-D, 0/1; one previous sentence per text if given."""
    check_previous(texts, previous)
    y = np.asarray(y)
    if y.ndim != 2:
        raise ValueError(f"expected y of shape (n_samples, n_labels), got shape {y.shape}")
    if len(texts) != y.shape[0]:
        raise ValueError(f"got {len(texts)} texts but {y.shape[0]} rows of labels")
    if len(texts) == 0:
        raise ValueError("cannot fit on an empty training set")
    return y.astype(np.int8)
