"""The leaflet's three cases as composite scenarios (several instances each)."""
from __future__ import annotations

import datetime as dt

from ..kit import Kit, at, day
from ..timeline import PAYDAYS

JUTLAND = ["Aarhus", "Herning", "Vejle", "Horsens", "Silkeborg", "Randers", "Viborg", "Kolding"]


def yousef(k: Kit, sid: str, i: int) -> None:
    """criminal_exploitation_minor: Moroccan boys run, tracked and accompanied by a gang member."""
    sc = "criminal_exploitation_minor"
    gang = k.person("MA", "M", birth="1994-08-1%d" % (i % 9))
    base = day(f"2025-0{2 + i % 6}-01")
    phones = [k.phone(gang, cc, "prepaid", subscriber=j < 2, activated=base + dt.timedelta(days=j * 15))
              for j, cc in enumerate(["45", "45", "45", "33", "45"])]          # R07: 5 prepaid, +45 and +33
    viewer = phones[0]
    boys = []
    for j in range(4 + i % 2):
        b = k.person("MA", "M", birth=f"20{8 + j % 2:02d}-0{1 + j}-1{i % 9}", residence="DK")
        bph = k.phone(b, "45", "prepaid", activated=base - dt.timedelta(days=20))
        boys.append(b)
        k.signal("Snapchat", at(base + dt.timedelta(days=5 + j * 9), 22), "location_sharing", subject_phone=bph,
                 counterpart_phone=viewer, details="Snap Map location shared with the same account")          # R01
        k.observe(b, at(base + dt.timedelta(days=30 + j * 4), 11), "municipality" if j % 2 else "police", "other",
                  spoke=True, looked=True, companion=gang, poor=True, malnourished=j == 0, no_lang=True,
                  notes="a young man answered for the boy; boy thin, dirty clothes, only Arabic")              # B01 B02 B03
        inds = ["B01", "B02", "B03", "R01"]
        if j == 0:                                                                                             # R08
            k.signal("Messenger", at(base + dt.timedelta(days=50), 23), "sextortion_threat", subject_phone=bph,
                     counterpart_phone=phones[3], details="threat to share a video of the boy")
            inds.append("R08")
        k.truth("party", b, sid, sc, "victim", inds)
    k.truth("party", gang, sid, sc, "trafficker", "B01,R01,R07,R08")


def svetlana(k: Kit, sid: str, i: int) -> None:
    """sexual_exploitation_telegram: Telegram job ad, escort ads, mobile payments, rental rotation, remote wipe."""
    sc = "sexual_exploitation_telegram"
    boss = k.person("UA" if i % 2 else "DK", "M")
    bph = k.phone(boss, "45", "prepaid", subscriber=False)
    bacc = k.account(boss, "Danske Bank")
    bwallet = k.account(boss, "MobilePay", "wallet", phone=bph)
    v = k.person("UA", "F", birth=f"199{i % 9}-04-12")
    vph = k.phone(v, "380", "prepaid", activated="2024-12-01")
    vacc = k.account(v, "Lunar", opened="2025-02-01")
    start = day(f"2025-0{2 + i % 5}-01")
    # R05 + R06: Telegram job ads promising 7,000 EUR (52,000 DKK), in two Ukrainian groups, redirecting to Telegram
    for j, g in enumerate(["Робота в Європі для жінок", "Українки в Данії", "Українці в Скандинавії"]):
        k.post("Telegram", g, "UA", at(start - dt.timedelta(days=28 - j * 8), 20), f"EuroJobs_{i}", phone=bph, pay=52000.0,
               redirect=True, text="Earn 7.000 euro in Denmark in 3 months. Write in private")
    # F03 + R02: escort ads and a dating profile with the boss's phone; F02: he pays the escort sites
    for j in range(3):
        site = k.ctx.ref.escort_merchants[(i + j) % len(k.ctx.ref.escort_merchants)]
        k.ad(site, "escort", at(start + dt.timedelta(days=14 * j), 21), phone=bph, text="Ny ukrainsk pige", city=JUTLAND[j], price=1000.0)
        k.txn(bacc, at(start + dt.timedelta(days=14 * j - 1), 22), "out", k.uniform(399, 799), "card", merchant_name=f"{site}.dk",
              merchant_category_code="7311")
    k.txn(bacc, at(start + dt.timedelta(days=50), 22), "out", 499, "card", merchant_name="Escortguide.dk", merchant_category_code="7311")
    k.ad("Tinder", "dating", at(start + dt.timedelta(days=3), 22), phone=bph, handle=f"anya_{i}", text="Ny i Jylland")
    # F04: clients' phones pay the boss by MobilePay, 600-1000 DKK, 16 payers per 30 days for two months
    for j in range(32):
        k.txn(bwallet, at(start + dt.timedelta(days=int(j * 1.8)), k.uniform(13, 23)), "in", round(k.uniform(600, 1000) / 50) * 50,
              "mobile_payment", counterparty_phone=k.ctx.phones.one("45"), counterparty_name=k.name_for("DK", "M"),
              counterparty_country="DK")
    # R03: she moves every 10-11 days through six rentals in Jutland, booked and paid by the boss; F10: cash deposits per city
    d0 = start
    for j in range(6):
        nights = 10 + j % 2
        city = JUTLAND[(i + j) % len(JUTLAND)]
        k.booking("Airbnb", k.address(city), city, d0, nights, guest=v, guest_phone=vph, paid_by=bacc)
        k.txn(bacc, at(d0 - dt.timedelta(days=1), 20), "out", 700 * nights, "card", merchant_name="Airbnb", merchant_category_code="7011")
        for r in range(2):
            k.txn(vacc, at(d0 + dt.timedelta(days=2 + 4 * r), 16), "in", round(k.uniform(2000, 6000), -2), "cash_deposit",
                  location_city=city, location_id=f"ATM-{city[:3].upper()}-{r + 1}")
        d0 = d0 + dt.timedelta(days=nights)
    # R04: when the police knock, the boss wipes the Telegram chat from her phone
    k.signal("Telegram", at(d0 - dt.timedelta(days=2), 23.7), "remote_wipe", subject_phone=vph, counterpart_phone=bph,
             details="chat deleted remotely during police visit")
    k.truth("party", v, sid, sc, "victim", "F10,R03,R04")
    k.truth("party", boss, sid, sc, "trafficker", "F02,F03,F04,R02,R03,R04,R05,R06")


def chen_ying(k: Kit, sid: str, i: int) -> None:
    """labour_exploitation_pay_limit: restaurant, pay-limit workers, cash returned, WeChat pocket money, housing, agent."""
    sc = "labour_exploitation_pay_limit"
    city = ["Aalborg", "Odense", "Kolding", "Randers", "Roskilde"][i % 5]
    co, cacc = k.company("56.10", f"Hubei Kitchen {i} ApS", "Chinese restaurant", city=city, onboarded="2021-09-01")
    owner = k.person("CN", "M", birth="1975-01-15")
    k.role(co, owner, "owner", "2021-09-01")
    k.role(co, owner, "director", "2021-09-01")
    home = k.address(city)
    k.reside(owner, home, valid_from="2021-10-01")
    oph = k.phone(owner)
    oacc = k.account(owner, "Danske Bank")
    owallet = k.account(owner, "WeChat Pay", "wallet", phone=oph)
    k.income(cacc, list(range(12)), 45000, name="Nets Denmark A/S")          # ~540k: below the F16 turnover bar
    k.companies[co]["registered"] = 2                                        # F13: registers 2 of its 6 workers
    k.companies[co]["tax_per_worker"] = 1500.0                               # ... and withholds little
    # the agent: recruits in Chinese groups (R05, R06), pays flights and embassy fees (F11)
    agent = k.person("CN", "M", birth="1980-06-06", residence="DK")
    aph = k.phone(agent, "86")
    aacc = k.account(agent, "Nordea")
    for j, g in enumerate(["丹麦华人工作群", "北欧华人招聘", "欧洲华人打工"]):
        k.post("WeChat", g, "CN", at(f"2025-0{1 + j}-0{3 + i % 5}", 20), f"agent_wang_{i}", phone=aph, pay=48000.0,
               text="丹麦餐厅招聘, 月薪48000克朗, 包办签证")
    for j in range(5):
        k.txn(aacc, at(f"2025-0{1 + j}-1{i % 9}", 11), "out", k.uniform(4500, 7500), "card",
              merchant_name=["Air China", "Ctrip Travel"][j % 2], merchant_category_code=["3233", "4722"][j % 2])
    for j in range(3):
        k.txn(aacc, at(f"2025-0{1 + 2 * j}-2{i % 8}", 10), "out", k.uniform(700, 1500), "card",
              merchant_name="Embassy of Denmark Beijing", counterparty_name="Royal Danish Embassy Beijing visa",
              merchant_category_code="9399", counterparty_country="CN")
    k.truth("party", agent, sid, sc, "trafficker", "F11,R05,R06")
    # the workers
    for j in range(6):
        w = k.person("CN", "M", birth=f"19{85 + j}-0{1 + j}-2{i % 8}")
        wph = k.phone(w)
        wacc = k.account(w, "Danske Bank", opened="2024-09-20")
        wwallet = k.account(w, "WeChat Pay", "wallet", phone=wph)
        k.reside(w, home, valid_from="2024-10-01")                                            # F14
        pays = k.employ(co, w, wacc, [37000.0] * 12, scheme="pay_limit", title="Chef", start="2024-10-01")   # F12
        for m, (paid, net) in enumerate(pays):
            k.txn(wacc, paid + dt.timedelta(days=1, hours=3), "out", round(net * 0.86, -2), "cash_withdrawal",
                  location_city=city, location_id=f"ATM-{city[:3].upper()}-1")                # F08
            if m % 2 == 0:                                                                     # F17: 4,000-7,000 on WeChat
                k.transfer(owallet, wwallet, paid + dt.timedelta(days=6), round(k.uniform(4000, 7000), -2), k.names[owner],
                           k.names[w], channel="wallet", src_phone=oph, dst_phone=wph)
            k.txn(wwallet, paid + dt.timedelta(days=8), "out", round(k.uniform(1500, 2500), -2), "wallet",
                  counterparty_name=f"{k.name_for('CN', 'F')} {j}{i}{m}", counterparty_country="CN", reference="家用")
        k.truth("party", w, sid, sc, "victim", "F08,F12,F14,F17")
    # F07: the owner banks the handed-over cash just under the threshold at three branches
    for m in range(12):
        for r in range(4):
            d0 = PAYDAYS[m].astype(dt.date) + dt.timedelta(days=3 + r * 5)
            if d0.year > 2025:
                continue
            k.txn(oacc, at(d0, 12.5), "in", k.uniform(18600, 19800), "cash_deposit", location_city=city,
                  location_id=f"BR-{city[:3].upper()}-{r % 3 + 1}")
    k.truth("party", owner, sid, sc, "trafficker", "F07,F17")
    k.truth("party", co, sid, sc, "trafficker", "F08,F12,F13,F14")
    k.truth("address", home, sid, sc, "trafficker", "F14")


COMPOSITES = {
    "yousef": yousef,
    "svetlana": svetlana,
    "chen": chen_ying,
}
