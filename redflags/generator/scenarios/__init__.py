"""Planted scenarios: every indicator's positives and look-alikes, and the leaflet's three cases."""
from __future__ import annotations

from ..kit import Kit
from . import behavioural, composite, financial_a, financial_b, recruitment

SINGLES = {**behavioural.SINGLES, **financial_a.SINGLES, **financial_b.SINGLES, **recruitment.SINGLES}
EXTRA_POSITIVES = {"F03": 1, "R02": 1}   # one more variant (an unowned contact / a third matching route)


def plant_all(k: Kit, n_single: int, n_composite: int) -> None:
    for ind in sorted(SINGLES):
        pos, look = SINGLES[ind]
        for i in range(1, n_single + EXTRA_POSITIVES.get(ind, 0) + 1):
            pos(k, f"{ind}-pos-{i}", i)
        for i in range(1, n_single + 1):
            look(k, f"{ind}-look-{i}", i)
    for name, fn in composite.COMPOSITES.items():
        for i in range(1, n_composite + 1):
            fn(k, f"{name}-{i}", i)
