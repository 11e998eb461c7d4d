"""coach.collection_text and coach.contact_time: what an account of a collector's contact shows."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.collection_text import (
    Channel,
    CollectionHints,
    Contact,
    ContactGroup,
    Flag,
    contact_group,
    mentions_collection,
    read_collection_text,
    tells_a_contact,
)
from coach.contact_time import read_contact_time
from coach.freetext import load_data, prepare

NOW = datetime(2026, 6, 15, 9, 30)  # a Monday morning, local time
TODAY = NOW.date()
YESTERDAY = TODAY - timedelta(days=1)

C, Ch, F = Contact, Channel, Flag


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute)


# (message, when, contacted, channels, flags)
MESSAGES = [
    ("催收昨晚11点半给我姐打电话，说要上门", at(YESTERDAY, 23, 30), {C.ELDER_SISTER}, {Ch.PHONE},
     {F.NIGHT, F.THIRD_PARTY, F.VISIT}),
    ("今天早上7点就打电话给我", at(TODAY, 7), {C.SELF}, {Ch.PHONE}, {F.NIGHT}),
    ("刚才又打来了，骂我是老赖", NOW, {C.SELF}, {Ch.PHONE}, {F.INSULT}),
    ("他们爆了我的通讯录，朋友都收到短信了", None, {C.CONTACTS, C.FRIEND}, {Ch.SMS},
     {F.MASS_CONTACTS, F.THIRD_PARTY}),
    ("催收给我妈打电话说不还就让我坐牢", None, {C.MOTHER}, {Ch.PHONE},
     {F.THIRD_PARTY, F.THREAT, F.FAKE_LEGAL}),
    ("有人冒充警察给我打电话说要抓我", None, {C.SELF}, {Ch.PHONE},
     {F.IMPERSONATION, F.FAKE_LEGAL}),
    ("自称是法院的，说已经立案了，给了我一个案件编号", None, set(), set(),
     {F.IMPERSONATION, F.FAKE_LEGAL}),
    ("收到一封律师函，说要起诉我", None, {C.SELF}, {Ch.LETTER}, {F.FAKE_LEGAL}),
    ("催收让我转到他个人账户，说可以减免", None, set(), set(), {F.PERSONAL_ACCOUNT}),
    ("说要另外交2000催收费才给我停催", None, set(), set(), {F.EXTRA_FEES}),
    ("催收让我去别的平台借钱还他们", None, set(), set(), {F.BORROW_TO_REPAY}),
    ("昨天下午三点他们来我家了，堵在门口", at(YESTERDAY, 15), {C.SELF}, {Ch.VISIT}, {F.VISIT}),
    ("凌晨2点发短信威胁我", at(TODAY, 2), {C.SELF}, {Ch.SMS}, {F.NIGHT, F.THREAT}),
    ("昨晚两点多还在打我电话", at(TODAY, 2), {C.SELF}, {Ch.PHONE}, {F.NIGHT}),
    ("打到我公司去了，领导都知道了", None, {C.WORKPLACE, C.BOSS}, {Ch.PHONE}, {F.THIRD_PARTY}),
    ("联系了我同事，还拉了个群", None, {C.COLLEAGUE}, set(), {F.THIRD_PARTY, F.MASS_CONTACTS}),
    ("微信上骂我，还发给我老婆", None, {C.SELF, C.WIFE}, {Ch.WECHAT}, {F.INSULT, F.THIRD_PARTY}),
    ("半夜打电话给我爸妈", None, {C.PARENTS}, {Ch.PHONE}, {F.NIGHT, F.THIRD_PARTY}),
    ("催收天天打电话，我不敢告诉我老婆", None, {C.SELF}, {Ch.PHONE}, set()),
    ("我妈打电话给我问怎么回事", None, {C.SELF}, {Ch.PHONE}, set()),  # my mother called me
    ("11点打的电话", at(YESTERDAY, 23), {C.SELF}, {Ch.PHONE}, set()),  # am/pm unclear: no night
    ("The collector called my sister last night at 10:40pm", at(YESTERDAY, 22, 40),
     {C.SISTER}, {Ch.PHONE}, {F.NIGHT, F.THIRD_PARTY}),
    ("They called me this morning 7am and swore at me", at(TODAY, 7), {C.SELF}, {Ch.PHONE},
     {F.NIGHT, F.INSULT}),
    ("they messaged all my contacts on wechat", None, {C.CONTACTS}, {Ch.WECHAT},
     {F.MASS_CONTACTS, F.THIRD_PARTY}),
    ("A guy claimed to be police and said there's a warrant for my arrest", None, set(), set(),
     {F.IMPERSONATION, F.FAKE_LEGAL}),
    ("they told me to pay to a personal account or else", None, set(), set(),
     {F.PERSONAL_ACCOUNT, F.THREAT}),
    ("collector told me to borrow from another app to pay them", None, set(), set(),
     {F.BORROW_TO_REPAY}),
    ("they came to my work yesterday and talked to my boss", None, {C.WORKPLACE, C.BOSS},
     {Ch.VISIT},
     {F.VISIT, F.THIRD_PARTY}),
    ("my mom got a call from them at midnight", at(TODAY, 0), {C.MOTHER}, {Ch.PHONE},
     {F.NIGHT, F.THIRD_PARTY}),
    ("they keep calling me, like 20 times a day", None, {C.SELF}, {Ch.PHONE}, set()),
    ("threatened to put me on a blacklist and added a $200 collection fee", None, set(), set(),
     {F.THREAT, F.FAKE_LEGAL, F.EXTRA_FEES}),
    ("今天晚上10点要上门", None, set(), set(), {F.VISIT}),  # a future visit: no contact time
]


@pytest.mark.parametrize(("text", "when", "contacted", "channels", "flags"), MESSAGES)
def test_collection_texts(text, when, contacted, channels, flags):
    hints = read_collection_text(text, NOW)
    assert hints.when == when
    assert hints.contacted == contacted
    assert hints.channels == channels
    assert hints.flags == flags


def test_the_brief_example_in_full():
    hints = read_collection_text("催收昨晚11点半给我姐打电话，说要上门", NOW)
    assert hints == CollectionHints(
        when=datetime(2026, 6, 14, 23, 30),
        contacted=frozenset({Contact.ELDER_SISTER}),
        channels=frozenset({Channel.PHONE}),
        flags=frozenset({Flag.NIGHT, Flag.THIRD_PARTY, Flag.VISIT}),
    )
    assert hints.groups == {ContactGroup.FAMILY}


def test_a_guessed_time_is_marked_and_never_flags_night():
    hints = read_collection_text("11点打的电话", NOW)
    assert hints.when_guessed
    assert Flag.NIGHT not in hints.flags


def test_the_time_keeps_the_callers_time_zone():
    tz = timezone(timedelta(hours=8))
    hints = read_collection_text("昨晚11点半打电话", NOW.replace(tzinfo=tz))
    assert hints.when == datetime(2026, 6, 14, 23, 30, tzinfo=tz)


CLOCKS = [
    # text, expected (day, hour, minute) or None, guessed
    ("昨晚11点半", (YESTERDAY, 23, 30), False),
    ("昨晚12点", (TODAY, 0, 0), False),  # the midnight that ended yesterday
    ("今天早上7点", (TODAY, 7, 0), False),
    ("昨天下午三点一刻", (YESTERDAY, 15, 15), False),
    ("前天晚上9点20分", (TODAY - timedelta(days=2), 21, 20), False),
    ("凌晨2点", (TODAY, 2, 0), False),
    ("23:15", (YESTERDAY, 23, 15), False),  # not yet 23:15 today
    ("8:05", (TODAY, 8, 5), True),  # 08:05 today is the latest past reading
    ("last night at 10:40pm", (YESTERDAY, 22, 40), False),
    ("this morning 7am", (TODAY, 7, 0), False),
    ("yesterday at 11 pm", (YESTERDAY, 23, 0), False),
    ("at midnight", (TODAY, 0, 0), False),
    ("they called at 3", (TODAY, 3, 0), True),
    ("刚才", (TODAY, 9, 30), False),
    ("just now", (TODAY, 9, 30), False),
    ("今天晚上10点", None, False),  # later today: not a contact that happened
    ("有一点钱", None, False),  # 一点 = "a little", not one o'clock
    ("催收要一点五万", None, False),
    ("", None, False),
]


@pytest.mark.parametrize(("text", "expected", "guessed"), CLOCKS)
def test_contact_times(text, expected, guessed):
    told = read_contact_time(prepare(text), NOW)
    assert told.when == (at(*expected) if expected else None)
    assert told.guessed is guessed


@pytest.mark.parametrize(
    "text",
    ["催收天天打电话", "collector called my sister", "debt collector", "they keep calling me",
     "threatening to sue", "他们爆了我的通讯录", "冒充警察说要抓我", "给我同事打电话了"],
)
def test_collection_is_recognised(text):
    assert mentions_collection(text)


@pytest.mark.parametrize(
    "text", ["花呗欠了8600", "I owe Amex 2300", "我妈打电话给我", "你好", "paid 200 to Visa"]
)
def test_other_texts_are_not_collection(text):
    assert not mentions_collection(text)


def test_every_contact_has_a_group():
    assert contact_group(Contact.ELDER_SISTER) is ContactGroup.FAMILY
    assert contact_group(Contact.BOSS) is ContactGroup.WORK
    assert {contact_group(c) for c in Contact} == set(ContactGroup)


_DATA = load_data("collection_cues.json")


@pytest.mark.parametrize("flag", sorted(_DATA["flags"]))
def test_each_flag_pattern_block_reads_its_examples(flag):
    block = _DATA["flags"][flag]
    assert block["examples"]
    for text in block["examples"]:
        assert Flag(flag) in read_collection_text(text, NOW).flags, text
    for text in block.get("non_examples", []):
        assert Flag(flag) not in read_collection_text(text, NOW).flags, text


def test_collection_words_read_their_examples():
    block = _DATA["collection_words"]
    assert all(mentions_collection(t) for t in block["examples"])
    assert not any(mentions_collection(t) for t in block["non_examples"])


@settings(max_examples=300)
@given(
    st.text(max_size=200)
    | st.lists(
        st.sampled_from(
            ["昨晚", "11点半", "十二点", "凌晨", "给我姐", "打电话", "我妈", "爆通讯录", "at 10:40pm",
             "last night", "25:99", "99点", "13pm", "midnight", "刚才", "冒充警察", "上门", " "]
        ),
        max_size=10,
    ).map("".join),
    st.datetimes(),
)
def test_read_collection_text_never_raises(text, now):
    hints = read_collection_text(text, now)
    assert hints.when is None or hints.when <= now


@pytest.mark.parametrize(("text", "told"), [
    ("借呗逾期了会坐牢吗", False), ("will i go to jail for this debt", False),
    ("催收说要起诉我", True), ("催收昨晚11点给我妈打电话说要上门", True),
    ("a collector called my sister", True), ("they texted me 20 times today", True),
])
def test_a_contact_to_log_is_told_not_asked_about(text, told):
    assert tells_a_contact(text) is told
