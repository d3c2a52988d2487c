"""`sgtag data validate`: each kind of fault is reported with file, line and document id."""

import json

from sgtag.cli import main
from tests.conftest import ROOT, make_document, write_corpus


WORDS = "amber basalt cobalt dune ember fjord garnet heath indigo juniper kestrel lichen marram nettle osprey".split()


def _good(doc_id, register="news"):
    # Each document gets its own vocabulary so that fixtures are not near-duplicates of each other.
    seed = sum(map(ord, doc_id))
    w = [WORDS[(seed + k) % len(WORDS)] + doc_id.replace("-", "") for k in range(6)]
    return make_document(
        doc_id,
        [
            (f"Review in {w[0]} published", []),
            (f"The mother in {w[1]} {w[2]} had been drinking when she fell asleep on the sofa with the baby.", ["parental_substance_misuse", "unsafe_sleep"]),
            (f"Neighbours at {w[3]} {w[4]} {w[5]} said there had been no arguments before.", []),
        ],
        register=register,
        negatives={2: ["domestic_abuse"]},
    )


def test_clean_corpus_passes(tmp_path, capsys):
    folder = write_corpus(tmp_path / "data", {"train": [_good("a1"), _good("a2")], "dev": [_good("b1", "report")]})
    assert main(["data", "validate", str(folder)]) == 0
    assert "ok: 3 documents" in capsys.readouterr().out


def test_every_fault_is_reported_with_file_line_and_id(tmp_path, capsys):
    unknown = _good("unknown-label")
    unknown["annotations"][0]["labels"] = ["neglect"]
    outside = _good("bad-offsets")
    outside["annotations"][0]["end"] = 10_000
    misaligned = _good("misaligned")
    misaligned["annotations"][0]["start"] += 4
    overlapping = _good("overlap")
    overlapping["annotations"].append(dict(overlapping["annotations"][0], labels=["chronic_neglect"]))
    schema = _good("schema")
    schema["register"] = "blog"
    extra = _good("extra-key")
    extra["colour"] = "red"
    near_a = make_document("near-a", [("Professionals did not ask who the baby's father was or where he lived.", ["fathers_male_carers"])])
    near_b = make_document("near-b", [("Professionals did not ask who the baby's father was, or where he lived now.", ["fathers_male_carers"])])
    folder = write_corpus(
        tmp_path / "data",
        {
            "train": [_good("dup"), unknown, outside, _good("dup"), near_a, near_b, _good("both")],
            "dev": [misaligned, overlapping, schema, _good("both"), extra],
        },
    )
    (folder / "test.jsonl").write_text('{"id": "broken", "register": \n')
    assert main(["data", "validate", str(folder)]) == 1
    out = capsys.readouterr().out
    train, dev, test = (str(folder / f"{s}.jsonl") for s in ("train", "dev", "test"))
    expected = [
        f"{train}:2: [unknown-label] error: annotations[0]: unknown label 'neglect'",
        f"{train}:3: [bad-offsets] error: annotations[0]: offsets",
        f"{train}:4: [dup] error: duplicate document id; first at {train}:1",
        f"{train}:6: [near-b] error: near-duplicate sentence",
        f"{dev}:1: [misaligned] error: annotations[0]: span",
        "does not line up with sentence boundaries",
        f"{dev}:2: [overlap] error: annotations[0]",
        "overlap",
        f"{dev}:3: [schema] error: schema: register: Input should be 'news', 'report' or 'summary'",
        "[both] error: document is in more than one split (dev, train); also at",
        f"{dev}:5: [extra-key] error: schema: colour: Extra inputs are not permitted",
        f"{test}:1: [?] error: not valid JSON",
    ]
    for fragment in expected:
        assert fragment in out, f"missing {fragment!r} in:\n{out}"


def test_same_text_under_two_ids(tmp_path, capsys):
    a = _good("x1")
    b = dict(a, id="x2")
    folder = write_corpus(tmp_path / "data", {"train": [a, b]})
    assert main(["data", "validate", str(folder)]) == 1
    assert "[x2] error: same text as document 'x1'" in capsys.readouterr().out


def test_furniture_may_repeat(tmp_path, capsys):
    docs = [
        make_document(f"f{i}", [(f"Story number {i} about a school fete in the summer holidays of {2000 + i}", []), ("Related topics", []), ("Follow the Harrowmere Echo on Facebook, X and Instagram", [])])
        for i in range(3)
    ]
    folder = write_corpus(tmp_path / "data", {"train": docs})
    assert main(["data", "validate", str(folder)]) == 0


def test_missing_path(tmp_path, capsys):
    assert main(["data", "validate", str(tmp_path / "nowhere")]) == 1
    assert "nowhere: no such file or folder" in capsys.readouterr().err


def test_project_corpus_is_valid(capsys):
    assert main(["data", "validate", str(ROOT / "labels" / "data")]) == 0
