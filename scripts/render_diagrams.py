"""Regenerate img/*.png from the DOT sources in deploycore.lesson.diagrams (needs Graphviz's `dot`).

Usage: python scripts/render_diagrams.py [--check]
With --check, only report whether the committed PNGs match the current DOT sources.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploycore.lesson.diagrams import DIAGRAMS, source_fingerprint  # noqa: E402

IMG = ROOT / "img"
FINGERPRINT = IMG / "diagrams.sha256"
DPI = "150"  # sharp on a projector, still small files


def render(out_dir: Path = IMG) -> list[Path]:
    """Render every diagram to PNG in out_dir and record the source fingerprint."""
    dot = shutil.which("dot")
    if dot is None:
        raise SystemExit("Graphviz `dot` not found: `apt-get install -y graphviz`, then retry.")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for diagram in DIAGRAMS.values():
        target = out_dir / diagram.png_name
        subprocess.run(
            [dot, "-Tpng", f"-Gdpi={DPI}", "-o", str(target)],
            input=diagram.dot.encode(),
            check=True,
        )
        written.append(target)
    (out_dir / FINGERPRINT.name).write_text(source_fingerprint() + "\n")
    return written


def is_up_to_date(img_dir: Path = IMG) -> bool:
    """True when every PNG exists and was drawn from the current DOT sources."""
    stamp = img_dir / FINGERPRINT.name
    if not stamp.exists():
        return False
    pngs_exist = all((img_dir / d.png_name).exists() for d in DIAGRAMS.values())
    return pngs_exist and stamp.read_text().strip() == source_fingerprint()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check, do not render")
    args = parser.parse_args()
    if args.check:
        ok = is_up_to_date()
        print("diagrams up to date" if ok else "diagrams stale: run `make diagrams`")
        return 0 if ok else 1
    for path in render():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
