"""Keep the modules the app has imported out of the garbage collector's full passes.

A full collection holds the interpreter lock while it scans the whole heap: with pandas, plotly,
SQLAlchemy and the app's own modules imported that is about 170,000 objects and took 30-600 ms
depending on the machine's load. Streamlit's own full pass after every run is switched off
(`runner.postScriptGC = false` in .streamlit/config.toml); Python's generational collector still
makes full passes now and then, and freezing keeps those short. Frozen objects (modules,
classes, module-level caches) live as long as the process anyway.
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
