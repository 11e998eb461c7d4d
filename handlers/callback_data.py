"""Every button's callback data, built and parsed here (Telegram allows 64 bytes).

A button kind is a :class:`Cb`: a prefix and the shapes of its fields. ``Cb(...)(*values)``
builds the data (checking the 64-byte limit and that it parses back);
``Cb.parse(data)`` reads it back or returns None; ``Cb.pattern`` is what the handler is
registered with. Data that matches no pattern is an expired (or forged) button and gets
"this button has expired".

Ownership: data that names a stored object (a debt, a payment, a reminder) carries only
its id; the service looks it up *for the tapping user*, so another user's id, or a
forged one, finds nothing and changes nothing.

The strings are the ones earlier releases sent, so buttons already in users' chats keep
working (or expire cleanly where a step no longer exists).
"""

from __future__ import annotations

import re

__all__ = ["MAX_BYTES", "Cb"]

MAX_BYTES = 64

ID = r"\d{1,9}"  # a stored object's id
TOKEN = r"[0-9a-f]{1,16}"  # a draft's save-once token
WORD = r"[a-z_]{1,24}"


class Cb:
    """One kind of button: ``prefix`` then ``fields`` (regexes), joined with ``:``."""

    def __init__(self, prefix: str, *fields: str) -> None:
        self.prefix = prefix
        self.fields = fields
        body = "".join(f":({f})" for f in fields)
        self.pattern = re.compile(f"^{re.escape(prefix)}{body}$")

    def __call__(self, *values: object) -> str:
        if len(values) != len(self.fields):
            raise ValueError(f"{self.prefix}: {len(self.fields)} values expected")
        data = ":".join([self.prefix, *(str(v) for v in values)])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        if self.pattern.match(data) is None:
            raise ValueError(f"{data!r} does not match its own pattern {self.pattern.pattern}")
        return data

    def parse(self, data: str | None) -> tuple[str, ...] | None:
        """The field values, or None when ``data`` isn't this kind of button."""
        m = self.pattern.match(data or "")
        return m.groups() if m else None

    def value(self, data: str | None) -> str | None:
        """The first field's value (most buttons have one), or None."""
        parsed = self.parse(data)
        return parsed[0] if parsed else None

    def id(self, data: str | None) -> int | None:
        """The first field as an int (an object id), or None."""
        value = self.value(data)
        return int(value) if value is not None and value.isdigit() else None

    def matches(self, data: str | None) -> bool:
        return self.pattern.match(data or "") is not None


def either(*kinds: Cb) -> re.Pattern[str]:
    """One pattern for several button kinds (a step that takes any of them)."""
    return re.compile("|".join(f"(?:{k.pattern.pattern})" for k in kinds))


# --- /start (onboarding) ----------------------------------------------------------------
OB_CONSENT = Cb("ob:consent", "y|n")
OB_REGION = Cb("ob:region", "cn|us|other")
OB_TZ = Cb("ob:tz", r"[A-Za-z0-9_+\-/:]{1,40}")
OB_CURRENCY = Cb("ob:cur", "[A-Z]{3}|other")

# --- /settings and /language ------------------------------------------------------------
SET_MENU = Cb("set", "region|tz|cur|quiet|lang|consent|close")
SET_REGION = Cb("set:region", "cn|us|other")
SET_TZ = Cb("set:tz", r"[A-Za-z0-9_+\-/:]{1,40}")
SET_CURRENCY = Cb("set:cur", "[A-Z]{3}")
SET_QUIET = Cb("set:quiet", r"off|\d{1,4}-\d{1,4}")
SET_CONSENT = Cb("set:consent", "y|n")
LANGUAGE = Cb("lang", "zh_CN|en")

# --- /delete_me -------------------------------------------------------------------------
DELETE = Cb("del", "yes|no")

# --- every flow (handlers/conversation.py) ------------------------------------------------
FLOW_LEAVE = Cb("flow:leave", "y|n")  # a cancel word: leave and discard, or carry on

# --- free text and pasted bills (handlers/chat.py) ----------------------------------------
CHAT_ADD = Cb("chat:add")  # record the debt the message told (prefilled /adddebt)
CHAT_BILL = Cb("chat:bill", r"new|\d{1,9}")  # a pasted bill: a new debt, or update this one
CHAT_PAID = Cb("chat:paid")  # record the payment the message told (prefilled /paid)
CHAT_RIGHTS = Cb("chat:rights")  # what collectors may and may not do, by region

# --- /paid ------------------------------------------------------------------------------
PAY_FROM_CARD = Cb("pay", ID)
PAY_PICK = Cb("pay:pick", ID)
PAY_DAY = Cb("pay:day", "today|yesterday")
PAY_SAVE = Cb("pay:save", TOKEN)
PAY_CANCEL = Cb("pay:cancel")
PAY_OTHER = Cb("pay:other")
PAY_FROM_NUDGE = Cb("nu:p", ID)
PAY_START = Cb("pay:start")  # /paid from a button (the help menu)
PAY_RESUME = Cb("pay:resume")  # back to a payment put aside by another command
PAY_LATER = Cb("pay:later")  # a future date: remind me on that day

# --- /adddebt ---------------------------------------------------------------------------
AD_ANSWER = Cb("ad:c", r"[a-z_]{1,20}", WORD)  # (question, value): names its question
AD_PICK = Cb("ad:pick", r"\d")
AD_SAVE = Cb("ad:save", TOKEN)
AD_EDIT = Cb("ad:edit")
AD_CANCEL = Cb("ad:cancel")
AD_FIELD = Cb("ad:field", r"[a-z_]{1,20}")
AD_CONSENT = Cb("ad:consent")
AD_RESUME = Cb("ad:resume")  # back to a debt put aside by another command

# --- /debts and a debt's card -----------------------------------------------------------
DEBTS_LIST = Cb("debts:list")
DEBTS_ADD = Cb("debts:add")
DEBT_OPEN = Cb("debt", ID)
DEBT_EDIT = Cb("debt:edit", ID)
DEBT_DELETE = Cb("debt:del", ID)
DEBT_DELETE_OK = Cb("debt:delok", ID)
DEBT_AUTO = Cb("debt:auto", ID)
DEBT_AUTO_OFF = Cb("debt:autooff", ID)
DEBT_RIGHTS = Cb("debt:rights", ID)
DEBT_UNMUTE = Cb("debt:unmute", ID)
DEBT_KIND = Cb("debt:kind", ID, "credit_card|bank_loan")
DEBT_PAYMENTS = Cb("debt:pays", ID, r"\d{1,4}")  # a debt's payment history, page n
DEBTS_PAGE = Cb("debts:pg", r"\d{1,4}")  # /debts, page n
DEBT_CORRECT = Cb("debt:fix", ID, r"\d{8}")  # "I did pay this": a detected item's due date

# --- "I did pay this" (the correction of a detected missed payment) -----------------------
FIX_SAVE = Cb("fix:save", TOKEN)
FIX_DATE = Cb("fix:date")
FIX_DUE = Cb("fix:due")
FIX_CANCEL = Cb("fix:cancel")

# --- reminders' buttons (nudges) --------------------------------------------------------
NUDGE_SNOOZE = Cb("nu:s", ID, "h|d")
NUDGE_CANT = Cb("nu:c", ID)
NUDGE_MUTE = Cb("nu:m", ID)
NUDGE_CHECKIN = Cb("nu:ci", ID, "less|same|more")
NUDGE_PLAN = Cb("nu:plan")

# --- /reminders -------------------------------------------------------------------------
REM_MENU = Cb("rm", "hour|offsets|checkin|kinds")
REM_HOUR = Cb("rm:h", r"\d{1,2}")
REM_OFFSETS = Cb("rm:o", r"[0-9,]{1,12}")
REM_CHECKIN = Cb("rm:w", "[0-6]|off")
REM_CHECKIN_HOUR = Cb("rm:ch", r"\d{1,2}")
REM_KIND = Cb("rm:k", "due|overdue|checkin|review")
REM_PAGE = Cb("rm:pg", r"\d{1,4}")  # what's coming, page n

# --- /budget ----------------------------------------------------------------------------
BU_MENU = Cb("bu", "income|essentials|optionals|assets|margin|save|cancel")
BU_DONE = Cb("bu:done")
BU_CLEAR = Cb("bu:clear")
BU_CATEGORY = Cb("bu:cat", r"[a-z_]{1,20}")
BU_MARGIN = Cb("bu:m", r"\d{1,2}")

# --- /plan ------------------------------------------------------------------------------
PLAN_STRATEGY = Cb("plan:s", "overdue_first|avalanche|snowball")
PLAN_COMPARE = Cb("plan:cmp")
PLAN_CHART = Cb("plan:chart")
PLAN_WHAT_IF = Cb("plan:wi", "m|l", r"\d{1,7}")
PLAN_WHATIF_ASK = Cb("plan:wia", "m|l")
PLAN_EXPLAIN = Cb("plan:why")

# --- /check -----------------------------------------------------------------------------
CHK_FORM = Cb("chk:form", "inst|rate|single")
CHK_COUNT = Cb("chk:n", r"[0-9]{1,3}")
CHK_DAYS = Cb("chk:d", r"[0-9]{1,4}")
CHK_NO_UPFRONT = Cb("chk:fee", "up")
CHK_NO_MONTHLY_FEE = Cb("chk:fee", "mo")
CHK_LENDER = Cb("chk:lt", WORD)

# --- /negotiate -------------------------------------------------------------------------
NEG_DEBT = Cb("ng", ID)  # prepare a call for this debt (/plan's agenda, reminders, cards)
NEG_PICK = Cb("ng:pick", ID)
NEG_ASK = Cb("ng:ask", r"\d")
NEG_HARDSHIP = Cb("ng:h", "job_loss|illness|income_cut|other")

# --- /log -------------------------------------------------------------------------------
HASH = r"[0-9a-f]{12}"  # a logged entry: the start of its hash (looked up for the user)
LOG_FROM_SCRIPT = Cb("lg:s", ID, WORD)  # (debt, the script's ask)
LOG_FROM_DEBT = Cb("lg:d", ID)
LOG_FROM_TEXT = Cb("lg:t", TOKEN)
LOG_FROM_NUDGE = Cb("nu:l", ID)
LOG_EDIT = Cb("lg:e", HASH)
LOG_PICK = Cb("lg:pick", ID)
LOG_WHEN = Cb("lg:w", "now|earlier")
LOG_DIRECTION = Cb("lg:dir", "inbound|outbound")
LOG_CHANNEL = Cb("lg:ch", "call|sms|app_chat|wechat|letter|visit|email")
LOG_CALLS = Cb("lg:calls", "answered|missed")
LOG_PARTY = Cb("lg:who", "lender|agency|unknown")
LOG_SKIP = Cb("lg:skip", "one|rest")
LOG_NOTE_DONE = Cb("lg:note")
LOG_OUTCOME = Cb("lg:out", WORD)
LOG_FIGURE_SKIP = Cb("lg:fig")
LOG_WRITTEN = Cb("lg:wr", "oral|written")
LOG_NEXT = Cb("lg:next", WORD)
LOG_FOLLOW = Cb("lg:fu", r"\d{1,2}|none")
LOG_FLAG = Cb("lg:flag", WORD)
LOG_FLAGS_DONE = Cb("lg:flags")
LOG_THIRD = Cb("lg:tp", "yes|no|unknown")
LOG_SAVE = Cb("lg:save", TOKEN)
LOG_CHANGE = Cb("lg:chg")
LOG_FIELD = Cb("lg:f", "when|channel|who|note|outcome|next|flags")
LOG_CANCEL = Cb("lg:cancel")

# --- /contacts, rights and complaints ---------------------------------------------------
CT_DEBT = Cb("ct", ID)
CT_PAGE = Cb("ct:p", ID, r"\d{1,4}")
CT_OPEN = Cb("ct:o", HASH)
CT_DELETE = Cb("ct:del", HASH)
CT_DELETE_OK = Cb("ct:delok", HASH)
CT_RIGHTS = Cb("ct:r", ID, "0|1")  # (debt, the user can't find the lender's licence)
CT_COMPLAINT = Cb("ct:c", ID, "0|1")
