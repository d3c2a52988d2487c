import pytest

from inference.errors import DocumentError
from inference.readers import extract_text, read_bytes, reflow
from tests.inputs import HTML, NEWS, good_inputs, make_encrypted_pdf, make_image_pdf


def test_text_is_decoded_exactly(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NEWS.encode("utf-8"))
    assert extract_text(path.read_bytes(), ".txt") == NEWS


def test_every_supported_format(tmp_path):
    files = good_inputs(tmp_path)
    html = extract_text(files[".html"].read_bytes(), ".html")
    assert "slept on the sofa with his father" in html
    assert "cookies" not in html and "Sport" not in html and "Copyright" not in html
    pdf = extract_text(files[".pdf"].read_bytes(), ".pdf")
    # The PDF's hard-wrapped lines are joined back into sentences.
    assert "The father was never assessed by the health visitor, although he cared for the baby every day" in pdf
    docx = extract_text(files[".docx"].read_bytes(), ".docx")
    assert docx.splitlines() == ["4.3 The health visitor did not ask who else lived at the flat.", "4.4 Records were not shared."]
    assert "Nobody spoke to the child." in extract_text(files[".md"].read_bytes(), ".md")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Caf\u00e9 review".encode("latin-1"), r"not valid UTF-8 text \(byte 0xe9 at offset 3\)"),
        ("corrupt.pdf", b"%PDF-1.7\nthis is not really a pdf", "corrupt or unreadable PDF|no text layer"),
        ("corrupt.docx", b"PK\x03\x04 not a zip", "not a readable .docx"),
        ("empty.html", b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>", "no main text"),
        ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type '.rtf'"),
    ],
)
def test_bad_inputs_have_clear_reasons(tmp_path, name, content, message):
    with pytest.raises(DocumentError, match=message):
        extract_text(content, "." + name.rsplit(".", 1)[1])


def test_encrypted_and_image_only_pdf(tmp_path):
    with pytest.raises(DocumentError, match="encrypted PDF"):
        extract_text(make_encrypted_pdf(tmp_path / "locked.pdf", "secret text").read_bytes(), ".pdf")
    with pytest.raises(DocumentError, match="no text layer"):
        extract_text(make_image_pdf(tmp_path / "scan.pdf").read_bytes(), ".pdf")


def test_size_limit_and_missing(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(DocumentError, match=r"over the 0 MB limit"):
        read_bytes(path, max_bytes=1000)
    with pytest.raises(DocumentError, match="no such file"):
        read_bytes(tmp_path / "missing.txt")


def test_reflow_keeps_headings_and_bullets():
    lines = [
        "The health visitor did not ask who else lived at the",
        "flat, and the father was not seen on any of the visits",
        "made in 2021.",
        "Key findings",
        "- No single agency held the full picture of the family",
        "",
        "4.2 Records were not shared.",
    ]
    assert reflow(lines).splitlines() == [
        "The health visitor did not ask who else lived at the flat, and the father was not seen on any of the visits made in 2021.",
        "Key findings",
        "- No single agency held the full picture of the family",
        "",
        "4.2 Records were not shared.",
    ]
