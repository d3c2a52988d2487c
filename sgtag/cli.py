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


def _console():
    from rich.console import Console

    return Console()


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
