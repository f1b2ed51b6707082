"""The lesson's three diagrams as Graphviz DOT: the single source of truth.

The app renders these strings live in the browser; `scripts/render_diagrams.py` turns the
same strings into the committed PNGs under `img/`. Nothing here calls Graphviz itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

DiagramName = Literal["real-time", "batch", "frequency"]

# Colour-blind-safe hues (Okabe-Ito blue; its orange and green darkened so that borders and
# arrows reach 3:1 against the white page and the light fills beside them, WCAG 2.1 SC 1.4.11;
# node text is black on the fills). Shapes and words carry the meaning too.
BLUE = "#0072B2"
ORANGE = "#A65E00"
GREEN = "#007A57"
GREY = "#555555"
LIGHT_BLUE = "#D6EAF8"
LIGHT_ORANGE = "#FCEBC9"
LIGHT_GREEN = "#D4F1E6"
BACKGROUND = "#ffffff"
TEXT = "#000000"  # Graphviz draws text black unless told otherwise
# Which border colours sit on which fills (each border also meets the white background).
BORDERS_ON_FILLS = {BLUE: LIGHT_BLUE, ORANGE: LIGHT_ORANGE, GREEN: LIGHT_GREEN}

_GRAPH_DEFAULTS = (
    'graph [rankdir=LR, fontname="DejaVu Sans", fontsize=18, pad=0.3, nodesep=0.5, '
    'ranksep=0.6, bgcolor="' + BACKGROUND + '"];\n'
    '  node [fontname="DejaVu Sans", fontsize=16, style="rounded,filled", shape=box, '
    'penwidth=2, margin="0.25,0.15"];\n'
    '  edge [fontname="DejaVu Sans", fontsize=14, penwidth=2, color="' + GREY + '"];\n'
)


@dataclass(frozen=True)
class Diagram:
    """A diagram: its file name, DOT source, caption and text alternative."""

    name: DiagramName
    caption: str
    alt_text: str
    dot: str
    # Tall diagrams are shown narrower in normal mode so they fit a screen (None: full width).
    display_width_px: int | None = None

    @property
    def png_name(self) -> str:
        """File name of the rendered picture under img/."""
        return f"{self.name}.png"


REAL_TIME = Diagram(
    name="real-time",
    caption="Real-time predictions: one request in, one answer back at once.",
    alt_text=(
        "Real-time diagram. A customer selects a shirt in a web or mobile app. The app sends "
        "that single item to the model's web address (a real-time endpoint). An always-on "
        "container, running all the time on ACI or AKS, scores it immediately. The response, "
        "related items to recommend, goes straight back to the app within milliseconds."
    ),
    dot=(
        "digraph realtime {\n  " + _GRAPH_DEFAULTS + "  labelloc=t;\n"
        '  label="Real-time endpoint: score each request as it happens";\n'
        f'  app [label="Web / mobile app\\ncustomer selects a shirt", fillcolor="{LIGHT_BLUE}",'
        f' color="{BLUE}"];\n'
        f'  url [label="Web address\\nhttps://…/score\\n(real-time endpoint)", shape=component,'
        f' fillcolor="white", color="{BLUE}"];\n'
        f'  box [label="Always-on container\\nmodel loaded, ACI / AKS\\n(billed every hour)",'
        f' shape=box3d, fillcolor="{LIGHT_BLUE}", color="{BLUE}"];\n'
        f'  resp [label="Instant response\\nrelated items:\\ntie, trousers, jacket",'
        f' shape=note, fillcolor="{LIGHT_GREEN}", color="{GREEN}"];\n'
        '  app -> url [label="1. one request\\n(one row)"];\n'
        '  url -> box [label="2. score now"];\n'
        '  box -> resp [label="3. answer in\\nmilliseconds"];\n'
        '  app -> resp [label="4. shown to\\nthe customer", style=dashed, dir=back];\n'
        "  { rank=same; app; resp; }\n  { rank=same; url; box; }\n"
        "}\n"
    ),
)

BATCH = Diagram(
    name="batch",
    caption="Batch predictions: data gathered over time, scored on a schedule, stored.",
    alt_text=(
        "Batch diagram. Orange-juice sales data is collected over the week into storage. "
        "A scheduled job starts once a week. A compute cluster scales up from zero nodes, "
        "scores all the rows together, then scales back to zero nodes so it costs little "
        "when idle. The predictions, next week's sales per store and brand, are stored as "
        "files or in a database, where reports and applications read them later."
    ),
    dot=(
        "digraph batch {\n  " + _GRAPH_DEFAULTS + "  labelloc=t;\n"
        '  label="Batch endpoint: score collected data on a schedule";\n'
        f'  data [label="Sales data collected\\nover the week\\n(many rows)", shape=cylinder,'
        f' fillcolor="{LIGHT_ORANGE}", color="{ORANGE}"];\n'
        f'  job [label="Scheduled job\\n(every Monday)", shape=cds, fillcolor="white",'
        f' color="{ORANGE}"];\n'
        f'  subgraph cluster_compute {{ label="Compute cluster"; style="rounded,dashed";'
        f' color="{ORANGE}"; fontsize=16;\n'
        f'    up [label="Scale up\\n0 → N nodes", fillcolor="{LIGHT_ORANGE}",'
        f' color="{ORANGE}"];\n'
        f'    score [label="Score all rows\\ntogether", fillcolor="{LIGHT_ORANGE}",'
        f' color="{ORANGE}"];\n'
        f'    down [label="Scale back\\nto 0 nodes\\n(no cost when idle)", fillcolor="white",'
        f' color="{ORANGE}"];\n'
        "    up -> score -> down;\n  }\n"
        f'  store [label="Predictions stored\\nfiles / database", shape=cylinder,'
        f' fillcolor="{LIGHT_GREEN}", color="{GREEN}"];\n'
        f'  later [label="Reports and apps\\nread them later", shape=note, fillcolor="white",'
        f' color="{GREEN}"];\n'
        "  data -> job;\n  job -> up;\n"
        '  score -> store [label="write results"];\n'
        "  store -> later;\n"
        "}\n"
    ),
)


def _frequency_dot() -> str:
    events = "".join(
        f'    rt{i} [label="event\\n{i}", shape=circle, fillcolor="{LIGHT_BLUE}", color="{BLUE}",'
        f" fixedsize=true, width=0.95];\n"
        f'    rs{i} [label="score\\nnow", fillcolor="white", color="{BLUE}"];\n'
        f"    rt{i} -> rs{i};\n"
        for i in range(1, 5)
    )
    batch_events = "".join(
        f'    bt{i} [label="event\\n{i}", shape=circle, fillcolor="{LIGHT_ORANGE}",'
        f' color="{ORANGE}", fixedsize=true, width=0.95];\n'
        f'    bt{i} -> gather [color="{ORANGE}"];\n'
        for i in range(1, 5)
    )
    return (
        "digraph frequency {\n  " + _GRAPH_DEFAULTS.replace("rankdir=LR", "rankdir=TB") + ""
        '  labelloc=t;\n  label="How often do we score? Time runs left to right";\n'
        f'  subgraph cluster_rt {{ label="Real-time: each event is scored as soon as it arrives";'
        f' style="rounded"; color="{BLUE}"; fontsize=16;\n'
        + events
        + "    { rank=same; rt1; rt2; rt3; rt4; }\n"
        "    { rank=same; rs1; rs2; rs3; rs4; }\n"
        "    rt1 -> rt2 -> rt3 -> rt4 [style=invis];\n  }\n"
        f'  subgraph cluster_batch {{ label="Batch: events are gathered, then scored together'
        f' on a schedule"; style="rounded"; color="{ORANGE}"; fontsize=16;\n'
        + batch_events
        + "    { rank=same; bt1; bt2; bt3; bt4; }\n"
        "    bt1 -> bt2 -> bt3 -> bt4 [style=invis];\n"
        f'    gather [label="collected data\\n(all 4 events)", shape=cylinder,'
        f' fillcolor="{LIGHT_ORANGE}", color="{ORANGE}"];\n'
        f'    sched [label="scheduled run\\nscores all rows at once", shape=cds,'
        f' fillcolor="white", color="{ORANGE}"];\n'
        "    gather -> sched;\n    { rank=same; gather; sched; }\n  }\n"
        "  rs1 -> bt1 [style=invis];\n"
        "}\n"
    )


FREQUENCY = Diagram(
    name="frequency",
    caption="Frequency of scoring: one by one as events arrive, or gathered and scored later.",
    alt_text=(
        "Frequency diagram with two rows of four events over time. Top row, real-time: each "
        "event is scored now, as soon as it arrives, so there are four separate scorings. "
        "Bottom row, batch: the four events are gathered into collected data, and one "
        "scheduled run scores all rows at once."
    ),
    dot=_frequency_dot(),
    display_width_px=720,
)

DIAGRAMS: dict[DiagramName, Diagram] = {d.name: d for d in (REAL_TIME, BATCH, FREQUENCY)}


def source_fingerprint() -> str:
    """SHA-256 over every diagram's DOT source: changes whenever a PNG must be redrawn."""
    digest = hashlib.sha256()
    for name in sorted(DIAGRAMS):
        digest.update(name.encode())
        digest.update(DIAGRAMS[name].dot.encode())
    return digest.hexdigest()
