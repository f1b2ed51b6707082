"""Item-item recommender: cosine similarity of items over purchase sessions, as a neighbour table.

Training builds the session × item matrix, computes shrunk cosine similarities with
scikit-learn, and keeps each item's `MAX_NEIGHBOURS` best neighbours, so a request is an O(k)
slice of a precomputed row. Saved as a versioned artifact (.npz arrays + .json metadata).
Not for evaluation (see `evaluation`) or serving over HTTP (see `service`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.metrics.pairwise import cosine_similarity

from deploycore.infra.settings import ROOT

MODELS_DIR = ROOT / "data" / "models"
MODEL_VERSION = "v1"
MAX_NEIGHBOURS = 20  # neighbours kept per item; requests may ask for up to this many
SHRINKAGE = 5.0  # damps similarities that rest on few co-purchases (sessions)


@dataclass(frozen=True)
class Recommender:
    """A trained neighbour table over the catalog's items."""

    item_ids: tuple[str, ...]
    neighbours: np.ndarray  # (n_items, MAX_NEIGHBOURS) int32 row indices, best first
    scores: np.ndarray  # (n_items, MAX_NEIGHBOURS) float32 similarity, same order
    popular: np.ndarray  # item indices by training popularity, most popular first
    version: str = MODEL_VERSION

    def index_of(self) -> dict[str, int]:
        return {item_id: i for i, item_id in enumerate(self.item_ids)}

    def recommend(self, item_id: str, k: int) -> list[tuple[str, float]]:
        """The k items most often chosen with `item_id`, best first, with their similarity."""
        row = self.index_of()[item_id]
        return self.recommend_row(row, k)

    def recommend_row(self, row: int, k: int) -> list[tuple[str, float]]:
        k = min(k, self.neighbours.shape[1])
        return [
            (self.item_ids[int(j)], float(s))
            for j, s in zip(self.neighbours[row, :k], self.scores[row, :k], strict=True)
        ]


def session_matrix(sessions: Sequence[Sequence[str]], item_ids: Sequence[str]) -> sparse.csr_matrix:
    """Binary session × item matrix (1 when the item was bought in the session)."""
    index = {item_id: i for i, item_id in enumerate(item_ids)}
    rows: list[int] = []
    cols: list[int] = []
    for number, session in enumerate(sessions):
        for item_id in set(session):
            rows.append(number)
            cols.append(index[item_id])
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sessions), len(item_ids)))


def fit(
    sessions: Sequence[Sequence[str]],
    item_ids: Sequence[str],
    max_neighbours: int = MAX_NEIGHBOURS,
    shrinkage: float = SHRINKAGE,
) -> Recommender:
    """Learn the neighbour table from sessions.

    similarity(i, j) = cosine(i, j) · n_ij / (n_ij + shrinkage), where n_ij counts sessions with
    both items. Items with fewer than `max_neighbours` co-purchased items are topped up with
    the most popular items (similarity 0), so every row is full.
    """
    matrix = session_matrix(sessions, item_ids)
    counts = np.asarray(matrix.sum(axis=0)).ravel()
    popular = np.argsort(-counts, kind="stable").astype(np.int32)
    co_counts = (matrix.T @ matrix).toarray()
    similarity = cosine_similarity(matrix.T, dense_output=True)
    similarity *= co_counts / (co_counts + shrinkage)
    np.fill_diagonal(similarity, -np.inf)
    n_items = len(item_ids)
    k = min(max_neighbours, n_items - 1)
    neighbours = np.empty((n_items, k), dtype=np.int32)
    scores = np.empty((n_items, k), dtype=np.float32)
    for row in range(n_items):
        order = np.argsort(-similarity[row], kind="stable")
        chosen = [int(j) for j in order[:k] if similarity[row, j] > 0]
        for j in popular:
            if len(chosen) == k:
                break
            if int(j) != row and int(j) not in chosen:
                chosen.append(int(j))
        neighbours[row] = chosen
        scores[row] = np.maximum(similarity[row, chosen], 0.0)
    return Recommender(
        item_ids=tuple(item_ids), neighbours=neighbours, scores=scores, popular=popular
    )


def artifact_paths(folder: Path = MODELS_DIR, version: str = MODEL_VERSION) -> tuple[Path, Path]:
    """(arrays .npz, metadata .json) of a model version."""
    return folder / f"recommender-{version}.npz", folder / f"recommender-{version}.json"


def save(model: Recommender, metadata: dict[str, Any], folder: Path = MODELS_DIR) -> list[Path]:
    """Write the model's arrays and its metadata (metrics, parameters, data hashes)."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays, meta = artifact_paths(folder, model.version)
    with arrays.open("wb") as handle:
        np.savez_compressed(
            handle,
            item_ids=np.asarray(model.item_ids),
            neighbours=model.neighbours,
            scores=model.scores,
            popular=model.popular,
        )
    meta.write_text(json.dumps({"version": model.version, **metadata}, indent=2) + "\n")
    return [arrays, meta]


def load(folder: Path = MODELS_DIR, version: str = MODEL_VERSION) -> Recommender:
    """Load a saved model version."""
    arrays, _ = artifact_paths(folder, version)
    with np.load(arrays, allow_pickle=False) as data:
        return Recommender(
            item_ids=tuple(str(x) for x in data["item_ids"]),
            neighbours=data["neighbours"].astype(np.int32),
            scores=data["scores"].astype(np.float32),
            popular=data["popular"].astype(np.int32),
            version=version,
        )


def load_metadata(folder: Path = MODELS_DIR, version: str = MODEL_VERSION) -> dict[str, Any]:
    """The metadata (training metrics and parameters) saved next to a model version."""
    _, meta = artifact_paths(folder, version)
    loaded: dict[str, Any] = json.loads(meta.read_text())
    return loaded
