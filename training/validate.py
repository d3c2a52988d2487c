"""``sgtag data validate``: every check on an annotated corpus, each problem with file, line and id."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable

import numpy as np

from inference.segment import split_sentences
from inference.taxonomy import Taxonomy
from training.documents import LoadedDocument, Problem, read_corpus

#: Sentences whose normalised token sets overlap more than this are near-duplicates.
NEAR_DUPLICATE_JACCARD = 0.8
#: Page furniture repeats by nature and is left out of the near-duplicate check.
_FURNITURE = re.compile(
    r"^(follow|related (topics|stories|links)|most read|share|image|photo|picture|copyright|published|updated|"
    r"sign up|read more|listen|watch|more on this story|top stories|advertisement|by [A-Z]|key issues:?$|"
    r"keywords:?$|background:?$|learning:?$|recommendations:?$)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[a-z0-9]+")
_MIN_TOKENS = 5


def normalised_tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text.lower()))


def is_furniture(text: str) -> bool:
    return bool(_FURNITURE.match(text.strip())) or len(_TOKEN.findall(text.lower())) < _MIN_TOKENS


def check_document(loaded: LoadedDocument, taxonomy: Taxonomy) -> list[Problem]:
    """Checks that need one document: label ids, offsets, overlaps and sentence alignment."""
    doc = loaded.doc
    problems = []

    def report(message: str) -> None:
        problems.append(Problem(loaded.path, loaded.line, doc.id, message))

    sentences = split_sentences(doc.text)
    starts = {s.start for s in sentences}
    ends = {s.end for s in sentences}
    spans = []
    for i, ann in enumerate(doc.annotations):
        for label in [*ann.labels, *ann.hard_negative]:
            if label not in taxonomy:
                report(f"annotations[{i}]: unknown label {label!r} (not in taxonomy {taxonomy.name!r})")
        if not ann.labels and not ann.hard_negative:
            report(f"annotations[{i}]: no labels and no hard_negative marks")
        if ann.end <= ann.start or ann.end > len(doc.text):
            report(f"annotations[{i}]: offsets {ann.start}-{ann.end} are outside the text (length {len(doc.text)}) or empty")
            continue
        if ann.start not in starts or ann.end not in ends:
            snippet = doc.text[ann.start:ann.end][:60]
            report(f"annotations[{i}]: span {ann.start}-{ann.end} {snippet!r} does not line up with sentence boundaries")
        spans.append((ann.start, ann.end, i))
    spans.sort()
    for (s1, e1, i1), (s2, e2, i2) in zip(spans, spans[1:]):
        if s2 < e1:
            report(f"annotations[{i1}] ({s1}-{e1}) and annotations[{i2}] ({s2}-{e2}) overlap")
    return problems


def check_duplicates(documents: list[LoadedDocument]) -> list[Problem]:
    """Duplicate ids, duplicate texts, and a document in more than one split."""
    problems = []
    by_id: dict[str, list[LoadedDocument]] = defaultdict(list)
    by_text: dict[str, list[LoadedDocument]] = defaultdict(list)
    for loaded in documents:
        by_id[loaded.doc.id].append(loaded)
        by_text[hashlib.sha256(loaded.doc.text.strip().encode()).hexdigest()].append(loaded)
    for doc_id, copies in by_id.items():
        if len(copies) < 2:
            continue
        splits = sorted({c.split or c.path.name for c in copies})
        first = copies[0]
        for other in copies[1:]:
            if len(splits) > 1:
                message = f"document is in more than one split ({', '.join(splits)}); also at {first.path}:{first.line}"
            else:
                message = f"duplicate document id; first at {first.path}:{first.line}"
            problems.append(Problem(other.path, other.line, doc_id, message))
    for copies in by_text.values():
        ids = {c.doc.id for c in copies}
        if len(ids) > 1:
            first = copies[0]
            for other in copies[1:]:
                problems.append(
                    Problem(other.path, other.line, other.doc.id, f"same text as document {first.doc.id!r} ({first.path}:{first.line})")
                )
    return problems


def check_near_duplicates(documents: list[LoadedDocument], threshold: float = NEAR_DUPLICATE_JACCARD) -> list[Problem]:
    """Pairs of sentences (across the whole corpus) whose normalised-token Jaccard exceeds ``threshold``."""
    from sklearn.feature_extraction.text import CountVectorizer

    items = []  # (loaded, sentence text)
    seen_ids = set()
    for loaded in documents:
        if loaded.doc.id in seen_ids:
            continue  # a repeated document is reported once, as a duplicate
        seen_ids.add(loaded.doc.id)
        for sentence in split_sentences(loaded.doc.text):
            if not is_furniture(sentence.text):
                items.append((loaded, sentence.text))
    if len(items) < 2:
        return []
    vectorizer = CountVectorizer(token_pattern=_TOKEN.pattern, lowercase=True, binary=True)
    matrix = vectorizer.fit_transform([text for _, text in items]).astype(np.float32).tocsr()
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    problems = []
    block = 2000
    for lo in range(0, matrix.shape[0], block):
        inter = (matrix[lo : lo + block] @ matrix.T).tocoo()
        for r, c, shared in zip(inter.row, inter.col, inter.data):
            i = lo + r
            if c <= i:
                continue
            union = sizes[i] + sizes[c] - shared
            if union and shared / union > threshold:
                a, text_a = items[i]
                b, text_b = items[c]
                problems.append(
                    Problem(
                        b.path, b.line, b.doc.id,
                        f"near-duplicate sentence (Jaccard {shared / union:.2f}) of one in {a.doc.id!r} "
                        f"({a.path}:{a.line}): {text_b[:70]!r} ~ {text_a[:70]!r}",
                    )
                )
    return problems


def validate_corpus(paths: Iterable[str | Path], taxonomy: Taxonomy) -> tuple[list[LoadedDocument], list[Problem]]:
    """Run every check; returns the documents read and every problem found."""
    result = read_corpus(paths)
    problems = list(result.problems)
    for loaded in result.documents:
        problems.extend(check_document(loaded, taxonomy))
    problems.extend(check_duplicates(result.documents))
    problems.extend(check_near_duplicates(result.documents))
    problems.sort(key=lambda p: (str(p.path), p.line))
    return result.documents, problems
