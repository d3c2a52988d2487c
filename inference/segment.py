"""Sentence segmentation with exact character offsets.

syntok finds the sentence starts inside each line; every line break is a boundary too, because
headlines, bullet lines, captions and "Key issues:" lines in reviews and news pages rarely end
with a full stop. A sentence runs from its first non-space character to the last non-space
character before the next sentence, so the sentences cover every non-space character of the text
and ``text[start:end]`` is always the sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from syntok import segmenter

#: A list marker alone ("10.", "4.2.", "(iii)", "b)") is the start of the sentence it numbers,
#: not a sentence of its own.
_MARKER = re.compile(r"^\(?(\d{1,3}(\.\d{1,3})*|[a-z]|[ivxlc]{1,6})[.)]$", re.IGNORECASE)
_LINE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]+")


class Sentence(NamedTuple):
    start: int
    end: int
    text: str


def _sentence_starts(line: str) -> list[int]:
    """Offsets (into ``line``) where syntok starts a sentence."""
    starts = []
    for paragraph in segmenter.analyze(line):
        for sentence in paragraph:
            if sentence:
                starts.append(sentence[0].offset)
    return starts


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; line breaks are always boundaries.

    Returns:
        ``Sentence(start, end, text)`` tuples in order, with ``text[start:end] == sentence.text``,
        none empty, none beginning or ending with whitespace.
    """
    sentences: list[Sentence] = []
    for match in _LINE.finditer(text):
        line = match.group()
        if not line.strip():
            continue
        base = match.start()
        first = len(line) - len(line.lstrip())
        starts = [first]
        for start in sorted(s for s in set(_sentence_starts(line)) if s > first):
            if _MARKER.match(line[starts[-1]:start].strip()):
                continue  # merge a bare list marker into the sentence it numbers
            starts.append(start)
        bounds = starts[1:] + [len(line)]
        for begin, stop in zip(starts, bounds):
            piece = line[begin:stop].rstrip()
            if piece:
                sentences.append(Sentence(base + begin, base + begin + len(piece), piece))
    return sentences
