"""The authoring form of the corpus: one sentence a line with its labels (``labels/source/FORMAT.md``).

``build_corpus`` turns source files into JSONL documents with computed character offsets, so the
JSONL is reproducible from the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from inference.errors import CorpusError
from inference.segment import split_sentences
from inference.taxonomy import Taxonomy
from training.documents import REGISTERS, Annotation, Document

#: A line "ends a sentence" when it ends in . ? or ! perhaps followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.?!][\"'\u2019\u201d)\]]*$")
_HEADER = re.compile(r"^(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_SEPARATOR = " || "


@dataclass
class SourceLine:
    number: int
    text: str
    labels: list[str]
    hard_negative: list[str]


def _parse_labels(spec: str, path: Path, number: int, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    labels, negatives = [], []
    for token in spec.split():
        target = negatives if token.startswith("!") else labels
        label = token.lstrip("!")
        if label not in taxonomy:
            raise CorpusError(f"{path}:{number}: unknown label {label!r}; known labels: {', '.join(taxonomy.ids)}")
        if label not in target:
            target.append(label)
    return labels, negatives


def parse_source(path: Path, taxonomy: Taxonomy) -> tuple[dict[str, str], list[list[SourceLine]]]:
    """Read a source file into its header and paragraphs of lines.

    Raises:
        CorpusError: naming the file and line of a missing header key, an unknown label or a stray separator.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    header: dict[str, str] = {}
    body_start = None
    for number, line in enumerate(lines, start=1):
        if line.strip() == "---":
            body_start = number
            break
        if not line.strip():
            continue
        match = _HEADER.match(line.strip())
        if not match:
            raise CorpusError(f"{path}:{number}: expected a 'key: value' header line or '---', found {line!r}")
        header[match["key"]] = match["value"].strip()
    if body_start is None:
        raise CorpusError(f"{path}: no '---' line between header and body")
    for key in ("id", "register", "title"):
        if not header.get(key):
            raise CorpusError(f"{path}: header key {key!r} is missing")
    if header["id"] != path.stem:
        raise CorpusError(f"{path}: header id {header['id']!r} does not match the file name {path.stem!r}")
    if header["register"] not in REGISTERS:
        raise CorpusError(f"{path}: register {header['register']!r} is not one of {', '.join(REGISTERS)}")

    paragraphs: list[list[SourceLine]] = [[]]
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        text, sep, spec = line.partition(_SEPARATOR.rstrip())
        if sep and _SEPARATOR.strip() in spec:
            raise CorpusError(f"{path}:{number}: more than one '||' on the line")
        text = text.strip()
        if not text:
            raise CorpusError(f"{path}:{number}: labels with no sentence text")
        labels, negatives = _parse_labels(spec, path, number, taxonomy)
        paragraphs[-1].append(SourceLine(number, text, labels, negatives))
    return header, [p for p in paragraphs if p]


def _starts_sentence(paragraph_text: str, offset: int) -> bool:
    return any(s.start == offset for s in split_sentences(paragraph_text))


def build_document(path: Path, taxonomy: Taxonomy) -> Document:
    """Build one JSONL document from a source file, computing annotation offsets."""
    header, paragraphs = parse_source(path, taxonomy)
    text = ""
    annotations: list[Annotation] = []
    for paragraph in paragraphs:
        if text:
            text += "\n\n"
        para_start = len(text)
        for i, line in enumerate(paragraph):
            if i:
                # Join with a space only where the segmenter will split there again; otherwise a
                # line break, which is always a boundary.
                previous = paragraph[i - 1].text
                candidate = text[para_start:] + " " + line.text
                if _SENTENCE_END.search(previous) and _starts_sentence(candidate, len(candidate) - len(line.text)):
                    text += " "
                else:
                    text += "\n"
            start = len(text)
            text += line.text
            if line.labels or line.hard_negative:
                annotations.append(Annotation(start=start, end=len(text), labels=line.labels, hard_negative=line.hard_negative))
    return Document(id=header["id"], register=header["register"], title=header["title"], text=text, annotations=annotations)


def source_files(source_dir: Path) -> list[Path]:
    return sorted(source_dir.rglob("*.txt"), key=lambda p: p.stem)


def build_corpus(source_dir: Path, data_dir: Path, splits_path: Path, taxonomy: Taxonomy) -> dict[str, int]:
    """Build ``data_dir/{train,dev,test}.jsonl`` from every source file under ``source_dir``.

    Split assignments already in ``splits_path`` are kept; new documents are assigned and added.

    Returns:
        The number of documents written per split.
    """
    from training.documents import SPLITS, write_jsonl
    from training.splits import assign_splits, read_splits, write_splits

    files = source_files(source_dir)
    if not files:
        raise CorpusError(f"{source_dir}: no source .txt files found")
    documents: dict[str, Document] = {}
    for path in files:
        doc = build_document(path, taxonomy)
        if doc.id in documents:
            raise CorpusError(f"{path}: document id {doc.id!r} is used by another source file")
        documents[doc.id] = doc
    doc_labels = {doc.id: {label for ann in doc.annotations for label in ann.labels} for doc in documents.values()}
    existing = read_splits(splits_path)
    assignment = assign_splits(doc_labels, existing)
    write_splits(splits_path, assignment)
    counts = {}
    for split in SPLITS:
        chosen = [documents[i] for i in sorted(documents) if assignment[i] == split]
        write_jsonl(data_dir / f"{split}.jsonl", chosen)
        counts[split] = len(chosen)
    return counts
