"""One wall-clock deadline per model call, held even while a reply trickles in or a server goes silent."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class DeadlinePassed(Exception):
    """The call's deadline passed before the source finished; the provider turns this into its own message."""


class Deadline:
    """The moment, `seconds` from now, by which a call must be done."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self._at - time.monotonic())

    def passed(self) -> bool:
        """Whether the deadline has passed."""
        return time.monotonic() >= self._at


def within(deadline: Deadline, produce: Callable[[], Iterable[T]]) -> Iterator[T]:
    """The items of `produce()`, read in a worker thread so the caller is released at the deadline, whatever the source does.

    A blocking socket read cannot be interrupted, and an HTTP read timeout restarts with every byte, so a
    server sending a token every few seconds would never time out. The worker keeps the blocking reads;
    the caller waits on a queue only as long as the deadline allows. An abandoned worker stops at its
    next item, or when its own read timeout (never longer than the deadline) ends the read.
    """
    items: queue.Queue = queue.Queue()
    abandoned = threading.Event()
    threading.Thread(target=_pump, args=(produce, items, abandoned), daemon=True, name="model-call").start()
    try:
        while True:
            try:
                kind, value = items.get(timeout=deadline.remaining())
            except queue.Empty:
                raise DeadlinePassed from None
            if kind == "error":
                raise value
            if kind == "end":
                return
            if deadline.passed():
                raise DeadlinePassed
            yield value
    finally:
        abandoned.set()


def _pump(produce: Callable[[], Iterable[T]], items: queue.Queue, abandoned: threading.Event) -> None:
    """Put each item of `produce()` on the queue, then an end or error marker; stop early once abandoned."""
    source = None
    try:
        source = iter(produce())
        for item in source:
            if abandoned.is_set():
                return
            items.put(("item", item))
        items.put(("end", None))
    except BaseException as error:  # handed to the caller's thread, which raises it
        items.put(("error", error))
    finally:
        with contextlib.suppress(Exception):
            getattr(source, "close", lambda: None)()  # in this thread: releases the HTTP response a generator holds
