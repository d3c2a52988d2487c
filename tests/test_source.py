import pytest

from inference.errors import CorpusError
from inference.segment import split_sentences
from training.source import build_corpus, build_document
from training.splits import read_splits

SOURCE = """id: news-900
register: news
title: Review finds father unknown to services
---
Review finds father unknown to services
Published 4 March 2021

Professionals never met the man who cared for Baby T most days. || fathers_male_carers
Mr. Lyle, 24, was later convicted of causing her death. || physical_abuse_injury fathers_male_carers
There had been no concerns about domestic abuse. || !domestic_abuse
Key issues: no father assessment; late booking || fathers_male_carers concealed_pregnancy
4.2 The health visitor did not ask who lived there. || professional_curiosity
"""


def test_build_document_offsets_line_up(tmp_path, taxonomy):
    path = tmp_path / "news-900.txt"
    path.write_text(SOURCE)
    doc = build_document(path, taxonomy)
    assert doc.text.startswith("Review finds father unknown to services\nPublished 4 March 2021\n\nProfessionals never met")
    spans = {doc.text[a.start:a.end]: (a.labels, a.hard_negative) for a in doc.annotations}
    assert spans["Mr. Lyle, 24, was later convicted of causing her death."] == (["physical_abuse_injury", "fathers_male_carers"], [])
    assert spans["There had been no concerns about domestic abuse."] == ([], ["domestic_abuse"])
    starts = {s.start for s in split_sentences(doc.text)}
    ends = {s.end for s in split_sentences(doc.text)}
    assert all(a.start in starts and a.end in ends for a in doc.annotations)
    # A line without closing punctuation is followed by a line break, not a space.
    assert "late booking\n4.2 The health visitor" in doc.text


@pytest.mark.parametrize(
    "change, message",
    [
        (("|| physical_abuse_injury fathers_male_carers", "|| physical_abuse"), r"news-900.txt:9: unknown label 'physical_abuse'"),
        (("register: news", "register: blog"), r"register 'blog' is not one of news, report, summary"),
        (("---\n", ""), r"news-900.txt:4: expected a 'key: value' header line or '---'"),
        (("id: news-900", "id: news-901"), r"header id 'news-901' does not match the file name"),
        (("death. ||", "death. || x || y"), r"news-900.txt:9: more than one '\|\|'"),
    ],
)
def test_bad_source_names_file_and_line(tmp_path, taxonomy, change, message):
    path = tmp_path / "news-900.txt"
    path.write_text(SOURCE.replace(*change))
    with pytest.raises(CorpusError, match=message):
        build_document(path, taxonomy)


def test_header_only_source(tmp_path, taxonomy):
    path = tmp_path / "news-900.txt"
    path.write_text("id: news-900\nregister: news\ntitle: t\n")
    with pytest.raises(CorpusError, match=r"news-900.txt: no '---' line between header and body"):
        build_document(path, taxonomy)


def _source(doc_id, label):
    return f"id: {doc_id}\nregister: summary\ntitle: t\n---\nCase {doc_id} concerned a child in a town called {doc_id}ville. || {label}\n"


def test_split_assignment_is_stable_when_documents_are_added(tmp_path, taxonomy):
    src = tmp_path / "src"
    src.mkdir()
    labels = taxonomy.ids[:4]
    for i in range(20):
        (src / f"doc-{i:03d}.txt").write_text(_source(f"doc-{i:03d}", labels[i % 4]))
    splits = tmp_path / "splits.tsv"
    counts = build_corpus(src, tmp_path / "data", splits, taxonomy)
    assert sum(counts.values()) == 20
    assert counts["train"] >= 12 and counts["dev"] >= 2 and counts["test"] >= 2
    before = read_splits(splits)
    for i in range(20, 40):
        (src / f"doc-{i:03d}.txt").write_text(_source(f"doc-{i:03d}", labels[i % 4]))
    build_corpus(src, tmp_path / "data", splits, taxonomy)
    after = read_splits(splits)
    assert len(after) == 40
    assert all(after[k] == v for k, v in before.items())
    # Each label reaches dev and test.
    for label_index in range(4):
        ids = [f"doc-{i:03d}" for i in range(40) if i % 4 == label_index]
        assert {after[i] for i in ids} == {"train", "dev", "test"}


def test_bad_split_file(tmp_path):
    path = tmp_path / "splits.tsv"
    path.write_text("a\ttrain\nb\tvalidation\n")
    with pytest.raises(CorpusError, match=r"splits.tsv:2: expected 'id<TAB>train\|dev\|test'"):
        read_splits(path)
