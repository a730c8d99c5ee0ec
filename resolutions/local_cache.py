"""The page cache of a worker without Redis: Django's LocMemCache, bounded
by the bytes it holds as well as by its number of entries.

A worker's own cache is a small front (Redis is the shared one); counted
in entries only, its 300 pages of a 600-clause resolution would be 300 MB.
Beyond OPTIONS["MAX_BYTES"] of pickled values the least recently used
entries go, and a value larger than the whole bound is not kept.
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class BoundedLocMemCache(LocMemCache):
    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {})["MAX_BYTES"])

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        # Called with the lock held and the value pickled.
        self._delete(key)
        if len(value) > self._max_bytes:
            return
        super()._set(key, value, timeout)
        excess = sum(map(len, self._cache.values())) - self._max_bytes
        while excess > 0:
            # LocMemCache keeps the most recently used first.
            old, pickled = self._cache.popitem()
            del self._expire_info[old]
            excess -= len(pickled)
