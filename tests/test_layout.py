"""Architecture rules: the runtime never imports training code."""

import ast
import subprocess
import sys

from tests.conftest import ROOT


def test_inference_never_imports_training_statically():
    offenders = []
    for path in (ROOT / "inference").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n == "training" or n.startswith("training.")]
    assert not offenders, offenders


def test_loading_and_tagging_modules_leave_training_unimported():
    code = (
        "import sys\n"
        "import inference, inference.tagger, inference.output, inference.report_html, inference.loading, inference.spark\n"
        "import inference.families.tfidf_linear, inference.families.encoder_linear, inference.families.finetune\n"
        "bad = sorted(m for m in sys.modules if m == 'training' or m.startswith('training.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
