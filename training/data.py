"""Sentence examples from annotated documents, and the corpus as a ``datasets.DatasetDict``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from inference.families.base import previous_sentences
from inference.segment import split_sentences
from inference.taxonomy import Taxonomy
from training.documents import DEFAULT_DATA_DIR, SPLITS, Document, LoadedDocument, read_corpus
from inference.errors import CorpusError


@dataclass
class SentenceExample:
    doc_id: str
    register: str
    split: str | None
    start: int
    end: int
    text: str
    labels: frozenset[str]
    hard_negative: frozenset[str]


def document_sentences(doc: Document) -> list[SentenceExample]:
    """Split a document with the runtime's splitter; each sentence takes the labels of the
    annotations that overlap it. Text no annotation covers carries no label."""
    examples = []
    for sentence in split_sentences(doc.text):
        labels: set[str] = set()
        negatives: set[str] = set()
        for ann in doc.annotations:
            if ann.start < sentence.end and sentence.start < ann.end:
                labels.update(ann.labels)
                negatives.update(ann.hard_negative)
        examples.append(
            SentenceExample(
                doc.id, doc.register_, None, sentence.start, sentence.end, sentence.text,
                frozenset(labels), frozenset(negatives),
            )
        )
    return examples


def corpus_examples(documents: Iterable[LoadedDocument]) -> list[SentenceExample]:
    """Sentence examples of many documents, each tagged with its document's split."""
    out = []
    for loaded in documents:
        for example in document_sentences(loaded.doc):
            example.split = loaded.split
            out.append(example)
    return out


def previous_of(examples: list[SentenceExample]) -> list[str]:
    """Each example's preceding sentence in its document (``""`` for the first); ``examples`` keep
    each document's sentences together and in order, as :func:`corpus_examples` gives them."""
    return previous_sentences([e.text for e in examples], [e.doc_id for e in examples])


def multi_hot(labels: Iterable[frozenset[str]], taxonomy: Taxonomy) -> np.ndarray:
    """Label sets to an ``(n, n_labels)`` 0/1 matrix in taxonomy order; unknown ids are an error."""
    index = taxonomy.index
    rows = list(labels)
    matrix = np.zeros((len(rows), len(taxonomy)), dtype=np.int8)
    for i, label_set in enumerate(rows):
        for label in label_set:
            if label not in index:
                taxonomy.check_ids([label], "the corpus")
            matrix[i, index[label]] = 1
    return matrix


def load_documents(paths: Iterable[str | Path] = (DEFAULT_DATA_DIR,)) -> list[LoadedDocument]:
    """Read the corpus, failing on the first schema problem (run ``sgtag data validate`` for all)."""
    result = read_corpus(paths)
    if result.problems:
        raise CorpusError(f"{result.problems[0]} (run 'sgtag data validate' for the full list)")
    return result.documents


def corpus_fingerprint(documents: Iterable[LoadedDocument]) -> str:
    """A short hash of the corpus content and split assignment: equal corpora, equal fingerprints."""
    digest = hashlib.sha256()
    for loaded in sorted(documents, key=lambda d: d.doc.id):
        digest.update(f"{loaded.split}\x00".encode())
        digest.update(loaded.doc.model_dump_json().encode())
    return digest.hexdigest()[:16]


def load_dataset(paths: Iterable[str | Path] = (DEFAULT_DATA_DIR,), taxonomy: Taxonomy | None = None):
    """The corpus as a ``datasets.DatasetDict`` of sentence examples, one split per data file.

    Columns: ``doc_id``, ``register``, ``text``, ``start``, ``end``, ``hard_negative`` and
    ``labels`` (multi-hot, in taxonomy order). Built in memory; nothing is downloaded.
    """
    import datasets

    from inference.taxonomy import load_taxonomy

    taxonomy = taxonomy or load_taxonomy()
    examples = corpus_examples(load_documents(paths))
    features = datasets.Features(
        {
            "doc_id": datasets.Value("string"),
            "register": datasets.Value("string"),
            "text": datasets.Value("string"),
            "start": datasets.Value("int32"),
            "end": datasets.Value("int32"),
            "hard_negative": datasets.Value("bool"),
            "labels": datasets.Sequence(datasets.Value("int8"), length=len(taxonomy)),
        }
    )
    by_split: dict[str, list[SentenceExample]] = {}
    for example in examples:
        by_split.setdefault(example.split or "data", []).append(example)
    order = [s for s in SPLITS if s in by_split] + sorted(set(by_split) - set(SPLITS))
    out = {}
    for split in order:
        rows = by_split[split]
        out[split] = datasets.Dataset.from_dict(
            {
                "doc_id": [r.doc_id for r in rows],
                "register": [r.register for r in rows],
                "text": [r.text for r in rows],
                "start": [r.start for r in rows],
                "end": [r.end for r in rows],
                "hard_negative": [bool(r.hard_negative) for r in rows],
                "labels": multi_hot((r.labels for r in rows), taxonomy).tolist(),
            },
            features=features,
        )
    return datasets.DatasetDict(out)
