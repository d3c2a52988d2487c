"""The corpus format: annotated documents as JSONL, one document a line, read with provenance."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inference.errors import CorpusError

SPLITS = ("train", "dev", "test")
REGISTERS = ("news", "report", "summary")

#: Where the project's corpus lives, relative to the repository root.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "labels" / "data"


class Annotation(BaseModel):
    """A labelled span. ``hard_negative`` names themes whose words the span uses without carrying them."""

    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    labels: list[str] = Field(default_factory=list)
    hard_negative: list[str] = Field(default_factory=list)


class Document(BaseModel):
    """One corpus document. ``register_`` is the JSON key ``register`` (pydantic reserves the name)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    id: str = Field(min_length=1)
    register_: Literal["news", "report", "summary"] = Field(alias="register")
    title: str
    text: str = Field(min_length=1)
    annotations: list[Annotation] = Field(default_factory=list)


@dataclass
class LoadedDocument:
    """A document with where it came from: file, 1-based line and split (from the file name)."""

    doc: Document
    path: Path
    line: int
    split: str | None

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line} [{self.doc.id}]"


@dataclass
class Problem:
    """One fault found in the corpus. ``severity`` is ``error`` or ``warning``."""

    path: Path
    line: int
    doc_id: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.doc_id}] {self.severity}: {self.message}"


@dataclass
class ReadResult:
    documents: list[LoadedDocument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def split_of(path: Path) -> str | None:
    """The split a data file holds, from its name (``train.jsonl`` -> ``train``); None otherwise."""
    return path.stem if path.stem in SPLITS else None


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the ``.jsonl`` files they hold, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.rglob("*.jsonl")))
        elif path.exists():
            files.append(path)
        else:
            raise CorpusError(f"{path}: no such file or folder")
    if not files:
        raise CorpusError(f"no .jsonl files found in {', '.join(str(p) for p in paths)}")
    return files


def _format_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(document)"
        parts.append(f"{key}: {err['msg']}")
    return "; ".join(parts)


def iter_documents(paths: Iterable[str | Path], problems: list[Problem] | None = None) -> Iterator[LoadedDocument]:
    """Yield the documents of JSONL files; lines that break the schema go to ``problems``.

    Raises:
        CorpusError: a line is malformed and no ``problems`` list was given to collect it.
    """
    for path in corpus_files(paths):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    raw = json.loads(line)
                except json.JSONDecodeError as exc:
                    problem = Problem(path, number, "?", f"not valid JSON: {exc.msg} (column {exc.colno})")
                else:
                    doc_id = str(raw.get("id", "?")) if isinstance(raw, dict) else "?"
                    try:
                        yield LoadedDocument(Document.model_validate(raw), path, number, split_of(path))
                        continue
                    except ValidationError as exc:
                        problem = Problem(path, number, doc_id, f"schema: {_format_validation(exc)}")
                if problems is None:
                    raise CorpusError(str(problem))
                problems.append(problem)


def read_corpus(paths: Iterable[str | Path] = (DEFAULT_DATA_DIR,)) -> ReadResult:
    """Read every document, collecting schema problems instead of stopping at the first."""
    result = ReadResult()
    result.documents = list(iter_documents(paths, result.problems))
    return result


def write_jsonl(path: Path, documents: Iterable[Document]) -> None:
    """Write documents one a line, atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(json.dumps(doc.model_dump(by_alias=True), ensure_ascii=False) + "\n")
    tmp.replace(path)
