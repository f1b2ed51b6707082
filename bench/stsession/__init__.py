"""A Streamlit browser tab at the protocol level, for load drivers: connect, rerun with
widget values, read the element tree the deltas build, find widgets by label or key, wait for
text, reconnect like the frontend. Generic: no knowledge of any one app."""

from ._session import RECONNECT_DELAYS_S, Disconnected, SessionError, SessionStats, StSession
from ._tree import ElementTree, Node, key_of

__all__ = [
    "RECONNECT_DELAYS_S",
    "Disconnected",
    "ElementTree",
    "Node",
    "SessionError",
    "SessionStats",
    "StSession",
    "key_of",
]
