"""Reference data read from the project's dbt seeds, so generated names match what the warehouse matches on."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .config import SEEDS_DIR


@dataclass(frozen=True)
class RefData:
    escort_merchants: list[str]     # site names containing a merchant_pattern
    mts_services: list[str]         # service names containing a merchant_pattern
    mts_patterns: list[str]
    escort_patterns: list[str]
    embassy_patterns: list[str]
    fx: dict[str, float]
    high_risk: list[str]
    mobile_providers: list[str]
    wallet_providers: list[str]
    variable_pay_prefixes: list[str]
    business_hours: dict[str, tuple[str, str]]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SEEDS_DIR / name, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def load() -> RefData:
    esc = _read("escort_ad_merchants.csv")
    mts = _read("money_transfer_services.csv")
    emb = _read("embassy_payees.csv")
    fx = _read("fx_rates_to_dkk.csv")
    hr = _read("high_risk_countries.csv")
    pp = _read("payment_providers.csv")
    vp = _read("variable_pay_industries.csv")
    bh = _read("industry_business_hours.csv")
    for name, pat in zip(esc["site_name"], esc["merchant_pattern"]):
        assert pat.lower() in name.lower(), (name, pat)
    return RefData(
        escort_merchants=list(esc["site_name"]),
        mts_services=list(mts["service_name"]),
        mts_patterns=list(mts["merchant_pattern"].str.lower()),
        escort_patterns=list(esc["merchant_pattern"].str.lower()),
        embassy_patterns=list(emb["payee_pattern"].str.lower()),
        fx={c: float(r) for c, r in zip(fx["currency"], fx["rate_to_dkk"])},
        high_risk=list(hr["country_code"]),
        mobile_providers=list(pp.loc[pp["provider_type"] == "mobile_payment", "provider_name"]),
        wallet_providers=list(pp.loc[pp["provider_type"] == "wallet", "provider_name"]),
        variable_pay_prefixes=list(vp["nace_prefix"]),
        business_hours={p: (o, c) for p, o, c in zip(bh["nace_prefix"], bh["opens_at"], bh["closes_at"])},
    )


def is_variable_pay(ref: RefData, nace: str) -> bool:
    return any(nace.startswith(p) for p in ref.variable_pay_prefixes)
