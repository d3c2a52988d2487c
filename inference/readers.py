"""Read input documents into text: plain text, Markdown, HTML, PDF and DOCX.

Every failure is a :class:`DocumentError` with a reason a user can act on; batch tagging records
it against the document and goes on.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from inference.errors import DocumentError

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MIN_HTML_WORDS = 5


def decode_text(data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); binary data and other encodings are refused."""
    if b"\x00" in data[:8192]:
        raise DocumentError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8") from None


def html_text(data: bytes) -> str:
    """The main text of an HTML page, without navigation, cookie banners and other boilerplate."""
    import trafilatura

    text = trafilatura.extract(data, include_comments=False, include_tables=True, include_images=False, deduplicate=False)
    # On a page with no article trafilatura falls back to stray menu words: fewer than
    # MIN_HTML_WORDS words is no main text.
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise DocumentError("no main text found in the HTML page")
    return text


_BULLET = re.compile(r"^\s*([-*\u2022\u25aa]|\d+(\.\d+)*[.)]?\s|[A-Z][a-z]+:)")


def reflow(lines: list[str]) -> str:
    """Undo a PDF's hard line wrapping: join a line to the next when it does not end a sentence
    and the next does not start a bullet or numbered paragraph; blank lines stay paragraph breaks."""
    out: list[str] = []
    width = max((len(l) for l in lines), default=0)
    for line in lines:
        line = line.rstrip()
        if not out or not line.strip() or not out[-1].strip():
            out.append(line)
            continue
        previous = out[-1]
        ends = previous.rstrip().endswith((".", "?", "!", ":", ";", '"', "\u201d"))
        short = len(previous) < 0.6 * width
        if ends or short or _BULLET.match(line):
            out.append(line)
        elif previous.endswith("-") and line[:1].islower():
            out[-1] = previous + line.lstrip()
        else:
            out[-1] = previous + " " + line.lstrip()
    return "\n".join(out)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, reflowed; encrypted, corrupt and image-only PDFs are refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise DocumentError("encrypted PDF (password protected); decrypt it first")
            except DocumentError:
                raise
            except Exception:
                raise DocumentError("encrypted PDF (password protected); decrypt it first") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"corrupt or unreadable PDF: {exc}") from None
    text = "\n\n".join(reflow(page.splitlines()) for page in pages if page.strip())
    if not text.strip():
        raise DocumentError("PDF has no text layer (image-only or empty); run OCR first")
    return text


def docx_text(data: bytes) -> str:
    """Paragraph text of a Word document, one paragraph a line, then table cells."""
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"not a readable .docx file: {exc}") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    text = "\n".join(parts)
    if not text.strip():
        raise DocumentError("the .docx file has no text")
    return text


def extract_text(data: bytes, suffix: str) -> str:
    """Text of a document given its bytes and file suffix (``.txt`` for standard input)."""
    suffix = suffix.lower()
    if not data.strip():
        raise DocumentError("empty file")
    if suffix in TEXT_SUFFIXES or suffix == "":
        text = decode_text(data)
    elif suffix in HTML_SUFFIXES:
        decode_text(data)  # refuse binary and non-UTF-8 junk with the same reasons as text
        text = html_text(data)
    elif suffix == ".pdf":
        text = pdf_text(data)
    elif suffix == ".docx":
        text = docx_text(data)
    else:
        raise DocumentError(f"unsupported file type {suffix!r}; sgtag reads {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    if not text.strip():
        raise DocumentError("no text")
    return text


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refusing missing paths, folders and files over ``max_bytes``."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocumentError("no such file") from None
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise DocumentError("is a folder")
    if size > max_bytes:
        raise DocumentError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (--max-size)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror}") from None
