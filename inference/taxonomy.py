"""The label taxonomy: the one source of label ids, loaded from YAML into typed objects."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from inference.errors import TaxonomyError

#: The taxonomy used when neither an argument nor ``SGTAG_TAXONOMY`` names another.
DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "labels" / "taxonomy.yaml"


class Label(BaseModel):
    """One theme: its fixed id, group, definition and the notes that guide annotators."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    group: Literal["family", "practice"]
    name: str
    definition: str
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    examples: list[str] = Field(min_length=1)


class _TaxonomyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: int | str = 1
    labels: list[Label] = Field(min_length=1)

    @field_validator("labels")
    @classmethod
    def _unique_ids(cls, labels: list[Label]) -> list[Label]:
        seen: set[str] = set()
        for label in labels:
            if label.id in seen:
                raise ValueError(f"label id {label.id!r} appears more than once")
            seen.add(label.id)
        return labels


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of labels. The order fixes the columns of every label matrix."""

    name: str
    version: str
    labels: tuple[Label, ...]
    path: Path | None = None

    @property
    def ids(self) -> list[str]:
        return [label.id for label in self.labels]

    def __len__(self) -> int:
        return len(self.labels)

    def __contains__(self, label_id: object) -> bool:
        return label_id in self.index

    @property
    def index(self) -> dict[str, int]:
        return {label.id: i for i, label in enumerate(self.labels)}

    def get(self, label_id: str) -> Label:
        for label in self.labels:
            if label.id == label_id:
                return label
        raise TaxonomyError(f"unknown label {label_id!r}; the taxonomy {self.name!r} has: {', '.join(self.ids)}")

    def check_ids(self, label_ids: Iterable[str], where: str = "") -> None:
        """Raise :class:`TaxonomyError` naming the first id not in the taxonomy."""
        for label_id in label_ids:
            if label_id not in self:
                place = f" in {where}" if where else ""
                raise TaxonomyError(
                    f"unknown label {label_id!r}{place}; the taxonomy {self.name!r} has: {', '.join(self.ids)}"
                )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "labels": [label.model_dump() for label in self.labels],
        }


def resolve_taxonomy_path(path: str | os.PathLike | None = None) -> Path:
    """The taxonomy file to use: the argument, else ``$SGTAG_TAXONOMY``, else the project's own."""
    if path is not None:
        return Path(path)
    env = os.environ.get("SGTAG_TAXONOMY")
    return Path(env) if env else DEFAULT_TAXONOMY_PATH


def load_taxonomy(path: str | os.PathLike | None = None) -> Taxonomy:
    """Load and validate a taxonomy YAML file.

    Raises:
        TaxonomyError: the file is missing, is not YAML, or breaks the schema (the message names the key).
    """
    path = resolve_taxonomy_path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TaxonomyError(f"{path}: taxonomy file not found") from None
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML: {exc}") from None
    return taxonomy_from_dict(raw, source=str(path), path=path)


def taxonomy_from_dict(raw: object, source: str = "<taxonomy>", path: Path | None = None) -> Taxonomy:
    """Build a taxonomy from its parsed YAML (also used for the copy saved inside a model)."""
    try:
        parsed = _TaxonomyFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}" for err in exc.errors()
        )
        raise TaxonomyError(f"{source}: invalid taxonomy: {problems}") from None
    return Taxonomy(name=parsed.name, version=str(parsed.version), labels=tuple(parsed.labels), path=path)
