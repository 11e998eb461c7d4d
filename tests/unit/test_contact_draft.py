"""The /log draft: which question comes next, what a prefill skips, and storage round trips."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.collection_text import Flag
from coach.contact_chain import seal
from coach.contact_draft import (
    THIRD_PARTY_QUESTIONS,
    ContactDraft,
    detail_fields,
    from_entry,
    hint_conducts,
    next_question,
)
from coach.contacts import (
    Attachment,
    AttachmentKind,
    Channel,
    Conduct,
    Confirmation,
    ContactError,
    Direction,
    NextStep,
    OutcomeKind,
    Party,
)

SH = timezone(timedelta(hours=8))
AT = datetime(2026, 11, 27, 23, 30, tzinfo=SH)
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
BASE = ContactDraft("t", debt_id=1, occurred_at=AT, tz="Asia/Shanghai",
                    direction=Direction.INBOUND, channel=Channel.CALL)
CN = THIRD_PARTY_QUESTIONS["cn"]


def _filled(d: ContactDraft) -> ContactDraft:
    return d.with_(party=Party.AGENCY, outcome=OutcomeKind.NONE,
                   next_step=NextStep.NONE).answered("calls", "agency", "agent", "phone", "note")


@pytest.mark.parametrize(("draft", "checks", "expected"), [
    (ContactDraft("t"), True, "debt"),
    (ContactDraft("t", debt_id=1), True, "when"),
    (replace(BASE, channel=None), True, "channel"),
    (BASE, True, "calls"),  # an inbound call: answered, missed or how many
    (BASE.answered("calls"), True, "who"),
    (BASE.answered("calls").with_(party=Party.AGENCY), True, "details"),
    (BASE.answered("calls", "agency", "agent", "phone").with_(party=Party.AGENCY), True, "note"),
    (_filled(BASE).with_(outcome=None), True, "outcome"),
    (_filled(BASE).with_(outcome=OutcomeKind.PROMISE), True, "figure"),
    (_filled(BASE).with_(outcome=OutcomeKind.PROMISE, amount=Decimal(300), on=date(2026, 12, 5))
     .answered("amount", "by"), True, "written"),
    (_filled(BASE).with_(next_step=None), True, "next"),
    (_filled(BASE).with_(next_step=NextStep.CALL_BACK), True, "follow"),
    (_filled(BASE), True, "conduct"),
    (_filled(BASE), False, "confirm"),  # no checks offered (a US lender's own call)
    (_filled(BASE).with_(flags=frozenset({Conduct.THIRD_PARTY})).answered("conduct"), True,
     "third"),
    (_filled(BASE).with_(flags=frozenset({Conduct.THIRD_PARTY}))
     .answered("conduct", "reachable", "revealed"), True, "confirm"),
])
def test_the_next_question_is_the_first_unanswered(draft, checks, expected):
    assert next_question(draft, checks=checks, third=CN) == expected


def test_the_users_own_call_to_the_lender_gets_no_misconduct_checks():
    own = _filled(BASE).with_(direction=Direction.OUTBOUND, party=Party.LENDER)
    assert next_question(own, checks=True, third=CN) == "confirm"


def test_third_party_questions_follow_the_region():
    d = _filled(BASE).with_(flags=frozenset({Conduct.THIRD_PARTY})).answered("conduct")
    assert next_question(d, checks=True, third=THIRD_PARTY_QUESTIONS["us"]) == "third"
    assert next_question(d.answered("revealed"), checks=True,
                         third=THIRD_PARTY_QUESTIONS["us"]) == "confirm"  # US: no "reachable"
    assert next_question(d, checks=True, third=THIRD_PARTY_QUESTIONS["other"]) == "confirm"


def test_the_number_is_asked_only_for_a_call_or_text_they_sent():
    assert detail_fields(Party.AGENCY, Direction.INBOUND, Channel.CALL) == ("agency", "agent",
                                                                           "phone")
    assert detail_fields(Party.LENDER, Direction.OUTBOUND, Channel.CALL) == ("agent",)
    assert detail_fields(Party.UNKNOWN, Direction.INBOUND, Channel.VISIT) == ("agent",)


def test_free_text_flags_propose_conduct_but_a_threatened_visit_proposes_nothing():
    assert hint_conducts({Flag.NIGHT, Flag.INSULT, Flag.THREAT, Flag.VISIT, Flag.EXTRA_FEES}) == {
        Conduct.NIGHT_CONTACT, Conduct.THREATS, Conduct.PERSONAL_ACCOUNT}


FULL = _filled(BASE).with_(
    agency="某某催收", agent="A17", phone="0571-123", note="说要上门", attempts=3, connected=False,
    attachments=(Attachment(AttachmentKind.PHOTO, "ph1", "u1"),
                 Attachment(AttachmentKind.FORWARDED, text="逾期将上门", sent_at=NOW)),
    outcome=OutcomeKind.INSTALMENTS, count=12, amount=Decimal("450.50"),
    confirmation=Confirmation.WRITTEN, next_step=NextStep.CALL_BACK, follow_up=date(2026, 12, 1),
    flags=frozenset({Conduct.THIRD_PARTY, Conduct.NIGHT_CONTACT}), reachable=True,
    revealed=None, ask="instalments",
).answered("schedule", "follow", "conduct", "reachable", "revealed")


def test_a_draft_survives_storage_and_makes_its_entry():
    back = ContactDraft.from_dict(FULL.to_dict())
    assert back == FULL  # (occurred_at comes back in UTC: the same instant)
    entry = back.entry(NOW)
    assert entry.outcome.count == 12 and entry.outcome.amount == Decimal("450.50")
    assert entry.third_party is not None and entry.third_party.reachable is True
    assert entry.follow_up == date(2026, 12, 1)
    # Editing a sealed entry starts from every answer as logged.
    sealed = seal(entry, None)
    again = from_entry(sealed, "t2")
    assert next_question(again, checks=True, third=CN) == "confirm"
    assert again.entry(NOW).note == sealed.note and again.corrects == sealed.hash


def test_no_follow_up_without_a_next_step_and_a_missing_answer_is_refused():
    d = FULL.with_(next_step=NextStep.NONE)
    assert d.entry(NOW).follow_up is None
    with pytest.raises(ContactError):
        FULL.with_(channel=None).entry(NOW)
    with pytest.raises(ContactError):
        FULL.with_(outcome=OutcomeKind.PROMISE, on=None).entry(NOW)  # a promise needs its date


@given(st.dictionaries(st.sampled_from(["token", "debt_id", "note", "asked", "flags", "attempts",
                                        "outcome", "amount", "occurred_at"]),
                       st.one_of(st.none(), st.text(max_size=8), st.integers(-5, 5))))
def test_a_stored_draft_that_no_longer_reads_raises_a_value_or_type_error(data):
    # The draft store deletes what no longer reads (bot/services/drafts.py) on exactly these.
    try:
        ContactDraft.from_dict(data)
    except (KeyError, TypeError, ValueError, ArithmeticError):
        pass
