"""MLflow tracking: the embedded default store, run tags, and logging the model as a pyfunc."""

from __future__ import annotations

import subprocess
from pathlib import Path

import mlflow

import inference
from inference.loading import configure_tracking as configure  # one definition, shared with tagging
from inference.loading import tracking_uri  # noqa: F401  (re-exported)

PYFUNC_CODE = Path(inference.__file__).resolve().parent / "pyfunc_model.py"


def local_artifact_root(uri: str) -> str | None:
    """For a SQLite store, the ``mlruns/`` folder beside the database file; None for a server."""
    if not uri.startswith("sqlite:///"):
        return None
    return (Path(uri[len("sqlite:///"):]).resolve().parent / "mlruns").as_uri()


def ensure_experiment(name: str) -> str:
    """The experiment's id, creating it; with a SQLite store its artifacts go to mlruns/ beside the database."""
    client = mlflow.MlflowClient()
    experiment = client.get_experiment_by_name(name)
    if experiment is not None:
        return experiment.experiment_id
    artifact_location = local_artifact_root(mlflow.get_tracking_uri())
    try:
        return client.create_experiment(name, artifact_location=artifact_location)
    except mlflow.exceptions.MlflowException:
        # Another process created it between our look-up and create.
        return client.get_experiment_by_name(name).experiment_id


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=10)
        return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def pip_requirements(versions: dict[str, str]) -> list[str]:
    names = ["mlflow", "torch", "transformers", "scikit-learn", "skops", "syntok", "pandas", "pyyaml", "pydantic", "safetensors"]
    return [f"{n}=={versions[n]}" if n in versions else n for n in names if n != "torch"] + [f"torch=={versions.get('torch', '2.13.0').split('+')[0]}"]


def log_pyfunc(model_dir: Path, model, registered_model_name: str | None):
    """Log the saved model directory as a pyfunc model from code, with signature and input example."""
    import pandas as pd
    from mlflow.models import infer_signature

    from inference.model import library_versions
    from inference.predict import predict_frame

    example = pd.DataFrame({"text": [
        "The mother's partner was never assessed, although he lived at the flat.",
        "The review was published on Tuesday.",
    ]})
    signature = infer_signature(example, predict_frame(model, example))
    return mlflow.pyfunc.log_model(
        name="model",
        python_model=str(PYFUNC_CODE),
        artifacts={"model": str(model_dir)},
        code_paths=[str(PYFUNC_CODE.parent)],
        signature=signature,
        input_example=example,
        pip_requirements=pip_requirements(library_versions()),
        registered_model_name=registered_model_name,
    )


def set_alias(name: str, alias: str, version: str | int) -> str | None:
    """Point ``alias`` of a registered model at ``version``; returns the version it pointed at before."""
    client = mlflow.MlflowClient()
    try:
        previous = client.get_model_version_by_alias(name, alias).version
    except mlflow.exceptions.MlflowException:
        previous = None
    client.set_registered_model_alias(name, alias, str(version))
    return previous
