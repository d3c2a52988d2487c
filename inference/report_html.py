"""A self-contained HTML report of tagging results: corpus summary, then each document with its
themes and evidence sentences highlighted by theme. No scripts, no external resources; every piece
of document text is escaped by Jinja2's autoescaping."""

from __future__ import annotations

import io
from collections import Counter
from itertools import combinations

from jinja2 import Environment, select_autoescape

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>sgtag report: {{ n_docs }} documents</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta { color: #555; font-size: .9rem; }
.chip { display: inline-block; padding: .1rem .5rem; margin: .1rem; border-radius: .8rem; font-size: .8rem; color: #111; }
.doc { border-top: 1px solid #ccc; padding-top: .8rem; margin-top: 1.2rem; }
.doc.error { color: #8a1c1c; }
.sentence { margin: .25rem 0; padding: .2rem .4rem; border-left: .35rem solid transparent; }
.sentence .labels { font-size: .75rem; color: #444; }
table { border-collapse: collapse; font-size: .8rem; } td, th { border: 1px solid #ddd; padding: .2rem .4rem; text-align: right; }
th { background: #f4f4f4; } td.name { text-align: left; }
.legend .chip { font-size: .75rem; }
</style>
</head>
<body>
<header>
<h1>sgtag report</h1>
<p class="meta" id="summary">{{ n_docs }} documents ({{ n_ok }} tagged, {{ n_error }} failed), {{ n_sentences }} sentences.
Model: {{ model.uri }}{% if model.name %} ({{ model.name }} v{{ model.version }}){% endif %}, family {{ model.family }}, run {{ model.run_id }}.</p>
<p class="legend">{% for label in labels %}<span class="chip" style="background: {{ colours[label] }}; color: {{ ink[label] }}">{{ label }}</span>{% endfor %}</p>
</header>
<section id="corpus">
<h2>Documents per theme</h2>
{% if chart %}<img alt="Bar chart of documents per theme" src="data:image/svg+xml;base64,{{ chart }}">{% endif %}
<table id="theme-counts"><tr><th>theme</th><th>documents</th><th>evidence sentences</th></tr>
{% for label in labels %}<tr><td class="name">{{ label }}</td><td>{{ doc_counts[label] }}</td><td>{{ sentence_counts[label] }}</td></tr>{% endfor %}
</table>
<h2>Themes that occur together</h2>
{% if pairs %}<table id="cooccurrence"><tr><th>themes</th><th>documents with both</th></tr>
{% for (a, b), n in pairs %}<tr><td class="name">{{ a }} + {{ b }}</td><td>{{ n }}</td></tr>{% endfor %}
</table>{% else %}<p>No two themes occur in the same document.</p>{% endif %}
</section>
<section id="documents">
<h2>Documents</h2>
{% for doc in docs %}
<article class="doc{% if doc.status != 'ok' %} error{% endif %}" id="doc-{{ loop.index }}">
<h3>{{ doc.doc_id }}</h3>
<p class="meta">{{ doc.source }}</p>
{% if doc.status != 'ok' %}<p class="failure">Could not tag: {{ doc.error }}</p>
{% else %}
<p class="themes">{% for label in doc.labels %}<span class="chip" style="background: {{ colours[label] }}; color: {{ ink[label] }}">{{ label }} {{ '%.2f' % doc.scores[label] }}</span>{% else %}<em>No themes found.</em>{% endfor %}</p>
{% for s in doc.sentences if s.labels %}
<p class="sentence evidence" style="border-left-color: {{ colours[s.labels[0]] }}; background: {{ colours[s.labels[0]] }}33">{{ s.text }}
<span class="labels">{% for label in s.labels %}<span class="chip" style="background: {{ colours[label] }}; color: {{ ink[label] }}">{{ label }}</span>{% endfor %}</span></p>
{% endfor %}
{% endif %}
</article>
{% endfor %}
</section>
</body>
</html>
"""


def label_colours(labels: list[str]) -> dict[str, str]:
    import matplotlib
    from matplotlib.colors import to_hex

    cmap = matplotlib.colormaps["tab20"]
    return {label: to_hex(cmap(i % 20), keep_alpha=False) for i, label in enumerate(labels)}


def text_colours(colours: dict[str, str]) -> dict[str, str]:
    """Black or white text, whichever reads better on each label's colour (WCAG relative luminance)."""
    from matplotlib.colors import to_rgb

    def luminance(hex_colour: str) -> float:
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(hex_colour)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    return {label: "#000" if luminance(c) > 0.179 else "#fff" for label, c in colours.items()}


def _bar_chart(labels: list[str], counts: Counter, colours: dict[str, str]) -> str:
    import base64

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.3 * len(labels) + 1))
    ax.barh(labels, [counts[l] for l in labels], color=[colours[l] for l in labels])
    ax.invert_yaxis()
    ax.set_xlabel("documents")
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue().encode("utf-8")).decode("ascii")


def render_report(results: list[dict], taxonomy, model_info: dict) -> str:
    labels = list(taxonomy.ids) if taxonomy is not None else sorted({l for r in results for l in r.get("scores", {})})
    colours = label_colours(labels)
    ok = [r for r in results if r["status"] == "ok"]
    doc_counts = Counter(label for r in ok for label in r["labels"])
    sentence_counts = Counter(label for r in ok for s in r["sentences"] for label in s["labels"])
    pairs = Counter(pair for r in ok for pair in combinations(sorted(r["labels"]), 2)).most_common(20)
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(TEMPLATE).render(
        docs=results, labels=labels, colours=colours, ink=text_colours(colours), model=model_info, n_docs=len(results), n_ok=len(ok),
        n_error=len(results) - len(ok), n_sentences=sum(len(r["sentences"]) for r in ok), doc_counts=doc_counts,
        sentence_counts=sentence_counts, pairs=pairs, chart=_bar_chart(labels, doc_counts, colours) if ok else None,
    )
