"""Time-to-content as a person sees it, shared by the page benchmarks.

A visit opens a fresh browser context and is timed from navigation until the app is
`CONNECTED`, its script state is `notRunning` and the main area (`stMain`) shows text: the
whole page has finished, not only a chosen selector. Targets are visited in turn (interleaved)
so that drift on a shared machine hits them all alike, in a new shuffled order each round (a
fixed seed, so runs repeat it): in a fixed order a page always follows the same page, and its
time takes in what that visit left running (in one run hello, always first, took 1.64 s in the
fixed order and 1.80 s in shuffled rounds). The first round is a warm-up.

The same visit also times, from the same navigation, until every element in the main area is
drawn: no grey placeholder left. Streamlit draws one (`stSkeleton`) in place of each element
whose lazily loaded browser code has not arrived yet (radios, inputs, buttons on a fresh
visit), so content can be "shown" while the widgets are still grey boxes.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from collections.abc import Callable
from typing import NamedTuple

from playwright.sync_api import Browser, Page, Playwright

TIMEOUT_MS = 60_000
SHUFFLE_SEED = 16
POLL_MS = 5

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# True once the app is connected, no run is in progress and the main area shows text.
CONTENT_SHOWN_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  const main = document.querySelector("[data-testid='stMain']");
  return app !== null
    && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && app.getAttribute("data-test-script-state") === "notRunning"
    && main !== null && main.innerText.trim().length > 0;
}"""

# What Streamlit draws in place of an element whose browser code is still loading (the element
# container's fallback), and its skeleton element.
PLACEHOLDERS = "[data-testid='stSkeleton'], [data-testid='stSkeletonElement']"

# True once content is shown (above) and no placeholder is left in the main area.
ALL_DRAWN_JS = f"""() => {{
  const shown = ({CONTENT_SHOWN_JS})();
  const main = document.querySelector("[data-testid='stMain']");
  return shown && main.querySelector("{PLACEHOLDERS}") === null;
}}"""

Check = Callable[[Page], None]


class Target(NamedTuple):
    """One address to time, and a check that the finished page is the expected one."""

    url: str
    check: Check


class Visit(NamedTuple):
    """One visit, milliseconds from navigation: content shown, then every element drawn."""

    content_ms: float
    drawn_ms: float


class Timing(NamedTuple):
    """One target's visits; its medians in milliseconds (`median_ms`: time-to-content)."""

    samples: tuple[Visit, ...]

    @property
    def visits(self) -> int:
        return len(self.samples)

    @property
    def median_ms(self) -> float:
        return statistics.median(v.content_ms for v in self.samples)

    @property
    def drawn_median_ms(self) -> float:
        return statistics.median(v.drawn_ms for v in self.samples)


def pooled(*timings: Timing) -> Timing:
    """One timing from the visits of several targets that serve the same page (e.g. `streamlit
    hello` on two servers): a baseline with twice the visits, so its own spread moves every
    ratio less."""
    return Timing(tuple(v for timing in timings for v in timing.samples))


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's chromium, headless, without background networking."""
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("Debian's chromium is needed: apt-get install -y chromium")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def expect_text(selector: str, text: str) -> Check:
    """A check that the first `selector` on the finished page contains `text`."""

    def check(page: Page) -> None:
        shown = page.locator(selector).first.inner_text(timeout=TIMEOUT_MS)
        if text not in shown:
            raise RuntimeError(f"expected {text!r} in {selector}, found {shown[:200]!r}")

    return check


def visit(browser: Browser, target: Target) -> Visit:
    """One visit in a fresh context: navigation until connected, not running, text in main;
    then on until no placeholder is left in main."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(target.url, wait_until="commit")
    page.wait_for_function(CONTENT_SHOWN_JS, polling=POLL_MS, timeout=TIMEOUT_MS)
    content_ms = (time.perf_counter() - start) * 1000
    page.wait_for_function(ALL_DRAWN_JS, polling=POLL_MS, timeout=TIMEOUT_MS)
    drawn_ms = (time.perf_counter() - start) * 1000
    target.check(page)
    context.close()
    return Visit(content_ms, drawn_ms)


def interleaved_medians(
    browser: Browser, targets: dict[str, Target], visits: int
) -> dict[str, Timing]:
    """Median time-to-content (and until every element is drawn) per target over `visits`
    interleaved rounds, each in a shuffled order (after a warm-up)."""
    samples: dict[str, list[Visit]] = {name: [] for name in targets}
    order = random.Random(SHUFFLE_SEED)
    for round_number in range(visits + 1):
        this_round = list(targets.items())
        order.shuffle(this_round)
        for name, target in this_round:
            one = visit(browser, target)
            if round_number:
                samples[name].append(one)
    return {name: Timing(tuple(values)) for name, values in samples.items()}
