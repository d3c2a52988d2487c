"""``sgtag``: the command line. Each subcommand parses its arguments and calls one library function."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from inference.errors import SgtagError

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "TOKENIZERS_PARALLELISM": "false",
}

ROOT = Path(__file__).resolve().parent.parent


def _console(stderr: bool = False):
    """A rich console; when output is not a terminal (make, a pipe) tables get room instead of 80 columns."""
    from rich.console import Console

    console = Console(stderr=stderr)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console = Console(stderr=stderr, width=200)
    return console


def _taxonomy(args):
    from inference.taxonomy import load_taxonomy

    return load_taxonomy(args.taxonomy)


# --- data -------------------------------------------------------------------------------------


def cmd_data_build(args) -> int:
    from training.source import build_corpus

    counts = build_corpus(Path(args.source), Path(args.out), Path(args.splits), _taxonomy(args))
    print(f"built {sum(counts.values())} documents into {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_data_validate(args) -> int:
    from training.validate import validate_corpus

    documents, problems = validate_corpus(args.paths, _taxonomy(args))
    for problem in problems:
        print(problem)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"{len(errors)} error(s) in {len(documents)} documents", file=sys.stderr)
        return 1
    print(f"ok: {len(documents)} documents, no problems")
    return 0


def cmd_data_stats(args) -> int:
    from training.data import load_documents
    from training.stats import corpus_stats, plot_label_counts, print_stats

    stats = corpus_stats(load_documents(args.paths), _taxonomy(args))
    plot = plot_label_counts(stats, Path(args.plot)) if args.plot else None
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        print_stats(stats, _console())
        if plot:
            print(f"chart written to {plot}")
    return 0


def cmd_data_agreement(args) -> int:
    from training.agreement import compare_passes

    report = compare_passes(Path(args.first), Path(args.second), _taxonomy(args))
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    from rich.table import Table

    table = Table(title=f"Agreement over {report['documents']} documents, {report['lines']} lines")
    for name in ("label", "first pass +", "second pass +", "Cohen's kappa", "F1"):
        table.add_column(name, justify="left" if name == "label" else "right")
    for label, row in report["per_label"].items():
        table.add_row(label, str(row["first_positives"]), str(row["second_positives"]), f"{row['kappa']:.2f}", f"{row['f1']:.2f}")
    console = _console()
    console.print(table)
    console.print(f"mean kappa {report['mean_kappa']:.3f}; micro F1 {report['micro_f1']:.3f}; "
                  f"lines with identical label sets {report['exact_line_agreement']:.1%}; {len(report['disagreements'])} lines differ")
    return 0


# --- train / evaluate -----------------------------------------------------------------------------


def cmd_train(args) -> int:
    from training.config import load_config
    from training.train import train

    config = load_config(args.config, args.set)
    if args.export:
        config.export_dir = args.export
    train(config, alias=args.alias, progress=not args.quiet, console=_console())
    return 0


def cmd_evaluate(args) -> int:
    from inference.loading import load_model
    from training.data import corpus_examples, load_documents
    from training.evaluate import evaluate_examples

    loaded = load_model(args.model)
    examples = corpus_examples(load_documents(args.data))
    if not examples:
        raise SgtagError(f"no sentences in {', '.join(args.data)}")
    ev = evaluate_examples(loaded.model, examples)
    if args.json:
        print(json.dumps({"model": loaded.describe(), "documents": ev.n_documents, "sentences": len(examples),
                          "sentence": ev.sentence, "document": ev.document}, indent=2))
        return 0
    from rich.table import Table

    console = _console()
    table = Table(title=f"{loaded.uri}: {ev.n_documents} documents, {len(examples)} sentences")
    table.add_column("level")
    for name in ("micro F1", "macro F1", "macro PR-AUC", "subset acc.", "Hamming loss"):
        table.add_column(name, justify="right")
    for level, m in (("sentence", ev.sentence), ("document", ev.document)):
        table.add_row(level, *(f"{m[k]:.3f}" for k in ("micro_f1", "macro_f1", "macro_pr_auc", "subset_accuracy")), f"{m['hamming_loss']:.4f}")
    console.print(table)
    table = Table(title="Per label (sentence level)")
    for name in ("label", "precision", "recall", "F1", "support"):
        table.add_column(name, justify="right" if name != "label" else "left")
    for label, row in ev.sentence["per_label"].items():
        table.add_row(label, f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", str(row["support"]))
    console.print(table)
    return 0


# --- tag ----------------------------------------------------------------------------------------


def cmd_tag(args) -> int:
    from inference.output import CsvWriter, HtmlWriter, JsonlWriter
    from inference.tagger import Tagger

    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "jsonl")
    if fmt not in ("jsonl", "csv", "html"):
        fmt = "jsonl"
    tagger = Tagger.load(args.model, batch_size=args.batch_size, max_bytes=int(args.max_size * 1024 * 1024))
    if fmt == "csv":
        writer = CsvWriter(args.out, tagger.model.labels)
    elif fmt == "html":
        writer = HtmlWriter(args.out, tagger.model.taxonomy, tagger.model_info)
    else:
        writer = JsonlWriter(args.out)
    rows = []

    def skip(doc) -> bool:
        return writer.already_done(doc.source, doc.content_sha256, tagger.model_info)

    with writer:
        for result in tagger.tag_files(args.paths, skip=skip, progress=not args.quiet):
            writer.write(result)
            if args.table:
                rows.append((result["doc_id"], result["status"], ", ".join(result["labels"]) if result["status"] == "ok" else result["error"]))
    counts = writer.counts
    if args.table and rows:
        from rich.table import Table

        table = Table(title="Themes per document")
        table.add_column("document")
        table.add_column("status")
        table.add_column("themes (or error)")
        for row in rows:
            table.add_row(*row)
        _console(stderr=True).print(table)
    where = f" -> {args.out}" if args.out else ""
    print(f"sgtag tag: {counts['ok']} ok, {counts['error']} failed, {counts['skipped']} already done{where} "
          f"(model {tagger.model_info['uri']})", file=sys.stderr)
    return 2 if counts["error"] else 0


# --- compare ------------------------------------------------------------------------------------


def cmd_compare(args) -> int:
    from training.compare import compare_runs, print_comparison, promote

    if args.promote:
        previous, version, name = promote(args.promote, args.name, args.alias)
        print(f"{name}: alias {args.alias!r} moved from version {previous or '(none)'} to version {version} (run {args.promote})")
        return 0
    comparison = compare_runs(args.experiment, args.metric)
    if args.json:
        print(json.dumps(comparison.runs, indent=2, default=str))
    else:
        print_comparison(comparison, _console(), top=args.top)
    return 0


# --- parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sgtag", description="Tag themes in child safeguarding reviews and news reports.")
    parser.add_argument("--taxonomy", metavar="FILE", help="taxonomy YAML (default: $SGTAG_TAXONOMY or labels/taxonomy.yaml)")
    sub = parser.add_subparsers(dest="command", required=True)

    data = sub.add_parser("data", help="build, validate and describe the labelled corpus")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    default_data = str(ROOT / "labels" / "data")

    p = data_sub.add_parser("build", help="build labels/data/*.jsonl from the source files")
    p.add_argument("--source", default=str(ROOT / "labels" / "source"), help="folder of source .txt files")
    p.add_argument("--out", default=default_data, help="folder for the JSONL files")
    p.add_argument("--splits", default=str(ROOT / "labels" / "splits.tsv"), help="split assignment file")
    p.set_defaults(func=cmd_data_build)

    p = data_sub.add_parser("validate", help="check a corpus; exit 1 on any error")
    p.add_argument("paths", nargs="*", default=[default_data], metavar="PATH", help="JSONL files or folders")
    p.set_defaults(func=cmd_data_validate)

    p = data_sub.add_parser("stats", help="label counts by split and register")
    p.add_argument("paths", nargs="*", default=[default_data], metavar="PATH")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.add_argument("--plot", default="outputs/label_counts.png", help="PNG bar chart path ('' for none)")
    p.set_defaults(func=cmd_data_stats)

    p = data_sub.add_parser("agreement", help="per-label agreement between two annotation passes")
    p.add_argument("first", help="folder of first-pass source files (searched recursively)")
    p.add_argument("second", help="folder of second-pass source files")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_data_agreement)

    p = sub.add_parser("train", help="train one model from a config file and track it in MLflow")
    p.add_argument("config", metavar="CONFIG.yaml")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config key (repeatable), e.g. params.C=2")
    p.add_argument("--alias", help="give the registered model version this alias (e.g. champion)")
    p.add_argument("--export", metavar="DIR", help="also write the model to DIR (e.g. models/default)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "tag",
        help="tag files, folders, globs or - (stdin) with a model",
        description="Tag documents (.txt .md .html .htm .pdf .docx). Exit status: 0 when every document was tagged, "
        "2 when some failed (each failure is an error line in the output), 1 on a usage or model error.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive), globs, or - for standard input")
    p.add_argument("--model", help="models:/NAME@ALIAS, models:/NAME/VERSION, runs:/ID/model or a model directory "
                   "(default: models:/sgtag-default@champion)")
    p.add_argument("--out", help="output file (default: standard output); rerunning with the same file resumes")
    p.add_argument("--format", choices=["jsonl", "csv", "html"], help="output format (default: from --out's suffix, else jsonl)")
    p.add_argument("--batch-size", type=int, default=256, help="sentences scored together (default 256)")
    p.add_argument("--max-size", type=float, default=20, metavar="MB", help="skip files over this size (default 20 MB)")
    p.add_argument("--table", action="store_true", help="print a table of each document's themes when done")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("compare", help="rank an experiment's runs; --promote RUN_ID moves the champion alias")
    p.add_argument("--experiment", default="sgtag", help="experiment name (default: sgtag)")
    p.add_argument("--metric", default="test_macro_f1", help="metric to rank by (default: test_macro_f1)")
    p.add_argument("--top", type=int, default=3, help="runs shown side by side per label (default 3)")
    p.add_argument("--json", action="store_true", help="print the runs as JSON")
    p.add_argument("--promote", metavar="RUN_ID", help="register this run's model if needed and point the alias at it")
    p.add_argument("--name", help="registered model name for --promote (default: the run's registered_model_name)")
    p.add_argument("--alias", default="champion", help="alias for --promote (default: champion)")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("evaluate", help="score a model on annotated documents in the corpus format")
    p.add_argument("model", metavar="MODEL", help="models:/name@alias, models:/name/version, runs:/ID/model or a model directory")
    p.add_argument("data", nargs="+", metavar="DATA", help="JSONL files or folders of annotated documents")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SgtagError as exc:
        print(f"sgtag: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sgtag: interrupted", file=sys.stderr)
        return 130
