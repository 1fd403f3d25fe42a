"""dkk_amount() gives the cents of decimal arithmetic, on its fast double path too.

The macro (macros/staging/dkk_amount.sql) multiplies in double precision
unless the product lies near a half-øre or above 10^9 DKK, where it falls
back to DECIMAL(38). Its contract is the decimal result: amount narrowed to
8 places and rate to 6 (half away from zero), product rounded half away from
zero to øre. Here the macro, rendered from the project's file, runs in DuckDB
over exact half-øre ties, amounts with 9 and 10 places, rates from 0.000123
to 650,000 and amounts up to 10^13, and every row must equal Python's
decimal arithmetic.
"""
from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import jinja2

from redflags.paths import PROJECT_DIR

MACRO_FILE = PROJECT_DIR / "macros" / "staging" / "dkk_amount.sql"
# Rates whose inverse terminates, so that amount = tie / rate is exact and the product is a true half-øre.
TERMINATING_RATES = ["1", "2", "0.5", "1.25", "0.8", "4", "0.125", "8", "10", "0.1"]
RATES = ["7.4612", "0.000123", "650000.123456", "7.46123456789", "0.0648", "11.2", "1"]


def _expected(amount: str, rate: str) -> Decimal:
    narrowed_amount = Decimal(amount).quantize(Decimal("1e-8"), rounding=ROUND_HALF_UP)
    narrowed_rate = Decimal(rate).quantize(Decimal("1e-6"), rounding=ROUND_HALF_UP)
    return (narrowed_amount * narrowed_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _macro_sql(amount: str, rate: str) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(MACRO_FILE.parent)))
    template = environment.from_string("{% import '" + MACRO_FILE.name + "' as m %}{{ m.dkk_amount(amount, rate) }}")
    return template.render(amount=amount, rate=rate)


def _cases() -> list[tuple[str, str]]:
    generator = random.Random(20261207)
    cases = []
    for _ in range(3000):
        tie = Decimal(generator.randrange(1, 10**9)) / 100 + Decimal("0.005")
        rate = generator.choice(TERMINATING_RATES)
        cases.append((str(tie / Decimal(rate)), rate))
    for _ in range(20000):
        places = generator.randrange(0, 11)
        amount = Decimal(generator.randrange(1, 10**(7 + places))) / (10**places)
        cases.append((str(amount), generator.choice(RATES)))
    for _ in range(2000):
        cases.append((str(Decimal(generator.randrange(10**9, 10**13)) / 100), generator.choice(["7.4612", "0.000123", "11.2", "7.46123456789"])))
    # The 9th place rounds the amount up before multiplying: 0.123456785 -> 0.12345679.
    cases += [("1.5", "8.37"), ("0.123456785", "650000"), ("0.000000005", "1000000"), ("12.555", "1")]
    return cases


def test_macro_equals_decimal_arithmetic() -> None:
    cases = _cases()
    connection = duckdb.connect()
    connection.execute("create table cases (case_id integer, amount decimal(38, 10), rate decimal(38, 10))")
    connection.executemany("insert into cases values (?, ?, ?)",
                           [(index, amount, rate) for index, (amount, rate) in enumerate(cases)])
    computed = dict(connection.execute(
        f"select case_id, {_macro_sql('amount', 'rate')} from cases"
    ).fetchall())

    mismatches = [(amount, rate, computed[index], _expected(amount, rate))
                  for index, (amount, rate) in enumerate(cases) if computed[index] != _expected(amount, rate)]
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ, e.g. (amount, rate, macro, decimal): {mismatches[:5]}"


def test_most_rows_take_the_double_path() -> None:
    """The fallback is for the few rows near a half-øre: a macro that always took it would pass the test above."""
    connection = duckdb.connect()
    fast_condition = _macro_sql("amount", "rate").split("then")[0].replace("case", "", 1).replace("when", "", 1)
    share = connection.execute(
        f"select avg(case when {fast_condition} then 1.0 else 0.0 end) "
        "from (select cast(range * 0.37 + 0.01 as decimal(38, 10)) as amount, "
        "cast(7.4612 as decimal(38, 10)) as rate from range(100000))"
    ).fetchone()[0]
    assert share > 0.99
