"""Misconduct checks: the table by region, the night flag, call counts, third parties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from coach.conduct import (
    CONDUCT_RULES,
    Region,
    checks_for,
    findings,
    is_night,
    label_key,
    region_of,
    rule_for,
    third_party_breach,
)
from coach.contact_chain import seal
from coach.contacts import (
    Channel,
    Conduct,
    ContactEntry,
    Direction,
    Party,
    ThirdPartyContact,
)
from coach.lines import MARKS
from coach.timezones import zone

C = Conduct
SH, NY = "Asia/Shanghai", "America/New_York"


def at(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone(tz))


def call(when: datetime, tz: str = SH, *, party: Party = Party.AGENCY, attempts: int = 1,
         connected: bool | None = False, direction: Direction = Direction.INBOUND,
         channel: Channel = Channel.CALL, debt_id: int = 1) -> ContactEntry:
    return ContactEntry(debt_id=debt_id, occurred_at=when, tz=tz,
                        received_at=datetime(2026, 12, 31, tzinfo=UTC), direction=direction,
                        channel=channel, party=party, attempts=attempts, connected=connected)


def sealed(*drafts: ContactEntry) -> list[ContactEntry]:
    out: list[ContactEntry] = []
    for d in drafts:
        out.append(seal(d, out[-1] if out else None))
    return out


def found(entries, region):
    return [(f.conduct, f.reason, f.day, f.count) for f in findings(entries, region)]


# --- the table ----------------------------------------------------------------------------

CN_BUTTONS = [C.NIGHT_CONTACT, C.MANY_ATTEMPTS, C.MANY_CALLS, C.CONTACTS_MASS, C.THIRD_PARTY,
              C.THREATS, C.IMPERSONATION, C.FALSE_CLAIMS, C.PERSONAL_ACCOUNT, C.BORROW_TO_PAY,
              C.IMPROPER_VISIT]
US_BUTTONS = [C.NIGHT_CONTACT, C.CALL_FREQUENCY, C.THIRD_PARTY, C.FALSE_CLAIMS, C.IMPERSONATION]

# Every row: region, conduct -> sections (rules.md ids) and mark, as rules.md supports it.
ROWS = [
    (Region.CN, C.NIGHT_CONTACT, ("3.2c", "3.2a"), "V2"),
    (Region.CN, C.MANY_ATTEMPTS, ("3.2c",), "V2"),
    (Region.CN, C.MANY_CALLS, ("3.2a",), "V3"),  # the standard's content is V2/V3
    (Region.CN, C.CONTACTS_MASS, ("3.2c", "3.2a", "3.1f"), "V2"),
    (Region.CN, C.THIRD_PARTY, ("3.2c", "3.2a"), "V2"),
    (Region.CN, C.THREATS, ("3.2c", "3.1c"), "V2"),
    (Region.CN, C.IMPERSONATION, ("3.2c",), "V2"),
    (Region.CN, C.FALSE_CLAIMS, ("3.2c", "6.2f", "6.2d"), "V2"),
    (Region.CN, C.PERSONAL_ACCOUNT, ("3.2c",), "V2"),
    (Region.CN, C.BORROW_TO_PAY, ("3.2c",), "V2"),
    (Region.CN, C.IMPROPER_VISIT, ("3.2c", "3.1d"), "V2"),
    (Region.US, C.NIGHT_CONTACT, ("7b",), "V1"),
    (Region.US, C.CALL_FREQUENCY, ("7e",), "V1"),
    (Region.US, C.THIRD_PARTY, ("7c",), "V1"),
    (Region.US, C.FALSE_CLAIMS, ("7f",), "V1"),
    (Region.US, C.IMPERSONATION, ("7f",), "V1"),
]


@pytest.mark.parametrize(("region", "conduct", "sections", "mark"), ROWS)
def test_each_check_rests_on_its_rules_with_their_mark(region, conduct, sections, mark):
    rule = rule_for(region, conduct)
    assert rule is not None
    assert (rule.sections, rule.mark) == (sections, mark)
    assert rule.key == f"conduct.rule.{region.value}.{conduct.value}"
    assert rule.button == label_key(region, conduct)
    assert rule.explanation.sections == sections and rule.explanation.mark == mark


def test_the_table_has_no_row_the_tests_dont_know():
    known = {(r, c) for r, c, _, _ in ROWS}
    assert {(r.region, r.conduct) for r in CONDUCT_RULES if r.region is not Region.OTHER} == known
    assert all(r.mark in MARKS or r.mark is None for r in CONDUCT_RULES)


def test_other_regions_get_general_buttons_and_no_legal_claim():
    offer = checks_for(Region.OTHER, Party.AGENCY)
    assert offer.checks and all(r.sections == () and r.mark is None for r in offer.checks)
    assert {r.key for r in offer.checks} == {"conduct.rule.other"}
    assert [n.code for n in offer.notes] == ["conduct.other.rules_differ"]
    assert offer.rights == ()


@pytest.mark.parametrize("party", list(Party))
def test_china_offers_every_button_for_any_collector(party):
    offer = checks_for(Region.CN, party)
    assert [r.conduct for r in offer.checks] == CN_BUTTONS
    assert offer.notes == () and offer.rights == ()


@pytest.mark.parametrize(
    ("channel", "absent"),
    [
        (Channel.CALL, {C.IMPROPER_VISIT}),
        (Channel.VISIT, {C.MANY_ATTEMPTS, C.MANY_CALLS}),
        (Channel.LETTER, {C.NIGHT_CONTACT, C.MANY_ATTEMPTS, C.MANY_CALLS, C.IMPROPER_VISIT}),
    ],
)
def test_buttons_that_cant_apply_to_a_channel_are_left_out(channel, absent):
    shown = {r.conduct for r in checks_for(Region.CN, Party.AGENCY, channel).checks}
    assert shown == set(CN_BUTTONS) - absent


def test_us_checks_only_third_party_collectors():
    agency = checks_for(Region.US, Party.AGENCY)
    assert [r.conduct for r in agency.checks] == US_BUTTONS
    assert [(r.code, r.sections, r.mark) for r in agency.rights] == [
        ("conduct.us.right.cease", ("7d",), "V1"),
        ("conduct.us.right.validation", ("7g",), "V1")]
    assert agency.rights[1].params == {"days": 30}
    lender = checks_for(Region.US, Party.LENDER)
    assert lender.checks == () and [n.code for n in lender.notes] == ["conduct.us.original_creditor"]
    unknown = checks_for(Region.US, Party.UNKNOWN)
    assert [r.conduct for r in unknown.checks] == US_BUTTONS
    assert [(n.code, n.sections, n.mark) for n in unknown.notes] == [
        ("conduct.us.only_collectors", ("7a",), "V2")]


def test_the_third_party_button_asks_the_follow_up_questions():
    rule = rule_for(Region.CN, C.THIRD_PARTY)
    assert rule is not None
    assert rule.follow_ups == ("conduct.q.reachable", "conduct.q.debt_revealed")


@pytest.mark.parametrize(("value", "region"), [("cn", Region.CN), ("US", Region.US),
                                               ("other", Region.OTHER), (None, Region.OTHER),
                                               ("de", Region.OTHER)])
def test_region_of(value, region):
    assert region_of(value) is region


# --- third parties -------------------------------------------------------------------------

TP = [
    # region, reachable, revealed -> breach
    (Region.CN, True, False, True),  # reachable, so contacting others wasn't allowed
    (Region.CN, False, True, True),  # unreachable, but they told them about the debt
    (Region.CN, False, False, False),  # allowed: only to reach the user, debt not mentioned
    (Region.CN, None, None, None),
    (Region.CN, False, None, None),
    (Region.CN, None, True, True),
    (Region.US, True, False, False),  # a location call without the debt is allowed
    (Region.US, None, True, True),
    (Region.US, True, None, None),
    (Region.OTHER, True, True, None),
]


@pytest.mark.parametrize(("region", "reachable", "revealed", "breach"), TP)
def test_a_third_party_contact_breaks_the_rule_by_the_follow_up_answers(
        region, reachable, revealed, breach):
    assert third_party_breach(region, ThirdPartyContact("姐姐", reachable, revealed)) is breach
    assert third_party_breach(region, None) is None


# --- night -------------------------------------------------------------------------------

NIGHT = [
    (Region.CN, time(21, 59), False),
    (Region.CN, time(22, 0), True),
    (Region.CN, time(23, 59), True),
    (Region.CN, time(0, 0), True),
    (Region.CN, time(7, 59), True),
    (Region.CN, time(8, 0), False),
    (Region.US, time(20, 59), False),
    (Region.US, time(21, 0), True),
    (Region.US, time(7, 59), True),
    (Region.US, time(8, 0), False),
    (Region.OTHER, time(3, 0), False),
]


@pytest.mark.parametrize(("region", "t", "night"), NIGHT)
def test_the_night_boundaries(region, t, night):
    assert is_night(t, region) is night


def test_the_night_flag_uses_the_users_local_time():
    # 15:00 UTC is 23:00 in Shanghai (night) and 10:00 in New York (day).
    utc = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    cn = sealed(call(utc, SH))
    assert found(cn, Region.CN) == [(C.NIGHT_CONTACT, "night", date(2026, 11, 27), 1)]
    assert found(sealed(call(utc, NY)), Region.US) == []
    late = sealed(call(at(NY, 2026, 11, 27, 21, 0), NY))
    assert found(late, Region.US) == [(C.NIGHT_CONTACT, "night", date(2026, 11, 27), 1)]


def test_night_counts_only_their_contacts_and_in_the_us_only_agencies():
    night = at(SH, 2026, 11, 27, 23, 0)
    mine = call(night, direction=Direction.OUTBOUND)
    letter = call(night, channel=Channel.LETTER)
    assert found(sealed(mine, letter), Region.CN) == []
    assert found(sealed(call(at(NY, 2026, 11, 27, 22, 0), NY, party=Party.LENDER)), Region.US) == []
    visit = call(night, channel=Channel.VISIT, connected=None)
    assert [f[0] for f in found(sealed(visit), Region.CN)] == [C.NIGHT_CONTACT]


# --- China: per day -------------------------------------------------------------------------


def test_six_unanswered_attempts_a_day_are_allowed_seven_are_not():
    day = [call(at(SH, 2026, 11, 27, 9 + i, 0)) for i in range(6)]
    assert found(sealed(*day), Region.CN) == []
    # A seventh, from another number: the rule counts attempts to the user's number.
    seventh = call(at(SH, 2026, 11, 27, 18, 0))
    assert found(sealed(*day, seventh), Region.CN) == [
        (C.MANY_ATTEMPTS, "unanswered_per_day", date(2026, 11, 27), 7)]


def test_one_entry_may_stand_for_many_attempts():
    # 5 missed + a call of 3 attempts whose last connected = 5 + 2 unanswered = 7 > 6
    entries = sealed(call(at(SH, 2026, 11, 27, 9, 0), attempts=5),
                     call(at(SH, 2026, 11, 27, 12, 0), attempts=3, connected=True))
    assert found(entries, Region.CN) == [
        (C.MANY_ATTEMPTS, "unanswered_per_day", date(2026, 11, 27), 7)]


def test_attempts_are_counted_per_local_day():
    # 4 late on the 27th (before 22:00) and 4 on the 28th: never more than 6 on one day
    entries = sealed(call(at(SH, 2026, 11, 27, 21, 0), attempts=4),
                     call(at(SH, 2026, 11, 28, 9, 0), attempts=4))
    assert found(entries, Region.CN) == []


def test_more_than_three_connected_calls_a_day():
    three = [call(at(SH, 2026, 11, 27, 9 + i, 0), connected=True) for i in range(3)]
    assert found(sealed(*three), Region.CN) == []
    four = sealed(*three, call(at(SH, 2026, 11, 27, 15, 0), connected=True))
    assert found(four, Region.CN) == [
        (C.MANY_CALLS, "connected_per_day", date(2026, 11, 27), 4)]


def test_withdrawn_and_outbound_calls_dont_count():
    calls = [call(at(SH, 2026, 11, 27, 9, 0), attempts=7)]
    assert len(found(sealed(*calls), Region.CN)) == 1
    mine = call(at(SH, 2026, 11, 27, 9, 0), attempts=7, direction=Direction.OUTBOUND)
    assert found(sealed(mine), Region.CN) == []
    from dataclasses import replace
    gone = replace(sealed(*calls)[0], withdrawn=True, corrects="a" * 64)
    assert found([gone], Region.CN) == []


# --- US: 7 in 7 and after a conversation -------------------------------------------------------


def us_call(day: int, hour: int = 10, **kw: object) -> ContactEntry:
    return call(at(NY, 2026, 11, day, hour, 0), NY, **kw)  # type: ignore[arg-type]


def test_seven_calls_in_seven_days_are_allowed_the_eighth_is_not():
    week = [us_call(d) for d in range(1, 8)]  # Nov 1..7, one a day
    assert found(sealed(*week), Region.US) == []
    eighth = sealed(*week, us_call(7, 15))
    # Nov 1..7 now hold 8 calls
    assert found(eighth, Region.US) == [(C.CALL_FREQUENCY, "seven_in_seven", date(2026, 11, 7), 8)]


def test_the_seven_day_window_slides():
    # Nov 1..7 one a day, then one on Nov 8: the window Nov 2..8 holds 7 -> allowed
    calls = [us_call(d) for d in range(1, 9)]
    assert found(sealed(*calls), Region.US) == []
    # two on Nov 8 -> Nov 2..8 holds 8
    more = sealed(*calls, us_call(8, 16))
    assert found(more, Region.US) == [(C.CALL_FREQUENCY, "seven_in_seven", date(2026, 11, 8), 8)]


def test_a_call_within_seven_days_after_a_conversation():
    talk = us_call(2, connected=True)
    # Nov 2 is day 1 of the 7; Nov 8 is day 7 (still inside), Nov 9 is outside.
    assert found(sealed(talk, us_call(8)), Region.US) == [
        (C.CALL_FREQUENCY, "after_conversation", date(2026, 11, 8), 1)]
    assert found(sealed(talk, us_call(9)), Region.US) == []
    # the user calling them and talking counts as a conversation too
    mine = us_call(2, connected=True, direction=Direction.OUTBOUND)
    assert [f[1] for f in found(sealed(mine, us_call(3)), Region.US)] == ["after_conversation"]
    # a call earlier the same day, before the talk, doesn't count
    assert found(sealed(us_call(2, 9), us_call(2, 11, connected=True)), Region.US) == []


def test_us_counts_only_collection_agencies():
    lender = [us_call(d, party=Party.LENDER) for d in range(1, 8)] + [us_call(7, 15, party=Party.LENDER)]
    assert found(sealed(*lender), Region.US) == []


def test_other_regions_compute_nothing():
    entries = sealed(call(at(SH, 2026, 11, 27, 23, 0), attempts=20))
    assert found(entries, Region.OTHER) == []


def test_findings_name_the_entries_they_rest_on():
    entries = sealed(call(at(SH, 2026, 11, 27, 23, 0), attempts=7))
    fs = findings(entries, Region.CN)
    assert [(f.conduct, f.entries, f.sections) for f in fs] == [
        (C.MANY_ATTEMPTS, (entries[0].hash,), ("3.2c",)),
        (C.NIGHT_CONTACT, (entries[0].hash,), ("3.2c", "3.2a"))]
    assert fs[0].day == fs[1].day == date(2026, 11, 27)


def test_plain_strings_from_storage_are_accepted():
    assert [r.conduct for r in checks_for("cn", "agency", "visit").checks][-1] is C.IMPROPER_VISIT  # type: ignore[arg-type]
    assert rule_for("us", "call_frequency") is rule_for(Region.US, C.CALL_FREQUENCY)  # type: ignore[arg-type]
    assert is_night(time(23, 0), "cn") is True  # type: ignore[arg-type]


@pytest.mark.parametrize(("direction", "party", "collecting"), [
    (Direction.INBOUND, Party.LENDER, True),
    (Direction.INBOUND, Party.AGENCY, True),
    (Direction.OUTBOUND, Party.AGENCY, True),
    (Direction.OUTBOUND, Party.UNKNOWN, True),
    (Direction.OUTBOUND, Party.LENDER, False),  # the user calling customer service
])
def test_which_contacts_get_the_misconduct_checks(direction, party, collecting):
    assert call(datetime(2026, 1, 1, tzinfo=UTC), party=party, direction=direction).with_collector is collecting


@pytest.mark.parametrize(("region", "conduct", "key"), [
    (Region.CN, Conduct.FALSE_CLAIMS, "conduct.btn.false_claims"),  # 假黑名单, arrest, papers
    (Region.US, Conduct.FALSE_CLAIMS, "conduct.btn.false_claims_general"),
    (Region.OTHER, Conduct.MANY_CALLS, "conduct.btn.call_frequency"),  # no China call counts
    (Region.CN, Conduct.MANY_CALLS, "conduct.btn.many_calls"),
])
def test_the_words_of_a_check_follow_the_region(region, conduct, key):
    assert label_key(region, conduct) == key
