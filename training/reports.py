"""Run artifacts: per-label report (CSV and Markdown), PR curves and per-label F1 plots, model card."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from training.evaluate import Evaluation


def per_label_table(evaluations: dict[str, Evaluation], labels: list[str], thresholds: np.ndarray) -> pd.DataFrame:
    rows = []
    for j, label in enumerate(labels):
        row = {"label": label, "threshold": round(float(thresholds[j]), 4)}
        for split, ev in evaluations.items():
            for level, metrics in (("", ev.sentence), ("doc_", ev.document)):
                stats = metrics["per_label"][label]
                for key in ("precision", "recall", "f1", "support"):
                    row[f"{split}_{level}{key}"] = round(stats[key], 4) if key != "support" else stats[key]
        rows.append(row)
    return pd.DataFrame(rows)


def _markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def write_label_report(table: pd.DataFrame, directory: Path) -> list[Path]:
    csv_path, md_path = directory / "per_label_report.csv", directory / "per_label_report.md"
    table.to_csv(csv_path, index=False)
    md_path.write_text("# Per-label report\n\n" + _markdown_table(table) + "\n")
    return [csv_path, md_path]


def plot_pr_curves(ev: Evaluation, labels: list[str], path: Path, title: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    cols = 4
    rows = int(np.ceil(len(labels) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False)
    for j, label in enumerate(labels):
        ax = axes[j // cols][j % cols]
        if ev.y[:, j].sum():
            precision, recall, _ = precision_recall_curve(ev.y[:, j], ev.scores[:, j])
            ax.plot(recall, precision)
        ax.set_title(label, fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1.02)
        ax.tick_params(labelsize=6)
    for k in range(len(labels), rows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def plot_label_f1(evaluations: dict[str, Evaluation], labels: list[str], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 0.32 * len(labels) + 1.5))
    height = 0.8 / max(len(evaluations), 1)
    positions = np.arange(len(labels))
    for k, (split, ev) in enumerate(evaluations.items()):
        ax.barh(positions + k * height, [ev.sentence["per_label"][l]["f1"] for l in labels], height=height, label=f"{split} sentence F1")
    ax.set_yticks(positions + height * (len(evaluations) - 1) / 2, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def model_card(config, model, evaluations: dict[str, Evaluation], corpus: dict, table: pd.DataFrame) -> str:
    lines = [
        f"# Model card: {config.registered_model_name or 'sgtag model'} ({config.family})",
        "",
        "## Intended use",
        "Tags sentences and documents (child safeguarding review reports, repository summaries and local news "
        "about them) with the themes of the sgtag taxonomy, to help analysts find and count themes and the "
        "sentences that show them. It is an aid to reading, not a judgement on any case: every tag should be "
        "checked against its evidence sentence.",
        "",
        "## Data",
        f"- Corpus: {', '.join(config.data.paths)} (fingerprint `{corpus['fingerprint']}`): "
        f"{corpus['documents']} documents; sentences per split: {corpus['sentences_by_split']}.",
        f"- Taxonomy: {model.taxonomy.name} v{model.taxonomy.version}, {len(model.labels)} labels.",
        "- The corpus is invented text written by the sgtag team in the style of published reviews and news.",
        "",
        "## Metrics",
        "| split | level | micro F1 | macro F1 | macro PR-AUC | subset acc. | Hamming loss |",
        "|---|---|---|---|---|---|---|",
    ]
    for split, ev in evaluations.items():
        for level, m in (("sentence", ev.sentence), ("document", ev.document)):
            lines.append(
                f"| {split} | {level} | {m['micro_f1']:.3f} | {m['macro_f1']:.3f} | {m['macro_pr_auc']:.3f} | "
                f"{m['subset_accuracy']:.3f} | {m['hamming_loss']:.4f} |"
            )
    lines += [
        "",
        f"Document rule: a label is on when at least {model.document_rule.min_sentences} sentence(s) score at least "
        f"{model.document_rule.threshold_scale} x the label's threshold.",
        "",
        "## Per label (thresholds tuned on dev)",
        _markdown_table(table[[c for c in table.columns if c == "label" or c == "threshold" or c.endswith("_f1") or c.endswith("_support")]]),
        "",
        "## Limits",
        f"- Trained on {corpus['sentences_by_split'].get('train', 0):,} invented sentences; real reviews use wider "
        "vocabulary, longer sentences and PDF artefacts (broken lines, headers) that it has seen little of.",
        "- Macro F1 averages over labels present in the split; rare labels on small splits are noisy.",
        "- Themes implied across several sentences (rather than stated in one) are often missed. A fine-tuned model "
        "with `context: previous` reads each sentence after the one before it, so a sentence's scores depend on "
        "its neighbour, and a sentence tagged on its own is read as a document's first.",
        "- English-language reviews from England only.",
        "",
        "## Config",
        "```yaml",
        yaml.safe_dump(config.model_dump(), sort_keys=False).rstrip(),
        "```",
    ]
    return "\n".join(lines) + "\n"
