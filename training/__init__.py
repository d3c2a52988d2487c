"""sgtag training: corpus tools, model families, evaluation and MLflow tracking.

May import :mod:`inference` for the shared pieces (taxonomy, segmentation); never the reverse.
"""
