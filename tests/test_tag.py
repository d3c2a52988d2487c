"""`sgtag tag`: every input kind and bad input, the JSONL schema, offsets, resume and the other formats."""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from inference.tagger import Tagger
from sgtag.cli import main
from tests.conftest import ROOT
from tests.inputs import NEWS, good_inputs, make_encrypted_pdf, make_image_pdf

TOP_KEYS = {"doc_id", "source", "status", "error", "model", "content_sha256", "labels", "scores", "sentences"}


def _read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def _bad_inputs(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    (folder / "latin1.txt").write_bytes("Caf\u00e9".encode("latin-1"))
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 garbage")
    make_encrypted_pdf(folder / "locked.pdf", "Secret review text.")
    make_image_pdf(folder / "scan.pdf")
    (folder / "nav.html").write_text("<html><body><nav>Home</nav></body></html>")
    (folder / "huge.txt").write_text("The review was published. " * 80_000)  # about 2 MB
    return folder


def test_tags_every_input_kind(tmp_path, tiny_model_dir, capsys):
    files = good_inputs(tmp_path / "in")
    out = tmp_path / "tags.jsonl"
    code = main(["tag", str(tmp_path / "in"), "--model", str(tiny_model_dir), "--out", str(out), "--quiet"])
    assert code == 0
    rows = _read_jsonl(out)
    assert [r["source"] for r in rows] == sorted(str(p) for p in files.values())
    for row in rows:
        assert set(row) == TOP_KEYS
        assert row["status"] == "ok" and row["error"] is None
        assert row["model"]["family"] == "tfidf_linear" and row["model"]["uri"] == str(tiny_model_dir.resolve())
        assert set(row["scores"]) == set(json.loads((tiny_model_dir / "sgtag_model.json").read_text())["labels"])
        assert row["sentences"], row["source"]
        for i, s in enumerate(row["sentences"]):
            assert set(s) == {"index", "start", "end", "text", "labels", "scores"} and s["index"] == i
    news = next(r for r in rows if r["source"].endswith("news.txt"))
    text = (tmp_path / "in" / "news.txt").read_text(encoding="utf-8")
    for s in news["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert "unsafe_sleep" in news["labels"] and "fathers_male_carers" in news["labels"]
    assert "0 failed" in capsys.readouterr().err


def test_bad_inputs_never_stop_the_batch(tmp_path, tiny_model_dir, capsys):
    folder = _bad_inputs(tmp_path / "bad")
    (folder / "good.txt").write_text(NEWS)
    out = tmp_path / "tags.jsonl"
    code = main(["tag", str(folder), str(tmp_path / "missing.txt"), str(tmp_path / "nomatch-*.txt"),
                 "--model", str(tiny_model_dir), "--out", str(out), "--max-size", "1", "--quiet"])
    assert code == 2
    reasons = {os.path.basename(r["source"]): (r["status"], r["error"]) for r in _read_jsonl(out)}
    assert reasons["good.txt"] == ("ok", None)
    expected = {
        "empty.txt": "empty file",
        "binary.txt": "binary file",
        "latin1.txt": "not valid UTF-8",
        "corrupt.pdf": "PDF",
        "locked.pdf": "encrypted PDF",
        "scan.pdf": "no text layer",
        "nav.html": "no main text",
        "huge.txt": "over the 1 MB limit",
        "missing.txt": "no such file or folder",
        "nomatch-*.txt": "no files match",
    }
    for name, fragment in expected.items():
        status, error = reasons[name]
        assert status == "error" and fragment in error, (name, error)
    err = capsys.readouterr().err
    assert "1 ok, 10 failed" in err


def test_stdin_and_python_api(tmp_path, tiny_model_dir):
    proc = subprocess.run([sys.executable, "-m", "sgtag", "tag", "-", "--model", str(tiny_model_dir), "--quiet"],
                          input=NEWS.encode(), capture_output=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode()[-1500:]
    row = json.loads(proc.stdout.decode().strip())
    assert row["source"] == "<stdin>" and row["status"] == "ok"
    tagger = Tagger.load(str(tiny_model_dir))
    direct = tagger.tag_text(NEWS)
    assert direct["labels"] == row["labels"] and direct["scores"] == row["scores"]
    assert [r["doc_id"] for r in tagger.tag_files([str(tmp_path / "none.txt")])] == ["none"]


def test_csv_output(tmp_path, tiny_model_dir):
    good_inputs(tmp_path / "in")
    out = tmp_path / "tags.csv"
    assert main(["tag", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--model", str(tiny_model_dir), "--out", str(out), "--quiet"]) == 2
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 6
    news = next(r for r in rows if r["source"].endswith("news.txt"))
    assert news["status"] == "ok" and news["unsafe_sleep"] == "1" and 0.4 <= float(news["score__unsafe_sleep"]) <= 1
    assert next(r for r in rows if r["source"].endswith("missing.txt"))["status"] == "error"
    # Rerun: nothing is added twice.
    main(["tag", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--model", str(tiny_model_dir), "--out", str(out), "--quiet"])
    assert len(list(csv.DictReader(io.StringIO(out.read_text())))) == 6


def test_partial_last_line_is_repaired(tmp_path, tiny_model_dir):
    good_inputs(tmp_path / "in")
    out = tmp_path / "tags.jsonl"
    main(["tag", str(tmp_path / "in"), "--model", str(tiny_model_dir), "--out", str(out), "--quiet"])
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:3]) + "\n" + lines[3][: len(lines[3]) // 2])  # killed mid-line
    main(["tag", str(tmp_path / "in"), "--model", str(tiny_model_dir), "--out", str(out), "--quiet"])
    rows = _read_jsonl(out)
    assert sorted(r["source"] for r in rows) == sorted(json.loads(l)["source"] for l in lines)


def test_resume_after_sigkill(tmp_path, tiny_model_dir):
    folder = tmp_path / "many"
    folder.mkdir()
    sentences = NEWS.splitlines()
    for i in range(400):
        (folder / f"doc-{i:03d}.txt").write_text(f"Document {i} of the batch.\n" + "\n".join(sentences[i % 3 :]) + f"\nIt ends here ({i}).\n")
    out = tmp_path / "tags.jsonl"
    command = [sys.executable, "-m", "sgtag", "tag", str(folder), "--model", str(tiny_model_dir), "--out", str(out),
               "--batch-size", "4", "--quiet"]
    for wait_lines in (20, 150):
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 240
        while time.time() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= wait_lines:
                break
            time.sleep(0.005)
        assert proc.poll() is None, "the run finished before it could be killed; make the batch bigger"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    partial = out.read_bytes().count(b"\n")
    assert 20 <= partial < 400
    final = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=300)
    assert final.returncode == 0, final.stderr.decode()[-1500:]
    rows = _read_jsonl(out)
    sources = [r["source"] for r in rows]
    assert len(sources) == 400 and len(set(sources)) == 400
    assert set(sources) == {str(p) for p in folder.iterdir()}


def test_a_context_model_reads_each_sentence_after_its_own_predecessor(tmp_path):
    """Documents scored together in one batch: no sentence reads the last sentence of another document."""
    import numpy as np
    import pandas as pd

    from inference.families import get_family
    from inference.families.finetune import FinetuneParams
    from inference.loading import LoadedModel
    from inference.model import DocumentRule, SgtagModel
    from inference.predict import predict_frame
    from inference.segment import split_sentences
    from inference.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(ROOT / "labels" / "taxonomy.yaml")
    texts = ["Baby K slept on the sofa with his father. He had been drinking. Nobody asked about it.",
             "The health visitor did not attend. Records were not shared. The school was not told."]
    sentences = [s.text for text in texts for s in split_sentences(text)]
    family = get_family("finetune")(FinetuneParams(context="previous", max_steps=2, batch_size=4, max_length=32,
                                                   inference_precision="float32"), seed=0)
    family.progress = False
    family.fit(sentences, np.eye(len(sentences), len(taxonomy), dtype=int))
    model = SgtagModel(family, taxonomy.ids, np.full(len(taxonomy), 0.5, dtype=np.float32), DocumentRule(), taxonomy)
    for i, text in enumerate(texts):
        (tmp_path / f"doc{i}.txt").write_text(text)

    results = list(Tagger(LoadedModel(model, "test"), batch_size=1000).tag_files([str(tmp_path)]))
    for text, result in zip(texts, results):
        own = model.document_sentence_scores([s.text for s in split_sentences(text)])
        got = np.array([[s["scores"][label] for label in model.labels] for s in result["sentences"]])
        assert np.allclose(got, own, atol=1e-3)
    # The first sentence of the second document, read after the first document's last, would score otherwise.
    second = results[1]["sentences"][0]["scores"]
    leaked = model.sentence_scores([split_sentences(texts[1])[0].text], [split_sentences(texts[0])[-1].text])[0]
    assert not np.allclose([second[label] for label in model.labels], leaked, atol=1e-3)
    # The DataFrame entry point (pyfunc, Spark) pairs sentences the same way.
    frame = predict_frame(model, pd.DataFrame({"text": texts}))
    for text, (_, row) in zip(texts, frame.iterrows()):
        best = model.document_sentence_scores([s.text for s in split_sentences(text)]).max(axis=0)
        assert np.allclose([row[label] for label in model.labels], best, atol=1e-5)
