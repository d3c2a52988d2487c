"""``make bench``: training cost and quality of every family on the full corpus, and tagging throughput.

Each measurement runs in a fresh subprocess so that its peak RSS is its own. Training runs are
logged to the experiment ``sgtag-bench`` (not registered); the tagging throughput is logged back
into each training run, so ``sgtag compare --experiment sgtag-bench`` shows it. The peer for the
``finetune`` family is ``transformers.pipeline`` over the same fine-tuned weights and the same
sentences: ``"text-classification"`` for a [CLS] head, ``"feature-extraction"`` plus the mean of each
sentence's token states and the same linear head for a mean-pooling head (fed (sentence, previous
sentence) pairs, tokenised as the library tokenises pairs, where the model reads context).

    python -m training.bench --out outputs/bench [--families tfidf_linear finetune] [--documents 1000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

FAMILIES = ("tfidf_linear", "encoder_linear", "finetune")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-m", "training.bench", "--worker", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench worker {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- workers (each in its own process) ------------------------------------------------------------


def work_train(family: str, out: Path) -> dict:
    from training.config import load_config
    from training.train import train

    config = load_config(Path("configs") / f"{family}.yaml", ["experiment=sgtag-bench", "registered_model_name=null",
                                                               f"run_name=bench-{family}", f"export_dir={out / 'models' / family}"])
    started = time.perf_counter()
    result = train(config, progress=False)
    m = result.metrics
    return {
        "family": family, "run_id": result.run_id, "wall_s": time.perf_counter() - started, "fit_s": m["train_time_s"],
        "peak_rss_mb": _peak_rss_mb(),
        **{k: m[k] for k in ("dev_micro_f1", "dev_macro_f1", "test_micro_f1", "test_macro_f1", "dev_doc_micro_f1",
                             "dev_doc_macro_f1", "test_doc_micro_f1", "test_doc_macro_f1")},
    }


def work_tag(model_dir: Path, docs_dir: Path) -> dict:
    from inference.loading import load_model
    from inference.tagger import Tagger

    tagger = Tagger(load_model(str(model_dir)))
    tagger.tag_text("Warm-up sentence about a baby who slept on the sofa.")
    started = time.perf_counter()
    n_docs = n_sentences = 0
    for result in tagger.tag_files([str(docs_dir)]):
        n_docs += 1
        n_sentences += len(result["sentences"])
    seconds = time.perf_counter() - started
    out = {"documents": n_docs, "sentences": n_sentences, "seconds": seconds, "docs_per_s": n_docs / seconds,
           "sentences_per_s": n_sentences / seconds, "peak_rss_mb": _peak_rss_mb()}
    out.update(_precision_check(tagger.model, docs_dir))
    return out


def _document_sentences(paths: list[Path]) -> tuple[list[str], list[str]]:
    """The sentences of the documents, segmented as the tagger does, and each one's previous sentence."""
    from inference.families.base import previous_sentences
    from inference.readers import extract_text
    from inference.segment import split_sentences

    sentences, owner = [], []
    for i, path in enumerate(paths):
        for sentence in split_sentences(extract_text(path.read_bytes(), path.suffix)):
            sentences.append(sentence.text)
            owner.append(i)
    return sentences, previous_sentences(sentences, owner)


def _precision_check(model, docs_dir: Path, n: int = 1000) -> dict:
    """Where a family scores under bfloat16 autocast, compare with float32 on the same sentences."""
    family = model.family
    encoder = getattr(family, "encoder_", None)
    holder, attribute = (encoder, "precision") if encoder is not None else (family, "precision_")
    if getattr(holder, attribute, "float32") != "bfloat16":
        return {}
    sentences, previous = _document_sentences(sorted(docs_dir.iterdir())[:60])
    sentences, previous = sentences[:n], previous[:n]
    half = model.sentence_scores(sentences, previous)
    setattr(holder, attribute, "float32")
    full = model.sentence_scores(sentences, previous)
    setattr(holder, attribute, "bfloat16")
    changed = (half >= model.thresholds) != (full >= model.thresholds)
    return {"bf16_max_abs_score_diff": float(abs(half - full).max()), "bf16_mean_abs_score_diff": float(abs(half - full).mean()),
            "bf16_decisions_changed": float(changed.mean())}


def work_peer(model_dir: Path, docs_dir: Path, batch_size: int) -> dict:
    """transformers.pipeline over the same sentences (segmented the same way), as the peer."""
    import json

    import torch
    from safetensors.torch import load_file
    from transformers import pipeline
    from transformers.pipelines import FeatureExtractionPipeline

    from inference.families.mean_pooling import HEAD_FILE
    from inference.model import MODEL_FILE

    sentences, previous = _document_sentences(sorted(docs_dir.iterdir()))
    params = json.loads((model_dir / MODEL_FILE).read_text())["family_params"]
    max_length = params.get("max_length", 96)
    hf_model = model_dir / "hf_model"
    inputs = sentences
    if (hf_model / HEAD_FILE).exists():
        # Mean pooling: the feature-extraction pipeline, then the mean of each sentence's own tokens and the head.
        kwargs = {"tokenize_kwargs": {"truncation": True, "max_length": max_length}}
        if params.get("context") == "previous":
            # (sentence, previous sentence) pairs, tokenised as the library tokenises pairs.
            pair_max_length = max_length + params.get("context_max_length", 64) + 1

            class PairFeatureExtraction(FeatureExtractionPipeline):
                def preprocess(self, inputs, **tokenize_kwargs):
                    text, pair = inputs
                    return self.tokenizer(text, pair or None, return_tensors="pt", truncation="longest_first", max_length=pair_max_length)

            kwargs = {"pipeline_class": PairFeatureExtraction}
            inputs = list(zip(sentences, previous))
        extractor = pipeline("feature-extraction", model=str(hf_model), device="cpu", return_tensors=True, **kwargs)
        weights = load_file(str(hf_model / HEAD_FILE))
        head = torch.nn.Linear(weights["weight"].shape[1], weights["weight"].shape[0])
        head.load_state_dict(weights)

        def classifier(items, batch_size):
            states = extractor(items, batch_size=batch_size)
            texts = [item[0] if isinstance(item, tuple) else item for item in items]
            lengths = [len(ids) for ids in extractor.tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]]
            return torch.sigmoid(head(torch.stack([s[0, :n].mean(dim=0) for s, n in zip(states, lengths)])))
    else:
        classifier = pipeline("text-classification", model=str(hf_model), top_k=None, function_to_apply="sigmoid",
                              device="cpu", truncation=True, max_length=max_length)
    with torch.inference_mode():
        classifier(inputs[:8], batch_size=8)
        started = time.perf_counter()
        outputs = classifier(inputs, batch_size=batch_size)
    seconds = time.perf_counter() - started
    assert len(outputs) == len(sentences)
    return {"sentences": len(sentences), "seconds": seconds, "sentences_per_s": len(sentences) / seconds, "peak_rss_mb": _peak_rss_mb()}


def ensemble_of_members(out: Path, members: tuple[str, ...] = ("tfidf_linear", "finetune")) -> dict:
    """Dev and test metrics of the ``ensemble`` family's rule (equal-weight average of member scores,
    thresholds and document rule tuned on dev) computed from the members trained above, which are
    the models the ensemble would fit with the same seed."""
    import numpy as np

    from inference.model import SgtagModel
    from training.data import corpus_examples, load_documents, previous_of
    from training.evaluate import evaluate_examples, label_matrix
    from training.metrics import group_by_document, tune_document_rule, tune_thresholds

    models = [SgtagModel.load(out / "models" / name) for name in members]
    examples = corpus_examples(load_documents())
    split = {s: [e for e in examples if e.split == s] for s in ("dev", "test")}
    scores = {s: np.mean([m.sentence_scores([e.text for e in split[s]], previous_of(split[s])) for m in models], axis=0) for s in split}
    base = models[0]
    y_dev = label_matrix(split["dev"], base)
    thresholds = tune_thresholds(y_dev, scores["dev"], shrinkage=30.0)
    rule = tune_document_rule(group_by_document([e.doc_id for e in split["dev"]], scores["dev"], y_dev), thresholds)
    model = SgtagModel(base.family, base.labels, thresholds, rule, base.taxonomy)
    result = {"members": list(members)}
    for s in split:
        ev = evaluate_examples(model, split[s], scores[s])
        for level, metrics in (("", ev.sentence), ("doc_", ev.document)):
            result[f"{s}_{level}micro_f1"] = metrics["micro_f1"]
            result[f"{s}_{level}macro_f1"] = metrics["macro_f1"]
    return result


# --- driver --------------------------------------------------------------------------------------


def make_documents(folder: Path, n: int) -> Path:
    """``n`` text documents cycled from the corpus (all splits), as tagging input."""
    from training.data import load_documents

    folder.mkdir(parents=True, exist_ok=True)
    docs = [d.doc for d in load_documents()]
    for i in range(n):
        doc = docs[i % len(docs)]
        (folder / f"doc-{i:04d}.txt").write_text(doc.text, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="outputs/bench")
    parser.add_argument("--families", nargs="+", default=list(FAMILIES), choices=FAMILIES)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--peer-batch-size", type=int, default=64)
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, *rest = args.worker
        if kind == "train":
            result = work_train(rest[0], Path(rest[1]))
        elif kind == "tag":
            result = work_tag(Path(rest[0]), Path(rest[1]))
        else:
            result = work_peer(Path(rest[0]), Path(rest[1]), int(rest[2]))
        print(json.dumps(result))
        return 0

    import mlflow
    from rich.console import Console
    from rich.table import Table

    from training import tracking

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    console = Console(width=200)
    docs_dir = make_documents(out / "documents", args.documents)
    results: dict = {"documents": args.documents, "families": {}}
    for family in args.families:
        console.print(f"[bold]{family}[/bold]: training on the full corpus ...")
        trained = _worker(["train", family, str(out)])
        console.print(f"  tagging {args.documents} documents ...")
        tagged = _worker(["tag", str(out / "models" / family), str(docs_dir)])
        results["families"][family] = {"train": trained, "tag": tagged}
        tracking.configure()
        with mlflow.start_run(run_id=trained["run_id"]):
            mlflow.log_metrics({"tag_sentences_per_s": tagged["sentences_per_s"], "tag_docs_per_s": tagged["docs_per_s"],
                                "tag_peak_rss_mb": tagged["peak_rss_mb"], "train_wall_s": trained["wall_s"]})
        if family == "finetune":
            console.print("  peer: transformers.pipeline over the same weights and sentences ...")
            results["peer"] = _worker(["peer", str(out / "models" / family), str(docs_dir), str(args.peer_batch_size)])
            results["finetune_speedup_over_peer"] = tagged["sentences_per_s"] / results["peer"]["sentences_per_s"]

    if {"tfidf_linear", "finetune"} <= set(results["families"]):
        console.print("ensemble (tfidf_linear + finetune, equal weights) from the members above ...")
        results["ensemble"] = ensemble_of_members(out)

    table = Table(title=f"sgtag bench: full corpus; tagging {args.documents} documents")
    for name in ("family", "train s", "train RSS MB", "dev µF1", "dev MF1", "test µF1", "test MF1", "dev doc µF1", "dev doc MF1",
                 "test doc µF1", "test doc MF1", "docs/s", "sents/s", "tag RSS MB"):
        table.add_column(name, justify="left" if name == "family" else "right")
    for family, r in results["families"].items():
        t, g = r["train"], r["tag"]
        table.add_row(family, f"{t['wall_s']:.0f}", f"{t['peak_rss_mb']:.0f}",
                      *(f"{t[k]:.3f}" for k in ("dev_micro_f1", "dev_macro_f1", "test_micro_f1", "test_macro_f1", "dev_doc_micro_f1",
                                                 "dev_doc_macro_f1", "test_doc_micro_f1", "test_doc_macro_f1")),
                      f"{g['docs_per_s']:.1f}", f"{g['sentences_per_s']:.0f}", f"{g['peak_rss_mb']:.0f}")
    if "ensemble" in results:
        e = results["ensemble"]
        table.add_row("ensemble", "", "", *(f"{e[k]:.3f}" for k in ("dev_micro_f1", "dev_macro_f1", "test_micro_f1", "test_macro_f1",
                      "dev_doc_micro_f1", "dev_doc_macro_f1", "test_doc_micro_f1", "test_doc_macro_f1")), "", "", "")
    if "peer" in results:
        p = results["peer"]
        table.add_row("pipeline peer", "", "", *[""] * 8, "", f"{p['sentences_per_s']:.0f}", f"{p['peak_rss_mb']:.0f}")
    console.print(table)
    for family, r in results["families"].items():
        g = r["tag"]
        if "bf16_max_abs_score_diff" in g:
            console.print(f"{family}: bfloat16 vs float32 scores: max |diff| {g['bf16_max_abs_score_diff']:.4f}, "
                          f"mean {g['bf16_mean_abs_score_diff']:.5f}, label decisions changed {g['bf16_decisions_changed']:.3%}")
    if "peer" in results:
        console.print(f"finetune tags {results['finetune_speedup_over_peer']:.2f}x the peer's sentences/s (target 1.5x); "
                      f"peak RSS {results['families']['finetune']['tag']['peak_rss_mb']:.0f} MB (target < 1536 MB)")
    (out / "results.json").write_text(json.dumps(results, indent=2))
    console.print(f"results written to {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
