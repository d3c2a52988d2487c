"""Writers for tagging results: JSONL (resumable), CSV (resumable) and a self-contained HTML page.

Resuming: a writer opened on an existing file keeps every complete line, drops a trailing partial
line (a run killed mid-write), and reports which (source, content hash, model) it already holds,
so the tagger skips those documents. Each line is written with a single ``write`` call on an
unbuffered append-mode file, so a line is either wholly there or cut short at the end of the file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

FORMATS = ("jsonl", "csv", "html")


def result_key(source: str, content_sha256: str | None, model: dict) -> tuple:
    return (source, content_sha256, model.get("uri"), model.get("version"), model.get("run_id"))


def _complete_lines(path: Path) -> list[str]:
    """The file's complete lines; a trailing line with no newline is cut off the file itself."""
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with path.open("r+b") as handle:
            handle.truncate(cut)
        data = data[:cut]
    return data.decode("utf-8").splitlines()


class _LineWriter:
    def __init__(self, path: str | None):
        self.path = Path(path) if path else None
        self.done: set[tuple] = set()
        self._fd: int | None = None
        self.counts = {"ok": 0, "error": 0, "skipped": 0}

    def _open(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        if self._fd is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        while data:
            written = os.write(self._fd, data)
            data = data[written:]

    def already_done(self, source: str, content_sha256: str | None, model: dict) -> bool:
        hit = result_key(source, content_sha256, model) in self.done
        if hit:
            self.counts["skipped"] += 1
        return hit

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class JsonlWriter(_LineWriter):
    """One JSON object a line, one line a document."""

    def __init__(self, path: str | None):
        super().__init__(path)
        if self.path is not None and self.path.exists():
            lines = _complete_lines(self.path)
            kept = []
            for line in lines:
                try:
                    row = json.loads(line)
                    self.done.add(result_key(row["source"], row.get("content_sha256"), row.get("model") or {}))
                    kept.append(line)
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a damaged line: drop it, the document is tagged again
            if len(kept) != len(lines):
                _rewrite(self.path, "".join(line + "\n" for line in kept))
        self._open()

    def write(self, result: dict) -> None:
        self.counts[result["status"]] += 1
        self._write(json.dumps(result, ensure_ascii=False) + "\n")


class CsvWriter(_LineWriter):
    """One row a document: source, status, then a 0/1 column and a score column per label."""

    def __init__(self, path: str | None, labels: list[str]):
        super().__init__(path)
        self.columns = ["doc_id", "source", "status", "error", "content_sha256", "model_uri", "model_version", "model_run_id"]
        self.columns += labels + [f"score__{label}" for label in labels]
        new = self.path is None or not self.path.exists() or self.path.stat().st_size == 0
        if not new:
            lines = _complete_lines(self.path)
            rows = list(csv.DictReader(io.StringIO("".join(l + "\n" for l in lines))))
            for row in rows:
                model = {"uri": row.get("model_uri"), "version": row.get("model_version") or None, "run_id": row.get("model_run_id") or None}
                self.done.add(result_key(row["source"], row.get("content_sha256") or None, model))
        self._open()
        if new:
            self._write(self._row(self.columns))

    @staticmethod
    def _row(values) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(values)
        return buffer.getvalue()

    def write(self, result: dict) -> None:
        self.counts[result["status"]] += 1
        model = result["model"]
        labels = self.columns[8 : 8 + (len(self.columns) - 8) // 2]
        values = [result["doc_id"], result["source"], result["status"], result["error"] or "", result["content_sha256"] or "",
                  model.get("uri"), model.get("version") or "", model.get("run_id") or ""]
        values += [1 if label in result["labels"] else 0 for label in labels]
        values += [result["scores"].get(label, "") for label in labels]
        self._write(self._row(values))


class HtmlWriter(_LineWriter):
    """Collects results and writes one self-contained page when closed (no resume)."""

    def __init__(self, path: str | None, taxonomy, model_info: dict):
        super().__init__(None)
        self.target = Path(path) if path else None
        self.results: list[dict] = []
        self.taxonomy = taxonomy
        self.model_info = model_info

    def write(self, result: dict) -> None:
        self.counts[result["status"]] += 1
        self.results.append(result)

    def close(self) -> None:
        from inference.report_html import render_report

        page = render_report(self.results, self.taxonomy, self.model_info)
        if self.target is None:
            sys.stdout.write(page)
        else:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            _rewrite(self.target, page)


def _rewrite(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)
