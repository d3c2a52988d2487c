"""Document-level prediction over a DataFrame of texts (the pyfunc and Spark entry point)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from inference.errors import SgtagError
from inference.families.base import previous_sentences
from inference.model import SgtagModel
from inference.segment import split_sentences


def predict_frame(model: SgtagModel, frame) -> pd.DataFrame:
    """Tag each row's ``text``: its sentences are scored together, then each document aggregated.

    Returns:
        A DataFrame with ``labels`` (list of label ids) and one float column per label.
    """
    if isinstance(frame, pd.Series):
        texts = frame.astype(str).tolist()
    elif isinstance(frame, pd.DataFrame):
        if "text" not in frame.columns:
            raise SgtagError(f"expected a DataFrame with a 'text' column, found columns {list(frame.columns)}")
        texts = frame["text"].fillna("").astype(str).tolist()
    else:
        texts = [str(t) for t in frame]
    sentences, owner = [], []
    for i, text in enumerate(texts):
        for sentence in split_sentences(text):
            sentences.append(sentence.text)
            owner.append(i)
    scores = model.sentence_scores(sentences, previous_sentences(sentences, owner))
    owner = np.array(owner, dtype=int)
    n = len(model.labels)
    doc_scores = np.zeros((len(texts), n), dtype=np.float32)
    doc_labels = []
    for i in range(len(texts)):
        s = scores[owner == i] if len(owner) else np.zeros((0, n), dtype=np.float32)
        doc_scores[i] = model.document_scores(s)
        on = model.document_labels(s)
        doc_labels.append([label for label, flag in zip(model.labels, on) if flag])
    out = pd.DataFrame({"labels": doc_labels})
    for j, label in enumerate(model.labels):
        out[label] = doc_scores[:, j].astype(np.float64)
    return out
