"""Counting requests per key in a fixed time window, in Django's cache (Redis in production via
CACHE_URL, so every web worker shares the counts; process memory in development and tests)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request of `key` in `scope`; True while at most `limit` requests fell in the
    window that started with the first one. The key is hashed: e-mail addresses and client
    addresses do not end up readable in the cache."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    cache_key = f"ratelimit:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
