"""GIFT syntax shared by the reader and the writer: the metadata comment, escapes folded into
single characters (with each character's line number, for error messages) and numbers.
Knows nothing about questions: `reader.py` and `writer.py` map GIFT onto the bank's models.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

META_PREFIX = "// deploycore "

# Escaped characters are folded into lone surrogates while parsing: no decoded text can hold
# one, so a literal character in the input never collides with an escape.
# Moodle's escapes: \: \# \= \{ \} \~ \n and \\ (a backslash before anything else is kept).
_ESCAPES = {char: chr(0xD800 + i) for i, char in enumerate(":#={}~\\n")}
_UNESCAPE = {ord(code): ("\n" if char == "n" else char) for char, code in _ESCAPES.items()}
# As Moodle's parse_text_with_format: a marker only at the very start, names in lower case.
_FORMAT_PREFIX = re.compile(r"^\[(html|moodle|plain|markdown)\]")
# Moodle's answer weight: `%50%`, `%-33.33333%` (its own regex: one or two digits first).
WEIGHT_PATTERN = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")
# PHP's is_numeric for the plain decimal numbers GIFT numeric answers use.
_NUMBER = re.compile(r"^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$")


@dataclass(frozen=True)
class BlockLines:
    """Where each line of a block's folded text ends, and its line number in the file."""

    ends: list[int]
    numbers: list[int]

    def number_at(self, offset: int) -> int:
        """The file line of the character at `offset` in the block's folded text."""
        if not self.numbers:
            return 1
        return self.numbers[min(bisect_left(self.ends, offset), len(self.numbers) - 1)]


@dataclass(frozen=True)
class Text:
    """A slice of a block's text, escapes folded into single characters; it knows its line.

    Slicing copies only the characters (C speed); line numbers are looked up by offset, so
    reading a block is linear in its length.
    """

    chars: str
    offset: int
    block: BlockLines

    def line_at(self, index: int) -> int:
        return self.block.number_at(self.offset + max(0, min(index, len(self.chars) - 1)))

    def cut(self, start: int, end: int | None = None) -> Text:
        stop = len(self.chars) if end is None else end
        return Text(self.chars[start:stop], self.offset + start, self.block)

    def strip(self) -> Text:
        stripped = self.chars.lstrip()
        start = len(self.chars) - len(stripped)
        return Text(stripped.rstrip(), self.offset + start, self.block)

    def find(self, needle: str, start: int = 0) -> int:
        return self.chars.find(needle, start)

    def split(self, separator: str, maxsplit: int = -1) -> list[Text]:
        parts: list[Text] = []
        start = 0
        while maxsplit < 0 or len(parts) < maxsplit:
            found = self.chars.find(separator, start)
            if found < 0:
                break
            parts.append(self.cut(start, found))
            start = found + len(separator)
        parts.append(self.cut(start))
        return parts

    def with_chars(self, chars: str) -> Text:
        """Other characters at the same place (for a prompt rebuilt around a blank)."""
        return Text(chars, self.offset, self.block)


def text_format(text: Text) -> str | None:
    """The format marker a piece of text starts with ([html] ...), or None."""
    match = _FORMAT_PREFIX.match(text.chars.strip())
    return match.group(1) if match else None


def plain(text: Text) -> str:
    """Finished text: format marker removed, escapes restored, whitespace trimmed."""
    raw = _FORMAT_PREFIX.sub("", text.chars.strip(), count=1)
    return raw.translate(_UNESCAPE).strip()


def is_number(raw: str) -> bool:
    """Whether Moodle reads `raw` as a number (no `inf`, `nan` or `1_000`)."""
    return _NUMBER.match(raw) is not None


_ESCAPE = re.compile(r"\\([:#={}~\\n])")


def _fold(match: re.Match[str]) -> str:
    return _ESCAPES[match.group(1)]


def fold_escapes(lines: Sequence[tuple[int, str]]) -> Text:
    """A block's numbered lines as one Text, escapes folded, each line ending in a newline."""
    folded = [_ESCAPE.sub(_fold, line) + "\n" for _, line in lines]
    ends: list[int] = []
    position = 0
    for line in folded:
        position += len(line)
        ends.append(position - 1)
    return Text("".join(folded), 0, BlockLines(ends, [number for number, _ in lines]))


def parse_number_range(raw: str) -> tuple[float, float] | None:
    """(value, tolerance) from `72`, `72:0.5` or `71.5..72.5`; None if it is not a number."""
    if ".." in raw[1:]:
        low_text, high_text = raw.split("..", 1)
        if not (is_number(low_text) and is_number(high_text)):
            return None
        low, high = float(low_text), float(high_text)
        value, tolerance = (low + high) / 2, abs(high - low) / 2
    elif ":" in raw[1:]:
        value_text, tolerance_text = raw.split(":", 1)
        if not (is_number(value_text) and is_number(tolerance_text)):
            return None
        value, tolerance = float(value_text), abs(float(tolerance_text))
    elif is_number(raw):
        value, tolerance = float(raw), 0.0
    else:
        return None
    if not (math.isfinite(value) and math.isfinite(tolerance)):
        return None
    return value, tolerance


def format_number(value: float) -> str:
    """A number as GIFT and the explanations write it: `72`, not `72.0`."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text
