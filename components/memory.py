"""Keep the modules the app has imported out of the garbage collector's full passes.

Streamlit runs a full collection after every script run (`runner.postScriptGC`), holding the
interpreter lock, so the message that a run has finished waits for it. With pandas, plotly,
SQLAlchemy and the app's own modules imported the heap holds about 170,000 objects, and that
pass took 30-600 ms depending on the machine's load: on every rerun of every page. Frozen
objects (modules, classes, module-level caches) live as long as the process anyway.
"""

from __future__ import annotations

import gc
import sys

_modules_when_frozen = 0


def freeze_imported_objects() -> None:
    """After a run that imported new modules: collect once, then freeze what is left."""
    global _modules_when_frozen
    if len(sys.modules) == _modules_when_frozen:
        return
    _modules_when_frozen = len(sys.modules)
    gc.collect()
    gc.freeze()
