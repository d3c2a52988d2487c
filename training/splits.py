"""Document-level train/dev/test assignment, stratified over labels and stable as documents are added.

The assignment lives in ``labels/splits.tsv`` (``id<TAB>split``). Documents already there keep
their split forever; new documents are placed one by one, rarest labels first, in the split whose
share of each of their labels is furthest below its target (iterative stratification).
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

from inference.errors import CorpusError
from training.documents import SPLITS

TARGETS = {"train": 0.70, "dev": 0.15, "test": 0.15}


def read_splits(path: Path) -> dict[str, str]:
    """Read the assignment file; a malformed line is an error naming the line."""
    if not path.exists():
        return {}
    assignment: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != 2 or row[1] not in SPLITS:
                raise CorpusError(f"{path}:{number}: expected 'id<TAB>train|dev|test', found {row!r}")
            if row[0] in assignment:
                raise CorpusError(f"{path}:{number}: document {row[0]!r} is assigned twice")
            assignment[row[0]] = row[1]
    return assignment


def assign_splits(doc_labels: dict[str, set[str]], existing: dict[str, str]) -> dict[str, str]:
    """Assign every document without a split; existing assignments are returned unchanged."""
    assignment = dict(existing)
    counts = {split: Counter() for split in SPLITS}
    sizes = Counter()
    for doc_id, split in existing.items():
        if doc_id in doc_labels:
            counts[split].update(doc_labels[doc_id])
            sizes[split] += 1
    totals = Counter(label for labels in doc_labels.values() for label in labels)
    new = [doc_id for doc_id in doc_labels if doc_id not in assignment]

    def order(doc_id: str) -> tuple:
        rarest = min((totals[label] for label in doc_labels[doc_id]), default=10**9)
        # A content-free hash keeps the order stable without depending on file order.
        return rarest, hashlib.sha1(doc_id.encode()).hexdigest()

    for doc_id in sorted(new, key=order):
        labels = doc_labels[doc_id]
        n_docs = sum(sizes.values()) + 1

        def deficit(split: str) -> float:
            label_gap = sum(TARGETS[split] * (totals[label]) - counts[split][label] for label in labels)
            size_gap = TARGETS[split] * n_docs - sizes[split]
            return label_gap + 2.0 * size_gap

        best = max(SPLITS, key=deficit)
        assignment[doc_id] = best
        counts[best].update(labels)
        sizes[best] += 1
    return assignment


def write_splits(path: Path, assignment: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Document split assignment: never edit an existing line; new documents are added by 'sgtag data build'.\n")
        for doc_id in sorted(assignment):
            handle.write(f"{doc_id}\t{assignment[doc_id]}\n")
