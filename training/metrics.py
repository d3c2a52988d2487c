"""Sentence- and document-level metrics, per-label threshold tuning and the document rule."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    f1_score,
    hamming_loss,
    precision_recall_curve,
    precision_recall_fscore_support,
)

from inference.model import DocumentRule


def tune_global_threshold(y: np.ndarray, scores: np.ndarray, lo: float = 0.05, hi: float = 0.95) -> float:
    """The one threshold, shared by all labels, with the best micro-F1 on ``(y, scores)``."""
    cuts = np.round(np.arange(lo, hi + 1e-9, 0.01), 2)
    f1 = [f1_score(y, scores >= c, average="micro", zero_division=0) for c in cuts]
    return float(cuts[int(np.argmax(f1))])


def tune_thresholds(y: np.ndarray, scores: np.ndarray, default: float = 0.5, lo: float = 0.05, hi: float = 0.95,
                    shrinkage: float = 0.0) -> np.ndarray:
    """Per label, the threshold that maximises that label's F1 on ``(y, scores)``.

    A label with no positives (or no usable curve) keeps ``default``. The chosen point is the
    midpoint between the best score cut and the next score below it, clipped to ``[lo, hi]``, so a
    threshold does not sit exactly on one dev example. With ``shrinkage`` k > 0 each label's
    threshold is pulled towards the shared micro-F1 threshold with weight k / (k + positives): a
    label with few dev positives mostly keeps the shared one, which generalises better than a
    threshold fitted to a handful of sentences.
    """
    if shrinkage > 0 and y.sum():
        default = tune_global_threshold(y, scores, lo, hi)
    thresholds = np.full(y.shape[1], default, dtype=np.float32)
    for j in range(y.shape[1]):
        if y[:, j].sum() == 0:
            continue
        precision, recall, cuts = precision_recall_curve(y[:, j], scores[:, j])
        f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(precision), where=(precision + recall) > 0)[:-1]
        if not len(cuts):
            continue
        best = int(np.argmax(f1))
        below = scores[:, j][scores[:, j] < cuts[best]]
        cut = (cuts[best] + below.max()) / 2 if below.size else cuts[best]
        tuned = float(np.clip(cut, lo, hi))
        positives = float(y[:, j].sum())
        weight = positives / (positives + shrinkage) if shrinkage > 0 else 1.0
        thresholds[j] = weight * tuned + (1 - weight) * default
    return thresholds


@dataclass
class DocumentSet:
    """Sentence scores grouped by document, with the gold labels of each document."""

    scores: list[np.ndarray]
    gold: np.ndarray  # (n_docs, n_labels)


def group_by_document(doc_ids: list[str], scores: np.ndarray, y: np.ndarray) -> DocumentSet:
    order: dict[str, list[int]] = {}
    for i, doc_id in enumerate(doc_ids):
        order.setdefault(doc_id, []).append(i)
    groups = list(order.values())
    gold = np.array([y[idx].max(axis=0) for idx in groups], dtype=np.int8).reshape(len(groups), y.shape[1])
    return DocumentSet([scores[idx] for idx in groups], gold)


def document_predictions(docs: DocumentSet, thresholds: np.ndarray, rule: DocumentRule) -> tuple[np.ndarray, np.ndarray]:
    pred = np.array([rule.apply(s, thresholds) for s in docs.scores], dtype=np.int8).reshape(docs.gold.shape)
    best = np.array([s.max(axis=0) for s in docs.scores]).reshape(docs.gold.shape)
    return pred, best


def tune_document_rule(docs: DocumentSet, thresholds: np.ndarray) -> DocumentRule:
    """The rule (minimum sentences, threshold scale) with the best document micro-F1 on dev."""
    best_rule, best_f1 = DocumentRule(), -1.0
    for min_sentences in (1, 2, 3):
        for scale in (1.0, 1.15, 1.3, 1.5):
            rule = DocumentRule(min_sentences, scale)
            pred, _ = document_predictions(docs, thresholds, rule)
            f1 = f1_score(docs.gold, pred, average="micro", zero_division=0)
            if f1 > best_f1 + 1e-9:
                best_rule, best_f1 = rule, f1
    return best_rule


def multilabel_metrics(y: np.ndarray, pred: np.ndarray, scores: np.ndarray, labels: list[str]) -> dict:
    """Micro/macro F1, per-label P/R/F1/support, macro PR-AUC, subset accuracy and Hamming loss."""
    y = np.asarray(y).astype(int)
    pred = np.asarray(pred).astype(int)
    precision, recall, f1, support = precision_recall_fscore_support(y, pred, average=None, zero_division=0, labels=range(len(labels)))
    present = y.sum(axis=0) > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)
        pr_auc = float(average_precision_score(y[:, present], scores[:, present], average="macro")) if present.any() else 0.0
    return {
        "micro_f1": float(f1_score(y, pred, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(y[:, present], pred[:, present], average="macro", zero_division=0)) if present.any() else 0.0,
        "micro_precision": float(precision_recall_fscore_support(y, pred, average="micro", zero_division=0)[0]),
        "micro_recall": float(precision_recall_fscore_support(y, pred, average="micro", zero_division=0)[1]),
        "macro_pr_auc": pr_auc,
        "subset_accuracy": float(accuracy_score(y, pred)),
        "hamming_loss": float(hamming_loss(y, pred)),
        "per_label": {
            label: {"precision": float(precision[j]), "recall": float(recall[j]), "f1": float(f1[j]), "support": int(support[j])}
            for j, label in enumerate(labels)
        },
    }
