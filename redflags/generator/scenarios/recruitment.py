"""R01-R08: recruitment, coercion and surveillance."""
from __future__ import annotations

import datetime as dt

from ..kit import Kit, at, day


# ---------------------------------------------------------------- R01
def r01_pos(k: Kit, sid: str, i: int) -> None:
    viewer = k.person("DK", "M")
    vph = k.phone(viewer)
    start = day(f"2025-0{2 + i % 7}-01")
    for j in range(4 + i % 2):          # one phone follows four or five other phones within 60 days
        v = k.person("RO", "F")
        ph = k.phone(v)
        k.signal(k.choice(["Snapchat", "Find My", "Google Maps"]), at(start + dt.timedelta(days=j * 12), 21), "location_sharing",
                 subject_phone=ph, counterpart_phone=vph, details="live location shared continuously")
        k.truth("party", v, sid, "R01_location_surveillance", "victim", "R01")
    k.truth("party", viewer, sid, "R01_location_surveillance", "trafficker", "R01")


def r01_look(k: Kit, sid: str, i: int) -> None:
    parent = k.person("DK", "F", birth="1978-04-04")
    pph = k.phone(parent)
    k.truth("party", parent, sid, "lookalike_R01_parent_two_children", "benign_lookalike")
    for j in range(2):
        child = k.person("DK", birth=f"201{j + 1}-06-06")
        cph = k.phone(child)
        k.signal("Find My", at(f"2025-0{3 + i % 6}-1{j}", 17), "location_sharing", subject_phone=cph, counterpart_phone=pph,
                 details="family sharing")
        k.truth("party", child, sid, "lookalike_R01_parent_two_children", "benign_lookalike")


# ---------------------------------------------------------------- R02
def r02_pos(k: Kit, sid: str, i: int) -> None:
    month = 2 + i % 7
    if i % 3 == 1:     # a dating profile carrying the '$' marker, contact phone owned by a party
        p = k.person("DK", "M")
        ph = k.phone(p)
        k.ad("Tinder", "dating", at(f"2025-0{month}-04", 22), phone=ph, handle=f"Sweet_Nina{i}$", text="$ kun seriøse henvendelser",
             city="Aarhus")
        k.truth("party", p, sid, "R02_dollar_marker_profile", "trafficker", "R02")
    elif i % 3 == 2:   # the same unowned phone on an escort site and a dating site
        ph = k.phone(None, "45", "prepaid", subscriber=False, contact=False)
        k.ad(k.choice(k.ctx.ref.escort_merchants), "escort", at(f"2025-0{month}-05", 22), phone=ph, text="Ny i byen", city="Odense",
             price=1200.0)
        k.ad("Dating.dk", "dating", at(f"2025-0{month}-09", 21), phone=ph, handle=f"lise_{i}", text="Søger hygge", city="Odense")
        k.truth("phone", ph, sid, "R02_same_contact_escort_and_dating", "trafficker", "F03,R02")
    else:              # the same owned e-mail on an escort site and a dating site
        p = k.person("RO", "M")
        em = k.email(p, f"Diamond.Girls{i}@gmail.com")
        k.ad(k.choice(k.ctx.ref.escort_merchants), "escort", at(f"2025-0{month}-12", 23), email=em, text="VIP escort", city="København",
             price=1500.0)
        k.ad("Happy Pancake", "dating", at(f"2025-0{month}-14", 20), email=em, handle=f"diamond_{i}", text="Ny profil", city="København")
        k.truth("party", p, sid, "R02_same_contact_escort_and_dating", "trafficker", "F03,R02")


def r02_look(k: Kit, sid: str, i: int) -> None:
    p = k.person("DK", k.choice("FM"))
    ph = k.phone(p)
    for j in range(2):
        k.ad(["Dating.dk", "Tinder"][j], "dating", at(f"2025-0{3 + i % 6}-0{j + 1}", 21), phone=ph, handle=f"glad_cykelrytter_{i}",
             text="Glad for naturen og gode middage", city="Roskilde")
    k.truth("party", p, sid, "lookalike_R02_ordinary_dating_profile", "benign_lookalike")


# ---------------------------------------------------------------- R03
def r03_pos(k: Kit, sid: str, i: int) -> None:
    guest = k.person("UA" if i % 2 else "RO", "F")
    gph = k.phone(guest, "380" if i % 2 else "40")
    payer = k.person("DK", "M")
    pacc = k.account(payer, "Nordea")
    d0 = day(f"2025-0{2 + i % 6}-02")
    cities = ["Aarhus", "Herning", "Vejle", "Horsens", "Silkeborg"]
    for j in range(4 + i % 2):          # 4-5 different addresses, 10-11 nights each, paid by someone else
        nights = 10 + j % 2
        city = cities[j]
        k.booking("Airbnb", k.address(city), city, d0, nights, guest=guest, guest_phone=gph, paid_by=pacc)
        k.txn(pacc, at(d0 - dt.timedelta(days=2), 21), "out", 650 * nights, "card", merchant_name="Airbnb", merchant_category_code="7011")
        d0 = d0 + dt.timedelta(days=nights)
    k.truth("party", guest, sid, "R03_short_term_rental_rotation", "victim", "R03")
    k.truth("party", payer, sid, "R03_short_term_rental_rotation", "trafficker", "R03")


def r03_look(k: Kit, sid: str, i: int) -> None:
    t = k.person("DK")
    acc = k.account(t, "Danske Bank")
    d0 = day(f"2025-0{5 + i % 4}-0{1 + i % 8}")
    for j, city in enumerate(["Skagen", "Aalborg"]):   # one trip, two bookings, self-paid
        k.booking("Booking.com", k.address(city), city, d0 + dt.timedelta(days=4 * j), 4, guest=t, paid_by=acc)
    k.truth("party", t, sid, "lookalike_R03_tourist_two_bookings", "benign_lookalike")


# ---------------------------------------------------------------- R04
def r04_pos(k: Kit, sid: str, i: int) -> None:
    boss = k.person("DK", "M")
    bph = k.phone(boss)
    v = k.person("UA", "F")
    vph = k.phone(v, "380")
    k.signal("Telegram", at(f"2025-0{3 + i % 6}-17", 23.5), "remote_wipe", subject_phone=vph, counterpart_phone=bph,
             details="conversation deleted remotely by the other participant")
    k.truth("party", boss, sid, "R04_remote_wipe", "trafficker", "R04")
    k.truth("party", v, sid, "R04_remote_wipe", "victim", "R04")


def r04_look(k: Kit, sid: str, i: int) -> None:
    p = k.person()
    a, b = k.phone(p), k.phone(p)      # the owner wipes their own lost phone from their second phone
    k.signal("Signal", at(f"2025-0{3 + i % 6}-02", 9), "remote_wipe", subject_phone=a, counterpart_phone=b,
             details="owner wiped a lost device")
    k.truth("party", p, sid, "lookalike_R04_own_lost_phone", "benign_lookalike")


# ---------------------------------------------------------------- R05
def r05_pos(k: Kit, sid: str, i: int) -> None:
    when = at(f"2025-0{2 + i % 7}-15", 19)
    if i % 2:      # promises 55,000 DKK a month; the author's phone resolves to a party
        p = k.person("DK", "M")
        ph = k.phone(p)
        k.post("Facebook", "Jobs in Europe", None, when, f"Euro_Jobs_{i}", phone=ph, pay=55000.0,
               text="Cleaning job in Denmark, 55.000 kr per month, housing included")
        k.truth("party", p, sid, "R05_job_ad_too_good", "trafficker", "R05")
    else:          # realistic pay, but moves the talk to Telegram; no phone: the handle is flagged
        h = f"Work_Abroad_Agent{i}"
        k.post("Facebook", "Arbejde i Danmark", None, when, h, pay=26000.0, redirect=True,
               text="Write me on Telegram for details, do not comment here")
        k.truth("handle", h, sid, "R05_job_ad_redirected", "trafficker", "R05")


def r05_look(k: Kit, sid: str, i: int) -> None:
    p = k.person()
    ph = k.phone(p)
    k.post("Facebook", "Job i København", None, at(f"2025-0{2 + i % 7}-20", 10), f"hr_{i}_kbh", phone=ph, pay=28000.0,
           text="Vi søger en opvasker. Overenskomst. Send ansøgning til job@kokken.dk")
    k.truth("party", p, sid, "lookalike_R05_ordinary_job_post", "benign_lookalike")


# ---------------------------------------------------------------- R06
def r06_pos(k: Kit, sid: str, i: int) -> None:
    d0 = day(f"2025-0{2 + i % 6}-05")
    if i % 2:      # job offers in three nationality groups within 40 days, phone resolves to a party
        p = k.person("DK", "M")
        ph = k.phone(p)
        groups = [("Українці в Данії", "UA"), ("Робота в Скандинавії для українців", "UA"), ("Polacy w Danii", "PL")]
        for j, (g, aud) in enumerate(groups):
            k.post("Facebook", g, aud, at(d0 + dt.timedelta(days=j * 20), 20), f"nordic_work_{i}", phone=ph, pay=30000.0,
                   text="Work in greenhouses, contract and housing")
        k.truth("party", p, sid, "R06_nationality_group_recruitment", "trafficker", "R06")
    else:          # marriage offers in two nationality groups; only a handle
        h = f"@Happy_Marriage_DK{i}"
        for j, (g, aud) in enumerate([("Filipinos in Denmark", "PH"), ("Thai ladies in Denmark", "TH"),
                                      ("Pinoy Scandinavia", "PH")]):
            k.post("Facebook", g, aud, at(d0 + dt.timedelta(days=j * 15), 21), h, post_type="marriage_offer",
                   text="Danish gentlemen seek wives, we arrange everything")
        k.truth("handle", h, sid, "R06_nationality_group_recruitment", "trafficker", "R06")


def r06_look(k: Kit, sid: str, i: int) -> None:
    p = k.person("UA", "F")
    ph = k.phone(p)
    if i % 2:
        k.post("Facebook", "Українці в Данії", "UA", at(f"2025-0{3 + i % 6}-08", 18), f"olena_k_{i}", phone=ph, post_type="other",
               text="Easter concert on Saturday, everyone welcome")
        sc = "lookalike_R06_community_event"
    else:
        k.post("Facebook", "Українці в Данії", "UA", at(f"2025-0{3 + i % 6}-08", 18), f"olena_k_{i}", phone=ph,
               pay=27000.0, text="Our bakery needs one more baker, contract per overenskomst")
        sc = "lookalike_R06_single_group_job_post"
    k.truth("party", p, sid, sc, "benign_lookalike")


# ---------------------------------------------------------------- R07
def r07_pos(k: Kit, sid: str, i: int) -> None:
    p = k.person("DK", "M")
    base = day(f"2025-0{1 + i % 5}-10")
    if i % 2:      # five prepaid Danish numbers in 100 days, three of them anonymous
        for j in range(5):
            k.phone(p, "45", "prepaid", subscriber=j < 2, activated=base + dt.timedelta(days=j * 25))
        k.truth("party", p, sid, "R07_many_prepaid_numbers", "trafficker", "R07")
    else:          # three prepaid numbers with three country codes
        for j, cc in enumerate(["45", "48", "40"]):
            k.phone(p, cc, "prepaid", subscriber=j == 0, activated=base + dt.timedelta(days=j * 20))
        k.truth("party", p, sid, "R07_numbers_several_country_codes", "trafficker", "R07")


def r07_look(k: Kit, sid: str, i: int) -> None:
    p = k.person()
    k.phone(p, "45", "postpaid", activated="2019-02-01")
    k.phone(p, "45", "postpaid", activated="2025-03-01")
    k.truth("party", p, sid, "lookalike_R07_work_and_private_number", "benign_lookalike")


# ---------------------------------------------------------------- R08
def r08_pos(k: Kit, sid: str, i: int) -> None:
    v = k.person("MA", "M", birth="2005-03-03")
    vph = k.phone(v)
    when = at(f"2025-0{3 + i % 6}-22", 23)
    if i % 2:
        t = k.person("DK", "M")
        tph = k.phone(t)
        k.signal("Snapchat", when, "sextortion_threat", subject_phone=vph, counterpart_phone=tph, details="threat to share video")
        k.truth("party", t, sid, "R08_sextortion_threat", "trafficker", "R08")
    else:          # the threatening side is only known by its handle
        h = f"Shadow_Boss{i}"
        k.signal("Instagram", when, "sextortion_threat", subject_phone=vph, counterpart_handle=h, details="threat to publish images")
        k.truth("handle", h, sid, "R08_sextortion_threat", "trafficker", "R08")
    k.truth("party", v, sid, "R08_sextortion_threat", "victim", "R08")


def r08_look(k: Kit, sid: str, i: int) -> None:
    a, b = k.person("DK", "F"), k.person("DK", "M")
    pa, pb = k.phone(a), k.phone(b)
    k.signal("Find My", at(f"2025-0{3 + i % 6}-12", 18), "location_sharing", subject_phone=pa, counterpart_phone=pb,
             details="partners share locations")
    k.truth("party", a, sid, "lookalike_R08_partners_sharing_location", "benign_lookalike")
    k.truth("party", b, sid, "lookalike_R08_partners_sharing_location", "benign_lookalike")


SINGLES = {
    "R01": (r01_pos, r01_look), "R02": (r02_pos, r02_look), "R03": (r03_pos, r03_look), "R04": (r04_pos, r04_look),
    "R05": (r05_pos, r05_look), "R06": (r06_pos, r06_look), "R07": (r07_pos, r07_look), "R08": (r08_pos, r08_look),
}
