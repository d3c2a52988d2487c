"""Score a model on annotated documents, at sentence and document level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inference.model import SgtagModel
from training.data import SentenceExample, multi_hot, previous_of
from training.metrics import DocumentSet, document_predictions, group_by_document, multilabel_metrics


@dataclass
class Evaluation:
    sentence: dict
    document: dict
    y: np.ndarray
    scores: np.ndarray
    n_documents: int

    def flat(self, prefix: str) -> dict[str, float]:
        """Metrics as MLflow names: ``test_micro_f1``, ``test_doc_micro_f1``, ``test_f1__<label>`` ..."""
        out = {}
        for level, metrics in (("", self.sentence), ("doc_", self.document)):
            for key, value in metrics.items():
                if key != "per_label":
                    out[f"{prefix}_{level}{key}"] = value
            for label, row in metrics["per_label"].items():
                for key in ("precision", "recall", "f1"):
                    out[f"{prefix}_{level}{key}__{label}"] = row[key]
        return out


def label_matrix(examples: list[SentenceExample], model: SgtagModel) -> np.ndarray:
    """Gold labels restricted to (and ordered by) the model's labels."""
    keep = set(model.labels)
    from inference.taxonomy import Taxonomy

    sub = Taxonomy(model.taxonomy.name, model.taxonomy.version, tuple(model.taxonomy.get(l) for l in model.labels))
    return multi_hot((frozenset(l for l in e.labels if l in keep) for e in examples), sub)


def evaluate_examples(model: SgtagModel, examples: list[SentenceExample], scores: np.ndarray | None = None) -> Evaluation:
    """Metrics of ``model`` on sentence examples (scored here unless ``scores`` are given)."""
    if scores is None:
        scores = model.sentence_scores([e.text for e in examples], previous_of(examples))
    y = label_matrix(examples, model)
    sentence = multilabel_metrics(y, model.sentence_labels(scores), scores, model.labels)
    docs: DocumentSet = group_by_document([e.doc_id for e in examples], scores, y)
    pred, best = document_predictions(docs, model.thresholds, model.document_rule)
    document = multilabel_metrics(docs.gold, pred, best, model.labels)
    return Evaluation(sentence, document, y, scores, len(docs.scores))
