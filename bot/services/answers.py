"""The last answer given to a flow, so an edited message can be read again.

People fix a typo by editing the message they sent (Telegram's ``edited_message``). An
edit is applied only to the **last answer of the open flow**: each flow service, before
it applies an answer, keeps a :class:`LastAnswer` (which flow, which step, the message
that answered, for a tap ``None``, and the flow's draft as it was before). Re-reading
puts that draft back and answers the same step with the edited text; any other edit is
not applied (the bot says so). One record per user: only one flow is open at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from bot.services.drafts import Drafts

__all__ = ["LastAnswer", "forget", "recall", "remember"]


@dataclass(frozen=True, slots=True)
class LastAnswer:
    """``flow``: the conversation's name; ``step``: the state answered (``"start"`` for a
    one-line command); ``message_id``: the user's message (None: a tap); ``before``: the
    flow's draft (``to_dict``) before this answer, None when there was none."""

    KIND: ClassVar[str] = "last_answer"

    flow: str
    step: str
    message_id: int | None = None
    before: dict[str, Any] | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        return {"flow": self.flow, "step": self.step, "message_id": self.message_id,
                "before": self.before}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LastAnswer:
        message_id = data.get("message_id")
        before = data.get("before")
        return cls(str(data["flow"]), str(data["step"]),
                   int(message_id) if message_id is not None else None,
                   dict(before) if isinstance(before, dict) else None)

    def answers(self, message_id: int) -> bool:
        """Whether an edit of ``message_id`` is an edit of this answer."""
        return self.message_id is not None and self.message_id == message_id


async def remember(drafts: Drafts, user_id: int, answer: LastAnswer) -> None:
    await drafts.save(user_id, answer)


async def recall(drafts: Drafts, user_id: int) -> LastAnswer | None:
    return await drafts.load(user_id, LastAnswer)


async def forget(drafts: Drafts, user_id: int) -> None:
    await drafts.clear(user_id, LastAnswer)
