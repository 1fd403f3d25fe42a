"""B01-B03: frontline observations."""
from __future__ import annotations

from ..kit import Kit, at


def b01_pos(k: Kit, sid: str, i: int) -> None:
    sc = "B01_third_party_speaks"
    companion = k.person("RO", "M")
    for j in range(2 + i % 2):   # the same companion escorts two or three different people
        v = k.person("RO", "F", birth="1999-05-0%d" % (j + 1))
        k.observe(v, at(f"2025-0{3 + i % 6}-1{j}", 10.5 + j), "bank", "account_opening", spoke=True, companion=companion,
                  notes="the man with her answered every question and held her passport")
        k.truth("party", v, sid, sc, "victim", "B01")
    k.truth("party", companion, sid, sc, "trafficker", "B01")


def b01_look(k: Kit, sid: str, i: int) -> None:
    sc = "lookalike_B01_interpreter_once"
    elderly = k.person("DK", "F", birth="1936-02-11")
    helper = k.person("DK", "F", birth="1968-07-02")
    k.observe(elderly, at(f"2025-0{4 + i % 5}-07", 11), "bank", "branch_visit", companion=helper,
              notes="daughter came along to help with the net-bank set-up; the customer answered herself")
    k.truth("party", elderly, sid, sc, "benign_lookalike")
    k.truth("party", helper, sid, sc, "benign_lookalike")


def b02_pos(k: Kit, sid: str, i: int) -> None:
    v = k.person("BG", "M")
    k.observe(v, at(f"2025-0{5 + i % 4}-14", 9.5), "municipality", "other", poor=True, malnourished=bool(i % 2),
              notes="worn clothes, visibly tired and thin")
    k.truth("party", v, sid, "B02_poor_appearance", "victim", "B02")


def b02_look(k: Kit, sid: str, i: int) -> None:
    p = k.person("DK", "M")
    k.observe(p, at(f"2025-0{5 + i % 4}-20", 13), "tax", "inspection",
              notes="dusty work clothes straight from the building site; otherwise well")
    k.truth("party", p, sid, "lookalike_B02_work_clothes", "benign_lookalike")


def b03_pos(k: Kit, sid: str, i: int) -> None:
    v = k.person("UA", "F")
    k.observe(v, at(f"2025-0{2 + i % 7}-03", 14), "authority", "residence_application", no_lang=True,
              notes="no Danish or English")
    k.truth("party", v, sid, "B03_no_local_language", "victim", "B03")


def b03_look(k: Kit, sid: str, i: int) -> None:
    p = k.person("PL", "M")
    k.observe(p, at(f"2025-0{2 + i % 7}-09", 10), "bank", "account_opening",
              notes="new in Denmark, spoke fluent English")
    k.truth("party", p, sid, "lookalike_B03_fluent_newcomer", "benign_lookalike")


SINGLES = {
    "B01": (b01_pos, b01_look),
    "B02": (b02_pos, b02_look),
    "B03": (b03_pos, b03_look),
}
