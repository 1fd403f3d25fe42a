"""Phone numbers, e-mail addresses and handles: unique allocation, messy rendering, warehouse normalisation.

Every number is allocated in E.164 ('+' country code national number). Landing tables receive
it in one of several spellings (the contract allows spaces, dashes, a leading 00 and, for
Danish numbers, no country code); the truth always holds E.164.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

# country code, national length, leading digits for mobiles
PLANS = {
    "45": (8, "2"),      # Denmark (first digit varied below)
    "48": (9, "5"),      # Poland
    "40": (9, "7"),      # Romania
    "49": (11, "15"),    # Germany
    "46": (9, "7"),      # Sweden
    "47": (8, "9"),      # Norway
    "380": (9, "6"),     # Ukraine
    "370": (8, "6"),     # Lithuania
    "33": (9, "6"),      # France
    "86": (11, "13"),    # China
    "212": (9, "6"),     # Morocco
    "31": (9, "6"),      # Netherlands
    "44": (10, "7"),     # United Kingdom
    "91": (10, "9"),     # India
    "63": (10, "9"),     # Philippines
    "90": (10, "5"),     # Turkey
    "92": (10, "3"),     # Pakistan
    "359": (9, "8"),     # Bulgaria
    "373": (8, "6"),     # Moldova
    "234": (10, "8"),    # Nigeria
    "66": (9, "8"),      # Thailand
}
COUNTRY_CC = {"DK": "45", "PL": "48", "RO": "40", "DE": "49", "SE": "46", "NO": "47", "UA": "380", "LT": "370",
              "FR": "33", "CN": "86", "MA": "212", "NL": "31", "GB": "44", "IN": "91", "PH": "63", "TR": "90",
              "PK": "92", "BG": "359", "MD": "373", "NG": "234", "TH": "66"}
_STEP = 48271  # coprime with every 10^k


class PhoneBook:
    """Allocates unique mobile numbers per country code (background and scenarios share it)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._next = {cc: int(rng.integers(1000, 50000)) for cc in PLANS}

    def national(self, cc: str, n: int) -> np.ndarray:
        length, lead = PLANS[cc]
        free = length - len(lead)
        start = self._next[cc]
        self._next[cc] = start + n
        k = (np.arange(start, start + n, dtype=np.int64) * _STEP) % (10 ** free)
        if cc == "45":  # Danish mobiles start with 2..9; spread over 20000000-99999999
            k = (np.arange(start, start + n, dtype=np.int64) * _STEP) % 80_000_000 + 20_000_000
            return np.char.zfill(k.astype(str), 8)
        return np.char.add(lead, np.char.zfill(k.astype(str), free))

    def e164(self, cc: str, n: int) -> np.ndarray:
        return np.char.add("+" + cc, self.national(cc, n))

    def one(self, cc: str = "45") -> str:
        return str(self.e164(cc, 1)[0])


def split_e164(e164: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Country code and national part of E.164 numbers (known plans only)."""
    s = e164.astype("str")
    cc = pd.Series(np.full(len(s), "", dtype=object), index=s.index)
    for code in sorted(PLANS, key=len, reverse=True):
        hit = (cc == "") & s.str.startswith("+" + code)
        cc[hit] = code
    nat = pd.Series([""] * len(s), index=s.index, dtype="str")
    lens = cc.str.len() + 1
    for ln in lens.unique():
        m = lens == ln
        nat[m] = s[m].str.slice(int(ln))
    return cc.astype("str"), nat


def messy(e164, rng: np.random.Generator, clean_share: float = 0.35) -> np.ndarray:
    """Render E.164 numbers the way partners deliver them (vectorised); nulls stay null."""
    s = pd.Series(e164, dtype="str")
    out = s.copy()
    ok = s.notna()
    if not ok.any():
        return out.to_numpy(dtype=object)
    v = s[ok]
    cc, nat = split_e164(v)
    dk = cc == "45"
    choice = pd.Series(rng.integers(0, 6, size=len(v)), index=v.index)
    choice[rng.random(len(v)) < clean_share] = 0
    a2, b2, c2, d2 = nat.str.slice(0, 2), nat.str.slice(2, 4), nat.str.slice(4, 6), nat.str.slice(6)
    a4, r4 = nat.str.slice(0, 4), nat.str.slice(4)
    res = "+" + cc + nat                                           # 0: +4520123456
    res = res.where(choice != 1, "00" + cc + " " + nat)            # 1: 0045 20123456
    res = res.where(choice != 2, "+" + cc + " " + a4 + " " + r4)   # 2: +45 2012 3456
    res = res.where(~((choice == 3) & dk), nat)                    # 3: 20123456
    res = res.where(~((choice == 4) & dk), a2 + " " + b2 + " " + c2 + " " + d2)   # 4: 20 12 34 56
    res = res.where(~((choice == 5) & dk), a2 + "-" + b2 + "-" + c2 + "-" + d2)   # 5: 20-12-34-56
    res = res.where(~((choice >= 3) & ~dk), "00" + cc + nat)       # foreign: 0048512345678
    out[ok] = res
    return out.to_numpy(dtype=object)


_CODES = sorted(PLANS, key=len, reverse=True)


def messy_one(e164: str, choice: int) -> str:
    """Scalar twin of messy() for the few hundred planted numbers (same spellings)."""
    cc = next(c for c in _CODES if e164.startswith("+" + c))
    nat = e164[len(cc) + 1:]
    if choice == 1:
        return f"00{cc} {nat}"
    if choice == 2:
        return f"+{cc} {nat[:4]} {nat[4:]}"
    if choice >= 3 and cc != "45":
        return f"00{cc}{nat}"
    if choice == 3:
        return nat
    if choice == 4:
        return f"{nat[:2]} {nat[2:4]} {nat[4:6]} {nat[6:]}"
    if choice == 5:
        return f"{nat[:2]}-{nat[2:4]}-{nat[4:6]}-{nat[6:]}"
    return e164


def mixed_case(values, rng: np.random.Generator) -> np.ndarray:
    """E-mails and handles as typed: lower, Capitalised or UPPER at random (vectorised)."""
    s = pd.Series(values, dtype="str")
    c = rng.integers(0, 3, size=len(s))
    out = s.where(c != 1, s.str.capitalize())
    out = out.where(c != 2, s.str.upper())
    return out.to_numpy(dtype=object)


def messy_handle(values, rng: np.random.Generator) -> np.ndarray:
    s = pd.Series(mixed_case(values, rng), dtype="str")
    at = rng.random(len(s)) < 0.5
    return s.where(~at, "@" + s).to_numpy(dtype=object)


# --- normalisation exactly as the warehouse is expected to do it (used for the truth) ---

def normalise_phone(raw: str) -> str:
    s = re.sub(r"[\s\-().]", "", raw)
    if s.startswith("00"):
        s = "+" + s[2:]
    if not s.startswith("+") and len(s) == 8 and s.isdigit():
        s = "+45" + s
    return s


def normalise_email(raw: str) -> str:
    return raw.strip().lower()


def normalise_handle(raw: str) -> str:
    return raw.strip().lstrip("@").lower()


def beneficiary_key(name: str, country: str, account_id: str | None = None) -> str:
    if account_id:
        return account_id
    return f"{country.upper()}:{' '.join(name.split()).lower()}"
