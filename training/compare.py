"""``sgtag compare``: rank the runs of an experiment, show per-label F1 side by side, promote one."""

from __future__ import annotations

from dataclasses import dataclass

from inference.errors import SgtagError
from inference.loading import DEFAULT_MODEL_NAME

SUMMARY_METRICS = [
    ("dev_micro_f1", "dev µF1"), ("dev_macro_f1", "dev MF1"), ("test_micro_f1", "test µF1"), ("test_macro_f1", "test MF1"),
    ("dev_doc_micro_f1", "dev doc µF1"), ("test_doc_micro_f1", "test doc µF1"), ("test_doc_macro_f1", "test doc MF1"),
    ("train_time_s", "train s"), ("tag_sentences_per_s", "tag sent/s"),
]
#: Metrics where lower is better; the rest sort highest first.
LOWER_IS_BETTER = ("hamming_loss", "train_time_s", "peak_rss_mb")
#: Params that are bookkeeping rather than modelling choices.
_QUIET_PARAMS = {"experiment", "run_name", "registered_model_name", "export_dir", "data.paths", "data.taxonomy"}


class TrackingUnavailable(SgtagError):
    """The tracking store does not answer."""


def check_tracking(uri: str, timeout: float = 5.0) -> None:
    """Fail fast, in one line, when an HTTP tracking server does not answer."""
    if not uri.startswith(("http://", "https://")):
        return
    import requests

    try:
        response = requests.get(uri.rstrip("/") + "/health", timeout=timeout)
    except requests.RequestException as exc:
        reason = type(exc).__name__.replace("Error", " error").strip()
        raise TrackingUnavailable(f"tracking server {uri} does not answer ({reason}); is it running?") from None
    if response.status_code >= 400:
        raise TrackingUnavailable(f"tracking server {uri} answered HTTP {response.status_code} to /health")


@dataclass
class Comparison:
    experiment: str
    metric: str
    runs: list[dict]          # best first: id, name, family, params, metrics
    varying_params: list[str]


def compare_runs(experiment: str, metric: str = "test_macro_f1", limit: int = 50) -> Comparison:
    """Finished runs of ``experiment`` ordered by ``metric``, best first (Hamming loss: lowest first)."""
    import mlflow

    from training import tracking

    uri = tracking.configure()
    check_tracking(uri)
    client = mlflow.MlflowClient()
    found = client.get_experiment_by_name(experiment)
    if found is None:
        raise SgtagError(f"no experiment named {experiment!r} in tracking store {uri}")
    ascending = metric.endswith(LOWER_IS_BETTER)
    runs = client.search_runs([found.experiment_id], filter_string="attributes.status = 'FINISHED'", max_results=limit,
                              order_by=[f"metrics.`{metric}` {'ASC' if ascending else 'DESC'}"])
    if not runs:
        raise SgtagError(f"experiment {experiment!r} has no finished runs in {uri}; train one with 'sgtag train CONFIG'")
    rows = [
        {"id": r.info.run_id, "name": r.info.run_name, "family": r.data.tags.get("family", r.data.params.get("family", "?")),
         "params": dict(r.data.params), "metrics": dict(r.data.metrics), "registered_model_name": r.data.params.get("registered_model_name")}
        for r in runs
    ]
    keys = sorted({k for row in rows for k in row["params"]} - _QUIET_PARAMS)
    varying = [k for k in keys if len({row["params"].get(k) for row in rows}) > 1 and k != "family"]
    return Comparison(experiment, metric, rows, varying)


def print_comparison(comparison: Comparison, console, top: int = 3, max_params: int = 4) -> None:
    from rich.table import Table

    table = Table(title=f"{comparison.experiment}: {len(comparison.runs)} runs by {comparison.metric}")
    table.add_column("run")
    table.add_column("family")
    params = comparison.varying_params[:max_params]
    for key in params:
        table.add_column(key.removeprefix("params."))
    for _, title in SUMMARY_METRICS:
        table.add_column(title, justify="right")
    for row in comparison.runs:
        cells = [row["id"][:8], row["family"], *(row["params"].get(k, "") for k in params)]
        for key, _ in SUMMARY_METRICS:
            value = row["metrics"].get(key)
            cells.append("" if value is None else (f"{value:.0f}" if key.endswith("_s") else f"{value:.3f}"))
        table.add_row(*cells)
    console.print(table)

    leaders = comparison.runs[:top]
    found = {k.split("__", 1)[1] for row in leaders for k in row["metrics"] if k.startswith("test_f1__")}
    order = {label: i for i, label in enumerate(_taxonomy_order())}
    labels = sorted(found, key=lambda label: (order.get(label, len(order)), label))
    if labels:
        table = Table(title=f"Per-label test F1 of the top {len(leaders)} runs")
        table.add_column("label")
        for row in leaders:
            table.add_column(f"{row['id'][:8]} {row['family']}", justify="right")
        for label in labels:
            table.add_row(label, *(f"{row['metrics'].get('test_f1__' + label, float('nan')):.3f}" for row in leaders))
        console.print(table)


def _taxonomy_order() -> list[str]:
    from inference.taxonomy import load_taxonomy

    try:
        return load_taxonomy().ids
    except SgtagError:
        return []


def promote(run_id: str, name: str | None = None, alias: str = "champion") -> tuple[str | None, str, str]:
    """Register the run's model if it is not yet, and move ``alias`` to that version.

    Returns:
        (previous version or None, new version, registered model name)
    """
    import mlflow
    from mlflow.exceptions import MlflowException

    from training import tracking

    uri = tracking.configure()
    check_tracking(uri)
    client = mlflow.MlflowClient()
    try:
        run = client.get_run(run_id)
    except MlflowException:
        raise SgtagError(f"no run {run_id!r} in tracking store {uri}") from None
    name = name or run.data.params.get("registered_model_name") or DEFAULT_MODEL_NAME
    if name == "None":
        name = DEFAULT_MODEL_NAME
    existing = [v for v in client.search_model_versions(f"name = '{name}'") if v.run_id == run_id]
    if existing:
        version = str(existing[0].version)
    else:
        try:
            version = str(mlflow.register_model(f"runs:/{run_id}/model", name).version)
        except MlflowException as exc:
            raise SgtagError(f"cannot register the model of run {run_id}: {exc.message.splitlines()[0]}") from None
    previous = tracking.set_alias(name, alias, version)
    return previous, version, name

