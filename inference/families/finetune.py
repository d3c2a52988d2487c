"""``finetune``: the MiniLM encoder fine-tuned end to end with a multi-label head.

Binary cross-entropy with per-label positive weights (class weighting), linear warm-up and decay,
and early stopping on dev macro PR-AUC. The head sits on the mean of the token states (``pooling:
mean``, the default: the pooling all-MiniLM-L6-v2 was trained with) or on the [CLS] token
(``pooling: cls``, a standard ``AutoModelForSequenceClassification``). Either way the encoder is
saved as a standard transformers folder (safetensors), so ``transformers`` can load the same weights.

With ``context: previous`` each sentence is encoded as the pair (sentence, previous sentence of its
document), as BERT encodes sentence pairs: ``[CLS] sentence [SEP] previous [SEP]``. The previous
sentence is attended to but not pooled: the mean covers the sentence's own tokens (token type 0),
so the scores stay the sentence's. Themes are often carried across sentences ("He did not attend
either."), which a sentence alone cannot show.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Literal, Sequence

import numpy as np
from pydantic import Field

from inference.families.base import Family, FamilyParams, check_previous, check_training_data
from inference.families.encoder import (
    autocast,
    default_encoder_path,
    length_grouped_batches,
    length_sorted_batches,
    resolve_precision,
)


class FinetuneParams(FamilyParams):
    epochs: int = Field(12, ge=1)
    max_steps: int | None = Field(None, ge=1, description="stop after this many optimiser steps (for tests)")
    batch_size: int = Field(32, ge=1)
    eval_batch_size: int = Field(
        64, ge=1, description="sentences scored at once; 64 keeps tagging under 1.5 GB with the previous sentence as context"
    )
    learning_rate: float = Field(8e-5, gt=0)
    head_learning_rate: float = Field(2e-3, gt=0)
    weight_decay: float = Field(0.01, ge=0)
    warmup_ratio: float = Field(0.1, ge=0, le=1)
    max_length: int = Field(96, ge=8, le=512, description="tokens of the sentence itself, [CLS] and [SEP] included")
    context: Literal["none", "previous"] = Field(
        "none", description="also read the previous sentence of the document (attended to, not pooled)"
    )
    context_max_length: int = Field(64, ge=1, le=256, description="tokens kept from the start of the previous sentence")
    group_by_length: bool = Field(True, description="batch training sentences of similar length together (less padding, faster)")
    pooling: Literal["mean", "cls"] = Field(
        "mean", description="head on the mean of the token states (how the encoder was trained) or on the [CLS] token"
    )
    pos_weight_max: float = Field(8.0, ge=1, description="cap on the per-label positive weight")
    patience: int = Field(1, ge=0, description="epochs without dev improvement before stopping")
    precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="autocast dtype while training: bfloat16 where the CPU runs it fast (master weights stay float32)"
    )
    inference_precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="autocast dtype when scoring (dev tuning and tagging): bfloat16 where the CPU runs it fast"
    )
    threads: int | None = Field(None, ge=1)


class Finetune(Family):
    name = "finetune"
    Params = FinetuneParams
    progress = True

    def _tokenizer(self):
        if getattr(self, "tokenizer_", None) is None:
            from transformers import AutoTokenizer

            self.tokenizer_ = AutoTokenizer.from_pretrained(default_encoder_path())
        return self.tokenizer_

    def _features(self, texts: list[str], previous: list[str] | None) -> list[dict[str, list[int]]]:
        """Token ids (unpadded) of each sentence, paired with its previous sentence where the params say so."""
        p = self.params
        tokenizer = self._tokenizer()
        if p.context == "none" or previous is None:
            tokens = tokenizer(texts, truncation=True, max_length=p.max_length)
            return [dict(zip(tokens.keys(), values)) for values in zip(*tokens.values())]
        # Each part is cut on its own (the tokenizer's pair truncation fails when the sentence alone
        # is over the limit); a document's first sentence has no pair, like tokenizer(text, "").
        own = tokenizer(texts, add_special_tokens=False, truncation=True, max_length=p.max_length - 2)["input_ids"]
        before = tokenizer(previous, add_special_tokens=False, truncation=True, max_length=p.context_max_length)["input_ids"]
        cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
        features = []
        for a, b in zip(own, before):
            ids = [cls, *a, sep] + ([*b, sep] if b else [])
            features.append({"input_ids": ids, "token_type_ids": [0] * (len(a) + 2) + [1] * (len(ids) - len(a) - 2),
                             "attention_mask": [1] * len(ids)})
        return features

    def _new_model(self, n_labels: int):
        if self.params.pooling == "mean":
            from transformers import AutoModel

            from inference.families.mean_pooling import MeanPoolingClassifier

            return MeanPoolingClassifier(AutoModel.from_pretrained(default_encoder_path()), n_labels)
        from transformers import AutoModelForSequenceClassification

        return AutoModelForSequenceClassification.from_pretrained(
            default_encoder_path(), num_labels=n_labels, problem_type="multi_label_classification"
        )

    def fit(self, texts: Sequence[str], y: np.ndarray, dev_texts: Sequence[str] = (), dev_y: np.ndarray | None = None,
            previous: Sequence[str] | None = None, dev_previous: Sequence[str] | None = None):
        import torch
        from sklearn.metrics import average_precision_score
        from tqdm.auto import tqdm
        from transformers import get_linear_schedule_with_warmup

        y = check_training_data(texts, y)
        texts = list(texts)
        previous = check_previous(texts, previous)
        dev_previous = check_previous(dev_texts, dev_previous)
        p = self.params
        if p.threads:
            torch.set_num_threads(p.threads)
        if self.seed is not None:
            torch.manual_seed(self.seed)
        rng = np.random.default_rng(self.seed)
        n_labels = y.shape[1]
        train_precision = resolve_precision(p.precision)
        # Dev scores (early stopping, then threshold tuning) use the precision tagging will use.
        self.precision_ = resolve_precision(p.inference_precision)
        model = self._new_model(n_labels)
        positives = y.sum(axis=0).astype(np.float64)
        pos_weight = np.clip((len(y) - positives) / np.maximum(positives, 1.0), 1.0, p.pos_weight_max)
        loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos_weight, dtype=torch.float32))
        head = [prm for n, prm in model.named_parameters() if n.startswith("classifier")]
        body = [prm for n, prm in model.named_parameters() if not n.startswith("classifier")]
        optimiser = torch.optim.AdamW(
            [{"params": body, "lr": p.learning_rate}, {"params": head, "lr": p.head_learning_rate}], weight_decay=p.weight_decay
        )
        steps_per_epoch = math.ceil(len(texts) / p.batch_size)
        total = steps_per_epoch * p.epochs if p.max_steps is None else min(p.max_steps, steps_per_epoch * p.epochs)
        scheduler = get_linear_schedule_with_warmup(optimiser, int(p.warmup_ratio * total), total)
        y_t = torch.tensor(y, dtype=torch.float32)
        # Tokenise once; each batch is then only padded.
        features = self._features(texts, previous)
        lengths = [len(f["input_ids"]) for f in features]

        self.model_ = model
        best_score, best_state, stale, step = -1.0, None, 0, 0
        self.history_ = []
        for epoch in tqdm(range(p.epochs), desc="epochs", unit="epoch", disable=not self.progress):
            model.train()
            if p.group_by_length:
                batches = length_grouped_batches(lengths, p.batch_size, rng)
            else:
                order = rng.permutation(len(texts))
                batches = [order[i : i + p.batch_size] for i in range(0, len(order), p.batch_size)]
            losses = []
            bar = tqdm(batches, desc=f"epoch {epoch + 1}", unit="batch", leave=False, disable=not self.progress)
            for batch in bar:
                enc = self._tokenizer().pad([features[i] for i in batch], return_tensors="pt")
                with autocast(train_precision):
                    logits = model(**enc).logits
                loss = loss_fn(logits.float(), y_t[batch])
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimiser.step()
                scheduler.step()
                optimiser.zero_grad()
                losses.append(loss.item())
                bar.set_postfix(loss=f"{np.mean(losses[-20:]):.4f}")
                step += 1
                if p.max_steps is not None and step >= p.max_steps:
                    break
            record = {"epoch": epoch + 1, "train_loss": float(np.mean(losses))}
            if len(dev_texts) and dev_y is not None:
                scores = self._predict_proba(list(dev_texts), dev_previous)
                present = np.asarray(dev_y).sum(axis=0) > 0
                score = float(average_precision_score(np.asarray(dev_y)[:, present], scores[:, present], average="macro")) if present.any() else 0.0
                record["dev_macro_pr_auc"] = score
                if score > best_score:
                    best_score, best_state, stale = score, copy.deepcopy(model.state_dict()), 0
                else:
                    stale += 1
            self.history_.append(record)
            if p.max_steps is not None and step >= p.max_steps:
                break
            if len(dev_texts) and stale > p.patience:
                break
        if best_state is not None:
            model.load_state_dict(best_state)
        model.eval()
        return self

    @property
    def n_labels_(self) -> int:
        return self.model_.classifier.out_features

    def _predict_proba(self, texts: list[str], previous: list[str] | None = None) -> np.ndarray:
        import torch

        self.model_.eval()
        features = self._features(texts, previous)
        lengths = [len(f["input_ids"]) for f in features]
        out = np.zeros((len(texts), self.n_labels_), dtype=np.float32)
        with torch.inference_mode(), autocast(self.precision_):
            for batch in length_sorted_batches(lengths, self.params.eval_batch_size):
                enc = self._tokenizer().pad([features[i] for i in batch], return_tensors="pt")
                logits = self.model_(**enc).logits
                out[batch] = torch.sigmoid(logits.float()).cpu().numpy()
        return out

    def save(self, directory: Path) -> None:
        # save_pretrained writes model.safetensors and config.json (and head.safetensors for mean
        # pooling); the tokenizer rides along.
        self.model_.save_pretrained(directory / "hf_model", safe_serialization=True)
        self._tokenizer().save_pretrained(directory / "hf_model")

    @classmethod
    def load(cls, directory: Path, n_labels: int, params: FinetuneParams | None = None) -> "Finetune":
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from inference.families.mean_pooling import HEAD_FILE, MeanPoolingClassifier

        model = cls(params)
        # The files say which head was trained: models saved before mean pooling existed have no
        # head file and no ``pooling`` in their params.
        if (directory / "hf_model" / HEAD_FILE).exists():
            model.model_ = MeanPoolingClassifier.from_pretrained(directory / "hf_model")
        else:
            model.params = model.params.model_copy(update={"pooling": "cls"})
            model.model_ = AutoModelForSequenceClassification.from_pretrained(directory / "hf_model").eval()
        model.tokenizer_ = AutoTokenizer.from_pretrained(directory / "hf_model")
        model.precision_ = resolve_precision(model.params.inference_precision)
        return model


FAMILY = Finetune
