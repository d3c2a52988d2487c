"""Batch tagging: documents in, themes and evidence sentences out.

``Tagger.tag_files`` streams: documents are read one at a time, their sentences pooled across
documents into batches of about ``batch_size`` sentences (the families sort each batch by length
to cut padding), and results come out in input order. Memory stays flat however many documents
there are. A document that cannot be read gives an ``error`` result; the batch goes on.
"""

from __future__ import annotations

import glob
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np

from inference.errors import DocumentError
from inference.families.base import previous_sentences
from inference.loading import LoadedModel, load_model
from inference.readers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, extract_text, read_bytes
from inference.segment import split_sentences

STDIN = "-"


@dataclass
class DocumentInput:
    """One document to tag: where it came from and, once read, its bytes (or why not)."""

    source: str
    doc_id: str
    suffix: str
    data: bytes | None = None
    error: str | None = None

    @property
    def content_sha256(self) -> str | None:
        return hashlib.sha256(self.data).hexdigest() if self.data is not None else None


def expand_inputs(paths: Iterable[str]) -> Iterator[DocumentInput]:
    """Files, folders (recursively, supported types only), globs and ``-`` (standard input), in order.

    A path that does not exist (or a glob matching nothing) yields an input carrying that error.
    """
    for raw in paths:
        if raw == STDIN:
            yield DocumentInput("<stdin>", "stdin", ".txt")
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES):
                yield DocumentInput(str(child), child.stem, child.suffix)
        elif path.exists():
            yield DocumentInput(str(path), path.stem, path.suffix)
        elif glob.has_magic(raw):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                yield DocumentInput(raw, Path(raw).stem, "", error="no files match this pattern")
            for match in files:
                yield DocumentInput(str(match), match.stem, match.suffix)
        else:
            yield DocumentInput(raw, path.stem, path.suffix, error="no such file or folder")


class Tagger:
    """Tags texts and files with a loaded sgtag model.

    Example::

        tagger = Tagger.load("models:/sgtag-default@champion")
        result = tagger.tag_text("The father was never assessed.")
        for result in tagger.tag_files(["reports/"]):
            ...
    """

    def __init__(self, loaded: LoadedModel, batch_size: int = 256, max_bytes: int = DEFAULT_MAX_BYTES):
        self.loaded = loaded
        self.model = loaded.model
        self.batch_size = batch_size
        self.max_bytes = max_bytes
        self.model_info = loaded.describe()

    @classmethod
    def load(cls, uri: str | None = None, **kwargs) -> "Tagger":
        """Load a model (default: the ``champion`` alias of ``sgtag-default``) and wrap it."""
        return cls(load_model(uri), **kwargs)

    @property
    def model_key(self) -> str:
        """Identifies the model for resuming: same key, same tags."""
        info = self.model_info
        return f"{info['uri']}|{info['name']}|{info['version']}|{info['run_id']}"

    # --- results -------------------------------------------------------------------------------

    def _error_result(self, doc: DocumentInput, error: str) -> dict:
        return {"doc_id": doc.doc_id, "source": doc.source, "status": "error", "error": error, "model": self.model_info,
                "content_sha256": doc.content_sha256, "labels": [], "scores": {}, "sentences": []}

    def _result(self, doc: DocumentInput, sentences, scores: np.ndarray) -> dict:
        labels = self.model.labels
        on = self.model.sentence_labels(scores)
        doc_scores = self.model.document_scores(scores)
        doc_on = self.model.document_labels(scores)
        return {
            "doc_id": doc.doc_id,
            "source": doc.source,
            "status": "ok",
            "error": None,
            "model": self.model_info,
            "content_sha256": doc.content_sha256,
            "labels": [label for label, flag in zip(labels, doc_on) if flag],
            "scores": {label: round(float(s), 4) for label, s in zip(labels, doc_scores)},
            "sentences": [
                {
                    "index": i,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "labels": [label for label, flag in zip(labels, on[i]) if flag],
                    "scores": {label: round(float(v), 4) for label, v in zip(labels, scores[i])},
                }
                for i, s in enumerate(sentences)
            ],
        }

    # --- public API ----------------------------------------------------------------------------

    def tag_text(self, text: str, doc_id: str = "text", source: str = "<text>") -> dict:
        """Tag one text; returns the same result dict as :meth:`tag_files` gives per document."""
        doc = DocumentInput(source, doc_id, ".txt", data=text.encode("utf-8"))
        sentences = split_sentences(text)
        return self._result(doc, sentences, self.model.document_sentence_scores([s.text for s in sentences]))

    def tag_files(self, paths: Iterable[str], skip: Callable[[DocumentInput], bool] | None = None,
                  progress: bool = False) -> Iterator[dict]:
        """Tag files, folders, globs and ``-``, yielding one result per document in input order.

        Args:
            skip: called with each readable document (bytes loaded); return True to leave it out
                (resuming uses this to pass over documents already written).
            progress: show a progress bar with documents and sentences per second.
        """
        from tqdm.auto import tqdm

        bar = tqdm(desc="tagging", unit="doc", disable=not progress, dynamic_ncols=True)
        pending: list[tuple[DocumentInput, object]] = []  # (doc, sentences or error string)
        n_sentences = 0
        total_sentences = 0

        def emit(batch):
            nonlocal total_sentences
            for result in self._flush(batch):
                total_sentences += len(result["sentences"])
                bar.update(1)
                bar.set_postfix(sentences=total_sentences, refresh=False)
                yield result

        try:
            for doc in expand_inputs(paths):
                self._load(doc)
                if skip is not None and skip(doc):
                    continue
                item = doc.error if doc.error else self._extract(doc)
                pending.append((doc, item))
                if not isinstance(item, str):
                    n_sentences += len(item)
                if n_sentences >= self.batch_size:
                    yield from emit(pending)
                    pending, n_sentences = [], 0
            yield from emit(pending)
        finally:
            bar.close()

    def _load(self, doc: DocumentInput) -> None:
        """Read the document's bytes (so its hash is known before any parsing), or record why not."""
        if doc.error:
            return
        try:
            if doc.source == "<stdin>":
                doc.data = sys.stdin.buffer.read()
                if len(doc.data) > self.max_bytes:
                    raise DocumentError(f"input is {len(doc.data) / 1e6:.1f} MB, over the {self.max_bytes / 1e6:.0f} MB limit (--max-size)")
            else:
                doc.data = read_bytes(Path(doc.source), self.max_bytes)
        except DocumentError as exc:
            doc.error = str(exc)

    def _extract(self, doc: DocumentInput):
        """The document's sentences, or the reason it cannot be tagged (a string)."""
        try:
            text = extract_text(doc.data, doc.suffix)
        except DocumentError as exc:
            doc.error = str(exc)
            return doc.error
        sentences = split_sentences(text)
        if not sentences:
            doc.error = "no sentences found"
            return doc.error
        return sentences

    def _flush(self, pending) -> Iterator[dict]:
        documents = [item for _, item in pending if not isinstance(item, str)]
        texts = [s.text for item in documents for s in item]
        previous = previous_sentences(texts, [i for i, item in enumerate(documents) for _ in item])
        scores = self.model.sentence_scores(texts, previous) if texts else np.zeros((0, len(self.model.labels)), dtype=np.float32)
        offset = 0
        for doc, item in pending:
            if isinstance(item, str):
                yield self._error_result(doc, item)
                continue
            yield self._result(doc, item, scores[offset : offset + len(item)])
            offset += len(item)
