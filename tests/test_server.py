"""End to end against a real `mlflow server` on 127.0.0.1: train over HTTP, compare, promote, tag."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import mlflow
import pytest
import requests

from sgtag.cli import main
from tests.conftest import ROOT
from tests.inputs import NEWS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def tracking_server(tmp_path, monkeypatch):
    port = _free_port()
    env = dict(os.environ, MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false")
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--backend-store-uri", f"sqlite:///{tmp_path / 'server.db'}", "--artifacts-destination", str(tmp_path / "artifacts")],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
    )
    uri = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"{uri}/health", timeout=2).ok:
                break
        except requests.RequestException:
            time.sleep(0.5)
        assert proc.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
    else:
        pytest.fail("mlflow server did not start: " + (tmp_path / "server.log").read_text()[-3000:])
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    monkeypatch.delenv("MLFLOW_REGISTRY_URI", raising=False)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    yield uri
    os.killpg(proc.pid, signal.SIGTERM)  # stop the server (and its worker) by its PID
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    log.close()


def _train_command(run_name):
    return [sys.executable, "-m", "sgtag", "train", "configs/ci.yaml", "--quiet", "--set", f"run_name={run_name}"]


def test_train_compare_promote_tag_over_http(tracking_server, tmp_path, capsys):
    train = subprocess.run(_train_command("first"), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert train.returncode == 0, train.stderr[-3000:]
    run = mlflow.search_runs(experiment_names=["sgtag-ci"], output_format="list")[0]

    assert main(["compare", "--experiment", "sgtag-ci"]) == 0
    out = capsys.readouterr().out
    assert run.info.run_id[:8] in out and "tfidf_linear" in out and "Per-label test F1" in out

    assert main(["compare", "--promote", run.info.run_id]) == 0
    out = capsys.readouterr().out
    assert "sgtag-ci: alias 'champion' moved from version (none) to version 1" in out

    doc = tmp_path / "news.txt"
    doc.write_text(NEWS)
    result = tmp_path / "tags.jsonl"
    assert main(["tag", str(doc), "--model", "models:/sgtag-ci@champion", "--out", str(result), "--quiet"]) == 0
    row = json.loads(result.read_text())
    assert row["status"] == "ok" and row["model"]["name"] == "sgtag-ci" and row["model"]["version"] == "1"
    assert row["model"]["run_id"] == run.info.run_id


def test_two_concurrent_trainings_both_land(tracking_server):
    procs = [subprocess.Popen(_train_command(name), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("left", "right")]
    outputs = [p.communicate(timeout=900) for p in procs]
    for proc, (_, err) in zip(procs, outputs):
        assert proc.returncode == 0, err[-3000:]
    runs = mlflow.search_runs(experiment_names=["sgtag-ci"], output_format="list")
    assert sorted(r.info.run_name for r in runs) == ["left", "right"]
    left, right = (set(r.data.metrics) for r in runs)
    assert left == right and len(left) > 100
    assert all(r.info.status == "FINISHED" for r in runs)
    client = mlflow.MlflowClient()
    assert sorted(int(v.version) for v in client.search_model_versions("name = 'sgtag-ci'")) == [1, 2]


def test_compare_without_runs_or_server(tracking_server, tmp_path, monkeypatch, capsys):
    mlflow.MlflowClient().create_experiment("empty-experiment")
    assert main(["compare", "--experiment", "empty-experiment"]) == 1
    assert "experiment 'empty-experiment' has no finished runs" in capsys.readouterr().err
    assert main(["compare", "--experiment", "never-created"]) == 1
    assert "no experiment named 'never-created'" in capsys.readouterr().err

    dead = f"http://127.0.0.1:{_free_port()}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", dead)
    started = time.time()
    assert main(["compare"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"tracking server {dead} does not answer" in err
    assert time.time() - started < 30
