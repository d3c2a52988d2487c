"""``sgtag data stats``: label counts by split and register, unlabelled share, co-occurrence, a chart."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from inference.taxonomy import Taxonomy
from training.data import corpus_examples
from training.documents import REGISTERS, SPLITS, LoadedDocument


def corpus_stats(documents: list[LoadedDocument], taxonomy: Taxonomy) -> dict:
    """Counts over sentence examples (derived with the runtime's splitter) and documents."""
    examples = corpus_examples(documents)
    splits = [s for s in SPLITS if any(d.split == s for d in documents)] or ["data"]
    key = lambda split: split or "data"  # noqa: E731
    docs_by = Counter((key(d.split), d.doc.register_) for d in documents)
    sent_by = Counter((key(e.split), e.register) for e in examples)
    per_label = {}
    label_docs: dict[str, set[str]] = defaultdict(set)
    label_docs_register: dict[tuple[str, str], set[str]] = defaultdict(set)
    sentence_counts: Counter = Counter()
    for e in examples:
        for label in e.labels:
            sentence_counts[(label, key(e.split), e.register)] += 1
            label_docs[label].add(e.doc_id)
            label_docs_register[(label, e.register)].add(e.doc_id)
    for label in taxonomy.ids:
        per_label[label] = {
            "sentences": sum(v for (l, _, _), v in sentence_counts.items() if l == label),
            "documents": len(label_docs[label]),
            "sentences_by_split": {s: sum(v for (l, sp, _), v in sentence_counts.items() if l == label and sp == s) for s in splits},
            "sentences_by_register": {r: sum(v for (l, _, rg), v in sentence_counts.items() if l == label and rg == r) for r in REGISTERS},
            "documents_by_register": {r: len(label_docs_register[(label, r)]) for r in REGISTERS},
        }
    cooccurrence = Counter()
    for e in examples:
        for a, b in combinations(sorted(e.labels), 2):
            cooccurrence[(a, b)] += 1
    labelled = [e for e in examples if e.labels]
    return {
        "documents": len(documents),
        "sentences": len(examples),
        "documents_by_split_register": {s: {r: docs_by[(s, r)] for r in REGISTERS} for s in splits},
        "sentences_by_split_register": {s: {r: sent_by[(s, r)] for r in REGISTERS} for s in splits},
        "unlabelled_share": round(1 - len(labelled) / len(examples), 4) if examples else 0.0,
        "hard_negative_sentences": sum(1 for e in examples if e.hard_negative),
        "multi_label_share_of_labelled": round(sum(1 for e in labelled if len(e.labels) > 1) / len(labelled), 4) if labelled else 0.0,
        "labels": per_label,
        "cooccurrence": [{"labels": [a, b], "sentences": n} for (a, b), n in cooccurrence.most_common()],
    }


def plot_label_counts(stats: dict, path: Path) -> Path:
    """A horizontal bar chart of positive sentences per label, stacked by register."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(stats["labels"])
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(labels) + 1.5))
    left = [0] * len(labels)
    for register in REGISTERS:
        values = [stats["labels"][l]["sentences_by_register"][register] for l in labels]
        ax.barh(labels, values, left=left, label=register)
        left = [a + b for a, b in zip(left, values)]
    ax.invert_yaxis()
    ax.set_xlabel("positive sentences")
    ax.set_title(f"Label counts: {stats['documents']} documents, {stats['sentences']} sentences")
    ax.legend(loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def print_stats(stats: dict, console) -> None:
    """Render the statistics as rich tables."""
    from rich.table import Table

    splits = list(stats["documents_by_split_register"])
    table = Table(title=f"Corpus: {stats['documents']} documents, {stats['sentences']} sentences")
    table.add_column("split")
    for register in REGISTERS:
        table.add_column(f"{register} docs", justify="right")
        table.add_column(f"{register} sents", justify="right")
    for split in splits:
        row = [split]
        for register in REGISTERS:
            row += [str(stats["documents_by_split_register"][split][register]), str(stats["sentences_by_split_register"][split][register])]
        table.add_row(*row)
    console.print(table)

    table = Table(title="Positive sentences per label (documents in brackets)")
    table.add_column("label")
    for split in splits:
        table.add_column(split, justify="right")
    for register in REGISTERS:
        table.add_column(register, justify="right")
    table.add_column("total", justify="right")
    for label, row in stats["labels"].items():
        table.add_row(
            label,
            *(str(row["sentences_by_split"][s]) for s in splits),
            *(f"{row['sentences_by_register'][r]} ({row['documents_by_register'][r]})" for r in REGISTERS),
            f"{row['sentences']} ({row['documents']})",
        )
    console.print(table)
    console.print(
        f"Unlabelled sentences: {stats['unlabelled_share']:.1%}   hard negatives: {stats['hard_negative_sentences']}   "
        f"labelled sentences with 2+ labels: {stats['multi_label_share_of_labelled']:.1%}"
    )
    top = stats["cooccurrence"][:15]
    if top:
        table = Table(title="Most frequent label pairs in one sentence")
        table.add_column("labels")
        table.add_column("sentences", justify="right")
        for pair in top:
            table.add_row(" + ".join(pair["labels"]), str(pair["sentences"]))
        console.print(table)
