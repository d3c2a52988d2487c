import json

from sgtag.cli import main
from tests.fixtures import tiny_corpus


def test_evaluate_any_model_on_gold(tmp_path, tiny_model_dir, capsys):
    corpus = tiny_corpus(tmp_path / "gold")
    assert main(["evaluate", str(tiny_model_dir), str(corpus / "test.jsonl"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 2 and report["sentences"] == 12
    for level in ("sentence", "document"):
        for key in ("micro_f1", "macro_f1", "macro_pr_auc", "subset_accuracy", "hamming_loss"):
            assert 0.0 <= report[level][key] <= 1.0
    assert report["sentence"]["per_label"]["unsafe_sleep"]["support"] == 4
    assert main(["evaluate", str(tiny_model_dir), str(corpus / "test.jsonl")]) == 0
    assert "Per label" in capsys.readouterr().out


def test_evaluate_missing_model(tmp_path, capsys):
    corpus = tiny_corpus(tmp_path / "gold")
    assert main(["evaluate", str(tmp_path / "nomodel"), str(corpus)]) == 1
    assert "no such model directory" in capsys.readouterr().err
