"""``sgtag train``: fit one model from a config, tune thresholds, evaluate, and track it in MLflow."""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from inference.errors import CorpusError
from inference.families import get_family
from inference.model import DocumentRule, SgtagModel
from inference.taxonomy import Taxonomy, load_taxonomy
from training.config import TrainConfig
from training.data import corpus_examples, corpus_fingerprint, load_documents, multi_hot, previous_of
from training.evaluate import Evaluation, evaluate_examples
from training.metrics import group_by_document, tune_document_rule, tune_thresholds


@dataclass
class TrainResult:
    run_id: str
    model_uri: str
    registered_version: str | None
    metrics: dict[str, float]
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    model: SgtagModel | None = None


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _subset(taxonomy: Taxonomy, labels: list[str] | None) -> Taxonomy:
    if labels is None:
        return taxonomy
    return Taxonomy(taxonomy.name, taxonomy.version, tuple(taxonomy.get(l) for l in labels), taxonomy.path)


def train(config: TrainConfig, alias: str | None = None, progress: bool = True, console=None) -> TrainResult:
    """Train, evaluate and log one run; returns its id, metrics and the fitted model."""
    import mlflow

    from training import reports, tracking

    full_taxonomy = load_taxonomy(config.data.taxonomy)
    taxonomy = _subset(full_taxonomy, config.data.labels)
    documents = load_documents(config.data.paths)
    examples = corpus_examples(documents)
    # Every label in the corpus must be known, even ones this run leaves out.
    full_taxonomy.check_ids(sorted({l for e in examples for l in e.labels | e.hard_negative}), f"the corpus {', '.join(config.data.paths)}")
    by_split = {s: [e for e in examples if e.split == s] for s in ("train", "dev", "test")}
    if not by_split["train"]:
        raise CorpusError(f"no training sentences: {', '.join(config.data.paths)} has no train.jsonl documents")
    keep = set(taxonomy.ids)
    y_train = multi_hot((e.labels & keep for e in by_split["train"]), taxonomy)
    y_dev = multi_hot((e.labels & keep for e in by_split["dev"]), taxonomy)
    fingerprint = corpus_fingerprint(documents)

    tracking.configure()
    experiment_id = tracking.ensure_experiment(config.experiment)
    family = get_family(config.family)(config.family_params(), seed=config.seed)
    family.progress = progress
    if config.seed is not None:
        import random

        import torch

        random.seed(config.seed)
        np.random.seed(config.seed)
        torch.manual_seed(config.seed)

    with mlflow.start_run(experiment_id=experiment_id, run_name=config.run_name) as run:
        mlflow.set_tags({"family": config.family, "corpus_fingerprint": fingerprint, "git_commit": tracking.git_commit(),
                         "taxonomy": f"{taxonomy.name} v{taxonomy.version}"})
        mlflow.log_params(config.flat())
        _log_dataset(examples, config, fingerprint)

        started = time.perf_counter()
        dev_texts, dev_previous = [e.text for e in by_split["dev"]], previous_of(by_split["dev"])
        family.fit([e.text for e in by_split["train"]], y_train, dev_texts, y_dev if len(y_dev) else None,
                   previous_of(by_split["train"]), dev_previous)
        train_time = time.perf_counter() - started

        thresholds = np.full(len(taxonomy), config.thresholds.default, dtype=np.float32)
        rule = DocumentRule()
        dev_scores = family.predict_proba(dev_texts, dev_previous) if by_split["dev"] else None
        if config.thresholds.tune and dev_scores is not None:
            t = config.thresholds
            thresholds = tune_thresholds(y_dev, dev_scores, t.default, t.min, t.max, t.shrinkage)
            rule = tune_document_rule(group_by_document([e.doc_id for e in by_split["dev"]], dev_scores, y_dev), thresholds)
        model = SgtagModel(
            family, taxonomy.ids, thresholds, rule, taxonomy, config.model_dump(),
            {"corpus_fingerprint": fingerprint, "run_id": run.info.run_id, "experiment": config.experiment},
        )
        evaluations = {}
        if dev_scores is not None:
            evaluations["dev"] = evaluate_examples(model, by_split["dev"], dev_scores)
        if by_split["test"]:
            evaluations["test"] = evaluate_examples(model, by_split["test"])

        metrics = {"train_time_s": train_time, "peak_rss_mb": peak_rss_mb(),
                   "n_train_sentences": float(len(by_split["train"]))}
        for split, ev in evaluations.items():
            metrics.update(ev.flat(split))
        mlflow.log_metrics(metrics)

        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            model_dir = model.save(tmp / "model")
            table = reports.per_label_table(evaluations, taxonomy.ids, thresholds)
            artifacts = tmp / "report"
            artifacts.mkdir()
            reports.write_label_report(table, artifacts)
            (artifacts / "config.yaml").write_text((model_dir / "config.yaml").read_text())
            for split, ev in evaluations.items():
                reports.plot_pr_curves(ev, taxonomy.ids, artifacts / f"pr_curves_{split}.png", f"{config.family}: PR curves ({split})")
            if evaluations:
                reports.plot_label_f1(evaluations, taxonomy.ids, artifacts / "per_label_f1.png")
            corpus = {"fingerprint": fingerprint, "documents": len(documents),
                      "sentences_by_split": {s: len(v) for s, v in by_split.items()}}
            (artifacts / "model_card.md").write_text(reports.model_card(config, model, evaluations, corpus, table))
            if getattr(family, "history_", None):
                import json

                (artifacts / "training_history.json").write_text(json.dumps(family.history_, indent=2))
            mlflow.log_artifacts(str(artifacts))
            info = tracking.log_pyfunc(model_dir, model, config.registered_model_name)
            if config.export_dir:
                export = Path(config.export_dir)
                if export.exists():
                    shutil.rmtree(export)
                shutil.copytree(model_dir, export)

        version = str(info.registered_model_version) if info.registered_model_version is not None else None
        if alias and version and config.registered_model_name:
            tracking.set_alias(config.registered_model_name, alias, version)

    result = TrainResult(run.info.run_id, info.model_uri, version, metrics, evaluations, model)
    if console is not None:
        print_summary(result, config, console, alias)
    return result


def _log_dataset(examples, config: TrainConfig, fingerprint: str) -> None:
    import mlflow
    import pandas as pd

    frame = pd.DataFrame(
        {"doc_id": [e.doc_id for e in examples], "split": [e.split for e in examples], "text": [e.text for e in examples],
         "labels": [";".join(sorted(e.labels)) for e in examples]}
    )
    dataset = mlflow.data.from_pandas(frame, source=",".join(config.data.paths), name="sgtag-corpus", digest=fingerprint)
    mlflow.log_input(dataset, context="training")


def print_summary(result: TrainResult, config: TrainConfig, console, alias: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=f"{config.family}: run {result.run_id}")
    table.add_column("split")
    for name in ("micro F1", "macro F1", "doc micro F1", "doc macro F1", "macro PR-AUC"):
        table.add_column(name, justify="right")
    for split, ev in result.evaluations.items():
        table.add_row(split, *(f"{v:.3f}" for v in (ev.sentence["micro_f1"], ev.sentence["macro_f1"], ev.document["micro_f1"],
                                                    ev.document["macro_f1"], ev.sentence["macro_pr_auc"])))
    console.print(table)
    registered = f"{config.registered_model_name} v{result.registered_version}" if result.registered_version else "not registered"
    console.print(f"trained in {result.metrics['train_time_s']:.1f}s, peak RSS {result.metrics['peak_rss_mb']:.0f} MB; "
                  f"model {result.model_uri} ({registered}{', alias ' + alias if alias and result.registered_version else ''})")
