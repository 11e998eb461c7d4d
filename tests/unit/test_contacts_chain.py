"""The contact log's value type, canonical form, hash chain, corrections and timeline."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.contact_chain import (
    GENESIS,
    canonical,
    compute_hash,
    correction,
    mask_numbers,
    seal,
    short_hash,
    timeline,
    verify_chain,
    withdrawal,
)
from coach.contacts import (
    Attachment,
    AttachmentKind,
    Channel,
    Conduct,
    Confirmation,
    ContactEntry,
    ContactError,
    Direction,
    NextStep,
    Outcome,
    OutcomeKind,
    Party,
    ThirdPartyContact,
)

SH = timezone(timedelta(hours=8))
RECEIVED = datetime(2026, 11, 27, 15, 31, tzinfo=UTC)


def entry(**kw: object) -> ContactEntry:
    base: dict[str, object] = {
        "debt_id": 1,
        "occurred_at": datetime(2026, 11, 27, 23, 30, tzinfo=SH),
        "tz": "Asia/Shanghai",
        "received_at": RECEIVED,
        "direction": Direction.INBOUND,
        "channel": Channel.CALL,
    }
    base.update(kw)
    return ContactEntry(**base)  # type: ignore[arg-type]


def chain(n: int) -> list[ContactEntry]:
    out: list[ContactEntry] = []
    for i in range(n):
        out.append(seal(entry(note=f"call {i}", occurred_at=datetime(2026, 11, 20 + i, 10, 0,
                                                                       tzinfo=SH)),
                        out[-1] if out else None))
    return out


# --- the canonical form ------------------------------------------------------------------


def test_the_canonical_form_is_sorted_compact_utf8_json_with_utc_times():
    e = seal(entry(note="催收说 明天上门", outcome=Outcome(OutcomeKind.PROMISE, Decimal("500.00"),
                                                       on=date(2026, 12, 1))), None)
    text = canonical(e).decode("utf-8")
    # 23:30 at UTC+8 is 15:30 UTC; 500.00 is written 500; no spaces; keys sorted; the
    # hash itself is not part of what is hashed.
    assert text == (
        '{"agency":"","agent":"","attachments":[],"attempts":1,"channel":"call",'
        '"connected":null,"corrects":"","debt_id":1,"direction":"inbound","flags":[],'
        '"follow_up":null,"next_note":"","next_step":"none","note":"催收说 明天上门",'
        '"occurred_at":"2026-11-27T15:30:00.000000Z",'
        '"outcome":{"amount":"500","confirmation":"oral","count":null,"kind":"promise",'
        '"on":"2026-12-01"},"party":"unknown","phone":"",'
        '"prev":"0000000000000000000000000000000000000000000000000000000000000000",'
        '"received_at":"2026-11-27T15:31:00.000000Z","seq":1,"third_party":null,'
        '"tz":"Asia/Shanghai","v":1,"withdrawn":false}'
    )
    assert e.hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert json.loads(text)["note"] == "催收说 明天上门"


@pytest.mark.parametrize(("a", "b"), [("500", "500.00"), ("1234.5", "1234.50"), ("0.1", "0.10")])
def test_decimals_hash_the_same_whatever_their_trailing_zeros(a, b):
    # The database gives back 500.00 for 500: the hash must not change on a round trip.
    one = entry(outcome=Outcome(OutcomeKind.PROMISE, Decimal(a), on=date(2026, 12, 1)))
    two = entry(outcome=Outcome(OutcomeKind.PROMISE, Decimal(b), on=date(2026, 12, 1)))
    assert compute_hash(one) == compute_hash(two)


def test_the_same_instant_in_another_offset_hashes_the_same():
    local = datetime(2026, 11, 27, 23, 30, tzinfo=SH)
    assert compute_hash(entry(occurred_at=local)) == compute_hash(
        entry(occurred_at=local.astimezone(UTC)))


# Every field of an entry, and a different value for it (nested ones too).
CHANGES: dict[str, object] = {
    "debt_id": 2,
    "occurred_at": datetime(2026, 11, 27, 23, 31, tzinfo=SH),
    "tz": "UTC+08:00",
    "received_at": RECEIVED + timedelta(microseconds=1),
    "direction": Direction.OUTBOUND,
    "channel": Channel.SMS,
    "party": Party.AGENCY,
    "agency": "某某催收",
    "agent": "工号 A17",
    "phone": "13800000000",
    "note": "x",
    "attempts": 2,
    "connected": True,
    "attachments": (Attachment(AttachmentKind.PHOTO, file_id="AgAD1"),),
    "outcome": Outcome(OutcomeKind.REFUSED),
    "next_step": NextStep.CALL_BACK,
    "next_note": "周五再打",
    "follow_up": date(2026, 12, 5),
    "flags": frozenset({Conduct.NIGHT_CONTACT}),
    "third_party": ThirdPartyContact("姐姐"),
    "corrects": "a" * 64,
    "withdrawn": True,
    "seq": 2,
    "prev_hash": "b" * 64,
}


def test_the_table_of_changes_covers_every_field():
    assert set(CHANGES) == {f.name for f in fields(ContactEntry)} - {"hash"}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_any_change_of_any_field_changes_the_hash(name):
    base = seal(entry(corrects="c" * 64), None)
    changed = replace(base, **{name: CHANGES[name]})
    assert compute_hash(changed) != base.hash


NESTED = [
    ("outcome", Outcome(OutcomeKind.PROMISE, Decimal("500"), on=date(2026, 12, 1)),
     {"amount": Decimal("500.01")}),
    ("outcome", Outcome(OutcomeKind.PROMISE, Decimal("500"), on=date(2026, 12, 1)),
     {"on": date(2026, 12, 2)}),
    ("outcome", Outcome(OutcomeKind.PROMISE, Decimal("500"), on=date(2026, 12, 1)),
     {"confirmation": Confirmation.WRITTEN}),
    ("outcome", Outcome(OutcomeKind.INSTALMENTS, Decimal("500"), count=12),
     {"count": 13}),
    ("outcome", Outcome(OutcomeKind.GRACE, on=date(2026, 12, 1)),
     {"kind": OutcomeKind.SETTLEMENT, "amount": Decimal("1")}),
    ("third_party", ThirdPartyContact("姐姐"), {"who": "哥哥"}),
    ("third_party", ThirdPartyContact("姐姐"), {"reachable": True}),
    ("third_party", ThirdPartyContact("姐姐"), {"debt_revealed": False}),
]


@pytest.mark.parametrize(("name", "value", "change"), NESTED)
def test_a_change_inside_a_nested_value_changes_the_hash(name, value, change):
    base = entry(**{name: value})
    assert compute_hash(replace(base, **{name: replace(value, **change)})) != compute_hash(base)


ATTACHMENT_CHANGES = {
    "kind": AttachmentKind.DOCUMENT,
    "file_id": "AgAD2",
    "file_unique_id": "u2",
    "text": "转发的短信",
    "sent_at": RECEIVED,
}


@pytest.mark.parametrize("name", sorted(ATTACHMENT_CHANGES))
def test_a_change_in_an_attachment_changes_the_hash(name):
    att = Attachment(AttachmentKind.PHOTO, file_id="AgAD1", file_unique_id="u1")
    base = entry(attachments=(att, Attachment(AttachmentKind.VOICE, file_id="AwAD")))
    changed = replace(base, attachments=(replace(att, **{name: ATTACHMENT_CHANGES[name]}),
                                         base.attachments[1]))
    assert set(ATTACHMENT_CHANGES) == {f.name for f in fields(Attachment)}
    assert compute_hash(changed) != compute_hash(base)
    # the order of attachments is part of the record too
    assert compute_hash(replace(base, attachments=base.attachments[::-1])) != compute_hash(base)


def test_the_short_hash_is_the_first_eight_hex_characters():
    e = seal(entry(), None)
    assert len(e.hash) == 64 and set(e.hash) <= set("0123456789abcdef")
    assert e.short_hash == short_hash(e.hash) == e.hash[:8]
    assert len(e.short_hash) == 8


# --- sealing and masking -----------------------------------------------------------------


def test_sealing_chains_each_entry_to_the_previous_one():
    first, second, third = chain(3)
    assert (first.seq, first.prev_hash) == (1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert (third.seq, third.prev_hash) == (3, second.hash)
    assert len({first.hash, second.hash, third.hash}) == 3


def test_an_unsealed_previous_entry_is_refused():
    with pytest.raises(ContactError) as err:
        seal(entry(), entry())
    assert err.value.params == {"field": "prev"}


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("卡号6222021234567890123，别说出去", "卡号**** 0123，别说出去"),
        ("身份证11010119900101123X", "身份证**** 123X"),
        ("来电13812345678说要上门", "来电13812345678说要上门"),  # the number that called is kept
        ("欠款15,000.00元", "欠款15,000.00元"),
        ("nul\x00char", "nulchar"),
        ("e\u0301", "é"),  # NFC
    ],
)
def test_free_text_is_masked_and_normalised_before_hashing(text, stored):
    e = seal(entry(note=text, next_note=text, agent=text, agency=text,
                   third_party=ThirdPartyContact(text),
                   attachments=(Attachment(AttachmentKind.FORWARDED, text=text),)), None)
    assert e.note == e.next_note == e.agent == e.agency == e.attachments[0].text == stored
    assert e.third_party is not None and e.third_party.who == stored
    assert mask_numbers(stored) == stored  # masking twice changes nothing
    assert compute_hash(e) == e.hash


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_note_seals_and_verifies(note):
    e = seal(entry(note=note), None)
    assert verify_chain([e]).ok
    assert json.loads(canonical(e))["note"] == e.note


# --- verification ------------------------------------------------------------------------


def test_an_intact_chain_verifies():
    entries = chain(4)
    check = verify_chain(entries, head=entries[-1].short_hash)
    assert check.ok and check.checked == 4 and check.problems == ()


def test_a_changed_entry_is_detected():
    entries = chain(4)
    entries[1] = replace(entries[1], note="I never said that")
    check = verify_chain(entries)
    assert not check.ok
    assert [(p.seq, p.kind) for p in check.problems] == [(2, "hash_mismatch")]


def test_a_changed_entry_with_a_recomputed_hash_breaks_the_next_link():
    entries = chain(4)
    forged = replace(entries[1], note="forged")
    entries[1] = replace(forged, hash=compute_hash(forged))
    assert [(p.seq, p.kind) for p in verify_chain(entries).problems] == [(3, "broken_link")]


def test_a_removed_entry_is_detected():
    entries = chain(4)
    del entries[1]
    kinds = [(p.seq, p.kind) for p in verify_chain(entries).problems]
    assert kinds == [(3, "broken_link"), (3, "seq_gap")]


def test_a_removed_first_entry_is_detected():
    entries = chain(3)[1:]
    assert [(p.seq, p.kind) for p in verify_chain(entries).problems] == [
        (2, "broken_link"), (2, "seq_gap")]


def test_swapped_entries_are_detected():
    entries = chain(3)
    entries[1], entries[2] = entries[2], entries[1]
    assert not verify_chain(entries).ok


def test_a_cut_off_end_is_detected_only_against_a_known_head():
    entries = chain(4)
    head = entries[-1].short_hash
    assert verify_chain(entries[:3]).ok  # the chain alone can't tell
    check = verify_chain(entries[:3], head=head)
    assert [(p.seq, p.kind) for p in check.problems] == [(3, "head_mismatch")]
    assert not verify_chain([], head=head).ok


# --- corrections and the timeline ----------------------------------------------------------


def test_a_correction_appends_and_the_timeline_shows_the_latest_version():
    a, b = chain(2)
    fix = seal(correction(a, RECEIVED + timedelta(hours=1), note="call 0, corrected"), b)
    assert fix.corrects == a.hash and fix.seq == 3 and fix.received_at > a.received_at
    assert verify_chain([a, b, fix]).ok
    items = timeline([a, b, fix])
    assert [(i.entry.note, i.root, i.versions) for i in items] == [
        ("call 1", b.hash, 1), ("call 0, corrected", a.hash, 2)]
    assert items[1].corrected and not items[0].corrected
    assert a.note == "call 0"  # history is never rewritten


def test_a_correction_of_a_correction_goes_back_to_the_original():
    (a,) = chain(1)
    fix1 = seal(correction(a, RECEIVED, note="v2"), a)
    fix2 = seal(correction(fix1, RECEIVED, note="v3"), fix1)
    assert fix2.corrects == fix1.hash
    (item,) = timeline([fix2, a, fix1])  # any order in
    assert (item.entry.note, item.root, item.versions) == ("v3", a.hash, 3)


def test_a_withdrawal_removes_the_contact_from_the_timeline_but_not_from_the_chain():
    a, b = chain(2)
    gone = seal(withdrawal(a, RECEIVED), b)
    assert gone.withdrawn and gone.corrects == a.hash
    assert [i.entry.note for i in timeline([a, b, gone])] == ["call 1"]
    assert verify_chain([a, b, gone]).ok
    back = seal(correction(gone, RECEIVED, note="restored"), gone)
    assert [i.entry.note for i in timeline([a, b, gone, back])] == ["call 1", "restored"]


def test_the_timeline_of_one_debt_follows_the_latest_version():
    a, b = chain(2)
    moved = seal(correction(a, RECEIVED, debt_id=7), b)
    assert [i.entry.note for i in timeline([a, b, moved], debt_id=1)] == ["call 1"]
    assert [i.entry.note for i in timeline([a, b, moved], debt_id=7)] == ["call 0"]


def test_chain_fields_cant_be_corrected():
    (a,) = chain(1)
    for name in ("seq", "hash", "prev_hash", "corrects"):
        with pytest.raises(ContactError):
            correction(a, RECEIVED, **{name: a.hash})
    with pytest.raises(ContactError):
        correction(entry(), RECEIVED)  # not sealed


# --- validation --------------------------------------------------------------------------

INVALID = [
    ({"occurred_at": datetime(2026, 11, 27, 23, 30)}, "occurred_at"),
    ({"received_at": datetime(2026, 11, 27, 23, 30)}, "received_at"),
    ({"debt_id": 0}, "debt_id"),
    ({"debt_id": True}, "debt_id"),
    ({"tz": ""}, "tz"),
    ({"tz": "Mars/Olympus"}, "tz"),
    ({"attempts": 0}, "attempts"),
    ({"direction": "sideways"}, "direction"),
    ({"flags": frozenset({"rude"})}, "flags"),
    ({"withdrawn": True}, "withdrawn"),
    ({"corrects": "xyz"}, "corrects"),
    ({"corrects": "A" * 64}, "corrects"),  # lowercase hex only
]


@pytest.mark.parametrize(("kw", "field"), INVALID)
def test_invalid_entries_are_refused_with_the_field(kw, field):
    with pytest.raises(ContactError) as err:
        entry(**kw)
    assert err.value.code == "contact.invalid" and err.value.params == {"field": field}


def test_too_long_text_is_refused_with_its_limit():
    with pytest.raises(ContactError) as err:
        entry(note="x" * 4001)
    assert err.value.code == "contact.too_long"
    assert err.value.params == {"field": "note", "limit": 4000}


OUTCOMES_INVALID = [
    ({"kind": OutcomeKind.GRACE}, "outcome.on"),
    ({"kind": OutcomeKind.INSTALMENTS, "amount": Decimal("100")}, "outcome.count"),
    ({"kind": OutcomeKind.PROMISE, "amount": Decimal("100")}, "outcome.on"),
    ({"kind": OutcomeKind.SETTLEMENT, "on": date(2026, 12, 1)}, "outcome.amount"),
    ({"kind": OutcomeKind.NONE, "amount": Decimal("1")}, "outcome.amount"),
    ({"kind": OutcomeKind.REFUSED, "on": date(2026, 12, 1)}, "outcome.on"),
    ({"kind": OutcomeKind.PROMISE, "amount": Decimal("0"), "on": date(2026, 12, 1)},
     "outcome.amount"),
    ({"kind": OutcomeKind.PROMISE, "amount": Decimal("1.001"), "on": date(2026, 12, 1)},
     "outcome.amount"),
    ({"kind": OutcomeKind.INSTALMENTS, "amount": Decimal("1"), "count": 0}, "outcome.count"),
]


@pytest.mark.parametrize(("kw", "field"), OUTCOMES_INVALID)
def test_outcomes_need_their_fields(kw, field):
    with pytest.raises(ContactError) as err:
        Outcome(**kw)  # type: ignore[arg-type]
    assert err.value.params == {"field": field}


def test_attachments_need_a_file_or_forwarded_text():
    with pytest.raises(ContactError):
        Attachment(AttachmentKind.PHOTO)
    with pytest.raises(ContactError):
        Attachment(AttachmentKind.FORWARDED)
    assert Attachment(AttachmentKind.FORWARDED, text="不还钱就上门").text


@settings(max_examples=200, deadline=None)
@given(attempts=st.integers(-3, 600), note=st.text(max_size=4100), agent=st.text(max_size=120),
       phone=st.text(max_size=50), tz=st.text(max_size=70), debt_id=st.integers(-2, 10**6))
def test_an_entry_is_either_refused_with_a_code_or_sealed(attempts, note, agent, phone, tz, debt_id):
    try:
        e = entry(attempts=attempts, note=note, agent=agent, phone=phone, tz=tz, debt_id=debt_id)
    except ContactError as err:
        assert err.code in ("contact.invalid", "contact.too_long") and "field" in err.params
        return
    sealed = seal(e, None)
    assert verify_chain([sealed]).ok
