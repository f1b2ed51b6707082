"""The page as a Streamlit browser holds it: a tree of elements and blocks built from the
`ForwardMsg` deltas of each script run, with stale nodes dropped when a run finishes.

Only what a load driver needs to find things (types, labels, keys, text); no layout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from google.protobuf.message import Message
from streamlit.proto.Block_pb2 import Block
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_ID_PREFIX = "$$ID-"
# String fields of an element message that hold text a person reads.
_TEXT_FIELDS = ("body", "label", "text", "message", "code_text", "value", "placeholder")


def key_of(widget_id: str) -> str | None:
    """The user key inside a Streamlit element id (`$$ID-<hash>-<key>`), or None."""
    if not widget_id.startswith(_ID_PREFIX):
        return None
    parts = widget_id[len(_ID_PREFIX) :].split("-", 1)
    if len(parts) < 2 or parts[1] in ("", "None"):
        return None
    return parts[1]


@dataclass
class Node:
    """One element (`kind` is its type, e.g. "button", "markdown") or block (`kind` "block")."""

    kind: str
    proto: Message
    run_id: str
    fragment_id: str = ""
    children: list[Node] = field(default_factory=list)
    # time.time() when its delta was read: when a browser would draw it, however late the
    # driver's own waiting code gets round to looking
    received_s: float = field(default_factory=time.time)

    @property
    def is_block(self) -> bool:
        return self.kind == "block"

    @property
    def id(self) -> str:
        """The widget's or keyed block's id ('' for plain elements)."""
        value = getattr(self.proto, "id", "")
        return value if isinstance(value, str) else ""

    @property
    def key(self) -> str | None:
        """The user key the script gave (`key=`), when it gave one."""
        return key_of(self.id)

    @property
    def label(self) -> str:
        value = getattr(self.proto, "label", "")
        return value if isinstance(value, str) else ""

    @property
    def form_id(self) -> str:
        """The form a widget belongs to ('' outside forms)."""
        value = getattr(self.proto, "form_id", "")
        return value if isinstance(value, str) else ""

    @property
    def text(self) -> str:
        """The element's own readable text (body, label, options...), blocks: ''."""
        if self.is_block:
            return ""
        parts: list[str] = []
        for name in _TEXT_FIELDS:
            value = getattr(self.proto, name, None)
            if isinstance(value, str) and value:
                parts.append(value)
        options = getattr(self.proto, "options", None)
        if options is not None and not isinstance(options, str):
            parts.extend(o for o in options if isinstance(o, str))
        return "\n".join(parts)

    def walk(self) -> Iterator[Node]:
        """This node and every node under it, depth first in page order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all_text(self) -> str:
        """The text of every element under this node, one per line."""
        return "\n".join(n.text for n in self.walk() if n.text)


def _node_from_delta(message: ForwardMsg, run_id: str) -> Node | None:
    delta = message.delta
    kind = delta.WhichOneof("type")
    if kind == "new_element":
        element: Element = delta.new_element
        element_kind = element.WhichOneof("type")
        if element_kind is None:
            return None
        proto: Message = getattr(element, element_kind)
        return Node(element_kind, proto, run_id, delta.fragment_id)
    if kind == "add_block":
        block: Block = delta.add_block
        return Node("block", block, run_id, delta.fragment_id)
    return None  # transient elements (toasts) and chunked data are not kept


class ElementTree:
    """Roots by delta container (0 main, 1 sidebar, 2 event, 3 bottom) and their children."""

    def __init__(self) -> None:
        self.roots: dict[int, Node] = {}

    def clear(self) -> None:
        self.roots.clear()

    def apply(self, message: ForwardMsg, run_id: str) -> None:
        """Put a delta's element or block at its path, as the frontend does."""
        path = list(message.metadata.delta_path)
        node = _node_from_delta(message, run_id)
        if node is None or len(path) < 2:
            return
        root = self.roots.setdefault(path[0], Node("block", Block(), run_id))
        root.run_id = run_id
        parent = root
        for index in path[1:-1]:
            while len(parent.children) <= index:
                parent.children.append(Node("block", Block(), run_id))
            parent = parent.children[index]
            parent.run_id = run_id
        position = path[-1]
        while len(parent.children) <= position:
            parent.children.append(Node("block", Block(), run_id))
        previous = parent.children[position]
        if node.is_block and previous.is_block:
            node.children = previous.children  # a block keeps its children until pruned
        parent.children[position] = node

    def prune(self, run_id: str, fragment_ids: frozenset[str] = frozenset()) -> None:
        """Drop what the finished run did not draw: everything stale after a full run, only
        stale nodes of the rerun fragments after a fragment run."""
        for root in self.roots.values():
            self._prune_children(root, run_id, fragment_ids)

    def _prune_children(self, node: Node, run_id: str, fragment_ids: frozenset[str]) -> None:
        kept = []
        for child in node.children:
            in_scope = not fragment_ids or child.fragment_id in fragment_ids
            if in_scope and child.run_id != run_id:
                continue
            self._prune_children(child, run_id, fragment_ids)
            kept.append(child)
        node.children = kept

    def walk(self) -> Iterator[Node]:
        for index in sorted(self.roots):
            yield from self.roots[index].walk()

    def find_all(
        self,
        *,
        kind: str | None = None,
        label: str | None = None,
        key: str | None = None,
        text: str | None = None,
        within_key: str | None = None,
    ) -> list[Node]:
        """Nodes matching every given filter: element type, exact label, exact key, text
        contained in the element's own text, and inside the block or widget keyed
        `within_key`."""
        scopes: list[Node]
        if within_key is None:
            scopes = [self.roots[i] for i in sorted(self.roots)]
        else:
            scopes = [n for n in self.walk() if n.key == within_key]
        found: list[Node] = []
        for scope in scopes:
            for node in scope.walk():
                if kind is not None and node.kind != kind:
                    continue
                if label is not None and node.label != label:
                    continue
                if key is not None and node.key != key:
                    continue
                if text is not None and text not in node.text:
                    continue
                found.append(node)
        return found

    def find(
        self,
        *,
        kind: str | None = None,
        label: str | None = None,
        key: str | None = None,
        text: str | None = None,
        within_key: str | None = None,
    ) -> Node | None:
        """The first node matching the filters of `find_all`, or None."""
        found = self.find_all(kind=kind, label=label, key=key, text=text, within_key=within_key)
        return found[0] if found else None

    def received_s(self, text: str, within_key: str | None = None) -> float | None:
        """When the first element showing `text` (inside the block keyed `within_key` when
        given) was read, or None if none shows it."""
        found = self.find_all(text=text, within_key=within_key)
        return found[0].received_s if found else None

    def text(self, within_key: str | None = None) -> str:
        """All readable text on the page (or inside the keyed block), one element a line."""
        if within_key is None:
            return "\n".join(n.text for n in self.walk() if n.text)
        return "\n".join(n.all_text() for n in self.walk() if n.key == within_key)
