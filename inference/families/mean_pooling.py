"""A multi-label head on the mean of MiniLM's token states, the pooling all-MiniLM-L6-v2 was trained with.

``AutoModelForSequenceClassification`` puts its head on the [CLS] token (through BERT's pooler, which
the sentence-transformers training never used). Averaging the token states instead starts
fine-tuning from the sentence embedding the encoder was trained to produce. Imported lazily: it
needs torch at import time.
"""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from transformers.modeling_outputs import SequenceClassifierOutput

from inference.families.encoder import mean_pool

HEAD_FILE = "head.safetensors"


class MeanPoolingClassifier(torch.nn.Module):
    """``encoder`` (a ``transformers.AutoModel``) -> mean pooling -> dropout -> linear, one logit per label.

    The mean covers the first segment's tokens (``token_type_ids == 0``): with a single sentence,
    all of them; with a (sentence, context) pair, the sentence's own.
    """

    def __init__(self, encoder: torch.nn.Module, num_labels: int, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = torch.nn.Dropout(dropout)
        self.classifier = torch.nn.Linear(encoder.config.hidden_size, num_labels)

    def forward(self, input_ids, attention_mask, token_type_ids=None) -> SequenceClassifierOutput:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        pooled = mean_pool(hidden, attention_mask, token_type_ids)
        return SequenceClassifierOutput(logits=self.classifier(self.dropout(pooled)))

    def save_pretrained(self, directory: Path, safe_serialization: bool = True) -> None:
        """The encoder as a standard transformers folder (always safetensors), the head beside it."""
        self.encoder.save_pretrained(directory, safe_serialization=True)
        save_file({k: v.contiguous() for k, v in self.classifier.state_dict().items()}, str(Path(directory) / HEAD_FILE))

    @classmethod
    def from_pretrained(cls, directory: Path) -> "MeanPoolingClassifier":
        from transformers import AutoModel

        head = load_file(str(Path(directory) / HEAD_FILE))
        model = cls(AutoModel.from_pretrained(directory), num_labels=head["weight"].shape[0])
        model.classifier.load_state_dict(head)
        return model.eval()
