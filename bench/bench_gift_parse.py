"""Question-file parsing speed: GIFT and YAML files of 0.25 to 4 MB, time against size (linear
means about 4x the time for 4x the bytes), and what a 1 MB upload does to the server: parsed in
a worker process, the time it takes and how long this process's other threads wait meanwhile.
Prints JSON. Uploads are capped at 1 MB; the larger files show the parser stays linear.
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploycore.quiz.bank import dump_bank  # noqa: E402
from deploycore.quiz.uploads import MAX_UPLOAD_BYTES, read_question_text, read_upload  # noqa: E402

SIZES_MB = (0.25, 0.5, 1.0, 2.0, 4.0)
RUNS = 2  # best of, per size: the machine is shared
LINEAR_LIMIT = 5.0  # 4x the bytes in at most 5x the time

# One of each form a trainer writes (and one refused matching question), numbered per copy.
FORMS = """\
$CATEGORY: course/week {n}/batch

::Nightly {n}::Which endpoint suits scoring every order at night? {{
  ~Real-time on AKS#Always on, billed while idle.
  =Batch on a compute cluster#Yes: it scales to zero.
  ~%50%Batch on always-on compute#Batch, but billed while idle.
  ####A nightly job has no one waiting.}}

::Service {n}::Which Azure service runs a container without a cluster? {{
  =ACI#Yes. =Azure Container Instance*#Yes. =%50%*container*#Which one?}}

::Hours {n}::How many hours are in the calculators' month? {{#
  =730:0#Exactly.
  =%50%730:10#Close.
  ~#The calculators use 730.}}

::Idle {n}::A batch cluster bills while idle \\{{always\\}}.{{FALSE#It scales to zero.#Right.}}

::Gap {n}::Scoring every night is a {{=batch ~real-time}} workload (copy {n}).

::Match {n}::Match the compute. {{=Batch -> cluster =Real-time -> ACI}}

"""


def gift_of_size(size_bytes: int) -> str:
    parts, total, n = [], 0, 0
    while total < size_bytes:
        part = FORMS.format(n=n)
        parts.append(part)
        total += len(part.encode())
        n += 1
    return "".join(parts)


def _best_time(name: str, text: str) -> tuple[float, int, int]:
    times = []
    result = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = read_question_text(name, text)
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), len(result.questions), result.refused_count


def yaml_of_size(size_bytes: int) -> str:
    """A YAML bank of about `size_bytes`: the GIFT forms' gradable questions, numbered copies."""
    token = "qqzz"
    one = dump_bank(read_question_text("g.gift", FORMS.format(n=token)).bank)
    item = one.removeprefix("questions:\n")
    parts, total, n = ["questions:\n"], 0, 0
    while total < size_bytes:
        part = item.replace(token, str(n))
        parts.append(part)
        total += len(part.encode())
        n += 1
    return "".join(parts)


# Every question under one title: the case that made the old reader quadratic (each id was
# made unique by trying -2, -3, ... from the start).
SAME_TITLE = "::Same title::Is batch cheaper when idle?{T}\n\n"


def same_titles_of_size(size_bytes: int) -> str:
    return SAME_TITLE * (size_bytes // len(SAME_TITLE) + 1)


def _series(kind: str, sizes_mb: tuple[float, ...] = SIZES_MB) -> list[dict[str, float | int]]:
    makers = {"gift": gift_of_size, "yaml": yaml_of_size, "same-title": same_titles_of_size}
    rows: list[dict[str, float | int]] = []
    for size_mb in sizes_mb:
        text = makers[kind](int(size_mb * 1_000_000))
        suffix = "yaml" if kind == "yaml" else "gift"
        seconds, questions, refused = _best_time(f"f.{suffix}", text)
        size = len(text.encode())
        per_mb = round(seconds / (size / 1e6), 3)
        rows.append({"bytes": size, "seconds": round(seconds, 3), "questions": questions,
                     "refused": refused, "seconds_per_mb": per_mb})  # fmt: skip
    return rows


def _ratio(rows: list[dict[str, float | int]], big: float, small: float) -> float:
    by_mb = {round(float(r["bytes"]) / 1e6): r for r in rows}
    low, high = by_mb.get(round(small)), by_mb.get(round(big))
    if not low or not high:
        return float("nan")
    return round(float(high["seconds"]) / float(low["seconds"]), 2)


def _upload_stall() -> dict[str, float]:
    """A 1 MB upload parsed in the worker process while this thread ticks every 10 ms."""
    content = gift_of_size(MAX_UPLOAD_BYTES - 2_000).encode()
    read_upload("warm.gift", b"A? {T}\n")  # the worker process is started once per server
    done: list[float] = []

    def upload() -> None:
        start = time.perf_counter()
        read_upload("class.gift", content)
        done.append(time.perf_counter() - start)

    worker = threading.Thread(target=upload)
    worker.start()
    gaps = []
    while worker.is_alive():
        start = time.perf_counter()
        time.sleep(0.01)
        gaps.append((time.perf_counter() - start) * 1000)
    worker.join()
    return {
        "upload_1mb_seconds": round(done[0], 3),
        "other_thread_tick_ms_p50": round(statistics.median(gaps), 1),
        "other_thread_tick_ms_max": round(max(gaps), 1),
    }


def main() -> None:
    gift, yaml_rows = _series("gift"), _series("yaml")
    same = _series("same-title", (1.0, 4.0))
    figures = {
        "upload_cap_bytes": MAX_UPLOAD_BYTES,
        "gift": gift,
        "yaml": yaml_rows,
        "gift_one_title": same,
        "gift_4mb_over_1mb": _ratio(gift, 4, 1),
        "yaml_4mb_over_1mb": _ratio(yaml_rows, 4, 1),
        "gift_one_title_4mb_over_1mb": _ratio(same, 4, 1),
        "linear_limit": LINEAR_LIMIT,
        **_upload_stall(),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
