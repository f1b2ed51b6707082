"""Page speed: median AppTest rerun time per page, and browser time-to-content of the lesson
next to `streamlit hello` measured in the same run (target ratio <= 1.2). Prints JSON."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.e2e.helpers import StreamlitServer, wait_for_app  # noqa: E402

RUNS = 15


def registered_pages() -> list[str]:
    """Page files registered in app.py's navigation."""
    return re.findall(r'st\.Page\(\s*"(pages/[\w]+\.py)"', (ROOT / "app.py").read_text())


def apptest_rerun_ms(page: str) -> float:
    """Median wall time of a rerun of `page` inside the full app, after a first run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if page != "pages/home.py":
        at.switch_page(page)
        at.run()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _one_visit_ms(browser: Browser, url: str, selector: str) -> float:
    """Time from navigation start until `selector` is visible, in a fresh browser context."""
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, state="visible", timeout=30_000)
    elapsed = (time.perf_counter() - start) * 1000
    wait_for_app(page)
    context.close()
    return elapsed


def interleaved_time_to_content_ms(
    browser: Browser, targets: dict[str, tuple[str, str]]
) -> dict[str, float]:
    """Median time-to-content per target, visiting the targets in turn so drift hits all alike.

    The first round warms every server up and is not counted.
    """
    samples: dict[str, list[float]] = {name: [] for name in targets}
    for round_number in range(RUNS + 1):
        for name, (url, selector) in targets.items():
            elapsed = _one_visit_ms(browser, url, selector)
            if round_number:
                samples[name].append(elapsed)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    results: dict[str, object] = {
        "apptest_rerun_median_ms": {p: round(apptest_rerun_ms(p), 1) for p in registered_pages()}
    }
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Debian's chromium is needed: apt-get install -y chromium")
    with (
        StreamlitServer(ROOT / "app.py") as app,
        StreamlitServer(None) as hello,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        medians = interleaved_time_to_content_ms(
            browser,
            {
                "lesson": (f"{app.url}/lesson?step=3", "h2#real-time"),
                "hello": (hello.url, "h1:has-text('Welcome to Streamlit')"),
            },
        )
        lesson, baseline = medians["lesson"], medians["hello"]
        browser.close()
    results["time_to_content_median_ms"] = {
        "lesson_step_3": round(lesson, 1),
        "streamlit_hello": round(baseline, 1),
        "ratio_lesson_to_hello": round(lesson / baseline, 2),
        "target_ratio": 1.2,
        "runs": RUNS,
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
