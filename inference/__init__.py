"""sgtag runtime: taxonomy, segmentation, model loading and document tagging.

This package never imports :mod:`training`; a saved model carries everything it needs.
"""

from inference.errors import SgtagError
from inference.segment import Sentence, split_sentences
from inference.taxonomy import Label, Taxonomy, load_taxonomy

__all__ = ["Label", "SgtagError", "Sentence", "Taxonomy", "load_taxonomy", "split_sentences"]


def __getattr__(name):
    # The tagger pulls in torch and mlflow; import it only when asked for.
    if name == "Tagger":
        from inference.tagger import Tagger

        return Tagger
    raise AttributeError(f"module 'inference' has no attribute {name!r}")
