"""``ensemble``: a weighted average of other families' scores (for example TF-IDF and fine-tuned MiniLM).

Members are fitted one after another on the same data; each is saved in its own sub-folder with
its own files, so an ensemble is as readable as its members.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from inference.families.base import Family, FamilyParams, check_training_data


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: str
    weight: float = Field(1.0, gt=0)
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("family")
    @classmethod
    def _known(cls, name: str) -> str:
        from inference.families import available_families

        if name == "ensemble" or name not in available_families():
            choices = [f for f in available_families() if f != "ensemble"]
            raise ValueError(f"unknown member family {name!r}; choose one of: {', '.join(choices)}")
        return name


class EnsembleParams(FamilyParams):
    members: list[Member] = Field(
        default_factory=lambda: [Member(family="tfidf_linear"), Member(family="finetune")], min_length=1
    )

    @field_validator("members")
    @classmethod
    def _member_params(cls, members: list[Member]) -> list[Member]:
        from inference.families import get_family

        for member in members:
            member.params = get_family(member.family).Params.model_validate(member.params).model_dump()
        return members


class Ensemble(Family):
    name = "ensemble"
    Params = EnsembleParams
    progress = True

    def _members(self) -> list[Family]:
        from inference.families import get_family

        out = []
        for member in self.params.members:
            family = get_family(member.family)
            model = family(family.Params.model_validate(member.params), seed=self.seed)
            model.progress = self.progress
            out.append(model)
        return out

    def fit(self, texts: Sequence[str], y: np.ndarray, dev_texts: Sequence[str] = (), dev_y: np.ndarray | None = None,
            previous: Sequence[str] | None = None, dev_previous: Sequence[str] | None = None):
        y = check_training_data(texts, y, previous)
        self.members_ = [m.fit(texts, y, dev_texts, dev_y, previous, dev_previous) for m in self._members()]
        self.history_ = [{"member": m.name, "history": getattr(m, "history_", None)} for m in self.members_]
        return self

    @property
    def n_labels_(self) -> int:
        return self.members_[0].n_labels_

    def _predict_proba(self, texts: list[str], previous: list[str] | None = None) -> np.ndarray:
        weights = np.array([m.weight for m in self.params.members], dtype=np.float32)
        scores = sum(w * member.predict_proba(texts, previous) for w, member in zip(weights, self.members_))
        return (scores / weights.sum()).astype(np.float32)

    def save(self, directory: Path) -> None:
        for i, member in enumerate(self.members_):
            folder = directory / "members" / f"{i}_{member.name}"
            folder.mkdir(parents=True, exist_ok=True)
            member.save(folder)

    @classmethod
    def load(cls, directory: Path, n_labels: int, params: EnsembleParams | None = None) -> "Ensemble":
        from inference.families import get_family

        model = cls(params)
        model.members_ = []
        for i, spec in enumerate(model.params.members):
            family = get_family(spec.family)
            model.members_.append(family.load(directory / "members" / f"{i}_{spec.family}", n_labels, family.Params.model_validate(spec.params)))
        return model


FAMILY = Ensemble
