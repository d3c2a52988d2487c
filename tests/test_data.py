import json

import numpy as np

from sgtag.cli import main
from training.data import load_dataset
from tests.conftest import make_document, write_corpus


def _corpus(tmp_path):
    train = [
        make_document("t1", [("Baby A died after co-sleeping with her father.", ["unsafe_sleep", "fathers_male_carers"]), ("The review was published on Tuesday.", [])]),
        make_document("t2", [("Nobody asked Child B what life at home was like.", ["voice_of_child", "professional_curiosity"])], register="summary"),
    ]
    dev = [make_document("d1", [("Records were not shared between the GP and the school.", ["information_sharing"])], register="report")]
    return write_corpus(tmp_path / "data", {"train": train, "dev": dev})


def test_dataset_dict_of_sentence_examples(tmp_path, taxonomy):
    ds = load_dataset([_corpus(tmp_path)], taxonomy)
    assert list(ds) == ["train", "dev"]
    assert ds["train"].num_rows == 3
    row = ds["train"][0]
    assert row["doc_id"] == "t1" and row["text"] == "Baby A died after co-sleeping with her father."
    labels = np.array(row["labels"])
    assert labels.shape == (19,)
    assert {taxonomy.ids[i] for i in np.flatnonzero(labels)} == {"unsafe_sleep", "fathers_male_carers"}
    assert ds["train"][1]["labels"] == [0] * 19


def test_stats_json_and_chart(tmp_path, capsys):
    folder = _corpus(tmp_path)
    plot = tmp_path / "chart.png"
    assert main(["data", "stats", str(folder), "--json", "--plot", str(plot)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 3 and stats["sentences"] == 4
    assert stats["unlabelled_share"] == 0.25
    assert stats["labels"]["unsafe_sleep"]["sentences_by_split"] == {"train": 1, "dev": 0}
    assert stats["labels"]["information_sharing"]["documents_by_register"]["report"] == 1
    assert {"labels": ["fathers_male_carers", "unsafe_sleep"], "sentences": 1} in stats["cooccurrence"]
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
