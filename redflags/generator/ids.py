"""Opaque, unique, deterministic identifiers: a counter per prefix, scrambled into base 36."""
from __future__ import annotations

import numpy as np

_ALPHABET = np.array(list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
_WIDTH = 8
_MOD = 36 ** _WIDTH          # 2.8e12
_MULT = 1_000_000_007        # prime, coprime with 36: a bijection on [0, 36^8)


def encode(counters: np.ndarray, prefix: str) -> np.ndarray:
    """Vectorised: scramble the counters and render them as prefix + 8 base-36 digits."""
    x = (counters.astype(np.int64) * _MULT + 7_919) % _MOD
    digits = np.empty((len(x), _WIDTH), dtype="<U1")
    for pos in range(_WIDTH - 1, -1, -1):
        digits[:, pos] = _ALPHABET[x % 36]
        x //= 36
    body = np.ascontiguousarray(digits).view(f"<U{_WIDTH}").ravel()
    return np.char.add(prefix, body)


class IdFactory:
    """Hands out ids per prefix; background and scenarios draw from the same counters."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def many(self, prefix: str, n: int) -> np.ndarray:
        start = self._next.get(prefix, 0)
        self._next[prefix] = start + n
        return encode(np.arange(start, start + n, dtype=np.int64), prefix)

    def one(self, prefix: str) -> str:
        return str(self.many(prefix, 1)[0])
