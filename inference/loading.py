"""Resolve a model reference (registry alias or version, run, or local directory) and load it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from inference.errors import ModelLoadError
from inference.model import MODEL_FILE, SgtagModel

DEFAULT_MODEL_NAME = "sgtag-default"
DEFAULT_MODEL_URI = f"models:/{DEFAULT_MODEL_NAME}@champion"


@dataclass
class LoadedModel:
    model: SgtagModel
    uri: str
    name: str | None = None
    version: str | None = None
    run_id: str | None = None

    def describe(self) -> dict:
        """What every output records about the model that produced it."""
        return {"uri": self.uri, "name": self.name, "version": self.version,
                "run_id": self.run_id or self.model.metadata.get("run_id"), "family": self.model.family_name}


def tracking_uri() -> str:
    """``$MLFLOW_TRACKING_URI`` or, by default, the embedded store ``mlflow.db`` in the working directory."""
    return os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{Path.cwd() / 'mlflow.db'}"


def configure_tracking() -> str:
    """Point MLflow's tracking and registry at ``tracking_uri()`` (the registry may differ via MLFLOW_REGISTRY_URI)."""
    import mlflow

    uri = tracking_uri()
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(os.environ.get("MLFLOW_REGISTRY_URI") or uri)
    return uri


def _model_dir(path: Path) -> Path:
    """The sgtag model inside ``path``: the directory itself or an MLflow model's ``artifacts/model``."""
    if (path / MODEL_FILE).exists():
        return path
    nested = path / "artifacts" / "model"
    if (nested / MODEL_FILE).exists():
        return nested
    raise ModelLoadError(f"{path}: not an sgtag model (no {MODEL_FILE}, nor an MLflow model holding one)")


def load_model(uri: str | None = None) -> LoadedModel:
    """Load ``models:/name@alias``, ``models:/name/version``, ``runs:/<id>/model`` or a local directory.

    Raises:
        ModelLoadError: the reference cannot be resolved; the message says which part failed.
    """
    uri = uri or DEFAULT_MODEL_URI
    if not re.match(r"^[a-z][a-z0-9+.-]*:/", uri):
        path = Path(uri)
        if not path.exists():
            raise ModelLoadError(f"{uri}: no such model directory (or use models:/NAME@ALIAS, models:/NAME/VERSION, runs:/ID/model)")
        return LoadedModel(SgtagModel.load(_model_dir(path)), str(path.resolve()))

    import mlflow
    from mlflow.exceptions import MlflowException

    tracking = configure_tracking()
    client = mlflow.MlflowClient()
    name = version = run_id = None
    try:
        if uri.startswith("models:/"):
            rest = uri[len("models:/"):]
            if "@" in rest:
                name, alias = rest.split("@", 1)
                mv = client.get_model_version_by_alias(name, alias)
            else:
                name, _, number = rest.partition("/")
                mv = client.get_model_version(name, number)
            version, run_id = str(mv.version), mv.run_id
        elif uri.startswith("runs:/"):
            run_id = uri[len("runs:/"):].split("/", 1)[0]
        local = Path(mlflow.artifacts.download_artifacts(artifact_uri=uri))
    except MlflowException as exc:
        hint = " (train one with 'make demo' or 'sgtag train CONFIG --alias champion')" if uri == DEFAULT_MODEL_URI else ""
        raise ModelLoadError(f"cannot resolve model {uri} in tracking store {tracking}: {exc.message.splitlines()[0]}{hint}") from None
    except OSError as exc:
        raise ModelLoadError(f"cannot download model {uri}: {exc}") from None
    return LoadedModel(SgtagModel.load(_model_dir(local)), uri, name, version, run_id)
