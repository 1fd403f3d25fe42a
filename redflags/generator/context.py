"""Shared generation state: seeded random streams, id counters, the phone book, the owner ledger, reference data."""
from __future__ import annotations

import zlib

import numpy as np

from . import refdata
from .config import Scale
from .ids import IdFactory
from .owners import OwnerLedger
from .phones import PhoneBook


class Context:
    def __init__(self, seed: int, scale: Scale, persons: int) -> None:
        self.seed = seed
        self.scale = scale
        self.persons = persons
        self.ref = refdata.load()
        self.ids = IdFactory()
        self.phones = PhoneBook(self.rng("phonebook"))
        self.owners = OwnerLedger()

    def rng(self, stream: str, *parts: int) -> np.random.Generator:
        """An independent, reproducible random stream per (seed, stream name, parts)."""
        return np.random.default_rng([self.seed, zlib.crc32(stream.encode()), *parts])
