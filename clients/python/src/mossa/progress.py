"""A dependency-free progress bar for terminals and notebooks (tqdm is used instead when it is installed)."""
from __future__ import annotations

import sys
import time
from typing import Optional, TextIO


class ProgressBar:
    """Draws ``label [#####.....] done/total`` on one line, redrawn with a carriage return, which both terminals
    and Jupyter's output streams honour."""

    def __init__(self, label: str, stream: Optional[TextIO] = None, width: int = 30):
        self._label = label
        self._stream = stream or sys.stderr
        self._width = width
        self._started = time.monotonic()
        self._tqdm = None
        try:
            from tqdm.auto import tqdm  # optional: nicer widgets in notebooks
            self._tqdm = tqdm(desc=label, unit="task", file=self._stream)
        except ImportError:
            pass

    def update(self, done: int, total: int, status: str) -> None:
        if self._tqdm is not None:
            self._tqdm.total = total
            self._tqdm.n = done
            self._tqdm.set_postfix_str(status, refresh=True)
            return
        filled = self._width * done // total if total else 0
        elapsed = time.monotonic() - self._started
        self._stream.write(f"\r{self._label} [{'#' * filled}{'.' * (self._width - filled)}] "
                           f"{done}/{total} {status} {elapsed:.0f}s")
        self._stream.flush()

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
        else:
            self._stream.write("\n")
            self._stream.flush()
