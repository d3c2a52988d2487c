import re

import pytest

from inference.errors import TaxonomyError
from inference.taxonomy import load_taxonomy
from tests.conftest import ROOT

CODEBOOK = ROOT.parent / "shared" / "codebook.md"


def test_project_taxonomy_has_the_codebook_ids_in_order(taxonomy):
    if not CODEBOOK.exists():
        pytest.skip("../shared/codebook.md is not beside the checkout")
    codebook_ids = re.findall(r"^\| `([a-z_]+)` \|", CODEBOOK.read_text(), flags=re.MULTILINE)
    assert taxonomy.ids == codebook_ids
    assert len(taxonomy) == 19


def test_every_label_is_documented(taxonomy):
    for label in taxonomy.labels:
        assert label.group in {"family", "practice"}
        assert len(label.examples) >= 3, label.id
        assert label.include and label.exclude, label.id


def test_user_taxonomy_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nlabels:\n"
        "  - {id: alpha, group: family, name: Alpha, definition: d, examples: [a]}\n"
        "  - {id: beta, group: practice, name: Beta, definition: d, examples: [b]}\n"
    )
    assert load_taxonomy(path).ids == ["alpha", "beta"]
    monkeypatch.setenv("SGTAG_TAXONOMY", str(path))
    assert load_taxonomy().ids == ["alpha", "beta"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("name: x\nlabels: []\n", r"labels: List should have at least 1 item"),
        ("name: x\nlabels:\n  - {id: a, group: family, name: A, definition: d, examples: [e], colour: red}\n", r"labels\.0\.colour: Extra inputs"),
        ("name: x\nlabels:\n  - {id: a, group: other, name: A, definition: d, examples: [e]}\n", r"labels\.0\.group"),
        (
            "name: x\nlabels:\n  - {id: a, group: family, name: A, definition: d, examples: [e]}\n"
            "  - {id: a, group: family, name: A, definition: d, examples: [e]}\n",
            r"label id 'a' appears more than once",
        ),
        ("name: [unclosed\n", r"not valid YAML"),
    ],
)
def test_bad_taxonomy_names_the_key(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(TaxonomyError, match=r"nope\.yaml: taxonomy file not found"):
        load_taxonomy(tmp_path / "nope.yaml")


def test_unknown_label_is_an_error(taxonomy):
    with pytest.raises(TaxonomyError, match=r"unknown label 'neglect' in the config"):
        taxonomy.check_ids(["chronic_neglect", "neglect"], "the config")
