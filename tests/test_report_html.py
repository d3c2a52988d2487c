"""The HTML report, rendered in headless Chromium (Debian's chromium; `make test` installs it)."""

import re
import shutil
import subprocess

import pytest

from sgtag.cli import main
from tests.inputs import good_inputs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
def test_report_renders_in_chromium(tmp_path, tiny_model_dir):
    good_inputs(tmp_path / "in")
    (tmp_path / "in" / "attack.txt").write_text(
        'Review <script>document.title="pwned";document.body.innerHTML=""</script> finds baby slept on sofa\n'
        "The baby slept on the sofa with his father, who had been <b>drinking</b>.\n"
    )
    page = tmp_path / "report.html"
    code = main(["tag", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "--model", str(tiny_model_dir),
                 "--out", str(page), "--quiet"])
    assert code == 2
    html = page.read_text()
    assert "http://" not in html and "https://" not in html, "the page must work offline"

    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    dom = proc.stdout
    assert "<title>sgtag report: 7 documents</title>" in dom, proc.stderr[-2000:]
    assert "7 documents (6 tagged, 1 failed)" in dom
    assert len(re.findall(r'<article class="doc', dom)) == 7
    # The document's markup is shown as text, never run or rendered.
    assert "&lt;script&gt;document.title=" in dom
    assert "&lt;b&gt;drinking&lt;/b&gt;" in dom
    assert "Could not tag: no such file or folder" in dom
    # The summary chart and tables are there, and evidence sentences are highlighted by theme.
    assert 'src="data:image/svg+xml;base64,' in dom and 'id="theme-counts"' in dom and 'id="cooccurrence"' in dom
    assert re.search(r'class="sentence evidence" style="border-left-color: #[0-9a-f]{6}', dom)

    shot = tmp_path / "report.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--window-size=1200,1600",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.read_bytes()[:4] == b"\x89PNG"
