"""Module-level extractors for the budget and fault tests: worker processes ('spawn') import them by name.

Each runs the real extractor on the real text it is given, except for the one source it is told to misbehave
on: that one stands for a document stuck inside one C call (SIGALRM blocked, so only a kill ends it) or for a
worker that dies under it (what the kernel's OOM killer does)."""

from __future__ import annotations

import os
import signal
import time

from kg.extraction.pipeline import extract
from kg.models import Extraction


def stuck_on_stall(text: str, source: str, ocr: str) -> Extraction:
    """``stall.txt`` never returns and ignores the alarm; the others are extracted."""
    if source.endswith("stall.txt"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    return extract(text, source=source, ocr=ocr)


def dies_on_stall(text: str, source: str, ocr: str) -> Extraction:
    """The worker that gets ``stall.txt`` is killed, as the OOM killer would."""
    if source.endswith("stall.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return extract(text, source=source, ocr=ocr)


def slow_on_stall(text: str, source: str, ocr: str) -> Extraction:
    """``stall.txt`` takes a minute (a sleep the worker's alarm interrupts, as it does a slow stage); the others
    are extracted."""
    if source.endswith("stall.txt"):
        time.sleep(60)
    return extract(text, source=source, ocr=ocr)
