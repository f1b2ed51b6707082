"""Hypothesis settings for properties that must explore at random even when CI is set.

The suite's CI profile replays a fixed sequence of examples (so a green run stays green); these
guards of untrusted text also draw fresh examples on every run, so `make test` is randomised at
least once. A failure prints the seed and a blob that replays it (`@reproduce_failure`).
"""

from __future__ import annotations

from hypothesis import settings

always_random = settings(derandomize=False, print_blob=True, deadline=None)
