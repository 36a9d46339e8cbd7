"""The one cache policy for what the engine derives from a decree object: bounded, least recently
used dropped first, keyed by the object's identity.

Decrees are immutable values, so what is derived from one (its check table, the layout of its
provisions, the durable backend's compiled rulesets) can be kept for as long as the object is in
use. A long-lived process that reloads the corpus again and again creates a new object for every
decree each time: a cache keyed by ``id()`` and never evicted kept every generation alive (issue
10: 28 MB -> 4 GB over 200 reloads). Each cache holds at most :data:`MAX_ENTRIES` objects (a
corpus is 25 decrees: about 20 generations), and an entry is used only for the very object it
was made for (an ``id()`` can be reused once an object is gone).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Generic, Optional, TypeVar

K = TypeVar("K")
V = TypeVar("V")

MAX_ENTRIES = 512


class IdentityCache(Generic[K, V]):
    """``value = cache.get(obj)`` or ``cache.put(obj, value)``: at most ``limit`` objects kept."""

    def __init__(self, limit: int = MAX_ENTRIES) -> None:
        self.limit = limit
        self._entries: "OrderedDict[int, tuple[K, V]]" = OrderedDict()

    def get(self, key: K) -> Optional[V]:
        entry = self._entries.get(id(key))
        if entry is None or entry[0] is not key:
            return None
        self._entries.move_to_end(id(key))
        return entry[1]

    def put(self, key: K, value: V) -> V:
        self._entries[id(key)] = (key, value)
        self._entries.move_to_end(id(key))
        while len(self._entries) > self.limit:
            self._entries.popitem(last=False)
        return value

    def get_or_make(self, key: K, make: Callable[[K], V]) -> V:
        found = self.get(key)
        return found if found is not None else self.put(key, make(key))

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
