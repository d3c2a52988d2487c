"""Typed training configs: YAML files validated with pydantic, overridden with ``--set key=value``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from inference.errors import ConfigError
from inference.families import available_families, get_family


class DataConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paths: list[str] = Field(default_factory=lambda: ["labels/data"], min_length=1, description="corpus JSONL files or folders")
    taxonomy: str | None = Field(None, description="taxonomy YAML; default: $SGTAG_TAXONOMY or labels/taxonomy.yaml")
    labels: list[str] | None = Field(None, description="train on these label ids only; default: every taxonomy label")


class ThresholdConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tune: bool = Field(True, description="tune per-label thresholds and the document rule on dev")
    default: float = Field(0.5, gt=0, lt=1)
    min: float = Field(0.05, gt=0, lt=1)
    max: float = Field(0.95, gt=0, lt=1)
    shrinkage: float = Field(30.0, ge=0, description="pull each label's threshold towards the shared one (0: none)")


class TrainConfig(BaseModel):
    """One training run. Paths are relative to the directory sgtag runs in."""

    model_config = ConfigDict(extra="forbid")

    experiment: str = "sgtag"
    run_name: str | None = None
    registered_model_name: str | None = Field("sgtag-default", description="model registry name; null to skip registering")
    family: str
    seed: int | None = 13
    data: DataConfig = Field(default_factory=DataConfig)
    params: dict[str, Any] = Field(default_factory=dict, description="the family's parameters")
    thresholds: ThresholdConfig = Field(default_factory=ThresholdConfig)
    export_dir: str | None = Field(None, description="also write the model to this directory")

    @model_validator(mode="after")
    def _check_family(self) -> "TrainConfig":
        if self.family not in available_families():
            raise ValueError(f"unknown model family {self.family!r}; choose one of: {', '.join(available_families())}")
        family = get_family(self.family)
        try:
            self.params = family.Params.model_validate(self.params).model_dump()
        except ValidationError as exc:
            raise ValueError(_describe(exc, prefix="params")) from None
        return self

    def family_params(self):
        return get_family(self.family).Params.model_validate(self.params)

    def flat(self) -> dict[str, str]:
        """The config as ``{"data.paths": ..., "params.C": ...}`` for MLflow params."""
        return {key: str(value) for key, value in _flatten(self.model_dump()).items()}


def _flatten(value: dict, prefix: str = "") -> dict[str, Any]:
    out = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            out.update(_flatten(item, name + "."))
        elif isinstance(item, list) and item and all(isinstance(x, dict) for x in item):
            out.update(_flatten({str(i): x for i, x in enumerate(item)}, name + "."))
        else:
            out[name] = item
    return out


def _describe(exc: ValidationError, prefix: str = "") -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
        key = ".".join(x for x in (prefix, loc) if x)
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        elif err["type"] == "literal_error":
            message = f"{message}"
        parts.append(f"{key}: {message}" if key else message)
    return "; ".join(parts)


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """``["params.C=2", "data.paths=[a,b]"]`` -> a nested dict; values are read as YAML scalars."""
    nested: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects key=value, got {pair!r}")
        try:
            value = yaml.safe_load(raw) if raw.strip() else None
        except yaml.YAMLError:
            value = raw
        node = nested
        parts = key.strip().split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"--set {key}: {part!r} is not a section")
        node[parts[-1]] = value
    return nested


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: str | os.PathLike, overrides: list[str] | None = None, check_paths: bool = True) -> TrainConfig:
    """Read, override and validate a config; check that the corpus and taxonomy exist and the labels are known.

    Raises:
        ConfigError: naming the file and the key at fault.
    """
    from inference.taxonomy import load_taxonomy

    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of config keys, found {type(raw).__name__}")
    raw = _merge(raw, parse_overrides(overrides or []))
    try:
        config = TrainConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}") from None
    if check_paths:
        for corpus in config.data.paths:
            if not Path(corpus).exists():
                raise ConfigError(f"{path}: data.paths: corpus path {corpus!r} does not exist")
        taxonomy = load_taxonomy(config.data.taxonomy)
        if config.data.labels is not None:
            unknown = [label for label in config.data.labels if label not in taxonomy]
            if unknown:
                raise ConfigError(
                    f"{path}: data.labels: {', '.join(map(repr, unknown))} not in taxonomy {taxonomy.name!r} "
                    f"(known: {', '.join(taxonomy.ids)})"
                )
    return config
