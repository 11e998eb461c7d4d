"""The complaint draft from the contact log: structure, rules cited, plain-text rendering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.i18n import LANGS, t
from coach.complaint_draft import build_complaint, draft_lines, render_plain
from coach.conduct import Region
from coach.contact_chain import seal, withdrawal
from coach.contacts import (
    Attachment,
    AttachmentKind,
    Channel,
    Conduct,
    ContactEntry,
    Direction,
    Party,
    ThirdPartyContact,
)
from coach.lenders import LenderType
from coach.timezones import zone

C = Conduct
SH = "Asia/Shanghai"
RECEIVED = datetime(2026, 12, 1, tzinfo=UTC)


def at(*args: int, tz: str = SH) -> datetime:
    return datetime(*args, tzinfo=zone(tz))


def draft(**kw: object) -> ContactEntry:
    base: dict[str, object] = {
        "debt_id": 1, "occurred_at": at(2026, 11, 27, 10, 0), "tz": SH, "received_at": RECEIVED,
        "direction": Direction.INBOUND, "channel": Channel.CALL, "party": Party.AGENCY,
    }
    base.update(kw)
    return ContactEntry(**base)  # type: ignore[arg-type]


def log(*drafts: ContactEntry) -> list[ContactEntry]:
    out: list[ContactEntry] = []
    for d in drafts:
        out.append(seal(d, out[-1] if out else None))
    return out


def fake_t(code: str, params) -> str:
    return code + ("" if not params else " " + repr(sorted(params.items())))


ENTRIES = log(
    # 23:30 call: night (computed) and a threat (flagged), from an agency
    draft(occurred_at=at(2026, 11, 27, 23, 30), agency="某某催收", agent="A17",
          phone="0571-12345678", note="不还就上门", flags=frozenset({C.THREATS}),
          attachments=(Attachment(AttachmentKind.VOICE, file_id="AwAD"),)),
    # a daytime SMS with nothing wrong: not in the draft
    draft(occurred_at=at(2026, 11, 28, 10, 0), channel=Channel.SMS),
    # they called the user's sister while the user could be reached
    draft(occurred_at=at(2026, 11, 28, 11, 0), flags=frozenset({C.THIRD_PARTY}),
          third_party=ThirdPartyContact("姐姐", reachable=True, debt_revealed=True)),
    # a third-party contact the rules allow: unreachable and the debt not mentioned
    draft(occurred_at=at(2026, 11, 28, 12, 0), flags=frozenset({C.THIRD_PARTY}),
          third_party=ThirdPartyContact("同事", reachable=False, debt_revealed=False)),
)


def build(entries=ENTRIES, region=Region.CN, **kw):
    return build_complaint(entries, region=region, lender="某某银行", lender_type=LenderType.CREDIT_CARD,
                           last4="1234", **kw)


def test_the_draft_lists_each_contact_that_broke_a_rule_oldest_first():
    d = build()
    assert [(ev.entry.hash, [b.conduct for b in ev.breaches]) for ev in d.events] == [
        (ENTRIES[0].hash, [C.NIGHT_CONTACT, C.THREATS]),
        (ENTRIES[2].hash, [C.THIRD_PARTY])]
    night, threat = d.events[0].breaches
    assert night.finding is not None and night.finding.reason == "night"
    assert (night.key, night.sections, night.mark) == (
        "complaint.breach.cn.night_contact", ("3.2c", "3.2a"), "V2")
    assert threat.finding is None and threat.key == "complaint.breach.cn.threats"
    assert d.events[0].at == at(2026, 11, 27, 23, 30)  # local time
    assert d.conducts == {C.NIGHT_CONTACT, C.THREATS, C.THIRD_PARTY}
    # threats put the police first; the card's bank goes to 12378; harassment to 12321
    assert [s.route.value for s in d.routes] == ["police_110", "lender", "nfra_12378", "isc_12321"]


def test_a_withdrawn_contact_leaves_the_draft():
    entries = [*ENTRIES, seal(withdrawal(ENTRIES[0], RECEIVED), ENTRIES[-1])]
    d = build(entries)
    assert [ev.entry.hash for ev in d.events] == [ENTRIES[2].hash]


def test_computed_counts_attach_to_the_last_call_of_the_day():
    entries = log(draft(occurred_at=at(2026, 11, 27, 9, 0), attempts=4),
                  draft(occurred_at=at(2026, 11, 27, 15, 0), attempts=3))
    (ev,) = build(entries).events
    assert ev.entry.hash == entries[1].hash
    (b,) = ev.breaches
    assert (b.conduct, b.finding.reason, b.finding.count) == (C.MANY_ATTEMPTS, "unanswered_per_day", 7)


def test_other_regions_name_the_conduct_without_a_rule():
    d = build(region=Region.OTHER)
    assert all(b.key is None and b.sections == () for ev in d.events for b in ev.breaches)
    assert [ev.entry.hash for ev in d.events] == [ENTRIES[0].hash, ENTRIES[2].hash]
    assert [b.conduct for b in d.events[0].breaches] == [C.THREATS]  # no night rule there


def test_draft_lines_in_order():
    lines = draft_lines(build())
    codes = [(depth, ln.code) for depth, ln in lines]
    assert codes == [
        (0, "complaint.draft.title_account"),
        (0, "complaint.draft.intro"),
        (0, "complaint.draft.inbound.call"),
        (1, "complaint.draft.agency"),
        (1, "complaint.draft.agent"),
        (1, "complaint.draft.phone"),
        (1, "complaint.draft.said"),
        (1, "complaint.draft.flag"),
        (1, "complaint.breach.cn.night_contact"),
        (1, "complaint.draft.flag"),
        (1, "complaint.breach.cn.threats"),
        (1, "complaint.draft.evidence"),
        (0, "complaint.draft.inbound.call"),
        (1, "complaint.draft.third_party"),
        (1, "complaint.draft.tp_reachable"),
        (1, "complaint.draft.tp_revealed"),
        (1, "complaint.draft.flag"),
        (1, "complaint.breach.cn.third_party"),
        (1, "complaint.draft.record"),
        (0, "complaint.draft.request"),
        (0, "complaint.draft.closing"),
    ]
    head = lines[2][1]
    assert dict(head.params) == {"n": 1, "at": at(2026, 11, 27, 23, 30),
                                 "who_label": "complaint.who.agency"}
    assert dict(lines[11][1].params) == {"count": 1, "entry": ENTRIES[0].short_hash}


def test_render_plain_resolves_labels_and_indents():
    text = render_plain(draft_lines(build()), fake_t)
    rows = text.split("\n")
    assert rows[0].startswith("complaint.draft.title_account [('last4', '1234')")
    assert rows[2].startswith("complaint.draft.inbound.call [('at', ")
    assert "('who_label', 'complaint.who.agency')" in rows[2]  # fake_t of the label code
    assert rows[3].startswith("   complaint.draft.agency")
    assert rows[-1] == "complaint.draft.closing"


def _fmt(params):
    out = {}
    for k, v in params.items():
        out[k] = v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else v
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("region", list(Region))
def test_the_draft_renders_from_both_catalogs(lang, region):
    entries = log(*(draft(occurred_at=at(2026, 11, 27, 8 + i, 0), channel=ch, direction=dr,
                          flags=frozenset(C), agency="X", agent="Y", phone="Z", note="n",
                          third_party=ThirdPartyContact("w", True, True), attempts=2)
                    for i, (dr, ch) in enumerate((d, c) for d in Direction for c in Channel)))
    d = build_complaint(entries, region=region, lender="L", lender_type=LenderType.UNKNOWN)
    text = render_plain(draft_lines(d), lambda code, p: t(lang, code, **_fmt(p)))
    assert "complaint." not in text and "conduct." not in text  # every key exists
    assert "{" not in text


def test_a_call_to_the_mother_read_from_the_text_is_never_written_as_a_call_to_me():
    entries = log(draft(occurred_at=at(2026, 11, 27, 23, 0), flags=frozenset({C.THIRD_PARTY}),
                        third_party=ThirdPartyContact("mother")))
    lines = [ln for _, ln in draft_lines(build(entries))]
    codes = [ln.code for ln in lines]
    assert "complaint.draft.inbound.others" in codes and "complaint.draft.inbound.call" not in codes
    person = next(ln for ln in lines if ln.code == "complaint.draft.third_party_person")
    assert dict(person.params)["who_label"] == "complaint.person.mother"
    for lang in LANGS:
        def render(c, p, lang=lang):
            return t(lang, c, **{k: (t(lang, v) if k.endswith("_label") else v)
                                 for k, v in p.items()})
        text = render_plain(draft_lines(build(entries)), render)
        assert ("我的母亲" in text) if lang == "zh_CN" else ("my mother" in text)


def test_when_the_user_was_called_too_the_call_is_to_me_and_the_mother_is_named():
    entries = log(draft(flags=frozenset({C.THIRD_PARTY}),
                        third_party=ThirdPartyContact("mother,self")))
    codes = [ln.code for _, ln in draft_lines(build(entries))]
    assert "complaint.draft.inbound.call" in codes and "complaint.draft.inbound.others" not in codes
