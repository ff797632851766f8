"""What a clustering returns and how two are compared: :class:`TopicResult` (tidy frames plus
the settings that made them) and :func:`agreement` (adjusted Rand index between results)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from .schemas import AGREEMENT


@dataclass(frozen=True)
class TopicResult:
    """The result of :func:`cluster`: tidy polars frames plus the settings that made them.

    Attributes
    ----------
    method : str
        "kmeans", "agglomerative" or "nmf".
    k : int
        Number of topics used (chosen or given).
    seed : int
        Random seed of the fit.
    k_chosen_by : str
        "silhouette" when k was chosen over ``k_range``, "given" otherwise.
    assignments : polars.DataFrame
        One row per item, columns :data:`ASSIGNMENTS`.
    terms : polars.DataFrame
        Top terms per topic, columns :data:`TERMS`.
    topics : polars.DataFrame
        One row per topic, columns :data:`TOPICS`.
    representatives : polars.DataFrame
        Items closest to each topic's centroid, columns :data:`REPRESENTATIVES`.
    k_scores : polars.DataFrame
        Silhouette for each k tried, columns :data:`K_SCORES`.
    stability : polars.DataFrame
        Adjusted Rand index of re-runs, columns :data:`STABILITY`.
    coords : polars.DataFrame
        2-D item map, columns :data:`COORDS`.
    by_district : polars.DataFrame
        Items per topic and district, columns :data:`BY_DISTRICT`.
    """

    method: str
    k: int
    seed: int
    k_chosen_by: str
    assignments: pl.DataFrame
    terms: pl.DataFrame
    topics: pl.DataFrame
    representatives: pl.DataFrame
    k_scores: pl.DataFrame
    stability: pl.DataFrame
    coords: pl.DataFrame
    by_district: pl.DataFrame


def agreement(results: Sequence[TopicResult]) -> pl.DataFrame:
    """Adjusted Rand index between the item partitions of each pair of results.

    Use it to see whether two methods (or two k) group the same items
    together: topic numbers need not match, only the grouping counts.

    Parameters
    ----------
    results : sequence of TopicResult
        Two or more results of :func:`cluster` on the same items.

    Returns
    -------
    polars.DataFrame
        One row per pair (in the given order, a before b), columns
        (:data:`AGREEMENT`): ``method_a``, ``k_a``, ``method_b``, ``k_b``, ``ari``.

    Raises
    ------
    ValueError
        Fewer than two results, or results over different items.

    Examples
    --------
    >>> runs = [cluster(items, method=m) for m in ("kmeans", "nmf")]  # doctest: +SKIP
    >>> agreement(runs)  # doctest: +SKIP
    shape: (1, 5)
    ┌──────────┬─────┬──────────┬─────┬──────────┐
    │ method_a ┆ k_a ┆ method_b ┆ k_b ┆ ari      │
    ╞══════════╪═════╪══════════╪═════╪══════════╡
    │ kmeans   ┆ 8   ┆ nmf      ┆ 8   ┆ 0.491018 │
    └──────────┴─────┴──────────┴─────┴──────────┘
    """
    from sklearn.metrics import adjusted_rand_score

    results = list(results)
    if len(results) < 2:
        msg = f"agreement: expected two or more TopicResult objects; found {len(results)}"
        raise ValueError(msg)
    frames = [r.assignments.select("item_id", "topic").sort("item_id") for r in results]
    ids = frames[0]["item_id"].to_list()
    for r, f in zip(results[1:], frames[1:]):
        if f["item_id"].to_list() != ids:
            msg = f"agreement: the {r.method} result (k={r.k}) covers other items than the first; cluster the same items"
            raise ValueError(msg)
    rows = []
    for i in range(len(results)):
        for j in range(i + 1, len(results)):
            ari = adjusted_rand_score(frames[i]["topic"].to_numpy(), frames[j]["topic"].to_numpy())
            rows.append((results[i].method, results[i].k, results[j].method, results[j].k, float(ari)))
    return pl.DataFrame(rows, schema=AGREEMENT, orient="row")
