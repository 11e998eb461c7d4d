"""coach.lpr: the dated LPR table of rules.md §2.2 and the 4 x LPR cap."""

import json
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from coach.errors import CoachError
from coach.lpr import (
    NEW_RULE_FROM,
    caps_in_month,
    default_table,
    filing_cap,
    is_stale,
    lpr_on,
    parse_table,
    private_lending_cap,
    table_age_days,
)
from coach.money import D


def raw_table() -> dict[str, Any]:
    text = resources.files("coach").joinpath("data/lpr.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# rules.md §2.2, row by row: from date, 1Y LPR %, 4 x LPR %
RULES_MD_TABLE = [
    ("2019-08-20", "4.25", "17.00"),
    ("2019-09-20", "4.20", "16.80"),
    ("2019-11-20", "4.15", "16.60"),
    ("2020-02-20", "4.05", "16.20"),
    ("2020-04-20", "3.85", "15.40"),
    ("2021-12-20", "3.80", "15.20"),
    ("2022-01-20", "3.70", "14.80"),
    ("2022-08-22", "3.65", "14.60"),
    ("2023-06-20", "3.55", "14.20"),
    ("2023-08-21", "3.45", "13.80"),
    ("2024-07-22", "3.35", "13.40"),
    ("2024-10-21", "3.10", "12.40"),
    ("2025-05-20", "3.00", "12.00"),
]


@pytest.mark.parametrize(("start", "lpr", "cap"), RULES_MD_TABLE)
def test_table_matches_rules_md(start: str, lpr: str, cap: str) -> None:
    d = date.fromisoformat(start)
    assert lpr_on(d) == D(lpr) / 100
    if d >= NEW_RULE_FROM:
        assert private_lending_cap(d) == D(cap) / 100


def test_every_entry_has_a_source_and_a_confidence_mark() -> None:
    for entry in default_table().entries:
        assert entry.source.strip()
        assert entry.confidence in {"V1", "V2", "V3", "R"}
    assert raw_table()["compiled_from"].startswith("shared/domain/rules.md")


@pytest.mark.parametrize(
    ("d", "lpr"),
    [
        (date(2025, 5, 19), "0.031"),
        (date(2025, 5, 20), "0.03"),
        (date(2026, 6, 1), "0.03"),
        (date(2022, 8, 21), "0.037"),
        (date(2022, 8, 22), "0.0365"),
    ],
)
def test_lpr_on_looks_up_the_rate_in_force(d: date, lpr: str) -> None:
    assert lpr_on(d) == D(lpr)


def test_cap_is_12pct_since_2025_05_20() -> None:
    # rates.md: "the rate has been 3.00% since 2025-05-20, so the cap is 12.00%"
    assert private_lending_cap(date(2026, 1, 1)) == D("0.12")


@pytest.mark.parametrize("filed", [date(2026, 1, 1), date(2025, 5, 20)])
def test_contracts_before_2020_08_20_use_the_cap_at_filing(filed: date) -> None:
    # rules.md §2.1g (art. 31 ¶2): from 2020-08-20 the cap is 4 x the LPR in force when
    # the suit is filed, not at the contract date: 4 x 3.00% = 12.00%; never 24%/36%.
    assert filing_cap(filed) == D("0.12")
    assert filing_cap(date(2024, 10, 20)) == D("0.134")  # 4 x 3.35%


def test_there_is_no_contract_date_cap_before_the_first_lpr() -> None:
    # art. 25 ¶2: the LPR exists from 2019-08-20 only.
    with pytest.raises(CoachError) as info:
        private_lending_cap(date(2019, 6, 1))
    assert info.value.code == "lpr.no_data"


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        # October 2024: 3.35% until the 20th, 3.10% from the 21st -> 13.40% or 12.40%.
        (date(2024, 10, 1), ((date(2024, 10, 1), "0.134"), (date(2024, 10, 21), "0.124"))),
        (date(2024, 11, 1), ((date(2024, 11, 1), "0.124"),)),
        # May 2025: 3.10% until the 19th, 3.00% from the 20th -> 12.40% or 12.00%.
        (date(2025, 5, 1), ((date(2025, 5, 1), "0.124"), (date(2025, 5, 20), "0.12"))),
    ],
)
def test_caps_in_a_month(month: date, expected: tuple[tuple[date, str], ...]) -> None:
    assert caps_in_month(month) == tuple((d, D(c)) for d, c in expected)


def test_lpr_before_the_table_is_an_error_with_a_code() -> None:
    with pytest.raises(CoachError) as info:
        lpr_on(date(2019, 1, 1))
    assert info.value.code == "lpr.no_data"
    assert info.value.params == {"date": date(2019, 1, 1), "first_date": date(2019, 8, 20)}


def test_staleness_counts_from_the_last_check() -> None:
    verified = date.fromisoformat(raw_table()["verified_through"])
    assert table_age_days(verified) == 0
    assert not is_stale(date.fromordinal(verified.toordinal() + 60))
    assert is_stale(date.fromordinal(verified.toordinal() + 61))
    assert is_stale(date.fromordinal(verified.toordinal() + 10), max_age_days=5)


@pytest.mark.parametrize(
    ("mutate", "reason_part"),
    [
        (lambda t: t.update(entries=[]), "no entries"),
        (lambda t: t["entries"].reverse(), "order"),
        (lambda t: t["entries"][0].update(rate="25"), "range"),
        (lambda t: t["entries"][0].update(source=" "), "source"),
        (lambda t: t["entries"][0].update(rate=""), "malformed"),
        (lambda t: t.pop("verified_through"), "malformed"),
    ],
)
def test_parse_table_validates_the_operator_file(mutate: Any, reason_part: str) -> None:
    table = raw_table()
    mutate(table)
    with pytest.raises(CoachError) as info:
        parse_table(table)
    assert info.value.code == "lpr.table_invalid"
    assert reason_part in info.value.params["reason"]


def test_a_custom_table_can_be_passed() -> None:
    table = raw_table()
    table["entries"].append({"from": "2026-07-21", "rate": "2.90", "source": "test"})
    table["verified_through"] = "2026-07-21"
    custom = parse_table(table)
    assert lpr_on(date(2026, 8, 1), custom) == Decimal("0.029")
    assert private_lending_cap(date(2026, 8, 1), custom) == Decimal("0.116")
    assert table_age_days(date(2026, 8, 1), custom) == 11
