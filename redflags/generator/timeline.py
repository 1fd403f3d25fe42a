"""The reference period (calendar year 2025, local time without zone) and vectorised time helpers."""
from __future__ import annotations

import datetime as dt

import numpy as np

from .config import YEAR

START = np.datetime64(f"{YEAR}-01-01")
END = np.datetime64(f"{YEAR}-12-31")
MONTH_STARTS = np.arange(np.datetime64(f"{YEAR}-01"), np.datetime64(f"{YEAR + 1}-01"), dtype="datetime64[M]").astype("datetime64[D]")
MONTH_ENDS = (MONTH_STARTS.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
MONTH_DAYS = (MONTH_ENDS - MONTH_STARTS).astype(int) + 1
HOLIDAYS = np.array([f"{YEAR}-01-01", f"{YEAR}-04-17", f"{YEAR}-04-18", f"{YEAR}-04-21", f"{YEAR}-05-29",
                     f"{YEAR}-06-09", f"{YEAR}-12-24", f"{YEAR}-12-25", f"{YEAR}-12-26", f"{YEAR}-12-31"],
                    dtype="datetime64[D]")


def is_banking_day(days: np.ndarray) -> np.ndarray:
    return np.is_busday(days, holidays=HOLIDAYS)


def last_banking_day(month_idx: np.ndarray | int) -> np.ndarray:
    return np.busday_offset(MONTH_ENDS[month_idx], 0, roll="backward", holidays=HOLIDAYS)


def first_banking_day(month_idx: np.ndarray | int) -> np.ndarray:
    return np.busday_offset(MONTH_STARTS[month_idx], 0, roll="forward", holidays=HOLIDAYS)


PAYDAYS = last_banking_day(np.arange(12))          # salaries land on the last banking day
RENTDAYS = first_banking_day(np.arange(12))        # rent and mortgages leave on the first banking day
BANKING_DAYS = np.array([d for d in np.arange(START, END + 1) if is_banking_day(d)], dtype="datetime64[D]")


def at(days: np.ndarray, rng: np.random.Generator, hour_lo: float, hour_hi: float) -> np.ndarray:
    """Timestamps (second precision) on the given days, uniformly between hour_lo and hour_hi."""
    secs = rng.integers(int(hour_lo * 3600), int(hour_hi * 3600), size=len(days))
    return days.astype("datetime64[s]") + secs.astype("timedelta64[s]")


def random_days(rng: np.random.Generator, n: int, lo=START, hi=END) -> np.ndarray:
    span = int((np.datetime64(hi) - np.datetime64(lo)).astype(int)) + 1
    return np.datetime64(lo) + rng.integers(0, span, size=n).astype("timedelta64[D]")


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def ts(day: dt.date | np.datetime64 | str, hour: float = 12.0) -> dt.datetime:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    if isinstance(day, np.datetime64):
        day = day.astype("datetime64[D]").astype(dt.date)
    secs = int(round(hour * 3600))
    return dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=secs)
