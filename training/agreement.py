"""Inter-annotator agreement between two labellings of the same source documents.

Both passes are source files (``labels/source/FORMAT.md``) with identical text; agreement is
measured per label over lines, as Cohen's kappa and as F1 of the second pass against the first.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score

from inference.errors import CorpusError
from inference.taxonomy import Taxonomy
from training.source import parse_source


def _lines(path: Path, taxonomy: Taxonomy):
    _, paragraphs = parse_source(path, taxonomy)
    return [line for paragraph in paragraphs for line in paragraph]


def compare_passes(first_dir: Path, second_dir: Path, taxonomy: Taxonomy) -> dict:
    """Per-label agreement over every line of the documents present in both folders.

    Raises:
        CorpusError: a second-pass file whose text differs from the first pass (names file and line).
    """
    second_files = sorted(second_dir.glob("*.txt"))
    if not second_files:
        raise CorpusError(f"{second_dir}: no second-pass .txt files")
    first_by_name = {p.name: p for p in first_dir.rglob("*.txt")}
    rows_a, rows_b, disagreements = [], [], []
    for path in second_files:
        if path.name not in first_by_name:
            raise CorpusError(f"{path}: no first-pass document {path.name} under {first_dir}")
        a_lines, b_lines = _lines(first_by_name[path.name], taxonomy), _lines(path, taxonomy)
        if [l.text for l in a_lines] != [l.text for l in b_lines]:
            for la, lb in zip(a_lines, b_lines):
                if la.text != lb.text:
                    raise CorpusError(f"{path}:{lb.number}: text differs from the first pass ({first_by_name[path.name]}:{la.number})")
            raise CorpusError(f"{path}: number of lines differs from the first pass")
        for la, lb in zip(a_lines, b_lines):
            rows_a.append(set(la.labels))
            rows_b.append(set(lb.labels))
            if set(la.labels) != set(lb.labels):
                disagreements.append({"document": path.stem, "line": lb.number, "text": lb.text,
                                      "first": sorted(la.labels), "second": sorted(lb.labels)})
    per_label = {}
    for label in taxonomy.ids:
        a = np.array([label in r for r in rows_a], dtype=int)
        b = np.array([label in r for r in rows_b], dtype=int)
        both_constant = a.min() == a.max() == b.min() == b.max()
        per_label[label] = {
            "first_positives": int(a.sum()),
            "second_positives": int(b.sum()),
            "kappa": 1.0 if both_constant else float(cohen_kappa_score(a, b)),
            "f1": float(f1_score(a, b, zero_division=1.0)),
        }
    kappas = [v["kappa"] for v in per_label.values()]
    all_a = np.array([[l in r for l in taxonomy.ids] for r in rows_a], dtype=int)
    all_b = np.array([[l in r for l in taxonomy.ids] for r in rows_b], dtype=int)
    return {
        "documents": len(second_files),
        "lines": len(rows_a),
        "mean_kappa": float(np.mean(kappas)),
        "micro_f1": float(f1_score(all_a, all_b, average="micro", zero_division=1.0)),
        "exact_line_agreement": float(np.mean([x == y for x, y in zip(rows_a, rows_b)])),
        "per_label": per_label,
        "disagreements": disagreements,
    }
