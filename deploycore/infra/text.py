"""Text helpers for quoting what a user typed back on a page, safely.

For echoing link values and names in messages without letting them render as Markdown or links.
Not for HTML: nothing here is ever passed through `unsafe_allow_html`.
"""

from __future__ import annotations


def safe_echo(text: str, limit: int = 40) -> str:
    """User text fit to quote back on a page: letters, digits and . , : _ - only, shortened.

    Anything else becomes '?', so link text can never render as Markdown or a link.
    """
    kept = "".join(c if c.isascii() and (c.isalnum() or c in " .,:_-") else "?" for c in text)
    return kept[:limit] + ("…" if len(kept) > limit else "")
