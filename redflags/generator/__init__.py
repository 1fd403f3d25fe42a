"""Synthetic landing data and ground truth for the redflags warehouse.

    from redflags.generator import generate
    counts = generate(out_dir, truth_dir, seed=42, scale="demo", persons=None, fmt="parquet", inject_bad_rows=False)

Writes one folder per landing table (contract/landing.yml) under out_dir, with part-<n>.<fmt> files
(transactions split into several files), and truth_dir/truth_entities.<fmt>, background_groups.<fmt>
(the benign group of every background party), identifier_owners.<fmt>, injected_bad_rows.csv and
generated_counts.csv. Same seed -> byte-identical output. Scales: tiny (~200 background persons plus
all scenarios; a couple of seconds), demo (~1 million transactions), large (~10 million).

Modules: config (scales, paths), refdata (dbt seeds), schema (the contract), ids, phones (numbers,
messy spellings, normalisation), timeline (2025 calendar), names, context (seeded streams),
population (the background registers), background_txns (background transactions, vectorised),
benign_groups (the benign groups and their shares), benign_population, benign_registers and
benign_txns (who is in which group, their register rows, their money),
kit (helpers for planted scenarios), scenarios/ (behavioural, financial_a, financial_b, recruitment,
composite), badrows, writer, truth, core (generate).

What is planted for every indicator, with the concrete numbers, is in SCENARIOS.md next to this file.
"""
from .core import generate

__all__ = ["generate"]
