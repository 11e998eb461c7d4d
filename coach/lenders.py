"""Kinds of lender and a table of well-known Chinese credit products (data only).

The kind of lender decides which rate threshold applies (rules.md §0.2, §2):
licensed lenders (banks and card issuers, consumer-finance companies, microloan
companies, and the platforms that place their loans) are compared with the
regulators' 24% line (§2.4); private persons and unknown or unlicensed lenders
with 4 x LPR at the contract date (§2.1a, §2.2).

The table helps classify what the user typed. It names who operates a product
and, where known, the licensed lender behind it; names are proper nouns, and
``lender_kind`` is a code for who lends behind the platform (routing reads it):
``bank``, ``issuing_bank``, ``consumer_finance``, ``consumer_finance_or_funding_bank``,
``consumer_finance_and_partner_banks``, ``partner_lenders``,
``partner_lenders_and_own_microloan``, ``local_microloan``. It is **data, not advice**:
the coach never recommends a product. ``confidence`` uses the marks of rules.md
("V2": a reputable secondary source; "R": recalled public knowledge, to be checked
before it is shown as fact). The bot should say "usually" for "R" rows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["KNOWN_PLATFORMS", "KnownPlatform", "LenderType", "find_platform"]


class LenderType(StrEnum):
    """Who lent the money, as far as the thresholds are concerned."""

    CREDIT_CARD = "credit_card"  # a bank's credit card (rules.md §2.3)
    BANK_LOAN = "bank_loan"  # a bank's consumer loan, not a card (rules.md §2.4h)
    CONSUMER_FINANCE = "consumer_finance"  # a licensed consumer-finance company (§2.4)
    ONLINE_PLATFORM = "online_platform"  # an app placing loans of licensed lenders (§2.4c)
    MICROLOAN = "microloan"  # a (online) microloan company (§2.1j, §2.4f-g)
    PRIVATE = "private"  # a private person (§2.1)
    UNKNOWN = "unknown"  # unknown, possibly unlicensed (§2.1h)
    #: Stored before credit cards and bank loans were told apart (migration 0005 sorted
    #: what it could by name). Never offered as a choice: the bot asks "card or loan?".
    BANK_UNSPLIT = "bank_card"

    @classmethod
    def choices(cls) -> tuple[LenderType, ...]:
        """The types a user can pick, in the order the buttons show them."""
        return tuple(t for t in cls if t is not cls.BANK_UNSPLIT)

    @property
    def is_bank(self) -> bool:
        return self in (LenderType.CREDIT_CARD, LenderType.BANK_LOAN, LenderType.BANK_UNSPLIT)


@dataclass(frozen=True, slots=True)
class KnownPlatform:
    """One product or kind of lender, and who is behind it."""

    key: str
    names: tuple[str, ...]  # what users type; matched case- and width-insensitively
    lender_type: LenderType
    operator: str | None  # who runs the app or product (a proper name)
    lender: str | None  # the licensed lender behind it (a proper name), when one is known
    lender_kind: str | None  # a catalog code: "partner_lenders_and_own_microloan", ...
    reports_to_bureau: bool | None  # to the PBOC Credit Reference Center; None = unverified
    confidence: str
    source: str


KNOWN_PLATFORMS: tuple[KnownPlatform, ...] = (
    KnownPlatform(
        key="huabei",
        names=("花呗", "蚂蚁花呗", "huabei"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="蚂蚁集团 (Ant Group)",
        lender="重庆蚂蚁消费金融有限公司",
        lender_kind="consumer_finance_or_funding_bank",
        reports_to_bureau=True,
        confidence="V2",
        source="rules.md §0.2, §5e",
    ),
    KnownPlatform(
        key="jiebei",
        names=("借呗", "蚂蚁借呗", "jiebei"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="蚂蚁集团 (Ant Group)",
        lender="重庆蚂蚁消费金融有限公司",
        lender_kind="consumer_finance_and_partner_banks",
        reports_to_bureau=None,
        confidence="V2",
        source="rules.md §0.2 (lender); reporting unverified (rules.md §8)",
    ),
    KnownPlatform(
        key="weilidai",
        names=("微粒贷", "weilidai"),
        lender_type=LenderType.BANK_LOAN,
        operator="腾讯 (Tencent)",
        lender="深圳前海微众银行 (WeBank)",
        lender_kind="bank",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge; rules.md §8 lists its reporting as unverified",
    ),
    KnownPlatform(
        key="jd",
        names=("京东白条", "白条", "京东金条", "金条", "baitiao"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="京东科技 (JD Technology)",
        lender=None,
        lender_kind="partner_lenders_and_own_microloan",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge; rules.md §8 lists its reporting as unverified",
    ),
    KnownPlatform(
        key="meituan",
        names=("美团月付", "美团借钱", "美团生活费", "美团"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="美团 (Meituan)",
        lender=None,
        lender_kind="partner_lenders_and_own_microloan",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge",
    ),
    KnownPlatform(
        key="qifu_360",
        names=("360借条", "360借款", "奇富借条", "奇富"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="奇富科技 (Qifu Technology, formerly 360 DigiTech)",
        lender=None,
        lender_kind="partner_lenders_and_own_microloan",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge",
    ),
    KnownPlatform(
        key="duxiaoman",
        names=("度小满", "有钱花", "度小满有钱花"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="度小满 (Du Xiaoman Financial)",
        lender=None,
        lender_kind="partner_lenders_and_own_microloan",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge",
    ),
    KnownPlatform(
        key="fenqile",
        names=("分期乐", "乐信"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="乐信 (LexinFintech)",
        lender=None,
        lender_kind="partner_lenders",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge",
    ),
    KnownPlatform(
        key="douyin",
        names=("抖音月付", "放心借", "抖音放心借"),
        lender_type=LenderType.ONLINE_PLATFORM,
        operator="字节跳动 (ByteDance)",
        lender=None,
        lender_kind="partner_lenders_and_own_microloan",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge",
    ),
    KnownPlatform(
        key="zhaolian",
        names=("招联金融", "招联", "好期贷", "招联好期贷"),
        lender_type=LenderType.CONSUMER_FINANCE,
        operator="招联消费金融 (Merchants Union Consumer Finance)",
        lender="招联消费金融有限公司",
        lender_kind="consumer_finance",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge",
    ),
    KnownPlatform(
        key="mashang",
        names=("马上消费", "马上金融", "安逸花"),
        lender_type=LenderType.CONSUMER_FINANCE,
        operator="马上消费金融 (Mashang Consumer Finance)",
        lender="马上消费金融股份有限公司",
        lender_kind="consumer_finance",
        reports_to_bureau=None,
        confidence="R",
        source="public knowledge",
    ),
    KnownPlatform(
        key="credit_card",
        names=(
            "信用卡",
            "credit card",
            "creditcard",
            "visa",
            "mastercard",
            "amex",
            "american express",
            "discover",
            "银联",
        ),
        lender_type=LenderType.CREDIT_CARD,
        operator=None,
        lender=None,
        lender_kind="issuing_bank",
        reports_to_bureau=None,
        confidence="V1",
        source="rules.md §2.3 (card rules)",
    ),
    KnownPlatform(
        key="microloan",
        names=("小额贷款", "小贷公司", "网络小贷", "小贷"),
        lender_type=LenderType.MICROLOAN,
        operator=None,
        lender=None,
        lender_kind="local_microloan",
        reports_to_bureau=None,
        confidence="V1",
        source="rules.md §2.1j, §2.4f-g",
    ),
    KnownPlatform(
        key="private",
        names=("朋友", "亲戚", "同事", "家人", "friend", "family", "relative"),
        lender_type=LenderType.PRIVATE,
        operator=None,
        lender=None,
        lender_kind=None,
        reports_to_bureau=False,
        confidence="V1",
        source="rules.md §2.1",
    ),
)


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def find_platform(name: str) -> KnownPlatform | None:
    """The table row for what the user typed, or None.

    An exact name wins; otherwise the longest name contained in the text
    (``招商银行信用卡`` -> credit card, ``360借条`` -> Qifu, not a private IOU).
    """
    folded = _fold(name)
    if not folded:
        return None
    best: tuple[int, KnownPlatform] | None = None
    for platform in KNOWN_PLATFORMS:
        for alias in platform.names:
            key = _fold(alias)
            if key == folded:
                return platform
            if key in folded and (best is None or len(key) > best[0]):
                best = (len(key), platform)
    return best[1] if best else None
