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
    """Assign every document without a split; existing assignments are returned unchanged.

    Iterative stratification (Sechidis et al., 2011): take the label with the fewest documents
    still to place, give each of its documents to the split that most lacks that label (then the
    split that most lacks documents), and repeat. Targets count the documents already placed, so
    adding documents tops each split up towards 70/15/15 for every label.
    """
    assignment = dict(existing)
    totals = Counter(label for labels in doc_labels.values() for label in labels)
    want_docs = {s: TARGETS[s] * len(doc_labels) for s in SPLITS}
    want = {s: {label: TARGETS[s] * n for label, n in totals.items()} for s in SPLITS}
    for doc_id, split in existing.items():
        if doc_id in doc_labels:
            want_docs[split] -= 1
            for label in doc_labels[doc_id]:
                want[split][label] -= 1

    def key(doc_id: str) -> str:
        # A content-free hash keeps the order stable whatever order files were read in.
        return hashlib.sha1(doc_id.encode()).hexdigest()

    remaining = sorted((d for d in doc_labels if d not in assignment), key=key)

    def place(doc_id: str, label: str | None) -> None:
        def lack(split: str) -> tuple:
            return (want[split][label] if label else 0.0, want_docs[split], -SPLITS.index(split))

        split = max(SPLITS, key=lack)
        assignment[doc_id] = split
        want_docs[split] -= 1
        for other in doc_labels[doc_id]:
            want[split][other] -= 1

    while remaining:
        pending = Counter(label for d in remaining for label in doc_labels[d])
        if not pending:
            for doc_id in remaining:
                place(doc_id, None)
            break
        label = min(pending, key=lambda l: (pending[l], l))
        for doc_id in [d for d in remaining if label in doc_labels[d]]:
            place(doc_id, label)
        remaining = [d for d in remaining if d not in assignment]
    return assignment


def write_splits(path: Path, assignment: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# Document split assignment: never edit an existing line; new documents are added by 'sgtag data build'.\n")
        for doc_id in sorted(assignment):
            handle.write(f"{doc_id}\t{assignment[doc_id]}\n")
