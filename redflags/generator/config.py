"""Scale presets, the reference period and paths shared by the generator modules."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_ROOT / "seeds"
CONTRACT_FILE = PROJECT_ROOT / "contract" / "landing.yml"

YEAR = 2025
# Bookings at or after this moment are dropped when the landing files are written (core._booked_in_reference_year).
YEAR_END = dt.datetime(YEAR + 1, 1, 1)


@dataclass(frozen=True)
class Scale:
    name: str
    persons: int            # background persons
    single_instances: int   # positives and look-alikes per single indicator
    composite_instances: int  # instances of each leaflet case
    persons_per_chunk: int  # background persons per transactions file


SCALES = {
    "tiny": Scale("tiny", 200, 2, 2, 100),
    "demo": Scale("demo", 3400, 3, 4, 1200),
    "large": Scale("large", 34000, 4, 8, 6000),
    # About 50 million bookings, written a chunk of persons at a time (one file each).
    "xl": Scale("xl", 170000, 4, 8, 6000),
}
