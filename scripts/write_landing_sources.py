"""Write models/staging/landing/_landing__sources.yml from contract/landing.yml.

The contract is the single source of truth for tables, columns, types, required
flags and allowed values; this script transcribes it into dbt source YAML with a
description for every column and the per-column normalisation staging applies.
Run it after a contract change, review the diff, commit both files.
python_tests/test_contract.py fails when the two disagree.
"""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# How staging normalises a column before validation and key matching.
NORMALISE = {
    ("accounts", "phone_number"): "phone",
    ("accounts", "currency"): "upper",
    ("parties", "nationality"): "upper",
    ("parties", "country_of_residence"): "upper",
    ("parties", "expected_countries"): "upper",
    ("parties", "sex"): "upper",
    ("transactions", "currency"): "upper",
    ("transactions", "counterparty_phone"): "phone",
    ("transactions", "counterparty_country"): "upper",
    ("payroll", "currency"): "upper",
    ("party_addresses", "country"): "upper",
    ("party_contacts", "contact_value"): "contact",
    ("phone_subscriptions", "phone_number"): "phone",
    ("online_ads", "contact_phone"): "phone",
    ("online_ads", "contact_email"): "email",
    ("online_ads", "profile_handle"): "handle",
    ("social_posts", "author_phone"): "phone",
    ("social_posts", "author_handle"): "handle",
    ("social_posts", "group_audience_nationality"): "upper",
    ("platform_signals", "subject_phone"): "phone",
    ("platform_signals", "counterpart_phone"): "phone",
    ("platform_signals", "subject_handle"): "handle",
    ("platform_signals", "counterpart_handle"): "handle",
    ("rental_bookings", "guest_phone"): "phone",
    ("fx_rates", "currency"): "upper",
}

# The date a table's currency is converted at: the latest fx_rates rate on or
# before it, else the reference rate table; a currency with neither is a reject.
CURRENCY_DATE = {
    "accounts": "opened_at",
    "transactions": "booked_at",
    "payroll": "period_end",
}

# Values that must be greater than zero (zero is a reject, not only a negative value).
POSITIVE = {("fx_rates", "dkk_per_unit")}

# Currency column that gives each money column's currency (converted to DKK in staging).
MONEY = {
    ("transactions", "amount"): "currency",
    ("payroll", "gross_pay"): "currency",
    ("payroll", "net_pay"): "currency",
}

# Pairs that must be ordered: end before start is a reject.
ORDERED = {
    "accounts": [["opened_at", "closed_at"]],
    "employments": [["start_date", "end_date"]],
    "payroll": [["period_start", "period_end"]],
    "company_roles": [["valid_from", "valid_to"]],
    "party_addresses": [["valid_from", "valid_to"]],
    "phone_subscriptions": [["activated_at", "deactivated_at"]],
    "rental_bookings": [["check_in", "check_out"]],
}

GENERIC = {
    "party_id": "Identifier of the party (person or company) as assigned by the delivering partner.",
    "account_id": "Identifier of the account.",
    "currency": "ISO 4217 code of the currency the amounts are in.",
    "platform": "Name of the platform that delivered the record.",
    "site": "Name of the ad or dating site.",
    "city": "City of the address.",
    "location_city": "City where it happened (branch, ATM, agent or the ad's stated city).",
    "employer_party_id": "party_id of the employer.",
    "employee_party_id": "party_id of the employee.",
    "company_party_id": "party_id of the company.",
    "person_party_id": "party_id of the person holding the role.",
    "address_id": "Normalised address key, shared across parties living or registered at the same address.",
    "valid_from": "First day the record is valid.",
    "valid_to": "Last day the record is valid; null while still valid.",
    "observed_at": "When the observation or signal was made (local Danish time).",
    "posted_at": "When the ad or post was published (local Danish time).",
    "details": "Free-text details from the reporting platform.",
}

SPECIFIC = {
    "parties.party_type": "person or company.",
    "parties.full_name": "Full name of the person or registered name of the company.",
    "parties.birth_date": "Date of birth (persons only).",
    "parties.sex": "Sex of the person (F, M, X). Used only as the sex of a business's payers in F01, never to score the person.",
    "parties.nationality": "ISO 3166-1 alpha-2 nationality (persons only). Never a scoring input.",
    "parties.country_of_residence": "ISO 3166-1 alpha-2 country of residence.",
    "parties.registration_no": "Business registration number, CVR (companies only).",
    "parties.industry_code": "NACE rev. 2 industry code, e.g. 81.21 (companies only).",
    "parties.stated_business_purpose": "Business purpose stated at onboarding (KYC free text, companies only).",
    "parties.expected_countries": "Comma-separated ISO2 countries the business expects to trade with (KYC, companies only).",
    "parties.business_hours_open": "Opening time HH:MM; null means the industry default applies.",
    "parties.business_hours_close": "Closing time HH:MM.",
    "parties.onboarded_at": "When the party became a customer or was registered.",
    "accounts.party_id": "party_id of the account holder.",
    "accounts.provider": "Bank or wallet provider name, e.g. Danske Bank, MobilePay, WeChat Pay.",
    "accounts.account_type": "personal, business or wallet.",
    "accounts.phone_number": "Phone number a wallet or mobile-payment account is linked to.",
    "accounts.is_primary": "True for the holder's main bank account.",
    "accounts.opened_at": "When the account was opened.",
    "accounts.closed_at": "When the account was closed; null while open.",
    "transactions.txn_id": "Identifier of the booking.",
    "transactions.account_id": "Account the booking is on (an account in the accounts table).",
    "transactions.booked_at": "Booking time (local Danish time).",
    "transactions.direction": "in (credit) or out (debit).",
    "transactions.amount": "Positive amount in the booking's currency; direction gives the sign.",
    "transactions.channel": "Payment channel: card, transfer, mobile_payment, wallet, cash_deposit, cash_withdrawal, money_transfer_service, direct_debit or salary.",
    "transactions.counterparty_account_id": "The other side's account when it is an account in this data.",
    "transactions.counterparty_name": "Name of the other side as given in the booking.",
    "transactions.counterparty_phone": "Phone number of the other side (mobile payments and wallets).",
    "transactions.counterparty_country": "ISO2 country of the other side.",
    "transactions.merchant_name": "Merchant name for card and online payments.",
    "transactions.merchant_category_code": "4-digit merchant category code (MCC).",
    "transactions.location_id": "Branch, ATM or agent identifier.",
    "transactions.reference": "Free-text payment reference.",
    "employments.employment_id": "Identifier of the employment.",
    "employments.start_date": "First day of employment.",
    "employments.end_date": "Last day of employment; null while employed.",
    "employments.job_title": "Job title as registered.",
    "employments.contracted_hours_per_week": "Contracted weekly hours.",
    "employments.work_permit_scheme": "Work-permit scheme: none, pay_limit, positive_list or other.",
    "payroll.payslip_id": "Identifier of the payslip.",
    "payroll.period_start": "First day of the pay period.",
    "payroll.period_end": "Last day of the pay period.",
    "payroll.gross_pay": "Gross pay for the period in the payslip's currency.",
    "payroll.net_pay": "Net pay after tax in the payslip's currency.",
    "payroll.hours_worked": "Hours worked in the period.",
    "payroll.paid_to_account_id": "Account the net pay was paid to.",
    "payroll.paid_at": "When the net pay was paid.",
    "tax_filings.filing_id": "Identifier of the monthly filing.",
    "tax_filings.period_month": "First day of the month the filing covers.",
    "tax_filings.registered_employees": "Number of employees registered for the month.",
    "tax_filings.reported_payroll": "Payroll reported for the month, DKK.",
    "tax_filings.withheld_income_tax": "Income tax withheld for the month, DKK.",
    "tax_filings.labour_market_contribution": "Labour-market contribution (AM-bidrag) for the month, DKK.",
    "tax_filings.vat_paid": "VAT paid for the month, DKK.",
    "tax_filings.reported_revenue": "Revenue reported for the month, DKK.",
    "company_roles.role": "director, owner, founder or signatory.",
    "party_addresses.street": "Street and number.",
    "party_addresses.postcode": "Postcode, kept as text.",
    "party_addresses.country": "ISO2 country of the address.",
    "party_addresses.address_type": "residence, registered_office or short_term_rental.",
    "party_contacts.contact_type": "phone or email.",
    "party_contacts.contact_value": "The phone number or email address.",
    "party_contacts.first_seen": "When the partner first saw the party use the contact.",
    "phone_subscriptions.phone_number": "The subscribed phone number.",
    "phone_subscriptions.subscriber_party_id": "party_id of the subscriber; null for anonymous prepaid cards.",
    "phone_subscriptions.contract_type": "prepaid or postpaid.",
    "phone_subscriptions.activated_at": "When the subscription was activated.",
    "phone_subscriptions.deactivated_at": "When the subscription ended; null while active.",
    "online_ads.ad_id": "Identifier of the ad.",
    "online_ads.site_category": "escort, dating, job or classifieds.",
    "online_ads.contact_phone": "Contact phone number given in the ad.",
    "online_ads.contact_email": "Contact email given in the ad.",
    "online_ads.profile_handle": "Profile handle of the ad or dating profile.",
    "online_ads.ad_text": "Text of the ad.",
    "online_ads.price_dkk": "Price stated in the ad, DKK.",
    "social_posts.post_id": "Identifier of the post.",
    "social_posts.group_name": "Name of the group the post was made in.",
    "social_posts.group_audience_nationality": "ISO2 nationality the group targets, when it targets one.",
    "social_posts.author_handle": "Handle of the post's author.",
    "social_posts.author_phone": "Phone number of the author, when the platform knows it.",
    "social_posts.post_type": "job_offer, marriage_offer or other.",
    "social_posts.promised_monthly_pay_dkk": "Monthly pay the post promises, DKK.",
    "social_posts.redirects_to_encrypted_app": "True when the post asks readers to continue on an end-to-end encrypted app.",
    "social_posts.post_text": "Text of the post.",
    "platform_signals.signal_id": "Identifier of the signal.",
    "platform_signals.signal_type": "location_sharing, remote_wipe or sextortion_threat.",
    "platform_signals.subject_phone": "location_sharing: the phone whose location is shared; remote_wipe: the phone wiped; sextortion_threat: the target.",
    "platform_signals.subject_handle": "Handle of the subject.",
    "platform_signals.counterpart_phone": "location_sharing: the viewer; remote_wipe: who triggered it; sextortion_threat: the threatening side.",
    "platform_signals.counterpart_handle": "Handle of the counterpart.",
    "rental_bookings.booking_id": "Identifier of the booking.",
    "rental_bookings.guest_party_id": "party_id of the guest, when known.",
    "rental_bookings.guest_phone": "Phone number of the guest.",
    "rental_bookings.address_id": "Address key of the rented place.",
    "rental_bookings.city": "City of the rented place.",
    "rental_bookings.check_in": "Check-in date.",
    "rental_bookings.check_out": "Check-out date.",
    "rental_bookings.paid_by_account_id": "Account that paid for the booking.",
    "frontline_observations.observation_id": "Identifier of the observation form.",
    "frontline_observations.party_id": "party_id of the person observed.",
    "frontline_observations.org_type": "Organisation that filled in the form: bank, authority, tax, police or municipality.",
    "frontline_observations.context": "account_opening, residence_application, branch_visit, inspection or other.",
    "frontline_observations.third_party_spoke": "A third party spoke on the person's behalf.",
    "frontline_observations.looked_to_third_party": "The person looked to a third party before answering.",
    "frontline_observations.accompanied_by_party_id": "party_id of the accompanying person, when known.",
    "frontline_observations.poor_appearance": "Poor clothing or personal hygiene observed.",
    "frontline_observations.malnourished": "The person seemed malnourished.",
    "frontline_observations.no_local_language": "The person had little or no Danish or English.",
    "frontline_observations.notes": "Free-text notes of the observer.",
    "fx_rates.rate_date": "Date the rate applies from; it converts bookings of that day and later days until the next rate.",
    "fx_rates.currency": "ISO 4217 code, or another code a partner uses (XBT).",
    "fx_rates.dkk_per_unit": "DKK for one unit of the currency; must be positive.",
}


def column_entry(table: str, name: str, spec: dict) -> dict:
    description = SPECIFIC.get(f"{table}.{name}") or GENERIC.get(name)
    if description is None:
        raise SystemExit(f"no description for {table}.{name}")
    meta: dict = {"contract_type": spec["type"], "required": bool(spec.get("required", False))}
    if "values" in spec:
        meta["allowed_values"] = list(spec["values"])
    if (table, name) in NORMALISE:
        meta["normalise"] = NORMALISE[(table, name)]
    if (table, name) in MONEY:
        meta["currency_column"] = MONEY[(table, name)]
    if (table, name) in POSITIVE:
        meta["positive"] = True
    if spec.get("note"):
        meta["contract_note"] = spec["note"]
    return {"name": name, "description": description, "meta": meta}


def main() -> None:
    contract = yaml.safe_load((ROOT / "contract" / "landing.yml").read_text())
    tables = []
    for table, spec in contract["tables"].items():
        key = spec["key"] if isinstance(spec["key"], list) else [spec["key"]]
        meta = {"key": key, "delivered_by": spec["from"]}
        if table in ORDERED:
            meta["ordered_pairs"] = ORDERED[table]
        if table in CURRENCY_DATE:
            meta["currency_date"] = CURRENCY_DATE[table]
        tables.append(
            {
                "name": table,
                "description": f"Landing extract '{table}', delivered by {spec['from']}. "
                f"Grain: one row per {', '.join(key)}. Every Parquet and CSV file in "
                f"the landing folder '{table}/', registered as a view before the run.",
                "meta": meta,
                "columns": [column_entry(table, c, s) for c, s in spec["columns"].items()],
            }
        )
    doc = {
        "version": 2,
        "sources": [
            {
                "name": "landing",
                "description": "Partners' extracts as they land, read as text (CSV) or as written "
                "(Parquet), with the file each row came from, its record number in that file and the "
                "file's CSV delimiter. "
                "Registered by the macro register_landing_tables at the start of every run. "
                "Column metadata (contract_type, required, allowed_values, normalise) drives "
                "the validation in staging. Transcribed from contract/landing.yml by "
                "scripts/write_landing_sources.py.",
                "schema": "landing",
                "tables": tables,
            }
        ],
    }
    out = ROOT / "models" / "staging" / "landing" / "_landing__sources.yml"
    header = "# Generated from contract/landing.yml by scripts/write_landing_sources.py; edit the script, not this file.\n"
    out.write_text(header + yaml.safe_dump(doc, sort_keys=False, width=100, allow_unicode=True))
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
