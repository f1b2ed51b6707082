"""The shop data generator, the item-item recommender, its evaluation and its artifact."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from deploycore.scenarios.recommender import model as recommender_model
from deploycore.scenarios.recommender.catalog_data import (
    CATEGORIES,
    COLOURS,
    PALETTES,
    SHOP_DIR,
    generate_shop,
    read_shop,
    write_shop,
)
from deploycore.scenarios.recommender.contract import (
    MAX_K,
    ScoreRequest,
    curl_command,
    request_json,
)
from deploycore.scenarios.recommender.evaluation import evaluate, split_sessions
from deploycore.scenarios.recommender.swatches import (
    hex_to_rgb,
    png_bytes,
    swatch,
    swatch_data_url,
)
from deploycore.scenarios.recommender.train import main as train_main


@pytest.fixture(scope="module")
def shop():  # type: ignore[no-untyped-def]
    return read_shop()


@pytest.fixture(scope="module")
def trained(shop):  # type: ignore[no-untyped-def]
    train, test = split_sessions(shop.sessions)
    return recommender_model.fit(train, [p.item_id for p in shop.products]), test


def test_generator_is_deterministic_for_a_seed_and_differs_across_seeds() -> None:
    first = generate_shop(seed=1, n_sessions=300)
    again = generate_shop(seed=1, n_sessions=300)
    other = generate_shop(seed=2, n_sessions=300)
    assert first == again
    assert first.sessions != other.sessions


def test_committed_csvs_are_exactly_what_the_seeded_script_writes(tmp_path: Path) -> None:
    write_shop(generate_shop(), tmp_path)
    for name in ("products.csv", "sessions.csv"):
        assert filecmp.cmp(tmp_path / name, SHOP_DIR / name, shallow=False), name


def test_catalog_has_a_few_hundred_items_of_every_category(shop) -> None:  # type: ignore[no-untyped-def]
    ids = [p.item_id for p in shop.products]
    assert 200 <= len(ids) <= 500
    assert len(set(ids)) == len(ids)
    assert set(Counter(p.category for p in shop.products)) == set(CATEGORIES)
    assert all(p.colour_hex == COLOURS[p.colour] and p.price_usd > 0 for p in shop.products)


def test_sessions_start_with_a_shirt_and_add_other_categories(shop) -> None:  # type: ignore[no-untyped-def]
    products = shop.product_index()
    for session in shop.sessions[:2000]:
        categories = [products[i].category for i in session]
        assert categories[0] == "shirt"
        assert 2 <= len(session) <= 5
        assert len(set(categories)) == len(categories)


def test_sessions_carry_style_and_colour_affinity_and_popularity_skew(shop) -> None:  # type: ignore[no-untyped-def]
    products = shop.product_index()
    same_style = shared_palette = extras = 0
    for session in shop.sessions:
        shirt = products[session[0]]
        palettes = {n for n, colours in PALETTES.items() if shirt.colour in colours}
        for item_id in session[1:]:
            item = products[item_id]
            extras += 1
            same_style += item.style == shirt.style
            shared_palette += any(item.colour in PALETTES[n] for n in palettes)
    assert same_style / extras > 0.5  # 4 styles: 0.25 by chance
    assert shared_palette / extras > 0.7
    counts = Counter(item for session in shop.sessions for item in session)
    top_tenth = sum(c for _, c in counts.most_common(len(shop.products) // 10))
    assert top_tenth / sum(counts.values()) > 0.3  # uniform would give 0.1


def test_hit_rate_at_5_is_clearly_above_the_most_popular_baseline(trained) -> None:  # type: ignore[no-untyped-def]
    model, test = trained
    rates = evaluate(model, test, k=5)
    assert rates.test_sessions > 1000
    assert rates.model_hit_rate >= 2 * rates.popular_hit_rate
    assert rates.model_hit_rate - rates.popular_hit_rate >= 0.15


def test_hit_rate_counts_a_session_only_when_a_co_purchase_is_recommended() -> None:
    sessions = [["SH-001", "TI-001"], ["SH-002", "TI-002"]] * 5
    model = recommender_model.fit(sessions, ["SH-001", "SH-002", "TI-001", "TI-002"])
    assert model.recommend("SH-001", 1) == [("TI-001", pytest.approx(model.scores[0, 0]))]
    assert evaluate(model, [["SH-001", "TI-001"]], k=1).model_hit_rate == 1.0
    assert evaluate(model, [["SH-001", "TI-002"]], k=1).model_hit_rate == 0.0


@settings(max_examples=60, deadline=None)
@given(row=st.integers(min_value=0, max_value=304), k=st.integers(min_value=1, max_value=20))
def test_recommendations_are_k_distinct_other_items_best_first(trained, row: int, k: int) -> None:  # type: ignore[no-untyped-def]
    model, _ = trained
    found = model.recommend_row(row, k)
    ids = [item for item, _ in found]
    scores = [score for _, score in found]
    assert len(ids) == k and len(set(ids)) == k
    assert model.item_ids[row] not in ids
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_committed_artifact_is_what_training_on_the_committed_data_gives(trained) -> None:  # type: ignore[no-untyped-def]
    model, test = trained
    saved = recommender_model.load()
    assert saved.item_ids == model.item_ids
    np.testing.assert_array_equal(saved.neighbours, model.neighbours)
    np.testing.assert_allclose(saved.scores, model.scores)
    metrics = recommender_model.load_metadata()["metrics"]
    assert metrics["hit_rate_at_5"] == round(evaluate(model, test).model_hit_rate, 4)


def test_training_script_prints_both_hit_rates_and_saves_a_versioned_artifact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    train_main(["--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert "hit-rate@5" in printed and "most-popular baseline" in printed
    assert (tmp_path / "recommender-v1.npz").exists()
    metadata = recommender_model.load_metadata(tmp_path)
    assert metadata["version"] == "v1"
    assert (
        metadata["metrics"]["hit_rate_at_5"] > metadata["metrics"]["popular_baseline_hit_rate_at_5"]
    )


def test_score_request_is_validated() -> None:
    assert ScoreRequest(item_id="SH-001").k == 5
    bad_requests = [
        {"item_id": "shirt"},
        {"item_id": "SH-001", "k": 0},
        {"item_id": "SH-001", "k": MAX_K + 1},
        {"item_id": "SH-001", "extra": 1},
    ]
    for bad in bad_requests:
        with pytest.raises(ValidationError):
            ScoreRequest.model_validate(bad)


def test_curl_command_makes_the_same_call() -> None:
    command = curl_command("http://127.0.0.1:8000", "SH-007", 3)
    assert command.startswith("curl -s -X POST http://127.0.0.1:8000/score ")
    assert f"-d '{request_json('SH-007', 3)}'" in command


@pytest.mark.parametrize("category", CATEGORIES)
def test_swatch_draws_the_item_in_its_colour_on_a_light_background(category: str) -> None:
    picture = swatch("#1F2F5C", category, size=64)
    assert picture.shape == (64, 64, 3) and picture.dtype == np.uint8
    pixels = {tuple(p) for p in picture.reshape(-1, 3)}
    assert hex_to_rgb("#1F2F5C") in pixels
    assert tuple(picture[0, 0]) == (246, 246, 244)


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_inline_picture_decodes_to_exactly_the_drawn_swatch(category: str) -> None:
    import base64
    import io

    from PIL import Image  # decodes in the test only; the app writes its PNG itself

    url = swatch_data_url("#C8A2C8", category)
    assert url.startswith("data:image/png;base64,")
    decoded = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert decoded.format == "PNG" and decoded.size == (72, 72)
    assert np.array_equal(np.asarray(decoded.convert("RGB")), swatch("#C8A2C8", category))
    assert swatch_data_url("#C8A2C8", category) is url  # drawn and encoded once


def test_png_bytes_refuses_what_is_not_an_rgb_picture() -> None:
    with pytest.raises(ValueError):
        png_bytes(np.zeros((4, 4), dtype=np.uint8))
    with pytest.raises(ValueError):
        png_bytes(np.zeros((4, 4, 3), dtype=np.float64))


def test_swatch_refuses_bad_input() -> None:
    with pytest.raises(ValueError):
        hex_to_rgb("navy")
    with pytest.raises(ValueError):
        swatch("#000000", "hat")
