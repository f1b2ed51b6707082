"""Moodle GIFT import and export for the question bank.

The names other modules use are re-exported here: reading is `reader.py`, writing `writer.py`,
and the syntax both share `syntax.py`. The bank's own YAML format is `deploycore.quiz.bank`.
"""

from __future__ import annotations

from deploycore.quiz.gift.reader import GiftError, import_gift, read_gift
from deploycore.quiz.gift.writer import export_gift

__all__ = ["GiftError", "export_gift", "import_gift", "read_gift"]
