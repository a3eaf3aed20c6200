"""The lock that keeps structural callbacks whole in a distributed crawl.

A callback that reads or changes the site structure (units, columns and their counters) is
decorated with `@structural`: alone it is called as it is; with Redis it runs under the crawl's
lock on state refreshed from Redis (crawler/shared.py)."""

from __future__ import annotations

import functools


def structural(method):
    """A callback that reads or changes the site structure (units, columns and their counters).

    Alone it is called as it is. In a distributed crawl it runs under the crawl's Redis lock on
    state refreshed from Redis, to completion (its requests are collected in a list), and what it
    touched is written back before the lock is released: two workers never interleave changes
    to the same column's counters."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self.shared is None:
            return method(self, *args, **kwargs)
        with self.shared.locked(self):
            result = method(self, *args, **kwargs)
            return list(result) if result is not None else None

    return wrapper
